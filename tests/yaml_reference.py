"""A reference reading of YAML, for tests only: PyYAML's composer builds the node tree, and the data and positions
are built from the nodes, independently of :mod:`site_builder.sources.yamlsource`'s builder, which reads the
parsers' events.  This was yamlsource's own pure-Python path; tests/test_load_yaml.py holds both of yamlsource's
readings (libyaml's events and the pure-Python parser's) to it.
"""

from __future__ import annotations

from typing import Any

import yaml

from site_builder.sources.yamlsource import (
    _ALIAS_MESSAGE,
    MAX_DEPTH,
    Path_,
    SourceError,
    YamlDocument,
    _control_message,
    _line_column,
    _one_line,
    _syntax_message,
    _value,
)


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


def reference_parse(text: str) -> YamlDocument:
    """The reading as yamlsource did it before it built from events: PyYAML composes the node tree, and the data
    is built from the nodes."""
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
        return _value(n.tag, n.value)  # type: ignore[attr-defined]

    doc.data = build(node, (), 0)
    return doc
