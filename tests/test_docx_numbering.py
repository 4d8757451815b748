"""Automatic numbering is rendered the way Word shows it (formats, counters, restarts)."""

from __future__ import annotations

import pytest
from docx_builder import lvl, make_docx, numbered, numbering, p, style

from reportparse.ingest import read
from reportparse.ingest.docx_numbering import format_number


def texts(data: bytes) -> list[str]:
    return [b.text for b in read(data, "t.docx").blocks]


@pytest.mark.parametrize("fmt, n, shown", [
    ("decimal", 7, "7"),
    ("decimalZero", 7, "07"),
    ("chineseCounting", 1, "一"),
    ("chineseCounting", 10, "十"),
    ("chineseCounting", 11, "十一"),
    ("chineseCounting", 20, "二十"),
    ("chineseCounting", 23, "二十三"),
    ("chineseCountingThousand", 105, "一百零五"),
    ("chineseCountingThousand", 1010, "一千零一十"),
    ("chineseLegalSimplified", 12, "壹拾贰"),
    ("ideographTraditional", 3, "丙"),
    ("ideographZodiac", 1, "子"),
    ("ideographDigital", 10, "一〇"),
    ("decimalEnclosedCircle", 3, "③"),
    ("decimalEnclosedCircle", 21, "21"),
    ("decimalEnclosedCircleChinese", 20, "⑳"),
    ("decimalEnclosedParen", 2, "⑵"),
    ("decimalEnclosedFullstop", 1, "⒈"),
    ("ideographEnclosedCircle", 1, "㊀"),
    ("decimalFullWidth", 12, "１２"),
    ("lowerLetter", 28, "bb"),
    ("upperLetter", 2, "B"),
    ("lowerRoman", 4, "iv"),
    ("upperRoman", 1994, "MCMXCIV"),
    ("none", 5, ""),
])
def test_number_formats(fmt, n, shown):
    assert format_number(n, fmt) == shown


def test_unknown_format_is_not_rendered():
    assert format_number(3, "klingonCounting") is None


# a three-level Chinese outline list: 一、 / （一） / 1.
OUTLINE = numbering(
    {1: lvl(0, "chineseCounting", "%1、") + lvl(1, "chineseCounting", "（%2）")
        + lvl(2, "decimal", "%3.")},
    {1: (1, "")})


def test_outline_numbers_are_rendered_into_text_and_auto_number():
    body = (numbered("基本情况", 1, 0) + numbered("项目背景", 1, 1) + numbered("项目内容", 1, 1)
            + numbered("综合评价", 1, 0) + numbered("存在问题", 1, 1) + numbered("问题一", 1, 2)
            + numbered("问题二", 1, 2) + numbered("有关建议", 1, 1) + numbered("建议一", 1, 2))
    report = read(make_docx(body, numbering_xml=OUTLINE), "t.docx")
    assert [b.text for b in report.blocks] == [
        "一、基本情况", "（一）项目背景", "（二）项目内容", "二、综合评价", "（一）存在问题",
        "1.问题一", "2.问题二", "（二）有关建议", "1.建议一"]
    assert [b.auto_number for b in report.blocks][:3] == ["一、", "（一）", "（二）"]


def test_lists_sharing_an_abstract_continue_unless_start_override():
    xml = numbering({1: lvl(0, "decimal", "%1.")},
                    {1: (1, ""), 2: (1, ""),
                     3: (1, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
                            '</w:lvlOverride>')})
    body = (numbered("a", 1) + numbered("b", 1) + numbered("c", 2)
            + numbered("d", 3) + numbered("e", 3))
    assert texts(make_docx(body, numbering_xml=xml)) == ["1.a", "2.b", "3.c", "1.d", "2.e"]


def test_separate_abstract_lists_count_separately():
    xml = numbering({1: lvl(0, "decimal", "%1."), 2: lvl(0, "decimalEnclosedCircle", "%1")},
                    {1: (1, ""), 2: (2, "")})
    body = numbered("a", 1) + numbered("x", 2) + numbered("b", 1) + numbered("y", 2)
    assert texts(make_docx(body, numbering_xml=xml)) == ["1.a", "①x", "2.b", "②y"]


def test_start_value_and_lvl_restart_zero_keeps_counting():
    xml = numbering({1: lvl(0, "chineseCounting", "%1、", start=3)
                     + lvl(1, "decimal", "%2)", extra='<w:lvlRestart w:val="0"/>')},
                    {1: (1, "")})
    body = (numbered("A", 1, 0) + numbered("a", 1, 1) + numbered("B", 1, 0)
            + numbered("b", 1, 1))
    assert texts(make_docx(body, numbering_xml=xml)) == ["三、A", "1)a", "四、B", "2)b"]


def test_multi_level_template_and_is_lgl():
    xml = numbering({1: lvl(0, "chineseCounting", "第%1章") + lvl(1, "decimal", "%1.%2")
                     + lvl(2, "decimal", "%1.%2.%3", extra="<w:isLgl/>")},
                    {1: (1, "")})
    body = (numbered("总则", 1, 0) + numbered("目的", 1, 1) + numbered("范围", 1, 2)
            + numbered("细则", 1, 0) + numbered("方法", 1, 1))
    assert texts(make_docx(body, numbering_xml=xml)) == [
        "第一章总则", "一.1目的", "1.1.1范围", "第二章细则", "二.1方法"]


