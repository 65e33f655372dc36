/*
 * fixtures_model.h - estimator fixtures: the toy model and chip of the hand-computed cases and
 * the models that tests/test_estimate.c, tests/test_calib.c and tests/test_plan.c share, so
 * that a hand computation in one test and a direction checked in another speak of the same
 * machine. The arithmetic each test does with them stays in that test's comments. The real
 * chips are in tests/fixtures_chips.h, the comparison helpers in tests/fixtures.h.
 *
 * Header-only data: every fixture is a static const struct, which an includer that does not use
 * it builds without a warning.
 */
#ifndef LLMCOST_TESTS_FIXTURES_MODEL_H
#define LLMCOST_TESTS_FIXTURES_MODEL_H

#include "model.h"

/* The toy of the hand-computed cases: 1e9 params, 2 layers, d_model 256 (4 heads of 64), 2 KV
 * heads. Attention 4 x 64 x 4 x 2 = 2048 FLOPs per token of context; KV 2 x 2 layers x 2 KV
 * heads x 64 x 2 bytes = 1024 bytes per token at 16 bits. */
static const struct model toy = {
	.name = (char *)"toy", .params = 1e9, .layers = 2, .d_model = 256, .heads = 4,
	.kv_heads = 2, .head_dim = 64, .experts = 1, .experts_per_token = 1,
};

/* The toy chip: 100 TFLOPS 16-bit, 200 TFLOPS 8-bit, 10 GB, 1 TB/s, links unknown (the
 * estimator assumes CALIB_LINK_UNKNOWN_GBS): the chip of tests/test_estimate.c's cases. */
static const struct hardware toy_hw_nolink = {
	.name = (char *)"toy-chip", .peak_tflops_16 = 100, .peak_tflops_8 = 200, .mem_gb = 10,
	.mem_bw_tbs = 1,
};

/* The toy chip with 100 GB/s links: the chip of the cases that count the traffic between
 * chips (tests/test_calib.c, tests/test_plan.c). */
static const struct hardware toy_hw_linked = {
	.name = (char *)"toy-chip", .peak_tflops_16 = 100, .peak_tflops_8 = 200, .mem_gb = 10,
	.mem_bw_tbs = 1, .link_gbs = 100,
};

/* The toy as a mixture of experts: 42e9 params, 12e9 active, 8 experts, 2 per token, so one
 * expert is (42 - 12) / (8 - 2) = 5e9 params and the shared part 2e9. */
static const struct model toy_moe = {
	.name = (char *)"toy-moe", .params = 42e9, .active_params = 12e9, .layers = 2,
	.d_model = 256, .heads = 4, .kv_heads = 2, .head_dim = 64, .experts = 8,
	.experts_per_token = 2,
};

/* A 7B model of the LLaMA-2 shape (6.74e9 params, 32 layers of 32 heads of 128). */
static const struct model llama7 = {
	.name = (char *)"7b", .params = 6.74e9, .layers = 32, .d_model = 4096, .heads = 32,
	.kv_heads = 32, .head_dim = 128, .experts = 1, .experts_per_token = 1,
};

#endif
