// SPDX-License-Identifier: GPL-2.0
/*
 * A small program whose strace log is a replay fixture: malloc of small
 * blocks (the brk heap) and large ones (glibc's mmap threshold, 128 KiB),
 * explicit mmap/mprotect/munmap, a thread (its stack and guard page),
 * and a fork whose child allocates and exits.
 *
 * Recorded with (tests/data/strace/README.md):
 *   strace -f -y -e trace=%memory,%process -o alloc.log ./alloc
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

/* Stores through here keep the compiler from eliding malloc/free pairs. */
static char *volatile sink;

static void *worker(void *arg)
{
	char *p = malloc(64);	/* a thread's first malloc makes its arena */

	memset(p, 1, 64);
	sink = p;
	free(sink);
	return arg;
}

int main(void)
{
	char *small[64], *big[4], *m;
	pthread_t th;
	pid_t pid;

	for (int i = 0; i < 64; i++)
		sink = small[i] = malloc(1000);
	for (int i = 0; i < 4; i++)
		sink = big[i] = malloc(256 << 10); /* above the mmap threshold */
	m = mmap(NULL, 16 << 12, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return 1;
	mprotect(m + (4 << 12), 4 << 12, PROT_NONE);
	munmap(m + (12 << 12), 4 << 12);
	for (int i = 0; i < 4; i += 2)
		free(big[i]);
	if (pthread_create(&th, NULL, worker, NULL) == 0)
		pthread_join(th, NULL);
	pid = fork();
	if (pid == 0) {
		char *c = malloc(300 << 10);

		memset(c, 2, 300 << 10);
		sink = c;
		munmap(m, 4 << 12);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	for (int i = 0; i < 64; i += 2)
		free(small[i]);
	printf("%p\n", (void *)small[1]);
	return 0;
}
