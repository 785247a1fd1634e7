"""Figures the narrative states with a label that names a field: the unit's spending (支出总额, 基本支出, 人员经费,
公用经费, 项目支出), its fixed assets (固定资产共计…) and the project lines listed after 项目支出包含.

Takes the narrative's Markdown and the report's year; gives the values found with the unit printed after them and
the sentence they came from.  A figure is read only where its clause says whose it is:

* the label is the clause's own (``当年财政拨款基本支出（支出决算数）为：…元``), with nothing before it in the
  sentence but words of time and of the unit itself (2020年度，本部门，财政拨款 …), the year being the report's;
* or it is an item of a ``其中`` list whose head is such a statement (支出总额为…，其中：人员经费支出…);
* or, for 本年实际支出, the sentence and its heading name one scope only (基本支出 or 项目支出).

Anything between the label and the figure other than 为/共计/累计达到… (预算, 结余, 较上年减少, 收入决算数), a name
longer than the label (下属中心基本支出, 新增固定资产), a year other than the report's, a percentage or a figure
without its money unit leaves the field alone; two different figures for one field, or two money units in one
table, leave them all to the clerk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from site_builder.importing.parts import Mapped
from site_builder.importing.prose import paragraphs, sections
from site_builder.sources.placeholders import FILL

_NUM = r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>亿元|万元|元)"
_QUALIFIER = re.compile(
    r"(?:截至|截止)?(?P<year>\d{4})\s*年(?:\d{1,2}月\d{1,2}日|度|末|底)?|年末|本年度|本年|当年|全年|"
    r"我局|我厅|我委|我单位|我中心|本单位|本部门|我部门|本局|本厅|本中心|财政拨款|其中|共|[：:\s]"
)
_STATEMENT = re.compile(
    r"^(?P<name>[^，,；;。]+?)(?:（(?:支出决算数|决算数)）)?"
    r"(?:为|是|共计|总计|合计|累计达到|达到|累计|共|计)?[：:]?\s*" + _NUM + r"$"
)
_SHARE = re.compile(r"^占.*\d%$")
_FRESH = re.compile(
    r"^(?:截至|截止)?\d{4}\s*年|^(?:本年度|本年|当年|全年|年末|我局|我厅|我委|我单位|我中心|本单位|本部门|我部门|本局|本厅|本中心|财政拨款)"
)
_LABELS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("expenditure", "total", re.compile(r"(?:部门)?(?:支出总额|总支出|支出合计)")),
    ("expenditure", "basic", re.compile(r"基本支出")),
    ("expenditure", "personnel", re.compile(r"人员经费支出|人员经费|人员支出")),
    ("expenditure", "public", re.compile(r"(?:日常)?公用(?:经费)?支出|(?:日常)?公用经费")),
    ("expenditure", "project", re.compile(r"项目支出")),
    ("fixed_assets", "total", re.compile(r"固定资产(?:总额|合计|总值)?")),
    ("", "", re.compile(r"资产总额")),  # a head whose 其中 list holds the fixed assets, itself no field
)
_ACTUAL = re.compile(r"^(?:本年|当年|全年)?实际支出(?:数)?(?:为|共计|是)?[：:]?\s*" + _NUM + "$")
_SCOPES = ("基本支出", "项目支出")
_OTHER_YEAR = re.compile(r"上年|去年|上一年|同期|(\d{4})\s*年")
_LINES_HEAD = re.compile(r"^项目支出(?:主要)?(?:包含|包括|分别为|有)[：:]?")
_BALANCE_HEADING = re.compile(r"结转和?结余(?:资金)?情况|结余情况")
_BALANCE = re.compile(r"(?:年末)?结转和?结余(?:项目)?(?:资金)?|(?:年末|累计)结余(?:资金)?")
_LINE_ITEM = re.compile(r"^(?P<name>[^\d：:]{2,30}?)(?:为)?" + _NUM + "$")


@dataclass
class Stated:
    """The figures found, by table and field: each (value as printed, money unit, where) once per distinct value."""

    candidates: dict[tuple[str, str], dict[tuple[Decimal, str], str]] = field(default_factory=dict)
    project_lines: list[tuple[list[tuple[str, Decimal]], str, str]] = field(default_factory=list)

    def add(self, key: tuple[str, str], value: Decimal, unit: str, where: str) -> None:
        self.candidates.setdefault(key, {}).setdefault((value, unit), where)

    def table(self, name: str) -> tuple[dict[str, tuple[Decimal, str]], str] | None:
        """The fields of ``name`` stated once each (two values for one field: left), in one money unit."""
        fields = {
            f: next(iter(found.items())) for (t, f), found in self.candidates.items() if t == name and len(found) == 1
        }
        units = {unit for (_, unit), _ in fields.values()}
        if len(units) != 1:
            return None
        return {f: (value, where) for f, ((value, _), where) in fields.items()}, units.pop()


def _clauses(sentence: str) -> list[tuple[str, bool]]:
    """The sentence cut at its commas and semicolons outside brackets: (clause, whether a semicolon precedes it)."""
    out: list[tuple[str, bool]] = []
    depth, start, after_semicolon = 0, 0, False
    for i, ch in enumerate(sentence + "，"):
        depth += 1 if ch in "（(【“" else -1 if ch in "）)】”" else 0
        if depth <= 0 and ch in "，,；;":
            if clause := sentence[start:i].strip().rstrip("."):
                out.append((clause, after_semicolon))
            start, depth, after_semicolon = i + 1, 0, ch in "；;"
    return out


def _sentences(text: str) -> list[str]:
    """The paragraph's sentences, a sentence that starts with 其中 joined to the one before it (its list)."""
    out: list[str] = []
    for piece in re.split(r"(?<=[。！？])", text):
        piece = piece.strip().rstrip("。！？")
        if piece and out and piece.startswith("其中"):
            out[-1] += "，" + piece
        elif piece:
            out.append(piece)
    return out


