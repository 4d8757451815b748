"""The inline half of the .docx reader: what a paragraph's children say, one handler a kind.

A paragraph (``w:p``) holds runs, tracked insertions and deletions, hyperlinks, content
controls, math and ruby; a run (``w:r``) holds text, tabs, breaks, field characters, symbols,
note references and drawings with text boxes. Each kind of element has one small method and
the two tables at the bottom (:data:`_RUN_HANDLERS`, :data:`_INLINE_HANDLERS`) say which; an
element no table names is skipped. State that spans paragraphs — open fields, the page Word
last laid the text on, revision counts — lives on the reader (:class:`InlineReader`), which
:class:`~.docx._Reader` extends with paragraphs, tables and parts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from .docx_numbering import BULLET_GLYPHS, WP

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"

P, R, T, TBL, PPR, RPR = (WP + x for x in ("p", "r", "t", "tbl", "pPr", "rPr"))
TAB, PTAB, BR, CR, SYM = (WP + x for x in ("tab", "ptab", "br", "cr", "sym"))
FLDCHAR, INSTR, FLDSIMPLE = WP + "fldChar", WP + "instrText", WP + "fldSimple"
INS, DEL, MOVE_TO, MOVE_FROM = (WP + x for x in ("ins", "del", "moveTo", "moveFrom"))
HYPERLINK, SMART_TAG, CUSTOM_XML = WP + "hyperlink", WP + "smartTag", WP + "customXml"
SDT, SDT_CONTENT, SDT_PR = WP + "sdt", WP + "sdtContent", WP + "sdtPr"
DRAWING, PICT, OBJECT, TXBX = WP + "drawing", WP + "pict", WP + "object", WP + "txbxContent"
FOOTREF, ENDREF = WP + "footnoteReference", WP + "endnoteReference"
RUBY, RUBY_BASE = WP + "ruby", WP + "rubyBase"
ALT, CHOICE, FALLBACK = _MC + "AlternateContent", _MC + "Choice", _MC + "Fallback"
OMATH, OMATH_PARA, MT = _M + "oMath", _M + "oMathPara", _M + "t"
VAL = WP + "val"
VANISH = WP + "vanish"
LRPB = WP + "lastRenderedPageBreak"

_PASS_THROUGH = {HYPERLINK, SMART_TAG, CUSTOM_XML, WP + "dir", WP + "bdo", INS, MOVE_TO, FLDSIMPLE}
_DROPPED = {DEL, MOVE_FROM}
MAX_FIELD_DEPTH = 32


def on(el: etree._Element | None) -> bool:
    """A toggle property (``<w:vanish/>``, ``<w:vanish w:val="0"/>``) that is present and on."""
    return el is not None and el.get(VAL, "true") not in ("0", "false", "off")


@dataclass
class _Field:
    instr: str = ""
    result: bool = False


@dataclass
class ParaState:
    """What one paragraph's walk collects besides its text."""

    parts: list[str] = field(default_factory=list)
    boxes: list[etree._Element] = field(default_factory=list)
    refs: list[tuple[str, str]] = field(default_factory=list)  # (kind, note id)
    toc: bool = False
    page: int | None = None  # the page its first text is on


