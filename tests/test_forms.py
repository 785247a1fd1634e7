"""The three common forms, filled in (tests/forms/, test data never in units/): every field of issue 22 goes
through check, build, the page, the downloads and the year comparison; the clerk's slips are errors, the report's
own disagreements published warnings under the printed titles."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from clerk import finish, marks
from sitebuild import page_text, parse

from site_builder.build import BuildFailed, build
from site_builder.cli.commands import main

ROOT = Path(__file__).resolve().parent.parent
FORMS = Path(__file__).resolve().parent / "forms"
UNIT = "430999-ceshi"
REPORT = f"units/{UNIT}/2023/report.yaml"
SICHUAN = f"units/{UNIT}/2023/projects/shebao-jingban.yaml"
FIELD_PATH = re.compile(r"[a-z_]+(\.[a-z_]+|\[\d+\])+")
WARNING_BOX = re.compile(r'<div class="admonition warning">(.*?)</div>', re.S)


def forms_repo(dest: Path) -> Path:
    """A repository of the site's content and theme with only the test unit in units/."""
    for name in ("content", "theme", "mkdocs.yml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    shutil.copytree(FORMS / "units", dest / "units")
    return dest


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = forms_repo(tmp_path_factory.mktemp("forms"))
    build(repo, repo / "site", log=lambda line: None)
    return repo / "site"


def _check(repo: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["--root", str(repo), "check"])
    return code, capsys.readouterr().out.splitlines()


def _edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _table(page: Path, first_header: str, contains: str) -> list[list[str]]:
    return next(t for t in parse(page).tables if t and t[0] and t[0][0] == first_header and contains in t[0])


def test_every_form_checks_without_errors_or_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _check(forms_repo(tmp_path), capsys)
    assert code == 0, out
    assert not [line for line in out if "错误：" in line or "警告：" in line]


def test_hunan_department_report_page_shows_every_new_field(site: Path) -> None:
    page = site / f"units/{UNIT}/2023/index.html"
    profile = dict(r for t in parse(page).tables for r in t if len(r) == 2)
    assert profile["内设机构数"] == "6个"
    economic = _table(page, "支出范围", "工资福利支出")
    assert economic[0] == ["支出范围", "合计", "工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出"]
    assert economic[1] == ["基本支出", "228", "183.46", "42.58", "1.96", ""]
    lines = _table(page, "项目名称", "结余")
    assert lines[0] == ["项目名称", "全年预算数", "预算数（未注明年初或全年）", "实际支出", "结余"]
    assert lines[1] == ["就业服务专项", "", "28.13", "18", "10.13"]
    assert lines[2] == ["社保经办经费", "5", "", "4.999981", "0.19元"]  # a cell printed in 元 inside a 万元 table
    balances = _table(page, "项目", "期末数")
    assert balances[1:] == [["固定资产", "512.3", "530.8"], ["资产总额", "800.5", "812.6"]]
    execution = _table(page, "项目", "全年执行数")
    assert "预算数（未注明年初或全年）" in execution[0] and "260" in execution[1]


def test_national_project_form_page(site: Path) -> None:
    page = site / f"units/{UNIT}/2023/projects/jiuye-fuwu/index.html"
    funds = _table(page, "项目", "全年执行数")
    assert funds[0] == ["项目", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert [r[0] for r in funds[1:]] == ["年度资金总额", "其中：本年财政拨款", "上年结转资金", "其他资金"]
    assert funds[1] == ["年度资金总额", "25", "28.13", "18", "10", "63.99%", "6.4"]
    indicators = _table(page, "一级指标", "偏差原因分析及改进措施")
    assert indicators[0] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]
    assert indicators[-1][0] == "总分值" and "100" in indicators[-1]
    text = page_text(page)
    assert "年度总体目标" in text and "测试县就业服务中心" in text and "95.4" in text


def test_sichuan_project_form_page_uses_the_printed_titles(site: Path) -> None:
    page = site / f"units/{UNIT}/2023/projects/shebao-jingban/index.html"
    funds = _table(page, "项目", "调整后预算数")
    assert funds[0] == ["项目", "年初预算", "调整后预算数", "预算执行数", "权重", "预算执行率", "得分", "原因"]
    assert [r[0] for r in funds[1:]] == ["年度资金总额", "财政资金", "财政专户管理资金", "单位资金", "其他资金"]
    indicators = _table(page, "一级指标", "指标性质")
    assert indicators[0] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "实际完成值",
        "权重",
        "得分",
        "未完成原因分析",
    ]
    assert indicators[2][3:6] == ["≤", "1", "%"]  # written <= in the YAML
    conclusions = dict(r for t in parse(page).tables for r in t if len(r) == 2)
    assert conclusions["评价结论"].startswith("项目总体完成") and conclusions["存在问题"] and conclusions["改进措施"]


