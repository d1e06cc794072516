// SPDX-License-Identifier: GPL-2.0
/*
 * The XArray, as Linux's lib/xarray.c: the advanced (xas_*) API, which
 * walks, grows, shrinks, stores and marks the tree of 64-slot nodes.
 * Searches are in lib/xarray-find.c, the simple (xa_*) API built on both
 * in lib/xarray-api.c, node allocation and RCU in lib/xarray-node.c.
 *
 * Tree shape (XA_CHUNK_SHIFT 6, so each node level eats 6 index bits):
 *
 *   xa_head ──> node shift 12 ── slot (index >> 12) & 63
 *                 └─> node shift 6 ── slot (index >> 6) & 63
 *                       └─> node shift 0 ── slot index & 63 ──> entry
 *
 * An array holding only index 0 keeps the entry in xa_head, no node. A
 * multi-index entry of order N sits in one slot of the node at shift
 * N - N % 6, followed by (1 << N % 6) - 1 sibling entries pointing back.
 *
 * Concurrency, as Linux: writers hold xa_lock; readers hold only the RCU
 * read lock and see either the old or the new entry. A node is unlinked
 * under the lock, its slots are replaced with XA_RETRY_ENTRY (a walker that
 * reaches one starts over), and it is freed by call_rcu() once every
 * reader that might see it has left its read-side critical section.
 *
 * SIM: RCU is liburcu's bulletproof flavour (urcu-bp), so no thread has to
 * register. Slot, parent and head accesses are C11 atomics (acquire loads,
 * release stores), which is what rcu_dereference()/rcu_assign_pointer()
 * compile to; liburcu 0.13's own macros are volatile accesses that
 * ThreadSanitizer cannot see. Marks are relaxed atomics for the same reason
 * (Linux's __set_bit races benignly with RCU readers).
 * Left out: the non-uniform xas_try_split(), the list_lru hook, lockdep.
 */
#include "xarray_internal.h"

/* ---- marks ------------------------------------------------------------- */

static inline bool node_get_mark(struct xa_node *node, unsigned int offset,
				 xa_mark_t mark)
{
	unsigned long word = __atomic_load_n(
		&node_marks(node, mark)[offset / XA_BITS_PER_LONG],
		__ATOMIC_RELAXED);

	return (word >> (offset % XA_BITS_PER_LONG)) & 1;
}

/* Returns true if the bit was already set (one writer: the lock holder). */
static inline bool node_set_mark(struct xa_node *node, unsigned int offset,
				 xa_mark_t mark)
{
	unsigned long *word = &node_marks(node, mark)[offset / XA_BITS_PER_LONG];
	unsigned long bit = 1UL << (offset % XA_BITS_PER_LONG);
	unsigned long old = __atomic_load_n(word, __ATOMIC_RELAXED);

	if (old & bit)
		return true;
	__atomic_store_n(word, old | bit, __ATOMIC_RELAXED);
	return false;
}

/* Returns true if the bit was set. */
static inline bool node_clear_mark(struct xa_node *node, unsigned int offset,
				   xa_mark_t mark)
{
	unsigned long *word = &node_marks(node, mark)[offset / XA_BITS_PER_LONG];
	unsigned long bit = 1UL << (offset % XA_BITS_PER_LONG);
	unsigned long old = __atomic_load_n(word, __ATOMIC_RELAXED);

	if (!(old & bit))
		return false;
	__atomic_store_n(word, old & ~bit, __ATOMIC_RELAXED);
	return true;
}

static bool node_any_mark(struct xa_node *node, xa_mark_t mark)
{
	for (unsigned int i = 0; i < XA_MARK_LONGS; i++)
		if (__atomic_load_n(&node_marks(node, mark)[i], __ATOMIC_RELAXED))
			return true;
	return false;
}

static void node_mark_all(struct xa_node *node, xa_mark_t mark)
{
	for (unsigned int i = 0; i < XA_MARK_LONGS; i++)
		__atomic_store_n(&node_marks(node, mark)[i], ~0UL,
				 __ATOMIC_RELAXED);
}

/*
 * xas_squash_marks() - before a multi-index store, gather each mark of the
 * covered slots onto the first one and clear it from the siblings.
 */
