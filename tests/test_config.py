from pathlib import Path

import pytest

from chinabrief.config import load_settings
from chinabrief.errors import ConfigError


def test_layers_defaults_file_environment_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[chinabrief]\nmax_file_mb = 5\nbatch_size = 10\ndb = "/from/file.db"\n')
    monkeypatch.setenv("CHINABRIEF_CONFIG", str(config))
    monkeypatch.delenv("CHINABRIEF_DB")
    settings = load_settings()
    assert (settings.max_file_mb, settings.batch_size, settings.db) == (5.0, 10, Path("/from/file.db"))
    monkeypatch.setenv("CHINABRIEF_DB", str(tmp_path / "env.db"))
    assert load_settings().db == tmp_path / "env.db"
    assert load_settings(db=tmp_path / "cli.db", batch_size=None).db == tmp_path / "cli.db"


def test_bad_settings_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text("max_file_mb = 'lots'\n")
    monkeypatch.setenv("CHINABRIEF_CONFIG", str(config))
    with pytest.raises(ConfigError, match="max_file_mb"):
        load_settings()
    config.write_text("colour = 'red'\n")
    with pytest.raises(ConfigError, match="colour"):
        load_settings()
