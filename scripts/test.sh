#!/usr/bin/env bash
# The whole suite, first on the embedded SQLite database, then on a throwaway PostgreSQL.
#   scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
make -s setup
PYTEST=(.venv/bin/python -m pytest "$@")

echo "== tests on SQLite =="
env -u DATABASE_URL "${PYTEST[@]}"
echo "== tests on PostgreSQL =="
scripts/with-postgres.sh "${PYTEST[@]}"
