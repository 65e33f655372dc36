/*
 * test_main.c - the program end to end, through the binary in $LLMCOST_BIN on the fixture
 * tables of tests/data/cli: the case list tests/cases/cli.txt (exit codes, exact messages,
 * output), the seed numbers of tests/cases/seeds_cli.txt checked against seed-numbers.csv, and
 * properties of the output: every interface column, --batch max, JSON structure, sweep row
 * count and order, train's empty days, a failed write, the table on a terminal, sharded sweeps
 * that concatenate into the whole, the planner's rows (targets, load, costs, ranking, and the
 * same latencies through estimate), train's layout and the decode step's parts, and every econ
 * subcommand in each format. Every seed number of seed-numbers.csv must have a case.
 */
#define _XOPEN_SOURCE 700 /* posix_openpt, ptsname: a terminal for the default format */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixtures.h"

extern char **environ;

#define FIXTURE "--inputs tests/data/cli"
#define MAX_ARGS 64

static const char *bin(void)
{
	const char *b = getenv("LLMCOST_BIN");
	return b && *b ? b : "build/llmcost";
}

/* Splits a line into words; "..." quotes a word (which may then be empty). Modifies s. */
static int split_words(char *s, char **argv, int max)
{
	int n = 0;
	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		if (n >= max - 1)
			break;
		if (*s == '"') {
			argv[n++] = ++s;
			while (*s && *s != '"')
				s++;
		} else {
			argv[n++] = s;
			while (*s && *s != ' ' && *s != '\t')
				s++;
		}
		if (*s)
			*s++ = '\0';
	}
	argv[n] = NULL;
	return n;
}

/*
 * Runs llmcost with the words of args; stdout and stderr land in *out and *err (malloc'd)
 * unless out_path names where stdout goes instead. Returns the exit code.
 */
static int run_llmcost(const char *args, char **out, char **err, const char *out_path)
{
	char line[4096], *argv[MAX_ARGS + 2];
	char out_tmp[] = "/tmp/llmcost-test-out-XXXXXX", err_tmp[] = "/tmp/llmcost-test-err-XXXXXX";
	int fd_out, fd_err, status;
	posix_spawn_file_actions_t fa;
	pid_t pid;

	snprintf(line, sizeof(line), "%s", args);
	argv[0] = (char *)bin();
	split_words(line, argv + 1, MAX_ARGS);
	fd_out = mkstemp(out_tmp);
	fd_err = mkstemp(err_tmp);
	assert_true(fd_out >= 0 && fd_err >= 0);
	posix_spawn_file_actions_init(&fa);
	if (out_path)
		posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_NOCTTY, 0);
	else
		posix_spawn_file_actions_adddup2(&fa, fd_out, 1);
	posix_spawn_file_actions_adddup2(&fa, fd_err, 2);
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) != 0)
		fail_msg("cannot run %s: %s", argv[0], strerror(errno));
	posix_spawn_file_actions_destroy(&fa);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	close(fd_out);
	close(fd_err);
	if (out)
		assert_non_null(*out = slurp(out_tmp, NULL));
	if (err)
		assert_non_null(*err = slurp(err_tmp, NULL));
	unlink(out_tmp);
	unlink(err_tmp);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* Line k (0-based) of text, copied into buf; "" past the end. */
static const char *nth_line(const char *text, int k, char *buf, size_t size)
{
	const char *end;
	while (k-- > 0) {
		text = strchr(text, '\n');
		if (!text) {
			buf[0] = '\0';
			return buf;
		}
		text++;
	}
	end = strchr(text, '\n');
	if (!end)
		end = text + strlen(text);
	snprintf(buf, size, "%.*s", (int)(end - text), text);
	return buf;
}

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static int count_commas(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == ',';
	return n;
}

/* ---- the case list ---- */

struct cli_case {
	int line;
	char run[2048];
	int exit_code;
	char checks[16][2048]; /* "key: value" lines */
	int n_checks;
};

static int check_case(const struct cli_case *c)
{
	char *out = NULL, *err = NULL, buf[2048];
	int rc = run_llmcost(c->run, &out, &err, NULL), bad = 0, i;

	if (rc != c->exit_code) {
		print_error("cli.txt:%d: %s\n  exit %d, expected %d\n  stderr: %s\n", c->line, c->run,
			    rc, c->exit_code, err);
		bad = 1;
	}
	for (i = 0; i < c->n_checks; i++) {
		const char *k = c->checks[i], *v = strchr(k, ':');
		size_t klen = (size_t)(v - k);
		int ok = 0;
		v++;
		if (*v == ' ')
			v++;
		if (klen == 3 && !strncmp(k, "err", 3))
			ok = !strcmp(nth_line(err, 0, buf, sizeof(buf)), v);
		else if (klen == 4 && !strncmp(k, "err2", 4))
			ok = !strcmp(nth_line(err, 1, buf, sizeof(buf)), v);
		else if (klen == 4 && !strncmp(k, "err~", 4))
			ok = strstr(err, v) != NULL;
		else if (klen == 5 && !strncmp(k, "noerr", 5))
			ok = err[0] == '\0';
		else if (klen == 4 && !strncmp(k, "out~", 4))
			ok = strstr(out, v) != NULL;
		else if (klen == 5 && !strncmp(k, "out!~", 5))
			ok = strstr(out, v) == NULL;
		else if (klen == 5 && !strncmp(k, "lines", 5))
			ok = count_lines(out) == atoi(v);
		else
			fail_msg("cli.txt:%d: unknown check %s", c->line, k);
		if (!ok) {
			print_error("cli.txt:%d: %s\n  failed %s\n  stdout: %.600s\n  stderr: %s\n",
				    c->line, c->run, k, out, err);
			bad = 1;
		}
	}
	free(out);
	free(err);
	return bad;
}

