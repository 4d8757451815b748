"""Every reader sits behind one protocol in one registry keyed by format (issue 14).

``read(data, source, options) -> ReaderResult`` for every format, the built-in ones and one a
user registers; the registry covers every format a ``Source`` can name; a format registered
from outside is what ``parse`` uses for its files.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
import typing
from collections.abc import Iterator

import pytest

import reportparse
from reportparse.errors import ReportParseError
from reportparse.ingest import (ReadOptions, Reader, SourceInfo, detect_format, formats,
                                new_report, reader_for, register, unregister)
from reportparse.models import Document, Paragraph, Provenance, Report, SourceFormat

PROTOCOL_HINTS = typing.get_type_hints(Reader.__call__)


@pytest.mark.parametrize("fmt", formats())
def test_every_registered_reader_has_the_protocol_signature(fmt: str) -> None:
    reader = reader_for(fmt)
    params = list(inspect.signature(reader).parameters.values())
    assert [p.name for p in params] == ["data", "source", "options"]
    assert all(p.kind is p.POSITIONAL_OR_KEYWORD and p.default is p.empty for p in params)
    assert typing.get_type_hints(reader) == PROTOCOL_HINTS == {"data": bytes, "source": SourceInfo,
                                                "options": ReadOptions, "return": Document}


def test_the_registry_covers_every_source_format_and_the_office_route() -> None:
    assert set(typing.get_args(SourceFormat)) | {"office"} == set(formats())


@pytest.mark.parametrize(("name", "fmt"), [
    ("r.txt", "text"), ("r", "text"), ("r.DOCX", "docx"), ("r.docm", "docx"), ("r.pdf", "pdf"),
    ("r.md", "markdown"), ("r.htm", "html"), ("r.doc", "office"), ("r.wps", "office"),
    ("r.odt", "office")])
def test_extensions_name_their_format(name: str, fmt: str) -> None:
    assert detect_format(name, b"x") == (fmt, None)


@pytest.mark.parametrize(("head", "fmt"), [
    (b"%PDF-1.7\n", "pdf"), (b"PK\x03\x04", "docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "office"), (b"{\\rtf1", "office"),
    (b"  <!DOCTYPE html><p>x", "html")])
def test_content_wins_over_a_wrong_extension(head: bytes, fmt: str) -> None:
    got, note = detect_format("r.txt", head + b"\n" * 10)
    assert got == fmt and note == f"file extension .txt but content is {fmt}; read as {fmt}"


def test_a_forced_format_decides_between_markdown_and_html() -> None:
    page = "<html><body><h1>一、基本情况</h1><p>正文。</p></body></html>".encode()
    as_html = reportparse.ingest.read(page, "page.md", format="html")
    as_markdown = reportparse.ingest.read(page, "page.html", format="markdown")
    assert as_html.source.format == "html" and as_markdown.source.format == "markdown"
    texts = [b.text for b in as_html.blocks if isinstance(b, Paragraph)]
    assert texts == ["一、基本情况", "正文。"]


def test_options_reach_the_reader_as_one_record() -> None:
    seen: list[ReadOptions] = []

    def spy(data: bytes, source: SourceInfo, options: ReadOptions) -> Report:
        seen.append(options)
        return reader_for("text")(data, source, options)

    register("spy", spy)
    try:
        reportparse.ingest.read("一、基本情况".encode("gb18030"), "r.txt", format="spy",
                                encoding="gb18030")
    finally:
        unregister("spy")
    assert seen == [ReadOptions(encoding="gb18030")]


# --------------------------------------------------------------------------- a user's format
def read_jsonl(data: bytes, source: SourceInfo, options: ReadOptions) -> Report:
    """One ``{"text": …}`` per line: what some document systems export."""
    report = new_report(source, encoding="utf-8")
    for n, line in enumerate(data.decode("utf-8").splitlines(), start=1):
        try:
            text = json.loads(line)["text"] if line.strip() else ""
        except (ValueError, KeyError, TypeError):
            raise ReportParseError(source.path, "corrupt", f"line {n} is not a "
                                   '{"text": …} object') from None
        if text:
            report.blocks.append(Paragraph(text=text, provenance=Provenance(
                block=len(report.blocks), line=n)))
    return report


@pytest.fixture
def jsonl() -> Iterator[str]:
    register("jsonl", read_jsonl, extensions=(".jsonl",),
             sniff=lambda data: data.lstrip().startswith(b'{"text"'))
    yield "jsonl"
    unregister("jsonl")


REPORT = ["一、基本情况", "项目于2023年实施，预算资金100万元。", "二、存在问题",
          "1.资金拨付滞后。", "三、有关建议", "1.加快资金拨付进度。"]
JSONL = "\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in REPORT).encode()


def test_parse_uses_a_user_registered_reader(jsonl: str) -> None:
    report = reportparse.parse(JSONL, name="exported.jsonl")
    assert report.source.format == "jsonl" and report.source.size == len(JSONL)
    assert [s.heading for s in report.sections] == ["一、基本情况", "二、存在问题", "三、有关建议"]
    assert [s.kind for s in report.sections] == ["background", "problems", "suggestions"]


def test_a_user_format_is_sniffed_and_forced_like_a_built_in_one(jsonl: str) -> None:
    sniffed = reportparse.parse(JSONL, name="exported.txt")
    assert sniffed.source.format == "jsonl"
    assert [w.code for w in sniffed.warnings if w.code == "format_mismatch"] == ["format_mismatch"]
    assert reportparse.parse(JSONL, "jsonl", name="<bytes>").source.format == "jsonl"


def test_a_user_reader_refuses_bad_input_with_a_typed_error(jsonl: str) -> None:
    with pytest.raises(ReportParseError) as e:
        reportparse.parse(b'{"text": "x"}\nnot json\n', name="broken.jsonl")
    assert e.value.reason == "corrupt" and "line 2" in e.value.message


def test_unregistered_formats_are_gone_and_unknown_ones_refused(jsonl: str) -> None:
    unregister(jsonl)
    assert jsonl not in formats()
    with pytest.raises(ReportParseError) as e:
        reportparse.parse(JSONL, name="exported.jsonl")
    assert e.value.reason == "unsupported_format"
    with pytest.raises(ReportParseError) as e:
        reportparse.parse(JSONL, "jsonl", name="exported.jsonl")
    assert e.value.reason == "unsupported_format" and "docx, html" in e.value.message
    with pytest.raises(KeyError, match="no reader for format 'jsonl'"):
        reader_for(jsonl)


@pytest.mark.parametrize("name", ["", "  ", None])
def test_a_format_needs_a_name(name: object) -> None:
    with pytest.raises(ValueError, match="non-empty name"):
        register(name, read_jsonl)  # type: ignore[arg-type]


def test_reading_a_text_file_loads_no_other_reader() -> None:
    """Built-in readers but the text one are registered by functions importing them on use."""
    probe = ("import sys, reportparse\n"
             "reportparse.parse('一、基本情况\\n项目于2023年实施。\\n'.encode(), name='r.txt')\n"
             "print(' '.join(sorted(sys.modules)))")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, timeout=120)
    loaded = set(run.stdout.split())
    heavy = {"lxml", "pypdfium2", "pdfplumber", "subprocess"} | {
        f"reportparse.ingest.{m}" for m in ("docx", "pdf", "markup", "office")}
    assert "reportparse.ingest.registry" in loaded and not heavy & loaded
