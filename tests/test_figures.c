/*
 * test_figures.c - the serving sections of the report (figures_serving.c, figures.md items
 * 3-10) and figures_build's common values, built from the real inputs/ (and from the small
 * fixture tests/data/figures/min/, which has no api_prices.csv or sweeps.csv).
 *
 * Checked: every item's figure and table id is present; every series is non-empty, finite and
 * positive on log axes; the latency table agrees with estimate_infer at the same configuration;
 * the memory-runs-out marks sit where max_batch_fit says; the "Article vs llmcost" rows agree
 * with seed-numbers.csv within its tolerance (and every seed 000/001 id is there); the API
 * lines come from api_prices.csv, and without it (or training.csv) the values drawn from it
 * read "n/a (no api_prices.csv)"; a price override reaches the costs; and the formatting
 * helpers of figures_util.c against hand-written cases.
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
#include <unistd.h>

#include "doc.h"
#include "err.h"
#include "estimate.h"
#include "figures.h"
#include "figures_int.h"
#include "model.h"

#define FIXTURE "tests/data/figures/min"

static int rel_close(double got, double want, double rel)
{
	if (want == 0)
		return fabs(got) <= rel;
	return fabs(got - want) <= rel * fabs(want);
}

/* A loaded inputs folder and the serving sections built from it. */
struct built {
	struct inputs in;
	struct doc d;
};

static void build(struct built *b, const char *dir, double usd_override)
{
	struct figures_opts o = { 20261126, usd_override };

	assert_int_equal(inputs_load(&b->in, dir), 0);
	doc_init(&b->d);
	assert_int_equal(figures_serving(&b->in, &o, &b->d), 0);
}

static void release(struct built *b)
{
	doc_release(&b->d);
	inputs_release(&b->in);
}

/* The real inputs when they are there, else the fixture. */
static const char *inputs_dir(void)
{
	return access("inputs/models.csv", R_OK) == 0 ? "inputs" : FIXTURE;
}

static const char *const fig_ids[] = { "03-prefill-cost", "04-gen-cost", "06-roofline",
	"07-max-batch", "08-bandwidth-wall", "10-moe-experts" };
static const char *const table_ids[] = { "05-latency-table", "07-article-vs-llmcost",
	"09-gpt4-training", "10-moe-cost", "10-article-vs-llmcost" };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static size_t col_of(const struct table *t, const char *head)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (strcmp(t->head[c], head) == 0)
			return c;
	fail_msg("table %s has no column '%s'", t->id, head);
	return 0;
}

static double raw(const struct table *t, size_t r, size_t c)
{
	return t->raw[r * t->ncols + c];
}

static const char *cell(const struct table *t, size_t r, size_t c)
{
	return t->cells[r * t->ncols + c];
}

/* ---- every item, well formed ---- */

static void check_items(const struct doc *d)
{
	for (size_t i = 0; i < NELEM(fig_ids); i++) {
		const struct figure *f = doc_find_figure(d, fig_ids[i]);
		if (!f)
			fail_msg("figure %s missing", fig_ids[i]);
		assert_true(f->title && *f->title && f->caption && strlen(f->caption) > 80);
		/* axis labels carry units: "(s)", "(tokens)", "USD per ..." */
		assert_true(strchr(f->xlabel, '(') || strstr(f->xlabel, "USD") ||
			    strstr(f->xlabel, "parameters"));
		assert_true(strchr(f->ylabel, '(') || strstr(f->ylabel, "USD") ||
			    strstr(f->ylabel, "per"));
		assert_true(f->n_series >= 1);
		for (size_t k = 0; k < f->n_series; k++) {
			const struct series *s = &f->series[k];
			assert_true(s->title && *s->title);
			if (s->n == 0)
				fail_msg("%s: series '%s' is empty", f->id, s->title);
			for (size_t j = 0; j < s->n; j++) {
				assert_true(isfinite(s->x[j]) && isfinite(s->y[j]));
				if (f->logx)
					assert_true(s->x[j] > 0);
				if (f->logy)
					assert_true(s->y[j] > 0);
			}
		}
		for (size_t m = 0; m < f->n_marks; m++) {
			const struct fig_mark *mk = &f->marks[m];
			if (mk->kind != MARK_VLINE)
				assert_true(isfinite(mk->y));
			if (mk->kind != MARK_HLINE)
				assert_true(isfinite(mk->x));
		}
	}
	for (size_t i = 0; i < NELEM(table_ids); i++) {
		const struct table *t = doc_find_table(d, table_ids[i]);
		if (!t)
			fail_msg("table %s missing", table_ids[i]);
		assert_true(t->nrows >= 2 && t->ncols >= 4);
		assert_true(t->caption && strlen(t->caption) > 80);
		for (size_t r = 0; r < t->nrows; r++) {
			int exp_form = 0, flop = 0;
			for (size_t c = 0; c < t->ncols; c++) {
				const char *s = cell(t, r, c);
				assert_non_null(s);
				exp_form |= strstr(s, "e+") != NULL;
				flop |= strstr(s, "FLOP") != NULL;
			}
			/* no raw %g exponent output except for FLOP counts (2.16e+25) */
			if (exp_form && !flop)
				fail_msg("%s row %zu: exponent form outside a FLOP row", t->id, r);
		}
	}
}

