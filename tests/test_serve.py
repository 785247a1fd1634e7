"""`serve` previews a copy of the repository and re-renders a page when its YAML changes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from seeds import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_serve_reloads_after_a_yaml_change(tmp_path: Path) -> None:
    for name in ("units", "content", "theme", "mkdocs.yml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "--root", str(tmp_path), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/units/430624-renshe/2021/"
        assert "<strong>97</strong>" in _get(url, time.monotonic() + 60)
        report = tmp_path / "units/430624-renshe/2021/report.yaml"
        report.write_text(
            report.read_text(encoding="utf-8").replace("  total: 97\n", "  total: 96\n"), encoding="utf-8"
        )
        deadline = time.monotonic() + 60
        while "<strong>96</strong>" not in _get(url, deadline):
            assert time.monotonic() < deadline, "the page was not re-rendered"
            time.sleep(0.5)
        report.write_text(report.read_text(encoding="utf-8").replace("year: 2021", "year: 二〇二一"), encoding="utf-8")
        deadline = time.monotonic() + 60
        while "数据有错误" not in _get(f"http://127.0.0.1:{port}/", deadline):
            assert time.monotonic() < deadline, "errors were not shown"
            time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
