/*
 * test_headline.c - the headline record (gen/headline.c) and `llmcost diff`: a record built
 * from a small doc keeps every numeric value and cell (duplicate row labels numbered, the
 * what-changed tables and date values left out), names as a cell's sources the input rows of
 * every table its row mentions, and survives a write/read round trip exactly;
 * comparing the hand-written records of tests/data/headline/ lists exactly the numbers that
 * moved by 1% or more, largest first, with the changed input row as cause (a whole name: A100
 * is not A100-80GB); the alert fires at --alert-pct and not below; malformed files are refused
 * with file:line; the diff command's exit codes (0, 6, 3, 2).
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
#include <sys/wait.h>
#include <unistd.h>

#include "doc.h"
#include "err.h"
#include "headline.h"

#define DATA "tests/data/headline/"

static char messages[4096];

static void sink(const char *line, void *ctx)
{
	(void)ctx;
	strncat(messages, line, sizeof(messages) - strlen(messages) - 2);
	strcat(messages, "\n");
}

static int setup(void **state)
{
	(void)state;
	messages[0] = 0;
	err_set_sink(sink, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	err_set_sink(NULL, NULL);
	return 0;
}

static const struct hl_entry *find(const struct headline *h, const char *kind,
                                   const char *table, const char *row, const char *col)
{
	for (size_t i = 0; i < h->n; i++)
		if (!strcmp(h->e[i].kind, kind) && !strcmp(h->e[i].table, table) &&
		    !strcmp(h->e[i].row, row) && !strcmp(h->e[i].column, col))
			return &h->e[i];
	return NULL;
}

static void small_doc(struct doc *d)
{
	static const char *const head[] = { "model", "cost ($)", "note" };
	struct table *t;
	size_t r;

	doc_init(d);
	doc_add_value(d, "total_usd", 0.1 + 0.2, "USD", "$0.30");
	doc_add_value(d, "report_date", 20240601, "yyyymmdd", "2024-06-01");
	doc_add_value(d, "label_only", NAN, "", "text");
	t = doc_add_table(d, "02-costs", "Costs on A100-80GB", 3, head);
	r = table_add_row(t);
	table_set_text(t, r, 0, "LLaMA-2-70B on A100-80GB");
	table_set_cell(t, r, 1, "$1.5", 1.5);
	table_set_text(t, r, 2, "has, a \"comma\"\nand a newline");
	r = table_add_row(t);
	table_set_text(t, r, 0, "LLaMA-2-70B on A100-80GB");
	table_set_cell(t, r, 1, "$2", 2);
	r = table_add_row(t);
	table_set_text(t, r, 0, "other");
	table_set_cell(t, r, 1, "$3", 3);
	t = doc_add_table(d, "90-what-changed", "x", 3, head);
	r = table_add_row(t);
	table_set_cell(t, r, 1, "9", 9);
}

/* A tiny inputs set: two accelerators (one priced), one model. */
static void small_inputs(struct inputs *in, struct hardware *hw, struct model *m,
                         struct price *p)
{
	memset(in, 0, sizeof(*in));
	memset(hw, 0, 2 * sizeof(*hw));
	memset(m, 0, sizeof(*m));
	memset(p, 0, sizeof(*p));
	hw[0].name = (char *)"A100-80GB";
	hw[0].line = 3;
	hw[1].name = (char *)"A100";
	hw[1].line = 4;
	m->name = (char *)"LLaMA-2-70B";
	m->line = 7;
	p->hardware = (char *)"A100-80GB";
	p->hw = 0;
	p->usd_per_gpu_hour = 1.69;
	p->as_of = 20230825;
	p->provider = (char *)"RunPod";
	p->line = 22;
	in->hardware = hw;
	in->n_hardware = 2;
	in->models = m;
	in->n_models = 1;
	in->prices = p;
	in->n_prices = 1;
}

