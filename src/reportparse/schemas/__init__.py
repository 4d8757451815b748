"""The JSON Schemas of contract v1 (docs/json-contract.md), generated from the models.

``report`` describes ``reportparse parse --json`` (a :class:`~reportparse.models.Report`);
``check`` describes ``reportparse check --json`` (one file's
:class:`~reportparse.models.FileFindings`, or a list of them for several files). The files
beside this module are the generated schemas as shipped; a test keeps them equal to what the
models generate. Regenerate them with ``python -m reportparse.schemas``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

SchemaName = Literal["report", "check"]
NAMES: tuple[SchemaName, ...] = ("report", "check")
HERE = Path(__file__).resolve().parent


def generate(name: SchemaName) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one output, from the models' serialisation."""
    from pydantic import TypeAdapter

    from ..models import SCHEMA_VERSION, FileFindings, Report

    if name == "report":
        schema = Report.model_json_schema(mode="serialization")
    elif name == "check":
        schema = TypeAdapter(FileFindings | list[FileFindings]).json_schema(
            mode="serialization")
        schema["title"] = "reportparse check --json"
    else:
        raise ValueError(f"unknown schema {name!r}: one of {', '.join(NAMES)}")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$comment": f"reportparse JSON contract v{SCHEMA_VERSION}; generated from the "
                        "models by `reportparse schema`",
            **schema}


def dumps(schema: dict[str, Any]) -> str:
    """The schema as written to its file (stable: 2-space indent, UTF-8, final newline)."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def path(name: SchemaName) -> Path:
    """The shipped file of a schema (``report.schema.json``)."""
    return HERE / f"{name}.schema.json"


def write_all() -> list[Path]:
    """Regenerate every shipped schema file from the models."""
    out = []
    for name in NAMES:
        path(name).write_text(dumps(generate(name)), encoding="utf-8")
        out.append(path(name))
    return out
