#!/bin/sh
# `luarocks make` the rockspec into a temporary tree, offline, for one Lua
# version, then require the module from that tree and run the installed
# command. Usage: spec/rock-check.sh 5.4
set -eu
v=$1
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A configuration with no rock servers: nothing can be fetched.
cat >"$tmp/config.lua" <<CFG
rocks_servers = {}
CFG
export LUAROCKS_CONFIG="$tmp/config.lua"
# Build from a copy, so the check never writes into the checkout.
mkdir "$tmp/src"
(cd "$top" && tar cf - --exclude=./build --exclude=./.git . ) | (cd "$tmp/src" && tar xf -)
cd "$tmp/src"
luarocks --lua-version "$v" make --tree "$tmp/tree" --deps-mode=none rockspec/arabic-scm-1.rockspec
eval "$(luarocks --lua-version "$v" --tree "$tmp/tree" path)"
cd "$tmp"
"lua$v" -e '
  local arabic = require "arabic"
  assert(arabic.normalize("الولایات", "search") == "الولايات", "normalize from the rock")
  local ms = arabic.entities("وصل ماكغورك إلى مسقط")
  assert(#ms == 2 and ms[2].id == "muscat", "entities with the installed default gazetteer")
  assert(arabic.dates("في 15 رجب 1445 هـ")().gregorian == "2024-01-27", "dates with the installed tables")
  assert(#arabic.split_sentences("قال د. أحمد. ثم صمت.") == 2, "sentences with the installed abbreviations")
  assert(arabic.boilerplate("عاجل\nنص").removed[1].rule == "label", "chrome with the installed phrases")
  assert(select(2, arabic.stopwords("counting"))["التي"], "the installed counting stop list")
  assert(arabic.stem("والكتابات") == "كتاب", "stemming from the rock")
  print("required arabic " .. arabic._VERSION .. " under " .. _VERSION)'
out=$(echo "إيران" | "$tmp/tree/bin/arabic" normalize)
[ "$out" = "ايران" ] || { echo "installed arabic command printed: $out"; exit 1; }
out=$(echo "في مسقط" | "$tmp/tree/bin/arabic" entities --format=tsv | cut -f4)
[ "$out" = "muscat" ] || { echo "installed arabic entities printed: $out"; exit 1; }
echo "installed command works"
# The pandoc filters from the rock: the Lua filter (in process when the
# tree is for pandoc's Lua, else through the installed pandoc-arabic) and
# the JSON filter.
filter=$("$tmp/tree/bin/arabic" pandoc-filter)
[ -f "$filter" ] || { echo "arabic pandoc-filter printed: $filter"; exit 1; }
# installed once: arabic/filter.lua, and no second copy as a module of its own
copies=$(find "$tmp/tree" -name '*.lua' -path '*filter*' | wc -l)
[ "$copies" -eq 1 ] || { echo "the pandoc filter is installed $copies times:"; find "$tmp/tree" -path '*filter*'; exit 1; }
if command -v pandoc >/dev/null 2>&1; then
    out=$(printf 'وصل الوفد إلى مسقط\n' | PATH="$tmp/tree/bin:$PATH" pandoc --lua-filter "$filter" -t html 2>"$tmp/err")
    echo "$out" | grep -q 'data-id="muscat"' || { echo "installed Lua filter printed: $out"; cat "$tmp/err"; exit 1; }
    out=$(printf 'وصل الوفد إلى مسقط\n' | PATH="$tmp/tree/bin:$PATH" pandoc --filter pandoc-arabic -t html)
    echo "$out" | grep -q 'data-id="muscat"' || { echo "installed JSON filter printed: $out"; exit 1; }
    echo "installed pandoc filters work ($(grep -c . "$tmp/err" || true) line(s) on stderr)"
fi
