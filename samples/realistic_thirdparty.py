"""A third-party 重点绩效评价报告 (财政评价 commissioned to a 第三方机构), in three seeded variants.

Shape of published reports of this kind: cover lines, 报告摘要, a 目录 with page numbers, the
财预〔2020〕10号 outline, a summary table of the 一级指标 (表3-1), four dimension-analysis
sections that state each dimension's own weight and score and go through its 三级指标 with one
numbering that runs on across the sections, 存在问题 with a wrapped item, 建议, and an appendix
indicator table (三级指标, vertically merged 一级/二级 cells, 小计 and 合计 rows).

The trickiest correct sentences of issue 13 are here: TOC lines ending in page numbers,
``具体得分情况见表3-1``, ``详见附件1``, ``决策指标共15分，评价得分12.50分，得分率83.33%``, a
scoring formula, ``享受一次补贴``, ``分别为5家、5家、9家和0家``, ``其中：A…，占x%；B…，占y%``,
亩均投资 next to a total, several years in one sentence.
"""

from __future__ import annotations

import random
from decimal import Decimal

from realistic_common import D, Injected, MergedTable, Realistic, grade_of, pct, q, split_weight
from variants import Node, TableSpec, Variant

TREE = [
    ("决策", [("项目立项", ["立项依据充分性", "立项程序规范性"]),
              ("绩效目标", ["绩效目标合理性", "绩效指标明确性"]),
              ("资金投入", ["预算编制科学性", "资金分配合理性"])]),
    ("过程", [("资金管理", ["资金到位率", "预算执行率", "资金使用合规性"]),
              ("组织实施", ["管理制度健全性", "制度执行有效性"])]),
    ("产出", [("产出数量", ["建设任务完成率"]), ("产出质量", ["工程验收合格率"]),
              ("产出时效", ["完成及时性"]), ("产出成本", ["成本控制情况"])]),
    ("效益", [("项目效益", ["粮食产能提升", "农民增收效果", "生态环境改善", "长效管护机制"]),
              ("满意度", ["受益群众满意度"])]),
]

SEEDS = [
    {
        "place": "XX县", "year": 2023, "firm": "XX会计师事务所（特殊普通合伙）", "weights": [15, 20, 35, 30],
        "level": (0.76, 0.93), "area": "2.0", "per_mu": 1500, "shares": (60, 25, 15),
        "short": D(0), "spend": D("0.9352"), "towns": ["城关镇", "河口镇", "石桥乡"], "satisfied": "93.60", "firms": (5, 5, 9, 0),
        "rounded_row": True, "grade_row": True, "abstract_parts": True, "dim_tables": False,
        "other": False,
        "leader": "……………",
    },
    {
        "place": "XX市YY区", "year": 2022, "firm": "XX工程咨询有限公司", "weights": [20, 20, 30, 30],
        "level": (0.9, 1.0), "area": "1.6", "per_mu": 1500, "shares": (55, 30, 15), "short": D(0),
        "spend": D("0.9875"), "towns": ["东关街道", "柳林镇", "新庄镇", "马坊乡"], "satisfied": "97.20", "firms": (3, 7, 12, 1),
        "rounded_row": False, "grade_row": True, "abstract_parts": False, "dim_tables": True,
        "other": True,
        "leader": "\t",
    },
    {
        "place": "XX旗", "year": 2023, "firm": "XX资产评估有限责任公司", "weights": [15, 25, 30, 30],
        "level": (0.62, 0.9), "area": "3.2", "per_mu": 1750, "shares": (50, 30, 20),
        "short": D(280), "spend": D("0.8416"), "towns": ["乌兰镇", "巴音乡"], "satisfied": "88.40", "firms": (6, 4, 9, 0),
        "rounded_row": True, "grade_row": False, "abstract_parts": True, "dim_tables": True,
        "other": False,
        "leader": "·········",
    },
]

SUMMARY_HEADER = ("一级指标", "分值", "得分", "得分率")
APPENDIX_HEADER = ("一级指标", "二级指标", "三级指标", "分值", "得分")
CASES = ["sum", "max_sum", "rate", "over_max", "rounding", "grade", "text_table",
         "text_table/dimension", "count", "dates", "numbering", "weight_policy",
         "over_max/percent", "derived/text", "text_table/repeated"]
