/*
 * validate.h - the estimator's figure for one published measurement (measurements.csv), the
 * one implementation shared by the report's Validation page, the calibration test and the
 * fitting program (tests/meas.h wraps it).
 *
 * A measurement gives a model's shape, a chip, a configuration and one measured metric:
 * training gpu_hours, or a serving ttft_s, decode_tok_s, total_latency_s (ttft + (gen - 1) x
 * tpot) or throughput_tok_s. Pure arithmetic over estimate.h: no I/O, no allocation.
 */
#ifndef LLMCOST_VALIDATE_H
#define LLMCOST_VALIDATE_H

#include "estimate.h"

enum meas_metric { MEAS_GPU_HOURS, MEAS_TTFT, MEAS_DECODE_TOK_S, MEAS_TOTAL_LATENCY,
		   MEAS_THROUGHPUT, MEAS_METRIC_COUNT };

/* "gpu_hours", "ttft_s", "decode_tok_s", "total_latency_s", "throughput_tok_s". */
const char *meas_metric_name(enum meas_metric m);
int meas_metric_parse(const char *s, enum meas_metric *out); /* 0, or -1 if unknown */

/* One measurement in the estimator's terms. Serving rows: gpus 0 means 1, batch 0 means 1,
 * prompt and gen 0 mean 1 token. Training rows: gpus 0 lets the estimator pick the cluster. */
struct meas_case {
	const struct model *model;
	const struct hardware *hw;
	int train;                /* 1: training (metric MEAS_GPU_HOURS), 0: serving */
	long gpus, batch, prompt, gen;
	enum precision precision; /* weights and KV cache */
	double tokens;            /* training tokens */
	double seq_tokens;        /* training sequence length; 0: the estimator's rule */
	double batch_tokens;      /* training global batch, tokens; 0: the estimator's rule */
	enum meas_metric metric;
	double value;             /* measured, in the metric's unit */
};

/*
 * Training sequence length of the runs measured, from their papers (measurements.csv has no
 * column for it): LLaMA 2048, MPT-7B 2048, Llama 3 8192; 0 (the estimator's rule) otherwise.
 */
double validate_seq_tokens(const char *model_name);
/* The same for the global batch: LLaMA 4M tokens (Touvron et al. Table 2); Llama 3 16M, the
 * batch the 405B ran most of its tokens at (The Llama 3 Herd of Models sec. 3.4.1; the paper
 * gives none for the 8B and 70B, so they are assumed to share it); 0 (the rule) otherwise. */
double validate_batch_tokens(const char *model_name);
/* The same for the cluster: Llama 3 pretraining ran on up to 16K H100s of Meta's two 24K-GPU
 * clusters (The Llama 3 Herd of Models sec. 3.3.1, the 405B on 16384; the smaller models on
 * the InfiniBand cluster, their count unpublished and assumed the same); 0 (the estimator's
 * rule) otherwise. */
long validate_gpus(const char *model_name);

/* The estimate of m's metric with constants k (NULL: CALIB_DEFAULT); NaN when the estimator
 * refuses the configuration. The estimator's full result goes to *tr (training) or *ir
 * (serving) when not NULL. */
double validate_estimate(const struct meas_case *m, const struct calib *k,
			 struct train_result *tr, struct infer_result *ir);

/* The calibrated estimate of a training.csv run with constants k (NULL: CALIB_DEFAULT): its
 * models.csv model, chips, cluster, sequence, batch, precision and parallel layout as
 * published (validate_gpus and friends fill in what a Llama 3 run leaves out). 0, or -1 when
 * the run names no known model or the estimator refuses it. */
int validate_train_run(const struct inputs *in, const struct train_run *t, const struct calib *k,
		       struct train_result *r);
/* The calibrated estimate of a benchmarks.csv row's metric (k NULL: CALIB_DEFAULT): its
 * models.csv model on its chips as tensor parallelism, at its batch (none: the largest that
 * fits, as a maximum-throughput run fills memory) and serving mode; the prompt of a mixed
 * step (chunked) goes whole, as an in-flight batching server with an 8192-token step budget
 * would take it. NaN when the row names no known model or the estimator refuses it; the
 * result goes to *ir when not NULL. */
double validate_bench(const struct inputs *in, const struct bench_row *b, const struct calib *k,
		      struct infer_result *ir);
/* Signed relative error of est against measured, percent: (est - measured) / measured x 100. */
double validate_err_pct(double measured, double est);

#endif
