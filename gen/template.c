/*
 * template.c - reads the report templates (the language is described in template.h and
 * templates/README.md) into a list of blocks for report.c, filling {{placeholders}} from the
 * doc's values and checking every figure and table name against the doc.
 *
 * Errors name the file, line and column (in characters) of the offending name, and reading
 * goes on so that one run lists every unknown name. Includes are confined to the templates
 * folder (no absolute paths, no "..", no symbolic link leading outside) and nest at most
 * TEMPLATE_MAX_DEPTH deep; an include of a file already being read is refused as recursive.
 */
/* realpath() is an XSI function. */
#define _XOPEN_SOURCE 700

#include "template.h"
#include "err.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A growable string. */
struct sbuf {
	char *s;
	size_t len, cap;
};

static void oom(void)
{
	error("out of memory");
	exit(EXIT_INTERNAL);
}

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (b->len + n + 1 > cap)
			cap *= 2;
		b->s = realloc(b->s, cap);
		if (!b->s)
			oom();
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_adds(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		oom();
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		oom();
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Number of UTF-8 characters in s[0..n) (continuation bytes are not counted). */
static long utf8_cols(const char *s, size_t n)
{
	long c = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

/* Offset of the first byte that is not valid UTF-8, or -1. */
static long utf8_invalid_at(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t len, k;
		unsigned cp;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return (long)i;
		}
		if (i + len > n)
			return (long)i;
		for (k = 1; k < len; k++) {
			unsigned char cc = (unsigned char)s[i + k];
			if ((cc & 0xc0) != 0x80)
				return (long)i;
			cp = cp << 6 | (cc & 0x3f);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
			return (long)i;
		i += len;
	}
	return -1;
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.';
}

/* Checks that fmt is one printf conversion "%[flags][width][.prec](f|e|g|E|G|d)". */
static int format_ok(const char *fmt)
{
	const char *p = fmt;
	int digits;
	if (*p++ != '%')
		return 0;
	while (*p && strchr("-+ #0", *p))
		p++;
	for (digits = 0; *p >= '0' && *p <= '9'; p++)
		if (++digits > 2)
			return 0;
	if (*p == '.') {
		p++;
		for (digits = 0; *p >= '0' && *p <= '9'; p++)
			if (++digits > 2)
				return 0;
	}
	if (!*p || !strchr("feEgGd", *p))
		return 0;
	return p[1] == '\0';
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
/* fmt was checked by format_ok(); "d" prints the value rounded to an integer. */
static void format_value(struct sbuf *out, const char *fmt, double v)
{
	char buf[128], f2[32];
	size_t n = strlen(fmt);
	if (fmt[n - 1] == 'd') {
		snprintf(f2, sizeof(f2), "%.*sld", (int)(n - 1), fmt);
		snprintf(buf, sizeof(buf), f2, isfinite(v) ? (long)llround(v) : 0L);
	} else {
		snprintf(buf, sizeof(buf), fmt, v);
	}
	sb_adds(out, buf);
}
#pragma GCC diagnostic pop

char *template_fill(const char *text, const struct doc *d, const char *file, long line,
                    long col)
{
	struct sbuf out = { 0 };
	const char *p = text;
	int failed = 0;

	sb_add(&out, "", 0);
	while (*p) {
		const char *open = strstr(p, "{{"), *close, *name, *name_end, *colon;
		long name_col;
		if (!open) {
			sb_adds(&out, p);
			break;
		}
		sb_add(&out, p, (size_t)(open - p));
		close = strstr(open + 2, "}}");
		if (!close) {
			error_at(file, line, col + utf8_cols(text, (size_t)(open - text)),
			         "unterminated placeholder (missing \"}}\")");
			failed = 1;
			break;
		}
		name = open + 2;
		while (name < close && *name == ' ')
			name++;
		name_end = name;
		while (name_end < close && name_char(*name_end))
			name_end++;
		colon = name_end;
		while (colon < close && *colon == ' ')
			colon++;
		name_col = col + utf8_cols(text, (size_t)(name - text));
		if (name_end == name || (colon < close && *colon != ':')) {
			error_at(file, line, name_col, "bad placeholder \"%.*s\" (expected {{name}} or "
			         "{{name:%%.3g}})", (int)(close - open - 2), open + 2);
			failed = 1;
		} else {
			char *key = xstrndup(name, (size_t)(name_end - name));
			const struct value *v = doc_find_value(d, key);
			if (!v) {
				error_at(file, line, name_col, "unknown value \"%s\"", key);
				failed = 1;
			} else if (colon < close) {
				const char *f = colon + 1, *fe = close;
				char *fmt;
				while (f < fe && *f == ' ')
					f++;
				while (fe > f && fe[-1] == ' ')
					fe--;
				fmt = xstrndup(f, (size_t)(fe - f));
				if (!format_ok(fmt)) {
					error_at(file, line, col + utf8_cols(text, (size_t)(f - text)),
					         "bad format \"%s\" for value \"%s\" (expected one "
					         "conversion such as %%.3g, %%.2f or %%d)", fmt, key);
					failed = 1;
				} else if (!isfinite(v->v)) {
					/* a value with no number (n/a): its text, not "nan" */
					sb_adds(&out, v->text ? v->text : "");
				} else {
					format_value(&out, fmt, v->v);
				}
				free(fmt);
			} else {
				sb_adds(&out, v->text ? v->text : "");
			}
			free(key);
		}
		p = close + 2;
	}
	if (failed) {
		free(out.s);
		return NULL;
	}
	return out.s;
}

/* ---- reading files ---- */

struct reader {
	struct tmpl *t;
	const struct doc *d;
	const char *dir;
	char *dir_real;                    /* realpath of dir */
	const char *stack[TEMPLATE_MAX_DEPTH + 1]; /* names being read, outermost first */
	char *stack_real[TEMPLATE_MAX_DEPTH + 1];  /* ... and their real paths */
	int depth;
	int n_files;                       /* files read so far, TEMPLATE_MAX_FILES at most */
	int too_many;                      /* the limit was reported (once) */
	int failed;
	/* open text block */
	enum { OPEN_NONE, OPEN_PARA, OPEN_BULLET } open;
	struct sbuf text;
	/* block whose caption "> " lines may follow, or SIZE_MAX */
	size_t caption_for;
};

static struct tblock *add_block(struct reader *r, enum tblock_kind kind)
{
	struct tmpl *t = r->t;
	struct tblock *b;
	t->blocks = realloc(t->blocks, (t->n_blocks + 1) * sizeof(*t->blocks));
	if (!t->blocks)
		oom();
	b = &t->blocks[t->n_blocks++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

static void flush_text(struct reader *r)
{
	if (r->open != OPEN_NONE && r->text.len) {
		struct tblock *b = add_block(r, r->open == OPEN_PARA ? TB_PARA : TB_BULLET);
		b->text = xstrdup(r->text.s);
	}
	r->open = OPEN_NONE;
	r->text.len = 0;
	if (r->text.s)
		r->text.s[0] = '\0';
}

/* Appends one filled line to the open paragraph or bullet (joined by a space). */
static void append_text(struct reader *r, const char *s, const char *file, long line, long col)
{
	char *filled = template_fill(s, r->d, file, line, col);
	if (!filled) {
		r->failed = 1;
		return;
	}
	if (r->text.len && *filled)
		sb_adds(&r->text, " ");
	sb_adds(&r->text, filled);
	free(filled);
}

static int read_file(struct reader *r, const char *name, const char *from_file, long from_line,
                     long from_col);

static const char *skip_spaces(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* An include name must stay inside the templates folder. */
static int include_name_ok(const char *name)
{
	const char *p = name;
	if (!*name || *name == '/')
		return 0;
	for (; *p; p++)
		if (!name_char(*p) && *p != '/')
			return 0;
	for (p = name; *p; ) {
		size_t len = strcspn(p, "/");
		if ((len == 2 && p[0] == '.' && p[1] == '.') || len == 0)
			return 0;
		p += len;
		if (*p == '/')
			p++;
	}
	return 1;
}

/* The stem of an id: everything before its last '-' ("19-a-b-cost" -> "19-a-b"). */
static size_t stem_len(const char *id)
{
	const char *dash = strrchr(id, '-');
	return dash ? (size_t)(dash - id) : strlen(id);
}

static int same_stem(const char *a, const char *b)
{
	size_t n = stem_len(a);
	return n == stem_len(b) && strncmp(a, b, n) == 0;
}

/*
 * {{each PREFIX}}: every figure and table whose id starts with PREFIX, grouped by stem (the id
 * without its last "-word"), groups in the doc's order. Each group gets a subsection heading:
 * its first item's title up to a ':' (or the stem), then its figures, then its tables. Items
 * that depend on user tables (one group per sweep of sweeps.csv) are placed this way.
 */
static void place_each(struct reader *r, const char *prefix)
{
	const struct doc *d = r->d;
	size_t np = strlen(prefix), n_items = d->n_figures + d->n_tables;

	for (size_t i = 0; i < n_items; i++) {
		const char *id = i < d->n_figures ? d->figures[i].id : d->tables[i - d->n_figures].id;
		const char *title = i < d->n_figures ? d->figures[i].title :
		                    d->tables[i - d->n_figures].title;
		size_t j, colon;
		struct tblock *b;
		if (!id || strncmp(id, prefix, np) != 0)
			continue;
		/* Only the first item of each stem opens a group. */
		for (j = 0; j < i; j++) {
			const char *other = j < d->n_figures ? d->figures[j].id :
			                    d->tables[j - d->n_figures].id;
			if (other && strncmp(other, prefix, np) == 0 && same_stem(other, id))
				break;
		}
		if (j < i)
			continue;
		b = add_block(r, TB_HEADING);
		b->level = 2;
		if (title && (colon = strcspn(title, ":")) < strlen(title) && colon > 0)
			b->text = xstrndup(title, colon);
		else
			b->text = xstrndup(id + np, stem_len(id) > np ? stem_len(id) - np : 0);
		for (j = i; j < n_items; j++) {
			int is_fig = j < d->n_figures;
			const char *other = is_fig ? d->figures[j].id : d->tables[j - d->n_figures].id;
			if (other && strncmp(other, prefix, np) == 0 && same_stem(other, id))
				add_block(r, is_fig ? TB_FIGURE : TB_TABLE)->id = xstrdup(other);
		}
	}
}

/*
 * Handles a line of the form {{keyword argument}}. Returns 1 if it was a directive, 0 if the
 * line is ordinary text (a placeholder alone on its line).
 */
static int directive(struct reader *r, const char *line, size_t len, const char *file,
                     long lineno, long indent_cols)
{
	static const char *const keys[] = { "!", "title", "subtitle", "titleline", "figure",
	                                    "table", "include", "pagebreak", "each" };
	const char *kw = line + 2, *arg, *end = line + len - 2;
	size_t kwlen, k;
	char *argtext;
	long argcol;

	kwlen = kw[0] == '!' ? 1 : strcspn(kw, " }");
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		if (strlen(keys[k]) == kwlen && strncmp(kw, keys[k], kwlen) == 0)
			break;
	if (k == sizeof(keys) / sizeof(keys[0]))
		return 0;
	if (k == 0)
		return 1; /* comment */
	if (kw[kwlen] != ' ' && kw + kwlen != end)
		return 0; /* {{titlex}}: a placeholder */
	arg = skip_spaces(kw + kwlen);
	while (end > arg && end[-1] == ' ')
		end--;
	argtext = xstrndup(arg, arg < end ? (size_t)(end - arg) : 0);
	argcol = 1 + indent_cols + utf8_cols(line, (size_t)(arg - line));

	switch (k) {
	case 1: case 2: case 3: {
		char *filled = template_fill(argtext, r->d, file, lineno, argcol);
		if (!filled) {
			r->failed = 1;
			break;
		}
		if (k == 1) {
			free(r->t->title);
			r->t->title = filled;
		} else if (k == 2) {
			free(r->t->subtitle);
			r->t->subtitle = filled;
		} else {
			struct tmpl *t = r->t;
			t->title_lines = realloc(t->title_lines,
			                         (t->n_title_lines + 1) * sizeof(char *));
			if (!t->title_lines)
				oom();
			t->title_lines[t->n_title_lines++] = filled;
		}
		break;
	}
	case 4: case 5: {
		int is_fig = k == 4;
		flush_text(r);
		if (is_fig ? !doc_find_figure(r->d, argtext) : !doc_find_table(r->d, argtext)) {
			error_at(file, lineno, argcol, "unknown %s \"%s\"", is_fig ? "figure" : "table",
			         argtext);
			r->failed = 1;
			break;
		}
		add_block(r, is_fig ? TB_FIGURE : TB_TABLE)->id = xstrdup(argtext);
		r->caption_for = r->t->n_blocks - 1;
		break;
	}
	case 6:
		flush_text(r);
		if (!include_name_ok(argtext)) {
			error_at(file, lineno, argcol, "include \"%s\" is outside the templates folder",
			         argtext);
			r->failed = 1;
		} else if (read_file(r, argtext, file, lineno, argcol) < 0) {
			r->failed = 1;
		}
		break;
	case 7:
		flush_text(r);
		add_block(r, TB_PAGEBREAK);
		break;
	case 8:
		flush_text(r);
		if (!*argtext) {
			error_at(file, lineno, argcol, "each: expected an id prefix such as 19-");
			r->failed = 1;
		} else {
			place_each(r, argtext);
		}
		break;
	default:
		break;
	}
	free(argtext);
	return 1;
}

static void parse_line(struct reader *r, char *line, const char *file, long lineno)
{
	size_t len = strlen(line);
	const char *t;

	while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
		line[--len] = '\0';
	t = skip_spaces(line);

	if (!*t) {
		flush_text(r);
		r->caption_for = SIZE_MAX;
		return;
	}
	if (t[0] == '{' && t[1] == '{' && strlen(t) >= 4 && line[len - 1] == '}' &&
	    line[len - 2] == '}') {
		size_t before = r->t->n_blocks;
		if (directive(r, t, strlen(t), file, lineno, utf8_cols(line, (size_t)(t - line)))) {
			if (r->t->n_blocks == before || (r->t->blocks[before].kind != TB_FIGURE &&
			                                 r->t->blocks[before].kind != TB_TABLE))
				if (t[2] != '!')
					r->caption_for = SIZE_MAX;
			return;
		}
	}
	if (line[0] == '>' && (line[1] == ' ' || line[1] == '\0') && r->caption_for != SIZE_MAX) {
		struct tblock *b = &r->t->blocks[r->caption_for];
		const char *s = line[1] ? line + 2 : line + 1;
		char *filled = template_fill(s, r->d, file, lineno, 1 + utf8_cols(line, (size_t)(s - line)));
		if (!filled) {
			r->failed = 1;
			return;
		}
		if (b->caption && *filled) {
			size_t n = strlen(b->caption) + strlen(filled) + 2;
			char *c = malloc(n);
			if (!c)
				oom();
			snprintf(c, n, "%s %s", b->caption, filled);
			free(b->caption);
			free(filled);
			b->caption = c;
		} else if (!b->caption) {
			b->caption = filled;
		} else {
			free(filled);
		}
		return;
	}
	r->caption_for = SIZE_MAX;
	if (line[0] == '#') {
		int level = line[1] == '#' ? 2 : 1;
		const char *s = skip_spaces(line + level);
		char *filled;
		if (line[level] == ' ') {
			flush_text(r);
			filled = template_fill(s, r->d, file, lineno, 1 + utf8_cols(line, (size_t)(s - line)));
			if (!filled) {
				r->failed = 1;
				return;
			}
			{
				struct tblock *b = add_block(r, TB_HEADING);
				b->level = level;
				b->text = filled;
			}
			return;
		}
	}
	if (r->open == OPEN_BULLET && (line[0] == ' ' || line[0] == '\t')) {
		append_text(r, t, file, lineno, 1 + utf8_cols(line, (size_t)(t - line)));
		return;
	}
	if (strncmp(line, "    ", 4) == 0) {
		char *filled;
		flush_text(r);
		filled = template_fill(line + 4, r->d, file, lineno, 5);
		if (!filled) {
			r->failed = 1;
			return;
		}
		add_block(r, TB_PRE)->text = filled;
		return;
	}
	if (line[0] == '-' && line[1] == ' ') {
		flush_text(r);
		r->open = OPEN_BULLET;
		append_text(r, skip_spaces(line + 2), file, lineno,
		            1 + utf8_cols(line, (size_t)(skip_spaces(line + 2) - line)));
		return;
	}
	if (r->open == OPEN_BULLET)
		flush_text(r);
	r->open = OPEN_PARA;
	append_text(r, t, file, lineno, 1 + utf8_cols(line, (size_t)(t - line)));
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct sbuf b = { 0 };
	char chunk[8192];
	size_t n;
	if (!fp)
		return NULL;
	sb_add(&b, "", 0);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		sb_add(&b, chunk, n);
	if (ferror(fp)) {
		fclose(fp);
		free(b.s);
		return NULL;
	}
	fclose(fp);
	*len = b.len;
	return b.s;
}

/*
 * Reads one template file (name relative to the templates folder). from_* locate the include
 * directive for errors about the file itself (NULL for the top file).
 */
static int read_file(struct reader *r, const char *name, const char *from_file, long from_line,
                     long from_col)
{
	char *path = NULL, *text = NULL, *real = NULL, *p;
	struct stat st;
	size_t len = 0, plen;
	long lineno = 0, bad;
	int rc = -1;

	if (r->depth >= TEMPLATE_MAX_DEPTH) {
		error_at(from_file, from_line, from_col, "include \"%s\" nests deeper than %d files",
		         name, TEMPLATE_MAX_DEPTH);
		return -1;
	}
	if (r->n_files >= TEMPLATE_MAX_FILES) {
		if (!r->too_many)
			error_at(from_file, from_line, from_col, "include \"%s\": more than %d template "
			         "files read in all (the same files included over and over?)", name,
			         TEMPLATE_MAX_FILES);
		r->too_many = 1;
		return -1;
	}
	r->n_files++;
	plen = strlen(r->dir) + strlen(name) + 2;
	path = malloc(plen);
	if (!path)
		oom();
	snprintf(path, plen, "%s/%s", r->dir, name);
	real = realpath(path, NULL);
	/* The same file under another name ("./a.tmpl", a link) is caught by its real path. */
	for (int i = 0; i < r->depth; i++)
		if (strcmp(r->stack[i], name) == 0 ||
		    (real && r->stack_real[i] && strcmp(r->stack_real[i], real) == 0)) {
			struct sbuf chain = { 0 };
			sb_add(&chain, "", 0);
			for (int j = 0; j < r->depth; j++) {
				sb_adds(&chain, r->stack[j]);
				sb_adds(&chain, " -> ");
			}
			sb_adds(&chain, name);
			error_at(from_file, from_line, from_col, "include \"%s\" is recursive (%s)",
			         name, chain.s);
			free(chain.s);
			goto out;
		}
	if (!real) {
		if (from_file)
			error_at(from_file, from_line, from_col, "cannot read \"%s\": %s", path,
			         strerror(errno));
		else
			error("cannot read template '%s': %s", path, strerror(errno));
		goto out;
	}
	if (r->dir_real && (strncmp(real, r->dir_real, strlen(r->dir_real)) != 0 ||
	                    real[strlen(r->dir_real)] != '/')) {
		error_at(from_file, from_line, from_col, "include \"%s\" is outside the templates "
		         "folder", name);
		goto out;
	}
	if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
		error_at(from_file ? from_file : path, from_file ? from_line : 0, from_col,
		         "template \"%s\" is not a regular file", name);
		goto out;
	}
	if (st.st_size > TEMPLATE_MAX_BYTES) {
		error_at(from_file ? from_file : path, from_file ? from_line : 0, from_col,
		         "template \"%s\" is too large: %lld bytes, expected at most %ld", name,
		         (long long)st.st_size, TEMPLATE_MAX_BYTES);
		goto out;
	}
	text = slurp(path, &len);
	if (!text) {
		if (from_file)
			error_at(from_file, from_line, from_col, "cannot read \"%s\": %s", path,
			         strerror(errno));
		else
			error("cannot read template '%s': %s", path, strerror(errno));
		goto out;
	}
	if (strlen(text) != len) {
		error_at(path, 0, 0, "contains a NUL byte");
		goto out;
	}
	bad = utf8_invalid_at(text, len);
	if (bad >= 0) {
		long l = 1, c = 1;
		for (long i = 0; i < bad; i++) {
			if (text[i] == '\n') {
				l++;
				c = 1;
			} else if (((unsigned char)text[i] & 0xc0) != 0x80) {
				c++;
			}
		}
		error_at(path, l, c, "invalid UTF-8");
		goto out;
	}
	/* Skip a BOM. */
	p = text;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	r->stack_real[r->depth] = real;
	r->stack[r->depth++] = name;
	while (*p) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		parse_line(r, p, path, ++lineno);
		if (!nl)
			break;
		p = nl + 1;
	}
	flush_text(r);
	r->caption_for = SIZE_MAX;
	r->depth--;
	r->stack_real[r->depth] = NULL;
	rc = 0;
out:
	free(real);
	free(text);
	free(path);
	return rc;
}

void template_release(struct tmpl *t)
{
	free(t->title);
	free(t->subtitle);
	for (size_t i = 0; i < t->n_title_lines; i++)
		free(t->title_lines[i]);
	free(t->title_lines);
	for (size_t i = 0; i < t->n_blocks; i++) {
		free(t->blocks[i].text);
		free(t->blocks[i].id);
		free(t->blocks[i].caption);
	}
	free(t->blocks);
	memset(t, 0, sizeof(*t));
}

int template_load(struct tmpl *t, const char *dir, const char *name, const struct doc *d)
{
	struct reader r;
	char *file;
	size_t n = strlen(name);
	int rc;

	memset(t, 0, sizeof(*t));
	memset(&r, 0, sizeof(r));
	r.t = t;
	r.d = d;
	r.dir = dir;
	r.caption_for = SIZE_MAX;
	r.dir_real = realpath(dir, NULL);
	if (!r.dir_real)
		return error("cannot read templates folder '%s': %s", dir, strerror(errno));
	if (strchr(name, '.'))
		file = xstrdup(name);
	else {
		file = malloc(n + 6);
		if (!file)
			oom();
		snprintf(file, n + 6, "%s.tmpl", name);
	}
	if (!include_name_ok(file)) {
		error("template name '%s' is outside the templates folder", name);
		rc = -1;
	} else {
		rc = read_file(&r, file, NULL, 0, 0);
	}
	free(r.text.s);
	free(r.dir_real);
	free(file);
	if (rc < 0 || r.failed) {
		template_release(t);
		return -1;
	}
	return 0;
}

/* Whether one of the n templates of t places the figure (kind TB_FIGURE) or table id. */
static int placed(const struct tmpl *t, size_t n, enum tblock_kind kind, const char *id)
{
	for (size_t k = 0; k < n; k++)
		for (size_t b = 0; b < t[k].n_blocks; b++)
			if (t[k].blocks[b].kind == kind && strcmp(t[k].blocks[b].id, id) == 0)
				return 1;
	return 0;
}

void template_warn_unplaced(const struct tmpl *t, size_t n, const struct doc *d)
{
	const char *by = n == 1 ? "the template" : "any of the templates";

	for (size_t i = 0; i < d->n_figures; i++)
		if (!placed(t, n, TB_FIGURE, d->figures[i].id))
			warning("figure '%s' is not placed by %s", d->figures[i].id, by);
	for (size_t i = 0; i < d->n_tables; i++)
		if (!placed(t, n, TB_TABLE, d->tables[i].id))
			warning("table '%s' is not placed by %s", d->tables[i].id, by);
}
