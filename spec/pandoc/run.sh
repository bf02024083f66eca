#!/bin/sh
# End-to-end tests of the pandoc filters through real pandoc; the last line
# is "N passed, N failed".
#
#  - golden files: examples/pandoc/article.md and spec/pandoc/cases/*.md
#    through the Lua filter, compared with NAME.html / NAME.out.md /
#    NAME.json / NAME.tex (pandoc -s -t latex) / NAME.docx.xml (the docx's
#    word/document.xml, a paragraph a line) beside them (regenerate:
#    UPDATE=1 sh spec/pandoc/run.sh);
#  - a second run changes nothing: the filter twice gives what it gives
#    once, for HTML, LaTeX, Markdown and docx, and its Markdown read again
#    gives the same Markdown;
#  - PDF (when xelatex is installed; lualatex too when it is): the
#    documents with Arabic code comments, inline code, tables and English
#    blocks make a PDF without missing glyphs, whose text (pdftotext) has
#    the Arabic in logical order and English sentences with their words in
#    order;
#  - the same HTML through the JSON-filter path (forced with
#    ARABIC_FILTER=json, and with the C module really unavailable) and
#    through `pandoc --filter bin/pandoc-arabic`;
#  - docx: the custom-style attributes survive a docx round trip;
#  - bad metadata and bad JSON: a clear message and a failing status;
#  - the filter's Lua specs run by busted inside pandoc (spec/pandoc/*_pspec.lua).
# Goldens are kept per pandoc version: NAME.ext beside the input is for the
# pandoc of Debian 12 (2.17); DIR/pandoc-X.Y/NAME.ext, when present, is for
# pandoc X.Y (add one where another pandoc's output legitimately differs:
# UPDATE=1 under that pandoc writes them there). A comparison with no golden
# for the running pandoc is counted as skipped, and the last line says so:
# "N passed, N failed, N skipped".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
pass=0
fail=0
skipped=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
filter=lua/arabic/filter.lua
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; [ -n "${2:-}" ] && sed 's/^/    /' "$2" | head -30; }
skip() { skipped=$((skipped + 1)); echo "ok - $1 # SKIP $2"; }

if ! command -v pandoc >/dev/null 2>&1; then
    echo "SKIPPED: pandoc is not installed (Debian: apt-get install pandoc)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
pv=$(pandoc --version | head -n 1 | cut -d' ' -f2)
pmm=$(echo "$pv" | cut -d. -f1,2)
[ "$pmm" = 2.17 ] || echo "note: pandoc $pv: goldens from */pandoc-$pmm/, comparisons without one are skipped" >&2

# golden FILE: the golden of FILE for the running pandoc (printed), or
# nothing when there is none (then the comparison is skipped); with
# UPDATE=1, where to write it.
golden() {
    gd=$(dirname "$1")/pandoc-$pmm/$(basename "$1")
    if [ -f "$gd" ]; then echo "$gd"
    elif [ "$pmm" = 2.17 ]; then echo "$1"
    elif [ "${UPDATE:-}" = 1 ]; then mkdir -p "$(dirname "$gd")" && echo "$gd"
    fi
}

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

