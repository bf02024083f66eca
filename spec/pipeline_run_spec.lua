-- A pipeline compiled once, run on many documents with each document's own
-- settings (p:run(text, opts)); doc.reference, doc.id, and doc.normalized
-- with its map back to the text given. `arabic annotate --reference-field`
-- and `--id-field` pass a record's own date and id.
local arabic = require "arabic"
local json = require "arabic.json"
local shell = require "shell"

-- A page of our own: two chrome lines, the article, a related-content block.
local PAGE = table.concat({
  "عاجل",
  "الإثنين 5 فبراير 2024",
  "وصل الوفد العُماني إلى طهران أمس لإجراء محادثات مع الحكومة الإيرانية.",
  "وقال مسؤول إن الجولة المقبلة ستعقد في مسقط الأسبوع المقبل.",
  "اقرأ أيضاً",
  "مقال آخر عن الاقتصاد",
}, "\n")

describe("p:run(text, opts)", function()
  local p = arabic.pipeline { dates = true }

  it("resolves relative dates against the document's own reference", function()
    local a = p:run("وصل الوفد أمس", { reference = "2024-01-10" })
    local b = p:run("وصل الوفد أمس", { reference = "2023-06-01" })
    assert.are.equal("2024-01-09", a.dates[1].value)
    assert.are.equal("2023-05-31", b.dates[1].value)
    assert.are.equal("2024-01-10", a.reference)
    assert.are.equal("2023-06-01", b.reference)
    -- and the next document without one is not resolved against the last
    local c = p:run("وصل الوفد أمس")
    assert.is_nil(c.dates[1].value)
    assert.is_nil(c.reference)
  end)

  it("puts the document's reference before the pipeline's and the banner's", function()
    local q = arabic.pipeline { boilerplate = true, dates = { reference = "2020-01-01" } }
    assert.are.equal("2020-01-01", q:run("وصل الوفد أمس").reference)
    assert.are.equal("2024-01-10", q:run("وصل الوفد أمس", { reference = "2024-01-10" }).reference)
    local r = arabic.pipeline { boilerplate = true, dates = true }
    assert.are.equal("2024-02-05", r:run(PAGE).reference) -- the banner
    local doc = r:run(PAGE, { reference = "2023-07-20" })
    assert.are.equal("2023-07-20", doc.reference)
    for _, d in ipairs(doc.dates) do
      if d.text == "أمس" then assert.are.equal("2023-07-19", d.value) end
    end
  end)

  it("sets doc.reference whenever dates were resolved against one", function()
    assert.are.equal("2024-03-12", arabic.pipeline({ dates = { reference = "2024-03-12" } }):run("نص").reference)
    assert.is_nil(arabic.pipeline({ dates = true }):run("نص").reference)
  end)

  it("passes the pipeline's other date options on", function()
    local q = arabic.pipeline { dates = { calendars = { "hijri" } } }
    local doc = q:run("في 15 رجب 1445 هـ الموافق 27 يناير 2024", { reference = "2024-02-01" })
    for _, d in ipairs(doc.dates) do assert.are.equal("hijri", d.calendar) end
  end)

  it("copies the document's id", function()
    assert.are.equal(7, p:run("نص", { id = 7 }).id)
    assert.are.equal("doc-7", p:run("نص", { id = "doc-7" }).id)
    assert.is_nil(p:run("نص").id)
  end)

  it("checks the document's options and names the key", function()
    local ok, err = pcall(p.run, p, "نص", { referance = "2024-01-01" })
    assert.is_false(ok)
    assert.matches("bad argument #2 to 'run' %(unknown option 'referance'; valid: id, reference%)", err)
    ok, err = pcall(p.run, p, "نص", { reference = "2024-02-30" })
    assert.is_false(ok)
    assert.matches("option 'reference' must be a date YYYY%-MM%-DD", err)
    ok, err = pcall(p.run, p, "نص", { id = {} })
    assert.is_false(ok)
    assert.matches("option 'id' must be a string or a number", err)
    ok, err = pcall(p.run, p, "نص", "2024-01-01")
    assert.is_false(ok)
    assert.matches("bad argument #2 to 'run' %(options table expected, got string%)", err)
  end)
end)

