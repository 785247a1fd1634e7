"""The printed tables of a report recognised by their column titles, and their rows read into the schema's fields.

Takes a :class:`~.document.Table` and a header row found in it; gives rows of field values, each with its source
(the table and cell it came from).  Columns are found by the printed titles of :mod:`site_builder.accounts` and
:mod:`site_builder.schema` and their usual other names.  On a real grid (Word, Excel, a web page) a column is where
its title is; in pasted text, where the covered cells of a merge are missing, the titles are taken in the order
the schema (and the printed form) lists them, right-aligned to the figures.  A figure is kept as printed (text of
digits); a cell that is not a plain number is left out and reported, never converted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from site_builder.importing.document import Cell, Table

Found = tuple[object, str]  # a value and where it came from


def squash(text: str) -> str:
    """A title as compared: no white space of any kind, full-width brackets."""
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$", re.ASCII)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")


def figure(text: str) -> Decimal | None:
    """A cell's figure as printed (``48929.9``, ``-28.78``, ``130.50`` with its last digit), or None for a blank or
    anything not a plain number: a Decimal made from the printed digits, so that the YAML writes them unchanged.
    Thousands separators (``48,929.9``, only in groups of three) and full-width digits are how the same digits are
    printed, not a conversion."""
    stripped = text.strip().replace("\u3000", "").replace("\xa0", "").translate(_FULL_WIDTH)
    return Decimal(stripped.replace(",", "")) if NUMBER.match(stripped) else None


COLUMNS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "income": (
        ("total", ("收入合计",)),
        ("carried_over", ("上年结转",)),
        ("public_finance", ("公共财政拨款",)),
        ("government_fund", ("政府基金拨款",)),
        ("special_account", ("纳入专户管理的非税收入拨款",)),
        ("other", ("其他收入",)),
    ),
    "expenditure": (
        ("total", ("支出合计",)),
        ("basic", ("基本支出",)),
        ("personnel", ("人员支出",)),
        ("public", ("公用支出",)),
        ("project", ("项目支出",)),
        ("balance_year", ("当年结余",)),
        ("balance_cumulative", ("累计结余",)),
    ),
    "official_costs": (
        ("total", ("合计", "三公经费合计")),
        ("reception", ("公务接待费",)),
        ("vehicle_operation", ("公务用车运维费",)),
        ("vehicle_purchase", ("公务用车购置费",)),
        ("overseas_travel", ("因公出国费", "因公出国（境）费")),
    ),
    "fixed_assets": (
        ("total", ("合计", "固定资产合计")),
        ("in_use", ("在用固定资产",)),
        ("leased", ("出租固定资产",)),
        ("other", ("其他",)),
    ),
    "expenditure_lines": (
        ("item", ("支出内容",)),
        ("amount", ("实际支出数",)),
        ("voucher", ("会计凭证号",)),
        ("note", ("备注",)),
    ),
    "budget_execution": (
        ("item", ("项目", "资金来源")),
        ("initial_budget", ("年初预算数", "年初预算")),
        ("full_year_budget", ("全年预算数", "调整后预算数")),
        ("executed", ("全年执行数", "预算执行数")),
        ("weight", ("分值", "权重")),
        ("execution_rate", ("执行率", "预算执行率")),
        ("score", ("得分",)),
        ("reason", ("原因",)),
    ),
    "indicators": (
        ("level1", ("一级指标",)),
        ("level2", ("二级指标",)),
        ("level3", ("三级指标", "指标内容", "指标名称")),
        ("nature", ("指标性质",)),
        ("target", ("年度指标值", "指标（目标）值", "指标值", "绩效目标", "年度目标值")),
        ("measure_unit", ("度量单位",)),
        ("actual", ("实际完成值", "完成情况", "实际完成")),
        ("weight", ("分值", "权重")),
        ("score", ("得分",)),
        ("deviation", ("偏差原因分析及改进措施", "未完成原因分析", "偏差原因分析")),
    ),
}
"""Each table's columns in the order the schema and the printed forms list them, with the titles they go by."""

KEY_TITLES = frozenset({"机构名称", "项目", "支出内容", "评价内容", "一级指标"})
"""Titles of a header's first column."""

TEXT_COLUMNS = {"item", "voucher", "note", "level1", "level2", "level3", "nature", "target", "measure_unit"}
TEXT_COLUMNS |= {"actual", "deviation", "execution_rate", "reason"}

KIND_MARKS: dict[str, tuple[str, ...]] = {
    "income": ("收入合计",),
    "expenditure": ("支出合计",),
    "official_costs": ("公务接待费",),
    "fixed_assets": ("在用固定资产",),
    "expenditure_lines": ("支出内容", "实际支出数"),
    "budget_execution": ("全年执行数",),
    "budget_execution_sc": ("预算执行数",),
    "indicators": ("一级指标", "二级指标"),
    "indicators_hunan": ("评价内容", "绩效目标", "完成情况"),
}
"""The titles that, all in one header row (or the two below it), say which table this is."""


