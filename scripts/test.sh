#!/usr/bin/env bash
# The whole suite, first on the embedded SQLite database (rate limits in memory), then on a
# throwaway PostgreSQL with a throwaway Redis holding the rate limits.
#   scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
make -s setup
PYTEST=(.venv/bin/python -m pytest "$@")

echo "== tests on SQLite =="
env -u DATABASE_URL "${PYTEST[@]}"
echo "== tests on PostgreSQL, rate limits in Redis =="
scripts/with-redis.sh scripts/with-postgres.sh "${PYTEST[@]}"
