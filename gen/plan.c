/*
 * plan.c - the planner (plan.h): the cheapest configurations that serve a model within latency
 * targets at a load, or the constraint that rules everything out.
 *
 * The search visits chip x chips per copy x precision x serving mode; for each it resolves
 * the best batch exactly and cheaply: time to first token and time per output token both
 * grow with the batch and memory caps it, so the feasible batches are 1..b* and a binary
 * search finds b* in ~12 estimates; a larger batch completes more requests per second per
 * replica, so b* is also the cheapest batch (fewest replicas for a load, most tokens per
 * chip-hour without one). A plan over 17 chips, 1-64 chips each, four precisions and four
 * modes costs ~25000 estimates, a few milliseconds.
 */
#include "plan.h"

#include "calib.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const enum precision default_precisions[] = { PREC_BF16, PREC_FP8, PREC_INT8,
						     PREC_INT4 };

const char *plan_query_problem(const struct plan_query *q)
{
	if (!q)
		return "no query";
	if (!q->model)
		return "no model";
	if (!q->hardware || q->n_hardware == 0 || !q->usd_per_gpu_hour)
		return "no hardware to plan on";
	for (size_t i = 0; i < q->n_hardware; i++)
		if (!q->hardware[i])
			return "no hardware to plan on";
	if (q->max_gpus < 0)
		return "max_gpus must be 0 (default) or more";
	if (!(q->ttft_slo_s >= 0) || !(q->tpot_slo_s >= 0))
		return "latency targets must be 0 (none) or more";
	if (!(q->qps >= 0) || !isfinite(q->qps))
		return "qps must be 0 (none) or more";
	if (q->prompt_tokens < 0 || q->gen_tokens < 0 || q->max_batch < 0)
		return "prompt, gen and max batch must be 0 (default) or more";
	if (q->precisions >> PREC_COUNT)
		return "unknown precision in the set";
	if (q->modes >> SERVE_MODE_COUNT)
		return "unknown serving mode in the set";
	return NULL;
}

/* KV cache precision for a weight precision: the same, except 4-bit weights keep an 8-bit
 * cache (no 4-bit KV kernels in the common servers). */
static enum precision kv_for(enum precision p)
{
	return p == PREC_INT4 ? PREC_INT8 : p;
}

/* The search state: the query with its defaults resolved, the ranked results, the diagnosis. */
struct search {
	const struct plan_query *q;
	int max_gpus;
	long prompt, gen;
	struct infer_cfg cfg;
	struct plan_result *out;
	size_t max_out, n_out;
	/* closest misses, per stage */
	double mem_ratio, lat_ratio, load_ratio;     /* needed / have; inf = none seen */
	struct plan_diagnosis mem, lat, load;
	long candidates, no_price;
};

/* Latency targets met by r (a target of 0 is none). */
static int meets(const struct plan_query *q, const struct infer_result *r)
{
	return (q->ttft_slo_s <= 0 || r->ttft_s <= q->ttft_slo_s) &&
	       (q->tpot_slo_s <= 0 || r->tpot_s <= q->tpot_slo_s);
}

/* Ranking order: cheaper first; at the same price (a load fixes the chips bought), more spare
 * capacity first, then a shorter time to first token. */
static int before(const struct plan_result *a, const struct plan_result *b)
{
	if (a->usd_per_1m_tokens != b->usd_per_1m_tokens)
		return a->usd_per_1m_tokens < b->usd_per_1m_tokens;
	double ca = a->replica_req_s * (double)a->replicas, cb = b->replica_req_s * (double)b->replicas;
	if (ca != cb)
		return ca > cb;
	return a->ttft_s < b->ttft_s;
}

/* Insert res into the ranking if it is among the max_out first. */
static void rank(struct search *s, const struct plan_result *res)
{
	size_t i = s->n_out;

	if (s->max_out == 0)
		return;
	if (i == s->max_out) {
		if (!before(res, &s->out[i - 1]))
			return;
		i--;
	} else {
		s->n_out++;
	}
	while (i > 0 && before(res, &s->out[i - 1])) {
		s->out[i] = s->out[i - 1];
		i--;
	}
	s->out[i] = *res;
}

static void note(struct plan_diagnosis *d, enum plan_fail f, double best, double target,
		 size_t hw, const struct infer_cfg *c)
{
	d->fail = f;
	d->best = best;
	d->target = target;
	d->hw_index = hw;
	d->pp = c->pipeline_ways > 1 ? c->pipeline_ways : 1;
	d->tp = c->gpus / d->pp;
	d->precision = c->precision;
	d->mode = c->mode;
}

/* One candidate: chip hw, n chips per model copy (tensor parallel up to a node, pipeline
 * stages beyond), precision p, serving mode mode. */
