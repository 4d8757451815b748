"""The document model: the typed result of every stage.

The stages' contracts are their signatures: ``parse_document`` → :class:`Document` (readers
fill ``source``, ``blocks`` and ``meta``; ``clean`` computes ``text`` and the spans;
``structure`` builds ``sections`` and paragraph ``points``); ``extract(doc)`` →
:class:`Extraction` (typed tables, score, facts, problems, suggestions, stated metadata);
``check(doc, extraction)`` → :class:`CheckResult` (the findings). :class:`Report` bundles the
three for convenience (``reportparse.parse``) and its JSON is the public contract. Exporters
only read.

Design notes
------------
* Blocks are kept in reading order in ``Report.blocks``; sections refer to blocks by index
  instead of holding copies, so a value is never duplicated (a checker would count it twice).
* A table keeps its *real* cells with ``row_span``/``col_span``; ``Table.rows`` is the derived
  logical grid where a merged cell's text sits in its top-left slot and covered slots are ``""``.
* Provenance is a typed field, never text mixed into content.
* Non-fatal problems are ``Report.warnings`` (data), never prints.

The module holds the *document layer* (what :func:`reportparse.parse_document` returns and
every reader, cleaner and structure pass builds); the extraction layer (numbers, facts, typed
tables, findings, :class:`Extraction`, :class:`Report`) is in :mod:`reportparse.models.extraction`
and loads on first use of one of its names (PEP 562 ``__getattr__`` below), so ``from
reportparse.models import Report`` works as before while ``reportparse parse`` (the outline,
the document layer only) never builds those ~20 pydantic classes (issue 14: cold start).
"""

# no ``from __future__ import annotations`` here: pydantic would turn every field's annotation
# string back into a type through typing.ForwardRef, compiling each one (start-up cost); the
# two forward references (a cell's nested tables, a section's children) are quoted instead
from collections.abc import Iterator
from importlib import import_module
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    computed_field,
    model_serializer,
    model_validator,
)
from pydantic_core import to_jsonable_python

if TYPE_CHECKING:  # the extraction layer, loaded on first use (``__getattr__``)
    from .extraction import (
        Bound as Bound,
        Numeral as Numeral,
        MONEY_UNITS as MONEY_UNITS,
        Number as Number,
        FactKind as FactKind,
        FACT_KINDS as FACT_KINDS,
        ScoreKind as ScoreKind,
        SCORE_KINDS as SCORE_KINDS,
        ScoreData as ScoreData,
        GradeData as GradeData,
        GradeBandData as GradeBandData,
        MoneyPart as MoneyPart,
        MoneyTotalData as MoneyTotalData,
        MoneyData as MoneyData,
        ChangeFigure as ChangeFigure,
        ChangeData as ChangeData,
        CountGroup as CountGroup,
        CountData as CountData,
        RateData as RateData,
        DateData as DateData,
        BaseFact as BaseFact,
        ScoreFact as ScoreFact,
        GradeFact as GradeFact,
        GradeBandFact as GradeBandFact,
        MoneyTotalFact as MoneyTotalFact,
        MoneyFact as MoneyFact,
        ChangeFact as ChangeFact,
        CountFact as CountFact,
        RateFact as RateFact,
        DateFact as DateFact,
        Fact as Fact,
        FACT_TYPES as FACT_TYPES,
        make_fact as make_fact,
        Figure as Figure,
        ScoreRow as ScoreRow,
        ScoreSummary as ScoreSummary,
        BudgetRow as BudgetRow,
        IndicatorRow as IndicatorRow,
        SelfEvalTable as SelfEvalTable,
        Item as Item,
        ItemGroup as ItemGroup,
        ItemList as ItemList,
        AmountRow as AmountRow,
        AmountTable as AmountTable,
        TypedTable as TypedTable,
        register_keywords as register_keywords,
        PointItem as PointItem,
        Location as Location,
        Finding as Finding,
        FileFindings as FileFindings,
        Extraction as Extraction,
        CheckResult as CheckResult,
        Report as Report,
        _integral as _integral,
    )

#: the version of the JSON contract (docs/json-contract.md); bumped only by a breaking change
SCHEMA_VERSION: Literal["1"] = "1"

SectionKind = Literal["background", "content", "conclusion", "problems", "suggestions", "other"]
SECTION_KINDS: tuple[str, ...] = SectionKind.__args__  # type: ignore[attr-defined]

SourceFormat = Literal["text", "docx", "pdf", "markdown", "html", "image"]


#: discriminator fields: always written, even when they hold their default, since a reader of
#: the JSON needs them to know which model an object is
_ALWAYS_WRITTEN = frozenset({"type", "kind", "schema_version"})
_DEFAULTS: dict[type, dict[str, Any]] = {}


