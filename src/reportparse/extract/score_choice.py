"""The report's score, chosen by evidence among every score-bearing table (issue 13/15).

A report may carry a summary of 一级指标, a detailed 三级指标 tree with 小计/合计 rows, one
sub-table per dimension, a 自评表, a 绩效目标表 (targets only) — or no table at all. Taking the
first scoring table picked a per-dimension sub-table (11.47 instead of 65.00) on a real report.
So the candidates are weighed:

1. a 自评表 becomes a score tree (:func:`from_self_eval`: the budget row worth 10 and the
   indicator tree under its 一级 groups) and competes like any score table;
2. a table whose total equals a total stated in the text (``总得分65.00分``) beats one whose
   total does not (a misprinted weight does not make the summary lose to an appendix);
3. then a table that covers the full marks (its 一级 分值 add up to 100, ``[choice]
   full_marks``) beats one that does not — a per-dimension sub-table covers 20 or 35 of 100;
4. a score table outranks a 自评表 attached to an evaluation report (the unit's own
   self-evaluation); among the rest, tables that agree on the total are one answer, and the summary (one level)
   is preferred over a detailed tree; tables that disagree with nothing to decide between
   them leave the score empty with a ``score_ambiguous`` warning instead of a guess;
5. no score table at all: a total stated in the text (``自评得分90分，等级为“优”``) is the
   score, with the sentence's provenance (``origin = "narrative"``).

The other score tables stay in ``typed_tables``; a per-dimension sub-table gets the dimension
its caption names (``dimension``) so the ``table_table`` check can bind it to its summary row.
"""

from __future__ import annotations

from decimal import Decimal

import regex as re

from ..models import (
    BudgetRow,
    Fact,
    Figure,
    Message,
    Ref,
    ScoreFact,
    ScoreRow,
    ScoreSummary,
    SelfEvalTable,
    TypedTable,
)
from ..patterns import Patterns
from .numbers import decimals, same_at

_MARK = re.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十0-9]+[）)]|"
                   r"[0-9]+(?:[.．][0-9]+)*\s*[、.．]?)\s*")
_WEIGHT = re.compile(r"[（(][^）)]*[0-9０-９]+[^）)]*[）)]")
_SPACE = re.compile(r"\s+")
_QUOTES = re.compile(r"[\s“”\"'‘’「」]")
HUNDRED = Decimal(100)


def dimension_suffixes(patterns: Patterns) -> list[str]:
    """Words a dimension's name may end with in one table and not in another (``[choice]
    dimension_suffixes``: 产出指标 ↔ 产出)."""
    return list(patterns["tables"].get("choice", {}).get("dimension_suffixes", []))


def dimension_key(name: str, suffixes: list[str]) -> str:
    """A dimension's name for binding across tables: numbering, a weight ``(25分)``, spaces
    and a trailing suffix out (``一、产出指标(50分)`` → ``产出``)."""
    t = _WEIGHT.sub("", _SPACE.sub("", name or ""))
    t = _MARK.sub("", t, count=1)
    for suf in suffixes:
        if t.endswith(suf) and len(t) > len(suf):
            t = t[: -len(suf)]
    return t


# --------------------------------------------------------------------------- 自评表 → tree
def _fig(f: Figure | None) -> Decimal | None:
    if f is None or f.number is None or not f.number.exact:
        return None
    return f.number.value if f.number.unit in (None, "分") else None


def _budget_node(b: BudgetRow) -> ScoreRow | None:
    mx, sc = _fig(b.max_score), _fig(b.score)
    if mx is None and sc is None:
        return None
    node = ScoreRow(name=b.name, level=1, max_score=mx, score=sc, ref=b.ref)
    for key, fig in (("name", b), ("max_score", b.max_score), ("score", b.score)):
        ref = fig.ref if fig is not None else None
        if ref is not None:
            node.cells[key] = ref
    if b.rate is not None and b.rate.number is not None and b.rate.number.exact:
        node.rate = b.rate.number.value
        if b.rate.ref is not None:
            node.cells["rate"] = b.rate.ref
    return node


