"""Cases of ``import``'s labelled prose figures kept aside while the reader was written (run once, last, by name:
``python -m pytest tests/prose_aside.py -p no:cacheprovider``).  【测试数据】 texts, through the real reader and mapper."""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_import_prose import draft, row


def test_fixed_assets_total_at_year_end() -> None:
    data = draft("截至2021年12月31日，本单位固定资产总额为88.5万元。\n", 2021)
    assert row(data, "fixed_assets")["total"] == Decimal("88.5")


def test_total_then_its_parts_with_shares() -> None:
    data = draft(
        "2021年度本单位总支出500.5万元，其中：基本支出300.3万元，占总支出的60%；项目支出200.2万元，占40%。\n", 2021
    )
    expenditure = row(data, "expenditure")
    assert (expenditure.get("total"), expenditure.get("basic"), expenditure.get("project")) == (
        Decimal("500.5"),
        Decimal("300.3"),
        Decimal("200.2"),
    )


@pytest.mark.parametrize(
    "body",
    [
        "2021年单位基本支出预算执行数为300.5万元。\n",
        "与2020年相比，2021年基本支出减少了20.5万元。\n",
        "下属二级单位县就业服务中心基本支出为150.5万元。\n",
        "2020年基本支出为280.5万元，2021年基本支出为300.5万元。\n",
    ],
)
def test_left_to_the_clerk(body: str) -> None:
    data = draft(body, 2021)
    assert "basic" not in row(data, "expenditure")


def test_project_lines_with_budgets_are_not_spending() -> None:
    assert "project_lines" not in draft("项目支出包含A项目预算30.5万元，B项目预算20.5万元。\n", 2021)


def test_two_fixed_asset_totals() -> None:
    assert "fixed_assets" not in draft("固定资产共计50.5万元。年末固定资产合计52.5万元。\n", 2021)
