#!/bin/sh
# make dist: a versioned rockspec and source rock, built offline from the
# checkout. Usage: rockspec/dist.sh VERSION REVISION OUTDIR [DIST_URL]
#
#   OUTDIR/arabic-VERSION.tar.gz           the sources (every file git tracks,
#                                          and new files it does not ignore)
#   OUTDIR/arabic-VERSION-REVISION.rockspec   rockspec/arabic-scm-1.rockspec
#                                          with the version and that archive
#   OUTDIR/arabic-VERSION-REVISION.src.rock   both, zipped as `luarocks pack`
#                                          does: install it with
#   luarocks install ./arabic-VERSION-REVISION.src.rock   (no network needed)
#
# DIST_URL is where the archive will be published: the rockspec's source
# URL is DIST_URL/arabic-VERSION.tar.gz. Without it, the source URL is the
# archive's file name, which `luarocks build arabic-VERSION-REVISION.rockspec`
# finds next to the rockspec. A source rock carries the archive and never
# fetches it either way.
set -eu
v=$1
rev=$2
out=$3
url=${4:-}
case "$v" in
    '' | *[!0-9.]*) echo "dist: bad version '$v'" >&2; exit 2 ;;
esac
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
name=arabic-$v
rockspec=$name-$rev.rockspec
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"

# The files: what git knows of (tracked, or new and not ignored) that is
# there; outside a git checkout, everything but the build and .git.
cd "$top"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files --cached --others --exclude-standard | while IFS= read -r f; do
        [ -f "$f" ] && printf '%s\n' "$f"
    done | sort -u >"$stage/files"
else
    find . -type f ! -path './build/*' ! -path './.git/*' | sed 's|^\./||' | sort >"$stage/files"
fi
tar cf - -T "$stage/files" | (cd "$stage/$name" && tar xf -)
(cd "$stage" && tar czf "$out/$name.tar.gz" "$name")

# The rockspec: the scm one with this version and this archive.
if [ -n "$url" ]; then src_url="${url%/}/$name.tar.gz"; else src_url="$name.tar.gz"; fi
awk -v ver="$v-$rev" -v src="$src_url" -v dir="$name" '
    /^version = / { print "version = \"" ver "\""; next }
    /^source = \{/ { print "source = {"; print "  url = \"" src "\","; print "  dir = \"" dir "\","; skip = 1; next }
    skip && /^\}/ { print "}"; skip = 0; next }
    skip { next }
    { print }
' rockspec/arabic-scm-1.rockspec >"$out/$rockspec"
grep -q "^version = \"$v-$rev\"" "$out/$rockspec" && grep -q "^  dir = \"$name\"" "$out/$rockspec" ||
    { echo "dist: could not write the version and source into $rockspec" >&2; exit 1; }

# The source rock: the rockspec and the archive, zipped.
rm -f "$out/$name-$rev.src.rock"
(cd "$out" && zip -q "$name-$rev.src.rock" "$rockspec" "$name.tar.gz")
echo "dist: $out/$name-$rev.src.rock ($(wc -l <"$stage/files" | tr -d ' ') files)"
