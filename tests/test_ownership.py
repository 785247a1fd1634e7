"""Ownership: CODEOWNERS from the units' maintainers, and `check --changed` advice on a pull request."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from seeds import ROOT

from site_builder.cli.commands import main
from site_builder.cli.ownership import CODEOWNERS, owner_handle, review_advice, unit_maintainers

REPORT = "units/430624-renshe/2021/report.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "units", tmp_path / "units")
    return tmp_path


def set_maintainers(repo: Path, unit_id: str, names: str) -> None:
    path = repo / "units" / unit_id / "unit.yaml"
    text = path.read_text(encoding="utf-8")
    if "maintainers: []" in text:
        text = text.replace("maintainers: []", f"maintainers: {names}")
    else:
        text = text.rstrip("\n") + f"\nmaintainers: {names}\n"
    path.write_text(text, encoding="utf-8")


def test_codeowners_lists_each_units_maintainers_after_the_default(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_maintainers(repo, "430624-renshe", '[zhangsan, "@li-si"]')
    set_maintainers(repo, "430000-renshe", "\n  - hunan-hrss/finance\n  - zhangsan\n  - zhangsan")
    assert main(["--root", str(repo), "codeowners"]) == 0
    lines = [x for x in (repo / CODEOWNERS).read_text(encoding="utf-8").splitlines() if x and not x.startswith("#")]
    assert lines == [
        "* @finance-bureau/maintainers",
        "/units/430000-renshe/ @hunan-hrss/finance @zhangsan @finance-bureau/maintainers",
        "/units/430624-renshe/ @zhangsan @li-si @finance-bureau/maintainers",
    ]
    assert main(["--root", str(repo), "codeowners", "--check"]) == 0
    # the organisation sets its own default owner once, on the * line; regenerating keeps it
    path = repo / CODEOWNERS
    path.write_text(
        path.read_text(encoding="utf-8").replace("* @finance-bureau/maintainers", "* @yy-czj/reviewers"),
        encoding="utf-8",
    )
    set_maintainers(repo, "510422-renshe", "[wangwu]")
    assert main(["--root", str(repo), "codeowners", "--check"]) == 1
    assert "python -m site_builder codeowners" in capsys.readouterr().err
    assert main(["--root", str(repo), "codeowners"]) == 0
    text = path.read_text(encoding="utf-8")
    assert "* @yy-czj/reviewers\n" in text
    assert "/units/510422-renshe/ @wangwu @yy-czj/reviewers\n" in text


def test_invalid_maintainer_names_are_reported_and_left_out(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_maintainers(repo, "430624-renshe", '["张三", "bad name", "-dash", ok-user]')
    owners = unit_maintainers(repo)
    assert owners.units == {"430624-renshe": ["@ok-user"]}
    assert len(owners.invalid) == 3
    assert main(["--root", str(repo), "codeowners"]) == 0
    assert "“张三”不是有效的 GitHub 用户名" in capsys.readouterr().err
    assert (
        owner_handle("@a-b") == "@a-b" and owner_handle("a--b") is None and owner_handle("org/team-1") == "@org/team-1"
    )


def test_advice_for_more_than_one_unit_or_files_outside_units() -> None:
    assert (
        review_advice([REPORT, "units/430624-renshe/2021/narrative.md", "units/430624-renshe/2022/report.yaml"]) == []
    )
    assert review_advice(["units/430624-renshe/unit.yaml"]) == []
    two = review_advice([REPORT, "units/430611-renshe/2023/report.yaml"])
    assert two == ["本次修改涉及 2 个单位（430624-renshe、430611-renshe），需要维护人审核"]
    outside = review_advice([REPORT, "site_builder/pages/render.py", ".github/workflows/pr.yml", "units/README.md"])
    assert outside == [
        "本次修改涉及 units/ 以外的 3 个文件（site_builder/pages/render.py、.github/workflows/pr.yml、units/README.md），需要维护人审核"
    ]


def test_check_changed_gives_advice_without_changing_the_exit_code(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)  # as in CI: paths relative to the repository root, as git prints them
    code = main(["check", "--changed", REPORT, "units/430611-renshe/2023/report.yaml", "README.md"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert "提示：本次修改涉及 2 个单位（430624-renshe、430611-renshe），需要维护人审核" in out
    assert "提示：本次修改涉及 units/ 以外的 1 个文件（README.md），需要维护人审核" in out
    # a change outside units/ may change the checker itself: every unit is checked
    assert any(line.startswith("units/510422-renshe/") for line in out)

    code = main(["check", "--changed", REPORT])
    captured = capsys.readouterr()
    assert code == 0 and "提示" not in captured.out
    assert all(line.startswith("units/430624-renshe/") for line in captured.out.splitlines())  # only the touched unit
    assert "检查完成：1 份报告，0 个错误" in captured.err

    path = repo / REPORT
    path.write_text(path.read_text(encoding="utf-8").replace("year: 2021", "year: 二〇二一"), encoding="utf-8")
    code = main(["check", "--format", "github", "--changed", REPORT, "units/430611-renshe/2023/report.yaml"])
    out = capsys.readouterr().out.splitlines()
    assert code == 1  # errors still fail; the advice does not change that
    assert "::notice title=需要维护人审核::本次修改涉及 2 个单位（430624-renshe、430611-renshe），需要维护人审核" in out
    assert any(
        line.startswith(
            "::error file=units/430624-renshe/2021/report.yaml,line=2,col=1,title=报告数据错误::year: 应为整数"
        )
        for line in out
    )


def test_check_without_changed_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "check", str(ROOT / "units/430624-renshe")]) == 0
    out = capsys.readouterr().out
    assert "提示" not in out and "::" not in out
    assert out.splitlines()[0].startswith("units/430624-renshe/2021/")
