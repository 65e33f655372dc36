/*
 * test_report.c - the PDF from a hand-made doc (two figures drawn by gnuplot, a 70-row table
 * that spans pages, a wide table, a small one) and tests/data/report/doc_tmpl/report.tmpl:
 * qpdf --check passes, pdftotext finds every section title and the repeated table header,
 * two runs give byte-identical files, a table's last rows and caption never go alone onto a
 * page, and a missing font, a missing or corrupt image and an unwritable path give their exit
 * codes. Set LLMCOST_KEEP_PDF=path to keep a copy to look at.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc.h"
#include "err.h"
#include "fixtures.h"
#include "plot.h"
#include "report.h"
#include "template.h"

#define TDIR "tests/data/report/doc_tmpl"
#define EVIL "x\"; system(\"touch pwned\"); \" (é)"

static char dir[64];

static void make_doc(struct doc *d)
{
	static const char *const lat_head[] = { "model", "batch", "prompt (tokens)", "TTFT (s)",
	                                        "time per output token (ms)", "$/1K prompt" };
	static const char *const wide_head[] = { "model", "params", "tokens", "FLOPs", "GPUs",
	                                         "days", "MFU", "cost on A100 (USD)",
	                                         "cost on H100 (USD)", "seed value", "difference",
	                                         "source" };
	static const char *const small_head[] = { "quantity", "value" };
	struct figure *f;
	struct series *s;
	struct table *t;

	doc_init(d);
	doc_add_value(d, "report_date", 20250101, "", "2025-01-01");
	doc_add_value(d, "inputs_fingerprint", 0, "", "fnv1a64:0123456789abcdef");
	doc_add_value(d, "cheapest", 0.000431, "USD", "$0.00043");
	doc_add_value(d, "ridge", 156.25, "FLOP/byte", "156 FLOP/byte");

	f = doc_add_figure(d, "03-prefill-cost", "Prompt cost vs time to first token",
	                   "time to first token (s)", "USD per 1K prompt tokens");
	f->logx = f->logy = 1;
	for (int k = 0; k < 4; k++) {
		char title[64];
		snprintf(title, sizeof(title), "prompt %d tokens", 256 << k);
		s = figure_add_series(f, k == 3 ? EVIL : title, STYLE_LINESPOINTS, NULL, NULL, 0);
		for (int b = 1; b <= 64; b *= 2)
			series_add_point(s, 0.02 * (1 << k) * b, 0.004 / b * (1 + 0.2 * k));
	}
	figure_add_mark(f, MARK_HLINE, 0, 0.0015, "API prompt price");
	figure_set_caption(f, "Cost of 1K prompt tokens against the time to first token.");

	f = doc_add_figure(d, "14-loss", "Chinchilla loss", "parameters", "loss");
	f->logx = 1;
	s = figure_add_series(f, "1e21 FLOP", STYLE_LINES, NULL, NULL, 0);
	for (int i = 0; i < 50; i++)
		series_add_point(s, 1e8 * pow(1.2, i), 1.7 + 400 / pow(1e8 * pow(1.2, i), 0.34) +
		                 410 / pow(1e21 / 6 / (1e8 * pow(1.2, i)), 0.28));
	figure_add_mark(f, MARK_POINT, 1e12, 2.5, "1T params, 300B tokens");

	t = doc_add_table(d, "05-latency", "Latency and cost by batch and prompt length", 6,
	                  lat_head);
	for (int r = 0; r < 70; r++) {
		size_t row = table_add_row(t);
		table_set_text(t, row, 0, r == 5 ? EVIL : r == 6 ? "bad\xff byte\nand\ttab" :
		               "llama-2-70b");
		table_set_cellf(t, row, 1, 1 << (r % 7), "%d", 1 << (r % 7));
		table_set_cellf(t, row, 2, 128 << (r / 7 % 5), "%d", 128 << (r / 7 % 5));
		table_set_cellf(t, row, 3, 0.01 * (r + 1), "%.3f", 0.01 * (r + 1));
		table_set_cellf(t, row, 4, 20 + r, "%.1f", 20.0 + r);
		table_set_cellf(t, row, 5, 0.0004 * (r + 1), "$%.5f", 0.0004 * (r + 1));
	}
	table_set_caption(t, "Seventy rows: the header repeats on the next page.");

	t = doc_add_table(d, "13-wide", "Training cost as described", 12, wide_head);
	for (int r = 0; r < 4; r++) {
		size_t row = table_add_row(t);
		table_set_text(t, row, 0, r == 0 ? "GPT-4 (MoE 16×111B)" : "palm-540b");
		table_set_text(t, row, 1, "1.80 T");
		table_set_text(t, row, 2, "13.0 T");
		table_set_text(t, row, 3, "2.15e25");
		table_set_text(t, row, 4, "25,000");
		table_set_text(t, row, 5, "95");
		table_set_text(t, row, 6, "34%");
		table_set_text(t, row, 7, "$63.2 M");
		table_set_text(t, row, 8, "$21.8 M");
		table_set_text(t, row, 9, "$63 M");
		table_set_text(t, row, 10, "+0.3%");
		table_set_text(t, row, 11, "SemiAnalysis, July 2023");
	}
	table_set_align(t, 11, ALIGN_LEFT);
	t = doc_add_table(d, "09-small", "Two numbers", 2, small_head);
	table_set_text(t, table_add_row(t), 0, "ridge point");
	table_set_text(t, 0, 1, "156 FLOP/byte");
	table_set_text(t, table_add_row(t), 0, "bytes per parameter (training)");
	table_set_text(t, 1, 1, "20");
}

static int setup_group(void **state)
{
	struct doc *d = malloc(sizeof(*d));
	const char *ids[] = { "03-prefill-cost", "14-loss" };
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/llmcost-test-report-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	make_doc(d);
	if (plot_write_figure(&d->figures[0], dir, NULL) || plot_write_figure(&d->figures[1], dir,
	                                                                        NULL))
		return -1;
	if (plot_render(dir, ids, 2))
		return -1;
	*state = d;
	return 0;
}

static int teardown_group(void **state)
{
	char cmd[128];
	doc_release(*state);
	free(*state);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int setup(void **state)
{
	(void)state;
	messages[0] = 0;
	err_set_sink(sink_all, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	err_set_sink(NULL, NULL);
	unsetenv("LLMCOST_FONT_DIR");
	return 0;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_pdf(void **state)
{
	const struct doc *d = *state;
	struct tmpl t;
	char pdf1[128], pdf2[128], cmd[512], *a, *b, *text;
	size_t na, nb, nt;
	const char *keep = getenv("LLMCOST_KEEP_PDF");

	assert_int_equal(template_load(&t, TDIR, "report", d), 0);
	snprintf(pdf1, sizeof(pdf1), "%s/one.pdf", dir);
	snprintf(pdf2, sizeof(pdf2), "%s/two.pdf", dir);
	assert_int_equal(report_write_pdf(&t, d, dir, pdf1), 0);
	assert_int_equal(report_write_pdf(&t, d, dir, pdf2), 0);

	a = slurp(pdf1, &na);
	b = slurp(pdf2, &nb);
	assert_non_null(a);
	assert_non_null(b);
	assert_true(na > 1000);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, na);
	free(a);
	free(b);

	snprintf(cmd, sizeof(cmd), "qpdf --check '%s' >/dev/null 2>&1", pdf1);
	assert_int_equal(system(cmd), 0);

	snprintf(cmd, sizeof(cmd), "pdftotext -q '%s' '%s/one.txt'", pdf1, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/one.txt", dir);
	text = slurp(cmd, &nt);
	assert_non_null(text);
	for (size_t i = 0; i < t.n_blocks; i++)
		if (t.blocks[i].kind == TB_HEADING) {
			/* in the table of contents and as the heading */
			if (count(text, t.blocks[i].text) < 2)
				fail_msg("section \"%s\" not found twice in the text", t.blocks[i].text);
		}
	assert_non_null(strstr(text, "Test report: «serving» costs ✓"));
	assert_non_null(strstr(text, "Report date: 2025-01-01"));
	assert_non_null(strstr(text, "fnv1a64:0123456789abcdef"));
	assert_non_null(strstr(text, "Contents"));
	/* The 70-row table spans pages: its header and "(continued)" appear again. */
	assert_true(count(text, "Table 1. (continued)") >= 1);
	assert_true(count(text, "$0.02800") == 1);
	assert_non_null(strstr(text, "x\"; system(\"touch pwned\"); \" (é)"));
	/* A control character drawn as a space, a byte that is not UTF-8 as U+FFFD. */
	assert_non_null(strstr(text, "bad\xef\xbf\xbd byte and tab"));
	assert_non_null(strstr(text, "Figure 2. Loss against parameters (replaced caption)."));
	assert_non_null(strstr(text, "page 2 of"));
	assert_non_null(strstr(text, "flops_per_token = 2 × active_params"));
	free(text);

	/* One bookmark per heading, plus the table of contents. */
	snprintf(cmd, sizeof(cmd), "qpdf --json --json-key=outlines '%s' > '%s/outlines.json'", pdf1,
	         dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/outlines.json", dir);
	text = slurp(cmd, &nt);
	assert_non_null(text);
	{
		size_t n_headings = 0;
		for (size_t i = 0; i < t.n_blocks; i++)
			if (t.blocks[i].kind == TB_HEADING) {
				char want[256];
				snprintf(want, sizeof(want), "\"title\": \"%s\"", t.blocks[i].text);
				if (!strstr(text, want))
					fail_msg("no bookmark %s", want);
				n_headings++;
			}
		assert_int_equal(count(text, "\"title\": "), n_headings + 1);
		assert_non_null(strstr(text, "\"title\": \"Contents\""));
	}
	free(text);

	snprintf(cmd, sizeof(cmd), "pdfinfo '%s' | grep -E -q '^Pages: +([6-9]|1[0-9])$'", pdf1);
	assert_int_equal(system(cmd), 0);
	if (keep && *keep) {
		snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", pdf1, keep);
		assert_int_equal(system(cmd), 0);
	}
	template_release(&t);
}

