/*
 * calibrate.c - the fit behind gen/calib.h (`make calibrate`).
 *
 * Reads measurements.csv (../shared/reference/, else tests/ref/), prints every row with the
 * estimate at the constants of calib.h, then fits two groups of constants by Nelder-Mead on
 * the mean absolute percentage error of their rows, from the calib.h values:
 *   serving (rows M-I*): eta_flop_16, eta_flop_8, eta_mem, m_half_ridge, t_layer_s,
 *                        nongemm_passes;
 *   training (rows M-T*; M-T6 on an assumed cluster, see tests/test_calib.c): train_eta_gemm,
 *                        train_nongemm_passes, attn_eta_frac,
 * each kept inside a physical range (a GEMM efficiency of 0.5-0.85, a bandwidth efficiency of
 * 0.6-0.9, an overhead of 0-200 us per layer...). It prints the fitted values, the per-row
 * table at them, a leave-one-out check (each row estimated by a fit that did not see it) and
 * the published runs of inputs/training.csv, which no fit sees. It does not edit calib.h: a
 * person copies the values, rounded, with the reasons (README, "Efficiencies").
 * The fit minimises over a handful of rows, so it only chooses among physically sensible
 * values; the mechanisms, not the fit, carry the generalisation.
 *
 * Usage: calibrate [--no-fit]
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "calib.h"
#include "err.h"
#include "estimate.h"
#include "meas.h"
#include "model.h"

#define MAX_PARAMS 8

/* One fitted constant: where it lives in struct calib and its allowed range. */
struct param {
	const char *name;
	size_t offset;
	double lo, hi;
};

static const struct param serving_params[] = {
	{ "eta_flop_16", offsetof(struct calib, eta_flop_16), 0.5, 0.85 },
	{ "eta_flop_8", offsetof(struct calib, eta_flop_8), 0.3, 0.85 },
	{ "eta_mem", offsetof(struct calib, eta_mem), 0.6, 0.9 },
	{ "m_half_ridge", offsetof(struct calib, m_half_ridge), 0.1, 3 },
	{ "t_layer_s", offsetof(struct calib, t_layer_s), 0, 200e-6 },
	{ "nongemm_passes", offsetof(struct calib, nongemm_passes), 4, 40 },
};

static const struct param training_params[] = {
	{ "train_eta_gemm", offsetof(struct calib, train_eta_gemm), 0.4, 0.85 },
	{ "train_nongemm_passes", offsetof(struct calib, train_nongemm_passes), 0, 1500 },
	{ "attn_eta_frac", offsetof(struct calib, attn_eta_frac), 0.4, 1 },
};

static double *field(struct calib *k, const struct param *p)
{
	return (double *)(void *)((char *)k + p->offset);
}

/* Mean absolute percentage error of the rows of one group (train = 1 or 0); rows whose id is in
 * skip (a space-separated list) are left out. */
static double group_mae(const struct meas_set *set, const struct calib *k, int train,
			const char *skip)
{
	double sum = 0;
	int n = 0;

	for (int i = 0; i < set->n; i++) {
		const struct measurement *m = &set->rows[i];
		if (m->train != train || (skip && strstr(skip, m->id)))
			continue;
		double est = meas_estimate(m, k, NULL, NULL);
		if (!isfinite(est))
			return 1e9;
		sum += fabs(meas_err_pct(m, est));
		n++;
	}
	return n ? sum / n : 0;
}

struct problem {
	const struct meas_set *set;
	struct calib base;
	const struct param *params;
	int n_params, train;
	const char *skip;
};

/* The objective at x (one value per parameter, clamped to its range). */
static double objective(const struct problem *pb, const double *x)
{
	struct calib k = pb->base;

	for (int i = 0; i < pb->n_params; i++) {
		const struct param *p = &pb->params[i];
		*field(&k, p) = fmin(p->hi, fmax(p->lo, x[i]));
	}
	return group_mae(pb->set, &k, pb->train, pb->skip);
}

/*
 * Nelder-Mead (reflection 1, expansion 2, contraction 0.5, shrink 0.5) from the calib.h values,
 * with an initial simplex of +20% (or +range/10 for a zero) along each axis; restarted three
 * times from the best point so a collapsed simplex does not stop it early.
 */