static void test_from_doc_and_round_trip(void **state)
{
	struct doc d;
	struct headline h, back;
	struct inputs in;
	struct hardware hw[2];
	struct model m;
	struct price p;
	const struct hl_entry *e;
	char path[] = "/tmp/llmcost-test-headline-XXXXXX";
	int fd;
	(void)state;

	small_doc(&d);
	small_inputs(&in, hw, &m, &p);
	headline_init(&h);
	headline_from_doc(&h, &d, &in, 20240601, 0);
	assert_int_equal(h.as_of, 20240601);
	e = find(&h, "value", "", "total_usd", "");
	assert_non_null(e);
	assert_true(e->value == 0.1 + 0.2);
	assert_null(find(&h, "value", "", "report_date", ""));
	assert_null(find(&h, "value", "", "label_only", ""));
	e = find(&h, "cell", "02-costs", "LLaMA-2-70B on A100-80GB", "cost ($)");
	assert_non_null(e);
	assert_true(e->value == 1.5);
	/* The row names the model and the accelerator, not "A100" (part of a longer name). */
	assert_string_equal(e->source, "hardware.csv:A100-80GB; models.csv:LLaMA-2-70B");
	e = find(&h, "cell", "02-costs", "LLaMA-2-70B on A100-80GB #2", "cost ($)");
	assert_non_null(e);
	assert_true(e->value == 2);
	/* No name in the row: the title's names. */
	e = find(&h, "cell", "02-costs", "other", "cost ($)");
	assert_non_null(e);
	assert_string_equal(e->source, "hardware.csv:A100-80GB");
	assert_null(find(&h, "cell", "90-what-changed", "", "cost ($)"));
	e = find(&h, "input", "prices.csv", "A100-80GB", "usd_per_gpu_hour");
	assert_non_null(e);
	assert_true(e->value == 1.69);
	assert_string_equal(e->source, "prices.csv:22");
	assert_null(find(&h, "input", "prices.csv", "A100", "usd_per_gpu_hour"));

	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	/* A text with a comma, quotes and a newline survives the CSV. */
	free(h.e[1].text);
	h.e[1].text = strdup("a, \"b\"\nc");
	assert_int_equal(headline_write(&h, path), 0);
	assert_int_equal(headline_read(&back, path), 0);
	assert_int_equal(back.n, h.n);
	assert_int_equal(back.as_of, 20240601);
	for (size_t i = 0; i < h.n; i++) {
		assert_string_equal(back.e[i].kind, h.e[i].kind);
		assert_string_equal(back.e[i].table, h.e[i].table);
		assert_string_equal(back.e[i].row, h.e[i].row);
		assert_string_equal(back.e[i].column, h.e[i].column);
		assert_string_equal(back.e[i].text, h.e[i].text);
		assert_string_equal(back.e[i].source, h.e[i].source);
		assert_true(back.e[i].value == h.e[i].value); /* exact */
	}
	unlink(path);
	headline_release(&back);
	headline_release(&h);
	doc_release(&d);
}