static void test_items_real(void **state)
{
	struct built b;
	(void)state;
	build(&b, inputs_dir(), 0);
	check_items(&b.d);
	release(&b);
}

static void test_items_fixture(void **state)
{
	struct built b;
	const struct figure *f;
	const struct table *t;
	const struct value *v;
	(void)state;
	build(&b, FIXTURE, 0);
	check_items(&b.d);
	/* no api_prices.csv: no API line, and the API-derived values say so */
	f = doc_find_figure(&b.d, "03-prefill-cost");
	for (size_t m = 0; m < f->n_marks; m++)
		assert_true(!f->marks[m].label || !strstr(f->marks[m].label, "price"));
	v = doc_find_value(&b.d, "api_prompt_usd_per_1k");
	assert_non_null(v);
	assert_string_equal(v->text, "n/a (no api_prices.csv)");
	/* no sweeps.csv: the article's grid, 4 batches x 3 prompts on 2 and on 8 GPUs */
	t = doc_find_table(&b.d, "05-latency-table");
	assert_int_equal(t->nrows, 2 * 4 * 3);
	release(&b);
}

/* figures_build adds the common values, then both sections (econ included). */
static void test_build_common(void **state)
{
	struct inputs in;
	struct doc d;
	struct figures_opts o = { 20240101, 0 };
	const struct value *v;
	(void)state;

	assert_int_equal(inputs_load(&in, inputs_dir()), 0);
	doc_init(&d);
	assert_int_equal(figures_build(&in, &o, &d), 0);
	v = doc_find_value(&d, "as_of");
	assert_non_null(v);
	assert_string_equal(v->text, "2024-01-01");
	v = doc_find_value(&d, "price_override");
	assert_string_equal(v->text, "none");
	v = doc_find_value(&d, "n_models");
	assert_true(v->v == (double)in.n_models);
	for (size_t i = 0; i < NELEM(fig_ids); i++)
		assert_non_null(doc_find_figure(&d, fig_ids[i]));
	doc_release(&d);
	inputs_release(&in);
}

/* The fixture has neither api_prices.csv nor training.csv: every value the templates draw
 * from them reads "n/a (no FILE)" with no number (the headline record leaves it out), and
 * the tables listing their rows are empty and say why. */
