/*
 * test_lock.c - one build at a time per output folder (gen/lock.c), with real processes:
 * a second process is refused at once with EXIT_BUSY and a message naming the holder's
 * process id; with a wait it gets the lock once the holder lets go; a holder that dies without
 * unlocking does not block anyone; and two `llmcost report` runs on the same folder either
 * both succeed one after the other (--wait) or the second exits with 5 and the message, leaving
 * a complete report and no temporary folder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "fixtures.h"
#include "lock.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/llmcost-test-lock-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	messages[0] = 0;
	err_set_sink(sink_all, NULL);
	return 0;
}

static int teardown(void **state)
{
	char cmd[256];
	(void)state;
	err_set_sink(NULL, NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };
	nanosleep(&ts, NULL);
}

static int child_status(pid_t pid)
{
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 100;
}

/* Child: tries the lock with wait_s; exits 0 if it got it, 1 if refused with the expected
 * message naming holder, 2 otherwise. The message is checked in the child. */
static void child_try(double wait_s, pid_t holder)
{
	int fd, rc;
	char expected[128];
	messages[0] = 0;
	rc = out_lock(dir, wait_s, &fd);
	if (rc == 0)
		_exit(0);
	snprintf(expected, sizeof(expected), "by another llmcost build (process %ld, lock %s/.lock)",
	         (long)holder, dir);
	_exit(rc == EXIT_BUSY && strstr(messages, expected) ? 1 : 2);
}

static void test_second_process_refused(void **state)
{
	int fd;
	pid_t pid;
	(void)state;
	assert_int_equal(out_lock(dir, 0, &fd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		child_try(0, getppid());
	assert_int_equal(child_status(pid), 1);
	/* Waiting a little is not enough either, and says how long it waited. */
	pid = fork();
	if (pid == 0)
		child_try(0.2, getppid());
	assert_int_equal(child_status(pid), 1);
	out_unlock(fd);
	/* Released: the next one gets it at once. */
	pid = fork();
	if (pid == 0)
		child_try(0, 0);
	assert_int_equal(child_status(pid), 0);
}

static void test_waits_for_holder(void **state)
{
	int fd;
	pid_t pid;
	double t0;
	(void)state;
	assert_int_equal(out_lock(dir, 0, &fd), 0);
	t0 = now_s();
	pid = fork();
	if (pid == 0)
		child_try(10, 0);
	sleep_s(0.4);
	out_unlock(fd);
	assert_int_equal(child_status(pid), 0);
	assert_true(now_s() - t0 >= 0.35);
	assert_true(now_s() - t0 < 5);
}

static void test_dead_holder_does_not_block(void **state)
{
	int fd;
	pid_t pid;
	(void)state;
	pid = fork();
	if (pid == 0) {
		int f;
		_exit(out_lock(dir, 0, &f) == 0 ? 0 : 3); /* exits holding it */
	}
	assert_int_equal(child_status(pid), 0);
	assert_int_equal(out_lock(dir, 0, &fd), 0);
	out_unlock(fd);
}

static const char *bin(void)
{
	const char *b = getenv("LLMCOST_BIN");
	return b ? b : "build/llmcost";
}

static pid_t spawn_report(const char *out, const char *wait, const char *log)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		FILE *f = freopen(log, "w", stderr);
		(void)f;
		if (!freopen("/dev/null", "w", stdout))
			_exit(99);
		execl(bin(), bin(), "report", "--out", out, "--as-of", "2024-06-01", "--quiet",
		      "--wait", wait, (char *)NULL);
		_exit(98);
	}
	return pid;
}

static int tmp_left(const char *out)
{
	DIR *d = opendir(out);
	struct dirent *e;
	int n = 0;
	assert_non_null(d);
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, ".tmp-", 5))
			n++;
	closedir(d);
	return n;
}

static void test_two_reports(void **state)
{
	char out[128], log1[160], log2[160], cmd[512], lockp[160];
	pid_t a, b;
	struct stat st;
	(void)state;
	if (access("inputs/models.csv", R_OK) != 0 || access(bin(), X_OK) != 0)
		skip();
	snprintf(out, sizeof(out), "%s/out", dir);
	mkdir(out, 0777);
	snprintf(log1, sizeof(log1), "%s/a.log", dir);
	snprintf(log2, sizeof(log2), "%s/b.log", dir);
	snprintf(lockp, sizeof(lockp), "%s/.lock", out);

	/* Both waiting: both complete, one after the other. */
	a = spawn_report(out, "120", log1);
	b = spawn_report(out, "120", log2);
	assert_int_equal(child_status(a), 0);
	assert_int_equal(child_status(b), 0);
	snprintf(cmd, sizeof(cmd), "qpdf --check '%s/report.pdf' >/dev/null 2>&1", out);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(tmp_left(out), 0);

	/* The second one does not wait: refused with 5 while the first holds the lock. The
	 * lock file holds the first one's pid once it has the lock. */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s/figures' '%s/manifest.csv'", out, out);
	assert_int_equal(system(cmd), 0); /* a full rebuild: long enough to overlap */
	unlink(lockp);
	a = spawn_report(out, "0", log1);
	for (int i = 0; i < 1000; i++) {
		FILE *f = fopen(lockp, "r");
		long pid = 0;
		if (f) {
			if (fscanf(f, "%ld", &pid) != 1)
				pid = 0;
			fclose(f);
		}
		if (pid == (long)a)
			break;
		sleep_s(0.005);
	}
	b = spawn_report(out, "0", log2);
	assert_int_equal(child_status(b), EXIT_BUSY);
	assert_int_equal(child_status(a), 0);
	{
		FILE *f = fopen(log2, "r");
		char line[1024] = "";
		assert_non_null(f);
		if (!fgets(line, sizeof(line), f))
			line[0] = 0;
		fclose(f);
		assert_non_null(strstr(line, "is in use by another llmcost build (process"));
	}
	snprintf(cmd, sizeof(cmd), "qpdf --check '%s/report.pdf' >/dev/null 2>&1", out);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(stat(lockp, &st), 0);
	assert_int_equal(tmp_left(out), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_second_process_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_waits_for_holder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dead_holder_does_not_block, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_reports, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
