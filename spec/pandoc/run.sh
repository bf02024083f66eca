#!/bin/sh
# End-to-end tests of the pandoc filters through real pandoc; the last line
# is "N passed, N failed".
#
#  - golden files: examples/pandoc/article.md and spec/pandoc/cases/*.md
#    through the Lua filter, compared with NAME.html / NAME.out.md /
#    NAME.json beside them (regenerate: UPDATE=1 sh spec/pandoc/run.sh);
#  - the same HTML through the JSON-filter path (forced with
#    ARABIC_FILTER=json, and with the C module really unavailable) and
#    through `pandoc --filter bin/pandoc-arabic`;
#  - docx: the custom-style attributes survive a docx round trip;
#  - bad metadata and bad JSON: a clear message and a failing status;
#  - the filter's Lua specs run by busted inside pandoc (spec/pandoc/*_pspec.lua).
# Goldens are for the pandoc of Debian 12 (2.17); another pandoc skips them
# loudly and runs the rest.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
filter=lua/filters/arabic.lua
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; [ -n "${2:-}" ] && sed 's/^/    /' "$2" | head -30; }

if ! command -v pandoc >/dev/null 2>&1; then
    echo "SKIPPED: pandoc is not installed (Debian: apt-get install pandoc)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
pv=$(pandoc --version | head -n 1 | cut -d' ' -f2)
golden=yes
case "$pv" in 2.17.*) ;; *) golden=no; echo "SKIPPED: golden files are for pandoc 2.17, this is $pv" >&2 ;; esac

# compare NAME OUTPUT EXPECTED
compare() {
    if [ "${UPDATE:-}" = 1 ]; then
        cp "$2" "$3"
        ok "$1 (updated $3)"
    elif [ ! -f "$3" ]; then
        bad "$1: no golden file $3"
    elif cmp -s "$2" "$3"; then
        ok "$1"
    else
        diff -u "$3" "$2" >"$tmp/diff"
        bad "$1: differs from $3" "$tmp/diff"
    fi
}

inputs="examples/pandoc/article.md $(ls spec/pandoc/cases/*.md | grep -v "\.out\.md$")"
for in in $inputs; do
    base=${in%.md}
    [ "$in" = examples/pandoc/article.md ] && base=examples/pandoc/expected/article
    name=$(basename "$base")
    for ext in html out.md json; do
        [ -f "$base.$ext" ] || [ "${UPDATE:-}" = 1 -a "$ext" = html ] || continue
        case $ext in html) to=html ;; out.md) to=markdown ;; json) to=json ;; esac
        if pandoc "$in" --lua-filter "$filter" -t "$to" -o "$tmp/out" 2>"$tmp/err"; then
            if [ "$golden" = yes ]; then compare "$name -> $to" "$tmp/out" "$base.$ext"; fi
        else
            bad "$name -> $to: pandoc failed" "$tmp/err"
        fi
    done
    [ -f "$base.html" ] || continue
    cp "$base.html" "$tmp/expected.html" 2>/dev/null
    [ "$golden" = yes ] || pandoc "$in" --lua-filter "$filter" -t html -o "$tmp/expected.html"
    # the JSON path, forced
    if ARABIC_FILTER=json pandoc "$in" --lua-filter "$filter" -t html -o "$tmp/out" 2>"$tmp/err" &&
        cmp -s "$tmp/out" "$tmp/expected.html"; then
        ok "$name: ARABIC_FILTER=json gives the same HTML"
    else
        diff -u "$tmp/expected.html" "$tmp/out" >>"$tmp/err"
        bad "$name: ARABIC_FILTER=json" "$tmp/err"
    fi
    # the JSON filter directly
    if pandoc "$in" --filter bin/pandoc-arabic -t html -o "$tmp/out" 2>"$tmp/err" &&
        cmp -s "$tmp/out" "$tmp/expected.html"; then
        ok "$name: --filter pandoc-arabic gives the same HTML"
    else
        diff -u "$tmp/expected.html" "$tmp/out" >>"$tmp/err"
        bad "$name: --filter pandoc-arabic" "$tmp/err"
    fi
done

# The pure-Lua JSON library (dkjson) instead of lua-cjson: the same HTML.
in=examples/pandoc/article.md
pandoc "$in" --lua-filter "$filter" -t html -o "$tmp/expected.html"
if ARABIC_JSON=dkjson pandoc "$in" --filter bin/pandoc-arabic -t html -o "$tmp/out" 2>"$tmp/err" &&
    cmp -s "$tmp/out" "$tmp/expected.html"; then
    ok "with dkjson instead of lua-cjson: the same HTML"
