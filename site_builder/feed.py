"""``/feed.xml``: an Atom feed of published reports, newest first, one entry per unit-year (the public model only)."""

from __future__ import annotations

import datetime as _dt
from xml.etree import ElementTree as ET

from .money import fmt
from .public import PublicSite, ReportSummary, UnitSummary

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "tag:site-builder.invalid,2024:feed"


def entry_updated(rep: ReportSummary) -> _dt.datetime:
    """When an entry was last updated: its latest correction, else the report's date, else the end of its fiscal
    year (so that builds are deterministic)."""
    date = rep.report_date or _dt.date(rep.year, 12, 31)
    if rep.corrections:
        date = max(date, _dt.date.fromisoformat(rep.corrections[-1].date))
    return _dt.datetime(date.year, date.month, date.day, tzinfo=_dt.UTC)


def _iso(moment: _dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _summary(unit: UnitSummary, rep: ReportSummary) -> str:
    parts = [f"{unit.model.name}（{unit.model.region.name}）{rep.year}年度部门整体支出绩效自评报告"]
    score = rep.score
    if score and score.total is not None:
        parts.append(f"自评综合得分 {fmt(score.total)} 分")
    if score and score.grade:
        parts.append(f"评价等次“{score.grade}”")
    if rep.projects:
        parts.append(f"含 {len(rep.projects)} 份项目报告")
    if rep.warnings:
        parts.append(f"数据核对提示 {rep.warnings} 条")
    if rep.corrections:
        last = rep.corrections[-1]
        parts.append(f"已更正 {len(rep.corrections)} 次，最近一次 {last.date}：{'；'.join(last.changes[:3])}")
    return "；".join(parts) + "。"


def atom_feed(site: PublicSite, base_url: str = "") -> str:
    """The feed as XML text.  ``base_url`` (mkdocs' ``site_url``) makes links absolute; without it they are relative."""
    ET.register_namespace("", ATOM)
    entries = sorted(
        ((entry_updated(rep), unit, rep) for unit in site.summaries for rep in unit.reports),
        key=lambda item: (item[0], item[1].model.id, item[2].year),
        reverse=True,
    )
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = FEED_ID
    ET.SubElement(feed, f"{{{ATOM}}}title").text = "绩效自评报告公开：最新发布"
    updated = entries[0][0] if entries else _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _iso(updated)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "绩效自评报告公开"
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": f"{base_url}feed.xml"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": base_url or "./"})
    for moment, unit, rep in entries:
        path = f"units/{unit.model.id}/{rep.year}/"
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"tag:site-builder.invalid,2024:{path}"
        title = f"{unit.model.name} {rep.year}年度绩效自评报告"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = title + ("（已更正）" if rep.corrections else "")
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _iso(moment)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": base_url + path})
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": str(rep.year), "label": f"{rep.year}年度"})
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": unit.model.region.code, "label": unit.model.region.name})
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = _summary(unit, rep)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
