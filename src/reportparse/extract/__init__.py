"""Extraction: typed tables, the main score, narrative facts, problems/suggestions, metadata.

``extract(report, patterns)`` fills ``report.typed_tables``, ``score``, ``facts``,
``problems``, ``suggestions`` and ``meta`` in place and returns the report. It reads the model
only (never a reader, never the checker). Modules:

* :mod:`.numbers` — exact figures (Decimal, units, precision, hedges, Chinese numerals);
* :mod:`.tables` — table kinds by header signature → typed models;
* :mod:`.facts` — narrative statements with provenance;
* :mod:`.points` — problems and suggestions as points;
* :mod:`.meta` — stated metadata.
"""

from __future__ import annotations

from ..models import Report
from ..patterns import Patterns, load_patterns
from .facts import bind_counts, extract_facts
from .meta import extract_meta
from .points import section_points
from .score_choice import choose_score
from .scores import bind_sections
from .tables import read_tables

__all__ = ["extract"]


def extract(report: Report, patterns: Patterns | str | None = None) -> Report:
    """Fill the extraction fields of ``report`` (in place) and return it."""
    p = load_patterns(patterns)
    report.typed_tables = read_tables(report, p)
    report.facts = bind_counts(extract_facts(report, p), report.typed_tables)
    # scores bound to their sections first: the score is chosen by the totals the text states
    # about the report, never by a dimension's own figure
    bind_sections(report.facts, report, p)
    report.score, notes = choose_score(report.typed_tables, report.facts, p)
    report.warnings = [w for w in report.warnings if w.code != "score_ambiguous"] + notes
    report.problems = section_points(report, "problems", p)
    report.suggestions = section_points(report, "suggestions", p)
    report.meta = extract_meta(report, p)
    return report
