"""Delivering a briefing by e-mail, and the feed of published briefings.

Each recipient gets their own message (a reader's address is not shown to the others): a
``multipart/alternative`` e-mail with the plain-text briefing and the HTML one. SMTP settings
come from the config file or the environment (``CHINABRIEF_SMTP_HOST``, ``_PORT``, ``_USER``,
``_PASSWORD``, ``_FROM``, ``_SECURITY`` = ``starttls`` | ``ssl`` | ``none``). Only a message
the server accepted is recorded as sent; a refused recipient is recorded as failed and the
others still get theirs; a server that cannot be reached, refuses the login or drops the
connection stops the run with one clear error, and nothing after it is marked sent.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from chinabrief.addresses import email_address, one_line
from chinabrief.brief.render import render
from chinabrief.errors import ConfigError, DeliveryError

SECURITY = ("starttls", "ssl", "none")


@dataclass(frozen=True, slots=True)
class Smtp:
    host: str
    port: int = 587
    security: str = "starttls"
    user: str | None = None
    password: str | None = None
    sender: str = "chinabrief@localhost"
    timeout_s: float = 30.0


@dataclass
class DeliveryReport:
    sent: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    dry_run: Path | None = None


def recipients(text: str) -> list[str]:
    """Addresses, one per line (or comma-separated); blank lines and ``#`` comments skipped."""
    found: list[str] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        for part in line.split(","):
            if not part.strip():
                continue
            try:
                address = email_address(part)
            except ValueError as exc:
                raise ConfigError(str(exc)) from exc
            if address not in found:
                found.append(address)
    return found


def message(briefing: dict[str, Any], sender: str, to: str) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = one_line(briefing["title"])
    mail["From"] = sender
    mail["To"] = to
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1] or "localhost")
    mail.set_content(render(briefing, "txt"))
    mail.add_alternative(render(briefing, "html"), subtype="html")
    return mail


def clear_text_warning(security: str, password: str | None) -> str | None:
    """What to tell the user when the SMTP password would cross the network unencrypted."""
    if security == "none" and password:
        return ('smtp_security = "none" sends the SMTP password unencrypted: safe only for a mail server on this '
                'machine; use "starttls" or "ssl" for any other')
    return None


def _connect(smtp: Smtp) -> smtplib.SMTP:
    if smtp.security not in SECURITY:
        raise ConfigError(f"smtp_security must be one of {', '.join(SECURITY)}, not {smtp.security!r}")
    try:
        if smtp.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout_s,
                                                    context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_s)
            if smtp.security == "starttls":
                client.starttls(context=ssl.create_default_context())
        if smtp.user:
            client.login(smtp.user, smtp.password or "")
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(f"the SMTP server {smtp.host}:{smtp.port} refused the login for {smtp.user}: "
                            f"{exc.smtp_code} {exc.smtp_error!r}") from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"cannot reach the SMTP server {smtp.host}:{smtp.port}: {exc or type(exc).__name__}") \
            from exc
    return client


def send(briefing: dict[str, Any], to: list[str], smtp: Smtp | None, dry_run: Path | None = None,
         record: Any = None) -> DeliveryReport:
    """Send ``briefing`` to each address of ``to``; with ``dry_run``, write the message for the
    first recipient to that ``.eml`` file instead. ``record(recipient, status, error)`` is
    called for each recipient once their fate is known."""
    if not briefing.get("stories"):
        raise DeliveryError("the briefing has no stories: nothing to send")
    if not to:
        raise ConfigError("no recipients")
    report = DeliveryReport()
    if dry_run is not None:
        sender = smtp.sender if smtp else "chinabrief@localhost"
        dry_run.write_bytes(bytes(message(briefing, sender, to[0])))
        report.dry_run = dry_run
        for address in to:
            if record:
                record(address, "dry-run", None)
        return report
    if smtp is None or not smtp.host:
        raise ConfigError("no SMTP server: set smtp_host in the config file or CHINABRIEF_SMTP_HOST")
    client = _connect(smtp)
    try:
        for address in to:
            try:
                client.send_message(message(briefing, smtp.sender, address), smtp.sender, [address])
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                report.failed[address] = _reason(exc)
                if record:
                    record(address, "failed", report.failed[address])
                continue
            except (OSError, smtplib.SMTPException) as exc:
                left = to[to.index(address):]
                for other in left:
                    report.failed[other] = f"not sent: the connection failed ({exc or type(exc).__name__})"
                    if record:
                        record(other, "failed", report.failed[other])
                raise DeliveryError(f"the SMTP server {smtp.host}:{smtp.port} dropped the connection after "
                                    f"{len(report.sent)} of {len(to)} messages; the other {len(left)} were not sent") \
                    from exc
            report.sent.append(address)
            if record:
                record(address, "sent", None)
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            client.quit()
    return report


def send_messages(smtp: Smtp, messages: list[EmailMessage]) -> dict[str, str | None]:
    """Send each message over one connection; recipient -> None when accepted, else why not."""
    outcome: dict[str, str | None] = {}
    client = _connect(smtp)
    try:
        for mail in messages:
            try:
                client.send_message(mail)
                outcome[str(mail["To"])] = None
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                outcome[str(mail["To"])] = _reason(exc)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"the SMTP server {smtp.host}:{smtp.port} dropped the connection: {exc}") from exc
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            client.quit()
    return outcome


def _reason(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()))
        return f"refused by the server: {code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
    code = getattr(exc, "smtp_code", "")
    text = getattr(exc, "smtp_error", b"")
    return f"refused by the server: {code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"


def feed(briefings: list[dict[str, Any]], fmt: str = "atom", link: str = "https://chinabrief.invalid/") -> bytes:
    """An Atom (or RSS 2.0) feed of published briefings, newest first (feedgen)."""
    from feedgen.feed import FeedGenerator

    if fmt not in ("atom", "rss"):
        raise ConfigError(f"feed format must be atom or rss, not {fmt!r}")
    gen = FeedGenerator()
    gen.id(link)
    gen.title("chinabrief: published briefings")
    gen.link(href=link, rel="alternate")
    gen.description("Sourced briefings on China: every sentence quoted from a named outlet.")
    gen.language("en")
    for briefing in reversed(briefings):  # feedgen puts the last added first
        entry = gen.add_entry()
        entry.id(f"{link.rstrip('/')}/briefings/{briefing['id']}")
        entry.title(briefing["title"])
        entry.link(href=f"{link.rstrip('/')}/briefings/{briefing['id']}")
        if briefing.get("published_at"):
            entry.published(briefing["published_at"])
            entry.updated(briefing["published_at"])
        entry.content(render(briefing, "html"), type="html")
        entry.summary("; ".join(s["headline"] for s in briefing["stories"]))
    return gen.atom_str(pretty=True) if fmt == "atom" else gen.rss_str(pretty=True)
