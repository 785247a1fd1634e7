"""The ``import`` command against its public contract (issue 23, docs in the contract brief), written apart from it.

Each case writes a document the way a unit's finance clerk has it (tests/importing/: the Hunan department form,
the national 项目支出绩效自评表 and Sichuan's, as .docx, .xlsx, a web page and pasted text, marked 【测试数据】),
runs ``python -m site_builder --root <copy> import …`` as a subprocess on a copy of the repository, and judges the
draft with an oracle of its own (importing/oracle.py): every number written is printed in the source, phones and
signers only in the fields schema.py calls personal, each planted figure where it belongs with its source as a
comment, and — placeholders filled as a clerk would — ``check`` passes.  Bad files each get one ``错误：`` line,
under a 60 s timeout and 1 GiB of address space, with nothing written.

The first tests check the fixture writers themselves (the Word XML's grid, Excel's merged ranges), so that a failing
import test is the importer's failure, not the fixture's.  Run alone: ``python -m pytest tests/test_import_contract.py
-q``; without the importer, ``-m "not importer"`` leaves the writers' tests.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from derive import repo_copy
from importing import badfiles, oracle
from importing.document import write_docx, write_xlsx
from importing.faithful import fake_run, write_faithful_draft
from importing.forms import FORMS, MARK, YEARS, Planted, hunan, national
from importing.run import (
    Draft,
    draft_problems,
    figure_problems,
    make_draft,
    personal_problems,
    run_check,
    run_import,
    snapshot,
    write_form,
)

W = oracle.W
NEW_UNIT = {"hunan": "430998-ceshi", "national": "430997-ceshi", "sichuan": "510499-ceshi"}

CASES = [
    *[(form, fmt) for form in FORMS for fmt in ("docx", "xlsx", "html")],
    ("hunan", "cells.txt"),
    ("national", "pipes.md"),
    ("sichuan", "tabs.txt"),
]
"""Form × format; the other text layouts of each form are kept aside (importing/aside.py)."""


# ---------------------------------------------------------------- the fixture writers (run without the importer)


@pytest.mark.parametrize("form", list(FORMS))
def test_docx_is_wordprocessingml_with_a_consistent_grid(form: str, tmp_path: Path) -> None:
    path = write_docx(FORMS[form]().doc, tmp_path / "x.docx")
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        root = ET.fromstring(z.read("word/document.xml"))
        ET.fromstring(z.read("[Content_Types].xml"))
    tables = list(root.iter(f"{W}tbl"))
    assert tables
    spans = merges = 0
    for tbl in tables:
        width = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
        open_columns: set[int] = set()
        for tr in tbl.findall(f"{W}tr"):
            col = 0
            for tc in tr.findall(f"{W}tc"):
                span_el = tc.find(f"{W}tcPr/{W}gridSpan")
                span = int(span_el.get(f"{W}val", "1")) if span_el is not None else 1
                spans += span > 1
                vm = tc.find(f"{W}tcPr/{W}vMerge")
                if vm is not None and vm.get(f"{W}val") != "restart":
                    assert col in open_columns, f"vMerge continue without a restart above, column {col}"
                    merges += 1
                elif vm is not None:
                    open_columns.add(col)
                else:
                    open_columns.discard(col)
                col += span
            assert col == width, f"a row spans {col} grid columns of {width}"
    assert spans and merges, "the form has both gridSpan and vMerge merges"
    runs_per_text = [len(p.findall(f"{W}r")) for p in root.iter(f"{W}p") if p.find(f"{W}r") is not None]
    assert max(runs_per_text) > 3, "texts are cut into several runs"


def test_docx_text_reads_back_whole_across_runs(tmp_path: Path) -> None:
    text = oracle.source_text(write_docx(hunan().doc, tmp_path / "x.docx"))
    for printed in ("48,929.9", "46,161.7", "5,211.52", "１３９０７３０５５６６", "填报人（签名）：龚晓岚", MARK):
        assert printed in text
    assert all(n in oracle.numbers(text) for n in map(oracle.number_key, ["48929.9", "2768.2", "13907305566"]))


@pytest.mark.parametrize("form", list(FORMS))
def test_xlsx_has_merged_ranges_and_printed_numbers(form: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    planted = FORMS[form]()
    wb = load_workbook(write_xlsx(planted.doc, tmp_path / "x.xlsx"))
    assert wb.worksheets
    assert all(ws.merged_cells.ranges for ws in wb.worksheets)
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(isinstance(v, float) for v in values), "money is stored as numbers, as Excel keeps it"
    assert any(isinstance(v, str) and MARK in v for v in values)
    printed = oracle.source_numbers([tmp_path / "x.xlsx"])
    for e in planted.expect:
        if oracle.as_number(e.value) is not None:
            assert oracle.as_number(e.value) in printed, e


def test_planted_figures_are_printed_in_every_format(tmp_path: Path) -> None:
    for form, make in FORMS.items():
        planted = make()
        for fmt in ("docx", "xlsx", "html", "cells.txt", "pipes.md", "tabs.txt"):
            path = write_form(planted, tmp_path / form, fmt, "x")
            text = oracle.source_text(path)
            for e in planted.expect:
                number = oracle.as_number(e.value)
                if number is not None:
                    assert number in oracle.numbers(text), (form, fmt, e)
                elif fmt != "xlsx" or "\n" not in e.value:
                    assert oracle.compact(e.value.rstrip("。")) in oracle.compact(text), (form, fmt, e)


def test_bad_file_builders(tmp_path: Path) -> None:
    for name, build in badfiles.BAD_FILES.items():
        path = build(tmp_path)
        assert path.is_file(), name
    assert (tmp_path / "超大文件.docx").stat().st_size == 200 * 1024 * 1024
    assert (tmp_path / "超大文件.docx").stat().st_blocks * 512 < 10 * 1024 * 1024, "sparse"
    with zipfile.ZipFile(tmp_path / "炸弹.docx") as z:
        info = z.getinfo("word/document.xml")
        assert info.file_size >= 4 * 1024**3 and info.compress_size < 10 * 1024 * 1024
    assert (tmp_path / "【测试数据】加密的自评报告.docx").read_bytes()[:8] == badfiles.OLE_MAGIC
    assert (tmp_path / "截图.docx").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ---------------------------------------------------------------- the oracle (run without the importer)


@pytest.mark.parametrize("form", list(FORMS))
def test_oracle_accepts_a_faithful_draft(form: str, tmp_path: Path) -> None:
    """A draft written by hand as the contract asks passes every judgement, and ``check`` once filled: the
    importer tests can pass."""
    planted = FORMS[form]()
    source = write_form(planted, tmp_path / "in", "docx", "x")
    unit, year = NEW_UNIT[form], YEARS[form]
    repo = repo_copy(tmp_path / "repo")
    write_faithful_draft(repo, unit, year, {form: planted})
    assert draft_problems(Draft(repo, unit, year, [source], fake_run(unit, year)), planted) == []
    oracle.fill_placeholders(repo / "units" / unit)
    proc = run_check(repo, f"units/{unit}")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


FAULTS: dict[str, tuple[str, str, str, str]] = {
    # name: (file, text to replace, replacement, what the oracle must say)
    "converted to 元": ("report.yaml", "total: 48929.9  #", "total: 489299000  #", "not in the source"),
    "phone in a public field": ("report.yaml", "name: 罗晓梅", "name: 罗晓梅 0730-5558123", "in a public field"),
    "figure without its source": (
        "report.yaml",
        "basic: 2768.2  # 来源：【测试数据】表格单元格",
        "basic: 2768.2",
        "without",
    ),
    "signer in the narrative": ("narrative.md", "五、改进措施", "五、改进措施（填报人 龚晓岚）", "signer"),
    "figure of the text in the table": ("report.yaml", "project: 46161.7", "project: 46161.6", "expected '46161.7'"),
    "full-width phone in a public field": (
        "report.yaml",
        "grade: 优",
        "grade: 优 １３９０７３０５５６６",
        "public field",
    ),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_oracle_rejects_each_fault(fault: str, tmp_path: Path) -> None:
    planted = hunan()
    source = write_form(planted, tmp_path / "in", "docx", "x")
    repo = repo_copy(tmp_path / "repo")
    write_faithful_draft(repo, "430998-ceshi", 2021, {"hunan": planted})
    name, old, new, said = FAULTS[fault]
    path = repo / "units/430998-ceshi/2021" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = draft_problems(Draft(repo, "430998-ceshi", 2021, [source], fake_run("430998-ceshi", 2021)), planted)
    assert any(said in p for p in problems), problems


# ---------------------------------------------------------------- drafts of each form in each format

_DRAFTS: dict[tuple[str, str], Draft] = {}


@pytest.fixture
def draft_of(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], tuple[Draft, Planted]]:
    """The draft imported from ``form`` written as ``fmt`` into a fresh unit (one import per case per session)."""

    def get(form: str, fmt: str) -> tuple[Draft, Planted]:
        planted = FORMS[form]()
        if (form, fmt) not in _DRAFTS:
            base = tmp_path_factory.mktemp(f"import-{form}-{fmt.replace('.', '-')}")
            source = write_form(planted, base / "收到的文件", fmt, f"{MARK}{form}自评")
            _DRAFTS[(form, fmt)] = make_draft(repo_copy(base / "repo"), [source], NEW_UNIT[form], YEARS[form])
        return _DRAFTS[(form, fmt)], planted

    return get


@pytest.mark.importer
@pytest.mark.parametrize(("form", "fmt"), CASES)
def test_draft_of_each_form(form: str, fmt: str, draft_of: Callable[[str, str], tuple[Draft, Planted]]) -> None:
    draft, planted = draft_of(form, fmt)
    problems = draft_problems(draft, planted)
    assert not problems, "\n".join(problems)


@pytest.mark.importer
@pytest.mark.parametrize(("form", "fmt"), [c for c in CASES if c[0] == "hunan" and c[1] != "xlsx"])
def test_narrative_verbatim(form: str, fmt: str, draft_of: Callable[[str, str], tuple[Draft, Planted]]) -> None:
    draft, planted = draft_of(form, fmt)
    assert draft.proc.returncode == 0, draft.proc.stderr
    text = oracle.compact((draft.folder / "narrative.md").read_text(encoding="utf-8"))
    missing = [p for p in planted.narrative if oracle.compact(p) not in text]
    assert not missing, f"paragraphs of the 文字部分 not in narrative.md: {missing}"


@pytest.mark.importer
@pytest.mark.parametrize(("form", "fmt"), [(form, fmt) for form in FORMS for fmt in ("docx", "xlsx")])
def test_check_passes_once_placeholders_are_filled(
    form: str, fmt: str, draft_of: Callable[[str, str], tuple[Draft, Planted]], tmp_path: Path
) -> None:
    draft, _ = draft_of(form, fmt)
    assert draft.proc.returncode == 0, draft.proc.stderr
    repo = shutil.copytree(draft.repo, tmp_path / "repo")
    unit_folder = repo / "units" / draft.unit
    oracle.fill_placeholders(unit_folder)
    left = [str(p) for p in unit_folder.rglob("*") if p.is_file() and oracle.FILL in p.read_text(encoding="utf-8")]
    assert not left
    proc = run_check(repo, f"units/{draft.unit}")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


@pytest.mark.importer
def test_unfilled_draft_is_refused_by_check(draft_of: Callable[[str, str], tuple[Draft, Planted]]) -> None:
    """The draft keeps a placeholder for what the form does not say (the 文字部分 of a bare 自评表): check refuses it."""
    draft, _ = draft_of("national", "xlsx")
    assert draft.proc.returncode == 0, draft.proc.stderr
    texts = [p.read_text(encoding="utf-8") for p in draft.files()]
    assert any(oracle.FILL in t for t in texts), "a 自评表 alone leaves the narrative to fill"
    assert run_check(draft.repo, f"units/{draft.unit}").returncode != 0


# ---------------------------------------------------------------- several files, existing units, overwriting


@pytest.mark.importer
def test_report_docx_and_project_xlsx_make_one_draft(tmp_path: Path) -> None:
    department, project = hunan(2023), national(2023)
    sources = [
        write_form(department, tmp_path / "in", "docx", "【测试数据】整体支出绩效自评报告"),
        write_form(project, tmp_path / "in", "xlsx", "【测试数据】项目支出绩效自评表"),
    ]
    draft = make_draft(repo_copy(tmp_path / "repo"), sources, "430996-ceshi", 2023)
    problems = draft_problems(draft, department) + draft_problems(draft, project)
    assert not problems, "\n".join(problems)
    assert len(list((draft.folder / "projects").glob("*.yaml"))) == 1
    assert [p.name for p in (draft.repo / "units").glob("430996-ceshi*")] == ["430996-ceshi"]


@pytest.mark.importer
def test_existing_unit_keeps_its_unit_yaml(tmp_path: Path) -> None:
    repo = repo_copy(tmp_path / "repo")
    before = (repo / "units/430624-renshe/unit.yaml").read_bytes()
    planted = hunan(2022, "湘阴县人力资源和社会保障局")
    draft = make_draft(repo, [write_form(planted, tmp_path / "in", "docx", "湘阴2022")], "430624-renshe", 2022)
    problems = draft_problems(draft, planted)
    assert not problems, "\n".join(problems)
    assert (repo / "units/430624-renshe/unit.yaml").read_bytes() == before
    assert (repo / "units/430624-renshe/2022/report.yaml").is_file()


@pytest.mark.importer
def test_no_overwrite_without_force(tmp_path: Path) -> None:
    repo = repo_copy(tmp_path / "repo")
    planted = hunan(2021)
    source = write_form(planted, tmp_path / "in", "docx", "湘阴2021")
    # the real transcription of 湘阴 2021 is there: import must not touch it
    before = snapshot(repo / "units")
    proc = run_import(repo, [source], "430624-renshe", 2021)
    assert proc.returncode != 0
    assert proc.stderr.startswith("错误："), proc.stderr
    assert "Traceback" not in proc.stderr
    assert snapshot(repo / "units") == before
    # a report begun with `new`: the same
    new = run_new(repo, "430995-ceshi", 2021)
    assert new.returncode == 0, new.stderr
    before = snapshot(repo / "units")
    assert run_import(repo, [source], "430995-ceshi", 2021).returncode != 0
    assert snapshot(repo / "units") == before
    # with --force it writes
    draft = Draft(repo, "430995-ceshi", 2021, [source], run_import(repo, [source], "430995-ceshi", 2021, "--force"))
    assert draft.proc.returncode == 0, draft.proc.stderr
    assert snapshot(repo / "units") != before
    data = draft.report()
    assert oracle.same("48929.9", oracle.locate(data, ("income", "rows", {"institution": "汇总"}, "total")))


@pytest.mark.importer
def test_a_second_import_of_the_same_file_is_refused(tmp_path: Path) -> None:
    repo = repo_copy(tmp_path / "repo")
    source = write_form(national(), tmp_path / "in", "docx", "自评表")
    first = run_import(repo, [source], "430994-ceshi", 2023)
    assert first.returncode == 0, first.stderr
    before = snapshot(repo / "units")
    again = run_import(repo, [source], "430994-ceshi", 2023)
    assert again.returncode != 0 and again.stderr.startswith("错误：")
    assert snapshot(repo / "units") == before


def run_new(repo: Path, unit: str, year: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "site_builder", "--root", str(repo), "new", unit, str(year)],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# ---------------------------------------------------------------- bad files


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zip bomb, built once (it takes seconds to deflate 4 GiB of zeros)."""
    folder = tmp_path_factory.mktemp("bad")
    badfiles.zip_bomb_docx(folder)
    return folder


