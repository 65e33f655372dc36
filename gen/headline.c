/*
 * headline.c - the record of a build's numbers and the comparison of two records (see
 * headline.h). The record is built from the doc after the content stage, so it holds exactly
 * the numbers the templates and tables can print; the comparison feeds the what-changed page,
 * `llmcost diff` and the alert exit code.
 */
#include "headline.h"
#include "err.h"
#include "fmt.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
	error("out of memory");
	exit(EXIT_INTERNAL);
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");
	if (!p)
		oom();
	return p;
}

void headline_init(struct headline *h)
{
	memset(h, 0, sizeof(*h));
}

void headline_release(struct headline *h)
{
	for (size_t i = 0; i < h->n; i++) {
		struct hl_entry *e = &h->e[i];
		free(e->kind);
		free(e->table);
		free(e->row);
		free(e->column);
		free(e->unit);
		free(e->text);
		free(e->source);
	}
	free(h->e);
	headline_init(h);
}

static struct hl_entry *add(struct headline *h, const char *kind, const char *table,
                            const char *row, const char *column, double v, const char *unit,
                            const char *text, const char *source)
{
	struct hl_entry *e;
	if ((h->n & (h->n - 1)) == 0) { /* grow at powers of two */
		struct hl_entry *ne = realloc(h->e, (h->n ? 2 * h->n : 1) * sizeof(*ne));
		if (!ne)
			oom();
		h->e = ne;
	}
	e = &h->e[h->n++];
	e->kind = xstrdup(kind);
	e->table = xstrdup(table);
	e->row = xstrdup(row);
	e->column = xstrdup(column);
	e->value = v;
	e->unit = xstrdup(unit);
	e->text = xstrdup(text);
	e->source = xstrdup(source);
	return e;
}

/* ---- building a record ---- */

static int is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_';
}

/* Whether name occurs in s as a whole word (not inside a longer name). */
static int mentions(const char *s, const char *name)
{
	size_t n = strlen(name);
	if (!n || !s)
		return 0;
	for (const char *p = strstr(s, name); p; p = strstr(p + 1, name)) {
		char after = p[n];
		if (p > s && is_name_char(p[-1]))
			continue;
		if (is_name_char(after) || (after == '.' && isalnum((unsigned char)p[n + 1])))
			continue;
		return 1;
	}
	return 0;
}

/* Whether the "; "-separated list holds item as a whole element. */
static int has_item(const char *list, const char *item)
{
	size_t n = strlen(item);
	for (const char *p = strstr(list, item); p; p = strstr(p + 1, item))
		if ((p == list || (p >= list + 2 && p[-2] == ';' && p[-1] == ' ')) &&
		    (p[n] == '\0' || p[n] == ';'))
			return 1;
	return 0;
}

/* Row i of one input table as add_sources sees it: the name a text may mention, and for an API
 * price its provider (NULL for the other tables); NULL past the last row. */
static const char *hardware_row(const struct inputs *in, size_t i, const char **provider)
{
	*provider = NULL;
	return i < in->n_hardware ? in->hardware[i].name : NULL;
}

static const char *train_run_row(const struct inputs *in, size_t i, const char **provider)
{
	*provider = NULL;
	return i < in->n_train_runs ? in->train_runs[i].name : NULL;
}

static const char *api_price_row(const struct inputs *in, size_t i, const char **provider)
{
	*provider = i < in->n_api_prices ? in->api_prices[i].provider : NULL;
	return i < in->n_api_prices ? in->api_prices[i].model : NULL;
}

static const char *model_row(const struct inputs *in, size_t i, const char **provider)
{
	*provider = NULL;
	return i < in->n_models ? in->models[i].name : NULL;
}

/*
 * Appends "file:name" to the source list in buf for each input row whose name text mentions
 * ("api_prices.csv:provider model" for an API price, found by its model), hardware first, then
 * training runs, API prices and models. An item is cut to item_size - 1 bytes.
 */
