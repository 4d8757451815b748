"""Render the shared report descriptions (``variants.py``) to small, deterministic .docx files.

Why: the docx reader must be tested on what Word really writes — markers that live only in
numbering.xml, headings known only from styles, merged cells, a TOC field, tracked changes,
text boxes in ``mc:AlternateContent``, headers/footers, footnotes — and the same report must
also exist as text so the two readers can be compared. Each variant is written to
``samples/docx/<name>.docx`` with ``<name>.json`` beside it (the outline and table grids every
rendering must give). Run ``python samples/gen_docx.py`` to regenerate; output is byte-stable.

Samples (``<variant>.<style>.docx`` + ``<variant>.<style>.expected.json``)
-----------------------------------------------------------------------
Every variant of ``variants.py`` (the lead's specs, also rendered as text by ``gen_text.py``)
and the seed report (parsed from its text export by ``docx_items.py``) in three styles:

``auto``     ``Heading 1–6`` styles whose numbering comes from numbering.xml through the style
             (一、/（一）/1. are *not* in the text); a TOC content control with a TOC field; a
             tracked insertion and deletion; a caption inside a text box (DrawingML Choice +
             VML Fallback); header and footer with a PAGE field.
``manual``   numbers typed in bold ``Normal`` paragraphs; no heading styles, no TOC.
``outline``  ``标题 1–6`` styles, numbering in the paragraphs' own numPr plus ``w:outlineLvl``;
             one single-level list per depth, each new sibling group a new ``w:num`` that
             restarts through ``startOverride``; a bare TOC field (no content control).

``scores.auto``: a short report with a funding table and its ``单位：万元`` line, a three-level
score table with vMerge'd 一级指标 and a gridSpan 合计 row, and a footnote.

The seed/scores JSON lists the outline flat (number, title, level) and tables as real cells
(``[row, col, row_span, col_span, text]``); the variants' JSON has the same shape as
``samples/text/*.expected.json`` (section tree with kinds, captions and grids).
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
from docx_items import Item, expected, scores_items, seed_items, variant_items
from variants import expected_outline, expected_tables, variants

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
FIXED_TIME = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


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
        begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                 '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u '
                 '</w:instrText></w:r>'
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
    p.append(X(f'<w:del NSDECL w:id="902" {attrs}><w:r><w:delText>{deleted}</w:delText></w:r>'
               '</w:del>'))
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
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
           '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
           '<w:continuationSeparator/></w:r></w:p></w:footnote>'
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
# family -> (numFmt, lvlText with {k} for this level / {p} for the parent level, suffix)
FAMILY_LEVEL = {
    "part": ("chineseCounting", "第%{k}部分", "space"),
    "cn": ("chineseCounting", "%{k}、", None),  # default suffix: a tab
    "cn_paren": ("chineseCounting", "（%{k}）", "nothing"),
    "arabic": ("decimal", "%{k}.", "nothing"),
    "arabic_paren": ("decimal", "（%{k}）", "nothing"),
    "circled": ("decimalEnclosedCircle", "%{k}", "nothing"),
    "dotted": ("decimal", "%{p}.%{k}", "space"),
}


def _families(items: list[Item]) -> dict[int, str]:
    fams: dict[int, str] = {}
    for i in items:
        if i["kind"] == "heading":
            fams.setdefault(i["level"], i["family"])
    return fams


def _lvl_for(family: str, ilvl: int, pstyle: str | None = None, literal_prefix: str = "") -> str:
    fmt, text, suff = FAMILY_LEVEL[family]
    text = text.replace("{k}", str(ilvl + 1)).replace("{p}", str(ilvl))
    if literal_prefix:  # a one-level list of dotted numbers: the parent number is literal text
        text = literal_prefix + "%1"
    return _lvl(ilvl, fmt, text, suff=suff, pstyle=pstyle)


def render(items: list[Item], style: str, name: str = "", header: str | None = None) -> bytes:
    """``items`` as a .docx in one of the styles ``auto``, ``manual``, ``outline``."""
    doc = docx.Document()
    cp = doc.core_properties
    cp.author, cp.title, cp.created, cp.modified = "reportparse", name, FIXED_TIME, FIXED_TIME
    cp.last_modified_by, cp.revision, cp.comments = "reportparse", 1, ""
    fams = _families(items)
    if style == "auto":  # numbering through Heading N styles, one multilevel list
        levels = [_lvl_for(fams[k], k - 1, pstyle=f"Heading{k}") for k in sorted(fams)]
        add_numbering(doc, 90, levels, {90: {}})
        for k in sorted(fams):
            set_num(doc.styles[f"Heading {k}"].element, 90, k - 1)
        # TOC Heading is based on Heading 1: switch the inherited numbering off, as Word does
        set_num(doc.styles["TOC Heading"].element, 0, 0)
    if style == "outline":  # one single-level list per depth; numbering in the paragraphs
        for k in sorted(fams):
            if fams[k] != "dotted":
                add_numbering(doc, 100 + k, [_lvl_for(fams[k], 0)], {100 + k: {}})
            st = doc.styles.add_style(f"标题 {k}", WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = doc.styles["Normal"]
            st.font.bold = True
    add_furniture(doc, header or next((i["text"] for i in items if i["kind"] == "title"),
                                      "绩效评价报告"))
    if style in ("auto", "outline"):
        add_toc(doc, [i for i in items if i["kind"] == "heading"], sdt=style == "auto")
    writer = _Writer(doc, style, name)
    for item in items:
        writer.add(item)
    _slim(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return _stable_zip(buf.getvalue())


class _Writer:
    """Appends items to a document in one style, keeping the list state an outline needs."""

    def __init__(self, doc: Any, style: str, name: str) -> None:
        self.doc, self.style, self.name = doc, style, name
        self.next_num = 200
        self.group_num: dict[tuple[str, ...], int] = {}  # sibling group -> its w:num
        self.parents: list[str] = []  # numbers of the open headings, outermost first
        self.tracked = self.boxed = False

    def add(self, item: Item) -> None:
        kind = item["kind"]
        if kind == "title":
            self.doc.add_paragraph(item["text"], style="Title")
        elif kind == "heading":
            self.heading(item)
        elif kind == "para":
            self.para(item["text"])
        elif kind == "table":
            add_table(self.doc, item)

    def heading(self, item: Item) -> None:
        doc, level = self.doc, item["level"]
        self.parents[level - 1:] = [item["number"]]
        if self.style == "auto":
            doc.add_paragraph(item["title"], style=f"Heading {level}")
        elif self.style == "outline":
            p = doc.add_paragraph(item["title"], style=f"标题 {level}")
            set_num(p._p, self._group_list(item, level), 0)
            p._p.pPr.append(X(f'<w:outlineLvl NSDECL w:val="{level - 1}"/>'))
        else:
            sep = " " if item["family"] in ("part", "dotted") else ""
            doc.add_paragraph().add_run(item["number"] + sep + item["title"]).bold = True

    def _group_list(self, item: Item, level: int) -> int:
        """The ``w:num`` of the heading's sibling group: a new group restarts the count."""
        key = (*self.parents[:level - 1], str(level))
        if key not in self.group_num:
            num = self.group_num[key] = self.next_num
            self.next_num += 1
            if item["family"] == "dotted":
                prefix = item["number"].rsplit(".", 1)[0] + "."
                add_numbering(self.doc, num, [_lvl_for("dotted", 0, literal_prefix=prefix)],
                              {num: {}})
            else:
                add_numbering_instance(self.doc, num, 100 + level, {0: 1})
        return self.group_num[key]

    def para(self, text: str) -> None:
        doc = self.doc
        if self.style == "auto" and not self.tracked and len(text) > 20 \
                and not text.startswith("受"):
            self.tracked = True
            mid = text[len(text) // 3: len(text) // 3 + 6]
            add_tracked_changes(doc.add_paragraph(), text, mid, "（此句为初稿，已删除）")
        elif self.style == "auto" and not self.boxed and text.endswith("表") and len(text) < 30:
            self.boxed = True
            add_text_box(doc, text)
        elif self.name == "scores" and text.startswith("项目绩效评价得分"):
            add_footnote(doc, doc.add_paragraph(text), "评分依据见附件评分表。")
        else:
            doc.add_paragraph(text)


def _slim(doc: Any) -> None:
    """Drop template parts no reader needs (thumbnail, theme, stylesWithEffects…): the
    committed samples stay small."""
    for rels in (doc.part.rels, doc.part.package.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in ("stylesWithEffects", "webSettings", "theme",
                                                   "customXml", "thumbnail"):
                rels.pop(rid)
    styles = doc.styles.element
    for el in list(styles):
        if el.tag == qn("w:latentStyles") or (
                el.tag == qn("w:style") and el.get(qn("w:type")) == "table"
                and el.get(qn("w:styleId")) not in ("TableNormal", "TableGrid")):
            styles.remove(el)


def add_numbering_instance(doc: Any, num_id: int, abstract_id: int, overrides: dict[int, int]
                           ) -> None:
    """Another ``w:num`` of an existing abstract list (with ``startOverride``s)."""
    ov = "".join(f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                 for k, v in overrides.items())
    doc.part.numbering_part.element.append(X(
        f'<w:num NSDECL w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{ov}</w:num>'))


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


def dump_json(obj: Any, indent: str = "") -> str:
    """JSON with one line per flat list or object (a table row, a cell, a leaf section), so a
    golden file diffs like a table."""
    values = obj.values() if isinstance(obj, dict) else obj if isinstance(obj, list) else ()
    if not isinstance(obj, (list, dict)) or all(
            not isinstance(v, (list, dict)) or not v for v in values):
        return json.dumps(obj, ensure_ascii=False)
    inner = indent + " "
    if isinstance(obj, dict):
        body = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {dump_json(v, inner)}"
                for k, v in obj.items()]
        return "{\n" + ",\n".join(body) + f"\n{indent}}}"
    return "[\n" + ",\n".join(inner + dump_json(v, inner) for v in obj) + f"\n{indent}]"


STYLES = ("auto", "manual", "outline")
SEED_HEADER = "伊金霍洛旗老旧小区配套基础设施改造项目绩效评估报告"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    written = 0

    def write(stem: str, data: bytes, exp: dict[str, Any]) -> None:
        nonlocal written
        (args.out / f"{stem}.docx").write_bytes(data)
        (args.out / f"{stem}.expected.json").write_text(dump_json(exp) + "\n", encoding="utf-8")
        written += 1

    # the seed and a score-table report: flat outline + real cells with spans
    seed = seed_items()
    for style in STYLES:
        write(f"seed.{style}", render(seed, style, "seed", SEED_HEADER),
              {"variant": "seed", "style": style, **expected(seed)})
    scores = scores_items()
    write("scores.auto", render(scores, "auto", "scores"),
          {"variant": "scores", "style": "auto", **expected(scores)})
    # the lead's variants (same specs as samples/text/): expected outline tree and grids
    for v in variants():
        for style in STYLES:
            write(f"{v.name}.{style}", render(variant_items(v), style, v.name),
                  {"variant": v.name, "style": style, "title": v.title,
                   "sections": expected_outline(v), "tables": expected_tables(v),
                   "toc": style != "manual"})
    print(f"wrote {written} .docx samples to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
