"""The redaction rule in Chinese: what is hidden on the site, what stays public, and the gate that checks it.

Takes the personal fields of :data:`site_builder.schema.PERSONAL_FIELDS`; gives the rule's text as the about page
and the 填报指南 print it (:func:`redaction_markdown`; tests/test_guide.py checks both say exactly this).
"""

from __future__ import annotations

from site_builder.schema import PERSONAL_FIELDS

REDACTION_REMOVED: tuple[str, ...] = (
    "**电话号码**：手机、带区号的固定电话、400/800 电话（空格、横线、点、括号、+86、全角数字、每位之间有空格、中间折行都算），"
    "以及电话标签（联系电话、电话、手机、座机、联系方式、传真，简体或繁体如 聯絡電話、聯繫電話、電話）之后的 7–8 位号码："
    "中间隔着“为/是”、加粗或代码标记、姓名（联系人及电话）、另一个单元格、换行或空行，号码写成汉字数字，"
    "一个标签后列出几个号码，都逐一隐去；表头为电话的一列中的号码也隐去。",
    "**签名**：签名、签字、签章、盖章（中间有空格也算）之后或之前的姓名；填报人、填表人、审核人、复核人、签字人、评价组成员"
    "和单独的“负责人”之后的姓名（同一格、下一格或下一行，几个姓名都隐去）；表格中签字、签名一列或一行里的内容。",
    "**电子邮件地址**（包括 QQ 邮箱）。",
    "**标注“个人信息”的字段**：" + "、".join(f"`{f}`" for f in sorted(PERSONAL_FIELDS)) + "，整项不公开。",
)
"""What redaction removes: the about page and the 填报指南 say exactly this (tests/test_guide.py)."""

REDACTION_KEPT: tuple[str, ...] = (
    "联系人、评价人员（姓名、职务、单位）、项目负责人等公务身份的姓名，单位地址和邮编。",
    "金额和数量：单位紧跟在后（包括折到下一行的“元”）、带小数、或所在表格列的表头写明金额单位（如 金额（元））的数字；"
    "“接听咨询电话 3000 通”这类次数。",
    "文号、报告编号、预算编码、项目编码、索引号、日期和时间；12345、12333 等公共服务热线。",
    "空白的签字行（如“主要领导签字：”）之后的下一行正文。",
)
"""What stays public although it looks like personal data."""

REDACTION_GATE = (
    "发布前，独立的泄露检查（不与隐去程序共用任何识别规则）再查一遍网站的每个文件：可能是电话的数字、后面带有内容的个人信息标签、"
    "电子邮件地址，凡不能确认为公开数字的，都会停止发布，并指出输出文件、源文件的行和处理办法。确属公开的数字（被误判），"
    "在该报告的 YAML 中用 `public_numbers` 逐项写明号码和理由，随合并请求审核；没有跳过检查的开关。"
)


def redaction_markdown(heading: str = "##") -> str:
    """The rule, in Chinese, as the about page and the 填报指南 print it."""
    lines = [f"{heading} 哪些内容会隐去", "", "以下内容在网站上显示为“〔已隐去〕”：", ""]
    lines += [f"- {line}" for line in REDACTION_REMOVED]
    lines += ["", "以下内容照常公开：", ""]
    lines += [f"- {line}" for line in REDACTION_KEPT]
    lines += ["", REDACTION_GATE, ""]
    return "\n".join(lines)
