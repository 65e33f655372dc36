/*
 * test_pipeline.c - `llmcost report` end to end (pipeline_report): a missing, read-only or
 * non-folder --out gives EXIT_OUTPUT and its message; a run that fails (bad inputs folder,
 * unknown template name, gnuplot failing, font missing) leaves the previous report.pdf and
 * figures untouched and no temporary folder behind; a full run on inputs/ writes every
 * figure's .gp/.dat/.png and every table's .csv, a PDF that qpdf accepts and in which
 * pdftotext finds every section title, byte-identical across two runs, and a figure script
 * that redraws the same PNG when run by hand; several templates warn only about the items none
 * of them places; without the optional api_prices.csv or training.csv the report and the
 * brief are built, with one warning naming the table. Tests that need inputs/ skip without it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "fixtures.h"
#include "pipeline.h"

static char dir[64];
static char out[128];

/* A fresh temporary folder with an out/ holding a previous report and figure. */
static int setup(void **state)
{
	char p[256];
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/llmcost-test-pipeline-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(out, sizeof(out), "%s/out", dir);
	mkdir(out, 0777);
	snprintf(p, sizeof(p), "%s/figures", out);
	mkdir(p, 0777);
	snprintf(p, sizeof(p), "%s/report.pdf", out);
	write_file(p, "previous report\n");
	snprintf(p, sizeof(p), "%s/figures/old.gp", out);
	write_file(p, "previous figure\n");
	messages[0] = 0;
	err_set_sink(sink, NULL);
	return 0;
}

static int teardown(void **state)
{
	char cmd[256];
	(void)state;
	err_set_sink(NULL, NULL);
	unsetenv("LLMCOST_GNUPLOT");
	unsetenv("LLMCOST_FONT_DIR");
	snprintf(cmd, sizeof(cmd), "chmod -R u+w '%s'; rm -rf '%s'", dir, dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int have_inputs(void)
{
	return access("inputs/models.csv", R_OK) == 0 && access("templates/report.tmpl", R_OK) == 0;
}

static void opts(struct report_opts *o, const char *inputs)
{
	report_opts_init(o);
	o->inputs_dir = inputs;
	o->out_dir = out;
	o->as_of = 20240601;
	o->quiet = 1;
}

/* The previous report and figure are still there, and no .tmp-* folder was left. */
static void assert_untouched(void)
{
	char p[256];
	DIR *d;
	struct dirent *e;

	snprintf(p, sizeof(p), "%s/report.pdf", out);
	assert_file_text(p, "previous report\n");
	snprintf(p, sizeof(p), "%s/figures/old.gp", out);
	assert_file_text(p, "previous figure\n");
	d = opendir(out);
	assert_non_null(d);
	while ((e = readdir(d)))
		if (strncmp(e->d_name, ".tmp-", 5) == 0)
			fail_msg("temporary folder %s left behind", e->d_name);
	closedir(d);
}

static void test_out_missing(void **state)
{
	struct report_opts o;
	char p[256], expected[512];
	(void)state;
	opts(&o, "inputs");
	snprintf(p, sizeof(p), "%s/no/such/dir", dir);
	o.out_dir = p;
	assert_int_equal(pipeline_report(&o), EXIT_OUTPUT);
	snprintf(expected, sizeof(expected), "llmcost: output folder '%s' does not exist\n", p);
	assert_string_equal(messages, expected);

	snprintf(p, sizeof(p), "%s/report.pdf", out);
	o.out_dir = p;
	messages[0] = 0;
	assert_int_equal(pipeline_report(&o), EXIT_OUTPUT);
	snprintf(expected, sizeof(expected), "llmcost: output folder '%s' is not a folder\n", p);
	assert_string_equal(messages, expected);
}

/* As root, permission bits do not stop writes: /sys (sysfs) refuses new entries instead. */
static void test_out_read_only(void **state)
{
	struct report_opts o;
	char p[256];
	(void)state;
	opts(&o, "inputs");
	if (geteuid() == 0) {
		o.out_dir = "/sys";
	} else {
		snprintf(p, sizeof(p), "%s/ro", dir);
		assert_int_equal(mkdir(p, 0555), 0);
		o.out_dir = p;
	}
	assert_int_equal(pipeline_report(&o), EXIT_OUTPUT);
	assert_true(strstr(messages, "is not writable") || strstr(messages, "cannot write in "
	                                                                      "output folder"));
	assert_non_null(strstr(messages, o.out_dir));
}

static void test_bad_inputs_untouched(void **state)
{
	struct report_opts o;
	char p[256];
	(void)state;
	snprintf(p, sizeof(p), "%s/no-inputs", dir);
	opts(&o, p);
	assert_int_equal(pipeline_report(&o), EXIT_INPUT);
	assert_non_null(strstr(messages, "no-inputs"));
	assert_untouched();
}

static void test_unknown_template_untouched(void **state)
{
	struct report_opts o;
	char tdir[256], p[300], expected[512];
	(void)state;
	if (!have_inputs())
		skip();
	snprintf(tdir, sizeof(tdir), "%s/templates", dir);
	mkdir(tdir, 0777);
	snprintf(p, sizeof(p), "%s/report.tmpl", tdir);
	write_file(p, "# Title\nText {{report_date}} and {{no_such_value}}.\n");
	opts(&o, "inputs");
	o.templates_dir = tdir;
	assert_int_equal(pipeline_report(&o), EXIT_INPUT);
	snprintf(expected, sizeof(expected), "%s/report.tmpl:2:28: unknown value \"no_such_value\"\n",
	         tdir);
	assert_string_equal(messages, expected);
	assert_untouched();
}

/* A run on inputs/ with the environment variable name set to value fails as a tool failure,
 * says message, and leaves the previous report. */
static void tool_failure_untouched(const char *name, const char *value, const char *message)
{
	struct report_opts o;
	if (!have_inputs())
		skip();
	opts(&o, "inputs");
	setenv(name, value, 1);
	assert_int_equal(pipeline_report(&o), EXIT_TOOL);
	assert_non_null(strstr(messages, message));
	assert_untouched();
}

static void test_gnuplot_failure_untouched(void **state)
{
	(void)state;
	tool_failure_untouched("LLMCOST_GNUPLOT", "/bin/false", "gnuplot");
}

static void test_missing_font_untouched(void **state)
{
	(void)state;
	tool_failure_untouched("LLMCOST_FONT_DIR", "/nonexistent-fonts",
			       "font '/nonexistent-fonts/DejaVuSans.ttf' not found");
}

static size_t count_ext(const char *path, const char *ext)
{
	DIR *d = opendir(path);
	struct dirent *e;
	size_t n = 0;
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len > strlen(ext) && strcmp(e->d_name + len - strlen(ext), ext) == 0)
			n++;
	}
	closedir(d);
	return n;
}

