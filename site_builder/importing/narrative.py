"""The 文字部分 as ``narrative.md``, and the figures it states (``stated_figures``) with their exact quotes.

Takes the narrative's lines as printed; gives Markdown with the numbered headings marked (一、 → ``##``,
（一） → ``###``, 1、 on a short line → ``####``) and every other line its own paragraph, verbatim.  A stated figure is
recorded where the narrative prints a figure with its unit: one the draft's tables hold (with the ``field`` it
names), or any other under the name the same sentence's words give it (:mod:`site_builder.importing.named`).  The
quote is always text as printed, so ``check`` (:mod:`site_builder.checks.stated`) finds it in the report and
compares figures of one name; no figure is computed or converted.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from site_builder.importing.named import named_in_line, topic_of

_H2 = re.compile(r"^[一二三四五六七八九十]+、")
_H3 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_H4 = re.compile(r"^\d+[、.．]")


def _heading(line: str, first: bool) -> str:
    if first:
        return "# "
    short = (len(line) <= 40 and not line.endswith(("。", "；", ";"))) or (
        len(line) <= 30 and line.endswith(("情况。", "分析。")) and "，" not in line  # a title printed with a stop
    )
    if _H2.match(line) and short:
        return "## "
    if _H3.match(line) and short:
        return "### "
    if _H4.match(line) and len(line) <= 30 and line.endswith(("。", "情况", "分析")) and "，" not in line[:-1]:
        return "#### "
    return ""


_UNIT_FIRST = re.compile(r"^(?:亿元|万元|元|%|％)")  # a money unit or a percent sign opening a line
# prose (at least 4 Chinese characters, no table bar) ending in a digit
_CUT_AFTER_FIGURE = re.compile(r"^(?=(?:.*[\u4e00-\u9fff]){4})[^|]*\d$")
_NUMBER_ONLY = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])$")  # 三、 or （五） alone
_ANNEX_CUT = re.compile(  # an annex's title that nothing closes: no stop, no name of a document at its end
    r"^附件[0-9０-９]*[：:].*[^。；;：:，,、！？]$(?<!体系)(?<!表)(?<!报告)(?<!清单)(?<!说明)(?<!目录)"
)
_TITLE_END = re.compile(r"^[\u4e00-\u9fff]{2,12}(?:体系|表|报告|清单|说明|目录)$")  # 绩效评价指标体系


def _is_title(line: str) -> bool:
    """A heading's title: short, no sentence in it, no number of its own."""
    return (
        len(line) <= 30
        and not any(mark in line for mark in "。；;，,！？")
        and not (_H2.match(line) or _H3.match(line) or _H4.match(line) or line[0].isdigit())
    )


def _rejoined(lines: list[str]) -> list[str]:
    """The lines as printed, but where the layout cut one thing in two: a figure's money unit on the next line
    (“费用67.36” / “万元；…”), a heading's number alone with its title on the next line (“（五）” / “…情况”), an
    annex's title whose last words (a short name of a document: “绩效评价指标体系”) went to the next line.  Only
    there: a bare figure followed by its unit is a table's cells (one per line), a number alone followed by a
    sentence or another heading stays as printed."""
    out: list[str] = []
    for line in lines:
        if out and _UNIT_FIRST.match(line) and _CUT_AFTER_FIGURE.match(out[-1]):
            out[-1] += line
        elif out and _NUMBER_ONLY.match(out[-1]) and _is_title(line):
            out[-1] += line
        elif out and _ANNEX_CUT.match(out[-1]) and _TITLE_END.match(line):
            out[-1] += line
        else:
            out.append(line)
    return out


