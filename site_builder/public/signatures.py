"""Signatures: the names after a signing mark or a signer label, and in a pasted table's signing column.

Takes a normalised text; gives ``(start, end)`` spans of names: after （签名）/签字/签章 and a colon
(:func:`signature_spans`), after or before a signing mark or a signer label such as 填报人, on its line or alone on
the next ones (:func:`signer_spans`), in the signing column of a Word table pasted one cell per line
(:func:`pasted_column_spans`); :func:`each_name` splits a list of names into one span per name.
"""

from __future__ import annotations

import re

from site_builder.public.textnorm import BETWEEN, CN_DIGITS, MARKER, NAME_CHARS

_SIGN_LABEL = re.compile(r"(?:\(签名\)|\(签字\)|\(签章\)|签字|签名|签章)[ \t]*[：:][ \t]*")
_SIGN_STOP = set("：:<>\"'|[](){}，。；;,、\n\r")
_TRAILING_LABEL = re.compile(
    r"[ \t]*(?:联系电话|联络电话|电话号码|联系方式|电话|手机|座机|日期|时间|职务|职称|单位|姓名"
    r"|Tel|TEL|tel)$"
)
NOT_A_NAME = re.compile(r"^[\d\s年月日._\-—/]*$")


def signature_spans(norm: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _SIGN_LABEL.finditer(norm):
        start = m.end()
        end = start
        while end < len(norm):
            ch = norm[end]
            if ch in _SIGN_STOP or ch in "\t":
                break
            if ch == " " and (end + 1 >= len(norm) or norm[end + 1].isspace()):
                break
            end += 1
        value = norm[start:end]
        if end < len(norm) and norm[end] in "：:":
            value = _TRAILING_LABEL.sub("", value) if _TRAILING_LABEL.search(value) else ""
        value = value.rstrip()
        if not value or value.startswith(MARKER) or NOT_A_NAME.match(value) or not any(ch.isalpha() for ch in value):
            continue  # nothing, the marker, a date, or punctuation only (签字：”)
        spans.append((start, start + len(value)))
    return spans


SIGN_MARK = re.compile(r"[签簽][ \t]{0,3}[名字章]|[盖蓋][ \t]{0,3}章")  # 签  字: Word pads a table header
SIGNER = re.compile(
    r"填[报報表]人|[审審]核人|[复複]核人|[签簽]字人|[评評][价價][组組]成[员員]|(?<![\u3400-\u9fff])[负負][责責]人"
)
_NOT_A_NAME_WORDS = frozenset(
    {
        "年月日",
        "同意",
        "日期",
        "单位",
        "意见",
        "无",
        "已阅",
        "见附件",
        "时间",
        "职务",
        "职称",
        "姓名",
        "备注",
        "盖章",
        "签字",
        "签名",
        "签章",
        "联系人",
        "单位盖章",
        "公章",
        "年度",
    }
)
_ROLE_END = tuple("人长导员位门部处室科局队组表方见章字名话話址码碼期间間度况況师師")  # 会计师: a title
_LEADING = re.compile(
    r"[ \t)]*(?:\([^()\n]{0,8}\)[ \t]*)*(?:[签簽][ \t]{0,3}[名字章]|[盖蓋][ \t]{0,3}章)?[ \t)]*[:：]?[ \t]*"
)
_NAME_LIST = re.compile(rf"{NAME_CHARS}{{2,4}}(?:[ \t]*[、，,;；/ ][ \t]*{NAME_CHARS}{{2,4}})*")
_PADDED_NAME = re.compile(
    rf"{NAME_CHARS}[ \t]{{1,3}}{NAME_CHARS}(?=[ \t]*(?:\n|$|\|))"
)  # 唐　婷: two characters padded


def _is_name(token: str) -> bool:
    return (
        2 <= len(token) <= 4
        and token not in _NOT_A_NAME_WORDS
        and not token.endswith(_ROLE_END)
        and not any(ch in CN_DIGITS for ch in token[:1])
    )


def names_at(norm: str, pos: int) -> int:
    """The end of a list of names starting at ``pos`` (``pos`` when there is none); a name followed by a colon is
    a label, not a name."""
    padded = _PADDED_NAME.match(norm, pos)
    if padded and _is_name(re.sub(r"[ \t]", "", padded.group())):
        return padded.end()
    m = _NAME_LIST.match(norm, pos)
    if not m:
        return pos
    end = pos
    for part in re.finditer(rf"{NAME_CHARS}+", m.group()):
        if not _is_name(part.group()):
            break
        end = pos + part.end()
    if end < len(norm) and norm[end] in ":：" or (end < len(norm) and re.match(r"[\u3400-\u9fff]", norm[end])):
        return pos
    return end


def _value_spans(norm: str, pos: int) -> list[tuple[int, int]]:
    """Names after a signing mark or a signer label ending at ``pos``: on its line, or alone on the next lines."""
    lead = _LEADING.match(norm, pos)
    start = lead.end() if lead else pos
    end = names_at(norm, start)
    if end > start:
        return [(start, end)]
    rest = norm[start : norm.find("\n", start) if "\n" in norm[start:] else len(norm)]
    if rest.strip(" \t|") and not rest.lstrip(" \t").startswith("|"):
        return []  # something else on the line (年 月 日, another label): an empty signing line
    spans: list[tuple[int, int]] = []
    line_start = start + len(rest)
    blanks = 0
    while line_start < len(norm) and len(spans) < 12:
        nl_end = norm.find("\n", line_start + 1)
        nl_end = len(norm) if nl_end < 0 else nl_end
        line = norm[line_start + 1 : nl_end] if norm[line_start : line_start + 1] == "\n" else norm[line_start:nl_end]
        base = nl_end - len(line)
        cell = line.strip(" \t|")
        if not cell:
            blanks += 1
            if blanks > 1 or spans:
                break
            line_start = nl_end
            continue
        at = base + line.index(cell)
        if line.lstrip(" \t").startswith("|") and not spans:  # the next cell of a Markdown row
            at = base + line.index("|") + 1
            at = BETWEEN.match(norm, at).end()  # type: ignore[union-attr]
            end = names_at(norm, at)
            return [(at, end)] if end > at else []
        end = names_at(norm, at)
        if end - at != len(cell.rstrip()):
            break
        spans.append((at, end))
        line_start = nl_end
    return spans


def _is_label_use(norm: str, start: int, end: int) -> bool:
    """A label, not a word of a sentence: followed by a colon, space, bracket, signing mark, cell end or line end."""
    after = norm[end : end + 1]
    return after in ("", "\n", " ", "\t", ":", "：", "(", ")", "|", "*") or bool(SIGN_MARK.match(norm, end))


def signer_spans(norm: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in [*SIGN_MARK.finditer(norm), *SIGNER.finditer(norm)]:
        if not _is_label_use(norm, m.start(), m.end()):
            continue
        spans += _value_spans(norm, m.end())
        if SIGN_MARK.fullmatch(m.group()):  # the name before the mark: 王小明（签字）, 李大海 签名
            line_start = max(norm.rfind("\n", 0, m.start()) + 1, norm.rfind("|", 0, m.start()) + 1)
            before = re.search(
                rf"(?:^|[ \t:：,，、])({NAME_CHARS}{{2,4}})[ \t]*\(?[ \t]*$", norm[line_start : m.start()]
            )
            after = norm[m.end() : m.end() + 2].lstrip(" \t)")
            if (
                before
                and _is_name(before.group(1))
                and (m.start() - line_start - before.end(1) > 0)
                and not after.startswith((":", "："))
            ):
                spans.append((line_start + before.start(1), line_start + before.end(1)))
    return spans


def each_name(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """A list of names (王建华、刘芳 陈静) as one span per name, so that each is removed and masked on its own."""
    value = norm[start:end]
    if not _NAME_LIST.fullmatch(value.strip()):
        return [(start, end)]
    return [(start + m.start(), start + m.end()) for m in re.finditer(rf"{NAME_CHARS}+", value)]


def pasted_column_spans(norm: str) -> list[tuple[int, int]]:
    """The signing column of a Word table pasted one cell per line (as in the seeds): rows are runs of non-empty
    lines between blank ones; under a row with a signing cell (签  字) at place k, the k-th cell of each following
    row of as many cells, where it holds a name."""
    rows: list[list[tuple[int, str]]] = [[]]
    pos = 0
    for line in norm.split("\n"):
        cell = line.strip(" \t")
        if cell and "|" not in cell:
            rows[-1].append((pos + len(line) - len(line.lstrip(" \t")), cell))
        elif rows[-1]:
            rows.append([])
        pos += len(line) + 1
    spans: list[tuple[int, int]] = []
    for i, header in enumerate(rows):
        k = next((j for j, (_, cell) in enumerate(header) if SIGN_MARK.fullmatch(cell)), None)
        if k is None or len(header) < 2:
            continue
        for row in rows[i + 1 :]:
            if len(row) != len(header):
                break
            start, cell = row[k]
            end = names_at(norm, start)
            if end == start + len(cell):
                spans.append((start, end))
    return spans
