/*
 * figures_econ_cost.c - what serving tokens and queries costs (figures.md items 2, 11 and 12):
 * the cheapest configuration of every model over priced hardware x chips x batch, self-hosting
 * against the API prices in force (the break-even utilisation), seed 002's cost per query
 * against search revenue, its 175B model on a rented 8 x A100 node, and, last of all the
 * economics sections, the executive summary that quotes them and the training pages.
 *
 * Ids added: tables 02-cheapest, 02-break-even, 11-cost-per-query, 12-inference-175b,
 * 02-summary. Values: cheapest_*, headline_*, breakeven_util_<a>, the query values (chat_*,
 * search_*), gpt3_infer_usd_per_1k, gpt3_api_usd_per_1k, gpt3_gross_margin, s2_01, s2_07,
 * s2_08, s2_09 (the list is in figures_econ.c).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "calib.h"
#include "figures_econ.h"

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
				search_cfg(&c, m, hw, SEARCH_GPUS[g], SEARCH_BATCH[b], price);
				if (estimate_infer(&c, &r) < 0 || !r.fits || r.batch < 1)
					continue;
				/* "max" counts only below the largest listed batch */
				if (c.batch == 0 && r.batch > SEARCH_BATCH_MAX)
					continue;
				double gu = r.usd_per_1k_gen * 1000.0, pu = r.usd_per_1k_prompt * 1000.0;
				if (gu > 0)
					best_offer(gen, hw, c.gpus, price, gu, &r);
				if (pu > 0)
					best_offer(prompt, hw, c.gpus, price, pu, &r);
			}
	}
}

/* Item 2's per-model table: the cheapest way to make each model's tokens, and values. */
void econ_cheapest(struct econ *e)
{
	static const char *head[] = { "model", "$/1M generated", "cheapest for generation",
				      "time per output token", "$/1M prompt",
				      "cheapest for prompts" };
	struct table *t = fig_table(e->d, "02-cheapest",
				    "Cheapest cost per 1M tokens, per model, any hardware", 6, head,
				    LEFT_COL(2) | LEFT_COL(5));
	char name[160], buf[160];
	size_t n_fit = 0;

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
			add_usd_value(e->d, name, g->usd_per_1m);
			value_name(name, sizeof name, "cheapest_gen_config_", m->name);
			best_text(g, buf, sizeof buf);
			doc_add_value(e->d, name, (double)g->r.batch, "", buf);
		}
		if (p->hw) {
			value_name(name, sizeof name, "cheapest_prompt_usd_per_1m_", m->name);
			add_usd_value(e->d, name, p->usd_per_1m);
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

/* The break-even the summary quotes for the headline model: against gpt-3.5 (seed 000's
 * comparison) when priced, else against the API it beats by most. */
static void quote_break_even(struct econ *e, const char *api, double util)
{
	int is35 = key_eq(api, "gpt-3.5-turbo");
	int cur35 = e->breakeven_api && key_eq(e->breakeven_api, "gpt-3.5-turbo");

	if (!e->breakeven_api || (is35 && !cur35) || (is35 == cur35 && util < e->breakeven_util)) {
		e->breakeven_api = api;
		e->breakeven_util = util;
	}
}

/* Item 2: self-hosting vs every API price in force on the report date. The self-hosted side
 * is the model of the same name when models.csv has one, else the headline model; the
 * break-even utilisation is self cost / API price per generated token (the share of hours
 * rented GPUs must be busy for renting to match the API). */
void econ_break_even(struct econ *e)
{
	static const char *head[] = { "API (provider)", "price as of", "API $/1M generated",
				      "self-hosted model", "self-hosted $/1M generated",
				      "break-even utilisation" };
	struct table *t = fig_table(e->d, "02-break-even", "Self-hosting at full load vs API prices",
				    6, head, LEFT_COL(3));
	char buf[256], name[160];
	long date = e->o->as_of;

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
			add_pct_value(e->d, name, util);
			if (m == e->headline)
				quote_break_even(e, a->model, util);
		}
	}
	table_set_caption(t,
		"Each API price in force on the report date (api_prices.csv) against the cheapest "
		"self-hosted configuration of the cheapest-cost table: the same model when models.csv has "
		"it, else %s. Rented GPUs cost the same busy or idle, so self-hosting matches the API "
		"only when they are busy at least the break-even share of the time; above 100%% the "
		"API is cheaper even at full load.",
		e->headline ? e->headline->name : "the headline model");
	if (!e->in->n_api_prices)
		table_set_caption(t, "Not available: the inputs have no api_prices.csv, the API prices "
				  "this table sets self-hosting against.");
	if (e->breakeven_api) {
		add_pct_value(e->d, "headline_breakeven_util", e->breakeven_util);
		doc_add_value(e->d, "headline_breakeven_api", 0.0, "", e->breakeven_api);
	} else {
		const char *why = e->in->n_api_prices ? "no API price of api_prices.csv in force" :
							"no api_prices.csv";
		add_na_value(e->d, "headline_breakeven_util", why);
		add_na_value(e->d, "headline_breakeven_api", why);
	}
}

