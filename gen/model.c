/*
 * model.c - the input tables of an inputs folder as the typed structs of model.h.
 *
 * Each table has a schema (below, next to its row callback). csvload.c reads the file, checks
 * every field against its column spec and calls the callback with typed values; the callback
 * adds the checks that need more than one field (kv_heads divides heads, a price names known
 * hardware) and copies the row into struct inputs. Tables are loaded in dependency order
 * (hardware, models, then the tables that name them), and all of them are loaded even after a
 * failure so that one run reports every problem. Cross-references into a table that itself
 * failed are not checked: they would only repeat its errors.
 */
#include "model.h"

#include "csvload.h"
#include "err.h"
#include "estimate.h"
#include "validate.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

struct loadctx {
	struct inputs *in;
	int hw_ok, models_ok; /* the table loaded without problems: its names can be checked */
	int oom;
};

/* The block arr of n elements with room for one more (capacity doubles at powers of two), or
 * NULL when out of memory (arr is then untouched). */
static void *grow(void *arr, size_t n, size_t size)
{
	if (n & (n - 1))
		return arr; /* n is not 0 or a power of two: the block has room */
	return realloc(arr, (n ? n * 2 : 1) * size);
}

/* Appends an element to in->table, or reports out of memory and returns -1. */
#define PUSH(c, table, n)                                                        \
	do {                                                                     \
		void *np_ = grow((table), (n), sizeof(*(table)));                \
		if (!np_) {                                                      \
			(c)->oom = 1;                                            \
			return error("out of memory");                           \
		}                                                                \
		(table) = np_;                                                   \
	} while (0)

/* A copy of a row's text, counted against ctx on failure. */
static char *dup_text(struct loadctx *c, const struct csv_value *v)
{
	char *s = strdup(v->text);
	if (!s && !c->oom) {
		c->oom = 1;
		error("out of memory");
	}
	return s;
}

static int same_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return *a == *b;
}

/* Reports an unknown name in field k of row, with the nearest known one when there is one. */
static int unknown_name(const struct csv_row *row, size_t k, const struct inputs *in,
			const char *kind, const char *table, const char *name, size_t len)
{
	char q[CSV_QUOTE_SIZE];
	char *tmp = strndup(name, len);
	const char *near = tmp ? inputs_suggest(in, kind, tmp) : NULL;

	csv_quote(q, sizeof(q), name, len);
	free(tmp);
	if (near)
		return csv_field_error(row, k, "unknown %s %s (did you mean \"%s\"?)", kind, q, near);
	return csv_field_error(row, k, "unknown %s %s (not in %s)", kind, q, table);
}

/* ---- sanity limits ----
 * Values no real model or chip comes near, so that a typo (1e30 parameters, a bandwidth of
 * 1e-300 TB/s) is an input error naming the field instead of an estimate full of overflowing
 * or vanishing numbers (inf and NaN printed as empty cells, figures with no curve). The
 * limits are listed in the README (docs-limits.md). */
#define LIM_PARAMS 1e16        /* parameters: 10^16, 10^4 x the largest model of 2024 */
#define LIM_SHAPE 1e6          /* layers, d_model, heads, kv_heads, head_dim, experts */
#define LIM_CONTEXT 1e12       /* tokens of context */
#define LIM_TFLOPS_MIN 1e-3    /* a chip slower than 1 GFLOP/s ... */
#define LIM_TFLOPS_MAX 1e9     /* ... or faster than 1 ZFLOP/s */
#define LIM_MEM_GB_MIN 1e-3    /* 1 MB to ... */
#define LIM_MEM_GB_MAX 1e9     /* ... 1 EB per chip */
#define LIM_BW_TBS_MIN 1e-6    /* 1 MB/s to ... */
#define LIM_BW_TBS_MAX 1e6     /* ... 1 EB/s per chip */
#define LIM_LINK_GBS 1e9       /* chip-to-chip GB/s */
#define LIM_DOMAIN_CHIPS 1e7   /* chips in one link domain */
#define LIM_USD_PER_HOUR 1e6   /* rental price of one chip for an hour */
#define LIM_TOKENS 1e18        /* training tokens */

/* Reports field k of row when present and outside [lo, hi]; returns -1, else 0. */
static int check_range(const struct csv_row *row, size_t k, double lo, double hi)
{
	const struct csv_value *v = &row->v[k];

	if (!v->present)
		return 0;
	if (v->num > hi)
		return csv_field_error(row, k, "expected at most %g, got \"%s\" (beyond the "
				       "sanity limit)", hi, v->text);
	if (v->num < lo)
		return csv_field_error(row, k, "expected at least %g, got \"%s\" (below the "
				       "sanity limit)", lo, v->text);
	return 0;
}

/* ---- models.csv ---- */

enum { M_NAME, M_PARAMS, M_LAYERS, M_D_MODEL, M_HEADS, M_KV_HEADS, M_HEAD_DIM, M_ACTIVE,
       M_EXPERTS, M_EXPERTS_PER_TOKEN, M_CONTEXT, M_SOURCE };
static const struct csv_column model_cols[] = {
	{"name", CSV_T_TEXT, CSV_REQUIRED | CSV_KEY},
	{"params", CSV_T_NUMBER, CSV_REQUIRED | CSV_POSITIVE},
	{"layers", CSV_T_INTEGER, CSV_REQUIRED | CSV_POSITIVE},
	{"d_model", CSV_T_INTEGER, CSV_REQUIRED | CSV_POSITIVE},
	{"heads", CSV_T_INTEGER, CSV_REQUIRED | CSV_POSITIVE},
	{"kv_heads", CSV_T_INTEGER, CSV_REQUIRED | CSV_POSITIVE},
	{"head_dim", CSV_T_INTEGER, CSV_REQUIRED | CSV_POSITIVE},
	{"active_params", CSV_T_NUMBER, CSV_POSITIVE},
	{"experts", CSV_T_INTEGER, CSV_POSITIVE},
	{"experts_per_token", CSV_T_INTEGER, CSV_POSITIVE},
	{"context", CSV_T_NUMBER, CSV_POSITIVE},
	{"source", CSV_T_TEXT, 0},
};

