"""The rule engine: a registry of named, documented consistency rules and the run over a Report.

A rule is a small function ``f(ctx) -> Iterable[Finding]`` registered with :func:`rule`::

    @rule("score.sum", "sum", "error")
    def score_sum(ctx):
        \"\"\"Children's 得分 add up to their parent's, level-1 rows to the 总分.\"\"\"
        ...
        yield ctx.finding("一级指标得分合计86.17分，与总分86.47分不一致（相差0.30分）", ...)

Its id (``family.name``), category (one of :data:`CATEGORIES`, a public contract), default
severity and docstring are listed by ``reportparse rules``. Parameters come from
``patterns/checks.toml`` (``[defaults]`` and ``[rules."<id>"]``: ``severity``, ``enabled`` and
rule-specific keys), grade bands from ``patterns/grades.toml``; a user's patterns folder
overrides both. Rules read the typed models only (``ctx.report``: the document and its
extraction bundled, ``report.score``, ``report.typed_tables``, ``report.facts``,
``report.sections``) — never a reader.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from ..errors import ReportParseError
from ..extract import extract
from ..extract.tables import main_score, read_tables
from ..locate import Resolver
from ..models import (
    BaseFact,
    CheckResult,
    Document,
    Extraction,
    Finding,
    Location,
    Message,
    Ref,
    Report,
    ScoreSummary,
    Section,
)
from ..patterns import Patterns, load_patterns
from .tolerance import fmt, round_to, ulp

F = TypeVar("F", bound=BaseFact)

CATEGORIES: tuple[str, ...] = (
    "sum", "max_sum", "rate", "over_max", "rounding", "grade", "budget_rate", "money_sum",
    "derived", "count", "text_table", "dates", "numbering", "weight_policy", "table_table",
)
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
#: how a finding's severity is decided (printed under ``reportparse rules``; README, checks)
SEVERITY_POLICY = (
    "Severity follows confidence. A rule first binds each figure to what it is about (a cell, "
    "a row, the report's total) and states how sure that binding is (`binding:` above). It "
    "reports an error only when both values provably refer to the same quantity and the "
    "arithmetic fails at the printed precision; a rounding residue is info; a likely but "
    "unproven binding gives a warning or info; a figure it cannot bind is not compared.")
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}

#: rule-family modules, imported on first use (each registers its rules)
FAMILIES = ("score", "selfeval", "rates", "budget", "money", "derived", "count", "text",
            "dates", "numbering", "policy", "crosstable", "item_amounts")


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    severity: str
    func: Callable[[Context], Iterable[Finding]]
    doc: str
    binding: str = ""  # how sure the rule is of what its values refer to (SEVERITY_POLICY)

    @property
    def summary(self) -> str:
        """The first paragraph of the rule's docstring, on one line."""
        first = self.doc.strip().split("\n\n")[0]
        return " ".join(line.strip() for line in first.splitlines())


_REGISTRY: dict[str, Rule] = {}


