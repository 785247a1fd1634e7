"""Read a YAML file into plain Python data, remembering where every value stands.

Takes YAML text (or a file: :func:`read_yaml`; :func:`decode` for any source file); gives a :class:`YamlDocument`,
or raises a :class:`SourceError` with line, column and a clerk's message.

PyYAML's default loader silently keeps the last of two duplicate keys, turns
``7851828.47`` into a float and expands anchors without limit.  The clerk's
figures must stay exactly as printed and every message must point at a line,
so this module builds the data by hand from the parser's events:

* floats become :class:`decimal.Decimal` built from the printed text;
* duplicate keys, anchors/aliases and over-deep nesting are errors;
* every value's ``(line, column)`` is recorded under its path, e.g.
  ``("income", "rows", 0, "total")``.

One builder (:func:`_document`) reads the events of either parser: libyaml's, when PyYAML was built with it,
and those of PyYAML's pure-Python parser, the source of every message.  A file is read through libyaml first;
the first thing that path does not take (a syntax error, an anchor, a duplicate key, a tab, a directive, an
explicit tag…) sends the file to the pure-Python parser (:func:`_python_events`), and the builder, or the
parser, says what is wrong with it.

Why libyaml's events at all: on the 619 YAML files (2.2 M characters) of a generated 300-report repository
(``python benchmarks/generate.py --reports 300``; one core, Python 3.11, PyYAML 6 with libyaml), all of which
libyaml's path takes, the builder reads them in 0.32 CPU s (0.5 ms a file) from libyaml's events and in 3.4–3.6 s
(5.5–5.8 ms a file) from the pure-Python parser's: without libyaml a 300-report build (about 43 CPU s, 32 s on
two cores) would spend some 3 s more reading.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40


@dataclass
class SourceError(Exception):
    """A problem that stops a file from being read at all."""

    line: int
    column: int
    message: str

    def __str__(self) -> str:  # pragma: no cover - debugging aid
        return f"{self.line}:{self.column}: {self.message}"


@dataclass
class YamlDocument:
    """The data of one YAML file and the position of each value in it."""

    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path_) -> tuple[int, int]:
        """Line and column of ``path``, or of its nearest ancestor present in the file."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))


_ALIAS_MESSAGE = "不支持 YAML 锚点和别名（& 和 *），请把内容直接写出"


_DATE_RE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_STR = "tag:yaml.org,2002:str"


