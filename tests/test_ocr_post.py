"""What OCR post-processing does to a recognised page (issue 17), shown on small examples:
struck-through text marked, bold told by stroke width, a lost heading number re-read from the
margin, a final "。" left outside its box re-read, a raised footnote mark dropped, punctuation
made full-width next to Chinese text, and TOC lines whose page numbers the detector missed. Synthetic bitmaps are drawn with Pillow (shapes, not glyphs: the rules look at
strokes, not at letters), so no OCR model runs here."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from reportparse.ingest.ocr import OcrChar, OcrLine, pitch_em
from reportparse.ingest.ocr_bold import bold_lines, darkest, stroke_width
from reportparse.ingest.ocr_margin import heading_number, reread_margins
from reportparse.ingest.ocr_strike import struck_chars, struck_spans
from reportparse.ingest.ocr_tail import drop_note_marks, reread_tails
from reportparse.ingest.ocr_text import fix_read, normalise_text, normalised
from reportparse.ingest.pdf import _rules
from reportparse.ingest.pdf_furniture import extract_toc
from reportparse.ingest.pdf_text import Line, Seg
from reportparse.patterns import load_patterns

EM = 30  # pixels per character in the drawings
SCALE = 0.5  # points per pixel


def glyphs(draw: Any, x: int, top: int, n: int, width: int = 2,
           colour: tuple[int, int, int] = (0, 0, 0)) -> None:
    """``n`` glyph-like boxes one em apart: a frame with vertical strokes through it, about as
    many as an ideograph has."""
    for k in range(n):
        x0 = x + k * EM + 3
        draw.rectangle((x0, top + 3, x0 + EM - 7, top + EM - 3), outline=colour, width=width)
        for sx in (x0 + 6, x0 + 11, x0 + 16):
            draw.line((sx, top + 3, sx, top + EM - 3), fill=colour, width=width)


def page(w: int = 900, h: int = 400) -> tuple[Any, Any]:
    img = Image.new("RGB", (w, h), (255, 255, 255))
    return img, ImageDraw.Draw(img)


def line(text: str, x: int, top: int, height: int = EM) -> OcrLine:
    """An OcrLine of ``text`` (one em a character) at pixel ``x``, ``top``, in points."""
    chars = tuple(OcrChar(ch, ((x + k * EM) * SCALE, top * SCALE, (x + (k + 1) * EM) * SCALE,
                               (top + height) * SCALE)) for k, ch in enumerate(text))
    return OcrLine(text, ((x) * SCALE, top * SCALE, (x + len(text) * EM) * SCALE,
                          (top + height) * SCALE), 0.99, chars)


# ------------------------------------------------------------------------------ strike
def test_a_strike_through_glyphs_is_found_and_its_characters_marked() -> None:
    img, d = page()
    glyphs(d, 0, 10, 10)
    # a pale tracked-change line through characters 3–6 (the middle of the glyphs)
    d.line((3 * EM, 10 + EM // 2 + 2, 7 * EM, 10 + EM // 2 + 2), fill=(198, 146, 0), width=2)
    ln = line("项目总投资为如下表格", 0, 10)
    assert struck_chars(darkest(np.asarray(img)), [ln], SCALE) == [
        [False, False, False, True, True, True, True, False, False, False]]


def test_touching_strokes_of_two_bold_characters_are_not_a_strike() -> None:
    """In a bold heading ("评估结论") a stroke of one character can touch the next one's into
    a run two ems long, with glyph ink above and below it: too short for a strike."""
    img, d = page()
    glyphs(d, 0, 10, 6, width=4)
    d.line((2 * EM, 10 + EM // 2, 4 * EM, 10 + EM // 2), fill=(0, 0, 0), width=4)
    ink = np.asarray(img).min(axis=2)[10:10 + EM] < 200
    assert struck_spans(ink, EM) == []


def test_an_underline_and_a_dash_are_not_strikes() -> None:
    img, d = page()
    glyphs(d, 0, 10, 6)
    d.line((EM, 10 + EM + 1, 5 * EM, 10 + EM + 1), fill=(198, 146, 0), width=2)  # underline
    d.line((7 * EM, 10 + EM // 2, 9 * EM, 10 + EM // 2), fill=(0, 0, 0), width=2)  # "——"
    ink = np.asarray(img).min(axis=2)[10:10 + EM + 4] < 200
    assert struck_spans(ink, EM) == []


# -------------------------------------------------------------------------------- bold
def test_stroke_width_measures_the_strokes_not_the_ink_cover() -> None:
    for width in (2, 4, 6):
        img, d = page(200, 60)
        for x in range(10, 190, 20):  # strokes of one width, some long, some short
            d.line((x, 10, x, 30 if x % 40 else 50), fill=(0, 0, 0), width=width)
        measured = stroke_width(np.asarray(img).min(axis=2) < 160)
        assert width * 0.8 <= measured <= width * 1.3


def test_a_line_with_wider_strokes_than_the_page_is_bold() -> None:
    img, d = page()
    lines = []
    for k, width in enumerate((2, 2, 5, 2)):
        glyphs(d, 0, 10 + k * 2 * EM, 8, width=width)
        lines.append(line("一二三四五六七八", 0, 10 + k * 2 * EM))
    assert bold_lines(darkest(np.asarray(img)), lines, SCALE) == [False, False, True, False]


def test_a_page_of_many_short_bold_headings_still_tells_them_from_its_body() -> None:
    """An outline's first page: six bold headings, three body lines. The page's regular weight
    is what most of its characters are set in, not the median line's."""
    img, d = page(900, 700)
    lines, expect = [], []
    for k in range(9):
        bold = k % 3 != 1
        n = 4 if bold else 19
        glyphs(d, 0, 10 + k * 2 * EM, n, width=3 if bold else 2)
        lines.append(line("一二三四五六七八九十一二三四五六七八九"[:n], 0, 10 + k * 2 * EM))
        expect.append(bold)
    assert bold_lines(darkest(np.asarray(img)), lines, SCALE) == expect


