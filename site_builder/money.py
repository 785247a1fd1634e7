"""Money as printed, and conversions between 元, 万元 and 亿元 for comparison only."""

from __future__ import annotations

from decimal import Decimal

TO_YUAN: dict[str, Decimal] = {"元": Decimal(1), "万元": Decimal(10**4), "亿元": Decimal(10**8)}


def fmt(value: Decimal | int | None) -> str:
    """A figure as printed: no exponent, no added or dropped digits; blank for None."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    text = format(value, "f")
    return text


def convert(value: Decimal | None, from_unit: str, to_unit: str) -> Decimal | None:
    """``value`` printed in ``from_unit`` expressed in ``to_unit`` (exact; blank stays blank)."""
    if value is None:
        return None
    result = value * TO_YUAN[from_unit] / TO_YUAN[to_unit]
    return result.normalize() if result == result.to_integral_value() else result
