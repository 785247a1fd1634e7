"""Every transcription matches its seed: each number and each narrative paragraph occurs in the real report."""

from __future__ import annotations

import pytest
from seeds import ROOT, SEED_OF_UNIT, YEAR_OF_UNIT, in_seed, markdown_paragraphs, numbers

from site_builder.sources.yamlsource import read_yaml

UNITS = sorted(SEED_OF_UNIT)


def _year_dir(unit_id: str):
    return ROOT / "units" / unit_id / str(YEAR_OF_UNIT[unit_id])


def _yaml_files(unit_id: str):
    year_dir = _year_dir(unit_id)
    return [year_dir / "report.yaml", *sorted((year_dir / "projects").glob("*.yaml"))]


def _md_files(unit_id: str):
    year_dir = _year_dir(unit_id)
    return [year_dir / "narrative.md", *sorted((year_dir / "projects").glob("*.md"))]


# Numbers that are structure, not figures: years and indexes written as data.
_NOT_FIGURES = {"year"}


@pytest.mark.parametrize("unit_id", UNITS)
def test_every_number_occurs_in_the_seed(unit_id: str) -> None:
    missing = []
    for path in _yaml_files(unit_id):
        doc = read_yaml(path)
        for where, value in numbers(doc.data):
            if where[-1] in _NOT_FIGURES:
                continue
            if not in_seed(unit_id, str(value)):
                missing.append(f"{path.name}:{'.'.join(map(str, where))}={value}")
    assert not missing, f"numbers not in the seed: {missing}"


@pytest.mark.parametrize("unit_id", UNITS)
def test_every_quote_occurs_in_the_seed(unit_id: str) -> None:
    missing = []
    for path in _yaml_files(unit_id):
        for figure in read_yaml(path).data.get("stated_figures") or []:
            if not in_seed(unit_id, figure["quote"]):
                missing.append(figure["quote"])
    assert not missing


@pytest.mark.parametrize("unit_id", UNITS)
def test_every_narrative_paragraph_occurs_in_the_seed(unit_id: str) -> None:
    missing = []
    for path in _md_files(unit_id):
        for paragraph in markdown_paragraphs(path.read_text(encoding="utf-8")):
            if not in_seed(unit_id, paragraph):
                missing.append(f"{path.name}: {paragraph[:60]}")
    assert not missing, missing
