"""Test data derived from the real reports, for pages that need more units or years than exist.

Every derived unit is marked 【测试数据】 in its name and lives only in a temporary copy of the repository
(never in units/, never published).  Figures are the real ones scaled by a known factor, so expected values
can be computed in the tests.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from site_builder.yamlsource import read_yaml

ROOT = Path(__file__).resolve().parent.parent
MARK = "【测试数据】"


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", format(v, "f")))


def _scale(data: Any, factor: Decimal, keys: set[str]) -> Any:
    if isinstance(data, dict):
        return {k: (v * factor if k in keys and isinstance(v, Decimal) else _scale(v, factor, keys)) for k, v in data.items()}
    if isinstance(data, list):
        return [_scale(v, factor, keys) for v in data]
    return data


MONEY_KEYS = {"total", "carried_over", "public_finance", "government_fund", "special_account", "other", "basic", "personnel",
              "public", "project", "balance_year", "balance_cumulative", "reception", "vehicle_operation", "vehicle_purchase",
              "vehicle_total", "overseas_travel", "in_use", "leased", "prior_final", "budget", "final", "initial_budget",
              "full_year_budget", "executed", "amount"}


def repo_copy(dest: Path) -> Path:
    """A copy of the repository's sources (units, content, theme, mkdocs.yml) to build from."""
    for name in ("units", "content", "theme", "mkdocs.yml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    return dest


def derive_unit(repo: Path, source_id: str, new_id: str, year: int, factor: Decimal, score: Decimal | None = None) -> None:
    """Copy ``source_id``'s only report as ``new_id`` in ``year``, money scaled by ``factor``, marked as test data."""
    src = ROOT / "units" / source_id
    dest = repo / "units" / new_id
    dest.mkdir(parents=True, exist_ok=True)
    unit = read_yaml(src / "unit.yaml").data
    unit.update(id=new_id, name=f"{MARK}{unit['name']}{new_id[-2:]}")
    (dest / "unit.yaml").write_text(yaml.dump(unit, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (source_year,) = [p for p in src.iterdir() if p.is_dir()]
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
    # keep the real 2021 report of 湘阴 next to the derived 2022 one
    shutil.copytree(ROOT / "units/430624-renshe/2021", repo / "units/430624-renshe/2021", dirs_exist_ok=True)
    shutil.copy(ROOT / "units/430624-renshe/unit.yaml", repo / "units/430624-renshe/unit.yaml")
    return repo
