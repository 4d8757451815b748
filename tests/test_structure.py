"""The heading grammar, levels by first appearance, kinds, and inline points — on blocks."""

from __future__ import annotations

import pytest

import reportparse
from reportparse.models import Paragraph, Report, Source
from reportparse.patterns import load_patterns
from reportparse.structure import structure
from reportparse.structure.grammar import grammar
from reportparse.structure.kinds import classify

G = grammar(load_patterns())


@pytest.mark.parametrize("text,family,marker,value,rest", [
    ("第一部分 总体情况", "part", "第一部分", 1, "总体情况"),
    ("第十二章 附则", "part", "第十二章", 12, "附则"),
    ("一、基本情况", "cn", "一、", 1, "基本情况"),
    ("十一 、其他", "cn", "十一 、", 11, "其他"),
    ("（一）项目背景", "cn_paren", "（一）", 1, "项目背景"),
    ("(二) 项目内容", "cn_paren", "(二)", 2, "项目内容"),
    ("㈢资金", "cn_paren_char", "㈢", 3, "资金"),
    ("1.项目立项", "arabic", "1.", 1, "项目立项"),
    ("１．全角编号", "arabic", "１．", 1, "全角编号"),
    ("3、经验做法", "arabic_dun", "3、", 3, "经验做法"),
    ("2.3 项目内容", "dotted", "2.3", 3, "项目内容"),
    ("（1）政策依据", "arabic_paren", "（1）", 1, "政策依据"),
    ("⑵资金来源", "arabic_paren_char", "⑵", 2, "资金来源"),
    ("③地方配套", "circled", "③", 3, "地方配套"),
])
def test_families_are_recognised_with_marker_and_value(text, family, marker, value, rest):
    m = G.match(text)
    assert (m.family.name, m.marker, m.value, m.rest) == (family, marker, value, rest)


@pytest.mark.parametrize("text", ["2020年7月，国务院印发", "12.30分", "1.2亿元资金", "一是加强管理",
                                  "十分重要", "2023.", "第一批工程", "23号文件"])
def test_prose_openings_are_not_markers(text):
    assert G.match(text) is None


@pytest.mark.parametrize("title,kind", [
    ("基本情况", "background"), ("项目概 况", "background"), ("主要内容及实施情况", "content"),
    ("综合评估情况及评估结论", "conclusion"), ("存在问题和建议", "other"),
    ("存在的问题", "problems"), ("存在主要问题", "problems"), ("有关建议", "suggestions"),
    ("主要成效、存在的问题及原因分析", "other"), ("其他需要说明的问题", "other"),
    ("项目缺少统筹实施方案，绩效指标设置不准确。", None), ("决策", None),
])
def test_kinds_by_meaning(title, kind):
    assert classify(title, load_patterns(), fallback=False) == kind


def _report(*paras: str | tuple[str, int]) -> Report:
    blocks = [Paragraph(text=p) if isinstance(p, str) else Paragraph(text=p[0], heading_level=p[1])
              for p in paras]
    return Report(source=Source(path="x", format="text", sha256=""), blocks=blocks)


def test_levels_follow_first_appearance_not_family_rank():
    r = structure(_report("（一）总体情况", "正文。", "1.项目背景", "正文。", "（二）存在问题", "正文。"))
    assert [(s.number, s.level) for s in r.walk()] == [("（一）", 1), ("1.", 2), ("（二）", 1)]


def test_format_hints_make_headings_without_markers():
    r = structure(_report(("项目概况", 1), "正文。", ("项目背景", 2), "正文。", ("存在问题", 1), "正文。"))
    assert [(s.title, s.level, s.kind, s.family) for s in r.walk()] == [
        ("项目概况", 1, "background", "style1"), ("项目背景", 2, "background", "style2"),
        ("存在问题", 1, "problems", "style1")]


def test_inline_points_continue_across_paragraphs_and_reset_at_headings():
    r = structure(_report("一、存在问题", "一是资金拨付滞后。", "二是档案管理不规范；三是验收滞后。",
                          "二、建议", "二是这不是一个点。"))
    paras = [b for b in r.blocks if b.role == "body"]
    assert [[p.marker for p in b.points] for b in paras] == [["一是"], ["二是", "三是"], []]


def test_sections_api(seed_report):
    assert seed_report.section("存在问题").kind == "problems"
    assert [s.kind for s in seed_report.sections_of("problems")] == ["problems"]
    text = seed_report.section_text(seed_report.section("suggestions"))
    assert text.startswith("1.强化顶层设计") or "强化顶层设计" in text
    assert len(list(seed_report.walk())) == 13


def test_an_inline_numbered_list_is_a_body_paragraph_with_points():
    r = structure(_report("一、评价方法", "（1）现场核查，核对了资金拨付凭证和合同。（2）问卷调查，收回有效问卷120份。"
                          "（3）座谈访谈。"))
    assert [s.heading for s in r.walk()] == ["一、评价方法"]
    assert [p.marker for p in r.blocks[1].points] == ["（1）", "（2）", "（3）"]


def test_styled_headings_demote_the_same_family_when_unstyled():
    r = structure(_report(("一、存在问题", 1), "正文。", "一、这是一个自动编号的普通段落", "二、另一个普通段落",
                          ("二、有关建议", 1), "正文。"))
    assert [s.heading for s in r.walk()] == ["一、存在问题", "二、有关建议"]


def _tree(text: str) -> list[tuple[int, str, str]]:
    r = reportparse.parse(text.encode(), name="x.txt")
    return [(s.level, s.number, s.title) for s in r.walk()]


def test_decimal_outline_with_a_bare_top_number():
    text = ("XX项目绩效评价报告\n1 项目概况\n1.1 项目背景\n本项目于2022年立项。\n1.1.1 立项依据\n"
            "依据相关文件实施。\n1.2 项目内容\n主要建设内容包括道路改造。\n2 评价结论\n"
            "项目总体完成目标。\n2 个小区尚未完工。\n12 月完成验收。\n3 存在问题\n资金到位不及时。\n")
    assert _tree(text) == [(1, "1", "项目概况"), (2, "1.1", "项目背景"), (3, "1.1.1", "立项依据"),
                           (2, "1.2", "项目内容"), (1, "2", "评价结论"), (1, "3", "存在问题")]


def test_parts_stay_above_cn_chapters_and_appendices_are_top_level():
    text = ("一、前言\n说明。\n第一章 项目概况\n一、基本情况\n内容。\n（一）项目背景\n内容。\n"
            "第二章 评价结论\n一、评价得分\n内容。\n附件：绩效评价指标评分表\n评分表如下。\n"
            "附件2 满意度调查问卷\n问卷如下。\n")
    assert _tree(text) == [(1, "一、", "前言"), (1, "第一章", "项目概况"), (2, "一、", "基本情况"),
                           (3, "（一）", "项目背景"), (1, "第二章", "评价结论"),
                           (2, "一、", "评价得分"), (1, "附件：", "绩效评价指标评分表"),
                           (1, "附件2", "满意度调查问卷")]


def test_tree_output_keeps_the_space_after_a_bare_number():
    from reportparse.export.tree import to_tree

    r = reportparse.parse("报告\n1 项目概况\n内容。\n1.1 项目背景\n内容。\n".encode(), name="x.txt")
    assert to_tree(r).splitlines()[1:3] == ["1 项目概况 [background]", "  1.1 项目背景 [background]"]
