"""The extraction layer of the model: numbers, narrative facts, typed tables, problems and
suggestions, findings, and the three layers' results :class:`Extraction`, :class:`CheckResult`
and :class:`Report` (whose JSON is the public contract).

Imported through :mod:`reportparse.models` (``from reportparse.models import Report``), which
loads this module on the first use of one of its names: parsing a document alone never builds
these classes. The document-layer classes they refer to come from the package.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    ValidatorFunctionWrapHandler,
    computed_field,
    model_serializer,
    model_validator,
)

from . import (
    LATER_STAGE_WARNINGS,
    SCHEMA_VERSION,
    Document,
    Message,
    Meta,
    Point,
    Provenance,
    Ref,
    _lean_dict,
    _ReadsBackComputed,
    _Model,
)


# --------------------------------------------------------------------------- numbers
Bound = Literal["exact", "approx", "lt", "le", "gt", "ge", "range"]
Numeral = Literal["arabic", "chinese", "capital"]

#: money units and their factor to 元
MONEY_UNITS: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(10) ** 3,
    "万元": Decimal(10) ** 4,
    "百万元": Decimal(10) ** 6,
    "千万元": Decimal(10) ** 7,
    "亿元": Decimal(10) ** 8,
}


def _integral(x: Decimal) -> Decimal:
    """``120000000.0`` → ``120000000``: a scaled value shown without spurious decimals."""
    return x.quantize(Decimal(1)) if x == x.to_integral_value() else x.normalize()


class Number(BaseModel):
    """A figure as written, with its exact value.

    ``value`` is normalised: multiplied by ``scale`` (so money is in 元: ``6600万元`` →
    ``66000000``); ``written`` is the figure in the unit it was written in (``6600``).
    ``unit`` is the base unit (``元``, ``%``, ``分``, ``个``, ``年``… or ``None`` for a bare
    figure), ``written_unit`` the unit as written (``万元``). ``precision`` counts the decimals
    shown in the written figure. ``bound`` says how ``value`` bounds the truth: ``exact``,
    ``approx`` (约/左右), ``le`` (近/以下/≤), ``lt``, ``ge`` (余/多/以上/≥), ``gt`` (逾/超过),
    ``range`` (``value`` ≤ x ≤ ``upper``). ``hedge`` is the hedge word as written. ``span`` is
    a half-open range in the text that was scanned.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: Decimal
    unit: str | None = None
    written_unit: str | None = None
    scale: Decimal = Decimal(1)
    precision: int = 0
    bound: Bound = "exact"
    hedge: str | None = None
    upper: Decimal | None = None
    numeral: Numeral = "arabic"
    text: str = ""
    span: tuple[int, int] | None = None

    @property
    def written(self) -> Decimal:
        """The figure in its written unit (``6600`` for ``6600万元``), exact."""
        return self.value if self.scale == 1 else (self.value / self.scale).quantize(
            Decimal(1).scaleb(-self.precision), rounding=ROUND_HALF_UP)

    @property
    def quantum(self) -> Decimal:
        """The resolution of the written figure in normalised units (``6600万元`` → 10000)."""
        return _integral(Decimal(1).scaleb(-self.precision) * self.scale)

    @property
    def is_money(self) -> bool:
        return self.unit == "元"

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def exact(self) -> bool:
        return self.bound == "exact"

    @property
    def fraction(self) -> Decimal | None:
        """A percentage as a fraction (``82.00%`` → ``0.8200``), else ``None``."""
        return self.value / Decimal(100) if self.unit == "%" else None

    def in_unit(self, unit: str) -> Decimal | None:
        """Money in another money unit (exact), e.g. ``n.in_unit("万元")``."""
        if self.unit != "元" or unit not in MONEY_UNITS:
            return None
        return self.value / MONEY_UNITS[unit]


# --------------------------------------------------------------------------- facts (issue 14)
#: what a narrative fact states (``Fact.kind``, which picks its class and its ``data``):
#: ``total_score`` the report's score, ``indicator_score`` a dimension's or row's, ``score`` an
#: unbound one, ``max_score`` a weight; ``grade`` and ``grade_band`` (优 ≥ 90分); ``money_total``
#: a total with its parts, ``money`` a labelled amount, ``change`` a year-on-year change;
#: ``count`` N items (with the list named); ``rate`` a percentage; ``date`` a dated event
FactKind = Literal["total_score", "indicator_score", "score", "max_score", "grade", "grade_band",
                   "money_total", "money", "change", "count", "rate", "date"]
