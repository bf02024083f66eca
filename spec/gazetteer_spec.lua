-- Gazetteer matching: whole tokens, multi-word, clitics, spelling variants,
-- ambiguity control, files. Sentences written for these tests.
local arabic = require "arabic"
local gazetteer = require "arabic.gazetteer"

local function small()
  local g = gazetteer.new()
  g:add("إيران", { type = "LOC", id = "IR" })
  g:add("عمان", { type = "LOC", id = "OM", priority = 2 })
  g:add("عمان", { type = "LOC", id = "amman", priority = 1 })
  g:add("مسقط", { type = "LOC", id = "muscat" })
  g:add("العراق", { type = "LOC", id = "IQ" })
  g:add("الولايات المتحدة", { type = "LOC", id = "US" })
  g:add("الولايات المتحدة الأمريكية", { type = "LOC", id = "US", canonical = "الولايات المتحدة" })
  g:add("الشرق الأوسط", { type = "LOC", id = "middle-east" })
  g:add("الحوثيين", { type = "ORG", id = "houthis", canonical = "الحوثيون" })
  g:add("فاينانشال تايمز", { type = "ORG", id = "ft", attributes = { en = "Financial Times" } })
  g:add("بريت ماكغورك", { type = "PER", id = "brett-mcgurk" })
  g:add("علي باقري كني", { type = "PER", id = "bagheri" })
  g:add("ين", { type = "MISC", id = "yen" })
  g:add("كان", { type = "LOC", id = "cannes" })
  g:add("اليوم", { type = "ORG", id = "al-youm" })
  g:add("مالي", { type = "LOC", id = "ML", flags = "needs_context" })
  g:add("CNN", { type = "ORG", id = "cnn" })
  g:add("NYT", { type = "ORG", id = "nyt", flags = "exact_only" })
  return g
end

