/*
 * estimate.c - the estimator: pure arithmetic from a model, a chip and a configuration to
 * FLOPs, bytes, seconds and dollars.
 *
 * Serving has two models. Given explicit efficiencies (mfu/mbu, the seeds' arithmetic) it is
 * a plain roofline on g chips split ideally by tensor parallelism: every phase takes the longer
 * of its compute time (FLOPs / (g x peak x MFU)) and its memory time (bytes read / (g x
 * bandwidth x MBU)); decode step t (context prompt + t) reads the weights plus the batch's KV
 * cache, and the mean step over the generation is summed in closed form (sum_max_linear).
 * Without them it is the calibrated model (infer_calibrated, README "Efficiencies"): kernels
 * run one after the other, so a step is the sum of the weight GEMMs (read-bound or compute-
 * bound, with an efficiency that rises with the tokens in the step), attention (KV reads,
 * prompt FLOPs), element-wise work, a per-layer overhead and tensor-parallel all-reduces, with
 * pipeline stages, serving modes (static, continuous, chunked, disaggregated) and speculative
 * decoding on top; the constants are those of calib.h. Mixture-of-experts models compute with
 * their active parameters, hold all of them, and read per step the shared part plus the
 * experts their tokens are expected to touch.
 *
 * Training is in estimate_train.c.
 *
 * Nothing here does I/O, allocates or keeps state; invalid input gives -1 (or a reason string
 * from *_cfg_problem), never a silent inf or NaN. One estimate takes under 100 ns.
 */
#include "estimate.h"

#include "calib.h"
#include "estimate_int.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>


const struct chinchilla CHINCHILLA_HOFFMANN = { 1.69, 406.4, 410.7, 0.34, 0.28 };

static const char *const precision_names[PREC_COUNT] = { "fp16", "bf16", "fp8", "int8", "int4" };
static const double precision_byte_counts[PREC_COUNT] = { 2, 2, 1, 1, 0.5 };

static int precision_ok(enum precision p)
{
	return (int)p >= 0 && p < PREC_COUNT;
}

double precision_bytes(enum precision p)
{
	return precision_ok(p) ? precision_byte_counts[p] : -1;
}

const char *precision_name(enum precision p)
{
	return precision_ok(p) ? precision_names[p] : "?";
}

/* Case-insensitive, ASCII only (no locale): "BF16" and "bf16" both parse. */
int precision_parse(const char *s, enum precision *out)
{
	if (!s)
		return -1;
	for (int p = 0; p < PREC_COUNT; p++) {
		const char *a = s, *b = precision_names[p];
		while (*a && *b) {
			char ca = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
			if (ca != *b)
				break;
			a++;
			b++;
		}
		if (!*a && !*b) {
			if (out)
				*out = (enum precision)p;
			return 0;
		}
	}
	return -1;
}

/* ---- model arithmetic ---- */

double model_active_params(const struct model *m)
{
	return m->active_params > 0 ? m->active_params : m->params;
}

double attn_flops_per_token(const struct model *m, double context_tokens)
{
	return 4.0 * context_tokens * m->head_dim * m->heads * m->layers;
}

double flops_per_token(const struct model *m, double context_tokens)
{
	return 2.0 * model_active_params(m) + attn_flops_per_token(m, context_tokens);
}

double weight_bytes(const struct model *m, enum precision p)
{
	return m->params * precision_bytes(p);
}

double kv_bytes_per_token(const struct model *m, enum precision kv)
{
	return 2.0 * m->layers * m->kv_heads * m->head_dim * precision_bytes(kv);
}

double kv_bytes_per_token_mha(int layers, int d_model, enum precision kv)
{
	if (layers < 0 || d_model < 0 || !precision_ok(kv))
		return -1;
	return 2.0 * layers * d_model * precision_bytes(kv);
}

double weight_bytes_per_chip(const struct model *m, enum precision p, int tensor_ways,
			     int pipeline_ways)
{
	if (!m || tensor_ways < 1 || pipeline_ways < 1 || !precision_ok(p))
		return -1;
	return weight_bytes(m, p) / ((double)tensor_ways * pipeline_ways);
}

/* ---- mixture of experts ---- */

double moe_tokens_per_expert(double batch_tokens, int experts, int experts_per_token)
{
	if (experts < 1 || experts_per_token < 0 || batch_tokens < 0)
		return -1;
	return batch_tokens * experts_per_token / experts;
}

/*
 * Each token picks k of E experts, so a given expert is missed by one token with probability
 * 1 - k/E and by all of them with (1 - k/E)^tokens; the expected number touched is E times the
 * complement. expm1/log1p keep it accurate for small k/E and large token counts; past
 * e^-40 (< 2^-53) the complement is exactly 1 in double, so exp (slow when it underflows) is
 * skipped.
 */
static double touched_fraction(double batch_tokens, double log_miss_one)
{
	double x = batch_tokens * log_miss_one;
	return x < -40 ? 1.0 : -expm1(x);
}

double moe_experts_touched(double batch_tokens, int experts, int experts_per_token)
{
	if (experts < 1 || experts_per_token < 0 || experts_per_token > experts ||
	    !(batch_tokens >= 0))
		return -1;
	if (batch_tokens == 0 || experts_per_token == 0)
		return 0;
	if (experts_per_token == experts)
		return experts;
	return experts * touched_fraction(batch_tokens,
					  log1p(-(double)experts_per_token / experts));
}

double moe_active_params(double shared, double per_expert, int experts_per_token)
{
	if (shared < 0 || per_expert < 0 || experts_per_token < 0)
		return -1;
	return shared + experts_per_token * per_expert;
}

static int model_is_moe(const struct model *m)
{
	return m->experts > 1 && m->experts_per_token >= 1 &&
	       m->experts_per_token < m->experts && model_active_params(m) < m->params;
}

/*
 * params = shared + E x expert and active = shared + k x expert give expert = (params -
 * active) / (E - k). Tables that round their figures can make shared slightly negative: it is
 * then taken as 0 and the experts hold everything.
 */
