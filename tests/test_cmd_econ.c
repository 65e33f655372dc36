/*
 * test_cmd_econ.c - `llmcost econ` in process (gen/cmd_econ.c): the subcommand table (every
 * subcommand found by its name, misspellings suggested), the options econ takes before SUB,
 * each subcommand's record checked against the formulas worked here by hand, CSV by default
 * off a terminal and JSON on request, --inputs before SUB giving what it gives after SUB, the
 * help texts, and the exact first line of each kind of usage error with its exit code.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"
#include "cmd_econ.h"
#include "err.h"

#define MAX_WORDS 32

static char first_error[512];
static int n_errors;

static void capture(const char *line, void *ctx)
{
	(void)ctx;
	if (n_errors++ == 0)
		snprintf(first_error, sizeof(first_error), "%s", line);
}

/*
 * Runs `llmcost econ WORDS` (words split on spaces) in process; the output lands in *out
 * (malloc'd), the first error line in first_error. The hint line a usage error prints on
 * stderr is sent to /dev/null. Returns the exit code.
 */
static int run_econ(const char *words, char **out)
{
	char line[1024], *argv[MAX_WORDS], *save = NULL, *tok;
	size_t size = 0;
	int argc = 0, rc, saved_stderr, devnull;
	FILE *fp = open_memstream(out, &size);

	assert_non_null(fp);
	snprintf(line, sizeof(line), "%s", words);
	for (tok = strtok_r(line, " ", &save); tok && argc < MAX_WORDS;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	n_errors = 0;
	first_error[0] = '\0';
	err_set_sink(capture, NULL);
	fflush(stderr);
	saved_stderr = dup(STDERR_FILENO);
	devnull = open("/dev/null", O_WRONLY);
	assert_true(saved_stderr >= 0 && devnull >= 0);
	dup2(devnull, STDERR_FILENO);
	rc = cmd_econ(cli_find_command("econ"), argc, argv, fp);
	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	close(devnull);
	err_set_sink(NULL, NULL);
	fclose(fp);
	return rc;
}

/* The value of column col in a two-line CSV record (NaN for an empty cell). */
static double field(const char *csv, const char *col)
{
	char head[1024], row[1024], *hs = NULL, *h, *r;
	const char *nl = strchr(csv, '\n');

	assert_non_null(nl);
	assert_true((size_t)(nl - csv) < sizeof(head));
	memcpy(head, csv, (size_t)(nl - csv));
	head[nl - csv] = '\0';
	snprintf(row, sizeof(row), "%s", nl + 1);
	row[strcspn(row, "\n")] = '\0';
	/* the cells hold numbers only: split the row on commas, keeping empty cells */
	r = row;
	for (h = strtok_r(head, ",", &hs); h; h = strtok_r(NULL, ",", &hs)) {
		char *comma = strchr(r, ',');
		if (comma)
			*comma = '\0';
		if (!strcmp(h, col))
			return *r ? strtod(r, NULL) : (double)NAN;
		if (!comma)
			break;
		r = comma + 1;
	}
	fail_msg("no column %s in:\n%s", col, csv);
	return NAN;
}

/* Whether the record's col is want to the 6 significant digits the CSV prints. */
static void assert_field(const char *csv, const char *col, double want)
{
	double got = field(csv, col);
	if (!(fabs(got - want) <= 1e-5 * fabs(want)))
		fail_msg("%s: got %.17g, want %.17g", col, got, want);
}

static char *records[8];
static size_t n_records;

/* Runs words, which must succeed, and returns the output, kept until free_records(). */
static char *record(const char *words)
{
	char *out = NULL;
	int rc = run_econ(words, &out);

	assert_true(n_records < sizeof(records) / sizeof(records[0]));
	records[n_records++] = out;
	if (rc != 0)
		fail_msg("econ %s: exit %d: %s", words, rc, first_error);
	return out;
}

/* Teardown: frees the outputs record() returned. */
static int free_records(void **state)
{
	(void)state;
	while (n_records > 0)
		free(records[--n_records]);
	return 0;
}

static void test_subcommands(void **state)
{
	static const char *const names[] = { "chinchilla", "query", "search-revenue", "bandwidth",
					      "moe", "words", "gpu-cost" };
	const size_t n = sizeof(names) / sizeof(names[0]);
	size_t i;
	(void)state;

	for (i = 0; i < n; i++) {
		const struct command *sub = econ_sub(i);
		assert_non_null(sub);
		assert_memory_equal(sub->name, "econ ", 5);
		assert_ptr_equal(econ_find_sub(sub->name + 5), sub);
		assert_non_null(econ_find_sub(names[i]));
	}
	assert_null(econ_sub(n));
	assert_null(econ_find_sub("econ query"));
	assert_null(econ_find_sub(""));
	assert_string_equal(econ_suggest_sub("chinchila"), "chinchilla");
	assert_string_equal(econ_suggest_sub("gpucost"), "gpu-cost");
	assert_string_equal(econ_suggest_sub("QUERY"), "query");
	assert_null(econ_suggest_sub("frobnicate"));
}

static void test_leading_opts(void **state)
{
	char a[] = "--inputs", b[] = "DIR", c[] = "query", d[] = "--inputs=DIR", e[] = "--format";
	char *two[] = { a, b, c }, *one[] = { d, c }, *flag[] = { a, e, c }, *alone[] = { a };
	char *after[] = { c, a, b }, *both[] = { a, b, d, c };
	(void)state;

	assert_int_equal(econ_leading_opts(3, two), 2);
	assert_int_equal(econ_leading_opts(2, one), 1);
	assert_int_equal(econ_leading_opts(3, flag), 0);  /* a value may not start with "--" */
	assert_int_equal(econ_leading_opts(1, alone), 0); /* no value */
	assert_int_equal(econ_leading_opts(3, after), 0);
	assert_int_equal(econ_leading_opts(4, both), 3);
	assert_int_equal(econ_leading_opts(0, NULL), 0);
}

static void test_chinchilla(void **state)
{
	double n = 70e9, d = 1.4e12;
	double loss = 1.69 + 406.4 / pow(n, 0.34) + 410.7 / pow(d, 0.28);
	char *out = record("chinchilla --params 70e9 --tokens 1.4e12 --format csv");
	(void)state;

	assert_field(out, "params", n);
	assert_field(out, "loss", loss);
	assert_field(out, "irreducible_loss", 1.69);
	assert_field(out, "param_term", 406.4 / pow(n, 0.34));
	assert_field(out, "data_term", 410.7 / pow(d, 0.28));
	assert_field(out, "train_flop", 6 * n * d);
	assert_field(out, "tokens_per_param", 20);
	/* the optimal split spends the same compute, and no split of it does better */
	assert_field(out, "optimal_params",
		     6 * n * d / 6 / field(out, "optimal_tokens"));
	assert_true(field(out, "optimal_loss") <= loss);
	assert_field(out, "optimal_tokens_per_param",
		     field(out, "optimal_tokens") / field(out, "optimal_params"));
}

static void test_query(void **state)
{
	char *plain = record("query --prompt-words 50 --answers 2 --answer-words 100 "
			     "--tokens-per-word 1 --usd-per-1k 1 --format csv");
	char *cached = record("query --prompt-words 50 --answers 2 --answer-words 100 "
			      "--tokens-per-word 1 --usd-per-1k 1 --cache-hit 0.5 --format csv");
	char *search = record("query --prompt-words 10 --answer-words 50 --usd-per-1k 2 "
			      "--search-results 4 --result-words 1000 --tokens-per-word 2 "
			      "--format csv");
	(void)state;

	assert_field(plain, "words", 50 + 2 * 100);
	assert_field(plain, "tokens", 250);
	assert_field(plain, "api_usd", 0.25);
	assert_field(plain, "usd_per_query", 0.25); /* no cache, no margin: the API price */
	assert_true(isnan(field(plain, "search_results")));
	assert_true(field(cached, "usd_per_query") < 0.25);
	assert_field(cached, "cache_hit", 0.5);
	/* the query, then per result: the result read and one answer written */
	assert_field(search, "words", 10 + 4 * (1000 + 50));
	assert_field(search, "answers", 4);
	assert_field(search, "tokens", 2 * (10 + 4 * (1000 + 50)));
	assert_field(search, "api_usd", 2 * (10 + 4 * (1000 + 50)) / 1000.0 * 2);
}

static void test_revenue_bandwidth(void **state)
{
	char *rev = record("search-revenue --revenue 100e9 --monthly-searches 1e10 "
			   "--penetration-then 0.4 --penetration-now 0.6 --format csv");
	char *bw = record("bandwidth --params 1e12 --tokens-per-s 30 --chip-tbs 3.35 --format csv");
	char *bw8 = record("bandwidth --params 1e12 --tokens-per-s 30 --precision fp8 "
			   "--format csv");
	(void)state;

	assert_field(rev, "annual_searches", 12 * 1e10 * 0.6 / 0.4);
	assert_field(rev, "usd_per_query", 100e9 / (12 * 1e10 * 0.6 / 0.4));
	assert_field(bw, "bytes_per_param", 2); /* bf16 by default */
	assert_field(bw, "weights_gb", 2000);
	assert_field(bw, "bw_needed_tbs", 60);
	assert_field(bw, "chips_needed", ceil(60 / 3.35));
	assert_field(bw8, "bw_needed_tbs", 30);
	assert_true(isnan(field(bw8, "chips_needed")));
}

static void test_moe_words_gpucost(void **state)
{
	char *moe = record("moe --experts 16 --per-token 2 --batch-tokens 4096 --shared 55e9 "
			   "--per-expert 111e9 --format csv");
	char *words = record("words --words 750 --format csv");
	char *cost = record("gpu-cost --gpus 2048 --days 21 --usd-per-gpu-hour 2 --format csv");
	(void)state;

	assert_field(moe, "tokens_per_expert", 4096.0 * 2 / 16);
	assert_field(moe, "experts_touched", 16 * (1 - pow(1 - 2.0 / 16, 4096)));
	assert_field(moe, "total_params", 55e9 + 16 * 111e9);
	assert_field(moe, "active_params", 55e9 + 2 * 111e9);
	assert_field(moe, "flop_per_token", 2 * (55e9 + 2 * 111e9));
	assert_field(words, "tokens_per_word", 1.3);
	assert_field(words, "tokens", 975);
	assert_field(cost, "gpu_hours", 2048.0 * 21 * 24);
	assert_field(cost, "usd", 2048.0 * 21 * 24 * 2);
}

/* Off a terminal the record is CSV; --format json gives one object; --inputs may come first. */
static void test_formats_and_inputs_first(void **state)
{
	char *csv = record("words --words 750");
	char *json = record("words --words 750 --format json");
	char *after = record("words --words 750 --inputs tests/data/cli");
	char *before = record("--inputs tests/data/cli words --words 750");
	char *joined = record("--inputs=tests/data/cli words --words 750");
	(void)state;

	assert_memory_equal(csv, "words,tokens_per_word,tokens\n", 28);
	assert_int_equal(json[0], '{');
	assert_non_null(strstr(json, "\"tokens\":975"));
	assert_string_equal(before, after);
	assert_string_equal(joined, after);
	assert_string_equal(after, csv);
}

static void test_help(void **state)
{
	char *out = NULL;
	(void)state;

	assert_int_equal(run_econ("query --help", &out), 0);
	assert_memory_equal(out, "usage: llmcost econ query ", 26);
	assert_non_null(strstr(out, "--gross-margin F"));
	free(out);
	assert_int_equal(run_econ("--inputs tests/data/cli --help", &out), 0);
	assert_memory_equal(out, "usage: llmcost econ [--inputs DIR] SUB ", 39);
	assert_int_equal(n_errors, 0);
	free(out);
}

static void test_usage_errors(void **state)
{
	static const struct {
		const char *words, *first_error;
	} cases[] = {
		{ "", "llmcost: econ: expected a subcommand: chinchilla, query, search-revenue, "
		      "bandwidth, moe, words or gpu-cost" },
		{ "--inputs tests/data/cli",
		  "llmcost: econ: expected a subcommand: chinchilla, query, search-revenue, "
		  "bandwidth, moe, words or gpu-cost" },
		{ "--inputs", "llmcost: econ: expected a subcommand before \"--inputs\"" },
		{ "--inputs x --params 1",
		  "llmcost: econ: expected a subcommand before \"--params\"" },
		{ "chinchila", "llmcost: econ: unknown subcommand \"chinchila\"; did you mean "
			       "\"chinchilla\"?" },
		{ "--inputs x frobnicate", "llmcost: econ: unknown subcommand \"frobnicate\"" },
		{ "chinchilla --params 1e12", "llmcost: --tokens D is required" },
		{ "query --prompt-words 1 --answer-words 1 --usd-per-1k 1 --gross-margin 1",
		  "llmcost: --gross-margin: expected a number in [0, 1), got \"1\"" },
		{ "query --prompt-words 1 --answer-words 1 --usd-per-1k 1 --answers 0",
		  "llmcost: --answers: expected a positive integer, got \"0\"" },
		{ "query --prompt-words 1 --answer-words 1 --usd-per-1k 1 --cache-hit 2",
		  "llmcost: --cache-hit: expected a number in [0, 1], got \"2\"" },
		{ "moe --experts 4 --per-token 2.5 --batch-tokens 1",
		  "llmcost: --per-token: expected a positive integer, got \"2.5\"" },
		{ "words --words -1", "llmcost: --words: expected a number >= 0, got \"-1\"" },
		{ "words --words 1 --format xml",
		  "llmcost: --format: expected table, csv or json, got \"xml\"" },
		{ "gpu-cost --gpus 1 --days 1 --usd-per-gpu-hour 0",
		  "llmcost: --usd-per-gpu-hour: expected a positive number, got \"0\"" },
		{ "words --word 1",
		  "llmcost: unknown option \"--word\"; did you mean \"--words\"?" },
	};
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = NULL;
		int rc = run_econ(cases[i].words, &out);
		if (rc != EXIT_USAGE)
			fail_msg("econ %s: exit %d, expected %d", cases[i].words, rc, EXIT_USAGE);
		if (strcmp(first_error, cases[i].first_error))
			fail_msg("econ %s:\n  got  %s\n  want %s", cases[i].words, first_error,
				 cases[i].first_error);
		assert_int_equal(n_errors, 1);
		assert_string_equal(out, ""); /* nothing printed before the mistake was found */
		free(out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subcommands),
		cmocka_unit_test(test_leading_opts),
		cmocka_unit_test_teardown(test_chinchilla, free_records),
		cmocka_unit_test_teardown(test_query, free_records),
		cmocka_unit_test_teardown(test_revenue_bandwidth, free_records),
		cmocka_unit_test_teardown(test_moe_words_gpucost, free_records),
		cmocka_unit_test_teardown(test_formats_and_inputs_first, free_records),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_usage_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
