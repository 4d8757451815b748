"""Zip containers and their XML are opened without trusting a byte of them."""

from __future__ import annotations

import io
import zipfile

import pytest

from reportparse import ReportParseError
from reportparse.ingest.zipsafe import open_zip, parse_xml, read_member
from reportparse.limits import Limits


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_not_a_zip_is_corrupt():
    with pytest.raises(ReportParseError) as e:
        open_zip(b"PK\x03\x04 truncated", "x.docx")
    assert e.value.reason == "corrupt"


def test_a_zip_bomb_is_refused_before_inflating():
    bomb = _zip({"word/document.xml": b"\0" * (20 << 20)})  # 20 MiB of zeros, ~20 KiB zipped
    assert len(bomb) < 100_000
    with pytest.raises(ReportParseError) as e:
        open_zip(bomb, "bomb.docx")
    assert e.value.reason == "unsafe" and "compression ratio" in e.value.message


def test_member_count_and_total_size_are_bounded():
    many = _zip({f"m{i}.xml": b"<a/>" for i in range(30)})
    with pytest.raises(ReportParseError) as e:
        open_zip(many, "many.zip", Limits(max_zip_members=10))
    assert e.value.reason == "unsafe"
    big = _zip({"a.xml": b"<a>" + b"x" * 5000 + b"</a>"})
    with pytest.raises(ReportParseError) as e:
        open_zip(big, "big.zip", Limits(max_zip_uncompressed=1000))
    assert e.value.reason == "too_large"


def test_missing_member_is_corrupt():
    zf = open_zip(_zip({"[Content_Types].xml": b"<Types/>"}), "x.docx")
    with pytest.raises(ReportParseError) as e:
        read_member(zf, "word/document.xml", "x.docx")
    assert e.value.reason == "corrupt" and "word/document.xml" in e.value.message


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&lol3;</w:document>"""


def test_entity_expansion_and_external_entities_are_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<d>&x;</d>').encode()
    for doc in (BILLION_LAUGHS, xxe):
        with pytest.raises(ReportParseError) as e:
            parse_xml(doc, "word/document.xml", "x.docx")
        assert e.value.reason == "unsafe"
        assert "TOP-SECRET" not in str(e.value)


def test_depth_is_bounded():
    deep = b"<a>" * 300 + b"</a>" * 300
    with pytest.raises(ReportParseError) as e:
        parse_xml(deep, "word/document.xml", "x.docx", Limits(max_xml_depth=100))
    assert e.value.reason in ("too_large", "corrupt")
