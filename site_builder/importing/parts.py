"""The reports inside the documents: where the department report's part ends and each project report's begins.

Takes the documents; gives a :class:`Part` per report (its paragraphs and tables, in reading order) and the
containers the mapping fills (:class:`Mapped`: a report's data, narrative and the source of every value;
:class:`Draft`: all of them).  A project report starts at its cover's title (项目支出绩效评价自评报告, 项目支出绩效
自评表), also when a pasted table runs on into it; the department report's own narrative after the forms (under its
整体支出 title) goes back to the department's part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from site_builder.importing.document import Document, Paragraph, Table
from site_builder.importing.tables import squash

Loc = tuple[str, ...]

PROJECT_TITLE = re.compile(r"项目(支出)?绩效(评价)?自评(报告|表)$")
DEPARTMENT_TITLE = re.compile(r"整体支出绩效(评价)?(自评)?(报告|表)$")


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
    stated: list[dict[str, Any]] = field(default_factory=list)
    """``stated_figures`` the forms give besides the narrative's: a date with its line as printed, the cells of a
    column no field holds (a 三公 table's 同比变动)."""

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
        current = report  # each file starts with the department's part until it shows a project's cover
        for block in (piece for b in document.blocks for piece in _cut_at_titles(b)):
            if (
                isinstance(block, Paragraph)
                and PROJECT_TITLE.search(squash(block.text))
                and not (current is not report and not current.tables)  # a title repeated (a page's and its own)
            ):
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
