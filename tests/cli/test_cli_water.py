"""CLI: envplan water / groundwater / dustfall."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from envplan.cli import app
from support import shared_path

runner = CliRunner()


def test_classify_contract_on_published_data() -> None:
    path = shared_path("data", "water", "cnemc_surface_water_auto.csv")
    result = runner.invoke(app, ["water", "classify", str(path), "--profile", "auto5", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 8562
    assert all(row["class"] == row["class_published"] for row in rows)
    assert {row["class"] for row in rows} == {"Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "劣Ⅴ"}
    assert rows[1]["class_items"] == "codmn,tp"


def test_classify_json_and_out_file(tmp_path: Path) -> None:
    source = tmp_path / "s.csv"
    source.write_text("section,cod,bod5,hg\na,15.1,3,0.00005\n", encoding="utf-8")
    out = tmp_path / "out.json"
    args = ["water", "classify", str(source), "--profile", "method21", "--format", "json", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8")) == [
        {"section": "a", "cod": "15.1", "bod5": "3", "hg": "0.00005", "class": "Ⅲ", "class_items": "cod"}
    ]


def test_classify_table_and_lake_option(tmp_path: Path) -> None:
    source = tmp_path / "s.csv"
    source.write_text("section,tp\na,0.05\n", encoding="utf-8")
    result = runner.invoke(
        app, ["water", "classify", str(source), "--waterbody", "lake", "--format", "table"]
    )
    assert result.exit_code == 0 and "Ⅲ" in result.stdout


def test_classify_bad_row_exits_2_with_location(tmp_path: Path) -> None:
    source = tmp_path / "s.csv"
    source.write_text("section,ph\na,x\n", encoding="utf-8")
    result = runner.invoke(app, ["water", "classify", str(source)])
    assert result.exit_code == 2
    assert "s.csv:2" in result.output and "'ph'" in result.output
