/*
 * doc.c - the report's content as data: lookups, release and the builders figures.c uses to
 * fill a struct doc (see the "Builders" comment in doc.h). Arrays grow by doubling; every string
 * is copied. Allocation failure ends the program with EXIT_INTERNAL: a report cannot be built
 * half-way, and it keeps every builder free of error returns.
 */
#include "doc.h"
#include "err.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
	error("out of memory");
	exit(EXIT_INTERNAL);
}

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

static char *xstrdup_or_null(const char *s)
{
	char *p;
	if (!s)
		return NULL;
	p = strdup(s);
	if (!p)
		oom();
	return p;
}

static char *xvasprintf(const char *fmt, va_list ap)
{
	va_list aq;
	int n;
	char *p;

	if (!fmt)
		fmt = "";
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		n = 0;
	p = xcalloc((size_t)n + 1, 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

/* Grows *arr (of *n elements of size `size`) by one zeroed element; returns it. The capacity is
 * the next power of two at or above n, so no separate capacity field is needed. */
static void *grow_one(void *arr_p, size_t *n, size_t size)
{
	void **arr = arr_p;
	size_t cap = 1;
	char *base;

	while (cap < *n)
		cap *= 2;
	if (*n == 0 || *n == cap) {
		size_t newcap = *n == 0 ? 1 : cap * 2;
		*arr = xrealloc(*arr, newcap * size);
	}
	base = *arr;
	memset(base + *n * size, 0, size);
	return base + (*n)++ * size;
}

void doc_init(struct doc *d)
{
	memset(d, 0, sizeof(*d));
}

static void series_release(struct series *s)
{
	free(s->title);
	free(s->x);
	free(s->y);
	if (s->point_labels) {
		for (size_t i = 0; i < s->n; i++)
			free(s->point_labels[i]);
		free(s->point_labels);
	}
}

static void figure_release(struct figure *f)
{
	free(f->id);
	free(f->title);
	free(f->xlabel);
	free(f->ylabel);
	free(f->caption);
	for (size_t i = 0; i < f->n_series; i++)
		series_release(&f->series[i]);
	free(f->series);
	for (size_t i = 0; i < f->n_marks; i++)
		free(f->marks[i].label);
	free(f->marks);
}

static void table_release(struct table *t)
{
	free(t->id);
	free(t->title);
	free(t->caption);
	if (t->head)
		for (size_t c = 0; c < t->ncols; c++)
			free(t->head[c]);
	free(t->head);
	free(t->align);
	free(t->min_w_frac);
	if (t->cells)
		for (size_t i = 0; i < t->nrows * t->ncols; i++)
			free(t->cells[i]);
	free(t->cells);
	free(t->raw);
}

void doc_release(struct doc *d)
{
	for (size_t i = 0; i < d->n_figures; i++)
		figure_release(&d->figures[i]);
	free(d->figures);
	for (size_t i = 0; i < d->n_tables; i++)
		table_release(&d->tables[i]);
	free(d->tables);
	for (size_t i = 0; i < d->n_values; i++) {
		free(d->values[i].name);
		free(d->values[i].unit);
		free(d->values[i].text);
	}
	free(d->values);
	doc_init(d);
}

const struct figure *doc_find_figure(const struct doc *d, const char *id)
{
	for (size_t i = 0; i < d->n_figures; i++)
		if (d->figures[i].id && strcmp(d->figures[i].id, id) == 0)
			return &d->figures[i];
	return NULL;
}

const struct table *doc_find_table(const struct doc *d, const char *id)
{
	for (size_t i = 0; i < d->n_tables; i++)
		if (d->tables[i].id && strcmp(d->tables[i].id, id) == 0)
			return &d->tables[i];
	return NULL;
}

const struct value *doc_find_value(const struct doc *d, const char *name)
{
	for (size_t i = 0; i < d->n_values; i++)
		if (d->values[i].name && strcmp(d->values[i].name, name) == 0)
			return &d->values[i];
	return NULL;
}

/* ---- figures ---- */

struct figure *doc_add_figure(struct doc *d, const char *id, const char *title,
                              const char *xlabel, const char *ylabel)
{
	struct figure *f = grow_one(&d->figures, &d->n_figures, sizeof(*f));
	f->id = xstrdup_or_null(id);
	f->title = xstrdup_or_null(title);
	f->xlabel = xstrdup_or_null(xlabel);
	f->ylabel = xstrdup_or_null(ylabel);
	return f;
}

void figure_set_yrange(struct figure *f, double ymin, double ymax)
{
	f->has_yrange = 1;
	f->ymin = ymin;
	f->ymax = ymax;
}

void figure_set_caption(struct figure *f, const char *fmt, ...)
{
	va_list ap;
	free(f->caption);
	va_start(ap, fmt);
	f->caption = xvasprintf(fmt, ap);
	va_end(ap);
}

/* x and y of a series are kept with capacity = next power of two >= n, like grow_one. */
static void series_reserve(struct series *s, size_t n_new)
{
	size_t cap = 1;
	while (cap < s->n)
		cap *= 2;
	if (s->n == 0 || n_new > cap) {
		size_t newcap = 4;
		while (newcap < n_new)
			newcap *= 2;
		s->x = xrealloc(s->x, newcap * sizeof(double));
		s->y = xrealloc(s->y, newcap * sizeof(double));
		if (s->point_labels) {
			s->point_labels = xrealloc(s->point_labels, newcap * sizeof(char *));
			for (size_t i = s->n; i < newcap; i++)
				s->point_labels[i] = NULL;
		}
	}
}

struct series *figure_add_series(struct figure *f, const char *title, enum series_style style,
                                 const double *x, const double *y, size_t n)
{
	struct series *s = grow_one(&f->series, &f->n_series, sizeof(*s));
	s->title = xstrdup_or_null(title);
	s->style = style;
	series_reserve(s, n);
	if (n) {
		memcpy(s->x, x, n * sizeof(double));
		memcpy(s->y, y, n * sizeof(double));
	}
	s->n = n;
	return s;
}

void series_add_point(struct series *s, double x, double y)
{
	series_reserve(s, s->n + 1);
	s->x[s->n] = x;
	s->y[s->n] = y;
	s->n++;
}

void series_set_point_label(struct series *s, size_t i, const char *label)
{
	if (i >= s->n) {
		error("internal: point label %zu beyond %zu points", i, s->n);
		exit(EXIT_INTERNAL);
	}
	if (!s->point_labels) {
		size_t cap = 4;
		while (cap < s->n)
			cap *= 2;
		s->point_labels = xcalloc(cap, sizeof(char *));
	}
	free(s->point_labels[i]);
	s->point_labels[i] = xstrdup_or_null(label);
}

void figure_add_mark(struct figure *f, int kind, double x, double y, const char *label)
{
	struct fig_mark *m = grow_one(&f->marks, &f->n_marks, sizeof(*m));
	m->kind = kind == MARK_HLINE ? MARK_HLINE : kind == MARK_VLINE ? MARK_VLINE : MARK_POINT;
	m->x = x;
	m->y = y;
	m->label = xstrdup_or_null(label);
}

/* ---- tables ---- */

struct table *doc_add_table(struct doc *d, const char *id, const char *title, size_t ncols,
                            const char *const *head)
{
	struct table *t = grow_one(&d->tables, &d->n_tables, sizeof(*t));
	t->id = xstrdup_or_null(id);
	t->title = xstrdup_or_null(title);
	t->ncols = ncols;
	t->head = xcalloc(ncols, sizeof(char *));
	t->align = xcalloc(ncols, sizeof(enum cell_align));
	t->min_w_frac = xcalloc(ncols, sizeof(double));
	for (size_t c = 0; c < ncols; c++) {
		t->head[c] = xstrdup_or_null(head && head[c] ? head[c] : "");
		t->align[c] = c == 0 ? ALIGN_LEFT : ALIGN_RIGHT;
	}
	return t;
}

void table_set_align(struct table *t, size_t col, enum cell_align a)
{
	if (col < t->ncols)
		t->align[col] = a;
}

void table_set_min_width(struct table *t, size_t col, double frac)
{
	if (col < t->ncols && frac >= 0 && frac <= 1)
		t->min_w_frac[col] = frac;
}

void table_set_caption(struct table *t, const char *fmt, ...)
{
	va_list ap;
	free(t->caption);
	va_start(ap, fmt);
	t->caption = xvasprintf(fmt, ap);
	va_end(ap);
}

size_t table_add_row(struct table *t)
{
	size_t r = t->nrows, cap = 1;
	while (cap < t->nrows)
		cap *= 2;
	if (t->nrows == 0 || t->nrows == cap) {
		size_t newcap = t->nrows == 0 ? 8 : cap * 2;
		t->cells = xrealloc(t->cells, newcap * t->ncols * sizeof(char *));
		t->raw = xrealloc(t->raw, newcap * t->ncols * sizeof(double));
	}
	for (size_t c = 0; c < t->ncols; c++) {
		t->cells[r * t->ncols + c] = xstrdup_or_null("");
		t->raw[r * t->ncols + c] = NAN;
	}
	t->nrows++;
	return r;
}

static void check_cell(const struct table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->ncols) {
		error("internal: cell (%zu, %zu) outside table '%s' (%zu x %zu)", row, col,
		      t->id ? t->id : "?", t->nrows, t->ncols);
		exit(EXIT_INTERNAL);
	}
}

void table_set_cell(struct table *t, size_t row, size_t col, const char *text, double raw)
{
	check_cell(t, row, col);
	free(t->cells[row * t->ncols + col]);
	t->cells[row * t->ncols + col] = xstrdup_or_null(text ? text : "");
	t->raw[row * t->ncols + col] = raw;
}

void table_set_cellf(struct table *t, size_t row, size_t col, double raw, const char *fmt, ...)
{
	va_list ap;
	check_cell(t, row, col);
	free(t->cells[row * t->ncols + col]);
	va_start(ap, fmt);
	t->cells[row * t->ncols + col] = xvasprintf(fmt, ap);
	va_end(ap);
	t->raw[row * t->ncols + col] = raw;
}

void table_set_text(struct table *t, size_t row, size_t col, const char *text)
{
	table_set_cell(t, row, col, text, NAN);
}

/* ---- values ---- */

static struct value *value_slot(struct doc *d, const char *name)
{
	for (size_t i = 0; i < d->n_values; i++)
		if (strcmp(d->values[i].name, name) == 0) {
			free(d->values[i].unit);
			free(d->values[i].text);
			d->values[i].unit = d->values[i].text = NULL;
			return &d->values[i];
		}
	{
		struct value *v = grow_one(&d->values, &d->n_values, sizeof(*v));
		v->name = xstrdup_or_null(name);
		return v;
	}
}

struct value *doc_add_value(struct doc *d, const char *name, double v, const char *unit,
                            const char *text)
{
	struct value *val = value_slot(d, name);
	char buf[64];
	val->v = v;
	val->unit = xstrdup_or_null(unit ? unit : "");
	if (!text) {
		doc_fmt_sig(buf, sizeof(buf), v, 3);
		text = buf;
	}
	val->text = xstrdup_or_null(text);
	return val;
}

struct value *doc_add_valuef(struct doc *d, const char *name, double v, const char *unit,
                             const char *fmt, ...)
{
	struct value *val = value_slot(d, name);
	va_list ap;
	val->v = v;
	val->unit = xstrdup_or_null(unit ? unit : "");
	va_start(ap, fmt);
	val->text = xvasprintf(fmt, ap);
	va_end(ap);
	return val;
}

/* ---- number formatting ---- */

/* Inserts ',' every three digits in the integer part of the decimal number in buf. */
static void group_thousands(char *buf, size_t size)
{
	char *p = buf, *dot;
	size_t int_len, commas, len;

	if (*p == '-')
		p++;
	dot = strchr(p, '.');
	int_len = dot ? (size_t)(dot - p) : strlen(p);
	if (int_len < 5)
		return;
	commas = (int_len - 1) / 3;
	len = strlen(buf);
	if (len + commas + 1 > size)
		return;
	/* Move from the end backwards. */
	{
		char *src = buf + len, *dst = buf + len + commas;
		size_t digits = 0;
		char *int_end = p + int_len;
		while (src >= int_end) /* fractional part and NUL */
			*dst-- = *src--;
		while (src >= p) {
			*dst-- = *src--;
			if (++digits % 3 == 0 && src >= p)
				*dst-- = ',';
		}
	}
}

char *doc_fmt_sig(char *buf, size_t size, double v, int sig)
{
	char e_buf[64];
	int e, decimals;
	double r;

	if (sig < 1)
		sig = 1;
	if (sig > 17)
		sig = 17;
	if (isnan(v)) {
		snprintf(buf, size, "n/a");
		return buf;
	}
	if (isinf(v)) {
		snprintf(buf, size, "%s", v < 0 ? "-inf" : "inf");
		return buf;
	}
	if (v == 0) {
		snprintf(buf, size, "0");
		return buf;
	}
	/* Round to sig digits first so that 9.996 -> 10.0 gets the right exponent. */
	snprintf(e_buf, sizeof(e_buf), "%.*e", sig - 1, v);
	r = strtod(e_buf, NULL);
	e = (int)floor(log10(fabs(r)) + 1e-9);
	if (e < -6 || e >= 15) {
		snprintf(buf, size, "%.*g", sig, v);
		return buf;
	}
	decimals = sig - 1 - e;
	if (decimals < 0)
		decimals = 0;
	snprintf(buf, size, "%.*f", decimals, r);
	group_thousands(buf, size);
	return buf;
}

char *doc_fmt_si(char *buf, size_t size, double v, int sig)
{
	static const char *const suffix[] = { "k", "M", "B", "T" };
	char e_buf[64], num[64];
	double r, scaled;
	int e, k;

	if (sig < 1)
		sig = 1;
	if (sig > 17)
		sig = 17;
	if (!isfinite(v) || v == 0)
		return doc_fmt_sig(buf, size, v, sig);
	snprintf(e_buf, sizeof(e_buf), "%.*e", sig - 1, v);
	r = strtod(e_buf, NULL);
	e = (int)floor(log10(fabs(r)) + 1e-9);
	if (e < 3 || e >= 15)
		return doc_fmt_sig(buf, size, v, sig);
	k = e / 3; /* 1..4 */
	scaled = r / pow(10.0, 3.0 * k);
	doc_fmt_sig(num, sizeof(num), scaled, sig);
	snprintf(buf, size, "%s %s", num, suffix[k - 1]);
	return buf;
}
