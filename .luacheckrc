-- luacheck (Debian: lua-check): `luacheck .`
std = "max"
max_line_length = 130
ignore = { "542" } -- an empty if branch with a comment says "nothing to do here"
exclude_files = { "build/**", ".git/**" }
files["spec/**/*.lua"] = { std = "+busted", max_line_length = false } -- Arabic test strings
-- the date patterns and number words are tables of long alternations
files["lua/arabic/dates.lua"] = { max_line_length = false }
files["lua/arabic/numbers.lua"] = { max_line_length = false }
files["bench/**/*.lua"] = { max_line_length = false }
files["lua/arabic/filter.lua"] = { read_globals = { "pandoc", "PANDOC_VERSION", "PANDOC_SCRIPT_FILE", "FORMAT" },
  globals = { "Pandoc" } }
files["spec/pandoc/*.lua"] = { std = "+busted", max_line_length = false, read_globals = { "pandoc", "PANDOC_VERSION", "PANDOC_SCRIPT_FILE" },
  globals = { "arg" } }
files[".busted"] = { std = "max" }
files["**/*.rockspec"] = { std = "max", allow_defined_top = true, globals = { "rockspec_format", "package", "version",
  "source", "description", "dependencies", "external_dependencies", "build", "test_dependencies", "test" } }
