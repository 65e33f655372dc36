/*
 * fuzz_cli.c - libFuzzer harness for the command line: the option parser and value parsers
 * (cli.c), the option lists of sweeps (sweep.c), and, for small sweeps, the estimator and the
 * row writer behind them (estimate.c, fmt.c).
 *
 * The first byte of an input picks the command (estimate, train, sweep, report, help); the
 * rest is its words, separated by NUL bytes, as argv after the command name. Options that
 * parse are fed to the same value parsers main.c uses; a sweep of at most 64 configurations
 * over a small inputs folder is then run into a memory stream, in CSV, and its output must not
 * hold "nan" or "inf" (the row writer prints an unknown number as an empty cell).
 * Seeds: tests/fuzz/corpus-cli/ (the command lines of the tests and the README).
 */
#include "fuzz_common.h"

#include "cli.h"
#include "model.h"
#include "sweep.h"

static const char *const COMMANDS[5] = { "estimate", "train", "sweep", "report", "help" };

static char *dir;
static struct inputs in;
static int have_inputs;

static void cleanup(void)
{
	fuzz_remove(dir, "models.csv");
	fuzz_remove(dir, "hardware.csv");
	fuzz_remove(dir, "prices.csv");
	rmdir(dir);
	if (have_inputs)
		inputs_release(&in);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char models[] =
		"name,params,layers,d_model,heads,kv_heads,head_dim,active_params,experts,"
		"experts_per_token,context\n"
		"m,70e9,80,8192,64,8,128,,,,4096\n"
		"moe,1.831e12,120,12288,96,96,128,277e9,16,2,8192\n"
		"tiny,1,1,1,1,1,1,,,,1\n";
	static const char hardware[] =
		"name,peak_tflops_16,mem_gb,mem_bw_tbs,peak_tflops_8,link_gbs\n"
		"h,312,80,2.0,624,300\n"
		"slow,0.001,0.001,0.000001,,\n";
	static const char prices[] = "hardware,usd_per_gpu_hour,as_of\nh,2.21,2023-07-20\n";

	(void)argc;
	(void)argv;
	dir = fuzz_scratch_dir("cli");
	atexit(cleanup);
	fuzz_write(dir, "models.csv", models, sizeof(models) - 1);
	fuzz_write(dir, "hardware.csv", hardware, sizeof(hardware) - 1);
	fuzz_write(dir, "prices.csv", prices, sizeof(prices) - 1);
	if (inputs_load(&in, dir) != 0) {
		fprintf(stderr, "fuzz_cli: the built-in inputs do not load\n");
		exit(1);
	}
	have_inputs = 1;
	err_set_sink(fuzz_quiet_sink, NULL);
	return 0;
}

/* Runs the plan into memory and checks the text. */
static void run_sweep(struct sweep_plan *plan)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	if (sweep_plan_resolve(plan, &in) != 0 || sweep_plan_count(plan) > 64)
		return;
	fp = open_memstream(&buf, &len);
	if (!fp)
		return;
	sweep_run(plan, &in, fp, OUT_CSV, 1);
	fclose(fp);
	for (size_t i = 0; i + 3 <= len; i++) {
		const char *s = buf + i;
		if ((i == 0 || s[-1] == ',' || s[-1] == '\n' || s[-1] == '-') &&
		    (!strncmp(s, "nan", 3) || !strncmp(s, "inf", 3) || !strncmp(s, "-nan", 4))) {
			fprintf(stderr, "fuzz_cli: non-finite number in the output:\n%s\n", buf);
			abort();
		}
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct command *cmd;
	struct cli c;
	char *copy, **argv;
	int argc = 0;
	size_t i;

	if (size < 1)
		return 0;
	cmd = cli_find_command(COMMANDS[data[0] % 5]);
	if (!cmd)
		abort();
	/* words: NUL-separated, the last one NUL-terminated by us */
	copy = malloc(size);
	argv = malloc((size + 1) * sizeof(*argv));
	if (!copy || !argv)
		goto out;
	memcpy(copy, data + 1, size - 1);
	copy[size - 1] = '\0';
	if (size > 1) {
		argv[argc++] = copy;
		for (i = 0; i + 1 < size - 1; i++)
			if (copy[i] == '\0')
				argv[argc++] = copy + i + 1;
	}
	argv[argc] = NULL;
	cli_suggest_command(argc ? argv[0] : "");
	if (cli_parse(&c, cmd, argc, argv) == 0 && !c.help) {
		struct sweep_plan plan;
		struct where w = { NULL, 0, "--x" };
		const char *v;
		long l;
		double x;
		enum out_format f;
		int bad = 0, a;

		sweep_plan_init(&plan);
		for (a = 0; a < AX_COUNT; a++)
			if ((v = cli_get(&c, sweep_axis_option((enum sweep_axis)a))) &&
			    sweep_plan_set(&plan, (enum sweep_axis)a, v, &w) != 0)
				bad = 1;
		if ((v = cli_get(&c, "as-of")) && parse_date(&w, v, &l) != 0)
			bad = 1;
		else if (v)
			plan.as_of = l;
		if ((v = cli_get(&c, "format")) && parse_format(&w, v, &f) != 0)
			bad = 1;
		if ((v = cli_get(&c, "tokens")))
			parse_posnum(&w, v, &x);
		if ((v = cli_get(&c, "usd-per-gpu-hour"))) {
			parse_nonneg(&w, v, &x);
			parse_fraction(&w, v, &x);
			parse_batch(&w, v, &l);
			parse_posint(&w, v, &l);
		}
		plan.weights_only = cli_get(&c, "weights-only") != NULL;
		if (!bad && plan.ax[AX_MODEL].n && plan.ax[AX_HARDWARE].n)
			run_sweep(&plan);
		sweep_plan_release(&plan);
	}
out:
	free(argv);
	free(copy);
	err_reset_count();
	return 0;
}
