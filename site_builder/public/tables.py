"""Tables: the column under a phone, signing or money header, in Markdown and in HTML.

Takes a normalised text; gives :func:`table_spans` (phone and signature cells of its Markdown tables, and their
money cells, whose figures stay) and :func:`html_money_cells` (the money cells of a built page's HTML tables).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from site_builder.public.figures import MONEY_TITLE
from site_builder.public.labelled import PHONE_WORD, numbers_after
from site_builder.public.signatures import NOT_A_NAME, SIGN_MARK, SIGNER, names_at
from site_builder.public.textnorm import MARKER

_MONEY_HEADER = re.compile(
    r"\((?:单位|單位|金额单位)?[:：]?[ \t]*(?:万|萬|亿|億|千)?元\)|金额|金額|预算数|預算數|决算数|決算數|执行数|執行數|支出数|资金"
)


_MD_SEPARATOR = re.compile(r"[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*(?::?-+:?)?[ \t]*\|?[ \t]*")


def _cells(line: str, pos: int) -> list[tuple[int, int]]:
    """The cells of a Markdown table row at ``pos``, stripped; the outer bars may be left out (姓名 | 签字)."""
    bars = [i for i, ch in enumerate(line) if ch == "|"]
    stripped = line.strip()
    if not stripped.startswith("|"):
        bars.insert(0, -1)
    if not stripped.endswith("|"):
        bars.append(len(line))
    cells = []
    for a, b in itertools.pairwise(bars):
        cell = line[a + 1 : b]
        lead = len(cell) - len(cell.lstrip())
        cells.append((pos + a + 1 + lead, pos + a + 1 + max(len(cell.rstrip()), lead)))
    return cells


def _table_rows(norm: str) -> Iterator[list[tuple[list[tuple[int, int]], bool]]]:
    """Markdown tables: per table, its rows as cell spans (stripped), with whether the row is the header.  A table is
    a run of lines starting with a bar, or a line with bars followed by a separator row (---|---) and the lines with
    bars after it."""
    lines = norm.split("\n")
    starts = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
    rows: list[tuple[list[tuple[int, int]], bool]] = []
    loose = False  # inside a table whose rows need not start with a bar
    for i, line in enumerate(lines):
        stripped = line.strip()
        opens = "|" in stripped and i + 1 < len(lines) and _MD_SEPARATOR.fullmatch(lines[i + 1]) is not None
        if stripped.startswith("|") and len(stripped) > 1 or (loose or opens) and "|" in stripped:
            loose = loose or opens
            if not _MD_SEPARATOR.fullmatch(line):
                rows.append((_cells(line, starts[i]), not rows))
            continue
        if rows:
            yield rows
        rows, loose = [], False
    if rows:
        yield rows


_HTML_TABLE = re.compile(r"(?is)<table\b.*?</table\s*>")
_HTML_ROW = re.compile(r"(?is)<tr\b.*?</tr\s*>")
_HTML_CELL = re.compile(r"(?is)<(t[dh])\b([^>]*)>(.*?)</t[dh]\s*>")


def html_money_cells(norm: str) -> list[tuple[int, int]]:
    """The body cells of the columns of an HTML table (a built page) whose header cell names a money unit."""
    cells: list[tuple[int, int]] = []
    for table in _HTML_TABLE.finditer(norm):
        columns: set[int] = set()
        for row in _HTML_ROW.finditer(table.group()):
            found = list(_HTML_CELL.finditer(row.group()))
            header = found and all(c.group(1).lower() == "th" and "row" not in c.group(2) for c in found)
            for col, cell in enumerate(found):
                if header and MONEY_TITLE.search(cell.group(3)):
                    columns.add(col)
                elif not header and col in columns:
                    at = table.start() + row.start() + cell.start(3)
                    cells.append((at, at + len(cell.group(3))))
    return cells


def table_spans(norm: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[int, int]]]:
    """``(phones, signatures, money cells)`` of the Markdown tables: the column under a phone, signing or money
    header; the cells after a signing label in its row."""
    phones: list[tuple[int, int]] = []
    signs: list[tuple[int, int]] = []
    money: list[tuple[int, int]] = []
    for rows in _table_rows(norm):
        header = rows[0][0]
        kinds = []
        for s, e in header:
            title = norm[s:e]
            if PHONE_WORD.search(title):
                kinds.append("phone")
            elif SIGN_MARK.search(title) or SIGNER.search(title):
                kinds.append("sign")
            elif _MONEY_HEADER.search(title):
                kinds.append("money")
            else:
                kinds.append("")
        for cells, is_header in rows:
            for col, (s, e) in enumerate(cells):
                kind = kinds[col] if col < len(kinds) and not is_header else ""
                text = norm[s:e]
                if kind == "money":
                    money.append((s, e))
                elif kind == "phone":
                    pos = s + len(text) - len(text.lstrip("*_` \t"))
                    numbers_after(norm, pos, phones)
                elif kind == "sign" and text.strip("*_` \t") and not NOT_A_NAME.match(text) and MARKER not in text:
                    signs.append((s, e))
            first = norm[cells[0][0] : cells[0][1]] if cells else ""
            if cells and (SIGN_MARK.search(first) or SIGNER.search(first)) and len(first) <= 16:
                for s, e in cells[1:]:
                    text = norm[s:e]
                    if (
                        text.strip()
                        and MARKER not in text
                        and not NOT_A_NAME.match(text)
                        and (not is_header or names_at(norm, s) == e)
                    ):
                        signs.append((s, e))
    return phones, signs, money
