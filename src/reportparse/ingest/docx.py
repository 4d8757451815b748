"""The .docx reader: WordprocessingML to blocks in body order, the way Word shows the text.

Why it is written against the XML (lxml) rather than python-docx's object model: ``p.text`` in
python-docx loses tracked insertions, text boxes, content controls and field results, knows no
automatic numbering, and walking its proxies is slow. The package is opened and every part
parsed through :mod:`.zipsafe` (bounded zip access; no DTD, entities, network or huge trees).

What the reader does (and what it leaves to later stages):

* paragraphs: text of the accepted view (``w:ins``/``w:moveTo`` kept, ``w:del``/``w:moveFrom``
  dropped, a deleted paragraph mark joins the text to the next paragraph, hidden ``w:vanish``
  text and paragraphs dropped), field *results* kept and field codes dropped,
  hyperlinks / smart tags / content controls / custom XML read through, ``mc:AlternateContent``
  read from one branch only, text-box paragraphs emitted right after their anchor paragraph;
  automatic numbering rendered (:mod:`.docx_numbering`) into the text and ``auto_number``
  (the number's tab suffix becomes nothing after 、 . ） and the like, else one space, so
  ``一、基本情况`` reads as it does in a text export);
  ``heading_level`` from ``w:outlineLvl`` or a ``Heading N``/``标题 N`` style; empty paragraphs
  are skipped;
* tables: :mod:`.docx_tables`; captions and ``单位：万元`` lines stay paragraphs: the
  format-neutral structure stage attaches them (``Table.caption``/``Table.unit``), so a .docx
  and a text export of one report get the same result;
* the table of contents (TOC field result, ``toc N``/``目录 N`` styles, TOC content control)
  goes to ``Document.toc``, never to the body;
* footnotes/endnotes to ``meta.notes`` with the block that references them; headers and
  footers to ``meta.headers``/``meta.footers``; core properties to ``meta.properties``;
* pages: ``provenance.page`` from the ``w:lastRenderedPageBreak`` marks Word leaves where its
  last layout broke pages (none in files written by other programs: then no page is given);
* warnings (data): ``unaccepted_revisions``, ``unknown_numbering_format``, ``alt_chunk``,
  ``table_too_wide``;
* limits (:class:`~reportparse.limits.Limits`) are enforced by :mod:`.zipsafe`.

Runs and the rest of a paragraph's content are walked by :mod:`.docx_inline` (one handler per
element kind). A zip that turns out to be an OpenDocument text (.odt) is handed to
:mod:`.office`; a "Strict Open XML" package is read like a transitional one.

It does not remove noise (bookmark names never reach the text anyway) and does not decide
which paragraph is a heading: that is ``clean`` and ``structure``.
"""

from __future__ import annotations

import posixpath
import re
import zlib
from dataclasses import dataclass

from lxml import etree

from ..errors import ReportParseError
from ..limits import DEFAULT_LIMITS, Limits
from ..models import Message, Note, Paragraph, Provenance, Document, Table, TocEntry
from .base import check_blocks, check_cells, new_report
from .docx_inline import (ALT, CUSTOM_XML, DEL, INS, LRPB, MOVE_FROM, MOVE_TO, PPR, RPR, SDT,
                          SDT_CONTENT, SDT_PR, TBL, VAL, VANISH, InlineReader, P, ParaState, on)
from .docx_numbering import WP, Numbering
from .docx_tables import read_table
from .protocol import ReadOptions, SourceInfo
from .zipsafe import open_zip, parse_xml, read_member

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_HEADING_STYLE = re.compile(r"(?i)^\s*(?:heading|标题|titre|überschrift)\s*([1-9])\s*$")
_TOC_STYLE = re.compile(r"(?i)^\s*(?:toc|目录|inhalt|verzeichnis)\s*([1-9])\s*$")
_TOC_TITLE = re.compile(r"(?i)^\s*(?:toc heading|目录标题|inhaltsverzeichnisüberschrift)\s*$")
_TOC_PAGE = re.compile(r"^(.*?)(?:[\s.．·…‥_-]*\t[\s.．·…‥_-]*|\s*[.．·…‥_]{2,}\s*|\s+)"
                       r"(\d{1,4}|[ivxlcdmIVXLCDM]{1,8})\s*$")
