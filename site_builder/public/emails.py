"""E-mail addresses, in ASCII or full width (normalised), with spaces around ``@`` allowed.

Takes a normalised text; gives the ``(start, end)`` of every address (:func:`email_spans`).
"""

from __future__ import annotations

import re

_EMAIL = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._%+\-]*[ \t]{0,2}@[ \t]{0,2}[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)


def email_spans(norm: str) -> list[tuple[int, int]]:
    return [m.span() for m in _EMAIL.finditer(norm)] if "@" in norm else []
