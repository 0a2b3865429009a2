"""docs/plan-schema.json and docs/plan-schema.md describe ParsedNotice.to_dict() exactly, and the
parser's output of the demo notices and the seeds validates against the JSON Schema."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import re
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from envplan.documents import model
from support import REPO_ROOT, seed_path

SCHEMA_PATH = REPO_ROOT / "docs" / "plan-schema.json"
DOC_PATH = REPO_ROOT / "docs" / "plan-schema.md"
SEEDS = [
    "000_bb95c80613778daa.txt",
    "001_706581c7fb7291f2.txt",
    "002_51e324a2bd90c1c6.txt",
    "003_1a3a67b7a1f5494e.txt",
    "004_4a1c0cf63212e619.txt",
]
DEFINITIONS = {
    "document": model.Document,
    "plan": model.Plan,
    "target": model.Target,
    "task": model.Task,
    "clause": model.Clause,
    "milestone": model.Milestone,
    "table": model.Table,
}
ENUMS = {
    ("document", "level"): model.Level,
    ("plan", "domain"): model.Domain,
    ("target", "binding"): model.Binding,
    ("task", "kind"): model.TaskKind,
    ("milestone", "kind"): model.MilestoneKind,
}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def hand_built_notice() -> model.ParsedNotice:
    """Every field of every dataclass filled with a value of the documented type."""
    due = model.Milestone(text="2023年10月底前", kind=model.MilestoneKind.DUE, due=dt.date(2023, 10, 31))
    window = model.Milestone(
        text="5-9月每日10-16时",
        kind=model.MilestoneKind.WINDOW,
        start=dt.date(2023, 5, 1),
        end=dt.date(2023, 9, 30),
        recurrence="daily",
        time_of_day="10:00-16:00",
        warnings=["year taken from the plan"],
    )
    clause = model.Clause(
        text="完成提标改造。（县工业和信息化局牵头，县发展和改革局、商务局配合）",
        lead_units=["县工业和信息化局"],
        cooperating_units=["县发展和改革局", "县商务局"],
        responsible_units=["各乡（镇）人民政府"],
        units_text="（县工业和信息化局牵头，县发展和改革局、商务局配合）",
        milestones=[due],
    )
    task = model.Task(
        number="3",
        title="加强工业废水治理。",
        text="3.加强工业废水治理。2023年10月底前完成提标改造。",
        path=["三、重点任务", "（二）深化水环境治理"],
        kind=model.TaskKind.SPECIAL_ACTION,
        lead_units=["县工业和信息化局"],
        cooperating_units=["县发展和改革局", "县商务局"],
        responsible_units=["各乡（镇）人民政府"],
        clauses=[clause],
        milestones=[due, window],
        warnings=["date without a year"],
        line=42,
    )
    target = model.Target(
        text="PM10平均浓度在2022年的基础上力争下降5%",
        indicator="PM10平均浓度",
        comparator="<=",
        value=5.0,
        unit="%",
        baseline="2022年",
        change="decrease",
        year=2023,
        scope="全县",
        binding=model.Binding.ASPIRATIONAL,
        quantitative=True,
        threshold=False,
    )
    table = model.Table(
        title="台账", headers=["序号", "具体措施"], rows=[["1", "修订清单。"]], kind="ledger", line=7
    )
    plan = model.Plan(
        title="清河县水环境质量再提升2022—2023年行动计划",
        domain=model.Domain.WATER,
        period="2022—2023",
        period_start=2022,
        period_end=2023,
        region="清河县",
        parent_plans=["青岚市水环境质量再提升2023年行动计划"],
        targets=[target],
        tasks=[task],
        tables=[table],
        warnings=["plan warning"],
    )
    document = model.Document(
        title="关于印发…的通知",
        doc_number="清政办发〔2023〕8号",
        issuer="清河县人民政府办公室",
        issue_date=dt.date(2023, 3, 20),
        region="清河县",
        level=model.Level.COUNTY,
        source="-",
    )
    return model.ParsedNotice(document=document, plans=[plan], warnings=["encoding guessed"])


def _errors(validator: Draft202012Validator, instance: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


def test_hand_built_notice_validates(validator: Draft202012Validator) -> None:
    assert _errors(validator, hand_built_notice().to_dict()) == []
    assert _errors(validator, model.ParsedNotice(document=model.Document()).to_dict()) == []


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("plans", 0, "domain"), "sky"),
        (("plans", 0, "tasks", 0, "milestones", 0, "kind"), "someday"),
        (("plans", 0, "tasks", 0, "milestones", 0, "due"), "2023-13-45"),
        (("plans", 0, "tasks", 0, "lead_units"), "县水利局"),
        (("document", "level"), "village"),
        (("schema_version",), "0.9"),
    ],
)
def test_wrong_values_are_rejected(
    validator: Draft202012Validator, path: tuple[Any, ...], value: Any
) -> None:
    data = copy.deepcopy(hand_built_notice().to_dict())
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert _errors(validator, data)


def test_missing_contract_field_is_rejected(validator: Draft202012Validator) -> None:
    data = hand_built_notice().to_dict()
    del data["plans"][0]["tasks"][0]["milestones"]
    assert _errors(validator, data)


def test_schema_matches_the_dataclasses(schema: dict[str, Any]) -> None:
    assert schema["properties"]["schema_version"]["const"] == model.SCHEMA_VERSION
    top = {f.name for f in dataclasses.fields(model.ParsedNotice)}
    assert set(schema["required"]) == top == set(schema["properties"])
    for name, cls in DEFINITIONS.items():
        fields = {f.name for f in dataclasses.fields(cls)}
        definition = schema["$defs"][name]
        assert set(definition["required"]) == fields, name
        assert set(definition["properties"]) == fields, name


@pytest.mark.parametrize(("where", "enum"), list(ENUMS.items()))
def test_schema_enums_match_the_model(
    schema: dict[str, Any], where: tuple[str, str], enum: type[StrEnum]
) -> None:
    listed = [v for v in schema["$defs"][where[0]]["properties"][where[1]]["enum"] if v is not None]
    assert listed == [member.value for member in enum]


def test_markdown_documents_every_field() -> None:
    text = DOC_PATH.read_text(encoding="utf-8")
    assert f"version {model.SCHEMA_VERSION}" in text
    names = {f.name for cls in [model.ParsedNotice, *DEFINITIONS.values()] for f in dataclasses.fields(cls)}
    missing = sorted(name for name in names if f"`{name}`" not in text)
    assert missing == []
    for enum in ENUMS.values():
        assert all(f"`{member.value}`" in text for member in enum), enum.__name__


def test_markdown_example_validates(validator: Draft202012Validator) -> None:
    text = DOC_PATH.read_text(encoding="utf-8")
    [example] = re.findall(r"```json\n(.*?)```", text, flags=re.S)
    assert _errors(validator, json.loads(example)) == []


def _parsed(path: Path) -> dict[str, Any]:
    parser = pytest.importorskip("envplan.documents.parser")
    result: dict[str, Any] = parser.parse_file(path).to_dict()
    return result


def test_demo_notices_validate(validator: Draft202012Validator) -> None:
    from envplan.demo import demo_notice_paths

    for path in demo_notice_paths():
        data = _parsed(path)
        assert data["plans"], path.name
        assert _errors(validator, json.loads(json.dumps(data, ensure_ascii=False))) == []


@pytest.mark.parametrize("name", SEEDS)
def test_seed_notices_validate(validator: Draft202012Validator, name: str) -> None:
    data = _parsed(seed_path(name))
    assert _errors(validator, json.loads(json.dumps(data, ensure_ascii=False))) == []
