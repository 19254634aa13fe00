"""Slowing down password guessing: failed logins are counted per name and per client address
over a window, and past the limit the login answers 429 with Retry-After, right password or
not; and only a few argon2 hashes run at once, each holding 64 MiB.

Counts live in the process: with ``serve --workers N`` each worker counts on its own, so a
guesser gets at most N times the limit.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field

#: Failed logins allowed per name, and per client address (several editors behind one office
#: address), within the window, before the login waits.
FAILURES_PER_NAME = 8
FAILURES_PER_ADDRESS = 30
WINDOW_S = 15 * 60
#: argon2id hashes at once: each takes 64 MiB; forty logins together held 2.5 GB.
CONCURRENT_HASHES = 2
#: Names and addresses remembered before the ones with no recent failure are forgotten.
MAX_KEYS = 10_000
#: How long a login waits for a turn to hash before it is told to try again.
HASH_WAIT_S = 10.0


@dataclass
class LoginThrottle:
    per_name: int = FAILURES_PER_NAME
    per_address: int = FAILURES_PER_ADDRESS
    window_s: float = WINDOW_S
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    hashing: threading.BoundedSemaphore = field(default_factory=lambda: threading.BoundedSemaphore(CONCURRENT_HASHES))

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - self.window_s:
            times.popleft()
        return times

    def retry_after(self, name: str, address: str) -> int:
        """Seconds until this name and address may try again; 0 when they may now."""
        now = time.monotonic()
        with self._lock:
            over = [times[0] + self.window_s - now for key, limit in self._limits(name, address)
                    if len(times := self._recent(key, now)) >= limit]
        return int(max(over)) + 1 if over else 0

    def failed(self, name: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._failures) > MAX_KEYS:  # many names guessed: forget the ones out of the window
                for key in [k for k in self._failures if not self._recent(k, now)]:
                    del self._failures[key]
            for key, _limit in self._limits(name, address):
                self._recent(key, now).append(now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(self._name_key(name), None)

    @staticmethod
    def _name_key(name: str) -> str:
        return "name:" + name.strip().casefold()

    def _limits(self, name: str, address: str) -> list[tuple[str, int]]:
        return [(self._name_key(name), self.per_name), ("address:" + address, self.per_address)]
