"""Outline rules learnt from real PDFs (issue 12), each on small variants written here: TOC by
shape, furniture vs heading, lists that continue, table titles, note items, units, stitching
past a row-like line, the cover title."""

from __future__ import annotations

import pytest

import reportparse
from reportparse.ingest.pdf_furniture import extract_toc, strip_furniture
from reportparse.ingest.pdf_text import Char, build_lines
from reportparse.patterns import load_patterns
from reportparse.toc_shape import titled_run, toc_shape


def _parse(text: str, name: str = "x.txt") -> reportparse.Report:
    if name.endswith(".md") and "|" not in text:
        text = text.replace("\n", "\n\n")  # one Markdown paragraph per line
    return reportparse.parse(text.encode(), name=name)


def _headings(r: reportparse.Report) -> list[str]:
    return [s.heading for s in r.walk()]


BODY = ("一、基本情况\n本项目于2022年实施，资金已全部到位。\n二、存在问题\n档案管理不规范，"
        "部分资料缺失。\n三、有关建议\n建议加强档案管理。\n")


# --------------------------------------------------------------------------- TOC by shape
@pytest.mark.parametrize("title", ["目录", "目 录", "目  录"])
@pytest.mark.parametrize("name", ["x.txt", "x.md"])
def test_a_toc_without_page_numbers_is_known_by_its_shape(title: str, name: str) -> None:
    toc = "一、基本情况\n二、存在问题\n三、有关建议\n"
    r = _parse(f"{title}\n{toc}{BODY}", name)
    assert [e.text for e in r.toc] == ["一、基本情况", "二、存在问题", "三、有关建议"]
    assert _headings(r) == ["一、基本情况", "二、存在问题", "三、有关建议"]


def test_a_numbered_toc_ends_where_the_page_numbers_end() -> None:
    r = _parse("目  录\n一、基本情况……3\n二、存在问题\t5\n三、有关建议……8\n" + BODY)
    assert [(e.text, e.page) for e in r.toc] == [("一、基本情况", "3"), ("二、存在问题", "5"),
                                                 ("三、有关建议", "8")]
    assert _headings(r) == ["一、基本情况", "二、存在问题", "三、有关建议"]


def test_a_toc_title_followed_by_the_body_itself_takes_nothing() -> None:
    # an empty TOC field: the headings after 目录 do not recur later, so they are the body
    r = _parse("目录\n" + BODY)
    assert r.toc == []
    assert _headings(r) == ["一、基本情况", "二、存在问题", "三、有关建议"]


def test_titled_run_stops_at_a_sentence_and_at_the_first_entry_again() -> None:
    shape = toc_shape(load_patterns(None))
    later = "一、基本情况正文二、存在问题正文"
    assert titled_run(["一、基本情况", "二、存在问题", "本报告依据……编制。"], later, shape) == 2
    assert titled_run(["一、基本情况", "二、存在问题", "一、基本情况"], later, shape) == 2
    assert titled_run(["一、基本情况", "二、存在问题"], "", shape) == 0  # no echo
    assert titled_run(["一、基本情况", "二、存在问题"], "", shape, whole_page=True) == 2


def _line(page: int, top: float, text: str, x: float = 72.0, size: float = 12.0):
    chars, cx = [], x
    for ch in text:
        w = size if ord(ch) > 0x2000 else size / 2
        chars.append(Char(ch, cx, top, cx + w, top + size, size, "Song"))
        cx += w
    [ln] = build_lines(chars, page)
    return ln


def test_pdf_toc_page_without_numbers_goes_to_toc() -> None:
    p = load_patterns(None)
    toc_page = [_line(1, 80, "目 录"), _line(1, 110, "第一部分 部门概况"),
                _line(1, 130, "一、收支预算总表"), _line(1, 150, "第二部分 情况说明")]
    body = [_line(2, 80, "第一部分 部门概况"), _line(2, 100, "本部门主要职能如下。"),
            _line(3, 80, "第二部分 情况说明"), _line(3, 100, "收支总计100.00万元。")]
    pages = [toc_page, body[:2], body[2:]]
    entries, removed = extract_toc(pages, {"目录"}, p["noise"]["toc"]["line"] and
                                   __import__("regex").compile(p["noise"]["toc"]["line"]),
                                   72.0, toc_shape(p))
    assert [e.text for e in entries] == ["第一部分部门概况", "一、收支预算总表", "第二部分情况说明"]
    assert pages[0] == [] and removed == 4
    assert [ln.text for ln in pages[1]] == ["第一部分部门概况", "本部门主要职能如下。"]


