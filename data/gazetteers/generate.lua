#!/usr/bin/env lua
--[[
generate.lua -- derive the generated parts of the default gazetteer.

Run from the repository root (Lua 5.1, 5.2, 5.3 or 5.4, no modules needed):

    lua5.4 data/gazetteers/generate.lua

It reads Debian data packages installed on this machine and rewrites:

  data/gazetteers/countries.tsv     ISO 3166-1 countries and territories
      - codes, English names:  /usr/share/iso-codes/json/iso_3166-1.json      (iso-codes)
      - Arabic translations:   /usr/share/locale/ar/LC_MESSAGES/iso_3166-1.mo (iso-codes)
      - Arabic names:          /usr/share/unicode/cldr/common/main/ar.xml     (unicode-cldr-core)
        (<territory type="XX">, also alt="short" / alt="variant")
      - merged with the hand-written data/gazetteers/countries-extra.tsv
  data/gazetteers/cities-cldr.tsv   CLDR exemplar cities (time-zone cities)
      - Arabic names:          /usr/share/unicode/cldr/common/main/ar.xml
      - zone -> country, English name:
                               /usr/share/unicode/cldr/common/bcp47/timezone.xml
      - a city already in the hand-written files (cities.tsv, regions.tsv,
        ...) under the same Arabic name keeps that file's id, canonical and
        English name; rows already present there are not repeated; a slug
        used there for something else gets the country code appended.
      - zones skipped or flagged needs_context are listed in ZONE_SKIP and
        ZONE_CONTEXT below; zones of whole territories and exemplar names
        equal to a country name are left out (countries.tsv has them).

Names taken from the packages are cleaned (diacritics and tatweel dropped,
parenthesised parts dropped, "و " joined to the next word) and spellings that
are equal after alef/yeh/teh-marbuta normalization are merged into one row;
translations known to be wrong are listed in ISO_BAD below.

Optional arguments: an output directory (default data/gazetteers) and a
source root prefix (default "" = the real file system), e.g. to try it out
without touching the repository:

    lua5.4 data/gazetteers/generate.lua /tmp/out

Output is sorted and de-duplicated, so running it twice gives identical files.
]]

local OUTDIR = arg and arg[1] or "data/gazetteers"
local ROOT   = arg and arg[2] or ""
local HERE   = "data/gazetteers"   -- where the hand-written inputs live

local SRC = {
  iso_json  = ROOT .. "/usr/share/iso-codes/json/iso_3166-1.json",
  iso_mo    = ROOT .. "/usr/share/locale/ar/LC_MESSAGES/iso_3166-1.mo",
  cldr_ar   = ROOT .. "/usr/share/unicode/cldr/common/main/ar.xml",
  cldr_tz   = ROOT .. "/usr/share/unicode/cldr/common/bcp47/timezone.xml",
}

---------------------------------------------------------------- policy tables

-- Translations in the iso-codes Arabic catalogue that are wrong or unusable
-- (checked by hand against CLDR and news usage). Keyed by ISO code, then by
-- the normalized Arabic string.
local ISO_BAD = {
  MD = { ["المالديف"] = true },                 -- this is the Maldives, not Moldova
  VA = { ["المقعد المقدس"] = true },            -- literal "holy seat"; CLDR has الفاتيكان
  FR = { ["جمهورية الفرنسية"] = true },         -- ungrammatical (no article)
  GR = { ["الجمهورية الهلنستية"] = true },      -- "Hellenistic", wrong
  IM = { ["آيزل أف مان"] = true },              -- transliteration of "Isle of Man"
  AQ = { ["القطب الجنوبي"] = true },            -- the South Pole, a region (regions.tsv)
}

-- CLDR territory codes accepted although not in ISO 3166-1 (user-assigned,
-- but used everywhere for these territories).
local NON_ISO = {
  XK = { en = "Kosovo", iso3 = "XKX" },
}

-- Zones whose CLDR bcp47 entry does not follow the "cc" + city pattern or
-- whose description names a region rather than the city.
local ZONE_INFO = {
  ["Asia/Hebron"] = { country = "PS", en = "Hebron" },
  ["Asia/Gaza"]   = { country = "PS", en = "Gaza City" },
}

