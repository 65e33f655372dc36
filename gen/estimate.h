/*
 * estimate.h - the estimator: what a model costs, and how fast it runs, on given hardware.
 *
 * Pure arithmetic: no I/O, no allocation, no mutable globals, so it can be called ten million
 * times a second from a sweep and tested on hand-computed cases. Inputs are the structs of
 * model.h; outputs are plain numbers in SI units named with their unit (_s, _gb, _usd...).
 *
 * Conventions (see README "Formulas"):
 *  - forward FLOPs per token = 2 x active params + attention 4 x context x head_dim x heads x
 *    layers (a multiply and an add count as two FLOPs); prefill of n tokens uses the causal
 *    mean context n/2, decode step t attends to the prompt plus the t tokens already made;
 *  - bytes: weights = params x bytes(precision); KV per token = 2 x layers x kv_heads x head_dim
 *    x bytes(kv precision); GB = 1e9 bytes;
 *  - a cost per 1K tokens = (usd per gpu-hour x gpus / 3600) / (tokens/s) x 1000.
 */
#ifndef LLMCOST_ESTIMATE_H
#define LLMCOST_ESTIMATE_H

#include "model.h"

struct calib; /* calib.h: the calibrated constants */

enum precision { PREC_FP16, PREC_BF16, PREC_FP8, PREC_INT8, PREC_INT4, PREC_COUNT };

double precision_bytes(enum precision p);          /* 2, 2, 1, 1, 0.5 */
const char *precision_name(enum precision p);      /* "fp16", ... */
int precision_parse(const char *s, enum precision *out); /* 0, or -1 if unknown */

/*
 * Invalid input: functions returning a quantity return -1 (never inf or NaN) when an argument
 * makes it meaningless (zero bandwidth, no chips, a negative count...).
 */

/* ---- model arithmetic ---- */
double model_active_params(const struct model *m);
double attn_flops_per_token(const struct model *m, double context_tokens);
double flops_per_token(const struct model *m, double context_tokens);
double weight_bytes(const struct model *m, enum precision p);
double kv_bytes_per_token(const struct model *m, enum precision kv);
/* Multi-head KV per token from d_model alone (the "numbers to know" shortcut). */
double kv_bytes_per_token_mha(int layers, int d_model, enum precision kv);

/* Mixture of experts. */
double moe_tokens_per_expert(double batch_tokens, int experts, int experts_per_token);
/* Expected number of distinct experts a batch of tokens touches in one layer. */
double moe_experts_touched(double batch_tokens, int experts, int experts_per_token);
/* Active params from a shared part and identical experts (the GPT-4 description). */
double moe_active_params(double shared, double per_expert, int experts_per_token);
/* Split a model's params into the shared part and one expert, from params = shared + E x
 * expert and active = shared + k x expert; a dense model is all shared (expert 0). */
void moe_split(const struct model *m, double *shared_params, double *expert_params);
/* Bytes of weights a step over batch_tokens tokens reads: the shared part plus the experts
 * the tokens are expected to touch (all of a dense model). */
double moe_weight_bytes_read(const struct model *m, enum precision p, double batch_tokens);
/* Weights per chip split over tensor x pipeline ways (S1-07). */
double weight_bytes_per_chip(const struct model *m, enum precision p, int tensor_ways,
			     int pipeline_ways);

/* ---- inference ---- */
enum bound { BOUND_COMPUTE, BOUND_MEMORY };

/*
 * How requests share the chips (calibrated model only; README "Serving modes"):
 *  - static: a batch of B requests prefills together, then decodes together (today's, the
 *    measurements' TensorRT-LLM static batches);
 *  - continuous: B sequences always in flight; as one finishes another is admitted, so each
 *    decode step also pays, amortised, for B / gen prompts' prefill in separate steps;
 *  - chunked: the same, with the prompts' tokens riding in the decode steps (one GEMM over B +
 *    B prompt / gen tokens), a request's prompt spread over steps of chunk_tokens at most;
 *  - disagg: a prefill pool of prefill_gpus chips hands the KV cache over the link to the
 *    decode pool of gpus chips, which only decodes.
 */
enum serve_mode { SERVE_STATIC, SERVE_CONTINUOUS, SERVE_CHUNKED, SERVE_DISAGG, SERVE_MODE_COUNT };
const char *serve_mode_name(enum serve_mode m);          /* "static", ... */
int serve_mode_parse(const char *s, enum serve_mode *out); /* 0, or -1 if unknown */

