"""TXT reader: encodings detected from real bytes, empty/binary/undecodable files refused in one line."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envplan.documents.readers import DocumentError, read_bytes, read_document

NOTICE = (
    "清河县人民政府办公室\r\n关于印发清河县2023年水环境质量再提升行动计划的通知\r\n"
    "（县水利局牵头，县生态环境局配合）\r\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (NOTICE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + NOTICE.encode("utf-8"), "utf-8-sig"),
        (NOTICE.encode("utf-16"), "utf-16"),  # Python writes the BOM
        (codecs.BOM_UTF16_BE + NOTICE.encode("utf-16-be"), "utf-16"),
        (NOTICE.encode("gbk"), "gb18030"),
        (NOTICE.encode("gb18030"), "gb18030"),
    ],
)
def test_encodings_are_detected(data: bytes, encoding: str) -> None:
    source = read_bytes(data, "notice.txt")
    assert source.text == NOTICE.replace("\r\n", "\n")
    assert source.encoding == encoding
    assert source.format == "txt"
    assert source.tables == []


def test_gbk_bytes_are_not_taken_for_utf8() -> None:
    data = "（责任单位：县发改局、工信局）".encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert read_bytes(data, "x.txt").text == "（责任单位：县发改局、工信局）"


def test_gb18030_only_characters_survive() -> None:
    text = "㙍村污水处理站（县住建局负责）\n"  # 㙍 is outside GBK, inside GB18030
    assert read_bytes(text.encode("gb18030"), "x.txt").text == text


def test_read_document_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "通知.txt"
    path.write_bytes(NOTICE.encode("gbk"))
    source = read_document(path)
    assert source.source == str(path)
    assert "县水利局牵头" in source.text


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b"  \r\n\t\n", "empty"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "BOM"),
    ],
)
def test_bad_text_files_raise_one_line_errors(data: bytes, problem: str) -> None:
    with pytest.raises(DocumentError) as caught:
        read_bytes(data, "bad.txt")
    message = str(caught.value)
    assert message.startswith("bad.txt: ")
    assert problem in message
    assert "\n" not in message


def test_unknown_encoding_is_refused() -> None:
    # Byte soup with no NULs: invalid as UTF-8 and not plausibly Chinese text in GB18030.
    data = bytes([0x81, 0x30, 0xFE, 0x7F, 0xC0, 0x80, 0xFF, 0xFE, 0x90, 0x91] * 40)
    with pytest.raises(DocumentError, match="unknown text encoding"):
        read_bytes(data, "soup.txt")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no such file"):
        read_document(tmp_path / "absent.txt")
    with pytest.raises(DocumentError, match="directory"):
        read_document(tmp_path)


@pytest.mark.parametrize(
    ("data", "name", "problem"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc", "legacy"),
        (b"plain words", "fake.pdf", "not a PDF"),
        (b"plain words", "fake.docx", "not a Word"),
        (b"PK\x03\x04 broken", "broken.docx", "damaged"),
    ],
)
def test_content_sniffing_refuses_other_formats(data: bytes, name: str, problem: str) -> None:
    with pytest.raises(DocumentError, match=problem):
        read_bytes(data, name)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_seed_notice_round_trips_through_its_encodings(encoding: str) -> None:
    from support import seed_path

    original = seed_path("004_4a1c0cf63212e619.txt").read_text(encoding="utf-8")
    # GBK lacks a few characters of the seed (e.g. subscript ₂); they are left out for that case.
    text = "".join(ch for ch in original if ch.encode(encoding, errors="ignore"))
    assert len(text) > 0.99 * len(original)
    assert read_bytes(text.encode(encoding), "seed.txt").text == text.replace("\r\n", "\n")


def test_big5_is_detected_with_a_warning() -> None:
    text = "臺灣省環境保護局關於印發水污染防治行動計畫的通知（縣水利局負責）\n" * 3
    source = read_bytes(text.encode("big5"), "big5.txt")
    assert source.text == text
    assert source.encoding == "big5"
    assert source.warnings == ["文本编码推断为 big5，请核对文本"]


@settings(max_examples=300, deadline=None)
@given(
    prefix=st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", codecs.BOM_UTF8, codecs.BOM_UTF16_LE]),
    body=st.binary(max_size=2000),
)
def test_arbitrary_bytes_never_raise_anything_but_document_error(prefix: bytes, body: bytes) -> None:
    try:
        source = read_bytes(prefix + body, "fuzz.bin")
    except DocumentError as error:
        assert "\n" not in str(error)
        assert str(error).startswith("fuzz.bin: ")
    else:
        assert source.text.strip()


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_any_utf8_text_reads_back(text: str) -> None:
    data = text.encode("utf-8")
    try:
        source = read_bytes(data, "t.txt")
    except DocumentError:
        return  # empty after stripping, or control characters that make it binary
    expected = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    assert source.text == expected


def test_utf8_cut_mid_character_is_kept_with_a_warning() -> None:
    text = "3.严格建设用地准入管理。（县自然资源局负责）" * 20
    data = text.encode("utf-8")[:-1]  # the last character's final byte is missing
    source = read_bytes(data, "cut.txt")
    assert source.encoding == "utf-8"
    assert source.text == text[:-1] + "\ufffd"
    assert source.warnings == ["1 处无效的 UTF-8 字节已替换为 \ufffd，请核对文本"]


def test_gbk_is_not_mistaken_for_damaged_utf8() -> None:
    text = "（县生态环境局、县工业和信息化局按职责分工负责）" * 5
    assert read_bytes(text.encode("gbk"), "g.txt").encoding == "gb18030"
