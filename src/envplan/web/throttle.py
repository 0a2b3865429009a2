"""A per-process shield in front of the sign-in throttle.

The throttle itself is in the database (:func:`envplan.ledger.services.users.sign_in`): failures
are counted by account and by client address there, so N worker processes share one limit. Once
the database has refused an address, this process refuses that address again without any
database work until the wait is over: a flood from one address then costs no query at all. It only
remembers refusals the database made, so it never lets through what the database would refuse.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class LoginThrottle:
    """Addresses the database throttle refused, with the time [s, ``clock``] their wait ends."""

    MAX_ADDRESSES = 10_000  # memory bound under a flood from many addresses

    def __init__(
        self, max_failures: int, window_seconds: int, clock: Callable[[], float] = time.time
    ) -> None:
        self.max_failures = max_failures  # the limits the database applies (for display)
        self.window_seconds = window_seconds
        self._clock = clock
        self._blocked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def blocked_for(self, address: str) -> int:
        """Seconds [s] this process still refuses ``address``; 0 when the database must decide."""
        now = self._clock()
        with self._lock:
            until = self._blocked_until.get(address, 0.0)
            if until <= now:
                self._blocked_until.pop(address, None)
                return 0
        return max(1, int(until - now + 0.999))

    def block(self, address: str, seconds: int) -> None:
        """Remember the database's refusal of ``address`` for ``seconds`` [s]."""
        if seconds <= 0:
            return
        now = self._clock()
        with self._lock:
            if len(self._blocked_until) >= self.MAX_ADDRESSES:
                expired = [a for a, until in self._blocked_until.items() if until <= now]
                for stale in expired or list(self._blocked_until)[: self.MAX_ADDRESSES // 10]:
                    del self._blocked_until[stale]
            self._blocked_until[address] = now + seconds
