"""Step 5, index: pagefind (extended, Chinese segmentation) over the rendered site."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .tools import pagefind_binary


@dataclass
class IndexResult:
    pages: int
    seconds: float
    log: str


class IndexError_(RuntimeError):
    pass


def index_site(site_dir: Path) -> IndexResult:
    """Write ``site_dir/pagefind/``; only elements marked ``data-pagefind-body`` are indexed."""
    binary = pagefind_binary()
    started = time.perf_counter()
    proc = subprocess.run(
        [str(binary), "--site", str(site_dir), "--output-subdir", "pagefind"],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise IndexError_(f"pagefind 失败（退出码 {proc.returncode}）：{proc.stderr.strip() or proc.stdout.strip()}")
    pages = 0
    for line in proc.stdout.splitlines():
        if "Indexed" in line and "page" in line:
            digits = "".join(ch for ch in line.split("Indexed", 1)[1].split("page")[0] if ch.isdigit())
            pages = int(digits or 0)
            break
    return IndexResult(pages, seconds, proc.stdout)
