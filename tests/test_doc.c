/*
 * test_doc.c - the doc builders (figures, series, marks, tables, values), lookups, release, and
 * the number formatting helpers against hand-written cases in tests/data/report/fmt_cases.txt.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"

static void test_figure_builders(void **state)
{
	struct doc d;
	struct figure *f;
	struct series *s;
	const double x[] = { 1, 2, 3 }, y[] = { 10, 20, 30 };
	(void)state;

	doc_init(&d);
	f = doc_add_figure(&d, "03-prefill-cost", "Prompt cost", "TTFT (s)", "USD");
	f->logy = 1;
	s = figure_add_series(f, "prompt 512", STYLE_LINESPOINTS, x, y, 3);
	for (int i = 0; i < 100; i++)
		series_add_point(s, 4 + i, 40 + i);
	series_set_point_label(s, 0, "b=1");
	series_set_point_label(s, 102, "b=103");
	series_add_point(s, 1000, 2000);
	figure_add_mark(f, MARK_HLINE, 0, 0.0015, "API price");
	figure_set_caption(f, "caption %d", 7);
	/* A second figure moves the array: look the first one up again. */
	doc_add_figure(&d, "04-gen-cost", NULL, NULL, NULL);

	f = (struct figure *)doc_find_figure(&d, "03-prefill-cost");
	assert_non_null(f);
	assert_int_equal(f->n_series, 1);
	s = &f->series[0];
	assert_int_equal(s->n, 104);
	assert_true(s->x[2] == 3 && s->y[103] == 2000 && s->x[50] == 51);
	assert_string_equal(s->point_labels[0], "b=1");
	assert_string_equal(s->point_labels[102], "b=103");
	assert_null(s->point_labels[1]);
	assert_null(s->point_labels[103]);
	assert_int_equal(f->n_marks, 1);
	assert_int_equal(f->marks[0].kind, MARK_HLINE);
	assert_string_equal(f->marks[0].label, "API price");
	assert_string_equal(f->caption, "caption 7");
	assert_true(f->logy && !f->logx);
	/* axis options: off by default; a y range with an open top */
	assert_true(!f->has_yrange && !f->xint && !f->yint);
	figure_set_yrange(f, 0, NAN);
	assert_true(f->has_yrange && f->ymin == 0 && isnan(f->ymax));
	assert_non_null(doc_find_figure(&d, "04-gen-cost"));
	assert_null(doc_find_figure(&d, "99-none"));
	doc_release(&d);
	assert_int_equal(d.n_figures, 0);
}

static void test_table_builders(void **state)
{
	struct doc d;
	struct table *t;
	const struct table *ct;
	static const char *const head[] = { "model", "TTFT (s)", "$/1K" };
	(void)state;

	doc_init(&d);
	t = doc_add_table(&d, "05-latency", "Latency", 3, head);
	for (int r = 0; r < 20; r++) {
		size_t row = table_add_row(t);
		assert_int_equal(row, (size_t)r);
		table_set_cell(t, row, 0, "llama", NAN);
		table_set_cellf(t, row, 1, r * 0.5, "%.2f", r * 0.5);
	}
	table_set_text(t, 3, 2, "n/a");
	table_set_align(t, 0, ALIGN_RIGHT);
	table_set_min_width(t, 2, 0.25);
	table_set_min_width(t, 1, 1.5);  /* more than the line: ignored */
	table_set_min_width(t, 7, 0.25); /* no such column: ignored */
	table_set_caption(t, "rows: %d", 20);
	doc_add_table(&d, "06-other", "Other", 1, NULL);

	ct = doc_find_table(&d, "05-latency");
	assert_non_null(ct);
	assert_int_equal(ct->nrows, 20);
	assert_int_equal(ct->ncols, 3);
	assert_string_equal(ct->head[1], "TTFT (s)");
	assert_string_equal(ct->cells[19 * 3 + 1], "9.50");
	assert_true(ct->raw[19 * 3 + 1] == 9.5);
	assert_string_equal(ct->cells[5 * 3 + 2], "");   /* never set */
	assert_true(isnan(ct->raw[5 * 3 + 2]));
	assert_string_equal(ct->cells[3 * 3 + 2], "n/a");
	assert_int_equal(ct->align[0], ALIGN_RIGHT);
	assert_int_equal(ct->align[2], ALIGN_RIGHT);
	assert_true(ct->min_w_frac[0] == 0 && ct->min_w_frac[1] == 0);
	assert_true(ct->min_w_frac[2] == 0.25);
	assert_string_equal(ct->caption, "rows: 20");
	ct = doc_find_table(&d, "06-other");
	assert_non_null(ct);
	assert_string_equal(ct->head[0], "");
	assert_int_equal(ct->align[0], ALIGN_LEFT);
	doc_release(&d);
}

static void test_value_builders(void **state)
{
	struct doc d;
	const struct value *v;
	(void)state;

	doc_init(&d);
	doc_add_value(&d, "gen_cost_b32", 0.00043, "USD", "$0.00043");
	doc_add_valuef(&d, "ridge", 156.0, "FLOP/byte", "%.0f FLOP/byte", 156.0);
	doc_add_value(&d, "plain", 2.8712, NULL, NULL);
	doc_add_value(&d, "gen_cost_b32", 0.5, "USD", "$0.50"); /* replaces */

	assert_int_equal(d.n_values, 3);
	v = doc_find_value(&d, "gen_cost_b32");
	assert_non_null(v);
	assert_string_equal(v->text, "$0.50");
	assert_true(v->v == 0.5);
	v = doc_find_value(&d, "ridge");
	assert_string_equal(v->text, "156 FLOP/byte");
	assert_string_equal(v->unit, "FLOP/byte");
	v = doc_find_value(&d, "plain");
	assert_string_equal(v->text, "2.87");
	assert_string_equal(v->unit, "");
	assert_null(doc_find_value(&d, "none"));
	doc_release(&d);
}

static void test_fmt_cases(void **state)
{
	FILE *fp = fopen("tests/data/report/fmt_cases.txt", "r");
	char line[256];
	int n = 0;
	(void)state;

	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp)) {
		char kind[8], val[64], expected[64], got[64];
		int sig, off = 0;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = 0;
		assert_int_equal(sscanf(line, "%7s %63s %d %n", kind, val, &sig, &off), 3);
		snprintf(expected, sizeof(expected), "%s", line + off);
		if (strcmp(kind, "si") == 0)
			doc_fmt_si(got, sizeof(got), strtod(val, NULL), sig);
		else
			doc_fmt_sig(got, sizeof(got), strtod(val, NULL), sig);
		if (strcmp(got, expected) != 0)
			fail_msg("%s(%s, %d): got \"%s\", expected \"%s\"", kind, val, sig, got,
			         expected);
		n++;
	}
	fclose(fp);
	assert_true(n >= 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_figure_builders),
		cmocka_unit_test(test_table_builders),
		cmocka_unit_test(test_value_builders),
		cmocka_unit_test(test_fmt_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
