"""What every ``chinabrief`` command shares: the Typer app, the consoles, the ``--db`` option,
dates and spans as options, and the one place errors become a red line and exit code 2.

The commands themselves are in :mod:`chinabrief.cli` (archive, sources, stories),
:mod:`chinabrief.cli_briefings` and :mod:`chinabrief.cli_web`; each adds itself to ``app``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from chinabrief import __version__
from chinabrief.errors import ChinabriefError

app = typer.Typer(help="chinabrief: sourced, bilingual briefings from China news.", no_args_is_help=True,
                  add_completion=False, rich_markup_mode="rich")
out = Console()
err = Console(stderr=True)

DbOption = Annotated[Path | None, typer.Option("--db", help="Database file (default: CHINABRIEF_DB, then the "
                                                             "user data folder).", show_default=False)]
F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(fn: F) -> F:
    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
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


