"""``import``: the five seed texts against their transcriptions, the forms as .docx/.xlsx, and bad files."""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import time
from decimal import Decimal
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from derive import ROOT
from importforms import HUNAN, NATIONAL, SICHUAN_MERGES, SICHUAN_ROWS, docx, xlsx
from seeds import SEED_OF_UNIT, SEEDS, YEAR_OF_UNIT, compact, markdown_paragraphs, numbers

from site_builder.sources.yamlsource import read_yaml


def run_import(repo: Path, *args: str, limit_memory: bool = False) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # a process with 1 GB of address space must still answer cleanly
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-m", "site_builder", "--root", str(repo), "import", *args],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit if limit_memory else None,
    )


def empty_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "units").mkdir(parents=True)
    return repo


def _figures(data: object, skip: tuple[str, ...] = ("stated_figures", "year", "public_numbers")) -> set[tuple]:
    return {(path, Decimal(value)) for path, value in numbers(data) if path[0] not in skip}


def _by_name(folder: Path) -> dict[str, dict]:
    return (
        {(d := read_yaml(p).data)["name"]: d for p in sorted((folder / "projects").glob("*.yaml"))}
        if (folder / "projects").is_dir()
        else {}
    )


def _paragraphs(path: Path) -> set[str]:
    return {compact(p) for p in markdown_paragraphs(path.read_text(encoding="utf-8"))} if path.exists() else set()


def _stated(folder: Path) -> list[dict]:
    paths = [folder / "report.yaml", *sorted(folder.glob("projects/*.yaml"))]
    return [e for p in paths for e in read_yaml(p).data.get("stated_figures") or []]


def _same_statement(truth: dict, found: dict) -> bool:
    """The same value, and quotes that overlap around it (one holds the other, or they share the printed figure)."""
    if str(truth["value"]) != str(found["value"]) and (
        isinstance(truth["value"], str) or isinstance(found["value"], str) or truth["value"] != found["value"]
    ):
        return False
    a, b = compact(str(truth["quote"])), compact(str(found["quote"]))
    if a in b or b in a:
        return True
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return str(truth["value"]) in a[match.a : match.a + match.size]


RECALL_FLOOR = {  # measured (README: 导入): every figure, paragraph and stated figure of the five transcriptions
    "430624-renshe": (1.0, 1.0, 1.0),
    "430611-renshe": (1.0, 1.0, 1.0),
    "430000-renshe": (1.0, 1.0, 1.0),
    "510422-renshe": (1.0, 1.0, 1.0),
    "430682-shebao": (1.0, 1.0, 1.0),
}


