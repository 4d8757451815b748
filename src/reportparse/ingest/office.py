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

from ..errors import ReportParseError
from ..models import Message, Report
from . import new_report

DEFAULT_TIMEOUT = 120.0
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_KNOWN = {".doc", ".wps", ".rtf", ".odt", ".dot", ".wpt"}


def find_soffice() -> str | None:
    """The LibreOffice executable: ``$REPORTPARSE_SOFFICE``, else ``soffice``/``libreoffice``."""
    env = os.environ.get("REPORTPARSE_SOFFICE")
    if env and Path(env).is_file():
        return env
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, path: str, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The .docx bytes LibreOffice makes of ``data`` (a .doc/.wps/… file)."""
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
        cmd = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}",
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


def read(data: bytes, path: str, **options: object) -> Report:
    """Convert with LibreOffice and read the result as .docx; ``source`` stays the original."""
    from . import docx

    timeout = float(options.get("timeout", DEFAULT_TIMEOUT))  # type: ignore[arg-type]
    report = docx.read(convert_to_docx(data, path, timeout), path)
    report.source = new_report(path, data, "docx").source
    report.warnings.append(Message(code="converted",
                                   message=f"{Path(path).suffix or 'file'} read through a "
                                           "LibreOffice conversion to .docx"))
    return report
