/*
 * err.h - one place where every error message is formatted and sent.
 *
 * Messages are single lines. Positioned ones read "file:line:col: message" (the form editors and
 * the interface contract expect); others read "llmcost: message". By default they go to stderr;
 * tests install a sink to capture them and pin their exact text. Functions return -1 so callers
 * can write "return error(...)".
 */
#ifndef LLMCOST_ERR_H
#define LLMCOST_ERR_H

#include <stdarg.h>
#include <stddef.h>

/* Exit codes, documented in the README. */
enum exit_code {
	EXIT_OK_ = 0,       /* success */
	EXIT_USAGE = 2,     /* bad command line */
	EXIT_INPUT = 3,     /* bad input table or template */
	EXIT_TOOL = 4,      /* a required tool or file (gnuplot, font) is missing or failed */
	EXIT_OUTPUT = 5,    /* cannot write the output */
	EXIT_ALERT = 6,     /* report built, but a headline number moved past --alert-pct */
	EXIT_NO_PLAN = 7,   /* plan: no configuration meets the constraints */
	EXIT_BUSY = 8,      /* another build holds the output folder's lock */
	EXIT_INTERNAL = 70  /* a bug */
};

typedef void (*err_sink_fn)(const char *line, void *ctx);

/* Install a sink (NULL restores stderr). Returns nothing; not thread-safe by design. */
void err_set_sink(err_sink_fn fn, void *ctx);

/* Number of messages reported since the last err_reset_count(). */
size_t err_count(void);
void err_reset_count(void);

/* "llmcost: <fmt>"; returns -1. */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "<file>:<line>:<col>: <fmt>"; col 0 omits the column, line 0 omits line and column. */
int error_at(const char *file, long line, long col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* "llmcost: warning: <fmt>"; does not count as an error. */
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int error_v(const char *file, long line, long col, const char *fmt, va_list ap);

#endif
