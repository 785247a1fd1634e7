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
