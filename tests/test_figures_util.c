/*
 * test_figures_util.c - the helpers the report-content files share (gen/figures_util.c,
 * declared in gen/figures_int.h): dates and FLOP counts as text, table cells (the text, the
 * raw number behind it, "n/a" with a NaN raw value for a number that is not finite), tables
 * with left-aligned columns, and template values in the house forms. Expected texts are
 * written out by hand from the rules in figures_int.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "figures_int.h"

static const char *cell(const struct table *t, size_t r, size_t c)
{
	return t->cells[r * t->ncols + c];
}

static double raw(const struct table *t, size_t r, size_t c)
{
	return t->raw[r * t->ncols + c];
}

static void test_fmt_date_sci(void **state)
{
	char buf[32];

	(void)state;
	fmt_date(20240601, buf, sizeof buf);
	assert_string_equal(buf, "2024-06-01");
	fmt_date(0, buf, sizeof buf);
	assert_string_equal(buf, "-");
	assert_string_equal(fmt_sci(3.15e23, buf, sizeof buf), "3.15e23");
	assert_string_equal(fmt_sci(9.996e22, buf, sizeof buf), "1.00e23"); /* rounds up a decade */
	assert_string_equal(fmt_sci(2e-3, buf, sizeof buf), "2.00e-3");
	assert_string_equal(fmt_sci(0, buf, sizeof buf), "n/a");
	assert_string_equal(fmt_sci((double)NAN, buf, sizeof buf), "n/a");
}

/* Each cell helper: its text and raw value for a finite number, "n/a" and NaN otherwise. */
static void test_cells(void **state)
{
	static const char *const head[] = { "a", "b", "c", "d", "e", "f", "g", "h" };
	struct doc d;
	struct table *t;
	size_t r0, r1;

	(void)state;
	doc_init(&d);
	t = fig_table(&d, "t", "cells", 8, head, 0);
	r0 = table_add_row(t);
	cell_usd(t, r0, 0, 1.5);
	cell_usd_whole(t, r0, 1, 30000);
	cell_sig(t, r0, 2, 3.14159, 3);
	cell_pct(t, r0, 3, 0.25);
	cell_pct1(t, r0, 4, 0.213);
	cell_sci(t, r0, 5, 6e23);
	cell_long(t, r0, 6, 42);
	cell_date(t, r0, 7, 20230517);
	assert_string_equal(cell(t, r0, 0), "$1.50");
	assert_true(raw(t, r0, 0) == 1.5);
	assert_string_equal(cell(t, r0, 1), "$30,000");
	assert_true(raw(t, r0, 1) == 30000);
	assert_string_equal(cell(t, r0, 2), "3.14");
	assert_string_equal(cell(t, r0, 3), "25%");
	assert_true(raw(t, r0, 3) == 25.0); /* the percentage, not the fraction */
	assert_string_equal(cell(t, r0, 4), "21.3%");
	assert_string_equal(cell(t, r0, 5), "6.00e23");
	assert_string_equal(cell(t, r0, 6), "42");
	assert_true(raw(t, r0, 6) == 42);
	assert_string_equal(cell(t, r0, 7), "2023-05-17");
	assert_true(raw(t, r0, 7) == 20230517);

	r1 = table_add_row(t);
	cell_usd(t, r1, 0, (double)NAN);
	cell_usd_whole(t, r1, 1, (double)INFINITY);
	cell_sig(t, r1, 2, (double)NAN, 3);
	cell_pct(t, r1, 3, (double)NAN);
	cell_pct1(t, r1, 4, (double)NAN);
	cell_sci(t, r1, 5, -1.0); /* not a count of FLOPs */
	cell_si(t, r1, 6, (double)NAN);
	for (size_t c = 0; c <= 6; c++) {
		assert_string_equal(cell(t, r1, c), "n/a");
		assert_true(isnan(raw(t, r1, c)));
	}
	cell_date(t, r1, 7, 0);
	assert_string_equal(cell(t, r1, 7), "-");
	assert_true(isnan(raw(t, r1, 7)));
	/* four-digit amounts stay ungrouped, as doc_fmt_sig writes them */
	cell_usd_whole(t, r1, 1, 1599);
	assert_string_equal(cell(t, r1, 1), "$1599");
	doc_release(&d);
}

