"""A 部门整体支出绩效自评报告 (a department scores its whole year's spending), three variants.

Shape of published reports of this kind: 部门基本情况 with counted 内设机构 and 下属单位, the
决算-style budget sentences (``本年收入合计X万元，其中：财政拨款Y万元，占a%；其他收入Z万元，
占b%``, ``与上年相比增加/减少…万元，增长/下降…%``, 年初结转和结余), a 预算执行情况表 whose
columns are different quantities (年初预算数, 全年预算数, 全年执行数; 执行率 = 全年执行数 ÷
全年预算数), 产出/效益 narrative (``一是…二是…``, ``一类赛事``, ``一次录入``), the 自评结论 and a
部门整体支出绩效自评表 (投入/过程/产出/效果) with a 预算执行率 row scored ``得分（N分*执行率）``.
"""

from __future__ import annotations

import random
from decimal import Decimal

from realistic_common import D, Injected, MergedTable, Realistic, grade_of, pct, q, split_weight
from variants import Node, TableSpec, Variant

SEEDS = [
    {
        "place": "XX县", "dept": "XX县文化体育和旅游局", "year": 2023, "exec_weight": 10,
        "offices": ["办公室", "财务股", "文化艺术股", "体育股", "旅游发展股"], "units": ["县文化馆", "县图书馆", "县体育运动中心"],
        "income": "1865.42", "fiscal": D("0.9137"), "change": D("0.0812"),
        "output": "全年承办一类赛事3场、二类赛事8场，组织全民健身活动46次。", "labels": "weights", "level": (0.85, 1.0),
        "three": True,
    },
    {
        "place": "XX市YY区", "dept": "XX市YY区教育局", "year": 2022, "exec_weight": 20,
        "offices": ["办公室", "计划财务科", "基础教育科", "人事科"], "units": ["区教师发展中心", "区招生考试中心"],
        "income": "2940.05", "fiscal": D("0.8863"), "change": D("-0.0547"),
        "output": "全年组织教师培训12期，学籍、资助信息实现一次录入、多方共享。", "labels": "subtotal", "level": (0.88, 1.0),
        "three": False,
    },
    {
        "place": "XX县", "dept": "XX县农业农村局", "year": 2023, "exec_weight": 15,
        "offices": ["办公室", "计划财务股", "农业产业股", "农村经营管理股", "农田建设管理股", "畜牧兽医股"],
        "units": ["县农业技术推广中心", "县动物疫病预防控制中心", "县农村经济经营管理站"], "income": "3417.80",
        "fiscal": D("0.9502"), "change": D("0.1236"),
        "output": "全年发放耕地地力保护补贴，同一承包地每年只享受一次补贴，惠及农户12650户。", "labels": "plain",
        "level": (0.7, 0.95), "three": True,
    },
]

TREE = [
    ("投入", [("目标设定", ["绩效目标合理性", "绩效指标明确性"]),
              ("预算配置", ["在职人员控制率", "“三公经费”变动率"])]),
    ("过程", [("预算执行", ["预算执行率", "预算调整率", "结转结余率"]),
              ("预算管理", ["管理制度健全性", "资金使用合规性"]), ("资产管理", ["资产管理安全性"])]),
    ("产出", [("职责履行", ["实际完成率", "质量达标率", "完成及时性", "重点工作办结率"])]),
    ("效果", [("履职效益", ["社会效益", "可持续影响"]), ("满意度", ["服务对象满意度"])]),
]
WEIGHTS = [20, 25, 30, 25]
SCORE_HEADER = ("一级指标", "二级指标", "三级指标", "评分标准", "分值", "得分")
BUDGET_HEADER = ("项目", "年初预算数", "全年预算数", "全年执行数", "执行率")
CASES = ["money_sum", "money_sum/table", "budget_rate/text", "budget_rate/table", "derived/yoy",
         "count", "sum", "grade"]


def _money(p: dict, rng: random.Random) -> dict[str, Decimal]:
    m: dict[str, Decimal] = {}
    m["I"] = D(p["income"])
    m["F"] = q(m["I"] * p["fiscal"])
    m["O"] = m["I"] - m["F"]
    m["prevI"] = q(m["I"] / (1 + p["change"]))
    m["dI"] = m["I"] - m["prevI"]
    m["E"] = q(m["I"] * D(str(round(rng.uniform(0.93, 0.99), 4))))
    m["Eb"] = q(m["E"] * D(str(round(rng.uniform(0.62, 0.80), 4))))
    m["Ep"] = m["E"] - m["Eb"]
    m["prevE"] = q(m["E"] * D(str(round(rng.uniform(0.9, 1.1), 4))))
    m["dE"] = m["E"] - m["prevE"]
    m["J"] = q(D(str(round(rng.uniform(20, 80), 2))))
    m["K"] = m["J"] + m["I"] - m["E"]
    m["Bfb"] = m["Eb"] + q(D(str(round(rng.uniform(5, 30), 2))))
    m["Bfp"] = m["Ep"] + q(D(str(round(rng.uniform(20, 90), 2))))
    m["Bib"] = m["Bfb"] - q(D(str(round(rng.uniform(-20, 40), 2))))
    m["Bip"] = m["Bfp"] - q(D(str(round(rng.uniform(30, 150), 2))))
    m["Bf"], m["Bi"] = m["Bfb"] + m["Bfp"], m["Bib"] + m["Bip"]
    return m


