"""What the import tests know without the importer: the numbers a source document prints, the draft's values.

Written apart from the fixture writers (:mod:`importing.document`): the source is read back from the file itself
(Word XML text joined per paragraph, so numbers cut across runs are whole again; Excel cells with what their
number format prints; a page's text; a text file), never from the document model the file was written from.

* :func:`source_numbers` — every number the source prints (full-width digits folded, thousands separators
  dropped, and each group of a ``1,234`` also on its own, so a list like ``3，4`` is not held against a draft);
* :func:`draft_values` — every value of a draft's YAML files (keys too) with its location, comments ignored, and
  the text of its Markdown files;
* :func:`numbers_not_in_source` — the oracle of "never invents or converts a number";
* :func:`locate`, :func:`same` — find a planted figure in the draft and compare it as printed;
* :func:`fill_placeholders` — what a clerk does to a draft before ``check``: each ``【请填写】`` replaced by a
  plausible value, each ``# 请核对`` line deleted.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import yaml

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FILL = "【请填写】"
REVIEW = re.compile(r"^\s*#\s*请核对")

_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_PLAIN = re.compile(r"\d+(?:\.\d+)?")


def fold(text: str) -> str:
    """Full-width digits, letters and punctuation folded to their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


def number_key(token: str) -> Decimal:
    return Decimal(token.replace(",", "")).normalize()


def numbers(text: str) -> set[Decimal]:
    text = fold(text)
    found = {number_key(t) for t in _GROUPED.findall(text)}
    found |= {number_key(t) for t in _PLAIN.findall(text)}
    return found


def draft_tokens(text: str) -> list[str]:
    """The numbers of a draft's value, as printed there (``1,234.5`` is one number)."""
    return _GROUPED.findall(fold(text))


# ---------------------------------------------------------------- the source


def _docx_text(path: Path) -> str:
    lines: list[str] = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not (name.startswith("word/") and name.endswith(".xml")) or "/_rels/" in name:
                continue
            root = ET.fromstring(z.read(name))
            for p in root.iter(f"{W}p"):
                lines.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return "\n".join(lines)


def _printed(value: Any, number_format: str) -> list[str]:
    """What Excel shows for a number cell in the formats the fixtures use, and the stored number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return [str(value)]
    d = Decimal(str(value))
    shown = [format(d.normalize(), "f")]
    if number_format.endswith("%"):
        places = len(number_format.split(".")[1].rstrip("%")) if "." in number_format else 0
        shown.append(f"{d * 100:.{places}f}%")
    elif "0.00" in number_format:
        shown.append(f"{d:,.2f}")
    return shown


def _xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=False, data_only=True)
    lines: list[str] = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    lines.extend(_printed(c.value, c.number_format or "General"))
    return "\n".join(lines)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append("\n")


def _html_text(path: Path) -> str:
    """The page's text, decoded as the page says (``<meta charset="gbk">``: pages saved from older sites)."""
    data = path.read_bytes()
    declared = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", data[:2048])
    parser = _Text()
    parser.feed(data.decode(declared[1].decode("ascii") if declared else "utf-8"))
    return "".join(parser.parts)


def source_text(path: Path) -> str:
    kind = path.suffix.lower()
    if kind == ".docx":
        return _docx_text(path)
    if kind == ".xlsx":
        return _xlsx_text(path)
    if kind in (".html", ".htm"):
        return _html_text(path)
    return path.read_text(encoding="utf-8")


def source_numbers(paths: list[Path], *extra: str) -> set[Decimal]:
    """Every number printed by the ``paths`` (and in ``extra``: the command's own arguments, unit id and year)."""
    found: set[Decimal] = set()
    for path in paths:
        found |= numbers(source_text(path))
    for text in extra:
        found |= numbers(text)
    return found


# ---------------------------------------------------------------- the draft


def draft_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".yaml", ".md"))


