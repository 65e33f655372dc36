/*
 * figures_serving.c - the serving sections of the report (figures.md items 3-10): seed 000
 * (Cursor, LLaMA-2-70B on 2 x A100-80GB vs GPT-3.5) and seed 001 (SemiAnalysis on GPT-4),
 * recomputed with the estimator from the input tables, plus one "Article vs llmcost" table per
 * seed that sets every number the article states (seed-numbers.csv S0-01..S0-17,
 * S1-01..S1-09) beside the program's own value.
 *
 * Where a seed's scenario states its inputs (LLaMA-2-70B as 70e9 parameters, an A100 as
 * 312 TFLOP/s and 2 TB/s, 200 TFLOP/s and 1.3 TB/s achieved, $4.42/h for two A100s, GPT-4 as
 * 55e9 shared + 16 x 111e9 expert parameters...) those stated inputs are the named constants
 * below, each with its seed id; the models.csv and hardware.csv rows supply everything else
 * (layers, heads, memory...). Every other number comes from the inputs and the estimator.
 *
 * Figures and tables produced (ids):
 *   03-prefill-cost     prompt cost per 1K tokens vs time to first token, per prompt length
 *   04-gen-cost         generation cost per 1K tokens vs batch, weights-only and with KV reads
 *   05-latency-table    the appendix latency table, 2 and 8 GPUs (calibrated estimator)
 *   06-roofline         attainable TFLOP/s vs arithmetic intensity, LLaMA-2-70B points
 *   07-max-batch        largest batch that fits vs sequence length, ideal and with reserve
 *   07-article-vs-llmcost   seed 000's stated numbers beside llmcost's
 *   08-bandwidth-wall   bandwidth needed vs model size at 8.33 / 20 / 33.33 tokens/s
 *   09-gpt4-training    GPT-4 training as described, seed's value beside the computed one
 *   10-moe-experts      tokens per expert and experts touched vs global batch (16, top-2)
 *   10-moe-cost         GPT-4 inference cost per 1K tokens on 128 A100 vs 128 H100
 *   10-article-vs-llmcost   seed 001's stated numbers beside llmcost's
 *
 * Values for templates ({{name}}; unit in brackets):
 *   s0_params [param]            LLaMA-2-70B parameters used for the seed's scenario
 *   s0_usd_per_gpu_hour [USD]    the seed's price per A100 ($4.42/h for the pair)
 *   s0_mfu, s0_mbu [fraction]    the seed's achieved 200 TFLOP/s and 1.3 TB/s over the peaks
 *   s0_flop_per_token [FLOP]     S0-01      s0_kv_bytes_per_token [byte]  S0-02
 *   s0_kv_gb_4096 [GB]           S0-03      ridge_a100 [FLOP/byte]        S0-04 (312 / 2)
 *   ridge_a100_hw [FLOP/byte]    the A100-80GB row of hardware.csv
 *   s0_prefill_tok_s [token/s]   S0-05      s0_prompt_usd_per_1k [USD]    S0-06
 *   s0_ttft_512_s, s0_ttft_1536_s [s]       S0-07, S0-08
 *   s0_decode_tok_s_b1 [token/s] S0-09      s0_gen_usd_per_1k_b1 [USD]    S0-10
 *   s0_gen_usd_per_1k_b8, s0_gen_usd_per_1k_b32 [USD]  S0-11, S0-12 (weights only)
 *   s0_gen_usd_per_1k_b8_kv, s0_gen_usd_per_1k_b32_kv [USD]  the same with KV reads
 *   s0_decode_tok_s_8gpu [token/s] S0-13
 *   s0_ttft_b64_512_8gpu_s, s0_ttft_b64_3596_8gpu_s [s]  S0-14, S0-15
 *   s0_max_batch_4096_ideal, s0_max_batch_4096_reserve [sequence]  S0-16 both ways
 *   s0_reserve_gb [GB]           calibrated memory held back per chip
 *   s0_attn_gflop_8192 [GFLOP]   S0-17
 *   api_prompt_usd_per_1k, api_gen_usd_per_1k [USD]  GPT-3.5-turbo's 2023 API prices
 *   api_name [text]              which api_prices.csv row
 *   s0_prompt_api_ratio [x]      API prompt price / LLaMA's prompt cost ("3.5x cheaper")
 *   s0_gen_api_ratio_b1 [x]      LLaMA's batch-1 generation cost / API generation price
 *   s0_batch_to_match_api [sequence]  smallest batch whose weights-only cost is under the API
 *                                (these six read "n/a (no api_prices.csv)" without a
 *                                gpt-3.5-turbo row)
 *   t05_ttft_b1_512_2gpu_s, t05_tpot_b1_512_2gpu_ms, t05_gen_usd_per_1k_b1_512_2gpu
 *                                the calibrated estimator at batch 1, 512+512, 2 GPUs
 *   gpt4_active_params [param]   S1-01      gpt4_flop_per_token [FLOP]  S1-02
 *   gpt4_train_flop [FLOP]       S1-03      gpt4_train_days [day]       S1-04
 *   gpt4_train_usd_a100 [USD]    S1-05      gpt4_train_usd_h100 [USD]   S1-06
 *   gpt4_train_usd_a100_now [USD] at the report's A100 price
 *   gpt4_h100_days_mfu [day]     days on 8192 H100 at the seed's 34% MFU
 *   gpt4_h100_implied_mfu [fraction]  MFU the seed's 55 days on 8192 H100 imply (16-bit)
 *   gpt4_weights_gb_per_gpu [GB] S1-07
 *   bw_1t_33_tbs [TB/s]          S1-08      bw_8xh100_tbs, bw_8xa100_tbs [TB/s]
 *   dense_params_8xh100_33 [param]  the largest dense model 8 x H100 serves at 33.33 token/s
 *   moe_tokens_per_expert_4096 [token]  S1-09
 *   moe_cost_a100_usd_per_1k, moe_cost_h100_usd_per_1k [USD]  table 10-moe-cost (generated)
 *   moe_implied_mfu_a100, moe_implied_mfu_h100 [fraction]  MFU the seed's costs imply
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "estimate.h"
#include "figures_int.h"

/* ---- the seeds' stated scenario inputs ---- */

/* 000: LLaMA-2-70B as "70e9 parameters" (S0-01), 80 layers, 64 heads of 128, 8 KV heads. */
#define S0_PARAMS 70e9
#define S0_LAYERS 80
#define S0_HEADS 64
#define S0_KV_HEADS 8
#define S0_HEAD_DIM 128
#define S0_D_MODEL 8192
/* 000: an A100 "312 TFLOPS and 2 TB/s" (S0-04), 80 GB; 200 TFLOP/s achieved (S0-05),
 * 1.3 TB/s achieved (S0-09); two of them for $4.42 an hour (S0-06). */
#define S0_A100_TFLOPS 312.0
#define S0_A100_TBS 2.0
#define S0_A100_GB 80.0
#define S0_ACHIEVED_TFLOPS 200.0
#define S0_ACHIEVED_TBS 1.3
#define S0_USD_PER_PAIR_HOUR 4.42
#define S0_DATE 20230720L /* the article's date: the API price in force then */
/* 000 scenarios: 512- and 1536-token prompts (S0-07, S0-08), batch 64 with 512 and 3596
 * tokens on 8 GPUs (S0-14, S0-15), 4096-token sequences (S0-03, S0-16), context 8192
 * (S0-17), batches 8 and 32 (S0-11, S0-12), 512 generated tokens (the seed's Figure 3). */
#define S0_GEN_TOKENS 512
#define S0_SEQ_KV 4096
#define S0_ATTN_CONTEXT 8192

/* 001: GPT-4 as described: 1.8e12 params, 120 layers, 55e9 shared + 16 experts of 111e9,
 * 2 routed (S1-01); 13e12 training tokens (S1-03); 25000 A100 at 34% MFU, $1/h (S1-04,
 * S1-05); 8192 H100 for 55 days at $2/h (S1-06); 8-way tensor x 15-way pipeline (S1-07);
 * reading speeds 8.33, 20, 33.33 token/s (S1-08); a 4096-token batch (S1-09); inference on
 * 128 GPUs, 8k context (10-moe-cost). */
#define S1_PARAMS 1.8e12
#define S1_LAYERS 120
#define S1_SHARED 55e9
#define S1_EXPERT 111e9
#define S1_EXPERTS 16
#define S1_TOPK 2
#define S1_TOKENS 13e12
#define S1_A100_GPUS 25000
#define S1_MFU 0.34
#define S1_A100_USD 1.0
#define S1_SEED_USD_A100 63e6 /* what seed 001 says the A100 run cost (S1-05) */
#define S1_H100_GPUS 8192
#define S1_H100_DAYS 55.0
#define S1_H100_USD 2.0
#define S1_TP 8
#define S1_PP 15
#define S1_DENSE_PARAMS 1e12
#define S1_BATCH_TOKENS 4096
#define S1_INFER_GPUS 128
#define S1_INFER_PP 16 /* seed 001: 8-way tensor x 16-way pipeline for inference */
#define S1_CONTEXT 8192
static const double s1_rates[] = { 8.33, 20.0, 33.33 };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- look-ups ---- */

/* Lower-case letters and digits only: "LLaMA-2 70B" and "llama2-70b" compare equal. */
static void norm_name(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; s && *s && n + 1 < size; s++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			out[n++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[n++] = c;
	}
	out[n] = '\0';
}

/* The first model whose normalised name equals one of names (in order of preference). */
static const struct model *find_model(const struct inputs *in, const char *const *names, size_t n)
{
	char a[NAME_MAX_BYTES * 2], b[NAME_MAX_BYTES * 2];

	for (size_t k = 0; k < n; k++) {
		norm_name(names[k], a, sizeof a);
		for (size_t i = 0; i < in->n_models; i++) {
			norm_name(in->models[i].name, b, sizeof b);
			if (strcmp(a, b) == 0)
				return &in->models[i];
		}
	}
	return NULL;
}

static const struct hardware *find_hw(const struct inputs *in, const char *const *names, size_t n)
{
	char a[NAME_MAX_BYTES * 2], b[NAME_MAX_BYTES * 2];

	for (size_t k = 0; k < n; k++) {
		norm_name(names[k], a, sizeof a);
		for (size_t i = 0; i < in->n_hardware; i++) {
			norm_name(in->hardware[i].name, b, sizeof b);
			if (strcmp(a, b) == 0)
				return &in->hardware[i];
		}
	}
	return NULL;
}

static const char *const a100_names[] = { "A100-80GB", "A100-SXM-80GB", "A100-80GB-SXM",
					   "A100 SXM4 80GB", "A100-SXM4-80GB", "A100" };
static const char *const h100_names[] = { "H100-SXM", "H100-SXM-80GB", "H100-SXM5-80GB",
					   "H100 SXM5", "H100-80GB", "H100" };
