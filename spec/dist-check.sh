#!/bin/sh
# `make dist`, then `luarocks install ./arabic-VERSION-1.src.rock` into a
# temporary tree with no rock servers (nothing can be fetched), for one Lua
# version; then require the module from that tree, check the version, that
# the pandoc filter is installed once (arabic/filter.lua, no filters/
# module). Usage: spec/dist-check.sh 5.4
set -eu
v=$1
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/config.lua" <<CFG
rocks_servers = {}
CFG
export LUAROCKS_CONFIG="$tmp/config.lua"
make -s -C "$top" dist DIST_DIR="$tmp/dist"
version=$(sed -n 's/^#define AR_VERSION_STRING "\(.*\)"/\1/p' "$top/csrc/arabic.h")
rock="arabic-$version-1.src.rock"
[ -f "$tmp/dist/$rock" ] || { echo "make dist made no $rock"; ls "$tmp/dist"; exit 1; }
cd "$tmp/dist"
luarocks --lua-version "$v" install --tree "$tmp/tree" "./$rock"
eval "$(luarocks --lua-version "$v" --tree "$tmp/tree" path)"
cd "$tmp"
"lua$v" -e '
  local arabic = require "arabic"
  assert(arabic._VERSION == "'"$version"'", "version " .. arabic._VERSION)
  assert(arabic.normalize("الولایات") == "الولايات", "normalize from the source rock")
  assert(arabic.entities("وصل ماكغورك إلى مسقط")[2].id == "muscat", "the default gazetteer")
  print("source rock " .. arabic._VERSION .. " installed offline under " .. _VERSION)'
filters=$(find "$tmp/tree" -name '*.lua' -path '*filter*' | sed "s|$tmp/tree/||")
[ "$filters" = "share/lua/$v/arabic/filter.lua" ] || { echo "pandoc filter installed as: $filters"; exit 1; }
echo "the pandoc filter is installed once: $filters"