/* Every "# " and "## " heading line of the templates (no placeholders in them) appears in the
 * PDF's text. */
static void check_headings(const char *text)
{
	const char *files[] = { "templates/report.tmpl", "templates/sections/summary.tmpl",
	                        "templates/sections/seed000.tmpl", "templates/sections/seed001.tmpl",
	                        "templates/sections/seed002.tmpl", "templates/sections/seed003.tmpl",
	                        "templates/sections/beyond.tmpl",
	                        "templates/sections/assumptions.tmpl" };
	size_t n = 0;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		FILE *fp = fopen(files[i], "r");
		char line[512];
		if (!fp)
			continue;
		while (fgets(line, sizeof(line), fp)) {
			char *h = line;
			if (strncmp(h, "# ", 2) == 0)
				h += 2;
			else if (strncmp(h, "## ", 3) == 0)
				h += 3;
			else
				continue;
			h[strcspn(h, "\n")] = 0;
			if (strstr(h, "{{"))
				continue;
			if (!strstr(text, h))
				fail_msg("section \"%s\" of %s not found in the PDF's text", h, files[i]);
			n++;
		}
		fclose(fp);
	}
	assert_true(n >= 10);
}

/* out/NAME.pdf passes qpdf --check; its text as pdftotext gives it (the caller frees it). */
static char *checked_pdf_text(const char *name)
{
	char cmd[600], p[256], *text;
	snprintf(cmd, sizeof(cmd), "qpdf --check '%s/%s.pdf' >/dev/null 2>&1", out, name);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "pdftotext -q '%s/%s.pdf' '%s/%s.txt'", out, name, dir, name);
	assert_int_equal(system(cmd), 0);
	snprintf(p, sizeof(p), "%s/%s.txt", dir, name);
	text = slurp(p, NULL);
	assert_non_null(text);
	return text;
}

