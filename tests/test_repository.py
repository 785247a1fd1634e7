"""The gates main depends on, run on the repository's own ``units/`` as it is — and again with one more unit.

Adding or correcting a report is the product's main use: the suite may turn red only when a report itself is wrong.
So these tests count nothing of today's units; they take whatever ``units/`` holds and run on it what CI and the
publishing workflow run on main: ``check`` (no error), the full build with its verification (every report
published, nothing leaked) and ``codeowners --check``.  (``test_load_yaml.py`` reads every file of ``units/``.)  The second
repository is a copy with one more valid unit, generated from the real reports by ``benchmarks/generate.py`` and
marked 【测试数据】 — it lives only in a temporary folder, never in ``units/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from derive import generate
from seeds import ROOT

from site_builder.build import build
from site_builder.cli.commands import main
from site_builder.cli.ownership import CODEOWNERS, codeowners_text

MARK = "【测试数据】"


def _one_more_unit(repo: Path, scratch: Path) -> str:
    """Copy one generated unit (in a province none of the real reports is from) into ``repo``; its id."""
    out = scratch / "generated"
    proc = generate(out, 2, "--seed", "7", "--provinces", "52")
    assert proc.returncode == 0, proc.stderr
    unit = sorted(p for p in (out / "units").iterdir() if p.is_dir())[0]
    assert not (repo / "units" / unit.name).exists()
    shutil.copytree(unit, repo / "units" / unit.name)
    assert MARK in (unit / "unit.yaml").read_text(encoding="utf-8")
    return unit.name


@pytest.fixture(scope="module", params=["units-as-they-are", "with-one-more-unit"])
def repository(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp(request.param)
    for name in ("units", "content", "theme", ".github"):
        shutil.copytree(ROOT / name, repo / name)
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    if request.param == "with-one-more-unit":
        _one_more_unit(repo, tmp_path_factory.mktemp("generate"))
    return repo


def _reports(repo: Path) -> list[str]:
    return sorted(p.parent.relative_to(repo).as_posix() for p in (repo / "units").glob("*/*/report.yaml"))


def test_check_finds_no_error_and_counts_every_report(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repository), "check"]) == 0
    captured = capsys.readouterr()
    assert "错误：" not in captured.out
    assert f"检查完成：{len(_reports(repository))} 份报告，0 个错误" in captured.err


def test_the_build_verifies_and_publishes_every_report(repository: Path) -> None:
    result = build(repository, repository / "site", log=lambda line: None)
    reports = _reports(repository)
    assert result.reports == len(reports)
    for folder in reports:
        assert (repository / "site" / folder / "index.html").is_file(), folder
        assert (repository / "site" / folder / "report.json").is_file(), folder


def test_codeowners_is_fresh(repository: Path) -> None:
    committed = (repository / CODEOWNERS).read_text(encoding="utf-8")
    assert committed == codeowners_text(repository), "run python -m site_builder codeowners"
