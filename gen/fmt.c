/*
 * fmt.c - fast number formatting and the table/CSV/JSON row writer (see fmt.h).
 */
#include "fmt.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* Powers of ten that a double holds exactly: multiplying or dividing by one rounds once. */
static const double P10[23] = {
	1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* v x 10^k for |k| <= 22, with a single rounding. */
static double scale10(double v, int k)
{
	return k >= 0 ? v * P10[k] : v / P10[-k];
}

size_t fmt_long(char *dst, long v)
{
	char tmp[24];
	size_t n = 0, len = 0;
	unsigned long u;

	if (v < 0) {
		dst[len++] = '-';
		u = 0UL - (unsigned long)v;
	} else {
		u = (unsigned long)v;
	}
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (n)
		dst[len++] = tmp[--n];
	dst[len] = '\0';
	return len;
}

/*
 * %.6g by integer arithmetic: find the decimal exponent e from the binary one, scale v to a
 * six-digit integer with one exact power of ten, then lay the digits out as %g does. Values
 * whose scaling would need an inexact power (beyond 1e27 or below 1e-17) go through snprintf.
 */
size_t fmt_g6(char *dst, double v)
{
	char d[6];
	char *p = dst;
	uint64_t bits, m;
	int be, e, nd, i;
	double s;

	if (!isfinite(v)) {
		dst[0] = '\0';
		return 0;
	}
	if (v == 0) {
		dst[0] = '0';
		dst[1] = '\0';
		return 1;
	}
	if (v < 0) {
		*p++ = '-';
		v = -v;
	}
	memcpy(&bits, &v, sizeof(bits));
	be = (int)((bits >> 52) & 0x7ff) - 1023;
	/* floor(be x log10(2)): the true exponent is this or one more. */
	e = be >= 0 ? (be * 78913) >> 18 : -((-be * 78913 + (1 << 18) - 1) >> 18);
	if (e < -17 || e > 26) {
		int n = snprintf(p, FMT_NUM_MAX - 1, "%.6g", v);
		return (size_t)(p - dst) + (n > 0 ? (size_t)n : 0);
	}
	s = scale10(v, 5 - e);
	if (s >= 999999.5) {
		e++;
		s = scale10(v, 5 - e);
	}
	m = (uint64_t)(s + 0.5);
	if (m >= 1000000) { /* 999999.5 and up round to the next power of ten */
		m = 100000;
		e++;
	}
	for (i = 5; i >= 0; i--) {
		d[i] = (char)('0' + m % 10);
		m /= 10;
	}
	nd = 6;
	while (nd > 1 && d[nd - 1] == '0')
		nd--;

	if (e < -4 || e >= 6) {
		int ae = e < 0 ? -e : e;
		*p++ = d[0];
		if (nd > 1) {
			*p++ = '.';
			for (i = 1; i < nd; i++)
				*p++ = d[i];
		}
		*p++ = 'e';
		*p++ = e < 0 ? '-' : '+';
		if (ae >= 100)
			*p++ = (char)('0' + ae / 100);
		*p++ = (char)('0' + ae / 10 % 10);
		*p++ = (char)('0' + ae % 10);
	} else if (e >= 0) {
		for (i = 0; i <= e; i++)
			*p++ = d[i];
		if (nd > e + 1) {
			*p++ = '.';
			for (i = e + 1; i < nd; i++)
				*p++ = d[i];
		}
	} else {
		*p++ = '0';
		*p++ = '.';
		for (i = 0; i < -e - 1; i++)
			*p++ = '0';
		for (i = 0; i < nd; i++)
			*p++ = d[i];
	}
	*p = '\0';
	return (size_t)(p - dst);
}

/* v with `sig` significant digits in fixed notation, trailing zeros dropped. */
static size_t fixed_sig(char *dst, double v, int sig)
{
	double a = fabs(v);
	int decimals = sig - 1 - (int)floor(log10(a));
	int n;

	if (decimals < 0)
		decimals = 0;
	n = snprintf(dst, FMT_NUM_MAX, "%.*f", decimals, v);
	if (n < 0)
		return 0;
	if (decimals > 0) {
		while (n > 0 && dst[n - 1] == '0')
			n--;
		if (n > 0 && dst[n - 1] == '.')
			n--;
		dst[n] = '\0';
	}
	if (n == 2 && dst[0] == '-' && dst[1] == '0') { /* "-0" after rounding */
		dst[0] = '0';
		dst[1] = '\0';
		n = 1;
	}
	return (size_t)n;
}

size_t fmt_human(char *dst, double v)
{
	static const struct { double div; const char *suffix; } big[] = {
		{ 1e12, " T" }, { 1e9, " B" }, { 1e6, " M" },
	};
	double a = fabs(v);
	size_t i, n;
	int k;

	if (!isfinite(v)) {
		memcpy(dst, "-", 2);
		return 1;
	}
	if (a == 0) {
		memcpy(dst, "0", 2);
		return 1;
	}
	if (a >= 1e15 || a < 1e-6) {
		k = snprintf(dst, FMT_NUM_MAX, "%.3g", v);
		return k > 0 ? (size_t)k : 0;
	}
	for (i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
		if (a >= big[i].div) {
			n = fixed_sig(dst, v / big[i].div, 3);
			memcpy(dst + n, big[i].suffix, 3);
			return n + 2;
		}
	}
	if (a >= 1000) {
		k = snprintf(dst, FMT_NUM_MAX, "%.0f", v);
		return k > 0 ? (size_t)k : 0;
	}
	return fixed_sig(dst, v, 3);
}

int out_format_parse(const char *s, enum out_format *f)
{
	if (!strcmp(s, "table"))
		*f = OUT_TABLE;
	else if (!strcmp(s, "csv"))
		*f = OUT_CSV;
	else if (!strcmp(s, "json"))
		*f = OUT_JSON;
	else
		return -1;
	return 0;
}

const char *out_format_name(enum out_format f)
{
	return f == OUT_TABLE ? "table" : f == OUT_CSV ? "csv" : "json";
}

/* ---- the row writer ---- */

static void put(struct row_writer *w, const char *s, size_t n)
{
	if (w->len + n >= sizeof(w->line)) {
		w->overflow = 1;
		n = sizeof(w->line) - 1 - w->len;
	}
	memcpy(w->line + w->len, s, n);
	w->len += n;
}

static void putc_(struct row_writer *w, char c)
{
	put(w, &c, 1);
}

static void pad(struct row_writer *w, size_t n)
{
	static const char spaces[] = "                                                                ";
	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		put(w, spaces, k);
		n -= k;
	}
}

