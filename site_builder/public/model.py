"""The public model: what may be rendered (pipeline load → validate → public → render).

Personal fields (schema fields marked 个人信息: phones, 填报人, 签字, 签章) are dropped outright;
every other string anywhere in the model goes through :func:`site_builder.public.redact.redact_text`,
because clerks paste phone numbers and signature lines into free text too.  Figures are
``Decimal`` and never touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import BaseModel

from site_builder.messages import Message, field_path, parse_field_path
from site_builder.money import CellAmount
from site_builder.public.redact import Removal, mask, redact_text
from site_builder.public.textnorm import MARKER
from site_builder.schema import ProjectReport, Report, Score, Unit, is_personal_field
from site_builder.sources.yamlsource import read_yaml

if TYPE_CHECKING:
    from site_builder.checks.validate import Checked, ValidUnit
    from site_builder.sources.history import Correction

__all__ = [
    "FieldRemoval",
    "KeptUnit",
    "PublicUnitResult",
    "ReportSummary",
    "UnitSummary",
    "assemble",
    "kept_unit",
    "public_site",
    "public_unit",
    "personal_values",
    "public_markdown",
    "public_project",
    "public_report",
    "redact_file",
    "summarise",
]


@dataclass(frozen=True)
class FieldRemoval:
    """A value removed from the public model, located by its field path."""

    field: str  # e.g. "goals[0].actual" or "contact.phone"
    kind: str  # "phone" | "signature"
    masked: str


M = TypeVar("M", bound=BaseModel)
_Loc = tuple[str | int, ...]


def _personal_fields(model: BaseModel, loc: _Loc = ()) -> Iterator[tuple[_Loc, BaseModel, str]]:
    """``(location, owner, name)`` of every field of ``model`` that :data:`~site_builder.schema.PERSONAL_FIELDS`
    names: the schema says which fields are personal, this only walks the model to find them."""
    for name in type(model).model_fields:
        here = (*loc, name)
        value = getattr(model, name)
        if is_personal_field(here):
            yield here, model, name
        elif isinstance(value, BaseModel):
            yield from _personal_fields(value, here)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _personal_fields(item, (*here, i))


def _strings(value: Any, loc: _Loc) -> Iterator[tuple[_Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name), (*loc, name))


def _personal(model: BaseModel) -> list[tuple[_Loc, str, str]]:
    """``(location, kind, value)`` of every non-empty personal value (a phone field is a phone, any other a
    signature)."""
    return [
        (at, "phone" if at[-1] == "phone" else "signature", text)
        for loc, owner, name in _personal_fields(model)
        for at, text in _strings(getattr(owner, name), loc)
        if text.strip()
    ]


def _strip_personal(model: BaseModel) -> None:
    for _, owner, name in list(_personal_fields(model)):
        setattr(owner, name, None)


def _redact_value(value: Any, loc: _Loc, out: list[FieldRemoval], lines: list[int] | None = None) -> Any:
    """``value`` with every string in it redacted (models are changed in place).

    ``lines`` receives, per removal, how many lines into its string value it starts.
    """
    if isinstance(value, str):
        text, removals = redact_text(value)
        out.extend(FieldRemoval(field_path(loc), r.kind, r.masked) for r in removals)
        if lines is not None:
            lines.extend(value.count("\n", 0, r.start) for r in removals)
        return text
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            current = getattr(value, name)
            new = _redact_value(current, (*loc, name), out, lines)
            if new is not current:
                setattr(value, name, new)
        return value
    if isinstance(value, list):
        for i, item in enumerate(value):
            value[i] = _redact_value(item, (*loc, i), out, lines)
        return value
    if isinstance(value, dict):
        for key in list(value):
            value[key] = _redact_value(value[key], (*loc, str(key)), out, lines)
        return value
    return value


def _public(model: M, lines: list[int] | None = None) -> tuple[M, list[FieldRemoval]]:
    copy = model.model_copy(deep=True)
    removals = [FieldRemoval(field_path(loc), kind, mask(value, kind)) for loc, kind, value in _personal(copy)]
    if lines is not None:
        lines.extend(0 for _ in removals)
    _strip_personal(copy)
    _redact_value(copy, (), removals, lines)
    return copy, removals


def public_report(report: Report) -> tuple[Report, list[FieldRemoval]]:
    """A deep copy of ``report`` fit for the public site, and what was removed."""
    return _public(report)


def public_project(project: ProjectReport) -> tuple[ProjectReport, list[FieldRemoval]]:
    """A deep copy of ``project`` fit for the public site, and what was removed."""
    return _public(project)


_DEAD_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*" + re.escape(MARKER) + r"\s*\)")


def public_markdown(text: str) -> tuple[str, list[Removal]]:
    """A narrative fit for the public site; removal offsets refer to the original ``text``.

    A link whose whole target was a phone (``[拨打](tel:…)``) becomes its text followed by the marker.
    """
    public, removals = redact_text(text)
    public = _DEAD_LINK.sub(lambda m: m.group(1) + MARKER if MARKER not in m.group(1) else m.group(1), public)
    return public, removals


def personal_values(report: Report | ProjectReport) -> set[str]:
    """The values of the personal fields (phones, signature names): secrets for the leak scan."""
    return {value.strip() for _, _, value in _personal(report)}


# ---------------------------------------------------------------- CLI preview


class _Dumper(yaml.SafeDumper):
    """Dumps figures (Decimal) as plain YAML numbers exactly as written."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = str(value)
    if "E" in text or "e" in text:
        text = format(value, "f")
    tag = "tag:yaml.org,2002:int" if re.fullmatch(r"-?\d+", text) else "tag:yaml.org,2002:float"
    return dumper.represent_scalar(tag, text)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_cell_amount(dumper: yaml.SafeDumper, value: CellAmount) -> yaml.MappingNode:
    """A cell that printed its own unit, as it is written: ``{value: 0.19, unit: 元}``."""
    return dumper.represent_mapping(
        "tag:yaml.org,2002:map", {"value": Decimal(value), "unit": value.unit}, flow_style=True
    )


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(CellAmount, _represent_cell_amount)
_Dumper.add_representer(str, _represent_str)


