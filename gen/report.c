/*
 * report.c - the PDF: title page, table of contents, then the template's blocks (headings,
 * paragraphs, bullets, preformatted lines, figures, tables), page footers and bookmarks.
 * The only file that talks to libharu.
 *
 * Layout is one pass down the page with a cursor `y` (PDF points from the bottom): each block
 * first measures what it needs, starts a new page when it does not fit, then draws. The table
 * of contents needs page numbers that are known only at the end, so its pages are created
 * right after the title page (their number follows from the count of headings) and filled in
 * last; footers ("page N of M") are likewise drawn once the page count is known.
 *
 * libharu reports errors through a handler; ours records the first one and returns, and every
 * step that can fail (fonts, images, saving) checks the record, so nothing aborts.
 */
#include "report.h"
#include "err.h"
#include "plot.h"

#include <ctype.h>
#include <errno.h>
#include <hpdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A4 portrait, in points. */
#define PAGE_W 595.276
#define PAGE_H 841.89
#define MARGIN_L 62.0
#define MARGIN_R 62.0
#define TEXT_W (PAGE_W - MARGIN_L - MARGIN_R)
#define TOP 785.0       /* top of the text area */
#define BOTTOM 72.0     /* lowest point of content; the footer sits below */

#define BODY_SIZE 10.0
#define BODY_LEAD 14.0
#define CAPTION_SIZE 9.0
#define CAPTION_LEAD 12.5
#define TOC_LEAD 17.0
#define TOC_FIRST_Y (TOP - 56.0)

struct hpdf_err {
	HPDF_STATUS code, detail;
	int set;
};

struct toc_entry {
	int level;
	const char *text;
	size_t page;           /* index in lay.pages */
	HPDF_Destination dst;
};

struct lay {
	HPDF_Doc pdf;
	HPDF_Font reg, bold, mono;
	HPDF_Encoder utf8;
	HPDF_Page *pages;
	size_t n_pages, cap_pages;
	HPDF_Page page;         /* current page */
	double y;               /* top of the free space on the current page */
	int fresh;              /* nothing drawn yet on the current page */
	struct toc_entry *toc;
	size_t n_toc;
	HPDF_Outline section;   /* outline of the current level-1 heading */
	int fig_no, tab_no;
	struct hpdf_err *err;
	int rc;                 /* first failure, as an exit code */
};

static void hpdf_handler(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
	struct hpdf_err *e = data;
	if (!e->set) {
		e->code = code;
		e->detail = detail;
		e->set = 1;
	}
}

static void oom(void)
{
	error("out of memory");
	exit(EXIT_INTERNAL);
}

/* ---- text primitives ---- */

static double text_w(HPDF_Font f, double size, const char *s, size_t n)
{
	HPDF_TextWidth tw;
	if (n == 0)
		return 0;
	tw = HPDF_Font_TextWidth(f, (const HPDF_BYTE *)s, (HPDF_UINT)n);
	return tw.width * size / 1000.0;
}

static double text_ws(HPDF_Font f, double size, const char *s)
{
	return text_w(f, size, s, strlen(s));
}

static void fill_gray(struct lay *L, double g)
{
	HPDF_Page_SetRGBFill(L->page, (HPDF_REAL)g, (HPDF_REAL)g, (HPDF_REAL)g);
}

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xc2 && s[0] <= 0xdf ? 2 :
	             s[0] >= 0xe0 && s[0] <= 0xef ? 3 : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
	if (len == 0 || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

/*
 * Copies text for the PDF: control characters (tabs, newlines from a CSV field) become spaces
 * and bytes that are not UTF-8 become U+FFFD, so that untrusted text always draws as text.
 * out needs 3 x n + 1 bytes.
 */
static void clean_text(char *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0;
	while (i < n) {
		size_t len = utf8_seq(p + i, n - i);
		if (len == 0) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		} else if (len == 1 && (p[i] < 0x20 || p[i] == 0x7f)) {
			out[o++] = ' ';
			i++;
		} else {
			memcpy(out + o, p + i, len);
			o += len;
			i += len;
		}
	}
	out[o] = '\0';
}

/* Draws s[0..n) with its baseline at (x, y). */
static void text_at(struct lay *L, HPDF_Page page, HPDF_Font f, double size, double x, double y,
                    const char *s, size_t n)
{
	char small[512], *buf = small;
	if (n == 0)
		return;
	if (3 * n + 1 > sizeof(small)) {
		buf = malloc(3 * n + 1);
		if (!buf)
			oom();
	}
	clean_text(buf, s, n);
	HPDF_Page_BeginText(page);
	HPDF_Page_SetFontAndSize(page, f, (HPDF_REAL)size);
	HPDF_Page_TextOut(page, (HPDF_REAL)x, (HPDF_REAL)y, buf);
	HPDF_Page_EndText(page);
	if (buf != small)
		free(buf);
	(void)L;
}

/* Length in bytes of the UTF-8 character starting at s. */
static size_t u8len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	for (size_t i = 1; i < n; i++)
		if (!s[i])
			return i;
	return n;
}

/*
 * The next line of s that fits in width: returns its length in bytes and sets *next to the
 * offset where the following line starts (spaces at the break are dropped). Breaks at spaces;
 * a word longer than the line is cut between characters.
 */
