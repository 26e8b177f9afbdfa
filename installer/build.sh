#!/usr/bin/env bash
# Builds RNN Explorer for Linux with its own Java runtime:
#   target/installer/rnn-explorer/                      the app image: bin/rnn-explorer (the window), bin/rnnx (the CLI),
#                                                       lib/runtime (a jlink image), lib/app (jars, sample-data/)
#   target/installer/rnn-explorer_<version>_amd64.deb   the same, installed under /opt/rnn-explorer, with a menu entry
#                                                       (Education), its icon, .safetensors/.rnnx associations and
#                                                       /usr/bin/rnnx
#
# Usage: bash installer/build.sh [--app-image-only] [--no-maven]
#   --app-image-only  stop after the app image (no .deb; needs no dpkg-deb or fakeroot)
#   --no-maven        reuse target/ as built (e.g. after mvn verify) instead of running mvn package
# Needs: Maven, a JDK 25+ with jpackage (RNNX_JDK, JAVA_HOME or /usr/lib/jvm), and for the .deb dpkg-deb and
# fakeroot. RNNX_DEB_MAINTAINER sets the package's maintainer address. macOS and Windows: see installer/macos and
# installer/windows.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/target/installer
APP_NAME=rnn-explorer
DESCRIPTION="See inside torch.nn.RNN: hidden states, spectra and gradient flow through time"
VENDOR="RNN Explorer"
MAINTAINER=${RNNX_DEB_MAINTAINER:-rnn-explorer@example.org}

APP_IMAGE_ONLY=0
SKIP_MAVEN=0
for arg in "$@"; do
    case "$arg" in
        --app-image-only) APP_IMAGE_ONLY=1 ;;
        --no-maven) SKIP_MAVEN=1 ;;
        -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "installer/build.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
    esac
done

# shellcheck source=SCRIPTDIR/common/lib.sh
source "$ROOT/installer/common/lib.sh"
[ "$(uname -s)" = Linux ] || die "build.sh builds the Linux app image and .deb; on macOS use installer/macos/build-macos.sh"
if [ "$APP_IMAGE_ONLY" = 0 ]; then
    for tool in dpkg-deb fakeroot; do
        command -v "$tool" >/dev/null \
            || die "$tool not found (needed for the .deb: apt-get install dpkg-dev fakeroot; or use --app-image-only)"
    done
fi

started=$SECONDS
find_jdk
maven_package
read_version
collect_jars
check_modules
link_runtime
window_java_options

# The PNG sizes for the hicolor icon theme (the .deb's postinst installs them) travel in lib/app/icons.
mkdir -p "$INPUT/icons"
cp "$ROOT"/assets/icons/rnn-explorer-*.png "$INPUT/icons/"

# What the app image and the .deb share: the window as main launcher, the CLI as second launcher.
APP=(--name "$APP_NAME" --app-version "$NUMERIC_VERSION" --vendor "$VENDOR" --description "$DESCRIPTION"
     --input "$INPUT" --main-jar "$MAIN_JAR" --main-class org.rnnexplorer.ui.ExplorerLauncher
     --runtime-image "$RUNTIME" "${WINDOW_JAVA_OPTIONS[@]}"
     --add-launcher "rnnx=$ROOT/installer/common/rnnx.properties"
     --icon "$ROOT/assets/icons/rnn-explorer-256.png")

say "jpackage app image"
rm -rf "${OUT:?}/$APP_NAME"
"$JPACKAGE" --type app-image --dest "$OUT" "${APP[@]}"
say "app image: $OUT/$APP_NAME ($(du -sh "$OUT/$APP_NAME" | cut -f1))"

if [ "$APP_IMAGE_ONLY" = 0 ]; then
    say "jpackage .deb"
    rm -f "$OUT"/*.deb
    # The file types, each with the app's icon.
    associations=()
    for fa in safetensors rnnx-workspace; do
        { cat "$ROOT/installer/common/$fa.properties"; echo "icon=$ROOT/assets/icons/rnn-explorer-128.png"; } \
            > "$OUT/work/$fa.properties"
        associations+=(--file-associations "$OUT/work/$fa.properties")
    done
    # Built from the same input as the app image, not from --app-image: packaged from an app image, jpackage 25 gives
    # the CLI launcher a menu entry too. installer/linux/resources replaces jpackage's .desktop template (a menu name
    # with capitals and spaces, the file as %f argument, the window's WM class) and maintainer scripts (the icon in
    # all sizes, /usr/bin/rnnx).
    "$JPACKAGE" --type deb --dest "$OUT" "${APP[@]}" \
        --linux-package-name "$APP_NAME" --linux-deb-maintainer "$MAINTAINER" \
        --linux-menu-group "Education;ArtificialIntelligence;DataVisualization;" --linux-app-category education \
        --linux-shortcut \
        "${associations[@]}" --resource-dir "$ROOT/installer/linux/resources"
    say "package: $(ls "$OUT"/*.deb) ($(du -h "$OUT"/*.deb | cut -f1))"
fi
say "done in $((SECONDS - started)) s"
