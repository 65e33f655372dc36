/*
 * figures_econ.c - the economics half of the report's content: figures.md items 2 (executive
 * summary) and 11-22 (seed 002 "economics of LLMs", seed 003 "numbers every LLM developer
 * should know", and the pages beyond the seeds: sweeps, price history, validation,
 * assumptions). Everything is computed from the inputs with the estimator; the only numbers
 * typed here are formula constants and the articles' own scenario inputs, each named with its
 * seed id (S2-xx, S3-xx of shared/reference/seed-numbers.csv). No I/O: the doc owns every
 * string, and the few scratch arrays are freed before returning.
 *
 * Ids added: figures 14-chinchilla, 15-flops-per-usd, 15-flops-per-watt, 19-<sweep>-latency,
 * 19-<sweep>-cost, 20-price-history; tables 02-summary, 02-cheapest, 02-break-even,
 * 11-cost-per-query, 11-seed002-vs-llmcost, 12-inference-175b, 13-training-cost,
 * 13-in-house, 14-chinchilla, 15-hardware-trend, 16-training-memory, 17-mfu, 18-numbers,
 * 18-seed003-vs-llmcost, 19-<sweep>-cheapest, 20-price-history (21-validation is
 * figures_valid.c's), 22-efficiencies, 22-prices, 22-formulas.
 *
 * Values added for templates ({{name}}; <m> is a model name, <r> a training run, <a> an API
 * model, <s> a sweep, all lower-cased with every other character turned into '_'):
 *   s2_01 .. s2_11, s3_01 .. s3_03      llmcost's value of each seed number, in the unit of
 *                                        seed-numbers.csv (USD per 1K, USD, TB, GPU, GB, loss,
 *                                        MB, token per word)
 *   cheapest_gen_usd_per_1m_<m>          cheapest USD per 1M generated tokens, any hardware
 *   cheapest_prompt_usd_per_1m_<m>       the same for prompt tokens
 *   cheapest_gen_config_<m>              text: "8 x H100-SXM, batch 128"
 *   headline_model                       text: the model the summary quotes
 *   headline_gen_usd_per_1m, headline_prompt_usd_per_1m
 *   breakeven_util_<a>                   self-hosting / API cost per generated token (the
 *                                        utilisation at which renting GPUs breaks even)
 *   headline_breakeven_util, headline_breakeven_api
 *   chat_query_usd, search_query_usd, search_revenue_usd, chat_query_share,
 *   search_query_share, search_query_optimised_usd, search_query_optimised_share,
 *   chat_query_today_usd, search_query_today_usd
 *   gpt3_infer_usd_per_1k, gpt3_gross_margin, gpt3_api_usd_per_1k
 *   gpt3_train_usd, palm_train_usd, gpt3_train_usd_h100 (rented H100 at calibrated MFU),
 *   train_usd_tpuv4_<m>, train_usd_h100_<m>, gpt3_inhouse_v100_usd, gpt3_inhouse_h100_usd,
 *   inhouse_saving_pct
 *   loss_1t_300b, loss_gpt3, loss_chinchilla
 *   flagship_run, flagship_train_usd, train_usd_<r>, mfu_implied_<r>
 *   gpt4_gpt35_price_ratio (8K context, on seed 003's date), gpt4_32k_gpt35_price_ratio,
 *   and the same with _now (report date); batching_gain_b25, kv_mb_per_token_13b,
 *   train_13b_1t4_usd, embedding_model_gb, mem_7b_gb
 *   sweep_cheapest_gen_usd_per_1m_<s>
 *   price_history_model, price_history_first_usd_per_1m, price_history_last_usd_per_1m
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calib.h"
#include "err.h"
#include "estimate.h"
#include "figures_int.h"
#include "sweep.h"

/* ---- the articles' scenario inputs ---- */

/* Seed 002 (economics of LLMs). */
#define S2_NODE_USD_PER_HOUR 19.22 /* S2-01: AWS p4d, 8 x A100, 1-year reserved */
#define S2_NODE_CHIPS 8            /* S2-01 */
#define S2_INFER_MFU 0.213         /* S2-01: GPT-3's training MFU, reused for inference */
#define S2_API_USD_PER_1K 0.02     /* S2-01, S2-07: OpenAI Davinci, prompt and output alike */
#define S2_TRAIN_MFU 0.462         /* S2-02: PaLM on TPU v4 */
#define S2_TPU_USD_PER_CHIP_HOUR 2.03 /* S2-02: GCP TPU v4 on-demand */
#define S2_GPT3_PARAMS 175e9       /* S2-02 */
#define S2_GPT3_TOKENS 300e9       /* S2-02 */
#define S2_PALM_PARAMS 540e9       /* S2-03 */
#define S2_PALM_TOKENS 780e9       /* S2-03 */
#define S2_BERT_PARAMS 340e6       /* S2-06 */
#define S2_PROMPT_WORDS 50.0       /* S2-07 */
#define S2_ANSWERS 5.0             /* S2-07: five sampled answers, best one shown */
#define S2_ANSWER_WORDS 400.0      /* S2-07 */
#define S2_TOKENS_PER_WORD (4.0 / 3.0) /* S2-07: 1000 tokens ~ 750 words */
#define S2_CACHE_HIT 0.30          /* S2-07 */
#define S2_GROSS_MARGIN 0.75       /* S2-07 */
#define S2_K_RESULTS 10.0          /* S2-08 */
#define S2_RESULT_WORDS 1000.0     /* S2-08 */
#define S2_SEARCH_REVENUE_USD 100e9 /* S2-09: Google search revenue, 2021 */
#define S2_MONTHLY_SEARCHES_2012 100e9 /* S2-09 */
#define S2_PENETRATION_2012 0.34   /* S2-09 */
#define S2_PENETRATION_2020 0.60   /* S2-09 */
#define S2_OPT_MODEL_FACTOR 4.0    /* seed 002: quantisation, distillation, smaller models */
#define S2_OPT_INHOUSE_FACTOR 2.0  /* seed 002: in-house instead of a 50%-margin cloud */
#define S2_BIG_PARAMS 1e12         /* S2-10 */
#define S2_BIG_TOKENS 300e9        /* S2-11 */
#define S2_CHINCHILLA_PARAMS 70e9  /* seed 002: Chinchilla */
#define S2_CHINCHILLA_TOKENS 1.4e12
#define S2_V100_GPUS 10000.0       /* seed 002: GPT-3 on 10,000 V100 for 14.8 days */
#define S2_V100_DAYS 14.8
#define S2_V100_INHOUSE_USD 744e3  /* seed 002 says (an image we cannot read the inputs of) */
#define S2_H100_INHOUSE_USD 312e3  /* idem */

/* In-house cost of one chip-hour: list price written off over this many years, plus power at
 * TDP. Our assumptions (the seed's sit in an image); stated in table 22. */
#define INHOUSE_YEARS 5.0
#define INHOUSE_USD_PER_KWH 0.10

/* Seed 003 (numbers every LLM developer should know). */
#define S3_TOKENS_PER_WORD 1.3     /* S3-03 */
#define S3_WORDS 750.0             /* S3-03: 750 words ~ 1000 tokens */
#define S3_13B_LAYERS 40           /* S3-01 */
#define S3_13B_D_MODEL 5120        /* S3-01 */
#define S3_7B_PARAMS 7e9           /* S3-02 */
#define S3_KV_TOKENS 512.0         /* seed 003: 512 tokens need ~512 MB */
#define S3_BATCH 25L               /* seed 003: 25 requests batched */
#define S3_TRAIN_PARAMS 13e9       /* seed 003: ~$1M to train 13B on 1.4T tokens */
#define S3_TRAIN_TOKENS 1.4e12
#define S3_TRAIN_USD 1e6
#define S3_PRICE_DATE 20230517L    /* seed 003's publication: prices compared on that day */

/* The report's own defaults for "cheapest" searches and the price history. */
#define SEARCH_PROMPT 512L
#define SEARCH_GEN 512L
#define HISTORY_BATCH 32L
#define CHINCHILLA_TOKENS_PER_PARAM 20.0

static const int SEARCH_GPUS[] = { 1, 2, 4, 8 };
static const long SEARCH_BATCH[] = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 0 /* max */ };
#define SEARCH_BATCH_MAX 256L

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- names and look-ups ---- */

/* Lower-case letters and digits of s only, so "LLaMA-2-70B" and "llama2 70b" share a key. */
static void name_key(const char *s, char *out, size_t n)
{
	size_t j = 0;

	for (; s && *s && j + 1 < n; s++)
		if (isalnum((unsigned char)*s))
			out[j++] = (char)tolower((unsigned char)*s);
	out[j] = '\0';
}

static int key_eq(const char *a, const char *b)
{
	char ka[NAME_MAX_BYTES * 2], kb[NAME_MAX_BYTES * 2];

	name_key(a, ka, sizeof ka);
	name_key(b, kb, sizeof kb);
	return ka[0] && strcmp(ka, kb) == 0;
}

static int key_has(const char *s, const char *sub)
{
	char ks[FIELD_MAX_BYTES], kb[NAME_MAX_BYTES * 2];

	name_key(s, ks, sizeof ks);
	name_key(sub, kb, sizeof kb);
	return kb[0] && strstr(ks, kb) != NULL;
}

/* A name as a template value suffix: lower case, every other character '_', runs collapsed. */
static void value_name(char *out, size_t n, const char *prefix, const char *name)
{
	size_t j = 0;
	int last_us = 0;

	j = (size_t)snprintf(out, n, "%s", prefix);
	if (j >= n)
		return;
	if (j > 0)
		last_us = out[j - 1] == '_';
	for (; name && *name && j + 1 < n; name++) {
		unsigned char c = (unsigned char)*name;
		if (isalnum(c)) {
			out[j++] = (char)tolower(c);
			last_us = 0;
		} else if (!last_us) {
			out[j++] = '_';
			last_us = 1;
		}
	}
	while (j > 0 && out[j - 1] == '_')
		j--;
	out[j] = '\0';
}

/* A sweep name as a file stem: lower case letters, digits and '-'. */
static void file_stem(char *out, size_t n, const char *name)
{
	size_t j = 0;
	int last_dash = 1;

	for (; name && *name && j + 1 < n; name++) {
		unsigned char c = (unsigned char)*name;
		if (isalnum(c)) {
			out[j++] = (char)tolower(c);
			last_dash = 0;
		} else if (!last_dash) {
			out[j++] = '-';
			last_dash = 1;
		}
	}
	while (j > 0 && out[j - 1] == '-')
		j--;
	if (j == 0 && n > 1)
		out[j++] = 'x';
	out[j] = '\0';
}

/* The first model of names[] (NULL-ended) that models.csv holds, comparing keys; else the
 * model whose total parameters are within 3% of params (0: no fallback). */
static const struct model *model_like(const struct inputs *in, const char *const *names,
				      double params)
{
	for (; *names; names++)
		for (size_t i = 0; i < in->n_models; i++)
			if (key_eq(in->models[i].name, *names))
				return &in->models[i];
	if (params > 0)
		for (size_t i = 0; i < in->n_models; i++)
			if (fabs(in->models[i].params - params) <= 0.03 * params)
				return &in->models[i];
	return NULL;
}

/* The hardware whose name contains sub (by key) and, when mem_gb > 0, has that much memory;
 * among several the fastest (SXM over PCIe). */
static const struct hardware *hw_like(const struct inputs *in, const char *sub, double mem_gb)
{
	const struct hardware *best = NULL;

	for (size_t i = 0; i < in->n_hardware; i++) {
		const struct hardware *h = &in->hardware[i];
		if (!key_has(h->name, sub))
			continue;
		if (mem_gb > 0 && fabs(h->mem_gb - mem_gb) > 1.0)
			continue;
		if (!best || h->peak_tflops_16 > best->peak_tflops_16 ||
		    (h->peak_tflops_16 == best->peak_tflops_16 && h->mem_bw_tbs > best->mem_bw_tbs))
			best = h;
	}
	return best;
}

static const struct model *model_gpt3(const struct inputs *in)
{
	static const char *const names[] = { "GPT-3-175B", "GPT-3", "GPT3-175B", "davinci", NULL };
	return model_like(in, names, S2_GPT3_PARAMS);
}

/* The model the summary and the price history quote: seed 000's LLaMA-2-70B, else a 70B
 * successor, else the first model. */
static const struct model *model_palm(const struct inputs *in)
{
	static const char *const names[] = { "PaLM-540B", "PaLM", NULL };
	return model_like(in, names, S2_PALM_PARAMS);
}

static const struct model *model_headline(const struct inputs *in)
{
	static const char *const names[] = { "LLaMA-2-70B", "Llama-3.1-70B", "Llama-3-70B",
					     "Llama-3.3-70B", NULL };
	const struct model *m = model_like(in, names, 70e9);
	return m ? m : (in->n_models ? &in->models[0] : NULL);
}

/* The newest API row for model (by key) in force on date (0: newest overall). */
static const struct api_price *api_at(const struct inputs *in, const char *model, long date)
{
	const struct api_price *best = NULL;

	for (size_t i = 0; i < in->n_api_prices; i++) {
		const struct api_price *a = &in->api_prices[i];
		if (!key_eq(a->model, model))
			continue;
		if (date > 0 && a->as_of > date)
			continue;
		if (!best || a->as_of >= best->as_of)
			best = a;
	}
	return best;
}

/* Is a the newest row of its (provider, model) on date? */
static int api_is_current(const struct inputs *in, const struct api_price *a, long date)
{
	if (date > 0 && a->as_of > date)
		return 0;
	for (size_t i = 0; i < in->n_api_prices; i++) {
		const struct api_price *b = &in->api_prices[i];
		if (b == a || !key_eq(a->model, b->model) || !key_eq(a->provider, b->provider))
			continue;
		if (date > 0 && b->as_of > date)
			continue;
		if (b->as_of > a->as_of || (b->as_of == a->as_of && b > a))
			return 0;
	}
	return 1;
}

static void fmt_date(long yyyymmdd, char *buf, size_t n)
{
	if (yyyymmdd <= 0)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%04ld-%02ld-%02ld", yyyymmdd / 10000, yyyymmdd / 100 % 100,
			 yyyymmdd % 100);
}

/* yyyymmdd as a fractional year (2023-07-01 -> 2023.496), for time axes. */
static double date_year(long yyyymmdd)
{
	long y = yyyymmdd / 10000, m = yyyymmdd / 100 % 100, d = yyyymmdd % 100;
	static const int cum[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };

	if (m < 1 || m > 12)
		m = 1;
	return (double)y + (cum[m - 1] + (double)(d - 1)) / 365.0;
}

/* ---- table cells ---- */

static void cell_usd(struct table *t, size_t r, size_t c, double usd)
{
	char buf[64];

	if (!isfinite(usd)) {
		table_set_text(t, r, c, "n/a");
		return;
	}
	table_set_cell(t, r, c, fmt_usd(usd, buf, sizeof buf), usd);
}

/* Whole dollars for prices of hardware: "$1599", "$30,000". */
static void cell_usd_whole(struct table *t, size_t r, size_t c, double usd)
{
	char num[64], buf[96];

	if (!isfinite(usd) || fabs(usd) >= 1e15) {
		table_set_text(t, r, c, "n/a");
		return;
	}
	int len = snprintf(num, sizeof num, "%.0f", round(usd)), j = 0;

	/* thousands grouped from 10,000 up, as doc_fmt_sig does */
	buf[j++] = '$';
	for (int i = 0; i < len && j < (int)sizeof buf - 2; i++) {
		if (len >= 5 && i > 0 && (len - i) % 3 == 0)
			buf[j++] = ',';
		buf[j++] = num[i];
	}
	buf[j] = '\0';
	table_set_cell(t, r, c, buf, usd);
}

static void cell_sig(struct table *t, size_t r, size_t c, double v, int sig)
{
	char buf[64];

	if (!isfinite(v)) {
		table_set_text(t, r, c, "n/a");
		return;
	}
	table_set_cell(t, r, c, doc_fmt_sig(buf, sizeof buf, v, sig), v);
}

static void cell_si(struct table *t, size_t r, size_t c, double v)
{
	char buf[64];

	if (!isfinite(v)) {
		table_set_text(t, r, c, "n/a");
		return;
	}
	table_set_cell(t, r, c, doc_fmt_si(buf, sizeof buf, v, 3), v);
}

static void cell_pct(struct table *t, size_t r, size_t c, double frac)
{
	char buf[64];

	if (!isfinite(frac)) {
		table_set_text(t, r, c, "n/a");
		return;
	}
	table_set_cell(t, r, c, fmt_pct(frac, buf, sizeof buf), frac * 100.0);
}

/* A positive count of FLOPs in scientific notation, "3.15e23" (no '+', no leading zeros). */
static char *fmt_sci(double v, char *buf, size_t n)
{
	int e10;
	double m;

	if (!isfinite(v) || v <= 0) {
		snprintf(buf, n, "n/a");
		return buf;
	}
	e10 = (int)floor(log10(v));
	m = v / pow(10.0, e10);
	if (m >= 9.995) { /* rounds up to the next decade */
		m /= 10;
		e10++;
	}
	snprintf(buf, n, "%.2fe%d", m, e10);
	return buf;
}

static void cell_sci(struct table *t, size_t r, size_t c, double v)
{
	char buf[64];

	if (!isfinite(v) || v <= 0) {
		table_set_text(t, r, c, "n/a");
		return;
	}
	table_set_cell(t, r, c, fmt_sci(v, buf, sizeof buf), v);
}

/* A source text cut to its citation: up to the first ": " or "; ", at most 60 characters
 * on a word boundary (the input table keeps the whole text). */
static void cell_source(struct table *t, size_t r, size_t c, const char *src)
{
	char buf[80];
	size_t n = 0;

	if (!src)
		src = "";
	while (src[n] && n < sizeof buf - 4 && !((src[n] == ':' || src[n] == ';') &&
						 src[n + 1] == ' '))
		n++;
	if (n > 60) {
		n = 60;
		while (n > 20 && src[n] != ' ')
			n--;
	}
	memcpy(buf, src, n);
	buf[n] = '\0';
	if (src[n] && src[n] != ':' && src[n] != ';')
		snprintf(buf + n, sizeof buf - n, " ...");
	table_set_text(t, r, c, buf);
}

/* A source text as the host of its first address ("aws.amazon.com"), else as cell_source. */
static void cell_source_host(struct table *t, size_t r, size_t c, const char *src)
{
	const char *h = src ? strstr(src, "://") : NULL;
	char buf[80];
	size_t n = 0;

	if (!h) {
		cell_source(t, r, c, src);
		return;
	}
	h += 3;
	while (h[n] && h[n] != '/' && h[n] != ')' && h[n] != ' ' && h[n] != ',' &&
	       n < sizeof buf - 1)
		n++;
	memcpy(buf, h, n);
	buf[n] = '\0';
	table_set_text(t, r, c, buf);
}

/* A fraction as a percentage with one decimal (efficiencies: "21.3%"). */
static void cell_pct1(struct table *t, size_t r, size_t c, double frac)
{
	if (!isfinite(frac)) {
		table_set_text(t, r, c, "n/a");
		return;
	}
	table_set_cellf(t, r, c, frac * 100.0, "%.1f%%", frac * 100.0);
}

