#!/usr/bin/env bash
# Builds RNN Explorer for macOS, on a Mac (jpackage makes packages for the OS it runs on):
#   target/installer/RNN Explorer.app                the app: Contents/MacOS/RNN Explorer (the window) and
#                                                    Contents/MacOS/rnnx (the CLI), Contents/runtime (jlink image),
#                                                    Contents/app (jars, sample-data/)
#   target/installer/RNN-Explorer-<version>.dmg      the disk image to drag the app to Applications from
#
# Usage: bash installer/macos/build-macos.sh [--app-image-only] [--no-maven]
# Needs: Maven, a JDK 25+ (RNNX_JDK, JAVA_HOME or /usr/libexec/java_home -v 25+) of the Mac's architecture (the
# JavaFX jars Maven picks, mac or mac-aarch64, follow the JDK's os.arch), Xcode command line tools for the .dmg.
# Unsigned: Gatekeeper asks on first start (right-click > Open); signing needs --mac-sign and an Apple identity.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$ROOT/target/installer
APP_NAME="RNN Explorer"
DESCRIPTION="See inside torch.nn.RNN: hidden states, spectra and gradient flow through time"
VENDOR="RNN Explorer"

APP_IMAGE_ONLY=0
SKIP_MAVEN=0
for arg in "$@"; do
    case "$arg" in
        --app-image-only) APP_IMAGE_ONLY=1 ;;
        --no-maven) SKIP_MAVEN=1 ;;
        -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "build-macos.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
    esac
done

# shellcheck source=SCRIPTDIR/../common/lib.sh
source "$ROOT/installer/common/lib.sh"
[ "$(uname -s)" = Darwin ] || die "build-macos.sh runs on macOS; on Linux use installer/build.sh"

find_jdk
maven_package
read_version
collect_jars
check_modules
link_runtime
window_java_options

# jpackage refuses a bundle version whose first number is 0 on macOS (CFBundleVersion). While the project is at
# 0.y.z the bundle says 1.y.z; the About box and rnnx --version show the real version from pom.xml, and so does the
# .dmg's file name.
BUNDLE_VERSION=$NUMERIC_VERSION
case "$BUNDLE_VERSION" in 0|0.*) BUNDLE_VERSION="1${BUNDLE_VERSION#0}" ;; esac

APP=(--name "$APP_NAME" --app-version "$BUNDLE_VERSION" --vendor "$VENDOR" --description "$DESCRIPTION"
     --input "$INPUT" --main-jar "$MAIN_JAR" --main-class org.rnnexplorer.ui.ExplorerLauncher
     --runtime-image "$RUNTIME" "${WINDOW_JAVA_OPTIONS[@]}"
     --add-launcher "rnnx=$ROOT/installer/common/rnnx.properties"
     --icon "$ROOT/assets/icons/rnn-explorer.icns"
     --mac-package-identifier org.rnnexplorer.explorer --mac-package-name "$APP_NAME"
     --mac-app-category public.app-category.education)

# The file types, with the document role and the app's icon; macOS hands such a file to the running app as an
# open-file event.
associations=()
for fa in safetensors rnnx-workspace; do
    mkdir -p "$OUT/work"
    { cat "$ROOT/installer/common/$fa.properties"
      echo "icon=$ROOT/assets/icons/rnn-explorer.icns"
      echo "mac.CFBundleTypeRole=Editor"
      echo "mac.LSHandlerRank=Owner"
      echo "mac.UTTypeConformsTo=public.data"; } > "$OUT/work/$fa.properties"
    associations+=(--file-associations "$OUT/work/$fa.properties")
done

say "jpackage app image"
rm -rf "$OUT/$APP_NAME.app"
# (jpackage takes file associations only for the .dmg: the app in it has them, this one does not.)
"$JPACKAGE" --type app-image --dest "$OUT" "${APP[@]}"
say "app: $OUT/$APP_NAME.app ($(du -sh "$OUT/$APP_NAME.app" | cut -f1))"

if [ "$APP_IMAGE_ONLY" = 0 ]; then
    say "jpackage .dmg"
    rm -f "$OUT"/*.dmg
    "$JPACKAGE" --type dmg --dest "$OUT" "${APP[@]}" "${associations[@]}"
    mv "$OUT/$APP_NAME-$BUNDLE_VERSION.dmg" "$OUT/RNN-Explorer-$VERSION.dmg"
    say "disk image: $OUT/RNN-Explorer-$VERSION.dmg"
fi
