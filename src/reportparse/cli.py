"""Command line: argument parsing and printing only; every feature is in the Python API.

Exit codes: 0 parsed, 2 input error (one line on stderr naming the file and the cause).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .api import parse
from .errors import ReportParseError
from .export.json import to_json
from .export.markdown import to_markdown
from .export.tree import to_tree


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="reportparse",
                                 description="Read Chinese performance-evaluation reports "
                                             "(绩效评价报告) into checked, structured data.")
    ap.add_argument("--version", action="version", version=f"reportparse {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse one report and print it")
    p.add_argument("file", help="report file (.txt, .docx, .pdf, .md, .html); '-' reads stdin")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_const", dest="output", const="json",
                     help="the Report as JSON (public contract, see README)")
    out.add_argument("--tree", action="store_const", dest="output", const="tree",
                     help="the outline with section kinds (default)")
    out.add_argument("--markdown", action="store_const", dest="output", const="markdown",
                     help="a clean Markdown rendering")
    add_input_options(p)
    p.set_defaults(output="tree")
    _add_review(sub)
    return ap


def _add_review(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    r = sub.add_parser("review", help="write the annotated HTML review page of one report")
    r.add_argument("file", help="report file (.txt, .docx, .pdf, .md, .html); '-' reads stdin")
    r.add_argument("-o", "--output", metavar="OUT.html", required=True,
                   help="where to write the self-contained HTML page")
    add_input_options(r)


def add_input_options(p: argparse.ArgumentParser) -> None:
    """The reader options every subcommand that reads a report takes."""
    p.add_argument("--format", choices=["text", "docx", "pdf", "markdown", "html"],
                   help="force a reader instead of detecting from extension and content")
    p.add_argument("--encoding", help="force the text encoding of a text export")
    p.add_argument("--patterns", metavar="DIR",
                   help="folder of pattern TOML files merged over the bundled ones")


def _review(args: argparse.Namespace) -> int:
    """``reportparse review FILE -o OUT.html``: parse, check when the checker is available,
    write the review page."""
    from .export.html import write_html

    src, name = (sys.stdin.buffer.read(), "<stdin>") if args.file == "-" else (args.file, None)
    report = parse(src, args.format, patterns=args.patterns,  # type: ignore[arg-type]
                   name=name, encoding=args.encoding)
    check = getattr(sys.modules[__package__ or "reportparse"], "check", None)
    if callable(check):
        checked = check(report)
        if checked is not None and hasattr(checked, "findings"):
            report = checked
    _emit(str(write_html(report, args.output)))
    return 0


def _emit(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "parse":
            if args.file == "-":
                src: object = sys.stdin.buffer.read()
                name = "<stdin>"
            else:
                src, name = args.file, None
            report = parse(src, args.format, patterns=args.patterns,  # type: ignore[arg-type]
                           name=name, encoding=args.encoding)
            if args.output == "json":
                _emit(to_json(report))
            elif args.output == "markdown":
                _emit(to_markdown(report))
            else:
                _emit(to_tree(report))
            return 0
        if args.command == "review":
            return _review(args)
    except ReportParseError as e:
        print(f"reportparse: error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
