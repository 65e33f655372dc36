/*
 * figures_econ_trends.c - the report's pages over time (figures.md items 15 and 20): peak
 * FLOP/s per dollar and per watt of every chip by release year, and what the headline model's
 * generated tokens cost as rental prices changed, beside the API prices of the same dates.
 *
 * Ids added: figures 15-flops-per-usd, 15-flops-per-watt, 20-price-history; tables
 * 15-hardware-trend, 20-price-history. Values: price_history_model,
 * price_history_first_usd_per_1m, price_history_last_usd_per_1m.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figures_econ.h"

/* yyyymmdd as a fractional year (2023-07-01 -> 2023.496), for time axes. */
static double date_year(long yyyymmdd)
{
	long y = yyyymmdd / 10000, m = yyyymmdd / 100 % 100, d = yyyymmdd % 100;
	static const int cum[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };

	if (m < 1 || m > 12)
		m = 1;
	return (double)y + (cum[m - 1] + (double)(d - 1)) / 365.0;
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

void econ_hw_trend(struct econ *e)
{
	static const char *head[] = { "hardware", "year", "peak 16-bit TFLOP/s", "list price",
				      "TDP (W)", "GFLOP/s per $", "GFLOP/s per W" };
	/* The two figures: per dollar of list price, then per watt of TDP. */
	static const struct {
		int per_usd;
		const char *id, *title, *ylabel, *per, *gives, *others, *note;
	} figs[2] = {
		{ 1, "15-flops-per-usd", "Peak 16-bit FLOP/s per dollar of list price",
		  "peak GFLOP/s per USD (log scale)", "dollar of list price", "a list price",
		  "the others are left out; ",
		  "Seed 002 reads about 50% more throughput per dollar each generation; list prices "
		  "of data-centre parts are estimates, so read the trend, not single points." },
		{ 0, "15-flops-per-watt", "Peak 16-bit FLOP/s per watt of TDP",
		  "peak GFLOP/s per watt (log scale)", "watt of board power (TDP)", "a TDP", "",
		  "Energy efficiency improves faster than cost efficiency (seed 002: about 80% per "
		  "generation)." },
	};
	struct table *t;

	for (size_t k = 0; k < N_ELEM(figs); k++) {
		struct figure *f = doc_add_figure(e->d, figs[k].id, figs[k].title, "release year",
						  figs[k].ylabel);
		size_t n, n_unlabelled;

		f->logy = 1;
		f->xint = 1; /* years */
		n = trend_series(e->in, f, figs[k].per_usd, &n_unlabelled);
		figure_set_caption(f,
			"Dense 16-bit peak throughput per %s, by release year, for the %zu "
			"accelerators of hardware.csv that give a year and %s (%schips of one year are "
			"spread sideways; %zu crowded points go unlabelled: the hardware-trend table "
			"names them). %s",
			figs[k].per, n, figs[k].gives, figs[k].others, n_unlabelled, figs[k].note);
	}

	t = fig_table(e->d, "15-hardware-trend", "Hardware trend: every chip with a release year", 7,
		      head, 0);
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
		search_cfg(&c, m, hw, SEARCH_GPUS[g], HISTORY_BATCH, 1.0);
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

void econ_price_history(struct econ *e)
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
	t = fig_table(e->d, "20-price-history", "Price history: every price behind the figure", 7,
		      head, LEFT_COL(2) | LEFT_COL(6));
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
		add_usd_value(e->d, "price_history_first_usd_per_1m", first_usd);
	if (isfinite(last_usd))
		add_usd_value(e->d, "price_history_last_usd_per_1m", last_usd);
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
