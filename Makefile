# asyncreview: plain GNU make. `make`, `make check`, `make SAN=1 check`, `make fuzz`, `make fuzz-smoke`,
# `make bench`, `make lint`. Sources are found by wildcard: a new .c under src/ needs no edit here.
CC ?= cc
SAN ?= 0
PYTHON ?= python3

WARNINGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Werror
CPPFLAGS += -Isrc -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
CFLAGS ?= -O2 -g
CFLAGS += -std=c11 $(WARNINGS) -pthread
LDLIBS += -lm -pthread

ifeq ($(SAN),1)
BUILD := build-san
CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
CPPFLAGS += -DARENA_SANITIZE
LDFLAGS += -fsanitize=address,undefined
else
BUILD := build
endif

# Required libraries for the LLM client of `review --llm` (src/llm): libcurl (Debian's
# libcurl4-openssl-dev) and cJSON (Debian's libcjson-dev), found with pkg-config. Not checked for
# `make clean` and `make lint`, which build nothing.
ifneq ($(if $(MAKECMDGOALS),$(filter-out clean lint,$(MAKECMDGOALS)),all),)
ifneq ($(shell pkg-config --exists libcurl 2>/dev/null && echo yes),yes)
$(error pkg-config cannot find libcurl; install Debian's libcurl4-openssl-dev (scripts/setup-debian))
endif
ifneq ($(shell pkg-config --exists libcjson 2>/dev/null && echo yes),yes)
$(error pkg-config cannot find libcjson; install Debian's libcjson-dev (scripts/setup-debian))
endif
endif
CPPFLAGS += -DHAVE_CURL -DHAVE_CJSON $(shell pkg-config --cflags libcurl libcjson 2>/dev/null)
# libcurl is opened at run time by src/llm/curl_lazy.c (only --llm needs it): not linked
LDLIBS += $(shell pkg-config --libs libcjson 2>/dev/null) -ldl

# ICU (Debian's libicu-dev) gives Unicode data the parser needs as CPython has it: identifier classes
# (XID_Start/XID_Continue), NFKC normalisation of identifiers, \N{NAME} escapes, str.isprintable.
ICU_CFLAGS := $(shell pkg-config --cflags icu-uc 2>/dev/null)
ICU_LIBS := $(shell pkg-config --libs icu-uc 2>/dev/null || echo -licuuc -licudata)
CPPFLAGS += $(ICU_CFLAGS)
LDLIBS += $(ICU_LIBS)

LIB_SRCS := $(filter-out src/cli/main.c,$(sort $(wildcard src/*/*.c)))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
UNIT_SRCS := $(sort $(wildcard tests/unit/*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
BIN := $(BUILD)/asyncreview

.PHONY: all check bench parse-speed fuzz fuzz-smoke lint clean
all: $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libasyncreview.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/src/cli/main.o $(BUILD)/libasyncreview.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libasyncreview.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libasyncreview.a $(LDLIBS)

# check: every test; the last line is "N passed, N failed".
check: $(BIN) $(UNIT_BINS)
	@$(PYTHON) tests/run_tests.py --build $(BUILD) $(if $(filter 1,$(SAN)),--sanitized,)

# Fuzzing needs clang's libFuzzer.
FUZZ_CC ?= clang
FUZZ_SRCS := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_SRCS:fuzz/%.c=build-fuzz/%)
# The library is built once (objects in parallel, instrumented for the fuzzer) into an archive, so each
# target links only the modules it uses.
FUZZ_FLAGS := -DARENA_SANITIZE -std=c11 -g -O1 -Wall -Wextra -Werror -fno-sanitize-recover=all
FUZZ_OBJS := $(LIB_SRCS:%.c=build-fuzz/obj/%.o)
build-fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link,address,undefined -MMD -MP -c $< -o $@
build-fuzz/libasyncreview.a: $(FUZZ_OBJS)
	@rm -f $@
	ar rcs $@ $^
build-fuzz/%: fuzz/%.c build-fuzz/libasyncreview.a
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< \
	  build-fuzz/libasyncreview.a $(LDLIBS)
fuzz: $(FUZZ_BINS)
FUZZ_SECONDS ?= 20
fuzz-smoke: $(FUZZ_BINS)
	@set -e; for f in $(FUZZ_BINS); do \
	  name=$$(basename $$f); corpus=build-fuzz/corpus-$$name; mkdir -p $$corpus; \
	  echo "fuzz-smoke: $$name for $(FUZZ_SECONDS)s"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
	      -artifact_prefix=build-fuzz/crash- $$corpus fuzz/corpus fuzz/regress >build-fuzz/$$name.log 2>&1 \
	    || { tail -n 40 build-fuzz/$$name.log; exit 1; }; \
	  grep -E '^(#[0-9]+ +DONE|Done [0-9]+ runs)' build-fuzz/$$name.log | tail -n 1; \
	done

bench: $(BIN) $(BUILD)/tests/analysis_skim
	@$(PYTHON) bench/bench.py --bin $(BIN)

# parse-speed: times decode, lex and parse of the stdlib in memory on one thread (bench/parse_speed.c).
parse-speed: $(BUILD)/bench/parse_speed
	$(BUILD)/bench/parse_speed $(PARSE_SPEED_ARGS)
$(BUILD)/bench/parse_speed: bench/parse_speed.c $(BUILD)/libasyncreview.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libasyncreview.a $(LDLIBS)

lint:
	clang-format --dry-run --Werror $(shell find src tests/unit fuzz bench -name '*.[ch]')

clean:
	rm -rf build build-san build-fuzz

-include $(LIB_OBJS:.o=.d) $(BUILD)/src/cli/main.d $(wildcard build-fuzz/obj/src/*/*.d)
