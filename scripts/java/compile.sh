#!/bin/sh
# Compiles the Java helpers used by latstat's interop tests against the Java HdrHistogram reference.
# Usage: scripts/java/compile.sh [OUTDIR]   (default: a new temporary directory)
# Prints the classpath to use (the HdrHistogram jar and OUTDIR). Never writes .class files into the repository.
# The jar is Debian's libhdrhistogram-java (2.1.11); override with HDRHISTOGRAM_JAR.
set -eu
jar="${HDRHISTOGRAM_JAR:-/usr/share/java/hdrhistogram.jar}"
out="${1:-$(mktemp -d "${TMPDIR:-/tmp}/latstat-java.XXXXXX")}"
[ -f "$jar" ] || { echo "compile.sh: $jar not found (apt-get install libhdrhistogram-java)" >&2; exit 1; }
mkdir -p "$out"
javac -nowarn -d "$out" -cp "$jar" "$(dirname "$0")"/*.java
echo "$jar:$out"