static size_t wrap_next(HPDF_Font f, double size, double width, const char *s, size_t *next)
{
	size_t fit = 0, pos = 0, len = strlen(s);

	while (pos < len) {
		size_t end = pos;
		while (end < len && s[end] != ' ')
			end++;
		if (text_w(f, size, s, end) > width)
			break;
		fit = end;
		pos = end;
		while (pos < len && s[pos] == ' ')
			pos++;
	}
	if (fit == 0 && len > 0) {
		/* First word too long: cut after the last '_', '-' or '/' that fits (identifiers,
		 * ranges, paths), else between characters (at least one). */
		size_t cut = u8len(s), soft = 0;
		while (cut < len && s[cut] != ' ') {
			size_t nx = cut + u8len(s + cut);
			if (text_w(f, size, s, nx) > width)
				break;
			if (s[cut] == '_' || s[cut] == '-' || s[cut] == '/')
				soft = nx;
			cut = nx;
		}
		fit = soft && cut < len && s[cut] != ' ' ? soft : cut;
	}
	pos = fit;
	while (pos < len && s[pos] == ' ')
		pos++;
	*next = pos;
	return fit;
}

static size_t count_lines(HPDF_Font f, double size, double width, const char *s,
                          double first_indent)
{
	size_t n = 0, next;
	const char *p = s;
	double w = width - first_indent;
	while (*p) {
		wrap_next(f, size, w, p, &next);
		p += next;
		n++;
		w = width;
	}
	return n ? n : 1;
}

/* ---- pages ---- */

static void new_page(struct lay *L)
{
	HPDF_Page p = HPDF_AddPage(L->pdf);
	HPDF_Page_SetSize(p, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	if (L->n_pages == L->cap_pages) {
		L->cap_pages = L->cap_pages ? 2 * L->cap_pages : 32;
		L->pages = realloc(L->pages, L->cap_pages * sizeof(*L->pages));
		if (!L->pages)
			oom();
	}
	L->pages[L->n_pages++] = p;
	L->page = p;
	L->y = TOP;
	L->fresh = 1;
}

/* Starts a new page unless h points fit below the cursor (or the page is still empty). */
static void ensure(struct lay *L, double h)
{
	if (L->y - h < BOTTOM && !L->fresh)
		new_page(L);
}

/*
 * Draws text wrapped to width at x, one line per `lead`, breaking pages as needed. A bold
 * prefix (may be NULL) starts the first line, as in "Figure 3. caption...".
 */
static void draw_wrapped(struct lay *L, HPDF_Font f, double size, double lead, double x,
                         double width, const char *prefix, const char *s)
{
	double indent = 0;
	size_t next;
	const char *p = s;

	if (prefix && *prefix) {
		ensure(L, lead);
		text_at(L, L->page, L->bold, size, x, L->y - size, prefix, strlen(prefix));
		indent = text_ws(L->bold, size, prefix) + size * 0.3;
		if (!*p) {
			L->y -= lead;
			L->fresh = 0;
			return;
		}
	}
	while (*p) {
		size_t n = wrap_next(f, size, width - indent, p, &next);
		ensure(L, lead);
		text_at(L, L->page, f, size, x + indent, L->y - size, p, n);
		L->y -= lead;
		L->fresh = 0;
		p += next;
		indent = 0;
	}
}

/* Draws s at (x, baseline y) cut with an ellipsis to fit width; right-aligned if `right`. */
static void text_fit(struct lay *L, HPDF_Font f, double size, double x, double y, double width,
                     const char *s, int right)
{
	size_t n = strlen(s);
	double w = text_w(f, size, s, n);
	if (w > width) {
		static const char ell[] = "\xe2\x80\xa6";
		char *buf = malloc(n + sizeof(ell));
		if (!buf)
			oom();
		while (n > 0) {
			do
				n--;
			while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80);
			memcpy(buf, s, n);
			memcpy(buf + n, ell, sizeof(ell));
			if (text_ws(f, size, buf) <= width)
				break;
		}
		if (n == 0)
			memcpy(buf, ell, sizeof(ell));
		w = text_ws(f, size, buf);
		text_at(L, L->page, f, size, right ? x + width - w : x, y, buf, strlen(buf));
		free(buf);
		return;
	}
	text_at(L, L->page, f, size, right ? x + width - w : x, y, s, n);
}

static void hrule(struct lay *L, double x0, double x1, double y, double gray, double lw)
{
	HPDF_Page_SetRGBStroke(L->page, (HPDF_REAL)gray, (HPDF_REAL)gray, (HPDF_REAL)gray);
	HPDF_Page_SetLineWidth(L->page, (HPDF_REAL)lw);
	HPDF_Page_MoveTo(L->page, (HPDF_REAL)x0, (HPDF_REAL)y);
	HPDF_Page_LineTo(L->page, (HPDF_REAL)x1, (HPDF_REAL)y);
	HPDF_Page_Stroke(L->page);
}

/* ---- blocks ---- */

static void add_heading(struct lay *L, int level, const char *text, double need_after)
{
	double size = level == 1 ? 18.0 : 13.0, lead = level == 1 ? 23.0 : 17.0;
	HPDF_Destination dst;
	HPDF_Outline o;
	size_t lines;

	if (level == 1) {
		if (!L->fresh)
			new_page(L);
	} else {
		/* Keep a subsection heading with the start of what follows it. */
		ensure(L, 40 + fmin(need_after, TOP - BOTTOM - 60));
		if (!L->fresh)
			L->y -= 10;
	}
	dst = HPDF_Page_CreateDestination(L->page);
	HPDF_Destination_SetFitH(dst, (HPDF_REAL)fmin(L->y + 10, PAGE_H));
	o = HPDF_CreateOutline(L->pdf, level == 1 ? NULL : L->section, text, L->utf8);
	HPDF_Outline_SetDestination(o, dst);
	if (level == 1)
		L->section = o;
	L->toc = realloc(L->toc, (L->n_toc + 1) * sizeof(*L->toc));
	if (!L->toc)
		oom();
	L->toc[L->n_toc++] = (struct toc_entry){ level, text, L->n_pages - 1, dst };

	lines = count_lines(L->bold, size, TEXT_W, text, 0);
	ensure(L, (double)lines * lead + 40);
	fill_gray(L, level == 1 ? 0.08 : 0.12);
	draw_wrapped(L, L->bold, size, lead, MARGIN_L, TEXT_W, NULL, text);
	if (level == 1) {
		hrule(L, MARGIN_L, MARGIN_L + TEXT_W, L->y - 2, 0.6, 0.8);
		L->y -= 14;
	} else {
		L->y -= 4;
	}
	fill_gray(L, 0.1);
}

