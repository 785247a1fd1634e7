"""The real site built from the real reports: every figure on its page, comparisons, warnings, no personal data.

HTML is parsed (tests/sitebuild.py), not grepped.
"""

from __future__ import annotations

import gzip
import re
from decimal import Decimal
from pathlib import Path

import pytest
from seeds import ROOT, SEED_OF_UNIT, YEAR_OF_UNIT, compact, markdown_paragraphs, numbers
from sitebuild import indexed_text, page_text, parse

from site_builder.money import fmt
from site_builder.sources.yamlsource import read_yaml

UNITS = sorted(SEED_OF_UNIT)
PERSONAL_KEYS = {"phone", "signature", "signatory", "filled_by"}
# personal data printed in the seeds: none of it may be in any byte of the site
PERSONAL_VALUES = ["13575055588", "0730-2266341", "2266341", "15773028500", "18274135788", "3989001", "方桔"]


def _pages(unit_id: str) -> list[tuple[Path, str]]:
    """(source YAML, page path relative to the site) for the report and each project of a unit."""
    year = YEAR_OF_UNIT[unit_id]
    folder = ROOT / "units" / unit_id / str(year)
    pages = [(folder / "report.yaml", f"units/{unit_id}/{year}/index.html")]
    for project in sorted((folder / "projects").glob("*.yaml")):
        pages.append((project, f"units/{unit_id}/{year}/projects/{project.stem}/index.html"))
    return pages


@pytest.mark.parametrize("unit_id", UNITS)
def test_every_figure_of_the_report_is_on_its_page(built_site: Path, unit_id: str) -> None:
    for source, page in _pages(unit_id):
        text = compact(page_text(built_site / page))
        missing = []
        for where, value in numbers(read_yaml(source).data):
            if where[-1] == "year" or PERSONAL_KEYS & {str(p) for p in where}:
                continue
            shown = fmt(value) if isinstance(value, Decimal) else str(value)
            if shown not in text:
                missing.append(f"{'.'.join(map(str, where))}={shown}")
        assert not missing, f"{page}: {missing}"


@pytest.mark.parametrize("unit_id", UNITS)
def test_every_narrative_paragraph_is_on_its_page(built_site: Path, unit_id: str) -> None:
    for source, page in _pages(unit_id):
        md = source.with_suffix(".md") if source.name != "report.yaml" else source.parent / "narrative.md"
        if not md.exists():
            continue
        text = compact(page_text(built_site / page))
        missing = []
        for paragraph in markdown_paragraphs(md.read_text(encoding="utf-8")):
            paragraph = re.sub(r"^(\d+[.)]|[-*+])\s+", "", paragraph)  # list markers become <ol>/<ul>
            if compact(paragraph) not in text:
                missing.append(paragraph[:50])
        assert not missing, f"{page}: {missing}"


def test_tables_are_accessible_with_caption_headers_and_money_unit(built_site: Path) -> None:
    html = (built_site / "units/430624-renshe/2021/index.html").read_text(encoding="utf-8")
    parsed = parse(built_site / "units/430624-renshe/2021/index.html")
    assert '<caption>年度收入情况<span class="sb-unit">（单位：万元）</span></caption>' in html
    assert '<th scope="col">公共财政拨款</th>' in html
    income = next(t for t in parsed.tables if t and t[0][:2] == ["机构名称", "收入合计"])
    # 局机关及二级机构汇总: 48929.9 total, 上年结转 blank (not 0), 公共财政拨款 48929.9
    assert income[1] == ["局机关及二级机构汇总", "48929.9", "", "48929.9", "", "", ""]


def test_indicator_table_with_weights_and_scores(built_site: Path) -> None:
    parsed = parse(built_site / "units/430611-renshe/2023/index.html")
    indicators = next(t for t in parsed.tables if t and "分值" in t[0] and "三级指标" in t[0])
    row = next(r for r in indicators if "参保人员满意度" in r)
    assert row[-4:-1] == ["95%以上", "5", "4"]
    assert "99" in page_text(built_site / "units/430611-renshe/2023/index.html")


def test_report_page_shows_the_warnings_box(built_site: Path) -> None:
    text = page_text(built_site / "units/430624-renshe/2021/index.html")
    assert "数据核对提示" in text
    assert "46161.6万元" in text and "46161.7万元" in text


def test_unit_page_compares_years_with_absolute_and_percentage_change(built_site: Path) -> None:
    parsed = parse(built_site / "units/430611-renshe/index.html")
    table = next(t for t in parsed.tables if t and t[0] == ["项目", "2022年", "2023年", "2022→2023年变动"])
    row = next(r for r in table if r[0] == "三公经费合计")
    assert row[1].startswith("1.97") and "2023年报告所载" in row[1]
    assert row[2] == "1.13"
    assert row[3] == "-0.84（-42.64%）"
    province = parse(built_site / "units/430000-renshe/index.html")
    table = next(t for t in province.tables if t and t[0] == ["项目", "2018年", "2019年", "2018→2019年变动"])
    row = next(r for r in table if r[0] == "三公经费合计")
    assert row[3] == "-2.16（-0.71%）"


def test_no_personal_data_in_any_byte_of_the_site(built_site: Path) -> None:
    offenders = []
    for path in built_site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace")
        offenders += [f"{path.relative_to(built_site)}" for v in PERSONAL_VALUES if v in text]
    assert not offenders


def test_names_in_official_roles_stay(built_site: Path) -> None:
    text = page_text(built_site / "units/430682-shebao/2022/projects/jingban-jihe-jingfei/index.html")
    assert "李霁" in text and "414300" in text and "〔已隐去〕" not in text.split("项目负责人")[0]
    assert "钱美娜" in page_text(built_site / "units/430682-shebao/2022/index.html")


def test_search_index_covers_report_pages_only(built_site: Path) -> None:
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    assert indexed_text(built_site / "units/510422-renshe/2020/index.html")
    assert not indexed_text(built_site / "units/index.html")


def test_pages_are_zh_cn_and_load_nothing_from_other_hosts(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="zh-CN"' in html, page
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', html), page


def test_verification_fails_naming_the_file_when_a_leak_is_planted(built_site: Path, tmp_path: Path) -> None:
    """The second layer on its own: leaks written straight into a built site, past the redaction step."""
    import shutil

    from site_builder.checks.validate import validate
    from site_builder.public.model import public_site
    from site_builder.sources.load import load
    from site_builder.verify.checks import verify

    site = public_site(validate(load(built_site.parent)))  # the repository the site was built from
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    assert verify(copy, site)[0] == []
    page = copy / "units/430682-shebao/2022/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("钱美娜", "钱美娜 电话 0730-2266341"), encoding="utf-8")
    fragment = next((copy / "pagefind" / "fragment").iterdir())
    fragment.write_bytes(
        gzip.compress(b"pagefind_dcd" + gzip.decompress(fragment.read_bytes()) + "填报人：方桔".encode())
    )
    problems = [p.format() for p in verify(copy, site)[0]]
    assert any(p.startswith("units/430682-shebao/2022/index.html: 发现个人信息") for p in problems), problems
    assert any(p.startswith(f"pagefind/fragment/{fragment.name}: 发现个人信息") for p in problems), problems
    assert not any("2266341" in p or "方桔" in p for p in problems)  # the report itself is masked
