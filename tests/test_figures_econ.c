/*
 * test_figures_econ.c - the economics half of the report's content (figures_econ() of
 * gen/figures_econ.c and the sections of the gen/figures_econ_*.c files it runs, figures.md
 * items 2 and 11-22), built from the real tables in inputs/.
 *
 * Properties checked: every item id is present (one set of sweep pages per sweeps.csv row);
 * every series is non-empty, finite and positive on log axes, every table filled with headers,
 * captions and finite-or-NaN raw numbers; the seed rows S2-xx and S3-xx agree with
 * shared/reference/seed-numbers.csv within its tolerance; the cheapest configurations are
 * re-estimated and fit, and are no dearer than other fitting configurations; the training
 * memory chip counts, the S2-01 node arithmetic and the Chinchilla frontier hold by hand; the
 * price used is the newest prices.csv row not after the report date, and the override wins.
 * The look-ups the sections share (names as keys, template value names, file stems) are
 * checked on their own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "estimate.h"
#include "figures_econ.h"
#include "figures_int.h"

struct fixture {
	struct inputs in;
	struct doc d;
	struct figures_opts o;
};

static int build(void **state, long as_of, double override)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	if (!fx)
		return -1;
	if (inputs_load(&fx->in, "inputs") < 0) {
		free(fx);
		return -1;
	}
	doc_init(&fx->d);
	fx->o.as_of = as_of;
	fx->o.usd_per_gpu_hour = override;
	if (figures_econ(&fx->in, &fx->o, &fx->d) < 0) {
		doc_release(&fx->d);
		inputs_release(&fx->in);
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int setup_latest(void **state)
{
	return build(state, 0, 0);
}

static int setup_2023(void **state)
{
	return build(state, 20230801, 0);
}

static int setup_override(void **state)
{
	return build(state, 0, 2.0);
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	doc_release(&fx->d);
	inputs_release(&fx->in);
	free(fx);
	return 0;
}

/* ---- helpers ---- */

/* The sweep name as the file stem the report uses: lower case, other runs -> '-'. */
static void stem_of(const char *name, char *out, size_t n)
{
	size_t j = 0;
	int dash = 1;

	for (; *name && j + 1 < n; name++) {
		if (isalnum((unsigned char)*name)) {
			out[j++] = (char)tolower((unsigned char)*name);
			dash = 0;
		} else if (!dash) {
			out[j++] = '-';
			dash = 1;
		}
	}
	while (j > 0 && out[j - 1] == '-')
		j--;
	out[j] = '\0';
}

static void value_key(const char *prefix, const char *name, char *out, size_t n)
{
	size_t j = (size_t)snprintf(out, n, "%s", prefix);
	int us = 1;

	for (; *name && j + 1 < n; name++) {
		if (isalnum((unsigned char)*name)) {
			out[j++] = (char)tolower((unsigned char)*name);
			us = 0;
		} else if (!us) {
			out[j++] = '_';
			us = 1;
		}
	}
	while (j > 0 && out[j - 1] == '_')
		j--;
	out[j] = '\0';
}

static size_t col_of(const struct table *t, const char *head_prefix)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (strncmp(t->head[c], head_prefix, strlen(head_prefix)) == 0)
			return c;
	fail_msg("table %s has no column starting \"%s\"", t->id, head_prefix);
	return 0;
}

static const char *cell(const struct table *t, size_t r, size_t c)
{
	return t->cells[r * t->ncols + c];
}

static double raw(const struct table *t, size_t r, size_t c)
{
	return t->raw[r * t->ncols + c];
}

static const struct table *table(const struct fixture *fx, const char *id)
{
	const struct table *t = doc_find_table(&fx->d, id);
	if (!t)
		fail_msg("table %s missing", id);
	return t;
}

static double price_of(const struct fixture *fx, const struct hardware *hw)
{
	return fig_price(&fx->in, &fx->o, hw);
}

/* ---- ids, shapes, finiteness ---- */

