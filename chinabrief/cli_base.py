"""What every ``chinabrief`` command shares: the Typer app, the consoles, the ``--db`` option,
dates and spans as options, and the one place errors become a red line and exit code 2.

The commands themselves are in :mod:`chinabrief.cli` (archive and sources),
:mod:`chinabrief.cli_stories`, :mod:`chinabrief.cli_briefings` and :mod:`chinabrief.cli_web`;
each adds itself to ``app``.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable
from datetime import date, timedelta
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from chinabrief import __version__
from chinabrief.errors import ChinabriefError

app = typer.Typer(help="chinabrief: sourced, bilingual briefings from China news.", no_args_is_help=True,
                  add_completion=False, rich_markup_mode="rich")
out = Console()
err = Console(stderr=True)

DbOption = Annotated[Path | None, typer.Option("--db", help="Database file (default: CHINABRIEF_DB, then the "
                                                             "user data folder).", show_default=False)]
F = TypeVar("F", bound=Callable[..., Any])


class ListFormat(StrEnum):
    """How a listing command prints: a table for people, JSON or CSV for programs."""

    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[ListFormat, typer.Option("--format", "-f", help="table, json (every field) or csv.")]
#: A column of a CSV listing: its name and how to read it from a row.
Columns = dict[str, Callable[[dict[str, Any]], Any]]


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(value: object) -> str:
    """Text from a source (a headline, a name, a URL) as the terminal should show it: square
    brackets are not Rich markup ("[/]" crashed a listing, "[link=…]" hid a hyperlink), and
    control characters (escape sequences) are dropped."""
    from rich.markup import escape

    return escape(_CONTROL.sub("", "" if value is None else str(value)))


def emit(rows: list[dict[str, Any]], fmt: ListFormat, columns: Columns, table: Callable[[], None]) -> None:
    """Print a listing: ``table`` draws it for people; JSON writes the rows whole, CSV the columns."""
    if fmt is ListFormat.table:
        table()
    elif fmt is ListFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if (v := read(row)) is None else v for read in columns.values()])
    sys.stdout.flush()


def upgrade_archive(db: Path | None) -> None:
    """Bring an archive made by an earlier version up to date before a command uses it, with a
    progress bar while a migration re-indexes it (minutes for a large archive)."""
    from chinabrief.config import load_settings
    from chinabrief.store import open_store
    from chinabrief.store.database import pending_migrations

    path = load_settings(db=db).db
    if not path.exists() or "://" in str(db or "") or not pending_migrations(path):
        return
    with Progress(TextColumn("[bold]upgrading the archive"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("", total=None)
        open_store(path, progress=lambda done, total: bar.update(task, completed=done, total=total)).close()


def handles_errors(fn: F) -> F:
    """Every command: an archive given by ``--db`` (or the default one) is upgraded first, and
    chinabrief's errors become one red line and exit code 2."""
    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            if "db" in kwargs:
                upgrade_archive(kwargs["db"])
            return fn(*args, **kwargs)
        except ChinabriefError as exc:
            err.print(f"[bold red]error:[/] {exc}")
            raise typer.Exit(2) from exc

    return wrapper  # type: ignore[return-value]


def parse_since(value: str | None) -> date | None:
    """``2024-03-01``, or a span back from today: ``7d``, ``2w``."""
    if not value:
        return None
    if m := re.fullmatch(r"(\d+)\s*([dw])", value.strip()):
        days = int(m.group(1)) * (7 if m.group(2) == "w" else 1)
        return date.today() - timedelta(days=days)
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD) or a span like 7d") from exc


def version_callback(value: bool) -> None:
    if value:
        out.print(f"chinabrief {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True,
                                               help="Show the version and exit.")] = False) -> None:
    """chinabrief turns newsletters, digests, feeds and articles into sourced briefings."""


