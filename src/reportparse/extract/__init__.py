"""Extraction: typed tables, the main score, narrative facts, problems/suggestions, metadata.

``extract(doc, patterns) -> Extraction`` reads a :class:`~reportparse.models.Document` and
returns what it states — typed tables, the score, facts, problems, suggestions and metadata —
leaving the document as it was. It reads the model only (never a reader, never the checker).
Modules:

* :mod:`.numbers` — exact figures (Decimal, units, precision, hedges, Chinese numerals);
* :mod:`.tables` — table kinds by header signature → typed models;
* :mod:`.facts` — narrative statements with provenance;
* :mod:`.points` — problems and suggestions as points;
* :mod:`.meta` — stated metadata.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import Document, Extraction
    from ..patterns import Patterns

__all__ = ["extract"]


def extract(doc: Document, patterns: Patterns | str | None = None) -> Extraction:
    """Typed tables, score, facts, problems, suggestions and stated metadata of ``doc``.

    The stage's modules load on first call: ``import reportparse`` binds this function as
    ``reportparse.extract`` up front, which has to stay cheap.
    """
    from ..models import Extraction
    from ..patterns import load_patterns
    from .facts import bind_counts, extract_facts
    from .meta import extract_meta
    from .points import section_points
    from .score_choice import choose_score
    from .scores import bind_sections
    from .tables import read_tables

    p = load_patterns(patterns)
    typed = read_tables(doc, p)
    facts = bind_counts(extract_facts(doc, p), typed)
    # scores bound to their sections first: the score is chosen by the totals the text states
    # about the report, never by a dimension's own figure
    bind_sections(facts, doc, p)
    score, notes = choose_score(typed, facts, p)
    return Extraction.model_construct(
        typed_tables=typed, score=score, facts=facts,
        problems=section_points(doc, "problems", p),
        suggestions=section_points(doc, "suggestions", p),
        meta=extract_meta(doc, p), warnings=notes)
