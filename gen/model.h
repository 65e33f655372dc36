/*
 * model.h - the input tables as typed, validated structs.
 *
 * model.c turns the CSV tables of an inputs folder (loaded through csvload.c) into these
 * structs, checks each value's range and every cross-reference (a price naming unknown
 * hardware, a sweep naming an unknown model), and answers look-ups by name. Nothing here
 * estimates anything: that is estimate.c's job. Strings are owned by the struct inputs they
 * came from; inputs_release() frees them all.
 *
 * Units are in the field names: *_gb = 10^9 bytes, *_tbs = 10^12 bytes/s, *_gbs = 10^9 bytes/s,
 * *_tflops = 10^12 FLOP/s, dates as yyyymmdd integers (20230720).
 */
#ifndef LLMCOST_MODEL_H
#define LLMCOST_MODEL_H

#include <stddef.h>

#define NAME_MAX_BYTES 64     /* longest model/hardware/sweep name */
#define FIELD_MAX_BYTES 4096  /* longest text field (sources, descriptions) */
#define TABLE_MAX_ROWS 100000 /* most rows one input table may hold */
/* Largest count in a list of sweeps.csv (gpus, batch, prompt, gen): the limit the sweep
 * command applies to the same options (cli.c, parse_posint and parse_batch). */
#define SWEEP_COUNT_MAX 1000000000L
#define SWEEP_COUNT_MAX_STR "1000000000" /* the same, for messages */

struct model {
	char *name;
	double params;        /* total parameters */
	double active_params; /* parameters used per token (= params unless mixture of experts) */
	int layers, d_model, heads, kv_heads, head_dim;
	int experts, experts_per_token; /* 1 and 1 for a dense model */
	double context;       /* longest supported sequence, tokens; 0 = unknown */
	char *source;
	long line;            /* line in models.csv, for messages */
};

struct hardware {
	char *name;
	double peak_tflops_16; /* dense 16-bit tensor TFLOP/s */
	double peak_tflops_8;  /* dense 8-bit TFLOP/s; 0 = no 8-bit tensor support */
	double mem_gb, mem_bw_tbs;
	double link_gbs;       /* chip-to-chip per direction; 0 = unknown */
	int domain_chips;      /* chips joined by the link_gbs fabric (an NVLink node, a TPU pod);
				* 0 = unknown (the estimator assumes CALIB_NODE_GPUS) */
	double net_gbs;        /* per-chip bandwidth to chips outside the domain (InfiniBand,
				* data-centre network), per direction; 0 = unknown */
	int year;              /* 0 = unknown */
	double tdp_w, list_price_usd; /* 0 = unknown */
	char *vendor;          /* may be "" */
	char *source;
	long line;
};

struct price {
	char *hardware;        /* as written in prices.csv */
	size_t hw;             /* index into inputs.hardware */
	double usd_per_gpu_hour;
	long as_of;            /* yyyymmdd */
	char *provider, *source;
	long line;
};

/* api_prices.csv: what an API charges, for the break-even comparisons. */
struct api_price {
	char *provider, *model;
	double usd_per_1k_prompt, usd_per_1k_gen;
	long as_of;
	char *source;
	long line;
};

/* sweeps.csv: a named cartesian product; list fields hold the same comma-separated text as
 * the sweep command's options ("1,2,8", "max"). */
struct sweep {
	char *name;
	char *models, *hardware, *gpus, *batch, *prompt, *gen, *precision;
	char *description;
	long line;
};

/* training.csv: published training runs, for the MFU table and calibration. */
struct train_run {
	char *name;            /* e.g. "LLaMA-65B" */
	char *model;           /* a models.csv name or "" */
	double params, active_params, tokens;
	char *hardware;        /* a hardware.csv name */
	size_t hw;
	long gpus;
	double days, gpu_hours; /* 0 = not published */
	double mfu;            /* as reported; 0 = not reported */
	double seq_tokens;     /* training sequence length; 0 = not given (the estimator's rule) */
	double batch_tokens;   /* global batch, tokens; 0 = not given */
	int fp8;               /* 1: the GEMMs ran in 8-bit (precision fp8); 0: 16-bit */
	int unfused_attention; /* attention column "unfused": pre-flash-attention kernels */
	int full_recompute;    /* recompute column "full": activation checkpointing on */
	long tp, pp;           /* published tensor and pipeline ways; 0 = not published */
	int zero_stage;        /* published optimizer sharding, 1 or 3; 0 = not published */
	char *source;
	long line;
};

/* measurements.csv (optional): published measurements for the report's Validation page. Each
 * row carries its own architecture (model.name is the row's model text; experts 1) and names
 * a hardware.csv chip. */
struct meas_row {
	char *id;              /* "M-I4" */
	int train;             /* kind: 1 train, 0 infer */
	struct model model;    /* name and source owned by the row */
	char *hardware;
	size_t hw;             /* index into inputs.hardware */
	long gpus;             /* 0: not given */
	long batch, prompt, gen; /* 0: not given */
	int precision;         /* enum precision (estimate.h) */
	double train_tokens;   /* 0: not given */
	int metric;            /* enum meas_metric (validate.h); training rows: gpu_hours */
	double value;
	char *unit, *source;
	long line;
};

/* benchmarks.csv (optional): published serving benchmarks of models.csv models, never used to
 * fit a constant: the Validation page's out-of-sample check of the serving model. */
struct bench_row {
	char *id;              /* "B4" */
	char *model;           /* a models.csv name */
	char *hardware;
	size_t hw;             /* index into inputs.hardware */
	long gpus;             /* tensor-parallel chips, >= 1 */
	long batch;            /* 0: the largest that fits (a maximum-throughput run) */
	long prompt, gen;
	int precision;         /* enum precision (estimate.h), weights and KV cache */
	int mode;              /* enum serve_mode (estimate.h) */
	int metric;            /* enum meas_metric (validate.h), a serving metric */
	double value;
	char *unit, *source;
	long line;
};

struct inputs {
	char *dir;
	struct model *models;         size_t n_models;
	struct hardware *hardware;    size_t n_hardware;
	struct price *prices;         size_t n_prices;
	struct api_price *api_prices; size_t n_api_prices;
	struct sweep *sweeps;         size_t n_sweeps;
	struct train_run *train_runs; size_t n_train_runs;
	struct meas_row *measurements; size_t n_measurements;
	struct bench_row *benchmarks; size_t n_benchmarks;
};

/*
 * Load every table of the folder. models.csv, hardware.csv and prices.csv are required;
 * api_prices.csv, sweeps.csv, training.csv, measurements.csv and benchmarks.csv may be absent.
 * Every problem is reported through err.h (file:line:col); returns 0, or -1 when anything was
 * wrong (in->... then released).
 */
int inputs_load(struct inputs *in, const char *dir);
void inputs_release(struct inputs *in);

const struct model *inputs_find_model(const struct inputs *in, const char *name);
const struct hardware *inputs_find_hardware(const struct inputs *in, const char *name);
const struct sweep *inputs_find_sweep(const struct inputs *in, const char *name);

/* The known name closest to `name` (edit distance, case-insensitive), or NULL if none is near.
 * kind is "model", "hardware" or "sweep". Near: at most max(2, strlen(name) / 3) edits; a
 * known name starting with `name` (3 characters or more, any case) is preferred. */
const char *inputs_suggest(const struct inputs *in, const char *kind, const char *name);

/* The rental price of one chip of hw in force on date yyyymmdd (the newest as_of not after it;
 * 0 = the newest overall); NULL when none. */
const struct price *inputs_price_at(const struct inputs *in, const struct hardware *hw, long date);

#endif
