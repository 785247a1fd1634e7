"""What a clerk does to a scaffold of ``new``/``new-unit``: find the marks it left, and deal with each."""

from __future__ import annotations

from pathlib import Path


def marks(folder: Path) -> list[str]:
    """``path:line:column`` of every mark a scaffold left in ``folder`` (under some ``units/``), found by eye."""
    repo = next(p.parent for p in folder.parents if p.name == "units")
    found = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in (".yaml", ".md"):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            rel = path.relative_to(repo).as_posix()
            if path.suffix == ".yaml" and line.lstrip().startswith("# 请核对"):
                found.append(f"{rel}:{n}:{line.index('#') + 1}:")
            if "【请填写】" in line:
                found.append(f"{rel}:{n}:{line.index('【请填写】') + 1}:")
    return found


def finish(folder: Path) -> None:
    """What the clerk does: check each copied value and delete its ``# 请核对`` line, write each section."""
    for path in folder.rglob("*"):
        if path.suffix not in (".yaml", ".md"):
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        lines = [line for line in lines if not line.lstrip().startswith("# 请核对")]
        lines = ["无。" if line.startswith("【请填写】") else line.replace("【请填写】", "") for line in lines]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
