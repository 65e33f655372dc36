/*
 * test_calib.c - the calibrated model: the serving model's arithmetic on hand-computed cases
 * (with simple constants, so the numbers stay short) and the directions its mechanisms must
 * push (training's are in test_estimate_train.c), and the error of both on the published
 * measurements (measurements.csv), asserted against the targets of issue 5: mean absolute
 * error at most 10% for training, 15% for serving.
 *
 * The largest training error is M-T6, Llama-3.1-8B on H100 (1.46M GPU-hours for 15T tokens =
 * 14% MFU, a third of the 405B's). Meta published neither its cluster nor its batch; the
 * validation assumes the 405B's (16,384 GPUs, 16M tokens: gen/validate.h), which puts it on
 * tensor parallelism 8 with narrow GEMMs, at about -34%. At the estimator's own cluster rule
 * (2048 GPUs) it would be -54%: the training target holds only with that assumption, which
 * the report's Validation page states.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "calib.h"
#include "estimate.h"
#include "fixtures.h"
#include "fixtures_model.h"
#include "meas.h"

/* The toy shared with test_estimate.c (tests/fixtures_model.h): 1e9 params, 2 layers,
 * d_model 256 (4 heads of 64), 2 KV heads: attention 2048 FLOPs per token of context, KV 1024
 * bytes per token at 16 bits. Chip, toy_hw_linked: 100 TFLOPS 16-bit, 1 TB/s, 10 GB, 100 GB/s
 * links. */

/* Round constants for the hand computations. */
static struct calib toy_calib(void)
{
	struct calib k = CALIB_DEFAULT;
	k.eta_flop_16 = 0.5;
	k.eta_flop_8 = 0.25;
	k.eta_mem = 0.5;
	k.m_half_ridge = 1;   /* achievable ridge 1e14 x 0.5 / (1e12 x 0.5) = 100 FLOP/byte x 2
			       * bytes / 2 = 100 tokens */
	k.t_layer_s = 1e-4;   /* 2e-4 s per step */
	k.nongemm_passes = 10;
	k.attn_eta_frac = 1;
	k.eta_link = 0.5;     /* 5e10 B/s */
	k.t_allreduce_s = 1e-5;
	return k;
}

/* The hand cases' configuration: batch 100, prompt 100, gen 10, fp16 on one toy chip. */
static void toy_case(struct infer_cfg *c, const struct model *m, const struct calib *k)
{
	infer_cfg_init(c);
	c->model = m;
	c->hw = &toy_hw_linked;
	c->batch = 100;
	c->prompt_tokens = 100;
	c->gen_tokens = 10;
	c->precision = c->kv_precision = PREC_FP16;
	c->calib = k;
}

/*
 * Batch 100, prompt 100, gen 10, fp16, one chip, constants of toy_calib:
 *   prefill, M = 1e4 tokens: efficiency 0.5 x 1e4 / (1e4 + 100) = 0.4950495;
 *     GEMMs 2e9 x 1e4 / (1e14 x 0.4950495) = 0.404 s (reading 2e9 B at 5e11 B/s: 4e-3 s);
 *     attention 1e4 x 2048 x 50 = 1.024e9 FLOP / (1e14 x 0.4950495) = 2.06848e-5 s;
 *     KV write 1e4 x 1024 / 5e11 = 2.048e-5; element-wise 1e4 x 2 x 10 x 256 x 2 / 5e11 =
 *     2.048e-4; overhead 2e-4.
 *   decode, M = 100: efficiency 0.25, GEMMs 2e9 x 100 / (1e14 x 0.25) = 8e-3 (reading 4e-3);
 *     KV 100 x 1024 / 5e11 = 2.048e-7 s per token of context (attention math 100 x 2048 /
 *     5e13 = 4.096e-9 is less) at the mean context 104.5: 2.14016e-5; element-wise 2.048e-6;
 *     overhead 2e-4.
 *   Two chips (TP2): GEMMs 4e-3, KV over 2 KV heads 1.07008e-5, four all-reduces of 100 x
 *     256 x 2 = 51200 B, each 2 x 1/2 x 51200 / 5e10 + 1e-5 = 1.1024e-5.
 */