struct infer_cfg {
	const struct model *model;
	const struct hardware *hw;
	int gpus;                 /* tensor-parallel ways */
	long batch;               /* sequences; 0 = the largest batch that fits */
	long prompt_tokens, gen_tokens;
	enum precision precision, kv_precision;
	double mfu, mbu;          /* > 0: plain roofline at these efficiencies; 0: calibrated */
	double reserve_gb;        /* per chip, for activations and runtime; < 0: calibrated default */
	double usd_per_gpu_hour;  /* 0: costs are reported as 0 */
	int weights_only;         /* decode reads weights only (the seed's idealisation) */
	const struct calib *calib; /* NULL: CALIB_DEFAULT (calib.h) */
	/* Serving mode, pipeline and speculative decoding; the zero defaults keep static
	 * batching on pure tensor parallelism. They need the calibrated model (mfu = mbu = 0). */
	enum serve_mode mode;
	long chunk_tokens;        /* chunked: most prompt tokens of one request per step; 0: 512 */
	int prefill_gpus;         /* disagg: chips of the prefill pool; 0: as many as gpus */
	int pipeline_ways;        /* pipeline stages gpus is split into (tensor = gpus / this);
				   * 0 or 1: none */
	int expert_ways;          /* mixture of experts: chips the experts are spread over whole
				   * (expert parallel, dividing gpus / pipeline_ways), with two
				   * all-to-alls per layer and the busiest chip's load; 0 or 1: the
				   * experts are split by tensor parallelism like dense layers */
	const struct model *draft; /* speculative decoding: the draft model; NULL: none */
	int spec_tokens;          /* tokens the draft proposes per step (>= 1 with a draft) */
	double accept_rate;       /* chance each proposed token is accepted, in [0, 1] */
};

struct infer_result {
	long batch;               /* resolved (from "max" if asked) */
	double weights_gb, kv_bytes_per_token, kv_gb_per_seq;
	double mem_needed_gb, mem_capacity_gb;
	int fits;
	long max_batch;
	double prefill_tok_s, ttft_s, tpot_s, decode_tok_s, throughput_tok_s;
	enum bound bound;
	double mfu_prefill, mbu_decode; /* the plain roofline's (given) efficiencies; with the
					 * calibrated model, those achieved: prompt FLOPs per second
					 * and decode bytes per second over the chips' peaks */
	double usd_per_1k_prompt, usd_per_1k_gen;
	/* One decode step at the mean context, split into its parts (calibrated path; the plain
	 * roofline fills t_gemm_s and t_kv_s only): the weight GEMMs (the longer of reading the
	 * weights and their math), the attention's KV reads, element-wise work (norms,
	 * activations), the fixed per-step overhead and the tensor-parallel all-reduces (and
	 * pipeline hops, expert all-to-alls). They add up to the target model's decode step,
	 * which is tpot_s with static batching and no speculative decoding. */
	double t_gemm_s, t_kv_s, t_nongemm_s, t_overhead_s, t_comm_s;
	double ttft_comm_s;       /* all-reduce time inside ttft_s */
	int chips;                /* all chips, the prefill pool included (cost basis) */
	double tokens_per_step;   /* tokens a sequence gains per decode step (speculative: the
				   * expected accepted tokens + 1; else 1) */
};

/* NULL when c can be estimated, else a short reason ("gpus must be at least 1") for the
 * caller's message; estimate_infer returns -1 exactly when this is not NULL. */
const char *infer_cfg_problem(const struct infer_cfg *c);
/* The calibrated memory held back per chip (CALIB_RESERVE_* of calib.h), GB. */
double default_reserve_gb(const struct hardware *hw);

/* Defaults: gpus 1, batch 1, prompt 512, gen 512, bf16, calibrated efficiencies. */
void infer_cfg_init(struct infer_cfg *c);
/* Returns 0, or -1 when the configuration is not computable (no model, gpus < 1, ...). */
int estimate_infer(const struct infer_cfg *c, struct infer_result *r);

/* Roofline helpers, also used by the figures. */
double ridge_point_flop_per_byte(const struct hardware *hw, enum precision p);
double hw_peak_flops(const struct hardware *hw, enum precision p); /* FLOP/s */
/* Largest batch of seq_tokens-long sequences on gpus chips; may be 0. */
long max_batch_fit(const struct model *m, const struct hardware *hw, int gpus,
		   enum precision p, enum precision kv, double seq_tokens, double reserve_gb);
/* Memory bandwidth (bytes/s) one user needs at tokens_s with weights of weight_bytes. */
double bandwidth_for_rate(double weight_bytes, double tokens_s);

