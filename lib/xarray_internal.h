/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by lib/xarray.c (the advanced API), lib/xarray-find.c (its
 * searches), lib/xarray-api.c (the simple API) and lib/xarray-node.c (node
 * allocation and RCU). Not installed.
 * Self-contained: the XArray library includes no other mmsim header.
 */
#ifndef MMSIM_LIB_XARRAY_INTERNAL_H
#define MMSIM_LIB_XARRAY_INTERNAL_H

#include <stdio.h>
#include <stdlib.h>

#include <mmsim/xarray.h>

/* ---- RCU: liburcu's bulletproof flavour -------------------------------- */

#if defined(__SANITIZE_THREAD__)
#define XA_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define XA_TSAN 1
#endif
#endif

#if defined(__SANITIZE_ADDRESS__)
#define XA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define XA_ASAN 1
#endif
#endif

/*
 * Why urcu-bp ("bulletproof"): any thread may read without registering
 * with liburcu first, as any kernel thread may call rcu_read_lock(). The
 * memb flavour would need every reading thread to call
 * rcu_register_thread() (an unregistered reader is silently not waited
 * for: a use after free), and qsbr would need every thread to report
 * quiescent states; neither fits a library whose callers are arbitrary
 * programs. On a kernel with membarrier(2) (checked by liburcu at start),
 * urcu-bp's read side is a counter store with no fence.
 *
 * _LGPL_SOURCE inlines that read side (rcu_read_lock() and
 * rcu_read_unlock() from <urcu/static/urcu-bp.h>, a few instructions)
 * instead of calling into liburcu-bp.so: 1.7 ns instead of 13 ns a pair
 * on the benchmark host. liburcu is LGPL-2.1; this library is GPL-2.0,
 * and LGPL-2.1 code may be incorporated into GPL code (LGPL-2.1 section
 * 3), so inlining liburcu's functions here is allowed (liburcu's headers
 * also keep these functions under ten lines so that even non-LGPL code
 * may inline them).
 *
 * Not in sanitizer builds: the inline fast path dereferences liburcu's
 * per-thread reader record, declared 128-byte aligned but allocated less
 * aligned by liburcu itself, which UBSan (always paired with ASan in our
 * sanitizer builds) reports; and ThreadSanitizer builds keep liburcu's
 * accesses out of sight, as its suppressions expect. Those builds call
 * liburcu-bp's out-of-line functions, with the same semantics.
 * XA_RCU_OUT_OF_LINE forces that choice.
 */
#if !defined(XA_TSAN) && !defined(XA_ASAN) && !defined(XA_RCU_OUT_OF_LINE)
#define _LGPL_SOURCE
#endif
#include <urcu-bp.h>

/*
 * SIM: ThreadSanitizer does not understand liburcu's grace periods (they
 * are made of membarrier and futex calls it cannot see), so under TSan each
 * read-side unlock "releases" and each deferred free "acquires" one sync
 * object: that is exactly the RCU guarantee, told to the race detector
 * (lib/xarray-node.c).
 */
#ifdef XA_TSAN
void AnnotateHappensBefore(const char *file, int line, const volatile void *addr);
void AnnotateHappensAfter(const char *file, int line, const volatile void *addr);
extern char xa_tsan_rcu_sync;
#define xa_tsan_release(addr)	AnnotateHappensBefore(__FILE__, __LINE__, addr)
#define xa_tsan_acquire(addr)	AnnotateHappensAfter(__FILE__, __LINE__, addr)
#else
#define xa_tsan_release(addr)	do { } while (0)
#define xa_tsan_acquire(addr)	do { } while (0)
#endif

/* rcu_read_lock()/rcu_read_unlock() for the library's own readers. */
static inline void xa_rcu_lock(void)
{
	rcu_read_lock();
}

static inline void xa_rcu_unlock(void)
{
	xa_tsan_release(&xa_tsan_rcu_sync);
	rcu_read_unlock();
}

/* rcu_assign_pointer(): publish after the pointee is initialised. */
#define xa_rcu_store(p, v)	__atomic_store_n(&(p), (v), __ATOMIC_RELEASE)

/* Under xa_lock no one else writes: a relaxed load is enough. */
static inline void *xa_head_locked(const struct xarray *xa)
{
	return __atomic_load_n(&xa->xa_head, __ATOMIC_RELAXED);
}

static inline void *xa_entry_locked(const struct xarray *xa,
				    const struct xa_node *node,
				    unsigned int offset)
{
	(void)xa;
	return __atomic_load_n(&node->slots[offset], __ATOMIC_RELAXED);
}

static inline bool xa_track_free(const struct xarray *xa)
{
	return xa->xa_flags & XA_FLAGS_TRACK_FREE;
}

