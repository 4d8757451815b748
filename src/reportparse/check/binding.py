"""Which table value a narrative score statement is about, and how sure we are (issue 13).

The extract stage records, on every score fact, the subject its sentence names
(``data.subject``: report / dimension / indicator / here / ``None``) and the heading it stands
under (``data.section_dim``). Here that subject is bound to the score table:

* **sentence** — the sentence itself names the subject (``项目综合得分``, ``过程指标共25分，
  评价得分…``, ``资金管理二级指标…`` with a row of that name): certain; a contradiction is
  the rule's own severity (error);
* **section** — the sentence names none (``评价得分11.47分``, ``本部分满分15分…``) and the
  innermost heading names one dimension: likely; a contradiction is a ``warning`` when the
  sentence's own 分值 matches that dimension's (the weight confirms the binding), else
  ``info``;
* **context** — no subject anywhere but a report-level cue (``评价得分为86分``) outside any
  dimension section, or a sentence naming several years none of which is the figure's: a
  guess; ``info``.

A figure of another period (``较上年度评价得分82.5分``, ``2022年度…得分`` in a report on 2023)
or of another rater (``单位自评得分95分`` in a report whose title is not a 自评) is not bound.

Anything else (``得分2分`` with no subject, a figure in a heading whose subject is unknown, an
indicator the table does not name) is not bound and not compared.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..extract.scores import dimension_of, score_config
from ..models import GradeFact, ScoreFact, ScoreRow, ScoreSummary
from .engine import Context


@dataclass(frozen=True)
class Bound:
    """A score fact bound to a row (``None``: the report total) with a confidence."""

    row: ScoreRow | None
    how: str  # sentence | section | context


def dimension_row(ctx: Context, t: ScoreSummary, name: str | None) -> ScoreRow | None:
    """The level-1 row of dimension ``name`` (its aliases in facts.toml), when exactly one."""
    if not name:
        return None
    cfg = score_config(ctx.patterns)
    rows = [r for r in t.rows if r.name and dimension_of(r.name, cfg) == name]
    return rows[0] if len(rows) == 1 else None


def named_row(t: ScoreSummary, name: str, inside: bool = False) -> ScoreRow | None:
    """The row (any level) an indicator's own words end with (``该项目资金管理`` → 资金管理;
    never 产出 for ``项目产出数量``), the longest; ``inside``: anywhere in them."""
    rows = [r for r in t.walk() if r.name and len(r.name) >= 2
            and (r.name in name if inside else name.endswith(r.name))]
    return max(rows, key=lambda r: len(r.name)) if rows else None


def bind(ctx: Context, f: ScoreFact) -> Bound | None:
    """The row ``f`` states a figure of (``None``: the report's total), and how sure that
    binding is; ``None`` if unbound. Without a score table only the total can bind."""
    t = ctx.report.score
    d = f.data
    if "subject" not in d.model_fields_set:  # made by hand (no binding recorded): kind says it
        if f.kind == "total_score":
            return Bound(None, "sentence")
        if t is None:
            return None
        row = named_row(t, d.name or d.label or f.text, inside=True)
        return Bound(row, "sentence") if row is not None and f.kind == "indicator_score" else None
    subject = d.subject
    if not own_period(ctx, f):
        return None
    own = _self_evaluation(ctx) if d.self_rated else True
    b = _bind_subject(ctx, t, f, subject)
    if b is not None and own is None:
        return Bound(b.row, "context")  # no title: whose rating is it?
    if b is not None and b.how == "sentence" and (d.years or 0) > 1 and not (
            d.year and d.year == ctx.report.meta.year):
        return Bound(b.row, "context")  # several years in the sentence: which is this one's?
    return b


def own_period(ctx: Context, f: ScoreFact | GradeFact) -> bool:
    """False for a figure of another period (较上年度评价得分82.5分; 2022年度得分 in a 2023
    report) or of another rater (单位自评得分 in a report whose title is not a 自评)."""
    d = f.data
    if d.other_period:
        return False
    if d.year and ctx.report.meta.year and d.year != ctx.report.meta.year:
        return False
    return not (d.self_rated and _self_evaluation(ctx) is False)


def _self_evaluation(ctx: Context) -> bool | None:
    """Whether the report is the unit's self-evaluation (its title says 自评); ``None``
    without a title."""
    title = ctx.report.meta.title
    if title is None:
        return None
    words = ctx.patterns["facts"]["score"]["self_rated"]
    return any(w in title for w in words)


def _bind_subject(ctx: Context, t: ScoreSummary | None, f: ScoreFact,
                  subject: str | None) -> Bound | None:
    d = f.data
    if subject == "report":
        return Bound(None, "sentence")
    if t is None:  # no score table (a 自评表-only report): only the report's total binds
        loose = subject is None and d.bare and not d.in_heading
        ok = loose and d.section_dim is None and not d.under_dim and d.cue_strength != "weak"
        return Bound(None, "context") if ok else None
    if subject == "dimension":
        row = dimension_row(ctx, t, d.name)
        return Bound(row, "sentence") if row is not None else None
    if subject == "indicator":
        row = named_row(t, d.name or "")
        return Bound(row, "sentence") if row is not None else None
    if d.in_heading:
        return None
    if subject == "here" or (subject is None and d.bare):
        row = dimension_row(ctx, t, d.section_dim)
        if row is not None:
            return Bound(row, "section")
        if d.section_dim is None and not d.under_dim and subject is None \
                and d.cue_strength != "weak":
            return Bound(None, "context")
    return None


def severity(ctx: Context, f: ScoreFact, b: Bound) -> str:
    """The severity a contradiction of this binding deserves (see the module docstring);
    ``总分`` (a total score or the full marks) is never more than a warning."""
    if b.how == "context":
        return "info"
    if b.how == "section":
        mx = f.data.max.value if f.data.max is not None else None
        confirmed = mx is not None and b.row is not None and b.row.max_score == mx
        return "warning" if confirmed else "info"
    if f.data.role == "total":
        return "warning"
    return ctx.severity()
