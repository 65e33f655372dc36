/*
 * pipeline.c - `llmcost report`: lock OUT (lock.c) -> inputs -> doc (figures.c) -> headline
 * record and its comparison with the previous one, added to the doc as the what-changed page
 * (headline.c) -> gnuplot scripts and data, PNGs only for figures whose fingerprint changed
 * (plot.c, one gnuplot process; manifest.c) -> table CSVs -> one PDF per template (template.c,
 * report.c; reused when its fingerprint did not change), all written into a temporary folder
 * inside the output folder and moved into place at the end:
 *
 *   out/.tmp-XXXXXX/{figures,tables,NAME.pdf,headline.csv,manifest.csv}   built here first
 *   out/figures, out/tables                        swapped in by rename (old ones moved aside)
 *   out/NAME.pdf                                   renamed next (atomic replace)
 *   out/headline.csv, out/manifest.csv             renamed last
 *   out/archive/NAME-DATE.pdf, headline-DATE.csv   copies, the newest --keep of each
 *
 * A run that fails before the swap removes its temporary folder and leaves the previous report,
 * figures and tables untouched. The output folder must exist and be writable, except the
 * default "out", which is created when missing. With LLMCOST_TIMING=1 the time of each stage
 * is printed on stderr.
 */
#include "pipeline.h"
#include "doc.h"
#include "err.h"
#include "fmt.h"
#include "figures.h"
#include "cleanup.h"
#include "csvload.h"
#include "headline.h"
#include "lock.h"
#include "manifest.h"
#include "model.h"
#include "plot.h"
#include "report.h"
#include "template.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_OUT "out"

