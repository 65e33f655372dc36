/*
 * bench.c - speed figures for `make bench` (printed against their targets, never asserted):
 *  1. the estimator: configurations per second on one core (target: 10 million);
 *  2. `llmcost sweep` of exactly 1,000,000 configurations to CSV on /dev/null: wall time and
 *     peak resident memory of the process (targets: 2 s, 50 MB), on a generated inputs folder
 *     of 10 models x 10 chips, swept over 10 chip counts, batches, prompts and generations;
 *     then the same sweep cut in two with --shard 1/2 and 2/2 run by two processes at once
 *     (this machine has 2 cores) against one process, and the parts concatenated compared
 *     byte for byte with the whole;
 *  3. the planner (issue 5): a plan over every row of inputs/hardware.csv, 1-64 chips, every
 *     batch, all five precisions and four serving modes for one model (target: 100 ms), in
 *     process and through `llmcost plan`.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "estimate.h"
#include "validate.h"
#include "model.h"
#include "plan.h"

extern char **environ;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The estimator's test set: dense and MoE models, three chips, 4 x 4 x 4 x 3 configurations
 * each (2304 per round). */
static struct model bench_models[4] = {
	{ .name = (char *)"70B", .params = 70e9, .active_params = 70e9, .layers = 80, .d_model = 8192,
	  .heads = 64, .kv_heads = 8, .head_dim = 128, .experts = 1, .experts_per_token = 1 },
	{ .name = (char *)"7B", .params = 7e9, .active_params = 7e9, .layers = 32, .d_model = 4096,
	  .heads = 32, .kv_heads = 32, .head_dim = 128, .experts = 1, .experts_per_token = 1 },
	{ .name = (char *)"8x7B", .params = 46.7e9, .active_params = 12.9e9, .layers = 32,
	  .d_model = 4096, .heads = 32, .kv_heads = 8, .head_dim = 128, .experts = 8,
	  .experts_per_token = 2 },
	{ .name = (char *)"405B", .params = 405e9, .active_params = 405e9, .layers = 126,
	  .d_model = 16384, .heads = 128, .kv_heads = 8, .head_dim = 128, .experts = 1,
	  .experts_per_token = 1 },
};
static struct hardware bench_hws[3] = {
	{ .name = (char *)"A100", .peak_tflops_16 = 312, .peak_tflops_8 = 624, .mem_gb = 80,
	  .mem_bw_tbs = 2.0 },
	{ .name = (char *)"H100", .peak_tflops_16 = 989, .peak_tflops_8 = 1979, .mem_gb = 80,
	  .mem_bw_tbs = 3.35 },
	{ .name = (char *)"L4", .peak_tflops_16 = 121, .peak_tflops_8 = 242, .mem_gb = 24,
	  .mem_bw_tbs = 0.3 },
};
#define BENCH_ROUND (4 * 3 * 4 * 4 * 4 * 3)

/* One round over the test set; adds the TPOTs to *checksum and counts the rejected. */
static void estimator_round(double *checksum, long *failed)
{
	static const int gpus[] = { 1, 2, 4, 8 };
	static const long batch[] = { 1, 8, 32, 0 };
	static const long prompt[] = { 128, 512, 2048, 8192 };
	static const long gen[] = { 64, 256, 1024 };
	struct infer_cfg cfg;
	struct infer_result r;

	infer_cfg_init(&cfg);
	cfg.usd_per_gpu_hour = 2;
	for (int m = 0; m < 4; m++)
		for (int h = 0; h < 3; h++)
			for (int g = 0; g < 4; g++)
				for (int b = 0; b < 4; b++)
					for (int p = 0; p < 4; p++)
						for (int n = 0; n < 3; n++) {
		cfg.model = &bench_models[m];
		cfg.hw = &bench_hws[h];
		cfg.gpus = gpus[g];
		cfg.batch = batch[b];
		cfg.prompt_tokens = prompt[p];
		cfg.gen_tokens = gen[n];
		cfg.precision = cfg.kv_precision = (n & 1) ? PREC_FP8 : PREC_BF16;
		if (estimate_infer(&cfg, &r) == 0)
			*checksum += r.tpot_s;
		else
			(*failed)++;
						}
}