CN_DIM = ["一", "二", "三", "四"]


class _Scores:
    """The indicator tree with weights and scores, all sums exact."""

    def __init__(self, rng: random.Random, weights: list[int], level: tuple[float, float],
                 rates: dict[str, Decimal]) -> None:
        self.leaves: list[list[tuple[str, str, int, Decimal]]] = []  # per dim: (二级, 三级, w, s)
        for (dim, seconds), w in zip(TREE, weights):
            names = [(s, t) for s, ts in seconds for t in ts]
            ws = split_weight(rng, w, len(names))
            leaves = []
            for (sec, name), wi in zip(names, ws):
                if name in rates:
                    s = q(D(wi) * min(rates[name], D(100)) / 100)
                else:
                    frac = D(str(round(rng.uniform(*level), 2)))
                    s = q(D(wi) * min(frac, D(1))) if frac < D("0.97") else q(D(wi))
                leaves.append((sec, name, wi, s))
            self.leaves.append(leaves)
        self._off_the_band_edge()

    def _off_the_band_edge(self) -> None:
        """No total within half a point below a band cut (89.60 → 90 would change the grade)."""
        while any(cut - D("0.5") <= self.total < cut for cut in (60, 80, 90)):
            dim, i = max(((d, i) for d, ls in enumerate(self.leaves) for i, leaf in enumerate(ls)),
                         key=lambda di: self.leaves[di[0]][di[1]][3])
            sec, name, w, s = self.leaves[dim][i]
            self.leaves[dim][i] = (sec, name, w, s - D("0.60"))

    def dim(self, d: int) -> tuple[int, Decimal]:
        return sum(w for *_, w, _ in self.leaves[d]), sum((s for *_, s in self.leaves[d]), D(0))

    @property
    def total(self) -> Decimal:
        return sum((self.dim(d)[1] for d in range(len(self.leaves))), D(0))


