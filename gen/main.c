/*
 * main.c - the llmcost commands: estimate, train, sweep, report, help, --version.
 *
 * Each command parses its options (cli.c), checks every value before touching the inputs so a
 * typo costs nothing, loads the tables (model.c), resolves names, and prints through the row
 * writer (fmt.c). Mistakes on the command line exit with EXIT_USAGE and a hint line; problems
 * in the tables with EXIT_INPUT (model.c has already named file:line:col). stdout is fully
 * buffered in 1 MiB so a sweep's rows leave in large writes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "err.h"
#include "estimate.h"
#include "fmt.h"
#include "model.h"
#include "pipeline.h"
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
};

/* Common options: --format (default by terminal) and --as-of (default today). */
static int common_opts(const struct cli *c, enum out_format *fmt, long *as_of)
{
	const char *v;
	struct where w = { NULL, 0, "--format" };

	*fmt = isatty(STDOUT_FILENO) ? OUT_TABLE : OUT_CSV;
	if ((v = cli_get(c, "format")) && parse_format(&w, v, fmt))
		return -1;
	*as_of = today_yyyymmdd();
	w.what = "--as-of";
	if (as_of && (v = cli_get(c, "as-of")) && parse_date(&w, v, as_of))
		return -1;
	return 0;
}

static const char *inputs_dir(const struct cli *c)
{
	const char *v = cli_get(c, "inputs");
	return v ? v : "inputs";
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
	struct cli c;
	struct sweep_plan plan;
	struct inputs in;
	enum out_format fmt;
	const char *sweep_name = NULL;
	int loaded = 0, rc = EXIT_USAGE, a;

	sweep_plan_init(&plan);
	memset(&in, 0, sizeof(in));
	if (cli_parse(&c, cmd, argc, argv))
		goto out;
	if (c.help) {
		cli_print_help(stdout, cmd);
		return 0;
	}
	for (a = 0; a < AX_COUNT; a++) {
		char what[64];
		struct where w = { NULL, 0, what };
		const char *v = cli_get(&c, sweep_axis_option((enum sweep_axis)a));
		if (!v)
			continue;
		snprintf(what, sizeof(what), "--%s", sweep_axis_option((enum sweep_axis)a));
		if (!many && strchr(v, ',')) {
			error("%s: expected one value, got \"%s\" (lists are for 'llmcost sweep')",
			      what, v);
			goto out;
		}
		if (sweep_plan_set(&plan, (enum sweep_axis)a, v, &w))
			goto out;
	}
	if (common_opts(&c, &fmt, &plan.as_of))
		goto out;
	plan.weights_only = cli_get(&c, "weights-only") != NULL;
	if (many)
		sweep_name = cli_get(&c, "sweep");
	if (!sweep_name && !plan.ax[AX_MODEL].n) {
		error("--model NAME is required");
		goto out;
	}
	if (!sweep_name && !plan.ax[AX_HARDWARE].n) {
		error("--hardware NAME is required");
		goto out;
	}

	if (inputs_load(&in, inputs_dir(&c))) {
		rc = EXIT_INPUT;
		goto out;
	}
	loaded = 1;
	if (sweep_name && (rc = apply_named_sweep(&plan, &in, sweep_name)) != 0)
		goto out;
	rc = EXIT_USAGE;
	if (!plan.ax[AX_MODEL].n || !plan.ax[AX_HARDWARE].n) {
		error("sweep \"%s\" names no %s: give --%s", sweep_name,
		      plan.ax[AX_MODEL].n ? "hardware" : "models",
		      plan.ax[AX_MODEL].n ? "hardware" : "model");
		goto out;
	}
	if (sweep_plan_resolve(&plan, &in))
		goto out;
	if (!many) {
		/* One configuration: say plainly what is wrong with it instead of an empty row. */
		struct sweep_iter it;
		struct infer_cfg cfg;
		struct infer_result r;
		const char *why;

		sweep_iter_start(&it, &plan);
		sweep_iter_cfg(&plan, &it, &cfg);
		if ((why = infer_cfg_problem(&cfg))) {
			error("cannot estimate %s on %s: %s", cfg.model->name, cfg.hw->name, why);
			goto out;
		}
		if (estimate_infer(&cfg, &r) == 0 && !r.fits)
			warning("batch %ld does not fit: it needs %.1f GB of the %.1f GB on %d x %s "
				"(largest batch that fits: %ld)", r.batch, r.mem_needed_gb,
				r.mem_capacity_gb, cfg.gpus, cfg.hw->name, r.max_batch);
	}
	rc = sweep_run(&plan, &in, stdout, fmt, many) ? EXIT_OUTPUT : 0;
out:
	if (rc == EXIT_USAGE)
		cli_hint(cmd);
	if (loaded)
		inputs_release(&in);
	sweep_plan_release(&plan);
	return rc;
}