local function found(g, s, opts)
  local out = {}
  for m in g:matches(s, opts) do
    out[#out + 1] = (m.clitic and (m.clitic .. "+") or "") .. m.id .. "=" .. s:sub(m.first, m.last)
  end
  return table.concat(out, " ")
end

describe("gazetteer matching", function()
  local g = small()

  it("finds whole tokens only", function()
    assert.are.equal("", found(g, "الموقف العماني من المحادثات"))
    assert.are.equal("", found(g, "قال مسؤولون إيرانيون"))
    assert.are.equal("OM=عمان", found(g, "في عمان أمس"))
  end)

  it("matches multi-word names leftmost-longest", function()
    assert.are.equal("US=الولايات المتحدة الأمريكية", found(g, "زار الولايات المتحدة الأمريكية"))
    assert.are.equal("US=الولايات المتحدة", found(g, "زار الولايات المتحدة أمس"))
    assert.are.equal("brett-mcgurk=بريت ماكغورك", found(g, "قال بريت ماكغورك"))
  end)

  it("spans a line break inside a name but not punctuation", function()
    assert.are.equal("US=الولايات\nالمتحدة", found(g, "الولايات\nالمتحدة"))
    assert.are.equal("", found(g, "الولايات، المتحدة"))
  end)

  it("strips proclitics and reports them", function()
    assert.are.equal("و+US=الولايات المتحدة", found(g, "والولايات المتحدة"))
    assert.are.equal("ل+IR=إيران", found(g, "رسالة لإيران"))
    assert.are.equal("ب+houthis=الحوثيين", found(g, "يتصل بالحوثيين"))
    assert.are.equal("وب+IQ=العراق", found(g, "وبالعراق"))
    assert.are.equal("ف+muscat=مسقط", found(g, "فمسقط"))
    assert.are.equal("ك+IR=إيران", found(g, "كإيران"))
  end)

  it("reads لل as ل + ال", function()
    assert.are.equal("ل+middle-east=لشرق الأوسط", found(g, "للشرق الأوسط"))
    assert.are.equal("ول+middle-east=لشرق الأوسط", found(g, "وللشرق الأوسط"))
  end)

  it("strips clitics written with tatweel", function()
    local s = "لـإيران"
    local m = g:find(s)[1]
    assert.are.equal("IR", m.id)
    assert.are.equal("إيران", s:sub(m.first, m.last))
    assert.are.equal("لـ", m.clitic)
    assert.are.equal(1, m.token_first)
  end)

  it("reports source offsets whatever normalization did", function()
    local s = "قال إنّ الولایات المتّحدة"
    local m = g:find(s)[1]
    assert.are.equal("US", m.id)
    assert.are.equal("الولایات المتّحدة", s:sub(m.first, m.last))
    assert.are.equal(m.text, s:sub(m.first, m.last))
  end)

  it("can turn clitic stripping off", function()
    assert.are.equal("", found(g, "لإيران", { clitics = false }))
  end)

  it("returns type, id, name, canonical and attributes", function()
    local m = g:find("نقلت فاينانشال تايمز")[1]
    assert.are.equal("ORG", m.type)
    assert.are.equal("ft", m.id)
    assert.are.equal("فاينانشال تايمز", m.name)
    assert.are.equal("فاينانشال تايمز", m.canonical)
    assert.are.same({ en = "Financial Times" }, m.attributes)
    assert.is_false(m.fuzzy)
    local h = g:find("يقاتل الحوثيين")[1]
    assert.are.equal("الحوثيون", h.canonical)
  end)

  it("prefers the entry with the higher priority", function()
    assert.are.equal("OM=عمان", found(g, "سلطنة عمان"))
  end)

  it("filters by type and id", function()
    assert.are.equal("IR=إيران", found(g, "إيران والحوثيين", { types = { "LOC" } }))
    assert.are.equal("houthis=الحوثيين", found(g, "إيران والحوثيين", { types = "ORG" }):gsub("^و%+", ""))
    assert.are.equal("amman=عمان", found(g, "في عمان", { ids = { "amman" } }))
  end)

  it("returns every candidate in overlapping mode", function()
    local out = found(g, "الولايات المتحدة الأمريكية", { overlapping = true })
    assert.are.equal("US=الولايات المتحدة US=الولايات المتحدة الأمريكية", out)
    assert.are.equal("OM=عمان amman=عمان", found(g, "عمان", { overlapping = true }))
  end)

  it("matches Latin names case-insensitively", function()
    assert.are.equal("cnn=cnn cnn=CNN", found(g, "قالت cnn وقالت CNN"):gsub("و%+", ""))
  end)
end)

describe("ambiguity control", function()
  local g = small()

  it("does not read the preposition على as the name علي", function()
    assert.are.equal("", found(g, "على باقري كني أن يرد"))
    assert.are.equal("bagheri=علي باقري كني", found(g, "قال علي باقري كني"))
  end)

  -- بين is too short for clitics to be tried at all (4+ letters); the guard
  -- itself is tested on long common words in spec/ambiguity_spec.lua
  it("does not split common words into clitic + name (بين is not ب + ين)", function()
    assert.are.equal("", found(g, "المحادثات بين البلدين"))
    assert.are.equal("", found(g, "وبين الطرفين"))
  end)

  it("needs context for a common word that is also a name (كان, اليوم)", function()
    assert.are.equal("", found(g, "كان الاجتماع طويلا"))
    assert.are.equal("", found(g, "اجتمعوا اليوم"))
    assert.are.equal("cannes=كان", found(g, "في مدينة كان الفرنسية"))
    assert.are.equal("al-youm=اليوم", found(g, "نقلت صحيفة اليوم"))
  end)

  it("honours needs_context: a trigger word or the same id found elsewhere", function()
    assert.are.equal("", found(g, "الوضع مالي صعب"))
    assert.are.equal("ML=مالي", found(g, "في دولة مالي"))
  end)

  it("can ignore context rules", function()
    assert.are.equal("cannes=كان", found(g, "كان", { context = false }))
  end)

  it("honours exact_only", function()
    assert.are.equal("nyt=NYT", found(g, "NYT"))
    assert.are.equal("", found(g, "nyt"))
  end)

  it("does not take adjectives for countries", function()
    assert.are.equal("", found(g, "الجيش العراقي والنفوذ الإيراني", { fuzzy = true }))
  end)
end)

describe("fuzzy matching", function()
  local g = small()

  it("reaches spelling variants within one edit", function()
    local out = {}
    for _, s in ipairs { "فايننشال تايمز", "فاينانشيال تايمز", "فاينانشل تايمز" } do
      local m = g:find(s, { fuzzy = true })[1]
      out[#out + 1] = m and (m.id .. ":" .. tostring(m.fuzzy) .. ":" .. m.distance) or "none"
    end
    assert.are.same({ "ft:true:1", "ft:true:1", "ft:true:1" }, out)
    assert.are.equal("brett-mcgurk", g:find("بريت ماكجورك", { fuzzy = 1 })[1].id)
  end)

  it("is off unless asked", function()
    assert.are.equal("", found(g, "فايننشال تايمز"))
  end)

  it("never edits the first or last letter, nor short words", function()
    assert.are.equal("", found(g, "عمانى وايرانى", { fuzzy = true }))
    assert.are.equal("", found(g, "مسقطي", { fuzzy = true }))
  end)

  it("works behind clitics", function()
    assert.are.equal("ل+ft=فايننشال تايمز", found(g, "لفايننشال تايمز", { fuzzy = true }))
  end)
end)

describe("gazetteer files", function()
  local tmp = os.tmpname()
  after_each(function() os.remove(tmp) end)

  local function write(content)
    local f = assert(io.open(tmp, "wb"))
    f:write(content)
    f:close()
  end

  it("loads TSV with a header, flags and attributes", function()
    write("name\ttype\tid\tcanonical\tflags\ten\n" ..
      "طهران\tLOC\ttehran\tطهران\t\tTehran\n" ..
      "# a comment\n\n" ..
      "بيروت\tLOC\tbeirut\t\tpriority=3\tBeirut\n")
    local g, report = gazetteer.new():load(tmp, { format = "tsv" })
    assert.are.same({ added = 2, skipped = 0, lines = 2 }, { added = report.added, skipped = report.skipped, lines = report.lines })
    local m = g:find("من طهران إلى بيروت")
    assert.are.equal("tehran", m[1].id)
    assert.are.equal("Tehran", m[1].attributes.en)
    assert.are.equal(3, g:entry(2).priority)
  end)

  it("reports the file and line of a bad TSV line, or skips it", function()
    write("name\ttype\tid\nطهران\tLOC\ttehran\n\tLOC\tx\nبيروت\tLOC\tbeirut\textra\n")
    local ok, err = pcall(function() gazetteer.new():load(tmp, { format = "tsv" }) end)
    assert.is_false(ok)
    assert.matches(":3: empty name", err)
    local g, report = gazetteer.new():load(tmp, { format = "tsv", strict = false })
    assert.are.equal(1, report.added)
    assert.are.equal(2, report.skipped)
    assert.are.equal(1, g:count())
  end)

  it("rejects a TSV without a name column", function()
    write("nom\ttype\nطهران\tLOC\n")
    assert.has_error(function() gazetteer.new():load(tmp, { format = "tsv" }) end)
  end)

  it("loads JSON Lines, extra fields as attributes", function()
    write('{"name": "طهران", "type": "LOC", "id": "tehran", "en": "Tehran"}\n' ..
      '{"name": "حماس", "type": "ORG", "id": "hamas", "flags": "priority=2"}\n')
    local g = gazetteer.new():load(tmp, { format = "jsonl" })
    assert.are.equal("Tehran", g:find("طهران")[1].attributes.en)
    write('{"name": "طهران"}\n{"name": \n')
    local ok, err = pcall(function() gazetteer.new():load(tmp, { format = "jsonl" }) end)
    assert.is_false(ok)
    assert.matches(":2: not a JSON object", err)
  end)

  it("saves and opens a compiled file with the same results", function()
    local g = small()
    g:save(tmp)
    local o = gazetteer.open(tmp)
    local s = "وصل بريت ماكغورك إلى مسقط للقاء مسؤولين من إيران والولايات المتحدة"
    assert.are.same(g:find(s), o:find(s))
    assert.is_true(o:stats().mapped)
    assert.are.equal(g:count(), o:count())
    assert.has_error(function() o:add("x", "LOC") end)
  end)

  it("rejects corrupt, truncated and foreign files with a message", function()
    local g = small()
    g:save(tmp)
    local f = assert(io.open(tmp, "rb"))
    local bytes = f:read("*a")
    f:close()
    local function try(content)
      write(content)
      local ok, err = pcall(gazetteer.open, tmp, { verify = true })
      return ok, err
    end
    local ok, err = try(bytes:sub(1, #bytes - 100))
    assert.is_false(ok)
    assert.matches("truncated", err)
    ok, err = try("name\ttype\nطهران\tLOC\n")
    assert.is_false(ok)
    assert.matches("not a gazetteer", err)
    local flipped = bytes:sub(1, 500) .. string.char((bytes:byte(501) + 1) % 256) .. bytes:sub(502)
    ok, err = try(flipped)
    assert.is_false(ok)
    assert.matches("checksum", err)
    ok, err = pcall(gazetteer.open, "/nonexistent.gaz")
    assert.is_false(ok)
    assert.matches("No such file", err)
  end)

  it("keeps calibration in the saved file", function()
    local g = small()
    assert.are.equal(1, g:demote("مسقط"))
    g:save(tmp)
    local o = gazetteer.open(tmp)
    assert.are.equal("", found(o, "زار مسقط"))
    assert.is_true(o:entry(4).demoted)
  end)
end)

describe("calibration", function()
  it("demotes keys that are mostly wrong in annotated text", function()
    local g = gazetteer.new()
    g:add("سلام", { type = "PER", id = "salam" })
    g:add("بغداد", { type = "LOC", id = "baghdad" })
    local text = "دعا إلى سلام دائم\nسلام عليكم\nزار بغداد\nقال سلام فياض"
    -- gold: only the last سلام is a person; بغداد is a place
    local spans = {
      { first = #"دعا إلى سلام دائم\nسلام عليكم\n" + #"زار " + 1, last = #"دعا إلى سلام دائم\nسلام عليكم\nزار بغداد", type = "LOC" },
    }
    local s4 = #"دعا إلى سلام دائم\nسلام عليكم\nزار بغداد\nقال " + 1
    spans[2] = { first = s4, last = s4 + #"سلام" - 1, type = "PER" }
    local report = g:calibrate { text = text, spans = spans }
    assert.are.equal(4, report.matches)
    assert.are.same({ 1, 3 }, report.demoted["سلام"])
    assert.is_nil(report.demoted["بغداد"])
    assert.are.equal("", found(g, "نريد سلام"))
    assert.are.equal("baghdad=بغداد", found(g, "في بغداد"))
  end)

  it("reads CoNLL annotations", function()
    local tmp = os.tmpname()
    local f = assert(io.open(tmp, "wb"))
    f:write("زار\tO\nبغداد\tB-LOC\n\nسلام\tO\nعليكم\tO\n\nسلام\tO\nدائم\tO\n")
    f:close()
    local g = gazetteer.new()
    g:add("سلام", "PER")
    g:add("بغداد", "LOC")
    local report = g:calibrate { conll = tmp }
    os.remove(tmp)
    assert.are.equal(3, report.matches)
    assert.are.equal(1, report.correct)
    assert.are.same({ 0, 2 }, report.demoted["سلام"])
  end)
end)

describe("the default gazetteer", function()
  it("holds every name of data/gazetteers and knows the news", function()
    local g = gazetteer.default()
    -- the README's figure (3,359 names of 1,916 ids): change both together
    assert.are.equal(3359, g:count())
    local s = "التقى ماكغورك في مسقط بمسؤولين من طهران، وقالت فاينانشال تايمز إن الحوثيين في اليمن هاجموا سفنا في البحر الأحمر"
    local ids = {}
    for _, m in ipairs(arabic.entities(s)) do ids[#ids + 1] = m.id end
    assert.are.same({ "brett-mcgurk", "muscat", "tehran", "financial-times", "houthis", "YE", "red-sea" }, ids)
  end)

  it("is the default of arabic.entities, which also takes other gazetteers", function()
    local extra = gazetteer.new()
    extra:add("صحيفة الرؤية الجديدة", { type = "ORG", id = "x-paper" })
    local ms = arabic.entities("قالت صحيفة الرؤية الجديدة في عمان", { gazetteers = { "default", extra } })
    assert.are.equal("x-paper", ms[1].id)
    assert.are.equal("OM", ms[2].id)
  end)
end)

describe("gazetteer errors", function()
  it("name the argument or the option", function()
    assert.has_error(function() gazetteer.new { normalise = "search" } end,
      "bad argument #1 to 'gazetteer.new' (unknown option 'normalise'; valid: clitics, context, fuzzy, fuzzy_index, normalize)")
    assert.has_error(function() gazetteer.new():add(42) end, "bad argument #1 to 'add' (string expected, got number)")
    assert.has_error(function() gazetteer.new():add("x", { kind = "LOC" }) end)
    assert.has_error(function() gazetteer.new():add("x", { flags = "exactly" }) end,
      "bad argument #2 to 'add' (unknown flag 'exactly' (valid: exact_only, needs_context, demoted, trusted, priority=N))")
    assert.has_error(function() gazetteer.new():add("...", "LOC") end)
    local g = small()
    assert.has_error(function() g:find("x", { fuzy = true }) end)
    assert.has_error(function() g:find(nil) end, "bad argument #1 to 'find' (string expected, got nil)")
    assert.has_error(function() g:find("x", { types = 5 }) end)
    assert.has_error(function() g:find("x", { fuzzy = 2 }) end)
  end)
end)

describe("more ambiguity control", function()
  it("does not take a nisba adjective after a definite noun for a place", function()
    local g = gazetteer.new()
    g:add("السعودية", { type = "LOC", id = "SA" })
    assert.are.equal("", found(g, "أعلنت الحكومة السعودية"))
    assert.are.equal("SA=السعودية", found(g, "سافر إلى السعودية"))
    assert.are.equal("SA=السعودية", found(g, "زيارة السعودية"))
  end)

  it("lets a trigger word choose between types of one name", function()
    local g = gazetteer.new()
    g:add("ميلان", { type = "LOC", id = "milan", priority = 2 })
    g:add("ميلان", { type = "ORG", id = "ac-milan", priority = 1 })
    assert.are.equal("milan=ميلان", found(g, "وصل إلى ميلان"))
    assert.are.equal("ac-milan=ميلان", found(g, "فاز فريق ميلان"))
  end)

  it("extends a person's match over the rest of the name when asked", function()
    local g = gazetteer.new()
    g:add("محمد", { type = "PER", id = "muhammad" })
    g:add("راشد", { type = "PER", id = "rashid" })
    g:add("مكتوم", { type = "PER", id = "maktoum" })
    local s = "استقبل الشيخ محمد بن راشد آل مكتوم الوفد"
    local m = g:find(s, { extend_names = true })[1]
    assert.are.equal("محمد بن راشد آل مكتوم", s:sub(m.first, m.last))
    assert.is_true(m.extended)
    assert.are.equal("muhammad", m.id)
    -- a dangling particle is left out; off by default
    local s2 = "قال محمد بن"
    assert.are.equal("محمد", s2:sub(g:find(s2, { extend_names = true })[1].first, g:find(s2, { extend_names = true })[1].last))
    assert.are.equal("muhammad=محمد rashid=راشد maktoum=مكتوم", found(g, s))
    assert.are.equal("muhammad=محمد بن راشد آل مكتوم", found(g, s, { extend_names = true }))
    assert.is_nil(g:find(s)[1].extended)
  end)

  it("trusts a common-word name that calibration found reliable", function()
    local g = gazetteer.new()
    g:add("الجزيرة", { type = "ORG", id = "aljazeera" })
    assert.are.equal("", found(g, "ذكرت الجزيرة"))
    local text = "قالت الجزيرة\nنقلت الجزيرة"
    local report = g:calibrate { text = text, spans = {
      { first = #"قالت " + 1, last = #"قالت الجزيرة", type = "ORG" },
      { first = #"قالت الجزيرة\nنقلت " + 1, last = #text, type = "ORG" },
    } }
    assert.are.same({ 2, 2 }, report.trusted["الجزيرة"])
    assert.are.equal("aljazeera=الجزيرة", found(g, "ذكرت الجزيرة"))
    assert.is_true(g:entry(1).trusted)
  end)

  it("learns entries from annotations, with clitic stems", function()
    local g = gazetteer.new()
    local text = "زار وألمانيا ثم ألمانيا ثم النمسا"
    local a = #"زار " + 1
    local b = #"زار وألمانيا ثم " + 1
    local c = #"زار وألمانيا ثم ألمانيا ثم " + 1
    local _, report = g:learn { text = text, spans = {
      { first = a, last = a + #"وألمانيا" - 1, type = "LOC" },
      { first = b, last = b + #"ألمانيا" - 1, type = "LOC" },
      { first = c, last = c + #"النمسا" - 1, type = "LOC" },
    } }
    assert.are.equal(3, report.strings)
    assert.are.equal("LOC", g:find("في ألمانيا")[1].type)
    assert.are.equal("LOC", g:find("في النمسا")[1].type)
    assert.are.same({ "ألمانيا" }, gazetteer._clitic_stems("وألمانيا"))
    assert.are.same({ "الشرق" }, gazetteer._clitic_stems("للشرق"))
  end)
end)
