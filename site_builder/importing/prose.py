"""Figures the narrative prints next to their printed titles: spending by economic classification, the number of
internal departments.

Takes the narrative's Markdown; gives field values with the paragraph each came from.  Only a figure printed right
after its title (``工资福利支出1726.1万元``, ``内设11个股室``) is taken, with the unit printed after it; the scope of
a classification (基本支出, 项目支出, 支出总额) only when the paragraph or its heading prints it.  Everything else in
prose is left to the clerk.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

_NUMBER = r"(\d+(?:\.\d+)?)\s*(亿元|万元|元)"
_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("wages", r"工资福利(?:费用)?支出"),
    ("goods_services", r"(?:一般)?商品和服务支出"),
    ("household_subsidies", r"对个人和家庭(?:的)?补助(?:支出)?"),
    ("capital", r"资本性支出"),
)
_SCOPE = re.compile(
    r"(基本支出|项目支出|支出总额)(?:总额)?(?:为|共|合计)?\s*" + _NUMBER + r"\s*[，,：:]?\s*(?:其中|具体包括|包括)"
)
_SCOPE_WORD = re.compile(r"(基本支出|项目支出|支出总额)")
_DEPARTMENTS = (
    re.compile(r"内设(?:机构|处室|科室|股室)?\s*(\d+)\s*个"),
    re.compile(r"设\s*(\d+)\s*个内设机构"),
    re.compile(r"共有\s*(\d+)\s*个?(?:股室|科室|处室)"),
)


def paragraphs(markdown: str) -> list[tuple[str, str]]:
    """(paragraph, the nearest heading above it)."""
    out: list[tuple[str, str]] = []
    heading = ""
    for block in markdown.split("\n\n"):
        text = block.strip()
        if text.startswith("#"):
            heading = text.lstrip("# ")
        elif text:
            out.append((text, heading))
    return out


def sections(markdown: str) -> list[tuple[str, str, str]]:
    """The paragraphs under each heading joined (a list of 1、2、3、 items is one section), with the heading and the
    number of its first paragraph."""
    out: list[tuple[str, str, str]] = []
    for number, (text, heading) in enumerate(paragraphs(markdown), 1):
        if out and out[-1][1] == heading:
            out[-1] = (out[-1][0] + "\n" + text, heading, out[-1][2])
        else:
            out.append((text, heading, f"文字部分第{number}段起"))
    return out


def economic_rows(markdown: str) -> tuple[list[dict[str, Any]], str | None, list[str]]:
    """One row per section printing two or more classes of spending in one money unit; the unit; the sources."""
    rows: list[dict[str, Any]] = []
    sources: list[str] = []
    unit: str | None = None
    for text, heading, place in sections(markdown):
        row: dict[str, Any] = {}
        units: set[str] = set()
        for name, title in _CATEGORIES:
            if m := re.search(title + r"\s*" + _NUMBER, text):
                row[name] = Decimal(m[1])
                units.add(m[2])
        if len(row) < 2 or len(units) != 1 or (unit and units != {unit}):
            continue
        unit = units.pop()
        first = min(re.search(t, text).start() for _, t in _CATEGORIES if re.search(t, text))  # type: ignore[union-attr]
        if (m := re.search(r"合计\s*" + _NUMBER, text[first:])) and m[2] == unit:
            row["total"] = Decimal(m[1])  # the classes' sum, printed after them
        row |= _other_class(text[first:], unit)
        if (m := _SCOPE.search(text[:first])) and m[3] == unit:
            row = {"scope": m[1], "total": Decimal(m[2]), **row}
        elif words := _SCOPE_WORD.findall(text[:first]) or _SCOPE_WORD.findall(heading):
            row = {"scope": words[-1], **row}
        rows.append(row)
        sources.append(place)
    return rows, unit, sources


def _other_class(listing: str, unit: str) -> dict[str, Any]:
    """One more class printed in the list of classes (利息支出539.66万元): ``other``, its name in ``note``.  Two or
    more such classes are left to the clerk (their sum is not printed)."""
    sentence = re.split(r"[。\n]", listing, maxsplit=1)[0]
    others = []
    for piece in re.split(r"[，,；;、]", sentence):
        item = re.fullmatch(r"\s*(?:其中[：:])?\s*([^\d：:]{2,20}?)\s*" + _NUMBER + r"\s*", piece)
        if item is None or any(re.search(title, item[1]) for _, title in _CATEGORIES) or "合计" in item[1]:
            continue
        others.append(item)
    if len(others) != 1 or others[0][3] != unit or not others[0][1].endswith(("支出", "补助")):
        return {}
    return {"other": Decimal(others[0][2]), "note": f"其他支出为“{others[0][1]}”"}


_LABELLED: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (("staffing", "authorized"), re.compile(r"人员编制(?:数)?(?:为|共)?\s*(\d+)\s*人")),
    (("staffing", "actual"), re.compile(r"实有(?:在职)?人数(?:为|共)?\s*(\d+)\s*人")),
    (("score", "total"), re.compile(r"绩效自评(?:综合)?(?:得)?分(?:为|是)?\s*(\d+(?:\.\d+)?)\s*分")),
    (("score", "grade"), re.compile(r"自评.{0,20}?为“?(优|良|中|差)”?(?:等级|等次)")),
    (("score", "grade"), re.compile(r"自评结论为“?(优秀|良好|中等|较差|优|良|中|差)”?")),
)


def labelled_values(markdown: str) -> list[tuple[tuple[str, ...], str, str]]:
    """Staffing and the total score where the narrative prints them after their titles (人员编制数577人,
    绩效自评分为92.1分): (field, value as printed, where), the first of each."""
    out: list[tuple[tuple[str, ...], str, str]] = []
    for loc, pattern in _LABELLED:
        for number, (text, _) in enumerate(paragraphs(markdown), 1):
            if (m := pattern.search(text)) and all(done[0] != loc for done in out):
                out.append((loc, m[1], f"文字部分第{number}段"))
                break
    return out


_COST_BUDGET = re.compile(
    r"“?三公”?经费(?:年初)?预算(?:数)?(?:为|是)\s*" + _NUMBER + r"[，,]\s*其中[：:]?(?P<items>[^。]*)"
)
_COST_TITLES = (
    ("overseas_travel", r"因公出国（境）费用?"),
    ("reception", r"公务接待费"),
    ("vehicle_total", r"公务用车购置及运行费"),
    ("vehicle_purchase", r"公务用车购置费"),
    ("vehicle_operation", r"公务用车运行维护费"),
)


def official_cost_budget(markdown: str) -> tuple[dict[str, Decimal], str, str] | None:
    """The 三公 budget where the narrative prints it (“三公”经费年初预算数为404.53万元，其中：因公出国（境）费用80万元；
    …): each cost after its title, in the total's unit; (figures, unit, where)."""
    for number, (text, _) in enumerate(paragraphs(markdown), 1):
        if not (m := _COST_BUDGET.search(text)):
            continue
        figures = {"total": Decimal(m[1])}
        for name, title in _COST_TITLES:
            if (item := re.search(title + r"\s*" + _NUMBER, m["items"])) and item[2] == m[2]:
                figures[name] = Decimal(item[1])
        return figures, m[2], f"文字部分第{number}段"
    return None


def internal_departments(markdown: str) -> tuple[int, str] | None:
    """The number of internal departments the narrative prints (``内设11个股室``), and where."""
    for number, (text, _) in enumerate(paragraphs(markdown), 1):
        for pattern in _DEPARTMENTS:
            if m := pattern.search(text):
                return int(m[1]), f"文字部分第{number}段"
    return None
