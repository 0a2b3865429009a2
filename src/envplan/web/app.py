"""The application factory: ``create_app(settings)`` wires settings, database, sessions and routes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from envplan import __version__
from envplan.ledger import errors as ledger_errors
from envplan.ledger.db import make_engine
from envplan.settings import Settings
from envplan.web.errors import install_handlers
from envplan.web.render import STATIC_DIR, templates
from envplan.web.routes import ROUTERS
from envplan.web.security import SecurityHeadersMiddleware
from envplan.web.sessions import SessionCodec, SessionMiddleware
from envplan.web.throttle import LoginThrottle

# Each running request holds at most one connection (settings.web_threads of them per process,
# plus streamed responses); the pool leaves room for a raised web_threads.
POOL = {"pool_size": 20, "max_overflow": 30, "pool_timeout": 60}

DESCRIPTION = (
    "污染防治行动计划台账的 JSON 接口：每个页面的数据都有同源的 JSON 版本（/api/…）。"
    "写操作需要登录会话（Cookie）和 X-CSRF-Token 请求头（取自 GET /api/session）。"
)


def thread_limit(threads: int) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """A lifespan that lets ``threads`` requests of this process run at once (Starlette's pool of
    40 by default). Page requests are CPU-bound Python under one interpreter lock: a few threads
    overlap database waits, while dozens only take turns on the lock, so every request finishes
    later. benchmarks/ledger_load.py, PostgreSQL, 2 workers, 30 s: 40 threads 221 req/s, p95 ledger
    124 ms; 4 threads 237 req/s, p95 112 ms (SQLite: 351 → 388 req/s)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    return lifespan


def create_app(settings: Settings, engine: Engine | None = None) -> FastAPI:
    """A ready application; ``engine`` defaults to one for ``settings.effective_database_url``.

    The schema is not touched here: ``envplan serve`` upgrades it before serving.
    """
    app = FastAPI(  # no /docs or /redoc: their pages load scripts from a CDN
        title="envplan 台账",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=thread_limit(settings.web_threads),
    )
    app.state.settings = settings
    # templates are compiled once; only development looks for edited template files on each render
    templates.env.auto_reload = settings.environment == "development"
    app.state.engine = engine if engine is not None else make_engine(settings.effective_database_url, **POOL)
    app.state.throttle = LoginThrottle(settings.login_max_failures, settings.login_window_seconds)
    codec = SessionCodec(
        settings.secret_key, settings.session_max_age_seconds, secure=settings.environment == "production"
    )
    app.add_middleware(SessionMiddleware, codec=codec)
    app.add_middleware(SecurityHeadersMiddleware)
    install_handlers(app, ledger_errors=(ledger_errors.LedgerError,))
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in ROUTERS:
        app.include_router(router)
    return app
