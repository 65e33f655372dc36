/*
 * figures_econ_ref.c - the reference tables of the economics half (figures.md items 18 and 22,
 * and the article-vs-llmcost tables of items 11 and 18): seed 003's numbers every LLM
 * developer should know, each recomputed from the inputs; every efficiency, constant and price
 * the report assumes, with its source, and the formulas; each number seeds 002 and 003 state
 * beside llmcost's value (tracked ones with their tolerance in seed-numbers.csv).
 *
 * Ids added: tables 18-numbers, 22-efficiencies, 22-prices, 22-formulas, and the
 * 11-seed002-vs-llmcost and 18-seed003-vs-llmcost tables econ_vs_article() is asked for.
 * Values: s3_01 .. s3_03, gpt4_gpt35_price_ratio and its variants, batching_gain_b25,
 * kv_mb_per_token_13b, train_13b_1t4_usd, embedding_model_gb, mem_7b_gb.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "calib.h"
#include "figures_econ.h"

/* ---- item 18: numbers every LLM developer should know (seed 003) ---- */

static void num_row(struct table *t, const char *what, const char *article, const char *computed,
		    double raw, const char *how)
{
	size_t r = table_add_row(t);

	table_set_text(t, r, 0, what);
	table_set_text(t, r, 1, article);
	table_set_cell(t, r, 2, computed, raw);
	table_set_text(t, r, 3, how);
}

/* Blended price of 1K prompt + 1K generated tokens (seed 003 compares 1:1). */
static double api_blend(const struct api_price *a)
{
	return a ? a->usd_per_1k_prompt + a->usd_per_1k_gen : (double)NAN;
}

