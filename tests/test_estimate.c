/*
 * test_estimate.c - the estimator against hand-computed cases and every seed number.
 *
 * Two kinds of test: unit cases whose expected values are worked out by hand in the comments
 * (a toy model and chip chosen so the arithmetic stays short); the seed harness, which reads
 * seed-numbers.csv, runs each row through the case named for it in tests/cases/seeds.txt and
 * fails if a row is off by more than its tolerance or has no case. The calibrated model and
 * the published measurements have their own tests in test_calib.c.
 * Reference files come from ../shared/reference/ when it exists, else tests/ref/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calib.h"
#include "estimate.h"
#include "fixtures.h"
#include "fixtures_model.h"

#define MAX_FIELDS 32
#define MAX_CASES 128
#define MAX_ARGS 16

/* ---- the toy model and chip of the hand-computed cases (tests/fixtures_model.h) ----
 * toy: 1e9 params, 2 layers, 4 heads of 64 (d_model 256), 2 KV heads.
 *    attention FLOPs per token of context = 4 x 64 x 4 x 2 = 2048
 *    KV per token at fp16 = 2 x 2 layers x 2 kv heads x 64 x 2 bytes = 1024
 * toy_hw_nolink: 100 TFLOPS 16-bit, 200 TFLOPS 8-bit, 10 GB, 1 TB/s, links unknown. */

static void toy_cfg(struct infer_cfg *c)
{
	infer_cfg_init(c);
	c->model = &toy;
	c->hw = &toy_hw_nolink;
	c->precision = c->kv_precision = PREC_FP16;
	c->mfu = 0.5;
	c->mbu = 0.5;
	c->reserve_gb = 0;
}

static void test_precision(void **state)
{
	(void)state;
	enum precision p = PREC_FP16;
	assert_true(precision_bytes(PREC_FP16) == 2 && precision_bytes(PREC_BF16) == 2);
	assert_true(precision_bytes(PREC_FP8) == 1 && precision_bytes(PREC_INT8) == 1);
	assert_true(precision_bytes(PREC_INT4) == 0.5);
	assert_true(precision_bytes((enum precision)PREC_COUNT) < 0);
	assert_string_equal(precision_name(PREC_INT4), "int4");
	assert_string_equal(precision_name(PREC_BF16), "bf16");
	assert_int_equal(precision_parse("fp8", &p), 0);
	assert_int_equal(p, PREC_FP8);
	assert_int_equal(precision_parse("BF16", &p), 0);
	assert_int_equal(p, PREC_BF16);
	assert_int_equal(precision_parse("fp32", &p), -1);
	assert_int_equal(precision_parse("fp1", &p), -1);
	assert_int_equal(precision_parse("fp166", &p), -1);
	assert_int_equal(precision_parse("", &p), -1);
	assert_int_equal(precision_parse(NULL, &p), -1);
	for (int i = 0; i < PREC_COUNT; i++) {
		assert_int_equal(precision_parse(precision_name((enum precision)i), &p), 0);
		assert_int_equal(p, i);
	}
}

static void test_model_arithmetic(void **state)
{
	(void)state;
	struct model moe = toy;

	/* 2 x 1e9 = 2e9 at context 0; at context 100: + 4 x 100 x 64 x 4 x 2 = 204800 */
	CLOSE(flops_per_token(&toy, 0), 2e9);
	CLOSE(attn_flops_per_token(&toy, 100), 204800);
	CLOSE(flops_per_token(&toy, 100), 2000204800.0);
	/* active params drive FLOPs: active 0.25e9 -> 0.5e9 */
	moe.active_params = 0.25e9;
	CLOSE(model_active_params(&moe), 0.25e9);
	CLOSE(flops_per_token(&moe, 0), 0.5e9);
	CLOSE(model_active_params(&toy), 1e9); /* 0 means "= params" */
	/* weights: 1e9 x 2 / x 1 / x 0.5 */
	CLOSE(weight_bytes(&toy, PREC_BF16), 2e9);
	CLOSE(weight_bytes(&toy, PREC_INT8), 1e9);
	CLOSE(weight_bytes(&toy, PREC_INT4), 0.5e9);
	/* KV: 2 x 2 x 2 x 64 x {2, 1, 0.5} */
	CLOSE(kv_bytes_per_token(&toy, PREC_FP16), 1024);
	CLOSE(kv_bytes_per_token(&toy, PREC_FP8), 512);
	CLOSE(kv_bytes_per_token(&toy, PREC_INT4), 256);
	/* multi-query (1 KV head) halves it again; multi-head (4) doubles it */
	moe.kv_heads = 1;
	CLOSE(kv_bytes_per_token(&moe, PREC_FP16), 512);
	moe.kv_heads = 4;
	CLOSE(kv_bytes_per_token(&moe, PREC_FP16), 2048);
	/* the MHA shortcut 2 x L x d_model x b equals the head form when kv_heads x head_dim =
	 * d_model: 2 x 2 x 256 x 2 = 2048 */
	CLOSE(kv_bytes_per_token_mha(2, 256, PREC_FP16), 2048);
	assert_true(kv_bytes_per_token_mha(-1, 256, PREC_FP16) < 0);
	/* per chip: 2e9 over 2 x 5 ways = 0.2e9 */
	CLOSE(weight_bytes_per_chip(&toy, PREC_FP16, 2, 5), 0.2e9);
	assert_true(weight_bytes_per_chip(&toy, PREC_FP16, 0, 5) < 0);
}

static void test_moe(void **state)
{
	(void)state;
	double shared = 0, expert = 0;
	/* 2e9 shared + 8 experts of 5e9, 2 routed: params 42e9, active 2 + 2 x 5 = 12e9 */
	struct model m = toy;
	m.params = 42e9;
	m.active_params = 12e9;
	m.experts = 8;
	m.experts_per_token = 2;

	CLOSE(moe_active_params(2e9, 5e9, 2), 12e9);
	CLOSE(moe_tokens_per_expert(4096, 16, 2), 512); /* 4096 x 2 / 16 */
	/* one token touches exactly its 2 experts; two: 8 x (1 - (6/8)^2) = 8 x 0.4375 = 3.5 */
	CLOSE(moe_experts_touched(1, 8, 2), 2);
	CLOSE(moe_experts_touched(2, 8, 2), 3.5);
	CLOSE(moe_experts_touched(0, 8, 2), 0);
	/* a big batch touches them all: 8 x (1 - 0.75^1000) = 8 to double precision */
	CLOSE(moe_experts_touched(1000, 8, 2), 8);
	CLOSE(moe_experts_touched(5, 8, 8), 8);
	assert_true(moe_experts_touched(5, 8, 9) < 0);
	assert_true(moe_experts_touched(5, 0, 1) < 0);
	/* split: expert = (42 - 12) / (8 - 2) = 5e9, shared = 42 - 40 = 2e9 */
	moe_split(&m, &shared, &expert);
	CLOSE(expert, 5e9);
	CLOSE(shared, 2e9);
	/* bytes read at fp16: 1 token (2 + 2 x 5) x 2 = 24e9; 2 tokens (2 + 3.5 x 5) x 2 = 39e9;
	 * many tokens: all 42e9 x 2 = 84e9 */
	CLOSE(moe_weight_bytes_read(&m, PREC_FP16, 1), 24e9);
	CLOSE(moe_weight_bytes_read(&m, PREC_FP16, 2), 39e9);
	CLOSE(moe_weight_bytes_read(&m, PREC_FP16, 1e6), 84e9);
	/* a dense model is all shared and reads all its weights */
	moe_split(&toy, &shared, &expert);
	CLOSE(shared, 1e9);
	assert_true(expert == 0);
	CLOSE(moe_weight_bytes_read(&toy, PREC_FP16, 1), 2e9);
}

