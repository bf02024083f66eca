-- `arabic transliterate`: streaming, both directions, the token table,
-- errors and exit codes like the other commands.
local shell = require "shell"

describe("arabic transliterate", function()
  it("romanizes line by line", function()
    local code, out = shell.arabic({ "transliterate", "--scheme", "ala-lc" }, "كَتَبَ مُحَمَّدٌ\nوَبِٱلْقَلَمِ\n\nذهب")
    assert.are.equal(0, code)
    assert.are.equal("kataba muḥammad\nwa-bi-al-qalam\n\ndhhb", out)
    local _, din = shell.arabic({ "transliterate", "-s", "din" }, "ٱلشَّمْس\n")
    assert.are.equal("aš-šams\n", din)
  end)

  it("goes to Buckwalter and back byte for byte", function()
    local text = "كَتَبَ CNN $100 \\ ٣ كتب؟\n\nلا\0 Ελλάδα 🙂\r\nآخر"
    for _, scheme in ipairs { "buckwalter", "safe-buckwalter", "xml-buckwalter", "hsb" } do
      local code, there, err = shell.arabic({ "transliterate", "--scheme=" .. scheme }, text)
      assert.are.equal(0, code, err)
      assert.is_nil(there:find("ك", 1, true), scheme .. ": the letters are transliterated")
      local code2, back, err2 = shell.arabic({ "transliterate", "--scheme=" .. scheme, "--reverse" }, there)
      assert.are.equal(0, code2, err2)
      assert.are.equal(text, back, scheme)
      assert.are.equal("", err2)
    end
  end)

  it("writes each token with its transliteration and its offsets in the input", function()
    local code, out = shell.arabic({ "transliterate", "-s", "ala-lc", "--format=tsv" }, "قال:\nوَبِٱلْقَلَمِ كتب\n")
    assert.are.equal(0, code)
    assert.are.equal("1\t6\tقال\tqāl\n7\t7\t:\t:\n9\t34\tوَبِٱلْقَلَمِ\twa-bi-al-qalam\n36\t41\tكتب\tktb\n", out)
  end)

  it("lists its schemes", function()
    local code, out = shell.arabic({ "transliterate", "--list-schemes" }, "")
    assert.are.equal(0, code)
    assert.matches("^buckwalter\treversible\t", out)
    assert.matches("\nijmes\tdisplay\t", out)
  end)

  it("stops at invalid UTF-8 after the lines before it, or replaces it", function()
    local code, out, err = shell.arabic({ "transliterate", "-s", "buckwalter" }, "ب\nت\255ث\n")
    assert.are.equal(1, code)
    assert.are.equal("b\n", out)
    assert.are.equal("arabic transliterate: <stdin>:2: invalid UTF-8 at byte 6 (byte 3 of the line)\n", err)
    code, out = shell.arabic({ "transliterate", "-s", "buckwalter", "--no-strict" }, "ب\nت\255ث\n")
    assert.are.equal(0, code)
    assert.are.equal("b\nt\239\191\189v\n", out)
  end)

  it("gives what the library gives line by line, on input of many blocks", function()
    local arabic = require "arabic"
    local lines = {}
    local words = { "أَبُو", "ٱلْحَسَن", "مَدِينَة", "ٱلرِّيَاض", "كتب", "CNN", "\\", "$", "ذُو", "ٱلْقَعْدَة", "،" }
    for i = 1, 4000 do
      local w = {}
      for k = 1, 1 + i % 9 do w[k] = words[(i * k) % #words + 1] end
      lines[i] = table.concat(w, " ")
    end
    lines[#lines + 1] = ("ب"):rep(700000) -- a line longer than a block (1 MiB)
    for i = 1, 4000 * 6 do lines[#lines + 1] = lines[(i - 1) % 4000 + 1] end -- over 2 MB: several blocks
    local text = table.concat(lines, "\n") .. "\n" .. "آخر"
    for _, scheme in ipairs { "din", "buckwalter" } do
      local code, out, err = shell.arabic({ "transliterate", "-s", scheme }, text)
      assert.are.equal(0, code, err)
      local t, want = arabic.transliterator(scheme), {}
      for i, line in ipairs(lines) do want[i] = t(line) end
      assert.are.equal(table.concat(want, "\n") .. "\n" .. t("آخر"), out, scheme)
    end
    -- an invalid byte far down: the lines before it, then the error
    local bad = table.concat(lines, "\n", 1, 2999) .. "\nب\255\n" .. table.concat(lines, "\n", 3000, 3010)
    local code, out, err = shell.arabic({ "transliterate", "-s", "din" }, bad)
    assert.are.equal(1, code)
    local t, want = arabic.transliterator("din"), {}
    for i = 1, 2999 do want[i] = t(lines[i]) end
    assert.are.equal(table.concat(want, "\n") .. "\n", out)
    local at = #table.concat(lines, "\n", 1, 2999) + 1 + 3
    assert.are.equal(("arabic transliterate: <stdin>:3000: invalid UTF-8 at byte %d (byte 3 of the line)\n"):format(at),
      err)
  end)

  it("warns once about a backslash that escapes nothing", function()
    local code, out, err = shell.arabic({ "transliterate", "-s", "buckwalter", "--reverse" }, "k\\1\nq\\2\n")
    assert.are.equal(0, code)
    assert.are.equal("ك\\1\nق\\2\n", out)
    assert.are.equal("arabic transliterate: <stdin>:1: warning: a backslash that escapes nothing at byte 2 "
      .. "(kept as it is)\n", err)
  end)

  it("reports usage errors with exit status 2", function()
    local code, _, err = shell.arabic({ "transliterate" }, "x")
    assert.are.equal(2, code)
    assert.matches("--scheme NAME is missing (one of buckwalter,", err, 1, true)
    code, _, err = shell.arabic({ "transliterate", "--scheme=dni" }, "x")
    assert.are.equal(2, code)
    assert.matches('--scheme must be "buckwalter", "safe-buckwalter", "xml-buckwalter", "hsb", "ala-lc", "din" or '
      .. '"ijmes", got "dni"', err, 1, true)
    code, _, err = shell.arabic({ "transliterate", "-s", "ijmes", "--reverse" }, "x")
    assert.are.equal(2, code)
    assert.matches("no reverse direction for the display scheme 'ijmes'", err, 1, true)
    code, _, err = shell.arabic({ "transliterate", "-s", "din", "/nonexistent/x.txt" }, "")
    assert.are.equal(1, code)
    assert.matches("cannot open", err, 1, true)
    local _, help = shell.arabic({ "help", "transliterate" }, "")
    assert.matches("usage: arabic transliterate --scheme NAME", help, 1, true)
  end)
end)