static const char *const TABLE_IDS[] = {
	"02-summary", "02-cheapest", "02-break-even", "11-cost-per-query",
	"11-seed002-vs-llmcost", "12-inference-175b", "13-training-cost", "13-in-house",
	"14-chinchilla", "15-hardware-trend", "16-training-memory", "17-mfu", "18-numbers",
	"18-seed003-vs-llmcost", "20-price-history", "22-efficiencies",
	"22-prices", "22-formulas",
};
static const char *const FIGURE_IDS[] = {
	"14-chinchilla", "15-flops-per-usd", "15-flops-per-watt", "20-price-history",
};

static void test_ids_present(void **state)
{
	struct fixture *fx = *state;
	char stem[128], id[160];

	for (size_t i = 0; i < sizeof TABLE_IDS / sizeof *TABLE_IDS; i++)
		assert_non_null(table(fx, TABLE_IDS[i]));
	for (size_t i = 0; i < sizeof FIGURE_IDS / sizeof *FIGURE_IDS; i++)
		if (!doc_find_figure(&fx->d, FIGURE_IDS[i]))
			fail_msg("figure %s missing", FIGURE_IDS[i]);
	assert_true(fx->in.n_sweeps > 0);
	for (size_t i = 0; i < fx->in.n_sweeps; i++) {
		stem_of(fx->in.sweeps[i].name, stem, sizeof stem);
		snprintf(id, sizeof id, "19-%s-latency", stem);
		if (!doc_find_figure(&fx->d, id))
			fail_msg("figure %s missing", id);
		snprintf(id, sizeof id, "19-%s-cost", stem);
		if (!doc_find_figure(&fx->d, id))
			fail_msg("figure %s missing", id);
		snprintf(id, sizeof id, "19-%s-cheapest", stem);
		assert_non_null(table(fx, id));
	}
}

/* Whether w occurs in s as a word of its own (printf's "nan", "-inf"), not inside one. */
static int has_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = strstr(s, w); p; p = strstr(p + 1, w))
		if ((p == s || !isalpha((unsigned char)p[-1])) && !isalpha((unsigned char)p[n]))
			return 1;
	return 0;
}

/* Every figure: titled, labelled, captioned; every series non-empty and finite, positive on
 * a log axis. Every table: headers, a caption, rows, and raw numbers finite or NaN. */
static void test_shapes_finite(void **state)
{
	struct fixture *fx = *state;

	assert_true(fx->d.n_figures >= 4 + 2 * fx->in.n_sweeps);
	for (size_t i = 0; i < fx->d.n_figures; i++) {
		const struct figure *f = &fx->d.figures[i];
		assert_non_null(f->title);
		assert_non_null(f->xlabel);
		assert_non_null(f->ylabel);
		assert_true(f->caption && strlen(f->caption) > 40);
		/* empty only when the data allow nothing, and then the caption says so */
		if (f->n_series == 0 && !strstr(f->caption, "The figure is empty"))
			fail_msg("figure %s has no series", f->id);
		for (size_t s = 0; s < f->n_series; s++) {
			const struct series *se = &f->series[s];
			if (se->n == 0)
				fail_msg("figure %s series %zu is empty", f->id, s);
			assert_non_null(se->title);
			for (size_t k = 0; k < se->n; k++) {
				if (!isfinite(se->x[k]) || !isfinite(se->y[k]))
					fail_msg("figure %s series %s point %zu not finite", f->id,
						 se->title, k);
				if ((f->logx && !(se->x[k] > 0)) || (f->logy && !(se->y[k] > 0)))
					fail_msg("figure %s: point %zu of %s not positive on a log axis",
						 f->id, k, se->title);
			}
		}
		for (size_t m = 0; m < f->n_marks; m++)
			assert_true(isfinite(f->marks[m].x) && isfinite(f->marks[m].y));
	}
	for (size_t i = 0; i < fx->d.n_tables; i++) {
		const struct table *t = &fx->d.tables[i];
		assert_true(t->ncols >= 2);
		if (t->nrows == 0)
			fail_msg("table %s has no rows", t->id);
		assert_true(t->caption && strlen(t->caption) > 40);
		for (size_t c = 0; c < t->ncols; c++)
			assert_true(t->head[c] && *t->head[c]);
		for (size_t k = 0; k < t->nrows * t->ncols; k++) {
			assert_non_null(t->cells[k]);
			assert_true(isnan(t->raw[k]) || isfinite(t->raw[k]));
			if (has_word(t->cells[k], "nan") || has_word(t->cells[k], "inf"))
				fail_msg("table %s cell %zu reads \"%s\"", t->id, k, t->cells[k]);
		}
	}
	for (size_t i = 0; i < fx->d.n_values; i++)
		assert_true(fx->d.values[i].text != NULL);
}