static const char *const llama_names[] = { "LLaMA-2-70B", "Llama-2-70B", "Llama2-70B" };
static const char *const gpt4_names[] = { "GPT-4", "GPT-4-MoE", "GPT-4 (SemiAnalysis)",
					  "GPT-4-1.8T" };

/*
 * GPT-3.5-turbo's API price in force on `date` (the newest row not after it, else the oldest):
 * a row whose model names gpt-3.5-turbo without a longer-context or instruct variant.
 */
static const struct api_price *api_gpt35(const struct inputs *in, long date)
{
	const struct api_price *best = NULL, *oldest = NULL;
	char m[FIELD_MAX_BYTES];

	for (size_t i = 0; i < in->n_api_prices; i++) {
		const struct api_price *a = &in->api_prices[i];
		norm_name(a->model, m, sizeof m);
		if (strncmp(m, "gpt35turbo", 10) != 0 || strstr(m, "16k") || strstr(m, "instruct"))
			continue;
		if (!oldest || a->as_of < oldest->as_of)
			oldest = a;
		if (a->as_of <= date && (!best || a->as_of > best->as_of))
			best = a;
	}
	return best ? best : oldest;
}

/* ---- the seed 000 scenario ---- */

struct s0 {
	struct model m;       /* LLaMA-2-70B, params as the seed states them */
	struct hardware hw;   /* an A100-80GB */
	double mfu, mbu;      /* the seed's achieved rates over the chip's peaks */
	double usd_per_gpu_hour;
	const char *price_note; /* where usd_per_gpu_hour comes from, for captions */
	int model_from_inputs, hw_from_inputs;
	double row_params;    /* models.csv's count, when it differs from the seed's */
};

static void s0_init(struct s0 *s, const struct inputs *in, const struct figures_opts *o)
{
	const struct model *m = find_model(in, llama_names, NELEM(llama_names));
	const struct hardware *hw = find_hw(in, a100_names, NELEM(a100_names));

	memset(s, 0, sizeof *s);
	if (m) {
		s->m = *m;
		s->model_from_inputs = 1;
		if (fabs(m->params - S0_PARAMS) > 1e-3 * S0_PARAMS)
			s->row_params = m->params;
	} else {
		s->m.name = (char *)"LLaMA-2-70B";
		s->m.layers = S0_LAYERS;
		s->m.d_model = S0_D_MODEL;
		s->m.heads = S0_HEADS;
		s->m.kv_heads = S0_KV_HEADS;
		s->m.head_dim = S0_HEAD_DIM;
		s->m.experts = s->m.experts_per_token = 1;
		s->m.context = 4096;
		s->m.source = (char *)"seed 000";
	}
	s->m.params = S0_PARAMS;
	s->m.active_params = S0_PARAMS;
	if (hw) {
		s->hw = *hw;
		s->hw_from_inputs = 1;
	} else {
		s->hw.name = (char *)"A100-80GB";
		s->hw.peak_tflops_16 = S0_A100_TFLOPS;
		s->hw.mem_gb = S0_A100_GB;
		s->hw.mem_bw_tbs = S0_A100_TBS;
		s->hw.source = (char *)"seed 000";
	}
	s->mfu = fmin(1.0, S0_ACHIEVED_TFLOPS / s->hw.peak_tflops_16);
	s->mbu = fmin(1.0, S0_ACHIEVED_TBS / s->hw.mem_bw_tbs);
	/* the price in force on the article's date (prices.csv holds the seed's own row), else
	 * the seed's stated price */
	if (o->usd_per_gpu_hour > 0) {
		s->usd_per_gpu_hour = o->usd_per_gpu_hour;
		s->price_note = "set by --usd-per-gpu-hour";
	} else {
		const struct price *p = hw ? inputs_price_at(in, hw, S0_DATE) : NULL;
		s->usd_per_gpu_hour = p ? p->usd_per_gpu_hour : S0_USD_PER_PAIR_HOUR / 2;
		s->price_note = p ? "prices.csv on the seed's date, 2023-07-20"
				  : "the seed's $4.42/h for two";
	}
}

/*
 * One estimate in the seed's plain roofline (its efficiencies and price, no memory reserve
 * unless asked). Returns 0, or -1 after reporting an error (a bug: the scenario is valid).
 */
static int s0_infer(const struct s0 *s, int gpus, long batch, long prompt, long gen,
		    int weights_only, struct infer_result *r)
{
	struct infer_cfg c;

	infer_cfg_init(&c);
	c.model = &s->m;
	c.hw = &s->hw;
	c.gpus = gpus;
	c.batch = batch;
	c.prompt_tokens = prompt;
	c.gen_tokens = gen;
	c.mfu = s->mfu;
	c.mbu = s->mbu;
	c.reserve_gb = 0;
	c.usd_per_gpu_hour = s->usd_per_gpu_hour;
	c.weights_only = weights_only;
	if (estimate_infer(&c, r) < 0)
		return error("figures: cannot estimate %s on %d x %s (batch %ld, prompt %ld): %s",
			     s->m.name, gpus, s->hw.name, batch, prompt,
			     infer_cfg_problem(&c) ? infer_cfg_problem(&c) : "not finite");
	return 0;
}

/* ---- small formatting helpers ---- */

static char *sig(char *buf, size_t n, double v, int digits)
{
	return doc_fmt_sig(buf, n, v, digits);
}

static void add_num_value(struct doc *d, const char *name, double v, const char *unit, int digits)
{
	char b[64], t[96];

	if (unit && *unit)
		snprintf(t, sizeof t, "%s %s", sig(b, sizeof b, v, digits), unit);
	else
		snprintf(t, sizeof t, "%s", sig(b, sizeof b, v, digits));
	doc_add_value(d, name, v, unit, t);
}

static void add_si_value(struct doc *d, const char *name, double v, const char *unit)
{
	char t[96];
	doc_add_value(d, name, v, unit, fmt_count(v, unit, t, sizeof t));
}

static void add_sec_value(struct doc *d, const char *name, double v)
{
	char b[64];
	doc_add_value(d, name, v, "s", fmt_seconds(v, b, sizeof b));
}

/* "2.16e25": %.3g without the exponent's '+' and leading zeros. */
static char *fmt_exp(double v, char *buf, size_t size)
{
	char t[64], *e, *w;

	snprintf(t, sizeof t, "%.3g", v);
	e = strchr(t, 'e');
	if (e) {
		w = e + 1;
		if (*w == '+')
			memmove(w, w + 1, strlen(w + 1) + 1);
		else if (*w == '-')
			w++;
		while (*w == '0' && w[1])
			memmove(w, w + 1, strlen(w + 1) + 1);
	}
	snprintf(buf, size, "%s", t);
	return buf;
}

/* "140 GFLOP", "21.5 GFLOP", "554 GFLOP", "3.7 PFLOP"; exponent form from 1e18. */
static char *fmt_flop(double v, char *buf, size_t size)
{
	static const char *const pre[] = { "", "k", "M", "G", "T", "P" };
	char t[64];
	int k = 0;

	if (!isfinite(v) || fabs(v) >= 1e18) {
		snprintf(buf, size, "%s FLOP", fmt_exp(v, t, sizeof t));
		return buf;
	}
	while (k < 5 && fabs(v) >= 1000.0) {
		v /= 1000.0;
		k++;
	}
	snprintf(buf, size, "%s %sFLOP", doc_fmt_sig(t, sizeof t, v, 3), pre[k]);
	return buf;
}

static void add_flop_value(struct doc *d, const char *name, double v)
{
	char b[64];
	doc_add_value(d, name, v, "FLOP", fmt_flop(v, b, sizeof b));
}

/* ---- "Article vs llmcost" rows ---- */

enum vfmt { VF_SIG, VF_SI, VF_EXP, VF_USD, VF_INT };

/* What an article states for one seed-numbers.csv id (its own words, not the expected value). */
struct seed_claim {
	const char *id, *quantity;
	const char *article_text; /* as the article prints it */
	double article;           /* the same as a number in `unit`; NaN when it states none */
	const char *unit;
	double tol_pct;           /* seed-numbers.csv tolerance, against its expected value */
	enum vfmt vf;
	const char *note;         /* why article and llmcost differ; "" when they agree */
};

/* Seed 000 (000_dcda13c392d35657.txt), in S0 order; tolerances from seed-numbers.csv. */
static const struct seed_claim s0_claims[] = {
	{ "S0-01", "forward FLOPs per token", "140 GFLOP", 140e9, "FLOP", 1, VF_SI, "" },
	{ "S0-02", "KV cache bytes per token", "320 KB", 327680, "byte", 0.5, VF_INT,
	  "320 KiB: 2 x 80 layers x 8 KV heads x 128 x 2 bytes." },
	{ "S0-03", "KV cache for one 4096-token sequence", "1.3 GB", 1.3, "GB", 3, VF_SIG,
	  "The article rounds 1.34 GB down." },
	{ "S0-04", "prefill compute-bound above this prompt length", "156", 156, "token", 1,
	  VF_SIG, "" },
	{ "S0-05", "prefill throughput, 2 x A100", "2857", 2857, "token/s", 1, VF_SIG,
	  "llmcost adds attention FLOPs at the mean context (+0.5% at 512 tokens)." },
	{ "S0-06", "prompt cost", "$0.00042", 0.00042, "USD/1K prompt", 3, VF_USD,
	  "The article rounds $0.00043 down." },
	{ "S0-07", "TTFT, 512-token prompt, batch 1", "~170 ms", 0.170, "s", 6, VF_SIG,
	  "512 x 140 GFLOP / 400 TFLOP/s is 179 ms; the article's ~170 ms is loose." },
	{ "S0-08", "TTFT, 1536-token prompt, batch 1", "~530 ms", 0.530, "s", 3, VF_SIG, "" },
	{ "S0-09", "decode throughput at batch 1", "18.6", 18.6, "token/s", 1, VF_SIG, "" },
	{ "S0-10", "generation cost at batch 1", "$0.066", 0.066, "USD/1K generated",
	  1, VF_USD, "" },
	{ "S0-11", "generation cost at batch 8 (weights only)", "$0.00825", 0.00825,
	  "USD/1K generated", 1, VF_USD,
	  "Weights-only, as the article; with KV reads it is higher (Figure 04)." },
	{ "S0-12", "generation cost at batch 32 (weights only)", "$0.00206", 0.00206,
	  "USD/1K generated", 1, VF_USD,
	  "Weights-only, as the article; with KV reads it is higher (Figure 04)." },
	{ "S0-13", "decode throughput, 8 GPUs, batch 1", "~74.4", 74.4, "token/s", 1, VF_SIG, "" },
	{ "S0-14", "TTFT, batch 64 x 512 tokens, 8 GPUs", "close to 3 s", 3.0, "s", 2, VF_SIG,
	  "32768 x 140 GFLOP / 1600 TFLOP/s = 2.87 s; the article rounds up to ~3 s." },
	{ "S0-15", "TTFT, batch 64 x 3596 tokens, 8 GPUs", "20.1 s", 20.09, "s", 5, VF_SIG,
	  "The article ignores attention FLOPs (about +3% at this length)." },
	{ "S0-16", "largest batch, 4096-token sequences", "~8", 8, "sequence", 8, VF_INT,
	  "(160 - 140) / 1.34 = 14 ideally; ~8 in practice after runtime overhead and "
	  "fragmentation (llmcost's calibrated reserve, next row)." },
	{ "S0-16r", "the same after runtime reserve", "~8", 8, "sequence", (double)NAN, VF_INT,
	  "Calibrated reserve per chip held back (calib.h)." },
	{ "S0-17", "attention FLOPs per token at context 8192", "10.5 GFLOP", 10.5e9, "FLOP", 2,
	  VF_SI, "The article counts a multiply-add as one FLOP; with two FLOPs per "
		 "multiply-add (as for the 2P term) it is 21.5 GFLOP." },
};

