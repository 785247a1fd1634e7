"""Read a YAML file into plain Python data, remembering where every value stands.

PyYAML's default loader silently keeps the last of two duplicate keys, turns
``7851828.47`` into a float and expands anchors without limit.  The clerk's
figures must stay exactly as printed and every message must point at a line,
so this module composes the node tree itself and builds the data by hand:

* floats become :class:`decimal.Decimal` built from the printed text;
* duplicate keys, anchors/aliases and over-deep nesting are errors;
* every value's ``(line, column)`` is recorded under its path, e.g.
  ``("income", "rows", 0, "total")``.

Speed: a file is first read through libyaml's event stream (when PyYAML was
built with it) and the data built straight from the events (:func:`_parse_libyaml`).
That fast path only ever answers for a file it reads without any complaint; the
first thing it does not like (a syntax error, an anchor, a duplicate key, a tab, a
directive…) sends the file to the pure-Python path (:func:`_parse_python`), which
says what is wrong with it: PyYAML's pure-Python parser is the source of every
message, so it stays in the build for the files the fast path declines.

Measured on the 613 YAML files (2.2 M characters) of a generated 300-report
repository (``python benchmarks/generate.py --reports 300``; one core, Python
3.11, PyYAML 6 with libyaml), all of which the fast path reads: 0.30 s (0.5 ms a
file) through :func:`parse_yaml`, 4.2 s (6.8 ms a file) through the pure-Python
path alone: without the fast path a full build of that size (25 s on two cores)
would take about 4 s of reading more.
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


class _Loader(yaml.SafeLoader):
    """SafeLoader used for composing only; construction is ours.

    Anchors, aliases and nesting deeper than :data:`MAX_DEPTH` are refused while composing, at the first
    such event: a "billion laughs" document is refused before a single alias is expanded, and PyYAML's
    recursive composer never gets deep enough to exhaust Python's stack.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        event = self.peek_event()
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise SourceError(mark.line + 1, mark.column + 1, _ALIAS_MESSAGE)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise SourceError(mark.line + 1, mark.column + 1, f"嵌套层级超过 {MAX_DEPTH} 层")
            return super().compose_node(parent, index)  # type: ignore[arg-type]  # PyYAML's stubs: Node, not None
        finally:
            self._depth -= 1


_DATE_RE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_STR = "tag:yaml.org,2002:str"