static void add_paragraph(struct lay *L, const char *text)
{
	fill_gray(L, 0.1);
	draw_wrapped(L, L->reg, BODY_SIZE, BODY_LEAD, MARGIN_L, TEXT_W, NULL, text);
	L->y -= 7;
}

static void add_bullet(struct lay *L, const char *text)
{
	const double indent = 16;
	ensure(L, BODY_LEAD);
	fill_gray(L, 0.1);
	text_at(L, L->page, L->reg, BODY_SIZE, MARGIN_L + 4, L->y - BODY_SIZE, "\xe2\x80\xa2", 3);
	draw_wrapped(L, L->reg, BODY_SIZE, BODY_LEAD, MARGIN_L + indent, TEXT_W - indent, NULL,
	             text);
	L->y -= 3;
}

/* One preformatted line (formulas): monospace, shrunk to fit the width, never wrapped. */
static void add_pre(struct lay *L, const char *text)
{
	double size = 9.0, x = MARGIN_L + 12, width = TEXT_W - 12;
	while (size > 6.0 && text_ws(L->mono, size, text) > width)
		size -= 0.5;
	ensure(L, size + 4);
	fill_gray(L, 0.15);
	text_fit(L, L->mono, size, x, L->y - size, width, text, 0);
	L->y -= size + 4;
	L->fresh = 0;
}

static void add_figure(struct lay *L, const struct figure *f, const char *caption,
                       const char *fig_dir)
{
	char path[4096], prefix[32];
	unsigned pw, ph;
	double w, h, cap_h;
	HPDF_Image img;
	const char *cap = caption ? caption : f->caption ? f->caption : f->title ? f->title : "";

	snprintf(path, sizeof(path), "%s/%s.png", fig_dir, f->id);
	if (png_read_size(path, &pw, &ph) < 0) {
		error("figure '%s': image '%s' is missing or not a complete PNG", f->id, path);
		if (!L->rc)
			L->rc = EXIT_TOOL;
		return;
	}
	img = HPDF_LoadPngImageFromFile(L->pdf, path);
	if (!img || L->err->set) {
		error("figure '%s': libharu cannot read '%s' (error 0x%04X)", f->id, path,
		      (unsigned)L->err->code);
		if (!L->rc)
			L->rc = EXIT_TOOL;
		return;
	}
	L->fig_no++;
	snprintf(prefix, sizeof(prefix), "Figure %d.", L->fig_no);
	w = TEXT_W;
	h = w * ph / pw;
	cap_h = (double)count_lines(L->reg, CAPTION_SIZE, TEXT_W, cap,
	                            text_ws(L->bold, CAPTION_SIZE, prefix) + 3) * CAPTION_LEAD;
	if (h > TOP - BOTTOM - cap_h - 20) {
		h = TOP - BOTTOM - cap_h - 20;
		w = h * pw / ph;
	}
	ensure(L, h + 8 + cap_h);
	HPDF_Page_DrawImage(L->page, img, (HPDF_REAL)(MARGIN_L + (TEXT_W - w) / 2),
	                    (HPDF_REAL)(L->y - h), (HPDF_REAL)w, (HPDF_REAL)h);
	L->y -= h + 6;
	L->fresh = 0;
	fill_gray(L, 0.22);
	draw_wrapped(L, L->reg, CAPTION_SIZE, CAPTION_LEAD, MARGIN_L, TEXT_W, prefix, cap);
	fill_gray(L, 0.1);
	L->y -= 12;
}

/*
 * Table layout. Each column has a natural width (its widest cell and its header on one line)
 * and a minimum width (numbers never wrap; text cells and headers may wrap between words, so
 * only their longest word counts). From 8.5 pt down to 6 pt, the first size at which the
 * natural widths fit is used; from 7.5 pt down, minimum widths plus a share of the room left
 * are accepted too (text wraps inside its cell). A table too wide even then is squeezed and
 * its cells cut with an ellipsis (with a warning). A column given a share of the line
 * (table_set_min_width: long notes) gets it from the others, at down to MIN_SHARE_SIZE_PT.
 */
#define WIDTH_SLACK_PT 0.5
#define MIN_SHARE_SIZE_PT 7.0
#define KEEP_ROWS 3     /* rows of a table that never go alone onto its last page */

struct tab_layout {
	double size, lead, pad, head_h;
	double *w;       /* column widths, padding included */
	double *row_h;   /* height of each row */
};

/*
 * Is column c drawn right-aligned? Columns asked for ALIGN_RIGHT (the default of every column
 * but the first) hold numbers; a column none of whose cells carries a number (raw NaN
 * everywhere) but some of which carry words is text, whatever the builder left, and is drawn
 * left-aligned like text in the house style.
 */
static int col_right(const struct table *t, size_t c)
{
	int words = 0;

	if (t->align[c] != ALIGN_RIGHT)
		return 0;
	for (size_t r = 0; r < t->nrows; r++) {
		const char *s = t->cells[r * t->ncols + c];
		if (t->raw && isfinite(t->raw[r * t->ncols + c]))
			return 1;
		if (s && strcmp(s, "n/a") != 0)
			for (const char *p = s; *p; p++)
				if (isalpha((unsigned char)*p)) {
					words = 1;
					break;
				}
	}
	return !words;
}

static double longest_word_w(HPDF_Font f, double size, const char *s)
{
	double m = 0;
	while (*s) {
		size_t n = strcspn(s, " ");
		double w = text_w(f, size, s, n);
		m = w > m ? w : m;
		s += n;
		while (*s == ' ')
			s++;
	}
	return m;
}