static int cmd_train(const struct command *cmd, int argc, char **argv)
{
	struct cli c;
	struct sweep_plan plan;
	struct inputs in;
	struct train_cfg cfg;
	struct train_result r;
	struct row_writer *w = NULL;
	enum out_format fmt;
	const char *v, *why;
	long as_of = 0;
	int loaded = 0, rc = EXIT_USAGE;

	sweep_plan_init(&plan);
	memset(&in, 0, sizeof(in));
	memset(&cfg, 0, sizeof(cfg));
	if (cli_parse(&c, cmd, argc, argv))
		goto out;
	if (c.help) {
		cli_print_help(stdout, cmd);
		return 0;
	}
	{
		struct where wm = { NULL, 0, "--model" }, wh = { NULL, 0, "--hardware" };
		struct where wt = { NULL, 0, "--tokens" }, wg = { NULL, 0, "--gpus" };
		struct where wf = { NULL, 0, "--mfu" }, wu = { NULL, 0, "--usd-per-gpu-hour" };
		const char *m = cli_get(&c, "model"), *h = cli_get(&c, "hardware");

		if (m && strchr(m, ',')) {
			error("--model: expected one value, got \"%s\"", m);
			goto out;
		}
		if (h && strchr(h, ',')) {
			error("--hardware: expected one value, got \"%s\"", h);
			goto out;
		}
		if ((m && sweep_plan_set(&plan, AX_MODEL, m, &wm)) ||
		    (h && sweep_plan_set(&plan, AX_HARDWARE, h, &wh)))
			goto out;
		if ((v = cli_get(&c, "tokens")) && parse_posnum(&wt, v, &cfg.tokens))
			goto out;
		if ((v = cli_get(&c, "gpus")) && parse_posint(&wg, v, &cfg.gpus))
			goto out;
		if ((v = cli_get(&c, "mfu")) && parse_fraction(&wf, v, &cfg.mfu))
			goto out;
		if ((v = cli_get(&c, "usd-per-gpu-hour")) &&
		    parse_posnum(&wu, v, &cfg.usd_per_gpu_hour))
			goto out;
		if (common_opts(&c, &fmt, &as_of))
			goto out;
		if (!m || !h || !cli_get(&c, "tokens")) {
			error("%s is required", !m ? "--model NAME" : !h ? "--hardware NAME"
								  : "--tokens T");
			goto out;
		}
	}
	if (inputs_load(&in, inputs_dir(&c))) {
		rc = EXIT_INPUT;
		goto out;
	}
	loaded = 1;
	if (sweep_plan_resolve(&plan, &in))
		goto out;
	cfg.model = plan.ax[AX_MODEL].ptr[0];
	cfg.hw = plan.ax[AX_HARDWARE].ptr[0];
	if (!(cfg.usd_per_gpu_hour > 0)) {
		const struct price *pr = inputs_price_at(&in, cfg.hw, as_of);
		if (pr)
			cfg.usd_per_gpu_hour = pr->usd_per_gpu_hour;
		else
			warning("no price for %s on or before %04ld-%02ld-%02ld in prices.csv: the "
				"cost is left empty (give --usd-per-gpu-hour)", cfg.hw->name,
				as_of / 10000, as_of / 100 % 100, as_of % 100);
	}
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
	rw_begin(w, stdout, fmt, TRAIN_COLUMNS, sizeof(TRAIN_COLUMNS) / sizeof(TRAIN_COLUMNS[0]),
		 0);
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
	rw_end_row(w);
	if (rw_finish(w)) {
		error("cannot write the output");
		goto out;
	}
	rc = 0;
out:
	if (rc == EXIT_USAGE)
		cli_hint(cmd);
	free(w);
	if (loaded)
		inputs_release(&in);
	sweep_plan_release(&plan);
	return rc;
}

static int cmd_report(const struct command *cmd, int argc, char **argv)
{
	struct cli c;
	struct report_opts o;
	const char *v;
	struct where wd = { NULL, 0, "--as-of" }, wu = { NULL, 0, "--usd-per-gpu-hour" };

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
	if ((v = cli_get(&c, "as-of")) && parse_date(&wd, v, &o.as_of))
		goto usage;
	if ((v = cli_get(&c, "usd-per-gpu-hour")) && parse_posnum(&wu, v, &o.usd_per_gpu_hour))
		goto usage;
	o.quiet = cli_get(&c, "quiet") != NULL;
	return pipeline_report(&o);
usage:
	cli_hint(cmd);
	return EXIT_USAGE;
}

/* `llmcost help [CMD]`. */
static int cmd_help(int argc, char **argv)
{
	const struct command *cmd;

	if (argc < 1) {
		cli_print_usage(stdout);
		return 0;
	}
	if (argc > 1) {
		error("help: expected one command, got %d words", argc);
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