# docx_or IN FORMAT OUT: pandoc with the filter to FORMAT; for docx, the
# document's word/document.xml with a line break before each paragraph and
# table (one long line otherwise); for latex a standalone document.
docx_or() {
    case $2 in
    docx)
        pandoc "$1" --lua-filter "$filter" -o "$tmp/g.docx" &&
            unzip -p "$tmp/g.docx" word/document.xml | sed -e 's/<w:p>/\n<w:p>/g' -e 's/<w:tbl>/\n<w:tbl>/g' >"$3" ;;
    latex) pandoc "$1" --lua-filter "$filter" -s -t latex -o "$3" ;;
    *) pandoc "$1" --lua-filter "$filter" -t "$2" -o "$3" ;;
    esac
}
for in in $inputs; do
    base=${in%.md}
    [ "$in" = examples/pandoc/article.md ] && base=examples/pandoc/expected/article
    name=$(basename "$base")
    for ext in html out.md json tex docx.xml; do
        [ -f "$base.$ext" ] || [ "${UPDATE:-}" = 1 -a "$ext" = html ] || continue
        case $ext in html) to=html ;; out.md) to=markdown ;; json) to=json ;; tex) to=latex ;; docx.xml) to=docx ;; esac
        if [ "$to" = docx ] && ! command -v unzip >/dev/null 2>&1; then
            skip "$name -> docx" "unzip is not installed"
            continue
        fi
        if docx_or "$in" "$to" "$tmp/out" 2>"$tmp/err"; then
            g=$(golden "$base.$ext")
            if [ -n "$g" ]; then compare "$name -> $to" "$tmp/out" "$g"
            else skip "$name -> $to" "no golden for pandoc $pmm"; fi
        else
            bad "$name -> $to: pandoc failed" "$tmp/err"
        fi
    done
    [ -f "$base.html" ] || continue
    # the other paths give the golden HTML (or, without one for this
    # pandoc, what the Lua filter gives)
    g=$(golden "$base.html")
    if [ -n "$g" ] && [ -f "$g" ]; then cp "$g" "$tmp/expected.html"
    else pandoc "$in" --lua-filter "$filter" -t html -o "$tmp/expected.html"; fi
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
    # one character style per span of the HTML: 24 entities and 7 dates in
    # the example article (examples/pandoc/expected/article.html)
    n_ent=$(grep -o 'custom-style" *, *"Entity"' "$tmp/native" | wc -l)
    n_date=$(grep -o 'custom-style" *, *"Date"' "$tmp/native" | wc -l)
    pandoc "$in" --lua-filter "$filter" -t html -o "$tmp/a.html"
    want_ent=$(grep -o 'class="entity ' "$tmp/a.html" | wc -l)
    want_date=$(grep -o 'class="date' "$tmp/a.html" | wc -l)
    if [ "$want_ent" -eq 24 ] && [ "$want_date" -eq 7 ] && [ "$n_ent" -eq "$want_ent" ] && [ "$n_date" -eq "$want_date" ]; then
        ok "docx: $n_ent Entity and $n_date Date character styles, as many as the HTML's spans"
    else
        echo "docx: Entity $n_ent, Date $n_date; HTML: $want_ent entities, $want_date dates (want 24 and 7)" >"$tmp/err"
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

# A second run changes nothing. In one pandoc run, the filter twice gives
# what it gives once (HTML, LaTeX with its header, Markdown; docx as the
# AST the JSON filter gives for it), and the filter over its own Markdown
# output gives that Markdown again.
for in in $inputs; do
    name=$(basename "${in%.md}")
    same=1
    for to in html latex markdown; do
        pandoc "$in" --lua-filter "$filter" -s -t "$to" -o "$tmp/once" 2>"$tmp/err" &&
            pandoc "$in" --lua-filter "$filter" --lua-filter "$filter" -s -t "$to" -o "$tmp/twice" 2>>"$tmp/err" ||
            { same=0; break; }
        cmp -s "$tmp/once" "$tmp/twice" || { same=0; diff -u "$tmp/once" "$tmp/twice" >"$tmp/err"; break; }
    done
    if [ "$same" = 1 ]; then
        pandoc "$in" -t json -o "$tmp/doc.json" &&
            bin/pandoc-arabic docx <"$tmp/doc.json" | pandoc -f json -t native -o "$tmp/once" &&
            bin/pandoc-arabic docx <"$tmp/doc.json" | bin/pandoc-arabic docx | pandoc -f json -t native -o "$tmp/twice" &&
            cmp -s "$tmp/once" "$tmp/twice" || { same=0; to=docx; diff -u "$tmp/once" "$tmp/twice" >"$tmp/err"; }
    fi
    if [ "$same" = 1 ]; then
        ok "$name: the filter twice gives what it gives once (html, latex, markdown, docx)"
    else
        bad "$name: a second run changes the $to output" "$tmp/err"
    fi
done
for in in spec/pandoc/cases/code.md spec/pandoc/cases/mixed.md examples/pandoc/article.md; do
    name=$(basename "${in%.md}")
    pandoc "$in" --lua-filter "$filter" -s -t markdown -o "$tmp/m1.md" &&
        pandoc "$tmp/m1.md" --lua-filter "$filter" -s -t markdown -o "$tmp/m2.md"
    if cmp -s "$tmp/m1.md" "$tmp/m2.md"; then
        ok "$name: the filter over its own Markdown gives that Markdown again"
    else
        diff -u "$tmp/m1.md" "$tmp/m2.md" >"$tmp/err"
        bad "$name: the filter changes its own Markdown" "$tmp/err"
    fi
