#!/bin/sh
# make bench: our stemmers against the implementations they follow, when
# those are installed (Debian: liblucene8-java + a JDK for light10,
# python3-nltk for ISRI). Prints the number of words compared and how many
# stems differ. Words: every distinct word of the given text files.
#   sh bench/stem_oracles.sh BUILD_DIR FILE...
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LUA_PATH="$top/lua/?.lua;$top/lua/?/init.lua;;" LUA_CPATH="$top/$build/5.4/?.so;;"
cat "$@" | lua5.4 -e '
  local core = require "arabic.core"
  local seen = {}
  for line in io.lines() do
    for first, last, kind in core.tokens(line) do
      local w = line:sub(first, last)
      if kind == "word" and not seen[w] then seen[w] = true; io.write(w, "\n") end
    end
  end' >"$tmp/words.txt"
echo "$(wc -l <"$tmp/words.txt") distinct words"

# compare: reads "word<TAB>stem" lines and counts words whose stem differs
compare() { # algorithm
    ALGORITHM=$1 lua5.4 -e '
      local arabic = require "arabic"
      local algorithm = os.getenv("ALGORITHM")
      local n, bad, shown = 0, 0, 0
      for line in io.lines() do
        local w, want = line:match("^(.-)\t(.*)$")
        if w then
          n = n + 1
          local got = arabic.stem(w, algorithm)
          if got ~= want then
            bad = bad + 1
            if shown < 5 then shown = shown + 1; io.stderr:write("  ", w, ": ", want, " vs ", got, "\n") end
          end
        end
      end
      print(("  %-8s %d words compared, %d stems differ"):format(algorithm, n, bad))'
}

jar=$(ls /usr/share/java/lucene-analyzers-common-8*.jar 2>/dev/null | head -n 1 || true)
core=$(ls /usr/share/java/lucene-core-8*.jar 2>/dev/null | head -n 1 || true)
if [ -n "$jar" ] && [ -n "$core" ] && command -v javac >/dev/null 2>&1; then
    javac -d "$tmp" -cp "$jar:$core" "$top/bench/LuceneStem.java"
    java -cp "$tmp:$jar:$core" LuceneStem <"$tmp/words.txt" | compare light10
else
    echo "  light10: skipped (Lucene 8 analyzers or javac not installed; Debian: liblucene8-java default-jdk-headless)"
fi

if /usr/bin/python3 -c "import nltk.stem.isri" 2>/dev/null; then
    # NLTK returns the words of its own stop list unchanged: those are left out
    /usr/bin/python3 -c '
import sys
from nltk.stem.isri import ISRIStemmer
s = ISRIStemmer()
for w in open(sys.argv[1], encoding="utf-8"):
    w = w.rstrip("\n")
    if s.norm(w, 1) not in s.stop_words:
        print(w + "\t" + s.stem(w))' "$tmp/words.txt" | compare isri
else
    echo "  isri: skipped (python3-nltk not installed)"
fi
