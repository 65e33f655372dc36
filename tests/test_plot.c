/*
 * test_plot.c - plot.c: quoting of untrusted strings (a series named x"; system("touch pwned"))
 * runs nothing and is written as text), gnuplot errors reported with the figure's id, a missing
 * gnuplot, thinning of dense series, marks on log axes, and the PNG check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc.h"
#include "err.h"
#include "plot.h"

#include <math.h>

#define EVIL "x\"; system(\"touch pwned\"); \""
#define EVIL2 "y' . system('touch pwned2') . '`touch pwned3`@x\n\\"

static char messages[8192];

static void sink(const char *line, void *ctx)
{
	(void)ctx;
	strncat(messages, line, sizeof(messages) - strlen(messages) - 2);
	strcat(messages, "\n");
}

static int setup(void **state)
{
	static char dir[] = "/tmp/llmcost-test-plot-XXXXXX";
	char *d = strdup(dir);
	assert_non_null(mkdtemp(d));
	*state = d;
	messages[0] = 0;
	err_set_sink(sink, NULL);
	err_reset_count();
	return 0;
}

static int teardown(void **state)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", (char *)*state);
	assert_int_equal(system(cmd), 0);
	free(*state);
	err_set_sink(NULL, NULL);
	unsetenv("LLMCOST_GNUPLOT");
	return 0;
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	long n;
	char *buf;
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = 0;
	fclose(fp);
	return buf;
}

static int file_exists(const char *dir, const char *name)
{
	char p[512];
	struct stat st;
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return stat(p, &st) == 0;
}

static void test_quote(void **state)
{
	char buf[128];
	(void)state;
	assert_int_equal(plot_quote(buf, sizeof(buf), "plain"), 7);
	assert_string_equal(buf, "'plain'");
	plot_quote(buf, sizeof(buf), "it's");
	assert_string_equal(buf, "'it''s'");
	plot_quote(buf, sizeof(buf), "a\nb\rc\td");
	assert_string_equal(buf, "'a b c d'");
	plot_quote(buf, sizeof(buf), "`x` @y \\n \"z\"");
	assert_string_equal(buf, "'`x` @y \\n \"z\"'");
	/* Truncation still terminates and reports the full length. */
	assert_int_equal(plot_quote(buf, 4, "abcdef"), 8);
	assert_string_equal(buf, "'ab");
}

/* A figure whose every string is hostile: rendering creates no file and writes the strings
 * as single-quoted gnuplot text. */
static void test_hostile_strings(void **state)
{
	const char *dir = *state;
	struct doc d;
	struct figure *f;
	struct series *s;
	const double x[] = { 1, 2, 3 }, y[] = { 1, 4, 9 };
	const char *ids[] = { "01-evil" };
	char *gp, p[512];

	doc_init(&d);
	f = doc_add_figure(&d, "01-evil", EVIL, EVIL2, EVIL);
	s = figure_add_series(f, EVIL, STYLE_LINESPOINTS, x, y, 3);
	series_set_point_label(s, 1, EVIL2);
	figure_add_series(f, EVIL2, STYLE_POINTS, y, x, 3);
	figure_add_mark(f, MARK_HLINE, 0, 5, EVIL);
	figure_add_mark(f, MARK_VLINE, 2, 0, EVIL2);
	figure_add_mark(f, MARK_POINT, 2, 2, EVIL);
	assert_int_equal(plot_write_figure(f, dir, NULL), 0);
	if (plot_render(dir, ids, 1) != 0)
		fail_msg("render failed: %s", messages);

	assert_false(file_exists(dir, "pwned"));
	assert_false(file_exists(dir, "pwned2"));
	assert_false(file_exists(dir, "pwned3"));
	assert_false(file_exists(".", "pwned"));
	assert_false(file_exists(".", "pwned2"));
	assert_false(file_exists(".", "pwned3"));
	assert_true(file_exists(dir, "01-evil.png"));

	snprintf(p, sizeof(p), "%s/01-evil.gp", dir);
	gp = slurp(p);
	assert_non_null(gp);
	assert_non_null(strstr(gp, "title 'x\"; system(\"touch pwned\"); \"' noenhanced"));
	assert_non_null(strstr(gp, "'y'' . system(''touch pwned2'') . ''`touch pwned3`@x \\'"));
	free(gp);
	assert_int_equal(err_count(), 0); /* gnuplot may warn about the backslash: not an error */
	doc_release(&d);
}

