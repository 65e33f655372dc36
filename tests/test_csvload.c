/*
 * test_csvload.c - the schema-driven CSV reader, against a small test schema (and a second
 * one for keys made of several columns).
 *
 * tests/data/csv/cases.txt lists, for each fixture, how many rows must reach the callback and
 * every message the loader must report, in order; the test fails on any difference. Other
 * tests check the values rows carry (BOM, CRLF, quoted line breaks, line numbers), the error
 * cap, the row cap, and the small helpers (quoting for messages, edit distance).
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

#include "csvload.h"
#include "err.h"
#include "model.h"

#define DIR "tests/data/csv"

enum { C_NAME, C_SIZE, C_COUNT, C_SHARE, C_DAY, C_FLAG, C_NOTE };
static const struct csv_column schema[] = {
	{"name", CSV_T_TEXT, CSV_REQUIRED | CSV_KEY},
	{"size", CSV_T_NUMBER, CSV_REQUIRED | CSV_POSITIVE},
	{"count", CSV_T_INTEGER, CSV_NONNEG},
	{"share", CSV_T_NUMBER, CSV_FRACTION},
	{"day", CSV_T_DATE, 0},
	{"flag", CSV_T_YESNO, 0},
	{"note", CSV_T_TEXT, 0},
};
#define N_COLS (sizeof(schema) / sizeof(schema[0]))

/* What the callback saw of one row. */
struct seen {
	char *name, *note;
	double size;
	long count, day, flag, line, size_line, size_col;
	int has_note;
};

struct run {
	char **msgs;
	size_t n_msgs;
	struct seen *rows;
	size_t n_rows, cap_rows;
	int reject_name_b; /* the callback rejects a row named "b", as a caller's check would */
};

static void capture(const char *line, void *ctx)
{
	struct run *r = ctx;
	char **nv = realloc(r->msgs, (r->n_msgs + 1) * sizeof(*nv));
	assert_non_null(nv);
	r->msgs = nv;
	r->msgs[r->n_msgs] = strdup(line);
	assert_non_null(r->msgs[r->n_msgs]);
	r->n_msgs++;
}

static int on_row(const struct csv_row *row, void *ctx)
{
	struct run *r = ctx;
	struct seen *s;
	struct seen *nrows;

	if (r->reject_name_b && strcmp(row->v[C_NAME].text, "b") == 0)
		return csv_field_error(row, C_NAME, "expected anything but b, got \"%s\"",
				       row->v[C_NAME].text);
	if (r->n_rows == r->cap_rows) {
		r->cap_rows = r->cap_rows ? 2 * r->cap_rows : 16;
		nrows = realloc(r->rows, r->cap_rows * sizeof(*nrows));
		assert_non_null(nrows);
		r->rows = nrows;
	}
	s = &r->rows[r->n_rows++];
	memset(s, 0, sizeof(*s));
	s->name = strdup(row->v[C_NAME].text);
	s->note = strdup(row->v[C_NOTE].text);
	assert_non_null(s->name);
	assert_non_null(s->note);
	s->has_note = row->v[C_NOTE].present;
	s->size = row->v[C_SIZE].num;
	s->count = row->v[C_COUNT].i;
	s->day = row->v[C_DAY].i;
	s->flag = row->v[C_FLAG].present ? row->v[C_FLAG].i : -1;
	s->line = row->line;
	s->size_line = row->v[C_SIZE].line;
	s->size_col = row->v[C_SIZE].col;
	return 0;
}

static void run_clear(struct run *r)
{
	size_t i;
	for (i = 0; i < r->n_msgs; i++)
		free(r->msgs[i]);
	for (i = 0; i < r->n_rows; i++) {
		free(r->rows[i].name);
		free(r->rows[i].note);
	}
	free(r->msgs);
	free(r->rows);
	memset(r, 0, sizeof(*r));
}

static int load(const char *path, unsigned flags, struct run *r)
{
	int ret;
	err_set_sink(capture, r);
	ret = csv_load(path, schema, N_COLS, flags, on_row, r);
	err_set_sink(NULL, NULL);
	return ret;
}

/* One fixture of cases.txt. */
struct fcase {
	char file[64];
	long rows;
	char **want;
	size_t n_want;
};