@pytest.mark.parametrize("unit_id", list(SEED_OF_UNIT))
def test_seed_imports_to_its_transcription(tmp_path: Path, unit_id: str) -> None:
    repo = empty_repo(tmp_path)
    year = YEAR_OF_UNIT[unit_id]
    seed = SEEDS / SEED_OF_UNIT[unit_id]
    done = run_import(repo, str(seed), "--unit", unit_id, "--year", str(year))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    draft_dir = repo / "units" / unit_id / str(year)
    truth_dir = ROOT / "units" / unit_id / str(year)
    draft = read_yaml(draft_dir / "report.yaml").data
    truth = read_yaml(truth_dir / "report.yaml").data
    wanted, got = _figures(truth), _figures(draft)
    for name, project in _by_name(truth_dir).items():
        wanted |= {(("projects", name, *p), v) for p, v in _figures(project)}
    for name, project in _by_name(draft_dir).items():
        got |= {(("projects", name, *p), v) for p, v in _figures(project)}
    # no figure the source does not print: every number written occurs in the seed as printed
    printed = seed.read_text(encoding="utf-8")
    invented = [
        (p, v) for p, v in got if not re.search(r"(?<![\d.])" + re.escape(format(v, "f")) + r"(?![\d])", printed)
    ]
    assert not invented
    recall = len(wanted & got) / len(wanted) if wanted else 1.0
    paragraphs = _paragraphs(truth_dir / "narrative.md")
    found = _paragraphs(draft_dir / "narrative.md")
    for md in (truth_dir / "projects").glob("*.md") if (truth_dir / "projects").is_dir() else []:
        paragraphs |= _paragraphs(md)
    for md in (draft_dir / "projects").glob("*.md") if (draft_dir / "projects").is_dir() else []:
        found |= _paragraphs(md)
    prose = len(paragraphs & found) / len(paragraphs) if paragraphs else 1.0
    transcribed, stated = _stated(truth_dir), _stated(draft_dir)
    matched = [t for t in transcribed if any(_same_statement(t, s) for s in stated)]
    stated_recall = len(matched) / len(transcribed) if transcribed else 1.0
    for entry in stated:  # each quote is printed, and holds its value as printed
        assert compact(str(entry["quote"])) in compact(printed), entry
    print(
        f"\n{unit_id} {year}: figures {len(wanted & got)}/{len(wanted)} = {recall:.1%}, "
        f"narrative paragraphs {len(paragraphs & found)}/{len(paragraphs)} = {prose:.1%}, "
        f"stated figures {len(matched)}/{len(transcribed)} = {stated_recall:.1%} (same value, overlapping quote; "
        f"{len(stated)} in the draft), figures written {len(got)}, not in the transcription at the same place "
        f"{len(got - wanted)}"
    )
    figure_floor, prose_floor, stated_floor = RECALL_FLOOR[unit_id]
    assert recall >= figure_floor and prose >= prose_floor and stated_recall >= stated_floor
    assert "对草稿运行 check 的结果" in done.stdout


def _fill_placeholders(repo: Path) -> None:
    """What the clerk does after review: every 【请填写】 answered (here with marked test data)."""
    for path in (repo / "units").rglob("*"):
        if path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(r"^.*【请填写】.*$", "【测试数据】文字部分。", text, flags=re.M), encoding="utf-8")
        elif path.suffix == ".yaml":
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("【请填写】", "【测试数据】"), encoding="utf-8")


