// SPDX-License-Identifier: GPL-2.0
/*
 * The XArray's simple API, as the second half of Linux's lib/xarray.c:
 * each function is a short loop over the advanced API in lib/xarray.c.
 * Readers take the RCU read lock, writers xa_lock; a writer that runs out
 * of memory under the lock drops it, allocates with the caller's gfp and
 * tries again (__xas_nomem).
 */
#include "xarray_internal.h"

/**
 * xa_init_flags() - initialise an empty XArray
 * @xa: XArray
 * @flags: XA_FLAGS_ALLOC, XA_FLAGS_ALLOC1, XA_FLAGS_LOCK_IRQ...
 *
 * SIM: also initialises the pthread mutex behind xa_lock.
 */
void xa_init_flags(struct xarray *xa, gfp_t flags)
{
	pthread_mutex_init(&xa->xa_lock, NULL);
	xa->xa_flags = flags;
	xa->xa_head = NULL;
}

/**
 * xa_load() - load the entry at @index
 * @xa: XArray
 * @index: index into the array
 *
 * Context: any; takes and releases the RCU read lock, never xa_lock.
 * Return: the entry, or NULL (a reserved slot loads as NULL).
 */
void *xa_load(struct xarray *xa, unsigned long index)
{
	XA_STATE(xas, xa, index);
	void *entry;

	xa_rcu_lock();
	do {
		entry = __xas_load(&xas);
		if (xa_is_zero(entry))
			entry = NULL;
	} while (xas_retry(&xas, entry));
	xa_rcu_unlock();
	return entry;
}

/* What the simple API returns: NULL for a reserved slot, or the error. */
static void *xas_result(struct xa_state *xas, void *curr)
{
	if (xa_is_zero(curr))
		return NULL;
	if (xas_error(xas))
		curr = xas->xa_node;
	return curr;
}

/**
 * __xa_erase() - xa_erase() with xa_lock held
 * @xa: XArray
 * @index: index of the entry
 *
 * Return: the entry that was there.
 */
void *__xa_erase(struct xarray *xa, unsigned long index)
{
	XA_STATE(xas, xa, index);

	return xas_result(&xas, xas_store(&xas, NULL));
}

/**
 * xa_erase() - erase the entry at @index
 * @xa: XArray
 * @index: index of the entry; all of a multi-index entry goes
 *
 * Context: takes and releases xa_lock.
 * Return: the entry that was there.
 */
void *xa_erase(struct xarray *xa, unsigned long index)
{
	void *entry;

	xa_lock(xa);
	entry = __xa_erase(xa, index);
	xa_unlock(xa);
	return entry;
}

/**
 * __xa_store() - xa_store() with xa_lock held (dropped to allocate)
 * @xa: XArray
 * @index: index into the array
 * @entry: new entry
 * @gfp: allocation flags
 *
 * Return: the old entry, or xa_err(-EINVAL)/xa_err(-ENOMEM).
 */
void *__xa_store(struct xarray *xa, unsigned long index, void *entry,
		 gfp_t gfp)
{
	XA_STATE(xas, xa, index);
	void *curr;

	if (xa_is_advanced(entry))
		return XA_ERROR(-EINVAL);
	if (xa_track_free(xa) && !entry)
		entry = XA_ZERO_ENTRY;

	do {
		curr = xas_store(&xas, entry);
		if (xa_track_free(xa))
			xas_clear_mark(&xas, XA_FREE_MARK);
	} while (__xas_nomem(&xas, gfp));

	return xas_result(&xas, curr);
}

/**
 * xa_store() - store @entry at @index
 * @xa: XArray
 * @index: index into the array
 * @entry: new entry: a 4-byte-aligned pointer or xa_mk_value(); NULL
 *	erases (in an allocating array it keeps the index reserved)
 * @gfp: allocation flags
 *
 * Storing inside a multi-index entry replaces the whole entry. Marks are
 * kept unless @entry is NULL.
 *
 * Context: takes and releases xa_lock.
 * Return: the old entry, xa_err(-EINVAL) for an internal @entry, or
 * xa_err(-ENOMEM).
 */
void *xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp)
{
	void *curr;

	xa_lock(xa);
	curr = __xa_store(xa, index, entry, gfp);
	xa_unlock(xa);
	return curr;
}

