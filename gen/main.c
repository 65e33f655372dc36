/*
 * main.c - the llmcost commands: estimate, train, sweep, plan, report, diff, help, --version
 * (econ lives in cmd_econ.c).
 *
 * Each command parses its options (cli.c), checks every value before touching the inputs so a
 * typo costs nothing, loads the tables (model.c), resolves names, and prints through the row
 * writer (fmt.c). Mistakes on the command line exit with EXIT_USAGE and a hint line; problems
 * in the tables with EXIT_INPUT (model.c has already named file:line:col). stdout is fully
 * buffered in 1 MiB so a sweep's rows leave in large writes. `plan` exits with EXIT_NO_PLAN
 * (cli.h) when no configuration qualifies, after saying why on stderr.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_econ.h"
#include "err.h"
#include "estimate.h"
#include "fmt.h"
#include "model.h"
#include "pipeline.h"
#include "plan.h"
#include "sweep.h"

static const struct column TRAIN_COLUMNS[] = {
	{ "model", "model", NULL, COL_STR, 0 },
	{ "hardware", "hardware", NULL, COL_STR, 0 },
	{ "tokens", "training tokens", "tokens", COL_NUM, 0 },
	{ "gpus", "GPUs", NULL, COL_INT, 0 },
	{ "mfu", "MFU (fraction of 16-bit peak)", NULL, COL_NUM, 0 },
	{ "train_flop", "training compute", "FLOP", COL_NUM, 0 },
	{ "gpu_hours", "GPU time", "GPU-hours", COL_NUM, 0 },
	{ "days", "wall-clock time", "days", COL_NUM, 0 },
	{ "usd", "cost", "$", COL_NUM, 0 },
	{ "state_gb", "weights + gradients + Adam states", "GB", COL_NUM, 0 },
	{ "min_gpus_for_state", "GPUs needed to hold that state", NULL, COL_INT, 0 },
	/* extras */
	{ "usd_per_gpu_hour", "price per GPU-hour", "$", COL_NUM, 0 },
	{ "seq_tokens", "sequence length", "tokens", COL_NUM, 0 },
	{ "layout", "parallel layout assumed", NULL, COL_STR, 0 },
	{ "gpus_used", "GPUs of that layout", NULL, COL_INT, 0 },
	{ "gpus_assumed", "GPU count chosen by the program", NULL, COL_STR, 0 },
	{ "tp", "tensor-parallel ways", NULL, COL_INT, 0 },
	{ "pp", "pipeline stages", NULL, COL_INT, 0 },
	{ "dp", "data-parallel replicas", NULL, COL_INT, 0 },
	{ "eta_gemm", "MFU factor: GEMM efficiency", NULL, COL_NUM, 0 },
	{ "compute_share", "MFU factor: share of step time in GEMMs", NULL, COL_NUM, 0 },
	{ "pipeline_busy", "MFU factor: pipeline busy (1 - bubble)", NULL, COL_NUM, 0 },
	{ "goodput", "MFU factor: time not lost to failures, chips in use", NULL, COL_NUM, 0 },
	{ "zero_stage", "optimizer sharding (ZeRO stage)", NULL, COL_INT, 0 },
	{ "recompute", "share of layers recomputed", NULL, COL_NUM, 0 },
	{ "mem_gb_per_gpu", "memory per GPU", "GB", COL_NUM, 0 },
	{ "fits", "fits in memory", NULL, COL_STR, 0 },
	{ "microbatches", "micro-batches per replica per step", NULL, COL_NUM, 0 },
	{ "ckpt_interval_s", "checkpoint interval (Young's optimum)", "s", COL_NUM, 0 },
};

/* Common options: --format (default by terminal) and --as-of (default today). */
static int common_opts(const struct cli *c, enum out_format *fmt, long *as_of)
{
	if (cli_get_format(c, stdout, fmt))
		return -1;
	*as_of = today_yyyymmdd();
	return cli_get_long(c, "as-of", parse_date, as_of) < 0 ? -1 : 0;
}

static const char *inputs_dir(const struct cli *c)
{
	const char *v = cli_get(c, "inputs");
	return v ? v : "inputs";
}

/*
 * What estimate, sweep, train and plan share: the parsed options, the names and values given
 * (a sweep plan: lists for sweep, one value each for the others; its as_of is the price date),
 * the output format, and the tables once loaded.
 */
struct cmd_state {
	const struct command *cmd;
	struct cli c;
	struct sweep_plan plan;
	struct inputs in;
	int loaded;
	enum out_format fmt;
};

