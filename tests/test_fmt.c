/*
 * test_fmt.c - the fast number formatter against snprintf("%.6g") and hand-worked cases, the
 * human formatter, and the row writer's CSV quoting, JSON escaping and table layout.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fmt.h"

/* Reads "value expected" lines (# comments, "" = empty) and checks fn(value) == expected. */
static void run_case_file(const char *path, size_t (*fn)(char *, double))
{
	FILE *fp = fopen(path, "r");
	char line[256];
	int n = 0, lineno = 0;

	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp)) {
		char *end, *want, *e;
		char got[FMT_NUM_MAX];
		double v;
		size_t len;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		v = strtod(line, &end);
		assert_true(end != line);
		want = end + strspn(end, " \t");
		e = want + strlen(want);
		while (e > want && (e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		if (!strcmp(want, "\"\""))
			*want = '\0';
		len = fn(got, v);
		if (strcmp(got, want) || len != strlen(want))
			fail_msg("%s:%d: %s gave \"%s\", expected \"%s\"", path, lineno, line, got,
				 want);
		n++;
	}
	fclose(fp);
	assert_true(n >= 10);
}

static void test_g6_cases(void **state)
{
	(void)state;
	run_case_file("tests/cases/fmt_g6.txt", fmt_g6);
}

static void test_human_cases(void **state)
{
	(void)state;
	run_case_file("tests/cases/fmt_human.txt", fmt_human);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rng(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

/*
 * Many random values across 60 decades, and short decimals (the kind a table holds), against
 * snprintf("%.6g"): the texts must parse to the same number within 1e-6 relative, and they
 * must be identical except in the rare exact-tie cases where rounding of the scaled value can
 * differ; those are counted and must stay under 1 in 10^5.
 */
static void test_g6_random_vs_printf(void **state)
{
	const long N = 1000000;
	long i, differ = 0;
	(void)state;

	for (i = 0; i < N; i++) {
		char mine[FMT_NUM_MAX], ref[64];
		double v, a, b;
		uint64_t r = rng();

		if (i % 3 == 0) {
			/* a decimal with few digits: 12.5, 0.0025, 3e7 */
			v = (double)(r % 100000) * pow(10, (double)((int)(r >> 32) % 31 - 15));
		} else {
			double mant = (double)(r >> 11) / 9007199254740992.0; /* [0, 1) */
			v = (1 + 9 * mant) * pow(10, (double)((int)((r >> 3) % 61) - 30));
		}
		if (r & 1)
			v = -v;
		fmt_g6(mine, v);
		snprintf(ref, sizeof(ref), "%.6g", v);
		if (v == 0)
			strcpy(ref, "0");
		a = strtod(mine, NULL);
		b = strtod(ref, NULL);
		if (fabs(a - b) > 1e-6 * fabs(b))
			fail_msg("value %.17g: fmt_g6 \"%s\", printf \"%s\"", v, mine, ref);
		if (strcmp(mine, ref))
			differ++;
	}
	print_message("%ld of %ld texts differ from printf (ties)\n", differ, N);
	if (differ * 100000 > N)
		fail_msg("%ld of %ld texts differ from printf", differ, N);
}

static void test_long(void **state)
{
	char buf[FMT_NUM_MAX];
	char ref[64];
	long vals[] = { 0, 1, -1, 9, 10, 327680, -1234567890L, 2147483647L, -2147483647L - 1 };
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		snprintf(ref, sizeof(ref), "%ld", vals[i]);
		assert_int_equal(fmt_long(buf, vals[i]), strlen(ref));
		assert_string_equal(buf, ref);
	}
}

static const struct column COLS[] = {
	{ "name", "the name", NULL, COL_STR, 10 },
	{ "n", "count", "sequences", COL_INT, 0 },
	{ "t_s", "time", "s", COL_NUM, 0 },
	{ "usd", "cost", "$", COL_NUM, 0 },
};

/* Writes two rows (one with a name needing quotes and a NaN) in fmt; returns malloc'd text. */
static char *write_rows(enum out_format fmt, int many)
{
	static struct row_writer w;
	char *text = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&text, &size);

	assert_non_null(fp);
	rw_begin(&w, fp, fmt, COLS, 4, many);
	rw_str(&w, "plain");
	rw_int(&w, 8);
	rw_num(&w, 2.87);
	rw_num(&w, 0.000431782);
	rw_end_row(&w);
	if (many) {
		rw_str(&w, "a,\"b\"\n");
		rw_int(&w, -3);
		rw_num(&w, NAN);
		rw_end_row(&w); /* the missing usd cell is filled empty */
	}
	assert_int_equal(rw_finish(&w), 0);
	fclose(fp);
	return text;
}

static void test_writer_csv(void **state)
{
	char *t = write_rows(OUT_CSV, 1);
	(void)state;
	assert_string_equal(t, "name,n,t_s,usd\n"
			       "plain,8,2.87,0.000431782\n"
			       "\"a,\"\"b\"\"\n\",-3,,\n");
	free(t);
}

static void test_writer_json(void **state)
{
	char *t = write_rows(OUT_JSON, 1);
	(void)state;
	assert_string_equal(t, "[\n"
			       "{\"name\":\"plain\",\"n\":8,\"t_s\":2.87,\"usd\":0.000431782},\n"
			       "{\"name\":\"a,\\\"b\\\"\\u000a\",\"n\":-3,\"t_s\":null,\"usd\":null}\n"
			       "]\n");
	free(t);
	t = write_rows(OUT_JSON, 0);
	assert_string_equal(t, "{\"name\":\"plain\",\"n\":8,\"t_s\":2.87,\"usd\":0.000431782}\n");
	free(t);
}

static void test_writer_table_one(void **state)
{
	char *t = write_rows(OUT_TABLE, 0);
	(void)state;
	assert_string_equal(t, "the name  plain\n"
			       "count     8 sequences\n"
			       "time      2.87 s\n"
			       "cost      $0.000432\n");
	free(t);
}

/* Columns line up: every line of the many-record table has the same cell boundaries. */
static void test_writer_table_many(void **state)
{
	char *t = write_rows(OUT_TABLE, 1);
	char *l1, *l2;
	(void)state;
	l1 = strchr(t, '\n') + 1;
	l2 = strchr(l1, '\n') + 1;
	/* header "name   n   t_s  usd": numbers right-aligned under their titles */
	assert_int_equal(strchr(t, '\n') - t, strchr(l1, '\n') - l1);
	assert_memory_equal(t, "name ", 5);
	assert_memory_equal(l1, "plain", 5);
	assert_non_null(strstr(l2, "  -"));
	free(t);
}

/* Rows 0..4 written in parts [0, cut1), [cut1, cut2), [cut2, 5), concatenated, equal the
 * whole, in every format; an empty middle part writes nothing at all. */
static char *write_part(enum out_format fmt, size_t first, size_t end, int head, int tail)
{
	static struct row_writer w;
	char *text = NULL, name[16];
	size_t size = 0, i;
	FILE *fp = open_memstream(&text, &size);

	assert_non_null(fp);
	rw_begin_part(&w, fp, fmt, COLS, 4, 1, first, head, tail);
	for (i = first; i < end; i++) {
		snprintf(name, sizeof(name), "row%zu", i);
		rw_str(&w, name);
		rw_int(&w, (long)i);
		rw_num(&w, 0.5 * (double)i);
		rw_num(&w, (double)i);
		rw_end_row(&w);
	}
	assert_int_equal(rw_finish(&w), 0);
	fclose(fp);
	return text;
}

static void test_writer_parts(void **state)
{
	static const enum out_format fmts[] = { OUT_CSV, OUT_JSON, OUT_TABLE };
	static const size_t cuts[][2] = { { 0, 0 }, { 1, 3 }, { 2, 2 }, { 5, 5 }, { 0, 5 } };
	size_t f, c;
	(void)state;

	for (f = 0; f < 3; f++) {
		char *whole = write_part(fmts[f], 0, 5, 1, 1);
		for (c = 0; c < sizeof(cuts) / sizeof(cuts[0]); c++) {
			char *a = write_part(fmts[f], 0, cuts[c][0], 1, 0);
			char *b = write_part(fmts[f], cuts[c][0], cuts[c][1], 0, 0);
			char *d = write_part(fmts[f], cuts[c][1], 5, 0, 1);
			char cat[4096];
			if (cuts[c][0] == cuts[c][1])
				assert_string_equal(b, "");
			snprintf(cat, sizeof(cat), "%s%s%s", a, b, d);
			assert_string_equal(cat, whole);
			free(a);
			free(b);
			free(d);
		}
		free(whole);
	}
	/* an empty JSON array is still one value */
	{
		char *t = write_part(OUT_JSON, 0, 0, 1, 1);
		assert_string_equal(t, "[\n]\n");
		free(t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_g6_cases),
		cmocka_unit_test(test_human_cases),
		cmocka_unit_test(test_g6_random_vs_printf),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_writer_csv),
		cmocka_unit_test(test_writer_json),
		cmocka_unit_test(test_writer_table_one),
		cmocka_unit_test(test_writer_table_many),
		cmocka_unit_test(test_writer_parts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
