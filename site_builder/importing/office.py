"""Word (.docx) and Excel (.xlsx) files as a :class:`~.document.Document`; .doc/.wps/.xls/.et through LibreOffice.

Takes a file's bytes (checked by :mod:`.safety`); gives its paragraphs and tables.  A .docx is read at the XML
level (zipfile and ElementTree, after :class:`~.safety.SafeZip` has refused bombs and DTDs): paragraphs and tables
in order, ``gridSpan`` (a cell over several grid columns) and ``vMerge`` (a cell over several rows) expanded into a
grid whose covered cells repeat the covering cell's text, marked ``merged``.  An .xlsx is read by openpyxl
(values, not formulas), each sheet one table, merged ranges expanded the same way.  A number in an Excel cell is
written as its format shows it (``0.00`` → ``12.50``, ``0.00%`` → ``98.25%``), else as Python prints the stored
value (``48929.9``).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from site_builder.errors import ImportFailed
from site_builder.importing.document import Cell, Document
from site_builder.importing.safety import SafeZip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_SHEET_BYTES = 16 * 1024 * 1024


def _text(element: ET.Element) -> str:
    """A paragraph's text: runs, tabs and breaks."""
    parts: list[str] = []
    for node in element.iter():
        if node.tag == W + "t" and node.text:
            parts.append(node.text)
        elif node.tag == W + "tab":
            parts.append("\t")
        elif node.tag in (W + "br", W + "cr"):
            parts.append("\n")
    return "".join(parts)


def _cell_text(tc: ET.Element) -> str:
    """A cell's paragraphs (and those of any table inside it), one per line."""
    lines = [_text(p) for p in tc.iter(W + "p")]
    return "\n".join(lines).strip("\n")


def _val(element: ET.Element | None, default: str | None = None) -> str | None:
    return default if element is None else element.get(W + "val", default)


def _table_rows(tbl: ET.Element) -> list[list[Cell]]:
    """A ``w:tbl`` as a grid: ``gridSpan`` and ``vMerge`` expanded, covered cells repeating the covering text."""
    grid: list[list[Cell]] = []
    for tr in tbl.findall(W + "tr"):
        row: list[Cell] = []
        before = tr.find(f"{W}trPr/{W}gridBefore")
        for _ in range(int(_val(before, "0") or 0)):
            row.append(Cell(""))
        for tc in tr.findall(W + "tc"):
            props = tc.find(W + "tcPr")
            span = int(_val(props.find(W + "gridSpan") if props is not None else None, "1") or 1)
            vmerge = props.find(W + "vMerge") if props is not None else None
            col = len(row)
            if vmerge is not None and _val(vmerge, "continue") != "restart":
                above = grid[-1][col].text if grid and col < len(grid[-1]) else ""
                cells = [Cell(above, merged=True) for _ in range(span)]
            else:
                text = _cell_text(tc)
                cells = [Cell(text)] + [Cell(text, merged=True) for _ in range(span - 1)]
            row.extend(cells)
        grid.append(row)
    return grid


def _blocks(parent: ET.Element) -> list[ET.Element]:
    """The paragraphs and tables of the body in order, those inside content controls (``w:sdt``) included."""
    out: list[ET.Element] = []
    for child in parent:
        if child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            out += _blocks(content) if content is not None else []
        else:
            out.append(child)
    return out


def read_docx(data: bytes, name: str) -> Document:
    archive = SafeZip(data, name, ".docx")
    archive.check_all_xml()
    try:
        root = ET.fromstring(archive.read("word/document.xml"))
    except ET.ParseError as exc:
        raise ImportFailed(f"{name}：word/document.xml 不是有效的 XML（{exc}），文件可能已损坏") from None
    body = root.find(W + "body")
    document = Document(name)
    if body is None:
        return document
    for child in _blocks(body):
        if child.tag == W + "p":
            text = _text(child).strip()
            if text:
                document.add_paragraph(text)
        elif child.tag == W + "tbl":
            document.add_table(_table_rows(child))
    return document


_FIXED = re.compile(r"^[#,0]*0(?:\.(0+))?(%?)$")
_PADDING = re.compile(r'_.|\\.|\[[^\]]*\]|"[^"]*"|\s')
r"""What a format adds around the digits: ``_)`` spacing, ``\-`` literals, ``[Red]`` colours, quoted text."""


