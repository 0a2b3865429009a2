"""Plan documents: readers (TXT, DOCX, PDF), text normalisation, structure and clause parsers.

The entry points are :func:`parse_text`, :func:`parse_file` and :func:`parse_bytes`; they return
a :class:`~envplan.documents.model.ParsedNotice`.
"""

from envplan.documents.model import ParsedNotice
from envplan.documents.parser import DocumentError, parse_bytes, parse_file, parse_source, parse_text

__all__ = ["DocumentError", "ParsedNotice", "parse_bytes", "parse_file", "parse_source", "parse_text"]