static void nelder_mead(const struct problem *pb, double *best)
{
	int n = pb->n_params;
	double s[MAX_PARAMS + 1][MAX_PARAMS], f[MAX_PARAMS + 1];

	for (int i = 0; i < n; i++)
		best[i] = *field((struct calib *)(void *)&pb->base, &pb->params[i]);
	for (int restart = 0; restart < 4; restart++) {
		for (int v = 0; v <= n; v++) {
			memcpy(s[v], best, sizeof(double) * (size_t)n);
			if (v > 0) {
				const struct param *p = &pb->params[v - 1];
				double step = best[v - 1] != 0 ? 0.2 * best[v - 1] : (p->hi - p->lo) / 10;
				s[v][v - 1] += step;
			}
			f[v] = objective(pb, s[v]);
		}
		for (int iter = 0; iter < 2000; iter++) {
			int lo = 0, hi = 0, nh = 0;
			for (int v = 1; v <= n; v++) {
				if (f[v] < f[lo])
					lo = v;
				if (f[v] > f[hi])
					hi = v;
			}
			nh = hi == 0 ? 1 : 0;
			for (int v = 0; v <= n; v++)
				if (v != hi && f[v] > f[nh])
					nh = v;
			if (f[hi] - f[lo] < 1e-9)
				break;
			double c[MAX_PARAMS] = { 0 }, xr[MAX_PARAMS], xe[MAX_PARAMS], xc[MAX_PARAMS];
			for (int v = 0; v <= n; v++)
				if (v != hi)
					for (int i = 0; i < n; i++)
						c[i] += s[v][i] / n;
			for (int i = 0; i < n; i++)
				xr[i] = c[i] + (c[i] - s[hi][i]);
			double fr = objective(pb, xr);
			if (fr < f[lo]) {
				for (int i = 0; i < n; i++)
					xe[i] = c[i] + 2 * (c[i] - s[hi][i]);
				double fe = objective(pb, xe);
				memcpy(s[hi], fe < fr ? xe : xr, sizeof(double) * (size_t)n);
				f[hi] = fmin(fe, fr);
			} else if (fr < f[nh]) {
				memcpy(s[hi], xr, sizeof(double) * (size_t)n);
				f[hi] = fr;
			} else {
				for (int i = 0; i < n; i++)
					xc[i] = c[i] + 0.5 * (s[hi][i] - c[i]);
				double fc = objective(pb, xc);
				if (fc < f[hi]) {
					memcpy(s[hi], xc, sizeof(double) * (size_t)n);
					f[hi] = fc;
				} else {
					for (int v = 0; v <= n; v++)
						if (v != lo) {
							for (int i = 0; i < n; i++)
								s[v][i] = s[lo][i] + 0.5 * (s[v][i] - s[lo][i]);
							f[v] = objective(pb, s[v]);
						}
				}
			}
		}
		int lo = 0;
		for (int v = 1; v <= n; v++)
			if (f[v] < f[lo])
				lo = v;
		memcpy(best, s[lo], sizeof(double) * (size_t)n);
	}
	for (int i = 0; i < n; i++)
		best[i] = fmin(pb->params[i].hi, fmax(pb->params[i].lo, best[i]));
}