static void test_without_optional_tables(void **state)
{
	static const struct {
		const char *name, *text;
	} na[] = {
		{ "api_prompt_usd_per_1k", "n/a (no api_prices.csv)" },
		{ "api_gen_usd_per_1k", "n/a (no api_prices.csv)" },
		{ "api_name", "n/a (no api_prices.csv)" },
		{ "s0_prompt_api_ratio", "n/a (no api_prices.csv)" },
		{ "s0_gen_api_ratio_b1", "n/a (no api_prices.csv)" },
		{ "s0_batch_to_match_api", "n/a (no api_prices.csv)" },
		{ "headline_breakeven_util", "n/a (no api_prices.csv)" },
		{ "headline_breakeven_api", "n/a (no api_prices.csv)" },
		{ "chat_query_today_usd", "n/a (no api_prices.csv)" },
		{ "search_query_today_usd", "n/a (no api_prices.csv)" },
		{ "gpt4_gpt35_price_ratio", "n/a (no api_prices.csv)" },
		{ "gpt4_gpt35_price_ratio_now", "n/a (no api_prices.csv)" },
		{ "gpt4_32k_gpt35_price_ratio", "n/a (no api_prices.csv)" },
		{ "gpt4_32k_gpt35_price_ratio_now", "n/a (no api_prices.csv)" },
		{ "flagship_run", "n/a (no training.csv)" },
		{ "flagship_train_usd", "n/a (no training.csv)" },
	};
	static const struct {
		const char *id, *caption;
	} empty[] = {
		{ "02-break-even", "Not available: the inputs have no api_prices.csv, the API prices "
				   "this table sets self-hosting against." },
		{ "17-mfu", "Not available: the inputs have no training.csv, the published training "
			    "runs this table lists." },
	};
	struct inputs in;
	struct doc d;
	struct figures_opts o = { 20240601, 0 };
	(void)state;

	assert_int_equal(inputs_load(&in, FIXTURE), 0);
	assert_int_equal(in.n_api_prices, 0);
	assert_int_equal(in.n_train_runs, 0);
	doc_init(&d);
	assert_int_equal(figures_build(&in, &o, &d), 0);
	for (size_t i = 0; i < NELEM(na); i++) {
		const struct value *v = doc_find_value(&d, na[i].name);
		if (!v)
			fail_msg("no value %s", na[i].name);
		assert_string_equal(v->text, na[i].text);
		assert_true(isnan(v->v));
	}
	for (size_t i = 0; i < NELEM(empty); i++) {
		const struct table *t = doc_find_table(&d, empty[i].id);
		assert_non_null(t);
		assert_int_equal(t->nrows, 0);
		assert_string_equal(t->caption, empty[i].caption);
	}
	doc_release(&d);
	inputs_release(&in);
}

/* ---- the latency table against the estimator ---- */

/* The seed's scenario model: the LLaMA-2-70B row with the seed's stated 70e9 parameters. */
static void seed_llama(const struct inputs *in, struct model *m)
{
	const struct model *row = inputs_find_model(in, "LLaMA-2-70B");
	assert_non_null(row);
	*m = *row;
	m->params = m->active_params = 70e9;
}

static void check_latency_table(const struct inputs *in, const struct doc *d, double usd)
{
	const struct table *t = doc_find_table(d, "05-latency-table");
	const struct hardware *a100 = inputs_find_hardware(in, "A100-80GB");
	struct model m;
	size_t cg, cb, cp, cn, cttft, ctpot, ctok, cusdp, cusdg, cfit, n2 = 0, n8 = 0;

	assert_non_null(t);
	assert_non_null(a100);
	seed_llama(in, &m);
	cg = col_of(t, "GPUs");
	cb = col_of(t, "batch");
	cp = col_of(t, "prompt (tokens)");
	cn = col_of(t, "gen (tokens)");
	cttft = col_of(t, "TTFT (s)");
	ctpot = col_of(t, "time per output token (ms)");
	ctok = col_of(t, "throughput (token/s)");
	cusdp = col_of(t, "USD per 1K prompt");
	cusdg = col_of(t, "USD per 1K generated");
	cfit = col_of(t, "fits");
	for (size_t r = 0; r < t->nrows; r++) {
		struct infer_cfg c;
		struct infer_result e;
		infer_cfg_init(&c);
		c.model = &m;
		c.hw = a100;
		c.gpus = (int)raw(t, r, cg);
		c.batch = (long)raw(t, r, cb);
		c.prompt_tokens = (long)raw(t, r, cp);
		c.gen_tokens = (long)raw(t, r, cn);
		c.usd_per_gpu_hour = usd;
		assert_int_equal(estimate_infer(&c, &e), 0);
		assert_true(rel_close(raw(t, r, cttft), e.ttft_s, 1e-12));
		assert_true(rel_close(raw(t, r, ctpot), e.tpot_s * 1e3, 1e-12));
		assert_true(rel_close(raw(t, r, ctok), e.throughput_tok_s, 1e-12));
		assert_true(rel_close(raw(t, r, cusdp), e.usd_per_1k_prompt, 1e-12));
		assert_true(rel_close(raw(t, r, cusdg), e.usd_per_1k_gen, 1e-12));
		assert_true(raw(t, r, cfit) == (e.fits ? 1.0 : 0.0));
		assert_string_equal(cell(t, r, cfit), e.fits ? "yes" : "no");
		n2 += c.gpus == 2;
		n8 += c.gpus == 8;
	}
	assert_true(n2 > 0 && n8 > 0);
}

