#!/usr/bin/env bash
# Regenerates fixtures/hlog/ with the Java reference (Debian libhdrhistogram-java 2.1.11):
#   <log>.hlog               written by HistogramLogWriter (scripts/java/HlogFixtures.java: tags, BaseTime,
#                            2 significant digits, absolute timestamps)
#   <log>.<variant>          HistogramLogProcessor's interval log for the arguments in variants.txt
#   <log>.<variant>.hgrm     its overall percentile distribution
#   <log>.<variant>.mwp      its moving-window log (variants with -mwp/-mwpl)
# Compared with latstat by test/cli/hlog-goldens.test.ts. Needs javac and java; dates are printed in UTC.
# Usage: scripts/make-hlog-fixtures.sh   (HDRHISTOGRAM_JAR overrides the jar path)
set -euo pipefail
cd "$(dirname "$0")/.."

jar=${HDRHISTOGRAM_JAR:-/usr/share/java/hdrhistogram.jar}
dir=fixtures/hlog
[[ -f $jar ]] || { echo "make-hlog-fixtures: $jar not found (apt-get install libhdrhistogram-java)" >&2; exit 2; }

classes=$(mktemp -d)
trap 'rm -rf "$classes"' EXIT
javac -d "$classes" -cp "$jar" scripts/java/HlogFixtures.java
java -Duser.timezone=UTC -cp "$jar:$classes" HlogFixtures "$dir"

rm -f "$dir"/*.hgrm "$dir"/*.mwp
grep -v '^#' "$dir/variants.txt" | while IFS='|' read -r log variant java_args _; do
  # shellcheck disable=SC2086 # the arguments are meant to be split
  java -Duser.timezone=UTC -cp "$jar" org.HdrHistogram.HistogramLogProcessor -i "$dir/$log.hlog" -o "$dir/$log.$variant" $java_args
done
echo "make-hlog-fixtures: wrote $(ls "$dir" | wc -l) files in $dir"