void moe_split(const struct model *m, double *shared_params, double *expert_params)
{
	double shared = m->params, expert = 0;

	if (model_is_moe(m)) {
		expert = (m->params - model_active_params(m)) /
			 (m->experts - m->experts_per_token);
		shared = m->params - m->experts * expert;
		if (shared < 0) {
			shared = 0;
			expert = m->params / m->experts;
		}
	}
	if (shared_params)
		*shared_params = shared;
	if (expert_params)
		*expert_params = expert;
}

/* Bytes a step over tokens reads from a mixture of experts split into shared params and e
 * experts of expert params each, log_miss = log(1 - k / e), at b bytes per param. */
static double moe_step_bytes(double shared, double e, double expert, double log_miss, double b,
			     double tokens)
{
	return (shared + e * touched_fraction(tokens, log_miss) * expert) * b;
}

/* Bytes read by steps over tokens_a and tokens_b tokens (prefill and decode share the split
 * and the logarithm, which is most of the cost of an MoE estimate). */
static void moe_reads(const struct model *m, enum precision p, double tokens_a, double tokens_b,
		      double *bytes_a, double *bytes_b)
{
	double shared, expert, b = precision_bytes(p);

	if (!model_is_moe(m)) {
		*bytes_a = *bytes_b = m->params * b;
		return;
	}
	moe_split(m, &shared, &expert);
	double e = m->experts, log_miss = log1p(-(double)m->experts_per_token / m->experts);
	*bytes_a = moe_step_bytes(shared, e, expert, log_miss, b, tokens_a);
	*bytes_b = moe_step_bytes(shared, e, expert, log_miss, b, tokens_b);
}

double moe_weight_bytes_read(const struct model *m, enum precision p, double batch_tokens)
{
	double bytes, unused;

	if (!(batch_tokens >= 0))
		return -1;
	moe_reads(m, p, batch_tokens, batch_tokens, &bytes, &unused);
	return bytes;
}

/* ---- hardware and memory ---- */

double hw_peak_flops(const struct hardware *hw, enum precision p)
{
	/* 8-bit math only where the chip has it; int4 and weight-only quantisation on a chip
	 * without 8-bit tensor cores compute at the 16-bit rate. */
	if ((p == PREC_FP8 || p == PREC_INT8) && hw->peak_tflops_8 > 0)
		return hw->peak_tflops_8 * TERA;
	return hw->peak_tflops_16 * TERA;
}

double ridge_point_flop_per_byte(const struct hardware *hw, enum precision p)
{
	if (!hw || !(hw->mem_bw_tbs > 0) || !(hw->peak_tflops_16 > 0) || !precision_ok(p))
		return -1;
	return hw_peak_flops(hw, p) / (hw->mem_bw_tbs * TERA);
}

double default_reserve_gb(const struct hardware *hw)
{
	return CALIB_RESERVE_BASE_GB + CALIB_RESERVE_FRAC * hw->mem_gb;
}

/* floor(free / per_seq) clamped to [0, 1e15] so it always fits a long. */
static long batch_that_fits(double free_gb, double per_seq_gb)
{
	if (!(free_gb > 0) || !(per_seq_gb > 0))
		return 0;
	double b = floor(free_gb / per_seq_gb);
	return b > 1e15 ? (long)1e15 : (long)b;
}

const char *model_problem(const struct model *m)
{
	if (!m)
		return "no model";
	if (!(m->params > 0) || !isfinite(m->params))
		return "params must be a positive number";
	if (!(m->active_params >= 0) || m->active_params > m->params)
		return "active_params must be between 0 and params";
	if (m->layers < 1 || m->heads < 1 || m->kv_heads < 1 || m->head_dim < 1)
		return "layers, heads, kv_heads and head_dim must be at least 1";
	if (m->experts > 1 && (m->experts_per_token < 1 || m->experts_per_token > m->experts))
		return "experts_per_token must be between 1 and experts";
	return NULL;
}

static const char *hardware_problem(const struct hardware *hw)
{
	if (!hw)
		return "no hardware";
	if (!(hw->peak_tflops_16 > 0) || !isfinite(hw->peak_tflops_16) ||
	    !(hw->peak_tflops_8 >= 0) || !isfinite(hw->peak_tflops_8))
		return "peak_tflops must be positive";
	if (!(hw->mem_gb > 0) || !isfinite(hw->mem_gb))
		return "mem_gb must be positive";
	if (!(hw->mem_bw_tbs > 0) || !isfinite(hw->mem_bw_tbs))
		return "mem_bw_tbs must be positive";
	return NULL;
}

long max_batch_fit(const struct model *m, const struct hardware *hw, int gpus,
		   enum precision p, enum precision kv, double seq_tokens, double reserve_gb)
{
	if (model_problem(m) || hardware_problem(hw) || gpus < 1 || !precision_ok(p) ||
	    !precision_ok(kv) || !(seq_tokens > 0) || isnan(reserve_gb))
		return -1;
	if (reserve_gb < 0)
		reserve_gb = default_reserve_gb(hw);
	double free_gb = gpus * (hw->mem_gb - reserve_gb) - weight_bytes(m, p) / GB;
	return batch_that_fits(free_gb, kv_bytes_per_token(m, kv) * seq_tokens / GB);
}

double bandwidth_for_rate(double weight_bytes_, double tokens_s)
{
	if (!(weight_bytes_ >= 0) || !(tokens_s >= 0) || !isfinite(weight_bytes_ * tokens_s))
		return -1;
	return weight_bytes_ * tokens_s;
}

int hw_domain_chips(const struct hardware *hw)
{
	return hw && hw->domain_chips > 0 ? hw->domain_chips : CALIB_NODE_GPUS;
}

/* ---- inference ---- */

