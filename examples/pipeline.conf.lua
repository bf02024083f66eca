-- A pipeline configuration for `arabic annotate --config` (the keys of
-- arabic.pipeline): remove page chrome, then find sentences, entities
-- from the default gazetteer, dates and numbers.
return {
  boilerplate = true,
  sentences = { mode = "auto" },
  entities = { gazetteers = { "default" }, extend_names = true },
  dates = true,
  numbers = true,
}
