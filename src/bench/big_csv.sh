#!/usr/bin/env bash
# The 400 MB CSV (issue 14): `rnnx train --task csv` on a 400 MB series under a 64 MB heap ends in one line naming
# the file, quickly, with the process's peak memory near the heap's size, never an OutOfMemoryError. Two files:
# 44,444,444 rows of two numbers (89 M values, 356 MB as float32: refused by the memory budget while streaming), and
# the same bytes without line breaks (refused at the line bound, not read into one string).
#
#   mvn -q -B -DskipTests package && nice -n 19 bash src/bench/big_csv.sh
#
# Writes the two files to target/big-csv/ (800 MB; deleted at the end) and the results to target/big-csv/result.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
java="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
jar="${RNNX_JAR:-target/rnnx.jar}"
out="${BIG_CSV_OUT:-target/big-csv}"
mkdir -p "$out"
trap 'rm -f "$out/rows.csv" "$out/one-line.csv"' EXIT
set +o pipefail # yes ends on SIGPIPE
{ echo "a,b"; yes "0.25,0.5" | head -n 44444444; } > "$out/rows.csv"
{ echo "v"; yes "0.25," | tr -d '\n' | head -c 399999996; echo; } > "$out/one-line.csv"
set -o pipefail
for f in rows one-line; do
    set +e
    /usr/bin/time -f "%e s, peak RSS %M KB" -o "$out/time.txt" "$java" --add-modules jdk.incubator.vector \
        --enable-native-access=ALL-UNNAMED -Xmx64m -jar "$jar" train --task csv --series "$out/$f.csv" --steps 1 \
        --quiet 2> "$out/stderr.txt" > /dev/null
    code=$?
    set -e
    echo "$f.csv ($(stat -c %s "$out/$f.csv") bytes), -Xmx64m: exit $code, $(tail -n 1 "$out/time.txt")" | tee -a "$out/result.txt"
    grep -v '^WARNING' "$out/stderr.txt" | sed 's/^/    /' | tee -a "$out/result.txt"
done
