/*
 * fuzz_template.c - libFuzzer harness for the template expander (template.c).
 *
 * An input is up to three files separated by NUL bytes (a NUL is never valid inside a
 * template, so nothing is lost): report.tmpl, a.tmpl and sub/b.tmpl of a templates folder that
 * also holds link.tmpl, a symbolic link to a file outside the folder. template_load() reads
 * report.tmpl against a small doc (a few values, figures and tables, two of them in an {{each}}
 * group), and template_fill() expands the first file as one line of text.
 * Seeds: tests/fuzz/corpus-template/ (the real templates and the fixtures of test_template.c).
 */
#include "fuzz_common.h"

#include "doc.h"
#include "template.h"

static char *top, tdir[600];
static struct doc d;

static void cleanup(void)
{
	char path[1024];
	fuzz_remove(tdir, "report.tmpl");
	fuzz_remove(tdir, "a.tmpl");
	fuzz_remove(tdir, "sub/b.tmpl");
	fuzz_remove(tdir, "link.tmpl");
	snprintf(path, sizeof(path), "%s/sub", tdir);
	rmdir(path);
	rmdir(tdir);
	fuzz_remove(top, "outside.tmpl");
	rmdir(top);
	doc_release(&d);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const head[] = { "batch", "TTFT (s)" };
	struct figure *f;
	struct table *t;
	char path[1024], target[1024];
	double xs[2] = { 1, 2 }, ys[2] = { 3, 4 };

	(void)argc;
	(void)argv;
	top = fuzz_scratch_dir("template");
	snprintf(tdir, sizeof(tdir), "%s/templates", top);
	snprintf(path, sizeof(path), "%s/sub", tdir);
	if (mkdir(tdir, 0777) != 0 || mkdir(path, 0777) != 0) {
		perror(tdir);
		exit(1);
	}
	fuzz_write(top, "outside.tmpl", "# secret\n", 9);
	snprintf(target, sizeof(target), "%s/outside.tmpl", top);
	snprintf(path, sizeof(path), "%s/link.tmpl", tdir);
	if (symlink(target, path) != 0) {
		perror(path);
		exit(1);
	}
	atexit(cleanup);

	doc_init(&d);
	doc_add_value(&d, "report_date", 20240601, "yyyymmdd", "2024-06-01");
	doc_add_value(&d, "x", 1234.5678, "USD", "$1,235");
	doc_add_value(&d, "huge", 1e300, "", "1e300");
	doc_add_value(&d, "notext", -0.5, "", NULL);
	f = doc_add_figure(&d, "03-prefill-cost", "Prompt cost: vs TTFT", "s", "USD");
	figure_add_series(f, "a", STYLE_LINES, xs, ys, 2);
	doc_add_figure(&d, "19-a-cost", "Sweep a: cost", "s", "USD");
	doc_add_figure(&d, "19-a-time", NULL, "s", "USD");
	doc_add_figure(&d, "19-", "", "s", "USD");
	t = doc_add_table(&d, "05-latency", "Latency", 2, head);
	table_set_cell(t, table_add_row(t), 0, "1", 1);
	doc_add_table(&d, "19-a-table", "Sweep a", 2, head);
	err_set_sink(fuzz_quiet_sink, NULL);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[3] = { "report.tmpl", "a.tmpl", "sub/b.tmpl" };
	const uint8_t *p = data, *end = data + size;
	struct tmpl t;
	size_t k;

	for (k = 0; k < 3; k++) {
		const uint8_t *nul = p < end ? memchr(p, 0, (size_t)(end - p)) : NULL;
		const uint8_t *stop = nul ? nul : end;
		fuzz_write(tdir, names[k], p, (size_t)(stop - p));
		if (k == 0) {
			char *line = malloc((size_t)(stop - p) + 1), *out;
			if (!line)
				return 0;
			memcpy(line, p, (size_t)(stop - p));
			line[stop - p] = '\0';
			out = template_fill(line, &d, "line", 1, 1);
			free(out);
			free(line);
		}
		p = nul ? nul + 1 : end;
	}
	if (template_load(&t, tdir, "report", &d) == 0)
		template_release(&t);
	err_reset_count();
	return 0;
}
