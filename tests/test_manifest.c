/*
 * test_manifest.c - FNV-1a 64 against its published test vectors, hashing a file equals
 * hashing its bytes, the manifest survives a write/read round trip, and a missing or
 * malformed manifest reads as empty (so a damaged one costs a full rebuild, never a wrong
 * reuse).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "manifest.h"

static void test_fnv_vectors(void **state)
{
	uint64_t h = FNV64_INIT;
	(void)state;
	/* From the FNV reference (isthe.com/chongo/tech/comp/fnv): FNV-1a 64. */
	assert_true(fnv64(FNV64_INIT, "", 0) == 0xcbf29ce484222325ULL);
	assert_true(fnv64(FNV64_INIT, "a", 1) == 0xaf63dc4c8601ec8cULL);
	assert_true(fnv64(FNV64_INIT, "foobar", 6) == 0x85944171f73967e8ULL);
	/* Incremental = at once; the string form counts the NUL. */
	h = fnv64(fnv64(h, "foo", 3), "bar", 3);
	assert_true(h == 0x85944171f73967e8ULL);
	assert_true(fnv64_str(FNV64_INIT, "a") == fnv64(FNV64_INIT, "a", 2));
	assert_true(fnv64_str(fnv64_str(FNV64_INIT, "a"), "b") !=
	            fnv64_str(fnv64_str(FNV64_INIT, "ab"), ""));
}

static void test_file_and_round_trip(void **state)
{
	char path[] = "/tmp/llmcost-test-manifest-XXXXXX";
	struct manifest m, back;
	const struct mf_entry *e;
	uint64_t h = FNV64_INIT;
	FILE *fp;
	int fd;
	(void)state;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	fputs("foobar", fp);
	fclose(fp);
	assert_int_equal(fnv64_file(&h, path), 0);
	assert_true(h == 0x85944171f73967e8ULL);
	h = FNV64_INIT;
	assert_int_equal(fnv64_file(&h, "/nonexistent/file"), -1);

	memset(&m, 0, sizeof(m));
	manifest_add(&m, "figure", "03-prefill-cost", 0x0123456789abcdefULL, 1);
	manifest_add(&m, "pdf", "report", 0xffffffffffffffffULL, 0);
	assert_int_equal(manifest_write(&m, path), 0);
	manifest_read(&back, path);
	assert_int_equal(back.n, 2);
	e = manifest_find(&back, "figure", "03-prefill-cost");
	assert_non_null(e);
	assert_true(e->fp == 0x0123456789abcdefULL && e->out_fp == 1);
	e = manifest_find(&back, "pdf", "report");
	assert_non_null(e);
	assert_true(e->fp == 0xffffffffffffffffULL && e->out_fp == 0);
	assert_null(manifest_find(&back, "pdf", "brief"));
	assert_null(manifest_find(&back, "figure", "report"));
	manifest_release(&back);
	manifest_release(&m);

	/* Damaged: a truncated row empties the whole manifest. */
	fp = fopen(path, "w");
	fputs("kind,id,fingerprint,output\nfigure,a,0000000000000001,0000000000000002\n"
	      "figure,b,00000\n", fp);
	fclose(fp);
	manifest_read(&back, path);
	assert_int_equal(back.n, 0);
	manifest_release(&back);
	/* Wrong header, or missing: empty. */
	fp = fopen(path, "w");
	fputs("something else\nfigure,a,0000000000000001,0000000000000002\n", fp);
	fclose(fp);
	manifest_read(&back, path);
	assert_int_equal(back.n, 0);
	unlink(path);
	manifest_read(&back, path);
	assert_int_equal(back.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fnv_vectors),
		cmocka_unit_test(test_file_and_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