/* ---- training ---- */
struct train_cfg {
	const struct model *model;
	const struct hardware *hw;
	double tokens;
	long gpus;                /* 0: not given (days not computed) */
	double mfu;               /* 0: calibrated */
	double usd_per_gpu_hour;
	double seq_tokens;        /* training sequence length; 0: min(model context, CALIB) */
	double batch_tokens;      /* global batch, tokens; 0: CALIB_TRAIN_BATCH_TOKENS */
	int fp8;                  /* 1: GEMMs in 8-bit (peak_tflops_8), the rest in 16-bit */
	int unfused_attention;    /* 1: attention materialises its s x s scores (before flash
				   * attention, 2022): more memory and bandwidth */
	long tp, pp;              /* tensor and pipeline ways; 0: searched (see estimate_train) */
	int zero_stage;           /* 1 or 3; 0: searched */
	int full_recompute;       /* 1: every layer's activations are recomputed (activation
				   * checkpointing on, as Megatron-DeepSpeed runs had it); 0: only
				   * the share that memory forces */
	const struct calib *calib; /* NULL: CALIB_DEFAULT */
};

struct train_result {
	double train_flop, gpu_hours, days /* NaN without gpus */, usd;
	double state_gb;
	long min_gpus_for_state;
	double mfu;               /* used */
	/* The parallel layout assumed (calibrated path; with an explicit mfu only gpus_used):
	 * gpus_used = tp x pp x dp, given or chosen by the rule of CALIB_TRAIN_DAYS. */
	long gpus_used, tp, pp, dp;
	int gpus_assumed;         /* 1 when gpus was not given and gpus_used is the rule's */
	double seq_tokens;
	/* Factors whose product with the GEMM efficiency is mfu: the share of step time in the
	 * GEMMs (vs attention, element-wise work, tensor and data-parallel communication), the
	 * pipeline's busy share (1 - bubble) and goodput (time not lost to failures). */
	double eta_gemm, compute_share, pipeline_busy, goodput;
	/* The memory plan of the layout: optimizer sharding (ZeRO stage 1: optimizer states over
	 * the data-parallel ranks; 3: weights and gradients too), the share of layers whose
	 * activations are recomputed in the backward pass to fit, the memory per chip and
	 * whether it fits at all (0: even full recomputation leaves it over mem_gb). */
	int zero_stage;
	double recompute, mem_gb_per_gpu, microbatches;
	int fits;
	double ckpt_interval_s;   /* checkpoint interval assumed (Young's optimum); inf: none */
	char layout[80];          /* "TP8 x PP8 x DP256 = 16384 GPUs (given)" */
};

/* NULL when c can be estimated, else a short reason; see infer_cfg_problem. */
const char *train_cfg_problem(const struct train_cfg *c);
int estimate_train(const struct train_cfg *c, struct train_result *r);
/* Rental cost of gpus chips for days (S1-06). */
double train_cost_usd(double gpus, double days, double usd_per_gpu_hour);
double train_flop(double active_params, double tokens);      /* 6 N D */
double train_state_bytes(double params);                     /* 20 bytes per param */
/* The chips joined by hw's link_gbs fabric (tensor parallelism stays inside): the table's
 * domain_chips, or CALIB_NODE_GPUS when empty. */
int hw_domain_chips(const struct hardware *hw);

/* ---- economics (002, 003) ---- */
struct chinchilla { double E, A, B, alpha, beta; };
extern const struct chinchilla CHINCHILLA_HOFFMANN; /* E 1.69, A 406.4, B 410.7, .34, .28 */
double chinchilla_loss(const struct chinchilla *c, double params, double tokens);
double chinchilla_param_term(const struct chinchilla *c, double params); /* A / N^alpha */
double chinchilla_data_term(const struct chinchilla *c, double tokens);  /* B / D^beta */
/* Compute-optimal split of C = 6 N D FLOPs. */
void chinchilla_optimal(const struct chinchilla *c, double flop, double *params, double *tokens);

/* English tokens per word, the price book's rule of thumb (003: 750 words ~ 1000 tokens). */
#define TOKENS_PER_WORD 1.3
double words_to_tokens(double words, double tokens_per_word);

struct query_cost {
	double prompt_words, answers, answer_words;
	double tokens_per_word, usd_per_1k_tokens;
	double cache_hit;     /* fraction served from cache */
	double gross_margin;  /* fraction of the API price that is margin */
};
/* Provider's cost of one LLM answer (S2-07). */
double llm_query_cost_usd(const struct query_cost *q);
/* Two-stage search summariser: K results of result_words each, each summarised with an
 * answer of q->answer_words, plus the query (S2-08). */
double search_summary_cost_usd(const struct query_cost *q, double k_results, double result_words);
/* Annual revenue / annual searches, searches scaled by internet penetration (S2-09). */
double search_revenue_per_query_usd(double annual_revenue_usd, double monthly_searches_then,
				    double penetration_then, double penetration_now);
/* Cost per 1K tokens of a compute-bound node (S2-01). */
double node_usd_per_1k_tokens(double node_usd_per_hour, int chips, double peak_flops_per_chip,
			      double mfu, double flops_per_tok);

#endif
