/*
 * plan.h - the planner: the cheapest ways to serve one model within latency targets at a load.
 *
 * Pure search over the estimator (no I/O, no allocation): for every candidate chip, number of
 * chips per model copy (powers of two up to max_gpus: tensor parallel up to CALIB_NODE_GPUS,
 * pipeline stages beyond; for a mixture of experts, experts split or spread whole), weight
 * precision and serving mode it finds
 * the largest batch that fits in memory and meets the time-to-first-token and time-per-output-
 * token targets (both grow with the batch, so a binary search over every batch size is exact),
 * then the replicas needed for the requested requests per second, and the cost of a million
 * tokens at the chip's hourly price. The best batch of each (chip, degree, precision, mode) is
 * ranked by cost; when nothing qualifies, a diagnosis names the constraint that failed and by
 * how much, for the candidate that came closest.
 *
 * Prices are the caller's (resolved for a date with inputs_price_at): one per candidate chip,
 * <= 0 when the chip has none (it is then skipped, and counted).
 */
#ifndef LLMCOST_PLAN_H
#define LLMCOST_PLAN_H

#include <stddef.h>

#include "estimate.h"

#define PLAN_MAX_GPUS_DEFAULT 64

struct plan_query {
	const struct model *model;
	const struct hardware *const *hardware; /* candidate chips */
	const double *usd_per_gpu_hour;         /* one per chip; <= 0: no price, skipped */
	size_t n_hardware;
	int max_gpus;                           /* chips in all replicas; 0: 64 */
	double ttft_slo_s, tpot_slo_s;          /* targets; 0: none */
	double qps;                             /* requests per second to sustain; 0: one replica */
	long prompt_tokens, gen_tokens;         /* per request; 0: 512 each */
	unsigned precisions;                    /* bit (1 << enum precision) per precision to try;
						 * 0: bf16, fp8, int8, int4 */
	long max_batch;                         /* 0: no limit but memory */
	unsigned modes;                         /* bit (1 << enum serve_mode) per mode to try;
						 * 0: all four */
	const struct calib *calib;              /* NULL: CALIB_DEFAULT */
};

struct plan_result {
	size_t hw_index;                  /* into query->hardware */
	int tp, pp;                       /* tensor x pipeline ways of one model copy */
	int expert_ways;                  /* experts spread whole over this many chips (mixture
					   * of experts; 1: split like dense layers) */
	enum serve_mode mode;
	int chips;                        /* per replica: tp x pp, twice that when disaggregated
					   * (a prefill pool as large as the decode pool) */
	long replicas, gpus;              /* gpus = chips x replicas */
	enum precision precision, kv_precision;
	long batch;                       /* sequences per replica (in flight, for the steady
					   * modes) */
	double ttft_s, tpot_s;
	double replica_req_s;             /* requests per second one replica completes */
	double served_req_s;              /* qps, or one replica's capacity when qps is 0 */
	double usd_per_hour;              /* all chips */
	double usd_per_1m_tokens;         /* prompt + generated tokens served */
	double usd_per_1m_gen;            /* generated tokens only */
};

enum plan_fail {
	PLAN_OK,          /* something qualified */
	PLAN_BAD_QUERY,   /* the query itself is unusable (no model, no chips...) */
	PLAN_NO_PRICE,    /* no candidate chip has a price */
	PLAN_MEMORY,      /* the model does not fit on max_gpus of any chip */
	PLAN_TTFT,        /* nothing reaches the time-to-first-token target */
	PLAN_TPOT,        /* nothing reaches the time-per-output-token target */
	PLAN_LOAD         /* the targets are met but not qps within max_gpus */
};

struct plan_diagnosis {
	enum plan_fail fail;
	double best, target;   /* the closest candidate's value and the target (GB per chip,
				* seconds, requests/s) */
	double miss_pct;       /* how far best is from target, percent (> 0) */
	size_t hw_index;       /* the closest candidate */
	int tp, pp;
	enum precision precision;
	enum serve_mode mode;
	long candidates, skipped_no_price;
	char text[320];        /* one sentence for the user */
};

/* NULL when q can be planned, else a short reason. */
const char *plan_query_problem(const struct plan_query *q);

/*
 * Fill out[0..*n_out) with at most max_out configurations, cheapest first; *diag says why
 * there are none (diag->fail == PLAN_OK when *n_out > 0). Returns 0, or -1 when the query is
 * unusable (diag->text then has the reason).
 */
int plan_search(const struct plan_query *q, struct plan_result *out, size_t max_out,
		size_t *n_out, struct plan_diagnosis *diag);

#endif