static void xas_squash_marks(const struct xa_state *xas)
{
	unsigned int limit = xas->xa_offset + xas->xa_sibs + 1U;

	if (!xas->xa_sibs)
		return;
	for (xa_mark_t mark = 0; mark <= XA_MARK_MAX; mark++) {
		struct xa_node *node = xas->xa_node;

		if (node_find_mark(node, xas->xa_offset + 1U, mark) >= limit)
			continue;
		node_set_mark(node, xas->xa_offset, mark);
		for (unsigned int i = xas->xa_offset + 1U; i < limit; i++)
			node_clear_mark(node, i, mark);
	}
}

/* ---- walking ------------------------------------------------------------ */

/**
 * xas_load() - load the entry at the cursor's index (advanced)
 * @xas: operation state
 *
 * Walks down to the entry; never grows the tree. For a multi-index cursor
 * it stops at the node of the cursor's order.
 *
 * Context: hold xa_lock or the RCU read lock.
 * Return: the entry (possibly an internal one), or NULL; NULL in an error
 * state.
 */
void *xas_load(struct xa_state *xas)
{
	return __xas_load(xas);
}

/* ---- node allocation ---------------------------------------------------- */

static void xas_update(struct xa_state *xas, struct xa_node *node)
{
	if (xas->xa_update)
		xas->xa_update(node);
}

/*
 * xas_alloc() - a new node below xas->xa_node at xas->xa_offset: the one
 * xas_nomem() set aside, else a fresh one. Linux allocates here with
 * GFP_NOWAIT under the lock; failure records -ENOMEM so that the caller's
 * xas_nomem() loop allocates with its own gfp and retries.
 */
static struct xa_node *xas_alloc(struct xa_state *xas, unsigned int shift)
{
	struct xa_node *parent = xas->xa_node;
	struct xa_node *node = xas->xa_alloc;

	if (xas_invalid(xas))
		return NULL;
	if (node) {
		xas->xa_alloc = node->parent;	/* xas_split_alloc() chains */
	} else {
		node = xa_node_alloc(GFP_NOWAIT);
		if (!node) {
			xas_set_err(xas, -ENOMEM);
			return NULL;
		}
	}
	if (parent) {
		node->offset = xas->xa_offset;
		parent->count++;
		XA_NODE_BUG_ON(parent, parent->count > XA_CHUNK_SIZE);
		xas_update(xas, parent);
	}
	node->shift = (unsigned char)shift;
	node->count = 0;
	node->nr_values = 0;
	node->parent = xas->xa_node;
	node->array = xas->xa;
	return node;
}

/*
 * Free the nodes xas_nomem() or xas_split_alloc() set aside but nobody
 * used; they are chained through ->parent and were never published.
 */
static void xas_destroy(struct xa_state *xas)
{
	struct xa_node *next, *node = xas->xa_alloc;

	while (node) {
		next = node->parent;
		xa_node_release(node);
		xas->xa_alloc = node = next;
	}
}

/**
 * xas_nomem() - allocate a node if the last operation ran out of memory
 * @xas: operation state
 * @gfp: allocation flags
 *
 * The usual loop: do { xas_lock(); xas_store(); xas_unlock(); }
 * while (xas_nomem(&xas, gfp));
 *
 * Context: call without xa_lock held.
 * Return: true if memory was needed and allocated (retry the operation);
 * false otherwise, having freed any node that was not used.
 */
bool xas_nomem(struct xa_state *xas, gfp_t gfp)
{
	if (xas->xa_node != XA_ERROR(-ENOMEM)) {
		xas_destroy(xas);
		return false;
	}
	if (xas->xa->xa_flags & XA_FLAGS_ACCOUNT)
		gfp |= __GFP_ACCOUNT;
	xas->xa_alloc = xa_node_alloc(gfp);
	if (!xas->xa_alloc)
		return false;
	xas->xa_node = XAS_RESTART;
	return true;
}

/*
 * __xas_nomem() - xas_nomem() for a caller holding xa_lock: the lock is
 * dropped around an allocation that may block, as Linux does.
 */
