"""The web application (FastAPI, server-rendered Chinese pages, JSON twins under /api/)."""

from __future__ import annotations

from envplan.web.app import create_app

__all__ = ["create_app"]
