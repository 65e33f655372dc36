/*
 * sweep.c - option lists, their cartesian product, and the estimate rows it prints
 * (see sweep.h).
 */
#include "sweep.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

static const char *const axis_options[AX_COUNT] = {
	"model", "hardware", "gpus", "batch", "prompt", "gen", "precision",
	"kv-precision", "mfu", "mbu", "reserve-gb", "usd-per-gpu-hour", "mode", "chunk-tokens",
	"prefill-gpus", "pipeline", "expert-ways", "draft", "spec-tokens", "accept-rate",
};

const char *sweep_axis_option(enum sweep_axis a)
{
	return (int)a >= 0 && a < AX_COUNT ? axis_options[a] : "?";
}

const struct column ESTIMATE_COLUMNS[] = {
	{ "model", "model", NULL, COL_STR, 0 },
	{ "hardware", "hardware", NULL, COL_STR, 0 },
	{ "gpus", "GPUs (tensor parallel)", NULL, COL_INT, 4 },
	{ "batch", "batch", "sequences", COL_INT, 5 },
	{ "prompt_tokens", "prompt", "tokens", COL_INT, 0 },
	{ "gen_tokens", "generated", "tokens", COL_INT, 0 },
	{ "precision", "precision", NULL, COL_STR, 0 },
	{ "weights_gb", "weights", "GB", COL_NUM, 0 },
	{ "kv_bytes_per_token", "KV cache per token", "bytes", COL_NUM, 0 },
	{ "kv_gb_per_seq", "KV cache per sequence", "GB", COL_NUM, 0 },
	{ "mem_needed_gb", "memory needed", "GB", COL_NUM, 0 },
	{ "mem_capacity_gb", "memory of all GPUs", "GB", COL_NUM, 0 },
	{ "fits", "fits in memory", NULL, COL_STR, 4 },
	{ "max_batch", "largest batch that fits", "sequences", COL_INT, 0 },
	{ "prefill_tok_s", "prefill", "tokens/s", COL_NUM, 0 },
	{ "ttft_s", "time to first token", "s", COL_NUM, 8 },
	{ "tpot_s", "time per output token", "s", COL_NUM, 8 },
	{ "decode_tok_s", "decode (whole batch)", "tokens/s", COL_NUM, 0 },
	{ "throughput_tok_s", "throughput, prefill included", "tokens/s", COL_NUM, 0 },
	{ "bound", "decode bound by", NULL, COL_STR, 7 },
	{ "usd_per_gpu_hour", "price per GPU-hour", "$", COL_NUM, 0 },
	{ "usd_per_1k_prompt", "cost per 1K prompt tokens", "$", COL_NUM, 0 },
	{ "usd_per_1k_gen", "cost per 1K generated tokens", "$", COL_NUM, 0 },
	/* extras */
	{ "kv_precision", "KV cache precision", NULL, COL_STR, 0 },
	{ "mfu", "MFU used (prefill)", NULL, COL_NUM, 5 },
	{ "mbu", "MBU used (decode)", NULL, COL_NUM, 5 },
	{ "mode", "serving mode", NULL, COL_STR, 10 },
	{ "chunk_tokens", "prefill chunk (chunked)", "tokens", COL_INT, 0 },
	{ "prefill_gpus", "prefill pool (disagg)", "GPUs", COL_INT, 0 },
	{ "pipeline", "pipeline stages", NULL, COL_INT, 0 },
	{ "expert_ways", "experts spread over", "GPUs", COL_INT, 0 },
	{ "draft", "draft model (speculative)", NULL, COL_STR, 5 },
	{ "spec_tokens", "tokens proposed per step", "tokens", COL_INT, 0 },
	{ "accept_rate", "chance a proposed token is accepted", NULL, COL_NUM, 0 },
	{ "chips", "chips in all (prefill pool included)", NULL, COL_INT, 5 },
	{ "tokens_per_step", "tokens per sequence per decode step", NULL, COL_NUM, 0 },
	{ "t_gemm_s", "decode step: weight GEMMs", "s", COL_NUM, 0 },
	{ "t_kv_s", "decode step: KV cache reads", "s", COL_NUM, 0 },
	{ "t_nongemm_s", "decode step: element-wise work", "s", COL_NUM, 0 },
	{ "t_overhead_s", "decode step: fixed overhead", "s", COL_NUM, 0 },
	{ "t_comm_s", "decode step: communication", "s", COL_NUM, 0 },
	{ "ttft_comm_s", "communication in time to first token", "s", COL_NUM, 0 },
	/* properties of the configuration alone (filled even when it cannot be estimated) */
	{ "active_params", "parameters used per token", NULL, COL_NUM, 0 },
	{ "flop_per_token", "forward FLOPs per token at the prompt's context", "FLOP", COL_NUM,
	  0 },
	{ "attn_flop_per_token", "attention FLOPs per token at that context", "FLOP", COL_NUM,
	  0 },
	{ "ridge_flop_per_byte", "ridge point at this precision", "FLOP/byte", COL_NUM, 0 },
	{ "weights_gb_per_chip", "weights per chip", "GB", COL_NUM, 0 },
};
const size_t N_ESTIMATE_COLUMNS = sizeof(ESTIMATE_COLUMNS) / sizeof(ESTIMATE_COLUMNS[0]);