def build(seed: int, case: str | None = None) -> Realistic:
    """Variant ``seed`` (0–2) of the report, clean or with the injection ``case``."""
    p = dict(SEEDS[seed])
    rng = random.Random(f"thirdparty-{seed}")
    year, place = p["year"], p["place"]
    project = f"{place}{year}年度高标准农田建设项目"
    if case == "weight_policy":
        p["weights"] = [30, 20, 25, 25]
    if case == "rounding":
        p["rounded_row"] = True
    inj: Injected | None = None

    # money: area × 亩均投资 is the total; sources are exact shares of it
    area, per_mu = D(p["area"]), p["per_mu"]
    total_money = area * per_mu
    parts = [total_money * s / 100 for s in p["shares"]]
    arrived = total_money - p["short"]
    spent = q(arrived * p["spend"])
    rate_exec = q(spent / total_money * 100)
    rate_arrive = q(arrived / total_money * 100)
    sc = _Scores(rng, p["weights"], p["level"], {"预算执行率": rate_exec, "资金到位率": rate_arrive})
    if case == "over_max":  # one 三级 score above its weight, taken from its neighbour
        d_leaves = sc.leaves[0]
        sec, name, w, s = d_leaves[3]
        delta = D(w) + D("0.50") - s
        k = max((i for i in range(len(d_leaves)) if i != 3), key=lambda i: d_leaves[i][3])
        d_leaves[3] = (sec, name, w, D(w) + D("0.50"))
        d_leaves[k] = (*d_leaves[k][:3], d_leaves[k][3] - delta)
        row = 1 + 3  # header, then 决策's leaves in order
        inj = Injected(case, "score.over_max", "over_max", APPENDIX_HEADER, row, 4)
    total = sc.total
    grade = grade_of(total)
    dims = [(TREE[d][0], *sc.dim(d)) for d in range(4)]

    # ---------------------------------------------------------------- score tables
    summary = [list(SUMMARY_HEADER)]
    for name, w, s in dims:
        summary.append([name, str(w), str(s), pct(s, D(w))])
    summary.append(["合计", str(sum(w for _, w, _ in dims)), str(total), pct(total, D(100))])
    if p["rounded_row"]:
        summary.append(["合计（取整）", "100", str(q(total, 0)), f"{q(total, 0)}%"])
    if p["grade_row"]:
        summary.append(["评价等级", grade])
    text_total, text_grade = str(total), grade
    if case == "sum":
        summary[5][2] = str(total + D("0.30"))
        summary[5][3] = pct(total + D("0.30"), D(100))
        inj = Injected(case, "score.sum", "sum", SUMMARY_HEADER, 5, 2)
    elif case == "max_sum":
        w0 = dims[0][1] + 5
        summary[1][1:4] = [str(w0), summary[1][2], pct(dims[0][2], D(w0))]
        inj = Injected(case, "score.max_sum", "max_sum", SUMMARY_HEADER, 1, 1)
    elif case == "rate":
        summary[3][3] = f"{q(D(summary[3][3].rstrip('%')) + D('1.5'))}%"
        inj = Injected(case, "score.rate", "rate", SUMMARY_HEADER, 3, 3)
    elif case == "rounding":
        summary[6][2:4] = [str(q(total, 0) + 2), f"{q(total, 0) + 2}%"]
        inj = Injected(case, "score.rounding", "rounding", SUMMARY_HEADER, 6, 2)
    elif case == "grade":
        text_grade = "优" if grade != "优" else "中"
        inj = Injected(case, "score.grade", "grade", quote=f"等级为“{text_grade}”")
    elif case == "text_table":
        text_total = str(total + 3)
        inj = Injected(case, "text.score", "text_table", quote=f"{text_total}分")
    elif case == "weight_policy":
        inj = Injected(case, "weight_policy.output_outcome", "weight_policy", SUMMARY_HEADER, 3, 1)

    appendix: list[list[str]] = [list(APPENDIX_HEADER)]
    for (dim, w, s), leaves in zip(dims, sc.leaves):
        prev_sec = None
        for i, (sec, name, wi, si) in enumerate(leaves):
            appendix.append([dim if i == 0 else "", sec if sec != prev_sec else "", name,
                             str(wi), str(si)])
            prev_sec = sec
        appendix.append(["", "小计", "", str(w), str(s)])
    appendix.append(["合计", "", "", str(sum(w for _, w, _ in dims)), str(total)])

    # ---------------------------------------------------------------- text
    towns = list(p["towns"])
    n_towns = len(towns) + (1 if case == "count" else 0)
    if case == "count":
        inj = Injected(case, "count.items", "count", quote=f"{n_towns}个乡镇")
    accept = f"{year}年11月28日"
    if case == "dates":
        accept = f"{year}年2月28日"
        inj = Injected(case, "dates.order", "dates", quote=accept)
    dim_scores = [str(s) for _, _, s in dims]
    if case == "text_table/dimension":
        dim_scores[1] = str(dims[1][2] + D("1.20"))
        inj = Injected(case, "text.indicator", "text_table",
                       quote=f"评价得分{dim_scores[1]}分")
    firm = p["firm"]
    f = p["firms"]
    abstract_total = text_total
    if case == "text_table/repeated":  # the summary and the conclusion disagree
        abstract_total = str(total + 1)
        inj = Injected(case, "text.repeated", "text_table", quote=f"{abstract_total}分")
    carry = arrived - spent
    if case == "derived/text":
        carry += 5
        inj = Injected(case, "derived.text", "derived", quote=f"结转资金{carry}万元")
    surveyed = 120 + 10 * len(p["towns"])
    satisfied = D(p["satisfied"])
    if case == "over_max/percent":
        satisfied += 10
        inj = Injected(case, "percent.range", "over_max", quote=f"{satisfied}%")
    abstract = [
        (f"受{place}财政局委托，{firm}（以下简称“评价机构”）于{year + 1}年3月至5月对{project}"
        f"开展了重点绩效评价。评价机构按照“决策、过程、产出、效益”四个维度构建评价指标体系，"
        f"通过资料核查、现场勘查、问卷调查和座谈访谈等方式收集评价证据。"),
        f"经综合评价，该项目绩效评价综合得分为{abstract_total}分，评价等级为“{text_grade}”。"
        + ("其中：" + "，".join(f"{n}指标得分{s}分" for (n, _, _), s in zip(dims, dim_scores))
           + "。" if p["abstract_parts"] else ""),
        ("项目存在的主要问题：一是绩效目标设置不够细化；二是部分资金支付滞后；三是后期管护机制"
        "尚不健全。"),
    ]
    headings = ["基本情况", "绩效评价工作开展情况", "综合评价情况及评价结论", "绩效评价指标分析",
                "存在的主要问题", "有关建议"] + (["其他需要说明的问题"] if p["other"] else [])
    pages = [1, 3, 5, 6, 12, 14, 15][:len(headings)]
    toc = ["目  录"] + [f"{CN_DIM[i] if i < 4 else '五六七'[i - 4]}、{h}{p['leader']}{pg}"
                        for i, (h, pg) in enumerate(zip(headings, pages))]
    toc.insert(5, f"（一）决策指标分析{p['leader']}6")
    toc.append(f"附件1：绩效评价指标体系评分表{p['leader']}{pages[-1] + 2}")
    preamble = [f"委托单位：{place}财政局", f"评价机构：{firm}", f"报告日期：{year + 1}年5月20日",
                "报告摘要", *abstract, *toc]

    sources = "；".join(f"{n}{a.normalize():f}万元，占{pct(a, total_money)}"
                       for n, a in zip(["中央财政补助资金", "省级财政补助资金", "县级配套资金"], parts))
    background = [
        (f"{place}自{year - 4}年起累计建成高标准农田{(area * 4).normalize():f}万亩，{year}年度计划新建"
        f"高标准农田{area.normalize():f}万亩，亩均投资{per_mu}元，项目总投资{total_money.normalize():f}万元。"),
        f"项目总投资{total_money.normalize():f}万元，其中：{sources}。",
        (f"项目涉及{n_towns}个乡镇，分别为{'、'.join(towns)}。项目于{year}年3月15日经{place}人民政府"
        f"批复立项，{year}年4月20日完成招标，{accept}通过竣工验收。"),
        (f"项目区内种植大户、家庭农场、农民专业合作社和农业产业化龙头企业分别为{f[0]}家、{f[1]}家、"
        f"{f[2]}家和{f[3]}家。"),
    ]
    money = (f"项目全年预算数{total_money.normalize():f}万元，实际到位资金{arrived.normalize():f}万元，"
             f"资金到位率{rate_arrive}%；截至{year}年12月31日，实际支出{spent}万元，"
             f"预算执行率{rate_exec}%，结转资金{carry}万元。")
    goals = [(f"总体目标：通过实施{project}，新建高标准农田{area.normalize():f}万亩，改善农业生产条件，"
             "提升粮食综合生产能力。"),
             (f"年度目标：{year}年底前完成田块整治、灌溉排水、田间道路和农田防护等建设内容，"
             "工程验收合格率达到100%。")]
    method = [
        ("评价指标体系由决策、过程、产出、效益4个一级指标、11个二级指标和20个三级指标构成，"
        "总分100分（详见附件1）。"),
        ("评价结果分为四个等级：综合得分90分（含）以上为“优”，80分（含）至90分为“良”，"
        "60分（含）至80分为“中”，60分以下为“差”。"),
    ]
    process = (f"评价工作组于{year + 1}年3月6日进驻现场，3月31日完成现场核查和问卷调查，共发放问卷"
               f"{surveyed}份，{year + 1}年5月20日形成评价报告。")

    conclusion = [
        (f"经综合评价，{project}绩效评价得分{text_total}分，评价等级为“{text_grade}”。"
        "具体得分情况见表3-1。"),
        TableSpec("表3-1 绩效评价指标得分情况表", summary),
        ("总体来看，项目立项依据充分，资金管理较为规范，建设任务基本按计划完成，但在绩效目标设置、"
        "资金支付进度和后期管护方面仍存在不足。"),
    ]

    # dimension analyses: one numbering (1, 2, …) runs on across the four sections
    analyses: list[Node] = []
    k = 0
    for d, ((name, w, s), leaves) in enumerate(zip(dims, sc.leaves)):
        body: list[str | TableSpec] = [
            f"{name}指标共{w}分，评价得分{dim_scores[d]}分，得分率{pct(s, D(w))}。"]
        if p["dim_tables"]:  # a per-dimension sub-table: never the report's score
            body[0] += f"具体得分情况见表4-{d + 1}。"
            sub = [["二级指标", "三级指标", "分值", "得分"]]
            sub += [[sec if i == 0 or leaves[i - 1][0] != sec else "", leaf, str(wi), str(si)]
                    for i, (sec, leaf, wi, si) in enumerate(leaves)]
            sub.append(["合计", "", str(w), str(s)])
            body.append(MergedTable(f"表4-{d + 1} {name}指标得分情况表", sub, vmerge_cols=1))
        if name == "效益":
            body.append(f"问卷调查共回收有效问卷{surveyed - 4}份，受益群众满意度为{satisfied}%。")
        for _sec, leaf, wi, si in leaves:
            k += 1
            body.append(_leaf_text(k, leaf, wi, si, rate_exec, rate_arrive, f))
        analyses.append(Node(f"{name}指标分析", "conclusion", "cn_paren", body))

    problems = [
        ("1.绩效目标设置不够细化。项目绩效目标以定性描述为主，部分产出指标未量化，难以衡量年度"
        "目标的实现程度。"),
        ("2.资金支付进度滞后。受工程结算审计进度影响，部分工程款在竣工验收后仍未支付，\n"
        "形成结转资金，影响了资金的使用效益。"),
        ("3.后期管护机制尚不健全。项目建成后的管护主体和管护经费未完全落实，部分灌排设施存在"
        "损坏现象。"),
    ]
    advice = [
        "1.细化量化绩效目标，完善绩效指标体系，确保指标可衡量、可考核。",
        "2.加快工程结算审计进度，及时支付工程款项，提高资金使用效益。",
        "3.落实管护主体和管护经费，建立“建、管、用”相结合的长效管护机制。",
    ]
    appendix_caption = "附件1：绩效评价指标体系评分表"
    nodes = [
        Node("基本情况", "background", "cn", [], [
            Node("项目概况", "background", "cn_paren", background),
            Node("项目绩效目标", "content", "cn_paren", goals),
            Node("资金投入和使用情况", "content", "cn_paren", [money]),
        ]),
        Node("绩效评价工作开展情况", "other", "cn", [], [
            Node("评价指标体系、评价方法和评价标准", "other", "cn_paren", method),
            Node("评价工作过程", "other", "cn_paren", [process]),
        ]),
        Node("综合评价情况及评价结论", "conclusion", "cn", conclusion),
        Node("绩效评价指标分析", "conclusion", "cn", [], analyses),
        Node("存在的主要问题", "problems", "cn", problems),
        Node("有关建议", "suggestions", "cn", advice),
    ]
    if p["other"]:
        nodes.append(Node("其他需要说明的问题", "other", "cn",
                          ["本报告所引用数据由项目单位提供，评价机构对其真实性进行了抽查核实。"]))
    nodes[-1].body.append(MergedTable(appendix_caption, appendix, vmerge_cols=2))
    v = Variant(f"thirdparty.{seed}", f"{project}重点绩效评价报告", nodes, preamble)
    if case == "numbering":
        v.__dict__["_duplicate"] = ("cn", 5, "存在的主要问题")
        inj = Injected(case, "numbering.sequence", "numbering", heading="存在的主要问题")
    # the appendix line (附件1：…评分表) opens a top-level heading of its own (issue 15)
    appendix = [appendix_caption.split("：", 1)[1]]
    return Realistic(v.name, "thirdparty", v, str(total), grade, headings + appendix, inj,
                     {"dimensions": [[n, str(w), str(s)] for n, w, s in dims],
                      "rounded": str(q(total, 0)) if p["rounded_row"] else None})