/*
 * Toy model on one toy chip, fp16, MFU = MBU = 0.5, batch 1, prompt 100, gen 10, reserve 0:
 *   FLOP rate 100e12 x 0.5 = 5e13; byte rate 1e12 x 0.5 = 5e11.
 *   Prefill: 100 x flops_per_token(50) = 100 x (2e9 + 2048 x 50) = 2.0001024e11 FLOP
 *     -> 4.0002048e-3 s; memory 2e9 / 5e11 = 4e-3 s; ttft = the larger = 4.0002048e-3 s,
 *     prefill 100 / ttft = 24998.72 tok/s.
 *   Decode: memory (2e9 + 1024 ctx) / 5e11 beats compute (2e9 + 2048 ctx) / 5e13 at every
 *     ctx of 100..109, so tpot = (2e9 + 1024 x 104.5) / 5e11 = 4.000214016e-3 s.
 *   throughput = 10 / (ttft + 9 tpot) = 10 / 0.040002130944.
 *   Memory: weights 2 GB, KV per seq 1024 x 110 = 112640 B, max batch
 *     floor(8 GB / 112640 B) = 71022.
 *   Costs at $3.6/h: $0.001/s; prompt 0.001 / 24998.72 x 1000; gen 0.001 x tpot x 1000.
 */
static void test_infer_memory_bound(void **state)
{
	(void)state;
	struct infer_cfg c;
	struct infer_result r;

	toy_cfg(&c);
	c.prompt_tokens = 100;
	c.gen_tokens = 10;
	c.usd_per_gpu_hour = 3.6;
	assert_null(infer_cfg_problem(&c));
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.ttft_s, 4.0002048e-3);
	CLOSE(r.prefill_tok_s, 100 / 4.0002048e-3);
	CLOSE(r.tpot_s, 4.000214016e-3);
	CLOSE(r.decode_tok_s, 1 / 4.000214016e-3);
	CLOSE(r.throughput_tok_s, 10 / 0.040002130944);
	assert_int_equal(r.bound, BOUND_MEMORY);
	CLOSE(r.weights_gb, 2);
	CLOSE(r.kv_bytes_per_token, 1024);
	CLOSE(r.kv_gb_per_seq, 112640e-9);
	CLOSE(r.mem_capacity_gb, 10);
	CLOSE(r.mem_needed_gb, 2 + 112640e-9);
	assert_int_equal(r.fits, 1);
	assert_int_equal(r.max_batch, 71022);
	assert_int_equal(r.batch, 1);
	CLOSE(r.usd_per_1k_prompt, 0.001 / (100 / 4.0002048e-3) * 1000);
	CLOSE(r.usd_per_1k_gen, 0.001 * 4.000214016e-3 * 1000);
	CLOSE(r.mfu_prefill, 0.5);
	CLOSE(r.mbu_decode, 0.5);

	/* weights only: every step reads 2e9 bytes: 4e-3 s */
	c.weights_only = 1;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.tpot_s, 4e-3);

	/* two chips halve every time (ideal tensor parallelism) and double the memory */
	c.weights_only = 0;
	c.gpus = 2;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.ttft_s, 4.0002048e-3 / 2);
	CLOSE(r.tpot_s, 4.000214016e-3 / 2);
	CLOSE(r.mem_capacity_gb, 20);
	assert_int_equal(r.max_batch, 159801); /* floor(18e9 / 112640) */

	/* calibrated model and reserve when no efficiency is given (its arithmetic is checked
	 * by test_calib.c): the efficiencies reported are those achieved, below the asymptotes */
	c.gpus = 1;
	c.mfu = c.mbu = 0;
	c.reserve_gb = -1;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.mfu_prefill, 100 * flops_per_token(&toy, 50) / (r.ttft_s * 100e12));
	assert_true(r.mfu_prefill > 0 && r.mfu_prefill < CALIB_MFU_PREFILL);
	assert_true(r.mbu_decode > 0 && r.mbu_decode < CALIB_MBU_DECODE);
	CLOSE(r.mem_needed_gb, 2 + 112640e-9 + CALIB_RESERVE_BASE_GB + CALIB_RESERVE_FRAC * 10);
	/* one efficiency given: the plain roofline, the other at its headline constant */
	c.mfu = 0.5;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.mfu_prefill, 0.5);
	CLOSE(r.mbu_decode, CALIB_MBU_DECODE);
	CLOSE(r.tpot_s, (2e9 + 1024 * 104.5) / (1e12 * CALIB_MBU_DECODE));
}

/*
 * Batch 200, prompt 9949, gen 32 on the toy: per step
 *   compute = 200 (2e9 + 2048 x) / 5e13 = 8e-3 + 8.192e-9 x
 *   memory  = (2e9 + 200 x 1024 x) / 5e11 = 4e-3 + 4.096e-7 x
 * They cross at x = 4e-3 / (4.096e-7 - 8.192e-9) = 9964.92: compute for x = 9949..9964
 * (16 steps), memory for x = 9965..9980 (16 steps).
 *   compute sum = 16 x 8e-3 + 8.192e-9 x 16 x (9949 + 9964) / 2 = 0.128 + 0.001305018368
 *   memory sum  = 16 x 4e-3 + 4.096e-7 x 16 x (9965 + 9980) / 2 = 0.064 + 0.065355776
 *   tpot = 0.258660794368 / 32 = 0.008083149824 s
 * At the mean context 9964.5 compute (0.008081629184) just beats memory (0.0080814592).
 */
