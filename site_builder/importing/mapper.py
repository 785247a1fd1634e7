"""A :class:`~.document.Document` (or several, for one unit-year) as the fields of a report and its project reports.

Takes the documents; gives a :class:`Draft`: the report's data, each project report's, the narratives, and for
every value the place it came from (``sources``, a field path → “文件 表1 第3行第2格” or “文件 第5段”).  Values are
found by the printed labels of the forms (cover lines, label cells, table headers: :mod:`.tables`); anything not
found is left out (the writer leaves it ``null`` or 【请填写】), never guessed.  A figure is the text printed in its
cell; the money unit of a table is the one its title or header prints (“（万元）”, “金额单位：万元”), otherwise
left for the clerk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from site_builder.importing.document import Document, Paragraph, Table
from site_builder.importing.narrative import narrative_markdown, stated_figures
from site_builder.importing.prose import economic_rows, internal_departments, labelled_values
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

Loc = tuple[str, ...]

PROJECT_TITLE = re.compile(r"项目(支出)?绩效(评价)?自评(报告|表)$")
DEPARTMENT_TITLE = re.compile(r"整体支出绩效(评价)?(自评)?(报告|表)$")
MONEY_UNIT = re.compile(r"(?:金额)?单位[：:]\s*(万元|亿元|元)|[（(](万元|亿元|元)[）)]")


@dataclass
class Part:
    """One report inside the documents: its cover paragraphs, tables and narrative paragraphs."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    blocks: list[Paragraph | Table] = field(default_factory=list)  # both, in reading order

    def add(self, block: Paragraph | Table) -> None:
        (self.paragraphs if isinstance(block, Paragraph) else self.tables).append(block)  # type: ignore[arg-type]
        self.blocks.append(block)

    def before(self, table: Table) -> str:
        """The text just above ``table`` (where a pasted table's “金额单位：万元” stands)."""
        index = self.blocks.index(table)
        above = self.blocks[index - 1] if index else None
        return above.text if isinstance(above, Paragraph) else ""


@dataclass
class Mapped:
    data: dict[str, Any] = field(default_factory=dict)
    sources: dict[Loc, str] = field(default_factory=dict)
    narrative: str = ""

    def put(self, loc: Loc, value: Any, where: str) -> None:
        if value is None or value == "":
            return
        target = self.data
        for key in loc[:-1]:
            target = target.setdefault(key, {})
        if loc[-1] not in target:
            target[loc[-1]] = value
            self.sources[loc] = where


@dataclass
class Draft:
    report: Mapped
    projects: list[Mapped]
    skipped: list[str]


# ---------------------------------------------------------------- parts


def split_parts(documents: list[Document]) -> tuple[Part, list[Part]]:
    """The department report's part and each project report's (a new part at each project cover title)."""
    report = Part()
    projects: list[Part] = []
    current = report
    for document in documents:
        for block in (piece for b in document.blocks for piece in _cut_at_titles(b)):
            if isinstance(block, Paragraph) and PROJECT_TITLE.search(squash(block.text)):
                annex = [p for p in current.paragraphs[-1:] if re.fullmatch(r"附件[0-9\-—－]*", squash(p.text))]
                current.paragraphs = current.paragraphs[: len(current.paragraphs) - len(annex)]
                current.blocks = [b for b in current.blocks if b not in annex]
                current = Part()
                for paragraph in annex:
                    current.add(paragraph)
                projects.append(current)
            if isinstance(block, Paragraph) and current is not report and DEPARTMENT_TITLE.search(squash(block.text)):
                current = report  # the department report's own part again (its narrative after the forms)
            if isinstance(block, Table) and _project_form(block) and current is report:
                if report.tables or not report.paragraphs:
                    current = Part()
                    projects.append(current)
            current.add(block)
    return report, projects


