"""How the leak gate reads text: its normalisation and its own vocabulary.

Takes any decoded output text (HTML, Markdown, JSON or plain); gives it normalised (:func:`normalise`: zero-width
characters gone, full-width digits and Chinese numerals read as digits), as lines (:func:`as_lines`: a cell,
paragraph or list item a line, tags and emphasis gone), the attribute values that carry text
(:func:`attributes`), and the gate's own labels and name shapes (phone labels, signing marks, signer labels,
money headers, units).  Written apart from the redactor (the modules of :mod:`site_builder.public`): nothing imported
from it, no shared pattern or label table.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------- normalisation

_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u034f\u180e]")
_CHARS = {0xFF10 + i: ord("0") + i for i in range(10)}
_CHARS.update({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})  # full-width ASCII: ｑｑ．ｃｏｍ is qq.com
_CHARS.update({ord(a): ord(b) for a, b in zip("—–‐‑‒―　\xa0\t", "------   ", strict=True)})
_CN_DIGIT = {
    "零": "0",
    "〇": "0",
    "○": "0",
    "Ｏ": "0",
    "一": "1",
    "幺": "1",
    "二": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
}
_CN_RUN = re.compile("[零〇○一幺二三四五六七八九](?:[ -]?[零〇○一幺二三四五六七八九]){6,}")


_TRANSLATED = re.compile("[" + "".join(re.escape(chr(c)) for c in _CHARS) + "]+")


def normalise(text: str) -> str:
    text = _ZERO_WIDTH.sub("", text)
    if not text.isascii():  # translating only the runs that change is much faster on long Chinese text
        text = _TRANSLATED.sub(lambda m: m.group().translate(_CHARS), text)
    return _CN_RUN.sub(lambda m: "".join(_CN_DIGIT.get(ch, ch) for ch in m.group()), text)


GEOMETRY = re.compile(r"(?i)\s(?:d|points|viewbox|transform|x\d?|y\d?|cx|cy|r|rx|ry|width|height)=\"[^\"]*\"")
_SCRIPT = re.compile(r"(?is)<(script|style)\b[^>]*>(.*?)</\1\s*>")
_BLOCK_TAG = re.compile(
    r"(?i)</?(?:p|div|td|th|tr|li|ul|ol|table|thead|tbody|tfoot|h[1-6]|section|article|header|footer|nav|aside|main"
    r"|dd|dt|dl|blockquote|pre|figure|figcaption|caption|option|select|title|summary|details|label|button|form|svg"
    r"|body|head|html|meta|link|hr)\b[^<>]*>"
)
_BR = re.compile(r"(?i)<br\s*/?>")
TAG = re.compile(r"<[A-Za-z!/?][^<>]*>")
_INLINE_TAG = re.compile(
    r"(?i)</?(?:strong|em|b|i|u|s|code|span|a|mark|sup|sub|small|del|ins|abbr|kbd|q|cite|time)\b[^<>]*>"
)
_ATTR = re.compile(r"""\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_QUIET_ATTRS = frozenset(
    {
        "d",
        "points",
        "viewbox",
        "transform",
        "class",
        "id",
        "style",
        "width",
        "height",
        "x",
        "y",
        "x1",
        "x2",
        "y1",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "fill",
        "stroke",
        "integrity",
        "rel",
        "type",
        "lang",
        "charset",
        "name",
        "role",
    }
)


def attributes(html_text: str) -> list[str]:
    """The attribute values of every tag that could carry text (titles, contents, link targets)."""
    out = []
    for tag in TAG.finditer(html_text):
        for m in _ATTR.finditer(tag.group()):
            if m.group(1).lower() not in _QUIET_ATTRS:
                out.append(m.group(2) if m.group(2) is not None else m.group(3))
    return out


ROW = "\x1e"  # the end of a table row: a signing label's name is never looked for past it
_ROW_END = re.compile(r"(?i)</tr\s*>")
MD_SEPARATOR_ROW = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$")


