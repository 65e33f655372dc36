/*
 * figures_econ.h - internals of the economics half of the report's content (figures.md items 2
 * and 11-22: seed 002 "economics of LLMs", seed 003 "numbers every LLM developer should
 * know", and the pages beyond the seeds), shared by the files that build it:
 *
 *   figures_econ.c         figures_econ() runs the sections below in the report's order; the
 *                          look-ups they share (models, chips and API prices by name, template
 *                          value names, the cheapest-configuration bookkeeping)
 *   figures_econ_cost.c    serving and query costs: items 2 (summary, cheapest configuration,
 *                          break-even against APIs), 11 (cost per query), 12 (175B inference)
 *   figures_econ_train.c   training: items 13 (cost, in-house), 14 (Chinchilla), 16 (memory),
 *                          17 (MFU of published runs)
 *   figures_econ_trends.c  over time: items 15 (hardware trend) and 20 (price history)
 *   figures_econ_sweep.c   item 19, the pages of each sweeps.csv row
 *   figures_econ_ref.c     reference tables: items 18 (numbers to know), 22 (assumptions and
 *                          formulas) and the article-vs-llmcost tables of seeds 002 and 003
 *
 * The sections share one struct econ: each fills what later ones quote (the summary, last,
 * quotes most of them). The only numbers typed here are formula constants and the articles'
 * own scenario inputs, each named with its seed id (S2-xx, S3-xx of
 * shared/reference/seed-numbers.csv).
 */
#ifndef LLMCOST_FIGURES_ECON_H
#define LLMCOST_FIGURES_ECON_H

#include <stddef.h>

#include "estimate.h"
#include "figures_int.h"

/* ---- the articles' scenario inputs ---- */

/* Seed 002 (economics of LLMs). */
#define S2_NODE_USD_PER_HOUR 19.22 /* S2-01: AWS p4d, 8 x A100, 1-year reserved */
#define S2_NODE_CHIPS 8            /* S2-01 */
#define S2_INFER_MFU 0.213         /* S2-01: GPT-3's training MFU, reused for inference */
#define S2_API_USD_PER_1K 0.02     /* S2-01, S2-07: OpenAI Davinci, prompt and output alike */
#define S2_TRAIN_MFU 0.462         /* S2-02: PaLM on TPU v4 */
#define S2_TPU_USD_PER_CHIP_HOUR 2.03 /* S2-02: GCP TPU v4 on-demand */
#define S2_GPT3_PARAMS 175e9       /* S2-02 */
#define S2_GPT3_TOKENS 300e9       /* S2-02 */
#define S2_PALM_PARAMS 540e9       /* S2-03 */
#define S2_PALM_TOKENS 780e9       /* S2-03 */
#define S2_BERT_PARAMS 340e6       /* S2-06 */
#define S2_PROMPT_WORDS 50.0       /* S2-07 */
#define S2_ANSWERS 5.0             /* S2-07: five sampled answers, best one shown */
#define S2_ANSWER_WORDS 400.0      /* S2-07 */
#define S2_TOKENS_PER_WORD (4.0 / 3.0) /* S2-07: 1000 tokens ~ 750 words */
#define S2_CACHE_HIT 0.30          /* S2-07 */
#define S2_GROSS_MARGIN 0.75       /* S2-07 */
#define S2_K_RESULTS 10.0          /* S2-08 */
#define S2_RESULT_WORDS 1000.0     /* S2-08 */
#define S2_SEARCH_REVENUE_USD 100e9 /* S2-09: Google search revenue, 2021 */
#define S2_MONTHLY_SEARCHES_2012 100e9 /* S2-09 */
#define S2_PENETRATION_2012 0.34   /* S2-09 */
#define S2_PENETRATION_2020 0.60   /* S2-09 */
#define S2_OPT_MODEL_FACTOR 4.0    /* seed 002: quantisation, distillation, smaller models */
#define S2_OPT_INHOUSE_FACTOR 2.0  /* seed 002: in-house instead of a 50%-margin cloud */
#define S2_BIG_PARAMS 1e12         /* S2-10 */
#define S2_BIG_TOKENS 300e9        /* S2-11 */
#define S2_CHINCHILLA_PARAMS 70e9  /* seed 002: Chinchilla */
#define S2_CHINCHILLA_TOKENS 1.4e12
#define S2_V100_GPUS 10000.0       /* seed 002: GPT-3 on 10,000 V100 for 14.8 days */
#define S2_V100_DAYS 14.8
#define S2_V100_INHOUSE_USD 744e3  /* seed 002 says (an image we cannot read the inputs of) */
#define S2_H100_INHOUSE_USD 312e3  /* idem */

/* In-house cost of one chip-hour: list price written off over this many years, plus power at
 * TDP. Our assumptions (the seed's sit in an image); stated in table 22. */
#define INHOUSE_YEARS 5.0
#define INHOUSE_USD_PER_KWH 0.10

/* Seed 003 (numbers every LLM developer should know). */
#define S3_TOKENS_PER_WORD 1.3     /* S3-03 */
#define S3_WORDS 750.0             /* S3-03: 750 words ~ 1000 tokens */
#define S3_13B_LAYERS 40           /* S3-01 */
#define S3_13B_D_MODEL 5120        /* S3-01 */
#define S3_7B_PARAMS 7e9           /* S3-02 */
#define S3_KV_TOKENS 512.0         /* seed 003: 512 tokens need ~512 MB */
#define S3_BATCH 25L               /* seed 003: 25 requests batched */
#define S3_TRAIN_PARAMS 13e9       /* seed 003: ~$1M to train 13B on 1.4T tokens */
#define S3_TRAIN_TOKENS 1.4e12
#define S3_TRAIN_USD 1e6
#define S3_PRICE_DATE 20230517L    /* seed 003's publication: prices compared on that day */

