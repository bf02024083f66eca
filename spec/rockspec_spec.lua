-- The rockspec lists every C source the Makefile builds, every Lua module
-- and every data file the library reads: a file added to one and not the
-- other would build here and break for rock users.
local function load_rockspec()
  local env = {}
  local chunk
  if setfenv then
    chunk = assert(loadfile("rockspec/arabic-scm-1.rockspec"))
    setfenv(chunk, env)
  else
    chunk = assert(loadfile("rockspec/arabic-scm-1.rockspec", "t", env))
  end
  chunk()
  return env
end

local function ls(pattern)
  local out = {}
  local p = io.popen("ls " .. pattern .. " 2>/dev/null")
  for line in p:lines() do out[#out + 1] = line end
  p:close()
  return out
end

describe("rockspec", function()
  local spec = load_rockspec()
  local modules = spec.build.modules
  local installed = {}
  for _, file in pairs(spec.build.install.lua or {}) do installed[file] = true end

  it("builds every C source of the core", function()
    local listed = {}
    for _, src in ipairs(modules["arabic.core"].sources) do listed[src] = true end
    local mk = assert(io.open("Makefile")):read("*a")
    local core = mk:match("\nCORE%s*:=%s*([^\n]+)")
    for name in core:gmatch("%S+") do
      assert(listed["csrc/" .. name .. ".c"], "csrc/" .. name .. ".c is not in the rockspec")
    end
    assert(listed["csrc/lua_arabic.c"])
  end)

  it("installs every Lua module", function()
    for _, path in ipairs(ls("lua/arabic/*.lua lua/arabic/*/*.lua")) do
      local name = path:match("^lua/(.*)%.lua$"):gsub("/", ".")
      if name == "arabic.init" then name = "arabic" end
      assert.are.equal(path, modules[name], name .. " is not in the rockspec")
    end
  end)

  it("installs the data files the modules read", function()
    for _, f in ipairs { "abbreviations/ar.txt", "abbreviations/latin.txt", "dates/months.tsv",
      "dates/weekdays.tsv", "dates/relative.tsv", "dates/ummalqura.tsv", "boilerplate/phrases.tsv",
      "stopwords/ar.txt" } do
      assert(installed["data/" .. f], f .. " is not installed by the rockspec")
    end
  end)

  it("installs the default gazetteer's files", function()
    assert(installed["data/gazetteers/default.txt"])
    for line in io.lines("data/gazetteers/default.txt") do
      if line ~= "" and not line:match("^#") then
        assert(installed["data/gazetteers/" .. line], line .. " is not installed by the rockspec")
      end
    end
  end)
end)
