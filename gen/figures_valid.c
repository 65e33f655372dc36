/*
 * figures_valid.c - the report pages that check and apply the calibrated estimator (issue 5):
 *
 *  - table and figure 21-validation: every published measurement of measurements.csv (the
 *    rows the constants of gen/calib.h were fitted on), each training.csv run that publishes
 *    its GPU-hours and is not already a measurement (not fitted: out of sample), the estimate
 *    for each (validate.c, the code the calibration test asserts) and the published serving
 *    benchmarks of benchmarks.csv (not fitted either);
 *  - table 21-validation-summary: per group the rows, the mean absolute error and the largest
 *    error;
 *  - table 23-plan: the cheapest way to serve each models.csv model within stated latency
 *    targets, from the planner (plan.h) over every priced chip.
 *
 * Values added: validation_train_n, validation_train_mae_pct, validation_infer_n,
 * validation_infer_mae_pct, validation_other_n, validation_other_mae_pct, validation_bench_n,
 * validation_bench_mae_pct, plan_ttft_slo, plan_tpot_slo, plan_prompt, plan_gen,
 * plan_max_gpus, plan_n_none, plan_n_models.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "estimate.h"
#include "figures_int.h"
#include "plan.h"
#include "validate.h"

/* The planner page's targets: an interactive chat service. */
#define PLAN_TTFT_SLO_S 2.0
#define PLAN_TPOT_SLO_S 0.050
#define PLAN_PROMPT 1024L
#define PLAN_GEN 256L
#define PLAN_MAX_GPUS 64

/* A training.csv run repeats a measurement when it publishes the same GPU-hours (1%). */
#define SAME_HOURS_REL 0.01

enum vgroup { VG_TRAIN, VG_INFER, VG_OTHER, VG_BENCH, VG_COUNT };

static const char *const vgroup_name[VG_COUNT] = {
	"training (fitted)", "serving (fitted)", "other published runs, not fitted",
	"serving benchmarks, not fitted",
};
struct vstats {
	double sum_abs_pct[VG_COUNT];
	size_t n[VG_COUNT];
	const char *worst_id[VG_COUNT];
	double worst_pct[VG_COUNT];
	size_t n_unestimated;   /* other runs the estimator refused (they still get an id) */
};

static void vstats_add(struct vstats *s, enum vgroup g, const char *id, double err_pct)
{
	s->sum_abs_pct[g] += fabs(err_pct);
	s->n[g]++;
	if (!s->worst_id[g] || fabs(err_pct) > fabs(s->worst_pct[g])) {
		s->worst_id[g] = id;
		s->worst_pct[g] = err_pct;
	}
}

static double vstats_mae(const struct vstats *s, enum vgroup g)
{
	return s->n[g] ? s->sum_abs_pct[g] / (double)s->n[g] : (double)NAN;
}

/* A measured or estimated value in its metric's unit, as typeset. */
static void fmt_metric(char *buf, size_t n, enum meas_metric m, double v)
{
	char num[64];

	switch (m) {
	case MEAS_GPU_HOURS:
		doc_fmt_si(buf, n, v, 3);
		return;
	case MEAS_TTFT:
	case MEAS_TOTAL_LATENCY:
		fmt_seconds(v, buf, n);
		return;
	case MEAS_DECODE_TOK_S:
	case MEAS_THROUGHPUT:
		snprintf(buf, n, "%s tok/s", doc_fmt_sig(num, sizeof num, v, 3));
		return;
	case MEAS_METRIC_COUNT:
		break;
	}
	doc_fmt_sig(buf, n, v, 3);
}

/* Short names of the metrics for the table. */
static const char *metric_label(enum meas_metric m)
{
	switch (m) {
	case MEAS_GPU_HOURS: return "GPU-hours";
	case MEAS_TTFT: return "TTFT";
	case MEAS_DECODE_TOK_S: return "decode rate";
	case MEAS_TOTAL_LATENCY: return "latency";
	case MEAS_THROUGHPUT: return "throughput";
	case MEAS_METRIC_COUNT: break;
	}
	return "?";
}

/* One table row and one figure point; returns the error in percent (NaN: not estimated). */
static double validation_row(struct table *t, struct series *pts, const char *id,
			     const char *model, const char *hw, long gpus, const char *setup,
			     enum meas_metric metric, double measured, double est, int label)
{
	char buf[64];
	size_t r = table_add_row(t);
	double err = validate_err_pct(measured, est);

