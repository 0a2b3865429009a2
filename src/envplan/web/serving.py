"""What ``envplan serve`` does before serving: open the database, create or upgrade the schema,
load the demo notices and users into an empty database when asked, and build the app."""

from __future__ import annotations

import os

from fastapi import FastAPI
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from envplan.ledger.db import make_engine, upgrade
from envplan.ledger.models import Document, User
from envplan.settings import Settings
from envplan.web.app import POOL, create_app

DemoSignIn = tuple[str, str, str]  # user name, password, what the account is
MAX_DEFAULT_WORKERS = 4


def default_workers() -> int:
    """Worker processes when ``--workers`` is not given: one per CPU core, at most 4.

    Requests are CPU-bound Python (one core per process under the GIL); the database does the
    concurrency beyond that. benchmarks/ledger_load.py on 2 cores, SQLite: ledger-page p95 of 20
    busy clients 320 ms with 1 worker, 179 ms with 2.
    """
    return max(1, min(MAX_DEFAULT_WORKERS, len(os.sched_getaffinity(0))))


def database_is_empty(engine: Engine) -> bool:
    """No document and no user yet."""
    with Session(engine) as session:
        documents = session.scalar(select(func.count()).select_from(Document)) or 0
        users = session.scalar(select(func.count()).select_from(User)) or 0
    return documents == 0 and users == 0


def load_demo_if_empty(engine: Engine, settings: Settings) -> list[DemoSignIn]:
    """Import the demo notices and users into an empty database; the demo sign-ins either way."""
    from envplan.ledger import demo

    if database_is_empty(engine):
        demo.load_demo(engine, settings=settings)
    return [(u.username, u.password, u.description) for u in demo.DEMO_USERS]


def prepare(settings: Settings, *, demo: bool) -> tuple[FastAPI, list[DemoSignIn]]:
    """The app for ``settings`` on an up-to-date schema, and the demo sign-ins to print."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.effective_database_url, **POOL)
    upgrade(engine)
    sign_ins = load_demo_if_empty(engine, settings) if demo else []
    return create_app(settings, engine=engine), sign_ins


def app_from_environment() -> FastAPI:
    """The app for the process-wide settings (uvicorn's factory for ``--workers N``; the parent
    process has upgraded the schema and loaded the demo already)."""
    from envplan.settings import get_settings

    settings = get_settings()
    return create_app(settings, engine=make_engine(settings.effective_database_url, **POOL))