static void test_latency_table(void **state)
{
	struct built b;
	const struct price *p;
	(void)state;
	build(&b, inputs_dir(), 0);
	/* the seed's price: the A100-80GB row in force on the article's date */
	p = inputs_price_at(&b.in, inputs_find_hardware(&b.in, "A100-80GB"), 20230720);
	assert_non_null(p);
	assert_true(rel_close(p->usd_per_gpu_hour * 2, 4.42, 1e-9));
	check_latency_table(&b.in, &b.d, p->usd_per_gpu_hour);
	/* with sweeps.csv, its generating runs: batches x prompts of the two named sweeps */
	if (inputs_find_sweep(&b.in, "llama2-70b-2xa100")) {
		const struct table *t = doc_find_table(&b.d, "05-latency-table");
		size_t cn = col_of(t, "gen (tokens)");
		for (size_t r = 0; r < t->nrows; r++)
			assert_true(raw(t, r, cn) > 1);
		assert_true(t->nrows >= 2 * 7 * 6);
	}
	release(&b);
	build(&b, FIXTURE, 0);
	check_latency_table(&b.in, &b.d, 2.21);
	release(&b);
}

static void test_price_override(void **state)
{
	struct built b;
	const struct value *v;
	(void)state;
	build(&b, FIXTURE, 10.0);
	check_latency_table(&b.in, &b.d, 10.0);
	v = doc_find_value(&b.d, "s0_usd_per_gpu_hour");
	assert_non_null(v);
	assert_true(v->v == 10.0);
	release(&b);
}

/* ---- where memory runs out ---- */

static void test_memory_marks(void **state)
{
	struct built b;
	const struct figure *f;
	const struct hardware *a100;
	struct model m;
	size_t n_kv = 0;
	(void)state;

	build(&b, inputs_dir(), 0);
	a100 = inputs_find_hardware(&b.in, "A100-80GB");
	seed_llama(&b.in, &m);
	f = doc_find_figure(&b.d, "04-gen-cost");
	assert_non_null(f);
	for (size_t k = 0; k < f->n_series; k++) {
		const struct series *s = &f->series[k];
		long seq, maxb;
		int found = 0;
		if (sscanf(s->title, "with KV reads, %ld-token sequences", &seq) != 1)
			continue;
		n_kv++;
		maxb = max_batch_fit(&m, a100, 2, PREC_BF16, PREC_BF16, (double)seq, 0);
		assert_true(maxb >= 1);
		/* the curve ends where memory runs out, and no point goes past it */
		assert_true(s->x[s->n - 1] == (double)maxb);
		for (size_t j = 0; j < s->n; j++)
			assert_true(s->x[j] <= (double)maxb);
		for (size_t i = 0; i < f->n_marks; i++)
			if (f->marks[i].kind == MARK_POINT && f->marks[i].x == (double)maxb &&
			    f->marks[i].y == s->y[s->n - 1])
				found = 1;
		assert_true(found);
	}
	assert_int_equal(n_kv, 3);

	/* Figure 07: both seed points at 4096 tokens on 2 x A100 */
	f = doc_find_figure(&b.d, "07-max-batch");
	{
		long ideal = max_batch_fit(&m, a100, 2, PREC_BF16, PREC_BF16, 4096, 0);
		long res = max_batch_fit(&m, a100, 2, PREC_BF16, PREC_BF16, 4096,
					 default_reserve_gb(a100));
		int fi = 0, fr = 0;
		assert_int_equal(ideal, 14); /* S0-16: (160 - 140) / 1.34 */
		assert_true(res >= 7 && res <= 9); /* the seed's ~8 in practice */
		for (size_t i = 0; i < f->n_marks; i++) {
			fi |= f->marks[i].x == 4096 && f->marks[i].y == (double)ideal;
			fr |= f->marks[i].x == 4096 && f->marks[i].y == (double)res;
		}
		assert_true(fi && fr);
		assert_true(doc_find_value(&b.d, "s0_max_batch_4096_ideal")->v == (double)ideal);
		assert_true(doc_find_value(&b.d, "s0_max_batch_4096_reserve")->v == (double)res);
	}
	release(&b);
}

