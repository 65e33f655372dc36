/*
 * plot.c - figures (doc.h) to gnuplot scripts, data files and PNG images through ONE gnuplot
 * process fed by popen. The only file that talks to gnuplot.
 *
 * Safety: every text of a figure is emitted by plot_quote() as a single-quoted gnuplot string
 * followed by `noenhanced`. Inside single quotes gnuplot performs no backslash escapes, no
 * backtick command substitution and no @macro expansion (checked by tests/test_plot.c), so a
 * model named x"; system("touch pwned"); " is drawn as those characters.
 *
 * Errors: gnuplot reading a pipe reports an error and goes on with the next command. Its
 * stderr goes to a log file; before each figure we `print` a marker line (print writes to
 * stderr too, in order), so each error line in the log belongs to the last marker before it.
 */
#include "plot.h"
#include "err.h"

#include <errno.h>
#include <ctype.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MARKER "@@llmcost-figure "
#define N_LINE_STYLES 8

size_t plot_quote(char *out, size_t size, const char *s)
{
	size_t n = 0;
#define PUT(c) do { if (n + 1 < size) out[n] = (c); n++; } while (0)
	PUT('\'');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\'') {
			PUT('\'');
			PUT('\'');
		} else if (c < 0x20 || c == 0x7f) {
			PUT(' ');
		} else {
			PUT((char)c);
		}
	}
	PUT('\'');
#undef PUT
	if (size)
		out[n < size ? n : size - 1] = '\0';
	return n;
}

/* fputs of a quoted string; long strings go through the heap. */
static void put_quoted(FILE *fp, const char *s)
{
	char small[256];
	size_t need = plot_quote(small, sizeof(small), s ? s : "");
	if (need < sizeof(small)) {
		fputs(small, fp);
	} else {
		char *big = malloc(need + 1);
		if (!big) {
			error("out of memory");
			exit(EXIT_INTERNAL);
		}
		plot_quote(big, need + 1, s);
		fputs(big, fp);
		free(big);
	}
}

/* A figure id names files and is used in gnuplot strings: keep it to a safe alphabet. */
static int id_ok(const char *id)
{
	if (!id || !*id || *id == '.' || *id == '-')
		return 0;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return 0;
	return 1;
}

static char *path_join(const char *dir, const char *name, const char *ext)
{
	size_t n = strlen(dir) + strlen(name) + strlen(ext) + 2;
	char *p = malloc(n);
	if (!p) {
		error("out of memory");
		exit(EXIT_INTERNAL);
	}
	snprintf(p, n, "%s/%s%s", dir, name, ext);
	return p;
}

/* A point can be drawn on these axes: finite, and positive on a log axis. */
static int point_ok(const struct figure *f, double x, double y)
{
	if (!isfinite(x) || !isfinite(y))
		return 0;
	if ((f->logx && x <= 0) || (f->logy && y <= 0))
		return 0;
	return 1;
}

static size_t series_stride(const struct series *s)
{
	return s->n > PLOT_MAX_POINTS ? (s->n + PLOT_MAX_POINTS - 1) / PLOT_MAX_POINTS : 1;
}

static int series_has_data(const struct figure *f, const struct series *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (point_ok(f, s->x[i], s->y[i]))
			return 1;
	return 0;
}

/* Some drawable (x, y) of the data, to anchor the autoscale points of marks. */
static int any_data_point(const struct figure *f, double *x, double *y)
{
	for (size_t k = 0; k < f->n_series; k++)
		for (size_t i = 0; i < f->series[k].n; i++)
			if (point_ok(f, f->series[k].x[i], f->series[k].y[i])) {
				*x = f->series[k].x[i];
				*y = f->series[k].y[i];
				return 1;
			}
	return 0;
}

/*
 * The .dat file: one block per series with data (blank-line pairs separate gnuplot `index`
 * blocks), then one block of "anchor" points that make gnuplot's autoscaling include every
 * mark (an horizontal line above all data would otherwise fall outside the graph). Indices of
 * the blocks are returned in idx (SIZE_MAX for series without data) and *mark_idx.
 */