/* The per-row table at constants k, with each group's mean absolute error. */
static void print_table(const struct meas_set *set, const struct calib *k, const char *title)
{
	printf("\n%s\n%-5s %-15s %-10s %5s %-16s %12s %12s %8s  %s\n", title, "id", "model",
	       "hardware", "gpus", "metric", "estimate", "measured", "err%", "detail");
	for (int i = 0; i < set->n; i++) {
		const struct measurement *m = &set->rows[i];
		struct train_result tr;
		struct infer_result ir;
		char detail[320] = "";
		double est = meas_estimate(m, k, &tr, &ir);
		if (m->train)
			snprintf(detail, sizeof detail, "MFU %.3f (gemm %.2f x share %.2f x pipe %.2f "
				 "x goodput %.3f) %s", tr.mfu, tr.eta_gemm, tr.compute_share,
				 tr.pipeline_busy, tr.goodput, tr.layout);
		if (m->train)
			snprintf(detail + strlen(detail), sizeof detail - strlen(detail),
				 ", ZeRO-%d, recompute %.0f%%", tr.zero_stage, tr.recompute * 100);
		else
			snprintf(detail, sizeof detail, "step: gemm %.2f kv %.2f elem %.2f ovh %.2f "
				 "comm %.2f ms%s", ir.t_gemm_s * 1e3, ir.t_kv_s * 1e3,
				 ir.t_nongemm_s * 1e3, ir.t_overhead_s * 1e3, ir.t_comm_s * 1e3,
				 ir.fits ? "" : " (does not fit statically)");
		printf("%-5s %-15s %-10s %5ld %-16s %12.5g %12.5g %+8.1f  %s\n", m->id, m->model_name,
		       m->hw_name, m->gpus, m->metric_name, est, m->value, meas_err_pct(m, est),
		       detail);
	}
	printf("mean absolute error: train %.1f%% (%.1f%% without M-T6, the largest), infer %.1f%%\n",
	       group_mae(set, k, 1, NULL), group_mae(set, k, 1, "M-T6"), group_mae(set, k, 0, NULL));
}

static void fit(const struct meas_set *set, struct calib *k, const struct param *params, int n,
		int train, const char *skip)
{
	struct problem pb = { set, *k, params, n, train, skip };
	double x[MAX_PARAMS];

	double before = group_mae(set, k, train, skip);
	nelder_mead(&pb, x);
	printf("\nfitted (%s rows%s%s): MAE %.2f%% -> %.2f%%\n", train ? "train" : "infer",
	       skip ? ", without " : "", skip ? skip : "", before, objective(&pb, x));
	for (int i = 0; i < n; i++) {
		printf("  %-22s %.4g (calib.h %.4g)\n", params[i].name, x[i], *field(k, &params[i]));
		*field(k, &params[i]) = x[i];
	}
}

/*
 * Out of sample: the published runs of inputs/training.csv (GPT-3 on V100, Gopher and PaLM on
 * TPUs, BLOOM, Llama 2, Llama 3.1-70B, MoE runs...) and the serving benchmarks of
 * inputs/benchmarks.csv, none of which the fit sees, at constants k. Prints the published GPU-hours or MFU beside the estimate; a missing inputs folder only
 * skips this table.
 */
static void out_of_sample(const struct calib *k)
{
	struct inputs in;
	double sum = 0;
	int n = 0;

	memset(&in, 0, sizeof in);
	if (inputs_load(&in, "inputs") < 0) {
		printf("\n(inputs/ not loadable: no out-of-sample table)\n");
		return;
	}
	printf("\nout of sample (inputs/training.csv, not fitted)\n%-16s %-14s %6s %10s %10s "
	       "%8s %8s %8s  %s\n", "run", "hardware", "gpus", "gpu_h pub", "gpu_h est", "MFU pub",
	       "MFU est", "err%", "layout");
	for (size_t i = 0; i < in.n_train_runs; i++) {
		const struct train_run *t = &in.train_runs[i];
		const struct hardware *hw = &in.hardware[t->hw];
		struct train_result r;
		if (validate_train_run(&in, t, k, &r) < 0)
			continue;
		double pub_mfu = t->mfu > 0 ? t->mfu
			       : t->gpu_hours > 0 ? r.train_flop / (hw->peak_tflops_16 * 1e12 *
								    t->gpu_hours * 3600)
			       : 0;
		double err = pub_mfu > 0 ? (pub_mfu / r.mfu - 1) * 100 : (double)NAN;
		if (isfinite(err)) {
			sum += fabs(err);
			n++;
		}
		char errs[16] = "       -"; /* nothing published to compare with */
		if (isfinite(err))
			snprintf(errs, sizeof errs, "%+8.1f", err);
		printf("%-16s %-14s %6ld %10.4g %10.4g %8.3f %8.3f %s  %s\n", t->name, hw->name,
		       t->gpus, t->gpu_hours, r.gpu_hours, pub_mfu, r.mfu, errs, r.layout);
		printf("%-16s %56s ZeRO-%d, recompute %.0f%%, %.0f GB per chip\n", "", "",
		       r.zero_stage, r.recompute * 100, r.mem_gb_per_gpu);
	}
	printf("mean absolute error of GPU-hours implied by MFU: %.1f%% over %d runs\n",
	       n ? sum / n : 0, n);

	/* the published serving benchmarks of inputs/benchmarks.csv, never fitted either */
	sum = 0;
	n = 0;
	printf("\nout of sample (inputs/benchmarks.csv, not fitted)\n%-5s %-15s %-10s %4s %-22s "
	       "%12s %12s %8s\n", "id", "model", "hardware", "gpus", "setup", "measured",
	       "estimate", "err%");
	for (size_t i = 0; i < in.n_benchmarks; i++) {
		const struct bench_row *b = &in.benchmarks[i];
		double est = validate_bench(&in, b, k, NULL);
		double err = validate_err_pct(b->value, est);
		char setup[64];
		snprintf(setup, sizeof setup, "%s %ld+%ld %s", b->batch > 0 ? "given" : "max",
			 b->prompt, b->gen, precision_name((enum precision)b->precision));
		printf("%-5s %-15s %-10s %4ld %-22s %12.5g %12.5g %+8.1f\n", b->id, b->model,
		       in.hardware[b->hw].name, b->gpus, setup, b->value, est, err);
		if (isfinite(err)) {
			sum += fabs(err);
			n++;
		}
	}
	printf("mean absolute error: %.1f%% over %d benchmarks\n", n ? sum / n : 0, n);
	inputs_release(&in);
}

