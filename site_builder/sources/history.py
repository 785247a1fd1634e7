"""Corrections to a published report, from the repository's history.

A report is published by the commit on the main line that first contains its ``report.yaml``; every later
commit on that line that changes the report's data (``report.yaml``, ``narrative.md``, ``projects/*``) is a
correction.  Each is described in plain Chinese, figure by figure (``old → new``), by comparing the YAML
data of consecutive versions, never their text: a re-indented file or an edited comment is no correction.

Only the first-parent line of ``HEAD`` is followed (``git log --first-parent``): a pull request merged with
several commits is one correction, as the public saw it.  Values of personal fields (phones, signatures)
never appear in a description, and any phone number or signature in a changed text is masked.

API::

    corrections(repo_root, unit_id, year) -> list[Correction]   # oldest first; [] without git history
    all_corrections(repo_root, keys) -> {(unit_id, year): list[Correction]}   # the same for many reports at once

``all_corrections`` reads the history of ``units/`` with one ``git log`` and every version needed with one
``git cat-file --batch``, instead of a few git processes per report and version.
"""

from __future__ import annotations

import difflib
import json
import subprocess
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from site_builder.messages import field_path
from site_builder.public.redact import redact_text
from site_builder.schema import ProjectReport, Report, is_personal_field
from site_builder.sources.yamlsource import SourceError, decode, parse_yaml

NARRATIVE_CHANGED = "文字部分有修改"
_MAX_VALUE = 40  # a longer text is reported as changed, without its old and new wording


@dataclass
class Correction:
    """One correction to a published report: when (commit date, ISO 8601), which commit, what changed."""

    date: str
    commit: str
    changes: list[str]


# ---------------------------------------------------------------- git


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotepath=off", *args],
            input=data,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _toplevel(root: Path) -> Path | None:
    out = _git(root, "rev-parse", "--show-toplevel")
    return Path(out.decode("utf-8").strip()) if out else None


def _blobs(top: Path, specs: list[str]) -> dict[str, bytes | None]:
    """The contents of ``<commit>:<path>`` for each spec, through one ``git cat-file --batch``."""
    if not specs:
        return {}
    out = _git(top, "cat-file", "--batch", data="".join(f"{s}\n" for s in specs).encode("utf-8"))
    result: dict[str, bytes | None] = {}
    if out is None:
        return {s: None for s in specs}
    pos = 0
    for spec in specs:
        end = out.find(b"\n", pos)
        if end < 0:
            result[spec] = None
            continue
        header = out[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            result[spec] = out[pos : pos + size]
            pos += size + 1
        elif len(header) == 3:  # a tree or other object: skip its body
            pos += int(header[2]) + 1
            result[spec] = None
        else:  # "<spec> missing"
            result[spec] = None
    return result


# ---------------------------------------------------------------- one version of a report


@dataclass
class _Version:
    commit: str
    date: str
    files: dict[str, bytes]  # path relative to the report folder → content


def _is_report_file(rel: str) -> bool:
    if rel in ("report.yaml", "narrative.md"):
        return True
    parts = rel.split("/")
    return len(parts) == 2 and parts[0] == "projects" and parts[1].endswith((".yaml", ".md"))


def _versions(root: Path, unit_id: str, year: int) -> list[_Version]:
    top = _toplevel(root)
    if top is None:
        return []
    try:
        folder = (root.resolve() / "units" / unit_id / str(year)).relative_to(top.resolve()).as_posix()
    except ValueError:
        return []
    pathspecs = [f"{folder}/report.yaml", f"{folder}/narrative.md", f"{folder}/projects"]
    log = _git(top, "log", "--first-parent", "--reverse", "--format=%H%x00%cI", "HEAD", "--", *pathspecs)
    if not log:
        return []
    commits = [tuple(line.split("\x00")) for line in log.decode("utf-8").splitlines() if "\x00" in line]
    versions: list[_Version] = []
    for commit, when in commits:
        listing = _git(top, "ls-tree", "-r", "-z", "--name-only", commit, "--", f"{folder}/")
        names = [n for n in (listing or b"").decode("utf-8").split("\x00") if n]
        rels = [n[len(folder) + 1 :] for n in names if n.startswith(folder + "/")]
        rels = [r for r in rels if _is_report_file(r)]
        blobs = _blobs(top, [f"{commit}:{folder}/{r}" for r in rels])
        files = {r: blobs[f"{commit}:{folder}/{r}"] for r in rels}
        versions.append(_Version(commit, when, {r: b for r, b in files.items() if b is not None}))
    return versions


# ---------------------------------------------------------------- comparing data


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType):
            inner = [a for a in args if a is not type(None)]
            if len(inner) != 1:
                return annotation
            annotation = inner[0]
        elif origin is list:
            annotation = args[0]
        else:
            return annotation


