"""Narrative facts: the figures and statements the prose makes, with provenance.

Kinds (``Fact.kind``; each kind's class and typed ``data`` are in :mod:`reportparse.models`,
e.g. ``CountFact`` with ``CountData``) and their ``value`` / ``data``:

* ``total_score`` — ``项目绩效评估得分为86分``: value Decimal, ``data.number``;
  ``indicator_score`` — ``决策指标得分12.30分``, ``max_score`` — ``过程指标共25分``, and
  ``score`` (no subject): bound to their subject by :mod:`.scores` (``data.subject``/``name``);
* ``grade`` — ``评估级别为“良”``, ``等级为良``: value the grade word; the period and rater its
  clause names (``year``, ``other_period``, ``self_rated``: see :mod:`.scores`);
* ``grade_band`` — ``90分（含）以上为优``: value the grade, ``data.min``/``max`` and
  ``min_inclusive``/``max_inclusive``;
* ``count`` — ``蒙维小区、民生A区等14个老旧小区``: value Decimal, ``data.noun``, ``data.items`` (the
  enumerated names), ``data.list`` (``exact`` after 即/分别为/包括 or a bare list, ``partial``
  with 等, ``None`` when nothing is listed), ``data.entity`` (what the count is bound to: the
  first named item, else the noun);
* ``money_total`` — ``总投资为6600万元，资金来源为…6000万元、…600万元``: value in 元,
  ``data.parts`` (label, value, text, span each), ``data.label``/``entity``;
* ``money`` — any other amount (``申请一般债券资金8000万元``): ``data.label`` (the words before
  it, = ``entity``) and ``data.role`` (budget/executed/received/carryover/applied/…);
* ``change`` — ``总计27664.22万元，与上年相比增加3205.79万元，增长13.11%``: value the change
  (Y, in 元), ``data.direction`` (increase/decrease), ``data.current`` (X: text, value, span —
  ``None`` when X stands in the sentence before —, number) and ``data.rate`` (Z or ``None``);
  a ``money_total`` has ``data.open`` when its parts may be incomplete (one 其中 item, 含/等);
* ``rate`` — ``执行率为99.97%``: value in percent, ``data.label``;
* ``date`` — ``2022年6月7日``: value ISO text (``2022-06-07`` / ``2022-06``), ``data.context``;
  a named date (``截至评估日``) has value ``None`` and ``data.named``.

Every fact has ``text`` (the quoted words) and ``ref`` (block index, span in
``Report.text`` when the paragraph has one; line and page are derived from it, see
:mod:`reportparse.locate`). Numbers carry their full :class:`~reportparse.models.Number`
in ``data.number``; the emitter builds each fact with :func:`~reportparse.models.make_fact`, so
a key its kind's data does not know is an error here, not a silent extra.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import regex as re

from ..models import (CountFact, CountGroup, Document, Fact, FactKind, Message,
                      MoneyFact, MoneyPart, Number, Paragraph, Point, Provenance, Ref, make_fact)
from ..patterns import Patterns
from .changes import YEAR as _YEAR
from .changes import Change, amounts_now, sentence_changes
from .numbers import find_numbers, to_decimal
from .scores import period, sentence_scores

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_CLAUSE_BREAK = "，,。；;：:！？!?（()）"
_ITEM_PREFIX = re.compile(r"^.*(?:对|完成|了|以及|及|包括|即|将|把|的|：|:)")
_LABEL_TAIL = re.compile(r"(?:约为|约|为|是|达到|达|共计|共|计|合计|：|:|近|逾|超过)$")
_NOUN_STOP = set("的进开实已并和与及对在均共是为中有被将得等了也都，,。；;：:、（()）“”\"")
_DATE = re.compile(
    r"(?<![0-9０-９])(?P<y>[12][0-9]{3})\s*年\s*(?P<m>[0-9]{1,2})\s*月(?:\s*(?P<d>[0-9]{1,2})\s*日)?"
    r"|(?<![0-9])(?P<y2>[12][0-9]{3})[-/.](?P<m2>[0-9]{1,2})[-/.](?P<d2>[0-9]{1,2})(?![0-9])"
)


@dataclass
class _Config:
    grade_re: Any
    band_re: Any
    count_units: set[str]
    exact_markers: list[str]
    partial_markers: list[str]
    separators: str
    last_joiner: Any
    max_item_chars: int
    noun_stop: Any
    total_labels: list[str]
    part_re: Any
    sum_words: list[str]
    roles: dict[str, list[str]]
    rate_words: list[str]
    named_dates: Any
    change_words: list[str]
    per_unit_words: list[str]
    current_year_words: list[str]
    other_quantity: dict[str, list[str]]
    strong_role_words: list[str]
    open_markers: list[str]
    partial_after: list[str]
    quantifier_re: Any
    respective_re: Any


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _build(patterns: Patterns) -> _Config:
    f = patterns["facts"]
    cnt, money = f.get("count", {}), f.get("money", {})
    grades = patterns["grades"]["labels"]["words"]
    galt = _alt(grades)
    grade_re = re.compile(f.get("grade", {}).get("pattern", "").replace("{grades}", galt))
    # possessive quantifiers and a left digit boundary keep this linear on long digit runs
    band_re = re.compile(
        r"(?P<pre>低于|高于|不足|小于|大于|超过|达到|在)?\s*+"
        r"(?<![0-9.．])(?P<lo>[0-9]++(?:\.[0-9]++)?+)\s*+分?+\s*+"
        r"(?P<loinc>[（(]\s*+(?:不)?含\s*+[）)])?+\s*+"
        r"(?:(?P<rel>及以上|以上|及以下|以下|以内)"
        r"|(?:-|－|—|–|~|～|至|到)\s*+(?P<hi>[0-9]++(?:\.[0-9]++)?+)\s*+分?+\s*+"
        r"(?P<hiinc>[（(]\s*+(?:不)?含\s*+[）)])?+\s*+(?:之间)?+)?+\s*+(?:的)?+\s*+"
        rf"(?:为|评为|定为|属于|评定为|等级为)\s*+[“\"「]?+(?P<grade>{galt})(?![\p{{Han}}])"
    )
    return _Config(
        grade_re=grade_re,
        band_re=band_re,
        count_units=set(cnt["units"]),
        exact_markers=sorted(cnt["exact_markers"], key=len, reverse=True),
        partial_markers=list(cnt["partial_markers"]),
        separators=cnt.get("separators", "、"),
        last_joiner=re.compile(_alt(cnt["last_joiners"])),
        max_item_chars=int(cnt.get("max_item_chars", 20)),
        noun_stop=re.compile(_alt(cnt.get("noun_stops", [])) or "(?!)"),
        total_labels=sorted(money.get("total_labels", []), key=len, reverse=True),
        part_re=re.compile(_alt(money["part_markers"])),
        sum_words=sorted(money["sum_words"], key=len, reverse=True),
        roles={k: list(v) for k, v in money.get("roles", {}).items()},
        rate_words=list(f["rate"]["words"]),
        named_dates=re.compile(_alt(f["date"]["named"])),
        change_words=list(money.get("change_words", [])),
        per_unit_words=list(money.get("per_unit_words", [])),
        current_year_words=list(money.get("current_year_words", [])),
        other_quantity={k: list(v) for k, v in money.get("other_quantity", {}).items()},
        strong_role_words=list(money.get("strong_role_words", [])),
        open_markers=list(money.get("parts_list", {}).get("open_markers", [])),
        partial_after=list(money.get("parts_list", {}).get("partial_after", [])),
        quantifier_re=re.compile(
            rf"^(?:{_alt(cnt['quantifier_numerals'])})(?![0-9一二三四五六七八九十百千万])"),
        respective_re=re.compile(
            rf"(?:{_alt(cnt['respective_markers'])})\s*[：:]?\s*$"),
    )


def _config(patterns: Patterns) -> _Config:
    return patterns.cached("extract.facts", _build)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- helpers
def _label_before(sentence: str, start: int, floor: int = 0) -> tuple[str, int]:
    """The words just before a figure, back to a clause break or ``floor`` (the previous
    figure's end), without a trailing 为/是/达到…; with the index where they start."""
    i = start
    while i > floor and sentence[i - 1] not in _CLAUSE_BREAK and sentence[i - 1] != "、":
        i -= 1
    while i < start and sentence[i].isspace():
        i += 1
    if i > 0 and sentence[i - 1] == "年" and sentence.startswith("度", i):
        i += 1  # 2023年度预算…: 度 belongs to the year before
    label = _LABEL_TAIL.sub("", sentence[i:start]).rstrip()
    return label, i


def _noun_after(sentence: str, end: int, stop: Any) -> str:
    out = []
    for ch in sentence[end:end + 10]:
        if ch in _NOUN_STOP or not (re.match(r"[\p{Han}A-Za-z]", ch)):
            break
        out.append(ch)
    noun = "".join(out)
    m = stop.search(noun, 1) if len(noun) > 1 else None
    return noun[:m.start()] if m else noun


def _noun_before(sentence: str, start: int, stop: Any) -> str:
    out: list[str] = []
    for ch in reversed(sentence[max(0, start - 10):start]):
        if ch in _NOUN_STOP or not re.match(r"\p{Han}", ch):
            break
        out.append(ch)
    noun = "".join(reversed(out))
    cut = [m.end() for m in stop.finditer(noun) if m.end() < len(noun)]
    return noun[cut[-1]:] if cut else noun


def _split_items(segment: str, cfg: _Config) -> list[str]:
    """The names of an enumeration: split on 、 (the list ends at a comma when it uses 、);
    the last name may join one more with 和/及/与 (but 和平小区 stays whole)."""
    if any(c in segment for c in cfg.separators):
        segment = re.split(r"[，,]", segment, maxsplit=1)[0]
        parts = re.split(f"[{re.escape(cfg.separators)}]", segment)
    else:
        parts = re.split(r"[，,]", segment)
    parts = [p.strip() for p in parts if p.strip()]
    if parts:
        tail = cfg.last_joiner.split(parts[-1], maxsplit=1)
        if len(tail) == 2 and all(len(t.strip()) >= 2 for t in tail):
            parts[-1:] = [t.strip() for t in tail]
    return parts


def _role(label: str, cfg: _Config) -> str | None:
    best: tuple[int, str] | None = None
    for role, words in cfg.roles.items():
        for w in words:
            k = label.rfind(w)
            if k >= 0 and (best is None or k > best[0]):
                best = (k, role)
    return best[1] if best else None


class _Emitter:
    """Builds facts for one paragraph, turning sentence offsets into refs."""

    def __init__(self, block: int, para: Paragraph) -> None:
        self.block = block
        self.base = para.provenance.span[0] if para.provenance.span else None
        self.facts: list[Fact] = []
        self._starts: list[int] = []

    def emit(self, kind: FactKind, start: int, end: int, text: str, value: Any = None,
             unit: str | None = None, **data: Any) -> Fact:
        span = (self.base + start, self.base + end) if self.base is not None else None
        f = make_fact(kind, value=value, unit=unit, text=text, data=data,
                      ref=Ref(block=self.block, span=span))
        self.facts.append(f)
        self._starts.append(start)
        return f

    def remove(self, fact: Fact) -> None:
        k = next(i for i, f in enumerate(self.facts) if f is fact)
        del self.facts[k]
        del self._starts[k]

    def ordered(self) -> list[Fact]:
        return [f for _, _, f in sorted(zip(self._starts, range(len(self.facts)), self.facts))]


# --------------------------------------------------------------------------- rules
def _grades(s: str, off: int, cfg: _Config, em: _Emitter, patterns: Patterns) -> None:
    bands = [(m.start(), m.end()) for m in cfg.band_re.finditer(s)]
    for m in cfg.grade_re.finditer(s):
        if any(a <= m.start() < b for a, b in bands):
            continue
        g = next((v for k, v in m.groupdict().items() if k.startswith("grade") and v), None)
        em.emit("grade", off + m.start(), off + m.end(), m.group(0), g,
                **period(s, m.start(), patterns))


def _inclusive(mark: str | None, default: bool) -> bool:
    if not mark:
        return default
    return "不" not in mark


def _bands(s: str, off: int, cfg: _Config, em: _Emitter) -> list[tuple[int, int]]:
    """Grade bands printed in the text; returns their spans in the sentence."""
    spans: list[tuple[int, int]] = []
    for m in cfg.band_re.finditer(s):
        lo = to_decimal(m.group("lo"))
        hi = to_decimal(m.group("hi")) if m.group("hi") else None
        rel, pre = m.group("rel"), m.group("pre")
        band: dict[str, Any] = {"min": None, "max": None, "min_inclusive": True,
                                "max_inclusive": False}
        if hi is not None:
            band.update(min=lo, max=hi, min_inclusive=_inclusive(m.group("loinc"), True),
                        max_inclusive=_inclusive(m.group("hiinc"), True))
        elif rel in ("以上", "及以上") or pre in ("高于", "大于", "超过", "达到"):
            band.update(min=lo, min_inclusive=_inclusive(m.group("loinc"), pre not in ("高于", "大于", "超过")))
        elif rel in ("以下", "及以下", "以内") or pre in ("低于", "不足", "小于"):
            band.update(max=lo, max_inclusive=_inclusive(
                m.group("loinc"), rel in ("及以下",)))
        else:
            continue
        band = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in band.items()}
        em.emit("grade_band", off + m.start(), off + m.end(), m.group(0), m.group("grade"),
                "分", **band)
        spans.append((m.start(), m.end()))
    return spans


