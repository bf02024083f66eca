-- make bench: the corpus tools on the bench corpus, one tool per process
-- (so each peak RSS is that tool's), with same-run baselines.
--   lua5.4 bench/bench_corpus.lua CORPUS stem|freq|kwic|dedup|export|stream
local arabic = require "arabic"
local core = arabic.core

local path, mode = arg[1], arg[2]
local size = assert(io.open(path, "rb")):seek("end")
local MB = size / 1e6

local function peak_rss_mb()
  local f = io.open("/proc/self/status")
  if not f then return 0 end
  local s = f:read("*a")
  f:close()
  return (tonumber(s:match("VmHWM:%s*(%d+)")) or 0) / 1024
end

local function timed(f)
  local t0 = os.clock()
  local a, b = f()
  return os.clock() - t0, a, b
end

local function row(name, seconds, extra)
  print(("  %-58s %8.2f s %9.1f MB/s  %s"):format(name, seconds, MB / seconds, extra or ""))
end

-- A pure-Lua light10 (Lucene's rules) over normalized words: the baseline.
local PREFIXES = { "ال", "وال", "بال", "كال", "فال", "لل", "و" }
local SUFFIXES = { "ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي" }
local function lua_light10(w)
  local n = select(2, w:gsub("[^\128-\191]", ""))
  for _, p in ipairs(PREFIXES) do
    local pc = #p / 2
    if (pc == 1 and n >= 4 or pc > 1 and n >= pc + 2) and w:sub(1, #p) == p then
      w, n = w:sub(#p + 1), n - pc
      break
    end
  end
  for _, s in ipairs(SUFFIXES) do
    local sc = #s / 2
    if n >= sc + 2 and w:sub(-#s) == s then w, n = w:sub(1, -#s - 1), n - sc end
  end
  return w
end

local function corpus_words(norm)
  local words, n = {}, 0
  for line in io.lines(path) do
    local t = norm and norm(line) or line
    for first, last, kind in core.tokens(t) do
      if kind == "word" then
        n = n + 1
        words[n] = t:sub(first, last)
      end
    end
  end
  return words, n
end

if mode == "stem" then
  local lucene = arabic.normalizer("lucene")
  local raw, n = corpus_words(nil)
  local normalized = corpus_words(lucene)
  print(("  %d word tokens (%d distinct)"):format(n, (function()
    local s, c = {}, 0
    for _, w in ipairs(raw) do if not s[w] then s[w], c = true, c + 1 end end
    return c
  end)()))
  local function rate(name, f)
    collectgarbage()
    local t = timed(f)
    print(("  %-58s %8.2f s %9.2f M words/s"):format(name, t, n / t / 1e6))
    return t
  end
  local base = rate("baseline: pure-Lua light10 (Lucene's rules), normalized words", function()
    for i = 1, n do lua_light10(normalized[i]) end
  end)
  local c = rate("light10 in C, same normalized words", function()
    for i = 1, n do core.stem(normalized[i], 1) end
  end)
  print(("  %-58s %8.1fx"):format("C over pure Lua", base / c))
  -- both agree on every token
  local bad = 0
  for i = 1, n do if lua_light10(normalized[i]) ~= core.stem(normalized[i], 1) then bad = bad + 1 end end
  print(("  %-58s %d"):format("tokens where the two disagree", bad))
  rate("arabic.stem(word), lucene normalization included", function()
    local stem = arabic.stem
    for i = 1, n do stem(raw[i]) end
  end)
  rate("stemmer object, no cache (normalization included)", function()
    local st = arabic.stemmer { cache = 0 }
    for i = 1, n do st(raw[i]) end
  end)
  rate("stemmer object, cache on (the default)", function()
    local st = arabic.stemmer {}
    for i = 1, n do st(raw[i]) end
  end)
  rate("st:list(words), one call for the whole list", function()
    arabic.stemmer { cache = 0 }:list(raw)
  end)
  rate("isri, stemmer object, no cache", function()
    local st = arabic.stemmer { algorithm = "isri", cache = 0 }
    for i = 1, n do st(raw[i]) end
  end)
elseif mode == "freq" then
  local t, count, forms = timed(function()
    local c, n, d = {}, 0, 0
    for line in io.lines(path) do
      for w in line:gmatch("[^%s%p]+") do
        if not c[w] then d = d + 1 end
        c[w] = (c[w] or 0) + 1
        n = n + 1
      end
    end
    return n, d
  end)
  row("baseline: pure-Lua gmatch word count, no normalization", t, ("%d words, %d forms"):format(count, forms))
  local _, stats
  t, _, stats = timed(function() return arabic.freq(arabic.lines(path)) end)
  row("arabic.freq (search normalization, tokenizer)", t, ("%d words, %d forms"):format(stats.tokens, stats.types))
  local list
  t, list = timed(function()
    return arabic.freq(arabic.lines(path), { stem = true, clitics = true, stopwords = true })
  end)
  row("arabic.freq, stem + clitics + stopwords", t, ("%d stems; top: %s %d"):format(#list, list[1].word, list[1].count))
  -- a real vocabulary: the NER corpora's running text (tens of thousands of forms)
  local ner = {}
  for _, f in ipairs { "../shared/corpus/ner/train.txt", "../shared/corpus/ner/newsfane.txt" } do
    if io.open(f) then ner[#ner + 1] = f end
  end
  if #ner > 0 then
    local bytes = 0
    for _, f in ipairs(ner) do bytes = bytes + assert(io.open(f, "rb")):seek("end") end
    local function texts()
      local k, it = 0, nil
      return function()
        while true do
          if it then
            local line = it()
            if line then return line end
          end
          k = k + 1
          if not ner[k] then return nil end
          it = arabic.lines(ner[k])
        end
      end
    end
    local stems
    t, stems, stats = timed(function() return arabic.freq(texts(), { stem = true, clitics = true }) end)
    print(("  %-58s %8.2f s %9.1f MB/s  %d words, %d forms, %d stems"):format(
      "arabic.freq, stem + clitics, ANERcorp + NewsFANE text", t, bytes / 1e6 / t, stats.tokens, stats.types, #stems))
  end
  print(("  peak RSS %.0f MB"):format(peak_rss_mb()))
elseif mode == "kwic" then
  local hits = 0
  local t = timed(function()
    for line in arabic.lines(path) do hits = hits + #arabic.kwic(line, "إيران", { width = 30 }) end
  end)
  row("arabic.kwic(line, 'إيران'), line by line", t, ("%d hits"):format(hits))
  hits = 0
  t = timed(function()
    local kw = arabic.concordancer("إيران", { width = 30 })
    for line in arabic.lines(path) do hits = hits + #kw(line) end
  end)
  row("arabic.concordancer('إيران') compiled once, line by line", t, ("%d hits"):format(hits))
  local plain = 0
  t = timed(function()
    for line in io.lines(path) do
      for _ in line:gmatch("إيران") do plain = plain + 1 end
    end
  end)
  row("baseline: string.gmatch of the exact spelling", t, ("%d hits"):format(plain))
elseif mode == "dedup" then
  local t, groups, stats = timed(function() return arabic.dedup(arabic.lines(path), { unit = "document" }) end)
  local biggest = 0
  for _, g in ipairs(groups) do if #g.members > biggest then biggest = #g.members end end
  row("arabic.dedup, each line a document", t,
    ("%d units, %d groups (largest %d)"):format(stats.units, #groups, biggest))
  print(("  peak RSS %.0f MB"):format(peak_rss_mb()))
elseif mode == "export" then
  local p = arabic.pipeline { sentences = true, entities = true }
  local docs, bytes = {}, 0
  local t_run = timed(function()
    for line in arabic.lines(path) do
      if bytes > 5e6 then break end
      if line ~= "" then
        docs[#docs + 1] = p:run(line)
        bytes = bytes + #line + 1
      end
    end
  end)
  local share = bytes / size
  print(("  %-58s %8.2f s %9.1f MB/s"):format(("the pipeline (sentences, entities) making the %.0f MB of documents")
    :format(bytes / 1e6), t_run, MB * share / t_run))
  for _, fmt in ipairs { "conll", "conllu", "brat", "json" } do
    local opts = (fmt == "json" or fmt == "conllu") and { offsets = "chars" } or nil
    local t = timed(function()
      for _, d in ipairs(docs) do arabic.export(d, fmt, opts) end
    end)
    print(("  %-58s %8.2f s %9.1f MB/s"):format("arabic.export " .. fmt .. (opts and " (chars)" or "") ..
      (" on %.0f MB of annotated lines"):format(bytes / 1e6), t, MB * share / t))
  end
elseif mode == "stream" then
  local n = 0
  local t = timed(function()
    for line in arabic.lines(path) do n = n + #line end
  end)
  row("arabic.lines", t)
  local sents = 0
  t = timed(function()
    for doc in arabic.stream(arabic.lines(path), { sentences = true }) do sents = sents + #doc.sentences end
  end)
  row("arabic.stream(arabic.lines(...), { sentences = true })", t, ("%d sentences"):format(sents))
  print(("  peak RSS %.0f MB for %.0f MB of input"):format(peak_rss_mb(), MB))
else
  error("mode: stem, freq, kwic, dedup, export or stream")
end