void infer_cfg_init(struct infer_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->gpus = 1;
	c->batch = 1;
	c->prompt_tokens = 512;
	c->gen_tokens = 512;
	c->precision = PREC_BF16;
	c->kv_precision = PREC_BF16;
	c->mfu = 0;
	c->mbu = 0;
	c->reserve_gb = -1;
	c->usd_per_gpu_hour = 0;
	c->weights_only = 0;
}

static const char *const serve_mode_names[SERVE_MODE_COUNT] = { "static", "continuous",
								   "chunked", "disagg" };

const char *serve_mode_name(enum serve_mode m)
{
	return (int)m >= 0 && m < SERVE_MODE_COUNT ? serve_mode_names[m] : "?";
}

int serve_mode_parse(const char *s, enum serve_mode *out)
{
	for (int i = 0; s && i < SERVE_MODE_COUNT; i++)
		if (strcmp(s, serve_mode_names[i]) == 0) {
			if (out)
				*out = (enum serve_mode)i;
			return 0;
		}
	return -1;
}

/* The serving options beyond static tensor parallelism, or NULL when they are consistent. */
static const char *serving_problem(const struct infer_cfg *c)
{
	int pp = c->pipeline_ways > 1 ? c->pipeline_ways : 1;
	int extras = c->mode != SERVE_STATIC || pp > 1 || c->draft;

	if ((int)c->mode < 0 || c->mode >= SERVE_MODE_COUNT)
		return "unknown serving mode";
	if (c->pipeline_ways < 0 || c->gpus % pp != 0)
		return "pipeline ways must divide gpus";
	if (c->model && pp > c->model->layers)
		return "pipeline ways must not exceed the model's layers";
	if (c->chunk_tokens < 0 || c->prefill_gpus < 0)
		return "chunk tokens and prefill gpus must be 0 (default) or more";
	if (c->expert_ways < 0 || (c->expert_ways > 1 && (c->gpus / pp) % c->expert_ways != 0))
		return "expert ways must divide the chips of a pipeline stage";
	extras |= c->expert_ways > 1;
	if (c->draft) {
		const char *why = model_problem(c->draft);
		if (why)
			return why;
		if (c->spec_tokens < 1)
			return "speculative decoding needs spec_tokens of 1 or more";
		if (!(c->accept_rate >= 0 && c->accept_rate <= 1))
			return "accept_rate must be between 0 and 1";
	}
	if (extras && (c->mfu > 0 || c->mbu > 0))
		return "serving modes, pipelines and speculative decoding need the calibrated "
		       "model (no mfu/mbu)";
	return NULL;
}

const char *infer_cfg_problem(const struct infer_cfg *c)
{
	const char *why;

	if (!c)
		return "no configuration";
	if ((why = model_problem(c->model)) || (why = hardware_problem(c->hw)))
		return why;
	if (c->gpus < 1)
		return "gpus must be at least 1";
	if (c->batch < 0)
		return "batch must be 0 (max) or more";
	if (c->prompt_tokens < 1 || c->gen_tokens < 1)
		return "prompt and gen must be at least 1 token";
	if (!precision_ok(c->precision) || !precision_ok(c->kv_precision))
		return "unknown precision";
	if (!(c->mfu >= 0 && c->mfu <= 1) || !(c->mbu >= 0 && c->mbu <= 1))
		return "mfu and mbu must be between 0 and 1";
	if (isnan(c->reserve_gb) || c->reserve_gb >= c->hw->mem_gb)
		return "reserve_gb must be less than the chip's memory";
	if (!(c->usd_per_gpu_hour >= 0) || !isfinite(c->usd_per_gpu_hour))
		return "usd_per_gpu_hour must be 0 or more";
	return serving_problem(c);
}

/*
 * The efficiencies of the plain roofline, used when the user gives mfu or mbu (the seeds'
 * arithmetic): the one not given takes its headline calibrated constant. With neither given,
 * estimate_infer uses the calibrated model (infer_calibrated) instead.
 */
static void pick_efficiency(const struct infer_cfg *c, double *mfu, double *mbu)
{
	*mfu = c->mfu > 0 ? c->mfu : CALIB_MFU_PREFILL;
	*mbu = c->mbu > 0 ? c->mbu : CALIB_MBU_DECODE;
}

/* Sum over integer t in [a, b] of c0 + c1 (p + t); 0 when the range is empty. */
static double sum_linear(double c0, double c1, double p, double a, double b)
{
	double n = b - a + 1;

	if (n <= 0)
		return 0;
	return n * (c0 + c1 * p) + c1 * (a + b) * n / 2;
}

/*
 * Sum over t = 0 .. g-1 of max(cc0 + cc1 x, mc0 + mc1 x) with x = p + t. The difference of
 * two lines changes sign once, at t* = -(cc0 - mc0) / (cc1 - mc1) - p: each side of it is an
 * arithmetic series.
 */
static double sum_max_linear(double cc0, double cc1, double mc0, double mc1, double p, double g)
{
	double d0 = cc0 - mc0, d1 = cc1 - mc1, last = g - 1, split;

	if (d1 == 0)
		return d0 > 0 ? sum_linear(cc0, cc1, p, 0, last) : sum_linear(mc0, mc1, p, 0, last);
	double t_star = -d0 / d1 - p;
	if (d1 > 0) {
		/* compute is the larger from ceil(t*) on */
		split = ceil(t_star);
		split = split < 0 ? 0 : split > g ? g : split;
		return sum_linear(mc0, mc1, p, 0, split - 1) + sum_linear(cc0, cc1, p, split, last);
	}
	/* compute is the larger up to floor(t*) */
	split = floor(t_star) + 1;
	split = split < 0 ? 0 : split > g ? g : split;
	return sum_linear(cc0, cc1, p, 0, split - 1) + sum_linear(mc0, mc1, p, split, last);
}

/* ---- the calibrated serving model ---- */

