"""Helpers shared by tests (importable as ``support`` from any test module).

Tests that need the seed notices, the reference digests or the published data read them from the
``shared/`` folder beside the checkout (or ``ENVPLAN_SHARED_DIR``). Where it is absent they skip with
the reason; with ``ENVPLAN_REQUIRE_SHARED=1`` (set by ``.ci/run``) they fail instead.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from envplan.documents import ParsedNotice

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The ../shared/ folder (or ENVPLAN_SHARED_DIR)."""
    env = os.environ.get("ENVPLAN_SHARED_DIR")
    return Path(env) if env else REPO_ROOT.parent / "shared"


def require_external(what: str, reason: str, env_flag: str) -> None:
    """Skip (or fail, when ``env_flag`` is set to 1) because ``what`` is unavailable."""
    message = f"{what} unavailable: {reason}"
    if os.environ.get(env_flag) == "1":
        pytest.fail(f"{message} ({env_flag}=1)")
    pytest.skip(message)


def shared_path(*parts: str) -> Path:
    """Path of a file under ../shared/, skipping (or failing under CI) the test if it is absent."""
    path = shared_dir().joinpath(*parts)
    if not path.exists():
        require_external(f"shared file {'/'.join(parts)}", f"{path} does not exist", "ENVPLAN_REQUIRE_SHARED")
    return path


def seed_path(name: str) -> Path:
    """A seed notice, e.g. seed_path('000_bb95c80613778daa.txt')."""
    return shared_path("seeds", name)


# the seed notices that carry plans (001 is a year-end review, not a plan)
PLAN_SEEDS = (
    "000_bb95c80613778daa.txt",
    "002_51e324a2bd90c1c6.txt",
    "003_1a3a67b7a1f5494e.txt",
    "004_4a1c0cf63212e619.txt",
)


@functools.cache
def parsed_seed(name: str) -> ParsedNotice:
    """A seed notice parsed once per test process (tests only read it; skips without shared/)."""
    from envplan.documents import parse_file

    return parse_file(seed_path(name))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SmtpSink:
    """A real SMTP server on loopback (aiosmtpd) that keeps every message it accepts."""

    def __init__(self) -> None:
        import email.message

        from aiosmtpd.controller import Controller
        from aiosmtpd.handlers import Message as MessageHandler

        messages: list[email.message.Message] = []

        class Keep(MessageHandler):
            def handle_message(self, message: email.message.Message) -> None:
                messages.append(message)

        self.port = free_port()
        self.messages = messages
        handler = Keep(message_class=email.message.EmailMessage)
        self._controller = Controller(handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpSink:
        self._controller.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._controller.stop()
