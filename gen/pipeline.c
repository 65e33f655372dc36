/*
 * pipeline.c - `llmcost report`: inputs -> doc (figures.c) -> gnuplot scripts, data and PNGs
 * (plot.c, one gnuplot process) -> table CSVs -> PDF (template.c, report.c), all written into a
 * temporary folder inside the output folder and moved into place at the end:
 *
 *   out/.tmp-XXXXXX/{figures,tables,report.pdf}   built here first
 *   out/figures, out/tables                        swapped in by rename (old ones moved aside)
 *   out/report.pdf                                 renamed last (atomic replace)
 *
 * A run that fails before the swap removes its temporary folder and leaves the previous report,
 * figures and tables untouched. The output folder must exist and be writable, except the
 * default "out", which is created when missing. With LLMCOST_TIMING=1 the time of each stage
 * is printed on stderr.
 */
#include "pipeline.h"
#include "doc.h"
#include "err.h"
#include "figures.h"
#include "model.h"
#include "plot.h"
#include "report.h"
#include "template.h"

#include <dirent.h>
#include <errno.h>
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

/*
 * FNV-1a (64 bit) over every regular file of the inputs folder, in name order: the name, a
 * NUL, the bytes, a NUL. Any change to any input table changes it.
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
		char *p = path2(dir, names[i]);
		struct stat st;
		FILE *fp;
		if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(p);
			continue;
		}
		fp = fopen(p, "rb");
		if (!fp) {
			rc = error("cannot read '%s': %s", p, strerror(errno));
		} else {
			unsigned char buf[65536];
			size_t got;
			for (const char *s = names[i]; ; s++) {
				h = (h ^ (unsigned char)*s) * 1099511628211ULL;
				if (!*s)
					break;
			}
			while ((got = fread(buf, 1, sizeof(buf), fp)) > 0)
				for (size_t k = 0; k < got; k++)
					h = (h ^ buf[k]) * 1099511628211ULL;
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

static void csv_field(FILE *fp, const char *s)
{
	if (strpbrk(s, ",\"\r\n") || (*s && (s[0] == ' ' || s[strlen(s) - 1] == ' '))) {
		fputc('"', fp);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', fp);
			fputc(*s, fp);
		}
		fputc('"', fp);
	} else {
		fputs(s, fp);
	}
}

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
		csv_field(fp, t->head[c] ? t->head[c] : "");
	}
	fputc('\n', fp);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			double v = t->raw ? t->raw[r * t->ncols + c] : (double)NAN;
			if (c)
				fputc(',', fp);
			if (isfinite(v))
				fprintf(fp, "%.10g", v);
			else
				csv_field(fp, t->cells[r * t->ncols + c] ? t->cells[r * t->ncols + c] : "");
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

int pipeline_report(const struct report_opts *o)
{
	struct inputs in;
	struct doc d;
	struct tmpl t;
	struct figures_opts fo;
	const int timing = getenv("LLMCOST_TIMING") && strcmp(getenv("LLMCOST_TIMING"), "0");
	int rc, loaded = 0, have_tmpl = 0;
	char *tmp = NULL, *fig_dir = NULL, *tab_dir = NULL, *pdf_tmp = NULL, *pdf_out = NULL;
	char *style = NULL, *style_path = NULL;
	const char **ids = NULL;
	uint64_t fp = 0;
	long as_of = o->as_of > 0 ? o->as_of : today_yyyymmdd();
	double t0 = now_s(), t_load, t_doc, t_plot, t_pdf;

	doc_init(&d);
	memset(&t, 0, sizeof(t));
	rc = check_out_dir(o->out_dir);
	if (rc)
		return rc;
	/* The temporary folder first: an output folder we cannot write in fails fast. */
	tmp = path2(o->out_dir, ".tmp-XXXXXX");
	if (!mkdtemp(tmp)) {
		error("cannot write in output folder '%s': %s", o->out_dir, strerror(errno));
		free(tmp);
		return EXIT_OUTPUT;
	}

	rc = EXIT_INPUT;
	if (inputs_load(&in, o->inputs_dir) < 0)
		goto out;
	loaded = 1;
	if (inputs_fingerprint(o->inputs_dir, &fp) < 0)
		goto out;
	t_load = now_s();
	fo.as_of = as_of;
	fo.usd_per_gpu_hour = o->usd_per_gpu_hour;
	if (figures_build(&in, &fo, &d) < 0)
		goto out;
	add_pipeline_values(&d, &in, as_of, o->usd_per_gpu_hour, fp);
	t_doc = now_s();

	if (template_load(&t, o->templates_dir, o->template_name, &d) < 0)
		goto out;
	have_tmpl = 1;
	style_path = path2(o->templates_dir, "style.gp");
	style = read_text(style_path);
	if (!style) {
		error("cannot read gnuplot style '%s': %s", style_path, strerror(errno));
		goto out;
	}

	rc = EXIT_OUTPUT;
	fig_dir = path2(tmp, "figures");
	tab_dir = path2(tmp, "tables");
	if (mkdir(fig_dir, 0777) != 0 || mkdir(tab_dir, 0777) != 0) {
		error("cannot write in '%s': %s", tmp, strerror(errno));
		goto out;
	}

	ids = calloc(d.n_figures ? d.n_figures : 1, sizeof(*ids));
	if (!ids) {
		error("out of memory");
		rc = EXIT_INTERNAL;
		goto out;
	}
	for (size_t i = 0; i < d.n_figures; i++) {
		if (plot_write_figure(&d.figures[i], fig_dir, style) < 0)
			goto out;
		ids[i] = d.figures[i].id;
	}
	for (size_t i = 0; i < d.n_tables; i++)
		if (write_table_csv(&d.tables[i], tab_dir) < 0)
			goto out;
	rc = plot_render(fig_dir, ids, d.n_figures);
	if (rc)
		goto out;
	t_plot = now_s();

	pdf_tmp = path2(tmp, "report.pdf");
	rc = report_write_pdf(&t, &d, fig_dir, pdf_tmp);
	if (rc)
		goto out;
	t_pdf = now_s();

	/* Everything is built: move it into place, report.pdf last. */
	rc = EXIT_OUTPUT;
	pdf_out = path2(o->out_dir, "report.pdf");
	if (swap_in(tmp, o->out_dir, "figures") < 0)
		goto out;
	if (swap_in(tmp, o->out_dir, "tables") < 0) {
		swap_back(tmp, o->out_dir, "figures");
		goto out;
	}
	if (rename(pdf_tmp, pdf_out) != 0) {
		error("cannot write '%s': %s", pdf_out, strerror(errno));
		swap_back(tmp, o->out_dir, "tables");
		swap_back(tmp, o->out_dir, "figures");
		goto out;
	}
	rc = 0;
	if (timing)
		fprintf(stderr, "timing: load %.3f s, estimator and figures %.3f s, gnuplot %.3f s "
		        "(%zu figures), pdf %.3f s, total %.3f s\n", t_load - t0, t_doc - t_load,
		        t_plot - t_doc, d.n_figures, t_pdf - t_plot, now_s() - t0);
	if (!o->quiet)
		printf("wrote %s (%zu figures, %zu tables; scripts in %s/figures, tables in "
		       "%s/tables)\n", pdf_out, d.n_figures, d.n_tables, o->out_dir, o->out_dir);
out:
	if (tmp)
		rm_tree(tmp);
	free(tmp);
	free(fig_dir);
	free(tab_dir);
	free(pdf_tmp);
	free(pdf_out);
	free(style);
	free(style_path);
	free(ids);
	if (have_tmpl)
		template_release(&t);
	doc_release(&d);
	if (loaded)
		inputs_release(&in);
	return rc;
}