_NO_SEP = set("、.．)）]】」』:：,，")
_TAB_AFTER_NUMBER = re.compile(r"(.)\t+")
_STRICT_W = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_TRANSITIONAL_W = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --------------------------------------------------------------------------- package
class _OpenDocument(Exception):
    """The zip is an OpenDocument text (.odt), not a Word package."""


class _Package:
    """The zip container: parts by name, parsed safely; relationships of the main part."""

    def __init__(self, data: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = path
        self.limits = limits
        self.zip = open_zip(data, path, limits)
        self.names = set(self.zip.namelist())
        self.main = self._main_part()
        if self.main not in self.names and "mimetype" in self.names and \
                read_member(self.zip, "mimetype", path, limits)[:40].startswith(
                    b"application/vnd.oasis.opendocument.text"):
            raise _OpenDocument
        if self.main not in self.names:
            raise ReportParseError(path, "corrupt",
                                   "zip file without word/document.xml: not a Word document")
        self.rels = self._rels(self.main)

    def xml(self, name: str) -> etree._Element | None:
        """A part parsed safely (:mod:`.zipsafe`), or ``None`` when the package lacks it."""
        if name not in self.names:
            return None
        size = self.zip.getinfo(name).file_size
        if size > self.limits.max_xml_bytes:  # refused before it inflates
            raise ReportParseError(self.path, "too_large",
                                   f"{name} is {size:,} bytes of XML, over the "
                                   f"{self.limits.max_xml_bytes:,}-byte limit "
                                   "(Limits.max_xml_bytes)")
        try:
            raw = read_member(self.zip, name, self.path, self.limits)
            if _STRICT_W in raw:  # "Strict Open XML": same vocabulary, another namespace
                raw = raw.replace(_STRICT_W, _TRANSITIONAL_W)
            return parse_xml(raw, name, self.path, self.limits)
        except RuntimeError as e:  # zipfile: "File is encrypted, password required"
            raise ReportParseError(self.path, "encrypted", f"part {name} is encrypted") from e
        except (zlib.error, etree.LxmlError, ValueError) as e:
            raise ReportParseError(self.path, "corrupt", f"damaged part {name}: {e}") from e

    def _main_part(self) -> str:
        root = self.xml("_rels/.rels") if "_rels/.rels" in self.names else None
        if root is not None:
            for rel in root.iter(_REL + "Relationship"):
                if rel.get("Type", "").endswith("/officeDocument"):
                    return rel.get("Target", "").lstrip("/")
        return "word/document.xml"

    def _rels(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type suffix, target part name) of ``part``'s internal relationships."""
        d, base = posixpath.split(part)
        root = self.xml(posixpath.join(d, "_rels", base + ".rels"))
        out: list[tuple[str, str, str]] = []
        if root is None:
            return out
        for rel in root.iter(_REL + "Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(d, target))
            out.append((rel.get("Id", ""), rel.get("Type", "").rsplit("/", 1)[-1], name))
        return out

    def related(self, kind: str) -> list[str]:
        return [name for _, t, name in self.rels if t == kind]


# --------------------------------------------------------------------------- styles
@dataclass
class _Style:
    name: str
    outline: int | None = None  # 0-based w:outlineLvl (9 = body text)
    num: tuple[str, int | None] | None = None  # (numId, ilvl) from the style's numPr
    based_on: str | None = None


def _styles(root: etree._Element | None) -> tuple[dict[str, _Style], str | None]:
    styles: dict[str, _Style] = {}
    default: str | None = None
    if root is None:
        return styles, None
    for st in root.iter(WP + "style"):
        if st.get(WP + "type", "paragraph") not in ("paragraph", "numbering"):
            continue
        sid = st.get(WP + "styleId", "")
        name_el = st.find(WP + "name")
        s = _Style(name=_ui_name(name_el.get(VAL, sid) if name_el is not None else sid))
        b = st.find(WP + "basedOn")
        s.based_on = b.get(VAL) if b is not None else None
        ppr = st.find(PPR)
        if ppr is not None:
            s.outline = _digit(ppr.find(WP + "outlineLvl"))
            s.num = _num_pr(ppr)
        styles[sid] = s
        if st.get(WP + "default") in ("1", "true", "on") and \
                st.get(WP + "type", "paragraph") == "paragraph":
            default = sid
    _inherit(styles)
    return styles, default


def _inherit(styles: dict[str, _Style]) -> None:
    """Outline level and numbering through ``basedOn``, each style resolved once (a chain of
    30,000 styles is linear, not quadratic); a cycle ends the chain."""
    done: set[str] = set()
    for sid in styles:
        chain: list[str] = []
        on_chain: set[str] = set()
        cur: str | None = sid
        while cur and cur in styles and cur not in done and cur not in on_chain:
            chain.append(cur)
            on_chain.add(cur)
            cur = styles[cur].based_on
        below = styles[cur] if cur in done else None  # type: ignore[index]
        for name in reversed(chain):
            s = styles[name]
            if below is not None:
                if s.outline is None:
                    s.outline = below.outline
                if s.num is None:
                    s.num = below.num
            done.add(name)
            below = s


_BUILTIN_UI = {"heading": "Heading", "caption": "Caption", "title": "Title", "subtitle": "Subtitle"}


def _ui_name(name: str) -> str:
    """Built-in names are stored lower-case (``heading 1``); show them as Word does."""
    head, _, rest = name.partition(" ")
    ui = _BUILTIN_UI.get(head)
    return f"{ui} {rest}".strip() if ui else name


def _level_hint(outline: int | None, style: _Style | None) -> int | None:
    """1-based heading level from the paragraph's or style's outline level, else from a
    ``Heading N``/``标题 N`` style name; ``None`` for body text (outline level 9)."""
    if outline is None and style is not None:
        outline = style.outline
    if outline is not None:
        return outline + 1 if 0 <= outline <= 8 else None
    m = _HEADING_STYLE.match(style.name) if style is not None else None
    return int(m.group(1)) if m else None


def _digit(el: etree._Element | None) -> int | None:
    """A single-digit ``w:val`` (levels 0–9), else ``None``."""
    v = el.get(VAL) if el is not None else None
    return int(v) if v is not None and len(v) == 1 and v in "0123456789" else None


def _num_pr(ppr: etree._Element) -> tuple[str, int | None] | None:
    np_ = ppr.find(WP + "numPr")
    if np_ is None:
        return None
    nid = np_.find(WP + "numId")
    il = np_.find(WP + "ilvl")
    ilvl = _digit(il)
    return (nid.get(VAL, "") if nid is not None else ""), ilvl


# --------------------------------------------------------------------------- reader
class _Reader(InlineReader):
    """The whole document: paragraphs, tables, the table of contents, notes and furniture."""

    def __init__(self, pkg: _Package, report: Document) -> None:
        super().__init__()
        self.pkg = pkg
        self.report = report
        styles_part = (pkg.related("styles") or ["word/styles.xml"])[0]
        self.styles, self.default_style = _styles(pkg.xml(styles_part))
        style_num = {sid: s.num for sid, s in self.styles.items() if s.num and s.num[0]}
        num_part = (pkg.related("numbering") or ["word/numbering.xml"])[0]
        self.numbering = Numbering(pkg.xml(num_part), style_num)  # type: ignore[arg-type]
        self.note_refs: list[tuple[str, str, int, str]] = []  # kind, id, block, locator
        self.alt_chunks = 0
        self._carry = ""  # text of paragraphs whose mark was deleted: joins the next one
        self._table_block: int | None = None  # block of the table being read (note refs)
        self._unknown_at: dict[str, int] = {}  # unknown numFmt -> block where it first shows
        self._cell_page: int | None = None

    # -- paragraphs ----------------------------------------------------------------------
    def _paragraph(self, p: etree._Element) -> tuple[str, str | None, str | None, int | None,
                                                     ParaState]:
        """(text, auto_number, style name, heading level, state) of one ``w:p``."""
        ppr = p.find(PPR)
        style_id = self.default_style
        num: tuple[str, int | None] | None = None
        outline: int | None = None
        if ppr is not None:
            ps = ppr.find(WP + "pStyle")
            if ps is not None:
                style_id = ps.get(VAL, style_id)
            num = _num_pr(ppr)
            outline = _digit(ppr.find(WP + "outlineLvl"))
        style = self.styles.get(style_id or "")
        st = ParaState(toc=self._in_toc())
        self._inline(p, st)
        # a field *code* never spans paragraphs: one left open is broken, so close it here
        # rather than hide the rest of the document (results may span paragraphs: TOC)
        while self.fields and not self.fields[-1].result:
            self.fields.pop()
        text = "".join(st.parts)
        mark = ppr.find(RPR) if ppr is not None else None
        if mark is not None and not text.strip() and on(mark.find(VANISH)):
            return "", None, (style.name if style else None), None, st  # a hidden paragraph
        if mark is not None and (mark.find(DEL) is not None or mark.find(MOVE_FROM) is not None):
            # a deleted paragraph mark: in the accepted view this text joins the next paragraph,
            # which keeps its own properties (and numbering); this one is not numbered
            self.revisions["deleted_paragraph_marks"] = \
                self.revisions.get("deleted_paragraph_marks", 0) + 1
            self._carry += text
            return "", None, (style.name if style else None), None, st
        if self._carry:
            text, self._carry = self._carry + text, ""
        label: str | None = None
        if not st.toc:
            label, text = self._number(num, style, style_id, text)
        return text, label, (style.name if style else None), _level_hint(outline, style), st

    def _number(self, num: tuple[str, int | None] | None, style: _Style | None,
                style_id: str | None, text: str) -> tuple[str | None, str]:
        """(label, text with the label) for a paragraph's numbering: its own ``numPr``, else its
        style's; a missing ``ilvl`` is the level linked to the style, else 0."""
        if (num is None or not num[0]) and style is not None and style.num and style.num[0]:
            num = (style.num[0], num[1] if num and num[1] is not None else style.num[1])
        if not num or not num[0]:
            return None, text
        ilvl = num[1]
        if ilvl is None:
            ilvl = self.numbering.level_for_style(num[0], style_id or "") or 0
        known = len(self.numbering.unknown_formats)
        rendered = self.numbering.label(num[0], ilvl)
        if len(self.numbering.unknown_formats) != known:  # where a new unknown format shows
            for fmt in self.numbering.unknown_formats:
                self._unknown_at.setdefault(fmt, len(self.report.blocks))
        if rendered is None or not rendered[0]:
            return None, text
        label, suff = rendered
        sep = "" if suff == "nothing" else " " if suff == "space" else \
            ("" if label[-1] in _NO_SEP else " ")
        return label, (label + sep + text.lstrip() if text.strip() else label)

    def _add_paragraph(self, p: etree._Element, locator: str, toc_mode: bool = False) -> None:
        text, label, style, level, st = self._paragraph(p)
        toc_style = _TOC_STYLE.match(style or "")
        if toc_mode or st.toc or toc_style:
            if not _TOC_TITLE.match(style or "") and "".join(text.split()) not in ("目录", "目次"):
                self._add_toc(text, toc_style, locator)
        elif text.strip():
            idx = len(self.report.blocks)
            self.report.blocks.append(Paragraph(
                text=text, style=style, heading_level=level, auto_number=label,
                provenance=Provenance(block=idx, locator=locator,
                                      page=st.page if st.page is not None else self.page)))
            for kind, nid in st.refs:
                self.note_refs.append((kind, nid, idx, locator))
        for i, box in enumerate(st.boxes, start=1):
            self._blocks(box, f"{locator}/txbx[{i}]", [0, 0])

    def _add_toc(self, text: str, toc_style: re.Match[str] | None, locator: str) -> None:
        text = text.strip()
        if not text:
            return
        page = None
        m = _TOC_PAGE.match(text)
        if m and m.group(1).strip():
            text, page = m.group(1).strip(), m.group(2)
        # Word copies a heading's number into its TOC entry followed by a tab ("一、\t基本情况"):
        # join it the way the heading itself is shown
        text = _TAB_AFTER_NUMBER.sub(
            lambda t: t.group(1) + ("" if t.group(1) in _NO_SEP else " "), text)
        self.report.toc.append(TocEntry(text=text, page=page,
                                        level=int(toc_style.group(1)) if toc_style else None,
                                        provenance=Provenance(locator=locator)))

    # -- block containers ----------------------------------------------------------------
    def _blocks(self, container: etree._Element, prefix: str, n: list[int],
                toc_mode: bool = False) -> None:
        """Block-level content in order; ``n`` counts paragraphs and tables for locators
        (content controls and custom XML are looked through, so they share their parent's)."""
        for ch in container:
            t = ch.tag
            if t == P:
                n[0] += 1
                self._add_paragraph(ch, f"{prefix}/p[{n[0]}]", toc_mode)
            elif t == TBL:
                n[1] += 1
                idx = len(self.report.blocks)
                self._table_block = idx
                table = read_table(ch, self._cell, f"{prefix}/tbl[{n[1]}]", idx,
                                   self.revisions)
                self._table_block = None
                if table is not None:
                    self.report.blocks.append(table)
            elif t == SDT:
                content = ch.find(SDT_CONTENT)
                if content is not None:
                    self._blocks(content, prefix, n, toc_mode or self._is_toc_sdt(ch))
            elif t == CUSTOM_XML or t == INS or t == MOVE_TO:
                self._blocks(ch, prefix, n, toc_mode)
            elif t == ALT:
                branch = self._alt_branch(ch)
                if branch is not None:
                    self._blocks(branch, prefix, n, toc_mode)
            elif t == WP + "altChunk":
                self.alt_chunks += 1

    @staticmethod
    def _is_toc_sdt(sdt: etree._Element) -> bool:
        pr = sdt.find(SDT_PR)
        if pr is None:
            return False
        for g in pr.iter(WP + "docPartGallery"):
            if "table of contents" in (g.get(VAL) or "").lower():
                return True
        return False

    def _cell(self, tc: etree._Element, locator: str) -> tuple[str, list[Table], int | None]:
        lines: list[str] = []
        nested: list[Table] = []
        carry, self._carry = self._carry, ""
        start, outer, self._cell_page = self.page, self._cell_page, None  # (nested tables)
        self._cell_content(tc, locator, lines, nested, [0, 0])
        page = self._cell_page if self._cell_page is not None else start
        self._carry, self._cell_page = carry, outer
        return "\n".join(lines), nested, page

    def _cell_content(self, parent: etree._Element, locator: str, lines: list[str],
                      nested: list[Table], counters: list[int]) -> None:
        for ch in parent:
            t = ch.tag
            if t == P:
                counters[0] += 1
                text, _label, _style, _level, st = self._paragraph(ch)
                if text.strip():
                    if not lines:
                        self._cell_page = st.page
                    lines.append(text.strip())
                if self._table_block is not None:
                    for kind, nid in st.refs:
                        self.note_refs.append((kind, nid, self._table_block, locator))
                for box in st.boxes:
                    self._cell_content(box, locator, lines, nested, counters)
            elif t == TBL:
                counters[1] += 1
                inner = read_table(ch, self._cell, f"{locator}/tbl[{counters[1]}]",
                                   None, self.revisions)
                if inner is not None:
                    nested.append(inner)
            elif t == SDT:
                content = ch.find(SDT_CONTENT)
                if content is not None:
                    self._cell_content(content, locator, lines, nested, counters)
            elif t == CUSTOM_XML or t == INS or t == MOVE_TO:
                self._cell_content(ch, locator, lines, nested, counters)
            elif t == ALT:
                branch = self._alt_branch(ch)
                if branch is not None:
                    self._cell_content(branch, locator, lines, nested, counters)

    # -- parts outside the body ----------------------------------------------------------
    def _plain_lines(self, root: etree._Element) -> list[str]:
        """Text lines of a header/footer/note part, without touching the body's state."""
        saved_fields, self.fields = self.fields, []
        carry, self._carry = self._carry, ""
        page, self.page = self.page, None
        lines: list[str] = []
        self._cell_content(root, "", lines, [], [0, 0])
        self.fields, self._carry, self.page = saved_fields, carry, page
        return lines

    def _notes(self) -> None:
        texts: dict[tuple[str, str], str] = {}
        for kind in ("footnote", "endnote"):
            for name in dict.fromkeys(self.pkg.related(kind + "s")):  # each part once
                root = self.pkg.xml(name)
                if root is None:
                    continue
                for n in root.iter(WP + kind):
                    if n.get(WP + "type") in ("separator", "continuationSeparator",
                                              "continuationNotice"):
                        continue
                    texts[(kind, n.get(WP + "id", ""))] = "\n".join(self._plain_lines(n))
        seq = {"footnote": 0, "endnote": 0}
        total = sum(len(texts.get((kind, nid), "")) for kind, nid, _, _ in self.note_refs)
        cap = self.pkg.limits.max_text_chars
        if total > cap:  # one long note referenced thousands of times: refuse before copying
            raise ReportParseError(self.pkg.path, "too_large",
                                   f"{len(self.note_refs):,} note references carry {total:,} "
                                   f"characters, over the {cap:,}-character limit "
                                   "(Limits.max_text_chars)")
        for kind, nid, block, locator in self.note_refs:
            seq[kind] += 1
            self.report.meta.notes.append(Note(
                kind=kind, ref=str(seq[kind]), text=texts.get((kind, nid), ""),  # type: ignore[arg-type]
                provenance=Provenance(block=block,
                                      locator=f"{locator}/{kind}Reference[@id={nid}]")))

    def _furniture(self) -> None:
        for kind, out in (("header", self.report.meta.headers),
                          ("footer", self.report.meta.footers)):
            for name in dict.fromkeys(self.pkg.related(kind)):  # one part, many references
                root = self.pkg.xml(name)
                if root is None:
                    continue
                text = "\n".join(self._plain_lines(root)).strip()
                if text and text not in out:
                    out.append(text)

    def _properties(self) -> None:
        """Core properties (title, creator, dates) to ``meta.properties``; the page count of
        Word's last layout to ``source.pages`` (app.xml's ``Pages`` is not trusted: templates
        and generators leave a stale ``1`` there)."""
        root = self.pkg.xml("docProps/core.xml")
        for el in root if root is not None else ():
            if isinstance(el.tag, str) and el.text and el.text.strip():
                self.report.meta.properties[etree.QName(el).localname] = el.text.strip()
        if self.page:
            self.report.source.pages = self.page

    # -- whole document ------------------------------------------------------------------
    def read(self) -> Document:
        root = self.pkg.xml(self.pkg.main)
        body = root.find(WP + "body") if root is not None else None
        if body is None:
            raise ReportParseError(self.pkg.path, "corrupt", "word/document.xml has no w:body")
        check_cells(sum(1 for _ in body.iter(WP + "tc")), self.pkg.path, self.pkg.limits)
        check_blocks(sum(1 for _ in body.iter(WP + "p")), self.pkg.path, self.pkg.limits)
        if next(body.iter(LRPB), None) is not None:
            self.page = 1
        self._blocks(body, "body", [0, 0])
        self._notes()
        self._furniture()
        self._properties()
        self._warnings()
        return self.report

    def _warnings(self) -> None:
        w = self.report.warnings
        dropped = self.revisions.pop("cells_dropped", 0)
        if dropped:
            w.append(Message(code="table_too_wide",
                             message=f"{dropped} table cell(s) beyond grid column 1000 "
                                     "were not read"))
        if self.revisions:
            detail = ", ".join(f"{v} {k.replace('_', ' ')}"
                               for k, v in sorted(self.revisions.items()))
            w.append(Message(code="unaccepted_revisions",
                             message=f"the document has unaccepted tracked changes ({detail}); "
                                     "read as if all were accepted"))
        for fmt in sorted(self.numbering.unknown_formats):
            w.append(Message(code="unknown_numbering_format",
                             message=f"automatic numbering format {fmt!r} is not known; "
                                     "its numbers were rendered as decimal",
                             provenance=Provenance(block=self._unknown_at.get(fmt))))
        if self.alt_chunks:
            w.append(Message(code="alt_chunk",
                             message=f"{self.alt_chunks} embedded altChunk part(s) were not read"))


def read(data: bytes, source: SourceInfo, options: ReadOptions) -> Document:
    """Read .docx bytes into a Document (blocks in body order, toc, notes, furniture)."""
    try:
        pkg = _Package(data, source.path, options.limits)
    except _OpenDocument:  # an .odt (also a zip): LibreOffice converts it to .docx
        from . import office

        return office.read(data, source, options)
    report = new_report(source, "docx")
    return _Reader(pkg, report).read()