def _money(s: str, off: int, nums: list[Number], used: set[int], cfg: _Config,
           em: _Emitter) -> None:
    money = [n for n in nums if n.unit == "元" and n.span and id(n) not in used]
    ends = sorted(x.span[1] for x in nums if x.span)
    plain: list[tuple[Number, MoneyFact, int]] = []  # amounts emitted as plain money, this sentence
    i = 0
    while i < len(money):
        n = money[i]
        assert n.span is not None
        prev_end = _last_end(ends, n.span[0])
        label, ls = _label_before(s, n.span[0], prev_end)
        tail = s[n.span[1]:n.span[1] + 14]
        pm = cfg.part_re.search(tail)
        # a total: its label says so, or an explicit breakdown (其中/资金来源为) follows it
        is_total = any(w in label[-10:] for w in cfg.total_labels) or (
            pm is not None and pm.start() <= 1 and pm.group(0).startswith(("其中", "资金来源")))
        if is_total and pm is not None and not any(c in tail[:pm.start()] for c in "。；;"):
            parts, floor, j, is_open = _parts_after(s, off, money, i, n.span[1] + pm.end(),
                                                    label, pm.group(0), used, cfg, em)
            if parts:
                used.add(id(n))
                em.emit("money_total", off + ls, off + floor, s[ls:floor], n.value, "元",
                        label=label, entity=label, marker=pm.group(0), parts=parts,
                        open=is_open, number=n)
                i = j
                continue
        used.add(id(n))
        if _sum_before(s, off, n, label, ls, plain, cfg, em):
            plain.clear()
            i += 1
            continue
        f = em.emit("money", off + ls, off + n.span[1], s[ls:n.span[1]], n.value, "元",
                    label=label, entity=label, role=_role(label, cfg), number=n)
        assert isinstance(f, MoneyFact)
        plain.append((n, f, ls))
        i += 1


