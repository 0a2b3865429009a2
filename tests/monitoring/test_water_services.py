"""Water services: section evaluation over a period, groundwater and dustfall files."""

from __future__ import annotations

from pathlib import Path

import pytest

from envplan.monitoring.water_dustfall import evaluate_dustfall_file
from envplan.monitoring.water_evaluation import evaluate_sections, parse_period, shares_by
from envplan.monitoring.water_groundwater import classify_groundwater_file
from envplan.monitoring.water_io import WaterInputError

SAMPLES = """section,city,river,waterbody,time,ph,do,codmn,nh3n,tp,cod,pb
上游,太原市,汾河,river,2023-05-31 20:00,7,8,3,0.2,0.05,12,0.005
上游,太原市,汾河,river,2023-06-01 00:00,7,8,5.0,0.2,0.05,12,0.005
上游,太原市,汾河,river,2023-06-02 00:00,7,8,7.3,0.2,0.05,12,0.005
下游,太原市,汾河,river,2023-06-01 00:00,7,4.5,13.2,1.9,0.25,45,0.005
水库,晋中市,汾河水库,lake,2023-06-01 00:00,8,9,2,0.1,0.04,10,*
"""
TARGETS = "section,target,level\n上游,Ⅲ,国考\n下游,Ⅳ类,省考\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    samples, targets = tmp_path / "samples.csv", tmp_path / "targets.csv"
    samples.write_text(SAMPLES, encoding="utf-8")
    targets.write_text(TARGETS, encoding="utf-8")
    return samples, targets


def test_parse_period() -> None:
    assert parse_period("2023-06") == ("2023-06", "2023-06")
    assert parse_period("2023") == ("2023-01", "2023-12")
    assert parse_period("2023-01..2023-06") == ("2023-01", "2023-06")
    with pytest.raises(ValueError, match="period"):
        parse_period("2023-13")


def test_monthly_means_before_classification(files: tuple[Path, Path]) -> None:
    samples, targets = files
    result = evaluate_sections(samples, "2023-06", "method21", targets)
    rows = {row["section"]: row for row in result.to_dicts()}
    # 上游 June: CODMn (5.0 + 7.3)/2 = 6.15 → 6.2 (half-even at 1 place) → Ⅳ; May's 3 is outside the period
    assert rows["上游"]["codmn"] == 6.2 and rows["上游"]["class"] == "Ⅳ"
    assert rows["上游"]["main_pollutants"] == "高锰酸盐指数(0.0)"
    assert rows["上游"]["attained"] is False and rows["上游"]["level"] == "国考"
    assert rows["下游"]["class"] == "劣Ⅴ" and rows["下游"]["status"] == "重度污染"
    # COD 45 (劣Ⅴ) first, then the Class Ⅴ items by multiple: CODMn (13.2−6)/6, NH3-N (1.9−1)/1
    assert rows["下游"]["main_pollutants"] == "化学需氧量(COD)(1.2),高锰酸盐指数(1.2),氨氮(NH3-N)(0.9)"
    assert rows["下游"]["attained"] is False and rows["下游"]["target"] == "Ⅳ"
    # lake column: TP 0.04 is Ⅲ at a reservoir (0.025 < 0.04 ≤ 0.05); no target given
    assert (
        rows["水库"]["class"] == "Ⅲ"
        and rows["水库"]["class_items"] == "tp"
        and rows["水库"]["attained"] is None
    )


def test_shares_and_river_rating(files: tuple[Path, Path]) -> None:
    samples, _ = files
    sections = evaluate_sections(samples, "2023-05..2023-06", "method21")
    cities = shares_by(sections, "city")
    # 上游: mean of the monthly means, CODMn (3 + 6.15)/2 = 4.575 → 4.6 → Ⅲ; 下游 劣Ⅴ
    taiyuan = cities.filter(cities["city"] == "太原市").to_dicts()[0]
    assert (taiyuan["share_i_iii"], taiyuan["share_worse_than_v"]) == (50.0, 50.0)
    rivers = shares_by(sections, "river")
    assert set(rivers["method"].to_list()) == {"断面平均浓度"}


