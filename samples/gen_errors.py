"""Clean report variants with checkable arithmetic, and one injected inconsistency per check
category (issue 6).

``checked_variants()`` are the variants of ``variants.py`` whose conclusion also carries a
自评表 budget and indicator block (池州 shape, consistent: 89.974/90 = 99.97%, 得分 10.00), a
funding table (到位/支出/结转/使用率 with a 合计 row) and narrative statements (total score and
grade, investment and its sources, a count with its list, dated events, budget figures). ``inject(variant, category)`` returns a deep copy
with one inconsistency of that category, and ``INJECTED[category]`` says which cell or heading
was changed, so a test can assert the finding's location. ``render_bytes(variant, style)``
renders with the text-export styles of ``gen_text.py``.

    python samples/gen_errors.py     # print each injection and what `reportparse check` finds
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_text import STYLES, Style, arabic_safe, render  # noqa: E402
from variants import Node, TableSpec, Variant, marker, variants  # noqa: E402

SCORE_NAMES = ["决策", "过程", "产出", "效益"]


def _q(x: Decimal, places: int) -> Decimal:
    return x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def grade_of(total: Decimal) -> str:
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


def score_rows(weights: list[str], scores: list[str], names: list[str] | None = None,
               places: int = 2) -> list[list[str]]:
    """A consistent one-level score summary: rates half-up at ``places`` decimals, 总分 the
    exact sum, 总分（取整） its half-up integer, the grade of the total."""
    names = names or SCORE_NAMES
    rows = [["一级指标", "分值", "得分", "得分率"]]
    for n, w, s in zip(names, weights, scores):
        rate = _q(Decimal(s) / Decimal(w) * 100, places)
        rows.append([n, w, s, f"{rate}%"])
    total = sum((Decimal(s) for s in scores), Decimal(0))
    max_total = sum((Decimal(w) for w in weights), Decimal(0))
    rows.append(["总分", str(max_total), str(total), f"{_q(total / max_total * 100, places)}%"])
    rounded = _q(total, 0)
    rounded_rate = _q(rounded / max_total * 100, 0)
    rows.append(["总分（取整）", str(max_total), str(rounded), f"{rounded_rate}%"])
    rows.append(["综合评价等级", grade_of(total)])
    return rows


BUDGET_ROWS = [
    ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "90", "90", "89.974", "10", "99.97%", "10.00"],
    ["其中：本年财政拨款", "90", "90", "89.974", "—", "—", "—"],
    ["上年结转资金", "0", "0", "0", "—", "—", "—"],
    ["其他资金", "0", "0", "0", "—", "—", "—"],
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["产出指标(50分)", "数量指标", "改造小区数", "≥14个", "14个", "25", "25.00"],
    ["产出指标(50分)", "质量指标", "验收合格率", "100%", "98%", "25", "24.50"],
    ["效益指标(30分)", "社会效益指标", "居住条件改善", "有效改善", "基本改善", "30", "27.00"],
    ["满意度指标(10分)", "服务对象满意度指标", "居民满意度", "≥90%", "92%", "10", "9.00"],
    ["总分", "—", "—", "—", "—", "100", "95.50"],
]
FUNDING_ROWS = [
    ["资金来源", "到位资金（万元）", "实际支出（万元）", "结转资金（万元）", "资金使用率"],
    ["中央资金", "6000", "5800", "200", "96.67%"],
    ["地方配套资金", "600", "500", "100", "83.33%"],
    ["合计", "6600", "6300", "300", "95.45%"],
]


def _nodes(nodes: list[Node]):
    for n in nodes:
        yield n
        yield from _nodes(n.children)


def _tables(v: Variant) -> list[TableSpec]:
    return [b for n in _nodes(v.nodes) for b in n.body if isinstance(b, TableSpec)]


def score_spec(v: Variant) -> TableSpec:
    return next(t for t in _tables(v) if t.rows[0][:3] == ["一级指标", "分值", "得分"])


def table_spec(v: Variant, first_header: str) -> TableSpec:
    return next(t for t in _tables(v) if t.rows[0][0] == first_header)


def checked_variants() -> list[Variant]:
    """The variants, each with a consistent score table rebuilt from its own scores, a budget
    block and a funding table after it."""
    out = []
    for v in variants():
        spec = score_spec(v)
        owner = next(n for n in _nodes(v.nodes) if spec in n.body)
        weights = [r[1] for r in spec.rows[1:5]]
        scores = [r[2] for r in spec.rows[1:5]]
        spec.rows = score_rows(weights, scores)
        owner.body.insert(owner.body.index(spec), SCORE_SENTENCE)
        owner.body.extend(NARRATIVE)
        owner.body.append(TableSpec("项目支出绩效自评表", [list(r) for r in BUDGET_ROWS]))
        owner.body.append(TableSpec("项目资金使用情况表", [list(r) for r in FUNDING_ROWS]))
        _narrate(v)
        out.append(v)
    return out


#: narrative statements the checks compare (facts): filled from the score table by _narrate
SCORE_SENTENCE = "经综合评价，项目绩效评价得分为{score}分，评价等级为“{grade}”。"
NARRATIVE = [
    "项目总投资为6600万元，资金来源为中央资金6000万元、地方配套资金600万元。",
    "项目涉及直属单位3个，即甲单位、乙单位、丙单位。",
    "项目单位于2022年6月7日向财政局申请资金，财政局于2022年6月8日同意批复该资金。",
    "项目年初预算资金90万元，到位资金90万元，实际支出80万元，结转资金10万元，预算执行率为88.89%。",
]


def _narrate(v: Variant) -> None:
    """Write the total score and grade sentence from the score table's 总分."""
    total = Decimal(score_spec(v).rows[5][2])
    owner = next(n for n in _nodes(v.nodes) if score_spec(v) in n.body)
    for i, b in enumerate(owner.body):
        if isinstance(b, str) and b.startswith("经综合评价"):
            owner.body[i] = SCORE_SENTENCE.format(score=_q(total, 0), grade=grade_of(total))


