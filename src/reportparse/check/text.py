"""Narrative figures against the tables, and repeated facts against each other
(``domain.md`` §7 ``text_table`` / ``repeated_fact``).

Score facts (``total_score``, ``indicator_score``, ``max_score``, ``score``) are first bound to
what they are about (:mod:`.binding`): the report's total, a dimension's row, a named row — or
nothing. ``text.score`` compares those bound to the report with the table's 总分 (or 总分（取整）,
or the 自评表's 总分) at the precision the text writes (``86分`` agrees with 86.47);
``text.indicator`` those bound to a row with its 分值/得分/得分率; the binding's confidence sets
the severity. Repeated facts — the report's total score and grade, counts bound to the same
item group or list, money totals of the same entity — must agree with each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..extract.numbers import agrees
from ..models import (CountFact, Fact, Finding, GradeFact, MoneyTotalFact, Number, ScoreFact,
                      ScoreRow, ScoreSummary, SelfEvalTable)
from .binding import Bound, bind, dimension_row, own_period, severity
from .engine import Context, rule
from .tolerance import fmt
from .values import fact_number, figure_value


def _agree(ctx: Context, a: Number, b: Number) -> bool:
    """Two statements agree when the less precise one agrees with the more precise one."""
    lo, hi = sorted((a, b), key=lambda n: (n.exact, -n.quantum))
    if not hi.exact:
        return True  # two hedges: nothing to contradict reliably
    return agrees(lo, hi.value, approx=ctx.approx)


def _total_max(t: ScoreSummary) -> Decimal | None:
    """The report's full marks: the 总分 row's 分值, else the level-1 分值 added up."""
    if t.total_row is not None and t.total_row.max_score is not None:
        return t.total_row.max_score
    weights = [r.max_score for r in t.rows if r.max_score is not None]
    return sum(weights, Decimal(0)) if t.rows and len(weights) == len(t.rows) else None


def _how(b: Bound) -> str:
    return {"section": "（按所在章节对应）", "context": "（所指对象不确定，仅供核对）"}.get(b.how, "")


@rule("text.score", "text_table", "error",
      binding="sentence names the report (项目/部门/综合得分…): error; 总分 (score or full "
              "marks): warning; no subject, report-level cue: info")
def text_score(ctx: Context) -> Iterator[Finding | None]:
    """A total score stated in the text equals the score table's 总分 (or 总分（取整）) at
    the precision the text writes it; a stated full mark (满分/总分值) equals the table's.

    Only figures bound to the report as a whole are compared (``binding.py``): never a TOC
    line, a table/appendix number, a formula, a 分值, or a dimension's own figures.
    """
    t = ctx.report.score
    if t is None:
        yield from _against_self_eval(ctx)
        return
    # where the score came from names it: a 自评表 chosen as the score is not a 评分表
    src = {"self_eval": "自评表", "narrative": "正文另处"}.get(t.origin, "评分表")
    for f in ctx.facts(ScoreFact):
        b = bind(ctx, f)
        n = fact_number(f, "分")
        if b is None or b.row is not None or n is None:
            continue
        role = f.data.role
        scores = [v for v in (t.total, t.total_rounded) if v is not None]
        maxes = [v for v in (_total_max(t),) if v is not None]
        wanted = maxes if role == "max" else scores + (maxes if role == "total" else [])
        if not wanted or any(agrees(n, v, approx=ctx.approx) for v in wanted):
            continue
        if role == "max":
            mx = maxes[0]
            yield ctx.finding(
                f"正文总分值{fmt(n.value)}分与{src}总分值{fmt(mx)}分不一致{_how(b)}",
                severity=severity(ctx, f, b), expected=mx, actual=n.value,
                difference=n.value - mx,
                locations=[ctx.at_fact(f, "正文总分值"),
                           ctx.at_cell(t.total_row.cells.get("max_score") if t.total_row
                                       else None, f"{src}总分值")])
            continue
        table_val = t.total if t.total is not None else t.total_rounded
        row = t.total_row if t.total is not None else t.rounded_row
        yield ctx.finding(
            f"正文总分{fmt(n.value)}分与{src}总分{fmt(table_val)}分不一致"
            f"（相差{fmt(abs(n.value - table_val))}分）{_how(b)}",  # type: ignore[operator]
            severity=severity(ctx, f, b),
            expected=table_val, actual=n.value, difference=n.value - table_val,  # type: ignore[operator]
            locations=[ctx.at_fact(f, "正文总分"),
                       ctx.at_cell(row.cells.get("score") if row else None, f"{src}总分")])


def _against_self_eval(ctx: Context) -> Iterator[Finding | None]:
    """A report with a 自评表 but no score summary (a 自评表-only self-evaluation): the
    report's total score in the text equals the 自评表's 总分."""
    tables = [t for t in ctx.report.typed_tables if isinstance(t, SelfEvalTable)
              and figure_value(t.total) is not None]
    if len(tables) != 1:
        return  # none, or several 自评表 (of which project?): nothing to bind to
    total = tables[0].total
    assert total is not None and total.number is not None
    for f in ctx.facts(ScoreFact):
        b = bind(ctx, f)
        n = fact_number(f, "分")
        if b is None or b.row is not None or n is None or f.data.role == "max":
            continue
        if agrees(n, total.number.value, approx=ctx.approx):
            continue
        v = total.number.value
        yield ctx.finding(
            f"正文总分{fmt(n.value)}分与自评表总分{fmt(v)}分不一致"
            f"（相差{fmt(abs(n.value - v))}分）{_how(b)}",
            severity=severity(ctx, f, b), expected=v, actual=n.value, difference=n.value - v,
            locations=[ctx.at_fact(f, "正文总分"), ctx.at_cell(total.ref, "自评表总分")])


def _key(f: Fact) -> tuple[str, str] | None:
    """What a fact is *about*; two facts with one key must agree. Counts are bound to their
    item group (a partial list) or their exact item list, never to a bare noun; money totals
    to their entity (总投资)."""
    if isinstance(f, GradeFact):
        return (f.kind, "")
    if isinstance(f, ScoreFact) and f.kind == "total_score":
        d = f.data
        explicit = d.subject == "report" and d.role == "score"
        return (f.kind, "") if explicit or "subject" not in d.model_fields_set else None
    if isinstance(f, CountFact):
        c = f.data
        groups = c.groups or []
        if c.list == "partial" and len(groups) == 1:
            g = groups[0]
            return ("count", f"{c.noun}@{g.table}:{g.group}")
        if c.list == "exact" and c.items:
            return ("count", "、".join(sorted(c.items)))
        return None
    if not isinstance(f, MoneyTotalFact) or not f.data.entity:
        return None  # other amounts (预算资金 of which year?) are too loosely bound to compare
    return (f.kind, f.data.entity)


@rule("text.repeated", "text_table", "error",
      binding="the same subject named in both sentences (the report's total score, its grade, "
              "one item group, one entity's total): error")
def text_repeated(ctx: Context) -> Iterator[Finding | None]:
    """The same fact stated twice (total score, grade, a count of the same item group, a money
    total of the same entity) has the same value each time.

    A total score takes part only when its sentence names the report as its subject and states
    a score (not ``总分``, which may be the full marks).
    """
    groups: dict[tuple[str, str], list[Fact]] = {}
    for f in ctx.report.facts:
        k = _key(f)
        other_period = isinstance(f, (ScoreFact, GradeFact)) and not own_period(ctx, f)
        if k is not None and not other_period:  # 上年度等级为优 is another fact
            groups.setdefault(k, []).append(f)
    for (kind, ent), facts in groups.items():
        first = facts[0]
        a = fact_number(first)
        for other in facts[1:]:
            b = fact_number(other)
            if a is not None and b is not None:
                if _agree(ctx, a, b):
                    continue
                exp = first.text or a.text or fmt(a.value)
                act = other.text or b.text or fmt(b.value)
            else:
                va, vb = str(first.value), str(other.value)
                if va == vb:
                    continue
                exp, act = va, vb
            named = (first.data.noun if isinstance(first, CountFact) else
                     first.data.entity if isinstance(first, MoneyTotalFact) else None)
            what = {"total_score": "总分", "grade": "等级"}.get(kind) or named or \
                ent.split("/")[0]
            yield ctx.finding(
                f"“{what}”前后表述不一致：先为“{exp}”，后为“{act}”",
                expected=exp, actual=act,
                locations=[ctx.at_fact(first, what), ctx.at_fact(other, what)])




_WHAT = {"score": "得分", "max": "分值", "total": "总分"}


def _row_value(row: ScoreRow, role: str) -> list[Decimal]:
    keys = {"score": ["score"], "max": ["max_score"], "total": ["max_score", "score"]}[role]
    return [v for v in (getattr(row, k) for k in keys) if v is not None]


@rule("text.indicator", "text_table", "error",
      binding="sentence names the dimension or a table row: error; heading names it and the "
              "sentence's 分值 matches: warning; heading only: info")
def text_indicator(ctx: Context) -> Iterator[Finding | None]:
    """A dimension's or indicator's 分值, 得分 and 得分率 stated in the text
    (``产出指标共25分，得分19.88分，得分率79.52%``) equal that row of the score table.

    A sentence that names one dimension while standing in another's section, with the other's
    figures (a 效益 section saying ``产出指标共35分``), is reported with both rows: a
    mislabelled analysis.
    """
    t = ctx.report.score
    if t is None:
        return
    for f in ctx.facts(ScoreFact):
        b = bind(ctx, f)
        n = fact_number(f, "分")
        if b is None or b.row is None or n is None:
            continue
        role = f.data.role
        found = [x for x in _compare_row(ctx, f, b, n, role) if x is not None]
        yield from found
        if not found:  # a wrong rate after a wrong score says nothing new
            yield _rate_finding(ctx, f, b)


def _rate_finding(ctx: Context, f: ScoreFact, b: Bound) -> Finding | None:
    """The 得分率 stated with a score against the bound row's, at the text's precision."""
    rate, row = (f.data.rate.value if f.data.rate is not None else None), b.row
    if rate is None or row is None or row.rate is None:
        return None
    places = min(_places(rate), _places(row.rate))  # compared at the coarser precision
    if ctx.round(rate, places) == ctx.round(row.rate, places):
        return None
    return ctx.finding(
        f"正文“{row.name}”得分率{fmt(rate)}%与评分表{fmt(row.rate)}%不一致{_how(b)}",
        severity=severity(ctx, f, b), expected=f"{fmt(row.rate)}%", actual=f"{fmt(rate)}%",
        difference=rate - row.rate,
        locations=[ctx.at_fact(f, f"正文{row.name}得分率"),
                   ctx.at_cell(row.cells.get("rate"), f"{row.name} 得分率")])


def _places(d: Decimal) -> int:
    e = d.as_tuple().exponent
    return -e if isinstance(e, int) and e < 0 else 0


def _compare_row(ctx: Context, f: ScoreFact, b: Bound, n: Number, role: str) -> Iterator[Finding | None]:
    row = b.row
    assert row is not None
    values = _row_value(row, role)
    if not values or any(agrees(n, v, approx=ctx.approx) for v in values):
        return
    what = _WHAT.get(role, "得分")
    key = "max_score" if role == "max" else "score"
    table_val = values[0]
    msg = (f"正文“{row.name}”{what}{fmt(n.value)}分与评分表{fmt(table_val)}分不一致"
           f"（相差{fmt(abs(n.value - table_val))}分）{_how(b)}")
    locs = [ctx.at_fact(f, f"正文{row.name}{what}"),
            ctx.at_cell(row.cells.get(key), f"{row.name} {what}")]
    other = dimension_row(ctx, ctx.report.score, f.data.section_dim)  # type: ignore[arg-type]
    if b.how == "sentence" and other is not None and other is not row and any(
            agrees(n, v, approx=ctx.approx) for v in _row_value(other, role)):
        msg += f"；该数与所在章节“{other.name}”的{what}相符，疑为指标名称误写"
        locs.append(ctx.at_cell(other.cells.get(key), f"{other.name} {what}"))
    yield ctx.finding(msg, severity=severity(ctx, f, b), expected=table_val, actual=n.value,
                      difference=n.value - table_val, locations=locs)
