"""Table-driven cases for the money, count, numbering and year-on-year rules (issue 13): real
report wording that must give no finding, and defects that must give exactly the right one.
The cases live in ``tests/cases/money_count.toml``."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import reportparse

CASES = tomllib.loads((Path(__file__).parent / "cases" / "money_count.toml").read_text("utf-8"))


def _check(case: dict) -> list:
    text = case["text"] if case.get("raw") else f"一、基本情况\n{case['text']}\n"
    r = reportparse.parse(text.encode("utf-8"), name="case.txt")
    return reportparse.check(r)


def test_the_table_is_large_enough() -> None:
    assert len(CASES["clean"]) >= 25 and len(CASES["finding"]) >= 10
    assert {c["rule"] for c in CASES["finding"]} >= {
        "money.parts", "derived.change", "count.items", "numbering.sequence"}


@pytest.mark.parametrize("case", CASES["clean"], ids=[c["why"][:40] for c in CASES["clean"]])
def test_clean_wording_gives_no_finding(case: dict) -> None:
    findings = _check(case)
    assert [(f.rule, f.severity, f.message) for f in findings] == []


@pytest.mark.parametrize("case", CASES["finding"],
                         ids=[c["why"][:40] for c in CASES["finding"]])
def test_a_defect_gives_exactly_the_right_finding(case: dict) -> None:
    findings = _check(case)
    assert [(f.rule, f.category, f.severity) for f in findings] == [
        (case["rule"], case["category"], case["severity"])], [f.message for f in findings]
    (f,) = findings
    assert f.locations[0].text == case["at"]
    assert f.locations[0].block is not None


# ------------------------------------------------------------------ budget columns (tables)
HEAD = ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]


def _budget_block(*rows: list[str]) -> list:
    from extract_helpers import make_report, make_table

    return reportparse.check(make_report("附件2：项目支出绩效自评表", make_table([HEAD, *rows])))


@pytest.mark.parametrize("rows", [
    # 全年预算数 120 after a mid-year addition: 114 ÷ 120 = 95.00%, never 114 ÷ 100
    [["年度资金总额", "100", "120", "114", "10", "95.00%", "9.50"]],
    # 其中 rows: each column adds up on its own (an execution amount is no budget part)
    [["年度资金总额", "100", "120", "114", "10", "95.00%", "9.50"],
     ["其中：本年财政拨款", "80", "100", "96", "—", "—", "—"],
     ["上年结转资金", "20", "20", "18", "—", "—", "—"]],
    # no 全年预算数 printed: the rate is not recomputed from 年初预算数
    [["年度资金总额", "100", "", "114", "10", "95.00%", "9.50"]],
])
def test_budget_columns_are_different_quantities(rows: list[list[str]]) -> None:
    assert [(f.rule, f.message) for f in _budget_block(*rows)] == []


def test_a_rate_divided_by_the_opening_budget_is_an_error() -> None:
    findings = _budget_block(["年度资金总额", "100", "120", "114", "10", "114.00%", "10.00"])
    rules = [(f.rule, f.severity) for f in findings]
    assert ("budget.rate", "error") in rules
    f = next(f for f in findings if f.rule == "budget.rate" and "执行率应为" in f.message)
    assert f.expected == "95.00%" and f.locations[0].col == 5
