/*
 * test_sweep.c - option lists (tests/cases/cli_lists.txt: values or the exact message), the
 * product's size and order, messages for unknown names, sweep_run's rows on the fixture
 * tables of tests/data/cli, and the price in force on a date (or the warning when none is).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "err.h"
#include "sweep.h"

#define FIXTURE "tests/data/cli"

static char captured[4][512];
static int n_captured;

static void capture(const char *line, void *ctx)
{
	(void)ctx;
	if (n_captured < 4)
		snprintf(captured[n_captured], sizeof(captured[0]), "%s", line);
	n_captured++;
}

static void start_capture(void)
{
	n_captured = 0;
	captured[0][0] = '\0';
	err_set_sink(capture, NULL);
}

static char *trim(char *s)
{
	char *e;
	while (*s == ' ')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int axis_by_option(const char *name)
{
	int a;
	for (a = 0; a < AX_COUNT; a++)
		if (!strcmp(sweep_axis_option((enum sweep_axis)a), name))
			return a;
	return -1;
}

static void test_list_cases(void **state)
{
	FILE *fp = fopen("tests/cases/cli_lists.txt", "r");
	char line[512];
	int lineno = 0, n = 0;
	(void)state;

	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp)) {
		char *axname, *text, *want, what[64];
		struct sweep_plan p;
		struct where w = { NULL, 0, what };
		int a, rc;

		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		axname = trim(strtok(line, "|"));
		text = trim(strtok(NULL, "|"));
		want = trim(strtok(NULL, ""));
		a = axis_by_option(axname);
		if (a < 0)
			fail_msg("cli_lists.txt:%d: unknown axis %s", lineno, axname);
		snprintf(what, sizeof(what), "--%s", axname);
		sweep_plan_init(&p);
		start_capture();
		rc = sweep_plan_set(&p, (enum sweep_axis)a, text, &w);
		err_set_sink(NULL, NULL);
		if (want[0] == '=') {
			char *tok, *save = NULL;
			size_t i = 0;
			if (rc)
				fail_msg("cli_lists.txt:%d: %s rejected: %s", lineno, text, captured[0]);
			for (tok = strtok_r(want + 1, " ", &save); tok; tok = strtok_r(NULL, " ", &save), i++) {
				if (i >= p.ax[a].n)
					fail_msg("cli_lists.txt:%d: only %zu values", lineno, p.ax[a].n);
				if (a == AX_MODEL || a == AX_HARDWARE || a == AX_DRAFT)
					assert_string_equal(p.ax[a].names[i], tok);
				else if (a == AX_PRECISION || a == AX_KV_PRECISION)
					assert_string_equal(precision_name((enum precision)(int)p.ax[a].num[i]), tok);
				else if (p.ax[a].num[i] != strtod(tok, NULL))
					fail_msg("cli_lists.txt:%d: value %zu is %g, expected %s", lineno, i,
						 p.ax[a].num[i], tok);
			}
			assert_int_equal(i, p.ax[a].n);
		} else {
			if (rc == 0)
				fail_msg("cli_lists.txt:%d: %s accepted", lineno, text);
			assert_int_equal(n_captured, 1);
			if (strcmp(captured[0], want))
				fail_msg("cli_lists.txt:%d: message\n  got  %s\n  want %s", lineno,
					 captured[0], want);
			assert_int_equal(p.ax[a].n, 0); /* a failed set leaves the axis unset */
		}
		sweep_plan_release(&p);
		n++;
	}
	fclose(fp);
	assert_true(n >= 20);
}

/* A message from sweeps.csv names the file and line. */
static void test_list_error_in_file(void **state)
{
	struct sweep_plan p;
	struct where w = { "inputs/sweeps.csv", 7, "gpus" };
	(void)state;

	sweep_plan_init(&p);
	start_capture();
	assert_int_equal(sweep_plan_set(&p, AX_GPUS, "1,2,zero", &w), -1);
	err_set_sink(NULL, NULL);
	assert_string_equal(captured[0],
			    "inputs/sweeps.csv:7: gpus: expected a positive integer, got \"zero\"");
	sweep_plan_release(&p);
}

static int setup_inputs(void **state)
{
	struct inputs *in = calloc(1, sizeof(*in));
	if (!in || inputs_load(in, FIXTURE)) {
		free(in);
		return -1;
	}
	*state = in;
	return 0;
}

