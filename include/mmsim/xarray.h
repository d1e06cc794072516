/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The XArray, as include/linux/xarray.h: an array of pointers indexed by
 * unsigned long, stored as a radix tree of 64-slot nodes.
 *
 * This header and lib/xarray.c form a library of their own
 * (libmmsim-xarray, pkg-config mmsim-xarray) that any C program can use
 * without the rest of mmsim. It needs only gfp_types.h, the C library and
 * pthreads; the implementation uses liburcu-bp for RCU.
 *
 * Simple API first:
 *	DEFINE_XARRAY(array);
 *	xa_store(&array, 5, ptr, GFP_KERNEL);   // old entry, or xa_err()
 *	ptr = xa_load(&array, 5);               // lock-free (RCU)
 *	xa_for_each(&array, index, ptr) ...
 *	xa_erase(&array, 5);
 *	xa_destroy(&array);
 *
 * Glossary:
 *   entry     what a slot holds: a pointer (4-byte aligned), a value entry
 *             (xa_mk_value), NULL, or an internal entry (a node, a sibling,
 *             retry, zero, an error) that the simple API never returns
 *   node      struct xa_node, 64 slots; a node at shift S covers 64 << S
 *             indices
 *   mark      one of three bits per entry (XA_MARK_0..2), also set in every
 *             ancestor so a search skips unmarked subtrees
 *   xa_state  the advanced API's cursor (XA_STATE), the page cache's tool
 *
 * SIM: no interrupts here: the _bh/_irq/_irqsave lock forms take the same
 * pthread mutex as xa_lock(). Readers are lock-free under RCU (liburcu-bp,
 * no thread registration needed); writers serialise on xa_lock.
 */
#ifndef MMSIM_XARRAY_H
#define MMSIM_XARRAY_H

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gfp_types.h"

#define XA_BITS_PER_LONG	((int)(sizeof(unsigned long) * CHAR_BIT))
#define XA_MAX_ERRNO		4095

/* ==== Entries ============================================================ */

/**
 * xa_mk_value - make an XArray entry from an integer
 * @v: value to store, 0..LONG_MAX (the top bit is lost)
 *
 * Return: an entry for xa_store(); xa_to_value() gives @v back.
 */
static inline void *xa_mk_value(unsigned long v)
{
	return (void *)((v << 1) | 1);
}

static inline unsigned long xa_to_value(const void *entry)
{
	return (unsigned long)entry >> 1;
}

static inline bool xa_is_value(const void *entry)
{
	return (unsigned long)entry & 1;
}

/* Tagged pointers: the low two bits of an entry say what it is. */
static inline void *xa_tag_pointer(void *p, unsigned long tag)
{
	return (void *)((unsigned long)p | tag);
}

static inline void *xa_untag_pointer(void *entry)
{
	return (void *)((unsigned long)entry & ~3UL);
}

static inline unsigned int xa_pointer_tag(void *entry)
{
	return (unsigned long)entry & 3UL;
}

/* Internal entries end in binary 10; the simple API never returns one. */
static inline void *xa_mk_internal(unsigned long v)
{
	return (void *)((v << 2) | 2);
}

static inline unsigned long xa_to_internal(const void *entry)
{
	return (unsigned long)entry >> 2;
}

static inline bool xa_is_internal(const void *entry)
{
	return ((unsigned long)entry & 3) == 2;
}

/* A reserved slot: loads as NULL, but the index is taken. */
#define XA_ZERO_ENTRY		xa_mk_internal(257)

static inline bool xa_is_zero(const void *entry)
{
	return entry == XA_ZERO_ENTRY;
}

/* -ENOMEM, -EBUSY, -EINVAL... encoded as internal entries -4095..-1. */
static inline bool xa_is_err(const void *entry)
{
	return xa_is_internal(entry) &&
	       (unsigned long)entry >= (unsigned long)xa_mk_internal(-XA_MAX_ERRNO);
}

