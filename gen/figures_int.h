/*
 * figures_int.h - internals shared by the report-content files: figures.c builds the doc by
 * calling figures_serving() (figures.md items 3-10, seeds 000 and 001, gen/figures_serving.c)
 * and then figures_econ() (items 2 and 11-22, seeds 002 and 003, gen/figures_econ.c). Both
 * take the same arguments as figures_build() and return 0, or -1 after reporting an error.
 * The formatting helpers (gen/figures_util.c) give the house forms of money, time and counts.
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

/* Econ helper: add declarations for helpers you append to figures_util.c below this line. */

#endif
