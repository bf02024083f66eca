-- Chrome removal on per-document calls: the three seed pages and the
-- NewsFANE lines, each one document, one arabic.boilerplate
-- call each; the seed pages alone; a one-line document. Best of 5 runs.
-- Same-run baseline: the "search" normalizer on the same documents (the
-- floor of any step that reads every byte from Lua).
-- Usage: lua bench/chrome_speed.lua [CORPUS_DIR]   (default ../shared/corpus)
local arabic = require "arabic"
local dir = arg[1] or "../shared/corpus"

local function read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("*a")
  f:close()
  return s
end

local seeds, docs = {}, {}
for _, name in ipairs { "000_06a7775f48ea754c", "002_b32b7a91936fa7a8", "004_168f140117ab1efe" } do
  local s = read(dir .. "/news/" .. name .. ".txt")
  if s then seeds[#seeds + 1] = s end
end
if #seeds == 0 then
  io.stderr:write("chrome_speed: ", dir, "/news not found; using examples/articles instead\n")
  for i = 1, 4 do
    local s = read(("examples/articles/0%d_%s.txt"):format(i, ({ "oman_talks", "red_sea_shipping",
      "gaza_ceasefire", "economy_summit" })[i]))
    if s then seeds[#seeds + 1] = s end
  end
end
for _, s in ipairs(seeds) do docs[#docs + 1] = s end
local lines = read(dir .. "/ner/newsfane.txt")
if lines then
  for l in lines:gmatch("[^\n]+") do docs[#docs + 1] = l end
end

local function size(list)
  local b = 0
  for _, d in ipairs(list) do b = b + #d end
  return b
end

local search = arabic.normalizer("search")
local function best(list, inner, fn)
  local t = math.huge
  for _ = 1, 5 do
    local t0 = os.clock()
    for _ = 1, inner do
      for _, d in ipairs(list) do fn(d) end
    end
    t = math.min(t, (os.clock() - t0) / inner)
  end
  return t
end

arabic.boilerplate("x")
local function row(name, list, inner)
  local t = best(list, inner, arabic.boilerplate)
  local tn = best(list, inner, search)
  print(("%-32s %5d docs %7.2f MB/s %8.1f us/doc   search normalizer %7.1f MB/s (%.0fx the chrome step)")
    :format(name, #list, size(list) / t / 1e6, t / #list * 1e6, size(list) / tn / 1e6, t / tn))
end
row("per document (seeds + NewsFANE)", docs, 1)
row("seed pages", seeds, 20)
row("one-line document", { "أجرت الولايات المتحدة محادثات سرية مع إيران." }, 20000)