/* The report's own defaults for "cheapest" searches and the price history. */
#define SEARCH_PROMPT 512L
#define SEARCH_GEN 512L
#define HISTORY_BATCH 32L
#define CHINCHILLA_TOKENS_PER_PARAM 20.0

/* The cheapest-configuration search: chip counts and batches (0: the largest that fits). */
static const int SEARCH_GPUS[] = { 1, 2, 4, 8 };
static const long SEARCH_BATCH[] = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 0 /* max */ };
#define SEARCH_BATCH_MAX 256L

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- shared results, filled section by section and quoted by the summary ---- */

/* One configuration found by a search, with what it costs. */
struct best_cfg {
	const struct hardware *hw;
	int gpus;
	double price;      /* USD per GPU-hour */
	double usd_per_1m; /* NaN: nothing fits */
	struct infer_result r;
};

struct econ {
	const struct inputs *in;
	const struct figures_opts *o;
	struct doc *d;
	/* per model (in->n_models entries) */
	struct best_cfg *best_gen, *best_prompt;
	const struct model *headline;
	double gpt3_train_usd, palm_train_usd;
	double chat_query_usd, search_query_usd, search_revenue_usd;
	const char *flagship_run;
	double flagship_usd;
	const char *breakeven_api;
	double breakeven_util;
};

/* ---- look-ups shared by the sections (figures_econ.c) ---- */

/* Names compared by their letters and digits only, case folded ("LLaMA-2-70B" is
 * "llama2 70b"): equal, and s containing sub. */
int key_eq(const char *a, const char *b);
int key_has(const char *s, const char *sub);
/* prefix + name as a template value name: lower case, every other run of characters one
 * '_', none at the end ("cheapest_gen_usd_per_1m_llama_2_70b"). */
void value_name(char *out, size_t n, const char *prefix, const char *name);
/* A sweep name as a file stem: lower case letters, digits and single '-' ("x" if empty). */
void file_stem(char *out, size_t n, const char *name);
/* The first model of names[] (NULL-ended) that models.csv holds, comparing keys; else the
 * model whose total parameters are within 3% of params (0: no fallback). */
const struct model *model_like(const struct inputs *in, const char *const *names, double params);
/* The hardware whose name contains sub (by key) and, when mem_gb > 0, has that much memory;
 * among several the fastest (SXM over PCIe). */
const struct hardware *hw_like(const struct inputs *in, const char *sub, double mem_gb);
/* GPT-3 and PaLM of models.csv (by name, else by size), or NULL. */
const struct model *model_gpt3(const struct inputs *in);
const struct model *model_palm(const struct inputs *in);
/* The newest API row for model (by key) in force on date (0: newest overall). */
const struct api_price *api_at(const struct inputs *in, const char *model, long date);

/* An inference configuration of the cheapest-configuration search: m on gpus x hw at batch
 * (0: the largest that fits), SEARCH_PROMPT + SEARCH_GEN tokens, bf16, price per GPU-hour. */
void search_cfg(struct infer_cfg *c, const struct model *m, const struct hardware *hw, int gpus,
		long batch, double usd_per_gpu_hour);
/* No configuration yet: usd_per_1m NaN. */
void best_init(struct best_cfg *b);
/* Takes the configuration into b when it costs less than b's (or b has none) and its cost is
 * finite; returns whether it did. */
int best_offer(struct best_cfg *b, const struct hardware *hw, int gpus, double price,
	       double usd_per_1m, const struct infer_result *r);

/* estimate_train for a run given by its model (or NULL and its numbers), figures_econ_train.c. */
int train_scenario(const struct model *real, double params, double active, double tokens,
		   const struct hardware *hw, long gpus, double mfu, double price,
		   struct train_result *r);

/* ---- the sections, in the order figures_econ() runs them ---- */

void econ_cheapest(struct econ *e);     /* 02-cheapest; fills best_gen, best_prompt */
void econ_break_even(struct econ *e);   /* 02-break-even */
void econ_query(struct econ *e);        /* 11-cost-per-query */
void econ_infer_175b(struct econ *e);   /* 12-inference-175b */
void econ_training_cost(struct econ *e); /* 13-training-cost */
void econ_inhouse(struct econ *e);      /* 13-in-house */
void econ_chinchilla(struct econ *e);   /* 14-chinchilla (figure and table) */
void econ_hw_trend(struct econ *e);     /* 15-* */
void econ_train_memory(struct econ *e); /* 16-training-memory */
void econ_mfu(struct econ *e);          /* 17-mfu */
/* 11-seed002-vs-llmcost (seed '2') or 18-seed003-vs-llmcost (seed '3'). */
void econ_vs_article(struct econ *e, const char *id, const char *title, char seed);
void econ_numbers(struct econ *e);      /* 18-numbers */
int econ_sweep(struct econ *e, const struct sweep *s); /* 19-<sweep>-*; 0, or -1 after an error */
void econ_price_history(struct econ *e); /* 20-price-history */
void econ_assumptions(struct econ *e);  /* 22-* */
void econ_summary(struct econ *e);      /* 02-summary: last, it quotes the others */

#endif
