#!/bin/sh
# Install the Debian packages given as arguments that are not installed yet.
# Used by `make deps` (and so by `make demo` and `make test`). On a machine
# without apt-get or without root it only says what is missing.
missing=""
if command -v dpkg-query >/dev/null 2>&1; then
    for p in "$@"; do
        st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
        case "$st" in *"ok installed"*) ;; *) missing="$missing $p" ;; esac
    done
else
    echo "deps: not a Debian system; make sure these (or your system's equivalents) are installed:" >&2
    echo "  $*" >&2
    exit 0
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "deps: installing:$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q $missing >/dev/null 2>&1 ||
        { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q $missing >/dev/null; } || {
        echo "deps: apt-get install failed for:$missing" >&2
        exit 1
    }
else
    echo "deps: missing Debian packages:$missing" >&2
    echo "deps: run: sudo apt-get install$missing" >&2
    exit 1
fi
