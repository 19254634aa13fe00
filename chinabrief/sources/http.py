"""The one way chinabrief reaches the web: polite, bounded, and safe to point at any URL.

Every request goes through :class:`Fetcher`, which

* refuses URLs any of whose addresses is not a public one (a feed or a redirect must not
  reach into the user's network) unless ``allow_private_urls`` is set, and connects only to
  the address it checked;
* follows at most five redirects itself, checking each hop the same way;
* honours robots.txt (protego) and waits ``host_delay_s`` between requests to one host;
* sends conditional requests (ETag / Last-Modified) and reports 304 as "not modified";
* streams bodies and stops at ``max_response_mb`` on the wire and ``max_decompressed_mb``
  after gzip/deflate/brotli, so an oversize page or a compression bomb costs nothing, and
  gives up on a response still arriving after ``max_fetch_s``;
* retries connection errors, 429 and 5xx with backoff (tenacity), and nothing else.

Tests point it at a local server; a transport can be passed in for anything else.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from chinabrief.config import Settings, megabytes
from chinabrief.errors import SourceError

MAX_REDIRECTS = 5
#: Status codes worth another try: the server may answer next time.
RETRY_STATUS = {429, 500, 502, 503, 504}


class FetchError(SourceError):
    """A page or feed could not be had; the message says why, ``status`` what the server said."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class _Retryable(FetchError):
    pass


class _Unresolved(FetchError):
    pass


@dataclass
class Response:
    url: str  # after redirects
    status: int
    headers: dict[str, str]
    body: bytes = b""
    not_modified: bool = False
    redirects: list[str] = field(default_factory=list)

    @property
    def charset(self) -> str | None:
        ctype = self.headers.get("content-type", "")
        for part in ctype.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ")
        return None


def check_url(url: str, allow_private: bool, unresolved_ok: bool = False) -> None:
    """Refuse what chinabrief must not fetch, with the reason: anything but http(s), and unless
    allowed, a host any of whose addresses is not a public one (a name that does not resolve
    now passes with ``unresolved_ok``: following a feed while offline is fine)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"refused {url}: not a URL ({exc})") from exc
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"refused {url}: only http and https URLs are fetched")
    host = parts.hostname
    if not host:
        raise FetchError(f"refused {url}: no host in the URL")
    if allow_private:
        return
    try:
        public_addresses(host, port or (443 if parts.scheme == "https" else 80))
    except _Unresolved:
        if not unresolved_ok:
            raise


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Globally routable, and so is any IPv4 address an IPv6 one carries (6to4, mapped, Teredo):
    carrier-grade NAT (100.64.0.0/10, where some clouds answer metadata) is not."""
    if isinstance(address, ipaddress.IPv6Address):
        carried = [address.sixtofour, address.ipv4_mapped, *(address.teredo or ())]
        if any(inner is not None and not _public(inner) for inner in carried):
            return False
    return address.is_global and not address.is_multicast