/* Parses the command's options. Returns 0 to go on, 1 when --help was printed (exit 0), -1
 * after a usage error. Either way cmd_finish releases st. */
static int cmd_start(struct cmd_state *st, const struct command *cmd, int argc, char **argv)
{
	memset(st, 0, sizeof(*st));
	st->cmd = cmd;
	sweep_plan_init(&st->plan);
	if (cli_parse(&st->c, cmd, argc, argv))
		return -1;
	if (st->c.help) {
		cli_print_help(stdout, cmd);
		return 1;
	}
	return 0;
}

/*
 * Reads the option of axis a (--model, --gpus, ...) into the plan: a list, or with one_why set a
 * single value ("--model: expected one value, got "a,b"" followed by one_why). Returns 1 when
 * given, 0 when absent, -1 after reporting a bad value.
 */
static int axis_opt(struct cmd_state *st, enum sweep_axis a, const char *one_why)
{
	char what[64];
	struct where w = { NULL, 0, what };
	const char *v = cli_get(&st->c, sweep_axis_option(a));

	if (!v)
		return 0;
	snprintf(what, sizeof(what), "--%s", sweep_axis_option(a));
	if (one_why && strchr(v, ','))
		return error("%s: expected one value, got \"%s\"%s", what, v, one_why);
	return sweep_plan_set(&st->plan, a, v, &w) ? -1 : 1;
}

/* Loads the tables of --inputs and, with resolve, looks up the plan's names. Returns 0,
 * EXIT_INPUT (the loader has named file:line:col) or EXIT_USAGE (an unknown name). */
static int cmd_load(struct cmd_state *st, int resolve)
{
	if (inputs_load(&st->in, inputs_dir(&st->c)))
		return EXIT_INPUT;
	st->loaded = 1;
	return resolve && sweep_plan_resolve(&st->plan, &st->in) ? EXIT_USAGE : 0;
}

/* Ends a command with exit code rc: the hint after a usage error, then releases st. */
static int cmd_finish(struct cmd_state *st, int rc)
{
	if (rc == EXIT_USAGE)
		cli_hint(st->cmd);
	if (st->loaded)
		inputs_release(&st->in);
	sweep_plan_release(&st->plan);
	return rc;
}

/* Fills the plan's empty lists from a named sweep of sweeps.csv. Returns an exit code. */
static int apply_named_sweep(struct sweep_plan *plan, const struct inputs *in, const char *name)
{
	const struct sweep *s = inputs_find_sweep(in, name);
	char path[4096];
	size_t i;

	if (!s) {
		const char *near = inputs_suggest(in, "sweep", name);
		if (near)
			error("--sweep: unknown sweep \"%s\"; did you mean \"%s\"?", name, near);
		else
			error("--sweep: unknown sweep \"%s\" (not in %s/sweeps.csv)", name, in->dir);
		return EXIT_USAGE;
	}
	snprintf(path, sizeof(path), "%s/sweeps.csv", in->dir ? in->dir : "inputs");
	const struct {
		enum sweep_axis ax;
		const char *column;
		const char *text;
	} f[7] = {
		{ AX_MODEL, "models", s->models },   { AX_HARDWARE, "hardware", s->hardware },
		{ AX_GPUS, "gpus", s->gpus },        { AX_BATCH, "batch", s->batch },
		{ AX_PROMPT, "prompt", s->prompt },  { AX_GEN, "gen", s->gen },
		{ AX_PRECISION, "precision", s->precision },
	};
	for (i = 0; i < 7; i++) {
		struct where w = { path, s->line, f[i].column };
		if (plan->ax[f[i].ax].n || !f[i].text || !f[i].text[0])
			continue;
		if (sweep_plan_set(plan, f[i].ax, f[i].text, &w))
			return EXIT_INPUT;
	}
	return 0;
}