@pytest.fixture(scope="module")
def bad_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return repo_copy(tmp_path_factory.mktemp("bad-repo"))


def assert_one_clear_error(proc: subprocess.CompletedProcess[str], named: Path) -> None:
    assert proc.returncode != 0, proc.stdout[-500:]
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr[-2000:]
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, f"one line on stderr, not {len(lines)}: {proc.stderr[-1000:]}"
    assert lines[0].startswith("错误："), lines[0]
    assert named.name in lines[0] or named.stem in lines[0], f"the message names {named.name}: {lines[0]}"


@pytest.mark.importer
@pytest.mark.parametrize("bad", list(badfiles.BAD_FILES))
def test_bad_file_gets_one_clear_error(bad: str, bad_dir: Path, bad_repo: Path, tmp_path: Path) -> None:
    path = badfiles.BAD_FILES[bad](tmp_path) if bad not in ("zip-bomb-docx",) else bad_dir / "炸弹.docx"
    before = snapshot(bad_repo / "units")
    proc = run_import(bad_repo, [path], "430993-ceshi", 2021, limited=True)
    assert_one_clear_error(proc, path)
    assert snapshot(bad_repo / "units") == before, "nothing written under units/"


@pytest.mark.importer
def test_a_bad_file_among_good_ones_writes_nothing(bad_repo: Path, tmp_path: Path) -> None:
    good = write_form(hunan(), tmp_path, "docx", "整体支出")
    bad = badfiles.encrypted_docx(tmp_path)
    before = snapshot(bad_repo / "units")
    proc = run_import(bad_repo, [good, bad], "430992-ceshi", 2021, limited=True)
    assert_one_clear_error(proc, bad)
    assert snapshot(bad_repo / "units") == before