def _value(tag: str, value: str) -> Any:
    """The Python value of a scalar with the given (resolved) tag and text."""
    if tag == _STR:
        return value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in ("yes", "true", "on", "y")
    if tag == "tag:yaml.org,2002:int":
        text = value.replace("_", "")
        try:
            return int(text, 0) if text.lower().startswith(("0x", "0o", "0b")) else int(text)
        except ValueError:
            # sexagesimal (1:20) or legacy octal (0730): keep the text, let the schema complain
            return value
    if tag == "tag:yaml.org,2002:float":
        text = value.replace("_", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return value
        if not number.is_finite():
            return value
        return number
    if tag == "tag:yaml.org,2002:timestamp":
        if _DATE_RE.match(value):
            try:
                year, month, day = (int(p) for p in value.split("-"))
                return _dt.date(year, month, day)
            except ValueError:
                return value
        return value
    return value


# PyYAML's most frequent complaints, in the clerk's words (the original follows in brackets)
_PROBLEMS = [
    ("found a tab character", "此处有 Tab 字符"),
    ("found character '\\t'", "此处有 Tab 字符"),
    ("cannot start any token", "此处的字符不能作为值的开头：含 @ ` % 等符号的值请加英文引号"),
    ("mapping values are not allowed", "这里不能出现“: ”：值里含有冒号时，请给整个值加英文引号"),
    ("could not find expected ':'", "缺少冒号“:”，或上一行的引号没有闭合"),
    ("did not find expected key", "缩进不一致，或列表项缺少“- ”"),
    ("expected <block end>", "缩进不一致：同一层的字段必须左对齐"),
    ("did not find expected '-' indicator", "缩进不一致：列表的每一项都应以同样缩进的“- ”开头"),
    ("found unexpected end of stream", "文件意外结束：引号或括号没有闭合"),
    ("found another document", "一个文件只能有一份内容：请删除多余的 ---"),
    ("unknown escape character", "双引号中的反斜杠“\\”要写成“\\\\”，或改用单引号"),
    ("expected ',' or ']'", "方括号 [ ] 没有闭合，或其中缺少逗号"),
    ("expected ',' or '}'", "花括号 { } 没有闭合，或其中缺少逗号"),
]


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "…"


def _syntax_message(text: str, problem: str, line: int) -> str:
    words = next((cn for key, cn in _PROBLEMS if key in problem), "")
    lines = text.split("\n")
    near = lines[max(line - 2, 0) : line]
    tab = "'\\t'" in problem or "tab character" in problem or any("\t" in x[: len(x) - len(x.lstrip())] for x in near)
    message = f"YAML 语法错误：{words}（{_one_line(problem)}）" if words else f"YAML 语法错误：{_one_line(problem)}"
    if tab:
        message += "；YAML 不能用 Tab 缩进，请改用空格"
    return message


def parse_yaml(text: str) -> YamlDocument:
    """Parse YAML text; raise :class:`SourceError` on anything we refuse."""
    doc = _parse_libyaml(text) if _CLoader is not None else None
    return doc if doc is not None else _parse_python(text)


def _parse_python(text: str) -> YamlDocument:
    """The reading with PyYAML's pure-Python parser: slow, but the source of every message."""
    events = iter(_python_events(text))
    return _document(events.__next__, fast=False)


def _python_events(text: str) -> list[Any]:
    """The pure-Python parser's events of ``text``'s one document, refused as PyYAML's composer refuses them.

    Every event is read before the data is built, so that a syntax error anywhere is reported before a
    duplicate key; anchors, aliases and nesting deeper than :data:`MAX_DEPTH` are refused at the first such
    event (a "billion laughs" document before a single alias is expanded), and a second document as PyYAML's
    composer refuses it.
    """
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as exc:
        line, col = _line_column(text, exc.position)
        raise SourceError(line, col, _control_message(exc.character)) from None
    events: list[Any] = []
    open_collections = 0
    try:
        while True:
            event = loader.get_event()
            events.append(event)
            kind = type(event)
            if kind in _NODE_EVENTS:
                mark = event.start_mark
                if kind is yaml.AliasEvent or event.anchor is not None:
                    raise SourceError(mark.line + 1, mark.column + 1, _ALIAS_MESSAGE)
                if open_collections + 1 > MAX_DEPTH:
                    raise SourceError(mark.line + 1, mark.column + 1, f"嵌套层级超过 {MAX_DEPTH} 层")
                if kind is not yaml.ScalarEvent:
                    open_collections += 1
            elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                open_collections -= 1
            elif kind is yaml.DocumentEndEvent:
                after = loader.get_event()
                if type(after) is not yaml.StreamEndEvent:
                    line, col = after.start_mark.line + 1, after.start_mark.column + 1
                    raise SourceError(line, col, _syntax_message(text, "but found another document", line))
                events.append(after)
                return events
            elif kind is yaml.StreamEndEvent:
                return events
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "无法解析"
        raise SourceError(line, col, _syntax_message(text, problem, line)) from None
    except yaml.reader.ReaderError as exc:
        line, col = _line_column(text, exc.position)
        raise SourceError(line, col, _control_message(exc.character)) from None
    except yaml.YAMLError as exc:
        raise SourceError(1, 1, f"YAML 语法错误：{_one_line(str(exc))}") from None
    finally:
        loader.dispose()


_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)

# libyaml's parser, when PyYAML was built with it; its events carry the same tags, values and marks as the
# pure-Python parser's for every file the fast path accepts (tests/test_load_yaml.py compares the two)
_CLoader: Any = getattr(yaml, "CSafeLoader", None) if getattr(yaml, "__with_libyaml__", False) else None
if yaml.SafeLoader.yaml_path_resolvers:  # pragma: no cover - the builder resolves tags as the SafeLoader does
    _CLoader = None

_WILDCARD: list[tuple[str, Any]] = list(yaml.SafeLoader.yaml_implicit_resolvers.get(None, []))
# first character → the implicit resolvers to try, in the order Resolver.resolve tries them
_RESOLVERS: dict[str, list[tuple[str, Any]]] = {
    first: list(found) + _WILDCARD
    for first, found in yaml.SafeLoader.yaml_implicit_resolvers.items()
    if first is not None
}
_BAD_KEY_CHARS = frozenset("\n\r\t\x85\u2028\u2029")
_BLOCK_HEADER_COMMENT = re.compile(r"[|>][-+0-9]{0,2}#")
_MERGE = "tag:yaml.org,2002:merge"


def _parse_libyaml(text: str) -> YamlDocument | None:
    """Read ``text`` with libyaml's events; None when the file holds anything the pure-Python path must judge.

    Some text sends the file to the pure-Python path at once, because libyaml accepts it where PyYAML refuses
    it: a tab (in several places), a byte-order mark after the start (libyaml skips it), a ``#`` straight after
    a block scalar's ``|`` or ``>`` (libyaml reads a comment).
    """
    if "\t" in text or "\ufeff" in text or _BLOCK_HEADER_COMMENT.search(text):
        return None
    loader = _CLoader(text)
    try:
        return _document(loader.get_event, fast=True)
    except Exception:  # noqa: BLE001 - whatever libyaml stumbles on (or refuses), the pure-Python path says it
        return None
    finally:
        loader.dispose()


