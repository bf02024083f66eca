#!/bin/sh
# make bench: figures and ratios against baselines measured in this same run.
# Not a test: nothing here asserts a time.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BUILD=${BUILD:-build}
out="$BUILD/bench"
mkdir -p "$out"
corpus="$out/corpus.txt"

# A >= 50 MB corpus: the real news articles repeated (or our own examples
# when ../shared is absent).
src="../shared/corpus/news"
if ls "$src"/*.txt >/dev/null 2>&1; then
    files="$src/*.txt"
else
    echo "bench: $src not found; using examples/articles instead" >&2
    files="examples/articles/*.txt"
fi
if [ ! -s "$corpus" ] || [ "$(wc -c <"$corpus")" -lt 50000000 ]; then
    : >"$corpus"
    while [ "$(wc -c <"$corpus")" -lt 52428800 ]; do
        cat $files $files $files $files $files $files $files $files >>"$corpus"
    done
fi
size=$(wc -c <"$corpus")
echo "corpus: $corpus, $size bytes ($files repeated)"
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //')"
echo

echo "== normalization (C API, median of 7 runs)"
"$BUILD/bench/bench_normalize" "$corpus" 7 2>/dev/null | tee "$out/normalize.txt"
# the same-run C figures the Lua figures are compared with (MB/s, medians)
c_nfkc=$(awk '/^utf8proc_NFKC/ {print $2}' "$out/normalize.txt")
c_map=$(awk '/^arabic search \+ map/ {print $5}' "$out/normalize.txt")
echo
echo "== normalization from Lua ($(command -v lua5.4))"
LUA_PATH="$top/lua/?.lua;$top/lua/?/init.lua;$top/bench/?.lua;;" LUA_CPATH="$top/$BUILD/5.4/?.so;;" \
    lua5.4 bench/bench_lua.lua "$corpus"
echo
echo "== gazetteer: 1,000,000 entries of 1-4 real Arabic tokens"
vocab="$out/vocab.txt"
if ls ../shared/corpus/ner/*.txt >/dev/null 2>&1; then
    cat ../shared/corpus/ner/*.txt >"$vocab"
else
    cp "$corpus" "$vocab"
fi
"$BUILD/bench/bench_gazetteer" build "$vocab" 1000000 "$out/g1m.gaz" "$out/g1m.tsv"
"$BUILD/bench/bench_gazetteer" match "$out/g1m.gaz" "$corpus" 3 | tee "$out/g1m.txt"
c_g1m=$(sed -n 's/.*matching[a-z ]* \([0-9.]*\) MB\/s.*/\1/p' "$out/g1m.txt")
"$BUILD/bench/bench_gazetteer" match "$out/g1m.gaz" "$corpus" 1 fuzzy
echo "-- the default gazetteer ($(grep -c . data/gazetteers/*.tsv | awk -F: '{s+=$2} END {print s}') rows) on the same corpus"
"$BUILD/bench/bench_gazetteer" match "$BUILD/default.gaz" "$corpus" 3 | tee "$out/gdefault.txt"
c_gaz=$(sed -n 's/.*matching[a-z ]* \([0-9.]*\) MB\/s.*/\1/p' "$out/gdefault.txt")
echo "-- baseline in the same run: a straightforward Lua-table matcher, same 1M entries (10 MB slice)"
LUA_PATH="$top/lua/?.lua;$top/lua/?/init.lua;;" LUA_CPATH="$top/$BUILD/5.4/?.so;;" \
    lua5.4 bench/lua_gazetteer.lua "$out/g1m.tsv" "$corpus" 10
echo
echo "== named entities: accuracy on ANERcorp (our own train/dev split)"
LUA_PATH="$top/lua/?.lua;$top/lua/?/init.lua;;" LUA_CPATH="$top/$BUILD/5.4/?.so;;" lua5.4 bench/ner_eval.lua
echo
echo "== named entities: speed of arabic.entities on news lines (Lua 5.4, 10 MB of the corpus)"
LUA_PATH="$top/lua/?.lua;$top/lua/?/init.lua;;" LUA_CPATH="$top/$BUILD/5.4/?.so;;" lua5.4 bench/entities_speed.lua "$corpus" 10
echo
echo "== named entities: the default gazetteer on the three real news articles"
LUA_PATH="$top/lua/?.lua;$top/lua/?/init.lua;;" LUA_CPATH="$top/$BUILD/5.4/?.so;;" lua5.4 bench/news_entities.lua | grep -E "recall|matches of other"
echo
echo "== sentences: accuracy (../shared/corpus/sentences, CoNLL 2018-style F1 with its score.py)"
S=../shared/corpus/sentences
if [ -f "$S/score.py" ] && command -v python3 >/dev/null 2>&1; then
    printf '%-32s %12s %12s %12s %12s\n' "F1" "PUD" "PUD wrapped" "PADT" "PADT wrapped"
    for m in arabic naive icu; do
        row=""
        for set in pud/pud padt/padt-dev; do
            for f in txt wrap80.txt; do
                mode=lines
                [ $f = wrap80.txt ] && mode=auto
                "$BUILD/bench/bench_sentences" spans "$S/$set.$f" $m $mode >"$out/pred.tsv" 2>/dev/null || { row="$row n/a"; continue; }
                f1=$(python3 "$S/score.py" "$S/$set.$f" "$S/$set.spans.tsv" "$out/pred.tsv" | awk -F'|' '/^Sentences/ {gsub(/ /,"",$4); print $4}')
                row="$row $f1"
            done
        done
        case $m in arabic) name="arabic (auto mode on wrapped)" ;; naive) name="naive [.!?؟]+space" ;; icu) name="ICU BreakIterator (ar)" ;; esac
        printf '%-32s %12s %12s %12s %12s\n' "$name" $row
    done
