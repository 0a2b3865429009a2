"""Sign-in throttling: at most ``max_failures`` failed sign-ins per ``window_seconds`` [s],
counted separately by user name and by client address (whichever trips first blocks).

Counts are kept in the process (one uvicorn worker is the deployment unit); a successful
sign-in clears the user name's count but not the address's.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable


class LoginThrottle:
    """Sliding-window counter of failed sign-ins keyed by ``user:NAME`` and ``addr:IP``."""

    def __init__(
        self, max_failures: int, window_seconds: int, clock: Callable[[], float] = time.time
    ) -> None:
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self._clock = clock
        self._failures: defaultdict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    @staticmethod
    def keys(username: str, address: str) -> tuple[str, str]:
        return (f"user:{username.strip().casefold()}", f"addr:{address}")

    def _recent(self, key: str, now: float) -> deque[float]:
        stamps = self._failures[key]
        while stamps and stamps[0] <= now - self.window_seconds:
            stamps.popleft()
        return stamps

    def retry_after(self, username: str, address: str) -> int:
        """Seconds [s] until a sign-in may be tried again; 0 when it is allowed now."""
        now = self._clock()
        wait = 0.0
        with self._lock:
            for key in self.keys(username, address):
                stamps = self._recent(key, now)
                if len(stamps) >= self.max_failures:
                    wait = max(wait, stamps[0] + self.window_seconds - now)
        return int(wait) + (1 if wait > int(wait) else 0)

    def record_failure(self, username: str, address: str) -> None:
        now = self._clock()
        with self._lock:
            for key in self.keys(username, address):
                self._recent(key, now).append(now)

    def record_success(self, username: str, address: str) -> None:
        with self._lock:
            self._failures.pop(self.keys(username, address)[0], None)