static inline bool xa_zero_busy(const struct xarray *xa)
{
	return xa->xa_flags & XA_FLAGS_ZERO_BUSY;
}

/* The head's marks live in xa_flags, which readers look at. */
static inline void xa_mark_set(struct xarray *xa, xa_mark_t mark)
{
	__atomic_store_n(&xa->xa_flags, xa->xa_flags | XA_FLAGS_MARK(mark),
			 __ATOMIC_RELAXED);
}

static inline void xa_mark_clear(struct xarray *xa, xa_mark_t mark)
{
	__atomic_store_n(&xa->xa_flags, xa->xa_flags & ~XA_FLAGS_MARK(mark),
			 __ATOMIC_RELAXED);
}

/*
 * A broken tree invariant: report the node and stop, as Linux's
 * XA_NODE_BUG_ON does with CONFIG_DEBUG_XARRAY... here always on.
 */
#define XA_NODE_BUG_ON(node, cond)					\
	do {								\
		if (__builtin_expect(!!(cond), 0))			\
			xa_node_bug(node, #cond, __FILE__, __LINE__);	\
	} while (0)

_Noreturn void xa_node_bug(const struct xa_node *node, const char *cond,
			   const char *file, int line);

/* ---- walking helpers shared by lib/xarray.c and lib/xarray-find.c ---- */

static inline unsigned long *node_marks(struct xa_node *node, xa_mark_t mark)
{
	return node->marks[mark];
}

/* First set bit of @mark at or after @offset, XA_CHUNK_SIZE if none. */
static inline unsigned int node_find_mark(struct xa_node *node,
					  unsigned int offset, xa_mark_t mark)
{
	while (offset < XA_CHUNK_SIZE) {
		unsigned int i = offset / XA_BITS_PER_LONG;
		unsigned long word = __atomic_load_n(&node_marks(node, mark)[i],
						     __ATOMIC_RELAXED);

		word &= ~0UL << (offset % XA_BITS_PER_LONG);
		if (word)
			return i * XA_BITS_PER_LONG +
			       (unsigned int)__builtin_ctzl(word);
		offset = (i + 1) * XA_BITS_PER_LONG;
	}
	return XA_CHUNK_SIZE;
}

static inline unsigned int get_offset(unsigned long index, struct xa_node *node)
{
	return (index >> node->shift) & XA_CHUNK_MASK;
}

static inline void xas_set_offset(struct xa_state *xas)
{
	xas->xa_offset = (unsigned char)get_offset(xas->xa_index, xas->xa_node);
}

/*
 * Move the index to the first index under slot @offset of the current
 * node: the node's 6 bits and every bit below them are replaced.
 */
static inline void xas_move_index(struct xa_state *xas, unsigned long offset)
{
	unsigned int shift = xas->xa_node->shift;

	xas->xa_index &= ~XA_CHUNK_MASK << shift;
	xas->xa_index += offset << shift;
}

static inline void xas_advance(struct xa_state *xas)
{
	xas->xa_offset++;
	xas_move_index(xas, xas->xa_offset);
}

static inline void *set_bounds(struct xa_state *xas)
{
	xas->xa_node = XAS_BOUNDS;
	return NULL;
}

/*
 * A node a walk is about to scan from end to end is likely cold (the
 * leaves of a sparse array are spread over the heap): ask for all its
 * cache lines at once rather than one by one as the scan reaches them.
 */
static inline void xa_node_prefetch(const struct xa_node *node)
{
	for (size_t i = 0; i < sizeof(*node); i += 64)
		__builtin_prefetch((const char *)node + i);
}

/*
 * Prefetch the node in @node's slot @offset, if there is one: a walk that
 * steps down into slot @offset - 1 will want it next. Only a hint (a
 * prefetch never faults), so a plain load of the slot is enough.
 */
static inline void xa_slot_prefetch(const struct xa_node *node,
				    unsigned int offset)
{
	void *entry;

	if (offset >= XA_CHUNK_SIZE)
		return;
	entry = __atomic_load_n(&node->slots[offset], __ATOMIC_RELAXED);
	if (xa_is_node(entry))
		xa_node_prefetch(xa_to_node(entry));
}

/* The highest index the tree can hold without growing. */
static inline unsigned long max_index(void *entry)
{
	if (!xa_is_node(entry))
		return 0;
	return (XA_CHUNK_SIZE << xa_to_node(entry)->shift) - 1;
}

/* lib/xarray-node.c */

/* Marker for a node waiting for its grace period, as Linux's XA_RCU_FREE. */
#define XA_RCU_FREE	((struct xarray *)1)

struct xa_node *xa_node_alloc(gfp_t gfp);
void xa_node_free(struct xa_node *node);
void xa_node_free_tree(struct xa_node *top);
void xa_node_release(struct xa_node *node);

/* ---- the walk down, inline for every reader ----------------------------- */

/*
 * xas_start_head() - the head of the array for a cursor at the top
 * (XAS_RESTART or XAS_BOUNDS): an index beyond the tree sets XAS_BOUNDS
 * and returns NULL; otherwise the cursor goes to the head (xa_node NULL),
 * whose entry is returned.
 */
static inline void *xas_start_head(struct xa_state *xas)
{
	void *entry = xa_head(xas->xa);

	if (!xa_is_node(entry)) {
		if (xas->xa_index)
			return set_bounds(xas);
	} else if ((xas->xa_index >> xa_to_node(entry)->shift) > XA_CHUNK_MASK) {
		return set_bounds(xas);
	}
	xas->xa_node = NULL;
	return entry;
}

/*
 * xas_start() - begin a walk (Linux's xas_start): a valid cursor reloads
 * where it is, one in an error state returns NULL, any other starts at
 * the head.
 */
static inline void *xas_start(struct xa_state *xas)
{
	if (xas_valid(xas))
		return xas_reload(xas);
	if (xas_error(xas))
		return NULL;
	return xas_start_head(xas);
}

/* Step into @node; a sibling slot is followed to its canonical slot. */
static inline void *xas_descend(struct xa_state *xas, struct xa_node *node)
{
	unsigned int offset = get_offset(xas->xa_index, node);
	void *entry = xa_entry(xas->xa, node, offset);

	xas->xa_node = node;
	if (xa_is_sibling(entry)) {
		offset = (unsigned int)xa_to_sibling(entry);
		entry = xa_entry(xas->xa, node, offset);
	}
	xas->xa_offset = (unsigned char)offset;
	return entry;
}

/*
 * xas_walk() - xas_load()'s loop of xas_descend() steps: from @entry
 * (what xas_start() gave) down to the entry at the cursor's index, or to
 * the node of the cursor's order. A child's shift is its parent's minus
 * XA_CHUNK_SHIFT (set before a node is published and never changed), so
 * only the top node's shift is read: each level is one dependent load,
 * the slot, not two (the shift, then the slot). A leaf's entry is never
 * a node: the walk stops there.
 */
static inline void *xas_walk(struct xa_state *xas, void *entry)
{
	/*
	 * The cursor is copied into locals and written back once: stores to
	 * its unsigned char fields may alias anything, and would make the
	 * compiler reload every field at every level.
	 */
	unsigned long index = xas->xa_index;
	unsigned int order_shift = xas->xa_shift;
	struct xa_node *node = xas->xa_node;
	unsigned int offset = xas->xa_offset;
	unsigned int shift;

	if (!xa_is_node(entry))
		return entry;
	shift = xa_to_node(entry)->shift;
	for (;;) {
		if (order_shift > shift)
			break;
		node = xa_to_node(entry);
		offset = (index >> shift) & XA_CHUNK_MASK;
		entry = xa_entry(xas->xa, node, offset);
		/* One test for the usual leaf entry, a pointer or a value. */
		if (!xa_is_internal(entry))
			break;
		if (xa_is_sibling(entry)) {
			offset = (unsigned int)xa_to_sibling(entry);
			entry = xa_entry(xas->xa, node, offset);
		}
		if (shift == 0 || !xa_is_node(entry))
			break;
		shift -= XA_CHUNK_SHIFT;
	}
	xas->xa_node = node;
	xas->xa_offset = (unsigned char)offset;
	return entry;
}

/*
 * __xas_load() - xas_load(), inline. In Linux xa_load() and xas_find()
 * sit in the same file as xas_load() and the compiler inlines the walk
 * into them; our lib/xarray*.c are split, so the walk lives here and
 * xa_load() (lib/xarray-api.c) and xas_find() (lib/xarray-find.c) get the
 * few instructions per level that Linux's xas_descend() is, with no call.
 */
static inline void *__xas_load(struct xa_state *xas)
{
	return xas_walk(xas, xas_start(xas));
}

/* lib/xarray-cache.c: the default node allocator */
void *xa_cache_alloc(void);
void xa_cache_free(void *obj);

/* lib/xarray.c, for the simple API */
bool __xas_nomem(struct xa_state *xas, gfp_t gfp);
void *xas_create(struct xa_state *xas, bool allow_root);
void xas_free_nodes(struct xa_state *xas, struct xa_node *top);

/* Number of indices the cursor's (multi-index) entry covers. */
static inline unsigned long xas_size(const struct xa_state *xas)
{
	return (xas->xa_sibs + 1UL) << xas->xa_shift;
}

#endif /* MMSIM_LIB_XARRAY_INTERNAL_H */