def test_a_large_title_in_a_regular_weight_is_not_bold() -> None:
    img, d = page(1200, 400)
    lines = []
    for k in range(3):
        glyphs(d, 0, 10 + k * 2 * EM, 8)
        lines.append(line("一二三四五六七八", 0, 10 + k * 2 * EM))
    # twice the size, strokes twice as wide: the same weight per em
    big = Image.new("RGB", (8 * EM, EM), (255, 255, 255))
    glyphs(ImageDraw.Draw(big), 0, 0, 4)
    img.paste(big.resize((16 * EM, 2 * EM)), (0, 10 + 6 * EM))
    chars = tuple(OcrChar(ch, (k * 2 * EM * SCALE, (10 + 6 * EM) * SCALE,
                               (k + 1) * 2 * EM * SCALE, (10 + 8 * EM) * SCALE))
                  for k, ch in enumerate("报告标题"))
    lines.append(OcrLine("报告标题", (0, (10 + 6 * EM) * SCALE, 8 * EM * SCALE,
                                      (10 + 8 * EM) * SCALE), 0.99, chars))
    assert bold_lines(darkest(np.asarray(img)), lines, SCALE)[-1] is False


# ------------------------------------------------------------------------------ margin
def _margin_page() -> tuple[Any, list[OcrLine]]:
    img, d = page()
    body = [line("项目总投资为六千六百万元资金来源如下表", 0, 10 + k * 2 * EM) for k in (0, 2)]
    for ln in body:
        glyphs(d, 0, int(ln.box[1] / SCALE), 19)
    glyphs(d, 0, 10 + 2 * EM, 2)  # "一、" set apart from its title by a wide gap
    glyphs(d, 4 * EM, 10 + 2 * EM, 4)
    title = line("基本情况", 4 * EM, 10 + 2 * EM)
    return np.asarray(img), [body[0], title, body[1]]


def test_a_lost_heading_number_is_read_again_from_the_margin() -> None:
    rgb, lines = _margin_page()
    crops: list[Any] = []

    def read(crop: Any) -> tuple[str, float]:
        crops.append(crop)
        return "一、基本情况", 0.98

    out = reread_margins(rgb, darkest(rgb), lines, SCALE, read)
    assert len(crops) == 1  # only the indented line with ink before it
    assert out[1].text == "一、基本情况" and out[1].box[0] < 2  # from the ink of "一"
    assert [c.text for c in out[1].chars] == list("一、基本情况")
    assert out[0] is lines[0] and out[2] is lines[2]


