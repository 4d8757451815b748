"""Whatever a .docx contains, the reader returns a Document or raises ReportParseError — never
another exception, never a runaway grid or string."""

from __future__ import annotations

import io
import zipfile

from conftest import SAMPLES
from docx_builder import lvl, make_docx, numbering
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportparse.errors import ReportParseError
from reportparse.ingest import read
from reportparse.models import Document

SAMPLE = (SAMPLES / "docx" / "scores.auto.docx").read_bytes()
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(data: bytes) -> Document | ReportParseError:
    try:
        return read(data, "fuzz.docx", format="docx")
    except ReportParseError as e:
        return e


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(SAMPLE) - 1), st.integers(0, 255)),
                min_size=1, max_size=8))
def test_flipped_bytes_give_a_report_or_a_parse_error(flips):
    data = bytearray(SAMPLE)
    for pos, value in flips:
        data[pos] = value
    assert isinstance(outcome(bytes(data)), (Document, ReportParseError))


@FUZZ
@given(st.integers(0, len(SAMPLE)))
def test_any_truncation_gives_a_report_or_a_parse_error(n):
    assert isinstance(outcome(SAMPLE[:n] or b"PK\x03\x04"), (Document, ReportParseError))


# attribute values a hostile or broken writer might put where numbers belong
VALUES = st.sampled_from(["", "-1", "0", "1", "2", "8", "9", "63", "64", "99999999999999999999",
                          "abc", "²", "１", "restart", "continue", "%9", "%0%1"])


@FUZZ
@given(span=VALUES, before=VALUES, vmerge=VALUES, num=VALUES, ilvl=VALUES, start=VALUES,
       fmt=st.sampled_from(["decimal", "chineseCounting", "lowerLetter", "bullet", "none",
                            "mystery", ""]),
       text=VALUES, outline=VALUES)
def test_odd_attribute_values_never_escape_as_other_exceptions(span, before, vmerge, num, ilvl,
                                                               start, fmt, text, outline):
    cell = (f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/><w:vMerge w:val="{vmerge}"/></w:tcPr>'
            '<w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>')
    row = f'<w:tr><w:trPr><w:gridBefore w:val="{before}"/></w:trPr>{cell}{cell}</w:tr>'
    para = (f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'
            f'<w:outlineLvl w:val="{outline}"/></w:pPr><w:r><w:t>条目</w:t></w:r>'
            f'<w:r><w:sym w:char="{text}"/></w:r></w:p>')
    xml = numbering({1: lvl(0, fmt, f"{text}%1.").replace('w:val="1"/>', f'w:val="{start}"/>', 1)},
                    {1: (1, f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/>'
                            '</w:lvlOverride>')})
    data = make_docx(f"<w:tbl>{row}{row}</w:tbl>{para}{para}", numbering_xml=xml)
    result = outcome(data)
    assert isinstance(result, (Document, ReportParseError))
    if isinstance(result, Document):
        for t in result.tables:
            assert t.n_cols <= 1000
        assert all(len(b.text) < 200 for b in result.blocks if b.type == "paragraph")


def test_a_zip_bomb_part_is_refused_before_it_is_inflated():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        huge = b"<w:document>" + b" " * (20 * 1024 * 1024) + b"</w:document>"
        z.writestr("word/document.xml", huge)
    result = outcome(buf.getvalue())
    assert isinstance(result, ReportParseError) and result.reason in ("unsafe", "too_large")
