"""The money, count, numbering and year-on-year rules on the real public documents of
``../shared/real`` (hard negatives: their sums were checked by hand). Every finding these rules
may give is listed here with the arithmetic read off the rendered page; anything else is a
false positive."""

from __future__ import annotations

from pathlib import Path

import pytest

import reportparse

REAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "real"
RULES = "money,count,numbering,derived,budget"

#: (rule, severity, page, the printed figure the finding quotes), checked by hand on the page
EXPECTED: dict[str, list[tuple[str, str, int, str]]] = {
    "js-high-court-budget-2019.word.pdf": [],
    "js-party-office-budget-2019.distiller.pdf": [
        # p.8 878.93 ÷ (3894.09 − 878.93) = 29.15%, printed "增长30%": a last-place slip
        ("derived.change", "info", 8, "30%"),
        # p.9 1297.83 ÷ 8072.29 = 16.078% → 16.08, printed 16.07 (truncated)
        ("derived.change", "info", 9, "16.07%"),
    ],
    "js-procuratorate-budget-2019.word.pdf": [
        # p.25 2214.39 ÷ (24169.74 − 2214.39) = 10.086% → 10.09, printed 10.06
        ("derived.change", "error", 25, "10.06%"),
        # p.25, p.27 ×2, p.29: 2228.78 ÷ 21940.96 = 10.158% → 10.16, printed 10.15 (truncated)
        ("derived.change", "info", 25, "10.15%"),
        # p.26 项目支出 4335.3, 减少了1237.7: 1237.7 ÷ 5573.0 = 22.21%, printed 13.22% — the
        # rate of the 基本支出 line above, copied; X stands in the sentence before: warning
        ("derived.change", "warning", 26, "13.22%"),
        ("derived.change", "info", 27, "10.15%"),
        ("derived.change", "info", 27, "10.15%"),
        # p.27 1311.6 ÷ 3666.0 = 35.777% → 35.78, printed 35.77 (truncated)
        ("derived.change", "info", 27, "35.77%"),
        # p.29 368.97 ÷ (1442.74 − 368.97) = 34.362% → 34.36, printed 34.38
        ("derived.change", "error", 29, "34.38%"),
        ("derived.change", "info", 29, "10.15%"),
    ],
    "sh-putuo-commerce-budget-2025.wps.pdf": [],
    # p.6 "政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元": last year's would be
    # −1421.25 (the clause is copied from the 一般公共预算 line before it)
    "sh-putuo-wanli-budget-2023.wps.pdf": [
        ("derived.change", "warning", 6, "0万元"),
        # p.6 执行数11.67 → 预算45.41: (45.41 − 11.67) ÷ 11.67 = 289.12%, printed 314.82%
        ("derived.change", "error", 6, "314.82%"),
        # p.7 执行数132.59 → 预算441.25: 232.79%, printed 60.54% — the rate of the line above
        # (274.85 → 441.25), copied
        ("derived.change", "error", 7, "60.54%"),
    ],
    "hn-likou-budget-review-2024.mineru.md": [],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_documents_give_only_the_findings_read_off_the_page(name: str) -> None:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{path} not available")
    findings = reportparse.check(reportparse.parse(path), rules=RULES)
    got = sorted((f.rule, f.severity, f.locations[-1].page or 0, f.locations[-1].text)
                 for f in findings)
    assert got == sorted(EXPECTED[name])
