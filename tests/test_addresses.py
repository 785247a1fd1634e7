"""The permalinks are a public contract (journalists' links): spelt once (site_builder/addresses.py), as the
README promises them, and every page of the real site sits at its address."""

from __future__ import annotations

from pathlib import Path

from seeds import ROOT

from site_builder import addresses


def test_the_permalinks_are_the_ones_the_readme_promises() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    promised = {
        "/" + addresses.unit_page("<unit-id>"),
        "/" + addresses.report_page("<unit-id>", "<year>"),
        "/" + addresses.project_page("<unit-id>", "<year>", "<slug>"),
        "/" + addresses.report_page("<unit-id>", "<year>") + "report.json",
        "/" + addresses.year_page("<year>"),
    }
    for link in promised:
        assert f"`{link}`" in readme, link


def test_every_page_of_the_real_site_is_at_its_address(built_site: Path) -> None:
    assert addresses.page_address("index.html") == ""
    assert addresses.page_address(addresses.page_file("units/a/")) == "units/a/"
    assert (built_site / addresses.page_file(addresses.report_page("430624-renshe", 2021))).is_file()
    assert (built_site / addresses.page_file(addresses.project_page("430624-renshe", 2021, "zhihui-renshe"))).is_file()
    assert (built_site / addresses.page_file(addresses.year_page(2021))).is_file()
    assert (built_site / addresses.unit_feed("430624-renshe")).is_file()
