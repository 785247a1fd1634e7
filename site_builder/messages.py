"""Messages for the clerk: one line each, ``path:line:column: field.path: message``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Message:
    path: str
    line: int
    column: int
    field: str
    text: str
    severity: Severity = "error"

    def format(self) -> str:
        """The one-line form used by ``check`` and by the build log."""
        label = "错误" if self.severity == "error" else "警告"
        field = self.field or "-"
        return f"{self.path}:{self.line}:{self.column}: {field}: {label}：{self.text}"


def field_path(loc: tuple[str | int, ...]) -> str:
    """``("income", "rows", 0, "total")`` → ``income.rows[0].total``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def parse_field_path(text: str) -> tuple[str | int, ...]:
    """Inverse of :func:`field_path`."""
    parts: list[str | int] = []
    for chunk in text.replace("]", "").split("."):
        name, *indexes = chunk.split("[")
        if name:
            parts.append(name)
        parts.extend(int(i) for i in indexes)
    return tuple(parts)
