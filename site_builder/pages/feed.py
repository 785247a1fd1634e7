"""Atom feeds (the public model only): ``/feed.xml`` for the whole site, ``/units/<id>/feed.xml`` for one unit.

Each report is an entry (updated by its latest correction), and each correction an entry of its own, so that a
reader following a unit sees a correction as news.  With the site's address (:mod:`site_builder.identity`) every
link is absolute and every id is the entry's permanent address (the permalinks are a public contract, so the ids
stay); without one, links are relative and ids ``tag:site-builder.invalid,…`` (a local build, never published).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from site_builder import addresses
from site_builder.identity import Identity
from site_builder.money import fmt
from site_builder.public.model import PublicCorrection, PublicSite, ReportSummary, UnitSummary

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "tag:site-builder.invalid,2024:feed"
_LOCAL = Identity(name="绩效自评报告公开", url=None)


def entry_updated(rep: ReportSummary) -> _dt.datetime:
    """When an entry was last updated: its latest correction, else the report's date, else the end of its fiscal
    year (so that builds are deterministic)."""
    date = report_published(rep)
    if rep.corrections:
        date = max(date, _dt.date.fromisoformat(rep.corrections[-1].date))
    return _dt.datetime(date.year, date.month, date.day, tzinfo=_dt.UTC)


def report_published(rep: ReportSummary) -> _dt.date:
    """The report's publication date: its 报告日期, else the end of its fiscal year."""
    return rep.report_date or _dt.date(rep.year, 12, 31)


def _iso(moment: _dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _moment(date: str | _dt.date) -> _dt.datetime:
    day = _dt.date.fromisoformat(date) if isinstance(date, str) else date
    return _dt.datetime(day.year, day.month, day.day, tzinfo=_dt.UTC)


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


@dataclass(frozen=True)
class _Entry:
    updated: _dt.datetime
    published: _dt.datetime
    unit: UnitSummary
    rep: ReportSummary
    correction: int  # 0: the report; n: its n-th correction

    @property
    def order(self) -> tuple[_dt.datetime, str, int, int]:
        return self.updated, self.unit.model.id, self.rep.year, self.correction


def _entries(units: Iterable[UnitSummary]) -> list[_Entry]:
    """Every report and every correction of ``units``, newest first."""
    found: list[_Entry] = []
    for unit in units:
        for rep in unit.reports:
            published = _moment(report_published(rep))
            found.append(_Entry(entry_updated(rep), published, unit, rep, 0))
            for number, correction in enumerate(rep.corrections, start=1):
                found.append(_Entry(_moment(correction.date), _moment(correction.date), unit, rep, number))
    return sorted(found, key=lambda e: e.order, reverse=True)


def _id(identity: Identity, path: str) -> str:
    absolute = identity.absolute(path)
    return absolute if absolute is not None else f"tag:site-builder.invalid,2024:{path}"


def _link(identity: Identity, path: str, relative_to: str) -> str:
    """``path`` (site-relative) as the feed links it: absolute, or relative to the feed's folder."""
    absolute = identity.absolute(path)
    if absolute is not None:
        return absolute
    depth = relative_to.count("/")
    return "../" * depth + path if path or depth else "./"


def _correction_text(correction: PublicCorrection) -> str:
    shown = correction.changes[:10]
    more = f"等 {len(correction.changes)} 处" if len(correction.changes) > len(shown) else ""
    return f"{correction.date} 更正：{'；'.join(shown)}{more}。"


def _add_entry(feed: ET.Element, entry: _Entry, identity: Identity, feed_path: str) -> None:
    unit, rep = entry.unit, entry.rep
    page = addresses.report_page(unit.model.id, rep.year)
    element = ET.SubElement(feed, f"{{{ATOM}}}entry")
    title = f"{unit.model.name} {rep.year}年度绩效自评报告"
    if entry.correction:
        correction = rep.corrections[entry.correction - 1]
        ET.SubElement(element, f"{{{ATOM}}}id").text = _id(identity, f"{page}#correction-{entry.correction}")
        ET.SubElement(element, f"{{{ATOM}}}title").text = f"{title}：第 {entry.correction} 次更正（{correction.date}）"
        href = _link(identity, page, feed_path) + "#sb-corrections"
        summary = _correction_text(correction)
    else:
        ET.SubElement(element, f"{{{ATOM}}}id").text = _id(identity, page)
        ET.SubElement(element, f"{{{ATOM}}}title").text = title + ("（已更正）" if rep.corrections else "")
        href = _link(identity, page, feed_path)
        summary = _summary(unit, rep)
    ET.SubElement(element, f"{{{ATOM}}}published").text = _iso(entry.published)
    ET.SubElement(element, f"{{{ATOM}}}updated").text = _iso(entry.updated)
    ET.SubElement(element, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": href})
    ET.SubElement(element, f"{{{ATOM}}}category", {"term": str(rep.year), "label": f"{rep.year}年度"})
    ET.SubElement(element, f"{{{ATOM}}}category", {"term": unit.model.region.code, "label": unit.model.region.name})
    if entry.correction:
        ET.SubElement(element, f"{{{ATOM}}}category", {"term": "correction", "label": "更正"})
    ET.SubElement(element, f"{{{ATOM}}}summary").text = summary


def _feed(entries: list[_Entry], identity: Identity, feed_path: str, page: str, feed_id: str, title: str) -> str:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    updated = entries[0].updated if entries else _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _iso(updated)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = identity.publisher or identity.name
    if identity.url:
        ET.SubElement(author, f"{{{ATOM}}}uri").text = identity.url
    ET.SubElement(
        feed,
        f"{{{ATOM}}}link",
        {"rel": "self", "type": "application/atom+xml", "href": _link(identity, feed_path, feed_path)},
    )
    ET.SubElement(
        feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": _link(identity, page, feed_path)}
    )
    for entry in entries:
        _add_entry(feed, entry, identity, feed_path)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def atom_feed(site: PublicSite, identity: Identity | None = None) -> str:
    """``/feed.xml``: every report and correction of the site, newest first."""
    identity = identity or _LOCAL
    return _feed(
        _entries(site.summaries),
        identity,
        "feed.xml",
        "",
        _id(identity, "feed.xml") if identity.url else FEED_ID,
        f"{identity.name}：最新发布和更正",
    )


def unit_feed(unit: UnitSummary, identity: Identity | None = None) -> str:
    """``/units/<id>/feed.xml``: the unit's reports and their corrections, newest first."""
    identity = identity or _LOCAL
    path = addresses.unit_feed(unit.model.id)
    return _feed(
        _entries([unit]),
        identity,
        path,
        addresses.unit_page(unit.model.id),
        _id(identity, path),
        f"{unit.model.name}：绩效自评报告的发布和更正",
    )
