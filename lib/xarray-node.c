// SPDX-License-Identifier: GPL-2.0
/*
 * XArray nodes: where they come from and how they go back, after an RCU
 * grace period. Linux keeps them in the "radix_tree_node" slab cache
 * (lib/radix-tree.c) and frees them with call_rcu(); so do we, through a
 * replaceable allocator (by default our own node cache, lib/xarray-cache.c)
 * and liburcu's call_rcu().
 *
 * SIM: ThreadSanitizer sees neither liburcu's grace periods nor
 * call_rcu()'s hand-over of the node to liburcu's thread (a lock-free
 * queue); see xa_tsan_release() in xarray_internal.h. The node's address
 * is the sync object of the hand-over, xa_tsan_rcu_sync the one of the
 * grace period.
 */
#include <string.h>

#include "xarray_internal.h"

#ifdef XA_TSAN
char xa_tsan_rcu_sync;
#endif

_Static_assert(sizeof(struct rcu_head) <= sizeof(struct xa_rcu_head),
	       "struct xa_node's rcu_head cannot hold liburcu's");
_Static_assert(_Alignof(struct rcu_head) <= _Alignof(struct xa_rcu_head),
	       "struct xa_node's rcu_head is under-aligned");

static void *xa_default_alloc_node(gfp_t gfp, void *data)
{
	(void)gfp;
	(void)data;
	return xa_cache_alloc();
}

static void xa_default_free_node(void *node, void *data)
{
	(void)data;
	xa_cache_free(node);
}

static const struct xa_node_allocator xa_default_allocator = {
	.alloc = xa_default_alloc_node,
	.free = xa_default_free_node,
};

/* The allocator in force; swapped only while no node exists. */
static const struct xa_node_allocator *xa_allocator = &xa_default_allocator;
/* Nodes allocated and not yet given back, over every XArray. */
static unsigned long xa_nodes_live;

static const struct xa_node_allocator *xa_current_allocator(void)
{
	return __atomic_load_n(&xa_allocator, __ATOMIC_ACQUIRE);
}

/*
 * xa_node_alloc() - a zeroed node (Linux's slab constructor zeroes slots
 * and marks once; we zero on every allocation).
 */
struct xa_node *xa_node_alloc(gfp_t gfp)
{
	const struct xa_node_allocator *a = xa_current_allocator();
	struct xa_node *node = a->alloc(gfp, a->data);

	if (!node)
		return NULL;
	memset(node, 0, sizeof(*node));
	__atomic_add_fetch(&xa_nodes_live, 1, __ATOMIC_RELAXED);
	return node;
}

/* Give back a node no reader can see (never published, or after RCU). */
void xa_node_release(struct xa_node *node)
{
	const struct xa_node_allocator *a = xa_current_allocator();

	a->free(node, a->data);
	__atomic_sub_fetch(&xa_nodes_live, 1, __ATOMIC_RELAXED);
}

static void xa_node_rcu_free(struct rcu_head *head)
{
	struct xa_node *node = (struct xa_node *)((char *)head -
		offsetof(struct xa_node, rcu_head));

	xa_tsan_acquire(node);
	xa_tsan_acquire(&xa_tsan_rcu_sync);
	xa_node_release(node);
}

/*
 * xa_node_free() - free an unlinked node once current readers are done,
 * as Linux's xa_node_free() with call_rcu().
 */
void xa_node_free(struct xa_node *node)
{
	node->array = XA_RCU_FREE;
	xa_tsan_release(node);
	call_rcu((struct rcu_head *)&node->rcu_head, xa_node_rcu_free);
}

/*
 * After the grace period: give back @top and every node below it,
 * children before parents. The slots that held nodes still do
 * (xas_free_nodes() turns only entries into retry entries), and each
 * node's parent and offset lead back up; nobody else sees these nodes now.
 */
