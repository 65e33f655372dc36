/*
 * estimate.c - the estimator: pure arithmetic from a model, a chip and a configuration to
 * FLOPs, bytes, seconds and dollars.
 *
 * Serving is a roofline on g chips split ideally by tensor parallelism: every phase takes the
 * longer of its compute time (FLOPs / (g x peak x MFU)) and its memory time (bytes read /
 * (g x bandwidth x MBU)). Prefill of n prompt tokens does B n forward passes at the causal mean
 * context n/2 and reads the weights once; decode step t (context prompt + t) does B forward
 * passes and reads the weights plus the batch's KV cache. Both decode terms are linear in the
 * context, so the mean step time over the generation is summed in closed form, which keeps one
 * estimate at a few tens of nanoseconds (sweeps run millions). Mixture-of-experts models compute
 * with their active parameters, hold all of them, and read per step the shared part plus the
 * experts their tokens are expected to touch.
 *
 * Nothing here does I/O, allocates or keeps state; invalid input gives -1 (or a reason string
 * from *_cfg_problem), never a silent inf or NaN.
 */
#include "estimate.h"

#include "calib.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#define GB 1e9
#define TERA 1e12

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
	*bytes_a = (shared + e * touched_fraction(tokens_a, log_miss) * expert) * b;
	*bytes_b = (shared + e * touched_fraction(tokens_b, log_miss) * expert) * b;
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

static const char *model_problem(const struct model *m)
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
	return NULL;
}

/*
 * The efficiencies a configuration runs at: the user's when given (the plain roofline the seeds
 * use), else the calibrated constants of calib.h. The calibration issue replaces this one
 * function with a model that depends on batch, shapes and chip.
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

int estimate_infer(const struct infer_cfg *c, struct infer_result *r)
{
	if (!r || infer_cfg_problem(c))
		return -1;

	const struct model *m = c->model;
	const struct hardware *hw = c->hw;
	double g = c->gpus, mfu, mbu;
	pick_efficiency(c, &mfu, &mbu);
	double reserve_gb = c->reserve_gb < 0 ? default_reserve_gb(hw) : c->reserve_gb;
	double flop_rate = g * hw_peak_flops(hw, c->precision) * mfu;
	double byte_rate = g * hw->mem_bw_tbs * TERA * mbu;
	double prompt = (double)c->prompt_tokens, gen = (double)c->gen_tokens;

	memset(r, 0, sizeof(*r));
	r->mfu_prefill = mfu;
	r->mbu_decode = mbu;

	/* memory: all parameters are held, whatever a step reads */
	r->weights_gb = weight_bytes(m, c->precision) / GB;
	r->kv_bytes_per_token = kv_bytes_per_token(m, c->kv_precision);
	r->kv_gb_per_seq = r->kv_bytes_per_token * (prompt + gen) / GB;
	r->mem_capacity_gb = g * hw->mem_gb;
	r->max_batch = batch_that_fits(r->mem_capacity_gb - r->weights_gb - g * reserve_gb,
				       r->kv_gb_per_seq);
	r->batch = c->batch > 0 ? c->batch : r->max_batch > 0 ? r->max_batch : 1;
	double batch = (double)r->batch;
	r->mem_needed_gb = r->weights_gb + batch * r->kv_gb_per_seq + g * reserve_gb;
	r->fits = r->mem_needed_gb <= r->mem_capacity_gb;

	/* prefill: the whole batch's prompts at the causal mean context, weights read once */
	double prefill_compute_s = batch * prompt * flops_per_token(m, prompt / 2) / flop_rate;
	double prefill_read, decode_read;
	moe_reads(m, c->precision, batch * prompt, batch, &prefill_read, &decode_read);
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
	r->decode_tok_s = batch / r->tpot_s;
	r->throughput_tok_s = batch * gen / (r->ttft_s + (gen - 1) * r->tpot_s);

	double usd_per_s = c->usd_per_gpu_hour * g / 3600;
	r->usd_per_1k_prompt = usd_per_s / r->prefill_tok_s * 1000;
	r->usd_per_1k_gen = usd_per_s / r->decode_tok_s * 1000;

	if (!isfinite(r->ttft_s) || !(r->ttft_s > 0) || !isfinite(r->tpot_s) ||
	    !(r->tpot_s > 0) || !isfinite(r->prefill_tok_s) || !isfinite(r->decode_tok_s) ||
	    !isfinite(r->throughput_tok_s) || !isfinite(r->mem_needed_gb) ||
	    !isfinite(r->usd_per_1k_prompt) || !isfinite(r->usd_per_1k_gen))
		return -1;
	return 0;
}

/* ---- training ---- */

double train_flop(double active_params, double tokens)
{
	if (!(active_params >= 0) || !(tokens >= 0))
		return -1;
	return 6.0 * active_params * tokens;
}

double train_state_bytes(double params)
{
	/* 16-bit weights (2) and gradients (2), 32-bit master weights (4), Adam m and v (4+4) */
	if (!(params >= 0))
		return -1;
	return 20.0 * params;
}

double train_cost_usd(double gpus, double days, double usd_per_gpu_hour)
{
	if (!(gpus >= 0) || !(days >= 0) || !(usd_per_gpu_hour >= 0))
		return -1;
	return gpus * days * 24 * usd_per_gpu_hour;
}

const char *train_cfg_problem(const struct train_cfg *c)
{
	const char *why;

	if (!c)
		return "no configuration";
	if ((why = model_problem(c->model)))
		return why;
	if (!c->hw)
		return "no hardware";
	if (!(c->hw->peak_tflops_16 > 0) || !isfinite(c->hw->peak_tflops_16))
		return "peak_tflops must be positive";
	if (!(c->hw->mem_gb > 0) || !isfinite(c->hw->mem_gb))
		return "mem_gb must be positive";
	if (!(c->tokens > 0) || !isfinite(c->tokens))
		return "tokens must be a positive number";
	if (c->gpus < 0)
		return "gpus must be 0 (not given) or more";
	if (!(c->mfu >= 0 && c->mfu <= 1))
		return "mfu must be between 0 and 1";
	if (!(c->usd_per_gpu_hour >= 0) || !isfinite(c->usd_per_gpu_hour))
		return "usd_per_gpu_hour must be 0 or more";
	return NULL;
}

/* Training computes in 16-bit (mixed precision) at the calibrated MFU unless one is given. */
int estimate_train(const struct train_cfg *c, struct train_result *r)
{
	if (!r || train_cfg_problem(c))
		return -1;
	memset(r, 0, sizeof(*r));
	r->mfu = c->mfu > 0 ? c->mfu : CALIB_MFU_TRAIN;
	r->train_flop = train_flop(model_active_params(c->model), c->tokens);
	r->gpu_hours = r->train_flop / (c->hw->peak_tflops_16 * TERA * r->mfu) / 3600;
	r->days = c->gpus > 0 ? r->gpu_hours / (double)c->gpus / 24 : (double)NAN;
	r->usd = r->gpu_hours * c->usd_per_gpu_hour;
	r->state_gb = train_state_bytes(c->model->params) / GB;
	double chips = ceil(r->state_gb / c->hw->mem_gb);
	if (!isfinite(r->gpu_hours) || !isfinite(r->usd) || !(chips < 1e15))
		return -1;
	r->min_gpus_for_state = (long)chips;
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