const struct calib CALIB_DEFAULT = {
	.eta_flop_16 = CALIB_MFU_PREFILL,
	.eta_flop_8 = CALIB_ETA_FLOP_8,
	.eta_mem = CALIB_MBU_DECODE,
	.m_half_ridge = CALIB_M_HALF_RIDGE,
	.t_layer_s = CALIB_T_LAYER_S,
	.nongemm_passes = CALIB_NONGEMM_PASSES,
	.attn_eta_frac = CALIB_ATTN_ETA_FRAC,
	.eta_link = CALIB_ETA_LINK,
	.t_allreduce_s = CALIB_T_ALLREDUCE_S,
	.link_unknown_gbs = CALIB_LINK_UNKNOWN_GBS,
	.train_eta_gemm = CALIB_TRAIN_ETA_GEMM,
	.train_nongemm_passes = CALIB_TRAIN_NONGEMM_PASSES,
	.node_gpus = CALIB_NODE_GPUS,
	.act_bytes_d = CALIB_ACT_BYTES_PER_TOKEN_D,
	.ckpt_bytes_d = CALIB_CKPT_BYTES_PER_TOKEN_D,
	.pp_interleave = CALIB_PP_INTERLEAVE,
	.net_frac_of_link = CALIB_NET_FRAC_OF_LINK,
	.train_batch_tokens = CALIB_TRAIN_BATCH_TOKENS,
	.dp_overlap = CALIB_DP_OVERLAP,
	.fail_per_gpu_hour = CALIB_FAIL_PER_GPU_HOUR,
	.restart_h = CALIB_RESTART_H,
	.ckpt_gbs_per_gpu = CALIB_CKPT_GBS_PER_GPU,
	.train_days = CALIB_TRAIN_DAYS,
	.train_seq_max = CALIB_TRAIN_SEQ_MAX,
};

/*
 * One pipeline stage of a tensor-parallel group, as the calibrated model sees it: the chip's
 * effective rates and the stage's share of the model (layers / pp, weights / pp), precomputed
 * so that every kind of step shares them.
 */
struct shard {
	const struct calib *k;
	const struct model *m;
	enum precision p;
	double flop_rate, eta_flop, byte_rate;  /* peak FLOP/s, GEMM asymptote, effective B/s */
	double m_half;                          /* tokens at which a GEMM reaches half its peak */
	double active, moe_frac;                /* stage's active params; tokens-per-expert share */
	double g, pp, layers, d_model;          /* tensor ways, stages, layers per stage */
	double kv_bytes, kv_ways;               /* KV per token (whole model); chips sharing it */
	double link_bps;                        /* effective all-reduce bandwidth, bytes/s */
	double ep;                              /* expert-parallel ways (1: none) */
	double shared, expert;                  /* stage's shared params, one expert's params */
	/* the whole model's weight bytes a step over some tokens reads (moe_reads), with the
	 * split and the logarithm done once per shard: dense, all of it; a mixture of experts,
	 * the shared part and the experts its tokens touch */
	int moe;
	double read_shared, read_expert, read_e, read_b, read_log_miss;
	/* reciprocals and per-token constants, so a step is mostly multiplications */
	double inv_group_flops;                 /* 1 / (g x peak) */
	double inv_bytes;                       /* 1 / effective bandwidth */
	double kv_chip;                         /* KV bytes per token of context per chip */
	double attn_ctx_flops;                  /* attention FLOPs per token of context, stage */
	/* per-step constants hoisted out of shard_step (a division costs ~10 multiplications) */
	double gemm_s_per_tok;                  /* weight-GEMM seconds per (tokens + M_half) */
	double kv_math_s;                       /* decode attention math, s per token of context */
	double inv_stage_bytes;                 /* 1 / (pp x g x effective bandwidth) */
	double ar_s_per_tok;                    /* all-reduce transfer, s per token (0: g = 1) */
};

static double dmax(double a, double b)
{
	return a > b ? a : b;
}

static void shard_init(struct shard *s, const struct infer_cfg *c, const struct calib *k,
		       const struct model *m, int chips)
{
	const struct hardware *hw = c->hw;
	double peak = hw_peak_flops(hw, c->precision);
	int eight = (c->precision == PREC_FP8 || c->precision == PREC_INT8) && hw->peak_tflops_8 > 0;
	double link = hw->link_gbs > 0 ? hw->link_gbs : k->link_unknown_gbs;
	int pp = c->pipeline_ways > 1 ? c->pipeline_ways : 1;
	double bw = hw->mem_bw_tbs * TERA;

	s->k = k;
	s->m = m;
	s->p = c->precision;
	s->pp = pp;
	s->g = chips / pp;
	s->flop_rate = peak;
	s->eta_flop = eight ? k->eta_flop_8 : k->eta_flop_16;
	s->byte_rate = bw * k->eta_mem;
	/* ridge in tokens: a GEMM over m tokens does 2 m FLOPs per weight and reads
	 * precision_bytes per weight, so at the rates it achieves (FLOP/s x eta_flop, bytes/s x
	 * eta_mem) it turns compute-bound at m = achievable ridge x bytes / 2; the efficiency
	 * curve's half point is m_half_ridge of that, so that below it (a batch-1 decode) reading
	 * the weights, not the math, sets the time at every precision */
	s->m_half = k->m_half_ridge * peak * s->eta_flop / (bw * k->eta_mem) *
		    precision_bytes(c->precision) / 2;
	s->active = model_active_params(m) / pp;
	/* an expert sees only its share k/E of the tokens, which lowers its GEMM efficiency */
	s->moe_frac = model_is_moe(m) ? (double)m->experts_per_token / m->experts : 1;
	s->layers = (double)m->layers / pp;
	s->d_model = m->d_model > 0 ? m->d_model : (double)m->heads * m->head_dim;
	s->kv_bytes = kv_bytes_per_token(m, c->kv_precision);
	s->kv_ways = s->g < m->kv_heads ? s->g : m->kv_heads;
	s->link_bps = link * GB * k->eta_link;
	s->inv_group_flops = 1 / (s->g * peak);
	s->inv_bytes = 1 / s->byte_rate;
	s->kv_chip = s->kv_bytes / (pp * s->kv_ways);
	s->attn_ctx_flops = attn_flops_per_token(m, 1) / pp;
	s->ep = c->expert_ways > 1 && model_is_moe(m) ? c->expert_ways : 1;
	/* compute / eff = 2 active m / (g peak) x (m f + M_half) / (eta m f), f = moe_frac */
	s->gemm_s_per_tok = 2 * s->active * s->inv_group_flops / (s->eta_flop * s->moe_frac);
	s->kv_math_s = s->attn_ctx_flops * s->inv_group_flops / s->eta_flop;
	s->inv_stage_bytes = 1 / (s->pp * s->g * s->byte_rate);
	s->ar_s_per_tok = s->g > 1 ? 2 * (s->g - 1) / s->g * s->d_model * 2 / s->link_bps : 0;
	moe_split(m, &s->shared, &s->expert);
	s->moe = model_is_moe(m);
	s->read_b = precision_bytes(c->precision);
	s->read_shared = s->moe ? s->shared : m->params;
	s->read_expert = s->expert;
	s->read_e = m->experts;
	s->read_log_miss = s->moe ? log1p(-(double)m->experts_per_token / m->experts) : 0;
	s->shared /= pp;
	s->expert /= pp;
}

