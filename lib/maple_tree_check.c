// SPDX-License-Identifier: GPL-2.0
/*
 * The maple tree's checker, as mt_validate() of lib/maple_tree.c
 * (CONFIG_DEBUG_MAPLE_TREE): every rule, with each summary recomputed
 * from the entries rather than trusted. SIM: it reports the first broken
 * rule instead of dumping the tree and stopping.
 */
#include <errno.h>

#include <mmsim/maple_tree.h>

/* ---- validation (mt_validate) ------------------------------------------- */

struct mt_check {
	long entries;
	bool have_prev;
	u64 prev_last;
	const char *why;
};

static bool fail(struct mt_check *c, const char *why)
{
	if (!c->why)
		c->why = why;
	return false;
}

/*
 * Check @n and below; set *@lo, *@hi, *@gap to what the subtree really
 * holds, recomputed from the entries, never from the stored summaries.
 */
static bool check_node(const struct maple_node *n, unsigned int level,
		       unsigned int height, struct mt_check *c, u64 *lo,
		       u64 *hi, u64 *gap)
{
	int lowest = level ? MAPLE_MIN_SLOTS : n->leaf ? 1 : 2;

	if (n->leaf != (level == height - 1))
		return fail(c, "maple tree leaves at different depths");
	if (n->count < lowest || n->count > MAPLE_NODE_SLOTS)
		return fail(c, "maple node fill out of bounds");
	for (int i = n->count; i < MAPLE_NODE_SLOTS; i++)
		if (n->pivot[i] != U64_MAX || n->slot[i])
			return fail(c, "maple node unused slot not cleared");
	*gap = 0;
	for (int i = 0; i < n->count; i++) {
		u64 clo, chi, cgap;

		if (!n->slot[i])
			return fail(c, "maple node NULL slot");
		if (n->leaf) {
			clo = n->min[i];
			chi = n->pivot[i];
			cgap = 0;
			if (clo > chi)
				return fail(c, "maple entry range reversed");
			if (c->have_prev && clo <= c->prev_last)
				return fail(c, "maple entries overlap or out of order");
			c->have_prev = true;
			c->prev_last = chi;
			c->entries++;
		} else {
			if (!check_node(n->slot[i], level + 1, height, c,
					&clo, &chi, &cgap))
				return false;
			if (n->min[i] != clo || n->pivot[i] != chi)
				return fail(c, "maple pivot or min differs from child");
			if (n->gap[i] != cgap)
				return fail(c, "maple gap differs from recomputation");
		}
		if (cgap > *gap)
			*gap = cgap;
		if (i && clo - *hi - 1 > *gap)
			*gap = clo - *hi - 1;
		if (!i)
			*lo = clo;
		*hi = chi;
	}
	return true;
}

/**
 * mt_validate - check every rule of @mt
 * @mt: the tree
 * @why: set to the first broken rule
 *
 * Entries in order, not overlapping, none NULL; every leaf at the same
 * depth; every node but the root at least half full; each internal
 * slot's pivot, min and gap equal to a recomputation from the entries.
 *
 * Return: the number of entries, or -EUCLEAN.
 */
int mt_validate(struct maple_tree *mt, const char **why)
{
	struct mt_check c = { 0 };
	u64 lo, hi, gap;

	if (!mt->ma_root) {
		if (mt->ma_height) {
			*why = "maple tree empty with a height";
			return -EUCLEAN;
		}
		return 0;
	}
	if (!mt->ma_height || mt->ma_height > MAPLE_HEIGHT_MAX ||
	    !check_node(mt->ma_root, 0, mt->ma_height, &c, &lo, &hi, &gap)) {
		*why = c.why ? c.why : "maple tree height out of bounds";
		return -EUCLEAN;
	}
	return (int)c.entries;
}
