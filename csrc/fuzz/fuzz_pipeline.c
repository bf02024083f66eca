/*
 * fuzz_pipeline.c — the whole Lua pipeline (lua/arabic/pipeline.lua:
 * chrome removal, normalization, sentences, entities with the default
 * gazetteer, dates, numbers) on one text, through the embedded Lua 5.4 of
 * fuzz_lua.h.
 *
 * Input: byte 0 chooses the configuration: 0x01 chrome removal,
 * 0x02 wrapped (else auto) sentence mode, 0x04 fuzzy and overlapping
 * entities, 0x08 a reference date; the whole input is the text.
 *
 * Oracles: Pipeline:run(s) never raises an error for a string; doc.text is
 * s; every sentence, entity, date and number has 1 <= first <= last <= #s
 * and text == s:sub(first, last) (after chrome removal too: offsets are
 * mapped back to s), and none starts, ends or runs across a removed range;
 * sentences come in order without overlapping; removed ranges are in
 * bounds, in order and disjoint; the cleaned text is no longer than s.
 */
#include "fuzz_lua.h"

static fuzz_lua lua;

static const char *const checker = FUZZ_LUA_CHECK_SPANS
    "local arabic = require 'arabic'\n"
    "local pipes = {}\n"
    "local function pipe(k)\n"
    "  if not pipes[k] then\n"
    "    pipes[k] = arabic.pipeline {\n"
    "      boilerplate = k & 1 ~= 0, normalize = 'search',\n"
    "      sentences = { mode = k & 2 ~= 0 and 'wrapped' or 'auto' },\n"
    "      entities = { fuzzy = k & 4 ~= 0, overlapping = k & 4 ~= 0 },\n"
    "      dates = k & 8 ~= 0 and { reference = '2024-03-16' } or true, numbers = true }\n"
    "  end\n"
    "  return pipes[k]\n"
    "end\n"
    "local function inside(removed, p)\n"
    "  for _, x in ipairs(removed) do if p >= x.first and p <= x.last then return true end end\n"
    "end\n"
    "local function covers(removed, a, b)\n"
    "  for _, x in ipairs(removed) do if a < x.first and b > x.last then return true end end\n"
    "end\n"
    "local function check(what, s, list, removed, ordered)\n"
    "  check_spans(what, s, list or {}, ordered, function(i, x)\n"
    "    assert(not inside(removed, x.first) and not inside(removed, x.last),\n"
    "      ('%s %d: [%d, %d] in removed text'):format(what, i, x.first, x.last))\n"
    "    assert(not covers(removed, x.first, x.last),\n"
    "      ('%s %d: [%d, %d] covers removed text'):format(what, i, x.first, x.last))\n"
    "  end)\n"
    "end\n"
    "return function(s, head)\n"
    "  local doc = pipe(head % 16):run(s)\n"
    "  assert(doc.text == s, 'doc.text is not the input')\n"
    "  local prev = 0\n"
    "  for i, x in ipairs(doc.removed) do\n"
    "    assert(x.first > prev and x.first <= x.last + 1 and x.last <= #s,\n"
    "      ('removed %d: [%d, %d] after %d in 1..%d'):format(i, x.first, x.last, prev, #s))\n"
    "    prev = x.last\n"
    "  end\n"
    "  assert(#(doc.clean or s) <= #s, 'the cleaned text is longer than the input')\n"
    "  check('sentence', s, doc.sentences, doc.removed, true)\n"
    "  check('entity', s, doc.entities, doc.removed, false)\n"
    "  check('date', s, doc.dates, doc.removed, true)\n"
    "  check('number', s, doc.numbers, doc.removed, true)\n"
    "end\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_lua_init(&lua, "fuzz_pipeline", checker);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_lua_run(&lua, data, size);
    return 0;
}
