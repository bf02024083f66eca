--- Romanized entities in the pandoc filter: the `transliterate` option of
-- the `arabic:` block.
--
--   arabic:
--     transliterate: ala-lc          # or:
--     transliterate: { scheme: ala-lc, entities: true, index: true, show: first }
--
-- Each entity Span gets data-translit (and data-translit-approximate when
-- the name was written without vowels); a gazetteer entry's attribute
-- named like the scheme, or "en" for the display schemes, wins over the
-- computed romanization (attributes: [...] / false changes that). `show`
-- writes the romanization in parentheses after the entity where readers
-- see it: "first" (after the first mention of each entity; the default for
-- LaTeX, docx and every format but HTML), "all", or "none" (the default for
-- HTML, where data-translit is there for CSS and scripts). The index gives
-- each entity's romanized canonical name after it (index: false: not).
--
-- Hooks: options.lua reads the option with M.read, inlines.lua's entity
-- spans call M.entity, index.lua calls M.index_inlines.
local args = require "arabic.args"
local translit = require "arabic.translit"
local ast = require "arabic.pandoc.ast"

local M = {}

local Str, Span, attr = ast.Str, ast.Span, ast.attr

-- Spelling aside (the gazetteer's normalization): is a mention its canonical name?
local search = require("arabic.core").normalizer("search")

M.OPTIONS = args.extend(translit.STEP_OPTIONS, {
  show = args.one_of { "first", "all", "none" },
})
M.OPTIONS.text = nil -- the filter never rewrites the text

--- The option's type in the `arabic:` block: a scheme name or a table.
M.OPTION = args.custom("a scheme name or a table of transliteration options", function(v, key)
  if v == nil or v == false then return true, nil end
  if type(v) == "string" then v = { scheme = v } end
  if type(v) ~= "table" then return false end
  v = args.from_text(v, M.OPTIONS)
  local o, err = args.validate(v, M.OPTIONS, key)
  if not o then return false, err, true end
  if not o.scheme then
    local names = {}
    for i, s in ipairs(translit.schemes()) do names[i] = s.name end
    return false, ("option 'scheme' is missing in '%s' (one of %s)"):format(key, table.concat(names, ", ")), true
  end
  return true, o
end)

--- The checked option (or nil) as the transform uses it.
function M.read(o)
  if not o then return nil end
  return {
    scheme = o.scheme,
    t = translit.new { scheme = o.scheme },
    prefer = translit.preferred(o),
    entities = o.entities ~= false,
    index = o.index ~= false,
    show = o.show,
  }
end

-- Text as inlines: words and spaces.
local function text_inlines(s)
  local out = {}
  for word in s:gmatch("%S+") do
    if #out > 0 then out[#out + 1] = { t = "Space" } end
    out[#out + 1] = Str(word)
  end
  return out
end

-- "(romanization)" in a Span marked left-to-right (LaTeX: the language
-- alone, which babel writes as \foreignlanguage; \LR is not defined there).
local function shown(st, text)
  local kv = { { "lang", "en" } }
  if st.format ~= "latex" and st.format ~= "beamer" then kv[#kv + 1] = { "dir", "ltr" } end
  if st.docx then kv[#kv + 1] = { "custom-style", "Transliteration" } end
  return Span(attr("", { "translit" }, kv), text_inlines("(" .. text .. ")"))
end

--- For an entity match m (e: its index record, new when e.count is 0):
-- adds data-translit to kv, keeps the canonical name's romanization on e
-- for the index, and returns the inlines to write after the entity (or
-- nil).
function M.entity(st, m, e, kv)
  local o = st.opts.transliterate
  if not o then return nil end
  local first = e.translit == nil
  if first then e.translit, e.translit_approximate = translit.entity(o.t, m, o.prefer, m.canonical) end
  local r, approx = translit.entity(o.t, m, o.prefer)
  if e.translit_approximate and not approx and search(m.text) == search(m.canonical) then
    -- the canonical name is written without vowels, this mention with
    -- them: the index takes the mention's romanization
    e.translit, e.translit_approximate = r, false
  end
  if not o.entities then return nil end
  kv[#kv + 1] = { "data-translit", r }
  if approx then kv[#kv + 1] = { "data-translit-approximate", "true" } end
  local show = o.show or (st.html and "none" or "first")
  if show == "all" or (show == "first" and first) then return { { t = "Space" }, shown(st, r) } end
  return nil
end

--- The inlines the index puts after an entity's canonical name: its
-- romanization in parentheses (none when off).
function M.index_inlines(st, e)
  local o = st.opts.transliterate
  if not o or not o.index or not e.translit then return {} end
  return { { t = "Space" }, shown(st, e.translit) }
end

return M
