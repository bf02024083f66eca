#!/bin/sh
# The filters' speed (part of make bench): pandoc with the arabic filter
# against pandoc alone on the same >= 5 MB Arabic Markdown document, and the
# annotate command's throughput on the >= 50 MB corpus as JSON Lines.
# Usage: bench/filters.sh CORPUS OUTDIR
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
corpus=$1
out=$2
export LUA_PATH="$top/lua/?.lua;$top/lua/?/init.lua;;" LUA_CPATH="$top/build/5.4/?.so;;"
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

md="$out/big.md"
lua5.4 bench/make_inputs.lua md "$md" 5300000
mb=$(wc -c <"$md" | awk '{printf "%.1f", $1 / 1048576}')
if command -v pandoc >/dev/null 2>&1; then
    echo "-- pandoc $(pandoc --version | head -n 1 | cut -d' ' -f2), $md ($mb MB of Markdown) to HTML"
    t0=$(now); pandoc "$md" -t html -o "$out/big.plain.html"; t1=$(now)
    plain=$(secs "$t0" "$t1")
    t0=$(now); pandoc "$md" --lua-filter lua/arabic/filter.lua -t html -o "$out/big.html"; t1=$(now)
    lua=$(secs "$t0" "$t1")
    t0=$(now); pandoc "$md" --filter bin/pandoc-arabic -t html -o "$out/big.json.html"; t1=$(now)
    jsonf=$(secs "$t0" "$t1")
    ents=$(grep -o 'class="entity ' "$out/big.html" | wc -l)
    printf '   %-44s %7s s\n' "pandoc alone (baseline)" "$plain"
    printf '   %-44s %7s s  (filter adds %s s = %s x pandoc alone)\n' "pandoc --lua-filter arabic.lua (in process)" "$lua" \
        "$(secs "$plain" "$lua")" "$(ratio "$(secs "$plain" "$lua")" "$plain")"
    printf '   %-44s %7s s  (filter adds %s s = %s x pandoc alone)\n' "pandoc --filter pandoc-arabic (JSON)" "$jsonf" \
        "$(secs "$plain" "$jsonf")" "$(ratio "$(secs "$plain" "$jsonf")" "$plain")"
    echo "   $ents entities marked"
    # where the time goes: the transform itself, and pandoc's own work on
    # the annotated document (the JSON round trip and writing the spans)
    pandoc "$md" -t json -o "$out/big.json"
    t0=$(now); lua5.4 bin/pandoc-arabic html <"$out/big.json" >"$out/big.out.json"; t1=$(now)
    printf '   %-44s %7s s\n' "  the transform alone (pandoc-arabic, Lua 5.4)" "$(secs "$t0" "$t1")"
    t0=$(now); pandoc -f json "$out/big.json" -t html -o /dev/null; t1=$(now)
    a=$(secs "$t0" "$t1")
    t0=$(now); pandoc -f json "$out/big.out.json" -t html -o /dev/null; t1=$(now)
    b=$(secs "$t0" "$t1")
    printf '   %-44s %7s s  (%s s on the plain JSON)\n' "  pandoc: annotated JSON to HTML" "$b" "$a"
else
    echo "(pandoc not installed: skipped)"
fi

jsonl="$out/corpus.jsonl"
[ -s "$jsonl" ] || lua5.4 bench/make_inputs.lua jsonl "$corpus" "$jsonl"
size=$(wc -c <"$jsonl")
docs=$(wc -l <"$jsonl")
mb=$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1048576 }')
echo "-- arabic annotate --jsonl on $jsonl ($mb MB, $docs documents; sentences, entities, dates)"
t0=$(now); lua5.4 bin/arabic annotate --jsonl "$jsonl" >"$out/annotated.jsonl"; t1=$(now)
s1=$(secs "$t0" "$t1")
printf '   %-44s %7s s  %6s MB/s\n' "one process" "$s1" "$(ratio "$mb" "$s1")"
t0=$(now); lua5.4 bin/arabic annotate --jsonl --config /dev/stdin "$jsonl" >/dev/null <<'CONF'
return { entities = true }
CONF
t1=$(now)
s2=$(secs "$t0" "$t1")
printf '   %-44s %7s s  %6s MB/s\n' "one process, entities only" "$s2" "$(ratio "$mb" "$s2")"
t0=$(now); lua5.4 -e 'for l in io.lines() do local d = require("arabic.json").decode(l) end' <"$jsonl"; t1=$(now)
s3=$(secs "$t0" "$t1")
printf '   %-44s %7s s  %6s MB/s\n' "baseline: only decoding the JSON (Lua)" "$s3" "$(ratio "$mb" "$s3")"
if command -v parallel >/dev/null 2>&1; then
    j=$(nproc)
    t0=$(now)
    parallel --will-cite --pipe -k --block 4M lua5.4 bin/arabic annotate --jsonl <"$jsonl" >"$out/annotated.par.jsonl"
    t1=$(now)
    sp=$(secs "$t0" "$t1")
    same=$(cmp -s "$out/annotated.jsonl" "$out/annotated.par.jsonl" && echo "same output" || echo "OUTPUT DIFFERS")
    printf '   %-44s %7s s  %6s MB/s  (%s x one process; %s)\n' "GNU parallel --pipe, $j jobs" "$sp" "$(ratio "$mb" "$sp")" \
        "$(ratio "$s1" "$sp")" "$same"
fi
if [ -x /usr/bin/time ]; then
    echo "   peak memory, one process: $(/usr/bin/time -f '%M KB' lua5.4 bin/arabic annotate --jsonl "$jsonl" 2>&1 >/dev/null | tail -n 1)"
fi
