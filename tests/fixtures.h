/*
 * fixtures.h - helpers shared by the tests: error sinks that collect the program's messages,
 * whole files read and written, two files compared byte for byte, and (estimator fixtures) a
 * relative comparison of numbers. The models and chips the estimator tests share are in
 * tests/fixtures_model.h.
 *
 * Header-only: the Makefile links each tests/test_*.c alone with the gen objects, so the
 * helpers are static, and inline so that an includer that does not use one of them builds
 * without an unused-function warning. Include it after <cmocka.h>.
 */
#ifndef LLMCOST_TESTS_FIXTURES_H
#define LLMCOST_TESTS_FIXTURES_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every message sink() or sink_all() received, one per line. Cleared by the caller
 * (messages[0] = '\0'). */
static char messages[65536];

/* An err_set_sink() sink that appends every message, warnings included, to messages[]. */
static inline void sink_all(const char *line, void *ctx)
{
	(void)ctx;
	strncat(messages, line, sizeof(messages) - strlen(messages) - 2);
	strcat(messages, "\n");
}

/* An err_set_sink() sink that appends each message but warnings to messages[]. */
static inline void sink(const char *line, void *ctx)
{
	if (strncmp(line, "llmcost: warning:", 17) == 0)
		return;
	sink_all(line, ctx);
}

/* The whole of path, '\0'-terminated, its length in *n (when n is not NULL); NULL (and length
 * 0) when path cannot be opened. The caller frees it. */
static inline char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long len;

	if (n)
		*n = 0;
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
	buf[len] = '\0';
	fclose(fp);
	if (n)
		*n = (size_t)len;
	return buf;
}

/* Writes text to path (created or truncated). */
static inline void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* path holds exactly the n bytes of data. */
static inline void assert_file_bytes(const char *path, const char *data, size_t n)
{
	size_t got;
	char *s = slurp(path, &got);

	if (!s)
		fail_msg("cannot read %s", path);
	assert_int_equal(got, n);
	assert_memory_equal(s, data, n);
	free(s);
}

/* path holds exactly text (its bytes up to the '\0'). */
static inline void assert_file_text(const char *path, const char *text)
{
	assert_file_bytes(path, text, strlen(text));
}

/* Files a and b hold the same bytes. */
static inline void assert_same_files(const char *a, const char *b)
{
	size_t n;
	char *s = slurp(a, &n);

	if (!s)
		fail_msg("cannot read %s", a);
	assert_file_bytes(b, s, n);
	free(s);
}

/* ---- estimator fixtures ---- */

/* Relative comparison: |got - want| <= rel x |want|. */
static inline void assert_close(double got, double want, double rel, const char *what)
{
	double err = fabs(got - want), lim = rel * fabs(want);
	if (!(err <= lim)) {
		print_error("%s: got %.10g, want %.10g (rel tol %g)\n", what, got, want, rel);
		fail();
	}
}
#define CLOSE(got, want) assert_close((got), (want), 1e-9, #got)

#endif
