"""Consistency checks: re-verify every score, total, rate, grade and stated figure.

``reportparse.check(doc, extraction=None, *, patterns=None, rules=None, skip=None)`` runs the
rule catalogue (:func:`reportparse.check.engine.all_rules`) over a document and what was
extracted from it, and returns a :class:`~reportparse.models.CheckResult`: the findings
(errors first) as a list, plus the warnings of rules that broke. ``rules``/``skip`` select
rules by id (``score.sum``), category (``sum``) or family prefix (``score``).

This module stays light (``import reportparse`` binds :func:`check` from it up front, so the
function, not the subpackage, is ``reportparse.check``); the engine loads on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..models import CheckResult, Document, Extraction
    from ..patterns import Patterns
    from .engine import CATEGORIES, Rule, all_rules, rule, select_rules


def check(doc: Document, extraction: Extraction | None = None, *,
          patterns: Patterns | str | None = None,
          rules: Sequence[str] | str | None = None,
          skip: Sequence[str] | str | None = None) -> CheckResult:
    """The findings for ``doc`` and its ``extraction`` (extracted here when not given).

    ``check(report)`` on a :class:`~reportparse.models.Report` uses the report's own
    extraction and stores the result on it (``report.findings``). ``patterns`` is a folder
    merged over the bundled patterns (checks.toml tolerances and per-rule severities,
    grades.toml bands). Unknown rule selectors raise ``ValueError``.
    """
    from .engine import run

    return run(doc, extraction, patterns, rules, skip)


_ENGINE = ("CATEGORIES", "Rule", "all_rules", "rule", "select_rules")


def __getattr__(name: str) -> Any:
    """The engine's public names, loaded on first use."""
    if name in _ENGINE:
        return getattr(import_module(".engine", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["CATEGORIES", "Rule", "all_rules", "check", "rule", "select_rules"]