/* ---- API lines ---- */

static void test_api_lines(void **state)
{
	struct built b;
	const struct figure *f;
	const struct api_price *want = NULL;
	int seen = 0;
	(void)state;

	build(&b, inputs_dir(), 0);
	/* the gpt-3.5-turbo row in force on 2023-07-20, found here independently */
	for (size_t i = 0; i < b.in.n_api_prices; i++) {
		const struct api_price *a = &b.in.api_prices[i];
		if (strcmp(a->model, "gpt-3.5-turbo") == 0 && a->as_of <= 20230720 &&
		    (!want || a->as_of > want->as_of))
			want = a;
	}
	if (!want) {
		release(&b);
		skip();
	}
	f = doc_find_figure(&b.d, "03-prefill-cost");
	for (size_t i = 0; i < f->n_marks; i++)
		if (f->marks[i].kind == MARK_HLINE && f->marks[i].y == want->usd_per_1k_prompt)
			seen |= 1;
	f = doc_find_figure(&b.d, "04-gen-cost");
	for (size_t i = 0; i < f->n_marks; i++)
		if (f->marks[i].kind == MARK_HLINE && f->marks[i].y == want->usd_per_1k_gen)
			seen |= 2;
	assert_int_equal(seen, 3);
	/* LLaMA's prompt tokens are cheaper than the API's, its batch-1 generation dearer */
	assert_true(doc_find_value(&b.d, "s0_prompt_api_ratio")->v > 1);
	assert_true(doc_find_value(&b.d, "s0_gen_api_ratio_b1")->v > 1);
	release(&b);
}

/* ---- Article vs llmcost against seed-numbers.csv ---- */

static void ref_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "../shared/reference/%s", name);
	if (access(buf, R_OK) != 0)
		snprintf(buf, size, "tests/ref/%s", name);
}

/* The field-th comma-separated field of line (seed-numbers.csv quotes nothing; a quoted
 * line is reported). */
