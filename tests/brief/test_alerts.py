"""Watchlist alerts, sent to a real SMTP server (aiosmtpd) on 127.0.0.1, each story once."""

from __future__ import annotations

import email
import email.policy
import sqlite3
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from chinabrief.config import load_settings
from chinabrief.errors import ConfigError, StoreError
from chinabrief.pipeline import send_alerts
from chinabrief.store import open_store
from tests.brief.test_deliver import Inbox
from tests.conftest import free_port


@pytest.fixture
def db(demo_week: Path) -> Path:
    return demo_week


@pytest.fixture
def inbox():  # type: ignore[no-untyped-def]
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield box, controller.port
    controller.stop()


def test_new_matching_stories_are_mailed_once(db: Path, inbox) -> None:
    box, port = inbox
    store = open_store(db)
    store.add_watch("Wang Yi", entity_id="wang-yi", email="desk@example.org")
    store.add_watch("关税", email="trade@example.org")
    store.add_watch("Second Thomas Shoal")  # no address: shown on the home page only
    settings = load_settings(db=db, smtp_host="127.0.0.1", smtp_port=port, smtp_security="none",
                             smtp_from="alerts@chinabrief.example")
    report = send_alerts(settings=settings)
    assert report.watches == 2 and report.sent.get("desk@example.org", 0) >= 1
    mail = next(email.message_from_bytes(raw, policy=email.policy.default) for to, raw in box.messages
                if to == ["desk@example.org"])
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Wang Yi" in mail["Subject"] and "Wang Yi Says China and US Must Find the Right Way" in text
    assert "/stories/s" in text
    before = len(box.messages)
    again = send_alerts(settings=settings)
    assert again.sent == {} and len(box.messages) == before  # nothing is sent twice


def test_dry_run_and_missing_server(db: Path) -> None:
    open_store(db).add_watch("Li Qiang", entity_id="li-qiang", email="desk@example.org")
    preview = send_alerts(db=db, dry_run=True)
    assert len(preview.dry_run) == 1 and "Li Qiang" in preview.dry_run[0]
    with pytest.raises(ConfigError, match="smtp_host"):
        send_alerts(db=db)


def test_an_address_with_a_line_break_is_refused_and_one_stored_earlier_fails_alone(db: Path, inbox) -> None:
    box, port = inbox
    store = open_store(db)
    for bad in ("desk@example.org\r\nBcc: all@example.org", "two words@example.org", "no-at-sign", "a@b@c"):
        with pytest.raises(StoreError, match="not an e-mail address"):
            store.add_watch("Wang Yi", email=bad)
    store.add_watch("Wang Yi", entity_id="wang-yi", email="desk@example.org")
    with sqlite3.connect(db) as conn:  # as an archive of an earlier version may hold one
        conn.execute("INSERT INTO watches (term, entity_id, email, added_at, alerted) "
                     "VALUES ('Li Qiang', 'li-qiang', ?, '2024-03-01', '[]')",
                     ("li@example.org\nBcc: all@example.org",))
    settings = load_settings(db=db, smtp_host="127.0.0.1", smtp_port=port, smtp_security="none",
                             smtp_from="alerts@chinabrief.example")
    report = send_alerts(settings=settings)
    assert report.sent.get("desk@example.org", 0) >= 1
    assert "not an e-mail address" in report.failed["li@example.org\nBcc: all@example.org"]
    assert all("all@example.org" not in to for to, _raw in box.messages)
