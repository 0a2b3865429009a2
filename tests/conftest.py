"""Shared fixtures. Plain helpers live in ``support.py`` (importable as ``support``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import shared_path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return shared_path("seeds")
