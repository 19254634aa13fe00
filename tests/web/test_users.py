"""Adding and removing editors from the command line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from chinabrief.cli import app
from chinabrief.store import open_store
from tests.web.conftest import client_for, log_in


def test_users_add_list_replace_and_remove(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    runner = CliRunner()
    added = runner.invoke(app, ["users", "add", "ben", "--password-stdin", "--db", db], input="a long passphrase\n")
    assert added.exit_code == 0, added.output
    again = runner.invoke(app, ["users", "add", "ben", "--password-stdin", "--db", db], input="another passphrase\n")
    assert again.exit_code != 0 and "already a user" in again.output
    short = runner.invoke(app, ["users", "add", "cy", "--password-stdin", "--db", db], input="short\n")
    assert short.exit_code != 0 and "at least 10 characters" in short.output
    assert runner.invoke(app, ["users", "list", "--db", db]).output.split()[:2] == ["ben", "editor"]
    client = client_for(Path(db))
    assert log_in(client, "ben", "a long passphrase").status_code == 303
    replaced = runner.invoke(app, ["users", "add", "ben", "--replace", "--password-stdin", "--db", db],
                             input="a new passphrase\n")
    assert replaced.exit_code == 0 and client.get("/api/items").status_code == 401  # old session ended
    assert log_in(client_for(Path(db)), "ben", "a new passphrase").status_code == 303
    assert runner.invoke(app, ["users", "remove", "ben", "--db", db]).exit_code == 0
    assert open_store(db).users() == []
