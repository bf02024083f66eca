-- Helper of contract_spec.lua, run under `ulimit -v`: an allocation in the
-- C core fails (a 120 MB text whose normalization needs 1.7 GB) and Lua
-- sees an error, then the module keeps working.
local arabic = require "arabic"
local s = ("\239\183\189"):rep(40 * 1024 * 1024) -- U+FDFD, 14x growth in camel
local ok, err = pcall(arabic.normalize, s, "camel")
print("normalize", ok, err)
ok, err = pcall(arabic.normalize_map, s, "camel")
print("normalize_map", ok, err)
s = nil -- luacheck: ignore 311 (frees the text)
collectgarbage()
print("after", arabic.normalize("الولایات"))
