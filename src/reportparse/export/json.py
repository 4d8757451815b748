"""JSON export: the public contract of ``reportparse parse --json`` (see docs/json-contract.md)."""

from __future__ import annotations

import json
from typing import Any

from ..models import Report


def report_dict(report: Report) -> dict[str, Any]:
    return report.model_dump(mode="json")


def to_json(report: Report, *, indent: int | None = 2) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=indent)
