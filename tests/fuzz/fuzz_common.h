/*
 * fuzz_common.h - shared by the libFuzzer harnesses (tests/fuzz/fuzz_*.c): a private scratch
 * folder per process, writing a file in it, and an error sink that swallows the program's
 * messages (a fuzzer prints millions; stderr would drown the findings). Header-only, static.
 */
#ifndef LLMCOST_FUZZ_COMMON_H
#define LLMCOST_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static void fuzz_quiet_sink(const char *line, void *ctx)
{
	(void)line;
	(void)ctx;
}

/* A new folder under $TMPDIR (or /tmp) for this process; exits on failure. */
static char *fuzz_scratch_dir(const char *tag)
{
	static char dir[512];
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/llmcost-fuzz-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", tag);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(1);
	}
	return dir;
}

/* Writes n bytes to dir/name; exits on failure (a harness problem, not a finding). */
static void fuzz_write(const char *dir, const char *name, const void *data, size_t n)
{
	char path[1024];
	FILE *fp;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "wb");
	if (!fp || (n && fwrite(data, 1, n, fp) != n) || fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
}

static void fuzz_remove(const char *dir, const char *name)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

#endif