void report_opts_init(struct report_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->inputs_dir = "inputs";
	o->out_dir = DEFAULT_OUT;
	o->templates_dir = "templates";
	o->template_name = "report";
	o->alert_pct = 5;
	o->keep = 30;
	o->wait_s = 0;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *path2(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *p = malloc(n);
	if (!p) {
		error("out of memory");
		exit(EXIT_INTERNAL);
	}
	snprintf(p, n, "%s/%s", a, b);
	return p;
}

/* Removes a folder and everything in it (no symbolic links are followed). */
static void rm_tree(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *e;
	if (!dir) {
		unlink(path);
		return;
	}
	while ((e = readdir(dir))) {
		struct stat st;
		char *p;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		p = path2(path, e->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rm_tree(p);
		else
			unlink(p);
		free(p);
	}
	closedir(dir);
	rmdir(path);
}

/* ---- values the pipeline adds to the doc ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether name ends in ".csv": the loader reads only tables, so only they are hashed. */
static int is_csv_name(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcmp(name + n - 4, ".csv") == 0;
}

/*
 * FNV-1a (64 bit) over every regular *.csv file of the inputs folder, in name order: the name,
 * a NUL, the bytes, a NUL. Any change to any input table changes it; other files (notes, a
 * README) do not. It runs after inputs_load, which refuses a table over
 * CSVLOAD_MAX_FILE_BYTES, so a larger *.csv here is not one the loader reads: it is left out
 * with a warning instead of being read whole (a 1 GB file costs nothing), and a file that
 * grows while being hashed is read only up to that size.
 */
static int inputs_fingerprint(const char *dir, uint64_t *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;
	uint64_t h = 14695981039346656037ULL;
	int rc = 0;

	if (!d)
		return error("cannot read inputs folder '%s': %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		char **nn;
		if (e->d_name[0] == '.')
			continue;
		nn = realloc(names, (n + 1) * sizeof(*names));
		if (!nn || !(nn[n] = strdup(e->d_name))) {
			error("out of memory");
			exit(EXIT_INTERNAL);
		}
		names = nn;
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		char *p;
		struct stat st;
		FILE *fp = NULL;
		int fd;
		if (!is_csv_name(names[i]))
			continue;
		p = path2(dir, names[i]);
		/* O_NONBLOCK: a FIFO named x.csv must not hang the build before fstat sees it */
		fd = open(p, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0) {
			if (errno != ENOENT) /* removed since readdir: nothing to hash */
				rc = error("cannot read '%s': %s", p, strerror(errno));
		} else if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			close(fd);
		} else if (st.st_size > CSVLOAD_MAX_FILE_BYTES) {
			warning("'%s' is over %ld MiB, not a table llmcost reads: left out of the "
			        "inputs fingerprint", p, CSVLOAD_MAX_FILE_BYTES / (1024 * 1024));
			close(fd);
		} else if (!(fp = fdopen(fd, "rb"))) {
			rc = error("cannot read '%s': %s", p, strerror(errno));
			close(fd);
		} else {
			unsigned char buf[65536];
			size_t got;
			long left = CSVLOAD_MAX_FILE_BYTES;
			for (const char *s = names[i]; ; s++) {
				h = (h ^ (unsigned char)*s) * 1099511628211ULL;
				if (!*s)
					break;
			}
			while (left > 0 && (got = fread(buf, 1, sizeof(buf), fp)) > 0) {
				if ((long)got > left)
					got = (size_t)left;
				left -= (long)got;
				for (size_t k = 0; k < got; k++)
					h = (h ^ buf[k]) * 1099511628211ULL;
			}
			h = (h ^ 0) * 1099511628211ULL;
			fclose(fp);
		}
		free(p);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	*out = h;
	return rc;
}

static long today_yyyymmdd(void)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	return (long)(tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* One warning per optional table the report draws values from that the inputs lack (or that
 * holds no rows): the report is built all the same, those values reading "n/a (no FILE)". */
static void warn_missing_tables(const struct inputs *in)
{
	const struct {
		const char *file, *what;
		size_t n;
	} opt[] = {
		{ "api_prices.csv", "the comparisons with API prices", in->n_api_prices },
		{ "training.csv", "the published training runs", in->n_train_runs },
		{ "benchmarks.csv", "the serving benchmarks' mean error", in->n_benchmarks },
	};
	for (size_t i = 0; i < sizeof(opt) / sizeof(opt[0]); i++) {
		if (!opt[i].n)
			warning("%s/%s is missing or has no rows: %s read \"n/a (no %s)\"",
			        in->dir, opt[i].file, opt[i].what, opt[i].file);
	}
}

static void add_pipeline_values(struct doc *d, const struct inputs *in, long as_of,
                                double usd_override, uint64_t fp)
{
	long lo = 0, hi = 0;
	char a[32], b[32];
	size_t n_used = 0;

	doc_add_valuef(d, "report_date", (double)as_of, "yyyymmdd", "%04ld-%02ld-%02ld",
	               as_of / 10000, as_of / 100 % 100, as_of % 100);
	doc_add_valuef(d, "inputs_fingerprint", (double)(fp >> 11), "", "FNV-1a 64 %016llx",
	               (unsigned long long)fp);
	doc_add_valuef(d, "inputs_dir", 0, "", "%s", in->dir ? in->dir : "");
	for (size_t i = 0; i < in->n_hardware; i++) {
		const struct price *p = inputs_price_at(in, &in->hardware[i], as_of);
		if (!p)
			continue;
		lo = !n_used || p->as_of < lo ? p->as_of : lo;
		hi = !n_used || p->as_of > hi ? p->as_of : hi;
		n_used++;
	}
	snprintf(a, sizeof(a), "%04ld-%02ld-%02ld", lo / 10000, lo / 100 % 100, lo % 100);
	snprintf(b, sizeof(b), "%04ld-%02ld-%02ld", hi / 10000, hi / 100 % 100, hi % 100);
	if (usd_override > 0)
		doc_add_valuef(d, "price_dates", usd_override, "USD/GPU-hour",
		               "none (every rental price set to $%.2f/GPU-hour)", usd_override);
	else if (!n_used)
		doc_add_value(d, "price_dates", 0, "", "none in force on the report date");
	else if (lo == hi)
		doc_add_valuef(d, "price_dates", (double)lo, "yyyymmdd", "%s", a);
	else
		doc_add_valuef(d, "price_dates", (double)hi, "yyyymmdd", "%s to %s", a, b);
	doc_add_valuef(d, "n_figures", (double)d->n_figures, "", "%zu", d->n_figures);
	doc_add_valuef(d, "n_tables", (double)d->n_tables, "", "%zu", d->n_tables);
}

/* ---- tables as CSV ---- */

/* One CSV per table: the header texts, then numbers where the cell has one (full precision,
 * no units), else the cell's text. */
static int write_table_csv(const struct table *t, const char *dir)
{
	char name[512], *path;
	FILE *fp;
	int rc = 0;

	snprintf(name, sizeof(name), "%s.csv", t->id);
	if (!t->id || strchr(t->id, '/') || t->id[0] == '.')
		return error("table id '%s' is not a safe file name", t->id ? t->id : "");
	path = path2(dir, name);
	fp = fopen(path, "w");
	if (!fp) {
		rc = error("cannot write '%s': %s", path, strerror(errno));
		free(path);
		return rc;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		if (c)
			fputc(',', fp);
		fmt_csv_field(fp, t->head[c] ? t->head[c] : "");
	}
	fputc('\n', fp);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			double v = t->raw ? t->raw[r * t->ncols + c] : (double)NAN;
			if (c)
				fputc(',', fp);
			if (isfinite(v))
				fprintf(fp, "%.10g", v);
			else if (t->cells[r * t->ncols + c])
				fmt_csv_field(fp, t->cells[r * t->ncols + c]);
		}
		fputc('\n', fp);
	}
	if (ferror(fp) | fclose(fp))
		rc = error("cannot write '%s': %s", path, strerror(errno));
	free(path);
	return rc;
}

/* ---- output folder ---- */

static int check_out_dir(const char *dir)
{
	struct stat st;
	if (stat(dir, &st) != 0) {
		if (errno == ENOENT && strcmp(dir, DEFAULT_OUT) == 0) {
			if (mkdir(dir, 0777) == 0)
				return 0;
			error("cannot create output folder '%s': %s", dir, strerror(errno));
			return EXIT_OUTPUT;
		}
		if (errno == ENOENT)
			error("output folder '%s' does not exist", dir);
		else
			error("cannot use output folder '%s': %s", dir, strerror(errno));
		return EXIT_OUTPUT;
	}
	if (!S_ISDIR(st.st_mode)) {
		error("output folder '%s' is not a folder", dir);
		return EXIT_OUTPUT;
	}
	if (access(dir, W_OK | X_OK) != 0) {
		error("output folder '%s' is not writable: %s", dir, strerror(errno));
		return EXIT_OUTPUT;
	}
	return 0;
}

static char *read_text(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;
	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0) {
		fclose(fp);
		return NULL;
	}
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		fclose(fp);
		return NULL;
	}
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/*
 * Moves tmp/<name> to out/<name>; an existing out/<name> is first moved to tmp/old-<name>
 * (removed with tmp afterwards). Returns 0 or -1 (with the old one put back).
 */