static void test_case_list(void **state)
{
	FILE *fp = fopen("tests/cases/cli.txt", "r");
	char line[2048];
	struct cli_case c;
	int lineno = 0, in_case = 0, failures = 0, n = 0;
	(void)state;

	assert_non_null(fp);
	memset(&c, 0, sizeof(c));
	for (;;) {
		int eof = !fgets(line, sizeof(line), fp);
		if (!eof) {
			lineno++;
			line[strcspn(line, "\r\n")] = '\0';
		}
		if (eof || line[0] == '\0') {
			if (in_case) {
				failures += check_case(&c);
				n++;
			}
			in_case = 0;
			memset(&c, 0, sizeof(c));
			if (eof)
				break;
			continue;
		}
		if (line[0] == '#')
			continue;
		if (!in_case) {
			in_case = 1;
			c.line = lineno;
			c.exit_code = -1;
		}
		if (!strncmp(line, "run:", 4))
			snprintf(c.run, sizeof(c.run), "%s", line + 4);
		else if (!strncmp(line, "exit:", 5))
			c.exit_code = atoi(line + 5);
		else if (c.n_checks < 16 && strchr(line, ':'))
			snprintf(c.checks[c.n_checks++], sizeof(c.checks[0]), "%s", line);
		else
			fail_msg("cli.txt:%d: cannot read %s", lineno, line);
	}
	fclose(fp);
	if (failures)
		fail_msg("%d of %d cases failed", failures, n);
	assert_true(n >= 50);
}

/* ---- CSV output helpers ---- */

