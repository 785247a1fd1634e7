"""The independent leak gate (site_builder/verify/leakgate.py, gatefind.py, gatetext.py), tested on its own.

The redactor is bypassed through a test seam (monkeypatch of the name ``site_builder.public.model`` calls it by, and
of the first leak scan, which runs the redactor's detectors): the gate alone must refuse a site with every
class of issue 21 planted.  No command-line flag or environment variable can do this.
"""

from __future__ import annotations

import ast
import pickle
import re
from pathlib import Path

import pytest
from derive import repo_copy
from redaction_cases import CASES, CLASSES, Case

import site_builder.verify.gateblocks as gateblocks
import site_builder.verify.gatefind as gatefind
import site_builder.verify.gatetext as gatetext
import site_builder.verify.leakgate as leakgate
from site_builder.build import BuildFailed, build
from site_builder.public.textnorm import MARKER
from site_builder.verify.leakgate import GATE_MARKER, scan_site, scan_text
from site_builder.verify.verdicts import Verdicts

SECRET_CASES = [c for c in CASES if c.secrets]
KEEP_CASES = [c for c in CASES if not c.secrets]


def _id(case: Case) -> str:
    return f"{case.cls}:{case.text[:12]}"


def test_the_gate_shares_no_detection_code_with_the_redactor() -> None:
    allowed = {
        "__future__",
        "hashlib",
        "json",
        "os",
        "re",
        "collections.abc",
        "dataclasses",
        "pathlib",
        "site_builder.verify.decode",
        "site_builder.forked",
        "site_builder.sitefiles",
        "site_builder.verify.blocks",
        "site_builder.verify.verdicts",
    }  # decoding, processes, blocks and verdicts kept
    gate = {
        "site_builder.verify.leakgate",
        "site_builder.verify.gatefind",
        "site_builder.verify.gatetext",
        "site_builder.verify.gateblocks",
    }
    for module in (leakgate, gatefind, gatetext, gateblocks):
        tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        assert imported <= allowed | gate, (module.__name__, imported - allowed - gate)
    assert GATE_MARKER == MARKER  # its own copy of the marker, the same text


@pytest.mark.parametrize("case", SECRET_CASES, ids=_id)
def test_the_gate_flags_every_planted_case(case: Case) -> None:
    assert scan_text(case.text), case.text


@pytest.mark.parametrize("case", KEEP_CASES, ids=_id)
def test_the_gate_lets_figures_pass(case: Case) -> None:
    assert scan_text(case.text) == [], case.text


def test_the_gate_lets_the_redacted_corpus_pass_where_the_redactor_removed_everything() -> None:
    from site_builder.public.redact import redact_text

    for case in CASES:
        public = redact_text(case.text)[0]
        if all(s not in public for s in case.secrets):
            assert scan_text(public) == [], (case.cls, public)


def test_the_gate_reads_html_pagefind_and_escapes() -> None:
    assert scan_text("<p>联系电话：<strong>1391234</strong>\n5601</p>")
    assert scan_text('{"content":"联系\u200b电话\u200b 139\u200b1234\u200b5602"}')
    assert scan_text(
        "<table><thead><tr><th>姓名</th><th>签字</th></tr></thead><tbody>"
        "<tr><td>王建华</td><td>王建华</td></tr></tbody></table>"
    )
    assert scan_text("联系电话：１３９１２３４５６０３")
    assert not scan_text(
        '<table><caption>意见栏</caption><tbody><tr><th scope="row">评价组组长（签字）</th><td></td></tr>'
        '<tr><th scope="row">主管部门意见</th><td></td></tr></tbody></table>'
    )
    assert not scan_text(f"<tr><th>填报人（签名）</th><td>{MARKER}</td></tr>")


def test_a_declared_public_number_passes_and_only_that_one() -> None:
    text = "办理进度可拨打 0730-6612345 查询，备用 0730-6612346。"
    assert len(scan_text(text)) == 2
    left = scan_text(text, public_numbers=["0730-6612345"])
    assert [f.masked for f in left] == ["*********46"]


