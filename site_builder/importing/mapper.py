"""A :class:`~.document.Document` (or several, for one unit-year) as the fields of a report and its project reports.

Takes the documents; gives a :class:`~.parts.Draft`: the report's data, each project report's, the narratives, and
for every value the place it came from (``sources``, a field path → “文件 表1 第3行第2格” or “文件 第5段”).  The
reports are told apart by :mod:`.parts`; values are found by the printed labels of the forms (cover lines and label
cells: :mod:`.formfields`; table headers: :mod:`.tables`; the narrative: :mod:`.prose`); anything not
found is left out (the writer leaves it ``null`` or 【请填写】), never guessed.  A figure is the text printed in its
cell; the money unit of a table is the one its title or header prints (“（万元）”, “金额单位：万元”), otherwise
left for the clerk.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from site_builder.importing.document import Document, Paragraph, Table
from site_builder.importing.formfields import (
    FILLED_BY,
    GRADE_WORDS,
    PERSONAL_LABEL,
    cover,
    evaluators,
    goals,
    labels,
    opinions_and_signer,
)
from site_builder.importing.named import in_forms, unambiguous
from site_builder.importing.narrative import narrative_markdown, stated_figures
from site_builder.importing.parts import DEPARTMENT_TITLE, Draft, Loc, Mapped, Part, split_parts
from site_builder.importing.prose import economic_rows, internal_departments, labelled_values, official_cost_budget
from site_builder.importing.statements import put_stated
from site_builder.importing.tables import (
    COLUMNS,
    Rows,
    figure,
    find_header,
    funds_by_level,
    official_costs_by_item,
    read_rows,
    squash,
)
from site_builder.sources.placeholders import FILL

MONEY_UNIT = re.compile(r"(?:金额)?单位[：:]\s*(万元|亿元|元)|[（(](万元|亿元|元)[）)]")


# ---------------------------------------------------------------- tables

_KEYED: tuple[tuple[str, Loc, tuple[str, ...], str, tuple[str, ...]], ...] = (
    ("income", ("income",), ("收入合计",), "institution", ()),
    ("expenditure", ("expenditure",), ("支出合计", "基本支出"), "institution", ()),
    ("official_costs", ("official_costs",), ("公务接待费",), "institution", ()),
    ("fixed_assets", ("fixed_assets",), ("在用固定资产",), "institution", ()),
)


def _money_unit(part: Part, table: Table, row: int) -> str | None:
    """The money unit printed in the header rows, just above them, or in the table's caption (the one or two
    paragraphs right above the table: “年度收入情况（万元）”, “单位：万元”)."""
    for r in range(max(0, row - 2), row + 1):
        for cell in table.rows[r]:
            if m := MONEY_UNIT.search(squash(cell.text)):
                return m[1] or m[2]
    index = part.blocks.index(table)
    for above in reversed(part.blocks[max(0, index - 2) : index]):  # the caption's lines: a title, “单位：万元”
        if isinstance(above, Table):
            break
        if m := MONEY_UNIT.search(squash(above.text)):
            return m[1] or m[2]
    return None


def _put_rows(out: Mapped, loc: Loc, rows: Rows, unit: str | None, where: str) -> None:
    body: list[dict[str, Any]] = []
    for index, row in enumerate(rows.rows):
        body.append({name: value for name, (value, _) in row.items()})
        for name, (_, place) in row.items():
            out.sources[(*loc, "rows", str(index), name)] = place
    if not body:
        return
    block = out.data.setdefault(loc[0], {}) if len(loc) == 1 else out.data
    if "rows" in block:
        return
    if unit:
        block["money_unit"] = unit
        out.sources[(*loc, "money_unit")] = where
    block["rows"] = body


def _costs_by_item(part: Part, out: Mapped, year: int | None) -> None:
    """The 三公 table printed one row per cost: this year's column as the unit's row, last year's as prior_year
    (its year left to the clerk: the table prints “上年”, not the year)."""
    for table in part.tables:
        found = official_costs_by_item(table)
        columns, places = found.columns, found.places
        if "本年支出" not in columns or "official_costs" in out.data:
            continue
        unit = _money_unit(part, table, 0)
        for row, column, cell, place in found.other_cells:  # 同比变动: printed, not a field (the site computes it)
            value = figure(cell.removesuffix("%"))
            entry = {"name": f"{row}：{column}", "value": value, "unit": "%" if cell.endswith("%") else unit or None}
            out.stated.append({k: v for k, v in entry.items() if v is not None} | {"where": place, "quote": cell})
        block: dict[str, Any] = {"money_unit": unit or FILL}
        block["rows"] = [{"institution": FILL, **columns["本年支出"]}]
        for name in columns["本年支出"]:
            out.sources[("official_costs", "rows", "0", name)] = places[("本年支出", name)]
        if "上年支出" in columns:
            block["prior_year"] = {"year": FILL, "label": "上年支出", **columns["上年支出"]}
            for name in columns["上年支出"]:
                out.sources[("official_costs", "prior_year", name)] = places[("上年支出", name)]
            if printed := _prior_year(part, table, year):
                block["prior_year"]["year"] = printed[0]
                out.sources[("official_costs", "prior_year", "year")] = printed[1]
        out.data["official_costs"] = block
        out.sources[("official_costs", "money_unit")] = part.before(table) or table.name


def _prior_year(part: Part, table: Table, year: int | None) -> tuple[int, str] | None:
    """The year of the 上年 column where the text just above the table prints it (较2018年支出总额下降…) and it is
    the year before the report's; else the clerk's."""
    index = part.blocks.index(table)
    above = [b for b in part.blocks[max(0, index - 3) : index] if isinstance(b, Paragraph)]
    years = {int(y) for b in above for y in re.findall(r"较(\d{4})年", b.text)}
    if year is None or years != {year - 1}:
        return None
    return year - 1, next(b.name for b in above if f"较{year - 1}年" in b.text)


def _institution_tables(part: Part, out: Mapped, skipped: list[str]) -> None:
    for table in part.tables:
        for kind, loc, marks, key, stop in _KEYED:
            found = find_header(table, 0, kind, marks)
            if found is None or loc[0] in out.data:
                continue
            header, depth = found
            rows = read_rows(table, header, depth, kind, key, stop)
            skipped += rows.skipped
            unit = _money_unit(part, table, header)
            _put_rows(out, loc, rows, unit, f"{table.name} 第{header + 1}行")


def _plain_rows(part: Part, out: Mapped, kind: str, loc: Loc, marks: tuple[str, ...], skipped: list[str]) -> None:
    for table in part.tables:
        found = find_header(table, 0, kind, marks)
        if found is None or loc[0] in out.data:
            continue
        header, depth = found
        rows = read_rows(table, header, depth, kind, None, ("支出合计", "合计", "总分"))
        skipped += rows.skipped
        if kind == "expenditure_lines" and rows.rows:
            last = rows.rows[-1]
            if squash(str(last.get("item", ("", ""))[0])).startswith(("支出合计", "合计")) and "amount" in last:
                value, place = last["amount"]
                out.put(("expenditure_lines", "total"), value, place)
                rows.rows.pop()
            rows.rows = [r for r in rows.rows if set(r) - {"note"}]
        if kind == "budget_execution":
            rows.rows = [r for r in rows.rows if "item" in r]  # a row without its name is the next table's
        _put_rows(out, loc, rows, _money_unit(part, table, header), f"{table.name} 第{header + 1}行")
        if kind == "budget_execution" and loc[0] in out.data:
            _by_kind(table, header, out)
        if kind == "budget_execution":
            standard = {name: titles[0] for name, titles in COLUMNS[kind]}
            labels = {k: v for k, v in rows.labels.items() if k != "item" and v != standard[k]}
            if labels and loc[0] in out.data:
                out.data[loc[0]]["labels"] = labels


_BASIC_COLUMNS = (("prior_final", "决算数"), ("budget", "预算数"), ("final", "决算数"))


def _basic_data(part: Part, out: Mapped) -> None:
    """The 基础数据表 (Junshan's form): staffing, then 经费控制情况 with 上年决算 / 本年预算 / 本年决算 columns."""
    for table in part.tables:
        for r, row in enumerate(table.rows):
            titles = [squash(c.text) for c in row]
            if not titles or not titles[0].startswith("经费控制情况") or len(titles) < 4:
                continue
            if not all(titles[i + 1].endswith(end) for i, (_, end) in enumerate(_BASIC_COLUMNS)):
                continue
            block: dict[str, Any] = {
                "title": part.before(table) or FILL,
                "money_unit": _money_unit(part, table, r) or FILL,
            }
            for i, (name, _) in enumerate(_BASIC_COLUMNS):
                block[f"{name}_label"] = titles[i + 1]
            rows: list[dict[str, Any]] = []
            for below in range(r + 1, len(table.rows)):
                cells = table.rows[below]
                item = cells[0].text.strip() if cells else ""
                if not item or squash(item).startswith(("楼堂馆所", "厉行节约")):
                    break
                if re.fullmatch(r"[…\.。·]+", squash(item)):
                    continue
                values: dict[str, Any] = {"item": item}
                for i, (name, _) in enumerate(_BASIC_COLUMNS):
                    text = cells[i + 1].text.strip() if i + 1 < len(cells) else ""
                    if (value := figure(text)) is not None:
                        values[name] = value
                        out.sources[("basic_data", "rows", str(len(rows)), name)] = (
                            f"{table.name} 第{below + 1}行第{i + 2}格"
                        )
                    elif text:
                        values["note"] = text
                rows.append(values)
            block["rows"] = rows
            _basic_staffing(table, r, block, out)
            out.data["basic_data"] = block
            out.sources[("basic_data", "title")] = table.name
            return


def _basic_staffing(table: Table, end: int, block: dict[str, Any], out: Mapped) -> None:
    """财政供养人员情况 above the money rows: 编制数, 实际在职人数, 控制率 over their values."""
    for r in range(0, end):
        titles = [squash(c.text) for c in table.rows[r]]
        if not titles or not titles[0].startswith("财政供养人员") or r + 1 >= end:
            continue
        values = [c.text.strip() for c in table.rows[r + 1]]
        staffing: dict[str, Any] = {}
        for c, title in enumerate(titles):
            value = values[c] if c < len(values) else ""
            key = (
                "authorized"
                if title == "编制数"
                else "actual"
                if "实际在职" in title
                else "control_rate"
                if title == "控制率"
                else None
            )
            if key and value:
                staffing[key] = int(value) if key != "control_rate" and value.isdigit() else value
                out.sources[("basic_data", "staffing", key)] = f"{table.name} 第{r + 2}行第{c + 1}格"
        if staffing:
            block["staffing"] = staffing
        return


def _funds(part: Part, out: Mapped) -> None:
    for table in part.tables:
        groups, places, unit = funds_by_level(table)
        if groups:
            out.data["funds"] = {"money_unit": unit or FILL, **groups}
            out.sources.update({("funds", group, level): place for (group, level), place in places.items()})
            return


_BY_KIND = (
    ("by_income_source", "general_public_budget", "一般公共预算"),
    ("by_income_source", "government_fund", "政府性基金拨款"),
    ("by_income_source", "special_account", "纳入专户管理的非税收入拨款"),
    ("by_income_source", "other", "其他资金"),
    ("by_expenditure_type", "basic", "基本支出"),
    ("by_expenditure_type", "project", "项目支出"),
)


def _by_kind(table: Table, header: int, out: Mapped) -> None:
    """按收入性质分 / 按支出性质分 under the funds: “一般公共预算：1294.52”, “基本支出：988.3” in the cells."""
    for r in range(header + 1, min(header + 12, len(table.rows))):
        for c, cell in enumerate(table.rows[r]):
            if cell.merged:
                continue
            for group, name, title in _BY_KIND:
                if m := re.search(title + r"[：:]\s*(\d+(?:\.\d+)?)(?![\d.])", squash(cell.text)):
                    place = f"{table.name} 第{r + 1}行第{c + 1}格"
                    out.put(("budget_execution", group, name), Decimal(m[1]), place)


def _indicators(part: Part, out: Mapped, skipped: list[str]) -> None:
    for table in part.tables:
        found = find_header(table, 0, "indicators", ("一级指标", "二级指标"))
        hunan = found is None
        if hunan:
            found = find_header(table, 0, "indicators", ("绩效目标", "完成情况"))
        if found is None or "indicators" in out.data:
            continue
        header, depth = found
        rows = read_rows(table, header, depth, "indicators", None, ("绩效自评综合得分", "总分", "合计"))
        skipped += rows.skipped
        body: list[dict[str, Any]] = []
        carried: dict[str, tuple[str, str]] = {}
        for index, row in enumerate(rows.rows):
            values = {name: value for name, (value, _) in row.items()}
            if hunan and "level2" not in values:
                # 评价内容 spans 一级 and 二级 in the Hunan form: the two cells before 绩效目标 and 完成情况
                texts = [c.text for c in table.rows[rows.indices[index]]]
                for level, at in (("level2", -3), ("level1", -4)):
                    if len(texts) >= -at and texts[at].strip():
                        values[level] = "".join(line.strip() for line in texts[at].split("\n"))
                        row[level] = (values[level], f"{table.name} 第{rows.indices[index] + 1}行")
            if isinstance(values.get("level1"), str):
                flat = squash(str(values["level1"]))
                if m := re.fullmatch(r"(.+?)（(\d+(?:\.\d+)?)分）", flat):
                    values["level1"] = m[1]
                    weights = out.data.setdefault("indicators", {}).setdefault("group_weights", {})
                    weights[m[1]] = Decimal(m[2])
                    out.sources[("indicators", "group_weights")] = row["level1"][1]
            for level in ("level1", "level2", "level3"):
                if isinstance(values.get(level), str):  # a name broken over lines in its cell
                    values[level] = "".join(line.strip() for line in str(values[level]).split("\n"))
            for level in ("level1", "level2"):
                if level in values:
                    carried[level] = (str(values[level]), row[level][1] if level in row else "")
                elif level in carried:
                    values[level] = carried[level][0]  # a name printed once over its rows (blank below in text)
                    row[level] = carried[level]
            if re.fullmatch(r"[…\.。·]+", str(values.get("level3", ""))):
                del values["level3"]  # the form's “……” filler row: kept only to show an indicator left empty
                if any(r.get("level2") == values.get("level2") for r in body) or set(values) - {"level1", "level2"}:
                    continue
                body.append({name: values.get(name) for name, _ in COLUMNS["indicators"] if name in values})
                continue
            if not values or set(values) <= {"level1", "level2"}:
                continue
            body.append({name: values.get(name) for name, _ in COLUMNS["indicators"] if name in values})
            for name, (_, place) in row.items():
                out.sources[("indicators", "rows", str(len(body) - 1), name)] = place
        if body:
            out.data.setdefault("indicators", {})["rows"] = body
            standard = {name: titles[0] for name, titles in COLUMNS["indicators"]}
            labels = {k: v for k, v in rows.labels.items() if k in ("target", "actual", "weight", "score", "deviation")}
            labels = {k: v for k, v in labels.items() if v != standard[k]}
            if labels:
                out.data["indicators"]["labels"] = labels
        for r in range(header + depth, len(table.rows)):
            texts = [c.text for c in table.rows[r] if not c.merged]
            if squash(next((t for t in texts if t.strip()), "")) == "总分":
                numbers = [(figure(t), i) for i, t in enumerate(texts) if figure(t) is not None]
                if numbers:
                    out.put(("indicators", "total_weight"), numbers[0][0], f"{table.name} 第{r + 1}行")
                if len(numbers) > 1:  # 总分 | 分值 | 得分
                    out.put(("score", "total"), numbers[1][0], f"{table.name} 第{r + 1}行（得分）")
                break


# ---------------------------------------------------------------- narrative

_NARRATIVE_START = re.compile(r"(评价报告综述（文字部分）|^整体支出绩效评价(自评)?报告|绩效(评价|自评)报告(一、|$))")


def _narrative_lines(part: Part, narrative_only: bool) -> tuple[list[str], str]:
    """The narrative's lines and where they are: a cell that starts the 文字部分 (and what follows it), or, for a
    report printed as text only, every paragraph after its cover."""
    for table in part.tables:
        for r, row in enumerate(table.rows):
            for cell in row:
                first = squash("".join(cell.text.split("\n")[:2]))
                if not cell.merged and _NARRATIVE_START.search(first) and len(cell.text) > 200:
                    kept = [ln for ln in cell.text.split("\n") if not FILLED_BY.search(ln)]
                    return kept, f"{table.name} 第{r + 1}行"
    blocks = part.blocks
    first_table = next((i for i, b in enumerate(blocks) if isinstance(b, Table)), len(blocks))
    titled = [
        i
        for i, b in enumerate(blocks)
        if i > first_table
        and _is_department_title(b)
        and all(isinstance(after, Paragraph) for after in blocks[i + 1 : i + 3])  # text follows, not a form
    ]
    if titled:
        blocks = blocks[titled[0] :]  # the 文字部分 under its own title after the forms (a Word report, a web page)
    elif not (narrative_only or not part.tables or len(part.paragraphs) >= 20):  # else a report printed as text
        return [], ""
    if blocks:
        lines: list[str] = []
        for block in blocks:
            if isinstance(block, Table):
                lines += [
                    "| " + " | ".join(c.text.replace("\n", " ") for c in row) + " |"
                    for row in block.rows
                    if not any(PERSONAL_LABEL.match(squash(c.text)) for c in row)  # the contact's row: personal
                ]
            elif not re.fullmatch(r"附件[0-9\-]*", squash(block.text)) and not FILLED_BY.search(block.text):
                lines.append(block.text)  # the 填报人 line is personal: filled_by, not the narrative
        return lines, next((b.name for b in blocks if isinstance(b, Paragraph)), "")
    return [], ""


def _is_department_title(block: Paragraph | Table) -> bool:
    return isinstance(block, Paragraph) and len(block.text) <= 60 and bool(DEPARTMENT_TITLE.search(squash(block.text)))


def _money_fields(mapped: Mapped) -> list[tuple[str, str, str, str]]:
    """Every figure of a money table in the draft: (field path, figure as printed, money unit, printed name)."""
    from site_builder.accounts import EconomicRow, ExpenditureRow, FixedAssetsRow, IncomeRow, OfficialCostFigures

    titles: dict[str, type[BaseModel]] = {
        "expenditure": ExpenditureRow,
        "official_costs": OfficialCostFigures,
        "fixed_assets": FixedAssetsRow,
    }
    titles["income"] = IncomeRow
    titles["economic_classification"] = EconomicRow
    out: list[tuple[str, str, str, str]] = []
    for table, model in titles.items():
        block = mapped.data.get(table)
        if not block or not block.get("money_unit"):
            continue
        for index, row in enumerate(block["rows"]):
            for name, value in row.items():
                info = model.model_fields.get(name)
                if info is None or not isinstance(value, Decimal):
                    continue
                out.append(
                    (f"{table}.rows[{index}].{name}", format(value, "f"), block["money_unit"], info.title or name)
                )
    return out


# ---------------------------------------------------------------- the draft


def _map(part: Part, project: bool, skipped: list[str], year: int | None) -> Mapped:
    out = Mapped()
    cover(part, out, project)
    labels(part, out, project)
    if project:
        _funds(part, out)
    else:
        _basic_data(part, out)
        _institution_tables(part, out, skipped)
        _costs_by_item(part, out, year)
    _plain_rows(part, out, "expenditure_lines", ("expenditure_lines",), ("支出内容", "实际支出数"), skipped)
    _plain_rows(part, out, "budget_execution", ("budget_execution",), ("年初预算",), skipped)
    goals(part, out)
    _indicators(part, out, skipped)
    evaluators(part, out)
    opinions_and_signer(part, out)
    lines, where = _narrative_lines(part, narrative_only=not out.data.keys() - {"cover"})
    out.narrative = narrative_markdown(lines)
    if out.narrative:
        out.sources[("narrative",)] = where
        if not project:
            _from_prose(out)
            put_stated(out, year)
    figures = out.stated + (stated_figures(out.narrative, _money_fields(out)) if out.narrative else [])
    if figures:
        out.data["stated_figures"] = figures
    return out


def _from_prose(out: Mapped) -> None:
    """What the narrative prints next to its titles: spending by economic classification, internal departments."""
    rows, unit, places = economic_rows(out.narrative)
    if rows and unit:
        out.data["economic_classification"] = {"money_unit": unit, "rows": rows}
        out.sources[("economic_classification", "money_unit")] = places[0]
        for index, (row, place) in enumerate(zip(rows, places, strict=True)):
            for name in row:
                out.sources[("economic_classification", "rows", str(index), name)] = place
    costs = out.data.get("official_costs")
    if (budget := official_cost_budget(out.narrative)) and (costs is None or costs.get("money_unit") == budget[1]):
        block = out.data.setdefault("official_costs", {"money_unit": budget[1]})
        block.setdefault("rows", [])
        block["budget"] = budget[0]
        out.sources.update({("official_costs", "budget", name): budget[2] for name in budget[0]})
    if found := internal_departments(out.narrative):
        out.put(("staffing", "internal_departments"), found[0], found[1])
    for loc, value, place in labelled_values(out.narrative):
        if loc == ("score", "grade") and value in GRADE_WORDS:
            out.put(("score", "grade_printed"), value, place)
            value = GRADE_WORDS[value]
        out.put(loc, int(value) if loc[0] == "staffing" else Decimal(value) if loc[1] == "total" else value, place)


def map_documents(documents: list[Document], year: int | None = None) -> Draft:
    """The draft of the documents; ``year`` (the report's) tells the narrative's figures of this year from others'."""
    report_part, project_parts = split_parts(documents)
    skipped: list[str] = []
    report = _map(report_part, False, skipped, year)
    projects = [_map(part, True, skipped, year) for part in project_parts]
    drafts = [report, *projects]
    figures = [  # the figures named in the narratives and in the forms' text cells, settled for the whole draft
        (
            m.data.get("stated_figures", []) + in_forms(m.data, m is not report),
            m.data.get("name") if m is not report else None,
        )
        for m in drafts
    ]
    for mapped, kept in zip(drafts, unambiguous(figures), strict=True):
        mapped.data.pop("stated_figures", None)
        if kept:
            mapped.data["stated_figures"] = kept
    return Draft(report, projects, skipped)
