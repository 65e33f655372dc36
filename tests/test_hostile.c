/*
 * test_hostile.c - hostile inputs and broken environments (issue 7): each must end in a clear
 * error, leave no temporary file behind and keep the previous report intact.
 *
 * Inputs, through the program ($LLMCOST_BIN) or the loaders: a million-row table (the row
 * cap), a 10 MB field, a 1 GB file (sparse: refused from its size), a FIFO instead of a table,
 * names with control characters, absurd values (10^30 parameters, zero or 10^-300 bandwidth);
 * templates that include themselves, loop through another name, nest too deep, fan out into
 * millions of includes, or reach outside the templates folder (tests/data/hostile/).
 * Environment, through `llmcost report` on the shipped inputs into a fresh output folder that
 * holds a fake previous report: --out naming a file, a read-only folder (as nobody when run as
 * root, since root writes anywhere), a full disk (RLIMIT_FSIZE in the child, SIGXFSZ
 * ignored), gnuplot missing from PATH, gnuplot killed mid-run, and SIGINT during the build.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixtures.h"

#include "csvload.h"
#include "doc.h"
#include "err.h"
#include "model.h"
#include "template.h"

#define HOSTILE "tests/data/hostile"
#define PREVIOUS "previous report, must survive"

static const char *bin(void)
{
	const char *b = getenv("LLMCOST_BIN");
	return b && *b ? b : "build/llmcost";
}

/* ---- helpers ---- */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void sleep_s(double s)
{
	struct timespec ts;
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
}

static void copy_file(const char *from, const char *to)
{
	char *s = slurp(from, NULL);
	assert_non_null(s);
	write_file(to, s);
	free(s);
}

/* rm -rf, no links followed. */
static void rm_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	if (!d) {
		unlink(path);
		return;
	}
	while ((e = readdir(d))) {
		char p[4096];
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rm_tree(p);
		else
			unlink(p);
	}
	closedir(d);
	rmdir(path);
}

/* A new folder /tmp/llmcost-hostile-XXXXXX (into buf), readable by everyone. */
static void scratch(char *buf, size_t size)
{
	snprintf(buf, size, "/tmp/llmcost-hostile-XXXXXX");
	assert_non_null(mkdtemp(buf));
	chmod(buf, 0755);
}

/* An inputs folder in dir/in: the fixture tables of tests/data/cli. */
static void base_inputs(const char *dir, char *in, size_t size)
{
	static const char *const t[] = { "models.csv", "hardware.csv", "prices.csv" };
	snprintf(in, size, "%s/in", dir);
	assert_int_equal(mkdir(in, 0755), 0);
	for (size_t i = 0; i < 3; i++) {
		char from[256], to[4200];
		snprintf(from, sizeof(from), "tests/data/cli/%s", t[i]);
		snprintf(to, sizeof(to), "%s/%s", in, t[i]);
		copy_file(from, to);
	}
}

struct run_opts {
	const char *path_env;   /* PATH for the child; NULL: inherited */
	int as_nobody;          /* drop to uid/gid 65534 when root */
	long fsize_limit;       /* RLIMIT_FSIZE in bytes; 0: none */
	double timeout_s;       /* kill after this long (a hang is a failure); 0: 120 s */
	const char *interrupt_when; /* send SIGINT once this folder holds a .tmp-* entry */
	double interrupt_delay_s;
};

struct run_result {
	int exited, code, signaled, sig;
	char *err, *out;
	double elapsed_s;
};

/* Whether dir holds an entry whose name starts with prefix. */
static int has_entry(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;
	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, prefix, strlen(prefix)))
			found = 1;
	closedir(d);
	return found;
}