/**
 * xa_err - turn an XArray result into an errno
 * @entry: result of xa_store(), xa_cmpxchg(), xa_store_range()...
 *
 * Return: 0 if @entry is not an error, else a negative errno.
 */
static inline int xa_err(void *entry)
{
	if (xa_is_err(entry))
		return (int)((long)entry >> 2);
	return 0;
}

/* ==== The array ========================================================== */

typedef unsigned int xa_mark_t;
#define XA_MARK_0		((xa_mark_t)0U)
#define XA_MARK_1		((xa_mark_t)1U)
#define XA_MARK_2		((xa_mark_t)2U)
#define XA_PRESENT		((xa_mark_t)8U)
#define XA_MARK_MAX		XA_MARK_2
#define XA_FREE_MARK		XA_MARK_0

enum xa_lock_type {
	XA_LOCK_IRQ = 1,
	XA_LOCK_BH = 2,
};

/*
 * xa_flags: the low bits are XArray flags, the marks of the head entry
 * live above the gfp bits (as Linux, which shares the word with gfp_t).
 */
#define XA_FLAGS_LOCK_IRQ	((gfp_t)XA_LOCK_IRQ)
#define XA_FLAGS_LOCK_BH	((gfp_t)XA_LOCK_BH)
#define XA_FLAGS_TRACK_FREE	((gfp_t)4U)
#define XA_FLAGS_ZERO_BUSY	((gfp_t)8U)
#define XA_FLAGS_ALLOC_WRAPPED	((gfp_t)16U)
#define XA_FLAGS_ACCOUNT	((gfp_t)32U)
#define XA_FLAGS_MARK_SHIFT	___GFP_LAST_BIT
#define XA_FLAGS_MARK(mark)	((gfp_t)((1U << XA_FLAGS_MARK_SHIFT) << (unsigned)(mark)))

/* IDR-like arrays: track free slots; ALLOC1 never hands out index 0. */
#define XA_FLAGS_ALLOC	(XA_FLAGS_TRACK_FREE | XA_FLAGS_MARK(XA_FREE_MARK))
#define XA_FLAGS_ALLOC1	(XA_FLAGS_TRACK_FREE | XA_FLAGS_ZERO_BUSY)

/**
 * struct xarray - the anchor of an XArray
 * @xa_lock: serialises writers (SIM: a pthread mutex, not a spinlock)
 * @xa_flags: XA_FLAGS_* and the head's marks; written under @xa_lock
 * @xa_head: NULL, a single entry (index 0), or the root node; written
 *	under @xa_lock, read under RCU
 */
struct xarray {
	pthread_mutex_t xa_lock;
	gfp_t xa_flags;
	void *xa_head;
};

#define XARRAY_INIT(name, flags) {				\
	.xa_lock = PTHREAD_MUTEX_INITIALIZER,			\
	.xa_flags = (flags),					\
	.xa_head = NULL,					\
}

#define DEFINE_XARRAY_FLAGS(name, flags) \
	struct xarray name = XARRAY_INIT(name, flags)
#define DEFINE_XARRAY(name)		DEFINE_XARRAY_FLAGS(name, 0)
#define DEFINE_XARRAY_ALLOC(name)	DEFINE_XARRAY_FLAGS(name, XA_FLAGS_ALLOC)
#define DEFINE_XARRAY_ALLOC1(name)	DEFINE_XARRAY_FLAGS(name, XA_FLAGS_ALLOC1)

/**
 * struct xa_limit - the range xa_alloc() may hand out, inclusive
 */
struct xa_limit {
	uint32_t max;
	uint32_t min;
};

#define XA_LIMIT(_min, _max)	((struct xa_limit){ .min = (_min), .max = (_max) })
#define xa_limit_32b		XA_LIMIT(0, UINT_MAX)
#define xa_limit_31b		XA_LIMIT(0, INT_MAX)
#define xa_limit_16b		XA_LIMIT(0, USHRT_MAX)