bool __xas_nomem(struct xa_state *xas, gfp_t gfp)
{
	if (xas->xa_node != XA_ERROR(-ENOMEM)) {
		xas_destroy(xas);
		return false;
	}
	if (xas->xa->xa_flags & XA_FLAGS_ACCOUNT)
		gfp |= __GFP_ACCOUNT;
	if (gfp & __GFP_DIRECT_RECLAIM) {
		xas_unlock(xas);
		xas->xa_alloc = xa_node_alloc(gfp);
		xas_lock(xas);
	} else {
		xas->xa_alloc = xa_node_alloc(gfp);
	}
	if (!xas->xa_alloc)
		return false;
	xas->xa_node = XAS_RESTART;
	return true;
}

/* ---- shrinking ---------------------------------------------------------- */

/* Replace the root by its only child while the root has just slot 0. */
static void xas_shrink(struct xa_state *xas)
{
	struct xarray *xa = xas->xa;
	struct xa_node *node = xas->xa_node;

	for (;;) {
		void *entry;

		XA_NODE_BUG_ON(node, node->count > XA_CHUNK_SIZE);
		if (node->count != 1)
			break;
		entry = xa_entry_locked(xa, node, 0);
		if (!entry)
			break;
		if (!xa_is_node(entry) && node->shift)
			break;
		if (xa_is_zero(entry) && xa_zero_busy(xa))
			entry = NULL;
		xas->xa_node = XAS_BOUNDS;

		xa_rcu_store(xa->xa_head, entry);
		if (xa_track_free(xa) && !node_get_mark(node, 0, XA_FREE_MARK))
			xa_mark_clear(xa, XA_FREE_MARK);

		node->count = 0;
		node->nr_values = 0;
		if (!xa_is_node(entry))
			xa_rcu_store(node->slots[0], XA_RETRY_ENTRY);
		xas_update(xas, node);
		/*
		 * SIM: the new root forgets its parent before the old root
		 * goes to call_rcu() (Linux: after), else a reader entering
		 * through the new root could still climb to the old one once
		 * its grace period has begun; see xas_delete_node().
		 */
		if (xa_is_node(entry))
			xa_rcu_store(xa_to_node(entry)->parent, NULL);
		xa_node_free(node);
		if (!xa_is_node(entry))
			break;
		node = xa_to_node(entry);
	}
}

/* Free xas->xa_node and its ancestors while they are empty. */
static void xas_delete_node(struct xa_state *xas)
{
	struct xa_node *node = xas->xa_node;

	for (;;) {
		struct xa_node *parent;

		XA_NODE_BUG_ON(node, node->count > XA_CHUNK_SIZE);
		if (node->count)
			break;

		parent = node->parent;
		xas->xa_node = parent;
		xas->xa_offset = node->offset;

		/*
		 * SIM: unlink, then free. Linux frees first: its call_rcu()
		 * cannot see a grace period end before this CPU, which holds
		 * the xa_lock spinlock, passes a quiescent state, so the store
		 * below always lands in time. liburcu's call_rcu thread owes
		 * us nothing of the kind: a reader that found the node between
		 * call_rcu() and the unlink is not waited for, and read the
		 * freed node (ThreadSanitizer saw it; a delay between the two
		 * turns it into an ASan use-after-free at once).
		 */
		if (!parent) {
			xa_rcu_store(xas->xa->xa_head, NULL);
			xa_node_free(node);
			xas->xa_node = XAS_BOUNDS;
			return;
		}
		xa_rcu_store(parent->slots[xas->xa_offset], NULL);
		xa_node_free(node);
		parent->count--;
		node = parent;
		xas_update(xas, node);
	}
	if (!node->parent)
		xas_shrink(xas);
}

/*
 * xas_free_nodes() - free @top, already unlinked, and every node below it.
 * Walkers may still be inside, so each entry becomes XA_RETRY_ENTRY first.
 * SIM: the nodes go to one call_rcu() (xa_node_free_tree()), not one each.
 */
void xas_free_nodes(struct xa_state *xas, struct xa_node *top)
{
	unsigned int offset = 0;
	struct xa_node *node = top;

	for (;;) {
		void *entry = xa_entry_locked(xas->xa, node, offset);

		if (node->shift && xa_is_node(entry)) {
			xa_slot_prefetch(node, offset + 1U);
			node = xa_to_node(entry);
			offset = 0;
			xa_node_prefetch(node);
			continue;
		}
		if (entry)
			xa_rcu_store(node->slots[offset], XA_RETRY_ENTRY);
		offset++;
		while (offset == XA_CHUNK_SIZE) {
			struct xa_node *parent = node->parent;

			offset = node->offset + 1U;
			node->count = 0;
			node->nr_values = 0;
			xas_update(xas, node);
			node->array = XA_RCU_FREE;
			if (node == top) {
				xa_node_free_tree(top);
				return;
			}
			node = parent;
		}
	}
}

