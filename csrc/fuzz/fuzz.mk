# csrc/fuzz/fuzz.mk — libFuzzer targets for the C core (included by the
# top-level Makefile; also usable as `make -f Makefile -f csrc/fuzz/fuzz.mk`).
#
#   make fuzz-build              build every target into $(BUILD)/fuzz/
#   make fuzz [FUZZ_SECONDS=60]  run each target in turn; ends with
#                                "N passed, N failed"
#   make fuzz FUZZ_TARGETS="fuzz_regex fuzz_tokens"   only these
#   make fuzz-clean              remove $(BUILD)/fuzz/
#
# The core is compiled again with clang and the sanitizers (the gcc objects
# of the normal build are never reused). See csrc/fuzz/README.md.

FUZZ_CC      ?= clang
BUILD        ?= build
FUZZ_SECONDS ?= 60
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_SRC     := csrc/fuzz
FUZZ_SAN     ?= -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_OPT     ?= -O1 -g -fno-omit-frame-pointer
FUZZ_WARN    ?= -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
FUZZ_DEPS_CFLAGS := $(shell pkg-config --cflags libutf8proc libpcre2-8 2>/dev/null)
FUZZ_DEPS_LIBS   := $(shell pkg-config --libs libutf8proc libpcre2-8 2>/dev/null || echo -lutf8proc -lpcre2-8)
FUZZ_CPPFLAGS    := -D_POSIX_C_SOURCE=200809L -DPCRE2_CODE_UNIT_WIDTH=8 -Icsrc
FUZZ_CFLAGS_ALL   = $(FUZZ_WARN) $(FUZZ_OPT) $(FUZZ_SAN) $(FUZZ_DEPS_CFLAGS) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS)
# libFuzzer options for every run; -runs, -max_total_time are added per run.
FUZZ_RUN_FLAGS   ?= -rss_limit_mb=2048 -timeout=10 -print_final_stats=1

# The core sources: the top-level Makefile's CORE when it is defined.
FUZZ_CORE := $(if $(CORE),$(CORE),core options normalize offmap chars tokens sentences regex words gaz_build gaz_view gaz_file gaz_match names translit stem minhash lists triggers jsonrec)
FUZZ_CORE_OBJ := $(FUZZ_CORE:%=$(FUZZ_DIR)/obj/%.o)
FUZZ_HEADERS  := $(wildcard csrc/*.h) $(FUZZ_SRC)/fuzz_common.h

# The dates and pipeline targets embed Lua 5.4 with the arabic.core binding linked in.
FUZZ_LUA_INC  ?= $(firstword $(wildcard /usr/include/lua5.4 /usr/local/include/lua5.4))
FUZZ_LUA_LIB  ?= -llua5.4
FUZZ_LUA_DIR  ?= $(CURDIR)/lua

FUZZ_TARGETS_C := fuzz_normalize fuzz_tokens fuzz_sentences fuzz_gazetteer fuzz_gazfile fuzz_regex fuzz_tsv fuzz_names \
                  fuzz_translit fuzz_corpus fuzz_jsonrec
FUZZ_TARGETS   ?= $(FUZZ_TARGETS_C) $(if $(FUZZ_LUA_INC),fuzz_dates fuzz_pipeline)
FUZZ_BINS      := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/%)

.PHONY: fuzz-build fuzz fuzz-clean

fuzz-build: $(FUZZ_BINS)

$(FUZZ_DIR)/obj/%.o: csrc/%.c $(FUZZ_HEADERS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS_ALL) -c $< -o $@

$(FUZZ_DIR)/obj/lua_arabic.o: csrc/lua_arabic.c $(FUZZ_HEADERS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS_ALL) -I$(FUZZ_LUA_INC) -c $< -o $@

$(FUZZ_DIR)/fuzz_dates $(FUZZ_DIR)/fuzz_pipeline: $(FUZZ_DIR)/%: $(FUZZ_SRC)/%.c $(FUZZ_SRC)/fuzz_lua.h \
		$(FUZZ_DIR)/obj/lua_arabic.o $(FUZZ_CORE_OBJ) $(FUZZ_HEADERS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS_ALL) -I$(FUZZ_LUA_INC) -DFUZZ_LUA_DIR='"$(FUZZ_LUA_DIR)"' -o $@ $< \
		$(FUZZ_DIR)/obj/lua_arabic.o $(FUZZ_CORE_OBJ) $(FUZZ_LUA_LIB) $(FUZZ_DEPS_LIBS) -lm

$(FUZZ_DIR)/%: $(FUZZ_SRC)/%.c $(FUZZ_CORE_OBJ) $(FUZZ_HEADERS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS_ALL) -o $@ $< $(FUZZ_CORE_OBJ) $(FUZZ_DEPS_LIBS)

# Each target runs alone (one job) on a scratch copy of its seed corpus in
# $(FUZZ_DIR)/work/<target>/ (kept between runs), crashes go to
# $(FUZZ_DIR)/artifacts/<target>/.
fuzz: fuzz-build
	@FUZZ_DIR="$(FUZZ_DIR)" FUZZ_SECONDS="$(FUZZ_SECONDS)" FUZZ_RUN_FLAGS="$(FUZZ_RUN_FLAGS)" \
		sh $(FUZZ_SRC)/run.sh $(FUZZ_TARGETS)

fuzz-clean:
	rm -rf $(FUZZ_DIR)
