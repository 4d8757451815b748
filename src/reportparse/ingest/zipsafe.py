"""Safe access to zip containers (.docx, .zip archives) and the XML inside them.

A .docx is a zip of XML written by whoever sent it. Before any parser sees a byte:

* the container must be a readable zip (else ``corrupt``);
* member count, each member's declared size, the total, and the compression ratio of large
  members are bounded by :class:`~reportparse.limits.Limits` (zip bombs → ``unsafe``/``too_large``);
* reading a member is capped while streaming, so a lying header cannot inflate past the limit;
* XML with a DOCTYPE is refused (``unsafe``): Word never writes one, and a DTD is how entity
  expansion ("billion laughs") and external entities (XXE) get in. Parsers are built with
  entity resolution, DTD loading and network access off.

Nothing is ever extracted to disk.
"""

from __future__ import annotations

import io
import zipfile

import regex
from lxml import etree

from ..errors import ReportParseError
from ..limits import DEFAULT_LIMITS, Limits

_DOCTYPE = regex.compile(rb"<!\s*+(?:DOCTYPE|ENTITY)", regex.IGNORECASE)
RATIO_CHECK_ABOVE = 1 << 20  # small members may compress very well legitimately
LIBXML2_MAX_DEPTH = 256


def open_zip(data: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> zipfile.ZipFile:
    """A validated ZipFile over ``data`` (in memory)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError) as e:  # NotImplementedError: "zip file version 6.4"
        raise ReportParseError(path, "corrupt", f"not a readable zip container ({e})") from None
    if len(infos) > limits.max_zip_members:
        raise ReportParseError(path, "unsafe", f"zip has {len(infos)} members, over the "
                               f"{limits.max_zip_members} limit")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > limits.max_zip_uncompressed or total > limits.max_zip_uncompressed:
            raise ReportParseError(path, "too_large",
                                   f"zip member {info.filename!r} would inflate past the "
                                   f"{limits.max_zip_uncompressed:,}-byte limit")
        if info.file_size > RATIO_CHECK_ABOVE:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_zip_ratio:
                raise ReportParseError(path, "unsafe",
                                       f"zip member {info.filename!r} has a {ratio:.0f}:1 "
                                       f"compression ratio (zip bomb?), over "
                                       f"{limits.max_zip_ratio}:1")
    return zf


def read_member(zf: zipfile.ZipFile, name: str, path: str,
                limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A member's bytes, streamed with a hard cap (headers can lie)."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise ReportParseError(path, "corrupt", f"zip has no {name}") from None
    cap = min(info.file_size, limits.max_zip_uncompressed)
    try:
        with zf.open(info) as fh:
            out = fh.read(cap + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as e:
        raise ReportParseError(path, "corrupt", f"cannot read {name} ({e})") from None
    if len(out) > cap:
        raise ReportParseError(path, "unsafe", f"{name} inflates past its declared size")
    return out


def safe_parser(**kw: object) -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, **kw)  # type: ignore[arg-type]


def _as_utf8(data: bytes) -> bytes:
    """The part in UTF-8 when it is UTF-16/32 (a DTD must not hide behind an encoding)."""
    head = data[:4]
    for bom, codec in ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
                       (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return data.decode(codec, "ignore").encode("utf-8")
    if b"\x00" in head:  # no BOM: "<" of a UTF-16/32 declaration next to NULs
        wide = {0: "utf-32-be", 3: "utf-32-le"}.get(head.index(b"<") if b"<" in head else -1)
        if wide is None or head.count(b"\x00") < 3:
            wide = "utf-16-be" if head[:1] == b"\x00" else "utf-16-le"
        return data.decode(wide, "ignore").encode("utf-8")
    return data


def _unsafe(name: str, path: str) -> ReportParseError:
    return ReportParseError(path, "unsafe", f"{name} declares a DTD/entities (possible XXE or "
                            "entity expansion); Word documents never do")


def check_xml(data: bytes, name: str, path: str) -> None:
    """Refuse XML carrying a DTD or entity declarations (billion laughs, XXE) — anywhere in
    the part (a long comment before it must not hide it) and in any encoding."""
    if _DOCTYPE.search(_as_utf8(data)):
        raise _unsafe(name, path)


def parse_xml(data: bytes, name: str, path: str, limits: Limits = DEFAULT_LIMITS) -> etree._Element:
    """Parse one XML part safely, with a depth and a size bound."""
    if len(data) > limits.max_xml_bytes:
        raise ReportParseError(path, "too_large", f"{name} is {len(data):,} bytes of XML, over "
                               f"the {limits.max_xml_bytes:,}-byte limit (Limits.max_xml_bytes)")
    check_xml(data, name, path)
    try:
        root = etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as e:
        if "depth" in str(e).lower():  # libxml2: "Excessive depth in document: 256"
            raise ReportParseError(path, "too_large", f"{name} nests deeper than the XML "
                                   f"parser allows ({e})") from None
        raise ReportParseError(path, "corrupt", f"{name} is not well-formed XML ({e})") from None
    if root.getroottree().docinfo.doctype:  # an encoding the byte check did not know
        raise _unsafe(name, path)
    # libxml2 itself refuses documents deeper than 256 (huge_tree is off); walk only for a
    # stricter configured bound
    if limits.max_xml_depth < LIBXML2_MAX_DEPTH and _depth(root, limits.max_xml_depth) > \
            limits.max_xml_depth:
        raise ReportParseError(path, "too_large", f"{name} nests deeper than "
                               f"{limits.max_xml_depth} levels")
    return root


def _depth(root: etree._Element, cap: int) -> int:
    deepest = 0
    stack = [(root, 1)]
    while stack:
        el, d = stack.pop()
        if d > deepest:
            deepest = d
            if deepest > cap:
                return deepest
        stack.extend((c, d + 1) for c in el)
    return deepest