static int on_model(const struct csv_row *row, void *data)
{
	struct loadctx *c = data;
	struct inputs *in = c->in;
	const struct csv_value *v = row->v;
	struct model *m;
	int bad = 0;
	long heads = v[M_HEADS].i, kv = v[M_KV_HEADS].i;
	long experts = v[M_EXPERTS].present ? v[M_EXPERTS].i : 1;

	bad |= check_range(row, M_PARAMS, 0, LIM_PARAMS);
	bad |= check_range(row, M_ACTIVE, 0, LIM_PARAMS);
	bad |= check_range(row, M_LAYERS, 0, LIM_SHAPE);
	bad |= check_range(row, M_D_MODEL, 0, LIM_SHAPE);
	bad |= check_range(row, M_HEADS, 0, LIM_SHAPE);
	bad |= check_range(row, M_KV_HEADS, 0, LIM_SHAPE);
	bad |= check_range(row, M_HEAD_DIM, 0, LIM_SHAPE);
	bad |= check_range(row, M_EXPERTS, 0, LIM_SHAPE);
	bad |= check_range(row, M_CONTEXT, 0, LIM_CONTEXT);
	if (bad)
		return -1;
	if (kv > heads)
		bad = csv_field_error(row, M_KV_HEADS, "expected at most heads (%ld), got \"%s\"",
				      heads, v[M_KV_HEADS].text);
	else if (heads % kv)
		bad = csv_field_error(row, M_KV_HEADS,
				      "expected a divisor of heads (%ld), got \"%s\"", heads,
				      v[M_KV_HEADS].text);
	if (v[M_EXPERTS_PER_TOKEN].present && v[M_EXPERTS_PER_TOKEN].i > experts)
		bad = csv_field_error(row, M_EXPERTS_PER_TOKEN,
				      "expected at most experts (%ld), got \"%s\"", experts,
				      v[M_EXPERTS_PER_TOKEN].text);
	if (v[M_ACTIVE].present && v[M_ACTIVE].num > v[M_PARAMS].num)
		bad = csv_field_error(row, M_ACTIVE, "expected at most params (%s), got \"%s\"",
				      v[M_PARAMS].text, v[M_ACTIVE].text);
	if (bad)
		return -1;

	PUSH(c, in->models, in->n_models);
	m = &in->models[in->n_models];
	memset(m, 0, sizeof(*m));
	m->name = dup_text(c, &v[M_NAME]);
	m->source = dup_text(c, &v[M_SOURCE]);
	if (!m->name || !m->source) {
		free(m->name);
		free(m->source);
		return -1;
	}
	in->n_models++;
	m->params = v[M_PARAMS].num;
	m->active_params = v[M_ACTIVE].present ? v[M_ACTIVE].num : m->params;
	m->layers = (int)v[M_LAYERS].i;
	m->d_model = (int)v[M_D_MODEL].i;
	m->heads = (int)heads;
	m->kv_heads = (int)kv;
	m->head_dim = (int)v[M_HEAD_DIM].i;
	m->experts = (int)experts;
	m->experts_per_token = v[M_EXPERTS_PER_TOKEN].present ? (int)v[M_EXPERTS_PER_TOKEN].i : 1;
	m->context = v[M_CONTEXT].present ? v[M_CONTEXT].num : 0;
	m->line = row->line;
	return 0;
}

/* ---- hardware.csv ---- */

enum { H_NAME, H_PEAK16, H_MEM, H_BW, H_PEAK8, H_LINK, H_YEAR, H_TDP, H_PRICE, H_VENDOR,
       H_SOURCE, H_DOMAIN, H_NET };
static const struct csv_column hardware_cols[] = {
	{"name", CSV_T_TEXT, CSV_REQUIRED | CSV_KEY},
	{"peak_tflops_16", CSV_T_NUMBER, CSV_REQUIRED | CSV_POSITIVE},
	{"mem_gb", CSV_T_NUMBER, CSV_REQUIRED | CSV_POSITIVE},
	{"mem_bw_tbs", CSV_T_NUMBER, CSV_REQUIRED | CSV_POSITIVE},
	{"peak_tflops_8", CSV_T_NUMBER, CSV_NONNEG},
	{"link_gbs", CSV_T_NUMBER, CSV_NONNEG},
	{"year", CSV_T_INTEGER, CSV_POSITIVE},
	{"tdp_w", CSV_T_NUMBER, CSV_NONNEG},
	{"list_price_usd", CSV_T_NUMBER, CSV_NONNEG},
	{"vendor", CSV_T_TEXT, CSV_NAME},
	{"source", CSV_T_TEXT, 0},
	{"domain_chips", CSV_T_INTEGER, CSV_POSITIVE},
	{"net_gbs", CSV_T_NUMBER, CSV_NONNEG},
};

static int on_hardware(const struct csv_row *row, void *data)
{
	struct loadctx *c = data;
	struct inputs *in = c->in;
	const struct csv_value *v = row->v;
	struct hardware *h;
	int bad = 0;

	bad |= check_range(row, H_PEAK16, LIM_TFLOPS_MIN, LIM_TFLOPS_MAX);
	bad |= check_range(row, H_PEAK8, 0, LIM_TFLOPS_MAX);
	bad |= check_range(row, H_MEM, LIM_MEM_GB_MIN, LIM_MEM_GB_MAX);
	bad |= check_range(row, H_BW, LIM_BW_TBS_MIN, LIM_BW_TBS_MAX);
	bad |= check_range(row, H_LINK, 0, LIM_LINK_GBS);
	bad |= check_range(row, H_NET, 0, LIM_LINK_GBS);
	bad |= check_range(row, H_DOMAIN, 1, LIM_DOMAIN_CHIPS);
	if (v[H_PEAK8].present && v[H_PEAK8].num > 0 && v[H_PEAK8].num < LIM_TFLOPS_MIN)
		bad |= check_range(row, H_PEAK8, LIM_TFLOPS_MIN, LIM_TFLOPS_MAX);
	if (bad)
		return -1;
	PUSH(c, in->hardware, in->n_hardware);
	h = &in->hardware[in->n_hardware];
	memset(h, 0, sizeof(*h));
	h->name = dup_text(c, &v[H_NAME]);
	h->vendor = dup_text(c, &v[H_VENDOR]);
	h->source = dup_text(c, &v[H_SOURCE]);
	if (!h->name || !h->vendor || !h->source) {
		free(h->name);
		free(h->vendor);
		free(h->source);
		return -1;
	}
	in->n_hardware++;
	h->peak_tflops_16 = v[H_PEAK16].num;
	h->peak_tflops_8 = v[H_PEAK8].num; /* empty: no 8-bit support, 0 */
	h->mem_gb = v[H_MEM].num;
	h->mem_bw_tbs = v[H_BW].num;
	h->link_gbs = v[H_LINK].num;
	h->domain_chips = (int)v[H_DOMAIN].i;
	h->net_gbs = v[H_NET].num;
	h->year = (int)v[H_YEAR].i;
	h->tdp_w = v[H_TDP].num;
	h->list_price_usd = v[H_PRICE].num;
	h->line = row->line;
	return 0;
}