static void add_sources(char *buf, size_t size, const char *text, const struct inputs *in)
{
	static const struct {
		const char *file;
		size_t item_size;
		const char *(*row)(const struct inputs *in, size_t i, const char **provider);
	} tables[] = {
		{ "hardware.csv", 128, hardware_row },
		{ "training.csv", 128, train_run_row },
		{ "api_prices.csv", 160, api_price_row },
		{ "models.csv", 128, model_row },
	};

	for (size_t k = 0; k < sizeof(tables) / sizeof(tables[0]); k++) {
		const char *name, *provider;
		for (size_t i = 0; (name = tables[k].row(in, i, &provider)) != NULL; i++) {
			char item[160];
			if (!mentions(text, name))
				continue;
			snprintf(item, tables[k].item_size, "%s:%s%s%s", tables[k].file,
			         provider ? provider : "", provider ? " " : "", name);
			if (!has_item(buf, item) && strlen(buf) + strlen(item) + 3 < size) {
				if (*buf)
					strcat(buf, "; ");
				strcat(buf, item);
			}
		}
	}
}

/* Values that are dates, identities or counts of the build itself, not results. */
static int value_skipped(const struct value *v)
{
	static const char *const skip[] = { "inputs_fingerprint", "inputs_dir", "report_date",
	                                    "price_dates", "n_figures", "n_tables" };
	if (!v->name || strncmp(v->name, "changed_", 8) == 0 || !isfinite(v->v))
		return 1;
	if (v->unit && strcmp(v->unit, "yyyymmdd") == 0)
		return 1;
	for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (strcmp(v->name, skip[i]) == 0)
			return 1;
	return 0;
}

static void add_inputs(struct headline *h, const struct inputs *in, long as_of,
                       double usd_override)
{
	char row[256], text[512], src[256];

	for (size_t i = 0; i < in->n_hardware; i++) {
		const struct hardware *hw = &in->hardware[i];
		const struct price *p = inputs_price_at(in, hw, as_of);
		snprintf(text, sizeof(text), "peak %g/%g TFLOP/s (16/8-bit), %g GB at %g TB/s, "
		         "link %g GB/s, %g W", hw->peak_tflops_16, hw->peak_tflops_8, hw->mem_gb,
		         hw->mem_bw_tbs, hw->link_gbs, hw->tdp_w);
		snprintf(src, sizeof(src), "hardware.csv:%ld", hw->line);
		add(h, "input", "hardware.csv", hw->name, "row", hw->peak_tflops_16, "TFLOP/s", text,
		    src);
		if (usd_override > 0) {
			snprintf(text, sizeof(text), "$%g/GPU-hour (--usd-per-gpu-hour)", usd_override);
			add(h, "input", "prices.csv", hw->name, "usd_per_gpu_hour", usd_override,
			    "USD/GPU-hour", text, "--usd-per-gpu-hour");
		} else if (p) {
			snprintf(text, sizeof(text), "$%g/GPU-hour from %04ld-%02ld-%02ld (%s)",
			         p->usd_per_gpu_hour, p->as_of / 10000, p->as_of / 100 % 100,
			         p->as_of % 100, p->provider ? p->provider : "");
			snprintf(src, sizeof(src), "prices.csv:%ld", p->line);
			add(h, "input", "prices.csv", hw->name, "usd_per_gpu_hour", p->usd_per_gpu_hour,
			    "USD/GPU-hour", text, src);
		}
	}
	for (size_t i = 0; i < in->n_models; i++) {
		const struct model *m = &in->models[i];
		snprintf(text, sizeof(text), "%g parameters (%g active), %d layers, d_model %d, "
		         "%d/%d heads, head_dim %d, %d/%d experts, context %g", m->params,
		         m->active_params, m->layers, m->d_model, m->heads, m->kv_heads, m->head_dim,
		         m->experts, m->experts_per_token, m->context);
		snprintf(src, sizeof(src), "models.csv:%ld", m->line);
		add(h, "input", "models.csv", m->name, "row", m->params, "", text, src);
	}
	for (size_t i = 0; i < in->n_train_runs; i++) {
		const struct train_run *t = &in->train_runs[i];
		snprintf(text, sizeof(text), "%g parameters (%g active), %g tokens on %ld x %s, "
		         "%g days, %g GPU-hours, MFU %g", t->params, t->active_params, t->tokens,
		         t->gpus, t->hardware ? t->hardware : "", t->days, t->gpu_hours, t->mfu);
		snprintf(src, sizeof(src), "training.csv:%ld", t->line);
		add(h, "input", "training.csv", t->name, "row", t->gpu_hours, "GPU-hours", text, src);
	}
	/* API prices: the newest row not after as_of of each provider and model. */
	for (size_t i = 0; i < in->n_api_prices; i++) {
		const struct api_price *a = &in->api_prices[i], *best = NULL;
		if (a->as_of > as_of)
			continue;
		for (size_t j = 0; j < in->n_api_prices; j++) {
			const struct api_price *b = &in->api_prices[j];
			if (b->as_of <= as_of && !strcmp(b->provider, a->provider) &&
			    !strcmp(b->model, a->model) && (!best || b->as_of > best->as_of ||
			                                    (b->as_of == best->as_of && b > best)))
				best = b;
		}
		if (best != a)
			continue;
		snprintf(row, sizeof(row), "%s %s", a->provider, a->model);
		snprintf(text, sizeof(text), "$%g prompt, $%g generated per 1K tokens from "
		         "%04ld-%02ld-%02ld", a->usd_per_1k_prompt, a->usd_per_1k_gen, a->as_of / 10000,
		         a->as_of / 100 % 100, a->as_of % 100);
		snprintf(src, sizeof(src), "api_prices.csv:%ld", a->line);
		add(h, "input", "api_prices.csv", row, "usd_per_1k", a->usd_per_1k_gen, "USD", text,
		    src);
	}
}