/* Runs llmcost with argv (argv[0] is replaced by the binary). */
static void run(const char **argv, const struct run_opts *o, struct run_result *r)
{
	char out_tmp[] = "/tmp/llmcost-hostile-out-XXXXXX", err_tmp[] = "/tmp/llmcost-hostile-err-XXXXXX";
	int fd_out = mkstemp(out_tmp), fd_err = mkstemp(err_tmp), status = 0, sent = 0;
	double t0 = now_s(), limit = o && o->timeout_s > 0 ? o->timeout_s : 120, seen_tmp = 0;
	pid_t pid;

	assert_true(fd_out >= 0 && fd_err >= 0);
	argv[0] = bin();
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fd_out, 1);
		dup2(fd_err, 2);
		if (o && o->fsize_limit > 0) {
			struct rlimit rl = { (rlim_t)o->fsize_limit, (rlim_t)o->fsize_limit };
			signal(SIGXFSZ, SIG_IGN);
			setrlimit(RLIMIT_FSIZE, &rl);
		}
		if (o && o->path_env)
			setenv("PATH", o->path_env, 1);
		if (o && o->as_nobody && geteuid() == 0) {
			if (setgid(65534) != 0 || setuid(65534) != 0)
				_exit(126);
		}
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		assert_true(w >= 0);
		if (w == pid)
			break;
		if (o && o->interrupt_when && !sent) {
			if (!seen_tmp && has_entry(o->interrupt_when, ".tmp-"))
				seen_tmp = now_s();
			if (seen_tmp && now_s() - seen_tmp >= o->interrupt_delay_s) {
				kill(pid, SIGINT);
				sent = 1;
			}
		}
		if (now_s() - t0 > limit) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			fail_msg("%s did not finish in %.0f s", argv[1], limit);
		}
		sleep_s(0.005);
	}
	r->elapsed_s = now_s() - t0;
	close(fd_out);
	close(fd_err);
	r->out = slurp(out_tmp, NULL);
	r->err = slurp(err_tmp, NULL);
	unlink(out_tmp);
	unlink(err_tmp);
	r->exited = WIFEXITED(status);
	r->code = r->exited ? WEXITSTATUS(status) : -1;
	r->signaled = WIFSIGNALED(status);
	r->sig = r->signaled ? WTERMSIG(status) : 0;
	if (o && o->interrupt_when)
		assert_true(sent); /* the build was under way when interrupted */
}

static void run_release(struct run_result *r)
{
	free(r->out);
	free(r->err);
}

/* Every line of stderr is one message: no stray control characters, at most 400 bytes. */
static void assert_clean_lines(const char *err)
{
	const char *p = err;
	while (*p) {
		size_t n = strcspn(p, "\n");
		for (size_t i = 0; i < n; i++)
			assert_true((unsigned char)p[i] >= 0x20 && p[i] != 0x7F);
		assert_true(n <= 400);
		p += n;
		if (*p)
			p++;
	}
}

/* ---- inputs ---- */

/* estimate on folder in; returns the result for the caller to inspect. */
static void estimate_on(const char *in, struct run_result *r)
{
	char inputs[4200];
	const char *argv[] = { NULL, "estimate", "--inputs", inputs, "--model", "LLaMA-2-7B-seed",
			 "--hardware", "A100-seed", "--format", "csv", NULL };
	struct run_opts o = { 0 };
	snprintf(inputs, sizeof(inputs), "%s", in);
	o.timeout_s = 120;
	run(argv, &o, r);
}

/* A scratch folder (dir) holding the fixture inputs (in), one table of which (path) a test
 * replaces with something hostile. */
struct table_case {
	char dir[64], in[128], path[256];
};

static void table_case_init(struct table_case *c, const char *table)
{
	scratch(c->dir, sizeof(c->dir));
	base_inputs(c->dir, c->in, sizeof(c->in));
	snprintf(c->path, sizeof(c->path), "%s/%s", c->in, table);
}

/* estimate on the case's inputs fails as an input error with exactly expect on stderr and
 * nothing on stdout, within max_s seconds (0: no limit but run()'s); removes the folder. */
static void table_case_check(struct table_case *c, const char *expect, double max_s)
{
	struct run_result r;

	estimate_on(c->in, &r);
	assert_true(r.exited);
	assert_int_equal(r.code, 3);
	assert_string_equal(r.err, expect);
	assert_string_equal(r.out, "");
	if (max_s > 0)
		assert_true(r.elapsed_s < max_s);
	run_release(&r);
	rm_tree(c->dir);
}

