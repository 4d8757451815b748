"""WordprocessingML plumbing for the .docx annotator: find a block's element from its
provenance locator, map a paragraph's shown characters to the ``w:t`` nodes holding them, split
runs at a character, and place comment ranges.

Why a locator walk and not a new index in the model: the reader already records where each
paragraph (``body/p[12]``) and cell (``body/tbl[2]/tr[3]/tc[1]``) came from, counting through
content controls, custom XML, tracked insertions and one ``mc:AlternateContent`` branch; this
module counts the same way, so the model needs no docx-only field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from copy import deepcopy

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
P, R, T, TBL, TR, TC, PPR, RPR = (W + x for x in ("p", "r", "t", "tbl", "tr", "tc", "pPr", "rPr"))
SDT, SDT_CONTENT, CUSTOM_XML = W + "sdt", W + "sdtContent", W + "customXml"
INS, DEL, MOVE_TO, MOVE_FROM = W + "ins", W + "del", W + "moveTo", W + "moveFrom"
TAB, PTAB, BR, CR, SYM = W + "tab", W + "ptab", W + "br", W + "cr", W + "sym"
TXBX, VANISH = W + "txbxContent", W + "vanish"
ALT, CHOICE, FALLBACK = _MC + "AlternateContent", _MC + "Choice", _MC + "Fallback"
_BLOCK_WRAPPERS = (CUSTOM_XML, INS, MOVE_TO)
_ROW_WRAPPERS = (SDT, CUSTOM_XML, INS, MOVE_TO)
_INLINE_PASS = {W + "hyperlink", W + "smartTag", CUSTOM_XML, W + "dir", W + "bdo", INS, MOVE_TO,
                W + "fldSimple"}
_STEP = re.compile(r"^(p|tbl|tr|tc|txbx)\[(\d+)\]$")


# --------------------------------------------------------------------------- locators
def _alt_branch(alt: etree._Element) -> etree._Element | None:
    """The branch of mc:AlternateContent the reader reads: first Choice, else Fallback."""
    choice = alt.find(CHOICE)
    return choice if choice is not None else alt.find(FALLBACK)


def _blocks(container: etree._Element) -> Iterator[etree._Element]:
    """``w:p``/``w:tbl`` in the reader's counting order (looking through wrappers)."""
    for ch in container:
        t = ch.tag
        if t == P or t == TBL:
            yield ch
        elif t == SDT:
            content = ch.find(SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)
        elif t in _BLOCK_WRAPPERS:
            yield from _blocks(ch)
        elif t == ALT:
            branch = _alt_branch(ch)
            if branch is not None:
                yield from _blocks(branch)