def public_addresses(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, refused unless all are public ones."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise _Unresolved(f"cannot resolve {host}: {exc.strerror or exc}") from exc
    found = list(dict.fromkeys(info[4][0].split("%")[0] for info in infos))
    for text in found:
        if not _public(ipaddress.ip_address(text)):
            raise FetchError(f"refused {host}: a private or local address ({text}); "
                             "set allow_private_urls (CHINABRIEF_ALLOW_PRIVATE_URLS=1) to allow it")
    return found


class CheckedBackend(httpcore.SyncBackend):
    """Connections go to the address checked here, not to one the name resolves to a moment
    later: a name that answers with a public address for the check and a loopback one for the
    connection (DNS rebinding) reaches nothing."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options: Any = None) -> Any:
        if not self.allow_private:
            host = public_addresses(host, port)[0]
        return super().connect_tcp(host, port, timeout=timeout, local_address=local_address,
                                   socket_options=socket_options)


class _Decoder:
    """Content-encoding undone chunk by chunk, never producing more than ``limit`` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.limit, self.size = limit, 0
        encoding = encoding.lower().strip()
        if encoding in ("gzip", "x-gzip"):
            self._z: object = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
        elif encoding == "br":
            import brotli

            self._z = brotli.Decompressor()
        elif encoding in ("", "identity"):
            self._z = None
        else:
            raise FetchError(f"unsupported content encoding {encoding!r}")

    def feed(self, chunk: bytes) -> bytes:
        if self._z is None:
            out = chunk
        elif hasattr(self._z, "unconsumed_tail"):
            out = self._z.decompress(chunk, self.limit - self.size + 1)  # type: ignore[attr-defined]
            if self._z.unconsumed_tail:  # type: ignore[attr-defined]
                raise self._over()
        else:  # brotli: its output buffer stops growing at the limit, and more left means over it
            out = self._z.process(chunk, output_buffer_limit=self.limit - self.size + 1)  # type: ignore[attr-defined]
            if not self._z.can_accept_more_data():  # type: ignore[attr-defined]
                raise self._over()
        self.size += len(out)
        if self.size > self.limit:
            raise self._over()
        return out

    def _over(self) -> FetchError:
        return FetchError(f"decompressed body over {megabytes(self.limit)} (max_decompressed_mb; a compression bomb?)")


class Fetcher:
    """Shared by every fetch of a run: one connection pool, one robots cache, one clock per host."""

    def __init__(self, settings: Settings, transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings
        if transport is None:
            transport = httpx.HTTPTransport()
            transport._pool._network_backend = CheckedBackend(settings.allow_private_urls)  # the connect seam
        self.client = httpx.Client(
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate, br"},
            timeout=httpx.Timeout(settings.timeout_s), follow_redirects=False, transport=transport,
        )
        self._robots: dict[str, object] = {}
        self._host_locks: dict[str, threading.Lock] = {}
        self._last_hit: dict[str, float] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None,
            check_robots: bool = True) -> Response:
        """Fetch ``url``; raise :class:`FetchError` (with the status, when there was one)."""
        redirects: list[str] = []
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            check_url(current, self.settings.allow_private_urls)
            if check_robots and not self._allowed(current):
                raise FetchError(f"robots.txt of {urlsplit(current).hostname} disallows {current}")
            headers = {}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            response = self._with_retries(current, headers)
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("location")
                if not location:
                    raise FetchError(f"{current} redirected without saying where", response.status)
                redirects.append(current)
                current = urljoin(current, location)
                if current in redirects:
                    raise FetchError(f"redirect loop at {current}", response.status)
                continue
            response.redirects = redirects
            if response.status == 304:
                response.not_modified = True
                return response
            if response.status >= 400:
                raise FetchError(f"{current} answered {response.status}", response.status)
            return response
        raise FetchError(f"more than {MAX_REDIRECTS} redirects from {url}")

    def _with_retries(self, url: str, headers: dict[str, str]) -> Response:
        retrying = Retrying(
            stop=stop_after_attempt(self.settings.retries + 1), reraise=True,
            wait=wait_exponential(multiplier=min(1.0, self.settings.host_delay_s or 0.1), max=10),
            retry=retry_if_exception(lambda e: isinstance(e, _Retryable)),
        )
        last: Response | None = None
        for attempt in retrying:
            with attempt:
                last = self._once(url, headers)
                if last.status in RETRY_STATUS:
                    raise _Retryable(f"{url} answered {last.status}", last.status)
        assert last is not None
        return last

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        host = urlsplit(url).hostname or ""
        with self._host_lock(host):
            wait = self._last_hit.get(host, 0.0) + self.settings.host_delay_s - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                return self._stream(url, headers)
            except httpx.TimeoutException as exc:
                raise _Retryable(f"{url} timed out after {self.settings.timeout_s:.0f} s") from exc
            except httpx.TransportError as exc:
                raise _Retryable(f"cannot reach {url}: {exc}") from exc
            finally:
                self._last_hit[host] = time.monotonic()

    def _stream(self, url: str, headers: dict[str, str]) -> Response:
        wire_limit = int(self.settings.max_response_mb * 2**20)
        body_limit = int(self.settings.max_decompressed_mb * 2**20)
        with self.client.stream("GET", url, headers=headers) as reply:
            declared = reply.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > wire_limit:
                raise FetchError(f"{url} is {megabytes(int(declared))}, over the {megabytes(wire_limit)} limit "
                                 "(max_response_mb)", reply.status_code)
            result = Response(url=url, status=reply.status_code, headers={k.lower(): v for k, v in
                                                                           reply.headers.items()})
            if reply.status_code >= 300:
                return result
            decoder = _Decoder(reply.headers.get("content-encoding", ""), body_limit)
            received, parts = 0, []
            deadline = time.monotonic() + self.settings.max_fetch_s
            for chunk in reply.iter_raw():
                received += len(chunk)
                if received > wire_limit:
                    raise FetchError(f"{url} sent more than {megabytes(wire_limit)} (max_response_mb)")
                if time.monotonic() > deadline:  # each piece beat the read timeout; the whole did not
                    raise FetchError(f"{url} took over {self.settings.max_fetch_s:.0f} s to arrive (max_fetch_s)")
                parts.append(decoder.feed(chunk))
            result.body = b"".join(parts)
            return result

    def _host_lock(self, host: str) -> threading.Lock:
        with self._lock:
            return self._host_locks.setdefault(host, threading.Lock())

    def _allowed(self, url: str) -> bool:
        from protego import Protego

        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            robots = self._robots.get(origin)
        if robots is None:
            try:
                reply = self.get(f"{origin}/robots.txt", check_robots=False)
                text = reply.body.decode("utf-8", "replace")
            except FetchError:
                text = ""  # no robots.txt (or none we can read): everything is allowed
            robots = Protego.parse(text)
            with self._lock:
                self._robots[origin] = robots
        return bool(robots.can_fetch(url, self.settings.user_agent))  # type: ignore[attr-defined]