/* `estimate` (many = 0: one value per option) and `sweep` (lists). */
static int cmd_infer(const struct command *cmd, int argc, char **argv, int many)
{
	struct cmd_state st;
	struct sweep_plan *plan = &st.plan;
	const char *sweep_name = NULL, *sv;
	long shard_k = 1, shard_n = 1;
	int rc = EXIT_USAGE, a, k, header;

	if ((k = cmd_start(&st, cmd, argc, argv)) != 0)
		return cmd_finish(&st, k < 0 ? EXIT_USAGE : 0);
	for (a = 0; a < AX_COUNT; a++)
		if (axis_opt(&st, (enum sweep_axis)a,
			     many ? NULL : " (lists are for 'llmcost sweep')") < 0)
			goto out;
	if (common_opts(&st.c, &st.fmt, &plan->as_of))
		goto out;
	plan->weights_only = cli_get(&st.c, "weights-only") != NULL;
	if ((sv = cli_get(&st.c, "shard"))) {
		struct where w = { NULL, 0, "--shard" };
		if (parse_shard(&w, sv, &shard_k, &shard_n))
			goto out;
	}
	header = shard_k == 1 && !cli_get(&st.c, "no-header");
	if (!plan->ax[AX_DRAFT].n && (plan->ax[AX_SPEC_TOKENS].n || plan->ax[AX_ACCEPT_RATE].n)) {
		error("--%s needs --draft MODEL", plan->ax[AX_SPEC_TOKENS].n ? "spec-tokens"
									  : "accept-rate");
		goto out;
	}
	if (plan->ax[AX_DRAFT].n && (!plan->ax[AX_SPEC_TOKENS].n || !plan->ax[AX_ACCEPT_RATE].n)) {
		size_t i;
		for (i = 0; i < plan->ax[AX_DRAFT].n; i++)
			if (strcmp(plan->ax[AX_DRAFT].names[i], "none"))
				break;
		if (i < plan->ax[AX_DRAFT].n) {
			error("--draft needs --spec-tokens N and --accept-rate F");
			goto out;
		}
	}
	if (many)
		sweep_name = cli_get(&st.c, "sweep");
	if (!sweep_name && !plan->ax[AX_MODEL].n) {
		error("--model NAME is required");
		goto out;
	}
	if (!sweep_name && !plan->ax[AX_HARDWARE].n) {
		error("--hardware NAME is required");
		goto out;
	}

	if ((rc = cmd_load(&st, 0)) != 0)
		goto out;
	if (sweep_name && (rc = apply_named_sweep(plan, &st.in, sweep_name)) != 0)
		goto out;
	rc = EXIT_USAGE;
	if (!plan->ax[AX_MODEL].n || !plan->ax[AX_HARDWARE].n) {
		error("sweep \"%s\" names no %s: give --%s", sweep_name,
		      plan->ax[AX_MODEL].n ? "hardware" : "models",
		      plan->ax[AX_MODEL].n ? "hardware" : "model");
		goto out;
	}
	if (sweep_plan_resolve(plan, &st.in))
		goto out;
	if (!many) {
		/* One configuration: say plainly what is wrong with it instead of an empty row. */
		struct sweep_iter it;
		struct infer_cfg cfg;
		struct infer_result r;
		const char *why;

		sweep_iter_start(&it, plan);
		sweep_iter_cfg(plan, &it, &cfg);
		if ((why = infer_cfg_problem(&cfg))) {
			error("cannot estimate %s on %s: %s", cfg.model->name, cfg.hw->name, why);
			goto out;
		}
		if (estimate_infer(&cfg, &r) == 0 && !r.fits)
			warning("batch %ld does not fit: it needs %.1f GB of the %.1f GB on %d x %s "
				"(largest batch that fits: %ld)", r.batch, r.mem_needed_gb,
				r.mem_capacity_gb, cfg.gpus, cfg.hw->name, r.max_batch);
	}
	if (sweep_plan_count(plan) == (size_t)-1) {
		error("the sweep has too many configurations to count");
		goto out;
	}
	rc = sweep_run_part(plan, &st.in, stdout, st.fmt, many, (size_t)shard_k, (size_t)shard_n,
			    header) ? EXIT_OUTPUT : 0;
out:
	return cmd_finish(&st, rc);
}

