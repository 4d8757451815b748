"""Format hints shared by readers.

Why: readers give ``heading_level`` hints, and the structure stage treats a hinted paragraph
as a heading. A document title carrying such a hint (a ``#`` title, a bookmarked or
heading-styled title) would become one chapter around the whole report, so readers drop that
one hint here, by the same rule for every format.
"""

from __future__ import annotations

import regex

from ..models import Paragraph, Document
from ..patterns import Patterns, load_patterns


def heading_markers(p: Patterns) -> list[regex.Pattern[str]]:
    """The heading-grammar families (``patterns/headings.toml``), compiled once."""
    return p.cached("ingest.heading_markers", lambda q: [  # type: ignore[no-any-return]
        regex.compile(f["pattern"]) for f in q["headings"].get("family", [])])


FRONT_BLOCKS = 5  # a title stands among the first blocks (after a running header, a cover line)


def front_heading(report: Document) -> Paragraph | None:
    """The first hinted paragraph, if only unhinted paragraphs come before it, near the top."""
    for b in report.blocks[:FRONT_BLOCKS]:
        if not isinstance(b, Paragraph):
            return None
        if b.heading_level is not None:
            return b
    return None


def title_heading(report: Document, patterns: object) -> None:
    """Drop the heading hint of a document title.

    The first hinted paragraph, near the top with nothing hinted before it, is the title, not a chapter around the
    whole report, when it is the only heading of its level or above (Markdown/HTML convention)
    or when it has no outline number, names a report (``patterns/captions.toml`` title words)
    and numbered headings follow (MinerU writes every heading as ``#``; some Word files give
    the title a heading style). The structure stage then takes it as the title."""
    first = front_heading(report)
    if first is None:
        return
    rest = [b for b in report.blocks if isinstance(b, Paragraph) and b is not first
            and b.heading_level is not None]
    if not rest:
        return
    p = load_patterns(patterns)  # type: ignore[arg-type]
    families = heading_markers(p)
    words = p["captions"].get("title", {}).get("words", [])

    def numbered(text: str) -> bool:
        return any(r.match(text) for r in families)

    lone = not any(h.heading_level <= first.heading_level for h in rest)  # type: ignore[operator]
    titled = (not numbered(first.text) and any(w in first.text for w in words)
              and any(numbered(h.text) for h in rest))
    if lone or titled:
        first.heading_level = None
