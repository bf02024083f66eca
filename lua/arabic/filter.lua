--[[
arabic.lua — the pandoc Lua filter of the `arabic` library.

    pandoc --lua-filter lua/arabic/filter.lua article.md -o article.html

Configured by an `arabic:` block in the document's metadata (removed from
the output): entities, dates, sentences, normalize, boilerplate, direction,
index. Without one it marks entities with the default gazetteer and sets
lang/dir. The transform itself lives in lua/arabic/pandoc.lua (and its
parts in lua/arabic/pandoc/).

Which path runs where:
  - pandoc that can load C modules built for its Lua (Debian's pandoc 2.17
    with Lua 5.3, pandoc 3.x with a system Lua 5.4): the arabic module is
    loaded into pandoc and the document converted in process;
  - pandoc that cannot (the static release binaries for Linux, macOS and
    Windows): the document goes as JSON through the `pandoc-arabic`
    command (pandoc.pipe), which runs the same transform in a Lua of its
    own. Set ARABIC_FILTER=json to force this path.
]]
PANDOC_VERSION:must_be_at_least '2.17'

local function dirname(p) return p and p:match("^(.*)[/\\][^/\\]*$") or "." end

local function exists(p)
  local f = io.open(p, "rb")
  if f then f:close() end
  return f ~= nil
end

-- From a checkout (lua/arabic/filter.lua), use its lua/ and build/<lua>/.
-- Installed by the rock (<share>/lua/5.x/arabic/filter.lua), use the tree
-- it was installed into: its Lua modules always, its C module only when
-- that tree is for pandoc's own Lua version.
local here = dirname(PANDOC_SCRIPT_FILE)
local root = here .. "/../.."
local lua_dir = _VERSION:match("%d+%.%d+")
if exists(root .. "/lua/arabic/init.lua") then
  package.path = root .. "/lua/?.lua;" .. root .. "/lua/?/init.lua;" .. package.path
  package.cpath = root .. "/build/" .. lua_dir .. "/?.so;" .. package.cpath
elseif exists(here .. "/init.lua") then
  local tree = dirname(here)
  package.path = tree .. "/?.lua;" .. tree .. "/?/init.lua;" .. package.path
  if tree:match("[/\\]lua[/\\]" .. lua_dir:gsub("%.", "%%.") .. "$") then
    local libdir = tree:gsub("([/\\])share([/\\]lua[/\\])", "%1lib%2")
    package.cpath = libdir .. "/?.so;" .. package.cpath
  end
end

local forced = os.getenv("ARABIC_FILTER") == "json"
local ok, transform = false, nil
if not forced then ok, transform = pcall(require, "arabic.pandoc") end

-- The JSON filter command for the fallback path.
local function json_filter()
  local env = os.getenv("ARABIC_PANDOC_FILTER")
  if env and env ~= "" then return env end
  if exists(root .. "/bin/pandoc-arabic") then return root .. "/bin/pandoc-arabic" end
  return "pandoc-arabic"
end

function Pandoc(doc)
  local json = pandoc.write(doc, "json")
  local out
  if ok then
    local err
    out, err = transform.filter_json(json, FORMAT)
    if not out then error("arabic filter: " .. tostring(err), 0) end
  else
    if not forced then
      io.stderr:write("arabic filter: the C module does not load in this pandoc (", tostring(transform):gsub("\n.*", ""),
        "); using the pandoc-arabic command\n")
    end
    local cmd = json_filter()
    local good, res = pcall(pandoc.pipe, cmd, { FORMAT }, json)
    if not good then
      error("arabic filter: cannot run " .. cmd .. " (" .. tostring(res) ..
        "); install the rock (luarocks install arabic) or set ARABIC_PANDOC_FILTER", 0)
    end
    out = res
  end
  return pandoc.read(out, "json")
end