/* Index of the hardware named in field k, or reports it unknown. */
static int hardware_ref(struct loadctx *c, const struct csv_row *row, size_t k, size_t *idx)
{
	const struct hardware *h = inputs_find_hardware(c->in, row->v[k].text);

	if (h) {
		*idx = (size_t)(h - c->in->hardware);
		return 0;
	}
	if (!c->hw_ok)
		return -1; /* hardware.csv has its own errors; do not pile on */
	return unknown_name(row, k, c->in, "hardware", "hardware.csv", row->v[k].text,
			    row->v[k].len);
}

/* ---- prices.csv ----
 * One row per (hardware, as_of): with two, the price in force would depend on row order. */

enum { P_HARDWARE, P_USD, P_AS_OF, P_PROVIDER, P_SOURCE };
static const struct csv_column price_cols[] = {
	{"hardware", CSV_T_TEXT, CSV_REQUIRED | CSV_NAME | CSV_KEY_PART},
	{"usd_per_gpu_hour", CSV_T_NUMBER, CSV_REQUIRED | CSV_POSITIVE},
	{"as_of", CSV_T_DATE, CSV_REQUIRED | CSV_KEY_PART},
	{"provider", CSV_T_TEXT, 0},
	{"source", CSV_T_TEXT, 0},
};

static int on_price(const struct csv_row *row, void *data)
{
	struct loadctx *c = data;
	struct inputs *in = c->in;
	const struct csv_value *v = row->v;
	struct price *p;
	size_t hw;

	if (check_range(row, P_USD, 0, LIM_USD_PER_HOUR) < 0)
		return -1;
	if (hardware_ref(c, row, P_HARDWARE, &hw) < 0)
		return -1;
	PUSH(c, in->prices, in->n_prices);
	p = &in->prices[in->n_prices];
	memset(p, 0, sizeof(*p));
	p->hardware = dup_text(c, &v[P_HARDWARE]);
	p->provider = dup_text(c, &v[P_PROVIDER]);
	p->source = dup_text(c, &v[P_SOURCE]);
	if (!p->hardware || !p->provider || !p->source) {
		free(p->hardware);
		free(p->provider);
		free(p->source);
		return -1;
	}
	in->n_prices++;
	p->hw = hw;
	p->usd_per_gpu_hour = v[P_USD].num;
	p->as_of = v[P_AS_OF].i;
	p->line = row->line;
	return 0;
}

/* ---- api_prices.csv ----
 * One row per (provider, model, as_of), for the same reason as prices.csv. */

enum { A_PROVIDER, A_MODEL, A_PROMPT, A_GEN, A_AS_OF, A_SOURCE };
static const struct csv_column api_price_cols[] = {
	{"provider", CSV_T_TEXT, CSV_REQUIRED | CSV_KEY_PART},
	{"model", CSV_T_TEXT, CSV_REQUIRED | CSV_KEY_PART},
	{"usd_per_1k_prompt", CSV_T_NUMBER, CSV_REQUIRED | CSV_NONNEG},
	{"usd_per_1k_gen", CSV_T_NUMBER, CSV_REQUIRED | CSV_NONNEG},
	{"as_of", CSV_T_DATE, CSV_REQUIRED | CSV_KEY_PART},
	{"source", CSV_T_TEXT, 0},
};

static int on_api_price(const struct csv_row *row, void *data)
{
	struct loadctx *c = data;
	struct inputs *in = c->in;
	const struct csv_value *v = row->v;
	struct api_price *a;

	PUSH(c, in->api_prices, in->n_api_prices);
	a = &in->api_prices[in->n_api_prices];
	memset(a, 0, sizeof(*a));
	a->provider = dup_text(c, &v[A_PROVIDER]);
	a->model = dup_text(c, &v[A_MODEL]);
	a->source = dup_text(c, &v[A_SOURCE]);
	if (!a->provider || !a->model || !a->source) {
		free(a->provider);
		free(a->model);
		free(a->source);
		return -1;
	}
	in->n_api_prices++;
	a->usd_per_1k_prompt = v[A_PROMPT].num;
	a->usd_per_1k_gen = v[A_GEN].num;
	a->as_of = v[A_AS_OF].i;
	a->line = row->line;
	return 0;
}

/* ---- sweeps.csv ---- */

enum { S_NAME, S_MODELS, S_HARDWARE, S_GPUS, S_BATCH, S_PROMPT, S_GEN, S_PRECISION,
       S_DESCRIPTION };
static const struct csv_column sweep_cols[] = {
	{"name", CSV_T_TEXT, CSV_REQUIRED | CSV_KEY},
	{"models", CSV_T_TEXT, CSV_REQUIRED},
	{"hardware", CSV_T_TEXT, CSV_REQUIRED},
	{"gpus", CSV_T_TEXT, 0},
	{"batch", CSV_T_TEXT, 0},
	{"prompt", CSV_T_TEXT, 0},
	{"gen", CSV_T_TEXT, 0},
	{"precision", CSV_T_TEXT, 0},
	{"description", CSV_T_TEXT, 0},
};

enum list_kind { L_MODELS, L_HARDWARE, L_COUNTS, L_BATCH, L_PRECISION };

static const char *const precisions[] = {"fp16", "bf16", "fp8", "int8", "int4"};

/* Whether item (len bytes) is a positive integer written in digits; *x is its value, or
 * SWEEP_COUNT_MAX + 1 for any larger one (however many digits). */
