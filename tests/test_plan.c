/*
 * test_plan.c - the planner: the batch it picks is the largest that meets the targets (checked
 * against its neighbour), its costs follow from the price, its ranking is cheapest first, each
 * failing constraint gets its diagnosis with a hand-computed miss, and a plan over 17 chips,
 * 1-64 chips each and four precisions takes at most 100 ms.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "calib.h"
#include "estimate.h"
#include "fixtures.h"
#include "fixtures_chips.h"
#include "fixtures_model.h"
#include "plan.h"

/* A 7B model (LLaMA-2 shape, llama7 of tests/fixtures_model.h) and two chips of
 * inputs/hardware.csv, an A100-80GB and an H100-SXM (tests/fixtures_chips.h). */
static const struct hardware *const a100 = &meas_chips[0];
static const struct hardware *const h100 = &meas_chips[2];

static void query_init(struct plan_query *q, const struct hardware *const *hw,
		       const double *price, size_t n)
{
	memset(q, 0, sizeof *q);
	q->model = &llama7;
	q->hardware = hw;
	q->usd_per_gpu_hour = price;
	q->n_hardware = n;
	q->prompt_tokens = 512;
	q->gen_tokens = 256;
}

/* The estimate of one planned configuration at batch b. */
static struct infer_result at_batch(const struct plan_query *q, const struct plan_result *p,
				    long b)
{
	struct infer_cfg c;
	struct infer_result r;
	infer_cfg_init(&c);
	c.model = q->model;
	c.hw = q->hardware[p->hw_index];
	c.gpus = p->tp * p->pp;
	c.pipeline_ways = p->pp;
	c.mode = p->mode;
	c.prefill_gpus = p->mode == SERVE_DISAGG ? c.gpus : 0;
	c.batch = b;
	c.prompt_tokens = q->prompt_tokens;
	c.gen_tokens = q->gen_tokens;
	c.precision = p->precision;
	c.kv_precision = p->kv_precision;
	assert_int_equal(estimate_infer(&c, &r), 0);
	return r;
}

static void test_plan_ranked(void **state)
{
	(void)state;
	const struct hardware *hw[] = { a100, h100 };
	const double price[] = { 1.8, 4.0 };
	struct plan_query q;
	struct plan_result out[16];
	struct plan_diagnosis d;
	size_t n;

	query_init(&q, hw, price, 2);
	q.tpot_slo_s = 0.05;
	q.ttft_slo_s = 2;
	q.max_gpus = 8;
	assert_null(plan_query_problem(&q));
	assert_int_equal(plan_search(&q, out, 16, &n, &d), 0);
	assert_int_equal(d.fail, PLAN_OK);
	assert_true(n == 16);
	/* 2 chips x 4 precisions x (4 sizes (1, 2, 4, 8) x 3 modes + 3 disaggregated ones, whose
	 * prefill pool doubles the chips: 8 + 8 is over the limit) */
	assert_int_equal(d.candidates, 2 * 4 * (4 * 3 + 3));
	int modes_seen = 0;
	for (size_t i = 0; i < n; i++) {
		const struct plan_result *p = &out[i];
		if (i > 0)
			assert_true(p->usd_per_1m_tokens >= out[i - 1].usd_per_1m_tokens);
		assert_true(p->ttft_s <= q.ttft_slo_s && p->tpot_s <= q.tpot_slo_s);
		assert_int_equal(p->chips, p->tp * p->pp * (p->mode == SERVE_DISAGG ? 2 : 1));
		assert_int_equal(p->gpus, p->chips * p->replicas);
		assert_int_equal(p->replicas, 1);
		assert_true(p->tp <= CALIB_NODE_GPUS);
		modes_seen |= 1 << p->mode;
		/* the batch is the largest that meets the targets and fits */
		struct infer_result r = at_batch(&q, p, p->batch);
		CLOSE(r.tpot_s, p->tpot_s);
		assert_true(r.fits);
		struct infer_result next = at_batch(&q, p, p->batch + 1);
		assert_true(!next.fits || next.tpot_s > q.tpot_slo_s || next.ttft_s > q.ttft_slo_s);
		/* costs: requests/s = batch / (ttft + (gen - 1) tpot) for a static batch, the decode
		 * rate / gen in the steady modes; $ per 1M = $/s / tokens/s */
		double req_s = p->mode == SERVE_STATIC
				       ? (double)p->batch / (p->ttft_s + 255 * p->tpot_s)
				       : (double)p->batch / p->tpot_s / 256;
		CLOSE(p->replica_req_s, req_s);
		CLOSE(p->usd_per_hour, price[p->hw_index] * (double)p->gpus);
		CLOSE(p->usd_per_1m_tokens, p->usd_per_hour / 3600 / (req_s * 768) * 1e6);
		CLOSE(p->usd_per_1m_gen, p->usd_per_hour / 3600 / (req_s * 256) * 1e6);
	}
	/* the steady modes win at this load: a static batch waits for its slowest request */
	assert_true(modes_seen & ~(1 << SERVE_STATIC));
	/* a load: replicas = ceil(qps / one replica's requests/s), cost over the qps served */
	q.qps = 50;
	assert_int_equal(plan_search(&q, out, 16, &n, &d), 0);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(out[i].replicas, (long)ceil(50 / out[i].replica_req_s));
		assert_true(out[i].gpus <= 8);
		CLOSE(out[i].usd_per_1m_tokens, out[i].usd_per_hour / 3600 / (50.0 * 768) * 1e6);
	}
	/* one precision only */
	q.qps = 0;
	q.precisions = 1u << PREC_FP8;
	assert_int_equal(plan_search(&q, out, 16, &n, &d), 0);
	assert_int_equal(d.candidates, 2 * (4 * 3 + 3));
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(out[i].precision, PREC_FP8);
		assert_int_equal(out[i].kv_precision, PREC_FP8);
	}
}