static void test_full_run(void **state)
{
	struct report_opts o;
	char p[256], cmd[600], *a, *text, *png1;
	size_t na, n_png1;
	(void)state;
	if (!have_inputs())
		skip();
	opts(&o, "inputs");
	if (pipeline_report(&o) != 0)
		fail_msg("report failed:\n%s", messages);
	snprintf(p, sizeof(p), "%s/report.pdf", out);
	a = slurp(p, &na);
	assert_non_null(a);
	assert_memory_equal(a, "%PDF-", 5);

	/* The old figure folder was replaced as a whole. */
	snprintf(p, sizeof(p), "%s/figures/old.gp", out);
	assert_int_equal(access(p, F_OK), -1);
	snprintf(p, sizeof(p), "%s/figures", out);
	assert_true(count_ext(p, ".gp") >= 10);
	assert_int_equal(count_ext(p, ".gp"), count_ext(p, ".dat"));
	assert_int_equal(count_ext(p, ".gp"), count_ext(p, ".png"));
	snprintf(p, sizeof(p), "%s/tables", out);
	assert_true(count_ext(p, ".csv") >= 10);

	/* Same inputs and date: the same bytes. */
	assert_int_equal(pipeline_report(&o), 0);
	snprintf(p, sizeof(p), "%s/report.pdf", out);
	assert_file_bytes(p, a, na);
	free(a);

	text = checked_pdf_text("report");
	check_headings(text);
	assert_non_null(strstr(text, "Contents"));
	assert_non_null(strstr(text, "Report date: 2024-06-01"));
	assert_non_null(strstr(text, "Inputs fingerprint: FNV-1a 64 "));
	free(text);

	/* A user re-runs one figure by hand in out/figures: the same image. */
	snprintf(p, sizeof(p), "%s/figures/03-prefill-cost.png", out);
	png1 = slurp(p, &n_png1);
	if (png1) {
		assert_int_equal(unlink(p), 0);
		snprintf(cmd, sizeof(cmd), "cd '%s/figures' && gnuplot 03-prefill-cost.gp", out);
		assert_int_equal(system(cmd), 0);
		assert_file_bytes(p, png1, n_png1);
		free(png1);
	}
}


/* ---- issue 6: records, incremental rebuilds, --as-of, archives, templates ---- */

/* A copy of inputs/ in dir/inputs2 whose prices.csv has one more row: A100-80GB at
 * $9.99/GPU-hour from 2024-05-15 (far above every other A100-80GB price). */
static void inputs_with_new_price(char *path, size_t size)
{
	char cmd[512], p[256];
	FILE *fp;
	snprintf(path, size, "%s/inputs2", dir);
	snprintf(cmd, sizeof(cmd), "cp -r inputs '%s'", path);
	assert_int_equal(system(cmd), 0);
	snprintf(p, sizeof(p), "%s/prices.csv", path);
	fp = fopen(p, "a");
	assert_non_null(fp);
	fputs("A100-80GB,9.99,2024-05-15,Test provider,test row of test_pipeline.c\n", fp);
	fclose(fp);
}

/* A gnuplot that logs every command it is sent to dir/gnuplot.log. */
static void logging_gnuplot(void)
{
	char p[256], text[512];
	snprintf(p, sizeof(p), "%s/gnuplot-log.sh", dir);
	snprintf(text, sizeof(text), "#!/bin/sh\ntee -a '%s/gnuplot.log' | gnuplot \"$@\"\n", dir);
	write_file(p, text);
	chmod(p, 0755);
	setenv("LLMCOST_GNUPLOT", p, 1);
}

