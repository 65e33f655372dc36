/*
 * manifest.c - FNV-1a hashing and the OUT/manifest.csv file of fingerprints (manifest.h).
 */
#include "manifest.h"
#include "err.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t fnv64(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

uint64_t fnv64_str(uint64_t h, const char *s)
{
	return fnv64(h, s ? s : "", strlen(s ? s : "") + 1);
}

int fnv64_file(uint64_t *h, const char *path)
{
	FILE *fp = fopen(path, "rb");
	unsigned char buf[65536];
	size_t got;
	int rc;
	if (!fp)
		return -1;
	while ((got = fread(buf, 1, sizeof(buf), fp)) > 0)
		*h = fnv64(*h, buf, got);
	rc = ferror(fp) ? -1 : 0;
	fclose(fp);
	return rc;
}

void manifest_add(struct manifest *m, const char *kind, const char *id, uint64_t fp,
                  uint64_t out_fp)
{
	struct mf_entry *e;
	if ((m->n & (m->n - 1)) == 0) {
		struct mf_entry *ne = realloc(m->e, (m->n ? 2 * m->n : 1) * sizeof(*ne));
		if (!ne) {
			error("out of memory");
			exit(EXIT_INTERNAL);
		}
		m->e = ne;
	}
	e = &m->e[m->n++];
	snprintf(e->kind, sizeof(e->kind), "%s", kind);
	snprintf(e->id, sizeof(e->id), "%s", id);
	e->fp = fp;
	e->out_fp = out_fp;
}

void manifest_read(struct manifest *m, const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[512];

	m->e = NULL;
	m->n = 0;
	if (!fp)
		return;
	if (!fgets(line, sizeof(line), fp) || strcmp(line, "kind,id,fingerprint,output\n")) {
		fclose(fp);
		return;
	}
	while (fgets(line, sizeof(line), fp)) {
		char kind[16], id[128];
		unsigned long long a, b;
		if (sscanf(line, "%15[^,],%127[^,],%16llx,%16llx", kind, id, &a, &b) != 4) {
			manifest_release(m);
			break;
		}
		manifest_add(m, kind, id, (uint64_t)a, (uint64_t)b);
	}
	fclose(fp);
}

const struct mf_entry *manifest_find(const struct manifest *m, const char *kind, const char *id)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->e[i].kind, kind) && !strcmp(m->e[i].id, id))
			return &m->e[i];
	return NULL;
}

int manifest_write(const struct manifest *m, const char *path)
{
	FILE *fp = fopen(path, "w");
	if (!fp)
		return error("cannot write '%s': %s", path, strerror(errno));
	fputs("kind,id,fingerprint,output\n", fp);
	for (size_t i = 0; i < m->n; i++)
		fprintf(fp, "%s,%s,%016" PRIx64 ",%016" PRIx64 "\n", m->e[i].kind, m->e[i].id,
		        m->e[i].fp, m->e[i].out_fp);
	if (ferror(fp) | fclose(fp))
		return error("cannot write '%s': %s", path, strerror(errno));
	return 0;
}

void manifest_release(struct manifest *m)
{
	free(m->e);
	m->e = NULL;
	m->n = 0;
}
