/*
 * test_cli.c - the option parser (tests/cases/cli_parse.txt), the value parsers
 * (tests/cases/cli_values.txt), suggestions, reading an option's value (--name in messages,
 * absent left untouched), the default format off a terminal, and the help texts: every option
 * of every command and econ subcommand is listed, and every option taking a value states its
 * default or that it is required.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "cmd_econ.h"
#include "err.h"

static char captured[512];
static int n_captured;

static void capture(const char *line, void *ctx)
{
	(void)ctx;
	if (n_captured++ == 0)
		snprintf(captured, sizeof(captured), "%s", line);
}

static void start_capture(void)
{
	n_captured = 0;
	captured[0] = '\0';
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

/* Splits "a|b|c" into three trimmed fields; returns 0 or -1 on a comment or blank line. */
static int split3(char *line, char **a, char **b, char **c)
{
	char *p1, *p2;
	if (line[0] == '#' || line[0] == '\n')
		return -1;
	p1 = strchr(line, '|');
	p2 = p1 ? strchr(p1 + 1, '|') : NULL;
	if (!p2)
		return -1;
	*p1 = *p2 = '\0';
	*a = trim(line);
	*b = trim(p1 + 1);
	*c = trim(p2 + 1);
	return 0;
}

static void test_parse_cases(void **state)
{
	FILE *fp = fopen("tests/cases/cli_parse.txt", "r");
	char line[512];
	int lineno = 0, n = 0;
	(void)state;

	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp)) {
		char *cmdname, *words, *want, *argv[32], *save = NULL, *tok;
		const struct command *cmd;
		struct cli c;
		int argc = 0, rc;

		lineno++;
		if (split3(line, &cmdname, &words, &want))
			continue;
		cmd = cli_find_command(cmdname);
		assert_non_null(cmd);
		for (tok = strtok_r(words, " ", &save); tok && argc < 32; tok = strtok_r(NULL, " ", &save))
			argv[argc++] = tok;
		start_capture();
		rc = cli_parse(&c, cmd, argc, argv);
		err_set_sink(NULL, NULL);
		if (!strcmp(want, "help")) {
			assert_int_equal(rc, 0);
			assert_true(c.help);
		} else if (!strncmp(want, "ok", 2)) {
			size_t i, n_given = 0, n_want = 0;
			if (rc)
				fail_msg("cli_parse.txt:%d: rejected: %s", lineno, captured);
			for (tok = strtok_r(want + 2, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
				char *eq = strchr(tok, '=');
				const char *v;
				assert_non_null(eq);
				*eq = '\0';
				v = cli_get(&c, tok);
				if (!v || strcmp(v, eq + 1))
					fail_msg("cli_parse.txt:%d: --%s is \"%s\", expected \"%s\"", lineno,
						 tok, v ? v : "(absent)", eq + 1);
				n_want++;
			}
			for (i = 0; i < cmd->n_opts; i++)
				n_given += c.val[i] != NULL;
			assert_int_equal(n_given, n_want);
			assert_false(c.help);
		} else {
			if (rc == 0)
				fail_msg("cli_parse.txt:%d: accepted", lineno);
			assert_int_equal(n_captured, 1);
			if (strcmp(captured, want))
				fail_msg("cli_parse.txt:%d:\n  got  %s\n  want %s", lineno, captured, want);
		}
		n++;
	}
	fclose(fp);
	assert_true(n >= 20);
}

static void test_value_cases(void **state)
{
	FILE *fp = fopen("tests/cases/cli_values.txt", "r");
	char line[512];
	int lineno = 0, n = 0;
	struct where w = { NULL, 0, "--opt" };
	(void)state;

	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp)) {
		char *kind, *text, *want;
		double got = NAN;
		long l = 0;
		enum out_format f = OUT_CSV;
		int rc;

		lineno++;
		if (split3(line, &kind, &text, &want))
			continue;
		start_capture();
		if (!strcmp(kind, "date")) {
			rc = parse_date(&w, text, &l);
			got = (double)l;
		} else if (!strcmp(kind, "format")) {
			rc = parse_format(&w, text, &f);
			got = (double)f;
		} else if (!strcmp(kind, "posint")) {
			rc = parse_posint(&w, text, &l);
			got = (double)l;
		} else if (!strcmp(kind, "posnum")) {
			rc = parse_posnum(&w, text, &got);
		} else if (!strcmp(kind, "fraction")) {
			rc = parse_fraction(&w, text, &got);
		} else if (!strcmp(kind, "nonneg")) {
			rc = parse_nonneg(&w, text, &got);
		} else {
			fail_msg("cli_values.txt:%d: unknown parser %s", lineno, kind);
			return;
		}
		err_set_sink(NULL, NULL);
		if (want[0] == '=') {
			if (rc)
				fail_msg("cli_values.txt:%d: rejected: %s", lineno, captured);
			if (got != strtod(want + 1, NULL))
				fail_msg("cli_values.txt:%d: got %.17g", lineno, got);
		} else {
			if (rc == 0)
				fail_msg("cli_values.txt:%d: accepted", lineno);
			if (strcmp(captured, want))
				fail_msg("cli_values.txt:%d:\n  got  %s\n  want %s", lineno, captured, want);
		}
		n++;
	}
	fclose(fp);
	assert_true(n >= 20);
}

static void test_where_file(void **state)
{
	struct where w = { "inputs/sweeps.csv", 4, "precision" };
	enum precision p;
	(void)state;
	start_capture();
	assert_int_equal(parse_prec(&w, "fp32", &p), -1);
	err_set_sink(NULL, NULL);
	assert_string_equal(captured, "inputs/sweeps.csv:4: precision: expected fp16, bf16, fp8, "
				      "int8 or int4, got \"fp32\"");
}

