import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pytest  # noqa: E402


def _site_of(repo: Path) -> Path:
    """Build ``repo`` through the real pipeline (pagefind included) into ``repo/site``."""
    from site_builder.build import build

    out = repo / "site"
    build(repo, out, log=lambda line: None)
    return out


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once from the real reports."""
    from derive import repo_copy

    return _site_of(repo_copy(tmp_path_factory.mktemp("built")))


@pytest.fixture(scope="session")
def many_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built from the real reports plus derived test units (tests/derive.py), with a history: its search
    index has a base tier (an older commit, some of its pages stale) and a recent one."""
    from derive import many_units_history

    return _site_of(many_units_history(tmp_path_factory.mktemp("many")))


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built from a copy of the repository with scripts, handlers and bad links planted (tests/hostile.py)."""
    from hostile import planted_repo

    return _site_of(planted_repo(tmp_path_factory.mktemp("hostile")))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, driven by Playwright: one instance for every browser test (Playwright's sync API
    allows one per thread), with the options of tests/test_browser.py."""
    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM, CHROMIUM_ARGS

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run scripts/test.sh (apt-get install chromium)"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


SUMMARY: list[str] = []
"""Figures the tests measure (redaction recall and precision…), printed at the end of every run."""


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for line in SUMMARY:
        terminalreporter.write_line(line)