static void visit(struct search *s, size_t hw, int n, enum precision p, enum serve_mode mode,
		  int ep)
{
	const struct plan_query *q = s->q;
	const struct hardware *chip = q->hardware[hw];
	struct infer_result r;
	double price = q->usd_per_gpu_hour[hw];
	int tp = n < hw_domain_chips(chip) ? n : hw_domain_chips(chip);
	int chips = mode == SERVE_DISAGG ? 2 * n : n;

	if (chips > s->max_gpus)
		return;
	s->candidates++;
	s->cfg.hw = chip;
	s->cfg.gpus = n;
	s->cfg.pipeline_ways = n / tp;
	s->cfg.expert_ways = ep;
	s->cfg.mode = mode;
	s->cfg.prefill_gpus = mode == SERVE_DISAGG ? n : 0;
	s->cfg.precision = p;
	s->cfg.kv_precision = kv_for(p);
	s->cfg.batch = 1;
	if (estimate_infer(&s->cfg, &r) < 0)
		return;

	/* memory: the largest static batch (prompt + gen per sequence) */
	long bmax = r.max_batch;
	if (q->max_batch > 0 && bmax > q->max_batch)
		bmax = q->max_batch;
	if (bmax < 1) {
		double per_chip = r.mem_needed_gb / n;
		double ratio = per_chip / chip->mem_gb;
		if (ratio < s->mem_ratio) {
			s->mem_ratio = ratio;
			note(&s->mem, PLAN_MEMORY, per_chip, chip->mem_gb, hw, &s->cfg);
		}
		return;
	}
	/* latency at batch 1, the best this candidate can do */
	if (!meets(q, &r)) {
		double rt = q->ttft_slo_s > 0 ? r.ttft_s / q->ttft_slo_s : 0;
		double rp = q->tpot_slo_s > 0 ? r.tpot_s / q->tpot_slo_s : 0;
		double ratio = fmax(rt, rp);
		if (ratio < s->lat_ratio) {
			s->lat_ratio = ratio;
			if (rt >= rp)
				note(&s->lat, PLAN_TTFT, r.ttft_s, q->ttft_slo_s, hw, &s->cfg);
			else
				note(&s->lat, PLAN_TPOT, r.tpot_s, q->tpot_slo_s, hw, &s->cfg);
		}
		return;
	}
	/* the largest batch in 1..bmax that meets the targets */
	long lo = 1, hi = bmax;
	struct infer_result best = r;
	s->cfg.batch = hi;
	if (hi > 1 && estimate_infer(&s->cfg, &r) == 0 && meets(q, &r)) {
		best = r;
		lo = hi;
	}
	while (hi - lo > 1) {
		long mid = lo + (hi - lo) / 2;
		s->cfg.batch = mid;
		if (estimate_infer(&s->cfg, &r) == 0 && meets(q, &r)) {
			best = r;
			lo = mid;
		} else {
			hi = mid;
		}
	}

	/* load: replicas for qps within max_gpus; a replica completes throughput / gen
	 * requests per second (static: the batch per ttft + (gen - 1) tpot) */
	s->cfg.batch = best.batch;
	double replica_req_s = best.throughput_tok_s / (double)s->gen;
	double replicas = q->qps > 0 ? ceil(q->qps / replica_req_s) : 1;
	if (replicas * chips > s->max_gpus) {
		double most = floor((double)s->max_gpus / chips) * replica_req_s;
		double ratio = q->qps / most;
		if (ratio < s->load_ratio) {
			s->load_ratio = ratio;
			note(&s->load, PLAN_LOAD, most, q->qps, hw, &s->cfg);
		}
		return;
	}
	if (!(price > 0)) {
		s->no_price++;
		return;
	}
	struct plan_result res = {
		.hw_index = hw, .tp = tp, .pp = n / tp, .expert_ways = ep, .mode = mode,
		.chips = chips,
		.replicas = (long)replicas, .gpus = (long)replicas * chips,
		.precision = p, .kv_precision = kv_for(p), .batch = best.batch,
		.ttft_s = best.ttft_s, .tpot_s = best.tpot_s, .replica_req_s = replica_req_s,
		.served_req_s = q->qps > 0 ? q->qps : replica_req_s,
	};
	res.usd_per_hour = price * (double)res.gpus;
	double usd_s = res.usd_per_hour / 3600;
	res.usd_per_1m_tokens = usd_s / (res.served_req_s * (double)(s->prompt + s->gen)) * 1e6;
	res.usd_per_1m_gen = usd_s / (res.served_req_s * (double)s->gen) * 1e6;
	rank(s, &res);
}