/* Locking. SIM: there are no interrupts, every form is the mutex. */
#define xa_trylock(xa)		(pthread_mutex_trylock(&(xa)->xa_lock) == 0)
#define xa_lock(xa)		((void)pthread_mutex_lock(&(xa)->xa_lock))
#define xa_unlock(xa)		((void)pthread_mutex_unlock(&(xa)->xa_lock))
#define xa_lock_bh(xa)		xa_lock(xa)
#define xa_unlock_bh(xa)	xa_unlock(xa)
#define xa_lock_irq(xa)		xa_lock(xa)
#define xa_unlock_irq(xa)	xa_unlock(xa)
#define xa_lock_irqsave(xa, flags) \
	do { (flags) = 0; xa_lock(xa); } while (0)
#define xa_unlock_irqrestore(xa, flags) \
	do { (void)(flags); xa_unlock(xa); } while (0)
#define xa_lock_nested(xa, subclass)	xa_lock(xa)
#define xa_lock_bh_nested(xa, subclass)	xa_lock(xa)
#define xa_lock_irq_nested(xa, subclass) xa_lock(xa)

void xa_init_flags(struct xarray *xa, gfp_t flags);

/**
 * xa_init - initialise an empty XArray (no flags)
 * @xa: XArray
 */
static inline void xa_init(struct xarray *xa)
{
	xa_init_flags(xa, 0);
}

/* True if the array holds no entries (reserved ones count as entries). */
static inline bool xa_empty(const struct xarray *xa)
{
	return __atomic_load_n(&xa->xa_head, __ATOMIC_RELAXED) == NULL;
}

/* True if any entry in the array has @mark set. */
static inline bool xa_marked(const struct xarray *xa, xa_mark_t mark)
{
	return __atomic_load_n(&xa->xa_flags, __ATOMIC_RELAXED) &
	       XA_FLAGS_MARK(mark);
}

void *xa_load(struct xarray *xa, unsigned long index);
void *xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp);
void *xa_erase(struct xarray *xa, unsigned long index);
void *xa_store_range(struct xarray *xa, unsigned long first,
		     unsigned long last, void *entry, gfp_t gfp);
int xa_get_order(struct xarray *xa, unsigned long index);
bool xa_get_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
void xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
void xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
void *xa_find(struct xarray *xa, unsigned long *indexp, unsigned long max,
	      xa_mark_t filter);
void *xa_find_after(struct xarray *xa, unsigned long *indexp,
		    unsigned long max, xa_mark_t filter);
unsigned int xa_extract(struct xarray *xa, void **dst, unsigned long start,
			unsigned long max, unsigned int n, xa_mark_t filter);
void xa_destroy(struct xarray *xa);

/* The same operations for a caller that already holds xa_lock. */
void *__xa_erase(struct xarray *xa, unsigned long index);
void *__xa_store(struct xarray *xa, unsigned long index, void *entry,
		 gfp_t gfp);
void *__xa_cmpxchg(struct xarray *xa, unsigned long index, void *old,
		   void *entry, gfp_t gfp);
int __xa_insert(struct xarray *xa, unsigned long index, void *entry,
		gfp_t gfp);
int __xa_reserve(struct xarray *xa, unsigned long index, gfp_t gfp);
int __xa_alloc(struct xarray *xa, uint32_t *id, void *entry,
	       struct xa_limit limit, gfp_t gfp);
int __xa_alloc_cyclic(struct xarray *xa, uint32_t *id, void *entry,
		      struct xa_limit limit, uint32_t *next, gfp_t gfp);
void __xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
void __xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);

/*
 * xa_for_each_range - iterate over the present entries in [start, last]
 * Safe against concurrent modification (each step is a fresh RCU lookup);
 * an entry stored or erased meanwhile may or may not be seen.
 */
#define xa_for_each_range(xa, index, entry, start, last)		\
	for (index = (start),						\
	     entry = xa_find(xa, &index, last, XA_PRESENT);		\
	     entry;							\
	     entry = xa_find_after(xa, &index, last, XA_PRESENT))

