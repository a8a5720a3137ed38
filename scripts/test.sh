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

# The two halves run at once (each mostly waits on one core: Python, or the database and the
# browser); the SQLite half's report follows the PostgreSQL half's.
SQLITE_LOG=$(mktemp)
trap 'rm -f "$SQLITE_LOG"' EXIT
echo "== tests on SQLite and, at the same time, on PostgreSQL with rate limits in Redis =="
env -u DATABASE_URL "${PYTEST[@]}" -p no:cacheprovider >"$SQLITE_LOG" 2>&1 &
SQLITE_PID=$!
PG_RC=0
scripts/with-redis.sh scripts/with-postgres.sh "${PYTEST[@]}" || PG_RC=$?
SQLITE_RC=0
wait "$SQLITE_PID" || SQLITE_RC=$?
echo "== tests on SQLite =="
cat "$SQLITE_LOG"
echo "== SQLite: exit $SQLITE_RC; PostgreSQL: exit $PG_RC =="
[ "$SQLITE_RC" = 0 ] && [ "$PG_RC" = 0 ]
