-- make_corpus.lua — write the seed corpora of csrc/fuzz/corpus/ from the
-- project's own test strings (spec/*.lua), the example articles and small
-- gazetteers compiled from rows of data/gazetteers/.
--
--   eval "$(make -s env)"; lua5.4 csrc/fuzz/make_corpus.lua [TARGET ...]
--
-- Run from the repository root after `make` (the gazetteer seeds use
-- bin/arabic) and, to keep only the text seeds that add coverage, after
-- `make fuzz-build`. Seeds named seed-* are rewritten; regression inputs
-- (regress-*) are left alone.
local OUT = "csrc/fuzz/corpus"
local ONLY = {} -- the targets named on the command line; none = all
for _, t in ipairs(arg) do ONLY[t] = true end
local function wanted(target) return next(ONLY) == nil or ONLY[target] end
local MAXSEED = 2048

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local function spit(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

local function sh(cmd)
  local ok = os.execute(cmd)
  assert(ok, "failed: " .. cmd)
end

-- String literals of a Lua source, decoded (a small lexer: comments, short
-- strings with escapes, long strings).
local function literals(src)
  local out, i, n = {}, 1, #src
  while i <= n do
    local c = src:sub(i, i)
    if src:sub(i, i + 1) == "--" then
      local eq = src:match("^%[(=*)%[", i + 2)
      if eq then
        local _, e = src:find("]" .. eq .. "]", i, true)
        i = (e or n) + 1
      else
        i = (src:find("\n", i, true) or n) + 1
      end
    elseif c == '"' or c == "'" then
      local j = i + 1
      while j <= n do
        local d = src:sub(j, j)
        if d == "\\" then
          j = j + 2
        elseif d == c or d == "\n" then
          break
        else
          j = j + 1
        end
      end
      local chunk = load("return " .. src:sub(i, j))
      local ok, v = pcall(chunk or error)
      if ok and type(v) == "string" then out[#out + 1] = v end
      i = j + 1
    elseif c == "[" and src:match("^%[=*%[", i) then
      local eq = src:match("^%[(=*)%[", i)
      local s0 = i + #eq + 2
      local _, e = src:find("]" .. eq .. "]", s0, true)
      if not e then break end
      out[#out + 1] = src:sub(s0, e - #eq - 2):gsub("^\n", "")
      i = e + 1
    else
      i = i + 1
    end
  end
  return out
end

-- Interesting strings: non-ASCII or with digits or marks, 3 bytes or more.
local function strings_of(files)
  local seen, list = {}, {}
  for _, f in ipairs(files) do
    for _, s in ipairs(literals(slurp(f))) do
      if #s >= 3 and #s <= MAXSEED and (s:find("[\128-\255]") or s:find("%d%p"))
          and not seen[s] then
        seen[s] = true
        list[#list + 1] = s
      end
    end
  end
  return list
end

local function reset(target)
  local dir = OUT .. "/" .. target
  sh("mkdir -p '" .. dir .. "'")
  sh("rm -f '" .. dir .. "'/seed-*")
  return dir
end

-- Keep only the seeds that add coverage (libFuzzer -merge=1), when the
-- target is built (make fuzz-build).
local function reduce(target, dir)
  local bin = "build/fuzz/" .. target
  if not io.open(bin, "rb") then return "" end
  local tmp = os.tmpname()
  os.remove(tmp)
  sh("mkdir -p " .. tmp)
  sh(bin .. " -merge=1 " .. tmp .. " " .. dir .. " >/dev/null 2>&1")
  local kept, dropped = 0, 0
  for f in io.popen("ls " .. dir .. "/seed-*"):lines() do
    local h = io.popen("sha1sum < " .. f):read("l"):sub(1, 40)
    if io.open(tmp .. "/" .. h, "rb") then
      kept = kept + 1
    else
      os.remove(f)
      dropped = dropped + 1
    end
  end
  sh("rm -rf " .. tmp)
  return (" (%d kept by -merge, %d dropped)"):format(kept, dropped)
end

local function write_all(target, list, head, keep_all)
  if not wanted(target) then return end
  local dir = reset(target)
  for i, s in ipairs(list) do
    spit(("%s/seed-%03d"):format(dir, i), (head and head(i, s) or "") .. s)
  end
  print(("%-16s %d seeds%s"):format(target, #list, keep_all and "" or reduce(target, dir)))
end

-- Paragraphs of the example articles, each at most MAXSEED bytes.
local function paragraphs()
  local out = {}
  for _, name in ipairs { "01_oman_talks", "02_red_sea_shipping", "03_gaza_ceasefire", "04_economy_summit" } do
    local text = slurp("examples/articles/" .. name .. ".txt")
    for p in (text .. "\n\n"):gmatch("(.-)\n\n+") do
      if #p > 20 then out[#out + 1] = p:sub(1, MAXSEED):gsub("[\128-\191]*$", "") end
    end
  end
  return out
end

local paras = paragraphs()
local function concat(a, b, limit)
  local t = {}
  for _, x in ipairs(a) do t[#t + 1] = x end
  for i = 1, math.min(#b, limit or #b) do t[#t + 1] = b[i] end
  return t
end

-- normalize: byte 0 = preset (0-4), some with option overrides (0x80)
write_all("fuzz_normalize", concat(strings_of { "spec/normalize_spec.lua", "spec/map_spec.lua",
  "spec/properties_spec.lua", "spec/conformance_spec.lua" }, paras, 4), function(i)
  if i % 7 == 0 then
    -- overrides: count 3; (alef, all), (persian, true), (elongation, 2)
    return string.char(0x80 + i % 5, 3, 13, 3, 2, 0, 23, 2)
  end
  return string.char(i % 5)
end)

write_all("fuzz_tokens", concat(strings_of { "spec/tokens_spec.lua", "spec/sentences_spec.lua",
  "spec/normalize_spec.lua" }, paras, 6))

-- sentences: byte 0 = mode (0-2) | 0x04 built-in abbreviations
write_all("fuzz_sentences", concat(strings_of { "spec/sentences_spec.lua", "spec/boilerplate_spec.lua" },
  paras), function(i) return string.char(i % 3 + (i % 2 == 0 and 4 or 0)) end)

-- corpus tools: byte 0 = shingle size and signature length; the stemming
-- conformance words, the frequency and dedup specs' texts, paragraphs
do
  local words = {}
  for line in io.lines("spec/data/stem_conformance.tsv") do
    local w = line:match("^[^#\t][^\t]*\t([^\t]+)")
    if w then words[#words + 1] = w end
  end
  write_all("fuzz_corpus", concat(concat(words, strings_of { "spec/freq_spec.lua", "spec/dedup_spec.lua",
    "spec/kwic_spec.lua" }), paras, 6), function(i) return string.char((i * 37) % 256) end)
end

write_all("fuzz_dates", concat(strings_of { "spec/dates_spec.lua", "spec/numbers_spec.lua" }, paras, 4))

-- pipeline: byte 0 = configuration (0-15); the chrome specs' pages and the
-- articles' paragraphs, some wrapped in site chrome
do
  local chrome = { "الرئيسية | أخبار | رياضة\n", "اقرأ أيضاً\n", "\nمقالات مشابهة\nشارك المقال\n" }
  local wrapped = {}
  for i = 1, math.min(6, #paras) do
    wrapped[i] = chrome[1] .. "الأحد 10 مارس 2024\n" .. paras[i] .. chrome[(i % 2) + 2]
  end
  write_all("fuzz_pipeline", concat(concat(strings_of { "spec/boilerplate_spec.lua", "spec/pipeline_spec.lua",
    "spec/chrome_pages.lua" },
    wrapped), paras, 4), function(i) return string.char(i % 16) end)
end

-- regex: flags, match limit, depth limit, pattern length, pattern, subject
do
  local pats = {
    [[(?<d>\d+)\s*(يناير|فبراير)]], [[\b\w+\b]], [[(?i)gaza|غزة]], [[^(\p{Arabic}+)\s+(\d+)$]],
    [[(a+)+$]], [[(?:ال)?(\w+?)(ون|ين)?\b]], [[[\x{0600}-\x{06FF}]{2,}]], [[(?<=في )\S+]],
    [[(\d{1,2})[/-](\d{1,2})[/-](\d{2,4})]], [[(?|(a)|(b))\1]], [[\X]], [[(?m)^.*$]],
    [[(?s).+?(?=\.)]], [[(?:(?:ﻷ|لأ)+)*x]], [[\p{L}\p{M}*]], [[(?(DEFINE)(?<w>\w+))(?&w) (?&w)]],
  }
  local subj = {
    "في 10 يناير 2024 و4 فبراير", "قال الرئيس إن غزة Gaza", "مرحبا 123", "aaaaaaaaaaaaaaaaaaaaaaaaab",
    "والمعلمون في المدارس", "ﷺ ﻷ ٣٫٥", "ذهبت في رحلة", "10/1/2024 و2024-01-10", "abab", "e\204\129 ق\217\142",
    "سطر\nسطر آخر", "جملة. وأخرى.", "ﻷﻷﻷy", "كَتَبَ", "hello world", "\255\254 invalid \192\175 utf8",
  }
  local list = {}
  for i, p in ipairs(pats) do
    list[#list + 1] = string.char(i % 3 == 0 and 0x20 or 0, 4 + i % 4, 4 + i % 3, #p) .. p .. subj[i]
  end
  write_all("fuzz_regex", list, nil, true)
end

-- gazetteer: flags, match flags, entries (name TAB type TAB id ...), a
-- blank line, the text
do
  local function rows(file, names)
    local want, out = {}, {}
    for _, n in ipairs(names) do want[n] = true end
    for line in io.lines("data/gazetteers/" .. file) do
      local name = line:match("^([^\t]+)")
      if want[name] then out[#out + 1] = line end
    end
    return out
  end
  local function entries(list)
    local t = {}
    for _, line in ipairs(list) do
      local f = {}
      for x in (line .. "\t"):gmatch("([^\t]*)\t") do f[#f + 1] = x end
      -- name, type, id, canonical, flags char, attribute values
      t[#t + 1] = table.concat({ f[1], f[2] or "", f[3] or "", f[4] or "", "\128", f[6] or "" }, "\t")
    end
    return table.concat(t, "\n")
  end
  local ents = {
    entries(rows("cities.tsv", { "غزة", "قطاع غزة", "مسقط", "رفح", "خان يونس" })),
    entries(rows("people.tsv", { "جو بايدن", "بايدن", "دونالد ترامب", "محمد بن راشد", "بدر البوسعيدي" })),
    entries(rows("countries.tsv", { "مصر", "الأردن", "العراق", "إيران", "الولايات المتحدة", "عمان" })),
    entries(rows("organizations.tsv", { "الأمم المتحدة", "مجلس الأمن", "الاتحاد الأوروبي" })),
    "كان\tLOC\tcannes\t\t\2\nالجزيرة\tORG\taljazeera\t\t\2\nالعراق\tLOC\tIQ\t\t\1",
    "ﷺ\tMISC\nلأ\tX\n٣٫٥\tNUM\ta-b\tc\t\0\tx\ty",
  }
  local list = {}
  for i, e in ipairs(ents) do
    local text = paras[(i - 1) % #paras + 1]:sub(1, 900):gsub("[\128-\191]*$", "")
    local extra = ({ "", " وقال الرئيس بايدن في مدينة غزة", " محمد بن راشد آل مكتوم", " للأمم المتحدة وبالعراق",
      " مدينة كان والجزيرة", " ﷺ لأ ٣٫٥" })[i]
    list[#list + 1] = string.char(({ 0x01, 0x21, 0x11, 0xc1, 0x91, 0x4d })[i], ({ 0, 0x10, 0x04, 0x1f, 0x08, 0x60 })[i])
      .. e .. "\n\n" .. text .. extra
  end
  write_all("fuzz_gazetteer", list, nil, true)
end

-- tsv: byte 0 = strict (0x01), abbreviation list too (0x02); a file
do
  local list = {}
  for _, file in ipairs { "countries.tsv", "people.tsv", "organizations.tsv", "cities.tsv" } do
    local lines, n = {}, 0
    for line in io.lines("data/gazetteers/" .. file) do
      n = n + 1
      if n <= 6 then lines[#lines + 1] = line end
    end
    list[#list + 1] = string.char(#list % 2) .. table.concat(lines, "\n") .. "\n"
  end
  list[#list + 1] = "\0name\ttype\tid\tcanonical\tflags\ten\nكان\tLOC\tcannes\t\tneeds_context,priority=2\tCannes\n" ..
    "# comment\n\nالعراق\tLOC\tIQ\t\texact_only\nbad\tX\t\t\tnope\n\255\tX\na\tb\tc\td\te\tf\tg\n"
  local abbr = {}
  for line in io.lines("data/abbreviations/ar.txt") do
    if #abbr < 40 then abbr[#abbr + 1] = line end
  end
  list[#list + 1] = "\2" .. table.concat(abbr, "\n") .. "\n"
  list[#list + 1] = "\3name\n# x\nد.   comment\n\tU.S.\r\nق.م.\n"
  write_all("fuzz_tsv", list, nil, true)
end

-- gazfile: small compiled gazetteers (the default one is ~800 KB: too big
-- for a seed)
if wanted("fuzz_gazfile") then
  local dir = reset("fuzz_gazfile")
  local tmp = os.tmpname()
  os.remove(tmp)
  sh("mkdir -p " .. tmp)
  local function tsv(name, file, names)
    local want, out = {}, {}
    for _, n in ipairs(names) do want[n] = true end
    for line in io.lines("data/gazetteers/" .. file) do
      if #out == 0 then
        out[1] = line
      else
        local n = line:match("^([^\t]+)")
        if want[n] then out[#out + 1] = line end
      end
    end
    spit(tmp .. "/" .. name, table.concat(out, "\n") .. "\n")
  end
  tsv("countries.tsv", "countries.tsv", { "مصر", "الأردن", "لبنان", "العراق", "فلسطين", "إيران", "الولايات المتحدة" })
  tsv("cities.tsv", "cities.tsv", { "غزة", "قطاع غزة", "مسقط", "نيويورك", "واشنطن", "رفح", "خان يونس", "القاهرة" })
  tsv("people.tsv", "people.tsv", { "جو بايدن", "بايدن", "دونالد ترامب", "محمد بن راشد", "بدر البوسعيدي" })
  tsv("orgs.tsv", "organizations.tsv", { "الأمم المتحدة", "مجلس الأمن", "الاتحاد الأوروبي" })
  spit(tmp .. "/flags.tsv", "name\ttype\tid\tcanonical\tflags\ten\tnote\n" ..
    "كان\tLOC\tcannes\tكان\tneeds_context\tCannes\t\n" ..
    "العراق\tLOC\tIQ\t\texact_only,priority=3\tIraq\tx\n" ..
    "عمان\tLOC\tOM\tسلطنة عمان\tpriority=-2\tOman\t\n" ..
    "أرامكو السعودية\tORG\taramco\t\t\tSaudi Aramco\tenergy\n" ..
    "ﷺ\tMISC\n")
  local function compile(out, srcs, extra)
    local cmd = "bin/arabic gazetteer compile"
    for _, s in ipairs(srcs) do cmd = cmd .. " " .. tmp .. "/" .. s end
    sh(cmd .. " " .. (extra or "") .. " -o " .. dir .. "/" .. out .. " >/dev/null 2>&1")
  end
  compile("seed-all-fuzzy", { "countries.tsv", "cities.tsv", "people.tsv", "orgs.tsv", "flags.tsv" })
  compile("seed-cities-people-nofuzzy", { "cities.tsv", "people.tsv" }, "--no-fuzzy-index")
  compile("seed-people-lucene", { "people.tsv" }, "--normalize=lucene")
  compile("seed-flags-display", { "flags.tsv" }, "--normalize=display --no-fuzzy-index")
  sh("rm -rf " .. tmp)
  print(("%-16s 4 seeds"):format("fuzz_gazfile"))
end
