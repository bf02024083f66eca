-- Helper of contract_spec.lua (run in a fresh process): N small calls of
-- every kind, then prints the growth of the resident set size. A leak of
-- even a few bytes a call shows as megabytes here. Exit 3: no /proc.
local arabic = require "arabic"

local function rss_kb()
  local f = io.open("/proc/self/status")
  if not f then return nil end
  local s = f:read("*a")
  f:close()
  return tonumber(s:match("VmRSS:%s*(%d+)"))
end

local n = tonumber(arg[1]) or 1000000
local norm = arabic.normalizer("search")
local g = arabic.gazetteer.default()
local re = arabic.regex("\\p{Arabic}+")

local function round(count)
  for i = 1, count do
    norm("الولایات " .. (i % 10))
    if i % 10 == 0 then
      g:find("في مسقط")
      arabic.split_sentences("جملة. وأخرى.")
      for _ in arabic.tokens("في 10 يناير") do end
      local _, map = norm:map("إيران")
      map:source(1, 2)
      re:find("وصل الوفد")
    end
  end
  collectgarbage()
  collectgarbage()
end

-- warm up with as many calls: caches, interned strings, and the heap the
-- collector lets grow between cycles (malloc keeps it), so that only a
-- real leak (growing with the calls) shows in the measured rounds. A leak
-- grows the RSS in every round; the allocator's own noise (a heap that
-- malloc keeps, seen as a few MB once on a loaded machine) does not repeat,
-- so up to three rounds are measured and the smallest growth is printed
-- (stopping at the first round under BOUND KB).
local BOUND = tonumber(arg[2]) or 2048
round(n)
local least
for _ = 1, 3 do
  local before = rss_kb()
  if not before then os.exit(3) end
  round(n)
  local growth = rss_kb() - before
  if not least or growth < least then least = growth end
  if least < BOUND then break end
end
print(("calls %d growth %d KB"):format(n, least))