/* The time-stamp counter (constant rate on this kind of machine), or 0 where there is none. */
static unsigned long long ticks(void)
{
#if defined(__x86_64__)
	unsigned lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((unsigned long long)hi << 32) | lo;
#else
	return 0;
#endif
}

/*
 * Streaming bandwidth of this machine, bytes per second (read + written): the best of a few
 * memcpys of 64 MiB, far larger than the caches.
 */
static double stream_bandwidth_bps(void)
{
	const size_t n = 64u << 20;
	char *a = malloc(n), *b = malloc(n);
	double best = 0;

	if (!a || !b) {
		free(a);
		free(b);
		return 0;
	}
	memset(a, 1, n);
	memset(b, 2, n);
	for (int i = 0; i < 6; i++) {
		double t0 = now_s();
		memcpy(i & 1 ? a : b, i & 1 ? b : a, n);
		double dt = now_s() - t0;
		if (2.0 * (double)n / dt > best)
			best = 2.0 * (double)n / dt;
	}
	if (a[n / 2] == b[n / 3] + 5) /* keeps the copies */
		best += 1;
	free(a);
	free(b);
	return best;
}

/*
 * Instructions per estimate, counted by valgrind's callgrind over `rounds` rounds in a child
 * (this bench with --estimator-rounds), inclusive of everything estimate_infer calls; 0 when
 * valgrind is missing. perf's hardware counters are not available in this virtual machine.
 */
static double instructions_per_estimate(const char *self, int rounds)
{
	char cmd[1200], line[512];
	double ir = 0;
	FILE *fp;

	snprintf(cmd, sizeof(cmd), "valgrind --tool=callgrind --toggle-collect=estimate_infer "
		 "--callgrind-out-file=/dev/null '%s' --estimator-rounds %d 2>&1 >/dev/null",
		 self, rounds);
	if (!(fp = popen(cmd, "r")))
		return 0;
	while (fgets(line, sizeof(line), fp)) {
		const char *c = strstr(line, "Collected :");
		if (c)
			ir = strtod(c + 11, NULL);
	}
	if (pclose(fp) != 0)
		return 0;
	return ir / ((double)rounds * BENCH_ROUND);
}

/* The estimator's rate, measured first, for bench_estimator_limits at the end. */
static double est_rate_s, est_cycles, est_tsc_hz;

/* Estimator throughput over the test set, repeated for about a second. */
static void bench_estimator(void)
{
	double t0, dt, checksum = 0;
	unsigned long long k0, k1;
	long calls = 0, failed = 0;
	int rounds = 0;

	t0 = now_s();
	k0 = ticks();
	do {
		estimator_round(&checksum, &failed);
		calls += BENCH_ROUND;
		rounds++;
		dt = now_s() - t0;
	} while (dt < 1.0 || rounds < 10);
	k1 = ticks();
	est_rate_s = (double)calls / dt;
	est_tsc_hz = (double)(k1 - k0) / dt;
	est_cycles = (double)(k1 - k0) / (double)calls;
	printf("estimator: %.1f M configurations/s on one core (target >= 10 M/s): %ld calls in "
	       "%.2f s, %ld rejected, checksum %.6g\n", est_rate_s / 1e6, calls, dt, failed,
	       checksum);
}

/*
 * The estimator against the limits of this machine: its instruction throughput (callgrind's
 * count over the cycles measured) and its memory bandwidth. Run last: the callgrind child
 * would otherwise count in the sweep's peak RSS (RUSAGE_CHILDREN).
 */
