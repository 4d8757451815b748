"""Generate the score-shape samples of issue 15 (``samples/shapes/``) with their expected files.

Each shape is a short, realistic report around one score-table shape (``shape_tables.py``),
rendered as a Tika text export (``.txt``), MinerU-style Markdown (``.md``) and .docx (the
``gen_docx`` styles that can number its outline). ``<name>.expected.json`` holds what every
rendering must give, computed from the spec: the score tree ``[name, level, 分值, 得分]``, total,
rounded total, grade, where the score came from (``origin``), the number of logical tables in
the text export, and the first level-1 heading.

PDF twins need LibreOffice (``samples/gen_pdf.py`` renders .docx → .pdf with ``soffice``);
``tests/test_shapes.py`` renders and checks them when it is installed and skips otherwise.

    python samples/gen_shapes.py        # regenerate (deterministic)
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from shape_render import docx_styles, to_docx, to_markdown, to_text  # noqa: E402
from shape_tables import (  # noqa: E402
    expected_rows,
    fmt,
    grade_of,
    random_selfeval,
    random_tree,
    selfeval_expected,
    selfeval_table,
    split,
    summary_table,
    total,
    transposed_table,
    tree_table,
)

OUT = Path(__file__).resolve().parent / "shapes"
Item = dict[str, Any]


@dataclass
class Shape:
    name: str
    items: list[Item]
    expected: dict[str, Any]


def H(level: int, number: str, title: str, family: str) -> Item:
    return {"kind": "heading", "level": level, "number": number, "title": title, "family": family}


def P(text: str) -> Item:
    return {"kind": "para", "text": text}


def T(text: str) -> Item:
    return {"kind": "title", "text": text}


def _expect(rows: list[Any], tot: Decimal | None, rounded: Decimal | None, grade: str | None,
            origin: str, tables: int, first: str, places: int = 2) -> dict[str, Any]:
    return {"rows": [list(r) for r in rows], "total": fmt(tot, places) if tot is not None else None,
            "total_rounded": str(rounded) if rounded is not None else None, "grade": grade,
            "origin": origin, "text_tables": tables, "first_heading": first}


def _rounded(x: Decimal) -> Decimal:
    return x.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _cn_outline(title: str, body: list[Item], tail: list[Item]) -> list[Item]:
    return [T(title), H(1, "一、", "基本情况", "cn"),
            P("项目于2023年3月立项，由县住房和城乡建设局组织实施，资金来源为中央和省级补助资金。"),
            *body, *tail]


def selfeval_shape(rng: random.Random, department: bool) -> Shape:
    se = random_selfeval(rng, department)
    grade = grade_of(se.total)
    subject = "部门整体支出" if department else "项目"
    concl = P(f"经自评，该{subject}自评得分{fmt(se.total, 2)}分，等级为“{grade}”。")
    if department:
        items = [T("XX县财政局2023年度部门整体支出绩效自评报告"),
                 H(1, "1", "部门基本情况", "dotted"), P("本部门内设机构6个，在职人员42人。"),
                 H(2, "1.1", "部门职能", "dotted"), P("负责全县财政收支管理和预算编制工作。"),
                 H(1, "2", "自评结论", "dotted"), concl,
                 P("部门整体支出绩效自评表"), selfeval_table(se),
                 H(1, "3", "存在的问题", "dotted"), P("部分项目预算执行进度偏慢。"),
                 H(1, "4", "改进措施", "dotted"), P("加强预算执行监控，提高资金使用效益。")]
        first = "1 部门基本情况"
    else:
        items = _cn_outline("XX县2023年度老旧小区改造项目支出绩效自评报告", [
            H(1, "二、", "绩效目标实现情况", "cn"), P("项目支出绩效自评表"), selfeval_table(se),
            H(1, "三、", "自评结论", "cn"), concl], [
            H(1, "四、", "存在的问题", "cn"), P("个别小区改造进度滞后于计划。"),
            H(1, "五、", "改进措施", "cn"), P("加强施工组织，按期完成改造任务。")])
        first = "一、基本情况"
    name = "selfeval_department" if department else "selfeval_project"
    return Shape(name, items, _expect(selfeval_expected(se), se.total, None, grade,
                                      "self_eval", 1, first))


def _report(title: str, caption: str, tables: list[Item], tot: Decimal, places: int,
            between: list[Item] | None = None) -> list[Item]:
    """A decimal-outline evaluation report around ``tables`` (with ``between`` lines)."""
    body: list[Item] = [P(caption), tables[0]]
    for t in tables[1:]:
        body += list(between or []) + [t]
    return [T(title), H(1, "1", "项目概况", "dotted"), H(2, "1.1", "项目背景", "dotted"),
            P("为改善农村人居环境，县政府于2022年启动本项目。"),
            H(2, "1.2", "项目内容", "dotted"), P("主要建设内容包括道路硬化和污水管网改造。"),
            H(1, "2", "评价结论", "dotted"),
            P(f"经综合评价，该项目绩效评价得分为{fmt(tot, places)}分，评价等级为“{grade_of(tot)}”。"),
            *body,
            H(1, "3", "存在问题及建议", "dotted"), P("项目档案资料不够完整，建议加强管理。")]


def tree_shape(rng: random.Random, name: str, **opts: Any) -> Shape:
    places = rng.choice([1, 2])
    tree = random_tree(rng, 3, places, rng.randint(8, 14))
    grid = tree_table(tree, places, **opts)
    tot = total(tree)
    items = _report("XX县2022年度农村人居环境整治项目绩效评价报告", "表1 绩效评价指标评分表",
                    [grid], tot, places)
    rows = expected_rows(tree, places, inner_weights=bool(opts))
    return Shape(name, items, _expect(rows, tot, None, grade_of(tot), "table", 1, "1 项目概况",
                                      places))


def split_shape(rng: random.Random, name: str, repeat_header: bool) -> Shape:
    places = 2
    tree = random_tree(rng, 3, places, 12)
    grid = tree_table(tree, places)
    at = 1 + len(tree[0].leaves()) + 1  # inside the second 一级 group: its label is cut
    pieces = split(grid, at, repeat_header=repeat_header)
    tot = total(tree)
    between = [P("续表")] if repeat_header else [P("- 6 -")]
    items = _report("XX市2023年度城市道路维护资金绩效评价报告", "表2 绩效评价指标评分表",
                    pieces, tot, places, between)
    return Shape(name, items, _expect(expected_rows(tree, places), tot, None, grade_of(tot),
                                      "stitched", 2, "1 项目概况"))


def transposed_shape(rng: random.Random) -> Shape:
    tree = random_tree(rng, 1, 2, rng.randint(4, 5))
    tot = total(tree)
    items = _report("XX区2023年度教育专项资金绩效评价报告", "表1 各维度得分情况", [
        transposed_table(tree)], tot, 2)
    rows = [(t.name, 1, str(t.weight), fmt(t.score, 2)) for t in tree]
    return Shape("transposed", items, _expect(rows, tot, None, grade_of(tot), "transposed", 1,
                                              "1 项目概况"))


def target_narrative_shape(rng: random.Random) -> Shape:
    """A 绩效目标表 with 年度指标值 and 分值 only; the score is the text's."""
    target = {"kind": "table", "n_rows": 4, "n_cols": 5, "cells": [
        [0, 0, 1, 1, "一级指标"], [0, 1, 1, 1, "二级指标"], [0, 2, 1, 1, "三级指标"],
        [0, 3, 1, 1, "年度指标值"], [0, 4, 1, 1, "分值"],
        [1, 0, 2, 1, "产出指标"], [1, 1, 1, 1, "数量指标"], [1, 2, 1, 1, "改造户数"],
        [1, 3, 1, 1, "≥800户"], [1, 4, 1, 1, "30"],
        [2, 1, 1, 1, "质量指标"], [2, 2, 1, 1, "验收合格率"], [2, 3, 1, 1, "100%"],
        [2, 4, 1, 1, "30"],
        [3, 0, 1, 1, "效益指标"], [3, 1, 1, 1, "社会效益"], [3, 2, 1, 1, "群众满意度"],
        [3, 3, 1, 1, "≥90%"], [3, 4, 1, 1, "40"]]}
    score = Decimal(rng.randint(80, 96))
    grade = grade_of(score)
    items = _cn_outline("XX县2023年度农村危房改造项目绩效自评报告", [
        H(1, "二、", "绩效目标", "cn"), P("项目绩效目标表"), target,
        H(1, "三、", "自评结论", "cn"),
        P(f"对照年度绩效目标逐项自评，该项目自评得分{score}分，等级为“{grade}”。")], [
        H(1, "四、", "存在的问题", "cn"), P("部分农户资料归档不及时。")])
    return Shape("target_narrative", items, _expect([], score, None, grade, "narrative", 1,
                                                    "一、基本情况", 0))