def _replace_text(v: Variant, old: str, new: str) -> None:
    for n in _nodes(v.nodes):
        n.body = [b.replace(old, new) if isinstance(b, str) else b for b in n.body]


# ------------------------------------------------------------------ injections
@dataclass
class Injected:
    """What an injection changed: the table (by its first header cell) and the grid cell, or
    the heading whose number was changed."""

    rule: str
    table: str | None = None  # first header cell of the table changed
    row: int | None = None
    col: int | None = None
    heading: str | None = None  # title of the heading whose number was changed
    quote: str | None = None  # words of the narrative changed


def _sum(v: Variant) -> Injected:
    rows = score_spec(v).rows
    total = Decimal(rows[5][2]) + Decimal("0.30")  # 总分 off by 0.30; 取整 and grade follow it
    rows[5][2:4] = [str(total), f"{_q(total, 2)}%"]
    rows[6][2:4] = [str(_q(total, 0)), f"{_q(total, 0)}%"]
    rows[7][1] = grade_of(total)
    return Injected("score.sum", "一级指标", 5, 2)


def _max_sum(v: Variant) -> Injected:
    rows = score_spec(v).rows
    w = Decimal(rows[1][1]) + 5  # 决策 weighs 5 more; its rate follows
    rows[1][1] = str(w)
    rows[1][3] = f"{_q(Decimal(rows[1][2]) / w * 100, 2)}%"
    return Injected("score.max_sum", "一级指标", 1, 1)


def _rate(v: Variant) -> Injected:
    rows = score_spec(v).rows
    rows[3][3] = f"{_q(Decimal(rows[3][3].rstrip('%')) + Decimal('1.5'), 2)}%"
    return Injected("score.rate", "一级指标", 3, 3)


