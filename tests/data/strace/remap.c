/*
 * The memory calls malloc does not make on its own: realloc of a large
 * (mmapped) block, which glibc resizes with mremap, then mlock/munlock,
 * madvise and mincore on it. Recorded into remap.log (see README.md).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char vec[1024];
	char *p = malloc(1 << 20), *q;

	if (!p)
		return 1;
	memset(p, 1, 1 << 20);
	q = realloc(p, 4 << 20);	/* mremap, MREMAP_MAYMOVE */
	if (!q)
		return 1;
	q = realloc(q, 2 << 20);	/* mremap, shrinking in place */
	if (!q)
		return 1;
	char *a = (char *)(((unsigned long)q + page - 1) & ~(page - 1));
	if (mlock(a, page) || munlock(a, page))
		return 1;
	madvise(a, 16 * page, MADV_DONTNEED);
	mincore(a, 4 * page, vec);
	free(q);
	return 0;
}
