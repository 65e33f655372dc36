/*
 * lock.h - one build at a time per output folder. A build holds a POSIX record lock
 * (fcntl F_SETLK) on OUT/.lock from before it reads anything until it has moved its results
 * into place; the file holds the process id of the holder. A second build on the same folder
 * waits up to --wait seconds for the lock, then gives up with EXIT_OUTPUT and a message
 * naming the holder. The kernel drops the lock when the holder exits, even on a crash, so a
 * stale .lock file never blocks anything.
 */
#ifndef LLMCOST_LOCK_H
#define LLMCOST_LOCK_H

/* Takes the lock on out_dir/.lock, waiting up to wait_s seconds (0: do not wait).
 * Returns 0 with *fd set, or EXIT_OUTPUT after reporting the error. */
int out_lock(const char *out_dir, double wait_s, int *fd);
/* Releases the lock (fd < 0: nothing to do). */
void out_unlock(int fd);

#endif
