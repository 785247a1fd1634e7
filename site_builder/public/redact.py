"""Find and remove phone numbers, signatures and e-mail addresses in free text: the redactor's public functions.

Takes any text; gives it with every value to remove replaced by :data:`~site_builder.public.textnorm.MARKER`
(:func:`redact_text`, with a :class:`Removal` for each), the spans alone (:func:`detect`), or what the leak scan
reports: everything the redactor would remove and every occurrence of a build's secrets (:func:`scan_text`,
:func:`scan_detected`, as :class:`Finding` with a masked preview, :func:`mask`).

The public site must never show a phone number or a signature, yet every figure of a report
(amounts, counts, dates, postcodes, codes, document numbers, percentages, public hotlines) must
survive untouched.  Detection therefore combines, each in its module of this package:

* ``phonenumbers``' matcher (region CN, leniency VALID) for mobiles and area-coded landlines in
  any spacing, bracket, prefix or full-width digits, filtered so that bare 10-digit figures it
  would accept as numbers without their leading ``0`` (``4294967295``) are not phones; our own
  patterns as a backstop (``86``-prefixed mobiles, landlines with ``-8001`` extensions, 400/800
  numbers, ``tel:`` link targets); a 7–8 digit local number right after a phone label
  (联系电话 3989001) – :mod:`~site_builder.public.phones`;
* amount context: a digit run followed by 元/万元/%/人/件… or preceded by ¥ is a figure, never a phone –
  :mod:`~site_builder.public.figures`;
* the forms real reports use: a number after a label with words, a name or a line break between, in
  Chinese numerals, spaced digit by digit – :mod:`~site_builder.public.labelled`; the column under a
  phone, signing or money header – :mod:`~site_builder.public.tables`;
* signatures: the value after （签名）/（签字）/（签章）/签字/签名/签章 and a colon, names by a signer
  label or signing mark – :mod:`~site_builder.public.signatures`;
* e-mail addresses – :mod:`~site_builder.public.emails`.

These modules depend on nothing in ``site_builder`` outside this package, so that the leak scan can use them
alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from site_builder.public.emails import email_spans
from site_builder.public.labelled import (
    CN_NUMBER,
    PHONE_WORD,
    SPACED,
    chinese_number_spans,
    label_phone_spans,
    spaced_spans,
)
from site_builder.public.phones import phone_spans
from site_builder.public.secretindex import SecretIndex
from site_builder.public.signatures import (
    SIGN_MARK,
    SIGNER,
    each_name,
    pasted_column_spans,
    signature_spans,
    signer_spans,
)
from site_builder.public.tables import html_money_cells, table_spans
from site_builder.public.textnorm import MARKER, digits_of, normalise

__all__ = ["Finding", "Removal", "detect", "mask", "redact_text", "scan_detected", "scan_text"]


@dataclass(frozen=True)
class Removal:
    """One removed value; offsets are in the text given to :func:`redact_text`."""

    kind: str  # "phone" | "signature"
    start: int
    end: int
    original: str
    masked: str


@dataclass(frozen=True)
class Finding:
    """Something that must not be public, found by :func:`scan_text`."""

    kind: str
    masked: str
    context: str  # ±20 characters around, the match itself (and any other match) masked


def _context_spans(norm: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """What the context rules (labelled, signatures, tables, e-mail) remove, and the money cells whose figures stay."""
    if not (
        PHONE_WORD.search(norm)
        or SIGN_MARK.search(norm)
        or SIGNER.search(norm)
        or "@" in norm
        or CN_NUMBER.search(norm)
        or SPACED.search(norm)
        or "." in norm
        or "<table" in norm
    ):
        return [], []
    phones = label_phone_spans(norm) + chinese_number_spans(norm) + spaced_spans(norm)
    signs = signer_spans(norm) + (pasted_column_spans(norm) if SIGN_MARK.search(norm) else [])
    table_phones, table_signs, money = ([], [], []) if "|" not in norm else table_spans(norm)
    if "<table" in norm:
        money += html_money_cells(norm)
    found = [(s, e, "phone") for s, e in phones + table_phones]
    found += [(s, e, "signature") for span in signs + table_signs for s, e in each_name(norm, *span)]
    found += [(s, e, "email") for s, e in email_spans(norm)]
    return [(s, e, k) for s, e, k in found if e > s], money


def mask(original: str, kind: str) -> str:
    """A preview that keeps only the last two digits (phones) or characters (signatures).

    A signature keeps at most all but its first character, so a two-character name shows as ``*桔``.
    """
    if kind == "phone":
        digits = digits_of(original)
        if len(digits) >= 3:
            return "*" * (len(digits) - 2) + digits[-2:]
        return "*" * max(len(original), 1)
    value = original.strip()
    keep = min(2, max(len(value) - 1, 0))
    return "*" * (len(value) - keep) + value[len(value) - keep :]


def _detect(text: str, norm: str | None = None) -> list[tuple[int, int, str]]:
    """Merged, sorted spans ``(start, end, kind)`` of everything to remove (``norm``: ``normalise(text)``)."""
    if norm is None:
        norm = normalise(text)
    extra, money = _context_spans(norm)
    raw = [(s, e, "phone") for s, e in phone_spans(norm)]
    raw += [(s, e, "signature") for span in signature_spans(norm) for s, e in each_name(norm, *span)]
    raw += extra
    if money:  # a figure in a money column stays, whatever its digits look like
        raw = [r for r in raw if not (r[2] == "phone" and any(ms <= r[0] and r[1] <= me for ms, me in money))]
    raw = [(s, e, k) for s, e, k in raw if MARKER not in norm[s:e]]
    raw.sort()
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in raw:
        if merged and start < merged[-1][1]:
            p_start, p_end, p_kind = merged[-1]
            merged[-1] = (p_start, max(p_end, end), next(k for k in ("phone", "email", kind) if k in (p_kind, kind)))
        else:
            merged.append((start, end, kind))
    return merged


def redact_text(text: str) -> tuple[str, list[Removal]]:
    """Replace every phone number and signature value in ``text`` by :data:`MARKER`."""
    spans = _detect(text)
    if not spans:
        return text, []
    out: list[str] = []
    removals: list[Removal] = []
    pos = 0
    for start, end, kind in spans:
        original = text[start:end]
        out.append(text[pos:start])
        out.append(MARKER)
        removals.append(Removal(kind, start, end, original, mask(original, kind)))
        pos = end
    out.append(text[pos:])
    return "".join(out), removals


def _context(text: str, spans: list[tuple[int, int, str]], start: int, end: int, masked: str) -> str:
    lo, hi = max(0, start - 20), min(len(text), end + 20)
    chars = list(text[lo:start]) + [masked] + list(text[end:hi])
    before_len = start - lo
    for s, e, _ in spans:
        if (s, e) == (start, end):
            continue
        for i in range(max(s, lo), min(e, hi)):
            if i < start:
                chars[i - lo] = "*"
            elif i >= end:
                chars[before_len + 1 + (i - end)] = "*"
    return "".join(chars).replace("\n", " ")


def detect(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` of every phone number and signature value in ``text`` (what redaction removes)."""
    return _detect(text)


