-- Helper of stream_spec.lua (run in a fresh process, so no other test's
-- heap is counted): writes a large input, runs a pipeline over it with
-- arabic.lines + arabic.stream, and prints the input's size, the documents
-- and sentences seen, the Lua heap at the start and at its highest, and the
-- resident set before and at its highest (kB; 0 without /proc).
local arabic = require "arabic"

local function status_kb(key)
  local f = io.open("/proc/self/status")
  if not f then return 0 end
  local s = f:read("*a")
  f:close()
  return tonumber(s:match(key .. ":%s*(%d+)")) or 0
end

local path, lines = arg[1], tonumber(arg[2])
local f = assert(io.open(path, "wb"))
local para = ("وصل بريت ماكغورك إلى مسقط أمس لإجراء محادثات مع الوفد الإيراني حول الملاحة في البحر الأحمر. "):rep(4)
for i = 1, lines do f:write(para, i, "\n") end
f:close()
local size = assert(io.open(path, "rb")):seek("end")

local p = arabic.pipeline { sentences = true }
p:run(para) -- loads what the pipeline needs before the baseline
collectgarbage()
collectgarbage()
local heap0, heap_peak = collectgarbage("count"), 0
local rss0 = status_kb("VmRSS")
local docs, sentences = 0, 0
for doc in arabic.stream(arabic.lines(path), p) do
  docs = docs + 1
  sentences = sentences + #doc.sentences
  if docs % 200 == 0 then heap_peak = math.max(heap_peak, collectgarbage("count")) end
end
os.remove(path)
print(("size %d docs %d sentences %d heap %.0f %.0f rss %d %d"):format(size, docs, sentences, heap0, heap_peak,
  rss0, status_kb("VmHWM")))