def _written_defaults(cls: type[BaseModel]) -> dict[str, Any]:
    """Each defaulted field's default as it would be written (``Provenance()`` → ``{}``)."""
    got = _DEFAULTS.get(cls)
    if got is None:
        got = {}
        for name, f in cls.model_fields.items():
            if f.is_required() or name in _ALWAYS_WRITTEN:
                continue
            got[name] = to_jsonable_python(f.get_default(call_default_factory=True))
        _DEFAULTS[cls] = got
    return got


class _Model(BaseModel):
    """Strict models (unknown fields are errors) written lean: a field that holds its default
    (``None``, ``[]``, an empty ``Provenance``, ``row_span`` 1…) is left out of dumps, since
    reading the JSON back restores it — the JSON carries information only (contract v1)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    @model_serializer(mode="wrap")
    def _lean(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        # no return annotation: pydantic then keeps the model's own serialisation schema
        return _lean_dict(self, handler(self))


def _lean_dict(model: BaseModel, data: Any) -> Any:
    """``data`` (``model`` as dumped) without the fields that hold their default."""
    if not isinstance(data, dict):
        return data
    defaults = _written_defaults(type(model))
    return {k: v for k, v in data.items() if k not in defaults or not _same(v, defaults[k])}


def _same(value: Any, default: Any) -> bool:
    """``value`` (as dumped, JSON or Python mode) is the written default."""
    if value is None or default is None:
        return value is None and default is None
    if isinstance(value, (list, tuple, dict)) or isinstance(default, (list, dict)):
        return not value and not default
    return type(value) is type(default) and value == default


class _ReadsBackComputed(_Model):
    """Strict models (unknown fields are errors) that still read back their own JSON:
    computed fields (``Table.rows``, ``Report.tables``…) in the input are dropped, since they
    are derived and recomputed."""

    @model_validator(mode="before")
    @classmethod
    def _drop_computed(cls, data: Any) -> Any:
        if isinstance(data, dict):
            computed = cls.__pydantic_computed_fields__
            if any(k in data for k in computed):
                return {k: v for k, v in data.items() if k not in computed}
        return data


# --------------------------------------------------------------------------- provenance
class Provenance(_Model):
    """Where a piece of content came from, format-neutral.

    ``block`` indexes ``Report.blocks``; ``span`` is a half-open character range in
    ``Report.text`` (the cleaned text). ``line`` is the 1-based line in a text source; ``page``
    (1-based) and ``bbox`` (x0, top, x1, bottom in PDF points) are set by paginated readers;
    ``locator`` is a reader-specific address such as ``body/p[12]`` or ``tbl[2]/tr[3]/tc[1]``.
    """

    block: int | None = None
    span: tuple[int, int] | None = None
    line: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    locator: str | None = None
    # table-cell addresses (logical grid), when the content is a cell
    table: int | None = None
    row: int | None = None
    col: int | None = None
    # additive (issue 17): the OCR recogniser's confidence (0–1) of the least sure line or
    # cell text behind this content; None for content read from a text layer
    ocr_confidence: float | None = None


class Ref(_Model):
    """A place in the document, the one way models point at content (contract v1).

    ``block`` indexes ``Report.blocks``; ``row``/``col`` are the top-left grid address of a
    cell when the block is a table (one of them alone: a whole row or column); ``span`` is a
    half-open character range in ``Report.text`` (the same coordinates as every ``span`` of
    the model), inside that block or cell. Page, bbox, line and section path are *derived*
    from a ``Ref`` by :func:`reportparse.locate.resolve`, never stored beside it.
    """

    block: int
    row: int | None = None
    col: int | None = None
    span: tuple[int, int] | None = None


class Message(_Model):
    """A non-fatal problem found while reading (``Report.warnings``)."""

    code: str
    message: str
    provenance: Provenance | None = None


# --------------------------------------------------------------------------- blocks
class Point(_Model):
    """One item of an inline enumeration inside a paragraph (一是…二是…, 其一…其二)."""

    marker: str
    text: str
    span: tuple[int, int] | None = None  # in Report.text


class Paragraph(_Model):
    """A paragraph of body text, a heading candidate, or a caption.

    ``text`` is exactly what the reader shows, including an automatic number rendered by the
    reader (then ``auto_number`` holds that prefix). ``heading_level`` is a *format* hint
    (docx outline level or heading style, Markdown ``#`` depth, PDF font size rank), 1-based;
    the structure stage decides what is a heading.
    """

    type: Literal["paragraph"] = "paragraph"
    text: str
    style: str | None = None
    heading_level: int | None = None
    auto_number: str | None = None
    role: Literal["body", "heading", "caption", "unit"] = "body"
    points: list[Point] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=Provenance)


class Cell(_Model):
    """A real table cell (not a grid slot). ``row``/``col`` are its top-left grid address."""

    row: int
    col: int
    text: str
    row_span: int = 1
    col_span: int = 1
    tables: list["Table"] = Field(default_factory=list)  # nested tables
    provenance: Provenance = Field(default_factory=Provenance)


class Table(_ReadsBackComputed):
    """A table as real cells with spans; ``rows`` is the derived logical grid."""

    type: Literal["table"] = "table"
    caption: str | None = None
    unit: str | None = None  # a "单位：万元" line kept with the table
    n_rows: int
    n_cols: int
    header_rows: int = 1
    cells: list[Cell] = Field(default_factory=list)
    spans_inferred: bool = False  # True when spans were guessed (collapsed merged cells)
    provenance: Provenance = Field(default_factory=Provenance)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def rows(self) -> list[list[str]]:
        """The logical grid; a merged cell's text in its top-left slot, ``""`` where covered."""
        grid = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for c in self.cells:
            if 0 <= c.row < self.n_rows and 0 <= c.col < self.n_cols:
                grid[c.row][c.col] = c.text
        return grid

    @computed_field  # type: ignore[prop-decorator]
    @property
    def row_roles(self) -> list[Literal["header", "group", "data"]]:
        """``header`` for the first ``header_rows`` rows, ``group`` for a row that is one
        cell spanning the whole width (a group title such as ``一、消火栓改造``), else ``data``."""
        roles: list[Literal["header", "group", "data"]] = []
        by_row: dict[int, list[Cell]] = {}
        for c in self.cells:
            by_row.setdefault(c.row, []).append(c)
        for r in range(self.n_rows):
            if r < self.header_rows:
                roles.append("header")
                continue
            starting = by_row.get(r, [])
            if (
                self.n_cols > 1
                and len(starting) == 1
                and starting[0].col == 0
                and starting[0].col_span == self.n_cols
            ):
                roles.append("group")
            else:
                roles.append("data")
        return roles

    def cell_at(self, row: int, col: int) -> Cell | None:
        """The real cell covering grid slot (row, col), following spans."""
        for c in self.cells:
            if c.row <= row < c.row + c.row_span and c.col <= col < c.col + c.col_span:
                return c
        return None

    def filled_rows(self) -> list[list[str]]:
        """The grid with merged cells' text repeated into covered slots (a *view* for
        readers who want 一级指标 on every row; never use it for sums)."""
        grid = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, min(c.row + c.row_span, self.n_rows)):
                for k in range(c.col, min(c.col + c.col_span, self.n_cols)):
                    grid[r][k] = c.text
        return grid