def test_bad_time_and_empty_period(files: tuple[Path, Path], tmp_path: Path) -> None:
    samples, _ = files
    with pytest.raises(WaterInputError, match="no sample in period"):
        evaluate_sections(samples, "2024-01")
    bad = tmp_path / "bad.csv"
    bad.write_text("section,time,ph\na,2023-06-01,7\nb,yesterday,7\n", encoding="utf-8")
    with pytest.raises(WaterInputError, match=r"bad\.csv:3.*'time'"):
        evaluate_sections(bad, "2023-06")


def test_groundwater_file(tmp_path: Path) -> None:
    path = tmp_path / "gw.csv"
    path.write_text(
        "point,nh3n,las,odour,hg\nA,0.01,未检出,无,0.0001\nB,2.0,0.05,有,0.01L\n", encoding="utf-8"
    )
    result = classify_groundwater_file(path, worst_allowed=4)
    assert result["class"].to_list() == ["Ⅰ", "Ⅴ"]
    assert result["class_items"].to_list() == ["odour,las,nh3n,hg", "odour,nh3n"]
    assert result["undetermined"].to_list() == ["", "hg"]
    assert result["meets_target"].to_list() == [True, False]
    path.write_text("point,nh3n\nA,-1\n", encoding="utf-8")
    with pytest.raises(WaterInputError, match=r"gw\.csv:2.*negative"):
        classify_groundwater_file(path)