/* Bytes of the whole model's weights a step over tokens reads: moe_weight_bytes_read, the
 * same arithmetic, with the shard's precomputed split. */
static double shard_read_bytes(const struct shard *s, double tokens)
{
	if (!s->moe)
		return s->read_shared * s->read_b;
	return moe_step_bytes(s->read_shared, s->read_e, s->read_expert, s->read_log_miss,
			      s->read_b, tokens);
}

/*
 * The expert part of a step over m tokens with the experts spread whole over ep chips: each
 * chip receives lambda = m k / ep token-expert pairs on average, the busiest about lambda +
 * sqrt(2 lambda ln ep) (the maximum of ep near-Poisson loads), so it computes that many at the
 * efficiency of tokens-per-expert GEMMs and reads its share of the touched experts; two
 * all-to-alls per layer (dispatch, combine) move the busiest chip's tokens. *gemm gets the
 * shared and expert GEMMs, *comm one all-reduce per layer (attention) and the all-to-alls.
 */
static void shard_experts(const struct shard *s, double m, double read_bytes, double *gemm,
			  double *comm)
{
	const struct model *mo = s->m;
	double b = precision_bytes(s->p), k = mo->experts_per_token;
	double shared_read = s->shared * b, expert_read = read_bytes / s->pp - shared_read;
	double eff = s->eta_flop * m / (m + s->m_half);
	double mu = m * k / mo->experts, eff_e = s->eta_flop * mu / (mu + s->m_half);
	double lambda = m * k / s->ep;
	double imbalance = fmin(s->ep, 1 + sqrt(2 * log(s->ep) / lambda));
	double shared_s = dmax(2 * s->shared * m * s->inv_group_flops / eff,
			       shared_read / s->g * s->inv_bytes);
	double expert_s = dmax(2 * s->expert * lambda * imbalance / (s->flop_rate * eff_e),
			       expert_read / s->ep * s->inv_bytes);
	double a2a = lambda * imbalance * s->d_model * 2 * (s->ep - 1) / s->ep / s->link_bps;

	*gemm = shared_s + expert_s;
	*comm = s->layers * (s->g > 1 ? 2 * (s->g - 1) / s->g * m * s->d_model * 2 / s->link_bps +
						s->k->t_allreduce_s
				      : 0) +
		2 * s->layers * (a2a + s->k->t_allreduce_s);
}

/* GEMM efficiency over m tokens: the asymptote times m / (m + M_half), tokens per expert for
 * a mixture of experts. */
static double shard_eff(const struct shard *s, double m)
{
	double me = m * s->moe_frac;
	return s->eta_flop * me / (me + s->m_half);
}

/* The parts of one forward step on one stage, seconds. */
struct step {
	double gemm, kv, nongemm, overhead, comm;
};

static double step_total(const struct step *t)
{
	return t->gemm + t->kv + t->nongemm + t->overhead + t->comm;
}

/*
 * A step over m new tokens on one stage: the weight GEMMs (the longer of streaming the stage's
 * share of read_bytes and its math at the batch-dependent efficiency); attention: prefill_flops
 * of prompt attention (whole model) at attn_eta_frac of that efficiency, plus decode attention
 * over ctx_tokens of KV (the longer of reading it and its math, per chip), plus the KV written
 * for kv_new tokens; element-wise work (CALIB_NONGEMM_PASSES d_model-wide 16-bit values per
 * token per layer, replicated across tensor ways); a per-layer overhead; two ring all-reduces
 * per layer of m x d_model 16-bit values (2 (g - 1) / g of the message each way + a latency).
 */
static void shard_step(const struct shard *s, double m, double read_bytes, double prefill_flops,
		       double ctx_tokens, double kv_new, struct step *t)
{
	const struct calib *k = s->k;
	double compute = s->gemm_s_per_tok * (m * s->moe_frac + s->m_half);
	double attn = prefill_flops > 0
		      ? prefill_flops / s->pp * s->inv_group_flops /
				(k->attn_eta_frac * shard_eff(s, m))
		      : 0;
	double kv_read = ctx_tokens * s->kv_chip * s->inv_bytes;
	double kv_math = ctx_tokens * s->kv_math_s;

	t->gemm = dmax(compute, read_bytes * s->inv_stage_bytes);
	if (s->ep > 1)
		shard_experts(s, m, read_bytes, &t->gemm, &t->comm);
	t->kv = attn + dmax(kv_read, kv_math) + kv_new * s->kv_chip * s->inv_bytes;
	t->nongemm = m * s->layers * k->nongemm_passes * s->d_model * 2 * s->inv_bytes;
	t->overhead = s->layers * k->t_layer_s;
	if (s->ep <= 1)
		t->comm = s->g > 1 ? 2 * s->layers * (s->ar_s_per_tok * m + k->t_allreduce_s) : 0;
}

