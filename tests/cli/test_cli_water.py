"""CLI: envplan water / groundwater / dustfall."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import typer
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


def test_water_evaluate_with_targets_and_by(tmp_path: Path) -> None:
    samples, targets = tmp_path / "s.csv", tmp_path / "t.csv"
    samples.write_text(
        "section,city,time,do,codmn,nh3n\n甲,吕梁市,2023-06-03,6,5.0,0.4\n乙,吕梁市,2023-06-03,6,11,0.4\n",
        encoding="utf-8",
    )
    targets.write_text("section,target,level\n甲,Ⅲ,国考\n乙,Ⅳ,市考\n", encoding="utf-8")
    args = ["water", "evaluate", str(samples), "--period", "2023-06", "--targets", str(targets)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = {row["section"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert (rows["甲"]["class"], rows["甲"]["attained"]) == ("Ⅲ", "true")
    assert (rows["乙"]["class"], rows["乙"]["attained"], rows["乙"]["main_pollutants"]) == (
        "Ⅴ",
        "false",
        "高锰酸盐指数(0.8)",
    )
    by_city = runner.invoke(app, [*args, "--by", "city", "--format", "json"])
    assert json.loads(by_city.stdout)[0]["share_i_iii"] == 50.0


def test_water_evaluate_bad_period(tmp_path: Path) -> None:
    samples = tmp_path / "s.csv"
    samples.write_text("section,time,do\n甲,2023-06-03,6\n", encoding="utf-8")
    result = runner.invoke(app, ["water", "evaluate", str(samples), "--period", "June"])
    assert result.exit_code == 2 and "period must be" in result.output


def test_groundwater_classify(tmp_path: Path) -> None:
    source = tmp_path / "gw.csv"
    source.write_text("point,nitrate,fe\nA,25,0.1\nB,35,2.5\n", encoding="utf-8")
    result = runner.invoke(app, ["groundwater", "classify", str(source), "--target", "Ⅳ"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["class"], r["class_items"], r["meets_target"]) for r in rows] == [
        ("Ⅳ", "nitrate", "true"),
        ("Ⅴ", "fe,nitrate", "false"),
    ]


def test_dustfall_evaluate(tmp_path: Path) -> None:
    source = tmp_path / "d.csv"
    source.write_text(
        "county,point,month,dustfall\n离石区,p1,2024-03,8.0\n离石区,p2,2024-03,6.4\n文水县,p3,2024-03,4.0\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["dustfall", "evaluate", str(source), "--threshold", "7"])
    assert result.exit_code == 0, result.output
    rows = {r["county"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert (rows["离石区"]["mean_shown"], rows["离石区"]["above"]) == ("7.2", "true")
    assert (rows["文水县"]["above"], rows["全市"]["mean_shown"]) == ("false", "6.1")
    district = runner.invoke(app, ["dustfall", "evaluate", str(source), "--threshold", "5"])
    assert "文水县" in district.stdout


def test_water_warn(tmp_path: Path) -> None:
    samples, targets = tmp_path / "s.csv", tmp_path / "t.csv"
    samples.write_text(
        "section,time,do,codmn,tp\n"
        "甲,2023-06-01 04:00,4,7.0,0.1\n"
        "甲,2023-06-01 00:00,6,5.0,0.1\n"
        "甲,2023-06-01 08:00,6,6.5,0.25\n"
        "甲,2023-06-01 12:00,6,5.0,0.1\n"
        "甲,2023-06-01 16:00,6,6.1,0.1\n"
        "乙,2023-06-01 00:00,6,11,0.1\n",
        encoding="utf-8",
    )
    targets.write_text("section,target\n甲,Ⅲ\n乙,Ⅳ\n", encoding="utf-8")
    result = runner.invoke(app, ["water", "warn", str(samples), "--targets", str(targets)])
    assert result.exit_code == 0, result.output
    rows = [(r["section"], r["time"][11:16], r["item"], r["limit"], r["multiple"], r["consecutive"])
            for r in csv.DictReader(io.StringIO(result.stdout))]  # fmt: skip
    assert rows == [
        ("乙", "00:00", "codmn", "10.0", "0.1", "1"),
        ("甲", "04:00", "do", "5.0", "0.2", "1"),  # DO shortfall (5 − 4)/5
        ("甲", "04:00", "codmn", "6.0", "0.167", "1"),
        ("甲", "08:00", "codmn", "6.0", "0.083", "2"),
        ("甲", "08:00", "tp", "0.2", "0.25", "2"),
        ("甲", "16:00", "codmn", "6.0", "0.017", "1"),  # the 12:00 sample met the target
    ]


def test_every_water_command_and_option_is_documented() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    root: Any = typer.main.get_command(app)
    for group in ("water", "groundwater", "dustfall"):
        sub = root.commands[group]
        for name, command in sub.commands.items():
            assert f"envplan {group} {name}" in docs
            options = [o for p in command.params for o in p.opts if o.startswith("--") and o != "--help"]
            undocumented = [o for o in options if o not in docs]
            assert not undocumented, f"{group} {name}: {undocumented}"