/* Seed 001 (001_084169fec8fd3dab.txt). */
static const struct seed_claim s1_claims[] = {
	{ "S1-01", "active parameters per token", "~280 B", 280e9, "param", 1, VF_SI,
	  "55 B + 2 x 111 B = 277 B; the article rounds to ~280 B." },
	{ "S1-02", "forward FLOPs per token", "560 'TFLOP'", 560e9, "FLOP", 2, VF_SI,
	  "A unit slip: 2 x 277 B is 554 GFLOP per token, not TFLOP." },
	{ "S1-03", "training FLOPs", "~2.15e25", 2.15e25, "FLOP", 1, VF_EXP, "" },
	{ "S1-04", "training days, 25000 A100 at 34% MFU", "90 to 100", 95, "day", 2, VF_SIG, "" },
	{ "S1-05", "training cost at $1 per A100-hour", "~$63 M", 63e6, "USD", 15, VF_USD,
	  "$63 M implies ~105 days; 94 days at 34% MFU give $56 M." },
	{ "S1-06", "training cost, 8192 H100 x 55 days at $2/h", "$21.5 M", 21.5e6, "USD", 1,
	  VF_USD, "" },
	{ "S1-07", "16-bit weights per GPU (8 TP x 15 PP)", "~30 GB", 30, "GB", 1, VF_SIG, "" },
	{ "S1-08", "bandwidth for one user, dense 1T at 33.33 token/s", "more than 8 x H100",
	  (double)NAN, "TB/s", 1, VF_SIG,
	  "The article shows it in a chart: 66.7 TB/s vs 26.8 TB/s for 8 x H100." },
	{ "S1-09", "expected tokens per expert, batch 4096", "~500", 500, "token", 1, VF_SIG,
	  "4096 x 2 / 16 = 512; the article rounds to ~500." },
};

static void fmt_vf(char *b, size_t n, double v, enum vfmt vf, const char *unit)
{
	char t[64];

	if (!isfinite(v)) {
		snprintf(b, n, "n/a");
		return;
	}
	switch (vf) {
	case VF_USD:
		fmt_usd(v, b, n);
		break;
	case VF_SI:
		if (unit && strcmp(unit, "FLOP") == 0)
			fmt_flop(v, b, n);
		else
			snprintf(b, n, "%s", doc_fmt_si(t, sizeof t, v, 3));
		break;
	case VF_EXP:
		fmt_exp(v, b, n);
		break;
	case VF_INT:
		/* as many significant digits as the integer has, so nothing is rounded away */
		snprintf(b, n, "%s", doc_fmt_sig(t, sizeof t, round(v),
						 fabs(v) >= 10 ? (int)floor(log10(fabs(v))) + 1 : 1));
		break;
	default:
		snprintf(b, n, "%s", doc_fmt_sig(t, sizeof t, v, 3));
		break;
	}
}

/*
 * The table "Article vs llmcost" for one seed: computed[i] is llmcost's value for claims[i]
 * in the claim's unit. Columns: id, quantity, article says, llmcost, unit, difference (llmcost
 * vs the article's number), tolerance, note. Column 3 holds the raw computed values.
 */
static void claims_table(struct doc *d, const char *id, const char *title,
			 const struct seed_claim *claims, const double *computed, size_t n,
			 const char *caption)
{
	static const char *const head[] = { "id", "quantity", "article says", "llmcost", "unit",
					     "difference", "tolerance", "why they differ" };
	struct table *t = doc_add_table(d, id, title, NELEM(head), head);
	char b[64];

	table_set_align(t, 1, ALIGN_LEFT);
	table_set_align(t, 2, ALIGN_RIGHT);
	table_set_align(t, 4, ALIGN_LEFT);
	table_set_align(t, 7, ALIGN_LEFT);
	table_set_min_width(t, 7, 0.25); /* the notes: a few lines each, not a narrow column */
	for (size_t i = 0; i < n; i++) {
		const struct seed_claim *c = &claims[i];
		size_t r = table_add_row(t);
		double diff = fig_rel_diff(computed[i], c->article);

		table_set_text(t, r, 0, c->id);
		table_set_text(t, r, 1, c->quantity);
		table_set_cell(t, r, 2, c->article_text, c->article);
		fmt_vf(b, sizeof b, computed[i], c->vf, c->unit);
		table_set_cell(t, r, 3, b, computed[i]);
		table_set_text(t, r, 4, c->unit);
		if (isfinite(diff))
			table_set_cellf(t, r, 5, diff * 100, fabs(diff) < 0.0005 ? "%.1f%%" : "%+.1f%%",
			                fabs(diff) < 0.0005 ? 0.0 : diff * 100);
		else
			table_set_text(t, r, 5, "-");
		if (isfinite(c->tol_pct))
			table_set_cellf(t, r, 6, c->tol_pct, "%g%%", c->tol_pct);
		else
			table_set_text(t, r, 6, "-");
		table_set_text(t, r, 7, c->note);
	}
	table_set_caption(t, "%s", caption);
}

/* ---- item 3: prompt cost vs TTFT ---- */

static const long fig03_prompts[] = { 128, 256, 512, 1024, 2048, 4096 };
static const long batches_64[] = { 1, 2, 4, 8, 16, 32, 64 };

static int fig03(struct doc *d, const struct s0 *s, const struct api_price *api)
{
	struct figure *f = doc_add_figure(d, "03-prefill-cost",
		"Prompt cost vs time to first token, LLaMA-2-70B on 2 x A100-80GB",
		"time to first token (s)", "USD per 1K prompt tokens");
	struct infer_result r;
	char title[64], lab[32];
	size_t skipped = 0;

	/* the cost barely moves (it depends on batch x length only through the memory-bound
	 * corner and attention): a linear y axis shows the gap to the API price honestly */
	f->logx = 1;
	f->logy = 0;
	for (size_t k = 0; k < NELEM(fig03_prompts); k++) {
		struct series *ser;
		snprintf(title, sizeof title, "prompt %ld tokens", fig03_prompts[k]);
		ser = figure_add_series(f, title, STYLE_LINESPOINTS, NULL, NULL, 0);
		for (size_t b = 0; b < NELEM(batches_64); b++) {
			if (s0_infer(s, 2, batches_64[b], fig03_prompts[k], 1, 0, &r) < 0)
				return -1;
			if (!r.fits) {
				skipped++;
				continue;
			}
			series_add_point(ser, r.ttft_s, r.usd_per_1k_prompt);
			if (fig03_prompts[k] == 512) {
				snprintf(lab, sizeof lab, "B=%ld", batches_64[b]);
				series_set_point_label(ser, ser->n - 1, lab);
			}
		}
	}
	/* the y axis starts at 0: the gap to the API price is a ratio */
	figure_set_yrange(f, 0.0, (double)NAN);
	/* the cost of a compute-bound prompt (512 tokens) and the prompt length where prefill
	 * turns compute-bound at the seed's efficiencies */
	if (s0_infer(s, 2, 1, 512, 1, 0, &r) < 0)
		return -1;
	double ridge = s->hw.peak_tflops_16 * s->mfu / (s->hw.mem_bw_tbs * s->mbu);
	char apitxt[256] = "";
	if (api) {
		char t[128], p[32];
		snprintf(t, sizeof t, "%s prompt price %s/1K (%ld)", api->model,
			 fmt_usd(api->usd_per_1k_prompt, p, sizeof p), api->as_of / 10000);
		figure_add_mark(f, MARK_HLINE, 0, api->usd_per_1k_prompt, t);
		snprintf(apitxt, sizeof apitxt, " The dashed line is %s's API prompt price from "
			 "api_prices.csv: LLaMA's prompt tokens cost %.1f times less.", api->model,
			 api->usd_per_1k_prompt / r.usd_per_1k_prompt);
	}
	figure_set_caption(f,
		"Each curve is one prompt length; its points are batches of 1 to 64 prompts "
		"(labelled on the 512-token curve). Prefill is compute-bound beyond about %.0f tokens "
		"per batch, so the cost per prompt token stays flat at about %s per 1K while the wait "
		"for the first token grows with the batch; only the shortest prompts at batch 1 pay "
		"for reading the 140 GB of weights.%s Seed 000's plain roofline: %s from "
		"models.csv at %s parameters, 2 x %s (hardware.csv) at %.0f TFLOP/s achieved "
		"each (MFU %.0f%%), %s per GPU-hour (%s); %zu batch/length pairs whose KV cache does not "
		"fit in %.0f GB are left out.",
		ridge, fmt_usd(r.usd_per_1k_prompt, lab, sizeof lab), apitxt,
		s->m.name, doc_fmt_si((char[32]){ 0 }, 32, s->m.params, 3), s->hw.name, S0_ACHIEVED_TFLOPS, s->mfu * 100,
		fmt_usd(s->usd_per_gpu_hour, title, sizeof title), s->price_note, skipped,
		2 * s->hw.mem_gb);
	return 0;
}

/* ---- item 4: generation cost vs batch ---- */

static const long fig04_seq[] = { 1024, 2048, 4096 };

