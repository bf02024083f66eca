--[[ busted inside pandoc: the specs in spec/pandoc/*_pspec.lua run with
pandoc's own Lua interpreter and its `pandoc` module.

    pandoc -f markdown -t plain --lua-filter spec/pandoc/busted.lua -o /dev/null </dev/null

Prints TAP on standard output; pandoc exits with busted's status. ]]
local top = PANDOC_SCRIPT_FILE:match("^(.*)/spec/pandoc/[^/]*$") or "."
local v = _VERSION:match("%d+%.%d+")
package.path = top .. "/lua/?.lua;" .. top .. "/lua/?/init.lua;" .. top .. "/spec/?.lua;" .. package.path
package.cpath = top .. "/build/" .. v .. "/?.so;" .. package.cpath
arg = { "--run=pandoc", "-o", "TAP", "--directory=" .. top } -- luacheck: ignore (busted reads the global)
require "busted.runner" ({ standalone = false })
