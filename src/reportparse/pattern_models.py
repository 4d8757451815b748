"""The schema of ``patterns/*.toml``: one pydantic model per file, validated on load.

Why: a user's patterns folder is merged over the shipped defaults, and a misspelt key
(``[kinds] problem = …``), a number written as a string or a regex that does not compile used
to be ignored silently or to fail deep inside a stage. Every model forbids unknown keys and
checks types strictly (TOML gives native types; ``"90"`` is not a number), and every regex is
compiled here, so :func:`reportparse.patterns.load_patterns` can name the file, the key path and
the cause in one :class:`~reportparse.errors.ReportParseError`.

The field comments double as the reference in ``docs/patterns.md`` (a test keeps the two in
step). Stages still read the merged TOML as plain mappings (``patterns["facts"]``); the
validated models are there for typed access (``patterns.facts.score.strong_cues``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from types import UnionType
from typing import Annotated, Literal, Union, get_args, get_origin

import regex
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

SectionKind = Literal["background", "content", "conclusion", "problems", "suggestions", "other"]
Severity = Literal["error", "warning", "info"]
Words = list[str]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


def _regex(pattern: str, groups: tuple[str, ...] = (), **slots: str) -> str:
    """Compile ``pattern`` (``{slot}`` placeholders filled with a sample) with the ``regex``
    module the stages use; ``regex`` caches the compiled pattern for them."""
    text = pattern
    for slot, sample in slots.items():
        text = text.replace("{" + slot + "}", sample)
    try:
        compiled = regex.compile(text)
    except regex.error as e:
        raise ValueError(f"bad regex: {e}") from None
    missing = [g for g in groups if g not in compiled.groupindex]
    if missing:
        raise ValueError(f"regex must define the group(s) {', '.join(missing)}")
    return pattern


def _rx(groups: tuple[str, ...] = (), **slots: str) -> AfterValidator:
    """The validator of a regex-valued field; its ``label`` describes the field in the docs'
    reference tables."""
    def check(pattern: str) -> str:
        return _regex(pattern, groups, **slots)

    label = "regex" + (f" with group(s) {', '.join(groups)}" if groups else "") + (
        f"; {', '.join('{' + s + '}' for s in slots)} filled in" if slots else "")
    check.label = label  # type: ignore[attr-defined]
    return AfterValidator(check)


Regex = Annotated[str, _rx()]
FamilyRegex = Annotated[str, _rx(("marker", "num"))]
InlineRegex = Annotated[str, _rx(n="[一二]", d="[0-9]")]
GradeRegex = Annotated[str, _rx(grades="优|良")]
WeightRegex = Annotated[str, _rx(("w",))]
ValueRegex = Annotated[str, _rx(("v",))]
UnitRegex = Annotated[str, _rx(("unit",))]


# ------------------------------------------------------------------------ captions.toml
class Caption(_Model):
    max_chars: int
    sentence_endings: str
    table_words: Words
    numbered: Regex


class UnitLine(_Model):
    tail: UnitRegex
    line: UnitRegex


class Title(_Model):
    words: Words
    max_chars: int


class CaptionsFile(_Model):
    """Table captions, unit lines and the report title (structure stage)."""

    caption: Caption
    unit: UnitLine
    title: Title


# -------------------------------------------------------------------------- checks.toml
class CheckDefaults(_Model):
    rounding: Literal["half_up", "half_even", "down"]
    truncation_severity: Severity
    last_place_severity: Severity
    residue_severity: Severity | Literal["off"]
    approx: str | float


class RuleConf(_Model):
    """One ``[rules."<id>"]`` table: the switches every rule has, and the parameters of the
    rules that take some (a key no rule reads is an error, not a silent no-op)."""

    severity: Severity | None = None
    enabled: bool | None = None
    top_total: float | None = None
    complete_markers: Words | None = None
    partial_markers: Words | None = None
    caption_severity: Severity | None = None
    roles: dict[str, Words] | None = None
    amount_words: Words | None = None
    generic_columns: Words | None = None
    order: Words | None = None
    events: dict[str, Words] | None = None
    skip_families: Words | None = None
    min: float | None = None
    output: Words | None = None
    outcome: Words | None = None


class Rates(_Model):
    capped: Words


class Derived(_Model):
    arrived: Words
    spent: Words
    balance: Words
    budget: Words
    use_rate: Words
    arrive_rate: Words
    full_year_budget: Words
    exec_rate: Words


class ChecksFile(_Model):
    """Consistency checks: tolerances, rounding and per-rule parameters."""

    defaults: CheckDefaults
    rules: dict[str, RuleConf]
    rates: Rates
    derived: Derived


# --------------------------------------------------------------------------- facts.toml
class ScoreSubjects(_Model):
    report: Words
    here: Words
    indicator: Words
    dimension_may_follow: str
    dimension_suffixes: Words
    heading_suffixes: Words


class ScoreFacts(_Model):
    strong_cues: Words
    medium_cues: Words
    score_cues: Words
    max_cues: Words
    total_cues: Words
    filler: Regex
    list_filler: Regex
    rate_cues: Words
    references: Words
    operators: str
    toc_line: Regex
    other_time: Words
    self_rated: Words
    connectors: Words
    subjects: ScoreSubjects
    dimensions: dict[str, Words]


class GradeFacts(_Model):
    pattern: GradeRegex


class CountFacts(_Model):
    units: Words
    exact_markers: Words
    partial_markers: Words
    separators: str
    last_joiners: Words
    max_item_chars: int
    quantifier_numerals: Words
    respective_markers: Words
    noun_stops: Words


class PartsList(_Model):
    open_markers: Words
    partial_after: Words


class MoneyFacts(_Model):
    total_labels: Words
    part_markers: Words
    sum_words: Words
    change_words: Words
    per_unit_words: Words
    current_year_words: Words
    strong_role_words: Words
    other_quantity: dict[str, Words]
    parts_list: PartsList
    roles: dict[str, Words]


class ChangeFacts(_Model):
    increase: Words
    decrease: Words
    rate_increase: Words
    rate_decrease: Words
    compare_words: Words
    compare_patterns: list[Regex]


class RateFacts(_Model):
    words: Words


class DateFacts(_Model):
    named: Words


class MetaFacts(_Model):
    project: Words
    unit: Words
    evaluator: Words
    report_date: Words
    year: Words
    not_values: Words
    not_value_endings: Words
    unit_prose: list[ValueRegex]
    evaluator_prose: list[ValueRegex]
    year_prose: list[ValueRegex]
    project_title: list[ValueRegex]


class FactsFile(_Model):
    """Narrative facts: the words that make a figure in the prose a statement to check."""

    score: ScoreFacts
    grade: GradeFacts
    count: CountFacts
    money: MoneyFacts
    change: ChangeFacts
    rate: RateFacts
    date: DateFacts
    meta: MetaFacts


# -------------------------------------------------------------------------- grades.toml
class Band(_Model):
    grade: str
    min: float
    max: float | None = None


class BandSet(_Model):
    source: str
    round_first: bool = False
    bands: list[Band]


class GradeLabels(_Model):
    words: Words


class GradesFile(_Model):
    """Grade bands, local grade labels and the words recognised as grades."""

    default: str
    sets: dict[str, BandSet]
    aliases: dict[str, str]
    labels: GradeLabels

    @model_validator(mode="after")
    def _default_names_a_set(self) -> GradesFile:
        if self.default not in self.sets:
            raise ValueError(f"default: names no band set ({', '.join(sorted(self.sets))})")
        return self


# ------------------------------------------------------------------------ headings.toml
class Family(_Model):
    name: str
    group: str | None = None
    usual_level: int = 3
    numeral: Literal["cn", "arabic", "circled", "dotted", "optional"] = "arabic"
    pattern: FamilyRegex


class HeadingRules(_Model):
    max_title_chars: int
    point_title_stops: str
    max_point_title_chars: int
    list_item_endings: str
    note: Regex
    glossary_titles: Words


class InlineRules(_Model):
    markers: list[InlineRegex]
    boundary: str


class HeadingsFile(_Model):
    """Heading grammar: the numbering families of Chinese report outlines."""

    family: list[Family]
    heading: HeadingRules
    inline: InlineRules


# --------------------------------------------------------------------------- noise.toml
class TocRules(_Model):
    titles: Words
    entry_max_chars: int
    entry_stops: str
    min_entries: int
    min_echo: float
    line: Regex


class Furniture(_Model):
    page_number: list[Regex]
    repeat_min_pages: int
    repeat_share: float
    repeat_max_chars: int


class NoiseFile(_Model):
    """Noise that Word and converters leave behind (clean stage)."""

    markers: dict[str, Regex]
    toc: TocRules
    furniture: Furniture


# ------------------------------------------------------------------------ sections.toml
class Normalise(_Model):
    replace: list[Annotated[Words, Field(min_length=2, max_length=2)]]


class SectionPoints(_Model):
    keyword_stops: Words


class SectionsFile(_Model):
    """Section kinds: heading-title synonyms, the jieba fallback words, points' keywords."""

    max_kind_title_chars: int
    fuzzy_edits: int
    fuzzy_min_chars: int
    normalise: Normalise
    kinds: dict[SectionKind, Words]
    fallback: dict[SectionKind, Words]
    points: SectionPoints