/* A style with a bad command: the error names the figure and carries gnuplot's message. */
static void test_gnuplot_error(void **state)
{
	const char *dir = *state;
	struct doc d;
	struct figure *f;
	const double x[] = { 1, 2 }, y[] = { 1, 2 };
	const char *ids[] = { "02-good", "03-bad" };

	doc_init(&d);
	f = doc_add_figure(&d, "02-good", "good", "x", "y");
	figure_add_series(f, "s", STYLE_LINES, x, y, 2);
	assert_int_equal(plot_write_figure(f, dir, NULL), 0);
	f = doc_add_figure(&d, "03-bad", "bad", "x", "y");
	figure_add_series(f, "s", STYLE_LINES, x, y, 2);
	assert_int_equal(plot_write_figure(f, dir,
	                 "set terminal pngcairo background rgb 'white'\nset nosuchoption 3\n"), 0);
	assert_int_equal(plot_render(dir, ids, 2), EXIT_TOOL);
	assert_non_null(strstr(messages, "llmcost: figure '03-bad': gnuplot: \"03-bad.gp\" line "));
	assert_null(strstr(messages, "'02-good'"));
	doc_release(&d);
}

static void test_gnuplot_missing(void **state)
{
	const char *dir = *state;
	const char *ids[] = { "x" };
	setenv("LLMCOST_GNUPLOT", "/nonexistent/gnuplot", 1);
	assert_int_equal(plot_render(dir, ids, 1), EXIT_TOOL);
	assert_string_equal(messages, "llmcost: gnuplot not found ('/nonexistent/gnuplot'): "
	                    "install the Debian package gnuplot-nox\n");
	setenv("LLMCOST_GNUPLOT", "no-such-gnuplot-program", 1);
	messages[0] = 0;
	assert_int_equal(plot_render(dir, ids, 1), EXIT_TOOL);
	assert_non_null(strstr(messages, "gnuplot not found"));
}

/* 10001 points are thinned to at most PLOT_MAX_POINTS + 1 lines, keeping the last point;
 * non-positive points are dropped from a log axis, and a mark above the data still counts. */
static void test_thin_and_log(void **state)
{
	const char *dir = *state;
	struct doc d;
	struct figure *f;
	struct series *s;
	char p[512], *dat, *gp, *line;
	size_t n_data = 0;
	const char *ids[] = { "04-dense" };

	doc_init(&d);
	f = doc_add_figure(&d, "04-dense", "dense", "x", "y");
	f->logy = 1;
	s = figure_add_series(f, "dense", STYLE_LINES, NULL, NULL, 0);
	for (int i = 0; i <= 10000; i++)
		series_add_point(s, i, i == 0 ? 0 : i);
	figure_add_mark(f, MARK_HLINE, 0, 1e6, "top");
	figure_add_mark(f, MARK_HLINE, 0, -1, "not drawable on log y");
	assert_int_equal(plot_write_figure(f, dir, NULL), 0);
	snprintf(p, sizeof(p), "%s/04-dense.dat", dir);
	dat = slurp(p);
	assert_non_null(dat);
	for (line = strtok(dat, "\n"); line; line = strtok(NULL, "\n"))
		if (line[0] != '#')
			n_data++;
	/* data lines + 1 anchor line for the drawable mark */
	assert_true(n_data <= PLOT_MAX_POINTS + 2);
	assert_true(n_data >= PLOT_MAX_POINTS / 2);
	free(dat);
	dat = slurp(p);
	assert_non_null(strstr(dat, "\n10000 10000\n"));
	assert_null(strstr(dat, "\n0 0\n"));
	assert_non_null(strstr(dat, " 1000000\n"));
	free(dat);
	snprintf(p, sizeof(p), "%s/04-dense.gp", dir);
	gp = slurp(p);
	assert_non_null(strstr(gp, "set logscale y 10"));
	assert_null(strstr(gp, "not drawable"));
	free(gp);
	assert_int_equal(plot_render(dir, ids, 1), 0);
	doc_release(&d);
}