def _titles(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The Chinese titles of the named fields along ``loc``, leaving out those of lists of rows in between."""
    titles: list[str] = []
    current: Any = model
    names = [p for p in loc if isinstance(p, str)]
    for number, part in enumerate(names):
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            break
        info = current.model_fields[part]
        inner = _unwrap(info.annotation)
        # a table's rows: "年度支出和结余情况 项目支出", not "年度支出和结余情况 各机构支出和结余 项目支出"
        is_rows = "list[" in str(info.annotation) and number < len(names) - 1 and bool(titles)
        if info.title and not is_rows:
            titles.append(info.title)
        current = inner
    return titles


_ROW_NAMES = ("institution", "item", "name", "level3", "level2", "scope", "role")


def _row_name(old: Any, new: Any, index: int) -> str:
    """How the report names a row: its institution, item or indicator (as now printed); else its number."""
    for row in (new, old):
        if isinstance(row, dict):
            for key in _ROW_NAMES:
                if isinstance(row.get(key), str) and row[key].strip():
                    return " ".join(row[key].split())[:30]
    return f"第 {index + 1} 行"


def _label(model: type[BaseModel], loc: tuple[str | int, ...], rows: tuple[str, ...] = ()) -> str:
    """``年度支出和结余情况 项目支出（局机关及二级机构汇总）``: the fields' titles, then the rows' own names — the
    printed words, never a field path (the path only for a field the schema does not know)."""
    titles = _titles(model, loc)
    if not titles:
        return field_path(loc)
    return " ".join(titles) + "".join(f"（{r}）" for r in rows)


def _personal(loc: tuple[str | int, ...]) -> bool:
    return is_personal_field(loc)  # schema.PERSONAL_FIELDS: the one list the build and `redact` use too


def _show(value: Any) -> str | None:
    """A value as the public may see it, or None when it is too long or holds something personal."""
    if value is None or value == "" or value == [] or value == {}:
        return "空白"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (int, date)):
        return str(value)
    if isinstance(value, (dict, list)):
        return None
    text = str(value)
    if "\n" in text.strip() or len(text) > _MAX_VALUE:
        return None
    _, removals = redact_text(text)
    return None if removals else text.strip()


def _same(a: Any, b: Any) -> bool:
    blank: tuple[Any, ...] = (None, "", [], {})
    if a in blank and b in blank:
        return True
    if isinstance(a, (int, Decimal)) and isinstance(b, (int, Decimal)) and not isinstance(a, bool):
        return str(a) == str(b)  # figures as printed: 8.90 → 8.9 is a correction
    return type(a) is type(b) and a == b


def _canon(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def diff_data(
    old: Any, new: Any, model: type[BaseModel], loc: tuple[str | int, ...] = (), rows: tuple[str, ...] = ()
) -> list[str]:
    """Every difference between two versions of a report's data, one Chinese line each; ``rows``: the names of the
    rows ``loc`` passes through."""
    if loc and _personal(loc):
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[str] = []
        for key in list(old) + [k for k in new if k not in old]:
            changes += diff_data(old.get(key), new.get(key), model, (*loc, key), rows)
        return changes
    if isinstance(old, list) and isinstance(new, list):
        return _diff_list(old, new, model, loc, rows)
    if isinstance(old, dict) and new is None:
        return diff_data(old, {}, model, loc, rows)
    if old is None and isinstance(new, dict):
        return diff_data({}, new, model, loc, rows)
    if isinstance(old, list) and new is None:
        return _diff_list(old, [], model, loc, rows)
    if old is None and isinstance(new, list):
        return _diff_list([], new, model, loc, rows)
    if _same(old, new):
        return []
    before, after = _show(old), _show(new)
    if before is None or after is None:
        return [f"{_label(model, loc, rows)}有修改"]
    return [f"{_label(model, loc, rows)}：{before} → {after}"]


def _diff_list(
    old: list[Any], new: list[Any], model: type[BaseModel], loc: tuple[str | int, ...], rows: tuple[str, ...] = ()
) -> list[str]:
    if len(old) == len(new):
        changes: list[str] = []
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            changes += diff_data(a, b, model, (*loc, i), (*rows, _row_name(a, b, i)))
        return changes
    changes = []
    matcher = difflib.SequenceMatcher(a=[_canon(x) for x in old], b=[_canon(x) for x in new], autojunk=False)
    label = _label(model, loc, rows)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and a2 - a1 == b2 - b1:
            for i, j in zip(range(a1, a2), range(b1, b2), strict=True):
                changes += diff_data(old[i], new[j], model, (*loc, j), (*rows, _row_name(old[i], new[j], j)))
            continue
        for i in range(a1, a2):
            changes.append(f"{label}：删去原第 {i + 1} 项")
        for j in range(b1, b2):
            changes.append(f"{label}：新增第 {j + 1} 项")
    return changes


# ---------------------------------------------------------------- one version against the next


def _data(raw: bytes | None) -> tuple[bool, Any]:
    """(readable, data) of one YAML file's content."""
    if raw is None:
        return True, None
    try:
        return True, parse_yaml(decode(raw)).data
    except SourceError:
        return False, None


def _text(raw: bytes | None) -> str | None:
    """A narrative for comparison: line ends, trailing spaces and blank lines at either end do not count."""
    if raw is None:
        return None
    try:
        text = decode(raw)
    except SourceError:
        return raw.decode("utf-8", "replace")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def _project_name(slug: str, *versions: Any) -> str:
    for data in versions:
        if isinstance(data, dict) and isinstance(data.get("name"), str):
            return f"项目“{data['name']}”"
    return f"项目“{slug}”"


def compare(old: dict[str, bytes], new: dict[str, bytes]) -> list[str]:
    """What changed between two versions of a report folder (file name → content)."""
    changes: list[str] = []
    if old.get("report.yaml") != new.get("report.yaml"):  # YAML is parsed only where the bytes differ
        ok_old, data_old = _data(old.get("report.yaml"))
        ok_new, data_new = _data(new.get("report.yaml"))
        if not (ok_old and ok_new):
            changes.append("表格部分有修改")
        else:
            changes += diff_data(data_old, data_new, Report)
    if _text(old.get("narrative.md")) != _text(new.get("narrative.md")):
        changes.append(NARRATIVE_CHANGED)
    slugs = sorted({name.split("/")[1].rsplit(".", 1)[0] for name in [*old, *new] if name.startswith("projects/")})
    for slug in slugs:
        yaml_name, md_name = f"projects/{slug}.yaml", f"projects/{slug}.md"
        both = yaml_name in old and yaml_name in new
        changed = old.get(yaml_name) != new.get(yaml_name)
        narrative = both and _text(old.get(md_name)) != _text(new.get(md_name))
        if not (changed or narrative):
            continue
        ok_a, a = _data(old.get(yaml_name))
        ok_b, b = _data(new.get(yaml_name))
        name = _project_name(slug, b, a)
        if yaml_name not in old and yaml_name in new:
            changes.append(f"新增{name}的自评报告")
        elif yaml_name in old and yaml_name not in new:
            changes.append(f"删去{name}的自评报告")
        elif changed:
            if not (ok_a and ok_b):
                changes.append(f"{name}表格部分有修改")
            else:
                changes += [f"{name} {line}" for line in diff_data(a, b, ProjectReport)]
        if narrative:
            changes.append(f"{name}{NARRATIVE_CHANGED}")
    return changes


def _corrections(versions: list[_Version]) -> list[Correction]:
    published: dict[str, bytes] | None = None  # the public's version
    withdrawn = False
    found: list[Correction] = []
    for version in versions:
        if "report.yaml" not in version.files:
            if published is not None and not withdrawn:
                found.append(Correction(version.date, version.commit, ["报告已撤下"]))
                withdrawn = True
            continue
        if published is None:
            published = version.files
            continue
        changes = compare(published, version.files)
        if withdrawn:
            changes.insert(0, "报告重新发布")
            withdrawn = False
        if changes:
            found.append(Correction(version.date, version.commit, changes))
        published = version.files
    return found


def corrections(repo_root: Path, unit_id: str, year: int) -> list[Correction]:
    """The corrections made to ``units/<unit_id>/<year>/`` after it was first published, oldest first.

    ``[]`` when ``repo_root`` is not in a git repository, git is missing, or the report is not committed.
    """
    return _corrections(_versions(Path(repo_root), unit_id, int(year)))


# ---------------------------------------------------------------- many reports, one history


def _report_pathspec(rel: str) -> bool:
    """Whether a path relative to a report folder is under the pathspecs ``_versions`` gives ``git log``."""
    return rel in ("report.yaml", "narrative.md", "projects") or rel.startswith(
        ("report.yaml/", "narrative.md/", "projects/")
    )


def _history(top: Path, base: str) -> list[tuple[str, str, list[tuple[str, str | None]]]] | None:
    """The first-parent history of ``base`` (a folder relative to ``top``), oldest first: (commit, commit date,
    [(changed path, its object id afterwards or None when deleted)]), each commit against its first parent.
    ``None`` when git fails (no commits, not a repository, too old a git)."""
    out = _git(
        top,
        "log",
        "-z",
        "--first-parent",
        "--diff-merges=first-parent",
        "--no-renames",
        "--raw",
        "--no-abbrev",
        "--format=%x01%H%x00%cI",
        "HEAD",
        "--",
        base,
    )
    if out is None:
        return None
    commits: list[tuple[str, str, list[tuple[str, str | None]]]] = []
    tokens = out.decode("utf-8", "surrogateescape").split("\x00")
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        i += 1
        if token.startswith("\x01"):  # a commit: its hash, then its date
            commits.append((token[1:], tokens[i] if i < len(tokens) else "", []))
            i += 1
        elif token.startswith(":") and commits:  # ":oldmode newmode oldid newid status", then the path
            fields = token[1:].split()
            path = tokens[i] if i < len(tokens) else ""
            i += 1
            commits[-1][2].append((path, None if fields[4].startswith("D") else fields[3]))
    commits.reverse()
    return commits


def all_corrections(repo_root: Path, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], list[Correction]]:
    """``corrections(repo_root, unit_id, year)`` for every (unit_id, year) of ``keys``, from one ``git log`` of
    ``units/`` and one ``git cat-file --batch`` instead of a few git processes per report."""
    keys = list(keys)
    result: dict[tuple[str, int], list[Correction]] = {key: [] for key in keys}
    if not keys:
        return result
    root = Path(repo_root)
    top = _toplevel(root)
    if top is None:
        return result
    try:
        base = (root.resolve() / "units").relative_to(top.resolve()).as_posix()
    except ValueError:
        return result
    folders: dict[str, list[tuple[str, int]]] = {}  # report folder relative to top → its keys
    odd: list[tuple[str, int]] = []  # keys whose folder is not units/<one name>/<one name>: one by one, as before
    for key in keys:
        unit_id, year = key
        try:
            folder = (root.resolve() / "units" / unit_id / str(int(year))).relative_to(top.resolve()).as_posix()
        except ValueError:
            continue
        if folder.startswith(base + "/") and folder[len(base) + 1 :].count("/") == 1:
            folders.setdefault(folder, []).append(key)
        else:
            odd.append(key)
    history = _history(top, base) if folders else []
    if history is None:
        if _git(top, "rev-parse", "--verify", "-q", "HEAD") is not None:  # git works but not this way: one by one
            odd += [key for group in folders.values() for key in group]
        folders, history = {}, []
    # walk the history once, keeping each wanted folder's report files (path → object id) as of each commit
    state: dict[str, dict[str, str]] = {folder: {} for folder in folders}
    versions: dict[str, list[tuple[str, str, dict[str, str]]]] = {folder: [] for folder in folders}
    prefix = len(base) + 1
    for commit, when, changes in history:
        touched: set[str] = set()
        for path, object_id in changes:
            parts = path[prefix:].split("/", 2)
            if len(parts) < 3 or not path.startswith(base + "/"):
                continue
            folder = f"{base}/{parts[0]}/{parts[1]}"
            files = state.get(folder)
            if files is None:
                continue
            rel = parts[2]
            if _report_pathspec(rel):
                touched.add(folder)
            if _is_report_file(rel):
                if object_id is None:
                    files.pop(rel, None)
                else:
                    files[rel] = object_id
        for folder in touched:
            versions[folder].append((commit, when, dict(state[folder])))
    wanted = sorted({object_id for found in versions.values() for *_, files in found for object_id in files.values()})
    contents = _blobs(top, wanted)  # object ids are specs too
    for folder, found in versions.items():
        full = [
            _Version(
                commit,
                when,
                {rel: blob for rel, object_id in files.items() if (blob := contents.get(object_id)) is not None},
            )
            for commit, when, files in found
        ]
        for key in folders[folder]:
            result[key] = _corrections(full)
    for key in odd:
        result[key] = corrections(root, key[0], key[1])
    return result


