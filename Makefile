# rmsim - relationship-marketing simulation engine.
#
#   make demo     build (installing missing Debian packages) and run the flagship scenario
#   make test     build and run every test
#   make check    the tests again under AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench    speed figures for this machine
#   make lint     luacheck on the Lua scripts and scenarios
#   make install  PREFIX=/usr/local DESTDIR=
#   make deps     apt-get install what pkg-config cannot find

PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build
CC       ?= cc
PKG_CONFIG ?= pkg-config
LUA_PKG  := lua5.4

# Debian packages the build needs; `deps` installs the missing ones.
DEB_PACKAGES := pkg-config liblua5.4-dev libcmocka-dev libjansson-dev libmicrohttpd-dev

# Recursive (=) on purpose: evaluated after `deps` has run.
LUA_CFLAGS  = $(shell $(PKG_CONFIG) --cflags $(LUA_PKG))
LUA_LIBS    = $(shell $(PKG_CONFIG) --libs $(LUA_PKG))
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)
# JSON for the class state and requests; HTTP for `rmsim serve` only.
JSON_CFLAGS = $(shell $(PKG_CONFIG) --cflags jansson)
JSON_LIBS   = $(shell $(PKG_CONFIG) --libs jansson)
HTTP_CFLAGS = $(shell $(PKG_CONFIG) --cflags libmicrohttpd)
HTTP_LIBS   = $(shell $(PKG_CONFIG) --libs libmicrohttpd)

OPT      ?= -O2
MPI_FLAGS :=
ifeq ($(MPI),1)
CC := mpicc
BUILD := build/mpi
MPI_FLAGS := -DRMSIM_MPI
endif
SAN_FLAGS :=
ifeq ($(SAN),1)
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT := -O1
endif
CFLAGS   ?= $(OPT) -g
ALL_CFLAGS = -std=c11 -Wall -Wextra -Wpedantic -D_XOPEN_SOURCE=700 -Iinclude \
             -DRMSIM_SCRIPTS_DIR='"$(PREFIX)/share/rmsim/scripts"' \
             $(SAN_FLAGS) $(MPI_FLAGS) $(CFLAGS) $(LUA_CFLAGS) $(JSON_CFLAGS)
LDLIBS_ALL = $(LUA_LIBS) $(JSON_LIBS) -lm -lpthread