def title_of(text: str, kind: str) -> str | None:
    """The field a printed column title names in a table of ``kind``."""
    s = squash(text).rstrip("：:")
    for name, titles in COLUMNS[kind]:
        if any(s == t or (len(t) > 3 and s.startswith(t)) for t in titles):
            return name
    return None


@dataclass
class Rows:
    """A table's rows as field values with their sources; the printed titles that differ from the standard."""

    kind: str
    rows: list[dict[str, Found]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    end: int = 0  # the row after the last one read
    indices: list[int] = field(default_factory=list)  # the table row of each row read
    skipped: list[str] = field(default_factory=list)  # cells with text where a figure was expected


def _header_columns(table: Table, start: int, depth: int, kind: str) -> tuple[list[str | None], dict[str, str]]:
    """On a grid: the field of each column, from the lowest header row that names one."""
    width = max(len(table.rows[r]) for r in range(start, start + depth))
    columns: list[str | None] = [None] * width
    labels: dict[str, str] = {}
    for r in range(start, start + depth):
        for c, cell in enumerate(table.rows[r]):
            name = title_of(cell.text, kind)
            if name and name not in columns[:c] + columns[c + 1 :]:
                columns[c] = name
                labels[name] = squash(cell.text)
    return columns, labels


def _ordered_titles(table: Table, start: int, depth: int, kind: str) -> tuple[list[str], dict[str, str]]:
    """In pasted text: the fields the header names, in the order the form lists them."""
    found: dict[str, str] = {}
    for r in range(start, start + depth):
        for cell in table.rows[r]:
            name = title_of(cell.text, kind)
            if name and name not in found:
                found[name] = squash(cell.text)
    order = [name for name, _ in COLUMNS[kind] if name in found]
    return order, found


def _text_columns(table: Table, start: int, depth: int, kind: str, width: int) -> list[str | None]:
    """In pasted text whose rows keep a blank for each cell covered from above but lose the columns a cell spans
    (``|`` or tab rows): the field of each of a ``width``-cell row's columns.  A header row of that width names
    columns by position; a shorter one (a title over two columns collapsed into one) right-aligned, for the columns
    still unnamed (the titles right of the collapsed one)."""
    header = [table.rows[r] for r in range(start, start + depth)]  # the header found first, then the rows above
    header += [table.rows[r] for r in (start - 1, start - 2) if r >= 0 and _titles_only(table.rows[r], kind)]
    columns: list[str | None] = [None] * width
    for exact in (True, False):
        for row in header:
            if (len(row) == width) != exact or len(row) > width:
                continue
            offset = width - len(row)
            for i, cell in enumerate(row):
                name = title_of(cell.text, kind)
                if name and columns[i + offset] is None and name not in columns:
                    columns[i + offset] = name
    return columns


def _positional(table: Table, start: int, depth: int, kind: str, width: int) -> bool:
    """Whether a header row has exactly ``width`` cells, so the text's rows keep their columns' places."""
    return any(len(table.rows[r]) == width for r in range(start, start + depth)) and (
        sum(name is not None for name in _text_columns(table, start, depth, kind, width)) >= 3
    )


def _titles_only(row: list[Cell], kind: str) -> bool:
    """A header row above the one found: titles of ``kind`` and no figure."""
    return any(title_of(c.text, kind) for c in row) and not any(figure(c.text) is not None for c in row)


def read_rows(table: Table, start: int, depth: int, kind: str, key: str | None, stop: tuple[str, ...]) -> Rows:
    """The rows below a header of ``depth`` rows at ``start``: ``key`` is the field of the first cell (the
    institution or item), ``stop`` the titles of the row that ends the table (e.g. 支出合计)."""
    out = Rows(kind)
    grid_columns, labels = _header_columns(table, start, depth, kind) if table.grid else ([], {})
    order, found = _ordered_titles(table, start, depth, kind)
    out.labels = labels or found
    if kind == "budget_execution" and "item" not in grid_columns and "initial_budget" in grid_columns:
        before = grid_columns.index("initial_budget") - 1  # the rows' names stand under an empty title
        while before > 0 and grid_columns[before - 1] is None and not table.text(start, before - 1).strip():
            before -= 1  # the first column of that empty title (a name spanning two columns starts there)
        if before >= 0 and grid_columns[before] is None:
            grid_columns[before] = "item"
    r = start + depth
    while r < len(table.rows):
        cells = table.rows[r]
        texts = [c.text for c in cells]
        first = squash(texts[0]) if texts else ""
        if (any(title_of(t, kind) for t in texts[1:]) and r > start + depth) or first in KEY_TITLES:
            break  # another header
        if re.match(r"^[一二三四五六七八九十]+、", first):
            break  # the next section of the form
        if key and len([c for c in cells if not c.merged]) == 1 and texts[0].strip():
            break  # a title over the whole width: the next table's
        if not any(t.strip() for t in texts) and not table.grid:
            r += 1
            continue
        if key is None and stop and kind != "expenditure_lines":
            if any(squash(t).startswith(stop) for t in texts if t.strip()):
                break
        values: dict[str, Found] = {}
        pairs: list[tuple[str | None, int]]
        if table.grid and grid_columns:
            pairs = [(grid_columns[c] if c < len(grid_columns) else None, c) for c in range(len(cells))]
            if key:
                pairs = [(key if c == 0 else name, c) for name, c in pairs]
        elif kind == "expenditure_lines" and len(cells) != len(order):
            pairs = _line_pairs(cells)
        elif kind in ("budget_execution", "indicators") and _positional(table, start, depth, kind, len(cells)):
            columns = _text_columns(table, start, depth, kind, len(cells))
            if kind == "budget_execution" and "item" not in columns and "initial_budget" in columns:
                at = columns.index("initial_budget") - 1  # the rows' names stand under an empty title
                columns[at] = "item" if at >= 0 and columns[at] is None else columns[at]
            pairs = list(zip(columns, range(len(cells)), strict=True))
        else:
            names: list[str] = ([key] if key else []) + [n for n in order if n != key]
            if kind == "budget_execution" and "item" not in names:
                names = ["item", *names]  # the rows' names stand under an empty title
            offset = len(cells) - len(names)
            if offset < 0 and key:
                names = [key] + names[len(names) - len(cells) + 1 :]
                offset = 0
            pairs = [(names[i - offset] if 0 <= i - offset < len(names) else None, i) for i in range(len(cells))]
        numeric = 0
        for name, c in pairs:
            if name is None or cells[c].merged and name != key and name not in ("level1", "level2"):
                continue
            text = cells[c].text.strip()
            where = f"{table.name} 第{r + 1}行第{c + 1}格"
            if name == key or name in TEXT_COLUMNS:
                if text and name not in values:
                    values[name] = (text, where)
                continue
            number = figure(text)
            if number is not None:
                values[name] = (number, where)
                numeric += 1
            elif text:
                out.skipped.append(f"{where}“{text[:20]}”")
        if kind not in ("indicators", "expenditure_lines", "budget_execution") and key and numeric == 0:
            if not (key in values and r + 1 < len(table.rows)):
                break
        if values:
            out.rows.append(values)
            out.indices.append(r)
        r += 1
        if stop and first.startswith(stop):
            break
    out.end = r
    return out


def _line_pairs(cells: list[Cell]) -> list[tuple[str | None, int]]:
    """A pasted expenditure line whose cells do not line up with the titles (a merged cell split in two): the
    first text is the item, the first figure after it the amount, a last text after that the note."""
    filled = [i for i, c in enumerate(cells) if c.text.strip()]
    pairs: list[tuple[str | None, int]] = []
    if not filled:
        return pairs
    pairs.append(("item", filled[0]))
    amount = next((i for i in filled[1:] if figure(cells[i].text) is not None), None)
    if amount is not None:
        pairs.append(("amount", amount))
    if filled[-1] not in (filled[0], amount):
        pairs.append(("note", filled[-1]))
    return pairs


def _has_mark(cells: list[str], mark: str) -> bool:
    return any(t == mark or t.startswith(mark) for t in cells)


def find_header(table: Table, start: int, kind: str, marks: tuple[str, ...]) -> tuple[int, int] | None:
    """The first header at or after row ``start`` that prints every one of ``marks`` (the first in its top row,
    the others there or in the two rows below): its row and how many rows it spans (the rows below that name a
    column and hold no figure)."""
    for r in range(start, len(table.rows)):
        top = [squash(c.text) for c in table.rows[r]]
        if any(figure(c.text) is not None for c in table.rows[r] if not c.merged):
            continue  # a header prints titles, not figures
        named = top and top[0] in KEY_TITLES and any(title_of(t, kind) for t in top[1:])
        if not _has_mark(top, marks[0]) and not named:
            continue
        below = [squash(c.text) for row in table.rows[r : r + 3] for c in row]
        if not all(_has_mark(below, m) for m in marks):
            continue
        depth = 1
        while r + depth < len(table.rows) and depth < 3:
            cells = table.rows[r + depth]
            if any(figure(c.text) is not None for c in cells if not c.merged):
                break
            if not any(title_of(c.text, kind) for c in cells):
                break
            depth += 1
        return r, depth
    return None


_FUND_GROUPS = (("计划安排资金", "planned"), ("实际到位资金", "received"), ("实际支出", "spent"), ("结余", "balance"))
_FUND_LEVELS: tuple[tuple[str, str], ...] = (
    ("中央财政", "central"),
    ("省财政", "provincial"),
    ("市财政", "city"),
    ("县市区财政", "county"),
    ("其它", "other"),
    ("其他", "other"),
)


def funds_by_level(table: Table) -> tuple[dict[str, dict[str, Decimal]], dict[tuple[str, str], str], str | None]:
    """The Hunan project form's 项目资金: label and figure side by side, 计划安排 / 实际到位 / 实际支出 / 结余 in a row,
    then 其中：中央财政 … 其它 below each.  Gives each group's figures, their places and the printed money unit."""
    groups: dict[str, dict[str, Decimal]] = {}
    places: dict[tuple[str, str], str] = {}
    unit = None
    for r, row in enumerate(table.rows):
        cells = [c for c in row if not c.merged]
        names = [squash(c.text) for c in cells]
        heads = [(i, key) for i, n in enumerate(names) for title, key in _FUND_GROUPS if n.startswith(title)]
        if len(heads) < 3:
            continue
        order = [key for _, key in heads]
        for i, key in heads:
            unit = unit or next((u for u in ("万元", "亿元", "元") if f"（{u}）" in names[i]), None)
            if i + 1 < len(cells) and (value := figure(cells[i + 1].text)) is not None:
                groups.setdefault(key, {})["total"] = value
                places[(key, "total")] = f"{table.name} 第{r + 1}行第{i + 2}格"
        for below in range(r + 1, min(r + 8, len(table.rows))):
            cells = [c for c in table.rows[below] if not c.merged]
            labels = [(i, squash(c.text).removeprefix("其中：").removeprefix("其中:")) for i, c in enumerate(cells)]
            found = [(i, key) for i, label in labels for title, key in _FUND_LEVELS if label == title]
            if not found:
                break
            for group, (i, level) in zip(order, found, strict=False):
                if i + 1 < len(cells) and (value := figure(cells[i + 1].text)) is not None:
                    groups.setdefault(group, {})[level] = value
                    places[(group, level)] = f"{table.name} 第{below + 1}行第{i + 2}格"
        break
    return groups, places, unit


_COST_ITEMS = (
    ("因公出国（境）费", "overseas_travel"),
    ("因公出国费", "overseas_travel"),
    ("公务接待费", "reception"),
    ("公务用车购置及运行费", "vehicle_total"),
    ("公务车运行维护费", "vehicle_operation"),
    ("公务用车运行维护费", "vehicle_operation"),
    ("公务用车运维费", "vehicle_operation"),
    ("公务用车购置费", "vehicle_purchase"),
    ("合计", "total"),
)


@dataclass
class CostsByItem:
    """A 三公 table printed one row per cost: ``columns`` ``{"本年支出": {field: figure}, "上年支出": {…}}`` with
    each figure's place, and ``other_cells``, the figures of the columns no field holds (同比变动 金额, 占比):
    (row as printed, column title, cell as printed, place)."""

    columns: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    places: dict[tuple[str, str], str] = field(default_factory=dict)
    other_cells: list[tuple[str, str, str, str]] = field(default_factory=list)


def official_costs_by_item(table: Table) -> CostsByItem:
    """A 三公 table printed the other way round: one row per cost (因公出国（境）费用, 公务接待费 …), columns 本年支出
    and 上年支出; a column's title may go on in the row below it (同比变动 / 金额, 占比)."""
    for r, row in enumerate(table.rows):
        titles = [squash(c.text) for c in row]
        columns = {t: i for i, t in enumerate(titles) if t in ("本年支出", "上年支出")}
        if len(columns) < 2:
            continue
        found = CostsByItem()
        below_titles = [squash(c.text) for c in table.rows[r + 1]] if r + 1 < len(table.rows) else []
        if any(figure(t) is not None for t in below_titles):
            below_titles = []  # the row below holds figures: the header is one row
        for below in range(r + 1 + bool(below_titles), len(table.rows)):
            cells = table.rows[below]
            item = squash(cells[0].text).removeprefix("其中：") if cells else ""
            name = next((key for title, key in _COST_ITEMS if item.startswith(title)), None)
            if name is None and item not in ("合计", "总计"):
                continue
            for index, cell in enumerate(cells[1:], start=1):
                place = f"{table.name} 第{below + 1}行第{index + 1}格"
                column = next((c for c, i in columns.items() if i == index), None)
                if column and name and (value := figure(cell.text)) is not None:
                    found.columns.setdefault(column, {})[name] = value
                    found.places[(column, name)] = place
                elif column is None and figure((text := cell.text.strip()).removesuffix("%")) is not None:
                    title = next((t for t in reversed(titles[: index + 1]) if t), "")
                    sub = below_titles[index] if index < len(below_titles) else ""
                    found.other_cells.append((item, title + sub, text, place))
        return found
    return CostsByItem()
