"""The application factory: ``create_app(settings)`` wires settings, database, sessions and routes."""

from __future__ import annotations

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

# Up to 40 requests run at once (Starlette's thread pool); each holds at most one connection.
POOL = {"pool_size": 20, "max_overflow": 30, "pool_timeout": 60}

DESCRIPTION = (
    "污染防治行动计划台账的 JSON 接口：每个页面的数据都有同源的 JSON 版本（/api/…）。"
    "写操作需要登录会话（Cookie）和 X-CSRF-Token 请求头（取自 GET /api/session）。"
)


def create_app(settings: Settings, engine: Engine | None = None) -> FastAPI:
    """A ready application; ``engine`` defaults to one for ``settings.effective_database_url``.

    The schema is not touched here: ``envplan serve`` upgrades it before serving.
    """
    app = FastAPI(  # no /docs or /redoc: their pages load scripts from a CDN
        title="envplan 台账", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None
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
