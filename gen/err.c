/*
 * err.c - formats error lines and hands them to the current sink (stderr unless a test
 * installed its own). Keeping this in one function is what lets tests pin exact messages.
 */
#include "err.h"

#include <stdio.h>

static err_sink_fn sink;
static void *sink_ctx;
static size_t n_errors;

void err_set_sink(err_sink_fn fn, void *ctx)
{
	sink = fn;
	sink_ctx = ctx;
}

size_t err_count(void) { return n_errors; }
void err_reset_count(void) { n_errors = 0; }

/* Sends one message line. Control characters (a newline or a terminal escape inside a name
 * typed on the command line) are written as \n, \t, \r or \xNN so that a message is always
 * one line and never drives the terminal. */
static void emit(const char *line)
{
	char safe[4 * 1024 + 1];
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)line;

	for (; *p && o + 5 < sizeof(safe); p++) {
		if (*p >= 0x20 && *p != 0x7F)
			safe[o++] = (char)*p;
		else if (*p == '\n' || *p == '\t' || *p == '\r') {
			safe[o++] = '\\';
			safe[o++] = *p == '\n' ? 'n' : *p == '\t' ? 't' : 'r';
		} else
			o += (size_t)snprintf(safe + o, sizeof(safe) - o, "\\x%02X", *p);
	}
	safe[o] = '\0';
	if (sink)
		sink(safe, sink_ctx);
	else
		fprintf(stderr, "%s\n", safe);
}

int error_v(const char *file, long line, long col, const char *fmt, va_list ap)
{
	char buf[1024];
	int n;

	if (!file)
		n = snprintf(buf, sizeof(buf), "llmcost: ");
	else if (line <= 0)
		n = snprintf(buf, sizeof(buf), "%s: ", file);
	else if (col <= 0)
		n = snprintf(buf, sizeof(buf), "%s:%ld: ", file, line);
	else
		n = snprintf(buf, sizeof(buf), "%s:%ld:%ld: ", file, line, col);
	if (n < 0 || (size_t)n >= sizeof(buf))
		n = 0;
	vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	n_errors++;
	emit(buf);
	return -1;
}

int error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_v(NULL, 0, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int error_at(const char *file, long line, long col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_v(file, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	char buf[1024];
	int n = snprintf(buf, sizeof(buf), "llmcost: warning: ");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	va_end(ap);
	emit(buf);
}