TARGETS = {
    "units/430624-renshe/2021/narrative.md": "units/430624-renshe/2021/index.html",
    "units/430682-shebao/2022/narrative.md": "units/430682-shebao/2022/index.html",
}


def _plant(repo: Path) -> None:
    """Every secret case of the corpus planted into the narratives of two real reports, each after a paragraph
    案例标记NNN so that its part of the built page can be found."""
    blocks: dict[str, list[str]] = {t: [] for t in TARGETS}
    for i, case in enumerate(SECRET_CASES):
        blocks[list(TARGETS)[i % 2]].append(f"案例标记{i:03d}\n\n{case.text}")
    for target, texts in blocks.items():
        path = repo / target
        path.write_text(
            path.read_text(encoding="utf-8") + "\n\n" + "\n\n".join(texts) + "\n\n案例标记end\n", encoding="utf-8"
        )


def test_a_site_with_every_class_planted_and_the_redactor_bypassed_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import site_builder.build as build_module
    import site_builder.public.model as public
    import site_builder.verify.checks as verify

    repo = repo_copy(tmp_path / "repo")
    _plant(repo)
    # the seam: free text is published as written, and the first scan (the redactor's detectors) finds nothing
    monkeypatch.setattr(public, "redact_text", lambda text: (text, []))
    monkeypatch.setattr(verify, "scan_site", lambda *args, **kwargs: [])
    per_case: dict[int, int] = {}
    real_verify = build_module.verify

    def verify_and_look(html: Path, *args: object, **kwargs: object) -> tuple:
        for page in TARGETS.values():
            text = (html / page).read_text(encoding="utf-8")
            parts = re.split(r"案例标记(\d{3}|end)", text)
            for number, part in zip(parts[1::2], parts[2::2], strict=True):
                if number != "end":
                    per_case[int(number)] = len(scan_text(part))
        return real_verify(html, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "verify", verify_and_look)
    out = tmp_path / "site"
    with pytest.raises(BuildFailed) as failed:
        build(repo, out, log=lambda line: None)
    assert not out.exists()
    lines = failed.value.lines
    assert lines and all("独立泄露检查" in line for line in lines), lines[:5]
    kinds = {re.search(r"发现(疑似电话号码|疑似签名|电子邮件地址)", line).group(1) for line in lines}  # type: ignore[union-attr]
    assert kinds == {"疑似电话号码", "疑似签名", "电子邮件地址"}
    # the output file, the source line and what to do
    assert any(
        line.startswith("units/430624-renshe/2021/index.html: ")
        and "units/430624-renshe/2021/narrative.md:" in line
        and "public_numbers" in line
        for line in lines
    )
    # every planted case, as the page shows it, is flagged by the gate alone
    missed = [(SECRET_CASES[i].cls, SECRET_CASES[i].text) for i in range(len(SECRET_CASES)) if not per_case.get(i)]
    assert missed == []
    assert {c.cls for c in SECRET_CASES} >= {cls for cls in CLASSES if not cls.startswith("keep_")}


def test_the_real_site_passes_the_gate(built_site: Path) -> None:
    assert scan_site(built_site) == []


def test_the_kept_results_change_nothing_and_hold_no_finding(tmp_path: Path, built_site: Path) -> None:
    import shutil

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "units/430624-renshe/2021/index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<p>联系电话：13912345699</p>", encoding="utf-8")
    verdicts = Verdicts()
    first = scan_site(site, verdicts=verdicts)
    assert [leak.path for leak in first] == ["units/430624-renshe/2021/index.html"]
    assert scan_site(site, verdicts=verdicts) == first == scan_site(site) == scan_site(site, workers=2)
    assert b"13912345699" not in pickle.dumps(verdicts)
    assert "units/430624-renshe/2021/index.html" not in verdicts.clean  # only clean files are kept
