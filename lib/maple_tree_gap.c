// SPDX-License-Identifier: GPL-2.0
/*
 * The maple tree's gap searches, as mas_empty_area() and
 * mas_empty_area_rev() of lib/maple_tree.c: the lowest or highest free
 * range of a size, what vm_unmapped_area() asks for. Each internal slot
 * keeps the largest gap inside its child (gap[]); the gap between two
 * slots is the distance from one's pivot to the next one's min. A search
 * enters only children whose gap[] is large enough, so it is O(log n)
 * but where the limits cut a gap: a child that straddles @min or @max
 * may be entered in vain, at most one per side and level.
 */
#include <errno.h>

#include <mmsim/maple_tree.h>

/* ---- gap searches ------------------------------------------------------- */

/* Does [@gs, @ge] clipped to [@min, @max] hold @size indices? */
static bool gap_clip(u64 *gs, u64 *ge, u64 min, u64 max, u64 size)
{
	if (*gs < min)
		*gs = min;
	if (*ge > max)
		*ge = max;
	return *gs <= *ge && *ge - *gs >= size - 1;
}

/*
 * The highest gap of @size inside @n's subtree within [@min, @max]
 * (mas_rev_awalk): right to left, the gap after each slot, then the
 * child if its gap[] is big enough. Sets *@top to the gap's clipped end.
 */
static bool rev_awalk(const struct maple_node *n, u64 min, u64 max,
		      u64 size, u64 *top)
{
	for (int i = n->count - 1; i >= 0; i--) {
		u64 gs, ge;

		if (i + 1 < n->count && n->pivot[i] < max) {
			gs = n->pivot[i] + 1;
			ge = n->min[i + 1] - 1;
			if (gap_clip(&gs, &ge, min, max, size)) {
				*top = ge;
				return true;
			}
		}
		if (n->pivot[i] < min)
			return false;	/* all that is left lies below min */
		if (!n->leaf && n->gap[i] >= size && n->min[i] < max &&
		    rev_awalk(n->slot[i], min, max, size, top))
			return true;
	}
	return false;
}

/* The lowest gap of @size (mas_awalk); sets *@bottom to its start. */
static bool awalk(const struct maple_node *n, u64 min, u64 max, u64 size,
		  u64 *bottom)
{
	for (int i = 0; i < n->count; i++) {
		u64 gs, ge;

		if (n->min[i] > max)
			return false;	/* all that is left lies above max */
		if (!n->leaf && n->gap[i] >= size && n->pivot[i] > min &&
		    awalk(n->slot[i], min, max, size, bottom))
			return true;
		if (i + 1 < n->count && n->min[i + 1] > min) {
			gs = n->pivot[i] + 1;
			ge = n->min[i + 1] - 1;
			if (gap_clip(&gs, &ge, min, max, size)) {
				*bottom = gs;
				return true;
			}
		}
	}
	return false;
}

static int empty_args(const struct ma_state *mas, u64 min, u64 max,
		      u64 size)
{
	if (!size || min > max)
		return -EINVAL;
	if (max - min < size - 1)
		return -EBUSY;
	(void)mas;
	return 0;
}

/* Report the free range [@first, @first + @size - 1] in @mas. */
static void mas_set_gap(struct ma_state *mas, u64 first, u64 size)
{
	mas->index = first;
	mas->last = first + size - 1;
	mas->status = ma_active;
	mas->on_entry = false;
	mas->node = NULL;
}

/**
 * mas_empty_area - the lowest free range of @size indices in [@min, @max]
 * @mas: the state; set to the range found
 * @min: lowest index the range may hold
 * @max: highest index the range may hold
 * @size: its length
 *
 * O(log n): a subtree is entered only if its largest gap is big enough.
 *
 * Return: 0, -EBUSY (no such range) or -EINVAL (@size 0, @min > @max).
 */
int mas_empty_area(struct ma_state *mas, u64 min, u64 max, u64 size)
{
	const struct maple_node *root = mas->tree->ma_root;
	int err = empty_args(mas, min, max, size);
	u64 gs, ge;

	if (err)
		return err;
	if (!root) {
		gs = 0;
		ge = U64_MAX;
		if (gap_clip(&gs, &ge, min, max, size))
			goto found;
		return -EBUSY;
	}
	if (root->min[0] > 0) {
		gs = 0;
		ge = root->min[0] - 1;
		if (gap_clip(&gs, &ge, min, max, size))
			goto found;
	}
	if (awalk(root, min, max, size, &gs))
		goto found;
	if (root->pivot[root->count - 1] < U64_MAX) {
		gs = root->pivot[root->count - 1] + 1;
		ge = U64_MAX;
		if (gap_clip(&gs, &ge, min, max, size))
			goto found;
	}
	return -EBUSY;
found:
	mas_set_gap(mas, gs, size);
	return 0;
}

/**
 * mas_empty_area_rev - the highest free range of @size indices in
 * [@min, @max], what vm_unmapped_area() looks for top-down
 * @mas: the state; set to the range found (its last index is the top of
 *	the gap, clipped to @max)
 * @min: lowest index the range may hold
 * @max: highest index the range may hold
 * @size: its length
 *
 * Return: 0, -EBUSY (no such range) or -EINVAL.
 */
int mas_empty_area_rev(struct ma_state *mas, u64 min, u64 max, u64 size)
{
	const struct maple_node *root = mas->tree->ma_root;
	int err = empty_args(mas, min, max, size);
	u64 gs, ge;

	if (err)
		return err;
	if (!root) {
		gs = 0;
		ge = U64_MAX;
		if (gap_clip(&gs, &ge, min, max, size))
			goto found;
		return -EBUSY;
	}
	if (root->pivot[root->count - 1] < U64_MAX) {
		gs = root->pivot[root->count - 1] + 1;
		ge = U64_MAX;
		if (gap_clip(&gs, &ge, min, max, size))
			goto found;
	}
	if (rev_awalk(root, min, max, size, &ge))
		goto found;
	if (root->min[0] > 0) {
		gs = 0;
		ge = root->min[0] - 1;
		if (gap_clip(&gs, &ge, min, max, size))
			goto found;
	}
	return -EBUSY;
found:
	mas_set_gap(mas, ge - (size - 1), size);
	return 0;
}