#define xa_for_each_start(xa, index, entry, start) \
	xa_for_each_range(xa, index, entry, start, ULONG_MAX)

#define xa_for_each(xa, index, entry) \
	xa_for_each_start(xa, index, entry, 0)

#define xa_for_each_marked(xa, index, entry, filter)			\
	for (index = 0, entry = xa_find(xa, &index, ULONG_MAX, filter);	\
	     entry; entry = xa_find_after(xa, &index, ULONG_MAX, filter))

/* Locked wrappers, as Linux's static inlines in xarray.h. */
static inline void *xa_store_bh(struct xarray *xa, unsigned long index,
				void *entry, gfp_t gfp)
{
	void *curr;

	xa_lock_bh(xa);
	curr = __xa_store(xa, index, entry, gfp);
	xa_unlock_bh(xa);
	return curr;
}

static inline void *xa_store_irq(struct xarray *xa, unsigned long index,
				 void *entry, gfp_t gfp)
{
	return xa_store_bh(xa, index, entry, gfp);
}

static inline void *xa_erase_bh(struct xarray *xa, unsigned long index)
{
	void *entry;

	xa_lock_bh(xa);
	entry = __xa_erase(xa, index);
	xa_unlock_bh(xa);
	return entry;
}

static inline void *xa_erase_irq(struct xarray *xa, unsigned long index)
{
	return xa_erase_bh(xa, index);
}

/**
 * xa_cmpxchg - store @entry at @index if the slot holds @old
 * @xa: XArray
 * @index: index into the array
 * @old: expected entry (NULL matches an empty or reserved slot)
 * @entry: new entry
 * @gfp: allocation flags
 *
 * Context: takes and releases xa_lock.
 * Return: the entry that was at @index (the store happened iff it equals
 * @old), or xa_err(-EINVAL) for an internal @entry, xa_err(-ENOMEM).
 */
static inline void *xa_cmpxchg(struct xarray *xa, unsigned long index,
			       void *old, void *entry, gfp_t gfp)
{
	void *curr;

	xa_lock(xa);
	curr = __xa_cmpxchg(xa, index, old, entry, gfp);
	xa_unlock(xa);
	return curr;
}

#define xa_cmpxchg_bh	xa_cmpxchg
#define xa_cmpxchg_irq	xa_cmpxchg

/**
 * xa_insert - store @entry at @index only if the slot is empty
 * @xa: XArray
 * @index: index into the array
 * @entry: new entry (NULL reserves the slot)
 * @gfp: allocation flags
 *
 * Return: 0, -EBUSY if an entry (even a reserved one) is there, -EINVAL
 * for an internal @entry, -ENOMEM.
 */
static inline int xa_insert(struct xarray *xa, unsigned long index,
			    void *entry, gfp_t gfp)
{
	int err;

	xa_lock(xa);
	err = __xa_insert(xa, index, entry, gfp);
	xa_unlock(xa);
	return err;
}

#define xa_insert_bh	xa_insert
#define xa_insert_irq	xa_insert

/**
 * xa_alloc - store @entry at a free index within @limit
 * @xa: XArray initialised with XA_FLAGS_ALLOC or XA_FLAGS_ALLOC1
 * @id: receives the index
 * @entry: new entry
 * @limit: range of acceptable ids (XA_LIMIT, xa_limit_32b...)
 * @gfp: allocation flags
 *
 * Return: 0, -EBUSY if every id in @limit is taken, -EINVAL (internal
 * @entry or an array without XA_FLAGS_TRACK_FREE), -ENOMEM.
 */
static inline int xa_alloc(struct xarray *xa, uint32_t *id, void *entry,
			   struct xa_limit limit, gfp_t gfp)
{
	int err;

	xa_lock(xa);
	err = __xa_alloc(xa, id, entry, limit, gfp);
	xa_unlock(xa);
	return err;
}

#define xa_alloc_bh	xa_alloc
#define xa_alloc_irq	xa_alloc

