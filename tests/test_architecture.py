"""Guards the one-way layer rule of docs/architecture.md: a layer imports only layers below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "envplan"

# layer -> the envplan layers it may import (besides itself)
ALLOWED: dict[str, set[str]] = {
    "standards": set(),
    "documents": set(),
    "monitoring": {"standards"},
    "ledger": {"documents"},
    "assessment": {"standards", "monitoring", "ledger", "documents"},
    "reports": {"assessment", "ledger", "documents", "standards", "monitoring"},
}
TOP_LEVEL_OK = {"envplan", "__version__", "settings"}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_layers_below(layer: str) -> None:
    offending = []
    for path in sorted((SRC / layer).rglob("*.py")):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] != "envplan" or len(parts) < 2 or parts[1] in TOP_LEVEL_OK:
                continue
            target = parts[1]
            if target != layer and target not in ALLOWED[layer]:
                offending.append(f"{path.relative_to(SRC)} imports {name}")
    assert not offending, "layer rule broken:\n" + "\n".join(offending)


def test_standards_do_no_io() -> None:
    """standards/ is pure: no file, network or database modules."""
    forbidden = {"os", "io", "pathlib", "sqlite3", "sqlalchemy", "socket", "urllib", "requests", "httpx"}
    offending = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in sorted((SRC / "standards").rglob("*.py"))
        for name in _imports(path)
        if name.split(".")[0] in forbidden
    ]
    assert not offending, "\n".join(offending)