static int is_count(const char *s, size_t len, long long *x)
{
	size_t i;

	*x = 0;
	if (len == 0)
		return 0;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		*x = *x * 10 + (s[i] - '0');
		if (*x > SWEEP_COUNT_MAX)
			*x = SWEEP_COUNT_MAX + 1;
	}
	return *x > 0;
}

/* Checks every comma-separated item of field k; reports each bad one. */
static int check_list(struct loadctx *c, const struct csv_row *row, size_t k, enum list_kind kind)
{
	const struct csv_value *v = &row->v[k];
	const char *s = v->text, *end = v->text + v->len;
	char q[CSV_QUOTE_SIZE];
	int bad = 0;

	if (!v->present)
		return 0;
	for (;;) {
		const char *comma = memchr(s, ',', (size_t)(end - s));
		const char *e = comma ? comma : end, *b = s;
		size_t len, i;
		long long count = 0;
		char *item;

		while (b < e && (*b == ' ' || *b == '\t'))
			b++;
		while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		len = (size_t)(e - b);
		if (len == 0) {
			bad = csv_field_error(row, k, "expected a comma-separated list, got an empty "
					      "item in %s", csv_quote(q, sizeof(q), v->text, v->len));
			goto next;
		}
		item = strndup(b, len);
		if (!item) {
			c->oom = 1;
			return error("out of memory");
		}
		switch (kind) {
		case L_MODELS:
			if (!inputs_find_model(c->in, item) && c->models_ok)
				bad = unknown_name(row, k, c->in, "model", "models.csv", b, len);
			else if (!inputs_find_model(c->in, item))
				bad = -1;
			break;
		case L_HARDWARE:
			if (!inputs_find_hardware(c->in, item) && c->hw_ok)
				bad = unknown_name(row, k, c->in, "hardware", "hardware.csv", b, len);
			else if (!inputs_find_hardware(c->in, item))
				bad = -1;
			break;
		case L_COUNTS:
			if (!is_count(b, len, &count))
				bad = csv_field_error(
					row, k, "expected a comma-separated list of positive integers, "
					"got %s", csv_quote(q, sizeof(q), b, len));
			else if (count > SWEEP_COUNT_MAX)
				bad = csv_field_error(row, k, "expected at most %ld, got %s",
						      SWEEP_COUNT_MAX, csv_quote(q, sizeof(q), b, len));
			break;
		case L_BATCH:
			if (!is_count(b, len, &count) && strcmp(item, "max") != 0)
				bad = csv_field_error(
					row, k, "expected a comma-separated list of positive integers "
					"or max, got %s", csv_quote(q, sizeof(q), b, len));
			else if (count > SWEEP_COUNT_MAX)
				bad = csv_field_error(row, k, "expected at most %ld, got %s",
						      SWEEP_COUNT_MAX, csv_quote(q, sizeof(q), b, len));
			break;
		case L_PRECISION:
			for (i = 0; i < N_OF(precisions); i++)
				if (strcmp(item, precisions[i]) == 0)
					break;
			if (i == N_OF(precisions))
				bad = csv_field_error(
					row, k, "expected a comma-separated list of fp16, bf16, fp8, "
					"int8, int4, got %s", csv_quote(q, sizeof(q), b, len));
			break;
		}
		free(item);
	next:
		if (!comma)
			break;
		s = comma + 1;
	}
	return bad;
}

/* The field's text, or dflt when the field is empty. */
static char *dup_or(struct loadctx *c, const struct csv_value *v, const char *dflt)
{
	char *s = strdup(v->present ? v->text : dflt);
	if (!s && !c->oom) {
		c->oom = 1;
		error("out of memory");
	}
	return s;
}

static int on_sweep(const struct csv_row *row, void *data)
{
	struct loadctx *c = data;
	struct inputs *in = c->in;
	const struct csv_value *v = row->v;
	struct sweep *s;
	int bad = 0;

	bad |= check_list(c, row, S_MODELS, L_MODELS);
	bad |= check_list(c, row, S_HARDWARE, L_HARDWARE);
	bad |= check_list(c, row, S_GPUS, L_COUNTS);
	bad |= check_list(c, row, S_BATCH, L_BATCH);
	bad |= check_list(c, row, S_PROMPT, L_COUNTS);
	bad |= check_list(c, row, S_GEN, L_COUNTS);
	bad |= check_list(c, row, S_PRECISION, L_PRECISION);
	if (bad)
		return -1;
	PUSH(c, in->sweeps, in->n_sweeps);
	s = &in->sweeps[in->n_sweeps];
	memset(s, 0, sizeof(*s));
	s->name = dup_text(c, &v[S_NAME]);
	s->models = dup_text(c, &v[S_MODELS]);
	s->hardware = dup_text(c, &v[S_HARDWARE]);
	s->gpus = dup_or(c, &v[S_GPUS], "1");
	s->batch = dup_or(c, &v[S_BATCH], "1");
	s->prompt = dup_or(c, &v[S_PROMPT], "512");
	s->gen = dup_or(c, &v[S_GEN], "512");
	s->precision = dup_or(c, &v[S_PRECISION], "bf16");
	s->description = dup_text(c, &v[S_DESCRIPTION]);
	s->line = row->line;
	in->n_sweeps++; /* released by inputs_release even if a copy failed */
	if (!s->name || !s->models || !s->hardware || !s->gpus || !s->batch || !s->prompt ||
	    !s->gen || !s->precision || !s->description)
		return -1;
	return 0;
}

/* ---- training.csv ---- */

enum { T_NAME, T_PARAMS, T_TOKENS, T_HARDWARE, T_ACTIVE, T_MODEL, T_GPUS, T_DAYS, T_GPU_HOURS,
       T_MFU, T_SOURCE, T_SEQ, T_BATCH, T_PREC, T_ATTN, T_RECOMP, T_TP, T_PP, T_ZERO };
