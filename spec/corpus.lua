--- Test helper: where ../shared/corpus is, and a loud message when it is not;
-- a result list as one comparable string.
local M = {}

local function exists(p)
  local f = io.open(p, "rb")
  if f then f:close() end
  return f ~= nil
end

M.root = os.getenv("ARABIC_CORPUS") or "../shared/corpus"

--- Full path of a corpus file, or nil when the corpus is absent.
function M.path(rel)
  local p = M.root .. "/" .. rel
  if exists(p) then return p end
  return nil
end

--- The message for a skipped test, also written to stderr so CI logs show it.
function M.missing(rel)
  local msg = ("SKIPPED: corpus file %s/%s not found (set ARABIC_CORPUS)"):format(M.root, rel)
  io.stderr:write(msg, "\n")
  return msg
end

--- A list of result tables as one comparable string: every field of each,
-- keys sorted, one table a line.
function M.show_list(list)
  local out = {}
  for _, d in ipairs(list) do
    local keys = {}
    for k in pairs(d) do keys[#keys + 1] = k end
    table.sort(keys)
    local parts = {}
    for _, k in ipairs(keys) do parts[#parts + 1] = k .. "=" .. tostring(d[k]) end
    out[#out + 1] = table.concat(parts, ",")
  end
  return table.concat(out, "\n")
end

--- The texts of three of the corpus's news pages (the specs that compare
-- two ways of doing the same thing on real pages), as a list of { name,
-- text }; nil when the corpus is absent (the caller says pending with
-- M.missing("news/*.txt")).
M.NEWS_PAGES = { "000_06a7775f48ea754c.txt", "002_b32b7a91936fa7a8.txt", "004_168f140117ab1efe.txt" }
function M.news_pages()
  local pages = {}
  for _, f in ipairs(M.NEWS_PAGES) do
    local p = M.path("news/" .. f)
    if p then
      local h = assert(io.open(p, "rb"))
      pages[#pages + 1] = { name = f, text = h:read("*a") }
      h:close()
    end
  end
  return #pages > 0 and pages or nil
end

--- check(text, true) on each of those pages whole, then check(line) on
-- each of its lines; false (after pending(M.missing(...))) when the corpus
-- is absent.
function M.each_news_text(pending, check)
  local pages = M.news_pages()
  if not pages then
    pending(M.missing("news/*.txt"))
    return false
  end
  for _, page in ipairs(pages) do
    check(page.text, true)
    for line in page.text:gmatch("[^\n]+") do check(line) end
  end
  return true
end

return M