def _unit(repo: Path, unit_id: str) -> None:
    (repo / "units" / unit_id).mkdir(parents=True)
    (repo / "units" / unit_id / "unit.yaml").write_text(
        f'id: {unit_id}\nname: 【测试数据】县人社局\nlevel: county\nregion:\n  name: 【测试数据】县\n  code: "430624"\n'
        "parent_department: 【测试数据】县人民政府\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    "name,content",
    [
        ("national.docx", lambda: docx(NATIONAL)),
        ("hunan.docx", lambda: docx(HUNAN)),
        ("sichuan.xlsx", lambda: xlsx(SICHUAN_ROWS, SICHUAN_MERGES)),
    ],
)
def test_form_imports_and_passes_check_once_filled(tmp_path: Path, name: str, content) -> None:
    repo = empty_repo(tmp_path)
    _unit(repo, "430624-test")
    source = tmp_path / name
    source.write_bytes(content())
    done = run_import(repo, str(source), "--unit", "430624-test", "--year", "2023")
    assert done.returncode == 0, done.stderr
    _fill_placeholders(repo)
    check = subprocess.run(
        [sys.executable, "-m", "site_builder", "--root", str(repo), "check"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    folder = repo / "units" / "430624-test" / "2023"
    texts = "".join(p.read_text(encoding="utf-8") for p in folder.rglob("*.yaml"))
    assert "# 来源：" in texts
    if name == "national.docx":
        project = read_yaml(folder / "projects" / "project-a.yaml").data
        rows = project["budget_execution"]["rows"]
        assert rows[0]["item"] == "年度资金总额" and rows[0]["full_year_budget"] == Decimal("130.5")
        assert project["budget_execution"]["money_unit"] == "万元"
        levels = [(r["level1"], r["level2"], r["level3"]) for r in project["indicators"]["rows"]]
        assert levels[1] == ("产出指标", "质量指标", "发放准确率")  # the vMerge'd 一级指标 carried down
        assert project["indicators"]["total_weight"] == 100
    if name == "hunan.docx":
        report = read_yaml(folder / "report.yaml").data
        row = report["expenditure"]["rows"][0]
        assert (row["total"], row["basic"], row["personnel"], row["public"], row["project"]) == (
            Decimal("500.5"),
            Decimal("300.25"),
            200,
            Decimal("100.25"),
            Decimal("200.25"),
        )
        assert report["contact"]["phone"] == "0730-1234567" and report["staffing"]["actual"] == 48
    if name == "sichuan.xlsx":
        project = read_yaml(folder / "projects" / "project-a.yaml").data
        execution = project["budget_execution"]
        assert execution["labels"]["full_year_budget"] == "调整后预算数"
        assert execution["rows"][0]["executed"] == Decimal("85.5")
        rows = project["indicators"]["rows"]
        assert [(r["level1"], r["nature"], r["target"], r["measure_unit"]) for r in rows] == [
            ("产出指标", "≥", "300", "人"),
            ("产出指标", "≤", "12", "月"),
        ]


def _bomb(member_name: str = "word/document.xml") -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(member_name, "w") as member:
            for _ in range(400):
                member.write(b"\0" * (1 << 20))
    return out.getvalue()


_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
    "<w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"
)


_NESTED = (
    '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    + "<w:sdt><w:sdtContent>" * 5000
    + "</w:sdtContent></w:sdt>" * 5000
    + "</w:body></w:document>"
)

BAD_FILES = {
    "encrypted.docx": lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000),
    "empty.docx": lambda p: p.write_bytes(b""),
    "scan.pdf": lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj <</Type/XObject/Subtype/Image>> endobj\n%%EOF"),
    "truncated.docx": lambda p: p.write_bytes(docx(NATIONAL)[:700]),
    "huge.txt": lambda p: p.open("wb").truncate(200 * 1024 * 1024),
    "bomb.docx": lambda p: p.write_bytes(_bomb()),
    "entities.docx": lambda p: p.write_bytes(docx([], _LAUGHS)),
    "bomb.xlsx": lambda p: p.write_bytes(_bomb("xl/worksheets/sheet1.xml")),
    "nested.docx": lambda p: p.write_bytes(docx([], _NESTED)),
    "notreally.xlsx": lambda p: p.write_text("这不是 Excel 文件", encoding="utf-8"),
    "report.odt": lambda p: p.write_text("x", encoding="utf-8"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_gets_one_clear_error(tmp_path: Path, name: str) -> None:
    repo = empty_repo(tmp_path)
    path = tmp_path / name
    BAD_FILES[name](path)
    start = time.monotonic()
    done = run_import(repo, str(path), "--unit", "430624-test", "--year", "2023", limit_memory=True)
    elapsed = time.monotonic() - start
    lines = done.stderr.strip().splitlines()
    print(f"\n{name}: {elapsed:.2f} s: {done.stderr.strip()}")
    assert done.returncode != 0
    assert len(lines) == 1 and lines[0].startswith("错误：") and name in lines[0], done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert not any((repo / "units").iterdir())
    assert elapsed < 30


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    repo = empty_repo(tmp_path)
    seed = SEEDS / SEED_OF_UNIT["510422-renshe"]
    assert run_import(repo, str(seed), "--unit", "510422-renshe", "--year", "2020").returncode == 0
    report = repo / "units" / "510422-renshe" / "2020" / "report.yaml"
    report.write_text("# 手工改过\n", encoding="utf-8")
    again = run_import(repo, str(seed), "--unit", "510422-renshe", "--year", "2020")
    assert again.returncode != 0 and again.stderr.startswith("错误：") and "--force" in again.stderr
    assert report.read_text(encoding="utf-8") == "# 手工改过\n"
    assert run_import(repo, str(seed), "--unit", "510422-renshe", "--year", "2020", "--force").returncode == 0
    assert report.read_text(encoding="utf-8") != "# 手工改过\n"


PAGE = """<html><head><title>【测试数据】</title><script>var x = "<td>99</td>";</script></head><body>
<h1>【测试数据】县2023年度部门（单位）整体支出绩效评价自评报告</h1>
<p>部门(单位)名称 【测试数据】县人力资源和社会保障局</p>
<table>
<tr><td colspan="8">年度部门（单位）收支情况（万元）</td></tr>
<tr><td rowspan="3">机构名称</td><td rowspan="3">支出合计</td><td colspan="3">其中：</td><td rowspan="3">项目支出</td>
<td colspan="2">结余</td></tr>
<tr><td rowspan="2">基本支出</td><td colspan="2">其中：</td><td rowspan="2">当年结余</td><td rowspan="2">累计结余</td></tr>
<tr><td>人员支出</td><td>公用支出</td></tr>
<tr><td>局机关及二级机构汇总</td><td>500.5</td><td>300.25</td><td>200</td><td>100.25</td><td>200.25</td><td></td><td></td></tr>
</table></body></html>"""


def test_web_page_tables_with_rowspan_and_colspan(tmp_path: Path) -> None:
    repo = empty_repo(tmp_path)
    _unit(repo, "430624-test")
    page = tmp_path / "report.html"
    page.write_text(PAGE, encoding="utf-8")
    assert run_import(repo, str(page), "--unit", "430624-test", "--year", "2023").returncode == 0
    report = read_yaml(repo / "units" / "430624-test" / "2023" / "report.yaml").data
    assert report["cover"]["unit_name"] == "【测试数据】县人力资源和社会保障局"
    expenditure = report["expenditure"]
    assert expenditure["money_unit"] == "万元"
    row = expenditure["rows"][0]
    assert (row["total"], row["basic"], row["personnel"], row["public"], row["project"]) == (
        Decimal("500.5"),
        Decimal("300.25"),
        200,
        Decimal("100.25"),
        Decimal("200.25"),
    )
    assert row.get("balance_year") is None  # blank stays blank, never 0


PASTED = """【测试数据】项目支出绩效自评表
| 项目资金（万元） | 项目 | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
|---|---|---|---|---|---|---|---|
| | 年度资金总额 | 120 | 130.50 | 128.25 | 10 | 98.28% | 9.8 |
绩效指标	一级指标	二级指标	三级指标	年度指标值	实际完成值	分值	得分
	产出指标	数量指标	参保人数	≥5000人	5120人	20	20
		质量指标	发放准确率	100%	100%	30	30
"""


def test_pasted_pipe_and_tab_rows(tmp_path: Path) -> None:
    repo = empty_repo(tmp_path)
    _unit(repo, "430624-test")
    text = tmp_path / "pasted.md"
    text.write_text(PASTED, encoding="utf-8")
    done = run_import(repo, str(text), "--unit", "430624-test", "--year", "2023")
    assert done.returncode == 0, done.stderr
    project = read_yaml(repo / "units" / "430624-test" / "2023" / "projects" / "project-a.yaml").data
    row = project["budget_execution"]["rows"][0]
    assert row["item"] == "年度资金总额" and str(row["full_year_budget"]) == "130.50"  # the printed digits kept
    levels = [(r["level1"], r["level2"], r["weight"]) for r in project["indicators"]["rows"]]
    assert levels == [("产出指标", "数量指标", 20), ("产出指标", "质量指标", 30)]


def test_check_points_to_import_while_a_report_is_unfilled(tmp_path: Path) -> None:
    repo = empty_repo(tmp_path)
    _unit(repo, "430624-test")
    subprocess.run(
        [sys.executable, "-m", "site_builder", "--root", str(repo), "new", "430624-test", "2023"],
        capture_output=True,
        check=True,
    )
    check = subprocess.run(
        [sys.executable, "-m", "site_builder", "--root", str(repo), "check"], capture_output=True, text=True
    )
    assert check.returncode == 1 and "python -m site_builder import" in check.stdout


def test_old_word_file_without_libreoffice_says_how_to_save_as_docx(tmp_path: Path) -> None:
    repo = empty_repo(tmp_path)
    old = tmp_path / "report.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000)
    done = subprocess.run(
        [sys.executable, "-m", "site_builder", "--root", str(repo), "import", str(old), "--unit", "430624-test"]
        + ["--year", "2023"],
        capture_output=True,
        text=True,
        env={"PATH": str(Path(sys.executable).parent)},  # no soffice on this PATH
    )
    assert done.returncode == 1
    assert done.stderr.startswith("错误：report.doc：") and "另存为” .docx" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not any((repo / "units").iterdir())


def test_several_files_make_one_draft(tmp_path: Path) -> None:
    repo = empty_repo(tmp_path)
    _unit(repo, "430624-test")
    report, form = tmp_path / "report.docx", tmp_path / "自评表.xlsx"
    report.write_bytes(docx(HUNAN))
    form.write_bytes(xlsx(SICHUAN_ROWS, SICHUAN_MERGES))
    done = run_import(repo, str(report), str(form), "--unit", "430624-test", "--year", "2023")
    assert done.returncode == 0, done.stderr
    folder = repo / "units" / "430624-test" / "2023"
    assert read_yaml(folder / "report.yaml").data["expenditure"]["rows"][0]["total"] == Decimal("500.5")
    project = read_yaml(folder / "projects" / "project-a.yaml").data
    assert project["name"] == "【测试数据】就业补助"
    assert project["budget_execution"]["rows"][0]["executed"] == Decimal("85.5")
    assert sorted(p.name for p in (folder / "projects").iterdir()) == ["project-a.md", "project-a.yaml"]


def test_phones_and_signers_go_to_the_personal_fields_only(tmp_path: Path) -> None:
    repo = empty_repo(tmp_path)
    unit_id, year = "430682-shebao", YEAR_OF_UNIT["430682-shebao"]
    done = run_import(repo, str(SEEDS / SEED_OF_UNIT[unit_id]), "--unit", unit_id, "--year", str(year))
    assert done.returncode == 0, done.stderr
    truth = read_yaml(ROOT / "units" / unit_id / str(year) / "report.yaml").data
    folder = repo / "units" / unit_id / str(year)
    draft = read_yaml(folder / "report.yaml").data
    assert draft["filled_by"] == truth["filled_by"] and draft["contact"]["phone"] == truth["contact"]["phone"]
    personal = [truth["filled_by"]["phone"], truth["contact"]["phone"], truth["filled_by"]["signature"]]
    for text in [done.stdout, done.stderr] + [p.read_text(encoding="utf-8") for p in folder.rglob("*.md")]:
        assert not any(value in text for value in personal)


def test_excel_numbers_as_their_format_shows_them(tmp_path: Path) -> None:
    """A figure is what the cell shows (0.00 → 12.50, 0.00% → 98.25%), not the float Excel stores; the 填表人 line
    below the form (its 电话 too) goes to filled_by, never to a public field."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["【测试数据】项目支出绩效自评表"])
    sheet.append(["项目名称", "【测试数据】格式测试项目"])
    sheet.append(["项目资金（万元）", "项目", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    sheet.append([None, "年度资金总额", 12.5, 1234.5, 1200, 10, 0.9825, 9.8])
    for column, number_format in zip("CDEG", ["0.00", "#,##0.00_ ", "0.00", "0.00%"], strict=True):
        sheet[f"{column}4"].number_format = number_format
    sheet.append(["填表人：【测试数据】甲　电话：0730-5550199"])
    sheet.merge_cells("A1:H1")
    path = tmp_path / "自评表.xlsx"
    book.save(path)
    repo = empty_repo(tmp_path)
    _unit(repo, "430624-test")
    done = run_import(repo, str(path), "--unit", "430624-test", "--year", "2023")
    assert done.returncode == 0, done.stderr
    folder = repo / "units" / "430624-test" / "2023" / "projects"
    project = read_yaml(folder / "project-a.yaml").data
    row = project["budget_execution"]["rows"][0]
    shown = [str(row[k]) for k in ("initial_budget", "full_year_budget", "executed", "execution_rate", "score")]
    assert shown == ["12.50", "1234.50", "1200.00", "98.25%", "9.8"]
    assert project["filled_by"] == {"signature": "【测试数据】甲", "phone": "0730-5550199"}
    assert "5550199" not in (folder / "project-a.md").read_text(encoding="utf-8")
