"""The story commands of ``chinabrief``: place items into stories, list them ranked, show one."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.panel import Panel
from rich.table import Table

from chinabrief.cli_base import (
    Columns,
    DbOption,
    FormatOption,
    ListFormat,
    app,
    emit,
    handles_errors,
    out,
    parse_since,
    safe,
)
from chinabrief.config import load_settings
from chinabrief.pipeline import ClusterReport, cluster
from chinabrief.store import open_store


@app.command("cluster")
@handles_errors
def cluster_cmd(since: Annotated[str | None, typer.Option(help="Place items again from this date (YYYY-MM-DD) "
                                                                 "or span (7d); default: only new items.")] = None,
                everything: Annotated[bool, typer.Option("--all", help="Rebuild every story in the archive.")]
                = False,
                db: DbOption = None) -> None:
    """(Re)build stories: duplicates linked, bulletins kept out, reports of one event grouped."""
    print_cluster(cluster(settings=load_settings(db=db), since=parse_since(since), everything=everything))


def print_cluster(report: ClusterReport) -> None:
    if not report.items:
        out.print("No new items to place in stories (use --since or --all to rebuild).")
        return
    c = report.counts
    start = f" from {report.since}" if report.since else ""
    out.print(f"Stories{start}: {report.items} items → [bold green]{c.get('stories', 0)}[/] stories "
              f"({c.get('duplicate', 0)} duplicates linked, {c.get('roundup', 0)} bulletins and "
              f"{c.get('empty', 0)} empty items kept out, {c.get('threads', 0)} threads) in {report.seconds:.1f} s")


def mix_label(affiliations: dict[str, int]) -> str:
    from chinabrief.enrich.outlets import taxonomy

    label = taxonomy().group_label
    return " · ".join(f"{label(g)} {n}" for g, n in sorted(affiliations.items(), key=lambda kv: -kv[1]))


@app.command("stories")
@handles_errors
def stories_cmd(since: Annotated[str | None, typer.Option(help="Stories with reports from this date or span (7d).")]
                = None,
                until: Annotated[str | None, typer.Option(help="Stories begun by this date (YYYY-MM-DD).")] = None,
                thread: Annotated[str | None, typer.Option(help="Only the stories of this thread, in order.")] = None,
                limit: Annotated[int, typer.Option(help="At most this many (0: all).")] = 20,
                fmt: FormatOption = ListFormat.table,
                db: DbOption = None) -> None:
    """Stories ranked by importance: outlets by affiliation, languages, reports."""
    store = open_store(load_settings(db=db).db)
    rows = store.stories(since=parse_since(since), until=parse_since(until), limit=limit or None, thread=thread)
    emit(rows, fmt, STORY_COLUMNS, lambda: print_stories(rows))


#: The columns of a story listing in CSV.
STORY_COLUMNS: Columns = {
    "id": lambda r: r["id"], "title": lambda r: r["title"], "items": lambda r: r["items"],
    "first_seen": lambda r: r["first_seen"], "last_seen": lambda r: r["last_seen"],
    "score": lambda r: round(r["score"], 4), "thread": lambda r: r["thread"],
    "languages": lambda r: " ".join(f"{k}:{v}" for k, v in sorted(r["languages"].items())),
}


def print_stories(rows: list[dict[str, Any]]) -> None:
    table = Table(title=f"{len(rows)} stories", header_style="bold", title_justify="left")
    for column, style in (("#", "dim"), ("story", None), ("outlets by affiliation", None),
                          ("lang", None), ("items", None), ("dates", None), ("score", None), ("id", "dim")):
        table.add_column(column, style=style, overflow="fold")
    for n, row in enumerate(rows, 1):
        days = row["first_seen"][5:] + ("" if row["first_seen"] == row["last_seen"] else f"–{row['last_seen'][5:]}")
        langs = " ".join(f"{k} {v}" for k, v in sorted(row["languages"].items(), key=lambda kv: -kv[1]))
        title = safe(row["title"]) + (f" [dim](thread {row['thread']})[/]" if row["thread"] else "")
        table.add_row(str(n), title, mix_label(row["affiliations"]), langs, str(row["items"]), days,
                      f"{row['score']:.2f}", row["id"])
    out.print(table)
    if not rows:
        out.print("No stories yet: `chinabrief cluster` builds them from ingested items.")


@app.command("story")
@handles_errors
def story_cmd(story_id: Annotated[str, typer.Argument(help="A story id, or the start of one.")],
              db: DbOption = None) -> None:
    """One story: why it ranks where it does, and its reports grouped by outlet affiliation."""
    from chinabrief.enrich.outlets import taxonomy

    record = open_store(load_settings(db=db).db).story(story_id)
    meta = Table.grid(padding=(0, 2))
    parts = ", ".join(f"{k} {v:g}" for k, v in record["score_parts"].items())
    for key, value in [("id", record["id"]), ("dates", f"{record['first_seen']} – {record['last_seen']}"),
                       ("reports", f"{record['items']} ({record['duplicates']} duplicates)"),
                       ("outlets", mix_label(record["affiliations"])),
                       ("score", f"{record['score']:.2f} = {parts}"),
                       ("entities", ", ".join(f"{e['name']} ({e['items']})" for e in record["entities"][:8])),
                       ("figures", ", ".join(f"{f['text']} ({f['items']})" for f in record["figures"][:6])),
                       ("thread", record["thread"])]:
        if value:
            meta.add_row(f"[bold]{key}[/]", safe(value))
    out.print(Panel(meta, title=f"[bold]{safe(record['title'])}[/]", title_align="left"))
    groups: dict[str, list[dict[str, Any]]] = {}
    for member in record["members"]:
        outlet = member["outlet"] or {}
        groups.setdefault(taxonomy().group_of(outlet.get("affiliation"), outlet.get("country")), []).append(member)
    order = list(taxonomy().groups)
    for group in sorted(groups, key=lambda g: order.index(g) if g in order else len(order)):
        table = Table(title=taxonomy().group_label(group), title_justify="left", header_style="bold")
        for column in ("date", "outlet", "lang", "headline", "id"):
            table.add_column(column, overflow="fold", style="dim" if column == "id" else None)
        for m in groups[group]:
            headline = safe(m["headline"]) + (" [dim](duplicate)[/]" if m.get("duplicate_of") else "")
            table.add_row(safe(m["published"]), safe((m["outlet"] or {}).get("name")), safe(m["language"]),
                          headline, m["id"][:10])
        out.print(table)