/* The template values the prose quotes. */
static void test_named_values(void **state)
{
	static const char *const names[] = {
		"gpt3_train_usd", "palm_train_usd", "chat_query_usd", "search_query_usd",
		"search_revenue_usd", "headline_model", "headline_gen_usd_per_1m",
		"headline_breakeven_util", "gpt3_infer_usd_per_1k", "loss_1t_300b",
		"batching_gain_b25", "flagship_train_usd",
	};
	struct fixture *fx = *state;
	char key[160];

	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (!doc_find_value(&fx->d, names[i]))
			fail_msg("value %s missing", names[i]);
	value_key("cheapest_gen_usd_per_1m_", "LLaMA-2-70B", key, sizeof key);
	assert_string_equal(key, "cheapest_gen_usd_per_1m_llama_2_70b");
	assert_non_null(doc_find_value(&fx->d, key));
}

/* ---- the seeds' numbers ---- */

/* Splits one CSV line (quotes honoured) into at most max fields in place. */
static size_t split_csv(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *w = line, *r = line;

	while (n < max) {
		f[n++] = w;
		if (*r == '"') {
			r++;
			while (*r && !(r[0] == '"' && r[1] != '"'))
				*w++ = (*r == '"') ? (r++, *r++) : *r++;
			if (*r == '"')
				r++;
		}
		while (*r && *r != ',' && *r != '\n' && *r != '\r')
			*w++ = *r++;
		if (*r != ',') {
			*w = '\0';
			break;
		}
		*w++ = '\0';
		r++;
		w = r;
	}
	return n;
}

static FILE *open_ref(const char *name)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof path, "../shared/reference/%s", name);
	fp = fopen(path, "r");
	if (!fp) {
		snprintf(path, sizeof path, "tests/ref/%s", name);
		fp = fopen(path, "r");
	}
	return fp;
}

static void test_seed_numbers(void **state)
{
	struct fixture *fx = *state;
	FILE *fp = open_ref("seed-numbers.csv");
	char line[2048], *f[16], key[32];
	size_t checked = 0;

	assert_non_null(fp);
	while (fgets(line, sizeof line, fp)) {
		size_t n = split_csv(line, f, 16);
		const struct value *v;
		double expected, tol, got;
		if (n < 7 || !(strncmp(f[0], "S2-", 3) == 0 || strncmp(f[0], "S3-", 3) == 0))
			continue;
		value_key("", f[0], key, sizeof key);
		v = doc_find_value(&fx->d, key);
		if (!v)
			fail_msg("seed number %s: no value %s", f[0], key);
		expected = strtod(f[4], NULL);
		tol = strtod(f[6], NULL);
		got = v->v;
		if (!(fabs(got - expected) <= fabs(expected) * tol / 100 + 1e-12 * fabs(expected)))
			fail_msg("%s (%s): llmcost %g, seed-numbers.csv %g +- %g%%", f[0], f[2], got,
				 expected, tol);
		checked++;
	}
	fclose(fp);
	assert_int_equal(checked, 14); /* S2-01..S2-11, S3-01..S3-03 */
}

