--- Arguments and options: the one place that says what is wrong with them.
--
-- Errors name the public function, the argument and, for options, the
-- user's key: `bad argument #2 to 'sentences' (unknown option 'modus';
-- valid: abbreviations, mode, wrap_width)`.
local M = {}

--- Raise "bad argument #argn to 'fname' (msg)" at the caller's caller
-- (level 1 = the function that calls M.error).
function M.error(fname, argn, msg, level)
  error(("bad argument #%d to '%s' (%s)"):format(argn, fname, msg), (level or 1) + 1)
end

return M
