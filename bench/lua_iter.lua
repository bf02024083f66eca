-- Lazy iteration over a whole text from Lua: for m in g:matches(text) and
-- for d in arabic.dates(text), with the text's matches never built as one
-- list. Prints MB/s and the resident set before and at its peak during the
-- loop (/proc/self/status; the peak is reset first where the kernel allows).
-- Each loop runs in a process of its own (this script again, with --row=N):
-- after another loop in the same process, the memory that loop had freed
-- but the process still held hid part of the next one's growth (dates:
-- "+100 MB" there, +160 MB on its own before the dates went by windows).
-- Not a test. Usage: lua5.4 bench/lua_iter.lua CORPUS GAZETTEER.gaz [C_MBPS]
local path, gaz, c_mbps = arg[1], arg[2], tonumber(arg[3])
local common = dofile((arg[0]:match("^(.*)/[^/]*$") or ".") .. "/common.lua")
local only = common.row()
if not only then
  local rows = gaz and 3 or 1
  for k = 1, rows do
    local p = assert(io.popen(common.row_command(k, path, gaz or "-", c_mbps or 0)))
    io.write(p:read("a"))
    assert(p:close(), "row " .. k .. " failed")
  end
  return
end
if gaz == "-" then gaz = nil end
if c_mbps == 0 then c_mbps = nil end
local arabic = require "arabic"

local f = assert(io.open(path, "rb"))
local text = f:read("*a")
f:close()

local function status(key)
  for line in io.lines("/proc/self/status") do
    local v = line:match("^" .. key .. ":%s+(%d+)")
    if v then return tonumber(v) / 1024 end
  end
end

local function reset_peak()
  local h = io.open("/proc/self/clear_refs", "w")
  if h then
    h:write("5")
    h:close()
  end
end

local function run(name, loop)
  collectgarbage()
  collectgarbage()
  reset_peak()
  local before, anon0, file0 = status("VmRSS"), status("RssAnon"), status("RssFile")
  local t0 = os.clock()
  local n = loop()
  local t = os.clock() - t0
  local peak = status("VmHWM")
  -- the peak counts the pages of the memory-mapped gazetteer the loop
  -- touched (file-backed, shared with the page cache, varying with it):
  -- the growth of the process's own (anonymous) memory is given apart
  local anon, file = status("RssAnon"), status("RssFile")
  local rate = #text / t / 1e6
  local vs = c_mbps and ("  (%.2f of the C matcher's %.0f MB/s)"):format(rate / c_mbps, c_mbps) or ""
  local split = anon and file and anon0 and file0
    and ("; at the end anonymous %+.0f MB, file-backed %+.0f MB"):format(anon - anon0, file - file0) or ""
  print(("%-44s %6.1f MB/s  %8d found  RSS %4.0f MB before, peak +%.0f MB%s%s"):format(name, rate, n, before,
    peak - before, split, name:find("matches") and vs or ""))
end

if only == 1 then print(("text: %.1f MB; each loop in a process of its own"):format(#text / 1e6)) end
arabic.dates("أمس") -- the dates' tables, loaded before the loop (as the gazetteer is opened)
if only == 1 and gaz then
  local g = arabic.gazetteer.open(gaz)
  run("for m in g:matches(text), " .. gaz:match("[^/]*$"), function()
    local n = 0
    for _ in g:matches(text) do n = n + 1 end
    return n
  end)
elseif only == 2 then
  local g = arabic.gazetteer.open(gaz)
  run("... reading m.type of every match", function()
    local n = 0
    for m in g:matches(text) do
      if m.type then n = n + 1 end
    end
    return n
  end)
else
  run("for d in arabic.dates(text)", function()
    local n = 0
    for _ in arabic.dates(text, { reference = "2024-03-16" }) do n = n + 1 end
    return n
  end)
end