/* Index of column name in a CSV header line, or -1. */
static int column_index(const char *header, const char *name)
{
	int idx = 0;
	size_t len = strlen(name);
	const char *p = header;
	for (;;) {
		const char *end = strpbrk(p, ",\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == len && !strncmp(p, name, len))
			return idx;
		if (!end || *end == '\n')
			return -1;
		p = end + 1;
		idx++;
	}
}

/* Field idx of a CSV line (no quoted fields in the fixtures) into buf. */
static const char *field(const char *line, int idx, char *buf, size_t size)
{
	const char *end;
	while (idx-- > 0) {
		line = strchr(line, ',');
		assert_non_null(line);
		line++;
	}
	end = strpbrk(line, ",\n");
	if (!end)
		end = line + strlen(line);
	snprintf(buf, size, "%.*s", (int)(end - line), line);
	return buf;
}

/* The value of column name in data row `row` (1 = the first after the header). */
static const char *csv_get(const char *csv, int row, const char *name, char *buf, size_t size)
{
	char line[8192];
	int k = column_index(csv, name);
	if (k < 0)
		fail_msg("no column %s in: %.300s", name, csv);
	nth_line(csv, row, line, sizeof(line));
	return field(line, k, buf, size);
}

/* The interface's columns, in its order, come first. */
static void test_estimate_columns(void **state)
{
	static const char *const want[] = {
		"model", "hardware", "gpus", "batch", "prompt_tokens", "gen_tokens", "precision",
		"weights_gb", "kv_bytes_per_token", "kv_gb_per_seq", "mem_needed_gb",
		"mem_capacity_gb", "fits", "max_batch", "prefill_tok_s", "ttft_s", "tpot_s",
		"decode_tok_s", "throughput_tok_s", "bound", "usd_per_gpu_hour",
		"usd_per_1k_prompt", "usd_per_1k_gen",
	};
	static const char *const train_want[] = {
		"model", "hardware", "tokens", "gpus", "mfu", "train_flop", "gpu_hours", "days",
		"usd", "state_gb", "min_gpus_for_state",
	};
	char *out = NULL, *err = NULL, buf[64];
	size_t i;
	(void)state;

	assert_int_equal(run_llmcost("estimate " FIXTURE " --model LLaMA-2-7B-seed --hardware "
				     "H100-seed --format csv", &out, &err, NULL), 0);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(column_index(out, want[i]), (int)i);
	/* the row has as many fields as the header */
	{
		char l0[8192], l1[8192];
		assert_int_equal(count_commas(nth_line(out, 0, l0, sizeof(l0))),
				 count_commas(nth_line(out, 1, l1, sizeof(l1))));
		assert_true(count_commas(l0) >= 22);
	}
	assert_string_equal(csv_get(out, 1, "fits", buf, sizeof(buf)), "yes");
	assert_string_equal(csv_get(out, 1, "bound", buf, sizeof(buf)), "memory");
	free(out);
	free(err);

	assert_int_equal(run_llmcost("train " FIXTURE " --model LLaMA-2-7B-seed --hardware "
				     "H100-seed --tokens 2e12", &out, &err, NULL), 0);
	for (i = 0; i < sizeof(train_want) / sizeof(train_want[0]); i++)
		assert_int_equal(column_index(out, train_want[i]), (int)i);
	/* days is empty without --gpus */
	assert_string_equal(csv_get(out, 1, "days", buf, sizeof(buf)), "");
	assert_string_equal(csv_get(out, 1, "gpus", buf, sizeof(buf)), "");
	free(out);
	free(err);
	assert_int_equal(run_llmcost("train " FIXTURE " --model LLaMA-2-7B-seed --hardware "
				     "H100-seed --tokens 2e12 --gpus 64", &out, &err, NULL), 0);
	assert_true(strtod(csv_get(out, 1, "days", buf, sizeof(buf)), NULL) > 0);
	free(out);
	free(err);
}

/* --batch max resolves to max_batch, which fits; one more sequence does not. */
static void test_batch_max(void **state)
{
	char *out = NULL, *err = NULL, buf[64], args[512];
	long max_batch;
	(void)state;

	assert_int_equal(run_llmcost("estimate " FIXTURE " --model LLaMA-2-70B-seed --hardware "
				     "A100-seed --gpus 2 --batch max --prompt 2048 --gen 2048",
				     &out, &err, NULL), 0);
	max_batch = atol(csv_get(out, 1, "max_batch", buf, sizeof(buf)));
	assert_true(max_batch > 1);
	assert_int_equal(atol(csv_get(out, 1, "batch", buf, sizeof(buf))), max_batch);
	assert_string_equal(csv_get(out, 1, "fits", buf, sizeof(buf)), "yes");
	free(out);
	free(err);
	snprintf(args, sizeof(args), "estimate " FIXTURE " --model LLaMA-2-70B-seed --hardware "
		 "A100-seed --gpus 2 --batch %ld --prompt 2048 --gen 2048", max_batch + 1);
	assert_int_equal(run_llmcost(args, &out, &err, NULL), 0);
	assert_string_equal(csv_get(out, 1, "fits", buf, sizeof(buf)), "no");
	assert_non_null(strstr(err, "does not fit"));
	free(out);
	free(err);
}

/* ---- JSON structure ---- */

struct json {
	const char *p;
	int objects, keys_seen;
	const char *want_key; /* counted in keys_seen when met */
};

static int json_value(struct json *j);

static void json_ws(struct json *j)
{
	while (*j->p == ' ' || *j->p == '\n' || *j->p == '\t' || *j->p == '\r')
		j->p++;
}

static int json_string(struct json *j, const char **start, size_t *len)
{
	if (*j->p != '"')
		return -1;
	*start = ++j->p;
	while (*j->p && *j->p != '"') {
		if (*j->p == '\\')
			j->p++;
		if (*j->p)
			j->p++;
	}
	if (*j->p != '"')
		return -1;
	*len = (size_t)(j->p - *start);
	j->p++;
	return 0;
}

static int json_value(struct json *j)
{
	const char *s;
	size_t len;
	json_ws(j);
	if (*j->p == '{') {
		j->p++;
		j->objects++;
		json_ws(j);
		if (*j->p == '}')
			return j->p++, 0;
		for (;;) {
			json_ws(j);
			if (json_string(j, &s, &len))
				return -1;
			if (j->want_key && len == strlen(j->want_key) && !strncmp(s, j->want_key, len))
				j->keys_seen++;
			json_ws(j);
			if (*j->p++ != ':' || json_value(j))
				return -1;
			json_ws(j);
			if (*j->p == ',') {
				j->p++;
				continue;
			}
			return *j->p++ == '}' ? 0 : -1;
		}
	}
	if (*j->p == '[') {
		j->p++;
		json_ws(j);
		if (*j->p == ']')
			return j->p++, 0;
		for (;;) {
			if (json_value(j))
				return -1;
			json_ws(j);
			if (*j->p == ',') {
				j->p++;
				continue;
			}
			return *j->p++ == ']' ? 0 : -1;
		}
	}
	if (*j->p == '"')
		return json_string(j, &s, &len);
	if (!strncmp(j->p, "null", 4) || !strncmp(j->p, "true", 4)) {
		j->p += 4;
		return 0;
	}
	if (!strncmp(j->p, "false", 5)) {
		j->p += 5;
		return 0;
	}
	{
		char *end;
		strtod(j->p, &end);
		if (end == j->p || strchr("nN", *j->p))
			return -1;
		j->p = end;
		return 0;
	}
}

/* The whole text is one JSON value; returns the number of objects, or -1. */
static int json_check(const char *text, const char *key, int *keys_seen)
{
	struct json j = { text, 0, 0, key };
	if (json_value(&j))
		return -1;
	json_ws(&j);
	if (*j.p)
		return -1;
	if (keys_seen)
		*keys_seen = j.keys_seen;
	return j.objects;
}

static void test_json(void **state)
{
	static const char *const keys[] = { "model", "ttft_s", "usd_per_1k_gen", "fits", "mbu" };
	char *out = NULL, *err = NULL;
	int seen = 0;
	size_t i;
	(void)state;

	/* the checker itself rejects broken text */
	assert_int_equal(json_check("{\"a\":1", NULL, NULL), -1);
	assert_int_equal(json_check("[{\"a\":1},]", NULL, NULL), -1);
	assert_int_equal(json_check("{\"a\":nan}", NULL, NULL), -1);

	assert_int_equal(run_llmcost("estimate " FIXTURE " --model LLaMA-2-70B-seed --hardware "
				     "A100-seed --gpus 2 --format json", &out, &err, NULL), 0);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		assert_int_equal(json_check(out, keys[i], &seen), 1);
		assert_int_equal(seen, 1);
	}
	free(out);
	free(err);
	/* a sweep: an array of 2 x 4 x 3 objects, each with every key; and with no price */
	assert_int_equal(run_llmcost("sweep " FIXTURE " --sweep seed-2x8 --format json "
				     "--as-of 2020-01-01", &out, &err, NULL), 0);
	assert_int_equal(out[0], '[');
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		assert_int_equal(json_check(out, keys[i], &seen), 24);
		assert_int_equal(seen, 24);
	}
	free(out);
	free(err);
	assert_int_equal(run_llmcost("train " FIXTURE " --model GPT-3-seed --hardware A100-seed "
				     "--tokens 300e9 --format json", &out, &err, NULL), 0);
	assert_int_equal(json_check(out, "days", &seen), 1);
	assert_int_equal(seen, 1);
	assert_non_null(strstr(out, "\"days\":null"));
	free(out);
	free(err);
}