void sweep_plan_init(struct sweep_plan *p)
{
	memset(p, 0, sizeof(*p));
}

static void list_release(struct sweep_list *l)
{
	free(l->num);
	free(l->names);
	free(l->ptr);
	free(l->text);
	memset(l, 0, sizeof(*l));
}

void sweep_plan_release(struct sweep_plan *p)
{
	int a;
	for (a = 0; a < AX_COUNT; a++)
		list_release(&p->ax[a]);
}

static char *trim(char *s)
{
	char *end;
	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* One item of axis a into *num (names are kept as text). */
static int parse_item(enum sweep_axis a, const char *s, const struct where *w, double *num)
{
	long l = 0;
	enum precision pr;
	enum serve_mode mode;
	int rc;

	switch (a) {
	case AX_GPUS:
	case AX_PROMPT:
	case AX_GEN:
	case AX_CHUNK:
	case AX_PREFILL_GPUS:
	case AX_PIPELINE:
	case AX_EXPERT_WAYS:
	case AX_SPEC_TOKENS:
		rc = parse_posint(w, s, &l);
		*num = (double)l;
		return rc;
	case AX_BATCH:
		rc = parse_batch(w, s, &l);
		*num = (double)l;
		return rc;
	case AX_PRECISION:
	case AX_KV_PRECISION:
		rc = parse_prec(w, s, &pr);
		*num = (double)pr;
		return rc;
	case AX_MFU:
	case AX_MBU:
		return parse_fraction(w, s, num);
	case AX_RESERVE:
		return parse_nonneg(w, s, num);
	case AX_PRICE:
		return parse_posnum(w, s, num);
	case AX_MODE:
		rc = parse_mode(w, s, &mode);
		*num = (double)mode;
		return rc;
	case AX_ACCEPT_RATE:
		return parse_prob(w, s, num);
	case AX_MODEL:
	case AX_HARDWARE:
	case AX_DRAFT:
	case AX_COUNT:
		break;
	}
	return 0;
}

int sweep_plan_set(struct sweep_plan *p, enum sweep_axis a, const char *text,
		   const struct where *w)
{
	struct sweep_list l;
	size_t n = 1, i;
	char *s, *item;
	const char *c;

	memset(&l, 0, sizeof(l));
	for (c = text; *c; c++)
		n += *c == ',';
	l.text = strdup(text);
	l.names = calloc(n, sizeof(*l.names));
	l.num = calloc(n, sizeof(*l.num));
	l.ptr = calloc(n, sizeof(*l.ptr));
	if (!l.text || !l.names || !l.num || !l.ptr) {
		list_release(&l);
		return error("out of memory");
	}
	/* split in place: each comma ends an item */
	for (i = 0, s = l.text; i < n; i++) {
		char *comma = strchr(s, ',');
		if (comma)
			*comma = '\0';
		item = trim(s);
		l.names[i] = item;
		if (parse_item(a, item, w, &l.num[i]) < 0) {
			list_release(&l);
			return -1;
		}
		s = comma ? comma + 1 : s + strlen(s);
	}
	l.n = n;
	list_release(&p->ax[a]);
	p->ax[a] = l;
	return 0;
}

int sweep_plan_resolve(struct sweep_plan *p, const struct inputs *in)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < p->ax[AX_MODEL].n; i++) {
		const char *name = p->ax[AX_MODEL].names[i];
		const struct model *m = inputs_find_model(in, name);
		if (!m) {
			const char *near = inputs_suggest(in, "model", name);
			if (near)
				error("--model: unknown model \"%s\"; did you mean \"%s\"?", name, near);
			else
				error("--model: unknown model \"%s\" (not in %s/models.csv)", name,
				      in->dir ? in->dir : "inputs");
			bad = 1;
		}
		p->ax[AX_MODEL].ptr[i] = m;
	}
	for (i = 0; i < p->ax[AX_HARDWARE].n; i++) {
		const char *name = p->ax[AX_HARDWARE].names[i];
		const struct hardware *h = inputs_find_hardware(in, name);
		if (!h) {
			const char *near = inputs_suggest(in, "hardware", name);
			if (near)
				error("--hardware: unknown hardware \"%s\"; did you mean \"%s\"?", name,
				      near);
			else
				error("--hardware: unknown hardware \"%s\" (not in %s/hardware.csv)",
				      name, in->dir ? in->dir : "inputs");
			bad = 1;
		}
		p->ax[AX_HARDWARE].ptr[i] = h;
	}
	for (i = 0; i < p->ax[AX_DRAFT].n; i++) {
		const char *name = p->ax[AX_DRAFT].names[i];
		const struct model *m = strcmp(name, "none") ? inputs_find_model(in, name) : NULL;
		if (!m && strcmp(name, "none")) {
			const char *near = inputs_suggest(in, "model", name);
			if (near)
				error("--draft: unknown model \"%s\"; did you mean \"%s\"?", name, near);
			else
				error("--draft: unknown model \"%s\" (not in %s/models.csv; \"none\" for "
				      "no draft)", name, in->dir ? in->dir : "inputs");
			bad = 1;
		}
		p->ax[AX_DRAFT].ptr[i] = m;
	}
	return bad ? -1 : 0;
}

