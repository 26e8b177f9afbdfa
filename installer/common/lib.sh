# shellcheck shell=bash disable=SC2034 # sets variables for the script that sources it
# Steps shared by installer/build.sh (Linux) and installer/macos/build-macos.sh; sourced, not run.
# Callers set ROOT (the repository root) and OUT (target/installer) and call, in order:
#   find_jdk; maven_package; read_version; collect_jars; check_modules; link_runtime; window_java_options
# after which JDK, JPACKAGE, VERSION, NUMERIC_VERSION, INPUT (the jars and sample-data/ for jpackage --input),
# MAIN_JAR, MODULES, RUNTIME (the jlink image) and WINDOW_JAVA_OPTIONS (jpackage --java-options arguments) are set.

say() { printf '[installer] %s\n' "$*"; }
die() { printf 'installer: %s\n' "$*" >&2; exit 1; }

# A JDK of version 25 or later with jlink, jpackage and jdeps: $RNNX_JDK, else $JAVA_HOME, else the usual places.
find_jdk() {
    local candidates=("${RNNX_JDK:-}" "${JAVA_HOME:-}")
    if [ -x /usr/libexec/java_home ]; then
        candidates+=("$(/usr/libexec/java_home -v 25+ 2>/dev/null || true)")
    fi
    candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 /usr/lib/jvm/java-25-openjdk-amd64
                 /usr/lib/jvm/*25* /usr/lib/jvm/*2[6-9]*)
    local jdk
    for jdk in "${candidates[@]}"; do
        if [ -z "$jdk" ] || [ ! -x "$jdk/bin/jpackage" ] || [ ! -x "$jdk/bin/jlink" ] || [ ! -x "$jdk/bin/jdeps" ]; then
            continue
        fi
        FEATURE=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release" 2>/dev/null)
        if [ -n "$FEATURE" ] && [ "$FEATURE" -ge 25 ]; then
            JDK=$jdk
            JPACKAGE=$jdk/bin/jpackage
            say "JDK $JDK (Java $FEATURE)"
            return
        fi
    done
    die "no JDK 25 or later with jpackage found; set RNNX_JDK=/path/to/jdk-25"
}

# Maven in the repository root; its output only when it fails.
mvn_quietly() {
    local log
    if ! log=$(cd "$ROOT" && mvn -q -B -ntp "$@" 2>&1); then
        printf '%s\n' "$log" >&2
        return 1
    fi
}

# mvn package, unless --no-maven asked to reuse target/ as it is.
maven_package() {
    if [ "${SKIP_MAVEN:-}" = 1 ]; then
        say "reusing target/ (--no-maven)"
    else
        say "mvn package"
        mvn_quietly -DskipTests package || die "mvn package failed"
    fi
}

# The version Maven filtered into the app's resources from pom.xml, and the numeric form jpackage accepts
# (0.2.0-SNAPSHOT -> 0.2.0).
read_version() {
    local props=$ROOT/target/classes/org/rnnexplorer/version.properties
    [ -f "$props" ] || die "$props missing: run without --no-maven"
    VERSION=$(sed -n 's/^version=//p' "$props")
    NUMERIC_VERSION=$(printf '%s' "$VERSION" | sed 's/[^0-9.].*$//; s/\.$//')
    [[ "$NUMERIC_VERSION" =~ ^[0-9]+(\.[0-9]+){0,2}$ ]] || die "version '$VERSION' from pom.xml has no numeric form"
    say "version $VERSION (package version $NUMERIC_VERSION)"
}

# The app's runtime class path (minus JavaFX, which goes into the runtime image as modules) and sample-data/ in
# $INPUT; this platform's JavaFX jars in $JAVAFX_MODULES.
collect_jars() {
    local deps=$OUT/work/deps
    rm -rf "$OUT/work" && mkdir -p "$deps"
    mvn_quietly org.apache.maven.plugins:maven-dependency-plugin:3.9.0:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$deps" || die "mvn dependency:copy-dependencies failed"
    INPUT=$OUT/work/input
    JAVAFX_MODULES=$OUT/work/javafx
    mkdir -p "$INPUT" "$JAVAFX_MODULES"
    MAIN_JAR=rnn-explorer-$VERSION.jar
    [ -f "$ROOT/target/$MAIN_JAR" ] || die "target/$MAIN_JAR missing: run without --no-maven"
    cp "$ROOT/target/$MAIN_JAR" "$INPUT/"
    local jar name
    for jar in "$deps"/*.jar; do
        name=$(basename "$jar")
        case "$name" in
            javafx-*-[0-9]*.[0-9]*-*.jar) cp "$jar" "$JAVAFX_MODULES/" ;; # javafx-graphics-21.0.11-linux.jar
            javafx-*) ;;                                                 # the empty jars without a classifier
            *) cp "$jar" "$INPUT/" ;;
        esac
    done
    [ -n "$(ls "$JAVAFX_MODULES")" ] || die "no JavaFX jars with a platform classifier among the dependencies"
    cp -R "$ROOT/sample-data" "$INPUT/sample-data"
}

# The modules listed in installer/runtime-modules.txt, checked against what jdeps finds in the app's jars.
check_modules() {
    MODULES=$(sed 's/#.*//' "$ROOT/installer/runtime-modules.txt" | tr -d ' \t' | grep -v '^$' | paste -sd, -)
    local classpath needed missing=() module
    classpath=$(find "$INPUT" -maxdepth 1 -name '*.jar' ! -name "$MAIN_JAR" | sort | paste -sd: -)
    needed=$("$JDK/bin/jdeps" --multi-release "${FEATURE:-25}" --ignore-missing-deps --recursive --print-module-deps \
        --module-path "$JAVAFX_MODULES" --class-path "$classpath" "$INPUT/$MAIN_JAR" 2>/dev/null | tail -1)
    [ -n "$needed" ] || die "jdeps found no module dependencies"
    for module in ${needed//,/ }; do
        case ",$MODULES," in *",$module,"*) ;; *) missing+=("$module") ;; esac
    done
    [ ${#missing[@]} -eq 0 ] || die "jdeps says the app needs ${missing[*]}: add to installer/runtime-modules.txt"
    say "modules: $MODULES (jdeps: $needed)"
}

# A runtime image with only those modules (JavaFX's from its platform jars), without debug attributes, headers or
# man pages, with the JDK's class-data-sharing archive for start-up.
# JavaFX's native libraries go next to the JDK's (lib/), where JavaFX looks first when it runs from a runtime image,
# instead of inside the modules, from where it would copy them into ~/.openjfx/cache on each user's first start.
link_runtime() {
    RUNTIME=$OUT/work/runtime
    say "jlink"
    "$JDK/bin/jlink" --module-path "$JAVAFX_MODULES" --add-modules "$MODULES" \
        --strip-debug --no-header-files --no-man-pages --compress=zip-6 --generate-cds-archive \
        --exclude-resources='glob:/javafx.graphics/*.so,glob:/javafx.graphics/*.dylib' \
        --output "$RUNTIME" 2>&1 | { grep -v 'Using incubator modules\|Created CDS archive' || true; }
    [ "${PIPESTATUS[0]}" = 0 ] || die "jlink failed"
    local jar natives
    for jar in "$JAVAFX_MODULES"/*.jar; do
        natives=$("$JDK/bin/jar" tf "$jar" | grep -E '^[^/]+\.(so|dylib)$' || true)
        # shellcheck disable=SC2086 # one word per library name
        [ -z "$natives" ] || (cd "$RUNTIME/lib" && "$JDK/bin/jar" xf "$jar" $natives)
    done
    # The JDK's archive for heaps over 32 GB (no compressed oops): never used by this app's heap sizes; the JVM runs
    # without sharing where an archive is missing.
    rm -f "$RUNTIME/lib/server/classes_nocoops.jsa"
}

# The window launcher's JVM options, from installer/common/window-java-options.txt.
window_java_options() {
    WINDOW_JAVA_OPTIONS=()
    local line
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%%#*}
        line=$(printf '%s' "$line" | sed 's/[[:space:]]*$//')
        [ -n "$line" ] && WINDOW_JAVA_OPTIONS+=(--java-options "$line")
    done < "$ROOT/installer/common/window-java-options.txt"
}
