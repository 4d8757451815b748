"""PDF reader pieces on synthetic input: spans from rulings, header repeats, line spacing."""

from __future__ import annotations

from reportparse.ingest.cjk import join_all, normalize_spaces
from reportparse.ingest.pdf import is_continued_caption
from reportparse.ingest.pdf_tables import find_tables, repeated_header
from reportparse.ingest.pdf_text import Char, Seg, build_lines


def _h(y: float, x0: float, x1: float) -> Seg:
    return Seg(x0, y, x1, y)


def _v(x: float, y0: float, y1: float) -> Seg:
    return Seg(x, y0, x, y1)


def _text(s: str, x: float, y: float, size: float = 10.0) -> list[Char]:
    out = []
    for ch in s:
        w = size if ord(ch) > 0x2000 else size / 2
        out.append(Char(ch, x, y, x + w, y + size, size, "Serif"))
        x += w
    return out


def test_spans_come_from_rulings_not_text() -> None:
    # 3 columns x 3 rows; row 0 one cell over all columns; column 0 merged over rows 1-2;
    # row 1 has two neighbouring "5" cells separated by a ruling: they stay two cells
    xs, ys = [0, 50, 100, 150], [0, 20, 40, 60]
    segs = [_h(y, 0, 150) for y in (0, 20, 60)] + [_h(40, 50, 150)]
    segs += [_v(0, 0, 60), _v(150, 0, 60), _v(50, 20, 60), _v(100, 20, 60)]
    chars = (_text("合计表", 5, 5) + _text("产出", 5, 25) + _text("5", 60, 25)
             + _text("5", 110, 25) + _text("6", 60, 45) + _text("7", 110, 45))
    [t] = find_tables(segs, chars, page=1)
    assert (t.xs, t.ys) == (xs, ys)
    got = [(c.row, c.col, c.row_span, c.col_span, c.text) for c in t.cells]
    assert got == [(0, 0, 1, 3, "合计表"), (1, 0, 2, 1, "产出"), (1, 1, 1, 1, "5"),
                   (1, 2, 1, 1, "5"), (2, 1, 1, 1, "6"), (2, 2, 1, 1, "7")]


def test_a_box_around_text_is_not_a_table() -> None:
    segs = [_h(0, 0, 100), _h(30, 0, 100), _v(0, 0, 30), _v(100, 0, 30)]
    assert find_tables(segs, _text("注意", 5, 5), page=1) == []


def test_two_header_rows_repeated() -> None:
    segs = [_h(y, 0, 100) for y in (0, 20, 40, 60)] + [_v(x, 0, 60) for x in (0, 50, 100)]
    first = find_tables(segs, _text("指标", 5, 5) + _text("分值", 55, 5)
                        + _text("一级", 5, 25) + _text("权重", 55, 25)
                        + _text("决策", 5, 45) + _text("15", 55, 45), page=1)[0]
    cont = find_tables(segs, _text("指标", 5, 5) + _text("分值", 55, 5)
                       + _text("一级", 5, 25) + _text("权重", 55, 25)
                       + _text("过程", 5, 45) + _text("20", 55, 45), page=2)[0]
    assert repeated_header(first, cont) == 2
    other = find_tables(segs, _text("产出", 5, 5) + _text("30", 55, 5), page=2)[0]
    assert repeated_header(first, other) == 0


def test_line_spacing_rules() -> None:
    chars = (_text("XX市", 0, 0) + _text("2023", 32, 0) + _text("年度", 56, 0)
             + _text("ab", 90, 0) + _text("cd", 104, 0))  # 4pt gap between Latin words
    [ln] = build_lines(chars, page=1)
    assert ln.text == "XX市2023年度ab cd"
    assert normalize_spaces("第 3 页 共 12 页") == "第3页共12页"
    assert join_all(["老旧小区", "改造 project", "report"]) == "老旧小区改造project report"


def test_lines_group_by_baseline() -> None:
    chars = _text("第二行", 0, 20) + _text("第一行", 0, 0) + _text("页", 200, 1)
    lines = build_lines(chars, page=1)
    assert [ln.text for ln in lines] == ["第一行\t页", "第二行"]


def test_continued_caption() -> None:
    for t in ["续表", "续表1", "表2（续）", "(续上表)", "绩效评价指标体系（续）"]:
        assert is_continued_caption(t)
    for t in ["续表情况说明很长的一句话。", "表1项目资金到位情况表"]:
        assert not is_continued_caption(t)


