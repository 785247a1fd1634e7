"""Text copied from Word or a web page (.txt, .md) as a :class:`~.document.Document`.

Takes the text; gives paragraphs and tables.  Three ways a table survives a paste, all read:

* one cell per line, each indented by a tab (what Word's text export gives, and the seeds are): a blank line
  ends a row, lines not indented continue the cell above (a cell of several paragraphs), and text after two
  blank lines (or an “附件N” line) is outside the table again;
* ``|``-separated rows (Markdown tables, or a table pasted from a web page);
* tab-separated rows (cells pasted from Excel).

Anything else is a paragraph, one a line.  Such tables are not a grid (covered cells of a merge are missing), so
the mapper reads them by their printed column titles rather than by position.
"""

from __future__ import annotations

import re

from site_builder.importing.document import Cell, Document

_ANNEX = re.compile(r"^附件[0-9０-９\-—－]*$")
"""“附件3” on a line of its own starts the next form, even right after a cell."""
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _pipe_row(line: str) -> list[Cell]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [Cell(part.strip()) for part in inner.split("|")]


def _is_pipe_row(line: str) -> bool:
    return line.count("|") >= 2 or (line.strip().startswith("|") and line.strip().endswith("|"))


def _is_tab_row(line: str) -> bool:
    """Cells pasted from Excel: a tab between two texts (a one-cell-per-line cell has only its leading tab);
    a row may start or end with tabs (empty cells)."""
    return "\t" in line.strip("\t ") or line.rstrip(" ").count("\t") >= 2


class _CellLines:
    """The one-cell-per-line tables being read: rows of cells, each cell a list of lines."""

    def __init__(self) -> None:
        self.rows: list[list[list[str]]] = []
        self.blank = 0  # blank lines since the last cell line
        self.continued = False  # the last cell has lines that were not indented

    def cell(self, text: str) -> None:
        row_ended = self.blank >= 2 or (self.blank == 1 and not self._short_continued_row())
        if not self.rows or row_ended:
            self.rows.append([])
        self.rows[-1].append([text])
        self.blank = 0
        self.continued = False

    def _short_continued_row(self) -> bool:
        """After one blank line, a cell of several paragraphs goes on in the same row when the row is still
        narrower than the one before it (the blank line was a paragraph break inside the cell, not a row's end)."""
        if not self.continued or len(self.rows) < 2:
            return False
        return len(self.rows[-1]) < len(self.rows[-2])

    def more(self, text: str) -> None:
        lines = self.rows[-1][-1]
        lines.extend([""] * min(self.blank, 1))
        lines.append(text)
        self.blank = 0
        self.continued = True

    def table(self) -> list[list[Cell]]:
        rows = [[Cell("\n".join(lines).strip()) for lines in row] for row in self.rows]
        return _rejoined(rows)


def _rejoined(rows: list[list[Cell]]) -> list[list[Cell]]:
    """A row cut by blank lines inside it (租车费 | 0.2 | | 凭证笔数过多 pasted as three short rows) joined again: short
    rows whose widths add up exactly to the width of the rows on both sides of them."""
    out: list[list[Cell]] = []
    index = 0
    while index < len(rows):
        width = len(out[-1]) if out else 0
        end, total = index, 0
        while end < len(rows) and 0 < len(rows[end]) < width and total < width:
            total += len(rows[end])
            end += 1
        if end - index > 1 and total == width and end < len(rows) and len(rows[end]) == width:
            out.append([cell for row in rows[index:end] for cell in row])
            index = end
        else:
            out.append(rows[index])
            index += 1
    return out


def read_text(text: str, name: str) -> Document:
    document = Document(name)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").split("\n")
    cells: _CellLines | None = None
    rows: list[list[Cell]] = []

    def flush_rows() -> None:
        nonlocal rows
        if rows:
            document.add_table(rows, grid=False)
            rows = []

    for line in lines:
        if line.startswith("\t") and not _is_tab_row(line):
            flush_rows()
            if cells is None:
                cells = _CellLines()
            cells.cell(line[1:].strip())
            continue
        if cells is not None:
            if not line.strip():
                cells.blank += 1
                continue
            if cells.blank < 2 and not _ANNEX.match(line.strip()):
                cells.more(line.strip())
                continue
            document.add_table(cells.table(), grid=False)
            cells = None
        stripped = line.strip()
        if _MD_RULE.match(line) and rows:
            continue
        if _is_pipe_row(line):
            rows.append(_pipe_row(line))
            continue
        if _is_tab_row(line):
            rows.append([Cell(part.strip()) for part in line.split("\t")])
            continue
        flush_rows()
        if stripped:
            document.add_paragraph(stripped)
    flush_rows()
    if cells is not None:
        document.add_table(cells.table(), grid=False)
    return document
