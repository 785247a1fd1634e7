"""A report as a clerk's files hold it, written four ways: Word (.docx, raw OOXML), Excel (.xlsx), a web page, text.

A :class:`Doc` is a list of paragraphs and tables; a table's rows list their cells the way HTML does (a cell
spanning rows is given once, in its first row).  The writers lay the same document out as each format really does:

* ``.docx``: WordprocessingML written with :mod:`zipfile` — ``gridSpan`` and ``vMerge`` (restart / continue)
  merged cells, each text cut into several ``<w:r>`` runs with differing properties (as Word's revision ids and
  spell-check leave them), proofing and bookmark marks between runs, a cell's lines as separate ``<w:p>``, a page
  footer part;
* ``.xlsx``: one sheet per table with merged ranges, money as numbers with a ``#,##0.00`` format (what Excel prints)
  or as text, a caption row above each table;
* ``.html``: a published page with a site header, navigation and footer around the report, ``colspan``/``rowspan``;
* ``.txt``: text pasted from Word (a cell per line indented by a tab, a blank line between rows, as in the seeds),
  ``|`` rows, or tab-separated rows.

Deterministic: the same document gives the same bytes (fixed timestamps in the zip files).
"""

from __future__ import annotations

import html
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

ZIP_TIME = (2024, 3, 30, 9, 0, 0)


@dataclass
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    number: str | None = None
    """For .xlsx: the cell holds this number (as Excel stores it) with ``number_format`` instead of the text."""
    number_format: str | None = None


@dataclass
class Table:
    caption: str | None
    rows: list[list[Cell]]
    name: str = "表"


@dataclass
class Para:
    text: str
    style: str = "body"  # title | heading | body | foot


@dataclass
class Doc:
    title: str
    blocks: list[Para | Table] = field(default_factory=list)


def cell(text: str, cs: int = 1, rs: int = 1) -> Cell:
    return Cell(text, cs, rs)


def money(printed: str, cs: int = 1, rs: int = 1) -> Cell:
    """A money cell printed as ``printed`` (``48,929.9``); Excel keeps the number and prints it with separators."""
    return Cell(printed, cs, rs, number=printed.replace(",", ""), number_format="#,##0.00")


def rate(printed: str) -> Cell:
    """A rate printed ``98.25%`` that Excel holds as the number 0.9825 shown with a ``0.00%`` format."""
    digits = printed.rstrip("%")
    places = len(digits.split(".")[1]) if "." in digits else 0
    value = Decimal(digits) / 100
    return Cell(
        printed, number=format(value.normalize(), "f"), number_format="0." + "0" * places + "%" if places else "0%"
    )


# ---------------------------------------------------------------- layout


def grid(table: Table) -> tuple[int, list[list[tuple[str, Cell | None]]]]:
    """Each row's grid positions: ``("cell", c)`` where a cell starts, ``("under", origin)`` below a row-spanning
    cell (the first column of its span), ``("skip", None)`` for the other columns it covers."""
    occupied: dict[tuple[int, int], tuple[str, Cell | None]] = {}
    width = 0
    for r, row in enumerate(table.rows):
        col = 0
        for c in row:
            while (r, col) in occupied:
                col += 1
            for dr in range(c.rowspan):
                for dc in range(c.colspan):
                    kind = "cell" if dr == 0 else "under"
                    occupied[(r + dr, col + dc)] = (kind if dc == 0 else "skip", c)
            col += c.colspan
        width = max(width, col)
    for key in occupied:
        width = max(width, key[1] + 1)
    laid: list[list[tuple[str, Cell | None]]] = []
    for r in range(len(table.rows)):
        laid.append([occupied.get((r, col), ("empty", None)) for col in range(width)])
    return width, laid


# ---------------------------------------------------------------- .docx

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RUN_PROPS = [
    '<w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hint="eastAsia"/><w:sz w:val="24"/></w:rPr>',
    '<w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312"/><w:sz w:val="24"/><w:lang w:val="en-US"/></w:rPr>',
    '<w:rPr><w:rFonts w:hint="eastAsia"/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>',
]
_CUTS = [3, 1, 4, 2, 5, 2]


def _runs(text: str, seed: int) -> str:
    """``text`` as several runs, cut at places that fall inside words and numbers, as Word leaves them."""
    out: list[str] = []
    i = 0
    k = seed
    while i < len(text):
        n = _CUTS[k % len(_CUTS)]
        piece = text[i : i + n]
        props = _RUN_PROPS[k % len(_RUN_PROPS)]
        space = ' xml:space="preserve"' if piece != piece.strip() else ""
        out.append(f'<w:r w:rsidRPr="00{k % 7}A3F1{k % 5}">{props}<w:t{space}>{escape(piece)}</w:t></w:r>')
        if k % 4 == 1:
            out.append('<w:proofErr w:type="spellStart"/>')
        if k % 9 == 4:
            out.append(f'<w:bookmarkStart w:id="{k}" w:name="_Toc{k}"/><w:bookmarkEnd w:id="{k}"/>')
        i += n
        k += 1
    return "".join(out)


