"""Running ``python -m site_builder import`` and ``check`` as a clerk would, and what the contract asks of a draft.

Shared by ``tests/test_import_contract.py`` and the cases kept aside (:mod:`importing.aside`), so that both judge a
draft by the same rules: :func:`draft_problems` lists every way a draft breaks the contract for a planted document.
"""

from __future__ import annotations

import hashlib
import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from importing import oracle
from importing.document import write, write_text
from importing.forms import Planted
from site_builder.schema import is_personal_field

TIMEOUT = 60
ADDRESS_SPACE = 1024 * 1024 * 1024
"""The bad-file runs get 1 GiB of address space, as the contract says (the command and its libraries load in well
under it): an importer that inflates a bomb dies, one that refuses it answers."""


def _limit_memory() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_import(
    repo: Path, files: list[Path], unit: str, year: int, *options: str, limited: bool = False, path: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The command of the contract, on ``repo``; a test fails with a plain reason when the command does not exist
    or does not answer within :data:`TIMEOUT` seconds.  ``path``: the command's ``PATH`` (a machine without
    LibreOffice, say)."""
    args = [sys.executable, "-m", "site_builder", "--root", str(repo), "import"]
    args += [str(f) for f in files] + ["--unit", unit, "--year", str(year), *options]
    try:
        proc = subprocess.run(
            args,
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
            preexec_fn=_limit_memory if limited else None,  # noqa: PLW1509 - no threads in the test process here
            env=None if path is None else {**os.environ, "PATH": path},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"import did not answer within {TIMEOUT} s: {' '.join(args[3:])}")
    if "invalid choice: 'import'" in proc.stderr:
        pytest.fail("the import command does not exist yet (issue 23): " + proc.stderr.strip().splitlines()[-1])
    return proc


def run_check(repo: Path, folder: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "site_builder", "--root", str(repo), "check", folder],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


FORMATS = ["docx", "xlsx", "html", "cells.txt", "pipes.md", "tabs.txt"]
"""A document's file kinds: Word, Excel, a web page, text pasted one cell per line, ``|`` rows, tab rows."""


def write_form(planted: Planted, folder: Path, fmt: str, stem: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if fmt.endswith((".txt", ".md")):
        style, ext = fmt.split(".")
        return write_text(planted.doc, folder / f"{stem}.{ext}", style)
    return write(planted.doc, folder / f"{stem}.{fmt}")


@dataclass
class Draft:
    repo: Path
    unit: str
    year: int
    sources: list[Path]
    proc: subprocess.CompletedProcess[str]

    @property
    def folder(self) -> Path:
        return self.repo / "units" / self.unit / str(self.year)

    def report(self) -> object:
        path = self.folder / "report.yaml"
        return oracle.load(path) if path.is_file() else None

    def project_file(self, name: str) -> Path | None:
        for path in sorted((self.folder / "projects").glob("*.yaml")):
            data = oracle.load(path)
            if isinstance(data, dict) and oracle.compact(name) in oracle.compact(str(data.get("name") or "")):
                return path
        return None

    def files(self) -> list[Path]:
        found = oracle.draft_files(self.folder)
        unit_yaml = self.repo / "units" / self.unit / "unit.yaml"
        return [*found, unit_yaml] if unit_yaml.is_file() else found


def make_draft(repo: Path, sources: list[Path], unit: str, year: int, *options: str) -> Draft:
    return Draft(repo, unit, year, sources, run_import(repo, sources, unit, year, *options))


def figure_problems(draft: Draft, planted: Planted) -> list[str]:
    """Each planted figure the draft does not hold where it belongs, or holds without a source comment."""
    problems: list[str] = []
    for e in planted.expect:
        path = draft.folder / "report.yaml" if e.file == "report" else draft.project_file(planted.project or "")
        if path is None or not path.is_file():
            problems.append(f"{e.file}: no file for {planted.project!r}")
            continue
        data = oracle.load(path)
        got = oracle.locate(data, e.path)
        if not oracle.same(e.value, got, e.contains):
            problems.append(f"{path.name}: {e.path}: expected {e.value!r}, found {got!r}")
            continue
        loc = oracle.resolved_loc(data, e.path)
        if loc is not None and not oracle.has_source_comment(path, loc):
            problems.append(f"{path.name}: {e.path}: {e.value!r} written without its source as a comment")
    return problems


def personal_problems(draft: Draft, planted: Planted) -> list[str]:
    """Phones and signers outside the personal fields; those that should be in a personal field and are not."""
    problems: list[str] = []
    in_personal: list[str] = []
    for path in draft.files():
        if path.suffix == ".yaml":
            for loc, text in oracle.walk(oracle.load(path)):
                if is_personal_field(loc):
                    in_personal.append(text)
                    continue
                problems += _leaks(path, ".".join(map(str, loc)), text, planted)
        else:
            problems += _leaks(path, "text", path.read_text(encoding="utf-8"), planted)
    held = " ".join(oracle.digits(t) for t in in_personal)
    for phone in planted.found_phones:
        if oracle.digits(phone)[-7:] not in held:
            problems.append(f"phone {phone} is in no personal field (contact.phone, leader.phone, filled_by.phone)")
    for signer in planted.signers:
        if not any(signer in t for t in in_personal):
            problems.append(f"填报人 {signer} is in no personal field (filled_by.signature)")
    return problems


def _leaks(path: Path, where: str, text: str, planted: Planted) -> list[str]:
    found = []
    for phone in planted.phones:
        if oracle.digits(phone)[-7:] in oracle.digits(text):
            found.append(f"{path.name}:{where}: phone {phone} in a public field")
    for signer in planted.signers:
        if signer in text:
            found.append(f"{path.name}:{where}: signer {signer} in a public field")
    return found


def draft_problems(draft: Draft, planted: Planted, *args: str) -> list[str]:
    """Everything the contract asks of a draft written from ``planted``, as a list of what is wrong."""
    proc = draft.proc
    if proc.returncode != 0:
        return [f"exit {proc.returncode}: {proc.stderr.strip()[-800:]}"]
    problems: list[str] = []
    if "Traceback" in proc.stderr + proc.stdout:
        problems.append("a traceback in the output")
    if draft.unit not in proc.stdout + proc.stderr:
        problems.append("the output does not say what it wrote (what it filled, what it left, check's result)")
    for name in ("report.yaml", "narrative.md"):
        if not (draft.folder / name).is_file():
            problems.append(f"no {name}")
    if not (draft.repo / "units" / draft.unit / "unit.yaml").is_file():
        problems.append("no unit.yaml for the new unit")
    if planted.project and draft.project_file(planted.project) is None:
        problems.append(f"no projects/<slug>.yaml named {planted.project}")
    printed = oracle.source_numbers(draft.sources, draft.unit, str(draft.year), *args)
    problems += [f"not in the source: {w}" for w in oracle.numbers_not_in_source(draft.folder, printed)]
    unit_yaml = draft.repo / "units" / draft.unit / "unit.yaml"
    if unit_yaml.is_file():
        for loc, text in oracle.walk(oracle.load(unit_yaml)):
            for token in oracle.draft_tokens(text):
                if oracle.number_key(token) not in printed:
                    problems.append(f"not in the source: unit.yaml:{'.'.join(map(str, loc))}: {token!r}")
    problems += personal_problems(draft, planted)
    problems += figure_problems(draft, planted)
    return problems
