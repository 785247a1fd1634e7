"""The YAML a scaffold writes: a model's fields as commented YAML text a clerk fills in.

Takes a pydantic model of :mod:`site_builder.schema` (and the values already known, and the places the clerk must
compare with the original); gives the text of ``report.yaml``, ``unit.yaml`` or a project's YAML: every field under
a ``# 中文名：说明`` comment (:func:`field_note`), scalars quoted only where YAML needs it (:func:`yaml_scalar`), a
table with required columns left ``null`` above a commented-out template, each ``# 请核对`` above its value.
"""

from __future__ import annotations

import json
import types
import typing
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from site_builder.sources.placeholders import REVIEW
from site_builder.sources.yamlsource import SourceError, parse_yaml

# ---------------------------------------------------------------- the model, as the scaffold sees it

Loc = tuple[str, ...]


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The annotation without ``Annotated`` and ``| None``; and whether ``None`` was allowed."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) == 1:
                annotation = args[0]
                continue
            return annotation, optional
        return annotation, optional


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def field_kind(annotation: Any) -> tuple[str, Any]:
    """``("model", M)``, ``("models", M)`` (a list of M), ``("list", T)``, ``("dict", T)`` or ``("scalar", T)``."""
    inner, _ = _unwrap(annotation)
    origin = typing.get_origin(inner)
    if _is_model(inner):
        return "model", inner
    if origin is list:
        item, _ = _unwrap(typing.get_args(inner)[0])
        return ("models", item) if _is_model(item) else ("list", item)
    if origin is dict:
        return "dict", typing.get_args(inner)[1]
    return "scalar", inner


def _choices(annotation: Any) -> str:
    inner, _ = _unwrap(annotation)
    if typing.get_origin(inner) is Literal:
        return " / ".join(str(a) for a in typing.get_args(inner))
    return ""


def _has_required(model: type[BaseModel]) -> bool:
    return any(f.is_required() for f in model.model_fields.values())


def field_note(name: str, info: FieldInfo) -> str:
    """``中文名（必填）：说明`` for one field, from its title and description."""
    text = info.title or name
    if info.is_required():
        text += "（必填）"
    extra = [d for d in (info.description or "",) if d]
    choices = _choices(info.annotation)
    if choices and not all(c in (info.description or "") for c in choices.split(" / ")):
        extra.append(f"可填 {choices}")
    if extra:
        text += "：" + "；".join(extra)
    return text


# ---------------------------------------------------------------- YAML text

_PLAIN_UNSAFE_START = tuple("#&*!|>%@`'\"{}[],?:-") + (" ",)


