"""A real HTTP server on 127.0.0.1 for the fetching tests, serving fixture files and
misbehaving on purpose (redirect loops, 304s, 404/410, slow, trickled and oversize replies, bombs,
a page that changes between two fetches)."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
Route = Callable[["Handler"], tuple[int, dict[str, str], bytes]]


class Handler(BaseHTTPRequestHandler):
    server: TestServer

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        route = self.server.routes.get(self.path.split("?")[0])
        status, headers, body = route(self) if route else (404, {"Content-Type": "text/plain"}, b"not found")
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (size caps)
            if isinstance(body, bytes):
                self.wfile.write(body)
                return
            for chunk in body:  # a body sent piece by piece (a trickle)
                self.wfile.write(chunk)
                self.wfile.flush()

    def log_message(self, *_args: object) -> None:
        pass


class TestServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    def file(self, path: str, fixture: str, content_type: str, **headers: str) -> None:
        raw = (FIXTURES / fixture).read_bytes().replace(b"http://HOST", self.base.encode())
        self.routes[path] = lambda _h: (200, {"Content-Type": content_type, **headers}, raw)

    def bytes(self, path: str, body: bytes, status: int = 200, **headers: str) -> None:
        self.routes[path] = lambda _h: (status, {"Content-Type": "text/html; charset=utf-8", **headers}, body)

    def redirect(self, path: str, to: str, status: int = 302) -> None:
        self.routes[path] = lambda _h: (status, {"Location": to}, b"")

    def with_etag(self, path: str, fixture: str, content_type: str, etag: str) -> None:
        raw = (FIXTURES / fixture).read_bytes().replace(b"http://HOST", self.base.encode())

        def route(handler: Handler) -> tuple[int, dict[str, str], bytes]:
            if handler.headers.get("If-None-Match") == etag:
                return 304, {"ETag": etag}, b""
            return 200, {"Content-Type": content_type, "ETag": etag}, raw
        self.routes[path] = route

    def slow(self, path: str, seconds: float) -> None:
        def route(_h: Handler) -> tuple[int, dict[str, str], bytes]:
            time.sleep(seconds)
            return 200, {"Content-Type": "text/html"}, b"<html><body><p>late</p></body></html>"
        self.routes[path] = route

    def trickle(self, path: str, chunk: bytes, every_s: float, count: int) -> None:
        """A body that arrives ``chunk`` by ``chunk``, one every ``every_s`` seconds: never slow
        enough for a read timeout, never done."""
        def pieces():  # type: ignore[no-untyped-def]
            for _ in range(count):
                yield chunk
                time.sleep(every_s)

        headers = {"Content-Type": "text/html", "Content-Length": str(len(chunk) * count)}
        self.routes[path] = lambda _h: (200, headers, pieces())  # type: ignore[return-value]

    def gzip_bomb(self, path: str, megabytes: int) -> None:
        body = gzip.compress(b"\0" * (megabytes * 2**20), compresslevel=9)
        self.routes[path] = lambda _h: (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, body)

    def brotli_bomb(self, path: str, megabytes: int) -> None:
        import brotli

        body = brotli.compress(b"\0" * (megabytes * 2**20), quality=5)
        self.routes[path] = lambda _h: (200, {"Content-Type": "text/html", "Content-Encoding": "br"}, body)

    def sequence(self, path: str, fixtures: list[str]) -> None:
        """A page that changes: each fetch serves the next fixture (the last one stays)."""
        served = iter(fixtures)
        last: list[str] = [fixtures[0]]

        def route(_h: Handler) -> tuple[int, dict[str, str], bytes]:
            last[0] = next(served, last[0])
            return 200, {"Content-Type": "text/html; charset=utf-8"}, (FIXTURES / last[0]).read_bytes()
        self.routes[path] = route