def test_the_margin_is_the_leftmost_edge_lines_share_and_a_table_cell_is_not_re_read() -> None:
    """A page that is mostly a table: its long lines are the last column's, yet the margin is
    the left edge the row numbers share; a cell's text after a vertical ruling is never read
    together with the cell before it."""
    img, d = page(1200, 400)
    lines = []
    for k in range(3):  # rows: a number at the margin, a long text in the third column
        top = 10 + k * 2 * EM
        glyphs(d, 0, top, 1)
        glyphs(d, 10 * EM, top, 12)
        lines.append(line("1", 0, top))
        lines.append(line("采暖电气给水排污中水改造工", 10 * EM, top))
    glyphs(d, 0, 10 + 6 * EM, 2)  # a heading below the table: "二、" apart from its title
    glyphs(d, 4 * EM, 10 + 6 * EM, 4)
    lines.append(line("综合评估", 4 * EM, 10 + 6 * EM))
    rgb = np.asarray(img)
    reads: list[Any] = []

    def read(crop: Any) -> tuple[str, float]:
        reads.append(crop)
        return "二、综合评估", 0.98

    out = reread_margins(rgb, darkest(rgb), lines, SCALE, read)
    assert out[-1].text == "二、综合评估" and len(reads) == 1
    wall = Seg(2 * EM * SCALE, 0, 2 * EM * SCALE, 400 * SCALE)  # a ruling before the title
    out = reread_margins(rgb, darkest(rgb), lines, SCALE, read, [wall])
    assert out[-1].text == "综合评估" and len(reads) == 1


def test_the_em_of_a_line_is_measured_from_its_characters_not_its_gaps() -> None:
    """"一、  基本情况" has a wide gap after its number and "（一）决策" an opening bracket whose
    box starts at its ink: both measure one em a character, as the body does."""
    def chars(spec: list[tuple[str, float, float]]) -> list[OcrChar]:
        return [OcrChar(ch, (x0, 0.0, x1, 11.0)) for ch, x0, x1 in spec]

    gap = chars([("一", 90, 100), ("、", 101, 112), ("基", 128, 138), ("本", 139, 149),
                 ("情", 150, 160), ("况", 161, 171)])
    bracket = chars([("（", 96, 101), ("一", 101, 112), ("）", 112, 123), ("决", 123, 133),
                     ("策", 134, 144)])
    assert 10.5 <= pitch_em(gap) <= 11.5  # type: ignore[operator]
    assert 10.5 <= pitch_em(bracket) <= 11.5  # type: ignore[operator]
    assert pitch_em(chars([("决", 0, 10), ("策", 11, 21)])) is None  # too short to measure


def test_what_is_not_a_heading_number_stays_out() -> None:
    rgb, lines = _margin_page()
    for reading in ("|基本情况", "基本情况", "一、基本", "项目基本情况"):
        out = reread_margins(rgb, darkest(rgb), lines, SCALE, lambda _c, r=reading: (r, 0.9))
        assert out[1].text == "基本情况"
    assert heading_number("（一）", "项目背景") and heading_number("1.", "项目概况")
    assert not heading_number("第", "一章")


# ------------------------------------------------------------------------- punctuation
@pytest.mark.parametrize(("read", "text"), [
    ("项目总投资为6600万元,资金来源如下", "项目总投资为6600万元，资金来源如下"),
    ("单位:万元", "单位：万元"),
    ("合计1,000元,比例3:2", "合计1,000元，比例3:2"),
    ("改造工作·通过项目实施", "改造工作。通过项目实施"),
    ("得到持续满足·", "得到持续满足。"),
    ("(2）资金来源", "（2）资金来源"),
    ("国办发【2020）23号", "国办发〔2020〕23号"),
    ("国办发[2020]23号", "国办发〔2020〕23号"),
    ("京（2020）12号", "京（2020）12号"),  # a pair of parentheses stays
    ("提供规划指引|。二是", "提供规划指引。二是"),
    ("|小区名称", "小区名称"),
    ("规划指引l。二是", "规划指引。二是"),
    ("html文件", "html文件"),
    ("Total: 3 (of 4)", "Total: 3 (of 4)"),
    ('评价等级为"良”。', "评价等级为“良”。"),
    ('称为“良好"，', "称为“良好”，"),
    ('称为"良好"，', '称为"良好"，'),  # neither partner full-width: no way to tell
    ('size 3" pipe', 'size 3" pipe'),
])
def test_punctuation_next_to_chinese_text_is_made_full_width(read: str, text: str) -> None:
    assert "".join(normalise_text(read)) == text