void headline_from_doc(struct headline *h, const struct doc *d, const struct inputs *in,
                       long as_of, double usd_override)
{
	char buf[64];

	h->as_of = as_of;
	snprintf(buf, sizeof(buf), "%04ld-%02ld-%02ld", as_of / 10000, as_of / 100 % 100,
	         as_of % 100);
	add(h, "meta", "", "as_of", "", (double)as_of, "yyyymmdd", buf, "");
	for (size_t i = 0; i < d->n_values; i++) {
		const struct value *v = &d->values[i];
		if (value_skipped(v))
			continue;
		add(h, "value", "", v->name, "", v->v, v->unit, v->text, "");
	}
	for (size_t ti = 0; ti < d->n_tables; ti++) {
		const struct table *t = &d->tables[ti];
		if (!t->id || !strncmp(t->id, HEADLINE_TABLE_PREFIX, strlen(HEADLINE_TABLE_PREFIX)))
			continue;
		for (size_t r = 0; r < t->nrows; r++) {
			const char *label = t->cells[r * t->ncols] ? t->cells[r * t->ncols] : "";
			char row[512], src[1024] = "";
			size_t dup = 0;
			/* A label seen before in this table gets " #k". */
			for (size_t q = 0; q < r; q++)
				if (!strcmp(t->cells[q * t->ncols] ? t->cells[q * t->ncols] : "", label))
					dup++;
			if (dup)
				snprintf(row, sizeof(row), "%s #%zu", label, dup + 1);
			else
				snprintf(row, sizeof(row), "%s", label);
			/* The row's input rows: names in its text cells, else in the title. */
			if (in) {
				for (size_t c = 0; c < t->ncols; c++)
					if (!isfinite(t->raw[r * t->ncols + c]))
						add_sources(src, sizeof(src), t->cells[r * t->ncols + c], in);
				if (!*src)
					add_sources(src, sizeof(src), t->title, in);
			}
			for (size_t c = 0; c < t->ncols; c++) {
				double v = t->raw[r * t->ncols + c];
				if (!isfinite(v))
					continue;
				/* A numeric first column is labelled by its text. */
				add(h, "cell", t->id, row, t->head[c] ? t->head[c] : "", v, "",
				    t->cells[r * t->ncols + c], src);
			}
		}
	}
	if (in)
		add_inputs(h, in, as_of, usd_override);
}

/* ---- the file ---- */

int headline_write(const struct headline *h, const char *path)
{
	FILE *fp = fopen(path, "w");
	if (!fp)
		return error("cannot write '%s': %s", path, strerror(errno));
	fputs("kind,table,row,column,value,unit,text,source\n", fp);
	for (size_t i = 0; i < h->n; i++) {
		const struct hl_entry *e = &h->e[i];
		const char *f[4] = { e->kind, e->table, e->row, e->column };
		for (int k = 0; k < 4; k++) {
			fmt_csv_field(fp, f[k]);
			fputc(',', fp);
		}
		fprintf(fp, "%.17g,", e->value);
		fmt_csv_field(fp, e->unit);
		fputc(',', fp);
		fmt_csv_field(fp, e->text);
		fputc(',', fp);
		fmt_csv_field(fp, e->source);
		fputc('\n', fp);
	}
	if (ferror(fp) | fclose(fp))
		return error("cannot write '%s': %s", path, strerror(errno));
	return 0;
}

