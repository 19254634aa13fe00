"""The ``chinabrief`` command: parses options, calls one public function, prints the result.

Errors from chinabrief become one red line and a non-zero exit code here, and only here.
"""

from __future__ import annotations

import re
import shutil
import sys
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from chinabrief.cli_base import (
    Columns,
    DbOption,
    FormatOption,
    ListFormat,
    app,
    emit,
    err,
    handles_errors,
    out,
    parse_since,
    safe,
)
from chinabrief.config import load_settings
from chinabrief.errors import ChinabriefError
from chinabrief.pipeline import (
    IngestReport,
    add_entity,
    add_pages,
    brief,
    enrich_archive,
    export_opml,
    fetch,
    find_feeds,
    follow,
    import_opml,
    ingest,
    send_alerts,
)
from chinabrief.sources.files import Failure, discover
from chinabrief.sources.live import FetchReport
from chinabrief.store import open_store
from chinabrief.store.export import FORMATS, export


@app.command("ingest")
@handles_errors
def ingest_cmd(paths: Annotated[list[str], typer.Argument(help="Files, folders (read recursively), or - for stdin.")],
               db: DbOption = None,
               max_file_mb: Annotated[float | None, typer.Option(help="Refuse files larger than this.")] = None,
               enrich: Annotated[bool, typer.Option(help="Find entities, figures, quotes and topics now "
                                                         "(--no-enrich: later, with `chinabrief enrich`).")] = True,
               ) -> None:
    """Split files into news items, enrich and store them; already-stored items are skipped."""
    settings = load_settings(db=db, max_file_mb=max_file_mb)
    total = sum(1 for f in discover(paths) if not isinstance(f, Failure))
    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=err, transient=True,
                  disable=not err.is_terminal) as bar:
        task = bar.add_task("", total=total)

        def advance(source: str) -> None:
            bar.update(task, advance=1, description=Path(source).name[:40])

        report = ingest(paths, settings=settings, progress=advance, enrich=enrich)
    print_report(report)
    if not report.ok:
        raise typer.Exit(1)


def print_report(report: IngestReport) -> None:
    out.print(
        f"[bold]{report.files}[/] files → [bold]{report.documents}[/] new documents, "
        f"[bold green]{report.items}[/] items stored, {report.duplicates} duplicates skipped, "
        f"{report.already} documents already ingested, "
        f"[{'red' if report.failures else 'green'}]{len(report.failures)} failed[/] "
        f"({report.seconds:.1f} s) → {report.db}"
    )
    for failure in report.failures:
        out.print(f"  [red]✗[/] {safe(failure.source)}: {safe(failure.reason)}")
    if report.stories:
        from chinabrief.cli_stories import print_cluster

        print_cluster(report.stories)


#: The columns of an item listing in CSV.
ITEM_COLUMNS: Columns = {
    "id": lambda r: r["id"], "published": lambda r: r["published"],
    "outlet": lambda r: (r["outlet"] or {}).get("name"), "language": lambda r: r["language"],
    "headline": lambda r: r["headline"], "url": lambda r: r["url"], "story": lambda r: r.get("story"),
}
#: ``--limit 0``: every row.
ALL = 10**9


@app.command("items")
@handles_errors
def items_cmd(since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD) or span (7d).")] = None,
              until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
              outlet: Annotated[str | None, typer.Option(help="Outlet id or name.")] = None,
              limit: Annotated[int, typer.Option(help="At most this many rows (0: all).")] = 50,
              fmt: FormatOption = ListFormat.table,
              db: DbOption = None) -> None:
    """List stored items: date, outlet, headline."""
    store = open_store(load_settings(db=db).db)
    rows = list(store.items(since=parse_since(since), until=parse_since(until), outlet=outlet, limit=limit or None))
    emit(rows, fmt, ITEM_COLUMNS, lambda: print_items(rows, title=f"{len(rows)} items"))


