#!/usr/bin/env bash
# Smoke test of the app image that installer/build.sh makes: its bin/rnnx runs on the image's own runtime, with no
# JDK on the PATH and no JAVA_HOME, prints the version from pom.xml, computes what PyTorch computes for a committed
# fixture (installer/smoke/make_fixture.py) and returns its exit codes.
#
# Usage: bash installer/smoke/smoke.sh [APP_IMAGE]   (default target/installer/rnn-explorer)
# Needs python3 (its standard library only) for the comparison.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
IMAGE=${1:-$ROOT/target/installer/rnn-explorer}
SMOKE=$ROOT/installer/smoke
RNNX=$IMAGE/bin/rnnx
[ -x "$RNNX" ] || { echo "smoke: $RNNX not found (run bash installer/build.sh --app-image-only)" >&2; exit 1; }
PYTHON=$(command -v python3 || command -v /usr/bin/python3) \
    || { echo "smoke: python3 not found (needed to compare the results)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin" "$work/home"
passed=0
failed=0
check() { # description, then a command whose success is the check
    local what=$1
    shift
    if "$@"; then
        echo "smoke: ok   $what"
        passed=$((passed + 1))
    else
        echo "smoke: FAIL $what"
        failed=$((failed + 1))
    fi
}

# Only the image: an empty directory as PATH, no JAVA_HOME or JDK_JAVA_OPTIONS, a fresh HOME.
isolated() { env -i HOME="$work/home" PATH="$work/bin" "$@"; }

no_java_on_path() { ! isolated /bin/sh -c 'command -v java' >/dev/null; }
check "no java on the isolated PATH" no_java_on_path

expected_version=$(sed -n 's/^version=//p' "$ROOT/target/classes/org/rnnexplorer/version.properties" 2>/dev/null)
[ -n "$expected_version" ] || expected_version=$(sed -n '0,/<version>/s/.*<version>\(.*\)<\/version>.*/\1/p' "$ROOT/pom.xml")
version_matches() {
    local printed
    printed=$(isolated "$RNNX" --version 2>"$work/version.err") || { cat "$work/version.err"; return 1; }
    echo "       rnnx --version: $printed"
    [ "$printed" = "rnnx $expected_version" ]
}
check "rnnx --version prints rnnx $expected_version" version_matches

backends=$(isolated "$RNNX" backends 2>/dev/null)
printf '%s\n' "$backends" | sed 's/^/       /'
check "rnnx backends lists scalar as available" grep -q '^scalar available' <<<"$backends"

forward_matches_pytorch() { # backend
    local out=$work/out-$1.safetensors
    isolated "$RNNX" forward --backend "$1" --weights "$SMOKE/weights.safetensors" --input "$SMOKE/input.npy" \
        --out "$out" 2>"$work/forward.err" || { cat "$work/forward.err"; return 1; }
    "$PYTHON" "$SMOKE/compare.py" "$SMOKE/expected.safetensors" "$out" | sed 's/^/       /'
    return "${PIPESTATUS[0]}"
}
for backend in scalar simd; do
    if grep -q "^$backend available" <<<"$backends"; then
        check "rnnx forward --backend $backend matches PyTorch" forward_matches_pytorch "$backend"
    fi
done

bad_input_fails() {
    local status
    isolated "$RNNX" forward --weights "$SMOKE/weights.safetensors" --input "$work/missing.npy" \
        --out "$work/never.safetensors" >"$work/bad.out" 2>"$work/bad.err"
    status=$?
    echo "       exit $status: $(head -c 200 "$work/bad.err")"
    [ "$status" -ne 0 ] && [ "$(wc -l <"$work/bad.err")" -le 2 ] && [ ! -e "$work/never.safetensors" ]
}
check "rnnx forward on a missing input exits non-zero with a short message" bad_input_fails

# The image's bin/rnnx names its own sample-data/ (rnnx.samples): the text task finds the bundled corpus when rnnx
# is started from any folder, as a user starts it.
text_task_runs_from_another_folder() {
    (cd "$work/home" && isolated "$RNNX" train --task text --seq-len 16 --hidden-size 8 --steps 2 --quiet \
        --sample 20 >"$work/text.out" 2>"$work/text.err") || { cat "$work/text.err"; return 1; }
    echo "       sampled: $(tail -n 1 "$work/text.out" | head -c 60)"
}
check "rnnx train --task text finds the bundled corpus from another folder" text_task_runs_from_another_folder

echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