static int fig04(struct doc *d, const struct s0 *s, const struct api_price *api)
{
	struct figure *f = doc_add_figure(d, "04-gen-cost",
		"Generation cost vs batch size, LLaMA-2-70B on 2 x A100-80GB",
		"batch size (sequences)", "USD per 1K generated tokens");
	struct infer_result r;
	struct series *ser;
	char title[96], lab[96];

	f->logx = 1;
	f->logy = 1;
	ser = figure_add_series(f, "weights only (the seed's idealisation)", STYLE_LINESPOINTS,
				NULL, NULL, 0);
	for (size_t b = 0; b < NELEM(batches_64); b++) {
		if (s0_infer(s, 2, batches_64[b], 512, S0_GEN_TOKENS, 1, &r) < 0)
			return -1;
		series_add_point(ser, (double)batches_64[b], r.usd_per_1k_gen);
	}
	for (size_t k = 0; k < NELEM(fig04_seq); k++) {
		long seq = fig04_seq[k], prompt = seq - S0_GEN_TOKENS, maxb;
		if (s0_infer(s, 2, 1, prompt, S0_GEN_TOKENS, 0, &r) < 0)
			return -1;
		maxb = r.max_batch;
		snprintf(title, sizeof title, "with KV reads, %ld-token sequences", seq);
		ser = figure_add_series(f, title, STYLE_LINESPOINTS, NULL, NULL, 0);
		for (size_t b = 0; b < NELEM(batches_64) && batches_64[b] < maxb; b++) {
			if (s0_infer(s, 2, batches_64[b], prompt, S0_GEN_TOKENS, 0, &r) < 0)
				return -1;
			series_add_point(ser, (double)batches_64[b], r.usd_per_1k_gen);
		}
		if (maxb >= 1) {
			if (s0_infer(s, 2, maxb, prompt, S0_GEN_TOKENS, 0, &r) < 0)
				return -1;
			series_add_point(ser, (double)maxb, r.usd_per_1k_gen);
			snprintf(lab, sizeof lab, "max %ld", maxb);
			figure_add_mark(f, MARK_POINT, (double)maxb, r.usd_per_1k_gen, lab);
		}
	}
	char apitxt[320] = "";
	if (api) {
		char p[32];
		double b1_usd;
		snprintf(title, sizeof title, "%s generation price %s/1K (%ld)", api->model,
			 fmt_usd(api->usd_per_1k_gen, p, sizeof p), api->as_of / 10000);
		figure_add_mark(f, MARK_HLINE, 0, api->usd_per_1k_gen, title);
		if (s0_infer(s, 2, 1, 512, S0_GEN_TOKENS, 1, &r) < 0)
			return -1;
		b1_usd = r.usd_per_1k_gen;
		snprintf(apitxt, sizeof apitxt, " The dashed line is %s's API generation price "
			 "(api_prices.csv): batch 1 costs %.0f times more, and the weights-only cost "
			 "only drops below it from batch %.0f on, which the KV cache of long sequences "
			 "does not leave room for.", api->model, b1_usd / api->usd_per_1k_gen,
			 ceil(b1_usd / api->usd_per_1k_gen));
	}
	figure_set_caption(f,
		"Decoding is memory-bound: each step reads the %.0f GB of weights whatever the batch, "
		"so in the seed's idealisation (weights only) the cost per token falls as 1/batch. "
		"Reading each sequence's KV cache as well (%s bytes per token, 1024 to 4096-token "
		"sequences with %d generated) flattens the fall, and the cache fills the %.0f GB left "
		"beside the weights at the black dots, labelled with the largest batch that fits "
		"(no memory reserve; Figure 07 shows it after runtime overhead).%s Seed 000's plain roofline: %.1f TB/s "
		"achieved per GPU (MBU %.0f%%), %s per GPU-hour (%s).",
		s->m.params * 2 / 1e9, doc_fmt_sig(lab, sizeof lab, kv_bytes_per_token(&s->m,
		PREC_BF16), 6), S0_GEN_TOKENS, 2 * s->hw.mem_gb - s->m.params * 2 / 1e9,
		apitxt,
		S0_ACHIEVED_TBS, s->mbu * 100, fmt_usd(s->usd_per_gpu_hour, title, sizeof title),
		s->price_note);
	return 0;
}

/* ---- item 5: latency table ---- */

/* Up to `max` comma-separated integers of a sweep field; "max" is 0. Returns the count. */
static size_t parse_list(const char *s, long *out, size_t max)
{
	size_t n = 0;

	while (s && *s && n < max) {
		char *end;
		while (*s == ' ' || *s == ',')
			s++;
		if (!*s)
			break;
		if (strncmp(s, "max", 3) == 0) {
			out[n++] = 0;
			s += 3;
			continue;
		}
		long v = strtol(s, &end, 10);
		if (end == s)
			break;
		out[n++] = v;
		s = end;
	}
	return n;
}

#define T05_MAX 16

struct t05_grid {
	long gpus[T05_MAX], batch[T05_MAX], prompt[T05_MAX], gen[T05_MAX];
	size_t n_gpus, n_batch, n_prompt, n_gen;
};

/* The article's grid when sweeps.csv has none: batches 1 to 64, its three prompt lengths
 * (S0-07, S0-08, S0-15), 512 generated tokens (its Figure 3). */
static void t05_default(struct t05_grid *g, long gpus)
{
	static const long b[] = { 1, 8, 32, 64 }, p[] = { 512, 1536, 3596 };

	memset(g, 0, sizeof *g);
	g->gpus[0] = gpus;
	g->n_gpus = 1;
	memcpy(g->batch, b, sizeof b);
	g->n_batch = NELEM(b);
	memcpy(g->prompt, p, sizeof p);
	g->n_prompt = NELEM(p);
	g->gen[0] = S0_GEN_TOKENS;
	g->n_gen = 1;
}

static void t05_grid_for(const struct inputs *in, const char *sweep, long gpus,
			 struct t05_grid *g, int *from_sweep)
{
	const struct sweep *sw = inputs_find_sweep(in, sweep);

	t05_default(g, gpus);
	*from_sweep = 0;
	if (!sw)
		return;
	struct t05_grid t;
	memset(&t, 0, sizeof t);
	t.n_gpus = parse_list(sw->gpus, t.gpus, T05_MAX);
	t.n_batch = parse_list(sw->batch, t.batch, T05_MAX);
	t.n_prompt = parse_list(sw->prompt, t.prompt, T05_MAX);
	t.n_gen = parse_list(sw->gen, t.gen, T05_MAX);
	/* gen 1 rows are prompt-only runs (Figure 03): the table keeps the generating ones */
	if (t.n_gen > 1) {
		size_t k = 0;
		for (size_t j = 0; j < t.n_gen; j++)
			if (t.gen[j] > 1)
				t.gen[k++] = t.gen[j];
		if (k)
			t.n_gen = k;
	}
	if (t.n_gpus && t.n_batch && t.n_prompt && t.n_gen) {
		*g = t;
		*from_sweep = 1;
	}
}

static void add_t05_rows(struct table *t, const struct s0 *s, const struct t05_grid *g,
			 size_t *n_nofit)
{
	char b[64];

	for (size_t ig = 0; ig < g->n_gpus; ig++)
	for (size_t ib = 0; ib < g->n_batch; ib++)
	for (size_t ip = 0; ip < g->n_prompt; ip++)
	for (size_t in = 0; in < g->n_gen; in++) {
		struct infer_cfg c;
		struct infer_result r;
		infer_cfg_init(&c);
		c.model = &s->m;
		c.hw = &s->hw;
		c.gpus = (int)g->gpus[ig];
		c.batch = g->batch[ib];
		c.prompt_tokens = g->prompt[ip];
		c.gen_tokens = g->gen[in];
		c.usd_per_gpu_hour = s->usd_per_gpu_hour;
		if (estimate_infer(&c, &r) < 0)
			continue;
		size_t row = table_add_row(t);
		table_set_cellf(t, row, 0, c.gpus, "%d", c.gpus);
		table_set_cellf(t, row, 1, (double)r.batch, "%ld", r.batch);
		table_set_cellf(t, row, 2, (double)c.prompt_tokens, "%ld", c.prompt_tokens);
		table_set_cellf(t, row, 3, (double)c.gen_tokens, "%ld", c.gen_tokens);
		table_set_cell(t, row, 4, sig(b, sizeof b, r.ttft_s, 3), r.ttft_s);
		table_set_cell(t, row, 5, sig(b, sizeof b, r.tpot_s * 1e3, 3), r.tpot_s * 1e3);
		table_set_cell(t, row, 6, sig(b, sizeof b, r.throughput_tok_s, 3), r.throughput_tok_s);
		table_set_cell(t, row, 7, sig(b, sizeof b, r.usd_per_1k_prompt, 2), r.usd_per_1k_prompt);
		table_set_cell(t, row, 8, sig(b, sizeof b, r.usd_per_1k_gen, 2), r.usd_per_1k_gen);
		table_set_cell(t, row, 9, r.fits ? "yes" : "no", r.fits ? 1.0 : 0.0);
		if (!r.fits)
			(*n_nofit)++;
	}
}

static void table05(struct doc *d, const struct inputs *in, const struct s0 *s)
{
	static const char *const head[] = { "GPUs", "batch", "prompt (tokens)", "gen (tokens)",
		"TTFT (s)", "time per output token (ms)", "throughput (token/s)",
		"USD per 1K prompt", "USD per 1K generated", "fits" };
	struct table *t = doc_add_table(d, "05-latency-table",
		"LLaMA-2-70B latency and cost on 2 and 8 x A100-80GB", NELEM(head), head);
	struct t05_grid g2, g8;
	int sw2, sw8;
	size_t nofit = 0;
	char p[32];

	t05_grid_for(in, "llama2-70b-2xa100", 2, &g2, &sw2);
	t05_grid_for(in, "llama2-70b-8xa100", 8, &g8, &sw8);
	add_t05_rows(t, s, &g2, &nofit);
	add_t05_rows(t, s, &g8, &nofit);
	table_set_caption(t,
		"The seed's appendix table recomputed with llmcost's calibrated estimator (GEMM "
		"efficiency growing with the batch, bandwidth efficiency, per-layer overhead and "
		"all-reduces, computed per configuration from the constants of gen/calib.h; memory "
		"reserve held back per chip), so it predicts "
		"what a serving stack measures rather than the plain roofline of Figures 03-04. "
		"Grid: %s; %s per GPU-hour (%s). TTFT is the prefill of the whole "
		"batch; time per output token is the mean over the generation as the KV cache grows; "
		"throughput counts generated tokens over the whole request. %zu rows marked 'no' do "
		"not fit in memory (shown for completeness).",
		sw2 || sw8 ? "sweeps llama2-70b-2xa100 and llama2-70b-8xa100 of sweeps.csv (their "
			     "generating runs)"
			   : "the article's batches 1-64 and prompts of 512, 1536 and 3596 tokens",
		fmt_usd(s->usd_per_gpu_hour, p, sizeof p), s->price_note, nofit);
}

/* ---- item 6: roofline ---- */

/* Hardware for the roofline and the capacity figures: preferred names first, then the rest
 * in table order, at most max. */
static size_t pick_hardware(const struct inputs *in, const struct hardware **out, size_t max)
{
	static const char *const pref[] = { "A100-80GB", "H100-SXM", "H200", "B200", "MI300X",
		"V100", "A10G", "L4", "TPU-v4", "TPU-v5e", "Gaudi2", "L40S", "H100-PCIe" };
	char a[NAME_MAX_BYTES * 2], b[NAME_MAX_BYTES * 2];
	size_t n = 0;

	for (size_t k = 0; k < NELEM(pref) && n < max; k++) {
		norm_name(pref[k], a, sizeof a);
		for (size_t i = 0; i < in->n_hardware && n < max; i++) {
			const struct hardware *h = &in->hardware[i];
			size_t j;
			norm_name(h->name, b, sizeof b);
			if (strncmp(a, b, strlen(a)) != 0 || !(h->mem_bw_tbs > 0))
				continue;
			for (j = 0; j < n && out[j] != h; j++)
				;
			if (j == n) {
				out[n++] = h;
				break;
			}
		}
	}
	for (size_t i = 0; i < in->n_hardware && n < max; i++) {
		size_t j;
		for (j = 0; j < n && out[j] != &in->hardware[i]; j++)
			;
		if (j == n && in->hardware[i].mem_bw_tbs > 0 && in->hardware[i].peak_tflops_16 > 0)
			out[n++] = &in->hardware[i];
	}
	return n;
}

