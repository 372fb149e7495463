# OmenDB build. `make run` and `make test` are the two entry points (README.md).
# Every src/**/*.c except src/server/main.c goes into one static library; unit tests
# tests/unit/<subsystem>/test_*.c are each linked against it as their own binary.
# SAN=1 builds everything with ASan+UBSan into build-san/. CC=clang works too.
# FUZZ=1 builds the library with clang, ASan+UBSan and libFuzzer's coverage into
# build-fuzz/, and the harnesses tests/fuzz/fuzz_*.c (`make FUZZ=1 fuzz-bins`).

CC      ?= gcc
SAN     ?= 0
FUZZ    ?= 0
ifeq ($(FUZZ),1)
  CC      := clang
  BUILD   := build-fuzz
  # FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION: the libFuzzer convention; here it only
  # lets records with a wrong checksum through, so the fuzzer reaches the decoders.
  OPT     := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=undefined -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
  LDSAN   := -fsanitize=address,undefined
else ifeq ($(SAN),1)
  BUILD   := build-san
  OPT     := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  LDSAN   := -fsanitize=address,undefined
else
  BUILD   := build
  OPT     := -O2 -g
  LDSAN   :=
endif

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wformat=2 \
           -Wno-unused-parameter -Werror
CFLAGS  += -std=c11 -D_GNU_SOURCE -pthread $(OPT) $(WARN) -Isrc -I$(BUILD)/gen -MMD -MP
LDLIBS  := -lpg_query -lprotobuf-c -lurcu -lssl -lcrypto -lzstd -lsnappy -lmicrohttpd -ljansson \
           -lm -pthread

SRCS      := $(shell find src -name '*.c' ! -path 'src/server/main.c' | sort)
OBJS      := $(SRCS:%.c=$(BUILD)/%.o)
LIB       := $(BUILD)/libomendb.a
BIN       := $(BUILD)/omendb
UNIT_SRCS := $(shell find tests/unit -name 'test_*.c' 2>/dev/null | sort)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/unit/%)
INTEG_SRCS:= $(shell find tests/integration -name 'test_*.c' 2>/dev/null | sort)
INTEG_BINS:= $(INTEG_SRCS:tests/integration/%.c=$(BUILD)/tests/integration/%)
TOOL_SRCS := $(shell find tests/tools -name '*.c' 2>/dev/null | sort)
TOOL_BINS := $(TOOL_SRCS:tests/tools/%.c=$(BUILD)/tests/tools/%)
FUZZ_SRCS := $(shell find tests/fuzz -name 'fuzz_*.c' 2>/dev/null | sort)
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(BUILD)/tests/fuzz/%)
BENCH_SRCS:= $(shell find bench -name '*.c' 2>/dev/null | sort)
BENCH_BINS:= $(BENCH_SRCS:bench/%.c=$(BUILD)/bench/%)

.PHONY: all deps run test unit format format-check clean bench-bins fuzz-bins

all: $(BIN) $(UNIT_BINS) $(INTEG_BINS) $(TOOL_BINS)

deps:
	@scripts/install-deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

# The web console's page becomes a C byte array at build time (src/http/http_console.c).
$(BUILD)/gen/http_console_html.h: src/http/console.html
	@mkdir -p $(dir $@)
	{ echo 'static const unsigned char CONSOLE_HTML[] = {'; \
	  od -An -v -tx1 $< | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; echo '0x00};'; } >$@.tmp && mv $@.tmp $@
$(BUILD)/src/http/http_console.o: $(BUILD)/gen/http_console_html.h

$(LIB): $(OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/src/server/main.o $(LIB)
	$(CC) $(LDSAN) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/unit/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests -o $@ $< $(LIB) $(LDSAN) $(LDLIBS) -lcmocka

$(BUILD)/tests/integration/%: tests/integration/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests -I/usr/include/postgresql -o $@ $< $(LIB) $(LDSAN) $(LDLIBS) -lpq -lcmocka

# Parquet tools write and read files with the engine's own code (tests/parquet).
$(BUILD)/tests/tools/parquet_%: tests/tools/parquet_%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests -o $@ $< $(LIB) $(LDSAN) $(LDLIBS)

# Other test tools speak to servers only through libpq: they do not link the engine.
$(BUILD)/tests/tools/%: tests/tools/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I/usr/include/postgresql -o $@ $< $(LDSAN) -lpq -lcrypto

$(BUILD)/bench/%: bench/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -O3 -I/usr/include/postgresql -o $@ $< $(LIB) $(LDSAN) $(LDLIBS) -lpq

bench-bins: $(BENCH_BINS)

# libFuzzer harnesses (FUZZ=1 only): each defines LLVMFuzzerTestOneInput.
$(BUILD)/tests/fuzz/%: tests/fuzz/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests -fsanitize=fuzzer -o $@ $< $(LIB) $(LDSAN) $(LDLIBS)

fuzz-bins: $(FUZZ_BINS)

run: deps
	@$(MAKE) --no-print-directory $(BIN)
	@mkdir -p omendb-data
	@echo "omendb: starting on 127.0.0.1:5433, data in ./omendb-data"
	@echo "omendb: connect with:  psql -h 127.0.0.1 -p 5433 -U omendb omendb"
	@echo "omendb: web console at http://127.0.0.1:8080/ (HTTP API: docs/http.md)"
	exec $(BIN) serve --listen 127.0.0.1 --port 5433 --data ./omendb-data

test: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) SAN=$(SAN) tests/run_all.sh

unit: $(UNIT_BINS)
	@BUILD=$(BUILD) tests/run_all.sh unit

format:
	clang-format -i $$(find src tests bench -name '*.[ch]')

format-check:
	@clang-format --dry-run --Werror $$(find src tests bench -name '*.[ch]') && echo "format ok"

clean:
	rm -rf build build-san build-fuzz

-include $(OBJS:.o=.d) $(BUILD)/src/server/main.d