static void test_incremental(void **state)
{
	struct report_opts o;
	char p[256], inputs2[128], *a, *b, *log, *man;
	size_t na, nb;
	(void)state;
	if (!have_inputs())
		skip();
	opts(&o, "inputs");
	assert_int_equal(pipeline_report(&o), 0);
	snprintf(p, sizeof(p), "%s/report.pdf", out);
	a = slurp(p, &na);
	snprintf(p, sizeof(p), "%s/manifest.csv", out);
	man = slurp(p, NULL);
	assert_non_null(man);
	assert_non_null(strstr(man, "\nfigure,03-prefill-cost,"));
	assert_non_null(strstr(man, "\npdf,report,"));
	free(man);

	/* Nothing changed: no gnuplot at all (a failing one would fail the build), same bytes. */
	setenv("LLMCOST_GNUPLOT", "/bin/false", 1);
	if (pipeline_report(&o) != 0)
		fail_msg("no-change rebuild failed:\n%s", messages);
	snprintf(p, sizeof(p), "%s/report.pdf", out);
	assert_file_bytes(p, a, na);
	snprintf(p, sizeof(p), "%s/figures", out);
	assert_int_equal(count_ext(p, ".gp"), count_ext(p, ".png"));

	/* A damaged image is noticed through its recorded hash and drawn again. */
	snprintf(p, sizeof(p), "%s/figures/06-roofline.png", out);
	unlink(p);
	write_file(p, "not a png");
	assert_int_equal(pipeline_report(&o), EXIT_TOOL);
	assert_non_null(strstr(messages, "gnuplot"));
	messages[0] = 0;

	/* One price changed: the figures that show it are drawn again, the others are not. */
	inputs_with_new_price(inputs2, sizeof(inputs2));
	logging_gnuplot();
	o.inputs_dir = inputs2;
	if (pipeline_report(&o) != 0)
		fail_msg("rebuild failed:\n%s", messages);
	snprintf(p, sizeof(p), "%s/gnuplot.log", dir);
	log = slurp(p, NULL);
	assert_non_null(log);
	assert_non_null(strstr(log, "06-roofline")); /* its damaged image */
	assert_non_null(strstr(log, "20-price-history"));  /* the new price is in its history */
	assert_null(strstr(log, "14-chinchilla"));         /* no price in it */
	assert_null(strstr(log, "15-flops-per-watt"));
	free(log);
	snprintf(p, sizeof(p), "%s/report.pdf", out);
	b = slurp(p, &nb);
	assert_true(na != nb || memcmp(a, b, na) != 0);
	free(a);
	free(b);
}

static char *headline_row(const char *text, const char *prefix)
{
	const char *p = strstr(text, prefix);
	const char *e = p ? strchr(p, '\n') : NULL;
	char *row;
	if (!p || !e)
		return NULL;
	row = strndup(p, (size_t)(e - p));
	assert_non_null(row);
	return row;
}

static void test_as_of_changes_archives(void **state)
{
	struct report_opts o;
	char p[256], q[256], inputs2[128], out2[160], *rec, *row, *tab;
	(void)state;
	if (!have_inputs())
		skip();
	inputs_with_new_price(inputs2, sizeof(inputs2));
	opts(&o, inputs2);
	o.as_of = 20240501;
	if (pipeline_report(&o) != 0)
		fail_msg("build failed:\n%s", messages);
	snprintf(p, sizeof(p), "%s/headline.csv", out);
	rec = slurp(p, NULL);
	row = headline_row(rec, "input,prices.csv,A100-80GB,");
	assert_non_null(row);
	assert_null(strstr(row, "9.99")); /* before the new price */
	free(row);
	free(rec);

	/* The same date again, from scratch in another folder: the same bytes. */
	snprintf(out2, sizeof(out2), "%s/out2", dir);
	mkdir(out2, 0777);
	o.out_dir = out2;
	assert_int_equal(pipeline_report(&o), 0);
	snprintf(p, sizeof(p), "%s/report.pdf", out);
	snprintf(q, sizeof(q), "%s/report.pdf", out2);
	assert_same_files(p, q);

	/* A month later the new price is in force: the numbers that use it move, the build
	 * says so and exits with EXIT_ALERT, and the what-changed table names the price row. */
	o.out_dir = out;
	o.as_of = 20240601;
	assert_int_equal(pipeline_report(&o), EXIT_ALERT);
	snprintf(p, sizeof(p), "%s/headline.csv", out);
	rec = slurp(p, NULL);
	row = headline_row(rec, "input,prices.csv,A100-80GB,");
	assert_non_null(strstr(row, "$9.99/GPU-hour from 2024-05-15"));
	free(row);
	free(rec);
	snprintf(p, sizeof(p), "%s/tables/90-what-changed.csv", out);
	tab = slurp(p, NULL);
	assert_non_null(tab);
	assert_non_null(strstr(tab, "prices.csv A100-80GB (prices.csv:"));
	free(tab);
	/* The same rebuild with a higher threshold: no alert. */
	o.alert_pct = 1e6;
	messages[0] = 0;
	assert_int_equal(pipeline_report(&o), 0);

	/* Archives: one PDF and one record per date. */
	snprintf(p, sizeof(p), "%s/archive/report-2024-05-01.pdf", out);
	assert_int_equal(access(p, R_OK), 0);
	snprintf(p, sizeof(p), "%s/archive/report-2024-06-01.pdf", out);
	assert_int_equal(access(p, R_OK), 0);
	snprintf(p, sizeof(p), "%s/archive/headline-2024-05-01.csv", out);
	assert_int_equal(access(p, R_OK), 0);
	/* The archived PDF of the date is the report just built. */
	snprintf(p, sizeof(p), "%s/archive/report-2024-06-01.pdf", out);
	snprintf(q, sizeof(q), "%s/report.pdf", out);
	assert_same_files(p, q);

	/* --keep 1: only the newest date stays. */
	o.keep = 1;
	o.as_of = 20240602;
	assert_int_equal(pipeline_report(&o), 0);
	snprintf(p, sizeof(p), "%s/archive", out);
	assert_int_equal(count_ext(p, ".pdf"), 1);
	assert_int_equal(count_ext(p, ".csv"), 1);
	snprintf(p, sizeof(p), "%s/archive/report-2024-06-02.pdf", out);
	assert_int_equal(access(p, R_OK), 0);

	/* Last month's report regenerated: into the archive only (out/report.pdf stays the
	 * newest), kept despite --keep 1, and the same bytes as when it was first built. */
	o.as_of = 20240501;
	assert_int_equal(pipeline_report(&o), 0);
	snprintf(p, sizeof(p), "%s/archive/report-2024-06-02.pdf", out);
	snprintf(q, sizeof(q), "%s/report.pdf", out);
	assert_same_files(p, q);
	snprintf(p, sizeof(p), "%s/archive/report-2024-05-01.pdf", out);
	snprintf(q, sizeof(q), "%s/report.pdf", out2);
	assert_same_files(p, q);
	snprintf(p, sizeof(p), "%s/headline.csv", out);
	rec = slurp(p, NULL);
	assert_non_null(strstr(rec, "\nmeta,,as_of,,20240602,"));
	free(rec);
}