/* FLOP per byte of a decode step at batch b with ctx tokens of KV per sequence. */
static double decode_intensity(const struct model *m, double b, double ctx)
{
	return b * flops_per_token(m, ctx) /
	       (weight_bytes(m, PREC_BF16) + b * kv_bytes_per_token(m, PREC_BF16) * ctx);
}

static void fig06(struct doc *d, const struct inputs *in, const struct s0 *s)
{
	struct figure *f = doc_add_figure(d, "06-roofline",
		"Roofline: attainable 16-bit throughput vs arithmetic intensity",
		"arithmetic intensity (FLOP/byte)", "attainable TFLOP/s per chip");
	const struct hardware *hw[8];
	size_t n = pick_hardware(in, hw, NELEM(hw));
	const struct hardware *a100 = s->hw_from_inputs ? find_hw(in, a100_names,
							      NELEM(a100_names)) : &s->hw;
	double lo = 1, hi = 8192, ridge_seed, ridge_hw, bw, peak;
	char lab[128], b1[32];

	f->logx = 1;
	f->logy = 1;
	for (size_t i = 0; i < n; i++) {
		struct series *ser;
		double r = ridge_point_flop_per_byte(hw[i], PREC_BF16);
		ser = figure_add_series(f, hw[i]->name, STYLE_LINES, NULL, NULL, 0);
		series_add_point(ser, lo, lo * hw[i]->mem_bw_tbs);
		if (r > lo && r < hi)
			series_add_point(ser, r, hw[i]->peak_tflops_16);
		series_add_point(ser, hi, hw[i]->peak_tflops_16);
	}
	/* operating points on the A100 */
	bw = a100->mem_bw_tbs;
	peak = a100->peak_tflops_16;
	{
		static const double bs[] = { 1, 32 };
		for (size_t k = 0; k < NELEM(bs); k++) {
			double ai = decode_intensity(&s->m, bs[k], 1024);
			snprintf(lab, sizeof lab, "decode, batch %.0f", bs[k]);
			figure_add_mark(f, MARK_POINT, ai, fmin(peak, ai * bw), lab);
		}
		double n_prompt = 512;
		double ai = n_prompt * flops_per_token(&s->m, n_prompt / 2) /
			    (weight_bytes(&s->m, PREC_BF16) +
			     n_prompt * kv_bytes_per_token(&s->m, PREC_BF16));
		snprintf(lab, sizeof lab, "prefill, 512 tokens");
		figure_add_mark(f, MARK_POINT, ai, fmin(peak, ai * bw), lab);
	}
	ridge_seed = S0_A100_TFLOPS / S0_A100_TBS;
	ridge_hw = ridge_point_flop_per_byte(a100, PREC_BF16);
	snprintf(lab, sizeof lab, "A100 ridge %s", sig(b1, sizeof b1, ridge_hw, 3));
	figure_add_mark(f, MARK_VLINE, ridge_hw, 0, lab);
	figure_set_caption(f,
		"Each line is one chip of hardware.csv: below its ridge point a kernel is limited by "
		"memory bandwidth (slope = TB/s), above it by the 16-bit peak. LLaMA-2-70B's operating "
		"points are marked on the %s (black dots): decoding reads all weights for every step, "
		"so at batch 1 it does about 1 FLOP per byte and uses about 1%% of the chip, and even batch 32 stays "
		"far below the ridge; a 512-token prefill sits above it and is compute-bound. The "
		"ridge (dashed line) is %s FLOP/byte with hardware.csv's %.3g TB/s (the seed's 312 TFLOP/s over "
		"2 TB/s gives %.0f): prompts longer than that are compute-bound.",
		a100->name, sig(b1, sizeof b1, ridge_hw, 3), a100->mem_bw_tbs, ridge_seed);
	doc_add_valuef(d, "ridge_a100", ridge_seed, "FLOP/byte", "%.0f FLOP/byte", ridge_seed);
	add_num_value(d, "ridge_a100_hw", ridge_hw, "FLOP/byte", 3);
}

/* ---- item 7: max batch vs sequence length ---- */

static const double fig07_seq[] = { 256, 512, 1024, 2048, 4096, 8192, 16384, 32768 };

static void fig07(struct doc *d, const struct inputs *in, const struct s0 *s, long *ideal4096,
		  long *reserve4096)
{
	struct figure *f = doc_add_figure(d, "07-max-batch",
		"Largest batch that fits vs sequence length, LLaMA-2-70B (16-bit)",
		"sequence length (tokens)", "largest batch (sequences)");
	/* capacity depends only on memory: chips with the same memory share a curve */
	struct cfg { const struct hardware *hw; int gpus; char label[96]; } cfg[4];
	size_t nc = 0;
	const struct hardware *h100 = find_hw(in, h100_names, NELEM(h100_names));
	char title[512], b1[32];

	f->logx = 1;
	f->logy = 1;
	cfg[nc].hw = &s->hw;
	cfg[nc].gpus = 2;
	snprintf(cfg[nc].label, sizeof cfg[nc].label, "2 x %s", s->hw.name);
	nc++;
	cfg[nc].hw = &s->hw;
	cfg[nc].gpus = 8;
	if (h100 && h100->mem_gb == s->hw.mem_gb)
		snprintf(cfg[nc].label, sizeof cfg[nc].label, "8 x %s or %s", s->hw.name,
			 h100->name);
	else
		snprintf(cfg[nc].label, sizeof cfg[nc].label, "8 x %s", s->hw.name);
	nc++;
	if (h100 && h100->mem_gb != s->hw.mem_gb) {
		cfg[nc].hw = h100;
		cfg[nc].gpus = 8;
		snprintf(cfg[nc].label, sizeof cfg[nc].label, "8 x %s", h100->name);
		nc++;
	}
	{
		static const char *const big[] = { "H200", "MI300X", "B200" };
		for (size_t k = 0; k < NELEM(big) && nc < NELEM(cfg); k++) {
			const char *nm[1] = { big[k] };
			const struct hardware *h = find_hw(in, nm, 1);
			if (!h)
				continue;
			cfg[nc].hw = h;
			cfg[nc].gpus = 8;
			snprintf(cfg[nc].label, sizeof cfg[nc].label, "8 x %s", h->name);
			nc++;
		}
	}
	/* both memory assumptions for the seed's 2-GPU case; for the 8-GPU ones the reserve
	 * changes the batch by under 8%, so only the reserve curve is drawn (legibility) */
	for (size_t c = 0; c < nc; c++) {
		for (int withres = c == 0 ? 0 : 1; withres < 2; withres++) {
			struct series *ser;
			double res = withres ? default_reserve_gb(cfg[c].hw) : 0;
			if (c == 0)
				snprintf(title, sizeof title, "%s, %s", cfg[c].label,
					 withres ? "with reserve" : "ideal");
			else
				snprintf(title, sizeof title, "%s", cfg[c].label);
			ser = figure_add_series(f, title, STYLE_LINESPOINTS, NULL, NULL, 0);
			for (size_t k = 0; k < NELEM(fig07_seq); k++) {
				long b = max_batch_fit(&s->m, cfg[c].hw, cfg[c].gpus, PREC_BF16,
						       PREC_BF16, fig07_seq[k], res);
				if (b >= 1)
					series_add_point(ser, fig07_seq[k], (double)b);
			}
		}
	}
	*ideal4096 = max_batch_fit(&s->m, &s->hw, 2, PREC_BF16, PREC_BF16, S0_SEQ_KV, 0);
	*reserve4096 = max_batch_fit(&s->m, &s->hw, 2, PREC_BF16, PREC_BF16, S0_SEQ_KV,
				     default_reserve_gb(&s->hw));
	/* one label for the two seed points: they are too close for two */
	snprintf(title, sizeof title, "%ld ideal / %ld with reserve (seed ~8)",
		 *ideal4096, *reserve4096);
	figure_add_mark(f, MARK_POINT, S0_SEQ_KV, (double)*ideal4096, title);
	figure_add_mark(f, MARK_POINT, S0_SEQ_KV, (double)*reserve4096, "");
	figure_set_caption(f,
		"How many sequences' KV caches (%s bytes per token) fit beside the %.0f GB of 16-bit "
		"weights, for each GPU configuration, holding back llmcost's calibrated runtime "
		"reserve (%s GB per %s; for 2 GPUs also with no reserve, the ideal). On 2 x %s at 4096 tokens the "
		"ideal is %ld sequences and the reserve leaves %ld, the seed's ~8 in practice. Eight "
		"GPUs give %.0f times the batch, since the weights take a smaller share (the "
		"ideal is under 8%% higher there); configurations with no room at a length have no "
		"point there.",
		sig(b1, sizeof b1, kv_bytes_per_token(&s->m, PREC_BF16), 6), s->m.params * 2 / 1e9,
		sig(title, sizeof title, default_reserve_gb(&s->hw), 2), s->hw.name, s->hw.name,
		*ideal4096, *reserve4096,
		(double)max_batch_fit(&s->m, &s->hw, 8, PREC_BF16, PREC_BF16, S0_SEQ_KV, -1) /
		(double)(*reserve4096 > 0 ? *reserve4096 : 1));
}

/* ---- item 8: bandwidth wall ---- */

