/*
 * test_estimate_train.c - the training half of the estimator (gen/estimate_train.c): the
 * layout search, memory and recomputation, communication, the bubble, checkpoints and
 * failures on hand-computed cases with round constants, the directions each mechanism must
 * push with the shipped constants, and the configurations it refuses. Its error on the
 * published runs is tests/test_calib.c's.
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
#include "fixtures_chips.h"

/*
 * Training, toy on 64 toy chips, 1e12 tokens, sequences of 100, constants: eta_gemm 0.5,
 * attention at the GEMMs' efficiency, 100 element-wise passes at 5e11 B/s, 1e6-token steps,
 * network 0.1 x link = 1e10 B/s (toy_hw_linked has no net_gbs; domain 8, the default),
 * overlap 1, 1e-5 failures per GPU-hour, 1 h lost each (free checkpoints), links at 0.5 x 100
 * GB/s, no interleave, GEMM shapes ignored (m_half_ridge 0; test_train_gemm_shape has them):
 *   TP1 x PP1 x DP64, ZeRO-1: memory 4e9 (weights, gradients) + 16e9 / 64 (optimizer) +
 *     2 x 100 x 34 x 256 = 1.7408e6 (activations) + 0.5e9 + 5% of 10e9 (reserve) =
 *     5.2517408e9 B: fits, nothing recomputed;
 *   per token: GEMMs 6e9 / 5e13 = 1.2e-4 s, attention 3 x 2048 x 50 / 5e13 = 6.144e-9,
 *     element-wise 100 x 2 x 256 x 2 / 5e11 = 2.048e-7;
 *   DP: a step is 1e6 / 64 = 15625 tokens per GPU = 1.8783 s; reduce-scatter and all-gather
 *     2 x 2 x 1e9 x 63/64 / 1e10 = 0.39375 s hide under 2/3 of it;
 *   MFU = 0.5 x 1.2e-4 / (1.2e-4 + 6.144e-9 + 2.048e-7) x 1 / (1 + 64 x 1e-5).
 * Without overlap the DP traffic adds 0.39375 / 15625 = 2.52e-5 s per token.
 * TP2 (DP32): all-reduces 4 x 2 layers x 2 x 1/2 x 256 x 2 / 5e10 = 8.192e-8 s per token; DP
 *   traffic 2 x 2 x 5e8 x 31/32 / 1e10 = 0.19375 s over 31250 tokens = 6.2e-6 s per token.
 * PP2 (DP32): 312.5 micro-batches of one sequence, bubble 1 / (312.5 + 1); interleave 2:
 *   1 / (625 + 1); each token crosses one boundary: 2 x 256 x 2 / 5e10 = 2.048e-8 s.
 * Sequences of 4e5: activations 2 x 4e5 x 34 x 256 = 6.9632e9 B, room 10e9 - 1e9 - 4e9 -
 *   2.5e8 = 4.75e9: recompute (6.9632e9 - 4.75e9) / (6.9632e9 - 4.096e8) of the layers, which
 *   fills the chip to 10 GB exactly.
 */
