/*
 * figures_econ_sweep.c - the sweep pages (figures.md item 19): for every row of sweeps.csv
 * (models x hardware x chips x batch x sequence lengths x precision, as `llmcost sweep`
 * expands it), time per output token and cost per 1M generated tokens against batch, at most
 * eight curves a figure, and the cheapest configuration that fits per model and sequence shape.
 *
 * Ids added, <s> the sweep's file stem: figures 19-<s>-latency, 19-<s>-cost; table
 * 19-<s>-cheapest. Value: sweep_cheapest_gen_usd_per_1m_<s>.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "err.h"
#include "figures_econ.h"
#include "sweep.h"

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

int econ_sweep(struct econ *e, const struct sweep *s)
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
			if (best_offer(&best[bi].b, c.hw, c.gpus, c.usd_per_gpu_hour,
				       r.usd_per_1k_gen * 1e3, &r))
				best[bi].prec = c.precision;
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
		t = fig_table(e->d, id, title, 10, head, LEFT_COL(3) | LEFT_COL(6));
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
		add_usd_value(e->d, vname, overall);
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
