#!/usr/bin/env bash
# Stop the daemons started by start.sh (only the PIDs recorded in $DIR/pids,
# and only while they still run with this dir's ceph.conf), then remove $DIR.
# S3_KEEP_DIR=1 keeps the data dir (logs) instead of removing it.
set -euo pipefail

DIR=${S3_SERVER_DIR:-/tmp/feedwright-s3}
GRACE=${S3_STOP_GRACE:-5} # seconds per daemon between TERM and KILL

log() { echo "stop.sh: $*" >&2; }

case "$DIR" in
  /* ) [ "$DIR" != "/" ] || { log "refusing S3_SERVER_DIR=/"; exit 1; } ;;
  * ) log "S3_SERVER_DIR must be an absolute path (got '$DIR')"; exit 1 ;;
esac

# True while PID runs and is one of ours (its command line names our ceph.conf);
# guards against PID reuse. Exited (or zombie) processes have no cmdline.
ours() {
  local cmd
  cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline") || return 1
  [[ "$cmd" == *" $DIR/ceph.conf "* ]]
}

stop_one() { # stop_one PID NAME
  local pid=$1 name=$2 waited=0
  ours "$pid" || return 0
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || return 0
  while ours "$pid"; do
    if [ "$waited" -ge $(( GRACE * 5 )) ]; then
      log "$name (pid $pid) ignored TERM for ${GRACE}s; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
    waited=$(( waited + 1 ))
  done
}

if [ -f "$DIR/pids" ]; then
  # Reverse start order (radosgw, osd, mon): the OSD exits quickly only while
  # the mon is still there to acknowledge it going down.
  mapfile -t entries < <(tac "$DIR/pids")
  for entry in "${entries[@]}"; do
    read -r pid name <<<"$entry"
    [[ "$pid" =~ ^[0-9]+$ ]] && stop_one "$pid" "${name:-?}"
  done
else
  log "no $DIR/pids; nothing to stop"
fi

if [ "${S3_KEEP_DIR:-0}" = 1 ]; then
  rm -f "$DIR/pids"
  log "kept $DIR"
else
  rm -rf "$DIR"
  log "removed $DIR"
fi
