"""A failed build publishes nothing: the previous site stays byte for byte, and every error of every report is listed.

The build renders into a temporary folder next to the output and swaps it in with two renames only after
verification passed (site_builder/build.py).  Here the previous site is a copy of the real one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hostile import repo_copy

from site_builder import build as build_module
from site_builder.build import BuildFailed, build


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None) under ``folder``."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))
    }


@pytest.fixture
def previous(built_site: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, bytes | None]]:
    """(repository copy, output folder holding the previous site, its snapshot)."""
    repo = repo_copy(tmp_path / "repo")
    out = tmp_path / "public" / "site"
    shutil.copytree(built_site, out)
    return repo, out, snapshot(out)


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name)


def test_data_errors_stop_the_build_list_every_error_and_leave_the_previous_site(
    previous: tuple[Path, Path, dict[str, bytes | None]],
) -> None:
    repo, out, before = previous
    report = repo / "units/430624-renshe/2021/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("year: 2021", "year: 2022"), encoding="utf-8")
    other = repo / "units/430682-shebao/2022/report.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("year: 2022", "yaer: 2022"), encoding="utf-8")
    (repo / "units/510422-renshe/2020/narrative.md").write_bytes("叙述".encode("gbk"))
    with pytest.raises(BuildFailed) as failed:
        build(repo, out, log=lambda line: None)
    assert failed.value.stage == "数据有错误，未发布"
    assert [line.split(":")[0] for line in failed.value.lines] == [
        "units/430624-renshe/2021/report.yaml",
        "units/430682-shebao/2022/report.yaml",
        "units/430682-shebao/2022/report.yaml",
        "units/510422-renshe/2020/narrative.md",
    ]
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_a_verification_failure_leaves_the_previous_site_byte_for_byte(
    previous: tuple[Path, Path, dict[str, bytes | None]],
) -> None:
    repo, out, before = previous
    narrative = repo / "units/430611-renshe/2023/narrative.md"
    narrative.write_text(narrative.read_text(encoding="utf-8") + "\n![图表](chart.png)\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(repo, out, log=lambda line: None)
    assert failed.value.stage == "输出检查未通过，未发布"
    assert failed.value.lines == ["units/430611-renshe/2023/index.html: 链接目标不存在：chart.png"]
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_the_previous_site_is_put_back_when_the_swap_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, new = tmp_path / "site", tmp_path / ".site-build-x"
    out.mkdir()
    (out / "index.html").write_text("old", encoding="utf-8")
    new.mkdir()
    (new / "index.html").write_text("new", encoding="utf-8")
    real_rename = Path.rename

    def rename(self: Path, target: Path) -> Path:
        if self == new:
            raise OSError(28, "No space left on device")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(BuildFailed) as failed:
        build_module._swap(new, out)
    assert failed.value.stage == "无法替换输出目录，原网站保持不变"
    assert (out / "index.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-build-x", "site"]
