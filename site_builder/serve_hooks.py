"""mkdocs hooks used only by ``serve``: regenerate the pages from units/ before every rebuild."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from site_builder.serve import ROOT_ENV, regenerate


def on_pre_build(config: Any) -> None:
    for line in regenerate(Path(os.environ[ROOT_ENV]), Path(config["docs_dir"])):
        print(line)