else
    diff -u "$tmp/expected.html" "$tmp/out" >>"$tmp/err"
    bad "with dkjson" "$tmp/err"
fi

# The C module really unavailable: the filter copied out of the checkout,
# the Lua modules on LUA_PATH, no arabic/core.so anywhere on LUA_CPATH.
cp "$filter" "$tmp/arabic.lua"
if LUA_PATH="$top/lua/?.lua;$top/lua/?/init.lua;;" LUA_CPATH="$tmp/none/?.so" \
    ARABIC_PANDOC_FILTER="$top/bin/pandoc-arabic" \
    pandoc "$in" --lua-filter "$tmp/arabic.lua" -t html -o "$tmp/out" 2>"$tmp/err" &&
    cmp -s "$tmp/out" "$tmp/expected.html" && grep -q "does not load" "$tmp/err"; then
    ok "without the C module: falls back to pandoc-arabic, same HTML, says so on stderr"
else
    bad "without the C module" "$tmp/err"
fi
# ... and with no pandoc-arabic either: a clear error
if ARABIC_FILTER=json ARABIC_PANDOC_FILTER="$tmp/no-such-command" \
    pandoc "$in" --lua-filter "$filter" -t html -o "$tmp/out" 2>"$tmp/err"; then
    bad "no pandoc-arabic: pandoc succeeded"
elif grep -q "cannot run" "$tmp/err"; then
    ok "no pandoc-arabic: a clear error"
else
    bad "no pandoc-arabic: unclear error" "$tmp/err"
fi

# docx: custom-style attributes become Word character styles; reading the
# docx back with +styles shows them.
if pandoc "$in" --lua-filter "$filter" -o "$tmp/a.docx" 2>"$tmp/err" &&
    pandoc -f docx+styles "$tmp/a.docx" -t native -o "$tmp/native" 2>>"$tmp/err"; then
    n_ent=$(grep -o 'custom-style" *, *"Entity"' "$tmp/native" | wc -l)
    n_date=$(grep -o 'custom-style" *, *"Date"' "$tmp/native" | wc -l)
    want_ent=$(pandoc "$in" --lua-filter "$filter" -t html | grep -o 'class="entity ' | wc -l)
    if [ "$n_ent" -gt 0 ] && [ "$n_ent" -ge $((want_ent - 3)) ] && [ "$n_date" -gt 0 ]; then
        ok "docx: $n_ent Entity and $n_date Date character styles (HTML has $want_ent entities)"
    else
        echo "Entity $n_ent (want about $want_ent), Date $n_date" >"$tmp/err"
        bad "docx custom-style" "$tmp/err"
    fi
else
    bad "docx: pandoc failed" "$tmp/err"
fi

# Bad configuration: pandoc fails, the message names the key.
for c in unknown-option:entitties bad-gazetteer:no-such-file.gaz; do
    f=${c%%:*}
    word=${c#*:}
    if pandoc "spec/pandoc/cases/errors/$f.md" --lua-filter "$filter" -t html -o "$tmp/out" 2>"$tmp/err"; then
        bad "error $f: pandoc succeeded"
    elif grep -q "$word" "$tmp/err" && grep -q "arabic filter" "$tmp/err"; then
        ok "error $f: $(grep "arabic filter" "$tmp/err" | head -n 1 | cut -c1-120)"
    else
        bad "error $f: message does not name $word" "$tmp/err"
    fi
done
if echo '{"not":"pandoc"}' | bin/pandoc-arabic html >"$tmp/out" 2>"$tmp/err"; then
    bad "pandoc-arabic on bad JSON: exit 0"
elif grep -q "not a pandoc JSON document" "$tmp/err"; then
    ok "pandoc-arabic on bad JSON: exit 1 with a message"
else
    bad "pandoc-arabic on bad JSON: unclear message" "$tmp/err"
fi

# busted inside pandoc: the filter's Lua parts with pandoc's own Lua.
if pandoc -f markdown -t plain --lua-filter spec/pandoc/busted.lua -o "$tmp/out" </dev/null >"$tmp/tap" 2>"$tmp/err"; then :; fi
p=$(grep -c '^ok ' "$tmp/tap")
f=$(grep -c '^not ok ' "$tmp/tap")
if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
    cat "$tmp/err" >>"$tmp/tap"
    bad "busted inside pandoc did not run" "$tmp/tap"
else
    [ "$f" -gt 0 ] && grep -A8 '^not ok' "$tmp/tap" | head -40
    echo "busted inside pandoc: $p passed, $f failed"
    pass=$((pass + p))
    fail=$((fail + f))
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
