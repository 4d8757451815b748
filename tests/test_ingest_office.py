""".doc/.wps go through LibreOffice; without it the caller is told what to install."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import SAMPLES

from reportparse.errors import ReportParseError
from reportparse.ingest import ReadOptions, SourceInfo, office, read

SOFFICE = office.find_soffice()
needs_soffice = pytest.mark.skipif(SOFFICE is None,
                                   reason="LibreOffice (soffice) is not installed")
DOC_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def test_without_libreoffice_a_doc_gives_converter_missing(monkeypatch):
    monkeypatch.setattr(office, "find_soffice", lambda: None)
    with pytest.raises(ReportParseError) as e:
        read(DOC_MAGIC + b"\0" * 600, "report.doc")
    assert e.value.reason == "converter_missing"
    assert "LibreOffice" in e.value.message


def test_an_encrypted_office_file_is_reported_as_encrypted(monkeypatch):
    monkeypatch.setattr(office, "find_soffice", lambda: "/usr/bin/true")
    data = DOC_MAGIC + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100
    with pytest.raises(ReportParseError) as e:
        read(data, "secret.doc")
    assert e.value.reason == "encrypted"


@pytest.fixture(scope="module")
def seed_doc(tmp_path_factory) -> Path:
    """The seed sample saved as a Word 97 .doc by LibreOffice itself."""
    out = tmp_path_factory.mktemp("doc")
    profile = (out / "profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "doc:MS Word 97", "--outdir", str(out),
                    str(SAMPLES / "docx" / "seed.auto.docx")],
                   check=True, capture_output=True, timeout=180)
    return out / "seed.auto.doc"


@needs_soffice
def test_a_doc_file_is_read_through_libreoffice(seed_doc: Path):
    data = seed_doc.read_bytes()
    assert data.startswith(DOC_MAGIC)
    report = read(data, str(seed_doc))
    texts = [b.text for b in report.blocks if b.type == "paragraph"]
    assert "一、基本情况" in texts and "（二）有关建议" in texts  # numbering survives
    assert [t.rows[-1] for t in report.tables][1] == ["综合评估等级", "良", "", ""]
    assert report.source.path == str(seed_doc) and report.source.size == len(data)
    assert any(w.code == "converted" for w in report.warnings)


@needs_soffice
def test_a_conversion_over_its_time_budget_is_stopped(seed_doc: Path):
    with pytest.raises(ReportParseError) as e:
        data = seed_doc.read_bytes()
        office.read(data, SourceInfo.of(data, str(seed_doc), "office"),
                    ReadOptions(convert_timeout=0.01))
    assert e.value.reason == "timeout"


@needs_soffice
def test_a_kingsoft_wps_file_is_read_like_a_doc(seed_doc: Path):
    report = read(seed_doc.read_bytes(), "报告.wps")  # WPS Writer saves Word binary documents
    assert "一、基本情况" in [b.text for b in report.blocks if b.type == "paragraph"]


@needs_soffice
def test_an_odt_file_sniffed_as_a_zip_is_converted_too(tmp_path: Path):
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
                    "--convert-to", "odt", "--outdir", str(tmp_path),
                    str(SAMPLES / "docx" / "scores.auto.docx")],
                   check=True, capture_output=True, timeout=180)
    report = read((tmp_path / "scores.auto.odt").read_bytes(), "scores.odt")
    assert report.tables[1].cell_at(2, 0).row_span == 2  # the merged 一级指标 survives
    assert any(w.code == "converted" for w in report.warnings)
