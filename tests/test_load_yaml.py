"""yamlsource's two event sources agree with a reference reading: libyaml's fast path and the pure-Python path give
exactly what PyYAML's composer and a builder over its nodes give (tests/yaml_reference.py).

``parse_yaml`` reads a file through libyaml's events when it can and hands everything else (every error, and
whatever libyaml is known to read differently) to the pure-Python parser's events; one builder reads both.
These tests hold both to the reference: the same data (same types: Decimal from the printed text, dates,
strings), the same positions in the same order, and for text the fast path does not take, the same message at
the same place — on the real reports, on a generated repository, on hand-picked corner cases and on a few
thousand deterministic random and mutated documents.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from derive import generate
from yaml_reference import reference_parse

from site_builder.sources import yamlsource
from site_builder.sources.yamlsource import SourceError, _parse_libyaml, _parse_python, parse_yaml, read_source

ROOT = Path(__file__).resolve().parent.parent
REAL_FILES = sorted((ROOT / "units").rglob("*.yaml"))

needs_libyaml = pytest.mark.skipif(yamlsource._CLoader is None, reason="PyYAML without libyaml")


def outcome(read: Any, text: str) -> tuple[Any, ...]:
    """Everything a caller can see of one reading: data (by repr: types and Decimal digits count), positions
    in order, or the error's place and words."""
    try:
        doc = read(text)
    except SourceError as exc:
        return ("error", exc.line, exc.column, exc.message)
    return ("ok", repr(doc.data), list(doc.positions.items()))


def assert_same(text: str) -> bool:
    """parse_yaml and the pure-Python path agree with the reference on ``text``; True when the fast path read it."""
    fast = _parse_libyaml(text) if yamlsource._CLoader is not None else None
    reference = outcome(reference_parse, text)
    assert outcome(parse_yaml, text) == reference, text
    assert outcome(_parse_python, text) == reference, text
    if fast is not None:
        assert reference[0] == "ok", text
        assert ("ok", repr(fast.data), list(fast.positions.items())) == reference, text
        assert fast.data == reference_parse(text).data
    return fast is not None


@needs_libyaml
@pytest.mark.parametrize("path", REAL_FILES, ids=[p.relative_to(ROOT / "units").as_posix() for p in REAL_FILES])
def test_every_real_file_reads_the_same_both_ways(path: Path) -> None:
    assert assert_same(read_source(path)), "a real report should take the fast path"


@needs_libyaml
def test_every_generated_file_reads_the_same_both_ways(tmp_path: Path) -> None:
    out = tmp_path / "repo"
    proc = generate(out, 24)
    assert proc.returncode == 0, proc.stderr
    files = sorted((out / "units").rglob("*.yaml"))
    assert len(files) > 24
    for path in files:
        assert assert_same(read_source(path)), path


