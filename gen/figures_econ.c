/*
 * figures_econ.c - the economics half of the report's content: figures.md items 2 (executive
 * summary) and 11-22 (seed 002 "economics of LLMs", seed 003 "numbers every LLM developer
 * should know", and the pages beyond the seeds: sweeps, price history, assumptions).
 * figures_econ() runs the sections of the figures_econ_*.c files in the report's order
 * (figures_econ.h says which file holds which item); this file also holds the look-ups they
 * share. Everything is computed from the inputs with the estimator. No I/O: the doc owns
 * every string, and the few scratch arrays are freed before returning.
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
 * Without api_prices.csv or training.csv (or a row that fits) the values above with fixed
 * names drawn from them read "n/a (no api_prices.csv)" (add_na_value), so that templates
 * still build; those named after a row (<a>, <r>) exist only for the rows there are.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "figures_econ.h"

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

int key_eq(const char *a, const char *b)
{
	char ka[NAME_MAX_BYTES * 2], kb[NAME_MAX_BYTES * 2];

	name_key(a, ka, sizeof ka);
	name_key(b, kb, sizeof kb);
	return ka[0] && strcmp(ka, kb) == 0;
}

int key_has(const char *s, const char *sub)
{
	char ks[FIELD_MAX_BYTES], kb[NAME_MAX_BYTES * 2];

	name_key(s, ks, sizeof ks);
	name_key(sub, kb, sizeof kb);
	return kb[0] && strstr(ks, kb) != NULL;
}

/* Appends name to out[0..j) lower-cased, each run of other characters as one sep (none when
 * the text before ends in one: after_sep), and drops every sep at the end, out[0..j)'s
 * included; returns the new length, out not yet terminated. */
static size_t slug_append(char *out, size_t n, size_t j, int after_sep, const char *name,
			  char sep)
{
	for (; name && *name && j + 1 < n; name++) {
		unsigned char c = (unsigned char)*name;
		if (isalnum(c)) {
			out[j++] = (char)tolower(c);
			after_sep = 0;
		} else if (!after_sep) {
			out[j++] = sep;
			after_sep = 1;
		}
	}
	while (j > 0 && out[j - 1] == sep)
		j--;
	return j;
}

void value_name(char *out, size_t n, const char *prefix, const char *name)
{
	size_t j = (size_t)snprintf(out, n, "%s", prefix);

	if (j >= n)
		return;
	j = slug_append(out, n, j, j > 0 && out[j - 1] == '_', name, '_');
	out[j] = '\0';
}

void file_stem(char *out, size_t n, const char *name)
{
	size_t j = slug_append(out, n, 0, 1, name, '-');

	if (j == 0 && n > 1)
		out[j++] = 'x';
	out[j] = '\0';
}

const struct model *model_like(const struct inputs *in, const char *const *names, double params)
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

const struct hardware *hw_like(const struct inputs *in, const char *sub, double mem_gb)
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

const struct model *model_gpt3(const struct inputs *in)
{
	static const char *const names[] = { "GPT-3-175B", "GPT-3", "GPT3-175B", "davinci", NULL };
	return model_like(in, names, S2_GPT3_PARAMS);
}

const struct model *model_palm(const struct inputs *in)
{
	static const char *const names[] = { "PaLM-540B", "PaLM", NULL };
	return model_like(in, names, S2_PALM_PARAMS);
}

/* The model the summary and the price history quote: seed 000's LLaMA-2-70B, else a 70B
 * successor, else the first model. */
static const struct model *model_headline(const struct inputs *in)
{
	static const char *const names[] = { "LLaMA-2-70B", "Llama-3.1-70B", "Llama-3-70B",
					     "Llama-3.3-70B", NULL };
	const struct model *m = model_like(in, names, 70e9);
	return m ? m : (in->n_models ? &in->models[0] : NULL);
}

const struct api_price *api_at(const struct inputs *in, const char *model, long date)
{
	const struct api_price *best = NULL;

	for (size_t i = 0; i < in->n_api_prices; i++) {
		const struct api_price *a = &in->api_prices[i];
		int in_force = !(date > 0 && a->as_of > date);
		if (in_force && key_eq(a->model, model) && (!best || a->as_of >= best->as_of))
			best = a;
	}
	return best;
}

/* ---- the cheapest-configuration search's bookkeeping ---- */

void search_cfg(struct infer_cfg *c, const struct model *m, const struct hardware *hw, int gpus,
		long batch, double usd_per_gpu_hour)
{
	infer_cfg_init(c);
	c->model = m;
	c->hw = hw;
	c->gpus = gpus;
	c->batch = batch;
	c->prompt_tokens = SEARCH_PROMPT;
	c->gen_tokens = SEARCH_GEN;
	c->usd_per_gpu_hour = usd_per_gpu_hour;
}

void best_init(struct best_cfg *b)
{
	memset(b, 0, sizeof(*b));
	b->usd_per_1m = (double)NAN;
}

int best_offer(struct best_cfg *b, const struct hardware *hw, int gpus, double price,
	       double usd_per_1m, const struct infer_result *r)
{
	if (!isfinite(usd_per_1m) || usd_per_1m >= b->usd_per_1m)
		return 0;
	b->hw = hw;
	b->gpus = gpus;
	b->price = price;
	b->usd_per_1m = usd_per_1m;
	b->r = *r;
	return 1;
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
	econ_cheapest(&e);
	econ_break_even(&e);
	econ_query(&e);
	econ_infer_175b(&e);
	econ_training_cost(&e);
	econ_inhouse(&e);
	econ_chinchilla(&e);
	econ_hw_trend(&e);
	econ_train_memory(&e);
	econ_mfu(&e);
	econ_vs_article(&e, "11-seed002-vs-llmcost", "Seed 002 (economics of LLMs): article vs "
			"llmcost", '2');
	econ_numbers(&e);
	econ_vs_article(&e, "18-seed003-vs-llmcost", "Seed 003 (numbers to know): article vs "
			"llmcost", '3');
	for (size_t i = 0; i < in->n_sweeps; i++)
		if (econ_sweep(&e, &in->sweeps[i]) < 0)
			goto err;
	econ_price_history(&e);
	econ_assumptions(&e);
	econ_summary(&e);
	rc = 0;
err:
	free(e.best_gen);
	free(e.best_prompt);
	return rc;
}
