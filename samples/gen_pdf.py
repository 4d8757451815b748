"""Generate the PDF (and Markdown/HTML) samples from the seed report.

Why this exists: the PDF reader must be tested on PDFs that look like real exported reports
(Word/WPS → PDF: CJK fonts, running headers, ``第 N 页`` footers, a TOC page, ruled tables that
cross a page break, merged cells), and CI must not need LibreOffice. So this script builds
.docx variants with python-docx from ``seed/000_b9924377f959d391.txt``, renders them with
LibreOffice headless, and the resulting PDFs are committed together with the expected
outline/grids (``*.expected.json``) taken from the *source* content, not from the PDF.

Run: ``python samples/gen_pdf.py`` (needs ``soffice`` and ``fonts-noto-cjk``). It also
renders the .docx samples of ``samples/gen_docx.py`` (``samples/docx/``) to
``samples/pdf/docx/``, so each generated .docx has a PDF twin that must parse the same
(``--docx-only`` renders just those).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
SEED = HERE / "seed" / "000_b9924377f959d391.txt"
OUT = HERE / "pdf"
MARKUP_OUT = HERE / "markup"

TITLE = "伊金霍洛旗2022年度老旧小区配套基础设施改造项目绩效评估报告"
BODY_FONT = "Noto Serif CJK SC"
HEAD_FONT = "Noto Sans CJK SC"
LATIN_FONT = "DejaVu Serif"  # a separate Latin font, as Word's 宋体 + Times New Roman

_NOISE = re.compile(r"\[bookmark:[^\]]*\]|窗体顶端|窗体底端")
_H1 = re.compile(r"^[一二三四五六七八九十]+、")
_H2 = re.compile(r"^（[一二三四五六七八九十]+）")
_H3 = re.compile(r"^\d{1,2}\.(?!\d)")


# --------------------------------------------------------------------------- seed model
@dataclass
class Para:
    text: str
    level: int = 0  # 0 body, 1..3 heading level
    caption: bool = False


@dataclass
class Tab:
    caption: str
    rows: list[list[str]]  # a row with fewer cells than the header: last cell spans the rest
    repeat_header: bool = True
    widths: list[float] = field(default_factory=list)


def load_seed() -> list[Para | Tab]:
    """Parse the Tika text export: tab-indented lines are cells, blank lines end rows."""
    items: list[Para | Tab] = []
    lines = [_NOISE.sub("", ln).rstrip("\n") for ln in SEED.read_text("utf-8").splitlines()]
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.startswith("\t"):
            last = items[-1] if items else None
            caption = last.text if isinstance(last, Para) else ""
            if isinstance(last, Para):
                items.pop()
            rows: list[list[str]] = []
            row: list[str] = []
            while i < len(lines) and (lines[i].startswith("\t") or not lines[i].strip()):
                if lines[i].startswith("\t"):
                    row.append(lines[i].strip())
                elif row:
                    rows.append(row)
                    row = []
                i += 1
            if row:
                rows.append(row)
            items.append(Tab(caption, rows))
            continue
        text = ln.strip()
        i += 1
        if not text:
            continue
        level = 1 if _H1.match(text) else 2 if _H2.match(text) else 3 if _H3.match(text) else 0
        items.append(Para(text, level))
    return items


def outline(items: list[Para | Tab]) -> list[list[object]]:
    return [[p.level, p.text] for p in items if isinstance(p, Para) and p.level]


def grid(t: Tab) -> dict[str, object]:
    """Expected real cells and logical grid of a source table."""
    n_cols = max(len(r) for r in t.rows)
    cells, rows = [], []
    for r, row in enumerate(t.rows):
        g = [""] * n_cols
        for c, text in enumerate(row):
            span = n_cols - c if c == len(row) - 1 else 1
            cells.append({"row": r, "col": c, "text": text, "col_span": span, "row_span": 1})
            g[c] = text
        rows.append(g)
    return {"caption": t.caption, "n_rows": len(t.rows), "n_cols": n_cols, "rows": rows,
            "cells": cells}


# --------------------------------------------------------------------------- docx building
def _fonts(run_or_style, east: str, latin: str) -> None:
    """East Asian and Latin fonts on a style or run (themes removed so they apply)."""
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for k in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(k), latin)
    fonts.set(qn("w:eastAsia"), east)
    for k in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(k), None)


def _field(paragraph, instr: str) -> None:
    """Append a Word field (PAGE / NUMPAGES) to a paragraph."""
    run = paragraph.add_run()
    for tag, attr in (("w:fldChar", "begin"), ("w:instrText", instr), ("w:fldChar", "end")):
        el = OxmlElement(tag)
        if tag == "w:fldChar":
            el.set(qn("w:fldCharType"), attr)
        else:
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instr} "
        run._r.append(el)
        if tag == "w:instrText":
            sep = OxmlElement("w:fldChar")
            sep.set(qn("w:fldCharType"), "separate")
            run._r.append(sep)
            t = OxmlElement("w:t")
            t.text = "1"
            run._r.append(t)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _setup_styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    _fonts(normal, BODY_FONT, LATIN_FONT)
    for lvl, size in ((1, 15), (2, 13), (3, 12)):
        st = doc.styles[f"Heading {lvl}"]
        st.font.size = Pt(size)
        st.font.bold = True
        st.font.italic = False
        st.font.color.rgb = None
        _fonts(st, HEAD_FONT, HEAD_FONT)
        st.paragraph_format.space_before = Pt(6)
        st.paragraph_format.space_after = Pt(3)
    title = doc.styles["Title"]
    title.font.size = Pt(20)
    title.font.bold = True
    title.font.color.rgb = None
    _fonts(title, HEAD_FONT, HEAD_FONT)


def build_docx(items: list[Para | Tab], dest: Path, *, header: str | None, footer: str,
               toc: list[tuple[int, str, int]] | None = None, title_page: bool = False,
               repeat_header: bool = True, extra_body: int = 0) -> None:
    """Write one .docx variant.

    ``footer``: "page_of" (第 X 页 共 Y 页), "dash" (- X -) or "bare" (X).
    ``toc``: (level, text, page) lines written as a TOC page with dot leaders.
    ``extra_body``: repeat each body paragraph this many extra times (long benchmark report).
    """
    doc = Document()
    _setup_styles(doc)
    sec = doc.sections[0]
    if header:
        hp = sec.header.paragraphs[0]
        hp.text = header
        hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if footer == "page_of":
        fp.add_run("第 ")
        _field(fp, "PAGE")
        fp.add_run(" 页 共 ")
        _field(fp, "NUMPAGES")
        fp.add_run(" 页")
    elif footer == "dash":
        fp.add_run("- ")
        _field(fp, "PAGE")
        fp.add_run(" -")
    else:
        _field(fp, "PAGE")

    t = doc.add_paragraph(TITLE, style="Title")
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if title_page:
        for line in FRONT:
            p = doc.add_paragraph(line)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.add_page_break()
    if toc is not None:
        p = doc.add_paragraph("目  录")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.runs[0].bold = True
        p.runs[0].font.size = Pt(16)
        for level, text, page in toc:
            p = doc.add_paragraph()
            p.paragraph_format.left_indent = Pt(12 * (level - 1))
            p.paragraph_format.tab_stops.add_tab_stop(Pt(415), WD_TAB_ALIGNMENT.RIGHT,
                                                      WD_TAB_LEADER.DOTS)
            p.add_run(f"{text}\t{page}")
        doc.add_page_break()
    n_table = 0
    for it in items:
        if isinstance(it, Tab):
            n_table += 1
            cap = doc.add_paragraph(it.caption)
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            cap.runs[0].bold = True
            cap.paragraph_format.keep_with_next = True
            n_cols = max(len(r) for r in it.rows)
            table = doc.add_table(rows=len(it.rows), cols=n_cols)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for r, row in enumerate(it.rows):
                cells = table.rows[r].cells
                if len(row) < n_cols:
                    cells[len(row) - 1].merge(cells[n_cols - 1])
                for c, text in enumerate(row):
                    table.rows[r].cells[c].text = text
                    table.rows[r].cells[c].paragraphs[0].alignment = (
                        WD_ALIGN_PARAGRAPH.LEFT if len(text) > 8 else WD_ALIGN_PARAGRAPH.CENTER)
            if repeat_header:
                _repeat_header(table.rows[0])
            if n_cols == 3:
                for row in table.rows:
                    for c, w in enumerate((Pt(40), Pt(110), Pt(265))):
                        row.cells[c].width = w
            continue
        if it.level:
            doc.add_heading(it.text, level=it.level)
            continue
        for k in range(1 + extra_body):
            p = doc.add_paragraph(it.text)
            p.paragraph_format.first_line_indent = Pt(24)
            p.paragraph_format.line_spacing = 1.3
    doc.save(str(dest))


_NO_BOOKMARKS = 'pdf:writer_pdf_Export:{"ExportBookmarks":{"type":"boolean","value":"false"}}'


def render(docx: Path, outdir: Path, bookmarks: bool = True) -> Path:
    """docx → pdf with LibreOffice headless (a private profile so parallel runs don't clash).
    ``bookmarks=False`` exports no PDF outline, like many real reports."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("soffice not found: apt-get install -y libreoffice-writer-nogui fonts-noto-cjk")
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run([soffice, f"-env:UserInstallation=file://{prof}", "--headless",
                        "--convert-to", "pdf" if bookmarks else _NO_BOOKMARKS, "--outdir", str(outdir), str(docx)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=300)
    return outdir / (docx.stem + ".pdf")


def heading_pages(pdf: Path, headings: list[str], start: int = 0) -> list[int]:
    """Page (1-based) on which each heading first appears, in order, for a TOC."""
    import pdfplumber

    pages: list[int] = []
    with pdfplumber.open(str(pdf)) as doc:
        texts = ["".join(p.extract_text().split()) for p in doc.pages]
    for h in headings:
        key = "".join(h.split())[:12]
        for k in range(start, len(texts)):
            if key in texts[k]:
                pages.append(k + 1)
                start = k
                break
        else:
            pages.append(pages[-1] if pages else 1)
    return pages


# --------------------------------------------------------------------------- markup renderings
def _html_table(t: Tab, latex: bool = False) -> str:
    n_cols = max(len(r) for r in t.rows)
    out = ["<table>"]
    for r, row in enumerate(t.rows):
        tds = []
        for c, text in enumerate(row):
            span = n_cols - c if c == len(row) - 1 else 1
            if latex and text.endswith("%"):
                text = f"${text[:-1]}\\%$"
            attr = f' colspan="{span}"' if span > 1 else ""
            tds.append(f"<td{attr}>{html.escape(text)}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return "".join(out)


def to_markdown(items: list[Para | Tab]) -> str:
    """MinerU-like Markdown: # headings, HTML tables, LaTeX percents in the score table."""
    out = [f"# {TITLE}", ""]
    for it in items:
        if isinstance(it, Tab):
            out += [it.caption, "", _html_table(it, latex=True), ""]
        elif it.level:
            out += ["#" * (it.level + 1) + " " + it.text, ""]
        else:
            out += [it.text, ""]
    return "\n".join(out)


def to_html(items: list[Para | Tab]) -> str:
    body = [f"<h1>{html.escape(TITLE)}</h1>"]
    for it in items:
        if isinstance(it, Tab):
            body.append(f"<p>{html.escape(it.caption)}</p>")
            body.append(_html_table(it))
        elif it.level:
            body.append(f"<h{it.level + 1}>{html.escape(it.text)}</h{it.level + 1}>")
        else:
            body.append(f"<p>{html.escape(it.text)}</p>")
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
            + html.escape(TITLE) + "</title></head><body>\n" + "\n".join(body)
            + "\n</body></html>\n")


# --------------------------------------------------------------------------- bad inputs
def make_bad(dest: Path) -> None:
    """Broken PDFs for the error tests (needs pypdf and Pillow; only this script does)."""
    import io

    import pypdfium2 as pdfium
    from pypdf import PdfReader, PdfWriter

    dest.mkdir(parents=True, exist_ok=True)
    good = (OUT / "report_header_footer.pdf").read_bytes()
    for name, user in (("encrypted.pdf", "secret"), ("encrypted_empty_user.pdf", "")):
        w = PdfWriter()
        for page in PdfReader(io.BytesIO(good)).pages[:2]:
            w.add_page(page)
        w.encrypt(user_password=user, owner_password="owner-secret", algorithm="AES-128")
        with open(dest / name, "wb") as fh:
            w.write(fh)
    # a scan: page images only
    doc = pdfium.PdfDocument(good)
    images = [doc[i].render(scale=1).to_pil().convert("RGB") for i in range(2)]
    images[0].save(dest / "image_only.pdf", save_all=True, append_images=images[1:],
                   resolution=72.0)
    (dest / "truncated.pdf").write_bytes(good[: len(good) // 2])
    (dest / "not_a_pdf.pdf").write_text("这不是PDF文件，只是改了扩展名的文本。\n", "utf-8")
    # a wrong startxref offset and a scrambled xref table: readers must rebuild it
    i = good.rindex(b"startxref")
    broken = good[:i] + b"startxref\n123\n%%EOF\n"
    broken = broken.replace(b"xref\n0 ", b"xref\n7 ", 1)
    (dest / "damaged_xref.pdf").write_bytes(broken)


# --------------------------------------------------------------------------- main
VARIANTS: dict[str, dict[str, object]] = {
    # running header + 第 X 页 共 Y 页; community table crosses a page break, header repeated
    "report_header_footer": {"header": TITLE, "footer": "page_of", "repeat_header": True},
    # title page + TOC page with dot leaders; "- X -" footer; continuation without header row
    "report_toc": {"header": None, "footer": "dash", "repeat_header": False, "toc": True,
                   "title_page": True},
    # no PDF outline: heading hints must come from font size/weight
    "report_no_bookmarks": {"header": TITLE, "footer": "dash", "repeat_header": False,
                            "bookmarks": False},
    # ~20 pages for the benchmark: every body paragraph seven times, bare page numbers
    "report_long": {"header": TITLE, "footer": "bare", "repeat_header": True, "extra_body": 6},
}


FRONT = ["委托单位：伊金霍洛旗财政局", "评估机构：XX会计师事务所有限公司"]


def expected(items: list[Para | Tab], repeat: int = 1, front: bool = False) -> dict[str, object]:
    """Outline, table grids and body paragraphs (title and cover lines first) in order."""
    body = [p.text for p in items if isinstance(p, Para) and not p.level for _ in range(repeat)]
    return {"title": TITLE, "outline": outline(items),
            "tables": [grid(t) for t in items if isinstance(t, Tab)],
            "paragraphs": [TITLE] + (FRONT if front else []) + body}


DOCX_SAMPLES = HERE / "docx"  # samples/gen_docx.py's output (the docx branch)
DOCX_PDF_OUT = OUT / "docx"


def render_docx_samples(src: Path = DOCX_SAMPLES) -> None:
    """Render every generated .docx sample to PDF (samples/pdf/docx/), with the sha256 of each
    source in sources.json so a test can tell a stale rendering from a real difference."""
    import hashlib

    if not src.is_dir():
        print(f"no {src}: skipped rendering the .docx samples")
        return
    DOCX_PDF_OUT.mkdir(parents=True, exist_ok=True)
    sources: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for docx in sorted(src.glob("*.docx")):
            pdf = render(docx, Path(tmp))
            shutil.copy(pdf, DOCX_PDF_OUT / pdf.name)
            sources[docx.name] = hashlib.sha256(docx.read_bytes()).hexdigest()
            print("wrote", DOCX_PDF_OUT / pdf.name)
    (DOCX_PDF_OUT / "sources.json").write_text(
        json.dumps(sources, indent=1, sort_keys=True) + "\n", "utf-8")


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description="Generate the PDF/Markdown/HTML samples.")
    ap.add_argument("--docx-only", action="store_true",
                    help="only render the generated .docx samples to samples/pdf/docx/")
    ap.add_argument("--docx-dir", type=Path, default=DOCX_SAMPLES,
                    help="where the generated .docx samples are (default samples/docx)")
    args = ap.parse_args()
    render_docx_samples(args.docx_dir)
    if args.docx_only:
        return
    items = load_seed()
    OUT.mkdir(exist_ok=True)
    MARKUP_OUT.mkdir(exist_ok=True)
    exp = expected(items)
    heads = [p.text for p in items if isinstance(p, Para) and p.level]
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        for name, opts in VARIANTS.items():
            opts = dict(opts)
            want_toc = bool(opts.pop("toc", False))
            bookmarks = bool(opts.pop("bookmarks", True))
            docx = tmpd / f"{name}.docx"
            toc = None
            if want_toc:  # two passes: lay out once to learn the pages the TOC must show
                draft = [(lvl, h, 1) for lvl, h in outline(items)]
                build_docx(items, docx, toc=draft, **opts)  # type: ignore[arg-type]
                pages = heading_pages(render(docx, tmpd), heads, start=2)  # after the TOC
                toc = [(lvl, h, pg) for (lvl, h, _), pg in zip(draft, pages)]
            build_docx(items, docx, toc=toc, **opts)  # type: ignore[arg-type]
            pdf = render(docx, tmpd, bookmarks)
            shutil.copy(pdf, OUT / f"{name}.pdf")
            shutil.copy(docx, OUT / f"{name}.docx")
            e = expected(items, 1 + int(opts.get("extra_body", 0)),  # type: ignore[call-overload]
                         bool(opts.get("title_page")))
            if toc:
                e["toc"] = [[lvl, h, str(pg)] for lvl, h, pg in toc]
            (OUT / f"{name}.expected.json").write_text(
                json.dumps(e, ensure_ascii=False, indent=1) + "\n", "utf-8")
            print("wrote", OUT / f"{name}.pdf")
    make_bad(OUT / "bad")
    (MARKUP_OUT / "report.md").write_text(to_markdown(items), "utf-8")
    (MARKUP_OUT / "report.html").write_text(to_html(items), "utf-8")
    (MARKUP_OUT / "report.expected.json").write_text(
        json.dumps(exp, ensure_ascii=False, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