static void cell_long(struct table *t, size_t r, size_t c, long v)
{
	table_set_cellf(t, r, c, (double)v, "%ld", v);
}

static void cell_date(struct table *t, size_t r, size_t c, long yyyymmdd)
{
	char buf[32];

	fmt_date(yyyymmdd, buf, sizeof buf);
	table_set_cell(t, r, c, buf, yyyymmdd > 0 ? (double)yyyymmdd : (double)NAN);
}

/* ---- shared results, filled section by section and quoted by the summary ---- */

/* One configuration found by a search, with what it costs. */
struct best_cfg {
	const struct hardware *hw;
	int gpus;
	double price;      /* USD per GPU-hour */
	double usd_per_1m; /* NaN: nothing fits */
	struct infer_result r;
};

struct econ {
	const struct inputs *in;
	const struct figures_opts *o;
	struct doc *d;
	/* per model (in->n_models entries) */
	struct best_cfg *best_gen, *best_prompt;
	const struct model *headline;
	double gpt3_train_usd, palm_train_usd;
	double chat_query_usd, search_query_usd, search_revenue_usd;
	const char *flagship_run;
	double flagship_usd;
	const char *breakeven_api;
	double breakeven_util;
};

static void best_init(struct best_cfg *b)
{
	memset(b, 0, sizeof(*b));
	b->usd_per_1m = (double)NAN;
}

static void best_text(const struct best_cfg *b, char *buf, size_t n)
{
	if (!b->hw || !isfinite(b->usd_per_1m))
		snprintf(buf, n, "nothing fits");
	else
		snprintf(buf, n, "%d x %s, batch %ld", b->gpus, b->hw->name, b->r.batch);
}

/*
 * The cheapest configuration of m for generated and for prompt tokens over every priced
 * hardware x {1,2,4,8} chips x batch {1,2,4,..,256, max}, at the calibrated efficiencies, with
 * SEARCH_PROMPT + SEARCH_GEN token sequences; only configurations that fit in memory count.
 */
static void infer_search(const struct econ *e, const struct model *m, struct best_cfg *gen,
			 struct best_cfg *prompt)
{
	best_init(gen);
	best_init(prompt);
	for (size_t h = 0; h < e->in->n_hardware; h++) {
		const struct hardware *hw = &e->in->hardware[h];
		double price = fig_price(e->in, e->o, hw);
		if (!(price > 0))
			continue;
		for (size_t g = 0; g < N_ELEM(SEARCH_GPUS); g++)
			for (size_t b = 0; b < N_ELEM(SEARCH_BATCH); b++) {
				struct infer_cfg c;
				struct infer_result r;
				infer_cfg_init(&c);
				c.model = m;
				c.hw = hw;
				c.gpus = SEARCH_GPUS[g];
				c.batch = SEARCH_BATCH[b];
				c.prompt_tokens = SEARCH_PROMPT;
				c.gen_tokens = SEARCH_GEN;
				c.usd_per_gpu_hour = price;
				if (estimate_infer(&c, &r) < 0 || !r.fits || r.batch < 1)
					continue;
				/* "max" counts only below the largest listed batch */
				if (c.batch == 0 && r.batch > SEARCH_BATCH_MAX)
					continue;
				double gu = r.usd_per_1k_gen * 1000.0, pu = r.usd_per_1k_prompt * 1000.0;
				if (isfinite(gu) && gu > 0 && !(gu >= gen->usd_per_1m)) {
					gen->hw = hw;
					gen->gpus = c.gpus;
					gen->price = price;
					gen->usd_per_1m = gu;
					gen->r = r;
				}
				if (isfinite(pu) && pu > 0 && !(pu >= prompt->usd_per_1m)) {
					prompt->hw = hw;
					prompt->gpus = c.gpus;
					prompt->price = price;
					prompt->usd_per_1m = pu;
					prompt->r = r;
				}
			}
	}
}

/* Item 2's per-model table: the cheapest way to make each model's tokens, and values. */
static void sec_cheapest(struct econ *e)
{
	static const char *head[] = { "model", "$/1M generated", "cheapest for generation",
				      "time per output token", "$/1M prompt",
				      "cheapest for prompts" };
	struct table *t = doc_add_table(e->d, "02-cheapest",
					"Cheapest cost per 1M tokens, per model, any hardware", 6, head);
	char name[160], buf[160];
	size_t n_fit = 0;

	table_set_align(t, 2, ALIGN_LEFT);
	table_set_align(t, 5, ALIGN_LEFT);
	for (size_t i = 0; i < e->in->n_models; i++) {
		const struct model *m = &e->in->models[i];
		struct best_cfg *g = &e->best_gen[i], *p = &e->best_prompt[i];
		size_t r;

		infer_search(e, m, g, p);
		r = table_add_row(t);
		table_set_text(t, r, 0, m->name);
		cell_usd(t, r, 1, g->usd_per_1m);
		best_text(g, buf, sizeof buf);
		table_set_text(t, r, 2, buf);
		if (g->hw)
			table_set_cell(t, r, 3, fmt_seconds(g->r.tpot_s, buf, sizeof buf), g->r.tpot_s);
		else
			table_set_text(t, r, 3, "-");
		cell_usd(t, r, 4, p->usd_per_1m);
		best_text(p, buf, sizeof buf);
		table_set_text(t, r, 5, buf);
		if (g->hw) {
			n_fit++;
			value_name(name, sizeof name, "cheapest_gen_usd_per_1m_", m->name);
			doc_add_value(e->d, name, g->usd_per_1m, "USD",
				      fmt_usd(g->usd_per_1m, buf, sizeof buf));
			value_name(name, sizeof name, "cheapest_gen_config_", m->name);
			best_text(g, buf, sizeof buf);
			doc_add_value(e->d, name, (double)g->r.batch, "", buf);
		}
		if (p->hw) {
			value_name(name, sizeof name, "cheapest_prompt_usd_per_1m_", m->name);
			doc_add_value(e->d, name, p->usd_per_1m, "USD",
				      fmt_usd(p->usd_per_1m, buf, sizeof buf));
		}
	}
	table_set_caption(t,
		"For each model, the cheapest of every priced hardware x 1, 2, 4 or 8 chips x batch "
		"1, 2, 4, ..., %ld (or the largest that fits, when that is less), for %ld-token "
		"prompts and %ld generated tokens in "
		"bf16 with the calibrated model (its efficiencies are computed per configuration from "
		"the batch, the shapes and fixed overheads; %.0f%% of peak FLOP/s and %.0f%% of peak "
		"bandwidth are only their asymptotes, gen/calib.h) and the rental prices in "
		"force on the report date; configurations that do not fit in memory are skipped "
		"(%zu of %zu models fit somewhere). Generation is cheapest at the largest batch that "
		"fits, because every decode step reads all the weights once for the whole batch; the "
		"price of that is the time per output token beside it.",
		SEARCH_BATCH_MAX, SEARCH_PROMPT, SEARCH_GEN, CALIB_MFU_PREFILL * 100,
		CALIB_MBU_DECODE * 100, n_fit,
		e->in->n_models);
}

/* Item 2: self-hosting vs every API price in force on the report date. The self-hosted side
 * is the model of the same name when models.csv has one, else the headline model; the
 * break-even utilisation is self cost / API price per generated token (the share of hours
 * rented GPUs must be busy for renting to match the API). */
static void sec_break_even(struct econ *e)
{
	static const char *head[] = { "API (provider)", "price as of", "API $/1M generated",
				      "self-hosted model", "self-hosted $/1M generated",
				      "break-even utilisation" };
	struct table *t = doc_add_table(e->d, "02-break-even",
					"Self-hosting at full load vs API prices", 6, head);
	char buf[256], name[160];
	long date = e->o->as_of;

	table_set_align(t, 3, ALIGN_LEFT);
	for (size_t i = 0; i < e->in->n_api_prices; i++) {
		const struct api_price *a = &e->in->api_prices[i];
		const struct model *m = NULL;
		size_t mi, r;
		double api_1m, self_1m, util;

		if (!api_is_current(e->in, a, date) || !(a->usd_per_1k_gen > 0))
			continue;
		for (size_t k = 0; k < e->in->n_models && !m; k++)
			if (key_eq(e->in->models[k].name, a->model))
				m = &e->in->models[k];
		if (!m)
			m = e->headline;
		if (!m)
			continue;
		mi = (size_t)(m - e->in->models);
		api_1m = a->usd_per_1k_gen * 1000.0;
		self_1m = e->best_gen[mi].usd_per_1m;
		util = self_1m / api_1m;
		r = table_add_row(t);
		snprintf(buf, sizeof buf, "%s (%s)", a->model, a->provider);
		table_set_text(t, r, 0, buf);
		cell_date(t, r, 1, a->as_of);
		cell_usd(t, r, 2, api_1m);
		table_set_text(t, r, 3, m->name);
		cell_usd(t, r, 4, self_1m);
		cell_pct(t, r, 5, util);
		if (isfinite(util)) {
			value_name(name, sizeof name, "breakeven_util_", a->model);
			doc_add_value(e->d, name, util, "fraction", fmt_pct(util, buf, sizeof buf));
			/* The summary quotes the headline model against gpt-3.5 (seed 000's
			 * comparison) when priced, else against the API it beats by most. */
			int is35 = key_eq(a->model, "gpt-3.5-turbo");
			int cur35 = e->breakeven_api && key_eq(e->breakeven_api, "gpt-3.5-turbo");
			if (m == e->headline &&
			    (!e->breakeven_api || (is35 && !cur35) ||
			     (is35 == cur35 && util < e->breakeven_util))) {
				e->breakeven_api = a->model;
				e->breakeven_util = util;
			}
		}
	}
	table_set_caption(t,
		"Each API price in force on the report date (api_prices.csv) against the cheapest "
		"self-hosted configuration of the cheapest-cost table: the same model when models.csv has "
		"it, else %s. Rented GPUs cost the same busy or idle, so self-hosting matches the API "
		"only when they are busy at least the break-even share of the time; above 100%% the "
		"API is cheaper even at full load.",
		e->headline ? e->headline->name : "the headline model");
	if (e->breakeven_api) {
		doc_add_value(e->d, "headline_breakeven_util", e->breakeven_util, "fraction",
			      fmt_pct(e->breakeven_util, buf, sizeof buf));
		doc_add_value(e->d, "headline_breakeven_api", 0.0, "", e->breakeven_api);
	}
}

/* ---- item 11: cost per query (S2-07..S2-09) ---- */

static void seed_query(struct query_cost *q, double usd_per_1k)
{
	q->prompt_words = S2_PROMPT_WORDS;
	q->answers = S2_ANSWERS;
	q->answer_words = S2_ANSWER_WORDS;
	q->tokens_per_word = S2_TOKENS_PER_WORD;
	q->usd_per_1k_tokens = usd_per_1k;
	q->cache_hit = S2_CACHE_HIT;
	q->gross_margin = S2_GROSS_MARGIN;
}

/* Provider cost of a query whose prompt and answer words are priced apart (today's APIs
 * charge prompt and generated tokens differently): the seed's formula applied to each part. */
static double split_query_usd(double prompt_words, double answer_words, const struct api_price *a)
{
	struct query_cost q;
	double pu, gu;

	seed_query(&q, a->usd_per_1k_prompt);
	q.prompt_words = prompt_words;
	q.answers = 0;
	pu = llm_query_cost_usd(&q);
	seed_query(&q, a->usd_per_1k_gen);
	q.prompt_words = 0;
	q.answers = 1;
	q.answer_words = answer_words;
	gu = llm_query_cost_usd(&q);
	return pu < 0 || gu < 0 ? (double)NAN : pu + gu;
}

static void query_row(struct table *t, const char *what, double words, double usd,
		      double revenue, const char *how)
{
	size_t r = table_add_row(t);

	table_set_text(t, r, 0, what);
	if (isfinite(words))
		cell_si(t, r, 1, words * S2_TOKENS_PER_WORD);
	else
		table_set_text(t, r, 1, "-");
	cell_usd(t, r, 2, usd);
	cell_pct(t, r, 3, usd / revenue);
	table_set_text(t, r, 4, how);
}

static void sec_query(struct econ *e)
{
	static const char *head[] = { "approach", "tokens per query", "USD per query",
				      "share of revenue", "how" };
	struct table *t = doc_add_table(e->d, "11-cost-per-query",
					"Cost per query: LLM answers vs search revenue", 5, head);
	struct query_cost q;
	char buf[512], how[512];
	double chat_words = S2_PROMPT_WORDS + S2_ANSWERS * S2_ANSWER_WORDS;
	double search_words = S2_PROMPT_WORDS + S2_K_RESULTS * (S2_RESULT_WORDS + S2_ANSWER_WORDS);
	double chat, search, rev, opt;
	const struct api_price *a = api_at(e->in, "gpt-3.5-turbo", e->o->as_of);

	table_set_align(t, 4, ALIGN_LEFT);
	seed_query(&q, S2_API_USD_PER_1K);
	chat = llm_query_cost_usd(&q);
	search = search_summary_cost_usd(&q, S2_K_RESULTS, S2_RESULT_WORDS);
	rev = search_revenue_per_query_usd(S2_SEARCH_REVENUE_USD, S2_MONTHLY_SEARCHES_2012,
					   S2_PENETRATION_2012, S2_PENETRATION_2020);
	opt = search / (S2_OPT_MODEL_FACTOR * S2_OPT_INHOUSE_FACTOR);
	e->chat_query_usd = chat;
	e->search_query_usd = search;
	e->search_revenue_usd = rev;

	snprintf(how, sizeof how, "(%.0f-word prompt + %.0f answers x %.0f words) x 4/3 token/word "
		 "x $%.2f/1K x (1 - %.0f%% cache hits) x (1 - %.0f%% margin)", S2_PROMPT_WORDS,
		 S2_ANSWERS, S2_ANSWER_WORDS, S2_API_USD_PER_1K, S2_CACHE_HIT * 100,
		 S2_GROSS_MARGIN * 100);
	query_row(t, "ChatGPT-equivalent answer (S2-07)", chat_words, chat, rev, how);
	snprintf(how, sizeof how, "%.0f-word query + %.0f results x (%.0f words read + %.0f-word "
		 "answer), priced as above", S2_PROMPT_WORDS, S2_K_RESULTS, S2_RESULT_WORDS,
		 S2_ANSWER_WORDS);
	query_row(t, "two-stage search summariser (S2-08)", search_words, search, rev, how);
	snprintf(how, sizeof how, "the summariser / %.0f (quantisation, distillation, "
		 "compute-optimal models) / %.0f (in-house instead of a 50%%-margin cloud)",
		 S2_OPT_MODEL_FACTOR, S2_OPT_INHOUSE_FACTOR);
	query_row(t, "summariser after the seed's optimisations", search_words, opt, rev, how);
	if (a) {
		double c2 = split_query_usd(S2_PROMPT_WORDS, S2_ANSWERS * S2_ANSWER_WORDS, a);
		double s2 = split_query_usd(S2_PROMPT_WORDS + S2_K_RESULTS * S2_RESULT_WORDS,
					    S2_K_RESULTS * S2_ANSWER_WORDS, a);
		char date[32];
		fmt_date(a->as_of, date, sizeof date);
		snprintf(buf, sizeof buf, "ChatGPT-equivalent at %s prices of %s", a->model, date);
		snprintf(how, sizeof how, "as S2-07 with $%.4g/1K prompt and $%.4g/1K generated "
			 "tokens (%s)", a->usd_per_1k_prompt, a->usd_per_1k_gen, a->provider);
		query_row(t, buf, chat_words, c2, rev, how);
		snprintf(buf, sizeof buf, "search summariser at %s prices of %s", a->model, date);
		query_row(t, buf, search_words, s2, rev, how);
		doc_add_value(e->d, "chat_query_today_usd", c2, "USD", fmt_usd(c2, buf, sizeof buf));
		doc_add_value(e->d, "search_query_today_usd", s2, "USD", fmt_usd(s2, buf, sizeof buf));
	}
	snprintf(how, sizeof how, "$%.0f B revenue / (%.0f B searches a month in 2012 x 12 x "
		 "%.0f%% / %.0f%% internet penetration)", S2_SEARCH_REVENUE_USD / 1e9,
		 S2_MONTHLY_SEARCHES_2012 / 1e9, S2_PENETRATION_2020 * 100,
		 S2_PENETRATION_2012 * 100);
	query_row(t, "search revenue per query (S2-09)", (double)NAN, rev, rev, how);
	table_set_caption(t,
		"What one search-like query costs when an LLM answers it, priced through an API as "
		"seed 002 does, against what a search brings in. A chat answer eats %.0f%% of the "
		"revenue per query; the two-stage summariser, which reads %.0f results, costs %.1f "
		"times the revenue; the seed's optimisations bring it to %.0f%% (the seed rounds "
		"to 15%%). The today rows apply the same words, cache and margin to the gpt-3.5 "
		"price in force on the report date (api_prices.csv).",
		chat / rev * 100, S2_K_RESULTS, search / rev, opt / rev * 100);

	doc_add_value(e->d, "s2_07", chat, "USD per query", fmt_usd(chat, buf, sizeof buf));
	doc_add_value(e->d, "s2_08", search, "USD per query", fmt_usd(search, buf, sizeof buf));
	doc_add_value(e->d, "s2_09", rev, "USD per query", fmt_usd(rev, buf, sizeof buf));
	doc_add_value(e->d, "chat_query_usd", chat, "USD", fmt_usd(chat, buf, sizeof buf));
	doc_add_value(e->d, "search_query_usd", search, "USD", fmt_usd(search, buf, sizeof buf));
	doc_add_value(e->d, "search_revenue_usd", rev, "USD", fmt_usd(rev, buf, sizeof buf));
	doc_add_value(e->d, "chat_query_share", chat / rev, "fraction",
		      fmt_pct(chat / rev, buf, sizeof buf));
	doc_add_value(e->d, "search_query_share", search / rev, "fraction",
		      fmt_pct(search / rev, buf, sizeof buf));
	doc_add_value(e->d, "search_query_optimised_usd", opt, "USD", fmt_usd(opt, buf, sizeof buf));
	doc_add_value(e->d, "search_query_optimised_share", opt / rev, "fraction",
		      fmt_pct(opt / rev, buf, sizeof buf));
}

/* ---- item 12: inference cost of a 175B model on a rented node (S2-01) ---- */

static void infer_row(struct table *t, const char *what, double tok_s, double usd_1k,
		      double api_1k, const char *how)
{
	size_t r = table_add_row(t);

	table_set_text(t, r, 0, what);
	cell_sig(t, r, 1, tok_s, 3);
	cell_usd(t, r, 2, usd_1k);
	cell_usd(t, r, 3, api_1k);
	cell_pct(t, r, 4, 1.0 - usd_1k / api_1k);
	table_set_text(t, r, 5, how);
}

