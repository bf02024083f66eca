#!/usr/bin/env lua
--[[
check.lua -- validate the gazetteer TSV files (Lua 5.1-5.4, no modules).

    lua5.4 data/gazetteers/check.lua            # all *.tsv listed below
    lua5.4 data/gazetteers/check.lua -v         # also list shared keys
    lua5.4 data/gazetteers/check.lua DIR FILE.. # other files

Errors (exit status 1):
  - header does not start with name, type, id, canonical, flags
  - a row has a different number of columns than the header
  - empty name/id/canonical, leading/trailing/double spaces, CR, bad UTF-8
  - type not in PER, LOC, ORG, MISC
  - id not an upper-case ISO 3166 code (LOC only) or a lower-case ASCII slug
  - unknown flag (allowed: exact_only, needs_context, priority=N)
  - the same name+id twice (in any of the files)
  - one id with two canonical names or two types across the files
  - a name that is another name of the same id with a proclitic
    (و ف ب ل ك, لل) glued on, e.g. "وإيران" next to "إيران"
Warnings:
  - a name of one id that looks like a clitic form of another id's name
    (وجدة Oujda / جدة Jeddah): real, but ambiguous after clitic stripping
  - two names of one id that are equal after alef/yeh/teh-marbuta/diacritic
    normalization (redundant for the matcher)
  - a canonical name that is not itself one of the id's names
With -v: keys (normalized names) shared by several ids, with their flags,
to review priorities.
]]

