"""Request bodies held to a size as they arrive, declared or not.

A body over the cap is refused with 413 before it is read when it declares its length, and
as soon as the bytes received pass the cap when it does not (chunked transfer): the form parser
never spools more than the cap to disk. A request without a session cookie gets a small cap,
enough for a login or an edit form carried through the login page, so an anonymous client
cannot make the server spool an upload.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from chinabrief.web.auth import SESSION_COOKIE

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

#: A body may exceed the upload cap by this factor (several files, form fields and multipart
#: framing) before it is refused; each file is still held to the cap itself.
UPLOAD_OVERHEAD = 1.5
#: The most a request without a session cookie may send: a login form, or an edit kept through it.
ANONYMOUS_BYTES = 256 * 1024


class _TooLarge(Exception):
    pass


class BodyLimit:
    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], max_upload_mb: float) -> None:
        self.app = app
        self.max_upload_mb = max_upload_mb

    def _limit(self, scope: Scope) -> int:
        cookies = b"; ".join(v for k, v in scope.get("headers", ()) if k == b"cookie")
        signed_in = SESSION_COOKIE.encode() + b"=" in cookies
        return int(self.max_upload_mb * 2**20 * UPLOAD_OVERHEAD) if signed_in else ANONYMOUS_BYTES

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        declared = dict(scope.get("headers", ())).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(send, limit)
            return
        received = 0
        started = exceeded = False

        async def counted() -> Message:
            nonlocal received, exceeded
            message = await receive()
            received += len(message.get("body", b"")) if message["type"] == "http.request" else 0
            if received > limit:
                exceeded = True
                raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if exceeded:  # the app's own answer to a body cut short (FastAPI makes it a 400) is ours
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await self._refuse(send, limit)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        with contextlib.suppress(_TooLarge):  # raised from reading, when the app did not catch it
            await self.app(scope, counted, watched)
        if exceeded and not started:
            await self._refuse(send, limit)

    async def _refuse(self, send: Send, limit: int) -> None:
        if limit == ANONYMOUS_BYTES:
            text = "A request this large needs a login."
        else:
            text = f"This upload is over the {self.max_upload_mb:g} MB limit (max_upload_mb)."
        body = text.encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