def rule(id: str, category: str, severity: str = "error",
         binding: str = "") -> Callable[[Any], Any]:
    """Register a rule function under ``id`` with its public ``category``, default
    ``severity`` and ``binding`` — one line on how sure it is that the values it compares
    refer to the same quantity, and which severity each confidence gets."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")

    def deco(func: Callable[[Context], Iterable[Finding]]) -> Callable[..., Any]:
        _REGISTRY[id] = Rule(id, category, severity, func, func.__doc__ or "", binding)
        return func

    return deco


def all_rules() -> list[Rule]:
    """Every registered rule, in catalogue order."""
    for fam in FAMILIES:
        importlib.import_module(f"{__package__}.{fam}")
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return sorted(_REGISTRY.values(), key=lambda r: (order[r.category], r.id))


def _matches(r: Rule, key: str) -> bool:
    """A selector names a rule id, a category, or a family prefix (``score`` → ``score.*``)."""
    return key in (r.id, r.category) or r.id.startswith(key + ".")


def select_rules(rules: Sequence[str] | str | None = None, skip: Sequence[str] | str | None = None,
                 config: dict[str, Any] | None = None) -> list[Rule]:
    """The rules to run. ``rules``/``skip`` are ids, categories or family prefixes (a comma
    separated string is split). A rule with ``enabled = false`` in checks.toml runs only when
    named in ``rules``. Unknown selectors raise ``ValueError``."""
    def split(x: Sequence[str] | str | None) -> list[str]:
        if x is None:
            return []
        items = x.split(",") if isinstance(x, str) else [p for s in x for p in s.split(",")]
        return [i.strip() for i in items if i.strip()]

    want, drop = split(rules), split(skip)
    every = all_rules()
    for key in want + drop:
        if not any(_matches(r, key) for r in every):
            raise ValueError(f"unknown rule or category: {key}")
    conf = (config or {}).get("rules", {})
    out = []
    for r in every:
        if want and not any(_matches(r, k) for k in want):
            continue
        if any(_matches(r, k) for k in drop):
            continue
        if not want and conf.get(r.id, {}).get("enabled", True) is False:
            continue
        out.append(r)
    return out


# --------------------------------------------------------------------------- context
class Context:
    """What a rule sees: the report, its parameters, and helpers to build findings with
    locations (section path, table cell, page, block, span, quoted text)."""

    def __init__(self, report: Report, patterns: Patterns) -> None:
        self.report = report
        self.patterns = patterns
        self.config: dict[str, Any] = patterns["checks"]
        self.defaults: dict[str, Any] = self.config.get("defaults", {})
        self.grades: dict[str, Any] = patterns["grades"]
        self.rule: Rule | None = None
        self.resolver = Resolver(report)

    # -- parameters -------------------------------------------------------------------
    @property
    def params(self) -> dict[str, Any]:
        """The current rule's ``[rules."<id>"]`` table."""
        return self.config.get("rules", {}).get(self.rule.id, {}) if self.rule else {}

    def param(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, self.defaults.get(key, default))

    @property
    def rounding(self) -> str:
        return str(self.defaults.get("rounding", "half_up"))

    @property
    def approx(self) -> Decimal:
        return Decimal(str(self.defaults.get("approx", "0.1")))

    def round(self, x: Decimal, places: int) -> Decimal:
        """``x`` rounded to ``places`` decimals with the configured mode (HALF_UP)."""
        return round_to(x, places, self.rounding)

    def severity(self, kind: str | None = None) -> str:
        """The current rule's severity, or a named one from ``[defaults]``
        (``truncation``/``last_place``/``residue``)."""
        if kind is not None:
            return str(self.defaults.get(f"{kind}_severity", "info"))
        assert self.rule is not None
        return str(self.params.get("severity", self.rule.severity))

    def misprint(self, stated: Decimal, expected: Decimal, places: int) -> tuple[Decimal, str | None]:
        """How many units of the last printed place ``stated`` is off ``expected``, and the
        severity that deserves: one unit is a rounding slip (``last_place``), more gets the
        rule's own severity (``None``)."""
        off = abs(stated - expected) / ulp(places)
        return off, (self.severity("last_place") if off <= 1 else None)

    def ratio_finding(self, what: str, fraction: Decimal, stated: Decimal, shown: str,
                      places: int, operands: str,
                      locations: Iterable[Location]) -> Finding | None:
        """A printed percentage against ``fraction`` × 100 recomputed at its printed
        precision: ``None`` when they agree, else the finding (one last-place unit off is a
        rounding slip). ``shown`` is the percentage as the report prints it."""
        expected = self.round(fraction * 100, places)
        off, sev = self.misprint(stated, expected, places)
        if not off:
            return None
        return self.finding(f"{what}应为{fmt(expected)}%（{operands}），表中为{shown}",
                            severity=sev, expected=f"{fmt(expected)}%", actual=shown,
                            difference=stated - expected, locations=locations)

    # -- score tables -------------------------------------------------------------------
    def score_tables(self) -> list[ScoreSummary]:
        """Every scoring table (the main ``report.score`` first), each once. A score read
        from a 自评表 (checked by the ``selfeval`` rules) or from the text is not a table."""
        out: list[ScoreSummary] = []
        seen: set[int | None] = set()
        main = self.report.score
        cands = ([main] if main and main.origin not in ("self_eval", "narrative") else []) + [
            t for t in self.report.typed_tables if isinstance(t, ScoreSummary)]
        for t in cands:
            if t.table in seen and t.table is not None:
                continue
            seen.add(t.table)
            out.append(t)
        return out

    def facts(self, cls: type[F]) -> list[F]:
        """The report's facts of one class, typed: ``ctx.facts(CountFact)`` (the four score
        kinds are one class, ``ScoreFact``)."""
        return [f for f in self.report.facts if isinstance(f, cls)]

    # -- locations ----------------------------------------------------------------------
    def section_path(self, block: int | None) -> str | None:
        """The headings from the outermost section down to the one holding ``block``."""
        return self.resolver.section_path(block)

    def at(self, ref: Ref | None, text: str = "", label: str | None = None) -> Location:
        """The location of ``ref`` with what a reviewer reads beside it (section, page and
        line, derived by :mod:`reportparse.locate`)."""
        if ref is None:
            return Location(file=self.report.source.path, text=text, label=label)
        where = self.resolver.where(ref)
        return Location(file=self.report.source.path, ref=ref, text=text, label=label,
                        section=where.section, page=where.page, line=where.line)

    def at_cell(self, ref: Ref | None, label: str | None = None,
                text: str | None = None) -> Location:
        """The location of a table cell, quoting its text unless ``text`` is given."""
        if ref is None:
            return self.at(None, label=label)
        if text is None:
            cell = self.resolver.cell(ref)
            text = cell.text if cell is not None else ""
        return self.at(ref, text, label)

    def at_block(self, block: int | None, *, span: tuple[int, int] | None = None,
                 text: str = "", label: str | None = None) -> Location:
        if block is not None and 0 <= block < len(self.report.blocks) and not text \
                and not span:
            text = getattr(self.report.blocks[block], "text", "")
        return self.at(Ref(block=block, span=span) if block is not None else None, text, label)

    def at_fact(self, fact: BaseFact, label: str | None = None,
                span: tuple[int, int] | None = None, text: str | None = None) -> Location:
        """Where a fact stands (``span``/``text``: a figure bound into it, when given)."""
        ref = fact.ref
        quote = fact.text if text is None else text
        if ref is not None and ref.row is not None:
            return self.at_cell(ref, label, quote)
        return self.at_block(ref.block if ref else None, span=span or (ref.span if ref else None),
                             text=quote, label=label)

    def at_section(self, s: Section) -> Location:
        block = s.heading_block
        loc = self.at_block(block, span=s.provenance.span, text=s.heading, label="标题")
        loc.section = self.section_path(block) or s.heading
        return loc

    # -- findings -----------------------------------------------------------------------
    def finding(self, message: str, *, severity: str | None = None,
                expected: Decimal | str | None = None, actual: Decimal | str | None = None,
                difference: Decimal | str | None = None, tolerance: Decimal | str | None = None,
                locations: Iterable[Location] = ()) -> Finding | None:
        """A finding of the current rule (its configured severity unless given); ``None``
        when that severity is configured ``"off"``."""
        assert self.rule is not None
        sev = severity or self.severity()
        if sev not in SEVERITIES:
            return None

        def s(x: Decimal | str | None) -> str | None:
            return fmt(x) if isinstance(x, Decimal) else x

        return Finding(rule=self.rule.id, category=self.rule.category,
                       severity=sev, message=message,  # type: ignore[arg-type]
                       expected=s(expected), actual=s(actual), difference=s(difference),
                       tolerance=s(tolerance), locations=list(locations))


