"""The neutral document every reader gives: paragraphs and tables of cells, each with where it was found.

Takes nothing; gives :class:`Document`, :class:`Table`, :class:`Cell` and :class:`Paragraph`.  A table is a list
of rows; a cell covered by a merged one (``gridSpan``, ``vMerge``, an Excel merged range) repeats the text of the
cell that covers it with ``merged`` set, so that a column's header and an indicator's 一级指标 are found where the
grid puts them, and a figure is never counted twice.  ``grid`` says whether the rows are a real grid (Word,
Excel, a web page) or cells as text lists them (pasted text, where covered cells are missing).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    text: str
    merged: bool = False  # covered by the merged cell to its left or above: its text is that cell's


@dataclass
class Table:
    rows: list[list[Cell]]
    name: str  # where it is, for the source comments: “文件 表3”
    grid: bool = True

    def text(self, row: int, col: int) -> str:
        cells = self.rows[row]
        return cells[col].text if col < len(cells) else ""


@dataclass(frozen=True)
class Paragraph:
    text: str
    name: str  # “文件 第12段”


Block = Paragraph | Table


@dataclass
class Document:
    """One file's content in reading order."""

    source: str  # the file's name, as the clerk gave it
    blocks: list[Block] = field(default_factory=list)

    def add_paragraph(self, text: str) -> None:
        count = sum(isinstance(b, Paragraph) for b in self.blocks) + 1
        self.blocks.append(Paragraph(text, f"{self.source} 第{count}段"))

    def add_table(self, rows: list[list[Cell]], grid: bool = True) -> None:
        rows = [row for row in rows if row]
        if rows:
            count = sum(isinstance(b, Table) for b in self.blocks) + 1
            self.blocks.append(Table(rows, f"{self.source} 表{count}", grid))
