/*
 * figures_int.h - internals shared by the report-content files: figures.c builds the doc by
 * calling figures_serving() (figures.md items 3-10, seeds 000 and 001, gen/figures_serving.c),
 * then figures_econ() (items 2 and 11-22, seeds 002 and 003, gen/figures_econ.c and the
 * figures_econ_*.c files it runs, see figures_econ.h) and figures_valid(). All take the same
 * arguments as figures_build() and return 0, or -1 after reporting an error. The helpers of
 * gen/figures_util.c give the house forms of money, time and counts, as text, as table cells
 * and as template values.
 */
#ifndef LLMCOST_FIGURES_INT_H
#define LLMCOST_FIGURES_INT_H

#include <stddef.h>

#include "doc.h"
#include "figures.h"
#include "model.h"

int figures_serving(const struct inputs *in, const struct figures_opts *o, struct doc *d);
int figures_econ(const struct inputs *in, const struct figures_opts *o, struct doc *d);
/* The Validation page (21-validation) and the planner page (23-plan), gen/figures_valid.c. */
int figures_valid(const struct inputs *in, const struct figures_opts *o, struct doc *d);

/* "$0.00043", "$1.20", "$4.6 M" (3 significant digits; large amounts with k/M/B suffix). */
char *fmt_usd(double usd, char *buf, size_t size);
/* "2.87 s", "35 ms", "12 µs"-style as "12 us", "3.1 h", "21 days" by magnitude. */
char *fmt_seconds(double s, char *buf, size_t size);
/* "1.72 M GPU-hours": a count with SI suffix followed by unit (unit may be NULL or ""). */
char *fmt_count(double v, const char *unit, char *buf, size_t size);
/* "35%" / "0.5%": a fraction 0..1 as a percentage with sensible precision. */
char *fmt_pct(double frac, char *buf, size_t size);

/* The rental price (USD per GPU-hour) of hw for the report: o->usd_per_gpu_hour when > 0,
 * else inputs_price_at(in, hw, o->as_of); NaN when there is none. */
double fig_price(const struct inputs *in, const struct figures_opts *o, const struct hardware *hw);

/* Relative difference (computed - article) / article, NaN when article is 0 or not finite. */
double fig_rel_diff(double computed, double article);

/* "2024-06-01" from yyyymmdd; "-" when yyyymmdd <= 0. */
void fmt_date(long yyyymmdd, char *buf, size_t n);
/* A positive count of FLOPs in scientific notation, "3.15e23" (no '+', no leading zeros);
 * "n/a" when v is not positive and finite. */
char *fmt_sci(double v, char *buf, size_t n);

/* doc_add_table, with the columns of left_cols (LEFT_COL(2) | LEFT_COL(5)) aligned left; the
 * others as doc_add_table sets them (column 0 left, the rest right). */
#define LEFT_COL(c) (1u << (c))
struct table *fig_table(struct doc *d, const char *id, const char *title, size_t ncols,
			const char *const *head, unsigned left_cols);

/* Table cells: the text as the fmt_ helpers above write it and the number as the raw value
 * (the CSV's), or "n/a" with raw NaN when the number is not finite. */
void cell_usd(struct table *t, size_t r, size_t c, double usd);
/* Whole dollars for prices of hardware: "$1599", "$30,000". */
void cell_usd_whole(struct table *t, size_t r, size_t c, double usd);
void cell_sig(struct table *t, size_t r, size_t c, double v, int sig);
/* With SI suffix, 3 significant digits: "175 B". */
void cell_si(struct table *t, size_t r, size_t c, double v);
/* A fraction as a percentage (raw: the percentage), by fmt_pct and with one decimal. */
void cell_pct(struct table *t, size_t r, size_t c, double frac);
void cell_pct1(struct table *t, size_t r, size_t c, double frac);
/* fmt_sci; "n/a" also when v <= 0. */
void cell_sci(struct table *t, size_t r, size_t c, double v);
void cell_long(struct table *t, size_t r, size_t c, long v);
/* fmt_date, raw yyyymmdd (NaN when none). */
void cell_date(struct table *t, size_t r, size_t c, long yyyymmdd);
/* A source text cut to its citation: up to the first ": " or "; ", an address in brackets
 * shortened to its host ("(huggingface.co)"), at most 120 characters on a word boundary
 * (" ..." after a cut); the input table keeps the whole text. */
void cell_source(struct table *t, size_t r, size_t c, const char *src);
/* A source text as the host of its first address ("aws.amazon.com"), else as cell_source. */
void cell_source_host(struct table *t, size_t r, size_t c, const char *src);

/* Template values in the house forms: USD by fmt_usd, a fraction by fmt_pct. */
void add_usd_value(struct doc *d, const char *name, double v);
void add_pct_value(struct doc *d, const char *name, double v);
/* A value the inputs cannot give (an optional table is missing, or has no row that fits):
 * NaN, which the headline record leaves out, and the text "n/a (why)", so that a template
 * naming it still reads: add_na_value(d, "flagship_run", "no training.csv"). */
void add_na_value(struct doc *d, const char *name, const char *why);

#endif
