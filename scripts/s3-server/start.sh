#!/usr/bin/env bash
# Start a throwaway single-node Ceph cluster (1 mon, 1 memstore OSD) plus a
# RADOS Gateway (S3 API) bound to 127.0.0.1 only. Everything lives in
# $S3_SERVER_DIR, which is wiped first. Run as root. Stop with stop.sh.
#
# The last lines printed on stdout are shell-sourceable (also in $DIR/env):
#   S3_ENDPOINT=http://127.0.0.1:PORT
#   AWS_ACCESS_KEY_ID=...
#   AWS_SECRET_ACCESS_KEY=...
#   AWS_REGION=us-east-1
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DIR=${S3_SERVER_DIR:-/tmp/feedwright-s3}
PORT=${S3_PORT:-7480}
MON_PORT=${S3_MON_PORT:-3300}
ACCESS_KEY=${S3_ACCESS_KEY:-feedwright-test}
SECRET_KEY=${S3_SECRET_KEY:-feedwright-test-secret}
REGION=${AWS_REGION:-us-east-1}
TIMEOUT=${S3_START_TIMEOUT:-120}
MEMSTORE_BYTES=${S3_MEMSTORE_BYTES:-1073741824} # 1 GiB of RAM-backed object storage
RGW_NAME=client.rgw.feedwright