static int write_dat(const struct figure *f, const char *path, size_t *idx, size_t *mark_idx)
{
	FILE *fp = fopen(path, "w");
	size_t block = 0;
	double ax = 0, ay = 0;
	int have_anchor = any_data_point(f, &ax, &ay), wrote_marks = 0;

	if (!fp)
		return error("cannot write '%s': %s", path, strerror(errno));
	fprintf(fp, "# %s.dat - data of %s.gp: one block per series (gnuplot index), then mark "
	        "anchors\n", f->id, f->id);
	for (size_t k = 0; k < f->n_series; k++) {
		const struct series *s = &f->series[k];
		size_t stride = series_stride(s);
		idx[k] = SIZE_MAX;
		if (!series_has_data(f, s))
			continue;
		if (block)
			fputs("\n\n", fp);
		fputs("# series ", fp);
		put_quoted(fp, s->title ? s->title : "");
		if (stride > 1)
			fprintf(fp, " (thinned: every %zu-th of %zu points)", stride, s->n);
		fputc('\n', fp);
		for (size_t i = 0; i < s->n; i++) {
			if (i % stride != 0 && i + 1 != s->n)
				continue;
			if (point_ok(f, s->x[i], s->y[i]))
				fprintf(fp, "%.10g %.10g\n", s->x[i], s->y[i]);
		}
		idx[k] = block++;
	}
	*mark_idx = SIZE_MAX;
	for (size_t m = 0; m < f->n_marks; m++) {
		const struct fig_mark *mk = &f->marks[m];
		double x = mk->kind == MARK_HLINE ? ax : mk->x;
		double y = mk->kind == MARK_VLINE ? ay : mk->y;
		if (mk->kind != MARK_POINT && !have_anchor) {
			/* No data: the line alone decides one axis; give the other a unit range. */
			if (mk->kind == MARK_HLINE)
				x = f->logx ? 1 : 0;
			else
				y = f->logy ? 1 : 0;
		}
		if (!point_ok(f, x, y))
			continue;
		if (!wrote_marks) {
			if (block)
				fputs("\n\n", fp);
			fputs("# mark anchors\n", fp);
			wrote_marks = 1;
		}
		fprintf(fp, "%.10g %.10g\n", x, y);
	}
	if (wrote_marks)
		*mark_idx = block++;
	if (ferror(fp) | fclose(fp))
		return error("cannot write '%s': %s", path, strerror(errno));
	return 0;
}

static const char *with_style(enum series_style st)
{
	switch (st) {
	case STYLE_POINTS: return "points";
	case STYLE_LINESPOINTS: return "linespoints";
	case STYLE_IMPULSES: return "impulses";
	case STYLE_LINES: break;
	}
	return "lines";
}

/* Where x lies in the figure's x range (data and marks), 0..1, on the axis' own scale. Labels
 * of points near the right edge are written to the left of the point, so they stay inside. */
static double x_fraction(const struct figure *f, double x)
{
	double lo = INFINITY, hi = -INFINITY;
	for (size_t k = 0; k < f->n_series; k++)
		for (size_t i = 0; i < f->series[k].n; i++)
			if (point_ok(f, f->series[k].x[i], f->series[k].y[i])) {
				lo = fmin(lo, f->series[k].x[i]);
				hi = fmax(hi, f->series[k].x[i]);
			}
	for (size_t m = 0; m < f->n_marks; m++)
		if (f->marks[m].kind != MARK_HLINE && isfinite(f->marks[m].x) &&
		    (!f->logx || f->marks[m].x > 0)) {
			lo = fmin(lo, f->marks[m].x);
			hi = fmax(hi, f->marks[m].x);
		}
	if (f->xint && !f->logx && hi >= lo) {
		/* write_axis_options' range: half a year (or count) of room each side */
		lo = floor(lo) - 0.5;
		hi = ceil(hi) + 0.5;
	}
	if (!(hi > lo))
		return 0.5;
	if (f->logx) {
		/* gnuplot extends a log axis to whole decades */
		lo = floor(log10(lo));
		hi = ceil(log10(hi));
		return (log10(x) - lo) / (hi - lo);
	}
	return (x - lo) / (hi - lo);
}

/* Where y lies in the range of the figure's data, 0..1, on the axis' own scale. */
static double y_fraction(const struct figure *f, double y)
{
	double lo = INFINITY, hi = -INFINITY;
	for (size_t k = 0; k < f->n_series; k++)
		for (size_t i = 0; i < f->series[k].n; i++)
			if (point_ok(f, f->series[k].x[i], f->series[k].y[i])) {
				lo = fmin(lo, f->series[k].y[i]);
				hi = fmax(hi, f->series[k].y[i]);
			}
	if (f->has_yrange && isfinite(f->ymin))
		lo = f->ymin;
	if (f->has_yrange && isfinite(f->ymax))
		hi = f->ymax;
	if (!(hi > lo))
		return 0.5;
	if (f->logy) {
		lo = floor(log10(lo));
		hi = ceil(log10(hi));
		return (log10(y) - lo) / (hi - lo);
	}
	return (y - lo) / (hi - lo);
}

/*
 * The label of a horizontal line goes at the end of the line (left or right) where the data
 * stays farthest from it, measured among points in that third of the x range.
 */
static int hline_label_left(const struct figure *f, double y)
{
	double yf = y_fraction(f, y), gap[2] = { INFINITY, INFINITY };
	for (size_t k = 0; k < f->n_series; k++)
		for (size_t i = 0; i < f->series[k].n; i++) {
			double xf, d;
			if (!point_ok(f, f->series[k].x[i], f->series[k].y[i]))
				continue;
			xf = x_fraction(f, f->series[k].x[i]);
			d = fabs(y_fraction(f, f->series[k].y[i]) - yf);
			if (xf < 0.34)
				gap[0] = fmin(gap[0], d);
			if (xf > 0.66)
				gap[1] = fmin(gap[1], d);
		}
	return gap[0] > gap[1];
}

