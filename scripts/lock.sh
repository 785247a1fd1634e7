#!/usr/bin/env bash
# Refresh the lock (requirements/build.txt and requirements/test.txt) from pyproject.toml: every dependency,
# direct and transitive, at the newest version the ranges allow, with the hashes of every published file, for
# Python 3.11 on any platform. Run it after changing a dependency in pyproject.toml, then run the tests
# (`bash scripts/test.sh`) and regenerate what depends on library versions (`python -m site_builder schema`).
# Dependabot does the same in its pull requests (.github/dependabot.yml).
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/lock-tool.txt
compile=(python -m uv pip compile pyproject.toml requirements/build-system.in --universal --python-version 3.11
         --generate-hashes --quiet "$@")
"${compile[@]}" -o requirements/build.txt
"${compile[@]}" --extra test -o requirements/test.txt
echo "requirements/build.txt and requirements/test.txt refreshed; now run: bash scripts/test.sh"