else
    echo "(skipped: $S/score.py or python3 not found)"
fi
echo
echo "== sentences: speed on the corpus"
"$BUILD/bench/bench_sentences" speed "$corpus" 3 | tee "$out/sentences.txt"
c_sent=$(awk '/^arabic \(lines mode\)/ {print $4}' "$out/sentences.txt")
echo
echo "== the paths users call from Lua 5.4, against the C figures above (same run)"
echo "-- one call per paragraph-sized line (10 MB of the corpus), and the whole text in one call"
LUA_PATH="$top/lua/?.lua;$top/lua/?/init.lua;;" LUA_CPATH="$top/$BUILD/5.4/?.so;;" \
    lua5.4 bench/lua_calls.lua "$corpus" 10 "$c_nfkc" "$c_map" "$c_sent" "$c_gaz"
echo "-- iterating over the whole corpus (the 1,000,000-entry gazetteer)"
LUA_PATH="$top/lua/?.lua;$top/lua/?/init.lua;;" LUA_CPATH="$top/$BUILD/5.4/?.so;;" \
    lua5.4 bench/lua_iter.lua "$corpus" "$out/g1m.gaz" "$c_g1m"
echo
echo "== chrome removal, one call per document (the seed pages and the NewsFANE lines; Lua 5.4)"
LUA_PATH="$top/lua/?.lua;$top/lua/?/init.lua;;" LUA_CPATH="$top/$BUILD/5.4/?.so;;" lua5.4 bench/chrome_speed.lua
echo
echo "== dates, numbers, chrome removal (Lua, 20 MB of the corpus, line by line)"
LUA_PATH="$top/lua/?.lua;$top/lua/?/init.lua;;" LUA_CPATH="$top/$BUILD/5.4/?.so;;" lua5.4 bench/bench_dates.lua "$corpus" 20
echo "-- dates: accuracy on our evaluation set (spec/dates_eval.tsv)"
LUA_PATH="$top/lua/?.lua;$top/lua/?/init.lua;$top/spec/?.lua;;" LUA_CPATH="$top/$BUILD/5.4/?.so;;" lua5.4 bench/dates_eval.lua
echo
echo "== filters: pandoc with the arabic filter, and arabic annotate"
sh bench/filters.sh "$corpus" "$out"
echo
echo "== transliteration (C API, median of 5 runs, the whole corpus)"
"$BUILD/bench/bench_translit" "$corpus" 5
# The baseline: ICU's Arabic-Latin transform through its command-line tool
# (icu-devtools, a benchmark-only dependency), run by bench_translit on the
# same 5 MB as every contender, whole process, measured the same ways.
slice="$out/slice5.txt"
head -c 5242880 "$corpus" | head -n -1 >"$slice"
echo "-- the first 5 MB of the corpus, every contender on the same bytes"
if command -v uconv >/dev/null 2>&1; then
    "$BUILD/bench/bench_translit" "$slice" 5 -- uconv -f utf-8 -t utf-8 -x Arabic-Latin "$slice"
else
    echo "(ICU's uconv not found: apt-get install icu-devtools for the baseline; skipped)"
    "$BUILD/bench/bench_translit" "$slice" 5
fi
echo "-- the same 5 MB from Lua 5.4 (whole string, line by line, the command), ICU's uconv in the same run"
LUA_PATH="$top/lua/?.lua;$top/lua/?/init.lua;;" LUA_CPATH="$top/$BUILD/5.4/?.so;;" lua5.4 bench/lua_translit.lua "$slice" 5
echo
echo "== stemming: agreement with Lucene (light10) and NLTK (ISRI), where installed"
if ls ../shared/corpus/ner/*.txt >/dev/null 2>&1; then
    sh bench/stem_oracles.sh "$BUILD" ../shared/corpus/ner/*.txt $files
else
    sh bench/stem_oracles.sh "$BUILD" $files
fi
echo
echo "== corpus tools (Lua 5.4; each tool in its own process, same corpus; bench/bench_corpus.lua)"
for tool in stem freq kwic dedup export stream; do
    echo "-- $tool"
    LUA_PATH="$top/lua/?.lua;$top/lua/?/init.lua;;" LUA_CPATH="$top/$BUILD/5.4/?.so;;" \
        lua5.4 bench/bench_corpus.lua "$corpus" "$tool"
done