LIB_SRC  := $(sort $(wildcard engine/*.c engine/lua/*.c))
CLI_SRC  := $(sort $(wildcard engine/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o) $(BUILD)/web_assets.o
# The web classroom's pages, built into the binary (nothing from the internet).
WEB_FILES := $(sort $(wildcard engine/web/*.html engine/web/*.css engine/web/*.js engine/web/*.svg))
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

.PHONY: all test screenshots bench-serve check test-mpi fuzz fuzz-regress bench demo lint deps install uninstall clean
all: $(BUILD)/rmsim $(BUILD)/librmsim.a

$(BUILD)/%.o: %.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/engine/cli/serve.o: ALL_CFLAGS += $(HTTP_CFLAGS)

$(BUILD)/web_assets.c: $(WEB_FILES) engine/web/embed.sh
	@mkdir -p $(@D)
	sh engine/web/embed.sh $(WEB_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/web_assets.o: $(BUILD)/web_assets.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# Made anew each time: engine/cohort.o and engine/lua/cohort.o share a member
# name, and `ar r` on an old archive would replace one with the other.
$(BUILD)/librmsim.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/rmsim: $(CLI_OBJ) $(BUILD)/librmsim.a
	$(CC) $(SAN_FLAGS) $(CFLAGS) -o $@ $^ $(LDLIBS_ALL) $(HTTP_LIBS)

$(BUILD)/tests/%: tests/%.c tests/testutil.h $(BUILD)/librmsim.a | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -Iengine -o $@ $< $(BUILD)/librmsim.a \
	    $(CMOCKA_LIBS) $(LDLIBS_ALL)

# The browser test (tests/e2e) needs chromium and node: `make test` installs
# them when missing; when that is impossible (no network, a non-Debian node
# holding npm back) the test is skipped with the reason, the rest goes on.
E2E_PACKAGES := chromium nodejs npm

test: $(BUILD)/rmsim $(TEST_BIN)
	@command -v chromium >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || \
	    $(MAKE) --no-print-directory deps DEB_PACKAGES="$(E2E_PACKAGES)" || true
	@RMSIM=$(BUILD)/rmsim RMSIM_SCRIPTS=$(CURDIR)/scripts E2E_DIR=$(CURDIR)/build/e2e \
	    sh tests/run.sh $(TEST_BIN) tests/e2e/run.sh

# The browser test again, keeping its screenshots for docs/teaching.md.
screenshots: $(BUILD)/rmsim
	RMSIM=$(CURDIR)/$(BUILD)/rmsim SCREENSHOTS=$(CURDIR)/docs/img E2E_DIR=$(CURDIR)/build/e2e \
	    sh tests/e2e/run.sh

check:
	$(MAKE) --no-print-directory BUILD=build/san SAN=1 test

# Two MPI ranks on this machine must give the bytes one process gives.
test-mpi:
	@command -v mpicc >/dev/null 2>&1 || $(MAKE) --no-print-directory deps DEB_PACKAGES="libopenmpi-dev openmpi-bin"
	$(MAKE) --no-print-directory MPI=1 build/mpi/rmsim
	RMSIM_SCRIPTS=$(CURDIR)/scripts sh tests/mpi.sh build/mpi/rmsim

# libFuzzer targets (clang): every parser of outside input, and the Lua
# API fed values of every type. `make fuzz` runs each for FUZZ_SECONDS on
# a copy of its corpus; `make fuzz-regress` replays the kept corpus.
FUZZ_SECONDS ?= 30
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_FLAGS = -std=c11 -g -O1 -D_GNU_SOURCE -Iinclude -fsanitize=fuzzer,address,undefined \
             -DRMSIM_SCRIPTS_DIR='"$(CURDIR)/scripts"' $(LUA_CFLAGS) $(JSON_CFLAGS)

build/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_util.h $(LIB_SRC) engine/cli/args.c | deps
	@command -v clang >/dev/null 2>&1 || $(MAKE) --no-print-directory deps DEB_PACKAGES="clang libclang-rt-14-dev"
	@mkdir -p $(@D)
	clang $(FUZZ_FLAGS) -o $@ $< $(LIB_SRC) engine/cli/args.c $(LUA_LIBS) $(JSON_LIBS) -lm -lpthread

# The command line, main renamed so that the fuzzer's own main drives it.
# Every command is linked in, `serve` too: its HTTP library and built-in pages.
build/fuzz/fuzz_cli: tests/fuzz/fuzz_cli.c tests/fuzz/fuzz_util.h $(LIB_SRC) $(CLI_SRC) \
                     $(BUILD)/web_assets.c | deps
	@command -v clang >/dev/null 2>&1 || $(MAKE) --no-print-directory deps DEB_PACKAGES="clang libclang-rt-14-dev"
	@mkdir -p $(@D)
	clang $(FUZZ_FLAGS) $(HTTP_CFLAGS) -Dmain=rmsim_main -o $@ $< $(LIB_SRC) $(CLI_SRC) \
	    $(BUILD)/web_assets.c $(LUA_LIBS) $(JSON_LIBS) $(HTTP_LIBS) -lm -lpthread

fuzz: $(FUZZ_TARGETS)
	@for t in $(FUZZ_TARGETS); do n=$${t##*/fuzz_}; mkdir -p build/fuzz/corpus-$$n; \
	    cp tests/fuzz/corpus/$$n/* build/fuzz/corpus-$$n/ 2>/dev/null; \
	    echo "fuzz $$n for $(FUZZ_SECONDS) s"; \
	    RMSIM_SCRIPTS=$(CURDIR)/scripts $$t -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 \
	        -timeout=10 -artifact_prefix=build/fuzz/$$n- -print_final_stats=0 \
	        build/fuzz/corpus-$$n > build/fuzz/$$n.log 2>&1 \
	        || { tail -30 build/fuzz/$$n.log; exit 1; }; tail -1 build/fuzz/$$n.log; done
	@echo "fuzz: no crash; new inputs in build/fuzz/corpus-*, crashes would be in build/fuzz/*-crash-*"

fuzz-regress: $(FUZZ_TARGETS)
	@for t in $(FUZZ_TARGETS); do n=$${t##*/fuzz_}; \
	    RMSIM_SCRIPTS=$(CURDIR)/scripts $$t tests/fuzz/corpus/$$n/* >/dev/null 2>&1 \
	        || { echo "fuzz-regress: $$n fails on its corpus"; exit 1; }; done
	@echo "fuzz-regress: every kept input replays clean"

$(BUILD)/bench: bench/bench.c $(BUILD)/librmsim.a | deps
	$(CC) $(ALL_CFLAGS) -Iengine -o $@ $< $(BUILD)/librmsim.a $(LDLIBS_ALL)

bench: $(BUILD)/bench $(BUILD)/rmsim
	@/usr/bin/python3 -c 'import numpy, scipy' 2>/dev/null || $(MAKE) --no-print-directory deps DEB_PACKAGES="python3-numpy python3-scipy"
	RMSIM=$(BUILD)/rmsim $(BUILD)/bench
	@$(MAKE) --no-print-directory bench-serve

# 60 students at once against rmsim serve on loopback (latency, memory).
$(BUILD)/serve_load: bench/serve_load.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -Wall -Wextra -Wpedantic -O2 -o $@ $< -lpthread

bench-serve: $(BUILD)/serve_load $(BUILD)/rmsim
	$(BUILD)/serve_load $(BUILD)/rmsim 60

demo: $(BUILD)/rmsim
	$(BUILD)/rmsim run scenarios/retention.lua --out out/demo
	@echo "open out/demo/report.html; data in out/demo/metrics.csv and out/demo/summary.json"

lint:
	@command -v luacheck >/dev/null 2>&1 || $(MAKE) --no-print-directory deps DEB_PACKAGES=lua-check
	luacheck --no-color -q scripts scenarios

# Install what is missing, with sudo when not root; nothing when all is there.
deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do \
	    case $$p in \
	    pkg-config) command -v $(PKG_CONFIG) >/dev/null 2>&1 || missing="$$missing $$p";; \
	    liblua5.4-dev) $(PKG_CONFIG) --exists $(LUA_PKG) 2>/dev/null || missing="$$missing $$p";; \
	    libcmocka-dev) $(PKG_CONFIG) --exists cmocka 2>/dev/null || missing="$$missing $$p";; \
	    libjansson-dev) $(PKG_CONFIG) --exists jansson 2>/dev/null || missing="$$missing $$p";; \
	    libmicrohttpd-dev) $(PKG_CONFIG) --exists libmicrohttpd 2>/dev/null || missing="$$missing $$p";; \
	    chromium) command -v chromium >/dev/null 2>&1 || missing="$$missing $$p";; \
	    nodejs) command -v node >/dev/null 2>&1 || missing="$$missing $$p";; \
	    npm) command -v npm >/dev/null 2>&1 || missing="$$missing $$p";; \
	    *) dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p";; \
	    esac; \
	done; \
	if [ -n "$$missing" ]; then \
	    sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	    echo "make deps: installing$$missing"; \
	    $$sudo apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing >/dev/null; \
	fi

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/rmsim \
	    $(DESTDIR)$(PREFIX)/share/rmsim
	install -m 755 $(BUILD)/rmsim $(DESTDIR)$(PREFIX)/bin/rmsim
	install -m 644 $(BUILD)/librmsim.a $(DESTDIR)$(PREFIX)/lib/librmsim.a
	install -m 644 include/rmsim/*.h $(DESTDIR)$(PREFIX)/include/rmsim/
	cp -R scripts $(DESTDIR)$(PREFIX)/share/rmsim/
	cp -R scenarios $(DESTDIR)$(PREFIX)/share/rmsim/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 docs/rmsim.1 $(DESTDIR)$(PREFIX)/share/man/man1/rmsim.1
	install -m 644 docs/rmsim.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/rmsim

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/bin/rmsim $(DESTDIR)$(PREFIX)/lib/librmsim.a \
	    $(DESTDIR)$(PREFIX)/include/rmsim $(DESTDIR)$(PREFIX)/share/rmsim \
	    $(DESTDIR)$(PREFIX)/share/man/man1/rmsim.1 \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/rmsim

clean:
	rm -rf build out

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
