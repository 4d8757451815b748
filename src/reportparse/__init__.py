"""reportparse: Chinese government performance-evaluation reports as checked, structured data."""

from .errors import ReportParseError
from .models import Finding, Report, Section, Table

__all__ = ["ReportParseError", "Report", "Section", "Table", "Finding"]
__version__ = "0.1.0"