static void test_train_hand(void **state)
{
	(void)state;
	struct calib k = CALIB_DEFAULT;
	struct train_cfg c = { .model = &toy, .hw = &toy_hw_linked, .tokens = 1e12, .gpus = 64,
			       .seq_tokens = 100, .calib = &k, .tp = 1, .pp = 1, .zero_stage = 1 };
	struct train_result r;

	k.train_eta_gemm = 0.5;
	k.attn_eta_frac = 1;
	k.train_nongemm_passes = 100;
	k.eta_mem = 0.5;
	k.node_gpus = 8;
	k.pp_interleave = 1;
	k.net_frac_of_link = 0.1;
	k.train_batch_tokens = 1e6;
	k.dp_overlap = 1;
	k.fail_per_gpu_hour = 1e-5;
	k.restart_h = 1;
	k.ckpt_gbs_per_gpu = 0; /* free checkpoints: the restart alone */
	k.eta_link = 0.5;
	k.t_allreduce_s = 0;
	k.act_bytes_d = 34;
	k.ckpt_bytes_d = 2;
	k.m_half_ridge = 0;
	assert_int_equal(estimate_train(&c, &r), 0);
	assert_int_equal(r.tp, 1);
	assert_int_equal(r.pp, 1);
	assert_int_equal(r.dp, 64);
	assert_int_equal(r.gpus_assumed, 0);
	assert_int_equal(r.fits, 1);
	CLOSE(r.recompute, 0);
	CLOSE(r.mem_gb_per_gpu, 5.2517408);
	double stage = 1.2e-4 + 6.144e-9 + 2.048e-7;
	CLOSE(r.compute_share, 1.2e-4 / stage);
	CLOSE(r.pipeline_busy, 1);
	CLOSE(r.goodput, 1 / (1 + 64 * 1e-5));
	CLOSE(r.mfu, 0.5 * 1.2e-4 / stage / (1 + 64 * 1e-5));
	CLOSE(r.gpu_hours, 6e21 / (1e14 * r.mfu) / 3600);
	CLOSE(r.days, r.gpu_hours / 64 / 24);
	assert_string_equal(r.layout, "TP1 x PP1 x DP64 = 64 GPUs (given)");

	/* checkpoints at 1 GB/s per chip: 20e9 B / 64e9 B/s = 0.3125 s each, failures every
	 * 3600 / 64e-5 = 5.625e6 s, Young's interval sqrt(2 x 0.3125 x 5.625e6) = 1875 s */
	k.ckpt_gbs_per_gpu = 1;
	assert_int_equal(estimate_train(&c, &r), 0);
	CLOSE(r.ckpt_interval_s, 1875);
	CLOSE(r.goodput, 1 / (1 + sqrt(2 * 0.3125 / 5.625e6) + 3600 / 5.625e6));
	k.ckpt_gbs_per_gpu = 0;

	k.dp_overlap = 0;
	assert_int_equal(estimate_train(&c, &r), 0);
	CLOSE(r.compute_share, 1.2e-4 / (stage + 2 * 2 * 1e9 * 63.0 / 64 / 1e10 / 15625));

	c.tp = 2;
	assert_int_equal(estimate_train(&c, &r), 0);
	assert_int_equal(r.dp, 32);
	CLOSE(r.compute_share, 0.6e-4 / (stage / 2 + 8.192e-8 + 6.2e-6));

	/* the search: the best of the layouts it may force */
	double best = 0;
	for (long tp = 1; tp <= 4; tp *= 2)
		for (long pp = 1; pp <= 2; pp *= 2)
			for (int z = 1; z <= 3; z += 2) {
				c.tp = tp;
				c.pp = pp;
				c.zero_stage = z;
				assert_int_equal(estimate_train(&c, &r), 0);
				best = fmax(best, r.mfu);
			}
	c.tp = c.pp = c.zero_stage = 0;
	assert_int_equal(estimate_train(&c, &r), 0);
	CLOSE(r.mfu, best);
	k.dp_overlap = 1;

	/* pipeline: bubble and boundary traffic */
	c.tp = 1;
	c.pp = 2;
	c.zero_stage = 1;
	assert_int_equal(estimate_train(&c, &r), 0);
	assert_int_equal(r.dp, 32);
	CLOSE(r.microbatches, 312.5);
	CLOSE(r.pipeline_busy, 1 - 1 / (312.5 + 1));
	CLOSE(r.compute_share, 0.6e-4 / (stage / 2 + 2.048e-8));
	k.pp_interleave = 2;
	assert_int_equal(estimate_train(&c, &r), 0);
	CLOSE(r.pipeline_busy, 1 - 1 / (625.0 + 1));

	/* a given global batch caps data parallelism: 1600 tokens = 16 sequences */
	c.pp = 1;
	c.batch_tokens = 1600;
	assert_int_equal(estimate_train(&c, &r), 0);
	assert_int_equal(r.dp, 16);
	CLOSE(r.goodput, 16.0 / 64 / (1 + 64 * 1e-5));
	c.batch_tokens = 0;

	/* recomputation: the share of layers that makes the activations fit */
	c.seq_tokens = 4e5;
	assert_int_equal(estimate_train(&c, &r), 0);
	CLOSE(r.recompute, (6.9632e9 - 4.75e9) / (6.9632e9 - 4.096e8));
	CLOSE(r.mem_gb_per_gpu, 10);
	assert_int_equal(r.fits, 1);
	double mfu_part = r.mfu;
	c.full_recompute = 1;
	assert_int_equal(estimate_train(&c, &r), 0);
	CLOSE(r.recompute, 1);
	assert_true(r.mfu < mfu_part);
	c.full_recompute = 0;
	c.seq_tokens = 100;

	/* forced layouts out of range are refused with a reason */
	c.zero_stage = 2;
	assert_string_equal(train_cfg_problem(&c), "zero_stage must be 0 (searched), 1 or 3");
	c.zero_stage = 1;
	c.tp = -1;
	assert_string_equal(train_cfg_problem(&c), "tp and pp must be 0 (searched) or a chip count");
	c.tp = 4;
	c.pp = 2;
	assert_null(train_cfg_problem(&c)); /* 64 chips: TP4 x PP2 x DP8 */
	c.gpus = 4;
	assert_string_equal(train_cfg_problem(&c), "tp x pp must not exceed gpus");
	c.gpus = 64;
	c.tp = 8; /* the toy has 4 heads and 2 layers */
	assert_string_equal(train_cfg_problem(&c), "tp must divide the model's heads");
	c.tp = 3;
	assert_string_equal(train_cfg_problem(&c), "tp must divide the model's heads");
	c.tp = 1;
	c.pp = 4;
	assert_string_equal(train_cfg_problem(&c), "pp must not exceed the model's layers");
	c.pp = 1;

	/* a model too big for the chips: the layout closest to fitting, flagged */
	struct model huge = toy;
	huge.params = 1e12;
	c.model = &huge;
	c.tp = c.pp = c.zero_stage = 0;
	assert_int_equal(estimate_train(&c, &r), 0);
	assert_int_equal(r.fits, 0);
	assert_non_null(strstr(r.layout, "does not fit"));
	c.model = &toy;

	/* no cluster given: the power of two that takes about CALIB_TRAIN_DAYS */
	c.gpus = 0;
	k = CALIB_DEFAULT;
	assert_int_equal(estimate_train(&c, &r), 0);
	assert_int_equal(r.gpus_assumed, 1);
	double days = r.gpu_hours / (double)r.gpus_used / 24;
	assert_true(days <= CALIB_TRAIN_DAYS * 1.05 && days > CALIB_TRAIN_DAYS / 2.0 / 1.05);
	assert_non_null(strstr(r.layout, "assumed"));
}

