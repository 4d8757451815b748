"""Problems and suggestions as lists of points.

A point is a numbered child section of a ``problems``/``suggestions`` section (the structure
stage makes ``1.项目缺少…。`` a child section with ``title`` = the title sentence, ``lead`` = the
rest of its paragraph, ``blocks`` = its body). Its ``subpoints`` are the inline enumerations
(一是…二是…) of its lead and body paragraphs, and any deeper numbered sections. A section with
no numbered children gives one point per body paragraph (title = first sentence).

Keywords (``PointItem.keywords``, computed on first access) come from jieba's TF-IDF through
:func:`keywords`, which this module registers with the model (the model imports no stage);
jieba is imported lazily (it costs ~0.7 s to load), so a batch can tally recurring problems
across reports while parsing alone never loads jieba.
"""

from __future__ import annotations

import regex as re

from ..models import (
    Block,
    Paragraph,
    Point,
    PointItem,
    Ref,
    Document,
    Section,
    register_keywords,
)
from ..patterns import Patterns, load_patterns
from ..structure.inline import Enumerator

_FIRST_SENTENCE = re.compile(r"^(.+?[。！？；;])(.*)$", re.S)


def keywords(text: str, top: int = 8, patterns: Patterns | None = None) -> list[str]:
    """The ``top`` TF-IDF keywords of ``text`` (jieba, loaded on first use), without the
    words that say nothing about *which* problem (sections.toml ``[points] keyword_stops``)."""
    if not text.strip():
        return []
    import jieba  # lazy: ~0.7 s to load its dictionary
    import jieba.analyse

    stop: frozenset[str] = load_patterns(patterns).cached("extract.points.stops", lambda p: (
        frozenset(p["sections"]["points"]["keyword_stops"])))
    jieba.setLogLevel(60)
    tags = jieba.analyse.extract_tags(text, topK=top + len(stop))
    return [t for t in tags if t not in stop and not t.isdigit()][:top]



register_keywords(keywords)  # the model computes PointItem.keywords with it, lazily


def _subpoints(report: Document, section: Section, patterns: Patterns) -> list[Point]:
    out: list[Point] = []
    if section.lead:
        lead = Paragraph(text=section.lead)
        Enumerator(patterns).split(lead)
        out.extend(lead.points)
    for i in sorted(set(section.blocks)):
        b = report.blocks[i]
        if isinstance(b, Paragraph):
            out.extend(b.points)
    for child in section.children:  # deeper numbered items are sub-points too
        para = report.blocks[child.heading_block] if child.heading_block is not None else None
        span = para.provenance.span if isinstance(para, Paragraph) else None
        text = report.section_text(child)
        out.append(Point(marker=child.number, text=f"{child.title}{text and chr(10) + text}",
                         span=span))
    return out


def _body(report: Document, section: Section) -> str:
    return report.section_text(section)


def _point_of_section(report: Document, s: Section, parent: Section,
                      patterns: Patterns) -> PointItem:
    head = report.blocks[s.heading_block] if s.heading_block is not None else None
    ref = Ref(block=s.heading_block, span=head.provenance.span if isinstance(head, Paragraph)
              else None) if s.heading_block is not None else None
    return PointItem(number=s.number, title=s.title, body=_body(report, s),
                     subpoints=_subpoints(report, s, patterns), section=parent.heading,
                     ref=ref)


def _ref(para: Block, span: tuple[int, int] | None) -> Ref | None:
    """A span of a paragraph (its block index is the reader's record of it)."""
    return Ref(block=para.provenance.block, span=span) if para.provenance.block is not None \
        else None


def _split_title(text: str) -> tuple[str, str]:
    m = _FIRST_SENTENCE.match(text.strip())
    return (m.group(1), m.group(2).strip()) if m else (text.strip(), "")


def _points_of_paragraphs(report: Document, s: Section) -> list[PointItem]:
    """Points of a section without numbered children: its inline enumeration (一是…二是…)
    when it has one, else one point per body paragraph (title = first sentence)."""
    paras = [b for b in (report.blocks[i] for i in s.blocks) if isinstance(b, Paragraph) and b.role == "body" and b.text.strip()]
    out: list[PointItem] = []
    if any(b.points for b in paras):
        for b in paras:
            for pt in b.points:
                title, body = _split_title(pt.text[len(pt.marker):])
                out.append(PointItem(number=pt.marker, title=title, body=body,
                                     section=s.heading, ref=_ref(b, pt.span)))
        return out
    for b in paras:
        title, body = _split_title(b.text)
        out.append(PointItem(title=title, body=body, subpoints=list(b.points),
                             section=s.heading, ref=_ref(b, b.provenance.span)))
    return out


def section_points(report: Document, kind: str, patterns: Patterns) -> list[PointItem]:
    """The points of every outermost section of ``kind`` (``problems``/``suggestions``)."""
    out: list[PointItem] = []
    for sec in report.sections_of(kind):
        if sec.children:
            out.extend(_point_of_section(report, c, sec, patterns) for c in sec.children)
        else:
            out.extend(_points_of_paragraphs(report, sec))
    return out