/*
 * A table wider than the page at its natural widths, with short numbers under one-word
 * headers: each header word stays whole ("chips", not "chip" over "s"), and an identifier
 * longer than a cell breaks after an underscore, not inside a word.
 */
static void test_narrow_headers(void **state)
{
	static const char *const head[] = { "model", "hardware", "chips", "layout", "precision",
					    "mode", "batch", "TTFT", "TPOT", "$/1M gen",
					    "$/1M prompt" };
	struct doc d;
	struct tmpl t;
	char path[160], cmd[512], *text;
	size_t nt;
	FILE *fp;
	(void)state;

	doc_init(&d);
	/* the shape of the planner's table, where "chip s" and "batc h" were seen */
	struct table *tb = doc_add_table(&d, "40-narrow", "Narrow", 11, head);
	for (int r = 0; r < 3; r++) {
		size_t row = table_add_row(tb);
		table_set_text(tb, row, 0, r ? "Llama-3.1-405B" :
					       "CALIB_PP_MICROBATCHES_PER_STAGE_AND_MORE");
		table_set_text(tb, row, 1, "MI300X");
		table_set_cellf(tb, row, 2, 1, "%d", 1);
		table_set_text(tb, row, 3, "2 pools of TP2");
		table_set_text(tb, row, 4, "fp8");
		table_set_text(tb, row, 5, "chunked");
		table_set_cellf(tb, row, 6, 393, "%d", 393);
		table_set_cellf(tb, row, 7, 0.1, "%s", "100 ms");
		table_set_cellf(tb, row, 8, 0.05, "%s", "50.0 ms");
		table_set_cellf(tb, row, 9, 0.07, "%s", "$0.070");
		table_set_cellf(tb, row, 10, 0.018, "%s", "$0.018");
	}
	snprintf(path, sizeof(path), "%s/narrow.tmpl", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("{{title Narrow}}\n# Narrow\n{{table 40-narrow}}\n", fp);
	fclose(fp);
	assert_int_equal(template_load(&t, dir, "narrow", &d), 0);
	snprintf(path, sizeof(path), "%s/narrow.pdf", dir);
	assert_int_equal(report_write_pdf(&t, &d, dir, path), 0);
	snprintf(cmd, sizeof(cmd), "pdftotext -q -layout '%s' '%s/narrow.txt'", path, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/narrow.txt", dir);
	text = slurp(path, &nt);
	assert_non_null(text);
	assert_true(count(text, "chips") >= 1);
	assert_true(count(text, "batch") >= 1);
	assert_true(count(text, "precision") >= 1);
	assert_true(count(text, "50.0 ms") == 3);
	/* the 40-character identifier is wrapped after underscores: no fragment of it starts or
	 * ends inside one of its words */
	assert_int_equal(count(text, "CALIB_PP_MICROBATCHES_PER_STAGE_AND_MORE"), 0);
	assert_true(count(text, "CALIB_") == 1);
	assert_true(count(text, "MORE") == 1);
	{
		static const char *const words[] = { "CALIB_", "PP_", "MICROBATCHES_", "PER_",
						     "STAGE_", "AND_", "MORE" };
		for (size_t i = 0; i < sizeof words / sizeof *words; i++)
			if (!strstr(text, words[i]))
				fail_msg("fragment %s cut inside a word", words[i]);
	}
	free(text);
	template_release(&t);
	doc_release(&d);
}

/*
 * The what-changed shape: long labels beside short cells and a cause of a few words. The
 * room left once every column has its minimum goes first to the columns that need little to
 * stay on one line, so the cause is never split ("prices.csv MI300X" over "(prices.csv:26)")
 * while only the long labels wrap.
 */
static void test_short_columns_whole(void **state)
{
	static const char *const head[] = { "number", "old", "new", "change", "cause (input row)" };
	struct doc d;
	struct tmpl t;
	char path[160], cmd[512], *text;
	size_t nt;
	FILE *fp;
	(void)state;

	doc_init(&d);
	struct table *tb = doc_add_table(&d, "90-moves", "Moves", 5, head);
	for (int r = 0; r < 30; r++) {
		char label[160];
		size_t row = table_add_row(tb);
		snprintf(label, sizeof(label), "12-inference-175b: estimator, generation: 8 x "
		         "A100-80GB, batch %d, gross margin", r);
		table_set_text(tb, row, 0, label);
		table_set_text(tb, row, 1, "185 ms");
		table_set_text(tb, row, 2, "383 ms");
		table_set_cellf(tb, row, 3, 108, "%s", "+108%");
		table_set_text(tb, row, 4, "prices.csv MI300X (prices.csv:26)");
	}
	snprintf(path, sizeof(path), "%s/moves.tmpl", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("{{title Moves}}\n# Moves\n{{table 90-moves}}\n", fp);
	fclose(fp);
	assert_int_equal(template_load(&t, dir, "moves", &d), 0);
	snprintf(path, sizeof(path), "%s/moves.pdf", dir);
	assert_int_equal(report_write_pdf(&t, &d, dir, path), 0);
	snprintf(cmd, sizeof(cmd), "pdftotext -q -layout '%s' '%s/moves.txt'", path, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/moves.txt", dir);
	text = slurp(path, &nt);
	assert_non_null(text);
	assert_int_equal(count(text, "prices.csv MI300X (prices.csv:26)"), 30);
	assert_int_equal(count(text, "185 ms"), 30);
	free(text);
	template_release(&t);
	doc_release(&d);
}

/*
 * A table's last rows never go alone onto a page: for every place the table can start on a
 * page (filler paragraphs before it), the page with its last row holds at least three of its
 * rows, or the whole table, and the caption, which is short, is on that page too.
 */
static void test_table_tail_kept(void **state)
{
	static const char *const head[] = { "row", "value" };
	struct doc d;
	struct tmpl t;
	char path[160], cmd[512], *text;
	size_t nt, splits = 0;
	(void)state;

	doc_init(&d);
	struct table *tb = doc_add_table(&d, "50-tail", "Tail", 2, head);
	for (int r = 1; r <= 12; r++) {
		size_t row = table_add_row(tb);
		table_set_cellf(tb, row, 0, NAN, "row-%02d", r);
		table_set_cellf(tb, row, 1, r, "%d", r);
	}
	table_set_caption(tb, "A short caption that ends with the marker CAPTION-END.");
	for (int filler = 0; filler <= 60; filler++) {
		FILE *fp;
		const char *last, *page, *end;
		size_t rows = 0;
		snprintf(path, sizeof(path), "%s/tail.tmpl", dir);
		fp = fopen(path, "w");
		assert_non_null(fp);
		fputs("{{title Tail}}\n# Tail\n", fp);
		for (int k = 0; k < filler; k++)
			fputs("A filler line.\n\n", fp);
		fputs("{{table 50-tail}}\n", fp);
		fclose(fp);
		assert_int_equal(template_load(&t, dir, "tail", &d), 0);
		snprintf(path, sizeof(path), "%s/tail.pdf", dir);
		assert_int_equal(report_write_pdf(&t, &d, dir, path), 0);
		template_release(&t);
		snprintf(cmd, sizeof(cmd), "pdftotext -q -layout '%s' '%s/tail.txt'", path, dir);
		assert_int_equal(system(cmd), 0);
		snprintf(path, sizeof(path), "%s/tail.txt", dir);
		text = slurp(path, &nt);
		assert_non_null(text);
		/* the page (between form feeds) that holds row-12 */
		last = strstr(text, "row-12");
		assert_non_null(last);
		for (page = last; page > text && page[-1] != '\f'; page--)
			;
		end = strchr(last, '\f');
		if (!end)
			end = text + nt;
		for (const char *p = strstr(page, "row-"); p && p < end; p = strstr(p + 1, "row-"))
			rows++;
		if (rows < 12)
			splits++;
		if (rows < 3)
			fail_msg("filler %d: %zu row(s) alone on the table's last page", filler, rows);
		{
			const char *cap = strstr(last, "CAPTION-END");
			if (!cap || cap > end)
				fail_msg("filler %d: the caption is not on the page of the last row", filler);
		}
		free(text);
	}
	assert_true(splits > 0); /* some placement did split the table */
	doc_release(&d);
}

static const unsigned char corrupt_png[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',             /* signature */
	0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 16, 0, 0, 0, 16, /* IHDR 16 x 16 */
	8, 2, 0, 0, 0, 0x12, 0x34, 0x56, 0x78,                    /* RGB, wrong CRC */
	0, 0, 0, 8, 'I', 'D', 'A', 'T', 'g', 'a', 'r', 'b', 'a', 'g', 'e', '!', 0, 0, 0, 0,
	0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82    /* IEND */
};

static void test_failures(void **state)
{
	const struct doc *d = *state;
	struct tmpl t;
	char pdf[128], bad_dir[128], expected[512], png[160];
	FILE *fp;

	assert_int_equal(template_load(&t, TDIR, "report", d), 0);
	snprintf(pdf, sizeof(pdf), "%s/fail.pdf", dir);

	setenv("LLMCOST_FONT_DIR", "/nonexistent-fonts", 1);
	assert_int_equal(report_write_pdf(&t, d, dir, pdf), EXIT_TOOL);
	assert_string_equal(messages, "llmcost: font '/nonexistent-fonts/DejaVuSans.ttf' not found: "
	                    "install the Debian package fonts-dejavu-core\n");
	unsetenv("LLMCOST_FONT_DIR");
	assert_int_equal(access(pdf, F_OK), -1);

	/* Images missing: the figure folder is empty. */
	snprintf(bad_dir, sizeof(bad_dir), "%s/empty", dir);
	{
		char cmd[200];
		snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", bad_dir);
		assert_int_equal(system(cmd), 0);
	}
	messages[0] = 0;
	assert_int_equal(report_write_pdf(&t, d, bad_dir, pdf), EXIT_TOOL);
	snprintf(expected, sizeof(expected), "llmcost: figure '03-prefill-cost': image "
	         "'%s/03-prefill-cost.png' is missing or not a complete PNG\n", bad_dir);
	assert_string_equal(messages, expected);

	/* A corrupt PNG: right signature and header, garbage after. */
	snprintf(png, sizeof(png), "%s/03-prefill-cost.png", bad_dir);
	fp = fopen(png, "wb");
	assert_non_null(fp);
	fwrite(corrupt_png, 1, sizeof(corrupt_png), fp);
	fclose(fp);
	messages[0] = 0;
	assert_int_equal(report_write_pdf(&t, d, bad_dir, pdf), EXIT_TOOL);
	assert_string_equal(messages, expected); /* refused before libpng could end the run */
	assert_int_equal(access(pdf, F_OK), -1);

	messages[0] = 0;
	assert_int_equal(report_write_pdf(&t, d, dir, "/nonexistent-dir/x.pdf"), EXIT_OUTPUT);
	assert_non_null(strstr(messages, "cannot write '/nonexistent-dir/x.pdf'"));
	template_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pdf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_narrow_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_columns_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_tail_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failures, setup, teardown),
	};
	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
