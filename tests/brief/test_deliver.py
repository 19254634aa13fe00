"""Sending briefings to a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from typer.testing import CliRunner

from chinabrief.brief.deliver import recipients
from chinabrief.cli import app
from chinabrief.config import load_settings
from chinabrief.errors import ConfigError, DeliveryError
from chinabrief.pipeline import brief, send_briefing
from chinabrief.store import open_store
from tests.brief.test_briefing import demo_corpus_db
from tests.conftest import copy_db, free_port


class Inbox:
    """Keeps what the server accepted; refuses addresses at refused.example."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@refused.example"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"


@pytest.fixture
def smtp_server():
    inbox = Inbox()

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"editor" and auth_data.password == b"s3cret"
        return AuthResult(success=ok, handled=False)  # False: the server answers 535 itself

    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), authenticator=authenticate,
                            auth_require_tls=False)
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = demo_corpus_db(tmp_path_factory.mktemp("deliver"))
    brief(db=db, week="2024-W10", top=5)
    return db


@pytest.fixture
def db(base_db: Path, tmp_path: Path) -> Path:
    return copy_db(base_db, tmp_path)


def _settings(db: Path, port: int, **more):
    values = {"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_security": "none", "smtp_user": "editor",
              "smtp_password": "s3cret", "smtp_from": "briefings@chinabrief.example", "timeout_s": 5, **more}
    return load_settings(db=db, **values)


def test_each_recipient_gets_the_briefing_as_html_and_text(db: Path, smtp_server) -> None:
    inbox, port = smtp_server
    report = send_briefing("2024-W10", ["ana@example.org", "ben@example.org"], settings=_settings(db, port))
    assert report.sent == ["ana@example.org", "ben@example.org"] and not report.failed
    assert [to for to, _raw in inbox.messages] == [["ana@example.org"], ["ben@example.org"]]
    mail = email.message_from_bytes(inbox.messages[0][1], policy=email.policy.default)
    assert mail["Subject"] == "China briefing, 4–10 March 2024" and mail["To"] == "ana@example.org"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    briefing = open_store(db).briefing("2024-W10")
    first = briefing["stories"][0]["sections"]["What Happened"][0]["text"]
    assert first in text and "What Happened" in html and 'style="' in html
    sent = [d for d in open_store(db).deliveries("2024-W10") if d["status"] == "sent"]
    assert [d["recipient"] for d in sent] == ["ana@example.org", "ben@example.org"]


def test_a_refused_recipient_is_failed_and_the_others_still_sent(db: Path, smtp_server) -> None:
    _inbox, port = smtp_server
    report = send_briefing("2024-W10", ["nobody@refused.example", "ana@example.org"], settings=_settings(db, port))
    assert report.sent == ["ana@example.org"] and "550" in report.failed["nobody@refused.example"]
    statuses = {d["recipient"]: d["status"] for d in open_store(db).deliveries("2024-W10")}
    assert statuses == {"nobody@refused.example": "failed", "ana@example.org": "sent"}


def test_a_wrong_password_is_a_clear_error_and_nothing_is_sent(db: Path, smtp_server) -> None:
    inbox, port = smtp_server
    with pytest.raises(DeliveryError, match="refused the login"):
        send_briefing("2024-W10", ["ana@example.org"], settings=_settings(db, port, smtp_password="wrong"))
    assert inbox.messages == [] and open_store(db).deliveries("2024-W10") == []


def test_a_server_that_drops_the_connection_marks_nothing_sent(db: Path) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def hang_up() -> None:
        for _ in range(2):
            conn, _addr = listener.accept()
            conn.sendall(b"220 hello\r\n")
            conn.close()

    threading.Thread(target=hang_up, daemon=True).start()
    port = listener.getsockname()[1]
    with pytest.raises(DeliveryError, match=r"127\.0\.0\.1"):
        send_briefing("2024-W10", ["ana@example.org"], settings=_settings(db, port))
    listener.close()
    assert not [d for d in open_store(db).deliveries("2024-W10") if d["status"] == "sent"]


def test_dry_run_writes_the_message_and_sends_nothing(db: Path, tmp_path: Path) -> None:
    (tmp_path / "list.txt").write_text("# the list\nana@example.org\nben@example.org, cy@example.org\n")
    eml = tmp_path / "out.eml"
    result = CliRunner().invoke(app, ["send", "2024-W10", "--to", str(tmp_path / "list.txt"), "--dry-run", str(eml),
                                      "--db", str(db)])
    assert result.exit_code == 0, result.output
    mail = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert mail["To"] == "ana@example.org" and mail.is_multipart()
    assert {d["status"] for d in open_store(db).deliveries("2024-W10")} == {"dry-run"}


def test_sending_without_a_server_or_to_bad_addresses_is_refused(db: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="smtp_host"):
        send_briefing("2024-W10", ["ana@example.org"], settings=load_settings(db=db))
    with pytest.raises(ConfigError, match="not an e-mail address"):
        recipients("ana@example.org\nnot an address\n")


def test_a_title_with_a_line_break_is_one_line_in_the_subject(db: Path, smtp_server) -> None:
    inbox, port = smtp_server
    made = brief(db=db, week="2024-W10", top=2, title="Week 10\r\nBcc: all@example.org")
    assert made["title"] == "Week 10 Bcc: all@example.org"
    store = open_store(db)
    old = store.briefing("2024-W10")  # as an archive of an earlier version may hold one
    store.save_briefing({**old, "title": "Week 10\nBcc: all@example.org"})
    report = send_briefing("2024-W10", ["ana@example.org"], settings=_settings(db, port))
    assert report.sent == ["ana@example.org"]
    (to, raw), = inbox.messages
    mail = email.message_from_bytes(raw, policy=email.policy.default)
    assert to == ["ana@example.org"] and mail["Subject"] == "Week 10 Bcc: all@example.org" and mail["Bcc"] is None


def test_a_password_sent_without_encryption_is_warned_about(db: Path, smtp_server, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    inbox, port = smtp_server
    for name, value in {"HOST": "127.0.0.1", "PORT": str(port), "SECURITY": "none", "USER": "editor",
                        "PASSWORD": "s3cret", "FROM": "briefings@chinabrief.example"}.items():
        monkeypatch.setenv(f"CHINABRIEF_SMTP_{name}", value)
    (tmp_path / "list.txt").write_text("ana@example.org\n")
    result = CliRunner().invoke(app, ["send", "2024-W10", "--to", str(tmp_path / "list.txt"), "--db", str(db)],
                                env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert 'smtp_security = "none" sends the SMTP password unencrypted' in result.output
    assert "Sent to 1 of 1 recipients." in result.output and len(inbox.messages) == 1