def yaml_scalar(value: Any) -> str:
    """One scalar as YAML text that :func:`~site_builder.sources.yamlsource.parse_yaml` reads back unchanged."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    if text and "\n" not in text and not text.startswith(_PLAIN_UNSAFE_START) and text == text.strip():
        try:
            if parse_yaml(f"k: {text}\n").data == {"k": text}:
                return text
        except SourceError:
            pass
    return json.dumps(text, ensure_ascii=False)


def _block(value: str, indent: int) -> list[str] | None:
    """A multi-line string as a literal block (``|``), or None when one would not read back the same."""
    if "\n" not in value or value.startswith((" ", "\n")) or "\r" in value or "\t" in value:
        return None
    body = value.rstrip("\n")
    trailing = len(value) - len(body)
    if trailing > 1:
        return None
    head = "|" if trailing == 1 else "|-"
    pad = " " * indent
    return [head] + [(pad + line) if line else "" for line in body.split("\n")]


class YamlWriter:
    """Builds the YAML text of one model, comment by comment."""

    def __init__(self, reviews: dict[Loc, str], sources: dict[Loc, str] | None = None) -> None:
        self.lines: list[str] = []
        self.reviews = reviews
        self.sources = sources or {}
        """Where an imported value came from, by its place (a row's place has its index as text): ``# 来源：…``."""

    def source(self, indent: int, loc: Loc) -> None:
        if loc in self.sources:
            self.comment(indent, f"来源：{self.sources[loc]}")

    def comment(self, indent: int, text: str) -> None:
        for line in text.split("\n"):
            self.lines.append(" " * indent + "# " + line)

    def review(self, indent: int, loc: Loc) -> None:
        if loc in self.reviews:
            self.comment(indent, f"{REVIEW}：{self.reviews[loc]}")

    def key_value(self, indent: int, key: str, value: Any, prefix: str = "") -> None:
        pad = " " * indent
        if isinstance(value, str):
            block = _block(value, indent + len(prefix) + 2)
            if block is not None:
                self.lines.append(f"{pad}{prefix}{key}: {block[0]}")
                self.lines.extend(block[1:])
                return
        self.lines.append(f"{pad}{prefix}{key}: {yaml_scalar(value)}")

    # -- a model written out, one comment line above each field

    def model(self, model: type[BaseModel], data: dict[str, Any], indent: int, loc: Loc) -> None:
        for name, info in model.model_fields.items():
            self.field(name, info, data.get(name), indent, (*loc, name))

    def field(self, name: str, info: FieldInfo, value: Any, indent: int, loc: Loc) -> None:
        pad = " " * indent
        kind, inner = field_kind(info.annotation)
        _, optional = _unwrap(info.annotation)
        self.comment(indent, field_note(name, info))
        if kind == "model":
            if value is None and optional and _has_required(inner):
                self.comment(
                    indent, "报告没有这一部分就保持 null；有的话把 null 删掉，再把下面各行行首的“# ”删掉后填写"
                )
                self.review(indent, loc)
                self.lines.append(f"{pad}{name}: null")
                self.template(inner, indent + 2)
                return
            self.review(indent, loc)
            self.lines.append(f"{pad}{name}:")
            self.model(inner, value or {}, indent + 2, loc)
            return
        if kind == "models":
            self.items(name, inner, value or [], indent, loc)
            return
        if kind == "list":
            self.review(indent, loc)
            if value:
                self.lines.append(f"{pad}{name}:")
                self.lines.extend(f"{pad}  - {yaml_scalar(v)}" for v in value)
            else:
                self.lines.append(f"{pad}{name}: []")
            return
        if kind == "dict":
            self.review(indent, loc)
            if value:
                self.lines.append(f"{pad}{name}:")
                for key, item in value.items():
                    self.key_value(indent + 2, yaml_scalar(key), item)
            else:
                self.comment(indent, "没有就保持 {}；有的话把 {} 删掉，按下面的格式逐行填写（删掉行首的“# ”）")
                self.lines.append(f"{pad}{name}: {{}}")
                self.comment(indent, "  产出指标: 50")
            return
        self.review(indent, loc)
        self.source(indent, loc)
        self.key_value(indent, name, value)

    def items(self, name: str, model: type[BaseModel], rows: list[dict[str, Any]], indent: int, loc: Loc) -> None:
        pad = " " * indent
        self.comment(indent, "每一项包括：")
        for sub, info in model.model_fields.items():
            self.comment(indent, f"  {sub}  {field_note(sub, info)}")
        self.review(indent, loc)
        if not rows:
            self.comment(
                indent, "没有就保持 []；有的话把 [] 删掉，按下面的格式逐项填写（删掉行首的“# ”，每项以 - 开头）"
            )
            self.lines.append(f"{pad}{name}: []")
            self.template_item(model, indent + 2)
            return
        self.lines.append(f"{pad}{name}:")
        for index, row in enumerate(rows):
            prefix = "- "
            for sub, info in model.model_fields.items():
                if sub in row and field_kind(info.annotation)[0] == "scalar":
                    self.source(indent + (2 if prefix == "- " else 4), (*loc, str(index), sub))
                    self.key_value(indent + 2, sub, row[sub], prefix)
                    prefix = "  "
            if prefix == "- ":  # an empty row
                self.lines.append(f"{pad}  - {{}}")

    # -- a commented-out template: the clerk deletes "# " at the start of each line

    def template(self, model: type[BaseModel], indent: int, prefix: str = "") -> None:
        for name, info in model.model_fields.items():
            self.template_field(name, info, indent, prefix)
            prefix = "  " if prefix else ""

    def template_field(self, name: str, info: FieldInfo, indent: int, prefix: str = "") -> None:
        kind, inner = field_kind(info.annotation)
        note = field_note(name, info)
        head = " " * indent + prefix + name
        if kind == "model":
            self.comment(0, f"{head}:  # {note}")
            self.template(inner, indent + len(prefix) + 2)
        elif kind == "models":
            self.comment(0, f"{head}:  # {note}")
            self.template_item(inner, indent + len(prefix) + 2)
        elif kind == "list":
            self.comment(0, f"{head}: []  # {note}")
        elif kind == "dict":
            self.comment(0, f"{head}: {{}}  # {note}")
        else:
            self.comment(0, f"{head}: null  # {note}")

    def template_item(self, model: type[BaseModel], indent: int) -> None:
        self.template(model, indent, "- ")
