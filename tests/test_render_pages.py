"""Generated pages: the same bytes from one process or two (render.write_pages forks workers at scale)."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from derive import repo_copy

from site_builder.checks.validate import validate
from site_builder.pages import render
from site_builder.public.model import public_site
from site_builder.sources.load import load


def _render(repo: Path, out: Path, workers: int) -> list[str]:
    site = public_site(validate(load(repo)))
    return render.render_site(site, repo, out.with_name(out.name + "-docs"), out, workers=workers).pages


def test_two_worker_processes_write_exactly_what_one_process_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = repo_copy(tmp_path / "repo")
    monkeypatch.setattr(render, "PARALLEL_MIN_UNITS", 1)  # the real site has 5 units; fork anyway
    one = _render(repo, tmp_path / "one", workers=1)
    two = _render(repo, tmp_path / "two", workers=2)
    assert one == two and len(one) > 20
    files = sorted(p.relative_to(tmp_path / "one").as_posix() for p in (tmp_path / "one").rglob("*") if p.is_file())
    match, mismatch, errors = filecmp.cmpfiles(tmp_path / "one", tmp_path / "two", files, shallow=False)
    assert mismatch == [] and errors == [] and len(match) == len(files)
    assert "units/430624-renshe/2021/report.json" in one  # each report's downloads are written with its pages