def test_numbering_attached_through_the_paragraph_style():
    xml = numbering({7: lvl(0, "chineseCounting", "%1、").replace(
        "<w:start", '<w:pStyle w:val="H1"/><w:start')}, {4: (7, "")})
    styles = style("H1", "heading 1", '<w:numPr><w:numId w:val="4"/></w:numPr>'
                   '<w:outlineLvl w:val="0"/>')
    h1 = '<w:pStyle w:val="H1"/>'
    body = p("基本情况", h1) + p("正文") + p("有关建议", h1)
    report = read(make_docx(body, numbering_xml=xml, styles=styles), "t.docx")
    heading = report.blocks[0]
    assert (heading.text, heading.auto_number, heading.style, heading.heading_level) == \
        ("一、基本情况", "一、", "Heading 1", 1)
    assert report.blocks[2].text == "二、有关建议"


def test_num_id_zero_switches_style_numbering_off():
    xml = numbering({1: lvl(0, "decimal", "%1.")}, {1: (1, "")})
    styles = style("H1", "heading 1", '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
    body = (p("a", '<w:pStyle w:val="H1"/>')
            + p("目录", '<w:pStyle w:val="H1"/><w:numPr><w:numId w:val="0"/></w:numPr>')
            + p("b", '<w:pStyle w:val="H1"/>'))
    assert texts(make_docx(body, numbering_xml=xml, styles=styles)) == ["1.a", "目录", "2.b"]


def test_unknown_format_gives_a_warning_naming_it_and_keeps_the_number():
    xml = numbering({1: lvl(0, "hebrew2", "%1.")}, {1: (1, "")})
    report = read(make_docx(numbered("a", 1) + numbered("b", 1), numbering_xml=xml), "t.docx")
    assert [b.text for b in report.blocks] == ["1.a", "2.b"]
    (w,) = [w for w in report.warnings if w.code == "unknown_numbering_format"]
    assert "hebrew2" in w.message and w.provenance.block == 0


def test_bullets_are_shown_as_bullets():
    xml = numbering({1: lvl(0, "bullet", "\uf0b7")}, {1: (1, "")})
    report = read(make_docx(numbered("要点", 1), numbering_xml=xml), "t.docx")
    assert report.blocks[0].text == "•要点"  # suffix "nothing"
    assert report.blocks[0].auto_number == "•"


def test_numbered_paragraphs_in_table_cells_share_the_counters():
    from docx_builder import table
    cell = f"<w:tc>{numbered('甲', 1)}{numbered('乙', 1)}</w:tc>"
    xml = numbering({1: lvl(0, "decimalEnclosedCircle", "%1")}, {1: (1, "")})
    report = read(make_docx(table([cell], 1) + numbered("丙", 1), numbering_xml=xml), "t.docx")
    assert report.blocks[0].cells[0].text == "①甲\n②乙"
    assert report.blocks[1].text == "③丙"


def test_word_2010_custom_zero_padded_format_and_its_fallback():
    custom = ('<mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" '
              'w:format="001, 002, 003, ..."/></mc:Choice><mc:Fallback><w:numFmt w:val="decimal"/>'
              '</mc:Fallback></mc:AlternateContent>')
    other = custom.replace("001, 002, 003, ...", "A-1, A-2").replace('"decimal"', '"upperRoman"')
    level = ('<w:lvl w:ilvl="0"><w:start w:val="1"/>{fmt}<w:lvlText w:val="%1 "/>'
             '<w:suff w:val="nothing"/></w:lvl>')
    xml = numbering({1: level.format(fmt=custom), 2: level.format(fmt=other)},
                    {1: (1, ""), 2: (2, "")})
    body = numbered("甲", 1) + numbered("乙", 1) + numbered("丙", 2)
    assert texts(make_docx(body, numbering_xml=xml)) == ["001 甲", "002 乙", "I 丙"]


def test_a_hidden_numbered_paragraph_shows_nothing():
    xml = numbering({1: lvl(0, "decimal", "%1.")}, {1: (1, "")})
    hidden = ('<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
              '<w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t>'
              '</w:r></w:p>')
    body = numbered("甲", 1) + hidden + numbered("乙", 1)
    assert texts(make_docx(body, numbering_xml=xml)) == ["1.甲", "2.乙"]


def test_list_defined_through_a_numbering_style_link():
    # abstract 2 only says "use the list of numbering style OutlineList"; that style points at
    # num 1, whose abstract 1 holds the levels (how Word stores a linked multilevel list)
    xml = numbering({1: '<w:styleLink w:val="OutlineList"/>' + lvl(0, "chineseCounting", "%1、"),
                     2: '<w:numStyleLink w:val="OutlineList"/>'},
                    {1: (1, ""), 5: (2, "")})
    styles = ('<w:style w:type="numbering" w:styleId="OutlineList"><w:name w:val="Outline List"/>'
              '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>')
    body = numbered("基本情况", 5) + numbered("结论", 5)
    assert texts(make_docx(body, numbering_xml=xml, styles=styles)) == ["一、基本情况", "二、结论"]


def test_an_omitted_start_value_is_zero_as_the_standard_says():
    level = ('<w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
             '<w:suff w:val="nothing"/></w:lvl>')
    xml = numbering({1: level}, {1: (1, "")})
    assert texts(make_docx(numbered("a", 1) + numbered("b", 1), numbering_xml=xml)) == \
        ["0.a", "1.b"]