def _over_max(v: Variant) -> Injected:
    spec = score_spec(v)
    weights = [r[1] for r in spec.rows[1:5]]
    scores = [Decimal(r[2]) for r in spec.rows[1:5]]
    excess = Decimal(weights[0]) - scores[0] + 1  # 决策 one point over its weight …
    scores[0] += excess
    scores[3] -= excess  # … taken from 效益, so the total still adds up
    spec.rows = score_rows(weights, [str(s) for s in scores])
    return Injected("score.over_max", "一级指标", 1, 2)


def _rounding(v: Variant) -> Injected:
    rows = score_spec(v).rows
    rows[6][2] = str(Decimal(rows[6][2]) + 2)
    rows[6][3] = f"{rows[6][2]}%"
    return Injected("score.rounding", "一级指标", 6, 2)


def _grade(v: Variant) -> Injected:
    rows = score_spec(v).rows
    rows[7][1] = "差" if rows[7][1] != "差" else "优"
    return Injected("score.grade", "一级指标", 7, 1)


def _budget_rate(v: Variant) -> Injected:
    rows = table_spec(v, "项目资金（万元）").rows
    rows[1][6] = "9.00"  # 99.97% × 10 → 10.00, not 9.00
    rows[10][6] = "94.50"  # the 总分 follows the wrong score
    return Injected("budget.rate", "项目资金（万元）", 1, 6)


def _money_sum(v: Variant) -> Injected:
    rows = table_spec(v, "项目资金（万元）").rows
    rows[1][1:4] = ["0", "0", "0"]  # 池州: 年度资金总额 0/0/0 with 90 in its parts
    rows[1][5:7] = ["0%", "0"]
    rows[10][6] = "85.50"  # the 总分 follows the budget score
    return Injected("money.parts", "项目资金（万元）", 1, 1)


def _selfeval_sum(v: Variant) -> Injected:
    rows = table_spec(v, "项目资金（万元）").rows
    rows[10][6] = "96.50"  # the parts add up to 95.50
    return Injected("selfeval.sum", "项目资金（万元）", 10, 6)


def _selfeval_weight(v: Variant) -> Injected:
    rows = table_spec(v, "项目资金（万元）").rows
    rows[8][0] = "效益指标(35分)"  # its indicators weigh 30
    return Injected("selfeval.max_sum", "项目资金（万元）", 8, 2)


def _derived(v: Variant) -> Injected:
    rows = table_spec(v, "资金来源").rows
    rows[1][4] = "98.67%"  # 5800 / 6000 = 96.67%
    return Injected("derived.money", "资金来源", 1, 4)


def _weight_policy(v: Variant) -> Injected:
    spec = score_spec(v)
    weights = ["30", "20", "25", "25"]  # 产出 + 效益 = 50
    scores = [str(_q(Decimal(w) * Decimal("0.85"), 2)) for w in weights]
    spec.rows = score_rows(weights, scores)
    return Injected("weight_policy.output_outcome", "一级指标", 3, 1)


def _numbering(v: Variant) -> Injected:
    """The third heading of the first run of ≥3 sibling headings gets the second's number
    (一、二、二、…); the marker is rewritten at render time (see :func:`render_bytes`)."""
    def find(nodes: list[Node]) -> list[Node] | None:
        if len(nodes) >= 3 and nodes[0].family != "dotted":
            return nodes
        for n in nodes:
            got = find(n.children)
            if got:
                return got
        return None

    sibs = find(v.nodes)
    assert sibs is not None
    v.__dict__["_duplicate"] = (sibs[2].family, 3, sibs[2].title)
    return Injected("numbering.sequence", heading=sibs[2].title)


def _text_score(v: Variant) -> Injected:
    total = Decimal(score_spec(v).rows[5][2])
    wrong = f"得分为{_q(total, 0) + 3}分"
    _replace_text(v, f"得分为{_q(total, 0)}分", wrong)
    return Injected("text.score", quote=wrong)


def _text(old: str, new: str, rule: str, quote: str) -> Callable[[Variant], Injected]:
    """An injection that rewrites narrative words ``old`` as ``new``."""
    def inject_text(v: Variant) -> Injected:
        _replace_text(v, old, new)
        return Injected(rule, quote=quote)

    return inject_text


