/*
 * cli.h - the command line: every command with its options (name, value, meaning, default,
 * unit), the parser that maps argv onto them ("--opt value" and "--opt=value"), the help texts,
 * and the parsers of option values (counts, fractions, dates, precisions) shared by the
 * commands and by sweeps.csv. Each parser reports a problem as one line through err.h and
 * returns -1; the caller picks the exit code (usage error for the command line, input error for
 * a table).
 */
#ifndef LLMCOST_CLI_H
#define LLMCOST_CLI_H

#include <stdio.h>

#include "estimate.h"
#include "fmt.h"

#define LLMCOST_VERSION "0.1.0"
#define CLI_MAX_OPTS 32

struct opt_spec {
	const char *name; /* without the leading "--" */
	const char *arg;  /* placeholder of the value ("N", "NAME"); NULL for a flag */
	const char *help; /* one line: meaning, unit, default */
};

struct command {
	const char *name;
	const char *summary;  /* one line for `llmcost --help` */
	const char *synopsis; /* the usage line(s) */
	const char *about;    /* a paragraph after the usage */
	const struct opt_spec *opts;
	size_t n_opts;
};

/* Parsed options: val[i] belongs to cmd->opts[i]; NULL when absent, "" for a given flag. */
struct cli {
	const struct command *cmd;
	const char *val[CLI_MAX_OPTS];
	int help; /* --help or -h was given */
};

/* The command named name, or NULL. */
const struct command *cli_find_command(const char *name);
/* The command nearest to a misspelt name, or NULL. */
const char *cli_suggest_command(const char *name);

/* Maps argv[0..argc) (the words after the command name) onto cmd's options. Returns 0, or -1
 * after reporting an unknown option (with the nearest name), a missing value, a value given to
 * a flag or a stray word. */
int cli_parse(struct cli *c, const struct command *cmd, int argc, char **argv);
/* The value of option name ("gpus"), or NULL. */
const char *cli_get(const struct cli *c, const char *name);

void cli_print_usage(FILE *fp);                               /* llmcost --help */
void cli_print_help(FILE *fp, const struct command *cmd);     /* llmcost CMD --help */
/* The hint line after a usage error: "try 'llmcost estimate --help'" (cmd NULL: --help). */
void cli_hint(const struct command *cmd);

/* Levenshtein distance, ignoring ASCII case. */
size_t edit_distance(const char *a, const char *b);
/* Whether a distance is small enough to suggest: at most 2, or a third of the word. */
int close_enough(size_t dist, const char *word);

/* Where a value came from, for messages: what = "--gpus" on the command line, or a column
 * name with file and line for a table (file NULL: the command line). */
struct where {
	const char *file;
	long line;
	const char *what;
};

int parse_posint(const struct where *w, const char *s, long *out);     /* 1, 2, ... */
int parse_batch(const struct where *w, const char *s, long *out);      /* posint or max (0) */
int parse_fraction(const struct where *w, const char *s, double *out); /* (0, 1] */
int parse_prob(const struct where *w, const char *s, double *out);     /* [0, 1] */
int parse_share(const struct where *w, const char *s, double *out);    /* (0, 1] */
int parse_mode(const struct where *w, const char *s, enum serve_mode *out);
/* "K/N" with 1 <= K <= N: part K of N. */
int parse_shard(const struct where *w, const char *s, long *k, long *n);
int parse_nonneg(const struct where *w, const char *s, double *out);   /* >= 0 */
int parse_posnum(const struct where *w, const char *s, double *out);   /* > 0, 13e12 ok */
int parse_prec(const struct where *w, const char *s, enum precision *out);
int parse_format(const struct where *w, const char *s, enum out_format *out);
/* Training switches, as the numbers train_cfg takes: fp8 0/1, unfused 0/1, full 0/1, 1 or 3. */
int parse_train_prec(const struct where *w, const char *s, long *out); /* bf16 fp16 fp8 */
int parse_attention(const struct where *w, const char *s, long *out);  /* flash unfused */
int parse_recompute(const struct where *w, const char *s, long *out);  /* auto full */
int parse_zero(const struct where *w, const char *s, long *out);       /* 1 3 */
int parse_date(const struct where *w, const char *s, long *yyyymmdd);  /* YYYY-MM-DD */
long today_yyyymmdd(void);                                            /* UTC */

/* A value parser above: reports a bad value naming w->what and returns -1, else 0. */
typedef int (*num_parse_fn)(const struct where *w, const char *s, double *out);
typedef int (*long_parse_fn)(const struct where *w, const char *s, long *out);

/*
 * The value of option name ("gpus") of c, parsed by parse into *out with messages naming
 * "--gpus": 1 when given and valid, 0 when absent (*out untouched), -1 after reporting a bad
 * value.
 */
int cli_get_num(const struct cli *c, const char *name, num_parse_fn parse, double *out);
int cli_get_long(const struct cli *c, const char *name, long_parse_fn parse, long *out);
/* --format of c into *fmt; absent, a table when out is a terminal and CSV elsewhere. Returns 0,
 * or -1 after reporting a bad value. */
int cli_get_format(const struct cli *c, FILE *out, enum out_format *fmt);

#endif
