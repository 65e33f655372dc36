/*
 * test_template.c - the template language: blocks and filled placeholders of a template using
 * every construct (tests/data/report/tmpl/basic.tmpl), exact file:line:col messages for unknown
 * names, bad formats and refused includes (expected_errors.txt beside the templates), includes
 * through a symbolic link leading outside, too deep nesting, invalid UTF-8, and the shipped
 * templates/report.tmpl naming only things a real doc can hold.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc.h"
#include "err.h"
#include "fixtures.h"
#include "template.h"

#define TDIR "tests/data/report/tmpl"

static void make_doc(struct doc *d)
{
	static const char *const head[] = { "batch", "TTFT (s)" };
	doc_init(d);
	doc_add_value(d, "gen_cost_b32", 0.000431, "USD", "$0.00043");
	doc_add_valuef(d, "ridge", 156.4, "FLOP/byte", "%.0f FLOP/byte", 156.4);
	doc_add_value(d, "n_models", 7, "", "7");
	doc_add_value(d, "report_date", 20250101, "", "2025-01-01");
	doc_add_figure(d, "03-prefill-cost", "t", "x", "y");
	doc_add_table(d, "05-latency", "Latency", 2, head);
}

static int setup(void **state)
{
	(void)state;
	messages[0] = 0;
	err_set_sink(sink, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	err_set_sink(NULL, NULL);
	return 0;
}

static void check_block(const struct tmpl *t, size_t i, enum tblock_kind kind, const char *text)
{
	assert_true(i < t->n_blocks);
	assert_int_equal(t->blocks[i].kind, kind);
	if (text)
		assert_string_equal(kind == TB_FIGURE || kind == TB_TABLE ? t->blocks[i].id :
		                    t->blocks[i].text, text);
}

static void test_basic(void **state)
{
	struct doc d;
	struct tmpl t;
	(void)state;

	make_doc(&d);
	assert_int_equal(template_load(&t, TDIR, "basic", &d), 0);
	assert_string_equal(messages, "");
	assert_string_equal(t.title, "Cost report for 7 models");
	assert_string_equal(t.subtitle, "Reproduced with «llmcost»");
	assert_int_equal(t.n_title_lines, 1);
	assert_string_equal(t.title_lines[0], "Report date: 2025-01-01");

	check_block(&t, 0, TB_HEADING, "Summary");
	assert_int_equal(t.blocks[0].level, 1);
	check_block(&t, 1, TB_PARA, "Generation costs $0.00043 per 1K tokens at batch 32 "
	            "(4.31e-04 USD).");
	check_block(&t, 2, TB_BULLET, "ridge point 156 FLOP/byte continued 156");
	check_block(&t, 3, TB_BULLET, "second");
	check_block(&t, 4, TB_HEADING, "Serving");
	assert_int_equal(t.blocks[4].level, 2);
	check_block(&t, 5, TB_FIGURE, "03-prefill-cost");
	assert_string_equal(t.blocks[5].caption, "Caption with 156.4 and a second line.");
	check_block(&t, 6, TB_TABLE, "05-latency");
	assert_null(t.blocks[6].caption);
	check_block(&t, 7, TB_PRE, "cost = price x gpus / tokens_per_s");
	check_block(&t, 8, TB_PAGEBREAK, NULL);
	check_block(&t, 9, TB_HEADING, "Included section");
	check_block(&t, 10, TB_PARA, "Text from part, ünïcode ✓.");
	check_block(&t, 11, TB_FIGURE, "03-prefill-cost");
	assert_null(t.blocks[11].caption);
	check_block(&t, 12, TB_PARA, "Last paragraph: 156 FLOP/byte.");
	assert_int_equal(t.n_blocks, 13);
	template_release(&t);
	doc_release(&d);
}

/* Each "== NAME" block of expected_errors.txt: loading NAME gives exactly those lines. */
static void test_expected_errors(void **state)
{
	FILE *fp = fopen(TDIR "/expected_errors.txt", "r");
	char line[1024], name[1024] = "", expected[8192] = "";
	int n_cases = 0;
	struct doc d;
	(void)state;

	assert_non_null(fp);
	make_doc(&d);
	for (;;) {
		char *got = fgets(line, sizeof(line), fp);
		if (!got || strncmp(line, "== ", 3) == 0) {
			if (*name) {
				struct tmpl t;
				messages[0] = 0;
				assert_int_equal(template_load(&t, TDIR, name, &d), -1);
				if (strcmp(messages, expected) != 0)
					fail_msg("%s: got\n%sexpected\n%s", name, messages, expected);
				assert_null(t.blocks);
				n_cases++;
			}
			if (!got)
				break;
			snprintf(name, sizeof(name), "%s", line + 3);
			name[strcspn(name, "\n")] = 0;
			expected[0] = 0;
			continue;
		}
		if (line[0] == '#')
			continue;
		strncat(expected, line, sizeof(expected) - strlen(expected) - 1);
	}
	fclose(fp);
	assert_int_equal(n_cases, 4);
	doc_release(&d);
}

/* Template files made on the fly: a symbolic link out of the folder, a chain of includes
 * deeper than allowed, invalid UTF-8, a missing top template. */
