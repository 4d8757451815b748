"""Shared pieces of the realistic report specs (``realistic_*.py``): exact arithmetic at printed
precision, the injected-error record, merged-cell tables and the spec a test reads back.

Why: issue 13 asks for reports "nobody here wrote" — in the styles of published 重点绩效评价报告,
部门整体支出绩效自评报告 and 项目支出绩效自评报告 — whose figures are all consistent, so any
error finding on a clean one is a false error. Every figure is computed here with ``Decimal`` and
``ROUND_HALF_UP`` at the precision it is printed with, never typed by hand.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from variants import TableSpec, Variant

D = Decimal


def q(x: Decimal, places: int = 2) -> Decimal:
    """``x`` rounded half-up to ``places`` decimals (the precision a report prints)."""
    return x.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)


def pct(part: Decimal, whole: Decimal, places: int = 2) -> str:
    """``part`` ÷ ``whole`` as a printed percentage (``83.33%``)."""
    return f"{q(part / whole * 100, places)}%"


def grade_of(total: Decimal) -> str:
    """财预〔2020〕10号 bands: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below."""
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


def split_weight(rng: random.Random, total: int, n: int) -> list[int]:
    """``total`` points over ``n`` indicators, whole numbers ≥ 1, a little uneven."""
    parts = [total // n] * n
    for i in range(total - sum(parts)):
        parts[i % n] += 1
    for _ in range(n):  # move a point between two indicators, keeping each ≥ 2
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b and parts[a] > 2:
            parts[a] -= 1
            parts[b] += 1
    return parts


@dataclass
class MergedTable(TableSpec):
    """A table with merged cells, written as a full grid: an empty cell in the first
    ``vmerge_cols`` columns continues the cell above (a vertical merge, written by Tika as an
    empty tab line), and an empty cell right of a 小计/合计/总分 label belongs to that label
    (a horizontal merge)."""

    vmerge_cols: int = 0


@dataclass
class Injected:
    """One injected inconsistency: the rule and category a check should report, and where.

    ``table`` is the first row of the changed table (enough of it to tell it from the others),
    ``row``/``col`` the changed cell in its grid; ``quote`` the changed words of the text;
    ``heading`` the title of the heading whose number was changed."""

    case: str
    rule: str
    category: str
    table: tuple[str, ...] | None = None
    row: int | None = None
    col: int | None = None
    quote: str | None = None
    heading: str | None = None


@dataclass
class Realistic:
    """A generated report and what a reader must get back from it."""

    name: str  # e.g. ``thirdparty.1``
    kind: str  # thirdparty | department | project
    variant: Variant
    total: str  # the report's score as the score table states it
    grade: str
    headings: list[str]  # top-level heading titles, in order
    injected: Injected | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def rows_total(scores: list[Decimal]) -> Decimal:
    return sum(scores, D(0))
