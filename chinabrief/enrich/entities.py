"""Entities named in an item, linked to the gazetteer across English, Chinese and pinyin.

The gazetteer (``data/entities/*.json``, the outlet catalogue, and what a user added to the
archive) is compiled into two Aho-Corasick automatons and every item is scanned once:

* a folded one, over the text in simplified characters and lower case, for names and
  Chinese aliases (习近平 and 習近平, "Xi Jinping" and "XI JINPING");
* an exact one for acronyms and bare surnames, whose case is their meaning ("MSS", not
  "mss"; "Xi", not "xi").

Overlapping matches resolve leftmost-longest, so "People's Bank of China" is not also
"China". A bare surname ("Li", "Wang") counts only where the item already named that person
in full, unless the gazetteer marks it as standing alone ("Xi", "Putin").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from chinabrief.enrich.chinese import has_cjk, to_simplified
from chinabrief.enrich.lexicon import alternation, lexicon
from chinabrief.models import Mention

TYPES = ("person", "org", "place", "programme")
#: Countries whose people are written surname first ("Li Qiang", "Kim Jong Un", "Lai Ching-te").
SURNAME_FIRST = {"CN", "HK", "MO", "TW", "KP", "KR", "VN", "SG"}
#: Courtesy and office titles that may stand before a bare surname ("Premier Li", "Mr Wang").
_TITLES = alternation(lexicon().person_titles)


@dataclass(frozen=True, slots=True)
class Position:
    title: str
    org: str | None = None
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    id: str
    type: str
    name: str
    subtype: str | None = None
    aliases: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()
    zh_hant: tuple[str, ...] = ()
    pinyin: str | None = None
    country: str | None = None
    standalone: tuple[str, ...] = ()
    positions: tuple[Position, ...] = ()
    note: str | None = None
    #: Phrases that hold one of the names without naming the entity: 访华为契机 ("a visit to
    #: China as the occasion") holds 华为 but not Huawei. Matched like names, the longer wins.
    not_in: tuple[str, ...] = ()
    #: For outlets: their affiliation in the outlet taxonomy (data/outlets.json).
    affiliation: str | None = None
    #: Forms that name this entity only beside another of its names or one of ``context``
    #: (鲍威尔 is Jerome Powell in a story about the Federal Reserve, not in one about Starmer).
    bare: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    #: Forms shared with another country's body that name this one in a report from its own
    #: country: 外交部 in a Taiwanese outlet's report is Taiwan's foreign ministry.
    local: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        """Every written form that names this entity, English and Chinese."""
        forms = [self.name, *self.aliases, *self.zh, *self.zh_hant, *self.local]
        if self.pinyin and self.pinyin.casefold() != self.name.casefold():
            forms.append(self.pinyin)
        return tuple(dict.fromkeys(f for f in forms if f and f.strip()))

    def surnames(self) -> tuple[str, ...]:
        """The bare name a later sentence may use for this person ("Li", "Blinken")."""
        if self.type != "person" or " " not in self.name:
            return ()
        parts = self.name.replace(".", "").split()
        return (parts[0] if self.country in SURNAME_FIRST else parts[-1],)

    def current_positions(self) -> list[Position]:
        return [p for p in self.positions if p.end is None]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type, "name": self.name}
        for key in ("subtype", "pinyin", "country", "note"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        for key in ("aliases", "zh", "zh_hant", "standalone", "not_in", "bare", "context", "local"):
            if getattr(self, key):
                data[key] = list(getattr(self, key))
        if self.positions:
            data["positions"] = [{"title": p.title, "org": p.org, "start": p.start, "end": p.end}
                                 for p in self.positions]
        return data


def entry_from_dict(row: dict[str, Any]) -> GazetteerEntry:
    return GazetteerEntry(
        id=row["id"], type=row["type"], name=row["name"], subtype=row.get("subtype"),
        aliases=tuple(row.get("aliases", ())), zh=tuple(row.get("zh", ())), zh_hant=tuple(row.get("zh_hant", ())),
        pinyin=row.get("pinyin"), country=row.get("country"), standalone=tuple(row.get("standalone", ())),
        positions=tuple(Position(p["title"], p.get("org"), _date(p.get("start")), _date(p.get("end")))
                        for p in row.get("positions", ())),
        note=row.get("note"), not_in=tuple(row.get("not_in", ())), bare=tuple(row.get("bare", ())),
        context=tuple(row.get("context", ())), local=tuple(row.get("local", ())),
    )


def _date(value: Any) -> str | None:
    return None if value is None else str(value)


def _is_acronym(alias: str) -> bool:
    """Aliases whose capitals carry the meaning: "MSS", "PBoC", "U.S.", "AT&T"."""
    letters = [c for c in alias if c.isalpha()]
    return alias.isascii() and 0 < len(letters) <= 6 and sum(c.isupper() for c in letters) >= 2 \
        and " " not in alias.strip()


def _written_as_is(entry: GazetteerEntry, name: str) -> bool:
    """A news outlet's Latin name is matched as written: many are ordinary words ("The
    Information", "Foreign Policy", "The Diplomat") that in lower case name nothing."""
    return entry.subtype == "media" and name.isascii()


