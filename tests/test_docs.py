"""Every command of the CLI and every setting is documented (datasette habit: undocumented = failing)."""

from __future__ import annotations

from typing import Any

import typer

from envplan.cli import app
from envplan.settings import Settings
from support import REPO_ROOT


def _command_paths(command: Any, prefix: str) -> list[str]:
    if getattr(command, "commands", None):
        paths: list[str] = []
        for name, sub in command.commands.items():
            paths += _command_paths(sub, f"{prefix} {name}")
        return paths
    return [prefix]


def test_every_command_is_in_docs_cli_md() -> None:
    text = (REPO_ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    paths = _command_paths(typer.main.get_command(app), "envplan")
    assert len(paths) > 10
    missing = [path for path in paths if f"`{path}" not in text]
    assert not missing, f"commands missing from docs/cli.md: {missing}"


def test_every_setting_is_in_docs_settings_md() -> None:
    text = (REPO_ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    names = ["DATABASE_URL"] + [
        f"ENVPLAN_{name.upper()}" for name in Settings.model_fields if name != "database_url"
    ]
    missing = [name for name in names if name not in text]
    assert not missing, f"settings missing from docs/settings.md: {missing}"