static void bench_estimator_limits(const char *self)
{
	double instr, bw, bytes, ipc, instr_limit, mem_limit;

	instr = instructions_per_estimate(self, 10);
	bw = stream_bandwidth_bps();
	/* what one estimate touches: its configuration, the model and chip rows (read), the
	 * result (written); the calibration constants are shared and stay in cache */
	bytes = (double)(sizeof(struct infer_cfg) + sizeof(struct model) +
			 sizeof(struct hardware) + sizeof(struct infer_result));
	if (est_tsc_hz > 0)
		printf("estimator limits: %.0f ns = %.0f reference cycles per estimate (time-stamp "
		       "counter, %.2f GHz)", 1e9 / est_rate_s, est_cycles, est_tsc_hz / 1e9);
	else
		printf("estimator limits: %.0f ns per estimate", 1e9 / est_rate_s);
	if (instr > 0 && est_tsc_hz > 0) {
		ipc = instr / est_cycles;
		instr_limit = est_tsc_hz * 8 / instr;
		printf(", %.0f instructions per estimate (callgrind): %.2f per reference cycle. At 8 "
		       "per cycle (the dispatch width of this core, Zen 5; the counter ticks at the "
		       "base clock and the core may boost above it, so this bound is loose) the "
		       "limit is %.1f M/s: %.0f%% of it reached\n", instr, ipc, instr_limit / 1e6,
		       100 * est_rate_s / instr_limit);
	} else {
		printf(" (no valgrind or no cycle counter: no instruction count)\n");
	}
	if (bw > 0) {
		mem_limit = bw / bytes;
		printf("estimator memory: %.0f bytes touched per estimate (configuration, model, chip, "
		       "result), all from L1 cache; were each byte streamed from memory at the %.1f "
		       "GB/s measured (memcpy of 64 MiB, read + write), the limit would be %.0f M/s: "
		       "%.1f%% of it used. So the estimator is bound by instructions (scalar double "
		       "math with divisions and branches), not memory\n", bytes, bw / 1e9,
		       mem_limit / 1e6, 100 * est_rate_s / mem_limit);
	}
}

static int write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *fp;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	if (!fp)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

/* A folder of 10 models and 10 chips, each chip with a price. */
static int make_inputs(const char *dir)
{
	char models[4096], hw[4096], prices[4096];
	size_t nm, nh, np;
	int i;

	nm = (size_t)snprintf(models, sizeof(models),
			      "name,params,layers,d_model,heads,kv_heads,head_dim\n");
	nh = (size_t)snprintf(hw, sizeof(hw), "name,peak_tflops_16,mem_gb,mem_bw_tbs\n");
	np = (size_t)snprintf(prices, sizeof(prices), "hardware,usd_per_gpu_hour,as_of\n");
	for (i = 0; i < 10; i++) {
		int layers = 24 + 8 * i, d = 2048 + 1024 * i;
		double params = 12.0 * layers * (double)d * d;
		nm += (size_t)snprintf(models + nm, sizeof(models) - nm, "bench-m%d,%g,%d,%d,%d,%d,128\n",
				       i, params, layers, d, d / 128, i % 2 ? 8 : d / 128);
		nh += (size_t)snprintf(hw + nh, sizeof(hw) - nh, "bench-h%d,%d,%d,%.2f\n", i,
				       100 + 100 * i, 24 + 16 * i, 0.5 + 0.5 * i);
		np += (size_t)snprintf(prices + np, sizeof(prices) - np, "bench-h%d,%.2f,2024-01-01\n",
				       i, 0.5 + 0.4 * i);
	}
	return write_file(dir, "models.csv", models) || write_file(dir, "hardware.csv", hw) ||
	       write_file(dir, "prices.csv", prices);
}

/* Runs argv with stdout to out_path; returns the exit status, the wall time and the child's
 * peak resident memory in KB. */