/* The article-vs-llmcost tables carry every tracked seed row with the same value. */
/* Every constant gen/calib.h defines has its row in the efficiencies table (the table guards
 * each row with #ifdef, so a renamed constant would otherwise vanish from the report). */
static void test_every_calib_constant(void **state)
{
	const struct fixture *fx = *state;
	const struct table *t = table(fx, "22-efficiencies");
	FILE *f = fopen("gen/calib.h", "r");
	char line[512], name[128];
	int seen = 0;

	assert_non_null(f);
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, "#define %127s", name) != 1 || strncmp(name, "CALIB_", 6) != 0)
			continue;
		int found = 0;
		for (size_t r = 0; r < t->nrows && !found; r++)
			found = strcmp(cell(t, r, 0), name) == 0;
		if (!found)
			fail_msg("%s of gen/calib.h has no row in table 22-efficiencies", name);
		seen++;
	}
	fclose(f);
	assert_true(seen >= 20); /* the header was read, not skipped */
}

static void test_vs_article_tables(void **state)
{
	struct fixture *fx = *state;
	const struct table *t2 = table(fx, "11-seed002-vs-llmcost");
	const struct table *t3 = table(fx, "18-seed003-vs-llmcost");
	size_t s2 = 0, s3 = 0;
	char key[32];

	for (int k = 0; k < 2; k++) {
		const struct table *t = k ? t3 : t2;
		size_t got = col_of(t, "llmcost computes");
		for (size_t r = 0; r < t->nrows; r++) {
			const char *id = cell(t, r, 0);
			const struct value *v;
			if (id[0] != 'S')
				continue;
			value_key("", id, key, sizeof key);
			v = doc_find_value(&fx->d, key);
			assert_non_null(v);
			assert_true(fabs(raw(t, r, got) - v->v) <= 1e-9 * fabs(v->v));
			*(k ? &s3 : &s2) += 1;
		}
	}
	assert_int_equal(s2, 11);
	assert_int_equal(s3, 3);
}

/* S2-01 by hand: $19.22/h over 8 A100 at 21.3% of 312 TFLOP/s, 2 x 175e9 FLOP per token. */
static void test_node_cost_by_hand(void **state)
{
	struct fixture *fx = *state;
	const struct table *t = table(fx, "12-inference-175b");
	size_t c = col_of(t, "cost per 1K");
	double tok_s = 8 * 312e12 * 0.213 / (2 * 175e9);
	double want = 19.22 / 3600 / tok_s * 1000;

	assert_true(fabs(raw(t, 0, c) - want) <= 1e-9 * want);
	assert_true(fabs(raw(t, 0, col_of(t, "tokens/s")) - tok_s) <= 1e-9 * tok_s);
	/* gross margin at Davinci's $0.02 */
	assert_true(fabs(raw(t, 0, col_of(t, "gross margin")) - (1 - want / 0.02) * 100) < 1e-6);
}

/* ---- cheapest configurations ---- */

/* Parses "4 x MI300X, batch 256". */
static int parse_cfg(const char *text, int *gpus, char *hw, size_t n, long *batch)
{
	const char *x = strstr(text, " x "), *comma = strrchr(text, ',');

	if (!x || !comma || comma < x)
		return -1;
	*gpus = atoi(text);
	if ((size_t)(comma - (x + 3)) >= n)
		return -1;
	memcpy(hw, x + 3, (size_t)(comma - (x + 3)));
	hw[comma - (x + 3)] = '\0';
	return sscanf(comma, ", batch %ld", batch) == 1 ? 0 : -1;
}

