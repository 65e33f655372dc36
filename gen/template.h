/*
 * template.h - the report's structure and prose, from files a user edits without recompiling.
 *
 * The language (templates/README.md has the user's version), line by line, UTF-8 text:
 *
 *   {{! a comment line}}
 *   {{title LLM cost report}}           title page: title, subtitle, any number of lines
 *   {{subtitle ...}}   {{titleline Report date: {{report_date}}}}
 *   # Section                           a section: new page, table of contents, bookmark
 *   ## Subsection                       a subsection: table of contents, bookmark
 *   text lines                          a paragraph (lines are joined; a blank line ends it)
 *   - text                              a bullet item (following indented lines continue it)
 *       text indented by 4 spaces       a preformatted line in a monospace font (formulas)
 *   {{figure 03-prefill-cost}}          place a figure of the doc; following "> " lines, if
 *   {{table 05-latency}}                any, replace its default caption
 *   {{each 19-}}                        every figure and table whose id starts with 19-,
 *                                       grouped by stem (id without its last "-word"), each
 *                                       group under a subsection heading (items that depend
 *                                       on the user's tables, like one group per sweep)
 *   {{include summary.tmpl}}            the lines of another file of the templates folder
 *   {{pagebreak}}
 *
 * Anywhere in text: {{name}} prints a doc value's text, {{name:%.3g}} its number through one
 * printf conversion (f, e, g, E, G; or d, rounded). An unknown value, figure or table is an
 * error "templates/report.tmpl:LINE:COL: unknown value "foo"" (COL counts characters).
 */
#ifndef LLMCOST_TEMPLATE_H
#define LLMCOST_TEMPLATE_H

#include <stddef.h>

#include "doc.h"

/* Includes nest at most this deep. */
#define TEMPLATE_MAX_DEPTH 8
/* Most files one template_load reads, counting each include every time it is read: a file
 * including another many times over several levels cannot multiply into millions of reads. */
#define TEMPLATE_MAX_FILES 256
/* Largest template file, bytes. */
#define TEMPLATE_MAX_BYTES (1024L * 1024)

enum tblock_kind {
	TB_HEADING,   /* level 1 or 2, text */
	TB_PARA,      /* text */
	TB_BULLET,    /* text */
	TB_PRE,       /* text: one preformatted line */
	TB_FIGURE,    /* id, caption (NULL = the figure's own) */
	TB_TABLE,     /* id, caption (NULL = the table's own) */
	TB_PAGEBREAK
};

struct tblock {
	enum tblock_kind kind;
	int level;
	char *text;      /* placeholders already filled */
	char *id;
	char *caption;
};

struct tmpl {
	char *title, *subtitle;
	char **title_lines; size_t n_title_lines;
	struct tblock *blocks; size_t n_blocks;
};

/*
 * Reads dir/name (name "report" means "report.tmpl"; a name with a '.' is used as is) and
 * every file it includes, filling placeholders from d and checking that every figure and table
 * exists in d. Returns 0, or -1 after reporting every error found (t is then released).
 */
int template_load(struct tmpl *t, const char *dir, const char *name, const struct doc *d);
void template_release(struct tmpl *t);

/*
 * Warns about every figure and table of d that none of the n templates t[0..n) places: a
 * run writing several PDFs (--template report,brief) shows an item when any one of them
 * does, so each template is not checked alone.
 */
void template_warn_unplaced(const struct tmpl *t, size_t n, const struct doc *d);

/*
 * Fills the placeholders of one line of text. file, line and col locate text[0] for error
 * messages. Returns a malloc'd string, or NULL after reporting an error.
 */
char *template_fill(const char *text, const struct doc *d, const char *file, long line,
                    long col);

#endif
