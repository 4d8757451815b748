"""Problems/suggestions and metadata from hand-built reports (sections built by hand)."""

from __future__ import annotations

from extract_helpers import make_report

from reportparse.extract import extract
from reportparse.extract.meta import extract_meta
from reportparse.extract.points import section_points
from reportparse.models import Point, Section
from reportparse.patterns import load_patterns

P = load_patterns()


def _sec(number: str, title: str, kind: str, level: int, heading: int | None,
         blocks: list[int], children: list[Section] | None = None,
         lead: str | None = None) -> Section:
    return Section(number=number, title=title, level=level, kind=kind, family="x",
                   heading_block=heading, blocks=blocks, children=children or [], lead=lead)


def test_numbered_points_with_lead_and_body_subpoints() -> None:
    r = make_report("五、存在的问题",
                    "1.预算编制不精细。一是测算依据不足；二是调整频繁。",
                    "2.资产管理待加强。",
                    "一是账实不符。",
                    "二是处置不规范。")
    r.blocks[3].points = [Point(marker="一是", text="一是账实不符。")]  # type: ignore[union-attr]
    r.blocks[4].points = [Point(marker="二是", text="二是处置不规范。")]  # type: ignore[union-attr]
    p1 = _sec("1.", "预算编制不精细。", "problems", 2, 1, [], lead="一是测算依据不足；二是调整频繁。")
    p2 = _sec("2.", "资产管理待加强。", "problems", 2, 2, [3, 4])
    r.sections = [_sec("五、", "存在的问题", "problems", 1, 0, [], [p1, p2])]
    pts = section_points(r, "problems", P)
    assert [(p.number, p.title) for p in pts] == [("1.", "预算编制不精细。"), ("2.", "资产管理待加强。")]
    assert [s.marker for s in pts[0].subpoints] == ["一是", "二是"]
    assert [s.text for s in pts[1].subpoints] == ["一是账实不符。", "二是处置不规范。"]
    assert pts[0].section == "五、存在的问题" and pts[1].ref.block == 2
    assert "账实不符" in pts[1].body


def test_inline_enumeration_without_numbered_children() -> None:
    r = make_report("六、有关建议", "一是加强预算管理，提高编制质量。二是规范资产处置。")
    r.blocks[1].points = [Point(marker="一是", text="一是加强预算管理，提高编制质量。"),  # type: ignore[union-attr]
                          Point(marker="二是", text="二是规范资产处置。")]
    r.sections = [_sec("六、", "有关建议", "suggestions", 1, 0, [1])]
    pts = section_points(r, "suggestions", P)
    assert [(p.number, p.title) for p in pts] == [("一是", "加强预算管理，提高编制质量。"),
                                                  ("二是", "规范资产处置。")]


def test_keywords_are_lazy_and_tally_topics() -> None:
    r = make_report("三、存在问题", "合同管理不规范，合同缺少签订日期和服务期限。")
    r.sections = [_sec("三、", "存在问题", "problems", 1, 0, [1])]
    (p,) = section_points(r, "problems", P)
    assert "合同" in p.keywords


def test_meta_from_key_value_lines_and_closing_date() -> None:
    r = make_report("项目名称：农村公路养护", "实施单位：XX县交通运输局", "评价机构： XX会计师事务所有限公司",
                    "评价年度：2023年度", "正文……", "XX会计师事务所有限公司", "2024年3月15日")
    r.title = "关于2023年度农村公路养护资金的绩效评价报告"
    m = extract_meta(r, P)
    assert (m.project, m.unit, m.evaluator, m.year, m.report_date) == (
        "农村公路养护", "XX县交通运输局", "XX会计师事务所有限公司", 2023, "2024-03-15")
    assert m.title == r.title


def test_meta_from_prose_and_title() -> None:
    r = make_report("受XX县财政局委托，XX咨询有限公司对该项目开展绩效评价。由县住建局负责实施。")
    r.title = "XX县老旧小区改造项目绩效评价报告"
    m = extract_meta(r, P)
    assert m.project == "XX县老旧小区改造项目" and m.unit == "县住建局"
    assert m.evaluator == "XX咨询有限公司"


def test_extract_on_an_empty_report() -> None:
    doc = make_report("仅有一段文字。")
    ext = extract(doc, P)
    assert ext.score is None and ext.problems == [] and ext.suggestions == []
    assert ext.typed_tables == [] and ext.facts == []


def test_meta_from_a_self_eval_table_head() -> None:
    from extract_helpers import make_table

    t = make_table([["项目名称", "老旧小区改造", "<", "<"], ["主管部门", "住建局", "实施单位", "住房保障中心"],
                    ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数"]])
    m = extract_meta(make_report("附件2", t), P)
    assert (m.project, m.unit) == ("老旧小区改造", "住房保障中心")


def test_a_header_row_gives_no_project_or_unit() -> None:
    from extract_helpers import make_table

    for head in (["项目名称", "金额"], ["项目", "收入预算"], ["项目名称", "决算数", "备注"],
                 ["单位名称", "合计"]):
        t = make_table([head + [""] * (3 - len(head)), ["一、财政拨款", "100.00", ""]])
        m = extract_meta(make_report("附件", t), P)
        assert (m.project, m.unit) == (None, None), head