/* ---- growing ------------------------------------------------------------ */

/*
 * The highest index the store needs the tree to reach. A multi-index entry
 * at index 0 needs one level more than its last index suggests: it cannot
 * live in xa_head.
 */
static unsigned long xas_max(struct xa_state *xas)
{
	unsigned long max = xas->xa_index;

	if (xas->xa_shift || xas->xa_sibs) {
		unsigned long mask = xas_size(xas) - 1;

		max |= mask;
		if (mask == max)
			max++;
	}
	return max;
}

/*
 * xas_expand() - add root nodes until the tree covers xas_max(). Each new
 * root takes the old head in slot 0 and inherits the array-wide marks.
 * Return: the shift of the level below which the store descends, or
 * -ENOMEM.
 */
static int xas_expand(struct xa_state *xas, void *head)
{
	struct xarray *xa = xas->xa;
	struct xa_node *node = NULL;
	unsigned int shift = 0;
	unsigned long max = xas_max(xas);

	if (!head) {
		if (max == 0)
			return 0;
		while ((max >> shift) >= XA_CHUNK_SIZE)
			shift += XA_CHUNK_SHIFT;
		return (int)(shift + XA_CHUNK_SHIFT);
	} else if (xa_is_node(head)) {
		node = xa_to_node(head);
		shift = node->shift + XA_CHUNK_SHIFT;
	}
	xas->xa_node = NULL;

	while (max > max_index(head)) {
		node = xas_alloc(xas, shift);
		if (!node)
			return -ENOMEM;

		node->count = 1;
		if (xa_is_value(head))
			node->nr_values = 1;
		node->slots[0] = head;

		for (xa_mark_t mark = 0; mark <= XA_MARK_MAX; mark++) {
			if (xa_track_free(xa) && mark == XA_FREE_MARK) {
				node_mark_all(node, XA_FREE_MARK);
				if (!xa_marked(xa, XA_FREE_MARK)) {
					node_clear_mark(node, 0, XA_FREE_MARK);
					xa_mark_set(xa, XA_FREE_MARK);
				}
			} else if (xa_marked(xa, mark)) {
				node_set_mark(node, 0, mark);
			}
		}

		/* Fully initialised: now readers may find it. */
		if (xa_is_node(head)) {
			XA_NODE_BUG_ON(xa_to_node(head), xa_to_node(head)->offset);
			xa_rcu_store(xa_to_node(head)->parent, node);
		}
		head = xa_mk_node(node);
		xa_rcu_store(xa->xa_head, head);
		xas_update(xas, node);
		shift += XA_CHUNK_SHIFT;
	}
	xas->xa_node = node;
	return (int)shift;
}

/*
 * xas_create() - make the slot the cursor stores to, allocating nodes on
 * the way down. @allow_root lets an order-0 entry at index 0 live in
 * xa_head (not a node, nor a reserved entry, which need a real slot).
 * Return: what the slot held, or NULL (and an error in @xas).
 */
void *xas_create(struct xa_state *xas, bool allow_root)
{
	struct xarray *xa = xas->xa;
	struct xa_node *node = xas->xa_node;
	unsigned int order = xas->xa_shift;
	void **slot;
	void *entry;
	int shift;

	if (xas_top(node)) {
		entry = xa_head_locked(xa);
		xas->xa_node = NULL;
		if (!entry && xa_zero_busy(xa))
			entry = XA_ZERO_ENTRY;
		shift = xas_expand(xas, entry);
		if (shift < 0)
			return NULL;
		if (!shift && !allow_root)
			shift = XA_CHUNK_SHIFT;
		entry = xa_head_locked(xa);
		slot = &xa->xa_head;
	} else if (xas_error(xas)) {
		return NULL;
	} else if (node) {
		shift = node->shift;
		entry = xa_entry_locked(xa, node, xas->xa_offset);
		slot = &node->slots[xas->xa_offset];
	} else {
		shift = 0;
		entry = xa_head_locked(xa);
		slot = &xa->xa_head;
	}

	while (shift > (int)order) {
		shift -= XA_CHUNK_SHIFT;
		if (!entry) {
			node = xas_alloc(xas, (unsigned int)shift);
			if (!node)
				break;
			if (xa_track_free(xa))
				node_mark_all(node, XA_FREE_MARK);
			xa_rcu_store(*slot, xa_mk_node(node));
		} else if (xa_is_node(entry)) {
			node = xa_to_node(entry);
		} else {
			/* An entry of higher order covers this index. */
			break;
		}
		entry = xas_descend(xas, node);
		slot = &node->slots[xas->xa_offset];
	}
	return entry;
}