def _paragraphs(text: str, seed: int, style: str = "body") -> str:
    jc = {"title": "center", "heading": "left", "body": "both", "foot": "left"}[style]
    ppr = f'<w:pPr><w:jc w:val="{jc}"/>' + ('<w:spacing w:line="560"/>' if style == "body" else "") + "</w:pPr>"
    if style in ("title", "heading"):
        ppr = ppr.replace("<w:pPr>", f'<w:pPr><w:pStyle w:val="{"1" if style == "title" else "2"}"/>')
    return "".join(
        f"<w:p>{ppr}{_runs(line, seed + n)}</w:p>" if line else f"<w:p>{ppr}</w:p>"
        for n, line in enumerate(text.split("\n"))
    )


def _docx_table(table: Table, seed: int) -> str:
    width, laid = grid(table)
    cols = "".join('<w:gridCol w:w="1200"/>' for _ in range(width))
    rows: list[str] = []
    for r, positions in enumerate(laid):
        tcs: list[str] = []
        for kind, c in positions:
            if kind in ("skip",):
                continue
            if kind == "empty":
                tcs.append('<w:tc><w:tcPr><w:tcW w:w="1200" w:type="dxa"/></w:tcPr><w:p/></w:tc>')
                continue
            assert c is not None
            span = f'<w:gridSpan w:val="{c.colspan}"/>' if c.colspan > 1 else ""
            if kind == "under":
                tcs.append(f'<w:tc><w:tcPr><w:tcW w:w="1200" w:type="dxa"/>{span}<w:vMerge/></w:tcPr><w:p/></w:tc>')
                continue
            vmerge = '<w:vMerge w:val="restart"/>' if c.rowspan > 1 else ""
            body = _paragraphs(c.text, seed + r * 7 + len(tcs), "foot") if c.text else "<w:p/>"
            tcs.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{1200 * c.colspan}" w:type="dxa"/>{span}{vmerge}'
                f'<w:vAlign w:val="center"/></w:tcPr>{body}</w:tc>'
            )
        rows.append(f'<w:tr w:rsidR="00A1B2C3"><w:trPr><w:jc w:val="center"/></w:trPr>{"".join(tcs)}</w:tr>')
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/><w:tblBorders>{borders}'
        f'</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{cols}</w:tblGrid>{"".join(rows)}</w:tbl>'
    )


def document_xml(doc: Doc) -> str:
    """The body of ``word/document.xml`` for ``doc``."""
    parts: list[str] = []
    for n, block in enumerate(doc.blocks):
        if isinstance(block, Para):
            parts.append(_paragraphs(block.text, n, block.style))
        else:
            if block.caption:
                parts.append(_paragraphs(block.caption, n, "heading"))
            parts.append(_docx_table(block, n))
            parts.append("<w:p/>")
    sect = (
        '<w:sectPr><w:footerReference w:type="default" r:id="rId9"/><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" '
        'w:gutter="0"/></w:sectPr>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{"".join(parts)}{sect}</w:body></w:document>'
    )


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/footer1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/></Relationships>'
)
_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/>'
    '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" '
    'Target="footer1.xml"/></Relationships>'
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:styles xmlns:w="{W_NS}"><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/>'
    '</w:style><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/></w:style></w:styles>'
)


def _core(title: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>【测试数据】</dc:creator>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2024-03-30T09:00:00Z</dcterms:created></cp:coreProperties>'
    )


def _footer() -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:ftr xmlns:w="{W_NS}"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>{_runs("【测试数据】 第 ", 0)}'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText>'
        '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        f'<w:r><w:fldChar w:fldCharType="end"/></w:r>{_runs(" 页", 1)}</w:p></w:ftr>'
    )


def docx_parts(doc: Doc) -> dict[str, str]:
    return {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _RELS,
        "word/document.xml": document_xml(doc),
        "word/_rels/document.xml.rels": _DOC_RELS,
        "word/styles.xml": _STYLES,
        "word/footer1.xml": _footer(),
        "docProps/core.xml": _core(doc.title),
    }


