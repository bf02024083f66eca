--- News-page chrome removal, line by line, driven by the phrase list in
-- data/boilerplate/phrases.tsv (and the caller's own lists). A phrase
-- matches a whole line or the start of one, never a word inside a
-- sentence. Returns the kept text, the kept source ranges and every removed
-- line with the rule that removed it. See data/boilerplate/README.md.
local core = require "arabic.core"
local data = require "arabic.data"
local args = require "arabic.args"

local M = {}

local norm

local function N(s) return (norm(s)) end

-- Compiled rule sets, by the list of sources that made them.
local cache = {}

local function split_tabs(line)
  local f = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do f[#f + 1] = field end
  return f
end

-- Prepare a line for comparison: normalized, trimmed, without leading
-- bullets and list numbers, without trailing punctuation.
local BULLETS = { "•", "·", "▪", "◦", "►", "-", "–", "—", "*", "●", "■", "»", ">" }
local function prepare(line)
  local s = N(line)
  s = s:gsub("^%s+", ""):gsub("%s+$", "")
  local changed = true
  while changed do
    changed = false
    for _, b in ipairs(BULLETS) do
      if s:sub(1, #b) == b then
        s = s:sub(#b + 1):gsub("^%s+", "")
        changed = true
      end
    end
    local num = s:match("^%(?%d+[%.%-%)]%s*")
    if num and #num < #s then
      s = s:sub(#num + 1)
      changed = true
    end
  end
  -- trailing : . … ! | - » >> and spaces
  local prev
  repeat
    prev = s
    s = s:gsub("%s+$", ""):gsub("[:%.!|%->]$", ""):gsub("…$", ""):gsub("»$", "")
  until s == prev
  return s
end
M._prepare = prepare

-- The rules of a list of phrase files ("default" or paths), or nil and
-- what is wrong with a file.
local function load_rules(sources)
  local key = table.concat(sources, "\0")
  if cache[key] then return cache[key] end
  norm = norm or core.normalizer("search")
  local rules = { whole = {}, prefix = {}, multi = {} }
  local order = 0
  for _, src in ipairs(sources) do
    local path = src
    if src == "default" then
      local p, err = data.path("boilerplate/phrases.tsv")
      if not p then return nil, err end
      path = p
    end
    local f, err = io.open(path, "rb")
    if not f then return nil, ("cannot open %s: %s"):format(src, err) end
    local header = true
    local lineno = 0
    for line in f:lines() do
      lineno = lineno + 1
      line = line:gsub("\r$", "")
      if header then
        header = false
      elseif line ~= "" and not line:match("^#") then
        local fld = split_tabs(line)
        local phrase, rule, action = fld[1], fld[2], fld[3]
        if not phrase or phrase == "" or not rule or rule == "" or
          (action ~= "drop_line" and action ~= "drop_line_prefix" and action ~= "drop_rest") then
          f:close()
          return nil, ("%s:%d: expected phrase<TAB>rule<TAB>drop_line|drop_line_prefix|drop_rest"):format(src, lineno)
        end
        order = order + 1
        local colon = phrase:match(":%s*$") ~= nil
        local entry = { rule = rule, action = action, order = order, colon = colon }
        if phrase:find(" … ", 1, true) then
          entry.parts = {}
          for part in (phrase .. " … "):gmatch("(.-) … ") do entry.parts[#entry.parts + 1] = prepare(part) end
          rules.multi[#rules.multi + 1] = entry
        else
          local p = prepare(phrase)
          if action == "drop_line_prefix" then
            entry.phrase = p
            rules.prefix[#rules.prefix + 1] = entry
          elseif not rules.whole[p] then
            rules.whole[p] = entry
          end
        end
      end
    end
    f:close()
  end
  -- longer prefixes first
  table.sort(rules.prefix, function(a, b)
    if #a.phrase ~= #b.phrase then return #a.phrase > #b.phrase end
    return a.order < b.order
  end)
  cache[key] = rules
  return rules
end

-- Does prepared line p start with phrase ph, followed by the end, a space
-- or punctuation (never a letter)?
local function starts(p, ph)
  if ph == "" or p:sub(1, #ph) ~= ph then return false end
  local nxt = p:sub(#ph + 1, #ph + 1)
  if nxt == "" then return true end
  local c = core.char_class(p, #ph + 1)
  return c ~= "arabic" and c ~= "letter" and c ~= "latin" and c ~= "digit" and c ~= "mark"
end

local function match_line(rules, p, raw_norm)
  local w = rules.whole[p]
  if w then return w end
  for _, e in ipairs(rules.prefix) do
    if starts(p, e.phrase) and (not e.colon or raw_norm:find(":", 1, true)) then return e end
  end
  for _, e in ipairs(rules.multi) do
    if starts(p, e.parts[1]) then
      local pos = #e.parts[1] + 1
      local ok = true
      for k = 2, #e.parts do
        local a = p:find(e.parts[k], pos, true)
        if not a then ok = false break end
        pos = a + #e.parts[k]
      end
      if ok then return e end
    end
  end
  return nil
end

-- Is the prepared line only share/label words and separators?
local function only_buttons(rules, p)
  local any = false
  for piece in (p .. "|"):gmatch("(.-)%s*[|/·•,]%s*") do
    piece = piece:gsub("^%s+", ""):gsub("%s+$", "")
    if piece ~= "" then
      local e = rules.whole[piece]
      if not e or (e.rule ~= "share_line" and e.rule ~= "label") then
        -- a run of button words separated by spaces only
        local all = true
        for word in piece:gmatch("%S+") do
          local ew = rules.whole[word]
          if not ew or (ew.rule ~= "share_line" and ew.rule ~= "label") then all = false break end
        end
        if not all then return false end
      end
      any = true
    end
  end
  return any
end

-- Running text: 10+ words and a sentence mark or a comma.
local function running_text(p)
  local words = 0
  -- words with letters: a banner of dates and times is not running text
  for w in p:gmatch("%S+") do
    if w:find("[%a\216-\219]") then words = words + 1 end
  end
  return words >= 10 and (p:find("[%.!?,]") ~= nil or p:find("،", 1, true) ~= nil)
end

-- A section path in the page head: "اقتصاد | نقل وموانئ", "أخبار » عربي":
-- short segments between separators, no sentence punctuation.
local function section_path(p)
  if not (p:find("|", 1, true) or p:find("»", 1, true) or p:find("›", 1, true)) then return false end
  if p:find("[%.!?:]") or p:find("،", 1, true) then return false end
  local words = 0
  for seg in (p .. "|"):gsub("»", "|"):gsub("›", "|"):gmatch("([^|]*)|") do
    local n = 0
    for _ in seg:gmatch("%S+") do n = n + 1 end
    if n > 4 then return false end
    words = words + n
  end
  return words >= 1 and words <= 10
end

local NETWORKS = { "جوجل نيوز", "google news", "تليجرام", "تلغرام", "تويتر", "فيسبوك", "يوتيوب", "انستجرام", "واتساب" }

--- The options of clean(), which the pipeline, the pandoc filter and the
-- command line take too.
M.OPTIONS = {
  -- phrase files: "default" and/or paths (same format as data/boilerplate/phrases.tsv)
  lists = args.custom("a file name or a list of them (\"default\": the built-in list)", function(v)
    local ok, list = args.strings.test(v)
    if not ok then return false end
    local rules, err = load_rules(list)
    if not rules then return false, err end
    return true, list
  end),
  -- keep running text found after the source/tags line
  keep_appended = args.boolean,
  -- also drop the page head's lines no phrase catches
  drop_head = args.boolean,
}

--- Remove chrome from a page. opts.lists: phrase files ("default" and/or
-- paths; default { "default" }); opts.keep_appended: keep running text
-- found after the source/tags line (by default it is another article and
-- goes, as rule "appended"); opts.drop_head: also drop the page head's
-- lines that no phrase catches (site menus, masthead names), keeping the
-- headline. Returns { text = kept text, kept = { {first,
-- last}, ... }, removed = { { first, last, rule, text }, ... }, banner =
-- the page's banner line or nil }.
function M.clean(s, opts)
  args.string_arg(s, "boilerplate", 1, 2)
  opts = args.check(opts, M.OPTIONS, "boilerplate", 2, 2)
  local rules, err = load_rules(opts.lists or { "default" })
  if not rules then error(err, 2) end
  local dates = require "arabic.dates"

  -- lines with their offsets
  local lines = {}
  local pos = 1
  while pos <= #s do
    local nl = s:find("\n", pos, true)
    local last = nl and nl - 1 or #s
    local raw = s:sub(pos, last)
    local rn = N(raw)
    lines[#lines + 1] = { first = pos, last = last, eol = nl and nl or #s, raw = raw, p = prepare(raw), rn = rn }
    pos = (nl or #s) + 1
  end
  -- where the body starts
  local body_start
  for k, l in ipairs(lines) do
    if running_text(l.p) then
      body_start = k
      break
    end
  end
  body_start = body_start or #lines + 1

  local drop = {} -- line index -> rule
  local banner
  local k = 1
  local article_over = false -- after a source/tags line
  local rest_from
  while k <= #lines do
    local l = lines[k]
    local in_head = k < body_start
    if l.p == "" then
      -- blank line
    else
      local e = match_line(rules, l.p, l.rn)
      if e and e.rule == "masthead" and not in_head and not article_over then e = nil end
      if e then
        if e.action == "drop_rest" then
          if in_head then
            -- a box in the page head: itself and the list under it
            drop[k] = e.rule
            local j = k + 1
            while j <= #lines and lines[j].p ~= "" and not running_text(lines[j].p) do
              drop[j] = e.rule
              j = j + 1
            end
            k = j - 1
          else
            rest_from = { k, e.rule }
            break
          end
        else
          drop[k] = e.rule
          if e.rule == "source_line" or e.rule == "tags_line" then article_over = true end
          -- a masthead title alone on its line: the name under it goes too
          if e.rule == "masthead" and e.action == "drop_line" and in_head and lines[k + 1] then
            local nxt = lines[k + 1].p
            local words = 0
            for _ in nxt:gmatch("%S+") do words = words + 1 end
            if nxt ~= "" and words <= 4 and not match_line(rules, nxt, lines[k + 1].rn) then
              drop[k + 1] = "masthead"
              k = k + 1
            end
          end
        end
      elseif (l.p:match("^تابع") and (l.p:match(" علي$") or l.p:match(" عبر$"))) and lines[k + 1] then
        -- a follow line broken in two: "تابع … على" + a network name
        local nxt = lines[k + 1].p
        for _, net in ipairs(NETWORKS) do
          if nxt == N(net) then
            drop[k], drop[k + 1] = "follow_line", "follow_line"
            k = k + 1
            break
          end
        end
      elseif only_buttons(rules, l.p) then
        drop[k] = "share_line"
      elseif in_head then
        -- a banner: only dates/times and separators
        local rest = l.raw
        local found = false
        for d in dates.iter(l.raw) do
          found = true
          rest = rest:gsub(d.text:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0"), " ", 1)
        end
        -- (ص/م: a.m./p.m. after a time; whole letters, not a byte class)
        rest = N(rest):gsub("%d+:%d+%s*ص", " "):gsub("%d+:%d+%s*م", " "):gsub("%d+:%d+", " ")
        rest = rest:gsub("%s+", ""):gsub("|", ""):gsub("%-", ""):gsub("،", ""):gsub("[,/:]", "")
        if found and rest == "" then
          drop[k] = "banner"
          banner = banner or l.raw
        elseif not found and section_path(l.p) then
          drop[k] = "breadcrumb"
        end
      elseif article_over and running_text(l.p) and not opts.keep_appended then
        -- running text after the source line: another article
        rest_from = { k, "appended" }
        break
      end
    end
    k = k + 1
  end

  -- drop_head: everything before the body's first line of running text
  -- except its headline (the last non-blank line before it)
  if opts.drop_head then
    local headline
    for j = body_start - 1, 1, -1 do
      if lines[j].p ~= "" and not drop[j] then
        headline = j
        break
      end
    end
    for j = 1, body_start - 1 do
      if not drop[j] and j ~= headline and lines[j].p ~= "" then drop[j] = "head" end
    end
  end

  -- the kept text and the removed ranges, in source offsets
  local kept, removed, parts = {}, {}, {}
  local last_line = rest_from and rest_from[1] - 1 or #lines
  local function add_removed(first, last, rule)
    removed[#removed + 1] = { first = first, last = last, rule = rule }
  end
  for j = 1, last_line do
    local l = lines[j]
    if drop[j] then
      if l.last >= l.first then add_removed(l.first, l.last, drop[j]) end
    else
      local pk = kept[#kept]
      if pk and pk.last + 1 == l.first then pk.last = l.eol
      else kept[#kept + 1] = { first = l.first, last = l.eol } end
    end
  end
  if rest_from then
    local first = lines[rest_from[1]].first
    if first <= #s then add_removed(first, #s, rest_from[2]) end
  end
  for _, r in ipairs(removed) do r.text = s:sub(r.first, r.last) end
  for _, kr in ipairs(kept) do parts[#parts + 1] = s:sub(kr.first, kr.last) end
  return { text = table.concat(parts), kept = kept, removed = removed, banner = banner }
end

return M