	table_set_text(t, r, 0, id);
	table_set_text(t, r, 1, model);
	table_set_text(t, r, 2, hw);
	if (gpus > 0)
		table_set_cellf(t, r, 3, (double)gpus, "%ld", gpus);
	else
		table_set_text(t, r, 3, "-");
	table_set_text(t, r, 4, setup);
	table_set_text(t, r, 5, metric_label(metric));
	fmt_metric(buf, sizeof buf, metric, measured);
	table_set_cell(t, r, 6, buf, measured);
	if (isfinite(est)) {
		fmt_metric(buf, sizeof buf, metric, est);
		table_set_cell(t, r, 7, buf, est);
		/* no "-0.0%": what rounds to zero prints as 0.0% */
		table_set_cellf(t, r, 8, err, fabs(err) < 0.05 ? "%.1f%%" : "%+.1f%%",
		                fabs(err) < 0.05 ? 0.0 : err);
		if (est > 0 && measured > 0) {
			series_add_point(pts, measured, est);
			if (label)
				series_set_point_label(pts, pts->n - 1, id);
		}
	} else {
		table_set_text(t, r, 7, "n/a");
		table_set_text(t, r, 8, "n/a");
	}
	return err;
}

/* Does a measurements.csv training row publish the same GPU-hours as run t? */
static int run_is_measurement(const struct inputs *in, const struct train_run *t)
{
	for (size_t i = 0; i < in->n_measurements; i++) {
		const struct meas_row *m = &in->measurements[i];
		if (m->train && fabs(m->value - t->gpu_hours) <= SAME_HOURS_REL * m->value)
			return 1;
	}
	return 0;
}