static void test_cheapest_reproduced(void **state)
{
	struct fixture *fx = *state;
	const struct table *t = table(fx, "02-cheapest");
	size_t cg = col_of(t, "$/1M generated"), cc = col_of(t, "cheapest for generation");
	size_t checked = 0;

	assert_int_equal(t->nrows, fx->in.n_models);
	for (size_t r = 0; r < t->nrows; r++) {
		const struct model *m = inputs_find_model(&fx->in, cell(t, r, 0));
		const struct hardware *hw;
		struct infer_cfg c;
		struct infer_result res;
		char hwname[64] = "";
		int gpus = 0;
		long batch = 0;
		double best = raw(t, r, cg);

		assert_non_null(m);
		if (isnan(best))
			continue;
		assert_int_equal(parse_cfg(cell(t, r, cc), &gpus, hwname, sizeof hwname, &batch), 0);
		hw = inputs_find_hardware(&fx->in, hwname);
		assert_non_null(hw);
		/* the named configuration fits and costs what the table says */
		infer_cfg_init(&c);
		c.model = m;
		c.hw = hw;
		c.gpus = gpus;
		c.batch = batch;
		c.usd_per_gpu_hour = price_of(fx, hw);
		assert_int_equal(estimate_infer(&c, &res), 0);
		assert_true(res.fits);
		assert_true(batch <= 256);
		assert_true(fabs(res.usd_per_1k_gen * 1000 - best) <= 1e-9 * best);
		/* and no fitting batch of 1..256 on 1, 2, 4 or 8 priced chips is cheaper */
		for (size_t h = 0; h < fx->in.n_hardware; h++) {
			double p = price_of(fx, &fx->in.hardware[h]);
			if (!(p > 0))
				continue;
			for (int g = 1; g <= 8; g *= 2)
				for (long b = 1; b <= 256; b *= 2) {
					c.hw = &fx->in.hardware[h];
					c.gpus = g;
					c.batch = b;
					c.usd_per_gpu_hour = p;
					if (estimate_infer(&c, &res) == 0 && res.fits &&
					    res.usd_per_1k_gen * 1000 < best * (1 - 1e-12))
						fail_msg("%s: %d x %s at batch %ld costs %g < cheapest %g",
							 m->name, g, c.hw->name, b, res.usd_per_1k_gen * 1000,
							 best);
				}
		}
		checked++;
	}
	assert_true(checked > 0);
}

/* Every sweep's cheapest rows: the configuration fits and costs what the table says. */
static void test_sweep_cheapest_fits(void **state)
{
	struct fixture *fx = *state;
	char stem[128], id[160];
	size_t checked = 0;

	for (size_t i = 0; i < fx->in.n_sweeps; i++) {
		const struct table *t;
		stem_of(fx->in.sweeps[i].name, stem, sizeof stem);
		snprintf(id, sizeof id, "19-%s-cheapest", stem);
		t = table(fx, id);
		for (size_t r = 0; r < t->nrows; r++) {
			const struct hardware *hw = inputs_find_hardware(&fx->in, cell(t, r, 3));
			struct infer_cfg c;
			struct infer_result res;
			double want = raw(t, r, col_of(t, "$/1M generated"));
			if (!hw)
				continue;
			infer_cfg_init(&c);
			c.model = inputs_find_model(&fx->in, cell(t, r, 0));
			c.hw = hw;
			c.gpus = (int)raw(t, r, col_of(t, "chips"));
			c.batch = (long)raw(t, r, col_of(t, "batch"));
			c.prompt_tokens = (long)raw(t, r, col_of(t, "prompt"));
			c.gen_tokens = (long)raw(t, r, col_of(t, "generated"));
			assert_int_equal(precision_parse(cell(t, r, col_of(t, "precision")),
							 &c.precision), 0);
			c.kv_precision = c.precision;
			c.usd_per_gpu_hour = price_of(fx, hw);
			assert_int_equal(estimate_infer(&c, &res), 0);
			assert_true(res.fits);
			assert_true(fabs(res.usd_per_1k_gen * 1000 - want) <= 1e-9 * want);
			checked++;
		}
	}
	assert_true(checked > 0);
}

/* ---- hand checks ---- */

