"""One disagreement found in a report, before it becomes a clerk's message.

Takes nothing; gives :class:`Finding` (where in the report as a field location, the text, warning or error), which
the consistency checks (:mod:`site_builder.checks.sums`, :mod:`site_builder.checks.stated`,
:mod:`site_builder.checks.consistency`) yield and :func:`site_builder.checks.consistency.check_report` turns into
:class:`~site_builder.messages.Message` with ``path:line:column``.
"""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.messages import Severity

Loc = tuple[str | int, ...]


@dataclass
class Finding:
    """What a check found: where (a field location in the report), what, and whether it is the report's own
    disagreement (a warning) or the clerk's slip (an error)."""

    loc: Loc
    text: str
    severity: Severity = "warning"