/**
 * xa_alloc_cyclic - xa_alloc() starting at *@next and wrapping to @limit.min
 * @xa: XArray initialised with XA_FLAGS_ALLOC or XA_FLAGS_ALLOC1
 * @id: receives the index
 * @entry: new entry
 * @limit: range of acceptable ids
 * @next: where the search starts; updated to *@id + 1
 * @gfp: allocation flags
 *
 * Return: 0, 1 if the search wrapped around, or xa_alloc()'s errors.
 */
static inline int xa_alloc_cyclic(struct xarray *xa, uint32_t *id,
				  void *entry, struct xa_limit limit,
				  uint32_t *next, gfp_t gfp)
{
	int err;

	xa_lock(xa);
	err = __xa_alloc_cyclic(xa, id, entry, limit, next, gfp);
	xa_unlock(xa);
	return err;
}

#define xa_alloc_cyclic_bh	xa_alloc_cyclic
#define xa_alloc_cyclic_irq	xa_alloc_cyclic

/**
 * xa_reserve - make sure a later store at @index needs no allocation
 * @xa: XArray
 * @index: index into the array
 * @gfp: allocation flags
 *
 * A reserved slot loads as NULL but makes xa_insert() fail with -EBUSY.
 * Return: 0 or -ENOMEM.
 */
static inline int xa_reserve(struct xarray *xa, unsigned long index,
			     gfp_t gfp)
{
	int ret;

	xa_lock(xa);
	ret = __xa_reserve(xa, index, gfp);
	xa_unlock(xa);
	return ret;
}

#define xa_reserve_bh	xa_reserve
#define xa_reserve_irq	xa_reserve

/* Undo xa_reserve() if nothing was stored meanwhile. */
static inline void xa_release(struct xarray *xa, unsigned long index)
{
	xa_cmpxchg(xa, index, XA_ZERO_ENTRY, NULL, 0);
}

/* ==== Node allocation hook and RCU (SIM) ================================= */

/**
 * struct xa_node_allocator - where XArray nodes come from
 * @alloc: return sizeof(struct xa_node) bytes aligned for a pointer, or
 *	NULL (the XArray then reports -ENOMEM); called with the array's
 *	lock held, from the thread that stores
 * @free: give a node back; called once a grace period has passed, from
 *	liburcu's call_rcu thread
 * @data: passed to both
 *
 * SIM: Linux takes nodes from the "radix_tree_node" slab cache; the
 * default here is a huge-page-backed node cache (lib/xarray-cache.c), and
 * mmsim can route nodes into its slab.
 */
struct xa_node_allocator {
	void *(*alloc)(gfp_t gfp, void *data);
	void (*free)(void *node, void *data);
	void *data;
};

int xa_set_node_allocator(const struct xa_node_allocator *allocator);
unsigned long xa_nodes_in_use(void);
void xa_rcu_barrier(void);
void xa_rcu_read_lock(void);
void xa_rcu_read_unlock(void);

/* ==== Advanced API ======================================================= */

#define XA_CHUNK_SHIFT		6
#define XA_CHUNK_SIZE		(1UL << XA_CHUNK_SHIFT)
#define XA_CHUNK_MASK		(XA_CHUNK_SIZE - 1)
#define XA_MAX_MARKS		3
#define XA_MARK_LONGS		((XA_CHUNK_SIZE + XA_BITS_PER_LONG - 1) / \
				 XA_BITS_PER_LONG)

/**
 * struct xa_node - one level of the tree, 64 slots
 * @shift: bits of the index below this node (0 for a leaf node)
 * @offset: slot number of this node in its parent
 * @count: non-NULL slots (siblings and reserved entries included)
 * @nr_values: slots holding value entries
 * @parent: NULL for the root; read under RCU
 * @array: the owning XArray (XA_RCU_FREE once freed)
 * @private_list: for the node's user (Linux: the workingset's shadow list)
 * @rcu_head: used while the node waits for its grace period
 * @slots: entries; written under xa_lock, read under RCU
 * @marks: XA_MAX_MARKS bitmaps, one bit per slot, set in an ancestor iff
 *	set somewhere below that slot
 *
 * Every field but @slots, @parent and @marks is written only under xa_lock
 * before the node is published or while it is private.
 */