static void flush_line(struct row_writer *w)
{
	if (w->len)
		fwrite(w->line, 1, w->len, w->fp);
	w->len = 0;
}

/* Width of a column in the many-record table: its given width, else room for what
 * fmt_human() writes (9 characters: "0.0000252", "2.16e+25") or a count; never less than the
 * name. */
static size_t col_width(const struct column *c)
{
	size_t n = strlen(c->name);
	size_t w = c->width > 0 ? (size_t)c->width : c->kind == COL_NUM ? 9 : c->kind == COL_INT ? 6 : 0;
	return w > n ? w : n;
}

/* The widest label of the one-record table, so values line up. */
static size_t label_width(const struct row_writer *w)
{
	size_t i, max = 0;
	for (i = 0; i < w->n_cols; i++) {
		size_t n = strlen(w->cols[i].label ? w->cols[i].label : w->cols[i].name);
		if (n > max)
			max = n;
	}
	return max;
}

static void csv_quoted(struct row_writer *w, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		put(w, s, strlen(s));
		return;
	}
	putc_(w, '"');
	for (; *s; s++) {
		if (*s == '"')
			putc_(w, '"');
		putc_(w, *s);
	}
	putc_(w, '"');
}

static void json_string(struct row_writer *w, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	putc_(w, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			putc_(w, '\\');
			putc_(w, (char)c);
		} else if (c < 0x20) {
			char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			put(w, esc, 6);
		} else {
			putc_(w, (char)c);
		}
	}
	putc_(w, '"');
}

void rw_begin(struct row_writer *w, FILE *fp, enum out_format fmt, const struct column *cols,
	      size_t n_cols, int many)
{
	rw_begin_part(w, fp, fmt, cols, n_cols, many, 0, 1, 1);
}

void rw_begin_part(struct row_writer *w, FILE *fp, enum out_format fmt,
		   const struct column *cols, size_t n_cols, int many, size_t rows_before,
		   int head, int tail)
{
	size_t i;

	w->fp = fp;
	w->fmt = fmt;
	w->cols = cols;
	w->n_cols = n_cols;
	w->many = many;
	w->n_rows = rows_before;
	w->col = 0;
	w->len = 0;
	w->overflow = 0;
	w->tail = tail;
	if (!head) {
		/* nothing before the rows */
	} else if (fmt == OUT_CSV) {
		for (i = 0; i < n_cols; i++) {
			if (i)
				putc_(w, ',');
			csv_quoted(w, cols[i].name);
		}
		putc_(w, '\n');
	} else if (fmt == OUT_JSON && many) {
		put(w, "[\n", 2);
	} else if (fmt == OUT_TABLE && many) {
		for (i = 0; i < n_cols; i++) {
			size_t n = strlen(cols[i].name), width = col_width(&cols[i]);
			if (i)
				put(w, "  ", 2);
			if (cols[i].kind == COL_STR) {
				put(w, cols[i].name, n);
				if (i + 1 < n_cols)
					pad(w, width - n);
			} else {
				pad(w, width - n);
				put(w, cols[i].name, n);
			}
		}
		putc_(w, '\n');
	}
	flush_line(w);
}

