"""Read a YAML file into plain Python data, remembering where every value stands.

PyYAML's default loader silently keeps the last of two duplicate keys, turns
``7851828.47`` into a float and expands anchors without limit.  The clerk's
figures must stay exactly as printed and every message must point at a line,
so this module composes the node tree itself and builds the data by hand:

* floats become :class:`decimal.Decimal` built from the printed text;
* duplicate keys, anchors/aliases and over-deep nesting are errors;
* every value's ``(line, column)`` is recorded under its path, e.g.
  ``("income", "rows", 0, "total")``.
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


class _Loader(yaml.SafeLoader):
    """SafeLoader used for composing only; construction is ours."""


_DATE_RE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def _scalar(node: yaml.ScalarNode) -> Any:
    tag = node.tag
    value = node.value
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


def parse_yaml(text: str) -> YamlDocument:
    """Parse YAML text; raise :class:`SourceError` on anything we refuse."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "无法解析"
        hint = ""
        if "\t" in text and ("tab" in problem or "\\t" in problem):
            hint = "；YAML 不能用 Tab 缩进，请改用空格"
        raise SourceError(line, col, f"YAML 语法错误：{problem}{hint}") from None
    except yaml.YAMLError as exc:
        raise SourceError(1, 1, f"YAML 语法错误：{exc}") from None
    doc = YamlDocument(data=None)
    if node is None:
        return doc
    seen: set[int] = set()

    def build(n: yaml.Node, path: Path_, depth: int) -> Any:
        line, col = n.start_mark.line + 1, n.start_mark.column + 1
        if id(n) in seen:
            raise SourceError(line, col, "不支持 YAML 锚点和别名（& 和 *），请把内容直接写出")
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
                    raise SourceError(
                        key_node.start_mark.line + 1, key_node.start_mark.column + 1, "字段名必须是文字"
                    )
                key = key_node.value
                key_line = key_node.start_mark.line + 1
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


def decode(raw: bytes) -> str:
    """Decode a source file: UTF-8 with or without BOM; anything else is refused with advice."""
    if len(raw) > MAX_BYTES:
        raise SourceError(1, 1, f"文件过大（{len(raw)} 字节，上限 {MAX_BYTES} 字节）")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        guess = ""
        try:
            raw.decode("gb18030")
            guess = "（看起来是 GBK/GB18030 编码）"
        except UnicodeDecodeError:
            pass
        raise SourceError(
            line,
            1,
            f"文件不是 UTF-8 编码{guess}；请用记事本“另存为”选择 UTF-8，"
            "或运行 iconv -f GB18030 -t UTF-8 原文件 > 新文件",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_yaml(path: Path) -> YamlDocument:
    """Read and parse one YAML file."""
    return parse_yaml(decode(path.read_bytes()))
