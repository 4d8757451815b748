"""Score tables against each other (category ``table_table``): a dimension's subtotal in a
detailed or appendix table equals its row in the summary that is the report's score.

Binding decides severity (issue 13, "bind before you compare"):

* **by name** — a top-level row of the other table is, once numbering, a weight ``(25分)`` and a
  trailing ``指标`` are set aside, the name of exactly one summary row (``产出指标`` ↔ ``产出``),
  and each name occurs once in its table: both provably refer to the same dimension, so a
  difference at the coarser printed precision is an **error**;
* **by caption** — a per-dimension sub-table whose caption names one summary dimension
  (``表3 过程指标评分表``, ``ScoreSummary.dimension``) and whose rows are that dimension's
  indicators: its total is compared with that row, as a **warning** (a caption is a weaker tie).

Nothing is said when either side states no value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from ..extract.numbers import decimals, quantize
from ..extract.score_choice import dimension_key, dimension_suffixes, total_of
from ..models import Ref, Finding, ScoreRow, ScoreSummary
from .engine import Context, rule
from .score import effective
from .tolerance import fmt

_WORDS = {"score": "得分", "max_score": "分值"}


def _unique(rows: list[ScoreRow], suffixes: list[str]) -> dict[str, ScoreRow]:
    keys = Counter(dimension_key(r.name, suffixes) for r in rows)
    return {k: r for r in rows if keys[k := dimension_key(r.name, suffixes)] == 1}


def _differ(a: Decimal, b: Decimal) -> bool:
    places = min(decimals(a), decimals(b))
    return quantize(a, places) != quantize(b, places)


def _others(ctx: Context, main: ScoreSummary) -> list[ScoreSummary]:
    return [t for t in ctx.report.typed_tables if isinstance(t, ScoreSummary)
            and t is not main and t.table not in (tuple(main.tables) or (main.table,))]


def _ref(row: ScoreRow, key: str) -> Ref | None:
    return row.cells.get(key) or row.cells.get("name")


def _finding(ctx: Context, dim: ScoreRow, key: str, want: Decimal, other_name: str,
             got: Decimal, ref: Ref | None, where: str, severity: str | None
             ) -> Finding | None:
    word = _WORDS[key]
    return ctx.finding(
        f"“{dim.name}”{word}在汇总表中为{fmt(want)}分，{where}中为{fmt(got)}分"
        f"（相差{fmt(abs(got - want))}分）",
        severity=severity, expected=want, actual=got, difference=got - want,
        locations=[ctx.at_cell(_ref(dim, key), f"{dim.name} {word}（汇总表）"),
                   ctx.at_cell(ref, f"{other_name} {word}")])


@rule("table.subtotal", "table_table", "error")
def table_subtotal(ctx: Context) -> Iterator[Finding | None]:
    """Each dimension's 分值 and 得分 in a detailed, appendix or per-dimension score table
    equal that dimension's row in the summary chosen as the report's score.

    Rows bound by name (the same dimension in both tables, each name once) that differ at the
    coarser printed precision are errors; a per-dimension sub-table bound by its caption
    (``表3 过程指标评分表``) whose total differs from its row is a warning.
    """
    main = ctx.report.score
    if main is None or main.origin == "narrative" or not main.rows:
        return
    suffixes = dimension_suffixes(ctx.patterns)
    dims = _unique(main.rows, suffixes)
    for other in _others(ctx, main):
        own = _unique(other.rows, suffixes)
        bound = [(dims[k], own[k]) for k in own if k in dims]
        for dim, row in bound:
            for key in ("max_score", "score"):
                want, got = getattr(dim, key), effective(row, key)
                if want is not None and got is not None and _differ(want, got):
                    yield _finding(ctx, dim, key, want, row.name, got, _ref(row, key),
                                   f"“{other.caption or '明细表'}”", None)
        if bound or other.dimension is None:
            continue
        summed = dims.get(dimension_key(other.dimension, suffixes))
        got = total_of(other)
        if summed is None or summed.score is None or got is None or not _differ(summed.score, got):
            continue
        total_ref = other.total_row.cells.get("score") if other.total_row is not None else None
        yield _finding(ctx, summed, "score", summed.score, other.caption or "分项表", got,
                       total_ref, f"分项表“{other.caption}”合计",
                       str(ctx.param("caption_severity", "warning")))


@rule("table.ambiguous", "table_table", "warning")
def table_ambiguous(ctx: Context) -> Iterator[Finding | None]:
    """Several score tables cover the report and disagree on its total, and nothing in the
    text decides between them: the report's score is left empty rather than guessed.

    Reported where the extraction said so (a ``score_ambiguous`` reader warning), with the
    total cell of every score table involved.
    """
    notes = [w for w in ctx.report.warnings if w.code == "score_ambiguous"]
    if not notes or ctx.report.score is not None:
        return
    tables = [t for t in ctx.report.typed_tables if isinstance(t, ScoreSummary)]
    locs = [ctx.at_cell(_ref(t.total_row, "score") if t.total_row is not None else None,
                        f"{t.caption or '评分表'} 总分") for t in tables]
    yield ctx.finding(notes[0].message, locations=locs)