static int teardown_inputs(void **state)
{
	inputs_release(*state);
	free(*state);
	return 0;
}

static void set(struct sweep_plan *p, enum sweep_axis a, const char *text)
{
	char what[64];
	struct where w = { NULL, 0, what };
	snprintf(what, sizeof(what), "--%s", sweep_axis_option(a));
	assert_int_equal(sweep_plan_set(p, a, text, &w), 0);
}

/* The odometer visits every combination once, last axis fastest, in list order. */
static void test_product_order(void **state)
{
	struct sweep_plan p;
	struct sweep_iter it;
	size_t m, h, g, b, pr, count = 0;
	(void)state;

	sweep_plan_init(&p);
	set(&p, AX_MODEL, "LLaMA-2-7B-seed,GPT-3-seed,LLaMA-2-13B-seed");
	set(&p, AX_HARDWARE, "A100-seed,H100-seed");
	set(&p, AX_GPUS, "1,2,8");
	set(&p, AX_BATCH, "1,max");
	set(&p, AX_PRECISION, "bf16,fp8");
	assert_int_equal(sweep_plan_count(&p), 3 * 2 * 3 * 2 * 2);
	assert_int_equal(sweep_plan_resolve(&p, *state), 0);
	sweep_iter_start(&it, &p);
	for (m = 0; m < 3; m++)
		for (h = 0; h < 2; h++)
			for (g = 0; g < 3; g++)
				for (b = 0; b < 2; b++)
					for (pr = 0; pr < 2; pr++) {
						struct infer_cfg c;
						assert_false(it.done);
						sweep_iter_cfg(&p, &it, &c);
						assert_ptr_equal(c.model, p.ax[AX_MODEL].ptr[m]);
						assert_ptr_equal(c.hw, p.ax[AX_HARDWARE].ptr[h]);
						assert_int_equal(c.gpus, (int)p.ax[AX_GPUS].num[g]);
						assert_int_equal(c.batch, b == 0 ? 1 : 0);
						assert_int_equal(c.precision, pr == 0 ? PREC_BF16 : PREC_FP8);
						/* no --kv-precision: the weights' precision */
						assert_int_equal(c.kv_precision, c.precision);
						assert_int_equal(c.prompt_tokens, 512);
						assert_int_equal(c.gen_tokens, 512);
						assert_true(c.reserve_gb < 0 && c.mfu == 0 && c.mbu == 0);
						sweep_iter_next(&it);
						count++;
					}
	assert_true(it.done);
	assert_int_equal(count, 72);
	sweep_plan_release(&p);
}

/* Seeking to row i lands where i steps of the odometer land; the new axes turn after the old
 * ones and reach the configuration. */
static void test_seek_and_new_axes(void **state)
{
	struct sweep_plan p;
	struct sweep_iter it, at;
	size_t i, total;
	int a;
	(void)state;

	sweep_plan_init(&p);
	set(&p, AX_MODEL, "LLaMA-2-70B-seed,LLaMA-2-7B-seed");
	set(&p, AX_HARDWARE, "A100-seed,H100-seed");
	set(&p, AX_GPUS, "2,4,8");
	set(&p, AX_MODE, "static,chunked");
	set(&p, AX_PIPELINE, "1,2");
	set(&p, AX_DRAFT, "none,LLaMA-2-7B-seed");
	set(&p, AX_SPEC_TOKENS, "3");
	set(&p, AX_ACCEPT_RATE, "0.6");
	set(&p, AX_CHUNK, "128");
	assert_int_equal(sweep_plan_resolve(&p, *state), 0);
	total = sweep_plan_count(&p);
	assert_int_equal(total, 2 * 2 * 3 * 2 * 2 * 2);
	sweep_iter_start(&it, &p);
	for (i = 0; i < total; i++) {
		struct infer_cfg c;
		sweep_iter_start(&at, &p);
		sweep_iter_seek(&at, i);
		assert_false(at.done);
		for (a = 0; a < AX_COUNT; a++)
			assert_int_equal(at.idx[a], it.idx[a]);
		sweep_iter_cfg(&p, &it, &c);
		/* draft fastest, then pipeline, then mode */
		assert_int_equal(c.draft != NULL, (int)(i % 2));
		assert_int_equal(c.pipeline_ways, i / 2 % 2 ? 2 : 1);
		assert_int_equal(c.mode, i / 4 % 2 ? SERVE_CHUNKED : SERVE_STATIC);
		assert_int_equal(c.spec_tokens, 3);
		assert_true(c.accept_rate == 0.6);
		assert_int_equal(c.chunk_tokens, 128);
		assert_int_equal(c.prefill_gpus, 0);
		assert_int_equal(c.expert_ways, 0);
		sweep_iter_next(&it);
	}
	assert_true(it.done);
	sweep_iter_start(&at, &p);
	sweep_iter_seek(&at, total);
	assert_true(at.done);
	sweep_plan_release(&p);
}