def summary_appendix_shape(rng: random.Random) -> Shape:
    """The real failure: a summary of 一级指标, a per-dimension sub-table before it and the
    detailed appendix (三级 with 合计), under 第一章/一、 with an unnumbered 附件 heading."""
    tree = random_tree(rng, 3, 2, 10)
    tot = total(tree)
    dim = tree[1]
    sub = tree_table(dim.children, 2)
    items = [T("XX县2023年度乡村振兴衔接资金重点绩效评价报告"),
             H(1, "第一章", "项目概况", "part"), H(2, "一、", "基本情况", "cn"),
             P("项目资金全部用于产业发展和基础设施建设。"),
             H(1, "第二章", "综合评价情况及评价结论", "part"), H(2, "一、", "评价得分", "cn"),
             P(f"经综合评价，项目总得分{fmt(tot, 2)}分，评价等级为“{grade_of(tot)}”。"),
             P(f"表3 {dim.name}指标得分情况表"), sub,
             P("表1 绩效评价得分汇总表"), summary_table(tree),
             H(2, "二、", "评价结论", "cn"), P("项目总体完成了年度绩效目标。"),
             H(1, "附件：", "绩效评价指标体系评分表", "appendix"), tree_table(tree, 2)]
    rows = [(t.name, 1, str(t.weight), fmt(t.score, 2)) for t in tree]
    return Shape("summary_appendix", items, _expect(rows, tot, _rounded(tot), grade_of(tot),
                                                    "table", 3, "第一章 项目概况"))