/* ---- item 11: cost per query (S2-07..S2-09) ---- */

/* Seed 002's query (S2-07) at usd_per_1k per 1K tokens. */
static void seed_query(struct query_cost *q, double usd_per_1k)
{
	*q = (struct query_cost){ .prompt_words = S2_PROMPT_WORDS, .answers = S2_ANSWERS,
				  .answer_words = S2_ANSWER_WORDS,
				  .tokens_per_word = S2_TOKENS_PER_WORD,
				  .usd_per_1k_tokens = usd_per_1k, .cache_hit = S2_CACHE_HIT,
				  .gross_margin = S2_GROSS_MARGIN };
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

void econ_query(struct econ *e)
{
	static const char *head[] = { "approach", "tokens per query", "USD per query",
				      "share of revenue", "how" };
	struct table *t = fig_table(e->d, "11-cost-per-query",
				    "Cost per query: LLM answers vs search revenue", 5, head,
				    LEFT_COL(4));
	struct query_cost q;
	char buf[512], how[512];
	double chat_words = S2_PROMPT_WORDS + S2_ANSWERS * S2_ANSWER_WORDS;
	double search_words = S2_PROMPT_WORDS + S2_K_RESULTS * (S2_RESULT_WORDS + S2_ANSWER_WORDS);
	double chat, search, rev, opt;
	const struct api_price *a = api_at(e->in, "gpt-3.5-turbo", e->o->as_of);
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
		add_usd_value(e->d, "chat_query_today_usd", c2);
		add_usd_value(e->d, "search_query_today_usd", s2);
	} else {
		const char *why = e->in->n_api_prices ? "no gpt-3.5-turbo price in api_prices.csv" :
							"no api_prices.csv";
		add_na_value(e->d, "chat_query_today_usd", why);
		add_na_value(e->d, "search_query_today_usd", why);
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
	add_usd_value(e->d, "chat_query_usd", chat);
	add_usd_value(e->d, "search_query_usd", search);
	add_usd_value(e->d, "search_revenue_usd", rev);
	add_pct_value(e->d, "chat_query_share", chat / rev);
	add_pct_value(e->d, "search_query_share", search / rev);
	add_usd_value(e->d, "search_query_optimised_usd", opt);
	add_pct_value(e->d, "search_query_optimised_share", opt / rev);
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

void econ_infer_175b(struct econ *e)
{
	static const char *head[] = { "scenario", "tokens/s per node", "cost per 1K tokens",
				      "API price per 1K", "gross margin", "how" };
	struct table *t = fig_table(e->d, "12-inference-175b",
				    "Inference cost of a 175B model on a rented 8 x A100 node",
				    6, head, LEFT_COL(5));
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
	add_usd_value(e->d, "gpt3_infer_usd_per_1k", seed_1k);
	add_usd_value(e->d, "gpt3_api_usd_per_1k", S2_API_USD_PER_1K);
	add_pct_value(e->d, "gpt3_gross_margin", 1 - seed_1k / S2_API_USD_PER_1K);

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

/* ---- item 2: executive summary ---- */

static void summary_row(struct table *t, const char *what, double v, const char *text,
			const char *why)
{
	size_t r = table_add_row(t);

	table_set_text(t, r, 0, what);
	table_set_cell(t, r, 1, text, v);
	table_set_text(t, r, 2, why);
}

void econ_summary(struct econ *e)
{
	static const char *head[] = { "question", "answer", "why" };
	struct table *t = fig_table(e->d, "02-summary", "Executive summary", 3, head, LEFT_COL(2));
	char what[256], val[64], why[512], cfg[160];
	const struct model *m = e->headline;
	size_t cheapest_i = (size_t)-1;

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
