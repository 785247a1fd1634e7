"""What search engines read of a page: its description, and a report page's schema.org ``Dataset`` (JSON-LD).

The JSON-LD sits in ``<script type="application/ld+json">``: data, never run by a browser, so the
Content-Security-Policy (:mod:`site_builder.pages.csp`) needs no hash for it.  Every ``<``, ``>`` and ``&`` in it is
written as a ``\\u`` escape, so that no text of a report (a unit's name with ``</script>`` in it) can end the
element early.
"""

from __future__ import annotations

import json
from typing import Any

from site_builder import addresses
from site_builder.fieldtypes import LEVEL_NAMES
from site_builder.identity import Identity
from site_builder.money import fmt
from site_builder.pages.feed import report_published
from site_builder.public.model import PublicReport, PublicUnit, ReportSummary
from site_builder.schema import Score

__all__ = ["dataset", "json_ld", "report_description", "score_phrase", "unit_description"]


def score_phrase(score: Score | None) -> str:
    """``自评综合得分 95.5 分，评价等次“优”`` (the parts the report gives; empty without either)."""
    if score is None:
        return ""
    parts = []
    if score.total is not None:
        parts.append(f"自评综合得分 {fmt(score.total)} 分")
    if score.grade:
        parts.append(f"评价等次“{score.grade}”")
    return "，".join(parts)


def report_description(unit: PublicUnit, rep: PublicReport) -> str:
    """A report page's description meta: unit, year, score and grade."""
    m = unit.model
    text = f"{m.name}（{m.region.name}）{rep.year}年度部门（单位）整体支出绩效自评报告"
    score = score_phrase(rep.model.score)
    return (
        f"{text}：{score}；收支、三公经费、绩效指标与文字部分，可下载 CSV、JSON 数据。"
        if score
        else f"{text}：收支、三公经费、绩效指标与文字部分，可下载 CSV、JSON 数据。"
    )


def unit_description(unit: PublicUnit) -> str:
    """A unit page's description meta: the unit, its years, the latest score and grade."""
    m = unit.model
    years = "、".join(str(r.year) for r in unit.reports)
    text = f"{m.name}（{m.region.name}，{LEVEL_NAMES[m.level]}）{years}年度绩效自评报告"
    latest = unit.reports[-1] if unit.reports else None
    score = score_phrase(latest.model.score) if latest else ""
    if latest and score:
        text += f"，{latest.year}年度{score}"
    return text + "；收支、三公经费、得分的逐年对比。"


def dataset(unit: PublicUnit, rep: PublicReport, summary: ReportSummary, identity: Identity) -> dict[str, Any]:
    """The report as a schema.org ``Dataset`` with its CSV and JSON downloads as distributions."""
    m = unit.model
    page = addresses.report_page(m.id, rep.year)

    def address(path: str) -> str:  # absolute with the site's address; else relative to the report's page
        return identity.absolute(path) or path[len(page) :] or "./"

    creator = {"@type": "GovernmentOrganization", "name": m.name, "areaServed": m.region.name}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"{m.name}{rep.year}年度部门（单位）整体支出绩效自评报告",
        "description": report_description(unit, rep),
        "url": address(page),
        "identifier": address(page),
        "inLanguage": "zh-CN",
        "isAccessibleForFree": True,
        "keywords": ["绩效自评", "部门整体支出", "预算绩效", "三公经费", m.region.name, f"{rep.year}年度"],
        "temporalCoverage": str(rep.year),
        "spatialCoverage": {"@type": "Place", "name": m.region.name},
        "creator": creator,
        "datePublished": report_published(summary).isoformat(),
        "distribution": [
            {
                "@type": "DataDownload",
                "name": "report.csv",
                "encodingFormat": "text/csv",
                "contentUrl": address(page + "report.csv"),
            },
            {
                "@type": "DataDownload",
                "name": "report.json",
                "encodingFormat": "application/json",
                "contentUrl": address(page + "report.json"),
            },
        ],
    }
    if rep.corrections:
        data["dateModified"] = rep.corrections[-1].date
    if identity.publisher:
        data["publisher"] = {"@type": "GovernmentOrganization", "name": identity.publisher}
    if identity.url:
        data["includedInDataCatalog"] = {"@type": "DataCatalog", "name": identity.name, "url": identity.url}
    return data


def json_ld(data: dict[str, Any]) -> str:
    """``data`` as a ``<script type="application/ld+json">`` element that no value can break out of."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'