static int check_case(const struct fcase *c)
{
	struct run r;
	char path[256];
	size_t i;
	int ret, ok;

	memset(&r, 0, sizeof(r));
	snprintf(path, sizeof(path), "%s/%s", DIR, c->file);
	ret = load(path, CSVLOAD_NEED_ROWS, &r);
	ok = ret == (c->n_want ? -1 : 0) && (long)r.n_rows == c->rows && r.n_msgs == c->n_want;
	for (i = 0; ok && i < r.n_msgs; i++)
		ok = strcmp(r.msgs[i], c->want[i]) == 0;
	if (!ok) {
		print_error("%s: returned %d, %zu row(s) (want %ld), %zu message(s) (want %zu)\n",
			    c->file, ret, r.n_rows, c->rows, r.n_msgs, c->n_want);
		for (i = 0; i < r.n_msgs || i < c->n_want; i++)
			print_error("  got:  %s\n  want: %s\n", i < r.n_msgs ? r.msgs[i] : "(none)",
				    i < c->n_want ? c->want[i] : "(none)");
	}
	run_clear(&r);
	return ok;
}

static void fcase_clear(struct fcase *c)
{
	size_t i;
	for (i = 0; i < c->n_want; i++)
		free(c->want[i]);
	free(c->want);
	memset(c, 0, sizeof(*c));
}