/* Parts are contiguous, cover every row once, in order, and differ in size by at most one. */
static void test_shard_range(void **state)
{
	static const size_t totals[] = { 0, 1, 5, 7, 64, 1000003 };
	static const size_t parts[] = { 1, 2, 3, 7, 10, 64 };
	size_t t, n, k;
	(void)state;

	for (t = 0; t < sizeof(totals) / sizeof(totals[0]); t++)
		for (n = 0; n < sizeof(parts) / sizeof(parts[0]); n++) {
			size_t prev_end = 0, lo = (size_t)-1, hi = 0;
			for (k = 1; k <= parts[n]; k++) {
				size_t first, end;
				sweep_shard_range(totals[t], k, parts[n], &first, &end);
				assert_int_equal(first, prev_end);
				assert_true(end >= first);
				if (end - first < lo)
					lo = end - first;
				if (end - first > hi)
					hi = end - first;
				prev_end = end;
			}
			assert_int_equal(prev_end, totals[t]);
			assert_true(hi - lo <= 1);
		}
	/* no overflow near the top of size_t: floor(k T / n) for T = SIZE_MAX */
	{
		size_t first, end;
		sweep_shard_range((size_t)-1, 2, 2, &first, &end);
		assert_true(first == (size_t)-1 / 2);
		assert_true(end == (size_t)-1);
		sweep_shard_range((size_t)-1, 3, 4, &first, &end);
		assert_true(end == (size_t)-1 / 4 * 3 + 2); /* (4q + 3) x 3 / 4 = 3q + 2 */
	}
}

static void test_count_overflow(void **state)
{
	struct sweep_plan p;
	char big[8192];
	size_t i, len = 0;
	int a;
	(void)state;

	for (i = 0; i < 1000; i++)
		len += (size_t)snprintf(big + len, sizeof(big) - len, i ? ",%zu" : "%zu", i + 1);
	sweep_plan_init(&p);
	for (a = AX_GPUS; a <= AX_GEN; a++)
		set(&p, (enum sweep_axis)a, big);
	set(&p, AX_MODEL, "a");
	set(&p, AX_HARDWARE, "b");
	assert_int_equal(sweep_plan_count(&p), (size_t)1000 * 1000 * 1000 * 1000);
	set(&p, AX_RESERVE, big);
	set(&p, AX_PRICE, big);
	set(&p, AX_MFU, "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1");
	set(&p, AX_MBU, "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1");
	/* 1000^6 x 100 > 2^64 */
	assert_true(sweep_plan_count(&p) == (size_t)-1);
	sweep_plan_release(&p);
}

static void test_unknown_names(void **state)
{
	struct sweep_plan p;
	(void)state;

	sweep_plan_init(&p);
	set(&p, AX_MODEL, "LLaMA-2-7B-seed,LLaMA-2-71B-seed");
	set(&p, AX_HARDWARE, "A100-seed,Z99");
	start_capture();
	assert_int_equal(sweep_plan_resolve(&p, *state), -1);
	err_set_sink(NULL, NULL);
	assert_int_equal(n_captured, 2);
	assert_string_equal(captured[0], "llmcost: --model: unknown model \"LLaMA-2-71B-seed\"; "
					 "did you mean \"LLaMA-2-70B-seed\"?");
	assert_string_equal(captured[1], "llmcost: --hardware: unknown hardware \"Z99\" "
					 "(not in " FIXTURE "/hardware.csv)");
	sweep_plan_release(&p);
}

static char *run_to_text(const struct sweep_plan *p, const struct inputs *in, enum out_format f,
			 int many)
{
	char *text = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&text, &size);
	assert_non_null(fp);
	assert_int_equal(sweep_run(p, in, fp, f, many), 0);
	fclose(fp);
	return text;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* One CSV line per configuration after the header, the same text on a second run, and the
 * price axis put in the usd column. */