-- Exemplar cities: zones skipped entirely (the Arabic name is a common word
-- or the place is not a city in news sense) ...
local ZONE_SKIP = {
  ["Pacific/Truk"] = true,        -- ترك  "left" (verb)
  ["America/Nome"] = true,        -- نوم  "sleep"
  ["Pacific/Wake"] = true,        -- واك
  ["Pacific/Easter"] = true,      -- استر "cover" (verb)
  ["America/Thule"] = true,       -- ثيل
  ["Australia/Currie"] = true,    -- كوري "Korean"
  ["Pacific/Johnston"] = true,
  ["Pacific/Midway"] = true,
  ["Pacific/Enderbury"] = true,
  ["America/Santa_Isabel"] = true,
  ["America/Coral_Harbour"] = true,
  ["America/Rainy_River"] = true,
  ["America/Nipigon"] = true,
  ["America/Thunder_Bay"] = true,
  ["America/Pangnirtung"] = true,
  ["America/Yellowknife"] = true,
  ["Europe/Uzhgorod"] = true,
  ["Europe/Zaporozhye"] = true,
  ["Europe/Busingen"] = true,
  ["Asia/Choibalsan"] = true,
  ["Atlantic/South_Georgia"] = true, -- the island group (a territory part)
  ["Asia/Khandyga"] = true,       -- tiny settlements, English names unclear
  ["Asia/Ust-Nera"] = true,
  ["Asia/Srednekolymsk"] = true,
  ["America/Danmarkshavn"] = true,
  ["America/Scoresbysund"] = true,
  ["Australia/Lindeman"] = true,
  ["Australia/Eucla"] = true,
  ["America/Swift_Current"] = true,
  ["America/Glace_Bay"] = true,
  ["America/Goose_Bay"] = true,
  ["America/Menominee"] = true,
  ["America/Metlakatla"] = true,
  ["America/Yakutat"] = true,
  ["America/Creston"] = true,
  ["America/Fort_Nelson"] = true,
  ["America/Dawson"] = true,
  ["America/Dawson_Creek"] = true,
  ["America/Inuvik"] = true,
  ["America/Cambridge_Bay"] = true,
  ["America/Rankin_Inlet"] = true,
  ["America/Resolute"] = true,
  ["America/Blanc-Sablon"] = true,
  ["America/Ojinaga"] = true,
  ["America/Bahia_Banderas"] = true,
  ["America/Eirunepe"] = true,
  ["Pacific/Gambier"] = true,
  ["Pacific/Kanton"] = true,
}
-- ... and zones kept but flagged needs_context (name is also a word or an
-- ambiguous name).
local ZONE_CONTEXT = {
  ["Indian/Mahe"] = true,         -- ماهي  "what is" (run together)
  ["America/Juneau"] = true,      -- جوني  a first name
  ["Asia/Dili"] = true,           -- ديلي  "Daily" in outlet names
  ["Africa/El_Aaiun"] = true,     -- العيون "the eyes"
  ["Asia/Seoul"] = true,          -- سول   (news writes سيول)
  ["Asia/Oral"] = true,           -- أورال  also the Urals
  ["Europe/Samara"] = true,       -- سمراء "brunette"
  ["America/Belem"] = true,       -- بلم
  ["Africa/Juba"] = true,         -- جوبا  also a first name
  ["Europe/Kirov"] = true,
  ["America/Phoenix"] = true,     -- فينكس also the bird / a company
  ["Asia/Makassar"] = true,       -- ماكسار also the satellite company
  ["Indian/Christmas"] = true,    -- كريسماس "Christmas"
  ["Atlantic/Stanley"] = true,    -- استانلي a first name
  ["America/Regina"] = true,
  ["America/Boise"] = true,
  ["America/Creston"] = true,
  ["America/Resolute"] = true,
  ["Australia/Darwin"] = true,    -- دارون  Darwin the person
  ["America/Dawson"] = true,
  ["Asia/Kuching"] = true,
  ["Australia/Eucla"] = true,
  ["Pacific/Kanton"] = true,      -- كانتون  also Canton (Guangzhou), canton
  ["Africa/Ceuta"] = true,        -- سيتا
  ["Asia/Aqtobe"] = true,
  ["Atlantic/Faeroe"] = true,     -- فارو  (also Faro, Portugal)
  ["Pacific/Norfolk"] = true,     -- نورفولك also Norfolk, England/Virginia
  ["Australia/Perth"] = true,     -- برثا
}

