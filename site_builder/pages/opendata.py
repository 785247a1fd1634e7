"""The bulk dataset under ``/data/``: every report's figures as one CSV per table, described for machines.

Takes the public site (the public model only); gives each table's CSV (the rows from
:mod:`site_builder.pages.datarows`, a unit's lines kept between builds by :func:`unit_csv`), ``datapackage.json``
(the Frictionless data dictionary from :data:`TABLES`), ``reports.json``, the JSON Schemas and the Atom feed.  One
report's ``report.json`` and ``report.csv`` are :mod:`site_builder.pages.reportfiles`'.

CSV files are UTF-8 with BOM so that Excel shows Chinese; figures are written exactly as printed,
blank cells stay empty, and every figure carries the unit it was printed in.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from site_builder.identity import Identity
from site_builder.money import fmt
from site_builder.pages.datarows import (
    Row,
    budget_execution_rows,
    economic_rows,
    expenditure_rows,
    fund_rows,
    income_rows,
    indicator_rows,
    official_rows,
    opening_closing_rows,
    project_line_rows,
    project_rows,
    reports_rows,
)
from site_builder.pages.reportfiles import report_json_text, write_text
from site_builder.public.model import PublicReport, PublicSite, PublicUnit

# ------------------------------------------------------------------ the bulk dataset under /data/


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless field type: string, number, integer, date
    title: str  # Chinese name, also the data dictionary's label
    description: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[PublicUnit, PublicReport], Iterator[Row]]  # one report's rows


def _id_cols() -> tuple[Column, ...]:
    return (
        Column("unit_id", "string", "单位标识", "units/ 下的文件夹名，也是网址的一部分"),
        Column("year", "integer", "年度", "报告评价的财政年度"),
    )


def _money_unit_col() -> Column:
    return Column(
        "money_unit",
        "string",
        "金额单位",
        "原表印的金额单位：元、万元或亿元；本表数字均为原表数字，未换算"
        "（原表个别格子另印单位的，已按本行金额单位换算，原样见 report.json）",
    )


def _amount(name: str, title: str, description: str = "") -> Column:
    return Column(name, "number", title, description or "原表数字；空白表示原表未填写（不是 0）")


TABLES: tuple[Table, ...] = (
    Table(
        "reports",
        "报告",
        "每个单位每年一行：单位、地区、自评得分和等次、数据核对提示的条数。",
        (
            *_id_cols(),
            Column("unit_name", "string", "单位名称"),
            Column("level", "string", "单位层级", "province 省级 / city 市级 / county 县级"),
            Column("region", "string", "所在地区"),
            Column("region_code", "string", "行政区划代码"),
            Column("title", "string", "报告标题"),
            Column("report_date", "string", "报告日期", "YYYY-MM-DD；原文未印则为空"),
            _amount("score", "绩效自评综合得分", "分；未打分为空"),
            Column("grade", "string", "评价等次", "优 / 良 / 中 / 差"),
            Column("projects", "integer", "项目报告数"),
            Column("warnings", "integer", "数据核对提示数", "本站核对程序发现的前后不一致之处的条数"),
            Column("page", "string", "报告网页", "相对本站根目录的网址"),
            Column("authorized", "integer", "人员编制", "人"),
            Column("actual", "integer", "实有人数", "人"),
            Column("internal_departments", "integer", "内设机构数", "个"),
        ),
        reports_rows,
    ),
    Table(
        "income",
        "年度收入",
        "部门（单位）年度收入情况表，每个机构一行。",
        (
            *_id_cols(),
            Column("institution", "string", "机构名称"),
            _money_unit_col(),
            _amount("total", "收入合计"),
            _amount("carried_over", "上年结转"),
            _amount("public_finance", "公共财政拨款"),
            _amount("government_fund", "政府基金拨款"),
            _amount("special_account", "纳入专户管理的非税收入拨款"),
            _amount("other", "其他收入"),
        ),
        income_rows,
    ),
    Table(
        "expenditure",
        "年度支出和结余",
        "部门（单位）年度支出和结余情况表，每个机构一行；仅有文字部分的报告按文字整理。",
        (
            *_id_cols(),
            Column("institution", "string", "机构名称"),
            _money_unit_col(),
            _amount("total", "支出合计"),
            _amount("basic", "基本支出"),
            _amount("personnel", "人员支出"),
            _amount("public", "公用支出"),
            _amount("project", "项目支出"),
            _amount("balance_year", "当年结余"),
            _amount("balance_cumulative", "累计结余"),
        ),
        expenditure_rows,
    ),
    Table(
        "official_costs",
        "三公经费",
        "“三公”经费：各机构决算数，以及报告中印出的年初预算、上年数和基础数据表数字。",
        (
            *_id_cols(),
            Column(
                "kind",
                "string",
                "数字类别",
                "决算 / 年初预算 / 上年支出 / 基础数据表上年决算 / 基础数据表预算 / 基础数据表决算",
            ),
            Column("figure_year", "integer", "数字所属年度", "上年数属于上一年"),
            Column("institution", "string", "机构名称"),
            _money_unit_col(),
            _amount("total", "三公经费合计"),
            _amount("reception", "公务接待费"),
            _amount("vehicle_operation", "公务用车运维费"),
            _amount("vehicle_purchase", "公务用车购置费"),
            _amount("vehicle_total", "公务用车购置及运行费"),
            _amount("overseas_travel", "因公出国（境）费"),
        ),
        official_rows,
    ),
    Table(
        "indicators",
        "绩效指标",
        "部门整体和各项目的绩效指标，每个指标一行；指标值和完成值按原文照录（常为文字）。",
        (
            *_id_cols(),
            Column("report", "string", "所属报告", "部门整体支出，或项目标识"),
            Column("level1", "string", "一级指标"),
            Column("level2", "string", "二级指标"),
            Column("level3", "string", "三级指标"),
            Column("target", "string", "指标值"),
            Column("actual", "string", "实际完成值"),
            _amount("weight", "分值", "也叫 权重"),
            _amount("score", "得分"),
            Column("deviation", "string", "偏差原因分析及改进措施", "也叫 未完成原因分析"),
            Column("nature", "string", "指标性质", "=、≥、≤ 等，原表单列时"),
            Column("measure_unit", "string", "度量单位", "原表单列时"),
        ),
        indicator_rows,
    ),
    Table(
        "projects",
        "项目报告",
        "项目支出绩效自评报告，每个项目一行。",
        (
            *_id_cols(),
            Column("slug", "string", "项目标识"),
            Column("name", "string", "项目名称"),
            Column("project_unit", "string", "项目单位"),
            Column("department", "string", "主管部门"),
            Column("period", "string", "项目起止时间"),
            _amount("score", "绩效自评综合得分"),
            Column("grade", "string", "评价等次"),
            Column("page", "string", "项目报告网页"),
            Column("implementing_unit", "string", "实施单位"),
            Column("conclusion", "string", "评价结论"),
            Column("problems", "string", "存在问题"),
            Column("improvements", "string", "改进措施"),
        ),
        project_rows,
    ),
    Table(
        "project_funds",
        "项目资金",
        "项目资金按来源分级：计划安排、实际到位、实际支出、结余各一行。",
        (
            *_id_cols(),
            Column("slug", "string", "项目标识"),
            Column("stage", "string", "资金环节", "计划安排资金 / 实际到位资金 / 实际支出 / 结余"),
            _money_unit_col(),
            _amount("total", "合计"),
            _amount("central", "中央财政"),
            _amount("provincial", "省财政"),
            _amount("city", "市财政"),
            _amount("county", "县市区财政"),
            _amount("other", "其它"),
        ),
        fund_rows,
    ),
    Table(
        "budget_execution",
        "资金执行情况",
        "自评表的项目资金（或年度预算执行）表，部门整体和各项目，每行一项"
        "（年度资金总额、其中：本年财政拨款、上年结转资金、财政资金、财政专户管理资金、单位资金、其他资金……）。",
        (
            *_id_cols(),
            Column("report", "string", "所属报告", "部门整体支出，或项目标识"),
            Column("item", "string", "项目"),
            _money_unit_col(),
            _amount("initial_budget", "年初预算数"),
            _amount("full_year_budget", "全年预算数", "也叫 调整后预算数；原表列名见 full_year_budget_label"),
            Column("full_year_budget_label", "string", "全年预算数的原表列名", "全年预算数 或 调整后预算数"),
            _amount("budget", "预算数（未注明年初或全年）", "原文只写“预算”、未说明是年初还是全年预算的数字"),
            _amount("executed", "全年执行数", "也叫 预算执行数"),
            _amount("weight", "分值", "也叫 权重"),
            Column("execution_rate", "string", "执行率", "原样照录"),
            _amount("score", "得分"),
            Column("reason", "string", "原因"),
        ),
        budget_execution_rows,
    ),
    Table(
        "economic_classification",
        "支出按经济分类",
        "工资福利支出、商品和服务支出、对个人和家庭的补助、资本性支出，照原文所印。",
        (
            *_id_cols(),
            Column("scope", "string", "支出范围", "基本支出 / 项目支出 …"),
            Column("institution", "string", "机构名称"),
            _money_unit_col(),
            _amount("total", "合计"),
            _amount("wages", "工资福利支出"),
            _amount("goods_services", "商品和服务支出"),
            _amount("household_subsidies", "对个人和家庭的补助"),
            _amount("capital", "资本性支出"),
            _amount("other", "其他支出"),
            Column("note", "string", "说明"),
        ),
        economic_rows,
    ),
    Table(
        "project_lines",
        "项目支出明细（分项目）",
        "部门整体支出报告中逐个列出的项目：预算、实际支出和结余。",
        (
            *_id_cols(),
            Column("name", "string", "项目名称"),
            Column("slug", "string", "项目报告标识", "有项目自评报告时"),
            _money_unit_col(),
            _amount("initial_budget", "年初预算数"),
            _amount("full_year_budget", "全年预算数"),
            _amount("budget", "预算数（未注明年初或全年）"),
            _amount("spent", "实际支出"),
            _amount("balance", "结余"),
            Column("execution_rate", "string", "执行率"),
            Column("note", "string", "说明"),
        ),
        project_line_rows,
    ),
    Table(
        "opening_closing",
        "年初数与期末数",
        "固定资产、资产总额等的年初数和期末数。",
        (
            *_id_cols(),
            Column("item", "string", "项目"),
            _money_unit_col(),
            _amount("opening", "年初数"),
            _amount("closing", "期末数"),
            Column("note", "string", "说明"),
        ),
        opening_closing_rows,
    ),
)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return fmt(value)
    return str(value)


def _csv_lines(rows: Iterable[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return buffer.getvalue()


def unit_csv(unit: PublicUnit) -> dict[str, str]:
    """Table name → the CSV lines of this unit's rows (all its reports), as :func:`table_csv` writes them.

    A table is its header and every unit's lines in the site's order, so a build can keep each unit's lines
    and make again only those of the units that changed.
    """
    return {table.name: _csv_lines(row for rep in unit.reports for row in table.rows(unit, rep)) for table in TABLES}


def table_csv(table: Table, site: PublicSite, unit_lines: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """One table as CSV text with a BOM (so Excel shows Chinese); header row = column names.

    ``unit_lines``: :func:`unit_csv` of some units, by unit id, when already made; the others are made here.
    """
    known = unit_lines or {}
    lines = [_csv_lines([[c.name for c in table.columns]])]
    for summary in site.summaries:
        mine = known.get(summary.model.id)
        if mine is None:
            unit = site.unit(summary.model.id)
            lines.append(_csv_lines(row for rep in unit.reports for row in table.rows(unit, rep)))
        else:
            lines.append(mine[table.name])
    return "\ufeff" + "".join(lines)


def datapackage(site: PublicSite) -> dict[str, Any]:
    """A Frictionless (tabular) data package describing the CSVs, with money fields marked CNY as in Fiscal Data Package."""
    resources = []
    for table in TABLES:
        fields = []
        for c in table.columns:
            field: dict[str, Any] = {"name": c.name, "type": c.type, "title": c.title}
            if c.description:
                field["description"] = c.description
            fields.append(field)
        resources.append(
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "title": table.title,
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": {"fields": fields, "missingValues": [""]},
            }
        )
    return {
        "name": "performance-self-evaluation-reports",
        "title": "部门（单位）整体支出绩效自评报告数据",
        "profile": "tabular-data-package",
        "licenses": [{"name": "other-pd", "title": "政府信息公开"}],
        "keywords": ["绩效自评", "预算", "三公经费", "fiscal"],
        "countryCode": "CN",
        "currency": "CNY",
        "resources": resources,
    }


def _report_json_text(site: PublicSite, uid: str, year: int) -> str:
    unit = site.unit(uid)
    return report_json_text(unit, next(rep for rep in unit.reports if rep.year == year))


def write_bulk(
    site: PublicSite,
    out: Path,
    *,
    report_json_texts: Mapping[tuple[str, int], str] | None = None,
    unit_lines: Mapping[str, Mapping[str, str]] | None = None,
    identity: Identity | None = None,
) -> list[Path]:
    """The site-wide downloads: ``/feed.xml`` and ``/data/`` (one CSV per table kind, the whole dataset as JSON,
    the data package and the JSON Schemas).  ``identity``: the site's address and name for the feed's links.

    ``report_json_texts`` may hold, by (unit id, year), the text of reports' ``report.json`` (without its final
    newline), and ``unit_lines`` units' CSV lines (:func:`unit_csv`), when already made; the others are made here.
    """
    from site_builder.cli.guide import SCHEMAS, json_schema
    from site_builder.pages.feed import atom_feed

    write_text(out / "feed.xml", atom_feed(site, identity))
    folder = out / "data"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        path = folder / f"{table.name}.csv"
        write_text(path, table_csv(table, site, unit_lines))
        written.append(path)
    texts = report_json_texts or {}
    everything = [
        texts.get((unit.model.id, rep.year)) or _report_json_text(site, unit.model.id, rep.year)
        for unit in site.summaries
        for rep in unit.reports
    ]
    # the list as json.dumps(indent=1) lays it out: each report's text one level deeper
    reports = "[\n " + ",\n ".join(text.replace("\n", "\n ") for text in everything) + "\n]" if everything else "[]"
    write_text(folder / "reports.json", reports + "\n")
    write_text(folder / "datapackage.json", json.dumps(datapackage(site), ensure_ascii=False, indent=1) + "\n")
    for name, model in SCHEMAS.items():
        write_text(folder / f"{name}.schema.json", json.dumps(json_schema(model), ensure_ascii=False, indent=1) + "\n")
    return [*written, folder / "reports.json", folder / "datapackage.json", out / "feed.xml"]