/*
 * Axis options: a y range from zero with an automatic top, whole-number ticks on a year axis
 * (2019.5 never shows: one tick per year, an x range half a year beyond the data), and an
 * integer y axis over 0..100 stepping by ceil(100 / 8) = 13. The script renders.
 */
static void test_axis_options(void **state)
{
	const char *dir = *state;
	struct doc d;
	struct figure *f;
	const double x[] = { 2018.2, 2020, 2023.7 }, y[] = { 3, 50, 100 };
	const char *ids[] = { "07-axes", "07-plain" };
	char p[512], *gp;

	doc_init(&d);
	f = doc_add_figure(&d, "07-axes", "axes", "year", "count");
	figure_add_series(f, "s", STYLE_POINTS, x, y, 3);
	figure_set_yrange(f, 0, NAN);
	f->xint = f->yint = 1;
	assert_int_equal(plot_write_figure(f, dir, NULL), 0);
	f = doc_add_figure(&d, "07-plain", "plain", "x", "y");
	figure_add_series(f, "s", STYLE_POINTS, x, y, 3);
	assert_int_equal(plot_write_figure(f, dir, NULL), 0);
	snprintf(p, sizeof(p), "%s/07-axes.gp", dir);
	gp = slurp(p);
	assert_non_null(gp);
	assert_non_null(strstr(gp, "set yrange [0:*]\n"));
	assert_non_null(strstr(gp, "set xtics 1\nset format x '%.0f'\n"));
	assert_non_null(strstr(gp, "set xrange [2017.5:2024.5]\n"));
	assert_non_null(strstr(gp, "set ytics 13\nset format y '%.0f'\n"));
	free(gp);
	snprintf(p, sizeof(p), "%s/07-plain.gp", dir);
	gp = slurp(p);
	assert_non_null(gp);
	assert_null(strstr(gp, "set yrange"));
	assert_null(strstr(gp, "set xtics 1"));
	free(gp);
	assert_int_equal(plot_render(dir, ids, 2), 0);
	assert_string_equal(messages, "");
	doc_release(&d);
}

/* Labels go where they cover the least data: a point's label on a rising line goes above
 * left (not on the line, above right); a reference line's label goes to the free end, below
 * the line when data sits just above it; a legend of more than three rows grows the canvas. */
static void test_label_places(void **state)
{
	const char *dir = *state;
	struct doc d;
	struct figure *f;
	const double lx[] = { 0, 10 }, ly[] = { 0, 10 };
	const double ax[] = { 0, 1, 10 }, ay[] = { 0, 9, 9 }, bx[] = { 5, 10 }, by[] = { 2.4, 2.4 };
	char p[512], *gp;

	doc_init(&d);
	f = doc_add_figure(&d, "08-point", "point", "x", "y");
	figure_add_series(f, "rising", STYLE_LINES, lx, ly, 2);
	figure_add_mark(f, MARK_POINT, 5, 5, "a point here");
	assert_int_equal(plot_write_figure(f, dir, NULL), 0);
	f = doc_add_figure(&d, "08-hline", "hline", "x", "y");
	figure_add_series(f, "a", STYLE_LINES, ax, ay, 3);
	figure_add_series(f, "b", STYLE_LINES, bx, by, 2);
	figure_add_mark(f, MARK_HLINE, NAN, 2, "limit");
	assert_int_equal(plot_write_figure(f, dir, NULL), 0);
	f = doc_add_figure(&d, "08-legend", "legend", "x", "y");
	for (int k = 0; k < 6; k++) {
		char title[64];
		snprintf(title, sizeof(title), "GPT-3-175B, 8 x A100-80GB, prompt %d", 512 << k);
		figure_add_series(f, title, STYLE_LINES, lx, ly, 2);
	}
	assert_int_equal(plot_write_figure(f, dir, NULL), 0);

	snprintf(p, sizeof(p), "%s/08-point.gp", dir);
	gp = slurp(p);
	assert_non_null(gp);
	assert_non_null(strstr(gp, "set label 'a point here' at first 5, first 5 point ls 101 "
	                           "right offset -0.8,0.8 "));
	/* two series rows: only the style's own terminal line */
	assert_non_null(strstr(gp, "set terminal"));
	assert_null(strstr(strstr(gp, "set terminal") + 1, "set terminal"));
	free(gp);
	snprintf(p, sizeof(p), "%s/08-hline.gp", dir);
	gp = slurp(p);
	assert_non_null(gp);
	assert_non_null(strstr(gp, "set label 'limit' at graph 0.99, first 2 right offset 0,-0.9 "));
	free(gp);
	snprintf(p, sizeof(p), "%s/08-legend.gp", dir);
	gp = slurp(p);
	assert_non_null(gp);
	assert_non_null(strstr(gp, "set terminal pngcairo size 1200,894\n"));
	free(gp);
	doc_release(&d);
}