struct xa_node {
	unsigned char shift;
	unsigned char offset;
	unsigned char count;
	unsigned char nr_values;
	struct xa_node *parent;
	struct xarray *array;
	union {
		struct xa_list_head {
			struct xa_list_head *next, *prev;
		} private_list;
		struct xa_rcu_head {
			void *opaque[2];	/* liburcu's struct rcu_head */
		} rcu_head;
	};
	void *slots[XA_CHUNK_SIZE];
	unsigned long marks[XA_MAX_MARKS][XA_MARK_LONGS];
};

/* Slot and head accessors: acquire loads pair with the writers' release
 * stores (rcu_dereference / rcu_assign_pointer). */
static inline void *xa_head(const struct xarray *xa)
{
	return __atomic_load_n(&xa->xa_head, __ATOMIC_ACQUIRE);
}

static inline void *xa_entry(const struct xarray *xa,
			     const struct xa_node *node, unsigned int offset)
{
	(void)xa;
	return __atomic_load_n(&node->slots[offset], __ATOMIC_ACQUIRE);
}

static inline struct xa_node *xa_parent(const struct xarray *xa,
					const struct xa_node *node)
{
	(void)xa;
	return __atomic_load_n(&node->parent, __ATOMIC_ACQUIRE);
}

static inline struct xa_node *xa_to_node(const void *entry)
{
	return (struct xa_node *)((unsigned long)entry - 2);
}

static inline void *xa_mk_node(const struct xa_node *node)
{
	return (void *)((unsigned long)node | 2);
}

static inline bool xa_is_node(const void *entry)
{
	return xa_is_internal(entry) && (unsigned long)entry > 4096;
}

/* A sibling points at the canonical slot of a multi-index entry. */
static inline void *xa_mk_sibling(unsigned int offset)
{
	return xa_mk_internal(offset);
}

static inline unsigned long xa_to_sibling(const void *entry)
{
	return xa_to_internal(entry);
}

static inline bool xa_is_sibling(const void *entry)
{
	return xa_is_internal(entry) &&
	       entry < xa_mk_sibling(XA_CHUNK_SIZE - 1);
}

/* A slot of a node being freed: an RCU walker must restart. */
#define XA_RETRY_ENTRY		xa_mk_internal(256)

static inline bool xa_is_retry(const void *entry)
{
	return entry == XA_RETRY_ENTRY;
}

/* Entries only the advanced API may store. */
static inline bool xa_is_advanced(const void *entry)
{
	return xa_is_internal(entry) && entry <= XA_RETRY_ENTRY;
}

typedef void (*xa_update_node_t)(struct xa_node *node);

/**
 * struct xa_state - the XArray operation state (a cursor)
 * @xa: the array
 * @xa_index: the index being operated on
 * @xa_shift, @xa_sibs: a multi-index entry covers (sibs + 1) << shift
 * @xa_offset: slot in @xa_node
 * @xa_node: the node, or NULL (the head), XAS_RESTART (not walked yet),
 *	XAS_BOUNDS (beyond the array), or an error (XA_ERROR)
 * @xa_alloc: a node preallocated by xas_nomem()
 * @xa_update: called when a node's count changes
 */
struct xa_state {
	struct xarray *xa;
	unsigned long xa_index;
	unsigned char xa_shift;
	unsigned char xa_sibs;
	unsigned char xa_offset;
	unsigned char xa_pad;
	struct xa_node *xa_node;
	struct xa_node *xa_alloc;
	xa_update_node_t xa_update;
};

#define XA_ERROR(errno)	((struct xa_node *)(((unsigned long)(errno) << 2) | 2UL))
#define XAS_BOUNDS	((struct xa_node *)1UL)
#define XAS_RESTART	((struct xa_node *)3UL)