# --------------------------------------------------------------------------- running
def extraction_of(report: Report, patterns: Patterns) -> Extraction:
    """What ``report`` has extracted; extracted now (and stored on it) when it has not been
    through extraction yet — a report built by hand, or read back without tables. Facts a
    caller set are kept: then only the tables and the score are read."""
    if report.score is not None or report.typed_tables:
        return report.extraction()
    if report.facts:
        ext = report.extraction()
        ext.typed_tables = read_tables(report, patterns)
        ext.score = main_score(ext.typed_tables, report.facts, patterns)
    else:
        ext = extract(report, patterns)
    report.store(ext)
    return ext


def _position(f: Finding) -> tuple[int, int, int]:
    """Where a finding's first value stands in reading order (unknown places last)."""
    big = 1 << 30
    for loc in f.locations:
        if loc.block is not None:
            return (loc.block, loc.row if loc.row is not None else -1,
                    loc.col if loc.col is not None else -1)
    return (big, big, big)


def check_rule_ids(p: Patterns) -> None:
    """A ``[rules."<id>"]`` table in checks.toml must name a rule: a misspelt id would
    otherwise configure nothing, silently (the pattern models cannot know the catalogue)."""
    known = {r.id for r in all_rules()}
    unknown = [k for k in p["checks"].get("rules", {}) if k not in known]
    if unknown:
        raise ReportParseError(p.paths.get("checks", f"{p.origin}/checks.toml"), "patterns",
                               f'rules."{unknown[0]}": unknown rule id '
                               "(reportparse rules lists them)")


