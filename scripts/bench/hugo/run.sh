#!/bin/sh
# Copied from ../shared/bench/hugo/run.sh (feedwright benchmark yardsticks). `npm run bench` runs the same
# hugo command itself (scripts/bench/hugo-compare.ts) so that only Hugo is inside the measured process.
# usage: run.sh CORPUS_DIR OUT_DIR   (needs the Debian package `hugo`, tested with 0.111.3)
set -e
[ $# -eq 2 ] || { echo "usage: $0 CORPUS_DIR OUT_DIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
corpus=$(cd "$1" && pwd)
mkdir -p "$2"; out=$(cd "$2" && pwd)
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
# --contentDir points Hugo straight at the flat corpus; --noBuildLock keeps the source dir read-only.
hugo --quiet --source "$here" --contentDir "$corpus" --destination "$out" \
     --cacheDir "$cache" --noBuildLock --cleanDestinationDir