static void sec_validation(const struct inputs *in, struct doc *d)
{
	static const char *head[] = { "id", "model", "hardware", "chips", "setup", "metric",
				      "measured", "estimate", "error" };
	struct table *t = doc_add_table(d, "21-validation", "Validation: estimates against "
					"published measurements", 9, head);
	struct figure *f = doc_add_figure(d, "21-validation", "Estimated vs measured",
					  "measured (GPU-hours, s or token/s)",
					  "estimated (same unit)");
	struct vstats st;
	double lo = INFINITY, hi = 0;
	size_t skipped_no_model = 0;
	char buf[96], setup[96];

	memset(&st, 0, sizeof st);
	for (size_t c = 1; c <= 5; c++)
		table_set_align(t, c, c == 3 ? ALIGN_RIGHT : ALIGN_LEFT);
	table_set_min_width(t, 4, 0.2); /* setups such as "bmax 20000+2000 fp8" on one line */
	f->logx = f->logy = 1;
	for (int g = 0; g < VG_COUNT; g++)
		figure_add_series(f, vgroup_name[g], STYLE_POINTS, NULL, NULL, 0);
	for (int g = 0; g < 2; g++) {
		enum vgroup grp = g == 0 ? VG_TRAIN : VG_INFER;
		for (size_t i = 0; i < in->n_measurements; i++) {
			const struct meas_row *m = &in->measurements[i];
			if (m->train != (grp == VG_TRAIN))
				continue;
			struct meas_case c = {
				.model = &m->model, .hw = &in->hardware[m->hw], .train = m->train,
				.gpus = m->gpus, .batch = m->batch, .prompt = m->prompt,
				.gen = m->gen, .precision = (enum precision)m->precision,
				.tokens = m->train_tokens,
				.seq_tokens = m->train ? validate_seq_tokens(m->model.name) : 0,
				.batch_tokens = m->train ? validate_batch_tokens(m->model.name) : 0,
				.metric = (enum meas_metric)m->metric, .value = m->value,
			};
			double est = validate_estimate(&c, NULL, NULL, NULL);
			if (m->train)
				snprintf(setup, sizeof setup, "%s tokens",
					 doc_fmt_si(buf, sizeof buf, m->train_tokens, 3));
			else
				snprintf(setup, sizeof setup, "b%ld %ld+%ld %s",
					 m->batch > 0 ? m->batch : 1, m->prompt > 0 ? m->prompt : 1,
					 m->gen > 0 ? m->gen : 1,
					 precision_name((enum precision)m->precision));
			double err = validation_row(t, &f->series[grp], m->id, m->model.name,
						    in->hardware[m->hw].name,
						    m->gpus > 0 ? m->gpus : (m->train ? validate_gpus(m->model.name) : 1), setup,
						    c.metric, m->value, est, 1);
			if (isfinite(err))
				vstats_add(&st, grp, m->id, err);
			lo = fmin(lo, m->value);
			hi = fmax(hi, m->value);
		}
	}
	for (size_t i = 0; i < in->n_train_runs; i++) {
		const struct train_run *tr = &in->train_runs[i];
		const struct model *m = tr->model && *tr->model ? inputs_find_model(in, tr->model)
							       : NULL;
		if (!(tr->gpu_hours > 0) || run_is_measurement(in, tr))
			continue;
		if (!m) {
			skipped_no_model++;
			continue;
		}
		struct train_result r;
		double est = validate_train_run(in, tr, NULL, &r) == 0 ? r.gpu_hours : (double)NAN;
		snprintf(setup, sizeof setup, "%s tokens", doc_fmt_si(buf, sizeof buf, tr->tokens, 3));
		char rid[32];
		snprintf(rid, sizeof rid, "R%zu", st.n[VG_OTHER] + st.n_unestimated + 1);
		double err = validation_row(t, &f->series[VG_OTHER], rid, tr->name,
					    in->hardware[tr->hw].name,
					    tr->gpus > 0 ? tr->gpus : validate_gpus(tr->model), setup,
					    MEAS_GPU_HOURS, tr->gpu_hours, est, 1);
		if (isfinite(err))
			vstats_add(&st, VG_OTHER, tr->name, err);
		else
			st.n_unestimated++;
		lo = fmin(lo, tr->gpu_hours);
		hi = fmax(hi, tr->gpu_hours);
	}
	/* published serving benchmarks (benchmarks.csv): many points in the serving range, so
	 * unlabelled; the table names them */
	for (size_t i = 0; i < in->n_benchmarks; i++) {
		const struct bench_row *b = &in->benchmarks[i];
		double est = validate_bench(in, b, NULL, NULL);
		char batch[32];
		if (b->batch > 0)
			snprintf(batch, sizeof batch, "b%ld", b->batch);
		else
			snprintf(batch, sizeof batch, "bmax");
		snprintf(setup, sizeof setup, "%s %ld+%ld %s", batch, b->prompt, b->gen,
			 precision_name((enum precision)b->precision));
		double err = validation_row(t, &f->series[VG_BENCH], b->id, b->model,
					    in->hardware[b->hw].name, b->gpus, setup,
					    (enum meas_metric)b->metric, b->value, est, 0);
		if (isfinite(err))
			vstats_add(&st, VG_BENCH, b->id, err);
		lo = fmin(lo, b->value);
		hi = fmax(hi, b->value);
	}
	if (hi > 0) {
		/* y = x across the data, a decade beyond each end */
		struct series *s = figure_add_series(f, "estimate = measured", STYLE_LINES, NULL,
						     NULL, 0);
		series_add_point(s, lo / 10, lo / 10);
		series_add_point(s, hi * 10, hi * 10);
	}
	static const char *const vname[VG_COUNT][2] = {
		{ "validation_train_n", "validation_train_mae_pct" },
		{ "validation_infer_n", "validation_infer_mae_pct" },
		{ "validation_other_n", "validation_other_mae_pct" },
		{ "validation_bench_n", "validation_bench_mae_pct" },
	};
	/* each group's mean, as a number and as printed ("n/a" without rows) */
	double mae[VG_COUNT];
	char mae_text[VG_COUNT][16];
	for (int g = 0; g < VG_COUNT; g++) {
		mae[g] = vstats_mae(&st, (enum vgroup)g);
		if (isfinite(mae[g]))
			snprintf(mae_text[g], sizeof mae_text[g], "%.1f%%", mae[g]);
		else
			snprintf(mae_text[g], sizeof mae_text[g], "n/a");
		doc_add_valuef(d, vname[g][0], (double)st.n[g], "", "%zu", st.n[g]);
		doc_add_value(d, vname[g][1], mae[g], "%",
			      !isfinite(mae[g]) && g == VG_BENCH && !in->n_benchmarks
				      ? "n/a (no benchmarks.csv)" : mae_text[g]);
	}
	table_set_caption(t,
		"Fitted: the %zu training and %zu serving rows of measurements.csv. Out of sample: "
		"%zu training.csv runs R1, R2...%s and %zu benchmarks.csv runs B1, B2... (output "
		"tokens/s at maximum load: the largest batch that fits). Chips '-': the estimator's "
		"rule; Llama 3 8B and 70B on the 405B's cluster and batch. Setup: b = batch, "
		"prompt+generated tokens, precision. Error = estimate / measured - 1; the means per "
		"group are in the table before.",
		st.n[VG_TRAIN], st.n[VG_INFER], st.n[VG_OTHER],
		skipped_no_model ? " (runs without a models.csv shape left out)" : "",
		st.n[VG_BENCH]);
	figure_set_caption(f,
		"Each measurement against its estimate, both in the measurement's own unit (GPU-"
		"hours for training, seconds for latencies, tokens/s for rates), on log axes; points "
		"on the line are exact, a factor of 2 off is a third of a decade. Mean absolute "
		"error: training %s, serving %s, other published runs %s, serving benchmarks %s "
		"(their points are not labelled: the table lists them).",
		mae_text[VG_TRAIN], mae_text[VG_INFER], mae_text[VG_OTHER], mae_text[VG_BENCH]);
	/* the means per group, in a table of their own (the report places it before the rows);
	 * added last: adding a table moves the others, t among them */
	static const char *sum_head[] = { "group", "rows", "mean absolute error",
					  "largest error" };
	struct table *ts = fig_table(d, "21-validation-summary", "Validation: mean absolute error "
				    "per group", 4, sum_head, LEFT_COL(3));
	for (int g = 0; g < VG_COUNT; g++) {
		size_t r = table_add_row(ts);
		table_set_text(ts, r, 0, vgroup_name[g]);
		table_set_cellf(ts, r, 1, (double)st.n[g], "%zu", st.n[g]);
		table_set_cell(ts, r, 2, mae_text[g], mae[g]); /* raw NaN when n/a */
		if (st.worst_id[g]) {
			snprintf(buf, sizeof buf, "%s (%+.0f%%)", st.worst_id[g], st.worst_pct[g]);
			table_set_text(ts, r, 3, buf);
		} else {
			table_set_text(ts, r, 3, "none");
		}
	}
	table_set_caption(ts, "The rows of table 'Validation: estimates against published "
			  "measurements' by group. Fitted: gen/calib.h's constants were chosen on "
			  "them. Not fitted: out of sample, the estimator's own figure for runs it was "
			  "never tuned on. Largest error: the row with the largest absolute error.");
}