static int swap_in(const char *tmp, const char *out, const char *name)
{
	char *src = path2(tmp, name), *dst = path2(out, name), old_name[64], *old;
	struct stat st;
	int had_old, rc = 0;

	snprintf(old_name, sizeof(old_name), "old-%s", name);
	old = path2(tmp, old_name);
	had_old = lstat(dst, &st) == 0;
	if (had_old && rename(dst, old) != 0) {
		rc = error("cannot replace '%s': %s", dst, strerror(errno));
	} else if (rename(src, dst) != 0) {
		rc = error("cannot move '%s' to '%s': %s", src, dst, strerror(errno));
		if (had_old)
			rename(old, dst);
	}
	free(src);
	free(dst);
	free(old);
	return rc;
}

/* Puts out/<name> back from tmp/old-<name> after a later step failed. */
static void swap_back(const char *tmp, const char *out, const char *name)
{
	char *dst = path2(out, name), old_name[64], *old, *failed;
	struct stat st;
	snprintf(old_name, sizeof(old_name), "old-%s", name);
	old = path2(tmp, old_name);
	snprintf(old_name, sizeof(old_name), "failed-%s", name);
	failed = path2(tmp, old_name);
	rename(dst, failed);
	if (lstat(old, &st) == 0)
		rename(old, dst);
	free(dst);
	free(old);
	free(failed);
}

/* ---- files: copies, links, archives ---- */

/* dst becomes a copy of src: with allow_link a hard link when possible (the files of out/
 * are never rewritten in place, only replaced by rename), else a byte copy. Returns 0 or -1. */
static int copy_file(const char *src, const char *dst, int allow_link)
{
	FILE *in, *out;
	char buf[65536];
	size_t got;
	int rc = 0;

	unlink(dst);
	if (allow_link && link(src, dst) == 0)
		return 0;
	if (!(in = fopen(src, "rb")))
		return -1;
	if (!(out = fopen(dst, "wb"))) {
		fclose(in);
		return -1;
	}
	while ((got = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, got, out) != got)
			rc = -1;
	if (ferror(in))
		rc = -1;
	fclose(in);
	if (fclose(out) != 0)
		rc = -1;
	return rc;
}

/* The file stem of a template name: "report" -> "report", "x/brief.tmpl" -> "brief". */
static void template_stem(const char *name, char *buf, size_t size)
{
	const char *base = strrchr(name, '/');
	size_t n;
	base = base ? base + 1 : name;
	n = strcspn(base, ".");
	snprintf(buf, size, "%.*s", (int)n, base);
}

/* "report-2024-06-01.pdf" with the prefix "report-" and the suffix ".pdf": its date, or 0. */
static long archive_date(const char *name, const char *prefix, const char *suffix)
{
	size_t np = strlen(prefix), ns = strlen(suffix), n = strlen(name);
	int y, m, d, used = 0;
	if (n != np + 10 + ns || strncmp(name, prefix, np) || strcmp(name + np + 10, suffix))
		return 0;
	if (sscanf(name + np, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10)
		return 0;
	return (long)y * 10000 + m * 100 + d;
}

static int cmp_long_desc(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return x < y ? 1 : x > y ? -1 : 0;
}

/* The dates of the files prefix-DATE.suffix in dir, newest first (malloc'd, *n of them). */
static long *archive_dates(const char *dir, const char *prefix, const char *suffix, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	long *dates = NULL;
	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		long date = archive_date(e->d_name, prefix, suffix);
		long *nd;
		if (!date)
			continue;
		nd = realloc(dates, (*n + 1) * sizeof(*dates));
		if (!nd) {
			error("out of memory");
			exit(EXIT_INTERNAL);
		}
		dates = nd;
		dates[(*n)++] = date;
	}
	closedir(d);
	if (*n)
		qsort(dates, *n, sizeof(*dates), cmp_long_desc);
	return dates;
}