def narrative_markdown(lines: list[str]) -> str:
    """The narrative's lines (blank ones dropped) as Markdown: headings marked, each line a paragraph."""
    out: list[str] = []
    lines = [line.strip() for line in lines if line.strip()]
    if (
        len(lines) > 1
        and len(lines[0]) <= 40
        and lines[1].endswith("报告")
        and len(lines[1]) <= 12
        and not lines[0].endswith(("。", "报告"))
    ):
        lines[:2] = [lines[0] + lines[1]]  # a title printed over two lines
    lines = _rejoined(lines)
    table: list[str] = []
    for line in lines:
        if line.startswith("|"):
            table.append(line)
            continue
        if table:
            out.append(_pipe_table(table))
            table = []
        if line.startswith(("|", "#", ">", "-", "*")) and not line.startswith("|"):
            line = "\\" + line  # printed text, not Markdown markup
        out.append(_heading(line, not out) + line)
    if table:
        out.append(_pipe_table(table))
    return "\n\n".join(out) + "\n" if out else ""


def _pipe_table(rows: list[str]) -> str:
    """A table inside the narrative as a Markdown table: its first row the header."""
    width = max(row.count("|") - 1 for row in rows)
    padded = [row + " |" * (width - (row.count("|") - 1)) for row in rows]
    return "\n".join([padded[0], "|" + " --- |" * width, *padded[1:]])


_CLAUSE_END = "。；;！？\n"


def _clause(text: str, start: int, end: int) -> str:
    """The clause around ``text[start:end]``: from the last stop or comma before it to the next stop."""
    left = max(text.rfind(ch, 0, start) for ch in _CLAUSE_END + "，,")
    right_positions = [p for p in (text.find(ch, end) for ch in _CLAUSE_END + "，,") if p >= 0]
    right = min(right_positions) if right_positions else len(text)
    return text[left + 1 : right].strip()


def stated_figures(narrative: str, fields: list[tuple[str, str, str, str]]) -> list[dict[str, Any]]:
    """Each place the narrative prints one of ``fields`` (path, figure as printed, money unit, name) with that unit.

    The match is on the digits as printed followed by the unit (``2768.2万元``), not preceded or followed by another
    digit; each (field, quote) once.
    """
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()  # (figure, quote): one entry for each, the first field that holds it
    covered: set[int] = set()  # where the figures of fields are printed: not named a second time
    body = "\n".join(re.sub(r"^#+ ", "", line) for line in narrative.split("\n"))
    for path, printed, unit, name in fields:
        if Decimal(printed) == 0:
            continue
        pattern = re.compile(r"(?<![\d.])" + re.escape(printed) + r"(?![\d])\s*" + re.escape(unit))
        for m in pattern.finditer(body):
            quote = _clause(body, m.start(), m.end())
            covered.add(m.start())
            if (printed, quote) in seen or printed not in quote:
                continue
            seen.add((printed, quote))
            heading = _section_of(body, m.start())
            out.append(
                {
                    "name": name,
                    "value": Decimal(printed),
                    "unit": unit,
                    "field": path,
                    "where": f"文字部分 {heading}".strip(),
                    "quote": quote,
                }
            )
    return out + _named(body, covered)


def _named(body: str, covered: set[int]) -> list[dict[str, Any]]:
    """Every other figure the narrative names by its own words (:mod:`.named`), no field claimed; which of them
    stay is decided for the whole draft (:func:`.named.unambiguous`)."""
    found: list[dict[str, Any]] = []
    offset = 0
    for line in body.split("\n"):
        at, offset = offset, offset + len(line) + 1
        if line.startswith("|"):
            continue  # a table in the narrative: its cells are no sentences
        mine = {p - at for p in covered if at <= p < offset}
        heading = _section_of(body, at)
        found += named_in_line(line, f"文字部分 {heading}".strip(), mine, topic_of(heading))
    return found


def _section_of(body: str, position: int) -> str:
    """The last numbered heading line before ``position``."""
    heading = ""
    for line in body[:position].split("\n"):
        line = line.strip()
        if (_H2.match(line) or _H3.match(line)) and len(line) <= 40:
            heading = line
    return heading
