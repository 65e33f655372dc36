/*
 * csvload.c - a schema-driven CSV reader on libcsv that always knows where it is.
 *
 * libcsv reports no positions, so the file is read with getline() and fed to the parser one
 * physical line at a time: the line being fed when a field ends tells where the next field
 * starts, and a row that began on line 3 and whose quoted field ran on to line 5 is still "row
 * of line 3", its fields each at their own line. CRLF becomes LF before parsing and only LF
 * ends a row, so a stray CR inside a line is caught as a control character instead of
 * silently splitting the row.
 *
 * After the header row names the columns, each data row is checked field by field against its
 * column spec; a row with any bad field is reported and dropped, and the rest are handed to the
 * caller typed. Every problem is reported, up to CSVLOAD_MAX_ERRORS per file.
 */
#include "csvload.h"

#include "err.h"
#include "model.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One field of the row being read; buffers are reused from row to row. */
struct field {
	char *s;
	size_t len, cap;
	long line;
};

/* Keys seen so far in one CSV_KEY column: open addressing on the lower-cased key. */
struct keyset {
	char **keys;  /* as written */
	long *lines;
	size_t cap, n;
};

struct csvload {
	const char *path;
	const struct csv_column *cols;
	size_t n_cols;
	unsigned flags;
	csv_row_fn fn;
	void *ctx;

	struct csv_parser p;
	int parser_live;
	long line;        /* physical line being fed */
	long row_line;    /* where the current row started */
	long field_line;  /* where the next field starts */
	int in_row, row_ended;

	struct field *fields;
	size_t n_fields, n_kept, cap_fields;

	int header_done, header_bad;
	long header_line;
	size_t n_header;
	long *map;                /* header position -> schema index, -1 = ignored */
	struct csv_value *v;      /* n_cols */
	struct keyset *keys;      /* n_cols, used where CSV_KEY */
	struct keyset parts;      /* the CSV_KEY_PART columns' keys, joined (composite_key) */
	long n_rows;

	size_t err_start;         /* err_count() when the file was opened */
	int stop;                 /* too many errors or rows: read no further */
};

static const unsigned char PARSE_OPTS = CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL;

/* ---- messages ---- */

static size_t n_errors(const struct csvload *l) { return err_count() - l->err_start; }

/* Every message about the file goes through here, so the cap holds for the caller's checks
 * too: the (CSVLOAD_MAX_ERRORS + 1)th problem is replaced by one "too many errors" line. */
static int lerr_v(struct csvload *l, long line, long col, const char *fmt, va_list ap)
{
	if (l->stop)
		return -1;
	if (n_errors(l) >= CSVLOAD_MAX_ERRORS) {
		error_at(l->path, 0, 0, "too many errors, stopped after %d", CSVLOAD_MAX_ERRORS);
		l->stop = 1;
		return -1;
	}
	return error_v(l->path, line, col, fmt, ap);
}