static void sec_infer_175b(struct econ *e)
{
	static const char *head[] = { "scenario", "tokens/s per node", "cost per 1K tokens",
				      "API price per 1K", "gross margin", "how" };
	struct table *t = doc_add_table(e->d, "12-inference-175b",
					"Inference cost of a 175B model on a rented 8 x A100 node",
					6, head);
	const struct model *m = model_gpt3(e->in);
	const struct hardware *a100 = hw_like(e->in, "A100", 80);
	const struct hardware *a100_40 = hw_like(e->in, "A100", 40);
	const struct api_price *api = api_at(e->in, "gpt-3.5-turbo", e->o->as_of);
	double params = m ? model_active_params(m) : S2_GPT3_PARAMS;
	double peak = a100 ? hw_peak_flops(a100, PREC_BF16) : 312e12;
	double flop_tok = 2.0 * params;
	double seed_1k, tok_s;
	char how[512], buf[256];

	char fit_note[256] = "";

	if (!a100)
		a100 = a100_40;
	if (m && a100_40 && weight_bytes(m, PREC_BF16) > S2_NODE_CHIPS * a100_40->mem_gb * 1e9)
		snprintf(fit_note, sizeof fit_note, " A %s model in 16-bit (%.0f GB) does not even "
			 "fit the seed's 8 x %s instance (%.0f GB); the estimator rows use %.0f GB "
			 "chips.", m->name, weight_bytes(m, PREC_BF16) / 1e9, a100_40->name,
			 S2_NODE_CHIPS * a100_40->mem_gb, a100 ? a100->mem_gb : 0.0);
	table_set_align(t, 5, ALIGN_LEFT);
	seed_1k = node_usd_per_1k_tokens(S2_NODE_USD_PER_HOUR, S2_NODE_CHIPS, peak, S2_INFER_MFU,
					 flop_tok);
	tok_s = S2_NODE_CHIPS * peak * S2_INFER_MFU / flop_tok;
	snprintf(how, sizeof how, "$%.2f/h / 3600 / (%d x %.0f TFLOP/s x %.1f%% / 2 x %s params) "
		 "x 1000; API: Davinci $%.2f/1K", S2_NODE_USD_PER_HOUR, S2_NODE_CHIPS, peak / 1e12,
		 S2_INFER_MFU * 100, doc_fmt_si(buf, sizeof buf, params, 3), S2_API_USD_PER_1K);
	snprintf(buf, sizeof buf, "seed 002: AWS %d x A100, 1-year term, MFU %.1f%%", S2_NODE_CHIPS,
		 S2_INFER_MFU * 100);
	infer_row(t, buf, tok_s, seed_1k,
		  S2_API_USD_PER_1K, how);
	doc_add_value(e->d, "s2_01", seed_1k, "USD per 1K tokens", fmt_usd(seed_1k, buf, sizeof buf));
	doc_add_value(e->d, "gpt3_infer_usd_per_1k", seed_1k, "USD",
		      fmt_usd(seed_1k, buf, sizeof buf));
	doc_add_value(e->d, "gpt3_api_usd_per_1k", S2_API_USD_PER_1K, "USD",
		      fmt_usd(S2_API_USD_PER_1K, buf, sizeof buf));
	doc_add_value(e->d, "gpt3_gross_margin", 1 - seed_1k / S2_API_USD_PER_1K, "fraction",
		      fmt_pct(1 - seed_1k / S2_API_USD_PER_1K, buf, sizeof buf));

	/* The same node at today's rental price, and the estimator's view of it. */
	if (a100 && m) {
		double price = fig_price(e->in, e->o, a100);
		double api_p = api ? api->usd_per_1k_prompt : (double)NAN;
		double api_g = api ? api->usd_per_1k_gen : (double)NAN;
		if (price > 0) {
			double c1 = node_usd_per_1k_tokens(price * S2_NODE_CHIPS, S2_NODE_CHIPS, peak,
							   S2_INFER_MFU, flop_tok);
			snprintf(buf, sizeof buf, "%d x %s at $%.2f/GPU-hour (report date), MFU %.1f%%",
				 S2_NODE_CHIPS, a100->name, price, S2_INFER_MFU * 100);
			snprintf(how, sizeof how, "as above at today's price; API: %s prompt price",
				 api ? api->model : "no API row");
			infer_row(t, buf, tok_s, c1, api_p, how);
		}
		struct infer_cfg c;
		struct infer_result r;
		infer_cfg_init(&c);
		c.model = m;
		c.hw = a100;
		c.gpus = S2_NODE_CHIPS;
		c.batch = 0;
		c.usd_per_gpu_hour = price > 0 ? price : 0;
		if (price > 0 && estimate_infer(&c, &r) == 0 && r.fits) {
			snprintf(buf, sizeof buf, "estimator, prompts: 8 x %s, batch %ld", a100->name,
				 r.batch);
			snprintf(how, sizeof how, "calibrated prefill (MFU %.0f%%), %ld-token prompts",
				 r.mfu_prefill * 100, c.prompt_tokens);
			infer_row(t, buf, r.prefill_tok_s, r.usd_per_1k_prompt, api_p, how);
			snprintf(buf, sizeof buf, "estimator, generation: 8 x %s, batch %ld",
				 a100->name, r.batch);
			snprintf(how, sizeof how, "memory-bound decode (MBU %.0f%%) of %ld tokens; API: "
				 "%s generated-token price", r.mbu_decode * 100, c.gen_tokens,
				 api ? api->model : "no API row");
			infer_row(t, buf, r.decode_tok_s, r.usd_per_1k_gen, api_g, how);
		}
	}
	table_set_caption(t,
		"Seed 002 prices a 175B dense model (%s) as a compute-bound node: 2N FLOPs per token "
		"at 21.3%% of the %.0f TFLOP/s peak (GPT-3's training MFU) on an 8 x A100 instance "
		"rented for $%.2f an hour, which gives $%.4f per 1K tokens and an %.0f%% gross margin "
		"at Davinci's $%.2f. The lower rows redo it at the report date's price and with the "
		"estimator, whose decode phase is bound by memory bandwidth rather than FLOPs, "
		"against today's gpt-3.5-turbo prices: a negative margin means that API sells tokens "
		"for less than a rented node makes them.%s",
		m ? m->name : "GPT-3", peak / 1e12, S2_NODE_USD_PER_HOUR, seed_1k,
		(1 - seed_1k / S2_API_USD_PER_1K) * 100, S2_API_USD_PER_1K, fit_note);
}

/* ---- item 13: training cost (S2-02, S2-03) ---- */

/*
 * estimate_train for a run. With a models.csv model (real) the calibrated path (mfu 0) models
 * the run's efficiency from its shape, its chips and gpus (0: the estimator picks a count);
 * a run given by its numbers alone (the seeds' scenarios) gets a stand-in model with those
 * parameters, which has no shape, so it needs an explicit MFU: mfu 0 then means the headline
 * CALIB_MFU_TRAIN. Returns 0, or -1 when not computable.
 */
static int train_scenario(const struct model *real, double params, double active,
			  double tokens, const struct hardware *hw, long gpus, double mfu,
			  double price, struct train_result *r)
{
	struct model m;
	struct train_cfg c;

	memset(&m, 0, sizeof m);
	m.name = (char *)"scenario";
	m.params = params;
	m.active_params = active > 0 ? active : params;
	m.layers = m.heads = m.kv_heads = m.head_dim = 1;
	m.experts = m.experts_per_token = 1;
	memset(&c, 0, sizeof c);
	c.model = real ? real : &m;
	c.hw = hw;
	c.tokens = tokens;
	c.gpus = gpus > 0 ? gpus : 0;
	c.mfu = mfu > 0 || real ? mfu : CALIB_MFU_TRAIN;
	c.usd_per_gpu_hour = price > 0 ? price : 0;
	return estimate_train(&c, r);
}

/* The tokens a model was trained on: the largest training.csv run naming it, else 20 per
 * parameter (Chinchilla-optimal). *from says which. */
static double model_tokens(const struct inputs *in, const struct model *m, const char **from)
{
	double best = 0;

	for (size_t i = 0; i < in->n_train_runs; i++) {
		const struct train_run *t = &in->train_runs[i];
		if (t->tokens > best && (key_eq(t->model, m->name) || key_eq(t->name, m->name)))
			best = t->tokens;
	}
	if (best > 0) {
		*from = "published";
		return best;
	}
	*from = "20/param";
	return CHINCHILLA_TOKENS_PER_PARAM * m->params;
}

/* The chip count of the largest training.csv run of m (0: none published), so that the
 * calibrated training model prices a run at its real scale. */
static long model_run_gpus(const struct inputs *in, const struct model *m)
{
	double best = 0;
	long gpus = 0;

	for (size_t i = 0; m && i < in->n_train_runs; i++) {
		const struct train_run *t = &in->train_runs[i];
		if (t->tokens > best && (key_eq(t->model, m->name) || key_eq(t->name, m->name))) {
			best = t->tokens;
			gpus = t->gpus;
		}
	}
	return gpus;
}

/* TPU v4 from hardware.csv, else the seed's chip (275 TFLOP/s, 32 GB). */
static const struct hardware *hw_tpu_v4(const struct inputs *in, struct hardware *fallback)
{
	const struct hardware *h = hw_like(in, "TPU v4", 0);

	if (h)
		return h;
	memset(fallback, 0, sizeof *fallback);
	fallback->name = (char *)"TPU v4 (seed 002)";
	fallback->peak_tflops_16 = 275;
	fallback->mem_gb = 32;
	fallback->mem_bw_tbs = 1.2;
	return fallback;
}

static void train_cost_row(struct econ *e, struct table *t, const char *name,
			   const struct model *real, double params, double active, double tokens,
			   const char *from, const struct hardware *tpu, const struct hardware *h100,
			   double *tpu_usd, double *h100_usd)
{
	struct train_result a, b;
	size_t r = table_add_row(t);
	double price = h100 ? fig_price(e->in, e->o, h100) : (double)NAN;

	table_set_text(t, r, 0, name);
	cell_si(t, r, 1, active > 0 ? active : params);
	cell_si(t, r, 2, tokens);
	table_set_text(t, r, 3, from);
	*tpu_usd = *h100_usd = (double)NAN;
	if (train_scenario(NULL, params, active, tokens, tpu, 0, S2_TRAIN_MFU,
			   S2_TPU_USD_PER_CHIP_HOUR, &a) == 0) {
		cell_sci(t, r, 4, a.train_flop);
		cell_usd(t, r, 5, a.usd);
		*tpu_usd = a.usd;
	}
	if (h100 && train_scenario(real, params, active, tokens, h100,
				   model_run_gpus(e->in, real), 0, price, &b) == 0) {
		cell_pct1(t, r, 6, b.mfu);
		cell_si(t, r, 7, b.gpu_hours);
		if (price > 0) {
			cell_usd(t, r, 8, b.usd);
			*h100_usd = b.usd;
		} else {
			table_set_text(t, r, 8, "no price");
		}
	}
}

static void sec_training_cost(struct econ *e)
{
	static const char *head[] = { "model", "active params", "tokens", "tokens from",
				      "training FLOP", "TPU v4 cost", "H100 MFU", "H100 GPU-hours",
				      "H100 cost" };
	struct table *t = doc_add_table(e->d, "13-training-cost",
					"Training cost at the seed's MFU and chip price, and on H100",
					9, head);
	struct hardware tpu_fb;
	const struct hardware *tpu = hw_tpu_v4(e->in, &tpu_fb);
	const struct hardware *h100 = hw_like(e->in, "H100", 0);
	char name[160], buf[64];
	double tu, hu, h100_price = h100 ? fig_price(e->in, e->o, h100) : (double)NAN;

	table_set_align(t, 3, ALIGN_LEFT);
	train_cost_row(e, t, "GPT-3 as in seed 002 (S2-02)", model_gpt3(e->in), S2_GPT3_PARAMS, 0,
		       S2_GPT3_TOKENS, "seed 002", tpu, h100, &tu, &hu);
	e->gpt3_train_usd = tu;
	doc_add_value(e->d, "s2_02", tu, "USD", fmt_usd(tu, buf, sizeof buf));
	doc_add_value(e->d, "gpt3_train_usd", tu, "USD", fmt_usd(tu, buf, sizeof buf));
	if (isfinite(hu))
		doc_add_value(e->d, "gpt3_train_usd_h100", hu, "USD", fmt_usd(hu, buf, sizeof buf));
	train_cost_row(e, t, "PaLM as in seed 002 (S2-03)", model_palm(e->in), S2_PALM_PARAMS, 0,
		       S2_PALM_TOKENS, "seed 002", tpu, h100, &tu, &hu);
	e->palm_train_usd = tu;
	doc_add_value(e->d, "s2_03", tu, "USD", fmt_usd(tu, buf, sizeof buf));
	doc_add_value(e->d, "palm_train_usd", tu, "USD", fmt_usd(tu, buf, sizeof buf));
	for (size_t i = 0; i < e->in->n_models; i++) {
		const struct model *m = &e->in->models[i];
		const char *from;
		double tokens = model_tokens(e->in, m, &from);
		train_cost_row(e, t, m->name, m, m->params, model_active_params(m), tokens, from,
			       tpu, h100, &tu, &hu);
		value_name(name, sizeof name, "train_usd_tpuv4_", m->name);
		if (isfinite(tu))
			doc_add_value(e->d, name, tu, "USD", fmt_usd(tu, buf, sizeof buf));
		value_name(name, sizeof name, "train_usd_h100_", m->name);
		if (isfinite(hu))
			doc_add_value(e->d, name, hu, "USD", fmt_usd(hu, buf, sizeof buf));
	}
	table_set_caption(t,
		"Training FLOP = 6 x active parameters x tokens. The TPU v4 columns use seed 002's "
		"assumptions: %s at %.0f TFLOP/s and %.1f%% MFU (PaLM's), rented at $%.2f per "
		"chip-hour. The H100 columns use %s at the MFU the calibrated training model gives "
		"each run (from the model's shape, the parallel layout, the chip count of the "
		"published run or else one the estimator picks, and failures), and its rental price on the report date (%s per GPU-hour). Tokens come "
		"from the largest published run in training.csv, else the Chinchilla-optimal %.0f "
		"tokens per parameter.",
		tpu->name, tpu->peak_tflops_16, S2_TRAIN_MFU * 100, S2_TPU_USD_PER_CHIP_HOUR,
		h100 ? h100->name : "(no H100 in hardware.csv)",
		fmt_usd(h100_price, buf, sizeof buf), CHINCHILLA_TOKENS_PER_PARAM);
}

/* In-house cost of one chip-hour: list price over INHOUSE_YEARS plus power at TDP. */
static double inhouse_usd_per_hour(const struct hardware *h)
{
	if (!h || !(h->list_price_usd > 0) || !(h->tdp_w > 0))
		return (double)NAN;
	return h->list_price_usd / (INHOUSE_YEARS * 8760.0) + h->tdp_w / 1000.0 * INHOUSE_USD_PER_KWH;
}

/* Seed 002's "V100 era vs H100": GPT-3 as trained (10,000 V100 for 14.8 days) and the same
 * FLOPs at the same MFU on H100, both costed as owned hardware. */
static void sec_inhouse(struct econ *e)
{
	static const char *head[] = { "chip", "peak TFLOP/s", "list price", "TDP (W)",
				      "GPU-hours", "in-house $/GPU-hour", "in-house cost",
				      "article says" };
	struct table *t = doc_add_table(e->d, "13-in-house",
					"GPT-3 on owned hardware: V100 (2020) vs H100", 8, head);
	const struct hardware *v100 = hw_like(e->in, "V100", 0);
	const struct hardware *h100 = hw_like(e->in, "H100", 0);
	double flop = train_flop(S2_GPT3_PARAMS, S2_GPT3_TOKENS);
	double v_hours = S2_V100_GPUS * S2_V100_DAYS * 24.0;
	double mfu = v100 ? flop / (v_hours * 3600.0 * v100->peak_tflops_16 * 1e12) : (double)NAN;
	double cost[2] = { (double)NAN, (double)NAN };
	const struct hardware *hw[2] = { v100, h100 };
	static const double article[2] = { S2_V100_INHOUSE_USD, S2_H100_INHOUSE_USD };
	char buf[64];

	for (int i = 0; i < 2; i++) {
		size_t r = table_add_row(t);
		double hours, per_h;
		if (!hw[i]) {
			table_set_text(t, r, 0, i ? "H100 (not in hardware.csv)" :
						    "V100 (not in hardware.csv)");
			cell_usd(t, r, 7, article[i]);
			continue;
		}
		hours = i == 0 ? v_hours : flop / (mfu * hw[i]->peak_tflops_16 * 1e12) / 3600.0;
		per_h = inhouse_usd_per_hour(hw[i]);
		cost[i] = hours * per_h;
		table_set_text(t, r, 0, hw[i]->name);
		cell_sig(t, r, 1, hw[i]->peak_tflops_16, 3);
		cell_usd_whole(t, r, 2, hw[i]->list_price_usd > 0 ? hw[i]->list_price_usd : (double)NAN);
		cell_sig(t, r, 3, hw[i]->tdp_w > 0 ? hw[i]->tdp_w : (double)NAN, 3);
		cell_si(t, r, 4, hours);
		cell_usd(t, r, 5, per_h);
		cell_usd(t, r, 6, cost[i]);
		cell_usd(t, r, 7, article[i]);
	}
	if (isfinite(cost[0]))
		doc_add_value(e->d, "gpt3_inhouse_v100_usd", cost[0], "USD",
			      fmt_usd(cost[0], buf, sizeof buf));
	if (isfinite(cost[1]))
		doc_add_value(e->d, "gpt3_inhouse_h100_usd", cost[1], "USD",
			      fmt_usd(cost[1], buf, sizeof buf));
	if (isfinite(cost[0]) && isfinite(cost[1]))
		doc_add_value(e->d, "inhouse_saving_pct", (1 - cost[1] / cost[0]) * 100, "%",
			      fmt_pct(1 - cost[1] / cost[0], buf, sizeof buf));
	char sn[32], sd[32], sf[32];
	doc_fmt_si(sn, sizeof sn, S2_GPT3_PARAMS, 3);
	doc_fmt_si(sd, sizeof sd, S2_GPT3_TOKENS, 3);
	fmt_sci(flop, sf, sizeof sf);
	table_set_caption(t,
		"GPT-3 (6 x %s x %s = %s FLOP) as trained on %.0f V100 for %.1f days, an MFU "
		"of %.1f%% on the V100's peak, and the same FLOPs at the same MFU on H100. Owned "
		"chips cost their list price written off over %.0f years plus power at TDP and "
		"$%.2f/kWh (our assumptions: the seed's are in an image it does not spell out). The "
		"seed finds a 58%% saving ($744K to $312K); here the saving is %s.",
		sn, sd, sf, S2_V100_GPUS, S2_V100_DAYS, mfu * 100, INHOUSE_YEARS, INHOUSE_USD_PER_KWH,
		isfinite(cost[0]) && isfinite(cost[1]) ? fmt_pct(1 - cost[1] / cost[0], buf, sizeof buf)
						       : "not computable (list price or TDP missing)");
}

/* ---- item 14: Chinchilla loss (S2-10, S2-11) ---- */