static void test_compare(void **state)
{
	struct headline old, cur;
	struct hl_diff df;
	char buf[2048], label[256];
	(void)state;

	assert_int_equal(headline_read(&old, DATA "old.csv"), 0);
	assert_int_equal(headline_read(&cur, DATA "new.csv"), 0);
	assert_int_equal(old.as_of, 20240501);
	headline_compare(&old, &cur, HEADLINE_MIN_PCT, &df);
	assert_int_equal(df.n, 3);
	assert_int_equal(df.n_added, 1);
	assert_int_equal(df.n_removed, 1);
	assert_int_equal(df.n_compared, 5);
	assert_int_equal(df.n_inputs, 1);
	assert_string_equal(df.inputs[0].cur->row, "A100-80GB");
	/* Largest first: from 0, +100%, +1.08%. */
	assert_string_equal(df.c[0].cur->row, "Model, \"quoted\"");
	assert_true(isinf(df.c[0].pct) && df.c[0].pct > 0);
	assert_string_equal(df.c[1].cur->row, "LLaMA-2-70B");
	assert_true(fabs(df.c[1].pct - 100.0) < 1e-9);
	assert_string_equal(df.c[1].cause, "prices.csv A100-80GB (prices.csv:40)");
	assert_string_equal(hl_entry_label(df.c[1].cur, label, sizeof(label)),
	                    "02-cheapest: LLaMA-2-70B, $/1M generated");
	assert_string_equal(df.c[2].cur->row, "LLaMA-2-7B");
	assert_true(fabs(df.c[2].pct - 1.0833333333) < 1e-6);
	assert_string_equal(df.c[2].cause, ""); /* its A100-40GB did not change */
	assert_true(isinf(df.max_abs_pct));

	headline_summary(buf, sizeof(buf), &old, &df);
	assert_string_equal(buf, "3 of 5 numbers moved by 1% or more since 2024-05-01 (largest "
	                    "change from 0; 1 input row changed). 1 number is new and 1 is gone.");
	assert_int_equal(headline_alert(buf, sizeof(buf), &old, &df, 5), 1);
	assert_non_null(strstr(buf, "alert: 2 numbers moved by 5% or more since 2024-05-01"));
	hl_diff_release(&df);
	headline_release(&cur);

	/* +4%: listed, no alert at 5%, an alert at 4%. */
	assert_int_equal(headline_read(&cur, DATA "small.csv"), 0);
	headline_compare(&old, &cur, HEADLINE_MIN_PCT, &df);
	assert_int_equal(df.n, 1);
	assert_string_equal(df.c[0].cur->row, "gen_usd");
	assert_true(fabs(df.c[0].pct - 4.0) < 1e-9);
	assert_int_equal(df.n_inputs, 0);
	assert_int_equal(headline_alert(buf, sizeof(buf), &old, &df, 5), 0);
	assert_int_equal(headline_alert(buf, sizeof(buf), &old, &df, 4), 1);
	assert_string_equal(buf, "alert: 1 number moved by 4% or more since 2024-05-01; largest: "
	                    "value gen_usd $0.50 -> $0.52 (+4.0%)");
	hl_diff_release(&df);
	headline_release(&cur);

	/* Against itself: nothing moved, one line says so. */
	headline_compare(&old, &old, HEADLINE_MIN_PCT, &df);
	assert_int_equal(df.n, 0);
	headline_summary(buf, sizeof(buf), &old, &df);
	assert_string_equal(buf, "No number moved by 1% or more since 2024-05-01 (6 numbers "
	                    "compared; 0 input rows changed).");
	hl_diff_release(&df);
	headline_release(&old);
}

/* Text values (configurations, names) are compared as text: changed or unchanged, listed after
 * the numbers with no percentage; "8 x MI300X, batch 166" is not +1975% of "batch 8". */
static void test_text_values(void **state)
{
	static const struct { const char *text; double value; int number; } cases[] = {
		{ "$0.064", 0.0644485, 1 },       { "70.0 B params", 7e10, 1 },
		{ "64%", 0.641, 1 },              { "180 ms", 0.18006, 1 },
		{ "2.16e25 FLOP", 2.1606e25, 1 }, { "327,680", 327680, 1 },
		{ "-0.2%", -0.15361, 1 },         { "$117 M", 116.6e6, 1 },
		{ "0", 0, 1 },                    { "$1.2/GPU-hour", 1.2, 1 },
		{ "8 x MI300X, batch 166", 166, 0 }, { "1 x MI300X, batch 1", 1, 0 },
		{ "gpt-3.5-turbo", 0, 0 },        { "none", 0, 0 },
		{ "yes", 1, 0 },                  { "2023-03-14", 20230314, 0 },
		{ "90 to 100", 95, 0 },           { "$0.50", 0.7, 0 },
	};
	struct headline old, cur;
	struct hl_diff df;
	char buf[2048], pct[32];
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (hl_text_is_number(cases[i].text, cases[i].value) != cases[i].number)
			fail_msg("hl_text_is_number(\"%s\", %g) should be %d", cases[i].text,
			         cases[i].value, cases[i].number);

	assert_int_equal(headline_read(&old, DATA "text-old.csv"), 0);
	assert_int_equal(headline_read(&cur, DATA "text-new.csv"), 0);
	headline_compare(&old, &cur, HEADLINE_MIN_PCT, &df);
	assert_int_equal(df.n, 3);
	assert_string_equal(df.c[0].cur->row, "gen_usd");
	assert_true(fabs(df.c[0].pct - 20.0) < 1e-9);
	assert_true(fabs(df.max_abs_pct - 20.0) < 1e-9); /* not 1975 */
	for (size_t i = 1; i < 3; i++) {
		assert_true(isnan(df.c[i].pct));
		assert_string_equal(hl_pct_text(df.c[i].pct, pct, sizeof(pct)), "changed");
		assert_true(!strcmp(df.c[i].cur->row, "cheapest_gen_config_gopher_280b") ||
		            !strcmp(df.c[i].cur->row, "headline_model"));
	}
	assert_string_not_equal(df.c[1].cur->row, df.c[2].cur->row);
	headline_summary(buf, sizeof(buf), &old, &df);
	assert_string_equal(buf, "1 of 5 numbers moved by 1% or more since 2024-05-01 (largest "
	                    "change +20.0%; 0 input rows changed). 2 named results "
	                    "(configurations, names) changed.");
	assert_int_equal(headline_alert(buf, sizeof(buf), &old, &df, 25), 0);
	hl_diff_release(&df);
	headline_release(&cur);
	headline_release(&old);
}

