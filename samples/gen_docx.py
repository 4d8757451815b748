"""Render the shared report descriptions (``variants.py``) to small, deterministic .docx files.

Why: the docx reader must be tested on what Word really writes — markers that live only in
numbering.xml, headings known only from styles, merged cells, a TOC field, tracked changes,
text boxes in ``mc:AlternateContent``, headers/footers, footnotes — and the same report must
also exist as text so the two readers can be compared. Each variant is written to
``samples/docx/<name>.docx`` with ``<name>.json`` beside it (the outline and table grids every
rendering must give). Run ``python samples/gen_docx.py`` to regenerate; output is byte-stable.

Variants
--------
``seed_auto``     seed content; ``Heading 1–3`` styles whose numbering comes from numbering.xml
                  through the style (一、/（一）/1. are *not* in the text); TOC content control with
                  a TOC field; a tracked insertion and deletion; a caption inside a text box
                  (Choice + VML Fallback); header and footer with a PAGE field.
``seed_manual``   seed content; numbers typed in bold ``Normal`` paragraphs; no heading styles.
``seed_outline``  seed content; ``标题 1–3`` styles, numbering in the paragraphs' own numPr with
                  ``w:outlineLvl``; the 1./2./3. lists are two ``w:num`` of one abstract list,
                  the second restarting through ``startOverride``; a bare TOC field.
``scores``        short report: funding table with a ``单位：万元`` line, a three-level score table
                  with vMerge'd 一级指标 and a gridSpan 合计 row, a footnote, auto numbering.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docx_items import Item, expected, scores_items, seed_items  # noqa: E402

OUT = Path(__file__).resolve().parent / "docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
FIXED_TIME = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


def X(xml: str) -> Any:
    """An element from a fragment written with the usual prefixes (``NSDECL`` declares them)."""
    return parse_xml(xml.replace("NSDECL", NSDECL, 1))


# --------------------------------------------------------------------------- numbering
def _lvl(ilvl: int, fmt: str, text: str, suff: str | None = None, pstyle: str | None = None,
         restart: int | None = None) -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            + (f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else "")
            + (f'<w:pStyle w:val="{pstyle}"/>' if pstyle else "")
            + (f'<w:suff w:val="{suff}"/>' if suff else "")
            + f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>')


def add_numbering(doc: Any, abstract_id: int, levels: list[str], nums: dict[int, dict[int, int]]
                  ) -> None:
    """An abstractNum with ``levels`` and ``w:num`` instances {numId: {ilvl: startOverride}}."""
    numbering = doc.part.numbering_part.element
    an = X(f'<w:abstractNum NSDECL w:abstractNumId="{abstract_id}">'
           f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(an)
    else:
        numbering.append(an)
    for num_id, overrides in nums.items():
        ov = "".join(f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                     for k, v in overrides.items())
        numbering.append(X(f'<w:num NSDECL w:numId="{num_id}">'
                           f'<w:abstractNumId w:val="{abstract_id}"/>{ov}</w:num>'))


def set_num(element: Any, num_id: int, ilvl: int) -> None:
    """numPr on a paragraph or style element, in schema order (python-docx places it)."""
    num_pr = element.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


# --------------------------------------------------------------------------- pieces
def body_append(doc: Any, el: Any) -> None:
    """Append a block to the body, before the final ``w:sectPr`` (as Word orders it)."""
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    if sect is not None:
        sect.addprevious(el)
    else:
        body.append(el)


def add_toc(doc: Any, items: list[Item], sdt: bool) -> None:
    """A TOC field whose cached result lists the headings (levels 1–2) with page numbers."""
    for name in ("toc 1", "toc 2"):
        if name not in [s.name for s in doc.styles]:
            doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    entries = [i for i in items if i["kind"] == "heading" and i["level"] <= 2]
    paras = []
    if sdt:
        paras.append(f'<w:p NSDECL><w:pPr><w:pStyle w:val="{doc.styles["TOC Heading"].style_id}"/>'
                     '</w:pPr><w:r><w:t>目  录</w:t></w:r></w:p>')
    for k, e in enumerate(entries):
        sid = doc.styles[f"toc {e['level']}"].style_id
        begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
                 ' TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>') if k == 0 else ""
        page = 1 + k // 3
        paras.append(f'<w:p NSDECL><w:pPr><w:pStyle w:val="{sid}"/></w:pPr>{begin}'
                     f'<w:r><w:t>{e["number"]}{e["title"]}</w:t></w:r><w:r><w:tab/></w:r>'
                     f'<w:r><w:t>{page}</w:t></w:r></w:p>')
    paras.append('<w:p NSDECL><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    if sdt:
        el = X('<w:sdt NSDECL><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
               '<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent/></w:sdt>')
        content = el.find(qn("w:sdtContent"))
        for p in paras:
            content.append(X(p))
        body_append(doc, el)
    else:
        for p in paras:
            body_append(doc, X(p))


def add_tracked_changes(paragraph: Any, text: str, inserted: str, deleted: str) -> None:
    """Write ``text`` with ``inserted`` as a tracked insertion and ``deleted`` as a tracked
    deletion placed right after it: the accepted view is exactly ``text``."""
    a, _, b = text.partition(inserted)
    p = paragraph._p
    attrs = 'w:author="评审" w:date="2024-01-01T00:00:00Z"'
    p.append(X(f'<w:r NSDECL><w:t xml:space="preserve">{a}</w:t></w:r>'))
    p.append(X(f'<w:ins NSDECL w:id="901" {attrs}><w:r><w:t>{inserted}</w:t></w:r></w:ins>'))
    p.append(X(f'<w:del NSDECL w:id="902" {attrs}><w:r><w:delText>{deleted}</w:delText></w:r></w:del>'))
    p.append(X(f'<w:r NSDECL><w:t xml:space="preserve">{b}</w:t></w:r>'))


def add_text_box(doc: Any, text: str) -> None:
    """An empty anchor paragraph whose text box holds ``text`` (DrawingML Choice + VML
    Fallback, as Word writes it: a reader must take one branch, not both)."""
    inner = f'<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
    body_append(doc, X(
        f'<w:p NSDECL><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:inline><wp:extent cx="3000000" cy="300000"/><wp:docPr id="1" name="文本框 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:txbx>{inner}</wps:txbx><wps:bodyPr/></wps:wsp>'
        '</a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shape style="width:236pt;height:24pt"><v:textbox>{inner}'
        '</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>'))


def add_furniture(doc: Any, title: str) -> None:
    section = doc.sections[0]
    section.header.paragraphs[0].text = title
    fp = section.footer.paragraphs[0]._p
    for frag in ('<w:r NSDECL><w:t xml:space="preserve">第 </w:t></w:r>',
                 '<w:r NSDECL><w:fldChar w:fldCharType="begin"/></w:r>',
                 '<w:r NSDECL><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
                 '<w:r NSDECL><w:fldChar w:fldCharType="separate"/></w:r>',
                 '<w:r NSDECL><w:t>1</w:t></w:r>',
                 '<w:r NSDECL><w:fldChar w:fldCharType="end"/></w:r>',
                 '<w:r NSDECL><w:t xml:space="preserve"> 页</w:t></w:r>'):
        fp.append(X(frag))


def add_footnote(doc: Any, paragraph: Any, text: str) -> None:
    """A footnotes part (python-docx has no API for it) and a reference in ``paragraph``."""
    xml = (f'<w:footnotes xmlns:w="{W_NS}">'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
           '</w:r></w:p></w:footnote>'
           '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
           f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode("utf-8"),
                doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    paragraph._p.append(X('<w:r NSDECL><w:footnoteReference w:id="1"/></w:r>'))


def add_table(doc: Any, t: Item) -> None:
    table = doc.add_table(rows=t["n_rows"], cols=t["n_cols"])
    table.style = doc.styles["Table Grid"]
    for r, c, rs, cs, _ in t["cells"]:
        if rs > 1 or cs > 1:
            table.cell(r, c).merge(table.cell(r + rs - 1, c + cs - 1))
    for r, c, _rs, _cs, text in t["cells"]:
        table.cell(r, c).paragraphs[0].text = text


# --------------------------------------------------------------------------- variants
HEADING_LEVELS = [
    _lvl(0, "chineseCounting", "%1、", pstyle="Heading1"),
    _lvl(1, "chineseCounting", "（%2）", suff="nothing", pstyle="Heading2"),
    _lvl(2, "decimal", "%3.", suff="nothing", pstyle="Heading3"),
]


def render(items: list[Item], variant: str) -> bytes:
    doc = docx.Document()
    cp = doc.core_properties
    cp.author, cp.title, cp.created, cp.modified = "reportparse", variant, FIXED_TIME, FIXED_TIME
    cp.last_modified_by, cp.revision, cp.comments = "reportparse", 1, ""
    auto = variant in ("seed_auto", "scores")
    outline = variant == "seed_outline"
    if auto:
        add_numbering(doc, 90, HEADING_LEVELS, {90: {}})
        for level in (1, 2, 3):
            set_num(doc.styles[f"Heading {level}"].element, 90, level - 1)
        # TOC Heading is based on Heading 1: switch the inherited numbering off, as Word does
        set_num(doc.styles["TOC Heading"].element, 0, 0)
    if outline:
        add_numbering(doc, 91, [_lvl(0, "chineseCounting", "%1、"),
                                _lvl(1, "chineseCounting", "（%2）", suff="nothing")], {91: {}})
        add_numbering(doc, 92, [_lvl(0, "decimal", "%1.", suff="nothing", restart=0)],
                      {92: {}, 93: {0: 1}})
        for level in (1, 2, 3):
            st = doc.styles.add_style(f"标题 {level}", WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = doc.styles["Normal"]
            st.font.bold = True
    if variant.startswith("seed"):
        add_furniture(doc, "伊金霍洛旗老旧小区配套基础设施改造项目绩效评估报告")
    if variant in ("seed_auto", "seed_outline"):
        add_toc(doc, items, sdt=variant == "seed_auto")
    lists_seen = 0
    first_para = True
    for i, item in enumerate(items):
        kind = item["kind"]
        if kind == "heading":
            level = item["level"]
            if auto:
                doc.add_paragraph(item["title"], style=f"Heading {level}")
            elif outline:
                p = doc.add_paragraph(item["title"], style=f"标题 {level}")
                if level < 3:
                    set_num(p._p, 91, level - 1)
                else:
                    if items[i - 1]["kind"] == "heading" and items[i - 1]["level"] == 2:
                        lists_seen += 1
                    set_num(p._p, 92 if lists_seen <= 1 else 93, 0)
                p._p.pPr.append(X(f'<w:outlineLvl NSDECL w:val="{level - 1}"/>'))
            else:
                p = doc.add_paragraph()
                p.add_run(item["number"] + item["title"]).bold = True
        elif kind == "para":
            text = item["text"]
            if variant == "seed_auto" and first_para:
                first_para = False
                add_tracked_changes(doc.add_paragraph(), text, "与城市化进程的加快",
                                    "（此句为初稿，已删除）")
            elif variant == "seed_auto" and text == "绩效评估得分总体情况表":
                add_text_box(doc, text)
            elif variant == "scores" and text.startswith("项目绩效评价得分"):
                add_footnote(doc, doc.add_paragraph(text), "评分依据见附件评分表。")
            else:
                doc.add_paragraph(text)
        elif kind == "table":
            add_table(doc, item)
    buf = io.BytesIO()
    doc.save(buf)
    return _stable_zip(buf.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps, so regenerating gives identical bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


VARIANTS = {
    "seed_auto": seed_items,
    "seed_manual": seed_items,
    "seed_outline": seed_items,
    "scores": scores_items,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, content in VARIANTS.items():
        items = content()
        (args.out / f"{name}.docx").write_bytes(render(items, name))
        exp = {"variant": name, **expected(items)}
        (args.out / f"{name}.json").write_text(
            json.dumps(exp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out / name}.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
