"""Command line: argument parsing and printing only; every feature is in the Python API.

Exit codes: ``parse``: 0 parsed, 2 input error (one line on stderr naming the file and the
cause). ``check``: 0 nothing at or above ``--fail-on`` (default ``error``) was found, 1 something
was, 2 an input error (or an unknown rule) — the other files are still checked.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence

from typing import TYPE_CHECKING, NoReturn

from . import __version__, startup
from .errors import ReportParseError

if TYPE_CHECKING:
    from .models import Report

#: The command line has no use for pydantic plugins, and looking for them scans every installed
#: distribution's entry points (importlib.metadata: ~25 ms of a ~0.35 s ``reportparse parse``).
#: Set before the first model is built, for this process only, unless the user set it.
PYDANTIC_PLUGINS_OFF = ("PYDANTIC_DISABLE_PLUGINS", "__all__")


def parse(*args: object, **kwargs: object) -> Report:
    """:func:`reportparse.parse`, imported on first use: the stages load only for the commands
    that read a report (``rules``, ``schema`` and ``--help`` load none)."""
    from .api import parse as run

    startup.modules_loaded()
    return run(*args, **kwargs)  # type: ignore[arg-type]


def formats() -> list[str]:
    from .ingest import formats as known

    return list(known())


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
                     help="the Report as JSON (public contract, see docs/json-contract.md)")
    out.add_argument("--tree", action="store_const", dest="output", const="tree",
                     help="the outline with section kinds (default)")
    out.add_argument("--markdown", action="store_const", dest="output", const="markdown",
                     help="a clean Markdown rendering")
    add_input_options(p)
    p.set_defaults(output="tree")

    b = sub.add_parser("batch", help="parse and check many reports in parallel into one output",
                       description="Parse (and extract and check) files, folders, globs and "
                                   ".zip archives in parallel into one output file.")
    b.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="file, folder (recursive, by extension), glob or .zip archive")
    b.add_argument("-o", "--output", default="batch.sqlite", metavar="OUT",
                   help="output file; kind by extension: .sqlite (default), .jsonl, .csv, "
                        ".xlsx")
    b.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                   help="worker processes (default: all cores)")
    b.add_argument("--resume", action="store_true",
                   help="keep OUT and skip inputs it already holds (same name and sha256)")
    b.add_argument("--timeout", type=float, default=None, metavar="S",
                   help="seconds per file before its worker is killed (default 120; 0 = none)")
    b.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local process pool (default) or a Dask cluster")
    b.add_argument("--scheduler", metavar="ADDR",
                   help="Dask scheduler address (tcp://host:port); default: a local cluster")
    b.add_argument("--patterns", metavar="DIR",
                   help="folder of pattern TOML files merged over the bundled ones")
    add_ocr_option(b)
    b.add_argument("--max-tasks-per-child", type=int, default=500, metavar="N",
                   help="replace a worker after N files (memory stays flat; default 500)")
    b.add_argument("--max-memory", type=int, default=None, metavar="MB",
                   help="address space per worker process (RLIMIT_AS; default 2048; 0 = none)")
    b.add_argument("--quiet", "-q", action="store_true",
                   help="no progress bar and no summary")
    b.add_argument("--summary-json", action="store_true",
                   help="print the summary as JSON instead of tables")
    b.add_argument("--html-dir", metavar="DIR",
                   help="also write each report's HTML review page into DIR, with an "
                        "index.html listing all inputs (sortable)")
    b.add_argument("--annotate-dir", metavar="DIR",
                   help="also write a copy of each .docx/.pdf input into DIR with its findings "
                        "(warning and above) as Word comments or PDF highlights")

    c = sub.add_parser("check", help="re-verify scores, totals, rates, grades and figures",
                       description="Check the arithmetic of one or more reports. Exit 0 when "
                                   "nothing at or above --fail-on was found, 1 when something "
                                   "was, 2 on an input error.")
    c.add_argument("files", nargs="+", metavar="FILE", help="report files ('-' reads stdin)")
    c.add_argument("--json", action="store_true",
                   help='print {"source", "counts", "findings"} per file (a list for several)')
    c.add_argument("--fail-on", choices=["error", "warning", "never"], default="error",
                   help="lowest severity that makes the exit status 1 (default: error)")
    c.add_argument("--rules", action="append", metavar="IDS",
                   help="run only these rules (ids, categories or families, comma separated)")
    c.add_argument("--skip", action="append", metavar="IDS",
                   help="skip these rules (ids, categories or families, comma separated)")
    c.add_argument("--patterns", metavar="DIR",
                   help="folder of pattern TOML files (checks.toml, grades.toml …) merged over "
                        "the bundled ones")
    c.add_argument("--format", choices=formats(),
                   help="force a reader instead of detecting from extension and content")
    c.add_argument("--encoding", help="force the text encoding of a text export")
    add_ocr_option(c)
    c.add_argument("--html", metavar="OUT.html",
                   help="also write the annotated HTML review page (with several FILEs: "
                        "OUT is a folder of pages and index.html)")
    from . import cli_annotate  # issue 16: check --annotate OUT, reportparse annotate

    cli_annotate.add_options(c, sub)

    r = sub.add_parser("rules", help="list the consistency rules")
    r.add_argument("--json", action="store_true", help="as JSON")
    s = sub.add_parser("schema", help="print the JSON Schema of an output (contract v1)",
                       description="Print the JSON Schema, generated from the models, of "
                                   "`parse --json` (report) or `check --json` (check).")
    s.add_argument("name", nargs="?", choices=["report", "check"], default="report",
                   help="which output (default: report)")
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
    p.add_argument("--format", choices=formats(),
                   help="force a reader instead of detecting from extension and content")
    p.add_argument("--encoding", help="force the text encoding of a text export")
    p.add_argument("--patterns", metavar="DIR",
                   help="folder of pattern TOML files merged over the bundled ones")
    add_ocr_option(p)


def add_ocr_option(p: argparse.ArgumentParser) -> None:
    """``--ocr``: scanned pages and images (docs/ocr.md)."""
    p.add_argument("--ocr", choices=["never", "auto", "always"], default="auto",
                   help="OCR PDF pages without a usable text layer and image inputs (auto, "
                        "the default), every page (always) or none (never); needs "
                        "pip install 'reportparse[ocr]'")


def _stdin() -> bytes:
    """Standard input, never more than the file-size limit (+1 byte, so parse refuses it)."""
    from .limits import DEFAULT_LIMITS

    return sys.stdin.buffer.read(DEFAULT_LIMITS.max_file_bytes + 1)


def _short(text: str, keep: int = 300) -> str:
    """One line of at most ``keep`` characters (a 5,000-character file name is cut in the
    middle) with control characters made visible."""
    text = visible(" ".join(str(text).split()))
    return text if len(text) <= keep else f"{text[: keep // 2]}…{text[-keep // 2:]}"


def _error(message: object) -> int:
    print(f"reportparse: error: {_short(str(message))}", file=sys.stderr)
    return 2


def _precheck(args: argparse.Namespace) -> str | None:
    """Options of parse/check/review that would only fail later, checked before any work."""
    from .api import encoding_problem

    problem = encoding_problem(getattr(args, "encoding", None))
    if problem:
        return f"--encoding: {problem}"
    out = args.output if args.command == "review" else getattr(args, "html", None)
    if out:
        from .batch.sinks import check_output  # sqlite3/csv: only when there is an output

        try:
            check_output(out, folder=args.command == "check" and len(args.files) > 1,
                         create_parents=True)
        except OSError as e:
            return str(e)
    return None


def _review(args: argparse.Namespace) -> int:
    """``reportparse review FILE -o OUT.html``: parse, check, write the review page."""
    from .export.html import write_html

    src, name = (_stdin(), "<stdin>") if args.file == "-" else (args.file, None)
    report = parse(src, args.format, patterns=args.patterns,  # type: ignore[arg-type]
                   name=name, encoding=args.encoding, ocr=args.ocr)
    from .check import check

    check(report, patterns=args.patterns)
    _emit(str(write_html(report, args.output)))
    return 0


_FAIL_RANK = {"error": {"error"}, "warning": {"error", "warning"}, "never": set()}


def _colour() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and \
        os.environ.get("TERM") != "dumb"


def _check(args: argparse.Namespace) -> int:
    from .check import check, select_rules
    from .check.engine import check_rule_ids
    from .patterns import load_patterns

    try:
        patterns = load_patterns(args.patterns)
        check_rule_ids(patterns)
        select_rules(args.rules, args.skip, patterns["checks"])
    except (ValueError, ReportParseError) as e:
        return _error(e)
    status = 0
    results = []
    site = None
    if args.html and len(args.files) > 1:
        from .export.html import ReviewSite

        site = ReviewSite(args.html)
    for i, file in enumerate(args.files):
        try:
            if file == "-":
                src: object = _stdin()
                name: str | None = "<stdin>"
            else:
                src, name = file, None
            report = parse(src, args.format, patterns=args.patterns,  # type: ignore[arg-type]
                           name=name, encoding=args.encoding, ocr=args.ocr)
            findings = check(report, patterns=args.patterns, rules=args.rules, skip=args.skip)
        except ReportParseError as e:
            status = _error(e)
            if site is not None:
                site.fail(file, f"{e.reason}: {e.message}")
            continue
        if any(f.severity in _FAIL_RANK[args.fail_on] for f in findings) and status == 0:
            status = 1
        if site is not None:
            site.add(report)
        elif args.html:
            from .export.html import write_html

            write_html(report, args.html)
        if args.annotate:
            from .cli_annotate import after_check

            status = after_check(report, file, args, status)
        if args.json:
            from .export.findings import findings_dict

            results.append(findings_dict(report))
        else:
            if i:
                _emit("")
            from .export.findings import to_text

            _emit(to_text(report, colour=_colour()), colours=_colour())
    if site is not None:
        site.close()
    if args.json:
        out = results[0] if len(args.files) == 1 and results else results
        if len(args.files) == 1 and not results:
            out = []
        _emit(json.dumps(out, ensure_ascii=False, indent=2))
    return status


def _rules(args: argparse.Namespace) -> int:
    from .check import all_rules
    from .check.engine import SEVERITY_POLICY

    rules = all_rules()
    if args.json:
        _emit(json.dumps([{"id": r.id, "category": r.category, "severity": r.severity,
                           "summary": r.summary, "binding": r.binding} for r in rules],
                          ensure_ascii=False, indent=2))
        return 0
    width = max(len(r.id) for r in rules)
    for r in rules:
        _emit(f"{r.id:<{width}}  {r.category:<13} {r.severity:<7}  {r.summary}")
        if r.binding:
            _emit(f"{'':<{width}}  {'':<13} {'':<7}  binding: {r.binding}")
    _emit("\n" + SEVERITY_POLICY)
    return 0


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SGR = re.compile("(\x1b\\[[0-9;]*m)|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escape(ch: str) -> str:
    return f"\\u{ord(ch):04x}"


def visible(text: str, *, colours: bool = False) -> str:
    """``text`` safe for a terminal: control characters from documents (ESC sequences, BEL,
    C1 CSI, carriage returns) become ``\\u001b`` escapes — also valid inside JSON strings.
    ``colours`` keeps colour sequences (SGR, ``ESC[…m``: they cannot move the cursor, set the
    title or touch the clipboard) for the coloured findings listing."""
    if colours:
        return _SGR.sub(lambda m: m.group(1) or _escape(m.group()), text)
    return _CONTROL.sub(lambda m: _escape(m.group()), text)


def _emit(text: str, *, colours: bool = False) -> None:
    text = visible(text, colours=colours)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault(*PYDANTIC_PLUGINS_OFF)
    from .quiet import quiet_libraries

    args = _parser().parse_args(argv)
    quiet_libraries()
    if args.command not in ("parse", "check", "review"):  # these load their stages first
        startup.modules_loaded()
    if args.command in ("parse", "check", "review"):
        problem = _precheck(args)
        if problem:
            return _error(problem)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "schema":
            from .schemas import dumps, generate

            _emit(dumps(generate(args.name)))
            return 0
        if args.command == "parse":
            if args.file == "-":
                src: object = _stdin()
                name = "<stdin>"
            else:
                src, name = args.file, None
            if args.output in ("json", "markdown"):
                report = parse(src, args.format, patterns=args.patterns,  # type: ignore[arg-type]
                               name=name, encoding=args.encoding, ocr=args.ocr)
                _emit(_render(report, args.output))
            else:  # the outline is the document layer: nothing needs extracting
                from .api import parse_document
                from .export.tree import to_tree

                startup.modules_loaded()
                _emit(to_tree(parse_document(src, args.format,  # type: ignore[arg-type]
                                             patterns=args.patterns, name=name,
                                             encoding=args.encoding, ocr=args.ocr)))
            return 0
        if args.command == "review":
            return _review(args)
        if args.command == "annotate":
            from .cli_annotate import run

            return run(args)
        if args.command == "batch":
            return _batch(args)
    except ReportParseError as e:
        return _error(e)
    except BrokenPipeError:
        return 0
    return 2


def _render(report: Report, output: str) -> str:
    """The report as ``parse --json`` / ``--markdown`` prints it."""
    if output == "json":
        from .export.json import to_json

        return to_json(report)
    from .export.markdown import to_markdown

    return to_markdown(report)


def _batch(args: argparse.Namespace) -> int:
    import json

    from dataclasses import replace

    from .batch import DEFAULT_TIMEOUT, batch
    from .limits import DEFAULT_LIMITS

    if args.scheduler and args.engine != "dask":
        return _error("--scheduler needs --engine dask")
    timeout = DEFAULT_TIMEOUT if args.timeout is None else args.timeout
    limits = DEFAULT_LIMITS
    if args.max_memory is not None:
        if args.max_memory < 0:
            return _error(f"--max-memory must be a number of MiB ≥ 0 (0 = none), "
                          f"not {args.max_memory}")
        limits = replace(limits, max_worker_memory_mb=args.max_memory)
    try:
        summary = batch(args.inputs, args.output, jobs=args.jobs, resume=args.resume,
                        limits=limits, timeout=timeout, engine=args.engine, scheduler=args.scheduler,
                        patterns=args.patterns, progress=False if args.quiet else None,
                        max_tasks_per_child=args.max_tasks_per_child,
                        html_dir=args.html_dir, annotate_dir=args.annotate_dir, ocr=args.ocr)
    except (RuntimeError, OSError, ValueError) as e:
        return _error(e)
    except KeyboardInterrupt:
        print("reportparse: interrupted; the output is valid, continue with --resume",
              file=sys.stderr)
        return 130
    if args.summary_json:
        _emit(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    elif not args.quiet:
        summary.render()
    return 0


#: commands that end with the process: nothing is left to clean up once their output is flushed
_SHORT = frozenset({"parse", "rules", "schema"})


def run() -> NoReturn:
    """The ``reportparse`` console script: :func:`main` with a one-shot process's start-up and
    exit (:mod:`reportparse.startup`: no cyclic garbage collection while modules load, no
    pydantic plugin scan while plugins are off, no interpreter teardown after a short
    command). Programs and tests call :func:`main`, which changes none of that."""
    startup.loading_modules()
    os.environ.setdefault(*PYDANTIC_PLUGINS_OFF)
    startup.skip_plugin_scan()
    argv = sys.argv[1:]
    status = main(argv)
    if argv and argv[0] in _SHORT:
        startup.exit_now(status)
    startup.modules_loaded()
    raise SystemExit(status)


if __name__ == "__main__":
    run()