Block = Annotated[Paragraph | Table, Field(discriminator="type")]


# --------------------------------------------------------------------------- sections
class Section(_Model):
    """A node of the outline.

    ``number`` is the marker exactly as shown (``一、``, ``（一）``, ``1.``), ``title`` the
    heading text without it. ``family`` is the heading-grammar family (``cn``, ``cn_paren``,
    ``arabic``…, or ``style1``… for a heading known only from its format). ``heading_block`` is
    the index of the heading paragraph; ``blocks`` the body blocks directly under it (not under
    children). For a numbered point whose paragraph continues after its title sentence,
    ``lead`` holds that continuation.
    """

    number: str
    title: str
    level: int
    kind: SectionKind
    family: str
    value: int | None = None  # the number's value (一 → 1) for numbering checks
    heading_block: int | None = None
    blocks: list[int] = Field(default_factory=list)
    lead: str | None = None
    children: list["Section"] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=Provenance)

    def walk(self) -> Iterator["Section"]:
        """This section and all descendants, depth-first in document order."""
        yield self
        for c in self.children:
            yield from c.walk()

    @property
    def heading(self) -> str:
        return f"{self.number}{self.title}"


class TocEntry(_Model):
    """A table-of-contents line, kept apart from the body as a hint to compare with."""

    text: str
    page: str | None = None
    level: int | None = None
    provenance: Provenance = Field(default_factory=Provenance)


class Note(_Model):
    """A footnote/endnote kept apart from the body, with its reference mark."""

    kind: Literal["footnote", "endnote"]
    ref: str
    text: str
    provenance: Provenance = Field(default_factory=Provenance)


class Source(_Model):
    path: str
    format: SourceFormat | str  # a built-in format, or one a user registered (ingest.register)
    sha256: str
    size: int = 0
    encoding: str | None = None
    pages: int | None = None


