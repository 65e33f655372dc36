/*
 * sweep.h - comma-separated option lists and the cartesian product they span.
 *
 * A struct sweep_plan holds one typed list per axis (models, hardware, gpus, batch, ...),
 * parsed from the text of a command-line option or a sweeps.csv field. sweep_run() walks the
 * product like an odometer, the last axis fastest, and prints one estimate row per
 * configuration through a row writer, so nothing but the current row is ever held: a million
 * configurations run in the memory of one. `estimate` is a sweep whose lists all hold one value.
 * A sweep can also be cut into N contiguous parts (--shard K/N) that separate processes or
 * machines print, and whose outputs concatenated in order are the whole output byte for byte.
 */
#ifndef LLMCOST_SWEEP_H
#define LLMCOST_SWEEP_H

#include <stdio.h>

#include "cli.h"
#include "estimate.h"
#include "fmt.h"
#include "model.h"

/* The axes, outermost first; also the order of the configuration columns. */
enum sweep_axis {
	AX_MODEL, AX_HARDWARE, AX_GPUS, AX_BATCH, AX_PROMPT, AX_GEN, AX_PRECISION,
	AX_KV_PRECISION, AX_MFU, AX_MBU, AX_RESERVE, AX_PRICE,
	/* serving modes, parallelism and speculative decoding (calibrated model only) */
	AX_MODE, AX_CHUNK, AX_PREFILL_GPUS, AX_PIPELINE, AX_EXPERT_WAYS, AX_DRAFT, AX_SPEC_TOKENS,
	AX_ACCEPT_RATE, AX_COUNT
};

/* Values of one axis: n == 0 means "not given" (the default applies). */
struct sweep_list {
	size_t n;
	double *num;        /* numeric axes (batch max = 0, precisions as enum values) */
	char **names;       /* AX_MODEL, AX_HARDWARE, AX_DRAFT: the names as written */
	const void **ptr;   /* ... and, once resolved, the struct model / struct hardware (a
			     * draft "none": NULL) */
	char *text;         /* the split copy of the list text that names[] points into */
};

struct sweep_plan {
	struct sweep_list ax[AX_COUNT];
	int weights_only;
	long as_of;         /* yyyymmdd for prices; 0 = the newest */
};

/* The option name of an axis without "--" ("kv-precision"), and its sweeps.csv column. */
const char *sweep_axis_option(enum sweep_axis a);

void sweep_plan_init(struct sweep_plan *p);
void sweep_plan_release(struct sweep_plan *p);

/* Splits text on commas and parses each item for axis a (names stay text until resolved).
 * Replaces any earlier list of that axis. Returns 0, or -1 after reporting the bad item. */
int sweep_plan_set(struct sweep_plan *p, enum sweep_axis a, const char *text,
		   const struct where *w);
/* Looks up the model and hardware names; an unknown one is reported with the nearest known
 * name ("--model: unknown model "x"; did you mean "y"?"). Returns 0 or -1. */
int sweep_plan_resolve(struct sweep_plan *p, const struct inputs *in);
/* Configurations in the product; (size_t)-1 if it overflows. */
size_t sweep_plan_count(const struct sweep_plan *p);

/* Part k (1-based) of n of a product of total rows: the contiguous block [*first, *end),
 * floor((k-1) total / n) to floor(k total / n), so parts 1..n in order are the whole. */
void sweep_shard_range(size_t total, size_t k, size_t n, size_t *first, size_t *end);

/* Iteration: it[a] is the index on axis a. */
struct sweep_iter {
	size_t idx[AX_COUNT], n[AX_COUNT];
	int done;
};
void sweep_iter_start(struct sweep_iter *it, const struct sweep_plan *p);
void sweep_iter_next(struct sweep_iter *it);
/* Moves it to configuration number index (0-based, in the product's order); past the end it
 * is done. */
void sweep_iter_seek(struct sweep_iter *it, size_t index);
/* The configuration at it; usd_per_gpu_hour is left to the caller (price tables). */
void sweep_iter_cfg(const struct sweep_plan *p, const struct sweep_iter *it,
		    struct infer_cfg *cfg);

/* The rental price of one chip of hw on date as_of (prices.csv, inputs_price_at), or 0 when
 * there is none, after the warning "no price for HW on or before DATE in prices.csv: <then>
 * (give --usd-per-gpu-hour)" unless then is NULL. */
double sweep_price_at(const struct inputs *in, const struct hardware *hw, long as_of,
		      const char *then);

/* The estimate columns: the interface's, in its order, then extras. */
extern const struct column ESTIMATE_COLUMNS[];
extern const size_t N_ESTIMATE_COLUMNS;

/*
 * Estimates every configuration of the resolved plan and prints it to fp: a header, then a row
 * each (many = 0: the one-record forms, for `estimate`). Prices come from the price axis or
 * from in at p->as_of; hardware without a price gets one warning and empty cost cells. A
 * configuration the estimator rejects prints its configuration with empty results (and one
 * warning per reason). Returns 0, or -1 if the output could not be written.
 */
int sweep_run(const struct sweep_plan *p, const struct inputs *in, FILE *fp,
	      enum out_format fmt, int many);

/*
 * The same for part k of n (sweep_shard_range) of the product; header 0 leaves out the CSV
 * header and the table's titles. JSON parts concatenate into one array: part 1 opens it, the
 * last closes it, and every row after the product's first starts with a comma.
 */
int sweep_run_part(const struct sweep_plan *p, const struct inputs *in, FILE *fp,
		   enum out_format fmt, int many, size_t k, size_t n, int header);

#endif