def test_dustfall_file(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    rows = "city,county,point,month,dustfall,control\n" + "\n".join(
        [
            "吕梁市,离石区,p1,2024-03,8.0,否",
            "吕梁市,离石区,p2,2024-03,6.4,否",
            "吕梁市,离石区,c,2024-03,1.0,是",
        ]
    )
    path.write_text(rows + "\n", encoding="utf-8")
    result = evaluate_dustfall_file(path, 7.0)
    assert result["county"].to_list() == ["离石区", "全市"]
    assert result["mean_shown"].to_list() == [7.2, 7.2]
    assert result["above"].to_list() == [True, True]
    assert evaluate_dustfall_file(path, 7.0, include_control=True)["mean_shown"].to_list() == [5.1, 5.1]
    path.write_text("county,point,month,dustfall\n离石区,p1,2024-3,8\n", encoding="utf-8")
    with pytest.raises(WaterInputError, match=r"d\.csv:2.*month"):
        evaluate_dustfall_file(path, 7.0)


def test_lake_tn_reported_separately_and_tli(tmp_path: Path) -> None:
    path = tmp_path / "lake.csv"
    path.write_text(
        "section,waterbody,time,ph,do,codmn,nh3n,tp,tn,chla,sd\n"
        "湖心,lake,2023-06-01,8,9,4,0.1,0.05,1.0,0.010,1.0\n"
        "河口,river,2023-06-01,8,9,4,0.1,0.05,1.0,0.010,1.0\n"
        "湖湾,lake,2023-06-01,8,9,4,0.1,0.02,1.2,0.010,1.0\n",
        encoding="utf-8",
    )
    rows = {row["section"]: row for row in evaluate_sections(path, "2023-06").to_dicts()}
    assert (rows["湖心"]["class"], rows["湖心"]["tn_class"]) == ("Ⅲ", "Ⅲ")  # lake TP 0.05 → Ⅲ
    # TN 1.2 is Ⅳ at a lake but stays out of the class (Ⅱ from CODMn 4 and lake TP 0.02)
    assert (rows["湖湾"]["class"], rows["湖湾"]["tn_class"]) == ("Ⅱ", "Ⅳ")
    assert rows["河口"]["class"] == "Ⅱ" and rows["河口"]["tn_class"] == ""
    # TLI digest vector: chl-a 10 mg/m³, TP 0.05, TN 1.0, SD 1.0, CODMn 4 → 48.02 中营养
    assert rows["湖心"]["tli"] == pytest.approx(48.02, abs=0.01) and rows["湖心"]["trophic_state"] == "中营养"
    assert rows["河口"]["tli"] is None


def test_city_shares_carry_cwqi_and_rank(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "section,city,time,ph,do,codmn,nh3n,tp\n"
        "a1,甲市,2023-06-01,7,5,6,1.0,0.2\n"  # CWQI 0 + 1 + 1 + 1 + 1 = 4
        "a2,甲市,2023-06-01,7,5,3,0.5,0.1\n"  # means: DO 5 → 1; CODMn 4.5, NH3-N 0.75, TP 0.15 → 0.75 each
        "b1,乙市,2023-06-01,8,10,3,0.5,0.1\n",  # 0.5 + 0.5 + 0.5 + 0.5 + 0.5 = 2.5
        encoding="utf-8",
    )
    sections = evaluate_sections(path, "2023-06", "auto5")
    cities = {row["city"]: row for row in shares_by(sections, "city").to_dicts()}
    assert cities["甲市"]["cwqi"] == pytest.approx(3.25) and cities["甲市"]["cwqi_rank"] == 2
    assert cities["乙市"]["cwqi"] == pytest.approx(2.5) and cities["乙市"]["cwqi_rank"] == 1


def test_section_without_data_has_unknown_attainment(tmp_path: Path) -> None:
    samples, targets = tmp_path / "s.csv", tmp_path / "t.csv"
    samples.write_text("section,time,do,codmn\n甲,2023-06-01,*,--\n乙,2023-06-01,6,3\n", encoding="utf-8")
    targets.write_text("section,target\n甲,Ⅲ\n乙,Ⅲ\n", encoding="utf-8")
    rows = {row["section"]: row for row in evaluate_sections(samples, "2023-06", targets=targets).to_dicts()}
    assert (rows["甲"]["class"], rows["甲"]["attained"]) == ("", None)
    assert (rows["乙"]["class"], rows["乙"]["attained"]) == ("Ⅱ", True)


def test_cwqi_change_ranking_with_base_period(tmp_path: Path) -> None:
    path, targets = tmp_path / "c.csv", tmp_path / "t.csv"
    path.write_text(
        "section,city,time,do,codmn\n"
        "a1,甲市,2022-06-01,5,6\n"  # base: 5/5 + 6/6 = 2.0
        "a1,甲市,2023-06-01,5,3\n"  # now: 1 + 0.5 = 1.5 → ΔCWQI −25 %
        "b1,乙市,2022-06-01,5,3\n"  # 1.5 → 2.0: +33.33 %
        "b1,乙市,2023-06-01,5,6\n"
        "c1,丙市,2022-06-01,8,2\n"  # Ⅱ both periods and target met → left out
        "c1,丙市,2023-06-01,8,3\n",
        encoding="utf-8",
    )
    targets.write_text("section,target\na1,Ⅲ\nb1,Ⅲ\nc1,Ⅱ\n", encoding="utf-8")
    now = evaluate_sections(path, "2023-06", "auto5", targets)
    base = evaluate_sections(path, "2022-06", "auto5", targets)
    cities = {row["city"]: row for row in shares_by(now, "city", "auto5", base).to_dicts()}
    assert (cities["甲市"]["cwqi_change"], cities["甲市"]["change_rank"]) == (-25.0, 1)
    assert (cities["乙市"]["cwqi_change"], cities["乙市"]["change_rank"]) == (33.33, 2)
    assert cities["丙市"]["change_rank"] == 0 and cities["丙市"]["meets_target"] is True
    assert [cities[c]["cwqi_rank"] for c in ("甲市", "乙市", "丙市")] == [2, 3, 1]