---------------------------------------------------------------- helpers

local function readfile(path)
  local f, err = io.open(path, "rb")
  if not f then error("cannot read " .. path .. ": " .. tostring(err), 0) end
  local s = f:read("*a")
  f:close()
  return s
end

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() return true end
  return false
end

local function utf8char(cp)
  if cp < 0x80 then return string.char(cp)
  elseif cp < 0x800 then
    return string.char(0xC0 + math.floor(cp / 0x40), 0x80 + cp % 0x40)
  elseif cp < 0x10000 then
    return string.char(0xE0 + math.floor(cp / 0x1000),
      0x80 + math.floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
  else
    return string.char(0xF0 + math.floor(cp / 0x40000),
      0x80 + math.floor(cp / 0x1000) % 0x40,
      0x80 + math.floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
  end
end

local function xml_unescape(s)
  s = s:gsub("&#x(%x+);", function(h) return utf8char(tonumber(h, 16)) end)
  s = s:gsub("&#(%d+);", function(d) return utf8char(tonumber(d)) end)
  s = s:gsub("&lt;", "<"):gsub("&gt;", ">"):gsub("&quot;", '"')
       :gsub("&apos;", "'"):gsub("&amp;", "&")
  return s
end

local function json_unescape(s)
  s = s:gsub("\\u(%x%x%x%x)", function(h) return utf8char(tonumber(h, 16)) end)
  s = s:gsub('\\(["\\/])', "%1")
  return s
end

-- Decode UTF-8 into a list of code points (input is trusted package data).
local function codepoints(s)
  local cps, i, n = {}, 1, #s
  while i <= n do
    local c = s:byte(i)
    local cp, len
    if c < 0x80 then cp, len = c, 1
    elseif c < 0xE0 then cp, len = (c % 0x20), 2
    elseif c < 0xF0 then cp, len = (c % 0x10), 3
    else cp, len = (c % 0x08), 4 end
    for k = 1, len - 1 do
      cp = cp * 0x40 + ((s:byte(i + k) or 0x80) % 0x40)
    end
    cps[#cps + 1] = cp
    i = i + len
  end
  return cps
end

local function trim(s)
  return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

-- Light clean-up of a name taken from package data: drop Arabic diacritics
-- (harakat, shadda, sukun, superscript alef) and tatweel, which news text does
-- not write in these names; turn no-break spaces into spaces; attach the
-- conjunction و to the next word ("البوسنة و الهرسك" -> "البوسنة والهرسك");
-- drop parenthesised parts; collapse spaces.
local function clean(s)
  local out = {}
  for _, cp in ipairs(codepoints(s)) do
    if (cp >= 0x064B and cp <= 0x065F) or cp == 0x0670 or cp == 0x0640
       or cp == 0x200E or cp == 0x200F or cp == 0x200C or cp == 0x200D then
      -- drop
    elseif cp == 0x00A0 or cp == 0x202F or cp == 0x2009 then
      out[#out + 1] = " "
    else
      out[#out + 1] = utf8char(cp)
    end
  end
  s = table.concat(out)
  s = s:gsub("%s*%b()", "")
  s = s:gsub("%s+", " ")
  s = trim(s)
  s = (" " .. s .. " "):gsub(" و ", " و")
  return trim(s)
end

-- Split CLDR "A - B" names: two multi-word names become two aliases
-- ("جزر فوكلاند - جزر مالفيناس"), otherwise the dash becomes a space
-- ("الكونغو - كينشاسا" -> "الكونغو كينشاسا").
local function dash_forms(s)
  local a, b = s:match("^(.-)%s+%-%s+(.-)$")
  if not a then return { s } end
  local function words(x) local n = 0 for _ in x:gmatch("%S+") do n = n + 1 end return n end
  if words(a) >= 2 and words(b) >= 2 then return { a, b } end
  return { a .. " " .. b }
end

local function slug(en)
  local map = {
    ["à"]="a",["á"]="a",["â"]="a",["ã"]="a",["ä"]="a",["å"]="a",["ç"]="c",
    ["è"]="e",["é"]="e",["ê"]="e",["ë"]="e",["ì"]="i",["í"]="i",["î"]="i",
    ["ï"]="i",["ñ"]="n",["ò"]="o",["ó"]="o",["ô"]="o",["õ"]="o",["ö"]="o",
    ["ø"]="o",["ù"]="u",["ú"]="u",["û"]="u",["ü"]="u",["ý"]="y",["ÿ"]="y",
    ["Å"]="a",["É"]="e",["Ü"]="u",["Ö"]="o",["ō"]="o",["ū"]="u",["ā"]="a",
  }
  local s = en:gsub("[\195\196\197][\128-\191]", function(c) return map[c] or "" end)
  s = s:gsub("’", ""):gsub("'", "")
  s = s:lower():gsub("[^a-z0-9]+", "-"):gsub("^%-+", ""):gsub("%-+$", "")
  return s
end

-- Key for "the same name" in de-duplication: diacritics and tatweel
-- dropped, alef forms unified, alef maqsura -> yeh, teh marbuta -> heh (what
-- the matcher's default normalization does anyway).
local NORM = { ["أ"] = "ا", ["إ"] = "ا", ["آ"] = "ا", ["ٱ"] = "ا", ["ى"] = "ي", ["ة"] = "ه" }
local function norm_key(s)
  s = s:gsub("\217[\139-\159]", ""):gsub("\217\176", ""):gsub("\217\128", "")
  return (s:gsub("[\216-\217][\128-\191]", function(c) return NORM[c] or c end))
end

-- Hand-written files consulted when generating cities-cldr.tsv.
local HAND_FILES = { "cities.tsv", "regions.tsv", "organizations.tsv", "media.tsv",
                     "groups.tsv", "people.tsv" }

---------------------------------------------------------------- .mo reader

-- GNU gettext .mo: magic 0x950412de, revision, N, offset of original string
-- table, offset of translation table; each table holds N (length, offset)
-- pairs of 32-bit integers in the file's byte order.
local function read_mo(path)
  local data = readfile(path)
  local function u32(pos, le)
    local a, b, c, d = data:byte(pos + 1, pos + 4)
    if not d then error(path .. ": truncated .mo file", 0) end
    if le then return a + b * 256 + c * 65536 + d * 16777216
    else return d + c * 256 + b * 65536 + a * 16777216 end
  end
  local le
  if u32(0, true) == 0x950412de then le = true
  elseif u32(0, false) == 0x950412de then le = false
  else error(path .. ": not a gettext .mo file", 0) end
  local n, otab, ttab = u32(8, le), u32(12, le), u32(16, le)
  local map = {}
  for i = 0, n - 1 do
    local olen, ooff = u32(otab + 8 * i, le), u32(otab + 8 * i + 4, le)
    local tlen, toff = u32(ttab + 8 * i, le), u32(ttab + 8 * i + 4, le)
    local msgid = data:sub(ooff + 1, ooff + olen)
    local msgstr = data:sub(toff + 1, toff + tlen)
    msgid = msgid:gsub("^.*\4", "")          -- drop msgctxt
    msgid = msgid:match("^[^%z]*")            -- singular form only
    msgstr = msgstr:match("^[^%z]*")
    if msgid ~= "" and msgstr ~= "" then map[msgid] = msgstr end
  end
  return map, n
end

---------------------------------------------------------------- TSV i/o

local function split_tab(line)
  local t = {}
  for f in (line .. "\t"):gmatch("([^\t]*)\t") do t[#t + 1] = f end
  return t
end

-- Read a gazetteer TSV into a list of rows (tables keyed by header names).
local function read_tsv(path)
  local rows, header = {}, nil
  local n = 0
  for line in io.lines(path) do
    n = n + 1
    line = line:gsub("\r$", "")
    if line ~= "" then
      local f = split_tab(line)
      if not header then
        header = f
      else
        local r = { _line = n }
        for i, h in ipairs(header) do r[h] = f[i] or "" end
        rows[#rows + 1] = r
      end
    end
  end
  return rows, header
end

local function write_tsv(path, header, rows)
  local f = assert(io.open(path, "wb"))
  f:write(table.concat(header, "\t"), "\n")
  for _, r in ipairs(rows) do
    local t = {}
    for i, h in ipairs(header) do t[i] = r[h] or "" end
    f:write(table.concat(t, "\t"), "\n")
  end
  f:close()
end

local function parse_flags(s)
  local list = {}
  for f in (s or ""):gmatch("[^,]+") do
    f = trim(f)
    if f ~= "" then list[#list + 1] = f end
  end
  return list
end

-- Union of two flag strings; a priority in `over` replaces one in `base`.
local function merge_flags(base, over)
  local out, seen = {}, {}
  local over_list = parse_flags(over)
  local over_has_prio = false
  for _, f in ipairs(over_list) do
    if f:match("^priority=") then over_has_prio = true end
  end
  for _, f in ipairs(parse_flags(base)) do
    if not (over_has_prio and f:match("^priority=")) and not seen[f] then
      out[#out + 1] = f; seen[f] = true
    end
  end
  for _, f in ipairs(over_list) do
    if not seen[f] then out[#out + 1] = f; seen[f] = true end
  end
  -- stable order: exact_only, needs_context, priority=N, others
  local rank = function(f)
    if f == "exact_only" then return 1 elseif f == "needs_context" then return 2
    elseif f:match("^priority=") then return 3 else return 4 end
  end
  table.sort(out, function(a, b)
    local ra, rb = rank(a), rank(b)
    if ra ~= rb then return ra < rb end
    return a < b
  end)
  return table.concat(out, ",")
end

local function sort_rows(rows)
  table.sort(rows, function(a, b)
    if a.id ~= b.id then return a.id < b.id end
    if (a.name == a.canonical) ~= (b.name == b.canonical) then
      return a.name == a.canonical
    end
    return a.name < b.name
  end)
end

---------------------------------------------------------------- countries

local function build_countries()
  -- 1. ISO 3166-1 codes and English names
  local json = readfile(SRC.iso_json)
  local body = json:match("%[(.*)%]") or json
  local iso, codes = {}, {}
  for obj in body:gmatch("%b{}") do
    local function field(k)
      local v = obj:match('"' .. k .. '"%s*:%s*"(.-[^\\])"')
      return v and json_unescape(v) or nil
    end
    local a2 = field("alpha_2")
    if a2 then
      iso[a2] = { alpha3 = field("alpha_3"), name = field("name"),
                  official = field("official_name"), common = field("common_name") }
      codes[#codes + 1] = a2
    end
  end
  assert(#codes > 200, SRC.iso_json .. ": too few entries parsed")

  -- 2. Arabic translations from the gettext catalogue
  local mo, nmo = read_mo(SRC.iso_mo)

  -- 3. CLDR Arabic territory names
  local xml = readfile(SRC.cldr_ar)
  local cldr = {}         -- code -> { main=, short=, variant= }
  local terr = xml:match("<territories>(.-)</territories>") or xml
  for code, attrs, text in terr:gmatch('<territory type="(%w+)"([^>]*)>([^<]*)</territory>') do
    local alt = attrs:match('alt="(%w+)"') or "main"
    cldr[code] = cldr[code] or {}
    cldr[code][alt] = xml_unescape(text)
  end

  local rows, index = {}, {}       -- index[name .. "\0" .. id] = row
  local function add(name, code, source, flags)
    -- package data is cleaned; hand-written names are taken as written
    if source ~= "extra" then name = clean(name) else name = trim(name) end
    if name == "" or name:find("،") or name:find(",") then return end
    -- one row per normalized spelling; a hand-written spelling with
    -- diacritics (عُمان) is kept as its own row on purpose
    local k = norm_key(name)
    if source == "extra" and (name:find("\217[\139-\159]") or name:find("\217\176")) then
      k = name
    end
    local key = k .. "\0" .. code
    local r = index[key]
    if r then
      if not r.source:find(source, 1, true) then r.source = r.source .. "+" .. source end
      if source == "extra" then r.name = name end   -- the hand-written spelling wins
      if flags then r.flags = merge_flags(r.flags, flags) end
      return
    end
    r = { name = name, type = "LOC", id = code, source = source,
          flags = merge_flags("priority=2", flags) }
    index[key] = r
    rows[#rows + 1] = r
  end

  local canonical, en, iso3 = {}, {}, {}
  local from_cldr, from_iso = 0, 0
  for _, code in ipairs(codes) do
    local e = iso[code]
    en[code] = e.common or e.name
    iso3[code] = e.alpha3 or ""
    local c = cldr[code]
    if c then
      for _, alt in ipairs({ "main", "short", "variant" }) do
        if c[alt] then
          for _, form in ipairs(dash_forms(clean(c[alt]))) do add(form, code, "cldr") from_cldr = from_cldr + 1 end
        end
      end
      canonical[code] = dash_forms(clean(c.short or c.main or ""))[1]
    end
    for _, k in ipairs({ "common", "name", "official" }) do
      local msgid = e[k]
      local ar = msgid and mo[msgid]
      if ar then
        local nm = clean(ar)
        if not (ISO_BAD[code] and ISO_BAD[code][nm]) then
          add(nm, code, "iso-codes")
          from_iso = from_iso + 1
          if not canonical[code] or canonical[code] == "" then canonical[code] = nm end
        end
      end
    end
  end
  for code, extra in pairs(NON_ISO) do
    local c = cldr[code]
    if c and c.main then
      en[code], iso3[code] = extra.en, extra.iso3
      add(c.main, code, "cldr")
      canonical[code] = clean(c.main)
    end
  end

  -- 4. hand-written variants (their flags and canonical names win)
  local extra_path = HERE .. "/countries-extra.tsv"
  local nextra = 0
  if exists(extra_path) then
    local xrows = read_tsv(extra_path)
    for _, x in ipairs(xrows) do
      if not iso[x.id] and not NON_ISO[x.id] then
        error(extra_path .. ":" .. x._line .. ": unknown country code " .. x.id, 0)
      end
      add(x.name, x.id, "extra", x.flags)
      canonical[x.id] = x.canonical
      if x.en and x.en ~= "" then en[x.id] = x.en end
      nextra = nextra + 1
    end
  end

  for _, r in ipairs(rows) do
    r.canonical = canonical[r.id] or r.name
    r.en = en[r.id] or ""
    r.iso3 = iso3[r.id] or ""
  end
  sort_rows(rows)
  local ids = {}
  for _, r in ipairs(rows) do ids[r.id] = true end
  local nids = 0
  for _ in pairs(ids) do nids = nids + 1 end
  local out = OUTDIR .. "/countries.tsv"
  write_tsv(out, { "name", "type", "id", "canonical", "flags", "en", "iso3", "source" }, rows)
  print(string.format("wrote %s: %d rows, %d countries/territories " ..
    "(iso-codes: %d codes, %d .mo messages; CLDR names used: %d; extra rows: %d)",
    out, #rows, nids, #codes, nmo, from_cldr, nextra))
  -- names of countries, for the city filter below
  local names = {}
  for _, r in ipairs(rows) do names[norm_key(r.name)] = r.id end
  return names, iso
end

---------------------------------------------------------------- CLDR cities

local function build_cities(country_names, iso)
  -- zone -> { country, english name } from CLDR's bcp47 time-zone table
  local tz = {}
  local tzxml = readfile(SRC.cldr_tz)
  for attrs in tzxml:gmatch("<type%s([^>]-)/?>") do
    local name = attrs:match('name="([^"]*)"')
    local desc = attrs:match('description="([^"]*)"')
    local alias = attrs:match('alias="([^"]*)"')
    if name and alias and desc then
      local cc = name:sub(1, 2):upper()
      local english = xml_unescape(desc):gsub("%s*%b()", "")
      -- "City, Country" describes a city; a description without a comma
      -- names a whole territory ("Cayman Islands", "Macau SAR China").
      local city_part = english:match("^([^,]+),")
      for z in alias:gmatch("%S+") do
        tz[z] = { country = (iso[cc] and cc or ""), en = city_part and trim(city_part),
                  territory = not city_part }
      end
    end
  end

  -- hand-written files: a CLDR city already there (same normalized Arabic
  -- name) takes its id; ids, canonical and English names of the hand-written
  -- files win; their rows are not repeated; their slugs are not reused for
  -- other places.
  local hand_by_name, hand_rows, hand_canon, hand_en, hand_country, hand_type =
    {}, {}, {}, {}, {}, {}
  for _, fname in ipairs(HAND_FILES) do
    local path = HERE .. "/" .. fname
    if exists(path) then
      for _, r in ipairs((read_tsv(path))) do
        local k = norm_key(r.name)
        hand_rows[k .. "\0" .. r.id] = true
        hand_canon[r.id] = hand_canon[r.id] or r.canonical
        hand_en[r.id] = hand_en[r.id] or r.en
        hand_country[r.id] = hand_country[r.id] or r.country or ""
        hand_type[r.id] = hand_type[r.id] or r.type
        if r.type == "LOC" then
          hand_by_name[k] = hand_by_name[k] or {}
          local list, dup = hand_by_name[k], false
          for _, id in ipairs(list) do if id == r.id then dup = true end end
          if not dup then list[#list + 1] = r.id end
        end
      end
    end
  end

  local xml = readfile(SRC.cldr_ar)
  local zones = xml:match("<timeZoneNames>(.-)</timeZoneNames>") or xml
  local rows, seen, slug_owner = {}, {}, {}
  local skipped = { etc = 0, list = 0, country = 0, deep = 0, hand = 0, territory = 0 }
  for zone, inner in zones:gmatch('<zone type="([^"]+)">(.-)</zone>') do
    local city = inner:match("<exemplarCity>([^<]*)</exemplarCity>")
    if city then
      local name = clean(xml_unescape(city))
      local area = zone:match("^([^/]+)/")
      local depth = select(2, zone:gsub("/", ""))
      local info = ZONE_INFO[zone] or tz[zone]
                   or { country = "", en = (zone:match("([^/]+)$"):gsub("_", " ")) }
      if area == "Etc" or area == "Antarctica" or area == "Arctic" then
        skipped.etc = skipped.etc + 1
      elseif ZONE_SKIP[zone] then
        skipped.list = skipped.list + 1
      elseif depth > 1 then
        skipped.deep = skipped.deep + 1        -- America/Indiana/Knox etc.
      elseif name == "" or name:find("،") or country_names[norm_key(name)] then
        skipped.country = skipped.country + 1  -- same as a country name
      elseif info.territory then
        skipped.territory = skipped.territory + 1  -- zone of a whole territory
      else
        local id = slug(info.en)
        local k = norm_key(name)
        local known = hand_by_name[k]
        if known and #known == 1 then
          id = known[1]               -- a place the hand-written files know
        elseif (hand_type[id] and (hand_type[id] ~= "LOC" or hand_country[id] ~= info.country))
               or (slug_owner[id] and slug_owner[id] ~= zone) then
          -- the slug belongs to something else: add the country code
          id = id .. "-" .. info.country:lower()
        end
        slug_owner[id] = zone
        local key = k .. "\0" .. id
        if hand_rows[key] then
          skipped.hand = skipped.hand + 1
        elseif not seen[key] then
          seen[key] = true
          rows[#rows + 1] = {
            name = name, type = "LOC", id = id,
            canonical = hand_canon[id] or name,
            flags = ZONE_CONTEXT[zone] and "needs_context" or "",
            en = hand_en[id] or info.en, country = info.country, zone = zone,
          }
        end
      end
    end
  end
  sort_rows(rows)
  local out = OUTDIR .. "/cities-cldr.tsv"
  write_tsv(out, { "name", "type", "id", "canonical", "flags", "en", "country", "zone" }, rows)
  print(string.format("wrote %s: %d rows (skipped zones: %d Etc/Antarctica/Arctic, " ..
    "%d listed in ZONE_SKIP, %d sub-regional, %d named like a country, " ..
    "%d territory-wide; %d rows already in hand-written files)",
    out, #rows, skipped.etc, skipped.list, skipped.deep, skipped.country,
    skipped.territory, skipped.hand))
end

---------------------------------------------------------------- main

local ok, err = pcall(function()
  local names, iso = build_countries()
  build_cities(names, iso)
end)
if not ok then
  io.stderr:write("generate.lua: ", tostring(err), "\n")
  os.exit(1)
end
