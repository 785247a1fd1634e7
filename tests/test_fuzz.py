"""Fuzzing the real reports: whatever a unit sends, ``check`` answers in clean lines and ``build`` never half-publishes.

Hypothesis mutates a copy of units/ — lines deleted or duplicated, values replaced by other types and by
hostile text, random bytes inserted, files truncated or re-encoded, attacks appended to narratives — and:

* ``python -m site_builder check`` never raises, exits 0 or 1, prints only ``path:line:column: field: 错误/警告：…``
  lines, and every report is either checked or named in an error (none dropped in silence);
* ``build`` either succeeds (and the new site carries no script, handler or javascript: link in its content)
  or raises BuildFailed leaving the previous site byte for byte.

Bounded for CI (derandomized, fixed number of examples, no deadline).
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import tempfile
from pathlib import Path

from derive import copy_seed_units, repo_copy, seed_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_atomic_build import leftovers, snapshot
from test_hostile_input import MESSAGE

from site_builder.build import BuildFailed, build
from site_builder.cli.commands import main

FILES = seed_files()
NARRATIVES = [f for f in FILES if f.endswith(".md")]
REPORT_DIRS = sorted({"/".join(f.split("/")[:3]) for f in FILES if f.count("/") >= 3})

# one-line values of every wrong kind (block scalars are left out: see test_hostile_input, multiline values)
HOSTILE_VALUES = [
    "[1, 2]",
    "{a: 1}",
    '"48,929.9"',
    "4.8亿",
    "null",
    "true",
    "-1",
    "1.0e+999",
    '"<script>window.__pwned=1</script>"',
    "&a 1",
    "*a",
    '!!python/object/apply:os.system ["true"]',
    "2023年2月30日",
    "二〇二一",
    "9" * 40,
    "'",
    '"unterminated',
    "{",
    "[",
    "@x",
    "`x",
    "%x",
    "0x1F",
    "0o17",
    ".inf",
    ".nan",
    "1:20",
    "~",
    '""',
    '"\u3000"',
    '"\u200b"',
    "[" * 45 + "1" + "]" * 45,
    "!!binary aGk=",
    "2021-13-45",
    "- x",
    "a: b: c",
    '"\\q"',
    "\t1",
    "javascript:alert(1)",
    "[x](javascript:window.__pwned=1){: onclick=window.__pwned=2 }",
]
MARKDOWN_ATTACKS = [
    "<script>window.__pwned=1</script>",
    "[x](javascript:window.__pwned=1)",
    '*x*{: onclick="window.__pwned=1" }',
    "![x](https://evil.example/t.png)",
    "![x](data:image/gif;base64,R0l=){: onerror=window.__pwned=1 }",
    "<img src=x onerror=window.__pwned=1>",
    "```\nunclosed fence",
    "| a | b |\n|---|\n| 1 |",
    '!!! danger "<b>"\n    x',
    "<!--",
    "]]>",
    "{{ 7*7 }} {% raw %}",
    "---\ntitle: x\npagefind: false\n---",
    "# __config",
    "## sb-search {: #sb-q }",
    "[ref]: javascript:window.__pwned=1\n[x][ref]",
    "<javascript:window.__pwned=1>",
    "\\",
    "&#106;avascript:x",
    '<div markdown="1">**x**</div>',
    '[x](https://example.com "t")',
    "<https://example.com>",
]
KEY_LINE = re.compile(rb"^(\s*(?:- )?[\w-]+:)")

operation = st.one_of(
    st.tuples(st.just("delete_line"), st.integers(0, 10_000)),
    st.tuples(st.just("duplicate_line"), st.integers(0, 10_000)),
    st.tuples(st.just("retype"), st.integers(0, 10_000), st.sampled_from(HOSTILE_VALUES)),
    st.tuples(st.just("insert_bytes"), st.integers(0, 100_000), st.binary(min_size=1, max_size=6)),
    st.tuples(st.just("truncate"), st.integers(0, 100_000)),
    st.tuples(st.just("indent"), st.integers(0, 10_000), st.sampled_from([b" ", b"\t", b"  ", b"-"])),
    st.tuples(st.just("encoding"), st.sampled_from(["gb18030", "utf-16", "bom-crlf", "cr"])),
    st.tuples(st.just("markdown"), st.integers(0, 10_000), st.sampled_from(MARKDOWN_ATTACKS)),
)


def mutate(data: bytes, op: tuple) -> bytes:  # type: ignore[type-arg]
    kind = op[0]
    lines = data.split(b"\n")
    if kind == "delete_line":
        del lines[op[1] % len(lines)]
    elif kind == "duplicate_line":
        i = op[1] % len(lines)
        lines.insert(i, lines[i])
    elif kind == "retype":
        keyed = [i for i, line in enumerate(lines) if KEY_LINE.match(line)]
        if keyed:
            i = keyed[op[1] % len(keyed)]
            lines[i] = KEY_LINE.match(lines[i])[1] + b" " + op[2].encode("utf-8")  # type: ignore[index]
    elif kind == "insert_bytes":
        pos = op[1] % (len(data) + 1)
        return data[:pos] + op[2] + data[pos:]
    elif kind == "truncate":
        return data[: op[1] % (len(data) + 1)]
    elif kind == "indent":
        i = op[1] % len(lines)
        lines[i] = op[2] + lines[i]
    elif kind == "encoding":
        text = data.decode("utf-8", errors="replace")
        if op[1] == "bom-crlf":
            return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
        if op[1] == "cr":
            return text.replace("\n", "\r").encode("utf-8")
        return text.encode(op[1], errors="replace")
    elif kind == "markdown":
        lines.insert(op[1] % len(lines), b"\n" + op[2].encode("utf-8") + b"\n")
    return b"\n".join(lines)


mutations = st.lists(st.tuples(st.sampled_from(FILES), operation), min_size=1, max_size=3)


def apply(repo: Path, changes: list[tuple[str, tuple]]) -> None:  # type: ignore[type-arg]
    for rel, op in changes:
        path = repo / rel
        path.write_bytes(mutate(path.read_bytes(), op))


@settings(max_examples=50, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(changes=mutations)
def test_check_answers_every_mutation_in_clean_lines(changes: list[tuple[str, tuple]]) -> None:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        copy_seed_units(repo / "units")
        apply(repo, changes)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--root", str(repo), "check"])
        assert code in (0, 1)
        lines = out.getvalue().splitlines()
        parsed = [MESSAGE.match(line) for line in lines]
        assert all(parsed), [line for line, m in zip(lines, parsed, strict=True) if not m]
        failed = set()
        for m in parsed:
            assert m is not None
            assert int(m["line"]) >= 1 and int(m["column"]) >= 1
            assert (repo / m["path"]).exists() or (repo / m["path"]).is_symlink(), m["path"]
            if m["kind"] == "错误":
                failed.add(m["path"])
        assert (code == 1) == bool(failed)
        summary = re.search(r"检查完成：(\d+) 份报告，(\d+) 个错误", err.getvalue())
        assert summary and int(summary[2]) == len([m for m in parsed if m and m["kind"] == "错误"])
        # every report is checked or named in an error: none is dropped in silence
        broken = {
            d for d in REPORT_DIRS if any(p.startswith(d) or p == f"{d.rsplit('/', 1)[0]}/unit.yaml" for p in failed)
        }
        assert len(REPORT_DIRS) - len(broken) <= int(summary[1]) <= len(REPORT_DIRS)


narrative_changes = st.lists(
    st.tuples(
        st.sampled_from(NARRATIVES),
        st.tuples(st.just("markdown"), st.integers(0, 10_000), st.sampled_from(MARKDOWN_ATTACKS)),
    ),
    min_size=1,
    max_size=4,
)
ON_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+=", re.I)
BAD_URL = re.compile(r"""(href|src|action)=["']?\s*(javascript|vbscript|data):""", re.I)


@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(changes=st.one_of(narrative_changes, mutations))
def test_build_publishes_a_clean_site_or_nothing(built_site: Path, changes: list[tuple[str, tuple]]) -> None:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as tmp:
        repo = repo_copy(Path(tmp) / "repo")
        out = Path(tmp) / "public" / "site"
        shutil.copytree(built_site, out)
        before = snapshot(out)
        apply(repo, changes)
        try:
            build(repo, out, log=lambda line: None)
        except BuildFailed as failed:
            assert failed.lines and all("\n" not in line for line in failed.lines)
            assert snapshot(out) == before
            assert leftovers(out) == []
            return
        for page in out.rglob("*.html"):
            html = page.read_text(encoding="utf-8")
            content = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
            assert not ON_ATTRIBUTE.search(content), page
            assert not BAD_URL.search(content), page
            assert "<script" not in content, page
            assert '<meta http-equiv="Content-Security-Policy"' in html, page
        assert leftovers(out) == []
