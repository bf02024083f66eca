# arabic — build, test, bench and demo.
#
#   make demo     install what is missing (Debian), build, run the example
#   make test     the whole test suite; ends with "N passed, N failed"
#   make bench    benchmarks with same-run baselines (not a test)
#   make          build the C core and arabic.core for every installed Lua
#   eval "$(make -s env)"   [LUA=lua5.3]  use the checkout from Lua

CC       ?= cc
OPT      ?= -O2 -g
WARN     := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
DEPS_CFLAGS := $(shell pkg-config --cflags libutf8proc libpcre2-8 2>/dev/null)
DEPS_LIBS   := $(shell pkg-config --libs libutf8proc libpcre2-8 2>/dev/null || echo -lutf8proc -lpcre2-8)
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -DPCRE2_CODE_UNIT_WIDTH=8
ALL_CFLAGS = $(WARN) $(OPT) -fPIC $(DEPS_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(EXTRA_CFLAGS)
LDFLAGS  ?=
ALL_LDFLAGS = $(LDFLAGS) $(EXTRA_LDFLAGS)

BUILD    ?= build
CORE     := core options normalize offmap chars tokens sentences regex words gaz_build gaz_view gaz_file gaz_match names translit stem minhash lists triggers jsonrec
CORE_OBJ := $(CORE:%=$(BUILD)/obj/%.o)
HEADERS  := $(wildcard csrc/*.h)

# Every supported Lua whose headers are installed gets its own module:
# build/5.4/arabic/core.so, build/5.3/..., build/5.1/..., build/luajit/...
lua_inc = $(firstword $(wildcard /usr/include/lua$(1)/lua.h /usr/local/include/lua$(1)/lua.h))
LUA_VERSIONS := $(foreach v,5.4 5.3 5.1,$(if $(call lua_inc,$(v)),$(v))) \
                $(if $(wildcard /usr/include/luajit-2.1/lua.h),luajit)
inc_5.4    := $(dir $(call lua_inc,5.4))
inc_5.3    := $(dir $(call lua_inc,5.3))
inc_5.1    := $(dir $(call lua_inc,5.1))
inc_luajit := /usr/include/luajit-2.1/
interp_5.4 := lua5.4
interp_5.3 := lua5.3
interp_5.1 := lua5.1
interp_luajit := luajit
MODULES  := $(LUA_VERSIONS:%=$(BUILD)/%/arabic/core.so)

# For `make env`: which Lua the exports are for.
LUA ?= lua5.4
LUA_DIR := $(if $(findstring luajit,$(LUA)),luajit,$(patsubst lua%,%,$(LUA)))

.PHONY: all lib modules gazetteer-data dates-data test test-run test-c test-lua test-rock test-asan test-tsan \
        test-asan-run test-tsan-run test-valgrind test-valgrind-run bench bench-run demo demo-run deps env clean check-deps check-lua \
        dist
.DEFAULT_GOAL := all

all: check-lua lib modules $(BUILD)/default.gaz

# Which Lua versions get a module is decided when make reads this file, so a
# build on a machine without Lua headers stops here with what to install
# (`make demo` and `make test` install first, then build in a fresh make).
check-lua:
	@if [ -z "$(strip $(LUA_VERSIONS))" ]; then \
	    echo "make: no Lua headers found (Debian: liblua5.4-dev, liblua5.3-dev, liblua5.1-0-dev or libluajit-5.1-dev)." >&2; \
	    echo "make: run 'make deps' to install them, or see README.md for other systems." >&2; exit 1; fi

lib: $(BUILD)/libarabic.a $(BUILD)/libarabic.so

modules: $(MODULES)

$(BUILD)/obj/%.o: csrc/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libarabic.a: $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libarabic.so: $(CORE_OBJ)
	$(CC) -shared -o $@ $^ $(ALL_LDFLAGS) $(DEPS_LIBS)

# The Lua module: the binding plus the core, never linked with -llua (the
# host interpreter provides the Lua API); with POSIX threads (the entity
# worker of `arabic annotate`).
define module_rule
$(BUILD)/$(1)/arabic/core.so: csrc/lua_arabic.c $(CORE_OBJ) $(HEADERS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ALL_CFLAGS) -pthread -I$(inc_$(1)) -shared -o $$@ csrc/lua_arabic.c $(CORE_OBJ) $$(ALL_LDFLAGS) \
	    $$(DEPS_LIBS) -lpthread
endef
$(foreach v,$(LUA_VERSIONS),$(eval $(call module_rule,$(v))))

# The default gazetteer, compiled once so it opens in milliseconds.
FIRST_V   := $(firstword $(LUA_VERSIONS))
FIRST_LUA := $(interp_$(FIRST_V))
GAZ_SOURCES := $(addprefix data/gazetteers/,$(shell grep -v '^\#' data/gazetteers/default.txt 2>/dev/null))
LUA_SOURCES := $(wildcard lua/arabic/*.lua lua/arabic/*/*.lua)

ifneq ($(FIRST_V),)
$(BUILD)/default.gaz: $(GAZ_SOURCES) data/gazetteers/default.txt $(BUILD)/$(FIRST_V)/arabic/core.so $(LUA_SOURCES)
	$(FIRST_LUA) bin/arabic gazetteer compile $(GAZ_SOURCES) -o $@
else
$(BUILD)/default.gaz: check-lua
endif

# Regenerate the gazetteer files derived from Debian data (iso-codes,
# unicode-cldr-core); their output is committed, users never need this.
gazetteer-data:
	sh .ci/deps.sh iso-codes unicode-cldr-core
	$(FIRST_LUA) data/gazetteers/generate.lua
	$(FIRST_LUA) data/gazetteers/check.lua

# The Umm al-Qura table, derived from ICU (a generator-only dependency);
# data/dates/ummalqura.tsv is committed.
dates-data:
	sh .ci/deps.sh libicu-dev
	$(CC) -o $(BUILD)/ummalqura-gen data/dates/ummalqura-gen.c $$(pkg-config --cflags --libs icu-i18n)
	$(BUILD)/ummalqura-gen > data/dates/ummalqura.tsv

# ------------------------------------------------------------------ tests

C_TESTS := $(patsubst spec/c/%.c,$(BUILD)/test/%,$(wildcard spec/c/test_*.c))

# Headers shared by some C tests.
$(BUILD)/test/test_threads $(BUILD)/test/test_alloc: spec/c/texts.h spec/c/results.h
$(BUILD)/test/test_lua_states: spec/c/texts.h

# test_alloc fails the core's allocations one by one: GNU ld's --wrap sends
# the calls libarabic.a makes through the test's __wrap_* functions.
$(BUILD)/test/test_alloc: spec/c/test_alloc.c spec/c/check.h $(BUILD)/libarabic.a csrc/arabic.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Icsrc -o $@ spec/c/test_alloc.c $(BUILD)/libarabic.a $(ALL_LDFLAGS) $(DEPS_LIBS) \
		-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free

# test_lua_states embeds Lua 5.4 and loads $(BUILD)/5.4/arabic/core.so into
# several Lua states; built only when the Lua 5.4 headers are installed.
ifneq ($(filter 5.4,$(LUA_VERSIONS)),)
LUA54_LIBS := $(shell pkg-config --libs lua5.4 2>/dev/null || echo -llua5.4)
$(BUILD)/test/test_lua_states: spec/c/test_lua_states.c spec/c/check.h $(BUILD)/5.4/arabic/core.so
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -I$(inc_5.4) -Icsrc -DAR_TEST_BUILD='"$(BUILD)"' -o $@ spec/c/test_lua_states.c \
		$(ALL_LDFLAGS) $(LUA54_LIBS) -lpthread
else
C_TESTS := $(filter-out $(BUILD)/test/test_lua_states,$(C_TESTS))
endif

$(BUILD)/test/%: spec/c/%.c spec/c/check.h $(BUILD)/libarabic.a csrc/arabic.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Icsrc -o $@ $< $(BUILD)/libarabic.a $(ALL_LDFLAGS) $(DEPS_LIBS) -lpthread

# `make test` and `make demo` install the packages first and then build in a
# second make, which reads this file again and so sees what was just
# installed (the Lua versions, include paths and libraries are found at
# parse time). NO_DEPS=1 skips the install step.
test: check-deps
	@$(MAKE) --no-print-directory test-run

test-run: all $(C_TESTS)
	@LUA_VERSIONS="$(LUA_VERSIONS)" BUILD="$(BUILD)" C_TESTS="$(C_TESTS)" sh spec/run-all.sh

test-c: $(C_TESTS)
	@for t in $(C_TESTS); do $$t || exit 1; done

test-lua: all
	@LUA_VERSIONS="$(LUA_VERSIONS)" BUILD="$(BUILD)" C_TESTS= SUITES=busted sh spec/run-all.sh

test-rock: all
	@LUA_VERSIONS="$(LUA_VERSIONS)" BUILD="$(BUILD)" C_TESTS= SUITES=rock sh spec/run-all.sh

# --------------------------------------------------------- sanitizers

# make test-asan: the core, the C tests and every Lua module built with
# AddressSanitizer + UBSan into build/asan, then the C tests and busted under
# every Lua with the ASan runtime preloaded into the interpreter.
ASAN_CFLAGS  := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
ASAN_LDFLAGS := -fsanitize=address,undefined
ASAN_RT      = $(shell $(CC) -print-file-name=libasan.so)
ASAN_ENV     = LD_PRELOAD=$(ASAN_RT) ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:$(ASAN_EXTRA) \
               LSAN_OPTIONS=suppressions=$(CURDIR)/spec/lsan.supp:print_suppressions=0 \
               UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

test-asan: check-deps
	@$(MAKE) --no-print-directory test-asan-run

test-asan-run:
	@ASAN_OPTIONS=detect_leaks=0 LD_PRELOAD=$(ASAN_RT) $(MAKE) --no-print-directory BUILD=$(BUILD)/asan \
	    EXTRA_CFLAGS="$(ASAN_CFLAGS)" EXTRA_LDFLAGS="$(ASAN_LDFLAGS)" all \
	    $(patsubst $(BUILD)/%,$(BUILD)/asan/%,$(C_TESTS)) >/dev/null
	@$(ASAN_ENV) LUA_VERSIONS="$(LUA_VERSIONS)" BUILD="$(BUILD)/asan" \
	    C_TESTS="$(patsubst $(BUILD)/%,$(BUILD)/asan/%,$(C_TESTS))" SUITES="c busted" sh spec/run-all.sh

# make test-tsan: the threaded C tests (8 threads sharing one normalizer,
# gazetteer, pattern and abbreviation set; the module in several Lua states)
# built with ThreadSanitizer into build/tsan.
TSAN_TESTS := test_threads test_lua_states

test-tsan: check-deps
	@$(MAKE) --no-print-directory test-tsan-run

test-tsan-run:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/tsan EXTRA_CFLAGS=-fsanitize=thread \
	    EXTRA_LDFLAGS=-fsanitize=thread $(TSAN_TESTS:%=$(BUILD)/tsan/test/%) >/dev/null
	@TSAN_OPTIONS=halt_on_error=1 BUILD="$(BUILD)/tsan" C_TESTS="$(TSAN_TESTS:%=$(BUILD)/tsan/test/%)" \
	    SUITES=c sh spec/run-all.sh

# make test-valgrind: the C tests and the core's busted specs under valgrind.
VALGRIND := valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
            --suppressions=$(CURDIR)/spec/valgrind.supp -q
VALGRIND_SPECS := spec/normalize_spec.lua spec/map_spec.lua spec/tokens_spec.lua spec/sentences_spec.lua \
                  spec/gazetteer_spec.lua spec/regex_spec.lua spec/properties_spec.lua

test-valgrind: check-deps
	@$(MAKE) --no-print-directory test-valgrind-run

test-valgrind-run: all $(C_TESTS)
	@for t in $(C_TESTS); do echo "valgrind $$t"; $(VALGRIND) $$t >$(BUILD)/valgrind.out 2>&1; rc=$$?; \
	    tail -n 1 $(BUILD)/valgrind.out; [ $$rc -eq 0 ] || { cat $(BUILD)/valgrind.out; exit 1; }; done
	@echo "valgrind busted ($(VALGRIND_SPECS))"
	@LUA_PATH="$(CURDIR)/lua/?.lua;$(CURDIR)/lua/?/init.lua;$(CURDIR)/spec/?.lua;;" \
	    LUA_CPATH="$(CURDIR)/$(BUILD)/5.4/?.so;;" ARABIC_LUA=lua5.4 \
	    $(VALGRIND) lua5.4 /usr/bin/busted --run=5.4 -o TAP $(VALGRIND_SPECS) >$(BUILD)/valgrind.out 2>&1; \
	    rc=$$?; grep -c '^ok ' $(BUILD)/valgrind.out | sed 's/$$/ specs passed under valgrind/'; \
	    [ $$rc -eq 0 ] || { grep -v '^ok ' $(BUILD)/valgrind.out | head -60; exit 1; }

# make fuzz [FUZZ_SECONDS=60]: every libFuzzer target in csrc/fuzz/ (clang)
-include csrc/fuzz/fuzz.mk

# ------------------------------------------------------------ benchmarks

bench: check-deps
	@$(MAKE) --no-print-directory bench-run

bench-run: all $(BUILD)/bench/bench_normalize $(BUILD)/bench/bench_gazetteer $(BUILD)/bench/bench_sentences
	@sh bench/run.sh

# ICU is a benchmark-only baseline: used when installed, never by the library.
ICU_FLAGS := $(shell pkg-config --exists icu-uc 2>/dev/null && echo "-DHAVE_ICU $$(pkg-config --cflags --libs icu-uc)")

$(BUILD)/bench/bench_sentences: bench/bench_sentences.c $(BUILD)/libarabic.a csrc/arabic.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -O3 -Icsrc -o $@ $< $(BUILD)/libarabic.a $(ALL_LDFLAGS) $(DEPS_LIBS) $(ICU_FLAGS)

$(BUILD)/bench/%: bench/%.c $(BUILD)/libarabic.a csrc/arabic.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -O3 -Icsrc -o $@ $< $(BUILD)/libarabic.a $(ALL_LDFLAGS) $(DEPS_LIBS)

# ------------------------------------------------------------------ demo

demo: check-deps
	@$(MAKE) --no-print-directory demo-run

demo-run: all
	@sh examples/demo.sh

# ------------------------------------------------------------ packaging

# make dist [DIST_URL=https://where/the/archive/goes]: the versioned
# rockspec, the source archive and the source rock in build/dist/, built
# offline from the checkout (rockspec/dist.sh); then, without network:
#   luarocks install build/dist/arabic-$(VERSION)-$(ROCK_REV).src.rock
# make test installs it into a temporary tree (spec/dist-check.sh).
VERSION  := $(shell sed -n 's/^\#define AR_VERSION_STRING "\(.*\)"/\1/p' csrc/arabic.h)
ROCK_REV ?= 1
DIST_DIR ?= $(BUILD)/dist
DIST_URL ?=

dist:
	@sh rockspec/dist.sh "$(VERSION)" "$(ROCK_REV)" "$(DIST_DIR)" "$(DIST_URL)"

# ------------------------------------------------------ environment, deps

env:
	@echo 'export LUA_PATH="$(CURDIR)/lua/?.lua;$(CURDIR)/lua/?/init.lua;;"'
	@echo 'export LUA_CPATH="$(CURDIR)/$(BUILD)/$(LUA_DIR)/?.so;;"'
	@echo 'export PATH="$(CURDIR)/bin:$$PATH"'

# Debian packages the build, the tests and the demo use.
DEB_PKGS := build-essential pkg-config lua5.4 liblua5.4-dev lua5.3 liblua5.3-dev \
            lua5.1 liblua5.1-0-dev luajit libluajit-5.1-dev libutf8proc-dev \
            libpcre2-dev lua-busted luarocks pandoc lua-cjson parallel lua-check valgrind unzip

# PDF through LaTeX (about 700 MB, so not part of `make deps`): the TeX
# engines, babel's Arabic, the fonts the pandoc filter asks for (Amiri, Latin
# Modern, DejaVu Sans Mono) and pdftotext for the PDF test. With them
# installed, `make demo` also writes build/demo/article.pdf and `make test`
# runs the PDF test; CI installs them (.ci/run).
PDF_PKGS := texlive-xetex texlive-luatex texlive-lang-arabic fonts-hosny-amiri lmodern fonts-lmodern \
            fonts-dejavu-core poppler-utils

deps:
	@sh .ci/deps.sh $(DEB_PKGS)

deps-pdf:
	@sh .ci/deps.sh $(PDF_PKGS)

check-deps:
	@$(if $(NO_DEPS),:,sh .ci/deps.sh $(DEB_PKGS))

clean:
	rm -rf $(BUILD)

# ------------------------------------------------------- transliteration

# make bench also measures transliteration (bench/bench_translit.c).
bench-run: $(BUILD)/bench/bench_translit

# make test-tsan: test_translit shares transliterators between threads too.
TSAN_TESTS += test_translit
