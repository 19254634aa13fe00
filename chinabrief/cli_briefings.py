"""The briefing commands: ``brief`` (and ``brief edit``), ``briefings``, ``publish``, ``send``,
``feed`` and ``alerts``; registered on :data:`chinabrief.cli.app`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from chinabrief.cli_base import DbOption, app, err, handles_errors, out, parse_since, safe
from chinabrief.config import load_settings
from chinabrief.pipeline import brief, send_alerts
from chinabrief.store import open_store

brief_app = typer.Typer(help="Compose, edit and look at briefings.", invoke_without_command=True,
                        no_args_is_help=False)
app.add_typer(brief_app, name="brief")


@brief_app.callback(invoke_without_command=True)
@handles_errors
def brief_cmd(ctx: typer.Context,
              week: Annotated[str | None, typer.Option(help="An ISO week: 2024-W10.")] = None,
              day: Annotated[str | None, typer.Option(help="One day: 2024-03-05.")] = None,
              since: Annotated[str | None, typer.Option(help="From this date or span (7d).")] = None,
              until: Annotated[str | None, typer.Option(help="Up to this date.")] = None,
              top: Annotated[int, typer.Option(help="How many stories.")] = 5,
              fmt: Annotated[str, typer.Option("--format", "-f", help="md, html, txt, json or pdf.")] = "md",
              output: Annotated[Path | None, typer.Option("--out", "-o", help="File to write (default: stdout).")]
              = None,
              title: Annotated[str | None, typer.Option(help="The briefing's title.")] = None,
              db: DbOption = None) -> None:
    """Compose the period's briefing from its top stories (default: the latest week) and save it
    as a draft; every sentence is quoted from a cited report. Edits made before are kept."""
    if ctx.invoked_subcommand:
        return
    from chinabrief.brief.render import BINARY_FORMATS, FORMATS, render_bytes

    if fmt not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    if fmt in BINARY_FORMATS and output is None and sys.stdout.isatty():
        raise typer.BadParameter(f"a {fmt} briefing is not for a terminal: give --out FILE", param_hint="--out")
    briefing = brief(settings=load_settings(db=db), week=week, day=day, since=parse_since(since),
                     until=parse_since(until), top=top, title=title)
    _write_out(render_bytes(briefing, fmt), output,
               f"{briefing['title']}: {len(briefing['stories'])} stories → {output} (draft {briefing['id']})")


@brief_app.command("edit")
@handles_errors
def brief_edit_cmd(briefing_id: Annotated[str, typer.Argument(help="The briefing's id (chinabrief briefings).")],
                   story: Annotated[str | None, typer.Option(help="The story to change (its id).")] = None,
                   section: Annotated[str | None, typer.Option(help='A section: "Why it Matters", …')] = None,
                   text: Annotated[str | None, typer.Option(help="Your text for --section, or the headline.")]
                   = None,
                   remove: Annotated[bool, typer.Option("--remove", help="Take --story out.")] = False,
                   pin: Annotated[bool, typer.Option("--pin", help="Keep --story in, whatever its rank.")] = False,
                   order: Annotated[str | None, typer.Option(help="Story ids in the order to show them, "
                                                                   "comma-separated.")] = None,
                   db: DbOption = None) -> None:
    """Change a draft: with options, one change; without, the briefing opens in $EDITOR.

    Changes are kept with the briefing and replayed each time it is rebuilt."""
    from chinabrief.pipeline import edit_briefing

    settings = load_settings(db=db)
    changes = _changes_from_options(story, section, text, remove, pin, order)
    if not changes:
        changes = _changes_from_editor(open_store(settings.db).briefing(briefing_id))
    if not changes:
        out.print("No changes.")
        return
    briefing = edit_briefing(briefing_id, changes, settings=settings)
    out.print(f"{len(changes)} change(s) kept; {briefing['id']} now has {len(briefing['stories'])} stories.")


def _changes_from_options(story: str | None, section: str | None, text: str | None, remove: bool, pin: bool,
                          order: str | None) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = []
    if order:
        changes.append({"action": "order", "stories": [s.strip() for s in order.split(",") if s.strip()]})
    if (remove or pin or text is not None) and not story:
        raise typer.BadParameter("give --story with --remove, --pin, --section or --text")
    if remove:
        changes.append({"action": "remove", "story": story})
    if pin:
        changes.append({"action": "pin", "story": story})
    if text is not None:
        changes.append({"action": "section", "story": story, "section": section, "text": text} if section
                       else {"action": "headline", "story": story, "text": text})
    return changes


def _changes_from_editor(briefing: dict[str, Any]) -> list[dict[str, Any]]:
    import os
    import shlex
    import subprocess
    import tempfile

    from chinabrief.brief.edits import edit_text, read_edits

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write(edit_text(briefing))
        path = fh.name
    try:
        if subprocess.call([*shlex.split(editor), path]) != 0:
            raise typer.BadParameter(f"the editor ({editor}) failed; nothing was changed")
        return read_edits(briefing, Path(path).read_text(encoding="utf-8"))
    finally:
        Path(path).unlink(missing_ok=True)


@app.command("publish")
@handles_errors
def publish_cmd(briefing_id: Annotated[str, typer.Argument(help="The briefing's id.")], db: DbOption = None) -> None:
    """Freeze a briefing and add it to the feed of published briefings (chinabrief feed)."""
    from chinabrief.pipeline import publish

    briefing = publish(briefing_id, settings=load_settings(db=db))
    out.print(f"{briefing['id']} published {briefing['published_at']}.")


@app.command("send")
@handles_errors
def send_cmd(briefing_id: Annotated[str, typer.Argument(help="The briefing's id.")],
             to: Annotated[Path, typer.Option(help="A file of addresses, one per line.")],
             dry_run: Annotated[Path | None, typer.Option(help="Write the message to this .eml file instead "
                                                               "of sending.")] = None,
             db: DbOption = None) -> None:
    """E-mail a briefing (HTML with a plain-text part) to each address on a list.

    SMTP settings come from the config file or CHINABRIEF_SMTP_* variables."""
    from chinabrief.brief.deliver import recipients
    from chinabrief.pipeline import send_briefing

    try:
        addresses = recipients(to.read_text(encoding="utf-8"))
    except OSError as exc:
        raise typer.BadParameter(f"cannot read {to}: {exc.strerror}") from exc
    settings = load_settings(db=db)
    warn_about_smtp(settings)
    report = send_briefing(briefing_id, addresses, settings=settings, dry_run=dry_run)
    if report.dry_run:
        out.print(f"Dry run: the message to {addresses[0]} is in {report.dry_run}; nothing was sent.")
        return
    out.print(f"Sent to {len(report.sent)} of {len(addresses)} recipients.")
    for address, reason in report.failed.items():
        err.print(f"[red]✗[/] {safe(address)}: {safe(reason)}")
    if report.failed:
        raise typer.Exit(1)


@app.command("feed")
@handles_errors
def feed_cmd(fmt: Annotated[str, typer.Option("--format", "-f", help="atom or rss.")] = "atom",
             output: Annotated[Path | None, typer.Option("--out", "-o", help="File to write (default: stdout).")]
             = None,
             db: DbOption = None) -> None:
    """The feed of published briefings (Atom or RSS 2.0)."""
    from chinabrief.pipeline import briefing_feed

    _write_out(briefing_feed(settings=load_settings(db=db), fmt=fmt), output, f"feed → {output}")


def _write_out(data: bytes, output: Path | None, done: str) -> None:
    """Bytes to ``output`` (saying ``done``), or to stdout as they are."""
    if output:
        output.write_bytes(data)
        err.print(done)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@app.command("briefings")
@handles_errors
def briefings_cmd(db: DbOption = None) -> None:
    """Saved briefings, drafts and published."""
    rows = open_store(load_settings(db=db).db).briefings()
    table = Table(title=f"{len(rows)} briefings", title_justify="left", header_style="bold")
    for column in ("id", "title", "period", "status", "updated", "sent"):
        table.add_column(column, overflow="fold", justify="right" if column == "sent" else "left")
    for row in rows:
        table.add_row(row["id"], row["title"], f"{row['period_start']} – {row['period_end']}", row["status"],
                      row["updated_at"][:16], str(row["sent"] or ""))
    out.print(table)



@app.command("alerts")
@handles_errors
def alerts_cmd(dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the messages; send nothing.")] = False,
               db: DbOption = None) -> None:
    """E-mail the watchlist's new matching stories to the addresses set on it, each story once.

    `chinabrief watch` does this after every pass when SMTP is set up."""
    settings = load_settings(db=db)
    warn_about_smtp(settings)
    report = send_alerts(settings=settings, dry_run=dry_run)
    if dry_run:
        for message in report.dry_run:
            out.print(message, markup=False, highlight=False)
    print_alerts(report)


def warn_about_smtp(settings: Any) -> None:
    from chinabrief.brief.deliver import clear_text_warning

    warning = clear_text_warning(settings.smtp_security, settings.smtp_password)
    if warning:
        err.print(f"[yellow]Warning:[/] {safe(warning)}")


def print_alerts(report: Any) -> None:
    for address, count in report.sent.items():
        out.print(f"Alerted {safe(address)} to {count} new stories.")
    for address, error in report.failed.items():
        err.print(f"[red]Not sent to {safe(address)}:[/] {safe(error)}")
    if not report.sent and not report.failed and not report.dry_run:
        out.print(f"No new stories for the {report.watches} watches with an address.")