/* The label of a vertical line goes at the top unless the data near the line is high. */
static int vline_label_low(const struct figure *f, double x)
{
	double xf = x_fraction(f, x);
	int high = 0, low = 0;
	for (size_t k = 0; k < f->n_series; k++)
		for (size_t i = 0; i < f->series[k].n; i++) {
			double yf;
			if (!point_ok(f, f->series[k].x[i], f->series[k].y[i]) ||
			    fabs(x_fraction(f, f->series[k].x[i]) - xf) > 0.08)
				continue;
			yf = y_fraction(f, f->series[k].y[i]);
			high += yf > 0.55;
			low += yf < 0.45;
		}
	return high > 0 && low == 0;
}

/* Labels go right of their point unless they would run past the right edge (label_w). */
static double label_w(const char *label);

static int label_goes_left(const struct figure *f, double x, const char *label)
{
	double xf = x_fraction(f, x);
	return xf > 0.85 || xf + 0.01 + label_w(label) > 1.02;
}

/*
 * Label placement. A label's box is estimated in graph fractions (0.026 of the plot's width
 * per em of DejaVu Sans, and 0.07 of its height at the style's 20-pt font); each candidate place
 * is scored by how much of the data (series drawn as lines sampled along each segment, points,
 * reference lines) falls inside the box, and the least covered place wins, in the order of
 * preference given. A label that runs off the plot counts as covering a lot.
 */
#define LABEL_EM_W 0.026
#define LABEL_H 0.07

/* Advance width of a character in DejaVu Sans, in ems (rounded; UTF-8 bytes past the first
 * of a character count nothing). */
static double char_em(unsigned char c)
{
	if ((c & 0xC0) == 0x80)
		return 0;
	if (strchr(" .,:;", c))
		return 0.318;
	if (strchr("ilj'|!", c))
		return 0.278;
	if (strchr("ftr()[]", c))
		return 0.39;
	if (c == '/' || c == '-')
		return 0.35;
	if (strchr("mwMW", c))
		return 0.91;
	if (isdigit(c) || strchr("$#+=<>_", c))
		return 0.636;
	if (c == '%' || c == '~')
		return 0.9;
	if (isupper(c))
		return 0.70;
	return 0.61;
}

static double label_w(const char *label)
{
	double em = 0;
	for (const char *p = label ? label : ""; *p; p++)
		em += char_em((unsigned char)*p);
	return LABEL_EM_W * em + 0.012;
}

static int in_box(double x, double y, double x0, double x1, double y0, double y1)
{
	return x >= x0 && x <= x1 && y >= y0 && y <= y1;
}

static double box_cover(const struct figure *f, double x0, double x1, double y0, double y1,
                        const struct fig_mark *self)
{
	double cover = 0;
	/* Off the plot: a little past the right or left edge still shows in the margin. */
	if (x0 < -0.04 || x1 > 1.04 || y0 < -0.01 || y1 > 1.01)
		cover += 1000;
	for (size_t k = 0; k < f->n_series; k++) {
		const struct series *s = &f->series[k];
		double px = NAN, py = NAN;
		for (size_t i = 0; i < s->n; i++) {
			double xf, yf;
			if (!point_ok(f, s->x[i], s->y[i])) {
				px = NAN;
				continue;
			}
			xf = x_fraction(f, s->x[i]);
			yf = y_fraction(f, s->y[i]);
			cover += 3 * in_box(xf, yf, x0, x1, y0, y1);
			if (s->style != STYLE_POINTS && s->style != STYLE_IMPULSES && isfinite(px)) {
				/* the length of the segment inside the box, in percent of the plot */
				int inside = 0;
				for (int j = 1; j < 24; j++) {
					double t = j / 24.0;
					inside += in_box(px + (xf - px) * t, py + (yf - py) * t, x0, x1, y0, y1);
				}
				cover += 100 * hypot(xf - px, yf - py) * inside / 23.0;
			}
			px = xf;
			py = yf;
		}
	}
	for (size_t m = 0; m < f->n_marks; m++) {
		const struct fig_mark *mk = &f->marks[m];
		if (mk == self)
			continue;
		if (mk->kind == MARK_HLINE && isfinite(mk->y) && (!f->logy || mk->y > 0)) {
			double yf = y_fraction(f, mk->y);
			cover += 100 * (x1 - x0) * (yf >= y0 && yf <= y1);
		} else if (mk->kind == MARK_VLINE && isfinite(mk->x) && (!f->logx || mk->x > 0)) {
			double xf = x_fraction(f, mk->x);
			cover += 100 * (y1 - y0) * (xf >= x0 && xf <= x1);
		} else if (mk->kind == MARK_POINT && point_ok(f, mk->x, mk->y)) {
			cover += 3 * in_box(x_fraction(f, mk->x), y_fraction(f, mk->y), x0, x1, y0, y1);
		}
	}
	return cover;
}