static void test_infer_hand(void **state)
{
	(void)state;
	struct calib k = toy_calib();
	struct infer_cfg c;
	struct infer_result r;

	toy_case(&c, &toy, &k);
	assert_int_equal(estimate_infer(&c, &r), 0);
	double eff = 0.5 * 1e4 / (1e4 + 100);
	CLOSE(r.ttft_s, 2e13 / (1e14 * eff) + 1.024e9 / (1e14 * eff) + 2.048e-5 + 2.048e-4 + 2e-4);
	CLOSE(r.t_gemm_s, 8e-3);
	CLOSE(r.t_kv_s, 2.14016e-5);
	CLOSE(r.t_nongemm_s, 2.048e-6);
	CLOSE(r.t_overhead_s, 2e-4);
	assert_true(r.t_comm_s == 0);
	CLOSE(r.tpot_s, 8e-3 + 2.14016e-5 + 2.048e-6 + 2e-4);
	CLOSE(r.decode_tok_s, 100 / r.tpot_s);
	assert_int_equal(r.bound, BOUND_COMPUTE);
	CLOSE(r.mbu_decode, (2e9 + 100 * 1024 * 104.5) / (r.tpot_s * 1e12));

	c.gpus = 2;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.t_gemm_s, 4e-3);
	CLOSE(r.t_kv_s, 1.07008e-5);
	CLOSE(r.t_comm_s, 4 * 1.1024e-5);
	CLOSE(r.tpot_s, 4e-3 + 1.07008e-5 + 2.048e-6 + 2e-4 + 4 * 1.1024e-5);

	/* batch 1: the math at efficiency 0.5 / 101 takes 2e9 x 101 / 5e13 = 4.04e-3 s, just
	 * above the weight read (4e-3); with M_half 50 it takes 2e9 x 51 / 5e13 = 2.04e-3 and the
	 * read, 4e-3 s, bounds the step */
	c.gpus = 1;
	c.batch = 1;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.t_gemm_s, 4.04e-3);
	k.m_half_ridge = 0.5;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.t_gemm_s, 4e-3);
	assert_int_equal(r.bound, BOUND_MEMORY);
	k.m_half_ridge = 1;

	/* fp8 on a chip with 8-bit math: achievable ridge 2e14 x 0.25 / (1e12 x 0.5) = 100
	 * FLOP/byte x 1 byte / 2 = 50 tokens, asymptote 0.25; batch 100 computes 2e11 FLOP at
	 * 2e14 x 0.25 x 100 / 150: 6e-3 s. Batch 1: the math 2e9 x 51 / 5e13 = 2.04e-3 s, just
	 * above reading 1e9 bytes at 5e11 B/s (2e-3), as at 16 bits; a half point at the peak
	 * rates' ridge (100 tokens) would have made it 4.04e-3, twice the read */
	c.batch = 100;
	c.precision = PREC_FP8;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.t_gemm_s, 6e-3);
	c.batch = 1;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.t_gemm_s, 2.04e-3);
}