def _rows(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    for ch in parent:
        if ch.tag == tag:
            yield ch
        elif ch.tag in _ROW_WRAPPERS:
            inner = ch.find(SDT_CONTENT) if ch.tag == SDT else ch
            if inner is not None:
                yield from _rows(inner, tag)


def _boxes(p: etree._Element) -> list[etree._Element]:
    """Outermost text boxes of a paragraph, skipping mc:Fallback copies."""
    out = []
    for box in p.iter(TXBX):
        anc = box.getparent()
        nested = False
        while anc is not None and anc is not p:
            if anc.tag == TXBX or anc.tag == FALLBACK:
                nested = True
                break
            anc = anc.getparent()
        if not nested:
            out.append(box)
    return out


def _nth(items: Iterator[etree._Element], tag: str, k: int) -> etree._Element | None:
    i = 0
    for el in items:
        if el.tag == tag:
            i += 1
            if i == k:
                return el
    return None


def resolve_locator(body: etree._Element, locator: str | None) -> etree._Element | None:
    """The element a reader locator names (``body/p[3]``, ``body/tbl[1]/tr[2]/tc[4]``,
    ``body/p[5]/txbx[1]/p[2]``), or ``None`` when the path does not lead anywhere."""
    if not locator or not locator.startswith("body"):
        return None
    el: etree._Element | None = body
    for step in locator.split("/")[1:]:
        m = _STEP.match(step)
        if m is None or el is None:
            return None
        kind, k = m.group(1), int(m.group(2))
        if kind in ("p", "tbl"):
            el = _nth(_blocks(el), W + kind, k)
        elif kind in ("tr", "tc"):
            el = _nth(_rows(el, W + kind), W + kind, k)
        else:
            boxes = _boxes(el) if el.tag == P else []
            el = boxes[k - 1] if 0 < k <= len(boxes) else None
    return el


def cell_paragraphs(tc: etree._Element) -> list[etree._Element]:
    """The cell's own paragraphs (not those of nested tables)."""
    return [b for b in _blocks(tc) if b.tag == P]


# --------------------------------------------------------------------------- characters
def shown_chars(p: etree._Element) -> list[tuple[etree._Element, str]]:
    """(element, text) pieces of a paragraph in the accepted view, in order: ``w:t`` nodes
    with their text; tabs, breaks and symbols as one character each (element kept so a run
    can be split before or after it)."""
    out: list[tuple[etree._Element, str]] = []
    _inline(p, out)
    return out


def _inline(parent: etree._Element, out: list[tuple[etree._Element, str]]) -> None:
    for ch in parent:
        t = ch.tag
        if t == R:
            _run(ch, out)
        elif t in _INLINE_PASS:
            _inline(ch, out)
        elif t == SDT:
            content = ch.find(SDT_CONTENT)
            if content is not None:
                _inline(content, out)
        elif t == ALT:
            branch = _alt_branch(ch)
            if branch is not None:
                _inline(branch, out)


def _run(r: etree._Element, out: list[tuple[etree._Element, str]]) -> None:
    rpr = r.find(RPR)
    if rpr is not None:
        v = rpr.find(VANISH)
        if v is not None and v.get(W + "val", "true") not in ("0", "false", "off"):
            return
    for x in r:
        if x.tag == T:
            if x.text:
                out.append((x, x.text))
        elif x.tag in (TAB, PTAB):
            out.append((x, "\t"))
        elif x.tag in (BR, CR) and x.get(W + "type") not in ("page", "column"):
            out.append((x, "\n"))
        elif x.tag == SYM:
            out.append((x, "\ufffc"))


def _split_text(t: etree._Element, k: int) -> etree._Element:
    """Split a ``w:t`` at character ``k`` (0 < k < len); return the new node holding the rest."""
    rest = etree.Element(T)
    rest.text = t.text[k:]  # type: ignore[index]
    t.text = t.text[:k]  # type: ignore[index]
    for node in (t, rest):
        node.set(XML_SPACE, "preserve")
    t.addnext(rest)
    return rest


def _split_run_before(child: etree._Element) -> etree._Element:
    """Split the run holding ``child`` so that ``child`` starts a run (a copy of the run's
    properties); return that run."""
    r = child.getparent()
    assert r is not None
    if all(x.tag == RPR for x in child.itersiblings(preceding=True)):
        return r
    r2 = etree.Element(R, attrib=dict(r.attrib))
    rpr = r.find(RPR)
    if rpr is not None:
        r2.append(deepcopy(rpr))
    moving = [child] + list(child.itersiblings())
    for x in moving:
        r2.append(x)
    r.addnext(r2)
    return r2


def isolate(pieces: list[tuple[etree._Element, str]], a: int, b: int
            ) -> tuple[etree._Element, etree._Element]:
    """Split runs so characters [a, b) of the shown text are whole runs; return (first run,
    last run). ``pieces`` is :func:`shown_chars`' output (it is stale afterwards)."""
    start_el, ks = _find(pieces, a)
    end_el, ke = _find(pieces, b - 1)
    if start_el.tag == T and ks > 0:
        rest = _split_text(start_el, ks)
        if end_el is start_el:
            end_el, ke = rest, ke - ks
        start_el = rest
    if end_el.tag == T and ke + 1 < len(end_el.text or ""):
        after = _split_text(end_el, ke + 1)
    else:
        after = end_el.getnext()
    if after is not None:
        _split_run_before(after)
    first = _split_run_before(start_el)
    last = end_el.getparent()
    assert last is not None
    return first, last


def _find(pieces: list[tuple[etree._Element, str]], i: int) -> tuple[etree._Element, int]:
    pos = 0
    for el, text in pieces:
        if pos <= i < pos + len(text):
            return el, i - pos
        pos += len(text)
    raise IndexError(i)


# --------------------------------------------------------------------------- comment marks
def _p_level(el: etree._Element) -> etree._Element:
    """The ancestor of ``el`` (or itself) that is a direct child of its paragraph."""
    while el.getparent() is not None and el.getparent().tag != P:  # type: ignore[union-attr]
        el = el.getparent()  # type: ignore[assignment]
    return el


def mark_range(first: etree._Element, last: etree._Element, cid: int) -> None:
    """commentRangeStart before run ``first``, commentRangeEnd after run ``last`` and a
    commentReference run after it (at paragraph level, outside any tracked change)."""
    start = etree.Element(W + "commentRangeStart")
    start.set(W + "id", str(cid))
    first.addprevious(start)
    end = etree.Element(W + "commentRangeEnd")
    end.set(W + "id", str(cid))
    last.addnext(end)
    ref = etree.Element(R)
    etree.SubElement(ref, W + "commentReference").set(W + "id", str(cid))
    _p_level(end).addnext(ref)


def mark_paragraphs(first_p: etree._Element, last_p: etree._Element, cid: int) -> None:
    """A comment range over whole paragraphs (a cell, a table, a heading)."""
    start = etree.Element(W + "commentRangeStart")
    start.set(W + "id", str(cid))
    ppr = first_p.find(PPR)
    if ppr is not None:
        ppr.addnext(start)
    else:
        first_p.insert(0, start)
    end = etree.SubElement(last_p, W + "commentRangeEnd")
    end.set(W + "id", str(cid))
    ref = etree.SubElement(last_p, R)
    etree.SubElement(ref, W + "commentReference").set(W + "id", str(cid))


# highlight: w:rPr children after w:highlight in the schema's sequence
_AFTER_HIGHLIGHT = {W + x for x in ("u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl",
                                    "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath",
                                    "rPrChange")}


def highlight_range(paragraphs: list[etree._Element], cid: int, colour: str) -> None:
    """Give every run inside comment ``cid``'s range a highlight colour."""
    inside = False
    for p in paragraphs:
        for el in p.iter():
            if el.tag == W + "commentRangeStart" and el.get(W + "id") == str(cid):
                inside = True
            elif el.tag == W + "commentRangeEnd" and el.get(W + "id") == str(cid):
                return
            elif inside and el.tag == R and el.find(W + "commentReference") is None:
                _highlight(el, colour)


def _highlight(r: etree._Element, colour: str) -> None:
    rpr = r.find(RPR)
    if rpr is None:
        rpr = etree.Element(RPR)
        r.insert(0, rpr)
    old = rpr.find(W + "highlight")
    if old is not None:
        rpr.remove(old)
    hl = etree.Element(W + "highlight")
    hl.set(W + "val", colour)
    for ch in rpr:
        if ch.tag in _AFTER_HIGHLIGHT:
            ch.addprevious(hl)
            return
    rpr.append(hl)
