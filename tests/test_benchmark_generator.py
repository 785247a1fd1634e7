"""benchmarks/generate.py: synthetic reports that the checker accepts, marked as test data, never in units/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from derive import generate, generator_module

ROOT = Path(__file__).resolve().parent.parent
MARK = "【测试数据】"


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_twelve_reports_check_clean_and_marked(tmp_path: Path) -> None:
    before = _snapshot(ROOT / "units")
    out = tmp_path / "repo"
    proc = generate(out, 12)
    assert proc.returncode == 0, proc.stderr
    for name in ("units", "content", "theme", "mkdocs.yml"):
        assert (out / name).exists(), name
    reports = sorted(out.glob("units/*/*/report.yaml"))
    assert len(reports) == 12

    check = subprocess.run(
        [sys.executable, "-m", "site_builder", "--root", str(out), "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "12 份报告，0 个错误" in check.stderr, check.stderr
    assert "错误：" not in check.stdout

    import yaml

    for unit_file in out.glob("units/*/unit.yaml"):
        unit = yaml.safe_load(unit_file.read_text(encoding="utf-8"))
        assert unit["name"].startswith(MARK), unit_file
        assert unit["short_name"].startswith(MARK), unit_file
        assert len(unit["region"]["code"]) == 6 and unit["region"]["code"].isdigit()
        assert unit["id"].startswith(unit["region"]["code"] + "-")
    for report in reports:
        data = yaml.safe_load(report.read_text(encoding="utf-8"))
        assert data["cover"]["title"].startswith(MARK), report
    for project in out.glob("units/*/*/projects/*.yaml"):
        assert yaml.safe_load(project.read_text(encoding="utf-8"))["name"].startswith(MARK), project

    assert _snapshot(ROOT / "units") == before, "the generator wrote under the repository's units/"


def test_refuses_the_repository_units(tmp_path: Path) -> None:
    generate = generator_module()
    before = _snapshot(ROOT / "units")
    for target in (ROOT, ROOT / "units", ROOT / "units" / "synthetic"):
        with pytest.raises(SystemExit):
            generate.generate(2, target)
    assert _snapshot(ROOT / "units") == before
    assert not (ROOT / "units" / "synthetic").exists()
