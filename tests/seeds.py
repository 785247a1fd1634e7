"""The five real reports as extracted text (tests/seeds/), and helpers to compare against them.

The seed files are the truth: the transcriptions under ``units/`` must match them figure for figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).resolve().parent / "seeds"

SEED_OF_UNIT: dict[str, str] = {
    "430624-renshe": "000_e0ff69c8a04ca770.txt",  # 湘阴县人社局 2021
    "430611-renshe": "001_dc9c9a078db0651c.txt",  # 君山区人社局 2023
    "430000-renshe": "002_448e39e0c8f7a998.txt",  # 湖南省人社厅 2019
    "510422-renshe": "003_e28c8298cb9d39b8.txt",  # 盐边县人社局 2020
    "430682-shebao": "004_0ac09c0836322316.txt",  # 临湘市社保中心 2022
}
YEAR_OF_UNIT: dict[str, int] = {
    "430624-renshe": 2021,
    "430611-renshe": 2023,
    "430000-renshe": 2019,
    "510422-renshe": 2020,
    "430682-shebao": 2022,
}

_WS = re.compile(r"[\s\u3000]+")


def compact(text: str) -> str:
    """Text with every kind of white space removed, for whitespace-insensitive comparison."""
    return _WS.sub("", text)


@cache
def seed_text(unit_id: str) -> str:
    return (SEEDS / SEED_OF_UNIT[unit_id]).read_text(encoding="utf-8")


@cache
def seed_compact(unit_id: str) -> str:
    return compact(seed_text(unit_id))


def in_seed(unit_id: str, fragment: str) -> bool:
    """Whether ``fragment`` occurs in the seed, ignoring white space."""
    return compact(fragment) in seed_compact(unit_id)


def walk(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every leaf of a loaded YAML document with its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from walk(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk(value, (*path, index))
    else:
        yield path, data


def numbers(data: Any) -> Iterator[tuple[tuple, Decimal | int]]:
    """Every number in a loaded YAML document (figures, weights, counts), with its path."""
    for path, value in walk(data):
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            yield path, value


def markdown_paragraphs(markdown: str) -> list[str]:
    """The prose of a narrative, one entry per paragraph or table cell, markup removed."""
    out = []
    for block in re.split(r"\n\s*\n", markdown):
        for line in block.splitlines():
            line = line.strip()
            if not line or re.fullmatch(r"[|\-: ]+", line):
                continue
            line = re.sub(r"^#+\s*", "", line)
            if line.startswith("|"):
                out.extend(cell.strip() for cell in line.strip("|").split("|") if cell.strip())
            else:
                out.append(line)
    return out
