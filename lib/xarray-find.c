// SPDX-License-Identifier: GPL-2.0
/*
 * The XArray's cursor movements and searches, from Linux's lib/xarray.c:
 * xas_pause, xas_next/xas_prev's slow paths, xas_find, xas_find_marked
 * (which skips every subtree whose slot lacks the mark) and
 * xas_find_conflict. Split from lib/xarray.c to keep files short; see
 * there for the tree's shape and the concurrency rules.
 */
#include "xarray_internal.h"

/**
 * xas_pause() - let a walk drop the lock or the RCU read lock
 * @xas: operation state
 *
 * The next xas_find()/xas_for_each() step restarts from the top at the
 * index after the current entry (forward walks only).
 */
void xas_pause(struct xa_state *xas)
{
	struct xa_node *node = xas->xa_node;

	if (xas_invalid(xas))
		return;
	xas->xa_node = XAS_RESTART;
	if (node) {
		unsigned long offset = xas->xa_offset;

		while (++offset < XA_CHUNK_SIZE) {
			if (!xa_is_sibling(xa_entry(xas->xa, node,
						    (unsigned int)offset)))
				break;
		}
		xas->xa_index += (offset - xas->xa_offset) << node->shift;
		if (xas->xa_index == 0)
			xas->xa_node = XAS_BOUNDS;
	} else {
		xas->xa_index++;
	}
}

/**
 * __xas_prev() - the slow path of xas_prev(): leave the node or the tree
 * @xas: operation state
 *
 * Return: the entry at the previous index (possibly NULL).
 */
void *__xas_prev(struct xa_state *xas)
{
	void *entry;

	if (!xas_frozen(xas->xa_node))
		xas->xa_index--;
	if (!xas->xa_node)
		return set_bounds(xas);
	if (xas_not_node(xas->xa_node))
		return xas_load(xas);

	if (xas->xa_offset != get_offset(xas->xa_index, xas->xa_node))
		xas->xa_offset--;

	while (xas->xa_offset == 255) {
		xas->xa_offset = (unsigned char)(xas->xa_node->offset - 1U);
		xas->xa_node = xa_parent(xas->xa, xas->xa_node);
		if (!xas->xa_node)
			return set_bounds(xas);
	}
	for (;;) {
		entry = xa_entry(xas->xa, xas->xa_node, xas->xa_offset);
		if (!xa_is_node(entry))
			return entry;
		xas->xa_node = xa_to_node(entry);
		xas_set_offset(xas);
	}
}

/**
 * __xas_next() - the slow path of xas_next(): leave the node or the tree
 * @xas: operation state
 *
 * Return: the entry at the next index (possibly NULL).
 */
void *__xas_next(struct xa_state *xas)
{
	void *entry;

	if (!xas_frozen(xas->xa_node))
		xas->xa_index++;
	if (!xas->xa_node)
		return set_bounds(xas);
	if (xas_not_node(xas->xa_node))
		return xas_load(xas);

	if (xas->xa_offset != get_offset(xas->xa_index, xas->xa_node))
		xas->xa_offset++;

	while (xas->xa_offset == XA_CHUNK_SIZE) {
		xas->xa_offset = (unsigned char)(xas->xa_node->offset + 1U);
		xas->xa_node = xa_parent(xas->xa, xas->xa_node);
		if (!xas->xa_node)
			return set_bounds(xas);
	}
	for (;;) {
		entry = xa_entry(xas->xa, xas->xa_node, xas->xa_offset);
		if (!xa_is_node(entry))
			return entry;
		xas->xa_node = xa_to_node(entry);
		xas_set_offset(xas);
	}
}

/*
 * xas_find()'s scan of a leaf: the first present slot from the cursor's
 * offset on, no further than @max (the cursor's index is <= @max). A leaf
 * holds no node, so the loop only skips empty and sibling slots; the same
 * steps as xas_find()'s general loop, without its per-slot bookkeeping.
 * Return: the entry, with the cursor on it; or NULL, with the cursor one
 * past the last slot looked at (past @max, or offset XA_CHUNK_SIZE).
 */