FACT_KINDS: tuple[str, ...] = FactKind.__args__  # type: ignore[attr-defined]
ScoreKind = Literal["total_score", "indicator_score", "score", "max_score"]
#: the kinds a :class:`ScoreFact` states (the extractor re-binds one to another, see
#: ``extract.scores.bind_sections``, so they share one class)
SCORE_KINDS: tuple[str, ...] = ScoreKind.__args__  # type: ignore[attr-defined]


class _FactData(BaseModel):
    """A fact's ``data``: strict (an unknown key is an error) and written as given — exactly
    the keys the extractor (or a caller) set, an explicit ``null`` included — so that the
    JSON says what the sentence stated and reads back to an equal fact. A key left out reads
    back as the field's default (what the checks assume when a sentence does not say)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    @model_serializer(mode="wrap")
    def _given(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        # no return annotation: pydantic then keeps the model's own serialisation schema
        data = handler(self)
        if not isinstance(data, dict):
            return data
        given = self.model_fields_set
        return {k: v for k, v in data.items() if k in given}


class _NumberData(_FactData):
    """Data of a fact that states one figure: ``number`` is that figure in full (unit, scale,
    precision, hedge), what a check compares."""

    number: Number | None = None


class _PeriodData(_NumberData):
    """The period and rater a statement's clause names: ``year`` (2022年度…), ``other_period``
    (上年度…), ``years`` (how many different years the sentence names, when more than one)
    and ``self_rated`` (单位自评…)."""

    year: int | None = None
    other_period: bool = False
    self_rated: bool = False
    years: int | None = None


class ScoreData(_PeriodData):
    """``决策指标得分12.30分``: whose figure (``subject``: report / dimension / indicator / here /
    ``None``, and ``name``: the dimension or the indicator's own words), which quantity
    (``role``: score / max / total; ``cue`` and ``cue_strength``), companions stated with it
    (``max``, ``rate``), and the heading it stands under (``section``, ``section_dim``,
    ``under_dim``, ``in_heading``: added by ``extract.scores.bind_sections``). ``listed``: the
    dimension came from a 分别为 list; ``bare``: nothing before the cue could be its subject."""

    subject: Literal["report", "dimension", "indicator", "here"] | None = None
    name: str | None = None
    label: str | None = None
    role: Literal["score", "max", "total"] = "score"
    cue: str | None = None
    cue_strength: Literal["strong", "medium", "weak"] | None = None
    listed: bool = False
    bare: bool = False
    max: Number | None = None
    rate: Number | None = None
    section: str | None = None
    section_dim: str | None = None
    under_dim: bool = False
    in_heading: bool = False


class GradeData(_PeriodData):
    """``评估级别为“良”``: the grade is the fact's ``value``; ``data`` the period and rater."""


class GradeBandData(_FactData):
    """``90分（含）以上为优``: the grade (``grade``, else the fact's ``value``) covers the
    scores from ``min`` to ``max`` (``None``: unbounded), each end inclusive or not."""

    grade: str | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    min_inclusive: bool = True
    max_inclusive: bool = False


class MoneyPart(_FactData):
    """One part of a money total: its label, value (元), quoted text, span in
    ``Report.text`` (``None`` without one) and full number."""

    label: str
    value: Decimal
    text: str = ""
    span: tuple[int, int] | None = None
    number: Number | None = None


class MoneyTotalData(_NumberData):
    """``总投资为6600万元，资金来源为…``: the total's ``label`` (= ``entity``, what two totals
    must agree on), the ``marker`` before its parts (其中, 资金来源为, or the sum word of
    ``…，合计1000万元`` with ``parts_before``), the ``parts``, and ``open`` when the list of
    parts may be incomplete (one item, 含/等)."""

    label: str | None = None
    entity: str | None = None
    marker: str | None = None
    parts: list[MoneyPart] = Field(default_factory=list)
    open: bool = False
    parts_before: bool = False


class MoneyData(_NumberData):
    """``申请一般债券资金8000万元``: the words before the amount (``label`` = ``entity``) and
    the ``role`` they name (budget / executed / received / carryover / applied / …)."""

    label: str | None = None
    entity: str | None = None
    role: str | None = None


class ChangeFigure(_FactData):
    """A figure bound into a change: text, value, span (``None`` when it stands in another
    sentence), full number; ``word`` the rate's own word (增长/下降)."""

    text: str = ""
    value: Decimal
    span: tuple[int, int] | None = None
    number: Number | None = None
    word: str | None = None


class ChangeData(_NumberData):
    """``总计27664.22万元，与上年相比增加3205.79万元，增长13.11%``: the change (the fact's value,
    Y) goes in ``direction`` (``word`` as written); ``current`` is X (``None`` when X is not
    found), ``previous`` the last year's amount when stated, ``rate`` Z."""

    direction: Literal["increase", "decrease"] | None = None
    word: str | None = None
    current: ChangeFigure | None = None
    previous: ChangeFigure | None = None
    rate: ChangeFigure | None = None


class CountGroup(_FactData):
    """An item-list group a count is bound to: the table's block, the group's index in it,
    its title and how many items it lists."""

    table: int
    group: int
    title: str | None = None
    n_items: int


_Names = list[str]  # (a field named ``list`` below would shadow the builtin in annotations)
_Groups = list[CountGroup]


class CountData(_NumberData):
    """``蒙维小区、民生A区等14个老旧小区``: the ``noun`` counted, the ``items`` named with it,
    whether that list is complete (``list``: ``exact`` after 即/分别为/包括 or a bare list,
    ``partial`` with 等, ``points`` for 一是/二是…, ``None`` when nothing is listed; ``marker``
    the word), the ``entity`` it is bound to (the first named item, else the noun), ``bound``
    (about/at most) and ``groups``: the item-list groups holding every named item (added by
    ``extract.facts.bind_counts``; ``None`` when not looked up)."""

    noun: str | None = None
    items: _Names = Field(default_factory=list)
    list: Literal["exact", "partial", "points"] | None = None
    marker: str | None = None
    entity: str | None = None
    bound: Bound | None = None
    groups: _Groups | None = None


class RateData(_NumberData):
    """``执行率为99.97%``: the words before the percentage (``label``)."""

    label: str | None = None


class DateData(_FactData):
    """``2022年6月7日``: ``year``/``month``/``day`` (the ISO text is the fact's value) and the
    clause around it (``context``); a named date (``截至评估日``) has ``named`` and no value;
    ``event`` is the event a caller says the date belongs to (else found in ``context``)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    context: str | None = None
    named: str | None = None
    event: str | None = None


def _kind_required(schema: dict[str, Any]) -> None:
    """``kind`` is always written and names the class: required in the schema too."""
    required = schema.setdefault("required", [])
    if "kind" not in required:
        required.insert(0, "kind")


class BaseFact(_Model):
    """A figure or statement the narrative makes (filled by ``extract``); ``ref`` is where
    ``text`` stands (its paragraph and span in ``Report.text``). One class per kind (the
    ``kind`` picks it, :data:`Fact`), each with its typed ``data``."""

    model_config = ConfigDict(defer_build=True, json_schema_extra=_kind_required)

    kind: str
    # a figure (Decimal, read back from JSON as Decimal), a word or ISO date (str); a Number or
    # a date set by a caller is accepted too (tried in this order)
    value: Decimal | str | Number | date | None = Field(default=None,
                                                        union_mode="left_to_right")
    unit: str | None = None
    text: str = ""  # the quoted source text
    data: _FactData = Field(default_factory=_FactData)
    ref: Ref | None = None

    @property
    def number(self) -> Number | None:
        """The figure the fact states in full (``data.number``), for the kinds that state one."""
        return self.data.number if isinstance(self.data, _NumberData) else None


class ScoreFact(BaseFact):
    """A score, weight or total in 分 (``kind`` one of :data:`SCORE_KINDS`)."""

    kind: ScoreKind
    data: ScoreData = Field(default_factory=ScoreData)


class GradeFact(BaseFact):
    kind: Literal["grade"] = "grade"
    data: GradeData = Field(default_factory=GradeData)


class GradeBandFact(BaseFact):
    kind: Literal["grade_band"] = "grade_band"
    data: GradeBandData = Field(default_factory=GradeBandData)


class MoneyTotalFact(BaseFact):
    kind: Literal["money_total"] = "money_total"
    data: MoneyTotalData = Field(default_factory=MoneyTotalData)


class MoneyFact(BaseFact):
    kind: Literal["money"] = "money"
    data: MoneyData = Field(default_factory=MoneyData)


class ChangeFact(BaseFact):
    kind: Literal["change"] = "change"
    data: ChangeData = Field(default_factory=ChangeData)


class CountFact(BaseFact):
    kind: Literal["count"] = "count"
    data: CountData = Field(default_factory=CountData)


class RateFact(BaseFact):
    kind: Literal["rate"] = "rate"
    data: RateData = Field(default_factory=RateData)


class DateFact(BaseFact):
    kind: Literal["date"] = "date"
    data: DateData = Field(default_factory=DateData)


#: a narrative fact: the class its ``kind`` names (``list[Fact]`` reads each back as its class)
Fact = Annotated[ScoreFact | GradeFact | GradeBandFact | MoneyTotalFact | MoneyFact | ChangeFact
                 | CountFact | RateFact | DateFact, Field(discriminator="kind")]

#: each kind's class
FACT_TYPES: dict[str, type[BaseFact]] = {
    **dict.fromkeys(SCORE_KINDS, ScoreFact), "grade": GradeFact, "grade_band": GradeBandFact,
    "money_total": MoneyTotalFact, "money": MoneyFact, "change": ChangeFact, "count": CountFact,
    "rate": RateFact, "date": DateFact}


def make_fact(kind: str, **fields: Any) -> Fact:
    """The fact of ``kind`` (validated: ``data`` may be a dict of that kind's keys), e.g.
    ``make_fact("count", value=Decimal(14), unit="个", data={"noun": "小区"})``."""
    cls = FACT_TYPES.get(kind)
    if cls is None:
        raise ValueError(f"unknown fact kind {kind!r}; one of {', '.join(FACT_KINDS)}")
    return cls.model_validate({"kind": kind, **fields})  # type: ignore[return-value]


class Figure(_Model):
    """A cell's value: the text as shown, the number parsed from it (with the unit that applied:
    cell > header > table unit line > document), and the cell it came from (``ref``: the
    table's block index and the cell's grid address)."""

    text: str = ""
    number: Number | None = None
    ref: Ref | None = None

    @property
    def value(self) -> Decimal | None:
        return self.number.value if self.number is not None else None


def _provenance_optional(schema: dict[str, Any]) -> None:
    """A derived ``provenance`` is left out when empty (lean writing, as when it was stored)."""
    schema["required"] = [k for k in schema.get("required", []) if k != "provenance"]
    if not schema["required"]:
        del schema["required"]


def _lean_ref(model: ScoreRow | ScoreSummary, data: Any, implied: Ref | None) -> Any:
    """``data`` (the lean dump of ``model``) without ``ref`` where it is the place a reader
    restores anyway (``implied``), and without an empty derived ``provenance``."""
    if isinstance(data, dict):
        if "ref" in data and model.ref is not None and model.ref == implied:
            del data["ref"]
        if "provenance" in data and not data["provenance"]:
            del data["provenance"]
    return data


class ScoreRow(_ReadsBackComputed):
    """One indicator of a scoring table (also a node of a multi-level tree).

    ``max_score``/``score``/``rate`` are the values *stated* in the table (``None`` where the
    table states none, e.g. a merged 一级指标 with no weight); ``rate`` is in percent as shown
    (``82.00``). The Decimals keep the decimals shown (``Decimal("12.30")``). ``cells`` maps
    ``name``/``max_score``/``score``/``rate``/``criteria``/``reason`` to the cell each came from.
    ``weight_in_label`` is True when ``max_score`` came from the label (``产出指标(50分)``).

    ``ref`` is where the row stands: its name cell (then it is ``cells["name"]``, and the JSON
    leaves it out), else its table alone (a 一级 group of a 自评表 with no cell of its own).
    ``provenance`` is derived from it (contract v1 keeps it; read ``ref``).
    """

    model_config = ConfigDict(json_schema_extra=_provenance_optional)

    name: str
    level: int = 1
    max_score: Decimal | None = None
    score: Decimal | None = None
    rate: Decimal | None = None
    # additive (issue 5)
    criteria: str | None = None
    reason: str | None = None
    weight_in_label: bool = False
    cells: dict[str, Ref] = Field(default_factory=dict)
    children: list[ScoreRow] = Field(default_factory=list)
    # additive (issue 14): the one stored address; absent in the JSON when it is cells["name"]
    ref: Ref | None = None

    @model_validator(mode="after")
    def _ref_is_the_name_cell(self) -> ScoreRow:
        if self.ref is None:
            self.ref = self.cells.get("name")
        return self

    @model_serializer(mode="wrap")
    def _lean(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        return _lean_ref(self, _lean_dict(self, handler(self)), self.cells.get("name"))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def provenance(self) -> Provenance:
        """Derived from ``ref`` (block, table, row, col), for readers of contract v1."""
        r = self.ref
        if r is None:
            return Provenance()
        return Provenance(block=r.block, table=r.block, row=r.row, col=r.col)

    def walk(self) -> Iterator[ScoreRow]:
        """This node and its descendants, depth-first."""
        yield self
        for c in self.children:
            yield from c.walk()


class ScoreSummary(_ReadsBackComputed):
    """A scoring table: one-level summary (``levels`` 1) or a multi-level indicator tree.

    ``rows`` are the level-1 indicators (their ``children`` the lower levels). ``total_row``
    and ``rounded_row`` are the 总分 and 总分（取整） rows as stated; ``total``/``total_rounded``
    repeat their scores for convenience; ``grade`` is the grade the table states and
    ``grade_ref`` its cell.
    """

    model_config = ConfigDict(json_schema_extra=_provenance_optional)

    rows: list[ScoreRow] = Field(default_factory=list)
    total: Decimal | None = None
    total_rounded: Decimal | None = None
    grade: str | None = None
    table: int | None = None  # block index of the table it came from
    # additive (issue 5)
    kind: Literal["score_summary", "score_tree"] = "score_summary"
    levels: int = 1
    caption: str | None = None
    total_row: ScoreRow | None = None
    rounded_row: ScoreRow | None = None
    grade_ref: Ref | None = None
    # additive (issue 15): where the score came from and how it was chosen
    origin: str = "table"  # table, transposed, stitched, self_eval (a 自评表), narrative (text)
    tables: list[int] = Field(default_factory=list)  # every block index it was read from
    dimension: str | None = None  # a per-dimension sub-table: the 一级 dimension it details
    evidence: list[str] = Field(default_factory=list)  # why it is the report's score

    # additive (issue 14): where the score stands — its table (``Ref(block=table)``, left out
    # of the JSON), or the sentence that states it (``origin`` narrative)
    ref: Ref | None = None

    @model_validator(mode="after")
    def _ref_is_the_table(self) -> ScoreSummary:
        if self.ref is None and self.table is not None:
            self.ref = Ref(block=self.table)
        return self

    @model_serializer(mode="wrap")
    def _lean(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        table = Ref(block=self.table) if self.table is not None else None
        return _lean_ref(self, _lean_dict(self, handler(self)), table)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def provenance(self) -> Provenance:
        """Derived from ``ref`` and ``table``, for readers of contract v1."""
        r = self.ref
        if r is None:
            return Provenance()
        return Provenance(block=r.block, table=self.table, span=r.span)

    def walk(self) -> Iterator[ScoreRow]:
        for r in self.rows:
            yield from r.walk()


class BudgetRow(_Model):
    """A row of a 自评表 budget block (年度资金总额, 其中：本年财政拨款 …)."""

    name: str
    part_of: int | None = None  # index in ``SelfEvalTable.budget`` of the row it is a part of
    planned: Figure | None = None  # 年初预算数
    budget: Figure | None = None  # 全年预算数
    executed: Figure | None = None  # 全年执行数
    max_score: Figure | None = None  # 分值
    rate: Figure | None = None  # 执行率 (percent)
    score: Figure | None = None  # 得分
    ref: Ref | None = None


class IndicatorRow(_Model):
    """An indicator row of a 自评表: the path of levels, target and actual with comparators."""

    path: list[str] = Field(default_factory=list)  # 一级 / 二级 / 三级 as shown
    name: str = ""
    target: Figure | None = None  # 年度指标值 (number.bound carries ≥ ≤ =)
    actual: Figure | None = None  # 实际完成值
    comparator: str | None = None  # a separate 指标性质 column, when present
    measure_unit: str | None = None  # a separate 度量单位 column, when present
    max_score: Figure | None = None
    score: Figure | None = None
    reason: str | None = None  # 偏差原因分析及改进措施
    group_weight: Decimal | None = None  # 产出指标(50分) → 50
    ref: Ref | None = None


class SelfEvalTable(_Model):
    """A 绩效自评表: budget execution block + indicator rows + total/grade."""

    kind: Literal["self_eval"] = "self_eval"
    table: int
    caption: str | None = None
    unit: str | None = None
    budget: list[BudgetRow] = Field(default_factory=list)
    indicators: list[IndicatorRow] = Field(default_factory=list)
    total: Figure | None = None
    grade: Figure | None = None


class Item(_Model):
    seq: str | None = None
    name: str = ""
    values: dict[str, str] = Field(default_factory=dict)  # header → cell text
    ref: Ref | None = None


class ItemGroup(_Model):
    title: str | None = None  # the group row (一、消火栓改造), None before any group row
    items: list[Item] = Field(default_factory=list)
    ref: Ref | None = None


class ItemList(_Model):
    """A list of items (序号 | 名称 | …), possibly in groups whose 序号 restarts."""

    kind: Literal["item_list"] = "item_list"
    table: int
    caption: str | None = None
    headers: list[str] = Field(default_factory=list)
    groups: list[ItemGroup] = Field(default_factory=list)

    @property
    def n_items(self) -> int:
        return sum(len(g.items) for g in self.groups)


class AmountRow(_Model):
    name: str
    part_of: int | None = None  # index of the row this 其中 row is a part of
    total: bool = False  # 合计/总计/小计
    values: dict[str, Figure] = Field(default_factory=dict)  # column header → figure
    ref: Ref | None = None


class AmountTable(_Model):
    """A budget/funding table: money columns with their units, 其中 rows as parts."""

    kind: Literal["amounts"] = "amounts"
    table: int
    caption: str | None = None
    unit: str | None = None  # the table-level unit (unit line or caption)
    columns: dict[str, str | None] = Field(default_factory=dict)  # header → unit that applies
    rows: list[AmountRow] = Field(default_factory=list)
    # layout readings a reviewer should know of (a stray cell left out, a total row without
    # its label): code ``table.stray_value`` / ``table.unlabelled_total``, with the cell
    notes: list[Message] = Field(default_factory=list)


TypedTable = Annotated[
    ScoreSummary | SelfEvalTable | ItemList | AmountTable, Field(discriminator="kind")
]


#: how keywords are computed; registered by the extract stage (:func:`register_keywords`) so
#: the model never imports a stage, and jieba loads only when keywords are first read
_KEYWORDS: list[Callable[[str], list[str]]] = []


def register_keywords(fn: Callable[[str], list[str]]) -> None:
    """Make ``fn`` (text → keywords) the function :attr:`PointItem.keywords` uses."""
    _KEYWORDS[:] = [fn]


class PointItem(_Model):
    """A problem or suggestion: title sentence, body, sub-points (一是…二是…), keywords.

    ``keywords`` (jieba TF-IDF over title and body, by the function the extract stage
    registers) are computed on first access — also when the point is serialised — so parsing
    alone never loads jieba (~0.7 s). Read back from JSON they are the ones written.
    """

    number: str = ""
    title: str
    body: str = ""
    subpoints: list[Point] = Field(default_factory=list)
    section: str | None = None  # heading of the section it came from
    ref: Ref | None = None  # its heading paragraph, or its span in a paragraph
    _keywords: list[str] | None = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _read_keywords(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        kept = None
        if isinstance(data, dict) and "keywords" in data:
            data = dict(data)
            kept = data.pop("keywords")
        item = handler(data)
        if isinstance(kept, list) and isinstance(item, PointItem):
            item._keywords = [str(k) for k in kept]
        return item

    @computed_field  # type: ignore[prop-decorator]
    @property
    def keywords(self) -> list[str]:
        if self._keywords is None:
            fn = _KEYWORDS[0] if _KEYWORDS else None
            self._keywords = fn(f"{self.title}\n{self.body}") if fn else []
        return self._keywords

    def __eq__(self, other: object) -> bool:
        """Equal fields and equal keywords (computed or read back)."""
        if not isinstance(other, PointItem):
            return NotImplemented
        return self.__dict__ == other.__dict__ and self.keywords == other.keywords

    __hash__ = None  # type: ignore[assignment]


class Location(_Model):
    """Where a value involved in a finding stands: ``ref`` (the block, the cell, the span in
    ``Report.text``) is the place; ``section``, ``page`` and ``line`` are derived from it by
    :func:`reportparse.locate.resolve` and written for reviewers reading the JSON alone.
    ``text`` quotes the value, ``label`` says what it is (``"决策 得分"``, ``"总分（取整）"``);
    ``file`` is the report's path. A location without ``ref`` (a date from the metadata) is
    found by its quote."""

    ref: Ref | None = None
    text: str = ""
    label: str | None = None
    file: str | None = None
    # derived from ref (reportparse.locate), for reviewers; resolvers use ref
    section: str | None = None  # section path, e.g. "一、基本情况 > （二）主要内容"
    page: int | None = None
    line: int | None = None  # 1-based source line (text exports)

    @property
    def block(self) -> int | None:
        return self.ref.block if self.ref is not None else None

    @property
    def table(self) -> int | None:
        """The table's block index when the location is a table cell, row or column."""
        r = self.ref
        return r.block if r is not None and (r.row is not None or r.col is not None) else None

    @property
    def row(self) -> int | None:
        return self.ref.row if self.ref is not None else None

    @property
    def col(self) -> int | None:
        return self.ref.col if self.ref is not None else None

    @property
    def span(self) -> tuple[int, int] | None:
        return self.ref.span if self.ref is not None else None


class Finding(_Model):
    """A consistency-check result (``reportparse.check``): ``rule`` id (``score.sum``), public
    ``category``, ``severity``, a message a reviewer reads directly, the figures compared as
    printed strings (``expected`` what the check derives, ``actual`` what the report prints,
    ``difference`` = actual − expected, ``tolerance`` the rounding allowed), and the location
    of every value involved."""

    rule: str
    category: str
    severity: Literal["error", "warning", "info"]
    message: str
    expected: str | None = None
    actual: str | None = None
    difference: str | None = None
    tolerance: str | None = None
    locations: list[Location] = Field(default_factory=list)


class FileFindings(_Model):
    """One file's result in ``reportparse check --json`` (contract v1): its ``source`` path,
    the number of findings per severity and the findings."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    source: str
    counts: dict[Literal["error", "warning", "info"], int]
    findings: list[Finding]


def _optional_score_table(schema: dict[str, Any]) -> None:
    """``score_table`` is written only when the score is one of ``typed_tables``."""
    schema["required"] = [k for k in schema.get("required", []) if k != "score_table"]


class Extraction(_Model):
    """What :func:`reportparse.extract.extract` reads from a :class:`Document`: typed tables,
    the report's score, narrative facts, problems and suggestions, and the metadata completed
    with what the text states. The document itself is left as it was.

    ``score`` is the same object as its ``typed_tables`` entry when it was read from one
    (``score_table`` is that entry's index); a score rebuilt from a 自评表 or stated only in
    the text has no entry. ``warnings`` are the extraction's own notes (``score_ambiguous``).
    """

    # built on first use, not at import: its facts alone are nine classes (issue 14)
    model_config = ConfigDict(defer_build=True)

    typed_tables: list[TypedTable] = Field(default_factory=list)
    score: ScoreSummary | None = None
    facts: list[Fact] = Field(default_factory=list)
    problems: list[PointItem] = Field(default_factory=list)
    suggestions: list[PointItem] = Field(default_factory=list)
    meta: Meta = Field(default_factory=Meta)
    warnings: list[Message] = Field(default_factory=list)

    @property
    def score_table(self) -> int | None:
        """The index in ``typed_tables`` of the table the score is (``None`` when none is)."""
        return next((k for k, t in enumerate(self.typed_tables) if t is self.score), None)


class CheckResult(list[Finding]):
    """What :func:`reportparse.check` returns: the findings (errors first, then warnings and
    info, each in reading order) — the result *is* that list, so ``for f in check(doc)`` and
    ``check(doc) == []`` read naturally — plus ``warnings``: a ``check_failed`` message for
    every rule that broke (the other rules still ran)."""

    def __init__(self, findings: Iterable[Finding] = (),
                 warnings: Iterable[Message] = ()) -> None:
        super().__init__(findings)
        self.warnings: list[Message] = list(warnings)

    @property
    def findings(self) -> list[Finding]:
        return list(self)


# --------------------------------------------------------------------------- the report
class Report(Document):
    """A parsed report: the :class:`Document`, its :class:`Extraction` and the findings in one
    object (what :func:`reportparse.parse` returns; its JSON is the public contract).

    Each stage's own result is typed on its own — ``Report.from_parts`` bundles them and
    ``document()``/``extraction()`` give them back, sharing the objects (no copies).
    """

    model_config = ConfigDict(json_schema_extra=lambda schema, cls: _optional_score_table(schema),
                              defer_build=True)  # built on first use, not at import

    score: ScoreSummary | None = None
    facts: list[Fact] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    # additive (issue 5): typed tables, problems and suggestions
    typed_tables: list[TypedTable] = Field(default_factory=list)
    problems: list[PointItem] = Field(default_factory=list)
    suggestions: list[PointItem] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def score_table(self) -> int | None:
        """The index in ``typed_tables`` of the score (``None`` when the score is not one of
        them: a 自评表 read as a tree, a score the text states, or no score)."""
        for i, t in enumerate(self.typed_tables):
            if t is self.score:
                return i
        return None

    @model_serializer(mode="wrap")
    def _v1(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        # no return annotation, as in _Model._lean: the schema stays the fields'
        data = _lean_dict(self, handler(self))
        if not isinstance(data, dict):
            return data
        if data.get("score_table") is not None:
            data.pop("score", None)  # written once, in typed_tables
        else:
            data.pop("score_table", None)
        return {"schema_version": data.pop("schema_version"), **data}

    @model_validator(mode="wrap")
    @classmethod
    def _read_v1(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """Read contract v1 back: ``score_table`` points the score at its typed table."""
        index = None
        if isinstance(data, dict):
            data = {k: v for k, v in data.items() if k not in ("schema_version", "tables")}
            index = data.pop("score_table", None)
        report = handler(data)
        if isinstance(index, int) and isinstance(report, Report):
            if not 0 <= index < len(report.typed_tables) or \
                    not isinstance(report.typed_tables[index], ScoreSummary):
                raise ValueError(f"score_table {index} is not a score table in typed_tables")
            report.score = report.typed_tables[index]  # type: ignore[assignment]
        return report

    @classmethod
    def from_parts(cls, document: Document, extraction: Extraction | None = None,
                   checked: CheckResult | None = None) -> Report:
        """The stages' results as one report (their objects shared, nothing copied or
        validated again); warnings in stage order."""
        fields = {k: getattr(document, k) for k in Document.model_fields}
        fields["warnings"] = [w for w in document.warnings if w.code not in LATER_STAGE_WARNINGS]
        return cls.model_construct(**fields).store(extraction, checked)

    def store(self, extraction: Extraction | None = None,
              checked: CheckResult | None = None) -> Report:
        """Put a later stage's result on this report, in place, replacing that stage's
        earlier result and warnings (the convenience path: ``check(report)`` stores its
        findings here); returns the report."""
        if extraction is not None:
            self.typed_tables, self.score = extraction.typed_tables, extraction.score
            self.facts, self.meta = extraction.facts, extraction.meta
            self.problems, self.suggestions = extraction.problems, extraction.suggestions
            self.warnings = self._warnings_without("extract") + extraction.warnings
        if checked is not None:
            self.findings = list(checked)
            self.warnings = self._warnings_without("check") + checked.warnings
        return self

    def _warnings_without(self, stage: Literal["extract", "check"]) -> list[Message]:
        return [w for w in self.warnings if LATER_STAGE_WARNINGS.get(w.code) != stage]

    def document(self) -> Document:
        """The document layer of this report (its objects shared; ``meta`` is the one
        extraction completed with what the text states)."""
        fields = {k: getattr(self, k) for k in Document.model_fields}
        fields["warnings"] = [w for w in self.warnings if w.code not in LATER_STAGE_WARNINGS]
        return Document.model_construct(**fields)

    def extraction(self) -> Extraction:
        """The extraction layer of this report (its objects shared)."""
        return Extraction.model_construct(
            typed_tables=self.typed_tables, score=self.score, facts=self.facts,
            problems=self.problems, suggestions=self.suggestions, meta=self.meta,
            warnings=[w for w in self.warnings
                      if LATER_STAGE_WARNINGS.get(w.code) == "extract"])



ScoreRow.model_rebuild()