def load(path: Path) -> Any:
    """A draft's YAML with every scalar as the string written (BaseLoader: ``48929.90`` stays ``48929.90``)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # noqa: S506 - BaseLoader is safe


def walk(data: Any, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Each string of ``data`` with where it is; keys too, but for the schema's own field names (``level3``)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if not re.fullmatch(r"[a-z_][a-z0-9_]*", str(key)):
                yield (*loc, str(key)), str(key)
            yield from walk(value, (*loc, str(key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from walk(value, (*loc, i))
    elif data is not None:
        yield loc, str(data)


def draft_values(folder: Path) -> Iterator[tuple[Path, tuple[str | int, ...], str]]:
    for path in draft_files(folder):
        if path.suffix == ".yaml":
            for loc, text in walk(load(path)):
                yield path, loc, text
        else:
            yield path, ("<text>",), path.read_text(encoding="utf-8")


def is_null(text: str) -> bool:
    return text in ("", "~", "null", "Null", "NULL")


def numbers_not_in_source(folder: Path, printed: set[Decimal]) -> list[str]:
    """Each number of the draft under ``folder`` that the source does not print, with where it is."""
    wrong: list[str] = []
    for path, loc, text in draft_values(folder):
        if FILL in text and path.suffix == ".md":
            text = "\n".join(line for line in text.splitlines() if FILL not in line)
        for token in draft_tokens(text):
            if number_key(token) in printed:
                continue
            if "," in token and all(number_key(part) in printed for part in token.split(",")):
                continue
            wrong.append(f"{path.name}:{'.'.join(map(str, loc))}: {token!r} in {text[:60]!r}")
    return wrong


def digits(text: str) -> str:
    return re.sub(r"\D", "", fold(text))


# ---------------------------------------------------------------- finding a planted figure


def locate(data: Any, path: tuple[object, ...]) -> Any:
    """The value at ``path`` (keys, indexes, ``{"field": "text"}`` for the first item whose field contains text)."""
    here = data
    for step in path:
        if here is None:
            return None
        if isinstance(step, dict):
            ((key, want),) = step.items()
            if not isinstance(here, list):
                return None
            here = next(
                (
                    item
                    for item in here
                    if isinstance(item, dict) and compact(str(want)) in compact(str(item.get(key) or ""))
                ),
                None,
            )
        elif isinstance(step, int):
            here = here[step] if isinstance(here, list) and len(here) > step else None
        else:
            here = here.get(step) if isinstance(here, dict) else None
    return here


def compact(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


def as_number(text: str) -> Decimal | None:
    t = compact(text).replace(",", "")
    try:
        return Decimal(t).normalize()
    except InvalidOperation:
        return None


def same(expected: str, got: Any, contains: bool = False) -> bool:
    if got is None or isinstance(got, dict | list):
        return False
    got = str(got)
    if contains:
        return compact(expected) in compact(got)
    a, b = as_number(expected), as_number(got)
    if a is not None and b is not None:
        return a == b
    return compact(expected) == compact(got)


def has_source_comment(path: Path, loc: tuple[object, ...]) -> bool:
    """Whether the YAML line holding the value at ``loc`` carries a comment, or comments stand right above it."""
    text = path.read_text(encoding="utf-8")
    node = yaml.compose(text)
    for step in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            node = node.value[step] if step < len(node.value) else None
        else:
            node = None
        if node is None:
            return False
    if node is None:
        return False
    lines = text.splitlines()
    first, last = node.start_mark.line, min(node.end_mark.line, len(lines) - 1)
    if any(" #" in lines[i] for i in range(first, last + 1)):
        return True
    above = first - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    return above >= 0 and lines[above].lstrip().startswith("#")


def resolved_loc(data: Any, path: tuple[object, ...]) -> tuple[object, ...] | None:
    """``path`` with each ``{"field": "text"}`` step replaced by the index it found."""
    here = data
    out: list[object] = []
    for step in path:
        if isinstance(step, dict):
            ((key, want),) = step.items()
            if not isinstance(here, list):
                return None
            for i, item in enumerate(here):
                if isinstance(item, dict) and compact(str(want)) in compact(str(item.get(key) or "")):
                    out.append(i)
                    here = item
                    break
            else:
                return None
        else:
            out.append(step)
            here = locate(here, (step,))
    return tuple(out)


# ---------------------------------------------------------------- the clerk's part

PLAUSIBLE: dict[str, str] = {
    "report_date": "2024-03-30",
    "date": "2024-03-30",
    "grade": "优",
    "level": "county",
    "money_unit": "万元",
    "code": '"430999"',
    "budget_code": '"301001"',
    "postcode": '"414000"',
    "slug": "ceshi-xiangmu",
    "name": "【测试数据】测试填写",
    "title": "【测试数据】测试填写",
}


NUMERIC = {"total", "weight", "score", "authorized", "internal_departments", "total_weight", "executed", "amount"}
"""Fields that hold a number: a placeholder left there is filled with one."""


def _filled_line(line: str, unit_id: str) -> str:
    m = re.match(r"^(\s*(?:-\s+)?)([^:#]+?):\s*(.*)$", line)
    if m and FILL in m.group(3):
        key = m.group(2).strip().strip("'\"")
        value = "1" if key in NUMERIC else PLAUSIBLE.get(key, "测试填写")
        if key == "code" and re.match(r"\d{6}-", unit_id):
            value = f'"{unit_id[:6]}"'
        return f"{m.group(1)}{m.group(2)}: {value}"
    m = re.match(r"^(\s*-\s+)(.*)$", line)
    if m:
        return f"{m.group(1)}测试填写"
    return re.sub(FILL + r".*$", "测试填写", line)


def fill_placeholders(folder: Path) -> int:
    """Replace every ``【请填写】`` under ``folder`` (a unit's folder: its unit.yaml and reports) and drop ``# 请核对``
    lines; return how many places were filled."""
    filled = 0
    for path in draft_files(folder):
        out: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if path.suffix == ".yaml" and REVIEW.match(line):
                filled += 1
                continue
            if FILL in line:
                filled += 1
                line = _filled_line(line, folder.name) if path.suffix == ".yaml" else "本部分【测试数据】无。"
            out.append(line)
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return filled
