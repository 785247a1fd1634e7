"""Year-over-year comparison of a unit's figures: which figures, from where, and their changes.

All arithmetic lives here, not in templates.  Money is normalised to 万元 for
comparison (exactly, with Decimal); the printed figure and unit stay available.
A blank is never a zero: a change involving a blank is ``None`` (shown as “—”).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from site_builder.accounts import EconomicRow, ExpenditureRow, IncomeRow
from site_builder.money import convert, unit_of
from site_builder.schema import Report

COMPARE_UNIT = "万元"


@dataclass(frozen=True)
class Figure:
    """One figure of one year: as printed, and normalised for comparison."""

    printed: Decimal | None
    unit: str  # the printed unit: 元 / 万元 / 亿元 for money, 人 or 分 otherwise
    source: str  # where it was printed, e.g. “2023年报告 基础数据表（2022年决算数）”
    text: str | None = None  # non-numeric figures, such as a grade

    @property
    def value(self) -> Decimal | None:
        """The figure in the comparison unit (万元 for money)."""
        if self.printed is None:
            return None
        if self.unit in ("元", "万元", "亿元"):
            return convert(self.printed, self.unit, COMPARE_UNIT)
        return self.printed


@dataclass(frozen=True)
class Change:
    from_year: int
    to_year: int
    absolute: Decimal | None
    percent: Decimal | None  # rounded to 0.01


@dataclass
class Series:
    key: str
    group: str
    label: str
    unit: str  # display unit of the normalised values
    values: dict[int, Figure] = field(default_factory=dict)

    def changes(self, years: list[int]) -> list[Change]:
        return [change(self.values.get(a), self.values.get(b), a, b) for a, b in zip(years, years[1:], strict=False)]


def change(old: Figure | None, new: Figure | None, from_year: int, to_year: int) -> Change:
    """Absolute and percentage change; ``None`` where either side is blank (never -100%)."""
    a = old.value if old else None
    b = new.value if new else None
    if a is None or b is None:
        return Change(from_year, to_year, None, None)
    absolute = b - a
    percent = None if a == 0 else (absolute / a * 100).quantize(Decimal("0.01"))
    return Change(from_year, to_year, absolute, percent)


def _summary_row(rows: Iterable[IncomeRow | ExpenditureRow]) -> IncomeRow | ExpenditureRow | None:
    """The row that speaks for the whole unit: the first with a total (the 汇总 row when filled)."""
    for row in rows:
        if row.total is not None:
            return row
    return None


# (key, group, label, getter over Report → (value, unit, source) or None)
Getter = Callable[[Report], tuple[Decimal | None, str, str] | None]


def _income(attr: str) -> Getter:
    def get(r: Report) -> tuple[Decimal | None, str, str] | None:
        if not r.income:
            return None
        row = _summary_row(r.income.rows)
        return (getattr(row, attr), r.income.money_unit, f"{r.year}年报告 收入情况表") if row else None

    return get


def _expenditure(
    attr: str, fallback: Callable[[Report], tuple[Decimal | None, str, str] | None] | None = None
) -> Getter:
    def get(r: Report) -> tuple[Decimal | None, str, str] | None:
        if r.expenditure:
            row = _summary_row(r.expenditure.rows) or (r.expenditure.rows[0] if r.expenditure.rows else None)
            if row is not None and getattr(row, attr) is not None:
                source = r.expenditure.source or "支出情况表"
                return getattr(row, attr), r.expenditure.money_unit, f"{r.year}年报告 {source}"
        return fallback(r) if fallback else None

    return get


def _executed(r: Report) -> tuple[Decimal | None, str, str] | None:
    be = r.budget_execution
    if be and be.rows and be.rows[0].executed is not None:
        return be.rows[0].executed, be.money_unit, f"{r.year}年报告 自评表（全年执行数）"
    return None


def _by_type(attr: str) -> Getter:
    def get(r: Report) -> tuple[Decimal | None, str, str] | None:
        be = r.budget_execution
        if be and be.by_expenditure_type and getattr(be.by_expenditure_type, attr) is not None:
            return getattr(be.by_expenditure_type, attr), be.money_unit, f"{r.year}年报告 自评表（按支出性质分）"
        return None

    return get


def _basic_data(measure: str) -> Getter:
    def get(r: Report) -> tuple[Decimal | None, str, str] | None:
        bd = r.basic_data
        if bd:
            for row in bd.rows:
                if row.measure == measure and row.final is not None:
                    return row.final, bd.money_unit, f"{r.year}年报告 基础数据表（{bd.final_label}）"
        return None

    return get


def _official(attr: str) -> Getter:
    measure = f"official_costs.{attr}"

    def get(r: Report) -> tuple[Decimal | None, str, str] | None:
        oc = r.official_costs
        if oc and oc.rows:
            row = next((x for x in oc.rows if x.total is not None), None)
            if row is not None:
                return getattr(row, attr), oc.money_unit, f"{r.year}年报告 {oc.source or '三公经费表'}"
        return _basic_data(measure)(r)

    return get


def _staffing(attr: str) -> Getter:
    def get(r: Report) -> tuple[Decimal | None, str, str] | None:
        places = [(r.staffing, "人员情况"), (r.basic_data.staffing if r.basic_data else None, "基础数据表")]
        for st, where in places:  # each figure where it is printed: 内设机构数 in the text, 编制 in the 基础数据表
            if st is not None and getattr(st, attr) is not None:
                return Decimal(getattr(st, attr)), _display_unit(f"staffing.{attr}"), f"{r.year}年报告 {where}"
        return None

    return get


def _fixed_assets(r: Report) -> tuple[Decimal | None, str, str] | None:
    fa = r.fixed_assets
    if fa:
        row = next((x for x in fa.rows if x.total is not None), None)
        if row is not None:
            return row.total, fa.money_unit, f"{r.year}年报告 {fa.source or '固定资产表'}"
    return None


def _economic_row(r: Report) -> EconomicRow | None:
    """The row of 支出按经济分类 that speaks for the unit's basic expenditure: the first of 基本支出 (or of no stated
    scope), preferring one not restricted to an institution."""
    t = r.economic_classification
    rows = [x for x in (t.rows if t else []) if not x.scope or "基本" in x.scope]
    return next((x for x in rows if not x.institution), rows[0] if rows else None)


def _economic(attr: str) -> Getter:
    def get(r: Report) -> tuple[Decimal | None, str, str] | None:
        row = _economic_row(r)
        if row is None or r.economic_classification is None:
            return None
        t = r.economic_classification
        return getattr(row, attr), t.money_unit, f"{r.year}年报告 {t.source or '支出按经济分类'}"

    return get


def _score(r: Report) -> tuple[Decimal | None, str, str] | None:
    if r.score and r.score.total is not None:
        return r.score.total, "分", f"{r.year}年报告 自评得分"
    return None


MEASURES: list[tuple[str, str, str, Getter]] = [
    ("income.total", "收入", "收入合计", _income("total")),
    ("income.carried_over", "收入", "上年结转", _income("carried_over")),
    ("income.public_finance", "收入", "公共财政拨款", _income("public_finance")),
    ("income.government_fund", "收入", "政府基金拨款", _income("government_fund")),
    ("income.special_account", "收入", "纳入专户管理的非税收入拨款", _income("special_account")),
    ("income.other", "收入", "其他收入", _income("other")),
    ("expenditure.total", "支出", "支出合计", _expenditure("total", _executed)),
    ("expenditure.basic", "支出", "基本支出", _expenditure("basic", _by_type("basic"))),
    ("expenditure.personnel", "支出", "人员支出", _expenditure("personnel")),
    ("expenditure.public", "支出", "公用支出", _expenditure("public", _basic_data("expenditure.public"))),
    ("expenditure.project", "支出", "项目支出", _expenditure("project", _by_type("project"))),
    ("official_costs.total", "三公经费", "三公经费合计", _official("total")),
    ("official_costs.reception", "三公经费", "公务接待费", _official("reception")),
    ("official_costs.vehicle_operation", "三公经费", "公务用车运维费", _official("vehicle_operation")),
    ("official_costs.vehicle_purchase", "三公经费", "公务用车购置费", _official("vehicle_purchase")),
    ("official_costs.overseas_travel", "三公经费", "因公出国（境）费", _official("overseas_travel")),
    ("staffing.authorized", "人员", "人员编制", _staffing("authorized")),
    ("staffing.actual", "人员", "实有人数", _staffing("actual")),
    ("staffing.internal_departments", "人员", "内设机构数", _staffing("internal_departments")),
    ("economic.wages", "基本支出按经济分类", "工资福利支出", _economic("wages")),
    ("economic.goods_services", "基本支出按经济分类", "商品和服务支出", _economic("goods_services")),
    ("economic.household_subsidies", "基本支出按经济分类", "对个人和家庭的补助", _economic("household_subsidies")),
    ("economic.capital", "基本支出按经济分类", "资本性支出", _economic("capital")),
    ("fixed_assets.total", "固定资产", "固定资产合计", _fixed_assets),
    ("score.total", "自评", "综合得分", _score),
]

_PRIOR_OFFICIAL = {
    "official_costs.total": "total",
    "official_costs.reception": "reception",
    "official_costs.vehicle_operation": "vehicle_operation",
    "official_costs.vehicle_purchase": "vehicle_purchase",
    "official_costs.overseas_travel": "overseas_travel",
}


def _prior_year_figures(r: Report) -> dict[str, tuple[int, Figure]]:
    """Figures of an earlier year printed inside this report, labelled with their source."""
    out: dict[str, tuple[int, Figure]] = {}
    oc = r.official_costs
    if oc and oc.prior_year:
        prior = oc.prior_year
        for key, attr in _PRIOR_OFFICIAL.items():
            value = getattr(prior, attr)
            if value is not None:
                out[key] = (prior.year, Figure(value, oc.money_unit, f"{r.year}年报告 三公经费（{prior.label}）"))
    bd = r.basic_data
    if bd:
        for row in bd.rows:
            if row.measure and row.prior_final is not None:
                key = row.measure
                if key == "expenditure.project" or key == "expenditure.public" or key.startswith("official_costs."):
                    out.setdefault(
                        key,
                        (
                            r.year - 1,
                            Figure(
                                row.prior_final, bd.money_unit, f"{r.year}年报告 基础数据表（{bd.prior_final_label}）"
                            ),
                        ),
                    )
    return out


def own_figures(report: Report) -> dict[str, Figure]:
    """Every comparable figure a report prints for its own year, keyed like :data:`MEASURES`."""
    out: dict[str, Figure] = {}
    for key, _group, _label, get in MEASURES:
        got = get(report)
        if got is not None and got[0] is not None:
            out[key] = Figure(got[0], unit_of(got[0], got[1]) or got[1], got[2])
    return out


def named_figures(report: Report) -> dict[str, tuple[str, str, Figure]]:
    """Figures whose rows a report names itself, compared by that name over the years: each project line's
    实际支出 and 结余, each 年初数与期末数 row's 期末数 — key → (group, label, figure)."""
    out: dict[str, tuple[str, str, Figure]] = {}
    lines = report.project_lines
    if lines is not None:
        source = f"{report.year}年报告 {lines.source or '项目支出明细'}"
        for line in lines.rows:
            for attr, title in (("spent", "实际支出"), ("balance", "结余")):
                value = getattr(line, attr)
                if value is not None:
                    out[f"project_lines.{line.name}.{attr}"] = (
                        "项目支出（分项目）",
                        f"{line.name}：{title}",
                        Figure(value, unit_of(value, lines.money_unit) or "", source),
                    )
    balances = report.opening_closing
    if balances is not None:
        source = f"{report.year}年报告 {balances.source or '年初数与期末数'}"
        for row in balances.rows:
            if row.closing is not None:
                out[f"opening_closing.{row.item}"] = (
                    "年初数与期末数",
                    f"{row.item}：期末数",
                    Figure(row.closing, unit_of(row.closing, balances.money_unit) or "", source),
                )
    return out