/* Three widths of a column, padding excluded: minimum (longest word of the header and of the
 * text cells, at most 18% of the line: longer words are cut; numbers whole), middle (every
 * cell on one line, header wrapped) and natural (header on one line too). */
static void column_widths(const struct lay *L, const struct table *t, size_t c, double size,
                          double w[3])
{
	double cell_nat = 0, cell_min = 0, head_min;
	int right = col_right(t, c);
	for (size_t r = 0; r < t->nrows; r++) {
		const char *s = t->cells[r * t->ncols + c];
		double cw = s ? text_ws(L->reg, size, s) : 0;
		/* Short right-aligned cells are numbers with units: never cut. */
		double m = !s ? 0 : right && strlen(s) <= 14 ? cw :
		           fmin(longest_word_w(L->reg, size, s), 0.18 * TEXT_W);
		cell_nat = cw > cell_nat ? cw : cell_nat;
		cell_min = m > cell_min ? m : cell_min;
	}
	head_min = fmin(longest_word_w(L->bold, size, t->head[c]), 0.18 * TEXT_W);
	/* WIDTH_SLACK_PT: the padding added here and taken off when drawing does not give back
	 * the same double, and a word exactly as wide as its cell would then wrap ("chip s"). */
	w[0] = fmax(cell_min, head_min) + WIDTH_SLACK_PT;
	w[1] = fmax(cell_nat, head_min) + WIDTH_SLACK_PT;
	w[2] = fmax(cell_nat, text_ws(L->bold, size, t->head[c])) + WIDTH_SLACK_PT;
}

/* The cost of column widths w (padding included): the lines the table takes (the header's
 * plus, per row, its tallest cell's), then, to break ties, how many cells wrap. */
static size_t table_lines(const struct lay *L, const struct table *t, const double *w,
                          double size, double pad)
{
	size_t total = 0, head = 1, wrapped = 0;
	for (size_t c = 0; c < t->ncols; c++) {
		size_t n = count_lines(L->bold, size, w[c] - 2 * pad, t->head[c], 0);
		head = n > head ? n : head;
	}
	total += head;
	for (size_t r = 0; r < t->nrows; r++) {
		size_t lines = 1;
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];
			if (s && *s) {
				size_t n = count_lines(L->reg, size, w[c] - 2 * pad, s, 0);
				lines = n > lines ? n : lines;
				wrapped += n > 1;
			}
		}
		total += lines;
	}
	return total * 1000000 + wrapped;
}

static int cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;
	return a < b ? -1 : a > b;
}

/*
 * The room left over the level-lo widths goes, by default, to every column in proportion to
 * what it lacks (w holds that). Alternatives: each column first gets what puts the shortest
 * 100%, 90% or 75% of its cells on one line, the columns that lack least first, and what is
 * left goes in proportion as before; so short columns ("383 ms", "prices.csv MI300X") stay on
 * one line and only the longest text wraps. w takes the split that makes the table shortest.
 */
static void widths_cheapest_first(const struct lay *L, const struct table *t,
                                  double (*cw)[3], int lo, double room0, double size,
                                  double pad, double *w)
{
	static const double quant[] = { 1.0, 0.9, 0.75 };
	size_t nc = t->ncols, *order = calloc(nc ? nc : 1, sizeof(*order)), best_lines;
	double *alt = calloc(nc ? nc : 1, sizeof(*alt)), *target = calloc(nc ? nc : 1, sizeof(double));
	double *cellw = calloc(t->nrows ? t->nrows : 1, sizeof(double));
	if (!order || !alt || !target || !cellw)
		oom();
	best_lines = table_lines(L, t, w, size, pad);
	for (size_t qi = 0; qi < sizeof(quant) / sizeof(quant[0]); qi++) {
		double room = room0, lack = 0;
		size_t lines;
		for (size_t c = 0; c < nc; c++) {
			size_t n = 0;
			for (size_t r = 0; r < t->nrows; r++) {
				const char *cs = t->cells[r * nc + c];
				if (cs && *cs)
					cellw[n++] = text_ws(L->reg, size, cs);
			}
			target[c] = cw[c][lo + 1];
			if (n && quant[qi] < 1.0) {
				qsort(cellw, n, sizeof(*cellw), cmp_double);
				target[c] = fmin(target[c], cellw[(size_t)((double)(n - 1) * quant[qi])] +
				                            2 * pad + WIDTH_SLACK_PT);
			}
			target[c] = fmax(target[c], cw[c][lo]);
			order[c] = c;
			alt[c] = cw[c][lo];
		}
		/* Insertion sort by what each column lacks (tables have a handful of columns). */
		for (size_t i = 1; i < nc; i++)
			for (size_t j = i; j > 0; j--) {
				size_t x = order[j - 1], y = order[j];
				if (target[x] - cw[x][lo] <= target[y] - cw[y][lo])
					break;
				order[j - 1] = y;
				order[j] = x;
			}
		for (size_t i = 0; i < nc && room > 0; i++) {
			size_t c = order[i];
			double give = fmin(room, target[c] - cw[c][lo]);
			alt[c] += give;
			room -= give;
		}
		for (size_t c = 0; c < nc; c++)
			lack += cw[c][lo + 1] - alt[c];
		if (room > 0 && lack > 0)
			for (size_t c = 0; c < nc; c++)
				alt[c] += (cw[c][lo + 1] - alt[c]) * fmin(1.0, room / lack);
		lines = table_lines(L, t, alt, size, pad);
		if (lines < best_lines) {
			best_lines = lines;
			memcpy(w, alt, nc * sizeof(*w));
		}
	}
	/* Then, from the best split, a column short of one line takes what it lacks from the
	 * column with the most room above its minimum, as long as that makes the table shorter
	 * (or wraps fewer cells). */
	for (int pass = 0, moved = 1; moved && pass < 3 * (int)nc; pass++) {
		moved = 0;
		for (size_t c = 0; c < nc; c++) {
			size_t donor = nc, lines;
			double need = cw[c][lo + 1] - w[c], slack = 0;
			if (need <= 0.01)
				continue;
			for (size_t o = 0; o < nc; o++)
				if (o != c && w[o] - cw[o][lo] > slack) {
					slack = w[o] - cw[o][lo];
					donor = o;
				}
			if (donor == nc || slack < need)
				continue;
			memcpy(alt, w, nc * sizeof(*alt));
			alt[c] += need;
			alt[donor] -= need;
			lines = table_lines(L, t, alt, size, pad);
			if (lines < best_lines) {
				best_lines = lines;
				memcpy(w, alt, nc * sizeof(*w));
				moved = 1;
			}
		}
	}
	free(order);
	free(alt);
	free(target);
	free(cellw);
}

