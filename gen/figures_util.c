/*
 * figures_util.c - formatting, table cells, template values and small look-ups shared by the
 * report-content files (figures_serving.c, the figures_econ*.c files, figures_valid.c),
 * declared in figures_int.h.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "figures_int.h"

/* The longest source citation a cell shows (cell_source). */
#define SOURCE_MAX_CHARS 120

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

/* ---- dates and FLOP counts ---- */

void fmt_date(long yyyymmdd, char *buf, size_t n)
{
	if (yyyymmdd <= 0)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%04ld-%02ld-%02ld", yyyymmdd / 10000, yyyymmdd / 100 % 100,
			 yyyymmdd % 100);
}

char *fmt_sci(double v, char *buf, size_t n)
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

/* ---- tables ---- */

struct table *fig_table(struct doc *d, const char *id, const char *title, size_t ncols,
			const char *const *head, unsigned left_cols)
{
	struct table *t = doc_add_table(d, id, title, ncols, head);

	for (size_t c = 1; c < ncols && c < 32; c++)
		if (left_cols & LEFT_COL(c))
			table_set_align(t, c, ALIGN_LEFT);
	return t;
}


/* The one way a number reaches a cell: its text and raw value when ok, else "n/a" (raw NaN). */
static void cell_checked(struct table *t, size_t r, size_t c, int ok, const char *text, double raw)
{
	if (ok)
		table_set_cell(t, r, c, text, raw);
	else
		table_set_text(t, r, c, "n/a");
}

void cell_usd(struct table *t, size_t r, size_t c, double usd)
{
	char buf[64];

	cell_checked(t, r, c, isfinite(usd), fmt_usd(usd, buf, sizeof buf), usd);
}

void cell_usd_whole(struct table *t, size_t r, size_t c, double usd)
{
	char num[64], buf[96];
	int ok = isfinite(usd) && fabs(usd) < 1e15, len = 0, j = 0;

	if (ok)
		len = snprintf(num, sizeof num, "%.0f", round(usd));
	/* thousands grouped from 10,000 up, as doc_fmt_sig does */
	buf[j++] = '$';
	for (int i = 0; i < len && j < (int)sizeof buf - 2; i++) {
		if (len >= 5 && i > 0 && (len - i) % 3 == 0)
			buf[j++] = ',';
		buf[j++] = num[i];
	}
	buf[j] = '\0';
	cell_checked(t, r, c, ok, buf, usd);
}

void cell_sig(struct table *t, size_t r, size_t c, double v, int sig)
{
	char buf[64];

	cell_checked(t, r, c, isfinite(v), doc_fmt_sig(buf, sizeof buf, v, sig), v);
}

void cell_si(struct table *t, size_t r, size_t c, double v)
{
	char buf[64];

	cell_checked(t, r, c, isfinite(v), doc_fmt_si(buf, sizeof buf, v, 3), v);
}

void cell_pct(struct table *t, size_t r, size_t c, double frac)
{
	char buf[64];

	cell_checked(t, r, c, isfinite(frac), fmt_pct(frac, buf, sizeof buf), frac * 100.0);
}

void cell_pct1(struct table *t, size_t r, size_t c, double frac)
{
	char buf[64];

	snprintf(buf, sizeof buf, "%.1f%%", frac * 100.0);
	cell_checked(t, r, c, isfinite(frac), buf, frac * 100.0);
}

void cell_sci(struct table *t, size_t r, size_t c, double v)
{
	char buf[64];

	cell_checked(t, r, c, isfinite(v) && v > 0, fmt_sci(v, buf, sizeof buf), v);
}

void cell_long(struct table *t, size_t r, size_t c, long v)
{
	table_set_cellf(t, r, c, (double)v, "%ld", v);
}

void cell_date(struct table *t, size_t r, size_t c, long yyyymmdd)
{
	char buf[32];

	fmt_date(yyyymmdd, buf, sizeof buf);
	table_set_cell(t, r, c, buf, yyyymmdd > 0 ? (double)yyyymmdd : (double)NAN);
}

void cell_source(struct table *t, size_t r, size_t c, const char *src)
{
	char buf[SOURCE_MAX_CHARS + 40];
	size_t n = 0, j = 0;

	if (!src)
		src = "";
	while (src[n] && !((src[n] == ':' || src[n] == ';') && src[n + 1] == ' '))
		n++;
	for (size_t i = 0; i < n && j + 1 < sizeof buf; i++) {
		const char *h = src + i + 1;
		if (src[i] == '(' && strncmp(h, "http", 4) == 0 && (h = strstr(h, "://")) &&
		    h < src + n) {
			/* "(https://host/path)" -> "(host)" */
			buf[j++] = '(';
			for (h += 3; h < src + n && !strchr("/) ", *h) && j + 2 < sizeof buf; h++)
				buf[j++] = *h;
			buf[j++] = ')';
			while (i + 1 < n && src[i] != ')')
				i++;
			continue;
		}
		buf[j++] = src[i];
	}
	buf[j] = '\0';
	if (j > SOURCE_MAX_CHARS) {
		j = SOURCE_MAX_CHARS;
		while (j > 20 && buf[j] != ' ')
			j--;
		snprintf(buf + j, sizeof buf - j, " ...");
	}
	table_set_text(t, r, c, buf);
}

void cell_source_host(struct table *t, size_t r, size_t c, const char *src)
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

/* ---- template values ---- */

void add_usd_value(struct doc *d, const char *name, double v)
{
	char b[64];

	doc_add_value(d, name, v, "USD", fmt_usd(v, b, sizeof b));
}

void add_pct_value(struct doc *d, const char *name, double v)
{
	char b[64];

	doc_add_value(d, name, v, "fraction", fmt_pct(v, b, sizeof b));
}

void add_na_value(struct doc *d, const char *name, const char *why)
{
	doc_add_valuef(d, name, (double)NAN, "", "n/a (%s)", why);
}
