"""Build minimal .docx packages from WordprocessingML fragments, for readable tests.

A test writes only the XML it is about (``<w:p>…</w:p>``); this module wraps it in a valid
package: content types, relationships, and optional numbering/styles/notes/header/footer parts.
"""

from __future__ import annotations

import io
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W_NS}" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def p(text: str, ppr: str = "") -> str:
    """A paragraph with one run of text (and optional ``w:pPr`` content)."""
    props = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return f'<w:p>{props}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def numbered(text: str, num_id: int, ilvl: int = 0, extra_ppr: str = "") -> str:
    return p(text, f'{extra_ppr}<w:numPr><w:ilvl w:val="{ilvl}"/>'
                   f'<w:numId w:val="{num_id}"/></w:numPr>')


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>')


def numbering(abstracts: dict[int, str], nums: dict[int, tuple[int, str]]) -> str:
    """``abstracts``: {abstractNumId: levels xml}; ``nums``: {numId: (abstractNumId, overrides)}."""
    a = "".join(f'<w:abstractNum w:abstractNumId="{k}">{v}</w:abstractNum>'
                for k, v in abstracts.items())
    n = "".join(f'<w:num w:numId="{k}"><w:abstractNumId w:val="{aid}"/>{ov}</w:num>'
                for k, (aid, ov) in nums.items())
    return f"<w:numbering {NS}>{a}{n}</w:numbering>"


def style(style_id: str, name: str, ppr: str = "", based_on: str | None = None) -> str:
    b = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>{b}'
            f'{f"<w:pPr>{ppr}</w:pPr>" if ppr else ""}</w:style>')


def make_docx(body: str, *, numbering_xml: str | None = None, styles: str = "",
              footnotes: str | None = None, endnotes: str | None = None,
              header: str | None = None, footer: str | None = None) -> bytes:
    parts: dict[str, str] = {}
    rels = []
    overrides = []

    def add(name: str, rel: str, ctype: str, xml: str) -> None:
        parts[f"word/{name}"] = xml
        rels.append(f'<Relationship Id="rId{len(rels) + 1}" Type="{RT}{rel}" Target="{name}"/>')
        overrides.append(f'<Override PartName="/word/{name}" ContentType="application/'
                         f'vnd.openxmlformats-officedocument.wordprocessingml.{ctype}+xml"/>')

    add("styles.xml", "styles", "styles",
        f'<w:styles {NS}><w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
        f'<w:name w:val="Normal"/></w:style>{styles}</w:styles>')
    if numbering_xml:
        add("numbering.xml", "numbering", "numbering", numbering_xml)
    if footnotes is not None:
        add("footnotes.xml", "footnotes", "footnotes",
            f"<w:footnotes {NS}>{footnotes}</w:footnotes>")
    if endnotes is not None:
        add("endnotes.xml", "endnotes", "endnotes", f"<w:endnotes {NS}>{endnotes}</w:endnotes>")
    if header is not None:
        add("header1.xml", "header", "header", f"<w:hdr {NS}>{header}</w:hdr>")
    if footer is not None:
        add("footer1.xml", "footer", "footer", f"<w:ftr {NS}>{footer}</w:ftr>")
    parts["word/document.xml"] = f"<w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>"
    parts["word/_rels/document.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels) + "</Relationships>")
    parts["_rels/.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RT}officeDocument" Target="word/document.xml"/>'
        "</Relationships>")
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.document.main+xml"/>' + "".join(overrides) + "</Types>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in parts.items():
            z.writestr(name, xml)
    return buf.getvalue()


def table(rows: list[str], grid: int) -> str:
    """A ``w:tbl`` with ``grid`` grid columns and the given ``<w:tr>`` contents."""
    cols = "".join('<w:gridCol w:w="1000"/>' for _ in range(grid))
    trs = "".join(f"<w:tr>{r}</w:tr>" for r in rows)
    return f"<w:tbl><w:tblGrid>{cols}</w:tblGrid>{trs}</w:tbl>"


def tc(text: str, tcpr: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{tcpr}</w:tcPr>' if tcpr else ''}{p(text)}</w:tc>"
