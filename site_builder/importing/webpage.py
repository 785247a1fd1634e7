"""A published web page (.html, .htm) as a :class:`~.document.Document`: its text blocks and its tables.

Takes the page's text; gives paragraphs (``p``, ``div``, headings, list items, line breaks) and tables (``tr``,
``td``/``th`` with ``colspan`` and ``rowspan`` expanded into a grid, covered cells repeating the covering text).
Scripts and styles are skipped; the stdlib parser never fetches anything and knows no external entities.
"""

from __future__ import annotations

from html.parser import HTMLParser

from site_builder.importing.document import Cell, Document

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "tr", "section", "article", "title"}


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or "1"), 100))
    except ValueError:
        return 1


class _Page(HTMLParser):
    def __init__(self, document: Document) -> None:
        super().__init__(convert_charrefs=True)
        self.document = document
        self.text: list[str] = []
        self.skip = 0
        self.tables: list[tuple[list[list[Cell]], dict[tuple[int, int], str]]] = []
        self.cell: list[str] | None = None
        self.spans = (1, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self.skip += 1
        elif tag == "table":
            self.flush()
            self.tables.append(([], {}))
        elif tag == "tr" and self.tables:
            self.end_row()
            self.tables[-1][0].append([])
        elif tag in ("td", "th") and self.tables:
            found = dict(attrs)
            self.cell = []
            self.spans = (_span(found.get("colspan")), _span(found.get("rowspan")))
        elif tag in _BLOCKS:
            if self.cell is not None:
                self.cell.append("\n")
            else:
                self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.tables and self.cell is not None:
            self.end_cell()
        elif tag == "tr" and self.tables:
            self.end_row()
        elif tag == "table" and self.tables:
            self.end_row()
            rows, _ = self.tables.pop()
            self.document.add_table(rows)
        elif tag in _BLOCKS and self.cell is None:
            self.flush()

    def end_row(self) -> None:
        """The cells of rows spanning down from above that stand after the row's own last cell."""
        rows, pending = self.tables[-1]
        if rows:
            r, row = len(rows) - 1, rows[-1]
            while (r, len(row)) in pending:
                row.append(Cell(pending.pop((r, len(row))), merged=True))

    def end_cell(self) -> None:
        rows, pending = self.tables[-1]
        if not rows:
            rows.append([])
        row = rows[-1]
        r = len(rows) - 1
        while (r, len(row)) in pending:
            row.append(Cell(pending.pop((r, len(row))), merged=True))
        text = "\n".join(line.strip() for line in "".join(self.cell or []).split("\n") if line.strip())
        colspan, rowspan = self.spans
        col = len(row)
        row.extend([Cell(text)] + [Cell(text, merged=True) for _ in range(colspan - 1)])
        for below in range(1, rowspan):
            for c in range(col, col + colspan):
                pending[(r + below, c)] = text
        self.cell = None

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        (self.cell if self.cell is not None else self.text).append(data)

    def flush(self) -> None:
        for line in "".join(self.text).split("\n"):
            if line.strip():
                self.document.add_paragraph(line.strip())
        self.text = []


def read_html(text: str, name: str) -> Document:
    document = Document(name)
    page = _Page(document)
    page.feed(text)
    page.close()
    page.flush()
    while page.tables:
        rows, _ = page.tables.pop()
        document.add_table(rows)
    return document