def run(doc: Document, extraction: Extraction | None = None,
        patterns: Patterns | str | None = None, rules: Sequence[str] | str | None = None,
        skip: Sequence[str] | str | None = None) -> CheckResult:
    """Run the selected rules over ``doc`` and its ``extraction`` (extracted here when not
    given). The findings come errors first, then warnings and info, each in reading order; a
    rule that fails unexpectedly becomes a ``check_failed`` warning and the others still run.

    A :class:`Report` given without an extraction is the convenience path: its own extraction
    is used (run first if it has none) and the result is stored on it (``report.findings``,
    ``report.warnings``). Anything else is left as it was.
    """
    p = load_patterns(patterns)
    check_rule_ids(p)
    selected = select_rules(rules, skip, p["checks"])
    if isinstance(doc, Report) and extraction is None:  # the convenience path
        extraction_of(doc, p)
        view, stored = doc, True
    else:
        ext = extraction if extraction is not None else extract(doc, p)
        view, stored = Report.from_parts(doc, ext), False
    ctx = Context(view, p)
    out: list[Finding] = []
    failed: list[Message] = []
    for r in selected:
        ctx.rule = r
        try:
            out.extend(f for f in r.func(ctx) if f is not None)
        except Exception as e:  # noqa: BLE001 - one broken rule must not hide the others
            failed.append(Message(
                code="check_failed", message=f"rule {r.id} failed: {type(e).__name__}: {e}"))
    for f in out:
        _doubt_ocr(ctx.resolver, f)
    out.sort(key=lambda f: (SEVERITY_RANK[f.severity], _position(f)))
    result = CheckResult(out, failed)
    if stored:
        view.store(checked=result)
    return result


#: an OCR line or cell read with less confidence than this is doubtful (ingest/ocr.py)
LOW_OCR_CONFIDENCE = 0.9


def _doubt_ocr(resolver: Resolver, f: Finding) -> None:
    """No error rests on a doubtful OCR reading: an error whose compared values include one
    recognised with low confidence becomes ``info``, naming the doubt (the mismatch may be a
    misread digit, not a wrong figure in the report)."""
    if f.severity != "error":
        return
    found = (resolver.where(loc.ref).ocr_confidence for loc in f.locations if loc.ref is not None)
    low = [c for c in found if c is not None and c < LOW_OCR_CONFIDENCE]
    if low:
        f.severity = "info"
        f.message += (f" (doubtful: {len(low)} of the values were read by OCR with low "
                      f"confidence, {min(low):.2f}; check them on the page)")