static int spawn_timed(char **argv, const char *out_path, double *wall_s, long *maxrss_kb)
{
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	pid_t pid;
	int status;
	double t0;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	t0 = now_s();
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	*wall_s = now_s() - t0;
	/* the largest child waited for so far: only llmcost runs are children here */
	getrusage(RUSAGE_CHILDREN, &ru);
	*maxrss_kb = ru.ru_maxrss;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* CPU seconds (user + system) of the children waited for so far. */
static double children_cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

/* The 1-minute load average from /proc/loadavg (-1 where there is none): a second process
 * gains nothing when the other core is already busy. */
static double load_average(void)
{
	FILE *fp = fopen("/proc/loadavg", "r");
	double load = -1;
	if (fp) {
		if (fscanf(fp, "%lf", &load) != 1)
			load = -1;
		fclose(fp);
	}
	return load;
}

/* Runs two argvs at once, stdout of each to its own file; returns 0 when both exit 0, and
 * the wall time until both are done. */
static int spawn_pair(char **argv1, const char *out1, char **argv2, const char *out2,
		      double *wall_s)
{
	char **argvs[2] = { argv1, argv2 };
	const char *outs[2] = { out1, out2 };
	pid_t pid[2];
	int i, bad = 0;
	double t0 = now_s();

	for (i = 0; i < 2; i++) {
		posix_spawn_file_actions_t fa;
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_addopen(&fa, 1, outs[i], O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (posix_spawn(&pid[i], argvs[i][0], &fa, NULL, argvs[i], environ) != 0)
			pid[i] = -1;
		posix_spawn_file_actions_destroy(&fa);
	}
	for (i = 0; i < 2; i++) {
		int status;
		if (pid[i] < 0 || waitpid(pid[i], &status, 0) != pid[i] || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			bad = 1;
	}
	*wall_s = now_s() - t0;
	return bad ? -1 : 0;
}

/* Whether file a followed by file b is byte for byte file whole. */
static int concat_equal(const char *a, const char *b, const char *whole)
{
	static char buf1[1 << 16], buf2[1 << 16];
	FILE *fw = fopen(whole, "rb"), *fp = NULL;
	const char *parts[2] = { a, b };
	int i, same = fw != NULL;

	for (i = 0; i < 2 && same; i++) {
		size_t n;
		if (!(fp = fopen(parts[i], "rb"))) {
			same = 0;
			break;
		}
		while (same && (n = fread(buf1, 1, sizeof(buf1), fp)) > 0)
			same = fread(buf2, 1, n, fw) == n && !memcmp(buf1, buf2, n);
		fclose(fp);
	}
	if (same)
		same = fread(buf2, 1, 1, fw) == 0; /* nothing left over */
	if (fw)
		fclose(fw);
	return same;
}

static void bench_sweep(void)
{
	const char *bin = getenv("LLMCOST_BIN");
	char dir[] = "/tmp/llmcost-bench-XXXXXX", out_path[600], cmd[800];
	static const char *const args[] = {
		"sweep", "--inputs", NULL,
		"--model", "bench-m0,bench-m1,bench-m2,bench-m3,bench-m4,bench-m5,bench-m6,bench-m7,"
			   "bench-m8,bench-m9",
		"--hardware", "bench-h0,bench-h1,bench-h2,bench-h3,bench-h4,bench-h5,bench-h6,"
			      "bench-h7,bench-h8,bench-h9",
		"--gpus", "1,2,3,4,5,6,7,8,12,16",
		"--batch", "1,2,4,8,16,32,64,128,256,max",
		"--prompt", "64,128,256,512,1024,2048,3000,4096,6000,8192",
		"--gen", "1,16,32,64,128,256,512,1024,2048,4096",
		"--as-of", "2025-01-01", "--format", "csv",
	};
	char *argv[sizeof(args) / sizeof(args[0]) + 2];
	char *argv1[sizeof(args) / sizeof(args[0]) + 4], *argv2[sizeof(args) / sizeof(args[0]) + 4];
	char part1[600], part2[600];
	double wall_one_null = 0, wall_one_file = 0, wall_two = 0, cpu0;
	size_t i;
	double wall = 0;
	long rss = 0, lines = -1;
	int rc;
	FILE *fp;

	argv[0] = (char *)(bin && *bin ? bin : "build/llmcost");
	for (i = 0; i < sizeof(args) / sizeof(args[0]); i++)
		argv[i + 1] = args[i] ? (char *)args[i] : dir;
	argv[i + 1] = NULL;
	if (!mkdtemp(dir) || make_inputs(dir)) {
		printf("sweep: cannot make the inputs folder %s: %s\n", dir, strerror(errno));
		return;
	}
	rc = spawn_timed(argv, "/dev/null", &wall, &rss);
	wall_one_null = wall;
	printf("sweep of 1,000,000 configurations to CSV (/dev/null): %.2f s (target <= 2 s), "
	       "peak RSS %.1f MB (target <= 50 MB), exit %d\n", wall, (double)rss / 1024, rc);

	/* the same run to a file, to count its rows */
	snprintf(out_path, sizeof(out_path), "%s/sweep.csv", dir);
	rc = spawn_timed(argv, out_path, &wall, &rss);
	snprintf(cmd, sizeof(cmd), "wc -l < '%s'", out_path);
	if (rc == 0 && (fp = popen(cmd, "r"))) {
		if (fscanf(fp, "%ld", &lines) != 1)
			lines = -1;
		pclose(fp);
	}
	{
		struct stat st;
		double mb = stat(out_path, &st) == 0 ? (double)st.st_size / 1e6 : 0;
		printf("sweep to a file: %.2f s, %ld lines (1 header + 1,000,000 rows), %.0f MB\n",
		       wall, lines, mb);
	}
	wall_one_file = wall;

	/* the same sweep in two parts, two processes at once */
	for (i = 0; argv[i]; i++)
		argv1[i] = argv2[i] = argv[i];
	argv1[i] = argv2[i] = (char *)"--shard";
	argv1[i + 1] = (char *)"1/2";
	argv2[i + 1] = (char *)"2/2";
	argv1[i + 2] = argv2[i + 2] = NULL;
	cpu0 = children_cpu_s();
	if (spawn_pair(argv1, "/dev/null", argv2, "/dev/null", &wall_two) == 0)
		printf("sweep sharded over 2 processes (--shard 1/2 and 2/2 at once, /dev/null): "
		       "%.2f s, against %.2f s for one process (%.2fx); CPU time of the two parts "
		       "%.2f s in all (%.2f s each: each part computes only its rows); load average "
		       "%.2f on %ld cores (a busy machine leaves no core for the second part)\n",
		       wall_two, wall_one_null, wall_one_null / wall_two, children_cpu_s() - cpu0,
		       (children_cpu_s() - cpu0) / 2, load_average(), sysconf(_SC_NPROCESSORS_ONLN));
	else
		printf("sweep sharded over 2 processes: a part failed\n");
	snprintf(part1, sizeof(part1), "%s/part1.csv", dir);
	snprintf(part2, sizeof(part2), "%s/part2.csv", dir);
	if (spawn_pair(argv1, part1, argv2, part2, &wall_two) == 0)
		printf("sweep sharded over 2 processes to files: %.2f s, against %.2f s for one "
		       "process (%.2fx); parts 1 + 2 concatenated equal the whole: %s\n", wall_two,
		       wall_one_file, wall_one_file / wall_two,
		       concat_equal(part1, part2, out_path) ? "yes" : "NO");
	else
		printf("sweep sharded over 2 processes to files: a part failed\n");
	unlink(part1);
	unlink(part2);
	unlink(out_path);
	snprintf(out_path, sizeof(out_path), "%s/models.csv", dir);
	unlink(out_path);
	snprintf(out_path, sizeof(out_path), "%s/hardware.csv", dir);
	unlink(out_path);
	snprintf(out_path, sizeof(out_path), "%s/prices.csv", dir);
	unlink(out_path);
	rmdir(dir);
}

/* One model's plan over every chip of inputs/, 1-64 chips, every precision and mode; chips
 * without a price get 1 $/h so that all are searched. */
static void bench_plan_model(const struct inputs *in, const char *name)
{
	const struct model *m = inputs_find_model(in, name);
	const struct hardware **hws = calloc(in->n_hardware, sizeof(*hws));
	double *usd = calloc(in->n_hardware, sizeof(*usd));
	struct plan_result res[10];
	struct plan_diagnosis diag;
	struct plan_query q;
	size_t i, n_res = 0;
	double t0, dt, best = 1e9;
	int runs = 0;

	if (!m || !hws || !usd) {
		printf("plan: no model %s in inputs/models.csv\n", name);
		goto out;
	}
	for (i = 0; i < in->n_hardware; i++) {
		const struct price *pr = inputs_price_at(in, &in->hardware[i], 0);
		hws[i] = &in->hardware[i];
		usd[i] = pr ? pr->usd_per_gpu_hour : 1;
	}
	memset(&q, 0, sizeof(q));
	q.model = m;
	q.hardware = hws;
	q.usd_per_gpu_hour = usd;
	q.n_hardware = in->n_hardware;
	q.max_gpus = 64;
	q.precisions = (1u << PREC_COUNT) - 1;
	q.modes = (1u << SERVE_MODE_COUNT) - 1;
	q.ttft_slo_s = 2;
	q.tpot_slo_s = 0.05;
	q.qps = 10;
	t0 = now_s();
	do {
		double t1 = now_s();
		plan_search(&q, res, 10, &n_res, &diag);
		if (now_s() - t1 < best)
			best = now_s() - t1;
		runs++;
		dt = now_s() - t0;
	} while (dt < 1.0 && runs < 1000);
	printf("plan of %s: %.1f ms (best of %d; mean %.1f ms; target <= 100 ms): %ld "
	       "configurations over %zu chips, 1-64 chips, 5 precisions, 4 modes; %zu qualify "
	       "for 2 s / 50 ms at 10 requests/s\n", name, best * 1e3, runs, dt / runs * 1e3,
	       diag.candidates, in->n_hardware, n_res);
out:
	free(hws);
	free(usd);
}

static void bench_plan(void)
{
	struct inputs in;
	const char *bin = getenv("LLMCOST_BIN");
	char *argv[] = { (char *)(bin && *bin ? bin : "build/llmcost"), (char *)"plan",
			 (char *)"--model", (char *)"Llama-3.1-70B", (char *)"--precision",
			 (char *)"fp16,bf16,fp8,int8,int4", (char *)"--ttft-slo", (char *)"2",
			 (char *)"--tpot-slo", (char *)"0.05", (char *)"--qps", (char *)"10",
			 (char *)"--format", (char *)"csv", NULL };
	double wall = 0;
	long rss = 0;
	int rc;

	memset(&in, 0, sizeof(in));
	if (inputs_load(&in, "inputs")) {
		printf("plan: cannot load inputs/\n");
		return;
	}
	bench_plan_model(&in, "Llama-3.1-70B");
	bench_plan_model(&in, "DeepSeek-V3");
	inputs_release(&in);
	rc = spawn_timed(argv, "/dev/null", &wall, &rss);
	printf("llmcost plan --model Llama-3.1-70B (every chip, all precisions), tables loaded "
	       "included: %.1f ms, exit %d\n", wall * 1e3, rc);
}

/*
 * The training model: every training.csv run through the layout search (up to 4 tensor x 8
 * pipeline x 2 ZeRO layouts per cluster, and up to 7 cluster sizes when the run gives none).
 * No target in an issue; printed so that a slower search shows.
 */
static void bench_train(void)
{
	struct inputs in;
	struct train_result r;
	double best = 1e9, t0, dt, sink = 0;
	long calls = 0;

	memset(&in, 0, sizeof(in));
	if (inputs_load(&in, "inputs") || in.n_train_runs == 0) {
		printf("train: cannot load inputs/ or no training.csv runs\n");
		inputs_release(&in);
		return;
	}
	for (int rep = 0; rep < 5; rep++) {
		t0 = now_s();
		for (int k = 0; k < 20; k++)
			for (size_t i = 0; i < in.n_train_runs; i++)
				if (validate_train_run(&in, &in.train_runs[i], NULL, &r) == 0) {
					sink += r.gpu_hours;
					calls++;
				}
		dt = now_s() - t0;
		best = dt < best ? dt : best;
	}
	printf("train: %.1f us per estimate with the layout search (best of 5 rounds of %ld "
	       "training.csv estimates; checksum %.6g)\n", best / (double)(calls / 5) * 1e6,
	       calls / 5, sink);
	inputs_release(&in);
}

int main(int argc, char **argv)
{
	/* `bench --estimator-rounds N`: only N rounds of the estimator, for callgrind */
	if (argc == 3 && !strcmp(argv[1], "--estimator-rounds")) {
		double checksum = 0;
		long failed = 0;
		for (int i = atoi(argv[2]); i > 0; i--)
			estimator_round(&checksum, &failed);
		printf("%g %ld\n", checksum, failed);
		return 0;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	bench_estimator();
	bench_sweep();
	bench_plan();
	bench_train();
	bench_estimator_limits(argc > 0 ? argv[0] : "build/bench");
	return 0;
}
