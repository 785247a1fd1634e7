"""The personal values of the sources (phones, names), found in a text all at once.

Takes the secrets of a build; gives :class:`SecretIndex`, whose :meth:`~SecretIndex.find` yields where any of
them stands in a normalised text, written with or without separators between a phone's digits.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator

from site_builder.public.textnorm import digits_of, normalise

_PHONE_SECRET = re.compile(r"^[\d\s+\-()（）０-９＋－.]+$")
_SEPARATOR = r"[ \t\-().]"  # what may stand between the digits of a phone secret
_SEPARATORS = re.compile(_SEPARATOR + "+")


def _secret_key(secret: str) -> tuple[str, str] | None:
    """``(kind, key)`` of a secret: a phone as its bare national digits, a name normalised; None if too short."""
    value = secret.strip()
    if len(value) < 2:
        return None
    if _PHONE_SECRET.match(value):
        digits = digits_of(value)
        if len(digits) < 5:
            return None
        if digits.startswith("0086"):
            digits = digits[4:]
        elif digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]
        return "phone", digits
    return "signature", normalise(value)


def _alternation(words: Iterable[str]) -> str:
    """A regular expression for any of ``words``, as a trie (one branch per first character)."""
    groups: dict[str, list[str]] = {}
    ends = False
    for word in sorted(set(words)):
        if word:
            groups.setdefault(word[0], []).append(word[1:])
        else:
            ends = True
    parts = [re.escape(first) + _alternation(rest) for first, rest in groups.items()]
    if not parts:
        return ""
    body = "(?:" + "|".join(parts) + ")"
    return body + "?" if ends else body


class SecretIndex:
    """All secrets of a build, looked up by position instead of one pattern per secret.

    The leak scan checks every file of the site against every personal value of the sources; with one
    regular expression per secret that is quadratic in the number of reports.  Here a file is read once:
    digit runs long enough to hold a phone secret are matched against the phone secrets by length, and
    names only where one starts (one pattern for all of them).  A phone may be written with spaces,
    dashes, brackets or dots between its digits, and must not continue into further digits (the same
    rules as the single patterns had).
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        self.phones: dict[int, set[str]] = {}
        self.names: dict[int, set[str]] = {}
        for secret in secrets:
            key = _secret_key(secret)
            if key is None:
                continue
            kind, value = key
            (self.phones if kind == "phone" else self.names).setdefault(len(value), set()).add(value)
        # Runs with fewer digits than the shortest phone secret hold none; the pattern skips them.
        shortest = min(self.phones, default=1)
        self._runs = re.compile(rf"\d(?:{_SEPARATOR}*\d){{{shortest - 1},}}")
        names = [name for group in self.names.values() for name in group]
        self._name = re.compile(_alternation(names)) if names else None
        # any phone secret, in the text without separators: where this finds nothing (most files), the digit
        # runs need not be looked at one by one
        phones = [phone for group in self.phones.values() for phone in group]
        self._phone = re.compile(_alternation(phones)) if phones else None

    @property
    def fingerprint(self) -> str:
        """A digest of the secrets (for caches: scans against other secrets differ)."""
        digest = hashlib.sha256()
        for kind, groups in (("phone", self.phones), ("name", self.names)):
            for value in sorted(v for group in groups.values() for v in group):
                digest.update(f"{kind}\0{value}\0".encode())
        return digest.hexdigest()

    @property
    def longest_name(self) -> int:
        return max(self.names, default=0)

    def find_in(self, text: str) -> list[tuple[int, int, str]]:
        """:meth:`find` of ``text`` normalised (which keeps every character's position)."""
        return list(self.find(normalise(text)))

    def find(self, norm: str) -> Iterator[tuple[int, int, str]]:
        """``(start, end, kind)`` of every secret in the normalised text: the phones, then the names.

        Every match lies within one line (no separator is a line break; names are checked against
        :attr:`longest_name` where this matters), which lets the leak scan search big files block by block."""
        # a phone secret lies within one digit run (its digits separated by separators only): looking for any in the
        # runs alone, kept apart by "|", skips the text between them, most of it
        if (
            self._phone is not None
            and (runs := self._runs.findall(norm))
            and self._phone.search(_SEPARATORS.sub("", "|".join(runs)))
        ):
            for run in self._runs.finditer(norm):
                positions = [run.start() + i for i, ch in enumerate(run.group()) if ch.isdigit()]
                digits = "".join(norm[i] for i in positions)
                for length, group in self.phones.items():
                    for i in range(len(digits) - length + 1):
                        if digits[i : i + length] not in group:
                            continue
                        # the secret must not run on into adjacent digits (separators are allowed between)
                        if i > 0 and positions[i] - positions[i - 1] == 1:
                            continue
                        end = i + length
                        if end < len(digits) and positions[end] - positions[end - 1] == 1:
                            continue
                        yield positions[i], positions[end - 1] + 1, "phone"
        if self._name is not None:
            pos = 0
            while (m := self._name.search(norm, pos)) is not None:
                at = m.start()
                for length, group in self.names.items():
                    if norm[at : at + length] in group:
                        yield at, at + length, "signature"
                pos = at + 1
