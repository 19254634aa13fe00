"""The web app's commands: ``serve`` and ``users``; registered on :data:`chinabrief.cli.app`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from chinabrief.cli_base import DbOption, app, err, handles_errors, out, safe
from chinabrief.config import load_settings
from chinabrief.errors import ChinabriefError
from chinabrief.store import open_store


@app.command("serve")
@handles_errors
def serve_cmd(host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0: every interface).")]
              = "127.0.0.1",
              port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
              public: Annotated[bool | None, typer.Option("--public/--private",
                                                          help="Whether reading needs a login (default: the "
                                                               "web_public setting, private).")] = None,
              workers: Annotated[int, typer.Option(help="Server processes (one per core serves the most "
                                                        "readers).")] = 1,
              db: DbOption = None) -> None:
    """The web app: stories, search, entities, trends, the briefing editor and the JSON API."""
    try:
        import uvicorn
    except ImportError as exc:
        raise ChinabriefError("the web app needs its extra: pip install 'chinabrief[web]'") from exc
    from chinabrief.web.app import create_app

    settings = load_settings(db=db, **({} if public is None else {"web_public": public}))
    app_ = create_app(settings)
    editors = app_.state.store.user_count()
    if not editors:
        err.print("[yellow]No editors yet:[/] add one with [bold]chinabrief users add NAME[/] to log in.")
    if not _loopback(host):
        err.print(f"[yellow]Warning:[/] listening on {safe(host)}: other machines can reach this server. "
                  + ("Anyone who reaches it reads the archive (--public). " if settings.web_public else "")
                  + ("Nobody can log in until an editor is added. " if not editors else "")
                  + "Passwords and session cookies cross the network in clear unless a proxy serves it "
                    "over HTTPS.")
    err.print(f"chinabrief on http://{host}:{port}/ ({'public' if settings.web_public else 'login needed'}), "
              f"archive {settings.db}")
    if workers > 1:  # each process builds its own app from the same settings, passed by environment
        import os

        os.environ["CHINABRIEF_DB"] = str(settings.db)
        os.environ["CHINABRIEF_WEB_PUBLIC"] = "1" if settings.web_public else "0"
        uvicorn.run("chinabrief.web.app:create_app", factory=True, host=host, port=port, workers=workers,
                    log_level="warning", proxy_headers=True)
    else:
        uvicorn.run(app_, host=host, port=port, log_level="warning", proxy_headers=True)




def _loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (``localhost``, 127.0.0.0/8, ``::1``)."""
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


users_app = typer.Typer(help="Editors who can log in to the web app.", no_args_is_help=True)
app.add_typer(users_app, name="users")


@users_app.command("add")
@handles_errors
def users_add_cmd(name: Annotated[str, typer.Argument(help="The editor's login name.")],
                  role: Annotated[str, typer.Option(help="editor or admin.")] = "editor",
                  password_stdin: Annotated[bool, typer.Option("--password-stdin",
                                                               help="Read the password from stdin.")] = False,
                  replace: Annotated[bool, typer.Option("--replace", help="Set a new password for an existing "
                                                                           "user (ends their sessions).")] = False,
                  db: DbOption = None) -> None:
    """Add an editor (the password is asked for, or read from stdin); it is stored as an argon2 hash."""
    from chinabrief.web.auth import hash_password

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    open_store(load_settings(db=db).db).add_user(name.strip(), hash_password(password), role, replace=replace)
    out.print(f"{name} can now log in{' (password replaced)' if replace else ''}.")


@users_app.command("list")
@handles_errors
def users_list_cmd(db: DbOption = None) -> None:
    """Editors who can log in."""
    for user in open_store(load_settings(db=db).db).users():
        out.print(f"{user['name']}\t{user['role']}\t{user['created_at'][:10]}")


@users_app.command("remove")
@handles_errors
def users_remove_cmd(name: Annotated[str, typer.Argument(help="The editor's login name.")],
                     db: DbOption = None) -> None:
    """Remove an editor and end their sessions."""
    open_store(load_settings(db=db).db).remove_user(name)
    out.print(f"{name} removed.")


