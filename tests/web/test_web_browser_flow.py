"""Browser test in real headless Chromium: bureau staff upload and import a seed notice, a unit
officer reports progress on one of its unit's tasks, and the dashboard changes.

Screenshots go to test-artifacts/web/ (git-ignored). Skips without Debian's chromium unless
ENVPLAN_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

from typing import Any

import pytest

from support import seed_path
from web.conftest import ARTIFACTS
from web.web_helpers import PERSONA_PASSWORD

pytestmark = pytest.mark.browser
LULIANG_SEED = "000_bb95c80613778daa.txt"  # 吕政办发〔2023〕4号: 吕梁's four 2023 plans


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/signin")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PERSONA_PASSWORD)
    page.click("form[action='/signin'] button[type=submit]")
    page.wait_for_url(f"{base}/")


def _kpi(page: Any, name: str) -> int:
    return int(page.inner_text(f"#kpi-{name}"))


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"flow-{name}.png"), full_page=True)


def test_import_report_and_dashboard_in_chromium(
    live_server: str, page: Any, bureau_staff: object, lead_officer: object
) -> None:
    seed = seed_path(LULIANG_SEED)
    _sign_in(page, live_server, "bureau")
    page.click("nav a[href='/imports/new']")
    page.set_input_files("input[name=file]", str(seed))
    page.click("form[action='/imports/preview'] button[type=submit]")
    page.wait_for_selector("#confirm-import")
    assert "吕梁市水环境质量再提升2023年行动计划" in page.inner_text("main")
    _shot(page, "1-preview")
    page.click("#confirm-import")
    page.wait_for_selector("#import-outcome")
    assert "已导入" in page.inner_text("#import-outcome")
    _shot(page, "2-imported")
    page.click("form.who button[type=submit]")
    page.wait_for_url(f"{live_server}/signin")

    _sign_in(page, live_server, "lead")
    page.wait_for_selector("#chart-status canvas")  # ECharts drew the charts
    before = (_kpi(page, "in_progress"), _kpi(page, "not_started"))
    _shot(page, "3-dashboard-before")
    page.click("nav a[href='/mine']")
    page.click("#ledger a[href^='/tasks/']")
    page.click("a[href$='/report']")
    page.fill("input[name=period]", "2023-06")
    page.fill("input[name=completion_percent]", "35")
    page.fill("textarea[name=progress]", "已完成排查，正在编制整治方案")
    page.fill("textarea[name=problems]", "部分点位权属不清")
    page.set_input_files("input[name=evidence]", str(seed))
    _shot(page, "4-report-form")
    page.click("#progress-form button[type=submit]")
    page.wait_for_selector("text=已完成排查，正在编制整治方案")
    assert "推进中" in page.inner_text("main")
    _shot(page, "5-task-after-report")
    page.click("nav a[href='/']")
    page.wait_for_selector("#chart-status canvas")
    assert (_kpi(page, "in_progress"), _kpi(page, "not_started")) == (before[0] + 1, before[1] - 1)
    _shot(page, "6-dashboard-after")


def test_ledger_filters_update_the_table_in_place(
    live_server: str, page: Any, persona_notice: object
) -> None:
    _sign_in(page, live_server, "viewer")
    page.goto(f"{live_server}/ledger")
    assert page.inner_text("#ledger-table").count("推进污水处理厂提标改造") == 2  # lead and cooperating rows
    page.evaluate("window.__kept = true")  # survives only if htmx swaps the table instead of reloading
    page.fill("input[name=q]", "排污口")
    page.wait_for_function("() => !document.querySelector('#ledger-table').innerText.includes('提标改造')")
    assert "整治入河排污口" in page.inner_text("#ledger-table")
    assert page.evaluate("window.__kept === true") and "q=" in page.url
    page.select_option("select[name=role]", "cooperating")
    page.wait_for_selector("text=没有符合条件的任务")
    page.click("a:text('清除')")
    page.click("#ledger th a:text('责任单位')")  # sort by unit, then filter: the sort is kept
    page.wait_for_function("() => document.querySelector('#sort-field').value === 'unit'")
    page.select_option("select[name=role]", "lead")
    page.wait_for_function(
        "() => location.search.includes('role=lead') && location.search.includes('sort=unit')"
    )
    assert page.locator("#ledger-table").count() == 1  # swapped, not nested
    _shot(page, "7-ledger-filtered")