static void test_infer_decode_crossover(void **state)
{
	(void)state;
	struct infer_cfg c;
	struct infer_result r;

	toy_cfg(&c);
	c.batch = 200;
	c.prompt_tokens = 9949;
	c.gen_tokens = 32;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.tpot_s, 0.008083149824);
	assert_int_equal(r.bound, BOUND_COMPUTE);
	/* a short prompt stays on the compute side: x = 1000..1031, tpot = compute at 1015.5 */
	c.prompt_tokens = 1000;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.tpot_s, 8e-3 + 8.192e-9 * 1015.5);
	assert_int_equal(r.bound, BOUND_COMPUTE);
	/* a long one on the memory side: x = 20000..20031, tpot = memory at 20015.5 */
	c.prompt_tokens = 20000;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.tpot_s, 4e-3 + 4.096e-7 * 20015.5);
	assert_int_equal(r.bound, BOUND_MEMORY);
	/* weights only: memory is flat at 4e-3, compute 8e-3 + ... wins throughout */
	c.weights_only = 1;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.tpot_s, 8e-3 + 8.192e-9 * 20015.5);
}

/* The closed form against the definition (a loop over every step) on a grid that crosses the
 * ridge in both directions, with dense and MoE models, weights-only on and off. */
static void test_infer_closed_form_vs_loop(void **state)
{
	(void)state;
	static const long batches[] = { 1, 3, 17, 64, 200, 1000 };
	static const long prompts[] = { 1, 7, 128, 2048, 9949, 100000, 549300 };
	static const long gens[] = { 1, 2, 63, 512 };
	const struct model *models[] = { &toy, &toy_moe };
	struct infer_cfg c;
	struct infer_result r;
	int checked = 0, mem_then_comp = 0, comp_then_mem = 0;

	for (size_t mi = 0; mi < 2; mi++)
		for (size_t bi = 0; bi < sizeof(batches) / sizeof(*batches); bi++)
			for (size_t pi = 0; pi < sizeof(prompts) / sizeof(*prompts); pi++)
				for (size_t gi = 0; gi < sizeof(gens) / sizeof(*gens); gi++)
					for (int wo = 0; wo < 2; wo++) {
		toy_cfg(&c);
		c.model = models[mi];
		c.batch = batches[bi];
		c.prompt_tokens = prompts[pi];
		c.gen_tokens = gens[gi];
		c.weights_only = wo;
		assert_int_equal(estimate_infer(&c, &r), 0);
		double b = (double)c.batch, sum = 0;
		double flop_rate = 100e12 * 0.5, byte_rate = 1e12 * 0.5;
		double read = moe_weight_bytes_read(c.model, PREC_FP16, b);
		int first = -1, last = -1;
		for (long t = 0; t < c.gen_tokens; t++) {
			double ctx = (double)(c.prompt_tokens + t);
			double comp = b * flops_per_token(c.model, ctx) / flop_rate;
			double mem = (read + (wo ? 0 : b * 1024 * ctx)) / byte_rate;
			sum += comp > mem ? comp : mem;
			last = comp > mem;
			if (first < 0)
				first = last;
		}
		mem_then_comp += !first && last;
		comp_then_mem += first && !last;
		assert_close(r.tpot_s, sum / (double)c.gen_tokens, 1e-9, "tpot vs loop");
		checked++;
	}
	assert_int_equal(checked, 2 * 6 * 7 * 4 * 2);
	/* the grid must exercise a crossover in each direction, or it proves little */
	assert_true(mem_then_comp > 0);
	assert_true(comp_then_mem > 0);
}

/*
 * 8-bit math. Toy, prompt 1000, batch 1, fp8: 1000 x (2e9 + 2048 x 500) = 2.001024e12 FLOP at
 * 200e12 x 0.5 = 1e14 FLOP/s -> 0.02001024 s (memory: 1e9 B / 5e11 = 2e-3 s). Without an 8-bit
 * peak the chip computes at 16-bit: 0.04002048 s; int4 always does.
 */
static void test_infer_precision(void **state)
{
	(void)state;
	struct infer_cfg c;
	struct infer_result r;
	struct hardware no8 = toy_hw_nolink;

	no8.peak_tflops_8 = 0;
	toy_cfg(&c);
	c.prompt_tokens = 1000;
	c.gen_tokens = 1;
	c.precision = PREC_FP8;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.ttft_s, 0.02001024);
	CLOSE(r.weights_gb, 1);
	CLOSE(r.kv_bytes_per_token, 1024); /* KV precision is separate */
	c.precision = PREC_INT8;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.ttft_s, 0.02001024);
	c.precision = PREC_INT4;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.ttft_s, 0.04002048);
	CLOSE(r.weights_gb, 0.5);
	c.precision = PREC_FP8;
	c.hw = &no8;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.ttft_s, 0.04002048);

	/* ridge point: 100e12 / 1e12 = 100 FLOP/byte; 200 at 8-bit; 100 without 8-bit */
	CLOSE(ridge_point_flop_per_byte(&toy_hw_nolink, PREC_BF16), 100);
	CLOSE(ridge_point_flop_per_byte(&toy_hw_nolink, PREC_FP8), 200);
	CLOSE(ridge_point_flop_per_byte(&toy_hw_nolink, PREC_INT4), 100);
	CLOSE(ridge_point_flop_per_byte(&no8, PREC_FP8), 100);
	CLOSE(hw_peak_flops(&toy_hw_nolink, PREC_INT8), 200e12);
}

/*
 * toy_moe (42e9 params, 12e9 active: 2e9 shared + 8 experts of 5e9, 2 per token).
 * MoE decode at batch 1 reads shared + 2 experts: (2 + 10) x 2 = 24e9 B at 5e11 B/s = 0.048 s
 * (weights only); its compute 2 x 12e9 / 5e13 = 4.8e-4 s. Memory holds all 84 GB, so it needs
 * 9 toy chips (90 GB) to fit at all.
 */
static void test_infer_moe(void **state)
{
	(void)state;
	struct infer_cfg c;
	struct infer_result r;

	toy_cfg(&c);
	c.model = &toy_moe;
	c.weights_only = 1;
	c.gpus = 1;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.tpot_s, 0.048);
	CLOSE(r.weights_gb, 84);
	assert_int_equal(r.fits, 0);
	assert_int_equal(r.max_batch, 0);
	/* batch 2: 3.5 experts expected -> (2 + 17.5) x 2 = 39e9 B -> 0.078 s */
	c.batch = 2;
	assert_int_equal(estimate_infer(&c, &r), 0);
	CLOSE(r.tpot_s, 0.078);
	c.gpus = 9;
	assert_int_equal(estimate_infer(&c, &r), 0);
	assert_int_equal(r.fits, 1);
	CLOSE(r.tpot_s, 0.078 / 9);
}