/*
 * Serving modes on the toy of test_infer_hand (batch 100, prompt 100, gen 10, one chip,
 * toy_calib). The static decode step there: D = 8e-3 + 2.14016e-5 + 2.048e-6 + 2e-4.
 *  continuous: gen / batch: 10 requests finish per step, so each step also pays a prefill of
 *    10 x 100 = 1000 tokens: efficiency 0.5 x 1000 / 1100, GEMMs 2e12 / (1e14 x that) = 0.044 s,
 *    attention 1.024e8 / (1e14 x that) = 2.2528e-6, KV write 1000 x 1024 / 5e11 = 2.048e-6,
 *    element-wise 1000 x 2 x 10 x 256 x 2 / 5e11 = 2.048e-5, overhead 2e-4: P = 0.0442247808;
 *    tpot = D + P; ttft = P + D / 2; throughput = decode rate = 100 / tpot.
 *  chunked: one step of 100 + 1000 tokens: efficiency 0.5 x 1100 / 1200, GEMMs 2.2e12 / (1e14 x
 *    that) = 0.048, prompt attention 1.024e8 / (1e14 x that), KV read 2.14016e-5 (as in D),
 *    KV write 2.048e-6, element-wise 1100 x 10240 / 5e11 = 2.2528e-5, overhead 2e-4; ttft = one
 *    such step (the prompt fits a 512-token chunk), 4 steps with chunks of 30.
 *  disagg, prefill pool of 1 chip: prefill of one prompt, efficiency 0.25: 8e-3 + attention
 *    1.024e7 / 2.5e13 = 4.096e-7 + KV write 2.048e-7 + element-wise 2.048e-6 + 2e-4 =
 *    8.2026624e-3, plus the KV over the link, 100 x 1024 / 5e10 = 2.048e-6; the pool feeds 10
 *    tokens per 8.2026624e-3 s, less than the decode pool's 100 per D, so generation runs at
 *    the feed: tpot = 100 / (10 / 8.2026624e-3). Two chips are paid for.
 *  pipeline, 2 stages of 1 layer on 2 chips: micro-batches of 50: efficiency 1/6, GEMMs 2 x
 *    5e8 x 50 x 6 / 1e14 = 3e-3 (reading 1e9 B: 2e-3), KV 50 x 104.5 x 512 / 5e11 = 5.3504e-6,
 *    element-wise 5.12e-7, overhead 1e-4, hop 50 x 512 / 5e10 = 5.12e-7; tpot = 2 x (stage +
 *    hop).
 *  speculative, draft of 1e8 params (1 layer, KV 512 B per token), 4 tokens, acceptance 0.5:
 *    (1 - 0.5^5) / 0.5 = 1.9375 tokens per step; verify 500 tokens: efficiency 0.5 x 500 /
 *    600, GEMMs 1e12 / (1e14 x that) = 0.024, KV 2.14016e-5 + the extra attention 4 x 10450 x
 *    2048 / 5e13 = 1.712128e-6, element-wise 1.024e-5, overhead 2e-4; a draft step: GEMMs
 *    2e10 / 2.5e13 = 8e-4, KV 10450 x 512 / 5e11 = 1.07008e-5, element-wise 1.024e-6,
 *    overhead 1e-4; tpot = (verify + 4 drafts) / 1.9375.
 */
static void test_serving_modes(void **state)
{
	(void)state;
	struct calib k = toy_calib();
	struct infer_cfg c;
	struct infer_result r;
	double D = 8e-3 + 2.14016e-5 + 2.048e-6 + 2e-4;

	toy_case(&c, &toy, &k);
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.tpot_s, D);
	assert_int_equal(r.chips, 1);
	CLOSE(r.tokens_per_step, 1);

	c.mode = SERVE_CONTINUOUS;
	assert_int_equal(estimate_infer(&c, &r), 0);
	double e1000 = 0.5 * 1000 / 1100;
	double P = 2e12 / (1e14 * e1000) + 1.024e8 / (1e14 * e1000) + 2.048e-6 + 2.048e-5 + 2e-4;
	CLOSE(r.tpot_s, D + P);
	CLOSE(r.ttft_s, P + D / 2);
	CLOSE(r.throughput_tok_s, 100 / (D + P));

	c.mode = SERVE_CHUNKED;
	assert_int_equal(estimate_infer(&c, &r), 0);
	double e1100 = 0.5 * 1100 / 1200;
	double mixed = 2.2e12 / (1e14 * e1100) + 1.024e8 / (1e14 * e1100) + 2.14016e-5 +
		       2.048e-6 + 2.2528e-5 + 2e-4;
	CLOSE(r.tpot_s, mixed);
	CLOSE(r.ttft_s, mixed);
	c.chunk_tokens = 30;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.ttft_s, 4 * mixed);
	c.chunk_tokens = 0;

	c.mode = SERVE_DISAGG;
	assert_int_equal(estimate_infer(&c, &r), 0);
	double P1 = 8e-3 + 4.096e-7 + 2.048e-7 + 2.048e-6 + 2e-4;
	CLOSE(r.ttft_s, P1 + 2.048e-6);
	CLOSE(r.tpot_s, 100 / (10 / P1));
	assert_int_equal(r.chips, 2);
	/* a long generation is not feed-bound: decode alone at the mean context 599.5 */
	c.gen_tokens = 1000;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.tpot_s, 8e-3 + 100 * 1024 * 599.5 / 5e11 + 2.048e-6 + 2e-4);
	c.gen_tokens = 10;

	c.mode = SERVE_STATIC;
	c.gpus = 2;
	c.pipeline_ways = 2;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.tpot_s, 2 * (3e-3 + 5.3504e-6 + 5.12e-7 + 1e-4 + 5.12e-7));
	c.gpus = 1;
	c.pipeline_ways = 0;

	static const struct model draft = {
		.name = (char *)"draft", .params = 1e8, .layers = 1, .d_model = 256, .heads = 4,
		.kv_heads = 2, .head_dim = 64, .experts = 1, .experts_per_token = 1,
	};
	c.draft = &draft;
	c.spec_tokens = 4;
	c.accept_rate = 0.5;
	assert_int_equal(estimate_infer(&c, &r), 0);
	double e500 = 0.5 * 500 / 600;
	double verify = 1e12 / (1e14 * e500) + 2.14016e-5 + 1.712128e-6 + 1.024e-5 + 2e-4;
	double dstep = 8e-4 + 1.07008e-5 + 1.024e-6 + 1e-4;
	CLOSE(r.tokens_per_step, 1.9375);
	CLOSE(r.tpot_s, (verify + 4 * dstep) / 1.9375);
	/* the draft's weights and KV take memory: 2 + 0.2 GB + 100 x (1024 + 512) x 110 B */
	CLOSE(r.mem_needed_gb, 2.2 + 100 * 1536 * 110e-9 + CALIB_RESERVE_BASE_GB +
				       CALIB_RESERVE_FRAC * 10);
	/* always accepted: 5 tokens per step */
	c.accept_rate = 1;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.tokens_per_step, 5);

	/* invalid combinations */
	c.accept_rate = 2;
	assert_int_equal(estimate_infer(&c, &r), -1);
	assert_string_equal(infer_cfg_problem(&c), "accept_rate must be between 0 and 1");
	c.accept_rate = 0.5;
	c.mfu = 0.5;
	assert_string_equal(infer_cfg_problem(&c), "serving modes, pipelines and speculative "
						   "decoding need the calibrated model (no mfu/mbu)");
	c.mfu = 0;
	c.draft = NULL;
	c.gpus = 3;
	c.pipeline_ways = 2;
	assert_string_equal(infer_cfg_problem(&c), "pipeline ways must divide gpus");
	enum serve_mode mode;
	assert_int_equal(serve_mode_parse("chunked", &mode), 0);
	assert_int_equal(mode, SERVE_CHUNKED);
	assert_int_equal(serve_mode_parse("bogus", &mode), -1);
	assert_string_equal(serve_mode_name(SERVE_DISAGG), "disagg");
}