/*
 * Leave-one-out: for each row of a group, fit the group's constants on the other rows (from
 * the calib.h values) and estimate the row left out. The mean of those errors is an honest
 * figure for rows the fit has not seen (the measurements are few, so the in-sample MAE flatters
 * the model).
 */
static void leave_one_out(const struct meas_set *set, const struct param *params, int n,
			  int train, const char *skip)
{
	double sum = 0;
	int rows = 0;

	printf("\nleave-one-out, %s rows (fit without the row, then estimate it):\n",
	       train ? "train" : "infer");
	for (int i = 0; i < set->n; i++) {
		const struct measurement *m = &set->rows[i];
		if (m->train != train || (skip && strstr(skip, m->id)))
			continue;
		char without[64];
		snprintf(without, sizeof without, "%s %s", skip ? skip : "", m->id);
		struct problem pb = { set, CALIB_DEFAULT, params, n, train, without };
		struct calib k = CALIB_DEFAULT;
		double x[MAX_PARAMS];
		nelder_mead(&pb, x);
		for (int j = 0; j < n; j++)
			*field(&k, &params[j]) = fmin(params[j].hi, fmax(params[j].lo, x[j]));
		double err = meas_err_pct(m, meas_estimate(m, &k, NULL, NULL));
		printf("  %-5s %+7.1f%%\n", m->id, err);
		sum += fabs(err);
		rows++;
	}
	printf("  mean absolute error %.1f%% over %d rows\n", rows ? sum / rows : 0, rows);
}

int main(int argc, char **argv)
{
	struct meas_set set;
	struct calib k = CALIB_DEFAULT;

	if (meas_load(&set) < 0)
		return EXIT_INPUT;
	print_table(&set, &k, "at the constants of gen/calib.h");
	if (argc > 1 && strcmp(argv[1], "--no-fit") == 0) {
		out_of_sample(&k);
		return EXIT_OK_;
	}
	fit(&set, &k, serving_params, (int)(sizeof serving_params / sizeof *serving_params), 0,
	    NULL);
	fit(&set, &k, training_params, (int)(sizeof training_params / sizeof *training_params), 1,
	    NULL);
	print_table(&set, &k, "at the fitted constants");
	leave_one_out(&set, serving_params, (int)(sizeof serving_params / sizeof *serving_params),
		      0, NULL);
	leave_one_out(&set, training_params,
		      (int)(sizeof training_params / sizeof *training_params), 1, NULL);
	out_of_sample(&CALIB_DEFAULT);
	return EXIT_OK_;
}