static int cmd_train(const struct command *cmd, int argc, char **argv)
{
	struct cmd_state st;
	struct train_cfg cfg;
	struct train_result r;
	struct row_writer *w = NULL;
	const char *why;
	int rc = EXIT_USAGE, k;

	memset(&cfg, 0, sizeof(cfg));
	if ((k = cmd_start(&st, cmd, argc, argv)) != 0)
		return cmd_finish(&st, k < 0 ? EXIT_USAGE : 0);
	{
		long seq = 0, fp8 = 0, unfused = 0, full = 0, zero = 0;
		int m = 0, h = 0, t = 0;

		if ((m = axis_opt(&st, AX_MODEL, "")) < 0 ||
		    (h = axis_opt(&st, AX_HARDWARE, "")) < 0 ||
		    (t = cli_get_num(&st.c, "tokens", parse_posnum, &cfg.tokens)) < 0 ||
		    cli_get_long(&st.c, "gpus", parse_posint, &cfg.gpus) < 0 ||
		    cli_get_num(&st.c, "mfu", parse_fraction, &cfg.mfu) < 0 ||
		    cli_get_long(&st.c, "seq", parse_posint, &seq) < 0 ||
		    cli_get_num(&st.c, "batch-tokens", parse_posnum, &cfg.batch_tokens) < 0 ||
		    cli_get_long(&st.c, "precision", parse_train_prec, &fp8) < 0 ||
		    cli_get_long(&st.c, "attention", parse_attention, &unfused) < 0 ||
		    cli_get_long(&st.c, "recompute", parse_recompute, &full) < 0 ||
		    cli_get_long(&st.c, "tp", parse_posint, &cfg.tp) < 0 ||
		    cli_get_long(&st.c, "pp", parse_posint, &cfg.pp) < 0 ||
		    cli_get_long(&st.c, "zero", parse_zero, &zero) < 0 ||
		    cli_get_num(&st.c, "usd-per-gpu-hour", parse_posnum,
				&cfg.usd_per_gpu_hour) < 0 ||
		    common_opts(&st.c, &st.fmt, &st.plan.as_of))
			goto out;
		cfg.seq_tokens = (double)seq; /* 0: the default */
		cfg.fp8 = (int)fp8;
		cfg.unfused_attention = (int)unfused;
		cfg.full_recompute = (int)full;
		cfg.zero_stage = (int)zero;
		if (!m || !h || !t) {
			error("%s is required", !m ? "--model NAME" : !h ? "--hardware NAME"
								  : "--tokens T");
			goto out;
		}
	}
	if ((rc = cmd_load(&st, 1)) != 0)
		goto out;
	rc = EXIT_USAGE;
	cfg.model = st.plan.ax[AX_MODEL].ptr[0];
	cfg.hw = st.plan.ax[AX_HARDWARE].ptr[0];
	if (!(cfg.usd_per_gpu_hour > 0))
		cfg.usd_per_gpu_hour = sweep_price_at(&st.in, cfg.hw, st.plan.as_of,
						      "the cost is left empty");
	if ((why = train_cfg_problem(&cfg)) || estimate_train(&cfg, &r)) {
		error("cannot estimate training of %s on %s: %s", cfg.model->name, cfg.hw->name,
		      why ? why : "the result is not a finite number");
		goto out;
	}
	rc = EXIT_OUTPUT;
	if (!(w = malloc(sizeof(*w)))) {
		error("out of memory");
		goto out;
	}
	rw_begin(w, stdout, st.fmt, TRAIN_COLUMNS,
		 sizeof(TRAIN_COLUMNS) / sizeof(TRAIN_COLUMNS[0]), 0);
	rw_str(w, cfg.model->name);
	rw_str(w, cfg.hw->name);
	rw_num(w, cfg.tokens);
	if (cfg.gpus > 0)
		rw_int(w, cfg.gpus);
	else
		rw_empty(w);
	rw_num(w, r.mfu);
	rw_num(w, r.train_flop);
	rw_num(w, r.gpu_hours);
	rw_num(w, r.days); /* NaN without --gpus: empty */
	if (cfg.usd_per_gpu_hour > 0)
		rw_num(w, r.usd);
	else
		rw_empty(w);
	rw_num(w, r.state_gb);
	rw_int(w, r.min_gpus_for_state);
	if (cfg.usd_per_gpu_hour > 0)
		rw_num(w, cfg.usd_per_gpu_hour);
	else
		rw_empty(w);
	/* the layout and MFU factors: empty where the plain estimate (--mfu) leaves them 0 */
	rw_num(w, r.seq_tokens > 0 ? r.seq_tokens : (double)NAN);
	if (r.layout[0])
		rw_str(w, r.layout);
	else
		rw_empty(w);
	if (r.gpus_used > 0)
		rw_int(w, r.gpus_used);
	else
		rw_empty(w);
	rw_str(w, r.gpus_assumed ? "yes" : "no");
#define POS_INT(x) do { if ((x) > 0) rw_int(w, (x)); else rw_empty(w); } while (0)
#define POS_NUM(x) rw_num(w, (x) > 0 ? (x) : (double)NAN)
	POS_INT(r.tp);
	POS_INT(r.pp);
	POS_INT(r.dp);
	POS_NUM(r.eta_gemm);
	POS_NUM(r.compute_share);
	POS_NUM(r.pipeline_busy);
	POS_NUM(r.goodput);
	POS_INT(r.zero_stage);
	rw_num(w, r.layout[0] ? r.recompute : (double)NAN);
	POS_NUM(r.mem_gb_per_gpu);
	if (r.layout[0])
		rw_str(w, r.fits ? "yes" : "no");
	else
		rw_empty(w);
	POS_NUM(r.microbatches);
	rw_num(w, r.layout[0] && isfinite(r.ckpt_interval_s) ? r.ckpt_interval_s : (double)NAN);
#undef POS_INT
#undef POS_NUM
	rw_end_row(w);
	if (rw_finish(w)) {
		error("cannot write the output");
		goto out;
	}
	rc = 0;
out:
	free(w);
	return cmd_finish(&st, rc);
}