/* Every econ subcommand: its help, one JSON object with its result key, and CSV of a header
 * and one row with as many fields; the table for people names the result. */
static void test_econ_formats(void **state)
{
	static const struct {
		const char *args, *key, *label;
	} subs[] = {
		{ "econ chinchilla --params 70e9 --tokens 1.4e12", "optimal_params",
		  "compute-optimal parameters" },
		{ "econ query --prompt-words 50 --answer-words 400 --usd-per-1k 0.02", "usd_per_query",
		  "provider's cost per query" },
		{ "econ query --prompt-words 50 --answer-words 400 --usd-per-1k 0.02 "
		  "--search-results 3 --result-words 500", "usd_per_query", "search results read" },
		{ "econ search-revenue --revenue 1e9 --monthly-searches 1e9 --penetration-then 0.5 "
		  "--penetration-now 0.5", "usd_per_query", "revenue per search" },
		{ "econ bandwidth --params 7e9 --tokens-per-s 50", "bw_needed_tbs",
		  "memory bandwidth needed" },
		{ "econ moe --experts 8 --per-token 2 --batch-tokens 100 --shared 1e9 --per-expert 5e9",
		  "experts_touched", "expected experts a batch touches" },
		{ "econ words --words 750", "tokens", "tokens per word" },
		{ "econ gpu-cost --gpus 8 --days 1 --usd-per-gpu-hour 2", "gpu_hours", "GPU time" },
	};
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		char args[1024], sub[64], l0[4096], l1[4096], *out = NULL, *err = NULL;
		int seen = 0;

		snprintf(args, sizeof(args), "%s --format json", subs[i].args);
		assert_int_equal(run_llmcost(args, &out, &err, NULL), 0);
		assert_string_equal(err, "");
		if (json_check(out, subs[i].key, &seen) != 1 || seen != 1)
			fail_msg("%s: not one JSON object with \"%s\": %s", args, subs[i].key, out);
		free(out);
		free(err);

		snprintf(args, sizeof(args), "%s --format csv", subs[i].args);
		assert_int_equal(run_llmcost(args, &out, &err, NULL), 0);
		assert_int_equal(count_lines(out), 2);
		assert_true(column_index(out, subs[i].key) >= 0);
		assert_int_equal(count_commas(nth_line(out, 0, l0, sizeof(l0))),
				 count_commas(nth_line(out, 1, l1, sizeof(l1))));
		free(out);
		free(err);

		snprintf(args, sizeof(args), "%s --format table", subs[i].args);
		assert_int_equal(run_llmcost(args, &out, &err, NULL), 0);
		assert_non_null(strstr(out, subs[i].label));
		free(out);
		free(err);

		sscanf(subs[i].args, "econ %63s", sub);
		snprintf(args, sizeof(args), "econ %s --help", sub);
		assert_int_equal(run_llmcost(args, &out, &err, NULL), 0);
		snprintf(l0, sizeof(l0), "usage: llmcost econ %s ", sub);
		assert_non_null(strstr(out, l0));
		assert_non_null(strstr(out, "--format FMT"));
		free(out);
		free(err);
	}
}