@pytest.mark.importer
@pytest.mark.parametrize("ext", [".doc", ".xls", ".wps", ".et"])
def test_old_office_formats_without_libreoffice(ext: str, bad_repo: Path, tmp_path: Path) -> None:
    path = tmp_path / f"【测试数据】自评报告{ext}"
    path.write_bytes(badfiles.OLE_MAGIC + bytes(504) + b"\xff" * 512)
    before = snapshot(bad_repo / "units")
    proc = run_import(bad_repo, [path], "430991-ceshi", 2021, limited=True, path=str(tmp_path / "no-office"))
    assert_one_clear_error(proc, path)
    assert ".docx" in proc.stderr or ".xlsx" in proc.stderr, "says how to save it"
    assert snapshot(bad_repo / "units") == before


@pytest.mark.importer
@pytest.mark.parametrize(
    ("form", "fmt", "ext"),
    [("hunan", "docx", ".doc"), ("national", "docx", ".doc"), ("hunan", "docx", ".wps"), ("sichuan", "xlsx", ".xls")]
    + [("sichuan", "xlsx", ".et")],
)
def test_old_office_formats_through_libreoffice(form: str, fmt: str, ext: str, tmp_path: Path) -> None:
    """A form saved by an office suite in the old binary formats (.doc, .xls; a WPS file here is such a file under
    WPS's name) imports through LibreOffice to the same draft as the form itself: every planted figure in place,
    phones and signers only in the personal fields."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: run scripts/test.sh (apt-get install libreoffice-writer-nogui …)"
    planted = FORMS[form]()
    source = write_form(planted, tmp_path / "收到的文件", fmt, f"{MARK}{form}自评")
    binary = {".doc": "doc", ".wps": "doc", ".xls": "xls", ".et": "xls"}[ext]
    subprocess.run(
        [soffice, "--headless", "--norestore", "--convert-to", binary, "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    old = tmp_path / f"{MARK}{form}自评{ext}"
    (tmp_path / f"{MARK}{form}自评.{binary}").rename(old)
    assert old.read_bytes()[:8] == badfiles.OLE_MAGIC  # the old binary format, not a zip
    draft = make_draft(repo_copy(tmp_path / "repo"), [old], NEW_UNIT[form], YEARS[form])
    problems = figure_problems(draft, planted) + personal_problems(draft, planted)
    assert not problems, "\n".join(problems)


@pytest.mark.importer
def test_missing_file(bad_repo: Path, tmp_path: Path) -> None:
    path = tmp_path / "不存在.docx"
    proc = run_import(bad_repo, [path], "430990-ceshi", 2021)
    assert_one_clear_error(proc, path)