static void test_infer_batch_max(void **state)
{
	(void)state;
	struct infer_cfg c;
	struct infer_result r;
	struct model big = toy;

	/* batch 0 = the largest that fits: floor(8e9 / 112640) = 71022, and it fits */
	toy_cfg(&c);
	c.prompt_tokens = 100;
	c.gen_tokens = 10;
	c.batch = 0;
	assert_int_equal(estimate_infer(&c, &r), 0);
	assert_int_equal(r.batch, 71022);
	assert_int_equal(r.fits, 1);
	/* one more sequence would not */
	c.batch = 71023;
	assert_int_equal(estimate_infer(&c, &r), 0);
	assert_int_equal(r.fits, 0);
	/* with 1 GB reserve per chip: floor(7e9 / 112640) = 62144 */
	c.batch = 0;
	c.reserve_gb = 1;
	assert_int_equal(estimate_infer(&c, &r), 0);
	assert_int_equal(r.batch, 62144);
	assert_int_equal(max_batch_fit(&toy, &toy_hw_nolink, 1, PREC_FP16, PREC_FP16, 110, 1),
			 62144);
	/* weights larger than memory: max 0, batch 1, does not fit */
	big.params = 6e9;
	c.model = &big;
	assert_int_equal(estimate_infer(&c, &r), 0);
	assert_int_equal(r.max_batch, 0);
	assert_int_equal(r.batch, 1);
	assert_int_equal(r.fits, 0);
	assert_int_equal(max_batch_fit(&big, &toy_hw_nolink, 1, PREC_FP16, PREC_FP16, 110, 0), 0);
}

/* S0-16 after overhead: the calibrated reserve (0.5 + 0.05 x 80 = 4.5 GB per chip) leaves
 * 160 - 140 - 9 = 11 GB for 1.342 GB sequences: 8, the "~8 in practice" of seed 000. */
static void test_reserve_matches_seed_practice(void **state)
{
	(void)state;
	struct model l70 = {
		.params = 70e9, .layers = 80, .d_model = 8192, .heads = 64, .kv_heads = 8,
		.head_dim = 128, .experts = 1, .experts_per_token = 1,
	};
	struct hardware a100 = { .peak_tflops_16 = 312, .mem_gb = 80, .mem_bw_tbs = 2.0 };

	CLOSE(default_reserve_gb(&a100), 4.5);
	assert_int_equal(max_batch_fit(&l70, &a100, 2, PREC_FP16, PREC_FP16, 4096, -1), 8);
	assert_int_equal(max_batch_fit(&l70, &a100, 2, PREC_FP16, PREC_FP16, 4096, 0), 14);
}

static void test_infer_invalid(void **state)
{
	(void)state;
	struct infer_cfg c, ok;
	struct infer_result r;
	struct hardware hw = toy_hw_nolink;
	struct model m = toy;

	toy_cfg(&ok);
	assert_int_equal(estimate_infer(&ok, &r), 0);
#define BAD(stmt, reason)                                          \
	do {                                                       \
		c = ok;                                            \
		stmt;                                              \
		assert_int_equal(estimate_infer(&c, &r), -1);      \
		assert_non_null(infer_cfg_problem(&c));            \
		assert_string_equal(infer_cfg_problem(&c), reason); \
	} while (0)
	BAD(c.gpus = 0, "gpus must be at least 1");
	BAD(c.batch = -1, "batch must be 0 (max) or more");
	BAD(c.prompt_tokens = 0, "prompt and gen must be at least 1 token");
	BAD(c.gen_tokens = 0, "prompt and gen must be at least 1 token");
	BAD(c.mfu = 1.5, "mfu and mbu must be between 0 and 1");
	BAD(c.mbu = -0.1, "mfu and mbu must be between 0 and 1");
	BAD(c.mfu = (double)NAN, "mfu and mbu must be between 0 and 1");
	BAD(c.precision = PREC_COUNT, "unknown precision");
	BAD(c.reserve_gb = 10, "reserve_gb must be less than the chip's memory");
	BAD(c.usd_per_gpu_hour = -1, "usd_per_gpu_hour must be 0 or more");
	BAD(c.model = NULL, "no model");
	BAD(c.hw = NULL, "no hardware");
	hw.mem_bw_tbs = 0;
	BAD(c.hw = &hw, "mem_bw_tbs must be positive");
	hw = toy_hw_nolink;
	hw.peak_tflops_16 = (double)INFINITY;
	BAD(c.hw = &hw, "peak_tflops must be positive");
	m.kv_heads = 0;
	BAD(c.model = &m, "layers, heads, kv_heads and head_dim must be at least 1");
	m = toy;
	m.params = 0;
	BAD(c.model = &m, "params must be a positive number");
	m = toy;
	m.active_params = 2e9;
	BAD(c.model = &m, "active_params must be between 0 and params");
	m = toy;
	m.experts = 8;
	m.experts_per_token = 0;
	BAD(c.model = &m, "experts_per_token must be between 1 and experts");
#undef BAD
	assert_int_equal(estimate_infer(NULL, &r), -1);
	assert_int_equal(estimate_infer(&ok, NULL), -1);
	assert_int_equal(max_batch_fit(&toy, &toy_hw_nolink, 0, PREC_FP16, PREC_FP16, 100, 0), -1);
	assert_int_equal(max_batch_fit(&toy, &hw, 1, PREC_FP16, PREC_FP16, 100, 0), -1);
	hw = toy_hw_nolink;
	hw.mem_bw_tbs = 0;
	assert_true(ridge_point_flop_per_byte(&hw, PREC_FP16) < 0);
	assert_true(bandwidth_for_rate(-1, 10) < 0);
	assert_true(node_usd_per_1k_tokens(36, 0, 1e14, 0.5, 1e9) < 0);
	assert_true(node_usd_per_1k_tokens(36, 1, 1e14, 0, 1e9) < 0);
}

/*
 * Toy (1e9 params) on 100 toy chips at MFU 0.5, $2/h, 1e12 tokens:
 *   6 x 1e9 x 1e12 = 6e21 FLOP; 6e21 / (100e12 x 0.5) = 1.2e8 chip-s = 33333.3 GPU-hours;
 *   days = 33333.3 / 100 / 24 = 13.888..; usd = 66666.7; state 20 GB -> 2 chips of 10 GB.
 */