/* One row per configuration, in the documented order (last option fastest), the same twice. */
static void test_sweep_rows(void **state)
{
	static const char *const models[] = { "LLaMA-2-13B-seed", "LLaMA-2-7B-seed" };
	static const char *const hws[] = { "H100-seed", "A100-seed", "TPU-v4-seed" };
	static const char *const gpus[] = { "8", "1" };
	static const char *const batches[] = { "1", "16", "max" };
	static const char *const prompts[] = { "128", "2048" };
	static const char *const precs[] = { "bf16", "int4" };
	const char *args = "sweep " FIXTURE " --model LLaMA-2-13B-seed,LLaMA-2-7B-seed "
			   "--hardware H100-seed,A100-seed,TPU-v4-seed --gpus 8,1 --batch 1,16,max "
			   "--prompt 128,2048 --precision bf16,int4 --gen 64 --format csv";
	char *out = NULL, *out2 = NULL, *err = NULL, buf[64], mb[64];
	size_t m, h, g, b, p, pr;
	int row = 1;
	(void)state;

	assert_int_equal(run_llmcost(args, &out, &err, NULL), 0);
	free(err);
	assert_int_equal(run_llmcost(args, &out2, &err, NULL), 0);
	free(err);
	assert_string_equal(out, out2);
	assert_int_equal(count_lines(out), 1 + 2 * 3 * 2 * 3 * 2 * 2);
	for (m = 0; m < 2; m++)
		for (h = 0; h < 3; h++)
			for (g = 0; g < 2; g++)
				for (b = 0; b < 3; b++)
					for (p = 0; p < 2; p++)
						for (pr = 0; pr < 2; pr++, row++) {
	assert_string_equal(csv_get(out, row, "model", buf, sizeof(buf)), models[m]);
	assert_string_equal(csv_get(out, row, "hardware", buf, sizeof(buf)), hws[h]);
	assert_string_equal(csv_get(out, row, "gpus", buf, sizeof(buf)), gpus[g]);
	csv_get(out, row, "batch", buf, sizeof(buf));
	if (b < 2)
		assert_string_equal(buf, batches[b]);
	else
		assert_string_equal(buf, csv_get(out, row, "max_batch", mb, sizeof(mb)));
	assert_string_equal(csv_get(out, row, "prompt_tokens", buf, sizeof(buf)), prompts[p]);
	assert_string_equal(csv_get(out, row, "gen_tokens", buf, sizeof(buf)), "64");
	assert_string_equal(csv_get(out, row, "precision", buf, sizeof(buf)), precs[pr]);
						}
	free(out);
	free(out2);
}

/* Output that cannot be written is an error, not a silent success. */
static void test_write_error(void **state)
{
	char *err = NULL;
	(void)state;
	if (access("/dev/full", W_OK) != 0)
		skip();
	assert_int_equal(run_llmcost("sweep " FIXTURE " --sweep seed-2x8", NULL, &err, "/dev/full"),
			 5);
	assert_non_null(strstr(err, "llmcost: cannot write the output"));
	free(err);
}

/* Without --format, a terminal gets the table for people and anything else CSV. */
static void test_default_format(void **state)
{
	char *out = NULL, *err = NULL, *slave, text[16384];
	const char *args = "estimate " FIXTURE " --model LLaMA-2-70B-seed --hardware A100-seed "
			   "--gpus 2";
	size_t len = 0;
	ssize_t n;
	int master;
	(void)state;

	assert_int_equal(run_llmcost(args, &out, &err, NULL), 0);
	assert_memory_equal(out, "model,hardware,", 15);
	free(out);
	free(err);

	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master) || !(slave = ptsname(master)))
		skip();
	assert_int_equal(run_llmcost(args, NULL, &err, slave), 0);
	while (len + 1 < sizeof(text) && (n = read(master, text + len, sizeof(text) - 1 - len)) > 0)
		len += (size_t)n;
	text[len] = '\0';
	close(master);
	assert_non_null(strstr(text, "time to first token"));
	assert_null(strstr(text, "model,hardware,"));
	free(err);
}

/* ---- sweep --shard K/N ---- */

/* Parts 1..n of a sweep, concatenated in order, are the unsharded output byte for byte, in
 * CSV, JSON and the table; more parts than rows leave some parts empty. */
static void test_shard_concat(void **state)
{
	static const char *const formats[] = { "csv", "json", "table" };
	static const int parts[] = { 2, 3, 7, 40 };
	const char *base = "sweep " FIXTURE " --sweep small --mode static,chunked --as-of 2024-01-01";
	char args[1024];
	size_t f, i;
	(void)state;

	for (f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
		char *full = NULL, *err = NULL;
		snprintf(args, sizeof(args), "%s --format %s", base, formats[f]);
		assert_int_equal(run_llmcost(args, &full, &err, NULL), 0);
		free(err);
		if (!strcmp(formats[f], "csv"))
			assert_int_equal(count_lines(full), 1 + 32 * 2);
		for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
			size_t len = 0, cap = strlen(full) + 1;
			char *cat = calloc(cap, 1);
			int k, n = parts[i], rows = 0;
			assert_non_null(cat);
			for (k = 1; k <= n; k++) {
				char *out = NULL;
				size_t m;
				snprintf(args, sizeof(args), "%s --format %s --shard %d/%d", base,
					 formats[f], k, n);
				assert_int_equal(run_llmcost(args, &out, &err, NULL), 0);
				free(err);
				m = strlen(out);
				if (len + m >= cap)
					fail_msg("%s, %d parts: the parts are longer than the whole",
						 formats[f], n);
				memcpy(cat + len, out, m);
				len += m;
				rows += count_lines(out);
				free(out);
			}
			cat[len] = '\0';
			if (strcmp(cat, full))
				fail_msg("%s: %d parts concatenated differ from the whole", formats[f], n);
			assert_int_equal(rows, count_lines(full));
			free(cat);
		}
		free(full);
	}
}