def opening_figures(report: Report) -> dict[str, tuple[str, str, Figure]]:
    """Each 年初数 a report prints: the previous year's 期末数, keyed as :func:`named_figures` keys that year's."""
    out: dict[str, tuple[str, str, Figure]] = {}
    balances = report.opening_closing
    for x in balances.rows if balances else []:
        if x.opening is not None:
            out[f"opening_closing.{x.item}"] = (
                "年初数与期末数",
                f"{x.item}：期末数",
                Figure(x.opening, unit_of(x.opening, balances.money_unit) or "", f"{report.year}年报告 年初数"),  # type: ignore[union-attr]
            )
    return out


@dataclass
class Comparison:
    years: list[int]
    series: list[Series]


def _display_unit(key: str) -> str:
    if key == "staffing.internal_departments":
        return "个"
    if key.startswith("staffing."):
        return "人"
    if key == "score.total":
        return "分"
    return COMPARE_UNIT


def unit_comparison(reports: list[Report]) -> Comparison:
    """Every comparable figure over all of a unit's years, including earlier years printed in later reports.

    A year's own report wins over an earlier year's figure printed in a later report.
    """
    series = {key: Series(key, group, label, _display_unit(key)) for key, group, label, _ in MEASURES}
    borrowed: dict[tuple[str, int], Figure] = {}
    for report in reports:
        for key, (year, figure) in _prior_year_figures(report).items():
            borrowed.setdefault((key, year), figure)
    own = {(key, r.year): f for r in reports for key, f in own_figures(r).items()}
    for (key, year), figure in {**borrowed, **own}.items():
        series[key].values[year] = figure
    named = [(r.year, named_figures(r)) for r in reports]
    openings = [(r.year - 1, opening_figures(r)) for r in reports]
    for year, figures in [*openings, *named]:  # a year's own 期末数 wins over the next report's 年初数
        for key, (group, label, figure) in figures.items():
            series.setdefault(key, Series(key, group, label, COMPARE_UNIT)).values[year] = figure
    years = sorted({year for s in series.values() for year in s.values})
    return Comparison(years, [s for s in series.values() if s.values])