static void fig08(struct doc *d, const struct inputs *in, double *bw_1t_tbs)
{
	struct figure *f = doc_add_figure(d, "08-bandwidth-wall",
		"Memory bandwidth one user needs vs dense model size (16-bit weights)",
		"parameters (dense model)", "memory bandwidth needed (TB/s)");
	const struct hardware *h100 = find_hw(in, h100_names, NELEM(h100_names));
	const struct hardware *a100 = find_hw(in, a100_names, NELEM(a100_names));
	char title[128], b1[32];

	f->logx = 1;
	f->logy = 1;
	for (size_t k = 0; k < NELEM(s1_rates); k++) {
		struct series *ser;
		snprintf(title, sizeof title, "%.4g token/s per user", s1_rates[k]);
		ser = figure_add_series(f, title, STYLE_LINES, NULL, NULL, 0);
		for (int i = 0; i <= 30; i++) {
			double p = 1e10 * pow(10.0, 3.0 * i / 30.0);
			double bw = bandwidth_for_rate(p * precision_bytes(PREC_BF16), s1_rates[k]);
			series_add_point(ser, p, bw / 1e12);
		}
	}
	*bw_1t_tbs = bandwidth_for_rate(S1_DENSE_PARAMS * precision_bytes(PREC_BF16),
					s1_rates[2]) / 1e12;
	snprintf(title, sizeof title, "%s TB/s", sig(b1, sizeof b1, *bw_1t_tbs, 3));
	figure_add_mark(f, MARK_POINT, S1_DENSE_PARAMS, *bw_1t_tbs, title);
	/* the node bandwidths as legend entries rather than labelled lines: the two labels
	 * would sit on top of each other (26.8 and 16.3 TB/s are a fifth of a decade apart) */
	{
		const struct hardware *node[2] = { h100, a100 };
		for (size_t k = 0; k < 2; k++) {
			double xs[2] = { 1e10, 1e13 }, ys[2];
			if (!node[k])
				continue;
			ys[0] = ys[1] = 8 * node[k]->mem_bw_tbs;
			snprintf(title, sizeof title, "8 x %s: %s TB/s", node[k]->name,
				 sig(b1, sizeof b1, ys[0], 3));
			figure_add_series(f, title, STYLE_LINES, xs, ys, 2);
		}
	}
	figure_set_caption(f,
		"Serving one user reads every weight once per token, so the bandwidth needed is "
		"2 bytes x parameters x tokens/s (8.33 to 33.33 token/s are seed 001's reading "
		"speeds). A dense 1-trillion-parameter model at 33.33 token/s needs %s TB/s (the "
		"black dot), %s "
		"times what eight %s provide even at 100%% bandwidth utilisation (flat lines): the "
		"wall that "
		"pushed GPT-4 to a mixture of experts. Chip bandwidths from hardware.csv.",
		sig(b1, sizeof b1, *bw_1t_tbs, 3),
		h100 ? sig(title, sizeof title, *bw_1t_tbs / (8 * h100->mem_bw_tbs), 2) : "several",
		h100 ? h100->name : "H100");
	if (h100) {
		add_num_value(d, "bw_8xh100_tbs", 8 * h100->mem_bw_tbs, "TB/s", 3);
		add_si_value(d, "dense_params_8xh100_33",
			     8 * h100->mem_bw_tbs * 1e12 / (precision_bytes(PREC_BF16) * s1_rates[2]),
			     "params");
	}
	if (a100)
		add_num_value(d, "bw_8xa100_tbs", 8 * a100->mem_bw_tbs, "TB/s", 3);
	add_num_value(d, "bw_1t_33_tbs", *bw_1t_tbs, "TB/s", 3);
}

/* ---- item 9: GPT-4 training ---- */

/* GPT-4 as seed 001 describes it; layers from the seed, the rest only matters for KV. */
static void gpt4_described(struct model *m, const struct model *row)
{
	memset(m, 0, sizeof *m);
	if (row)
		*m = *row;
	m->name = (char *)"GPT-4 (seed 001)";
	m->params = S1_PARAMS;
	m->active_params = moe_active_params(S1_SHARED, S1_EXPERT, S1_TOPK);
	m->experts = S1_EXPERTS;
	m->experts_per_token = S1_TOPK;
	m->layers = S1_LAYERS;
	if (!row) {
		m->d_model = 12288;
		m->heads = 96;
		m->kv_heads = 1;
		m->head_dim = 128;
	}
}

struct s1_results {
	double active, flop_tok, train_flop, days, usd_a100, usd_h100, weights_gb, bw_tbs,
	       tok_per_expert;
};

static int table09(struct doc *d, const struct inputs *in, const struct figures_opts *o,
		   const struct model *g4, struct s1_results *s1)
{
	static const char *const head[] = { "quantity", "seed 001 says", "llmcost", "unit",
					    "how" };
	const struct hardware *a100 = find_hw(in, a100_names, NELEM(a100_names));
	const struct hardware *h100 = find_hw(in, h100_names, NELEM(h100_names));
	struct hardware a100_seed, h100_fallback;
	struct train_cfg c;
	struct train_result r, rh;
	struct table *t;
	char b[64], how[256];
	size_t row;
	double price_a100_now, price_h100_now, h100_mfu55, peak_h100;

	if (!a100) {
		memset(&a100_seed, 0, sizeof a100_seed);
		a100_seed.name = (char *)"A100";
		a100_seed.peak_tflops_16 = S0_A100_TFLOPS;
		a100_seed.mem_gb = S0_A100_GB;
		a100_seed.mem_bw_tbs = S0_A100_TBS;
		a100 = &a100_seed;
	}
	if (!h100) {
		memset(&h100_fallback, 0, sizeof h100_fallback);
		h100_fallback.name = (char *)"H100";
		h100_fallback.peak_tflops_16 = 989;
		h100_fallback.mem_gb = 80;
		h100_fallback.mem_bw_tbs = 3.35;
		h100 = &h100_fallback;
	}
	memset(&c, 0, sizeof c);
	c.model = g4;
	c.hw = a100;
	c.tokens = S1_TOKENS;
	c.gpus = S1_A100_GPUS;
	c.mfu = S1_MFU;
	c.usd_per_gpu_hour = S1_A100_USD;
	if (estimate_train(&c, &r) < 0)
		return error("figures: cannot estimate GPT-4 training: %s",
			     train_cfg_problem(&c) ? train_cfg_problem(&c) : "not finite");
	c.hw = h100;
	c.gpus = S1_H100_GPUS;
	c.usd_per_gpu_hour = S1_H100_USD;
	if (estimate_train(&c, &rh) < 0)
		return error("figures: cannot estimate GPT-4 training on %s", h100->name);

	s1->active = model_active_params(g4);
	s1->flop_tok = flops_per_token(g4, 0);
	s1->train_flop = r.train_flop;
	s1->days = r.days;
	s1->usd_a100 = r.usd;
	s1->usd_h100 = train_cost_usd(S1_H100_GPUS, S1_H100_DAYS, S1_H100_USD);
	s1->weights_gb = weight_bytes_per_chip(g4, PREC_BF16, S1_TP, S1_PP) / 1e9;
	s1->tok_per_expert = moe_tokens_per_expert(S1_BATCH_TOKENS, S1_EXPERTS, S1_TOPK);
	peak_h100 = h100->peak_tflops_16 * 1e12;
	h100_mfu55 = r.train_flop / (S1_H100_GPUS * peak_h100 * S1_H100_DAYS * 86400);
	price_a100_now = fig_price(in, o, a100);
	price_h100_now = fig_price(in, o, h100);

	t = doc_add_table(d, "09-gpt4-training", "GPT-4 training as seed 001 describes it",
			  NELEM(head), head);
	table_set_align(t, 3, ALIGN_LEFT);
	table_set_align(t, 4, ALIGN_LEFT);

#define ROW(q, says, val, txt, unit, h) do { \
		row = table_add_row(t); \
		table_set_text(t, row, 0, q); \
		table_set_text(t, row, 1, says); \
		table_set_cell(t, row, 2, txt, val); \
		table_set_text(t, row, 3, unit); \
		table_set_text(t, row, 4, h); \
	} while (0)

	ROW("active parameters per token", "~280 B", s1->active,
	    doc_fmt_si(b, sizeof b, s1->active, 3), "param", "55 B shared + 2 x 111 B experts");
	ROW("forward FLOPs per token", "560 'TFLOP'", s1->flop_tok,
	    fmt_flop(s1->flop_tok, b, sizeof b), "FLOP", "2 x active (seed: unit slip)");
	ROW("training tokens", "~13 T", S1_TOKENS, doc_fmt_si(b, sizeof b, S1_TOKENS, 3),
	    "token", "seed's input");
	fmt_exp(r.train_flop, b, sizeof b);
	ROW("training FLOPs", "~2.15e25", r.train_flop, b, "FLOP", "6 x active x tokens");
	ROW("GPUs", "~25,000 A100", S1_A100_GPUS, doc_fmt_sig(b, sizeof b, S1_A100_GPUS, 5),
	    "GPU", a100->name);
	ROW("MFU", "32% to 36%", S1_MFU, fmt_pct(S1_MFU, b, sizeof b), "", "seed's input");
	ROW("training days", "90 to 100", r.days, doc_fmt_sig(b, sizeof b, r.days, 3), "day",
	    "FLOPs / (GPUs x peak x MFU)");
	snprintf(how, sizeof how, "GPUs x days x 24 x $1 (the seed's $63 M implies %.0f days)",
		 S1_SEED_USD_A100 / (S1_A100_GPUS * 24 * S1_A100_USD));
	ROW("cost on A100 at $1/GPU-hour", "~$63 M", r.usd, fmt_usd(r.usd, b, sizeof b), "USD",
	    how);
	if (isfinite(price_a100_now)) {
		double u = r.gpu_hours * price_a100_now;
		snprintf(how, sizeof how, "at %s/GPU-hour (%s)", fmt_usd(price_a100_now, b, sizeof b),
			 o->usd_per_gpu_hour > 0 ? "--usd-per-gpu-hour" : "prices.csv");
		ROW("cost on A100 at the report's price", "-", u, fmt_usd(u, b, sizeof b), "USD",
		    how);
		add_usd_value(d, "gpt4_train_usd_a100_now", u);
	}
	ROW("cost on H100: 8192 GPUs x 55 days at $2/h", "~$21.5 M", s1->usd_h100,
	    fmt_usd(s1->usd_h100, b, sizeof b), "USD", "seed's scenario, recomputed");
	snprintf(how, sizeof how, "8192 x %s at 34%% MFU, 16-bit; the seed's 55 days imply %s MFU",
		 h100->name, fmt_pct(h100_mfu55, b, sizeof b));
	ROW("training days on 8192 H100", "~55", rh.days, doc_fmt_sig(b, sizeof b, rh.days, 3),
	    "day", how);
	ROW("cost on H100 at $2/h for those days", "-", rh.usd, fmt_usd(rh.usd, b, sizeof b),
	    "USD", "GPU-hours x $2");
	if (isfinite(price_h100_now)) {
		double u = rh.gpu_hours * price_h100_now;
		snprintf(how, sizeof how, "at %s/GPU-hour (%s)", fmt_usd(price_h100_now, b, sizeof b),
			 o->usd_per_gpu_hour > 0 ? "--usd-per-gpu-hour" : "prices.csv");
		ROW("cost on H100 at the report's price", "-", u, fmt_usd(u, b, sizeof b), "USD",
		    how);
	}
	ROW("16-bit weights per GPU", "~30 GB", s1->weights_gb,
	    doc_fmt_sig(b, sizeof b, s1->weights_gb, 3), "GB", "1.8 T x 2 bytes / (8 TP x 15 PP)");
