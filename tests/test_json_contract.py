"""JSON contract v1 (docs/json-contract.md): versioned, without duplicates, described by a
JSON Schema generated from the models — and the shipped schema files are that schema.

Every sample is parsed and checked once (a module fixture) and its JSON validated against the
shipped schema, read back into an equal report, and its ``check --json`` object validated too.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import SAMPLES, SEED

from reportparse import ReportParseError, parse
from reportparse.check import check
from reportparse.export.findings import findings_dict
from reportparse.export.json import to_json
from reportparse.models import Report
from reportparse.schemas import NAMES, SchemaName, dumps, generate, path

FORMATS = {".txt", ".docx", ".md", ".html", ".pdf"}
SAMPLE_FILES = sorted(p for p in SAMPLES.rglob("*") if p.suffix in FORMATS)
REGENERATE = "regenerate them with `python -m reportparse.schemas` and review the diff"
V0_SEED_BYTES = 231123  # the seed's `parse --json` before v1 (indent 2)


@pytest.fixture(scope="module")
def reports() -> dict[Path, Report]:
    """Every readable sample, parsed and checked once (bad-input samples are left out)."""
    out: dict[Path, Report] = {}
    for p in SAMPLE_FILES:
        try:
            report = parse(p)
        except ReportParseError:
            continue
        check(report)
        out[p] = report
    return out


def _validator(name: SchemaName) -> jsonschema.Draft202012Validator:
    schema = json.loads(path(name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("name", NAMES)
def test_shipped_schema_is_the_generated_one(name: SchemaName) -> None:
    assert path(name).read_text(encoding="utf-8") == dumps(generate(name)), \
        f"src/reportparse/schemas/{name}.schema.json is out of date with the models: {REGENERATE}"


def test_cli_prints_the_schema() -> None:
    out = subprocess.run([sys.executable, "-m", "reportparse.cli", "schema", "check"],
                         capture_output=True, check=True, text=True, encoding="utf-8")
    assert json.loads(out.stdout) == generate("check")


def test_every_sample_is_read(reports: dict[Path, Report]) -> None:
    assert len(reports) >= 150 and {p.suffix for p in reports} == FORMATS


def test_schema_validates_every_sample(reports: dict[Path, Report]) -> None:
    v = _validator("report")
    invalid = {str(p): next(iter(v.iter_errors(json.loads(to_json(r))))).message
               for p, r in reports.items() if not v.is_valid(json.loads(to_json(r)))}
    assert invalid == {}


def test_check_schema_validates_every_sample(reports: dict[Path, Report]) -> None:
    v = _validator("check")
    objects = [findings_dict(r) for r in reports.values()]
    assert all(o["schema_version"] == "1" for o in objects)
    v.validate(objects)  # several files: a list
    assert [str(p) for p, o in zip(reports, objects) if not v.is_valid(o)] == []


def test_json_reads_back_to_an_equal_report(reports: dict[Path, Report]) -> None:
    differ = [str(p) for p, r in reports.items()
              if Report.model_validate_json(r.model_dump_json()) != r]
    assert differ == []


def test_the_score_is_written_once(seed_report: Report) -> None:
    d = json.loads(to_json(seed_report))
    assert list(d)[0] == "schema_version" and d["schema_version"] == "1"
    assert "score" not in d and "tables" not in d
    assert d["typed_tables"][d["score_table"]]["total"] == "86.47"
    again = Report.model_validate_json(to_json(seed_report))
    assert again.score is again.typed_tables[d["score_table"]]  # one object, as parsed


def test_defaults_are_left_out(seed_report: Report) -> None:
    d = json.loads(to_json(seed_report))
    cell = next(b for b in d["blocks"] if b["type"] == "table")["cells"][0]
    assert "row_span" not in cell and "tables" not in cell  # 1 and [] are the defaults
    assert all(v is not None for v in cell["provenance"].values())


def test_seed_json_is_at_most_65_percent_of_v0(seed_report: Report) -> None:
    assert len(to_json(seed_report).encode("utf-8")) <= 0.65 * V0_SEED_BYTES


def test_a_score_table_index_out_of_range_is_refused() -> None:
    d = json.loads(to_json(parse(SEED)))
    d["score_table"] = len(d["typed_tables"])
    with pytest.raises(ValueError, match="score_table"):
        Report.model_validate(d)