/* Sending m tokens' activations from one stage to the next. */
static double shard_hop_s(const struct shard *s, double m)
{
	return s->pp > 1 ? m * s->d_model * 2 / s->link_bps : 0;
}

/*
 * A prefill of b prompts of n tokens through the pipeline: the batch goes as pp micro-batches,
 * the last leaving the last stage after 2 pp - 1 stage times (one stage time with no
 * pipeline).
 */
static double prefill_s(const struct shard *s, double b, double n, double *comm_s)
{
	struct step t;
	double mb = b / s->pp, m = mb * n;
	double read = shard_read_bytes(s, m);

	shard_step(s, m, read, m * attn_flops_per_token(s->m, n / 2), 0, m, &t);
	double waves = 2 * s->pp - 1;
	if (comm_s)
		*comm_s = waves * t.comm;
	return waves * (step_total(&t) + shard_hop_s(s, m));
}

/*
 * One decode step of b sequences at context ctx, each verifying `ahead` tokens at once (1
 * without speculation): with pp stages the batch goes as pp micro-batches, so every sequence
 * gains a token once per pp stage times. The parts go to *t (times pp).
 */
static double decode_s(const struct shard *s, double b, double ctx, double ahead, int weights_only,
		       struct step *t)
{
	double mb = b / s->pp, m = mb * ahead;
	double read = shard_read_bytes(s, m);

	shard_step(s, m, read, 0, weights_only ? 0 : mb * ctx, 0, t);
	if (ahead > 1) /* the extra tokens' attention: ahead x the math, the same KV read */
		t->kv += (ahead - 1) * mb * ctx * s->attn_ctx_flops * s->inv_group_flops /
			 s->eta_flop;
	if (s->pp > 1) {
		t->gemm *= s->pp;
		t->kv *= s->pp;
		t->nongemm *= s->pp;
		t->overhead *= s->pp;
		t->comm = t->comm * s->pp + s->pp * shard_hop_s(s, m);
	}
	return step_total(t);
}

/* Expected tokens a sequence gains per speculative step: the accepted prefix of k proposals
 * (each accepted with probability a) plus the target's own token, (1 - a^(k+1)) / (1 - a). */
static double spec_tokens_per_step(int k, double a)
{
	return a >= 1 ? k + 1 : (1 - pow(a, k + 1)) / (1 - a);
}

/*
 * The calibrated serving model (README "Efficiencies", "Serving modes"). Kernels run one after
 * the other, so a step is a sum of its parts (shard_step); decode's only context-dependent
 * part, the KV read, is linear in the context, so the mean step is the step at the mean
 * context.
 */
static void infer_calibrated(const struct infer_cfg *c, const struct calib *k,
			     struct infer_result *r, double batch)
{
	const struct model *m = c->model;
	struct shard s;
	struct step t;
	double prompt = (double)c->prompt_tokens, gen = (double)c->gen_tokens;
	double mean_ctx = prompt + (gen - 1) / 2;

	shard_init(&s, c, k, m, c->gpus);
	r->chips = c->gpus;

	/* decode, with speculation: k draft steps then one target step over k + 1 tokens */
	double step_s, ahead = 1;
	r->tokens_per_step = 1;
	if (c->draft) {
		struct shard ds;
		struct step dt;
		shard_init(&ds, c, k, c->draft, c->gpus);
		ahead = c->spec_tokens + 1;
		r->tokens_per_step = spec_tokens_per_step(c->spec_tokens, c->accept_rate);
		double draft_s = c->spec_tokens * decode_s(&ds, batch, mean_ctx, 1, 0, &dt);
		step_s = (decode_s(&s, batch, mean_ctx, ahead, c->weights_only, &t) + draft_s) /
			 r->tokens_per_step;
	} else {
		step_s = decode_s(&s, batch, mean_ctx, 1, c->weights_only, &t);
	}
	r->t_gemm_s = t.gemm;
	r->t_kv_s = t.kv;
	r->t_nongemm_s = t.nongemm;
	r->t_overhead_s = t.overhead;
	r->t_comm_s = t.comm;
	/* what a chip reads per decode step: its share of the weights once per micro-batch of
	 * each of the pp micro-batches, and its layers' share of the batch's KV */
	double read_s = shard_read_bytes(&s, batch * ahead / s.pp) / s.g /
			s.byte_rate;
	double kv_read_s = c->weights_only ? 0 : batch * mean_ctx * s.kv_bytes / s.pp / s.kv_ways /
						 s.byte_rate;
	double target_step_s = step_total(&t);
	r->bound = t.gemm + t.kv > read_s + kv_read_s ? BOUND_COMPUTE : BOUND_MEMORY;
	r->mbu_decode = (read_s + kv_read_s) * s.byte_rate /
			(target_step_s * c->hw->mem_bw_tbs * TERA);