class _Refused(Exception):
    """libyaml's events may differ from the pure-Python parser's here: the pure-Python path reads the file."""


def _document(get: Any, fast: bool) -> YamlDocument:
    """Build data and positions from a parser's events (``get``: the next event).

    Raises :class:`SourceError` at the first thing we refuse: an anchor or alias, nesting deeper than
    :data:`MAX_DEPTH`, a merge key, a key that is not plain text, an empty or duplicate key.  With ``fast``
    (libyaml's events, where any failure sends the file to the pure-Python path), also :class:`_Refused` where
    the two parsers are known to differ or this path does not follow PyYAML: an explicit tag (``!``,
    ``!!str``…), a ``%`` directive, more than one document, a document that is one empty value.
    """
    get()  # StreamStartEvent
    event = get()
    doc = YamlDocument(data=None)
    if type(event) is yaml.StreamEndEvent:
        return doc
    if fast and (type(event) is not yaml.DocumentStartEvent or event.version is not None or event.tags):
        raise _Refused
    event = get()
    mark = event.start_mark
    doc.positions[()] = (mark.line + 1, mark.column + 1)
    if fast and type(event) is yaml.ScalarEvent and not event.value:
        raise _Refused  # libyaml places an empty document elsewhere than PyYAML
    doc.data = _node(get, event, (), 1, doc.positions, fast)
    if fast and (type(get()) is not yaml.DocumentEndEvent or type(get()) is not yaml.StreamEndEvent):
        raise _Refused
    return doc


def _resolved_tag(event: Any, fast: bool) -> str:
    """A scalar's tag, resolved as PyYAML's composer resolves it: when it has none (or ``!``), from its text
    when plain, else a string."""
    tag = event.tag
    if tag is not None:
        if fast:
            raise _Refused
        if tag != "!":
            return str(tag)
    if event.implicit[0]:
        for resolved, regexp in _RESOLVERS.get(event.value[:1], _WILDCARD):
            if regexp.match(event.value):
                return str(resolved)
    return _STR


def _refuse_node(event: Any, depth: int) -> None:
    """Refuse an anchor or alias (an alias event has an anchor too), or nesting deeper than :data:`MAX_DEPTH`."""
    mark = event.start_mark
    if event.anchor is not None:
        raise SourceError(mark.line + 1, mark.column + 1, _ALIAS_MESSAGE)
    if depth > MAX_DEPTH:
        raise SourceError(mark.line + 1, mark.column + 1, f"嵌套层级超过 {MAX_DEPTH} 层")


def _node(get: Any, event: Any, path: Path_, depth: int, positions: dict[Path_, tuple[int, int]], fast: bool) -> Any:
    """The value of the node that starts with ``event``, at ``depth`` as PyYAML's composer counts (root: 1)."""
    _refuse_node(event, depth)
    kind = type(event)
    if kind is yaml.ScalarEvent:
        return _value(_resolved_tag(event, fast), event.value)
    if event.tag is not None and fast:
        raise _Refused
    if kind is yaml.MappingStartEvent:
        return _mapping(get, path, depth, positions, fast)
    if kind is yaml.SequenceStartEvent:
        return _sequence(get, path, depth, positions, fast)
    raise _Refused  # an event out of place: cannot happen in a parsed document


def _key(event: Any, result: dict[str, Any], path: Path_, fast: bool, positions: dict[Path_, tuple[int, int]]) -> str:
    """A mapping's key, refused where it is a merge key (``<<``), not plain text, empty, or a duplicate."""
    line, column = event.start_mark.line + 1, event.start_mark.column + 1
    if type(event) is yaml.ScalarEvent and _resolved_tag(event, fast) == _MERGE:
        raise SourceError(line, column, "不支持 YAML 合并键（<<），请把内容直接写出")
    if type(event) is not yaml.ScalarEvent:
        raise SourceError(line, column, "字段名必须是文字")
    key: str = event.value
    if not key.strip() or not _BAD_KEY_CHARS.isdisjoint(key):
        raise SourceError(line, column, "字段名不能为空，也不能含换行或 Tab")
    if key in result:
        first = positions[(*path, key)][0]
        raise SourceError(line, column, f"字段“{key}”重复出现（第 {first} 行已有），请删除其中一个")
    return key


