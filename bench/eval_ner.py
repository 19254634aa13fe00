"""Named-entity quality on CoNLL-2003 (English) and MSRA (Chinese), beside published systems.

chinabrief finds names with a curated China-watch gazetteer plus cue rules, not a trained
tagger, so on CoNLL's 1996 Reuters sports and markets pages it trails statistical NER by a
wide margin; the figures are printed so the gap is known, not hidden. Scores are exact span
and type, micro-averaged (conlleval's convention): person -> PER, place -> LOC, org -> ORG,
programme -> MISC. Sentences are read one at a time, as the datasets give them.

    python bench/eval_ner.py [--data ../shared/datasets] [--limit N]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from chinabrief.enrich.enricher import Enricher

DEFAULT = Path(__file__).parents[1] / ".." / "shared" / "datasets"
TYPES = {"person": "PER", "place": "LOC", "org": "ORG", "programme": "MISC"}
MSRA = {"nr": "PER", "ns": "LOC", "nt": "ORG"}
PUBLISHED = {
    "conll": "best CoNLL-2003 system 88.8 F1 (Florian et al.); BERT-large 92.8; LUKE 94.3 (papers, not re-run)",
    "msra": "Lattice LSTM 93.18 F1 (Zhang & Yang 2018); BERT-style models about 95 (papers, not re-run)",
}

Span = tuple[int, int, str]


def conll_sentences(path: Path) -> list[tuple[str, set[Span]]]:
    sentences, tokens, tags = [], [], []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if tokens:
                sentences.append(_conll_sentence(tokens, tags))
            tokens, tags = [], []
            continue
        parts = line.split()
        tokens.append(parts[0])
        tags.append(parts[-1])
    return sentences


def _conll_sentence(tokens: list[str], tags: list[str]) -> tuple[str, set[Span]]:
    text, offsets = "", []
    for token in tokens:
        offsets.append(len(text) + (1 if text else 0))
        text = f"{text} {token}" if text else token
    gold: set[Span] = set()
    start, kind = None, None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and not (tag.startswith("I-") and tag[2:] == kind):
            end = offsets[i - 1] + len(tokens[i - 1])
            gold.add((start, end, kind))
            start, kind = None, None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, kind = offsets[i], tag[2:]
    return text, gold


def msra_sentences(path: Path) -> list[tuple[str, set[Span]]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text, gold = "", set()
        for chunk in line.split():
            word, _, tag = chunk.rpartition("/")
            if tag in MSRA:
                gold.add((len(text), len(text) + len(word), MSRA[tag]))
            text += word
        if text:
            out.append((text, gold))
    return out


def predict(enricher: Enricher, text: str, language: str) -> set[Span]:
    mentions, found = enricher.names(text, language)
    spans = {(m.start, m.end, TYPES[enricher.gazetteer.entries[m.entity_id].type]) for m in mentions}
    spans |= {(start, end, TYPES[kind]) for start, end, _, kind in found}
    return spans


def score(pairs: list[tuple[set[Span], set[Span]]], kinds: tuple[str, ...]) -> dict[str, tuple[float, float, float]]:
    counts: dict[str, Counter[str]] = {k: Counter() for k in (*kinds, "all")}
    for gold, pred in pairs:
        for kind in kinds:
            g = {s for s in gold if s[2] == kind}
            p = {s for s in pred if s[2] == kind}
            for bucket in (kind, "all"):
                counts[bucket]["tp"] += len(g & p)
                counts[bucket]["fp"] += len(p - g)
                counts[bucket]["fn"] += len(g - p)
    out = {}
    for kind, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        out[kind] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


def run(name: str, sentences: list[tuple[str, set[Span]]], language: str, kinds: tuple[str, ...],
        enricher: Enricher) -> None:
    started = time.perf_counter()
    pairs = [(gold, predict(enricher, text, language)) for text, gold in sentences]
    seconds = time.perf_counter() - started
    print(f"\n{name}: {len(sentences)} sentences, {sum(len(g) for _, g in sentences)} gold entities, "
          f"{len(sentences) / seconds:.0f} sentences/s")
    print(f"{'type':<8}{'precision':>10}{'recall':>9}{'F1':>8}")
    for kind, (p, r, f) in score(pairs, kinds).items():
        print(f"{kind:<8}{p * 100:>10.1f}{r * 100:>9.1f}{f * 100:>8.1f}")
    print("published:", PUBLISHED[name.split()[0]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=0, help="sentences per set (0: all)")
    args = parser.parse_args()
    enricher = Enricher()
    conll = args.data / "conll2003-eng-test" / "eng.testb"
    msra = args.data / "msra-ner-test" / "msra_test_gold.txt"
    if not conll.is_file() and not msra.is_file():
        print(f"skipped: no CoNLL-2003 or MSRA data under {args.data}")
        return
    print(f"chinabrief gazetteer + cue rules ({len(enricher.gazetteer)} gazetteer entries)")
    if conll.is_file():
        sentences = conll_sentences(conll)[: args.limit or None]
        run("conll (eng.testb, PER/LOC/ORG; MISC apart)", sentences, "en", ("PER", "LOC", "ORG"), enricher)
    else:
        print("skipped CoNLL-2003: not found")
    if msra.is_file():
        run("msra (test, PER/LOC/ORG)", msra_sentences(msra)[: args.limit or None], "zh", ("PER", "LOC", "ORG"),
            enricher)
    else:
        print("skipped MSRA: not found")


if __name__ == "__main__":
    main()
