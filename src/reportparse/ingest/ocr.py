"""OCR of a rendered page: text lines with boxes in PDF points and a confidence each.

Why RapidOCR (``pip install 'reportparse[ocr]'``): its wheel ships the PP-OCR detection and
recognition models and runs them with onnxruntime on a plain CPU, so nothing is downloaded at
run time. It is imported here, inside the functions, never when ``reportparse`` is imported.

Resolution: the page is rendered at :data:`DPI` and the detector sees it at that size. Shrinking
the detector's input (:data:`DET_SIDE`) halves its time but loses thin short boxes: the "一、"
of a heading set apart from its title disappeared at 1280 px (benchmarks/ocr.py measures).
"""

from __future__ import annotations

import os
import threading
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from ..errors import ReportParseError
from .cjk import is_wide
from .ocr_detect import detect_in_bands, padded
from .ocr_text import fix_read

#: render resolution for recognition (the issue asks ≥ 200 dpi; 200 reads 5-pt text)
DPI = 200
#: the detector's input, long side in pixels (None: the rendered size)
DET_SIDE: int | None = None
#: onnxruntime threads per model: one. Measured (benchmarks/ocr.py, 2 cores shared with other
#: jobs) its default thread pool spent more CPU than it saved in wall time: its workers spin
#: for cores that other processes hold, and a batch worker runs one process per core anyway
THREADS = 1
#: the detector's sessions allocate from one memory arena of the process (RapidOCR turns
#: arenas off): its feature maps are large, and allocating them afresh for every band cost
#: 17% of its time (page faults on new memory). Measured on three samples (11 pages, two
#: page threads): 37.7 -> 33.4-34.0 CPU s, peak resident memory +120-340 MB; an arena per
#: session (each growing to the next power of two) saved as much for +1 GB
DET_ARENA = True
#: the narrowest input the recogniser is given, pixels (its height is 48). RapidOCR pads every
#: line to at least 320 px, the width the model was trained at, so a table cell of two digits
#: cost as much as a line of seven characters; the model reads any width (it is convolutional
#: with a CTC head). Measured (benchmarks/ocr.py, 23 samples, 86 pages): 3.31 -> 3.17 CPU
#: s/page, 1.91 -> 1.81 wall; characters and table numbers read the same, one heading of
#: one sample differs (heading F1 0.98 there)
REC_MIN_WIDTH = 48
#: detect text band by band over the page's ink (:mod:`.ocr_detect`); the environment
#: variable ``REPORTPARSE_OCR_BANDS=0`` detects on the whole page instead (to compare)
BANDS = os.environ.get("REPORTPARSE_OCR_BANDS", "1") != "0"
#: pages recognised at the same time, one thread each (each thread has its own engine: the
#: models run one thread apiece, and onnxruntime releases the GIL while it runs). Default:
#: the CPUs this process may use, at most two; ``REPORTPARSE_OCR_THREADS`` overrides it, and a
#: batch worker sets it to 1, since a batch already runs one file per core
PAGE_THREADS_ENV = "REPORTPARSE_OCR_THREADS"
INSTALL = "pip install 'reportparse[ocr]'"
T = TypeVar("T")

_BAR = "|"


@dataclass(frozen=True)
class OcrChar:
    """One recognised character: its box in points (x0, top, x1, bottom)."""

    text: str
    box: tuple[float, float, float, float]


def pixels(box: tuple[float, ...], scale: float) -> tuple[int, int, int, int]:
    """A box in points (x0, top, x1, bottom) as pixel bounds of the page bitmap it was read
    from (``scale`` points per pixel)."""
    x0, top, x1, bottom = (int(round(v / scale)) for v in box)
    return x0, top, x1, bottom


def overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Whether two boxes (x0, top, x1, bottom) share some area."""
    return a[0] < b[2] and a[2] > b[0] and a[1] < b[3] and a[3] > b[1]


@dataclass(frozen=True)
class OcrLine:
    """One recognised text line: its text, box in points, confidence (0–1) and characters."""

    text: str
    box: tuple[float, float, float, float]
    confidence: float
    chars: tuple[OcrChar, ...]


#: a Latin letter or digit, in ems (as the reader measures lines)
HALF = 0.55
#: the recogniser's line box is taller than the characters' em (its detector pads each line)
BOX_PER_EM = 1.2
_OPENING = "（〔【《「『“‘"


def _units(c: OcrChar) -> float:
    """A character's advance in ems: a wide one (Han, full-width mark, a circled number ①)
    one, a Latin letter or digit about :data:`HALF`."""
    wide = is_wide(c.text) or (not c.text.isascii()
                               and unicodedata.east_asian_width(c.text[:1] or " ") == "A")
    return 1.0 if wide else HALF


#: an advance this many times the line's typical one (per em) is a gap, not a character's
GAP = 1.5


def pitch_em(chars: tuple[OcrChar, ...] | list[OcrChar]) -> float | None:
    """The characters' em in points, or None when they span under three ems: the span of
    each run of wide characters over its count, the runs split at wide gaps and at Latin
    letters and digits (whose width in ems depends on the face: 0.5 in SimSun, 0.64 in
    DejaVu Sans), which count only in a line with too few wide characters. The span of the
    whole line was used before and misread two kinds of heading: "一、  基本情况" (the gap after
    the number is no character's advance: measured a tenth large) and "（一）决策" (the opening
    bracket's box begins at its ink, in the right half of its em: measured a tenth small);
    either was taken for a style of its own."""
    units = [_units(c) for c in chars]
    if chars and chars[0].text in _OPENING:
        units[0] -= 0.5
    if sum(units) < 3:
        return None
    steps = [(b.box[0] - a.box[0]) / u for a, b, u in zip(chars, chars[1:], units)]
    typical = sorted(steps)[len(steps) // 2] if steps else 0.0
    wide_only = sum(u for u in units if u != HALF) >= 3
    span = ems = 0.0
    start: int | None = None
    for k in range(len(chars) + 1):
        inside = k < len(chars) and not (wide_only and units[k] == HALF)
        if inside and start is None:
            start = k
        if start is not None and (not inside or k + 1 == len(chars) or steps[k] > GAP * typical):
            end = k if inside else k - 1
            # to the last character's start, plus its advance: its box ends at its ink, a
            # tenth of an em short (a bias of 3% on a four-character heading)
            last = max(chars[end].box[2] - chars[end].box[0], typical * units[end])
            span += chars[end].box[0] - chars[start].box[0] + last
            ems += sum(units[start:end + 1])
            start = None
    return span / ems if ems > 0 else None


def available() -> bool:
    """Whether the OCR extra is installed (without importing it)."""
    from importlib.util import find_spec

    return find_spec("rapidocr_onnxruntime") is not None


def require(path: str, why: str) -> None:
    """Raise the clear error naming the install command when the extra is missing."""
    if not available():
        raise ReportParseError(path, "no_text_layer", f"{why}; OCR needs the optional "
                               f"extra: {INSTALL}")


def guarded(path: str, work: Callable[[], T]) -> T:
    """Run OCR work; running out of memory (onnxruntime's ``bad_alloc`` under a batch
    worker's address-space limit) is the input's ``too_large``, not an internal error."""
    try:
        return work()
    except MemoryError:
        raise ReportParseError(path, "too_large", "out of memory while recognising a page "
                               "(OCR needs ~3 GB of address space)") from None
    except Exception as e:  # onnxruntime's Fail derives from Exception only
        if "bad_alloc" not in str(e):
            raise
        raise ReportParseError(path, "too_large", "out of memory while recognising a page "
                               "(OCR needs ~3 GB of address space)") from None


def page_threads() -> int:
    """How many pages to recognise at once (:data:`PAGE_THREADS_ENV`)."""
    told = os.environ.get(PAGE_THREADS_ENV, "").strip()
    if told.isdigit() and int(told) > 0:
        return int(told)
    return max(1, min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                      else os.cpu_count() or 1))


def in_order(works: Iterable[Callable[[], T]], threads: int | None = None) -> Iterator[T]:
    """Run page jobs on up to ``threads`` threads and yield their results in the order given.

    ``works`` is consumed lazily in the caller's thread, so what it does to make each job
    (rendering a PDF page with pdfium, which is not thread-safe; decoding an image frame) stays
    there, and no more than ``threads + 1`` rendered pages wait in memory (one made ahead, so no
    thread waits while the next page is rendered). One thread: the jobs run
    one by one in the caller's thread, as before there were threads."""
    threads = threads or page_threads()
    if threads <= 1:
        for work in works:
            yield work()
        return
    from concurrent.futures import Future

    pending: deque[Future[T]] = deque()
    pool = _pool(threads)
    try:
        for work in works:
            pending.append(pool.submit(work))
            if len(pending) > threads:  # one page made ahead: no thread waits for it
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:  # an error (or a caller that stops early): no page left to run for nothing
        for f in pending:
            f.cancel()


_pools: dict[int, Any] = {}


def _pool(threads: int) -> Any:
    """The page threads, kept for the process: each thread's engine (~0.1 s to make) then
    serves every later scan too, as the one engine did before there were threads."""
    pool = _pools.get(threads)
    if pool is None:
        from concurrent.futures import ThreadPoolExecutor

        pool = _pools[threads] = ThreadPoolExecutor(threads, thread_name_prefix="ocr-page")
    return pool


# a forked child has none of its parent's threads: it makes its own pool when it needs one
if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(after_in_child=_pools.clear)


def shared_map(fn: Callable[[Any], T], items: list[Any]) -> list[T]:
    """``[fn(x) for x in items]``, shared with a page thread that has nothing to do.

    The caller takes items one by one; a helper job on the page threads' pool takes them too,
    from the same counter, whenever a thread is free (with two pages in hand none is, and the
    caller reads them all). The caller never waits on a job that has not started, so no page
    thread can wait for another: the helper is cancelled if it is still queued, or waited for
    only while it finishes the item it holds."""
    threads = page_threads()
    if threads <= 1 or len(items) < 2:
        return [fn(x) for x in items]
    results: list[Any] = [None] * len(items)
    lock = threading.Lock()
    order = iter(range(len(items)))

    def take() -> None:
        while True:
            with lock:
                k = next(order, None)
            if k is None:
                return
            results[k] = fn(items[k])

    helper = _pool(threads).submit(take)
    try:
        take()
    finally:
        with lock:  # on an error: the helper stops after the item it holds
            for _ in order:
                pass
        if not helper.cancel():
            helper.result()
    return results


_engines = threading.local()
_making = threading.Lock()


def _engine() -> Any:
    """This thread's RapidOCR engine (models load once per thread, ~0.1 s). One per thread:
    RapidOCR's detector keeps per-call state on itself (its pre-processing step), so two
    threads must not share one."""
    eng = getattr(_engines, "eng", None)
    if eng is None:
        with _making:  # one at a time: the first folds the models, the next reads them
            eng = _engines.eng = _new_engine()
    return eng


def _new_engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    models = _folded_models()
    eng = RapidOCR(max_side_len=100_000, use_cls=False, intra_op_num_threads=THREADS,
                   inter_op_num_threads=THREADS, rec_batch_num=1,
                   **{f"{k}_model_path": v for k, v in models.items() if isinstance(v, str)})
    for k, v in models.items():
        if k == "det":  # its own session, with the memory arena (see DET_ARENA)
            eng.text_det.infer.session = _session(v, arena=DET_ARENA)
        elif isinstance(v, bytes):  # no writable cache: the folded model from memory
            eng.text_rec.infer.session = _session(v)
    eng.text_rec.rec_image_shape = [3, 48, REC_MIN_WIDTH]
    det = eng.text_det
    # RapidOCR 1.4's resize policy scales an input whose short side is under 736 px up to
    # 736: a band of text would be enlarged. "max" with a bound never reached keeps every
    # band at its own size (DET_SIDE, when set, shrinks larger ones)
    side = DET_SIDE or 100_000
    try:
        from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

        det.get_preprocess = lambda _side: _BandInput(DetPreProcess(side, "max", det.mean,
                                                                    det.std))
    except (ImportError, AttributeError):
        pass
    eng.text_rec = _SharedRec(eng.text_rec)
    return eng


class _SharedRec:
    """An engine's recogniser whose lines are shared with a page thread that has nothing to
    do (:func:`shared_map`): recognition is two thirds of a page's time, and a one-page
    scan, the last page of an odd count or a page that ends after its partner kept one core
    idle. Lines are recognised one per model call, each alone, so a line reads the same
    whichever thread's engine reads it. (Not in batches: RapidOCR pads every line of a batch
    to the widest one's width, and six lines a call cost 1.35× the CPU of six calls, 1.9×
    before :data:`REC_MIN_WIDTH`; the padding also shifts the readings.)"""

    def __init__(self, rec: Any) -> None:
        self.rec = rec

    def __getattr__(self, name: str) -> Any:  # the wrapped recogniser's settings
        return getattr(self.rec, name)

    def __call__(self, imgs: Any, return_word_box: bool = False) -> tuple[list[Any], float]:
        if not isinstance(imgs, list):
            imgs = [imgs]
        return shared_map(lambda im: _engine().text_rec.rec([im], return_word_box)[0][0],
                          imgs), 0.0


class _BandInput:
    """The detector's input from a band that is already a multiple of 32 pixels each way
    (:func:`~.ocr_detect.padded`): one C pass (OpenCV's ``blobFromImage``: ``(x − 127.5) ÷
    127.5``, channels first, float32) instead of RapidOCR's resize to the same size, float64
    normalisation, transpose and cast (4% of a page's CPU). Anything else, or other mean and
    std than ½, goes to RapidOCR's own step."""

    def __init__(self, base: Any) -> None:
        import numpy as np

        self.base = base
        self.half = bool(np.allclose(base.mean, 0.5) and np.allclose(base.std, 0.5))

    def __call__(self, img: Any) -> Any:
        import cv2

        h, w = img.shape[:2]
        if not self.half or h % 32 or w % 32 or max(h, w) > self.base.limit_side_len:
            return self.base(img)
        return cv2.dnn.blobFromImage(img, 1 / 127.5, mean=(127.5, 127.5, 127.5))


@lru_cache(maxsize=1)
def _folded_models() -> dict[str, str | bytes]:
    """The detection and recognition models folded (:mod:`.ocr_fold`: ~25% less CPU for
    the same outputs), by kind ("det", "rec"); empty when folding is not possible (the
    ``onnx`` package missing, an unexpected RapidOCR layout), and RapidOCR's own are used."""
    try:
        from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
        from rapidocr_onnxruntime.utils import read_yaml, update_model_path

        from .ocr_fold import folded_model

        cfg = update_model_path(read_yaml(str(DEFAULT_CFG_PATH)))
        return {k: folded_model(Path(cfg[k.capitalize()]["model_path"])) for k in ("det", "rec")}
    except (ImportError, KeyError, OSError, ValueError):
        return {}


_shared_arena: list[bool] = []  # [registered], once a process (kept in a forked child)


def _process_arena() -> bool:
    """Whether onnxruntime's environment has the process's CPU arena, registering it on the
    first call: it grows by what is asked (not to the next power of two) and is shared by
    the sessions that opt in. Called with :data:`_making` held."""
    if not _shared_arena:
        import onnxruntime as ort

        try:
            info = ort.OrtMemoryInfo("Cpu", ort.OrtAllocatorType.ORT_ARENA_ALLOCATOR, 0,
                                     ort.OrtMemType.DEFAULT)
            ort.create_and_register_allocator(info, ort.OrtArenaCfg(0, 1, -1, -1))
            _shared_arena.append(True)
        except Exception:  # an onnxruntime without it, or one registered already elsewhere
            _shared_arena.append(False)
    return _shared_arena[0]


def _session(model: bytes | str, arena: bool = False) -> Any:
    """An onnxruntime session on CPU with RapidOCR's options (one thread, no memory arena
    of its own); ``arena``: allocating from the process's arena (:func:`_process_arena`)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.log_severity_level = 4
    opts.enable_cpu_mem_arena = arena and _process_arena()
    if opts.enable_cpu_mem_arena:
        opts.add_session_config_entry("session.use_env_allocators", "1")
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.intra_op_num_threads = opts.inter_op_num_threads = THREADS
    return ort.InferenceSession(model, sess_options=opts, providers=["CPUExecutionProvider"])


def suppress_red(rgb: Any) -> Any:
    """A copy of the page bitmap (H×W×3 uint8 array) with red-dominant pixels turned white:
    a red seal stamped over text would otherwise be read as garbage lines, and the black
    text under it comes out cleaner."""
    import numpy as np

    r = rgb[..., 0].astype(np.int16)
    gb = np.maximum(rgb[..., 1], rgb[..., 2]).astype(np.int16)
    out = rgb.copy()
    out[(r - gb > 60) & (r > 120)] = 255
    return out


def recognise(rgb: Any, scale: float) -> list[OcrLine]:
    """Recognise the text lines of a page bitmap (H×W×3 uint8 array, red seals already
    suppressed); ``scale`` converts pixels to points (72 / dpi)."""
    eng = _engine()
    def run(img: Any) -> Any:
        return eng(img, use_cls=False, return_word_box=True)

    res = detect_in_bands(rgb, run) if BANDS else [list(x) for x in run(padded(rgb))[0] or []]
    out: list[OcrLine] = []
    for item in res:
        quad, text, score = item[0], str(item[1]), float(item[2])
        words = item[3] if len(item) > 3 else None
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        box = (min(xs) * scale, min(ys) * scale, max(xs) * scale, max(ys) * scale)
        fixed = fix_read(text)
        chars = _chars(text, box, words, scale)
        if len(fixed) > len(text):  # the restored 一 takes the left half of the first box
            a = chars[0]
            mid = (box[0] + a.box[2]) / 2
            chars = (OcrChar("一", (box[0], a.box[1], mid, a.box[3])),
                     OcrChar(a.text, (mid, a.box[1], a.box[2], a.box[3]))) + chars[1:]
        out.append(_trim_bars(OcrLine(fixed, box, score, tuple(
            OcrChar(ch, c.box) for ch, c in zip(_visible(fixed), chars)))))
    return out


def _trim_bars(line: OcrLine) -> OcrLine:
    """A line without the "|" read at its ends: a table ruling's remnant the eraser left
    (a scan levelled from a slight rotation leaves a step of the border), which would also
    stretch the line's box over the border, out of its cell. The box starts (ends) at the
    first (last) character kept."""
    cs = list(line.chars)
    while len(cs) > 1 and cs[0].text == _BAR:
        cs.pop(0)
    while len(cs) > 1 and cs[-1].text == _BAR:
        cs.pop()
    if len(cs) == len(line.chars):
        return line
    text = line.text.strip().strip(_BAR).strip()
    _, top, _, bottom = line.box
    return OcrLine(text, (cs[0].box[0], top, cs[-1].box[2], bottom), line.confidence,
                   tuple(cs))


def _visible(text: str) -> list[str]:
    return [ch for ch in text if not ch.isspace()]


def _chars(text: str, box: tuple[float, float, float, float], words: Any,
           scale: float) -> tuple[OcrChar, ...]:
    """Per-character boxes: the recogniser's own when it gives one per visible character,
    else the line's width shared out (a CJK character counts two Latin ones)."""
    visible = [ch for ch in text if not ch.isspace()]
    x0, top, x1, bottom = box
    if isinstance(words, list) and visible and len(words) in (len(text), len(visible)):
        out = []
        for ch, q in zip(text if len(words) == len(text) else visible, words):
            if not ch.isspace():
                qx = [p[0] for p in q]
                out.append(OcrChar(ch, (min(qx) * scale, top, max(qx) * scale, bottom)))
        return tuple(out)
    weights = [2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in text]
    unit = (x1 - x0) / max(sum(weights), 1)
    out, x = [], x0
    for ch, w in zip(text, weights):
        if not ch.isspace():
            out.append(OcrChar(ch, (x, top, x + w * unit, bottom)))
        x += w * unit
    return tuple(out)


def read_strip(rgb: Any) -> tuple[str, float]:
    """Recognise one strip of a page bitmap (H×W×3 uint8) as a single text line, without
    detection: its text (look-alikes fixed) and confidence."""
    res, _ = _engine().text_rec([rgb])
    text, score = res[0] if res else ("", 0.0)
    return fix_read(str(text)), float(score)