def _number_text(value: Any, number_format: str = "General") -> str:
    """A cell value as Excel shows it: with a fixed number of decimals (``0.00``, ``#,##0.00``: 12.5 shown 12.50)
    or as a percentage (``0.00%``: 0.9825 shown 98.25%), as its format says (thousands separators left out: the
    same digits); otherwise a whole float without ``.0``, other floats by their shortest repr."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    fixed = _FIXED.match(_PADDING.sub("", number_format.split(";")[0]))
    if isinstance(value, int | float) and fixed:
        places, percent = len(fixed[1] or ""), fixed[2]
        number = Decimal(repr(value)) * (100 if percent else 1)
        return format(number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP), "f") + percent
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return str(value.isoformat())[:10]
    return str(value).strip()


def read_xlsx(data: bytes, name: str) -> Document:
    archive = SafeZip(data, name, ".xlsx")
    archive.check_all_xml()  # bombs and DTDs refused before openpyxl parses anything
    if archive.largest > MAX_SHEET_BYTES:  # openpyxl holds a whole sheet: a 自评表 is well under 1 MB of XML
        raise ImportFailed(
            f"{name}：工作表过大（解压后超过 {MAX_SHEET_BYTES // (1024 * 1024)} MB），不像自评表，拒绝读取"
        )
    import openpyxl  # imported here: only `import` of an .xlsx needs it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
    except (InvalidFileException, KeyError, ValueError, OSError, TypeError, ET.ParseError) as exc:
        raise ImportFailed(f"{name}：无法读取 Excel 文件（{type(exc).__name__}），请用 Excel 另存为 .xlsx") from None
    if not book.worksheets:
        raise ImportFailed(f"{name}：工作簿中没有任何工作表，请用 Excel 打开确认后另存为 .xlsx")
    document = Document(name)
    for sheet in book.worksheets:
        rows = [
            [Cell(_number_text(c.value, c.number_format or "General")) for c in cells] for cells in sheet.iter_rows()
        ]
        for merged in sheet.merged_cells.ranges:
            top = merged.min_row - 1
            left = merged.min_col - 1
            if top >= len(rows) or left >= len(rows[top]):
                continue
            text = rows[top][left].text
            for r in range(merged.min_row - 1, min(merged.max_row, len(rows))):
                for c in range(merged.min_col - 1, min(merged.max_col, len(rows[r]))):
                    if (r, c) != (top, left):
                        rows[r][c] = Cell(text, merged=True)
        rows = [row for row in rows if any(cell.text for cell in row)]
        lead = 0
        while lead < len(rows) and len([c for c in rows[lead] if c.text and not c.merged]) == 1:
            # a title or caption row above the sheet's table (one cell, merged across): a paragraph, as in Word
            text = next(c.text for c in rows[lead] if c.text and not c.merged)
            for line in text.split("\n"):
                if line.strip():
                    document.add_paragraph(line.strip())
            lead += 1
        rows = rows[lead:]
        width = max((max((i + 1 for i, c in enumerate(row) if c.text), default=0) for row in rows), default=0)
        document.add_table([row[:width] for row in rows])
    return document


CONVERTED = {".doc": ".docx", ".wps": ".docx", ".xls": ".xlsx", ".et": ".xlsx"}


def convert_legacy(path: Path, data: bytes) -> tuple[bytes, str]:
    """An old .doc/.wps/.xls/.et converted by LibreOffice headless into .docx/.xlsx bytes (and the new suffix)."""
    target = CONVERTED[path.suffix.lower()]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        app = "Word 或 WPS 文字" if target == ".docx" else "Excel 或 WPS 表格"
        raise ImportFailed(
            f"{path.name}：{path.suffix} 是旧格式，需要 LibreOffice 转换而本机没有安装；请用 {app} 打开后"
            f"“另存为” {target} 再导入"
        )
    with tempfile.TemporaryDirectory(prefix="import-") as tmp:
        source = Path(tmp) / f"in{path.suffix.lower()}"
        source.write_bytes(data)
        try:
            subprocess.run(
                [soffice, "--headless", "--norestore", "--convert-to", target[1:], "--outdir", tmp, str(source)],
                capture_output=True,
                timeout=120,
                check=True,
                env={"HOME": tmp, "PATH": "/usr/bin:/bin"},
            )
            return (Path(tmp) / f"in{target}").read_bytes(), target
        except (subprocess.SubprocessError, OSError):
            raise ImportFailed(f"{path.name}：LibreOffice 无法转换这个文件，请另存为 {target} 再导入") from None