/*
 * Gives each column the share of the line its table asks for (table_set_min_width): first
 * from the room the table leaves free, then, a step at a time, from the other column whose
 * loss makes the table shortest (table_lines), never below what that column needs at this
 * size (cw[o][0], padding included: numbers stay whole) or asks for itself.
 */
static void widths_min_share(const struct lay *L, const struct table *t, double (*cw)[3],
                             double avail, double size, double pad, double *w)
{
	const double step = 2.0;
	size_t nc = t->ncols;

	for (size_t c = 0; c < nc; c++) {
		double need = t->min_w_frac[c] * avail - w[c], used = 0, give;
		if (need <= 0)
			continue;
		for (size_t o = 0; o < nc; o++)
			used += w[o];
		give = fmin(need, fmax(0, avail - used));
		w[c] += give;
		need -= give;
		while (need > 0) {
			size_t donor = nc, best = 0;
			double d = fmin(step, need);
			for (size_t o = 0; o < nc; o++) {
				size_t lines;
				if (o == c || w[o] - d < fmax(cw[o][0], t->min_w_frac[o] * avail))
					continue;
				w[o] -= d;
				w[c] += d;
				lines = table_lines(L, t, w, size, pad);
				w[o] += d;
				w[c] -= d;
				if (donor == nc || lines < best) {
					donor = o;
					best = lines;
				}
			}
			if (donor == nc)
				break;
			w[donor] -= d;
			w[c] += d;
			need -= d;
		}
	}
}

static void table_layout(const struct lay *L, const struct table *t, struct tab_layout *tl)
{
	const double avail = TEXT_W;
	size_t nc = t->ncols;
	double (*cw)[3] = calloc(nc ? nc : 1, sizeof(*cw));
	double size;

	tl->w = calloc(nc ? nc : 1, sizeof(double));
	tl->row_h = calloc(t->nrows ? t->nrows : 1, sizeof(double));
	if (!cw || !tl->w || !tl->row_h)
		oom();
	for (size = 8.5; ; size -= 0.5) {
		double pad = size * 0.55, sum[3] = { 0, 0, 0 }, total = 0;
		int lo = -1;
		for (size_t c = 0; c < nc; c++) {
			column_widths(L, t, c, size, cw[c]);
			for (int k = 0; k < 3; k++) {
				cw[c][k] += 2 * pad;
				sum[k] += cw[c][k];
			}
		}
		tl->size = size;
		tl->pad = pad;
		/* The widest level that fits; below 8 pt cells may wrap (level 0), and at 6 pt
		 * whatever happens is squeezed. */
		if (sum[2] <= avail)
			lo = 2;
		else if (sum[1] <= avail)
			lo = 1;
		else if ((size <= 7.5 && sum[0] <= avail) || size <= 6.0)
			lo = 0;
		if (lo < 0)
			continue;
		/* A column's asked-for share (table_set_min_width) may take a smaller size, down
		 * to MIN_SHARE_SIZE_PT, when the others at their minimum leave too little. */
		if (t->min_w_frac && size > MIN_SHARE_SIZE_PT) {
			double need = 0;
			for (size_t c = 0; c < nc; c++)
				need += fmax(cw[c][0], t->min_w_frac[c] * avail);
			if (need > avail)
				continue;
		}
		for (size_t c = 0; c < nc; c++) {
			tl->w[c] = cw[c][lo];
			if (lo < 2 && sum[lo + 1] > sum[lo] && avail > sum[lo])
				tl->w[c] += (cw[c][lo + 1] - cw[c][lo]) * (avail - sum[lo]) /
				            (sum[lo + 1] - sum[lo]);
			total += tl->w[c];
		}
		if (lo < 2 && avail > sum[lo])
			widths_cheapest_first(L, t, cw, lo, avail - sum[lo], size, pad, tl->w);
		if (total > avail + 0.01) {
			warning("table '%s' is too wide for the page even at 6 pt", t->id);
			for (size_t c = 0; c < nc; c++)
				tl->w[c] *= avail / total;
			total = avail;
		}
		/* Nearly full width: spread the rest evenly so that the table fills it. */
		if (total > 0.7 * avail && total < avail)
			for (size_t c = 0; c < nc; c++)
				tl->w[c] += (avail - total) / (double)nc;
		break;
	}
	if (t->min_w_frac)
		widths_min_share(L, t, cw, avail, tl->size, tl->pad, tl->w);
	free(cw);
	tl->lead = tl->size * 1.3;
	{
		size_t head_lines = 1;
		for (size_t c = 0; c < nc; c++) {
			size_t n = count_lines(L->bold, tl->size, tl->w[c] - 2 * tl->pad, t->head[c], 0);
			head_lines = n > head_lines ? n : head_lines;
		}
		tl->head_h = (double)head_lines * tl->lead + tl->size * 0.9;
	}
	for (size_t r = 0; r < t->nrows; r++) {
		size_t lines = 1;
		for (size_t c = 0; c < nc; c++) {
			const char *s = t->cells[r * nc + c];
			if (s && *s) {
				size_t n = count_lines(L->reg, tl->size, tl->w[c] - 2 * tl->pad, s, 0);
				lines = n > lines ? n : lines;
			}
		}
		tl->row_h[r] = (double)(lines - 1) * tl->lead + tl->size * 1.75;
	}
}