static void test_train(void **state)
{
	(void)state;
	struct train_cfg c = { .model = &toy, .hw = &toy_hw_nolink, .tokens = 1e12, .gpus = 100,
			       .mfu = 0.5, .usd_per_gpu_hour = 2 };
	struct train_result r;

	assert_null(train_cfg_problem(&c));
	assert_int_equal(estimate_train(&c, &r), 0);
	CLOSE(r.train_flop, 6e21);
	CLOSE(r.gpu_hours, 1.2e8 / 3600);
	CLOSE(r.days, 1.2e8 / 3600 / 100 / 24);
	CLOSE(r.usd, 1.2e8 / 3600 * 2);
	CLOSE(r.state_gb, 20);
	assert_int_equal(r.min_gpus_for_state, 2);
	CLOSE(r.mfu, 0.5);
	assert_int_equal(r.gpus_used, 100);
	/* no gpus: days is NaN; with no MFU the calibrated model (test_calib.c) picks a layout
	 * and reports it, and its MFU is the product of the factors it reports */
	c.gpus = 0;
	c.mfu = 0;
	assert_int_equal(estimate_train(&c, &r), 0);
	assert_true(isnan(r.days));
	assert_int_equal(r.gpus_assumed, 1);
	assert_true(r.gpus_used >= 2 && r.tp * r.pp * r.dp == r.gpus_used);
	CLOSE(r.mfu, r.eta_gemm * r.compute_share * r.pipeline_busy * r.goodput);
	CLOSE(r.gpu_hours, 6e21 / (100e12 * r.mfu) / 3600);
	assert_non_null(strstr(r.layout, "assumed"));
	c.mfu = 0.5;
	/* MoE (toy_moe, 12e9 active of 42e9): active params drive FLOPs, all params the state */
	c.model = &toy_moe;
	assert_int_equal(estimate_train(&c, &r), 0);
	CLOSE(r.train_flop, 6 * 12e9 * 1e12);
	CLOSE(r.state_gb, 840);
	assert_int_equal(r.min_gpus_for_state, 84);
	/* invalid */
	c.tokens = 0;
	assert_int_equal(estimate_train(&c, &r), -1);
	assert_string_equal(train_cfg_problem(&c), "tokens must be a positive number");
	c.tokens = 1e12;
	c.gpus = -1;
	assert_int_equal(estimate_train(&c, &r), -1);
	c.gpus = 1;
	c.mfu = 2;
	assert_int_equal(estimate_train(&c, &r), -1);
	c.mfu = 0.5;
	c.hw = NULL;
	assert_int_equal(estimate_train(&c, &r), -1);
	assert_int_equal(estimate_train(NULL, &r), -1);
	CLOSE(train_flop(1e9, 2e9), 1.2e19);
	CLOSE(train_state_bytes(1e9), 2e10);
	CLOSE(train_cost_usd(10, 2, 3), 1440); /* 10 x 2 x 24 x 3 */
	assert_true(train_cost_usd(-1, 2, 3) < 0);
}

/*
 * Chinchilla with Hoffmann's fit at C = 5.76e23 (Chinchilla's own budget):
 *   G = (0.34 x 406.4 / (0.28 x 410.7))^(1/0.62) = 1.2015735^1.6129032 = 1.344711
 *   N = G x (9.6e22)^(0.28/0.62) = 1.344711 x 2.393813e10 = 3.2190e10; D = C / 6N = 2.9823e12
 * (the parametric fit's known tilt towards more data than the paper's 70B/1.4T).
 */
static void test_chinchilla(void **state)
{
	(void)state;
	const struct chinchilla *c = &CHINCHILLA_HOFFMANN;
	double n = 0, d = 0;

	/* L(70e9, 1.4e12) = 1.69 + 406.4 / 70e9^0.34 + 410.7 / 1.4e12^0.28 */
	CLOSE(chinchilla_loss(c, 70e9, 1.4e12),
	      1.69 + 406.4 / pow(70e9, 0.34) + 410.7 / pow(1.4e12, 0.28));
	assert_close(chinchilla_loss(c, 70e9, 1.4e12), 1.9367, 1e-3, "loss 70B 1.4T");
	chinchilla_optimal(c, 5.76e23, &n, &d);
	assert_close(n, 3.2190e10, 1e-3, "N_opt");
	assert_close(d, 2.9823e12, 1e-3, "D_opt");
	CLOSE(6 * n * d, 5.76e23);
	/* first-order condition: alpha A N^-alpha = beta B D^-beta */
	assert_close(0.34 * chinchilla_param_term(c, n), 0.28 * chinchilla_data_term(c, d), 1e-9,
		     "optimum condition");
	/* any other split of the same budget has a higher loss */
	double best = chinchilla_loss(c, n, d);
	for (double f = 0.5; f <= 2.0; f += 0.125) {
		if (fabs(f - 1) < 1e-12)
			continue;
		assert_true(chinchilla_loss(c, n * f, d / f) > best);
	}
	assert_true(chinchilla_loss(c, 0, 1e12) < 0);
	assert_true(chinchilla_param_term(c, -1) < 0);
	chinchilla_optimal(c, 0, &n, &d);
	assert_true(n < 0 && d < 0);
}

static void test_economics(void **state)
{
	(void)state;
	/* 100 + 1 x 200 words at 1.5 tokens/word = 450 tokens; x $0.01/1K = $0.0045;
	 * x (1 - 0.5) cache x (1 - 0.5) margin = $0.001125 */
	struct query_cost q = { .prompt_words = 100, .answers = 1, .answer_words = 200,
				.tokens_per_word = 1.5, .usd_per_1k_tokens = 0.01,
				.cache_hit = 0.5, .gross_margin = 0.5 };
	CLOSE(llm_query_cost_usd(&q), 0.001125);
	/* search: 100 + 3 x (300 + 200) = 1600 words = 2400 tokens -> 0.024 x 0.25 = 0.006 */
	CLOSE(search_summary_cost_usd(&q, 3, 300), 0.006);
	q.cache_hit = 1.5;
	assert_true(llm_query_cost_usd(&q) < 0);
	assert_true(search_summary_cost_usd(&q, 3, 300) < 0);
	/* 120e9 / (10e9 x 12 x 0.5 / 0.5) = 1 */
	CLOSE(search_revenue_per_query_usd(120e9, 10e9, 0.5, 0.5), 1);
	assert_true(search_revenue_per_query_usd(120e9, 0, 0.5, 0.5) < 0);
	/* $36/h = $0.01/s; 1e14 x 0.5 / 1e9 = 5e4 tok/s -> 0.01 / 5e4 x 1000 = 2e-4 */
	CLOSE(node_usd_per_1k_tokens(36, 1, 1e14, 0.5, 1e9), 2e-4);
	CLOSE(words_to_tokens(750, 4.0 / 3), 1000);
	CLOSE(words_to_tokens(10, TOKENS_PER_WORD), 13);
	assert_true(words_to_tokens(10, 0) < 0);
	CLOSE(bandwidth_for_rate(2e9, 10), 2e10);
}

/* ---- reference files ---- */

/* ../shared/reference/NAME when it exists, else the committed tests/ref/NAME. */
static void ref_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "../shared/reference/%s", name);
	if (access(buf, R_OK) != 0)
		snprintf(buf, size, "tests/ref/%s", name);
}