/* The place of a point's label: "left offset 0.8,0.8" (above right) and its three mirror
 * images, whichever covers the least data; right of the point first unless it would run past
 * the right edge. */
static const char *point_label_place(const struct figure *f, double x, double y,
                                     const char *label, const struct fig_mark *self)
{
	static const char *const place[4] = { "left offset 0.8,0.8", "right offset -0.8,0.8",
	                                       "left offset 0.8,-0.8", "right offset -0.8,-0.8" };
	double xf = x_fraction(f, x), yf = y_fraction(f, y), w = label_w(label), best = INFINITY;
	int order[4] = { 0, 1, 2, 3 }, pick = 0;
	if (label_goes_left(f, x, label)) {
		order[0] = 1; order[1] = 0; order[2] = 3; order[3] = 2;
	}
	for (int i = 0; i < 4; i++) {
		int c = order[i];
		double x0 = c % 2 == 0 ? xf + 0.01 : xf - 0.01 - w;
		double y0 = c < 2 ? yf + 0.012 : yf - 0.012 - LABEL_H;
		double cover = box_cover(f, x0, x0 + w, y0, y0 + LABEL_H, self);
		if (cover < best) {
			best = cover;
			pick = c;
		}
	}
	return place[pick];
}

static void write_marks(FILE *fp, const struct figure *f)
{
	for (size_t m = 0; m < f->n_marks; m++) {
		const struct fig_mark *mk = &f->marks[m];
		const char *label = mk->label && *mk->label ? mk->label : NULL;
		switch (mk->kind) {
		case MARK_HLINE:
			if (!isfinite(mk->y) || (f->logy && mk->y <= 0))
				break;
			fprintf(fp, "set arrow from graph 0, first %.10g to graph 1, first %.10g "
			        "nohead front ls 100\n", mk->y, mk->y);
			if (label) {
				fputs("set label ", fp);
				put_quoted(fp, label);
				/* Above or below the line, at its left or right end: the place
				 * covering the least data, the end farther from the data first. */
				double yf = y_fraction(f, mk->y), w = label_w(label), best = INFINITY;
				int left = hline_label_left(f, mk->y), pick = 0;
				for (int c = 0; c < 4; c++) {
					int at_left = c % 2 == 0 ? left : !left, below = c >= 2;
					double x0 = at_left ? 0.01 : 0.99 - w;
					double y0 = below ? yf - 0.015 - LABEL_H : yf + 0.015;
					double cover = box_cover(f, x0, x0 + w, y0, y0 + LABEL_H, mk);
					if (cover < best) {
						best = cover;
						pick = c;
					}
				}
				left = pick % 2 == 0 ? left : !left;
				fprintf(fp, " at graph %s, first %.10g %s offset 0,%s front "
				        "noenhanced boxed tc ls 100\n", left ? "0.01" : "0.99", mk->y,
				        left ? "left" : "right", pick >= 2 ? "-0.9" : "0.9");
			}
			break;
		case MARK_VLINE:
			if (!isfinite(mk->x) || (f->logx && mk->x <= 0))
				break;
			fprintf(fp, "set arrow from first %.10g, graph 0 to first %.10g, graph 1 "
			        "nohead front ls 100\n", mk->x, mk->x);
			if (label) {
				fputs("set label ", fp);
				put_quoted(fp, label);
				if (vline_label_low(f, mk->x))
					fprintf(fp, " at first %.10g, graph 0.02 left rotate by 90 "
					        "offset -1.4,0 front noenhanced boxed tc ls 100\n", mk->x);
				else
					fprintf(fp, " at first %.10g, graph 0.98 right rotate by 90 "
					        "offset -1.4,0 front noenhanced boxed tc ls 100\n", mk->x);
			}
			break;
		case MARK_POINT:
			if (!point_ok(f, mk->x, mk->y))
				break;
			fputs("set label ", fp);
			put_quoted(fp, label ? label : "");
			fprintf(fp, " at first %.10g, first %.10g point ls 101 %s front noenhanced boxed\n",
			        mk->x, mk->y, point_label_place(f, mk->x, mk->y, label, mk));
			break;
		}
	}
}

/* A label's box in graph fractions, estimated by label_w at the point labels' 16-pt font:
 * used to drop labels that would overlap others. */
struct label_box {
	double x0, x1, y0, y1;
};