describe("arabic.stream with each record's settings", function()
  it("gives each record its date and id", function()
    local path = os.tmpname()
    local f = assert(io.open(path, "wb"))
    f:write(json.encode { id = 3, date = "2024-03-12T09:00:00Z", text = "وصل الوفد أمس" }, "\n",
      json.encode { id = "b", text = "وصل الوفد أمس" }, "\n")
    f:close()
    local got = {}
    for doc, rec in arabic.stream(arabic.lines(path, { field = "text" }), { dates = true },
      { reference_field = "date", id_field = "id", reference = "2020-05-05" }) do
      got[#got + 1] = { doc.id, doc.reference, doc.dates[1].value, rec.id }
    end
    os.remove(path)
    assert.are.same({ { 3, "2024-03-12", "2024-03-11", 3 }, { "b", "2020-05-05", "2020-05-04", "b" } }, got)
  end)

  it("checks its options and the records' dates", function()
    local function lines() return arabic.lines("examples/corpus.jsonl", { field = "text" }) end
    local ok, err = pcall(arabic.stream, lines(), { dates = true }, { reference_fields = "date" })
    assert.is_false(ok)
    assert.matches("bad argument #3 to 'stream' %(unknown option 'reference_fields'", err)
    ok, err = pcall(arabic.stream, lines(), { dates = true }, { reference = "12/3/2024" })
    assert.is_false(ok)
    assert.matches("option 'reference' must be a date YYYY%-MM%-DD", err)
    local it = arabic.stream(lines(), { dates = true }, { reference_field = "text" })
    ok, err = pcall(it)
    assert.is_false(ok)
    assert.matches("item 1: member 'text' is not a date", err)
  end)
end)

describe("doc.normalized", function()
  it("is the default preset's text, as everywhere in the library", function()
    local doc = arabic.pipeline({ normalize = true }):run("الولایات المتحدةَ")
    assert.are.equal(arabic.normalize("الولایات المتحدةَ"), doc.normalized)
    assert.are.equal("الولايات المتحده", arabic.pipeline({ normalize = { teh_marbuta = "heh" } }):run("الولایات المتحدةَ").normalized)
  end)

  it("comes with its map back to the text given", function()
    local text = "قالَ الوزيرُ: «إنَّ الولایات المتحدة…»"
    local doc = arabic.pipeline({ normalize = "search" }):run(text)
    local n = doc.normalized
    local i, j = n:find("الولايات المتحده", 1, true)
    if not i then i, j = n:find("الولايات المتحدة", 1, true) end
    local a, b = doc.normalized_map:source(i, j)
    assert.are.equal("الولایات المتحدة", text:sub(a, b))
    assert.are.same({ i, j }, { doc.normalized_map:target(a, b) })
  end)

  it("maps through chrome removal to the page as it was read", function()
    local doc = arabic.pipeline({ boilerplate = true, normalize = "search" }):run(PAGE)
    local n, m = doc.normalized, doc.normalized_map
    assert.is_nil(n:find("عاجل", 1, true))
    for _, word in ipairs { "طهران", "مسقط", "الحكومة", "العُماني" } do
      local i, j = n:find(arabic.normalize(word), 1, true)
      assert.is_truthy(i, word)
      local a, b = m:source(i, j)
      assert.are.equal(arabic.normalize(PAGE:sub(a, b)), n:sub(i, j))
      assert.are.same({ i, j }, { m:target(a, b) })
    end
    -- a removed line has no normalized bytes
    local a, b = PAGE:find("عاجل", 1, true)
    assert.is_nil(m:target(a, b))
    -- every byte of the normalized text maps into the page
    for i = 1, #n do
      local a2, b2 = m:source(i, i)
      assert.is_true(a2 >= 1 and b2 <= #PAGE and a2 <= b2 + 1)
    end
  end)
end)

describe("arabic annotate, a record's own settings", function()
  local function records(out)
    local list = {}
    for line in out:gmatch("[^\n]+") do list[#list + 1] = assert(json.decode(line)) end
    return list
  end

  it("takes each record's date from --reference-field", function()
    local input = table.concat({
      json.encode { id = 1, date = "2024-03-12", text = "وصل الوفد أمس" },
      json.encode { id = 2, date = "2023-11-02T08:15:00Z", text = "وصل الوفد أمس" },
      json.encode { id = 3, text = "وصل الوفد أمس" },
    }, "\n") .. "\n"
    local code, out, err = shell.arabic({ "annotate", "--jsonl", "--reference-field", "date", "--id-field", "id" }, input)
    assert.are.equal(0, code, err)
    local r = records(out)
    assert.are.equal("2024-03-11", r[1].arabic.dates[1].value)
    assert.are.equal("2024-03-12", r[1].arabic.reference)
    assert.are.equal("2023-11-01", r[2].arabic.dates[1].value)
    assert.is_nil(r[3].arabic.dates[1].value)
    assert.is_nil(r[3].arabic.reference)
    -- --reference is the fallback for records without a date
    code, out = shell.arabic({ "annotate", "--jsonl", "--reference-field", "date", "--reference", "2022-05-05" }, input)
    assert.are.equal(0, code)
    r = records(out)
    assert.are.equal("2024-03-11", r[1].arabic.dates[1].value)
    assert.are.equal("2022-05-04", r[3].arabic.dates[1].value)
  end)

  it("stops at a record whose date is not one, naming the line, the id and the field", function()
    local input = json.encode { id = 1, date = "2024-01-01", text = "نص" } .. "\n"
      .. json.encode { id = 42, date = "12/3/2024", text = "نص" } .. "\n"
    local code, out, err = shell.arabic({ "annotate", "--jsonl", "--reference-field", "date", "--id-field", "id" }, input)
    assert.are.equal(1, code)
    assert.are.equal(1, #records(out))
    assert.matches("<stdin>:2 %(byte %d+%), id 42: field 'date' is not a date YYYY%-MM%-DD: \"12/3/2024\"", err)
  end)

  it("passes the id to the pipeline's steps", function()
    local conf = os.tmpname()
    local f = assert(io.open(conf, "wb"))
    f:write("return { dates = true, steps = function(doc) doc.dates = { { first = 1, last = 1, text = tostring(doc.id) } } end }\n")
    f:close()
    local code, out, err = shell.arabic({ "annotate", "--jsonl", "--id-field", "key", "--config", conf },
      json.encode { key = "doc-9", text = "نص" } .. "\n")
    os.remove(conf)
    assert.are.equal(0, code, err)
    assert.are.equal("doc-9", records(out)[1].arabic.dates[1].text)
  end)

  it("needs --jsonl for the field options", function()
    local code, _, err = shell.arabic({ "annotate", "--reference-field", "date" }, "")
    assert.are.equal(2, code)
    assert.matches("%-%-reference%-field needs %-%-jsonl", err)
    code, _, err = shell.arabic({ "annotate", "--reference", "2024-13-01" }, "")
    assert.are.equal(2, code)
    assert.matches("reference", err)
  end)
end)