/**
 * xas_create_range() - make every slot of a multi-index range exist
 * @xas: operation state describing the range (XA_STATE_ORDER)
 *
 * For users that store single entries across a range; afterwards the
 * cursor is order 0 at the start of the range.
 *
 * Context: hold xa_lock.
 */
void xas_create_range(struct xa_state *xas)
{
	unsigned long index = xas->xa_index;
	unsigned char shift = xas->xa_shift;
	unsigned char sibs = xas->xa_sibs;

	xas->xa_index |= ((sibs + 1UL) << shift) - 1;
	if (xas_is_node(xas) && xas->xa_node->shift == xas->xa_shift)
		xas->xa_offset |= sibs;
	xas->xa_shift = 0;
	xas->xa_sibs = 0;

	for (;;) {
		xas_create(xas, true);
		if (xas_error(xas))
			goto restore;
		if (xas->xa_index <= (index | XA_CHUNK_MASK))
			goto success;
		xas->xa_index -= XA_CHUNK_SIZE;

		for (;;) {
			struct xa_node *node = xas->xa_node;

			xas->xa_node = node->parent;
			xas->xa_offset = (unsigned char)(node->offset - 1U);
			if (node->offset != 0)
				break;
		}
	}

restore:
	xas->xa_shift = shift;
	xas->xa_sibs = sibs;
	xas->xa_index = index;
	return;
success:
	xas->xa_index = index;
	if (xas->xa_node)
		xas_set_offset(xas);
}

/* ---- storing ------------------------------------------------------------ */

static void update_node(struct xa_state *xas, struct xa_node *node,
			int count, int values)
{
	if (!node || (!count && !values))
		return;
	node->count = (unsigned char)(node->count + count);
	node->nr_values = (unsigned char)(node->nr_values + values);
	XA_NODE_BUG_ON(node, node->count > XA_CHUNK_SIZE);
	XA_NODE_BUG_ON(node, node->nr_values > XA_CHUNK_SIZE);
	xas_update(xas, node);
	if (count < 0)
		xas_delete_node(xas);
}

/**
 * xas_store() - store an entry at the cursor (advanced)
 * @xas: operation state; a multi-index cursor stores to its whole range
 * @entry: new entry; NULL erases
 *
 * Storing into one index of a multi-index entry replaces the whole entry,
 * as in Linux. Erasing clears the entry's marks (or sets the free mark of
 * an allocating array). Subtrees the new entry covers are freed.
 *
 * Context: hold xa_lock.
 * Return: the old entry at this index (for a multi-index store, the first
 * one met); NULL with an error in @xas if memory was short.
 */
void *xas_store(struct xa_state *xas, void *entry)
{
	struct xa_node *node;
	void **slot = &xas->xa->xa_head;
	unsigned int offset, max;
	int count = 0, values = 0;
	void *first, *next;
	bool value = xa_is_value(entry);

	if (entry)
		first = xas_create(xas, !xa_is_node(entry) && !xa_is_zero(entry));
	else
		first = xas_load(xas);

	if (xas_invalid(xas))
		return first;
	node = xas->xa_node;
	if (node && xas->xa_shift < node->shift)
		xas->xa_sibs = 0;
	if (first == entry && !xas->xa_sibs)
		return first;

	next = first;
	offset = xas->xa_offset;
	max = xas->xa_offset + (unsigned int)xas->xa_sibs;
	if (node) {
		slot = &node->slots[offset];
		if (xas->xa_sibs)
			xas_squash_marks(xas);
	}
	if (!entry)
		xas_init_marks(xas);

	for (;;) {
		/*
		 * Marks are cleared before the entry becomes NULL: the
		 * release store orders them, so a marked search never stops
		 * at a NULL it was told is marked.
		 */
		xa_rcu_store(*slot, entry);
		if (xa_is_node(next) && (!node || node->shift))
			xas_free_nodes(xas, xa_to_node(next));
		if (!node)
			break;
		count += !next - !entry;
		values += !xa_is_value(first) - !value;
		if (entry) {
			if (offset == max)
				break;
			if (!xa_is_sibling(entry))
				entry = xa_mk_sibling(xas->xa_offset);
		} else {
			if (offset == XA_CHUNK_MASK)
				break;
		}
		next = xa_entry_locked(xas->xa, node, ++offset);
		if (!xa_is_sibling(next)) {
			if (!entry && offset > max)
				break;
			first = next;
		}
		slot++;
	}

	update_node(xas, node, count, values);
	return first;
}

