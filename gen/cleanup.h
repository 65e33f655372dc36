/*
 * cleanup.h - removing a build's temporary folder when the program is stopped by a signal.
 *
 * pipeline.c builds everything in OUT/.tmp-XXXXXX and moves it into place at the end. If the
 * run is stopped by SIGINT (Ctrl-C), SIGTERM or SIGHUP meanwhile, the handler installed here
 * removes that folder with async-signal-safe system calls only, prints one line, and ends the
 * process by the same signal (so the shell sees 130 for SIGINT): the previous report, figures
 * and tables are untouched because nothing outside the temporary folder had been changed.
 *
 *   cleanup_on_signal(tmp);          right after mkdtemp()
 *   cleanup_hold(&old);              before moving results into place (signals then wait)
 *   ... swap_in(), rename() ...
 *   rm_tree(tmp); cleanup_forget();  when the folder is gone
 *   cleanup_release(&old);           a signal that came meanwhile is delivered now
 */
#ifndef LLMCOST_CLEANUP_H
#define LLMCOST_CLEANUP_H

#include <signal.h>

/* Remembers dir (copied; at most 4095 bytes) as the folder to remove on SIGINT, SIGTERM or
 * SIGHUP and installs the handlers (once). Returns 0, or -1 if dir is too long. */
int cleanup_on_signal(const char *dir);
/* Forgets the folder: a signal now just ends the program. */
void cleanup_forget(void);
/* Blocks the three signals until cleanup_release(old): for steps that must not be cut. */
void cleanup_hold(sigset_t *old);
void cleanup_release(const sigset_t *old);

#endif
