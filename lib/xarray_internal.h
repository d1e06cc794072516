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

/* The highest index the tree can hold without growing. */
static inline unsigned long max_index(void *entry)
{
	if (!xa_is_node(entry))
		return 0;
	return (XA_CHUNK_SIZE << xa_to_node(entry)->shift) - 1;
}

/* lib/xarray-node.c */
struct xa_node *xa_node_alloc(gfp_t gfp);
void xa_node_free(struct xa_node *node);
void xa_node_release(struct xa_node *node);

/* lib/xarray.c, for the simple API */
void *xas_start(struct xa_state *xas);
void *xas_descend(struct xa_state *xas, struct xa_node *node);
bool __xas_nomem(struct xa_state *xas, gfp_t gfp);
void *xas_create(struct xa_state *xas, bool allow_root);
void xas_free_nodes(struct xa_state *xas, struct xa_node *top);

/* Number of indices the cursor's (multi-index) entry covers. */
static inline unsigned long xas_size(const struct xa_state *xas)
{
	return (xas->xa_sibs + 1UL) << xas->xa_shift;
}

#endif /* MMSIM_LIB_XARRAY_INTERNAL_H */