static void test_generated(void **state)
{
	char dir[] = "/tmp/llmcost-test-tmpl-XXXXXX", path[512], cmd[600];
	struct doc d;
	struct tmpl t;
	FILE *fp;
	(void)state;

	assert_non_null(mkdtemp(dir));
	make_doc(&d);

	snprintf(path, sizeof(path), "%s/outside.tmpl", dir);
	fp = fopen(path, "w");
	fputs("# Outside\n", fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/t", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(cmd, sizeof(cmd), "%s/outside.tmpl", dir);
	snprintf(path, sizeof(path), "%s/t/link.tmpl", dir);
	assert_int_equal(symlink(cmd, path), 0);
	snprintf(path, sizeof(path), "%s/t/main.tmpl", dir);
	fp = fopen(path, "w");
	fputs("x\n{{include link.tmpl}}\n", fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/t", dir);
	messages[0] = 0;
	assert_int_equal(template_load(&t, path, "main", &d), -1);
	snprintf(cmd, sizeof(cmd), "%s/t/main.tmpl:2:11: include \"link.tmpl\" is outside the "
	         "templates folder\n", dir);
	assert_string_equal(messages, cmd);

	/* d0 includes d1 includes ... d9: deeper than TEMPLATE_MAX_DEPTH (8). */
	for (int i = 0; i < 10; i++) {
		snprintf(path, sizeof(path), "%s/t/d%d.tmpl", dir, i);
		fp = fopen(path, "w");
		fprintf(fp, "level %d\n{{include d%d.tmpl}}\n", i, i + 1);
		fclose(fp);
	}
	snprintf(path, sizeof(path), "%s/t", dir);
	messages[0] = 0;
	assert_int_equal(template_load(&t, path, "d0", &d), -1);
	snprintf(cmd, sizeof(cmd), "%s/t/d7.tmpl:2:11: include \"d8.tmpl\" nests deeper than 8 "
	         "files\n", dir);
	assert_string_equal(messages, cmd);

	snprintf(path, sizeof(path), "%s/t/bad.tmpl", dir);
	fp = fopen(path, "w");
	fputs("# ok\nfine é\nbad \xc3\x28 here\n", fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/t", dir);
	messages[0] = 0;
	assert_int_equal(template_load(&t, path, "bad", &d), -1);
	snprintf(cmd, sizeof(cmd), "%s/t/bad.tmpl:3:5: invalid UTF-8\n", dir);
	assert_string_equal(messages, cmd);

	messages[0] = 0;
	assert_int_equal(template_load(&t, path, "nothere", &d), -1);
	snprintf(cmd, sizeof(cmd), "llmcost: cannot read template '%s/t/nothere.tmpl': No such "
	         "file or directory\n", dir);
	assert_string_equal(messages, cmd);

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	doc_release(&d);
}

static void test_fill(void **state)
{
	struct doc d;
	char *s;
	(void)state;
	make_doc(&d);
	s = template_fill("a {{ridge:%+08.2f}} b {{ ridge }} c {{n_models:%d}}", &d, "f", 1, 1);
	assert_non_null(s);
	assert_string_equal(s, "a +0156.40 b 156 FLOP/byte c 7");
	free(s);
	s = template_fill("no placeholders {single}", &d, "f", 1, 1);
	assert_string_equal(s, "no placeholders {single}");
	free(s);
	/* a value without a number (a missing optional table): its text under any format */
	doc_add_valuef(&d, "flagship_usd", (double)NAN, "", "n/a (no training.csv)");
	s = template_fill("{{flagship_usd:%.3g}} / {{flagship_usd:%d}} / {{flagship_usd}}", &d,
	                  "f", 1, 1);
	assert_string_equal(s, "n/a (no training.csv) / n/a (no training.csv) / "
	                       "n/a (no training.csv)");
	free(s);
	messages[0] = 0;
	assert_null(template_fill("{{}}", &d, "f", 4, 10));
	assert_string_equal(messages, "f:4:12: bad placeholder \"\" (expected {{name}} or "
	                    "{{name:%.3g}})\n");
	doc_release(&d);
}

/* {{each 19-}}: one subsection per stem, its figures then its tables, in the doc's order. */
static void test_each(void **state)
{
	struct doc d;
	struct tmpl t;
	static const char *const head[] = { "a" };
	char dir[] = "/tmp/llmcost-test-each-XXXXXX", path[300], cmd[320];
	FILE *fp;
	(void)state;

	doc_init(&d);
	doc_add_figure(&d, "03-other", "Other", "x", "y");
	doc_add_figure(&d, "19-big-model-latency", "Sweep big-model: latency", "x", "y");
	doc_add_figure(&d, "19-small-cost", NULL, "x", "y");
	doc_add_figure(&d, "19-big-model-cost", "Sweep big-model: cost", "x", "y");
	doc_add_table(&d, "19-small-cheapest", "Sweep small: cheapest", 1, head);
	doc_add_table(&d, "19-big-model-cheapest", "Sweep big-model: cheapest", 1, head);
	doc_add_table(&d, "19-only-table-cheapest", "Only a table", 1, head);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/r.tmpl", dir);
	fp = fopen(path, "w");
	fputs("# Sweeps\n{{each 19-}}\n{{each 77-}}\n", fp);
	fclose(fp);
	assert_int_equal(template_load(&t, dir, "r", &d), 0);
	check_block(&t, 0, TB_HEADING, "Sweeps");
	check_block(&t, 1, TB_HEADING, "Sweep big-model");
	assert_int_equal(t.blocks[1].level, 2);
	check_block(&t, 2, TB_FIGURE, "19-big-model-latency");
	check_block(&t, 3, TB_FIGURE, "19-big-model-cost");
	check_block(&t, 4, TB_TABLE, "19-big-model-cheapest");
	check_block(&t, 5, TB_HEADING, "small"); /* no title: the stem */
	check_block(&t, 6, TB_FIGURE, "19-small-cost");
	check_block(&t, 7, TB_TABLE, "19-small-cheapest");
	check_block(&t, 8, TB_HEADING, "only-table");
	check_block(&t, 9, TB_TABLE, "19-only-table-cheapest");
	assert_int_equal(t.n_blocks, 10);
	template_release(&t);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	doc_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_basic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expected_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_generated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fill, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