static void archive_name(char *buf, size_t size, const char *dir, const char *prefix,
                         long date, const char *suffix)
{
	snprintf(buf, size, "%s/%s%04ld-%02ld-%02ld%s", dir, prefix, date / 10000,
	         date / 100 % 100, date % 100, suffix);
}

/* Copies src to dir/prefix-DATE.suffix atomically (through a temporary name), then removes
 * the oldest such files beyond keep. Returns 0, or -1 after reporting an error. */
static int archive_one(const char *src, const char *dir, const char *prefix, const char *suffix,
                       long date, long keep)
{
	char dst[4096], tmp[4200];
	long *dates;
	size_t n;

	archive_name(dst, sizeof(dst), dir, prefix, date, suffix);
	snprintf(tmp, sizeof(tmp), "%s/.tmp-%s", dir, strrchr(dst, '/') + 1);
	/* A copy, not a link: an archived report stays as it was whatever happens to out/. */
	if (copy_file(src, tmp, 0) != 0 || rename(tmp, dst) != 0) {
		error("cannot archive '%s' as '%s': %s", src, dst, strerror(errno));
		unlink(tmp);
		return -1;
	}
	dates = archive_dates(dir, prefix, suffix, &n);
	for (size_t i = (size_t)keep; i < n; i++) {
		if (dates[i] == date)
			continue; /* a past report just regenerated stays */
		archive_name(dst, sizeof(dst), dir, prefix, dates[i], suffix);
		unlink(dst);
	}
	free(dates);
	return 0;
}

/*
 * The record to compare with: the archived headline-DATE.csv with the newest date before
 * as_of, or else out/headline.csv if its date is before as_of. Comparing with an earlier date
 * (never the same one) keeps a rebuild for the same date byte-identical, and lets a past
 * report be regenerated exactly. Returns 1 with *old filled, 0 when there is none.
 */
static int find_baseline(const char *out_dir, long as_of, struct headline *old)
{
	char *arch = path2(out_dir, "archive"), path[4096];
	long *dates;
	size_t n;
	int found = 0;

	dates = archive_dates(arch, "headline-", ".csv", &n);
	for (size_t i = 0; i < n && !found; i++) {
		if (dates[i] >= as_of)
			continue;
		archive_name(path, sizeof(path), arch, "headline-", dates[i], ".csv");
		if (headline_read(old, path) == 0)
			found = 1;
		else
			warning("ignoring the unreadable record '%s'", path);
	}
	free(dates);
	free(arch);
	if (!found) {
		snprintf(path, sizeof(path), "%s/headline.csv", out_dir);
		if (access(path, R_OK) == 0 && headline_read(old, path) == 0) {
			if (old->as_of > 0 && old->as_of < as_of)
				found = 1;
			else
				headline_release(old);
		}
	}
	return found;
}

/* The report date of out/headline.csv (its first record is the meta as_of row), or 0. */
static long current_as_of(const char *out_dir)
{
	char path[4096], line[256];
	long d = 0;
	FILE *fp;
	snprintf(path, sizeof(path), "%s/headline.csv", out_dir);
	if (!(fp = fopen(path, "r")))
		return 0;
	if (!fgets(line, sizeof(line), fp) || !fgets(line, sizeof(line), fp) ||
	    sscanf(line, "meta,,as_of,,%ld,", &d) != 1)
		d = 0;
	fclose(fp);
	return d;
}

/* ---- fingerprints ---- */

static uint64_t hash_figure_files(const char *fig_dir, const char *id)
{
	char path[4096];
	uint64_t h = FNV64_INIT;
	snprintf(path, sizeof(path), "%s/%s.gp", fig_dir, id);
	if (fnv64_file(&h, path) != 0)
		return 0;
	snprintf(path, sizeof(path), "%s/%s.dat", fig_dir, id);
	if (fnv64_file(&h, path) != 0)
		return 0;
	return h;
}

/* A hash of the running program: a new build of llmcost may lay out pages differently. */
static uint64_t program_fingerprint(void)
{
	static uint64_t h;
	if (!h) {
		h = FNV64_INIT;
		if (fnv64_file(&h, "/proc/self/exe") != 0)
			h = 1;
	}
	return h;
}

