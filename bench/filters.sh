#!/bin/sh
# The filters' speed (part of make bench): the pandoc-arabic transform and
# pandoc with the arabic filter against pandoc alone on the same >= 5 MB
# Arabic news document, per output format on a mixed document, and the
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

# The least of $runs runs of a command, as /usr/bin/time's format $1
# gives it (summed): the machine is shared, and the least is the run least
# disturbed.
runs=${FILTER_RUNS:-3}
least() {
    fmt=$1
    shift
    best=""
    i=0
    while [ $i -lt $runs ]; do
        /usr/bin/time -f "$fmt" -o "$out/time.txt" "$@" >/dev/null 2>"$out/time.err" ||
            { cat "$out/time.err" >&2; return 1; }
        t=$(awk '{ printf "%.2f", $1 + $2 }' "$out/time.txt")
        best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (a == "" || b < a) ? b : a }')
        i=$((i + 1))
    done
    echo "$best"
}
# CPU seconds (user + system); wall-clock seconds
cpu() { least "%U %S" "$@"; }
wall() { least "%e 0" "$@"; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", (b > 0 ? 100 * a / b : 0) }'; }

# A >= 5 MB news document: the real articles of ../shared/corpus/news one
# after another (our own examples when it is absent), the filter's default
# options (entities and direction).
news_dir=../shared/corpus/news
ls "$news_dir"/*.txt >/dev/null 2>&1 || news_dir=examples/articles
md="$out/news.md"
lua5.4 bench/make_inputs.lua news "$md" 5300000 "$news_dir"
mb=$(wc -c <"$md" | awk '{printf "%.1f", $1 / 1048576}')
if [ -n "${ANNOTATE_ONLY:-}" ]; then
    echo "(ANNOTATE_ONLY=1: the pandoc part skipped)"
elif command -v pandoc >/dev/null 2>&1 && [ -x /usr/bin/time ]; then
    echo "-- pandoc $(pandoc --version | head -n 1 | cut -d' ' -f2), $md ($mb MB of Markdown from $news_dir)"
    echo "   CPU seconds (user + system), the least of $runs runs"
    pandoc "$md" -t json -o "$out/news.json"
    plain=$(cpu pandoc "$md" -t html -o "$out/news.plain.html")
    alone=$(cpu sh -c "lua5.4 bin/pandoc-arabic html <'$out/news.json' >'$out/news.out.json'")
    if command -v luajit >/dev/null 2>&1 && [ -f build/luajit/arabic/core.so ]; then
        jit=$(cpu sh -c "LUA_CPATH='$top/build/luajit/?.so;;' luajit bin/pandoc-arabic html <'$out/news.json' >/dev/null")
    fi
    pandoc -M arabic.dates=true "$md" -t json -o "$out/news.dates.json"
    dates=$(cpu sh -c "lua5.4 bin/pandoc-arabic html <'$out/news.dates.json' >/dev/null")
    ents=$(grep -o '"entity"' "$out/news.out.json" | wc -l)
    printf '   %-52s %6s s\n' "pandoc alone, Markdown -> HTML (baseline)" "$plain"
    printf '   %-52s %6s s  %s of pandoc alone (%s entities)\n' "pandoc-arabic alone (JSON in, JSON out)" "$alone" \
        "$(pct "$alone" "$plain")" "$ents"
    printf '   %-52s %6s s  %s\n' "  the same with dates (-M arabic.dates=true)" "$dates" "$(pct "$dates" "$plain")"
    [ -n "${jit:-}" ] && printf '   %-52s %6s s  %s\n' "  the same under LuaJIT (default options)" "$jit" "$(pct "$jit" "$plain")"
    lua=$(cpu pandoc "$md" --lua-filter lua/arabic/filter.lua -t html -o "$out/news.html")
    jsonf=$(cpu pandoc "$md" --filter bin/pandoc-arabic -t html -o "$out/news.json.html")
    printf '   %-52s %6s s  adds %s of pandoc alone\n' "pandoc --lua-filter arabic.lua" "$lua" \
        "$(pct "$(awk -v a="$lua" -v b="$plain" 'BEGIN { print a - b }')" "$plain")"
    printf '   %-52s %6s s  adds %s\n' "pandoc --filter pandoc-arabic" "$jsonf" \
        "$(pct "$(awk -v a="$jsonf" -v b="$plain" 'BEGIN { print a - b }')" "$plain")"
    # per output format, on a mixed document: our own test documents (code
    # with Arabic comments, inline code, links, tables, English blocks)
    # repeated to about 1 MB
    mixed="$out/mixed.md"
    : >"$mixed"
    while [ "$(wc -c <"$mixed")" -lt 1000000 ]; do
        for f in spec/pandoc/cases/code.md spec/pandoc/cases/mixed.md examples/pandoc/article.md; do
            sed -e '1,/^---$/{/^---$/!d}' -e '1,/^---$/d' -e 's/\[\^1\]//g' "$f" >>"$mixed"
            printf '\n\n' >>"$mixed"
        done
    done
    echo "-- per format, $mixed ($(wc -c <"$mixed" | awk '{printf "%.1f", $1 / 1048576}') MB: code, inline code, links, tables, English blocks)"
    for to in html latex docx markdown; do
        o="$out/mixed.out"
        base=$(cpu pandoc "$mixed" -t $to -o "$o")
        with=$(cpu pandoc "$mixed" --lua-filter lua/arabic/filter.lua -t $to -o "$o")
        printf '   %-10s pandoc alone %6s s, with the filter %6s s: adds %s\n' "$to" "$base" "$with" \
            "$(pct "$(awk -v a="$with" -v b="$base" 'BEGIN { print a - b }')" "$base")"
    done
else
    echo "(pandoc or /usr/bin/time not installed: skipped)"
fi

# FILTERS_ONLY=1: the pandoc part only (ANNOTATE_ONLY=1: the annotate part only)
[ -n "${FILTERS_ONLY:-}" ] && exit 0
jsonl="$out/corpus.jsonl"
[ -s "$jsonl" ] || lua5.4 bench/make_inputs.lua jsonl "$corpus" "$jsonl"
size=$(wc -c <"$jsonl")
docs=$(wc -l <"$jsonl")
# MB of 10^6 bytes, as every other figure of make bench and the README
mb=$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }')
echo "-- arabic annotate --jsonl on $jsonl ($mb MB, $docs documents; sentences, entities, dates)"
t0=$(now); lua5.4 bin/arabic annotate --jsonl "$jsonl" >"$out/annotated.jsonl"; t1=$(now)
s1=$(secs "$t0" "$t1")
printf '   %-44s %7s s  %6s MB/s\n' "one process (wall clock)" "$s1" "$(ratio "$mb" "$s1")"
if [ -x /usr/bin/time ]; then
    # CPU seconds, the least of $runs runs, and the steps alone: what the
    # one-process figure is made of, steadier than the wall clock on a
    # shared machine
    echo "   CPU seconds (user + system), the least of $runs runs:"
    c1=$(cpu lua5.4 bin/arabic annotate --jsonl "$jsonl")
    printf '   %-44s %7s s  %6s MB/s\n' "one process" "$c1" "$(ratio "$mb" "$c1")"
    # the entities of a document are matched on a second thread while Lua
    # finds its dates: the wall clock with every processor, and pinned to
    # one (where the work is done in turn)
    w1=$(wall lua5.4 bin/arabic annotate --jsonl "$jsonl")
    printf '   %-44s %7s s  %6s MB/s\n' "one process, wall clock, least of $runs" "$w1" "$(ratio "$mb" "$w1")"
    if command -v taskset >/dev/null 2>&1; then
        w0=$(wall taskset -c 0 lua5.4 bin/arabic annotate --jsonl "$jsonl")
        printf '   %-44s %7s s  %6s MB/s\n' "one process pinned to one processor, wall" "$w0" "$(ratio "$mb" "$w0")"
    fi
    for step in sentences entities dates; do
        echo "return { $step = true }" >"$out/$step.lua" # a config is a .lua or .json file
        c=$(cpu lua5.4 bin/arabic annotate --jsonl --config "$out/$step.lua" "$jsonl")
        printf '   %-44s %7s s  %6s MB/s\n' "one process, $step only" "$c" "$(ratio "$mb" "$c")"
    done
    c3=$(cpu sh -c "lua5.4 -e 'for l in io.lines() do local d = require(\"arabic.json\").decode(l) end' <'$jsonl'")
    printf '   %-44s %7s s  %6s MB/s\n' "baseline: only decoding the JSON (Lua)" "$c3" "$(ratio "$mb" "$c3")"
fi
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