def _not_a_part(plabel: str, total_label: str, cfg: _Config, total_head: str = "") -> bool:
    """An amount after 其中 that is no part of the total: a change (比上年增加…), a rate per
    unit (亩均投资, 每人), an amount of a year the total does not cover (2023年预算…，2022年
    补贴…), or a carry-over under a total of this year's money only."""
    if any(w in plabel for w in cfg.change_words + cfg.per_unit_words):
        return True
    years, covered = set(_YEAR.findall(plabel)), set(_YEAR.findall(total_head))
    if years and covered and not years <= covered:
        return True
    return any(w in total_label for w in cfg.current_year_words) and \
        _role(plabel, cfg) == "carryover"


def _parts_after(s: str, off: int, money: list[Number], i: int, floor: int, label: str,
                 marker: str, used: set[int], cfg: _Config, em: _Emitter
                 ) -> tuple[list[MoneyPart], int, int, bool]:
    """The parts listed after a total's 其中/资金来源为 in this sentence: (parts, end of the
    last, index of the next amount, whether the list may be incomplete). A part that names a
    different quantity (an execution figure under a budget, 到位 under a total) ends the
    list; a change or a per-unit amount is skipped."""
    parts: list[MoneyPart] = []
    total_role = _role(label, cfg)
    j = i + 1
    while j < len(money):
        p = money[j]
        assert p.span is not None
        plabel, _ = _label_before(s, p.span[0], floor)
        role = _role(plabel, cfg)
        if parts and (role in cfg.other_quantity.get(total_role or "", []) or (
                role not in (None, "investment", total_role)
                and any(w in plabel for w in cfg.strong_role_words))):
            break  # a new statement (实际支出…), not another part
        if _not_a_part(plabel, label, cfg, s[:money[i].span[0]]):  # type: ignore[index]
            j += 1
            continue
        parts.append(MoneyPart(label=plabel, value=p.value, text=p.text,
                               span=_global(em, off, p.span), number=p))
        used.add(id(p))
        floor = p.span[1]
        j += 1
    rest = s[floor:].rstrip()
    is_open = (len(parts) < 2 or any(w in marker for w in cfg.open_markers)
               or rest[-1:] in ("；", ";", "：", ":", "，", ",")
               or any(rest.lstrip("，,、").startswith(w) for w in cfg.partial_after))
    return parts, floor, j, is_open