@pytest.mark.parametrize(("read", "text"), [
    ("(一)项目概况", "（一）项目概况"),  # brackets beside Chinese text, as the text layer has
    ("得分(100分)", "得分(100分）"),  # the "(" beside a digit: paired by normalise_text
    ("f(x)", "f(x)"),  # Latin stays
    ("、基本情况", "一、基本情况"),  # the one-stroke 一 the recogniser missed
    ("丶基本情况", "一、基本情况"),  # a look-alike mapped back first
    ("改造工作°", "改造工作。"),
    ("25°", "25°"),
])
def test_what_the_recogniser_returns_is_fixed_before_the_boxes(read: str, text: str) -> None:
    assert fix_read(read) == text


def test_a_dropped_mark_drops_its_box() -> None:
    ln = normalised(line("指引|。", 0, 0))
    assert ln.text == "指引。" and [c.text for c in ln.chars] == ["指", "引", "。"]
    assert ln.chars[2].box[0] == 3 * EM * SCALE


# ------------------------------------------------------------------------- final mark
def test_a_full_stop_left_outside_the_line_box_is_re_read() -> None:
    img, d = page()
    glyphs(d, 0, 10, 6)
    d.ellipse((6 * EM + 3, 10 + EM - 12, 6 * EM + 11, 10 + EM - 4), outline=(0, 0, 0), width=2)
    rgb = np.asarray(img)
    seen: list[int] = []

    def read(strip: Any) -> tuple[str, float]:
        seen.append(strip.shape[1])
        return "部分工程验收。", 0.9

    ln = line("部分工程验收", 0, 10)  # the box ends at the sixth glyph
    (got,) = reread_tails(rgb, darkest(rgb), [ln], SCALE, read)
    assert got.text == "部分工程验收。" and got.chars[-1].text == "。"
    assert got.box[2] > ln.box[2] and seen and seen[0] > 6 * EM
    # the re-read may only add punctuation at the end
    (same,) = reread_tails(rgb, darkest(rgb), [ln], SCALE, lambda s: ("部分工程验收了", 0.9))
    assert same is ln


def test_ink_running_on_past_an_em_is_not_a_final_mark() -> None:
    img, d = page()
    glyphs(d, 0, 10, 9)  # the detector boxed six of nine glyphs: another word, not a mark
    rgb = np.asarray(img)
    calls: list[Any] = []

    def read(strip: Any) -> tuple[str, float]:
        calls.append(strip)
        return "部分工程验收。", 0.9

    ln = line("部分工程验收", 0, 10)
    (got,) = reread_tails(rgb, darkest(rgb), [ln], SCALE, read)
    assert got is ln and not calls
    # a line with nothing after it is not re-read either
    img, d = page()
    glyphs(d, 0, 10, 6)
    rgb = np.asarray(img)
    (got,) = reread_tails(rgb, darkest(rgb), [ln], SCALE, read)
    assert got is ln and not calls


def test_a_raised_footnote_mark_at_the_end_of_a_line_is_dropped() -> None:
    img, d = page()
    for top in (10, 60):
        glyphs(d, 0, top, 3)
        d.ellipse((3 * EM + 3, top + EM - 12, 3 * EM + 11, top + EM - 4), outline=(0, 0, 0),
                  width=2)
    d.line((4 * EM + 8, 12, 4 * EM + 8, 22), fill=(0, 0, 0), width=2)  # a superscript "1"
    d.line((4 * EM + 8, 62, 4 * EM + 8, 60 + EM - 3), fill=(0, 0, 0), width=2)  # a full "1"
    low = darkest(np.asarray(img))
    raised, full = line("等级良。1", 0, 10), line("附件之一1", 0, 60)
    out = drop_note_marks(low, [raised, full], SCALE)
    assert out[0].text == "等级良。" and len(out[0].chars) == 4
    assert out[1] is full  # a digit reaching the baseline is text


