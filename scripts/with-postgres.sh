#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on loopback, then stop it.
#   scripts/with-postgres.sh pytest ...      (DATABASE_URL is exported for the command)
# Installs PostgreSQL through apt where the binaries are missing; runs the server as an
# unprivileged user when invoked as root.
#   PG_DURABLE=1 scripts/with-postgres.sh ...   fsync, synchronous_commit and full-page writes on
#                                               (fault and durability runs); off by default, for speed
# The command also gets YUER_PG_CTL, a script that stops and starts this cluster
# ("$YUER_PG_CTL stop" | start | restart), for fault tests.
set -euo pipefail

find_pg_bin() {
  local candidate
  for candidate in "$(command -v pg_ctl 2>/dev/null || true)" /usr/lib/postgresql/*/bin/pg_ctl; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then dirname "$(readlink -f "$candidate")"; return 0; fi
  done
  return 1
}

PG_BIN=$(find_pg_bin || true)
if [ -z "$PG_BIN" ]; then
  echo "with-postgres: PostgreSQL not found; installing it with apt" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
  PG_BIN=$(find_pg_bin)
fi

RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  id -u postgres >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  RUN_AS=(runuser -u postgres --)
fi

DATA_DIR=$(mktemp -d /tmp/yuer-pg.XXXXXX)
chmod 755 "$DATA_DIR"
[ "$(id -u)" = 0 ] && chown postgres "$DATA_DIR"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')

cleanup() {
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$DATA_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
if [ "${PG_DURABLE:-0}" = 1 ]; then
  DURABILITY="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
else
  DURABILITY="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
SERVER_OPTIONS="-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DATA_DIR $DURABILITY -c max_connections=300"
CTL=(${RUN_AS[@]+"${RUN_AS[@]}"} "$PG_BIN/pg_ctl" -D "$DATA_DIR/data" -l "$DATA_DIR/server.log")
{
  echo '#!/usr/bin/env bash'
  echo '# stop | start | restart the throwaway cluster of scripts/with-postgres.sh'
  echo 'set -euo pipefail'
  printf 'case "${1:-}" in\n'
  printf '  stop) exec %s -m fast -w stop ;;\n' "$(printf '%q ' "${CTL[@]}")"
  printf '  start|restart) exec %s -w -o %q "$1" ;;\n' "$(printf '%q ' "${CTL[@]}")" "$SERVER_OPTIONS"
  printf '  *) echo "usage: $0 stop|start|restart" >&2; exit 2 ;;\n'
  printf 'esac\n'
} > "$DATA_DIR/pgctl"
chmod 755 "$DATA_DIR/pgctl"
"$DATA_DIR/pgctl" start >/dev/null
"$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE yuer_test" >/dev/null

export DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/yuer_test"
export YUER_PG_CTL="$DATA_DIR/pgctl"
echo "with-postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT$([ "${PG_DURABLE:-0}" = 1 ] && echo ', fsync on')" >&2
set +e
"$@"
status=$?
set -e
exit $status
