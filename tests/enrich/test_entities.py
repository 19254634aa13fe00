"""Entity linking across English, Chinese characters (both scripts) and pinyin."""

import pytest

from chinabrief.enrich.entities import Gazetteer, entry_from_dict


def found(gazetteer, text: str) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.entity_id) for m in gazetteer.mentions(text)]


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("Xi Jinping chaired the meeting", "xi-jinping"),
        ("习近平主持会议", "xi-jinping"),
        ("習近平主持會議", "xi-jinping"),
        ("Former foreign minister Qin Gang has not been seen", "qin-gang"),
        ("秦刚已被免职", "qin-gang"),
        ("The Ministry of State Security warned of spies", "mss"),
        ("国家安全部发布提示", "mss"),
        ("the MSS said", "mss"),
        ("央行宣布降准", "pboc"),
        ("President Lai Ching-te spoke in Taipei", "lai-ching-te"),
        ("賴清德發表談話", "lai-ching-te"),
        ("Coast guard ships near Second Thomas Shoal", "second-thomas-shoal"),
        ("仁爱礁附近海域", "second-thomas-shoal"),
        ("the Belt and Road Initiative turns ten", "belt-and-road-initiative"),
        ("一帶一路倡議十周年", "belt-and-road-initiative"),
    ],
)
def test_names_in_every_script_link_to_one_entity(gazetteer, text: str, entity: str) -> None:
    assert entity in {e for _, e in found(gazetteer, text)}


def test_longest_match_wins(gazetteer) -> None:
    hits = found(gazetteer, "The People's Bank of China cut rates; 中国人民银行宣布")
    assert ("People's Bank of China", "pboc") in hits and ("中国人民银行", "pboc") in hits
    assert all(name not in ("China", "中国") for name, _ in hits)


def test_a_bare_surname_needs_the_full_name_first(gazetteer) -> None:
    assert found(gazetteer, "Li said the plan was sound.") == []
    hits = found(gazetteer, "Premier Li Qiang spoke. Later, Li said the plan was sound.")
    assert [e for _, e in hits].count("li-qiang") == 2
    # Two people of one surname: the bare surname is left alone.
    hits = found(gazetteer, "Li Qiang met Li Shangfu, and Li said nothing.")
    assert [name for name, _ in hits if name == "Li"] == []
    # ... and the gazetteer's few stand-alone surnames stand alone.
    assert ("Xi", "xi-jinping") in found(gazetteer, "Xi told the meeting to hold firm.")


def test_capitals_carry_meaning(gazetteer) -> None:
    assert [e for _, e in found(gazetteer, "the mss of the apple pie")] == []
    assert {e for _, e in found(gazetteer, "Apple and the MSS")} >= {"apple", "mss"}
    assert found(gazetteer, "USD-denominated") == []


def test_lookup_by_any_name(gazetteer) -> None:
    assert [e.id for e in gazetteer.lookup("王毅")] == ["wang-yi"]
    assert [e.id for e in gazetteer.lookup("wang yi")] == ["wang-yi"]
    assert gazetteer.lookup("nobody at all") == []


def test_shared_names_follow_the_item() -> None:
    g = Gazetteer([entry_from_dict(r) for r in [
        {"id": "zhang-jun-a", "type": "person", "name": "Zhang Jun", "country": "CN"},
        {"id": "zhang-jun-b", "type": "person", "name": "Zhang Jun", "aliases": ["Ambassador Zhang Jun"],
         "country": "CN"},
    ]])
    text = "Ambassador Zhang Jun spoke at the UN. Zhang Jun later left."
    assert {e for _, e in found(g, text)} == {"zhang-jun-b"}


def test_unknown_names_are_found_by_their_cues(enricher) -> None:
    result = enricher.enrich("Talks", "Deputy minister Hao Wenjun said the plan was fair. "
                                      "Officials at Qingyuan Semiconductor Co. agreed.", None)
    unknown = {(e.name, e.type) for e in result.entities if not e.known}
    assert ("Hao Wenjun", "person") in unknown
    assert any(t == "org" and "Qingyuan Semiconductor" in n for n, t in unknown)
    zh = enricher.enrich("会谈", "商务部副部长郝文俊表示，青远半导体有限公司将配合调查。", None)
    assert ("郝文俊", "person") in {(e.name, e.type) for e in zh.entities if not e.known}


