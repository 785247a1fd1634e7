"""Test data derived from the real reports, for pages that need more units or years than exist.

Every derived unit is marked 【测试数据】 in its name and lives only in a temporary copy of the repository
(never in units/, never published).  Figures are the real ones scaled by a known factor, so expected values
can be computed in the tests.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from seeds import YEAR_OF_UNIT

from site_builder.sources.yamlsource import read_yaml

ROOT = Path(__file__).resolve().parent.parent


def generator_module() -> Any:
    """``benchmarks/generate.py`` as a module (loaded once): its functions for the tests, and its list of money
    fields, the one list for every kind of derived test data."""
    found = sys.modules.get("bench_generate")
    if found is not None:
        return found
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


MONEY_KEYS: set[str] = generator_module().MONEY_KEYS
MARK = "【测试数据】"


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", format(v, "f")))


def _scale(data: Any, factor: Decimal, keys: set[str]) -> Any:
    if isinstance(data, dict):
        return {
            k: (v * factor if k in keys and isinstance(v, Decimal) else _scale(v, factor, keys))
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [_scale(v, factor, keys) for v in data]
    return data


def copy_seed_units(units: Path, *only: str) -> Path:
    """The five real reports (or those of the units named in ``only``) under ``units``: each seed unit's
    ``unit.yaml`` and its seed year, nothing else.

    Tests read the real reports from here, never the whole of the repository's ``units/``: a report that a unit
    adds or corrects there must never change what a test counts (reports, pages, feed entries, shards).
    """
    for unit_id, year in YEAR_OF_UNIT.items():
        if only and unit_id not in only:
            continue
        src = ROOT / "units" / unit_id
        (units / unit_id).mkdir(parents=True, exist_ok=True)
        shutil.copy(src / "unit.yaml", units / unit_id / "unit.yaml")
        shutil.copytree(src / str(year), units / unit_id / str(year))
    return units


def seed_files() -> list[str]:
    """The files of the five real reports, relative to the repository (what :func:`copy_seed_units` copies)."""
    folders = [ROOT / "units" / unit_id / str(year) for unit_id, year in YEAR_OF_UNIT.items()]
    files = [ROOT / "units" / unit_id / "unit.yaml" for unit_id in YEAR_OF_UNIT]
    files += [p for folder in folders for p in folder.rglob("*") if p.is_file()]
    return sorted(p.relative_to(ROOT).as_posix() for p in files)


def repo_copy(dest: Path) -> Path:
    """What a build reads (content/, theme/, mkdocs.yml) with the five real reports as its units/."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("content", "theme", "mkdocs.yml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    copy_seed_units(dest / "units")
    return dest


def derive_unit(
    repo: Path, source_id: str, new_id: str, year: int, factor: Decimal, score: Decimal | None = None
) -> None:
    """Copy ``source_id``'s seed report as ``new_id`` in ``year``, money scaled by ``factor``, marked as test data."""
    src = ROOT / "units" / source_id
    dest = repo / "units" / new_id
    dest.mkdir(parents=True, exist_ok=True)
    unit = read_yaml(src / "unit.yaml").data
    unit.update(id=new_id, name=f"{MARK}{unit['name']}{new_id[-2:]}")
    (dest / "unit.yaml").write_text(
        yaml.dump(unit, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    source_year = src / str(YEAR_OF_UNIT[source_id])  # the seed's own year, whatever other years the unit has
    target = dest / str(year)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source_year, target)
    for path in [target / "report.yaml", *(target / "projects").glob("*.yaml")]:
        data = _scale(read_yaml(path).data, factor, MONEY_KEYS)
        if path.name == "report.yaml":
            data.update(unit=new_id, year=year)
            data["stated_figures"] = []  # quotes and fields would not match scaled figures
            if score is not None:
                data.setdefault("score", {})["total"] = score
        path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


def many_units(dest: Path) -> Path:
    """A repository with the real reports plus 10 derived county units in 2021 and a second year for 湘阴."""
    repo = repo_copy(dest)
    sources = ["430624-renshe", "430682-shebao", "430611-renshe", "510422-renshe", "430624-renshe"]
    for i in range(10):
        source = sources[i % len(sources)]
        derive_unit(repo, source, f"{source.split('-')[0]}-test{i:02d}", 2021, Decimal(i + 1) / 4, Decimal(95 - 4 * i))
    derive_unit(repo, "430624-renshe", "430624-renshe", 2022, Decimal("1.25"))
    # the real 2021 report of 湘阴 stays next to the derived 2022 one, under its real unit.yaml
    shutil.copy(ROOT / "units/430624-renshe/unit.yaml", repo / "units/430624-renshe/unit.yaml")
    return repo


# the paragraph of a derived unit's narrative that the second commit of ``many_units_history`` rewrites
EDITED_UNIT = "510422-test03"
OLD_TERM, NEW_TERM = "鸿雁计划", "鲲鹏计划"
OLD_NOTE = f"【测试数据】旧版说明：{OLD_TERM}。"
NEW_NOTE = f"【测试数据】新版说明：{NEW_TERM}。"


def git(repo: Path, *args: str, date: str | None = None) -> str:
    """git run in ``repo`` as a clerk (a fixed name and e-mail; a commit dated ``date`` when given): its output."""
    env = {key: value for key, value in os.environ.items() if key != "GIT_DIR"} | {
        "GIT_AUTHOR_NAME": "clerk",
        "GIT_AUTHOR_EMAIL": "clerk@example.invalid",
        "GIT_COMMITTER_NAME": "clerk",
        "GIT_COMMITTER_EMAIL": "clerk@example.invalid",
    }
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit(repo: Path, message: str, date: str) -> str:
    """Commit everything in ``repo`` (made a repository if it is not one) as a clerk would, dated ``date``: the
    new commit's id."""
    if not (repo / ".git").exists():
        git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD")


def many_units_history(dest: Path) -> Path:
    """:func:`many_units` as a repository with history: a first commit without 湘阴's 2022 report and with an
    older paragraph in one derived unit's narrative (``OLD_NOTE``), and, in a later week, the commit that adds the
    report and rewrites the paragraph (``NEW_NOTE``).  Its site's search index is in two tiers: the first commit's
    pages, some of them stale, and the units changed since (site_builder/search/index.py)."""
    repo = many_units(dest)
    later = repo / "units/430624-renshe/2022"
    aside = dest.parent / f"{dest.name}-2022"
    shutil.move(later, aside)
    narrative = repo / "units" / EDITED_UNIT / "2021/narrative.md"
    text = narrative.read_text(encoding="utf-8")
    narrative.write_text(f"{text}\n{OLD_NOTE}\n", encoding="utf-8")
    commit(repo, "publish", "2026-11-02T10:00:00+08:00")
    shutil.move(aside, later)
    narrative.write_text(f"{text}\n{NEW_NOTE}\n", encoding="utf-8")
    commit(repo, "湘阴 2022; a paragraph rewritten", "2026-11-20T10:00:00+08:00")
    return repo


def generate(out: Path, reports: int, *options: str) -> subprocess.CompletedProcess[str]:
    """Run ``benchmarks/generate.py`` (synthetic reports, marked as test data) into ``out``, as a person would."""
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate.py"),
            "--reports",
            str(reports),
            *options,
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
