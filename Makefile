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