def write_zip(path: Path, parts: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def write_docx(doc: Doc, path: Path) -> Path:
    return write_zip(path, dict(docx_parts(doc)))


# ---------------------------------------------------------------- .xlsx


def write_xlsx(doc: Doc, path: Path) -> Path:
    """One sheet per table (its caption in row 1, the table from row 2), the paragraphs before the first table as
    title rows of the first sheet and those after a table below it, as clerks lay a 自评表 out in Excel."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    wb = Workbook()
    wb.remove(wb.active)
    pending: list[str] = []
    ws = None
    row_no = 1
    for block in doc.blocks:
        if isinstance(block, Para):
            if ws is None:
                pending.append(block.text)
            else:
                ws.cell(row=row_no, column=1, value=block.text)
                row_no += 1
            continue
        ws = wb.create_sheet(block.name[:31])
        row_no = 1
        width, laid = grid(block)
        for text in [*pending, *([block.caption] if block.caption else [])]:
            ws.cell(row=row_no, column=1, value=text)
            ws.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=max(width, 1))
            row_no += 1
        pending = []
        for r, positions in enumerate(laid):
            for col, (kind, c) in enumerate(positions, 1):
                if kind != "cell" or c is None:
                    continue
                target = ws.cell(row=row_no + r, column=col)
                if c.number is not None:
                    target.value = float(c.number) if "." in c.number else int(c.number)
                    target.number_format = c.number_format or "General"
                elif c.text:
                    target.value = c.text
                target.alignment = Alignment(wrap_text=True, vertical="center")
                if c.colspan > 1 or c.rowspan > 1:
                    ws.merge_cells(
                        start_row=row_no + r,
                        start_column=col,
                        end_row=row_no + r + c.rowspan - 1,
                        end_column=col + c.colspan - 1,
                    )
        row_no += len(laid) + 1
    wb.properties.creator = "【测试数据】"
    wb.save(path)
    _fix_zip_times(path)
    return path


def _fix_zip_times(path: Path) -> None:
    """openpyxl stamps the current time in docProps and the zip entries: rewrite them so the bytes are stable."""
    import re

    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    core = parts.get("docProps/core.xml")
    if core is not None:
        parts["docProps/core.xml"] = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-03-30T09:00:00Z", core)
    write_zip(path, dict(parts.items()))


# ---------------------------------------------------------------- .html


def write_html(doc: Doc, path: Path) -> Path:
    body: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Para):
            for line in block.text.split("\n"):
                tag = {"title": "h1", "heading": "h2"}.get(block.style, "p")
                style = ' style="text-indent:2em"' if tag == "p" else ""
                body.append(f"<{tag}{style}>{html.escape(line)}</{tag}>")
            continue
        rows: list[str] = []
        for row in block.rows:
            tds = []
            for c in row:
                attrs = (f' colspan="{c.colspan}"' if c.colspan > 1 else "") + (
                    f' rowspan="{c.rowspan}"' if c.rowspan > 1 else ""
                )
                text = "<br>".join(html.escape(line) for line in c.text.split("\n"))
                tds.append(f'<td{attrs} valign="middle"><p align="center"><span>{text}</span></p></td>')
            rows.append(f"<tr>{''.join(tds)}</tr>")
        caption = f'<p align="center"><strong>{html.escape(block.caption)}</strong></p>' if block.caption else ""
        body.append(
            f'{caption}<table border="1" cellspacing="0" cellpadding="0" width="100%"><tbody>{"".join(rows)}</tbody>'
            "</table>"
        )
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(doc.title)}_【测试数据】人力资源和社会保障局门户网站</title>
<link rel="stylesheet" href="/css/site.css"><script src="/js/jquery.min.js"></script></head>
<body>
<div class="header"><div class="logo">【测试数据】县人力资源和社会保障局</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwgk/czyjs/">财政预决算</a></li><li><a href="/hdjl/">互动交流</a></li></ul>
<div class="search"><input type="text" placeholder="请输入关键字"><button>搜索</button></div></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 财政预决算</div>
<div class="article"><h1 class="title">{html.escape(doc.title)}</h1>
<div class="info">发布时间：2024-04-12 来源：本站 浏览次数：386</div>
<div class="content" id="zoom">
{chr(10).join(body)}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div></div>
<div class="footer"><p>主办：【测试数据】县人力资源和社会保障局 地址：测试县人民路88号</p>
<p>网站标识码：4306990012 湘ICP备12345678号-1 湘公网安备 43069902000123号</p>
<p>政务服务热线：12345 人社服务热线：12333</p></div>
</body></html>
"""
    path.write_text(page, encoding="utf-8")
    return path


# ---------------------------------------------------------------- .txt


def text_lines(doc: Doc, style: str) -> str:
    """``doc`` as text pasted from Word: ``cells`` (one cell per line, as in the seeds), ``pipes`` or ``tabs``."""
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Para):
            out.extend([block.text, ""])
            continue
        if block.caption:
            out.extend([block.caption, ""])
        _, laid = grid(block)
        for positions in laid:
            texts = [c.text if kind == "cell" and c is not None else "" for kind, c in positions if kind != "skip"]
            if style == "cells":
                for t in texts:
                    out.append("\t" + t)
                out.append("")
            elif style == "pipes":
                out.append("| " + " | ".join(t.replace("\n", " ") for t in texts) + " |")
            else:
                out.append("\t".join(t.replace("\n", " ") for t in texts))
        out.append("")
    return "\n".join(out) + "\n"


def write_text(doc: Doc, path: Path, style: str = "cells") -> Path:
    path.write_text(text_lines(doc, style), encoding="utf-8")
    return path


WRITERS = {
    "docx": write_docx,
    "xlsx": write_xlsx,
    "html": write_html,
    "txt": write_text,
}


def write(doc: Doc, path: Path) -> Path:
    """``doc`` written in the format of ``path``'s extension."""
    kind = path.suffix.lstrip(".")
    if kind == "md":
        return write_text(doc, path, "pipes")
    return WRITERS[kind](doc, path)