static void test_brief_and_report(void **state)
{
	struct report_opts o;
	char p[256], cmd[700], *text;
	(void)state;
	if (!have_inputs() || access("templates/brief.tmpl", R_OK) != 0)
		skip();
	opts(&o, "inputs");
	o.template_name = "report,brief";
	if (pipeline_report(&o) != 0)
		fail_msg("report,brief failed:\n%s", messages);
	text = checked_pdf_text("brief");
	assert_non_null(strstr(text, "planning brief"));
	assert_non_null(strstr(text, "What changed"));
	assert_non_null(strstr(text, "Training budgets"));
	assert_non_null(strstr(text, "Price trend"));
	free(text);
	/* A few pages, fewer than the full report's. */
	snprintf(cmd, sizeof(cmd), "test $(pdfinfo '%s/brief.pdf' | awk '/^Pages:/ {print $2}') "
	         "-le 16 && test $(pdfinfo '%s/brief.pdf' | awk '/^Pages:/ {print $2}') -lt "
	         "$(pdfinfo '%s/report.pdf' | awk '/^Pages:/ {print $2}')", out, out, out);
	assert_int_equal(system(cmd), 0);
	snprintf(p, sizeof(p), "%s/archive/brief-2024-06-01.pdf", out);
	assert_int_equal(access(p, R_OK), 0);
	/* A template named twice is a usage error, nothing written. */
	o.template_name = "brief,brief";
	assert_int_equal(pipeline_report(&o), EXIT_USAGE);
}

/* ---- warnings: items no template places, optional tables missing ---- */

static char warnings[65536];

/* A sink keeping the warnings in warnings[] and the rest as sink() does. */
static void sink_warnings(const char *line, void *ctx)
{
	if (strncmp(line, "llmcost: warning: ", 18) == 0) {
		strncat(warnings, line, sizeof(warnings) - strlen(warnings) - 2);
		strcat(warnings, "\n");
		return;
	}
	sink(line, ctx);
}

/* Two templates of dir/tmpl: a.tmpl places every item of the doc built from inputs/ but the
 * table 90-what-changed, b.tmpl only that table. Together they place everything: a run
 * writing both warns about nothing, a run writing a alone about that one table. */