def _sum_before(s: str, off: int, n: Number, label: str, ls: int,
                plain: list[tuple[Number, MoneyFact, int]], cfg: _Config, em: _Emitter) -> bool:
    """``中央资金600万元、省级资金400万元，合计1000万元``: a sum word before a figure that
    follows two or more plain amounts of the same sentence makes them its parts."""
    said = s[ls:n.span[0]] if n.span else label  # with the 合计/为 the label drops
    word = next((w for w in cfg.sum_words if said.startswith(w) or w in said[-4:]), None)
    if word is None or len(plain) < 2 or n.span is None:
        return False
    parts = []
    for p, f, _ in plain:
        assert p.span is not None
        parts.append(MoneyPart(label=f.data.label or "", value=p.value, text=p.text,
                               span=_global(em, off, p.span), number=p))
    first = plain[0][2]
    for _, f, _ in plain:
        em.remove(f)
    em.emit("money_total", off + first, off + n.span[1], s[first:n.span[1]], n.value, "元",
            label=label, entity=label, marker=word, parts=parts, parts_before=True,
            number=n)
    return True


def _last_end(ends: list[int], pos: int) -> int:
    """The last figure end at or before ``pos`` (``ends`` sorted), else 0."""
    k = bisect_right(ends, pos)
    return ends[k - 1] if k else 0


