"""reportparse: Chinese government performance-evaluation reports as checked, structured data.

>>> import reportparse
>>> r = reportparse.parse("report.txt")          # doctest: +SKIP
>>> [s.heading for s in r.sections]              # doctest: +SKIP
"""

from .api import parse
from .errors import ReportParseError
from .models import Finding, Paragraph, Report, Section, Table
from .patterns import load_patterns

__all__ = ["parse", "load_patterns", "ReportParseError", "Report", "Section", "Table",
           "Paragraph", "Finding"]
__version__ = "0.1.0"
