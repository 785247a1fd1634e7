"""What one unit gives the site-wide pages and downloads: its rows on the year pages, its ``report.json`` texts
and its lines of the bulk CSV tables.

Made once from the unit's public model (:func:`unit_parts`), in the worker that made the model; the build keeps
it with the unit (:mod:`site_builder.cache`), so that the year pages and the bulk downloads are functions of
every unit's parts and summary alone, and an unchanged unit's model is never read.
"""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.pages.compare import YearRow
from site_builder.pages.opendata import unit_csv
from site_builder.pages.reportfiles import report_json_text
from site_builder.pages.views import unit_year_rows
from site_builder.public.model import PublicUnit


@dataclass(frozen=True)
class UnitParts:
    year_rows: dict[int, YearRow]  # its row on each year page, by year
    report_json: dict[int, str]  # each report's report.json, without its final newline, by year
    csv_lines: dict[str, str]  # table name → its lines of that bulk table (opendata.unit_csv)


def unit_parts(unit: PublicUnit) -> UnitParts:
    return UnitParts(
        unit_year_rows(unit),
        {rep.year: report_json_text(unit, rep) for rep in unit.reports},
        unit_csv(unit),
    )