/*
 * Diagnoses. Memory: the toy of tests/fixtures_model.h grown to 100e9 params, at int4 on at
 * most 4 toy chips (toy_hw_linked) of 10 GB: 50 GB / 4 = 12.5 GB of weights per chip + the
 * reserve 0.5 + 0.05 x 10 = 1 GB + one sequence's int8 KV (2 x 2 x 2 x 64 x 1 B = 512 B per
 * token x 768 tokens = 393216 B, held twice since 4 tensor ways share 2 KV heads, / 4 chips =
 * 196608 B): 13.500196608 GB per chip of 10, 35.00196608% over.
 */
static void test_plan_diagnosis(void **state)
{
	(void)state;
	struct model big = toy;
	const struct hardware *hw[] = { &toy_hw_linked };
	const double price[] = { 1 };
	struct plan_query q;
	struct plan_result out[4];
	struct plan_diagnosis d;
	size_t n;

	big.name = (char *)"big";
	big.params = 100e9;
	query_init(&q, hw, price, 1);
	q.model = &big;
	q.max_gpus = 4;
	q.precisions = 1u << PREC_INT4;
	assert_int_equal(plan_search(&q, out, 4, &n, &d), 0);
	assert_int_equal(n, 0);
	assert_int_equal(d.fail, PLAN_MEMORY);
	assert_int_equal(d.tp, 4);
	assert_int_equal(d.pp, 1);
	CLOSE(d.best, 13.500196608);
	CLOSE(d.target, 10);
	CLOSE(d.miss_pct, 35.00196608);
	assert_non_null(strstr(d.text, "memory"));

	/* time per output token: the 7B's best batch-1 step on an A100 vs a 1 ms target; with 8
	 * chips allowed the closest is 8-way int4 (checked against the estimate itself) */
	const struct hardware *hw7[] = { a100 };
	query_init(&q, hw7, price, 1);
	q.max_gpus = 8;
	q.tpot_slo_s = 1e-3;
	assert_int_equal(plan_search(&q, out, 4, &n, &d), 0);
	assert_int_equal(n, 0);
	assert_int_equal(d.fail, PLAN_TPOT);
	struct plan_result p = { .hw_index = 0, .tp = d.tp, .pp = d.pp, .mode = d.mode,
				 .precision = d.precision,
				 .kv_precision = d.precision == PREC_INT4 ? PREC_INT8 : d.precision };
	struct infer_result r = at_batch(&q, &p, 1);
	CLOSE(d.best, r.tpot_s);
	CLOSE(d.miss_pct, (r.tpot_s / 1e-3 - 1) * 100);
	/* no other candidate at batch 1 comes closer */
	for (int tp = 1; tp <= 8; tp *= 2)
		for (int pr = PREC_BF16; pr <= PREC_INT4; pr++) {
			struct plan_result o = { .tp = tp, .pp = 1, .precision = (enum precision)pr,
						 .kv_precision = pr == PREC_INT4 ? PREC_INT8
									 : (enum precision)pr };
			assert_true(at_batch(&q, &o, 1).tpot_s >= d.best);
		}

	/* time to first token */
	q.tpot_slo_s = 0;
	q.ttft_slo_s = 1e-4;
	assert_int_equal(plan_search(&q, out, 4, &n, &d), 0);
	assert_int_equal(d.fail, PLAN_TTFT);
	assert_true(d.best > 1e-4);

	/* load: 1e6 requests/s on at most 8 chips */
	q.ttft_slo_s = 0;
	q.qps = 1e6;
	assert_int_equal(plan_search(&q, out, 4, &n, &d), 0);
	assert_int_equal(d.fail, PLAN_LOAD);
	assert_true(d.best < 1e6 && d.best > 0);
	CLOSE(d.miss_pct, (1 - d.best / 1e6) * 100);

	/* no price */
	const double none[] = { 0 };
	q.usd_per_gpu_hour = none;
	q.qps = 0;
	assert_int_equal(plan_search(&q, out, 4, &n, &d), 0);
	assert_int_equal(d.fail, PLAN_NO_PRICE);
	assert_true(d.skipped_no_price > 0);

	/* bad queries */
	q.model = NULL;
	assert_int_equal(plan_search(&q, out, 4, &n, &d), -1);
	assert_int_equal(d.fail, PLAN_BAD_QUERY);
	assert_string_equal(d.text, "no model");
	assert_string_equal(plan_query_problem(NULL), "no query");
}