/* A figure with no drawable point (empty series, non-positive values on log axes) still
 * renders, as an empty frame saying "no data", without a gnuplot message. */
static void test_no_data(void **state)
{
	const char *dir = *state;
	struct doc d;
	struct figure *f;
	const double x[] = { -1, 0 }, y[] = { 1, 2 };
	const char *ids[] = { "06-empty" };
	doc_init(&d);
	f = doc_add_figure(&d, "06-empty", "nothing to draw", "x", "y");
	f->logx = f->logy = 1;
	figure_add_series(f, "negative x", STYLE_LINES, x, y, 2);
	figure_add_series(f, "empty", STYLE_POINTS, NULL, NULL, 0);
	assert_int_equal(plot_write_figure(f, dir, NULL), 0);
	assert_int_equal(plot_render(dir, ids, 1), 0);
	assert_string_equal(messages, "");
	doc_release(&d);
}

static void test_bad_id(void **state)
{
	struct doc d;
	struct figure *f;
	doc_init(&d);
	f = doc_add_figure(&d, "../escape", "t", "x", "y");
	assert_int_equal(plot_write_figure(f, *state, NULL), -1);
	assert_non_null(strstr(messages, "'../escape' is not a safe file name"));
	doc_release(&d);
}

static void test_png_check(void **state)
{
	const char *dir = *state;
	char good[512], bad[512];
	unsigned w = 0, h = 0;
	struct doc d;
	struct figure *f;
	const double x[] = { 1, 2 }, y[] = { 1, 2 };
	const char *ids[] = { "05-png" };
	char *png;
	FILE *fp;
	long n;

	doc_init(&d);
	f = doc_add_figure(&d, "05-png", "t", "x", "y");
	figure_add_series(f, NULL, STYLE_LINES, x, y, 2);
	assert_int_equal(plot_write_figure(f, dir,
	                 "set terminal pngcairo size 321,123 background rgb 'white'\n"), 0);
	assert_int_equal(plot_render(dir, ids, 1), 0);
	snprintf(good, sizeof(good), "%s/05-png.png", dir);
	assert_int_equal(png_read_size(good, &w, &h), 0);
	assert_int_equal(w, 321);
	assert_int_equal(h, 123);

	/* The same file cut short is refused. */
	fp = fopen(good, "rb");
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	png = malloc((size_t)n);
	assert_int_equal(fread(png, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	snprintf(bad, sizeof(bad), "%s/cut.png", dir);
	fp = fopen(bad, "wb");
	fwrite(png, 1, (size_t)n / 2, fp);
	fclose(fp);
	assert_int_equal(png_read_size(bad, &w, &h), -1);
	png[n / 2] ^= 0x10; /* one flipped bit inside: the chunk's CRC no longer matches */
	fp = fopen(bad, "wb");
	fwrite(png, 1, (size_t)n, fp);
	fclose(fp);
	assert_int_equal(png_read_size(bad, &w, &h), -1);
	png[n / 2] ^= 0x10;
	png[1] = 'X'; /* bad signature */
	fp = fopen(bad, "wb");
	fwrite(png, 1, (size_t)n, fp);
	fclose(fp);
	assert_int_equal(png_read_size(bad, &w, &h), -1);
	assert_int_equal(png_read_size("/nonexistent.png", &w, &h), -1);
	free(png);
	doc_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote),
		cmocka_unit_test_setup_teardown(test_hostile_strings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gnuplot_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gnuplot_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thin_and_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_axis_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_label_places, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_png_check, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
