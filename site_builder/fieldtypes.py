"""The field types of the schema and their validators: what a clerk may write in one cell, and what it means.

Takes the YAML values of :mod:`site_builder.sources.yamlsource`; gives the types every report model is made of:
``Amount`` (a figure exactly as printed, a blank never ``0``, a paste such as ``48,929.9`` refused with the number
meant, :func:`suggest_amount`), ``Date`` (ISO or 2023年3月28日), ``Code``, ``Text``, ``Nature`` (=, ≥, ≤ … in any
spelling), the stated-figure value, the base :class:`Model` (unknown fields are errors), :func:`F` (a field with
its Chinese title and description) and :func:`printed_labels` (a form's own column titles).
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    SerializationInfo,
    WithJsonSchema,
    create_model,
)
from pydantic_core import PydanticCustomError

from site_builder.money import CellAmount

MoneyUnit = Literal["元", "万元", "亿元"]
Grade = Literal["优", "良", "中", "差"]
Level = Literal["province", "city", "county"]

LEVEL_NAMES: dict[str, str] = {"province": "省级", "city": "市级", "county": "县级"}

_AMOUNT_CLEAN = re.compile(r"[,，\s　'’_]")
_AMOUNT_BLANK = frozenset({"-", "—", "——", "–", "－", "/", "／", "\\", "无", "空", "—/—", "n/a", "N/A", "/ /"})
_AMOUNT_SUFFIXES = (("亿元", 10**8), ("万元", 10**4), ("千元", 10**3), ("亿", 10**8), ("万", 10**4), ("元", 1))
_AMOUNT_MAX_DIGITS = 16  # 10^16: more than any budget in any money unit; longer is a paste error


def _shown(value: Any) -> str:
    """A found value for a one-line message: whitespace collapsed, at most 40 characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:40] + "…"


def suggest_amount(text: str) -> str | None:
    """The plain number a clerk probably meant by ``text`` (``"48,929.9"`` → ``"48929.9"``).

    Handles thousands separators (``48,929.9``, ``48，929.9``, ``1 234``), full-width digits (``４８９２９．９``),
    currency signs (``¥1,234``), a unit written after the figure (``4.8亿``, ``1234元``) and accounting
    negatives (``(1,234)``).  None when ``text`` is not a number at all.
    """
    cleaned = unicodedata.normalize("NFKC", text).strip()
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1]
    cleaned = _AMOUNT_CLEAN.sub("", cleaned).lstrip("¥￥$").removeprefix("RMB")
    multiplier = Decimal(1)
    unit = ""
    for suffix, factor in _AMOUNT_SUFFIXES:
        if cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)]
            multiplier = Decimal(factor)
            unit = suffix
            break
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", cleaned, flags=re.ASCII):
        return None
    number = Decimal(cleaned)
    if negative:
        number = -number
    plain = f"{number:f}"
    if multiplier != 1:
        return f"{plain}（并把表格的 money_unit 设为相应单位），或 {number * multiplier:f}（以元计）"
    if unit == "元" or plain != text:
        return plain
    return None


_OWN_UNIT_FORM = "单独印了单位的格子写成 {value: 0.19, unit: 元}"


def _own_unit_amount(value: dict[Any, Any]) -> CellAmount:
    """A cell written ``{value: 0.19, unit: 元}``: a figure printed in another unit than its table's."""
    if set(value) != {"value", "unit"}:
        raise PydanticCustomError(
            "amount_format",
            "金额应为数字；" + _OWN_UNIT_FORM + "，找到字段 {found}",
            {"found": "、".join(str(k) for k in value) or "（空）"},
        )
    unit = value["unit"]
    if unit not in ("元", "万元", "亿元"):
        raise PydanticCustomError(
            "amount_format", "格子的单位应为 元、万元 或 亿元，找到“{found}”", {"found": _shown(unit)}
        )
    if isinstance(value["value"], dict):
        raise PydanticCustomError("amount_format", _OWN_UNIT_FORM, {})
    number = _amount(value["value"])
    if number is None:
        raise PydanticCustomError("amount_format", "单独印了单位的格子必须有数字；空白的格子直接写 null", {})
    return CellAmount(number, unit)


