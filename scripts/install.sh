#!/usr/bin/env bash
# Install the project from the lock: `bash scripts/install.sh build` (what building the site needs) or
# `bash scripts/install.sh test` (that and the test tools). Every package, direct or transitive, comes at the
# exact version and hash written in requirements/<what>.txt; the project itself is installed without fetching
# anything more (its build backend, setuptools, is in the lock too). Refresh the lock with `bash scripts/lock.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-build}"
case "$what" in
  build|test) ;;
  *) echo "usage: bash scripts/install.sh build|test" >&2; exit 2 ;;
esac
pip=(python -m pip install --quiet --disable-pip-version-check)
"${pip[@]}" --require-hashes -r "requirements/$what.txt"
"${pip[@]}" --no-deps --no-build-isolation -e .