size_t sweep_plan_count(const struct sweep_plan *p)
{
	size_t total = 1;
	int a;
	for (a = 0; a < AX_COUNT; a++) {
		size_t n = p->ax[a].n ? p->ax[a].n : 1;
		if (total > (size_t)-1 / n)
			return (size_t)-1;
		total *= n;
	}
	return total;
}

void sweep_iter_start(struct sweep_iter *it, const struct sweep_plan *p)
{
	int a;
	for (a = 0; a < AX_COUNT; a++) {
		it->idx[a] = 0;
		it->n[a] = p->ax[a].n ? p->ax[a].n : 1;
	}
	it->done = !p->ax[AX_MODEL].n || !p->ax[AX_HARDWARE].n;
}

/* The odometer: the last axis turns fastest. */
void sweep_iter_next(struct sweep_iter *it)
{
	int a;
	for (a = AX_COUNT - 1; a >= 0; a--) {
		if (++it->idx[a] < it->n[a])
			return;
		it->idx[a] = 0;
	}
	it->done = 1;
}

void sweep_iter_seek(struct sweep_iter *it, size_t index)
{
	int a;
	if (it->done)
		return;
	for (a = AX_COUNT - 1; a >= 0; a--) {
		it->idx[a] = index % it->n[a];
		index /= it->n[a];
	}
	it->done = index > 0;
}

void sweep_shard_range(size_t total, size_t k, size_t n, size_t *first, size_t *end)
{
	/* floor(j total / n) without overflow: total = q n + r */
	size_t q = total / n, r = total % n;
	*first = q * (k - 1) + r * (k - 1) / n;
	*end = q * k + r * k / n;
}

void sweep_iter_cfg(const struct sweep_plan *p, const struct sweep_iter *it,
		    struct infer_cfg *cfg)
{
	const struct sweep_list *ax = p->ax;
#define VAL(a, dflt) (ax[a].n ? ax[a].num[it->idx[a]] : (dflt))
	infer_cfg_init(cfg);
	cfg->model = ax[AX_MODEL].ptr[it->idx[AX_MODEL]];
	cfg->hw = ax[AX_HARDWARE].ptr[it->idx[AX_HARDWARE]];
	cfg->gpus = (int)VAL(AX_GPUS, cfg->gpus);
	cfg->batch = (long)VAL(AX_BATCH, (double)cfg->batch);
	cfg->prompt_tokens = (long)VAL(AX_PROMPT, (double)cfg->prompt_tokens);
	cfg->gen_tokens = (long)VAL(AX_GEN, (double)cfg->gen_tokens);
	cfg->precision = (enum precision)(int)VAL(AX_PRECISION, (double)cfg->precision);
	cfg->kv_precision = (enum precision)(int)VAL(AX_KV_PRECISION, (double)cfg->precision);
	cfg->mfu = VAL(AX_MFU, 0);
	cfg->mbu = VAL(AX_MBU, 0);
	cfg->reserve_gb = VAL(AX_RESERVE, -1);
	cfg->usd_per_gpu_hour = VAL(AX_PRICE, 0);
	cfg->weights_only = p->weights_only;
	cfg->mode = (enum serve_mode)(int)VAL(AX_MODE, (double)SERVE_STATIC);
	cfg->chunk_tokens = (long)VAL(AX_CHUNK, 0);
	cfg->prefill_gpus = (int)VAL(AX_PREFILL_GPUS, 0);
	cfg->pipeline_ways = (int)VAL(AX_PIPELINE, 0);
	cfg->expert_ways = (int)VAL(AX_EXPERT_WAYS, 0);
	cfg->draft = ax[AX_DRAFT].n ? ax[AX_DRAFT].ptr[it->idx[AX_DRAFT]] : NULL;
	cfg->spec_tokens = (int)VAL(AX_SPEC_TOKENS, 0);
	cfg->accept_rate = VAL(AX_ACCEPT_RATE, 0);
#undef VAL
}