/* Everything report_write_pdf() reads: the template's blocks, the doc's tables and figures
 * (figure images through their own fingerprints), the fonts' folder and the program. */
static uint64_t pdf_fingerprint(const struct tmpl *t, const struct doc *d,
                                const uint64_t *fig_fp)
{
	uint64_t h = FNV64_INIT;
	const char *fonts = getenv("LLMCOST_FONT_DIR");
	uint64_t prog = program_fingerprint();

	h = fnv64(h, &prog, sizeof(prog));
	h = fnv64_str(h, fonts ? fonts : "");
	h = fnv64_str(h, t->title);
	h = fnv64_str(h, t->subtitle);
	for (size_t i = 0; i < t->n_title_lines; i++)
		h = fnv64_str(h, t->title_lines[i]);
	for (size_t i = 0; i < t->n_blocks; i++) {
		const struct tblock *b = &t->blocks[i];
		int k[2] = { (int)b->kind, b->level };
		h = fnv64(h, k, sizeof(k));
		h = fnv64_str(h, b->text);
		h = fnv64_str(h, b->id);
		h = fnv64_str(h, b->caption);
	}
	for (size_t i = 0; i < d->n_figures; i++) {
		const struct figure *f = &d->figures[i];
		h = fnv64_str(h, f->id);
		h = fnv64_str(h, f->title);
		h = fnv64_str(h, f->caption);
		h = fnv64(h, &fig_fp[i], sizeof(fig_fp[i]));
	}
	for (size_t i = 0; i < d->n_tables; i++) {
		const struct table *tb = &d->tables[i];
		h = fnv64_str(h, tb->id);
		h = fnv64_str(h, tb->title);
		h = fnv64_str(h, tb->caption);
		for (size_t c = 0; c < tb->ncols; c++) {
			int a = (int)tb->align[c];
			h = fnv64_str(h, tb->head[c]);
			h = fnv64(h, &a, sizeof(a));
		}
		for (size_t c = 0; c < tb->nrows * tb->ncols; c++)
			h = fnv64_str(h, tb->cells[c]);
	}
	return h;
}

/* Whether out_dir/name still is the file recorded in the manifest entry e. */
static int output_matches(const struct mf_entry *e, const char *dir, const char *name)
{
	char path[4096];
	uint64_t h = FNV64_INIT;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return e && fnv64_file(&h, path) == 0 && h == e->out_fp;
}

/* ---- the build ---- */

#define MAX_TEMPLATES 8

struct build {
	const struct report_opts *o;
	char *tmp;
	struct tmpl t[MAX_TEMPLATES];
	char stem[MAX_TEMPLATES][64];
	size_t n_tmpl;
	int swapped_figures, swapped_tables;
};

/* Splits the comma-separated template list and loads each. Returns 0 or EXIT_INPUT/USAGE. */
static int load_templates(struct build *b, const struct doc *d)
{
	const char *p = b->o->template_name;
	int rc = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		char name[256];
		if (n == 0 || n >= sizeof(name)) {
			error("--template: bad name list \"%s\"", b->o->template_name);
			return EXIT_USAGE;
		}
		if (b->n_tmpl == MAX_TEMPLATES) {
			error("--template: at most %d templates", MAX_TEMPLATES);
			return EXIT_USAGE;
		}
		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		template_stem(name, b->stem[b->n_tmpl], sizeof(b->stem[0]));
		for (size_t i = 0; i < b->n_tmpl; i++)
			if (!strcmp(b->stem[i], b->stem[b->n_tmpl])) {
				error("--template: \"%s\" given twice", b->stem[i]);
				return EXIT_USAGE;
			}
		if (template_load(&b->t[b->n_tmpl], b->o->templates_dir, name, d) < 0)
			rc = EXIT_INPUT;
		else
			b->n_tmpl++;
		p += n;
		if (*p == ',')
			p++;
	}
	return rc;
}

