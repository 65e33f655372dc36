# llmcost - build, test, bench.
#   make                         build/llmcost
#   make test                    every tests/test_*.c (cmocka), output captured 2>&1
#   make SANITIZE=address,undefined test   the same under ASan/UBSan (objects in build/san/)
#   make bench                   speed figures (printed, never asserted)
#   make report                  out/report.pdf

CC      ?= gcc
STD     := -std=c11 -D_POSIX_C_SOURCE=200809L
OPT     ?= -O2 -g
# A long warning list in the spirit of git's DEVELOPER=1; zero tolerated.
WARN    := -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wold-style-definition -Wpointer-arith -Wvla \
           -Wformat=2 -Wformat-security -Wundef -Wcast-align -Wwrite-strings \
           -Wdouble-promotion -Wnull-dereference -Wimplicit-fallthrough \
           -Wmissing-declarations -Wredundant-decls -Wnested-externs -Wunused \
           -Wduplicated-cond -Wlogical-op
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)
LIBS    := -lhpdf -lcsv -lm

SANITIZE ?=
ifneq ($(SANITIZE),)
B       := build/san
SANFLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
else
B       := build
SANFLAGS :=
endif

CFLAGS  += $(STD) $(OPT) $(WARN) $(SANFLAGS) -MMD -MP -Igen
LDFLAGS += $(SANFLAGS)

SRC      := $(wildcard gen/*.c)
OBJ      := $(patsubst gen/%.c,$(B)/obj/%.o,$(SRC))
LIBOBJ   := $(filter-out $(B)/obj/main.o,$(OBJ))
TESTSRC  := $(wildcard tests/test_*.c)
TESTBIN  := $(patsubst tests/%.c,$(B)/tests/%,$(TESTSRC))

.PHONY: all test bench report clean calibrate
all: $(B)/llmcost

$(B)/llmcost: $(OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/obj/%.o: gen/%.c | $(B)/obj
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/tests/%.o: tests/%.c | $(B)/tests
	$(CC) $(CFLAGS) $(CMOCKA_CFLAGS) -Itests -c -o $@ $<

$(B)/tests/%: $(B)/tests/%.o $(LIBOBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(CMOCKA_LIBS) $(LIBS)

$(B)/obj $(B)/tests:
	mkdir -p $@

# Each test binary runs from the top folder with the program's path in LLMCOST_BIN; cmocka
# prints its summary on stderr, so 2>&1. The run fails if any binary fails.
test: $(B)/llmcost $(TESTBIN)
	@fail=0; for t in $(TESTBIN); do \
	  echo "== $$t"; \
	  LLMCOST_BIN=$(B)/llmcost $$t 2>&1 || fail=1; \
	done; \
	if [ $$fail -ne 0 ]; then echo "make test: some tests FAILED"; exit 1; fi; \
	echo "make test: all test binaries passed"

$(B)/bench: tests/bench.c $(LIBOBJ) | $(B)/tests
	$(CC) $(CFLAGS) -Itests -o $@ $^ $(LIBS)

bench: $(B)/llmcost $(B)/bench
	LLMCOST_BIN=$(B)/llmcost $(B)/bench
	tests/bench_rebuild.sh $(B)/llmcost

# The efficiency fit (issue 5): prints the per-measurement table and the fitted constants.
$(B)/calibrate: tests/calibrate.c $(LIBOBJ) | $(B)/tests
	$(CC) $(CFLAGS) -Itests -o $@ $^ $(LIBS)

calibrate: $(B)/calibrate
	$(B)/calibrate

report: $(B)/llmcost
	$(B)/llmcost report

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(TESTBIN:=.d)

# ---- fuzzing (issue 7) ----
#   make fuzz                  build the libFuzzer harnesses of tests/fuzz/ and run each for
#                              FUZZ_SECONDS (default 60) under ASan + UBSan; a finding fails
#   make fuzz-build            only build them (build/fuzz/fuzz_csv, fuzz_template, fuzz_cli)
# clang (Debian: clang, libclang-rt-14-dev) compiles the gen objects again into build/fuzz/obj
# with coverage instrumentation. New corpus entries go to build/fuzz/corpus-NAME (the seeds of
# tests/fuzz/corpus-NAME are only read); a crash is saved as build/fuzz/crash-NAME-*: replay it
# with build/fuzz/fuzz_NAME FILE, then make it a case of tests/test_hostile.c.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_B       := build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                -fno-omit-frame-pointer
FUZZ_CFLAGS  := $(STD) -O1 -g -Wall -Wextra -Wno-unknown-warning-option $(FUZZ_SAN) \
                -MMD -MP -Igen
FUZZ_OBJ     := $(patsubst gen/%.c,$(FUZZ_B)/obj/%.o,$(filter-out gen/main.c,$(SRC)))
FUZZ_NAMES   := csv template cli
FUZZ_BIN     := $(patsubst %,$(FUZZ_B)/fuzz_%,$(FUZZ_NAMES))

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BIN)

$(FUZZ_B)/obj/%.o: gen/%.c | $(FUZZ_B)/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_B)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Itests/fuzz -o $@ $< $(FUZZ_OBJ) $(LIBS)

$(FUZZ_B)/obj:
	mkdir -p $@

# Each harness runs in turn; -timeout flags a single input slower than 10 s as a hang, and
# -rss_limit_mb an input that makes the program grow past 2 GB.
fuzz: $(FUZZ_BIN)
	@for n in $(FUZZ_NAMES); do \
	  mkdir -p $(FUZZ_B)/corpus-$$n || exit 1; \
	  echo "== fuzz_$$n for $(FUZZ_SECONDS) s"; \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(FUZZ_B)/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -max_len=65536 -print_final_stats=1 -artifact_prefix=$(FUZZ_B)/crash-$$n- \
	    $(FUZZ_B)/corpus-$$n tests/fuzz/corpus-$$n > $(FUZZ_B)/fuzz_$$n.log 2>&1; \
	  rc=$$?; tail -n 12 $(FUZZ_B)/fuzz_$$n.log | grep -E 'stat::number_of_executed_units|stat::new_units_added|ERROR|SUMMARY|Done' ; \
	  if [ $$rc -ne 0 ]; then echo "fuzz_$$n: FINDING (exit $$rc), log in $(FUZZ_B)/fuzz_$$n.log"; \
	    tail -n 60 $(FUZZ_B)/fuzz_$$n.log; exit 1; fi; \
	done; echo "make fuzz: no findings"

-include $(FUZZ_OBJ:.o=.d)
.SECONDARY: $(FUZZ_OBJ)