static double table_width(const struct table *t, const struct tab_layout *tl)
{
	double s = 0;
	for (size_t c = 0; c < t->ncols; c++)
		s += tl->w[c];
	return s;
}

/* Draws s wrapped in a cell of width w (padding excluded) from the first baseline down. */
static void cell_lines(struct lay *L, HPDF_Font f, const struct tab_layout *tl, double x,
                       double base, double w, const char *s, int right)
{
	size_t next;
	while (*s) {
		size_t len = wrap_next(f, tl->size, w, s, &next);
		char *line = malloc(len + 1);
		if (!line)
			oom();
		memcpy(line, s, len);
		line[len] = '\0';
		text_fit(L, f, tl->size, x, base, w, line, right);
		free(line);
		base -= tl->lead;
		s += next;
	}
}

static void draw_table_head(struct lay *L, const struct table *t, const struct tab_layout *tl)
{
	double x = MARGIN_L, tw = table_width(t, tl);
	fill_gray(L, 0.88);
	HPDF_Page_Rectangle(L->page, (HPDF_REAL)MARGIN_L, (HPDF_REAL)(L->y - tl->head_h),
	                    (HPDF_REAL)tw, (HPDF_REAL)tl->head_h);
	HPDF_Page_Fill(L->page);
	fill_gray(L, 0.05);
	for (size_t c = 0; c < t->ncols; c++) {
		/* Header lines are bottom-aligned, each aligned like its column. */
		double cw = tl->w[c] - 2 * tl->pad;
		size_t n = count_lines(L->bold, tl->size, cw, t->head[c], 0);
		double base = L->y - tl->head_h + tl->size * 0.55 + (double)(n - 1) * tl->lead;
		cell_lines(L, L->bold, tl, x + tl->pad, base, cw, t->head[c],
		           col_right(t, c));
		x += tl->w[c];
	}
	L->y -= tl->head_h;
	hrule(L, MARGIN_L, MARGIN_L + tw, L->y, 0.35, 0.7);
	L->fresh = 0;
}

static void add_table(struct lay *L, const struct table *t, const char *caption)
{
	struct tab_layout tl;
	char prefix[32];
	const char *cap = caption ? caption : t->caption;
	double tw, title_h, first_rows = 0, cap_keep = 0;

	L->tab_no++;
	snprintf(prefix, sizeof(prefix), "Table %d.", L->tab_no);
	table_layout(L, t, &tl);
	tw = table_width(t, &tl);
	title_h = (double)count_lines(L->reg, BODY_SIZE, TEXT_W, t->title ? t->title : "",
	                              text_ws(L->bold, BODY_SIZE, prefix) + 3) * BODY_LEAD;
	/* The caption stays with the last rows: whole when it is short, else its first lines. */
	if (cap && *cap) {
		size_t n = count_lines(L->reg, CAPTION_SIZE, TEXT_W, cap, 0);
		cap_keep = 6 + (double)(n <= 6 ? n : 2) * CAPTION_LEAD;
	}
	/* Title, header and the first rows (up to 5: fewer reads as a stray start) stay
	 * together, with the caption when those are all the rows. */
	for (size_t r = 0; r < t->nrows && r < 5; r++)
		first_rows += tl.row_h[r];
	if (t->nrows <= 5)
		first_rows += cap_keep;
	ensure(L, title_h + 4 + tl.head_h + first_rows);
	fill_gray(L, 0.1);
	draw_wrapped(L, L->reg, BODY_SIZE, BODY_LEAD, MARGIN_L, TEXT_W, prefix,
	             t->title ? t->title : "");
	L->y -= 4;
	draw_table_head(L, t, &tl);
	for (size_t r = 0; r < t->nrows; r++) {
		double x = MARGIN_L, rh = tl.row_h[r];
		double base = L->y - tl.size * 1.22;
		int brk = L->y - rh < BOTTOM;
		/* The last KEEP_ROWS rows stay together, with the caption: a table about to
		 * leave fewer rows on its last page, or its caption alone, breaks before them
		 * (a table of fewer than twice as many rows breaks only where it must). */
		if (!brk && t->nrows >= 2 * KEEP_ROWS && r == t->nrows - KEEP_ROWS) {
			double tail = cap_keep;
			for (size_t k = r; k < t->nrows; k++)
				tail += tl.row_h[k];
			brk = L->y - tail < BOTTOM;
		}
		if (brk) {
			char cont[64];
			new_page(L);
			snprintf(cont, sizeof(cont), "%s (continued)", prefix);
			fill_gray(L, 0.35);
			text_at(L, L->page, L->reg, CAPTION_SIZE, MARGIN_L, L->y - CAPTION_SIZE, cont,
			        strlen(cont));
			L->y -= CAPTION_LEAD + 2;
			draw_table_head(L, t, &tl);
			base = L->y - tl.size * 1.22;
		}
		if (r % 2 == 1) {
			fill_gray(L, 0.955);
			HPDF_Page_Rectangle(L->page, (HPDF_REAL)MARGIN_L, (HPDF_REAL)(L->y - rh),
			                    (HPDF_REAL)tw, (HPDF_REAL)rh);
			HPDF_Page_Fill(L->page);
		}
		fill_gray(L, 0.08);
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];
			double cw = tl.w[c] - 2 * tl.pad;
			if (s && *s)
				cell_lines(L, L->reg, &tl, x + tl.pad, base, cw, s,
				           col_right(t, c));
			x += tl.w[c];
		}
		L->y -= rh;
	}
	hrule(L, MARGIN_L, MARGIN_L + tw, L->y, 0.35, 0.7);
	L->y -= 6;
	if (cap && *cap) {
		fill_gray(L, 0.22);
		draw_wrapped(L, L->reg, CAPTION_SIZE, CAPTION_LEAD, MARGIN_L, TEXT_W, NULL, cap);
	}
	fill_gray(L, 0.1);
	L->y -= 12;
	free(tl.w);
	free(tl.row_h);
}