int pipeline_report(const struct report_opts *o)
{
	struct inputs in;
	struct doc d;
	struct build b;
	struct figures_opts fo;
	struct headline cur, old;
	struct hl_diff df;
	struct manifest prev, next;
	const int timing = getenv("LLMCOST_TIMING") && strcmp(getenv("LLMCOST_TIMING"), "0");
	int rc, loaded = 0, have_old = 0, lock_fd = -1, held = 0;
	sigset_t sigs_old;
	char *fig_dir = NULL, *tab_dir = NULL, *out_fig = NULL;
	char *style = NULL, *style_path = NULL, path[4096], src[4096], alert[2048];
	const char **ids = NULL;
	uint64_t fp = 0, *fig_fp = NULL;
	size_t n_render = 0, n_pdf_built = 0, n_done_pdf = 0;
	long as_of = o->as_of > 0 ? o->as_of : today_yyyymmdd(), in_place = 0;
	int past = 0;
	double t0 = now_s(), t_load = t0, t_doc = t0, t_plot = t0, t_pdf = t0;

	doc_init(&d);
	memset(&b, 0, sizeof(b));
	b.o = o;
	headline_init(&cur);
	headline_init(&old);
	memset(&df, 0, sizeof(df));
	memset(&prev, 0, sizeof(prev));
	memset(&next, 0, sizeof(next));
	rc = check_out_dir(o->out_dir);
	if (rc)
		return rc;
	rc = out_lock(o->out_dir, o->wait_s, &lock_fd);
	if (rc)
		return rc;
	/* The temporary folder first: an output folder we cannot write in fails fast. */
	b.tmp = path2(o->out_dir, ".tmp-XXXXXX");
	/* signals wait until the folder's cleanup is armed: a Ctrl-C right after mkdtemp must
	 * not leave the folder behind (it arrives on release and removes it) */
	cleanup_hold(&sigs_old);
	if (!mkdtemp(b.tmp)) {
		cleanup_release(&sigs_old);
		error("cannot write in output folder '%s': %s", o->out_dir, strerror(errno));
		free(b.tmp);
		out_unlock(lock_fd);
		return EXIT_OUTPUT;
	}
	cleanup_on_signal(b.tmp); /* Ctrl-C from here on removes b.tmp (cleanup.h) */
	cleanup_release(&sigs_old);
	in_place = current_as_of(o->out_dir);
	past = o->keep > 0 && in_place > as_of;

	rc = EXIT_INPUT;
	if (inputs_load(&in, o->inputs_dir) < 0)
		goto out;
	loaded = 1;
	if (inputs_fingerprint(o->inputs_dir, &fp) < 0)
		goto out;
	warn_missing_tables(&in);
	t_load = now_s();
	fo.as_of = as_of;
	fo.usd_per_gpu_hour = o->usd_per_gpu_hour;
	if (figures_build(&in, &fo, &d) < 0)
		goto out;
	add_pipeline_values(&d, &in, as_of, o->usd_per_gpu_hour, fp);

	/* The numbers of this build, and what moved since the previous record. */
	headline_from_doc(&cur, &d, &in, as_of, o->usd_per_gpu_hour);
	have_old = find_baseline(o->out_dir, as_of, &old);
	if (have_old)
		headline_compare(&old, &cur, HEADLINE_MIN_PCT, &df);
	headline_add_to_doc(&d, have_old ? &old : NULL, &df);
	if (have_old)
		doc_add_valuef(&d, "changed_heading", 0, "", "What changed since %04ld-%02ld-%02ld",
		               old.as_of / 10000, old.as_of / 100 % 100, old.as_of % 100);
	else
		doc_add_value(&d, "changed_heading", 0, "", "What changed");
	t_doc = now_s();

	if ((rc = load_templates(&b, &d)) != 0)
		goto out;
	template_warn_unplaced(b.t, b.n_tmpl, &d);
	rc = EXIT_INPUT;
	style_path = path2(o->templates_dir, "style.gp");
	style = read_text(style_path);
	if (!style) {
		error("cannot read gnuplot style '%s': %s", style_path, strerror(errno));
		goto out;
	}

	rc = EXIT_OUTPUT;
	fig_dir = path2(b.tmp, "figures");
	tab_dir = path2(b.tmp, "tables");
	out_fig = path2(o->out_dir, "figures");
	if (mkdir(fig_dir, 0777) != 0 || mkdir(tab_dir, 0777) != 0) {
		error("cannot write in '%s': %s", b.tmp, strerror(errno));
		goto out;
	}

	ids = calloc(d.n_figures ? d.n_figures : 1, sizeof(*ids));
	fig_fp = calloc(d.n_figures ? d.n_figures : 1, sizeof(*fig_fp));
	if (!ids || !fig_fp) {
		error("out of memory");
		rc = EXIT_INTERNAL;
		goto out;
	}
	/* Figures: scripts always; images only where the fingerprint changed. */
	snprintf(path, sizeof(path), "%s/manifest.csv", o->out_dir);
	manifest_read(&prev, path);
	for (size_t i = 0; i < d.n_figures; i++) {
		const char *id = d.figures[i].id;
		const struct mf_entry *e;
		char png[512];
		if (plot_write_figure(&d.figures[i], fig_dir, style) < 0)
			goto out;
		fig_fp[i] = hash_figure_files(fig_dir, id);
		e = manifest_find(&prev, "figure", id);
		snprintf(png, sizeof(png), "%s.png", id);
		if (fig_fp[i] && e && e->fp == fig_fp[i] && output_matches(e, out_fig, png)) {
			snprintf(src, sizeof(src), "%s/%s", out_fig, png);
			snprintf(path, sizeof(path), "%s/%s", fig_dir, png);
			if (copy_file(src, path, 1) == 0)
				continue;
		}
		ids[n_render++] = id;
	}
	for (size_t i = 0; i < d.n_tables; i++)
		if (write_table_csv(&d.tables[i], tab_dir) < 0)
			goto out;
	if (n_render) {
		rc = plot_render(fig_dir, ids, n_render);
		if (rc)
			goto out;
	}
	rc = EXIT_OUTPUT;
	for (size_t i = 0; i < d.n_figures; i++) {
		uint64_t h = FNV64_INIT;
		snprintf(path, sizeof(path), "%s/%s.png", fig_dir, d.figures[i].id);
		if (fnv64_file(&h, path) != 0) {
			error("cannot read '%s': %s", path, strerror(errno));
			goto out;
		}
		manifest_add(&next, "figure", d.figures[i].id, fig_fp[i], h);
	}
	t_plot = now_s();

	/* One PDF per template, reused when nothing it is laid out from changed. */
	for (size_t k = 0; k < b.n_tmpl; k++) {
		uint64_t pfp = pdf_fingerprint(&b.t[k], &d, fig_fp), h = FNV64_INIT;
		const struct mf_entry *e = manifest_find(&prev, "pdf", b.stem[k]);
		char pdf[96];
		snprintf(pdf, sizeof(pdf), "%s.pdf", b.stem[k]);
		snprintf(path, sizeof(path), "%s/%s", b.tmp, pdf);
		snprintf(src, sizeof(src), "%s/%s", o->out_dir, pdf);
		if (!(e && e->fp == pfp && output_matches(e, o->out_dir, pdf) &&
		      copy_file(src, path, 1) == 0)) {
			rc = report_write_pdf(&b.t[k], &d, fig_dir, path);
			if (rc)
				goto out;
			rc = EXIT_OUTPUT;
			n_pdf_built++;
		}
		if (fnv64_file(&h, path) != 0) {
			error("cannot read '%s': %s", path, strerror(errno));
			goto out;
		}
		manifest_add(&next, "pdf", b.stem[k], pfp, h);
	}
	for (size_t i = 0; i < prev.n; i++) /* other templates' PDFs stay valid */
		if (!manifest_find(&next, prev.e[i].kind, prev.e[i].id) &&
		    !strcmp(prev.e[i].kind, "pdf"))
			manifest_add(&next, "pdf", prev.e[i].id, prev.e[i].fp, prev.e[i].out_fp);
	snprintf(path, sizeof(path), "%s/headline.csv", b.tmp);
	if (headline_write(&cur, path) < 0)
		goto out;
	snprintf(path, sizeof(path), "%s/manifest.csv", b.tmp);
	if (manifest_write(&next, path) < 0)
		goto out;
	t_pdf = now_s();

	/* A report date before that of the report in place: only the archive gets it, so that
	 * out/ keeps the newest report while a past one is regenerated. */
	if (past) {
		char *arch = path2(o->out_dir, "archive");
		int bad = mkdir(arch, 0777) != 0 && errno != EEXIST;
		if (bad)
			error("cannot create '%s': %s", arch, strerror(errno));
		for (size_t k = 0; k < b.n_tmpl && !bad; k++) {
			char prefix[80];
			snprintf(prefix, sizeof(prefix), "%s-", b.stem[k]);
			snprintf(src, sizeof(src), "%s/%s.pdf", b.tmp, b.stem[k]);
			bad = archive_one(src, arch, prefix, ".pdf", as_of, o->keep) < 0;
			if (!bad && !o->quiet) {
				archive_name(path, sizeof(path), arch, prefix, as_of, ".pdf");
				printf("wrote %s (a report date before that of %s/%s.pdf, "
				       "%04ld-%02ld-%02ld, which stays)\n", path, o->out_dir, b.stem[k],
				       in_place / 10000, in_place / 100 % 100, in_place % 100);
			}
		}
		snprintf(src, sizeof(src), "%s/headline.csv", b.tmp);
		if (!bad)
			bad = archive_one(src, arch, "headline-", ".csv", as_of, o->keep) < 0;
		free(arch);
		if (bad)
			goto out;
		goto done;
	}

	/* Everything is built: move it into place, the PDFs last but the records. A signal now
	 * waits until the moves are done and b.tmp is gone. */
	cleanup_hold(&sigs_old);
	held = 1;
	if (swap_in(b.tmp, o->out_dir, "figures") < 0)
		goto out;
	b.swapped_figures = 1;
	if (swap_in(b.tmp, o->out_dir, "tables") < 0)
		goto out;
	b.swapped_tables = 1;
	for (size_t k = 0; k < b.n_tmpl; k++) {
		char pdf[96];
		snprintf(pdf, sizeof(pdf), "%s.pdf", b.stem[k]);
		snprintf(src, sizeof(src), "%s/%s", b.tmp, pdf);
		snprintf(path, sizeof(path), "%s/%s", o->out_dir, pdf);
		if (rename(src, path) != 0) {
			error("cannot write '%s': %s", path, strerror(errno));
			goto out;
		}
		n_done_pdf++;
	}
	b.swapped_figures = b.swapped_tables = 0; /* a PDF is out: no way back */
	snprintf(src, sizeof(src), "%s/headline.csv", b.tmp);
	snprintf(path, sizeof(path), "%s/headline.csv", o->out_dir);
	if (rename(src, path) != 0) {
		error("cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	snprintf(src, sizeof(src), "%s/manifest.csv", b.tmp);
	snprintf(path, sizeof(path), "%s/manifest.csv", o->out_dir);
	if (rename(src, path) != 0) {
		error("cannot write '%s': %s", path, strerror(errno));
		goto out;
	}

	/* Archives: out/archive/NAME-DATE.pdf and headline-DATE.csv, the newest keep of each. */
	if (o->keep > 0) {
		char *arch = path2(o->out_dir, "archive");
		int bad = mkdir(arch, 0777) != 0 && errno != EEXIST;
		if (bad)
			error("cannot create '%s': %s", arch, strerror(errno));
		for (size_t k = 0; k < b.n_tmpl && !bad; k++) {
			char prefix[80];
			snprintf(prefix, sizeof(prefix), "%s-", b.stem[k]);
			snprintf(src, sizeof(src), "%s/%s.pdf", o->out_dir, b.stem[k]);
			bad = archive_one(src, arch, prefix, ".pdf", as_of, o->keep) < 0;
		}
		snprintf(src, sizeof(src), "%s/headline.csv", o->out_dir);
		if (!bad)
			bad = archive_one(src, arch, "headline-", ".csv", as_of, o->keep) < 0;
		free(arch);
		if (bad)
			goto out;
	}
done:
	rc = 0;
	if (timing)
		fprintf(stderr, "timing: load %.3f s, estimator and figures %.3f s, gnuplot %.3f s "
		        "(%zu of %zu figures), pdf %.3f s (%zu of %zu built), total %.3f s\n",
		        t_load - t0, t_doc - t_load, t_plot - t_doc, n_render, d.n_figures,
		        t_pdf - t_plot, n_pdf_built, b.n_tmpl, now_s() - t0);
	if (!o->quiet) {
		for (size_t k = 0; k < b.n_tmpl && !past; k++)
			printf("wrote %s/%s.pdf (%zu figures, %zu tables; scripts in %s/figures, tables "
			       "in %s/tables)\n", o->out_dir, b.stem[k], d.n_figures, d.n_tables,
			       o->out_dir, o->out_dir);
		headline_summary(alert, sizeof(alert), have_old ? &old : NULL, &df);
		printf("%s\n", alert);
	}
	if (have_old && headline_alert(alert, sizeof(alert), &old, &df, o->alert_pct)) {
		printf("%s\n", alert);
		rc = EXIT_ALERT;
	}
out:
	if (rc && rc != EXIT_ALERT && !n_done_pdf) {
		if (b.swapped_tables)
			swap_back(b.tmp, o->out_dir, "tables");
		if (b.swapped_figures)
			swap_back(b.tmp, o->out_dir, "figures");
	}
	if (b.tmp)
		rm_tree(b.tmp);
	cleanup_forget();
	if (held)
		cleanup_release(&sigs_old);
	out_unlock(lock_fd);
	free(b.tmp);
	free(fig_dir);
	free(tab_dir);
	free(out_fig);
	free(style);
	free(style_path);
	free(ids);
	free(fig_fp);
	for (size_t k = 0; k < b.n_tmpl; k++)
		template_release(&b.t[k]);
	manifest_release(&prev);
	manifest_release(&next);
	hl_diff_release(&df);
	headline_release(&cur);
	headline_release(&old);
	doc_release(&d);
	if (loaded)
		inputs_release(&in);
	return rc;
}

int pipeline_diff(const char *old_path, const char *new_path, double alert_pct)
{
	struct headline old, cur;
	struct hl_diff df;
	char line[2048];
	int rc = 0;

	if (headline_read(&old, old_path) < 0)
		return EXIT_INPUT;
	if (headline_read(&cur, new_path) < 0) {
		headline_release(&old);
		return EXIT_INPUT;
	}
	headline_compare(&old, &cur, HEADLINE_MIN_PCT, &df);
	headline_print_diff(stdout, &old, &cur, &df);
	if (headline_alert(line, sizeof(line), &old, &df, alert_pct)) {
		printf("%s\n", line);
		rc = EXIT_ALERT;
	}
	hl_diff_release(&df);
	headline_release(&old);
	headline_release(&cur);
	return rc;
}