/*
 * The columns that follow from the configuration alone (README "Formulas"): active
 * parameters; forward FLOPs of one token attending to a context of prompt_tokens (2 x active
 * + attention) and the attention part; the ridge point, peak FLOP/s at the precision over
 * memory bandwidth (at 16 bits also the tokens per weight read above which a step is
 * compute-bound); weights per chip over tensor x pipeline ways (= gpus). A value the
 * estimator rejects (-1) is an empty cell.
 */
static void put_config_cells(struct row_writer *w, const struct infer_cfg *c)
{
	int pp = c->pipeline_ways > 1 ? c->pipeline_ways : 1;
	double ctx = (double)c->prompt_tokens, v;

	rw_num(w, model_active_params(c->model));
	rw_num(w, flops_per_token(c->model, ctx));
	rw_num(w, attn_flops_per_token(c->model, ctx));
	v = ridge_point_flop_per_byte(c->hw, c->precision);
	rw_num(w, v >= 0 ? v : (double)NAN);
	v = c->gpus % pp ? -1 : weight_bytes_per_chip(c->model, c->precision, c->gpus / pp, pp);
	rw_num(w, v >= 0 ? v / 1e9 : (double)NAN);
}

static void put_row(struct row_writer *w, const struct infer_cfg *c, const struct infer_result *r,
		    int ok)
{
	int priced = c->usd_per_gpu_hour > 0;

	rw_str(w, c->model->name);
	rw_str(w, c->hw->name);
	rw_int(w, c->gpus);
	if (ok)
		rw_int(w, r->batch);
	else if (c->batch > 0)
		rw_int(w, c->batch);
	else
		rw_empty(w);
	rw_int(w, c->prompt_tokens);
	rw_int(w, c->gen_tokens);
	rw_str(w, precision_name(c->precision));
	if (ok) {
		rw_num(w, r->weights_gb);
		rw_num(w, r->kv_bytes_per_token);
		rw_num(w, r->kv_gb_per_seq);
		rw_num(w, r->mem_needed_gb);
		rw_num(w, r->mem_capacity_gb);
		rw_str(w, r->fits ? "yes" : "no");
		rw_int(w, r->max_batch);
		rw_num(w, r->prefill_tok_s);
		rw_num(w, r->ttft_s);
		rw_num(w, r->tpot_s);
		rw_num(w, r->decode_tok_s);
		rw_num(w, r->throughput_tok_s);
		rw_str(w, r->bound == BOUND_COMPUTE ? "compute" : "memory");
	} else {
		int i;
		for (i = 0; i < 13; i++) /* weights_gb .. bound */
			rw_empty(w);
	}
	if (priced)
		rw_num(w, c->usd_per_gpu_hour);
	else
		rw_empty(w);
	if (ok && priced) {
		rw_num(w, r->usd_per_1k_prompt);
		rw_num(w, r->usd_per_1k_gen);
	} else {
		rw_empty(w);
		rw_empty(w);
	}
	rw_str(w, precision_name(c->kv_precision));
	if (ok) {
		rw_num(w, r->mfu_prefill);
		rw_num(w, r->mbu_decode);
	} else {
		rw_empty(w);
		rw_empty(w);
	}
	rw_str(w, serve_mode_name(c->mode));
	if (c->mode == SERVE_CHUNKED)
		rw_int(w, c->chunk_tokens > 0 ? c->chunk_tokens : 512);
	else
		rw_empty(w);
	if (c->mode == SERVE_DISAGG)
		rw_int(w, c->prefill_gpus > 0 ? c->prefill_gpus : c->gpus);
	else
		rw_empty(w);
	rw_int(w, c->pipeline_ways > 1 ? c->pipeline_ways : 1);
	rw_int(w, c->expert_ways > 1 ? c->expert_ways : 1);
	if (c->draft) {
		rw_str(w, c->draft->name);
		rw_int(w, c->spec_tokens);
		rw_num(w, c->accept_rate);
	} else {
		rw_empty(w);
		rw_empty(w);
		rw_empty(w);
	}
	if (ok) {
		rw_int(w, r->chips);
		rw_num(w, r->tokens_per_step);
		rw_num(w, r->t_gemm_s);
		rw_num(w, r->t_kv_s);
		rw_num(w, r->t_nongemm_s);
		rw_num(w, r->t_overhead_s);
		rw_num(w, r->t_comm_s);
		rw_num(w, r->ttft_comm_s);
	} else {
		int i;
		for (i = 0; i < 8; i++) /* chips .. ttft_comm_s */
			rw_empty(w);
	}
	put_config_cells(w, c);
	rw_end_row(w);
}

