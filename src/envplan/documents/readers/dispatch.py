"""Choose the reader from the file's content (magic bytes) and, failing that, its extension."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from envplan.documents.readers.base import DocumentError, SourceText
from envplan.documents.readers.docx_reader import read_docx_bytes
from envplan.documents.readers.pdf_reader import read_pdf_bytes
from envplan.documents.readers.txt_reader import read_txt_bytes

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls / .wps


def sniff_format(data: bytes, name: str) -> str:
    """``pdf``, ``docx`` or ``txt``; raises :class:`DocumentError` for other known binary formats."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data, name)
    if data.startswith(_OLE_MAGIC):
        raise DocumentError(name, "is a legacy Word/WPS .doc file; save it as .docx or PDF and try again")
    suffix = Path(name).suffix.lower()
    if suffix == ".pdf":
        raise DocumentError(name, "has a .pdf name but is not a PDF file")
    if suffix == ".docx":
        raise DocumentError(name, "has a .docx name but is not a Word .docx file")
    return "txt"


def _zip_kind(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = set(archive.namelist())
    except zipfile.BadZipFile as error:
        raise DocumentError(name, f"is a damaged ZIP/.docx file ({error})") from error
    if "word/document.xml" in members:
        return "docx"
    raise DocumentError(name, "is a ZIP archive but not a Word .docx document")


def read_bytes(data: bytes, name: str) -> SourceText:
    """Read a notice from memory (standard input, a web upload); ``name`` is used in messages."""
    kind = sniff_format(data, name)
    if kind == "pdf":
        return read_pdf_bytes(data, name)
    if kind == "docx":
        return read_docx_bytes(data, name)
    return read_txt_bytes(data, name)


def read_document(path: str | Path) -> SourceText:
    """Read a notice file (TXT, DOCX or PDF, told apart by content) into a :class:`SourceText`."""
    path = Path(path)
    if path.is_dir():
        raise DocumentError(str(path), "is a directory, not a file")
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise DocumentError(str(path), "no such file") from error
    except OSError as error:
        raise DocumentError(str(path), f"cannot be read ({error.strerror or error})") from error
    return read_bytes(data, str(path))
