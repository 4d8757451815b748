"""The .docx reader: body order, the accepted view, fields, TOC, notes, tables, bad input."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx_builder import make_docx, p, style, table, tc

from reportparse.errors import ReportParseError
from reportparse.ingest import read
from reportparse.models import Paragraph


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*inline: str, ppr: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{''.join(inline)}</w:p>"


def field(instr: str, result: str) -> str:
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'{run(result)}<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def only_text(body: str, **parts: str) -> list[str]:
    return [b.text for b in read(make_docx(body, **parts), "t.docx").blocks
            if isinstance(b, Paragraph)]


# ------------------------------------------------------------------ paragraphs and order
def test_paragraphs_and_tables_come_in_body_order_with_provenance():
    body = p("一、基本情况") + table([tc("指标") + tc("得分")], 2) + p("二、结论")
    report = read(make_docx(body), "t.docx")
    assert [type(b).__name__ for b in report.blocks] == ["Paragraph", "Table", "Paragraph"]
    assert [b.provenance.block for b in report.blocks] == [0, 1, 2]
    assert report.blocks[0].provenance.locator == "body/p[1]"
    assert report.blocks[2].provenance.locator == "body/p[2]"
    cell = report.blocks[1].cells[1]
    assert (cell.provenance.locator, cell.provenance.row, cell.provenance.col,
            cell.provenance.table) == ("body/tbl[1]/tr[1]/tc[2]", 0, 1, 1)
    assert report.source.format == "docx"


def test_empty_paragraphs_are_not_blocks():
    assert only_text(p("甲") + "<w:p/>" + p("  ") + p("乙")) == ["甲", "乙"]


def test_heading_level_from_outline_level_and_chinese_style_names():
    styles = style("a1", "标题 2") + style("Body", "正文", '<w:outlineLvl w:val="9"/>')
    body = (p("概述", '<w:outlineLvl w:val="0"/>') + p("背景", '<w:pStyle w:val="a1"/>')
            + p("正文", '<w:pStyle w:val="Body"/>'))
    blocks = read(make_docx(body, styles=styles), "t.docx").blocks
    assert [(b.heading_level, b.style) for b in blocks] == [(1, "Normal"), (2, "标题 2"),
                                                              (None, "正文")]


def test_outline_level_is_inherited_through_based_on():
    styles = style("H", "My Heading", '<w:outlineLvl w:val="1"/>') + style("H2", "Mine", "", "H")
    blocks = read(make_docx(p("x", '<w:pStyle w:val="H2"/>'), styles=styles), "t.docx").blocks
    assert blocks[0].heading_level == 2


# ------------------------------------------------------------------ tracked changes
def test_accepted_view_keeps_insertions_and_drops_deletions():
    body = para(run("项目总投资为"),
                '<w:ins w:id="1" w:author="a"><w:r><w:t>6600</w:t></w:r></w:ins>',
                '<w:del w:id="2" w:author="a"><w:r><w:delText>8000</w:delText></w:r></w:del>',
                run("万元，"),
                '<w:moveFrom w:id="3"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom>',
                '<w:moveTo w:id="4"><w:r><w:t>新位置</w:t></w:r></w:moveTo>')
    report = read(make_docx(body), "t.docx")
    assert report.blocks[0].text == "项目总投资为6600万元，新位置"
    (w,) = [w for w in report.warnings if w.code == "unaccepted_revisions"]
    assert "accepted" in w.message


def test_a_deleted_table_row_is_dropped():
    rows = [tc("指标") + tc("得分"),
            '<w:trPr><w:del w:id="9" w:author="a"/></w:trPr>' + tc("旧行") + tc("0"),
            tc("决策") + tc("12.30")]
    (t,) = read(make_docx(table(rows, 2)), "t.docx").tables
    assert t.rows == [["指标", "得分"], ["决策", "12.30"]]


def test_no_revisions_no_warning():
    assert read(make_docx(p("x")), "t.docx").warnings == []


# ------------------------------------------------------------------ fields and inline noise
def test_field_results_are_kept_and_field_codes_dropped():
    body = para(run("见第"), field("PAGEREF _Toc123 \\h", "3"), run("页"))
    assert only_text(body) == ["见第3页"]


def test_hyperlinks_smart_tags_content_controls_and_bookmarks_keep_their_text():
    body = para('<w:bookmarkStart w:id="0" w:name="_Toc1"/>',
                f'<w:hyperlink r:id="rId99">{run("国办发")}</w:hyperlink>',
                f'<w:smartTag w:uri="x" w:element="date">{run("〔2020〕")}</w:smartTag>',
                f'<w:sdt><w:sdtPr/><w:sdtContent>{run("23号")}</w:sdtContent></w:sdt>',
                f'<w:customXml w:element="x">{run("文件")}</w:customXml>',
                '<w:bookmarkEnd w:id="0"/>')
    assert only_text(body) == ["国办发〔2020〕23号文件"]


def test_hidden_text_is_not_shown():
    body = para(run("可见"), '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>')
    assert only_text(body) == ["可见"]


def test_text_box_is_read_from_one_branch_only_after_its_anchor():
    box = '<w:txbxContent><w:p><w:r><w:t>注：单位为万元</w:t></w:r></w:p></w:txbxContent>'
    body = para(run("正文"), '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
                f'<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></w:drawing></mc:Choice>'
                f'<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>'
                '</mc:Fallback></mc:AlternateContent></w:r>') + p("下一段")
    report = read(make_docx(body), "t.docx")
    assert [b.text for b in report.blocks] == ["正文", "注：单位为万元", "下一段"]
    assert report.blocks[1].provenance.locator == "body/p[1]/txbx[1]/p[1]"


# ------------------------------------------------------------------ table of contents
def test_toc_field_entries_go_to_report_toc_not_to_the_body():
    styles = style("TOC1", "toc 1") + style("TOC2", "toc 2")
    body = (para('<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                 '<w:r><w:instrText> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>',
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
                 f'<w:hyperlink w:anchor="_Toc1">{run("一、基本情况")}<w:r><w:tab/></w:r>'
                 + field(r"PAGEREF _Toc1 \h", "1") + "</w:hyperlink>",
                 ppr='<w:pStyle w:val="TOC1"/>')
            + para(run("（一）"), "<w:r><w:tab/></w:r>", run("项目背景……………2"),
                   ppr='<w:pStyle w:val="TOC2"/>')
            + para('<w:r><w:fldChar w:fldCharType="end"/></w:r>')
            + p("一、基本情况"))
    report = read(make_docx(body, styles=styles), "t.docx")
    assert [b.text for b in report.blocks] == ["一、基本情况"]
    assert [(e.text, e.page, e.level) for e in report.toc] == [
        ("一、基本情况", "1", 1), ("（一）项目背景", "2", 2)]


def test_toc_content_control_and_toc_styles_without_a_field():
    styles = style("TOC1", "TOC 1") + style("TH", "TOC Heading")
    sdt = ('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
           '</w:docPartObj></w:sdtPr><w:sdtContent>' + p("目  录", '<w:pStyle w:val="TH"/>')
           + p("一、概述\t3") + '</w:sdtContent></w:sdt>')
    body = sdt + p("二、结论\t5", '<w:pStyle w:val="TOC1"/>') + p("一、概述")
    report = read(make_docx(body, styles=styles), "t.docx")
    assert [b.text for b in report.blocks] == ["一、概述"]
    assert [(e.text, e.page) for e in report.toc] == [("一、概述", "3"), ("二、结论", "5")]


# ------------------------------------------------------------------ notes and furniture
def test_footnotes_and_endnotes_are_kept_apart_with_their_reference():
    notes = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
             '</w:footnote><w:footnote w:id="5"><w:p><w:r><w:footnoteRef/></w:r>'
             f'{run(" 数据来源：项目调度表。")}</w:p></w:footnote>')
    ends = f'<w:endnote w:id="2"><w:p>{run("评价日为2023年5月。")}</w:p></w:endnote>'
    body = (p("正文一") + para(run("总投资6600万元"), '<w:r><w:footnoteReference w:id="5"/></w:r>',
                              run("。"), '<w:r><w:endnoteReference w:id="2"/></w:r>'))
    report = read(make_docx(body, footnotes=notes, endnotes=ends), "t.docx")
    assert report.blocks[1].text == "总投资6600万元。"
    assert [(n.kind, n.ref, n.text, n.provenance.block) for n in report.meta.notes] == [
        ("footnote", "1", "数据来源：项目调度表。", 1), ("endnote", "1", "评价日为2023年5月。", 1)]


def test_headers_and_footers_go_to_meta():
    report = read(make_docx(p("正文"), header=p("XX项目绩效评价报告"),
                            footer=para(run("第 "), field("PAGE", "1"), run(" 页"))), "t.docx")
    assert [b.text for b in report.blocks] == ["正文"]
    assert report.meta.headers == ["XX项目绩效评价报告"]
    assert report.meta.footers == ["第 1 页"]


# ------------------------------------------------------------------ tables
def test_grid_span_and_vmerge_become_real_spans_never_duplicated_values():
    rows = [tc("一级指标") + tc("二级指标") + tc("得分"),
            tc("决策", '<w:vMerge w:val="restart"/>') + tc("立项") + tc("4.5"),
            tc("", "<w:vMerge/>") + tc("目标") + tc("7.8"),
            tc("合计", '<w:gridSpan w:val="2"/>') + tc("12.3")]
    (t,) = read(make_docx(table(rows, 3)), "t.docx").tables
    assert t.rows == [["一级指标", "二级指标", "得分"], ["决策", "立项", "4.5"],
                      ["", "目标", "7.8"], ["合计", "", "12.3"]]
    decision = t.cell_at(2, 0)
    assert (decision.text, decision.row, decision.row_span) == ("决策", 1, 2)
    assert (t.cell_at(3, 1).text, t.cell_at(3, 1).col_span) == ("合计", 2)
    assert sum(1 for c in t.cells if c.text == "决策") == 1


def test_grid_before_and_after_never_shift_cells():
    rows = [tc("序号") + tc("名称") + tc("金额"),
            '<w:trPr><w:gridBefore w:val="1"/></w:trPr>' + tc("小计") + tc("600"),
            '<w:trPr><w:gridAfter w:val="1"/></w:trPr>' + tc("1") + tc("甲")]
    (t,) = read(make_docx(table(rows, 3)), "t.docx").tables
    assert t.rows == [["序号", "名称", "金额"], ["", "小计", "600"], ["1", "甲", ""]]


def test_nested_tables_stay_inside_their_cell():
    inner = table([tc("子项") + tc("1")], 2)
    rows = [tc("项目") + f"<w:tc>{p('明细')}{inner}<w:p/></w:tc>"]
    report = read(make_docx(table(rows, 2) + p("后文")), "t.docx")
    (t,) = report.tables
    cell = t.cells[1]
    assert cell.text == "明细"
    assert cell.tables[0].rows == [["子项", "1"]]
    assert cell.tables[0].cells[0].provenance.locator == \
        "body/tbl[1]/tr[1]/tc[2]/tbl[1]/tr[1]/tc[1]"
    assert [type(b).__name__ for b in report.blocks] == ["Table", "Paragraph"]


def test_caption_and_unit_lines_stay_paragraphs_for_the_structure_stage():
    import reportparse

    body = p("表1 资金来源情况表") + p("单位：万元") + table([tc("来源") + tc("金额")], 2)
    data = make_docx(body)
    caption, unit, t = read(data, "t.docx").blocks
    assert (caption.text, unit.text, t.unit, t.caption) == ("表1 资金来源情况表", "单位：万元",
                                                           None, None)
    parsed = reportparse.parse(data, name="t.docx")  # the structure stage attaches both
    (t,) = parsed.tables
    assert (t.caption, t.unit) == ("表1 资金来源情况表", "万元")


def test_multi_paragraph_cells_join_with_newlines():
    rows = [f"<w:tc>{p('第一行')}{p('第二行')}</w:tc>"]
    (t,) = read(make_docx(table(rows, 1)), "t.docx").tables
    assert t.rows == [["第一行\n第二行"]]


# ------------------------------------------------------------------ bad input
def _zip(**files: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name.replace("__", "/"), data)
    return buf.getvalue()


@pytest.mark.parametrize("data", [
    b"PK\x03\x04 this is not really a zip",
    _zip(**{"word__other.xml": b"<x/>"}),
    make_docx(p("正文") * 50)[:-200],  # truncated: central directory gone
    _zip(**{"word__document.xml": b"<w:document><w:body><w:p>"}),  # malformed XML
], ids=["not_a_zip", "no_document_xml", "truncated", "malformed_xml"])
def test_corrupt_docx_is_a_report_parse_error(data):
    with pytest.raises(ReportParseError) as e:
        read(data, "bad.docx")
    assert e.value.reason == "corrupt"
    assert e.value.path == "bad.docx"


def test_a_doctype_with_entities_is_refused_as_unsafe():
    evil = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b'<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>')
    with pytest.raises(ReportParseError) as e:
        read(_zip(**{"word__document.xml": evil}), "evil.docx")
    assert e.value.reason == "unsafe"


def test_a_document_without_relationships_is_still_read():
    xml = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b'<w:body><w:p><w:r><w:t>only text</w:t></w:r></w:p></w:body></w:document>')
    report = read(_zip(**{"word__document.xml": xml}), "min.docx")
    assert [b.text for b in report.blocks] == ["only text"]


def test_a_deleted_paragraph_mark_joins_the_text_and_a_deleted_item_is_not_numbered():
    from docx_builder import lvl, numbered, numbering
    deleted_mark = '<w:rPr><w:del w:id="7" w:author="a"/></w:rPr>'
    xml = numbering({1: lvl(0, "decimal", "%1.")}, {1: (1, "")})
    gone = ('<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
            f'{deleted_mark}</w:pPr><w:del w:id="8" w:author="a"><w:r><w:delText>删掉的一条'
            '</w:delText></w:r></w:del></w:p>')
    body = (numbered("第一条", 1) + gone + numbered("第二条", 1)
            + para(run("上半句"), ppr=deleted_mark) + p("下半句。"))
    report = read(make_docx(body, numbering_xml=xml), "t.docx")
    assert [b.text for b in report.blocks] == ["1.第一条", "2.第二条", "上半句下半句。"]


def test_footnote_referenced_in_a_table_cell_points_at_the_table():
    notes = f'<w:footnote w:id="1"><w:p>{run("含结转资金。")}</w:p></w:footnote>'
    cell = f'<w:tc><w:p>{run("600")}<w:r><w:footnoteReference w:id="1"/></w:r></w:p></w:tc>'
    report = read(make_docx(p("表") + table([tc("其他资金") + cell], 2), footnotes=notes),
                  "t.docx")
    (note,) = report.meta.notes
    assert (note.text, note.provenance.block) == ("含结转资金。", 1)
    assert report.tables[0].rows == [["其他资金", "600"]]


def test_symbol_font_characters_are_shown_as_their_glyphs():
    body = para('<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>', run("已完成"),
                '<w:r><w:sym w:font="Symbol" w:char="F025"/></w:r>')
    assert only_text(body) == ["✓已完成%"]


def test_a_field_left_open_does_not_hide_the_rest_of_the_document():
    broken = para(run("甲"), '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                  '<w:r><w:instrText> MERGEFIELD x </w:instrText></w:r>')
    assert only_text(broken + p("乙")) == ["甲", "乙"]


def test_legacy_horizontal_merge_widens_the_cell_to_the_left():
    rows = [tc("综合评价等级", '<w:hMerge w:val="restart"/>') + tc("", "<w:hMerge/>") + tc("良"),
            tc("决策") + tc("15") + tc("12.30")]
    (t,) = read(make_docx(table(rows, 3)), "t.docx").tables
    assert t.rows == [["综合评价等级", "", "良"], ["决策", "15", "12.30"]]
    assert t.cells[0].col_span == 2


def test_pages_come_from_the_page_breaks_word_last_rendered():
    lrpb = "<w:r><w:lastRenderedPageBreak/></w:r>"
    body = (p("第一页") + para(run("跨页的段落"), lrpb, run("继续")) + para(lrpb, run("第三页"))
            + table([tc("表头"), f"<w:tc><w:p>{lrpb}{run('第四页的单元格')}</w:p></w:tc>"], 1))
    report = read(make_docx(body), "t.docx")
    assert [b.provenance.page for b in report.blocks] == [1, 1, 3, 3]
    assert [c.provenance.page for c in report.tables[0].cells] == [3, 4]


def test_no_page_is_guessed_without_rendered_page_breaks():
    report = read(make_docx(p("甲") + p("乙")), "t.docx")
    assert [b.provenance.page for b in report.blocks] == [None, None]
    assert report.source.pages is None


def test_page_count_of_the_document():
    lrpb = "<w:r><w:lastRenderedPageBreak/></w:r>"
    assert read(make_docx(p("一") + para(lrpb, run("二"))), "t.docx").source.pages == 2


def test_strict_open_xml_documents_are_read_like_transitional_ones():
    data = make_docx(p("一、基本情况") + table([tc("指标") + tc("得分")], 2))
    strict = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(strict, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name).replace(
                b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                b"http://purl.oclc.org/ooxml/wordprocessingml/main"))
    report = read(strict.getvalue(), "strict.docx")
    assert report.blocks[0].text == "一、基本情况"
    assert report.tables[0].rows == [["指标", "得分"]]
