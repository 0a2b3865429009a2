"""The warning policy of a region: when a task turns blue, yellow or red.

The defaults are working values chosen to match how bureaus run 预警 by hand (a reminder about
two weeks before a deadline, monthly 调度 reports, a warning when a task falls clearly behind);
they are not taken from a published standard and every region may set its own: a task due within
15 days is flagged blue (临期提醒); a task more than 10 percentage points behind its 序时进度
(time-proportional progress), or whose latest report is empty, unchanged from the previous one or
older than 31 days, is yellow; a task past its deadline and not completed is red. Red is lifted to
yellow only once the 序时进度 gap has been made up. See docs/dispatch.md.

A policy file (TOML or JSON) holds a ``default`` table and optional per-region tables that override
any of its fields::

    [default]
    due_soon_days = 15
    [regions."吕梁市"]
    due_soon_days = 30
"""

from __future__ import annotations

import dataclasses
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class PolicyError(ValueError):
    """A policy file or field is invalid; the message names the file and field."""


@dataclass(frozen=True, slots=True)
class WarningPolicy:
    """Thresholds of the colour rules for one region."""

    due_soon_days: int = 15  # blue: next deadline within this many days [d]
    progress_tolerance_pp: float = 10.0  # yellow: behind 序时进度 by more than this [percentage points]
    min_report_chars: int = 10  # yellow: 进展情况 shorter than this is an empty report [characters]
    report_interval_days: int = 31  # yellow: an open task with no report for longer than this [d]
    flag_unchanged_report: bool = True  # yellow: 进展情况 and percentage identical to the previous report

    def __post_init__(self) -> None:
        for name in ("due_soon_days", "min_report_chars", "report_interval_days"):
            if getattr(self, name) < 0:
                raise PolicyError(f"policy field {name} must be >= 0, got {getattr(self, name)}")
        if not 0 <= self.progress_tolerance_pp <= 100:
            raise PolicyError(
                f"policy field progress_tolerance_pp must be within 0..100, got {self.progress_tolerance_pp}"
            )


@dataclass(frozen=True, slots=True)
class PolicySet:
    """The default policy and the per-region overrides, looked up by region name or code."""

    default: WarningPolicy = field(default_factory=WarningPolicy)
    regions: dict[str, WarningPolicy] = field(default_factory=dict)

    def for_region(self, region: str | None) -> WarningPolicy:
        """The region's policy, or the default when the region has none."""
        if region is not None and region in self.regions:
            return self.regions[region]
        return self.default


_FIELDS = {f.name: f.type for f in dataclasses.fields(WarningPolicy)}


def policy_from_mapping(values: dict[str, Any], base: WarningPolicy, where: str) -> WarningPolicy:
    """``base`` with the fields of ``values`` replaced; unknown or mistyped fields raise PolicyError."""
    unknown = sorted(set(values) - set(_FIELDS))
    if unknown:
        raise PolicyError(f"{where}: unknown policy field(s) {', '.join(unknown)}")
    checked: dict[str, Any] = {}
    for name, value in values.items():
        expected = _FIELDS[name]
        if expected == "bool" and not isinstance(value, bool):
            raise PolicyError(f"{where}: field {name} must be true or false, got {value!r}")
        if expected in ("int", "float") and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise PolicyError(f"{where}: field {name} must be a number, got {value!r}")
        if expected == "int" and isinstance(value, float) and not value.is_integer():
            raise PolicyError(f"{where}: field {name} must be a whole number, got {value!r}")
        checked[name] = int(value) if expected == "int" else value
    try:
        return dataclasses.replace(base, **checked)
    except PolicyError as error:
        raise PolicyError(f"{where}: {error}") from None


def policy_set_from_mapping(data: dict[str, Any], where: str = "policy") -> PolicySet:
    """Build a PolicySet from ``{"default": {...}, "regions": {name: {...}}}``."""
    unknown = sorted(set(data) - {"default", "regions"})
    if unknown:
        raise PolicyError(f"{where}: unknown section(s) {', '.join(unknown)}")
    default = policy_from_mapping(dict(data.get("default", {})), WarningPolicy(), f"{where} [default]")
    regions = {
        str(name): policy_from_mapping(dict(values), default, f"{where} [regions.{name}]")
        for name, values in dict(data.get("regions", {})).items()
    }
    return PolicySet(default=default, regions=regions)


def load_policy_set(path: Path) -> PolicySet:
    """Read and check a policy file: ``.toml`` or ``.json``."""
    return policy_set_from_mapping(read_policy_file(path), str(path))


def read_policy_file(path: Path) -> dict[str, Any]:
    """The parsed mapping of a policy file (not yet checked)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise PolicyError(f"{path}: cannot read policy file ({error.strerror})") from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(raw.decode("utf-8"))
        else:
            data = tomllib.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise PolicyError(f"{path}: not valid {path.suffix.lstrip('.') or 'TOML'}: {error}") from None
    if not isinstance(data, dict):
        raise PolicyError(f"{path}: the top level must be a table")
    return data
