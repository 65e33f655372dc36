/*
 * fmt.h - numbers as text, fast, and rows of results as table, CSV or JSON.
 *
 * A sweep prints tens of millions of numbers, and printf("%g") is too slow for that, so
 * fmt_g6() writes %.6g's shortest form with integer arithmetic. A struct row_writer turns rows
 * of typed cells into one of three formats and writes each row with a single fwrite, so output
 * streams in bounded memory: CSV (header then rows), JSON (an object per row; an array of them
 * when there can be many) and a table for people (units in labels, sensible precision: one
 * record is printed as "label  value unit" lines, many records as aligned columns).
 */
#ifndef LLMCOST_FMT_H
#define LLMCOST_FMT_H

#include <stddef.h>
#include <stdio.h>

/* Room for any number fmt_g6(), fmt_long() or fmt_human() writes, with its NUL. */
#define FMT_NUM_MAX 40

/*
 * Writes v like snprintf("%.6g") (6 significant digits, trailing zeros dropped, exponent form
 * below 1e-4 and from 1e6) into dst and returns the length. NaN and infinities write the empty
 * string (an empty CSV field); -0 writes "0".
 */
size_t fmt_g6(char *dst, double v);
size_t fmt_long(char *dst, long v);
/*
 * For people: 3 significant digits, no exponent below 1e15; from a million on, a suffix
 * " M", " B" (10^9) or " T" (10^12) ("1.72 M"); whole numbers from 1000 to a million as
 * integers ("2857"). NaN and infinities write "-".
 */
size_t fmt_human(char *dst, double v);

/* One CSV field to fp: quoted (quotes doubled) when it holds a comma, quote or line break, or
 * starts or ends with a space, so that a reader gets the text back exactly. */
void fmt_csv_field(FILE *fp, const char *s);

enum out_format { OUT_TABLE, OUT_CSV, OUT_JSON };
/* 0, or -1 if s is not "table", "csv" or "json". */
int out_format_parse(const char *s, enum out_format *f);
const char *out_format_name(enum out_format f);

enum col_kind { COL_STR, COL_NUM, COL_INT };

struct column {
	const char *name;  /* CSV header and JSON key, with its unit ("ttft_s") */
	const char *label; /* for people, in the one-record table ("time to first token") */
	const char *unit;  /* appended after the value in tables; "$" is put in front instead */
	enum col_kind kind;
	int width;         /* column width in the many-record table; 0 = width of the name */
};

#define ROW_MAX_BYTES 8192

struct row_writer {
	FILE *fp;
	enum out_format fmt;
	const struct column *cols;
	size_t n_cols;
	int many;          /* several records: JSON array, table in columns */
	size_t n_rows;
	size_t col;        /* next cell of the current row */
	size_t len;        /* bytes of line[] in use */
	int overflow;      /* a row did not fit in line[]: it is cut (names are short, so a bug) */
	int tail;          /* rw_finish closes the output (the JSON array's "]") */
	char line[ROW_MAX_BYTES];
};

/* Starts the output: the CSV header, "[" for a JSON array, the column titles of a table. */
void rw_begin(struct row_writer *w, FILE *fp, enum out_format fmt, const struct column *cols,
	      size_t n_cols, int many);
/* The same for one part of an output cut in consecutive parts that concatenate into the
 * whole: rows_before rows precede it (JSON separators), head writes what rw_begin writes
 * (header, titles, "["), tail lets rw_finish write the closing "]". */
void rw_begin_part(struct row_writer *w, FILE *fp, enum out_format fmt,
		   const struct column *cols, size_t n_cols, int many, size_t rows_before,
		   int head, int tail);
/* Cells of the current row, in column order. */
void rw_str(struct row_writer *w, const char *s);
void rw_num(struct row_writer *w, double v); /* NaN/inf: an empty cell (JSON null) */
void rw_int(struct row_writer *w, long v);
void rw_empty(struct row_writer *w);
void rw_end_row(struct row_writer *w);
/* Ends the output ("]" for a JSON array). Returns 0, or -1 if writing failed. */
int rw_finish(struct row_writer *w);

#endif
