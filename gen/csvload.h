/*
 * csvload.h - read one CSV table against a schema, with every problem named file:line:col.
 *
 * A schema is an array of column specs (name, type, flags). The loader reads the file with
 * libcsv in strict mode, one physical line at a time so that it always knows where it is;
 * maps the header's names to the specs (column order is free, names starting "x_" are notes
 * and ignored, anything else unknown is an error); converts and checks every field; and hands
 * each good row, already typed, to a callback. It reports every problem it finds (at most
 * CSVLOAD_MAX_ERRORS per file, then one "too many errors" line) through err.h, in the form
 *
 *     path:line:col: column: what was expected, what was found
 *
 * where col is the 1-based index of the field in its row. The callback may add its own
 * cross-field checks with csv_field_error(), which uses the same form.
 */
#ifndef LLMCOST_CSVLOAD_H
#define LLMCOST_CSVLOAD_H

#include <stddef.h>

#define CSVLOAD_MAX_ERRORS 20 /* problems reported per file before giving up on it */
/* Largest input file read, bytes: a larger one is refused from its size alone, before a byte
 * is read (a 1 GB file costs nothing). 64 MiB holds TABLE_MAX_ROWS rows of 670 bytes. */
#define CSVLOAD_MAX_FILE_BYTES (64L * 1024 * 1024)
/* Longest field the parser buffers, bytes: past it the file is given up at once (text fields
 * hold FIELD_MAX_BYTES of model.h at most anyway; a stray quote can make the rest of a file
 * one field). */
#define CSVLOAD_MAX_FIELD_BYTES (1024L * 1024)

enum csv_type {
	CSV_T_TEXT,    /* trimmed UTF-8 text */
	CSV_T_NUMBER,  /* finite double: 70e9, 70000000000, 0.64 */
	CSV_T_INTEGER, /* a number with no fraction, within int range */
	CSV_T_DATE,    /* yyyy-mm-dd, stored as yyyymmdd in .i */
	CSV_T_YESNO    /* yes or no (any case), stored as 1 or 0 in .i */
};

/* Column flags. A required column must be in the header and non-empty on every row. */
enum {
	CSV_REQUIRED = 1 << 0,
	CSV_POSITIVE = 1 << 1, /* number > 0 */
	CSV_NONNEG = 1 << 2,   /* number >= 0 */
	CSV_FRACTION = 1 << 3, /* 0 <= number <= 1 */
	CSV_KEY = 1 << 4,      /* unique in the table, ignoring case (implies CSV_NAME) */
	CSV_NONEMPTY = 1 << 5, /* must not be empty when the column is present */
	CSV_NAME = 1 << 6,     /* a name: one line, at most NAME_MAX_BYTES */
	CSV_KEY_PART = 1 << 7  /* with the schema's other CSV_KEY_PART columns, a key unique in
				* the table, ignoring case (prices.csv: hardware and as_of); a
				* repeat is reported at the last of them */
};

struct csv_column {
	const char *name;
	enum csv_type type;
	unsigned flags;
};

/* One converted field. Strings point into the loader's row buffer: copy what you keep. */
struct csv_value {
	int present;      /* column in the header and the field not empty */
	const char *text; /* trimmed text ("" when absent) */
	size_t len;
	double num;       /* CSV_T_NUMBER and CSV_T_INTEGER */
	long i;           /* CSV_T_INTEGER, CSV_T_DATE (yyyymmdd), CSV_T_YESNO (1/0) */
	long line, col;   /* where the field starts; col is its 1-based index in the row, 0 when
			   * the column is absent (line is then the row's) */
};

struct csvload; /* the loader's state, private to csvload.c */

struct csv_row {
	struct csvload *loader;
	const char *path;
	long line;                     /* line on which the row starts */
	const struct csv_column *cols; /* the schema */
	const struct csv_value *v;     /* v[k] belongs to cols[k] */
	size_t n_cols;
};

/* Called for each row whose fields all passed their checks. Return 0, or -1 after reporting
 * a problem (the loader goes on with the next row and fails at the end). */
typedef int (*csv_row_fn)(const struct csv_row *row, void *ctx);

/* csv_load flags. */
enum {
	CSVLOAD_OPTIONAL = 1 << 0, /* a missing file is not an error: csv_load returns 1 */
	CSVLOAD_NEED_ROWS = 1 << 1 /* a header with no rows is an error */
};

/* Load path, a regular file of at most CSVLOAD_MAX_FILE_BYTES. Returns 0 when every row was good, 1 when an optional file is absent, -1 when
 * anything was reported. */
int csv_load(const char *path, const struct csv_column *cols, size_t n_cols, unsigned flags,
	     csv_row_fn fn, void *ctx);

/* Report "path:line:col: column: <fmt>" about field k of row (col 0 if the column is absent);
 * returns -1. */
int csv_field_error(const struct csv_row *row, size_t k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Quote s (len bytes) for a message: "..." with control characters and invalid UTF-8 bytes
 * escaped as \n, \t, \xNN and anything past 48 bytes cut to "...". Returns out. */
char *csv_quote(char *out, size_t out_size, const char *s, size_t len);
#define CSV_QUOTE_SIZE 256

/* Levenshtein distance between a and b, ignoring ASCII case. */
size_t csv_distance(const char *a, const char *b);
/* Whether a known name at distance d from the len-byte name typed is near enough to suggest:
 * d <= max(2, len / 3). */
int csv_is_near(size_t d, size_t len);

#endif