def _change(d: Decimal, base: Decimal, shift: Decimal = Decimal(0)) -> str:
    """``增加X万元，增长Y%`` / ``减少X万元，下降Y%`` against last year's ``base`` (``shift``
    misstates the percentage, for an injection)."""
    up = d >= 0
    return (f"与上年相比{'增加' if up else '减少'}{abs(d)}万元，{'增长' if up else '下降'}"
            f"{q(abs(d) / base * 100) + shift}%")


def build(seed: int, case: str | None = None) -> Realistic:
    p = SEEDS[seed]
    rng = random.Random(f"department-{seed}")
    dept, year = p["dept"], p["year"]
    m = _money(p, rng)
    rate = q(m["E"] / m["Bf"] * 100)
    inj: Injected | None = None

    # ---------------------------------------------------------------- the 自评表
    rows: list[tuple[str, str, str, str, int, Decimal]] = []
    for (dim, seconds), w in zip(TREE, WEIGHTS):
        names = [(s, t) for s, ts in seconds for t in ts]
        ws = split_weight(rng, w - (p["exec_weight"] if dim == "过程" else 0),
                          len(names) - (1 if dim == "过程" else 0))
        it = iter(ws)
        for sec, name in names:
            if name == "预算执行率":
                wi = p["exec_weight"]
                rows.append((dim, sec, name, f"得分（{wi}分*执行率）", wi,
                             q(D(wi) * min(rate, D(100)) / 100)))
                continue
            wi = next(it)
            frac = D(str(round(rng.uniform(*p["level"]), 2)))
            s = q(D(wi)) if frac >= D("0.96") else q(D(wi) * frac)
            rows.append((dim, sec, name, "按完成程度计分", wi, s))
    total = sum((r[5] for r in rows), D(0))
    while any(cut - D("0.5") <= total < cut for cut in (60, 80, 90)):  # off a band edge
        i = max(range(len(rows)), key=lambda k: rows[k][5] if rows[k][2] != "预算执行率" else -1)
        rows[i] = (*rows[i][:5], rows[i][5] - D("0.60"))
        total = sum((r[5] for r in rows), D(0))
    grade = grade_of(total)
    table = [list(SCORE_HEADER)]
    for k, (dim, sec, name, crit, wi, s) in enumerate(rows):
        first_dim = k == 0 or rows[k - 1][0] != dim
        label = f"{dim}（{dict(zip([t[0] for t in TREE], WEIGHTS))[dim]}分）" \
            if p["labels"] == "weights" else dim
        table.append([label if first_dim else "", sec if first_dim or rows[k - 1][1] != sec else "",
                      name, crit, str(wi), str(s)])
        last_dim = k == len(rows) - 1 or rows[k + 1][0] != dim
        if p["labels"] == "subtotal" and last_dim:
            dim_rows = [r for r in rows if r[0] == dim]
            table.append(["", "小计", "", "", str(sum(r[4] for r in dim_rows)),
                          str(sum((r[5] for r in dim_rows), D(0)))])
    table.append(["合计", "", "", "", "100", str(total)])
    text_grade = grade
    if case == "sum":
        table[-1][5] = str(total + D("1.00"))
        inj = Injected(case, "score.sum", "sum", SCORE_HEADER, len(table) - 1, 5)
    if case == "grade":
        text_grade = "优" if grade != "优" else "中"
        inj = Injected(case, "score.grade", "grade", quote=f"等级为“{text_grade}”")

    # ---------------------------------------------------------------- money sentences
    fiscal, other = m["F"], m["O"]
    if case == "money_sum":
        fiscal = m["F"] + 100
        inj = Injected(case, "money.parts", "money_sum", quote=f"{fiscal}万元")
    growth = _change(m["dI"], m["prevI"])
    if case == "derived/yoy":
        growth = _change(m["dI"], m["prevI"], D("2.00"))
        wrong = f"{q(abs(m['dI']) / m['prevI'] * 100) + D('2.00')}%"
        inj = Injected(case, "derived.text", "derived", quote=wrong)
    stated_rate = f"{rate}%"
    if case == "budget_rate/text":
        stated_rate = f"{rate + D('3.00')}%"
        inj = Injected(case, "budget.text_rate", "budget_rate", quote=stated_rate)
    offices, units = p["offices"], p["units"]
    n_offices = len(offices) + (1 if case == "count" else 0)
    if case == "count":
        inj = Injected(case, "count.items", "count", quote=f"{n_offices}个")
    people = 30 + 7 * len(offices)
    admin = 12 + 2 * len(offices)
    basics = [
        (f"{dept}是{p['place']}人民政府工作部门，主要职责是贯彻执行国家和省、市有关方针政策，"
        "拟订本行业发展规划并组织实施，负责行业管理和公共服务等工作。"),
        (f"{dept}内设股室{n_offices}个，即{'、'.join(offices)}；下属事业单位{len(units)}个，"
        f"分别为{'、'.join(units)}。年末实有人员{people}人，其中：行政人员{admin}人，"
        f"事业人员{people - admin}人。"),
    ]
    income = [
        (f"{year}年度本年收入合计{m['I']}万元，其中：财政拨款收入{fiscal}万元，占{pct(m['F'], m['I'])}；"
        f"其他收入{other}万元，占{pct(m['O'], m['I'])}。{growth}，主要原因是本年度新增专项"
        "工作经费。"),
        (f"本年支出合计{m['E']}万元，其中：基本支出{m['Eb']}万元，占{pct(m['Eb'], m['E'])}；项目支出"
        f"{m['Ep']}万元，占{pct(m['Ep'], m['E'])}。{_change(m['dE'], m['prevE'])}。"),
        f"年初结转和结余{m['J']}万元，年末结转和结余{m['K']}万元。",
    ]
    budget_rows = [list(BUDGET_HEADER)]
    for name, bi, bf, e in (("合计", m["Bi"], m["Bf"], m["E"]),
                            ("基本支出", m["Bib"], m["Bfb"], m["Eb"]),
                            ("项目支出", m["Bip"], m["Bfp"], m["Ep"])):
        budget_rows.append([name, str(bi), str(bf), str(e), pct(e, bf)])
    if case == "budget_rate/table":
        budget_rows[2][4] = f"{q(m['Eb'] / m['Bfb'] * 100) - D('4.00')}%"
        inj = Injected(case, "budget.rate", "budget_rate", BUDGET_HEADER, 2, 4)
    if case == "money_sum/table":
        budget_rows[2][1] = str(m["Bib"] + 50)
        inj = Injected(case, "money.parts", "money_sum", BUDGET_HEADER, 2, 1)
    exec_w = p["exec_weight"]
    exec_score = next(r[5] for r in rows if r[2] == "预算执行率")
    budget = [
        (f"{year}年度部门年初预算数{m['Bi']}万元，全年预算数{m['Bf']}万元，全年执行数{m['E']}万元，"
        f"预算执行率{stated_rate}。各项支出执行情况见表2-1。"),
        TableSpec("表2-1 部门预算执行情况表", budget_rows, unit="万元"),
        f"预算执行率指标按照“得分（{exec_w}分*执行率）”计算，得{exec_score}分。",
    ]
    if p["three"]:
        a, b = q(m["Eb"] * D("0.004")), q(m["Eb"] * D("0.006"))
        budget.append(f"“三公”经费支出{a + b}万元，其中：公务接待费{a}万元，公务用车运行维护费{b}万元，"
                      "因公出国（境）费0万元。")
    outputs = [
        (f"一是{p['output']}二是按时完成年度重点工作任务，重点工作办结率达到100%。"
        "三是加强预算和资产管理，资产信息账实相符。"),
        f"{year}年度各项工作有序推进，社会效益逐步显现，服务对象满意度调查结果为较满意以上。",
    ]
    conclusion = [(f"经自评，{dept}{year}年度部门整体支出绩效自评得分{total}分，评价等级为“{text_grade}”。"
                  "各项指标得分情况详见附件。")]
    problems = ["1.预算编制精细化程度不高，年中预算调整较多，年初预算数与全年预算数差异较大。",
                "2.绩效目标设置不够具体，部分指标难以量化考核。"]
    measures = ["1.提高预算编制质量，加强预算执行监控。", "2.细化绩效目标，强化绩效评价结果应用。"]
    nodes = [
        Node("部门基本情况", "background", "cn", [], [
            Node("部门职能及机构设置", "background", "cn_paren", basics),
            Node("部门收支情况", "background", "cn_paren", income),
        ]),
        Node("部门整体支出预算执行情况", "content", "cn", budget),
        Node("部门整体支出绩效情况", "conclusion", "cn", outputs),
        Node("自评结论", "conclusion", "cn", conclusion),
        Node("存在的问题及原因分析", "problems", "cn", problems),
        Node("下一步改进措施", "suggestions", "cn", measures),
    ]
    nodes[-1].body += ["附件：部门整体支出绩效自评表", MergedTable(None, table, vmerge_cols=2)]
    v = Variant(f"department.{seed}", f"{dept}{year}年度部门整体支出绩效自评报告", nodes)
    # an unnumbered appendix line opens a top-level heading of its own (issue 15)
    appendix = ["部门整体支出绩效自评表"]
    return Realistic(v.name, "department", v, str(total), grade,
                     [n.title for n in nodes] + appendix, inj,
                     {"income": str(m["I"]), "spending": str(m["E"]), "budget_rate": f"{rate}%"})
