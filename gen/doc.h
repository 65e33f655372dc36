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
};

enum cell_align { ALIGN_LEFT, ALIGN_RIGHT };

struct table {
	char *id;             /* "05-latency": file stem under out/tables/ */
	char *title;
	size_t ncols, nrows;
	char **head;          /* ncols header texts, with units */
	enum cell_align *align; /* ncols */
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

#endif