def shapes() -> list[Shape]:
    rng = random.Random(20260415)
    return [
        selfeval_shape(rng, department=False),
        selfeval_shape(rng, department=True),
        tree_shape(rng, "multilevel"),
        tree_shape(rng, "points_every_level", per_level_points=True),
        tree_shape(rng, "weights_in_labels", weights_in_labels=True),
        transposed_shape(rng),
        split_shape(rng, "split_repeated_header", repeat_header=True),
        split_shape(rng, "split_bare", repeat_header=False),
        target_narrative_shape(rng),
        summary_appendix_shape(rng),
    ]


def renderings(shape: Shape) -> dict[str, bytes]:
    """File name → bytes of every rendering of a shape."""
    out = {f"{shape.name}.txt": to_text(shape.items).encode("utf-8"),
           f"{shape.name}.md": to_markdown(shape.items).encode("utf-8")}
    for style in docx_styles(shape.items):
        out[f"{shape.name}.{style}.docx"] = to_docx(shape.items, style, shape.name)
    return out


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for shape in shapes():
        for name, data in renderings(shape).items():
            (OUT / name).write_bytes(data)
        (OUT / f"{shape.name}.expected.json").write_text(
            json.dumps(shape.expected, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"wrote {len(list(OUT.iterdir()))} files to {OUT}")


if __name__ == "__main__":
    main()