void econ_numbers(struct econ *e)
{
	static const char *head[] = { "number", "article says", "llmcost computes", "how" };
	struct table *t = fig_table(e->d, "18-numbers",
				    "Numbers every LLM developer should know, recomputed", 4, head,
				    LEFT_COL(1) | LEFT_COL(3));
	static const char *const n13[] = { "LLaMA-2-13B", "LLaMA-13B", NULL };
	static const char *const n7[] = { "LLaMA-2-7B", "LLaMA-7B", NULL };
	static const char *const nbert[] = { "BERT-Large", NULL };
	const struct model *m13 = model_like(e->in, n13, 13e9);
	const struct model *m7 = model_like(e->in, n7, 0);
	const struct model *bert = model_like(e->in, nbert, S2_BERT_PARAMS);
	const struct hardware *a100 = hw_like(e->in, "A100", 80);
	char buf[128], how[512], date[32];
	double v;

	v = words_to_tokens(1.0, S3_TOKENS_PER_WORD);
	doc_add_valuef(e->d, "s3_03", v, "token per word", "%.1f", v);
	snprintf(buf, sizeof buf, "%.1f tokens per word", v);
	snprintf(how, sizeof how, "%.0f words x %.1f = %.0f tokens (the price book's default)",
		 S3_WORDS, S3_TOKENS_PER_WORD, words_to_tokens(S3_WORDS, S3_TOKENS_PER_WORD));
	num_row(t, "tokens per English word (S3-03)", "1.3 (750 words ~ 1000 tokens)", buf, v, how);

	{
		long dates[2] = { S3_PRICE_DATE, e->o->as_of };
		const char *no_api = e->in->n_api_prices ? "not in api_prices.csv on that date" :
							   "no api_prices.csv";
		for (int k = 0; k < 2; k++) {
			const struct api_price *g4 = api_at(e->in, "gpt-4", dates[k]);
			const struct api_price *g32 = api_at(e->in, "gpt-4-32k", dates[k]);
			const struct api_price *g35 = api_at(e->in, "gpt-3.5-turbo", dates[k]);
			double ratio, r32;
			if (!g4)
				g4 = api_at(e->in, "gpt-4-8k", dates[k]);
			ratio = api_blend(g4) / api_blend(g35);
			r32 = api_blend(g32) / api_blend(g35);
			if (!isfinite(r32))
				add_na_value(e->d, k ? "gpt4_32k_gpt35_price_ratio_now" :
						       "gpt4_32k_gpt35_price_ratio", no_api);
			if (!isfinite(ratio)) {
				add_na_value(e->d, k ? "gpt4_gpt35_price_ratio_now" :
						       "gpt4_gpt35_price_ratio", no_api);
				continue;
			}
			if (dates[k] > 0)
				fmt_date(dates[k], date, sizeof date);
			else
				snprintf(date, sizeof date, "the newest rows");
			if (isfinite(r32))
				snprintf(buf, sizeof buf, "%.0f x (8K context), %.0f x (32K)", ratio, r32);
			else
				snprintf(buf, sizeof buf, "%.0f x", ratio);
			snprintf(how, sizeof how, "api_prices.csv, %s: %s $%.4g + $%.4g vs %s $%.4g + "
				 "$%.4g per 1K prompt + 1K generated tokens", date, g4->model,
				 g4->usd_per_1k_prompt, g4->usd_per_1k_gen, g35->model,
				 g35->usd_per_1k_prompt, g35->usd_per_1k_gen);
			num_row(t, k ? "GPT-4 : GPT-3.5 price, report date" :
				       "GPT-4 : GPT-3.5 price, article's date", k ? "-" : "~50 x", buf,
				ratio, how);
			doc_add_valuef(e->d, k ? "gpt4_gpt35_price_ratio_now" : "gpt4_gpt35_price_ratio",
				       ratio, "x", "%.0f", ratio);
			if (isfinite(r32))
				doc_add_valuef(e->d, k ? "gpt4_32k_gpt35_price_ratio_now" :
							 "gpt4_32k_gpt35_price_ratio", r32, "x", "%.0f", r32);
		}
	}

	v = precision_bytes(PREC_BF16);
	snprintf(buf, sizeof buf, "%.0f bytes", v);
	num_row(t, "memory per parameter, 16-bit", "2 bytes", buf, v,
		"bf16/fp16 weights; 8-bit halves it, 4-bit quarters it");

	v = S3_7B_PARAMS * precision_bytes(PREC_BF16) / 1e9;
	doc_add_valuef(e->d, "s3_02", v, "GB", "%.0f GB", v);
	doc_add_valuef(e->d, "mem_7b_gb", v, "GB", "%.0f GB", v);
	snprintf(buf, sizeof buf, "%.0f GB", v);
	snprintf(how, sizeof how, "%s parameters x %.0f bytes",
		 doc_fmt_si(date, sizeof date, S3_7B_PARAMS, 3), precision_bytes(PREC_BF16));
	num_row(t, "inference memory of a 7B model (S3-02)", "14 GB", buf, v, how);
	if (m7) {
		v = weight_bytes(m7, PREC_BF16) / 1e9;
		snprintf(buf, sizeof buf, "%.1f GB", v);
		snprintf(how, sizeof how, "%s from models.csv: %s parameters x 2 bytes", m7->name,
			 doc_fmt_si(date, sizeof date, m7->params, 3));
		num_row(t, "the same for a real 7B model", "-", buf, v, how);
	}

	v = kv_bytes_per_token_mha(S3_13B_LAYERS, S3_13B_D_MODEL, PREC_BF16) / 1e6;
	doc_add_valuef(e->d, "s3_01", v, "MB", "%.2f MB", v);
	doc_add_valuef(e->d, "kv_mb_per_token_13b", v, "MB", "%.2f MB", v);
	snprintf(buf, sizeof buf, "%.2f MB", v);
	snprintf(how, sizeof how, "2 (K and V) x %d layers x d_model %d x %.0f bytes",
		 S3_13B_LAYERS, S3_13B_D_MODEL, precision_bytes(PREC_BF16));
	num_row(t, "KV cache per token of a 13B model (S3-01)", "~1 MB", buf, v, how);
	snprintf(buf, sizeof buf, "%.2f GB", v * S3_KV_TOKENS / 1e3);
	snprintf(how, sizeof how, "%.0f x the line above", S3_KV_TOKENS);
	num_row(t, "KV cache of 512 tokens of that model", "512 MB", buf, v * S3_KV_TOKENS / 1e3,
		how);

	if (m13 && a100) {
		struct infer_cfg c;
		struct infer_result r1, r25;
		char b1[32];
		double p = fig_price(e->in, e->o, a100);
		infer_cfg_init(&c);
		c.model = m13;
		c.hw = a100;
		c.usd_per_gpu_hour = p > 0 ? p : 0;
		c.batch = 1;
		int ok = estimate_infer(&c, &r1) == 0;
		c.batch = S3_BATCH;
		ok = ok && estimate_infer(&c, &r25) == 0 && r25.fits;
		if (ok) {
			v = r25.throughput_tok_s / r1.throughput_tok_s;
			doc_add_valuef(e->d, "batching_gain_b25", v, "x", "%.1f", v);
			snprintf(buf, sizeof buf, "%.1f x", v);
			snprintf(how, sizeof how, "estimator: %s on 1 x %s, %ld + %ld tokens; "
				 "%.0f token/s at batch %ld vs %.0f at batch 1 (a request takes %s "
				 "vs %s)", m13->name, a100->name, c.prompt_tokens, c.gen_tokens,
				 r25.throughput_tok_s, S3_BATCH, r1.throughput_tok_s,
				 fmt_seconds(r25.ttft_s + (double)(c.gen_tokens - 1) * r25.tpot_s, date,
					     sizeof date),
				 fmt_seconds(r1.ttft_s + (double)(c.gen_tokens - 1) * r1.tpot_s, b1,
					     sizeof b1));
			num_row(t, "throughput gain of batching 25 requests", "> 10 x (25 in ~2x the "
				"time of 1)", buf, v, how);
		}
	}

	{
		double params = bert ? bert->params : S2_BERT_PARAMS;
		v = params * precision_bytes(PREC_BF16) / 1e9;
		doc_add_valuef(e->d, "embedding_model_gb", v, "GB", "%.2f GB", v);
		snprintf(buf, sizeof buf, "%.2f GB", v);
		snprintf(how, sizeof how, "a BERT-Large-sized embedding model (%s parameters) in "
			 "16-bit", doc_fmt_si(date, sizeof date, params, 3));
		num_row(t, "GPU memory of an embedding model", "~1 GB", buf, v, how);
	}

	if (a100) {
		struct train_result r;
		double p = fig_price(e->in, e->o, a100);
		/* the real 13B model when models.csv has one, so the calibrated training model
		 * sees its shape */
		if (train_scenario(m13, m13 ? m13->params : S3_TRAIN_PARAMS, 0, S3_TRAIN_TOKENS, a100,
				   0, 0, p, &r) == 0 && p > 0) {
			add_usd_value(e->d, "train_13b_1t4_usd", r.usd);
			char sn[32], sd[32], sf[32];
			snprintf(how, sizeof how, "%s%s6 x %s x %s = %s FLOP on %s at %.0f%% MFU "
				 "(%s GPU-hours) x $%.2f/GPU-hour; the seed's $1M reflects 2023 prices "
				 "and failures", m13 ? m13->name : "", m13 ? ": " : "",
				 doc_fmt_si(sn, sizeof sn, m13 ? m13->params : S3_TRAIN_PARAMS, 3),
				 doc_fmt_si(sd, sizeof sd, S3_TRAIN_TOKENS, 3),
				 fmt_sci(r.train_flop, sf, sizeof sf), a100->name, r.mfu * 100,
				 doc_fmt_si(date, sizeof date, r.gpu_hours, 3), p);
			num_row(t, "training a 13B model on 1.4T tokens", "~$1 M",
				fmt_usd(r.usd, buf, sizeof buf), r.usd, how);
		}
	}

	{
		static const char *const chips[] = { "V100", "A10G", "A100", "H100" };
		char list[256] = "";
		size_t len = 0;
		for (size_t k = 0; k < N_ELEM(chips); k++)
			for (size_t i = 0; i < e->in->n_hardware; i++) {
				const struct hardware *h = &e->in->hardware[i];
				if (!key_has(h->name, chips[k]) || len + 40 > sizeof list)
					continue;
				len += (size_t)snprintf(list + len, sizeof list - len, "%s%s %.0f GB",
							len ? ", " : "", h->name, h->mem_gb);
			}
		if (len)
			num_row(t, "GPU memory sizes", "V100 16 GB, A10G 24 GB, A100 40/80 GB", list,
				(double)NAN, "hardware.csv");
	}
	{
		const struct hardware *a10g = hw_like(e->in, "A10G", 0);
		double p = a10g ? fig_price(e->in, e->o, a10g) : (double)NAN;
		if (p > 0) {
			snprintf(buf, sizeof buf, "$%.2f per hour", p);
			num_row(t, "renting an A10G", "$1.5-2 per hour", buf, p,
				"prices.csv, price in force on the report date");
		}
	}
	table_set_caption(t,
		"Seed 003's rules of thumb, each recomputed from the inputs: prices from "
		"api_prices.csv and prices.csv, memory from the models and chips, the batching gain "
		"from the estimator. The article's value stands beside each; the seed 003 "
		"article-vs-llmcost table checks the three the project tracks.");
}