/* The height of the start of a block (what a heading before it must stay with): a whole
 * figure with its caption, a table's title, header and first rows, three lines of text. */
static double first_part_h(const struct lay *L, const struct tblock *b, const struct doc *d,
                           const char *fig_dir)
{
	switch (b->kind) {
	case TB_FIGURE: {
		const struct figure *f = doc_find_figure(d, b->id);
		char path[4096];
		unsigned pw, ph;
		const char *cap = b->caption ? b->caption : f && f->caption ? f->caption : "";
		if (!f)
			return 0;
		snprintf(path, sizeof(path), "%s/%s.png", fig_dir, f->id);
		if (png_read_size(path, &pw, &ph) < 0)
			return 0;
		return TEXT_W * ph / pw + 8 +
		       (double)count_lines(L->reg, CAPTION_SIZE, TEXT_W, cap, 40) * CAPTION_LEAD;
	}
	case TB_TABLE:
		return 110;
	case TB_PARA:
	case TB_BULLET: {
		size_t n = count_lines(L->reg, BODY_SIZE, TEXT_W, b->text, 0);
		return (double)(n < 3 ? n : 3) * BODY_LEAD;
	}
	case TB_HEADING:
		return 60;
	case TB_PRE:
	case TB_PAGEBREAK:
		break;
	}
	return 20;
}

/* ---- front matter and footers ---- */

static void title_page(struct lay *L, const struct tmpl *t)
{
	new_page(L);
	L->y = 610;
	fill_gray(L, 0.05);
	draw_wrapped(L, L->bold, 26, 32, MARGIN_L, TEXT_W, NULL, t->title ? t->title : "Report");
	L->y -= 8;
	if (t->subtitle) {
		fill_gray(L, 0.3);
		draw_wrapped(L, L->reg, 14, 19, MARGIN_L, TEXT_W, NULL, t->subtitle);
	}
	L->y -= 18;
	hrule(L, MARGIN_L, MARGIN_L + TEXT_W, L->y, 0.55, 1.0);
	L->y -= 16;
	fill_gray(L, 0.15);
	for (size_t i = 0; i < t->n_title_lines; i++)
		draw_wrapped(L, L->reg, 11, 17, MARGIN_L, TEXT_W, NULL, t->title_lines[i]);
}

static size_t toc_per_page(void)
{
	return (size_t)((TOC_FIRST_Y - BOTTOM) / TOC_LEAD);
}

static void draw_toc(struct lay *L, size_t first, size_t n_pages)
{
	size_t per = toc_per_page();
	for (size_t i = 0; i < L->n_toc; i++) {
		const struct toc_entry *e = &L->toc[i];
		size_t pg = first + i / per;
		double y = TOC_FIRST_Y - (double)(i % per) * TOC_LEAD;
		double x = MARGIN_L + (e->level == 1 ? 0 : 18);
		HPDF_Font f = e->level == 1 ? L->bold : L->reg;
		double size = e->level == 1 ? 10.5 : 10.0;
		char num[32];
		double nw, tw, end;
		HPDF_Rect rect;
		HPDF_Annotation a;

		if (pg >= first + n_pages)
			break;
		L->page = L->pages[pg];
		snprintf(num, sizeof(num), "%zu", e->page + 1);
		nw = text_ws(L->reg, 10, num);
		fill_gray(L, 0.1);
		text_fit(L, f, size, x, y, TEXT_W - (x - MARGIN_L) - nw - 30, e->text, 0);
		text_at(L, L->page, L->reg, 10, MARGIN_L + TEXT_W - nw, y, num, strlen(num));
		tw = fmin(text_ws(f, size, e->text), TEXT_W - (x - MARGIN_L) - nw - 30);
		end = MARGIN_L + TEXT_W - nw - 6;
		if (x + tw + 6 < end) {
			const HPDF_UINT16 dash[] = { 1, 3 };
			HPDF_Page_SetDash(L->page, dash, 2, 0);
			hrule(L, x + tw + 6, end, y + 1, 0.55, 0.8);
			HPDF_Page_SetDash(L->page, NULL, 0, 0);
		}
		rect.left = (HPDF_REAL)x;
		rect.right = (HPDF_REAL)(MARGIN_L + TEXT_W);
		rect.bottom = (HPDF_REAL)(y - 4);
		rect.top = (HPDF_REAL)(y + size);
		a = HPDF_Page_CreateLinkAnnot(L->page, rect, e->dst);
		HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
	}
}

static void footers(struct lay *L, const char *title)
{
	char buf[64];
	for (size_t i = 1; i < L->n_pages; i++) {
		double w;
		L->page = L->pages[i];
		hrule(L, MARGIN_L, MARGIN_L + TEXT_W, BOTTOM - 22, 0.75, 0.5);
		fill_gray(L, 0.4);
		snprintf(buf, sizeof(buf), "page %zu of %zu", i + 1, L->n_pages);
		w = text_ws(L->reg, 8.5, buf);
		text_at(L, L->page, L->reg, 8.5, MARGIN_L + TEXT_W - w, BOTTOM - 34, buf, strlen(buf));
		if (title)
			text_fit(L, L->reg, 8.5, MARGIN_L, BOTTOM - 34, TEXT_W - w - 24, title, 0);
	}
}

