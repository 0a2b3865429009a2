"""The ``envplan`` command line: thin commands that parse arguments, call one service and render.

Each module of this package owns one group of commands and adds them in its ``register``
function, so that groups can grow independently.
"""

from __future__ import annotations

import typer

from envplan import __version__
from envplan.cli import air, dispatch, ledger, plans, water, web

app = typer.Typer(
    name="envplan",
    help="envplan: action plans in, ledger out; dispatch, evidence and reports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"envplan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """envplan: action plans in, ledger out; dispatch, evidence and reports."""


for _module in (plans, air, water, ledger, dispatch, web):
    _module.register(app)


def main() -> None:
    app()