	/* the prompts: how each mode pays for them */
	double admit = batch / gen;            /* requests admitted per decode step */
	double comm_s = 0;
	switch (c->mode) {
	case SERVE_STATIC:
		r->ttft_s = prefill_s(&s, batch, prompt, &comm_s);
		r->tpot_s = step_s;
		break;
	case SERVE_CONTINUOUS: {
		/* a prefill step for the admitted prompts, once per decode step (or per gen /
		 * batch steps when fewer than one request finishes per step) */
		double per = fmax(1, admit), p_s = prefill_s(&s, per, prompt, &comm_s);
		r->tpot_s = step_s + fmin(1, admit) * p_s;
		r->ttft_s = p_s + step_s / 2;
		break;
	}
	case SERVE_CHUNKED: {
		/* one mixed step: B decode tokens and admit x prompt prompt tokens together */
		double chunk = c->chunk_tokens > 0 ? (double)c->chunk_tokens : 512;
		double pt = admit * prompt, mb = batch / s.pp;
		double m_tok = (batch * ahead + pt) / s.pp;
		shard_step(&s, m_tok, shard_read_bytes(&s, m_tok),
			   pt / s.pp * attn_flops_per_token(m, prompt / 2), mb * mean_ctx, pt / s.pp,
			   &t);
		double mixed_s = s.pp * (step_total(&t) + shard_hop_s(&s, m_tok));
		double plain_s = decode_s(&s, batch, mean_ctx, ahead, c->weights_only, &t);
		/* the prompt tokens' extra cost on top of the decode step */
		r->tpot_s = step_s + (mixed_s - plain_s) / r->tokens_per_step;
		r->ttft_s = ceil(prompt / fmax(1, fmin(chunk, pt))) * r->tpot_s;
		comm_s = 0;
		break;
	}
	case SERVE_DISAGG: {
		struct infer_cfg pc = *c;
		struct shard ps;
		pc.pipeline_ways = 1;
		int pg = c->prefill_gpus > 0 ? c->prefill_gpus : c->gpus;
		shard_init(&ps, &pc, k, m, pg);
		double p_s = prefill_s(&ps, 1, prompt, &comm_s);
		/* the prompt's KV crosses the link to the decode pool */
		double xfer_s = prompt * s.kv_bytes / (pg * s.link_bps);
		r->ttft_s = p_s + xfer_s;
		r->tpot_s = step_s;
		r->chips = c->gpus + pg;
		/* the decode pool can only be fed as fast as the prefill pool completes prompts:
		 * generation rate at most gen / p_s tokens per second */
		double decode_rate = batch / step_s, fed_rate = gen / p_s;
		if (fed_rate < decode_rate)
			r->tpot_s = batch / fed_rate;
		break;
	}
	case SERVE_MODE_COUNT:
		break;
	}
	r->ttft_comm_s = comm_s;
	r->prefill_tok_s = (c->mode == SERVE_STATIC ? batch : 1) * prompt / r->ttft_s;
	if (c->mode == SERVE_CONTINUOUS || c->mode == SERVE_CHUNKED)
		r->prefill_tok_s = admit * prompt / r->tpot_s;
	r->mfu_prefill = r->prefill_tok_s * flops_per_token(m, prompt / 2) /
			 (c->gpus * s.flop_rate);
}

int estimate_infer(const struct infer_cfg *c, struct infer_result *r)
{
	if (!r || infer_cfg_problem(c))
		return -1;

	const struct model *m = c->model;
	const struct hardware *hw = c->hw;
	double g = c->gpus;
	double reserve_gb = c->reserve_gb < 0 ? default_reserve_gb(hw) : c->reserve_gb;
	double prompt = (double)c->prompt_tokens, gen = (double)c->gen_tokens;

	memset(r, 0, sizeof(*r));

	/* memory: all parameters are held, whatever a step reads */
	r->weights_gb = weight_bytes(m, c->precision) / GB;
	r->kv_bytes_per_token = kv_bytes_per_token(m, c->kv_precision);
	r->kv_gb_per_seq = r->kv_bytes_per_token * (prompt + gen) / GB;
	r->mem_capacity_gb = g * hw->mem_gb;
	/* With more tensor-parallel ways than KV heads each head's cache is held on
	 * tp / kv_heads chips (multi-query GPT-4, PaLM; DeepSeek-V3's latent cache). */
	int tp_ways = c->gpus / (c->pipeline_ways > 1 ? c->pipeline_ways : 1);
	double kv_copies = tp_ways > m->kv_heads ? (double)tp_ways / m->kv_heads : 1.0;
	double kv_held_gb = r->kv_gb_per_seq * kv_copies;
	r->max_batch = batch_that_fits(r->mem_capacity_gb - r->weights_gb - g * reserve_gb,
				       kv_held_gb);
	r->batch = c->batch > 0 ? c->batch : r->max_batch > 0 ? r->max_batch : 1;
	double batch = (double)r->batch;
	r->mem_needed_gb = r->weights_gb + batch * kv_held_gb + g * reserve_gb;
	r->fits = r->mem_needed_gb <= r->mem_capacity_gb;

	/* a draft model's weights and KV share the chips */
	if (c->draft) {
		double draft_gb = weight_bytes(c->draft, c->precision) / GB;
		double draft_kv = kv_bytes_per_token(c->draft, c->kv_precision) * (prompt + gen) / GB;
		r->max_batch = batch_that_fits(r->mem_capacity_gb - r->weights_gb - draft_gb -
						       g * reserve_gb,
					       kv_held_gb + draft_kv);
		r->batch = c->batch > 0 ? c->batch : r->max_batch > 0 ? r->max_batch : 1;
		batch = (double)r->batch;
		r->mem_needed_gb = r->weights_gb + draft_gb + batch * (kv_held_gb + draft_kv) +
				   g * reserve_gb;
		r->fits = r->mem_needed_gb <= r->mem_capacity_gb;
	}

	if (c->mfu > 0 || c->mbu > 0) {
		double prefill_read, decode_read;
		moe_reads(m, c->precision, batch * prompt, batch, &prefill_read, &decode_read);
		/* the plain roofline at the given efficiencies (the seeds' arithmetic) */
		double mfu, mbu;
		pick_efficiency(c, &mfu, &mbu);
		double flop_rate = g * hw_peak_flops(hw, c->precision) * mfu;
		double byte_rate = g * hw->mem_bw_tbs * TERA * mbu;
		r->mfu_prefill = mfu;
		r->mbu_decode = mbu;

		/* prefill: the whole batch's prompts at the causal mean context, weights read once */
		double prefill_compute_s = batch * prompt * flops_per_token(m, prompt / 2) / flop_rate;
		double prefill_memory_s = prefill_read / byte_rate;
		r->ttft_s = fmax(prefill_compute_s, prefill_memory_s);
		r->prefill_tok_s = batch * prompt / r->ttft_s;

		/* decode: step time = max(cc0 + cc1 ctx, mc0 + mc1 ctx), ctx = prompt + t */
		double cc0 = batch * 2.0 * model_active_params(m) / flop_rate;
		double cc1 = batch * attn_flops_per_token(m, 1) / flop_rate;
		double mc0 = decode_read / byte_rate;
		double mc1 = c->weights_only ? 0 : batch * r->kv_bytes_per_token / byte_rate;
		r->tpot_s = sum_max_linear(cc0, cc1, mc0, mc1, prompt, gen) / gen;
		double mean_ctx = prompt + (gen - 1) / 2;
		r->bound = cc0 + cc1 * mean_ctx > mc0 + mc1 * mean_ctx ? BOUND_COMPUTE : BOUND_MEMORY;
		r->t_gemm_s = fmax(cc0, mc0);
		r->t_kv_s = r->tpot_s - r->t_gemm_s;
		r->chips = c->gpus;
		r->tokens_per_step = 1;
	} else {
		infer_calibrated(c, c->calib ? c->calib : &CALIB_DEFAULT, r, batch);
	}
	r->decode_tok_s = batch / r->tpot_s;
	/* static batching completes the batch together; the steady modes generate at the decode
	 * rate, prompts included in it */
	r->throughput_tok_s = c->mode == SERVE_STATIC
				      ? batch * gen / (r->ttft_s + (gen - 1) * r->tpot_s)
				      : r->decode_tok_s;

	double usd_per_s = c->usd_per_gpu_hour * r->chips / 3600;
	r->usd_per_1k_prompt = usd_per_s / r->prefill_tok_s * 1000;
	r->usd_per_1k_gen = usd_per_s / r->decode_tok_s * 1000;

	if (!isfinite(r->ttft_s) || !(r->ttft_s > 0) || !isfinite(r->tpot_s) ||
	    !(r->tpot_s > 0) || !isfinite(r->prefill_tok_s) || !isfinite(r->decode_tok_s) ||
	    !isfinite(r->throughput_tok_s) || !isfinite(r->mem_needed_gb) ||
	    !isfinite(r->usd_per_1k_prompt) || !isfinite(r->usd_per_1k_gen))
		return -1;
	return 0;
}

