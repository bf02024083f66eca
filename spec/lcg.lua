--- Test helper: a small deterministic generator, the same numbers under
-- every Lua (5.1's and LuaJIT's math.random differ from 5.4's).
-- lcg(seed) returns rand(n), a number from 1 to n.
return function(seed)
  local x = seed
  return function(n)
    x = (x * 1103515245 + 12345) % 2147483648
    return x % n + 1
  end
end