CORNER_CASES = [
    "",
    "\n",
    "# only a comment\n",
    "---",
    "---\n",
    "--- \n...\n",
    "...\n",
    "~",
    "null",
    " !",
    "! x",
    "!!str 1",
    "a: 1",
    "a: 1\nb: [1, 2.50, '3', \"4\"]\n",
    "a:\n- \n-\n- x\n",
    "- \n",
    "-",
    "- - - x",
    "[[[]]]",
    "{}",
    "[]",
    "a: {b: [c, {d: e}]}",
    "a: [a:b, c: d]",
    "a: {a:b}",
    "a: &x 1\nb: *x\n",
    "a: *x",
    "&a [1]",
    "a: 1\na: 2\n",
    "<<: {a: 1}",
    "a: 1\n<<: {b: 2}",
    "'<<': 1",
    "? [a]\n: 1",
    "? a\n: 1",
    "[a]: 1",
    "'': 1",
    "' ': 1",
    '"a\\nb": 1',
    "a: !!float 1",
    "a: !!int '7'",
    "a: !foo x",
    "a: ! 5",
    "a: ! '5'",
    "%YAML 1.1\n---\na: 1",
    "%TAG !e! tag:e,2000:\n---\na: 1",
    "a: 1\n---\nb: 2",
    "a: 1\n...\n",
    "a: 1\n... # end\n",
    "a:\tb",
    "a: b\t",
    "\ta: b",
    "a: |\n\tb",
    "a: |#\n  x",
    "a: >-#\n  x",
    "a: | # c\n  x\n",
    "a: |2\n   x\n",
    "a: |0\n x",
    "a: |\n  x\n\n  y\n  \n",
    "a: >\n  x\n  y\n\n  z\n",
    "a: |+\n  x\n\n",
    "a: |-\n  x\n",
    "a: |\n   more\n  less\n",
    "a: |\n\n  \n   x\n",
    "\ufeffa: 1",
    "a: 1\n\ufeff",
    "a: x\ufeffy",
    "a: x\x85y",
    "a: x\u2028y",
    "a\u2028b: 1",
    'a: "x\\/y \\t \\x41 \\u4e2d \\U0001F600 \\N \\_ \\L \\P \\e \\0"',
    'a: "\\q"',
    'a: "\\ud800"',
    "a: 'it''s'",
    'a: "x\n  y"',
    "a: x\n  y\n  z",
    "a: x # c\nb: y#z",
    "a: 1_000",
    "a: 0x1F",
    "a: 0o17",
    "a: 017",
    "a: 1:20",
    "a: 1e3",
    "a: 1.0e+999",
    "a: .inf",
    "a: -.Inf",
    "a: .nan",
    "a: +.5",
    "a: -0",
    "a: 1.",
    "a: 1.50",
    "a: 007.10",
    "a: 2023-1-2",
    "a: 2023-02-30",
    "a: 2023-01-02T03:04:05Z",
    "a: 2023-13-45",
    "a: yes",
    "a: No",
    "a: on",
    "a: y",
    "a: ~",
    "a: Null",
    "a: 中文：冒号",
    "a: 中文: 冒号",
    "a: @x",
    "a: `x",
    "a: %x",
    "a: -x",
    "a: ?x",
    "a: :x",
    "a: x:",
    "a: [",
    "a: {",
    "a: ]",
    "a: '",
    'a: "',
    "a: 1\n b: 2",
    "a:\n  b: 1\n c: 2",
    "a:\n  - 1\n - 2",
    "- a\nb: 1",
    "a: b: c",
    "a: 1\n  - x",
    "😀: 1",
    "a: 😀\nb: 中\n",
    "a" * 1024 + ": 1",
    "a" * 1025 + ": 1",
    "中" * 1024 + ": 1",
    "中" * 1025 + ": 1",
    "a: " + "[" * 39 + "]" * 39,
    "a: " + "[" * 40 + "]" * 40,
    "[" * 40 + "]" * 40,
    "[" * 41 + "]" * 41,
    "- " * 40 + "x",
    "- " * 41 + "x",
    "[" * 5000 + "]" * 5000,
    "a: &a [1]\nb: &b [*a, *a]\nc: [*b, *b]\n",
    "a: x\x00",
    "a: x\x0b",
    "a: \x7f",
]


@pytest.mark.parametrize("text", CORNER_CASES)
def test_corner_cases_read_the_same_both_ways(text: str) -> None:
    assert_same(text)


@needs_libyaml
def test_the_fast_path_takes_what_it_should() -> None:
    for text in ("a: 1", "a: [1, {b: c}]", "- 中文\n- 1.50\n", "a: |\n  x\n", "a: 'x'"):
        assert _parse_libyaml(text) is not None, text
    for text in ("a: 1\na: 2", "a: &x 1", "a: *x", "a:\tb", "a: !!str 1", "\ufeffa: 1\n\ufeff", "a: |#\n x", "a: ["):
        assert _parse_libyaml(text) is None, text


def test_without_libyaml_the_pure_python_path_reads_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsource, "_CLoader", None)
    assert parse_yaml("a: 1.50\nb: [x, 2023-01-02]\n").data == reference_parse("a: 1.50\nb: [x, 2023-01-02]\n").data
    with pytest.raises(SourceError):
        parse_yaml("a: 1\na: 2\n")


# ---------------------------------------------------------------------------------------------------- fuzz

