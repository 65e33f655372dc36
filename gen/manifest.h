/*
 * manifest.h - fingerprints for incremental rebuilds. OUT/manifest.csv has one row per
 * rendered product:
 *
 *   kind,id,fingerprint,output
 *   figure,03-prefill-cost,<hash of the .gp and .dat text>,<hash of the .png>
 *   pdf,report,<hash of everything the PDF is laid out from>,<hash of the .pdf>
 *
 * The .gp text embeds the style template, the .dat text all the numbers, so a figure whose
 * fingerprint is unchanged draws the same image; the PDF's fingerprint covers the template's
 * blocks, the doc's tables and figure captions, the figures' fingerprints and the program
 * itself. A product is reused only if its recorded output hash still matches the file under
 * OUT/, so a manifest left behind by an interrupted build can cost a re-render, never a wrong
 * file. Hashes are FNV-1a 64, printed as 16 hex digits.
 */
#ifndef LLMCOST_MANIFEST_H
#define LLMCOST_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#define FNV64_INIT 14695981039346656037ULL

uint64_t fnv64(uint64_t h, const void *p, size_t n);
/* Hashes a string including its terminating NUL (so "a","b" differs from "ab",""). */
uint64_t fnv64_str(uint64_t h, const char *s);
/* Hashes the bytes of a file into *h. Returns 0, or -1 (no error reported). */
int fnv64_file(uint64_t *h, const char *path);

struct mf_entry {
	char kind[16];
	char id[128];
	uint64_t fp, out_fp;
};

struct manifest {
	struct mf_entry *e;
	size_t n;
};

/* Reads path; a missing or malformed file gives an empty manifest. Never fails. */
void manifest_read(struct manifest *m, const char *path);
const struct mf_entry *manifest_find(const struct manifest *m, const char *kind,
                                     const char *id);
void manifest_add(struct manifest *m, const char *kind, const char *id, uint64_t fp,
                  uint64_t out_fp);
/* Returns 0, or -1 after reporting an error. */
int manifest_write(const struct manifest *m, const char *path);
void manifest_release(struct manifest *m);

#endif