def from_self_eval(se: SelfEvalTable) -> ScoreSummary | None:
    """The 自评表 as a score tree: the budget-execution row(s) that carry 分值/得分 at level 1,
    then the indicators under their 一级/二级 groups (a group weight ``产出指标(50分)`` is the
    group's 分值), the 总分 row as the total, the stated grade. ``None`` when the table states
    no score at all (a target table)."""
    out = ScoreSummary(table=se.table, caption=se.caption, origin="self_eval",
                       tables=[se.table])
    for b in se.budget:
        if b.part_of is None:
            node = _budget_node(b)
            if node is not None:
                out.rows.append(node)
    groups: dict[tuple[str, ...], ScoreRow] = {}
    for ind in se.indicators:
        path = ind.path or [ind.name]
        parent: ScoreRow | None = None
        for depth, name in enumerate(path, start=1):
            key = tuple(path[:depth])
            node = groups.get(key)
            leaf = depth == len(path)
            if node is None or leaf:
                ref = ind.ref if leaf else None
                # a group with no cell of its own stands in the table
                node = ScoreRow(name=name, level=depth, ref=ref or Ref(block=se.table))
                if ref is not None:
                    node.cells["name"] = ref
                if depth == 1 and ind.group_weight is not None:
                    node.max_score, node.weight_in_label = ind.group_weight, True
                groups[key] = node
                (parent.children if parent is not None else out.rows).append(node)
            parent = node
        assert parent is not None
        for field, fig in (("max_score", ind.max_score), ("score", ind.score)):
            v = _fig(fig)
            if v is not None and fig is not None and fig.ref is not None:
                setattr(parent, field, v)
                parent.cells[field] = fig.ref
        if ind.reason:
            parent.reason = ind.reason
    out.levels = max((r.level for r in out.walk()), default=1)
    out.kind = "score_tree" if out.levels > 1 else "score_summary"
    out.total = _fig(se.total)
    if se.total is not None and out.total is not None:
        out.total_row = ScoreRow(name="总分", level=0, score=out.total, ref=se.total.ref)
        if se.total.ref is not None:
            out.total_row.cells["score"] = se.total.ref
            out.total_row.cells["name"] = se.total.ref
    if se.grade is not None:
        out.grade = _grade_word(se.grade.text)
        out.grade_ref = se.grade.ref
    if not any(r.score is not None for r in out.walk()) and out.total is None:
        return None
    return out


def _grade_word(text: str) -> str:
    return _QUOTES.sub("", text or "")


# --------------------------------------------------------------------------- evidence
def _sum(nodes: list[ScoreRow], key: str) -> Decimal | None:
    vals = [_effective(n, key) for n in nodes]
    if not vals or any(v is None for v in vals):
        return None
    return sum((v for v in vals if v is not None), Decimal(0))


def _effective(node: ScoreRow, key: str) -> Decimal | None:
    v = getattr(node, key)
    if v is not None or not node.children:
        return v
    return _sum(node.children, key)


def total_of(s: ScoreSummary) -> Decimal | None:
    """The table's total: the 总分 row, else its 一级 scores added up."""
    if s.total is not None:
        return s.total
    return _sum(s.rows, "score")


def full_marks(s: ScoreSummary, top: Decimal = HUNDRED) -> bool:
    """Its 一级 分值 (or its stated total weight) make the full marks ``top`` (100): a
    per-dimension sub-table's 合计 25 covers a quarter of the evaluation only."""
    weight = s.total_row.max_score if s.total_row is not None else None
    got = _sum(s.rows, "max_score")
    return (got if got is not None else weight) == top and weight in (None, top)


def _agrees(total: Decimal | None, fact: Fact) -> bool:
    if total is None or not isinstance(fact.value, Decimal):
        return False
    return same_at(total, fact.value, decimals(fact.value))


def _is_target_table(s: ScoreSummary, words: list[str]) -> bool:
    cap = _SPACE.sub("", s.caption or "")
    return any(w in cap for w in words)