/* ---- plan ---- */

static double csv_num(const char *csv, int row, const char *name)
{
	char buf[128];
	return strtod(csv_get(csv, row, name, buf, sizeof(buf)), NULL);
}

/* Every row meets the targets and the load within the chips allowed, its costs follow from
 * its price and rate, rows come cheapest first; and the first row, estimated on its own with
 * the same layout, has the latencies the plan printed. */
static void test_plan_rows(void **state)
{
	const double ttft_slo = 2, tpot_slo = 0.05, qps = 3, prompt = 1024, gen = 256;
	const int max_gpus = 32;
	char args[1024], buf[128], hw[64], prec[16], kv[16], mode[16], layout[64];
	char *out = NULL, *err = NULL, *est = NULL;
	int row, n_rows, tp = 0, pp = 1, ep = 1;
	double prev = 0;
	(void)state;

	snprintf(args, sizeof(args), "plan " FIXTURE " --model LLaMA-2-70B-seed --ttft-slo %g "
		 "--tpot-slo %g --qps %g --prompt %g --gen %g --max-gpus %d --top 25 --as-of "
		 "2024-01-01 --format csv", ttft_slo, tpot_slo, qps, prompt, gen, max_gpus);
	assert_int_equal(run_llmcost(args, &out, &err, NULL), 0);
	free(err);
	n_rows = count_lines(out) - 1;
	assert_true(n_rows >= 5 && n_rows <= 25);
	for (row = 1; row <= n_rows; row++) {
		double chips = csv_num(out, row, "chips"), replicas = csv_num(out, row, "replicas");
		double gpus = csv_num(out, row, "gpus"), served = csv_num(out, row, "served_req_s");
		double rep = csv_num(out, row, "replica_req_s"), price = csv_num(out, row,
										 "usd_per_gpu_hour");
		double usd_h = csv_num(out, row, "usd_per_hour");
		double per_1m = csv_num(out, row, "usd_per_1m_tokens");

		assert_int_equal((int)csv_num(out, row, "rank"), row);
		assert_true(csv_num(out, row, "ttft_s") <= ttft_slo);
		assert_true(csv_num(out, row, "tpot_s") <= tpot_slo);
		assert_true(csv_num(out, row, "batch") >= 1);
		assert_true(fabs(gpus - chips * replicas) < 0.5);
		assert_true(gpus <= max_gpus);
		assert_true(fabs(served - qps) < 1e-9);
		assert_true(rep * replicas >= qps * (1 - 1e-5));          /* enough replicas */
		assert_true(rep * (replicas - 1) < qps * (1 + 1e-5));     /* and no more */
		assert_true(fabs(usd_h - price * gpus) <= 1e-5 * usd_h);
		assert_true(fabs(per_1m - usd_h / 3600 / (qps * (prompt + gen)) * 1e6) <=
			    1e-5 * per_1m);
		assert_true(fabs(csv_num(out, row, "usd_per_1m_gen") - per_1m * (prompt + gen) / gen)
			    <= 1e-5 * per_1m * (prompt + gen) / gen);
		assert_true(fabs(csv_num(out, row, "gen_tok_s") - qps * gen) <= 1e-5 * qps * gen);
		assert_true(per_1m >= prev);
		prev = per_1m;
	}
	/* the first rows again, one by one through estimate (the disaggregated ones with a
	 * prefill pool as large as the decode pool, as the plan assumes) */
	for (row = 1; row <= n_rows && row <= 8; row++) {
		tp = 0;
		pp = ep = 1;
		csv_get(out, row, "hardware", hw, sizeof(hw));
		csv_get(out, row, "precision", prec, sizeof(prec));
		csv_get(out, row, "kv_precision", kv, sizeof(kv));
		csv_get(out, row, "mode", mode, sizeof(mode));
		csv_get(out, row, "layout", layout, sizeof(layout));
		assert_true(sscanf(layout, "TP%d", &tp) == 1);
		if (strstr(layout, "xPP"))
			assert_true(sscanf(strstr(layout, "xPP"), "xPP%d", &pp) == 1);
		if (strstr(layout, "+EP"))
			assert_true(sscanf(strstr(layout, "+EP"), "+EP%d", &ep) == 1);
		snprintf(args, sizeof(args), "estimate " FIXTURE " --model LLaMA-2-70B-seed "
			 "--hardware %s --gpus %d --pipeline %d --expert-ways %d --batch %s --prompt "
			 "%g --gen %g --precision %s --kv-precision %s --mode %s --prefill-gpus %d "
			 "--format csv", hw, tp * pp, pp, ep,
			 csv_get(out, row, "batch", buf, sizeof(buf)), prompt, gen, prec, kv, mode,
			 tp * pp);
		assert_int_equal(run_llmcost(args, &est, &err, NULL), 0);
		free(err);
		assert_true(fabs(csv_num(est, 1, "ttft_s") / csv_num(out, row, "ttft_s") - 1) < 1e-5);
		assert_true(fabs(csv_num(est, 1, "tpot_s") / csv_num(out, row, "tpot_s") - 1) < 1e-5);
		assert_int_equal((int)csv_num(est, 1, "chips"), (int)csv_num(out, row, "chips"));
		free(est);
	}
	free(out);

	/* JSON: an array of objects with every key; a table ends with its summary line */
	assert_int_equal(run_llmcost("plan " FIXTURE " --model LLaMA-2-7B-seed --top 4 --format "
				     "json", &out, &err, NULL), 0);
	{
		int seen = 0;
		assert_int_equal(json_check(out, "usd_per_1m_tokens", &seen), 4);
		assert_int_equal(seen, 4);
	}
	free(out);
	free(err);
}

