#!/usr/bin/env bash
# Install everything the tests need (the locked Python packages; Debian's chromium and CJK fonts for the browser
# tests, openssh-server and rsync for the deploy tests, which start an sshd on 127.0.0.1, LibreOffice without its
# desktop for importing .doc/.wps/.xls/.et) and run them all.
# Needs root or sudo for apt-get; the pagefind binary and axe-core are fetched, pinned and checked, by the code.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh test

if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' \
   || ! command -v rsync >/dev/null 2>&1 || ! command -v ssh >/dev/null 2>&1 || [ ! -x /usr/sbin/sshd ] \
   || ! command -v soffice >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk \
    openssh-server openssh-client rsync >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    libreoffice-writer-nogui libreoffice-calc-nogui >/dev/null
fi

python -m ruff check .
python -m ruff format --check .
python -m mypy
python -m pytest -q "$@"