static void test_million_rows(void **state)
{
	struct table_case c;
	char expect[512];
	FILE *fp;

	(void)state;
	table_case_init(&c, "models.csv");
	fp = fopen(c.path, "w");
	assert_non_null(fp);
	fputs("name,params,layers,d_model,heads,kv_heads,head_dim\n", fp);
	fputs("LLaMA-2-7B-seed,7e9,32,4096,32,32,128\n", fp);
	for (long i = 1; i < 1000000; i++)
		fprintf(fp, "m%ld,7e9,32,4096,32,32,128\n", i);
	assert_int_equal(fclose(fp), 0);
	/* the header is line 1, so row TABLE_MAX_ROWS + 1 is on line TABLE_MAX_ROWS + 2 */
	snprintf(expect, sizeof(expect), "%s:%d: too many rows, expected at most %d\n", c.path,
		 TABLE_MAX_ROWS + 2, TABLE_MAX_ROWS);
	table_case_check(&c, expect, 0);
}

static void test_10mb_field(void **state)
{
	struct table_case c;
	char expect[512];
	FILE *fp;
	const size_t n = 10u * 1024 * 1024;

	(void)state;
	table_case_init(&c, "models.csv");
	fp = fopen(c.path, "w");
	assert_non_null(fp);
	fputs("name,params,layers,d_model,heads,kv_heads,head_dim,source\n", fp);
	fputs("LLaMA-2-7B-seed,7e9,32,4096,32,32,128,\"", fp);
	for (size_t i = 0; i < n; i++)
		fputc('x', fp);
	fputs("\"\n", fp);
	assert_int_equal(fclose(fp), 0);
	snprintf(expect, sizeof(expect),
		 "%s:2:8: field longer than %ld bytes (text holds at most %d; an unmatched "
		 "quote?), stopped reading\n", c.path, CSVLOAD_MAX_FIELD_BYTES, FIELD_MAX_BYTES);
	table_case_check(&c, expect, 30.0);
}

/* A 1 GB file (sparse: no disk used) is refused from its size, in well under a second. */
static void test_1gb_file(void **state)
{
	struct table_case c;
	char expect[512];
	int fd;

	(void)state;
	table_case_init(&c, "models.csv");
	fd = open(c.path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 1L << 30), 0);
	close(fd);
	snprintf(expect, sizeof(expect),
		 "%s: file too large: 1073741824 bytes, expected at most %ld (64 MiB)\n", c.path,
		 CSVLOAD_MAX_FILE_BYTES);
	table_case_check(&c, expect, 5.0);
}

/* A FIFO in place of a table would block a reader for ever: refused at once. */
static void test_fifo_table(void **state)
{
	struct table_case c;
	char expect[512];

	(void)state;
	table_case_init(&c, "prices.csv");
	unlink(c.path);
	assert_int_equal(mkfifo(c.path, 0644), 0);
	snprintf(expect, sizeof(expect), "%s: expected a regular file, got a special file\n",
		 c.path);
	table_case_check(&c, expect, 5.0);
}