def _frag(page: int, rows: list[list[str]], merge_col0_from: int | None = None):
    """A 3-column ruled fragment; column 0 is one merged cell from row ``merge_col0_from``."""
    n = len(rows)
    ys = [i * 20.0 for i in range(n + 1)]
    segs = [_h(y, 0, 150) for y in (ys[0], ys[-1])]
    for i, y in enumerate(ys[1:-1], start=1):
        merged = merge_col0_from is not None and i > merge_col0_from
        segs.append(_h(y, 50 if merged else 0, 150))
    segs += [_v(x, 0, ys[-1]) for x in (0, 50, 100, 150)]
    chars = [c for r, row in enumerate(rows) for k, text in enumerate(row) if text
             for c in _text(text, 50 * k + 3, 20 * r + 5)]
    return find_tables(segs, chars, page=page)[0]


def _stitch(*frags):
    from reportparse.ingest import SourceInfo, new_report
    from reportparse.ingest.pdf_blocks import Builder, Stats

    report = new_report(SourceInfo.of(b"%PDF-", "x.pdf", "pdf"))
    b = Builder(report, Stats((10.0, False, "Serif"), 10.0, 0.0, 150.0, 15.0), [])
    for f in frags:
        b.table(f, first_on_page=True, last_on_page=True)
    return report


def test_stitch_split_row_under_a_vertical_span() -> None:
    first = _frag(1, [["一级", "二级", "分值"], ["产出", "数量", "5"], ["", "质量完", "5"]],
                  merge_col0_from=1)
    cont = _frag(2, [["", "成率", ""], ["", "时效", "4"]], merge_col0_from=0)
    r = _stitch(first, cont)
    [t] = r.tables
    assert t.rows == [["一级", "二级", "分值"], ["产出", "数量", "5"], ["", "质量完成率", "5"],
                      ["", "时效", "4"]]
    assert t.cell_at(3, 0).text == "产出" and t.cell_at(3, 0).row_span == 3
    assert "split by the page break" in r.warnings[0].message


def test_stitch_keeps_a_new_row_with_an_empty_cell() -> None:
    first = _frag(1, [["序号", "名称", "说明"], ["1", "甲", "有说明"]])
    cont = _frag(2, [["2", "乙", ""]])
    [t] = _stitch(first, cont).tables
    assert t.rows == [["序号", "名称", "说明"], ["1", "甲", "有说明"], ["2", "乙", ""]]


def test_unstitchable_fragment_is_kept() -> None:
    first = _frag(1, [["序号", "名称", "说明"], ["1", "甲", "有说明"]])
    other = find_tables([_h(0, 0, 200), _h(20, 0, 200), _h(40, 0, 200)]
                        + [_v(x, 0, 40) for x in (0, 100, 200)],
                        _text("年度", 3, 5) + _text("金额", 103, 5), page=2)[0]
    r = _stitch(first, other)
    assert len(r.tables) == 2
    assert [w.code for w in r.warnings] == ["table_not_stitched"]


def _tiny_pdf(content: str) -> bytes:
    """A one-page PDF with Helvetica and the given content stream (correct xref)."""
    stream = content.encode("latin-1")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 792] "
             b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent / "bad"))
    import make_bad

    return make_bad.pdf_file(objs, b"1.4")


def _txt(x: int, y: int, s: str) -> str:
    return f"BT /F1 10 Tf {x} {y} Td ({s}) Tj ET\n"


def test_grid_drawn_as_one_path_and_as_filled_rectangles() -> None:
    from reportparse.ingest import read

    content = (
        # one stroked path: 4 horizontal rules, verticals; x=150 only below the first row
        "0.5 w 50 700 m 250 700 l 50 680 m 250 680 l 50 660 m 250 660 l 50 640 m 250 640 l "
        "50 700 m 50 640 l 150 680 m 150 640 l 250 700 m 250 640 l S\n"
        + _txt(55, 686, "Title") + _txt(55, 666, "A1") + _txt(155, 666, "B1")
        + _txt(55, 646, "A2") + _txt(155, 646, "B2")
        # one filled path of thin rectangles (how Word draws borders)
        + "50 600 200 0.5 re 50 580 200 0.5 re 50 560 200 0.5 re 50 560 0.5 40.5 re "
          "150 560 0.5 40.5 re 250 560 0.5 40.5 re f\n"
        + _txt(55, 586, "C1") + _txt(155, 586, "D1") + _txt(55, 566, "C2") + _txt(155, 566, "D2")
        + _txt(50, 500, "Body text after the tables.")
    )
    r = read(_tiny_pdf(content), "grid.pdf")
    assert [t.rows for t in r.tables] == [[["Title", ""], ["A1", "B1"], ["A2", "B2"]],
                                          [["C1", "D1"], ["C2", "D2"]]]
    assert r.tables[0].cells[0].col_span == 2
    assert [b.text for b in r.blocks if b.type == "paragraph"] == ["Body text after the tables."]


