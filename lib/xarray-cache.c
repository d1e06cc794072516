// SPDX-License-Identifier: GPL-2.0
/*
 * The default home of XArray nodes: a small cache of 576-byte objects,
 * the "radix_tree_node" slab cache of Linux (lib/radix-tree.c) reduced to
 * what the XArray needs.
 *
 * SIM: Linux's slab objects live in the direct map, which the kernel maps
 * with 2 MiB or 1 GiB pages, so walking a large sparse array costs no TLB
 * miss per node. Host malloc() spreads nodes over 4 KiB pages (and, at
 * 16-byte alignment, over ten cache lines instead of nine): iterating over
 * a sparse array of a million entries (150 MB of leaves) then took a TLB
 * miss, with its page walk, for nearly every leaf. So nodes come from
 * 2 MiB-aligned chunks the host is asked to back with huge pages
 * (MADV_HUGEPAGE), cut into cache-line-aligned objects. Like a slab cache
 * that is never shrunk, chunks are kept once mapped: freed nodes go on a
 * free queue for the next allocations, and the memory held is the peak
 * number of nodes ever live. When every node is back, the cache starts
 * again from its first chunk.
 *
 * Under AddressSanitizer and ThreadSanitizer nodes keep coming from
 * malloc(), so that a use after free or a race on a node is still caught.
 */
#define _GNU_SOURCE	/* MAP_ANONYMOUS, madvise() and MADV_HUGEPAGE in C17 */
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>

#include "xarray_internal.h"

#if !defined(XA_ASAN) && !defined(XA_TSAN)

#define XA_CACHE_CHUNK	(2UL << 20)	/* a huge page of x86-64 */
#define XA_CACHE_ALIGN	64UL		/* a cache line */
#define XA_CACHE_OBJ	((sizeof(struct xa_node) + XA_CACHE_ALIGN - 1) & \
			 ~(XA_CACHE_ALIGN - 1))

/* A free object: the first word links to the next one. */
struct xa_cache_free {
	struct xa_cache_free *next;
};

/* The head of a chunk, its first cache line; the objects follow. */
struct xa_cache_chunk {
	struct xa_cache_chunk *next;	/* in the order mapped */
};

#define XA_CACHE_FIRST	XA_CACHE_ALIGN	/* offset of a chunk's first object */

static pthread_mutex_t xa_cache_lock = PTHREAD_MUTEX_INITIALIZER;
/*
 * Freed nodes, oldest first. A queue, not the stack of a slab cache: a
 * node comes back after a grace period, cold in any case, and reusing
 * nodes in the order they were freed keeps an array stored again in
 * ascending order at ascending addresses (erased in ascending order, or
 * destroyed, its nodes were freed that way), which the hardware
 * prefetcher follows; a stack reversed it and made dense iteration 20 %
 * slower.
 */
static struct xa_cache_free *xa_cache_free_head, **xa_cache_free_tail =
	&xa_cache_free_head;
/* Every chunk, in the order mapped; the one being cut, and its rest. */
static struct xa_cache_chunk *xa_cache_chunks, **xa_cache_chunks_tail =
	&xa_cache_chunks;
static struct xa_cache_chunk *xa_cache_cur;
static char *xa_cache_next, *xa_cache_end;
/* Objects handed out and not given back. */
static unsigned long xa_cache_live;

/* Cut objects from @chunk, from its first on. */
static void xa_cache_use(struct xa_cache_chunk *chunk)
{
	xa_cache_cur = chunk;
	xa_cache_next = (char *)chunk + XA_CACHE_FIRST;
	xa_cache_end = (char *)chunk + XA_CACHE_CHUNK;
}

/*
 * The next chunk to cut: the one after the current if the cache was
 * emptied and started again (see xa_cache_free()), else a new 2 MiB-aligned
 * one (mmap() only aligns to a page: map twice the size and unmap the
 * unaligned head and tail).
 */
static bool xa_cache_grow(void)
{
	size_t len = 2 * XA_CACHE_CHUNK;
	struct xa_cache_chunk *chunk;
	uintptr_t start;
	size_t head;
	char *p;

	if (xa_cache_cur && xa_cache_cur->next) {
		xa_cache_use(xa_cache_cur->next);
		return true;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return false;
	start = ((uintptr_t)p + XA_CACHE_CHUNK - 1) & ~(XA_CACHE_CHUNK - 1);
	head = start - (uintptr_t)p;
	if (head)
		munmap(p, head);
	munmap((char *)start + XA_CACHE_CHUNK, len - head - XA_CACHE_CHUNK);
	/* Only a hint: without huge pages the chunk still works. */
	(void)madvise((void *)start, XA_CACHE_CHUNK, MADV_HUGEPAGE);
	chunk = (struct xa_cache_chunk *)start;
	chunk->next = NULL;
	*xa_cache_chunks_tail = chunk;
	xa_cache_chunks_tail = &chunk->next;
	xa_cache_use(chunk);
	return true;
}

/**
 * xa_cache_alloc() - a node from the cache (not zeroed)
 *
 * Context: any thread; takes the cache's mutex.
 * Return: sizeof(struct xa_node) bytes aligned to a cache line, or NULL
 * when the host has no memory left.
 */
void *xa_cache_alloc(void)
{
	void *obj = NULL;

	pthread_mutex_lock(&xa_cache_lock);
	if (xa_cache_free_head) {
		obj = xa_cache_free_head;
		xa_cache_free_head = xa_cache_free_head->next;
		if (!xa_cache_free_head)
			xa_cache_free_tail = &xa_cache_free_head;
	} else if ((size_t)(xa_cache_end - xa_cache_next) >= XA_CACHE_OBJ ||
		   xa_cache_grow()) {
		obj = xa_cache_next;
		xa_cache_next += XA_CACHE_OBJ;
	}
	if (obj)
		xa_cache_live++;
	pthread_mutex_unlock(&xa_cache_lock);
	return obj;
}

/**
 * xa_cache_free() - give a node back to the cache
 * @obj: what xa_cache_alloc() returned, no longer reachable by any reader
 *
 * The last object back empties the cache: it forgets its free queue and
 * cuts objects from its first chunk on again, as a fresh cache would, so
 * that arrays built after every one was destroyed lie in address order
 * rather than in the order of the last frees (after random erases, a
 * random order, which made iterating over a dense array stored next 15 to
 * 45 % slower in bench/bench_xarray.c).
 *
 * Context: any thread (liburcu's call_rcu thread, usually).
 */
void xa_cache_free(void *obj)
{
	struct xa_cache_free *f = obj;

	pthread_mutex_lock(&xa_cache_lock);
	if (--xa_cache_live == 0) {
		xa_cache_free_head = NULL;
		xa_cache_free_tail = &xa_cache_free_head;
		xa_cache_use(xa_cache_chunks);
	} else {
		f->next = NULL;
		*xa_cache_free_tail = f;
		xa_cache_free_tail = &f->next;
	}
	pthread_mutex_unlock(&xa_cache_lock);
}

#else /* sanitizers: plain malloc, so that they watch every node */

void *xa_cache_alloc(void)
{
	return malloc(sizeof(struct xa_node));
}

void xa_cache_free(void *obj)
{
	free(obj);
}

#endif
