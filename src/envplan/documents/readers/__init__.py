"""Readers of plan notices: TXT (UTF-8, UTF-16, GB18030/GBK), DOCX (with Word list numbering), PDF.

``read_document(path)`` and ``read_bytes(data, name)`` sniff the content (then the extension) and
return a :class:`SourceText`; anything unreadable raises :class:`DocumentError` with a one-line message.
"""

from __future__ import annotations

from envplan.documents.readers.base import DocumentError, SourceText
from envplan.documents.readers.dispatch import read_bytes, read_document, sniff_format

__all__ = ["DocumentError", "SourceText", "read_bytes", "read_document", "sniff_format"]
