#!/usr/bin/env bash
# Run a command with a throwaway Redis on loopback (REDIS_URL exported), then stop it.
# Installs redis-server through apt where it is missing.
set -euo pipefail

if ! command -v redis-server >/dev/null 2>&1; then
  echo "with-redis: redis-server not found; installing it with apt" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >&2
fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
DIR=$(mktemp -d /tmp/yuer-redis.XXXXXX)
redis-server --bind 127.0.0.1 --port "$PORT" --save "" --appendonly no --dir "$DIR" \
  --daemonize no --loglevel warning > "$DIR/redis.log" 2>&1 &
REDIS_PID=$!
cleanup() { kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; rm -rf "$DIR"; }
trap cleanup EXIT

for _ in $(seq 50); do
  redis-cli -p "$PORT" ping >/dev/null 2>&1 && break
  sleep 0.1
done
export REDIS_URL="redis://127.0.0.1:$PORT/0"
echo "with-redis: Redis $(redis-server --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2
set +e
"$@"
status=$?
set -e
exit $status
