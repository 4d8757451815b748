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