static void test_run_rows(void **state)
{
	struct sweep_plan p;
	char *a, *b, *row;
	(void)state;

	sweep_plan_init(&p);
	set(&p, AX_MODEL, "LLaMA-2-7B-seed,LLaMA-2-13B-seed");
	set(&p, AX_HARDWARE, "A100-seed");
	set(&p, AX_GPUS, "1,2");
	set(&p, AX_GEN, "16,128,512");
	set(&p, AX_PRICE, "3.5");
	assert_int_equal(sweep_plan_resolve(&p, *state), 0);
	a = run_to_text(&p, *state, OUT_CSV, 1);
	b = run_to_text(&p, *state, OUT_CSV, 1);
	assert_int_equal(count_lines(a), 1 + 2 * 2 * 3);
	assert_string_equal(a, b);
	row = strchr(a, '\n') + 1;
	assert_memory_equal(row, "LLaMA-2-7B-seed,A100-seed,1,1,512,16,bf16,", 42);
	assert_non_null(strstr(row, ",memory,3.5,"));
	free(a);
	free(b);
	/* JSON: an array with one object per configuration */
	a = run_to_text(&p, *state, OUT_JSON, 1);
	assert_memory_equal(a, "[\n{", 3);
	assert_string_equal(a + strlen(a) - 3, "\n]\n");
	assert_int_equal(count_lines(a), 2 + 12);
	free(a);
	sweep_plan_release(&p);
}

/* Hardware with no price in force: one warning, and the cost cells empty. */
static void test_run_no_price(void **state)
{
	struct sweep_plan p;
	char *t, *row;
	(void)state;

	sweep_plan_init(&p);
	set(&p, AX_MODEL, "LLaMA-2-7B-seed");
	set(&p, AX_HARDWARE, "NoPrice-chip,NoPrice-chip");
	p.as_of = 20250101;
	assert_int_equal(sweep_plan_resolve(&p, *state), 0);
	start_capture();
	t = run_to_text(&p, *state, OUT_CSV, 1);
	err_set_sink(NULL, NULL);
	assert_int_equal(n_captured, 1);
	assert_string_equal(captured[0], "llmcost: warning: no price for NoPrice-chip on or before "
					 "2025-01-01 in prices.csv: costs are left empty (give "
					 "--usd-per-gpu-hour)");
	row = strchr(t, '\n') + 1;
	assert_non_null(strstr(row, ",memory,,,,bf16,"));
	free(t);
	sweep_plan_release(&p);
}

/* The newest price not after the date; before the first, 0 and a warning only when asked. */
static void test_price_at(void **state)
{
	const struct hardware *a100 = inputs_find_hardware(*state, "A100-seed");

	assert_non_null(a100);
	start_capture();
	assert_true(sweep_price_at(*state, a100, 20240101, "then") == 2.21);
	assert_true(sweep_price_at(*state, a100, 20240601, "then") == 1.00);
	assert_true(sweep_price_at(*state, a100, 20230101, NULL) == 0);
	assert_int_equal(n_captured, 0);
	assert_true(sweep_price_at(*state, a100, 20230101, "it is skipped") == 0);
	err_set_sink(NULL, NULL);
	assert_int_equal(n_captured, 1);
	assert_string_equal(captured[0], "llmcost: warning: no price for A100-seed on or before "
					 "2023-01-01 in prices.csv: it is skipped (give "
					 "--usd-per-gpu-hour)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_cases),
		cmocka_unit_test(test_list_error_in_file),
		cmocka_unit_test(test_count_overflow),
		cmocka_unit_test(test_shard_range),
		cmocka_unit_test_setup_teardown(test_seek_and_new_axes, setup_inputs, teardown_inputs),
		cmocka_unit_test_setup_teardown(test_product_order, setup_inputs, teardown_inputs),
		cmocka_unit_test_setup_teardown(test_unknown_names, setup_inputs, teardown_inputs),
		cmocka_unit_test_setup_teardown(test_run_rows, setup_inputs, teardown_inputs),
		cmocka_unit_test_setup_teardown(test_run_no_price, setup_inputs, teardown_inputs),
		cmocka_unit_test_setup_teardown(test_price_at, setup_inputs, teardown_inputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
