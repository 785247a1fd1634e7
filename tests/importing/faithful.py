"""A draft written by hand from what was planted, as a faithful importer would write it: the oracle's own test.

Not an importer (it reads no document): it starts from ``new``'s scaffold, sets each planted figure where the
contract says it belongs with a source comment, the phones and the 填报人 in the personal fields, the 文字部分 in
``narrative.md``.  The oracle must accept it, ``check`` must pass it once the placeholders are filled, and each
single fault put into it (a converted figure, a phone in a public field, a missing comment) must be reported.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from importing import oracle
from importing.forms import MARK, Planted

TEXT_KEYS = {"budget_code", "code", "postcode", "phone", "execution_rate", "target", "actual", "name", "signature"}
TEMPLATE = {"national": "national", "sichuan": "sichuan"}


def _value(key: str, printed: str) -> Any:
    number = oracle.as_number(printed)
    if number is None or key in TEXT_KEYS:
        return printed
    return int(number) if number == number.to_integral_value() else float(number)


def _set(data: Any, path: tuple[object, ...], value: Any) -> None:
    here = data
    for i, step in enumerate(path):
        last = i == len(path) - 1
        if isinstance(step, dict):
            ((key, want),) = step.items()
            item = oracle.locate(here, (step,))
            if item is None:
                item = {key: want}
                here.append(item)
            here = item
        elif last:
            here[step] = _value(str(step), value)
        else:
            nxt = path[i + 1]
            if not isinstance(here.get(step), dict | list):
                here[step] = [] if isinstance(nxt, dict | int) else {}
            here = here[step]


def _dump(data: Any, path: Path) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)
    lines = []
    for line in text.splitlines():
        m = re.match(r"^\s*(?:- )?[^\s:#][^:#]*: (\S.*)$", line)
        value = m.group(1) if m else ""
        quoted = len(value) > 1 and value[0] in "\"'" and value[-1] == value[0]
        if m and (quoted or value[0] not in "\"'|>[{"):
            line += "  # 来源：【测试数据】表格单元格"
        lines.append(line)
    out = "\n".join(lines) + "\n"
    assert yaml.safe_load(out) == data
    path.write_text(out, encoding="utf-8")


def _new(repo: Path, *args: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "site_builder", "--root", str(repo), *args],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


def write_faithful_draft(repo: Path, unit: str, year: int, forms: dict[str, Planted]) -> None:
    """The draft of ``forms`` (form name → what was planted) for ``unit`` and ``year`` under ``repo/units``."""
    folder = repo / "units" / unit / str(year)
    if not (repo / "units" / unit / "unit.yaml").exists():
        _new(repo, "new-unit", unit)
        data = yaml.safe_load((repo / "units" / unit / "unit.yaml").read_text(encoding="utf-8"))
        data["name"] = f"{MARK}测试单位"
        data["region"]["name"] = f"{MARK}测试县"
        _dump(data, repo / "units" / unit / "unit.yaml")
    for form, planted in forms.items():
        if form in TEMPLATE:
            _new(repo, "new", unit, str(year), "--template", TEMPLATE[form], "--project", f"{form}-xiangmu")
            target = folder / "projects" / f"{form}-xiangmu.yaml"
        else:
            if not (folder / "report.yaml").exists():
                _new(repo, "new", unit, str(year))
            target = folder / "report.yaml"
        data = yaml.safe_load(target.read_text(encoding="utf-8"))
        for e in planted.expect:
            _set(data, e.path, e.value)
        personal = data.setdefault("filled_by", {}) or {}
        personal.update(signature=planted.signers[0], phone=planted.found_phones[-1])
        data["filled_by"] = personal
        if form == "hunan":
            data.setdefault("contact", {})["phone"] = planted.found_phones[0]
        _dump(data, target)
        if planted.narrative:
            (folder / "narrative.md").write_text("\n\n".join(planted.narrative) + "\n", encoding="utf-8")


def fake_run(unit: str, year: int) -> subprocess.CompletedProcess[str]:
    """What a faithful run prints, in short: the draft it wrote."""
    return subprocess.CompletedProcess(["import"], 0, f"已写入 units/{unit}/{year}/（草稿）\n", "")