/*
 * Expert parallelism. The toy mixture of experts (toy_moe): 42e9 params, 12e9 active, 8
 * experts, 2 per token, so one expert is (42 - 12) / (8 - 2) = 5e9 params and the shared part
 * 2e9; on 8 toy chips, batch 100, decode only (gen 1 is not needed: the step parts are per
 * step), fp16.
 *  shared GEMMs over 100 tokens at 0.5 x 100 / 200 = 0.25: 2 x 2e9 x 100 / (8 x 1e14 x 0.25) =
 *    2e-3 (reading 4e9 B / 8 / 5e11 = 1e-3);
 *  experts: lambda = 100 x 2 / 8 = 25 pairs per chip, the busiest 1 + sqrt(2 ln 8 / 25) times
 *    that; 25 tokens per expert: efficiency 0.5 x 25 / 125 = 0.1; 2 x 5e9 x 25 x imbalance /
 *    (1e14 x 0.1) = 0.025 x imbalance, against reading the touched experts' 8 x (1 - 0.75^100)
 *    x 1e10 B / 8 / 5e11 = 0.02 x (1 - 0.75^100);
 *  comm: per layer one all-reduce (2 x 7/8 x 51200 / 5e10 + 1e-5) and two all-to-alls of
 *    25 x imbalance x 512 x 7/8 / 5e10 + 1e-5.
 * Tensor parallelism instead splits every GEMM 8 ways at the tokens-per-expert efficiency (0.1):
 * 2 x 12e9 x 100 / (8e14 x 0.1) = 0.03 s.
 */
static void test_expert_parallel(void **state)
{
	(void)state;
	struct calib k = toy_calib();
	struct infer_cfg c;
	struct infer_result r;

	toy_case(&c, &toy_moe, &k);
	c.gpus = 8;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.t_gemm_s, 0.03);
	c.expert_ways = 8;
	assert_int_equal(estimate_infer(&c, &r), 0);
	double imb = 1 + sqrt(2 * log(8.0) / 25);
	CLOSE(r.t_gemm_s, 2e-3 + fmax(0.025 * imb, 0.02 * (1 - pow(0.75, 100))));
	CLOSE(r.t_comm_s, 2 * (2 * 7.0 / 8 * 51200 / 5e10 + 1e-5) +
				  4 * (25 * imb * 512 * 7.0 / 8 / 5e10 + 1e-5));
	/* expert ways must divide the chips */
	c.expert_ways = 3;
	assert_string_equal(infer_cfg_problem(&c), "expert ways must divide the chips of a pipeline "
						   "stage");
}

