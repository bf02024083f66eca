-- Packaging: busted picks the build of the Lua that runs it, the pandoc
-- filter is installed once, make dist's version is the library's. (The
-- offline installs themselves are spec/rock-check.sh and
-- spec/dist-check.sh, run by make test.)
local arabic = require "arabic"
local shell = require "shell"

local function load_table(path)
  local env = { _VERSION = _VERSION, jit = rawget(_G, "jit"), rawget = rawget, _G = _G }
  local chunk
  if setfenv then
    chunk = assert(loadfile(path))
    setfenv(chunk, env)
  else
    chunk = assert(loadfile(path, "t", env))
  end
  return chunk() or env
end

describe("packaging", function()
  it("plain busted uses the build for the Lua that runs it", function()
    local tasks = load_table(".busted")
    local want = rawget(_G, "jit") and "luajit" or _VERSION:match("%d+%.%d+")
    assert.are.equal("build/" .. want .. "/?.so", tasks.default.cpath)
    for _, v in ipairs { "5.4", "5.3", "5.1", "luajit" } do
      assert.are.equal("build/" .. v .. "/?.so", tasks[v].cpath)
    end
  end)

  it("installs the pandoc filter once, as arabic/filter.lua", function()
    local spec = load_table("rockspec/arabic-scm-1.rockspec")
    assert.are.equal("lua/arabic/filter.lua", spec.build.modules["arabic.filter"])
    for _, file in pairs(spec.build.install.lua or {}) do
      assert.is_nil(file:match("filter"), file .. " installed besides the module")
    end
    -- luarocks copies all of lua/: nothing else there may be a filter
    local p = io.popen("find lua -name '*.lua' -path '*filter*'")
    local found = p:read("*a")
    p:close()
    assert.are.equal("lua/arabic/filter.lua\n", found)
    local code, out = shell.arabic { "pandoc-filter" }
    assert.are.equal(0, code)
    assert.matches("lua/arabic/filter%.lua\n$", out)
  end)

  it("make dist names the rock with the library's version", function()
    local code, out = shell.run { "make", "-s", "-n", "dist" }
    assert.are.equal(0, code)
    assert.matches('rockspec/dist.sh "' .. arabic._VERSION:gsub("%.", "%%.") .. '" "1" ', out)
  end)

  it("the README says luarocks test needs the network and make test does not", function()
    local readme = assert(io.open("README.md", "rb")):read("*a")
    assert.is_truthy(readme:find("`luarocks test` does not work offline", 1, true))
    assert.is_truthy(readme:find("make dist", 1, true))
  end)
end)
