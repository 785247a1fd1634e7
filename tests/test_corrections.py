"""A published report corrected later: the page shows a 更正记录 and the feed announces it.

Drives a scratch git repository (a copy of the sources) through add → change a figure → build.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from derive import git, repo_copy
from sitebuild import page_text

from site_builder.build import build

REPORT = "units/430624-renshe/2021/report.yaml"


def test_correction_history_on_the_page_and_in_the_feed(tmp_path: Path) -> None:
    repo = repo_copy(tmp_path / "repo")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "publish", date="2022-04-01T10:00:00+08:00")

    build(repo, tmp_path / "before", log=lambda line: None)
    assert "更正记录" not in page_text(tmp_path / "before/units/430624-renshe/2021/index.html")

    report = repo / REPORT
    report.write_text(
        report.read_text(encoding="utf-8").replace("project: 46161.7", "project: 46161.6"), encoding="utf-8"
    )
    narrative = repo / "units/430624-renshe/2021/narrative.md"
    narrative.write_text(narrative.read_text(encoding="utf-8") + "\n更正说明：项目支出按决算更正。\n", encoding="utf-8")
    git(repo, "commit", "-qam", "correct", date="2024-08-01T15:30:00+08:00")

    build(repo, tmp_path / "after", log=lambda line: None)
    text = page_text(tmp_path / "after/units/430624-renshe/2021/index.html")
    assert "本报告发布后有更正" in text and "更正记录" in text
    record = text.split("更正记录")[-1]
    assert "2024-08-01" in record
    assert "46161.7 → 46161.6" in record
    assert "文字部分有修改" in record
    # the other reports were not corrected
    assert "更正记录" not in page_text(tmp_path / "after/units/430682-shebao/2022/index.html")

    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(tmp_path / "after/feed.xml").getroot()
    entry = next(e for e in feed.findall("a:entry", ns) if e.find("a:id", ns).text.endswith("430624-renshe/2021/"))
    assert entry.find("a:title", ns).text.endswith("（已更正）")
    assert entry.find("a:updated", ns).text == "2024-08-01T00:00:00Z"
    assert "46161.7 → 46161.6" in entry.find("a:summary", ns).text
    # newest first: the correction, an entry of its own, then the report it updated
    correction, report_entry = feed.findall("a:entry", ns)[:2]
    assert report_entry is entry and correction.find("a:id", ns).text.endswith("430624-renshe/2021/#correction-1")
    assert "46161.7 → 46161.6" in correction.find("a:summary", ns).text
