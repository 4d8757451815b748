"""Score statements in the prose, bound to what they are about (issue 13).

A figure in 分 is a statement worth checking only once we know *whose* figure it is and
*which* quantity it states. This module reads both from the sentence:

* the **cue** just before the figure says the quantity: a score (``得分``, ``综合得分``), a
  maximum (``分值``, ``满分``, ``共``, ``决策（15分）``) or ``总分`` (the total score *or* the
  full marks — compared with both);
* the **subject** — the nearest subject word before the cue, joined to it by nothing but
  connector words — says whose: the report as a whole (``项目``, ``部门整体``, ``综合得分``),
  one dimension (``过程指标共25分，评价得分11.47分``), some indicator (``该指标``,
  ``资金管理二级指标``), or "this section" (``本部分``). A figure with no subject keeps
  ``subject=None``; the section it stands in is recorded so a checker can bind it there.

A figure after a reference word (``见表2-1``, ``详见附件1``), inside a formula
(``得分（20分*执行率）``, ``得分=执行率×10分``) or in a table-of-contents line
(``附件1：绩效评价指标体系评分表 25``) is no statement at all.

Facts (``Fact.kind``): ``total_score`` (subject the report, or no subject with a report-level
cue), ``indicator_score`` (a dimension, an indicator or "this section"), ``max_score`` (a
maximum of any of these), ``score`` (a score with no subject and a bare cue). Their
``data``: ``subject`` (report/dimension/indicator/here/None), ``name`` (the dimension, e.g.
``过程``, or the indicator's own words, ``资金管理`` of ``资金管理二级指标``), ``label`` (the words before the cue), ``role`` (score/max/total), ``cue``,
``cue_strength`` (strong/medium/weak), ``number``; companions stated with it in the sentence:
``max`` and ``rate`` (``共25分，得分19.88分，得分率79.52%``); the period its clause names
(``year``, ``other_period``, ``years`` in the sentence) and whether the unit rated itself
(``self_rated``: 自评得分). :func:`bind_sections` adds
``section`` (the innermost heading), ``section_dim`` (the dimension that heading names) and
``in_heading``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import regex as re

from ..models import Document, Fact, FactKind, Number, ScoreFact, Section
from ..patterns import Patterns

class Emitter(Protocol):
    def emit(self, kind: FactKind, start: int, end: int, text: str, value: Any = None,
             unit: str | None = None, **data: Any) -> Fact: ...


@dataclass
class ScoreConfig:
    cue_re: Any
    roles: dict[str, str]
    strength: dict[str, str]
    subject_re: Any
    subject_kind: dict[str, str]
    dim_of: dict[str, str]
    connector_re: Any
    filler_re: Any
    list_re: Any
    rate_re: Any
    other_time_re: Any
    self_rated_re: Any
    toc_re: Any
    ref_before_re: Any
    ops: str
    heading_re: Any
    dim_may_follow: str = ""


@dataclass
class _Hit:
    """A figure and the cue that introduces it; ``listed``: the dimension a 分别为 list gives."""

    start: int
    cue: str
    role: str
    n: Number
    listed: str | None = None


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _build(patterns: Patterns) -> ScoreConfig:
    sc = patterns["facts"].get("score", {})
    roles: dict[str, str] = {}
    strength: dict[str, str] = {}
    for role, key in (("max", "max_cues"), ("total", "total_cues"), ("score", "score_cues")):
        for w in sc.get(key, []):
            roles.setdefault(w, role)
    for level in ("strong", "medium"):
        for w in sc.get(f"{level}_cues", []):
            roles.setdefault(w, "score")
            strength[w] = level
    subj = sc.get("subjects", {})
    dims = {k: list(v) for k, v in sc.get("dimensions", {}).items()}
    subject_kind: dict[str, str] = {}
    dim_of: dict[str, str] = {}
    for kind in ("report", "here", "indicator"):
        for w in subj.get(kind, []):
            subject_kind[w] = kind
    for name, aliases in dims.items():
        for a in aliases:
            subject_kind[a] = "dimension"
            dim_of[a] = name
    suffix = _alt(subj["dimension_suffixes"])
    heading = _alt(subj["heading_suffixes"])
    # a dimension word may carry a suffix (过程类指标); it never ends inside a longer word
    subject_re = re.compile(rf"(?P<w>{_alt(list(subject_kind))})(?P<suf>(?:{suffix})*+)")
    cue_re = re.compile(rf"(?:{_alt(list(roles))})(?![率比])")
    return ScoreConfig(
        cue_re=cue_re, roles=roles, strength=strength, subject_re=subject_re,
        subject_kind=subject_kind, dim_of=dim_of,
        connector_re=re.compile(_alt(sc["connectors"])),
        filler_re=re.compile(sc.get("filler", r"^\s*$")),
        list_re=re.compile(sc.get("list_filler", r"^\s*分别为\s*$")),
        rate_re=re.compile(rf"(?:{_alt(sc.get('rate_cues', ['得分率']))})\s*(?:为|是|：|:|达)?\s*$"),
        other_time_re=re.compile(_alt(sc.get("other_time", [])) or "(?!)"),
        self_rated_re=re.compile(_alt(sc.get("self_rated", [])) or "(?!)"),
        toc_re=re.compile(sc.get("toc_line", r"(?!)")),
        ref_before_re=re.compile(rf"(?:{_alt(sc.get('references', ['表', '附件']))})\s*$"),
        ops=str(sc.get("operators", "×*＊xX÷/")),
        heading_re=re.compile(rf"(?P<w>{_alt(list(dim_of))})(?:{heading})*+"),
        dim_may_follow=str(subj.get("dimension_may_follow", "")),
    )


def score_config(patterns: Patterns) -> ScoreConfig:
    return patterns.cached("extract.scores", _build)  # type: ignore[no-any-return]


def dimension_of(text: str, cfg: ScoreConfig) -> str | None:
    """The one dimension ``text`` names (a heading, a table row), else ``None``."""
    found = {cfg.dim_of[m.group("w")] for m in cfg.subject_re.finditer(text)
             if m.group("w") in cfg.dim_of}
    return found.pop() if len(found) == 1 else None


def heading_dimension(title: str, cfg: ScoreConfig) -> str | None:
    """The dimension a heading is *the section of*: its whole title is the dimension word
    with suffixes and a bracketed weight only (``（一）部门决策情况（15分）``), never an
    indicator that merely starts with one (``1.决策依据充分性``)."""
    bare = re.sub(r"[（(][^（()）]*[）)]", "", title).strip(" 　：:。")
    m = cfg.heading_re.fullmatch(bare)
    return cfg.dim_of[m.group("w")] if m else None


def _bare(gap: str, cfg: ScoreConfig) -> bool:
    """Nothing but connectors, cues, figures in 分/% and punctuation: the subject before this
    gap is still the subject after it (``过程指标共25分，评价得分``)."""
    rest = re.sub(r"[0-9０-９.．]+\s*[分%％]?", "", gap)
    rest = cfg.cue_re.sub("", rest)
    rest = cfg.connector_re.sub("", rest)
    return re.fullmatch(r"[\s，,、（()）：:“”\"]*", rest) is not None


def _subject(s: str, pos: int, cfg: ScoreConfig) -> tuple[str | None, str | None, str]:
    """(subject kind, dimension name, label) of a cue at ``pos``: the last subject word
    before it that nothing but connectors separates from it."""
    last = None
    for m in cfg.subject_re.finditer(s, 0, pos):
        if not _tail_of_name(s, m, cfg):
            last = m
    if last is None or not _bare(s[last.end():pos], cfg) or _closed(s[last.end():pos]):
        return None, None, s[_clause_start(s, pos):pos]
    w = last.group("w")
    kind = cfg.subject_kind[w]
    own = s[_clause_start(s, last.start(), "、（("):last.start()]  # 资金管理|二级指标
    name = cfg.dim_of.get(w) if kind == "dimension" else own if kind == "indicator" else None
    return kind, name or None, s[_clause_start(s, last.start()):pos]


def _tail_of_name(s: str, m: Any, cfg: ScoreConfig) -> bool:
    """``农民增收效果``: a dimension word glued to the Han word before it ends an indicator's
    name; it is not the dimension."""
    if cfg.subject_kind[m.group("w")] != "dimension" or m.start() == 0:
        return False
    before = s[m.start() - 1]
    return bool(re.match(r"\p{Han}", before)) and before not in cfg.dim_may_follow


_OWN_FIGURE = re.compile(r"\s*(?:为|是|：|:)?\s*[0-9０-９.．]+\s*分")


def _closed(gap: str) -> bool:
    """``效益30.07分，总分86.47分``: a subject followed by its own figure and a clause break
    has said its piece; a later cue is not about it (an enumeration's total)."""
    m = _OWN_FIGURE.match(gap)
    return m is not None and any(c in gap[m.end():] for c in "，,；;")


def _clause_start(s: str, pos: int, more: str = "") -> int:
    return max([s.rfind(c, 0, pos) for c in "，,；;：:）)" + more] + [-1]) + 1


def _figure(s: str, cue_end: int, nums: list[Number], used: set[int],
            cfg: ScoreConfig) -> Number | None:
    """The figure a cue introduces: the next number, in 分 (or bare right after a score cue),
    separated from the cue by filler only, and neither a reference nor part of a formula."""
    n = next((x for x in nums if x.span and x.span[0] >= cue_end), None)
    if n is None or n.span is None or id(n) in used:
        return None
    a, b = n.span
    if not cfg.filler_re.match(s[cue_end:a]):
        return None
    if n.unit != "分" and not (n.unit is None and (b >= len(s) or s[b] in "，,。；;")):
        return None
    return None if _formula_or_ref(s, a, b, cfg) else n


def _formula_or_ref(s: str, a: int, b: int, cfg: ScoreConfig) -> bool:
    before, after = s[max(0, a - 4):a], s[b:b + 2]
    if cfg.ref_before_re.search(before):
        return True
    return bool((after and (after[0] in cfg.ops or after[0] in "-－—～~")) or
                (before and before[-1] in cfg.ops))


def _paren_max(s: str, nums: list[Number], used: set[int]) -> list[tuple[int, Number]]:
    """``决策（15分）``: a figure in 分 alone in brackets is that subject's maximum."""
    out = []
    for n in nums:
        if n.span and n.unit == "分" and id(n) not in used:
            a, b = n.span
            if a > 0 and s[a - 1] in "（(" and s[b:b + 1] in ("）", ")"):
                out.append((a - 1, n))
    return out


def _companions(s: str, start: int, nums: list[Number], cfg: ScoreConfig) -> dict[str, Any]:
    """The 得分率 stated after a score, before the next subject word (same sentence)."""
    nxt = cfg.subject_re.search(s, start)
    stop = nxt.start() if nxt else len(s)
    for n in nums:
        if n.span and start <= n.span[0] < stop and n.unit == "%" and \
                cfg.rate_re.search(s[max(start, n.span[0] - 8):n.span[0]]):
            return {"rate": n}
    return {}


def sentence_scores(s: str, off: int, nums: list[Number], used: set[int],
                    patterns: Patterns, em: Emitter) -> None:
    """Emit the score statements of sentence ``s`` (``off`` its offset in the paragraph);
    figures taken are added to ``used``."""
    cfg = score_config(patterns)
    if cfg.toc_re.match(s.strip()):
        return
    hits: list[_Hit] = []
    for m in cfg.cue_re.finditer(s):
        n = _figure(s, m.end(), nums, used, cfg)
        if n is not None:
            hits.append(_Hit(m.start(), m.group(0), cfg.roles[m.group(0)], n))
            used.add(id(n))
        else:
            hits.extend(_listed(s, m, nums, used, cfg))
    for a, n in _paren_max(s, nums, used):
        hits.append(_Hit(a, "（）", "max", n))
        used.add(id(n))
    maxes: dict[Any, Number] = {}
    for h in sorted(hits, key=lambda h: h.n.span or (0, 0)):
        _emit(s, off, h, nums, cfg, em, maxes)


def _listed(s: str, m: Any, nums: list[Number], used: set[int],
            cfg: ScoreConfig) -> list[_Hit]:
    """``决策、过程、产出、效益得分分别为12.30分、18.50分、25.60分、30.07分``: figures listed
    after 分别为 go to the dimensions named before the cue, in order, when they pair up."""
    tail = s[m.end():]
    lm = cfg.list_re.match(tail)
    if lm is None:
        return []
    start = m.end() + lm.end()
    seg = re.match(r"[^。；;]*", s[start:])
    end = start + (seg.end() if seg else 0)
    figs = [n for n in nums if n.span and start <= n.span[0] < end and n.unit == "分"
            and id(n) not in used]
    head = s[max([s.rfind(c, 0, m.start()) for c in "，,。；;"] + [-1]) + 1:m.start()]
    names = [cfg.dim_of[x.group("w")] for x in cfg.subject_re.finditer(head)
             if x.group("w") in cfg.dim_of]
    if not figs or len(names) != len(figs):
        return []
    out = []
    for name, n in zip(names, figs):
        used.add(id(n))
        out.append(_Hit(m.start(), m.group(0), cfg.roles[m.group(0)], n, listed=name))
    return out


def _emit(s: str, off: int, h: _Hit, nums: list[Number], cfg: ScoreConfig, em: Emitter,
          maxes: dict[Any, Number]) -> None:
    n, role, a = h.n, h.role, h.start
    assert n.span is not None
    strength = cfg.strength.get(h.cue, "weak")
    subject, name, label = _subject(s, a, cfg)
    if h.listed:
        subject, name, label, a = "dimension", h.listed, "", n.span[0]
    if strength == "strong":
        subject, name = "report", None
    ls = a - len(label)
    data: dict[str, Any] = {"subject": subject, "name": name, "label": label, "role": role,
                            "cue": h.cue, "cue_strength": strength, "number": n}
    if h.listed:
        data["label"], data["listed"] = name, True
    if subject is None:
        data["bare"] = _bare(s[:a], cfg)  # nothing before the cue could be its subject
    data.update(_period(s, a, cfg))
    key = (subject, name)
    kind: FactKind
    if role == "max":
        maxes[key] = n
        kind = "max_score"
    else:
        kind = ("total_score" if subject == "report" or (subject is None and strength != "weak")
                else "score" if subject is None else "indicator_score")
        if key in maxes:
            data["max"] = maxes[key]
        data.update(_companions(s, n.span[1], nums, cfg))
    em.emit(kind, off + ls, off + n.span[1], s[ls:n.span[1]], n.value, "分", **data)


_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年")


def _period(s: str, pos: int, cfg: ScoreConfig) -> dict[str, Any]:
    """The period a figure's clause names: ``year`` (2022年度…得分), ``other_period`` (上年度…
    得分), and how many different years the sentence names (``years``)."""
    clause = s[_clause_start(s, pos):pos]
    out: dict[str, Any] = {}
    years = [int(m.group(1)) for m in _YEAR.finditer(clause)]
    if years:
        out["year"] = years[-1]
    if cfg.other_time_re.search(clause):
        out["other_period"] = True
    if cfg.self_rated_re.search(s[_clause_start(s, pos):pos + 4]):
        out["self_rated"] = True  # 单位自评得分: the unit's own rating
    n = len({m.group(1) for m in _YEAR.finditer(s)})
    if n > 1:
        out["years"] = n
    return out


def period(s: str, pos: int, patterns: Patterns) -> dict[str, Any]:
    """:func:`_period` for another extractor (a grade statement at ``pos``)."""
    return _period(s, pos, score_config(patterns))


# --------------------------------------------------------------------------- sections
def _innermost(sections: list[Section]) -> dict[int, list[Section]]:
    """Each block's heading path, outermost first."""
    where: dict[int, list[Section]] = {}

    def visit(secs: list[Section], path: list[Section]) -> None:
        for sec in secs:
            here = path + [sec]
            for b in sec.blocks + ([sec.heading_block] if sec.heading_block is not None else []):
                where[b] = here
            visit(sec.children, here)

    visit(sections, [])
    return where


def bind_sections(facts: list[Fact], report: Document, patterns: Patterns) -> list[Fact]:
    """Record, on each score fact, the heading it stands under (``section``), the dimension
    that heading names (``section_dim``), whether a heading above it names one
    (``under_dim``) and whether the fact *is* a heading (``in_heading``) — the context a checker binds a subject-less figure to. A score with no
    subject of its own under a dimension's heading becomes that dimension's
    ``indicator_score``."""
    cfg = score_config(patterns)
    where = _innermost(report.sections)
    for f in facts:
        if not isinstance(f, ScoreFact):
            continue
        block = f.ref.block if f.ref is not None else None
        path = where.get(block) if block is not None else None
        if not path:
            continue
        sec = path[-1]
        dim = heading_dimension(sec.title, cfg)
        d = f.data
        d.section, d.section_dim = sec.title, dim
        # under a dimension's section (1.决策依据充分性 in （一）项目决策): not the report's
        d.under_dim = any(heading_dimension(p.title, cfg) for p in path[:-1])
        d.in_heading = sec.heading_block == block
        loose = d.subject == "here" or (d.subject is None and d.bare)
        if dim and loose and f.kind != "max_score":
            f.kind = "indicator_score"  # 评价得分11.47分 under （二）过程: that dimension's
            d.name = dim
        elif f.kind == "total_score" and d.subject is None and d.under_dim:
            f.kind = "score"  # 评价得分2分 under 1.决策依据充分性: some indicator's
    return facts
