"""Reports with findings for the HTML review tests (built by hand, as the checker would)."""

from __future__ import annotations

from decimal import Decimal

from reportparse.models import Finding, Location, Ref, Report, ScoreRow, ScoreSummary, Table

SCRIPT = "<script>alert(1)</script>"
SCORE_TABLE = 13  # block index of 绩效评估得分总体情况表 in the seed


def seed_score(report: Report) -> ScoreSummary:
    """The score summary extraction gives for the seed (built from its table, for pages)."""
    t = report.blocks[SCORE_TABLE]
    assert isinstance(t, Table)
    rows = [ScoreRow(name=r[0], max_score=Decimal(r[1]), score=Decimal(r[2]),
                     rate=Decimal(r[3].rstrip("%"))) for r in t.rows[1:5]]
    return ScoreSummary(rows=rows, total=Decimal(t.rows[5][2]), total_rounded=Decimal(t.rows[6][2]),
                        grade=t.rows[7][1], table=SCORE_TABLE)


def injected(report: Report) -> tuple[Report, set[str]]:
    """The seed with an injected error (总分 86.47 → 88.47) and the findings a checker reports;
    returns the report and the element ids the page must highlight (no more, no fewer)."""
    r = report.model_copy(deep=True)
    t = r.blocks[SCORE_TABLE]
    assert isinstance(t, Table)
    total = t.cell_at(5, 2)
    assert total is not None and total.text == "86.47"
    total.text = "88.47"
    para = r.blocks[11]
    sp = para.provenance.span
    assert sp is not None
    s = r.text.index("得分为86分", sp[0]) + 3
    e = s + 3  # "86分"
    assert r.text[s:e] == "86分"
    r.findings = [
        Finding(rule="score.total_sum", category="arithmetic", severity="error",
                message="各项得分之和与总分不符", expected="86.47", actual="88.47",
                difference="2.00", tolerance="0.01",
                locations=[Location(ref=Ref(block=SCORE_TABLE, row=k, col=2), text=t.rows[k][2])
                           for k in range(1, 6)]),
        Finding(rule="score.rate", category="arithmetic", severity="warning",
                message="总分得分率与得分/分值不符", expected="88.47%", actual="86.47%",
                locations=[Location(ref=Ref(block=SCORE_TABLE, row=5, col=3), text="86.47%"),
                           Location(ref=Ref(block=SCORE_TABLE, row=5, col=2), text="88.47")]),
        Finding(rule="text.total_score", category="consistency", severity="error",
                message="正文所述得分与评分表取整总分不一致", expected="88", actual="86",
                locations=[Location(ref=Ref(block=11, span=(s, e)), text="86分",
                                    section="二、综合评估情况及评估结论"),
                           Location(ref=Ref(block=SCORE_TABLE, row=6, col=2), text="86")]),
        Finding(rule="grade.band", category="consistency", severity="info",
                message="等级与分数段相符（提示）",
                locations=[Location(ref=Ref(block=SCORE_TABLE, row=7, col=3), text="良")]),  # merged cell
        Finding(rule="doc.nowhere", category="consistency", severity="info",
                message="无法定位的数值", locations=[Location(text="不存在的文字")]),
    ]
    c = SCORE_TABLE
    mark = f"m-11-{s - sp[0]}-{e - sp[0]}"
    expected = {f"c-{c}-{k}-2" for k in range(1, 7)} | {f"c-{c}-5-3", f"c-{c}-7-1", mark}
    return r, expected


def with_script_cell(report: Report) -> Report:
    """The seed with ``<script>`` in a cell, a paragraph, a caption and a finding message."""
    r = report.model_copy(deep=True)
    t = r.blocks[SCORE_TABLE]
    assert isinstance(t, Table)
    cell = t.cell_at(1, 0)
    assert cell is not None
    cell.text = SCRIPT
    t.caption = SCRIPT + "表"
    r.blocks[2].text = SCRIPT + r.blocks[2].text  # type: ignore[union-attr]
    r.findings = [Finding(rule="x<y>", category="c", severity="warning", message=SCRIPT,
                          expected=SCRIPT, locations=[Location(ref=Ref(block=SCORE_TABLE, row=1, col=0))])]
    return r


def injected_checked(seed_path) -> tuple[Report, set[str]]:
    """End to end: the seed's text with one score changed (决策 12.30 → 13.30), parsed and
    checked by ``reportparse.check``; returns the report and the ids its findings name,
    derived from the locations independently of the renderer (table cell → the real cell
    covering it, ``c-T-R-C``)."""
    import reportparse

    text = seed_path.read_bytes().decode("utf-8")
    k = text.index("\t12.30\n") + 1
    report = reportparse.parse((text[:k] + "13.30" + text[k + 5:]).encode("utf-8"),
                               name="injected.txt")
    reportparse.check(report)
    assert report.findings, "the injected score error must be found"
    ids: set[str] = set()
    for f in report.findings:
        for loc in f.locations:
            assert loc.table is not None and loc.row is not None and loc.col is not None
            t = report.blocks[loc.table]
            assert isinstance(t, Table)
            cell = t.cell_at(loc.row, loc.col)
            assert cell is not None
            ids.add(f"c-{loc.table}-{cell.row}-{cell.col}")
    return report, ids
