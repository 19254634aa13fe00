from chinabrief.sources.text import text_to_blocks


def test_hard_wrapped_paragraphs_are_joined_and_lines_kept() -> None:
    text = (
        "China Sets Its Target\n"
        "The government work report delivered on Tuesday kept the growth goal at\n"
        "around 5%, the same as last year.\n"
        "Source: Reuters, March 5, 2024\n"
    )
    blocks = text_to_blocks(text)
    assert [b.text for b in blocks] == [
        "China Sets Its Target",
        "The government work report delivered on Tuesday kept the growth goal at around 5%, the same as last year.",
        "Source: Reuters, March 5, 2024",
    ]


def test_markdown_structure() -> None:
    md = (
        "# The Brief\n\n*An intro line.*\n\n---\n\n## First Story\n\n**What Happened:** Something.\n\n"
        "> A quoted line\n\n- a [link](https://example.org/a)\n\nSetext Title\n============\n"
    )
    blocks = text_to_blocks(md, markdown=True)
    kinds = [(b.kind, b.level, b.text) for b in blocks]
    assert kinds[:4] == [("heading", 1, "The Brief"), ("para", 0, "An intro line."), ("rule", 0, "---"),
                         ("heading", 2, "First Story")]
    assert ("para", 0, "What Happened: Something.") in kinds
    assert ("quote", 0, "A quoted line") in kinds
    assert blocks[-2].href == "https://example.org/a"
    assert (blocks[-1].kind, blocks[-1].text) == ("heading", "Setext Title")
