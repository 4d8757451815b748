"""reportparse: Chinese government performance-evaluation reports as checked, structured data.

>>> import reportparse
>>> r = reportparse.parse("report.txt")          # doctest: +SKIP
>>> [s.heading for s in r.sections]              # doctest: +SKIP
>>> reportparse.check(r)                          # doctest: +SKIP
"""

from . import check
from .api import parse
from .batch import FileResult, parse_many
from .batch import batch as batch  # noqa: E402 - the function shadows the subpackage name
from .errors import ReportParseError
from .models import Finding, Paragraph, Report, Section, Table
from .patterns import load_patterns

__all__ = ["parse", "check", "parse_many", "batch", "FileResult", "load_patterns",
           "ReportParseError", "Report", "Section", "Table", "Paragraph", "Finding"]
__version__ = "0.1.0"
