"""Scores chinabrief's reading against the hand-annotated real material in
``tests/fixtures/annotated/`` (see its README): entities, figures and quotes of articles;
items and boilerplate of pages and mail. Shared by the quality gate
(``tests/enrich/test_annotated_gate.py``) and the report (``bench/eval_enrich.py``).

Matching rules, chosen to score what a reader would call right:
- an entity is right when its type matches and one of the ways the text wrote it is one of
  the annotated forms (case and surrounding spaces aside);
- a figure or a quote is found when its span overlaps the annotated text's span;
- a speaker is right when the name given (or one of the forms its entity has in the item)
  is the annotated speaker, one holding the other, or shares half its words;
- an item is found when its headline is the annotated one (spacing and case aside) or its text
  holds the annotated phrases; a boilerplate line leaks when any item's text holds it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).parent / "fixtures" / "annotated"
TYPES = ("person", "org", "place")
#: A found name held in an annotated one (or holding it) counts when it is at least this share
#: of the longer: the same entity written with or without a country prefix.
NAME_SHARE = 0.6


@dataclass
class Tally:
    """One field's counts: annotations found (recall), predictions that are right (precision)."""

    found: int = 0
    right: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, found: int, right: int, predicted: int, gold: int) -> None:
        self.found, self.right = self.found + found, self.right + right
        self.predicted, self.gold = self.predicted + predicted, self.gold + gold

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    entities: dict[str, Tally] = field(default_factory=lambda: {t: Tally() for t in ("all", *TYPES)})
    figures: Tally = field(default_factory=Tally)
    quotes: Tally = field(default_factory=Tally)
    speakers_right: int = 0
    official_right: int = 0
    kind_right: int = 0
    items: Tally = field(default_factory=Tally)
    boilerplate_lines: int = 0
    boilerplate_leaked: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_right / self.quotes.found if self.quotes.found else 1.0

    @property
    def leaked(self) -> float:
        return self.boilerplate_leaked / self.boilerplate_lines if self.boilerplate_lines else 0.0


def articles(folder: Path = FOLDER) -> list[tuple[str, dict[str, Any]]]:
    return [(p.name, json.loads(p.read_text("utf-8"))) for p in sorted(folder.glob("*.json"))
            if p.name.startswith(("en-", "zh-"))]


def pages(folder: Path = FOLDER) -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for p in sorted(folder.glob("*.json")):
        if p.name.startswith(("page-", "mail-")):
            gold = json.loads(p.read_text("utf-8"))
            out.append((folder / gold["file"], gold))
    return out