/* ---- item 22: assumptions and formulas ---- */

void econ_assumptions(struct econ *e)
{
	static const char *h1[] = { "constant", "value", "used for", "source and justification" };
	static const char *h2[] = { "hardware", "$/GPU-hour", "as of", "provider", "source" };
	static const char *h3[] = { "quantity", "formula" };
	/* Every constant of gen/calib.h, each guarded so that a constant the calibration work
	 * renames or drops leaves this table instead of breaking the build. */
#define CALIB_ROW(name, unit, use, why) { #name, (double)(name), unit, use, "gen/calib.h: " why },
	static const struct {
		const char *name;
		double v;
		const char *unit, *use, *source;
	} consts[] = {
#ifdef CALIB_MFU_PREFILL
		CALIB_ROW(CALIB_MFU_PREFILL, "%", "GEMM efficiency, 16-bit (prefill, large batches)",
			  "fitted on large-batch prefills and throughputs M-I4, M-I6, M-I7 (0.79-0.85); what cuBLAS reaches on large bf16 GEMMs. An asymptote: a GEMM over M tokens gets this x M / (M + M_half)")
#endif
#ifdef CALIB_ETA_FLOP_8
		CALIB_ROW(CALIB_ETA_FLOP_8, "%", "GEMM efficiency, 8-bit",
			  "fitted on H100 fp8 rows M-I8, M-I9 (0.54-0.59): scaling and quantisation kernels")
#endif
#ifdef CALIB_MBU_DECODE
		CALIB_ROW(CALIB_MBU_DECODE, "%", "memory-bandwidth efficiency (decode)",
			  "fitted on batch-1 decode M-I2, M-I3 and the KV-bound M-I5 (at the 0.9 edge allowed). An asymptote for streaming kernels")
#endif
#ifdef CALIB_M_HALF_RIDGE
		CALIB_ROW(CALIB_M_HALF_RIDGE, "", "GEMM half-efficiency size, x ridge point",
			  "fitted on small prefills M-I1, M-I9 and batch-1 latency M-I3 (0.74-0.76); training GEMM shapes use it too")
#endif
#ifdef CALIB_T_LAYER_S
		CALIB_ROW(CALIB_T_LAYER_S, "s", "fixed time per layer per step",
			  "fitted on batch-1 latencies M-I1, M-I2, M-I3, M-I9 (73-81 us): launches, scheduling, sampling")
#endif
#ifdef CALIB_NONGEMM_PASSES
		CALIB_ROW(CALIB_NONGEMM_PASSES, "", "non-GEMM activation passes per layer",
			  "fitted on large-batch throughputs M-I4, M-I8 (12-24, flat optimum): norms, residuals, rotary, SwiGLU")
#endif
#ifdef CALIB_ATTN_ETA_FRAC
		CALIB_ROW(CALIB_ATTN_ETA_FRAC, "", "attention efficiency vs GEMMs",
			  "fitted on the training rows (0.4 with all seven): softmax and head_dim-wide matrices")
#endif
#ifdef CALIB_ETA_LINK
		CALIB_ROW(CALIB_ETA_LINK, "%", "chip-to-chip link efficiency",
			  "M-I7 (TP4 over NVLink)")
#endif
#ifdef CALIB_T_ALLREDUCE_S
		CALIB_ROW(CALIB_T_ALLREDUCE_S, "s", "latency of one all-reduce",
			  "NCCL all-reduce of small messages on NVLink (~10 us)")
#endif
#ifdef CALIB_LINK_UNKNOWN_GBS
		CALIB_ROW(CALIB_LINK_UNKNOWN_GBS, "GB/s", "link bandwidth when unknown",
			  "PCIe Gen3 x16 when hardware.csv leaves link_gbs empty")
#endif
#ifdef CALIB_MFU_TRAIN
		CALIB_ROW(CALIB_MFU_TRAIN, "%", "headline training MFU (runs without a model shape)",
			  "LLaMA, Llama 3.1 405B report 38-48%; a headline only, training estimates compute MFU from the mechanisms below")
#endif
#ifdef CALIB_TRAIN_ETA_GEMM
		CALIB_ROW(CALIB_TRAIN_ETA_GEMM, "%", "training GEMM efficiency, ideal shape",
			  "fitted on M-T1..M-T7 (the refit drifts to the 0.85 range edge and worsens the out-of-sample runs: kept); each GEMM's intensity lowers it")
#endif
#ifdef CALIB_TRAIN_NONGEMM_PASSES
		CALIB_ROW(CALIB_TRAIN_NONGEMM_PASSES, "", "training memory traffic per layer",
			  "fitted (850-970) on LLaMA-7B vs 13B-65B and MPT-7B on A100-40GB: every unfused bandwidth-bound kernel")
#endif
#ifdef CALIB_NODE_GPUS
		CALIB_ROW(CALIB_NODE_GPUS, "", "link domain when hardware.csv has no domain_chips",
			  "NVLink domain of an 8-GPU node")
#endif
#ifdef CALIB_ACT_BYTES_PER_TOKEN_D
		CALIB_ROW(CALIB_ACT_BYTES_PER_TOKEN_D, "bytes / d_model", "activations kept per token and layer",
			  "Korthikanti et al. 2022 eq. 2 with flash attention, divided by tensor ways")
#endif
#ifdef CALIB_CKPT_BYTES_PER_TOKEN_D
		CALIB_ROW(CALIB_CKPT_BYTES_PER_TOKEN_D, "bytes / d_model", "kept by a recomputed layer",
			  "its 16-bit input")
#endif
#ifdef CALIB_PP_INTERLEAVE
		CALIB_ROW(CALIB_PP_INTERLEAVE, "", "virtual pipeline stages per chip",
			  "Megatron interleaved 1F1B; Llama 3 405B: 2 layers per virtual stage")
#endif
#ifdef CALIB_NET_FRAC_OF_LINK
		CALIB_ROW(CALIB_NET_FRAC_OF_LINK, "", "network when hardware.csv has no net_gbs, share of link",
			  "A100 nodes: 8 x 200 Gb/s InfiniBand = 25 GB/s per GPU = link / 12")
#endif
#ifdef CALIB_TRAIN_BATCH_TOKENS
		CALIB_ROW(CALIB_TRAIN_BATCH_TOKENS, "tokens", "global training batch when not published",
			  "LLaMA: 4M tokens per step at every size")
#endif
#ifdef CALIB_DP_OVERLAP
		CALIB_ROW(CALIB_DP_OVERLAP, "%", "data-parallel traffic hidden by compute",
			  "share of the backward pass that hides gradient traffic")
#endif
#ifdef CALIB_FAIL_PER_GPU_HOUR
		CALIB_ROW(CALIB_FAIL_PER_GPU_HOUR, "per GPU-hour", "interruptions",
			  "Llama 3 (arXiv:2407.21783): 419 interruptions in 54 days on 16384 H100")
#endif
#ifdef CALIB_CKPT_GBS_PER_GPU
		CALIB_ROW(CALIB_CKPT_GBS_PER_GPU, "GB/s", "checkpoint write bandwidth per GPU",
			  "Llama 3: Tectonic sustains 2 TB/s for 16384 GPUs; interval by Young's rule")
#endif
#ifdef CALIB_RESTART_H
		CALIB_ROW(CALIB_RESTART_H, "h", "restart after an interruption",
			  "Llama 3: > 90% effective training time")
#endif
#ifdef CALIB_TRAIN_DAYS
		CALIB_ROW(CALIB_TRAIN_DAYS, "days", "run length when chips are not given",
			  "LLaMA-65B: 2048 A100 for 21 days")
#endif
#ifdef CALIB_TRAIN_SEQ_MAX
		CALIB_ROW(CALIB_TRAIN_SEQ_MAX, "tokens", "longest training sequence assumed",
			  "LLaMA 2048, Llama 3 pre-training 8192")
#endif
#ifdef CALIB_RESERVE_BASE_GB
		CALIB_ROW(CALIB_RESERVE_BASE_GB, "GB", "memory held back per chip",
			  "CUDA context and workspace")
#endif
#ifdef CALIB_RESERVE_FRAC
		CALIB_ROW(CALIB_RESERVE_FRAC, "%", "share of chip memory held back",
			  "fragmentation and activations; gives seed 000's ~8 sequences of 4096 on 2 x A100-80GB")
#endif
		{ "seed 002 inference MFU", S2_INFER_MFU, "%", "175B inference (S2-01)",
		  "seed 002: GPT-3's training MFU" },
		{ "seed 002 training MFU", S2_TRAIN_MFU, "%", "training cost (S2-02, S2-03)",
		  "seed 002: PaLM on TPU v4" },
		{ "cache hit rate", S2_CACHE_HIT, "%", "cost per query (S2-07, S2-08)", "seed 002" },
		{ "API gross margin", S2_GROSS_MARGIN, "%", "cost per query (S2-07, S2-08)",
		  "seed 002" },
		{ "tokens per word (seed 002)", S2_TOKENS_PER_WORD, "", "cost per query", "seed 002: 4/3" },
		{ "tokens per word (seed 003)", S3_TOKENS_PER_WORD, "", "numbers to know", "seed 003" },
		{ "in-house write-off", INHOUSE_YEARS, "years", "in-house training cost", "llmcost" },
		{ "in-house power price", INHOUSE_USD_PER_KWH, "USD/kWh", "in-house training cost",
		  "llmcost" },
		{ "Chinchilla tokens per parameter", CHINCHILLA_TOKENS_PER_PARAM, "",
		  "training cost when training.csv has no run", "Hoffmann et al. 2022" },
		{ "training state per parameter", 20.0, "bytes", "training memory",
		  "2 + 2 + 4 + 4 + 4 (seed 002)" },
	};
#undef CALIB_ROW
	static const struct {
		const char *what, *formula;
	} forms[] = {
		{ "forward FLOPs per token", "2 x active params + 4 x context x head_dim x heads x "
					     "layers (attention)" },
		{ "weights", "params x bytes per value (bf16/fp16 2, fp8/int8 1, int4 0.5)" },
		{ "KV cache per token", "2 x layers x kv_heads x head_dim x bytes" },
		{ "largest batch", "floor((chips x (memory - reserve) - weights) / KV per sequence)" },
		{ "prefill time (TTFT)", "max(batch x prompt x FLOPs per token / (chips x peak x MFU), "
					 "weights / (chips x bandwidth x MBU))" },
		{ "decode step", "max(batch x FLOPs per token / (chips x peak x MFU), (weights + batch "
				 "x KV bytes) / (chips x bandwidth x MBU))" },
		{ "cost per 1K tokens", "(price per GPU-hour x chips / 3600) / (tokens per second) x "
					"1000" },
		{ "node cost per 1K tokens (S2-01)", "(node price per hour / 3600) / (chips x peak x "
						      "MFU / 2N) x 1000" },
		{ "training FLOP", "6 x active params x tokens" },
		{ "GPU-hours", "training FLOP / (peak x MFU) / 3600" },
		{ "training cost", "GPU-hours x price per GPU-hour" },
		{ "training state", "20 bytes x params; chips = ceil(state / chip memory)" },
		{ "implied MFU", "6 N D / (GPU-hours x 3600 x peak)" },
		{ "cost per query (S2-07)", "(prompt words + answers x answer words) x tokens per "
					    "word / 1000 x price x (1 - cache hits) x (1 - margin)" },
		{ "search summariser (S2-08)", "words = query + K x (result words + answer words)" },
		{ "search revenue per query (S2-09)", "revenue / (monthly searches then x 12 x "
						      "penetration now / penetration then)" },
		{ "Chinchilla loss (S2-10, S2-11)", "L = E + A / N^alpha + B / D^beta; compute-"
						    "optimal: minimise L subject to C = 6 N D" },
		{ "in-house chip-hour", "list price / (years x 8760) + TDP x price per kWh" },
		{ "break-even utilisation", "self-hosted cost per token at full load / API price" },
	};
	struct table *t;
	char buf[64];

	t = fig_table(e->d, "22-efficiencies", "Efficiencies and constants", 4, h1,
		      LEFT_COL(2) | LEFT_COL(3));
	for (size_t i = 0; i < N_ELEM(consts); i++) {
		size_t r = table_add_row(t);
		table_set_text(t, r, 0, consts[i].name);
		if (strcmp(consts[i].unit, "%") == 0)
			cell_pct1(t, r, 1, consts[i].v);
		else {
			char num[48], *ex;
			if (strcmp(consts[i].unit, "s") == 0) {
				fmt_seconds(consts[i].v, buf, sizeof buf);
				table_set_cell(t, r, 1, buf, consts[i].v);
				table_set_text(t, r, 2, consts[i].use);
				table_set_text(t, r, 3, consts[i].source);
				continue;
			}
			if (consts[i].v > 0 && consts[i].v < 1e-3 &&
			    strncmp(consts[i].unit, "per ", 4) == 0) {
				/* 1.97e-5 per GPU-hour reads as 19.7 per million GPU-hours */
				snprintf(buf, sizeof buf, "%.3g per million %ss", consts[i].v * 1e6,
					 consts[i].unit + 4);
				table_set_cell(t, r, 1, buf, consts[i].v);
				table_set_text(t, r, 2, consts[i].use);
				table_set_text(t, r, 3, consts[i].source);
				continue;
			}
			if (consts[i].v == floor(consts[i].v) && fabs(consts[i].v) >= 1e4 &&
			    fabs(consts[i].v) < 1e12)
				doc_fmt_sig(num, sizeof num, consts[i].v, /* 4,194,304 */
					    (int)floor(log10(fabs(consts[i].v))) + 1);
			else if (consts[i].v == floor(consts[i].v) && fabs(consts[i].v) < 1e12)
				snprintf(num, sizeof num, "%.0f", consts[i].v);
			else
				snprintf(num, sizeof num, "%.4g", consts[i].v);
			if ((ex = strstr(num, "e-0")) != NULL) /* 1.97e-05 -> 1.97e-5 */
				memmove(ex + 2, ex + 3, strlen(ex + 3) + 1);
			snprintf(buf, sizeof buf, "%s%s%s", num, *consts[i].unit ? " " : "",
				 consts[i].unit);
			table_set_cell(t, r, 1, buf, consts[i].v);
		}
		table_set_text(t, r, 2, consts[i].use);
		table_set_text(t, r, 3, consts[i].source);
	}
	table_set_caption(t, "Every efficiency and constant the report assumes. The calibrated "
			     "ones (gen/calib.h, struct calib CALIB_DEFAULT) apply wherever a page says "
			     "\"calibrated\", each with the measurements (ids of measurements.csv, see "
			     "Validation) or published facts that justify it; the efficiencies are "
			     "asymptotes, and the efficiency of each configuration is computed from them. "
			     "The seeds' own apply only to their scenarios.");

	t = fig_table(e->d, "22-prices", "Prices used", 5, h2, LEFT_COL(3) | LEFT_COL(4));
	for (size_t i = 0; i < e->in->n_hardware; i++) {
		const struct hardware *h = &e->in->hardware[i];
		const struct price *p = inputs_price_at(e->in, h, e->o->as_of);
		size_t r = table_add_row(t);
		table_set_text(t, r, 0, h->name);
		if (e->o->usd_per_gpu_hour > 0) {
			cell_usd(t, r, 1, e->o->usd_per_gpu_hour);
			table_set_text(t, r, 2, "-");
			table_set_text(t, r, 3, "--usd-per-gpu-hour");
			table_set_text(t, r, 4, "command line (overrides prices.csv)");
		} else if (p) {
			cell_usd(t, r, 1, p->usd_per_gpu_hour);
			cell_date(t, r, 2, p->as_of);
			table_set_text(t, r, 3, p->provider);
			table_set_text(t, r, 4, p->source);
		} else {
			table_set_text(t, r, 1, "none");
			table_set_text(t, r, 4, "no price on or before the report date: left out of "
						"cost searches");
		}
	}
	{
		static const struct {
			const char *what;
			double usd;
			const char *src;
		} seed_prices[] = {
			{ "8 x A100 node (seed 002, per node-hour)", S2_NODE_USD_PER_HOUR,
			  "seed 002: AWS p4d, 1-year term (175B inference)" },
			{ "TPU v4 (seed 002, per chip-hour)", S2_TPU_USD_PER_CHIP_HOUR,
			  "seed 002: GCP (training cost)" },
			{ "Davinci API (seed 002, per 1K tokens)", S2_API_USD_PER_1K,
			  "seed 002: OpenAI (cost per query, 175B inference)" },
		};
		for (size_t i = 0; i < N_ELEM(seed_prices); i++) {
			size_t r = table_add_row(t);
			table_set_text(t, r, 0, seed_prices[i].what);
			cell_usd(t, r, 1, seed_prices[i].usd);
			cell_date(t, r, 2, 20230212L);
			table_set_text(t, r, 3, "seed scenario");
			table_set_text(t, r, 4, seed_prices[i].src);
		}
	}
	table_set_caption(t, "The rental price of each chip in force on the report date (the "
			     "newest prices.csv row not after it), as every cost page uses it, and "
			     "the seeds' own scenario prices, used only for their scenarios. API "
			     "prices are in the break-even table and the price history.");

	t = fig_table(e->d, "22-formulas", "Formulas", 2, h3, LEFT_COL(1));
	for (size_t i = 0; i < N_ELEM(forms); i++) {
		size_t r = table_add_row(t);
		table_set_text(t, r, 0, forms[i].what);
		table_set_text(t, r, 1, forms[i].formula);
	}
	table_set_caption(t, "The formulas behind every page, in plain notation (the README's "
			     "\"Formulas\" section derives them).");
}

