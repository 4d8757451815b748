"""The command line of ``reportparse annotate`` and ``check --annotate`` (issue 16), kept
apart from :mod:`.cli` so that module only wires it in. Printing only; the work is in
:mod:`.annotate`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ReportParseError

if TYPE_CHECKING:
    from .models import Report


def add_options(check: argparse.ArgumentParser,
                sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``check --annotate OUT`` and the ``annotate`` subcommand."""
    from .cli import add_input_options

    check.add_argument("--annotate", metavar="OUT",
                       help="also write a copy of the .docx/.pdf with the findings as Word "
                            "comments or PDF highlight notes (several FILEs: OUT is a folder)")
    a = sub.add_parser("annotate", help="write the findings into a copy of a .docx (Word "
                                        "comments) or .pdf (highlight notes)")
    a.add_argument("file", help="report file (.docx or .pdf)")
    a.add_argument("-o", "--output", metavar="OUT", required=True,
                   help="where to write the annotated copy")
    a.add_argument("--min-severity", choices=["error", "warning", "info"], default="warning",
                   help="lowest severity written into the file (default: warning)")
    a.add_argument("--highlight", action="store_true",
                   help=".docx: also highlight the anchored text (red error, yellow warning, "
                        "cyan info)")
    add_input_options(a)


def run(args: argparse.Namespace) -> int:
    """``reportparse annotate FILE -o OUT``: parse, check, write the copy, print the tally."""
    from .annotate import annotate

    done = annotate(args.file, args.output, min_severity=args.min_severity,
                    highlight=args.highlight, format=args.format, patterns=args.patterns)
    if done.converted:
        sys.stdout.write(f"{args.file}: converted to .docx by LibreOffice; the annotated copy "
                         f"is a .docx\n")
    sys.stdout.write(f"{done.path}: {done.tally.summary()}\n")
    return 0


def after_check(report: Report, file: str, args: argparse.Namespace, status: int) -> int:
    """``check --annotate OUT``: write the checked report's annotated copy (OUT/<name> for
    several files); the tally goes to stderr so stdout stays the check report or its JSON.
    Returns the exit status (2 when this file cannot be annotated)."""
    from .annotate import annotate_bytes, write_atomic

    several = len(args.files) > 1
    dest = Path(args.annotate) / Path(file).name if several else Path(args.annotate)
    try:
        if file == "-":
            raise ReportParseError("<stdin>", "unsupported_format",
                                   "check --annotate needs a file, not stdin")
        blob, tally = annotate_bytes(report, Path(file).read_bytes())
    except ReportParseError as e:
        print(f"reportparse: error: {e}", file=sys.stderr)
        return 2
    print(f"{write_atomic(dest, blob)}: {tally.summary()}", file=sys.stderr)
    return status