static int boxes_overlap(const struct label_box *a, const struct label_box *b)
{
	return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/*
 * Labels of single points (chip names, batch sizes): each goes above or below, right or left
 * of its point (the side that stays inside the plot first), wherever it covers the least data
 * (box_cover) without meeting a label already placed; a label with no such place is left out.
 */
static void write_point_labels(FILE *fp, const struct figure *f)
{
	static const char *const place[4] = { "left offset 0.8,0.8", "right offset -0.8,0.8",
	                                       "left offset 0.8,-0.8", "right offset -0.8,-0.8" };
	struct label_box placed[256];
	size_t n_placed = 0;

	for (size_t k = 0; k < f->n_series; k++) {
		const struct series *s = &f->series[k];
		if (!s->point_labels)
			continue;
		for (size_t i = 0; i < s->n; i++) {
			struct label_box b, best_b = { 0, 0, 0, 0 };
			double xf, yf, w, h, best = INFINITY;
			int order[4] = { 0, 1, 2, 3 }, pick = -1;
			if (!s->point_labels[i] || !*s->point_labels[i] ||
			    !point_ok(f, s->x[i], s->y[i]) ||
			    n_placed == sizeof(placed) / sizeof(placed[0]))
				continue;
			xf = x_fraction(f, s->x[i]);
			yf = y_fraction(f, s->y[i]);
			/* point labels use a 16-pt font: 0.8 of the 20-pt label_w */
			w = 0.8 * label_w(s->point_labels[i]);
			h = 0.8 * LABEL_H;
			if (label_goes_left(f, s->x[i], s->point_labels[i])) {
				order[0] = 1; order[1] = 0; order[2] = 3; order[3] = 2;
			}
			for (int q = 0; q < 4; q++) {
				int c = order[q];
				size_t j;
				double cover;
				b.x0 = c % 2 == 0 ? xf + 0.008 : xf - 0.008 - w;
				b.x1 = b.x0 + w;
				b.y0 = c < 2 ? yf + 0.008 : yf - 0.008 - h;
				b.y1 = b.y0 + h;
				for (j = 0; j < n_placed; j++)
					if (boxes_overlap(&b, &placed[j]))
						break;
				if (j < n_placed)
					continue;
				cover = box_cover(f, b.x0, b.x1, b.y0, b.y1, NULL);
				if (cover < best) {
					best = cover;
					best_b = b;
					pick = c;
				}
			}
			if (pick < 0 || best >= 1000)
				continue; /* would meet a label already placed, or leave the plot */
			placed[n_placed++] = best_b;
			fputs("set label ", fp);
			put_quoted(fp, s->point_labels[i]);
			fprintf(fp, " at first %.10g, first %.10g %s front noenhanced boxed font ',16'\n",
			        s->x[i], s->y[i], place[pick]);
		}
	}
}

/* A log axis spanning three decades or more gets 10^n tick labels; a shorter one keeps plain
 * numbers (10^{0.3} would be unreadable). */
/* Step between whole-number ticks on a linear axis over [lo, hi]: 1, or more so that about
 * eight ticks show. */
static double int_tick_step(double lo, double hi)
{
	double span = hi - lo;
	return span > 8 ? ceil(span / 8) : 1;
}

/* The figure's fixed y range and integer ticks (doc.h axis options). */
static void write_axis_options(FILE *fp, const struct figure *f)
{
	if (f->has_yrange) {
		fputs("set yrange [", fp);
		if (isfinite(f->ymin))
			fprintf(fp, "%.17g", f->ymin);
		else
			fputc('*', fp);
		fputc(':', fp);
		if (isfinite(f->ymax))
			fprintf(fp, "%.17g", f->ymax);
		else
			fputc('*', fp);
		fputs("]\n", fp);
	} else {
		fputs("set autoscale y\n", fp);
	}
	for (int a = 0; a < 2; a++) {
		char axis = a ? 'y' : 'x';
		int on = a ? f->yint : f->xint, is_log = a ? f->logy : f->logx;
		double lo = INFINITY, hi = -INFINITY;
		if (!on || is_log) {
			fprintf(fp, "set %ctics autofreq\n", axis);
			continue;
		}
		for (size_t k = 0; k < f->n_series; k++)
			for (size_t i = 0; i < f->series[k].n; i++) {
				double v = a ? f->series[k].y[i] : f->series[k].x[i];
				if (isfinite(v)) {
					lo = fmin(lo, v);
					hi = fmax(hi, v);
				}
			}
		if (!(hi >= lo)) {
			fprintf(fp, "set %ctics autofreq\n", axis);
			continue;
		}
		fprintf(fp, "set %ctics %.17g\nset format %c '%%.0f'\nset m%ctics 1\n", axis,
			int_tick_step(lo, hi), axis, axis);
		/* half a step of room each side, so that no point sits on the frame */
		if (!a)
			fprintf(fp, "set xrange [%.17g:%.17g]\n", floor(lo) - 0.5, ceil(hi) + 0.5);
	}
}

static void write_log_axis(FILE *fp, const struct figure *f, char axis, int is_log)
{
	double lo = INFINITY, hi = 0;

	if (!is_log) {
		fprintf(fp, "unset logscale %c\n", axis);
		return;
	}
	for (size_t k = 0; k < f->n_series; k++)
		for (size_t i = 0; i < f->series[k].n; i++) {
			double v = axis == 'x' ? f->series[k].x[i] : f->series[k].y[i];
			if (isfinite(v) && v > 0) {
				lo = v < lo ? v : lo;
				hi = v > hi ? v : hi;
			}
		}
	fprintf(fp, "set logscale %c 10\n", axis);
	if (hi > 0 && hi / lo >= 1e3)
		fprintf(fp, "set format %c '10^{%%L}'\n", axis);
	else
		fprintf(fp, "set format %c '%%g'\n", axis);
}

int plot_write_figure(const struct figure *f, const char *dir, const char *style)
{
	char *gp_path = NULL, *dat_path = NULL;
	size_t *idx = NULL, mark_idx = SIZE_MAX, n_plotted = 0, n_titled = 0;
	FILE *fp = NULL;
	int rc = -1;

	if (!id_ok(f->id))
		return error("figure id '%s' is not a safe file name (letters, digits, '-', '_', "
		             "'.')", f->id ? f->id : "");
	gp_path = path_join(dir, f->id, ".gp");
	dat_path = path_join(dir, f->id, ".dat");
	idx = calloc(f->n_series ? f->n_series : 1, sizeof(*idx));
	if (!idx) {
		error("out of memory");
		goto err;
	}
	if (write_dat(f, dat_path, idx, &mark_idx) < 0)
		goto err;

	fp = fopen(gp_path, "w");
	if (!fp) {
		error("cannot write '%s': %s", gp_path, strerror(errno));
		goto err;
	}
	fprintf(fp, "# %s.gp - written by llmcost. Run `gnuplot %s.gp` in this folder to redraw "
	        "%s.png\n# from %s.dat. The style part comes from templates/style.gp.\nreset\n",
	        f->id, f->id, f->id, f->id);
	if (style && *style) {
		fputs(style, fp);
		if (style[strlen(style) - 1] != '\n')
			fputc('\n', fp);
	} else {
		fputs("set terminal pngcairo size 960,600 font 'DejaVu Sans,16' "
		      "background rgb 'white'\nset style line 100 lc rgb '#555555' dt 2 lw 2\n"
		      "set style line 101 lc rgb '#000000' pt 7 ps 1.5\n"
		      "set style textbox opaque noborder margins 0.5,0.5\n", fp);
	}
	fputs("# ---- figure ----\n", fp);
	fprintf(fp, "set output '%s.png'\n", f->id);
	fputs("set title ", fp);
	put_quoted(fp, f->title ? f->title : "");
	fputs(" noenhanced\nset xlabel ", fp);
	put_quoted(fp, f->xlabel ? f->xlabel : "");
	fputs(" noenhanced\nset ylabel ", fp);
	put_quoted(fp, f->ylabel ? f->ylabel : "");
	fputs(" noenhanced\n", fp);
	write_log_axis(fp, f, 'x', f->logx);
	write_log_axis(fp, f, 'y', f->logy);
	write_axis_options(fp, f);

	for (size_t k = 0; k < f->n_series; k++)
		if (idx[k] != SIZE_MAX) {
			n_plotted++;
			if (f->series[k].title && *f->series[k].title)
				n_titled++;
		}
	/* The legend goes below the graph so that it never hides data. gnuplot overestimates
	 * the width of long titles (one column where two fit): narrow their entries a little. */
	if (n_titled) {
		size_t max_len = 0;
		for (size_t k = 0; k < f->n_series; k++)
			if (idx[k] != SIZE_MAX && f->series[k].title &&
			    strlen(f->series[k].title) > max_len)
				max_len = strlen(f->series[k].title);
		fprintf(fp, "set key below center horizontal height 1 width %d\n",
		        max_len >= 24 ? -2 : 0);
		/* A legend of more than three rows (about 12.5 px per character plus the sample,
		 * on the style's 1200-px canvas) would squeeze the graph until a long y label no
		 * longer fits beside it: the canvas grows by one key row per row past three. */
		{
			size_t per_row = (size_t)(1150.0 / (12.5 * (double)max_len + 110.0));
			size_t rows = (n_titled + (per_row ? per_row : 1) - 1) / (per_row ? per_row : 1);
			if (rows > 3)
				fprintf(fp, "set terminal pngcairo size 1200,%zu\n", 780 + 38 * (rows - 3));
		}
	} else {
		fputs("unset key\n", fp);
	}
	write_marks(fp, f);
	write_point_labels(fp, f);

	if (n_plotted == 0 && mark_idx == SIZE_MAX) {
		fputs("set label 'no data' at graph 0.5, graph 0.5 center\nunset logscale\n"
		      "set format x ''\nset format y ''\n"
		      "set xrange [0:1]\nset yrange [0:1]\nplot 2 notitle\n", fp);
	} else {
		size_t style_no = 0;
		const char *sep = "plot ";
		if (mark_idx != SIZE_MAX) {
			/* Invisible anchors, first so that the data is drawn over them. */
			fprintf(fp, "plot '%s.dat' index %zu using 1:2 with dots lc rgb 'white' "
			        "notitle", f->id, mark_idx);
			sep = ", \\\n     ";
		}
		for (size_t k = 0; k < f->n_series; k++) {
			const struct series *s = &f->series[k];
			if (idx[k] == SIZE_MAX)
				continue;
			fprintf(fp, "%s'%s.dat' index %zu using 1:2 with %s ls %zu ", sep, f->id,
			        idx[k], with_style(s->style), style_no % N_LINE_STYLES + 1);
			style_no++;
			if (s->title && *s->title) {
				fputs("title ", fp);
				put_quoted(fp, s->title);
				fputs(" noenhanced", fp);
			} else {
				fputs("notitle", fp);
			}
			sep = ", \\\n     ";
		}
		fputc('\n', fp);
	}
	fputs("unset output\n", fp);
	if (ferror(fp) | fclose(fp)) {
		fp = NULL;
		error("cannot write '%s': %s", gp_path, strerror(errno));
		goto err;
	}
	fp = NULL;
	rc = 0;
err:
	if (fp)
		fclose(fp);
	free(idx);
	free(gp_path);
	free(dat_path);
	return rc;
}

/* ---- rendering ---- */

/* The gnuplot program: $LLMCOST_GNUPLOT or "gnuplot", resolved through PATH. Returns a malloc'd
 * absolute-or-relative path of an executable, or NULL. */
static char *find_gnuplot(void)
{
	const char *name = getenv("LLMCOST_GNUPLOT");
	const char *path = getenv("PATH");

	if (!name || !*name)
		name = "gnuplot";
	if (strchr(name, '/'))
		return access(name, X_OK) == 0 ? strdup(name) : NULL;
	if (!path)
		path = "/usr/bin:/bin";
	while (*path) {
		size_t len = strcspn(path, ":");
		char *cand = malloc(len + strlen(name) + 2);
		if (!cand)
			return NULL;
		if (len == 0)
			snprintf(cand, strlen(name) + 3, "./%s", name);
		else
			snprintf(cand, len + strlen(name) + 2, "%.*s/%s", (int)len, path, name);
		if (access(cand, X_OK) == 0)
			return cand;
		free(cand);
		path += len;
		if (*path == ':')
			path++;
	}
	return NULL;
}

/* Appends s to the shell command in buf as a single-quoted word. */
static void shell_quote(char *buf, size_t size, const char *s)
{
	size_t n = strlen(buf);
#define PUT(c) do { if (n + 1 < size) buf[n++] = (c); } while (0)
	PUT('\'');
	for (; *s; s++) {
		if (*s == '\'') {
			PUT('\'');
			PUT('\\');
			PUT('\'');
			PUT('\'');
		} else {
			PUT(*s);
		}
	}
	PUT('\'');
#undef PUT
	buf[n] = '\0';
}

/* Is this stderr line of gnuplot an error message ("...line N: message")? */
static const char *error_text(const char *line)
{
	const char *p = strstr(line, "line ");
	while (p) {
		const char *q = p + 5;
		if (*q >= '0' && *q <= '9') {
			while (*q >= '0' && *q <= '9')
				q++;
			if (q[0] == ':' && q[1] == ' ')
				return line;
		}
		p = strstr(p + 1, "line ");
	}
	return NULL;
}

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Reads gnuplot's stderr log: reports errors and warnings with the figure they belong to.
 * Returns the number of errors. */
static int scan_log(const char *log_path)
{
	FILE *fp = fopen(log_path, "r");
	char *line = NULL, fig[256] = "";
	size_t cap = 0;
	ssize_t len;
	int n_err = 0;

	if (!fp)
		return 0;
	while ((len = getline(&line, &cap, fp)) >= 0) {
		const char *s;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		s = skip_space(line);
		if (!*s)
			continue;
		if (strncmp(s, MARKER, strlen(MARKER)) == 0) {
			snprintf(fig, sizeof(fig), "%s", s + strlen(MARKER));
			continue;
		}
		if (strncmp(s, "gnuplot>", 8) == 0 || s[0] == '^')
			continue; /* echo of the failing command and the caret under it */
		if (strncasecmp(s, "warning:", 8) == 0 || strstr(s, ": warning:")) {
			warning("figure '%s': gnuplot: %s", *fig ? fig : "?", s);
			continue;
		}
		if (error_text(s)) {
			error("figure '%s': gnuplot: %s", *fig ? fig : "?", s);
			n_err++;
			continue;
		}
		warning("figure '%s': gnuplot: %s", *fig ? fig : "?", s);
	}
	free(line);
	fclose(fp);
	return n_err;
}

int plot_render(const char *dir, const char *const *ids, size_t n_ids)
{
	char *gnuplot = NULL, *log_path = NULL, *cmd = NULL;
	FILE *pipe = NULL;
	size_t cmd_size;
	int rc = EXIT_TOOL, status, n_err;

	if (n_ids == 0)
		return 0;
	gnuplot = find_gnuplot();
	if (!gnuplot) {
		const char *name = getenv("LLMCOST_GNUPLOT");
		error("gnuplot not found ('%s'): install the Debian package gnuplot-nox",
		      name && *name ? name : "gnuplot");
		return EXIT_TOOL;
	}
	log_path = path_join(dir, ".gnuplot-stderr", ".log");
	cmd_size = 2 * (strlen(gnuplot) + strlen(log_path)) + 64;
	cmd = malloc(cmd_size);
	if (!cmd) {
		error("out of memory");
		goto out;
	}
	snprintf(cmd, cmd_size, "exec ");
	shell_quote(cmd, cmd_size, gnuplot);
	snprintf(cmd + strlen(cmd), cmd_size - strlen(cmd), " 2>");
	shell_quote(cmd, cmd_size, log_path);

	signal(SIGPIPE, SIG_IGN);
	fflush(NULL);
	pipe = popen(cmd, "w");
	if (!pipe) {
		error("cannot run gnuplot: %s", strerror(errno));
		goto out;
	}
	fputs("cd ", pipe);
	put_quoted(pipe, dir);
	fputc('\n', pipe);
	for (size_t i = 0; i < n_ids; i++) {
		if (!id_ok(ids[i]))
			continue;
		fprintf(pipe, "print '%s%s'\nload '%s.gp'\n", MARKER, ids[i], ids[i]);
	}
	fputs("exit\n", pipe);
	if (fflush(pipe) != 0)
		error("cannot write to gnuplot: %s", strerror(errno));
	status = pclose(pipe);
	pipe = NULL;
	n_err = scan_log(log_path);
	if (status == -1) {
		error("gnuplot: %s", strerror(errno));
		goto out;
	}
	if (WIFSIGNALED(status)) {
		error("gnuplot was killed by signal %d", WTERMSIG(status));
		goto out;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && n_err == 0) {
		error("cannot run '%s'", gnuplot);
		goto out;
	}
	if (n_err)
		goto out;
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		error("gnuplot failed (exit status %d)", WEXITSTATUS(status));
		goto out;
	}
	rc = 0;
	for (size_t i = 0; i < n_ids; i++) {
		char *png = path_join(dir, ids[i], ".png");
		unsigned w, h;
		if (png_read_size(png, &w, &h) < 0) {
			error("figure '%s': gnuplot wrote no valid image '%s'", ids[i], png);
			rc = EXIT_TOOL;
		}
		free(png);
	}
out:
	if (pipe)
		pclose(pipe);
	if (log_path)
		unlink(log_path);
	free(log_path);
	free(cmd);
	free(gnuplot);
	return rc;
}