static const struct csv_column train_cols[] = {
	{"name", CSV_T_TEXT, CSV_REQUIRED | CSV_KEY},
	{"params", CSV_T_NUMBER, CSV_REQUIRED | CSV_POSITIVE},
	{"tokens", CSV_T_NUMBER, CSV_REQUIRED | CSV_POSITIVE},
	{"hardware", CSV_T_TEXT, CSV_REQUIRED | CSV_NAME},
	{"active_params", CSV_T_NUMBER, CSV_POSITIVE},
	{"model", CSV_T_TEXT, CSV_NAME},
	{"gpus", CSV_T_INTEGER, CSV_POSITIVE},
	{"days", CSV_T_NUMBER, CSV_POSITIVE},
	{"gpu_hours", CSV_T_NUMBER, CSV_POSITIVE},
	{"mfu", CSV_T_NUMBER, CSV_FRACTION},
	{"source", CSV_T_TEXT, 0},
	{"seq", CSV_T_INTEGER, CSV_POSITIVE},
	{"batch_tokens", CSV_T_NUMBER, CSV_POSITIVE},
	{"precision", CSV_T_TEXT, 0},
	{"attention", CSV_T_TEXT, 0},
	{"recompute", CSV_T_TEXT, 0},
	{"tp", CSV_T_INTEGER, CSV_POSITIVE},
	{"pp", CSV_T_INTEGER, CSV_POSITIVE},
	{"zero", CSV_T_INTEGER, CSV_POSITIVE},
};

/* A published layout (tp, pp, zero) must be one the estimator can run: tp x pp chips within
 * the run's gpus, tp dividing the model's heads, pp at most its layers, ZeRO stage 1 or 3. */
static int check_layout(const struct csv_row *row, const struct model *m)
{
	const struct csv_value *v = row->v;
	long tp = v[T_TP].present ? v[T_TP].i : 1, pp = v[T_PP].present ? v[T_PP].i : 1;
	int bad = 0;

	bad |= check_range(row, T_TP, 1, LIM_SHAPE);
	bad |= check_range(row, T_PP, 1, LIM_SHAPE);
	if (v[T_ZERO].present && v[T_ZERO].i != 1 && v[T_ZERO].i != 3)
		bad = csv_field_error(row, T_ZERO, "expected 1 or 3, got \"%s\"", v[T_ZERO].text);
	if (bad)
		return bad;
	if (v[T_GPUS].present && (v[T_TP].present || v[T_PP].present) && tp * pp > v[T_GPUS].i)
		return csv_field_error(row, v[T_PP].present ? T_PP : T_TP, "expected tp x pp (%ld) "
				       "at most gpus (%ld), got \"%s\"", tp * pp, v[T_GPUS].i,
				       v[v[T_PP].present ? T_PP : T_TP].text);
	if (m && v[T_TP].present && m->heads % tp != 0)
		bad = csv_field_error(row, T_TP, "expected a divisor of the model's heads (%d), got "
				      "\"%s\"", m->heads, v[T_TP].text);
	if (m && v[T_PP].present && pp > m->layers)
		bad = csv_field_error(row, T_PP, "expected at most the model's layers (%d), got "
				      "\"%s\"", m->layers, v[T_PP].text);
	return bad;
}

static int on_train(const struct csv_row *row, void *data)
{
	struct loadctx *c = data;
	struct inputs *in = c->in;
	const struct csv_value *v = row->v;
	struct train_run *t;
	size_t hw = 0;
	int bad = 0;

	bad |= check_range(row, T_PARAMS, 0, LIM_PARAMS);
	bad |= check_range(row, T_ACTIVE, 0, LIM_PARAMS);
	bad |= check_range(row, T_TOKENS, 0, LIM_TOKENS);
	bad |= check_range(row, T_SEQ, 1, LIM_TOKENS);
	bad |= check_range(row, T_BATCH, 1, LIM_TOKENS);
	if (v[T_PREC].present && !same_nocase(v[T_PREC].text, "bf16") &&
	    !same_nocase(v[T_PREC].text, "fp16") && !same_nocase(v[T_PREC].text, "fp8"))
		bad = csv_field_error(row, T_PREC, "expected bf16, fp16 or fp8, got \"%s\"",
				      v[T_PREC].text);
	if (v[T_ATTN].present && !same_nocase(v[T_ATTN].text, "flash") &&
	    !same_nocase(v[T_ATTN].text, "unfused"))
		bad = csv_field_error(row, T_ATTN, "expected flash or unfused, got \"%s\"",
				      v[T_ATTN].text);
	if (v[T_RECOMP].present && !same_nocase(v[T_RECOMP].text, "full") &&
	    !same_nocase(v[T_RECOMP].text, "auto"))
		bad = csv_field_error(row, T_RECOMP, "expected full or auto, got \"%s\"",
				      v[T_RECOMP].text);
	if (hardware_ref(c, row, T_HARDWARE, &hw) < 0)
		bad = -1;
	if (v[T_MODEL].present && !inputs_find_model(in, v[T_MODEL].text))
		bad = c->models_ok ? unknown_name(row, T_MODEL, in, "model", "models.csv",
						  v[T_MODEL].text, v[T_MODEL].len)
				   : -1;
	if (v[T_ACTIVE].present && v[T_ACTIVE].num > v[T_PARAMS].num)
		bad = csv_field_error(row, T_ACTIVE, "expected at most params (%s), got \"%s\"",
				      v[T_PARAMS].text, v[T_ACTIVE].text);
	if (check_layout(row, v[T_MODEL].present ? inputs_find_model(in, v[T_MODEL].text) : NULL))
		bad = -1;
	if (bad)
		return -1;
	PUSH(c, in->train_runs, in->n_train_runs);
	t = &in->train_runs[in->n_train_runs];
	memset(t, 0, sizeof(*t));
	t->name = dup_text(c, &v[T_NAME]);
	t->model = dup_text(c, &v[T_MODEL]);
	t->hardware = dup_text(c, &v[T_HARDWARE]);
	t->source = dup_text(c, &v[T_SOURCE]);
	in->n_train_runs++;
	if (!t->name || !t->model || !t->hardware || !t->source)
		return -1;
	t->hw = hw;
	t->params = v[T_PARAMS].num;
	t->active_params = v[T_ACTIVE].present ? v[T_ACTIVE].num : t->params;
	t->tokens = v[T_TOKENS].num;
	t->gpus = v[T_GPUS].i;
	t->days = v[T_DAYS].num;
	t->gpu_hours = v[T_GPU_HOURS].num;
	t->mfu = v[T_MFU].num;
	t->seq_tokens = (double)v[T_SEQ].i;
	t->batch_tokens = v[T_BATCH].num;
	t->fp8 = v[T_PREC].present && same_nocase(v[T_PREC].text, "fp8");
	t->unfused_attention = v[T_ATTN].present && same_nocase(v[T_ATTN].text, "unfused");
	t->full_recompute = v[T_RECOMP].present && same_nocase(v[T_RECOMP].text, "full");
	t->tp = v[T_TP].i;
	t->pp = v[T_PP].i;
	t->zero_stage = (int)v[T_ZERO].i;
	t->line = row->line;
	return 0;
}

