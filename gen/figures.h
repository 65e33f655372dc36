/*
 * figures.h - the report's content: every figure and table of shared/reference/figures.md,
 * computed from the inputs with the estimator, as a struct doc (doc.h). No I/O.
 */
#ifndef LLMCOST_FIGURES_H
#define LLMCOST_FIGURES_H

#include "doc.h"
#include "model.h"

struct figures_opts {
	long as_of;              /* yyyymmdd: prices in force on that date */
	double usd_per_gpu_hour; /* > 0 overrides every rental price */
};

/* Fills d (initialised by the caller). Returns 0, or -1 after reporting an error. */
int figures_build(const struct inputs *in, const struct figures_opts *o, struct doc *d);

#endif