def _global(em: _Emitter, off: int, span: tuple[int, int]) -> tuple[int, int] | None:
    if em.base is None:
        return None
    return (em.base + off + span[0], em.base + off + span[1])


def _counts(s: str, off: int, nums: list[Number], used: set[int], cfg: _Config, em: _Emitter,
            points: list[Point]) -> None:
    ends = sorted(x.span[1] for x in nums if x.span)
    for n in nums:
        if n.span is None or id(n) in used or n.unit not in cfg.count_units:
            continue
        if n.written_unit and n.written_unit != n.unit:
            continue  # 3万户 is a quantity, not an enumerable count
        if n.span[0] > 0 and s[n.span[0] - 1] == "第":
            continue  # 第2批: an ordinal
        if n.value is not None and n.value != n.value.to_integral_value():
            continue  # 1.1项目背景 (an outline number before 项目): a count is whole
        if n.numeral != "arabic" and cfg.quantifier_re.match(n.text):
            continue  # 一次录入, 一类赛事, 享受一次补贴: a quantifier word, not a count
        a, b = n.span
        subject = _respective(s, n, nums, cfg)
        if subject is not None:  # A、B、C分别为5家、5家、9家: one count per subject
            used.add(id(n))
            em.emit("count", off + a, off + b, s[a:b], n.value, n.unit, noun=subject,
                    items=[], list=None, marker=None, entity=subject, bound=n.bound,
                    number=n)
            continue
        noun = _noun_after(s, b, cfg.noun_stop)
        noun_pos = "after"
        if not noun:
            noun = _noun_before(s, a, cfg.noun_stop)
            noun_pos = "before"
        if n.unit != "个" and not noun:
            noun = n.unit or ""
        items: list[str] = []
        kind: str | None = None
        marker: str | None = None
        listed_before = False
        # an enumeration before the figure: "A、B等14个" (partial) or "A、B、C、D四个" (exact)
        head = s[:a] if noun_pos == "after" else s[:max(0, a - len(noun))]
        pm = next((p for p in cfg.partial_markers if head.endswith(p)), None)
        seg_end = len(head) - len(pm) if pm else len(head)
        floor = _last_end(ends, a)
        k = seg_end
        while k > floor and s[k - 1] not in "，,。；;：:（()）":
            k -= 1
        listed: list[str] = []
        for chunk in reversed(s[k:seg_end].split("、")):
            name = _ITEM_PREFIX.sub("", chunk).strip()
            if not name or len(name) > cfg.max_item_chars:
                break
            listed.insert(0, name)
            if name != chunk.strip():
                break  # the chunk carried the words before the list: the list starts here
        segment = s[k:seg_end]
        if pm and listed:
            items, kind, marker, listed_before = listed, "partial", pm, True
        elif len(listed) >= 2 and segment.count("、") >= 1 and seg_end == len(head):
            items, kind, marker, listed_before = listed, "exact", None, True
        # an enumeration after: "10个，即A、B、C。" / "两个方面：一是…二是…"
        if kind is None:
            rest = s[b + (len(noun) if noun_pos == "after" else 0):]
            r0 = rest.lstrip("，,")
            em_mark = next((x for x in cfg.exact_markers if r0.startswith(x)), None)
            if em_mark:
                body = r0[len(em_mark):].lstrip("：:")
                pts = [p for p in points if p.span and em.base is not None
                       and p.span[0] >= em.base + off + b]
                if em_mark in ("：", ":") and len(pts) >= 2:
                    # points may go on in the next paragraphs: an inferred, open list
                    items, kind, marker = [p.marker for p in pts], "points", em_mark
                else:
                    body = re.split(r"[。；;]", body, maxsplit=1)[0]
                    got = _split_items(body, cfg)
                    if got and all(len(x) <= cfg.max_item_chars for x in got):
                        last = got[-1]
                        pm2 = next((p for p in cfg.partial_markers if p in last), None)
                        if pm2:
                            got[-1] = last.split(pm2)[0]
                        items = [x for x in got if x]
                        kind, marker = ("partial" if pm2 else "exact"), em_mark
        used.add(id(n))
        start = a - (len(noun) if noun_pos == "before" else 0)
        end = b + (len(noun) if noun_pos == "after" else 0)
        # a count is bound to the group its named items identify (蒙维小区… vs 百合花园小区…)
        entity = items[0] if listed_before else noun
        em.emit("count", off + start, off + end, s[start:end], n.value, n.unit, noun=noun,
                items=items, list=kind, marker=marker, entity=entity, bound=n.bound,
                number=n)


