-- Named-entity accuracy on ANERcorp (../shared/corpus/ner/train.conll),
-- split into our own train (first 80% of sentences) and dev (the rest).
--
--   (a) exact whole-token matching with a gazetteer of the train entity
--       strings (what spaCy's PhraseMatcher or FlashText do);
--   (b) our matcher with the same gazetteer, uncalibrated and calibrated on
--       the train part;
--   (c) the default gazetteer alone (LOC only and overall);
--   (d) arabic.entities as users call it: the default gazetteer with the
--       homograph rules and the names found from context (unknown_names),
--       and the train gazetteer through it; on dev and on NewsFANE
--       (../shared/corpus/ner/newsfane.conll, which re-annotates much of
--       ANERcorp's text: the sentences not in our train part are scored
--       separately).
--
-- Scores: exact span + type, spans over whole tokens (ANERcorp's gold spans
-- include clitics), P/R/F1 per type. Usage: lua ner_eval.lua [CORPUS_DIR]
local gazetteer = require "arabic.gazetteer"

local dir = arg[1] or "../shared/corpus/ner"
local conll = dir .. "/train.conll"
local f = io.open(conll, "rb")
if not f then
  print("ner_eval: SKIPPED, " .. conll .. " not found")
  return
end
f:close()

-- Sentences: { tokens = {...}, tags = {...} }
local sentences, cur = {}, { tokens = {}, tags = {} }
for line in io.lines(conll) do
  line = line:gsub("\r$", "")
  if line == "" then
    if #cur.tokens > 0 then sentences[#sentences + 1] = cur end
    cur = { tokens = {}, tags = {} }
  else
    local tok, tag = line:match("^(.-)\t(%S+)$")
    cur.tokens[#cur.tokens + 1] = tok
    cur.tags[#cur.tags + 1] = tag
  end
end
if #cur.tokens > 0 then sentences[#sentences + 1] = cur end

-- Gold spans of a sentence over token indexes: { i, j, type }.
local function gold_spans(s)
  local out, open = {}, nil
  for k, tag in ipairs(s.tags) do
    local bio, typ = tag:match("^([BI])%-(.+)$")
    if bio == "B" or (bio == "I" and (not open or open[3] ~= typ)) then
      open = { k, k, typ }
      out[#out + 1] = open
    elseif bio == "I" then
      open[2] = k
    else
      open = nil
    end
  end
  return out
end

local split = math.floor(#sentences * 0.8)
local train, dev = {}, {}
for k, s in ipairs(sentences) do
  if k <= split then train[#train + 1] = s else dev[#dev + 1] = s end
end

-- The train gazetteer: each entity string with its most frequent type.
local counts = {}
for _, s in ipairs(train) do
  for _, sp in ipairs(gold_spans(s)) do
    local name = table.concat(s.tokens, " ", sp[1], sp[2])
    counts[name] = counts[name] or {}
    counts[name][sp[3]] = (counts[name][sp[3]] or 0) + 1
  end
end
local order = { PER = 1, LOC = 2, ORG = 3, MISC = 4 }
local entries, maxlen = {}, 1
for name, c in pairs(counts) do
  local best, bn = nil, -1
  for t, n in pairs(c) do
    if n > bn or (n == bn and (order[t] or 9) < (order[best] or 9)) then best, bn = t, n end
  end
  entries[#entries + 1] = { name, best }
  local ntok = select(2, name:gsub(" ", "")) + 1
  if ntok > maxlen then maxlen = ntok end
end
table.sort(entries, function(a, b) return a[1] < b[1] end)

-- Scoring: spans as "sentence:first:last:type" over byte offsets.
local function score(pred, gold)
  local types = { "LOC", "PER", "ORG", "MISC" }
  local res = {}
  local function prf(tp, np, ng)
    local p = np > 0 and tp / np or 0
    local r = ng > 0 and tp / ng or 0
    local f1 = (p + r) > 0 and 2 * p * r / (p + r) or 0
    return { p = 100 * p, r = 100 * r, f = 100 * f1, tp = tp, np = np, ng = ng }
  end
  local tp_all, np_all, ng_all = 0, 0, 0
  for _, t in ipairs(types) do
    local tp, np, ng = 0, 0, 0
    local g = {}
    for key, typ in pairs(gold) do if typ == t then g[key] = true; ng = ng + 1 end end
    for key, typ in pairs(pred) do
      if typ == t then
        np = np + 1
        if g[key] then tp = tp + 1 end
      end
    end
    res[t] = prf(tp, np, ng)
    tp_all, np_all, ng_all = tp_all + tp, np_all + np, ng_all + ng
  end
  res.ALL = prf(tp_all, np_all, ng_all)
  return res
end

-- Dev text (one line a sentence) and gold spans keyed by byte offsets.
local dev_lines, dev_gold = {}, {}
for n, s in ipairs(dev) do
  dev_lines[n] = table.concat(s.tokens, " ")
  local offs, pos = {}, 1
  for k, tok in ipairs(s.tokens) do
    offs[k] = { pos, pos + #tok - 1 }
    pos = pos + #tok + 1
  end
  s.offs = offs
  for _, sp in ipairs(gold_spans(s)) do
    dev_gold[n .. ":" .. offs[sp[1]][1] .. ":" .. offs[sp[2]][2]] = sp[3]
  end
end

-- (a) exact whole-token, greedy leftmost-longest.
local dict = {}
for _, e in ipairs(entries) do dict[e[1]] = e[2] end
local pred_exact = {}
for n, s in ipairs(dev) do
  local i = 1
  while i <= #s.tokens do
    local hit
    for len = math.min(maxlen, #s.tokens - i + 1), 1, -1 do
      local typ = dict[table.concat(s.tokens, " ", i, i + len - 1)]
      if typ then
        hit = len
        pred_exact[n .. ":" .. s.offs[i][1] .. ":" .. s.offs[i + len - 1][2]] = typ
        break
      end
    end
    i = i + (hit or 1)
  end
end

local function run(g, opts)
  local pred = {}
  for n, line in ipairs(dev_lines) do
    for _, m in ipairs(g:find(line, opts)) do
      pred[n .. ":" .. m.token_first .. ":" .. m.last] = m.type
    end
  end
  return pred
end

local function build_train_gazetteer()
  local g = gazetteer.new()
  for _, e in ipairs(entries) do
    pcall(g.add, g, e[1], { type = e[2] }) -- a few entity strings are bare punctuation
  end
  return g
end

local results = {}
local g = build_train_gazetteer()
results[#results + 1] = { "(a) exact whole-token (PhraseMatcher/FlashText)", score(pred_exact, dev_gold) }
results[#results + 1] = { "(b) arabic, no clitics, no context rules", score(run(g, { clitics = false, context = false }), dev_gold) }
results[#results + 1] = { "(b) arabic, uncalibrated", score(run(g), dev_gold) }
-- calibrate on the train part
local train_text, train_spans, pos = {}, {}, 1
for n, s in ipairs(train) do
  local offs, p = {}, pos
  for k, tok in ipairs(s.tokens) do
    offs[k] = { p, p + #tok - 1 }
    p = p + #tok + 1
  end
  for _, sp in ipairs(gold_spans(s)) do
    train_spans[#train_spans + 1] = { first = offs[sp[1]][1], last = offs[sp[2]][2], type = sp[3] }
  end
  train_text[n] = table.concat(s.tokens, " ")
  pos = pos + #train_text[n] + 1
end
local report = g:calibrate { text = table.concat(train_text, "\n"), spans = train_spans }
local ndemoted, ntrusted = 0, 0
for _ in pairs(report.demoted) do ndemoted = ndemoted + 1 end
for _ in pairs(report.trusted) do ntrusted = ntrusted + 1 end
results[#results + 1] = { ("(b) arabic, calibrated (%d keys demoted, %d trusted)"):format(ndemoted, ntrusted), score(run(g), dev_gold) }
results[#results + 1] = { "(b) arabic, calibrated + fuzzy", score(run(g, { fuzzy = true }), dev_gold) }
-- learn(): the same train annotations, every type a string had, and the
-- clitic-stripped forms of each string (gold spans include clitics)
local ann = { text = table.concat(train_text, "\n"), spans = train_spans }
local gl = gazetteer.new():learn(ann)
gl:calibrate(ann)
results[#results + 1] = { "(b) arabic, calibrated + extend_names", score(run(g, { extend_names = true }), dev_gold) }
results[#results + 1] = { "(b') arabic, learn() + calibrated", score(run(gl), dev_gold) }
results[#results + 1] = { "(b') arabic, learn() + calibrated + extend_names", score(run(gl, { extend_names = true }), dev_gold) }
results[#results + 1] = { "(b') ... + extend_names + fuzzy", score(run(gl, { extend_names = true, fuzzy = true }), dev_gold) }
local default = gazetteer.default()
local pred_default = run(default)
results[#results + 1] = { "(c) default gazetteer alone", score(pred_default, dev_gold) }

local arabic = require "arabic"
local function run_entities(lines, opts)
  local pred = {}
  for n, line in ipairs(lines) do
    for _, m in ipairs(arabic.entities(line, opts)) do
      pred[n .. ":" .. m.token_first .. ":" .. m.last] = m.type
    end
  end
  return pred
end
results[#results + 1] = { "(d) arabic.entities, unknown_names = false", score(run_entities(dev_lines, { unknown_names = false }), dev_gold) }
results[#results + 1] = { "(d) arabic.entities (default: + names from context)", score(run_entities(dev_lines), dev_gold) }
results[#results + 1] = { "(d) train gazetteer calibrated + extend_names, through arabic.entities",
  score(run_entities(dev_lines, { gazetteers = { g }, extend_names = true }), dev_gold) }

-- NewsFANE: the same scoring; its text is segmented (و قال) and partly
-- ANERcorp's, so the sentences that are also in our train part (compared
-- without spaces and hamza/yeh spellings) are left out of the second score.
local nf = dir .. "/newsfane.conll"
local nfh = io.open(nf, "rb")
if nfh then
  nfh:close()
  local nsent, c2 = {}, { tokens = {}, tags = {} }
  for line in io.lines(nf) do
    line = line:gsub("\r$", "")
    if line == "" then
      if #c2.tokens > 0 then nsent[#nsent + 1] = c2 end
      c2 = { tokens = {}, tags = {} }
    else
      local tok, tag = line:match("^(.-)\t(%S+)$")
      if tok then
        c2.tokens[#c2.tokens + 1] = tok
        c2.tags[#c2.tags + 1] = tag
      end
    end
  end
  if #c2.tokens > 0 then nsent[#nsent + 1] = c2 end
  local norm = arabic.normalizer("search")
  local function key(toks) return (norm(table.concat(toks, "")):gsub("[%s\216\167\217\138\217\135\216\169]", "")) end
  local in_train = {}
  for _, s in ipairs(train) do in_train[key(s.tokens)] = true end
  local function gold_and_lines(filter)
    local lines, gold = {}, {}
    for _, s in ipairs(nsent) do
      if not filter or not in_train[key(s.tokens)] then
        local n = #lines + 1
        lines[n] = table.concat(s.tokens, " ")
        local offs, p = {}, 1
        for k, tok in ipairs(s.tokens) do
          offs[k] = { p, p + #tok - 1 }
          p = p + #tok + 1
        end
        for _, sp in ipairs(gold_spans(s)) do gold[n .. ":" .. offs[sp[1]][1] .. ":" .. offs[sp[2]][2]] = sp[3] end
      end
    end
    return lines, gold
  end
  for _, filter in ipairs { false, true } do
    local lines, gold = gold_and_lines(filter)
    local label = filter and ("NewsFANE, %d sentences not in our train part"):format(#lines)
      or ("NewsFANE, all %d sentences"):format(#lines)
    results[#results + 1] = { "(e) " .. label .. ": default gazetteer alone", score(run_entities(lines, { unknown_names = false }), gold) }
    results[#results + 1] = { "(e) " .. label .. ": arabic.entities", score(run_entities(lines), gold) }
  end
end

print(("ANERcorp: %d sentences; train %d (gazetteer of %d entity strings), dev %d (%d gold entities)")
  :format(#sentences, #train, #entries, #dev, (function() local n = 0 for _ in pairs(dev_gold) do n = n + 1 end return n end)()))
print(("%-72s %17s %17s %17s %17s %17s"):format("exact-span P/R/F1 on dev", "ALL", "LOC", "PER", "ORG", "MISC"))
for _, r in ipairs(results) do
  local row = {}
  for _, t in ipairs { "ALL", "LOC", "PER", "ORG", "MISC" } do
    local x = r[2][t]
    row[#row + 1] = ("%5.1f %5.1f %5.1f"):format(x.p, x.r, x.f)
  end
  print(("%-72s %s"):format(r[1], table.concat(row, " ")))
end

local a = results[1][2].ALL.f
print(("vs exact whole-token matching (F1 points): same gazetteer calibrated %+.1f, + extend_names %+.1f; learn() + calibrated + extend_names %+.1f; default gazetteer LOC F1 %.1f")
  :format(results[4][2].ALL.f - a, results[6][2].ALL.f - a, results[8][2].ALL.f - a, results[10][2].LOC.f))