/* ---- PNG check ---- */

static unsigned be32(const unsigned char *p)
{
	return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

static unsigned long crc32_update(unsigned long crc, const unsigned char *p, size_t n)
{
	static unsigned long table[256];
	static int ready;
	if (!ready) {
		for (unsigned long i = 0; i < 256; i++) {
			unsigned long c = i;
			for (int k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320UL ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
		ready = 1;
	}
	for (size_t i = 0; i < n; i++)
		crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return crc;
}

/*
 * libpng (inside libharu) ends the whole process on a damaged file, so every chunk is walked
 * and its CRC checked here first: a truncated or corrupted image is refused before libharu
 * sees it. The file must start with the signature and IHDR and end exactly with IEND.
 */
int png_read_size(const char *path, unsigned *width, unsigned *height)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	long size;
	size_t pos, n;
	int ok = 0, seen_iend = 0;

	if (!fp)
		return -1;
	if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 8 + 25 + 12 ||
	    size > 256L * 1024 * 1024 || fseek(fp, 0, SEEK_SET) != 0)
		goto out;
	n = (size_t)size;
	buf = malloc(n);
	if (!buf || fread(buf, 1, n, fp) != n)
		goto out;
	if (memcmp(buf, sig, 8) != 0 || be32(buf + 8) != 13 || memcmp(buf + 12, "IHDR", 4) != 0)
		goto out;
	for (pos = 8; pos + 12 <= n && !seen_iend; ) {
		size_t len = be32(buf + pos);
		unsigned long crc;
		if (len > n - pos - 12)
			goto out;
		crc = crc32_update(0xffffffffUL, buf + pos + 4, len + 4) ^ 0xffffffffUL;
		if (crc != be32(buf + pos + 8 + len))
			goto out;
		seen_iend = memcmp(buf + pos + 4, "IEND", 4) == 0;
		pos += len + 12;
	}
	if (!seen_iend || pos != n)
		goto out;
	*width = be32(buf + 16);
	*height = be32(buf + 20);
	ok = *width > 0 && *height > 0 && *width < 100000 && *height < 100000;
out:
	free(buf);
	fclose(fp);
	return ok ? 0 : -1;
}