log() { echo "start.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root"
case "$DIR" in
  /* ) [ "$DIR" != "/" ] || die "refusing S3_SERVER_DIR=/" ;;
  * ) die "S3_SERVER_DIR must be an absolute path (got '$DIR')" ;;
esac
for bin in ceph ceph-mon ceph-osd radosgw radosgw-admin ceph-authtool monmaptool curl; do
  command -v "$bin" >/dev/null || die "$bin not found; run scripts/install-test-deps.sh first"
done

[[ "$PORT" =~ ^[0-9]+$ && "$MON_PORT" =~ ^[0-9]+$ ]] || die "S3_PORT and S3_MON_PORT must be numbers"
[[ "$MEMSTORE_BYTES" =~ ^[0-9]+$ ]] || die "S3_MEMSTORE_BYTES must be a number of bytes"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A previous run in the same dir: stop its daemons (by recorded PID) before wiping.
if [ -e "$DIR/pids" ]; then
  log "stopping previous instance in $DIR"
  "$HERE/stop.sh"
fi
port_busy "$PORT" && die "port 127.0.0.1:$PORT (S3_PORT) is already in use"
port_busy "$MON_PORT" && die "port 127.0.0.1:$MON_PORT (S3_MON_PORT) is already in use"

rm -rf "$DIR"
mkdir -p "$DIR"/{log,run,crash,mon/ceph-a,osd/ceph-0,rgw}
: >"$DIR/pids"
CONF=$DIR/ceph.conf
FSID=$(cat /proc/sys/kernel/random/uuid)
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
START_TS=$(date +%s)

cat >"$CONF" <<EOF
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON_PORT
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind ipv4 = true
ms bind ipv6 = false
ms bind msgr1 = false
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
auth allow insecure global id reclaim = false
keyring = $DIR/keyring
run dir = $DIR/run
crash dir = $DIR/crash
log file = $DIR/log/\$name.log
mon cluster log file = $DIR/log/cluster.log
setuser match path =
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
mon warn on insecure global id reclaim allowed = false
mon data avail warn = 2
mon data avail crit = 1
debug ms = 0

[mon]
mon data = $DIR/mon/\$cluster-\$id
# commit map changes quickly (default 1 s each; radosgw creates pools one by one)
paxos propose interval = 0.05
paxos min wait = 0.01
mon initial members = a

[osd]
osd data = $DIR/osd/\$cluster-\$id
osd objectstore = memstore
memstore device bytes = $MEMSTORE_BYTES
osd crush initial weight = 1
osd op num shards = 2
osd op num threads per shard = 1

[$RGW_NAME]
rgw data = $DIR/rgw
# tcp_nodelay: without it small responses waited ~45 ms for a delayed ACK (Nagle): every GET and LIST.
rgw frontends = beast endpoint=127.0.0.1:$PORT tcp_nodelay=1
debug rgw = 1
# no lifecycle worker: it sleeps 5 s between lock attempts and delays shutdown
rgw enable lc threads = false
EOF

C=(-c "$CONF")
CEPH=(ceph "${C[@]}" --connect-timeout 15)

# Throwaway cephx keys: mon., client.admin, osd.0 and the rgw client, all in
# one keyring. ceph-mon --mkfs imports every entity (with caps) from it.
ceph-authtool "$DIR/keyring" --create-keyring --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool "$DIR/keyring" --gen-key -n client.admin \
  --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *' >/dev/null
ceph-authtool "$DIR/keyring" --gen-key -n osd.0 \
  --cap mon 'allow profile osd' --cap mgr 'allow profile osd' --cap osd 'allow *' >/dev/null
ceph-authtool "$DIR/keyring" --gen-key -n "$RGW_NAME" \
  --cap mon 'allow rw' --cap mgr 'allow rw' --cap osd 'allow rwx' >/dev/null
chmod 600 "$DIR/keyring"

# Started daemons stay in the foreground (-f) in their own session so that $!
# is the daemon's PID; output goes to $DIR/log/*.out.
spawn() {
  local name=$1; shift
  setsid nohup "$@" >>"$DIR/log/$name.out" 2>&1 </dev/null &
  echo "$! $name" >>"$DIR/pids"
}

diagnose() {
  log "diagnostics (logs in $DIR/log):"
  local f
  for f in "$DIR"/log/*; do
    [ -s "$f" ] || continue
    echo "----- tail $f -----" >&2
    tail -n 25 "$f" >&2 || true
  done
}

fail() {
  log "ERROR: $*"
  diagnose
  log "stopping the daemons started so far (data dir kept for inspection)"
  S3_KEEP_DIR=1 "$HERE/stop.sh" >&2 || true
  exit 1
}

wait_for() { # wait_for DESCRIPTION SECONDS COMMAND...
  local what=$1 secs=$2; shift 2
  local deadline=$(( $(date +%s) + secs ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "timed out after ${secs}s waiting for $what"
    # every daemon we started must still be alive
    local pid name
    while read -r pid name; do
      kill -0 "$pid" 2>/dev/null || fail "$name (pid $pid) exited while waiting for $what"
    done <"$DIR/pids"
    sleep 0.5
  done
}
remaining() { local r=$(( START_TS + TIMEOUT - $(date +%s) )); [ "$r" -gt 5 ] && echo "$r" || echo 5; }

# --- monitor ---
log "creating mon (127.0.0.1:$MON_PORT)"
monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$DIR/monmap" >/dev/null
ceph-mon "${C[@]}" -i a --mkfs --monmap "$DIR/monmap" --keyring "$DIR/keyring"
spawn mon.a ceph-mon "${C[@]}" -f -i a
wait_for "the monitor" "$(remaining)" "${CEPH[@]}" mon stat

# --- OSD (memstore: object data held in the OSD process RAM) ---
log "creating osd.0 (memstore, $MEMSTORE_BYTES bytes)"
"${CEPH[@]}" osd new "$OSD_UUID" 0 >/dev/null
ceph-osd "${C[@]}" -i 0 --mkfs --osd-uuid "$OSD_UUID" >>"$DIR/log/osd.0.mkfs.out" 2>&1 \
  || fail "ceph-osd --mkfs failed"
spawn osd.0 ceph-osd "${C[@]}" -f -i 0
# (capture, then match: a `| grep -q` pipe can SIGPIPE the writer and, with pipefail, fail)
osd_up() { local d; d=$("${CEPH[@]}" osd dump) && [[ $'\n'"$d" == *$'\nosd.0 up '* ]]; }
wait_for "osd.0 to be up" "$(remaining)" osd_up

# --- RADOS Gateway ---
log "starting radosgw on 127.0.0.1:$PORT"
spawn rgw radosgw "${C[@]}" -f -n "$RGW_NAME"
s3_answers() { local b; b=$(curl -fsS --max-time 5 "http://127.0.0.1:$PORT/") && [[ "$b" == *ListAllMyBucketsResult* ]]; }
wait_for "the S3 endpoint http://127.0.0.1:$PORT/" "$(remaining)" s3_answers

log "creating S3 user (access key $ACCESS_KEY)"
radosgw-admin "${C[@]}" user create --uid=feedwright-test --display-name="feedwright test" \
  --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >"$DIR/log/user-create.out" 2>&1 \
  || fail "radosgw-admin user create failed"

cat >"$DIR/env" <<EOF
S3_ENDPOINT=http://127.0.0.1:$PORT
AWS_ACCESS_KEY_ID=$ACCESS_KEY
AWS_SECRET_ACCESS_KEY=$SECRET_KEY
AWS_REGION=$REGION
EOF
log "up in $(( $(date +%s) - START_TS ))s; pids in $DIR/pids; stop with $HERE/stop.sh"
cat "$DIR/env"
