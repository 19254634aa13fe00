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
