"""A 项目支出绩效自评报告 whose only score is its 项目支出绩效自评表, three variants.

Shape of the most common score document there is: a short narrative (基本情况, 资金使用, 绩效
目标完成情况, ``自评得分X分，等级为“优”``, 问题和措施) and, as an appendix, the 自评表: 项目名称
and 主管部门 rows, the budget block (年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分,
a 预算执行率 row worth 10 scored 10 × min(执行率, 100%)), then 一级/二级/三级指标 with 年度指标值,
实际完成值, 分值, 得分 and 偏差原因分析及改进措施, 一级 and 二级 merged vertically, a 总分 row.
A missed target scores 分值 × 实际 ÷ 目标 and states its reason.
"""

from __future__ import annotations

from decimal import Decimal

from realistic_common import D, Injected, MergedTable, Realistic, grade_of, q
from variants import Node, Variant

# (一级, 二级, 三级, comparator, target, actual, unit, weight, reason when missed)
Ind = tuple[str, str, str, str, str, str, str, int, str]
SEEDS = [
    {
        "project": "XX县2023年度农村饮水安全工程维修养护项目", "dept": "XX县水利局", "unit": "XX县农村供水管理站", "year": 2023,
        "indicators": [
            ("产出指标", "数量指标", "维修养护工程处数", "≥", "42", "45", "处", 15, ""),
            ("产出指标", "质量指标", "工程验收合格率", "=", "100", "100", "%", 15, ""),
            ("产出指标", "时效指标", "维修养护完成及时率", "≥", "95", "96", "%", 10, ""),
            ("产出指标", "成本指标", "单处维修养护成本", "≤", "4.5", "3.97", "万元", 10, ""),
            ("效益指标", "社会效益指标", "农村自来水普及率", "≥", "90", "92.5", "%", 15, ""),
            ("效益指标", "可持续影响指标", "工程正常运行年限", "≥", "5", "5", "年", 15, ""),
            ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥", "90", "93", "%", 10, ""),
        ],
        "plan": "185.00", "budget": "185.00", "spend": "178.54", "carry": "0", "grade_row": False,
        "extra": "项目资金实行报账制管理，每笔支出一次录入、逐级审核。",
    },
    {
        "project": "XX区2022年度城乡居民免费健康体检项目", "dept": "XX区卫生健康局", "unit": "XX区疾病预防控制中心",
        "year": 2022, "plan": "260.00", "budget": "286.40", "spend": "281.12", "carry": "26.40",
        "indicators": [
            ("产出指标", "数量指标", "完成体检人数", "≥", "5000", "4820", "人", 20, "部分外出务工人员未返乡，下一步将增加周末体检场次"),
            ("产出指标", "质量指标", "体检报告合格率", "≥", "98", "99.2", "%", 15, ""),
            ("产出指标", "时效指标", "体检结果反馈及时率", "=", "100", "100", "%", 15, ""),
            ("效益指标", "社会效益指标", "慢性病早期发现率", "≥", "10", "11.6", "%", 20, ""),
            ("效益指标", "可持续影响指标", "居民健康档案更新率", "≥", "90", "92", "%", 10, ""),
            ("满意度指标", "服务对象满意度指标", "受检居民满意度", "≥", "90", "95", "%", 10, ""),
        ],
        "grade_row": True, "extra": "2021年度同类项目完成体检4650人，2022年度计划完成5000人，人均体检费用520元。",
    },
    {
        "project": "XX县2024年度义务教育学生营养改善计划项目", "dept": "XX县教育体育局", "unit": "XX县学生资助管理中心",
        "year": 2024, "plan": "1320.00", "budget": "1320.00", "spend": "1216.38", "carry": "0",
        "indicators": [
            ("产出指标", "数量指标", "受益学生人数", "≥", "11000", "10137", "人", 20, "学生转学及人数自然减少，下一步按实际在校人数核定预算"),
            ("产出指标", "质量指标", "食品安全事故发生次数", "=", "0", "0", "次", 15, ""),
            ("产出指标", "时效指标", "资金拨付及时率", "≥", "95", "88", "%", 15, "第四季度资金拨付滞后，下一步按季度提前拨付"),
            ("效益指标", "社会效益指标", "学生营养健康状况改善", "", "有效改善", "有效改善", "", 15, ""),
            ("效益指标", "可持续影响指标", "营养改善长效机制", "", "健全", "基本健全", "", 15, "部分学校管理制度不完善，下一步完善制度"),
            ("满意度指标", "服务对象满意度指标", "学生及家长满意度", "≥", "90", "91", "%", 10, ""),
        ],
        "grade_row": False, "extra": "按照每生每天5元的标准，每生每天享受一次营养膳食补助，全年按200天计算。",
    },
]
BUDGET_HEADER = ("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
IND_HEADER = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
              "偏差原因分析及改进措施")
