"""The one source of truth for what a report is.

Every YAML file under ``units/`` is validated against these models; the JSON
Schema in ``schema/report.schema.json`` (for editors) and the 填报指南 page in
``content/`` are generated from them (``python -m site_builder schema``).

Conventions that hold everywhere:

* Money is written as a plain YAML number, exactly as printed (``7851828.47``);
  the unit it was printed in is the table's ``money_unit`` (元 / 万元 / 亿元).
* A blank cell is ``null`` (or the key left out), never ``0``.
* Indicator values, rates and dates as printed in words stay text.
* Fields marked “个人信息” are kept in the internal repository only and are
  removed from the public model before anything is rendered.
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


# ---------------------------------------------------------------- unit.yaml


class Region(Model):
    name: str = Field(title="地区名称", description="完整行政区划名称，例如 湖南省岳阳市湘阴县")
    code: Code = Field(title="行政区划代码", description='6 位国家行政区划代码，加引号，例如 "430624"')


class Unit(Model):
    """一个预算单位（units/<unit-id>/unit.yaml）。"""

    id: str = Field(title="单位标识", description="与文件夹同名的英文标识，例如 430624-renshe")
    name: str = Field(title="单位名称", description="全称，例如 湘阴县人力资源和社会保障局")
    short_name: Text = F("简称", "例如 湘阴县人社局")
    level: Level = Field(title="单位层级", description="province（省级）、city（市级）或 county（县级，含县级市、区）")
    region: Region = Field(title="所在地区")
    parent_department: Text = F("主管部门", "上级主管部门；本身为一级预算单位的写本级政府")
    budget_code: Code | None = F("预算编码", "财政预算编码，加引号")
    maintainers: list[str] = Field(
        default_factory=list, title="维护人", description="负责本单位报告的 GitHub 用户名，用于审核分工"
    )


# ---------------------------------------------------------------- building blocks


class Cover(Model):
    title: str = Field(
        title="报告标题", description="封面上的标题，例如 湘阴县2021年度部门（单位）整体支出绩效评价自评报告"
    )
    annex: Text = F("附件编号", "封面左上角的附件号，例如 附件2")
    unit_name: Text = F("部门（单位）名称")
    budget_code: Code | None = F("预算编码", '加引号，例如 "301001"')
    evaluation_type: Text = F("评价类型", "项目报告的评价类型，原样照录，例如 项目实施过程评价□ 项目完成结果评价□")
    evaluation_method: Text = F("评价方式", "例如 部门（单位）绩效自评")
    evaluating_body: Text = F("评价机构", "例如 部门（单位）评价组")
    report_date: Date = F("报告日期", "写成 2023-03-28")
    issued_by: Text = F("制表机关", "封面底部的财政局，例如 湘阴县财政局（制）")


class Contact(Model):
    name: Text = F("姓名")
    phone: Text = F("联系电话", "个人信息：不公开。加引号")


class Staffing(Model):
    authorized: int | None = F("人员编制", "编制数（人）")
    actual: int | None = F("实有人数", "年末实有在职人数（人）")
    internal_departments: int | None = F("内设机构数", "内设机构（科室、股室、部门）的个数，例如“内设 6 个部门”写 6")
    control_rate: Text = F("控制率", "原样照录，例如 100%")
    note: Text = F("说明", "报告中关于人员的补充说明")


class IncomeRow(Model):
    institution: str = Field(title="机构名称", description="原样照录，例如 局机关及二级机构汇总、1、局机关")
    total: Amount = F("收入合计")
    carried_over: Amount = F("上年结转")
    public_finance: Amount = F("公共财政拨款")
    government_fund: Amount = F("政府基金拨款")
    special_account: Amount = F("纳入专户管理的非税收入拨款")
    other: Amount = F("其他收入")


class ExpenditureRow(Model):
    institution: str = Field(title="机构名称")
    total: Amount = F("支出合计", "= 基本支出 + 项目支出")
    basic: Amount = F("基本支出", "= 人员支出 + 公用支出")
    personnel: Amount = F("人员支出")
    public: Amount = F("公用支出")
    project: Amount = F("项目支出")
    balance_year: Amount = F("当年结余")
    balance_cumulative: Amount = F("累计结余")


class OfficialCostFigures(Model):
    total: Amount = F("三公经费合计", "= 公务接待费 + 公务用车运维费 + 公务用车购置费 + 因公出国费")
    reception: Amount = F("公务接待费")
    vehicle_operation: Amount = F("公务用车运维费")
    vehicle_purchase: Amount = F("公务用车购置费")
    vehicle_total: Amount = F("公务用车购置及运行费", "报告单列“公务用车购置及运行费”合计时填写")
    overseas_travel: Amount = F("因公出国（境）费")


class OfficialCostsRow(OfficialCostFigures):
    institution: str = Field(title="机构名称")


class PriorYearOfficialCosts(OfficialCostFigures):
    year: int = Field(title="年度", description="这些数字所属的年度（通常为上一年）")
    label: str = Field(title="来源说明", description="报告中的列名，例如 上年支出")


class OfficialCosts(Model):
    money_unit: MoneyUnit = Field(title="金额单位")
    source: Text = F("来源说明", "数据不是来自表格时说明出处，例如 据文字部分“三公”经费同比表")
    rows: list[OfficialCostsRow] = Field(default_factory=list, title="各机构三公经费")
    budget: OfficialCostFigures | None = F("年初预算数", "报告给出的“三公”经费年初预算")
    prior_year: PriorYearOfficialCosts | None = F("上年数", "报告中印出的上一年度数字")


class IncomeTable(Model):
    money_unit: MoneyUnit = Field(title="金额单位")
    source: Text = F("来源说明")
    rows: list[IncomeRow] = Field(default_factory=list, title="各机构收入")


class ExpenditureTable(Model):
    money_unit: MoneyUnit = Field(title="金额单位")
    source: Text = F("来源说明")
    rows: list[ExpenditureRow] = Field(default_factory=list, title="各机构支出和结余")


class FixedAssetsRow(Model):
    institution: str = Field(title="机构名称")
    total: Amount = F("固定资产合计", "= 在用 + 出租 + 其他")
    in_use: Amount = F("在用固定资产")
    leased: Amount = F("出租固定资产")
    other: Amount = F("其他")


class FixedAssetsTable(Model):
    money_unit: MoneyUnit = Field(title="金额单位")
    source: Text = F("来源说明")
    rows: list[FixedAssetsRow] = Field(default_factory=list, title="各机构固定资产")


class EconomicRow(Model):
    institution: Text = F("机构名称", "按机构分列时填写，例如 局机关；只有一组数字可不写")
    scope: Text = F("支出范围", "这组数字所分类的支出，原样照录，例如 基本支出、项目支出；不写即为基本支出")
    total: Amount = F("合计", "这组支出的合计（例如 基本支出 2768.2），= 下列各类之和")
    wages: Amount = F("工资福利支出")
    goods_services: Amount = F("商品和服务支出")
    household_subsidies: Amount = F("对个人和家庭的补助")
    capital: Amount = F("资本性支出")
    other: Amount = F("其他支出", "原文另列的其他经济分类（例如 对企业补助）的合计；名称写在 note")
    note: Text = F("说明", "例如 其他支出为“对企业补助”")


class EconomicTable(Model):
    """支出按经济分类（工资福利支出、商品和服务支出、对个人和家庭的补助、资本性支出）。"""

    money_unit: MoneyUnit = Field(title="金额单位")
    source: Text = F("来源说明", "例如 据文字部分 四、1、基本支出")
    rows: list[EconomicRow] = Field(default_factory=list, title="按经济分类")


class ProjectLine(Model):
    name: str = Field(title="项目名称", description="原样照录，例如 社保基金征缴经费；合计行写 合计")
    slug: Text = F(
        "项目报告标识", "本年度有这个项目的项目支出绩效自评报告（projects/<项目标识>.yaml）时填写，页面会链接过去"
    )
    initial_budget: Amount = F("年初预算数")
    full_year_budget: Amount = F("全年预算数", "也叫 调整后预算数")
    budget: Amount = F(
        "预算数（未注明年初或全年）", "原文只写“预算”而没有说明是年初预算还是全年（调整后）预算时填这里，不要猜"
    )
    spent: Amount = F("实际支出", "也叫 全年执行数、支出数")
    balance: Amount = F(
        "结余", "= 预算数 − 实际支出；印了别的单位（如万元表中的“结余0.19元”）写成 {value: 0.19, unit: 元}"
    )
    execution_rate: Text = F("执行率", "原样照录，例如 100%")
    note: Text = F("说明", "原文对这个项目的说明，例如 结余原因")


class ProjectLines(Model):
    """部门（单位）报告中列出的各个项目的预算、支出和结余（不是单独的项目自评报告）。"""

    money_unit: MoneyUnit = Field(title="金额单位")
    source: Text = F("来源说明", "例如 据文字部分 二、（二）专项支出")
    rows: list[ProjectLine] = Field(default_factory=list, title="各项目")


class OpeningClosingRow(Model):
    item: str = Field(title="项目", description="原样照录，例如 固定资产、资产总额、负债总额、车辆")
    opening: Amount = F("年初数")
    closing: Amount = F("期末数", "也叫 年末数")
    note: Text = F("说明", "原文对增减的说明")


class OpeningClosingTable(Model):
    """年初数与期末数（固定资产、资产总额等）。"""

    money_unit: MoneyUnit = Field(title="金额单位")
    source: Text = F("来源说明", "例如 据文字部分 三、资产管理情况")
    rows: list[OpeningClosingRow] = Field(default_factory=list, title="各项目年初数与期末数")


class Goal(Model):
    target: Text = F("预期目标")
    actual: Text = F("实际完成", "也叫 实际完成情况")


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


class Indicator(Model):
    level1: Text = F("一级指标", "产出指标 / 效益指标 / 满意度指标，原样照录")
    level2: Text = F("二级指标", "数量 / 质量 / 时效 / 成本指标，经济 / 社会 / 生态效益，可持续影响，服务对象满意度")
    level3: Text = F("三级指标", "指标名称或指标内容")
    nature: Nature = F("指标性质", "四川等地的表单列的 =、≥、≤（也可写 >=、<=、定性）；不要并进指标值")
    target: Text = F(
        "指标值", "年度指标值（目标），原样照录，例如 95%以上；单列了指标性质、度量单位时只写数字，例如 95"
    )
    measure_unit: Text = F("度量单位", "单列的度量单位，例如 %、人、万元")
    actual: Text = F("实际完成值", "原样照录")
    weight: Amount = F("分值", "也叫 权重")
    score: Amount = F("得分")
    deviation: Text = F("偏差原因分析及改进措施", "也叫 未完成原因分析")


def printed_labels(name: str, row: type[Model], names: tuple[str, ...], example: str) -> Any:
    """A field group ``labels``: for each column of ``row`` the title the original printed when it differs from
    the standard one (``full_year_budget: 调整后预算数``); one field per concept, the form's own words kept.
    ``name`` is the module attribute the class is bound to (so that pickling finds it)."""
    fields: dict[str, Any] = {
        column: (Text, F(f"“{row.model_fields[column].title}”的原表列名", "原表印作别的名称时照录")) for column in names
    }
    model = create_model(name, __base__=Model, __module__=__name__, **fields)
    model.__doc__ = f"原表列名（与标准列名不同时照录，例如 {example}）"
    return model


IndicatorLabels = printed_labels(
    "IndicatorLabels",
    Indicator,
    ("target", "actual", "weight", "score", "deviation", "nature", "measure_unit"),
    "deviation: 未完成原因分析",
)


class IndicatorTable(Model):
    group_weights: dict[str, Amount] = Field(
        default_factory=dict, title="一级指标分值", description="表头印出的一级指标分值，例如 产出指标: 50"
    )
    rows: list[Indicator] = Field(default_factory=list, title="指标")
    total_weight: Amount = F("总分值", "“总分”一行的分值，例如 100")
    labels: IndicatorLabels | None = F(  # type: ignore[valid-type]
        "原表列名",
        "原表的列名与标准列名不同时填写，例如 四川表 weight: 权重、deviation: 未完成原因分析；页面按原表列名显示",
    )


class Score(Model):
    total: Amount = F("绩效自评综合得分", "例如 97（不写“分”字）")
    grade: Grade | None = F("评价等次", "优 / 良 / 中 / 差")
    grade_printed: Text = F("等次原文", "报告中等次的原始写法不同时填写，例如 良好")


class Evaluator(Model):
    name: Text = F("姓名")
    title: Text = F("职务/职称")
    unit: Text = F("单位")
    signature: Text = F("签字", "个人信息：不公开")


class Opinion(Model):
    role: str = Field(title="意见栏", description="例如 部门（单位）意见、财政部门归口业务科室意见、评价组组长")
    text: Text = F("意见内容")
    signatory: Text = F("签字/签章", "个人信息：不公开")
    date: Text = F("日期", "原样照录")


class FilledBy(Model):
    signature: Text = F("填报人（签名）", "个人信息：不公开")
    phone: Text = F("联系电话", "个人信息：不公开")


class PublicNumber(Model):
    """一个看似电话号码、其实可以公开的数字：独立泄露检查据此放行，在合并请求中与其他修改一同审阅。"""

    number: str = Field(
        title="号码",
        description="照抄原文中被误判的数字（只比较其中的数字，空格、横线、括号不计）",
        pattern=r"^[0-9０-９+()（）. \-－—]{5,30}$",
    )
    reason: str = Field(
        title="公开理由", min_length=2, description="为什么可以公开，例如 报告编号、公共服务热线、金额（元）"
    )


PUBLIC_NUMBERS_TITLE = "公开数字声明"
PUBLIC_NUMBERS_HELP = (
    "独立泄露检查误把公开的数字当作电话号码而停止构建时，在此逐项写明号码和理由；没有全局开关可以跳过检查"
)


class BudgetExecutionRow(Model):
    item: str = Field(
        title="项目",
        description="原样照录，例如 年度资金总额、其中：本年财政拨款、上年结转资金、其他资金；"
        "四川表为 财政资金、财政专户管理资金、单位资金、其他资金",
    )
    initial_budget: Amount = F("年初预算数", "也叫 年初预算")
    full_year_budget: Amount = F("全年预算数", "也叫 调整后预算数")
    budget: Amount = F(
        "预算数（未注明年初或全年）", "原文只写“预算”而没有说明是年初预算还是全年（调整后）预算时填这里，不要猜"
    )
    executed: Amount = F("全年执行数", "也叫 预算执行数")
    weight: Amount = F("分值", "也叫 权重")
    execution_rate: Text = F("执行率", "也叫 预算执行率；原样照录，例如 100%")
    score: Amount = F("得分")
    reason: Text = F("原因", "四川表“原因”一栏：执行率偏低等的原因，原样照录")


BudgetExecutionLabels = printed_labels(
    "BudgetExecutionLabels",
    BudgetExecutionRow,
    ("initial_budget", "full_year_budget", "executed", "weight", "execution_rate", "score", "reason"),
    "full_year_budget: 调整后预算数",
)


class IncomeBySource(Model):
    general_public_budget: Amount = F("一般公共预算")
    government_fund: Amount = F("政府性基金拨款")
    special_account: Amount = F("纳入专户管理的非税收入拨款")
    other: Amount = F("其他资金")


class ExpenditureByType(Model):
    basic: Amount = F("基本支出")
    project: Amount = F("项目支出")


class BudgetExecution(Model):
    money_unit: MoneyUnit = Field(title="金额单位")
    rows: list[BudgetExecutionRow] = Field(default_factory=list, title="资金执行情况")
    labels: BudgetExecutionLabels | None = F(  # type: ignore[valid-type]
        "原表列名",
        "原表的列名与标准列名不同时填写，例如 四川表 full_year_budget: 调整后预算数、executed: 预算执行数、"
        "weight: 权重；页面按原表列名显示",
    )
    by_income_source: IncomeBySource | None = F("按收入性质分")
    by_expenditure_type: ExpenditureByType | None = F("按支出性质分")


Measure = Literal[
    "official_costs.total",
    "official_costs.vehicle_total",
    "official_costs.vehicle_purchase",
    "official_costs.vehicle_operation",
    "official_costs.overseas_travel",
    "official_costs.reception",
    "expenditure.project",
    "expenditure.public",
    "procurement",
]


class BasicDataRow(Model):
    item: str = Field(title="项目", description="原样照录，例如 三公经费、   3、公务接待、公用经费")
    measure: Measure | None = F("对应指标", "可与其他年度比较的指标，例如 official_costs.total")
    prior_final: Amount = F("上年决算数")
    budget: Amount = F("本年预算数")
    final: Amount = F("本年决算数")
    note: Text = F("说明", "单元格中的文字，例如 ——")


class Building(Model):
    name: Text = F("项目名称")
    approved_area: Amount = F("批复规模（㎡）")
    actual_area: Amount = F("实际规模（㎡）")
    area_control_rate: Text = F("规模控制率")
    budget_investment: Amount = F("预算投资（万元）")
    actual_investment: Amount = F("实际投资（万元）")
    investment_control_rate: Text = F("投资概算控制率")


class BasicData(Model):
    """基础数据表（部分地区附表，含上年决算、本年预算和决算）。"""

    title: str = Field(title="表名")
    annex: Text = F("附件编号")
    staffing: Staffing | None = F("财政供养人员情况")
    money_unit: MoneyUnit = Field(title="金额单位")
    prior_final_label: str = Field(title="上年决算列名", description="例如 2022年决算数")
    budget_label: str = Field(title="本年预算列名", description="例如 2023年预算数")
    final_label: str = Field(title="本年决算列名", description="例如 2023年决算数")
    rows: list[BasicDataRow] = Field(default_factory=list, title="经费控制情况")
    buildings: list[Building] = Field(default_factory=list, title="楼堂馆所控制情况")
    frugality_measures: Text = F("厉行节约保障措施")
    note: Text = F("说明")


_VALUE_WITH_UNIT = re.compile(
    r"^\s*[+-]?[0-9０-９.,，．]+\s*(亿元|万元|千元|元|亿|万|人次|人|户|个|家|分|%|％|辆|项|次|㎡|平方米)\s*$"
)


def _stated_value(value: Any) -> Any:
    """A stated figure's value: a number, or words (未完成); a number with its unit attached is the clerk's slip."""
    if isinstance(value, str) and (m := _VALUE_WITH_UNIT.match(value)):
        number = unicodedata.normalize("NFKC", value[: m.start(1)]).strip().replace(",", "").replace("，", "")
        raise PydanticCustomError(
            "amount_format",
            "数值只写数字，单位写在 unit：找到“{found}”，应写成 value: {number} 和 unit: {unit}",
            {"found": _shown(value), "number": number, "unit": m[1]},
        )
    return value


class StatedFigure(Model):
    """一个在文字中出现的数字，用于与表格核对、以及在不同处互相核对。"""

    name: str = Field(title="名称", description="同名的数字会互相核对，例如 职业年金征缴")
    value: Annotated[Decimal | str, BeforeValidator(_stated_value)] = Field(
        title="数值",
        description="照抄原文数字；非数字的说法（如 未完成）写文字",
        json_schema_extra={"type": ["number", "string"]},
    )
    unit: Text = F("单位", "元 / 万元 / 亿元 / 人 / 分 等")
    field: Text = F("对应字段", "与之核对的结构化字段路径，例如 expenditure.rows[0].project")
    where: Text = F("出处", "例如 文字部分 四、部门整体支出规模")
    quote: str = Field(title="原文", description="包含该数字的原文片段，须能在报告中找到")


# ---------------------------------------------------------------- project report


class FundsByLevel(Model):
    total: Amount = F("合计")
    central: Amount = F("中央财政")
    provincial: Amount = F("省财政")
    city: Amount = F("市财政")
    county: Amount = F("县市区财政")
    other: Amount = F("其它")


class ProjectFunds(Model):
    money_unit: MoneyUnit = Field(title="金额单位")
    planned: FundsByLevel | None = F("计划安排资金")
    received: FundsByLevel | None = F("实际到位资金")
    spent: FundsByLevel | None = F("实际支出")
    balance: FundsByLevel | None = F("结余")


class ExpenditureLine(Model):
    item: Text = F("支出内容")
    amount: Amount = F("实际支出数")
    voucher: Text = F("会计凭证号")
    note: Text = F("备注")


class ExpenditureLines(Model):
    money_unit: MoneyUnit = Field(title="金额单位")
    rows: list[ExpenditureLine] = Field(default_factory=list, title="支出明细")
    total: Amount = F("支出合计")


class Leader(Model):
    name: Text = F("项目负责人")
    phone: Text = F("联系电话", "个人信息：不公开")


class ProjectReport(Model):
    """项目支出绩效自评报告（units/<unit-id>/<year>/projects/<slug>.yaml）。"""

    slug: str = Field(title="项目标识", description="与文件名相同的英文标识，例如 shebao-jijin-zhengjiao")
    name: str = Field(title="项目名称")
    cover: Cover = Field(title="封面")
    project_unit: Text = F("项目单位")
    department: Text = F("主管部门")
    implementing_unit: Text = F("实施单位")
    leader: Leader | None = F("项目负责人")
    address: Text = F("项目地址")
    postcode: Code | None = F("邮编", "加引号")
    period: Text = F("项目起止时间", "原样照录，例如 2021年1月起至2021年12月止")
    funds: ProjectFunds | None = F("项目资金", "计划安排 / 实际到位 / 实际支出 / 结余，分中央、省、市、县市区、其它")
    budget_execution: BudgetExecution | None = F("项目资金执行情况", "年初预算数 / 全年预算数 / 全年执行数 形式的表")
    expenditure_lines: ExpenditureLines | None = F("项目支出明细")
    goals_title: Text = F("目标栏名称", "原表对定性目标一栏的称呼，例如 年度总体目标")
    goals: list[Goal] = Field(default_factory=list, title="定性目标及完成情况")
    indicators: IndicatorTable | None = F("绩效指标")
    score: Score | None = F("得分和等次")
    conclusion: Text = F("评价结论", "四川表“评价结论”一栏，原样照录")
    problems: Text = F("存在问题", "四川表“存在问题”一栏，原样照录")
    improvements: Text = F("改进措施", "四川表“改进措施”一栏，原样照录")
    evaluators: list[Evaluator] = Field(default_factory=list, title="评价人员")
    opinions: list[Opinion] = Field(default_factory=list, title="意见栏")
    filled_by: FilledBy | None = F("填报人", "个人信息：不公开")
    stated_figures: list[StatedFigure] = Field(default_factory=list, title="文中数据")
    remarks: Text = F("备注", "表下的备注文字")
    public_numbers: list[PublicNumber] = Field(
        default_factory=list, title=PUBLIC_NUMBERS_TITLE, description=PUBLIC_NUMBERS_HELP
    )


# ---------------------------------------------------------------- report.yaml


class Report(Model):
    """部门（单位）整体支出绩效自评报告（units/<unit-id>/<year>/report.yaml）。"""

    unit: str = Field(title="单位标识", description="须与所在文件夹一致")
    year: int = Field(title="年度", description="评价的财政年度，须与所在文件夹一致")
    cover: Cover = Field(title="封面")
    contact: Contact | None = F("联系人")
    staffing: Staffing | None = F("人员情况")
    functions: Text = F("职能职责概述")
    main_work: Text = F("年度主要工作内容")
    achievements: Text = F("年度总体运行情况及取得的成绩")
    basic_data: BasicData | None = F("基础数据表")
    budget_execution: BudgetExecution | None = F("年度预算执行情况", "年初预算数 / 全年预算数 / 全年执行数 形式的表")
    income: IncomeTable | None = F("年度收入情况")
    expenditure: ExpenditureTable | None = F("年度支出和结余情况")
    economic_classification: EconomicTable | None = F(
        "支出按经济分类",
        "工资福利支出、商品和服务支出、对个人和家庭的补助、资本性支出，照原文所印；不要换算成人员支出、公用支出",
    )
    project_lines: ProjectLines | None = F("项目支出明细（分项目）", "报告中逐个列出的项目的预算、支出和结余")
    official_costs: OfficialCosts | None = F("三公经费")
    fixed_assets: FixedAssetsTable | None = F("固定资产")
    opening_closing: OpeningClosingTable | None = F("年初数与期末数", "固定资产、资产总额等的 年初数 / 期末数")
    goals_title: Text = F("目标栏名称", "原表对定性目标一栏的称呼，例如 年度总体目标")
    goals: list[Goal] = Field(default_factory=list, title="定性目标及完成情况")
    indicators: IndicatorTable | None = F("绩效指标")
    score: Score | None = F("得分和等次")
    evaluators: list[Evaluator] = Field(default_factory=list, title="评价人员")
    opinions: list[Opinion] = Field(default_factory=list, title="意见栏")
    filled_by: FilledBy | None = F("填报人", "个人信息：不公开")
    stated_figures: list[StatedFigure] = Field(default_factory=list, title="文中数据")
    remarks: Text = F("备注", "表下的说明文字")
    public_numbers: list[PublicNumber] = Field(
        default_factory=list, title=PUBLIC_NUMBERS_TITLE, description=PUBLIC_NUMBERS_HELP
    )


PERSONAL_FIELDS: frozenset[str] = frozenset(
    {"contact.phone", "leader.phone", "evaluators[].signature", "opinions[].signatory", "filled_by"}
)
"""Fields personal by definition: never in the public model (``filled_by``: the whole block)."""

REDACTION_REMOVED: tuple[str, ...] = (
    "**电话号码**：手机、带区号的固定电话、400/800 电话（空格、横线、点、括号、+86、全角数字、每位之间有空格、中间折行都算），"
    "以及电话标签（联系电话、电话、手机、座机、联系方式、传真，简体或繁体如 聯絡電話、聯繫電話、電話）之后的 7–8 位号码："
    "中间隔着“为/是”、加粗或代码标记、姓名（联系人及电话）、另一个单元格、换行或空行，号码写成汉字数字，"
    "一个标签后列出几个号码，都逐一隐去；表头为电话的一列中的号码也隐去。",
    "**签名**：签名、签字、签章、盖章（中间有空格也算）之后或之前的姓名；填报人、填表人、审核人、复核人、签字人、评价组成员"
    "和单独的“负责人”之后的姓名（同一格、下一格或下一行，几个姓名都隐去）；表格中签字、签名一列或一行里的内容。",
    "**电子邮件地址**（包括 QQ 邮箱）。",
    "**标注“个人信息”的字段**：" + "、".join(f"`{f}`" for f in sorted(PERSONAL_FIELDS)) + "，整项不公开。",
)
"""What redaction removes: the about page and the 填报指南 say exactly this (tests/test_guide.py)."""

REDACTION_KEPT: tuple[str, ...] = (
    "联系人、评价人员（姓名、职务、单位）、项目负责人等公务身份的姓名，单位地址和邮编。",
    "金额和数量：单位紧跟在后（包括折到下一行的“元”）、带小数、或所在表格列的表头写明金额单位（如 金额（元））的数字；"
    "“接听咨询电话 3000 通”这类次数。",
    "文号、报告编号、预算编码、项目编码、索引号、日期和时间；12345、12333 等公共服务热线。",
    "空白的签字行（如“主要领导签字：”）之后的下一行正文。",
)
"""What stays public although it looks like personal data."""

REDACTION_GATE = (
    "发布前，独立的泄露检查（不与隐去程序共用任何识别规则）再查一遍网站的每个文件：可能是电话的数字、后面带有内容的个人信息标签、"
    "电子邮件地址，凡不能确认为公开数字的，都会停止发布，并指出输出文件、源文件的行和处理办法。确属公开的数字（被误判），"
    "在该报告的 YAML 中用 `public_numbers` 逐项写明号码和理由，随合并请求审核；没有跳过检查的开关。"
)


def redaction_markdown(heading: str = "##") -> str:
    """The rule, in Chinese, as the about page and the 填报指南 print it."""
    lines = [f"{heading} 哪些内容会隐去", "", "以下内容在网站上显示为“〔已隐去〕”：", ""]
    lines += [f"- {line}" for line in REDACTION_REMOVED]
    lines += ["", "以下内容照常公开：", ""]
    lines += [f"- {line}" for line in REDACTION_KEPT]
    lines += ["", REDACTION_GATE, ""]
    return "\n".join(lines)


REMOVAL_KINDS: dict[str, str] = {"phone": "电话", "signature": "签名", "email": "电子邮件", "personal": "个人信息字段"}
"""What redaction removes, by kind, as ``redact``, ``history`` and the pull-request summary name it."""


def is_personal_field(loc: tuple[str | int, ...]) -> bool:
    """Whether the field at ``loc`` (``("evaluators", 0, "signature")``) is in :data:`PERSONAL_FIELDS`, or inside one."""
    path = ""
    for part in loc:
        path += "[]" if isinstance(part, int) else (f".{part}" if path else part)
        if path in PERSONAL_FIELDS:
            return True
    return False
