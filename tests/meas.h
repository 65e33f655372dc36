/*
 * meas.h - published measurements (measurements.csv) and the estimator's figure for each, shared
 * by tests/test_calib.c (which asserts the mean absolute errors) and tests/calibrate.c (which
 * fits the constants of gen/calib.h). Header-only: each includer uses every function. The
 * estimate itself is gen/validate.c's (the report's Validation page uses the same code).
 *
 * A row gives a model's shape, a chip by name, a configuration and one measured metric:
 * training gpu_hours, or a serving ttft_s, decode_tok_s, total_latency_s (ttft + (gen - 1) x
 * tpot) or throughput_tok_s. The chips are meas_chips of tests/fixtures_chips.h, the figures
 * of inputs/hardware.csv repeated so the calibration does not move when someone edits the inputs.
 */
#ifndef LLMCOST_TESTS_MEAS_H
#define LLMCOST_TESTS_MEAS_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calib.h"
#include "csvload.h"
#include "estimate.h"
#include "fixtures_chips.h"
#include "validate.h"

#define MEAS_MAX 64

struct measurement {
	char id[16], model_name[NAME_MAX_BYTES + 1], hw_name[NAME_MAX_BYTES + 1];
	char metric_name[32];
	int train;                 /* 1: training row, 0: serving */
	struct model model;
	const struct hardware *hw;
	long gpus, batch, prompt, gen;
	enum precision precision;
	double tokens, seq_tokens, batch_tokens;
	enum meas_metric metric;
	double value;
};

struct meas_set {
	struct measurement rows[MEAS_MAX];
	int n;
};

enum { MC_ID, MC_KIND, MC_MODEL, MC_PARAMS, MC_ACTIVE, MC_LAYERS, MC_DMODEL, MC_HEADS, MC_KVH,
       MC_HDIM, MC_HW, MC_GPUS, MC_PREC, MC_TOKENS, MC_BATCH, MC_PROMPT, MC_GEN, MC_METRIC,
       MC_VALUE, MC_UNIT, MC_SOURCE, MC_COUNT };

static const struct csv_column meas_cols[MC_COUNT] = {
	[MC_ID] = { "id", CSV_T_TEXT, CSV_REQUIRED | CSV_KEY },
	[MC_KIND] = { "kind", CSV_T_TEXT, CSV_REQUIRED },
	[MC_MODEL] = { "model", CSV_T_TEXT, CSV_REQUIRED | CSV_NAME },
	[MC_PARAMS] = { "params", CSV_T_NUMBER, CSV_REQUIRED | CSV_POSITIVE },
	[MC_ACTIVE] = { "active_params", CSV_T_NUMBER, CSV_NONNEG },
	[MC_LAYERS] = { "layers", CSV_T_INTEGER, CSV_REQUIRED | CSV_POSITIVE },
	[MC_DMODEL] = { "d_model", CSV_T_INTEGER, CSV_REQUIRED | CSV_POSITIVE },
	[MC_HEADS] = { "heads", CSV_T_INTEGER, CSV_REQUIRED | CSV_POSITIVE },
	[MC_KVH] = { "kv_heads", CSV_T_INTEGER, CSV_REQUIRED | CSV_POSITIVE },
	[MC_HDIM] = { "head_dim", CSV_T_INTEGER, CSV_REQUIRED | CSV_POSITIVE },
	[MC_HW] = { "hardware", CSV_T_TEXT, CSV_REQUIRED | CSV_NAME },
	[MC_GPUS] = { "gpus", CSV_T_INTEGER, CSV_POSITIVE },
	[MC_PREC] = { "precision", CSV_T_TEXT, CSV_REQUIRED },
	[MC_TOKENS] = { "train_tokens", CSV_T_NUMBER, CSV_POSITIVE },
	[MC_BATCH] = { "batch", CSV_T_INTEGER, CSV_POSITIVE },
	[MC_PROMPT] = { "prompt", CSV_T_INTEGER, CSV_POSITIVE },
	[MC_GEN] = { "gen", CSV_T_INTEGER, CSV_POSITIVE },
	[MC_METRIC] = { "metric", CSV_T_TEXT, CSV_REQUIRED },
	[MC_VALUE] = { "value", CSV_T_NUMBER, CSV_REQUIRED | CSV_POSITIVE },
	[MC_UNIT] = { "unit", CSV_T_TEXT, 0 },
	[MC_SOURCE] = { "source", CSV_T_TEXT, 0 },
};

