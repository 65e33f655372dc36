/*
 * validate.c - the estimator's figure for a published measurement (validate.h): a training
 * row goes through estimate_train with the calibrated efficiencies, a serving row through
 * estimate_infer with static batching on tensor parallelism, as the benchmarks ran.
 */
#include "validate.h"

#include <limits.h>
#include <math.h>
#include <string.h>

/* Tokens one mixed step of an in-flight batching server takes (TensorRT-LLM's default
 * max_num_tokens, 8192): a chunked-mode prompt up to this long enters in one step. */
#define VALIDATE_STEP_TOKENS 8192

static const char *const metric_names[MEAS_METRIC_COUNT] = {
	"gpu_hours", "ttft_s", "decode_tok_s", "total_latency_s", "throughput_tok_s",
};

const char *meas_metric_name(enum meas_metric m)
{
	return (unsigned)m < MEAS_METRIC_COUNT ? metric_names[m] : "?";
}

int meas_metric_parse(const char *s, enum meas_metric *out)
{
	for (int k = 0; k < MEAS_METRIC_COUNT; k++)
		if (s && strcmp(s, metric_names[k]) == 0) {
			*out = (enum meas_metric)k;
			return 0;
		}
	return -1;
}

double validate_seq_tokens(const char *model_name)
{
	if (!model_name)
		return 0;
	if (strncmp(model_name, "Llama-3", 7) == 0)
		return 8192;
	if (strncmp(model_name, "LLaMA-", 6) == 0 || strncmp(model_name, "MPT-", 4) == 0)
		return 2048;
	return 0;
}

long validate_gpus(const char *model_name)
{
	if (model_name && strncmp(model_name, "Llama-3", 7) == 0)
		return 16384;
	return 0;
}

/* A training configuration of the calibrated model (mfu 0) from a run's published facts. */
static void train_cfg_of(struct train_cfg *c, const struct model *m, const struct hardware *hw,
			 double tokens, long gpus, double seq_tokens, double batch_tokens,
			 const struct calib *k)
{
	memset(c, 0, sizeof *c);
	c->model = m;
	c->hw = hw;
	c->tokens = tokens;
	c->gpus = gpus;
	c->seq_tokens = seq_tokens;
	c->batch_tokens = batch_tokens;
	c->calib = k;
}

int validate_train_run(const struct inputs *in, const struct train_run *t, const struct calib *k,
		       struct train_result *r)
{
	const struct model *m = t && t->model && *t->model ? inputs_find_model(in, t->model) : NULL;
	struct train_cfg c;

	if (!m || t->hw >= in->n_hardware)
		return -1;
	train_cfg_of(&c, m, &in->hardware[t->hw], t->tokens,
		     t->gpus > 0 ? t->gpus : validate_gpus(t->model),
		     t->seq_tokens > 0 ? t->seq_tokens : validate_seq_tokens(t->model),
		     t->batch_tokens > 0 ? t->batch_tokens : validate_batch_tokens(t->model), k);
	c.fp8 = t->fp8;
	c.unfused_attention = t->unfused_attention;
	c.full_recompute = t->full_recompute;
	c.tp = t->tp;
	c.pp = t->pp;
	c.zero_stage = t->zero_stage;
	return estimate_train(&c, r);
}

double validate_batch_tokens(const char *model_name)
{
	if (model_name && strncmp(model_name, "Llama-3", 7) == 0)
		return 16777216;
	if (model_name && strncmp(model_name, "LLaMA-", 6) == 0)
		return 4e6;
	return 0;
}

/* The metric of an estimate, in its unit; NaN for a training metric. */
static double infer_metric(const struct infer_result *r, enum meas_metric metric, double gen)
{
	switch (metric) {
	case MEAS_TTFT:
		return r->ttft_s;
	case MEAS_DECODE_TOK_S:
		return r->decode_tok_s;
	case MEAS_TOTAL_LATENCY:
		return r->ttft_s + (gen - 1) * r->tpot_s;
	case MEAS_THROUGHPUT:
		return r->throughput_tok_s;
	case MEAS_GPU_HOURS:
	case MEAS_METRIC_COUNT:
		break;
	}
	return (double)NAN;
}

double validate_estimate(const struct meas_case *m, const struct calib *k,
			 struct train_result *tr, struct infer_result *ir)
{
	if (!m || !m->model || !m->hw)
		return (double)NAN;
	if (m->train) {
		struct train_cfg c;
		struct train_result r, *p = tr ? tr : &r;
		train_cfg_of(&c, m->model, m->hw, m->tokens,
			     m->gpus > 0 ? m->gpus : validate_gpus(m->model->name), m->seq_tokens,
			     m->batch_tokens, k);
		if (m->metric != MEAS_GPU_HOURS || estimate_train(&c, p) < 0)
			return (double)NAN;
		return p->gpu_hours;
	}
	struct infer_cfg c;
	struct infer_result r, *p = ir ? ir : &r;
	infer_cfg_init(&c);
	c.model = m->model;
	c.hw = m->hw;
	c.gpus = m->gpus > 0 ? (int)m->gpus : 1;
	c.batch = m->batch > 0 ? m->batch : 1;
	c.prompt_tokens = m->prompt > 0 ? m->prompt : 1;
	c.gen_tokens = m->gen > 0 ? m->gen : 1;
	c.precision = c.kv_precision = m->precision;
	c.calib = k;
	if (estimate_infer(&c, p) < 0)
		return (double)NAN;
	return infer_metric(p, m->metric, (double)c.gen_tokens);
}

double validate_bench(const struct inputs *in, const struct bench_row *b, const struct calib *k,
		      struct infer_result *ir)
{
	const struct model *m = b && b->model ? inputs_find_model(in, b->model) : NULL;
	struct infer_cfg c;
	struct infer_result r, *p = ir ? ir : &r;

	if (!m || b->hw >= in->n_hardware || b->gpus < 1 || b->gpus > INT_MAX)
		return (double)NAN;
	infer_cfg_init(&c);
	c.model = m;
	c.hw = &in->hardware[b->hw];
	c.gpus = (int)b->gpus;
	c.batch = b->batch;
	c.prompt_tokens = b->prompt;
	c.gen_tokens = b->gen;
	c.precision = c.kv_precision = (enum precision)b->precision;
	c.mode = (enum serve_mode)b->mode;
	c.chunk_tokens = VALIDATE_STEP_TOKENS;
	c.calib = k;
	if (estimate_infer(&c, p) < 0)
		return (double)NAN;
	return infer_metric(p, (enum meas_metric)b->metric, (double)b->gen);
}

double validate_err_pct(double measured, double est)
{
	if (!(measured != 0) || !isfinite(measured) || !isfinite(est))
		return (double)NAN;
	return (est - measured) / measured * 100;
}