def _cut_at_titles(block: Paragraph | Table) -> list[Paragraph | Table]:
    """A pasted table that runs on into a project form (one table in the text) cut where the form's title stands."""
    if not isinstance(block, Table):
        return [block]
    cuts = [
        r
        for r, row in enumerate(block.rows)
        if r >= 3 and any(PROJECT_TITLE.search(squash(c.text)) and len(squash(c.text)) < 40 for c in row)
    ]
    pieces: list[Paragraph | Table] = []
    for start, end in zip([0, *cuts], [*cuts, len(block.rows)], strict=True):
        if block.rows[start:end]:
            pieces.append(
                Table(block.rows[start:end], block.name + (f" 第{start + 1}行起" if start else ""), block.grid)
            )
    return pieces


def _project_form(table: Table) -> bool:
    """A 项目支出绩效自评表 given on its own (an Excel sheet): its title in the first rows."""
    return any(PROJECT_TITLE.search(squash(c.text)) for row in table.rows[:3] for c in row)


# ---------------------------------------------------------------- cover lines

_COVER_LINES: tuple[tuple[str, Loc], ...] = (
    (r"部门（单位）名称", ("cover", "unit_name")),
    (r"预算编码", ("cover", "budget_code")),
    (r"评价类型", ("cover", "evaluation_type")),
    (r"评价方式", ("cover", "evaluation_method")),
    (r"评价机构", ("cover", "evaluating_body")),
    (r"报告日期", ("cover", "report_date")),
    (r"项目名称", ("name",)),
    (r"项目单位", ("project_unit",)),
    (r"主管部门", ("department",)),
    (r"实施单位", ("implementing_unit",)),
)


def _date(text: str) -> str | None:
    m = re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", text)
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None


def _cover(part: Part, out: Mapped, project: bool) -> None:
    title: list[str] = []
    title_where = ""
    for para in part.paragraphs:
        text = para.text.strip()
        flat = squash(text)
        if re.fullmatch(r"附件[0-9０-９\-—－]*", flat):
            out.put(("cover", "annex"), flat, para.name)
            continue
        if flat.endswith("（制）"):
            out.put(("cover", "issued_by"), flat, para.name)
            continue
        for label, loc in _COVER_LINES:
            if flat.startswith(label) and (project or loc[0] == "cover"):
                value = re.sub(r"^" + label + r"[：:（(盖章)）\s]*", "", flat.replace("(", "（").replace(")", "）"))
                value = re.sub(r"^[：:]", "", value)
                if loc[-1] == "report_date":
                    value = _date(text) or ""
                elif loc[-1] == "budget_code" and not value.isdigit():
                    value = ""
                elif loc[-1] == "evaluation_type":
                    value = " ".join(text.split("：", 1)[-1].split())
                out.put(loc, value, para.name)
                break
        else:
            if (
                not out.sources.get(("cover", "unit_name"))
                and len(title) < 3
                and not re.match(r"^[一二三四五六七八九十]+、", flat)
            ):
                if len(flat) <= 60 and not out.data.get("cover", {}).get("title"):
                    title.append(flat)
                    title_where = title_where or para.name
                    if flat.endswith(("报告", "自评表")):
                        out.put(("cover", "title"), "".join(title), title_where)
            continue


# ---------------------------------------------------------------- label cells


def _int(text: str) -> int | None:
    m = re.fullmatch(r"\s*(\d+)\s*(人|个)?\s*", text)
    return int(m[1]) if m else None


def _score(text: str) -> str | None:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*分?\s*", text)
    return m[1] if m else None


_LABELS: tuple[tuple[str, Loc, str], ...] = (
    ("联系人", ("contact", "name"), "text"),
    ("联系电话", ("contact", "phone"), "phone"),
    ("人员编制", ("staffing", "authorized"), "int"),
    ("实有人数", ("staffing", "actual"), "int"),
    ("职能职责概述", ("functions",), "block"),
    ("年度主要工作内容", ("main_work",), "block"),
    ("绩效自评综合得分", ("score", "total"), "score"),
    ("评价等次", ("score", "grade"), "grade"),
    ("项目负责人", ("leader", "name"), "text"),
    ("项目名称", ("name",), "text"),
    ("项目支出名称", ("name",), "text"),
    ("主管部门", ("department",), "text"),
    ("实施单位", ("implementing_unit",), "text"),
    ("项目地址", ("address",), "text"),
    ("邮编", ("postcode",), "digits"),
    ("项目起止时间", ("period",), "text"),
    ("年度部门（单位）总体运行情况及取得的成绩", ("achievements",), "block"),
)


