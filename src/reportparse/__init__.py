"""reportparse: Chinese government performance-evaluation reports as checked, structured data.

>>> import reportparse
>>> r = reportparse.parse("report.txt")          # doctest: +SKIP
>>> [s.heading for s in r.sections]              # doctest: +SKIP
>>> reportparse.check(r)                          # doctest: +SKIP

Names are imported on first use (PEP 562), so ``import reportparse`` costs a few
milliseconds and a command loads only the stages it runs (pydantic models, the batch engine,
rich, openpyxl and jinja2 load when something needs them).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# the batch function must be bound before anything imports a ``reportparse.batch.*`` module
# (which would bind the subpackage to the name); the package loads its engines lazily
from .batch import parse_many
from .batch import batch as batch

if TYPE_CHECKING:
    # for type checkers ``reportparse.check`` is the function; at run time the subpackage is
    # itself callable with the same signature (reportparse.check.check)
    from .batch.pipeline import FileResult
    from .check import check
    from .api import parse
    from .errors import ReportParseError
    from .models import Finding, Paragraph, Report, Section, Table
    from .patterns import load_patterns

#: public name → (module, attribute); ``None`` for the module itself
_LAZY: dict[str, tuple[str, str | None]] = {
    "parse": (".api", "parse"),
    "FileResult": (".batch.pipeline", "FileResult"),  # loads the per-file pipeline
    "check": (".check", None),
    "load_patterns": (".patterns", "load_patterns"),
    "ReportParseError": (".errors", "ReportParseError"),
    "Report": (".models", "Report"),
    "Section": (".models", "Section"),
    "Table": (".models", "Table"),
    "Paragraph": (".models", "Paragraph"),
    "Finding": (".models", "Finding"),
}

__all__ = [
    "FileResult",
    "Finding",
    "Paragraph",
    "Report",
    "ReportParseError",
    "Section",
    "Table",
    "batch",
    "check",
    "load_patterns",
    "parse",
    "parse_many",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'reportparse' has no attribute {name!r}")
    module, attr = _LAZY[name]
    value = import_module(module, __name__)
    if attr is not None:
        value = getattr(value, attr)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
