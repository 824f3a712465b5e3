#!/usr/bin/env bash
# Scale-out with GNU parallel (docs/scale-out.md): cut one big log into N shards of whole lines, `latstat convert`
# each shard to an HdrHistogram interval log in its own process — the shard read from stdin, as any engine's pipe
# feeds it — and `latstat merge` the directory of shard logs into one. Merging adds histograms, so the merged log
# holds the same counts as one process converting the whole log would.
#
#   scripts/scale-out.sh [-n SHARDS] [-j JOBS] [-d SHARD_DIR] [-o MERGED] LOG [CONVERT FLAGS...]
#
#   -n SHARDS     how many shards to cut LOG into (default: the number of CPUs)
#   -j JOBS       how many converts run at once (default: the number of CPUs)
#   -d SHARD_DIR  keep the shard logs there, shard-1.hlog … shard-N.hlog, numbers zero-padded to sort in order
#                 (default: a temporary directory, removed at the end)
#   -o MERGED     the merged interval log (default: merged.hlog)
#   LOG           an uncompressed log file whose lines stand alone: no header line (a CSV header would reach
#                 only the first shard); access logs, JSON lines, k6 JSON, vegeta JSON…
#   CONVERT FLAGS given to every `latstat convert`, e.g. -f nginx --interval 10s; name the format with -f, so
#                 every shard is read alike whatever its first lines look like
#
# `latstat` is taken from PATH (or from $LATSTAT, a path to it). Exit status: 0 done; 2 a usage error or a shard
# that latstat refused (its message on stderr, tagged with the shard's number).
set -euo pipefail

# -h prints the comment above; a wrong use, the line that says how.
help() {
  sed -n '2,/^set /p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
  exit 0
}
usage() {
  echo "usage: scripts/scale-out.sh [-n SHARDS] [-j JOBS] [-d SHARD_DIR] [-o MERGED] LOG [CONVERT FLAGS...] (-h explains)" >&2
  exit 2
}

shards=$(nproc)
jobs=$(nproc)
shard_dir=""
merged=merged.hlog
while getopts "n:j:d:o:h" opt; do
  case $opt in
    n) shards=$OPTARG ;;
    j) jobs=$OPTARG ;;
    d) shard_dir=$OPTARG ;;
    o) merged=$OPTARG ;;
    h) help ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
log=$1
shift

fail() {
  echo "scale-out: $*" >&2
  exit 2
}
[[ $shards =~ ^[1-9][0-9]*$ ]] || fail "-n must be a whole number of shards, not \"$shards\""
[[ $jobs =~ ^[1-9][0-9]*$ ]] || fail "-j must be a whole number of jobs, not \"$jobs\""
# split -n l/K/N seeks into the file, so the log must be a regular file; each shard is cut from it by its own job.
[ -f "$log" ] || fail "$log: not a regular file (split cuts a file it can seek in: save the stream to a file first)"
case $(head -c 4 "$log" | od -An -tx1 | tr -d ' \n') in
  1f8b* | 28b52ffd) fail "$log: compressed (split cuts lines of text: gunzip or unzstd it first)" ;;
esac
parallel --version 2>/dev/null | grep "GNU parallel" >/dev/null || fail "GNU parallel is not installed (Debian: apt-get install parallel)"

if [ -z "$shard_dir" ]; then
  shard_dir=$(mktemp -d)
  trap 'rm -rf "$shard_dir"' EXIT
else
  mkdir -p "$shard_dir"
  # merge takes every *.hlog in the directory: leftovers of another run would be added too.
  if compgen -G "$shard_dir/*.hlog" >/dev/null; then fail "$shard_dir already holds .hlog files (give an empty directory)"; fi
fi

export LATSTAT=${LATSTAT:-latstat} SCALE_OUT_LOG=$log SCALE_OUT_SHARDS=$shards SCALE_OUT_DIR=$shard_dir

# One job: shard K (zero-padded, so the shard logs sort in shard order) of N, piped into latstat convert.
convert_shard() {
  set -o pipefail
  split -n "l/$((10#$1))/$SCALE_OUT_SHARDS" "$SCALE_OUT_LOG" | "$LATSTAT" convert "${@:2}" - >"$SCALE_OUT_DIR/shard-$1.hlog"
}
export -f convert_shard

# -q passes the convert flags through untouched; --halt stops every job at the first failure, whose status
# parallel returns.
seq -w 1 "$shards" | parallel --will-cite -q -j "$jobs" --halt now,fail=1 --tagstring "shard {}:" convert_shard {} "$@"
"$LATSTAT" merge "$shard_dir" -o "$merged"
