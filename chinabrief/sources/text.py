"""Plain text and Markdown lowered to blocks.

Each non-blank line is a block, except that hard-wrapped paragraphs (e-mail's 72 columns)
are joined back, so that a paragraph is one block whatever the sender's line width was.
"""

from __future__ import annotations

import re

from chinabrief.models import Block

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_RULE = re.compile(r"^\s*(?:[-*_=~#•·—–－＝═━─┄┈◆◇■□●○★☆※]\s*){2,}$")
_MD_LIST = re.compile(r"^\s*[-*+•·]\s+(.*)$")
_MD_QUOTE = re.compile(r"^\s*>\s?(.*)$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\((\S+?)(?:\s+\"[^\"]*\")?\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?=\S)|(?<![\w_])_(?=\S))(.+?)\1")
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
#: A hard-wrapped line is at least this long; shorter lines end where the writer ended them.
WRAP_MIN = 60
_ENDS_SENTENCE = re.compile(r"[.!?。！？:：…\"”)）]$")


def _strip_markdown(line: str) -> tuple[str, str | None, str | None]:
    href = link_text = None
    match = _MD_LINK.search(line)
    if match:
        href, link_text = match.group(2), match.group(1) or None
    line = _MD_LINK.sub(lambda m: m.group(1) if m.group(1) else m.group(2), line)
    line = _MD_EMPHASIS.sub(r"\2", line)
    return line.strip(), href, link_text


def _is_wrapped(previous: str, line: str) -> bool:
    return len(previous) >= WRAP_MIN and not _ENDS_SENTENCE.search(previous) and line[:1].islower()


def text_to_blocks(text: str, markdown: bool = False) -> list[Block]:
    blocks: list[Block] = []
    joinable = False
    for raw in text.split("\n"):
        line = raw.rstrip()
        if not line.strip():
            joinable = False
            continue
        if markdown:
            block = _markdown_block(line, blocks, underlines=joinable)
            if block is None:
                continue
        else:
            block = _plain_block(line)
        if joinable and block.kind == "para" and blocks and blocks[-1].kind == "para" \
                and _is_wrapped(blocks[-1].text, block.text):
            blocks[-1].text += " " + block.text
        else:
            blocks.append(block)
        joinable = block.kind == "para"
    return blocks


def _plain_block(line: str) -> Block:
    """Plain text still borrows two Markdown habits: ``### Headline`` and ``* * *`` rules."""
    if _MD_RULE.match(line):
        return Block(text=line.strip(), kind="rule")
    if match := _MD_HEADING.match(line):
        return Block(text=" ".join(match.group(2).split()), kind="heading", level=len(match.group(1)))
    return Block(text=" ".join(line.split()))


def _markdown_block(line: str, blocks: list[Block], underlines: bool) -> Block | None:
    if underlines and _SETEXT.match(line) and blocks and blocks[-1].kind == "para":
        blocks[-1].kind, blocks[-1].level = "heading", 1 if "=" in line else 2
        return None
    if _MD_RULE.match(line):
        return Block(text=line.strip(), kind="rule")
    kind, level = "para", 0
    if match := _MD_HEADING.match(line):
        kind, level, line = "heading", len(match.group(1)), match.group(2)
    elif match := _MD_QUOTE.match(line):
        kind, line = "quote", match.group(1)
    elif match := _MD_LIST.match(line):
        kind, line = "list", match.group(1)
    text, href, link_text = _strip_markdown(line)
    if not text:
        return None
    return Block(text=" ".join(text.split()), kind=kind, level=level, href=href, link_text=link_text)