/* Starts a cell: separators, the JSON key, the table label. */
static void cell_open(struct row_writer *w)
{
	const struct column *c = &w->cols[w->col];

	if (w->col == 0 && w->fmt == OUT_JSON) {
		if (w->many && w->n_rows)
			put(w, ",\n", 2);
		putc_(w, '{');
	}
	if (w->fmt == OUT_CSV) {
		if (w->col)
			putc_(w, ',');
	} else if (w->fmt == OUT_JSON) {
		if (w->col)
			putc_(w, ',');
		json_string(w, c->name);
		putc_(w, ':');
	} else if (!w->many) {
		const char *label = c->label ? c->label : c->name;
		size_t n = strlen(label);
		put(w, label, n);
		pad(w, label_width(w) - n + 2);
	} else if (w->col) {
		put(w, "  ", 2);
	}
}

/* A cell's text for the table: value and unit ("$0.00043", "2.87 s") for one record; the bare
 * value, padded to the column, for many. */
static void table_cell(struct row_writer *w, const char *text, size_t n)
{
	const struct column *c = &w->cols[w->col];

	if (!w->many) {
		int dollar = c->unit && c->unit[0] == '$';
		if (dollar && strcmp(text, "-"))
			putc_(w, '$');
		put(w, text, n);
		if (c->unit && c->unit[0] && !dollar && strcmp(text, "-")) {
			putc_(w, ' ');
			put(w, c->unit, strlen(c->unit));
		}
		putc_(w, '\n');
		return;
	}
	if (c->kind == COL_STR) {
		put(w, text, n);
		if (w->col + 1 < w->n_cols && n < col_width(c))
			pad(w, col_width(c) - n);
	} else {
		if (n < col_width(c))
			pad(w, col_width(c) - n);
		put(w, text, n);
	}
}

static void cell_close(struct row_writer *w)
{
	w->col++;
}

void rw_str(struct row_writer *w, const char *s)
{
	if (w->col >= w->n_cols)
		return;
	cell_open(w);
	if (w->fmt == OUT_CSV)
		csv_quoted(w, s);
	else if (w->fmt == OUT_JSON)
		json_string(w, s);
	else
		table_cell(w, s, strlen(s));
	cell_close(w);
}

void rw_num(struct row_writer *w, double v)
{
	char buf[FMT_NUM_MAX];
	size_t n;

	if (w->col >= w->n_cols)
		return;
	cell_open(w);
	if (w->fmt == OUT_TABLE) {
		n = fmt_human(buf, v);
		table_cell(w, buf, n);
	} else {
		n = fmt_g6(buf, v);
		if (n)
			put(w, buf, n);
		else if (w->fmt == OUT_JSON)
			put(w, "null", 4);
	}
	cell_close(w);
}

void rw_int(struct row_writer *w, long v)
{
	char buf[FMT_NUM_MAX];
	size_t n;

	if (w->col >= w->n_cols)
		return;
	cell_open(w);
	n = fmt_long(buf, v);
	if (w->fmt == OUT_TABLE)
		table_cell(w, buf, n);
	else
		put(w, buf, n);
	cell_close(w);
}

void rw_empty(struct row_writer *w)
{
	if (w->col >= w->n_cols)
		return;
	cell_open(w);
	if (w->fmt == OUT_JSON)
		put(w, "null", 4);
	else if (w->fmt == OUT_TABLE)
		table_cell(w, "-", 1);
	cell_close(w);
}

void rw_end_row(struct row_writer *w)
{
	while (w->col < w->n_cols)
		rw_empty(w);
	if (w->fmt == OUT_JSON)
		put(w, w->many ? "}" : "}\n", w->many ? 1 : 2);
	else if (w->fmt == OUT_CSV || w->many)
		putc_(w, '\n');
	w->n_rows++;
	w->col = 0;
	flush_line(w);
}

int rw_finish(struct row_writer *w)
{
	if (w->fmt == OUT_JSON && w->many && w->tail)
		put(w, w->n_rows ? "\n]\n" : "]\n", w->n_rows ? 3 : 2);
	flush_line(w);
	if (fflush(w->fp) != 0 || ferror(w->fp))
		return -1;
	return w->overflow ? -1 : 0;
}

void fmt_csv_field(FILE *fp, const char *s)
{
	if (strpbrk(s, ",\"\r\n") || (*s && (s[0] == ' ' || s[strlen(s) - 1] == ' '))) {
		fputc('"', fp);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', fp);
			fputc(*s, fp);
		}
		fputc('"', fp);
	} else {
		fputs(s, fp);
	}
}