/**
 * xas_get_mark() - is @mark set on the cursor's entry
 * @xas: operation state
 * @mark: XA_MARK_0..2
 *
 * Return: the mark, false in an error state.
 */
bool xas_get_mark(const struct xa_state *xas, xa_mark_t mark)
{
	if (xas_invalid(xas))
		return false;
	if (!xas->xa_node)
		return xa_marked(xas->xa, mark);
	return node_get_mark(xas->xa_node, xas->xa_offset, mark);
}

/**
 * xas_set_mark() - set @mark on the cursor's entry and all its ancestors
 * @xas: operation state, walked to an entry
 * @mark: XA_MARK_0..2
 *
 * Context: hold xa_lock.
 */
void xas_set_mark(const struct xa_state *xas, xa_mark_t mark)
{
	struct xa_node *node = xas->xa_node;
	unsigned int offset = xas->xa_offset;

	if (xas_invalid(xas) || mark > XA_MARK_MAX)
		return;
	while (node) {
		if (node_set_mark(node, offset, mark))
			return;
		offset = node->offset;
		node = node->parent;
	}
	if (!xa_marked(xas->xa, mark))
		xa_mark_set(xas->xa, mark);
}

/**
 * xas_clear_mark() - clear @mark on the cursor's entry, and on each
 * ancestor left with no marked slot
 * @xas: operation state, walked to an entry
 * @mark: XA_MARK_0..2
 *
 * Context: hold xa_lock.
 */
void xas_clear_mark(const struct xa_state *xas, xa_mark_t mark)
{
	struct xa_node *node = xas->xa_node;
	unsigned int offset = xas->xa_offset;

	if (xas_invalid(xas) || mark > XA_MARK_MAX)
		return;
	while (node) {
		if (!node_clear_mark(node, offset, mark))
			return;
		if (node_any_mark(node, mark))
			return;
		offset = node->offset;
		node = node->parent;
	}
	if (xa_marked(xas->xa, mark))
		xa_mark_clear(xas->xa, mark);
}

/**
 * xas_init_marks() - marks of a fresh slot: the free mark of an allocating
 * array set, every other mark clear
 * @xas: operation state, walked to an entry
 *
 * Context: hold xa_lock.
 */
void xas_init_marks(const struct xa_state *xas)
{
	for (xa_mark_t mark = 0; mark <= XA_MARK_MAX; mark++) {
		if (xa_track_free(xas->xa) && mark == XA_FREE_MARK)
			xas_set_mark(xas, mark);
		else
			xas_clear_mark(xas, mark);
	}
}

/* ---- splitting ---------------------------------------------------------- */

/* The marks set on slot @offset, as a bitmask of 1 << mark. */
static unsigned int node_get_marks(struct xa_node *node, unsigned int offset)
{
	unsigned int marks = 0;

	for (xa_mark_t mark = 0; mark <= XA_MARK_MAX; mark++)
		if (node_get_mark(node, offset, mark))
			marks |= 1U << mark;
	return marks;
}

/* Set @mark on the first slot of every (sibs + 1)-slot entry of @node. */
static void node_mark_slots(struct xa_node *node, unsigned int sibs,
			    xa_mark_t mark)
{
	if (sibs == 0) {
		node_mark_all(node, mark);
		return;
	}
	for (unsigned int i = 0; i < XA_CHUNK_SIZE; i += sibs + 1)
		node_set_mark(node, i, mark);
}

