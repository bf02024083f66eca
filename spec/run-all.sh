#!/bin/sh
# Run every test suite and print one summary line: "N passed, N failed".
#
# Suites: the C tests; busted under every supported Lua that is built; the
# LuaRocks build check and the source rock of `make dist`; the pandoc
# tests; luacheck. Each suite reports
# its counts (and its skipped checks); the lines before the last give the
# unique checks (each busted spec once, not once per Lua) and the skipped
# total; the last line sums them. Exit status 1 if anything failed.
#
# Environment: LUA_VERSIONS ("5.4 5.3 5.1 luajit"), BUILD (build dir),
# C_TESTS (test binaries), SUITES (default: "c busted rock pandoc").
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
BUILD=${BUILD:-build}
SUITES=${SUITES:-c busted rock pandoc lint}
LUA_VERSIONS=${LUA_VERSIONS:-5.4 5.3 5.1 luajit}
total_pass=0
total_fail=0
total_skip=0
# Unique checks: the busted specs are the same under every Lua and the rock
# check the same under every Lua, so each counts once here (the most any
# one Lua passed); the C, pandoc and lint checks count as they are.
unique=0
busted_max=0
rock_once=0
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

report() { # suite passed failed [skipped]
    if [ "${4:-0}" -gt 0 ]; then
        printf '  %-28s %5d passed, %d failed, %d skipped\n' "$1" "$2" "$3" "$4"
    else
        printf '  %-28s %5d passed, %d failed\n' "$1" "$2" "$3"
    fi
    total_pass=$((total_pass + $2))
    total_fail=$((total_fail + $3))
    total_skip=$((total_skip + ${4:-0}))
}

# "N passed, N failed" or "N passed, N failed, N skipped": prints "P F S",
# or nothing when LINE is neither.
counts() {
    echo "$1" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed\(, \([0-9]*\) skipped\)\{0,1\}$/\1 \2 \4/p' |
        awk '{ print $1, $2, ($3 == "" ? 0 : $3) }'
}

interp() {
    case "$1" in luajit) echo luajit ;; *) echo "lua$1" ;; esac
}

want() { case " $SUITES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# --- C tests: each binary ends with "N passed, N failed".
if want c; then
    for t in ${C_TESTS:-}; do
        name=$(basename "$t")
        "$t" >"$log/$name.out" 2>&1
        rc=$?
        line=$(tail -n 1 "$log/$name.out")
        p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
        f=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
        if [ -z "$p" ]; then p=0; f=1; fi
        [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
        [ "$f" -ne 0 ] && sed 's/^/    /' "$log/$name.out" | grep -v '^ *[0-9]* passed' | head -40
        report "C $name" "$p" "$f"
        unique=$((unique + p))
    done
fi

# --- busted, once per Lua. TAP output: "ok", "not ok", "# SKIP".
if want busted; then
    for v in $LUA_VERSIONS; do
        lua=$(interp "$v")
        if ! command -v "$lua" >/dev/null 2>&1; then
            echo "  busted $v: $lua not installed, skipped"
            continue
        fi
        # LuaJIT keeps its heap in its own mmap'd arena, which LeakSanitizer
        # does not scan, and its os.exit does not close the state: under
        # test-asan, objects alive at a non-zero exit would show as leaks.
        case "$v:${LD_PRELOAD:-}" in luajit:*asan*) lsan_off=:detect_leaks=0 ;; *) lsan_off= ;; esac
        ASAN_OPTIONS="${ASAN_OPTIONS:-}$lsan_off" \
        LUA_PATH="$top/lua/?.lua;$top/lua/?/init.lua;$top/spec/?.lua;;" \
        LUA_CPATH="$top/$BUILD/$v/?.so;;" \
        ARABIC_LUA="$lua" ARABIC_BUILD="$top/$BUILD/$v" \
            "$lua" /usr/bin/busted --run="$v" -o TAP >"$log/busted-$v.out" 2>&1
        rc=$?
        p=$(grep -c '^ok ' "$log/busted-$v.out")
        s=$(grep -c '^ok .*# SKIP' "$log/busted-$v.out")
        f=$(grep -c '^not ok ' "$log/busted-$v.out")
        p=$((p - s))
        if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
        if [ "$f" -ne 0 ]; then
            grep -v '^ok ' "$log/busted-$v.out" | head -60 | sed 's/^/    /'
        fi
        report "busted $lua" "$p" "$f" "$s"
        [ "$p" -gt "$busted_max" ] && busted_max=$p
        [ "$s" -gt 0 ] && echo "    ($s skipped: $(grep '^ok .*# SKIP' "$log/busted-$v.out" | sed 's/.*# SKIP *//' | sort -u | head -3 | tr '\n' ';'))"
    done
fi

# --- the rock: `luarocks make` into a temporary tree, offline, and require.
if want rock && [ -x spec/rock-check.sh ]; then
    for v in $LUA_VERSIONS; do
        case "$v" in luajit) continue ;; esac
        if sh spec/rock-check.sh "$v" >"$log/rock-$v.out" 2>&1; then
            report "luarocks make (Lua $v)" 1 0
            rock_once=1
        else
            sed 's/^/    /' "$log/rock-$v.out" | tail -20
            report "luarocks make (Lua $v)" 0 1
        fi
    done
fi

# --- `make dist` and `luarocks install` of the source rock it makes,
# offline, once (the first Lua with a rock check).
if want rock && [ -x spec/dist-check.sh ]; then
    for v in $LUA_VERSIONS; do
        case "$v" in luajit) continue ;; esac
        if sh spec/dist-check.sh "$v" >"$log/dist.out" 2>&1; then
            report "make dist + install (Lua $v)" 1 0
            unique=$((unique + 1))
        else
            sed 's/^/    /' "$log/dist.out" | tail -20
            report "make dist + install (Lua $v)" 0 1
        fi
        break
    done
fi

# --- pandoc end-to-end tests.
if want pandoc && [ -x spec/pandoc/run.sh ]; then
    sh spec/pandoc/run.sh >"$log/pandoc.out" 2>&1
    rc=$?
    set -- $(counts "$(tail -n 1 "$log/pandoc.out")")
    p=${1:-}; f=${2:-}; s=${3:-0}
    if [ -z "$p" ]; then p=0; f=1; fi
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    [ "$f" -ne 0 ] && sed 's/^/    /' "$log/pandoc.out" | tail -40
    report "pandoc" "$p" "$f" "$s"
    [ "$s" -gt 0 ] && echo "    ($s skipped: $(grep '# SKIP' "$log/pandoc.out" | sed 's/.*# SKIP *//' | sort -u | head -3 | tr '\n' ';'))"
    unique=$((unique + p))
fi

# --- luacheck over the Lua code (.luacheckrc): one check, warnings fail it.
if want lint; then
    if command -v luacheck >/dev/null 2>&1; then
        if luacheck --no-color --formatter plain . >"$log/lint.out" 2>&1; then
            report "luacheck" 1 0
            unique=$((unique + 1))
        else
            sed 's/^/    /' "$log/lint.out" | head -30
            report "luacheck" 0 1
        fi
    else
        echo "  luacheck: not installed (Debian: lua-check), skipped"
    fi
fi

unique=$((unique + busted_max + rock_once))
echo "  unique checks: $unique of the $total_pass passed (busted specs and the rock check counted once, not once per Lua)"
# skipped checks (not in the passed count) on a line of their own: the last
# line stays exactly "N passed, N failed" (.ci/run reads it)
[ "$total_skip" -gt 0 ] && echo "  skipped: $total_skip (listed above; not counted as passed)"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
