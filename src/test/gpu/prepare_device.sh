#!/usr/bin/env bash
# Prepares, on a development machine, what check.sh needs on a GPU machine that has no JDK or Maven (all git-ignored):
#   .jre/                a jlink runtime (java.base, jdk.incubator.vector, java.logging for the JUnit console, java.management for bench,
#                        jdk.unsupported), compressed and with libjvm.so stripped, so that it, the jar and the working
#                        tree travel together (about 39 MB)
#   target/rnnx.jar      mvn package (skipped when present and newer than every source; FORCE=1 rebuilds)
#   .device/rnnx.jar     that jar without its CUDA kernel image (the same file travels anyway as a tracked source,
#                        src/main/resources/.../rnnx_kernels.fatbin, and check.sh loads it from there): 2.7 MB less
#                        to carry, which keeps the runtime, the jars and the tracked files under the 64 MiB a run takes
#   .device/junit.jar    the JUnit console launcher (from the local Maven repository)
#   .device/gputests.jar the engine's compiled tests (target/test-classes/org/rnnexplorer/{engine,io}), for JUNIT=1
# Needs a JDK 25 (JAVA_HOME, or the toolchain's), Maven and the local repository populated (mvn verify ran once).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."

jdk="${JAVA_HOME:-}"
if [ -z "$jdk" ] || ! "$jdk/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
    jdk="$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)"
fi
[ -x "$jdk/bin/jlink" ] || { echo "prepare_device.sh: no JDK 25 found (set JAVA_HOME)" >&2; exit 1; }

if [ -n "${FORCE:-}" ] || [ ! -f target/rnnx.jar ] || [ -n "$(find src pom.xml -newer target/rnnx.jar -type f | head -1)" ]; then
    mvn -o -q -B -ntp -DskipTests package
fi
mvn -o -q -B -ntp test-compile

rm -rf .jre.tmp
"$jdk/bin/jlink" --add-modules java.base,jdk.incubator.vector,java.logging,java.management,jdk.unsupported --strip-debug \
    --no-man-pages --no-header-files --compress=zip-9 --output .jre.tmp 2>&1 | grep -v 'incubator modules' || true
strip --strip-unneeded .jre.tmp/lib/server/libjvm.so 2>/dev/null || true
rm -rf .jre && mv .jre.tmp .jre

mkdir -p .device
junit_version="$(sed -n 's:.*<junit.version>\(5\.[0-9.]*\)</junit.version>.*:\1:p' pom.xml)"
platform_version="1.${junit_version#5.}"
console="$HOME/.m2/repository/org/junit/platform/junit-platform-console-standalone/$platform_version/junit-platform-console-standalone-$platform_version.jar"
if [ ! -f "$console" ]; then
    mvn -q -B -ntp dependency:get -Dartifact="org.junit.platform:junit-platform-console-standalone:$platform_version"
fi
cp "$console" .device/junit.jar
(cd target/test-classes && "$jdk/bin/jar" cf ../../.device/gputests.jar org/rnnexplorer/engine org/rnnexplorer/io)
cp target/rnnx.jar .device/rnnx.jar
zip -q -d .device/rnnx.jar 'org/rnnexplorer/engine/backend/cuda/rnnx_kernels.fatbin'
du -sh .jre .device/*.jar
echo "carry: .jre .device (check.sh uses .device/rnnx.jar when target/rnnx.jar is absent)"
