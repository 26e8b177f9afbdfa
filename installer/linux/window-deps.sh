#!/usr/bin/env bash
# What the window needs from a Linux machine, installed where it is missing: GTK 3, which JavaFX draws through.
# The build runs this in its compile phase (the pom's profile "linux-window"), so that `mvn -q compile javafx:run`
# works on a fresh machine. It acts only where a window could open (DISPLAY is set: a desktop, or Xvfb) and GTK 3
# is missing; a headless build (CI, the tests under Monocle) needs no GTK and is left alone. It never fails the
# build: where it cannot install (not root, no apt-get), it says what to install, and the window's launcher says so
# again in one line.


[ "$(uname -s)" = Linux ] || exit 0
[ -n "${DISPLAY:-}" ] || exit 0

has_gtk3() {
    # The dynamic linker's cache, as glass's dlopen sees it; LD_LIBRARY_PATH entries too.
    if command -v ldconfig > /dev/null 2>&1 && ldconfig -p 2>/dev/null | grep -q 'libgtk-3\.so\.0 '; then
        return 0
    fi
    local dir
    for dir in ${LD_LIBRARY_PATH:+${LD_LIBRARY_PATH//:/ }} /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/lib64 /usr/lib; do
        [ -e "$dir/libgtk-3.so.0" ] && return 0
    done
    return 1
}

has_gtk3 && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get > /dev/null 2>&1; then
    echo "rnn-explorer: the window needs GTK 3 (libgtk-3.so.0), which is not installed:" \
         "apt-get install libgtk-3-0 (Debian, Ubuntu) or dnf install gtk3 (Fedora)" >&2
    exit 0
fi

# Debian 13 and Ubuntu 24.04 renamed the package (the 64-bit time_t transition).
package=libgtk-3-0
if apt-cache show libgtk-3-0t64 > /dev/null 2>&1 && ! apt-cache show libgtk-3-0 > /dev/null 2>&1; then
    package=libgtk-3-0t64
fi
echo "rnn-explorer: installing $package (GTK 3, which the window draws through) with apt-get" >&2
log=$(mktemp)
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" > "$log" 2>&1; then
    # A fresh machine may have no package lists yet.
    DEBIAN_FRONTEND=noninteractive apt-get update -q > "$log" 2>&1 || true
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" > "$log" 2>&1; then
        echo "rnn-explorer: apt-get could not install $package: $(tail -n 1 "$log")" >&2
    fi
fi
rm -f "$log"
exit 0
