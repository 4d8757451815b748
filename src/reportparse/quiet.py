"""Keep third-party chatter off a command line's stderr.

The readers' libraries warn through ``warnings`` and ``logging`` (pdfminer's repair notes,
lxml, openpyxl); with no handler configured, Python prints those on stderr — noise on a
successful parse, and lines in the middle of a progress bar. What matters about an input is in
``Report.warnings`` already. Called by the CLI and by batch workers, never on import: a program
using the library keeps its own settings.
"""

from __future__ import annotations

import logging
import sys
import warnings


def quiet_libraries() -> None:
    """Ignore Python warnings (unless ``-W``/``PYTHONWARNINGS`` asked for them) and give the
    root logger a null handler when nothing is configured (no "last resort" printing)."""
    if not sys.warnoptions:
        warnings.simplefilter("ignore")
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.NullHandler())