/**
 * __xa_cmpxchg() - xa_cmpxchg() with xa_lock held
 * @xa: XArray
 * @index: index into the array
 * @old: expected entry
 * @entry: new entry
 * @gfp: allocation flags
 *
 * Return: the entry that was there, or an xa_err() value.
 */
void *__xa_cmpxchg(struct xarray *xa, unsigned long index, void *old,
		   void *entry, gfp_t gfp)
{
	XA_STATE(xas, xa, index);
	void *curr;

	if (xa_is_advanced(entry))
		return XA_ERROR(-EINVAL);

	do {
		curr = xas_load(&xas);
		if (curr == old) {
			xas_store(&xas, entry);
			if (xa_track_free(xa) && entry && !curr)
				xas_clear_mark(&xas, XA_FREE_MARK);
		}
	} while (__xas_nomem(&xas, gfp));

	return xas_result(&xas, curr);
}

/**
 * __xa_insert() - xa_insert() with xa_lock held
 * @xa: XArray
 * @index: index into the array
 * @entry: new entry (NULL reserves)
 * @gfp: allocation flags
 *
 * Return: 0, -EBUSY, -EINVAL or -ENOMEM.
 */
int __xa_insert(struct xarray *xa, unsigned long index, void *entry,
		gfp_t gfp)
{
	XA_STATE(xas, xa, index);
	void *curr;

	if (xa_is_advanced(entry))
		return -EINVAL;
	if (!entry)
		entry = XA_ZERO_ENTRY;

	do {
		curr = xas_load(&xas);
		if (!curr) {
			xas_store(&xas, entry);
			if (xa_track_free(xa))
				xas_clear_mark(&xas, XA_FREE_MARK);
		} else {
			xas_set_err(&xas, -EBUSY);
		}
	} while (__xas_nomem(&xas, gfp));

	return xas_error(&xas);
}

/**
 * __xa_reserve() - xa_reserve() with xa_lock held
 * @xa: XArray
 * @index: index into the array
 * @gfp: allocation flags
 *
 * Return: 0 or -ENOMEM.
 */
int __xa_reserve(struct xarray *xa, unsigned long index, gfp_t gfp)
{
	XA_STATE(xas, xa, index);
	void *curr;

	do {
		curr = xas_load(&xas);
		if (!curr) {
			xas_store(&xas, XA_ZERO_ENTRY);
			if (xa_track_free(xa))
				xas_clear_mark(&xas, XA_FREE_MARK);
		}
	} while (__xas_nomem(&xas, gfp));

	return xas_error(&xas);
}

/*
 * The largest aligned multi-index entry that starts at @first and ends
 * at or before @last, as Linux's xas_set_range().
 */
static void xas_set_range(struct xa_state *xas, unsigned long first,
			  unsigned long last)
{
	unsigned int shift = 0;
	unsigned long sibs = last - first;
	unsigned int offset = XA_CHUNK_MASK;

	xas_set(xas, first);

	while ((first & XA_CHUNK_MASK) == 0) {
		if (sibs < XA_CHUNK_MASK)
			break;
		if (sibs == XA_CHUNK_MASK && offset < XA_CHUNK_MASK)
			break;
		shift += XA_CHUNK_SHIFT;
		if (offset == XA_CHUNK_MASK)
			offset = sibs & XA_CHUNK_MASK;
		sibs >>= XA_CHUNK_SHIFT;
		first >>= XA_CHUNK_SHIFT;
	}

	offset = first & XA_CHUNK_MASK;
	if (offset + sibs > XA_CHUNK_MASK)
		sibs = XA_CHUNK_MASK - offset;
	if ((((first + sibs + 1) << shift) - 1) > last)
		sibs -= 1;

	xas->xa_shift = (unsigned char)shift;
	xas->xa_sibs = (unsigned char)sibs;
}

/**
 * xa_store_range() - store @entry at every index from @first to @last
 * @xa: XArray
 * @first: first index
 * @last: last index, inclusive
 * @entry: new entry (NULL erases the range)
 * @gfp: allocation flags
 *
 * Uses as few multi-index entries as the alignment of the range allows.
 *
 * Context: takes and releases xa_lock.
 * Return: NULL, xa_err(-EINVAL) for an internal @entry or @last < @first,
 * or xa_err(-ENOMEM).
 */
