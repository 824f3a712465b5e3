#!/usr/bin/env bash
# Regenerates the .hgrm golden files from the Java reference (Debian libhdrhistogram-java 2.1.11):
#   fixtures/golden/hgrm/<input>[.<correction>].d<digits>.t<ticks>.r<ratio>[.csv].hgrm
# is `new Histogram(digits)` fed every value of fixtures/golden/hgrm/<input>.txt, then
# outputPercentileDistribution(out, ticks, ratio, csv). <correction> is co-record-10ms (each value recorded with
# recordValueWithExpectedInterval(v, 10 ms)) or co-copy-10ms (copyCorrectedForCoordinatedOmission(10 ms)).
# Needs node, javac and java. Usage: scripts/make-golden-hgrm.sh   (HDRHISTOGRAM_JAR overrides the jar path)
set -euo pipefail
cd "$(dirname "$0")/.."

jar=${HDRHISTOGRAM_JAR:-/usr/share/java/hdrhistogram.jar}
dir=fixtures/golden/hgrm
[[ -f $jar ]] || { echo "make-golden-hgrm: $jar not found (apt-get install libhdrhistogram-java)" >&2; exit 2; }

node scripts/make-golden-inputs.mjs

classes=$(mktemp -d)
trap 'rm -rf "$classes"' EXIT
javac -d "$classes" -cp "$jar" scripts/java/HgrmGolden.java

# input  digits ticks ratio csv   correction
combinations="
empty           3 5 1e6 false none
empty           3 5 1e6 true  none
empty           2 1 1   false none
single          3 5 1e6 false none
single          2 1 1e3 true  none
single          3 1 1   false none
tiny            3 5 1   false none
tiny            2 5 1e3 false none
tiny            3 1 1e6 true  none
tiny            2 1 1   true  none
lognormal       3 5 1e6 false none
lognormal       3 5 1e6 true  none
lognormal       2 1 1e3 false none
lognormal       3 1 1   false none
lognormal       5 5 1e6 false none
lognormal       5 1 1e3 true  none
span            3 5 1e6 false none
span            2 5 1e3 true  none
span            3 1 1e3 false none
span            1 5 1e6 false none
span            1 1 1   true  none
bimodal         3 5 1e6 false none
bimodal         2 5 1e6 false none
bimodal         3 1 1e3 true  none
pow2            3 5 1   false none
pow2            2 5 1e6 false none
pow2            3 1 1e3 true  none
pow2            2 1 1   true  none
bimodal         3 5 1e6 false record:10000000
bimodal         3 5 1e6 false copy:10000000
bimodal         2 1 1e3 true  record:10000000
bimodal         2 1 1e3 true  copy:10000000
readme-example  3 5 1e6 false none
readme-example  3 5 1e6 false record:10000000
readme-example  3 5 1e6 false copy:10000000
"

rm -f "$dir"/*.hgrm
while read -r input digits ticks ratio csv correction; do
  [[ -n $input ]] || continue
  case $correction in
    none) tag="" ;;
    record:10000000) tag=".co-record-10ms" ;;
    copy:10000000) tag=".co-copy-10ms" ;;
    *) echo "make-golden-hgrm: no file name for correction $correction" >&2; exit 2 ;;
  esac
  suffix=$([[ $csv == true ]] && echo ".csv" || true)
  echo "$dir/$input.txt $digits $ticks $ratio $csv $correction $dir/$input$tag.d$digits.t$ticks.r$ratio$suffix.hgrm"
done <<<"$combinations" | java -cp "$classes:$jar" HgrmGolden

echo "make-golden-hgrm: wrote $(ls "$dir"/*.hgrm | wc -l) golden files to $dir" >&2
