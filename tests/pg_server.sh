#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite's PostgreSQL pass (make test).
#   tests/pg_server.sh start   install Debian's postgresql if missing (as root), start a
#                              server on 127.0.0.1:55432 owned by the postgres user (never
#                              root), print its admin URL on stdout
#   tests/pg_server.sh stop    stop it and remove its data
# Where PostgreSQL cannot be installed or started, `start` prints nothing on stdout and
# says why on stderr; make test then skips the PostgreSQL pass with that message.
set -u
DIR=${LITSEARCH_PG_DIR:-/tmp/litsearch-test-pg}
PORT=${LITSEARCH_PG_PORT:-55432}
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
  local as=(); [ "$(id -un)" = "$owner" ] || as=(runuser -u "$owner" --)
  if ! "${as[@]}" "$pgbin/initdb" -D "$DIR/data" -A trust -U postgres >"$DIR/initdb.log" 2>&1; then
    echo "warning: initdb failed (see $DIR/initdb.log)" >&2; return 0
  fi
  if ! "${as[@]}" "$pgbin/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
      -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
      start >/dev/null; then
    echo "warning: the PostgreSQL server did not start (see $DIR/server.log)" >&2; return 0
  fi
  echo "postgresql://postgres@127.0.0.1:$PORT/postgres"
}

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
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
