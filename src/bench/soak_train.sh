#!/usr/bin/env bash
# Soak benchmark (issue 14): `rnnx train` for DURATION seconds (default 660: 11 minutes) with memory flat. Every
# minute it forces a full GC in the running JVM (jcmd PID GC.run) and reads the old generation's occupancy
# (jstat -gc, column OU), so the figure is what stays live, not garbage waiting for a collection. At the end it
# stops the run with SIGTERM (train writes its weights and log so far, exit 143) and compares the old generation
# after the last full GC with the one after the first minute: the promise is within 5%.
#
#   mvn -q -B -DskipTests package && nice -n 19 bash src/bench/soak_train.sh [DURATION_S]
#
# A small, fast model, so that the run makes as many steps (and per-step records) as it can: the leak this guards
# against kept ~0.8 KB per step. The log is streamed to disk as training goes (--log), the in-memory histories are
# bounded. RNNX_JAR and SOAK_OUT override the jar and the folder. Writes target/soak/{train.csv,final.safetensors,soak.txt}; exit 0 when flat, 1 when not.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-660}"
jdk="${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jar="${RNNX_JAR:-target/rnnx.jar}"
out="${SOAK_OUT:-target/soak}"
rm -rf "$out" && mkdir -p "$out"
report="$out/soak.txt"

"$jdk/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx256m -XX:+UseG1GC \
    -jar "$jar" train --task adding --seq-len 20 --hidden-size 16 --batch-size 4 --backend scalar \
    --steps 2000000000 --quiet --log "$out/train.csv" --out "$out/final.safetensors" 2> "$out/stderr.txt" &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true' EXIT

# The old generation in KB after a full GC: jstat's OU column, found by name in its header.
old_gen_kb() {
    "$jdk/bin/jcmd" "$pid" GC.run > /dev/null
    "$jdk/bin/jstat" -gc "$pid" | awk 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "OU") c = i } NR == 2 { print $c }'
}

echo "rnnx train soak: $duration s, -Xmx256m, adding T=20 H=16 N=4 scalar, pid $pid" | tee "$report"
start=$(date +%s)
first=""
last=""
for ((t = 60; t <= duration; t += 60)); do
    wait_s=$((start + t - $(date +%s)))
    ((wait_s > 0)) && sleep "$wait_s"
    kill -0 "$pid" 2> /dev/null || { echo "train exited early:" | tee -a "$report"; cat "$out/stderr.txt"; exit 1; }
    last=$(old_gen_kb)
    [[ -z "$first" ]] && first="$last"
    # The log streams to its hidden temporary file (renamed to train.csv when the run ends).
    steps=$(($(cat "$out"/.train.csv.*.tmp 2> /dev/null | wc -l) - 1))
    rss=$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")
    printf 'after %4d s: %9d steps, old generation after full GC %8.1f KB, RSS %d KB\n' "$t" "$steps" "$last" "$rss" \
        | tee -a "$report"
done

trap - EXIT
kill -TERM "$pid"
set +e
wait "$pid"
code=$?
set -e
echo "SIGTERM: exit $code, $(grep -c . "$out/train.csv") log lines, $(stat -c %s "$out/final.safetensors") B weights" \
    | tee -a "$report"
awk -v a="$first" -v b="$last" 'BEGIN {
    d = (b - a) / a * 100
    printf "old generation: %.1f KB after the first minute, %.1f KB at the end: %+.2f%% (limit 5%%)\n", a, b, d
    exit (d > 5 || d < -5) ? 1 : 0 }' | tee -a "$report"