static inline void *xas_find_in_leaf(struct xa_state *xas, unsigned long max)
{
	struct xa_node *node = xas->xa_node;
	unsigned int offset = xas->xa_offset, end = XA_CHUNK_SIZE;
	unsigned long left = max - xas->xa_index;
	void *entry = NULL;

	if (left < XA_CHUNK_SIZE - offset)
		end = offset + (unsigned int)left + 1;
	for (; offset < end; offset++) {
		entry = xa_entry(xas->xa, node, offset);
		if (entry && !xa_is_sibling(entry))
			break;
	}
	xas->xa_offset = (unsigned char)offset;
	xas_move_index(xas, offset);
	return offset < end ? entry : NULL;
}

/**
 * xas_find() - the next present entry at an index up to @max
 * @xas: operation state
 * @max: highest index to return
 *
 * A cursor not yet walked finds the entry at or after its index; a walked
 * one moves past its entry. With nothing found, the cursor is XAS_BOUNDS
 * (or past @max).
 *
 * Context: hold xa_lock or the RCU read lock.
 * Return: the entry (retry entries included, see xas_retry()), or NULL.
 */
void *xas_find(struct xa_state *xas, unsigned long max)
{
	void *entry;

	if (xas_error(xas) || xas->xa_node == XAS_BOUNDS)
		return NULL;
	if (xas->xa_index > max)
		return set_bounds(xas);

	if (!xas->xa_node) {
		xas->xa_index = 1;
		return set_bounds(xas);
	} else if (xas->xa_node == XAS_RESTART) {
		entry = xas_walk(xas, xas_start_head(xas));
		if (entry || xas_not_node(xas->xa_node))
			return entry;
	} else if (!xas->xa_node->shift &&
		   xas->xa_offset != (xas->xa_index & XA_CHUNK_MASK)) {
		xas->xa_offset = (unsigned char)(((xas->xa_index - 1) &
						  XA_CHUNK_MASK) + 1);
	}

	xas_advance(xas);

	while (xas->xa_node && xas->xa_index <= max) {
		if (xas->xa_offset == XA_CHUNK_SIZE) {
			xas->xa_offset = (unsigned char)(xas->xa_node->offset + 1U);
			xas->xa_node = xa_parent(xas->xa, xas->xa_node);
			continue;
		}
		if (!xas->xa_node->shift) {
			entry = xas_find_in_leaf(xas, max);
			if (entry)
				return entry;
			continue;
		}
		entry = xa_entry(xas->xa, xas->xa_node, xas->xa_offset);
		if (xa_is_node(entry)) {
			/* The next subtree will be wanted after this one. */
			xa_slot_prefetch(xas->xa_node, xas->xa_offset + 1U);
			xas->xa_node = xa_to_node(entry);
			xas->xa_offset = 0;
			xa_node_prefetch(xas->xa_node);
			continue;
		}
		if (entry && !xa_is_sibling(entry))
			return entry;
		xas_advance(xas);
	}

	if (!xas->xa_node)
		xas->xa_node = XAS_BOUNDS;
	return NULL;
}

/* Next slot of the cursor's node with @mark, XA_CHUNK_SIZE if none. */
static unsigned int xas_find_chunk(struct xa_state *xas, bool advance,
				   xa_mark_t mark)
{
	unsigned int offset = xas->xa_offset;

	if (advance)
		offset++;
	return node_find_mark(xas->xa_node, offset, mark);
}

/**
 * xas_find_marked() - the next entry with @mark at an index up to @max
 * @xas: operation state
 * @max: highest index to return
 * @mark: XA_MARK_0..2
 *
 * Subtrees whose slot in the parent lacks the mark are skipped whole; that
 * is what the marks in interior nodes are for. With nothing found before
 * @max the cursor is XAS_RESTART; beyond the tree, XAS_BOUNDS.
 *
 * Context: hold xa_lock or the RCU read lock.
 * Return: the entry, or NULL.
 */