/* The precision named in field k (weights, KV cache), or reports it unknown. */
static int precision_field(const struct csv_row *row, size_t k, enum precision *out)
{
	if (precision_parse(row->v[k].text, out) == 0)
		return 0;
	return csv_field_error(row, k, "expected fp16, bf16, fp8, int8 or int4, got \"%s\"",
			       row->v[k].text);
}

/* ---- measurements.csv ---- */

enum { X_ID, X_KIND, X_MODEL, X_PARAMS, X_ACTIVE, X_LAYERS, X_DMODEL, X_HEADS, X_KVH, X_HDIM,
       X_HW, X_GPUS, X_PREC, X_TOKENS, X_BATCH, X_PROMPT, X_GEN, X_METRIC, X_VALUE, X_UNIT,
       X_SOURCE };
static const struct csv_column meas_cols[] = {
	{"id", CSV_T_TEXT, CSV_REQUIRED | CSV_KEY},
	{"kind", CSV_T_TEXT, CSV_REQUIRED},
	{"model", CSV_T_TEXT, CSV_REQUIRED | CSV_NAME},
	{"params", CSV_T_NUMBER, CSV_REQUIRED | CSV_POSITIVE},
	{"active_params", CSV_T_NUMBER, CSV_POSITIVE},
	{"layers", CSV_T_INTEGER, CSV_REQUIRED | CSV_POSITIVE},
	{"d_model", CSV_T_INTEGER, CSV_REQUIRED | CSV_POSITIVE},
	{"heads", CSV_T_INTEGER, CSV_REQUIRED | CSV_POSITIVE},
	{"kv_heads", CSV_T_INTEGER, CSV_REQUIRED | CSV_POSITIVE},
	{"head_dim", CSV_T_INTEGER, CSV_REQUIRED | CSV_POSITIVE},
	{"hardware", CSV_T_TEXT, CSV_REQUIRED | CSV_NAME},
	{"gpus", CSV_T_INTEGER, CSV_POSITIVE},
	{"precision", CSV_T_TEXT, CSV_REQUIRED},
	{"train_tokens", CSV_T_NUMBER, CSV_POSITIVE},
	{"batch", CSV_T_INTEGER, CSV_POSITIVE},
	{"prompt", CSV_T_INTEGER, CSV_POSITIVE},
	{"gen", CSV_T_INTEGER, CSV_POSITIVE},
	{"metric", CSV_T_TEXT, CSV_REQUIRED},
	{"value", CSV_T_NUMBER, CSV_REQUIRED | CSV_POSITIVE},
	{"unit", CSV_T_TEXT, 0},
	{"source", CSV_T_TEXT, 0},
};

static int on_meas(const struct csv_row *row, void *data)
{
	struct loadctx *c = data;
	struct inputs *in = c->in;
	const struct csv_value *v = row->v;
	struct meas_row *m;
	size_t hw = 0;
	int bad = 0, train = 0;
	enum precision prec = PREC_BF16;
	enum meas_metric metric = MEAS_GPU_HOURS;

	if (strcmp(v[X_KIND].text, "train") == 0)
		train = 1;
	else if (strcmp(v[X_KIND].text, "infer") != 0)
		bad = csv_field_error(row, X_KIND, "expected train or infer, got \"%s\"",
				      v[X_KIND].text);
	if (hardware_ref(c, row, X_HW, &hw) < 0)
		bad = -1;
	if (v[X_KVH].i > v[X_HEADS].i || v[X_HEADS].i % v[X_KVH].i)
		bad = csv_field_error(row, X_KVH, "expected a divisor of heads (%ld), got \"%s\"",
				      v[X_HEADS].i, v[X_KVH].text);
	if (v[X_ACTIVE].present && v[X_ACTIVE].num > v[X_PARAMS].num)
		bad = csv_field_error(row, X_ACTIVE, "expected at most params (%s), got \"%s\"",
				      v[X_PARAMS].text, v[X_ACTIVE].text);
	if (precision_field(row, X_PREC, &prec) < 0)
		bad = -1;
	if (meas_metric_parse(v[X_METRIC].text, &metric) < 0)
		bad = csv_field_error(row, X_METRIC, "expected gpu_hours, ttft_s, decode_tok_s, "
				      "total_latency_s or throughput_tok_s, got \"%s\"",
				      v[X_METRIC].text);
	else if (!bad && train != (metric == MEAS_GPU_HOURS))
		bad = csv_field_error(row, X_METRIC, "expected %s row, got \"%s\"",
				      train ? "gpu_hours for a train" : "a serving metric for an infer",
				      v[X_METRIC].text);
	if (!bad && train && !v[X_TOKENS].present)
		bad = csv_field_error(row, X_TOKENS, "expected a value for a train row, got an empty "
				      "field");
	if (bad)
		return -1;
	PUSH(c, in->measurements, in->n_measurements);
	m = &in->measurements[in->n_measurements];
	memset(m, 0, sizeof(*m));
	m->id = dup_text(c, &v[X_ID]);
	m->model.name = dup_text(c, &v[X_MODEL]);
	m->hardware = dup_text(c, &v[X_HW]);
	m->unit = dup_text(c, &v[X_UNIT]);
	m->source = dup_text(c, &v[X_SOURCE]);
	in->n_measurements++;
	if (!m->id || !m->model.name || !m->hardware || !m->unit || !m->source)
		return -1;
	m->train = train;
	m->model.params = v[X_PARAMS].num;
	m->model.active_params = v[X_ACTIVE].present ? v[X_ACTIVE].num : m->model.params;
	m->model.layers = (int)v[X_LAYERS].i;
	m->model.d_model = (int)v[X_DMODEL].i;
	m->model.heads = (int)v[X_HEADS].i;
	m->model.kv_heads = (int)v[X_KVH].i;
	m->model.head_dim = (int)v[X_HDIM].i;
	m->model.experts = m->model.experts_per_token = 1;
	m->model.source = m->source;
	m->model.line = row->line;
	m->hw = hw;
	m->gpus = v[X_GPUS].i;
	m->batch = v[X_BATCH].i;
	m->prompt = v[X_PROMPT].i;
	m->gen = v[X_GEN].i;
	m->precision = (int)prec;
	m->train_tokens = v[X_TOKENS].num;
	m->metric = (int)metric;
	m->value = v[X_VALUE].num;
	m->line = row->line;
	return 0;
}

