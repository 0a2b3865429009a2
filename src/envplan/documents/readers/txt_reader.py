"""Plain-text notices: UTF-8 (BOM or not), UTF-16/32 with BOM, GB18030/GBK, or a detected encoding."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from envplan.documents.readers.base import DocumentError, SourceText

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Bytes that never occur in a text file, whatever its (non-UTF-16/32) encoding.
# C0 controls except TAB, LF, FF, CR, SUB (DOS end-of-file) and ESC.
_BINARY_CONTROLS = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1A, 0x1B}
_MAX_CONTROL_SHARE = 0.001  # of the bytes sniffed
_SNIFF_BYTES = 8192
_MAX_BROKEN_UTF8 = 3  # invalid sequences tolerated in a UTF-8 file (a cut last character, a stray byte)


def read_txt_bytes(data: bytes, source: str) -> SourceText:
    """Decode a text notice; raise :class:`DocumentError` for empty, binary or undecodable bytes."""
    if not data.strip():
        raise DocumentError(source, "the file is empty")
    text, encoding, warnings = _decode(data, source)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise DocumentError(source, "the file contains no text")
    return SourceText(text=text, source=source, format="txt", warnings=warnings, encoding=encoding)


def _decode(data: bytes, source: str) -> tuple[str, str, list[str]]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, []
            except UnicodeDecodeError as error:
                raise DocumentError(
                    source, f"starts with a {encoding} BOM but is not valid {encoding}"
                ) from error
    if _looks_binary(data):
        raise DocumentError(source, "is a binary file, not a text notice")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    damaged = _nearly_utf8(data)
    if damaged is not None:
        return damaged
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return _detect(data, source)
    return (text, "gb18030", []) if _plausible_chinese(text) else _detect(data, source)


def _nearly_utf8(data: bytes) -> tuple[str, str, list[str]] | None:
    """UTF-8 with a few broken bytes (a file cut mid-character, a stray byte): keep it, say so.

    Text in another encoding breaks UTF-8 everywhere, so only a handful of errors qualifies."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if broken > _MAX_BROKEN_UTF8 or broken > len(text) * 0.01:
        return None
    return text, "utf-8", [f"{broken} 处无效的 UTF-8 字节已替换为 \ufffd，请核对文本"]


def _looks_binary(data: bytes) -> bool:
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte in _BINARY_CONTROLS)
    return controls > max(1, len(head) * _MAX_CONTROL_SHARE)


def _plausible_chinese(text: str) -> bool:
    """GB18030 decodes most byte soups; accept it only when the result is mostly CJK, ASCII or punctuation."""
    usual = sum(
        1
        for ch in text
        if ch.isascii()
        or "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
    )
    return usual >= 0.97 * len(text)


def _detect(data: bytes, source: str) -> tuple[str, str, list[str]]:
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DocumentError(source, "unknown text encoding (not UTF-8, UTF-16 or GB18030/GBK)")
    text = str(best)
    if not _plausible_chinese(text) and best.chaos > 0.2:
        raise DocumentError(source, "unknown text encoding (not UTF-8, UTF-16 or GB18030/GBK)")
    return text, best.encoding, [f"文本编码推断为 {best.encoding}，请核对文本"]