void *xas_find_marked(struct xa_state *xas, unsigned long max, xa_mark_t mark)
{
	bool advance = true;
	unsigned int offset;
	void *entry;

	if (xas_error(xas))
		return NULL;
	if (mark > XA_MARK_MAX || xas->xa_index > max)
		goto max;

	if (!xas->xa_node) {
		xas->xa_index = 1;
		goto out;
	} else if (xas_top(xas->xa_node)) {
		advance = false;
		entry = xa_head(xas->xa);
		xas->xa_node = NULL;
		if (xas->xa_index > max_index(entry))
			goto out;
		if (!xa_is_node(entry)) {
			if (xa_marked(xas->xa, mark))
				return entry;
			xas->xa_index = 1;
			goto out;
		}
		xas->xa_node = xa_to_node(entry);
		xas->xa_offset = (unsigned char)(xas->xa_index >>
						 xas->xa_node->shift);
	}

	while (xas->xa_index <= max) {
		if (xas->xa_offset == XA_CHUNK_SIZE) {
			xas->xa_offset = (unsigned char)(xas->xa_node->offset + 1U);
			xas->xa_node = xa_parent(xas->xa, xas->xa_node);
			if (!xas->xa_node)
				break;
			advance = false;
			continue;
		}

		if (!advance) {
			entry = xa_entry(xas->xa, xas->xa_node, xas->xa_offset);
			if (xa_is_sibling(entry)) {
				xas->xa_offset = (unsigned char)xa_to_sibling(entry);
				xas_move_index(xas, xas->xa_offset);
			}
		}

		offset = xas_find_chunk(xas, advance, mark);
		if (offset > xas->xa_offset) {
			advance = false;
			xas_move_index(xas, offset);
			/* Mind the wrap past ULONG_MAX. */
			if ((xas->xa_index - 1) >= max)
				goto max;
			xas->xa_offset = (unsigned char)offset;
			if (offset == XA_CHUNK_SIZE)
				continue;
		}

		entry = xa_entry(xas->xa, xas->xa_node, xas->xa_offset);
		if (!xa_is_node(entry))
			return entry;
		xas->xa_node = xa_to_node(entry);
		xas_set_offset(xas);
	}

out:
	if (xas->xa_index > max)
		goto max;
	return set_bounds(xas);
max:
	xas->xa_node = XAS_RESTART;
	return NULL;
}

/**
 * xas_find_conflict() - the next present entry inside the cursor's range
 * @xas: operation state describing a (multi-index) range
 *
 * Context: hold xa_lock.
 * Return: an entry within the range, or NULL once the range is exhausted.
 */
void *xas_find_conflict(struct xa_state *xas)
{
	void *curr;

	if (xas_error(xas) || !xas->xa_node)
		return NULL;

	if (xas_top(xas->xa_node)) {
		curr = xas_start(xas);
		if (!curr)
			return NULL;
		while (xa_is_node(curr))
			curr = xas_descend(xas, xa_to_node(curr));
		if (curr)
			return curr;
	}

	if (xas->xa_node->shift > xas->xa_shift)
		return NULL;

	for (;;) {
		if (xas->xa_node->shift == xas->xa_shift) {
			if ((xas->xa_offset & xas->xa_sibs) == xas->xa_sibs)
				break;
		} else if (xas->xa_offset == XA_CHUNK_MASK) {
			xas->xa_offset = xas->xa_node->offset;
			xas->xa_node = xas->xa_node->parent;
			if (!xas->xa_node)
				break;
			continue;
		}
		curr = xa_entry_locked(xas->xa, xas->xa_node, ++xas->xa_offset);
		if (xa_is_sibling(curr))
			continue;
		while (xa_is_node(curr)) {
			xas->xa_node = xa_to_node(curr);
			xas->xa_offset = 0;
			curr = xa_entry_locked(xas->xa, xas->xa_node, 0);
		}
		if (curr)
			return curr;
	}
	xas->xa_offset -= xas->xa_sibs;
	return NULL;
}
