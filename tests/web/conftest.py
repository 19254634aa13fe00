"""An archive for the web app's tests: the demo week, a file of hostile markup, one editor."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chinabrief.config import load_settings
from chinabrief.pipeline import ingest
from chinabrief.store import open_store
from chinabrief.web.auth import hash_password
from tests.conftest import copy_db

FIXTURES = Path(__file__).parent.parent / "fixtures"
EDITOR, PASSWORD = "ana", "correct horse battery"


@pytest.fixture(scope="session")
def base_db(demo_week_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = copy_db(demo_week_db, tmp_path_factory.mktemp("web"))
    assert ingest([FIXTURES / "web" / "hostile.md"], db=db).ok
    store = open_store(db)
    store.add_user(EDITOR, hash_password(PASSWORD))
    store.close()
    return db


@pytest.fixture
def db(base_db: Path, tmp_path: Path) -> Path:
    """A copy of the archive a test may change."""
    return copy_db(base_db, tmp_path, "web.db")


def client_for(db: Path, **settings: object):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from chinabrief.web.app import create_app

    return TestClient(create_app(load_settings(db=db, **settings)), raise_server_exceptions=False)


def log_in(client, name: str = EDITOR, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    page = client.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text).group(1)
    return client.post("/login", data={"name": name, "password": password, "next": "/", "login_token": token},
                       follow_redirects=False)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


@pytest.fixture
def editor(db: Path):  # type: ignore[no-untyped-def]
    """A client logged in as an editor, over a copy of the archive."""
    client = client_for(db)
    assert log_in(client).status_code == 303
    return client
