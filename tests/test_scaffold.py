"""`new` and `new-unit`: files generated from the schema, which copy forward what stays the same, never overwrite,
and cannot be published until the clerk has dealt with every mark they leave (`【请填写】`, `# 请核对`)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from clerk import finish, marks
from derive import copy_seed_units
from seeds import ROOT

from site_builder.cli import reportforms, scaffold, yamlwriter
from site_builder.cli.commands import main
from site_builder.schema import Report, Unit
from site_builder.sources.yamlsource import read_yaml

UNIT = "430624-renshe"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    copy_seed_units(tmp_path / "units")
    return tmp_path


def run(repo: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(repo), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def every_field(model: type, prefix: str = "") -> list[tuple[str, str]]:
    """(dotted name, title) of every field of ``model`` and of the models nested in it."""
    found = []
    for name, info in model.model_fields.items():
        found.append((prefix + name, info.title or name))
        kind, inner = yamlwriter.field_kind(info.annotation)  # the model a field holds, as a group or as rows
        if kind in ("model", "models"):
            found += every_field(inner, f"{prefix}{name}.")
    return found


def test_new_year_passes_check_and_copies_forward_what_stays_the_same(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(repo, capsys, "new", UNIT, "2022")
    assert code == 0, err
    assert "已生成 units/430624-renshe/2022/report.yaml" in out
    assert "已从 2021 年报告复制" in out
    report = repo / "units" / UNIT / "2022" / "report.yaml"
    text = report.read_text(encoding="utf-8")
    data = read_yaml(report).data

    # copied forward, each under a 请核对 comment
    assert data["cover"]["title"] == "湘阴县2022年度部门（单位）整体支出绩效评价自评报告"
    assert data["cover"]["unit_name"] == "湘阴县人力资源和社会保障局"
    assert data["cover"]["budget_code"] == "301001"
    assert data["cover"]["issued_by"] == "湘阴县财政局（制）"
    assert data["cover"]["report_date"] is None
    assert data["contact"] == {"name": "甘甜", "phone": None}
    assert data["staffing"]["authorized"] == 164
    assert data["functions"].startswith("主要承担促进就业")
    rows = data["indicators"]["rows"]
    assert len(rows) == 8
    assert rows[0]["level2"] == "质量指标" and rows[0]["target"] == "完成四大保险基金征缴48241万元，"
    assert all(r["actual"] is None and r["score"] is None and r["weight"] is None for r in rows)
    assert "0730" not in text  # the contact's phone is personal and yearly: never copied
    # not copied: the year's own figures and words
    assert data["main_work"] is None and data["income"] is None and data["score"]["total"] is None
    assert data["goals"] == [] and data["stated_figures"] == []
    reviews = [line for line in text.splitlines() if re.match(r"^\s*# 请核对", line)]
    assert len(reviews) == 6  # cover, title, contact, staffing, functions, indicator rows

    # untouched, the scaffold is not a report: every mark is an error on its line, and nothing else is
    folder = repo / "units" / UNIT / "2022"
    code, out, err = run(repo, capsys, "check", str(folder))
    assert code == 1
    left = marks(folder)
    assert len(left) == 6 + sum(1 for _, hint in reportforms.NARRATIVE_SECTIONS if hint)
    assert sorted(line.split(" -: ")[0] for line in out.splitlines() if "2022/" in line) == sorted(left)
    assert all("错误：还有“" in line for line in out.splitlines() if "2022/" in line)
    assert "检查完成：1 份报告，15 个错误" in err  # the unfinished report is counted as checked, marks as errors
    # once the clerk has dealt with each mark, the report has no error and no warning of its own
    finish(folder)
    code, out, err = run(repo, capsys, "check", str(folder))
    assert code == 0, out
    assert "错误：" not in out and "2022/" not in out

    narrative = (repo / "units" / UNIT / "2022" / "narrative.md").read_text(encoding="utf-8")
    for heading in ("一、部门（单位）概况", "存在的主要问题", "改进措施和有关建议", "绩效自评结果拟应用和公开情况"):
        assert re.search(rf"^## .*{heading}$", narrative, re.M), heading


def test_every_schema_field_is_in_the_scaffold_with_its_chinese_title(repo: Path) -> None:
    """Generated from the models, so a field added to schema.py appears without touching the scaffold."""
    done = scaffold.new_report(repo, "430611-renshe", 2020)  # no earlier year: nothing copied
    assert done.copied_from is None
    text = done.written[0].read_text(encoding="utf-8")
    for dotted, title in every_field(Report):
        name = dotted.rsplit(".", 1)[-1]
        assert re.search(rf"^[ #]*(- )?{re.escape(name)}:", text, re.M), dotted
        assert title in text, (dotted, title)
    for info in Report.model_fields.values():
        assert f"# {info.title}" in text
    assert "# 报告标题（必填）：封面上的标题" in text
    assert "# 联系电话：个人信息：不公开" in text
    assert "可填 元 / 万元 / 亿元" in text
    assert "请核对" in text  # the title made from unit.yaml is to be checked against the cover


def test_blank_scaffold_passes_check_once_finished_and_a_filled_template_is_checked_on_its_line(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scaffold.new_report(repo, "430611-renshe", 2020)
    report = repo / "units" / "430611-renshe" / "2020" / "report.yaml"
    code, out, _ = run(repo, capsys, "check", str(report.parent))
    assert code == 1 and all("还有“" in line for line in out.splitlines() if "2020/" in line and "错误" in line)
    finish(report.parent)
    code, out, _ = run(repo, capsys, "check", str(report.parent))
    assert code == 0 and "2020/" not in out
    # the clerk uncomments the income table template as the comment above it says, and fills in one figure
    lines = report.read_text(encoding="utf-8").splitlines()
    start = lines.index("income: null")
    lines[start] = "income:"
    i = start + 1
    while lines[i].startswith("#   "):
        lines[i] = lines[i][2:]
        i += 1
    text = "\n".join(lines) + "\n"
    text = text.replace("      total: null  # 收入合计", "      total: 48,929.9  # 收入合计", 1)
    report.write_text(text, encoding="utf-8")
    code, out, _ = run(repo, capsys, "check", str(report.parent))
    assert code == 1
    number = {line: n for n, line in enumerate(text.splitlines(), 1)}
    money_line = number["  money_unit: null  # 金额单位（必填）：可填 元 / 万元 / 亿元"]
    assert f"units/430611-renshe/2020/report.yaml:{money_line}:" in out
    assert "income.money_unit: 错误：应为" in out
    assert "income.rows[0].total: 错误：金额应写成不带逗号、空格和单位的数字，找到“48,929.9”" in out


def test_new_refuses_to_overwrite(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (repo / "units" / UNIT / "2021" / "report.yaml").read_bytes()
    code, out, err = run(repo, capsys, "new", UNIT, "2021")
    assert code == 1
    assert "units/430624-renshe/2021/report.yaml、units/430624-renshe/2021/narrative.md 已存在，不会覆盖" in err
    assert (repo / "units" / UNIT / "2021" / "report.yaml").read_bytes() == before
    # a narrative alone is enough to refuse, and nothing is written
    (repo / "units" / UNIT / "2023").mkdir()
    (repo / "units" / UNIT / "2023" / "narrative.md").write_text("草稿\n", encoding="utf-8")
    code, _, err = run(repo, capsys, "new", UNIT, "2023")
    assert code == 1 and "narrative.md 已存在，不会覆盖" in err
    assert not (repo / "units" / UNIT / "2023" / "report.yaml").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "430624_renshe", "2022"], "单位标识“430624_renshe”不合规"),
        (["new", "Renshe", "2022"], "单位标识“Renshe”不合规"),
        (["new", UNIT, "22"], "年度“22”不合规：应为 4 位年份"),
        (["new", UNIT, "二〇二二"], "年度“二〇二二”不合规"),
        (["new-unit", "../etc"], "单位标识“../etc”不合规"),
    ],
)
def test_ids_and_years_are_validated(
    repo: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = sorted(p.name for p in (repo / "units").iterdir())
    code, _, err = run(repo, capsys, *args)
    assert code == 1
    assert message in err
    assert sorted(p.name for p in (repo / "units").iterdir()) == before


def test_new_unit_guides_the_clerk_through_check(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(repo, capsys, "new-unit", "430626-renshe")
    assert code == 0 and "已生成 units/430626-renshe/unit.yaml" in out
    path = repo / "units" / "430626-renshe" / "unit.yaml"
    text = path.read_text(encoding="utf-8")
    for name, info in Unit.model_fields.items():
        assert re.search(rf"^{name}:", text, re.M) and f"# {info.title}" in text
    data = read_yaml(path).data
    assert data["id"] == "430626-renshe" and data["region"]["code"] == "430626" and data["level"] == "county"
    assert data["maintainers"] == []
    # required names left blank: check points at their lines
    code, out, _ = run(repo, capsys, "check", str(path.parent))
    lines = text.splitlines()
    assert code == 1
    assert f"units/430626-renshe/unit.yaml:{lines.index('name: null') + 1}:1: name: 错误" in out
    assert f"units/430626-renshe/unit.yaml:{lines.index('  name: null') + 1}:3: region.name: 错误" in out
    # the level and region code inferred from the id are to be confirmed: errors until the marks are gone
    assert marks(path.parent) == [line.split(" -: ")[0] for line in out.splitlines() if "还有“# 请核对”" in line]
    assert len(marks(path.parent)) == 2 and "复制" not in out  # inferred, not copied: no remark about last year
    path.write_text(
        text.replace("name: null", "name: 平江县人力资源和社会保障局", 1).replace(
            "  name: null", "  name: 湖南省岳阳市平江县"
        ),
        encoding="utf-8",
    )
    finish(path.parent)
    code, out, _ = run(repo, capsys, "check", str(path.parent))
    assert code == 0, out
    # then a first report for it: nothing to copy, so no remark about copying; an error until finished
    code, out, _ = run(repo, capsys, "new", "430626-renshe", "2024")
    assert code == 0 and "复制" not in out
    report_text = (path.parent / "2024" / "report.yaml").read_text(encoding="utf-8")
    assert "复制" not in report_text
    data = read_yaml(path.parent / "2024" / "report.yaml").data
    assert data["cover"]["title"] == "平江县人力资源和社会保障局2024年度部门（单位）整体支出绩效自评报告"
    code, out, _ = run(repo, capsys, "check", str(path.parent))
    assert code == 1 and "2024/report.yaml" in out and "2024/narrative.md" in out
    finish(path.parent / "2024")
    code, out, _ = run(repo, capsys, "check", str(path.parent))
    assert code == 0 and "错误：" not in out
    # and new-unit will not overwrite
    code, _, err = run(repo, capsys, "new-unit", "430626-renshe")
    assert code == 1 and "unit.yaml 已存在，不会覆盖" in err


def test_new_for_a_unit_without_unit_yaml_says_what_to_do(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(repo, capsys, "new", "430627-renshe", "2024")
    assert code == 0
    assert "python -m site_builder new-unit 430627-renshe" in out


def test_every_way_of_checking_refuses_the_marks_and_the_build_keeps_the_previous_site(
    repo: Path, capsys: pytest.CaptureFixture[str], built_site: Path, tmp_path: Path
) -> None:
    run(repo, capsys, "new", UNIT, "2022")
    folder = repo / "units" / UNIT / "2022"
    left = marks(folder)
    assert left
    for args in (
        ["check"],
        ["check", str(folder)],
        ["check", str(repo / "units" / UNIT)],
        ["check", "--changed", str(folder)],
        ["check", "--changed", str(folder / "narrative.md")],
    ):
        code, out, err = run(repo, capsys, *args)
        assert code == 1, args
        assert sorted(x.split(" -: ")[0] for x in out.splitlines() if "还有“" in x) == sorted(left), args
        assert "/2021/" not in out or "--changed" not in args  # --changed checks only the year being written
    # the build refuses it too, naming each mark, and the site already published stays as it was
    from test_atomic_build import snapshot

    from site_builder.build import BuildFailed, build

    for name in ("content", "theme", "mkdocs.yml"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, repo / name)
    out_dir = tmp_path / "public" / "site"
    shutil.copytree(built_site, out_dir)
    before = snapshot(out_dir)
    with pytest.raises(BuildFailed) as failed:
        build(repo, out_dir, log=lambda line: None)
    assert sorted(line.split(" -: ")[0] for line in failed.value.lines if "还有“" in line) == sorted(left)
    assert snapshot(out_dir) == before
    # after checking, the clerk deletes the marks and writes the sections: nothing is left to refuse
    finish(folder)
    code, out, err = run(repo, capsys, "check", "--changed", str(folder))
    assert code == 0 and "还有“" not in out and "检查完成：1 份报告，0 个错误，0 个警告" in err


@pytest.mark.parametrize(
    "value",
    [
        "301001",
        "2021-03-30",
        "null",
        "yes",
        "1:20",
        "# 不是注释",
        "a: b",
        "- 列表",
        "  前后空格 ",
        "100%",
        "0730-2266341",
        "第一行\n第二行\n",
        "第一行\n  缩进\n",
        "结尾无换行\n第二行",
        "'引号'",
        '"双引号"',
        "@提及",
        "多个\n\n空行\n",
    ],
)
def test_text_values_read_back_unchanged(value: str) -> None:
    writer = yamlwriter.YamlWriter({})
    writer.key_value(2, "k", value, "- ")
    doc = read_yaml_text("x:\n" + "\n".join(writer.lines) + "\n")
    assert doc["x"][0]["k"] == value


def read_yaml_text(text: str) -> dict:
    from site_builder.sources.yamlsource import parse_yaml

    return parse_yaml(text).data


def test_a_previous_report_with_mistakes_is_copied_only_where_it_fits(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prev = repo / "units" / UNIT / "2021" / "report.yaml"
    text = prev.read_text(encoding="utf-8")
    text = text.replace("  annex: null\n", "  anex: 附件2\n  annex: [1, 2]\n", 1)  # a typo'd key and a list
    text = text.replace("staffing:\n  authorized: 164", "staffing:\n  authorized: true\n  extra: 1", 1)
    text = text.replace("indicators:\n  rows:\n", "indicators:\n  rows:\n    - 不是一行\n", 1)
    prev.write_text(text, encoding="utf-8")
    code, _, err = run(repo, capsys, "new", UNIT, "2022")
    assert code == 0, err
    data = read_yaml(repo / "units" / UNIT / "2022" / "report.yaml").data
    assert data["cover"]["annex"] is None and "anex" not in data["cover"]
    assert data["staffing"]["authorized"] is None and "extra" not in data["staffing"]
    assert len(data["indicators"]["rows"]) == 8
    finish(repo / "units" / UNIT / "2022")
    code, out, _ = run(repo, capsys, "check", str(repo / "units" / UNIT / "2022"))
    assert code == 0, out