def print_items(rows: list[dict[str, Any]], title: str, via: bool = False) -> None:
    table = Table(title=title, show_lines=False, header_style="bold")
    table.add_column("date", no_wrap=True)
    table.add_column("outlet", max_width=24)
    table.add_column("headline", ratio=1)
    if via:
        table.add_column("found through", max_width=24, style="italic")
    table.add_column("id", no_wrap=True, style="dim")
    for row in rows:
        outlet = row["outlet"] or {}
        cells = [safe(row["published"]), safe(outlet.get("name")), safe(row["headline"])]
        cells += [safe(row.get("matched_via"))] if via else []
        table.add_row(*cells, safe(row["id"][:10]))
    out.print(table)


@app.command("show")
@handles_errors
def show_cmd(item_id: Annotated[str, typer.Argument(help="An item id, or the start of one.")],
             db: DbOption = None) -> None:
    """One item with its metadata, labelled sections and text."""
    record = open_store(load_settings(db=db).db).item(item_id)
    outlet = record["outlet"] or {}
    meta = Table.grid(padding=(0, 2))
    for key, value in [("id", record["id"]), ("outlet", outlet.get("name")),
                       ("affiliation", outlet.get("affiliation")), ("published", record["published"]),
                       ("authors", ", ".join(record["authors"])), ("url", record["url"]),
                       ("language", record["language"]), ("document", record["document"])]:
        if value:
            meta.add_row(f"[bold]{key}[/]", safe(value))
    out.print(Panel(meta, title=f"[bold]{safe(record['headline'])}[/]", title_align="left"))
    sections = record["sections"]
    unlabelled = [p for p in record["text"].split("\n\n") if not any(p in body for body in sections.values())]
    if unlabelled:
        out.print(safe("\n\n".join(unlabelled)) + "\n")
    for label, body in sections.items():
        out.print(f"[bold cyan]{safe(label)}:[/] {safe(body)}\n")


@app.command("export")
@handles_errors
def export_cmd(fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")] = "jsonl",
               output: Annotated[Path | None, typer.Option("--out", "-o", help="File to write (default: stdout).")]
               = None,
               since: Annotated[str | None, typer.Option(help="From this date or span.")] = None,
               db: DbOption = None) -> None:
    """Write every item (or those since a date) as JSON Lines, CSV or Parquet."""
    if fmt not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    store = open_store(load_settings(db=db).db)
    records = store.items(since=parse_since(since))
    if output:
        with output.open("wb") as fh:
            n = export(records, fmt, fh)
        err.print(f"{n} items → {output}")
    else:
        if fmt == "parquet" and sys.stdout.isatty():
            raise typer.BadParameter("Parquet is binary: give --out FILE or redirect the output")
        export(records, fmt, sys.stdout.buffer)
        sys.stdout.flush()


@app.command("search")
@handles_errors
def search_cmd(query: Annotated[str, typer.Argument(help='Words in English or Chinese; "quoted phrases" kept.')],
               limit: Annotated[int, typer.Option(help="At most this many results (0: all).")] = 20,
               exact: Annotated[bool, typer.Option("--exact", help="Only what the words match: not also the "
                                                                  "items naming the same entity in another "
                                                                  "language.")] = False,
               since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD) or span (7d).")] = None,
               until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
               outlet: Annotated[str | None, typer.Option(help="Outlet id.")] = None,
               language: Annotated[str | None, typer.Option(help="Language code (en, zh).")] = None,
               newest: Annotated[bool, typer.Option("--newest", help="Newest first instead of best match "
                                                                   "first.")] = False,
               fmt: FormatOption = ListFormat.table,
               db: DbOption = None) -> None:
    """Search headlines and text. Chinese matches as typed, in either script (外交部发言人 finds
    外交部發言人); English words in any form (tariff finds tariffs); a word in capitals (MSS) as
    written; a name the gazetteer knows also finds reports naming it in the other language."""
    from chinabrief.search import search
    from chinabrief.store.archive import Filters

    store = open_store(load_settings(db=db).db)
    filters = Filters(since=parse_since(since), until=parse_since(until), outlet=outlet, language=language)
    result = search(store, query, filters, limit=limit or ALL, exact=exact, order="date" if newest else "relevance")
    rows = result.items
    total = store.count_matches(result.query, filters, result.expansions) if result.more else len(rows)
    shown = f"{len(rows)} of {total}" if total > len(rows) else f"{total}"
    widened = "".join(f" (and items naming {e.label})" for e in result.expansions)
    emit(rows, fmt, ITEM_COLUMNS | {"matched_via": lambda r: r.get("matched_via")},
         lambda: print_items(rows, title=safe(f"{shown} items match {query!r}{widened}"), via=bool(result.expansions)))