local DIR = "data/gazetteers"
local FILES = {
  "countries.tsv", "countries-extra.tsv", "cities.tsv", "cities-cldr.tsv",
  "regions.tsv", "organizations.tsv", "media.tsv", "groups.tsv", "people.tsv",
}
-- inputs of generate.lua: checked for format, and that their rows reached
-- the generated file, but not counted as gazetteer rows themselves
local INPUT_ONLY = { ["countries-extra.tsv"] = "countries.tsv" }
local verbose = false
do
  local rest = {}
  for _, a in ipairs(arg or {}) do
    if a == "-v" then verbose = true else rest[#rest + 1] = a end
  end
  if #rest > 0 then
    DIR = rest[1]
    if #rest > 1 then FILES = {} for i = 2, #rest do FILES[#FILES + 1] = rest[i] end end
  end
end

local TYPES = { PER = true, LOC = true, ORG = true, MISC = true }
local errors, warnings = 0, 0
local function err(where, msg) errors = errors + 1; io.write("ERROR ", where, ": ", msg, "\n") end
local function warn(where, msg) warnings = warnings + 1; io.write("warn  ", where, ": ", msg, "\n") end

-- UTF-8 well-formedness (no overlongs/surrogates check needed for our data)
local function valid_utf8(s)
  local i, n = 1, #s
  while i <= n do
    local c = s:byte(i)
    local len = c < 0x80 and 1 or (c >= 0xC2 and c < 0xE0) and 2
      or (c >= 0xE0 and c < 0xF0) and 3 or (c >= 0xF0 and c < 0xF5) and 4 or nil
    if not len then return false end
    for k = 1, len - 1 do
      local b = s:byte(i + k)
      if not b or b < 0x80 or b > 0xBF then return false end
    end
    i = i + len
  end
  return true
end

-- Light normalization, like the matcher's: drop harakat/tatweel, unify alef
-- forms, alef maqsura -> yeh, teh marbuta -> heh.
local REPL = {
  ["أ"] = "ا", ["إ"] = "ا", ["آ"] = "ا", ["ٱ"] = "ا", ["ى"] = "ي", ["ة"] = "ه",
  ["ی"] = "ي", ["ک"] = "ك",
}
local function normalize(s)
  s = s:gsub("\217[\139-\159]", "")      -- U+064B..U+065F
       :gsub("\217\176", "")             -- U+0670
       :gsub("\217\128", "")             -- U+0640 tatweel
  s = s:gsub("[\216-\219][\128-\191]", function(c) return REPL[c] or c end)
  return s
end

local function split_tab(line)
  local t = {}
  for f in (line .. "\t"):gmatch("([^\t]*)\t") do t[#t + 1] = f end
  return t
end

local all = {}            -- list of rows from all files
local pending = {}        -- rows of input-only files, checked at the end
local seen_name_id = {}   -- name \0 id -> "file:line"
local id_canon, id_type, id_where = {}, {}, {}
local counts = {}

for _, fname in ipairs(FILES) do
  local path = DIR .. "/" .. fname
  local f = io.open(path, "rb")
  if not f then
    err(path, "cannot open")
  else
    local data = f:read("*a")
    f:close()
    if data:find("\r") then err(path, "contains CR characters (use LF line endings)") end
    if data:sub(-1) ~= "\n" then err(path, "does not end with a newline") end
    local header, ln, n = nil, 0, 0
    for line in data:gmatch("([^\n]*)\n") do
      ln = ln + 1
      local where = fname .. ":" .. ln
      if not valid_utf8(line) then err(where, "invalid UTF-8") end
      local f_ = split_tab(line)
      if not header then
        header = f_
        local want = { "name", "type", "id", "canonical", "flags" }
        for i, w in ipairs(want) do
          if header[i] ~= w then err(where, "header column " .. i .. " is '" ..
            tostring(header[i]) .. "', expected '" .. w .. "'") end
        end
      elseif line == "" then
        err(where, "empty line")
      else
        n = n + 1
        if #f_ ~= #header then
          err(where, ("%d columns, header has %d"):format(#f_, #header))
        end
        local name, typ, id, canon, flags = f_[1] or "", f_[2] or "", f_[3] or "", f_[4] or "", f_[5] or ""
        for i, v in ipairs(f_) do
          if v ~= v:gsub("^%s+", ""):gsub("%s+$", "") then
            err(where, "column " .. i .. " has leading/trailing space: '" .. v .. "'")
          end
          if v:find("  ") then err(where, "column " .. i .. " has a double space") end
        end
        if name == "" then err(where, "empty name") end
        if canon == "" then err(where, "empty canonical") end
        if not TYPES[typ] then err(where, "bad type '" .. typ .. "'") end
        if id:match("^%u%u$") then
          if typ ~= "LOC" then err(where, "country-code id on a non-LOC row") end
        elseif not id:match("^[a-z0-9]+[a-z0-9%-]*[a-z0-9]$") or id:find("%-%-") then
          err(where, "bad id '" .. id .. "'")
        end
        for fl in (flags .. ","):gmatch("([^,]*),") do
          if flags ~= "" and not (fl == "exact_only" or fl == "needs_context"
                                  or fl:match("^priority=%-?%d+$")) then
            err(where, "bad flag '" .. fl .. "'")
          end
        end
        local key = name .. "\0" .. id
        if INPUT_ONLY[fname] then
          if pending[key] then err(where, "duplicate name+id '" .. name .. "' " .. id) end
          pending[key] = { where = where, target = INPUT_ONLY[fname] }
        elseif seen_name_id[key] then
          err(where, "duplicate name+id '" .. name .. "' " .. id .. " (also " .. seen_name_id[key] .. ")")
        else
          seen_name_id[key] = where
        end
        if INPUT_ONLY[fname] then
          -- nothing more: these rows are merged into the generated file
        elseif id_canon[id] and id_canon[id] ~= canon then
          err(where, "id " .. id .. " has canonical '" .. canon .. "' but '" ..
            id_canon[id] .. "' at " .. id_where[id])
        end
        if not INPUT_ONLY[fname] then
          if id_type[id] and id_type[id] ~= typ then
            err(where, "id " .. id .. " has type " .. typ .. " but " .. id_type[id] .. " at " .. id_where[id])
          end
          if not id_canon[id] then id_canon[id], id_type[id], id_where[id] = canon, typ, where end
          all[#all + 1] = { name = name, id = id, type = typ, canon = canon, flags = flags, where = where }
        end
      end
    end
    counts[#counts + 1] = { fname, n }
  end
end

for key, p in pairs(pending) do
  local w = seen_name_id[key]
  if not (w and w:sub(1, #p.target + 1) == p.target .. ":") then
    err(p.where, "row is missing from " .. p.target .. " (run generate.lua)")
  end
end

-- names per id, normalized keys
local names_of, by_key = {}, {}
for _, r in ipairs(all) do
  names_of[r.id] = names_of[r.id] or {}
  local k = normalize(r.name)
  local prev = names_of[r.id][k]
  local function strip(x) return (x:gsub("\217[\139-\159]", ""):gsub("\217\176", "")) end
  -- variants that differ only in diacritics (عُمان/عمان) are deliberate
  if prev and strip(prev.name) ~= strip(r.name) then
    warn(r.where, "'" .. r.name .. "' equals '" .. prev.name .. "' (" .. prev.where ..
      ") after normalization")
  end
  names_of[r.id][k] = names_of[r.id][k] or r
  by_key[k] = by_key[k] or {}
  table.insert(by_key[k], r)
end
for id, canon in pairs(id_canon) do
  if not names_of[id][normalize(canon)] then
    warn(id_where[id], "canonical '" .. canon .. "' of " .. id .. " is not one of its names")
  end
end

-- proclitic-glued duplicates
local CLITICS = { "و", "ف", "ب", "ل", "ك" }
for _, r in ipairs(all) do
  local k = normalize(r.name)
  for _, c in ipairs(CLITICS) do
    if k:sub(1, #c) == c then
      local rest = k:sub(#c + 1)
      local cands = { rest }
      if c == "ل" and rest:sub(1, #"ل") == "ل" then cands[#cands + 1] = "ا" .. rest end -- لل -> ال
      for _, cand in ipairs(cands) do
        if cand ~= "" and by_key[cand] then
          for _, other in ipairs(by_key[cand]) do
            local msg = "'" .. r.name .. "' looks like '" .. other.name .. "' (" .. other.id ..
              ") with the proclitic " .. c .. " attached"
            -- same thing: a clitic form that should not be listed; another
            -- thing: a real name that merely starts like one (وجدة/جدة)
            if other.id == r.id then err(r.where, msg) else warn(r.where, msg) end
          end
        end
      end
    end
  end
end

if verbose then
  local keys = {}
  for k, rows in pairs(by_key) do
    local ids = {}
    for _, r in ipairs(rows) do ids[r.id] = true end
    local n = 0 for _ in pairs(ids) do n = n + 1 end
    if n > 1 then keys[#keys + 1] = k end
  end
  table.sort(keys)
  io.write("\nkeys shared by several ids:\n")
  for _, k in ipairs(keys) do
    local parts = {}
    for _, r in ipairs(by_key[k]) do
      parts[#parts + 1] = r.id .. "[" .. r.type .. (r.flags ~= "" and (" " .. r.flags) or "") .. "]"
    end
    io.write("  ", k, "  ->  ", table.concat(parts, "  "), "\n")
  end
end

io.write("\n")
local total = 0
for _, c in ipairs(counts) do
  if INPUT_ONLY[c[1]] then
    io.write(("%-22s %6d rows (input of generate.lua, not counted)\n"):format(c[1], c[2]))
  else
    io.write(("%-22s %6d rows\n"):format(c[1], c[2]))
    total = total + c[2]
  end
end
local nids = 0 for _ in pairs(id_canon) do nids = nids + 1 end
io.write(("%-22s %6d rows, %d ids\n"):format("total", total, nids))
io.write(("%d errors, %d warnings\n"):format(errors, warnings))
os.exit(errors == 0 and 0 or 1)
