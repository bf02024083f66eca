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
  print("required arabic " .. arabic._VERSION .. " under " .. _VERSION)'
out=$(echo "إيران" | "$tmp/tree/bin/arabic" normalize)
[ "$out" = "ايران" ] || { echo "installed arabic command printed: $out"; exit 1; }
out=$(echo "في مسقط" | "$tmp/tree/bin/arabic" entities --format=tsv | cut -f4)
[ "$out" = "muscat" ] || { echo "installed arabic entities printed: $out"; exit 1; }
echo "installed command works"
