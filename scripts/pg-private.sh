#!/usr/bin/env bash
# A private PostgreSQL server from Debian's packages, for the demo and the tests.
#
#   scripts/pg-private.sh start STATE_DIR [--fast]   initdb if needed, start, print the conninfo
#   scripts/pg-private.sh stop STATE_DIR             stop it (fast shutdown)
#   scripts/pg-private.sh conninfo STATE_DIR         print the conninfo of a started server
#
# It listens on a unix socket inside its own directory and on 127.0.0.1 at a free port, never on
# other addresses; trust authentication is safe only because of that. --fast turns fsync off,
# which a throwaway test cluster does not need. STATE_DIR/conninfo holds the libpq conninfo.
set -euo pipefail

usage() { echo "usage: $0 start|stop|conninfo STATE_DIR [--fast]" >&2; exit 2; }
[ $# -ge 2 ] || usage
action=$1
state=$(realpath -m "$2")
fast=${3:-}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "pg-private: no PostgreSQL server installed (run scripts/install-deps.sh)" >&2; exit 1; }

# initdb refuses to run as root: as root, the cluster belongs to the postgres user, and lives
# where that user can reach it (a build tree under /root is not).
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

datadir_of() { cat "$state/datadir"; }

start() {
    mkdir -p "$state"
    if [ -f "$state/datadir" ] && as_owner "$bindir/pg_ctl" -D "$(datadir_of)" status >/dev/null 2>&1; then
        cat "$state/conninfo"
        return
    fi
    local data="$state/data"
    # A cluster made before (perhaps in /tmp, see below) is reused rather than made again.
    if [ -f "$state/datadir" ] && [ -f "$(datadir_of)/PG_VERSION" ]; then
        data=$(datadir_of)
    elif [ "$(id -u)" -eq 0 ]; then
        mkdir -p "$data"
        chown postgres: "$data"
        if ! runuser -u postgres -- test -w "$data"; then
            data=$(mktemp -d /tmp/sluice-pg.XXXXXX)
            chown postgres: "$data"
        fi
    fi
    echo "$data" > "$state/datadir"
    if [ ! -f "$data/PG_VERSION" ]; then
        as_owner "$bindir/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >"$state/initdb.log" 2>&1 \
            || { cat "$state/initdb.log" >&2; exit 1; }
    fi
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    local options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$data"
    [ "$fast" = "--fast" ] && options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    as_owner "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -o "$options" -w -t 60 start >/dev/null \
        || { tail -n 20 "$data/server.log" >&2; exit 1; }
    echo "host=$data port=$port user=postgres dbname=postgres" > "$state/conninfo"
    cat "$state/conninfo"
}

stop() {
    [ -f "$state/datadir" ] || return 0
    as_owner "$bindir/pg_ctl" -D "$(datadir_of)" -m fast -w stop >/dev/null 2>&1 || true
}

case "$action" in
    start) start ;;
    stop) stop ;;
    conninfo) cat "$state/conninfo" ;;
    *) usage ;;
esac