def norm(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip().casefold()
    return re.sub(r"^the ", "", text)


def score_article(name: str, gold: dict[str, Any], record: dict[str, Any], scores: Scores) -> None:
    """Add one article's comparison of ``record`` (an enriched item's export) to ``scores``."""
    full = f"{gold['headline']}\n\n{gold['text']}"
    _score_entities(name, gold, record, scores)
    _score_figures(name, gold, record, full, scores)
    _score_quotes(name, gold, record, full, scores)


def _score_entities(name: str, gold: dict[str, Any], record: dict[str, Any], scores: Scores) -> None:
    predicted = [(e["type"], {norm(f) for f in e.get("forms") or [e["name"]]})
                 for e in record["entities"] if e["type"] in TYPES]
    wanted = [(g["type"], {norm(f) for f in g.get("forms") or [g["name"]]}, g["name"]) for g in gold["entities"]]
    for kind in ("all", *TYPES):
        pred = [p for p in predicted if kind in ("all", p[0])]
        want = [w for w in wanted if kind in ("all", w[0])]
        used: set[int] = set()
        tp = 0
        for w_type, w_forms, w_name in want:
            hit = next((i for i, (p_type, p_forms) in enumerate(pred)
                        if i not in used and p_type == w_type and _same_name(p_forms, w_forms)), None)
            if hit is None:
                if kind == "all":
                    scores.misses.append(f"{name}: entity missed {w_type} {w_name}")
                continue
            used.add(hit)
            tp += 1
        if kind == "all":
            scores.misses.extend(f"{name}: entity extra {pred[i][0]} {sorted(pred[i][1])[0]}"
                                 for i in range(len(pred)) if i not in used)
        scores.entities[kind].add(tp, tp, len(pred), len(want))


def _same_name(found: set[str], wanted: set[str]) -> bool:
    """One of the forms is an annotated form, or holds one (or is held by one) that is most of
    it: 国务院港澳事务办公室 for 中国国务院港澳事务办公室, "Ministry of Commerce" for "China's
    Ministry of Commerce"; "Court" for "Amsterdam Court of Appeal" is not enough."""
    if found & wanted:
        return True
    return any((a in b or b in a) and min(len(a), len(b)) >= NAME_SHARE * max(len(a), len(b))
               for a in found for b in wanted)


def _occurrences(full: str, texts: list[str]) -> list[tuple[int, int] | None]:
    """Where each annotated text stands: the n-th annotation of a text is its n-th occurrence."""
    seen: Counter[str] = Counter()
    out: list[tuple[int, int] | None] = []
    for text in texts:
        at, n = -1, seen[text]
        for _ in range(n + 1):
            at = full.find(text, at + 1)
            if at < 0:
                break
        if at < 0:
            at = full.find(text)
        seen[text] += 1
        out.append((at, at + len(text)) if at >= 0 else None)
    return out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _score_figures(name: str, gold: dict[str, Any], record: dict[str, Any], full: str, scores: Scores) -> None:
    spans = [s for s in _occurrences(full, [g["text"] for g in gold["figures"]]) if s]
    every = [(m.start(), m.end()) for g in gold["figures"] for m in re.finditer(re.escape(g["text"]), full)]
    predicted = [(f["start"], f["end"]) for f in record["figures"]]
    found = sum(1 for s in spans if any(_overlaps(s, p) for p in predicted))
    right = sum(1 for p in predicted if any(_overlaps(p, s) for s in every))
    scores.misses.extend(f"{name}: figure missed {full[s[0]:s[1]]!r}" for s in spans
                         if not any(_overlaps(s, p) for p in predicted))
    scores.misses.extend(f"{name}: figure extra {full[p[0]:p[1]]!r}" for p in predicted
                         if not any(_overlaps(p, s) for s in every))
    scores.figures.add(found, right, len(predicted), len(spans))


def _score_quotes(name: str, gold: dict[str, Any], record: dict[str, Any], full: str, scores: Scores) -> None:
    # A headline's "X says …" is the desk's paraphrase, not speech: neither side counts it.
    body = len(gold["headline"]) + 2
    located = zip(gold["quotes"], _occurrences(full, [g["text"] for g in gold["quotes"]]), strict=True)
    wanted = [(q, s) for q, s in located if s is None or s[0] >= body]
    gold = {**gold, "quotes": [q for q, _ in wanted]}
    spans = [s for _, s in wanted]
    predicted = [q for q in record["quotes"] if q["start"] >= body]
    forms = {e["id"]: {norm(f) for f in e.get("forms") or ()} | {norm(e["name"])} for e in record["entities"]}
    used: set[int] = set()
    for quote, span in zip(gold["quotes"], spans, strict=True):
        if span is None:
            continue
        best = max(((i, _overlaps(span, (q["start"], q["end"]))) for i, q in enumerate(predicted) if i not in used),
                   key=lambda pair: pair[1], default=(None, 0))
        if best[0] is None or best[1] == 0:
            scores.misses.append(f"{name}: quote missed ({quote['kind']}, {quote['speaker']}) "
                                 f"{quote['text'][:50]!r}")
            continue
        used.add(best[0])
        found = predicted[best[0]]
        scores.quotes.found += 1
        if same_speaker(quote.get("speaker"), found, forms):
            scores.speakers_right += 1
        else:
            scores.misses.append(f"{name}: speaker {found.get('speaker')!r} should be {quote.get('speaker')!r} "
                                 f"for {quote['text'][:40]!r}")
        scores.official_right += bool(found.get("official_prc")) == bool(quote.get("official_prc"))
        scores.kind_right += found.get("kind", "direct") == quote["kind"]
    every = [s for s in spans if s]
    right = sum(1 for q in predicted if any(_overlaps((q["start"], q["end"]), s) for s in every))
    scores.quotes.add(0, right, len(predicted), len(gold["quotes"]))
    scores.misses.extend(f"{name}: quote extra ({q.get('speaker')}) {q['text'][:50]!r}"
                         for i, q in enumerate(predicted) if i not in used)


def same_speaker(wanted: str | None, found: dict[str, Any], forms: dict[str, set[str]]) -> bool:
    said = found.get("speaker")
    if not wanted or not said:
        return not wanted and not said
    names = {norm(said)} | forms.get(found.get("speaker_id") or "", set())
    target = norm(wanted)
    for candidate in names:
        if not candidate:
            continue
        if candidate == target or (min(len(candidate), len(target)) >= 2 and (candidate in target
                                                                              or target in candidate)):
            return True
        a, b = set(candidate.split()), set(target.split())
        if len(a & b) * 2 >= max(len(a), len(b)) and a & b:
            return True
    return False


def score_page(name: str, gold: dict[str, Any], items: list[dict[str, Any]], scores: Scores) -> None:
    """Add one page's or mail's items and boilerplate to ``scores``; ``items`` are the records
    chinabrief read from the file."""
    used: set[int] = set()
    tp = 0
    for wanted in gold["items"]:
        hit = next((i for i, item in enumerate(items) if i not in used and _same_item(wanted, item)), None)
        if hit is None:
            scores.misses.append(f"{name}: item missed {wanted['headline'][:60]!r}")
            continue
        used.add(hit)
        tp += 1
    scores.misses.extend(f"{name}: item extra {items[i]['headline'][:60]!r}" for i in range(len(items))
                         if i not in used)
    scores.items.add(tp, tp, len(items), len(gold["items"]))
    texts = [norm(item["text"]) + " " + norm(item["headline"]) for item in items]
    for line in gold["boilerplate"]:
        scores.boilerplate_lines += 1
        if any(norm(line) in text for text in texts):
            scores.boilerplate_leaked += 1
            scores.misses.append(f"{name}: boilerplate leaked {line[:60]!r}")


def _same_item(wanted: dict[str, Any], item: dict[str, Any]) -> bool:
    if norm(wanted["headline"]) == norm(item["headline"]):
        return True
    text = norm(item["text"])
    phrases = [norm(p) for p in wanted.get("must_contain") or ()]
    return bool(phrases) and sum(p in text for p in phrases) * 2 > len(phrases) and \
        norm(wanted["headline"])[:30] in norm(item["headline"]) + " " + text[:400]


def evaluate(folder: Path = FOLDER) -> Scores:
    """Read every annotated file as a user's chinabrief would and score it."""
    from chinabrief.enrich.enricher import Enricher
    from chinabrief.enrich.outlets import load_outlets
    from chinabrief.models import Item
    from chinabrief.sources import files
    from chinabrief.sources.digest import split_document

    scores = Scores()
    enricher = Enricher()
    for name, gold in articles(folder):
        item = enricher(Item(document=name, headline=gold["headline"], text=gold["text"]))
        score_article(name, gold, item.to_record(), scores)
    catalogue = load_outlets()
    for path, gold in pages(folder):
        items = [item.to_record() for doc in files.load(str(path), 50 * 2**20)
                 for item in split_document(doc, catalogue).items]
        score_page(path.name, gold, items, scores)
    return scores