static void meas_copy(char *dst, size_t size, const struct csv_value *v)
{
	size_t n = v->len < size - 1 ? v->len : size - 1;
	memcpy(dst, v->text, n);
	dst[n] = '\0';
}

static int meas_row(const struct csv_row *row, void *ctx)
{
	struct meas_set *set = ctx;
	const struct csv_value *v = row->v;

	if (set->n >= MEAS_MAX)
		return csv_field_error(row, MC_ID, "more than %d measurements", MEAS_MAX);
	struct measurement *m = &set->rows[set->n];
	memset(m, 0, sizeof(*m));
	meas_copy(m->id, sizeof(m->id), &v[MC_ID]);
	meas_copy(m->model_name, sizeof(m->model_name), &v[MC_MODEL]);
	meas_copy(m->hw_name, sizeof(m->hw_name), &v[MC_HW]);
	meas_copy(m->metric_name, sizeof(m->metric_name), &v[MC_METRIC]);
	m->train = strcmp(v[MC_KIND].text, "train") == 0;
	if (!m->train && strcmp(v[MC_KIND].text, "infer") != 0)
		return csv_field_error(row, MC_KIND, "expected train or infer");
	m->model = (struct model){
		.name = m->model_name, .params = v[MC_PARAMS].num,
		.active_params = v[MC_ACTIVE].present ? v[MC_ACTIVE].num : 0,
		.layers = (int)v[MC_LAYERS].i, .d_model = (int)v[MC_DMODEL].i,
		.heads = (int)v[MC_HEADS].i, .kv_heads = (int)v[MC_KVH].i,
		.head_dim = (int)v[MC_HDIM].i, .experts = 1, .experts_per_token = 1,
	};
	for (size_t i = 0; i < sizeof(meas_chips) / sizeof(*meas_chips); i++)
		if (strcmp(meas_chips[i].name, m->hw_name) == 0)
			m->hw = &meas_chips[i];
	if (!m->hw)
		return csv_field_error(row, MC_HW, "unknown chip");
	if (precision_parse(v[MC_PREC].text, &m->precision) < 0)
		return csv_field_error(row, MC_PREC, "unknown precision");
	m->gpus = v[MC_GPUS].present ? v[MC_GPUS].i : 0;
	m->batch = v[MC_BATCH].present ? v[MC_BATCH].i : 1;
	m->prompt = v[MC_PROMPT].present ? v[MC_PROMPT].i : 0;
	m->gen = v[MC_GEN].present ? v[MC_GEN].i : 0;
	m->tokens = v[MC_TOKENS].present ? v[MC_TOKENS].num : 0;
	m->seq_tokens = validate_seq_tokens(m->model_name);
	m->batch_tokens = validate_batch_tokens(m->model_name);
	m->value = v[MC_VALUE].num;
	if (meas_metric_parse(m->metric_name, &m->metric) < 0 ||
	    m->train != (m->metric == MEAS_GPU_HOURS))
		return csv_field_error(row, MC_METRIC, "unknown metric for a %s row",
				       m->train ? "train" : "infer");
	set->n++;
	return 0;
}

/* ../shared/reference/measurements.csv when it exists, else the committed tests/ref/ copy. */
static int meas_load(struct meas_set *set)
{
	const char *path = access("../shared/reference/measurements.csv", R_OK) == 0
			       ? "../shared/reference/measurements.csv"
			       : "tests/ref/measurements.csv";
	set->n = 0;
	return csv_load(path, meas_cols, MC_COUNT, CSVLOAD_NEED_ROWS, meas_row, set);
}

/* The estimate of row m's metric with constants k (NULL: CALIB_DEFAULT); NaN if the estimator
 * refuses. A training row's result goes to *tr, a serving row's to *ir, when not NULL. */
static double meas_estimate(const struct measurement *m, const struct calib *k,
			    struct train_result *tr, struct infer_result *ir)
{
	struct meas_case c = {
		.model = &m->model, .hw = m->hw, .train = m->train, .gpus = m->gpus,
		.batch = m->batch, .prompt = m->prompt, .gen = m->gen, .precision = m->precision,
		.tokens = m->tokens, .seq_tokens = m->seq_tokens,
		.batch_tokens = m->batch_tokens, .metric = m->metric,
		.value = m->value,
	};
	return validate_estimate(&c, k, tr, ir);
}

/* Signed relative error of the estimate, percent. */
static double meas_err_pct(const struct measurement *m, double est)
{
	return validate_err_pct(m->value, est);
}

#endif
