"""Comparison arithmetic with the real reports' figures: exact, blanks never zero, units normalised."""

from __future__ import annotations

from decimal import Decimal

from seeds import ROOT

from site_builder.money import convert, fmt
from site_builder.pages.compare import Figure, change, unit_comparison
from site_builder.schema import Report
from site_builder.sources.yamlsource import read_yaml


def report(unit_id: str, year: int) -> Report:
    return Report.model_validate(read_yaml(ROOT / "units" / unit_id / str(year) / "report.yaml").data)


def test_normalisation_between_yuan_wanyuan_yiyuan_is_exact() -> None:
    assert convert(Decimal("7851828.47"), "元", "万元") == Decimal("785.182847")
    assert convert(Decimal("25.08"), "亿元", "万元") == Decimal("250800")
    assert convert(Decimal("48929.9"), "万元", "亿元") == Decimal("4.89299")
    assert convert(None, "元", "万元") is None
    assert fmt(Decimal("16014.989")) == "16014.989"
    assert fmt(Decimal("1.50")) == "1.50"


def test_change_over_a_blank_is_unknown_not_minus_100_percent() -> None:
    blank = Figure(None, "万元", "x")
    value = Figure(Decimal("8.9"), "万元", "x")
    assert change(value, blank, 2021, 2022).absolute is None
    assert change(value, blank, 2021, 2022).percent is None
    assert change(None, value, 2020, 2021).percent is None
    zero = Figure(Decimal("0"), "万元", "x")
    assert change(zero, value, 2020, 2021).absolute == Decimal("8.9")
    assert change(zero, value, 2020, 2021).percent is None  # no percentage over zero


def test_junshan_2022_figures_printed_in_the_2023_report_are_2022_data() -> None:
    comparison = unit_comparison([report("430611-renshe", 2023)])
    assert comparison.years == [2022, 2023]
    sangong = next(s for s in comparison.series if s.key == "official_costs.total")
    assert sangong.values[2022].printed == Decimal("1.97")
    assert "基础数据表（2022年决算数）" in sangong.values[2022].source
    assert sangong.values[2023].printed == Decimal("1.13")
    (c,) = sangong.changes(comparison.years)
    assert c.absolute == Decimal("-0.84")
    assert c.percent == Decimal("-42.64")
    project = next(s for s in comparison.series if s.key == "expenditure.project")
    assert project.values[2022].printed == Decimal("283.46")
    assert project.values[2023].printed == Decimal("306.22")  # the self-evaluation form, not the 基础数据表's 306.23


def test_province_prior_year_official_costs() -> None:
    comparison = unit_comparison([report("430000-renshe", 2019)])
    assert comparison.years == [2018, 2019]
    sangong = next(s for s in comparison.series if s.key == "official_costs.total")
    (c,) = sangong.changes(comparison.years)
    assert (sangong.values[2018].printed, sangong.values[2019].printed) == (Decimal("303.24"), Decimal("301.08"))
    assert c.absolute == Decimal("-2.16")
    assert c.percent == Decimal("-0.71")
    reception = next(s for s in comparison.series if s.key == "official_costs.reception")
    assert reception.changes(comparison.years)[0].absolute == Decimal("0.90")  # the report prints 0.89


def test_yanbian_yuan_figures_compare_in_wanyuan() -> None:
    comparison = unit_comparison([report("510422-renshe", 2020)])
    total = next(s for s in comparison.series if s.key == "expenditure.total")
    assert total.values[2020].printed == Decimal("15901585.76")
    assert total.values[2020].unit == "元"
    assert total.values[2020].value == Decimal("1590.158576")


def test_two_years_of_one_unit(tmp_path) -> None:
    """Test data derived from 湘阴 2021: a second year with one figure changed and one blanked."""
    r2021 = report("430624-renshe", 2021)
    r2022 = r2021.model_copy(deep=True, update={"year": 2022})
    assert r2022.official_costs is not None
    r2022.official_costs.rows[0].total = Decimal("10.1")
    r2022.official_costs.rows[0].reception = None
    comparison = unit_comparison([r2021, r2022])
    by_key = {s.key: s for s in comparison.series}
    assert comparison.years == [2021, 2022]
    (c,) = by_key["official_costs.total"].changes(comparison.years)
    assert (c.absolute, c.percent) == (Decimal("1.2"), Decimal("13.48"))
    (blank,) = by_key["official_costs.reception"].changes(comparison.years)
    assert blank.absolute is None and blank.percent is None