/* Directions the serving mechanisms must push, with the shipped constants: what makes the
 * model generalise beyond the rows it was fitted on. */
static void test_infer_directions(void **state)
{
	(void)state;
	struct infer_cfg c;
	struct infer_result r;
	double prev_tok_s = 0, prev_tpot = 0, prev_mfu = 0;

	infer_cfg_init(&c);
	c.model = &llama7;
	c.hw = &meas_chips[0]; /* A100-80GB */
	c.prompt_tokens = 128;
	c.gen_tokens = 128;
	/* a bigger batch: more tokens/s, a longer step, a prefill closer to peak */
	for (long b = 1; b <= 256; b *= 2) {
		c.batch = b;
		assert_int_equal(estimate_infer(&c, &r), 0);
		assert_true(r.decode_tok_s > prev_tok_s);
		assert_true(r.tpot_s > prev_tpot);
		assert_true(r.mfu_prefill > prev_mfu && r.mfu_prefill < CALIB_MFU_PREFILL);
		prev_tok_s = r.decode_tok_s;
		prev_tpot = r.tpot_s;
		prev_mfu = r.mfu_prefill;
	}
	/* batch 1: the step cannot beat streaming the weights at peak bandwidth */
	c.batch = 1;
	assert_int_equal(estimate_infer(&c, &r), 0);
	assert_true(r.tpot_s > 6.74e9 * 2 / 2.039e12);
	double one = r.tpot_s;
	/* TP4 is faster but, with all-reduces and a fixed overhead, less than 4 x */
	c.gpus = 4;
	assert_int_equal(estimate_infer(&c, &r), 0);
	assert_true(r.tpot_s < one && r.tpot_s > one / 4);
	assert_true(r.t_comm_s > 0);
	/* a longer context reads more KV */
	c.gpus = 1;
	c.prompt_tokens = 2048;
	assert_int_equal(estimate_infer(&c, &r), 0);
	assert_true(r.tpot_s > one);
	/* explicit efficiencies still give the plain roofline: no overhead terms */
	c.mfu = 0.5;
	c.mbu = 0.7;
	assert_int_equal(estimate_infer(&c, &r), 0);
	assert_true(r.t_overhead_s == 0 && r.t_comm_s == 0 && r.t_nongemm_s == 0);
}

static void test_measurements(void **state)
{
	(void)state;
	struct meas_set set;
	double sum[2] = { 0, 0 }, worst_train = 0;
	int n[2] = { 0, 0 };

	assert_int_equal(meas_load(&set), 0);
	assert_true(set.n >= 10);
	printf("%-5s %-15s %-10s %5s %-16s %12s %12s %8s\n", "id", "model", "hardware", "gpus",
	       "metric", "estimate", "measured", "err%");
	for (int i = 0; i < set.n; i++) {
		const struct measurement *m = &set.rows[i];
		double est = meas_estimate(m, NULL, NULL, NULL);
		assert_true(isfinite(est) && est > 0);
		double err = meas_err_pct(m, est);
		printf("%-5s %-15s %-10s %5ld %-16s %12.5g %12.5g %+8.1f\n", m->id, m->model_name,
		       m->hw_name, m->gpus, m->metric_name, est, m->value, err);
		sum[m->train] += fabs(err);
		n[m->train]++;
		if (m->train)
			worst_train = fmax(worst_train, fabs(err));
	}
	double train_mae = sum[1] / n[1], infer_mae = sum[0] / n[0];
	printf("mean absolute error: train %.1f%% over %d rows (worst %.1f%%), infer %.1f%% over %d "
	       "rows\n", train_mae, n[1], worst_train, infer_mae, n[0]);
	assert_true(n[0] >= 9 && n[1] >= 7);
	assert_true(train_mae <= 10);
	assert_true(infer_mae <= 15);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_infer_hand),
		cmocka_unit_test(test_serving_modes),
		cmocka_unit_test(test_expert_parallel),
		cmocka_unit_test(test_infer_directions),
		cmocka_unit_test(test_measurements),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