/* ---- fonts and the whole document ---- */

static int load_fonts(struct lay *L)
{
	static const char *const files[3] = { "DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
	                                      "DejaVuSansMono.ttf" };
	HPDF_Font *slots[3] = { &L->reg, &L->bold, &L->mono };
	const char *dir = getenv("LLMCOST_FONT_DIR");
	char path[4096];

	if (!dir || !*dir)
		dir = REPORT_FONT_DIR;
	for (int i = 0; i < 3; i++) {
		const char *name;
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		if (access(path, R_OK) != 0) {
			error("font '%s' not found: install the Debian package fonts-dejavu-core", path);
			return EXIT_TOOL;
		}
		name = HPDF_LoadTTFontFromFile(L->pdf, path, HPDF_TRUE);
		if (!name || L->err->set) {
			error("cannot load font '%s' (libharu error 0x%04X)", path,
			      (unsigned)L->err->code);
			return EXIT_TOOL;
		}
		*slots[i] = HPDF_GetFont(L->pdf, name, "UTF-8");
		if (!*slots[i] || L->err->set) {
			error("cannot use font '%s' (libharu error 0x%04X)", path,
			      (unsigned)L->err->code);
			return EXIT_TOOL;
		}
	}
	return 0;
}

int report_write_pdf(const struct tmpl *t, const struct doc *d, const char *fig_dir,
                     const char *pdf_path)
{
	struct hpdf_err herr = { 0, 0, 0 };
	struct lay L;
	size_t n_headings = 0, n_toc_pages, toc_first;
	HPDF_Outline toc_outline;
	HPDF_Destination toc_dst;
	int rc;

	memset(&L, 0, sizeof(L));
	L.err = &herr;
	L.pdf = HPDF_New(hpdf_handler, &herr);
	if (!L.pdf)
		return error("libharu: cannot create a document"), EXIT_INTERNAL;
	HPDF_SetCompressionMode(L.pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(L.pdf);
	HPDF_SetCurrentEncoder(L.pdf, "UTF-8");
	L.utf8 = HPDF_GetEncoder(L.pdf, "UTF-8");
	rc = load_fonts(&L);
	if (rc)
		goto out;
	HPDF_SetPageMode(L.pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	HPDF_SetInfoAttr(L.pdf, HPDF_INFO_CREATOR, "llmcost");

	title_page(&L, t);
	for (size_t i = 0; i < t->n_blocks; i++)
		if (t->blocks[i].kind == TB_HEADING)
			n_headings++;
	n_toc_pages = (n_headings + toc_per_page() - 1) / toc_per_page();
	if (n_toc_pages == 0)
		n_toc_pages = 1;
	toc_first = L.n_pages;
	for (size_t i = 0; i < n_toc_pages; i++)
		new_page(&L);
	L.page = L.pages[toc_first];
	fill_gray(&L, 0.08);
	text_at(&L, L.page, L.bold, 18, MARGIN_L, TOP - 18, "Contents", 8);
	hrule(&L, MARGIN_L, MARGIN_L + TEXT_W, TOP - 26, 0.6, 0.8);
	toc_dst = HPDF_Page_CreateDestination(L.page);
	HPDF_Destination_SetFitH(toc_dst, (HPDF_REAL)PAGE_H);
	toc_outline = HPDF_CreateOutline(L.pdf, NULL, "Contents", L.utf8);
	HPDF_Outline_SetDestination(toc_outline, toc_dst);
	L.page = L.pages[L.n_pages - 1];
	L.fresh = 0; /* the first section starts a page of its own */

	for (size_t i = 0; i < t->n_blocks; i++) {
		const struct tblock *b = &t->blocks[i];
		switch (b->kind) {
		case TB_HEADING:
			add_heading(&L, b->level, b->text,
			            i + 1 < t->n_blocks ? first_part_h(&L, &t->blocks[i + 1], d, fig_dir) : 0);
			break;
		case TB_PARA:
			add_paragraph(&L, b->text);
			break;
		case TB_BULLET:
			add_bullet(&L, b->text);
			break;
		case TB_PRE:
			add_pre(&L, b->text);
			break;
		case TB_FIGURE: {
			const struct figure *f = doc_find_figure(d, b->id);
			if (f)
				add_figure(&L, f, b->caption, fig_dir);
			break;
		}
		case TB_TABLE: {
			const struct table *tab = doc_find_table(d, b->id);
			if (tab)
				add_table(&L, tab, b->caption);
			break;
		}
		case TB_PAGEBREAK:
			if (!L.fresh)
				new_page(&L);
			break;
		}
		if (L.rc || herr.set)
			break;
	}
	if (L.rc) {
		rc = L.rc;
		goto out;
	}
	draw_toc(&L, toc_first, n_toc_pages);
	footers(&L, t->title);
	if (herr.set) {
		error("libharu error 0x%04X (detail %u) while laying out the report",
		      (unsigned)herr.code, (unsigned)herr.detail);
		rc = EXIT_INTERNAL;
		goto out;
	}
	/* The layout is done: a failure now is the file's (a full disk shows as a zlib or I/O
	 * error of libharu, with errno telling why). */
	errno = 0;
	if (HPDF_SaveToFile(L.pdf, pdf_path) != HPDF_OK || herr.set) {
		int e = errno;
		error("cannot write '%s': %s (libharu error 0x%04X)", pdf_path,
		      e ? strerror(e) : "write failed", (unsigned)herr.code);
		rc = EXIT_OUTPUT;
		goto out;
	}
	rc = 0;
out:
	HPDF_Free(L.pdf);
	free(L.pages);
	free(L.toc);
	return rc;
}