TOKENS = [
    "[",
    "]",
    "{",
    "}",
    ":",
    ": ",
    "-",
    "- ",
    " ",
    "  ",
    "\n",
    "\n  ",
    '"',
    "'",
    "\\",
    "#",
    " #",
    "?",
    "? ",
    "|",
    ">",
    "|-",
    ">+",
    "!",
    "!!str ",
    "! ",
    "%",
    "%YAML 1.1\n",
    "---",
    "--- ",
    "...",
    "\n---\n",
    "a",
    "b",
    "ab",
    "1",
    "1.5",
    ".",
    ",",
    ", ",
    "中文",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "~",
    "0x1F",
    "e3",
    "1e3",
    "2023-01-02",
    "null",
    "true",
    "yes",
    "on",
    "<<",
    "\\n",
    "\\x41",
    "\\u4e2d",
    "\\/",
    "\\ ",
    "\\t",
    "\\N",
    "\\_",
    "\\L",
    "\\P",
    "\\e",
    "\\0",
    "\\U0001F600",
    "😀",
    "\u3000",
    "\t",
    "@",
    "`",
    "&a",
    "*a",
    "key",
    "k2",
    "http://x",
    "a:b",
    ":x",
    "-1",
    "+1",
    "0o17",
    "1_000",
    "1:20",
    ".inf",
    ".NaN",
    "=",
    "<",
    "''",
    '""',
]
VALUES = [
    "",
    " 1",
    " 1.50",
    ' "1"',
    " '2'",
    " [1, 2]",
    " {a: 1}",
    " []",
    " {}",
    " [a:b]",
    " [a: b]",
    " {a:b}",
    ' "a\\/b"',
    " x #c",
    " x#c",
    " 中文：冒号",
    " 2023-1-2",
    " 2023-13-45",
    " 1e5",
    " 1.0e+5",
    " 0.1",
    " -0",
    " +.5",
    " ~",
    " !!float 3",
    ' "\\u00e9\\x41"',
    " \u3000x",
    " x\u2028y",
    " x\x85y",
    " 😀",
    " 0x1F",
    " 1:20",
    " .inf",
    " yes",
    " 'it''s'",
    " null",
    " 3.",
    " 007",
    " -",
    " - x",
    " a: b",
    " &a 1",
    " *a",
]
BLOCK_HEADERS = ["|", ">", "|-", "|+", ">-", ">+", "|2", ">1", "|-2", "|2-", "| # c", "|  ", "|#", ">\n"]
BLOCK_LINES = ["x", "中文 一", "  more", "# not c", "a: b", "- y", "", " ", "...", "---", "z  ", "w\u2028v", "n\x85m"]


def _random_tokens(rng: random.Random) -> str:
    return "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 25)))


def _random_mapping(rng: random.Random) -> str:
    lines = []
    for i in range(rng.randint(1, 12)):
        indent = " " * rng.choice([0, 0, 0, 0, 2, 2, 4, 1, 3])
        key = rng.choice(["a", "key", "中", "x y", '"q"', "'s'", "1", "null", "? a", "<<"])
        key += str(i) if rng.random() < 0.8 else ""
        prefix = rng.choice(["", "", "", "- ", "- - "])
        value = rng.choice(VALUES)
        if rng.random() < 0.15:
            value = (
                " "
                + rng.choice(BLOCK_HEADERS)
                + "".join(
                    "\n" + indent + " " * rng.choice([1, 2, 3, 4]) + rng.choice(BLOCK_LINES)
                    for _ in range(rng.randint(0, 4))
                )
            )
        elif rng.random() < 0.1:
            value = "\n" + indent + rng.choice(["  ", ""]) + "- " + rng.choice(["x", "1.5", "", "a: 1"])
        lines.append(indent + prefix + key + ":" + value)
    text = "\n".join(lines)
    if rng.random() < 0.2:
        text = rng.choice(["---\n", "--- ", "# hi\n", "\n"]) + text
    return text + rng.choice(["", "\n", "\n\n", "\n...\n", "\n---\n", " ", "\n# end"])


def _mutated(rng: random.Random, texts: list[str]) -> str:
    lines = rng.choice(texts).split("\n")
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        op = rng.randrange(5)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[i])
        elif op == 2 and ":" in lines[i]:
            lines[i] = lines[i].split(":", 1)[0] + ":" + rng.choice(VALUES)
        elif op == 3:
            at = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:at] + rng.choice(TOKENS) + lines[i][at:]
        else:
            lines[i] = rng.choice([" ", "  ", "-", "- ", "\t", "#"]) + lines[i]
        lines = lines or [""]
    return "\n".join(lines)


def test_random_and_mutated_documents_read_the_same_both_ways() -> None:
    rng = random.Random(20240601)
    small = [read_source(p) for p in REAL_FILES if p.stat().st_size < 4000] or ["a: 1\n"]
    fast = 0
    for _ in range(1500):
        fast += assert_same(_random_tokens(rng))
    for _ in range(1500):
        fast += assert_same(_random_mapping(rng))
    for _ in range(150):
        fast += assert_same(_mutated(rng, small))
    if yamlsource._CLoader is not None:
        assert fast > 300  # the comparison is not vacuous


def test_libyaml_events_still_carry_what_the_fast_path_reads() -> None:
    """The attributes the fast path relies on (a PyYAML upgrade that dropped one would send every file to the
    slow path in silence, or worse)."""
    if yamlsource._CLoader is None:
        pytest.skip("PyYAML without libyaml")
    loader = yamlsource._CLoader("a: 1")
    try:
        events = []
        while not isinstance(event := loader.get_event(), yaml.StreamEndEvent):
            events.append(event)
    finally:
        loader.dispose()
    scalar = events[3]
    assert isinstance(scalar, yaml.ScalarEvent)
    assert (scalar.value, scalar.anchor, scalar.tag, scalar.implicit) == ("a", None, None, (True, False))
    assert (scalar.start_mark.line, scalar.start_mark.column) == (0, 0)
