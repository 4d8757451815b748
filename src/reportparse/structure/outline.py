"""Build the section tree from paragraphs: which are headings, their levels, their kinds.

Heading decision (documented in docs/formats.md, "How headings are recognised"):

1. A paragraph with a format hint (``heading_level`` from a docx outline level/heading style,
   a Markdown ``#``, PDF font size) is a heading; a marker, if any, gives its family, else the
   family is ``style<N>``.
2. Otherwise it must start with a family marker (``patterns/headings.toml``) and then:
   * a title ending in ``；，、`` is a list item → body;
   * a short title (≤ ``max_title_chars``, no sentence break inside) is a heading;
   * a longer numbered paragraph is a *numbered point*: its first sentence is the title and
     the rest is the section's ``lead`` — if that first sentence is short enough, else body;
     a single long numbered sentence with nothing after it is a list item (body);
   * where the format marks headings, a family used for styled headings is body when it
     appears unstyled;
   * two or more consecutive short candidates of the same family with nothing between them,
     none hinted, are a numbered *list* (body), not a run of empty sections — unless that
     family already served as a heading earlier in the document.
3. Levels come from the order in which families first appear (a stack: a family already on
   the stack closes the ones below it, a new family opens a child level).
4. Kinds: :func:`.kinds.classify`; no opinion → inherit the parent's (``other`` at the top).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..models import Paragraph, Provenance, Document, Section
from ..patterns import Patterns
from .grammar import Grammar, Marker
from .kinds import classify
from .lists import drop_list_items, sentence


@dataclass
class Candidate:
    block: int
    number: str
    title: str
    group: str
    family: str
    value: int | None
    lead: str | None
    hinted: bool
    short: bool


LIST_ITEM = "list-item"
_BRACKETED = regex.compile(r"[（(][^（()）]*+[）)]")


def _candidate(i: int, para: Paragraph, g: Grammar) -> Candidate | str | None:
    """A heading candidate, ``LIST_ITEM`` for a numbered list item, or None for body."""
    text = para.text.strip()
    cfg = g.heading
    m: Marker | None = g.match(text)
    if para.heading_level is not None:
        if m is not None and m.rest:
            return Candidate(i, m.marker, m.rest, m.group, m.family.name, m.value, None, True, True)
        return Candidate(i, "", text, f"style{para.heading_level}", f"style{para.heading_level}",
                         None, None, True, True)
    if m is None or not m.rest:
        return None
    rest = m.rest
    if rest.endswith(tuple(cfg.get("list_item_endings", "；;，,、"))):
        return f"{LIST_ITEM}:{m.group}"
    stops = cfg.get("point_title_stops", "。！？；;")
    max_title = int(cfg.get("max_title_chars", 40))
    inner = rest[:-1] if rest[-1] in stops else rest
    # a bracketed remark does not make a title long (四、资金管理情况（预算资金来源，…）);
    # a sentence stays a sentence however its brackets are counted
    bare = _BRACKETED.sub("", rest)
    if any(c in bare for c in "，,；;。"):
        bare = rest
    if len(bare) <= max_title and not any(c in stops for c in inner):
        return Candidate(i, m.marker, rest, m.group, m.family.name, m.value, None, False, True)
    cut = min((rest.find(c) for c in stops if c in rest), default=-1)
    if cut < 0 or cut + 1 > int(cfg.get("max_point_title_chars", 80)):
        return None
    title, lead = rest[: cut + 1], rest[cut + 1:].strip()
    if not lead and len(rest) > max_title:
        return None  # one long numbered sentence is a list item, not a point with a title
    if lead and sentence(title):
        return None  # a numbered paragraph opening with a whole sentence (clauses and all)
    nxt = g.match(lead) if lead else None
    if nxt is not None and nxt.group == m.group and m.value is not None \
            and nxt.value == m.value + 1:
        return None  # "（1）…。（2）…。" is an inline numbered list: body with points
    return Candidate(i, m.marker, title, m.group, m.family.name, m.value, lead or None,
                     False, not lead)


def find_headings(report: Document, g: Grammar) -> list[Candidate]:
    cands: dict[int, Candidate] = {}
    list_items: dict[int, str] = {}  # block -> group of a numbered list item
    for i, b in enumerate(report.blocks):
        if isinstance(b, Paragraph) and b.role == "body":
            c = _candidate(i, b, g)
            if isinstance(c, Candidate):
                if list_items.get(i - 1) == c.group and not c.hinted:
                    list_items[i] = c.group  # the last item of a list ("3.…。" after "2.…；")
                else:
                    cands[i] = c
            elif c is not None:
                list_items[i] = c.split(":", 1)[1]
    drop_list_items(report, g, cands)
    # where the format marks headings (docx styles/outline levels, Markdown #), a family the
    # author used for styled headings is not a heading when it appears unstyled (an
    # auto-numbered Normal list 一、… under a styled 六、)
    hinted_groups = {c.group for c in cands.values() if c.hinted}
    for i in [i for i, c in cands.items() if not c.hinted and c.group in hinted_groups
              and not _fills_gap(cands, c)]:
        del cands[i]
    # numbered lists: consecutive same-family short candidates with nothing between them —
    # unless the family already served as a heading earlier (一、… then 二、三、 in a row are
    # chapters of an outline, not a list)
    order = sorted(cands)
    run: list[Candidate] = []
    heading_groups: set[str] = set()

    def whole_outline() -> bool:
        """The run is all the document has after its title (an outline, 提纲): no candidate
        before it, nothing after it, and no lead-in (…包括：) introducing it as a list."""
        first, last = run[0].block, run[-1].block
        before = report.blocks[first - 1] if first > 0 else None
        lead_in = isinstance(before, Paragraph) and before.text.rstrip().endswith(("：", ":"))
        return (min(cands) == first and last == len(report.blocks) - 1 and not lead_in
                and len(run) >= 3)

    def flush() -> None:
        is_list = len(run) >= 2 and not any(c.hinted for c in run) \
            and run[0].group not in heading_groups and not whole_outline()
        for c in run:
            if is_list:
                cands.pop(c.block, None)
            else:
                heading_groups.add(c.group)
        run.clear()

    for i in order:
        c = cands[i]
        if run and c.block == run[-1].block + 1 and c.group == run[-1].group and c.short \
                and run[-1].short:
            run.append(c)
        else:
            flush()
            run.append(c)
    flush()
    return [cands[i] for i in sorted(cands)]


def _fills_gap(cands: dict[int, Candidate], c: Candidate) -> bool:
    """An unstyled heading between styled ones of its family that it numbers consecutively
    (# 五、 … 六、 … # 七、: the converter missed one '#'), or before the first of them when
    it is number 1 (一、 … # 二、: a PDF whose first heading lost its simulated bold)."""
    same = [h for h in cands.values() if h.hinted and h.group == c.group and h.value is not None]
    before = max((h for h in same if h.block < c.block), key=lambda h: h.block, default=None)
    after = min((h for h in same if h.block > c.block), key=lambda h: h.block, default=None)
    if c.value is None or after is None or after.value != c.value + 1:
        return False
    # the first of the family (一、 unstyled, then a styled 二、) fills the gap at the start
    return before.value == c.value - 1 if before is not None else c.value == 1


def build_tree(report: Document, heads: list[Candidate], p: Patterns,
               g: Grammar | None = None) -> list[Section]:
    roots: list[Section] = []
    open_: list[Section] = []
    groups: list[str] = []
    heading_at = {h.block: h for h in heads}
    for i, b in enumerate(report.blocks):
        h = heading_at.get(i)
        if h is None:
            if open_:
                open_[-1].blocks.append(i)
            continue
        if h.group in groups:
            del groups[groups.index(h.group) + 1:]
        elif g is not None and g.top(h.group):
            groups[:] = [h.group]  # 第一章 above 一、 even when 一、 came first; 附件 at the top
        else:
            groups.append(h.group)
        level = len(groups)
        while open_ and open_[-1].level >= level:
            open_.pop()
        parent = open_[-1] if open_ else None
        inherited = parent.kind if parent and parent.kind != "other" else None
        own = classify(h.title, p, fallback=inherited is None)
        kind = own or (parent.kind if parent else "other")
        prov: Provenance = b.provenance.model_copy()
        sec = Section(number=h.number, title=h.title, level=level, kind=kind,  # type: ignore[arg-type]
                      family=h.family, value=h.value, heading_block=i, lead=h.lead,
                      provenance=prov)
        assert isinstance(b, Paragraph)
        b.role = "heading"
        (parent.children if parent else roots).append(sec)
        open_.append(sec)
    return roots