/* Split one CSV line in place (RFC 4180 quotes, "" for a quote, no newline inside a field).
 * Returns the number of fields, or -1 on an unterminated quote or too many fields. */
static int csv_split(char *line, char **fields, int max)
{
	char *p = line, *w;
	int n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	for (;;) {
		if (n == max)
			return -1;
		fields[n++] = w = p;
		if (*p == '"') {
			p++;
			for (;;) {
				if (*p == '"' && p[1] == '"') {
					*w++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else if (!*p) {
					return -1;
				} else {
					*w++ = *p++;
				}
			}
		} else {
			while (*p && *p != ',')
				*w++ = *p++;
		}
		char sep = *p;
		*w = '\0';
		if (sep != ',')
			return sep ? -1 : n;
		p++;
	}
}

struct csv_file {
	FILE *f;
	char *line;
	size_t cap;
	char *header_line;
	char *header[MAX_FIELDS];
	int n_header;
	char *field[MAX_FIELDS];
	int n_field;
	long lineno;
};

static int csv_open(struct csv_file *c, const char *path)
{
	memset(c, 0, sizeof(*c));
	c->f = fopen(path, "r");
	if (!c->f)
		return -1;
	if (getline(&c->line, &c->cap, c->f) < 0)
		return -1;
	c->header_line = strdup(c->line);
	if (!c->header_line)
		return -1;
	c->lineno = 1;
	c->n_header = csv_split(c->header_line, c->header, MAX_FIELDS);
	return c->n_header > 0 ? 0 : -1;
}

/* Next non-blank row; 1 when read, 0 at the end, -1 when malformed. */
static int csv_next(struct csv_file *c)
{
	while (getline(&c->line, &c->cap, c->f) >= 0) {
		c->lineno++;
		if (c->line[strspn(c->line, " \t\r\n")] == '\0')
			continue;
		c->n_field = csv_split(c->line, c->field, MAX_FIELDS);
		return c->n_field == c->n_header ? 1 : -1;
	}
	return 0;
}

/* The current row's value in column `name` ("" when the column is absent). */
static const char *csv_get(const struct csv_file *c, const char *name)
{
	for (int i = 0; i < c->n_header; i++)
		if (strcmp(c->header[i], name) == 0)
			return c->field[i];
	return "";
}

static void csv_close(struct csv_file *c)
{
	if (c->f)
		fclose(c->f);
	free(c->line);
	free(c->header_line);
}

/* ---- the seed harness ---- */

struct seed_case {
	char id[16], calc[48];
	char key[MAX_ARGS][24], val[MAX_ARGS][24];
	int n_args, used;
};

struct seed_cases {
	struct seed_case c[MAX_CASES];
	int n;
};

static int load_cases(struct seed_cases *sc, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];

	if (!f)
		return -1;
	sc->n = 0;
	while (fgets(line, sizeof(line), f)) {
		char *save = NULL, *tok = strtok_r(line, " \t\r\n", &save);
		if (!tok || tok[0] == '#')
			continue;
		if (sc->n == MAX_CASES)
			goto err;
		struct seed_case *k = &sc->c[sc->n++];
		memset(k, 0, sizeof(*k));
		snprintf(k->id, sizeof(k->id), "%s", tok);
		tok = strtok_r(NULL, " \t\r\n", &save);
		if (!tok)
			goto err;
		snprintf(k->calc, sizeof(k->calc), "%s", tok);
		while ((tok = strtok_r(NULL, " \t\r\n", &save))) {
			char *eq = strchr(tok, '=');
			if (!eq || k->n_args == MAX_ARGS)
				goto err;
			*eq = '\0';
			snprintf(k->key[k->n_args], sizeof(k->key[0]), "%s", tok);
			snprintf(k->val[k->n_args], sizeof(k->val[0]), "%s", eq + 1);
			k->n_args++;
		}
	}
	fclose(f);
	return 0;
err:
	fclose(f);
	return -1;
}

static const char *arg_str(const struct seed_case *k, const char *key)
{
	for (int i = 0; i < k->n_args; i++)
		if (strcmp(k->key[i], key) == 0)
			return k->val[i];
	return NULL;
}

/* A number, or a ratio "a/b"; NaN when absent or malformed (so a typo fails the row). */
static double arg_num(const struct seed_case *k, const char *key)
{
	const char *s = arg_str(k, key);
	char *end;

	if (!s)
		return (double)NAN;
	double v = strtod(s, &end);
	if (end == s)
		return (double)NAN;
	if (*end == '/') {
		const char *d = end + 1;
		double den = strtod(d, &end);
		if (end == d || den == 0)
			return (double)NAN;
		v /= den;
	}
	return *end ? (double)NAN : v;
}

static double arg_num_or(const struct seed_case *k, const char *key, double dflt)
{
	return arg_str(k, key) ? arg_num(k, key) : dflt;
}

static enum precision arg_prec(const struct seed_case *k, const char *key)
{
	enum precision p = PREC_COUNT;
	const char *s = arg_str(k, key);
	if (s && precision_parse(s, &p) != 0)
		p = PREC_COUNT;
	return s ? p : PREC_FP16;
}

/* The seeds' models and chips, from the rows' stated inputs (see tests/cases/seeds.txt). */
struct seed_world {
	struct model llama2_70b, gpt4, params_only;
	struct hardware a100, h100, tpuv4;
};

static void seed_world_init(struct seed_world *w)
{
	memset(w, 0, sizeof(*w));
	w->llama2_70b = (struct model){ .name = (char *)"llama2-70b", .params = 70e9, .layers = 80,
		.d_model = 8192, .heads = 64, .kv_heads = 8, .head_dim = 128, .experts = 1,
		.experts_per_token = 1 };
	/* GPT-4 as 001 describes it: 55e9 shared + 16 x 111e9 experts, 2 routed; 120 layers.
	 * The attention shape is not used at context 0 (the only context its rows use). */
	w->gpt4 = (struct model){ .name = (char *)"gpt4", .params = 55e9 + 16 * 111e9,
		.active_params = moe_active_params(55e9, 111e9, 2), .layers = 120,
		.d_model = 12288, .heads = 96, .kv_heads = 96, .head_dim = 128, .experts = 16,
		.experts_per_token = 2 };
	w->a100 = (struct hardware){ .name = (char *)"a100", .peak_tflops_16 = 312, .mem_gb = 80,
		.mem_bw_tbs = 2.0 };
	w->h100 = (struct hardware){ .name = (char *)"h100", .peak_tflops_16 = 989,
		.peak_tflops_8 = 1979, .mem_gb = 80, .mem_bw_tbs = 3.35 };
	w->tpuv4 = (struct hardware){ .name = (char *)"tpuv4", .peak_tflops_16 = 275,
		.mem_gb = 32, .mem_bw_tbs = 1.2 };
}