static void test_cases(void **state)
{
	FILE *f = fopen(DIR "/cases.txt", "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	struct fcase c;
	int failures = 0, cases = 0;
	(void)state;

	assert_non_null(f);
	memset(&c, 0, sizeof(c));
	while ((n = getline(&line, &cap, f)) > 0) {
		char *tab, *want;
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		tab = strchr(line, '\t');
		assert_non_null(tab);
		*tab = '\0';
		if (strncmp(tab + 1, "rows ", 5) == 0) {
			if (c.file[0]) {
				failures += !check_case(&c);
				cases++;
				fcase_clear(&c);
			}
			assert_true(strlen(line) < sizeof(c.file));
			strcpy(c.file, line);
			c.rows = strtol(tab + 6, NULL, 10);
			continue;
		}
		assert_string_equal(line, c.file); /* messages follow their file's "rows" line */
		assert_true(strncmp(tab + 1, "{dir}/", 6) == 0);
		want = malloc(strlen(DIR) + strlen(tab + 1) + 2);
		assert_non_null(want);
		sprintf(want, "%s/%s", DIR, tab + 7);
		c.want = realloc(c.want, (c.n_want + 1) * sizeof(*c.want));
		assert_non_null(c.want);
		c.want[c.n_want++] = want;
	}
	if (c.file[0]) {
		failures += !check_case(&c);
		cases++;
		fcase_clear(&c);
	}
	free(line);
	fclose(f);
	assert_true(cases >= 20);
	assert_int_equal(failures, 0);
}

/* A BOM is dropped before the first column name; rows keep their own line numbers. */
static void test_bom(void **state)
{
	struct run r = {0};
	(void)state;

	assert_int_equal(load(DIR "/bom.csv", 0, &r), 0);
	assert_int_equal(r.n_rows, 2);
	assert_string_equal(r.rows[0].name, "a");
	assert_true(r.rows[0].size == 1);
	assert_int_equal(r.rows[0].line, 2);
	assert_int_equal(r.rows[1].line, 3);
	assert_int_equal(r.rows[1].size_col, 2);
	assert_int_equal(r.rows[0].flag, -1); /* column absent */
	run_clear(&r);
}

/* CRLF ends lines like LF, and becomes LF inside a quoted field. */
static void test_crlf(void **state)
{
	struct run r = {0};
	(void)state;

	assert_int_equal(load(DIR "/crlf.csv", 0, &r), -1);
	assert_int_equal(r.n_rows, 2);
	assert_string_equal(r.rows[0].note, "x");
	assert_string_equal(r.rows[1].note, "two\nlines");
	assert_int_equal(r.rows[1].line, 3);
	run_clear(&r);
}

/* A field after a quoted field spanning lines is placed on the line where it starts. */
static void test_multiline_positions(void **state)
{
	struct run r = {0};
	(void)state;

	assert_int_equal(load(DIR "/cr_in_line.csv", 0, &r), -1);
	assert_int_equal(r.n_rows, 1);
	assert_string_equal(r.rows[0].note, "tab\tand\nnewline are fine in notes");
	assert_int_equal(r.rows[0].line, 3);
	run_clear(&r);

	assert_int_equal(load(DIR "/multiline.csv", 0, &r), -1);
	assert_int_equal(r.n_rows, 2);
	assert_string_equal(r.rows[1].name, "c");
	assert_int_equal(r.rows[1].line, 6);
	assert_int_equal(r.rows[1].size_line, 6);
	assert_int_equal(r.rows[1].size_col, 3);
	run_clear(&r);
}

static void test_types_values(void **state)
{
	struct run r = {0};
	(void)state;

	assert_int_equal(load(DIR "/types.csv", 0, &r), -1);
	assert_int_equal(r.n_rows, 2);
	assert_true(r.rows[0].size == 12); /* " 12 ": padded */
	assert_int_equal(r.rows[0].count, 0);
	assert_int_equal(r.rows[0].day, 20240229);
	assert_int_equal(r.rows[0].flag, 1);
	assert_true(r.rows[1].size == 5);
	assert_int_equal(r.rows[1].count, 3);
	assert_int_equal(r.rows[1].day, 20000229);
	assert_int_equal(r.rows[1].flag, 0); /* "NO" */
	run_clear(&r);
}

/* The caller's own checks use the same form and make the load fail. */
static void test_caller_error(void **state)
{
	struct run r = {0};
	(void)state;

	r.reject_name_b = 1;
	assert_int_equal(load(DIR "/bom.csv", 0, &r), -1);
	assert_int_equal(r.n_rows, 1);
	assert_int_equal(r.n_msgs, 1);
	assert_string_equal(r.msgs[0], DIR "/bom.csv:3:1: name: expected anything but b, got \"b\"");
	run_clear(&r);
}

static void test_header_only_and_absent(void **state)
{
	struct run r = {0};
	(void)state;

	/* without CSVLOAD_NEED_ROWS a header alone is a valid, empty table */
	assert_int_equal(load(DIR "/header_only.csv", 0, &r), 0);
	assert_int_equal(r.n_msgs, 0);
	assert_int_equal(load(DIR "/no-such-file.csv", CSVLOAD_OPTIONAL, &r), 1);
	assert_int_equal(r.n_msgs, 0);
	assert_int_equal(load(DIR "/no-such-file.csv", 0, &r), -1);
	assert_int_equal(r.n_msgs, 1);
	assert_string_equal(r.msgs[0], DIR "/no-such-file.csv: cannot open: No such file or directory");
	run_clear(&r);
}

/* 25 bad rows: 20 messages, then one line saying the loader stopped. */
static void test_error_cap(void **state)
{
	struct run r = {0};
	(void)state;

	assert_int_equal(load(DIR "/many_errors.csv", 0, &r), -1);
	assert_int_equal(r.n_msgs, CSVLOAD_MAX_ERRORS + 1);
	assert_string_equal(r.msgs[0], DIR "/many_errors.csv:2:2: size: expected a number, got \"x0\"");
	assert_string_equal(r.msgs[19], DIR "/many_errors.csv:21:2: size: expected a number, got \"x19\"");
	assert_string_equal(r.msgs[20], DIR "/many_errors.csv: too many errors, stopped after 20");
	run_clear(&r);
}

/* TABLE_MAX_ROWS rows load; one more is an error naming the line of the extra row. */
static void test_row_cap(void **state)
{
	char path[] = "/tmp/llmcost-rows-XXXXXX";
	char want[128];
	struct run r = {0};
	int fd = mkstemp(path);
	FILE *f;
	long i;
	(void)state;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("name,size\n", f);
	for (i = 0; i < TABLE_MAX_ROWS; i++)
		fprintf(f, "r%ld,1\n", i);
	fflush(f);
	assert_int_equal(load(path, 0, &r), 0);
	assert_int_equal(r.n_rows, TABLE_MAX_ROWS);
	run_clear(&r);

	fputs("one-too-many,1\n", f);
	fclose(f);
	assert_int_equal(load(path, 0, &r), -1);
	assert_int_equal(r.n_msgs, 1);
	snprintf(want, sizeof(want), "%s:%d: too many rows, expected at most %d", path,
		 TABLE_MAX_ROWS + 2, TABLE_MAX_ROWS);
	assert_string_equal(r.msgs[0], want);
	assert_int_equal(r.n_rows, TABLE_MAX_ROWS);
	run_clear(&r);
	unlink(path);
}

static void test_quote(void **state)
{
	char q[CSV_QUOTE_SIZE];
	const char *long_utf8 = "ééééééééééééééééééééééééééé"; /* 27 x 2 bytes */
	(void)state;

	assert_string_equal(csv_quote(q, sizeof(q), "7B", 2), "\"7B\"");
	assert_string_equal(csv_quote(q, sizeof(q), "a\"b\\c", 5), "\"a\\\"b\\\\c\"");
	assert_string_equal(csv_quote(q, sizeof(q), "a\nb\tc\r\x01", 7), "\"a\\nb\\tc\\r\\x01\"");
	assert_string_equal(csv_quote(q, sizeof(q), "\xff\xe2\x82", 3), "\"\\xFF\\xE2\\x82\"");
	assert_string_equal(csv_quote(q, sizeof(q), "x\0y", 3), "\"x\\x00y\"");
	/* cut after 48 bytes, never inside a character */
	assert_string_equal(csv_quote(q, sizeof(q), long_utf8, strlen(long_utf8)),
			    "\"éééééééééééééééééééééééé\"...");
	assert_string_equal(csv_quote(q, 8, "abc", 3), "");
}

static void test_distance(void **state)
{
	(void)state;
	assert_int_equal(csv_distance("", ""), 0);
	assert_int_equal(csv_distance("abc", ""), 3);
	assert_int_equal(csv_distance("A100-80G", "a100-80gb"), 1);
	assert_int_equal(csv_distance("kitten", "sitting"), 3);
	assert_int_equal(csv_distance("LLaMA2-70B", "LLaMA-2-70B"), 1);
	assert_true(csv_is_near(2, 1));
	assert_true(csv_is_near(2, 4));
	assert_false(csv_is_near(3, 8));
	assert_true(csv_is_near(3, 9));
	assert_false(csv_is_near(4, 12) == 0);
	assert_false(csv_is_near(5, 12));
}

/* ---- composite keys (CSV_KEY_PART) ---- */

static const struct csv_column part_schema[] = {
	{"provider", CSV_T_TEXT, CSV_REQUIRED | CSV_KEY_PART},
	{"day", CSV_T_DATE, CSV_KEY_PART},
	{"note", CSV_T_TEXT, 0},
};

static int count_row(const struct csv_row *row, void *ctx)
{
	(void)row;
	++*(size_t *)ctx;
	return 0;
}

/* Loads file with part_schema: the messages (one per line) and the rows handed on. */
static int load_parts(const char *file, char *msgs, size_t size, size_t *n_rows)
{
	struct run r;
	char path[256];
	int ret;

	memset(&r, 0, sizeof(r));
	*n_rows = 0;
	snprintf(path, sizeof(path), "%s/%s", DIR, file);
	err_set_sink(capture, &r);
	ret = csv_load(path, part_schema, 3, CSVLOAD_NEED_ROWS, count_row, n_rows);
	err_set_sink(NULL, NULL);
	msgs[0] = '\0';
	for (size_t i = 0; i < r.n_msgs; i++)
		snprintf(msgs + strlen(msgs), size - strlen(msgs), "%s\n", r.msgs[i]);
	run_clear(&r);
	return ret;
}

/* The key-part columns together are unique, ignoring case, and a repeat is reported at the
 * last of them; a row with an empty key part, or a header without one, has no key. */
static void test_key_parts(void **state)
{
	char msgs[2048];
	size_t n;
	(void)state;

	assert_int_equal(load_parts("key_parts.csv", msgs, sizeof(msgs), &n), -1);
	assert_string_equal(msgs,
		DIR "/key_parts.csv:3:2: day: duplicate key \"openai\", \"2024-01-01\" (provider, "
		"day; first on line 2 as \"OpenAI\", \"2024-01-01\"; keys ignore case, spaces, '-' and '_')\n"
		DIR "/key_parts.csv:6:2: day: duplicate key \"OpenAI\", \"2024-01-01\" (provider, "
		"day; first on line 2)\n");
	assert_int_equal(n, 5);

	assert_int_equal(load_parts("key_parts_no_day.csv", msgs, sizeof(msgs), &n), 0);
	assert_string_equal(msgs, "");
	assert_int_equal(n, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_multiline_positions),
		cmocka_unit_test(test_types_values),
		cmocka_unit_test(test_caller_error),
		cmocka_unit_test(test_header_only_and_absent),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_row_cap),
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_key_parts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
