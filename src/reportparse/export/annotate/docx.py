"""Findings as Word comments in a copy of the .docx (issue 16).

Each finding at or above ``min_severity`` becomes one comment (author ``reportparse``, initials
``RP``) anchored on the runs of the value it calls wrong — runs are split at the value's first
and last character — or on the whole cell's paragraphs for a table value. The comment says the
message, expected vs actual, the other values involved and the rule id.

The package is rewritten member by member: only the main document part, the comments part, the
main part's relationships and ``[Content_Types].xml`` change; every other member is copied with
the same bytes. The caller hands in the members already read through the project's zip safety
checks and a safe XML parser (this module reads no file and imports no reader).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime, UTC

from lxml import etree

from ...models import Finding, Location, Paragraph, Report, Table
from ..locate import Place, heading_of, locate, narrowed
from . import AUTHOR, INITIALS, Precision, Tally, note_lines, primary, selected
from .docx_xml import (P, R, T, W, XML_SPACE, cell_paragraphs, highlight_range, isolate,
                       mark_paragraphs, mark_range, resolve_locator, shown_chars)

XmlParser = Callable[[bytes, str], etree._Element]
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
HIGHLIGHT = {"error": "red", "warning": "yellow", "info": "cyan"}
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class _Part:
    """One XML member being rewritten (parsed, changed, serialised)."""

    def __init__(self, name: str, root: etree._Element, new: bool = False) -> None:
        self.name, self.root, self.new, self.changed = name, root, new, new

    def bytes(self) -> bytes:
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8",
                              standalone=True)


def _main_part(parts: dict[str, bytes], parse: XmlParser) -> str:
    if "_rels/.rels" in parts:
        for rel in parse(parts["_rels/.rels"], "_rels/.rels").iter(_PKG_REL + "Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                return rel.get("Target", "").lstrip("/")
    return "word/document.xml"


class _Package:
    """The parts the annotator changes, and how comments are wired into the package."""

    def __init__(self, members: Sequence[tuple[zipfile.ZipInfo, bytes]], parse: XmlParser):
        self.members = members
        parts = {info.filename: data for info, data in members}
        self.main_name = _main_part(parts, parse)
        self.main = _Part(self.main_name, parse(parts[self.main_name], self.main_name))
        d, base = posixpath.split(self.main_name)
        rels_name = posixpath.join(d, "_rels", base + ".rels")
        self.rels = _Part(rels_name, parse(parts[rels_name], rels_name)) if rels_name in parts \
            else _Part(rels_name, etree.Element(_PKG_REL + "Relationships"), new=True)
        self.types = _Part("[Content_Types].xml",
                           parse(parts["[Content_Types].xml"], "[Content_Types].xml"))
        self.comments = self._comments(parts, parse, d)

    def _comments(self, parts: dict[str, bytes], parse: XmlParser, d: str) -> _Part:
        for rel in self.rels.root.iter(_PKG_REL + "Relationship"):
            if rel.get("Type") == COMMENTS_TYPE and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                name = target.lstrip("/") if target.startswith("/") else \
                    posixpath.normpath(posixpath.join(d, target))
                if name in parts:
                    return _Part(name, parse(parts[name], name))
        name = posixpath.join(d, "comments.xml")
        ids = {rel.get("Id") for rel in self.rels.root.iter(_PKG_REL + "Relationship")}
        rid = next(f"rIdRP{k}" for k in range(1, len(ids) + 2) if f"rIdRP{k}" not in ids)
        etree.SubElement(self.rels.root, _PKG_REL + "Relationship",
                         Id=rid, Type=COMMENTS_TYPE, Target="comments.xml")
        self.rels.changed = True
        if not any(o.get("PartName") == "/" + name for o in self.types.root):
            etree.SubElement(self.types.root, _CT + "Override", PartName="/" + name,
                             ContentType=COMMENTS_CT)
            self.types.changed = True
        return _Part(name, etree.Element(W + "comments", nsmap={"w": W[1:-1]}), new=True)

    def next_id(self) -> int:
        ids = [int(v) for root in (self.comments.root, self.main.root)
               for el in root.iter(W + "comment", W + "commentRangeStart", W + "commentReference")
               if (v := el.get(W + "id", "")).isdigit()]
        return max(ids, default=-1) + 1

    def write(self) -> bytes:
        self.main.changed = self.comments.changed = True
        changed = {p.name: p for p in (self.main, self.comments, self.rels, self.types)
                   if p.changed}
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for info, data in self.members:
                part = changed.pop(info.filename, None)
                z.writestr(info, part.bytes() if part is not None else data)
            for part in changed.values():  # new parts (comments, relationships)
                info = zipfile.ZipInfo(part.name, date_time=self.members[0][0].date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, part.bytes())
        return buf.getvalue()


def _comment(cid: int, lines: list[str], when: str) -> etree._Element:
    c = etree.Element(W + "comment")
    for k, v in (("id", str(cid)), ("author", AUTHOR), ("date", when), ("initials", INITIALS)):
        c.set(W + k, v)
    for i, line in enumerate(lines):
        p = etree.SubElement(c, P)
        if i == 0:
            etree.SubElement(etree.SubElement(p, R), W + "annotationRef")
        t = etree.SubElement(etree.SubElement(p, R), T)
        t.text = _XML_BAD.sub("", line)
        t.set(XML_SPACE, "preserve")
    return c


# --------------------------------------------------------------------------- anchoring
def _occurrence(shown: str, value: str, near: int) -> int | None:
    """The start of the occurrence of ``value`` in ``shown`` nearest to ``near``."""
    hits = [m.start() for m in re.finditer(re.escape(value), shown)]
    return min(hits, key=lambda k: abs(k - near)) if hits else None


def _on_span(blk: Paragraph, p: etree._Element, s: int, e: int, cid: int) -> bool:
    """Anchor on the runs of characters [s, e) of the block's text; False when the paragraph
    does not show them."""
    value = blk.text[s:e]
    lead = len(value) - len(value.lstrip())
    value = value.strip()
    if not value:
        return False
    pieces = shown_chars(p)
    shown = "".join(text for _, text in pieces)
    k = _occurrence(shown, value, s + lead - (len(blk.text) - len(shown)))
    if k is None:
        return False
    first, last = isolate(pieces, k, k + len(value))
    mark_range(first, last, cid)
    return True


def _cells_range(report: Report, body: etree._Element, table: int,
                 cells: list[tuple[int, int]]) -> list[etree._Element]:
    t = report.blocks[table]
    assert isinstance(t, Table)
    paras: list[etree._Element] = []
    for rc in (cells[0], cells[-1]) if len(cells) > 1 else cells:
        c = t.cell_at(*rc)
        tc = resolve_locator(body, c.provenance.locator) if c is not None else None
        got = cell_paragraphs(tc) if tc is not None else []
        if not got:
            return []
        paras.extend(got)
    return paras


def _anchor_place(report: Report, body: etree._Element, place: Place, cid: int
                  ) -> tuple[list[etree._Element], bool] | None:
    """Comment ``cid`` anchored on the place; (paragraphs covered, exactly on the value)."""
    blk = report.blocks[place.block]
    if isinstance(blk, Table):
        cells = list(place.cells)
        if not cells and blk.cells:  # the whole table: its first cell to its last
            cells = [(c.row, c.col) for c in (blk.cells[0], blk.cells[-1])]
        paras = _cells_range(report, body, place.block, cells) if cells else []
        if not paras:
            return None
        mark_paragraphs(paras[0], paras[-1], cid)
        return paras, place.exact and len(place.cells) == 1
    p = resolve_locator(body, blk.provenance.locator)
    if p is None or p.tag != P:
        return None
    if place.span is not None and _on_span(blk, p, *place.span, cid):
        return [p], place.exact
    mark_paragraphs(p, p, cid)
    return [p], False


def _fallback(report: Report, body: etree._Element, loc: Location | None,
              place: Place | None, cid: int) -> list[etree._Element]:
    """The nearest heading's paragraph (else the first paragraph) carries the comment."""
    near = place.block if place is not None else \
        (loc.table if loc is not None and loc.table is not None else
         loc.block if loc is not None else None)
    h = heading_of(report, near, loc.section if loc is not None else None)
    p = None
    if h is not None:
        p = resolve_locator(body, report.blocks[h].provenance.locator)
    if p is None or p.tag != P:
        p = next(body.iter(P))
    mark_paragraphs(p, p, cid)
    return [p]