void *xa_store_range(struct xarray *xa, unsigned long first,
		     unsigned long last, void *entry, gfp_t gfp)
{
	XA_STATE(xas, xa, 0);

	if (xa_is_internal(entry))
		return XA_ERROR(-EINVAL);
	if (last < first)
		return XA_ERROR(-EINVAL);

	do {
		unsigned long start = first, end;

		xas_lock(&xas);
		if (entry) {
			unsigned int order = XA_BITS_PER_LONG;

			/* Grow the tree once, tall enough for the whole range. */
			if (last + 1)
				order = (unsigned int)__builtin_ctzl(last + 1);
			xas_set_order(&xas, last, order);
			xas_create(&xas, true);
			if (xas_error(&xas))
				goto unlock;
		}
		for (;;) {
			xas_set_range(&xas, start, last);
			xas_store(&xas, entry);
			if (xas_error(&xas))
				goto unlock;
			/* The size is 0 (wrapped) only for the whole index space. */
			end = start + xas_size(&xas) - 1;
			if (end >= last)
				break;
			start = end + 1;
		}
unlock:
		xas_unlock(&xas);
	} while (xas_nomem(&xas, gfp));

	return xas_result(&xas, NULL);
}

/*
 * The order of the entry the cursor was loaded at: its node's shift plus
 * the sibling slots that follow it.
 */
static int xas_get_order(struct xa_state *xas)
{
	int order = 0;

	if (!xas->xa_node)
		return 0;
	for (;;) {
		unsigned int slot = xas->xa_offset + (1U << order);

		if (slot >= XA_CHUNK_SIZE)
			break;
		if (!xa_is_sibling(xa_entry(xas->xa, xas->xa_node, slot)))
			break;
		order++;
	}
	return order + xas->xa_node->shift;
}

/**
 * xa_get_order() - the order of the entry at @index
 * @xa: XArray
 * @index: an index the entry covers
 *
 * Context: takes and releases the RCU read lock.
 * Return: log2 of the number of indices the entry covers; 0 for a single
 * entry or an empty index.
 */
int xa_get_order(struct xarray *xa, unsigned long index)
{
	XA_STATE(xas, xa, index);
	int order = 0;
	void *entry;

	xa_rcu_lock();
	entry = xas_load(&xas);
	if (entry && !xas_invalid(&xas))
		order = xas_get_order(&xas);
	xa_rcu_unlock();
	return order;
}

/**
 * __xa_alloc() - xa_alloc() with xa_lock held
 * @xa: XArray with XA_FLAGS_TRACK_FREE
 * @id: receives the index
 * @entry: new entry
 * @limit: acceptable ids
 * @gfp: allocation flags
 *
 * The free mark (XA_MARK_0) tracks empty slots, so the search for a free
 * id skips full subtrees.
 * Return: 0, -EBUSY (no free id in @limit), -EINVAL or -ENOMEM.
 */
int __xa_alloc(struct xarray *xa, uint32_t *id, void *entry,
	       struct xa_limit limit, gfp_t gfp)
{
	XA_STATE(xas, xa, 0);

	if (xa_is_advanced(entry))
		return -EINVAL;
	if (!xa_track_free(xa))
		return -EINVAL;
	if (limit.min > limit.max)
		return -EBUSY;
	if (!entry)
		entry = XA_ZERO_ENTRY;

	do {
		xas.xa_index = limit.min;
		xas_find_marked(&xas, limit.max, XA_FREE_MARK);
		if (xas.xa_node == XAS_RESTART)
			xas_set_err(&xas, -EBUSY);
		else
			*id = (uint32_t)xas.xa_index;
		xas_store(&xas, entry);
		xas_clear_mark(&xas, XA_FREE_MARK);
	} while (__xas_nomem(&xas, gfp));

	return xas_error(&xas);
}

/**
 * __xa_alloc_cyclic() - xa_alloc_cyclic() with xa_lock held
 * @xa: XArray with XA_FLAGS_TRACK_FREE
 * @id: receives the index
 * @entry: new entry
 * @limit: acceptable ids
 * @next: where to start; updated to *@id + 1
 * @gfp: allocation flags
 *
 * Return: 0, 1 if the ids wrapped, or __xa_alloc()'s errors.
 */