CASES = ["budget_rate", "sum", "max_sum", "over_max", "grade", "text_table", "money_sum"]
WORDS_SCORE = D("0.80")  # a text target (有效改善) met only 基本: 80% of the weight


def _score(ind: Ind) -> Decimal:
    """分值 × min(实际 ÷ 目标, 1) for ≥, the inverse for ≤, all-or-nothing for =, 80% for a
    worded target met in part."""
    _, _, _, cmp, target, actual, _, w, _ = ind
    if cmp == "":
        return D(w) if target == actual else q(D(w) * WORDS_SCORE)
    t, a = D(target), D(actual)
    if cmp == "≥":
        return q(D(w) * min(a / t, D(1)))
    if cmp == "≤":
        return q(D(w) * min(t / a, D(1)))
    return D(w) if a == t else D(0)


def _value(cmp: str, v: str, unit: str) -> str:
    return f"{cmp if cmp != '=' else ''}{v}{unit}"


def build(seed: int, case: str | None = None) -> Realistic:
    p = SEEDS[seed]
    year = p["year"]
    plan, budget, spend, carry = D(p["plan"]), D(p["budget"]), D(p["spend"]), D(p["carry"])
    rate = q(spend / budget * 100)
    exec_score = q(10 * min(rate, D(100)) / 100)
    inds: list[Ind] = list(p["indicators"])
    scores = [q(_score(i)) for i in inds]
    inj: Injected | None = None
    if case == "over_max":  # the first indicator scored 1 over its weight (the total follows)
        scores[0] = q(D(inds[0][7]) + 1)
    total = exec_score + sum(scores, D(0))
    grade = grade_of(total)

    # ---------------------------------------------------------------- the 自评表
    rows: list[list[str]] = [["项目名称", p["project"]], ["主管部门", p["dept"], "实施单位", p["unit"]],
                             list(BUDGET_HEADER)]
    this_year = budget - carry
    spend_carry = min(carry, spend)
    money_rows = [["年度资金总额", plan, budget, spend],
                  ["其中：当年财政拨款", plan, this_year, spend - spend_carry],
                  ["上年结转资金", D(0), carry, spend_carry],
                  ["其他资金", D(0), D(0), D(0)]]
    for k, (name, a, b, c) in enumerate(money_rows):
        tail = ["10", f"{rate}%", str(exec_score)] if k == 0 else ["—", "—", "—"]
        rows.append([name, _amount(a), _amount(b), _amount(c), *tail])
    budget_row = 3
    rows.append(list(IND_HEADER))
    first = len(rows)
    groups: dict[str, int] = {}
    for ind, s in zip(inds, scores):
        groups[ind[0]] = groups.get(ind[0], 0) + ind[7]
    prev: Ind | None = None
    for ind, s in zip(inds, scores):
        lvl1 = f"{ind[0]}({groups[ind[0]]}分)"
        if case == "max_sum" and ind[0] == "效益指标":
            lvl1 = f"{ind[0]}({groups[ind[0]] + 5}分)"
        rows.append([lvl1 if prev is None or prev[0] != ind[0] else "",
                     ind[1] if prev is None or prev[1] != ind[1] or prev[0] != ind[0] else "",
                     ind[2], _value(ind[3], ind[4], ind[6]), _value("", ind[5], ind[6]),
                     str(ind[7]), str(s), ind[8] or "无偏差"])
        prev = ind
    rows.append(["总分", "", "", "", "", "100", str(total), ""])
    if p["grade_row"]:
        rows.append(["自评等级", grade])
    total_row = len(rows) - (2 if p["grade_row"] else 1)
    text_total, text_grade = str(total), grade
    if case == "budget_rate":
        rows[budget_row][6] = str(exec_score - 1)
        rows[total_row][6] = str(total - 1)
        text_total = str(total - 1)
        inj = Injected(case, "budget.rate", "budget_rate", BUDGET_HEADER, budget_row, 6)
    elif case == "sum":
        rows[total_row][6] = text_total = str(total + 2)
        inj = Injected(case, "selfeval.sum", "sum", BUDGET_HEADER, total_row, 6)
    elif case == "max_sum":
        inj = Injected(case, "selfeval.max_sum", "max_sum", BUDGET_HEADER,
                       next(i for i, r in enumerate(rows) if r[0].startswith("效益指标")))
    elif case == "over_max":
        inj = Injected(case, "selfeval.over_max", "over_max", BUDGET_HEADER, first, 6)
    elif case == "grade":
        text_grade = "良" if grade == "优" else "优"
        inj = Injected(case, "score.grade", "grade", quote=f"等级为“{text_grade}”")
    elif case == "text_table":
        text_total = str(total - 3)
        inj = Injected(case, "text.score", "text_table", quote=f"{text_total}分")
    elif case == "money_sum":  # 池州: the 年度资金总额 row reads 0 while its parts hold the money
        rows[budget_row][1:4] = ["0", "0", "0"]
        inj = Injected(case, "money.parts", "money_sum", BUDGET_HEADER, budget_row, 2)

    # ---------------------------------------------------------------- the narrative
    missed = [i for i, s in zip(inds, scores) if s < i[7]]
    done = "、".join(f"{i[2]}{_value('', i[5], i[6])}" for i in inds[:3])
    nodes = [
        Node("项目基本情况", "background", "cn", [], [
            Node("项目概况", "background", "cn_paren",
                 [f"{p['project']}由{p['dept']}主管、{p['unit']}具体实施。{p['extra']}"]),
            Node("项目绩效目标", "content", "cn_paren",
                 [f"{'；'.join(f'{i[2]}{_value(i[3], i[4], i[6])}' for i in inds[:3])}。"]),
        ]),
        Node("项目资金使用及管理情况", "content", "cn",
             [(f"项目年初预算数{plan}万元，全年预算数{budget}万元，全年执行数{spend}万元，"
              f"预算执行率{rate}%。预算执行率指标得分（10分*执行率）为{exec_score}分。")]),
        Node("项目绩效目标完成情况", "conclusion", "cn",
             [f"截至{year}年12月31日，{done}。"
              + (f"{'、'.join(i[2] for i in missed)}未完全达到年度指标值，偏差原因及改进措施见自评表。"
                 if missed else "各项绩效指标均已完成。")]),
        Node("自评结论", "conclusion", "cn",
             [f"经自评，该项目自评得分{text_total}分，等级为“{text_grade}”。"]),
        Node("存在的问题及改进措施", "problems", "cn",
             [("项目绩效目标设置仍偏重数量指标，效益指标的量化程度有待提高。下一步将细化效益指标，"
              "加强项目实施过程监控。")]),
    ]
    nodes[-1].body += ["附件：项目支出绩效自评表", MergedTable(None, rows, vmerge_cols=2)]
    v = Variant(f"project.{seed}", f"{p['project']}支出绩效自评报告", nodes)
    # an unnumbered appendix line opens a top-level heading of its own (issue 15)
    appendix = ["项目支出绩效自评表"]
    return Realistic(v.name, "project", v, str(total), grade,
                     [n.title for n in nodes] + appendix, inj,
                     {"budget_rate": f"{rate}%", "budget_score": str(exec_score)})


def _amount(x: Decimal) -> str:
    return "0" if x == 0 else f"{x:.2f}"