# --------------------------------------------------------------------------- furniture
def test_a_heading_repeated_per_page_is_not_furniture_but_a_running_header_is() -> None:
    import regex

    heads = [regex.compile(f["pattern"]) for f in load_patterns(None)["headings"]["family"]]
    pages = []
    for i in range(4):
        pages.append([_line(i + 1, 30, "XX单位部门预算", size=9),  # detached running header
                      _line(i + 1, 60, "一、项目概述"),  # opens the text right below it
                      _line(i + 1, 74, f"第{i + 1}个项目的概述正文。", x=96),
                      _line(i + 1, 88, "正文第二行。"), _line(i + 1, 102, "正文第三行。")])
    fur = strip_furniture(pages, [842.0] * 4, [], 3, 60, heads, [[]] * 4)
    assert fur.headers == ["XX单位部门预算"]
    assert all([ln.text for ln in p][0] == "一、项目概述" for p in pages)


def test_a_unit_line_over_every_table_is_not_furniture() -> None:
    pages = [[_line(i + 1, 30, "编制部门：XX局 单位：万元", size=9)] for i in range(4)]
    fur = strip_furniture(pages, [842.0] * 4, [], 3, 60, [], [[50.0]] * 4)
    assert fur.running == 0 and all(len(p) == 1 for p in pages)


def test_clean_keeps_text_repeated_mid_page() -> None:
    from reportparse.clean import clean
    from reportparse.models import Paragraph, Provenance, Report, Source

    blocks = []
    for page in range(1, 5):
        for t in (f"项目{page}经费情况说明", "一、实施主体", "XX区商务委员会", "二、实施周期", f"{page}月"):
            blocks.append(Paragraph(text=t, provenance=Provenance(page=page)))
    r = Report(source=Source(path="x.pdf", format="pdf", sha256=""), blocks=blocks)
    clean(r)
    assert len(r.blocks) == 20 and r.meta.headers == []


# --------------------------------------------------------------------------- heading candidates
def test_a_duty_list_of_sentences_is_body() -> None:
    duties = "".join(f"{k}、负责本区第{k}项工作，组织实施有关规划；协调解决有关问题。\n"
                     for k in range(1, 6))
    r = _parse("一、部门主要职能\n主要职能包括：\n" + duties + "二、机构设置\n本部门设5个处室。\n")
    assert _headings(r) == ["一、部门主要职能", "二、机构设置"]


def test_two_sentence_items_after_a_lead_in_are_body_but_headings_with_text_between_stay() -> None:
    r = _parse("一、主要职责\n其主要职责有：\n（一）负责全省工作。对下级进行指导和监督。\n"
               "（二）负责队伍建设。开展思想政治工作和教育培训。\n二、有关建议\n正文。\n")
    assert _headings(r) == ["一、主要职责", "二、有关建议"]
    r = _parse("一、存在问题\n1.资金拨付滞后。部分资金年底才到位，影响进度。\n说明正文一。\n"
               "2.档案管理不规范。资料未归档，影响核查。\n说明正文二。\n")
    assert _headings(r)[1:] == ["1.资金拨付滞后。", "2.档案管理不规范。"]


def test_numbered_items_continuing_a_note_are_the_note() -> None:
    r = _parse("一、预算表\n注：1.本表金额单位为万元。\n2.科目编码为必填项。\n二、说明\n正文。\n")
    assert _headings(r) == ["一、预算表", "二、说明"]


def test_a_cn_heading_may_start_with_a_year() -> None:
    r = _parse("一、概况\n正文。\n二、2019年主要工作任务及目标\n正文。\n")
    assert _headings(r) == ["一、概况", "二、2019年主要工作任务及目标"]


