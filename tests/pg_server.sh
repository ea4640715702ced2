#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite's PostgreSQL pass (make test).
#   tests/pg_server.sh start   install Debian's postgresql if missing (as root), start a
#                              server on a free port of 127.0.0.1 owned by the postgres user
#                              (never root), print its admin URL on stdout
#   tests/pg_server.sh stop    stop it and remove its data
#   tests/pg_server.sh halt    stop it, keeping its data (the fault tests: a server gone away)
#   tests/pg_server.sh resume  start a halted server again, on the same port
#   tests/pg_server.sh restart halt, then resume
# Where PostgreSQL cannot be installed or started, `start` prints nothing on stdout and
# says why on stderr; make test then skips the PostgreSQL pass with that message.
set -u
# One server per checkout (several checkouts may run their tests at once on one machine):
# its folder is named after this checkout, its port is a free one, remembered in the folder.
here=$(cd "$(dirname "$0")/.." && pwd)
DIR=${LITSEARCH_PG_DIR:-/tmp/litsearch-test-pg-$(printf '%s' "$here" | cksum | cut -d' ' -f1)}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=${LITSEARCH_PG_PORT:-$(cat "$DIR/port" 2>/dev/null || free_port)}
bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

start() {
  if [ -z "$(bin)" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "Installing PostgreSQL for the PostgreSQL test pass (apt-get install postgresql)" >&2
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >&2 \
        || { echo "warning: apt-get could not install postgresql" >&2; return 0; }
    else
      echo "warning: PostgreSQL is not installed and cannot be here (needs root and apt-get)" >&2
      return 0
    fi
  fi
  local pgbin; pgbin=$(bin)
  [ -n "$pgbin" ] || { echo "warning: no PostgreSQL server binaries found" >&2; return 0; }
  stop >/dev/null 2>&1
  local owner=postgres
  id "$owner" >/dev/null 2>&1 || owner=$(id -un)
  if [ "$owner" = root ]; then
    echo "warning: no postgres user to run the server as (it never runs as root)" >&2
    return 0
  fi
  mkdir -p "$DIR" && chown "$owner" "$DIR"
  echo "$PORT" > "$DIR/port"
  local as=(); [ "$(id -un)" = "$owner" ] || as=(runuser -u "$owner" --)
  if ! "${as[@]}" "$pgbin/initdb" -D "$DIR/data" -A trust -U postgres >"$DIR/initdb.log" 2>&1; then
    echo "warning: initdb failed (see $DIR/initdb.log)" >&2; return 0
  fi
  if ! ctl start >/dev/null; then
    echo "warning: the PostgreSQL server did not start (see $DIR/server.log)" >&2; return 0
  fi
  echo "postgresql://postgres@127.0.0.1:$PORT/postgres"
}

# pg_ctl on this checkout's server, as the user that owns it.
ctl() {
  local pgbin; pgbin=$(bin)
  local as=(); [ "$(id -un)" = postgres ] || ! id postgres >/dev/null 2>&1 || as=(runuser -u postgres --)
  "${as[@]}" "$pgbin/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 -m fast \
    -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" "$@"
}

halt() { [ -d "$DIR/data" ] && ctl stop >/dev/null; }
resume() { [ -d "$DIR/data" ] && ctl start >/dev/null; }

stop() {
  local pgbin; pgbin=$(bin)
  if [ -n "$pgbin" ] && [ -d "$DIR/data" ]; then
    local as=(); [ "$(id -un)" = postgres ] || ! id postgres >/dev/null 2>&1 || as=(runuser -u postgres --)
    "${as[@]}" "$pgbin/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1
  fi
  rm -rf "$DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  halt) halt ;;
  resume) resume ;;
  restart) halt && resume ;;
  *) echo "usage: $0 start|stop|halt|resume|restart" >&2; exit 2 ;;
esac
