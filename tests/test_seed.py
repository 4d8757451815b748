"""The reference report: the acceptance outline, tables and noise removal of issue #2."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import SEED, outline

P, S = "problems", "suggestions"


def test_seed_outline_is_exactly_the_reference(seed_report):
    tree = outline(seed_report.sections)
    brief = [(s["number"], s["title"], s["kind"], [(c["number"], c["title"], c["kind"],
                                                     [(g["number"], g["kind"]) for g in c["children"]])
                                                    for c in s["children"]]) for s in tree]
    assert brief == [
        ("一、", "基本情况", "background", [("（一）", "项目背景", "background", []),
                                      ("（二）", "主要内容及实施情况", "content", [])]),
        ("二、", "综合评估情况及评估结论", "conclusion", []),
        ("三、", "存在问题和建议", "other", [
            ("（一）", "存在问题", P, [("1.", P), ("2.", P), ("3.", P)]),
            ("（二）", "有关建议", S, [("1.", S), ("2.", S), ("3.", S)]),
        ]),
    ]
    assert [s.level for s in seed_report.walk()][:3] == [1, 2, 2]
    assert seed_report.section("problems").children[0].level == 3


def test_seed_community_table_has_header_two_groups_and_28_rows(seed_report):
    t = seed_report.tables[0]
    assert t.caption == "老旧小区主要改造内容"
    assert t.rows[0] == ["序号", "小区名称", "主要改造内容"]
    assert t.row_roles.count("group") == 2
    assert t.row_roles.count("data") == 28
    group_rows = [r for r, role in zip(t.rows, t.row_roles) if role == "group"]
    assert group_rows[0] == ["一、地下管道、屋顶、围墙改造", "", ""]
    # group rows never become headings
    assert all("地下管道" not in s.title for s in seed_report.walk())


def test_seed_score_table_has_8_rows_with_merged_grade(seed_report):
    t = seed_report.tables[1]
    assert t.caption == "绩效评估得分总体情况表"
    assert [r[0] for r in t.rows] == ["一级指标", "决策", "过程", "产出", "效益", "总分",
                                      "总分（取整）", "综合评估等级"]
    assert t.rows[1] == ["决策", "15", "12.30", "82.00%"]
    assert t.rows[7] == ["综合评估等级", "良", "", ""]
    grade = t.cell_at(7, 2)
    assert grade is not None and grade.text == "良" and grade.col_span == 3


def test_no_noise_survives_anywhere(seed_report):
    dumped = json.dumps(seed_report.model_dump(mode="json"), ensure_ascii=False)
    for noise in ("[bookmark", "窗体", "\u200b", "\ufeff"):
        assert noise not in dumped
    assert seed_report.meta.noise_removed["bookmark"] > 30


def test_inline_enumerations_become_points(seed_report):
    first_problem = seed_report.section("problems").children[0]
    body = seed_report.blocks[first_problem.blocks[0]]
    assert [p.marker for p in body.points] == ["一是", "二是", "三是"]
    assert all(seed_report.text[slice(*p.span)] == p.text for p in body.points)


def test_provenance_spans_point_into_the_cleaned_text(seed_report):
    for b in seed_report.blocks:
        start, end = b.provenance.span
        if b.type == "paragraph":
            assert seed_report.text[start:end] == b.text
        else:
            for c in b.cells:
                assert seed_report.text[slice(*c.provenance.span)] == c.text
    assert [b.provenance.line for b in seed_report.blocks[:3]] == [1, 2, 3]  # source lines


def test_seed_headings_never_load_jieba():
    code = ("import sys, reportparse; reportparse.parse(sys.argv[1]); "
            "print('jieba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "False"


def test_report_json_reads_back_into_an_equal_report(seed_report):
    from reportparse import Report

    again = Report.model_validate_json(seed_report.model_dump_json())
    assert again == seed_report
    assert again.tables[1].rows == seed_report.tables[1].rows
