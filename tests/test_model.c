/*
 * test_model.c - the input tables as structs: a valid folder loads with the right values, and
 * every bad folder under tests/data/bad/ gives exactly the messages listed for it in
 * tests/data/bad/cases.txt (all of them, in order, and nothing else).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "estimate.h"
#include "model.h"
#include "validate.h"

#define GOOD "tests/data/good"
#define BAD "tests/data/bad"

/* Messages captured from err.h. */
struct msgs {
	char **v;
	size_t n;
};

static void capture(const char *line, void *ctx)
{
	struct msgs *m = ctx;
	char **nv = realloc(m->v, (m->n + 1) * sizeof(*nv));
	assert_non_null(nv);
	m->v = nv;
	m->v[m->n] = strdup(line);
	assert_non_null(m->v[m->n]);
	m->n++;
}

static void msgs_clear(struct msgs *m)
{
	size_t i;
	for (i = 0; i < m->n; i++)
		free(m->v[i]);
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

/* Loads dir with messages captured into m. */
static int load(struct inputs *in, const char *dir, struct msgs *m)
{
	int r;
	err_set_sink(capture, m);
	r = inputs_load(in, dir);
	err_set_sink(NULL, NULL);
	return r;
}

static void test_good_folder(void **state)
{
	struct inputs in;
	struct msgs m = {0};
	const struct model *mo;
	const struct hardware *h;
	const struct sweep *s;
	(void)state;

	assert_int_equal(load(&in, GOOD, &m), 0);
	assert_int_equal(m.n, 0);
	assert_string_equal(in.dir, GOOD);

	/* models.csv: BOM, CRLF, a blank line, padded fields, an x_ column, a quoted source
	 * with a comma and one spanning two lines. */
	assert_int_equal(in.n_models, 4);
	mo = &in.models[0];
	assert_string_equal(mo->name, "LLaMA-2-70B");
	assert_true(mo->params == 70e9);
	assert_true(mo->active_params == 70e9); /* default: params */
	assert_int_equal(mo->layers, 80);
	assert_int_equal(mo->d_model, 8192);
	assert_int_equal(mo->heads, 64);
	assert_int_equal(mo->kv_heads, 8);
	assert_int_equal(mo->head_dim, 128);
	assert_int_equal(mo->experts, 1);
	assert_int_equal(mo->experts_per_token, 1);
	assert_true(mo->context == 4096);
	assert_string_equal(mo->source, "Touvron et al. 2023, table 1");
	assert_int_equal(mo->line, 2);
	assert_string_equal(in.models[1].name, "LLaMA-2-7B");
	assert_true(in.models[1].params == 6.74e9);
	assert_int_equal(in.models[1].line, 4);
	mo = &in.models[2];
	assert_string_equal(mo->name, "Mixtral-8x7B");
	assert_true(mo->active_params == 12.9e9);
	assert_int_equal(mo->experts, 8);
	assert_int_equal(mo->experts_per_token, 2);
	assert_string_equal(mo->source, "Jiang et al. 2024,\n\"Mixtral of Experts\"");
	assert_int_equal(mo->line, 5);
	assert_true(in.models[3].params == 175e9);
	assert_int_equal(in.models[3].line, 7);

	/* hardware.csv: columns in another order, blank lines, empty optional fields. */
	assert_int_equal(in.n_hardware, 4);
	h = &in.hardware[0];
	assert_string_equal(h->name, "A100-80GB");
	assert_string_equal(h->vendor, "NVIDIA");
	assert_true(h->peak_tflops_16 == 312 && h->peak_tflops_8 == 624);
	assert_true(h->mem_gb == 80 && h->mem_bw_tbs == 2.039 && h->link_gbs == 300);
	assert_int_equal(h->year, 2020);
	assert_true(h->tdp_w == 400 && h->list_price_usd == 15000);
	h = &in.hardware[2];
	assert_string_equal(h->name, "V100");
	assert_true(h->peak_tflops_8 == 0); /* empty: no 8-bit tensor support */
	assert_true(h->list_price_usd == 0);
	assert_int_equal(h->line, 5);
	assert_true(in.hardware[3].link_gbs == 0);

	/* prices.csv: hardware resolved ignoring case; the last row has no final newline. */
	assert_int_equal(in.n_prices, 6);
	assert_int_equal(in.prices[0].hw, 0);
	assert_int_equal(in.prices[0].as_of, 20230720);
	assert_string_equal(in.prices[0].source, "2 x A100-80GB at $4.42/h");
	assert_int_equal(in.prices[4].hw, 3);
	assert_int_equal(in.prices[5].hw, 0);
	assert_string_equal(in.prices[5].hardware, "a100-80gb");
	assert_int_equal(in.prices[5].line, 7);

	assert_int_equal(in.n_api_prices, 2);
	assert_string_equal(in.api_prices[0].model, "gpt-3.5-turbo");
	assert_true(in.api_prices[0].usd_per_1k_prompt == 0.0015);
	assert_true(in.api_prices[0].usd_per_1k_gen == 0.002);
	assert_int_equal(in.api_prices[1].as_of, 20230720);

	/* sweeps.csv: lists kept as written, defaults filled in. */
	assert_int_equal(in.n_sweeps, 2);
	s = &in.sweeps[0];
	assert_string_equal(s->gpus, "2,8");
	assert_string_equal(s->batch, "1,2,4,8,16,32,64");
	assert_string_equal(s->prompt, "128,512,1024,2048,4096");
	assert_string_equal(s->gen, "512");
	assert_string_equal(s->precision, "bf16");
	assert_string_equal(s->description, "the article's sweep");
	s = &in.sweeps[1];
	assert_string_equal(s->models, "llama-2-7b, GPT-3-175B");
	assert_string_equal(s->gpus, "1");
	assert_string_equal(s->batch, "max");
	assert_string_equal(s->precision, "bf16,fp8");
	assert_string_equal(s->description, "");
	assert_int_equal(s->line, 3);

	/* training.csv */
	assert_int_equal(in.n_train_runs, 2);
	assert_int_equal(in.train_runs[0].hw, 0);
	assert_true(in.train_runs[0].gpu_hours == 1720320);
	assert_true(in.train_runs[0].active_params == 70e9);
	assert_int_equal(in.train_runs[0].gpus, 0);
	assert_true(in.train_runs[0].mfu == 0);
	assert_int_equal(in.train_runs[1].hw, 2);
	assert_int_equal(in.train_runs[1].gpus, 1024);
	assert_true(in.train_runs[1].days == 34 && in.train_runs[1].mfu == 0.213);
	assert_string_equal(in.train_runs[1].model, "GPT-3-175B");
	/* the optional run facts: empty means the estimator's rules */
	assert_true(in.train_runs[0].seq_tokens == 0 && in.train_runs[0].batch_tokens == 0);
	assert_true(!in.train_runs[0].fp8 && !in.train_runs[0].unfused_attention &&
		    !in.train_runs[0].full_recompute);
	assert_true(in.train_runs[1].seq_tokens == 2048 && in.train_runs[1].batch_tokens == 3.2e6);
	assert_true(!in.train_runs[1].fp8 && in.train_runs[1].unfused_attention &&
		    in.train_runs[1].full_recompute);
	/* hardware link domain and network: given, or 0 for the estimator's defaults */
	assert_true(in.hardware[0].domain_chips == 8 && in.hardware[0].net_gbs == 25);
	assert_true(in.hardware[1].domain_chips == 0 && in.hardware[1].net_gbs == 0);

	inputs_release(&in);
	inputs_release(&in); /* releasing twice is harmless */
	assert_null(in.models);
	msgs_clear(&m);
}

/* measurements.csv of the good folder: a training row with its defaults (no gpus, batch...)
 * and a serving row naming its chip in another case; each row keeps its own shape. */
static void test_measurements(void **state)
{
	struct inputs in;
	struct msgs m = { 0 };
	(void)state;

	assert_int_equal(load(&in, GOOD, &m), 0);
	assert_int_equal(m.n, 0);
	assert_int_equal(in.n_measurements, 2);
	const struct meas_row *t = &in.measurements[0], *s = &in.measurements[1];
	assert_string_equal(t->id, "M-T1");
	assert_int_equal(t->train, 1);
	assert_string_equal(t->model.name, "LLaMA-7B");
	assert_true(t->model.params == 6.7e9 && t->model.active_params == 6.7e9);
	assert_int_equal(t->model.layers, 32);
	assert_int_equal(t->model.experts, 1);
	assert_string_equal(in.hardware[t->hw].name, "A100-80GB");
	assert_int_equal(t->gpus, 0);
	assert_int_equal(t->batch, 0);
	assert_int_equal(t->precision, PREC_BF16);
	assert_int_equal(t->metric, MEAS_GPU_HOURS);
	assert_true(t->train_tokens == 1e12 && t->value == 82432);
	assert_string_equal(t->source, "LLaMA paper, Table 15");
	assert_int_equal(t->line, 2);

	assert_int_equal(s->train, 0);
	assert_string_equal(in.hardware[s->hw].name, "H100-SXM");
	assert_int_equal(s->model.kv_heads, 8);
	assert_int_equal(s->gpus, 4);
	assert_int_equal(s->batch, 2);
	assert_int_equal(s->prompt, 2048);
	assert_int_equal(s->gen, 1);
	assert_int_equal(s->precision, PREC_FP8);
	assert_int_equal(s->metric, MEAS_TTFT);
	assert_true(s->value == 0.377);
	assert_string_equal(s->unit, "s");
	inputs_release(&in);
	msgs_clear(&m);
}

static void test_find_and_suggest(void **state)
{
	struct inputs in;
	struct msgs m = {0};
	(void)state;

	assert_int_equal(load(&in, GOOD, &m), 0);
	assert_ptr_equal(inputs_find_model(&in, "LLaMA-2-70B"), &in.models[0]);
	assert_ptr_equal(inputs_find_model(&in, "llama-2-70b"), &in.models[0]);
	assert_null(inputs_find_model(&in, "LLaMA-2-70"));
	assert_ptr_equal(inputs_find_hardware(&in, "h100-sxm"), &in.hardware[1]);
	assert_null(inputs_find_hardware(&in, "H100"));
	assert_ptr_equal(inputs_find_sweep(&in, "cross-vendor"), &in.sweeps[1]);
	assert_null(inputs_find_sweep(&in, "nope"));

	assert_string_equal(inputs_suggest(&in, "model", "llama2-70b"), "LLaMA-2-70B");
	assert_string_equal(inputs_suggest(&in, "model", "mixtral-8x7"), "Mixtral-8x7B");
	assert_string_equal(inputs_suggest(&in, "hardware", "H100-SMX"), "H100-SXM");
	assert_string_equal(inputs_suggest(&in, "hardware", "V10"), "V100");
	/* "A100" is 1 edit from "V100" but the start of "A100-80GB" */
	assert_string_equal(inputs_suggest(&in, "hardware", "A100"), "A100-80GB");
	assert_string_equal(inputs_suggest(&in, "hardware", "h100"), "H100-SXM");
	/* 2 edits from "V100": near for a 4-character name (at most max(2, 4/3) edits) */
	assert_string_equal(inputs_suggest(&in, "hardware", "B200"), "V100");
	/* 5 or more edits from every name: more than max(2, 6/3) */
	assert_null(inputs_suggest(&in, "hardware", "Gaudi3"));
	assert_null(inputs_suggest(&in, "model", "zzzzzzzz"));
	assert_string_equal(inputs_suggest(&in, "sweep", "article70b"), "article-70b");
	assert_null(inputs_suggest(&in, "bogus", "V100"));
	inputs_release(&in);
	msgs_clear(&m);
}

static void test_price_at(void **state)
{
	struct inputs in;
	struct msgs m = {0};
	const struct hardware *a100, *h100, *v100;
	(void)state;

	assert_int_equal(load(&in, GOOD, &m), 0);
	a100 = inputs_find_hardware(&in, "A100-80GB");
	h100 = inputs_find_hardware(&in, "H100-SXM");
	v100 = inputs_find_hardware(&in, "V100");
	assert_ptr_equal(inputs_price_at(&in, a100, 20240101), &in.prices[0]);
	assert_ptr_equal(inputs_price_at(&in, a100, 20240601), &in.prices[1]); /* same day */
	assert_ptr_equal(inputs_price_at(&in, a100, 20240531), &in.prices[0]);
	/* the row naming "a100-80gb" in lower case is one of A100-80GB's */
	assert_ptr_equal(inputs_price_at(&in, a100, 20240620), &in.prices[5]);
	/* the newest overall */
	assert_ptr_equal(inputs_price_at(&in, a100, 0), &in.prices[2]);
	assert_ptr_equal(inputs_price_at(&in, a100, 20991231), &in.prices[2]);
	assert_null(inputs_price_at(&in, a100, 20230719)); /* before any price */
	assert_ptr_equal(inputs_price_at(&in, h100, 20250101), &in.prices[3]);
	assert_null(inputs_price_at(&in, v100, 0));
	assert_null(inputs_price_at(&in, NULL, 0));
	inputs_release(&in);
	msgs_clear(&m);
}

/* One case of cases.txt: its name and expected messages. */
struct bad_case {
	char name[64];
	char **want;
	size_t n_want;
};

static void run_case(const struct bad_case *c, int *failures)
{
	struct inputs in;
	struct msgs m = {0};
	char dir[256];
	size_t i;
	int r, ok;

	snprintf(dir, sizeof(dir), "%s/%s", BAD, c->name);
	r = load(&in, dir, &m);
	ok = r == -1 && m.n == c->n_want && in.models == NULL && in.n_models == 0;
	for (i = 0; ok && i < m.n; i++)
		ok = strcmp(m.v[i], c->want[i]) == 0;
	if (!ok) {
		print_error("case %s: inputs_load returned %d, %zu message(s), expected %zu:\n",
			    c->name, r, m.n, c->n_want);
		for (i = 0; i < m.n || i < c->n_want; i++)
			print_error("  got:  %s\n  want: %s\n", i < m.n ? m.v[i] : "(none)",
				    i < c->n_want ? c->want[i] : "(none)");
		(*failures)++;
	}
	inputs_release(&in);
	msgs_clear(&m);
}

static void test_bad_cases(void **state)
{
	FILE *f = fopen(BAD "/cases.txt", "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	struct bad_case c;
	int failures = 0, cases = 0;
	size_t i;
	(void)state;

	assert_non_null(f);
	memset(&c, 0, sizeof(c));
	for (;;) {
		char *tab = NULL, *want;
		n = getline(&line, &cap, f);
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n > 0 && (line[0] == '#' || line[0] == '\0'))
			continue;
		if (n > 0) {
			tab = strchr(line, '\t');
			assert_non_null(tab);
			*tab = '\0';
		}
		/* a new case name (or the end) runs the case gathered so far */
		if (c.name[0] && (n <= 0 || strcmp(c.name, line) != 0)) {
			run_case(&c, &failures);
			cases++;
			for (i = 0; i < c.n_want; i++)
				free(c.want[i]);
			free(c.want);
			memset(&c, 0, sizeof(c));
		}
		if (n <= 0)
			break;
		assert_true(strlen(line) < sizeof(c.name));
		strcpy(c.name, line);
		/* "{dir}" stands for the case's folder */
		assert_true(strncmp(tab + 1, "{dir}/", 6) == 0);
		want = malloc(strlen(BAD) + strlen(line) + strlen(tab + 1) + 4);
		assert_non_null(want);
		sprintf(want, "%s/%s/%s", BAD, line, tab + 7);
		c.want = realloc(c.want, (c.n_want + 1) * sizeof(*c.want));
		assert_non_null(c.want);
		c.want[c.n_want++] = want;
	}
	free(line);
	fclose(f);
	assert_true(cases >= 25);
	assert_int_equal(failures, 0);
}

/* A folder path with a trailing slash names files without "//". */
static void test_trailing_slash(void **state)
{
	struct inputs in;
	struct msgs m = {0};
	(void)state;

	assert_int_equal(load(&in, BAD "/nonnumeric/", &m), -1);
	assert_int_equal(m.n, 1);
	assert_string_equal(m.v[0], BAD "/nonnumeric/models.csv:3:2: params: expected a number, "
					"got \"7B\"");
	msgs_clear(&m);
	assert_int_equal(load(&in, GOOD "/", &m), 0);
	inputs_release(&in);
	msgs_clear(&m);
}

/* A folder that does not exist: each required table is named once, the optional ones not. */
static void test_missing_folder(void **state)
{
	struct inputs in;
	struct msgs m = {0};
	(void)state;

	assert_int_equal(load(&in, "tests/data/no-such-folder", &m), -1);
	assert_int_equal(m.n, 3);
	assert_string_equal(m.v[0], "tests/data/no-such-folder/hardware.csv: cannot open: "
				    "No such file or directory");
	assert_string_equal(m.v[1], "tests/data/no-such-folder/models.csv: cannot open: "
				    "No such file or directory");
	assert_string_equal(m.v[2], "tests/data/no-such-folder/prices.csv: cannot open: "
				    "No such file or directory");
	assert_null(in.dir);
	msgs_clear(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_folder),
		cmocka_unit_test(test_measurements),
		cmocka_unit_test(test_find_and_suggest),
		cmocka_unit_test(test_price_at),
		cmocka_unit_test(test_bad_cases),
		cmocka_unit_test(test_trailing_slash),
		cmocka_unit_test(test_missing_folder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
