"""Settling a false alarm of the leak gate stays fail-closed: the report declares the number public in its own
YAML (``public_numbers``: number and reason), the pull-request summary lists the declaration, and nothing else
lets the build through."""

from __future__ import annotations

from pathlib import Path

import pytest
from derive import repo_copy

from site_builder.build import BuildFailed, build
from site_builder.checks.validate import validate
from site_builder.cli.ownership import pull_request_summary
from site_builder.sources.load import load

NARRATIVE = "units/430624-renshe/2021/narrative.md"
REPORT = "units/430624-renshe/2021/report.yaml"
FALSE_ALARM = "\n\n咨询电话：12333\n\n档案编号 6612345\n"
DECLARATION = '\npublic_numbers:\n  - number: "6612345"\n    reason: 档案编号，不是电话\n'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = repo_copy(tmp_path / "repo")
    path = repo / NARRATIVE
    path.write_text(path.read_text(encoding="utf-8") + FALSE_ALARM, encoding="utf-8")
    return repo


def _declare(repo: Path, text: str = DECLARATION) -> None:
    path = repo / REPORT
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")


def test_a_false_alarm_stops_the_build_naming_file_source_line_and_what_to_do(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as failed:
        build(repo, tmp_path / "site", log=lambda line: None)
    line_no = (repo / NARRATIVE).read_text(encoding="utf-8").splitlines().index("档案编号 6612345") + 1
    lines = failed.value.lines
    assert any(
        line.startswith("units/430624-renshe/2021/index.html: 错误：独立泄露检查发现疑似电话号码 *****45")
        and f"{NARRATIVE}:{line_no}" in line
        and "public_numbers" in line
        for line in lines
    ), lines
    assert not any("6612345" in line for line in lines)  # masked in the message


def test_the_declaration_in_the_report_lets_that_number_through(repo: Path, tmp_path: Path) -> None:
    _declare(repo)
    result = build(repo, tmp_path / "site", log=lambda line: None)
    page = (result.out / "units/430624-renshe/2021/index.html").read_text(encoding="utf-8")
    assert "6612345" in page


def test_the_pull_request_summary_lists_each_declaration(repo: Path) -> None:
    _declare(repo)
    summary = pull_request_summary(repo, [REPORT, NARRATIVE])
    assert "## 公开数字声明" in summary
    assert f"- `{REPORT}`：`6612345`，理由：档案编号，不是电话" in summary


@pytest.mark.parametrize(
    ("declared", "field"),
    [
        ('\npublic_numbers:\n  - number: "电话"\n    reason: 理由\n', "public_numbers[0].number"),
        ('\npublic_numbers:\n  - number: "6612345"\n', "public_numbers[0].reason"),
    ],
)
def test_a_declaration_without_a_number_or_a_reason_is_an_error(repo: Path, declared: str, field: str) -> None:
    _declare(repo, declared)
    checked = validate(load(repo))
    assert any(m.path == REPORT and field in m.format() and "错误" in m.format() for m in checked.errors), [
        m.format() for m in checked.errors
    ]


def test_the_pull_request_summary_says_the_gate_will_stop_the_build(repo: Path) -> None:
    summary = pull_request_summary(repo, [NARRATIVE])
    assert f"- `{NARRATIVE}`：独立泄露检查将停止发布，预览已省略：" in summary
    assert "*****45" in summary and "6612345" not in summary
    _declare(repo)
    assert "独立泄露检查将停止发布" not in pull_request_summary(repo, [REPORT, NARRATIVE])
