"""Every failure of a command is one clear Chinese line and an exit code, never a traceback (site_builder/errors.py).

Each case is a real failure — a misconfigured pagefind, a broken mkdocs.yml or theme, a folder in the way — run
through the command line as a person runs it; a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from derive import repo_copy
from test_atomic_build import snapshot

from site_builder.errors import BuildFailed, IndexFailed, SiteBuilderError


def _build(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "site_builder", "--root", str(repo), "build", "--no-cache", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, built_site: Path) -> Path:
    """A repository of the real reports whose site is already published (a copy of the real built site)."""
    repo = repo_copy(tmp_path_factory.mktemp("errors"))
    shutil.copytree(built_site, repo / "site")
    return repo


def _one_clean_line(proc: subprocess.CompletedProcess[str], says: str) -> None:
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert f"构建失败：{says}" in proc.stderr.splitlines()[-1], proc.stderr


@pytest.mark.parametrize(
    ("pagefind", "says"),
    [
        ("/nonexistent/pagefind", "无法运行 pagefind（/nonexistent/pagefind"),
        ("/bin/false", "pagefind 失败（退出码 1）"),
    ],
)
def test_a_pagefind_that_cannot_run_or_fails(published: Path, pagefind: str, says: str) -> None:
    before = snapshot(published / "site")
    _one_clean_line(_build(published, env={"SITE_BUILDER_PAGEFIND": pagefind}), says)
    assert snapshot(published / "site") == before


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (lambda text: text + "\nbogus: [\n", "网站配置有误，未发布"),
        (lambda text: text.replace("name: material", "name: nosuchtheme", 1), "mkdocs 无法生成网站外壳页面"),
    ],
    ids=["yaml-syntax", "unknown-theme"],
)
def test_a_broken_mkdocs_yml_or_theme(published: Path, tmp_path: Path, edit, says: str) -> None:  # type: ignore[no-untyped-def]
    repo = tmp_path / "repo"
    shutil.copytree(published, repo, symlinks=True)
    config = repo / "mkdocs.yml"
    config.write_text(edit(config.read_text(encoding="utf-8")), encoding="utf-8")
    before = snapshot(repo / "site")
    _one_clean_line(_build(repo), says)
    assert snapshot(repo / "site") == before


def test_an_output_folder_that_cannot_be_made(published: Path, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    proc = _build(published, "--out", str(tmp_path / "a-file" / "site"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[-1].startswith("错误：文件或程序操作失败"), proc.stderr


def test_every_error_of_ours_is_one_family_and_survives_a_worker_process() -> None:
    failed = BuildFailed("数据有错误，未发布", ["a:1:1: -: 错误：x"])
    for error in (failed, IndexFailed("pagefind 失败")):
        again = pickle.loads(pickle.dumps(error))
        assert isinstance(again, SiteBuilderError) and type(again) is type(error)
        assert str(again) == str(error) and again.lines == error.lines
    assert pickle.loads(pickle.dumps(failed)).stage == "数据有错误，未发布"
