"""Import cases kept aside: not collected by ``pytest`` (no ``test_`` file name), for the lead to run against an
importer nobody tuned to them.

    python -m pytest tests/importing/aside.py -q -p no:cacheprovider

Same rules as ``tests/test_import_contract.py`` (:func:`importing.run.draft_problems`), other inputs: the text
layouts of each form not used there, a published page in GBK as many county sites still serve, two project forms
for one unit-year, an XML external entity, a 200 MB text file, a gzip named .txt.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from derive import repo_copy

from importing import badfiles
from importing.document import write_html
from importing.forms import FORMS, MARK, YEARS, national, sichuan
from importing.run import draft_problems, make_draft, run_import, snapshot, write_form

pytestmark = pytest.mark.importer

NEW_UNIT = {"hunan": "430989-ceshi", "national": "430988-ceshi", "sichuan": "510488-ceshi"}


@pytest.mark.parametrize(("form", "fmt"), [("hunan", "tabs.txt"), ("national", "cells.txt"), ("sichuan", "pipes.md")])
def test_other_text_layouts(form: str, fmt: str, tmp_path: Path) -> None:
    planted = FORMS[form]()
    source = write_form(planted, tmp_path / "in", fmt, f"{MARK}{form}")
    draft = make_draft(repo_copy(tmp_path / "repo"), [source], NEW_UNIT[form], YEARS[form])
    problems = draft_problems(draft, planted)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("form", list(FORMS))
def test_gbk_page(form: str, tmp_path: Path) -> None:
    """A county site's page in GBK, its charset declared in a meta tag, saved as .htm."""
    planted = FORMS[form]()
    utf8 = write_html(planted.doc, tmp_path / "utf8.html")
    page = utf8.read_text(encoding="utf-8").replace('<meta charset="utf-8">', '<meta charset="gbk">')
    source = tmp_path / f"{MARK}{form}.htm"
    source.write_bytes(page.encode("gb18030"))
    utf8.unlink()
    draft = make_draft(repo_copy(tmp_path / "repo"), [source], NEW_UNIT[form], YEARS[form])
    problems = draft_problems(draft, planted)
    assert not problems, "\n".join(problems)


def test_two_project_forms_make_two_project_files(tmp_path: Path) -> None:
    first, second = national(2023), sichuan(2023)
    sources = [
        write_form(first, tmp_path / "in", "xlsx", "项目一自评表"),
        write_form(second, tmp_path / "in", "docx", "项目二自评表"),
    ]
    draft = make_draft(repo_copy(tmp_path / "repo"), sources, "430987-ceshi", 2023)
    problems = draft_problems(draft, first) + draft_problems(draft, second)
    assert not problems, "\n".join(problems)
    assert len(list((draft.folder / "projects").glob("*.yaml"))) == 2


@pytest.mark.parametrize("build", [badfiles.huge_txt, badfiles.binary_as_txt], ids=["200mb-txt", "gzip-named-txt"])
def test_more_bad_files(build: object, tmp_path: Path) -> None:
    repo = repo_copy(tmp_path / "repo")
    path = build(tmp_path)  # type: ignore[operator]
    before = snapshot(repo / "units")
    proc = run_import(repo, [path], "430986-ceshi", 2021, limited=True)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：") and path.name in lines[0], proc.stderr[-1000:]
    assert snapshot(repo / "units") == before


def test_external_entity_is_not_followed(tmp_path: Path) -> None:
    """An XXE in document.xml: a clear error, or a draft without a byte of /etc/passwd — never the file's text."""
    repo = repo_copy(tmp_path / "repo")
    path = badfiles.external_entity_docx(tmp_path)
    proc = run_import(repo, [path], "430985-ceshi", 2021, limited=True)
    assert "Traceback" not in proc.stderr + proc.stdout
    written = "".join(
        p.read_text(encoding="utf-8") for p in (repo / "units" / "430985-ceshi").rglob("*") if p.is_file()
    )
    assert "root:" not in written + proc.stdout + proc.stderr
    if proc.returncode != 0:
        assert proc.stderr.startswith("错误：") and path.name in proc.stderr