static void sec_chinchilla(struct econ *e)
{
	static const double budgets[] = { 1e21, 1e22, 1e23, 1e24, 1e25 };
	static const char *head[] = { "run", "N", "D (tokens)", "C = 6ND (FLOP)",
				      "A/N^alpha", "B/D^beta", "loss L", "compute-optimal N",
				      "compute-optimal D" };
	const struct chinchilla *c = &CHINCHILLA_HOFFMANN;
	struct figure *f = doc_add_figure(e->d, "14-chinchilla",
					  "Chinchilla: predicted loss vs parameters at fixed compute",
					  "parameters N (log scale)", "predicted loss L(N, D)");
	struct table *t;
	struct {
		const char *name, *short_name;
		double n, dd;
	} pts[3] = {
		{ "1T params, 300B tokens (seed 002)", "seed 002's 1T model", S2_BIG_PARAMS,
		  S2_BIG_TOKENS },
		{ "GPT-3: 175B on 300B tokens", "GPT-3", S2_GPT3_PARAMS, S2_GPT3_TOKENS },
		{ "Chinchilla: 70B on 1.4T tokens", "Chinchilla", S2_CHINCHILLA_PARAMS,
		  S2_CHINCHILLA_TOKENS },
	};
	char buf[128];
	struct series *s;

	f->logx = 1;
	for (size_t i = 0; i < N_ELEM(budgets); i++) {
		double nopt, dopt;
		chinchilla_optimal(c, budgets[i], &nopt, &dopt);
		snprintf(buf, sizeof buf, "C = 1e%.0f FLOP", log10(budgets[i]));
		s = figure_add_series(f, buf, STYLE_LINES, NULL, NULL, 0);
		/* 2 decades either side of the optimum, 61 points */
		for (int k = 0; k <= 60; k++) {
			double n = nopt * pow(10.0, -2.0 + 4.0 * k / 60.0);
			double l = chinchilla_loss(c, n, budgets[i] / (6.0 * n));
			if (l > 0 && l < 5.0)
				series_add_point(s, n, l);
		}
	}
	s = figure_add_series(f, "compute-optimal frontier", STYLE_LINESPOINTS, NULL, NULL, 0);
	for (int k = 0; k <= 8; k++) {
		double flop = budgets[0] * pow(10.0, 0.5 * k), n, dd;
		chinchilla_optimal(c, flop, &n, &dd);
		series_add_point(s, n, chinchilla_loss(c, n, dd));
	}
	/* GPT-3 and Chinchilla as legend entries; only the seed's example carries a label, so
	 * no two labels can meet */
	for (size_t i = 1; i < 3; i++) {
		double l = chinchilla_loss(c, pts[i].n, pts[i].dd);
		figure_add_series(f, pts[i].name, STYLE_POINTS, &pts[i].n, &l, 1);
	}
	/* A short label: the curves leave little room around the point; the caption and the
	 * table below name it in full. */
	figure_add_mark(f, MARK_POINT, pts[0].n, chinchilla_loss(c, pts[0].n, pts[0].dd),
			"1T model (seed 002)");

	t = doc_add_table(e->d, "14-chinchilla", "Chinchilla loss terms of three training runs",
			  9, head);
	for (size_t i = 0; i < 3; i++) {
		size_t r = table_add_row(t);
		double flop = 6.0 * pts[i].n * pts[i].dd, nopt, dopt;
		chinchilla_optimal(c, flop, &nopt, &dopt);
		table_set_text(t, r, 0, pts[i].short_name);
		cell_si(t, r, 1, pts[i].n);
		cell_si(t, r, 2, pts[i].dd);
		cell_sci(t, r, 3, flop);
		cell_sig(t, r, 4, chinchilla_param_term(c, pts[i].n), 3);
		cell_sig(t, r, 5, chinchilla_data_term(c, pts[i].dd), 3);
		cell_sig(t, r, 6, chinchilla_loss(c, pts[i].n, pts[i].dd), 4);
		cell_si(t, r, 7, nopt);
		cell_si(t, r, 8, dopt);
	}
	{
		double pt = chinchilla_param_term(c, S2_BIG_PARAMS);
		double dt = chinchilla_data_term(c, S2_BIG_TOKENS);
		double l1 = chinchilla_loss(c, S2_BIG_PARAMS, S2_BIG_TOKENS);
		double lc = chinchilla_loss(c, S2_CHINCHILLA_PARAMS, S2_CHINCHILLA_TOKENS);
		double lg = chinchilla_loss(c, S2_GPT3_PARAMS, S2_GPT3_TOKENS);
		doc_add_valuef(e->d, "s2_10", pt, "loss", "%.3f", pt);
		doc_add_valuef(e->d, "s2_11", dt, "loss", "%.3f", dt);
		doc_add_valuef(e->d, "loss_1t_300b", l1, "loss", "%.3f", l1);
		doc_add_valuef(e->d, "loss_chinchilla", lc, "loss", "%.3f", lc);
		doc_add_valuef(e->d, "loss_gpt3", lg, "loss", "%.3f", lg);
		figure_set_caption(f,
			"L(N, D) = E + A/N^alpha + B/D^beta with Hoffmann et al.'s fit (E %.2f, A %.1f, "
			"B %.1f, alpha %.2f, beta %.2f). Each curve spends a fixed compute budget "
			"C = 6ND: more parameters mean fewer tokens, and the minimum of each curve lies "
			"on the compute-optimal frontier. Seed 002's 1T-parameter model on GPT-3's 300B "
			"tokens (loss %.3f: parameter term %.3f, data term %.3f) is predicted to do "
			"worse than Chinchilla (70B on 1.4T tokens, loss %.3f) with far less compute: "
			"the data term dominates.",
			c->E, c->A, c->B, c->alpha, c->beta, l1, pt, dt, lc);
		table_set_caption(t,
			"The loss terms of seed 002's examples, and the compute-optimal split of the "
			"same compute (minimising L subject to C = 6ND). The 1T-parameter model's "
			"parameter term (%.3f; the seed says 0.03) is %.1f times smaller than its data "
			"term (%.3f; the seed says 0.25): data, not size, limits it.", pt, dt / pt, dt);
	}
}

/* ---- item 15: hardware trend ---- */

#define TREND_DODGE_YEARS 0.15

/* How many plotted chips before hardware[j] share its release year: points of one year are
 * spread sideways by that many steps, so their labels do not sit on each other. */
static int same_year(const struct inputs *in, size_t j, int per_usd)
{
	int k = 0;

	for (size_t i = 0; i < j; i++) {
		const struct hardware *h = &in->hardware[i];
		double den = per_usd ? h->list_price_usd : h->tdp_w;
		if (h->year == in->hardware[j].year && den > 0)
			k++;
	}
	return k;
}

static double trend_y(const struct hardware *h, int per_usd)
{
	double den = per_usd ? h->list_price_usd : h->tdp_w;

	return h->year > 0 && den > 0 ? h->peak_tflops_16 * 1e3 / den : (double)NAN;
}

/* The x extent, in years, of the label of hardware[i] as plot.c places it: to the right of
 * the point in the left 70% of the axis, else to its left; a character, with the label's
 * offset, is about 1.15% of the axis wide (DejaVu Sans at the style's size, 1200-pixel PNG). */
static void trend_label_span(const struct hardware *h, double x, double xmin, double span,
			     double *lo, double *hi)
{
	double w = ((double)strlen(h->name) + 2.0) * 0.0115 * span;

	if ((x - xmin) / span > 0.7) {
		*lo = x - w;
		*hi = x;
	} else {
		*lo = x;
		*hi = x + w;
	}
}

/*
 * Whether the label of hardware[j] would sit on the label of an earlier labelled chip: the
 * two labels overlap across, and lie within a twentieth of the y axis's decades of each other.
 * Crowded points stay unlabelled (the table beside the figure names every chip).
 */
static int trend_crowded(const struct inputs *in, size_t j, int per_usd, const char *labelled)
{
	double ymin = INFINITY, ymax = 0, xmin = 1e9, xmax = 0, xj, yj, dec, span, lo_j, hi_j;

	for (size_t i = 0; i < in->n_hardware; i++) {
		double y = trend_y(&in->hardware[i], per_usd);
		if (!isfinite(y))
			continue;
		ymin = fmin(ymin, y);
		ymax = fmax(ymax, y);
		xmin = fmin(xmin, in->hardware[i].year);
		xmax = fmax(xmax, in->hardware[i].year + TREND_DODGE_YEARS * same_year(in, i, per_usd));
	}
	dec = fmax(1.0, ceil(log10(ymax)) - floor(log10(ymin)));
	span = fmax(1.0, ceil(xmax) - xmin);
	xj = in->hardware[j].year + TREND_DODGE_YEARS * same_year(in, j, per_usd);
	yj = trend_y(&in->hardware[j], per_usd);
	trend_label_span(&in->hardware[j], xj, xmin, span, &lo_j, &hi_j);
	for (size_t i = 0; i < j; i++) {
		double xi, yi, lo_i, hi_i;
		if (!labelled[i])
			continue;
		xi = in->hardware[i].year + TREND_DODGE_YEARS * same_year(in, i, per_usd);
		yi = trend_y(&in->hardware[i], per_usd);
		trend_label_span(&in->hardware[i], xi, xmin, span, &lo_i, &hi_i);
		if (lo_i < hi_j && lo_j < hi_i && fabs(log10(yi / yj)) < 0.05 * dec)
			return 1;
	}
	return 0;
}

/* A series per vendor (in order of first appearance), points labelled with chip names where
 * the labels have room; per_usd selects FLOP/s per dollar (else per watt). Returns the number
 * of points; *n_unlabelled counts those left without a label. */
static size_t trend_series(const struct inputs *in, struct figure *f, int per_usd,
			   size_t *n_unlabelled)
{
	size_t n = 0;
	char *labelled = calloc(in->n_hardware + 1, 1);

	*n_unlabelled = 0;
	if (!labelled)
		return 0;
	for (size_t j = 0; j < in->n_hardware; j++)
		if (isfinite(trend_y(&in->hardware[j], per_usd)))
			labelled[j] = !trend_crowded(in, j, per_usd, labelled);
	for (size_t i = 0; i < in->n_hardware; i++) {
		const struct hardware *h = &in->hardware[i];
		const char *vendor = h->vendor && *h->vendor ? h->vendor : "other";
		int seen = 0;
		struct series *s;

		if (!isfinite(trend_y(h, per_usd)))
			continue;
		for (size_t j = 0; j < i && !seen; j++) {
			const struct hardware *p = &in->hardware[j];
			const char *pv = p->vendor && *p->vendor ? p->vendor : "other";
			if (isfinite(trend_y(p, per_usd)) && strcmp(pv, vendor) == 0)
				seen = 1;
		}
		if (seen)
			continue;
		s = figure_add_series(f, vendor, STYLE_POINTS, NULL, NULL, 0);
		for (size_t j = i; j < in->n_hardware; j++) {
			const struct hardware *p = &in->hardware[j];
			const char *pv = p->vendor && *p->vendor ? p->vendor : "other";
			if (!isfinite(trend_y(p, per_usd)) || strcmp(pv, vendor) != 0)
				continue;
			series_add_point(s, (double)p->year + TREND_DODGE_YEARS * same_year(in, j, per_usd),
					 trend_y(p, per_usd));
			if (labelled[j])
				series_set_point_label(s, s->n - 1, p->name);
			else
				(*n_unlabelled)++;
			n++;
		}
	}
	free(labelled);
	return n;
}

static void sec_hw_trend(struct econ *e)
{
	static const char *head[] = { "hardware", "year", "peak 16-bit TFLOP/s", "list price",
				      "TDP (W)", "GFLOP/s per $", "GFLOP/s per W" };
	struct figure *f;
	struct table *t;
	size_t n_usd, n_w, un_usd, un_w;

	f = doc_add_figure(e->d, "15-flops-per-usd", "Peak 16-bit FLOP/s per dollar of list price",
			   "release year", "peak GFLOP/s per USD (log scale)");
	f->logy = 1;
	f->xint = 1; /* years */
	n_usd = trend_series(e->in, f, 1, &un_usd);
	figure_set_caption(f,
		"Dense 16-bit peak throughput per dollar of list price, by release year, for the %zu "
		"accelerators of hardware.csv that give a year and a list price (the others are left "
		"out; chips of one year are spread sideways; %zu crowded points go unlabelled: the "
		"hardware-trend table names them). Seed 002 reads about 50%% more throughput per dollar "
		"each generation; list prices of data-centre parts are estimates, so read the trend, "
		"not single points.",
		n_usd, un_usd);
	f = doc_add_figure(e->d, "15-flops-per-watt", "Peak 16-bit FLOP/s per watt of TDP",
			   "release year", "peak GFLOP/s per watt (log scale)");
	f->logy = 1;
	f->xint = 1; /* years */
	n_w = trend_series(e->in, f, 0, &un_w);
	figure_set_caption(f,
		"Dense 16-bit peak throughput per watt of board power (TDP), by release year, for the "
		"%zu accelerators of hardware.csv that give a year and a TDP (chips of one year are "
		"spread sideways; %zu crowded points go unlabelled: the hardware-trend table names "
		"them). Energy efficiency improves faster than cost efficiency (seed 002: about 80%% "
		"per generation).", n_w, un_w);

	t = doc_add_table(e->d, "15-hardware-trend", "Hardware trend: every chip with a release year", 7,
			  head);
	for (size_t i = 0; i < e->in->n_hardware; i++) {
		const struct hardware *h = &e->in->hardware[i];
		size_t r;
		if (!(h->year > 0))
			continue;
		r = table_add_row(t);
		table_set_text(t, r, 0, h->name);
		table_set_cellf(t, r, 1, (double)h->year, "%d", h->year);
		cell_sig(t, r, 2, h->peak_tflops_16, 3);
		cell_usd_whole(t, r, 3, h->list_price_usd > 0 ? h->list_price_usd : (double)NAN);
		cell_sig(t, r, 4, h->tdp_w > 0 ? h->tdp_w : (double)NAN, 3);
		cell_sig(t, r, 5, h->list_price_usd > 0 ? h->peak_tflops_16 * 1e3 / h->list_price_usd
							: (double)NAN, 3);
		cell_sig(t, r, 6, h->tdp_w > 0 ? h->peak_tflops_16 * 1e3 / h->tdp_w : (double)NAN, 3);
	}
	table_set_caption(t, "Accelerators of hardware.csv with a release year; n/a where the "
			     "list price or TDP is not public.");
}

/* ---- item 16: training memory (S2-04..S2-06) ---- */

static void mem_row(struct table *t, const char *name, double params,
		    const struct hardware *a100, const struct hardware *h100)
{
	size_t r = table_add_row(t);
	double state = train_state_bytes(params);

	table_set_text(t, r, 0, name);
	cell_si(t, r, 1, params);
	cell_sig(t, r, 2, state / 1e9, 3);
	if (a100)
		table_set_cellf(t, r, 3, ceil(state / (a100->mem_gb * 1e9)), "%.0f",
				ceil(state / (a100->mem_gb * 1e9)));
	else
		table_set_text(t, r, 3, "n/a");
	if (h100)
		table_set_cellf(t, r, 4, ceil(state / (h100->mem_gb * 1e9)), "%.0f",
				ceil(state / (h100->mem_gb * 1e9)));
	else
		table_set_text(t, r, 4, "n/a");
}

static void sec_train_memory(struct econ *e)
{
	const struct hardware *a100 = hw_like(e->in, "A100", 80);
	const struct hardware *h100 = hw_like(e->in, "H100", 0);
	char h3[96], h4[96], buf[64];
	const char *head[5] = { "model", "params", "training state (GB)", h3, h4 };
	struct table *t;
	double gpt3_state = train_state_bytes(S2_GPT3_PARAMS);
	double h100_gb = h100 ? h100->mem_gb : 80.0;

	snprintf(h3, sizeof h3, "%s chips to hold it", a100 ? a100->name : "A100-80GB");
	snprintf(h4, sizeof h4, "%s chips to hold it", h100 ? h100->name : "H100");
	t = doc_add_table(e->d, "16-training-memory",
			  "Training memory: 20 bytes per parameter, and the chips to hold it", 5,
			  head);
	mem_row(t, "GPT-3 (seed 002, S2-04, S2-05)", S2_GPT3_PARAMS, a100, h100);
	mem_row(t, "BERT-Large (seed 002, S2-06)", S2_BERT_PARAMS, a100, h100);
	for (size_t i = 0; i < e->in->n_models; i++)
		mem_row(t, e->in->models[i].name, e->in->models[i].params, a100, h100);
	table_set_caption(t,
		"Mixed-precision training with Adam holds 20 bytes per parameter: 16-bit weights and "
		"gradients (2 + 2), 32-bit master weights (4) and two 32-bit Adam moments (4 + 4). "
		"The chip counts are the least that hold that state alone (ceil(state / chip "
		"memory)); activations, buffers and the parallel layout need more. Total, not active, "
		"parameters count: a mixture-of-experts model holds every expert.");
	doc_add_valuef(e->d, "s2_04", gpt3_state / 1e12, "TB", "%.2f TB", gpt3_state / 1e12);
	doc_add_valuef(e->d, "s2_05", ceil(gpt3_state / (h100_gb * 1e9)), "GPU", "%.0f",
		       ceil(gpt3_state / (h100_gb * 1e9)));
	doc_add_valuef(e->d, "s2_06", train_state_bytes(S2_BERT_PARAMS) / 1e9, "GB", "%s GB",
		       doc_fmt_sig(buf, sizeof buf, train_state_bytes(S2_BERT_PARAMS) / 1e9, 3));
}

/* ---- items 17 and 21: published training runs ---- */

/* GPU-hours of a run as published: gpu_hours, else gpus x days x 24; NaN when neither. */
static double run_gpu_hours(const struct train_run *t)
{
	if (t->gpu_hours > 0)
		return t->gpu_hours;
	if (t->gpus > 0 && t->days > 0)
		return (double)t->gpus * t->days * 24.0;
	return (double)NAN;
}

static double run_active(const struct train_run *t)
{
	return t->active_params > 0 ? t->active_params : t->params;
}

