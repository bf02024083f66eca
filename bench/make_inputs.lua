-- Inputs for the filter benchmarks (bench/filters.sh):
--   lua make_inputs.lua md OUT.md BYTES     an Arabic Markdown document
--       made from examples/pandoc/article.md and examples/articles/*.txt,
--       with an arabic: block turning on entities, dates and the index;
--   lua make_inputs.lua news OUT.md BYTES DIR   a news document: the
--       articles in DIR (../shared/corpus/news) one after another, a header
--       each, their lines as paragraphs, under a YAML header without an
--       arabic: block (the filter's defaults: entities and direction);
--   lua make_inputs.lua jsonl CORPUS OUT.jsonl   one JSON object per
--       article-sized chunk of the corpus ({"id":n,"text":...}).
local json = require "arabic.json"

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local mode = arg[1]
if mode == "md" then
  local out, bytes = arg[2], tonumber(arg[3])
  local body = slurp("examples/pandoc/article.md"):gsub("^%-%-%-.-\n%-%-%-\n", "")
  body = body:gsub("%[%^1%]", "") -- one footnote definition per document
  local pages = {}
  for _, name in ipairs { "01_oman_talks", "02_red_sea_shipping", "03_gaza_ceasefire", "04_economy_summit" } do
    pages[#pages + 1] = slurp("examples/articles/" .. name .. ".txt"):gsub("\n", "\n\n")
  end
  local f = assert(io.open(out, "wb"))
  f:write("---\ntitle: وثيقة كبيرة للقياس\narabic:\n  entities: true\n  dates: true\n  index: true\n---\n\n")
  local n, size = 0, 0
  while size < bytes do
    n = n + 1
    local part = ("# القسم %d\n\n%s\n%s\n"):format(n, body, pages[n % #pages + 1])
    f:write(part)
    size = size + #part
  end
  f:close()
elseif mode == "news" then
  local out, bytes, dir = arg[2], tonumber(arg[3]), arg[4]
  local articles = {}
  local p = io.popen('ls "' .. dir .. '"/*.txt 2>/dev/null')
  for path in p:lines() do
    local paras = {}
    for line in slurp(path):gmatch("[^\n]+") do
      line = line:gsub("^%s+", ""):gsub("%s+$", "")
      if line:find("%S") then paras[#paras + 1] = line end
    end
    articles[#articles + 1] = table.concat(paras, "\n\n")
  end
  p:close()
  if #articles == 0 then
    io.stderr:write("make_inputs.lua: no articles in ", dir, "\n")
    os.exit(1)
  end
  local f = assert(io.open(out, "wb"))
  f:write("---\ntitle: أخبار للقياس\ndate: 2024-01-16\n---\n\n")
  local n, size = 0, 0
  while size < bytes do
    n = n + 1
    local part = ("# الخبر %d\n\n%s\n\n"):format(n, articles[(n - 1) % #articles + 1])
    f:write(part)
    size = size + #part
  end
  f:close()
elseif mode == "jsonl" then
  local src, out = arg[2], arg[3]
  local f = assert(io.open(out, "wb"))
  local id, buf = 0, {}
  local size = 0
  local function flush()
    if #buf == 0 then return end
    id = id + 1
    f:write(json.object({ "id", "text" }, { id = id, text = table.concat(buf, "\n") }), "\n")
    buf, size = {}, 0
  end
  for line in io.lines(src) do
    buf[#buf + 1] = line
    size = size + #line
    if size > 4000 then flush() end
  end
  flush()
  f:close()
else
  io.stderr:write("usage: make_inputs.lua md OUT BYTES | jsonl CORPUS OUT\n")
  os.exit(2)
end