/* Widest name of a resolved model or hardware list, for the table's first columns. */
static int widest(const struct sweep_list *l)
{
	size_t i, max = 0;
	for (i = 0; i < l->n; i++) {
		size_t n = strlen(l->names[i]);
		if (n > max)
			max = n;
	}
	return max > 40 ? 40 : (int)max;
}

double sweep_price_at(const struct inputs *in, const struct hardware *hw, long as_of,
		      const char *then)
{
	const struct price *pr = inputs_price_at(in, hw, as_of);

	if (pr)
		return pr->usd_per_gpu_hour;
	if (then)
		warning("no price for %s on or before %04ld-%02ld-%02ld in prices.csv: %s (give "
			"--usd-per-gpu-hour)", hw->name, as_of / 10000, as_of / 100 % 100,
			as_of % 100, then);
	return 0;
}

int sweep_run(const struct sweep_plan *p, const struct inputs *in, FILE *fp,
	      enum out_format fmt, int many)
{
	return sweep_run_part(p, in, fp, fmt, many, 1, 1, 1);
}

int sweep_run_part(const struct sweep_plan *p, const struct inputs *in, FILE *fp,
		   enum out_format fmt, int many, size_t k, size_t n, int header)
{
	struct column cols[sizeof(ESTIMATE_COLUMNS) / sizeof(ESTIMATE_COLUMNS[0])];
	const struct sweep_list *hw = &p->ax[AX_HARDWARE];
	struct row_writer *w = NULL;
	struct sweep_iter it;
	const char *warned[8];
	size_t n_warned = 0, i, first = 0, end = 0, row;
	double *hw_usd = NULL;
	int rc = -1;

	memcpy(cols, ESTIMATE_COLUMNS, sizeof(cols));
	cols[0].width = widest(&p->ax[AX_MODEL]);
	cols[1].width = widest(hw);
	w = malloc(sizeof(*w));
	hw_usd = calloc(hw->n ? hw->n : 1, sizeof(*hw_usd));
	if (!w || !hw_usd) {
		error("out of memory");
		goto err;
	}
	if (!p->ax[AX_PRICE].n) {
		for (i = 0; i < hw->n; i++) {
			size_t j; /* a chip named twice is warned about once */
			for (j = 0; j < i && hw->ptr[j] != hw->ptr[i]; j++)
				;
			hw_usd[i] = sweep_price_at(in, hw->ptr[i], p->as_of,
						   j == i ? "costs are left empty" : NULL);
		}
	}

	sweep_iter_start(&it, p);
	if (!it.done)
		sweep_shard_range(sweep_plan_count(p), k, n, &first, &end);
	sweep_iter_seek(&it, first);
	rw_begin_part(w, fp, fmt, cols, N_ESTIMATE_COLUMNS, many, first,
		      fmt == OUT_JSON ? k == 1 : header, k == n);
	for (row = first; row < end && !it.done; row++, sweep_iter_next(&it)) {
		struct infer_cfg cfg;
		struct infer_result r;
		int ok;

		sweep_iter_cfg(p, &it, &cfg);
		if (!p->ax[AX_PRICE].n)
			cfg.usd_per_gpu_hour = hw_usd[it.idx[AX_HARDWARE]];
		ok = estimate_infer(&cfg, &r) == 0;
		if (!ok) {
			const char *why = infer_cfg_problem(&cfg);
			size_t j;
			if (!why)
				why = "the result is not a finite number";
			for (j = 0; j < n_warned && warned[j] != why; j++)
				;
			if (j == n_warned && n_warned < 8) {
				warned[n_warned++] = why;
				warning("cannot estimate %s on %s x %d (and maybe others): %s",
					cfg.model->name, cfg.hw->name, cfg.gpus, why);
			}
		}
		put_row(w, &cfg, &r, ok);
	}
	if (rw_finish(w) < 0) {
		error("cannot write the output");
		goto err;
	}
	rc = 0;
err:
	free(w);
	free(hw_usd);
	return rc;
}
