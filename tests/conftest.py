import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once from the real reports through the real pipeline (pagefind included)."""
    from site_builder.build import build

    out = tmp_path_factory.mktemp("built") / "site"
    build(Path(__file__).resolve().parent.parent, out, log=lambda line: None)
    return out


@pytest.fixture(scope="session")
def many_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built from the real reports plus derived test units (tests/derive.py)."""
    from derive import many_units

    from site_builder.build import build

    repo = many_units(tmp_path_factory.mktemp("many"))
    out = repo / "site"
    build(repo, out, log=lambda line: None)
    return out