static void xa_tree_rcu_free(struct rcu_head *head)
{
	struct xa_node *top = (struct xa_node *)((char *)head -
		offsetof(struct xa_node, rcu_head));
	struct xa_node *node = top;
	unsigned int offset = 0;

	xa_tsan_acquire(top);
	xa_tsan_acquire(&xa_tsan_rcu_sync);
	for (;;) {
		struct xa_node *parent;

		while (node->shift && offset < XA_CHUNK_SIZE &&
		       !xa_is_node(node->slots[offset]))
			offset++;
		if (node->shift && offset < XA_CHUNK_SIZE) {
			/* Of the next node, only the first line is read here. */
			if (offset + 1U < XA_CHUNK_SIZE &&
			    xa_is_node(node->slots[offset + 1U]))
				__builtin_prefetch(xa_to_node(node->slots[offset + 1U]));
			node = xa_to_node(node->slots[offset]);
			offset = 0;
			continue;
		}
		parent = node->parent;
		offset = node->offset + 1U;
		xa_node_release(node);
		if (node == top)
			return;
		node = parent;
	}
}

/**
 * xa_node_free_tree() - free an unlinked subtree once current readers
 * are done: one call_rcu() for all its nodes
 * @top: the subtree's root; every node below it marked XA_RCU_FREE
 *
 * SIM: Linux's xas_free_nodes() calls call_rcu() once per node. Each
 * call_rcu() here is a hand-over to liburcu's thread (a queue, a wake-up,
 * a callback), which made xa_destroy() several times slower than freeing
 * the nodes; one grace period covers the whole subtree just as well,
 * since all of it was unlinked before this call.
 */
void xa_node_free_tree(struct xa_node *top)
{
	top->array = XA_RCU_FREE;
	xa_tsan_release(top);
	call_rcu((struct rcu_head *)&top->rcu_head, xa_tree_rcu_free);
}

_Noreturn void xa_node_bug(const struct xa_node *node, const char *cond,
			   const char *file, int line)
{
	fprintf(stderr, "xarray: BUG at %s:%d: %s\n", file, line, cond);
	if (node)
		fprintf(stderr, "node %p shift %u offset %u count %u values %u "
			"parent %p array %p\n", (const void *)node, node->shift,
			node->offset, node->count, node->nr_values,
			(void *)node->parent, (void *)node->array);
	abort();
}

/**
 * xa_set_node_allocator() - choose where XArray nodes come from
 * @allocator: the new allocator; NULL restores the default (the node cache)
 *
 * SIM: Linux has one slab cache; this hook lets a program route nodes
 * elsewhere (mmsim: its simulated "radix_tree_node" cache). Nodes waiting
 * for their grace period are freed first (rcu_barrier()).
 *
 * Return: 0, or -EBUSY if some XArray still holds nodes (they must go
 * back to the allocator they came from).
 */
int xa_set_node_allocator(const struct xa_node_allocator *allocator)
{
	if (allocator && (!allocator->alloc || !allocator->free))
		return -EINVAL;
	rcu_barrier();
	if (__atomic_load_n(&xa_nodes_live, __ATOMIC_RELAXED))
		return -EBUSY;
	__atomic_store_n(&xa_allocator,
			 allocator ? allocator : &xa_default_allocator,
			 __ATOMIC_RELEASE);
	return 0;
}

/**
 * xa_nodes_in_use() - nodes allocated and not yet freed, over all arrays
 *
 * Nodes waiting for a grace period still count; call xa_rcu_barrier()
 * first for an exact figure.
 * Return: the number of nodes.
 */
unsigned long xa_nodes_in_use(void)
{
	return __atomic_load_n(&xa_nodes_live, __ATOMIC_RELAXED);
}

/**
 * xa_rcu_barrier() - wait until every node freed so far is given back
 *
 * SIM: liburcu's rcu_barrier(); call it before a leak check or before the
 * program's allocator goes away.
 * Context: not inside an RCU read-side critical section.
 */
void xa_rcu_barrier(void)
{
	rcu_barrier();
}

/**
 * xa_rcu_read_lock() - enter an RCU read-side critical section
 *
 * For advanced users walking with xas_load()/xas_find() without xa_lock.
 * SIM: Linux's rcu_read_lock(); liburcu-bp needs no thread registration.
 */
void xa_rcu_read_lock(void)
{
	xa_rcu_lock();
}

/**
 * xa_rcu_read_unlock() - leave an RCU read-side critical section
 */
void xa_rcu_read_unlock(void)
{
	xa_rcu_unlock();
}