# --------------------------------------------------------------------------- tables
MD_TABLE = "| 项目 | 金额 |\n|---|---|\n| 合计 | 100.00 |\n"


@pytest.mark.parametrize("title", ["收支预算总表", "财政拨款支出预算表（功能科目）", "项目资金明细"])
def test_a_table_title_above_a_table_is_its_caption_not_a_heading(title: str) -> None:
    r = _parse(f"# 一、预算表\n\n# {title}\n\n部门：XX局  单位：万元\n\n{MD_TABLE}", "x.md")
    [t] = r.tables
    assert (t.caption, t.unit) == (title, "万元")
    assert _headings(r) == ["一、预算表"]


def test_an_org_line_is_not_a_unit() -> None:
    r = _parse(f"一、预算表\n\n编制单位：XX区财政局\n\n{MD_TABLE}", "x.md")
    assert r.tables[0].unit is None


# --------------------------------------------------------------------------- PDF title, stitching
def test_cover_title_is_the_tallest_first_page_text() -> None:
    from tests.test_pdf_units import _tiny_pdf

    content = ("BT /F1 20 Tf 60 700 Td (Annual Budget 2019) Tj ET\n"
               + "".join(f"BT /F1 10 Tf 40 {600 - 14 * k} Td (Body line {k} of the text.) Tj ET\n"
                         for k in range(4)))
    r = reportparse.parse(_tiny_pdf(content), name="t.pdf")
    assert r.meta.title == "Annual Budget 2019"
    assert "Annual Budget 2019" not in _headings(r)


def test_a_row_like_line_over_a_fragment_does_not_block_stitching() -> None:
    from reportparse.ingest.pdf import _leads_page
    from reportparse.ingest.pdf_tables import PageTable

    frag = PageTable(page=2, xs=[60.0, 200.0, 400.0], ys=[90.0, 110.0])
    row = _line(2, 72, "会议费", x=80)
    row.segments, row.x1 = ["会议费", "110.05"], 380.0
    caption = _line(2, 72, "表2 续", x=80)
    assert _leads_page([(72.0, 1, row)], frag)
    assert not _leads_page([(72.0, 1, caption)], frag)


# --------------------------------------------------------------------------- more outline rules
def test_a_point_opening_with_a_whole_sentence_is_body_but_a_short_title_sentence_is_not() -> None:
    r = _parse("一、主要任务\n1．深化思想解放，提升服务水平。围绕中心工作推进各项改革，取得实效。\n"
               "说明正文。\n2．资金拨付滞后。部分资金年底才到位。\n说明正文。\n")
    assert _headings(r) == ["一、主要任务", "2．资金拨付滞后。"]


def test_an_unstyled_heading_between_styled_ones_of_its_numbering_is_kept() -> None:
    md = "# 一、概况\n\n正文。\n\n# 二、依据\n\n正文。\n\n三、审减说明\n\n正文。\n\n# 四、原因\n\n正文。\n"
    r = reportparse.parse(md.encode(), name="x.md")
    assert _headings(r) == ["一、概况", "二、依据", "三、审减说明", "四、原因"]
    md2 = md.replace("三、审减说明", "一、审减说明")  # an unstyled list item, not the gap
    assert "一、审减说明" not in _headings(reportparse.parse(md2.encode(), name="x.md"))


def test_a_title_spaced_one_character_a_line_is_joined() -> None:
    r = _parse("XX镇公益事业奖补项目\n审\n核\n报\n告\n一、工程概况\n正文。\n")
    assert r.title == "XX镇公益事业奖补项目审核报告"


def test_a_font_and_its_gb2312_twin_are_one_paragraph() -> None:
    from reportparse.ingest.pdf_blocks import _family

    assert _family((16.0, False, "仿宋_GB2312")) == _family((16.0, False, "仿宋"))
    assert _family((16.0, False, "黑体")) != _family((16.0, False, "仿宋"))