static void sec_mfu(struct econ *e)
{
	static const char *head[] = { "run", "hardware", "active params", "tokens", "chips",
				      "days", "GPU-hours", "reported MFU", "implied MFU",
				      "cost today", "source" };
	struct table *t = doc_add_table(e->d, "17-mfu", "MFU of published training runs", 11, head);
	char name[160], buf[64];
	double best_flop = 0;

	table_set_align(t, 1, ALIGN_LEFT);
	table_set_align(t, 10, ALIGN_LEFT);
	for (size_t i = 0; i < e->in->n_train_runs; i++) {
		const struct train_run *tr = &e->in->train_runs[i];
		const struct hardware *hw = tr->hw < e->in->n_hardware ? &e->in->hardware[tr->hw] :
									 NULL;
		double hours = run_gpu_hours(tr);
		double flop = train_flop(run_active(tr), tr->tokens);
		double implied = (double)NAN, price, usd = (double)NAN;
		size_t r = table_add_row(t);

		if (hw && isfinite(hours) && flop > 0)
			implied = flop / (hours * 3600.0 * hw->peak_tflops_16 * 1e12);
		price = hw ? fig_price(e->in, e->o, hw) : (double)NAN;
		if (price > 0) {
			/* published GPU-hours when known, else the calibrated training model's for
			 * the run's model, chips and chip count */
			double h = hours;
			struct train_result est;
			if (!isfinite(h) && hw &&
			    train_scenario(inputs_find_model(e->in, tr->model), tr->params,
					   run_active(tr), tr->tokens, hw, tr->gpus, 0, 0, &est) == 0)
				h = est.gpu_hours;
			usd = h * price;
		}
		table_set_text(t, r, 0, tr->name);
		table_set_text(t, r, 1, tr->hardware);
		cell_si(t, r, 2, run_active(tr));
		cell_si(t, r, 3, tr->tokens);
		if (tr->gpus > 0)
			cell_long(t, r, 4, tr->gpus);
		else
			table_set_text(t, r, 4, "-");
		cell_sig(t, r, 5, tr->days > 0 ? tr->days : (double)NAN, 3);
		cell_si(t, r, 6, hours);
		cell_pct1(t, r, 7, tr->mfu > 0 ? tr->mfu : (double)NAN);
		cell_pct1(t, r, 8, implied);
		cell_usd(t, r, 9, usd);
		cell_source(t, r, 10, tr->source);
		if (isfinite(implied)) {
			value_name(name, sizeof name, "mfu_implied_", tr->name);
			doc_add_value(e->d, name, implied, "fraction", fmt_pct(implied, buf, sizeof buf));
		}
		if (isfinite(usd)) {
			value_name(name, sizeof name, "train_usd_", tr->name);
			doc_add_value(e->d, name, usd, "USD", fmt_usd(usd, buf, sizeof buf));
			if (flop > best_flop) {
				best_flop = flop;
				e->flagship_run = tr->name;
				e->flagship_usd = usd;
			}
		}
	}
	table_set_caption(t,
		"Published training runs from training.csv. Implied MFU = 6 N D / (GPU-hours x 3600 "
		"x peak 16-bit FLOP/s), with N the active parameters and GPU-hours as published (or "
		"chips x days x 24); it counts every hour paid for, restarts and evaluation included, "
		"so it sits at or below the reported MFU. The cost prices those GPU-hours (or, where "
		"none are published, those the calibrated training model estimates for the run's "
		"model, chips and chip count; %.0f%% MFU only for a run without a models.csv shape) "
		"at the chip's rental price on the report date.", CALIB_MFU_TRAIN * 100);
	if (e->flagship_run) {
		doc_add_value(e->d, "flagship_run", 0.0, "", e->flagship_run);
		doc_add_value(e->d, "flagship_train_usd", e->flagship_usd, "USD",
			      fmt_usd(e->flagship_usd, buf, sizeof buf));
	}
}

/* ---- item 19: sweep pages ---- */

#define SWEEP_MAX_SERIES 8

/* The cheapest fitting configuration of one (model, prompt, gen) of a sweep. */
struct sweep_best {
	struct best_cfg b;
	enum precision prec;
};

/* Sorts n points of x/y by x (insertion sort: a series holds a sweep's batch sizes). */
static void sort_xy(double *x, double *y, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && x[j - 1] > x[j]; j--) {
			double tx = x[j], ty = y[j];
			x[j] = x[j - 1];
			y[j] = y[j - 1];
			x[j - 1] = tx;
			y[j - 1] = ty;
		}
}

/* The plan of one sweeps.csv row, as `llmcost sweep --sweep NAME` builds it. */
static int sweep_plan_of(const struct inputs *in, const struct sweep *s, struct sweep_plan *p)
{
	const struct {
		enum sweep_axis ax;
		const char *column, *text;
	} f[] = {
		{ AX_MODEL, "models", s->models },       { AX_HARDWARE, "hardware", s->hardware },
		{ AX_GPUS, "gpus", s->gpus },            { AX_BATCH, "batch", s->batch },
		{ AX_PROMPT, "prompt", s->prompt },      { AX_GEN, "gen", s->gen },
		{ AX_PRECISION, "precision", s->precision },
	};

	for (size_t i = 0; i < N_ELEM(f); i++) {
		struct where w = { "sweeps.csv", s->line, f[i].column };
		if (!f[i].text || !f[i].text[0])
			continue;
		if (sweep_plan_set(p, f[i].ax, f[i].text, &w) < 0)
			return -1;
	}
	return sweep_plan_resolve(p, in);
}

static int sec_sweep(struct econ *e, const struct sweep *s)
{
	struct sweep_plan p;
	struct sweep_iter it;
	size_t nm, nh, ng, nb, np, nq, n_series, shown, n_cfg = 0, n_fit = 0, pi0 = 0, qi0 = 0;
	char *pick = NULL;
	size_t m_first = 0;
	int mode, logy;
	double *lat_x = NULL, *lat_y = NULL, *cost_y = NULL;
	size_t *cnt = NULL;
	struct sweep_best *best = NULL;
	char stem[NAME_MAX_BYTES + 8], id[NAME_MAX_BYTES + 32], title[256], buf[256], vname[160];
	double overall = (double)NAN;
	int rc = -1;

	sweep_plan_init(&p);
	if (sweep_plan_of(e->in, s, &p) < 0)
		goto err;
	nm = p.ax[AX_MODEL].n;
	nh = p.ax[AX_HARDWARE].n;
	ng = p.ax[AX_GPUS].n ? p.ax[AX_GPUS].n : 1;
	nb = p.ax[AX_BATCH].n ? p.ax[AX_BATCH].n : 1;
	np = p.ax[AX_PROMPT].n ? p.ax[AX_PROMPT].n : 1;
	nq = p.ax[AX_GEN].n ? p.ax[AX_GEN].n : 1;
	n_series = nm * nh * ng * np; /* model x hardware x chips x prompt */
	lat_x = calloc(n_series * nb + 1, sizeof *lat_x);
	lat_y = calloc(n_series * nb + 1, sizeof *lat_y);
	cost_y = calloc(n_series * nb + 1, sizeof *cost_y);
	cnt = calloc(n_series + 1, sizeof *cnt);
	best = calloc(nm * np * nq + 1, sizeof *best);
	if (!lat_x || !lat_y || !cost_y || !cnt || !best) {
		error("out of memory");
		goto err;
	}
	for (size_t i = 0; i < nm * np * nq; i++)
		best_init(&best[i].b);
	/* the curves: the prompt length nearest SEARCH_PROMPT, the longest generation */
	for (size_t i = 0; i < np && p.ax[AX_PROMPT].n; i++)
		if (fabs(log(p.ax[AX_PROMPT].num[i] / (double)SEARCH_PROMPT)) <
		    fabs(log(p.ax[AX_PROMPT].num[pi0] / (double)SEARCH_PROMPT)))
			pi0 = i;
	for (size_t i = 0; i < nq && p.ax[AX_GEN].n; i++)
		if (p.ax[AX_GEN].num[i] > p.ax[AX_GEN].num[qi0])
			qi0 = i;

	for (sweep_iter_start(&it, &p); !it.done; sweep_iter_next(&it)) {
		struct infer_cfg c;
		struct infer_result r;
		int first = 1;
		sweep_iter_cfg(&p, &it, &c);
		c.usd_per_gpu_hour = fig_price(e->in, e->o, c.hw);
		if (!(c.usd_per_gpu_hour > 0))
			c.usd_per_gpu_hour = 0;
		n_cfg++;
		if (estimate_infer(&c, &r) < 0 || !r.fits || r.batch < 1)
			continue;
		n_fit++;
		for (int a = AX_PRECISION; a < AX_COUNT; a++)
			if (it.idx[a] != 0)
				first = 0;
		if (it.idx[AX_GEN] != qi0)
			first = 0;
		if (first) {
			size_t si = ((it.idx[AX_MODEL] * nh + it.idx[AX_HARDWARE]) * ng +
				     it.idx[AX_GPUS]) * np + it.idx[AX_PROMPT];
			size_t k = si * nb + cnt[si]++;
			lat_x[k] = (double)r.batch;
			lat_y[k] = r.tpot_s * 1e3;
			cost_y[k] = c.usd_per_gpu_hour > 0 ? r.usd_per_1k_gen * 1e3 : (double)NAN;
		}
		if (c.usd_per_gpu_hour > 0) {
			size_t bi = (it.idx[AX_MODEL] * np + it.idx[AX_PROMPT]) * nq + it.idx[AX_GEN];
			double u = r.usd_per_1k_gen * 1e3;
			if (isfinite(u) && !(u >= best[bi].b.usd_per_1m)) {
				best[bi].b.hw = c.hw;
				best[bi].b.gpus = c.gpus;
				best[bi].b.price = c.usd_per_gpu_hour;
				best[bi].b.usd_per_1m = u;
				best[bi].b.r = r;
				best[bi].prec = c.precision;
			}
		}
	}

	file_stem(stem, sizeof stem, s->name);
	/* latency and cost figures, at most SWEEP_MAX_SERIES curves (the line styles), the
	 * first of these that is few enough: (0) every model x hardware x chips x prompt length;
	 * (1) every model x hardware x chips at the prompt nearest SEARCH_PROMPT; (2) each model
	 * x hardware at the fewest chips that hold it; (3) the first model on each hardware */
	pick = calloc(n_series + 1, 1);
	if (!pick) {
		error("out of memory");
		goto err;
	}
	for (mode = 0; mode < 4; mode++) {
		size_t n_pick = 0;
		size_t first_m = (size_t)-1;
		for (size_t si = 0; si < n_series; si++) {
			size_t pi = si % np, gi = si / np % ng, mi = si / (np * ng * nh);
			int fewer = 0;
			pick[si] = 0;
			if (!cnt[si] || (mode > 0 && pi != pi0))
				continue;
			if (first_m == (size_t)-1)
				first_m = mi;
			for (size_t g2 = 0; g2 < ng && mode > 1; g2++)
				if (cnt[si - gi * np + g2 * np] && p.ax[AX_GPUS].n &&
				    p.ax[AX_GPUS].num[g2] < p.ax[AX_GPUS].num[gi])
					fewer = 1;
			if (fewer || (mode == 3 && mi != first_m))
				continue;
			pick[si] = 1;
			n_pick++;
		}
		if (n_pick <= SWEEP_MAX_SERIES)
			break;
	}
	if (mode == 4)
		mode = 3;
	for (size_t si = 0; si < n_series; si++)
		if (pick[si]) {
			m_first = si / (np * ng * nh);
			break;
		}
	for (int which = 0; which < 2; which++) {
		struct figure *f;
		snprintf(id, sizeof id, "19-%s-%s", stem, which ? "cost" : "latency");
		snprintf(title, sizeof title, "Sweep %s%s%s%s: %s vs batch", s->name,
			 mode == 3 ? " (" : "", mode == 3 ? p.ax[AX_MODEL].names[m_first] : "",
			 mode == 3 ? ")" : "",
			 which ? "cost per 1M generated tokens" : "time per output token");
		/* a log y axis only when the curves span a decade or more */
		{
			const double *ys = which ? cost_y : lat_y;
			double lo = INFINITY, hi = 0;
			for (size_t si = 0; si < n_series; si++)
				for (size_t k = 0; pick[si] && k < cnt[si]; k++)
					if (isfinite(ys[si * nb + k]) && ys[si * nb + k] > 0) {
						lo = fmin(lo, ys[si * nb + k]);
						hi = fmax(hi, ys[si * nb + k]);
					}
			logy = hi >= 10 * lo;
		}
		f = doc_add_figure(e->d, id, title, "batch size (sequences, log scale)",
				   which ? (logy ? "USD per 1M generated tokens (log scale)"
						 : "USD per 1M generated tokens")
					 : (logy ? "time per output token (ms, log scale)"
						 : "time per output token (ms)"));
		f->logx = 1;
		f->logy = logy;
		shown = 0;
		for (size_t si = 0; si < n_series && shown < SWEEP_MAX_SERIES; si++) {
			size_t pi = si % np, gi = si / np % ng, hi = si / (np * ng) % nh;
			size_t mi = si / (np * ng * nh);
			const double *ys = which ? cost_y : lat_y;
			double xs[64], yv[64];
			size_t n = 0;
			if (!pick[si])
				continue;
			for (size_t k = 0; k < cnt[si] && n < N_ELEM(xs); k++)
				if (isfinite(ys[si * nb + k]) && ys[si * nb + k] > 0) {
					xs[n] = lat_x[si * nb + k];
					yv[n++] = ys[si * nb + k];
				}
			if (!n)
				continue;
			sort_xy(xs, yv, n);
			{
				/* name only what varies between the curves */
				size_t len = 0;
				buf[0] = '\0';
				if (mode != 3 && nm > 1)
					len += (size_t)snprintf(buf + len, sizeof buf - len, "%s, ",
								p.ax[AX_MODEL].names[mi]);
				if (len < sizeof buf)
					len += (size_t)snprintf(buf + len, sizeof buf - len, "%.0f x %s",
								p.ax[AX_GPUS].n ? p.ax[AX_GPUS].num[gi] :
										  1.0,
								p.ax[AX_HARDWARE].names[hi]);
				if (mode == 0 && np > 1 && len < sizeof buf)
					snprintf(buf + len, sizeof buf - len, ", prompt %s",
						 p.ax[AX_PROMPT].names[pi]);
			}
			figure_add_series(f, buf, STYLE_LINESPOINTS, xs, yv, n);
			shown++;
		}
		{
			char which_cfg[256];
			size_t m0 = m_first;
			if (mode == 0)
				snprintf(which_cfg, sizeof which_cfg, "every model x hardware x chip "
					 "count x prompt length");
			else if (mode == 1)
				snprintf(which_cfg, sizeof which_cfg, "every model x hardware x chip "
					 "count");
			else if (mode == 2)
				snprintf(which_cfg, sizeof which_cfg, "every model x hardware, on the "
					 "fewest chips of the sweep that hold the model,");
			else
				snprintf(which_cfg, sizeof which_cfg, "%s (the sweep's first model; the "
					 "sweep's cheapest-configuration table has the others) on each "
					 "hardware, on the fewest chips that hold it,",
					 p.ax[AX_MODEL].names[m0]);
			if (mode == 0 && np > 1)
				snprintf(buf, sizeof buf, "each prompt length of the sweep, %s generated "
					 "tokens, %s", p.ax[AX_GEN].n ? p.ax[AX_GEN].names[qi0] : "512",
					 p.ax[AX_PRECISION].n ? p.ax[AX_PRECISION].names[0] : "bf16");
			else
				snprintf(buf, sizeof buf, "%s-token prompts, %s generated tokens, %s",
					 p.ax[AX_PROMPT].n ? p.ax[AX_PROMPT].names[pi0] : "512",
					 p.ax[AX_GEN].n ? p.ax[AX_GEN].names[qi0] : "512",
					 p.ax[AX_PRECISION].n ? p.ax[AX_PRECISION].names[0] : "bf16");
			figure_set_caption(f,
				"Sweep \"%s\" of sweeps.csv%s%s: %s for %s that fits in memory (%zu "
				"series), at %s, with the calibrated efficiencies%s. %s",
				s->name, s->description && *s->description ? " - " : "",
				s->description ? s->description : "",
				which ? "the cost of 1M generated tokens" : "the mean time per output token",
				which_cfg, shown, buf,
				which ? " and the rental prices in force on the report date" : "",
				shown == 0 ? "The figure is empty: no configuration of this sweep fits in "
					     "memory with a rental price on or before the report date." :
				which ? "Cost falls with batch while the weights dominate memory traffic, "
					"then flattens once the KV cache reads and compute take over; a "
					"curve ends where the next batch no longer fits in memory."
				      : "Time per token grows slowly while decode is bound by reading "
					"the weights, faster once the KV cache and compute dominate (and, "
					"for mixture-of-experts models, as a batch touches more experts); "
					"a curve ends where the next batch no longer fits in memory.");
		}
	}

	/* cheapest fitting configuration per model and sequence shape */
	{
		static const char *head[] = { "model", "prompt", "generated", "hardware", "chips",
					      "batch", "precision", "time per output token",
					      "$/1M generated", "$/1M prompt" };
		struct table *t;
		snprintf(id, sizeof id, "19-%s-cheapest", stem);
		snprintf(title, sizeof title, "Sweep %s: cheapest configuration that fits", s->name);
		t = doc_add_table(e->d, id, title, 10, head);
		table_set_align(t, 3, ALIGN_LEFT);
		table_set_align(t, 6, ALIGN_LEFT);
		for (size_t mi = 0; mi < nm; mi++)
			for (size_t pi = 0; pi < np; pi++)
				for (size_t qi = 0; qi < nq; qi++) {
					const struct sweep_best *sb = &best[(mi * np + pi) * nq + qi];
					size_t r = table_add_row(t);
					table_set_text(t, r, 0, p.ax[AX_MODEL].names[mi]);
					table_set_cellf(t, r, 1, p.ax[AX_PROMPT].n ? p.ax[AX_PROMPT].num[pi] :
										  512.0, "%s",
							p.ax[AX_PROMPT].n ? p.ax[AX_PROMPT].names[pi] : "512");
					table_set_cellf(t, r, 2, p.ax[AX_GEN].n ? p.ax[AX_GEN].num[qi] : 512.0,
							"%s", p.ax[AX_GEN].n ? p.ax[AX_GEN].names[qi] : "512");
					if (!sb->b.hw) {
						table_set_text(t, r, 3, "nothing fits (or no price)");
						continue;
					}
					table_set_text(t, r, 3, sb->b.hw->name);
					cell_long(t, r, 4, sb->b.gpus);
					cell_long(t, r, 5, sb->b.r.batch);
					table_set_text(t, r, 6, precision_name(sb->prec));
					table_set_cell(t, r, 7, fmt_seconds(sb->b.r.tpot_s, buf, sizeof buf),
						       sb->b.r.tpot_s);
					cell_usd(t, r, 8, sb->b.usd_per_1m);
					cell_usd(t, r, 9, sb->b.r.usd_per_1k_prompt * 1e3);
					if (!(sb->b.usd_per_1m >= overall))
						overall = sb->b.usd_per_1m;
				}
		table_set_caption(t,
			"For each model and sequence shape of sweep \"%s\", the cheapest configuration "
			"per generated token among the %zu that fit in memory (of %zu in the sweep), "
			"at the rental prices in force on the report date.", s->name, n_fit, n_cfg);
	}
	if (isfinite(overall)) {
		value_name(vname, sizeof vname, "sweep_cheapest_gen_usd_per_1m_", s->name);
		doc_add_value(e->d, vname, overall, "USD", fmt_usd(overall, buf, sizeof buf));
	}
	rc = 0;
err:
	free(lat_x);
	free(lat_y);
	free(cost_y);
	free(cnt);
	free(best);
	free(pick);
	sweep_plan_release(&p);
	return rc;
}

/* ---- item 20: price history ---- */

/* The date axis ends at the report date, or at the newest price row when there is none. */
static long history_end(const struct inputs *in, long as_of)
{
	long end = 0;

	if (as_of > 0)
		return as_of;
	for (size_t i = 0; i < in->n_prices; i++)
		if (in->prices[i].as_of > end)
			end = in->prices[i].as_of;
	for (size_t i = 0; i < in->n_api_prices; i++)
		if (in->api_prices[i].as_of > end)
			end = in->api_prices[i].as_of;
	return end;
}

