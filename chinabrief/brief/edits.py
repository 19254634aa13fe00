"""An editor's changes to a briefing, kept as a history and applied again on every rebuild.

A briefing is rebuilt when new reports arrive; the editor's work must not be lost. So edits are
not written into the briefing but recorded, in order, as small actions, and replayed over each
freshly composed briefing:

* ``{"action": "section", "story": ID, "section": "Why it Matters", "text": "..."}``: the
  editor's own text for a section (shown as the editor's, without a source link);
* ``{"action": "headline", "story": ID, "text": "..."}``;
* ``{"action": "remove", "story": ID}`` and ``{"action": "pin", "story": ID}`` (a pinned story
  stays in even if it would no longer be chosen);
* ``{"action": "order", "stories": [ID, ...]}``;
* ``{"action": "sentence", "story": ID, "section": ..., "index": N, "cite": {...}}``: the
  section's Nth sentence swapped for another sentence of the story's reports (still quoted
  verbatim and cited; ``sentence_citation`` builds the citation from the item).

The same story's later action wins (a pin after a removal puts it back). ``edit_text`` and
``read_edits`` turn a briefing into a plain-text form for ``$EDITOR`` and its changes back
into actions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from chinabrief.errors import ConfigError
from chinabrief.models import BRIEF_SECTIONS

ACTIONS = ("section", "headline", "remove", "pin", "order", "sentence")


def stamp(edit: dict[str, Any]) -> dict[str, Any]:
    if edit.get("action") not in ACTIONS:
        raise ConfigError(f"unknown edit {edit.get('action')!r}: use one of {', '.join(ACTIONS)}")
    if edit["action"] == "section" and edit.get("section") not in BRIEF_SECTIONS:
        raise ConfigError(f"unknown section {edit.get('section')!r}: use one of {', '.join(BRIEF_SECTIONS)}")
    if edit["action"] == "sentence" and (edit.get("section") not in BRIEF_SECTIONS or not edit.get("cite")):
        raise ConfigError("a sentence swap needs a section and the sentence's citation")
    return {**edit, "at": edit.get("at") or datetime.now(UTC).isoformat(timespec="seconds"),
            "by": edit.get("by") or _user()}


def _user() -> str:
    """Who is editing, for the history: the web app passes its user; the CLI uses the login name."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def sentence_citation(item: dict[str, Any], start: int, end: int) -> dict[str, Any]:
    """The citation of ``item["text"][start:end]``, as a briefing shows it."""
    if not 0 <= start < end <= len(item["text"]):
        raise ConfigError(f"no sentence at {start}–{end} in item {item['id']}")
    outlet = item.get("outlet") or {}
    return {"text": item["text"][start:end], "item": item["id"], "outlet": outlet.get("name"),
            "affiliation": outlet.get("affiliation"), "published": item.get("published"), "url": item.get("url"),
            "start": start, "end": end, "language": item.get("language"), "speaker": None, "names": []}


def editor_citation(text: str) -> dict[str, Any]:
    return {"text": text, "item": None, "outlet": None, "affiliation": None, "published": None, "url": None,
            "start": None, "end": None, "language": None, "speaker": None, "names": [], "editor": True}


def apply(briefing: dict[str, Any], edits: list[dict[str, Any]],
          compose_story: Callable[[str], dict[str, Any] | None]) -> dict[str, Any]:
    """``briefing`` with ``edits`` replayed; ``compose_story(id)`` gives a pinned story that the
    selection left out (or ``None`` when it no longer exists)."""
    kept: dict[str, bool] = {}
    order: list[str] = []
    texts: dict[tuple[str, str], str] = {}
    headlines: dict[str, str] = {}
    swaps: list[dict[str, Any]] = []
    for edit in edits:
        action = edit["action"]
        if action in ("remove", "pin"):
            kept[edit["story"]] = action == "pin"
        elif action == "order":
            order = list(edit["stories"])
        elif action == "section":
            texts[(edit["story"], edit["section"])] = edit["text"]
        elif action == "headline":
            headlines[edit["story"]] = edit["text"]
        elif action == "sentence":
            swaps.append(edit)
    stories = [s for s in briefing["stories"] if kept.get(s["id"], True)]
    present = {s["id"] for s in stories}
    for story_id, pinned in kept.items():
        if pinned and story_id not in present and (extra := compose_story(story_id)) is not None:
            stories.append(extra)
    if order:
        rank = {story_id: n for n, story_id in enumerate(order)}
        stories.sort(key=lambda s: rank.get(s["id"], len(rank)))
    for story in stories:
        story["edited"] = []
        if story["id"] in headlines:
            story["headline"] = headlines[story["id"]]
            story["edited"].append("headline")
        for (story_id, section), text in texts.items():
            if story_id != story["id"]:
                continue
            if text.strip():
                story["sections"][section] = [editor_citation(text.strip())]
            else:
                story["sections"].pop(section, None)
            story["edited"].append(section)
        _swap(story, [e for e in swaps if e["story"] == story["id"] and (e["story"], e["section"]) not in texts])
        story["sections"] = {label: story["sections"][label] for label in BRIEF_SECTIONS if label in story["sections"]}
    return {**briefing, "stories": stories}