/* ---- train: the layout and the factors of MFU ---- */

static void test_train_layout(void **state)
{
	char *out = NULL, *err = NULL, buf[128];
	double factors;
	(void)state;

	assert_int_equal(run_llmcost("train " FIXTURE " --model GPT-3-seed --hardware A100-seed "
				     "--tokens 300e9 --gpus 1024 --seq 2048", &out, &err, NULL), 0);
	assert_true(column_index(out, "layout") > column_index(out, "min_gpus_for_state"));
	assert_int_equal((int)csv_num(out, 1, "seq_tokens"), 2048);
	assert_int_equal((int)csv_num(out, 1, "gpus_used"), 1024);
	assert_string_equal(csv_get(out, 1, "gpus_assumed", buf, sizeof(buf)), "no");
	assert_int_equal((long)(csv_num(out, 1, "tp") * csv_num(out, 1, "pp") *
				csv_num(out, 1, "dp")), 1024);
	factors = csv_num(out, 1, "eta_gemm") * csv_num(out, 1, "compute_share") *
		  csv_num(out, 1, "pipeline_busy") * csv_num(out, 1, "goodput");
	assert_true(fabs(factors / csv_num(out, 1, "mfu") - 1) < 1e-4);
	assert_non_null(strstr(csv_get(out, 1, "layout", buf, sizeof(buf)), "1024"));
	free(out);
	free(err);

	/* without --gpus the program picks the layout and says so */
	assert_int_equal(run_llmcost("train " FIXTURE " --model GPT-3-seed --hardware A100-seed "
				     "--tokens 300e9", &out, &err, NULL), 0);
	assert_string_equal(csv_get(out, 1, "gpus_assumed", buf, sizeof(buf)), "yes");
	assert_true(csv_num(out, 1, "gpus_used") >= 1);
	assert_int_equal((long)(csv_num(out, 1, "tp") * csv_num(out, 1, "pp") *
				csv_num(out, 1, "dp")), (long)csv_num(out, 1, "gpus_used"));
	free(out);
	free(err);
}

/* The decode step's parts add up to tpot_s (static batching, no draft), on one chip and on
 * several with their all-reduces. */
static void test_estimate_breakdown(void **state)
{
	static const char *const runs[] = {
		"estimate " FIXTURE " --model LLaMA-2-70B-seed --hardware H100-seed --gpus 4 "
		"--batch 16 --format csv",
		"estimate " FIXTURE " --model LLaMA-2-7B-seed --hardware A100-seed --batch 64 "
		"--prompt 2048 --format csv",
	};
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		char *out = NULL, *err = NULL;
		double sum;
		assert_int_equal(run_llmcost(runs[i], &out, &err, NULL), 0);
		assert_true(column_index(out, "t_gemm_s") > column_index(out, "usd_per_1k_gen"));
		sum = csv_num(out, 1, "t_gemm_s") + csv_num(out, 1, "t_kv_s") +
		      csv_num(out, 1, "t_nongemm_s") + csv_num(out, 1, "t_overhead_s") +
		      csv_num(out, 1, "t_comm_s");
		assert_true(fabs(sum / csv_num(out, 1, "tpot_s") - 1) < 1e-4);
		assert_true(csv_num(out, 1, "t_gemm_s") > 0);
		if (i == 0)
			assert_true(csv_num(out, 1, "t_comm_s") > 0);
		else
			assert_true(csv_num(out, 1, "t_comm_s") == 0);
		free(out);
		free(err);
	}
}

/* ---- seed numbers through the command line ---- */

/* Field k of a seed-numbers.csv line (quoted fields allowed) into buf. */
static const char *csv_field_q(const char *line, int k, char *buf, size_t size)
{
	size_t n = 0;
	int i = 0, quoted = 0;
	for (; *line && *line != '\n'; line++) {
		if (quoted) {
			if (*line == '"' && line[1] == '"')
				line++;
			else if (*line == '"') {
				quoted = 0;
				continue;
			}
		} else if (*line == '"') {
			quoted = 1;
			continue;
		} else if (*line == ',') {
			if (i++ == k)
				break;
			n = 0;
			continue;
		}
		if (i == k && n + 1 < size)
			buf[n++] = *line;
	}
	buf[n] = '\0';
	return buf;
}

