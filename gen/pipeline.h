/*
 * pipeline.h - the `report` command end to end: load the inputs, build the report's content
 * (figures.c), render every figure through one gnuplot process (plot.c), lay out the PDF from a
 * template (report.c), and replace out/report.pdf atomically. A run that fails leaves the
 * previous report and figures untouched.
 */
#ifndef LLMCOST_PIPELINE_H
#define LLMCOST_PIPELINE_H

struct report_opts {
	const char *inputs_dir;    /* default "inputs" */
	const char *out_dir;       /* default "out" */
	const char *templates_dir; /* default "templates" */
	const char *template_name; /* default "report" */
	long as_of;                /* yyyymmdd; 0 = today */
	double usd_per_gpu_hour;   /* > 0 overrides every rental price */
	int quiet;
};

void report_opts_init(struct report_opts *o);
/* Returns an enum exit_code. */
int pipeline_report(const struct report_opts *o);

#endif
