#!/usr/bin/env bash
# A private Virtuoso Open Source 7 on loopback, for the tests and for users who want a server
# engine beside the embedded store.
#
#   scripts/virtuoso.sh start|stop|status|install
#
# Installs Debian's virtuoso-opensource-7 when it is missing (needs root or sudo), then runs
# its own database (never the system service's) under $VIRTUOSO_DIR, listening on 127.0.0.1
# only. The SPARQL endpoint is $VIRTUOSO_ENDPOINT (default http://127.0.0.1:8890/sparql); the
# SQL port, used to stop the server and by `mineralgraph push`'s bulk loader, is
# $VIRTUOSO_ISQL_PORT (default 1111). The dba password is $VIRTUOSO_PASSWORD (default dba: the
# server listens on loopback only; change it for anything else).
set -euo pipefail

ENDPOINT=${VIRTUOSO_ENDPOINT:-http://127.0.0.1:8890/sparql}
HTTP_PORT=$(echo "$ENDPOINT" | sed -E 's#^https?://[^:/]+:?([0-9]*)/.*#\1#')
HTTP_PORT=${HTTP_PORT:-80}
ISQL_PORT=${VIRTUOSO_ISQL_PORT:-1111}
DIR=${VIRTUOSO_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mineralgraph/virtuoso-$HTTP_PORT}
PASSWORD=${VIRTUOSO_PASSWORD:-dba}
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

install() {
  command -v virtuoso-t >/dev/null 2>&1 && return
  echo "installing Debian's virtuoso-opensource-7"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq virtuoso-opensource-7 >/dev/null
  # the package starts a system instance on the default ports; ours runs on its own
  $SUDO service virtuoso-opensource-7 stop >/dev/null 2>&1 || true
}

isql() { isql-vt "127.0.0.1:$ISQL_PORT" dba "$PASSWORD" "$@"; }

answering() { curl -s -o /dev/null -m 2 -w '%{http_code}' "$ENDPOINT?query=ASK%7B%7D" | grep -q 200; }

start() {
  install
  if answering; then echo "Virtuoso already answers at $ENDPOINT"; return; fi
  mkdir -p "$DIR/load"
  cat > "$DIR/virtuoso.ini" <<INI
[Database]
DatabaseFile = $DIR/virtuoso.db
ErrorLogFile = $DIR/virtuoso.log
LockFile = $DIR/virtuoso.lck
TransactionFile = $DIR/virtuoso.trx
xa_persistent_file = $DIR/virtuoso.pxa
[TempDatabase]
DatabaseFile = $DIR/virtuoso-temp.db
TransactionFile = $DIR/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:$ISQL_PORT
DirsAllowed = ., $DIR/load, /usr/share/virtuoso-opensource-7/vad
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
MaxCheckpointRemap = 2000
CheckpointInterval = 60
[HTTPServer]
ServerPort = 127.0.0.1:$HTTP_PORT
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 20
ServerThreads = 20
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 120
DefaultGraph = https://w3id.org/mineralgraph/graph/data
[Plugins]
LoadPath = /usr/lib/virtuoso-opensource-7/hosting
INI
  (cd "$DIR" && virtuoso-t +configfile "$DIR/virtuoso.ini" +wait >/dev/null)
  for _ in $(seq 1 120); do
    answering && break
    sleep 0.5
  done
  answering || { echo "Virtuoso did not start; see $DIR/virtuoso.log" >&2; exit 1; }
  if [ "$PASSWORD" != dba ] && isql-vt "127.0.0.1:$ISQL_PORT" dba dba exec="select 1;" >/dev/null 2>&1; then
    isql-vt "127.0.0.1:$ISQL_PORT" dba dba exec="set password dba $PASSWORD;" >/dev/null
  fi
  echo "Virtuoso SPARQL endpoint: $ENDPOINT (database $DIR)"
}

stop() {
  if ! answering; then echo "Virtuoso is not running at $ENDPOINT"; return; fi
  isql exec="shutdown;" >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do answering || break; sleep 0.5; done
  echo "Virtuoso stopped"
}

status() {
  if answering; then echo "Virtuoso answers at $ENDPOINT (database $DIR)"; else
    echo "Virtuoso is not running at $ENDPOINT"; return 3; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  install) install ;;
  *) echo "usage: $0 start|stop|status|install" >&2; exit 2 ;;
esac