class InlineReader:
    """Walks paragraph content into a :class:`ParaState`; counts revisions on the way."""

    def __init__(self) -> None:
        self.fields: list[_Field] = []
        self.revisions: dict[str, int] = {}
        self._fields_ignored = 0
        # page numbers as Word last laid the document out (w:lastRenderedPageBreak); None when
        # the file carries no such marks (written by another program): no page is guessed
        self.page: int | None = None

    def _emit(self) -> bool:
        for f in self.fields:
            if not f.result:
                return False
        return True

    def _shown(self) -> bool:
        """Text is shown outside fields and in field results, never in field codes."""
        return not self.fields or self._emit()

    def _run(self, r: etree._Element, st: ParaState) -> None:
        """One ``w:r``: each child element handled by its kind (:data:`_RUN_HANDLERS`)."""
        for x in r:
            handler = _RUN_HANDLERS.get(x.tag)
            if handler is not None and handler(self, x, st):
                return  # a hidden run (w:vanish): nothing more of it is shown

    # Run children, one handler per kind: True ends the run (it is hidden).
    def _text(self, x: etree._Element, st: ParaState) -> bool:
        if self._shown():
            st.parts.append(x.text or "")
            if st.page is None:
                st.page = self.page
        return False

    def _run_props(self, x: etree._Element, st: ParaState) -> bool:
        return on(x.find(VANISH))

    def _tab(self, x: etree._Element, st: ParaState) -> bool:
        if self._shown():
            st.parts.append("\t")
        return False

    def _break(self, x: etree._Element, st: ParaState) -> bool:
        if x.get(WP + "type") not in ("page", "column") and self._shown():
            st.parts.append("\n")
        return False

    def _fld_char(self, el: etree._Element, st: ParaState) -> bool:
        kind = el.get(WP + "fldCharType")
        if kind == "begin":
            if len(self.fields) >= MAX_FIELD_DEPTH:  # hostile nesting: count, do not track
                self._fields_ignored += 1
            else:
                self.fields.append(_Field())
        elif kind == "separate" and self.fields and not self._fields_ignored:
            self.fields[-1].result = True
        elif kind == "end":
            if self._fields_ignored:
                self._fields_ignored -= 1
            elif self.fields:
                self.fields.pop()
        if self._in_toc():
            st.toc = True
        return False

    def _in_toc(self) -> bool:
        return any(f.result and f.instr.lstrip().upper().startswith("TOC") for f in self.fields)

    def _instr_text(self, x: etree._Element, st: ParaState) -> bool:
        if self.fields and not self.fields[-1].result and len(self.fields[-1].instr) < 200:
            self.fields[-1].instr += x.text or ""
        return False

    def _page_mark(self, x: etree._Element, st: ParaState) -> bool:
        if self.page is not None:
            self.page += 1
        return False

    def _note_ref(self, x: etree._Element, st: ParaState) -> bool:
        st.refs.append(("footnote" if x.tag == FOOTREF else "endnote", x.get(WP + "id", "")))
        return False

    def _drawing(self, x: etree._Element, st: ParaState) -> bool:
        self._boxes(x, st)
        return False

    def _alt_in_run(self, x: etree._Element, st: ParaState) -> bool:
        branch = self._alt_branch(x)
        if branch is not None:
            self._boxes(branch, st)
        return False

    def _sym(self, x: etree._Element, st: ParaState) -> bool:
        try:
            glyph = chr(int(x.get(WP + "char", ""), 16))
        except (ValueError, OverflowError):
            return False
        if glyph in BULLET_GLYPHS:
            st.parts.append(BULLET_GLYPHS[glyph])
        elif "\uf020" <= glyph <= "\uf07e":  # Symbol font: the ASCII range
            st.parts.append(chr(ord(glyph) - 0xF000))
        else:
            st.parts.append(glyph)
        return False

    def _hyphen(self, x: etree._Element, st: ParaState) -> bool:
        st.parts.append("-")
        return False

    @staticmethod
    def _alt_branch(alt: etree._Element) -> etree._Element | None:
        """One branch of mc:AlternateContent: the first Choice, else the Fallback."""
        choice = alt.find(CHOICE)
        return choice if choice is not None else alt.find(FALLBACK)

    def _boxes(self, el: etree._Element, st: ParaState) -> None:
        """Text boxes under a drawing/pict/AlternateContent branch (outermost only)."""
        for ch in el:
            if ch.tag == TXBX:
                st.boxes.append(ch)
            elif ch.tag == ALT:
                branch = self._alt_branch(ch)
                if branch is not None:
                    self._boxes(branch, st)
            elif isinstance(ch.tag, str):
                self._boxes(ch, st)

    def _inline(self, parent: etree._Element, st: ParaState) -> None:
        """Paragraph-level content: each child handled by its kind (:data:`_INLINE_HANDLERS`)."""
        for ch in parent:
            handler = _INLINE_HANDLERS.get(ch.tag)
            if handler is not None:
                handler(self, ch, st)

    # Paragraph children, one handler per kind.
    def _inserted(self, ch: etree._Element, st: ParaState) -> None:
        self.revisions["insertions"] = self.revisions.get("insertions", 0) + 1
        self._inline(ch, st)

    def _deleted(self, ch: etree._Element, st: ParaState) -> None:
        self.revisions["deletions"] = self.revisions.get("deletions", 0) + 1

    def _content_control(self, ch: etree._Element, st: ParaState) -> None:
        content = ch.find(SDT_CONTENT)
        if content is not None:
            self._inline(content, st)

    def _alt_inline(self, ch: etree._Element, st: ParaState) -> None:
        branch = self._alt_branch(ch)
        if branch is not None:
            self._inline(branch, st)

    def _math(self, ch: etree._Element, st: ParaState) -> None:
        st.parts.extend(m.text or "" for m in ch.iter(MT))

    def _ruby(self, ch: etree._Element, st: ParaState) -> None:
        base = ch.find(RUBY_BASE)
        if base is not None:
            self._inline(base, st)


_R = InlineReader  # the handlers below are its methods, called as handler(reader, el, state)
_RunHandler = Callable[[InlineReader, etree._Element, ParaState], bool]
_InlineHandler = Callable[[InlineReader, etree._Element, ParaState], None]
_RUN_HANDLERS: dict[object, _RunHandler] = {
    T: _R._text, RPR: _R._run_props, TAB: _R._tab, PTAB: _R._tab, BR: _R._break,
    CR: _R._break, FLDCHAR: _R._fld_char, INSTR: _R._instr_text, LRPB: _R._page_mark,
    FOOTREF: _R._note_ref, ENDREF: _R._note_ref, DRAWING: _R._drawing, PICT: _R._drawing,
    OBJECT: _R._drawing, ALT: _R._alt_in_run, SYM: _R._sym, WP + "noBreakHyphen": _R._hyphen,
}
_INLINE_HANDLERS: dict[object, _InlineHandler] = {
    R: _R._run, **dict.fromkeys(_PASS_THROUGH - {INS, MOVE_TO}, _R._inline),
    INS: _R._inserted, MOVE_TO: _R._inserted, **dict.fromkeys(_DROPPED, _R._deleted),
    SDT: _R._content_control, ALT: _R._alt_inline, OMATH: _R._math, OMATH_PARA: _R._math,
    RUBY: _R._ruby,
}
