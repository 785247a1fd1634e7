"""What ``import`` agrees to open: a file's size and kind, and an Office file's zip members, checked before any of
it is inflated or parsed.

Takes a path; gives its bytes (:func:`read_file`), the members of a zip container read within limits
(:class:`SafeZip`) and XML bytes refused when they declare a DTD or entities (:func:`refuse_dtd`).  Every refusal is
an :class:`~site_builder.errors.ImportFailed` naming the file: an empty file, one over :data:`MAX_FILE_BYTES`, an
encrypted Office file, a truncated or damaged zip, a zip whose members would inflate past
:data:`MAX_INFLATED_BYTES` or at a ratio over :data:`MAX_RATIO` (a “zip bomb”), and XML with a ``<!DOCTYPE``
(where entity “bombs” live; Office files never need one).  Nothing here trusts a size a file declares: a member
is read in chunks and refused as soon as it passes its limit.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from site_builder.errors import ImportFailed

MAX_FILE_BYTES = 50 * 1024 * 1024
"""A report, its 自评表 or its web page is well under a few MB; a file over 50 MB is not one (nor a safe one)."""
MAX_INFLATED_BYTES = 200 * 1024 * 1024
"""All members of one .docx/.xlsx together, inflated."""
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200
"""Inflated size over compressed size of one member; real Office XML stays under about 30."""
MAX_MEMBERS = 5000

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The compound-file header of old .doc/.xls/.wps/.et files and of a password-protected .docx/.xlsx."""


def read_file(path: Path) -> bytes:
    """The bytes of ``path``, refused when it is missing, empty or too large (checked before reading)."""
    name = path.name
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ImportFailed(f"{name}：不是文件")
        if size == 0:
            raise ImportFailed(f"{name}：文件是空的（0 字节）")
        if size > MAX_FILE_BYTES:
            raise ImportFailed(
                f"{name}：文件有 {size // (1024 * 1024)} MB，超过导入上限 {MAX_FILE_BYTES // (1024 * 1024)} MB；"
                "报告或自评表不会这么大，请确认选对了文件"
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ImportFailed(f"{name}：找不到这个文件") from None
    except OSError as exc:
        raise ImportFailed(f"{name}：无法读取（{exc.strerror or exc}）") from None
    if not data.strip():
        raise ImportFailed(f"{name}：文件是空的")
    return data


def refuse_dtd(data: bytes, where: str) -> None:
    """XML that declares a DTD (and with it entities that can expand without bound) is refused, not parsed."""
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise ImportFailed(
            f"{where}：XML 中有 DTD/实体声明（<!DOCTYPE、<!ENTITY），Office 文件从不需要，出于安全拒绝读取"
        )


class SafeZip:
    """A .docx/.xlsx container whose members are checked (count, sizes, ratios, encryption) before any is read."""

    def __init__(self, data: bytes, name: str, kind: str) -> None:
        self.name = name
        if data.startswith(OLE2_MAGIC):
            raise ImportFailed(
                f"{name}：文件设有密码（已加密），或是旧版 {kind} 格式改了扩展名；请去掉密码后另存为 {kind} 再导入"
            )
        if not data.startswith(b"PK"):
            raise ImportFailed(f"{name}：不是 {kind} 文件（内容不是 Office 文档的格式），请用 Word/Excel 另存为 {kind}")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
            raise ImportFailed(f"{name}：文件已损坏或不完整（压缩包无法打开），请重新保存或重新下载") from None
        if len(infos) > MAX_MEMBERS:
            raise ImportFailed(f"{name}：压缩包内有 {len(infos)} 个成员，不像 {kind} 文件，拒绝读取")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise ImportFailed(f"{name}：文件设有密码（已加密），请去掉密码后另存为 {kind} 再导入")
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_MEMBER_BYTES or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
                raise ImportFailed(f"{name}：压缩包成员 {info.filename} 解压后异常大（压缩炸弹？），拒绝读取")
        if total > MAX_INFLATED_BYTES:
            raise ImportFailed(f"{name}：解压后共 {total // (1024 * 1024)} MB，超过上限，拒绝读取（压缩炸弹？）")
        self.names = {info.filename for info in infos}
        self.largest = max((info.file_size for info in infos), default=0)

    def read(self, member: str, xml: bool = True) -> bytes:
        """One member's bytes, read in chunks and stopped at :data:`MAX_MEMBER_BYTES` whatever its header says."""
        if member not in self.names:
            raise ImportFailed(f"{self.name}：缺少 {member}，不是完整的 Office 文件")
        out = bytearray()
        try:
            with self.zip.open(member) as handle:
                while chunk := handle.read(1024 * 1024):
                    out += chunk
                    if len(out) > MAX_MEMBER_BYTES:
                        raise ImportFailed(f"{self.name}：{member} 解压后超过上限（压缩炸弹？），拒绝读取")
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError):
            raise ImportFailed(f"{self.name}：文件已损坏或不完整（{member} 无法解压），请重新保存") from None
        data = bytes(out)
        if xml:
            refuse_dtd(data, f"{self.name}：{member}")
        return data

    def check_all_xml(self) -> None:
        """Every XML member read (within the limits) and refused if it declares a DTD: before a library parses it."""
        for member in sorted(self.names):
            if member.endswith((".xml", ".rels")):
                self.read(member)