/* Ascending distinct dates of the price rows of hw not after end; returns the count. */
static size_t price_dates(const struct inputs *in, size_t hw, long end, long *dates, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < in->n_prices; i++) {
		const struct price *p = &in->prices[i];
		size_t j;
		if (p->hw != hw || (end > 0 && p->as_of > end))
			continue;
		for (j = 0; j < n && dates[j] != p->as_of; j++)
			;
		if (j < n || n == max)
			continue;
		dates[n++] = p->as_of;
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && dates[j - 1] > dates[j]; j--) {
			long t = dates[j];
			dates[j] = dates[j - 1];
			dates[j - 1] = t;
		}
	return n;
}

/* Appends a step to s: the level before x holds until x, then y. */
static void step_to(struct series *s, double x, double y)
{
	if (s->n > 0)
		series_add_point(s, x, s->y[s->n - 1]);
	series_add_point(s, x, y);
}

#define HISTORY_HW_LINES 3
#define HISTORY_API_LINES 3

/* The fewest chips (1, 2, 4, 8) of hw that hold HISTORY_BATCH sequences of m, and the cost
 * per 1M generated tokens there at $1 per GPU-hour (costs scale with the price). Returns the
 * chip count, 0 when none holds it. */
static int history_cfg(const struct model *m, const struct hardware *hw, double *usd_at_1)
{
	for (size_t g = 0; g < N_ELEM(SEARCH_GPUS); g++) {
		struct infer_cfg c;
		struct infer_result r;
		infer_cfg_init(&c);
		c.model = m;
		c.hw = hw;
		c.gpus = SEARCH_GPUS[g];
		c.batch = HISTORY_BATCH;
		c.prompt_tokens = SEARCH_PROMPT;
		c.gen_tokens = SEARCH_GEN;
		c.usd_per_gpu_hour = 1.0;
		if (estimate_infer(&c, &r) == 0 && r.fits) {
			*usd_at_1 = r.usd_per_1k_gen * 1e3;
			return c.gpus;
		}
	}
	return 0;
}

/* Rows of one API (provider and model of a) on or before end. */
static size_t api_rows(const struct inputs *in, const struct api_price *a, long end)
{
	size_t n = 0;

	for (size_t j = 0; j < in->n_api_prices; j++)
		if (key_eq(in->api_prices[j].model, a->model) &&
		    key_eq(in->api_prices[j].provider, a->provider) &&
		    !(end > 0 && in->api_prices[j].as_of > end))
			n++;
	return n;
}

/* Is a the first row of its API in api_prices.csv (on or before end)? */
static int api_first_row(const struct inputs *in, const struct api_price *a, long end)
{
	for (const struct api_price *b = in->api_prices; b < a; b++)
		if (key_eq(b->model, a->model) && key_eq(b->provider, a->provider) &&
		    !(end > 0 && b->as_of > end))
			return 0;
	return !(end > 0 && a->as_of > end);
}

/* Adds one API's generated-token price as a step line up to end (or its single price to the
 * "other" points), and its rows to the table. */
static void history_api(struct figure *f, struct table *t, const struct inputs *in,
			const struct api_price *a, long end, int as_line, struct series **others)
{
	struct series *s = NULL;
	long prev = 0;
	char buf[256];

	if (as_line) {
		snprintf(buf, sizeof buf, "API: %s", a->model);
		s = figure_add_series(f, buf, STYLE_LINES, NULL, NULL, 0);
		*others = NULL; /* the pointer moved; looked up again by the caller */
	}
	for (;;) {
		const struct api_price *next = NULL;
		for (size_t j = 0; j < in->n_api_prices; j++) {
			const struct api_price *b = &in->api_prices[j];
			if (!key_eq(b->model, a->model) || !key_eq(b->provider, a->provider) ||
			    b->as_of <= prev || (end > 0 && b->as_of > end))
				continue;
			if (!next || b->as_of < next->as_of)
				next = b;
		}
		if (!next)
			break;
		prev = next->as_of;
		if (s)
			step_to(s, date_year(next->as_of), next->usd_per_1k_gen * 1e3);
		else if (*others)
			series_add_point(*others, date_year(next->as_of), next->usd_per_1k_gen * 1e3);
		size_t row = table_add_row(t);
		snprintf(buf, sizeof buf, "API: %s", next->model);
		table_set_text(t, row, 0, buf);
		cell_date(t, row, 1, next->as_of);
		table_set_text(t, row, 2, next->provider);
		table_set_text(t, row, 3, "-");
		table_set_text(t, row, 4, "-");
		cell_usd(t, row, 5, next->usd_per_1k_gen * 1e3);
		cell_source_host(t, row, 6, next->source);
	}
	if (s && s->n && date_year(end) > s->x[s->n - 1])
		series_add_point(s, date_year(end), s->y[s->n - 1]);
}

static void sec_price_history(struct econ *e)
{
	static const char *head[] = { "series", "from", "provider", "$/GPU-hour", "chips",
				      "$/1M generated", "source (site)" };
	const struct model *m = e->headline;
	long end = history_end(e->in, e->o->as_of);
	size_t nh = e->in->n_hardware;
	struct figure *f;
	struct table *t;
	char buf[256], date[32];
	double first_usd = (double)NAN, last_usd = (double)NAN;
	size_t n_hw_lines = 0, n_api_lines = 0, n_priced = 0;
	int *gpus = NULL;
	double *unit = NULL;
	size_t *n_dates = NULL;
	long all_dates[512];
	size_t n_all = 0;

	f = doc_add_figure(e->d, "20-price-history", "Cost per 1M generated tokens over time",
			   "date (year)", "USD per 1M generated tokens (log scale)");
	f->logy = 1;
	t = doc_add_table(e->d, "20-price-history", "Price history: every price behind the figure", 7,
			  head);
	table_set_align(t, 2, ALIGN_LEFT);
	table_set_align(t, 6, ALIGN_LEFT);
	gpus = calloc(nh + 1, sizeof *gpus);
	unit = calloc(nh + 1, sizeof *unit);
	n_dates = calloc(nh + 1, sizeof *n_dates);
	if (!m || !gpus || !unit || !n_dates)
		goto caption;
	doc_add_value(e->d, "price_history_model", 0.0, "", m->name);

	/* every hardware: its configuration, its price rows into the table */
	for (size_t h = 0; h < nh; h++) {
		const struct hardware *hw = &e->in->hardware[h];
		long dates[256];
		size_t nd = price_dates(e->in, h, end, dates, N_ELEM(dates));
		if (!nd || !(gpus[h] = history_cfg(m, hw, &unit[h])))
			continue;
		n_dates[h] = nd;
		n_priced++;
		for (size_t k = 0; k < nd; k++) {
			const struct price *p = inputs_price_at(e->in, hw, dates[k]);
			size_t row, j;
			if (!p)
				continue;
			for (j = 0; j < n_all && all_dates[j] != dates[k]; j++)
				;
			if (j == n_all && n_all < N_ELEM(all_dates))
				all_dates[n_all++] = dates[k];
			row = table_add_row(t);
			snprintf(buf, sizeof buf, "%s on %d x %s, batch %ld", m->name, gpus[h], hw->name,
				 HISTORY_BATCH);
			table_set_text(t, row, 0, buf);
			cell_date(t, row, 1, p->as_of);
			table_set_text(t, row, 2, p->provider);
			cell_usd(t, row, 3, p->usd_per_gpu_hour);
			cell_long(t, row, 4, gpus[h]);
			cell_usd(t, row, 5, unit[h] * p->usd_per_gpu_hour);
			cell_source_host(t, row, 6, p->source);
		}
	}
	for (size_t i = 1; i < n_all; i++)
		for (size_t j = i; j > 0 && all_dates[j - 1] > all_dates[j]; j--) {
			long tmp = all_dates[j];
			all_dates[j] = all_dates[j - 1];
			all_dates[j - 1] = tmp;
		}

	/* the cheapest hardware in force at each date: one step line */
	if (n_all) {
		struct series *s = figure_add_series(f, "cheapest hardware on each date", STYLE_LINES,
						     NULL, NULL, 0);
		for (size_t k = 0; k < n_all; k++) {
			double best = (double)NAN;
			for (size_t h = 0; h < nh; h++) {
				const struct price *p;
				if (!gpus[h] || !n_dates[h])
					continue;
				p = inputs_price_at(e->in, &e->in->hardware[h], all_dates[k]);
				if (p && p->as_of <= all_dates[k] &&
				    !(unit[h] * p->usd_per_gpu_hour >= best))
					best = unit[h] * p->usd_per_gpu_hour;
			}
			if (isfinite(best) && (s->n == 0 || best != s->y[s->n - 1]))
				step_to(s, date_year(all_dates[k]), best);
		}
		if (s->n) {
			first_usd = s->y[0];
			last_usd = s->y[s->n - 1];
			if (date_year(end) > s->x[s->n - 1])
				series_add_point(s, date_year(end), last_usd);
		}
	}

	/* the hardware with the longest price histories, one step line each */
	for (size_t line = 0; line < HISTORY_HW_LINES; line++) {
		size_t pick = nh;
		for (size_t h = 0; h < nh; h++) {
			if (n_dates[h] < 2 || !gpus[h])
				continue;
			if (pick == nh || n_dates[h] > n_dates[pick])
				pick = h;
		}
		if (pick == nh)
			break;
		{
			const struct hardware *hw = &e->in->hardware[pick];
			long dates[256];
			size_t nd = price_dates(e->in, pick, end, dates, N_ELEM(dates));
			struct series *s;
			snprintf(buf, sizeof buf, "%d x %s", gpus[pick], hw->name);
			s = figure_add_series(f, buf, STYLE_LINES, NULL, NULL, 0);
			for (size_t k = 0; k < nd; k++) {
				const struct price *p = inputs_price_at(e->in, hw, dates[k]);
				if (p)
					step_to(s, date_year(dates[k]), unit[pick] * p->usd_per_gpu_hour);
			}
			if (s->n && date_year(end) > s->x[s->n - 1])
				series_add_point(s, date_year(end), s->y[s->n - 1]);
			n_dates[pick] = 0; /* taken */
			n_hw_lines++;
		}
	}

	/* APIs: gpt-3.5-turbo (the seeds' comparison) and the longest other price histories as
	 * lines, every other API price as points */
	{
		const struct api_price *lines[HISTORY_API_LINES];
		size_t nl = 0;
		struct series *others = NULL;
		for (size_t i = 0; i < e->in->n_api_prices && nl < HISTORY_API_LINES; i++) {
			const struct api_price *a = &e->in->api_prices[i];
			if (api_first_row(e->in, a, end) && key_eq(a->model, "gpt-3.5-turbo") &&
			    api_rows(e->in, a, end) >= 2)
				lines[nl++] = a;
		}
		while (nl < HISTORY_API_LINES) {
			const struct api_price *best = NULL;
			for (size_t i = 0; i < e->in->n_api_prices; i++) {
				const struct api_price *a = &e->in->api_prices[i];
				int taken = 0;
				if (!api_first_row(e->in, a, end) || api_rows(e->in, a, end) < 2)
					continue;
				for (size_t l = 0; l < nl; l++)
					taken |= lines[l] == a;
				if (!taken && (!best || api_rows(e->in, a, end) > api_rows(e->in, best, end)))
					best = a;
			}
			if (!best)
				break;
			lines[nl++] = best;
		}
		for (size_t l = 0; l < nl; l++) {
			history_api(f, t, e->in, lines[l], end, 1, &others);
			n_api_lines++;
		}
		for (size_t i = 0; i < e->in->n_api_prices && !others; i++) {
			const struct api_price *a = &e->in->api_prices[i];
			int taken = 0;
			for (size_t l = 0; l < nl; l++)
				taken |= key_eq(lines[l]->model, a->model) &&
					 key_eq(lines[l]->provider, a->provider);
			if (!taken && !(end > 0 && a->as_of > end))
				others = figure_add_series(f, "API: other prices", STYLE_POINTS, NULL,
							   NULL, 0);
		}
		for (size_t i = 0; i < e->in->n_api_prices; i++) {
			const struct api_price *a = &e->in->api_prices[i];
			int taken = 0;
			if (!api_first_row(e->in, a, end))
				continue;
			for (size_t l = 0; l < nl; l++)
				taken |= lines[l] == a;
			if (!taken)
				history_api(f, t, e->in, a, end, 0, &others);
		}
	}
	if (isfinite(first_usd))
		doc_add_value(e->d, "price_history_first_usd_per_1m", first_usd, "USD",
			      fmt_usd(first_usd, buf, sizeof buf));
	if (isfinite(last_usd))
		doc_add_value(e->d, "price_history_last_usd_per_1m", last_usd, "USD",
			      fmt_usd(last_usd, buf, sizeof buf));
caption:
	fmt_date(end, date, sizeof date);
	figure_set_caption(f,
		"What %s costs per 1M generated tokens (batch %ld, %ld-token prompts, %ld generated "
		"tokens, bf16, calibrated efficiencies, the fewest chips that hold the batch) as "
		"rental prices changed (prices.csv; each step is a new price in force, the newest row "
		"on or before each date), up to %s: the cheapest of the %zu priced hardware on each "
		"date, and the %zu hardware with the longest price histories. Beside them, the "
		"generated-token prices of api_prices.csv: %zu APIs whose price changed as lines, "
		"the others as points. The price-history table lists every point. The price override "
		"(--usd-per-gpu-hour) does not apply here: this page is about the recorded history.",
		m ? m->name : "the headline model", HISTORY_BATCH, SEARCH_PROMPT, SEARCH_GEN, date,
		n_priced, n_hw_lines, n_api_lines);
	table_set_caption(t,
		"Every price behind figure 20: the rental price in force from each date, the chips "
		"used, and the resulting cost per 1M generated tokens; API rows give the provider's "
		"generated-token price.");
	free(gpus);
	free(unit);
	free(n_dates);
}

/* ---- item 18: numbers every LLM developer should know (seed 003) ---- */

static void num_row(struct table *t, const char *what, const char *article, const char *computed,
		    double raw, const char *how)
{
	size_t r = table_add_row(t);

	table_set_text(t, r, 0, what);
	table_set_text(t, r, 1, article);
	table_set_cell(t, r, 2, computed, raw);
	table_set_text(t, r, 3, how);
}

/* Blended price of 1K prompt + 1K generated tokens (seed 003 compares 1:1). */
static double api_blend(const struct api_price *a)
{
	return a ? a->usd_per_1k_prompt + a->usd_per_1k_gen : (double)NAN;
}