static void test_unplaced_by_all_templates(void **state)
{
	struct report_opts o;
	char tdir[256], p[300], cmd[700];
	(void)state;
	if (!have_inputs())
		skip();
	snprintf(tdir, sizeof(tdir), "%s/tmpl", dir);
	mkdir(tdir, 0777);
	snprintf(cmd, sizeof(cmd), "cp templates/style.gp '%s/'", tdir);
	assert_int_equal(system(cmd), 0);
	snprintf(p, sizeof(p), "%s/a.tmpl", tdir);
	write_file(p, "# A\n{{each 0}}\n{{each 1}}\n{{each 2}}\n{{table 90-input-changes}}\n"
	           "{{table 90-what-changed-top}}\n");
	snprintf(p, sizeof(p), "%s/b.tmpl", tdir);
	write_file(p, "# B\n{{table 90-what-changed}}\n");
	opts(&o, "inputs");
	o.templates_dir = tdir;
	err_set_sink(sink_warnings, NULL);

	warnings[0] = 0;
	o.template_name = "a,b";
	if (pipeline_report(&o) != 0)
		fail_msg("a,b failed:\n%s", messages);
	assert_string_equal(warnings, "");

	o.template_name = "b,a";
	if (pipeline_report(&o) != 0)
		fail_msg("b,a failed:\n%s", messages);
	assert_string_equal(warnings, "");

	o.template_name = "a";
	if (pipeline_report(&o) != 0)
		fail_msg("a failed:\n%s", messages);
	assert_string_equal(warnings, "llmcost: warning: table '90-what-changed' is not placed by "
	                    "the template\n");

	/* The shipped pair: the report places everything the brief leaves out. */
	warnings[0] = 0;
	o.templates_dir = "templates";
	o.template_name = "report,brief";
	if (pipeline_report(&o) != 0)
		fail_msg("report,brief failed:\n%s", messages);
	assert_string_equal(warnings, "");
}

/* A copy of inputs/ in dir/NAME without the optional table file: the report and the brief
 * are built all the same, with one warning naming the table, and the table that lists its
 * rows is empty (header only) in out/tables; with no such table (table_id NULL: the rows
 * share a table with others), the report says "n/a (no FILE)". */
static void report_without(const char *name, const char *file, const char *what,
			   const char *table_id)
{
	struct report_opts o;
	char in[256], cmd[700], p[400], expected[1024], *text;
	if (!have_inputs() || access("templates/brief.tmpl", R_OK) != 0)
		skip();
	snprintf(in, sizeof(in), "%s/%s", dir, name);
	snprintf(cmd, sizeof(cmd), "cp -r inputs '%s' && rm '%s/%s'", in, in, file);
	assert_int_equal(system(cmd), 0);
	opts(&o, in);
	o.template_name = "report,brief";
	err_set_sink(sink_warnings, NULL);
	warnings[0] = 0;
	if (pipeline_report(&o) != 0)
		fail_msg("report without %s failed:\n%s", file, messages);
	snprintf(expected, sizeof(expected), "llmcost: warning: %s/%s is missing or has no rows: %s "
		 "read \"n/a (no %s)\"\n", in, file, what, file);
	assert_string_equal(warnings, expected);
	assert_string_equal(messages, "");
	if (!table_id) {
		text = checked_pdf_text("report");
		for (char *c = text; *c; c++) /* a wrapped line is a space */
			if (*c == '\n')
				*c = ' ';
		snprintf(expected, sizeof(expected), "n/a (no %s)", file);
		assert_non_null(strstr(text, expected));
		free(text);
		return;
	}
	snprintf(p, sizeof(p), "%s/tables/%s.csv", out, table_id);
	text = slurp(p, NULL);
	assert_non_null(text);
	assert_non_null(strchr(text, '\n'));
	assert_string_equal(strchr(text, '\n'), "\n");
	free(text);
	text = checked_pdf_text("brief");
	assert_non_null(strstr(text, "n/a (no"));
	free(text);
}

static void test_report_without_api_prices(void **state)
{
	(void)state;
	report_without("no-api", "api_prices.csv", "the comparisons with API prices",
		       "02-break-even");
}

static void test_report_without_training(void **state)
{
	(void)state;
	report_without("no-training", "training.csv", "the published training runs", "17-mfu");
}

static void test_report_without_benchmarks(void **state)
{
	(void)state;
	report_without("no-bench", "benchmarks.csv", "the serving benchmarks' mean error", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_out_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_read_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_inputs_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_template_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gnuplot_failure_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_font_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_incremental, setup, teardown),
		cmocka_unit_test_setup_teardown(test_as_of_changes_archives, setup, teardown),
		cmocka_unit_test_setup_teardown(test_brief_and_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unplaced_by_all_templates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_without_api_prices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_without_training, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_without_benchmarks, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
