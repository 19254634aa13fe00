"""The outlet catalogue (``data/outlets.json``) and how an item's outlet is found.

An item names its outlet in many ways: ``Source: Xinhua``, ``来源：新华社``, a headline prefix
``RFA:``, a link to ``rfa.org``, or nothing at all when the whole document is one outlet's.
The catalogue keeps names, aliases, Chinese names and web domains of each outlet, and the
affiliation our users read every item through.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from chinabrief.models import Outlet

#: The group of an outlet whose affiliation the taxonomy does not know (or of no outlet).
UNKNOWN_GROUP = "unknown"
#: The group whose outlets and bodies speak for the PRC party-state.
PRC_GROUP = "prc"
_STRIP = re.compile(r"^(?:the\s+)|[\s.,;:()（）\"'“”‘’]+$|^[\s(（]+", re.I)


def _key(name: str) -> str:
    """Case, a leading "The" and stray punctuation do not distinguish outlets."""
    name = " ".join(name.split())
    previous = None
    while previous != name:
        previous, name = name, _STRIP.sub("", name)
    return name.casefold()


@dataclass(frozen=True, slots=True)
class Group:
    key: str
    label: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Affiliation:
    key: str
    label: str
    group: str
    description: str = ""
    #: A country whose bodies of this affiliation belong to another group (PRC ministries: prc).
    group_by_country: tuple[tuple[str, str], ...] = ()
    #: Its sentences are read first for "Why it Matters" (wires, think tanks, foreign media).
    analysis: bool = False


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """How outlets are grouped and named, for ranking, the CLI, the web app and the renderers
    alike (``affiliations`` and ``groups`` in ``data/outlets.json``)."""

    groups: dict[str, Group]
    affiliations: dict[str, Affiliation]

    def group_of(self, affiliation: str | None, country: str | None = None) -> str:
        found = self.affiliations.get(affiliation or "")
        if found is None:
            return UNKNOWN_GROUP
        return dict(found.group_by_country).get(country or "", found.group)

    def group_label(self, group: str) -> str:
        return self.groups[group].label if group in self.groups else group

    def label_of(self, affiliation: str | None) -> str:
        found = self.affiliations.get(affiliation or "")
        return found.label if found else affiliation or ""

    def reads_as_analysis(self, affiliation: str | None) -> bool:
        found = self.affiliations.get(affiliation or "")
        return bool(found and found.analysis)

    def speaks_for_prc(self, affiliation: str | None, country: str | None = None) -> bool:
        return self.group_of(affiliation, country) == PRC_GROUP


@cache
def taxonomy() -> Taxonomy:
    data = _data()
    groups = {key: Group(key, row["label"], row.get("description", "")) for key, row in data["groups"].items()}
    affiliations = {key: Affiliation(key, row["label"], row["group"], row.get("description", ""),
                                     tuple(row.get("group_by_country", {}).items()), row.get("analysis", False))
                    for key, row in data["affiliations"].items()}
    return Taxonomy(groups, affiliations)


class OutletCatalogue:
    """Look-ups by name, alias, Chinese name and domain over the curated outlet list."""

    def __init__(self, outlets: list[Outlet]) -> None:
        self.outlets = {o.id: o for o in outlets}
        self._by_name: dict[str, Outlet] = {}
        self._by_domain: dict[str, Outlet] = {}
        for outlet in outlets:
            for name in (outlet.name, *outlet.aliases, *outlet.chinese, outlet.id):
                self._by_name.setdefault(_key(name), outlet)
            for domain in outlet.domains:
                self._by_domain.setdefault(domain.lower().removeprefix("www."), outlet)
        self._finder = self._compile_finder(outlets)

    @staticmethod
    def _compile_finder(outlets: list[Outlet]) -> re.Pattern[str] | None:
        names = {n for o in outlets for n in (o.name, *o.aliases, *o.chinese) if len(n) >= 2}
        if not names:
            return None
        parts = []
        for name in sorted(names, key=len, reverse=True):
            escaped = re.escape(name)
            if name.isascii():
                # Acronyms (AP, FT, RFA) only count in capitals; longer names in any case.
                escaped = escaped if len(name) > 4 or not name.isupper() else f"(?-i:{escaped})"
                escaped = rf"(?<![\w&]){escaped}(?![\w&])"
            parts.append(escaped)
        return re.compile("|".join(parts), re.I)

    def __len__(self) -> int:
        return len(self.outlets)

    def get(self, outlet_id: str) -> Outlet | None:
        return self.outlets.get(outlet_id)

    def by_name(self, name: str | None) -> Outlet | None:
        """An outlet named exactly (up to case, "The" and punctuation)."""
        return self._by_name.get(_key(name)) if name else None

    def by_prefix(self, name: str | None) -> Outlet | None:
        """An outlet named as a headline prefix ("Xinhua: …"). Official bodies are left out:
        "国台办：…" or "MOFCOM: …" names who spoke, which belongs in the headline."""
        found = self.by_name(name)
        return found if found and found.affiliation != "government_body" else None

    def by_url(self, url: str | None) -> Outlet | None:
        """The outlet whose domain serves ``url`` (sub-domains fall back to their parent)."""
        if not url:
            return None
        try:
            host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
        except ValueError:  # "News [EN/CN]", "http://[bad": not an address, so no outlet's
            return None
        host = host.lower().removeprefix("www.")
        while host:
            if host in self._by_domain:
                return self._by_domain[host]
            _, _, host = host.partition(".")
            if "." not in host:
                break
        return None

    def find_in(self, text: str) -> Outlet | None:
        """The first outlet named anywhere in a short text ("At The New York Times, …")."""
        if not self._finder or not text:
            return None
        match = self._finder.search(text)
        return self.by_name(match.group(0)) if match else None

    def resolve(self, *candidates: str | None) -> Outlet | None:
        """The first candidate (a name or a URL) that names a known outlet."""
        for candidate in candidates:
            if not candidate:
                continue
            found = self.by_url(candidate) if "/" in candidate or (candidate.count(".") >= 1 and " " not in candidate) \
                else None
            found = found or self.by_name(candidate)
            if found:
                return found
        return None


def outlet_from_dict(row: dict) -> Outlet:
    return Outlet(
        id=row["id"], name=row["name"], affiliation=row["affiliation"], country=row.get("country", ""),
        languages=tuple(row.get("languages", ())), aliases=tuple(row.get("aliases", ())),
        chinese=tuple(row.get("chinese", ())), domains=tuple(row.get("domains", ())),
        date_order=row.get("date_order", "MDY"), note=row.get("note"), not_in=tuple(row.get("not_in", ())),
    )


@cache
def _data() -> dict[str, Any]:
    return json.loads(resources.files("chinabrief.data").joinpath("outlets.json").read_text("utf-8"))


@cache
def load_outlets() -> OutletCatalogue:
    """The packaged catalogue; loaded once per process."""
    return OutletCatalogue([outlet_from_dict(row) for row in _data()["outlets"]])