def _index(nums: list[Number], n: Number) -> int:
    """The position of ``n`` itself in ``nums`` (two 5家 of one series are equal values)."""
    return next(i for i, x in enumerate(nums) if x is n)


def _respective(s: str, n: Number, nums: list[Number], cfg: _Config) -> str | None:
    """``社区卫生服务中心、卫生院、村卫生室和民营医院分别为5家、5家、9家和0家``: the subject
    this figure of a 分别为 series belongs to (the k-th name before the marker for the k-th
    figure), ``""`` when the names don't pair up, ``None`` when ``n`` is in no such series."""
    series = [n]
    k = _index(nums, n)
    while k > 0:  # walk back over the figures joined by 、/和/及 to the series' first
        p = nums[k - 1]
        if p.span is None or series[0].span is None or \
                s[p.span[1]:series[0].span[0]].strip(" 、，,和及与") != "":
            break
        series.insert(0, p)
        k -= 1
    first = series[0]
    assert first.span is not None
    m = cfg.respective_re.search(s, 0, first.span[0])
    if m is None:
        return None
    start = max(s.rfind(c, 0, m.start()) for c in "，,。；;：:") + 1
    names = _split_items(_ITEM_PREFIX.sub("", s[start:m.start()]), cfg) or [""]
    if len(names) == 1 and len(series) == 1:
        return names[0]
    idx = len(series) - 1
    return names[idx] if len(names) > idx and len(names) > 1 else ""


def _change(s: str, off: int, c: Change, em: _Emitter) -> None:
    """Emit a year-on-year ``change`` fact (see :mod:`.changes`)."""
    em.emit("change", off + c.start, off + c.end, s[c.start:c.end], c.value, "元",
            direction=c.direction, word=c.word,
            current=_part(em, off if c.current_here else None, c.current),
            **({"previous": _part(em, off, c.previous)} if c.previous is not None else {}),
            rate=dict(_part(em, off, c.rate), word=c.rate_word) if c.rate is not None else None,
            number=c.number)


def _part(em: _Emitter, off: int | None, n: Number) -> dict[str, Any]:
    """A figure bound into a fact: its text, value, span (``None`` when it stands in another
    sentence) and full number."""
    span = _global(em, off, n.span) if off is not None and n.span else None
    return {"text": n.text, "value": n.value, "span": span, "number": n}


