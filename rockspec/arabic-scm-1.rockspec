rockspec_format = "3.0"
package = "arabic"
version = "scm-1"

source = {
  url = "git+https://example.org/arabic/arabic.git",
  branch = "main",
}

description = {
  summary = "Fast, faithful Arabic text processing: normalization, tokens, sentences, entities",
  detailed = [[
A C core (utf8proc + PCRE2) with a Lua front end: Arabic normalization that
keeps an offset map to the source, tokenization, sentence splitting,
clitic-aware gazetteer matching, dates, and filters for pandoc and text
pipelines.
]],
  license = "MIT",
  labels = { "arabic", "nlp", "unicode", "normalization", "pandoc" },
}

dependencies = {
  "lua >= 5.1",
}

external_dependencies = {
  UTF8PROC = { header = "utf8proc.h", library = "utf8proc" },
  PCRE2 = { header = "pcre2.h", library = "pcre2-8" },
}

build = {
  type = "builtin",
  modules = {
    ["arabic.core"] = {
      sources = {
        "csrc/lua_arabic.c",
        "csrc/core.c",
        "csrc/options.c",
        "csrc/normalize.c",
        "csrc/offmap.c",
        "csrc/chars.c",
        "csrc/tokens.c",
        "csrc/sentences.c",
        "csrc/regex.c",
        "csrc/words.c",
        "csrc/gaz_build.c",
        "csrc/gaz_view.c",
        "csrc/gaz_file.c",
        "csrc/gaz_match.c",
        "csrc/names.c",
        "csrc/translit.c",
        "csrc/stem.c",
        "csrc/minhash.c",
        "csrc/lists.c",
        "csrc/triggers.c",
        "csrc/jsonrec.c",
      },
      defines = { "PCRE2_CODE_UNIT_WIDTH=8" },
      incdirs = { "csrc", "$(UTF8PROC_INCDIR)", "$(PCRE2_INCDIR)" },
      libdirs = { "$(UTF8PROC_LIBDIR)", "$(PCRE2_LIBDIR)" },
      -- pthread: the entity worker of `arabic annotate` (a second core)
      libraries = { "utf8proc", "pcre2-8", "pthread" },
    },
    ["arabic"] = "lua/arabic/init.lua",
    ["arabic.args"] = "lua/arabic/args.lua",
    ["arabic.cli"] = "lua/arabic/cli.lua",
    ["arabic.data"] = "lua/arabic/data.lua",
    ["arabic.formats"] = "lua/arabic/formats.lua",
    ["arabic.gazetteer"] = "lua/arabic/gazetteer.lua",
    ["arabic.json"] = "lua/arabic/json.lua",
    ["arabic.paths"] = "lua/arabic/paths.lua",
    ["arabic.sentences"] = "lua/arabic/sentences.lua",
    ["arabic.regex"] = "lua/arabic/regex.lua",
    ["arabic.dates"] = "lua/arabic/dates.lua",
    ["arabic.numbers"] = "lua/arabic/numbers.lua",
    ["arabic.boilerplate"] = "lua/arabic/boilerplate.lua",
    ["arabic.pipeline"] = "lua/arabic/pipeline.lua",
    ["arabic.pandoc"] = "lua/arabic/pandoc.lua",
    ["arabic.names"] = "lua/arabic/names.lua",
    ["arabic.translit"] = "lua/arabic/translit.lua",
    ["arabic.pandoc.ast"] = "lua/arabic/pandoc/ast.lua",
    ["arabic.pandoc.options"] = "lua/arabic/pandoc/options.lua",
    ["arabic.pandoc.inlines"] = "lua/arabic/pandoc/inlines.lua",
    ["arabic.pandoc.blocks"] = "lua/arabic/pandoc/blocks.lua",
    ["arabic.pandoc.index"] = "lua/arabic/pandoc/index.lua",
    ["arabic.pandoc.latex"] = "lua/arabic/pandoc/latex.lua",
    ["arabic.pandoc.translit"] = "lua/arabic/pandoc/translit.lua",
    ["arabic.stem"] = "lua/arabic/stem.lua",
    ["arabic.stopwords"] = "lua/arabic/stopwords.lua",
    ["arabic.freq"] = "lua/arabic/freq.lua",
    ["arabic.kwic"] = "lua/arabic/kwic.lua",
    ["arabic.dedup"] = "lua/arabic/dedup.lua",
    ["arabic.export"] = "lua/arabic/export.lua",
    ["arabic.stream"] = "lua/arabic/stream.lua",
    -- the pandoc Lua filter, installed once, as arabic/filter.lua:
    -- `arabic pandoc-filter` prints where it is
    ["arabic.filter"] = "lua/arabic/filter.lua",
  },
  install = {
    bin = {
      arabic = "bin/arabic",
      ["pandoc-arabic"] = "bin/pandoc-arabic",
    },
    -- Data files go next to the modules (<lua dir>/arabic/data/...), where
    -- arabic.data finds them.
    lua = {
      ["arabic.data.gazetteers.default"] = "data/gazetteers/default.txt",
      ["arabic.data.gazetteers.countries"] = "data/gazetteers/countries.tsv",
      ["arabic.data.gazetteers.cities"] = "data/gazetteers/cities.tsv",
      ["arabic.data.gazetteers.cities_cldr"] = "data/gazetteers/cities-cldr.tsv",
      ["arabic.data.gazetteers.regions"] = "data/gazetteers/regions.tsv",
      ["arabic.data.gazetteers.organizations"] = "data/gazetteers/organizations.tsv",
      ["arabic.data.gazetteers.media"] = "data/gazetteers/media.tsv",
      ["arabic.data.gazetteers.groups"] = "data/gazetteers/groups.tsv",
      ["arabic.data.gazetteers.people"] = "data/gazetteers/people.tsv",
      ["arabic.data.abbreviations.ar"] = "data/abbreviations/ar.txt",
      ["arabic.data.abbreviations.latin"] = "data/abbreviations/latin.txt",
      ["arabic.data.dates.months"] = "data/dates/months.tsv",
      ["arabic.data.dates.weekdays"] = "data/dates/weekdays.tsv",
      ["arabic.data.dates.relative"] = "data/dates/relative.tsv",
      ["arabic.data.dates.ummalqura"] = "data/dates/ummalqura.tsv",
      ["arabic.data.boilerplate.phrases"] = "data/boilerplate/phrases.tsv",
      -- the stylesheet for the filter's HTML: `arabic pandoc-css` prints where it is
      ["arabic.data.pandoc.arabic"] = "data/pandoc/arabic.css",
      ["arabic.data.names.given_ar"] = "data/names/given_ar.txt",
      ["arabic.data.names.given_foreign"] = "data/names/given_foreign.txt",
      ["arabic.data.names.given_corpus"] = "data/names/given_corpus.txt",
      ["arabic.data.names.given_words"] = "data/names/given_words.txt",
      ["arabic.data.names.titles"] = "data/names/titles.txt",
      ["arabic.data.names.titles_corpus"] = "data/names/titles_corpus.txt",
      ["arabic.data.names.speech"] = "data/names/speech.txt",
      ["arabic.data.names.stops"] = "data/names/stops.txt",
      ["arabic.data.names.loc_cues"] = "data/names/loc_cues.txt",
      ["arabic.data.names.ordinals"] = "data/names/ordinals.txt",
      ["arabic.data.names.misc"] = "data/names/misc.tsv",
      ["arabic.data.names.clubs"] = "data/names/clubs.txt",
      ["arabic.data.names.particles"] = "data/names/particles.tsv",
      ["arabic.data.names.org_heads"] = "data/names/org_heads.tsv",
      ["arabic.data.names.homographs"] = "data/names/homographs.tsv",
      ["arabic.data.names.frequent"] = "data/names/frequent.tsv",
      ["arabic.data.stopwords.ar"] = "data/stopwords/ar.txt",
    },
  },
}

test_dependencies = {
  "busted",
}

test = {
  type = "busted",
}
