-- Date extraction and chrome removal throughput (line by line over the
-- corpus, reference date given; dates also per article), with
-- string.lower as the same run's baseline. Usage: lua bench_dates.lua CORPUS [MB]
local arabic = require "arabic"
local dates = require "arabic.dates"
local numbers = require "arabic.numbers"

local f = assert(io.open(arg[1], "rb"))
local text = f:read(math.floor((tonumber(arg[2]) or 20) * 1024 * 1024))
f:close()

local function run(name, fn)
  local t0 = os.clock()
  local n = fn()
  local t = os.clock() - t0
  print(("%-34s %6.1f MB/s  (%d found in %.0f MB)"):format(name, #text / t / 1e6, n, #text / 1e6))
end

-- the lines and the articles (the corpus repeats three: split at their
-- first lines), split before the clock starts for the baselines and
-- the whole-article dates
local lines, pages = {}, {}
for line in text:gmatch("[^\n]+") do lines[#lines + 1] = line end
for page in (text .. "\n\n\n"):gmatch("(.-)\n\n\n") do pages[#pages + 1] = page end

-- the floor of a call per line or article that makes a new string
run("string.lower per line (baseline)", function()
  for _, line in ipairs(lines) do local _ = line:lower() end
  return 0
end)
run("dates (reference 2024-03-16)", function()
  local n = 0
  for line in text:gmatch("[^\n]+") do n = n + #dates.find(line, { reference = "2024-03-16" }) end
  return n
end)
-- whole documents, as arabic annotate calls it
run("string.lower per article (baseline)", function()
  for _, page in ipairs(pages) do local _ = page:lower() end
  return 0
end)
run("dates per article, no reference", function()
  local n = 0
  for _, page in ipairs(pages) do n = n + #dates.find(page, {}) end
  return n
end)
run("numbers", function()
  local n = 0
  for line in text:gmatch("[^\n]+") do n = n + #numbers.find(line) end
  return n
end)
run("chrome removal (per article page)", function()
  local n = 0
  -- the corpus repeats the three articles: split at their first lines
  for page in (text .. "\n\n\n"):gmatch("(.-)\n\n\n") do n = n + #arabic.boilerplate(page).removed end
  return n
end)
