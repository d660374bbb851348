#!/bin/bash
# Throw-away XRootD server (root:// + HTTP/WebDAV) for tests and benchmarks, bound to 127.0.0.1 only.
# Prints the WebDAV URL of the exported folder on stdout; stop it with scripts/xrootd/stop.sh <base>.
#   XRDBASE  server folder (default: a new temp dir; printed on stderr)
#   XPORT, HPORT  root:// and HTTP ports (default: free ones)
set -euo pipefail
if ! command -v xrootd >/dev/null; then
  echo "start.sh: XRootD is not installed (apt-get install -y xrootd-server xrootd-client)" >&2
  exit 3
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
XRDBASE=${XRDBASE:-$(mktemp -d /tmp/dance-xrd.XXXXXX)}
XPORT=${XPORT:-$(free_port)}
HPORT=${HPORT:-$(free_port)}
mkdir -p "$XRDBASE"/{root/data,admin,run}
cat >"$XRDBASE/xrootd.cfg" <<CFG
all.role server
all.export /data
oss.localroot $XRDBASE/root
all.adminpath $XRDBASE/admin
all.pidpath $XRDBASE/run
xrootd.chksum adler32
xrd.port $XPORT
xrd.protocol XrdHttp:$HPORT libXrdHttp.so
http.listingdeny false
http.desthttps false
CFG
AS=()
if [[ $(id -u) == 0 ]]; then
  chown -R xrootd:xrootd "$XRDBASE" # xrootd refuses to run as root; -R drops to this user
  AS=(-R xrootd)
fi
# xrootd binds all interfaces itself: lo-exec.py pre-binds the 127.0.0.1 ports and hands them over
# (systemd socket activation, LISTEN_FDS), so nothing listens beyond loopback.
python3 "$(dirname "$0")/lo-exec.py" "$XPORT,$HPORT" \
  xrootd -c "$XRDBASE/xrootd.cfg" -l "$XRDBASE/xrootd.log" -s "$XRDBASE/run/xrootd.pid" "${AS[@]}" \
  >"$XRDBASE/stdout.log" 2>&1 &
echo $! >"$XRDBASE/xrootd.bgpid"
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$HPORT/data/" 2>/dev/null && break
  sleep 0.1
done
curl -fsS -o /dev/null "http://127.0.0.1:$HPORT/data/" || {
  echo "start.sh: xrootd did not answer on 127.0.0.1:$HPORT; see $XRDBASE/xrootd.log" >&2
  exit 1
}
echo "xrootd in $XRDBASE" >&2
echo "http://127.0.0.1:$HPORT/data/"