def scan_text(
    text: str, secrets: Iterable[str] | SecretIndex = (), spans: list[tuple[int, int, str]] | None = None
) -> list[Finding]:
    """Everything phone-like or signature-like, and every occurrence of a secret, in ``text``.

    Uses the same detectors as :func:`redact_text`, so whatever it would remove is reported.  Pass a
    :class:`SecretIndex` when scanning many texts against the same secrets, and ``spans`` when
    :func:`detect` has already been run on ``text`` (the leak scan caches it).
    """
    return scan_detected(text, secrets, spans)[1]


def scan_detected(
    text: str,
    secrets: Iterable[str] | SecretIndex = (),
    spans: list[tuple[int, int, str]] | None = None,
    found: list[tuple[int, int, str]] | None = None,
) -> tuple[list[tuple[int, int, str]], list[Finding]]:
    """:func:`scan_text`, also returning what :func:`detect` found (given or computed); ``found``: what the
    secrets' ``find`` gives for ``text``, when already known."""
    index = secrets if isinstance(secrets, SecretIndex) else SecretIndex(secrets)
    if spans is None or found is None:
        norm = normalise(text)
        spans = _detect(text, norm) if spans is None else spans
        found = list(index.find(norm)) if found is None else found
    seen = {(s, e) for s, e, _ in spans}
    extra: list[tuple[int, int, str]] = []
    for start, end, kind in found:
        if any(s <= start and end <= e for s, e in seen):
            continue
        seen.add((start, end))
        extra.append((start, end, kind))
    every = sorted(spans + extra)
    findings = []
    for start, end, kind in every:
        masked = mask(text[start:end], kind)
        findings.append(Finding(kind, masked, _context(text, every, start, end, masked)))
    return spans, findings
