"""Narrative score statements against the score table, table-driven (issue 13).

Each case of ``tests/cases/narrative.toml`` puts hand-written sentences into one place of a
minimal but complete report (a text export: title, optional 报告摘要 and 目录, 基本情况, the
conclusion with a score table, the four dimension-analysis sections, 存在的问题) and checks it.
``[[clean]]`` cases must give no finding at all; ``[[wrong]]`` cases exactly the findings
listed (rule, category, severity, the quoted text and section of the narrative figure, and the
table cell it contradicts).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

import reportparse

CASES = tomllib.loads((Path(__file__).parent / "cases" / "narrative.toml").read_text("utf-8"))
TABLES: dict[str, list[list[str]]] = CASES["tables"]
DIMENSIONS = {"决策": "（一）项目决策", "过程": "（二）项目过程", "产出": "（三）项目产出",
              "效益": "（四）项目效益"}
CONCLUSION = "二、综合评价情况及评价结论"


def _table(name: str) -> list[str]:
    """The score table as a text export writes it: one tab-indented line per cell, a blank
    line after each row."""
    lines = ["绩效评价得分总体情况表"]
    for row in TABLES[name]:
        lines += ["\t" + c for c in row] + [""]
    return lines + [""]


TITLE = "2023年度城区老旧小区改造项目绩效评价报告"


def build(where: str, text: str, table: str = "seed", title: str = TITLE) -> str:
    """A report titled ``title`` with ``text`` (one paragraph a line) at ``where``: summary,
    toc, background, conclusion, or a dimension (决策/过程/产出/效益)."""
    body = text.strip().splitlines()

    def at(place: str, default: list[str]) -> list[str]:
        return body if where == place else default

    lines = [title]
    if where == "summary":
        lines += ["报告摘要", *body]
    if where == "toc":
        lines += ["目录", "一、基本情况\t1", "二、综合评价情况及评价结论\t3", *body]
    lines += ["一、基本情况", *at("background", ["项目于2023年3月开工，2023年11月完工。"])]
    lines += [CONCLUSION, *at("conclusion", ["经评价，项目整体实施情况较好。"]), *_table(table)]
    lines += ["三、绩效评价指标分析"]
    for dim, heading in DIMENSIONS.items():
        lines += [heading, *at(dim, [f"{dim}方面的具体情况如下。"])]
    lines += ["四、存在的问题", "部分小区验收资料不全。"]
    return "\n".join(lines) + "\n"


def check(case: dict[str, Any]) -> list[reportparse.Finding]:
    text = build(case["where"], case["text"], case.get("table", "seed"), case.get("title", TITLE))
    report = reportparse.parse(text.encode("utf-8"), name="case.txt")
    return reportparse.check(report)


def _id(case: dict[str, Any]) -> str:
    return case["text"].strip().splitlines()[0][:24]


@pytest.mark.parametrize("table", sorted(TABLES))
def test_the_frame_alone_is_clean(table: str) -> None:
    assert check({"where": "background", "text": "项目于2023年实施。", "table": table}) == []


def test_there_are_enough_hand_written_cases() -> None:
    assert len(CASES["clean"]) >= 25 and len(CASES["wrong"]) >= 10
    assert {f["rule"] for c in CASES["wrong"] for f in c["expect"]} >= {
        "text.score", "text.indicator", "text.repeated"}


@pytest.mark.parametrize("case", CASES["clean"], ids=_id)
def test_no_finding(case: dict[str, Any]) -> None:
    findings = check(case)
    assert [(f.rule, f.severity, f.message) for f in findings] == [], case.get("why")


@pytest.mark.parametrize("case", CASES["wrong"], ids=_id)
def test_exactly_the_right_finding(case: dict[str, Any]) -> None:
    findings = check(case)
    got = [(f.rule, f.category, f.severity) for f in findings]
    want = [(e["rule"], e.get("category", "text_table"), e["severity"]) for e in case["expect"]]
    assert got == want, [f.message for f in findings]
    for f, e in zip(findings, case["expect"]):
        text_loc = f.locations[0]
        assert text_loc.text == e["quote"], f.message
        section = e.get("section", _section_of(case["where"]))
        if section is None:  # 报告摘要 stands before the first chapter
            assert text_loc.section is None, f.message
        else:
            assert text_loc.section is not None and text_loc.section.endswith(section), f.message
        if "cell" in e:
            cell = f.locations[1]
            assert [cell.row, cell.col] == e["cell"], f.message
        if "also_cell" in e:  # a mislabelled analysis names the row it matches, too
            assert [[x.row, x.col] for x in f.locations[2:]] == [e["also_cell"]], f.message
        for word in e.get("says", []):
            assert word in f.message


def _section_of(where: str) -> str | None:
    if where in DIMENSIONS:
        return DIMENSIONS[where]
    return {"conclusion": CONCLUSION, "background": "一、基本情况"}.get(where)


# ------------------------------------------------------------------ whole realistic reports
REPORTS = Path(__file__).parent / "cases" / "reports"
FORMATS = ["txt", "docx", "md"]


def _blocks(text: str) -> list[str | list[list[str]]]:
    """The paragraphs and tables of a text export (a table: tab-indented cells, a blank line
    after each row, a blank line after the table)."""
    out: list[str | list[list[str]]] = []
    rows: list[list[str]] = []
    row: list[str] = []
    for line in text.splitlines():
        if line.startswith("\t"):
            row.append(line[1:])
        elif row:
            rows.append(row)
            row = []
        elif rows:
            out.append(rows)
            rows = []
        elif line.strip():
            out.append(line)
    return out + ([rows] if rows else [])


def render(text: str, fmt: str) -> tuple[bytes, str]:
    """The text export rendered as ``fmt`` (a .docx of plain paragraphs and a real table, or
    Markdown with a pipe table): the same report in another format."""
    from docx_builder import make_docx, p, table, tc

    if fmt == "txt":
        return text.encode("utf-8"), "report.txt"
    blocks = _blocks(text)
    if fmt == "docx":
        width = max(len(r) for b in blocks if isinstance(b, list) for r in b)
        body = "".join(p(b.replace("\t", "  ")) if isinstance(b, str) else table(
            ["".join(tc(c) for c in r) + tc("") * (width - len(r)) for r in b], width)
            for b in blocks)
        return make_docx(body), "report.docx"
    md: list[str] = []
    for b in blocks:
        if isinstance(b, str):
            md += [b.replace("\t", "  "), ""]
            continue
        width = max(len(r) for r in b)
        cells = [r + [""] * (width - len(r)) for r in b]
        md += ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * width]
        md += ["| " + " | ".join(r) + " |" for r in cells[1:]] + [""]
    return "\n".join(md).encode("utf-8"), "report.md"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["third_party.txt", "department_self.txt", "self_eval_only.txt"])
def test_realistic_reports_written_in_other_styles_are_clean(name: str, fmt: str) -> None:
    """A third-party 重点评价 (报告摘要, 目录 with page numbers, 分别为, formulas, last year's
    score, dimension sections), a 部门整体 自评 (部门管理 for 过程, 该部分/本部分, weights in
    headings) and a 自评表-only self-evaluation: every figure agrees, so nothing may be found,
    in any format."""
    data, fname = render((REPORTS / name).read_text("utf-8"), fmt)
    report = reportparse.parse(data, name=fname)
    assert [f.message for f in reportparse.check(report)] == []


INJECTED = [
    # (report, original, injected, [(rule, severity, quote, words in the message)])
    ("third_party.txt", "效益指标总分值35分，实际得分23.15分", "产出指标总分值35分，实际得分23.15分",
     [("text.indicator", "error", "产出指标总分值35分", "疑为指标名称误写"),
      ("text.indicator", "error", "产出指标总分值35分，实际得分23.15分", "疑为指标名称误写")]),
    ("third_party.txt", "项目绩效评价得分为65分", "项目绩效评价得分为66分",
     [("text.repeated", "error", "该项目综合得分65.00分", "项目绩效评价得分为66分"),
      ("text.score", "error", "项目绩效评价得分为66分", "评分表总分65.00分")]),
    ("third_party.txt", "得分分别为10.50分、11.47分", "得分分别为10.50分、12.47分",
     [("text.indicator", "error", "12.47分", "“过程”得分12.47分")]),
    ("department_self.txt", "自评得分23.00分，得分率92.00%", "自评得分24.00分，得分率92.00%",
     [("text.indicator", "error", "部门管理类指标共25分，自评得分24.00分", "“部门管理”")]),
    ("department_self.txt", "本部分满分35分，自评得分33.00分", "本部分满分35分，自评得分32.00分",
     [("text.indicator", "warning", "本部分满分35分，自评得分32.00分", "按所在章节对应")]),
    ("self_eval_only.txt", "自评得分为95分", "自评得分为96分",
     [("text.score", "error", "项目绩效自评得分为96分", "自评表总分95.00分")]),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name,old,new,expect", INJECTED, ids=[i[2] for i in INJECTED])
def test_an_error_injected_into_a_realistic_report_is_found(name, old, new, expect, fmt) -> None:
    text = (REPORTS / name).read_text("utf-8")
    assert old in text
    data, fname = render(text.replace(old, new), fmt)
    report = reportparse.parse(data, name=fname)
    findings = reportparse.check(report)
    assert [(f.rule, f.severity, f.locations[0].text) for f in findings] == [
        (rule, sev, quote) for rule, sev, quote, _ in expect], [f.message for f in findings]
    for f, (*_, words) in zip(findings, expect):
        assert words in f.message