static int lerr(struct csvload *l, long line, long col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int lerr(struct csvload *l, long line, long col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lerr_v(l, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

int csv_field_error(const struct csv_row *row, size_t k, const char *fmt, ...)
{
	char msg[768];
	const struct csv_value *v = &row->v[k];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lerr(row->loader, v->line, v->col, "%s: %s", row->cols[k].name, msg);
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 if it is not valid
 * (overlong forms, surrogates and code points past U+10FFFF are invalid). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len, k;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (k = 1; k < len; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[k] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

char *csv_quote(char *out, size_t out_size, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0, shown = len > 48 ? 48 : len;

	if (out_size < 16) {
		if (out_size)
			out[0] = '\0';
		return out;
	}
	out[o++] = '"';
	while (i < shown && o + 8 < out_size) {
		size_t n = utf8_len(u + i, len - i);
		if (n == 0 || u[i] < 0x20 || u[i] == 0x7F) {
			const char *esc = u[i] == '\n' ? "\\n" : u[i] == '\t' ? "\\t" :
					  u[i] == '\r' ? "\\r" : NULL;
			if (esc)
				o += (size_t)snprintf(out + o, out_size - o, "%s", esc);
			else
				o += (size_t)snprintf(out + o, out_size - o, "\\x%02X", u[i]);
			i++;
		} else if (u[i] == '"' || u[i] == '\\') {
			out[o++] = '\\';
			out[o++] = (char)u[i++];
		} else {
			if (i + n > shown && i > 0)
				break; /* do not cut a character in half */
			memcpy(out + o, u + i, n);
			o += n;
			i += n;
		}
	}
	out[o++] = '"';
	if (i < len && o + 4 < out_size) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

size_t csv_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d;
	size_t *row;

	row = malloc((lb + 1) * sizeof(*row));
	if (!row)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			int same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
			size_t best = diag + (same ? 0 : 1);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

int csv_is_near(size_t d, size_t len)
{
	size_t limit = len / 3 > 2 ? len / 3 : 2;
	return d <= limit;
}

/* ---- keys ---- */

/* Keys compare ignoring case and the separators people vary ("gpt-3.5-turbo", "GPT 3.5
 * Turbo" and "gpt_3.5_turbo" are one key); other punctuation ("3.5" vs "35") counts. */
static int key_skips(char c)
{
	return c == ' ' || c == '-' || c == '_';
}

static uint64_t key_hash(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		if (!key_skips(*s))
			h = (h ^ (uint64_t)tolower((unsigned char)*s)) * 1099511628211u;
	return h;
}

static int same_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return *a == *b;
}

static int same_key(const char *a, const char *b)
{
	for (;;) {
		while (key_skips(*a))
			a++;
		while (key_skips(*b))
			b++;
		if (!*a || !*b)
			return *a == *b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
}

/* Finds key; if absent adds it (returns 0), else returns 1 with *first set to the earlier
 * entry. Returns -1 when out of memory. */
static int keyset_add(struct keyset *ks, const char *key, long line, const char **first,
		      long *first_line)
{
	size_t i;

	if (ks->n * 2 >= ks->cap) {
		size_t ncap = ks->cap ? ks->cap * 2 : 64, k;
		char **nk = calloc(ncap, sizeof(*nk));
		long *nl = calloc(ncap, sizeof(*nl));
		if (!nk || !nl) {
			free(nk);
			free(nl);
			return -1;
		}
		for (k = 0; k < ks->cap; k++) {
			if (!ks->keys[k])
				continue;
			i = key_hash(ks->keys[k]) & (ncap - 1);
			while (nk[i])
				i = (i + 1) & (ncap - 1);
			nk[i] = ks->keys[k];
			nl[i] = ks->lines[k];
		}
		free(ks->keys);
		free(ks->lines);
		ks->keys = nk;
		ks->lines = nl;
		ks->cap = ncap;
	}
	i = key_hash(key) & (ks->cap - 1);
	while (ks->keys[i]) {
		if (same_key(ks->keys[i], key)) {
			*first = ks->keys[i];
			*first_line = ks->lines[i];
			return 1;
		}
		i = (i + 1) & (ks->cap - 1);
	}
	ks->keys[i] = strdup(key);
	if (!ks->keys[i])
		return -1;
	ks->lines[i] = line;
	ks->n++;
	return 0;
}

static void keyset_release(struct keyset *ks)
{
	size_t i;
	for (i = 0; i < ks->cap; i++)
		free(ks->keys[i]);
	free(ks->keys);
	free(ks->lines);
}

/* Appends "a", "b" (each part of key quoted, parts separated by KEY_SEP) to out[size]. */
#define KEY_SEP '\x1f' /* no text field holds a control character */
static void quote_parts(char *out, size_t size, const char *key)
{
	size_t o = 0;

	out[0] = '\0';
	for (const char *p = key; *p && o + 1 < size; ) {
		const char *e = strchr(p, KEY_SEP);
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char q[CSV_QUOTE_SIZE];
		int w = snprintf(out + o, size - o, "%s%s", o ? ", " : "",
				 csv_quote(q, sizeof(q), p, n));
		if (w < 0)
			break;
		o += (size_t)w;
		p += n + (e != NULL);
	}
}

/*
 * The row's CSV_KEY_PART fields as one key: their texts joined by KEY_SEP, checked against
 * the earlier rows' keys like a CSV_KEY column. A repeat is reported at the last key part:
 * "as_of: duplicate key "A100-80GB", "2023-07-20" (hardware, as_of; first on line 2)".
 * Returns 0, 1 after reporting a repeat, -1 when out of memory.
 */
static int composite_key(struct csvload *l)
{
	char names[512] = "", q[1024], q2[1024], *key;
	const char *first;
	size_t k, n = 1, o = 0, last = 0, nn = 0;
	long first_line;
	int r;

	for (k = 0; k < l->n_cols; k++)
		if (l->cols[k].flags & CSV_KEY_PART)
			n += l->v[k].len + 1;
	key = malloc(n);
	if (!key)
		return -1;
	for (k = 0; k < l->n_cols; k++) {
		if (!(l->cols[k].flags & CSV_KEY_PART))
			continue;
		if (o)
			key[o++] = KEY_SEP;
		memcpy(key + o, l->v[k].text, l->v[k].len);
		o += l->v[k].len;
		nn += (size_t)snprintf(names + nn, sizeof(names) - nn, "%s%s", nn ? ", " : "",
				       l->cols[k].name);
		if (nn >= sizeof(names))
			nn = sizeof(names) - 1;
		last = k;
	}
	key[o] = '\0';
	r = keyset_add(&l->parts, key, l->row_line, &first, &first_line);
	if (r == 1) {
		quote_parts(q, sizeof(q), key);
		quote_parts(q2, sizeof(q2), first);
		if (strcmp(first, key) == 0)
			lerr(l, l->v[last].line, l->v[last].col, "%s: duplicate key %s (%s; first on "
			     "line %ld)", l->cols[last].name, q, names, first_line);
		else
			lerr(l, l->v[last].line, l->v[last].col, "%s: duplicate key %s (%s; first on "
			     "line %ld as %s; keys ignore case, spaces, '-' and '_')", l->cols[last].name, q, names,
			     first_line, q2);
	}
	free(key);
	return r;
}

/* ---- field conversion ---- */

static void trim(char **s, size_t *len)
{
	while (*len && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
	(*s)[*len] = '\0';
}

/* What a numeric column expects, for messages: "a positive integer". */
static const char *expect_number(const struct csv_column *c)
{
	int integer = c->type == CSV_T_INTEGER;
	if (c->flags & CSV_FRACTION)
		return "a fraction from 0 to 1";
	if (c->flags & CSV_POSITIVE)
		return integer ? "a positive integer" : "a positive number";
	if (c->flags & CSV_NONNEG)
		return integer ? "a non-negative integer" : "a non-negative number";
	return integer ? "an integer" : "a number";
}

/* Parses a whole trimmed field as a finite double. Returns 0, or -1 with *why set to NULL
 * (not a number at all) or to a short reason ("not finite", "out of range"). */
static int parse_double(const char *s, size_t len, double *out, const char **why)
{
	char *end;
	size_t i;
	double x;

	*why = NULL;
	for (i = 0; i < len; i++)
		if (!strchr("0123456789+-.eE", s[i]) || s[i] == '\0')
			break;
	if (i < len) {
		const char *t = s + (s[0] == '+' || s[0] == '-');
		if (same_nocase(t, "nan") || same_nocase(t, "inf") || same_nocase(t, "infinity"))
			*why = "not finite";
		return -1;
	}
	errno = 0;
	x = strtod(s, &end);
	if (end != s + len || len == 0)
		return -1;
	if (errno == ERANGE || !isfinite(x)) {
		*why = "out of range";
		return -1;
	}
	*out = x;
	return 0;
}

static int days_in_month(long y, long m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* yyyy-mm-dd -> yyyymmdd. Returns 0, or -1 with *why NULL (bad shape) or "no such day". */
static int parse_date(const char *s, size_t len, long *out, const char **why)
{
	long y, m, d;
	size_t i;

	*why = NULL;
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return -1;
	y = strtol(s, NULL, 10);
	m = strtol(s + 5, NULL, 10);
	d = strtol(s + 8, NULL, 10);
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) {
		*why = "no such day";
		return -1;
	}
	*out = y * 10000 + m * 100 + d;
	return 0;
}

/* Checks text: length, UTF-8, control characters (names: none; other text may hold line
 * breaks and tabs). Reports and returns -1 on the first problem. */
static int check_text(struct csvload *l, const struct csv_column *c, const char *s, size_t len,
		      long line, long col)
{
	int is_name = (c->flags & (CSV_NAME | CSV_KEY)) != 0;
	size_t max = is_name ? NAME_MAX_BYTES : FIELD_MAX_BYTES, i = 0;
	const unsigned char *u = (const unsigned char *)s;
	char q[CSV_QUOTE_SIZE];

	if (len > max)
		return lerr(l, line, col, "%s: expected at most %zu bytes, got %zu bytes", c->name,
			    max, len);
	while (i < len) {
		size_t n = utf8_len(u + i, len - i);
		if (n == 0)
			return lerr(l, line, col,
				    "%s: expected UTF-8 text, got %s (invalid byte 0x%02X at byte %zu)",
				    c->name, csv_quote(q, sizeof(q), s, len), u[i], i + 1);
		if (u[i] < 0x20 || u[i] == 0x7F) {
			if (is_name || (u[i] != '\n' && u[i] != '\t'))
				return lerr(l, line, col,
					    "%s: expected %s without control characters, got %s "
					    "(0x%02X at byte %zu)",
					    c->name, is_name ? "a one-line name" : "text",
					    csv_quote(q, sizeof(q), s, len), u[i], i + 1);
		}
		i += n;
	}
	return 0;
}

/* Converts field f (header position k) of spec c into *v; reports and returns -1 if bad. */
static int convert(struct csvload *l, const struct csv_column *c, struct field *f, size_t k,
		   struct csv_value *v)
{
	char *s = f->s;
	size_t len = f->len;
	long col = (long)k + 1;
	char q[CSV_QUOTE_SIZE];
	const char *why = NULL, *expect = "";

	trim(&s, &len);
	v->text = s;
	v->len = len;
	v->line = f->line;
	v->col = col;
	v->present = len > 0;
	v->num = 0;
	v->i = 0;
	if (len == 0) {
		if (c->flags & (CSV_REQUIRED | CSV_NONEMPTY | CSV_KEY))
			return lerr(l, f->line, col, "%s: expected a value, got an empty field",
				    c->name);
		return 0;
	}
	switch (c->type) {
	case CSV_T_TEXT:
		return check_text(l, c, s, len, f->line, col);
	case CSV_T_NUMBER:
	case CSV_T_INTEGER:
		/* Not a number at all: say so plainly; a number breaking the column's rule:
		 * name the rule ("a positive integer"). */
		expect = c->type == CSV_T_INTEGER ? "an integer" : "a number";
		if (parse_double(s, len, &v->num, &why) < 0)
			goto bad_number;
		if (c->type == CSV_T_INTEGER) {
			if (v->num != floor(v->num))
				goto bad_number;
			if (v->num > INT_MAX || v->num < INT_MIN) {
				why = "out of range";
				goto bad_number;
			}
			v->i = (long)v->num;
		}
		expect = expect_number(c);
		if (((c->flags & CSV_POSITIVE) && !(v->num > 0)) ||
		    ((c->flags & (CSV_NONNEG | CSV_FRACTION)) && v->num < 0) ||
		    ((c->flags & CSV_FRACTION) && v->num > 1))
			goto bad_number;
		return 0;
	case CSV_T_DATE:
		if (parse_date(s, len, &v->i, &why) == 0)
			return 0;
		return lerr(l, f->line, col, "%s: expected a date yyyy-mm-dd, got %s%s%s%s", c->name,
			    csv_quote(q, sizeof(q), s, len), why ? " (" : "", why ? why : "",
			    why ? ")" : "");
	case CSV_T_YESNO:
		if (same_nocase(s, "yes") || same_nocase(s, "no")) {
			v->i = same_nocase(s, "yes");
			return 0;
		}
		return lerr(l, f->line, col, "%s: expected yes or no, got %s", c->name,
			    csv_quote(q, sizeof(q), s, len));
	}
	return lerr(l, f->line, col, "%s: internal error: unknown column type", c->name);

bad_number:
	return lerr(l, f->line, col, "%s: expected %s, got %s%s%s%s", c->name, expect,
		    csv_quote(q, sizeof(q), s, len), why ? " (" : "", why ? why : "", why ? ")" : "");
}

/* ---- rows ---- */

static int starts_with_x_(const char *s) { return s[0] == 'x' && s[1] == '_'; }

/* Maps the header's names to the schema. Problems here are reported; a missing or repeated
 * column marks the header bad (rows are still checked, but none is delivered). */
static void do_header(struct csvload *l)
{
	size_t k, j;
	char q[CSV_QUOTE_SIZE];

	l->header_done = 1;
	l->header_line = l->row_line;
	l->n_header = l->n_fields;
	l->map = malloc((l->n_header ? l->n_header : 1) * sizeof(*l->map));
	if (!l->map) {
		lerr(l, 0, 0, "out of memory");
		l->stop = 1;
		return;
	}
	for (k = 0; k < l->n_header; k++) {
		struct field *f = &l->fields[k];
		char *s = f->s;
		size_t len = f->len;
		long col = (long)k + 1;

		trim(&s, &len);
		l->map[k] = -1;
		if (len == 0) {
			lerr(l, f->line, col,
			     "empty column name (name every column; names starting x_ are allowed "
			     "for notes)");
			continue;
		}
		for (j = 0; j < l->n_cols; j++)
			if (strcmp(l->cols[j].name, s) == 0)
				break;
		if (j < l->n_cols) {
			if (l->v[j].col) {
				lerr(l, f->line, col, "duplicate column \"%s\" (first as column %ld)",
				     s, l->v[j].col);
				l->header_bad = 1;
				continue;
			}
			l->map[k] = (long)j;
			l->v[j].col = col;
			continue;
		}
		if (starts_with_x_(s))
			continue;
		{
			const char *best = NULL;
			size_t best_d = SIZE_MAX;
			for (j = 0; j < l->n_cols; j++) {
				size_t d = csv_distance(s, l->cols[j].name);
				if (d < best_d) {
					best_d = d;
					best = l->cols[j].name;
				}
			}
			if (best && csv_is_near(best_d, len))
				lerr(l, f->line, col,
				     "unknown column %s (did you mean \"%s\"? names starting x_ are "
				     "allowed for notes)",
				     csv_quote(q, sizeof(q), s, len), best);
			else
				lerr(l, f->line, col,
				     "unknown column %s (names starting x_ are allowed for notes)",
				     csv_quote(q, sizeof(q), s, len));
		}
	}
	for (j = 0; j < l->n_cols; j++)
		if ((l->cols[j].flags & CSV_REQUIRED) && !l->v[j].col) {
			lerr(l, l->header_line, 0, "missing required column \"%s\"", l->cols[j].name);
			l->header_bad = 1;
		}
}

static void do_row(struct csvload *l)
{
	size_t k;
	int bad = 0, parts = 0, parts_ok = 1;
	struct csv_row row;

	if (++l->n_rows > TABLE_MAX_ROWS) {
		lerr(l, l->row_line, 0, "too many rows, expected at most %d", TABLE_MAX_ROWS);
		l->stop = 1;
		return;
	}
	if (l->n_fields != l->n_header) {
		lerr(l, l->row_line, 0, "expected %zu field%s, got %zu", l->n_header,
		     l->n_header == 1 ? "" : "s", l->n_fields);
		return;
	}
	for (k = 0; k < l->n_cols; k++) {
		struct csv_value *v = &l->v[k];
		long col = v->col;
		memset(v, 0, sizeof(*v));
		v->text = "";
		v->col = col;
		v->line = l->row_line;
	}
	for (k = 0; k < l->n_header; k++) {
		long j = l->map[k];
		const struct csv_column *c;
		const char *first;
		long first_line;
		char q[CSV_QUOTE_SIZE], q2[CSV_QUOTE_SIZE];
		int r;

		if (j < 0)
			continue;
		c = &l->cols[j];
		if (convert(l, c, &l->fields[k], k, &l->v[j]) < 0) {
			bad = 1;
			if (c->flags & CSV_KEY_PART)
				parts_ok = 0;
			continue;
		}
		if (!(c->flags & CSV_KEY) || !l->v[j].present)
			continue;
		r = keyset_add(&l->keys[j], l->v[j].text, l->v[j].line, &first, &first_line);
		if (r < 0) {
			lerr(l, 0, 0, "out of memory");
			l->stop = 1;
			return;
		}
		if (r == 0)
			continue;
		bad = 1;
		csv_quote(q, sizeof(q), l->v[j].text, l->v[j].len);
		if (strcmp(first, l->v[j].text) == 0)
			lerr(l, l->v[j].line, l->v[j].col, "%s: duplicate key %s (first on line %ld)",
			     c->name, q, first_line);
		else
			lerr(l, l->v[j].line, l->v[j].col,
			     "%s: duplicate key %s (first on line %ld as %s; keys ignore case, spaces, '-' and '_')",
			     c->name, q, first_line, csv_quote(q2, sizeof(q2), first, strlen(first)));
	}
	for (k = 0; k < l->n_cols; k++)
		if (l->cols[k].flags & CSV_KEY_PART) {
			parts = 1;
			parts_ok &= l->v[k].present;
		}
	if (parts && parts_ok && !l->stop) {
		int r = composite_key(l);
		if (r < 0) {
			lerr(l, 0, 0, "out of memory");
			l->stop = 1;
			return;
		}
		bad |= r;
	}
	if (bad || l->header_bad || l->stop || !l->fn)
		return;
	row.loader = l;
	row.path = l->path;
	row.line = l->row_line;
	row.cols = l->cols;
	row.v = l->v;
	row.n_cols = l->n_cols;
	l->fn(&row, l->ctx);
}

/* libcsv callbacks. */
static void on_field(void *s, size_t len, void *data)
{
	struct csvload *l = data;
	struct field *f;

	l->in_row = 1;
	if (l->stop)
		return;
	/* Past the header's width only count: a runaway row costs no memory. */
	if (l->header_done && l->n_fields >= l->n_header) {
		l->n_fields++;
		l->field_line = l->line;
		return;
	}
	if (l->n_fields == l->cap_fields) {
		size_t ncap = l->cap_fields ? l->cap_fields * 2 : 16;
		struct field *nf = realloc(l->fields, ncap * sizeof(*nf));
		if (!nf)
			goto oom;
		memset(nf + l->cap_fields, 0, (ncap - l->cap_fields) * sizeof(*nf));
		l->fields = nf;
		l->cap_fields = ncap;
	}
	f = &l->fields[l->n_fields];
	if (len + 1 > f->cap) {
		char *ns = realloc(f->s, len + 1);
		if (!ns)
			goto oom;
		f->s = ns;
		f->cap = len + 1;
	}
	if (len)
		memcpy(f->s, s, len);
	f->s[len] = '\0';
	f->len = len;
	f->line = l->field_line;
	l->field_line = l->line;
	l->n_fields++;
	return;
oom:
	lerr(l, 0, 0, "out of memory");
	l->stop = 1;
}

static void on_row(int c, void *data)
{
	struct csvload *l = data;

	(void)c;
	if (!l->stop) {
		if (!l->header_done)
			do_header(l);
		else
			do_row(l);
	}
	l->n_fields = 0;
	l->in_row = 0;
	l->row_ended = 1;
}

static int is_lf(unsigned char c) { return c == '\n'; }

static int parser_start(struct csvload *l)
{
	if (csv_init(&l->p, PARSE_OPTS) != 0)
		return lerr(l, 0, 0, "out of memory");
	csv_set_term_func(&l->p, is_lf);
	/* libcsv grows a field's buffer by this much at a time: the default 128 bytes makes a
	 * megabyte field cost thousands of reallocations. */
	csv_set_blk_size(&l->p, 64 * 1024);
	l->parser_live = 1;
	return 0;
}

/* Feeds n bytes to the parser in blocks, checking the length of the field being built
 * between blocks. Returns 0, -1 when libcsv stopped (strict-mode error), -2 when a field
 * grew past CSVLOAD_MAX_FIELD_BYTES (reported here; reading stops). */
static int feed(struct csvload *l, const char *s, size_t n)
{
	const size_t block = 64 * 1024;
	size_t done = 0;

	while (done < n) {
		size_t k = n - done > block ? block : n - done;
		if (csv_parse(&l->p, s + done, k, on_field, on_row, l) != k)
			return -1;
		done += k;
		if (l->p.entry_pos > (size_t)CSVLOAD_MAX_FIELD_BYTES) {
			lerr(l, l->field_line, (long)l->n_fields + 1,
			     "field longer than %ld bytes (text holds at most %d; an unmatched "
			     "quote?), stopped reading", CSVLOAD_MAX_FIELD_BYTES, FIELD_MAX_BYTES);
			l->stop = 1;
			return -2;
		}
	}
	return 0;
}

static int is_blank(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
			return 0;
	return 1;
}

/* Reads the whole file through the parser. */
static void read_all(struct csvload *l, FILE *fp)
{
	char *buf = NULL;
	size_t cap = 0;
	ssize_t got;
	int r;

	while (!l->stop && (got = getline(&buf, &cap, fp)) > 0) {
		size_t n = (size_t)got;
		char *s = buf;

		l->line++;
		if (l->line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
			s += 3;
			n -= 3;
		}
		if (n >= 2 && s[n - 2] == '\r' && s[n - 1] == '\n') {
			s[n - 2] = '\n';
			n--;
		} else if (n >= 1 && s[n - 1] == '\r') {
			n--;
		}
		if (!l->in_row)
			l->row_line = l->field_line = l->line;
		l->row_ended = 0;
		r = feed(l, s, n);
		if (r == -2)
			break;
		if (r < 0) {
			/* Strict mode stopped at a quote in an unquoted field or text after a
			 * closing quote. Drop the row and start afresh on the next line. */
			if (csv_error(&l->p) == CSV_EPARSE)
				lerr(l, l->line, (long)l->n_fields + 1,
				     "stray quote (quote the whole field and double the quotes "
				     "inside it)");
			else
				lerr(l, l->line, 0, "%s", csv_strerror(csv_error(&l->p)));
			if (!l->header_done)
				l->stop = 1; /* without a header nothing else can be checked */
			csv_free(&l->p);
			l->parser_live = 0;
			l->n_fields = 0;
			l->in_row = 0;
			if (parser_start(l) < 0)
				l->stop = 1;
			continue;
		}
		if (!l->row_ended && !is_blank(s, n))
			l->in_row = 1;
	}
	if (!l->stop && ferror(fp))
		lerr(l, 0, 0, "read error: %s", strerror(errno));
	free(buf);
	if (l->stop)
		return;
	if (csv_fini(&l->p, on_field, on_row, l) != 0) {
		if (csv_error(&l->p) == CSV_EPARSE)
			lerr(l, l->field_line, (long)l->n_fields + 1, "unterminated quoted field");
		else
			lerr(l, l->line, 0, "%s", csv_strerror(csv_error(&l->p)));
		return;
	}
	if (l->stop)
		return;
	if (!l->header_done)
		lerr(l, 0, 0, "empty file, expected a header row");
	else if (l->n_rows == 0 && (l->flags & CSVLOAD_NEED_ROWS))
		lerr(l, 0, 0, "expected at least one data row, found only the header");
}

int csv_load(const char *path, const struct csv_column *cols, size_t n_cols, unsigned flags,
	     csv_row_fn fn, void *ctx)
{
	struct csvload l;
	struct stat st;
	FILE *fp;
	size_t k;
	int fd, ret;

	memset(&l, 0, sizeof(l));
	l.path = path;
	l.cols = cols;
	l.n_cols = n_cols;
	l.flags = flags;
	l.fn = fn;
	l.ctx = ctx;
	l.err_start = err_count();

	/* Only a regular file of sane size: a folder, a pipe or a device could block or never
	 * end, and a huge file would be read whole before its first problem is found. Opened
	 * non-blocking so that even a FIFO without a writer is refused at once. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT && (flags & CSVLOAD_OPTIONAL))
			return 1;
		return error_at(path, 0, 0, "cannot open: %s", strerror(errno));
	}
	if (fstat(fd, &st) != 0) {
		error_at(path, 0, 0, "cannot read: %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		error_at(path, 0, 0, "expected a regular file, got a %s",
			 S_ISDIR(st.st_mode) ? "folder" : "special file");
		close(fd);
		return -1;
	}
	if (st.st_size > CSVLOAD_MAX_FILE_BYTES) {
		error_at(path, 0, 0, "file too large: %lld bytes, expected at most %ld (%ld MiB)",
			 (long long)st.st_size, CSVLOAD_MAX_FILE_BYTES,
			 CSVLOAD_MAX_FILE_BYTES / (1024 * 1024));
		close(fd);
		return -1;
	}
	fp = fdopen(fd, "rb");
	if (!fp) {
		error_at(path, 0, 0, "cannot open: %s", strerror(errno));
		close(fd);
		return -1;
	}
	l.v = calloc(n_cols ? n_cols : 1, sizeof(*l.v));
	l.keys = calloc(n_cols ? n_cols : 1, sizeof(*l.keys));
	if (!l.v || !l.keys) {
		lerr(&l, 0, 0, "out of memory");
		goto out;
	}
	if (parser_start(&l) < 0)
		goto out;
	read_all(&l, fp);
out:
	if (l.parser_live)
		csv_free(&l.p);
	fclose(fp);
	for (k = 0; k < l.cap_fields; k++)
		free(l.fields[k].s);
	free(l.fields);
	free(l.map);
	if (l.keys)
		for (k = 0; k < n_cols; k++)
			keyset_release(&l.keys[k]);
	keyset_release(&l.parts);
	free(l.keys);
	free(l.v);
	ret = n_errors(&l) ? -1 : 0;
	return ret;
}