def _value(kind: str, text: str) -> Any:
    text = text.strip()
    if kind == "int":
        return _int(text)
    if kind == "score":
        return _score(text)
    if kind == "grade":
        return text if text in ("优", "良", "中", "差") else None
    if kind == "digits":
        return text if text.isdigit() else None
    if kind == "phone":
        return text if re.fullmatch(r"[0-9０-９+（）()\-－ ]{5,20}", text) else None
    if kind == "block":
        return "\n".join(line.strip() for line in text.split("\n") if line.strip()) + "\n"
    return text or None


def _labels(part: Part, out: Mapped, project: bool) -> None:
    for table in part.tables:
        for r, row in enumerate(table.rows):
            texts = [squash(c.text).rstrip("：:") for c in row]
            for c, label in enumerate(texts):
                for name, loc, kind in _LABELS:
                    if label != name:
                        continue
                    if not project and loc[0] in ("name", "department", "implementing_unit", "leader"):
                        continue
                    if project and loc[0] == "contact":
                        loc = ("leader", "phone") if loc[1] == "phone" else loc
                    nxt = next((x for x in row[c + 1 :] if not x.merged and x.text.strip()), None)
                    if nxt is not None and squash(nxt.text) not in {n for n, _, _ in _LABELS}:
                        out.put(loc, _value(kind, nxt.text), f"{table.name} 第{r + 1}行第{row.index(nxt) + 1}格")


# ---------------------------------------------------------------- tables

_KEYED: tuple[tuple[str, Loc, tuple[str, ...], str, tuple[str, ...]], ...] = (
    ("income", ("income",), ("收入合计",), "institution", ()),
    ("expenditure", ("expenditure",), ("支出合计", "基本支出"), "institution", ()),
    ("official_costs", ("official_costs",), ("公务接待费",), "institution", ()),
    ("fixed_assets", ("fixed_assets",), ("在用固定资产",), "institution", ()),
)


def _money_unit(table: Table, row: int) -> str | None:
    for r in range(max(0, row - 2), row + 1):
        for cell in table.rows[r]:
            if m := MONEY_UNIT.search(squash(cell.text)):
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


def _costs_by_item(part: Part, out: Mapped) -> None:
    """The 三公 table printed one row per cost: this year's column as the unit's row, last year's as prior_year
    (its year left to the clerk: the table prints “上年”, not the year)."""
    for table in part.tables:
        columns, places = official_costs_by_item(table)
        if "本年支出" not in columns or "official_costs" in out.data:
            continue
        unit = _money_unit(table, 0) or next(iter(MONEY_UNIT.findall(squash(part.before(table)))[0:1]), None)
        block: dict[str, Any] = {"money_unit": (unit and next(u for u in unit if u)) or FILL}
        block["rows"] = [{"institution": FILL, **columns["本年支出"]}]
        for name in columns["本年支出"]:
            out.sources[("official_costs", "rows", "0", name)] = places[("本年支出", name)]
        if "上年支出" in columns:
            block["prior_year"] = {"year": FILL, "label": "上年支出", **columns["上年支出"]}
            for name in columns["上年支出"]:
                out.sources[("official_costs", "prior_year", name)] = places[("上年支出", name)]
        out.data["official_costs"] = block
        out.sources[("official_costs", "money_unit")] = part.before(table) or table.name