/* The sentence for the closest miss d of the query. */
static void describe(const struct search *s, struct plan_diagnosis *d)
{
	const char *chip = s->q->hardware[d->hw_index]->name;
	char prec[48];

	snprintf(prec, sizeof prec, "%s, %s%s", precision_name(d->precision),
		 serve_mode_name(d->mode), d->pp > 1 ? ", pipelined" : "");

	switch (d->fail) {
	case PLAN_MEMORY:
		d->miss_pct = (d->best / d->target - 1) * 100;
		snprintf(d->text, sizeof d->text, "memory: the model does not fit; the closest, "
			 "%d x %s (%s) with one sequence, needs %.1f GB per chip of %.0f GB "
			 "(%.0f%% over)", d->tp * d->pp, chip, prec, d->best, d->target, d->miss_pct);
		break;
	case PLAN_TTFT:
	case PLAN_TPOT:
		d->miss_pct = (d->best / d->target - 1) * 100;
		snprintf(d->text, sizeof d->text, "%s: no configuration reaches the %.3g s target; "
			 "the closest, %d x %s (%s) with batch 1, takes %.3g s (%.0f%% over)",
			 d->fail == PLAN_TTFT ? "time to first token" : "time per output token",
			 d->target, d->tp * d->pp, chip, prec, d->best, d->miss_pct);
		break;
	case PLAN_LOAD:
		d->miss_pct = (1 - d->best / d->target) * 100;
		snprintf(d->text, sizeof d->text, "load: no configuration sustains %.3g requests/s "
			 "within %d chips; the most, replicas of %d x %s (%s), serve %.3g "
			 "requests/s (%.0f%% short)", d->target, s->max_gpus, d->tp * d->pp, chip, prec,
			 d->best, d->miss_pct);
		break;
	case PLAN_OK:
	case PLAN_BAD_QUERY:
	case PLAN_NO_PRICE:
		break;
	}
}

int plan_search(const struct plan_query *q, struct plan_result *out, size_t max_out,
		size_t *n_out, struct plan_diagnosis *diag)
{
	struct search s;
	const char *why = plan_query_problem(q);

	memset(diag, 0, sizeof(*diag));
	*n_out = 0;
	if (why || (max_out > 0 && !out)) {
		diag->fail = PLAN_BAD_QUERY;
		snprintf(diag->text, sizeof diag->text, "%s", why ? why : "no room for results");
		return -1;
	}
	memset(&s, 0, sizeof s);
	s.q = q;
	s.max_gpus = q->max_gpus > 0 ? q->max_gpus : PLAN_MAX_GPUS_DEFAULT;
	s.prompt = q->prompt_tokens > 0 ? q->prompt_tokens : 512;
	s.gen = q->gen_tokens > 0 ? q->gen_tokens : 512;
	s.out = out;
	s.max_out = max_out;
	s.mem_ratio = s.lat_ratio = s.load_ratio = INFINITY;
	infer_cfg_init(&s.cfg);
	s.cfg.model = q->model;
	s.cfg.prompt_tokens = s.prompt;
	s.cfg.gen_tokens = s.gen;
	s.cfg.calib = q->calib;

	int moe = q->model->experts > 1 && q->model->experts_per_token < q->model->experts &&
		  q->model->active_params > 0 && q->model->active_params < q->model->params;
	for (size_t hw = 0; hw < q->n_hardware; hw++)
		for (int n = 1; n <= s.max_gpus; n *= 2)
			for (int pi = 0; pi < PREC_COUNT; pi++) {
				enum precision p = (enum precision)pi;
				if (q->precisions ? !(q->precisions & (1u << pi))
						  : !(p == default_precisions[0] ||
						      p == default_precisions[1] ||
						      p == default_precisions[2] ||
						      p == default_precisions[3]))
					continue;
				for (int mi = 0; mi < SERVE_MODE_COUNT; mi++) {
					if (q->modes && !(q->modes & (1u << mi)))
						continue;
					visit(&s, hw, n, p, (enum serve_mode)mi, 1);
					/* experts spread whole over a stage's tensor group */
					int tp = n < hw_domain_chips(q->hardware[hw]) ? n : hw_domain_chips(q->hardware[hw]);
					if (moe && tp > 1)
						visit(&s, hw, n, p, (enum serve_mode)mi, tp);
				}
			}

	*n_out = s.n_out;
	diag->candidates = s.candidates;
	diag->skipped_no_price = s.no_price;
	if (s.n_out > 0) {
		diag->fail = PLAN_OK;
		snprintf(diag->text, sizeof diag->text, "%zu configurations qualify", s.n_out);
		return 0;
	}
	/* the furthest stage any candidate reached explains best why none qualified */
	if (isfinite(s.load_ratio))
		*diag = s.load;
	else if (isfinite(s.lat_ratio))
		*diag = s.lat;
	else if (isfinite(s.mem_ratio))
		*diag = s.mem;
	else if (s.no_price > 0) {
		diag->fail = PLAN_NO_PRICE;
		snprintf(diag->text, sizeof diag->text, "price: configurations qualify, but none of "
			 "their chips has a price");
	} else {
		diag->fail = PLAN_BAD_QUERY;
		snprintf(diag->text, sizeof diag->text, "no candidate could be estimated (%s)",
			 infer_cfg_problem(&s.cfg) ? infer_cfg_problem(&s.cfg) : "no precision");
		return -1;
	}
	diag->candidates = s.candidates;
	diag->skipped_no_price = s.no_price;
	describe(&s, diag);
	return 0;
}