def _leaf_text(k: int, name: str, w: int, s: Decimal, rate_exec: Decimal,
               rate_arrive: Decimal, firms: tuple[int, ...]) -> str:
    """The analysis of one 三级指标: its weight in the label, the finding, the score."""
    lost = "" if s == w else f"，扣{w - s}分"
    if name == "预算执行率":
        return (f"{k}.{name}（{w}分）。按照“得分=执行率×{w}分”的标准计算，项目预算执行率为"
                f"{rate_exec}%，得{s}分{lost}。")
    if name == "资金到位率":
        return f"{k}.{name}（{w}分）。项目资金到位率为{rate_arrive}%，得{s}分{lost}。"
    if name == "资金使用合规性":
        return (f"{k}.{name}（{w}分）。抽查资金支付凭证，资金使用符合规定用途，同一地块在同一建设"
                f"周期内只享受一次补贴，得{s}分{lost}。")
    if name == "农民增收效果":
        return (f"{k}.{name}（{w}分）。项目区新型经营主体共{sum(firms)}家，流转土地规模有所扩大，"
                f"得{s}分{lost}。")
    good, short = FINDINGS.get(name, ("经核查相关资料，该指标完成情况良好", "该指标完成情况基本达到预期"))
    return f"{k}.{name}（{w}分）。{good if s == w else short}，得{s}分{lost}。"