# -------------------------------------------------------------------------- tables.toml
class TableRows(_Model):
    total: Words
    rounded: Words
    grade_contains: Words
    part_prefix: Words
    fund_total: Words


class TableKinds(_Model):
    score: Words
    self_eval_budget: Words
    self_eval_indicators: Words
    item_list: Words
    amounts: Words
    max_header_row: int
    transposed_max_rows: int


class TableWeight(_Model):
    label: WeightRegex


class ScoreChoice(_Model):
    target_captions: Words
    full_marks: float
    dimension_suffixes: Words


class Stitch(_Model):
    continuation: Words
    new_caption: Regex


class TablesFile(_Model):
    """Table kinds, recognised by header signature; summary rows; page-split tables."""

    role_order: Words
    headers: dict[str, Words]
    rows: TableRows
    kinds: TableKinds
    weight: TableWeight
    choice: ScoreChoice
    stitch: Stitch

    @model_validator(mode="after")
    def _roles_are_header_roles(self) -> TablesFile:
        named = {"role_order": self.role_order, "kinds.score": self.kinds.score,
                 "kinds.self_eval_budget": self.kinds.self_eval_budget,
                 "kinds.self_eval_indicators": self.kinds.self_eval_indicators,
                 "kinds.item_list": self.kinds.item_list, "kinds.amounts": self.kinds.amounts}
        for key, roles in named.items():
            unknown = [r for r in roles if r not in self.headers]
            if unknown:
                raise ValueError(f"{key}: names roles without [headers]: {', '.join(unknown)}")
        return self