def test_report_json_and_csv_carry_every_new_field(site: Path) -> None:
    folder = site / f"units/{UNIT}/2023"
    data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    report = data["report"]
    assert report["staffing"]["internal_departments"] == 6
    assert report["economic_classification"]["rows"][0]["wages"] == 183.46
    assert report["project_lines"]["rows"][1]["balance"] == {"value": 0.19, "unit": "元"}
    assert report["project_lines"]["rows"][0]["budget"] == 28.13
    assert report["opening_closing"]["rows"][0] == {"item": "固定资产", "opening": 512.3, "closing": 530.8}
    sichuan = next(p for p in data["projects"] if p["slug"] == "shebao-jingban")
    assert sichuan["budget_execution"]["labels"]["full_year_budget"] == "调整后预算数"
    assert (
        sichuan["indicators"]["rows"][0]["nature"] == "≥" and sichuan["indicators"]["rows"][0]["measure_unit"] == "笔"
    )
    assert sichuan["conclusion"] and sichuan["problems"] and sichuan["improvements"]
    rows = _rows(folder / "report.csv")
    by_title = {(r[4], r[5], r[7]): (r[8], r[9]) for r in rows[1:]}
    assert by_title[("economic_classification", "基本支出", "工资福利支出")] == ("183.46", "万元")
    assert by_title[("project_lines", "社保经办经费", "结余")] == ("0.19", "元")
    assert by_title[("opening_closing", "资产总额", "期末数")] == ("812.6", "万元")
    assert by_title[("budget_execution", "年度资金总额", "调整后预算数")] == ("5", "万元")  # the Sichuan project's row
    assert by_title[("indicators", "经办业务笔数", "权重")] == ("40", "分")


def test_bulk_downloads_and_datapackage_carry_the_new_tables(site: Path) -> None:
    data = site / "data"

    def table(name: str) -> list[dict[str, str]]:
        header, *rows = _rows(data / f"{name}.csv")
        return [dict(zip(header, r, strict=True)) for r in rows]

    economic = table("economic_classification")
    assert {(r["year"], r["wages"], r["goods_services"], r["household_subsidies"]) for r in economic} == {
        ("2022", "175.2", "40.1", "2.3"),
        ("2023", "183.46", "42.58", "1.96"),
    }
    lines = {(r["year"], r["name"]): r for r in table("project_lines")}
    assert (
        lines[("2023", "就业服务专项")]["budget"] == "28.13"
        and lines[("2023", "就业服务专项")]["full_year_budget"] == ""
    )
    assert lines[("2023", "社保经办经费")]["balance"] == "0.000019"  # 0.19元 in the row's 万元, exactly
    assert {(r["year"], r["item"], r["closing"]) for r in table("opening_closing")} >= {("2023", "固定资产", "530.8")}
    execution = {(r["report"], r["item"]): r for r in table("budget_execution")}
    assert execution[("shebao-jingban", "年度资金总额")]["full_year_budget_label"] == "调整后预算数"
    assert execution[("shebao-jingban", "年度资金总额")]["reason"].startswith("结余0.19元")
    assert execution[("jiuye-fuwu", "年度资金总额")]["full_year_budget_label"] == "全年预算数"
    assert execution[("部门整体支出", "年度资金总额")]["budget"] == "260"
    indicators = [r for r in table("indicators") if r["report"] == "shebao-jingban"]
    assert [r["nature"] for r in indicators] == ["≥", "≤", "=", "≥"] and indicators[0]["measure_unit"] == "笔"
    projects = {r["slug"]: r for r in table("projects")}
    assert projects["shebao-jingban"]["problems"] == "参保对象满意度未达到目标值。"
    reports = {r["year"]: r for r in table("reports")}
    assert reports["2023"]["internal_departments"] == "6"
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    titles = {f["title"] for r in package["resources"] for f in r["schema"]["fields"]}
    assert {
        "工资福利支出",
        "商品和服务支出",
        "对个人和家庭的补助",
        "资本性支出",
        "年初数",
        "期末数",
        "结余",
        "内设机构数",
        "预算数（未注明年初或全年）",
        "指标性质",
        "度量单位",
        "评价结论",
        "存在问题",
        "改进措施",
        "原因",
    } <= titles


