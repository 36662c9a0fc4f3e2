#!/usr/bin/env bash
# The whole test run, as the README's Quickstart gives it and as CI runs it:
# installs what the tests need (Debian's chromium, the Python package with its test and dev extras,
# the Neo4j Community jars from Maven Central), lints and type-checks, then runs pytest. The pytest
# session starts one real Neo4j server and stops it at the end, also when tests fail.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1 || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  echo "== installing Debian's chromium and DejaVu fonts" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

echo "== installing overlapgraph with its test and dev extras" >&2
python3 -m pip install -q --disable-pip-version-check -e ".[test,dev]"

echo "== resolving Neo4j Community from Maven Central" >&2
python3 -m overlapgraph.store.local_server build

echo "== ruff" >&2
python3 -m ruff check .
python3 -m ruff format --check overlapgraph tests bench scripts
echo "== mypy" >&2
python3 -m mypy
echo "== pytest" >&2
python3 -m pytest "$@"