def _case_matters(name: str) -> bool:
    """Acronyms, and one-word Latin names ("Apple", "Mercury", "Huawei"): written in capitals
    they are names, in lower case they are words."""
    return _is_acronym(name) or (name.isascii() and " " not in name.strip() and name[:1].isupper())


def _fold(text: str) -> str:
    """Simplified characters, lower case, one apostrophe (People’s is People's), same length as
    the input."""
    text = to_simplified(text) if has_cjk(text) else text
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lowered.replace("’", "'")


def _at_word_edges(text: str, start: int, end: int) -> bool:
    """Latin names match whole words only: "Li" not inside "Lima", "US" not inside "USD"."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


@dataclass
class _Hit:
    start: int
    end: int
    ids: tuple[str, ...]


class Gazetteer:
    """Compiled look-up over every entry's names; built once per process (or per archive)."""

    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        import ahocorasick

        self.entries: dict[str, GazetteerEntry] = {}
        for entry in entries:
            self.entries.setdefault(entry.id, entry)
        folded: dict[str, list[str]] = {}
        exact: dict[str, list[str]] = {}
        self._by_name: dict[str, list[str]] = {}
        for entry in self.entries.values():
            for name in entry.names():
                target = exact if _case_matters(name) or _written_as_is(entry, name) else folded
                key = name if target is exact else _fold(name)
                if len(key.strip()) < 2:
                    continue
                ids = target.setdefault(key, [])
                if entry.id not in ids:
                    ids.append(entry.id)
                by = self._by_name.setdefault(_fold(name), [])
                if entry.id not in by:
                    by.append(entry.id)
            for surname in entry.standalone:
                ids = exact.setdefault(surname, [])
                if entry.id not in ids:
                    ids.append(entry.id)
            for phrase in entry.not_in:  # a span that names nothing, so the name inside it is not taken
                if _written_as_is(entry, phrase):
                    exact.setdefault(phrase, [])
                else:
                    folded.setdefault(_fold(phrase), [])
        self._folded = self._automaton(ahocorasick, folded)
        self._exact = self._automaton(ahocorasick, exact)

    @staticmethod
    def _automaton(ahocorasick: Any, keys: dict[str, list[str]]) -> Any:
        automaton = ahocorasick.Automaton()
        for key, ids in keys.items():
            automaton.add_word(key, (len(key), tuple(ids)))
        if keys:
            automaton.make_automaton()
        return automaton if keys else None

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entity_id: str) -> GazetteerEntry | None:
        return self.entries.get(entity_id)

    def lookup(self, name: str) -> list[GazetteerEntry]:
        """Entries named exactly ``name`` in any language or script (up to case)."""
        ids = self._by_name.get(_fold(name.strip()), [])
        return [self.entries[i] for i in ids]

    def mentions(self, text: str, country: str | None = None) -> list[Mention]:
        """Every gazetteer entity named in ``text``, with character offsets, in order;
        ``country`` is the reporting outlet's, which decides forms several countries share."""
        # "US$", "HK$", "S$": a currency, not the country.
        hits = [h for h in self._scan(text) if text[h.end:h.end + 1] != "$"]
        chosen = self._in_context(text, _leftmost_longest(hits))
        if country:
            chosen = [self._local(text, hit, country) for hit in chosen]
        resolved = _resolve(chosen)
        resolved += self._surname_mentions(text, resolved)
        return sorted(resolved, key=lambda m: m.start)

    def _scan(self, text: str) -> list[_Hit]:
        hits: list[_Hit] = []
        if self._folded is not None:
            for end, (length, ids) in self._folded.iter(_fold(text)):
                start = end - length + 1
                if not text[start].isascii() or _at_word_edges(text, start, end + 1):
                    hits.append(_Hit(start, end + 1, ids))
        if self._exact is not None:
            for end, (length, ids) in self._exact.iter(text):
                start = end - length + 1
                if _at_word_edges(text, start, end + 1):
                    hits.append(_Hit(start, end + 1, ids))
        return hits

    def _in_context(self, text: str, hits: list[_Hit]) -> list[_Hit]:
        """A bare form names an entity only when the item also names it in full or names one
        of its context entities; a hit left with no entity names nothing."""
        if not any(self.entries[i].bare for h in hits for i in h.ids):
            return hits
        named = {i for h in hits if len(h.ids) == 1 for i in h.ids}
        full = {i for h in hits for i in h.ids if _fold(text[h.start:h.end]) not in self._bare_forms(i)}
        out = []
        for hit in hits:
            form = _fold(text[hit.start:hit.end])
            ids = tuple(i for i in hit.ids if form not in self._bare_forms(i) or i in full
                        or named & set(self.entries[i].context))
            if ids:
                out.append(_Hit(hit.start, hit.end, ids))
        return out

    def _local(self, text: str, hit: _Hit, country: str) -> _Hit:
        if len(hit.ids) < 2:
            return hit
        form = _fold(text[hit.start:hit.end])
        home = tuple(i for i in hit.ids if self.entries[i].country == country
                     and form in {_fold(f) for f in self.entries[i].local})
        return _Hit(hit.start, hit.end, home) if home else hit

    def _bare_forms(self, entity_id: str) -> set[str]:
        return {_fold(f) for f in self.entries[entity_id].bare}

    def _surname_mentions(self, text: str, found: list[Mention]) -> list[Mention]:
        """"Li" after "Li Qiang" in the same item; never when two people named there share it."""
        owners: dict[str, set[str]] = {}
        for mention in found:
            entry = self.entries[mention.entity_id]
            for surname in entry.surnames():
                owners.setdefault(surname, set()).add(entry.id)
        unique = {s: next(iter(ids)) for s, ids in owners.items() if len(ids) == 1}
        if not unique:
            return []
        taken = [(m.start, m.end) for m in found]
        extra = []
        for surname, owner in unique.items():
            at = text.find(surname)
            while at >= 0:
                start, end = at, at + len(surname)
                at = text.find(surname, end)
                if not _at_word_edges(text, start, end) or text[end:end + 1] == "-" \
                        or any(s < end and start < e for s, e in taken):
                    continue
                window = text[max(0, start - LOOK_BEHIND):start]
                if not _TITLE_BEFORE.search(window) and _CAPITALISED_BEFORE.search(window):
                    continue  # the tail of a longer capitalised name ("Wen Li" is not Li Qiang)
                extra.append(Mention(owner, start, end))
        return extra


