-- Date extraction and chrome removal throughput (line by line over the
-- corpus, reference date given). Usage: lua bench_dates.lua CORPUS [MB]
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

run("dates (reference 2024-03-16)", function()
  local n = 0
  for line in text:gmatch("[^\n]+") do n = n + #dates.find(line, { reference = "2024-03-16" }) end
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