/* ---- benchmarks.csv ---- */

enum { B_ID, B_MODEL, B_HW, B_GPUS, B_PREC, B_BATCH, B_PROMPT, B_GEN, B_MODE, B_METRIC, B_VALUE,
       B_UNIT, B_SOURCE };
static const struct csv_column bench_cols[] = {
	{"id", CSV_T_TEXT, CSV_REQUIRED | CSV_KEY},
	{"model", CSV_T_TEXT, CSV_REQUIRED | CSV_NAME},
	{"hardware", CSV_T_TEXT, CSV_REQUIRED | CSV_NAME},
	{"gpus", CSV_T_INTEGER, CSV_REQUIRED | CSV_POSITIVE},
	{"precision", CSV_T_TEXT, CSV_REQUIRED},
	{"batch", CSV_T_INTEGER, CSV_POSITIVE},
	{"prompt", CSV_T_INTEGER, CSV_REQUIRED | CSV_POSITIVE},
	{"gen", CSV_T_INTEGER, CSV_REQUIRED | CSV_POSITIVE},
	{"mode", CSV_T_TEXT, 0},
	{"metric", CSV_T_TEXT, CSV_REQUIRED},
	{"value", CSV_T_NUMBER, CSV_REQUIRED | CSV_POSITIVE},
	{"unit", CSV_T_TEXT, 0},
	{"source", CSV_T_TEXT, 0},
};

static int on_bench(const struct csv_row *row, void *data)
{
	struct loadctx *c = data;
	struct inputs *in = c->in;
	const struct csv_value *v = row->v;
	struct bench_row *b;
	size_t hw = 0;
	int bad = 0;
	enum precision prec = PREC_BF16;
	enum serve_mode mode = SERVE_STATIC;
	enum meas_metric metric = MEAS_THROUGHPUT;

	bad |= check_range(row, B_GPUS, 1, (double)SWEEP_COUNT_MAX);
	bad |= check_range(row, B_BATCH, 1, (double)SWEEP_COUNT_MAX);
	bad |= check_range(row, B_PROMPT, 1, (double)SWEEP_COUNT_MAX);
	bad |= check_range(row, B_GEN, 1, (double)SWEEP_COUNT_MAX);
	if (hardware_ref(c, row, B_HW, &hw) < 0)
		bad = -1;
	if (!inputs_find_model(in, v[B_MODEL].text))
		bad = c->models_ok ? unknown_name(row, B_MODEL, in, "model", "models.csv",
						  v[B_MODEL].text, v[B_MODEL].len)
				   : -1;
	if (precision_field(row, B_PREC, &prec) < 0)
		bad = -1;
	/* disaggregated serving needs a prefill pool the table has no column for */
	if (v[B_MODE].present &&
	    (serve_mode_parse(v[B_MODE].text, &mode) < 0 || mode == SERVE_DISAGG))
		bad = csv_field_error(row, B_MODE, "expected static, continuous or chunked, got "
				      "\"%s\"", v[B_MODE].text);
	if (meas_metric_parse(v[B_METRIC].text, &metric) < 0 || metric == MEAS_GPU_HOURS)
		bad = csv_field_error(row, B_METRIC, "expected ttft_s, decode_tok_s, "
				      "total_latency_s or throughput_tok_s, got \"%s\"",
				      v[B_METRIC].text);
	if (bad)
		return -1;
	PUSH(c, in->benchmarks, in->n_benchmarks);
	b = &in->benchmarks[in->n_benchmarks];
	memset(b, 0, sizeof(*b));
	b->id = dup_text(c, &v[B_ID]);
	b->model = dup_text(c, &v[B_MODEL]);
	b->hardware = dup_text(c, &v[B_HW]);
	b->unit = dup_text(c, &v[B_UNIT]);
	b->source = dup_text(c, &v[B_SOURCE]);
	in->n_benchmarks++;
	if (!b->id || !b->model || !b->hardware || !b->unit || !b->source)
		return -1;
	b->hw = hw;
	b->gpus = v[B_GPUS].i;
	b->batch = v[B_BATCH].present ? v[B_BATCH].i : 0;
	b->prompt = v[B_PROMPT].i;
	b->gen = v[B_GEN].i;
	b->precision = (int)prec;
	b->mode = (int)mode;
	b->metric = (int)metric;
	b->value = v[B_VALUE].num;
	b->line = row->line;
	return 0;
}

/* ---- the folder ---- */

/* dir + "/" + file, without doubling a slash the user typed. */
static char *join(const char *dir, const char *file)
{
	size_t ld = strlen(dir), lf = strlen(file);
	int slash = ld > 0 && dir[ld - 1] != '/';
	char *p = malloc(ld + (size_t)slash + lf + 1);

	if (!p)
		return NULL;
	memcpy(p, dir, ld);
	if (slash)
		p[ld] = '/';
	memcpy(p + ld + (size_t)slash, file, lf + 1);
	return p;
}

/* Loads one table; returns 0 when it had no problems (absent optional tables included). */
static int load_table(struct loadctx *c, const char *dir, const char *file,
		      const struct csv_column *cols, size_t n_cols, unsigned flags, csv_row_fn fn)
{
	char *path = join(dir, file);
	int r;

	if (!path)
		return error("out of memory");
	r = csv_load(path, cols, n_cols, flags, fn, c);
	free(path);
	return r < 0 ? -1 : 0;
}