/* Fixture folders of tests/data/hostile, each with the exact messages expected. */
static void test_bad_tables(void **state)
{
	static const struct {
		const char *dir;
		const char *err;
	} cases[] = {
		{ "names",
		  "{}/models.csv:2:1: name: expected a one-line name without control characters, "
		  "got \"Evil\\nModel\" (0x0A at byte 5)\n"
		  "{}/models.csv:4:1: name: expected a one-line name without control characters, "
		  "got \"Esc\\x1B[31mRed\" (0x1B at byte 4)\n"
		  "{}/models.csv:5:1: name: expected a one-line name without control characters, "
		  "got \"Tab\\there\" (0x09 at byte 4)\n" },
		{ "absurd_params",
		  "{}/models.csv:2:2: params: expected at most 1e+16, got \"1e30\" (beyond the "
		  "sanity limit)\n"
		  "{}/models.csv:3:7: head_dim: expected at most 1e+06, got \"1e7\" (beyond the "
		  "sanity limit)\n" },
		{ "zero_bw", "{}/hardware.csv:2:4: mem_bw_tbs: expected a positive number, got \"0\"\n" },
		{ "tiny_bw",
		  "{}/hardware.csv:2:4: mem_bw_tbs: expected at least 1e-06, got \"1e-300\" (below "
		  "the sanity limit)\n" },
		{ "absurd_hw",
		  "{}/hardware.csv:2:2: peak_tflops_16: expected at most 1e+09, got \"1e30\" (beyond "
		  "the sanity limit)\n"
		  "{}/hardware.csv:3:3: mem_gb: expected at least 0.001, got \"1e-9\" (below the "
		  "sanity limit)\n" },
		{ "absurd_price",
		  "{}/prices.csv:2:2: usd_per_gpu_hour: expected at most 1e+06, got \"1e300\" "
		  "(beyond the sanity limit)\n" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char in[256], expect[2048];
		const char *s = cases[i].err;
		size_t o = 0;
		struct run_result r;

		snprintf(in, sizeof(in), HOSTILE "/%s", cases[i].dir);
		while (*s && o + 300 < sizeof(expect)) {
			if (s[0] == '{' && s[1] == '}') {
				o += (size_t)snprintf(expect + o, sizeof(expect) - o, "%s", in);
				s += 2;
			} else {
				expect[o++] = *s++;
			}
		}
		expect[o] = '\0';
		estimate_on(in, &r);
		if (strcmp(r.err, expect) != 0)
			print_error("case %s:\n got: %s\nwant: %s\n", cases[i].dir, r.err, expect);
		assert_string_equal(r.err, expect);
		assert_int_equal(r.code, 3);
		assert_string_equal(r.out, "");
		run_release(&r);
	}
}

/* A name typed on the command line with a newline and a terminal escape: one clean line. */
static void test_control_chars_on_command_line(void **state)
{
	const char *argv[] = { NULL, "estimate", "--inputs", "tests/data/cli", "--model",
			 "LLaMA\n-2-7B\x1b[31m", "--hardware", "A100-seed", NULL };
	struct run_result r;

	(void)state;
	run(argv, NULL, &r);
	assert_int_equal(r.code, 2);
	assert_clean_lines(r.err);
	assert_non_null(strstr(r.err, "\"LLaMA\\n-2-7B\\x1B[31m\""));
	run_release(&r);
}

/* Absurd efficiencies on the command line: whatever is printed is a finite number or an
 * error, never inf or NaN. */
static void test_absurd_options(void **state)
{
	static const char *const opts[][2] = {
		{ "--mfu", "1e-300" }, { "--mbu", "1e-300" }, { "--prompt", "1000000000" },
		{ "--gen", "1000000000" }, { "--usd-per-gpu-hour", "1e308" },
		{ "--reserve-gb", "1e308" }, { "--gpus", "1000000000" }, { "--batch", "1000000000" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		const char *argv[] = { NULL, "estimate", "--inputs", "tests/data/cli", "--model",
				 "LLaMA-2-70B-seed", "--hardware", "A100-seed", "--format", "csv",
				 opts[i][0], opts[i][1], NULL };
		struct run_result r;
		run(argv, NULL, &r);
		assert_true(r.exited);
		assert_clean_lines(r.err);
		if (r.code != 0) {
			assert_true(r.code == 2 || r.code == 3);
			assert_string_not_equal(r.err, "");
		}
		for (const char *p = r.out; *p; p++) {
			int start = p == r.out || p[-1] == ',' || p[-1] == '\n' || p[-1] == '-';
			if (start && (!strncmp(p, "inf", 3) || !strncmp(p, "nan", 3)))
				fail_msg("%s %s printed a non-finite number:\n%s", opts[i][0],
					 opts[i][1], r.out);
		}
		run_release(&r);
	}
}

/* ---- templates ---- */

static int load_template(const char *name)
{
	struct doc d;
	struct tmpl t;
	int rc;

	doc_init(&d);
	messages[0] = '\0';
	err_set_sink(sink, NULL);
	rc = template_load(&t, HOSTILE "/tmpl", name, &d);
	err_set_sink(NULL, NULL);
	if (rc == 0)
		template_release(&t);
	doc_release(&d);
	return rc;
}

static void test_template_includes(void **state)
{
	static const struct {
		const char *name, *messages;
	} cases[] = {
		{ "self", HOSTILE "/tmpl/self.tmpl:2:11: include \"self.tmpl\" is recursive "
			  "(self.tmpl -> self.tmpl)\n" },
		/* the same file by another name */
		{ "alias", HOSTILE "/tmpl/alias.tmpl:2:11: include \"./alias.tmpl\" is recursive "
			   "(alias.tmpl -> ./alias.tmpl)\n" },
		{ "loop_a", HOSTILE "/tmpl/loop_b.tmpl:2:11: include \"./loop_a.tmpl\" is recursive "
			    "(loop_a.tmpl -> loop_b.tmpl -> ./loop_a.tmpl)\n" },
		{ "dotdot", HOSTILE "/tmpl/dotdot.tmpl:2:11: include \"../../../../inputs/models.csv\" "
			    "is outside the templates folder\n" },
		{ "absolute", HOSTILE "/tmpl/absolute.tmpl:2:11: include \"/etc/passwd\" is outside "
			      "the templates folder\n" },
		{ "deep0", HOSTILE "/tmpl/deep7.tmpl:2:11: include \"deep8.tmpl\" nests deeper than 8 "
			   "files\n" },
		/* 10 includes of the next file on each of 7 levels: 10^7 reads without the cap */
		{ "bomb", HOSTILE "/tmpl/bomb6.tmpl:6:11: include \"bomb7.tmpl\": more than 256 "
			  "template files read in all (the same files included over and over?)\n" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double t0 = now_s();
		assert_int_equal(load_template(cases[i].name), -1);
		if (strcmp(messages, cases[i].messages) != 0)
			print_error("case %s\n", cases[i].name);
		assert_string_equal(messages, cases[i].messages);
		assert_true(now_s() - t0 < 5.0);
	}
}

/* A huge template and a FIFO template are refused without reading them. */
static void test_template_files(void **state)
{
	char dir[64], path[256], expect[1024];
	struct doc d;
	struct tmpl t;
	FILE *fp;

	(void)state;
	scratch(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/big.tmpl", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	for (long i = 0; i <= TEMPLATE_MAX_BYTES / 16; i++)
		fputs("just some text.\n", fp);
	assert_int_equal(fclose(fp), 0);
	snprintf(path, sizeof(path), "%s/fifo.tmpl", dir);
	assert_int_equal(mkfifo(path, 0644), 0);

	doc_init(&d);
	err_set_sink(sink, NULL);
	messages[0] = '\0';
	assert_int_equal(template_load(&t, dir, "big", &d), -1);
	snprintf(expect, sizeof(expect), "%s/big.tmpl: template \"big.tmpl\" is too large: %ld "
		 "bytes, expected at most %ld\n", dir, (TEMPLATE_MAX_BYTES / 16 + 1) * 16,
		 TEMPLATE_MAX_BYTES);
	assert_string_equal(messages, expect);
	messages[0] = '\0';
	assert_int_equal(template_load(&t, dir, "fifo", &d), -1);
	snprintf(expect, sizeof(expect), "%s/fifo.tmpl: template \"fifo.tmpl\" is not a regular "
		 "file\n", dir);
	assert_string_equal(messages, expect);
	err_set_sink(NULL, NULL);
	doc_release(&d);
	rm_tree(dir);
}

/* ---- environment: `llmcost report` ---- */

/* dir/out with a fake previous report: report.pdf, figures/old.png, tables/old.csv. */
static void previous_report(const char *dir, char *out, size_t size)
{
	char p[4200];
	snprintf(out, size, "%s/out", dir);
	assert_int_equal(mkdir(out, 0755), 0);
	snprintf(p, sizeof(p), "%s/report.pdf", out);
	write_file(p, PREVIOUS);
	snprintf(p, sizeof(p), "%s/figures", out);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/figures/old.png", out);
	write_file(p, PREVIOUS);
	snprintf(p, sizeof(p), "%s/tables", out);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/tables/old.csv", out);
	write_file(p, PREVIOUS);
}

/* The fake previous report is all there, unchanged, and no temporary file is left. */
static void assert_previous_intact(const char *out)
{
	static const char *const files[] = { "report.pdf", "figures/old.png", "tables/old.csv" };
	char p[4200];
	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s/%s", out, files[i]);
		assert_file_text(p, PREVIOUS);
	}
	snprintf(p, sizeof(p), "%s/figures", out);
	assert_false(has_entry(p, "0")); /* no new figure mixed into the old folder */
	assert_false(has_entry(out, ".tmp-"));
	snprintf(p, sizeof(p), "%s/archive", out);
	assert_false(has_entry(p, ".tmp-"));
}

/* llmcost report into out from inputs (NULL: the shipped inputs/). */
static void report_from(const char *inputs, const char *out, const struct run_opts *o,
			struct run_result *r)
{
	char outarg[4200];
	const char *argv[] = { NULL, "report", "--out", outarg, "--as-of", "2024-06-01", "--quiet",
			       "--inputs", inputs ? inputs : "inputs", NULL };
	snprintf(outarg, sizeof(outarg), "%s", out);
	run(argv, o, r);
}

static void report_into(const char *out, const struct run_opts *o, struct run_result *r)
{
	report_from(NULL, out, o, r);
}

/* llmcost report from inputs (NULL: the shipped inputs/) into dir/out, which holds a fake
 * previous report, under o: it exits with code, says needle in clean lines and leaves the
 * previous report. */
static void report_fails_intact(const char *dir, const char *inputs, const struct run_opts *o,
				int code, const char *needle)
{
	char out[128];
	struct run_result r;

	previous_report(dir, out, sizeof(out));
	report_from(inputs, out, o, &r);
	assert_int_equal(r.code, code);
	assert_non_null(strstr(r.err, needle));
	assert_clean_lines(r.err);
	assert_previous_intact(out);
	run_release(&r);
}

/* Absurd values never reach a figure: the report stops at the tables, the old one stays. */
static void test_report_absurd_inputs(void **state)
{
	static const char *const dirs[] = { HOSTILE "/absurd_params", HOSTILE "/tiny_bw",
					    HOSTILE "/absurd_hw" };
	(void)state;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char dir[64];

		scratch(dir, sizeof(dir));
		report_fails_intact(dir, dirs[i], NULL, 3, "sanity limit");
		rm_tree(dir);
	}
}

static void test_out_is_a_file(void **state)
{
	char dir[64], path[256];
	struct run_result r;

	(void)state;
	scratch(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/afile", dir);
	write_file(path, PREVIOUS);
	report_into(path, NULL, &r);
	assert_int_equal(r.code, 5);
	assert_non_null(strstr(r.err, "is not a folder"));
	assert_clean_lines(r.err);
	assert_file_text(path, PREVIOUS);
	assert_false(has_entry(dir, ".tmp-"));
	run_release(&r);
	rm_tree(dir);
}

static void test_out_read_only(void **state)
{
	char dir[64], out[128];
	struct run_result r;
	struct run_opts o = { 0 };

	(void)state;
	scratch(dir, sizeof(dir));
	previous_report(dir, out, sizeof(out));
	chmod(out, 0555);
	o.as_nobody = 1;
	report_into(out, &o, &r);
	chmod(out, 0755);
	assert_int_equal(r.code, 5);
	assert_non_null(strstr(r.err, out));
	assert_clean_lines(r.err);
	assert_previous_intact(out);
	run_release(&r);
	rm_tree(dir);
}

/* A full disk, as a cap on the size of every file the build writes: 1 KB (the first figure's
 * data file fails), 20 KB (gnuplot cannot write its PNGs), 200 KB (only the PDF, about 2.5 MB,
 * fails). */
static void test_full_disk(void **state)
{
	static const long limits[] = { 1024, 20 * 1024, 200 * 1024 };
	(void)state;
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		char dir[64], out[128];
		struct run_result r;
		struct run_opts o = { 0 };

		scratch(dir, sizeof(dir));
		previous_report(dir, out, sizeof(out));
		o.fsize_limit = limits[i];
		report_into(out, &o, &r);
		assert_true(r.exited);
		if (r.code != 4 && r.code != 5)
			fail_msg("limit %ld: exit %d, stderr:\n%s", limits[i], r.code, r.err);
		assert_true(strstr(r.err, "cannot write") || strstr(r.err, "gnuplot"));
		assert_clean_lines(r.err);
		assert_previous_intact(out);
		run_release(&r);
		rm_tree(dir);
	}
}

static void test_gnuplot_missing(void **state)
{
	char dir[64], empty[128];
	struct run_opts o = { 0 };

	(void)state;
	scratch(dir, sizeof(dir));
	snprintf(empty, sizeof(empty), "%s/bin", dir);
	assert_int_equal(mkdir(empty, 0755), 0);
	o.path_env = empty;
	report_fails_intact(dir, NULL, &o, 4, "gnuplot");
	rm_tree(dir);
}

/* A gnuplot that reads part of the script, then dies by SIGKILL. */
static void test_gnuplot_killed(void **state)
{
	char dir[64], bindir[128], path[256], env[512];
	struct run_opts o = { 0 };

	(void)state;
	scratch(dir, sizeof(dir));
	snprintf(bindir, sizeof(bindir), "%s/bin", dir);
	assert_int_equal(mkdir(bindir, 0755), 0);
	snprintf(path, sizeof(path), "%s/gnuplot", bindir);
	write_file(path, "#!/bin/sh\nhead -c 20000 >/dev/null\nkill -KILL $$\n");
	chmod(path, 0755);
	snprintf(env, sizeof(env), "%s:/usr/bin:/bin", bindir);
	o.path_env = env;
	report_fails_intact(dir, NULL, &o, 4, "gnuplot");
	rm_tree(dir);
}

/* Ctrl-C while the build runs: the build's folder goes, the previous report stays. */
static void test_sigint(void **state)
{
	static const double delays_s[] = { 0.0, 0.2, 0.6 };
	(void)state;
	for (size_t i = 0; i < sizeof(delays_s) / sizeof(delays_s[0]); i++) {
		char dir[64], out[128];
		struct run_result r;
		struct run_opts o = { 0 };

		scratch(dir, sizeof(dir));
		previous_report(dir, out, sizeof(out));
		o.interrupt_when = out;
		o.interrupt_delay_s = delays_s[i];
		report_into(out, &o, &r);
		if (r.exited && r.code == 0)
			fail_msg("the build finished before SIGINT (%.1f s)", r.elapsed_s);
		assert_true(r.signaled && r.sig == SIGINT);
		assert_non_null(strstr(r.err, "interrupted"));
		assert_clean_lines(r.err);
		sleep_s(0.2); /* gnuplot, orphaned, may still be writing: it must find no folder */
		assert_previous_intact(out);
		run_release(&r);
		rm_tree(dir);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_million_rows),
		cmocka_unit_test(test_10mb_field),
		cmocka_unit_test(test_1gb_file),
		cmocka_unit_test(test_fifo_table),
		cmocka_unit_test(test_bad_tables),
		cmocka_unit_test(test_control_chars_on_command_line),
		cmocka_unit_test(test_absurd_options),
		cmocka_unit_test(test_template_includes),
		cmocka_unit_test(test_template_files),
		cmocka_unit_test(test_report_absurd_inputs),
		cmocka_unit_test(test_out_is_a_file),
		cmocka_unit_test(test_out_read_only),
		cmocka_unit_test(test_full_disk),
		cmocka_unit_test(test_gnuplot_missing),
		cmocka_unit_test(test_gnuplot_killed),
		cmocka_unit_test(test_sigint),
	};
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