#define __XA_STATE(array, index, shift, sibs) {	\
	.xa = (array),				\
	.xa_index = (index),			\
	.xa_shift = (shift),			\
	.xa_sibs = (sibs),			\
	.xa_offset = 0,				\
	.xa_pad = 0,				\
	.xa_node = XAS_RESTART,			\
	.xa_alloc = NULL,			\
	.xa_update = NULL,			\
}

#define XA_STATE(name, array, index) \
	struct xa_state name = __XA_STATE(array, index, 0, 0)

#define XA_STATE_ORDER(name, array, index, order)			\
	struct xa_state name = __XA_STATE(array,			\
		(index) >> (order) << (order),				\
		(order) - ((order) % XA_CHUNK_SHIFT),			\
		(1U << ((order) % XA_CHUNK_SHIFT)) - 1)

#define xas_marked(xas, mark)	xa_marked((xas)->xa, (mark))
#define xas_trylock(xas)	xa_trylock((xas)->xa)
#define xas_lock(xas)		xa_lock((xas)->xa)
#define xas_unlock(xas)		xa_unlock((xas)->xa)
#define xas_lock_bh(xas)	xa_lock_bh((xas)->xa)
#define xas_unlock_bh(xas)	xa_unlock_bh((xas)->xa)
#define xas_lock_irq(xas)	xa_lock_irq((xas)->xa)
#define xas_unlock_irq(xas)	xa_unlock_irq((xas)->xa)
#define xas_lock_irqsave(xas, flags)	xa_lock_irqsave((xas)->xa, flags)
#define xas_unlock_irqrestore(xas, flags) xa_unlock_irqrestore((xas)->xa, flags)

static inline int xas_error(const struct xa_state *xas)
{
	return xa_err(xas->xa_node);
}

static inline void xas_set_err(struct xa_state *xas, long err)
{
	xas->xa_node = XA_ERROR(err);
}

/* True if the cursor is not pointing at a node (error, bounds, restart). */
static inline bool xas_invalid(const struct xa_state *xas)
{
	return (unsigned long)xas->xa_node & 3;
}

static inline bool xas_valid(const struct xa_state *xas)
{
	return !xas_invalid(xas);
}

static inline bool xas_is_node(const struct xa_state *xas)
{
	return xas_valid(xas) && xas->xa_node;
}

static inline bool xas_not_node(struct xa_node *node)
{
	return ((unsigned long)node & 3) || !node;
}

static inline bool xas_frozen(struct xa_node *node)
{
	return (unsigned long)node & 2;
}

static inline bool xas_top(struct xa_node *node)
{
	return node <= XAS_RESTART;
}

/* Make the next operation walk from the top again. */
static inline void xas_reset(struct xa_state *xas)
{
	xas->xa_node = XAS_RESTART;
}

/**
 * xas_retry - should this entry be skipped or the walk restarted
 * @xas: operation state
 * @entry: entry from the array
 *
 * Return: true for a zero entry (skip it) or a retry entry (the cursor is
 * reset; walk again).
 */
static inline bool xas_retry(struct xa_state *xas, const void *entry)
{
	if (xa_is_zero(entry))
		return true;
	if (!xa_is_retry(entry))
		return false;
	xas_reset(xas);
	return true;
}

void *xas_load(struct xa_state *xas);
void *xas_store(struct xa_state *xas, void *entry);
void *xas_find(struct xa_state *xas, unsigned long max);
void *xas_find_conflict(struct xa_state *xas);
bool xas_get_mark(const struct xa_state *xas, xa_mark_t mark);
void xas_set_mark(const struct xa_state *xas, xa_mark_t mark);
void xas_clear_mark(const struct xa_state *xas, xa_mark_t mark);
void *xas_find_marked(struct xa_state *xas, unsigned long max, xa_mark_t mark);
void xas_init_marks(const struct xa_state *xas);
bool xas_nomem(struct xa_state *xas, gfp_t gfp);
void xas_pause(struct xa_state *xas);
void xas_create_range(struct xa_state *xas);
void xas_split_alloc(struct xa_state *xas, void *entry, unsigned int order,
		     gfp_t gfp);
