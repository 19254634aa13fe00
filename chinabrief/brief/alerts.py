"""Watchlist alerts: the new stories that match a watched term or person, e-mailed to whoever
asked for them.

A watch remembers the last day it alerted on (``seen_until``) and which of that day's stories
it sent, so each story is sent once; a watch never run before looks back a week. Matching is
the archive's own search (a term, in English or Chinese) or its entity index (a watched
person or body), so an alert finds what a reader searching the archive would find.
"""

from __future__ import annotations

from datetime import date, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from html import escape
from typing import Any

from chinabrief.addresses import email_address, one_line
from chinabrief.store.archive import Filters

#: How far back a watch looks the first time it is run.
FIRST_LOOK_DAYS = 7
#: At most this many stories in one alert; the rest are on the web app's home page.
MAX_STORIES = 20


def new_matches(store: Any, watch: dict[str, Any], today: date) -> list[dict[str, Any]]:
    """Stories first seen after the watch last alerted that have a report matching it."""
    since = date.fromisoformat(watch["seen_until"]) if watch.get("seen_until") \
        else today - timedelta(days=FIRST_LOOK_DAYS)
    done = set(watch.get("alerted") or [])
    query = "" if watch.get("entity_id") else watch["term"]
    hits, _more = store.find_items(query, Filters(since=since, entity=watch.get("entity_id")), limit=500,
                                   order="date")
    ids = [i for i in dict.fromkeys(h["story"] for h in hits if h["story"]) if i not in done]
    found = [s for s in store.stories_by_id(ids) if s["first_seen"] >= since.isoformat()]
    found.sort(key=lambda s: -s["score"])
    return found[:MAX_STORIES]


def seen(watch: dict[str, Any], stories: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """What the watch remembers after sending ``stories``: the newest first-seen day, and every
    story of that day sent so far."""
    last = max([s["first_seen"] for s in stories] + [watch.get("seen_until") or ""])
    earlier = (watch.get("alerted") or []) if last == watch.get("seen_until") else []
    return last, [*earlier, *(s["id"] for s in stories if s["first_seen"] == last)]


def alert_message(watch: dict[str, Any], stories: list[dict[str, Any]], sender: str, base_url: str) -> EmailMessage:
    """The alert for one watch; ValueError if its address (as an earlier version may have kept it) is not one."""
    base = base_url.rstrip("/")
    mail = EmailMessage()
    kind = "story" if len(stories) == 1 else "stories"
    mail["Subject"] = f"chinabrief: {len(stories)} new {kind} on {one_line(watch['term'])}"
    mail["From"], mail["To"] = sender, email_address(watch["email"])
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1] or "localhost")
    lines = [f"New stories matching “{watch['term']}” in your chinabrief archive:", ""]
    for s in stories:
        lines += [f"- {s['title']} ({s['items']} reports, {len(s['outlets'])} outlets, from {s['first_seen']})",
                  f"  {base}/stories/{s['id']}"]
    mail.set_content("\n".join(lines) + "\n")
    items = "".join(f'<li><a href="{escape(base)}/stories/{escape(s["id"])}">{escape(s["title"])}</a> '
                    f"({s['items']} reports, {len(s['outlets'])} outlets, from {escape(s['first_seen'])})</li>"
                    for s in stories)
    mail.add_alternative(f"<p>New stories matching “{escape(watch['term'])}”:</p><ul>{items}</ul>", subtype="html")
    return mail