/* The plan's columns: one row per configuration, cheapest first. */
static const struct column PLAN_COLUMNS[] = {
	{ "rank", "rank", NULL, COL_INT, 4 },
	{ "model", "model", NULL, COL_STR, 0 },
	{ "hardware", "hardware", NULL, COL_STR, 0 },
	{ "chips", "chips per replica", NULL, COL_INT, 5 },
	{ "layout", "parallel layout", NULL, COL_STR, 13 },
	{ "precision", "weights", NULL, COL_STR, 9 },
	{ "kv_precision", "KV cache", NULL, COL_STR, 12 },
	{ "mode", "serving mode", NULL, COL_STR, 10 },
	{ "batch", "batch per replica", "sequences", COL_INT, 5 },
	{ "ttft_s", "time to first token", "s", COL_NUM, 0 },
	{ "tpot_s", "time per output token", "s", COL_NUM, 0 },
	{ "gen_tok_s", "generated tokens/s, all replicas", "tokens/s", COL_NUM, 0 },
	{ "replica_req_s", "requests/s one replica completes", "req/s", COL_NUM, 13 },
	{ "replicas", "replicas", NULL, COL_INT, 0 },
	{ "gpus", "chips in all", NULL, COL_INT, 4 },
	{ "served_req_s", "requests/s served", "req/s", COL_NUM, 12 },
	{ "usd_per_gpu_hour", "price per GPU-hour", "$", COL_NUM, 0 },
	{ "usd_per_hour", "all chips per hour", "$", COL_NUM, 12 },
	{ "usd_per_1m_tokens", "per 1M tokens (prompt + generated)", "$", COL_NUM, 0 },
	{ "usd_per_1m_prompt", "per 1M prompt tokens (whole cost)", "$", COL_NUM, 0 },
	{ "usd_per_1m_gen", "per 1M generated tokens (whole cost)", "$", COL_NUM, 0 },
};
#define N_PLAN_COLUMNS (sizeof(PLAN_COLUMNS) / sizeof(PLAN_COLUMNS[0]))
#define PLAN_TOP_MAX 10000