#: what evaluators write for a 三级指标 met in full / in part (the score follows)
FINDINGS = {
    "立项依据充分性": ("项目符合高标准农田建设规划和县级国土空间规划，立项依据充分",
                  "项目符合建设规划，但未提供项目可行性研究报告，立项依据不够完整"),
    "立项程序规范性": ("项目经可行性研究、专家论证和集体决策后批复立项，程序规范",
                  "项目履行了立项审批程序，但部分片区设计变更未及时报批"),
    "绩效目标合理性": ("项目设定了明确的绩效目标，与项目内容和预算相匹配",
                  "绩效目标与项目内容基本匹配，但未体现项目区粮食产能提升幅度"),
    "绩效指标明确性": ("绩效指标细化、量化，可衡量、可考核",
                  "部分绩效指标以定性描述为主，未细化为可衡量的指标值"),
    "预算编制科学性": ("预算编制经过评审，内容与项目建设内容相匹配",
                  "预算编制未充分考虑材料价格上涨因素，执行中调整较多"),
    "资金分配合理性": ("资金按建设任务和亩均投资标准分配，分配依据充分",
                  "资金分配依据充分，但个别片区资金安排与实际建设面积不匹配"),
    "管理制度健全性": ("项目单位制定了资金管理和工程管理制度，制度健全",
                  "项目单位制定了资金管理制度，但未制定工程档案管理办法"),
    "制度执行有效性": ("项目实行招投标制、监理制和合同管理制，执行有效",
                  "项目执行了招投标和监理制度，但部分隐蔽工程验收记录不完整"),
    "建设任务完成率": ("项目建设任务全部完成", "项目区田间道路建设任务未全部完成"),
    "工程验收合格率": ("工程经竣工验收全部合格", "部分片区的灌排沟渠存在渗漏，整改后通过验收"),
    "完成及时性": ("项目在计划工期内完成", "受雨季影响，部分片区完工时间较计划推迟"),
    "成本控制情况": ("项目实际成本控制在预算范围内", "部分工程变更增加了建设成本"),
    "粮食产能提升": ("项目区粮食产能明显提升", "项目区粮食产能有所提升，但缺少实测产量数据支撑"),
    "生态环境改善": ("项目区农田防护林网和水土保持状况明显改善",
                "项目区水土保持状况有所改善，防护林补植尚未完成"),
    "长效管护机制": ("项目建立了县、乡、村三级管护机制，管护责任落实到位",
                "项目移交后管护主体已明确，但管护经费来源尚未落实"),
    "受益群众满意度": ("问卷调查显示受益群众满意度较高", "问卷调查显示受益群众对田间道路质量意见较多"),
}