/* 17 chips (the four of measurements.csv at a few scales), 1-64 chips, four precisions, every
 * batch: at most 100 ms (issue 5). */
static void test_plan_speed(void **state)
{
	(void)state;
	static const struct hardware base[] = {
		{ .name = (char *)"a", .peak_tflops_16 = 312, .peak_tflops_8 = 624, .mem_gb = 80,
		  .mem_bw_tbs = 2.039, .link_gbs = 300 },
		{ .name = (char *)"b", .peak_tflops_16 = 989, .peak_tflops_8 = 1979, .mem_gb = 80,
		  .mem_bw_tbs = 3.35, .link_gbs = 450 },
		{ .name = (char *)"c", .peak_tflops_16 = 165, .peak_tflops_8 = 330, .mem_gb = 24,
		  .mem_bw_tbs = 1.008, .link_gbs = 32 },
		{ .name = (char *)"d", .peak_tflops_16 = 125, .mem_gb = 32, .mem_bw_tbs = 0.9,
		  .link_gbs = 150 },
	};
	struct hardware chips[17];
	const struct hardware *hw[17];
	double price[17];
	struct plan_query q;
	struct plan_result out[20];
	struct plan_diagnosis d;
	struct timespec t0, t1;
	size_t n;

	for (int i = 0; i < 17; i++) {
		chips[i] = base[i % 4];
		chips[i].mem_gb *= 1 + i / 4;
		hw[i] = &chips[i];
		price[i] = 1 + i * 0.3;
	}
	query_init(&q, hw, price, 17);
	static const struct model m70 = {
		.name = (char *)"70b", .params = 6.9e10, .layers = 80, .d_model = 8192,
		.heads = 64, .kv_heads = 8, .head_dim = 128, .experts = 1, .experts_per_token = 1,
	};
	q.model = &m70;
	q.max_gpus = 64;
	q.tpot_slo_s = 0.05;
	q.ttft_slo_s = 1;
	q.qps = 20;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(plan_search(&q, out, 20, &n, &d), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	printf("plan over 17 chips x 1-64 chips x 4 precisions x 4 modes: %ld candidates, %zu results, "
	       "%.2f ms\n", d.candidates, n, ms);
	/* 17 chips x 4 precisions x (7 sizes x 3 modes + 6 disaggregated: 2 x 64 > 64) */
	assert_int_equal(d.candidates, 17 * 4 * (7 * 3 + 6));
	assert_true(n > 0);
	assert_true(ms <= 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_ranked),
		cmocka_unit_test(test_plan_diagnosis),
		cmocka_unit_test(test_plan_speed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