#: How far before a bare surname its title or a capitalised word before it is looked for.
LOOK_BEHIND = 40
_TITLE_BEFORE = re.compile(rf"\b(?:{_TITLES})\.?\s+$")
_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w'’-]*[ \t]+$")


def _leftmost_longest(hits: list[_Hit]) -> list[_Hit]:
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    chosen: list[_Hit] = []
    last_end = -1
    for hit in hits:
        if hit.start >= last_end:
            chosen.append(hit)
            last_end = hit.end
    return chosen


def _resolve(hits: list[_Hit]) -> list[Mention]:
    """One entity per span. A name shared by several entries goes to the one the item also
    names unambiguously; failing that, to the first listed (the gazetteer lists the likelier
    reading of a shared name first)."""
    sure = {h.ids[0] for h in hits if len(h.ids) == 1}
    mentions = []
    for hit in hits:
        if not hit.ids:  # a phrase listed as not naming anyone
            continue
        chosen = next((i for i in hit.ids if i in sure), hit.ids[0])
        mentions.append(Mention(chosen, hit.start, hit.end))
    return mentions


GAZETTEER_FILES = ("people.json", "orgs.json", "places.json", "programmes.json")


def packaged_entries() -> list[GazetteerEntry]:
    """The curated entries shipped in ``data/entities/``, then the outlets as organisations."""
    folder = resources.files("chinabrief.data").joinpath("entities")
    entries: list[GazetteerEntry] = []
    for name in GAZETTEER_FILES:
        path = folder.joinpath(name)
        if path.is_file():
            entries.extend(entry_from_dict(row) for row in json.loads(path.read_text("utf-8")))
    return entries + _outlet_entries({e.id for e in entries})


def _outlet_entries(taken: set[str]) -> list[GazetteerEntry]:
    from chinabrief.enrich.outlets import load_outlets

    out = []
    for outlet in load_outlets().outlets.values():
        entity_id = outlet.id if outlet.id not in taken else f"{outlet.id}-media"
        aliases = tuple(a for a in outlet.aliases if len(a) > 2)  # "AP", "FT": too short to trust in text
        out.append(GazetteerEntry(id=entity_id, type="org", subtype="media", name=outlet.name, aliases=aliases,
                                  zh=outlet.chinese, zh_hant=(), country=outlet.country, not_in=outlet.not_in,
                                  affiliation=outlet.affiliation))
    return out


@cache
def packaged_gazetteer() -> Gazetteer:
    return Gazetteer(packaged_entries())


def gazetteer_with(additions: list[dict[str, Any]]) -> Gazetteer:
    """The packaged gazetteer plus a user's own entries (which win on a shared id)."""
    if not additions:
        return packaged_gazetteer()
    added = [entry_from_dict(row) for row in additions]
    ids = {e.id for e in added}
    return Gazetteer([*added, *(e for e in packaged_entries() if e.id not in ids)])
