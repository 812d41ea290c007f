"""The file gate: refuse what is not a plain, reasonably sized .xlsx before openpyxl touches it.

Only the zip central directory and the first bytes of each sheet are read, so that a zip bomb, an
encrypted (password-protected) file, a macro workbook or an old .xls costs nothing to refuse.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from continuum.problems import Problem
from exchange.errors import current_language, problem, say

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="(?:[A-Z]+\d+:)?[A-Z]+(\d+)"')
_SHEET_REL = re.compile(r"^xl/worksheets/[^/]+\.xml$")
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam", ".xlsb")


@dataclass(frozen=True)
class Limits:
    """What an import accepts; the upload limit of the app matches ``max_bytes``."""

    max_bytes: int = 10 * 1024 * 1024
    max_uncompressed: int = 60 * 1024 * 1024
    max_ratio: int = 200
    max_parts: int = 300
    max_rows: int = 5000

    @classmethod
    def from_settings(cls) -> "Limits":
        """The deployment's limits: ``CONTINUUM_UPLOAD_MAX_MB`` sets the file size, as it sets the app's uploads."""
        from continuum.settings import get_settings

        return cls(max_bytes=get_settings().upload_max_mb * 1024 * 1024)


def human_size(n: float) -> str:
    """``10.0 MB`` in English, ``10,0 Mo`` in French (the language of the import's problems)."""
    for unit in ("bytes", "kb", "mb", "gb"):
        if n < 1024 or unit == "gb":
            text = f"{n:.0f}" if unit == "bytes" else f"{n:.1f}"
            if current_language() == "fr":
                text = text.replace(".", ",")
            return f"{text} {say(unit)}"
        n /= 1024
    return str(n)


def check_file(data: bytes, filename: str, limits: Limits = Limits()) -> list[Problem]:
    """Every reason to refuse the file before parsing it ([] when it may be opened)."""
    where = filename or "file"
    if len(data) > limits.max_bytes:
        return [problem("file-too-large", where, found=human_size(len(data)), expected=human_size(limits.max_bytes))]
    if filename.lower().endswith(MACRO_SUFFIXES):
        return [problem("file-macro-enabled", where, found=filename.rsplit(".", 1)[-1])]
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTION_STREAM in data:
            return [problem("file-encrypted", where, found=say("encrypted_office"))]
        return [problem("file-not-xlsx", where, found=say("old_xls"))]
    if not data.startswith(ZIP_MAGIC):
        return [problem("file-not-xlsx", where, found=_describe(data))]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        return [problem("file-not-xlsx", where, found=say("damaged_zip", reason=error))]
    with archive:
        return _check_archive(archive, infos, where, limits)


def _check_archive(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], where: str,
                   limits: Limits) -> list[Problem]:
    names = {info.filename for info in infos}
    if len(infos) > limits.max_parts:
        return [problem("file-too-many-parts", where, found=len(infos), expected=limits.max_parts)]
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        return [problem("file-not-xlsx", where, found=say("zip_not_excel"))]
    if any(info.flag_bits & 0x1 for info in infos):
        return [problem("file-encrypted", where, found=say("encrypted_parts"))]
    if "xl/vbaProject.bin" in names or any(n.lower().endswith(".bin") and "vba" in n.lower() for n in names):
        return [problem("file-macro-enabled", where, found="xl/vbaProject.bin")]
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed:
        return [problem("file-uncompressed-too-large", where, found=human_size(total),
                        expected=human_size(limits.max_uncompressed))]
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > limits.max_ratio:
            return [problem("file-zip-bomb", where, found=info.filename, ratio=round(ratio),
                            expected=limits.max_ratio)]
    content_types = archive.read("[Content_Types].xml")
    if b"macroEnabled" in content_types:
        return [problem("file-macro-enabled", where, found=say("macro_content_type"))]
    return _check_rows(archive, infos, where, limits)


def _check_rows(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], where: str, limits: Limits) -> list[Problem]:
    """The row count each sheet declares in its first bytes (``<dimension ref="A1:K5000"/>``)."""
    out = []
    for info in infos:
        if not _SHEET_REL.match(info.filename):
            continue
        with archive.open(info) as stream:
            head = stream.read(4096)
        match = _DIMENSION.search(head)
        if match and int(match.group(1)) > limits.max_rows:
            out.append(problem("file-too-many-rows", where, found=int(match.group(1)), expected=limits.max_rows,
                               sheet=info.filename.rsplit("/", 1)[-1]))
    return out


def _describe(data: bytes) -> str:
    head = data[:64].lstrip()
    if head[:5].lower() in (b"<?xml", b"<html", b"<!doc"):
        return say("xml_or_html")
    if b"\x00" not in head and head:
        return say("text_file")
    return say("unknown_format") if data else say("empty_file")
