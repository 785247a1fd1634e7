"""The marks that ``new`` and ``new-unit`` leave for the clerk, and the check that none is left.

A scaffold is a form to fill in, not a report: a ``【请填写】`` line of a narrative, or a ``# 请核对`` comment above a
value copied from last year's report or inferred from the unit's id, means a person has not finished yet.  Each one
left in a unit, report, narrative or project file is an error wherever the file is read (``check`` in every form,
``build``, ``serve``), so an unfinished report can never be published.  The scaffold writes these marks and this
module finds them: both take them from here.
"""

from __future__ import annotations

import re

from site_builder.messages import Message

REVIEW = "请核对"
"""Marks a value to confirm (copied from an earlier report, or inferred): ``# 请核对：…`` above it."""

FILL = "【请填写】"
"""Marks a place in a narrative still to be written."""

_REVIEW_COMMENT = re.compile(r"^\s*#\s*" + REVIEW + r"[：:，,\s]*(?P<note>.*)$")


def placeholders(text: str, rel: str) -> list[Message]:
    """An error for each mark still in ``text``, the file ``rel`` (a ``.yaml`` or ``.md`` under ``units/``)."""
    found: list[Message] = []
    yaml_file = rel.endswith(".yaml")
    for number, line in enumerate(text.splitlines(), 1):
        review = _REVIEW_COMMENT.match(line) if yaml_file else None
        if review:
            note = re.sub(r"[；;，,]?\s*核对后删除本行$", "", review["note"].strip().rstrip("。"))
            what = f"（{note}）" if note else ""
            found.append(
                Message(
                    rel,
                    number,
                    line.index("#") + 1,
                    "",
                    f"还有“# {REVIEW}”标记{what}：核对下一行的内容（必要时修改）后，删除这一行",
                )
            )
        column = line.find(FILL)
        if column >= 0:
            hint = line[column + len(FILL) :].split("按原文照录")[0].strip().rstrip("。")
            what = f"（{hint}）" if hint and not yaml_file else ""
            found.append(
                Message(
                    rel, number, column + 1, "", f"还有“{FILL}”提示{what}：请按报告原文填写，并删除“{FILL}”和提示文字"
                )
            )
    return found