#undef ROW
	table_set_caption(t,
		"Seed 001's GPT-4 (1.8 T parameters, 16 experts of 111 B with 2 routed per token, "
		"55 B shared, 13 T training tokens) recomputed with estimate_train on %s and %s from "
		"hardware.csv. The seed's own numbers agree within rounding, except its '560 TFLOP' "
		"(GFLOP per token) and its $63 M, which corresponds to about %.0f rather than %s days.",
		a100->name, h100->name, S1_SEED_USD_A100 / (S1_A100_GPUS * 24 * S1_A100_USD),
		doc_fmt_sig(b, sizeof b, r.days, 3));

	add_si_value(d, "gpt4_active_params", s1->active, "params");
	add_flop_value(d, "gpt4_flop_per_token", s1->flop_tok);
	add_flop_value(d, "gpt4_train_flop", r.train_flop);
	add_num_value(d, "gpt4_train_days", r.days, "days", 3);
	add_usd_value(d, "gpt4_train_usd_a100", r.usd);
	add_usd_value(d, "gpt4_train_usd_h100", s1->usd_h100);
	add_num_value(d, "gpt4_h100_days_mfu", rh.days, "days", 3);
	add_pct_value(d, "gpt4_h100_implied_mfu", h100_mfu55);
	add_num_value(d, "gpt4_weights_gb_per_gpu", s1->weights_gb, "GB", 3);
	return 0;
}

/* ---- item 10: mixture of experts ---- */

static void fig10(struct doc *d, const struct s0 *s)
{
	struct figure *f = doc_add_figure(d, "10-moe-experts",
		"Mixture of experts: tokens per expert vs global batch (16 experts, top-2)",
		"global batch (tokens per step)", "tokens per expert / experts touched");
	double xs[49], mean[49], per_used[49], touched[49];
	char lab[128], b1[32];
	double ridge = S0_A100_TFLOPS / S0_A100_TBS;

	f->logx = 1;
	f->logy = 1;
	for (int i = 0; i <= 48; i++) {
		double b = pow(2.0, 16.0 * i / 48.0);
		double e = moe_experts_touched(b, S1_EXPERTS, S1_TOPK);
		xs[i] = b;
		mean[i] = moe_tokens_per_expert(b, S1_EXPERTS, S1_TOPK);
		per_used[i] = b * S1_TOPK / e;
		touched[i] = e;
	}
	/* a series pointer is valid only until the next figure_add_series: add whole arrays */
	figure_add_series(f, "tokens per expert (mean over all 16)", STYLE_LINES, xs, mean, 49);
	figure_add_series(f, "tokens per used expert", STYLE_LINES, xs, per_used, 49);
	figure_add_series(f, "experts touched (of 16)", STYLE_LINES, xs, touched, 49);
	snprintf(lab, sizeof lab, "%s (seed: ~500)",
		 sig(b1, sizeof b1, moe_tokens_per_expert(S1_BATCH_TOKENS, S1_EXPERTS, S1_TOPK),
		     3));
	figure_add_mark(f, MARK_POINT, S1_BATCH_TOKENS,
			moe_tokens_per_expert(S1_BATCH_TOKENS, S1_EXPERTS, S1_TOPK), lab);
	snprintf(lab, sizeof lab, "A100 ridge: %.0f FLOP/byte", ridge);
	figure_add_mark(f, MARK_HLINE, 0, ridge, lab);
	figure_set_caption(f,
		"With 16 experts and 2 routed per token, an expert sees on average one eighth of "
		"the batch. A decode step of batch 8 touches about %s of the 16 experts, so most "
		"expert weights are read for a single token; all 16 are in use from a few dozen "
		"tokens on, and only from about %s tokens per step does each expert's matrix "
		"multiply reach the A100's ridge of %.0f FLOP/byte (tokens per expert ~ FLOP per "
		"byte of expert weights read). Seed 001's inference batches of 4k+ tokens give "
		"about 512 per expert (black dot). Expected values for uniform independent routing (estimator: "
		"moe_tokens_per_expert, moe_experts_touched); %s serves as the reference chip.",
		sig(b1, sizeof b1, moe_experts_touched(8, S1_EXPERTS, S1_TOPK), 2),
		sig(lab, sizeof lab, ridge * S1_EXPERTS / S1_TOPK, 3), ridge, s->hw.name);
}

struct moe_row {
	const struct hardware *hw;
	double seed_usd, seed_price;
};

static int table10(struct doc *d, const struct inputs *in, const struct figures_opts *o,
		   const struct model *g4row, const struct model *g4desc)
{
	static const char *const head[] = { "hardware", "GPUs", "batch (sequences)",
		"USD/GPU-hour", "decode (token/s)", "bound", "USD/1K prompt",
		"USD/1K generated", "seed says", "implied MFU", "USD/1K gen., price now" };
	const struct hardware *a100 = find_hw(in, a100_names, NELEM(a100_names));
	const struct hardware *h100 = find_hw(in, h100_names, NELEM(h100_names));
	/* seed 001: $0.0049 per 1K tokens on 128 A100, $0.0021 on 128 H100; its prices $1/$2 */
	struct moe_row rows[2] = { { a100, 0.0049, S1_A100_USD }, { h100, 0.0021, S1_H100_USD } };
	const struct model *m = g4row ? g4row : g4desc;
	struct table *t = doc_add_table(d, "10-moe-cost",
		"GPT-4 inference cost per 1K tokens on 128 A100 vs 128 H100", NELEM(head), head);
	char b[64];
	long batch_used = 0;
	double mfu_used = 0, mbu_used = 0, ratio_lo = INFINITY, ratio_hi = 0;
	struct {
		const struct hardware *hw;
		struct infer_result r;
	} step = { 0 };
	char parts[800] = "";

	for (size_t i = 0; i < NELEM(rows); i++) {
		struct infer_cfg c;
		struct infer_result r;
		double now, implied;
		long maxb;
		size_t row;

		if (!rows[i].hw)
			continue;
		maxb = max_batch_fit(m, rows[i].hw, S1_INFER_GPUS, PREC_BF16, PREC_BF16,
				     S1_CONTEXT, -1);
		infer_cfg_init(&c);
		c.model = m;
		c.hw = rows[i].hw;
		c.gpus = S1_INFER_GPUS;
		c.pipeline_ways = S1_INFER_PP;
		c.batch = maxb >= S1_BATCH_TOKENS ? S1_BATCH_TOKENS : maxb >= 1 ? maxb : 1;
		c.prompt_tokens = S1_CONTEXT - S0_GEN_TOKENS;
		c.gen_tokens = S0_GEN_TOKENS;
		c.usd_per_gpu_hour = rows[i].seed_price;
		if (estimate_infer(&c, &r) < 0)
			return error("figures: cannot estimate %s on %d x %s: %s", m->name,
				     S1_INFER_GPUS, rows[i].hw->name,
				     infer_cfg_problem(&c) ? infer_cfg_problem(&c) : "not finite");
		batch_used = r.batch;
		if (i == 0 || !step.hw) {
			step.hw = rows[i].hw;
			step.r = r;
		}
		mfu_used = r.mfu_prefill;
		mbu_used = r.mbu_decode;
		/* the MFU at which a compute-bound decode would cost what the seed says */
		implied = rows[i].seed_price * S1_INFER_GPUS / 3600 * 1000 /
			  (rows[i].seed_usd * S1_INFER_GPUS * hw_peak_flops(rows[i].hw, PREC_BF16) /
			   flops_per_token(m, S1_CONTEXT / 2.0));
		now = fig_price(in, o, rows[i].hw);
		row = table_add_row(t);
		table_set_text(t, row, 0, rows[i].hw->name);
		table_set_cellf(t, row, 1, S1_INFER_GPUS, "%d", S1_INFER_GPUS);
		table_set_cellf(t, row, 2, (double)r.batch, "%ld", r.batch);
		table_set_cell(t, row, 3, fmt_usd(rows[i].seed_price, b, sizeof b), rows[i].seed_price);
		table_set_cell(t, row, 4, doc_fmt_sig(b, sizeof b, r.decode_tok_s, 3), r.decode_tok_s);
		table_set_text(t, row, 5, r.bound == BOUND_COMPUTE ? "compute" : "memory");
		table_set_cell(t, row, 6, fmt_usd(r.usd_per_1k_prompt, b, sizeof b),
			       r.usd_per_1k_prompt);
		table_set_cell(t, row, 7, fmt_usd(r.usd_per_1k_gen, b, sizeof b), r.usd_per_1k_gen);
		table_set_cell(t, row, 8, fmt_usd(rows[i].seed_usd, b, sizeof b), rows[i].seed_usd);
		table_set_cell(t, row, 9, fmt_pct(implied, b, sizeof b), implied);
		if (isfinite(now)) {
			double u = r.usd_per_1k_gen / rows[i].seed_price * now;
			table_set_cell(t, row, 10, fmt_usd(u, b, sizeof b), u);
		} else {
			table_set_text(t, row, 10, "n/a");
		}
		ratio_lo = fmin(ratio_lo, rows[i].seed_usd / r.usd_per_1k_gen);
		ratio_hi = fmax(ratio_hi, rows[i].seed_usd / r.usd_per_1k_gen);
		add_usd_value(d, i == 0 ? "moe_cost_a100_usd_per_1k" : "moe_cost_h100_usd_per_1k",
			      r.usd_per_1k_gen);
		add_pct_value(d, i == 0 ? "moe_implied_mfu_a100" : "moe_implied_mfu_h100", implied);
	}
	if (step.hw) {
		char g[32], kv[32], ne[32], ov[32], cm[32], tp[32];
		snprintf(parts, sizeof parts, " One decode step on %s takes %s per output token: "
			 "weight GEMMs %s, KV-cache reads %s, element-wise work %s, fixed overhead "
			 "%s, all-reduces and pipeline hops %s (each stage's share of the batch; the "
			 "%d stages work on different micro-batches).", step.hw->name,
			 fmt_seconds(step.r.tpot_s, tp, sizeof tp),
			 fmt_seconds(step.r.t_gemm_s, g, sizeof g),
			 fmt_seconds(step.r.t_kv_s, kv, sizeof kv),
			 fmt_seconds(step.r.t_nongemm_s, ne, sizeof ne),
			 fmt_seconds(step.r.t_overhead_s, ov, sizeof ov),
			 fmt_seconds(step.r.t_comm_s, cm, sizeof cm), S1_INFER_PP);
		if (m->kv_heads < S1_INFER_GPUS / S1_INFER_PP) {
			size_t len = strlen(parts);
			snprintf(parts + len, sizeof parts - len, " With %d KV head%s and %d-way "
				 "tensor parallelism every chip of a stage reads the whole KV cache "
				 "(counted in the step time), but the memory check still counts one "
				 "copy, so the batch is an upper bound.", m->kv_heads,
				 m->kv_heads == 1 ? "" : "s", S1_INFER_GPUS / S1_INFER_PP);
		}
	}
	table_set_caption(t,
		"Assumptions: %s (%s parameters, %s active, %d experts, %d per token) in 16-bit on "
		"128 GPUs laid out as seed 001 describes: 8-way tensor parallel (all-reduces within "
		"each 8-GPU node) x 16-way pipeline (activations handed from stage to stage), a batch of %ld sequences of %d tokens (%ld prompt + %d "
		"generated; smaller if the KV cache does not fit), llmcost's calibrated efficiencies "
		"(prefill MFU %s, decode MBU %s, runtime reserve), and seed 001's prices of $1 per "
		"A100-hour and $2 per H100-hour. Seed 001 assumes 'good high utilisation' but "
		"states neither its price nor its MFU; its costs are %.1f to %.1f times llmcost's "
		"generation costs, which corresponds to the implied MFU at those prices. The last "
		"column prices the same generation at the report's rental price (prices.csv or the "
		"override).%s",
		m->name, doc_fmt_si(b, sizeof b, m->params, 3),
		fmt_count(model_active_params(m), "", (char[32]){ 0 }, 32), m->experts,
		m->experts_per_token, batch_used, S1_CONTEXT, (long)(S1_CONTEXT - S0_GEN_TOKENS),
		S0_GEN_TOKENS, fmt_pct(mfu_used, (char[32]){ 0 }, 32),
		fmt_pct(mbu_used, (char[32]){ 0 }, 32), ratio_lo, ratio_hi, parts);
	return 0;
}