/* ---- the articles' numbers beside llmcost's ---- */

/* Seed numbers (shared/reference/seed-numbers.csv) and what the article itself prints;
 * tol_pct < 0 marks a number the project does not track (shown for context). */
static const struct seed_row {
	const char *id, *quantity;
	double article;
	const char *article_text, *value, *unit;
	double tol_pct, scale; /* value x scale is in the article's unit */
	const char *note;
} SEED_ROWS[] = {
	{ "S2-01", "inference cost of a 175B model on 8 x A100", 0.0035, "$0.0035", "s2_01",
	  "USD per 1K tokens", 1, 1, "" },
	{ "S2-02", "training cost of GPT-3 on TPU v4", 1.4e6, "$1.4 M", "s2_02", "USD", 2, 1, "" },
	{ "S2-03", "training cost of PaLM on TPU v4", 11.2e6, "$11.2 M", "s2_03", "USD", 2, 1, "" },
	{ "S2-04", "training memory of GPT-3 (20 bytes/param)", 3.5, "3.5 TB", "s2_04", "TB", 1, 1,
	  "" },
	{ "S2-05", "H100s needed to hold it", 44, "44", "s2_05", "GPU", 0, 1, "" },
	{ "S2-06", "training memory of BERT-Large", 6.8, "6.8 GB", "s2_06", "GB", 1, 1, "" },
	{ "S2-07", "cost per query, ChatGPT-equivalent", 0.010, "~$0.010", "s2_07",
	  "USD per query", 5, 1, "the article rounds up to two significant digits" },
	{ "S2-08", "cost per query, two-stage search summariser", 0.066, "$0.066", "s2_08",
	  "USD per query", 2, 1, "" },
	{ "S2-09", "search revenue per query", 0.048, "$0.048", "s2_09", "USD per query", 3, 1,
	  "the article rounds up" },
	{ "S2-10", "Chinchilla parameter term, 1T params", 0.03, "0.03", "s2_10", "loss", 3, 1,
	  "the article keeps one significant digit" },
	{ "S2-11", "Chinchilla data term, 300B tokens", 0.25, "0.25", "s2_11", "loss", 3, 1,
	  "the article keeps two decimals" },
	{ "002", "summariser share of revenue after optimisations", 15, "~15%",
	  "search_query_optimised_share", "%", -1, 100,
	  "the article divides its $0.066 by 8 against $0.048 and rounds the share down" },
	{ "002", "GPT-3 in-house saving, V100 to H100", 58, "58%", "inhouse_saving_pct", "%", -1,
	  1, "depends on list prices, write-off and power (in-house table)" },
	{ "S3-01", "KV cache per token of a 13B model", 1.0, "~1 MB", "s3_01", "MB", 2, 1,
	  "the article rounds up to ~1 MB" },
	{ "S3-02", "inference memory of a 7B model", 14, "14 GB", "s3_02", "GB", 1, 1, "" },
	{ "S3-03", "tokens per English word", 1.3, "1.3", "s3_03", "token per word", 0, 1, "" },
	{ "003", "GPT-4 : GPT-3.5 price ratio", 50, "~50 x", "gpt4_gpt35_price_ratio", "x", -1, 1,
	  "1K prompt + 1K generated tokens on the article's date, 8K-context GPT-4; the "
	  "32K-context model's ratio (numbers-to-know table) comes near the article's" },
	{ "003", "throughput gain of batching 25 requests", 10, "> 10 x", "batching_gain_b25", "x",
	  -1, 1, "the estimator, 13B model on one A100-80GB" },
	{ "003", "training a 13B model on 1.4T tokens", 1e6, "~$1 M", "train_13b_1t4_usd", "USD",
	  -1, 1, "calibrated MFU at today's A100 price; the seed allows for 2023 prices" },
	{ "003", "GPU memory of an embedding model", 1.0, "~1 GB", "embedding_model_gb", "GB", -1,
	  1, "a BERT-Large-sized model in 16-bit" },
};

