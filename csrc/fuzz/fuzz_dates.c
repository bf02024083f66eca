/*
 * fuzz_dates.c — date and number extraction (lua/arabic/dates.lua,
 * lua/arabic/numbers.lua) through an embedded Lua 5.4 with the C binding
 * (csrc/lua_arabic.c) linked in (fuzz_lua.h).
 *
 * Input: the text. Byte 0's lowest bit also chooses whether a reference
 * date is given (the text is the whole input either way).
 *
 * Oracles: dates.find(s [, {reference = "2024-03-16"}]) and numbers.find(s)
 * never raise an error for a string (any Lua error aborts); every result
 * has 1 <= first <= last <= #s, text == s:sub(first, last), and results
 * come in order without overlapping; a value, when there is one, is a
 * string for a date (a weekday alone has none without a reference date)
 * and a number for a number.
 */
#include "fuzz_lua.h"

static fuzz_lua lua;

static const char *const checker =
    "local dates = require 'arabic.dates'\n"
    "local numbers = require 'arabic.numbers'\n"
    "local function check(what, s, r, value_type)\n"
    "  assert(type(r) == 'table', what .. ' did not return a table')\n"
    "  local prev = 0\n"
    "  for i, d in ipairs(r) do\n"
    "    local a, b = d.first, d.last\n"
    "    assert(math.type(a) == 'integer' and math.type(b) == 'integer',\n"
    "      ('%s %d: first/last are %s/%s'):format(what, i, tostring(a), tostring(b)))\n"
    "    assert(a >= 1 and a <= b and b <= #s,\n"
    "      ('%s %d: [%d, %d] outside 1..%d'):format(what, i, a, b, #s))\n"
    "    assert(d.text == s:sub(a, b), ('%s %d: text is not s:sub(first, last)'):format(what, i))\n"
    "    assert(a > prev, ('%s %d starts at %d, inside the previous one (ends at %d)'):format(what, i, a, prev))\n"
    "    assert(d.value == nil or type(d.value) == value_type,\n"
    "      ('%s %d: value is a %s'):format(what, i, type(d.value)))\n"
    "    prev = b\n"
    "  end\n"
    "end\n"
    "return function(s, head)\n"
    "  local with_ref = head % 2 == 1\n"
    "  check('date', s, dates.find(s, with_ref and { reference = '2024-03-16' } or nil), 'string')\n"
    "  check('number', s, numbers.find(s), 'number')\n"
    "end\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_lua_init(&lua, "fuzz_dates", checker);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_lua_run(&lua, data, size);
    return 0;
}