/* ---- the planner page ---- */

/* "TP8xPP2", "TP4xEP4", "1" (one chip); disaggregated, two pools: "2xTP2", "2x1". No
 * spaces, so that the narrow column does not wrap. */
static void layout_text(char *buf, size_t n, const struct plan_result *p)
{
	int used = 0;

	buf[0] = '\0';
	if (p->mode == SERVE_DISAGG)
		used = snprintf(buf, n, "2x");
	if (p->tp > 1 && (size_t)used < n)
		used += snprintf(buf + used, n - (size_t)used, "TP%d", p->tp);
	if (p->pp > 1 && (size_t)used < n)
		used += snprintf(buf + used, n - (size_t)used, "%sPP%d", p->tp > 1 ? "x" : "",
				 p->pp);
	if (p->expert_ways > 1 && (size_t)used < n)
		used += snprintf(buf + used, n - (size_t)used, "%sEP%d",
				 p->tp > 1 || p->pp > 1 ? "x" : "", p->expert_ways);
	if (p->tp <= 1 && p->pp <= 1 && p->expert_ways <= 1 && (size_t)used < n)
		snprintf(buf + used, n - (size_t)used, "1");
}

static int sec_plan(const struct inputs *in, const struct figures_opts *o, struct doc *d)
{
	static const char *head[] = { "model", "hardware", "chips", "layout", "precision", "mode",
				      "batch", "TTFT", "TPOT", "$/1M gen", "$/1M prompt" };
	const struct hardware **hws = calloc(in->n_hardware + 1, sizeof *hws);
	double *prices = calloc(in->n_hardware + 1, sizeof *prices);
	char *none = NULL;
	size_t none_len = 0, n_none = 0;
	char buf[96];
	int rc = -1;

	if (!hws || !prices) {
		error("out of memory");
		goto err;
	}
	for (size_t i = 0; i < in->n_hardware; i++) {
		double p = fig_price(in, o, &in->hardware[i]);
		hws[i] = &in->hardware[i];
		prices[i] = isfinite(p) && p > 0 ? p : 0;
	}
	struct table *t = doc_add_table(d, "23-plan", "Cheapest way to serve each model", 11,
					head);
	for (size_t c = 1; c <= 5; c++)
		table_set_align(t, c, c == 2 ? ALIGN_RIGHT : ALIGN_LEFT);
	for (size_t i = 0; i < in->n_models; i++) {
		const struct model *m = &in->models[i];
		struct plan_query q;
		struct plan_result best;
		struct plan_diagnosis diag;
		size_t n_out = 0;

		memset(&q, 0, sizeof q);
		q.model = m;
		q.hardware = hws;
		q.usd_per_gpu_hour = prices;
		q.n_hardware = in->n_hardware;
		q.max_gpus = PLAN_MAX_GPUS;
		q.ttft_slo_s = PLAN_TTFT_SLO_S;
		q.tpot_slo_s = PLAN_TPOT_SLO_S;
		q.prompt_tokens = PLAN_PROMPT;
		q.gen_tokens = PLAN_GEN;
		size_t r = table_add_row(t);
		table_set_text(t, r, 0, m->name);
		if (plan_search(&q, &best, 1, &n_out, &diag) < 0 || n_out == 0) {
			const char *why = diag.text[0] ? diag.text : "no configuration qualifies";
			size_t add = strlen(m->name) + strlen(why) + 4;
			char *nn = realloc(none, none_len + add + 1);
			if (!nn) {
				error("out of memory");
				goto err;
			}
			none = nn;
			none_len += (size_t)snprintf(none + none_len, add + 1, " %s: %s", m->name, why);
			table_set_text(t, r, 1, "none qualifies");
			n_none++;
			continue;
		}
		const struct hardware *hw = hws[best.hw_index];
		double prompt_usd = best.usd_per_hour / 3600 /
				    (best.served_req_s * (double)PLAN_PROMPT) * 1e6;
		table_set_text(t, r, 1, hw->name);
		table_set_cellf(t, r, 2, (double)best.chips, "%d", best.chips);
		layout_text(buf, sizeof buf, &best);
		table_set_text(t, r, 3, buf);
		table_set_text(t, r, 4, precision_name(best.precision));
		table_set_text(t, r, 5, serve_mode_name(best.mode));
		table_set_cellf(t, r, 6, (double)best.batch, "%ld", best.batch);
		table_set_cell(t, r, 7, fmt_seconds(best.ttft_s, buf, sizeof buf), best.ttft_s);
		table_set_cell(t, r, 8, fmt_seconds(best.tpot_s, buf, sizeof buf), best.tpot_s);
		table_set_cell(t, r, 9, fmt_usd(best.usd_per_1m_gen, buf, sizeof buf),
			       best.usd_per_1m_gen);
		table_set_cell(t, r, 10, fmt_usd(prompt_usd, buf, sizeof buf), prompt_usd);
	}
	table_set_caption(t,
		"For every model of models.csv, the cheapest configuration the planner (llmcost plan) "
		"finds over every chip with a rental price on the report date, 1-%d chips per model "
		"copy (tensor parallel within a node, pipeline stages beyond; experts spread whole "
		"for mixtures of experts), bf16, fp8, int8 and int4 weights, and static, continuous, "
		"chunked-prefill and disaggregated serving, at the largest batch that fits and meets "
		"the targets: time to first token at most %.0f s and time per output token at most "
		"%.0f ms, for %ld-token prompts and %ld generated tokens, one replica at full load. "
		"Layout of one model copy: TP = tensor-parallel ways, PP = pipeline stages, EP = "
		"chips the experts are spread over, 1 = one chip; 2x = disaggregated serving, a "
		"prefill pool and a decode pool of that layout each (chips counts both). $/1M gen charges all the chips' time to "
		"the generated tokens, $/1M prompt all of it to the prompt tokens (each is what one "
		"kind of token would cost if it paid for the whole service). "
		"Quantised weights (int8, int4) are assumed to keep quality, which must be checked "
		"per model.%s%s",
		PLAN_MAX_GPUS, PLAN_TTFT_SLO_S, PLAN_TPOT_SLO_S * 1000, PLAN_PROMPT, PLAN_GEN,
		n_none ? " None qualifies:" : "", n_none ? none : "");
	doc_add_valuef(d, "plan_ttft_slo", PLAN_TTFT_SLO_S, "s", "%.0f s", PLAN_TTFT_SLO_S);
	doc_add_valuef(d, "plan_tpot_slo", PLAN_TPOT_SLO_S, "s", "%.0f ms", PLAN_TPOT_SLO_S * 1e3);
	doc_add_valuef(d, "plan_prompt", (double)PLAN_PROMPT, "token", "%ld", PLAN_PROMPT);
	doc_add_valuef(d, "plan_gen", (double)PLAN_GEN, "token", "%ld", PLAN_GEN);
	doc_add_valuef(d, "plan_max_gpus", PLAN_MAX_GPUS, "", "%d", PLAN_MAX_GPUS);
	doc_add_valuef(d, "plan_n_none", (double)n_none, "", "%zu", n_none);
	doc_add_valuef(d, "plan_n_models", (double)in->n_models, "", "%zu", in->n_models);
	rc = 0;
err:
	free(none);
	free(hws);
	free(prices);
	return rc;
}

int figures_valid(const struct inputs *in, const struct figures_opts *o, struct doc *d)
{
	sec_validation(in, d);
	return sec_plan(in, o, d);
}
