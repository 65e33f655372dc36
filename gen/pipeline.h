/*
 * pipeline.h - the `report` command end to end: lock the output folder (lock.h), load the
 * inputs, build the report's content (figures.c), record its numbers and compare them with the
 * previous record (headline.h), render the figures whose fingerprint changed through one
 * gnuplot process (plot.c, manifest.h), lay out one PDF per template (report.c), replace
 * out/NAME.pdf atomically and archive it as out/archive/NAME-DATE.pdf. A run that fails leaves
 * the previous report and figures untouched.
 */
#ifndef LLMCOST_PIPELINE_H
#define LLMCOST_PIPELINE_H

struct report_opts {
	const char *inputs_dir;    /* default "inputs" */
	const char *out_dir;       /* default "out" */
	const char *templates_dir; /* default "templates" */
	const char *template_name; /* default "report"; a comma-separated list builds several
	                              PDFs (out/NAME.pdf each) from the same figures */
	long as_of;                /* yyyymmdd; 0 = today */
	double usd_per_gpu_hour;   /* > 0 overrides every rental price */
	int quiet;
	double alert_pct;          /* default 5: a headline number moving this much -> EXIT_ALERT */
	long keep;                 /* default 30: archived PDFs kept per template; 0 = none */
	double wait_s;             /* default 0: how long to wait for another build's lock */
};

void report_opts_init(struct report_opts *o);
/* Returns an enum exit_code: 0, or EXIT_ALERT after a complete build whose numbers moved by
 * alert_pct or more since the previous record, or an error code. */
int pipeline_report(const struct report_opts *o);

/* `llmcost diff OLD NEW`: prints the changes between two headline records (headline.h).
 * Returns 0, EXIT_ALERT if a number moved by alert_pct or more, or EXIT_INPUT. */
int pipeline_diff(const char *old_path, const char *new_path, double alert_pct);

#endif