/* ---- economics ---- */

double chinchilla_param_term(const struct chinchilla *c, double params)
{
	if (!c || !(params > 0) || !isfinite(params))
		return -1;
	return c->A / pow(params, c->alpha);
}

double chinchilla_data_term(const struct chinchilla *c, double tokens)
{
	if (!c || !(tokens > 0) || !isfinite(tokens))
		return -1;
	return c->B / pow(tokens, c->beta);
}

double chinchilla_loss(const struct chinchilla *c, double params, double tokens)
{
	double pt = chinchilla_param_term(c, params), dt = chinchilla_data_term(c, tokens);

	if (pt < 0 || dt < 0)
		return -1;
	return c->E + pt + dt;
}

/*
 * Minimising A N^-alpha + B D^-beta with D = C / (6N): setting the derivative in N to zero
 * gives alpha A N^-alpha = beta B D^-beta, whose solution is N = G (C/6)^(beta/(alpha+beta))
 * with G = (alpha A / (beta B))^(1/(alpha+beta)), and D = C / (6N) (Hoffmann et al., eq. 4).
 */
void chinchilla_optimal(const struct chinchilla *c, double flop, double *params, double *tokens)
{
	double n = -1, d = -1;

	if (c && flop > 0 && isfinite(flop) && c->alpha > 0 && c->beta > 0 && c->A > 0 &&
	    c->B > 0) {
		double s = c->alpha + c->beta;
		double g = pow(c->alpha * c->A / (c->beta * c->B), 1 / s);
		n = g * pow(flop / 6, c->beta / s);
		d = flop / (6 * n);
	}
	if (params)
		*params = n;
	if (tokens)
		*tokens = d;
}

double words_to_tokens(double words, double tokens_per_word)
{
	if (!(words >= 0) || !(tokens_per_word > 0))
		return -1;
	return words * tokens_per_word;
}

static int query_cost_ok(const struct query_cost *q)
{
	return q && q->prompt_words >= 0 && q->answers >= 0 && q->answer_words >= 0 &&
	       q->tokens_per_word > 0 && q->usd_per_1k_tokens >= 0 && q->cache_hit >= 0 &&
	       q->cache_hit <= 1 && q->gross_margin >= 0 && q->gross_margin <= 1;
}

/* API price of the tokens, less what the cache serves, less the provider's margin. */
static double provider_cost_usd(const struct query_cost *q, double words)
{
	double tokens = words_to_tokens(words, q->tokens_per_word);
	return tokens / 1000 * q->usd_per_1k_tokens * (1 - q->cache_hit) * (1 - q->gross_margin);
}

double llm_query_cost_usd(const struct query_cost *q)
{
	if (!query_cost_ok(q))
		return -1;
	return provider_cost_usd(q, q->prompt_words + q->answers * q->answer_words);
}

double search_summary_cost_usd(const struct query_cost *q, double k_results, double result_words)
{
	if (!query_cost_ok(q) || !(k_results >= 0) || !(result_words >= 0))
		return -1;
	return provider_cost_usd(q, q->prompt_words + k_results * (result_words + q->answer_words));
}

double search_revenue_per_query_usd(double annual_revenue_usd, double monthly_searches_then,
				    double penetration_then, double penetration_now)
{
	if (!(annual_revenue_usd >= 0) || !(monthly_searches_then > 0) ||
	    !(penetration_then > 0) || !(penetration_now > 0))
		return -1;
	double annual_searches = monthly_searches_then * 12 * (penetration_now / penetration_then);
	return annual_revenue_usd / annual_searches;
}

double node_usd_per_1k_tokens(double node_usd_per_hour, int chips, double peak_flops_per_chip,
			      double mfu, double flops_per_tok)
{
	if (!(node_usd_per_hour >= 0) || chips < 1 || !(peak_flops_per_chip > 0) ||
	    !(mfu > 0 && mfu <= 1) || !(flops_per_tok > 0))
		return -1;
	double tokens_s = chips * peak_flops_per_chip * mfu / flops_per_tok;
	return node_usd_per_hour / 3600 / tokens_s * 1000;
}
