/*
 * figures_util.c - formatting and small look-ups shared by figures_serving.c and
 * figures_econ.c (declared in figures_int.h). The serving helper owns the top of this file;
 * the econ helper appends its helpers at the end, below the marked line.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "figures_int.h"

char *fmt_usd(double usd, char *buf, size_t size)
{
	char num[64];
	double a = fabs(usd);

	if (!isfinite(usd)) {
		snprintf(buf, size, "n/a");
		return buf;
	}
	if (a >= 1e4)
		doc_fmt_si(num, sizeof num, usd, 3);
	else if (a >= 1.0)
		snprintf(num, sizeof num, "%.2f", usd);
	else
		doc_fmt_sig(num, sizeof num, usd, 2);
	if (usd < 0)
		snprintf(buf, size, "-$%s", num[0] == '-' ? num + 1 : num);
	else
		snprintf(buf, size, "$%s", num);
	return buf;
}

char *fmt_seconds(double s, char *buf, size_t size)
{
	char num[64];
	double a = fabs(s);

	if (!isfinite(s)) {
		snprintf(buf, size, "n/a");
		return buf;
	}
	if (a < 1e-3 && a > 0)
		snprintf(buf, size, "%s us", doc_fmt_sig(num, sizeof num, s * 1e6, 3));
	else if (a < 1.0 && a > 0)
		snprintf(buf, size, "%s ms", doc_fmt_sig(num, sizeof num, s * 1e3, 3));
	else if (a < 3600.0)
		snprintf(buf, size, "%s s", doc_fmt_sig(num, sizeof num, s, 3));
	else if (a < 86400.0 * 2)
		snprintf(buf, size, "%s h", doc_fmt_sig(num, sizeof num, s / 3600.0, 3));
	else
		snprintf(buf, size, "%s days", doc_fmt_sig(num, sizeof num, s / 86400.0, 3));
	return buf;
}

char *fmt_count(double v, const char *unit, char *buf, size_t size)
{
	char num[64];

	if (!isfinite(v)) {
		snprintf(buf, size, "n/a");
		return buf;
	}
	doc_fmt_si(num, sizeof num, v, 3);
	if (unit && *unit)
		snprintf(buf, size, "%s %s", num, unit);
	else
		snprintf(buf, size, "%s", num);
	return buf;
}

char *fmt_pct(double frac, char *buf, size_t size)
{
	double p = frac * 100.0;

	if (!isfinite(p))
		snprintf(buf, size, "n/a");
	else if (fabs(p) >= 10.0 || p == 0.0)
		snprintf(buf, size, "%.0f%%", p);
	else if (fabs(p) >= 1.0)
		snprintf(buf, size, "%.1f%%", p);
	else
		snprintf(buf, size, "%.2g%%", p);
	return buf;
}

double fig_price(const struct inputs *in, const struct figures_opts *o, const struct hardware *hw)
{
	const struct price *p;

	if (o && o->usd_per_gpu_hour > 0)
		return o->usd_per_gpu_hour;
	if (!hw)
		return (double)NAN;
	p = inputs_price_at(in, hw, o ? o->as_of : 0);
	return p ? p->usd_per_gpu_hour : (double)NAN;
}

double fig_rel_diff(double computed, double article)
{
	if (!isfinite(article) || article == 0.0 || !isfinite(computed))
		return (double)NAN;
	return (computed - article) / article;
}

/* ---- econ helper: append shared helpers below this line ---- */
