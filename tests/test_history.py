"""Corrections after first publication, from a scratch git repository driven through real commits."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from derive import commit, copy_seed_units, git
from seeds import ROOT

from site_builder.cli.commands import main
from site_builder.sources.history import Correction, all_corrections, corrections, pending_changes

UNIT = "430624-renshe"
FOLDER = f"units/{UNIT}/2021"


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    copy_seed_units(repo / "units", UNIT)
    return repo


def test_add_then_a_figure_then_the_narrative(repo: Path) -> None:
    commit(repo, "发布 2021 年报告", "2022-04-01T09:00:00+08:00")
    assert corrections(repo, UNIT, 2021) == []  # first publication is no correction

    edit(repo, f"{FOLDER}/report.yaml", "      project: 46161.7", "      project: 46161.6")
    figure = commit(repo, "更正项目支出", "2022-05-10T15:30:00+08:00")
    edit(repo, f"{FOLDER}/narrative.md", "我局共有干职工164名", "我局共有干部职工164名")
    words = commit(repo, "更正文字", "2022-06-01T08:00:00+08:00")

    assert corrections(repo, UNIT, 2021) == [
        Correction(
            "2022-05-10T15:30:00+08:00",
            figure,
            ["年度支出和结余情况 项目支出（局机关及二级机构汇总）：46161.7 → 46161.6"],
        ),
        Correction("2022-06-01T08:00:00+08:00", words, ["文字部分有修改"]),
    ]


def test_only_data_counts_not_text(repo: Path) -> None:
    commit(repo, "发布", "2022-04-01T09:00:00+08:00")
    edit(repo, f"{FOLDER}/report.yaml", "  total: 97\n", "  total:    97   # 原表如此\n")
    edit(repo, f"{FOLDER}/report.yaml", "  title: 湘阴县2021", "  # 封面\n  title: 湘阴县2021")
    edit(repo, f"{FOLDER}/narrative.md", "主要职责是：", "主要职责是：   ")  # trailing spaces only
    commit(repo, "格式", "2022-04-02T09:00:00+08:00")
    assert corrections(repo, UNIT, 2021) == []
    edit(repo, f"{FOLDER}/report.yaml", "  total:    97   # 原表如此\n", "  total: 97.0\n")
    commit(repo, "得分写法", "2022-04-03T09:00:00+08:00")
    assert corrections(repo, UNIT, 2021)[0].changes == ["得分和等次 绩效自评综合得分：97 → 97.0"]


def test_personal_values_never_appear(repo: Path) -> None:
    commit(repo, "发布", "2022-04-01T09:00:00+08:00")
    edit(repo, f"{FOLDER}/report.yaml", '  phone: "0730-2266341"', '  phone: "13812345678"')
    edit(
        repo,
        f"{FOLDER}/report.yaml",
        "  - role: 评价组组长（签字）\n    text: null",
        "  - role: 评价组组长（签字）\n    text: 同意，联系13987654321",
    )
    commit(repo, "电话", "2022-04-02T09:00:00+08:00")
    (found,) = corrections(repo, UNIT, 2021)
    assert found.changes == ["意见栏 意见内容（评价组组长（签字））有修改"]
    text = " ".join(found.changes)
    assert "1381234" not in text and "2266341" not in text and "1398765" not in text


def test_projects_rows_and_merges(repo: Path) -> None:
    commit(repo, "发布", "2022-04-01T09:00:00+08:00")
    git(repo, "checkout", "-q", "-b", "fix")
    edit(repo, f"{FOLDER}/projects/zhihui-renshe.yaml", "  total: 30\n", "  total: 29\n")
    commit(repo, "改一", "2022-04-02T09:00:00+08:00")
    edit(repo, f"{FOLDER}/projects/zhihui-renshe.md", "\n", "\n补充。\n")
    edit(
        repo,
        f"{FOLDER}/report.yaml",
        "  - name: 王剑\n",
        "  - name: 王剑\n    title: 局长\n    unit: 湘阴县人社局\n    signature: null\n  - name: 李四\n",
    )
    commit(repo, "改二", "2022-04-03T09:00:00+08:00")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "fix", "-m", "合并拉取请求", date="2022-04-05T10:00:00+08:00")
    merge = git(repo, "rev-parse", "HEAD")
    # one pull request merged with two commits is one correction, dated when the public saw it
    (found,) = corrections(repo, UNIT, 2021)
    assert found.commit == merge and found.date == "2022-04-05T10:00:00+08:00"
    assert "评价人员：新增第 2 项" in found.changes
    assert any(
        c.startswith("项目“智慧人社（村级平台）运转经费” 项目资金 计划安排资金 合计：30 → 29") for c in found.changes
    )
    assert "项目“智慧人社（村级平台）运转经费”文字部分有修改" in found.changes


def test_new_and_removed_reports(repo: Path) -> None:
    commit(repo, "发布", "2022-04-01T09:00:00+08:00")
    shutil.copy(repo / FOLDER / "projects" / "zhihui-renshe.yaml", repo / FOLDER / "projects" / "xin-xiangmu.yaml")
    edit(repo, f"{FOLDER}/projects/xin-xiangmu.yaml", "slug: zhihui-renshe", "slug: xin-xiangmu")
    commit(repo, "补一个项目", "2022-04-02T09:00:00+08:00")
    (repo / FOLDER / "report.yaml").unlink()
    commit(repo, "撤下", "2022-04-03T09:00:00+08:00")
    assert [c.changes for c in corrections(repo, UNIT, 2021)] == [
        ["新增项目“智慧人社（村级平台）运转经费”的自评报告"],
        ["报告已撤下"],
    ]


def test_no_git_or_untracked_gives_no_corrections(repo: Path, tmp_path: Path) -> None:
    assert corrections(repo, UNIT, 2021) == []  # a repository without commits
    plain = tmp_path / "plain"
    copy_seed_units(plain / "units", UNIT)
    assert corrections(plain, UNIT, 2021) == []  # not a git repository
    (repo / "other.txt").write_text("x\n", encoding="utf-8")
    git(repo, "add", "other.txt")
    git(repo, "commit", "-q", "-m", "other", date="2024-05-01T10:00:00+08:00")
    assert corrections(repo, UNIT, 2021) == []  # the report is untracked
    assert corrections(repo, UNIT, 2030) == []  # no such report


def test_the_real_repository_reports_no_correction_yet() -> None:
    for unit, year in (("430624-renshe", 2021), ("430611-renshe", 2023)):
        assert isinstance(corrections(ROOT, unit, year), list)


def test_pending_changes_and_the_history_command(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = commit(repo, "发布", "2022-04-01T09:00:00+08:00")
    edit(repo, f"{FOLDER}/report.yaml", "  total: 97\n", "  total: 96\n")
    assert pending_changes(repo, UNIT, 2021, base) == ["得分和等次 绩效自评综合得分：97 → 96"]
    assert pending_changes(repo, UNIT, 2022, base) is None  # not published: a new report, not a correction
    commit(repo, "更正得分", "2022-04-02T09:00:00+08:00")
    assert main(["--root", str(repo), "history", UNIT, "2021"]) == 0
    out = capsys.readouterr().out
    assert "2022-04-02T09:00:00+08:00" in out and "  - 得分和等次 绩效自评综合得分：97 → 96" in out


def _years(repo: Path) -> list[tuple[str, int]]:
    return sorted(
        (unit.name, int(year.name)) for unit in (repo / "units").iterdir() for year in unit.iterdir() if year.is_dir()
    )


def test_all_corrections_is_corrections_for_every_report(tmp_path: Path) -> None:
    """One git log and one cat-file for all reports give what one git run per report gives, through adding,
    correcting figures and narratives, a merged pull request, renaming a project, withdrawing and re-publishing."""
    repo = tmp_path / "many"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    keys = [("430624-renshe", 2021), ("430682-shebao", 2022), ("430611-renshe", 2023), ("510422-renshe", 2023)]
    assert all_corrections(repo, keys) == {key: [] for key in keys}  # no commits yet
    for unit in ("430624-renshe", "430682-shebao"):
        copy_seed_units(repo / "units", unit)
    commit(repo, "发布两个单位", "2022-04-01T09:00:00+08:00")
    copy_seed_units(repo / "units", "430611-renshe")
    edit(repo, f"{FOLDER}/report.yaml", "      project: 46161.7", "      project: 46161.6")
    commit(repo, "新单位，更正一个数", "2022-05-01T09:00:00+08:00")
    git(repo, "checkout", "-q", "-b", "fix")
    edit(repo, f"{FOLDER}/projects/zhihui-renshe.yaml", "  total: 30\n", "  total: 29\n")
    commit(repo, "改项目", "2022-05-02T09:00:00+08:00")
    edit(repo, f"{FOLDER}/narrative.md", "我局共有干职工164名", "我局共有干部职工164名")
    commit(repo, "改文字", "2022-05-03T09:00:00+08:00")
    git(repo, "checkout", "-q", "main")
    (repo / "units" / "430682-shebao" / "README.txt").write_text("不是报告文件\n", encoding="utf-8")
    commit(repo, "别的文件", "2022-05-04T09:00:00+08:00")
    git(repo, "merge", "-q", "--no-ff", "fix", "-m", "合并", date="2022-05-05T10:00:00+08:00")
    projects = repo / FOLDER / "projects"
    (projects / "zhihui-renshe.yaml").rename(projects / "zhihui-renshe-2.yaml")
    (projects / "zhihui-renshe.md").rename(projects / "zhihui-renshe-2.md")
    edit(repo, f"{FOLDER}/projects/zhihui-renshe-2.yaml", "slug: zhihui-renshe", "slug: zhihui-renshe-2")
    commit(repo, "项目改名", "2022-06-01T09:00:00+08:00")
    shebao = repo / "units" / "430682-shebao" / "2022"
    (shebao / "report.yaml").rename(tmp_path / "withdrawn.yaml")
    commit(repo, "撤下", "2022-07-01T09:00:00+08:00")
    (tmp_path / "withdrawn.yaml").rename(shebao / "report.yaml")
    commit(repo, "重新发布", "2022-08-01T09:00:00+08:00")
    shutil.rmtree(repo / "units" / "430611-renshe")
    commit(repo, "删去一个单位", "2022-09-01T09:00:00+08:00")
    copy_seed_units(repo / "units", "510422-renshe")  # not committed

    keys = [*_years(repo), ("430611-renshe", 2023), ("430624-renshe", 2030), ("no-such-unit", 2021)]
    one_by_one = {key: corrections(repo, *key) for key in keys}
    assert all_corrections(repo, keys) == one_by_one
    assert all_corrections(repo / "units" / "..", keys) == one_by_one
    assert sum(len(found) for found in one_by_one.values()) >= 5  # the scenario did correct something
    assert [c.changes for c in one_by_one[("430682-shebao", 2022)]] == [["报告已撤下"], ["报告重新发布"]]
    assert all_corrections(repo, []) == {}
    plain = tmp_path / "plain"
    copy_seed_units(plain / "units", UNIT)
    assert all_corrections(plain, [(UNIT, 2021)]) == {(UNIT, 2021): []}  # not a git repository


def test_corrections_as_of_a_commit_are_those_a_checkout_of_it_gives(tmp_path: Path) -> None:
    """``all_corrections(…, rev=)``: the history as it was at an older commit (the search's base tier renders
    units as they were then), the same as a clone reset to that commit computes."""
    repo = tmp_path / "repo"
    copy_seed_units(repo / "units", UNIT)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "发布", "2022-04-01T09:00:00+08:00")
    edit(repo, f"{FOLDER}/report.yaml", "      project: 46161.7", "      project: 46161.6")
    then = commit(repo, "更正一个数", "2022-05-01T09:00:00+08:00")
    edit(repo, f"{FOLDER}/narrative.md", "我局共有干职工164名", "我局共有干部职工164名")
    commit(repo, "改文字", "2022-06-01T09:00:00+08:00")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True, capture_output=True)
    git(clone, "reset", "-q", "--hard", then)
    keys = [(UNIT, 2021)]
    at_then = all_corrections(repo, keys, rev=then)
    assert at_then == all_corrections(clone, keys) and len(at_then[(UNIT, 2021)]) == 1
    assert len(all_corrections(repo, keys)[(UNIT, 2021)]) == 2


def test_the_search_base_is_the_last_commit_before_this_week_and_changed_units_are_found(tmp_path: Path) -> None:
    from site_builder.sources.history import SearchBase, search_base

    repo = tmp_path / "repo"
    (repo / "units").mkdir(parents=True)
    assert search_base(repo) == SearchBase(None)  # not a repository
    git(repo, "init", "-q", "-b", "main")
    assert search_base(repo) == SearchBase(None)  # no commit
    for unit in ("430624-renshe", "430682-shebao", "430611-renshe", "510422-renshe"):
        copy_seed_units(repo / "units", unit)
    commit(repo, "发布", "2026-11-02T10:00:00+08:00")  # a Monday, two weeks before HEAD's
    assert search_base(repo) == SearchBase(None)  # every commit is in HEAD's week
    edit(repo, "units/510422-renshe/2020/narrative.md", "。", "。\n")
    base = commit(repo, "更正", "2026-11-15T23:00:00+00:00")  # a Sunday: the last commit before HEAD's week
    edit(repo, f"{FOLDER}/report.yaml", "      project: 46161.7", "      project: 46161.6")
    commit(repo, "本周更正", "2026-11-16T00:30:00+00:00")  # Monday 00:30 UTC: HEAD's week
    shutil.rmtree(repo / "units" / "430611-renshe")
    git(repo, "checkout", "-q", "-b", "pr")
    edit(repo, "units/430682-shebao/2022/narrative.md", "。", "。 ")
    commit(repo, "pull request", "2026-11-17T09:00:00+08:00")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "pr", "-m", "合并", date="2026-11-18T09:00:00+08:00")
    assert search_base(repo) == SearchBase(base, frozenset({"430624-renshe", "430611-renshe", "430682-shebao"}))
    # the working tree counts too: an unstaged edit and a new, untracked unit
    edit(repo, "units/510422-renshe/2020/narrative.md", "。", "。 ")
    copy_seed_units(repo / "units", "430000-renshe")
    found = search_base(repo)
    assert found.commit == base and found.changed == {
        "430624-renshe",
        "430611-renshe",
        "430682-shebao",
        "510422-renshe",
        "430000-renshe",
    }
    # a week later, with nothing new, the base is the newest commit
    git(repo, "checkout", "-q", ".")
    shutil.rmtree(repo / "units" / "430000-renshe")
    git(repo, "commit", "-q", "--allow-empty", "-m", "下周", date="2026-11-23T09:00:00+08:00")
    later = search_base(repo)
    assert later.commit == git(repo, "rev-parse", "HEAD~1") and later.changed == set()