class Meta(_Model):
    """Report-level metadata: what readers find outside the body and what extraction states."""

    headers: list[str] = Field(default_factory=list)
    footers: list[str] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    properties: dict[str, str] = Field(default_factory=dict)  # e.g. docx core properties
    noise_removed: dict[str, int] = Field(default_factory=dict)  # counts per noise kind
    # filled by extract (issue 5): project, year, implementing unit, evaluator, report date
    title: str | None = None  # additive (issue 5): the report's stated title
    project: str | None = None
    year: int | None = None
    unit: str | None = None
    evaluator: str | None = None
    report_date: str | None = None


# --------------------------------------------------------------------------- the layers
#: which later stage raises a warning code (the rest come from reading the document):
#: ``Report.document()`` and ``Report.extraction()`` split the bundled warnings by it
LATER_STAGE_WARNINGS: dict[str, Literal["extract", "check"]] = {
    "score_ambiguous": "extract",
    "check_failed": "check",
}


class Document(_ReadsBackComputed):
    """What :func:`reportparse.parse_document` returns: the blocks in reading order, the
    outline, the TOC, metadata the reader found and the warnings raised while reading.

    Readers fill ``source``, ``blocks`` and ``meta``; ``clean`` removes noise and computes
    ``text`` and the character spans; ``structure`` builds ``sections`` (and the title, table
    captions, paragraph ``points``). Nothing later writes to it.
    """

    source: Source
    title: str | None = None
    text: str = ""
    blocks: list[Block] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    toc: list[TocEntry] = Field(default_factory=list)
    meta: Meta = Field(default_factory=Meta)
    warnings: list[Message] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def schema_version(self) -> Literal["1"]:
        """The JSON contract's version (``"1"``)."""
        return SCHEMA_VERSION

    @property
    def tables(self) -> list[Table]:
        """Every top-level table in reading order (the same objects as in ``blocks``)."""
        return [b for b in self.blocks if isinstance(b, Table)]

    @model_serializer(mode="wrap")
    def _v1(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        # contract v1: defaults left out, ``schema_version`` first (no return annotation, as
        # in _Model._lean: the schema stays the fields')
        data = _lean_dict(self, handler(self))
        if not isinstance(data, dict):
            return data
        return {"schema_version": data.pop("schema_version"), **data}

    # -- navigation -------------------------------------------------------------------
    def walk(self) -> Iterator[Section]:
        """All sections depth-first in document order."""
        for s in self.sections:
            yield from s.walk()

    def section(self, kind_or_title: str) -> Section | None:
        """The first section whose kind (``"problems"``) or title (``"存在问题"``) matches."""
        for s in self.walk():
            if s.kind == kind_or_title and kind_or_title in SECTION_KINDS:
                return s
        for s in self.walk():
            if s.title == kind_or_title or s.heading == kind_or_title:
                return s
        return None

    def sections_of(self, kind: str) -> list[Section]:
        """The outermost sections of a kind (children that merely inherit are not repeated)."""
        out: list[Section] = []

        def visit(nodes: list[Section]) -> None:
            for n in nodes:
                if n.kind == kind:
                    out.append(n)
                else:
                    visit(n.children)

        visit(self.sections)
        return out

    def section_blocks(self, section: Section, *, deep: bool = True) -> list[Block]:
        """The body blocks of a section (with its descendants' when ``deep``)."""
        idx: list[int] = []
        for s in section.walk() if deep else [section]:
            if s.heading_block is not None and s is not section:
                idx.append(s.heading_block)
            idx.extend(s.blocks)
        return [self.blocks[i] for i in sorted(set(idx))]

    def section_text(self, section: Section, *, deep: bool = True) -> str:
        parts: list[str] = []
        if section.lead:
            parts.append(section.lead)
        for b in self.section_blocks(section, deep=deep):
            if isinstance(b, Paragraph):
                parts.append(b.text)
            else:
                parts.extend("\t".join(r) for r in b.rows)
        return "\n".join(parts)

    def paragraphs(self) -> Iterator[Paragraph]:
        for b in self.blocks:
            if isinstance(b, Paragraph):
                yield b


#: a stage that completes a document in place returns the same type it was given
DocumentT = TypeVar("DocumentT", bound=Document)


Cell.model_rebuild()
Section.model_rebuild()


def __getattr__(name: str) -> Any:
    """A name of the extraction layer (``Report``, ``Finding``, ``Number``…): its module loads
    on the first such look-up and binds every name here, so later look-ups are plain."""
    if name.startswith("__"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    extraction = import_module(".extraction", __name__)
    try:
        value = getattr(extraction, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    globals()[name] = value
    return value