def _institution_tables(part: Part, out: Mapped, skipped: list[str]) -> None:
    for table in part.tables:
        for kind, loc, marks, key, stop in _KEYED:
            found = find_header(table, 0, kind, marks)
            if found is None or loc[0] in out.data:
                continue
            header, depth = found
            rows = read_rows(table, header, depth, kind, key, stop)
            skipped += rows.skipped
            unit = _money_unit(table, header)
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
        _put_rows(out, loc, rows, _money_unit(table, header), f"{table.name} 第{header + 1}行")
        if kind == "budget_execution" and loc[0] in out.data:
            _by_kind(table, header, out)
        if kind == "budget_execution":
            standard = {name: titles[0] for name, titles in COLUMNS[kind]}
            labels = {k: v for k, v in rows.labels.items() if k != "item" and v != standard[k]}
            if labels and loc[0] in out.data:
                out.data[loc[0]]["labels"] = labels


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
                    out.put(("budget_execution", group, name), m[1], f"{table.name} 第{r + 1}行第{c + 1}格")


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
        carried: dict[str, str] = {}
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
                    weights[m[1]] = m[2]
                    out.sources[("indicators", "group_weights")] = row["level1"][1]
            for level in ("level1", "level2", "level3"):
                if isinstance(values.get(level), str):  # a name broken over lines in its cell
                    values[level] = "".join(line.strip() for line in str(values[level]).split("\n"))
            for level in ("level1", "level2"):
                if level in values:
                    carried[level] = str(values[level])
                elif level in carried:
                    values[level] = carried[level]
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
                numbers = [(figure(t), i) for i, t in enumerate(texts) if figure(t)]
                if numbers:
                    out.put(("indicators", "total_weight"), numbers[0][0], f"{table.name} 第{r + 1}行")
                if len(numbers) > 1:  # 总分 | 分值 | 得分
                    out.put(("score", "total"), numbers[1][0], f"{table.name} 第{r + 1}行（得分）")
                break


def _goals(part: Part, out: Mapped) -> None:
    for table in part.tables:
        for r, row in enumerate(table.rows):
            texts = [squash(c.text) for c in row]
            if "预期目标" in texts or "预期目标" in [t.replace("预期目标", "预期目标") for t in texts]:
                pass
            if not any(t.startswith(("预期目标", "预期")) for t in texts) or not any(
                t.startswith("实际完成") for t in texts
            ):
                continue
            goals: list[dict[str, Any]] = []
            nxt = r + 1
            while nxt < len(table.rows):
                cells = [c for c in table.rows[nxt] if not c.merged]
                texts2 = [c.text.strip() for c in cells]
                if len(texts2) < 2 or any(
                    squash(t).startswith(("项目绩效定量", "整体支出", "一级指标", "评价内容")) for t in texts2
                ):
                    break
                target, actual = texts2[-2], texts2[-1]
                if target or actual:
                    goals.append({"target": target or None, "actual": actual or None})
                    out.sources[("goals", str(len(goals) - 1), "target")] = f"{table.name} 第{nxt + 1}行"
                nxt += 1
            if goals and "goals" not in out.data:
                out.data["goals"] = goals
                title = squash(row[0].text)
                if title and not title.startswith("预期"):
                    out.put(("goals_title",), title, f"{table.name} 第{r + 1}行第1格")
            return


def _evaluators(part: Part, out: Mapped) -> None:
    for table in part.tables:
        for r, row in enumerate(table.rows):
            texts = [squash(c.text) for c in row]
            if not texts or texts[0] != "姓名" or not any(t.startswith(("职务", "职称")) for t in texts):
                continue
            people: list[dict[str, Any]] = []
            for nxt in range(r + 1, len(table.rows)):
                cells = [c.text.strip() for c in table.rows[nxt]]
                if not any(cells):
                    continue
                if len(cells) < 3 or any("：" in c or "意见" in c for c in cells):
                    break
                cells += [""] * 4
                people.append(
                    {"name": cells[0] or None, "title": cells[1] or None, "unit": cells[2] or None, "signature": None}
                )
                out.sources[("evaluators", str(len(people) - 1), "name")] = f"{table.name} 第{nxt + 1}行"
            if people and "evaluators" not in out.data:
                out.data["evaluators"] = people
            return