static const struct model *seed_model(struct seed_world *w, const struct seed_case *k)
{
	const char *s = arg_str(k, "model");
	if (!s) {
		double p = arg_num(k, "params");
		if (!(p > 0))
			return NULL;
		w->params_only = (struct model){ .name = (char *)"params-only", .params = p,
			.layers = 1, .d_model = 1, .heads = 1, .kv_heads = 1, .head_dim = 1,
			.experts = 1, .experts_per_token = 1 };
		return &w->params_only;
	}
	if (strcmp(s, "llama2-70b") == 0)
		return &w->llama2_70b;
	if (strcmp(s, "gpt4") == 0)
		return &w->gpt4;
	return NULL;
}

static const struct hardware *seed_hw(const struct seed_world *w, const struct seed_case *k)
{
	const char *s = arg_str(k, "hw");
	if (!s)
		return NULL;
	if (strcmp(s, "a100") == 0)
		return &w->a100;
	if (strcmp(s, "h100") == 0)
		return &w->h100;
	if (strcmp(s, "tpuv4") == 0)
		return &w->tpuv4;
	return NULL;
}

static int infer_field(const struct infer_result *r, const char *f, double *v)
{
	static const struct { const char *name; size_t off; } fields[] = {
#define F(x) { #x, offsetof(struct infer_result, x) }
		F(prefill_tok_s), F(ttft_s), F(tpot_s), F(decode_tok_s), F(throughput_tok_s),
		F(usd_per_1k_prompt), F(usd_per_1k_gen), F(weights_gb), F(kv_bytes_per_token),
		F(kv_gb_per_seq), F(mem_needed_gb),
#undef F
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++)
		if (strcmp(fields[i].name, f) == 0) {
			memcpy(v, (const char *)r + fields[i].off, sizeof(*v));
			return 0;
		}
	if (strcmp(f, "max_batch") == 0) {
		*v = (double)r->max_batch;
		return 0;
	}
	return -1;
}

static int train_field(const struct train_result *r, const char *f, double *v)
{
	if (strcmp(f, "train_flop") == 0)
		*v = r->train_flop;
	else if (strcmp(f, "gpu_hours") == 0)
		*v = r->gpu_hours;
	else if (strcmp(f, "days") == 0)
		*v = r->days;
	else if (strcmp(f, "usd") == 0)
		*v = r->usd;
	else if (strcmp(f, "state_gb") == 0)
		*v = r->state_gb;
	else if (strcmp(f, "min_gpus_for_state") == 0)
		*v = (double)r->min_gpus_for_state;
	else
		return -1;
	return 0;
}

static struct query_cost seed_query(const struct seed_case *k)
{
	return (struct query_cost){
		.prompt_words = arg_num(k, "prompt_words"),
		.answers = arg_num_or(k, "answers", 0),
		.answer_words = arg_num(k, "answer_words"),
		.tokens_per_word = arg_num(k, "tpw"),
		.usd_per_1k_tokens = arg_num(k, "usd_1k"),
		.cache_hit = arg_num(k, "cache_hit"),
		.gross_margin = arg_num(k, "margin"),
	};
}

/* Run one case; the value in the library's SI units, or NaN when the case is malformed. */
static double run_case(struct seed_world *w, const struct seed_case *k)
{
	const struct model *m = seed_model(w, k);
	const struct hardware *hw = seed_hw(w, k);
	const char *calc = k->calc;
	double v = (double)NAN;

	if (strncmp(calc, "infer.", 6) == 0) {
		struct infer_cfg c;
		struct infer_result r;
		infer_cfg_init(&c);
		c.model = m;
		c.hw = hw;
		c.gpus = (int)arg_num_or(k, "gpus", 1);
		c.batch = (long)arg_num_or(k, "batch", 1);
		c.prompt_tokens = (long)arg_num(k, "prompt");
		c.gen_tokens = (long)arg_num(k, "gen");
		c.precision = c.kv_precision = arg_prec(k, "prec");
		c.mfu = arg_num(k, "mfu");
		c.mbu = arg_num(k, "mbu");
		c.reserve_gb = arg_num_or(k, "reserve", 0);
		c.usd_per_gpu_hour = arg_num_or(k, "usd", 0);
		c.weights_only = (int)arg_num_or(k, "weights_only", 0);
		if (estimate_infer(&c, &r) != 0 || infer_field(&r, calc + 6, &v) != 0)
			return (double)NAN;
	} else if (strncmp(calc, "train.", 6) == 0) {
		struct train_cfg c = { .model = m, .hw = hw, .tokens = arg_num(k, "tokens"),
				       .gpus = (long)arg_num_or(k, "gpus", 0),
				       .mfu = arg_num_or(k, "mfu", 0),
				       .usd_per_gpu_hour = arg_num_or(k, "usd", 0) };
		struct train_result r;
		if (estimate_train(&c, &r) != 0 || train_field(&r, calc + 6, &v) != 0)
			return (double)NAN;
	} else if (strcmp(calc, "flops_per_token") == 0 && m) {
		v = flops_per_token(m, arg_num(k, "ctx"));
	} else if (strcmp(calc, "attn_flops_per_token") == 0 && m) {
		v = attn_flops_per_token(m, arg_num(k, "ctx"));
	} else if (strcmp(calc, "kv_bytes_per_token") == 0 && m) {
		v = kv_bytes_per_token(m, arg_prec(k, "kv"));
	} else if (strcmp(calc, "kv_bytes_per_seq") == 0 && m) {
		v = kv_bytes_per_token(m, arg_prec(k, "kv")) * arg_num(k, "tokens");
	} else if (strcmp(calc, "ridge_point") == 0 && hw) {
		v = ridge_point_flop_per_byte(hw, arg_prec(k, "prec"));
	} else if (strcmp(calc, "max_batch") == 0 && m && hw) {
		v = (double)max_batch_fit(m, hw, (int)arg_num(k, "gpus"), arg_prec(k, "prec"),
					  arg_prec(k, "prec"), arg_num(k, "seq"),
					  arg_num(k, "reserve"));
	} else if (strcmp(calc, "moe_active_params") == 0) {
		v = moe_active_params(arg_num(k, "shared"), arg_num(k, "per_expert"),
				      (int)arg_num(k, "k"));
	} else if (strcmp(calc, "moe_tokens_per_expert") == 0) {
		v = moe_tokens_per_expert(arg_num(k, "tokens"), (int)arg_num(k, "experts"),
					  (int)arg_num(k, "k"));
	} else if (strcmp(calc, "train_cost") == 0) {
		v = train_cost_usd(arg_num(k, "gpus"), arg_num(k, "days"), arg_num(k, "usd"));
	} else if (strcmp(calc, "weight_bytes_per_chip") == 0 && m) {
		v = weight_bytes_per_chip(m, arg_prec(k, "prec"), (int)arg_num(k, "tp"),
					  (int)arg_num(k, "pp"));
	} else if (strcmp(calc, "bandwidth_for_rate") == 0 && m) {
		v = bandwidth_for_rate(weight_bytes(m, arg_prec(k, "prec")), arg_num(k, "rate"));
	} else if (strcmp(calc, "node_cost") == 0 && m && hw) {
		v = node_usd_per_1k_tokens(arg_num(k, "node_usd"), (int)arg_num(k, "chips"),
					   hw_peak_flops(hw, PREC_FP16), arg_num(k, "mfu"),
					   flops_per_token(m, 0));
	} else if (strcmp(calc, "train_state_bytes") == 0) {
		v = train_state_bytes(arg_num(k, "params"));
	} else if (strcmp(calc, "llm_query") == 0) {
		struct query_cost q = seed_query(k);
		v = llm_query_cost_usd(&q);
	} else if (strcmp(calc, "search_summary") == 0) {
		struct query_cost q = seed_query(k);
		v = search_summary_cost_usd(&q, arg_num(k, "k"), arg_num(k, "result_words"));
	} else if (strcmp(calc, "search_revenue") == 0) {
		v = search_revenue_per_query_usd(arg_num(k, "revenue"), arg_num(k, "monthly"),
						 arg_num(k, "pen_then"), arg_num(k, "pen_now"));
	} else if (strcmp(calc, "chinchilla_param_term") == 0) {
		v = chinchilla_param_term(&CHINCHILLA_HOFFMANN, arg_num(k, "params"));
	} else if (strcmp(calc, "chinchilla_data_term") == 0) {
		v = chinchilla_data_term(&CHINCHILLA_HOFFMANN, arg_num(k, "tokens"));
	} else if (strcmp(calc, "kv_bytes_per_token_mha") == 0) {
		v = kv_bytes_per_token_mha((int)arg_num(k, "layers"), (int)arg_num(k, "d_model"),
					   arg_prec(k, "kv"));
	} else if (strcmp(calc, "weight_bytes") == 0 && m) {
		v = weight_bytes(m, arg_prec(k, "prec"));
	} else if (strcmp(calc, "tokens_per_word") == 0) {
		v = words_to_tokens(1, TOKENS_PER_WORD);
	}
	return v;
}

