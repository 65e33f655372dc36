/*
 * figures_econ_train.c - what training costs (figures.md items 13, 14, 16 and 17): GPT-3, PaLM
 * and every model of models.csv at seed 002's TPU v4 assumptions and on rented H100 with the
 * calibrated training model; GPT-3 on owned V100 vs H100; the Chinchilla loss curves at fixed
 * compute; the 20 bytes per parameter of training state and the chips to hold it; and the MFU
 * and cost today of the published runs of training.csv.
 *
 * Ids added: tables 13-training-cost, 13-in-house, 14-chinchilla, 16-training-memory, 17-mfu;
 * figure 14-chinchilla. Values: gpt3_train_usd, palm_train_usd, gpt3_train_usd_h100,
 * train_usd_tpuv4_<m>, train_usd_h100_<m>, the in-house and loss values, flagship_*,
 * train_usd_<r>, mfu_implied_<r>, s2_02 .. s2_06, s2_10, s2_11 (the list is in
 * figures_econ.c).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "calib.h"
#include "figures_econ.h"

/* ---- item 13: training cost (S2-02, S2-03) ---- */

/*
 * estimate_train for a run. With a models.csv model (real) the calibrated path (mfu 0) models
 * the run's efficiency from its shape, its chips and gpus (0: the estimator picks a count);
 * a run given by its numbers alone (the seeds' scenarios) gets a stand-in model with those
 * parameters, which has no shape, so it needs an explicit MFU: mfu 0 then means the headline
 * CALIB_MFU_TRAIN. Returns 0, or -1 when not computable.
 */
int train_scenario(const struct model *real, double params, double active,
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

void econ_training_cost(struct econ *e)
{
	static const char *head[] = { "model", "active params", "tokens", "tokens from",
				      "training FLOP", "TPU v4 cost", "H100 MFU", "H100 GPU-hours",
				      "H100 cost" };
	struct table *t = fig_table(e->d, "13-training-cost",
				    "Training cost at the seed's MFU and chip price, and on H100",
				    9, head, LEFT_COL(3));
	struct hardware tpu_fb;
	const struct hardware *tpu = hw_tpu_v4(e->in, &tpu_fb);
	const struct hardware *h100 = hw_like(e->in, "H100", 0);
	char name[160], buf[64];
	double tu, hu, h100_price = h100 ? fig_price(e->in, e->o, h100) : (double)NAN;
	train_cost_row(e, t, "GPT-3 as in seed 002 (S2-02)", model_gpt3(e->in), S2_GPT3_PARAMS, 0,
		       S2_GPT3_TOKENS, "seed 002", tpu, h100, &tu, &hu);
	e->gpt3_train_usd = tu;
	add_usd_value(e->d, "s2_02", tu);
	add_usd_value(e->d, "gpt3_train_usd", tu);
	if (isfinite(hu))
		add_usd_value(e->d, "gpt3_train_usd_h100", hu);
	train_cost_row(e, t, "PaLM as in seed 002 (S2-03)", model_palm(e->in), S2_PALM_PARAMS, 0,
		       S2_PALM_TOKENS, "seed 002", tpu, h100, &tu, &hu);
	e->palm_train_usd = tu;
	add_usd_value(e->d, "s2_03", tu);
	add_usd_value(e->d, "palm_train_usd", tu);
	for (size_t i = 0; i < e->in->n_models; i++) {
		const struct model *m = &e->in->models[i];
		const char *from;
		double tokens = model_tokens(e->in, m, &from);
		train_cost_row(e, t, m->name, m, m->params, model_active_params(m), tokens, from,
			       tpu, h100, &tu, &hu);
		value_name(name, sizeof name, "train_usd_tpuv4_", m->name);
		if (isfinite(tu))
			add_usd_value(e->d, name, tu);
		value_name(name, sizeof name, "train_usd_h100_", m->name);
		if (isfinite(hu))
			add_usd_value(e->d, name, hu);
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
void econ_inhouse(struct econ *e)
{
	static const char *head[] = { "chip", "peak TFLOP/s", "list price", "TDP (W)",
				      "GPU-hours", "in-house $/GPU-hour", "in-house cost",
				      "article says" };
	struct table *t = fig_table(e->d, "13-in-house",
				    "GPT-3 on owned hardware: V100 (2020) vs H100", 8, head, 0);
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
		add_usd_value(e->d, "gpt3_inhouse_v100_usd", cost[0]);
	if (isfinite(cost[1]))
		add_usd_value(e->d, "gpt3_inhouse_h100_usd", cost[1]);
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

void econ_chinchilla(struct econ *e)
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

	t = fig_table(e->d, "14-chinchilla", "Chinchilla loss terms of three training runs", 9, head,
		      0);
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

void econ_train_memory(struct econ *e)
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
	t = fig_table(e->d, "16-training-memory",
		      "Training memory: 20 bytes per parameter, and the chips to hold it", 5, head, 0);
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

void econ_mfu(struct econ *e)
{
	static const char *head[] = { "run", "hardware", "active params", "tokens", "chips",
				      "days", "GPU-hours", "reported MFU", "implied MFU",
				      "cost today", "source" };
	struct table *t = fig_table(e->d, "17-mfu", "MFU of published training runs", 11, head,
				    LEFT_COL(1) | LEFT_COL(10));
	char name[160];
	double best_flop = 0;

	table_set_min_width(t, 10, 0.24); /* citations: a few lines each */

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
			add_pct_value(e->d, name, implied);
		}
		if (isfinite(usd)) {
			value_name(name, sizeof name, "train_usd_", tr->name);
			add_usd_value(e->d, name, usd);
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
	if (!e->in->n_train_runs)
		table_set_caption(t, "Not available: the inputs have no training.csv, the published "
				  "training runs this table lists.");
	if (e->flagship_run) {
		doc_add_value(e->d, "flagship_run", 0.0, "", e->flagship_run);
		add_usd_value(e->d, "flagship_train_usd", e->flagship_usd);
	} else {
		const char *why = e->in->n_train_runs ? "no run of training.csv with a rental price" :
							"no training.csv";
		add_na_value(e->d, "flagship_run", why);
		add_na_value(e->d, "flagship_train_usd", why);
	}
}