static int field_of(const char *line, int field, char *out, size_t size)
{
	const char *p = line;
	size_t n = 0;

	if (strchr(line, '"'))
		return -1;
	for (int f = 0; f < field; f++) {
		p = strchr(p, ',');
		if (!p)
			return -1;
		p++;
	}
	while (p[n] && p[n] != ',' && p[n] != '\n' && p[n] != '\r')
		n++;
	if (n + 1 > size)
		return -1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

static const struct table *claims_table_for(const struct doc *d, const char *id)
{
	return doc_find_table(d, strncmp(id, "S0-", 3) == 0 ? "07-article-vs-llmcost"
							  : "10-article-vs-llmcost");
}

static void test_seed_numbers(void **state)
{
	struct built b;
	char path[256], id[32], expected[64], tol[32];
	char *line = NULL;
	size_t cap = 0, checked = 0;
	FILE *fp;
	(void)state;

	build(&b, inputs_dir(), 0);
	ref_path(path, sizeof path, "seed-numbers.csv");
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_true(getline(&line, &cap, fp) > 0); /* header */
	while (getline(&line, &cap, fp) > 0) {
		const struct table *t;
		size_t r, c_llm;
		double want, tol_pct;
		assert_int_equal(field_of(line, 0, id, sizeof id), 0);
		if (strncmp(id, "S0-", 3) != 0 && strncmp(id, "S1-", 3) != 0)
			continue;
		assert_int_equal(field_of(line, 4, expected, sizeof expected), 0);
		assert_int_equal(field_of(line, 6, tol, sizeof tol), 0);
		want = strtod(expected, NULL);
		tol_pct = strtod(tol, NULL);
		t = claims_table_for(&b.d, id);
		assert_non_null(t);
		c_llm = col_of(t, "llmcost");
		for (r = 0; r < t->nrows && strcmp(cell(t, r, 0), id) != 0; r++)
			;
		if (r == t->nrows)
			fail_msg("%s missing from %s", id, t->id);
		if (!(fabs(raw(t, r, c_llm) - want) <= tol_pct / 100 * fabs(want) * (1 + 1e-9)))
			fail_msg("%s: llmcost %g, seed-numbers.csv %g +- %g%%", id,
				 raw(t, r, c_llm), want, tol_pct);
		/* the table's tolerance column quotes the same tolerance */
		assert_true(raw(t, r, col_of(t, "tolerance")) == tol_pct);
		checked++;
	}
	free(line);
	fclose(fp);
	assert_int_equal(checked, 17 + 9);
	release(&b);
}

/* Rows whose article value differs from llmcost's beyond the tolerance say why. */
static void test_differences_explained(void **state)
{
	struct built b;
	(void)state;
	build(&b, inputs_dir(), 0);
	for (int k = 0; k < 2; k++) {
		const struct table *t = doc_find_table(&b.d, k ? "10-article-vs-llmcost"
							      : "07-article-vs-llmcost");
		size_t cd = col_of(t, "difference"), ct = col_of(t, "tolerance");
		size_t cw = col_of(t, "why they differ");
		for (size_t r = 0; r < t->nrows; r++) {
			double diff = raw(t, r, cd), tol = raw(t, r, ct);
			if (isfinite(diff) && isfinite(tol) && fabs(diff) > tol)
				if (strlen(cell(t, r, cw)) < 20)
					fail_msg("%s differs by %+.1f%% without a reason",
						 cell(t, r, 0), diff);
		}
	}
	/* S0-17: the correct factor, not the article's */
	{
		const struct table *t = doc_find_table(&b.d, "07-article-vs-llmcost");
		for (size_t r = 0; r < t->nrows; r++)
			if (strcmp(cell(t, r, 0), "S0-17") == 0)
				assert_true(rel_close(raw(t, r, col_of(t, "llmcost")), 21.47e9, 0.01));
	}
	release(&b);
}

/* ---- values for templates ---- */

static void test_values(void **state)
{
	static const char *const names[] = { "s0_prefill_tok_s", "s0_prompt_usd_per_1k",
		"s0_ttft_512_s", "s0_ttft_1536_s", "s0_decode_tok_s_b1", "s0_gen_usd_per_1k_b1",
		"s0_gen_usd_per_1k_b8", "s0_gen_usd_per_1k_b32", "s0_gen_usd_per_1k_b32_kv",
		"s0_decode_tok_s_8gpu", "s0_ttft_b64_512_8gpu_s", "s0_ttft_b64_3596_8gpu_s",
		"s0_attn_gflop_8192", "ridge_a100", "ridge_a100_hw", "gpt4_active_params",
		"gpt4_flop_per_token", "gpt4_train_flop", "gpt4_train_days", "gpt4_train_usd_a100",
		"gpt4_train_usd_h100", "gpt4_weights_gb_per_gpu", "bw_1t_33_tbs", "bw_8xh100_tbs",
		"moe_tokens_per_expert_4096", "moe_cost_a100_usd_per_1k",
		"moe_cost_h100_usd_per_1k" };
	struct built b;
	(void)state;
	build(&b, inputs_dir(), 0);
	for (size_t i = 0; i < NELEM(names); i++) {
		const struct value *v = doc_find_value(&b.d, names[i]);
		if (!v)
			fail_msg("value %s missing", names[i]);
		assert_true(isfinite(v->v) && v->v > 0);
		assert_true(v->text && *v->text);
	}
	assert_true(doc_find_value(&b.d, "ridge_a100")->v == 156);
	/* the KV-reading cost is above the seed's weights-only one at the same batch */
	assert_true(doc_find_value(&b.d, "s0_gen_usd_per_1k_b32_kv")->v >
		    doc_find_value(&b.d, "s0_gen_usd_per_1k_b32")->v);
	release(&b);
}

/* Table 10-moe-cost is estimate_infer for GPT-4 on 128 chips at seed 001's prices, and its
 * values are the table's cells. */
static void test_moe_cost(void **state)
{
	static const char *const hw_names[] = { "A100-80GB", "H100-SXM" };
	static const char *const val_names[] = { "moe_cost_a100_usd_per_1k",
						 "moe_cost_h100_usd_per_1k" };
	static const double seed_usd[] = { 1.0, 2.0 }; /* seed 001: $1/A100-hour, $2/H100-hour */
	struct built b;
	const struct table *t;
	const struct model *m;
	(void)state;

	build(&b, inputs_dir(), 0);
	t = doc_find_table(&b.d, "10-moe-cost");
	m = inputs_find_model(&b.in, "GPT-4");
	assert_non_null(t);
	assert_non_null(m);
	assert_int_equal(t->nrows, 2);
	for (size_t i = 0; i < 2; i++) {
		const struct hardware *hw = inputs_find_hardware(&b.in, hw_names[i]);
		struct infer_cfg c;
		struct infer_result e;
		long maxb;
		assert_non_null(hw);
		assert_string_equal(cell(t, i, 0), hw_names[i]);
		maxb = max_batch_fit(m, hw, 128, PREC_BF16, PREC_BF16, 8192, -1);
		infer_cfg_init(&c);
		c.model = m;
		c.hw = hw;
		c.gpus = 128;
		c.pipeline_ways = 16; /* seed 001: 8-way tensor x 16-way pipeline */
		c.batch = maxb >= 4096 ? 4096 : maxb >= 1 ? maxb : 1;
		c.prompt_tokens = 8192 - 512;
		c.gen_tokens = 512;
		c.usd_per_gpu_hour = seed_usd[i];
		assert_int_equal(estimate_infer(&c, &e), 0);
		assert_true(raw(t, i, col_of(t, "batch (sequences)")) == (double)e.batch);
		assert_true(rel_close(raw(t, i, col_of(t, "USD/1K generated")), e.usd_per_1k_gen,
				      1e-12));
		assert_true(rel_close(raw(t, i, col_of(t, "USD/1K prompt")), e.usd_per_1k_prompt,
				      1e-12));
		assert_true(doc_find_value(&b.d, val_names[i])->v == e.usd_per_1k_gen);
		/* the seed's own figure stands beside it */
		assert_true(raw(t, i, col_of(t, "seed says")) == (i ? 0.0021 : 0.0049));
	}
	release(&b);
}

/* ---- formatting helpers ---- */

static void test_fmt_helpers(void **state)
{
	FILE *fp = fopen("tests/data/figures/fmt_cases.txt", "r");
	char *line = NULL, buf[128];
	size_t cap = 0, n = 0;
	(void)state;

	assert_non_null(fp);
	while (getline(&line, &cap, fp) > 0) {
		char kind[16], unit[32] = "", *arrow, *want;
		double v;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		arrow = strstr(line, " -> ");
		assert_non_null(arrow);
		*arrow = '\0';
		want = arrow + 4;
		assert_true(sscanf(line, "%15s %lf %31s", kind, &v, unit) >= 2);
		if (strcmp(kind, "usd") == 0)
			fmt_usd(v, buf, sizeof buf);
		else if (strcmp(kind, "sec") == 0)
			fmt_seconds(v, buf, sizeof buf);
		else if (strcmp(kind, "count") == 0)
			fmt_count(v, unit, buf, sizeof buf);
		else if (strcmp(kind, "pct") == 0)
			fmt_pct(v, buf, sizeof buf);
		else
			fail_msg("unknown kind '%s'", kind);
		if (strcmp(buf, want) != 0)
			fail_msg("%s %g: got '%s', want '%s'", kind, v, buf, want);
		n++;
	}
	free(line);
	fclose(fp);
	assert_true(n >= 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_items_real),
		cmocka_unit_test(test_items_fixture),
		cmocka_unit_test(test_build_common),
		cmocka_unit_test(test_without_optional_tables),
		cmocka_unit_test(test_latency_table),
		cmocka_unit_test(test_price_override),
		cmocka_unit_test(test_memory_marks),
		cmocka_unit_test(test_api_lines),
		cmocka_unit_test(test_seed_numbers),
		cmocka_unit_test(test_differences_explained),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_moe_cost),
		cmocka_unit_test(test_fmt_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
