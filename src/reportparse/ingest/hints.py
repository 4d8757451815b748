"""Format hints shared by readers.

Why: readers give ``heading_level`` hints, and the structure stage treats a hinted paragraph
as a heading. A document title carrying such a hint (a ``#`` title, a bookmarked or
heading-styled title) would become one chapter around the whole report, so readers drop that
one hint here, by the same rule for every format.
"""

from __future__ import annotations

import regex

from ..models import Paragraph, Report
from ..patterns import load_patterns


def title_heading(report: Report, patterns: object) -> None:
    """Drop the heading hint of a document title.

    The hinted paragraph opening the document is the report's title, not a chapter around the
    whole report, when it is the only heading of its level or above (Markdown/HTML convention)
    or when it has no outline number, names a report (``patterns/captions.toml`` title words)
    and numbered headings follow (MinerU writes every heading as ``#``; some Word files give
    the title a heading style). The structure stage then takes it as the title."""
    paras = [b for b in report.blocks if isinstance(b, Paragraph)]
    if not paras or report.blocks[0] is not paras[0] or paras[0].heading_level is None:
        return
    first, rest = paras[0], [p for p in paras[1:] if p.heading_level is not None]
    if not rest:
        return
    p = load_patterns(patterns)  # type: ignore[arg-type]
    families = p.cached("ingest.markup.families", lambda q: [
        regex.compile(f["pattern"]) for f in q["headings"].get("family", [])])
    words = p["captions"].get("title", {}).get("words", [])

    def numbered(text: str) -> bool:
        return any(r.match(text) for r in families)

    lone = not any(h.heading_level <= first.heading_level for h in rest)  # type: ignore[operator]
    titled = (not numbered(first.text) and any(w in first.text for w in words)
              and any(numbered(h.text) for h in rest))
    if lone or titled:
        first.heading_level = None