/* How many library units (bytes, bytes/s, ...) make one of the CSV's unit; 0 if unknown. */
static double unit_scale(const char *unit)
{
	static const struct { const char *unit; double scale; } units[] = {
		{ "FLOP", 1 }, { "byte", 1 }, { "MB", 1e6 }, { "GB", 1e9 }, { "TB", 1e12 },
		{ "TB/s", 1e12 }, { "token", 1 }, { "token/s", 1 }, { "s", 1 },
		{ "sequence", 1 }, { "param", 1 }, { "day", 1 }, { "USD", 1 }, { "loss", 1 },
		{ "GPU", 1 }, { "token per word", 1 }, { "USD per query", 1 },
		{ "USD per 1K tokens", 1 }, { "USD per 1K prompt tokens", 1 },
		{ "USD per 1K generated tokens", 1 },
	};
	for (size_t i = 0; i < sizeof(units) / sizeof(*units); i++)
		if (strcmp(units[i].unit, unit) == 0)
			return units[i].scale;
	return 0;
}

static void test_seed_numbers(void **state)
{
	(void)state;
	static struct seed_cases sc;
	struct seed_world w;
	struct csv_file csv;
	char path[512];
	int rows = 0, failures = 0, rc;

	assert_int_equal(load_cases(&sc, "tests/cases/seeds.txt"), 0);
	assert_true(sc.n > 0);
	seed_world_init(&w);
	ref_path(path, sizeof(path), "seed-numbers.csv");
	assert_int_equal(csv_open(&csv, path), 0);
	printf("seed numbers from %s\n", path);
	printf("%-6s %14s %14s %8s %6s  %s\n", "id", "computed", "expected", "err%", "tol%",
	       "unit");
	while ((rc = csv_next(&csv)) == 1) {
		const char *id = csv_get(&csv, "id");
		double expected = strtod(csv_get(&csv, "expected"), NULL);
		double tol = strtod(csv_get(&csv, "tolerance_pct"), NULL);
		double scale = unit_scale(csv_get(&csv, "unit"));
		struct seed_case *k = NULL;

		rows++;
		for (int i = 0; i < sc.n; i++)
			if (strcmp(sc.c[i].id, id) == 0)
				k = &sc.c[i];
		if (!k) {
			printf("%-6s FAIL: no case in tests/cases/seeds.txt\n", id);
			failures++;
			continue;
		}
		k->used++;
		if (scale == 0) {
			printf("%-6s FAIL: unknown unit \"%s\"\n", id, csv_get(&csv, "unit"));
			failures++;
			continue;
		}
		double got = run_case(&w, k) / scale;
		double err_pct = (got - expected) / expected * 100;
		/* tolerance 0 means exact (to rounding) */
		int ok = isfinite(got) && fabs(got - expected) <= fmax(tol / 100, 1e-12) * fabs(expected);
		printf("%-6s %14.6g %14.6g %+8.3f %6g  %s%s\n", id, got, expected, err_pct, tol,
		       csv_get(&csv, "unit"), ok ? "" : "  FAIL");
		failures += !ok;
	}
	assert_int_equal(rc, 0); /* no malformed row */
	csv_close(&csv);
	for (int i = 0; i < sc.n; i++)
		if (sc.c[i].used != 1) {
			printf("%s: case used %d times (not exactly one seed row)\n", sc.c[i].id,
			       sc.c[i].used);
			failures++;
		}
	printf("%d seed rows, %d failures\n", rows, failures);
	assert_true(rows >= 40);
	assert_int_equal(failures, 0);
}

/* The published measurements are checked by tests/test_calib.c. */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_precision),
		cmocka_unit_test(test_model_arithmetic),
		cmocka_unit_test(test_moe),
		cmocka_unit_test(test_infer_memory_bound),
		cmocka_unit_test(test_infer_decode_crossover),
		cmocka_unit_test(test_infer_closed_form_vs_loop),
		cmocka_unit_test(test_infer_precision),
		cmocka_unit_test(test_infer_moe),
		cmocka_unit_test(test_infer_batch_max),
		cmocka_unit_test(test_reserve_matches_seed_practice),
		cmocka_unit_test(test_infer_invalid),
		cmocka_unit_test(test_train),
		cmocka_unit_test(test_chinchilla),
		cmocka_unit_test(test_economics),
		cmocka_unit_test(test_seed_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
