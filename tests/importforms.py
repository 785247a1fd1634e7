"""Test data: small .docx and .xlsx files in the layout of the printed forms (【测试数据】, never in units/).

A row is a list of cells; a cell is text, or ``(text, span)`` for a cell over ``span`` grid columns (``gridSpan``),
or ``None`` for a cell covered by the one above (``vMerge``; the covering cell is ``("text", span, "restart")``).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any
from xml.sax.saxutils import escape

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _p(text: str) -> str:
    return "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in text.split("\n"))


def _cell(cell: Any) -> str:
    if cell is None:
        return "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
    if isinstance(cell, tuple):
        text, span, *merge = cell
        props = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        props += '<w:vMerge w:val="restart"/>' if merge else ""
        return f"<w:tc><w:tcPr>{props}</w:tcPr>{_p(text)}</w:tc>"
    return f"<w:tc>{_p(str(cell))}</w:tc>"


def docx(blocks: list[Any], document_xml: str | None = None) -> bytes:
    """A .docx of paragraphs (str) and tables (list of rows)."""
    body = ""
    for block in blocks:
        if isinstance(block, str):
            body += _p(block)
        else:
            body += (
                "<w:tbl>" + "".join("<w:tr>" + "".join(_cell(c) for c in row) + "</w:tr>" for row in block) + "</w:tbl>"
            )
    xml = document_xml or f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


NATIONAL_TITLE = "【测试数据】项目支出绩效自评表"
NATIONAL: list[Any] = [
    NATIONAL_TITLE,
    "（2023年度）",
    [
        ["项目名称", ("【测试数据】社保经办经费", 9)],
        ["主管部门", ("【测试数据】县人社局", 4), "实施单位", ("【测试数据】县社保中心", 4)],
        [
            ("项目资金（万元）", 1, "restart"),
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            ("得分", 3),
        ],
        [None, "年度资金总额", "120", "130.5", "128.25", "10", "98.28%", ("9.8", 3)],
        [None, "其中：本年财政拨款", "120", "130.5", "128.25", "—", "—", ("—", 3)],
        [("年度总体目标", 1, "restart"), ("预期目标", 4), ("实际完成情况", 5)],
        [None, ("按时足额发放", 4), ("已按时足额发放", 5)],
        [
            ("绩效指标", 1, "restart"),
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            ("偏差原因分析及改进措施", 2),
        ],
        [None, ("产出指标", 1, "restart"), "数量指标", "参保人数", "≥5000人", "5120人", "20", "20", ("", 2)],
        [None, None, "质量指标", "发放准确率", "100%", "100%", "30", "30", ("", 2)],
        [None, ("效益指标", 1, "restart"), "社会效益指标", "群众知晓率", "≥90%", "95%", "30", "28", ("宣传不足", 2)],
        [None, ("满意度指标", 1, "restart"), "服务对象满意度指标", "满意度", "≥90%", "96%", "10", "10", ("", 2)],
        [("总分", 6), "100", "97.8", ("", 2)],
    ],
]
"""The national 项目支出绩效自评表: merged title column (vMerge), merged 一级指标, spans (gridSpan)."""

HUNAN: list[Any] = [
    "【测试数据】县2023年度部门（单位）整体支出",
    "绩效评价自评报告",
    "部门(单位)名称 【测试数据】县人力资源和社会保障局",
    "预算编码 301001",
    "报告日期：2024年3月28日",
    "【测试数据】县财政局（制）",
    [
        [("一、部门（单位）基本概况", 8)],
        ["联系人", ("张三", 3), "联系电话", ("0730-1234567", 3)],
        ["人员编制", ("50人", 3), "实有人数", ("48人", 3)],
        [("年度部门（单位）收支情况（万元）", 8)],
        [
            ("机构名称", 1, "restart"),
            ("支出合计", 1, "restart"),
            ("其中：", 3),
            ("项目支出", 1, "restart"),
            ("结余", 2),
        ],
        [
            None,
            None,
            ("基本支出", 1, "restart"),
            ("其中：", 2),
            None,
            ("当年结余", 1, "restart"),
            ("累计结余", 1, "restart"),
        ],
        [None, None, None, "人员支出", "公用支出", None, None, None],
        ["局机关及二级机构汇总", "500.5", "300.25", "200", "100.25", "200.25", "", ""],
        ["绩效自评综合得分", ("92分", 7)],
        ["评价等次", ("优", 7)],
    ],
]
"""The Hunan 部门（单位）整体支出 form: a header over three rows (vMerge and gridSpan), labels beside values."""

SICHUAN_ROWS: list[list[Any]] = [
    ["【测试数据】四川省项目支出绩效自评表", None, None, None, None, None, None, None],
    ["项目名称", "【测试数据】就业补助", None, None, None, None, None, None],
    ["项目资金（万元）", "资金来源", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分"],
    [None, "财政资金", 80, 85.5, 85.5, "100%", 10, 10],
    [None, "单位资金", None, None, None, None, None, None],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值"],
    [None, "产出指标", "数量指标", "培训人数", "≥", 300, "人", 320],
    [None, None, "时效指标", "完成时间", "≤", 12, "月", 11],
]
SICHUAN_MERGES = ["A1:H1", "B2:H2", "A3:A5", "A6:A8", "B7:B8"]


def xlsx(rows: list[list[Any]], merges: list[str]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
