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


class CellAmount(Decimal):
    """A figure printed with its own money unit inside a table of another (``0.19元`` in a 万元 table).

    It is a :class:`~decimal.Decimal` (sums and formatting work as for any figure) that remembers ``unit``;
    arithmetic on it gives plain Decimals, so a sum must first bring it to its table's unit (:func:`in_unit`).
    """

    __slots__ = ("unit",)
    unit: str

    def __new__(cls, value: Decimal | str, unit: str) -> CellAmount:
        made = super().__new__(cls, value)
        made.unit = unit
        return made

    def __reduce__(self) -> tuple[type[CellAmount], tuple[str, str]]:  # type: ignore[override]  # its unit too
        return (CellAmount, (str(self), self.unit))

    def __copy__(self) -> CellAmount:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> CellAmount:
        return self

    def __repr__(self) -> str:
        return f"CellAmount('{self}', '{self.unit}')"


def unit_of(value: object, table_unit: str | None) -> str | None:
    """The unit ``value`` was printed in: its own (a :class:`CellAmount`) or its table's."""
    return value.unit if isinstance(value, CellAmount) else table_unit


def in_unit(value: Decimal | None, table_unit: str | None) -> Decimal | None:
    """``value`` in its table's unit: a :class:`CellAmount` converted exactly, any other figure as it is."""
    if value is None or not isinstance(value, CellAmount) or table_unit not in TO_YUAN or value.unit == table_unit:
        return None if value is None else Decimal(value)
    return convert(Decimal(value), value.unit, table_unit)
