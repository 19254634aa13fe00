from __future__ import annotations

from pathlib import Path

import pytest

from chinabrief.config import load_settings
from chinabrief.enrich.outlets import OutletCatalogue, load_outlets
from chinabrief.store import Store, open_store

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's own config file or database."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CHINABRIEF_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("CHINABRIEF_DB", str(home / "default.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))


def free_port() -> int:
    """A port nothing on 127.0.0.1 listens on now, for a test's own server."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_db(source: Path, folder: Path, name: str = "demo.db") -> Path:
    """A copy of a prepared archive that a test may change."""
    import shutil

    copy = folder / name
    shutil.copy(source, copy)
    return copy


@pytest.fixture(scope="session")
def demo_week_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo week, ingested once for every test that only needs to read or copy it."""
    from tests.brief.test_briefing import demo_corpus_db

    return demo_corpus_db(tmp_path_factory.mktemp("demo-week"))


@pytest.fixture
def demo_week(demo_week_db: Path, tmp_path: Path) -> Path:
    """A copy of the demo week's archive of this test's own."""
    return copy_db(demo_week_db, tmp_path)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "archive.db"


@pytest.fixture
def store(db_path: Path) -> Store:
    s = open_store(db_path)
    yield s
    s.close()


@pytest.fixture
def settings(db_path: Path):
    return load_settings(db=db_path)


@pytest.fixture(scope="session")
def catalogue() -> OutletCatalogue:
    return load_outlets()


@pytest.fixture(scope="session")
def enricher():
    from chinabrief.enrich.enricher import Enricher

    return Enricher()


@pytest.fixture(scope="session")
def gazetteer(enricher):
    return enricher.gazetteer


@pytest.fixture
def web():
    """A real HTTP server on 127.0.0.1; tests add the routes they need."""
    from tests.webserver import TestServer

    server = TestServer()
    server.thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def fetch_settings(db_path: Path):
    """Settings for fetching from the local server: private addresses allowed, no delays."""
    return load_settings(db=db_path, allow_private_urls=True, host_delay_s=0, retries=1, timeout_s=2,
                         max_response_mb=1, max_decompressed_mb=2)
