"""Which reader reads a file: by its extension, checked against what its first bytes say it is.

Takes a path; gives its :class:`~.document.Document`, or raises :class:`~site_builder.errors.ImportFailed` with one
line naming the file: a kind not accepted, a PDF (not supported yet), a file that is not what its extension says,
text in no encoding we know.
"""

from __future__ import annotations

from pathlib import Path

from site_builder.errors import ImportFailed
from site_builder.importing.document import Document
from site_builder.importing.office import CONVERTED, convert_legacy, read_docx, read_xlsx
from site_builder.importing.safety import OLE2_MAGIC, read_file
from site_builder.importing.text import read_text
from site_builder.importing.webpage import read_html

ACCEPTED = "Word（.docx，旧版 .doc/.wps）、Excel（.xlsx，旧版 .xls/.et）、网页（.html/.htm）或文本（.txt/.md）"


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096]:
        raise ImportFailed(f"{name}：不是文本文件（含二进制内容），请确认扩展名与文件内容一致")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed(f"{name}：文本编码无法识别（不是 UTF-8 或 GBK），请另存为 UTF-8")


def read_document(path: Path) -> Document:
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".xlsx", ".html", ".htm", ".txt", ".md", ".pdf", *CONVERTED):
        raise ImportFailed(f"{name}：不支持这种文件（{suffix or '无扩展名'}）；可以导入 {ACCEPTED}")
    data = read_file(path)
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        raise ImportFailed(
            f"{name}：暂不支持导入 PDF（扫描的图片更无法读取）；请找到报告的 Word/Excel 原件或网页，或把文字复制到 .txt 后导入"
        )
    if suffix in CONVERTED:
        if not data.startswith(OLE2_MAGIC) and not data.startswith(b"PK"):
            raise ImportFailed(f"{name}：不是 {suffix} 文件（内容与扩展名不符）")
        data, suffix = convert_legacy(path, data)
    if suffix == ".docx":
        return read_docx(data, name)
    if suffix == ".xlsx":
        return read_xlsx(data, name)
    if data.startswith((b"PK", OLE2_MAGIC)):
        raise ImportFailed(f"{name}：内容是 Office 文件而扩展名是 {suffix}，请改回正确的扩展名（.docx/.xlsx）")
    text = _decode(data, name)
    if suffix in (".html", ".htm"):
        return read_html(text, name)
    return read_text(text, name)
