"""Uploaded notices kept between the parse preview and the confirmed import.

A file is stored once under ``data_dir/uploads/`` by the SHA-256 of its bytes; the preview page
carries that name (a token) and the confirmation re-reads and re-parses the same bytes, so the
server keeps no other state between the two requests.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from envplan.web.errors import BadInput, NotFound

ALLOWED_SUFFIXES = (".txt", ".docx", ".pdf")
TOKEN = re.compile(r"^[0-9a-f]{64}\.(txt|docx|pdf)$")


def upload_dir(data_dir: Path) -> Path:
    folder = data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_notice_upload(filename: str, size: int, max_bytes: int) -> str:
    """The lower-case suffix of an acceptable notice file; raises BadInput otherwise."""
    suffix = Path(filename).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise BadInput(f"{filename}: 只接受 DOCX、PDF 或 TXT 文件")
    if size == 0:
        raise BadInput(f"{filename}: 文件为空")
    if size > max_bytes:
        raise BadInput(f"{filename}: 文件过大（{size} 字节，上限 {max_bytes} 字节）", status_code=413)
    return suffix


def keep_upload(data_dir: Path, data: bytes, suffix: str) -> str:
    """Store ``data``; returns its token (``<sha256><suffix>``)."""
    token = hashlib.sha256(data).hexdigest() + suffix
    path = upload_dir(data_dir) / token
    if not path.exists():
        temporary = path.with_suffix(path.suffix + ".part")
        temporary.write_bytes(data)
        temporary.replace(path)
    return token


def read_upload(data_dir: Path, token: str) -> bytes:
    """The bytes stored under ``token``; raises NotFound for unknown or malformed tokens."""
    if not TOKEN.match(token):
        raise NotFound("上传文件标识无效")
    path = upload_dir(data_dir) / token
    if not path.exists():
        raise NotFound("上传文件已不存在，请重新上传")
    return path.read_bytes()
