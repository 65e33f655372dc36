/*
 * report.h - lays out the PDF from a loaded template (template.h), the doc's tables and the
 * figures' PNG images. The only module that talks to libharu.
 *
 * Pages: a title page (the template's title, subtitle and title lines), the table of contents
 * (sections and subsections with page numbers, clickable), then the template's blocks.
 * Every heading gets a bookmark; body pages carry the report title and "page N of M" in the
 * footer. Text is UTF-8 in embedded DejaVu fonts. The output depends only on its inputs: no
 * date or random identifier is written, so equal inputs give byte-identical files.
 */
#ifndef LLMCOST_REPORT_H
#define LLMCOST_REPORT_H

#include "doc.h"
#include "template.h"

/* Font folder: $LLMCOST_FONT_DIR if set, else this (Debian package fonts-dejavu-core). */
#define REPORT_FONT_DIR "/usr/share/fonts/truetype/dejavu"

/*
 * Writes the PDF to pdf_path. Figure blocks take their image from fig_dir/<id>.png.
 * Returns 0, EXIT_TOOL (a font is missing, an image is missing or corrupt), EXIT_OUTPUT
 * (pdf_path cannot be written) or EXIT_INTERNAL (libharu failed), after reporting the error.
 */
int report_write_pdf(const struct tmpl *t, const struct doc *d, const char *fig_dir,
                     const char *pdf_path);

#endif