/*
 * GEMM shapes. A model whose every layer is d_model 256, 4 heads of 64 (QKV 768 wide, output
 * 256) and a gated FFN of width 256 (2 layers of 256 x 1024 + 3 x 256 x 256 = 458752 params),
 * sequences of 256, on the toy chip at eta_flop_16 0.5 and eta_mem 0.5: achievable ridge
 * 1e14 x 0.5 / 5e11 = 100 FLOP/byte, half efficiency there (m_half_ridge 1). A GEMM m x k x n
 * has intensity m k n / (m k + k n + m n):
 *   TP1: QKV (256, 256, 768) 768/7, output and FFN out (256, 256, 256) 256/3, FFN in
 *        (256, 256, 512) 512/5;
 *   TP2: QKV (256, 256, 384) 96, output and FFN out (256, 128, 256) 64, FFN in 256/3;
 * each efficiency i / (i + 100), averaged over time with FLOP weights 196608 (QKV), 65536
 * (output), 131072 (FFN in), 65536 (FFN out).
 */
static double shape_mean(double qkv, double o, double fin, double fout)
{
	double e[4] = { qkv / (qkv + 100), o / (o + 100), fin / (fin + 100), fout / (fout + 100) };
	double w[4] = { 196608, 65536, 131072, 65536 };
	return 458752 / (w[0] / e[0] + w[1] / e[1] + w[2] / e[2] + w[3] / e[3]);
}

static void test_train_gemm_shape(void **state)
{
	(void)state;
	struct model sq = toy;
	sq.params = 917504;
	sq.kv_heads = 4;
	struct calib k = CALIB_DEFAULT;
	struct train_cfg c = { .model = &sq, .hw = &toy_hw_linked, .tokens = 1e9, .gpus = 8,
			       .seq_tokens = 256, .calib = &k, .tp = 1, .pp = 1, .zero_stage = 1 };
	struct train_result r;

	k.train_eta_gemm = 0.5;
	k.eta_flop_16 = 0.5;
	k.eta_mem = 0.5;
	k.m_half_ridge = 1;
	assert_int_equal(estimate_train(&c, &r), 0);
	CLOSE(r.eta_gemm, 0.5 * shape_mean(768.0 / 7, 256.0 / 3, 512.0 / 5, 256.0 / 3));
	c.tp = 2;
	assert_int_equal(estimate_train(&c, &r), 0);
	CLOSE(r.eta_gemm, 0.5 * shape_mean(96, 64, 256.0 / 3, 64));
	/* longer sequences (more tokens per GEMM) approach the ideal shape from below */
	c.seq_tokens = 4096;
	assert_int_equal(estimate_train(&c, &r), 0);
	double long_seq = r.eta_gemm;
	assert_true(long_seq > 0.5 * shape_mean(96, 64, 256.0 / 3, 64) && long_seq < 0.5);
	/* a chip with twice the FLOP/s per byte (the ridge doubles) runs the same GEMMs worse */
	struct hardware fast = toy_hw_linked;
	fast.peak_tflops_16 = 200;
	c.hw = &fast;
	assert_int_equal(estimate_train(&c, &r), 0);
	assert_true(r.eta_gemm < long_seq);
	c.hw = &toy_hw_linked;
	/* an expert GEMM sees only topk / E of the expert-parallel group's tokens: the mixture
	 * of experts' GEMMs run below the same-width dense model's */
	struct model moe = toy_moe, dense = toy_moe;
	dense.params = 12e9;
	dense.experts = dense.experts_per_token = 1;
	dense.active_params = 0;
	c.model = &dense;
	c.tp = 1;
	c.gpus = 2;
	c.seq_tokens = 256;
	assert_int_equal(estimate_train(&c, &r), 0);
	double eta_dense = r.eta_gemm;
	c.model = &moe;
	assert_int_equal(estimate_train(&c, &r), 0);
	assert_true(r.eta_gemm < eta_dense);
	/* without the shape term (m_half_ridge 0) the GEMMs run at train_eta_gemm exactly */
	k.m_half_ridge = 0;
	assert_int_equal(estimate_train(&c, &r), 0);
	CLOSE(r.eta_gemm, 0.5);
}

