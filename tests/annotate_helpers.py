"""Read annotations back from annotated files, independently of the annotator: Word comment
ranges with lxml, PDF highlight annotations with pdfium's raw API."""

from __future__ import annotations

import ctypes
import io
import zipfile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_part(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def docx_anchored(data: bytes) -> dict[str, str]:
    """Comment id → the text between its commentRangeStart and commentRangeEnd (paragraphs
    joined with a newline), in document order."""
    root = docx_part(data, "word/document.xml")
    open_ids: list[str] = []
    out: dict[str, str] = {}
    for el in root.iter():
        if el.tag == W + "commentRangeStart":
            open_ids.append(el.get(W + "id"))
            out[el.get(W + "id")] = ""
        elif el.tag == W + "commentRangeEnd":
            open_ids.remove(el.get(W + "id"))
        elif el.tag == W + "p":
            for i in open_ids:
                if out[i]:
                    out[i] += "\n"
        elif el.tag == W + "t":
            for i in open_ids:
                out[i] += el.text or ""
    return out


def docx_comments(data: bytes) -> dict[str, dict[str, str]]:
    """Comment id → author, initials, date and text (paragraphs joined with a newline)."""
    root = docx_part(data, "word/comments.xml")
    out = {}
    for c in root.iter(W + "comment"):
        text = "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in c.iter(W + "p"))
        out[c.get(W + "id")] = {"author": c.get(W + "author"), "initials": c.get(W + "initials"),
                                "date": c.get(W + "date"), "text": text}
    return out


def pdf_annotations(data: bytes) -> list[dict]:
    """Every reportparse highlight annotation (in the order written: by its ``NM`` name
    ``reportparse-N``): page, Contents, and the text of the glyphs whose centres lie inside its
    quad points."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(data)
    out = []
    try:
        for pi in range(len(pdf)):
            page = pdf[pi]
            tp = page.get_textpage()
            glyphs, seen = [], set()
            for i in range(tp.count_chars()):
                ch, box = tp.get_text_range(i, 1), tp.get_charbox(i, loose=True)
                if (ch, round(box[0]), round(box[1])) not in seen:  # overprinted (fake bold)
                    seen.add((ch, round(box[0]), round(box[1])))
                    glyphs.append((ch, box))
            for k in range(raw.FPDFPage_GetAnnotCount(page.raw)):
                annot = raw.FPDFPage_GetAnnot(page.raw, k)
                try:
                    if raw.FPDFAnnot_GetSubtype(annot) != raw.FPDF_ANNOT_HIGHLIGHT:
                        continue
                    if _string(raw, annot, "T") != "reportparse":
                        continue
                    quads = []
                    for q in range(raw.FPDFAnnot_CountAttachmentPoints(annot)):
                        qp = raw.FS_QUADPOINTSF()
                        raw.FPDFAnnot_GetAttachmentPoints(annot, q, ctypes.byref(qp))
                        quads.append((min(qp.x1, qp.x3), min(qp.y3, qp.y4),
                                      max(qp.x2, qp.x4), max(qp.y1, qp.y2)))
                    text = "".join(ch for ch, (x0, b, r, t) in glyphs if ch.strip() and any(
                        ql <= (x0 + r) / 2 <= qr and qb <= (b + t) / 2 <= qt
                        for ql, qb, qr, qt in quads))
                    out.append({"page": pi + 1, "name": _string(raw, annot, "NM"),
                                "contents": _string(raw, annot, "Contents"),
                                "text": text, "quads": quads})
                finally:
                    raw.FPDFPage_CloseAnnot(annot)
            tp.close()
            page.close()
    finally:
        pdf.close()
    return sorted(out, key=lambda a: int(a["name"].rpartition("-")[2] or 0))


def _string(raw, annot, key: str) -> str:
    n = raw.FPDFAnnot_GetStringValue(annot, key.encode(), None, 0)
    buf = ctypes.create_string_buffer(n)
    raw.FPDFAnnot_GetStringValue(annot, key.encode(),
                                 ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)), n)
    return buf.raw.decode("utf-16-le").rstrip("\0")


def pdf_set_text(data: bytes, page_no: int, bbox: tuple[float, float, float, float],
                 old: str, new: str) -> bytes:
    """A copy of a PDF where the text object reading ``old`` inside ``bbox`` (model
    coordinates: x0, top, x1, bottom from the page's top-left) reads ``new``: how the tests
    inject an inconsistency into a rendered report without LibreOffice."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(data)
    page = pdf[page_no - 1]
    left, _, _, top = page.get_mediabox()
    x0, t, x1, b = bbox
    tp = page.get_textpage()
    try:
        for obj in page.get_objects():
            if obj.type != raw.FPDF_PAGEOBJ_TEXT:
                continue
            n = raw.FPDFTextObj_GetText(obj.raw, tp.raw, None, 0)
            buf = ctypes.create_string_buffer(n * 2)
            raw.FPDFTextObj_GetText(obj.raw, tp.raw,
                                    ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)), n)
            if buf.raw.decode("utf-16-le").rstrip("\0").strip() != old:
                continue
            ol, ob, orr, ot = obj.get_bounds()
            cx, cy = (ol + orr) / 2 - left, top - (ob + ot) / 2
            if not (x0 <= cx <= x1 and t <= cy <= b):
                continue
            w = ctypes.create_string_buffer(new.encode("utf-16-le") + b"\0\0")
            assert raw.FPDFText_SetText(obj.raw, ctypes.cast(w, ctypes.POINTER(ctypes.c_ushort)))
            assert raw.FPDFPage_GenerateContent(page.raw)
            out = io.BytesIO()
            pdf.save(out)
            return out.getvalue()
        raise LookupError(f"no text object {old!r} in the box on page {page_no}")
    finally:
        tp.close()
        page.close()
        pdf.close()
