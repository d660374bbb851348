#!/bin/bash
# Stops the XRootD server started by scripts/xrootd/start.sh in <base> and removes its folder.
set -uo pipefail
XRDBASE=${1:?usage: stop.sh <base>}
p=$(cat "$XRDBASE/xrootd.bgpid" 2>/dev/null) || exit 0
kill "$p" 2>/dev/null
for _ in $(seq 1 50); do
  kill -0 "$p" 2>/dev/null || break
  sleep 0.1
done
rm -rf "$XRDBASE"