# --------------------------------------------------------------------------------- TOC
def test_a_toc_line_whose_page_number_was_missed_is_still_a_toc_entry() -> None:
    rules = _rules(load_patterns())

    def ln(text: str, top: float, page: int = 1) -> Line:
        return Line(page=page, text=text, x0=90, top=top, x1=300, bottom=top + 12, size=10.5)

    toc = [ln("目录", 90), ln("1.项目概述\t1", 115), ln("1.1项目背景", 140),
           ln("1.2项目内容", 165), ln("2.评价结论\t2", 190)]
    body = [ln(t, 100 + 20 * k, 2) for k, t in enumerate(
        ("1.项目概述", "1.1项目背景", "正文。", "1.2项目内容", "正文。", "2.评价结论", "正文。"))]
    pages = [toc, body]
    entries, removed = extract_toc(pages, rules.toc_titles, rules.toc_line, 90.0,
                                   rules.toc_shape)
    assert [(e.text, e.page) for e in entries] == [
        ("1.项目概述", "1"), ("1.1项目背景", None), ("1.2项目内容", None), ("2.评价结论", "2")]
    assert pages[0] == [] and removed == 5
    # lines naming later headings that run to the end of the page are entries too
    pages = [toc[:2] + [ln("1.1项目背景", 140), ln("1.2项目内容", 165)], body]
    entries, _ = extract_toc(pages, rules.toc_titles, rules.toc_line, 90.0, rules.toc_shape)
    assert [e.text for e in entries] == ["1.项目概述", "1.1项目背景", "1.2项目内容"]
    # a line that names no later heading ends the TOC, as before
    pages = [[ln("目录", 90), ln("1.项目概述\t1", 115), ln("前言", 140),
              ln("2.评价结论\t2", 165)], body]
    entries, _ = extract_toc(pages, rules.toc_titles, rules.toc_line, 90.0, rules.toc_shape)
    assert [e.text for e in entries] == ["1.项目概述"]


def test_the_last_toc_line_whose_number_was_missed_ends_the_toc_above_the_body() -> None:
    rules = _rules(load_patterns())

    def ln(text: str, top: float, page: int = 1) -> Line:
        return Line(page=page, text=text, x0=90, top=top, x1=300, bottom=top + 12, size=10.5)

    heads = ("一、基本情况", "二、存在问题", "（一）预算编制", "（二）下一步措施")
    body = [ln(t, 100 + 20 * k, 2) for k, t in enumerate(
        ("一、基本情况", "正文。", "二、存在问题", "（一）预算编制", "正文。", "（二）下一步措施"))]
    # the report's title and first paragraph follow the TOC on its page, set apart
    toc = ([ln("目录", 90)] + [ln(f"{t}\t{n}", 115 + 25 * n, 1) for n, t in enumerate(heads[:3])]
           + [ln(heads[3], 190), ln("某局2020年度绩效自评报告", 241), ln("前言正文。", 270)])
    pages = [toc, body]
    entries, removed = extract_toc(pages, rules.toc_titles, rules.toc_line, 90.0,
                                   rules.toc_shape)
    assert [(e.text, e.page) for e in entries] == [
        ("一、基本情况", "0"), ("二、存在问题", "1"), ("（一）预算编制", "2"),
        ("（二）下一步措施", None)]
    assert [x.text for x in pages[0]] == ["某局2020年度绩效自评报告", "前言正文。"]
    # the same line at the body's pitch right above more text is not taken: it may be body
    pages = [toc[:4] + [ln(heads[3], 190), ln("前言正文。", 205)], body]
    entries, _ = extract_toc(pages, rules.toc_titles, rules.toc_line, 90.0, rules.toc_shape)
    assert [e.text for e in entries] == list(heads[:3])


