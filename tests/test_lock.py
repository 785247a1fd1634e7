"""The lock (requirements/*.txt): every dependency at an exact version with its hashes, and what is installed.

A fresh machine installs exactly what the lock says (scripts/install.sh); the tests run against that, so a new
release of a library can only arrive through a pull request that refreshes the lock (scripts/lock.sh).
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from seeds import ROOT

LOCKS = {"build": ROOT / "requirements" / "build.txt", "test": ROOT / "requirements" / "test.txt"}
_PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>[^ ;\\]+)\s*(?:;\s*(?P<marker>[^\\]+?))?\s*\\?$")


def locked(what: str) -> dict[str, str]:
    """Name → version of every package the lock installs on this Python (markers evaluated)."""
    pins: dict[str, str] = {}
    entries = re.split(r"\n(?=[A-Za-z])", LOCKS[what].read_text(encoding="utf-8"))
    for entry in entries:
        first = entry.splitlines()[0] if entry.strip() else ""
        if not first or first.startswith("#"):
            continue
        match = _PIN.match(first)
        assert match, f"{LOCKS[what].name}: not an exact pin: {first}"
        assert "--hash=sha256:" in entry, f"{LOCKS[what].name}: {match['name']} has no hash"
        if match["marker"] and not Marker(match["marker"]).evaluate():
            continue
        pins[canonicalize_name(match["name"])] = match["version"]
    return pins


def declared(extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    return [Requirement(text) for text in names]


@pytest.mark.parametrize("what", LOCKS)
def test_every_declared_dependency_is_locked_within_its_range(what: str) -> None:
    pins = locked(what)
    for requirement in declared("test" if what == "test" else None):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in {LOCKS[what].name}: run bash scripts/lock.sh"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{name} {pins[name]} in the lock is outside pyproject.toml's {requirement.specifier}: run bash scripts/lock.sh"
        )
    assert "setuptools" in pins  # the build backend: the project installs with --no-build-isolation, nothing unpinned


def test_the_engine_is_pinned_exactly_and_below_mkdocs_2() -> None:
    exact = {canonicalize_name(r.name): str(r.specifier) for r in declared()}
    assert exact["mkdocs"].startswith("==1.") and exact["mkdocs-material"].startswith("==9.")


def test_the_installed_packages_are_the_locked_ones() -> None:
    """The suite runs on what the lock says (scripts/test.sh installs it), not on what a machine happened to have."""
    drift = {}
    for name, version in locked("test").items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "missing"
        if installed != version:
            drift[name] = (version, installed)
    assert not drift, f"installed packages differ from requirements/test.txt (locked, installed): {drift}"


def test_the_lock_says_how_it_was_made() -> None:
    script = (ROOT / "scripts" / "lock.sh").read_text(encoding="utf-8")
    for path in LOCKS.values():
        header = path.read_text(encoding="utf-8").splitlines()[1]
        assert "uv pip compile pyproject.toml requirements/build-system.in" in header
        for option in ("--universal", "--python-version 3.11", "--generate-hashes"):
            assert option in header and option.split()[0] in script