/* Directions of the training mechanisms with the shipped constants. */
static void test_train_directions(void **state)
{
	(void)state;
	static const struct model m7 = {
		.name = (char *)"7b", .params = 6.7e9, .layers = 32, .d_model = 4096, .heads = 32,
		.kv_heads = 32, .head_dim = 128, .experts = 1, .experts_per_token = 1,
	};
	static const struct model m65 = {
		.name = (char *)"65b", .params = 65.2e9, .layers = 80, .d_model = 8192, .heads = 64,
		.kv_heads = 64, .head_dim = 128, .experts = 1, .experts_per_token = 1,
	};
	struct train_cfg c = { .model = &m7, .hw = &meas_chips[0], .tokens = 1e12, .gpus = 1024,
			       .seq_tokens = 2048 };
	struct train_result r7, r65, rh, rbig, rlong;

	assert_int_equal(estimate_train(&c, &r7), 0);
	c.model = &m65;
	assert_int_equal(estimate_train(&c, &r65), 0);
	/* a wider model spends a smaller share of its time in element-wise work */
	assert_true(r65.compute_share > r7.compute_share * 0.95);
	c.model = &m7;
	c.hw = &meas_chips[2]; /* H100: more FLOPs per byte */
	assert_int_equal(estimate_train(&c, &rh), 0);
	assert_true(rh.mfu < r7.mfu);
	c.gpus = 16384;
	assert_int_equal(estimate_train(&c, &rbig), 0);
	assert_true(rbig.goodput < rh.goodput);
	/* longer sequences: more attention per token (on 64 GPUs both fill 4M-token steps) */
	c.gpus = 64;
	assert_int_equal(estimate_train(&c, &rh), 0);
	c.seq_tokens = 8192;
	assert_int_equal(estimate_train(&c, &rlong), 0);
	assert_true(rlong.mfu < rh.mfu);
	c.seq_tokens = -1;
	assert_string_equal(train_cfg_problem(&c), "seq_tokens must be 0 (the rule) or more");
	c.seq_tokens = 8192;
	/* attention that materialises its scores is slower; 8-bit GEMMs are faster */
	c.seq_tokens = 2048;
	c.gpus = 1024;
	assert_int_equal(estimate_train(&c, &rh), 0);
	c.unfused_attention = 1;
	assert_int_equal(estimate_train(&c, &rlong), 0);
	assert_true(rlong.mfu < rh.mfu);
	c.unfused_attention = 0;
	c.fp8 = 1;
	assert_int_equal(estimate_train(&c, &rlong), 0);
	assert_true(rlong.mfu > rh.mfu);
	c.fp8 = 0;
	/* tensor parallelism stays inside the link domain: 8 by default, wider on a pod */
	struct hardware pod = meas_chips[2];
	c.model = &m65;
	c.gpus = 4096;
	for (int i = 0; i < 2; i++) {
		pod.domain_chips = i ? 64 : 0;
		c.hw = &pod;
		c.tp = 16;
		c.zero_stage = 1;
		assert_int_equal(estimate_train(&c, &rh), 0);
		assert_int_equal(rh.tp, 16); /* forced, evaluated as asked */
		c.tp = c.zero_stage = 0;
		assert_int_equal(estimate_train(&c, &rh), 0);
		assert_true(rh.tp <= (i ? 64 : 8));
	}
	/* tensor parallelism splits whole heads: 52 heads allow 1, 2 or 4 ways, never 8 */
	struct model m52 = m65;
	m52.heads = m52.kv_heads = 52;
	c.hw = &meas_chips[2];
	c.model = &m52;
	c.gpus = 4096;
	for (long g = 64; g <= 16384; g *= 4) {
		c.gpus = g;
		assert_int_equal(estimate_train(&c, &rh), 0);
		assert_int_equal(52 % rh.tp, 0);
	}
	c.model = &m7;
	/* an explicit MFU keeps the plain arithmetic */
	c.mfu = 0.4;
	assert_int_equal(estimate_train(&c, &r7), 0);
	CLOSE(r7.gpu_hours, 6 * 6.7e9 * 1e12 / (989e12 * 0.4) / 3600);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_train_hand),
		cmocka_unit_test(test_train_gemm_shape),
		cmocka_unit_test(test_train_directions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