INJECTIONS: dict[str, Callable[[Variant], Injected]] = {
    "sum": _sum, "max_sum": _max_sum, "rate": _rate, "over_max": _over_max,
    "rounding": _rounding, "grade": _grade, "budget_rate": _budget_rate,
    "money_sum": _money_sum, "derived": _derived, "weight_policy": _weight_policy,
    "numbering": _numbering, "sum/selfeval": _selfeval_sum, "max_sum/selfeval": _selfeval_weight,
    "text_table": _text_score,
    "count": _text("直属单位3个", "直属单位4个", "count.items", "4个"),
    "dates": _text("2022年6月7日", "2022年6月9日", "dates.order", "2022年6月9日"),
    "money_sum/text": _text("地方配套资金600万元", "地方配套资金500万元", "money.parts", "500万元"),
    "derived/text": _text("结转资金10万元", "结转资金15万元", "derived.text", "结转资金15万元"),
    "budget_rate/text": _text("预算执行率为88.89%", "预算执行率为98.89%", "budget.text_rate",
                              "98.89%"),
}


def category_of(case: str) -> str:
    """The public category an injection case exercises (``sum/selfeval`` → ``sum``)."""
    return case.split("/")[0]


def inject(v: Variant, category: str) -> tuple[Variant, Injected]:
    """A deep copy of ``v`` with one inconsistency of ``category`` (a key of INJECTIONS)."""
    w = copy.deepcopy(v)
    what = INJECTIONS[category](w)
    if what.quote is None:
        _narrate(w)  # the text follows a changed table: only the injected rule should fire
    return w, what


def render_bytes(v: Variant, style: Style) -> bytes:
    """The variant as a text export in ``style``; a numbering injection rewrites the marker
    of the changed heading as its predecessor's (a duplicate)."""
    text = render(v, style)
    dup = v.__dict__.get("_duplicate")
    if dup:
        fam, n, title = dup
        old = marker(fam, n, arabic_export=style.arabic_export) + title
        new = marker(fam, n - 1, arabic_export=style.arabic_export) + title
        text = text.replace(old, new)
    return text.encode(style.encoding)


def _with_duplicate(v: Variant, text: str) -> str:
    """``text`` (a rendering with the numbers typed) with a numbering injection applied."""
    dup = v.__dict__.get("_duplicate")
    if not dup:
        return text
    fam, n, title = dup
    return text.replace(marker(fam, n) + title, marker(fam, n - 1) + title)


def render_docx(v: Variant, style: str) -> bytes:
    """The variant as a .docx in a ``gen_docx.py`` style (auto, manual, outline). A numbering
    injection needs typed numbers: only ``manual`` shows it (Word's automatic numbering cannot
    repeat a number)."""
    from docx_items import variant_items
    from gen_docx import render as docx_render

    items = variant_items(v)
    dup = v.__dict__.get("_duplicate")
    if dup:
        fam, n, title = dup
        for it in items:
            if it["kind"] == "heading" and it["title"] == title \
                    and it["number"] == marker(fam, n).strip():
                it["number"] = marker(fam, n - 1).strip()
    return docx_render(items, style, v.name)


def render_markup(v: Variant, fmt: str) -> bytes:
    """The variant as Markdown (``md``) or HTML (``html``) — see ``gen_markup.py``."""
    from gen_markup import to_html, to_markdown

    return _with_duplicate(v, to_markdown(v) if fmt == "md" else to_html(v)).encode("utf-8")


def styles_for(v: Variant) -> list[Style]:
    return [s for s in STYLES if not s.arabic_export or arabic_safe(v)]


def main() -> None:
    import reportparse

    for v in checked_variants():
        for cat in INJECTIONS:
            w, what = inject(v, cat)
            r = reportparse.parse(render_bytes(w, STYLES[0]), name=f"{v.name}.{cat}.txt")
            found = [f"{f.severity}:{f.rule}" for f in reportparse.check(r)]
            print(f"{v.name:13} {cat:14} {what.rule:30} {found}")


if __name__ == "__main__":
    main()
