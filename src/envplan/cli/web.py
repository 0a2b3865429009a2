"""CLI commands: web (``envplan serve``)."""

from __future__ import annotations

import typer

HOST_HELP = "Address to listen on (127.0.0.1: this machine only)."


def register(app: typer.Typer) -> None:
    """Add this group's commands to the root app."""
    app.command("serve")(serve)


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help=HOST_HELP),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    demo: bool = typer.Option(
        False, "--demo", help="On an empty database, import the demo notices and demo users."
    ),
    workers: int | None = typer.Option(
        None,
        "--workers",
        min=1,
        help="Worker processes (default: one per CPU core, at most 4); ENVPLAN_WEB_THREADS requests each.",
    ),
) -> None:
    """Serve the ledger web application (DATABASE_URL, default SQLite under ENVPLAN_DATA_DIR).

    The schema is created or upgraded first.
    """
    import uvicorn

    from envplan.settings import get_settings
    from envplan.web.serving import default_workers, prepare

    settings = get_settings()
    app, demo_users = prepare(settings, demo=demo)
    typer.echo(
        f"envplan 台账: http://{host}:{port}/   (数据库: {_redacted(settings.effective_database_url)})"
    )
    for username, password, label in demo_users:
        typer.echo(f"  演示账号 {username} / {password}  ({label})")
    workers = workers or default_workers()
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    else:
        target = "envplan.web.serving:app_from_environment"
        uvicorn.run(target, factory=True, workers=workers, host=host, port=port, log_level="warning")


def _redacted(url: str) -> str:
    """The URL without its password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
