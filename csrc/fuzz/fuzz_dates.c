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
 * and a number for a number; every day a date's value or Gregorian
 * equivalent names (YYYY-MM-DD, XXXX-MM-DD, ranges a/b) exists: month
 * 1-12, day 1 to the month's length (Hijri: 1-30).
 */
#include "fuzz_lua.h"

static fuzz_lua lua;

static const char *const checker = FUZZ_LUA_CHECK_SPANS
    "local dates = require 'arabic.dates'\n"
    "local numbers = require 'arabic.numbers'\n"
    "local DM = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }\n"
    "local function leap(y) return y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0) end\n"
    "-- every YYYY-MM-DD or XXXX-MM-DD in a value names a day that exists\n"
    "local function real_days(v, hijri, what)\n"
    "  for part in v:gmatch('[^/]+') do\n"
    "    local y, m, d = part:match('^(%d%d%d%d)%-(%d%d)%-(%d%d)$')\n"
    "    if not y then m, d = part:match('^XXXX%-(%d%d)%-(%d%d)$') end\n"
    "    if m then\n"
    "      m, d, y = tonumber(m), tonumber(d), tonumber(y)\n"
    "      local max = hijri and 30 or (m == 2 and y and not leap(y) and 28) or DM[m]\n"
    "      assert(m >= 1 and m <= 12 and d >= 1 and d <= max, ('%s: no such day %s'):format(what, part))\n"
    "    end\n"
    "  end\n"
    "end\n"
    "local function check(what, s, r, value_type)\n"
    "  check_spans(what, s, r, true, function(i, d)\n"
    "    assert(d.text, ('%s %d: no text'):format(what, i))\n"
    "    assert(d.value == nil or type(d.value) == value_type,\n"
    "      ('%s %d: value is a %s'):format(what, i, type(d.value)))\n"
    "    if what == 'date' and d.value then\n"
    "      real_days(d.value, d.calendar == 'hijri', ('date %d value'):format(i))\n"
    "      if d.gregorian then real_days(d.gregorian, false, ('date %d gregorian'):format(i)) end\n"
    "    end\n"
    "  end)\n"
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
