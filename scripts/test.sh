#!/usr/bin/env bash
# The whole suite, first on the embedded SQLite database (rate limits in memory), then on a
# throwaway PostgreSQL with a throwaway Redis holding the rate limits.
#   scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
make -s setup
# The console's browser tests drive Debian's Chromium (Playwright cannot download its own here)
# and need a CJK font, or every Chinese character renders as a box in the screenshots.
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "wenquanyi micro hei"; then
    echo "== installing chromium and fonts-wqy-microhei =="
    SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi
PYTEST=(.venv/bin/python -m pytest "$@")

echo "== tests on SQLite =="
env -u DATABASE_URL "${PYTEST[@]}"
echo "== tests on PostgreSQL, rate limits in Redis =="
scripts/with-redis.sh scripts/with-postgres.sh "${PYTEST[@]}"