# ------------------------------------------------------------------ all units of one year

YEAR_COLUMNS: list[str] = [
    "income.total",
    "expenditure.total",
    "expenditure.basic",
    "expenditure.project",
    "official_costs.total",
    "official_costs.reception",
    "official_costs.vehicle_operation",
    "official_costs.vehicle_purchase",
    "official_costs.overseas_travel",
    "staffing.authorized",
    "staffing.actual",
    "score.total",
]
LABELS: dict[str, str] = {key: label for key, _group, label, _ in MEASURES}
GRADES = ("优", "良", "中", "差")
SCORE_BANDS: tuple[tuple[str, Decimal, Decimal], ...] = (
    ("90–100", Decimal(90), Decimal(1000)),
    ("80–89", Decimal(80), Decimal(90)),
    ("70–79", Decimal(70), Decimal(80)),
    ("60–69", Decimal(60), Decimal(70)),
    ("60 以下", Decimal(-1000), Decimal(60)),
)


@dataclass
class YearRow:
    """One unit in the comparison of a year: its own figures, normalised for comparison."""

    unit_id: str
    name: str
    level: str
    region: str
    figures: dict[str, Figure]
    grade: str | None


def year_rows(entries: Iterable[tuple[str, str, str, str, Report]]) -> list[YearRow]:
    """``(unit_id, name, level, region, report)`` of one year → rows for the side-by-side table."""
    rows = []
    for unit_id, name, level, region, report in entries:
        figures = own_figures(report)
        rows.append(
            YearRow(
                unit_id,
                name,
                level,
                region,
                {k: figures[k] for k in YEAR_COLUMNS if k in figures},
                report.score.grade if report.score else None,
            )
        )
    return rows


def grade_distribution(rows: list[YearRow]) -> dict[str, int]:
    """How many units rated themselves 优 / 良 / 中 / 差 (and how many gave no grade)."""
    counts = {g: 0 for g in GRADES}
    counts["未评定"] = 0
    for row in rows:
        counts[row.grade if row.grade in counts else "未评定"] += 1
    return counts


def score_distribution(rows: list[YearRow]) -> list[tuple[str, int]]:
    """Units per score band; units without a score are counted separately as 未打分."""
    bands = [(label, 0) for label, _, _ in SCORE_BANDS]
    missing = 0
    for row in rows:
        figure = row.figures.get("score.total")
        if figure is None or figure.value is None:
            missing += 1
            continue
        for i, (label, low, high) in enumerate(SCORE_BANDS):
            if low <= figure.value < high:
                bands[i] = (label, bands[i][1] + 1)
    return [*bands, ("未打分", missing)]
