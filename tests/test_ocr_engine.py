"""The OCR engine's speed-ups (issue 17) keep its readings: the detector runs band by band
over a page's ink and the boxes land back on the page where the ink is; the folded models
give the shipped models' outputs; the folded model is cached on disk, or kept in memory
when the cache cannot be written."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reportparse.ingest import ocr
from reportparse.ingest.ocr_detect import MARGIN, STRIDE, detect_in_bands, ink_bands, padded

needs_ocr = pytest.mark.skipif(not ocr.available(),
                               reason="the OCR extra is not installed: pip install '.[ocr]'")


def _shipped(kind: str) -> Path:
    """The model file RapidOCR's wheel ships for ``kind`` ("det", "rec")."""
    from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH

    return Path(DEFAULT_CFG_PATH).parent / "models" / f"ch_PP-OCRv4_{kind}_infer.onnx"


def _page() -> np.ndarray:
    """A white 1000×800 page with two ink blocks far apart: rows 100–139 (x 200–499) and
    rows 700–729 (x 300–399)."""
    page = np.full((1000, 800, 3), 255, np.uint8)
    page[100:140, 200:500] = 0
    page[700:730, 300:400] = 0
    return page


def test_bands_cover_the_ink_with_a_margin_and_start_on_the_stride_grid() -> None:
    bands = ink_bands(_page())
    assert len(bands) == 2  # the 560 px of white between the blocks are not detected
    (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = bands
    assert (ax0, ay0) == (128, 32)  # 200 − 64 and 100 − 64, down to multiples of 32
    assert (ax1, ay1) == (500 + MARGIN, 140 + MARGIN)
    assert (bx0, by0) == (224, 608) and (bx1, by1) == (400 + MARGIN, 730 + MARGIN)
    assert all(v % STRIDE == 0 for v in (ax0, ay0, bx0, by0))


def test_close_ink_stays_one_band_and_a_blank_page_has_none() -> None:
    page = np.full((600, 600, 3), 255, np.uint8)
    page[100:120, 100:300] = 0
    page[200:220, 100:500] = 0  # 80 px below: the margins overlap
    assert ink_bands(page) == [(32, 32, 564, 284)]
    assert ink_bands(np.full((600, 600, 3), 255, np.uint8)) == []


def test_band_crops_are_padded_white_to_the_stride() -> None:
    crop = padded(np.zeros((100, 70, 3), np.uint8))
    assert crop.shape == (128, 96, 3)
    assert crop[:100, :70].max() == 0 and crop[100:].min() == 255 and crop[:, 70:].min() == 255


def test_boxes_found_in_a_band_are_shifted_back_to_the_page() -> None:
    page = _page()
    seen: list[tuple[int, int]] = []

    def run(crop: np.ndarray) -> tuple[list[list[object]], None]:
        """A stand-in detector: one line box around the crop's ink, and its word box."""
        seen.append(crop.shape[:2])
        ys, xs = np.nonzero(crop.min(axis=2) < 128)
        quad = [[xs.min(), ys.min()], [xs.max(), ys.min()], [xs.max(), ys.max()],
                [xs.min(), ys.max()]]
        return [[quad, "text", 0.9, [quad], ["text"], [0.9]]], None

    items = detect_in_bands(page, run)
    assert all(h % STRIDE == 0 and w % STRIDE == 0 for h, w in seen)
    assert [it[0][0] for it in items] == [[200.0, 100.0], [300.0, 700.0]]
    assert [it[0][2] for it in items] == [[499.0, 139.0], [399.0, 729.0]]
    assert items[1][3] == [items[1][0]]  # the word boxes move with their line


@needs_ocr
def test_a_page_reads_the_same_in_bands_as_whole() -> None:
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (1200, 1600), "white")
    font = ImageFont.load_default(size=40)
    ImageDraw.Draw(img).text((150, 200), "Total 95.40 points", fill="black", font=font)
    ImageDraw.Draw(img).text((150, 1300), "Grade A 2024", fill="black", font=font)
    rgb = np.asarray(img)
    eng = ocr._engine()

    def run(x: np.ndarray) -> object:
        return eng(x, use_cls=False, return_word_box=True)

    whole = run(padded(rgb))[0]
    banded = detect_in_bands(rgb, run)
    assert [it[1] for it in banded] == [it[1] for it in whole] == ["Total 95.40 points",
                                                                    "Grade A 2024"]
    # the same place on the page, to a few pixels (the detector sees less white around)
    assert np.abs(np.array([it[0] for it in banded]) -
                  np.array([it[0] for it in whole])).max() <= 4


@needs_ocr
def test_the_folded_models_compute_what_the_shipped_ones_do() -> None:
    import onnx
    import onnxruntime as ort

    from reportparse.ingest.ocr_fold import fold

    shipped = _shipped("det")
    model = onnx.load(str(shipped))
    before = len(model.graph.node)
    folded = fold(model)
    onnx.checker.check_model(folded)
    assert len(folded.graph.node) < 0.6 * before  # affine steps and hard-swishes folded
    x = np.random.default_rng(0).uniform(-1, 1, (1, 3, 160, 320)).astype(np.float32)
    outs = [ort.InferenceSession(m, providers=["CPUExecutionProvider"]).run(None, {"x": x})[0]
            for m in (str(shipped), folded.SerializeToString())]
    assert np.allclose(outs[0], outs[1], atol=1e-5)


@needs_ocr
def test_the_folded_model_is_cached_on_disk_or_kept_in_memory(tmp_path, monkeypatch) -> None:
    from reportparse.ingest.ocr_fold import folded_model

    det = _shipped("det")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = folded_model(det)
    assert isinstance(first, str) and Path(first).parent == tmp_path / "reportparse"
    assert folded_model(det) == first  # the second call reads the cache
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    data = folded_model(det)
    assert isinstance(data, bytes) and data == Path(first).read_bytes()


def test_a_ruling_remnant_read_as_a_bar_leaves_the_line_and_its_box() -> None:
    from reportparse.ingest.ocr import OcrChar, OcrLine, _trim_bars

    chars = (OcrChar("|", (80, 10, 82, 30)), OcrChar("一", (90, 10, 110, 30)),
             OcrChar("级", (110, 10, 130, 30)))
    line = _trim_bars(OcrLine("|一级", (78, 10, 130, 30), 0.9, chars))
    assert line.text == "一级" and line.box == (90, 10, 130, 30)
    assert [c.text for c in line.chars] == ["一", "级"]
    lone = OcrLine("|", (80, 10, 82, 30), 0.9, chars[:1])
    assert _trim_bars(lone) is lone  # a line of a bar alone is left to the caller's filter