/* A source is cut at its first ": " or "; ", an address in brackets becomes its host, and a
 * citation longer than 120 characters is cut on a word with " ..."; with an address, the host
 * alone. */
static void test_sources(void **state)
{
	static const char *const head[] = { "source", "host" };
	static const char *const long_src =
		"Team 2024 A very long report title that keeps going with many words in it so "
		"that the citation runs past one hundred and twenty characters";
	struct doc d;
	struct table *t;
	size_t r;

	(void)state;
	doc_init(&d);
	t = fig_table(&d, "t", "sources", 2, head, 0);
	r = table_add_row(t);
	cell_source(t, r, 0, "Touvron et al. 2023: LLaMA, table 15");
	assert_string_equal(cell(t, r, 0), "Touvron et al. 2023");
	cell_source_host(t, r, 1, "AWS pricing (https://aws.amazon.com/ec2/pricing/), 2024");
	assert_string_equal(cell(t, r, 1), "aws.amazon.com");
	r = table_add_row(t);
	cell_source(t, r, 0, long_src);
	assert_string_equal(cell(t, r, 0), "Team 2024 A very long report title that keeps going "
			    "with many words in it so that the citation runs past one hundred and ...");
	cell_source_host(t, r, 1, NULL);
	assert_string_equal(cell(t, r, 1), "");
	r = table_add_row(t);
	cell_source(t, r, 0, "Meta Llama 3.1 model card (https://huggingface.co/meta-llama/x): "
		    "1.46M GPU-hours; more");
	assert_string_equal(cell(t, r, 0), "Meta Llama 3.1 model card (huggingface.co)");
	cell_source(t, r, 1, "Llama Team 2024 The Llama 3 Herd of Models (arXiv:2407.21783); x");
	assert_string_equal(cell(t, r, 1),
			    "Llama Team 2024 The Llama 3 Herd of Models (arXiv:2407.21783)");
	doc_release(&d);
}

/* fig_table aligns left the columns named, column 0 always, the others right. */
static void test_fig_table_align(void **state)
{
	static const char *const head[] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j",
					    "k" };
	struct doc d;
	struct table *t;

	(void)state;
	doc_init(&d);
	t = fig_table(&d, "t", "alignment", 11, head, LEFT_COL(2) | LEFT_COL(10));
	for (size_t c = 0; c < 11; c++)
		assert_int_equal(t->align[c], c == 0 || c == 2 || c == 10 ? ALIGN_LEFT : ALIGN_RIGHT);
	assert_ptr_equal(doc_find_table(&d, "t"), t);
	doc_release(&d);
}

static void test_values(void **state)
{
	struct doc d;
	const struct value *v;

	(void)state;
	doc_init(&d);
	add_usd_value(&d, "usd", 0.0035);
	add_pct_value(&d, "pct", 0.75);
	v = doc_find_value(&d, "usd");
	assert_non_null(v);
	assert_string_equal(v->unit, "USD");
	assert_string_equal(v->text, "$0.0035");
	assert_true(v->v == 0.0035);
	v = doc_find_value(&d, "pct");
	assert_non_null(v);
	assert_string_equal(v->unit, "fraction");
	assert_string_equal(v->text, "75%");
	assert_true(v->v == 0.75);
	doc_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fmt_date_sci),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_sources),
		cmocka_unit_test(test_fig_table_align),
		cmocka_unit_test(test_values),
	};
	return cmocka_run_group_tests_name("figures_util", tests, NULL, NULL);
}
