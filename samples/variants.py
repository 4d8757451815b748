"""Report variants as data: outlines, body text and tables, with the outline we expect back.

Every generator (text export here, .docx/.pdf/.md elsewhere) renders these same specs, so a
test can check that each rendering yields the same section tree and table grids. Content is
synthetic but shaped like real reports (see ../shared/domain.md §2); a seeded RNG keeps it
deterministic.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

CN = "一二三四五六七八九十"


@dataclass
class TableSpec:
    caption: str | None
    rows: list[list[str]]  # a shorter row = merged cells collapsed (group row / merged tail)
    unit: str | None = None


@dataclass
class Node:
    title: str
    kind: str  # expected kind
    family: str  # cn, cn_paren, arabic, arabic_paren, circled, part, dotted
    body: list[str | TableSpec] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    point: bool = False  # a sentence heading (numbered point) — title is a sentence


@dataclass
class Variant:
    name: str
    title: str | None
    nodes: list[Node]
    preamble: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ numbering per family
def marker(family: str, n: int, *, arabic_export: bool = False, depth_prefix: str = "") -> str:
    """The marker as shown. ``arabic_export`` imitates Tika writing auto-numbers in arabic."""
    cn = _cn(n)
    if family == "part":
        return f"第{cn}部分 "
    if family == "cn":
        return f"{n}、" if arabic_export else f"{cn}、"
    if family == "cn_paren":
        return f"（{n}）" if arabic_export else f"（{cn}）"
    if family == "arabic":
        return f"{n}."
    if family == "arabic_paren":
        return f"（{n}）"
    if family == "circled":
        return chr(0x2460 + n - 1)
    if family == "dotted":
        return f"{depth_prefix}{n} "
    raise ValueError(family)


def _cn(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    if n < 20:
        return "十" + CN[n - 11]
    return CN[n // 10 - 1] + "十" + (CN[n % 10 - 1] if n % 10 else "")


# ------------------------------------------------------------------ synthetic prose
_SUBJECTS = ["项目单位", "旗住房保障中心", "县财政局", "区教育局", "市农业农村局", "实施单位", "主管部门"]
_VERBS = ["严格执行", "按计划推进", "认真落实", "逐步完善", "组织开展", "加强管理"]
_OBJECTS = ["项目资金管理制度", "绩效目标管理", "合同管理和验收工作", "政府采购程序", "资金拨付流程",
            "项目进度安排", "档案资料整理"]
_TAILS = ["，取得了较好成效。", "，保障了项目顺利实施。", "，但仍存在一定不足。", "，资金使用规范。",
          "，有效提升了服务水平。"]


def prose(rng: random.Random, sentences: int = 2) -> str:
    out = []
    for _ in range(sentences):
        out.append(f"{rng.choice(_SUBJECTS)}{rng.choice(_VERBS)}{rng.choice(_OBJECTS)}"
                   f"{rng.choice(_TAILS)}")
    return "".join(out)


def enumerated(rng: random.Random, n: int) -> str:
    return "".join(f"{CN[i]}是{rng.choice(_SUBJECTS)}{rng.choice(_VERBS)}{rng.choice(_OBJECTS)}"
                   f"{rng.choice(_TAILS)}" for i in range(n))


def score_table(rng: random.Random, caption: str = "绩效评价得分情况表") -> TableSpec:
    weights = [15, 20, 30, 35]
    names = ["决策", "过程", "产出", "效益"]
    rows = [["一级指标", "分值", "得分", "得分率"]]
    total = 0
    for name, w in zip(names, weights):
        s = rng.randint(int(w * 70), w * 100)  # hundredths
        total += s
        rate = (s * 100 + w // 2) // w  # hundredths of a percent, half up
        rows.append([name, str(w), f"{s // 100}.{s % 100:02d}", f"{rate // 100}.{rate % 100:02d}%"])
    rows.append(["总分", "100", f"{total // 100}.{total % 100:02d}", f"{total // 100}.{total % 100:02d}%"])
    rounded = (total + 50) // 100
    rows.append(["总分（取整）", "100", str(rounded), f"{rounded}%"])
    grade = "优" if rounded >= 90 else "良" if rounded >= 80 else "中" if rounded >= 60 else "差"
    rows.append(["综合评价等级", grade])
    return TableSpec(caption, rows)


def item_table(rng: random.Random, groups: int = 2, per_group: int = 5) -> TableSpec:
    rows = [["序号", "小区名称", "主要改造内容"]]
    places = ["蒙维小区", "明珠花园A区", "西苑小区", "文明小区", "天隆佳苑", "百合花园小区", "华麟小区",
              "民生A区", "兴泰星园", "平安小区", "广厦小区", "金鹭小区"]
    works = ["采暖、电气、给水改造", "围墙改造", "屋面防水改造", "室外硬化改造", "消火栓工程"]
    for g in range(groups):
        rows.append([f"{CN[g]}、{rng.choice(works)}"])
        for i in range(per_group):
            rows.append([str(i + 1), rng.choice(places), rng.choice(works)])
    return TableSpec("改造项目明细表", rows)


# ------------------------------------------------------------------ the variants
def _standard(rng: random.Random) -> list[Node]:
    """The reference outline (财预〔2020〕10号 shape, compressed like the seed)."""
    return [
        Node("基本情况", "background", "cn", [], [
            Node("项目背景", "background", "cn_paren", [prose(rng, 3), prose(rng, 2)]),
            Node("主要内容及实施情况", "content", "cn_paren",
                 [f"项目主要内容包括两个方面：{enumerated(rng, 2)}", item_table(rng),
                  prose(rng, 2)]),
        ]),
        Node("综合评价情况及评价结论", "conclusion", "cn", [prose(rng, 3), score_table(rng)]),
        Node("存在问题和建议", "other", "cn", [], [
            Node("存在问题", "problems", "cn_paren", [], [
                Node("项目缺少统筹实施方案，绩效指标设置不准确。", "problems", "arabic",
                     [enumerated(rng, 3)], point=True),
                Node("项目管理规范性不足，资金变更无调整文件。", "problems", "arabic",
                     [enumerated(rng, 2)], point=True),
                Node("部分工程未完成验收，实施效益未完全显现。", "problems", "arabic",
                     [prose(rng, 2)], point=True),
            ]),
            Node("有关建议", "suggestions", "cn_paren", [], [
                Node("强化顶层设计，完善绩效指标。", "suggestions", "arabic",
                     [enumerated(rng, 2)], point=True),
                Node("强化项目过程管理，规范预算调整程序。", "suggestions", "arabic",
                     [prose(rng, 2)], point=True),
            ]),
        ]),
    ]


def _full_outline(rng: random.Random) -> list[Node]:
    """The full reference outline, with parts, deeper families and 2011-era ordering."""
    return [
        Node("评价报告正文", "other", "part", [], [
            Node("基本情况", "background", "cn", [], [
                Node("项目概况", "background", "cn_paren", [], [
                    Node("项目立项背景", "background", "arabic", [prose(rng, 2)], [
                        Node("政策依据", "background", "arabic_paren", [prose(rng, 1)]),
                        Node("资金来源", "background", "arabic_paren", [prose(rng, 1)], [
                            Node("中央资金", "background", "circled", [prose(rng, 1)]),
                            Node("地方配套资金", "background", "circled", [prose(rng, 1)]),
                        ]),
                    ]),
                    Node("项目主要内容", "content", "arabic", [prose(rng, 2)]),
                ]),
                Node("项目绩效目标", "content", "cn_paren", [prose(rng, 2)]),
            ]),
            Node("绩效评价工作开展情况", "other", "cn", [prose(rng, 2)]),
            Node("综合评价情况及评价结论", "conclusion", "cn", [prose(rng, 2), score_table(rng)]),
            Node("绩效评价指标分析", "conclusion", "cn", [], [
                Node("决策", "conclusion", "cn_paren", [prose(rng, 2)]),
                Node("过程", "conclusion", "cn_paren", [prose(rng, 2)]),
                Node("产出", "conclusion", "cn_paren", [prose(rng, 2)]),
                Node("效益", "conclusion", "cn_paren", [prose(rng, 2)]),
            ]),
            Node("主要经验及做法、存在的问题及原因分析", "other", "cn", [], [
                Node("主要经验及做法", "conclusion", "cn_paren", [prose(rng, 2)]),
                Node("存在的问题及原因分析", "problems", "cn_paren", [enumerated(rng, 3)]),
            ]),
            Node("有关建议", "suggestions", "cn", [enumerated(rng, 3)]),
            Node("其他需要说明的问题", "other", "cn", [prose(rng, 1)]),
        ]),
    ]


def _self_eval(rng: random.Random) -> list[Node]:
    """自评报告 outline (红河州 2024 shape): 一、→（一）→1.→（1）."""
    return [
        Node("基本情况", "background", "cn", [], [
            Node("项目概况", "background", "cn_paren", [], [
                Node("项目立项背景", "background", "arabic", [prose(rng, 2)], [
                    Node("立项依据", "background", "arabic_paren", [prose(rng, 1)]),
                    Node("实施主体", "background", "arabic_paren", [prose(rng, 1)]),
                ]),
                Node("资金投入和使用情况", "content", "arabic", [prose(rng, 2)]),
            ]),
        ]),
        Node("自评得分情况", "conclusion", "cn", [prose(rng, 1), score_table(rng, "自评得分表")]),
        Node("存在的问题", "problems", "cn", [enumerated(rng, 2)]),
        Node("改进措施", "suggestions", "cn", [prose(rng, 2)]),
    ]


def _department(rng: random.Random) -> list[Node]:
    """部门整体支出 (score first, 2011-era order: conclusion after problems)."""
    return [
        Node("自评得分情况", "conclusion", "cn", [prose(rng, 1), score_table(rng)]),
        Node("单位基本概况", "background", "cn", [prose(rng, 2)]),
        Node("部门整体支出概况", "background", "cn", [prose(rng, 2)]),
        Node("存在问题及原因分析", "problems", "cn", [], [
            Node("预算编制不够精细", "problems", "cn_paren", [prose(rng, 2)]),
            Node("资产管理有待加强", "problems", "cn_paren", [prose(rng, 2)]),
        ]),
        Node("评价结论及建议", "other", "cn", [], [
            Node("评价结论", "conclusion", "cn_paren", [prose(rng, 1)]),
            Node("下一步改进措施", "suggestions", "cn_paren", [enumerated(rng, 2)]),
        ]),
    ]


def _dotted(rng: random.Random) -> list[Node]:
    """Dotted decimal numbering (1 / 1.1 / 1.1.1) used by some third-party firms."""
    return [
        Node("项目概述", "background", "arabic", [prose(rng, 2)], [
            Node("项目背景", "background", "dotted", [prose(rng, 1)]),
            Node("项目内容", "content", "dotted", [prose(rng, 1)]),
        ]),
        Node("评价结论", "conclusion", "arabic", [prose(rng, 1), score_table(rng)]),
        Node("问题和不足", "problems", "arabic", [enumerated(rng, 2)]),
        Node("改进建议", "suggestions", "arabic", [prose(rng, 2)]),
    ]


def variants() -> list[Variant]:
    rng = random.Random(20221122)
    return [
        Variant("standard", "XX旗老旧小区配套基础设施改造项目绩效评价报告", _standard(rng),
                ["受旗财政局委托，我公司对该项目开展了绩效评价。"]),
        Variant("full_outline", "XX县2023年度农村公路养护资金重点绩效评价报告", _full_outline(rng)),
        Variant("self_eval", "XX州2024年度项目支出绩效自评报告", _self_eval(rng)),
        Variant("department", "XX县财政局2020年度部门整体支出绩效自评报告", _department(rng)),
        Variant("dotted", "XX市2022年度专项资金绩效评估报告", _dotted(rng)),
    ]


# ------------------------------------------------------------------ expectations
def expected_outline(v: Variant, *, arabic_export: bool = False) -> list[dict[str, Any]]:
    """The section tree reportparse must return: number, title, level, kind, children."""
    families: list[str] = []

    def level_of(fam: str) -> int:
        if fam not in families:
            families.append(fam)
        return families.index(fam) + 1

    def walk(nodes: list[Node], prefix: str = "") -> list[dict[str, Any]]:
        out = []
        for i, n in enumerate(nodes, 1):
            fam = n.family if n.family != "dotted" else f"dotted{prefix.count('.') + 1}"
            num = marker(n.family, i, arabic_export=arabic_export, depth_prefix=prefix).strip()
            child_prefix = num if num.endswith(".") else f"{num}."
            out.append({"number": num, "title": n.title, "level": level_of(fam), "kind": n.kind,
                        "children": walk(n.children, child_prefix)})
        return out

    return walk(v.nodes)


def expected_tables(v: Variant) -> list[dict[str, Any]]:
    """Caption and logical grid of each table, in order."""
    out: list[dict[str, Any]] = []

    def walk(nodes: list[Node]) -> None:
        for n in nodes:
            for b in n.body:
                if isinstance(b, TableSpec):
                    width = max(len(r) for r in b.rows)
                    grid = [r + [""] * (width - len(r)) for r in b.rows]
                    out.append({"caption": b.caption, "rows": grid})
            walk(n.children)

    walk(v.nodes)
    return out