static void test_training_memory(void **state)
{
	struct fixture *fx = *state;
	const struct table *t = table(fx, "16-training-memory");
	const struct hardware *a100 = inputs_find_hardware(&fx->in, "A100-80GB");
	size_t cp = col_of(t, "params"), cs = col_of(t, "training state"), ca = 3;

	assert_non_null(a100);
	assert_non_null(strstr(t->head[ca], "A100-80GB"));
	assert_int_equal(t->nrows, fx->in.n_models + 2);
	for (size_t r = 0; r < t->nrows; r++) {
		double params = raw(t, r, cp);
		assert_true(fabs(raw(t, r, cs) - 20 * params / 1e9) <= 1e-9 * params);
		assert_true(raw(t, r, ca) == ceil(20 * params / (a100->mem_gb * 1e9)));
	}
	/* GPT-3: 3.5 TB on 80 GB chips needs 44 (S2-05) */
	assert_true(raw(t, 0, 4) == 44);
}

/* Each fixed-compute curve's minimum sits on the compute-optimal frontier. */
static void test_chinchilla_frontier(void **state)
{
	struct fixture *fx = *state;
	const struct figure *f = doc_find_figure(&fx->d, "14-chinchilla");
	size_t curves = 0;

	assert_non_null(f);
	assert_true(f->logx);
	assert_int_equal(f->n_marks, 1);
	assert_true(f->marks[0].x == 1e12);
	for (size_t s = 0; s < f->n_series; s++) {
		const struct series *se = &f->series[s];
		double c, n_opt, d_opt, l_opt, lo = INFINITY;
		if (sscanf(se->title, "C = 1e%lf", &c) != 1)
			continue;
		c = pow(10, c);
		chinchilla_optimal(&CHINCHILLA_HOFFMANN, c, &n_opt, &d_opt);
		l_opt = chinchilla_loss(&CHINCHILLA_HOFFMANN, n_opt, d_opt);
		for (size_t k = 0; k < se->n; k++) {
			/* every point spends the budget: D = C / 6N */
			double want = chinchilla_loss(&CHINCHILLA_HOFFMANN, se->x[k], c / (6 * se->x[k]));
			assert_true(fabs(se->y[k] - want) < 1e-9);
			assert_true(se->y[k] >= l_opt - 1e-9);
			if (se->y[k] < lo)
				lo = se->y[k];
		}
		assert_true(lo - l_opt < 1e-3); /* the sampled minimum is at the optimum */
		curves++;
	}
	assert_int_equal(curves, 5);
}

/* Price history: step lines run forward in time. */
static void test_price_history(void **state)
{
	struct fixture *fx = *state;
	const struct figure *f = doc_find_figure(&fx->d, "20-price-history");

	assert_non_null(f);
	assert_true(f->logy);
	for (size_t s = 0; s < f->n_series; s++)
		for (size_t k = 1; k < f->series[s].n; k++)
			if (f->series[s].style == STYLE_LINES)
				assert_true(f->series[s].x[k] >= f->series[s].x[k - 1]);
	{
		size_t api_rows = 0;
		for (size_t i = 0; i < fx->in.n_api_prices; i++)
			api_rows += !fx->o.as_of || fx->in.api_prices[i].as_of <= fx->o.as_of;
		assert_true(table(fx, "20-price-history")->nrows >= api_rows);
	}
}