static void node_set_marks(struct xa_node *node, unsigned int offset,
			   struct xa_node *child, unsigned int sibs,
			   unsigned int marks)
{
	for (xa_mark_t mark = 0; mark <= XA_MARK_MAX; mark++) {
		if (!(marks & (1U << mark)))
			continue;
		node_set_mark(node, offset, mark);
		if (child)
			node_mark_slots(child, sibs, mark);
	}
}

/**
 * xas_split_alloc() - allocate the nodes xas_split() will need
 * @xas: operation state at the new, smaller order (XA_STATE_ORDER)
 * @entry: the entry the new pieces will hold
 * @order: order of the entry being split
 * @gfp: allocation flags
 *
 * Nodes are needed when the pieces are smaller than the node level that
 * holds the entry: one child node per slot the entry covers, filled with
 * @entry at the new order. Splitting down by two node levels or more is
 * not supported (as in Linux): -EINVAL.
 *
 * Context: call without xa_lock held; the nodes are kept in @xas until
 * xas_split() or the next xas_nomem().
 */
void xas_split_alloc(struct xa_state *xas, void *entry, unsigned int order,
		     gfp_t gfp)
{
	unsigned int sibs = (1U << (order % XA_CHUNK_SHIFT)) - 1;
	unsigned int mask = xas->xa_sibs;
	unsigned int shift = xas->xa_shift;

	if (shift + 2 * XA_CHUNK_SHIFT <= order) {
		xas_destroy(xas);
		xas_set_err(xas, -EINVAL);
		return;
	}
	if (shift + XA_CHUNK_SHIFT > order)
		return;

	do {
		struct xa_node *node = xa_node_alloc(gfp);
		void *sibling = NULL;

		if (!node) {
			xas_destroy(xas);
			xas_set_err(xas, -ENOMEM);
			return;
		}
		node->array = xas->xa;
		for (unsigned int i = 0; i < XA_CHUNK_SIZE; i++) {
			if ((i & mask) == 0) {
				node->slots[i] = entry;
				sibling = xa_mk_sibling(i);
			} else {
				node->slots[i] = sibling;
			}
		}
		node->parent = xas->xa_alloc;
		xas->xa_alloc = node;
	} while (sibs-- > 0);
}

/**
 * xas_split() - split a multi-index entry into entries of the cursor's order
 * @xas: operation state at the new order, inside the entry
 * @entry: what every piece holds (usually the old entry)
 * @order: order of the entry being split
 *
 * Afterwards each piece can be stored or erased on its own; marks of the
 * old entry are copied to every piece. Needs the nodes of
 * xas_split_alloc() when the pieces are smaller than the node level.
 *
 * Context: hold xa_lock.
 */
void xas_split(struct xa_state *xas, void *entry, unsigned int order)
{
	unsigned int sibs = (1U << (order % XA_CHUNK_SHIFT)) - 1;
	unsigned int offset, marks;
	struct xa_node *node;
	void *curr = xas_load(xas);
	int values = 0;

	node = xas->xa_node;
	if (xas_top(node))
		return;

	marks = node_get_marks(node, xas->xa_offset);

	offset = xas->xa_offset + sibs;
	do {
		if (xas->xa_shift < node->shift) {
			struct xa_node *child = xas->xa_alloc;

			XA_NODE_BUG_ON(node, !child);
			xas->xa_alloc = child->parent;
			child->shift = (unsigned char)(node->shift - XA_CHUNK_SHIFT);
			child->offset = (unsigned char)offset;
			child->count = XA_CHUNK_SIZE;
			child->nr_values = xa_is_value(entry) ? XA_CHUNK_SIZE : 0;
			child->parent = node;
			node_set_marks(node, offset, child, xas->xa_sibs, marks);
			xa_rcu_store(node->slots[offset], xa_mk_node(child));
			if (xa_is_value(curr))
				values--;
			xas_update(xas, child);
		} else {
			unsigned int canon = offset - xas->xa_sibs;

			node_set_marks(node, canon, NULL, 0, marks);
			xa_rcu_store(node->slots[canon], entry);
			while (offset > canon)
				xa_rcu_store(node->slots[offset--],
					     xa_mk_sibling(canon));
			values += (xa_is_value(entry) - xa_is_value(curr)) *
				  (xas->xa_sibs + 1);
		}
	} while (offset-- > xas->xa_offset);

	node->nr_values = (unsigned char)(node->nr_values + values);
	xas_update(xas, node);
}
