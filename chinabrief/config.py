"""Settings: packaged defaults, then the user's TOML file, then the environment, then CLI options.

One typed object is built once and passed explicitly to whatever needs it; nothing reads
the environment behind the caller's back.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir, user_data_dir

from chinabrief.errors import ConfigError

APP = "chinabrief"

#: Files over this size are refused before they are read: far more than any newsletter, PDF
#: report or mailbox export a desk ingests, far less than would strain a laptop.
DEFAULT_MAX_FILE_MB = 50.0
#: Documents per database transaction: large enough to amortise the commit, small enough
#: that a killed process loses at most a few seconds of work.
DEFAULT_BATCH_SIZE = 200


@dataclass(frozen=True, slots=True)
class Settings:
    db: Path
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    batch_size: int = DEFAULT_BATCH_SIZE
    # Fetching (feeds and pages): see chinabrief/sources/http.py for why each limit exists.
    user_agent: str = "chinabrief/0.1 (+https://github.com/chinabrief/chinabrief)"
    timeout_s: float = 20.0
    max_fetch_s: float = 120.0  # a whole response, however steadily it trickles in
    max_response_mb: float = 10.0
    max_decompressed_mb: float = 40.0
    host_delay_s: float = 1.0
    retries: int = 2
    workers: int = 8
    allow_private_urls: bool = False
    revisit_days: int = 7
    full_text: bool = True  # fetch the article page of feed entries that carry only a summary
    # Stories: entity ids whose stories rank higher (the user's watchlist), and the window.
    watchlist: tuple[str, ...] = ()
    story_window_days: int = 3
    # Delivery of briefings by e-mail (chinabrief send).
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_security: str = "starttls"  # starttls | ssl | none
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "chinabrief@localhost"
    # The web app (chinabrief serve): whether reading needs a login, how long a login lasts,
    # whether cookies are marked Secure (auto: when the request came over HTTPS), the largest upload.
    web_public: bool = False
    session_hours: float = 24.0 * 7
    secure_cookies: str = "auto"  # auto | always | never
    max_upload_mb: float = 20.0
    web_base_url: str = "http://127.0.0.1:8000/"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def megabytes(size: float) -> str:
    """A size in bytes as the MB the size settings are written in (1 MB = 2**20 bytes here)."""
    return f"{size / 2**20:.3g} MB"


ENV = {"db": "CHINABRIEF_DB", "max_file_mb": "CHINABRIEF_MAX_FILE_MB", "batch_size": "CHINABRIEF_BATCH_SIZE",
       "allow_private_urls": "CHINABRIEF_ALLOW_PRIVATE_URLS", "user_agent": "CHINABRIEF_USER_AGENT",
       "host_delay_s": "CHINABRIEF_HOST_DELAY_S", "max_fetch_s": "CHINABRIEF_MAX_FETCH_S",
       "full_text": "CHINABRIEF_FULL_TEXT",
       "watchlist": "CHINABRIEF_WATCHLIST", "smtp_host": "CHINABRIEF_SMTP_HOST", "smtp_port": "CHINABRIEF_SMTP_PORT",
       "smtp_security": "CHINABRIEF_SMTP_SECURITY", "smtp_user": "CHINABRIEF_SMTP_USER",
       "smtp_password": "CHINABRIEF_SMTP_PASSWORD", "smtp_from": "CHINABRIEF_SMTP_FROM",
       "web_public": "CHINABRIEF_WEB_PUBLIC", "secure_cookies": "CHINABRIEF_SECURE_COOKIES",
       "web_base_url": "CHINABRIEF_WEB_BASE_URL"}


def default_db_path() -> Path:
    return Path(user_data_dir(APP)) / "chinabrief.db"


def config_file() -> Path:
    return Path(os.environ.get("CHINABRIEF_CONFIG") or Path(user_config_dir(APP)) / "config.toml")


def _names(value: Any) -> tuple[str, ...]:
    """A list in TOML, or comma-separated in the environment."""
    parts = value.split(",") if isinstance(value, str) else list(value)
    return tuple(str(p).strip() for p in parts if str(p).strip())


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(value)


_KINDS: dict[str, Any] = {"db": Path, "max_file_mb": float, "batch_size": int, "user_agent": str, "timeout_s": float,
                          "max_fetch_s": float,
                          "max_response_mb": float, "max_decompressed_mb": float, "host_delay_s": float,
                          "retries": int, "workers": int, "allow_private_urls": _flag, "revisit_days": int,
                          "full_text": _flag, "watchlist": _names, "story_window_days": int, "smtp_host": str,
                          "smtp_port": int, "smtp_security": str, "smtp_user": str, "smtp_password": str,
                          "smtp_from": str, "web_public": _flag, "session_hours": float, "secure_cookies": str,
                          "max_upload_mb": float, "web_base_url": str}
#: Settings that may be zero (no delay, no retries).
_MAY_BE_ZERO = {"host_delay_s", "retries", "revisit_days"}


def _coerce(name: str, value: Any) -> Any:
    try:
        coerced = _KINDS[name](value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name!r}: cannot use {value!r}") from exc
    if isinstance(coerced, int | float) and not isinstance(coerced, bool) and (
            coerced < 0 or (coerced == 0 and name not in _MAY_BE_ZERO)):
        raise ConfigError(f"setting {name!r} must be positive, got {value!r}")
    return coerced


def load_settings(env: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Build the settings; later layers win, and ``None`` overrides are ignored."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {"db": default_db_path()}
    path = config_file()
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read {path}: {exc}") from exc
        values.update(data.get("chinabrief", data))
    for name, var in ENV.items():
        if env.get(var):
            values[name] = env[var]
    values.update({k: v for k, v in overrides.items() if v is not None})
    known = {f.name for f in fields(Settings)}
    unknown = set(values) - known
    if unknown:
        raise ConfigError(f"unknown settings: {', '.join(sorted(unknown))}")
    settings = Settings(**{k: _coerce(k, v) for k, v in values.items()})
    return replace(settings, db=settings.db.expanduser())