_OPINION = re.compile(r"^(.{2,20}?(意见|（签字）))[：:]")
_FILLED_BY = re.compile(r"填报人（签名）[：:]\s*(?P<name>[^\s联]*)\s*联系电话[：:]\s*(?P<phone>[0-9\-－ ]*)")


def _opinions_and_signer(part: Part, out: Mapped) -> None:
    opinions: list[dict[str, Any]] = []
    for table in part.tables:
        for r, row in enumerate(table.rows):
            for cell in row:
                if cell.merged:
                    continue
                text = cell.text.strip()
                if m := _OPINION.match(squash(text.split("\n")[0])):
                    if not any(o["role"] == m[1] for o in opinions):
                        opinions.append({"role": m[1], "text": None, "signatory": None, "date": None})
                        out.sources[("opinions", str(len(opinions) - 1), "role")] = f"{table.name} 第{r + 1}行"
                if m2 := _FILLED_BY.search(text.replace("(", "（").replace(")", "）")):
                    out.data.setdefault("filled_by", {"signature": None, "phone": None})
                    if m2["name"]:
                        out.put(("filled_by", "signature"), m2["name"], f"{table.name} 第{r + 1}行（个人信息）")
                        out.data["filled_by"]["signature"] = m2["name"]
                    if m2["phone"].strip():
                        out.data["filled_by"]["phone"] = m2["phone"].strip()
                        out.sources[("filled_by", "phone")] = f"{table.name} 第{r + 1}行（个人信息）"
    if opinions:
        out.data["opinions"] = opinions


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
                    kept = [ln for ln in cell.text.split("\n") if not _FILLED_BY.search(ln)]
                    return kept, f"{table.name} 第{r + 1}行"
    if narrative_only or not part.tables or len(part.paragraphs) >= 20:  # a report printed as text
        lines: list[str] = []
        for block in part.blocks:
            if isinstance(block, Table):
                lines += ["| " + " | ".join(c.text.replace("\n", " ") for c in row) + " |" for row in block.rows]
            elif not re.fullmatch(r"附件[0-9\-]*", squash(block.text)):
                lines.append(block.text)
        return lines, part.paragraphs[0].name if part.paragraphs else ""
    return [], ""


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
                if info is None or name in ("institution", "scope") or not isinstance(value, str) or not figure(value):
                    continue
                out.append((f"{table}.rows[{index}].{name}", value, block["money_unit"], info.title or name))
    return out


# ---------------------------------------------------------------- the draft


def _map(part: Part, project: bool, skipped: list[str]) -> Mapped:
    out = Mapped()
    _cover(part, out, project)
    _labels(part, out, project)
    if not project:
        _institution_tables(part, out, skipped)
        _costs_by_item(part, out)
    if project:
        _funds(part, out)
    _plain_rows(part, out, "expenditure_lines", ("expenditure_lines",), ("支出内容", "实际支出数"), skipped)
    _plain_rows(part, out, "budget_execution", ("budget_execution",), ("年初预算",), skipped)
    _goals(part, out)
    _indicators(part, out, skipped)
    _evaluators(part, out)
    _opinions_and_signer(part, out)
    lines, where = _narrative_lines(part, narrative_only=not out.data.keys() - {"cover"})
    out.narrative = narrative_markdown(lines)
    if out.narrative:
        out.sources[("narrative",)] = where
        if not project:
            _from_prose(out)
        figures = stated_figures(out.narrative, _money_fields(out))
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
    if found := internal_departments(out.narrative):
        out.put(("staffing", "internal_departments"), found[0], found[1])
    for loc, value, place in labelled_values(out.narrative):
        out.put(loc, int(value) if loc[0] == "staffing" else value, place)


def map_documents(documents: list[Document]) -> Draft:
    report_part, project_parts = split_parts(documents)
    skipped: list[str] = []
    report = _map(report_part, False, skipped)
    projects = [_map(part, True, skipped) for part in project_parts]
    return Draft(report, projects, skipped)