def test_toc_entries_ending_in_a_full_stop_stay_in_a_toc_without_page_numbers() -> None:
    rules = _rules(load_patterns())

    def ln(text: str, top: float, page: int = 1) -> Line:
        return Line(page=page, text=text, x0=90, top=top, x1=300, bottom=top + 12, size=10.5)

    heads = ("一、存在问题", "1.项目缺少规划，指标设置不准确。", "2.管理规范性不足。",
             "3.部分工程未验收。", "二、有关建议", "1.强化顶层设计。", "2.强化过程管理。",
             "3.加快验收进度。")
    toc = [ln("目录", 90)] + [ln(t, 115 + 30 * k) for k, t in enumerate(heads)]
    body = [ln(t, 100 + 20 * k, 2) for k, t in enumerate(
        heads[:2] + ("正文。",) + heads[2:] + ("正文。",))]
    pages = [toc, body]
    entries, removed = extract_toc(pages, rules.toc_titles, rules.toc_line, 90.0,
                                   rules.toc_shape)
    assert [e.text for e in entries] == list(heads) and pages[0] == [] and removed == 9
    # a sentence that is not repeated further on still ends the run
    pages = [[ln("目录", 90), ln(heads[0], 115), ln(heads[4], 145),
              ln("本报告由评价组撰写。", 175)], body]
    entries, _ = extract_toc(pages, rules.toc_titles, rules.toc_line, 90.0, rules.toc_shape)
    assert [e.text for e in entries] == [heads[0], heads[4]]


# -------------------------------------------------------------------------------- sizes
def test_a_full_justified_line_measured_large_takes_the_body_size() -> None:
    from reportparse.ingest.ocr_sizes import snap_sizes

    def ln(size: float, x1: float, text: str = "正文" * 15) -> Line:
        return Line(page=1, text=text, x0=90, x1=x1, size=size)

    body = [ln(s, 522) for s in (11.4, 11.6, 11.5, 11.5)]
    spread = ln(12.5, 522, "保障中心实际于2022年6月7日申请资金8000万元")  # digits: spread wide
    heading = ln(12.5, 300, "一、基本情况")  # the same size, but short: a heading
    snap_sizes([*body, spread, heading])
    assert spread.size == 11.5 and heading.size == 12.5
    assert {x.size for x in body} == {11.5}


def test_a_page_number_boxed_apart_is_not_taken_for_a_raised_footnote_mark() -> None:
    """A TOC line's page number the detector boxed on its own: its box is only as high as the
    digit, so its em is measured from the digit's height, not as a line of Han characters'
    (which made it a small raised mark, dropped)."""
    from reportparse.ingest.ocr_page import line_chars

    title = OcrLine("项目内容", (90.0, 121.7, 134.0, 133.6), 0.99, tuple(
        OcrChar(ch, (90.0 + 11 * k, 121.7, 101.0 + 11 * k, 133.6)) for k, ch in enumerate("项目内容")))
    number = OcrLine("1", (162.4, 123.8, 168.1, 131.0), 0.99,
                     (OcrChar("1", (162.4, 123.8, 168.1, 131.0)),))
    # the reader drops a mark of three quarters of the em or less that sits raised
    assert line_chars(number)[0].size > 0.75 * line_chars(title)[0].size


# ------------------------------------------------------------------------------ rulings
@pytest.mark.parametrize("angle", [0.7, -0.7])
def test_the_rulings_of_a_table_scanned_askew_and_levelled_are_still_whole(angle: float) -> None:
    """A sample page whose score table is rasterised, rotated by 0.7° (as a scan is) and
    levelled back by :func:`deskew`: its thin rulings come back in steps and broken shades,
    and each must still be one segment reaching across the table, or the rows beside a break
    leave the table (the score was lost on two of seven stamped, rotated samples)."""
    from ocr_helpers import ROOT, rasterise
    from reportparse.ingest.ocr_page import deskew, rulings

    pdf = ROOT / "samples" / "pdf" / "docx" / "self_eval.auto.pdf"
    straight, turned = rasterise(pdf, pages=[1]), rasterise(pdf, pages=[1], angle=angle)
    want = [s for s in rulings(np.asarray(straight[0]), 72 / 200)[0] if s.x0 == s.x1]
    got = [s for s in rulings(deskew(np.asarray(turned[0])), 72 / 200)[0] if s.x0 == s.x1]
    assert len(got) == len(want) >= 4
    for a, b in zip(sorted(want, key=lambda s: s.x0), sorted(got, key=lambda s: s.x0)):
        assert abs(a.x0 - b.x0) < 3 and b.bottom - b.top >= 0.9 * (a.bottom - a.top)