void xas_split(struct xa_state *xas, void *entry, unsigned int order);
void *__xas_next(struct xa_state *xas);
void *__xas_prev(struct xa_state *xas);

/* Reload the entry the cursor points at (after dropping the lock, say). */
static inline void *xas_reload(struct xa_state *xas)
{
	struct xa_node *node = xas->xa_node;
	unsigned int offset;
	void *entry;

	if (!node)
		return xa_head(xas->xa);
	offset = (xas->xa_index >> node->shift) & XA_CHUNK_MASK;
	entry = xa_entry(xas->xa, node, offset);
	if (!xa_is_sibling(entry))
		return entry;
	return xa_entry(xas->xa, node, (unsigned int)xa_to_sibling(entry));
}

/* Point the cursor at @index; the next operation walks from the top. */
static inline void xas_set(struct xa_state *xas, unsigned long index)
{
	xas->xa_index = index;
	xas->xa_node = XAS_RESTART;
}

/* Point the cursor at the order-@order entry containing @index. */
static inline void xas_set_order(struct xa_state *xas, unsigned long index,
				 unsigned int order)
{
	xas->xa_index = order < (unsigned int)XA_BITS_PER_LONG ?
			(index >> order) << order : 0;
	xas->xa_shift = (unsigned char)(order - (order % XA_CHUNK_SHIFT));
	xas->xa_sibs = (unsigned char)((1U << (order % XA_CHUNK_SHIFT)) - 1);
	xas->xa_node = XAS_RESTART;
}

static inline void xas_set_update(struct xa_state *xas, xa_update_node_t update)
{
	xas->xa_update = update;
}

/* The next present entry up to @max; the fast path stays in a leaf. */
static inline void *xas_next_entry(struct xa_state *xas, unsigned long max)
{
	struct xa_node *node = xas->xa_node;
	void *entry;

	if (xas_not_node(node) || node->shift ||
	    xas->xa_offset != (xas->xa_index & XA_CHUNK_MASK))
		return xas_find(xas, max);

	do {
		if (xas->xa_index >= max)
			return xas_find(xas, max);
		if (xas->xa_offset == XA_CHUNK_MASK)
			return xas_find(xas, max);
		entry = xa_entry(xas->xa, node, xas->xa_offset + 1U);
		if (xa_is_internal(entry))
			return xas_find(xas, max);
		xas->xa_offset++;
		xas->xa_index++;
	} while (!entry);

	return entry;
}

static inline void *xas_next_marked(struct xa_state *xas, unsigned long max,
				    xa_mark_t mark)
{
	return xas_find_marked(xas, max, mark);
}

#define xas_for_each(xas, entry, max) \
	for (entry = xas_find(xas, max); entry; \
	     entry = xas_next_entry(xas, max))

#define xas_for_each_marked(xas, entry, max, mark) \
	for (entry = xas_find_marked(xas, max, mark); entry; \
	     entry = xas_next_marked(xas, max, mark))

#define xas_for_each_conflict(xas, entry) \
	while ((entry = xas_find_conflict(xas)))

/* Move to the next index (even an empty one) and return its entry. */
static inline void *xas_next(struct xa_state *xas)
{
	struct xa_node *node = xas->xa_node;

	if (xas_not_node(node) || node->shift ||
	    xas->xa_offset == XA_CHUNK_MASK)
		return __xas_next(xas);
	xas->xa_index++;
	xas->xa_offset++;
	return xa_entry(xas->xa, node, xas->xa_offset);
}

/* Move to the previous index and return its entry. */
static inline void *xas_prev(struct xa_state *xas)
{
	struct xa_node *node = xas->xa_node;

	if (xas_not_node(node) || node->shift || xas->xa_offset == 0)
		return __xas_prev(xas);
	xas->xa_index--;
	xas->xa_offset--;
	return xa_entry(xas->xa, node, xas->xa_offset);
}

#endif /* MMSIM_XARRAY_H */
