/*
 * doc.h - the report's content as data, between the stage that computes it and the stages that
 * draw it.
 *
 * figures.c fills a struct doc from the inputs and the estimator: each figure as series of
 * points with titles, axes and marks; each table as typeset-ready cells (already formatted with
 * units and sensible precision); and named values that templates print with {{name}}. plot.c
 * turns figures into gnuplot scripts and images; report.c lays out the PDF from a template, the
 * tables and the images. Nothing here does I/O. All strings are owned by the doc.
 */
#ifndef LLMCOST_DOC_H
#define LLMCOST_DOC_H

#include <stddef.h>

enum series_style { STYLE_LINES, STYLE_POINTS, STYLE_LINESPOINTS, STYLE_IMPULSES };

struct series {
	char *title;          /* legend text, untrusted (may come from a CSV) */
	enum series_style style;
	size_t n;
	double *x, *y;
	char **point_labels;  /* NULL, or n labels (NULL entries allowed) */
};

/* A labelled point or a reference line (horizontal at y, or vertical at x). */
struct fig_mark {
	enum { MARK_POINT, MARK_HLINE, MARK_VLINE } kind;
	double x, y;
	char *label;
};

struct figure {
	char *id;             /* "03-prefill-cost": file stem under out/figures/ */
	char *title, *xlabel, *ylabel; /* axis labels carry units */
	int logx, logy;
	struct series *series; size_t n_series;
	struct fig_mark *marks; size_t n_marks;
	char *caption;        /* default caption; a template may replace it */
	/* Axis options (figure_set_yrange, or set directly): a fixed y range when has_yrange,
	 * each end NaN to leave it automatic (ymin 0 starts a linear axis at zero); integer
	 * ticks on x or y (years, counts: no 2019.5). Zero: gnuplot's automatic choice. */
	int has_yrange;
	double ymin, ymax;
	int xint, yint;
};

enum cell_align { ALIGN_LEFT, ALIGN_RIGHT };

struct table {
	char *id;             /* "05-latency": file stem under out/tables/ */
	char *title;
	size_t ncols, nrows;
	char **head;          /* ncols header texts, with units */
	enum cell_align *align; /* ncols */
	double *min_w_frac;   /* ncols: least share of the line each column gets when laid out
	                       * (0: as the layout finds best); table_set_min_width */
	char **cells;         /* nrows x ncols formatted cells, row-major */
	double *raw;          /* nrows x ncols numbers for the CSV export (NaN for text) */
	char *caption;
};

/* A named number for templates: {{name}} prints text; {{name:fmt}} reformats value. */
struct value {
	char *name;
	double v;
	char *unit;           /* "USD", "s", "token/s", ... */
	char *text;           /* default formatting, with unit */
};

struct doc {
	struct figure *figures; size_t n_figures;
	struct table *tables;   size_t n_tables;
	struct value *values;   size_t n_values;
};

void doc_init(struct doc *d);
void doc_release(struct doc *d);
const struct figure *doc_find_figure(const struct doc *d, const char *id);
const struct table *doc_find_table(const struct doc *d, const char *id);
const struct value *doc_find_value(const struct doc *d, const char *name);

/*
 * Builders (gen/doc.c). Every string argument is copied into the doc; NULL strings stay NULL
 * (or become "" for table cells). Running out of memory ends the program (EXIT_INTERNAL), so
 * builders return no error codes. A pointer returned by doc_add_figure/doc_add_table/
 * doc_add_value stays valid until the next call adding the same kind of item to the same doc;
 * a series pointer until the next figure_add_series on that figure.
 *
 *   struct figure *f = doc_add_figure(d, "03-prefill-cost", "Prompt cost vs TTFT",
 *                                     "time to first token (s)", "USD per 1K prompt tokens");
 *   f->logx = 1;
 *   struct series *s = figure_add_series(f, "prompt 512", STYLE_LINESPOINTS, xs, ys, n);
 *   series_add_point(s, 0.5, 0.001);          (append one point)
 *   series_set_point_label(s, 0, "b=1");       (label point 0; allocates the label array)
 *   figure_add_mark(f, MARK_HLINE, 0, 0.0015, "API prompt price");
 *   figure_set_caption(f, "Cost of %d prompt tokens ...", 1000);
 *
 *   static const char *head[] = { "batch", "TTFT (s)", "$/1K prompt" };
 *   struct table *t = doc_add_table(d, "05-latency", "Latency", 3, head);
 *       (column 0 is ALIGN_LEFT, the others ALIGN_RIGHT; change with table_set_align)
 *   size_t r = table_add_row(t);              (cells "" and raw NaN until set)
 *   table_set_cell(t, r, 0, "1", 1.0);        (text as typeset, raw number for the CSV)
 *   table_set_cellf(t, r, 1, ttft_s, "%.2f", ttft_s);
 *   table_set_text(t, r, 2, "n/a");           (raw NaN)
 *   table_set_caption(t, "...");
 *
 *   doc_add_value(d, "gen_cost_b32", 0.00043, "USD", "$0.00043");
 *   doc_add_valuef(d, "ridge_flop_per_byte", 156.0, "FLOP/byte", "%.0f FLOP/byte", 156.0);
 *       (a later value with the same name replaces the earlier one)
 *
 * Number formatting helpers for cells and value texts (both return buf):
 *   doc_fmt_sig(buf, n, 0.000431, 2)  -> "0.00043"    (significant digits, no exponent for
 *   doc_fmt_sig(buf, n, 2.8712, 3)    -> "2.87"        1e-6 <= |v| < 1e15, thousands grouped
 *   doc_fmt_sig(buf, n, 123456, 3)    -> "123,000"     with ',' from 10,000 up)
 *   doc_fmt_si(buf, n, 1.72e6, 3)     -> "1.72 M"     (k, M, B, T suffixes; below 1000 as
 *                                                       doc_fmt_sig)
 */
struct figure *doc_add_figure(struct doc *d, const char *id, const char *title,
                              const char *xlabel, const char *ylabel);
void figure_set_caption(struct figure *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
struct series *figure_add_series(struct figure *f, const char *title, enum series_style style,
                                 const double *x, const double *y, size_t n);
void series_add_point(struct series *s, double x, double y);
void series_set_point_label(struct series *s, size_t i, const char *label);
void figure_add_mark(struct figure *f, int kind, double x, double y, const char *label);
/* A fixed y range; either end NaN stays automatic (figure_set_yrange(f, 0, NAN): from zero). */
void figure_set_yrange(struct figure *f, double ymin, double ymax);

struct table *doc_add_table(struct doc *d, const char *id, const char *title, size_t ncols,
                            const char *const *head);
void table_set_align(struct table *t, size_t col, enum cell_align a);
/* Column col takes at least frac (0..1) of the line in the PDF, its words wrapping inside:
 * for a column of long notes that the layout would otherwise squeeze. */
void table_set_min_width(struct table *t, size_t col, double frac);
void table_set_caption(struct table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
size_t table_add_row(struct table *t);
void table_set_cell(struct table *t, size_t row, size_t col, const char *text, double raw);
void table_set_cellf(struct table *t, size_t row, size_t col, double raw, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void table_set_text(struct table *t, size_t row, size_t col, const char *text);

struct value *doc_add_value(struct doc *d, const char *name, double v, const char *unit,
                            const char *text);
struct value *doc_add_valuef(struct doc *d, const char *name, double v, const char *unit,
                             const char *fmt, ...) __attribute__((format(printf, 5, 6)));

char *doc_fmt_sig(char *buf, size_t size, double v, int sig);
char *doc_fmt_si(char *buf, size_t size, double v, int sig);

#endif