def _bare(name: str, year: int | None) -> str | None:
    """The name without the words of time and of the unit before it; None when a year is not the report's."""
    position = 0
    while m := _QUALIFIER.match(name, position):
        if not m.group(0):
            break
        if m["year"] and year is not None and int(m["year"]) != year:
            return None
        position = m.end()
    return name[position:]


def _label(bare: str) -> tuple[str, str] | None:
    return next(((table, name) for table, name, pattern in _LABELS if pattern.fullmatch(bare)), None)


def _quote(sentence: str, clause: str) -> str:
    return sentence if len(sentence) <= 100 else clause


def _statements(sentence: str, year: int | None, where: str, found: Stated) -> None:
    """Each clause of ``sentence`` that states a labelled figure of the unit (see the module's docstring)."""
    head = True  # every clause so far only words of time and of the unit
    accepted = False  # the last statement was a head the unit's own
    listing = False  # inside the 其中 list of such a head
    for clause, after_semicolon in _clauses(sentence):
        if after_semicolon and _FRESH.match(clause):
            head, listing = True, False  # “；当年财政拨款基本支出…”: a statement of its own, not an item of a list
        bare = _bare(clause, year)
        if bare is None:
            return
        if head and not bare:
            continue
        if listing and _SHARE.match(clause):
            continue
        m = _STATEMENT.match(clause)
        name = _bare(m["name"], year) if m else None
        if m is None or name is None:
            head = listing = accepted = False
            continue
        label = _label(name)
        opens = "其中" in m["name"][: len(m["name"]) - len(name)]
        if head:
            accepted = label is not None and not opens
            ok = accepted
        else:
            listing = accepted if opens else listing
            ok = listing and label is not None
        if ok and label and label[0]:
            found.add(label, Decimal(m["num"]), m["unit"], f"{where}：“{_quote(sentence, clause)}”")
        head = False


def _actual(sentence: str, heading: str, year: int | None, where: str, found: Stated) -> None:
    """本年实际支出…万元 in a sentence (and under a heading) about one scope only: that scope's spending."""
    scopes = {s for s in _SCOPES if s in sentence}
    headed = {s for s in _SCOPES if s in heading}
    if len(scopes) != 1 or (headed and headed != scopes):
        return
    if any(not m[1] or (year is not None and int(m[1]) != year) for m in _OTHER_YEAR.finditer(sentence)):
        return
    for clause, _ in _clauses(sentence):
        if m := _ACTUAL.match(clause):
            name = "basic" if scopes == {"基本支出"} else "project"
            found.add(("expenditure", name), Decimal(m["num"]), m["unit"], f"{where}：“{_quote(sentence, clause)}”")