def _scalar(node: yaml.ScalarNode) -> Any:
    return _value(node.tag, node.value)


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
    """The reference reading, with PyYAML's pure-Python parser: slow, but the source of every message."""
    try:
        node = yaml.compose(text, Loader=_Loader)
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
    doc = YamlDocument(data=None)
    if node is None:
        return doc
    seen: set[int] = set()

    def build(n: yaml.Node, path: Path_, depth: int) -> Any:
        line, col = n.start_mark.line + 1, n.start_mark.column + 1
        if id(n) in seen:  # cannot happen: _Loader refuses aliases; kept as a second guard
            raise SourceError(line, col, _ALIAS_MESSAGE)
        seen.add(id(n))
        if depth > MAX_DEPTH:
            raise SourceError(line, col, f"嵌套层级超过 {MAX_DEPTH} 层")
        doc.positions.setdefault(path, (line, col))
        if isinstance(n, yaml.MappingNode):
            result: dict[Any, Any] = {}
            first_seen: dict[Any, int] = {}
            for key_node, value_node in n.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise SourceError(
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        "不支持 YAML 合并键（<<），请把内容直接写出",
                    )
                if not isinstance(key_node, yaml.ScalarNode):
                    raise SourceError(key_node.start_mark.line + 1, key_node.start_mark.column + 1, "字段名必须是文字")
                key = key_node.value
                key_line = key_node.start_mark.line + 1
                if not key.strip() or any(c in key for c in "\n\r\t\x85\u2028\u2029"):
                    raise SourceError(key_line, key_node.start_mark.column + 1, "字段名不能为空，也不能含换行或 Tab")
                if key in first_seen:
                    raise SourceError(
                        key_line,
                        key_node.start_mark.column + 1,
                        f"字段“{key}”重复出现（第 {first_seen[key]} 行已有），请删除其中一个",
                    )
                first_seen[key] = key_line
                child = (*path, key)
                doc.positions[child] = (key_line, key_node.start_mark.column + 1)
                result[key] = build(value_node, child, depth + 1)
            return result
        if isinstance(n, yaml.SequenceNode):
            items = []
            for index, item in enumerate(n.value):
                child = (*path, index)
                doc.positions[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
                items.append(build(item, child, depth + 1))
            return items
        return _scalar(n)  # type: ignore[arg-type]

    doc.data = build(node, (), 0)
    return doc


# libyaml's parser, when PyYAML was built with it; its events carry the same tags, values and marks as the
# pure-Python parser's for every file the fast path accepts (tests/test_load_yaml.py compares the two)
_CLoader: Any = getattr(yaml, "CSafeLoader", None) if getattr(yaml, "__with_libyaml__", False) else None
if _Loader.yaml_path_resolvers:  # pragma: no cover - the fast path resolves tags as the SafeLoader does
    _CLoader = None

_WILDCARD: list[tuple[str, Any]] = list(_Loader.yaml_implicit_resolvers.get(None, []))
# first character → the implicit resolvers to try, in the order Resolver.resolve tries them
_RESOLVERS: dict[str, list[tuple[str, Any]]] = {
    first: list(found) + _WILDCARD for first, found in _Loader.yaml_implicit_resolvers.items() if first is not None
}
_BAD_KEY_CHARS = frozenset("\n\r\t\x85\u2028\u2029")
_BLOCK_HEADER_COMMENT = re.compile(r"[|>][-+0-9]{0,2}#")


def _parse_libyaml(text: str) -> YamlDocument | None:
    """Read ``text`` with libyaml; None when the file holds anything the pure-Python path must judge.

    About 14 times as fast as :func:`_parse_python` (0.5 against 6.8 ms a file of a generated report; see the
    module's docstring).

    Some text sends the file to the pure-Python path at once, because libyaml accepts it where PyYAML refuses
    it: a tab (in several places), a byte-order mark after the start (libyaml skips it), a ``#`` straight after
    a block scalar's ``|`` or ``>`` (libyaml reads a comment).
    """
    if "\t" in text or "\ufeff" in text or _BLOCK_HEADER_COMMENT.search(text):
        return None
    loader = _CLoader(text)
    try:
        return _build_from_events(loader.get_event)
    except Exception:  # noqa: BLE001 - whatever libyaml stumbles on (or _Refused), the reference path says it
        return None
    finally:
        loader.dispose()


class _Refused(Exception):
    """The fast path gives up on a file: the pure-Python path reads it (and says what is wrong with it)."""


def _build_from_events(get: Any) -> YamlDocument:
    """Build data and positions from libyaml's events, exactly as ``_parse_python`` builds them from nodes.

    Raises :class:`_Refused` at the first thing ``_parse_python`` would refuse or that this path does not
    handle: an anchor or alias, nesting deeper than :data:`MAX_DEPTH`, a merge key, a key that is not plain
    text, an empty or duplicate key, a ``%`` directive, more than one document; and where the two parsers are
    known to differ: an explicit tag (``!``, ``!!str``…), a document that is one empty value.
    """
    get()  # StreamStartEvent
    event = get()
    doc = YamlDocument(data=None)
    if type(event) is yaml.StreamEndEvent:
        return doc
    if type(event) is not yaml.DocumentStartEvent or event.version is not None or event.tags:
        raise _Refused
    event = get()
    mark = event.start_mark
    doc.positions[()] = (mark.line + 1, mark.column + 1)
    if type(event) is yaml.ScalarEvent and not event.value:
        raise _Refused  # libyaml places an empty document elsewhere than PyYAML
    doc.data = _fast_node(get, event, (), 1, doc.positions)
    if type(get()) is not yaml.DocumentEndEvent or type(get()) is not yaml.StreamEndEvent:
        raise _Refused
    return doc


def _fast_node(get: Any, event: Any, path: Path_, depth: int, positions: dict[Path_, tuple[int, int]]) -> Any:
    """The value of the node that starts with ``event``, at ``depth`` as :class:`_Loader` counts (root: 1)."""
    if event.anchor is not None or depth > MAX_DEPTH:  # an alias event has an anchor too
        raise _Refused
    kind = type(event)
    if event.tag is not None:
        raise _Refused
    if kind is yaml.ScalarEvent:
        text = event.value
        if event.implicit[0]:
            for tag, regexp in _RESOLVERS.get(text[:1], _WILDCARD):
                if regexp.match(text):
                    return _value(tag, text)
        return text
    if kind is yaml.MappingStartEvent:
        return _fast_mapping(get, path, depth, positions)
    if kind is yaml.SequenceStartEvent:
        return _fast_sequence(get, path, depth, positions)
    raise _Refused


def _fast_mapping(get: Any, path: Path_, depth: int, positions: dict[Path_, tuple[int, int]]) -> dict[str, Any]:
    scalar_event, end_event = yaml.ScalarEvent, yaml.MappingEndEvent
    resolvers, wildcard, bad_chars, value_of, node = _RESOLVERS, _WILDCARD, _BAD_KEY_CHARS, _value, _fast_node
    deeper = depth + 1
    result: dict[str, Any] = {}
    while True:
        event = get()
        kind = type(event)
        if kind is end_event:
            return result
        if kind is not scalar_event or event.anchor is not None or event.tag is not None or deeper > MAX_DEPTH:
            raise _Refused
        key = event.value
        if key in result or key == "<<" or not key.strip() or not bad_chars.isdisjoint(key):
            raise _Refused
        mark = event.start_mark
        child = (*path, key)
        positions[child] = (mark.line + 1, mark.column + 1)
        event = get()
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
            result[key] = node(get, event, child, deeper, positions)


def _fast_sequence(get: Any, path: Path_, depth: int, positions: dict[Path_, tuple[int, int]]) -> list[Any]:
    end_event, node = yaml.SequenceEndEvent, _fast_node
    deeper = depth + 1
    result: list[Any] = []
    while True:
        event = get()
        if type(event) is end_event:
            return result
        mark = event.start_mark
        child = (*path, len(result))
        positions[child] = (mark.line + 1, mark.column + 1)
        result.append(node(get, event, child, deeper, positions))


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
