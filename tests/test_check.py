"""`check` on corrupted copies of the real reports: each kind of error and warning, exact message and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from derive import copy_seed_units
from seeds import ROOT

from site_builder.cli.commands import main

REPORT = "units/430624-renshe/2021/report.yaml"
UNIT = "units/430624-renshe/unit.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    copy_seed_units(tmp_path / "units")
    return tmp_path


def edit(repo: Path, rel: str, old: str, new: str, count: int = 1) -> int:
    """Replace the first occurrence(s) of ``old``; return the 1-based line where it stood."""
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def check(repo: Path, capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[int, list[str]]:
    code = main(["--root", str(repo), "check", *[str(repo / p) for p in paths]])
    return code, capsys.readouterr().out.splitlines()


def errors(lines: list[str]) -> list[str]:
    return [x for x in lines if "错误：" in x]


def test_repository_passes_with_the_real_inconsistencies_as_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--root", str(ROOT), "check"])
    out = capsys.readouterr().out
    assert code == 0
    assert "错误：" not in out
    # the quirks domain.md lists, each found by the checker
    assert "写“项目支出”为 46161.6万元，而年度支出和结余情况“项目支出”（局机关及二级机构汇总）为 46161.7万元" in out
    assert "项目报告日期 2022-03-30 与部门报告日期 2021-03-30 不一致" in out
    assert "报告日期 2021-03-30 早于 2021 年度结束" in out
    assert "“职业年金征缴”前后不一致" in out and "8427万元" in out and "4500万元" in out
    assert "“事业养老保险征缴”前后不一致" in out and "18516万元" in out
    assert "为 “未完成”" in out and "为 “已完成”" in out
    assert "0.80万元，而基础数据表“2023年决算数”（三公经费）为 1.13万元" in out
    # the province's 基本支出 by economic class: its printed 合计 is not the sum of the classes it prints
    assert "基本支出按经济分类：合计为 18417.37，各项之和为 18370.38" in out
    assert "rows[" not in "".join(line.split("警告：", 1)[1] for line in out.splitlines() if "警告：" in line)


def test_yaml_syntax_error_names_line_and_column(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = edit(repo, REPORT, "      total: 48929.9\n      carried_over", "      total: [48929.9\n      carried_over")
    code, out = check(repo, capsys, "units/430624-renshe")
    assert code == 1
    assert len(errors(out)) == 1
    assert errors(out)[0].startswith(f"{REPORT}:{line + 1}:")
    assert "YAML 语法错误" in errors(out)[0]


def test_wrong_type(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = edit(repo, REPORT, "  total: 97\n", "  total: [97]\n")
    code, out = check(repo, capsys, "units/430624-renshe")
    assert code == 1
    assert errors(out) == [f"{REPORT}:{line}:3: score.total: 错误：金额应为数字，找到“[97]”"]


def test_wrong_type_for_integer(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, REPORT, "year: 2021", "year: 二〇二一")
    code, out = check(repo, capsys, "units/430624-renshe")
    assert code == 1
    assert errors(out) == [f"{REPORT}:2:1: year: 错误：应为整数，找到“二〇二一”"]


def test_missing_required_field(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, REPORT, "unit: 430624-renshe\n", "")
    code, out = check(repo, capsys, "units/430624-renshe")
    assert code == 1
    assert errors(out) == [f"{REPORT}:1:1: unit: 错误：缺少必填字段"]


def test_missing_required_nested_field_points_at_its_parent(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = edit(
        repo,
        REPORT,
        "  money_unit: 万元\n  rows:\n    - institution: 局机关及二级机构汇总\n      total: 48929.9\n      carried_over",
        "  rows:\n    - institution: 局机关及二级机构汇总\n      total: 48929.9\n      carried_over",
    )
    code, out = check(repo, capsys, "units/430624-renshe")
    assert errors(out) == [f"{REPORT}:{line - 1}:1: income.money_unit: 错误：缺少必填字段"]


def test_unknown_field_is_a_typo_guard(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = edit(repo, REPORT, "      public_finance: 48929.9", "      public_fnance: 48929.9")
    code, out = check(repo, capsys, "units/430624-renshe")
    assert code == 1
    assert errors(out) == [
        f"{REPORT}:{line}:7: income.rows[0].public_fnance: 错误：未知字段“public_fnance”（是否拼写错误？请对照填报指南）"
    ]


def test_duplicate_keys_are_rejected(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = edit(repo, REPORT, "      basic: 2768.2\n", "      basic: 2768.2\n      basic: 2768.3\n")
    code, out = check(repo, capsys, "units/430624-renshe")
    assert code == 1
    assert errors(out) == [f"{REPORT}:{line + 1}:7: -: 错误：字段“basic”重复出现（第 {line} 行已有），请删除其中一个"]


@pytest.mark.parametrize(
    ("written", "suggestion"),
    [
        ('"48,929.9"', "48929.9"),
        ("48，929.9", "48929.9"),
        ("1 234", "1234"),
        ("4.8亿", "4.8（并把表格的 money_unit 设为相应单位），或 480000000.0（以元计）"),
    ],
)
def test_amounts_that_are_not_numbers_get_the_correct_form(
    repo: Path, capsys: pytest.CaptureFixture[str], written: str, suggestion: str
) -> None:
    line = edit(repo, REPORT, "      basic: 2768.2\n", f"      basic: {written}\n")
    code, out = check(repo, capsys, "units/430624-renshe")
    found = written.strip('"')
    assert code == 1
    assert errors(out) == [
        f"{REPORT}:{line}:7: expenditure.rows[0].basic: 错误：金额应写成不带逗号、空格和单位的数字，找到“{found}”；应写成 {suggestion}"
    ]


def test_year_disagreeing_with_folder(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, REPORT, "year: 2021", "year: 2022")
    code, out = check(repo, capsys, "units/430624-renshe")
    assert code == 1
    assert errors(out) == [f"{REPORT}:2:1: year: 错误：年度与所在文件夹不一致：文件夹为“2021”，文件中为“2022”"]


def test_unit_id_disagreeing_with_folder(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, REPORT, "unit: 430624-renshe", "unit: 430624-rs")
    edit(repo, UNIT, "id: 430624-renshe", "id: 430624-rs")
    code, out = check(repo, capsys, "units/430624-renshe")
    assert code == 1
    assert errors(out) == [
        f"{REPORT}:1:1: unit: 错误：单位标识与所在文件夹不一致：文件夹为“430624-renshe”，文件中为“430624-rs”",
        f"{UNIT}:1:1: id: 错误：单位标识与所在文件夹不一致：文件夹为“430624-renshe”，文件中为“430624-rs”",
    ]


def test_unquoted_code_is_explained(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, UNIT, 'budget_code: "301001"', "budget_code: 301001")
    code, out = check(repo, capsys, "units/430624-renshe")
    assert code == 1
    assert errors(out) == [
        f'{UNIT}:9:1: budget_code: 错误：应为文字，找到“301001”；编码、电话等请加英文引号，例如 "301001"'
    ]


def test_money_unit_outside_the_list(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = edit(repo, REPORT, "  money_unit: 万元", "  money_unit: 千元")
    code, out = check(repo, capsys, "units/430624-renshe")
    assert errors(out) == [f"{REPORT}:{line}:3: income.money_unit: 错误：应为 '元', '万元' or '亿元' 之一，找到“千元”"]


def test_every_error_of_every_report_is_listed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, REPORT, "year: 2021", "year: 2022")
    edit(repo, "units/430682-shebao/2022/report.yaml", "year: 2022", "yaer: 2022")
    code, out = check(repo, capsys)
    assert code == 1
    assert [x.split(":")[0] for x in errors(out)] == [
        "units/430624-renshe/2021/report.yaml",
        "units/430682-shebao/2022/report.yaml",
        "units/430682-shebao/2022/report.yaml",
    ]


def test_the_summary_counts_the_reports_checked_with_errors_or_without(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, "units/430682-shebao/2022/report.yaml", "year: 2022", "yaer: 2022")
    code = main(["--root", str(repo), "check", str(repo / "units/430682-shebao")])
    assert code == 1
    assert "检查完成：1 份报告，2 个错误" in capsys.readouterr().err


def test_sum_warning_shows_both_figures(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = edit(repo, REPORT, "      personnel: 1726.1", "      personnel: 1726.2")
    code, out = check(repo, capsys, "units/430624-renshe")
    assert code == 0
    assert (
        f"{REPORT}:{line - 1}:7: expenditure.rows[0].basic: 警告：基本支出 = 人员支出 + 公用支出（局机关及二级机构汇总）："
        "合计为 2768.2，各项之和为 2768.3（人员支出 1726.2 + 公用支出 1042.1）"
    ) in out


def test_grade_outside_its_band(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = edit(repo, REPORT, "  grade: 优", "  grade: 良")
    code, out = check(repo, capsys, "units/430624-renshe")
    assert code == 0
    assert (
        f"{REPORT}:{line}:3: score.grade: 警告：评价等次为“良”，但综合得分 97 按财预〔2020〕10号应为“优”（90 分及以上）"
        in out
    )


def test_score_above_weight(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rel = "units/430611-renshe/2023/report.yaml"
    text = (repo / rel).read_text(encoding="utf-8")
    assert "score: 4\n" in text
    line = edit(repo, rel, "score: 4\n", "score: 6\n")
    code, out = check(repo, capsys, "units/430611-renshe")
    assert code == 0
    assert any(x.startswith(f"{rel}:{line}:") and "得分 6 高于分值 5（参保人员满意度）" in x for x in out), out


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-such-option"]) == 2
    assert main([]) == 2


def test_funds_by_level_and_expenditure_lines_against_spending(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = "units/430624-renshe/2021/projects/zhihui-renshe.yaml"
    line = edit(repo, rel, "amount: 7.4", "amount: 7.5")
    code, out = check(repo, capsys, "units/430624-renshe")
    assert code == 0
    assert any(
        x.startswith(f"{rel}:") and "expenditure_lines.total: 警告：项目支出明细合计：合计为 30，各项之和为 30.1" in x
        for x in out
    ), out
    assert line > 0


def test_the_readme_says_how_many_warnings_the_five_real_reports_give(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A newcomer's first build lists these warnings; the README says they are expected, and how many."""
    import re

    assert main(["--root", str(repo), "check"]) == 0
    count = int(re.search(r"(\d+) 个警告", capsys.readouterr().err).group(1))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"The build lists {count} 警告" in readme