def _has_scores(s: ScoreSummary) -> bool:
    return s.total is not None or any(r.score is not None for r in s.walk())


def _caption_dimension(s: ScoreSummary, dims: dict[str, str]) -> str | None:
    """The one summary dimension a sub-table's caption names (``表3 过程指标评分表``)."""
    cap = _SPACE.sub("", s.caption or "")
    hits = [name for key, name in dims.items() if key and key in cap]
    return hits[0] if len(hits) == 1 else None


def choose_score(typed: list[TypedTable], facts: list[Fact], patterns: Patterns
                 ) -> tuple[ScoreSummary | None, list[Message]]:
    """The report's score and any warning about the choice (see the module docstring)."""
    conf = patterns["tables"].get("choice", {})
    target_words = list(conf.get("target_captions", []))
    top = Decimal(str(conf.get("full_marks", 100)))
    cands: list[ScoreSummary] = []
    for t in typed:
        if isinstance(t, ScoreSummary):
            s = t
        elif isinstance(t, SelfEvalTable):
            s = from_self_eval(t)  # type: ignore[assignment]
            if s is None:
                continue
        else:
            continue
        if not _has_scores(s) or _is_target_table(s, target_words):
            continue
        cands.append(s)
    totals = [f for f in facts if f.kind == "total_score" and isinstance(f.value, Decimal)]
    if not cands:
        return _narrative(totals, facts), []
    why: list[str] = []
    pool = cands
    stated = [c for c in pool if any(_agrees(total_of(c), f) for f in totals)]
    if stated:
        pool, why = stated, why + ["总分与正文所述总分一致"]
    full = [c for c in pool if full_marks(c, top)]
    if full:
        pool, why = full, why + ["一级指标分值合计为满分"]
    tables = [c for c in pool if c.origin != "self_eval"]
    if tables and len(tables) < len(pool):
        pool, why = tables, why + ["评分表优先于附带的自评表"]
    answers = {total_of(c) for c in pool}
    if len(answers) > 1:
        listed = "、".join(f"{c.caption or '表'}（{total_of(c)}分）" for c in pool)
        return None, [Message(code="score_ambiguous", message=(
            f"{len(pool)}个评分表的总分互不一致，无法判断哪一个是报告的得分：{listed}"),
            provenance=pool[0].provenance)]
    pool.sort(key=lambda c: (c.levels != 1, c.total is None, c.origin == "self_eval"))
    best = pool[0]
    if len(cands) > 1:
        best.evidence = why + (["汇总表优先于明细表"] if best.levels == 1 and len(pool) > 1
                               else [])
    _mark_dimensions(best, cands, dimension_suffixes(patterns))
    grades = {str(g.value) for g in facts if g.kind == "grade" and g.value}
    if best.grade is None and len(grades) == 1:
        best.grade = grades.pop()  # the table states none: the text's (grade_ref stays None)
        best.evidence.append("等级取自正文")
    return best, []


def _mark_dimensions(best: ScoreSummary, cands: list[ScoreSummary], suffixes: list[str]
                     ) -> None:
    dims = {dimension_key(r.name, suffixes): r.name for r in best.rows}
    for c in cands:
        if c is best or c.table == best.table:
            continue
        own = {dimension_key(r.name, suffixes) for r in c.rows}
        if not own & set(dims):
            c.dimension = _caption_dimension(c, dims)


def _narrative(totals: list[ScoreFact], facts: list[Fact]) -> ScoreSummary | None:
    """A total stated in the text when no table states one: all such statements must agree."""
    if not totals or len({f.value for f in totals}) != 1:
        return None
    f = totals[0]
    grades = {str(g.value) for g in facts if g.kind == "grade" and g.value}
    value = f.value
    assert isinstance(value, Decimal)
    return ScoreSummary(
        origin="narrative", total=value,
        grade=next(iter(grades)) if len(grades) == 1 else None,
        ref=f.ref,
        evidence=[f.text], kind="score_summary")
