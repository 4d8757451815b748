"""reportparse: Chinese government performance-evaluation reports as checked, structured data.

>>> import reportparse
>>> r = reportparse.parse("report.txt")          # doctest: +SKIP
>>> [s.heading for s in r.sections]              # doctest: +SKIP
>>> reportparse.check(r)                          # doctest: +SKIP

The stages one by one, each typed by its signature::

    doc = reportparse.parse_document("report.txt")   # Document: blocks, outline, TOC, meta
    ext = reportparse.extract(doc)                   # Extraction: typed tables, score, facts
    res = reportparse.check(doc, ext)                # CheckResult: the findings

Names are imported on first use (PEP 562), so ``import reportparse`` costs a few
milliseconds and a command loads only the stages it runs (pydantic models, the batch engine,
rich, openpyxl and jinja2 load when something needs them).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# ``batch``, ``check`` and ``extract`` are functions named like their subpackages: each must be
# bound before anything imports a ``reportparse.<name>.*`` module (the first such import binds
# the subpackage to the name). The three packages' own modules are cheap; their engines load
# when first called.
from .batch import parse_many
from .batch import batch as batch
from .check import check as check
from .extract import extract as extract

if TYPE_CHECKING:
    from .batch.pipeline import FileResult
    from .api import parse, parse_document
    from .errors import ReportParseError
    from .models import (
        CheckResult,
        Document,
        Extraction,
        Finding,
        Paragraph,
        Report,
        Section,
        Table,
    )
    from .patterns import load_patterns

#: public name → (module, attribute)
_LAZY: dict[str, tuple[str, str]] = {
    "parse": (".api", "parse"),
    "FileResult": (".batch.pipeline", "FileResult"),  # loads the per-file pipeline
    "parse_document": (".api", "parse_document"),
    "load_patterns": (".patterns", "load_patterns"),
    "ReportParseError": (".errors", "ReportParseError"),
    "Report": (".models", "Report"),
    "Section": (".models", "Section"),
    "Table": (".models", "Table"),
    "Paragraph": (".models", "Paragraph"),
    "Finding": (".models", "Finding"),
    "Document": (".models", "Document"),
    "Extraction": (".models", "Extraction"),
    "CheckResult": (".models", "CheckResult"),
}

__all__ = [
    "CheckResult",
    "Document",
    "Extraction",
    "FileResult",
    "Finding",
    "Paragraph",
    "Report",
    "ReportParseError",
    "Section",
    "Table",
    "batch",
    "check",
    "extract",
    "load_patterns",
    "parse",
    "parse_document",
    "parse_many",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'reportparse' has no attribute {name!r}")
    module, attr = _LAZY[name]
    value = getattr(import_module(module, __name__), attr)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