/* The price of each chip is the newest prices.csv row on or before the report date. */
static void test_prices_as_of(void **state)
{
	struct fixture *fx = *state;
	const struct table *t = table(fx, "22-prices");
	size_t checked = 0;

	for (size_t r = 0; r < t->nrows; r++) {
		const struct hardware *hw = inputs_find_hardware(&fx->in, cell(t, r, 0));
		long best = 0;
		double want = NAN;
		if (!hw)
			continue;
		for (size_t i = 0; i < fx->in.n_prices; i++) {
			const struct price *p = &fx->in.prices[i];
			if (p->hw != (size_t)(hw - fx->in.hardware))
				continue;
			if (fx->o.as_of && p->as_of > fx->o.as_of)
				continue;
			if (p->as_of > best) {
				best = p->as_of;
				want = p->usd_per_gpu_hour;
			}
		}
		if (fx->o.usd_per_gpu_hour > 0)
			want = fx->o.usd_per_gpu_hour;
		if (isnan(want)) {
			assert_string_equal(cell(t, r, 1), "none");
		} else {
			/* several rows on one date: any of them, so compare with that date's rows */
			int ok = fabs(raw(t, r, 1) - want) < 1e-12;
			for (size_t i = 0; i < fx->in.n_prices && !ok; i++)
				ok = fx->in.prices[i].as_of == best &&
				     fx->in.prices[i].hw == (size_t)(hw - fx->in.hardware) &&
				     fabs(raw(t, r, 1) - fx->in.prices[i].usd_per_gpu_hour) < 1e-12;
			if (!ok)
				fail_msg("%s: price %g, want %g", hw->name, raw(t, r, 1), want);
		}
		checked++;
	}
	assert_int_equal(checked, fx->in.n_hardware);
}

/* The shared look-ups of gen/figures_econ.c, on hand-written names. */
static void test_name_helpers(void **state)
{
	char buf[64];

	(void)state;
	assert_true(key_eq("LLaMA-2-70B", "llama2 70b"));
	assert_false(key_eq("LLaMA-2-70B", "LLaMA-2-7B"));
	assert_false(key_eq("--", "")); /* no letters or digits: equal to nothing */
	assert_true(key_has("NVIDIA A100-SXM-80GB", "a100"));
	assert_false(key_has("H100", ""));
	value_name(buf, sizeof buf, "train_usd_", "GPT-3 (175B), 2020!");
	assert_string_equal(buf, "train_usd_gpt_3_175b_2020");
	value_name(buf, sizeof buf, "s2_", "");
	assert_string_equal(buf, "s2"); /* no name: the prefix's own '_' goes too */
	file_stem(buf, sizeof buf, "  Big Sweep: 70B / H100 ");
	assert_string_equal(buf, "big-sweep-70b-h100");
	file_stem(buf, sizeof buf, "***");
	assert_string_equal(buf, "x");
	file_stem(buf, 8, "abcdefghijkl");
	assert_string_equal(buf, "abcdefg");
}

int main(void)
{
	const struct CMUnitTest latest[] = {
		cmocka_unit_test(test_ids_present),
		cmocka_unit_test(test_every_calib_constant),
		cmocka_unit_test(test_shapes_finite),
		cmocka_unit_test(test_named_values),
		cmocka_unit_test(test_seed_numbers),
		cmocka_unit_test(test_vs_article_tables),
		cmocka_unit_test(test_node_cost_by_hand),
		cmocka_unit_test(test_cheapest_reproduced),
		cmocka_unit_test(test_sweep_cheapest_fits),
		cmocka_unit_test(test_training_memory),
		cmocka_unit_test(test_chinchilla_frontier),
		cmocka_unit_test(test_price_history),
		cmocka_unit_test(test_prices_as_of),
	};
	const struct CMUnitTest dated[] = {
		cmocka_unit_test(test_ids_present),
		cmocka_unit_test(test_shapes_finite),
		cmocka_unit_test(test_seed_numbers),
		cmocka_unit_test(test_cheapest_reproduced),
		cmocka_unit_test(test_prices_as_of),
		cmocka_unit_test(test_price_history),
	};
	const struct CMUnitTest helpers[] = {
		cmocka_unit_test(test_name_helpers),
	};
	int fails = 0;

	fails += cmocka_run_group_tests_name("figures_econ (latest prices)", latest, setup_latest,
					     teardown);
	fails += cmocka_run_group_tests_name("figures_econ (as of 2023-08-01)", dated, setup_2023,
					     teardown);
	fails += cmocka_run_group_tests_name("figures_econ (price override)", dated,
					     setup_override, teardown);
	fails += cmocka_run_group_tests_name("figures_econ (look-ups)", helpers, NULL, NULL);
	return fails;
}
