/*
 * cleanup.c - the signal handler that removes an unfinished build's temporary folder (see
 * cleanup.h).
 *
 * A handler may only call async-signal-safe functions: no malloc, no stdio, no opendir. The
 * folder is therefore walked with open/openat, the Linux getdents64 system call into static
 * buffers (one per level, at most CLEANUP_MAX_DEPTH levels: the build's folder holds figures/
 * and tables/ and nothing deeper), unlinkat and rmdir. Elsewhere than on Linux only the files
 * directly named by the pipeline could be removed, so the handler removes nothing and just
 * ends the process (the folder is left as out/.tmp-*, removed by hand).
 */
#define _GNU_SOURCE /* syscall() */
#include "cleanup.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

#define CLEANUP_MAX_DEPTH 4
#define CLEANUP_PATH_MAX 4096

static char tmp_dir[CLEANUP_PATH_MAX];
static volatile sig_atomic_t have_dir;
static int installed;

static const int SIGNALS[] = { SIGINT, SIGTERM, SIGHUP };
#define N_SIGNALS (sizeof(SIGNALS) / sizeof(SIGNALS[0]))

#ifdef __linux__
struct dirent64_ {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static char dirbuf[CLEANUP_MAX_DEPTH][8192];

/* Empties the folder open as fd (entries at most max_depth - 1 folders further down);
 * closes fd. Passes are repeated until a pass finds nothing left, since entries removed
 * while reading can shift the directory's offsets. */
static void empty_dir(int fd, int depth)
{
	int pass;

	for (pass = 0; pass < 64; pass++) {
		long n;
		int found = 0;
		if (lseek(fd, 0, SEEK_SET) != 0)
			break;
		while ((n = syscall(SYS_getdents64, fd, dirbuf[depth], sizeof(dirbuf[depth]))) > 0) {
			long off = 0;
			while (off < n) {
				struct dirent64_ *e = (struct dirent64_ *)(void *)(dirbuf[depth] + off);
				const char *name = e->d_name;
				off += e->d_reclen;
				if (name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2])))
					continue;
				found = 1;
				if (unlinkat(fd, name, 0) == 0)
					continue;
				if (errno == EISDIR || errno == EPERM) {
					int sub = depth + 1 < CLEANUP_MAX_DEPTH ?
						  openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW) : -1;
					if (sub >= 0)
						empty_dir(sub, depth + 1);
					unlinkat(fd, name, AT_REMOVEDIR);
				}
			}
		}
		if (!found)
			break;
	}
	close(fd);
}
#endif

static void say(const char *s)
{
	ssize_t r = write(STDERR_FILENO, s, strlen(s));
	(void)r;
}

static void on_signal(int sig)
{
	if (have_dir) {
#ifdef __linux__
		int fd = open(tmp_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
		if (fd >= 0)
			empty_dir(fd, 0);
		rmdir(tmp_dir);
		say("llmcost: interrupted: the unfinished build was removed, the previous report "
		    "is unchanged\n");
#else
		say("llmcost: interrupted: the previous report is unchanged; remove ");
		say(tmp_dir);
		say("\n");
#endif
		have_dir = 0;
	} else {
		say("llmcost: interrupted\n");
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

int cleanup_on_signal(const char *dir)
{
	size_t n = strlen(dir);
	size_t i;

	if (n >= sizeof(tmp_dir))
		return -1;
	have_dir = 0;
	memcpy(tmp_dir, dir, n + 1);
	have_dir = 1;
	if (!installed) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		for (i = 0; i < N_SIGNALS; i++)
			sigaddset(&sa.sa_mask, SIGNALS[i]);
		for (i = 0; i < N_SIGNALS; i++) {
			struct sigaction old;
			/* A signal ignored at start (nohup, a background job) stays ignored. */
			if (sigaction(SIGNALS[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
				continue;
			sigaction(SIGNALS[i], &sa, NULL);
		}
		installed = 1;
	}
	return 0;
}

void cleanup_forget(void)
{
	have_dir = 0;
}

void cleanup_hold(sigset_t *old)
{
	sigset_t set;
	size_t i;
	sigemptyset(&set);
	for (i = 0; i < N_SIGNALS; i++)
		sigaddset(&set, SIGNALS[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

void cleanup_release(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}