static FILE *open_seeds(void)
{
	FILE *fp = fopen("../shared/reference/seed-numbers.csv", "r");
	return fp ? fp : fopen("tests/ref/seed-numbers.csv", "r");
}

/* expected value and tolerance_pct of seed id; 0, or -1 when absent. */
static int seed_lookup(const char *id, double *expected, double *tol_pct)
{
	FILE *fp = open_seeds();
	char line[4096], buf[256], hdr[4096];
	int k_id, k_exp, k_tol, found = -1;

	assert_non_null(fp);
	assert_non_null(fgets(hdr, sizeof(hdr), fp));
	k_id = column_index(hdr, "id");
	k_exp = column_index(hdr, "expected");
	k_tol = column_index(hdr, "tolerance_pct");
	assert_true(k_id >= 0 && k_exp >= 0 && k_tol >= 0);
	while (fgets(line, sizeof(line), fp)) {
		if (strcmp(csv_field_q(line, k_id, buf, sizeof(buf)), id))
			continue;
		*expected = strtod(csv_field_q(line, k_exp, buf, sizeof(buf)), NULL);
		*tol_pct = strtod(csv_field_q(line, k_tol, buf, sizeof(buf)), NULL);
		found = 0;
		break;
	}
	fclose(fp);
	return found;
}

/* Whether id is one of the n ids seen. */
static int seen_id(char (*ids)[32], int n, const char *id)
{
	int i;
	for (i = 0; i < n; i++)
		if (!strcmp(ids[i], id))
			return 1;
	return 0;
}

/* Every id of seed-numbers.csv has a case in seeds_cli.txt; returns how many do not. */
static int seeds_without_case(char (*ids)[32], int n_ids)
{
	FILE *fp = open_seeds();
	char line[4096], hdr[4096], buf[256];
	int k_id, missing = 0, rows = 0;

	assert_non_null(fp);
	assert_non_null(fgets(hdr, sizeof(hdr), fp));
	k_id = column_index(hdr, "id");
	assert_true(k_id >= 0);
	while (fgets(line, sizeof(line), fp)) {
		if (line[0] == '\n' || line[0] == '\r')
			continue;
		csv_field_q(line, k_id, buf, sizeof(buf));
		rows++;
		if (!seen_id(ids, n_ids, buf)) {
			print_error("%s: no case in tests/cases/seeds_cli.txt\n", buf);
			missing++;
		}
	}
	fclose(fp);
	assert_true(rows >= 40);
	return missing;
}

static void test_seeds_cli(void **state)
{
	FILE *fp = fopen("tests/cases/seeds_cli.txt", "r");
	char line[2048], ids[256][32];
	int n = 0, failures = 0, lineno = 0, n_ids = 0, missing;
	(void)state;

	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp)) {
		char *id, *col, *factor, *args, cmd[2048], *out = NULL, *err = NULL, buf[128];
		double expected = 0, tol_pct = 0, got, scale;
		int rc;

		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		id = strtok(line, "|");
		col = strtok(NULL, "|");
		factor = strtok(NULL, "|");
		args = strtok(NULL, "");
		assert_non_null(args);
		id += strspn(id, " ");
		id[strcspn(id, " ")] = '\0';
		col += strspn(col, " ");
		col[strcspn(col, " ")] = '\0';
		scale = strtod(factor, NULL);
		if (seed_lookup(id, &expected, &tol_pct))
			fail_msg("seeds_cli.txt:%d: %s is not in seed-numbers.csv", lineno, id);
		if (n_ids < 256 && !seen_id(ids, n_ids, id))
			snprintf(ids[n_ids++], sizeof(ids[0]), "%s", id);
		snprintf(cmd, sizeof(cmd), "%s " FIXTURE " --format csv", args);
		rc = run_llmcost(cmd, &out, &err, NULL);
		if (rc != 0)
			fail_msg("seeds_cli.txt:%d: exit %d: %s", lineno, rc, err);
		got = strtod(csv_get(out, 1, col, buf, sizeof(buf)), NULL) * scale;
		if (!(fabs(got - expected) <= fabs(expected) * tol_pct / 100)) {
			print_error("%s: %s = %.6g, seed %.6g +- %g%%\n", id, col, got, expected,
				    tol_pct);
			failures++;
		} else {
			print_message("%s: %s = %.6g (seed %.6g, %+.2f%%, tolerance %g%%)\n", id, col,
				      got, expected, 100 * (got - expected) / expected, tol_pct);
		}
		free(out);
		free(err);
		n++;
	}
	fclose(fp);
	missing = seeds_without_case(ids, n_ids);
	if (failures)
		fail_msg("%d of %d seed numbers off", failures, n);
	if (missing)
		fail_msg("%d seed numbers have no command-line case", missing);
	assert_true(n >= 40);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_list),
		cmocka_unit_test(test_estimate_columns),
		cmocka_unit_test(test_batch_max),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_econ_formats),
		cmocka_unit_test(test_sweep_rows),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_default_format),
		cmocka_unit_test(test_seeds_cli),
		cmocka_unit_test(test_shard_concat),
		cmocka_unit_test(test_plan_rows),
		cmocka_unit_test(test_train_layout),
		cmocka_unit_test(test_estimate_breakdown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