void econ_vs_article(struct econ *e, const char *id, const char *title, char seed)
{
	static const char *head[] = { "id", "quantity", "article says", "llmcost computes", "unit",
				      "difference", "note" };
	struct table *t = fig_table(e->d, id, title, 7, head,
				    LEFT_COL(1) | LEFT_COL(4) | LEFT_COL(6));
	char buf[128];

	for (size_t i = 0; i < N_ELEM(SEED_ROWS); i++) {
		const struct seed_row *s = &SEED_ROWS[i];
		const struct value *v = doc_find_value(e->d, s->value);
		double got, diff;
		size_t r;

		if (!((s->id[0] == 'S' && s->id[1] == seed) || (s->id[0] == '0' && s->id[2] == seed)))
			continue;
		r = table_add_row(t);
		table_set_text(t, r, 0, s->id);
		table_set_text(t, r, 1, s->quantity);
		table_set_cell(t, r, 2, s->article_text, s->article);
		if (!v) {
			table_set_text(t, r, 3, "not computed");
			table_set_text(t, r, 6, "an input it needs is missing");
			continue;
		}
		got = v->v * s->scale;
		diff = fig_rel_diff(got, s->article);
		if (strcmp(s->unit, "USD") == 0 || strncmp(s->unit, "USD per", 7) == 0)
			fmt_usd(got, buf, sizeof buf);
		else if (got == floor(got) && fabs(got) < 1e6)
			snprintf(buf, sizeof buf, "%.0f", got);
		else
			doc_fmt_sig(buf, sizeof buf, got, 3);
		table_set_cell(t, r, 3, buf, got);
		table_set_text(t, r, 4, s->unit);
		if (isfinite(diff))
			table_set_cellf(t, r, 5, diff * 100, fabs(diff) < 0.0005 ? "%.1f%%" : "%+.1f%%",
			                fabs(diff) < 0.0005 ? 0.0 : diff * 100);
		if (s->tol_pct < 0)
			table_set_text(t, r, 6, s->note);
		else if (fabs(diff) * 100 <= s->tol_pct + 1e-9)
			table_set_text(t, r, 6, *s->note ? s->note : "within tolerance");
		else
			table_set_text(t, r, 6, *s->note ? s->note : "differs beyond the tolerance");
	}
	table_set_caption(t,
		"Each number seed 00%c states, beside llmcost's value from its own code at the "
		"article's inputs; difference = llmcost / article - 1. The S-rows are tracked in "
		"shared/reference/seed-numbers.csv with a tolerance and checked by the tests; where "
		"the article rounds, the note says so. Rows without an S-id are context only.",
		seed == '2' ? '2' : '3');
}