def _anchor(report: Report, body: etree._Element, f: Finding, cid: int
            ) -> tuple[Precision, str | None, list[etree._Element]]:
    i = primary(f)
    loc = f.locations[i] if i is not None else None
    place = locate(report, loc) if loc is not None else None
    if place is not None and loc is not None and 0 <= place.block < len(report.blocks):
        place = narrowed(report, place, loc)
    if place is not None and 0 <= place.block < len(report.blocks):
        got = _anchor_place(report, body, place, cid)
        if got is not None:
            paras, exact = got
            if exact:
                return "exact", None, paras
            return "approximate", f"“{loc.text}”未能精确定位到字符，批注标在所在段落或单元格" \
                if loc is not None else None, paras
    reason = "该问题没有指明位置" if loc is None else \
        f"“{loc.text or loc.label or ''}”在文档中找不到对应位置，批注标在最近的标题"
    return "unanchored", reason, _fallback(report, body, loc, place, cid)


def annotate_docx(report: Report, members: Sequence[tuple[zipfile.ZipInfo, bytes]],
                  parse: XmlParser, *, min_severity: str = "warning", highlight: bool = False,
                  when: datetime | None = None) -> tuple[bytes, Tally]:
    """The annotated package's bytes and the tally of how each finding was anchored.

    ``members`` are the input's zip members (info, bytes) in order, read through the zip
    safety checks; ``parse`` parses one member's XML safely (``parse(data, name)``)."""
    pkg = _Package(members, parse)
    body = pkg.main.root.find(W + "body")
    if body is None or next(body.iter(P), None) is None:
        raise ValueError("the document has no body paragraphs to anchor comments on")
    stamp = (when or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    tally = Tally()
    cid = pkg.next_id()
    for f in selected(report.findings, min_severity):
        how, reason, paras = _anchor(report, body, f, cid)
        tally.add(how)
        pkg.comments.root.append(_comment(cid, note_lines(f, primary(f), reason), stamp))
        if highlight:
            highlight_range(paras, cid, HIGHLIGHT[f.severity])
        cid += 1
    return pkg.write(), tally
