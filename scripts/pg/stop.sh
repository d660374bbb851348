#!/bin/bash
# Stops and deletes a cluster made by scripts/pg/start.sh: stop.sh <PGBASE>
set -euo pipefail
PGBASE=${1:?usage: stop.sh <cluster dir printed by start.sh>}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
if [[ $(id -u) == 0 ]]; then R() { runuser -u postgres -- "$@"; }; else R() { "$@"; }; fi
R "$PGBIN/pg_ctl" -D "$PGBASE/data" -m fast -w stop >/dev/null
rm -rf "$PGBASE"
