/*
 * headline.h - the machine-readable record of a build's numbers, and the comparison of two
 * records ("what changed since <date>").
 *
 * A record holds every number the report prints from the doc: each named value (kind
 * "value") and each numeric table cell (kind "cell", keyed by table id, row label and column
 * header), plus the input rows in force on the report date (kind "input": the rental price of
 * each accelerator, each model's and each accelerator's row, each API price) and the build's
 * date (kind "meta"). Each cell names, in its source field, the input rows its table row
 * mentions ("hardware.csv:H100-SXM; models.csv:LLaMA-2-70B"), so that a number that moved can
 * be traced to the input row that changed. The file is CSV with the header
 *
 *   kind,table,row,column,value,unit,text,source
 *
 * and one row per entry, values printed with %.17g (exact round trip).
 */
#ifndef LLMCOST_HEADLINE_H
#define LLMCOST_HEADLINE_H

#include <stdio.h>

#include "doc.h"
#include "model.h"

/* A number is listed as changed when it moved by at least this much, in percent. */
#define HEADLINE_MIN_PCT 1.0
/* Rows of the short table 90-what-changed-top (the brief's). */
#define HEADLINE_TOP_N 15
/* Prefix of the ids of the what-changed tables (not recorded themselves). */
#define HEADLINE_TABLE_PREFIX "90-"

struct hl_entry {
	char *kind;   /* "meta", "value", "cell", "input" */
	char *table;  /* table id, input file name, or "" */
	char *row;    /* row label, value name, input row name */
	char *column; /* column header, input column, or "" */
	double value;
	char *unit;
	char *text;   /* as printed */
	char *source; /* input rows it depends on ("file:name; ..."), or the input's file:line */
};

struct headline {
	long as_of;   /* yyyymmdd of the build, 0 when unknown */
	struct hl_entry *e;
	size_t n;
};

struct hl_change {
	const struct hl_entry *old, *cur; /* both set: moved; one NULL: added or removed */
	double pct;   /* (cur - old) / |old| x 100; +-INFINITY when old is 0; NaN: text changed */
	char *cause;  /* malloc'd text, "" when unknown */
};

struct hl_diff {
	struct hl_change *c; size_t n;         /* numbers that moved >= min_pct, largest first */
	struct hl_change *inputs; size_t n_inputs; /* input rows whose text changed */
	size_t n_added, n_removed, n_compared;
	double max_abs_pct;                    /* largest |pct| among c (0 if none) */
};

void headline_init(struct headline *h);
void headline_release(struct headline *h);

/* Fills h from the doc's values and tables and the inputs in force on as_of (usd_override
 * > 0 replaces every rental price). Tables whose id starts with HEADLINE_TABLE_PREFIX and
 * date-like values are left out. */
void headline_from_doc(struct headline *h, const struct doc *d, const struct inputs *in,
                       long as_of, double usd_override);

/* Returns 0, or -1 after reporting an error. */
int headline_write(const struct headline *h, const char *path);
/* Returns 0, or -1 after reporting an error naming path:line. */
int headline_read(struct headline *h, const char *path);

/* Compares two records: numbers that moved by at least min_pct, inputs whose text changed. */
void headline_compare(const struct headline *old, const struct headline *cur, double min_pct,
                      struct hl_diff *df);
void hl_diff_release(struct hl_diff *df);

/* "02-summary: LLaMA-2-70B, cost ($/1M)" or "value gpt4_train_usd" (into buf). */
const char *hl_entry_label(const struct hl_entry *e, char *buf, size_t size);
/* "+12.3%", "-0.5%", "from 0"; "changed" for NaN (a text value whose text changed) */
const char *hl_pct_text(double pct, char *buf, size_t size);
/* 1 when text prints value as a number ("$0.064", "70.0 B params", "64%"); 0 when the text
 * names something ("8 x MI300X, batch 166", "none") and the number is only a key. Such
 * entries are compared as text: a changed one is listed with pct NaN, after the numbers. */
int hl_text_is_number(const char *text, double value);

/*
 * Adds to d the what-changed page's content: tables 90-what-changed (number, old, new, change,
 * cause), 90-what-changed-top (its first HEADLINE_TOP_N rows) and 90-input-changes, and the values changed_since (the earlier record's date, or
 * "no earlier record"), changed_summary (one sentence), n_changed and max_change_pct.
 * old NULL: there was no earlier record.
 */
void headline_add_to_doc(struct doc *d, const struct headline *old, const struct hl_diff *df);

/* Prints the changes as tab-separated lines with a header, then the summary sentence. */
void headline_print_diff(FILE *fp, const struct headline *old, const struct headline *cur,
                         const struct hl_diff *df);

/* The one-sentence summary ("3 numbers moved by at least 1% since 2024-06-01 ..."). */
void headline_summary(char *buf, size_t size, const struct headline *old,
                      const struct hl_diff *df);

/* Whether the largest change reaches alert_pct; if so writes the alert line into buf. */
int headline_alert(char *buf, size_t size, const struct headline *old, const struct hl_diff *df,
                   double alert_pct);

#endif