/* "TP8", "TP8xPP2", "TP8+EP8", with " x2 pools" for a disaggregated prefill pool. */
static void plan_layout(char *buf, size_t size, const struct plan_result *r)
{
	int n = snprintf(buf, size, "TP%d", r->tp);
	if (r->pp > 1 && n >= 0 && (size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, "xPP%d", r->pp);
	if (r->expert_ways > 1 && n >= 0 && (size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, "+EP%d", r->expert_ways);
	if (r->mode == SERVE_DISAGG && n >= 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, " x2 pools");
}

/* A comma-separated list of precisions or serving modes into a bit set. Returns 0 or -1. */
static int parse_bits(const char *opt, const char *text, int modes, unsigned *bits)
{
	char buf[256], *item, *save = NULL;
	struct where w = { NULL, 0, opt };

	*bits = 0;
	if (strlen(text) >= sizeof(buf))
		return error("%s: expected a short list, got %zu characters", opt, strlen(text));
	snprintf(buf, sizeof(buf), "%s", text);
	for (item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		enum precision p;
		enum serve_mode m;
		if (modes) {
			if (serve_mode_parse(item, &m))
				return error("%s: expected static, continuous, chunked or disagg, "
					     "got \"%s\"", opt, item);
			*bits |= 1u << m;
		} else {
			if (parse_prec(&w, item, &p))
				return -1;
			*bits |= 1u << p;
		}
	}
	if (!*bits)
		return error("%s: expected a list, got \"%s\"", opt, text);
	return 0;
}

/* `llmcost plan`: the cheapest configurations, or why there are none (EXIT_NO_PLAN). */
static int cmd_plan(const struct command *cmd, int argc, char **argv)
{
	struct cmd_state st;
	struct sweep_plan *names = &st.plan;
	struct plan_query q;
	struct plan_diagnosis diag;
	struct plan_result *res = NULL;
	const struct hardware **hws = NULL;
	double *usd = NULL, price = 0;
	struct row_writer *w = NULL;
	const char *v;
	long top = 10;
	size_t n_hw = 0, n_res = 0, i;
	int rc = EXIT_USAGE, k;

	memset(&q, 0, sizeof(q));
	if ((k = cmd_start(&st, cmd, argc, argv)) != 0)
		return cmd_finish(&st, k < 0 ? EXIT_USAGE : 0);
	{
		long max_gpus = 0;

		if (!cli_get(&st.c, "model")) {
			error("--model NAME is required");
			goto out;
		}
		if (axis_opt(&st, AX_MODEL, " (plan one model at a time)") < 0 ||
		    axis_opt(&st, AX_HARDWARE, NULL) < 0 ||
		    cli_get_num(&st.c, "ttft-slo", parse_posnum, &q.ttft_slo_s) < 0 ||
		    cli_get_num(&st.c, "tpot-slo", parse_posnum, &q.tpot_slo_s) < 0 ||
		    cli_get_num(&st.c, "qps", parse_posnum, &q.qps) < 0 ||
		    cli_get_long(&st.c, "prompt", parse_posint, &q.prompt_tokens) < 0 ||
		    cli_get_long(&st.c, "gen", parse_posint, &q.gen_tokens) < 0 ||
		    cli_get_long(&st.c, "max-gpus", parse_posint, &max_gpus) < 0)
			goto out;
		if (max_gpus > 1 << 20) {
			error("--max-gpus: expected at most %d, got \"%s\"", 1 << 20,
			      cli_get(&st.c, "max-gpus"));
			goto out;
		}
		q.max_gpus = (int)max_gpus; /* 0: the default */
		if (cli_get_long(&st.c, "max-batch", parse_posint, &q.max_batch) < 0 ||
		    cli_get_long(&st.c, "top", parse_posint, &top) < 0 ||
		    cli_get_num(&st.c, "usd-per-gpu-hour", parse_posnum, &price) < 0)
			goto out;
		if (top > PLAN_TOP_MAX)
			top = PLAN_TOP_MAX;
		if ((v = cli_get(&st.c, "precision")) &&
		    parse_bits("--precision", v, 0, &q.precisions))
			goto out;
		if ((v = cli_get(&st.c, "mode")) && parse_bits("--mode", v, 1, &q.modes))
			goto out;
		if (common_opts(&st.c, &st.fmt, &names->as_of))
			goto out;
	}
	if ((rc = cmd_load(&st, 1)) != 0)
		goto out;
	n_hw = names->ax[AX_HARDWARE].n ? names->ax[AX_HARDWARE].n : st.in.n_hardware;
	rc = EXIT_INTERNAL;
	hws = calloc(n_hw ? n_hw : 1, sizeof(*hws));
	usd = calloc(n_hw ? n_hw : 1, sizeof(*usd));
	res = calloc((size_t)top, sizeof(*res));
	w = malloc(sizeof(*w));
	if (!hws || !usd || !res || !w) {
		error("out of memory");
		goto out;
	}
	for (i = 0; i < n_hw; i++) {
		int named = names->ax[AX_HARDWARE].n > 0; /* a warning only for chips asked for */
		hws[i] = named ? names->ax[AX_HARDWARE].ptr[i] : &st.in.hardware[i];
		usd[i] = price > 0 ? price : sweep_price_at(&st.in, hws[i], names->as_of,
							    named ? "it is skipped" : NULL);
	}
	q.model = names->ax[AX_MODEL].ptr[0];
	q.hardware = hws;
	q.usd_per_gpu_hour = usd;
	q.n_hardware = n_hw;
	if (plan_search(&q, res, (size_t)top, &n_res, &diag) < 0 || n_res == 0) {
		error("nothing qualifies for %s: %s", q.model->name, diag.text);
		error("searched %ld configurations of %zu chip%s (%ld qualifying ones skipped for "
		      "lack of a price)", diag.candidates, n_hw, n_hw == 1 ? "" : "s",
		      diag.skipped_no_price);
		rc = EXIT_NO_PLAN;
		goto out;
	}
	rc = EXIT_OUTPUT;
	{
		struct column cols[N_PLAN_COLUMNS];
		size_t wide = strlen(q.model->name);
		memcpy(cols, PLAN_COLUMNS, sizeof(cols));
		cols[1].width = wide > 40 ? 40 : (int)wide;
		for (i = 0, wide = 0; i < n_res; i++)
			if (strlen(hws[res[i].hw_index]->name) > wide)
				wide = strlen(hws[res[i].hw_index]->name);
		cols[2].width = wide > 40 ? 40 : (int)wide;
		rw_begin(w, stdout, st.fmt, cols, N_PLAN_COLUMNS, 1);
		for (i = 0; i < n_res; i++) {
			const struct plan_result *r = &res[i];
			double prompt = (double)(q.prompt_tokens > 0 ? q.prompt_tokens : 512);
			double gen = (double)(q.gen_tokens > 0 ? q.gen_tokens : 512);
			char layout[64];

			plan_layout(layout, sizeof(layout), r);
			rw_int(w, (long)i + 1);
			rw_str(w, q.model->name);
			rw_str(w, hws[r->hw_index]->name);
			rw_int(w, r->chips);
			rw_str(w, layout);
			rw_str(w, precision_name(r->precision));
			rw_str(w, precision_name(r->kv_precision));
			rw_str(w, serve_mode_name(r->mode));
			rw_int(w, r->batch);
			rw_num(w, r->ttft_s);
			rw_num(w, r->tpot_s);
			rw_num(w, r->served_req_s * gen);
			rw_num(w, r->replica_req_s);
			rw_int(w, r->replicas);
			rw_int(w, r->gpus);
			rw_num(w, r->served_req_s);
			rw_num(w, usd[r->hw_index]);
			rw_num(w, r->usd_per_hour);
			rw_num(w, r->usd_per_1m_tokens);
			rw_num(w, r->usd_per_hour / 3600 / (r->served_req_s * prompt) * 1e6);
			rw_num(w, r->usd_per_1m_gen);
			rw_end_row(w);
		}
		if (rw_finish(w)) {
			error("cannot write the output");
			goto out;
		}
		if (st.fmt == OUT_TABLE) {
			size_t n_unpriced = 0;
			printf("\nthe %zu cheapest configurations that qualify; %ld searched, of %zu "
			       "chip%s\n", n_res, diag.candidates, n_hw, n_hw == 1 ? "" : "s");
			for (i = 0; i < n_hw; i++)
				if (!(usd[i] > 0))
					printf("%s%s", n_unpriced++ ? ", " : "no price, skipped: ",
					       hws[i]->name);
			if (n_unpriced)
				printf("\n");
		}
	}
	rc = 0;
out:
	free(w);
	free(res);
	free(usd);
	free(hws);
	return cmd_finish(&st, rc);
}

static int cmd_report(const struct command *cmd, int argc, char **argv)
{
	struct cli c;
	struct report_opts o;
	const char *v;
	double keep = 0;
	int k;

	if (cli_parse(&c, cmd, argc, argv))
		goto usage;
	if (c.help) {
		cli_print_help(stdout, cmd);
		return 0;
	}
	report_opts_init(&o);
	if ((v = cli_get(&c, "inputs")))
		o.inputs_dir = v;
	if ((v = cli_get(&c, "out")))
		o.out_dir = v;
	if ((v = cli_get(&c, "templates")))
		o.templates_dir = v;
	if ((v = cli_get(&c, "template")))
		o.template_name = v;
	if (cli_get_long(&c, "as-of", parse_date, &o.as_of) < 0 ||
	    cli_get_num(&c, "usd-per-gpu-hour", parse_posnum, &o.usd_per_gpu_hour) < 0 ||
	    cli_get_num(&c, "alert-pct", parse_nonneg, &o.alert_pct) < 0 ||
	    cli_get_num(&c, "wait", parse_nonneg, &o.wait_s) < 0 ||
	    (k = cli_get_num(&c, "keep", parse_nonneg, &keep)) < 0)
		goto usage;
	if (k) {
		if (keep != (double)(long)keep || keep > 100000) {
			error("--keep: expected a whole number of reports, got \"%s\"",
			      cli_get(&c, "keep"));
			goto usage;
		}
		o.keep = (long)keep;
	}
	o.quiet = cli_get(&c, "quiet") != NULL;
	return pipeline_report(&o);
usage:
	cli_hint(cmd);
	return EXIT_USAGE;
}

/* `llmcost diff OLD NEW [--alert-pct P]`: the two files come first. */
static int cmd_diff(const struct command *cmd, int argc, char **argv)
{
	struct cli c;
	double alert_pct = 5;
	char **opts = NULL;
	const char *pos[2];
	int npos = 0, nopt = 0, rc = EXIT_USAGE;

	/* the two files may stand anywhere among the options: split them out, keeping each
	 * value-taking option ("--alert-pct P", "--inputs DIR") with its value */
	if (!(opts = malloc(sizeof(*opts) * (size_t)(argc + 1)))) {
		error("out of memory");
		return EXIT_INTERNAL;
	}
	for (int i = 0; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1]) {
			opts[nopt++] = argv[i];
			if ((!strcmp(argv[i], "--alert-pct") || !strcmp(argv[i], "--inputs")) &&
			    i + 1 < argc)
				opts[nopt++] = argv[++i];
		} else if (npos < 2) {
			pos[npos++] = argv[i];
		} else {
			error("diff: expected two record files, got a third: \"%s\"", argv[i]);
			goto usage;
		}
	}
	opts[nopt] = NULL;
	if (cli_parse(&c, cmd, nopt, opts))
		goto usage;
	if (c.help) {
		cli_print_help(stdout, cmd);
		rc = 0;
		goto out;
	}
	if (npos != 2) {
		error("diff: expected two record files, OLD and NEW (out/headline.csv, "
		      "out/archive/headline-DATE.csv)");
		goto usage;
	}
	if (cli_get_num(&c, "alert-pct", parse_nonneg, &alert_pct) < 0)
		goto usage;
	rc = pipeline_diff(pos[0], pos[1], alert_pct);
	goto out;
usage:
	cli_hint(cmd);
out:
	free(opts);
	return rc;
}