def _model_for(path: Path) -> type[BaseModel]:
    if path.name == "unit.yaml":
        return Unit
    if path.name == "report.yaml":
        return Report
    if path.parent.name == "projects":
        return ProjectReport
    raise ValueError(f"不认识的文件：{path}（应为 report.yaml、unit.yaml 或 projects/<项目>.yaml）")


def dump_yaml(data: Any) -> str:
    """YAML in the sources' style: Chinese as is, keys in model order, figures as numbers."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6)


def redact_file(path: Path) -> tuple[str, list[tuple[int, str, str]]]:
    """The public form of one source file and ``(line, kind, masked)`` for each removal.

    ``.md`` narratives go through :func:`public_markdown`; ``report.yaml`` and
    ``projects/<slug>.yaml`` through the public model; ``unit.yaml`` holds nothing personal and is
    shown unchanged.  A YAML file that does not validate raises ``pydantic.ValidationError``.
    """
    path = Path(path)
    if path.suffix.lower() in (".md", ".markdown"):
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        public, removals = public_markdown(text)
        return public, [(text.count("\n", 0, r.start) + 1, r.kind, r.masked) for r in removals]
    model_type = _model_for(path)
    doc = read_yaml(path)
    model = model_type.model_validate(doc.data)
    field_removals: list[FieldRemoval] = []
    offsets: list[int] = []
    if isinstance(model, (Report, ProjectReport)):
        model, field_removals = _public(model, offsets)
    data = model.model_dump(mode="python", exclude_none=True)
    located = []
    for removal, offset in zip(field_removals, offsets, strict=True):
        line = doc.position(parse_field_path(removal.field))[0]
        # a multi-line value is a block scalar (|) whose text starts on the line after its key
        located.append((line + 1 + offset if offset else line, removal.kind, removal.masked))
    return dump_yaml(data), sorted(located)


# ------------------------------------------------------------------ the public site model


@dataclass
class PublicProject:
    """A project report as the public sees it."""

    model: ProjectReport
    narrative: str | None
    warnings: list[str]


@dataclass(frozen=True)
class PublicCorrection:
    """A correction after first publication (from the repository's history), as readers see it."""

    date: str  # YYYY-MM-DD
    changes: list[str]


@dataclass
class PublicReport:
    """A unit-year as the public sees it: redacted models, narratives and warnings."""

    model: Report
    narrative: str | None
    projects: list[PublicProject]
    warnings: list[str]
    corrections: list[PublicCorrection] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.model.year


@dataclass
class PublicUnit:
    model: Unit
    reports: list[PublicReport]


@dataclass(frozen=True)
class ReportSummary:
    """What the site-wide pages say of a report: the home page, the list of units, the feed, the search's tiers
    and the check that every page was written."""

    year: int
    report_date: date | None
    score: Score | None
    projects: tuple[str, ...]  # slugs
    warnings: int
    corrections: tuple[PublicCorrection, ...]


@dataclass(frozen=True)
class UnitSummary:
    """A unit as the site-wide pages show it (:class:`ReportSummary`); kept for every unit, so that a build need
    not load the whole public model of a unit whose pages it does not render again."""

    model: Unit
    reports: tuple[ReportSummary, ...]


def summarise(unit: PublicUnit) -> UnitSummary:
    return UnitSummary(
        unit.model,
        tuple(
            ReportSummary(
                r.year,
                r.model.cover.report_date,
                r.model.score,
                tuple(p.model.slug for p in r.projects),
                len(r.warnings),
                tuple(r.corrections),
            )
            for r in unit.reports
        ),
    )


@dataclass
class PublicSite:
    """Everything the renderer, the index and the downloads may use; nothing personal is in it.

    ``summaries`` holds every unit, by id; a unit's whole public model is :meth:`unit`: held for the units this
    build made, read by ``load`` for the units the build cache kept (only their pages that must be rendered again
    need it).
    """

    summaries: list[UnitSummary]
    secrets: set[str]  # personal values from the sources, for the leak scan only; never rendered
    held: dict[str, PublicUnit] = field(default_factory=dict)
    load: Callable[[str], PublicUnit] | None = None
    public_numbers: set[str] = field(
        default_factory=set
    )  # declared public by the reports (the leak gate lets them pass)

    def unit(self, uid: str) -> PublicUnit:
        found = self.held.get(uid)
        if found is None:
            if self.load is None:
                raise KeyError(uid)
            found = self.held[uid] = self.load(uid)
        return found

    @property
    def units(self) -> list[PublicUnit]:
        """Every unit's public model, by id (reading every one the cache kept: for tests and tools, not the build)."""
        return [self.unit(s.model.id) for s in self.summaries]


def _public_warning(message: Message) -> str:
    """A warning as readers see it: the plain sentence, redacted like any other text."""
    text, _ = redact_text(message.text)
    return text


def _public_names(model: Report | ProjectReport) -> set[str]:
    """Names in official roles: public record, so never treated as a leak even if also written as a signature."""
    names = {e.name for e in model.evaluators if e.name}
    if isinstance(model, Report) and model.contact and model.contact.name:
        names.add(model.contact.name)
    if isinstance(model, ProjectReport) and model.leader and model.leader.name:
        names.add(model.leader.name)
    return names


@dataclass
class PublicUnitResult:
    """One unit's public model and what the build needs besides: the leak scan's secrets, the official names."""

    unit: PublicUnit
    secrets: set[str]  # personal values of this unit's sources
    names: set[str]  # names in official roles (evaluators, contacts, leaders): public record, never a leak
    public_numbers: set[str] = field(default_factory=set)  # the reports' public_numbers declarations


def public_unit(unit: ValidUnit, history: Mapping[tuple[str, int], list[Correction]] | None = None) -> PublicUnitResult:
    """The public model of one validated unit: personal fields dropped, free text redacted.

    ``history`` maps (unit id, year) to the corrections read from git (:mod:`site_builder.sources.history`).
    A unit's public model depends on its own sources and history only, so a build may reuse it while those
    are unchanged (:mod:`site_builder.cache`).
    """
    reports: list[PublicReport] = []
    secrets: set[str] = set()
    for rep in sorted(unit.reports, key=lambda r: r.model.year):
        secrets |= personal_values(rep.model)
        model, _ = public_report(rep.model)
        narrative = public_markdown(rep.narrative)[0] if rep.narrative is not None else None
        projects = []
        for proj in sorted(rep.projects, key=lambda p: p.model.slug):
            secrets |= personal_values(proj.model)
            pmodel, _ = public_project(proj.model)
            pnarr = public_markdown(proj.narrative)[0] if proj.narrative is not None else None
            pwarn = [_public_warning(w) for w in rep.warnings if w.path == proj.source.path]
            projects.append(PublicProject(pmodel, pnarr, pwarn))
        warnings = [_public_warning(w) for w in rep.warnings if w.path == rep.source.path]
        found = (history or {}).get((unit.model.id, rep.model.year), [])
        fixes = [PublicCorrection(c.date[:10], [redact_text(line)[0] for line in c.changes]) for c in found]
        reports.append(PublicReport(model, narrative, projects, warnings, fixes))
    models = [m for r in unit.reports for m in r.models()]
    names = {n for m in models for n in _public_names(m)}
    declared = {d.number for m in models for d in m.public_numbers}
    return PublicUnitResult(PublicUnit(unit.model, reports), secrets, names, declared)


@dataclass
class KeptUnit:
    """What a build holds of a unit whose public model the build cache kept: its summary, secrets and names."""

    summary: UnitSummary
    secrets: set[str]
    names: set[str]
    public_numbers: set[str] = field(default_factory=set)


def kept_unit(result: PublicUnitResult) -> KeptUnit:
    return KeptUnit(summarise(result.unit), result.secrets, result.names, result.public_numbers)


def assemble(
    units: Sequence[KeptUnit], held: Mapping[str, PublicUnit], load: Callable[[str], PublicUnit] | None = None
) -> PublicSite:
    """The public site of these units, sorted by id, with the secrets no official name accounts for; ``held``:
    the public models at hand (made in this build), by unit id; ``load`` reads the others when needed."""
    summaries = sorted((k.summary for k in units), key=lambda s: s.model.id)
    secrets = set().union(*(k.secrets for k in units))
    names = set().union(*(k.names for k in units))
    declared = set().union(*(k.public_numbers for k in units))
    return PublicSite(summaries, secrets - names, dict(held), load, declared)


def public_site(checked: Checked, history: Mapping[tuple[str, int], list[Correction]] | None = None) -> PublicSite:
    """The public model of every validated unit (see :func:`public_unit`)."""
    results = [public_unit(unit, history) for unit in checked.units]
    return assemble([kept_unit(r) for r in results], {r.unit.model.id: r.unit for r in results})