def _frag(page: int, top: float, bottom: float, texts: list[str]):
    from reportparse.ingest.pdf_tables import GridCell, PageTable

    ys = [top + (bottom - top) * k / len(texts) for k in range(len(texts) + 1)]
    t = PageTable(page=page, xs=[60.0, 200.0, 400.0], ys=ys)
    for r, text in enumerate(texts):
        t.cells += [GridCell(r, 0, 1, 1, (60, ys[r], 200, ys[r + 1]), text),
                    GridCell(r, 1, 1, 1, (200, ys[r], 400, ys[r + 1]), str(r))]
    return t


@pytest.mark.parametrize("bottom,stitched", [(780.0, True), (400.0, False)])
def test_a_table_is_stitched_only_when_it_ran_down_its_page(bottom: float, stitched: bool) -> None:
    from reportparse.ingest.pdf_blocks import Builder, Stats
    from reportparse.models import Report, Source

    r = Report(source=Source(path="x.pdf", format="pdf", sha256=""))
    b = Builder(r, Stats((12.0, False, ""), 12.0, 60.0, 400.0, 18.0), [])
    b.table(_frag(1, 100, bottom, ["项目", "甲", "乙"]), True, True, page_height=842.0)
    b.table(_frag(2, 60, 120, ["丙", "丁"]), True, True, page_height=842.0)
    assert len(r.tables) == (1 if stitched else 2)


def test_a_lone_first_item_of_a_list_family_is_body_but_one_with_a_second_is_not() -> None:
    duties = "".join(f"{k}、负责第{k}项工作，组织实施。\n" for k in range(1, 4))
    units = "（一）机关内设机构\n1、办公室\n2、研究室\n3、监察处\n（二）下属事业单位\n1、培训学院\n"
    r = _parse("一、主要职能\n" + duties + "二、机构设置\n" + units)
    assert _headings(r) == ["一、主要职能", "二、机构设置", "（一）机关内设机构", "（二）下属事业单位"]
    r = _parse("一、主要职能\n" + duties + "二、立项依据\n1、实施意见。\n正文。\n2、管理办法。\n正文。\n")
    assert "1、实施意见。" in _headings(r)


def test_a_list_item_broken_over_two_paragraphs_keeps_its_run() -> None:
    r = _parse("一、三公经费\n其中：\n（一）、因公出国费0万元，与上年持平。\n"
               "（二）、公务用车费21.56万元，其中购置费0万元，主要原因是保持不\n"
               "变；运行费21.56万元，与上年持平。\n（三）、公务接待费1.35万元。主要原因是保持不变。\n"
               "二、机关运行经费\n正文。\n")
    assert _headings(r) == ["一、三公经费", "二、机关运行经费"]


@pytest.mark.parametrize("line,parts", [
    ("五、政府采购情况说明（一）采购预算情况", ["五、政府采购情况说明", "（一）采购预算情况"]),
    ("一、部门主要职能二、部门机构设置", ["一、部门主要职能", "二、部门机构设置"]),
    ("三、项目（一期）建设情况", ["三、项目（一期）建设情况"]),
    ("二、2023年（二）季度", ["二、2023年（二）季度"]),
    ("1.项目缺少规划，2.管理不足", ["1.项目缺少规划，2.管理不足"]),
    ("一、主要职能（一）按照要求，抓好落实。", ["一、主要职能（一）按照要求，抓好落实。"]),
])
def test_a_line_holding_two_headings_is_split(line: str, parts: list[str]) -> None:
    from reportparse.ingest.hints import heading_markers
    from reportparse.ingest.pdf_blocks import split_two_headings

    assert split_two_headings(line, heading_markers(load_patterns(None))) == parts


@pytest.mark.parametrize("title", ["第四部分 名词解释", "三、名词解释", "术语解释"])
def test_glossary_entries_are_body(title: str) -> None:
    r = _parse(f"一、概况\n正文。\n{title}\n一、财政拨款：一般公共预算拨款\n二、基本支出：人员和公用支出\n")
    assert [h for h in _headings(r) if "财政拨款" in h or "基本支出" in h] == []