def as_lines(text: str) -> str:
    """``text`` (HTML, Markdown, JSON or plain) as lines: a table cell, paragraph or list item per line (blank
    lines between blocks, one line break where the text had one inside a paragraph), tags and emphasis gone."""
    text = _SCRIPT.sub(lambda m: "\n\n" + m.group(2) + "\n\n", text)
    text = _BR.sub("\n", text)
    text = _ROW_END.sub(f"\n{ROW}\n", text)
    text = _BLOCK_TAG.sub("\n\n", text)
    text = _INLINE_TAG.sub("", text)  # emphasis, links: part of the sentence
    text = TAG.sub("\n\n", text)  # anything else (SVG text, unknown elements) stands apart
    lines = []
    for line in text.split("\n"):
        if MD_SEPARATOR_ROW.match(line):
            continue
        if "|" in line:
            line = "\n\n".join(cell.strip() for cell in line.strip().strip("|").split("|"))
            if line.strip():
                line += f"\n{ROW}"
        lines.append(line)
    text = "\n".join(lines)
    return re.sub(r"\*+|`+|~~|(?<![A-Za-z0-9])__|__(?![A-Za-z0-9])", "", text)


# ---------------------------------------------------------------- the gate's own vocabulary

PHONE_LABEL = re.compile(
    r"[电電][ ]?[话話]|手[ ]?[机機]|座机|座機|传真|傳真|联系方式|聯繫方式|聯絡方式|联络方式|聯系方式|联系号码|聯繫號碼|号码|號碼"
    r"|(?<![A-Za-z])(?:Tel|TEL|tel|Phone|PHONE|phone|Mobile|mobile|Fax|FAX)(?![A-Za-z])"
)
SIGN_MARK = re.compile(r"[签簽][ ]{0,3}[名字章]|[盖蓋][ ]{0,3}章")  # 签  字: Word pads a table header
SIGNER = re.compile(
    r"填[报報表]人|[审審]核人|[复複]核人|[签簽]字人|[评評][价價][组組]成[员員]|(?<![\u3400-\u9fff])[负負][责責]人"
)
MONEY_HEADER = re.compile(
    r"[(（\[](?:单位|單位|金额单位|金額單位)?[:：]?\s*(?:万|萬|亿|億|千)?元\s*[)）\]]|金额|金額|[预預]算|决算|決算|[执執]行[数數]"
)
UNIT_AFTER = re.compile(
    r"[ \t]*\n?[ \t]*\(?(?:万元|萬元|亿元|億元|元|万|萬|亿|億|%|‰|人次|人|次|通|户|戶|件|个|個|笔|筆|余|餘|多|名|项|項|家|天|份|册|冊"
    r"|台|辆|輛|套|条|條|张|張|平方米|米|公里|小时|小時|分钟|分鐘|年|月|日|号|號|期|批|起|位|所|座|本|元整|股|吨|噸|亩|畝|km|m²|㎡)"
)
CURRENCY_BEFORE = re.compile(r"[¥￥$]\s*$")
NAME = r"[\u3400-\u9fff·]{2,4}"
_NAME_LIST = re.compile(rf"^{NAME}(?:[ 、，,；;/]+{NAME})*$")
_NOT_NAMES = frozenset(
    {
        "年月日",
        "同意",
        "日期",
        "签字",
        "签名",
        "签章",
        "盖章",
        "单位",
        "意见",
        "无",
        "已阅",
        "见附件",
        "时间",
        "职务",
        "职称",
        "姓名",
        "电话",
        "联系电话",
        "手机",
        "备注",
        "盖章处",
        "单位盖章",
    }
)
_ROLE_END = tuple("人长导员位门部处室科局队组表方见章字名话話址码碼期间間师師")  # 会计师: a title
DATE_BLANK = re.compile(r"^[\s年月日._/\-:：0-9()（）]*$")


_PADDED_NAME = re.compile(r"^([\u3400-\u9fff])[ ]{1,3}([\u3400-\u9fff])$")


def name_like(value: str) -> bool:
    value = _PADDED_NAME.sub(r"\1\2", value.strip(" 、，,；;:：。"))  # 唐　婷: a two-character name padded to three
    if not value or not _NAME_LIST.match(value):
        return False
    names = re.split(r"[ 、，,；;/]+", value)
    return not any(n in _NOT_NAMES or n.endswith(_ROLE_END) for n in names)
