#!/bin/bash
# Throw-away PostgreSQL cluster for tests and benchmarks: a temp dir, TCP on 127.0.0.1 only, no systemd,
# fsync off. Prints the connection URL on stdout. Stop it with scripts/pg/stop.sh <dir>.
#   PGBASE  cluster folder (default: a new temp dir; printed on stderr)
#   PGPORT  port (default: a free one)
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$PGBIN" ]]; then
  echo "start.sh: PostgreSQL is not installed (apt-get install -y postgresql)" >&2
  exit 3
fi
PGBASE=${PGBASE:-$(mktemp -d /tmp/dance-pg.XXXXXX)}
PGPORT=${PGPORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
mkdir -p "$PGBASE"
if [[ $(id -u) == 0 ]]; then
  chown postgres:postgres "$PGBASE"
  R() { runuser -u postgres -- "$@"; } # initdb and postgres refuse to run as root
else
  R() { "$@"; }
fi
R "$PGBIN/initdb" -D "$PGBASE/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
  -E UTF8 --locale=C.UTF-8 >"$PGBASE/initdb.log"
R "$PGBIN/pg_ctl" -D "$PGBASE/data" -l "$PGBASE/pg.log" -w -t 60 start \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGBASE -c fsync=off -c synchronous_commit=off" >/dev/null
R "$PGBIN/psql" -h "$PGBASE" -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -q <<SQL
CREATE ROLE dance LOGIN PASSWORD 'dance';
CREATE DATABASE dance OWNER dance;
SQL
echo "cluster in $PGBASE" >&2
echo "postgresql://dance:dance@127.0.0.1:$PGPORT/dance"