done

# PDF through LaTeX: with xelatex (and lualatex when installed), the
# documents with Arabic code comments, inline code in Arabic sentences,
# tables, English blocks and a YAML header. The text pdftotext reads back
# (its direction marks taken out, lines joined) has the Arabic in logical
# order and the English sentences with their words in order, the date
# 2024-03-16 as written; and no glyph is missing.
pdf_opts=
pdf_check() { # engine input phrase... (pandoc options in $pdf_opts)
    engine=$1
    in=$2
    shift 2
    name=$(basename "${in%.md}")${pdf_opts:+ $pdf_opts}
    # shellcheck disable=SC2086
    if ! pandoc "$in" $pdf_opts --lua-filter "$filter" --pdf-engine="$engine" -o "$tmp/doc.pdf" >"$tmp/err" 2>&1; then
        bad "$name -> PDF with $engine: pandoc failed" "$tmp/err"
        return
    fi
    if grep -q "Missing character" "$tmp/err"; then
        bad "$name -> PDF with $engine: glyphs missing" "$tmp/err"
        return
    fi
    # pdftotext marks runs with U+202A-U+202E and, with LuaTeX's glyph
    # positions, sometimes sees a space inside a word: both out, and all
    # white space (the order of the letters is what is checked)
    pdftotext "$tmp/doc.pdf" - | LC_ALL=C sed 's/\xe2\x80[\xaa-\xae]//g' | tr -d ' \n\t' >"$tmp/pdf.txt"
    for phrase in "$@"; do
        if ! grep -qF "$(printf '%s' "$phrase" | tr -d ' ')" "$tmp/pdf.txt"; then
            { echo "not in the PDF's text: $phrase"; cat "$tmp/pdf.txt"; } >"$tmp/err"
            bad "$name -> PDF with $engine: text out of order" "$tmp/err"
            return
        fi
    done
    ok "$name -> PDF with $engine: $# phrases in reading order, no missing glyph"
}
if command -v xelatex >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then
    for engine in xelatex lualatex; do
        if ! command -v $engine >/dev/null 2>&1; then
            skip "PDF with $engine" "$engine is not installed (Debian: texlive-luatex)"
            continue
        fi
        pdf_check $engine spec/pandoc/cases/mixed.md "وصل وفد من واشنطن إلى مسقط يوم" "لمناقشة أمن البحر" \
            "This is an English paragraph with several words in order, and it mentions Oman once." \
            "Layla Haddad" "2024-03-16" "قال المتحدث إن الحل يبدأ من"
        pdf_check $engine spec/pandoc/cases/code.md "تعمل المكتبة مع" "وقد جربناها في بيروت ومسقط يوم" "قبل نشرها" \
            "The library keeps every offset against the text you gave it, so a match in the normalized copy always points back to the original words." \
            "Use arabic pandoc-css to get the stylesheet, then pass it to pandoc."
        # romanized entities shown after them (pdftotext mirrors their
        # parentheses): ALA-LC's ʻayn (U+02BB), which Latin Modern lacks,
        # comes out as the quotation mark it looks like
        pdf_check $engine spec/pandoc/cases/translit.md "وصل المبعوث بريت ماكغورك" "Brett McGurk" \
            "إلى مسقط" "Muscat" "Muḥammad ‘Alī"
        # the user's own `lang: en` makes English the main language: the
        # Arabic runs, and the index's Arabic titles and names, are marked
        # (before, 104 glyphs were missing from this one)
        pdf_opts="-M lang=en -M arabic.index=true"
        pdf_check $engine spec/pandoc/cases/english.md "on Tuesday, then flew to" "عنوان عربي عن طهران" \
            "فهرس الأعلام" "أماكن"
        pdf_opts=
    done
else
    skip "PDF" "xelatex or pdftotext is not installed (Debian: texlive-xetex texlive-lang-arabic fonts-hosny-amiri poppler-utils)"
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

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