@app.command("reindex")
@handles_errors
def reindex_cmd(db: DbOption = None) -> None:
    """Build the full-text index anew from the stored items (after a crash left it in doubt, or
    to take up a change in how text is indexed)."""
    store = open_store(load_settings(db=db).db)
    with Progress(TextColumn("[bold]indexing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("", total=None)
        done = store.reindex(progress=lambda n, total: bar.update(task, completed=n, total=total))
    out.print(f"{done} items indexed")


@app.command("enrich")
@handles_errors
def enrich_cmd(everything: Annotated[bool, typer.Option("--all", help="Every item, not only those enriched by "
                                                                      "an older version or gazetteer.")] = False,
               db: DbOption = None) -> None:
    """Re-run language, entity, figure, quote and topic enrichment over the archive."""
    with Progress(TextColumn("[bold]enriching"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("enrich", total=None)
        report = enrich_archive(db=load_settings(db=db).db, everything=everything,
                                progress=lambda done, total: bar.update(task, completed=done, total=total))
    out.print(f"{report.items} items enriched, {report.skipped} already current (version {report.version}, "
              f"{report.seconds:.1f} s)")


entities_app = typer.Typer(help="Entities named in the archive, and the gazetteer behind them.",
                           invoke_without_command=True, no_args_is_help=False)
app.add_typer(entities_app, name="entities")


@entities_app.callback(invoke_without_command=True)
@handles_errors
def entities_cmd(ctx: typer.Context,
                 unknown: Annotated[bool, typer.Option("--unknown", help="Names found by their cues that the "
                                                                         "gazetteer does not know.")] = False,
                 limit: Annotated[int, typer.Option(help="At most this many rows (0: all).")] = 30,
                 fmt: FormatOption = ListFormat.table,
                 db: DbOption = None) -> None:
    """List entities by the number of items that name them."""
    if ctx.invoked_subcommand:
        return
    rows = open_store(load_settings(db=db).db).entity_counts(unknown=unknown, limit=limit or None)

    def table() -> None:
        grid = Table(title=("Unknown names" if unknown else "Entities") + " by items", title_justify="left")
        for column in ("items", "mentions", "type", "name", "id"):
            grid.add_column(column, justify="right" if column in ("items", "mentions") else "left")
        for row in rows:
            grid.add_row(str(row["items"]), str(row["mentions"]), safe(row["type"]), safe(row["name"]),
                         safe(row["entity_id"]))
        out.print(grid)

    emit(rows, fmt, {c: (lambda r, c=c: r[c]) for c in ("entity_id", "name", "type", "items", "mentions")}, table)
    if unknown and rows and fmt is ListFormat.table:
        out.print("Promote a real one: chinabrief entities add NAME --type person --zh 中文名, then chinabrief enrich")


@entities_app.command("add")
@handles_errors
def entities_add_cmd(name: Annotated[str, typer.Argument(help="Canonical English name (or the Chinese name).")],
                     kind: Annotated[str, typer.Option("--type", help="person, org, place or programme.")] = "person",
                     zh: Annotated[list[str] | None, typer.Option("--zh", help="Chinese name (repeatable).")] = None,
                     alias: Annotated[list[str] | None, typer.Option("--alias", help="Other name (repeatable).")]
                     = None,
                     country: Annotated[str | None, typer.Option(help="Two-letter country code.")] = None,
                     entity_id: Annotated[str | None, typer.Option("--id", help="Id (default: from the name).")]
                     = None,
                     db: DbOption = None) -> None:
    """Add an entity to this archive's gazetteer; `chinabrief enrich` then finds it everywhere."""
    from chinabrief.enrich.chinese import to_traditional

    names_zh = list(zh or [])
    entry = add_entity({"id": entity_id, "type": kind, "name": name, "aliases": list(alias or []), "zh": names_zh,
                        "zh_hant": [to_traditional(n) for n in names_zh], "country": country},
                       db=load_settings(db=db).db)
    out.print(f"Added {entry.type} [bold]{safe(entry.name)}[/] as {safe(repr(entry.id))}. "
              "Run `chinabrief enrich` to apply it.")


@app.command("entity")
@handles_errors
def entity_cmd(name: Annotated[str, typer.Argument(help="A name in English, Chinese or pinyin, or an id.")],
               db: DbOption = None) -> None:
    """One entity: its names, roles with dates, and the latest items that name it."""
    from chinabrief.enrich.entities import gazetteer_with

    store = open_store(load_settings(db=db).db)
    gazetteer = gazetteer_with(store.gazetteer_additions())
    found = gazetteer.lookup(name) or ([gazetteer.get(name)] if gazetteer.get(name) else [])
    if not found:
        raise ChinabriefError(f"no entity named {name!r} (see `chinabrief entities`)")
    for entry in found:
        meta = Table.grid(padding=(0, 2))
        meta.add_row("[bold]id[/]", safe(entry.id))
        meta.add_row("[bold]type[/]", safe(" / ".join(x for x in (entry.type, entry.subtype) if x)))
        for label, values in (("aliases", entry.aliases), ("Chinese", entry.zh + entry.zh_hant)):
            if values:
                meta.add_row(f"[bold]{label}[/]", safe(", ".join(dict.fromkeys(values))))
        if entry.pinyin:
            meta.add_row("[bold]pinyin[/]", entry.pinyin)
        for position in entry.positions:
            span = f"{position.start or '?'} – {position.end or 'now'}"
            meta.add_row("[bold]role[/]", safe(f"{position.title} ({span})"))
        out.print(Panel(meta, title=f"[bold]{safe(entry.name)}[/]", title_align="left"))
        print_items(store.items_naming(entry.id), title=f"Latest items naming {safe(entry.name)}")


feeds_app = typer.Typer(help="Feeds and other live sources you follow.", no_args_is_help=True)
app.add_typer(feeds_app, name="feeds")
_EVERY = re.compile(r"^(\d+)\s*([mhd])$")


def parse_every(value: str | None) -> int | None:
    """``30m``, ``2h``, ``1d`` as minutes."""
    if value is None:
        return None
    m = _EVERY.match(value.strip().lower())
    if not m:
        raise typer.BadParameter("use a number and m, h or d (30m, 2h, 1d)", param_hint="--every")
    return int(m.group(1)) * {"m": 1, "h": 60, "d": 1440}[m.group(2)]


@feeds_app.command("add")
@handles_errors
def feeds_add_cmd(url: Annotated[str, typer.Argument(help="The feed's URL (RSS, Atom, RDF or JSON Feed).")],
                  name: Annotated[str | None, typer.Option(help="What to call it.")] = None,
                  outlet: Annotated[str | None, typer.Option(help="Outlet id for its items (outlets.json).")] = None,
                  every: Annotated[str | None, typer.Option(help="How often to fetch: 30m, 2h, 1d.")] = None,
                  tag: Annotated[list[str] | None, typer.Option(help="A tag (repeatable).")] = None,
                  find: Annotated[bool, typer.Option("--discover", help="URL is a web page: follow the feed it "
                                                                        "advertises.")] = False,
                  listing: Annotated[bool, typer.Option("--listing", help="URL is a section page without a feed: "
                                                                          "follow the article links on it.")] = False,
                  sitemap: Annotated[bool, typer.Option("--sitemap", help="URL is a sitemap.")] = False,
                  pattern: Annotated[str | None, typer.Option(help="Listing pages: follow only links matching this "
                                                                   "regular expression.")] = None,
                  db: DbOption = None) -> None:
    """Follow a feed (or a page's feed, a listing page, a sitemap); `chinabrief fetch` collects it."""
    settings = load_settings(db=db)
    if find:
        found = find_feeds(url, settings=settings)
        if not found:
            raise ChinabriefError(f"{url} offers no feed; try --listing to follow its article links")
        url = found[0]
        for other in found[1:]:
            out.print(f"[dim]also offered: {other}[/]")
    kind = "listing" if listing else "sitemap" if sitemap else "feed"
    record = follow(url, db=settings.db, name=name, outlet=outlet, every_minutes=parse_every(every),
                    tags=list(tag) if tag else None, kind=kind, pattern=pattern)
    out.print(f"Following {record['url']} ({record['kind']}) every {record['every_minutes']} min. "
              "Run `chinabrief fetch`.")


@feeds_app.command("list")
@handles_errors
def feeds_list_cmd(db: DbOption = None) -> None:
    """Every feed with its status: last fetch, items, errors."""
    rows = open_store(load_settings(db=db).db).feeds()
    table = Table(title=f"{len(rows)} feeds", title_justify="left")
    for column in ("feed", "every", "last fetch", "status", "items", "error"):
        table.add_column(column, overflow="fold")
    for row in rows:
        status = str(row["last_status"] or "–") + (f" ×{row['failures']}" if row["failures"] else "")
        table.add_row(f"{safe(row['name'])}\n[dim]{safe(row['url'])}[/]", f"{row['every_minutes']}m",
                      (row["last_fetched_at"] or "never")[:16], status, str(row["items"]),
                      f"[red]{row['error']}[/]" if row["error"] else "")
    out.print(table)


@feeds_app.command("remove")
@handles_errors
def feeds_remove_cmd(url: Annotated[str, typer.Argument(help="The feed's URL.")], db: DbOption = None) -> None:
    """Stop following a feed (its items stay)."""
    open_store(load_settings(db=db).db).remove_feed(url)
    out.print(f"No longer following {url}")


@feeds_app.command("import")
@handles_errors
def feeds_import_cmd(path: Annotated[Path, typer.Argument(help="An OPML file (Feedly, Inoreader, Miniflux, …).")],
                     db: DbOption = None) -> None:
    """Follow every feed of an OPML subscription list; folders become tags."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ChinabriefError(f"cannot read {path}: {exc.strerror or exc}") from exc
    new, old = import_opml(raw, db=load_settings(db=db).db)
    out.print(f"{new} feeds added, {old} already followed")


@feeds_app.command("export")
@handles_errors
def feeds_export_cmd(db: DbOption = None) -> None:
    """Write the feeds you follow as OPML (to standard output)."""
    sys.stdout.write(export_opml(db=load_settings(db=db).db))


@app.command("fetch")
@handles_errors
def fetch_cmd(everything: Annotated[bool, typer.Option("--all", help="Every feed, due or not.")] = False,
              revisit: Annotated[bool, typer.Option(help="Also look for edits and deletions of recent items.")]
              = True,
              db: DbOption = None) -> None:
    """One polite pass over the feeds that are due, with full text for summary-only entries."""
    settings = load_settings(db=db)
    with Progress(TextColumn("[bold]fetch"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=err, transient=True,
                  disable=not err.is_terminal) as bar:
        task = bar.add_task("", total=len(open_store(settings.db).feeds()))
        report = fetch(settings=settings, everything=everything, revisit=revisit,
                       progress=lambda url: bar.update(task, advance=1, description=url[-40:]))
    print_fetch(report)
    if not report.ok:
        raise typer.Exit(1)


@app.command("watch")
@handles_errors
def watch_cmd(db: DbOption = None,
              pause: Annotated[int, typer.Option(help="Seconds between passes.")] = 60) -> None:
    """Keep fetching due feeds until stopped (Ctrl-C stops cleanly between batches)."""
    import time

    settings = load_settings(db=db)
    if settings.smtp_host:
        from chinabrief.cli_briefings import warn_about_smtp

        warn_about_smtp(settings)
    out.print("Watching feeds; Ctrl-C to stop.")
    try:
        while True:
            print_fetch(fetch(settings=settings))
            if settings.smtp_host:
                from chinabrief.cli_briefings import print_alerts

                print_alerts(send_alerts(settings=settings))
            time.sleep(pause)
    except KeyboardInterrupt:
        out.print("Stopped; everything fetched so far is stored.")


@app.command("add")
@handles_errors
def add_cmd(urls: Annotated[list[str], typer.Argument(help="Web pages, each one item.")], db: DbOption = None) -> None:
    """Fetch web pages and store each as one item (full text extracted)."""
    report = add_pages(urls, settings=load_settings(db=db))
    out.print(f"{report.pages} pages → {report.items} items stored, {report.duplicates} duplicates")
    for failure in report.failures:
        err.print(f"[red]✗[/] {failure}")
    if not report.ok:
        raise typer.Exit(1)


@app.command("changes")
@handles_errors
def changes_cmd(since: Annotated[str, typer.Option(help="From this date or span (7d).")] = "7d",
                db: DbOption = None) -> None:
    """Items edited or deleted at the source since a date: a censorship signal."""
    start = parse_since(since) or date.today() - timedelta(days=7)
    rows = open_store(load_settings(db=db).db).changes(start.isoformat())
    table = Table(title=f"{len(rows)} items changed since {start}", title_justify="left")
    for column in ("change", "date", "outlet", "headline", "id"):
        table.add_column(column, overflow="fold")
    for row in rows:
        change = "[red]deleted[/]" if row.get("deleted_at") else "edited"
        table.add_row(change, safe(row["published"]), safe((row["outlet"] or {}).get("name")), safe(row["headline"]),
                      row["id"][:10])
    out.print(table)


def print_fetch(report: FetchReport) -> None:
    fetched = sum(1 for f in report.feeds if not f.error)
    unchanged = sum(1 for f in report.feeds if f.not_modified)
    out.print(f"{len(report.feeds)} feeds ({fetched} fetched, {unchanged} unchanged) → [bold green]{report.items}"
              f"[/] new items; {report.edited} edited and {report.deleted} deleted at the source")
    for result in report.feeds:
        if result.error:
            err.print(f"[red]✗[/] {result.url}: {result.error}")


from chinabrief import cli_stories  # noqa: E402, F401 - cluster, stories, story: listed here in --help


def demo_corpus() -> Path:
    return Path(str(resources.files("chinabrief.data").joinpath("demo")))


@app.command("demo")
@handles_errors
def demo_cmd(db: DbOption = None) -> None:
    """Ingest the bundled demo corpus (a week of China news, March 2024) into a fresh database."""
    settings = load_settings(db=db or load_settings().db.with_name("demo.db"))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{settings.db}{suffix}").unlink(missing_ok=True)
    corpus = demo_corpus()
    out.print(f"Ingesting the demo corpus from {corpus}")
    report = ingest([str(corpus)], settings=settings)
    print_report(report)
    from chinabrief.cli_stories import stories_cmd

    stories_cmd(since=None, until=None, thread=None, limit=10, db=settings.db)
    from chinabrief.brief.render import render

    briefing = brief(settings=settings, top=5)
    written = []
    for fmt in ("md", "html"):
        path = settings.db.with_name(f"demo-briefing.{fmt}")
        path.write_text(render(briefing, fmt), encoding="utf-8")
        written.append(path)
    out.print(f"The week's briefing ({len(briefing['stories'])} stories): " + " and ".join(str(p) for p in written))
    width = shutil.get_terminal_size().columns
    out.print(("─" * min(width, 60)) + f"\nTry: chinabrief story ID --db {settings.db}\n"
              f"     chinabrief items --db {settings.db}\n"
              f"     chinabrief search 王毅 --db {settings.db}\n"
              f"     chinabrief export --format jsonl --db {settings.db}\n"
              f"     chinabrief serve --public --db {settings.db}   (the web app: pip install 'chinabrief[web]')")
    if not report.ok:
        raise typer.Exit(1)


# The briefing and web commands live in their own modules; importing them adds them to ``app``.
from chinabrief import cli_briefings, cli_web  # noqa: E402, F401

if __name__ == "__main__":  # pragma: no cover
    app()