static void sec_numbers(struct econ *e)
{
	static const char *head[] = { "number", "article says", "llmcost computes", "how" };
	struct table *t = doc_add_table(e->d, "18-numbers",
					"Numbers every LLM developer should know, recomputed", 4, head);
	static const char *const n13[] = { "LLaMA-2-13B", "LLaMA-13B", NULL };
	static const char *const n7[] = { "LLaMA-2-7B", "LLaMA-7B", NULL };
	static const char *const nbert[] = { "BERT-Large", NULL };
	const struct model *m13 = model_like(e->in, n13, 13e9);
	const struct model *m7 = model_like(e->in, n7, 0);
	const struct model *bert = model_like(e->in, nbert, S2_BERT_PARAMS);
	const struct hardware *a100 = hw_like(e->in, "A100", 80);
	char buf[128], how[512], date[32];
	double v;

	table_set_align(t, 1, ALIGN_LEFT);
	table_set_align(t, 3, ALIGN_LEFT);

	v = words_to_tokens(1.0, S3_TOKENS_PER_WORD);
	doc_add_valuef(e->d, "s3_03", v, "token per word", "%.1f", v);
	snprintf(buf, sizeof buf, "%.1f tokens per word", v);
	snprintf(how, sizeof how, "%.0f words x %.1f = %.0f tokens (the price book's default)",
		 S3_WORDS, S3_TOKENS_PER_WORD, words_to_tokens(S3_WORDS, S3_TOKENS_PER_WORD));
	num_row(t, "tokens per English word (S3-03)", "1.3 (750 words ~ 1000 tokens)", buf, v, how);

	{
		long dates[2] = { S3_PRICE_DATE, e->o->as_of };
		for (int k = 0; k < 2; k++) {
			const struct api_price *g4 = api_at(e->in, "gpt-4", dates[k]);
			const struct api_price *g32 = api_at(e->in, "gpt-4-32k", dates[k]);
			const struct api_price *g35 = api_at(e->in, "gpt-3.5-turbo", dates[k]);
			double ratio, r32;
			if (!g4)
				g4 = api_at(e->in, "gpt-4-8k", dates[k]);
			ratio = api_blend(g4) / api_blend(g35);
			r32 = api_blend(g32) / api_blend(g35);
			if (!isfinite(ratio))
				continue;
			if (dates[k] > 0)
				fmt_date(dates[k], date, sizeof date);
			else
				snprintf(date, sizeof date, "the newest rows");
			if (isfinite(r32))
				snprintf(buf, sizeof buf, "%.0f x (8K context), %.0f x (32K)", ratio, r32);
			else
				snprintf(buf, sizeof buf, "%.0f x", ratio);
			snprintf(how, sizeof how, "api_prices.csv, %s: %s $%.4g + $%.4g vs %s $%.4g + "
				 "$%.4g per 1K prompt + 1K generated tokens", date, g4->model,
				 g4->usd_per_1k_prompt, g4->usd_per_1k_gen, g35->model,
				 g35->usd_per_1k_prompt, g35->usd_per_1k_gen);
			num_row(t, k ? "GPT-4 : GPT-3.5 price, report date" :
				       "GPT-4 : GPT-3.5 price, article's date", k ? "-" : "~50 x", buf,
				ratio, how);
			doc_add_valuef(e->d, k ? "gpt4_gpt35_price_ratio_now" : "gpt4_gpt35_price_ratio",
				       ratio, "x", "%.0f", ratio);
			if (isfinite(r32))
				doc_add_valuef(e->d, k ? "gpt4_32k_gpt35_price_ratio_now" :
							 "gpt4_32k_gpt35_price_ratio", r32, "x", "%.0f", r32);
		}
	}

	v = precision_bytes(PREC_BF16);
	snprintf(buf, sizeof buf, "%.0f bytes", v);
	num_row(t, "memory per parameter, 16-bit", "2 bytes", buf, v,
		"bf16/fp16 weights; 8-bit halves it, 4-bit quarters it");

	v = S3_7B_PARAMS * precision_bytes(PREC_BF16) / 1e9;
	doc_add_valuef(e->d, "s3_02", v, "GB", "%.0f GB", v);
	doc_add_valuef(e->d, "mem_7b_gb", v, "GB", "%.0f GB", v);
	snprintf(buf, sizeof buf, "%.0f GB", v);
	snprintf(how, sizeof how, "%s parameters x %.0f bytes",
		 doc_fmt_si(date, sizeof date, S3_7B_PARAMS, 3), precision_bytes(PREC_BF16));
	num_row(t, "inference memory of a 7B model (S3-02)", "14 GB", buf, v, how);
	if (m7) {
		v = weight_bytes(m7, PREC_BF16) / 1e9;
		snprintf(buf, sizeof buf, "%.1f GB", v);
		snprintf(how, sizeof how, "%s from models.csv: %s parameters x 2 bytes", m7->name,
			 doc_fmt_si(date, sizeof date, m7->params, 3));
		num_row(t, "the same for a real 7B model", "-", buf, v, how);
	}

	v = kv_bytes_per_token_mha(S3_13B_LAYERS, S3_13B_D_MODEL, PREC_BF16) / 1e6;
	doc_add_valuef(e->d, "s3_01", v, "MB", "%.2f MB", v);
	doc_add_valuef(e->d, "kv_mb_per_token_13b", v, "MB", "%.2f MB", v);
	snprintf(buf, sizeof buf, "%.2f MB", v);
	snprintf(how, sizeof how, "2 (K and V) x %d layers x d_model %d x %.0f bytes",
		 S3_13B_LAYERS, S3_13B_D_MODEL, precision_bytes(PREC_BF16));
	num_row(t, "KV cache per token of a 13B model (S3-01)", "~1 MB", buf, v, how);
	snprintf(buf, sizeof buf, "%.2f GB", v * S3_KV_TOKENS / 1e3);
	snprintf(how, sizeof how, "%.0f x the line above", S3_KV_TOKENS);
	num_row(t, "KV cache of 512 tokens of that model", "512 MB", buf, v * S3_KV_TOKENS / 1e3,
		how);

	if (m13 && a100) {
		struct infer_cfg c;
		struct infer_result r1, r25;
		char b1[32];
		double p = fig_price(e->in, e->o, a100);
		infer_cfg_init(&c);
		c.model = m13;
		c.hw = a100;
		c.usd_per_gpu_hour = p > 0 ? p : 0;
		c.batch = 1;
		int ok = estimate_infer(&c, &r1) == 0;
		c.batch = S3_BATCH;
		ok = ok && estimate_infer(&c, &r25) == 0 && r25.fits;
		if (ok) {
			v = r25.throughput_tok_s / r1.throughput_tok_s;
			doc_add_valuef(e->d, "batching_gain_b25", v, "x", "%.1f", v);
			snprintf(buf, sizeof buf, "%.1f x", v);
			snprintf(how, sizeof how, "estimator: %s on 1 x %s, %ld + %ld tokens; "
				 "%.0f token/s at batch %ld vs %.0f at batch 1 (a request takes %s "
				 "vs %s)", m13->name, a100->name, c.prompt_tokens, c.gen_tokens,
				 r25.throughput_tok_s, S3_BATCH, r1.throughput_tok_s,
				 fmt_seconds(r25.ttft_s + (double)(c.gen_tokens - 1) * r25.tpot_s, date,
					     sizeof date),
				 fmt_seconds(r1.ttft_s + (double)(c.gen_tokens - 1) * r1.tpot_s, b1,
					     sizeof b1));
			num_row(t, "throughput gain of batching 25 requests", "> 10 x (25 in ~2x the "
				"time of 1)", buf, v, how);
		}
	}

	{
		double params = bert ? bert->params : S2_BERT_PARAMS;
		v = params * precision_bytes(PREC_BF16) / 1e9;
		doc_add_valuef(e->d, "embedding_model_gb", v, "GB", "%.2f GB", v);
		snprintf(buf, sizeof buf, "%.2f GB", v);
		snprintf(how, sizeof how, "a BERT-Large-sized embedding model (%s parameters) in "
			 "16-bit", doc_fmt_si(date, sizeof date, params, 3));
		num_row(t, "GPU memory of an embedding model", "~1 GB", buf, v, how);
	}

	if (a100) {
		struct train_result r;
		double p = fig_price(e->in, e->o, a100);
		/* the real 13B model when models.csv has one, so the calibrated training model
		 * sees its shape */
		if (train_scenario(m13, m13 ? m13->params : S3_TRAIN_PARAMS, 0, S3_TRAIN_TOKENS, a100,
				   0, 0, p, &r) == 0 && p > 0) {
			doc_add_value(e->d, "train_13b_1t4_usd", r.usd, "USD",
				      fmt_usd(r.usd, buf, sizeof buf));
			char sn[32], sd[32], sf[32];
			snprintf(how, sizeof how, "%s%s6 x %s x %s = %s FLOP on %s at %.0f%% MFU "
				 "(%s GPU-hours) x $%.2f/GPU-hour; the seed's $1M reflects 2023 prices "
				 "and failures", m13 ? m13->name : "", m13 ? ": " : "",
				 doc_fmt_si(sn, sizeof sn, m13 ? m13->params : S3_TRAIN_PARAMS, 3),
				 doc_fmt_si(sd, sizeof sd, S3_TRAIN_TOKENS, 3),
				 fmt_sci(r.train_flop, sf, sizeof sf), a100->name, r.mfu * 100,
				 doc_fmt_si(date, sizeof date, r.gpu_hours, 3), p);
			num_row(t, "training a 13B model on 1.4T tokens", "~$1 M", buf, r.usd, how);
		}
	}

	{
		static const char *const chips[] = { "V100", "A10G", "A100", "H100" };
		char list[256] = "";
		size_t len = 0;
		for (size_t k = 0; k < N_ELEM(chips); k++)
			for (size_t i = 0; i < e->in->n_hardware; i++) {
				const struct hardware *h = &e->in->hardware[i];
				if (!key_has(h->name, chips[k]) || len + 40 > sizeof list)
					continue;
				len += (size_t)snprintf(list + len, sizeof list - len, "%s%s %.0f GB",
							len ? ", " : "", h->name, h->mem_gb);
			}
		if (len)
			num_row(t, "GPU memory sizes", "V100 16 GB, A10G 24 GB, A100 40/80 GB", list,
				(double)NAN, "hardware.csv");
	}
	{
		const struct hardware *a10g = hw_like(e->in, "A10G", 0);
		double p = a10g ? fig_price(e->in, e->o, a10g) : (double)NAN;
		if (p > 0) {
			snprintf(buf, sizeof buf, "$%.2f per hour", p);
			num_row(t, "renting an A10G", "$1.5-2 per hour", buf, p,
				"prices.csv, price in force on the report date");
		}
	}
	table_set_caption(t,
		"Seed 003's rules of thumb, each recomputed from the inputs: prices from "
		"api_prices.csv and prices.csv, memory from the models and chips, the batching gain "
		"from the estimator. The article's value stands beside each; the seed 003 "
		"article-vs-llmcost table checks the three the project tracks.");
}

/* ---- item 22: assumptions and formulas ---- */

static void sec_assumptions(struct econ *e)
{
	static const char *h1[] = { "constant", "value", "used for", "source and justification" };
	static const char *h2[] = { "hardware", "$/GPU-hour", "as of", "provider", "source" };
	static const char *h3[] = { "quantity", "formula" };
	/* Every constant of gen/calib.h, each guarded so that a constant the calibration work
	 * renames or drops leaves this table instead of breaking the build. */
#define CALIB_ROW(name, unit, use, why) { #name, (double)(name), unit, use, "gen/calib.h: " why },
	static const struct {
		const char *name;
		double v;
		const char *unit, *use, *source;
	} consts[] = {
#ifdef CALIB_MFU_PREFILL
		CALIB_ROW(CALIB_MFU_PREFILL, "%", "GEMM efficiency, 16-bit (prefill, large batches)",
			  "fitted on large-batch prefills and throughputs M-I4, M-I6, M-I7 (0.79-0.85); what cuBLAS reaches on large bf16 GEMMs. An asymptote: a GEMM over M tokens gets this x M / (M + M_half)")
#endif
#ifdef CALIB_ETA_FLOP_8
		CALIB_ROW(CALIB_ETA_FLOP_8, "%", "GEMM efficiency, 8-bit",
			  "fitted on H100 fp8 rows M-I8, M-I9 (0.54-0.59): scaling and quantisation kernels")
#endif
#ifdef CALIB_MBU_DECODE
		CALIB_ROW(CALIB_MBU_DECODE, "%", "memory-bandwidth efficiency (decode)",
			  "fitted on batch-1 decode M-I2, M-I3 and the KV-bound M-I5 (at the 0.9 edge allowed). An asymptote for streaming kernels")
#endif
#ifdef CALIB_M_HALF_RIDGE
		CALIB_ROW(CALIB_M_HALF_RIDGE, "", "GEMM half-efficiency size, x ridge point",
			  "fitted on small prefills M-I1, M-I9 and batch-1 latency M-I3 (0.74-0.76)")
#endif
#ifdef CALIB_T_LAYER_S
		CALIB_ROW(CALIB_T_LAYER_S, "s", "fixed time per layer per step",
			  "fitted on batch-1 latencies M-I1, M-I2, M-I3, M-I9 (73-81 us): launches, scheduling, sampling")
#endif
#ifdef CALIB_NONGEMM_PASSES
		CALIB_ROW(CALIB_NONGEMM_PASSES, "", "non-GEMM activation passes per layer",
			  "fitted on large-batch throughputs M-I4, M-I8 (12-24, flat optimum): norms, residuals, rotary, SwiGLU")
#endif
#ifdef CALIB_ATTN_ETA_FRAC
		CALIB_ROW(CALIB_ATTN_ETA_FRAC, "", "attention efficiency vs GEMMs",
			  "fitted on the training rows (at the 0.4 edge): softmax and head_dim-wide matrices")
#endif
#ifdef CALIB_ETA_LINK
		CALIB_ROW(CALIB_ETA_LINK, "%", "chip-to-chip link efficiency",
			  "M-I7 (TP4 over NVLink)")
#endif
#ifdef CALIB_T_ALLREDUCE_S
		CALIB_ROW(CALIB_T_ALLREDUCE_S, "s", "latency of one all-reduce",
			  "NCCL all-reduce of small messages on NVLink (~10 us)")
#endif
#ifdef CALIB_LINK_UNKNOWN_GBS
		CALIB_ROW(CALIB_LINK_UNKNOWN_GBS, "GB/s", "link bandwidth when unknown",
			  "PCIe Gen3 x16 when hardware.csv leaves link_gbs empty")
#endif
#ifdef CALIB_MFU_TRAIN
		CALIB_ROW(CALIB_MFU_TRAIN, "%", "headline training MFU (runs without a model shape)",
			  "LLaMA, Llama 3.1 405B report 38-48%; a headline only, training estimates compute MFU from the mechanisms below")
#endif
#ifdef CALIB_TRAIN_ETA_GEMM
		CALIB_ROW(CALIB_TRAIN_ETA_GEMM, "%", "training GEMM efficiency",
			  "fitted (0.815) on M-T1..M-T5 and M-T7")
#endif
#ifdef CALIB_TRAIN_NONGEMM_PASSES
		CALIB_ROW(CALIB_TRAIN_NONGEMM_PASSES, "", "training memory traffic per layer",
			  "fitted (857) on LLaMA-7B vs 13B-65B and MPT-7B on A100-40GB: every unfused bandwidth-bound kernel")
#endif
#ifdef CALIB_NODE_GPUS
		CALIB_ROW(CALIB_NODE_GPUS, "", "GPUs per node (tensor-parallel domain)",
			  "NVLink domain of an 8-GPU node")
#endif
#ifdef CALIB_TRAIN_MEM_FRAC
		CALIB_ROW(CALIB_TRAIN_MEM_FRAC, "%", "chip memory for a weight shard",
			  "gives TP8 x PP8 for 405B on H100 (Meta used TP8 x PP16)")
#endif
#ifdef CALIB_PP_MICROBATCHES_PER_STAGE
		CALIB_ROW(CALIB_PP_MICROBATCHES_PER_STAGE, "", "pipeline micro-batches per stage",
			  "interleaved 1F1B schedules keep the bubble near 1/(this + 1)")
#endif
#ifdef CALIB_NET_FRAC_OF_LINK
		CALIB_ROW(CALIB_NET_FRAC_OF_LINK, "", "inter-node bandwidth, share of link",
			  "A100 nodes: 8 x 200 Gb/s InfiniBand = 25 GB/s per GPU = link / 12")
#endif
#ifdef CALIB_TRAIN_BATCH_TOKENS
		CALIB_ROW(CALIB_TRAIN_BATCH_TOKENS, "tokens", "global training batch",
			  "LLaMA: 4M tokens per step at every size")
#endif
#ifdef CALIB_DP_OVERLAP
		CALIB_ROW(CALIB_DP_OVERLAP, "%", "data-parallel traffic hidden by compute",
			  "share of the backward pass that hides gradient traffic")
#endif
#ifdef CALIB_FAIL_PER_GPU_HOUR
		CALIB_ROW(CALIB_FAIL_PER_GPU_HOUR, "per GPU-hour", "interruptions",
			  "Llama 3 (arXiv:2407.21783): 419 interruptions in 54 days on 16384 H100")
#endif
#ifdef CALIB_FAIL_LOST_H
		CALIB_ROW(CALIB_FAIL_LOST_H, "h", "time lost per interruption",
			  "Llama 3: > 90% effective training time")
#endif
#ifdef CALIB_TRAIN_DAYS
		CALIB_ROW(CALIB_TRAIN_DAYS, "days", "run length when chips are not given",
			  "LLaMA-65B: 2048 A100 for 21 days")
#endif
#ifdef CALIB_TRAIN_SEQ_MAX
		CALIB_ROW(CALIB_TRAIN_SEQ_MAX, "tokens", "longest training sequence assumed",
			  "LLaMA 2048, Llama 3 pre-training 8192")
#endif
#ifdef CALIB_RESERVE_BASE_GB
		CALIB_ROW(CALIB_RESERVE_BASE_GB, "GB", "memory held back per chip",
			  "CUDA context and workspace")
#endif
#ifdef CALIB_RESERVE_FRAC
		CALIB_ROW(CALIB_RESERVE_FRAC, "%", "share of chip memory held back",
			  "fragmentation and activations; gives seed 000's ~8 sequences of 4096 on 2 x A100-80GB")
#endif
		{ "seed 002 inference MFU", S2_INFER_MFU, "%", "175B inference (S2-01)",
		  "seed 002: GPT-3's training MFU" },
		{ "seed 002 training MFU", S2_TRAIN_MFU, "%", "training cost (S2-02, S2-03)",
		  "seed 002: PaLM on TPU v4" },
		{ "cache hit rate", S2_CACHE_HIT, "%", "cost per query (S2-07, S2-08)", "seed 002" },
		{ "API gross margin", S2_GROSS_MARGIN, "%", "cost per query (S2-07, S2-08)",
		  "seed 002" },
		{ "tokens per word (seed 002)", S2_TOKENS_PER_WORD, "", "cost per query", "seed 002: 4/3" },
		{ "tokens per word (seed 003)", S3_TOKENS_PER_WORD, "", "numbers to know", "seed 003" },
		{ "in-house write-off", INHOUSE_YEARS, "years", "in-house training cost", "llmcost" },
		{ "in-house power price", INHOUSE_USD_PER_KWH, "USD/kWh", "in-house training cost",
		  "llmcost" },
		{ "Chinchilla tokens per parameter", CHINCHILLA_TOKENS_PER_PARAM, "",
		  "training cost when training.csv has no run", "Hoffmann et al. 2022" },
		{ "training state per parameter", 20.0, "bytes", "training memory",
		  "2 + 2 + 4 + 4 + 4 (seed 002)" },
	};
#undef CALIB_ROW
	static const struct {
		const char *what, *formula;
	} forms[] = {
		{ "forward FLOPs per token", "2 x active params + 4 x context x head_dim x heads x "
					     "layers (attention)" },
		{ "weights", "params x bytes per value (bf16/fp16 2, fp8/int8 1, int4 0.5)" },
		{ "KV cache per token", "2 x layers x kv_heads x head_dim x bytes" },
		{ "largest batch", "floor((chips x (memory - reserve) - weights) / KV per sequence)" },
		{ "prefill time (TTFT)", "max(batch x prompt x FLOPs per token / (chips x peak x MFU), "
					 "weights / (chips x bandwidth x MBU))" },
		{ "decode step", "max(batch x FLOPs per token / (chips x peak x MFU), (weights + batch "
				 "x KV bytes) / (chips x bandwidth x MBU))" },
		{ "cost per 1K tokens", "(price per GPU-hour x chips / 3600) / (tokens per second) x "
					"1000" },
		{ "node cost per 1K tokens (S2-01)", "(node price per hour / 3600) / (chips x peak x "
						      "MFU / 2N) x 1000" },
		{ "training FLOP", "6 x active params x tokens" },
		{ "GPU-hours", "training FLOP / (peak x MFU) / 3600" },
		{ "training cost", "GPU-hours x price per GPU-hour" },
		{ "training state", "20 bytes x params; chips = ceil(state / chip memory)" },
		{ "implied MFU", "6 N D / (GPU-hours x 3600 x peak)" },
		{ "cost per query (S2-07)", "(prompt words + answers x answer words) x tokens per "
					    "word / 1000 x price x (1 - cache hits) x (1 - margin)" },
		{ "search summariser (S2-08)", "words = query + K x (result words + answer words)" },
		{ "search revenue per query (S2-09)", "revenue / (monthly searches then x 12 x "
						      "penetration now / penetration then)" },
		{ "Chinchilla loss (S2-10, S2-11)", "L = E + A / N^alpha + B / D^beta; compute-"
						    "optimal: minimise L subject to C = 6 N D" },
		{ "in-house chip-hour", "list price / (years x 8760) + TDP x price per kWh" },
		{ "break-even utilisation", "self-hosted cost per token at full load / API price" },
	};
	struct table *t;
	char buf[64];

	t = doc_add_table(e->d, "22-efficiencies", "Efficiencies and constants", 4, h1);
	table_set_align(t, 2, ALIGN_LEFT);
	table_set_align(t, 3, ALIGN_LEFT);
	for (size_t i = 0; i < N_ELEM(consts); i++) {
		size_t r = table_add_row(t);
		table_set_text(t, r, 0, consts[i].name);
		if (strcmp(consts[i].unit, "%") == 0)
			cell_pct1(t, r, 1, consts[i].v);
		else {
			char num[48], *ex;
			if (strcmp(consts[i].unit, "s") == 0) {
				fmt_seconds(consts[i].v, buf, sizeof buf);
				table_set_cell(t, r, 1, buf, consts[i].v);
				table_set_text(t, r, 2, consts[i].use);
				table_set_text(t, r, 3, consts[i].source);
				continue;
			}
			if (consts[i].v > 0 && consts[i].v < 1e-3 &&
			    strncmp(consts[i].unit, "per ", 4) == 0) {
				/* 1.97e-5 per GPU-hour reads as 19.7 per million GPU-hours */
				snprintf(buf, sizeof buf, "%.3g per million %ss", consts[i].v * 1e6,
					 consts[i].unit + 4);
				table_set_cell(t, r, 1, buf, consts[i].v);
				table_set_text(t, r, 2, consts[i].use);
				table_set_text(t, r, 3, consts[i].source);
				continue;
			}
			if (consts[i].v == floor(consts[i].v) && fabs(consts[i].v) >= 1e4 &&
			    fabs(consts[i].v) < 1e12)
				doc_fmt_sig(num, sizeof num, consts[i].v, /* 4,194,304 */
					    (int)floor(log10(fabs(consts[i].v))) + 1);
			else if (consts[i].v == floor(consts[i].v) && fabs(consts[i].v) < 1e12)
				snprintf(num, sizeof num, "%.0f", consts[i].v);
			else
				snprintf(num, sizeof num, "%.4g", consts[i].v);
			if ((ex = strstr(num, "e-0")) != NULL) /* 1.97e-05 -> 1.97e-5 */
				memmove(ex + 2, ex + 3, strlen(ex + 3) + 1);
			snprintf(buf, sizeof buf, "%s%s%s", num, *consts[i].unit ? " " : "",
				 consts[i].unit);
			table_set_cell(t, r, 1, buf, consts[i].v);
		}
		table_set_text(t, r, 2, consts[i].use);
		table_set_text(t, r, 3, consts[i].source);
	}
	table_set_caption(t, "Every efficiency and constant the report assumes. The calibrated "
			     "ones (gen/calib.h, struct calib CALIB_DEFAULT) apply wherever a page says "
			     "\"calibrated\", each with the measurements (ids of measurements.csv, see "
			     "Validation) or published facts that justify it; the efficiencies are "
			     "asymptotes, and the efficiency of each configuration is computed from them. "
			     "The seeds' own apply only to their scenarios.");

	t = doc_add_table(e->d, "22-prices", "Prices used", 5, h2);
	table_set_align(t, 3, ALIGN_LEFT);
	table_set_align(t, 4, ALIGN_LEFT);
	for (size_t i = 0; i < e->in->n_hardware; i++) {
		const struct hardware *h = &e->in->hardware[i];
		const struct price *p = inputs_price_at(e->in, h, e->o->as_of);
		size_t r = table_add_row(t);
		table_set_text(t, r, 0, h->name);
		if (e->o->usd_per_gpu_hour > 0) {
			cell_usd(t, r, 1, e->o->usd_per_gpu_hour);
			table_set_text(t, r, 2, "-");
			table_set_text(t, r, 3, "--usd-per-gpu-hour");
			table_set_text(t, r, 4, "command line (overrides prices.csv)");
		} else if (p) {
			cell_usd(t, r, 1, p->usd_per_gpu_hour);
			cell_date(t, r, 2, p->as_of);
			table_set_text(t, r, 3, p->provider);
			table_set_text(t, r, 4, p->source);
		} else {
			table_set_text(t, r, 1, "none");
			table_set_text(t, r, 4, "no price on or before the report date: left out of "
						"cost searches");
		}
	}
	{
		static const struct {
			const char *what;
			double usd;
			const char *src;
		} seed_prices[] = {
			{ "8 x A100 node (seed 002, per node-hour)", S2_NODE_USD_PER_HOUR,
			  "seed 002: AWS p4d, 1-year term (175B inference)" },
			{ "TPU v4 (seed 002, per chip-hour)", S2_TPU_USD_PER_CHIP_HOUR,
			  "seed 002: GCP (training cost)" },
			{ "Davinci API (seed 002, per 1K tokens)", S2_API_USD_PER_1K,
			  "seed 002: OpenAI (cost per query, 175B inference)" },
		};
		for (size_t i = 0; i < N_ELEM(seed_prices); i++) {
			size_t r = table_add_row(t);
			table_set_text(t, r, 0, seed_prices[i].what);
			cell_usd(t, r, 1, seed_prices[i].usd);
			cell_date(t, r, 2, 20230212L);
			table_set_text(t, r, 3, "seed scenario");
			table_set_text(t, r, 4, seed_prices[i].src);
		}
	}
	table_set_caption(t, "The rental price of each chip in force on the report date (the "
			     "newest prices.csv row not after it), as every cost page uses it, and "
			     "the seeds' own scenario prices, used only for their scenarios. API "
			     "prices are in the break-even table and the price history.");

	t = doc_add_table(e->d, "22-formulas", "Formulas", 2, h3);
	table_set_align(t, 1, ALIGN_LEFT);
	for (size_t i = 0; i < N_ELEM(forms); i++) {
		size_t r = table_add_row(t);
		table_set_text(t, r, 0, forms[i].what);
		table_set_text(t, r, 1, forms[i].formula);
	}
	table_set_caption(t, "The formulas behind every page, in plain notation (the README's "
			     "\"Formulas\" section derives them).");
}

