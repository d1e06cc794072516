/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by lib/xarray.c (the advanced API), lib/xarray-api.c (the simple
 * API) and lib/xarray-node.c (node allocation and RCU). Not installed.
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
