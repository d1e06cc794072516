// SPDX-License-Identifier: GPL-2.0
/*
 * The host kernel's side of bench_fault (see peer_host_mm.h): plain
 * mmap(2), stores and fork(2), nothing of mmsim.
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, clock_gettime under -std=c17 */
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "peer_host_mm.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double peer_host_fault_ns(unsigned long long bytes)
{
	unsigned long long pg = (unsigned long long)sysconf(_SC_PAGESIZE);
	double t0 = now();
	volatile char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	for (unsigned long long off = 0; off < bytes; off += pg)
		p[off] = 1;
	munmap((void *)p, bytes);
	return (now() - t0) / (double)(bytes / pg) * 1e9;
}

static volatile char *fork_mem;
static unsigned long long fork_bytes;

int peer_host_fork_setup(unsigned long long bytes)
{
	unsigned long long pg = (unsigned long long)sysconf(_SC_PAGESIZE);

	fork_mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fork_mem == MAP_FAILED) {
		fork_mem = NULL;
		return -1;
	}
	fork_bytes = bytes;
	for (unsigned long long off = 0; off < bytes; off += pg)
		fork_mem[off] = 1;
	return 0;
}

double peer_host_fork_ms(void)
{
	double t0 = now(), t1;
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	t1 = now();
	if (pid < 0)
		return -1;
	waitpid(pid, &status, 0);
	return (t1 - t0) * 1e3;
}

void peer_host_fork_teardown(void)
{
	if (fork_mem)
		munmap((void *)fork_mem, fork_bytes);
	fork_mem = NULL;
}
