"""Consistency checks: re-verify every score, total, rate, grade and stated figure.

``reportparse.check(report, patterns=None, rules=None, skip=None)`` runs the rule catalogue
(:func:`reportparse.check.engine.all_rules`) over a parsed report and returns the findings
(errors first), also stored on ``report.findings``. ``rules``/``skip`` select rules by id
(``score.sum``), category (``sum``) or family prefix (``score``).

This package is itself callable (``reportparse.check(report)``) so that the public function
and the ``reportparse.check.*`` modules share one name.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Sequence

from ..models import Finding, Report
from ..patterns import Patterns
from .engine import CATEGORIES, Rule, all_rules, rule, run, select_rules


def check(report: Report, patterns: Patterns | str | None = None,
          rules: Sequence[str] | str | None = None,
          skip: Sequence[str] | str | None = None) -> list[Finding]:
    """The findings for ``report`` (also stored on ``report.findings``).

    A report straight from :func:`reportparse.parse` is extracted first (typed tables,
    score, facts). ``patterns`` is a folder merged over the bundled patterns (checks.toml
    tolerances and per-rule severities, grades.toml bands). Unknown rule selectors raise
    ``ValueError``.
    """
    return run(report, patterns, rules, skip)


class _CallableModule(types.ModuleType):
    def __call__(self, report: Report, patterns: Patterns | str | None = None,
                 rules: Sequence[str] | str | None = None,
                 skip: Sequence[str] | str | None = None) -> list[Finding]:
        return check(report, patterns, rules, skip)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["CATEGORIES", "Rule", "all_rules", "check", "rule", "select_rules"]