/* ---- the articles' numbers beside llmcost's ---- */

/* Seed numbers (shared/reference/seed-numbers.csv) and what the article itself prints;
 * tol_pct < 0 marks a number the project does not track (shown for context). */
static const struct seed_row {
	const char *id, *quantity;
	double article;
	const char *article_text, *value, *unit;
	double tol_pct, scale; /* value x scale is in the article's unit */
	const char *note;
} SEED_ROWS[] = {
	{ "S2-01", "inference cost of a 175B model on 8 x A100", 0.0035, "$0.0035", "s2_01",
	  "USD per 1K tokens", 1, 1, "" },
	{ "S2-02", "training cost of GPT-3 on TPU v4", 1.4e6, "$1.4 M", "s2_02", "USD", 2, 1, "" },
	{ "S2-03", "training cost of PaLM on TPU v4", 11.2e6, "$11.2 M", "s2_03", "USD", 2, 1, "" },
	{ "S2-04", "training memory of GPT-3 (20 bytes/param)", 3.5, "3.5 TB", "s2_04", "TB", 1, 1,
	  "" },
	{ "S2-05", "H100s needed to hold it", 44, "44", "s2_05", "GPU", 0, 1, "" },
	{ "S2-06", "training memory of BERT-Large", 6.8, "6.8 GB", "s2_06", "GB", 1, 1, "" },
	{ "S2-07", "cost per query, ChatGPT-equivalent", 0.010, "~$0.010", "s2_07",
	  "USD per query", 5, 1, "the article rounds up to two significant digits" },
	{ "S2-08", "cost per query, two-stage search summariser", 0.066, "$0.066", "s2_08",
	  "USD per query", 2, 1, "" },
	{ "S2-09", "search revenue per query", 0.048, "$0.048", "s2_09", "USD per query", 3, 1,
	  "the article rounds up" },
	{ "S2-10", "Chinchilla parameter term, 1T params", 0.03, "0.03", "s2_10", "loss", 3, 1,
	  "the article keeps one significant digit" },
	{ "S2-11", "Chinchilla data term, 300B tokens", 0.25, "0.25", "s2_11", "loss", 3, 1,
	  "the article keeps two decimals" },
	{ "002", "summariser share of revenue after optimisations", 15, "~15%",
	  "search_query_optimised_share", "%", -1, 100,
	  "the article divides its $0.066 by 8 against $0.048 and rounds the share down" },
	{ "002", "GPT-3 in-house saving, V100 to H100", 58, "58%", "inhouse_saving_pct", "%", -1,
	  1, "depends on list prices, write-off and power (in-house table)" },
	{ "S3-01", "KV cache per token of a 13B model", 1.0, "~1 MB", "s3_01", "MB", 2, 1,
	  "the article rounds up to ~1 MB" },
	{ "S3-02", "inference memory of a 7B model", 14, "14 GB", "s3_02", "GB", 1, 1, "" },
	{ "S3-03", "tokens per English word", 1.3, "1.3", "s3_03", "token per word", 0, 1, "" },
	{ "003", "GPT-4 : GPT-3.5 price ratio", 50, "~50 x", "gpt4_gpt35_price_ratio", "x", -1, 1,
	  "1K prompt + 1K generated tokens on the article's date, 8K-context GPT-4; the "
	  "32K-context model's ratio (numbers-to-know table) comes near the article's" },
	{ "003", "throughput gain of batching 25 requests", 10, "> 10 x", "batching_gain_b25", "x",
	  -1, 1, "the estimator, 13B model on one A100-80GB" },
	{ "003", "training a 13B model on 1.4T tokens", 1e6, "~$1 M", "train_13b_1t4_usd", "USD",
	  -1, 1, "calibrated MFU at today's A100 price; the seed allows for 2023 prices" },
	{ "003", "GPU memory of an embedding model", 1.0, "~1 GB", "embedding_model_gb", "GB", -1,
	  1, "a BERT-Large-sized model in 16-bit" },
};

static void sec_vs_article(struct econ *e, const char *id, const char *title, char seed)
{
	static const char *head[] = { "id", "quantity", "article says", "llmcost computes", "unit",
				      "difference", "note" };
	struct table *t = doc_add_table(e->d, id, title, 7, head);
	char buf[128];

	table_set_align(t, 1, ALIGN_LEFT);
	table_set_align(t, 4, ALIGN_LEFT);
	table_set_align(t, 6, ALIGN_LEFT);
	for (size_t i = 0; i < N_ELEM(SEED_ROWS); i++) {
		const struct seed_row *s = &SEED_ROWS[i];
		const struct value *v = doc_find_value(e->d, s->value);
		double got, diff;
		size_t r;

		if (!((s->id[0] == 'S' && s->id[1] == seed) || (s->id[0] == '0' && s->id[2] == seed)))
			continue;
		r = table_add_row(t);
		table_set_text(t, r, 0, s->id);
		table_set_text(t, r, 1, s->quantity);
		table_set_cell(t, r, 2, s->article_text, s->article);
		if (!v) {
			table_set_text(t, r, 3, "not computed");
			table_set_text(t, r, 6, "an input it needs is missing");
			continue;
		}
		got = v->v * s->scale;
		diff = fig_rel_diff(got, s->article);
		if (strcmp(s->unit, "USD") == 0 || strncmp(s->unit, "USD per", 7) == 0)
			fmt_usd(got, buf, sizeof buf);
		else if (got == floor(got) && fabs(got) < 1e6)
			snprintf(buf, sizeof buf, "%.0f", got);
		else
			doc_fmt_sig(buf, sizeof buf, got, 3);
		table_set_cell(t, r, 3, buf, got);
		table_set_text(t, r, 4, s->unit);
		if (isfinite(diff))
			table_set_cellf(t, r, 5, diff * 100, fabs(diff) < 0.0005 ? "%.1f%%" : "%+.1f%%",
			                fabs(diff) < 0.0005 ? 0.0 : diff * 100);
		if (s->tol_pct < 0)
			table_set_text(t, r, 6, s->note);
		else if (fabs(diff) * 100 <= s->tol_pct + 1e-9)
			table_set_text(t, r, 6, *s->note ? s->note : "within tolerance");
		else
			table_set_text(t, r, 6, *s->note ? s->note : "differs beyond the tolerance");
	}
	table_set_caption(t,
		"Each number seed 00%c states, beside llmcost's value from its own code at the "
		"article's inputs; difference = llmcost / article - 1. The S-rows are tracked in "
		"shared/reference/seed-numbers.csv with a tolerance and checked by the tests; where "
		"the article rounds, the note says so. Rows without an S-id are context only.",
		seed == '2' ? '2' : '3');
}

/* ---- item 2: executive summary ---- */

static void summary_row(struct table *t, const char *what, double v, const char *text,
			const char *why)
{
	size_t r = table_add_row(t);

	table_set_text(t, r, 0, what);
	table_set_cell(t, r, 1, text, v);
	table_set_text(t, r, 2, why);
}

static void sec_summary(struct econ *e)
{
	static const char *head[] = { "question", "answer", "why" };
	struct table *t = doc_add_table(e->d, "02-summary", "Executive summary", 3, head);
	char what[256], val[64], why[512], cfg[160];
	const struct model *m = e->headline;
	size_t cheapest_i = (size_t)-1;

	table_set_align(t, 2, ALIGN_LEFT);
	if (m) {
		size_t mi = (size_t)(m - e->in->models);
		const struct best_cfg *g = &e->best_gen[mi], *p = &e->best_prompt[mi];
		doc_add_value(e->d, "headline_model", 0.0, "", m->name);
		if (g->hw) {
			best_text(g, cfg, sizeof cfg);
			snprintf(what, sizeof what, "cheapest 1M generated tokens of %s", m->name);
			snprintf(why, sizeof why, "%s at $%.2f/GPU-hour: a large batch shares each read "
				 "of the weights; each user then waits %s per token", cfg, g->price,
				 fmt_seconds(g->r.tpot_s, val, sizeof val));
			summary_row(t, what, g->usd_per_1m, fmt_usd(g->usd_per_1m, val, sizeof val),
				    why);
			doc_add_value(e->d, "headline_gen_usd_per_1m", g->usd_per_1m, "USD", val);
		}
		if (p->hw) {
			best_text(p, cfg, sizeof cfg);
			snprintf(what, sizeof what, "cheapest 1M prompt tokens of %s", m->name);
			if (!g->hw || p->usd_per_1m < 0.5 * g->usd_per_1m)
				snprintf(why, sizeof why, "%s: a prompt's tokens are processed in "
					 "parallel, bound by FLOPs, not memory, so they cost less than "
					 "generated ones", cfg);
			else
				snprintf(why, sizeof why, "%s: prompts are bound by FLOPs; at the "
					 "batch of the cheapest generation, decoding is compute-bound too, "
					 "so both cost about the same", cfg);
			summary_row(t, what, p->usd_per_1m, fmt_usd(p->usd_per_1m, val, sizeof val),
				    why);
			doc_add_value(e->d, "headline_prompt_usd_per_1m", p->usd_per_1m, "USD", val);
		}
	}
	/* the largest model that fits on one node of the search */
	for (size_t i = 0; i < e->in->n_models; i++)
		if (e->best_gen[i].hw && (cheapest_i == (size_t)-1 ||
					   e->in->models[i].params > e->in->models[cheapest_i].params))
			cheapest_i = i;
	if (cheapest_i != (size_t)-1 && &e->in->models[cheapest_i] != m) {
		const struct best_cfg *g = &e->best_gen[cheapest_i];
		const struct model *big = &e->in->models[cheapest_i];
		best_text(g, cfg, sizeof cfg);
		snprintf(what, sizeof what, "cheapest 1M generated tokens of the largest model that "
			 "fits on 8 chips (%s)", big->name);
		char total[64], active[64];
		fmt_count(big->params, "", total, sizeof total);
		fmt_count(model_active_params(big), "", active, sizeof active);
		snprintf(why, sizeof why, "%s: all %s parameters must sit in memory, while the %s "
			 "active per token set the compute (the cheapest-cost table has every model)",
			 cfg,
			 total, active);
		summary_row(t, what, g->usd_per_1m, fmt_usd(g->usd_per_1m, val, sizeof val), why);
	}
	if (e->breakeven_api) {
		snprintf(what, sizeof what, "utilisation at which renting GPUs for %s matches %s",
			 m ? m->name : "the headline model", e->breakeven_api);
		snprintf(why, sizeof why, "self-hosted cost at full load / API price per generated "
			 "token: rented GPUs cost the same when idle%s",
			 e->breakeven_util > 1 ? "; above 100% the API wins even at full load" : "");
		summary_row(t, what, e->breakeven_util, fmt_pct(e->breakeven_util, val, sizeof val),
			    why);
	}
	if (isfinite(e->gpt3_train_usd)) {
		char n[32], dd[32];
		snprintf(why, sizeof why, "6 N D FLOP (N = %s parameters, D = %s tokens) on rented "
			 "TPU v4 at PaLM's %.1f%% MFU and $%.2f per chip-hour",
			 doc_fmt_si(n, sizeof n, S2_GPT3_PARAMS, 3),
			 doc_fmt_si(dd, sizeof dd, S2_GPT3_TOKENS, 3), S2_TRAIN_MFU * 100,
			 S2_TPU_USD_PER_CHIP_HOUR);
		summary_row(t, "training GPT-3 today (seed 002's method)", e->gpt3_train_usd,
			    fmt_usd(e->gpt3_train_usd, val, sizeof val), why);
		snprintf(why, sizeof why, "as GPT-3 with %s parameters on %s tokens: cost grows "
			 "with N x D", doc_fmt_si(n, sizeof n, S2_PALM_PARAMS, 3),
			 doc_fmt_si(dd, sizeof dd, S2_PALM_TOKENS, 3));
		summary_row(t, "training PaLM (seed 002's method)", e->palm_train_usd,
			    fmt_usd(e->palm_train_usd, val, sizeof val), why);
	}
	if (e->flagship_run) {
		snprintf(what, sizeof what, "the largest published run (%s) at today's prices",
			 e->flagship_run);
		summary_row(t, what, e->flagship_usd, fmt_usd(e->flagship_usd, val, sizeof val),
			    "its published GPU-hours (training.csv) x its chip's rental price on the "
			    "report date (MFU table)");
	}
	if (e->search_revenue_usd > 0) {
		snprintf(val, sizeof val, "%.0f%%", e->search_query_usd / e->search_revenue_usd * 100);
		snprintf(why, sizeof why, "%.0f results summarised at API prices cost %s what an "
			 "ad-funded query earns; seed 002's optimisations cut it by %.0fx (cost per "
			 "query)",
			 S2_K_RESULTS, e->search_query_usd > e->search_revenue_usd ? "more than" :
										   "less than",
			 S2_OPT_MODEL_FACTOR * S2_OPT_INHOUSE_FACTOR);
		summary_row(t, "LLM-summarised search: cost as a share of search revenue per query",
			    e->search_query_usd / e->search_revenue_usd, val, why);
	}
	table_set_caption(t,
		"The numbers a planner asks first, each from the tables that follow. Serving costs "
		"are for %ld-token prompts and %ld generated tokens at the calibrated efficiencies and "
		"the rental prices in force on the report date, searched over every priced hardware, "
		"%d-%d chips and batches 1-%ld that fit in memory.", SEARCH_PROMPT, SEARCH_GEN,
		SEARCH_GPUS[0], SEARCH_GPUS[N_ELEM(SEARCH_GPUS) - 1], SEARCH_BATCH_MAX);
}

int figures_econ(const struct inputs *in, const struct figures_opts *o, struct doc *d)
{
	struct figures_opts def = { 0, 0.0 };
	struct econ e;
	int rc = -1;

	memset(&e, 0, sizeof e);
	e.in = in;
	e.o = o ? o : &def;
	e.d = d;
	e.gpt3_train_usd = e.palm_train_usd = (double)NAN;
	e.headline = model_headline(in);
	e.best_gen = calloc(in->n_models + 1, sizeof *e.best_gen);
	e.best_prompt = calloc(in->n_models + 1, sizeof *e.best_prompt);
	if (!e.best_gen || !e.best_prompt) {
		error("out of memory");
		goto err;
	}
	sec_cheapest(&e);
	sec_break_even(&e);
	sec_query(&e);
	sec_infer_175b(&e);
	sec_training_cost(&e);
	sec_inhouse(&e);
	sec_chinchilla(&e);
	sec_hw_trend(&e);
	sec_train_memory(&e);
	sec_mfu(&e);
	sec_vs_article(&e, "11-seed002-vs-llmcost", "Seed 002 (economics of LLMs): article vs "
		       "llmcost", '2');
	sec_numbers(&e);
	sec_vs_article(&e, "18-seed003-vs-llmcost", "Seed 003 (numbers to know): article vs "
		       "llmcost", '3');
	for (size_t i = 0; i < in->n_sweeps; i++)
		if (sec_sweep(&e, &in->sweeps[i]) < 0)
			goto err;
	sec_price_history(&e);
	sec_assumptions(&e);
	sec_summary(&e);
	rc = 0;
err:
	free(e.best_gen);
	free(e.best_prompt);
	return rc;
}
