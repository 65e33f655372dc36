/*
 * plot.h - figures to gnuplot scripts and PNG images. The only module that talks to gnuplot.
 *
 * For a figure with id "03-prefill-cost", plot_write_figure() writes into a folder
 * "03-prefill-cost.gp" (the style text, then the figure's commands; self-contained, so
 * `gnuplot 03-prefill-cost.gp` run in that folder redraws "03-prefill-cost.png") and
 * "03-prefill-cost.dat" (one block per series, selected with `index`). plot_render() runs ONE
 * gnuplot process for all of them over a pipe and reports gnuplot's errors with the figure's id.
 * Every string of a figure (titles, labels, series names: possibly from a CSV) is written as a
 * gnuplot single-quoted, noenhanced string, so nothing in it is executed or interpreted.
 */
#ifndef LLMCOST_PLOT_H
#define LLMCOST_PLOT_H

#include <stddef.h>

#include "doc.h"

/* Series longer than this are thinned (every k-th point, plus the last) in the .dat file. */
#define PLOT_MAX_POINTS 2000

/* Writes s as a gnuplot single-quoted string literal (quotes included) into out; control
 * characters become spaces, ' becomes ''. Returns the length it needed (like snprintf). */
size_t plot_quote(char *out, size_t size, const char *s);

/* Writes dir/<id>.gp and dir/<id>.dat. style is prepended verbatim (may be NULL).
 * Returns 0, or -1 after reporting an error. */
int plot_write_figure(const struct figure *f, const char *dir, const char *style);

/* Renders dir/<id>.gp -> dir/<id>.png for the n_ids figures through one gnuplot process.
 * The gnuplot program is $LLMCOST_GNUPLOT if set, else "gnuplot" from PATH.
 * Returns 0 (EXIT_OK_), EXIT_TOOL (gnuplot missing, failed, or a figure had an error: reported
 * as "figure '<id>': gnuplot: <message>"), or EXIT_OUTPUT. */
int plot_render(const char *dir, const char *const *ids, size_t n_ids);

/* Reads the width and height of a PNG file after checking its signature, IHDR chunk and that
 * it is not truncated (ends with an IEND chunk). Returns 0, or -1 (no error reported). */
int png_read_size(const char *path, unsigned *width, unsigned *height);

#endif