def _project_lines(sentence: str, year: int | None, where: str, found: Stated) -> None:
    """项目支出包含 A 76.04万元，B 27.19万元、…: every piece a name and its figure in one unit, or nothing."""
    bare = _bare(sentence, year)
    if bare is None or not (head := _LINES_HEAD.match(bare)):
        return
    pieces = [p.strip() for p in re.split(r"[，,；;、]", bare[head.end() :])]
    items = [_LINE_ITEM.match(p) for p in pieces if p]
    if len(items) < 2 or not all(items):
        return
    units = {m["unit"] for m in items if m}
    if len(units) != 1 or any(re.search(r"预算|上年|结余|结转|其中|占", m["name"]) for m in items if m):
        return
    rows = [(m["name"].strip(), Decimal(m["num"])) for m in items if m]
    found.project_lines.append((rows, units.pop(), f"{where}：“{_quote(sentence, sentence)}”"))


def _balance(section: str, heading: str, year: int | None, where: str, found: Stated) -> None:
    """The unit's year-end balance (累计结余) where a section on it (（三）结转和结余情况) prints one money figure
    only, stated by the unit itself: “2020年年末，我单位结转和结余项目资金660000元”.  The kind of funds it names is
    what the balance consists of; a second figure in the section (基本支出结转结余…, 其中…) leaves the field."""
    if not _BALANCE_HEADING.search(heading) or len(re.findall(_NUM, section)) != 1:
        return
    for sentence in _sentences(section.replace("\n", "。")):
        clauses = [clause for clause, _ in _clauses(sentence)]
        with_figure = [i for i, clause in enumerate(clauses) if re.search(_NUM, clause)]
        if len(with_figure) != 1:
            continue
        m = _STATEMENT.match(clauses[with_figure[0]])
        name = _bare(m["name"], year) if m else None
        if (
            m
            and name is not None
            and _BALANCE.fullmatch(name)
            and _bare("".join(clauses[: with_figure[0]]), year) == ""
        ):
            found.add(("expenditure", "balance_cumulative"), Decimal(m["num"]), m["unit"], f"{where}：“{sentence}”")


def stated(markdown: str, year: int | None) -> Stated:
    """Every labelled figure the narrative states (see the module's docstring)."""
    found = Stated()
    for number, (text, heading) in enumerate(paragraphs(markdown), 1):
        for sentence in _sentences(text):
            where = f"文字部分第{number}段"
            _statements(sentence, year, where, found)
            _actual(sentence, heading, year, where, found)
            _project_lines(sentence, year, where, found)
    for text, heading, place in sections(markdown):
        _balance(text, heading, year, place, found)
    return found


def put_stated(out: Mapped, year: int | None) -> None:
    """The tables the narrative states and the draft's tables do not already hold (a printed table comes first):
    the unit's spending, its fixed assets, the project lines; the institution left to the clerk."""
    found = stated(out.narrative, year)
    for name in ("expenditure", "fixed_assets"):
        if name in out.data or (table := found.table(name)) is None:
            continue
        fields, unit = table
        if name == "expenditure" and _held_by_classification(out, {f: v for f, (v, _) in fields.items()}, unit):
            continue
        out.data[name] = {"money_unit": unit, "rows": [{"institution": FILL, **{f: v for f, (v, _) in fields.items()}}]}
        out.sources[(name, "money_unit")] = next(iter(fields.values()))[1]
        out.sources.update({(name, "rows", "0", f): where for f, (_, where) in fields.items()})
    if "project_lines" not in out.data and len(found.project_lines) == 1:
        rows, unit, where = found.project_lines[0]
        out.data["project_lines"] = {"money_unit": unit, "rows": [{"name": n, "spent": v} for n, v in rows]}
        out.sources[("project_lines", "money_unit")] = where
        for index in range(len(rows)):
            out.sources[("project_lines", "rows", str(index), "name")] = where


_SCOPE_OF = {"basic": "基本支出", "project": "项目支出"}


def _held_by_classification(out: Mapped, fields: dict[str, Decimal], unit: str) -> bool:
    """Whether every figure of a spending row stated in prose is a scope's total the economic classification already
    holds (2023年基本支出988.30万元，具体包括：工资福利支出…): one place for the fact, not a second table of one figure."""
    block = out.data.get("economic_classification") or {}
    totals = (
        {(row.get("scope"), row.get("total")) for row in block.get("rows", [])}
        if block.get("money_unit") == unit
        else set()
    )
    return all((_SCOPE_OF.get(f), v) in totals for f, v in fields.items())
