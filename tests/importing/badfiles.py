"""Files an importer must refuse with one clear error: each builder writes one into a folder and returns its path.

Nothing big is kept in the repository and nothing big is held in memory: the 200 MB file is sparse, and the zip
bomb's member is deflated from zeros streamed through :mod:`zlib` a megabyte at a time (its entry claims the true
size, 4 GiB, as a real bomb's does).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

from importing.document import ZIP_TIME, docx_parts, write_zip
from importing.forms import hunan

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def _docx_bytes(tmp: Path) -> bytes:
    path = write_zip(tmp / "_good.docx", dict(docx_parts(hunan().doc)))
    data = path.read_bytes()
    path.unlink()
    return data


def encrypted_docx(folder: Path) -> Path:
    """What Word saves for a password-protected .docx: an OLE compound file holding EncryptionInfo and
    EncryptedPackage streams, not a zip."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = OLE_MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)  # minor, major version, byte order, shifts
    struct.pack_into("<IIIII", header, 44, 1, 1, 0, 0x1000, 0xFFFFFFFE)  # FAT sectors, dir start, …, mini FAT
    struct.pack_into("<II", header, 68, 0xFFFFFFFE, 0)
    header[76:80] = struct.pack("<I", 0)
    header[80 : 80 + 4 * 108] = b"\xff" * (4 * 108)
    fat = bytearray(b"\xff" * sector)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)
    directory = bytearray(sector)
    for i, name in enumerate(["Root Entry", "EncryptionInfo", "EncryptedPackage"]):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\0\0"
        entry[0 : len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), 5 if i == 0 else 2, 1)
        struct.pack_into("<III", entry, 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
        directory[(i % 4) * 128 : (i % 4 + 1) * 128] = entry
    body = bytes(header + fat + directory) + b"<encryption xmlns='http://schemas.microsoft.com/office/2006/encryption'>"
    body += bytes(range(256)) * 40
    path = folder / "【测试数据】加密的自评报告.docx"
    path.write_bytes(body)
    return path


def empty_docx(folder: Path) -> Path:
    path = folder / "空文件.docx"
    path.write_bytes(b"")
    return path


def picture_pdf(folder: Path) -> Path:
    """A scanned report: one page holding one image, no text at all."""
    raw = bytes(range(256)) * 12 * 4  # 12288 bytes of grey: a 128 × 96 image, one byte a pixel
    image = zlib.compress(raw)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width 128 /Height 96 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length " + str(len(image)).encode() + b" >>\nstream\n" + image + b"\nendstream",
    ]
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    objects.append(b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path = folder / "扫描件.pdf"
    path.write_bytes(bytes(out))
    return path


def text_pdf(folder: Path) -> Path:
    """A PDF with a text layer: still refused (the contract: PDF not supported yet)."""
    stream = b"BT /F1 12 Tf 72 720 Td (2021 self-evaluation 48929.9) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path = folder / "自评报告.pdf"
    path.write_bytes(bytes(out))
    return path


def truncated_docx(folder: Path) -> Path:
    """A .docx cut off in the middle (a download that stopped): the central directory is missing."""
    data = _docx_bytes(folder)
    path = folder / "下载中断.docx"
    path.write_bytes(data[: len(data) // 2])
    return path


def huge_docx(folder: Path) -> Path:
    """A 200 MB file named .docx: a zip's first bytes, then a hole (sparse, written in no time)."""
    path = folder / "超大文件.docx"
    with path.open("wb") as f:
        f.write(b"PK\x03\x04" + b"\0" * 26)
        f.truncate(200 * 1024 * 1024)
    return path


def huge_txt(folder: Path) -> Path:
    """200 MB of real-looking text lines (sparse is impossible for text: it is a hole of NULs after one line)."""
    path = folder / "超大文本.txt"
    with path.open("wb") as f:
        f.write("\t局机关及二级机构汇总\n\t48929.9\n".encode())
        f.truncate(200 * 1024 * 1024)
    return path


def _dos_time() -> tuple[int, int]:
    y, mo, d, h, mi, sec = ZIP_TIME
    return (h << 11) | (mi << 5) | (sec // 2), ((y - 1980) << 9) | (mo << 5) | d


def _zip64(path: Path, entries: list[tuple[str, int, int, list[bytes], int]]) -> None:
    """A zip (every entry in ZIP64 form) of already deflated members: (name, crc, size, chunks, repeat of the
    middle chunk) — written by hand so that a member can claim, and inflate to, gigabytes it never held."""
    tm, dt = _dos_time()
    central = bytearray()
    with path.open("wb") as f:
        for name, crc, size, chunks, repeat in entries:
            offset = f.tell()
            csize = len(chunks[0]) + len(chunks[1]) * repeat + len(chunks[2])
            raw = name.encode()
            extra = struct.pack("<HHQQ", 1, 16, size, csize)
            f.write(
                struct.pack(
                    "<IHHHHHIIIHH", 0x04034B50, 45, 0x800, 8, tm, dt, crc, 0xFFFFFFFF, 0xFFFFFFFF, len(raw), len(extra)
                )
                + raw
                + extra
            )
            f.write(chunks[0])
            for _ in range(repeat):
                f.write(chunks[1])
            f.write(chunks[2])
            cextra = struct.pack("<HHQQQ", 1, 24, size, csize, offset)
            central += (
                struct.pack(
                    "<IHHHHHHIIIHHHHHII",
                    0x02014B50,
                    45,
                    45,
                    0x800,
                    8,
                    tm,
                    dt,
                    crc,
                    0xFFFFFFFF,
                    0xFFFFFFFF,
                    len(raw),
                    len(cextra),
                    0,
                    0,
                    0,
                    0,
                    0xFFFFFFFF,
                )
                + raw
                + cextra
            )
        cd_offset = f.tell()
        f.write(central)
        eocd64 = f.tell()
        n = len(entries)
        f.write(struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, n, n, len(central), cd_offset))
        f.write(struct.pack("<IIQI", 0x07064B50, 0, eocd64, 1))
        f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0))


def _deflated(data: bytes) -> list[bytes]:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return [c.compress(data) + c.flush(), b"", b""]


def zip_bomb_docx(folder: Path) -> Path:
    """A .docx whose ``word/document.xml`` inflates to 4 GiB of zeros after a valid start (deflated: 4 MB).

    The zeros are deflated once, a MiB, after a full flush; the identical block is then written 4096 times, so
    building the bomb takes seconds and a few MB of memory."""
    entries: list[tuple[str, int, int, list[bytes], int]] = []
    for name, text in docx_parts(hunan().doc).items():
        if name != "word/document.xml":
            data = text.encode()
            entries.append((name, zlib.crc32(data), len(data), _deflated(data), 0))
    head = b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>'
    zeros = bytes(1024 * 1024)
    blocks = 4096
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
    last = c.flush()
    crc = zlib.crc32(head)
    for _ in range(blocks):
        crc = zlib.crc32(zeros, crc)
    entries.append(("word/document.xml", crc, len(head) + blocks * len(zeros), [first, block, last], blocks))
    path = folder / "炸弹.docx"
    _zip64(path, entries)
    return path


def billion_laughs_docx(folder: Path) -> Path:
    """A .docx whose document.xml declares nested entities that expand to 10⁹ “lol”s."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [{entities}]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    parts: dict[str, str | bytes] = dict(docx_parts(hunan().doc))
    parts["word/document.xml"] = xml
    return write_zip(folder / "实体炸弹.docx", parts)


def external_entity_docx(folder: Path) -> Path:
    """A .docx whose document.xml pulls a local file in through an external entity (XXE)."""
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        "<w:p><w:r><w:t>部门(单位)名称 &xxe;</w:t></w:r></w:p></w:body></w:document>"
    )
    parts: dict[str, str | bytes] = dict(docx_parts(hunan().doc))
    parts["word/document.xml"] = xml
    return write_zip(folder / "外部实体.docx", parts)


def png_as_docx(folder: Path) -> Path:
    """A screenshot saved with the wrong name: a real (tiny) PNG called .docx."""
    raw = b"".join(b"\0" + b"\xff\x00\x00" * 4 for _ in range(4))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    path = folder / "截图.docx"
    path.write_bytes(png)
    return path


def xlsx_without_sheets(folder: Path) -> Path:
    """A zip that calls itself a workbook but lists no sheet."""
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
    }
    return write_zip(folder / "无工作表.xlsx", parts)


def garbage_xlsx(folder: Path) -> Path:
    path = folder / "乱码.xlsx"
    path.write_bytes(bytes((i * 7919 + 13) % 251 for i in range(50_000)))
    return path


def unknown_extension(folder: Path) -> Path:
    path = folder / "自评报告.pages"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    return path


def binary_as_txt(folder: Path) -> Path:
    """A .txt that is really a gzip of nothing readable."""
    import gzip

    path = folder / "粘贴的文字.txt"
    path.write_bytes(gzip.compress(bytes(range(256)) * 64, mtime=0))
    return path


BAD_FILES: dict[str, Callable[[Path], Path]] = {
    "encrypted-docx": encrypted_docx,
    "empty-docx": empty_docx,
    "picture-pdf": picture_pdf,
    "text-pdf": text_pdf,
    "truncated-docx": truncated_docx,
    "huge-docx-200mb": huge_docx,
    "zip-bomb-docx": zip_bomb_docx,
    "billion-laughs-docx": billion_laughs_docx,
    "png-named-docx": png_as_docx,
    "xlsx-without-sheets": xlsx_without_sheets,
    "garbage-xlsx": garbage_xlsx,
    "unknown-extension": unknown_extension,
}