static void test_suggestions(void **state)
{
	(void)state;
	assert_int_equal(edit_distance("gpus", "gpus"), 0);
	assert_int_equal(edit_distance("gpu", "gpus"), 1);
	assert_int_equal(edit_distance("GPUS", "gpus"), 0);
	assert_int_equal(edit_distance("kitten", "sitting"), 3);
	assert_int_equal(edit_distance("", "abc"), 3);
	assert_string_equal(cli_suggest_command("estimat"), "estimate");
	assert_string_equal(cli_suggest_command("swep"), "sweep");
	assert_string_equal(cli_suggest_command("trian"), "train");
	assert_null(cli_suggest_command("frobnicate"));
	assert_null(cli_find_command("estimat"));
}

/* cli_get_num and cli_get_long: 1 and the value, 0 and *out untouched, or -1 and one message
 * naming the option. */
static void test_get_values(void **state)
{
	char w0[] = "--gpus", w1[] = "8", w2[] = "--mfu=0.5", w3[] = "--mbu", w4[] = "2";
	char *argv[] = { w0, w1, w2, w3, w4 };
	const struct command *cmd = cli_find_command("estimate");
	struct cli c;
	double x = -7;
	long l = -7;
	(void)state;

	assert_int_equal(cli_parse(&c, cmd, 5, argv), 0);
	assert_int_equal(cli_get_long(&c, "gpus", parse_posint, &l), 1);
	assert_int_equal(l, 8);
	assert_int_equal(cli_get_num(&c, "mfu", parse_fraction, &x), 1);
	assert_true(x == 0.5);
	assert_int_equal(cli_get_long(&c, "batch", parse_batch, &l), 0);
	assert_int_equal(l, 8);
	assert_int_equal(cli_get_num(&c, "reserve-gb", parse_nonneg, &x), 0);
	assert_true(x == 0.5);
	start_capture();
	assert_int_equal(cli_get_num(&c, "mbu", parse_fraction, &x), -1);
	err_set_sink(NULL, NULL);
	assert_int_equal(n_captured, 1);
	assert_string_equal(captured, "llmcost: --mbu: expected a number from 0.001 (0.1% of peak) "
				      "to 1, got \"2\"");
	assert_true(x == 0.5);
}

/* --format: CSV by default off a terminal (a memory stream), the value given otherwise. */
static void test_get_format(void **state)
{
	char w0[] = "--format", w1[] = "json", w2[] = "--format=xml";
	char *given[] = { w0, w1 }, *bad_fmt[] = { w2 };
	const struct command *cmd = cli_find_command("train");
	char *text = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&text, &size);
	enum out_format f = OUT_TABLE;
	struct cli c;
	(void)state;

	assert_non_null(fp);
	assert_int_equal(cli_parse(&c, cmd, 0, NULL), 0);
	assert_int_equal(cli_get_format(&c, fp, &f), 0);
	assert_int_equal(f, OUT_CSV);
	assert_int_equal(cli_parse(&c, cmd, 2, given), 0);
	assert_int_equal(cli_get_format(&c, fp, &f), 0);
	assert_int_equal(f, OUT_JSON);
	assert_int_equal(cli_parse(&c, cmd, 1, bad_fmt), 0);
	start_capture();
	assert_int_equal(cli_get_format(&c, fp, &f), -1);
	err_set_sink(NULL, NULL);
	assert_string_equal(captured,
			    "llmcost: --format: expected table, csv or json, got \"xml\"");
	fclose(fp);
	free(text);
}

/* Every command's help lists each option; each option with a value says its default or that
 * it is required. The same for each subcommand of econ. */
static void test_help_texts(void **state)
{
	static const char *const names[] = { "estimate", "train", "sweep", "report", "plan", "diff",
					     "econ", "help" };
	const size_t n_names = sizeof(names) / sizeof(names[0]);
	size_t i, k;
	(void)state;

	for (i = 0; i < n_names || econ_sub(i - n_names); i++) {
		const struct command *cmd = i < n_names ? cli_find_command(names[i])
							: econ_sub(i - n_names);
		char *text = NULL;
		size_t size = 0;
		FILE *fp = open_memstream(&text, &size);

		assert_non_null(cmd);
		assert_non_null(fp);
		assert_true(cmd->n_opts <= CLI_MAX_OPTS); /* struct cli holds them all */
		cli_print_help(fp, cmd);
		fclose(fp);
		assert_memory_equal(text, "usage: llmcost ", 15);
		for (k = 0; k < cmd->n_opts; k++) {
			const struct opt_spec *o = &cmd->opts[k];
			char head[96];
			snprintf(head, sizeof(head), "  --%s%s%s", o->name, o->arg ? " " : "",
				 o->arg ? o->arg : "");
			if (!strstr(text, head))
				fail_msg("%s --help lacks \"%s\"", cmd->name, head);
			if (o->arg && !strstr(o->help, "default") && !strstr(o->help, "required") &&
			    strcmp(o->name, "sweep") && strcmp(o->name, "template"))
				fail_msg("%s --%s: help states no default: %s", cmd->name, o->name,
					 o->help);
		}
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_cases),
		cmocka_unit_test(test_value_cases),
		cmocka_unit_test(test_where_file),
		cmocka_unit_test(test_suggestions),
		cmocka_unit_test(test_get_values),
		cmocka_unit_test(test_get_format),
		cmocka_unit_test(test_help_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