def _rates(s: str, off: int, nums: list[Number], used: set[int], cfg: _Config,
           em: _Emitter) -> None:
    prev = 0
    for n in nums:
        if n.span is None:
            continue
        if n.unit == "%" and id(n) not in used:
            label, ls = _label_before(s, n.span[0], prev)
            if any(w in label for w in cfg.rate_words):
                used.add(id(n))
                em.emit("rate", off + ls, off + n.span[1], s[ls:n.span[1]], n.value, "%",
                        label=label, number=n)
        prev = n.span[1]


def _dates(s: str, off: int, cfg: _Config, em: _Emitter) -> None:
    for m in _DATE.finditer(s):
        y = int(m.group("y") or m.group("y2"))
        mo = int(m.group("m") or m.group("m2"))
        d = m.group("d") or m.group("d2")
        if not 1 <= mo <= 12 or (d and not 1 <= int(d) <= 31):
            continue
        iso = f"{y:04d}-{mo:02d}" + (f"-{int(d):02d}" if d else "")
        a = max(s.rfind(c, 0, m.start()) for c in "，,。；;") + 1
        b = min([k for k in (s.find(c, m.end()) for c in "，,。；;") if k >= 0] or [len(s)])
        ctx = s[a:b][:60]
        em.emit("date", off + m.start(), off + m.end(), m.group(0), iso, None, year=y,
                month=mo, day=int(d) if d else None, context=ctx)
    for m in cfg.named_dates.finditer(s):
        em.emit("date", off + m.start(), off + m.end(), m.group(0), None, None,
                named=m.group(0).replace("截至", "").replace("截止", ""))


# --------------------------------------------------------------------------- entry points
def paragraph_facts(para: Paragraph, block: int, patterns: Patterns) -> list[Fact]:
    """The facts one paragraph states, in order of appearance."""
    cfg = _config(patterns)
    em = _Emitter(block, para)
    text = para.text
    prev: list[Number] = []  # the amounts of the sentence before (for 与上年相比… alone)
    for m in _SENTENCE.finditer(text):
        s, off = m.group(0), m.start()
        nums = find_numbers(s)
        for c in sentence_changes(s, nums, prev, patterns):
            _change(s, off, c, em)
        prev = amounts_now(s, nums, patterns)
        used: set[int] = set()
        for a, b in _bands(s, off, cfg, em):  # figures of a printed band are not statements
            used.update(id(n) for n in nums if n.span and a <= n.span[0] < b)
        sentence_scores(s, off, nums, used, patterns, em)
        _grades(s, off, cfg, em, patterns)
        _money(s, off, nums, used, cfg, em)
        _counts(s, off, nums, used, cfg, em, para.points)
        _rates(s, off, nums, used, cfg, em)
        _dates(s, off, cfg, em)
    return em.ordered()


def extract_facts(report: Document, patterns: Patterns) -> list[Fact]:
    """Every fact the report's paragraphs state, in reading order."""
    out: list[Fact] = []
    for i, b in enumerate(report.blocks):
        if isinstance(b, Paragraph) and b.text:
            if len(_DIGIT_RUN.findall(b.text)) > MAX_NUMBERS_PER_BLOCK:  # bound before work
                report.warnings.append(Message(
                    code="facts_skipped", message=f"block {i} holds over "
                    f"{MAX_NUMBERS_PER_BLOCK:,} numbers: no facts read from it",
                    provenance=Provenance(block=i)))
                continue
            out.extend(paragraph_facts(b, i, patterns))
    return out


#: numbers one paragraph may hold for its facts to be read (a real one holds dozens; 200,000
#: "1万元" would cost minutes and gigabytes)
MAX_NUMBERS_PER_BLOCK = 2_000
_DIGIT_RUN = re.compile(r"\d+")


def bind_counts(facts: list[Fact], typed: list[Any]) -> list[Fact]:
    """Bind count facts that name items to the item-list groups holding all those items:
    ``data.groups`` = ``[{table, group, title, n_items}]`` (several when ambiguous), so a
    checker compares "14个" with the right group and never across batches."""
    from ..models import ItemList

    lists = [t for t in typed if isinstance(t, ItemList)]
    for f in facts:
        if not isinstance(f, CountFact) or not f.data.items or f.data.entity not in f.data.items:
            continue
        items = f.data.items
        groups = []
        for t in lists:
            for gi, g in enumerate(t.groups):
                names = {i.name for i in g.items}
                if all(x in names for x in items):
                    groups.append(CountGroup(table=t.table, group=gi, title=g.title,
                                             n_items=len(g.items)))
        f.data.groups = groups
    return facts
