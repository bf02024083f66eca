--- Streaming: lines of big files with constant memory, and a pipeline run
-- over any iterator of texts.
--
--   for line, n in arabic.lines("corpus.txt") do ... end
--   for text, record in arabic.lines("corpus.jsonl", { field = "text" }) do ... end
--   for doc in arabic.stream(arabic.lines("corpus.txt"), p) do ... end   -- p: a pipeline or its config
--   for doc, rec in arabic.stream(arabic.lines("corpus.jsonl", { field = "text" }), p,
--                                 { reference_field = "date", id_field = "id" }) do ... end
--
-- Nothing is read ahead or kept: one line (one document) at a time, so the
-- memory a loop needs does not grow with the input.
local arabic = require "arabic"
local args = require "arabic.args"

local M = {}

--- The options of lines().
M.OPTIONS = {
  -- each line is a JSON object: yield its member `field` (a string) and the decoded object
  field = args.string,
  -- leave out empty lines
  skip_empty = args.boolean,
}

--- The options of stream(): each document's own settings, read from its
-- record (the iterator's second value, when it is a table, as
-- lines(file, { field = ... }) gives it) and given to p:run.
M.STREAM_OPTIONS = {
  -- the record's member that holds its date (YYYY-MM-DD, or an ISO 8601
  -- timestamp's date part): the reference of its relative dates
  reference_field = args.string,
  -- the record's member that holds its id: doc.id
  id_field = args.string,
  -- the reference date of the documents without one of their own (p:run's)
  reference = require("arabic.dates").OPTIONS.reference,
}

--- Lines of a file (a path or an open file handle), without their line
-- ends (a CR before the LF is dropped too). Yields line, line number; with
-- `field`, the field's text and the decoded record (a line that is not a
-- JSON object with that string member is an error naming the line).
-- A file opened here is closed when the lines run out.
function M.lines(file, opts)
  local o = args.check(opts, M.OPTIONS, "lines", 2, 2)
  local f, close, name
  if type(file) == "string" then
    local err
    f, err = io.open(file, "rb")
    if not f then args.error("lines", 1, "cannot open " .. tostring(err), 2) end
    close, name = true, file
  elseif io.type(file) == "file" then
    f, name = file, "input"
  else
    args.error("lines", 1, "file name or file handle expected, got " .. type(file), 2)
  end
  local json = o.field and require("arabic.json")
  local field, skip = o.field, o.skip_empty
  local n = 0
  return function()
    if not f then return nil end
    while true do
      local line = f:read("*l")
      if line == nil then
        if close then f:close() end
        f = nil
        return nil
      end
      n = n + 1
      if line:byte(-1) == 13 then line = line:sub(1, -2) end
      if not (skip and line == "") then
        if not json then return line, n end
        local rec, err = json.decode(line)
        if type(rec) ~= "table" then
          error(("%s:%d: invalid JSON: %s"):format(name, n, tostring(err or "not an object")), 2)
        end
        local text = rec[field]
        if type(text) ~= "string" then
          error(("%s:%d: member '%s' is not a string"):format(name, n, field), 2)
        end
        return text, rec
      end
    end
  end
end

--- An iterator over the texts of `input`: a string (one text), a list of
-- strings or of tables with a string `text` (and an optional `id`), or an
-- iterator function yielding strings (with any second value, passed on).
-- Yields text, id, extra (id: the table's id, else the position).
function M.texts(input, argn, fname)
  local ty = type(input)
  if ty == "string" then
    local done = false
    return function()
      if done then return nil end
      done = true
      return input, 1
    end
  elseif ty == "table" then
    local i = 0
    return function()
      i = i + 1
      local v = input[i]
      if v == nil then return nil end
      if type(v) == "string" then return v, i end
      if type(v) == "table" and type(v.text) == "string" then
        if v.id ~= nil then return v.text, v.id end
        return v.text, i
      end
      args.error(fname, argn, ("element %d is not a string or a table with a string 'text'"):format(i), 2)
    end
  elseif ty == "function" then
    local i = 0
    return function()
      local v, extra = input()
      if v == nil then return nil end
      i = i + 1
      if type(v) == "table" and type(v.text) == "string" then
        if v.id ~= nil then return v.text, v.id, extra end
        return v.text, i, extra
      end
      if type(v) ~= "string" then
        args.error(fname, argn, ("the iterator gave a %s (item %d), not a string"):format(type(v), i), 2)
      end
      return v, i, extra
    end
  end
  args.error(fname, argn, "text, list of texts or iterator expected, got " .. ty, 3)
end

--- Run a pipeline (an arabic.pipeline, or its configuration table, built
-- once here) over an iterator of texts; yields each document and the
-- iterator's second value (a line number, a JSON record ...). opts
-- (M.STREAM_OPTIONS): each document's reference date and id from its
-- record, and the reference of the documents without a date.
function M.stream(iter, pipeline, opts)
  if type(iter) ~= "function" then
    args.error("stream", 1, "iterator expected, got " .. type(iter), 2)
  end
  local o = args.check(opts, M.STREAM_OPTIONS, "stream", 3, 2)
  local pl = require "arabic.pipeline"
  local null = (o.reference_field or o.id_field) and require("arabic.json").null
  local p = pipeline
  if type(p) ~= "table" or type(p.run) ~= "function" then
    if p ~= nil and type(p) ~= "table" then
      args.error("stream", 2, "pipeline or pipeline configuration expected, got " .. type(p), 2)
    end
    local ok, made = pcall(arabic.pipeline, p or {})
    if not ok then error(made, 2) end
    p = made
  end
  local n = 0
  return function()
    local text, extra = iter()
    if text == nil then return nil end
    n = n + 1
    if type(text) ~= "string" then
      error(("arabic.stream: the iterator gave a %s (item %d), not a string"):format(type(text), n), 2)
    end
    local run = { reference = o.reference }
    if type(extra) == "table" then
      if o.reference_field then
        local v = extra[o.reference_field]
        local day = pl.record_reference(v, null)
        if day == false then
          error(("arabic.stream: item %d: member '%s' is not a date YYYY-MM-DD: %s"):format(n, o.reference_field,
            tostring(v)), 2)
        end
        run.reference = day or o.reference
      end
      if o.id_field then run.id = pl.record_id(extra[o.id_field], null) or nil end
    end
    return p:run(text, run), extra
  end
end

return M
