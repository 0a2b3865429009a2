"""Uploads: notices kept between the parse preview and the confirmed import, and evidence files.

A notice is stored once under ``data_dir/uploads/`` by the SHA-256 of its bytes; the preview page
carries that name (a token) and the confirmation re-reads and re-parses the same bytes, so the
server keeps no other state between the two requests.

Evidence (佐证材料) is accepted only in the formats of :data:`EVIDENCE_TYPES` (checked by suffix AND
by the file's first bytes, so an HTML page renamed ``.pdf`` is refused), at most
:data:`MAX_EVIDENCE_FILES` per report and ``upload_max_bytes`` each, the same for the form and the
API (:func:`read_evidence`); it is served back only as a download (:func:`evidence_response`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path, PurePath
from urllib.parse import quote

from fastapi.responses import FileResponse
from starlette.datastructures import UploadFile

from envplan.ledger.models import EvidenceFile
from envplan.ledger.services.progress import EvidenceUpload
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


# ─── evidence ────────────────────────────────────────────────────────────────────────────────────

ZIP = (b"PK\x03\x04",)  # OOXML, OFD and ZIP containers
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # legacy Office and WPS documents
TEXT = ()  # no signature: checked by decoding instead
EVIDENCE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".ofd": ("application/ofd", ZIP),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    ".doc": ("application/msword", OLE),
    ".xls": ("application/vnd.ms-excel", OLE),
    ".ppt": ("application/vnd.ms-powerpoint", OLE),
    ".wps": ("application/vnd.ms-works", OLE + ZIP),
    ".et": ("application/vnd.ms-excel", OLE + ZIP),
    ".zip": ("application/zip", ZIP),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".bmp": ("image/bmp", (b"BM",)),
    ".tif": ("image/tiff", (b"II*\x00", b"MM\x00*")),
    ".tiff": ("image/tiff", (b"II*\x00", b"MM\x00*")),
    ".txt": ("text/plain", TEXT),
    ".csv": ("text/csv", TEXT),
}
MAX_EVIDENCE_FILES = 10  # per report
EVIDENCE_CSP = "default-src 'none'; sandbox"  # should a browser render it anyway: no script, no fetch


def _suffix(filename: str) -> str:
    return PurePath(filename.replace("\\", "/")).suffix.lower()


def _is_text(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            content.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def check_evidence_upload(filename: str, content: bytes, max_bytes: int) -> str:
    """The content type an evidence file is stored and served with; BadInput naming the file when
    its format is not accepted, its bytes are not of that format, it is empty or too large."""
    suffix = _suffix(filename)
    if suffix not in EVIDENCE_TYPES:
        accepted = "、".join(s.lstrip(".").upper() for s in EVIDENCE_TYPES)
        raise BadInput(f"{filename}: 佐证材料只接受这些格式：{accepted}")
    if not content:
        raise BadInput(f"{filename}: 文件为空")
    if len(content) > max_bytes:
        raise BadInput(f"{filename}: 文件过大（超过上限 {max_bytes} 字节）", status_code=413)
    media, signatures = EVIDENCE_TYPES[suffix]
    genuine = _is_text(content) if not signatures else content.startswith(signatures)
    if not genuine:
        raise BadInput(f"{filename}: 文件内容与扩展名 {suffix} 不符")
    return media


def read_evidence(files: Sequence[UploadFile], max_bytes: int) -> list[EvidenceUpload]:
    """The checked evidence files of one report (parts without a file name are skipped: browsers
    send one when no file was chosen). Reads at most ``max_bytes + 1`` bytes of each part."""
    chosen = [f for f in files if f.filename]
    if len(chosen) > MAX_EVIDENCE_FILES:
        raise BadInput(f"佐证材料最多 {MAX_EVIDENCE_FILES} 个文件，收到 {len(chosen)} 个", status_code=413)
    uploads = []
    for upload in chosen:
        name = upload.filename or ""
        content = upload.file.read(max_bytes + 1)
        uploads.append(EvidenceUpload(name, content, check_evidence_upload(name, content, max_bytes)))
    return uploads


def served_type(filename: str) -> str:
    """The type an evidence file is served with: from the allow-list by suffix, else octet-stream
    (never what the uploader declared: an old row may say text/html)."""
    known = EVIDENCE_TYPES.get(_suffix(filename))
    return known[0] if known else "application/octet-stream"


def content_disposition(filename: str, fallback_stem: str) -> str:
    """``attachment`` with an ASCII ``filename`` for old clients and the exact UTF-8 name in
    ``filename*`` (RFC 6266 § 4.3, RFC 5987 encoding)."""
    suffix = _suffix(filename)
    stem = filename[: len(filename) - len(suffix)] if suffix else filename
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") or fallback_stem
    ascii_suffix = re.sub(r"[^A-Za-z0-9.]", "", suffix)
    return f"attachment; filename=\"{ascii_stem}{ascii_suffix}\"; filename*=UTF-8''{quote(filename, safe='')}"


def evidence_response(evidence: EvidenceFile, path: Path) -> FileResponse:
    """The stored file as a download: attachment, allow-listed type, no sniffing, no script."""
    headers = {
        "Content-Disposition": content_disposition(evidence.filename, f"evidence-{evidence.id}"),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": EVIDENCE_CSP,
        "Cache-Control": "private, no-cache",
    }
    return FileResponse(path, media_type=served_type(evidence.filename), headers=headers)
