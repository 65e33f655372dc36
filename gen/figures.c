/*
 * figures.c - figures_build(): the report's content. It adds the values common to the whole
 * report (the price date, the override price if any, the counts of input rows), then the
 * serving sections (figures_serving.c: seeds 000 and 001, figures.md items 3-10) and the
 * economics sections (figures_econ.c: seeds 002 and 003, items 2 and 11-22), then the
 * validation and planner pages (figures_valid.c).
 */
#include <stdio.h>

#include "figures_int.h"

/* Values every template may print: {{as_of}} (yyyy-mm-dd or "latest"), {{price_override}}
 * ("none" or "$x/GPU-hour"), {{n_models}}, {{n_hardware}}, {{n_prices}}. */
static void common_values(const struct inputs *in, const struct figures_opts *o, struct doc *d)
{
	long as_of = o ? o->as_of : 0;
	double ovr = o ? o->usd_per_gpu_hour : 0.0;

	if (as_of > 0)
		doc_add_valuef(d, "as_of", (double)as_of, "yyyymmdd", "%04ld-%02ld-%02ld",
			       as_of / 10000, as_of / 100 % 100, as_of % 100);
	else
		doc_add_value(d, "as_of", 0.0, "yyyymmdd", "latest");
	if (ovr > 0)
		doc_add_valuef(d, "price_override", ovr, "USD/GPU-hour", "$%.2f/GPU-hour", ovr);
	else
		doc_add_value(d, "price_override", 0.0, "USD/GPU-hour", "none");
	doc_add_valuef(d, "n_models", (double)in->n_models, "", "%zu", in->n_models);
	doc_add_valuef(d, "n_hardware", (double)in->n_hardware, "", "%zu", in->n_hardware);
	doc_add_valuef(d, "n_prices", (double)in->n_prices, "", "%zu", in->n_prices);
}

int figures_build(const struct inputs *in, const struct figures_opts *o, struct doc *d)
{
	struct figures_opts def = { 0, 0.0 };

	if (!o)
		o = &def;
	common_values(in, o, d);
	if (figures_serving(in, o, d) < 0)
		return -1;
	if (figures_econ(in, o, d) < 0)
		return -1;
	if (figures_valid(in, o, d) < 0)
		return -1;
	return 0;
}
