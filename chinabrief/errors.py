"""One exception tree for everything chinabrief raises on purpose.

::

    ChinabriefError
    ├── ConfigError            settings that cannot be used
    ├── MissingExtraError      an optional part is not installed (names the pip command)
    ├── SourceError            input that cannot be read
    │   ├── FileTooLargeError  over the configured size cap
    │   ├── EmptyInputError    nothing in it
    │   ├── UnsupportedFormatError
    │   └── DecodeError        bytes that are not text in any encoding we know
    ├── ParseError             readable but malformed (broken PDF, mail, HTML)
    ├── StoreError             the database failed; the batch's transaction was rolled back
    │   └── NotFoundError      no record with that id
    └── DeliveryError          a briefing could not be sent (SMTP unreachable, refused, dropped)

Third-party exceptions are translated at the seam with ``raise ... from exc`` so the
CLI can print one clear line and the original stays in the traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class ChinabriefError(Exception):
    """Base of every error chinabrief raises on purpose."""


class ConfigError(ChinabriefError):
    pass


class MissingExtraError(ChinabriefError):
    def __init__(self, feature: str, extra: str) -> None:
        super().__init__(f"{feature} needs an optional part: pip install 'chinabrief[{extra}]'")
        self.extra = extra


class SourceError(ChinabriefError):
    pass


class FileTooLargeError(SourceError):
    pass


class EmptyInputError(SourceError):
    pass


class UnsupportedFormatError(SourceError):
    pass


class DecodeError(SourceError):
    pass


class ParseError(ChinabriefError):
    pass


class StoreError(ChinabriefError):
    pass


class NotFoundError(StoreError):
    pass


class DeliveryError(ChinabriefError):
    pass


@contextmanager
def unreadable_as_parse_error(what: str) -> Iterator[None]:
    """Around a third-party parser given outside bytes (pypdf, feedparser, lxml): on input it
    was never tested on it raises whatever its internals raise (NotImplementedError for an
    unknown PDF filter, UnicodeEncodeError for a surrogate reference in a feed), and all of it
    means one thing to the user: this input cannot be read. Our own errors pass through."""
    try:
        yield
    except (ChinabriefError, MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:
        raise ParseError(f"{what}: {type(exc).__name__}: {exc}") from exc