def test_year_comparison_shows_the_recurring_new_figures(site: Path) -> None:
    table = _table(site / f"units/{UNIT}/index.html", "项目", "2022→2023年变动")
    header = table[0]
    # the 2022 report's 年初数 is the 2021 期末数: a 2021 column, printed in the 2022 report
    assert header == ["项目", "2021年", "2022年", "2023年", "2021→2022年变动", "2022→2023年变动"]
    rows = {r[0]: dict(zip(header[1:], r[1:], strict=True)) for r in table[1:]}

    def years(label: str) -> list[str]:
        return [rows[label][c] for c in ("2022年", "2023年", "2022→2023年变动")]

    assert years("工资福利支出") == ["175.2", "183.46", "+8.26（+4.71%）"]
    assert years("商品和服务支出")[2] == "+2.48（+6.18%）"
    assert years("对个人和家庭的补助")[2] == "-0.34（-14.78%）"
    assert years("内设机构数（个）") == ["6", "6", "0（0.00%）"]
    assert years("就业服务专项：实际支出") == ["25", "18", "-7（-28.00%）"]
    assert years("固定资产：期末数") == ["512.3", "530.8", "+18.5（+3.61%）"]
    assert (
        rows["固定资产：期末数"]["2021年"].startswith("498.1")
        and "2022年报告所载" in rows["固定资产：期末数"]["2021年"]
    )
    # 资产总额 is printed in 2023 only: its 年初数 there is the 2022 期末数, shown as printed in the 2023 report
    assert years("资产总额：期末数")[0].startswith("800.5") and "2023年报告所载" in years("资产总额：期末数")[0]
    assert years("资产总额：期末数")[1:] == ["812.6", "+12.1（+1.51%）"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    quote: 工资福利支出183.46万元",
            "    quote: 工资福利支出183.64万元",  # not in the narrative
            "stated_figures[0].quote: 错误：原文“工资福利支出183.64万元”在报告的文字中找不到：请从 narrative.md 或表格中原样复制",
        ),
        (
            "    value: 6\n",
            "    value: 8\n",  # not in its own quote 本局内设6个部门
            "stated_figures[1].value: 错误：数值 8 不在它的原文“本局内设6个部门”中（原文中的数字：6）：请按原文改正 value 或 quote",
        ),
        (
            "field: staffing.internal_departments",
            "field: staffing.departments",
            "stated_figures[1].field: 错误：对应字段“staffing.departments”在本报告中不存在",
        ),
        (
            "field: staffing.internal_departments",
            "field: staffing",
            "stated_figures[1].field: 错误：对应字段“staffing”是一组数字，不是一个格子",
        ),
        (
            "    value: 0.19\n",
            "    value: 0.19元\n",  # the unit attached
            "stated_figures[2].value: 错误：数值只写数字，单位写在 unit：找到“0.19元”，应写成 value: 0.19 和 unit: 元",
        ),
        (
            "    value: 183.46\n",
            "    value: 23.97万元\n",
            "stated_figures[0].value: 错误：数值只写数字，单位写在 unit：找到“23.97万元”，应写成 value: 23.97 和 unit: 万元",
        ),
        (
            "      slug: jiuye-fuwu\n",
            "      slug: jiuye-fuwo\n",
            "project_lines.rows[0].slug: 错误：项目报告标识“jiuye-fuwo”在本年度的 projects/ 中没有（本年度有：jiuye-fuwu、shebao-jingban）",
        ),
    ],
)
def test_the_clerks_slips_are_errors_with_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, expected: str
) -> None:
    repo = forms_repo(tmp_path)
    _edit(repo, REPORT, old, new)
    code, out = _check(repo, capsys)
    errors = [line.split(": ", 1)[1] for line in out if "错误：" in line]
    assert code == 1
    assert len(errors) == 1 and errors[0].startswith(expected), errors
    with pytest.raises(BuildFailed):
        build(repo, repo / "site", log=lambda line: None)


def test_the_reports_own_disagreements_are_published_under_printed_titles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = forms_repo(tmp_path)
    # the original itself prints two figures that disagree: the narrative's 工资福利支出 and the table's
    _edit(repo, f"units/{UNIT}/2023/narrative.md", "工资福利支出183.46万元", "工资福利支出183.47万元")
    _edit(repo, REPORT, "    value: 183.46\n", "    value: 183.47\n")
    _edit(repo, REPORT, "    quote: 工资福利支出183.46万元", "    quote: 工资福利支出183.47万元")
    _edit(repo, REPORT, "      balance: 10.13\n", "      balance: 10.31\n")  # 28.13 − 18 is 10.13
    _edit(repo, SICHUAN, "      score: 8\n", "      score: 12\n")  # above its 权重 10
    _edit(repo, SICHUAN, "      executed: 4.999981\n", "      executed: 4.99\n")  # the department text says 4.999981
    code, out = _check(repo, capsys)
    assert code == 0, out
    warnings = [line.split("警告：", 1)[1] for line in out if "警告：" in line]
    assert (
        "文字部分 二、（一）基本支出写“工资福利支出”为 183.47万元，而支出按经济分类“工资福利支出”（基本支出）为 183.46万元"
        in warnings
    )
    assert "项目“就业服务专项”：结余为 10.31，预算数 28.13 − 实际支出 18 = 10.13" in warnings
    assert any(w.startswith("得分 12 高于权重 10") for w in warnings), warnings
    assert (
        "项目支出明细（分项目）写项目“社保经办经费”实际支出 4.999981万元，而项目“社保经办经费”的自评表年度资金总额预算执行数为 "
        "4.99万元"
    ) in warnings
    site = repo / "site"
    build(repo, site, log=lambda line: None)
    shown = page_text(site / f"units/{UNIT}/2023/index.html")
    assert "而支出按经济分类“工资福利支出”（基本支出）为 183.46万元" in shown
    boxes = [
        box
        for page in site.glob("units/**/index.html")
        for box in WARNING_BOX.findall(page.read_text(encoding="utf-8"))
    ]
    assert len(boxes) == 2  # the report's and the Sichuan project's
    for box in boxes:
        assert not FIELD_PATH.search(box), box