def _mapping(get: Any, path: Path_, depth: int, positions: dict[Path_, tuple[int, int]], fast: bool) -> dict[str, Any]:
    scalar_event, end_event = yaml.ScalarEvent, yaml.MappingEndEvent
    resolvers, wildcard, bad_chars, value_of, node = _RESOLVERS, _WILDCARD, _BAD_KEY_CHARS, _value, _node
    deeper = depth + 1
    result: dict[str, Any] = {}
    while True:
        event = get()
        kind = type(event)
        if kind is end_event:
            return result
        _refuse_node(event, deeper)
        # the common key (plain text, new, not "<<") is taken here; _key looks at every other
        if kind is scalar_event and event.tag is None:
            key = event.value
            if key in result or key[:1] == "<" or not key.strip() or not bad_chars.isdisjoint(key):
                key = _key(event, result, path, fast, positions)
        else:
            key = _key(event, result, path, fast, positions)
        mark = event.start_mark
        child = (*path, key)
        positions[child] = (mark.line + 1, mark.column + 1)
        event = get()
        # a plain scalar value is resolved here, without a call (most values of a report)
        if type(event) is scalar_event and event.anchor is None and event.tag is None:
            text = event.value
            if event.implicit[0]:
                for tag, regexp in resolvers.get(text[:1], wildcard):
                    if regexp.match(text):
                        result[key] = value_of(tag, text)
                        break
                else:
                    result[key] = text
            else:
                result[key] = text
        else:
            result[key] = node(get, event, child, deeper, positions, fast)


def _sequence(get: Any, path: Path_, depth: int, positions: dict[Path_, tuple[int, int]], fast: bool) -> list[Any]:
    end_event, node = yaml.SequenceEndEvent, _node
    deeper = depth + 1
    result: list[Any] = []
    while True:
        event = get()
        if type(event) is end_event:
            return result
        mark = event.start_mark
        child = (*path, len(result))
        positions[child] = (mark.line + 1, mark.column + 1)
        result.append(node(get, event, child, deeper, positions, fast))


def _line_column(text: str, position: int) -> tuple[int, int]:
    position = max(0, min(position, len(text)))
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


_CONTROL_NAMES = {
    0x00: "空字符 NUL",
    0x0B: "垂直制表符（Word 的手动换行）",
    0x0C: "换页符（Word 的分页符）",
    0x1B: "ESC",
    0x7F: "DEL",
}


def _control_message(char: str | int) -> str:
    code = char if isinstance(char, int) else ord(char)
    name = _CONTROL_NAMES.get(code, "控制字符")
    return f"文件中有看不见的{name}（U+{code:04X}），请删除它（或改为换行）后保存"


# characters no text file of ours may hold: C0 controls but tab and newline, DEL, C1 controls but NEL, and the
# non-characters U+FFFE/U+FFFF (the same set PyYAML refuses, checked here for narratives too)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")

_BINARY = [
    (b"PK\x03\x04", "Word/Excel/WPS 的 .docx/.xlsx 文件（或 zip 压缩包）"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Word/Excel/WPS 的 .doc/.xls/.wps 文件"),
    (b"%PDF", "PDF 文件"),
    (b"{\\rtf", "RTF（Word 格式）文件"),
]


def decode(raw: bytes) -> str:
    """Decode a source file: UTF-8 with or without BOM, LF or CRLF; anything else is refused with advice.

    Used for YAML and Markdown alike, so a narrative gets the same messages as its report.
    """
    if len(raw) > MAX_BYTES:
        raise SourceError(1, 1, f"文件过大（{len(raw)} 字节，上限 {MAX_BYTES} 字节）：请检查是否误放了其他文件")
    for magic, what in _BINARY:
        if raw.startswith(magic):
            raise SourceError(
                1, 1, f"这是 {what}，不是文本文件：请把内容复制到文本编辑器，按 UTF-8 编码另存为 .yaml/.md 文件"
            )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(
            1,
            1,
            "文件是 UTF-16 编码（记事本中的“Unicode”）：请用记事本“另存为”选择 UTF-8，"
            "或运行 iconv -f UTF-16 -t UTF-8 原文件 > 新文件",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[start : exc.start].decode("utf-8", errors="replace")) + 1
        guess = ""
        try:
            raw.decode("gb18030")
            guess = "（看起来是 GBK/GB18030 编码，中文 Windows、Excel 和 WPS 常用）"
        except UnicodeDecodeError:
            pass
        raise SourceError(
            line,
            column,
            f"文件不是 UTF-8 编码{guess}；请用记事本“另存为”选择 UTF-8，"
            "或运行 iconv -f GB18030 -t UTF-8 原文件 > 新文件",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text)
    if bad:
        line, column = _line_column(text, bad.start())
        raise SourceError(line, column, _control_message(bad.group()))
    return text


def read_source(path: Path) -> str:
    """Read and decode one source file, never reading more than :data:`MAX_BYTES` (+1) of it."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SourceError(1, 1, f"文件过大（{size} 字节，上限 {MAX_BYTES} 字节）：请检查是否误放了其他文件")
    with path.open("rb") as handle:
        return decode(handle.read(MAX_BYTES + 1))


def read_yaml(path: Path) -> YamlDocument:
    """Read and parse one YAML file."""
    return parse_yaml(read_source(path))