/* `llmcost help [CMD]`. */
static int cmd_help(int argc, char **argv)
{
	const struct command *cmd;

	if (argc < 1) {
		cli_print_usage(stdout);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[0], "econ")) { /* help econ SUB = econ SUB --help */
		char *sub_argv[] = { argv[1], (char *)"--help", NULL };
		return cmd_econ(cli_find_command("econ"), 2, sub_argv, stdout);
	}
	if (argc > 1) {
		error("help: expected one command (or econ SUB), got %d words", argc);
		cli_hint(NULL);
		return EXIT_USAGE;
	}
	if (!(cmd = cli_find_command(argv[0]))) {
		const char *near = cli_suggest_command(argv[0]);
		if (near)
			error("help: unknown command \"%s\"; did you mean \"%s\"?", argv[0], near);
		else
			error("help: unknown command \"%s\"", argv[0]);
		cli_hint(NULL);
		return EXIT_USAGE;
	}
	cli_print_help(stdout, cmd);
	return 0;
}

static int run(int argc, char **argv)
{
	const struct command *cmd;
	const char *name;

	if (argc < 2) {
		error("no command given");
		cli_print_usage(stderr);
		return EXIT_USAGE;
	}
	name = argv[1];
	if (!strcmp(name, "--version") || !strcmp(name, "version")) {
		if (argc > 2) {
			error("%s: takes no argument, got \"%s\"", name, argv[2]);
			cli_hint(NULL);
			return EXIT_USAGE;
		}
		printf("llmcost %s\n", LLMCOST_VERSION);
		return 0;
	}
	if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
		cli_print_usage(stdout);
		return 0;
	}
	if (!(cmd = cli_find_command(name))) {
		const char *near = name[0] == '-' ? NULL : cli_suggest_command(name);
		if (name[0] == '-')
			error("unknown option \"%s\" before the command", name);
		else if (near)
			error("unknown command \"%s\"; did you mean \"%s\"?", name, near);
		else
			error("unknown command \"%s\"", name);
		cli_hint(NULL);
		return EXIT_USAGE;
	}
	if (!strcmp(cmd->name, "estimate"))
		return cmd_infer(cmd, argc - 2, argv + 2, 0);
	if (!strcmp(cmd->name, "sweep"))
		return cmd_infer(cmd, argc - 2, argv + 2, 1);
	if (!strcmp(cmd->name, "train"))
		return cmd_train(cmd, argc - 2, argv + 2);
	if (!strcmp(cmd->name, "report"))
		return cmd_report(cmd, argc - 2, argv + 2);
	if (!strcmp(cmd->name, "diff"))
		return cmd_diff(cmd, argc - 2, argv + 2);
	if (!strcmp(cmd->name, "plan"))
		return cmd_plan(cmd, argc - 2, argv + 2);
	if (!strcmp(cmd->name, "econ"))
		return cmd_econ(cmd, argc - 2, argv + 2, stdout);
	if (argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
		cli_print_help(stdout, cmd);
		return 0;
	}
	return cmd_help(argc - 2, argv + 2);
}

int main(int argc, char **argv)
{
	static char outbuf[1 << 20];
	int rc;

	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	rc = run(argc, argv);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		error("cannot write the output");
		if (rc == 0)
			rc = EXIT_OUTPUT;
	}
	return rc;
}