@pytest.mark.parametrize(
    ("template", "rows", "headings"),
    [
        (
            "national",
            ["年度资金总额", "其中：本年财政拨款", "上年结转资金", "其他资金"],
            ["## 一、项目概况", "## 四、绩效指标完成情况分析", "## 七、其他需要说明的问题"],
        ),
        (
            "sichuan",
            ["年度资金总额", "财政资金", "财政专户管理资金", "单位资金", "其他资金"],
            ["## 一、项目概况", "## 五、评价结论", "## 六、存在的问题", "## 七、改进措施及建议"],
        ),
    ],
)
def test_new_writes_the_chosen_project_form_with_its_headings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], template: str, rows: list[str], headings: list[str]
) -> None:
    from site_builder.sources.placeholders import FILL
    from site_builder.sources.yamlsource import read_yaml

    repo = forms_repo(tmp_path)
    code = main(["--root", str(repo), "new", UNIT, "2024", "--template", template, "--project", "ceshi-xiangmu"])
    out = capsys.readouterr().out
    assert code == 0, out
    year = repo / "units" / UNIT / "2024"
    assert (year / "report.yaml").is_file() and (year / "narrative.md").is_file()  # a project belongs to a report
    data = read_yaml(year / "projects/ceshi-xiangmu.yaml").data
    assert [r["item"] for r in data["budget_execution"]["rows"]] == rows
    assert data["name"].startswith(FILL)
    narrative = (year / "projects/ceshi-xiangmu.md").read_text(encoding="utf-8")
    assert all(h in narrative.splitlines() for h in headings) and FILL in narrative
    if template == "sichuan":
        assert data["budget_execution"]["labels"]["full_year_budget"] == "调整后预算数"
        assert data["indicators"]["labels"]["deviation"] == "未完成原因分析"
    else:
        assert data["goals_title"] == "年度总体目标" and data["indicators"]["group_weights"]["产出指标"] == 50
    code, out = _check(repo, capsys)  # untouched, a form is not a report: each mark is an error on its line
    assert code == 1 and sorted(line.split(" -: ")[0] for line in out if "还有“" in line) == sorted(marks(year))
    finish(year)  # the clerk fills in the name and the sections, and confirms each 请核对
    code, out = _check(repo, capsys)
    assert code == 0, out


def test_new_without_a_project_slug_says_how(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = forms_repo(tmp_path)
    assert main(["--root", str(repo), "new", UNIT, "2024", "--template", "national"]) == 1
    assert "--project" in capsys.readouterr().err
    assert not (repo / "units" / UNIT / "2024").exists()


def test_the_guide_says_which_template_to_pick() -> None:
    guide = (ROOT / "content/guide.md").read_text(encoding="utf-8")
    for words in ("--template hunan", "--template national", "--template sichuan", "调整后预算数"):
        assert words in guide, words


def test_quotes_are_searched_without_a_narrative_but_not_in_one_that_could_not_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = forms_repo(tmp_path)
    narrative = repo / "units" / UNIT / "2023" / "narrative.md"
    narrative.unlink()  # no narrative at all: the quotes taken from it are found nowhere
    code, out = _check(repo, capsys)
    assert code == 1 and sum("在报告的文字中找不到" in line for line in out) == 3
    narrative.write_bytes("工资福利支出183.46万元".encode("gbk"))  # unreadable: its own error, not one per quote
    code, out = _check(repo, capsys)
    errors = [line for line in out if "错误：" in line]
    assert code == 1 and len(errors) == 1 and "narrative.md" in errors[0] and "GBK" in errors[0]


def test_no_warning_on_the_real_site_shows_a_field_path(built_site: Path) -> None:
    boxes = [
        box
        for page in built_site.glob("units/**/index.html")
        for box in WARNING_BOX.findall(page.read_text(encoding="utf-8"))
    ]
    assert boxes
    assert not [FIELD_PATH.search(box)[0] for box in boxes if FIELD_PATH.search(box)]
