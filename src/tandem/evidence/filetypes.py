"""Checking what an uploaded file really is, from its first bytes ("magic bytes").

The allowed types are data (``AllowedFileType``); what each MIME type's contents must look like is
code, here. A type in the table with no check here is refused, so adding a row cannot open a hole.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable
from typing import IO

HEAD_BYTES = 64 * 1024

# Programs and scripts are refused whatever their name says.
_EXECUTABLE_PREFIXES: tuple[bytes, ...] = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce",  # Mach-O 32
    b"\xfe\xed\xfa\xcf",  # Mach-O 64
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
    b"#!",  # scripts
    b"\x00asm",  # WebAssembly
)


def is_executable(head: bytes) -> bool:
    return head.startswith(_EXECUTABLE_PREFIXES)


def _ftyp_brand(head: bytes) -> bytes | None:
    """The major brand of an ISO base media file (HEIC, M4A, MP4), or None."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return head[8:12]
    return None


def _is_pdf(head: bytes, _file: IO[bytes]) -> bool:
    return head.startswith(b"%PDF-")


def _is_jpeg(head: bytes, _file: IO[bytes]) -> bool:
    return head.startswith(b"\xff\xd8\xff")


def _is_png(head: bytes, _file: IO[bytes]) -> bool:
    return head.startswith(b"\x89PNG\r\n\x1a\n")


def _is_heic(head: bytes, _file: IO[bytes]) -> bool:
    return _ftyp_brand(head) in {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1"}


def _is_mp3(head: bytes, _file: IO[bytes]) -> bool:
    if head.startswith(b"ID3"):
        return True
    return len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0


def _is_m4a(head: bytes, _file: IO[bytes]) -> bool:
    return _ftyp_brand(head) in {b"M4A ", b"M4B ", b"mp42", b"isom"}


def _is_mp4(head: bytes, _file: IO[bytes]) -> bool:
    return _ftyp_brand(head) in {b"mp41", b"mp42", b"isom", b"avc1", b"qt  "}


def _zip_names(file: IO[bytes]) -> set[str]:
    """The member names of a ZIP archive (reads the directory only, never decompresses)."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()
    finally:
        file.seek(0)


def _is_docx(head: bytes, file: IO[bytes]) -> bool:
    if not head.startswith(b"PK\x03\x04"):
        return False
    names = _zip_names(file)
    return "[Content_Types].xml" in names and "word/document.xml" in names


def _is_odt(head: bytes, _file: IO[bytes]) -> bool:
    # OpenDocument: the first member is an uncompressed "mimetype" file holding the type.
    return (
        head.startswith(b"PK\x03\x04")
        and head[30:38] == b"mimetype"
        and head[38:77] == b"application/vnd.oasis.opendocument.text"
    )


def _is_text(head: bytes, _file: IO[bytes]) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A character cut at the end of the sample is fine; anything else is not UTF-8.
        if error.start < len(head) - 3:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


CHECKS: dict[str, Callable[[bytes, IO[bytes]], bool]] = {
    "application/pdf": _is_pdf,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _is_docx,
    "application/vnd.oasis.opendocument.text": _is_odt,
    "text/plain": _is_text,
    "image/jpeg": _is_jpeg,
    "image/png": _is_png,
    "image/heic": _is_heic,
    "audio/mpeg": _is_mp3,
    "audio/mp4": _is_m4a,
    "video/mp4": _is_mp4,
}


def contents_match(content_type: str, head: bytes, file: IO[bytes]) -> bool:
    """Whether the file's contents are of ``content_type`` (False for a type we cannot check)."""
    check = CHECKS.get(content_type)
    return check is not None and check(head, file)


def extension_of(filename: str) -> str:
    _, dot, extension = filename.rpartition(".")
    return extension.lower() if dot else ""


_UNSAFE = re.compile(r"[^\w .()+-]+")


def sanitise_filename(filename: str, *, max_length: int = 200) -> str:
    """A display name safe to store and to send back in ``Content-Disposition``: no folders,
    no control or path characters, no leading dots, at most ``max_length`` characters."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFKC", name)
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" .")
    name = re.sub(r"\s+", " ", name)
    if len(name) > max_length:
        stem, dot, extension = name.rpartition(".")
        if dot and len(extension) <= 10:
            name = stem[: max_length - len(extension) - 1] + "." + extension
        else:
            name = name[:max_length]
    return name or "file"