int __xa_alloc_cyclic(struct xarray *xa, uint32_t *id, void *entry,
		      struct xa_limit limit, uint32_t *next, gfp_t gfp)
{
	uint32_t min = limit.min;
	int ret;

	limit.min = min > *next ? min : *next;
	ret = __xa_alloc(xa, id, entry, limit, gfp);
	if ((xa->xa_flags & XA_FLAGS_ALLOC_WRAPPED) && ret == 0) {
		xa->xa_flags &= ~XA_FLAGS_ALLOC_WRAPPED;
		ret = 1;
	}

	if (ret < 0 && limit.min > min) {
		limit.min = min;
		ret = __xa_alloc(xa, id, entry, limit, gfp);
		if (ret == 0)
			ret = 1;
	}

	if (ret >= 0) {
		*next = *id + 1;
		if (*next == 0)
			xa->xa_flags |= XA_FLAGS_ALLOC_WRAPPED;
	}
	return ret;
}

/**
 * __xa_set_mark() - xa_set_mark() with xa_lock held
 * @xa: XArray
 * @index: index of the entry
 * @mark: XA_MARK_0..2
 */
void __xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	XA_STATE(xas, xa, index);
	void *entry = xas_load(&xas);

	if (entry)
		xas_set_mark(&xas, mark);
}

/**
 * __xa_clear_mark() - xa_clear_mark() with xa_lock held
 * @xa: XArray
 * @index: index of the entry
 * @mark: XA_MARK_0..2
 */
void __xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	XA_STATE(xas, xa, index);
	void *entry = xas_load(&xas);

	if (entry)
		xas_clear_mark(&xas, mark);
}

/**
 * xa_get_mark() - is @mark set on the entry at @index
 * @xa: XArray
 * @index: index of the entry
 * @mark: XA_MARK_0..2
 *
 * Context: takes and releases the RCU read lock; the answer may be stale.
 * Return: true if set.
 */
bool xa_get_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	XA_STATE(xas, xa, index);
	bool found = false;
	void *entry;

	if (mark > XA_MARK_MAX)
		return false;
	xa_rcu_lock();
	entry = xas_start(&xas);
	while (xas_get_mark(&xas, mark)) {
		if (!xa_is_node(entry)) {
			found = true;
			break;
		}
		entry = xas_descend(&xas, xa_to_node(entry));
	}
	xa_rcu_unlock();
	return found;
}

/**
 * xa_set_mark() - set @mark on the entry at @index (not on an empty index)
 * @xa: XArray
 * @index: index of the entry
 * @mark: XA_MARK_0..2
 *
 * Context: takes and releases xa_lock.
 */
void xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	xa_lock(xa);
	__xa_set_mark(xa, index, mark);
	xa_unlock(xa);
}

/**
 * xa_clear_mark() - clear @mark on the entry at @index
 * @xa: XArray
 * @index: index of the entry
 * @mark: XA_MARK_0..2
 *
 * Context: takes and releases xa_lock.
 */
void xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	xa_lock(xa);
	__xa_clear_mark(xa, index, mark);
	xa_unlock(xa);
}

/*
 * xas_find() or xas_find_marked(). A cursor not walked yet is walked here,
 * inline: in a dense array that walk is all xa_for_each() needs per entry
 * (each step of it is a fresh lookup, as in Linux). Whatever the walk
 * leaves undone (an empty slot, beyond the tree) xas_find() carries on
 * from where it stopped, as its own walk would.
 */
static inline void *xas_find_filtered(struct xa_state *xas, unsigned long max,
				      xa_mark_t filter)
{
	if (filter <= XA_MARK_MAX)
		return xas_find_marked(xas, max, filter);
	if (xas->xa_node == XAS_RESTART && xas->xa_index <= max) {
		void *entry = xas_walk(xas, xas_start_head(xas));

		if (entry || xas_not_node(xas->xa_node))
			return entry;
	}
	return xas_find(xas, max);
}