/* A cause is a whole input name: A100 is not a cause of a row on A100-80GB. */
static void test_cause_whole_names(void **state)
{
	struct headline old, cur;
	struct hl_diff df;
	(void)state;
	assert_int_equal(headline_read(&old, DATA "prefix-old.csv"), 0);
	assert_int_equal(headline_read(&cur, DATA "prefix-new.csv"), 0);
	headline_compare(&old, &cur, HEADLINE_MIN_PCT, &df);
	assert_int_equal(df.n, 2);
	for (size_t i = 0; i < df.n; i++) {
		if (!strcmp(df.c[i].cur->row, "on A100-80GB"))
			assert_string_equal(df.c[i].cause, "");
		else
			assert_string_equal(df.c[i].cause, "prices.csv A100 (prices.csv:9)");
	}
	hl_diff_release(&df);
	headline_release(&old);
	headline_release(&cur);
}

static void test_what_changed_tables(void **state)
{
	struct headline old, cur;
	struct hl_diff df;
	struct doc d;
	const struct table *t;
	const struct value *v;
	(void)state;

	assert_int_equal(headline_read(&old, DATA "old.csv"), 0);
	assert_int_equal(headline_read(&cur, DATA "new.csv"), 0);
	headline_compare(&old, &cur, HEADLINE_MIN_PCT, &df);
	doc_init(&d);
	headline_add_to_doc(&d, &old, &df);
	t = doc_find_table(&d, "90-what-changed");
	assert_non_null(t);
	assert_int_equal(t->nrows, 3);
	assert_string_equal(t->cells[1 * t->ncols + 1], "$0.43");
	assert_string_equal(t->cells[1 * t->ncols + 2], "$0.86");
	assert_string_equal(t->cells[1 * t->ncols + 3], "+100%");
	t = doc_find_table(&d, "90-input-changes");
	assert_non_null(t);
	assert_int_equal(t->nrows, 1);
	v = doc_find_value(&d, "changed_since");
	assert_non_null(v);
	assert_string_equal(v->text, "2024-05-01");
	doc_release(&d);

	/* No earlier record: one row saying so. */
	hl_diff_release(&df);
	memset(&df, 0, sizeof(df));
	doc_init(&d);
	headline_add_to_doc(&d, NULL, &df);
	t = doc_find_table(&d, "90-what-changed");
	assert_int_equal(t->nrows, 1);
	assert_string_equal(t->cells[0], "none: no earlier record");
	doc_release(&d);
	headline_release(&old);
	headline_release(&cur);
}

static void test_bad_files(void **state)
{
	struct headline h;
	(void)state;
	assert_int_equal(headline_read(&h, DATA "bad.csv"), -1);
	assert_string_equal(messages, DATA "bad.csv:3: expected 8 fields, got 7\n");
	messages[0] = 0;
	assert_int_equal(headline_read(&h, DATA "badnum.csv"), -1);
	assert_string_equal(messages, DATA "badnum.csv:2: value: expected a number, got \"0.5x\"\n");
	messages[0] = 0;
	assert_int_equal(headline_read(&h, DATA "README.md"), -1);
	assert_non_null(strstr(messages, "README.md:1:1: not a headline record"));
	messages[0] = 0;
	assert_int_equal(headline_read(&h, DATA "missing.csv"), -1);
	assert_non_null(strstr(messages, "cannot read '" DATA "missing.csv'"));
}