def pending_changes(repo_root: Path, unit_id: str, year: int, base: str) -> list[str] | None:
    """What merging the working tree would correct in a report published at commit ``base``.

    ``None`` when the report was not published at ``base`` (a new report) or there is no git history.
    """
    root = Path(repo_root).resolve()
    top = _toplevel(root)
    if top is None:
        return None
    folder_path = root / "units" / unit_id / str(year)
    try:
        folder = folder_path.relative_to(top.resolve()).as_posix()
    except ValueError:
        return None
    listing = _git(top, "ls-tree", "-r", "-z", "--name-only", base, "--", f"{folder}/")
    if listing is None:
        return None
    rels = [n[len(folder) + 1 :] for n in listing.decode("utf-8").split("\x00") if n.startswith(folder + "/")]
    rels = [r for r in rels if _is_report_file(r)]
    if "report.yaml" not in rels:
        return None
    blobs = _blobs(top, [f"{base}:{folder}/{r}" for r in rels])
    old = {r: b for r in rels if (b := blobs.get(f"{base}:{folder}/{r}")) is not None}
    new: dict[str, bytes] = {}
    if folder_path.is_dir():
        for path in folder_path.rglob("*"):
            rel = path.relative_to(folder_path).as_posix()
            if path.is_file() and _is_report_file(rel):
                new[rel] = path.read_bytes()
    if "report.yaml" not in new:
        return ["报告将被撤下"]
    return compare(old, new)