def _swap(story: dict[str, Any], swaps: list[dict[str, Any]]) -> None:
    """Replay sentence swaps in order; a swap past the section's end adds the sentence."""
    for edit in swaps:
        cites = story["sections"].setdefault(edit["section"], [])
        index = int(edit.get("index", len(cites)))
        if 0 <= index < len(cites):
            cites[index] = dict(edit["cite"])
        else:
            cites.append(dict(edit["cite"]))
        story["edited"].append(edit["section"])


def _section_text(cites: list[dict[str, Any]]) -> str:
    return " ".join(c["text"] for c in cites)


def edit_text(briefing: dict[str, Any]) -> str:
    """The briefing as a plain-text form to edit: change a section's text, delete a story's
    block to remove it, move blocks to reorder, write ``pin`` after a story's id to keep it."""
    lines = [f"# {briefing['title']} ({briefing['id']})",
             "# Change a section's text to replace it with your own; empty a section to drop it.",
             "# Delete a story's block to remove the story; move blocks to reorder them.",
             "# Lines starting with # are ignored. Save and close to keep your changes.", ""]
    for story in briefing["stories"]:
        lines.append(f"=== {story['id']}")
        lines.append(f"headline: {story['headline']}")
        for label in BRIEF_SECTIONS:
            lines.append(f"--- {label}")
            lines.append(_section_text(story["sections"].get(label, [])))
        lines.append("")
    return "\n".join(lines) + "\n"


_STORY = re.compile(r"^===\s+(\S+)(\s+pin)?\s*$")
_SECTION = re.compile(r"^---\s+(.+?)\s*$")


def read_edits(briefing: dict[str, Any], text: str) -> list[dict[str, Any]]:
    """The actions that turn ``briefing`` into what the editor saved."""
    blocks: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    section: str | None = None
    for raw in text.splitlines():
        if raw.startswith("#"):
            continue
        if m := _STORY.match(raw):
            current = {"id": m.group(1), "pin": bool(m.group(2)), "sections": {}, "headline": None}
            blocks.append(current)
            section = None
        elif current is None:
            continue
        elif raw.startswith("headline:") and section is None:
            current["headline"] = raw[len("headline:"):].strip()
        elif m := _SECTION.match(raw):
            section = m.group(1)
            if section not in BRIEF_SECTIONS:
                raise ConfigError(f"unknown section {section!r} in the edited briefing")
            current["sections"][section] = ""
        elif section is not None:
            current["sections"][section] = (current["sections"][section] + " " + raw.strip()).strip()
    return _changes(briefing, blocks)


def _changes(briefing: dict[str, Any], blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    before = {s["id"]: s for s in briefing["stories"]}
    edits: list[dict[str, Any]] = []
    for story_id in before:
        if story_id not in {b["id"] for b in blocks}:
            edits.append({"action": "remove", "story": story_id})
    for block in blocks:
        story = before.get(block["id"])
        if block["pin"] or story is None:
            edits.append({"action": "pin", "story": block["id"]})
        if story is None:
            continue
        if block["headline"] and block["headline"] != story["headline"]:
            edits.append({"action": "headline", "story": story["id"], "text": block["headline"]})
        for label, text in block["sections"].items():
            if " ".join(text.split()) != " ".join(_section_text(story["sections"].get(label, [])).split()):
                edits.append({"action": "section", "story": story["id"], "section": label, "text": text})
    ids = [b["id"] for b in blocks]
    if ids != [s for s in before if s in ids]:
        edits.append({"action": "order", "stories": ids})
    return [stamp(e) for e in edits]
