""".doc / .wps / .rtf / .odt through LibreOffice: convert to .docx, then read that.

Why a converter instead of a parser: the binary Word and WPS formats are not worth
re-implementing, and LibreOffice's conversion keeps automatic numbering, merged cells and
tracked changes as .docx structures that :mod:`.docx` already reads faithfully.

The conversion runs in a private temporary folder with its own LibreOffice profile (so parallel
conversions never share a lock), in its own process group (so a timeout kills ``soffice.bin``
too, not just the launcher), and never touches the caller's files. Without ``soffice`` on PATH
(or ``REPORTPARSE_SOFFICE``) the caller gets a ``converter_missing`` error saying what to install.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import regex

from ..errors import ReportParseError
from ..models import Message, Document
from .base import new_report
from .protocol import CONVERT_TIMEOUT, ReadOptions, SourceInfo

DEFAULT_TIMEOUT = CONVERT_TIMEOUT
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_KNOWN = {".doc", ".wps", ".rtf", ".odt", ".dot", ".wpt"}


def find_soffice() -> str | None:
    """The LibreOffice executable: ``$REPORTPARSE_SOFFICE``, else ``soffice``/``libreoffice``."""
    env = os.environ.get("REPORTPARSE_SOFFICE")
    if env and Path(env).is_file():
        return env
    return shutil.which("soffice") or shutil.which("libreoffice")


#: what makes a converter fetch something: an ODF link (image, object, section) or a Word/RTF
#: field that includes a file or picture by URL or path (hyperlinks are never fetched)
_FETCH = regex.compile(
    rb"xlink:href\s*=\s*[\"'](?:https?|ftp|file|smb|webdav)s?:|"
    rb"xlink:href\s*=\s*[\"'](?:/|\\\\)|"
    rb"(?<![A-Za-z])(?:INCLUDEPICTURE|INCLUDETEXT|LINK|DDEAUTO|DDE|IMPORT)\b[^\"]{0,40}\"?\s*"
    rb"(?:https?|ftp|file|smb)s?:|"
    rb"TargetMode\s*=\s*[\"']External[\"'][^>]{0,200}?/(?:image|oleObject|subDocument|"
    rb"attachedTemplate|frame)[\"']|"
    rb"/(?:image|oleObject|subDocument|attachedTemplate|frame)[\"'][^>]{0,300}?"
    rb"TargetMode\s*=\s*[\"']External", regex.IGNORECASE)


def external_links(data: bytes) -> bool:
    """True when the document would make a converter fetch something outside itself: looked
    for in the raw bytes (RTF, .doc in 8-bit or UTF-16) and in the XML parts of a zip (.odt,
    a .docx converted for repair)."""
    if _FETCH.search(data) or _FETCH.search(data.replace(b"\x00", b"")):
        return True
    if data[:4] != b"PK\x03\x04":
        return False
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist()[:2000]:
                if info.filename.endswith((".xml", ".rels")) and info.file_size < 64 << 20:
                    with zf.open(info) as f:
                        if _FETCH.search(f.read(64 << 20)):
                            return True
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError,
            NotImplementedError):
        return False  # the converter reports the damage
    return False


def _no_network() -> list[str]:
    """A command prefix that runs the converter in a new network namespace (no interface but
    loopback, which is down), when the platform allows one; else nothing (the link check is
    then the only guard)."""
    global _NO_NET
    if _NO_NET is None:
        tool = shutil.which("unshare")
        _NO_NET = []
        if tool:
            try:
                ok = subprocess.run([tool, "--map-root-user", "--net", "true"],
                                    capture_output=True, timeout=10).returncode == 0
            except (OSError, subprocess.SubprocessError):
                ok = False
            if ok:
                _NO_NET = [tool, "--map-root-user", "--net"]
    return list(_NO_NET)


_NO_NET: list[str] | None = None


def convert_to_docx(data: bytes, path: str, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The .docx bytes LibreOffice makes of ``data`` (a .doc/.wps/… file)."""
    if external_links(data):  # a property of the document, whether or not soffice is here
        raise ReportParseError(path, "unsafe", "the document links images, objects or files "
                               "outside itself, which the converter would fetch; save it "
                               "with the content embedded (or as .docx)")
    soffice = find_soffice()
    if soffice is None:
        raise ReportParseError(path, "converter_missing",
                               "reading .doc/.wps files needs LibreOffice: install it (for example "
                               "`apt-get install libreoffice-writer` or from libreoffice.org) so "
                               "that `soffice` is on PATH, or save the file as .docx")
    if data[:8] == _OLE and _ENCRYPTED in data[:65536]:
        raise ReportParseError(path, "encrypted", "the document is password-protected")
    ext = Path(path).suffix.lower()
    if ext not in _KNOWN or (ext == ".wps" and data[:8] == _OLE):
        ext = ".doc"  # Kingsoft WPS files are Word binary documents; name them so
    with tempfile.TemporaryDirectory(prefix="reportparse-office-") as tmp:
        work = Path(tmp)
        src = work / f"input{ext}"
        src.write_bytes(data)
        out = work / "out"
        cmd = [*_no_network(), soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}",
               "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(src)]
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True, cwd=tmp)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise ReportParseError(path, "timeout", "LibreOffice did not convert the file "
                                   f"within {timeout:g} s") from None
        result = out / "input.docx"
        if proc.returncode != 0 or not result.is_file():
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise ReportParseError(path, "corrupt",
                                   f"LibreOffice could not convert the file: {detail[0]}")
        return result.read_bytes()


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.communicate()


def read(data: bytes, source: SourceInfo, options: ReadOptions) -> Document:
    """Convert with LibreOffice and read the result as .docx; ``source`` stays the original."""
    from . import docx

    path = source.path
    converted = convert_to_docx(data, path, options.convert_timeout)
    report = docx.read(converted, SourceInfo.of(converted, path, "docx"), options)
    report.source = new_report(source, "docx").source
    report.warnings.append(Message(code="converted",
                                   message=f"{Path(path).suffix or 'file'} read through a "
                                           "LibreOffice conversion to .docx"))
    return report
