"""benchmarks/pagefind_cost.py on the real reports' site: the text it counts is the text the build indexed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _benchmark(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "pagefind_cost.py"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_counts_every_chinese_character_the_build_indexed(built_site: Path) -> None:
    proc = _benchmark("--site", str(built_site), "--rounds", "1")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    pages = int(re.search(r"(\d+) pages \(units/…\)", out).group(1))
    assert pages == 14  # every searchable page of the five reports is a unit, report or project page
    subset = int(re.search(r"Chinese characters indexed\s+([\d,]+)", out).group(1).replace(",", ""))
    whole = int(re.search(r"whole site: ([\d,]+) Chinese characters", out).group(1).replace(",", ""))
    assert subset == whole > 10_000  # one run over units/ indexes what the build's shards indexed, no more or less
    assert re.search(r"segmenter\s+-?\d+\.\d\d", out)


def test_refuses_a_prefix_without_searchable_pages(built_site: Path) -> None:
    proc = _benchmark("--site", str(built_site), "--prefix", "years/")
    assert proc.returncode != 0
    assert "no page with data-pagefind-body" in proc.stderr
