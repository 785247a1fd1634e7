"""What changed between two versions of a report, in plain Chinese, figure by figure.

Takes the files of a report folder (``report.yaml``, ``narrative.md``, ``projects/*``) as bytes at two versions;
gives the list of changes (:func:`compare`), each named by the printed Chinese titles of the schema and written
``old → new`` (:func:`diff_data` for two YAML data).  The YAML data are compared, never the text: a re-indented
file or an edited comment changes nothing.  Values of personal fields never appear, and any phone number or
signature in a changed text is masked.
"""

from __future__ import annotations

import difflib
import json
import types
import typing
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from site_builder.messages import field_path
from site_builder.public.redact import redact_text
from site_builder.schema import ProjectReport, Report, is_personal_field
from site_builder.sources.yamlsource import SourceError, decode, parse_yaml

NARRATIVE_CHANGED = "文字部分有修改"
_MAX_VALUE = 40  # a longer text is reported as changed, without its old and new wording

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