/**
 * xa_find() - the first entry at or after *@indexp, up to @max
 * @xa: XArray
 * @indexp: start index; receives the entry's index
 * @max: highest index to search
 * @filter: a mark, or XA_PRESENT for any entry
 *
 * Context: takes and releases the RCU read lock.
 * Return: the entry, or NULL (then *@indexp is unchanged).
 */
void *xa_find(struct xarray *xa, unsigned long *indexp, unsigned long max,
	      xa_mark_t filter)
{
	XA_STATE(xas, xa, *indexp);
	void *entry;

	xa_rcu_lock();
	do {
		entry = xas_find_filtered(&xas, max, filter);
	} while (xas_retry(&xas, entry));
	xa_rcu_unlock();

	if (entry)
		*indexp = xas.xa_index;
	return entry;
}

/* True if the cursor landed on a sibling slot of an entry already seen. */
static bool xas_sibling(struct xa_state *xas)
{
	struct xa_node *node = xas->xa_node;
	unsigned long mask;

	if (!node)
		return false;
	mask = (XA_CHUNK_SIZE << node->shift) - 1;
	return (xas->xa_index & mask) >
	       ((unsigned long)xas->xa_offset << node->shift);
}

/**
 * xa_find_after() - the first entry after *@indexp, up to @max
 * @xa: XArray
 * @indexp: index of the previous entry; receives the entry's index
 * @max: highest index to search
 * @filter: a mark, or XA_PRESENT
 *
 * A multi-index entry is returned once, at the first index searched.
 * Context: takes and releases the RCU read lock.
 * Return: the entry, or NULL.
 */
void *xa_find_after(struct xarray *xa, unsigned long *indexp,
		    unsigned long max, xa_mark_t filter)
{
	XA_STATE(xas, xa, *indexp + 1);
	void *entry;

	if (xas.xa_index == 0)
		return NULL;

	xa_rcu_lock();
	for (;;) {
		entry = xas_find_filtered(&xas, max, filter);
		if (xas_invalid(&xas))
			break;
		if (xas_sibling(&xas))
			continue;
		/*
		 * A marked search that starts on a sibling slot steps back to
		 * the entry's first slot: that entry was returned already.
		 */
		if (entry && xas.xa_index <= *indexp)
			continue;
		if (!xas_retry(&xas, entry))
			break;
	}
	xa_rcu_unlock();

	if (entry)
		*indexp = xas.xa_index;
	return entry;
}

/**
 * xa_extract() - copy up to @n entries from [@start, @max] into @dst
 * @xa: XArray
 * @dst: receives the entries, in index order
 * @start: first index
 * @max: last index
 * @n: room in @dst
 * @filter: a mark, or XA_PRESENT
 *
 * Not a snapshot: entries changed meanwhile may appear old or new.
 * Context: takes and releases the RCU read lock.
 * Return: the number copied.
 */
unsigned int xa_extract(struct xarray *xa, void **dst, unsigned long start,
			unsigned long max, unsigned int n, xa_mark_t filter)
{
	XA_STATE(xas, xa, start);
	unsigned int i = 0;
	void *entry;

	if (!n)
		return 0;
	xa_rcu_lock();
	for (entry = xas_find_filtered(&xas, max, filter); entry;
	     entry = filter <= XA_MARK_MAX ?
		     xas_next_marked(&xas, max, filter) :
		     xas_next_entry(&xas, max)) {
		if (xas_retry(&xas, entry))
			continue;
		dst[i++] = entry;
		if (i == n)
			break;
	}
	xa_rcu_unlock();
	return i;
}

/**
 * xa_destroy() - free every node; the array is empty afterwards
 * @xa: XArray
 *
 * The objects the entries point to are the caller's to free. Nodes go
 * back to the allocator after a grace period (xa_rcu_barrier() waits).
 *
 * Context: takes and releases xa_lock.
 */
void xa_destroy(struct xarray *xa)
{
	XA_STATE(xas, xa, 0);
	void *entry;

	xas.xa_node = NULL;
	xas_lock(&xas);
	entry = xa_head_locked(xa);
	xa_rcu_store(xa->xa_head, NULL);
	xas_init_marks(&xas);
	if (xa_zero_busy(xa))
		xa_mark_clear(xa, XA_FREE_MARK);
	if (xa_is_node(entry))
		xas_free_nodes(&xas, xa_to_node(entry));
	xas_unlock(&xas);
}