def test_english_cues_are_read_in_english_text_only(enricher) -> None:
    """"Said", "minister", ", a spokesperson for": in German or Spanish text they find noise."""
    german = enricher.enrich("Gespräche", "Zhang Wenbin sagte am Montag in Berlin, die Gespräche mit der "
                                         "Regierung seien offen und konstruktiv gewesen.", None)
    assert german.language == "de"
    assert not [e for e in german.entities if not e.known]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("以总统访华为契机，双方签署多项协议", False),  # 访华 为: a visit to China, then "as"
        ("两国关系升华为全面战略伙伴关系", False),  # 升华 为: raised to
        ("华为发布新款手机", True),
        ("美国对华为实施新的出口管制", True),
        ("華為公布年報", True),
    ],
)
def test_a_phrase_that_holds_a_short_name_does_not_name_it(gazetteer, text: str, named: bool) -> None:
    assert ("huawei" in {e for _, e in found(gazetteer, text)}) is named


def test_an_entity_keeps_the_forms_the_text_wrote_it_in(enricher) -> None:
    """Exports name the canonical entity and, beside it, what the report actually wrote."""
    found = enricher.enrich("Alibaba shares jump", "Alibaba Group Holding said 阿里巴巴 grew.", None).entities
    alibaba = next(e for e in found if e.id == "alibaba")
    assert alibaba.name == "Alibaba Group" and alibaba.forms == ["Alibaba", "Alibaba Group Holding", "阿里巴巴"]


def test_every_entity_says_where_the_text_names_it(enricher) -> None:
    """Spans count from the headline's start, as figures do, and hold the text as written."""
    headline, text = "Alibaba shares jump", "Alibaba Group Holding said 阿里巴巴 grew; Zhang Wei, a professor, agreed."
    full = f"{headline}\n\n{text}"
    entities = enricher.enrich(headline, text, None).entities
    assert {e.name for e in entities if not e.known} == {"Zhang Wei"}
    for entity in entities:
        assert len(entity.spans) == entity.mentions
        assert all(full[s.start:s.end] == s.text for s in entity.spans)
    alibaba = next(e for e in entities if e.id == "alibaba")
    assert [s.text for s in alibaba.spans] == ["Alibaba", "Alibaba Group Holding", "阿里巴巴"]


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("He asked for the information on Monday.", None),
        ("The Information reported the deal first.", "the-information"),
        ("Japan's Ministry of Foreign Affairs protested.", None),
        ("The House Foreign Affairs Committee met.", None),
        ("Writing in Foreign Affairs, the scholar argued otherwise.", "foreign-affairs"),
        ("Daniel Kurtz-Phelan, editor of Foreign Affairs, said so.", "foreign-affairs"),
    ],
)
def test_an_outlet_named_in_ordinary_words_is_named_only_as_written(gazetteer, text: str, outlet: str | None) -> None:
    media = {e for _, e in found(gazetteer, text)} & {"the-information", "foreign-affairs"}
    assert media == ({outlet} if outlet else set())


@pytest.mark.parametrize(
    ("text", "names", "not_names"),
    [
        # A short Chinese name counts only as one of jieba's words.
        ("出售给地中海航运公司组成的财团。", {"地中海航运公司"}, {"HNA Group"}),
        # An organisation takes in the place before it; the place is not named apart there.
        ("巴拿马最高法院裁定合同违宪。", {"巴拿马最高法院"}, {"Panama"}),
        ("中国全国港澳研究会顾问谭耀宗受访时说，立法会要谨慎。", {"中国全国港澳研究会", "Tam Yiu-chung"},
         {"China", "顾问"}),
        # Foreign names: after a title, and around the interpunct.
        ("巴拿马总统穆利诺称，巴拿马拥有完全主权。", {"穆利诺", "Panama"}, set()),
        ("加拿大总督玛丽·西蒙表示，加方重视双边关系。", {"玛丽·西蒙", "Canada"}, set()),
        # A name found by its title is the same name when it comes back without it.
        ("商人刘英抵达机场。刘英表示，免签政策将带来便利。", {"刘英"}, set()),
        ("Wingtech cited the ruling of the Amsterdam Court of Appeal on Friday.", {"Amsterdam Court of Appeal"},
         {"Amsterdam"}),
        ("The loss was 9 billion yuan (US$1.3 billion).", set(), {"United States"}),
    ],
)
def test_names_as_a_reader_bounds_them(enricher, text: str, names: set[str], not_names: set[str]) -> None:
    found = {e.name for e in enricher.enrich("Headline", text, None).entities}
    assert names <= found and not (not_names & found), found


@pytest.mark.parametrize(("text", "who"), [
    ("斯塔默的国家安全顾问鲍威尔将访华。", "jonathan-powell"),  # in a Starmer story, not the Fed chair
    ("美联储主席鲍威尔表示将维持利率不变。", "jerome-powell"),
    ("鲍威尔表示将维持利率不变。", None),  # no one to tell them apart: no one
])
def test_a_shared_bare_name_follows_the_items_other_names(gazetteer, text: str, who: str | None) -> None:
    people = [m.entity_id for m in gazetteer.mentions(text) if m.entity_id.endswith("powell")]
    assert people == ([who] if who else [])
