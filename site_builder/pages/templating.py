"""The Jinja environment of every template (``templates/``): autoescaping on, unknown names an error, the filters
that format figures as printed.  One place, for the pages mkdocs renders and for the generated ones."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from site_builder.money import fmt
from site_builder.pages.tables import cell

TEMPLATES = Path(__file__).parent / "templates"
ASSETS = Path(__file__).parent / "assets"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True, enabled_extensions=("j2",)),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["fmt"] = fmt
    env.filters["cell"] = lambda v: Markup(cell(v))
    env.filters["evaluator_row"] = lambda e: [e.name, e.title, e.unit]
    return env