def _amount(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return _own_unit_amount(value)
    if isinstance(value, bool):
        raise PydanticCustomError("amount_type", "金额应为数字，找到“{found}”", {"found": str(value).lower()})
    number: Decimal
    if isinstance(value, CellAmount):
        return value
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        stripped = value.strip()
        if stripped == "":
            return None
        if stripped in _AMOUNT_BLANK:
            raise PydanticCustomError(
                "amount_format", "空白的金额请写 null（或不写这个字段），不要写“{found}”", {"found": stripped}
            )
        if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", stripped, flags=re.ASCII):
            raise PydanticCustomError(
                "amount_format",
                '金额应写成不加引号的数字，找到“"{found}"”；应写成 {suggest}',
                {"found": _shown(value), "suggest": stripped},
            )
        suggestion = suggest_amount(value)
        if suggestion is not None:
            raise PydanticCustomError(
                "amount_format",
                "金额应写成不带逗号、空格和单位的数字，找到“{found}”；应写成 {suggest}",
                {"found": _shown(value), "suggest": suggestion},
            )
        raise PydanticCustomError(
            "amount_type",
            "金额应为数字（例如 48929.9），找到“{found}”；空白请写 null",
            {"found": _shown(value)},
        )
    else:
        raise PydanticCustomError("amount_type", "金额应为数字，找到“{found}”", {"found": _shown(value)})
    if not number.is_finite() or number.adjusted() >= _AMOUNT_MAX_DIGITS:
        raise PydanticCustomError(
            "amount_format", "金额位数过多（{found}），请检查是否粘贴错误", {"found": _shown(value)}
        )
    return number


def _amount_serialised(value: Decimal | None, info: SerializationInfo) -> Decimal | str | None:
    """As pydantic writes a Decimal (itself in Python, its text in JSON), said explicitly: with a plain validator
    pydantic no longer knows the field's type and would warn on every figure."""
    if value is None or not info.mode_is_json():
        return value
    return str(value)


Amount = Annotated[
    Decimal | None,
    PlainValidator(_amount),
    PlainSerializer(_amount_serialised),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": ["number", "null"]},
                {
                    "type": "object",
                    "title": "单独印了单位的格子",
                    "description": _OWN_UNIT_FORM,
                    "properties": {
                        "value": {"type": "number", "title": "数字"},
                        "unit": {"enum": ["元", "万元", "亿元"], "title": "单位"},
                    },
                    "required": ["value", "unit"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]
"""A figure exactly as printed; ``None`` for a blank cell; a :class:`~site_builder.money.CellAmount` when the
cell printed its own money unit (``{value: 0.19, unit: 元}`` in a 万元 table)."""

_DATE_TEXT = re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?$", re.ASCII)
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0}
_CN_DATE = re.compile(
    r"^([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$"
)


def _cn_number(text: str) -> int:
    """``二十八`` → 28, ``十二`` → 12, ``三`` → 3 (months and days)."""
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else -1
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS.get(tens, -1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, -1) if ones else 0)


def _date(value: Any) -> Any:
    """A report date: a YAML date (2023-03-28), or text as printed: 2023年3月28日, 2023.3.28, 2023/3/28,
    二〇二三年三月二十八日 (full-width digits too)."""
    if value is None or isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
        parts: tuple[int, int, int] | None = None
        if m := _DATE_TEXT.match(text):
            parts = (int(m[1]), int(m[2]), int(m[3]))
        elif m := _CN_DATE.match(text):
            parts = (int("".join(str(_CN_DIGITS[c]) for c in m[1])), _cn_number(m[2]), _cn_number(m[3]))
        if parts is not None:
            try:
                return _dt.date(*parts)
            except ValueError:
                raise PydanticCustomError(
                    "date_format",
                    "日期不存在：{found}（{y} 年 {m} 月没有 {d} 日）",
                    {"found": _shown(value), "y": parts[0], "m": parts[1], "d": parts[2]},
                ) from None
        raise PydanticCustomError(
            "date_format", "日期应写成 2023-03-28 或 2023年3月28日，找到“{found}”", {"found": _shown(value)}
        )
    found = str(value).lower() if isinstance(value, bool) else _shown(value)
    if isinstance(value, int) and not isinstance(value, bool) and 19000101 <= value <= 20991231:
        text = str(value)
        raise PydanticCustomError(
            "date_format",
            "日期应写成 {suggest}，找到“{found}”",
            {"suggest": f"{text[:4]}-{text[4:6]}-{text[6:]}", "found": found},
        )
    raise PydanticCustomError("date_format", "日期应写成 2023-03-28 或 2023年3月28日，找到“{found}”", {"found": found})


Date = Annotated[
    _dt.date | None,
    BeforeValidator(_date),
    WithJsonSchema({"type": ["string", "null"], "format": "date"}),
]

Code = Annotated[str, Field(pattern=r"^[0-9]+$")]
Text = str | None


class Model(BaseModel):
    """Base: unknown fields are errors (a typo guard)."""

    model_config = ConfigDict(extra="forbid", validate_default=False)


def F(title: str, description: str = "", **kw: Any) -> Any:
    """A field with its Chinese name (title) and guidance (description)."""
    return Field(default=kw.pop("default", None), title=title, description=description, **kw)


_NATURE_SPELLINGS = {
    "＝": "=",
    "==": "=",
    "等于": "=",
    ">=": "≥",
    "＞＝": "≥",
    "≧": "≥",
    "大于等于": "≥",
    "不低于": "≥",
    "<=": "≤",
    "＜＝": "≤",
    "≦": "≤",
    "小于等于": "≤",
    "不高于": "≤",
    "＞": ">",
    "大于": ">",
    "＜": "<",
    "小于": "<",
}


def _nature(value: Any) -> Any:
    """指标性质 as printed in another spelling (``>=``, ``大于等于``) → the sign (``≥``)."""
    if isinstance(value, str):
        stripped = value.strip()
        return _NATURE_SPELLINGS.get(stripped, stripped)
    return value


Nature = Annotated[Literal["=", "≥", "≤", ">", "<", "定性"] | None, BeforeValidator(_nature)]


def printed_labels(name: str, row: type[Model], names: tuple[str, ...], example: str, module: str) -> Any:
    """A field group ``labels``: for each column of ``row`` the title the original printed when it differs from
    the standard one (``full_year_budget: 调整后预算数``); one field per concept, the form's own words kept.
    ``name`` is the attribute of ``module`` the class is bound to (so that pickling finds it)."""
    fields: dict[str, Any] = {
        column: (Text, F(f"“{row.model_fields[column].title}”的原表列名", "原表印作别的名称时照录")) for column in names
    }
    model = create_model(name, __base__=Model, __module__=module, **fields)
    model.__doc__ = f"原表列名（与标准列名不同时照录，例如 {example}）"
    return model


_VALUE_WITH_UNIT = re.compile(
    r"^\s*[+-]?[0-9０-９.,，．]+\s*(亿元|万元|千元|元|亿|万|人次|人|户|个|家|分|%|％|辆|项|次|㎡|平方米)\s*$"
)


def stated_value(value: Any) -> Any:
    """A stated figure's value: a number, or words (未完成); a number with its unit attached is the clerk's slip."""
    if isinstance(value, str) and (m := _VALUE_WITH_UNIT.match(value)):
        number = unicodedata.normalize("NFKC", value[: m.start(1)]).strip().replace(",", "").replace("，", "")
        raise PydanticCustomError(
            "amount_format",
            "数值只写数字，单位写在 unit：找到“{found}”，应写成 value: {number} 和 unit: {unit}",
            {"found": _shown(value), "number": number, "unit": m[1]},
        )
    return value