/* Reads one CSV record starting at *p (quotes, doubled quotes, newlines inside quotes).
 * Fields are written NUL-terminated into the record's own bytes. Returns the field count,
 * or -1 for an unterminated quote; *p moves past the record. */
static int csv_record(char **p, char **fields, int max)
{
	char *s = *p, *w = s;
	int n = 0;
	fields[n++] = w;
	for (;;) {
		if (*s == '"' && w == fields[n - 1]) {
			s++;
			for (;;) {
				if (!*s)
					return -1;
				if (*s == '"' && s[1] == '"') {
					*w++ = '"';
					s += 2;
				} else if (*s == '"') {
					s++;
					break;
				} else {
					*w++ = *s++;
				}
			}
			continue;
		}
		if (*s == ',') {
			*w++ = '\0';
			s++;
			if (n < max)
				fields[n++] = w;
			else
				n++;
			continue;
		}
		if (*s == '\n' || *s == '\r' || !*s) {
			int end = !*s;
			if (*s == '\r' && s[1] == '\n')
				s++;
			*w = '\0';
			*p = end ? s : s + 1;
			return n;
		}
		*w++ = *s++;
	}
}

int headline_read(struct headline *h, const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL, *p;
	long len, line = 1;
	int rc = -1;

	headline_init(h);
	if (!fp)
		return error("cannot read '%s': %s", path, strerror(errno));
	if (fseek(fp, 0, SEEK_END) != 0 || (len = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0) {
		fclose(fp);
		return error("cannot read '%s': %s", path, strerror(errno));
	}
	buf = malloc((size_t)len + 1);
	if (!buf)
		oom();
	if (fread(buf, 1, (size_t)len, fp) != (size_t)len) {
		error("cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	buf[len] = '\0';
	p = buf;
	if (strncmp(p, "kind,table,row,column,value,unit,text,source", 44) != 0) {
		error_at(path, 1, 1, "not a headline record (expected the header "
		         "\"kind,table,row,column,value,unit,text,source\")");
		goto out;
	}
	p = strchr(p, '\n');
	p = p ? p + 1 : buf + len;
	while (*p) {
		char *f[8], *end;
		const char *start = p;
		int n;
		line++;
		n = csv_record(&p, f, 8);
		for (const char *q = start; q < p; q++) /* newlines inside quotes */
			if (*q == '\n' && q + 1 < p)
				line++;
		if (n == 1 && !*f[0])
			continue;
		if (n != 8) {
			error_at(path, line, 0, "expected 8 fields, got %d", n < 0 ? 0 : n);
			goto out;
		}
		errno = 0;
		double v = strtod(f[4], &end);
		if (end == f[4] || *end) {
			error_at(path, line, 0, "value: expected a number, got \"%s\"", f[4]);
			goto out;
		}
		add(h, f[0], f[1], f[2], f[3], v, f[5], f[6], f[7]);
		if (!strcmp(f[0], "meta") && !strcmp(f[2], "as_of"))
			h->as_of = (long)v;
	}
	rc = 0;
out:
	free(buf);
	fclose(fp);
	if (rc)
		headline_release(h);
	return rc;
}

/* Whether an entry's printed text states its number, as "$0.064", "70.0 B params", "64%",
 * "180 ms" or "2.16e25 FLOP" do (the leading number times a power of ten, percent or
 * thousands separators, within rounding), rather than naming something ("8 x MI300X, batch
 * 166", "gpt-3.5-turbo", "none") whose number is only a sort key. Text values are compared as
 * text: changed or unchanged, never as a percentage. */
int hl_text_is_number(const char *text, double value)
{
	char digits[64];
	size_t n = 0;
	const char *p = text, *rest;
	double shown, ratio, lg, tol;

	if (!text || !isfinite(value))
		return 0;
	while (*p == '$' || *p == '~' || *p == '+' || *p == '-' || *p == '<' || *p == '>' ||
	       *p == ' ')
		p++;
	if (!isdigit((unsigned char)*p) && !(*p == '.' && isdigit((unsigned char)p[1])))
		return 0;
	/* The leading number, thousands separators dropped ("327,680"). */
	for (rest = p; n + 1 < sizeof(digits) && (isdigit((unsigned char)*rest) || *rest == '.' ||
	     (*rest == ',' && isdigit((unsigned char)rest[1]) && isdigit((unsigned char)rest[2]) &&
	      isdigit((unsigned char)rest[3]) && !isdigit((unsigned char)rest[4])) ||
	     ((*rest == 'e' || *rest == 'E') && (isdigit((unsigned char)rest[1]) ||
	      ((rest[1] == '-' || rest[1] == '+') && isdigit((unsigned char)rest[2])))) ||
	     ((*rest == '-' || *rest == '+') && (rest[-1] == 'e' || rest[-1] == 'E'))); rest++)
		if (*rest != ',')
			digits[n++] = *rest;
	digits[n] = 0;
	shown = strtod(digits, NULL);
	/* Another number after the first names a configuration, not a unit. */
	for (const char *q = rest; *q; q++)
		if (isdigit((unsigned char)*q) && !(q > rest && (q[-1] == '/' ||
		                                            isalpha((unsigned char)q[-1]))))
			return 0;
	if (shown == 0 || value == 0)
		return 1; /* "0", "$0.00": a number rounded to zero, or zero itself */
	/* Half a unit of the last digit shown, relative to the mantissa, plus 1%. */
	{
		const char *dot = strchr(digits, '.'), *ex = strpbrk(digits, "eE");
		double mant = strtod(digits, NULL);
		int dec = 0;
		if (ex)
			mant = strtod(digits, NULL) / pow(10, atof(ex + 1));
		if (dot)
			for (const char *q = dot + 1; *q && isdigit((unsigned char)*q); q++)
				dec++;
		tol = 0.5 * pow(10, -dec) / fabs(mant) + 0.01;
	}
	ratio = fabs(value) / shown;
	lg = floor(log10(ratio) + 0.5);
	return fabs(ratio / pow(10, lg) - 1) <= tol;
}

/* ---- comparing ---- */

/* Sort index of entries by key, for lookups in O(log n). */
static int cmp_key(const void *pa, const void *pb)
{
	const struct hl_entry *a = *(const struct hl_entry *const *)pa;
	const struct hl_entry *b = *(const struct hl_entry *const *)pb;
	int c;
	if ((c = strcmp(a->kind, b->kind)) || (c = strcmp(a->table, b->table)) ||
	    (c = strcmp(a->row, b->row)))
		return c;
	return strcmp(a->column, b->column);
}

static const struct hl_entry **sorted_index(const struct headline *h)
{
	const struct hl_entry **ix = malloc((h->n ? h->n : 1) * sizeof(*ix));
	if (!ix)
		oom();
	for (size_t i = 0; i < h->n; i++)
		ix[i] = &h->e[i];
	qsort(ix, h->n, sizeof(*ix), cmp_key);
	return ix;
}

static const struct hl_entry *find(const struct hl_entry **ix, size_t n,
                                   const struct hl_entry *key)
{
	const struct hl_entry *const *hit = bsearch(&key, ix, n, sizeof(*ix), cmp_key);
	return hit ? *hit : NULL;
}

static int cmp_change(const void *pa, const void *pb)
{
	const struct hl_change *a = pa, *b = pb;
	double x = fabs(a->pct), y = fabs(b->pct);
	if (isnan(x) != isnan(y))
		return isnan(x) ? 1 : -1; /* text changes after every number */
	if (!isnan(x) && x != y)
		return x < y ? 1 : -1;
	return a->cur < b->cur ? -1 : a->cur > b->cur;
}

static void push(struct hl_change **arr, size_t *n, const struct hl_change *c)
{
	if ((*n & (*n - 1)) == 0) {
		struct hl_change *na = realloc(*arr, (*n ? 2 * *n : 1) * sizeof(*na));
		if (!na)
			oom();
		*arr = na;
	}
	(*arr)[(*n)++] = *c;
}

/* The cause of a change: the changed input rows the entry's source names; for an entry
 * without sources, the changed inputs when there are at most two. */
static char *cause_of(const struct hl_entry *e, const struct hl_diff *df)
{
	char buf[1024] = "";
	size_t hits = 0;
	for (size_t i = 0; i < df->n_inputs; i++) {
		const struct hl_change *ic = &df->inputs[i];
		const struct hl_entry *in = ic->cur ? ic->cur : ic->old;
		char item[160];
		int rel;
		snprintf(item, sizeof(item), "%s:%s", strcmp(in->table, "prices.csv") ?
		         in->table : "hardware.csv", in->row);
		rel = *e->source ? has_item(e->source, item) : df->n_inputs <= 2;
		if (!rel)
			continue;
		snprintf(item, sizeof(item), "%s%s %s (%s)", hits ? "; " : "", in->table, in->row,
		         ic->cur ? ic->cur->source : "removed");
		if (strlen(buf) + strlen(item) + 1 < sizeof(buf))
			strcat(buf, item);
		hits++;
	}
	return xstrdup(buf);
}

void headline_compare(const struct headline *old, const struct headline *cur, double min_pct,
                      struct hl_diff *df)
{
	const struct hl_entry **io = sorted_index(old), **ic = sorted_index(cur);

	memset(df, 0, sizeof(*df));
	/* Inputs first: the causes refer to them. */
	for (size_t i = 0; i < cur->n; i++) {
		const struct hl_entry *e = &cur->e[i], *o;
		if (strcmp(e->kind, "input"))
			continue;
		o = find(io, old->n, e);
		if (!o || strcmp(o->text, e->text)) {
			struct hl_change c = { o, e, o && o->value != 0 ?
			                       (e->value - o->value) / fabs(o->value) * 100 : 0, NULL };
			c.cause = xstrdup("");
			push(&df->inputs, &df->n_inputs, &c);
		}
	}
	for (size_t i = 0; i < old->n; i++) {
		const struct hl_entry *o = &old->e[i];
		if (!strcmp(o->kind, "input") && !find(ic, cur->n, o)) {
			struct hl_change c = { o, NULL, 0, NULL };
			c.cause = xstrdup("");
			push(&df->inputs, &df->n_inputs, &c);
		}
	}
	for (size_t i = 0; i < cur->n; i++) {
		const struct hl_entry *e = &cur->e[i], *o;
		struct hl_change c;
		if (strcmp(e->kind, "value") && strcmp(e->kind, "cell"))
			continue;
		o = find(io, old->n, e);
		if (!o) {
			df->n_added++;
			continue;
		}
		df->n_compared++;
		if (!hl_text_is_number(o->text, o->value) || !hl_text_is_number(e->text, e->value)) {
			/* A name or configuration: changed or not, never a percentage. */
			if (!strcmp(o->text, e->text))
				continue;
			c.pct = NAN;
		} else if (o->value == e->value)
			continue;
		else if (o->value == 0)
			c.pct = e->value > 0 ? INFINITY : -INFINITY;
		else
			c.pct = (e->value - o->value) / fabs(o->value) * 100;
		if (!isnan(c.pct) && fabs(c.pct) < min_pct)
			continue;
		c.old = o;
		c.cur = e;
		c.cause = NULL;
		push(&df->c, &df->n, &c);
		if (!isnan(c.pct) && fabs(c.pct) > df->max_abs_pct)
			df->max_abs_pct = fabs(c.pct);
	}
	for (size_t i = 0; i < old->n; i++) {
		const struct hl_entry *o = &old->e[i];
		if ((!strcmp(o->kind, "value") || !strcmp(o->kind, "cell")) && !find(ic, cur->n, o))
			df->n_removed++;
	}
	if (df->n)
		qsort(df->c, df->n, sizeof(*df->c), cmp_change);
	for (size_t i = 0; i < df->n; i++)
		df->c[i].cause = cause_of(df->c[i].cur, df);
	free(io);
	free(ic);
}

void hl_diff_release(struct hl_diff *df)
{
	for (size_t i = 0; i < df->n; i++)
		free(df->c[i].cause);
	for (size_t i = 0; i < df->n_inputs; i++)
		free(df->inputs[i].cause);
	free(df->c);
	free(df->inputs);
	memset(df, 0, sizeof(*df));
}

/* ---- presenting ---- */

const char *hl_entry_label(const struct hl_entry *e, char *buf, size_t size)
{
	if (!strcmp(e->kind, "cell"))
		snprintf(buf, size, "%s: %s, %s", e->table, e->row, e->column);
	else if (!strcmp(e->kind, "input"))
		snprintf(buf, size, "%s: %s", e->table, e->row);
	else
		snprintf(buf, size, "%s %s", e->kind, e->row);
	return buf;
}

const char *hl_pct_text(double pct, char *buf, size_t size)
{
	if (isnan(pct))
		snprintf(buf, size, "changed");
	else if (isinf(pct))
		snprintf(buf, size, "from 0");
	else if (fabs(pct) >= 100)
		snprintf(buf, size, "%+.0f%%", pct);
	else
		snprintf(buf, size, "%+.1f%%", pct);
	return buf;
}

static void date_text(char *buf, size_t size, long d)
{
	snprintf(buf, size, "%04ld-%02ld-%02ld", d / 10000, d / 100 % 100, d % 100);
}

void headline_summary(char *buf, size_t size, const struct headline *old,
                      const struct hl_diff *df)
{
	char since[32], pct[32], extra[160] = "", texts[96] = "";
	size_t n_text = 0, n_num;
	if (!old) {
		snprintf(buf, size, "No earlier record to compare with: the archive holds no build "
		         "from before this report date.");
		return;
	}
	for (size_t i = 0; i < df->n; i++)
		n_text += isnan(df->c[i].pct) != 0;
	n_num = df->n - n_text;
	date_text(since, sizeof(since), old->as_of);
	if (df->n_added || df->n_removed)
		snprintf(extra, sizeof(extra), " %zu number%s %s new and %zu %s gone.",
		         df->n_added, df->n_added == 1 ? "" : "s", df->n_added == 1 ? "is" : "are",
		         df->n_removed, df->n_removed == 1 ? "is" : "are");
	if (n_text)
		snprintf(texts, sizeof(texts), " %zu named result%s (configurations, names) changed.",
		         n_text, n_text == 1 ? "" : "s");
	if (!n_num)
		snprintf(buf, size, "No number moved by %g%% or more since %s (%zu numbers "
		         "compared; %zu input row%s changed).%s%s", HEADLINE_MIN_PCT, since,
		         df->n_compared, df->n_inputs, df->n_inputs == 1 ? "" : "s", texts, extra);
	else
		snprintf(buf, size, "%zu of %zu numbers moved by %g%% or more since %s (largest "
		         "change %s; %zu input row%s changed).%s%s", n_num, df->n_compared,
		         HEADLINE_MIN_PCT, since, hl_pct_text(df->c[0].pct, pct, sizeof(pct)),
		         df->n_inputs, df->n_inputs == 1 ? "" : "s", texts, extra);
}

int headline_alert(char *buf, size_t size, const struct headline *old, const struct hl_diff *df,
                   double alert_pct)
{
	char since[32], pct[32], label[512];
	size_t n = 0;
	if (!old || !df->n || df->max_abs_pct < alert_pct)
		return 0;
	for (size_t i = 0; i < df->n; i++)
		if (fabs(df->c[i].pct) >= alert_pct)
			n++;
	date_text(since, sizeof(since), old->as_of);
	snprintf(buf, size, "alert: %zu number%s moved by %g%% or more since %s; largest: %s "
	         "%s -> %s (%s)%s%s", n, n == 1 ? "" : "s", alert_pct, since,
	         hl_entry_label(df->c[0].cur, label, sizeof(label)), df->c[0].old->text,
	         df->c[0].cur->text, hl_pct_text(df->c[0].pct, pct, sizeof(pct)),
	         *df->c[0].cause ? ", cause: " : "", df->c[0].cause);
	return 1;
}

/* The first n changes of df as rows of t (number, old, new, change, cause), or one row that
 * says there are none. */
static void change_rows(struct table *t, const struct headline *old, const struct hl_diff *df,
                        size_t n)
{
	char label[512], pct[32];

	for (size_t i = 0; i < df->n && i < n; i++) {
		const struct hl_change *c = &df->c[i];
		size_t r = table_add_row(t);
		table_set_text(t, r, 0, hl_entry_label(c->cur, label, sizeof(label)));
		table_set_text(t, r, 1, c->old->text);
		table_set_text(t, r, 2, c->cur->text);
		table_set_cell(t, r, 3, hl_pct_text(c->pct, pct, sizeof(pct)), c->pct);
		table_set_text(t, r, 4, *c->cause ? c->cause : "not traced to one input row");
	}
	if (!df->n) {
		size_t r = table_add_row(t);
		table_set_text(t, r, 0, old ? "none: every number is within 1% of the earlier record"
		                            : "none: no earlier record");
	}
}

void headline_add_to_doc(struct doc *d, const struct headline *old, const struct hl_diff *df)
{
	static const char *const head[] = { "number", "old", "new", "change", "cause (input row)" };
	static const char *const ihead[] = { "input table", "row", "old", "new", "now from" };
	char buf[1024], label[512];
	struct table *t;
	size_t n_num = 0;

	for (size_t i = 0; i < df->n; i++)
		n_num += !isnan(df->c[i].pct);
	headline_summary(buf, sizeof(buf), old, df);
	doc_add_value(d, "changed_summary", (double)df->n, "", buf);
	if (old) {
		date_text(label, sizeof(label), old->as_of);
		doc_add_valuef(d, "changed_since", (double)old->as_of, "yyyymmdd", "%s", label);
	} else {
		doc_add_value(d, "changed_since", 0, "", "no earlier record");
	}
	doc_add_valuef(d, "n_changed", (double)df->n, "", "%zu", df->n);
	doc_add_valuef(d, "max_change_pct", df->max_abs_pct, "%", "%.1f%%", df->max_abs_pct);

	t = doc_add_table(d, HEADLINE_TABLE_PREFIX "what-changed",
	                  "Numbers that moved by 1% or more since the earlier record", 5, head);
	change_rows(t, old, df, df->n);
	table_set_caption(t, "Old and new as printed in the two reports; the change is relative "
	                  "to the old value. The cause lists the input rows this number's table row "
	                  "names that changed between the two builds.");

	/* The largest moves only, for short documents such as the brief. */
	t = doc_add_table(d, HEADLINE_TABLE_PREFIX "what-changed-top",
	                  "The largest moves since the earlier record", 5, head);
	change_rows(t, old, df, HEADLINE_TOP_N);
	if (n_num <= HEADLINE_TOP_N && df->n > HEADLINE_TOP_N)
		table_set_caption(t, "Every number that moved by 1%% or more, then named results "
		                  "(configurations, names) that changed; the full report and "
		                  "out/headline.csv (llmcost diff) have them all.");
	else if (df->n > HEADLINE_TOP_N)
		table_set_caption(t, "The %d largest of %zu moves of 1%% or more; the full report "
		                  "and out/headline.csv (llmcost diff) have them all%s.", HEADLINE_TOP_N,
		                  n_num, n_num < df->n ? ", and the named results (configurations, "
		                  "names) that changed" : "");
	else
		table_set_caption(t, "Every number that moved by 1%% or more.");

	t = doc_add_table(d, HEADLINE_TABLE_PREFIX "input-changes",
	                  "Input rows in force on the report date that changed", 5, ihead);
	for (size_t i = 0; i < df->n_inputs; i++) {
		const struct hl_change *c = &df->inputs[i];
		const struct hl_entry *e = c->cur ? c->cur : c->old;
		size_t r = table_add_row(t);
		table_set_text(t, r, 0, e->table);
		table_set_text(t, r, 1, e->row);
		table_set_text(t, r, 2, c->old ? c->old->text : "(none)");
		table_set_text(t, r, 3, c->cur ? c->cur->text : "(removed)");
		table_set_text(t, r, 4, c->cur ? c->cur->source : "");
	}
	if (!df->n_inputs) {
		size_t r = table_add_row(t);
		table_set_text(t, r, 0, old ? "none" : "no earlier record");
	}
	table_set_caption(t, "Rental prices, API prices, model and accelerator rows in force on "
	                  "each report date, compared field by field.");
}

void headline_print_diff(FILE *fp, const struct headline *old, const struct headline *cur,
                         const struct hl_diff *df)
{
	char label[512], pct[32], buf[1024];
	(void)cur;
	fprintf(fp, "number\told\tnew\tchange\tcause\n");
	for (size_t i = 0; i < df->n; i++) {
		const struct hl_change *c = &df->c[i];
		fprintf(fp, "%s\t%s\t%s\t%s\t%s\n", hl_entry_label(c->cur, label, sizeof(label)),
		        c->old->text, c->cur->text, hl_pct_text(c->pct, pct, sizeof(pct)), c->cause);
	}
	for (size_t i = 0; i < df->n_inputs; i++) {
		const struct hl_change *c = &df->inputs[i];
		const struct hl_entry *e = c->cur ? c->cur : c->old;
		fprintf(fp, "%s\t%s\t%s\tinput\t%s\n", hl_entry_label(e, label, sizeof(label)),
		        c->old ? c->old->text : "(none)", c->cur ? c->cur->text : "(removed)",
		        c->cur ? c->cur->source : "");
	}
	headline_summary(buf, sizeof(buf), old, df);
	fprintf(fp, "%s\n", buf);
}
