/*
 * lock.c - the output folder's lock (see lock.h): fcntl record locks, because they are POSIX,
 * work over NFS and vanish with the process that held them.
 */
#include "lock.h"
#include "err.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int out_lock(const char *out_dir, double wait_s, int *fd_out)
{
	char path[4096], pid_text[32] = "";
	struct flock fl;
	double deadline = mono_s() + (wait_s > 0 ? wait_s : 0);
	int fd;

	*fd_out = -1;
	snprintf(path, sizeof(path), "%s/.lock", out_dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0) {
		error("cannot write in output folder '%s': cannot create the lock '%s': %s", out_dir,
		      path, strerror(errno));
		return EXIT_OUTPUT;
	}
	for (;;) {
		memset(&fl, 0, sizeof(fl));
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		if (fcntl(fd, F_SETLK, &fl) == 0)
			break;
		if (errno != EACCES && errno != EAGAIN && errno != EINTR) {
			error("cannot lock '%s': %s", path, strerror(errno));
			close(fd);
			return EXIT_OUTPUT;
		}
		if (mono_s() >= deadline) {
			ssize_t n = pread(fd, pid_text, sizeof(pid_text) - 1, 0);
			pid_text[n > 0 ? n : 0] = '\0';
			pid_text[strcspn(pid_text, "\n")] = '\0';
			if (wait_s > 0)
				error("output folder '%s' is still in use by another llmcost build "
				      "(process %s, lock %s) after waiting %g s", out_dir,
				      *pid_text ? pid_text : "unknown", path, wait_s);
			else
				error("output folder '%s' is in use by another llmcost build (process %s, "
				      "lock %s); try again later or give --wait SECONDS", out_dir,
				      *pid_text ? pid_text : "unknown", path);
			close(fd);
			return EXIT_BUSY;
		}
		{
			struct timespec ts = { 0, 50 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
	}
	/* Ours: record who holds it, for the message of the next one. */
	snprintf(pid_text, sizeof(pid_text), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid_text, strlen(pid_text), 0) < 0)
		warning("cannot write the process id into '%s': %s", path, strerror(errno));
	*fd_out = fd;
	return 0;
}

void out_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* closing drops the record lock */
}