# ---------------------------------------------------------------------------- text.toml
class TextFile(_Model):
    """Text decoding: how the text reader tells GB18030/GBK from other legacy encodings."""

    min_han_for_check: int
    min_common_ratio: float
    common_han: str


FILES: dict[str, type[_Model]] = {
    "captions": CaptionsFile, "checks": ChecksFile, "facts": FactsFile, "grades": GradesFile,
    "headings": HeadingsFile, "noise": NoiseFile, "sections": SectionsFile,
    "tables": TablesFile, "text": TextFile,
}
"""Every pattern file by stem; a ``.toml`` file in a patterns folder not named here is an
error."""


# ------------------------------------------------------------------- docs reference table
def _type(ann: object, metadata: Iterable[object] = ()) -> tuple[str, type[_Model] | None]:
    """A field's type in words, and the model it nests (for the rows below it)."""
    for m in metadata:
        if isinstance(m, AfterValidator) and hasattr(m.func, "label"):
            return str(m.func.label), None
    origin, args = get_origin(ann), get_args(ann)
    if origin is Annotated:
        return _type(args[0], args[1:])
    if origin is Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args), None
    if origin in (Union, UnionType):
        words = " or ".join(_type(a)[0] for a in args if a is not type(None))
        return words.replace(" or one of ", ", "), None
    if origin is list:
        inner, model = _type(args[0])
        return ("array of tables", model) if model else (f"list of {inner}", None)
    if origin is dict:
        inner, model = _type(args[1])
        return ("table of tables", model) if model else (f"table of {inner}", None)
    if isinstance(ann, type) and issubclass(ann, _Model):
        return "table", ann
    names: dict[object, str] = {str: "string", int: "integer", float: "number", bool: "boolean"}
    return names.get(ann, str(ann)), None


def nested_model(model: type[_Model], key: str) -> tuple[type[_Model] | None, int]:
    """The model of table ``key`` in ``model``, and how many key-path parts (an array index, a
    table-of-tables name) stand between it and its own keys."""
    f = model.model_fields.get(key)
    if f is None:
        return None, 0
    kind, nested = _type(f.annotation, f.metadata)
    return nested, 1 if kind in ("array of tables", "table of tables") else 0


def _rows(model: type[_Model], prefix: str) -> Iterator[str]:
    for name, f in model.model_fields.items():
        kind, nested = _type(f.annotation, f.metadata)
        default = "required" if f.is_required() else (
            "—" if f.default is None else f"`{str(f.default).lower()}`")
        yield f"| `{prefix}{name}` | {kind} | {default} |"
        if nested is not None:
            sep = {"array of tables": "[].", "table of tables": ".<name>."}.get(kind, ".")
            yield from _rows(nested, f"{prefix}{name}{sep}")


def reference_markdown() -> str:
    """Every file's keys as Markdown tables: the reference in ``docs/patterns.md``."""
    out = []
    for stem, model in FILES.items():
        doc = (model.__doc__ or "").strip().splitlines()[0]
        out += [f"### `{stem}.toml`", "", doc, "", "| key | type | default |",
                "| --- | --- | --- |", *_rows(model, ""), ""]
    return "\n".join(out)