def test_overprinted_bold_is_deduplicated_and_bold() -> None:
    chars = _text("一、基本", 0, 0) + _text("一、基本", 0.4, 0)
    [ln] = build_lines(chars, page=1)
    assert ln.text == "一、基本" and ln.bold


def test_rotated_watermark_is_not_body_text() -> None:
    from reportparse.ingest import read

    content = (_txt(50, 700, "Body line one.")
               + "BT /F1 40 Tf 0.7071 0.7071 -0.7071 0.7071 80 300 Tm (DRAFT) Tj ET\n")
    r = read(_tiny_pdf(content), "wm.pdf")
    assert [b.text for b in r.blocks] == ["Body line one."]


def test_superscript_note_marks_are_not_glued_to_numbers() -> None:
    chars = _text("资金6000万元", 0, 0, size=12) + [Char("1", 84, -2, 87, 5, 7, "Serif")]
    chars += _text("，", 88, 0, size=12)
    [ln] = build_lines(chars, page=1)
    assert ln.text == "资金6000万元，"


def test_footnote_goes_to_meta_notes() -> None:
    from reportparse.ingest import read

    body = "".join(f"BT /F1 12 Tf 50 {700 - 16 * k} Td (Body line {k} of the text.) Tj ET\n"
                   for k in range(6))
    content = (body + "BT /F1 7 Tf 190 711 Td (1) Tj ET\n"  # the reference mark
               + "0.5 w 50 120 m 150 120 l S\n"  # the footnote separator
               + "BT /F1 9 Tf 50 105 Td (1 Source: audit working papers.) Tj ET\n"
               + "BT /F1 9 Tf 140 40 Td (- 1 -) Tj ET\n")
    r = read(_tiny_pdf(content), "note.pdf")
    [note] = r.meta.notes
    assert (note.kind, note.ref, note.text) == ("footnote", "1", "Source: audit working papers.")
    texts = [b.text for b in r.blocks]
    assert texts == [" ".join(f"Body line {k} of the text." for k in range(6))]


def test_running_header_that_changes_its_text_is_still_furniture() -> None:
    from reportparse.ingest.pdf_furniture import strip_furniture

    def line(page: int, top: float, text: str):
        [ln] = build_lines(_text(text, 90, top, size=9 if top < 60 else 12), page)
        return ln

    chapters = ["第一章 基本情况", "第一章 基本情况", "第二章 评价结论", "第三章 问题建议"]
    pages = [[line(i + 1, 40, ch), line(i + 1, 100, "正文第一行内容"), line(i + 1, 122, "正文第二行")]
             for i, ch in enumerate(chapters)]
    fur = strip_furniture(pages, [842.0] * 4, [], 3, 60)
    assert [[ln.text for ln in p] for p in pages] == [["正文第一行内容", "正文第二行"]] * 4
    assert fur.running == 4


def test_struck_text_is_left_out_and_underlined_kept() -> None:
    from reportparse.ingest import read

    # "old" crossed out at mid-height, "new" underlined (Word shows tracked changes so)
    content = (_txt(50, 700, "We use the") + _txt(103, 700, "old") + _txt(122, 700, "new")
               + _txt(144, 700, "figures.")
               + "0.5 w 103 703.5 m 119 703.5 l S 122 698.5 m 141 698.5 l S\n")
    r = read(_tiny_pdf(content), "tracked.pdf")
    assert [b.text for b in r.blocks] == ["We use the new figures."]
    assert [w.code for w in r.warnings] == ["struck_text"]


def test_media_box_not_at_the_origin() -> None:
    from reportparse.ingest import read

    body = "".join(_txt(50, 600 - 16 * k, f"Body line {k} of the text.") for k in range(3))
    data = _tiny_pdf(body + _txt(140, -60, "- 1 -"))
    data = data.replace(b"/MediaBox [0 0 300 792]", b"/MediaBox [0 -100 300 692]")
    r = read(data, "offset.pdf")
    [p] = r.blocks
    assert p.text == "Body line 0 of the text. Body line 1 of the text. Body line 2 of the text."
    assert 75 < p.provenance.bbox[1] < 95  # 692 - (600 + ascent), not 792 - (600 + ascent)
    assert r.meta.noise_removed == {"page_number": 1}
