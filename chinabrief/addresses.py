"""E-mail addresses and one-line texts, checked where they come in.

Whatever goes into a mail header (a recipient, a briefing's title as the subject) is checked
when it is entered, so one bad value cannot stop a send for everyone later; what an earlier
version stored is checked again where a message is built, and fails that message alone.
"""

from __future__ import annotations

import re

#: RFC 5321's limit on a forward path.
MAX_ADDRESS = 254
#: A mailbox as people type it: no spaces, controls, angle brackets, commas or quotes, one @,
#: a dot somewhere after it or a bare host name (``desk@localhost`` is fine on a newsroom LAN).
_ADDRESS = re.compile(r"[^\s@<>,;\"()\[\]\\]+@[^\s@<>,;\"()\[\]\\]+")


def email_address(text: str) -> str:
    """``text`` stripped, if it is one plain e-mail address; else ValueError saying so."""
    address = text.strip()
    if len(address) > MAX_ADDRESS or not _ADDRESS.fullmatch(address) or not address.isprintable():
        raise ValueError(f"not an e-mail address: {address!r}")
    return address


def one_line(text: str) -> str:
    """``text`` with every run of white space (line breaks included) made one space."""
    return " ".join(text.split())