int inputs_load(struct inputs *in, const char *dir)
{
	struct loadctx c;
	size_t start = err_count();
	const unsigned req = CSVLOAD_NEED_ROWS, opt = CSVLOAD_OPTIONAL;

	memset(in, 0, sizeof(*in));
	memset(&c, 0, sizeof(c));
	c.in = in;
	c.hw_ok = load_table(&c, dir, "hardware.csv", hardware_cols, N_OF(hardware_cols), req,
			     on_hardware) == 0;
	c.models_ok = load_table(&c, dir, "models.csv", model_cols, N_OF(model_cols), req,
				 on_model) == 0;
	load_table(&c, dir, "prices.csv", price_cols, N_OF(price_cols), req, on_price);
	load_table(&c, dir, "api_prices.csv", api_price_cols, N_OF(api_price_cols), opt,
		   on_api_price);
	load_table(&c, dir, "sweeps.csv", sweep_cols, N_OF(sweep_cols), opt, on_sweep);
	load_table(&c, dir, "training.csv", train_cols, N_OF(train_cols), opt, on_train);
	load_table(&c, dir, "measurements.csv", meas_cols, N_OF(meas_cols), opt, on_meas);
	load_table(&c, dir, "benchmarks.csv", bench_cols, N_OF(bench_cols), opt, on_bench);
	in->dir = strdup(dir);
	if (!in->dir && !c.oom)
		error("out of memory");
	if (err_count() != start) {
		inputs_release(in);
		return -1;
	}
	return 0;
}

void inputs_release(struct inputs *in)
{
	size_t i;

	for (i = 0; i < in->n_models; i++) {
		free(in->models[i].name);
		free(in->models[i].source);
	}
	for (i = 0; i < in->n_hardware; i++) {
		free(in->hardware[i].name);
		free(in->hardware[i].vendor);
		free(in->hardware[i].source);
	}
	for (i = 0; i < in->n_prices; i++) {
		free(in->prices[i].hardware);
		free(in->prices[i].provider);
		free(in->prices[i].source);
	}
	for (i = 0; i < in->n_api_prices; i++) {
		free(in->api_prices[i].provider);
		free(in->api_prices[i].model);
		free(in->api_prices[i].source);
	}
	for (i = 0; i < in->n_sweeps; i++) {
		struct sweep *s = &in->sweeps[i];
		free(s->name);
		free(s->models);
		free(s->hardware);
		free(s->gpus);
		free(s->batch);
		free(s->prompt);
		free(s->gen);
		free(s->precision);
		free(s->description);
	}
	for (i = 0; i < in->n_train_runs; i++) {
		free(in->train_runs[i].name);
		free(in->train_runs[i].model);
		free(in->train_runs[i].hardware);
		free(in->train_runs[i].source);
	}
	free(in->models);
	free(in->hardware);
	free(in->prices);
	free(in->api_prices);
	free(in->sweeps);
	for (i = 0; i < in->n_measurements; i++) {
		free(in->measurements[i].id);
		free(in->measurements[i].model.name);
		free(in->measurements[i].hardware);
		free(in->measurements[i].unit);
		free(in->measurements[i].source);
	}
	for (i = 0; i < in->n_benchmarks; i++) {
		free(in->benchmarks[i].id);
		free(in->benchmarks[i].model);
		free(in->benchmarks[i].hardware);
		free(in->benchmarks[i].unit);
		free(in->benchmarks[i].source);
	}
	free(in->train_runs);
	free(in->measurements);
	free(in->benchmarks);
	free(in->dir);
	memset(in, 0, sizeof(*in));
}

/* ---- look-ups ---- */

const struct model *inputs_find_model(const struct inputs *in, const char *name)
{
	size_t i;
	for (i = 0; i < in->n_models; i++)
		if (same_nocase(in->models[i].name, name))
			return &in->models[i];
	return NULL;
}

const struct hardware *inputs_find_hardware(const struct inputs *in, const char *name)
{
	size_t i;
	for (i = 0; i < in->n_hardware; i++)
		if (same_nocase(in->hardware[i].name, name))
			return &in->hardware[i];
	return NULL;
}

const struct sweep *inputs_find_sweep(const struct inputs *in, const char *name)
{
	size_t i;
	for (i = 0; i < in->n_sweeps; i++)
		if (same_nocase(in->sweeps[i].name, name))
			return &in->sweeps[i];
	return NULL;
}

/* Name i of the given kind, or NULL past the end. */
static const char *kind_name(const struct inputs *in, int kind, size_t i)
{
	switch (kind) {
	case 0: return i < in->n_models ? in->models[i].name : NULL;
	case 1: return i < in->n_hardware ? in->hardware[i].name : NULL;
	default: return i < in->n_sweeps ? in->sweeps[i].name : NULL;
	}
}

const char *inputs_suggest(const struct inputs *in, const char *kind, const char *name)
{
	int k = strcmp(kind, "model") == 0 ? 0 : strcmp(kind, "hardware") == 0 ? 1 :
		strcmp(kind, "sweep") == 0 ? 2 : -1;
	const char *best = NULL, *s;
	size_t best_d = SIZE_MAX, i;

	if (k < 0 || !name)
		return NULL;
	/* "H100" means an H100 variant more likely than "V100", one edit away: a known name
	 * that starts with what was typed (3 characters or more) comes first. */
	if (strlen(name) >= 3)
		for (i = 0; (s = kind_name(in, k, i)) != NULL; i++)
			if (strncasecmp(s, name, strlen(name)) == 0)
				return s;
	for (i = 0; (s = kind_name(in, k, i)) != NULL; i++) {
		size_t d = csv_distance(name, s);
		if (d < best_d) {
			best_d = d;
			best = s;
		}
	}
	return best && csv_is_near(best_d, strlen(name)) ? best : NULL;
}

const struct price *inputs_price_at(const struct inputs *in, const struct hardware *hw, long date)
{
	const struct price *best = NULL;
	size_t i, idx;

	if (!hw || hw < in->hardware || hw >= in->hardware + in->n_hardware)
		return NULL;
	idx = (size_t)(hw - in->hardware);
	for (i = 0; i < in->n_prices; i++) {
		const struct price *p = &in->prices[i];
		if (p->hw != idx || (date > 0 && p->as_of > date))
			continue;
		if (!best || p->as_of > best->as_of)
			best = p; /* on equal dates the first row wins */
	}
	return best;
}