/* ---- the section ---- */

int figures_serving(const struct inputs *in, const struct figures_opts *o, struct doc *d)
{
	struct s0 s;
	struct infer_result r;
	const struct api_price *api = api_gpt35(in, S0_DATE);
	/* why the API values are n/a when there is no such row */
	const char *no_api = in->n_api_prices ? "no gpt-3.5-turbo price in api_prices.csv" :
						"no api_prices.csv";
	const struct model *g4row = find_model(in, gpt4_names, NELEM(gpt4_names));
	struct model g4;
	struct s1_results s1 = { 0 };
	double c0[NELEM(s0_claims)], c1[NELEM(s1_claims)];
	long ideal4096, reserve4096;
	size_t i = 0;

	s0_init(&s, in, o);

	/* ---- seed 000 numbers ---- */
	c0[i++] = flops_per_token(&s.m, 0);
	c0[i++] = kv_bytes_per_token(&s.m, PREC_BF16);
	c0[i++] = kv_bytes_per_token(&s.m, PREC_BF16) * S0_SEQ_KV / 1e9;
	{
		struct hardware stated = s.hw;
		stated.peak_tflops_16 = S0_A100_TFLOPS;
		stated.mem_bw_tbs = S0_A100_TBS;
		c0[i++] = ridge_point_flop_per_byte(&stated, PREC_BF16);
	}
	if (s0_infer(&s, 2, 1, 512, 1, 0, &r) < 0)
		return -1;
	c0[i++] = r.prefill_tok_s;
	c0[i++] = r.usd_per_1k_prompt;
	c0[i++] = r.ttft_s;
	add_num_value(d, "s0_prefill_tok_s", r.prefill_tok_s, "token/s", 4);
	add_usd_value(d, "s0_prompt_usd_per_1k", r.usd_per_1k_prompt);
	add_sec_value(d, "s0_ttft_512_s", r.ttft_s);
	if (api) {
		double ratio = api->usd_per_1k_prompt / r.usd_per_1k_prompt;
		doc_add_valuef(d, "s0_prompt_api_ratio", ratio, "x", "%.1fx", ratio);
	} else {
		add_na_value(d, "s0_prompt_api_ratio", no_api);
	}
	if (s0_infer(&s, 2, 1, 1536, 1, 0, &r) < 0)
		return -1;
	c0[i++] = r.ttft_s;
	add_sec_value(d, "s0_ttft_1536_s", r.ttft_s);
	if (s0_infer(&s, 2, 1, 512, S0_GEN_TOKENS, 1, &r) < 0)
		return -1;
	c0[i++] = r.decode_tok_s;
	c0[i++] = r.usd_per_1k_gen;
	add_num_value(d, "s0_decode_tok_s_b1", r.decode_tok_s, "token/s", 3);
	add_usd_value(d, "s0_gen_usd_per_1k_b1", r.usd_per_1k_gen);
	if (api) {
		double ratio = r.usd_per_1k_gen / api->usd_per_1k_gen;
		doc_add_valuef(d, "s0_gen_api_ratio_b1", ratio, "x", "%.0fx", ratio);
		/* weights-only cost falls as 1/batch: the batch where it drops under the API's */
		long b = (long)ceil(r.usd_per_1k_gen / api->usd_per_1k_gen);
		doc_add_valuef(d, "s0_batch_to_match_api", (double)b, "sequence", "%ld", b);
	} else {
		add_na_value(d, "s0_gen_api_ratio_b1", no_api);
		add_na_value(d, "s0_batch_to_match_api", no_api);
	}
	{
		static const long bs[] = { 8, 32 };
		static const char *const nm[] = { "s0_gen_usd_per_1k_b8", "s0_gen_usd_per_1k_b32" };
		static const char *const nmkv[] = { "s0_gen_usd_per_1k_b8_kv",
						    "s0_gen_usd_per_1k_b32_kv" };
		for (size_t k = 0; k < 2; k++) {
			if (s0_infer(&s, 2, bs[k], 512, S0_GEN_TOKENS, 1, &r) < 0)
				return -1;
			c0[i++] = r.usd_per_1k_gen;
			add_usd_value(d, nm[k], r.usd_per_1k_gen);
			if (s0_infer(&s, 2, bs[k], 512, S0_GEN_TOKENS, 0, &r) < 0)
				return -1;
			add_usd_value(d, nmkv[k], r.usd_per_1k_gen);
		}
	}
	if (s0_infer(&s, 8, 1, 512, S0_GEN_TOKENS, 1, &r) < 0)
		return -1;
	c0[i++] = r.decode_tok_s;
	add_num_value(d, "s0_decode_tok_s_8gpu", r.decode_tok_s, "token/s", 3);
	if (s0_infer(&s, 8, 64, 512, 1, 0, &r) < 0)
		return -1;
	c0[i++] = r.ttft_s;
	add_sec_value(d, "s0_ttft_b64_512_8gpu_s", r.ttft_s);
	if (s0_infer(&s, 8, 64, 3596, 1, 0, &r) < 0)
		return -1;
	c0[i++] = r.ttft_s;
	add_sec_value(d, "s0_ttft_b64_3596_8gpu_s", r.ttft_s);

	/* figures 03, 04, table 05, figures 06, 07 */
	if (fig03(d, &s, api) < 0 || fig04(d, &s, api) < 0)
		return -1;
	table05(d, in, &s);
	fig06(d, in, &s);
	fig07(d, in, &s, &ideal4096, &reserve4096);
	c0[i++] = (double)ideal4096;
	c0[i++] = (double)reserve4096;
	c0[i++] = attn_flops_per_token(&s.m, S0_ATTN_CONTEXT);
	doc_add_valuef(d, "s0_max_batch_4096_ideal", (double)ideal4096, "sequence", "%ld",
		       ideal4096);
	doc_add_valuef(d, "s0_max_batch_4096_reserve", (double)reserve4096, "sequence", "%ld",
		       reserve4096);
	add_num_value(d, "s0_reserve_gb", default_reserve_gb(&s.hw), "GB", 2);
	add_num_value(d, "s0_attn_gflop_8192", c0[i - 1] / 1e9, "GFLOP", 3);
	add_flop_value(d, "s0_flop_per_token", c0[0]);
	add_num_value(d, "s0_kv_bytes_per_token", c0[1], "bytes", 6);
	add_num_value(d, "s0_kv_gb_4096", c0[2], "GB", 3);
	add_si_value(d, "s0_params", s.m.params, "params");
	add_usd_value(d, "s0_usd_per_gpu_hour", s.usd_per_gpu_hour);
	add_pct_value(d, "s0_mfu", s.mfu);
	add_pct_value(d, "s0_mbu", s.mbu);
	if (api) {
		add_usd_value(d, "api_prompt_usd_per_1k", api->usd_per_1k_prompt);
		add_usd_value(d, "api_gen_usd_per_1k", api->usd_per_1k_gen);
		doc_add_value(d, "api_name", 0, "", api->model);
	} else {
		add_na_value(d, "api_prompt_usd_per_1k", no_api);
		add_na_value(d, "api_gen_usd_per_1k", no_api);
		add_na_value(d, "api_name", no_api);
	}
	{
		struct infer_cfg c;
		infer_cfg_init(&c);
		c.model = &s.m;
		c.hw = &s.hw;
		c.gpus = 2;
		c.usd_per_gpu_hour = s.usd_per_gpu_hour;
		if (estimate_infer(&c, &r) == 0) {
			add_sec_value(d, "t05_ttft_b1_512_2gpu_s", r.ttft_s);
			add_num_value(d, "t05_tpot_b1_512_2gpu_ms", r.tpot_s * 1e3, "ms", 3);
			add_usd_value(d, "t05_gen_usd_per_1k_b1_512_2gpu", r.usd_per_1k_gen);
		}
	}
	{
		char cap[1024];
		snprintf(cap, sizeof cap,
			 "Every number seed 000 states, recomputed by llmcost from the seed's own "
			 "inputs (LLaMA-2-70B at %s parameters from models.csv, the A100 as 312 "
			 "TFLOP/s and 2 TB/s, 200 TFLOP/s and 1.3 TB/s achieved, $4.42/h for two). "
			 "'difference' compares llmcost with the article's printed value; the "
			 "tolerance is seed-numbers.csv's, against its exact derivation.%s",
			 doc_fmt_si((char[32]){ 0 }, 32, s.m.params, 3),
			 s.row_params > 0 ? " models.csv's exact parameter count differs; the "
					    "seed's 70e9 is used for its scenario." : "");
		claims_table(d, "07-article-vs-llmcost", "Seed 000 (LLaMA-2-70B vs GPT-3.5): "
			     "article vs llmcost", s0_claims, c0, NELEM(s0_claims), cap);
	}

	/* ---- seed 001 ---- */
	gpt4_described(&g4, g4row);
	{
		double bw1t;
		fig08(d, in, &bw1t);
		if (table09(d, in, o, &g4, &s1) < 0)
			return -1;
		s1.bw_tbs = bw1t;
	}
	fig10(d, &s);
	if (table10(d, in, o, g4row, &g4) < 0)
		return -1;
	add_num_value(d, "moe_tokens_per_expert_4096", s1.tok_per_expert, "tokens", 3);
	i = 0;
	c1[i++] = s1.active;
	c1[i++] = s1.flop_tok;
	c1[i++] = s1.train_flop;
	c1[i++] = s1.days;
	c1[i++] = s1.usd_a100;
	c1[i++] = s1.usd_h100;
	c1[i++] = s1.weights_gb;
	c1[i++] = s1.bw_tbs;
	c1[i++] = s1.tok_per_expert;
	claims_table(d, "10-article-vs-llmcost", "Seed 001 (GPT-4): article vs llmcost", s1_claims,
		     c1, NELEM(s1_claims),
		     "Every number seed 001 states, recomputed from its own description of GPT-4 "
		     "(1.8 T parameters, 55 B shared + 16 experts of 111 B, 2 per token, 13 T tokens, "
		     "25,000 A100 at 34% MFU and $1/h, 8192 H100 for 55 days at $2/h). 'difference' "
		     "compares llmcost with the article's printed value; the tolerance is "
		     "seed-numbers.csv's, against its exact derivation.");
	return 0;
}