/* Runs the program; returns its exit status, its stdout in out. */
static int run(const char *args, char *out, size_t size)
{
	const char *bin = getenv("LLMCOST_BIN");
	char cmd[1024];
	FILE *p;
	size_t n;
	int st;
	snprintf(cmd, sizeof(cmd), "%s %s 2>/dev/null", bin ? bin : "build/llmcost", args);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, size - 1, p);
	out[n] = 0;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_diff_command(void **state)
{
	static char out[16384];
	(void)state;
	assert_int_equal(run("diff " DATA "old.csv " DATA "new.csv", out, sizeof(out)), EXIT_ALERT);
	assert_non_null(strstr(out, "number\told\tnew\tchange\tcause\n"));
	assert_non_null(strstr(out, "02-cheapest: LLaMA-2-70B, $/1M generated\t$0.43\t$0.86\t+100%\t"
	                       "prices.csv A100-80GB (prices.csv:40)\n"));
	assert_null(strstr(out, "small_move"));
	assert_non_null(strstr(out, "alert: 2 numbers moved by 5% or more"));
	assert_int_equal(run("diff " DATA "old.csv " DATA "small.csv", out, sizeof(out)), 0);
	assert_non_null(strstr(out, "value gen_usd\t$0.50\t$0.52\t+4.0%\t\n"));
	assert_int_equal(run("diff " DATA "old.csv " DATA "small.csv --alert-pct 3", out,
	                     sizeof(out)), EXIT_ALERT);
	assert_int_equal(run("diff " DATA "old.csv " DATA "old.csv", out, sizeof(out)), 0);
	assert_non_null(strstr(out, "No number moved by 1% or more since 2024-05-01"));
	assert_int_equal(run("diff " DATA "old.csv " DATA "bad.csv", out, sizeof(out)), EXIT_INPUT);
	assert_int_equal(run("diff " DATA "old.csv", out, sizeof(out)), EXIT_USAGE);
	assert_int_equal(run("diff " DATA "old.csv " DATA "new.csv --alert-pct x", out, sizeof(out)),
	                 EXIT_USAGE);
	/* --inputs, accepted by every command; options before, between or after the files */
	assert_int_equal(run("diff --inputs inputs " DATA "old.csv " DATA "small.csv", out,
	                     sizeof(out)), 0);
	assert_int_equal(run("diff " DATA "old.csv --alert-pct 3 " DATA "small.csv", out,
	                     sizeof(out)), EXIT_ALERT);
	assert_int_equal(run("diff " DATA "old.csv " DATA "small.csv " DATA "new.csv", out,
	                     sizeof(out)), EXIT_USAGE);
}

/* A row's sources name each input row it mentions, of every table: hardware, training runs,
 * API prices (by provider and model, found by the model), then models; each once. */
static void test_sources_every_table(void **state)
{
	static const char *const head[] = { "what", "usd" };
	struct doc d;
	struct headline h;
	struct inputs in;
	struct hardware hw[2];
	struct model m;
	struct price p;
	struct train_run run;
	struct api_price api;
	struct table *t;
	const struct hl_entry *e;
	size_t r;
	(void)state;

	small_inputs(&in, hw, &m, &p);
	memset(&run, 0, sizeof(run));
	memset(&api, 0, sizeof(api));
	run.name = (char *)"GPT-3-175B";
	api.provider = (char *)"OpenAI";
	api.model = (char *)"gpt-4o";
	api.as_of = 20240513;
	in.train_runs = &run;
	in.n_train_runs = 1;
	in.api_prices = &api;
	in.n_api_prices = 1;
	doc_init(&d);
	t = doc_add_table(&d, "05-mix", "Mixed", 2, head);
	r = table_add_row(t);
	table_set_text(t, r, 0, "LLaMA-2-70B vs gpt-4o vs GPT-3-175B on A100-80GB, A100-80GB");
	table_set_cell(t, r, 1, "$1", 1);
	headline_init(&h);
	headline_from_doc(&h, &d, &in, 20240601, 0);
	e = find(&h, "cell", "05-mix", "LLaMA-2-70B vs gpt-4o vs GPT-3-175B on A100-80GB, A100-80GB",
		 "usd");
	assert_non_null(e);
	assert_string_equal(e->source, "hardware.csv:A100-80GB; training.csv:GPT-3-175B; "
				       "api_prices.csv:OpenAI gpt-4o; models.csv:LLaMA-2-70B");
	headline_release(&h);
	doc_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_from_doc_and_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sources_every_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compare, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cause_whole_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_what_changed_tables, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diff_command, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
