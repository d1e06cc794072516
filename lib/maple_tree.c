// SPDX-License-Identifier: GPL-2.0
/*
 * The maple tree, as lib/maple_tree.c: a B-tree of ranges with 15-way
 * nodes (include/mmsim/maple_tree.h draws a node) whose internal nodes
 * keep, per child, the child's lowest index, highest index and largest
 * inner gap, as maple_arange_64 keeps its gap[]. So
 *   - a lookup reads one node per level: 10,000 entries are 4 levels;
 *   - a gap search (mas_empty_area{,_rev}) skips every child whose gap
 *     is too small and looks at the gaps between two children from the
 *     pivot and min of each: O(log n);
 *   - a write changes one leaf and refreshes the three summaries on the
 *     path to the root; a full node passes a slot to a sibling or splits
 *     in two halves, a node under half full takes slots from a sibling
 *     or merges with it, as a B-tree does.
 *
 * What Linux's file has and this one leaves out: RCU (readers and the
 * writer are one thread here, so a node is changed in place and freed at
 * once: SIM), the NULL ranges stored as slots (see struct maple_node),
 * the node types (one layout for leaves and internal nodes), the root
 * holding a single entry directly, the big-node rebalance of a spanning
 * store (a store over several entries here is erases, then one insert),
 * mas_preallocate's exact count, and the dump functions.
 *
 * SIM: nodes come from host malloc, 64-byte aligned, as the AVL nodes
 * of the VMA tree they replace did: the tree is kernel metadata that no
 * simulated instruction reads, so simulated RAM would only cost a copy.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mmsim/maple_tree.h>

/* The nodes from the root to a leaf, and the slot taken in each. */
struct ma_path {
	struct maple_node *node[MAPLE_HEIGHT_MAX];
	unsigned char off[MAPLE_HEIGHT_MAX];
};

/* One slot's worth: what a write moves between nodes. */
struct ma_item {
	u64 pivot, min, gap;
	void *slot;
};

/* ---- nodes -------------------------------------------------------------- */

static void node_clear(struct maple_node *n, bool leaf)
{
	memset(n, 0, sizeof(*n));
	n->leaf = leaf;
	for (int i = 0; i < MAPLE_NODE_SLOTS; i++)
		n->pivot[i] = U64_MAX;
}

/* mas_pop_node(): a node from the spares, or a new one. */
static struct maple_node *node_get(struct maple_tree *mt, bool leaf)
{
	struct maple_node *n = mt->ma_spare;

	if (n) {
		mt->ma_spare = n->slot[0];
		mt->ma_nr_spare--;
	} else {
		n = aligned_alloc(64, sizeof(*n));
		if (!n)
			abort();	/* mas_preallocate() reserved enough */
	}
	node_clear(n, leaf);
	return n;
}

/* Keep a freed node for the next write, up to what one store needs. */
static void node_put(struct maple_tree *mt, struct maple_node *n)
{
	if (mt->ma_nr_spare >= 3 * (mt->ma_height + 2)) {
		free(n);
		return;
	}
	n->slot[0] = mt->ma_spare;
	mt->ma_spare = n;
	mt->ma_nr_spare++;
}

/* The largest gap between two entries of @n's subtree (ma_max_gap). */
static u64 node_gap(const struct maple_node *n)
{
	u64 gap = 0, g;

	for (int i = 1; i < n->count; i++) {
		g = n->min[i] - n->pivot[i - 1] - 1;
		gap = g > gap ? g : gap;
	}
	if (!n->leaf)
		for (int i = 0; i < n->count; i++)
			gap = n->gap[i] > gap ? n->gap[i] : gap;
	return gap;
}

static void set_item(struct maple_node *n, int i, const struct ma_item *it)
{
	n->pivot[i] = it->pivot;
	n->min[i] = it->min;
	n->gap[i] = it->gap;
	n->slot[i] = it->slot;
}

static struct ma_item node_item(const struct maple_node *n, int i)
{
	return (struct ma_item){ n->pivot[i], n->min[i], n->gap[i],
				 n->slot[i] };
}

/* A child as its parent sees it: its range and largest inner gap. */
static struct ma_item child_item(struct maple_node *c)
{
	return (struct ma_item){ c->pivot[c->count - 1], c->min[0],
				 node_gap(c), c };
}

/* Refresh slot @i of @p from its child; true when something changed. */
static bool set_child(struct maple_node *p, int i)
{
	struct ma_item it = child_item(p->slot[i]);

	if (p->pivot[i] == it.pivot && p->min[i] == it.min &&
	    p->gap[i] == it.gap)
		return false;
	set_item(p, i, &it);
	return true;
}

/* Move @nr slots of @src from @s to @dst at @d (the ranges may overlap). */
static void move_items(struct maple_node *dst, int d, struct maple_node *src,
		       int s, int nr)
{
	memmove(&dst->pivot[d], &src->pivot[s], nr * sizeof(u64));
	memmove(&dst->min[d], &src->min[s], nr * sizeof(u64));
	memmove(&dst->gap[d], &src->gap[s], nr * sizeof(u64));
	memmove(&dst->slot[d], &src->slot[s], nr * sizeof(void *));
}

/* Mark slots [@from, MAPLE_NODE_SLOTS) of @n unused. */
static void clear_tail(struct maple_node *n, int from)
{
	for (int i = from; i < MAPLE_NODE_SLOTS; i++) {
		n->pivot[i] = U64_MAX;
		n->min[i] = n->gap[i] = 0;
		n->slot[i] = NULL;
	}
}

static void node_insert(struct maple_node *n, int pos,
			const struct ma_item *it)
{
	move_items(n, pos + 1, n, pos, n->count - pos);
	set_item(n, pos, it);
	n->count++;
}

static void node_remove(struct maple_node *n, int pos)
{
	move_items(n, pos, n, pos + 1, n->count - pos - 1);
	n->count--;
	clear_tail(n, n->count);
}

/* ---- walks -------------------------------------------------------------- */

/*
 * The first slot of @n whose pivot is >= @key: the number of pivots
 * below it, counted over all 15 without a branch (unused pivots are
 * U64_MAX, never below). A loop that stops at the slot mispredicts its
 * exit at every level, and the cost of a lookup is mostly that.
 */
static inline int pivot_slot(const struct maple_node *n, u64 key)
{
	const u64 *p = n->pivot;
	/* Four sums, not one chain of 15 dependent additions. */
	int a = (p[0] < key) + (p[1] < key) + (p[2] < key) + (p[3] < key);
	int b = (p[4] < key) + (p[5] < key) + (p[6] < key) + (p[7] < key);
	int c = (p[8] < key) + (p[9] < key) + (p[10] < key) + (p[11] < key);
	int d = (p[12] < key) + (p[13] < key) + (p[14] < key);

	_Static_assert(MAPLE_NODE_SLOTS == 15, "pivot_slot() counts 15");
	return a + b + c + d;
}

/*
 * The first entry whose range ends at or above @key (mas_walk's descent):
 * in every node, the first slot whose pivot is >= @key. The root's last
 * pivot is checked first, so each node below has such a slot.
 * Return: the leaf and *@off, or NULL when every entry ends below @key.
 */
static struct maple_node *walk_last(struct maple_tree *mt, u64 key,
				    int *off, struct ma_path *path)
{
	struct maple_node *n = mt->ma_root;
	int level = 0, i;

	if (!n || n->pivot[n->count - 1] < key)
		return NULL;
	for (;;) {
		i = pivot_slot(n, key);
		if (path) {
			path->node[level] = n;
			path->off[level++] = i;
		}
		if (n->leaf) {
			*off = i;
			return n;
		}
		n = n->slot[i];
	}
}

/*
 * The last entry whose range starts at or below @key (mas_prev's
 * descent). Return: the leaf and *@off, or NULL.
 */
static struct maple_node *walk_min(struct maple_tree *mt, u64 key, int *off)
{
	struct maple_node *n = mt->ma_root;
	int i;

	if (!n || n->min[0] > key)
		return NULL;
	for (;;) {
		for (i = n->count - 1; n->min[i] > key; i--)
			;
		if (n->leaf) {
			*off = i;
			return n;
		}
		n = n->slot[i];
	}
}

/*
 * Where an entry starting at @key goes: in every node the first slot
 * whose pivot is >= @key, else the last (internal) or past the last
 * (leaf). Fills @path down to the leaf.
 */
static void walk_insert(struct maple_tree *mt, u64 key, struct ma_path *path)
{
	struct maple_node *n = mt->ma_root;
	int level = 0, i;

	for (;;) {
		for (i = 0; i < n->count && n->pivot[i] < key; i++)
			;
		if (!n->leaf && i == n->count)
			i--;
		path->node[level] = n;
		path->off[level++] = i;
		if (n->leaf)
			return;
		n = n->slot[i];
	}
}

/* Point @mas at slot @off of leaf @n; return its entry. */
static void *mas_at(struct ma_state *mas, struct maple_node *n, int off)
{
	mas->node = n;
	mas->offset = off;
	mas->on_entry = true;
	mas->status = ma_active;
	mas->gen = mas->tree->ma_gen;
	mas->index = n->min[off];
	mas->last = n->pivot[off];
	return n->slot[off];
}

static void *mas_nothing(struct ma_state *mas)
{
	mas->status = ma_none;
	mas->node = NULL;
	return NULL;
}

static bool mas_node_valid(const struct ma_state *mas)
{
	return mas->status == ma_active && mas->on_entry && mas->node &&
	       mas->gen == mas->tree->ma_gen;
}

/**
 * mtree_load - the entry at @index
 * @mt: the tree
 * @index: the index
 *
 * Return: the entry whose range holds @index, or NULL.
 */
void *mtree_load(struct maple_tree *mt, u64 index)
{
	int off;
	struct maple_node *n = walk_last(mt, index, &off, NULL);

	return n && n->min[off] <= index ? n->slot[off] : NULL;
}

/**
 * mt_find - the first entry at or above *@index, up to @max
 * @mt: the tree
 * @index: where to start; set past the entry found
 * @max: the highest index the entry may start at
 *
 * find_vma() in one walk, without an ma_state.
 *
 * Return: the entry, or NULL.
 */
void *mt_find(struct maple_tree *mt, u64 *index, u64 max)
{
	int off;
	struct maple_node *n = walk_last(mt, *index, &off, NULL);

	if (!n || n->min[off] > max)
		return NULL;
	*index = n->pivot[off] + 1;
	return n->slot[off];
}

/**
 * mas_walk - the entry at @mas->index, and the range around it
 * @mas: the state; its index is looked up
 *
 * Sets [@mas->index, @mas->last] to the entry's range, or to the whole
 * gap holding the index when there is no entry.
 *
 * Return: the entry, or NULL.
 */
void *mas_walk(struct ma_state *mas)
{
	struct maple_node *n = mas->tree->ma_root;
	u64 key = mas->index, lo = 0;
	int i;

	mas->node = NULL;
	mas->status = ma_active;
	mas->on_entry = false;
	if (!n || n->pivot[n->count - 1] < key) {
		mas->index = n ? n->pivot[n->count - 1] + 1 : 0;
		mas->last = U64_MAX;
		return NULL;
	}
	for (;;) {
		for (i = 0; n->pivot[i] < key; i++)
			;
		if (i)
			lo = n->pivot[i - 1] + 1;
		if (n->leaf)
			break;
		n = n->slot[i];
	}
	if (n->min[i] <= key)
		return mas_at(mas, n, i);
	mas->index = lo;
	mas->last = n->min[i] - 1;
	return NULL;
}

/* The first entry starting above @mas's range, or NULL (no bound). */
static void *mas_next_entry(struct ma_state *mas, u64 max)
{
	struct maple_node *n = mas->node;
	int off;

	if (mas_node_valid(mas) && mas->offset + 1 < n->count) {
		off = mas->offset + 1;
	} else {
		if (mas->last == U64_MAX)
			return mas_nothing(mas);
		n = walk_last(mas->tree, mas->last + 1, &off, NULL);
		if (!n)
			return mas_nothing(mas);
	}
	if (n->min[off] > max)
		return mas_nothing(mas);
	return mas_at(mas, n, off);
}

/**
 * mas_find - the first entry at or above @mas->index (first call), then
 * each next one, up to @max
 * @mas: the state
 * @max: the highest index an entry returned may start at
 *
 * Return: the entry (its range in @mas), or NULL.
 */
void *mas_find(struct ma_state *mas, u64 max)
{
	struct maple_node *n;
	int off;

	if (mas->status == ma_none)
		return NULL;
	if (mas->status == ma_active)
		return mas_next_entry(mas, max);
	n = walk_last(mas->tree, mas->index, &off, NULL);
	if (!n || n->min[off] > max)
		return mas_nothing(mas);
	return mas_at(mas, n, off);
}

/**
 * mas_next - the entry after the current range (after @mas->index's
 * range on the first call), up to @max
 * @mas: the state
 * @max: the highest index the entry may start at
 *
 * Return: the entry, or NULL.
 */
void *mas_next(struct ma_state *mas, u64 max)
{
	if (mas->status == ma_none)
		return NULL;
	if (mas->status == ma_start)
		mas_walk(mas);
	return mas_next_entry(mas, max);
}

/* The last entry ending below @mas's range, down to @min. */
static void *mas_prev_entry(struct ma_state *mas, u64 min)
{
	struct maple_node *n = mas->node;
	int off;

	if (mas_node_valid(mas) && mas->offset > 0) {
		off = mas->offset - 1;
	} else {
		if (mas->index == 0)
			return mas_nothing(mas);
		n = walk_min(mas->tree, mas->index - 1, &off);
		if (!n)
			return mas_nothing(mas);
	}
	if (n->pivot[off] < min)
		return mas_nothing(mas);
	return mas_at(mas, n, off);
}

/**
 * mas_prev - the entry before the current range (before @mas->index's
 * range on the first call), down to @min
 * @mas: the state
 * @min: the lowest index the entry may end at
 *
 * Return: the entry, or NULL.
 */
void *mas_prev(struct ma_state *mas, u64 min)
{
	if (mas->status == ma_none)
		return NULL;
	if (mas->status == ma_start)
		mas_walk(mas);
	return mas_prev_entry(mas, min);
}

/**
 * mas_find_rev - the last entry at or below @mas->index (first call),
 * then each previous one, down to @min
 * @mas: the state
 * @min: the lowest index an entry returned may end at
 *
 * Return: the entry, or NULL.
 */
void *mas_find_rev(struct ma_state *mas, u64 min)
{
	struct maple_node *n;
	int off;

	if (mas->status == ma_none)
		return NULL;
	if (mas->status == ma_active)
		return mas_prev_entry(mas, min);
	n = walk_min(mas->tree, mas->index, &off);
	if (!n || n->pivot[off] < min)
		return mas_nothing(mas);
	return mas_at(mas, n, off);
}

/* ---- writes ------------------------------------------------------------- */

/* Refresh the summaries of the path above @level, up to the root. */
static void update_path(struct ma_path *path, int level)
{
	while (--level >= 0)
		if (!set_child(path->node[level], path->off[level]))
			break;
}

/*
 * Split full @n while inserting @it at @pos: the 16 slots go half to
 * @n, half to @right (mas_split, without the big node).
 */
static void split_insert(struct maple_node *n, struct maple_node *right,
			 int pos, const struct ma_item *it)
{
	int keep = (MAPLE_NODE_SLOTS + 1) / 2;

	if (pos < keep) {
		move_items(right, 0, n, keep - 1, MAPLE_NODE_SLOTS - keep + 1);
		right->count = MAPLE_NODE_SLOTS - keep + 1;
		n->count = keep - 1;
		node_insert(n, pos, it);
	} else {
		move_items(right, 0, n, keep, MAPLE_NODE_SLOTS - keep);
		right->count = MAPLE_NODE_SLOTS - keep;
		n->count = keep;
		node_insert(right, pos - keep, it);
	}
	clear_tail(n, n->count);
}

/*
 * Insert @it at @pos of the full node at @level by passing one slot to a
 * sibling with room, as a B*-tree does, instead of splitting. Nodes
 * filled in address order, upwards (brk, MAP_FIXED runs) or downwards
 * (top-down mmap), so end up full rather than half full, which keeps
 * the tree shallower. SIM: Linux fills nodes in order by splitting
 * unevenly (mas_wr_append, mab_calc_split), not by shifting.
 * Return: true when done (the parent's summaries refreshed).
 */
static bool shift_insert(struct ma_path *path, int level, int pos,
			 const struct ma_item *it)
{
	struct maple_node *n = path->node[level], *p = path->node[level - 1];
	int o = path->off[level - 1];
	struct maple_node *s;
	struct ma_item moved;

	if (o + 1 < p->count &&
	    (s = p->slot[o + 1])->count < MAPLE_NODE_SLOTS) {
		if (pos == n->count) {
			node_insert(s, 0, it);
		} else {
			moved = node_item(n, n->count - 1);
			node_remove(n, n->count - 1);
			node_insert(n, pos, it);
			node_insert(s, 0, &moved);
		}
		set_child(p, o);
		set_child(p, o + 1);
		return true;
	}
	if (o > 0 && (s = p->slot[o - 1])->count < MAPLE_NODE_SLOTS) {
		if (pos == 0) {
			node_insert(s, s->count, it);
		} else {
			moved = node_item(n, 0);
			node_remove(n, 0);
			node_insert(n, pos - 1, it);
			node_insert(s, s->count, &moved);
		}
		set_child(p, o - 1);
		set_child(p, o);
		return true;
	}
	return false;
}

/*
 * Insert [@first, @last] -> @entry into free space (mas_insert), at the
 * leaf slot @walked found (walk_insert), or walk there first.
 */
static void tree_insert_at(struct maple_tree *mt, u64 first, u64 last,
			   void *entry, struct ma_path *walked)
{
	struct ma_item it = { last, first, 0, entry };
	struct ma_path local, *path = walked ? walked : &local;
	int level, pos;

	if (!mt->ma_root) {
		mt->ma_root = node_get(mt, true);
		mt->ma_height = 1;
		node_insert(mt->ma_root, 0, &it);
		return;
	}
	if (!walked)
		walk_insert(mt, first, path);
	level = mt->ma_height - 1;
	pos = path->off[level];
	for (;;) {
		struct maple_node *n = path->node[level], *right, *root;

		if (n->count < MAPLE_NODE_SLOTS) {
			node_insert(n, pos, &it);
			break;
		}
		if (level > 0 && shift_insert(path, level, pos, &it)) {
			level--;
			break;
		}
		right = node_get(mt, n->leaf);
		split_insert(n, right, pos, &it);
		if (level == 0) {	/* a new root: one level more */
			root = node_get(mt, false);
			root->slot[0] = n;
			root->slot[1] = right;
			root->count = 2;
			set_child(root, 0);
			set_child(root, 1);
			mt->ma_root = root;
			mt->ma_height++;
			return;
		}
		level--;
		set_child(path->node[level], path->off[level]);
		it = child_item(right);
		pos = path->off[level] + 1;
	}
	update_path(path, level);
}

static void tree_insert(struct maple_tree *mt, u64 first, u64 last,
			void *entry)
{
	tree_insert_at(mt, first, last, entry, NULL);
}

/* Even out two siblings whose fills add up to more than one node. */
static void redistribute(struct maple_node *l, struct maple_node *r)
{
	int total = l->count + r->count, want = total / 2, k;

	if (l->count > want) {
		k = l->count - want;
		move_items(r, k, r, 0, r->count);
		move_items(r, 0, l, want, k);
		l->count = want;
		r->count += k;
		clear_tail(l, want);
	} else {
		k = want - l->count;
		move_items(l, l->count, r, 0, k);
		move_items(r, 0, r, k, r->count - k);
		l->count = want;
		r->count -= k;
		clear_tail(r, r->count);
	}
}

/*
 * Remove the entry at the end of @path; a node left under
 * MAPLE_MIN_SLOTS takes slots from a sibling or merges with it
 * (mas_rebalance), and a root left with one child gives way to it.
 */
static void tree_delete(struct maple_tree *mt, struct ma_path *path)
{
	int level = mt->ma_height - 1;
	struct maple_node *root;

	node_remove(path->node[level], path->off[level]);
	for (; level > 0; level--) {
		struct maple_node *n = path->node[level];
		struct maple_node *p = path->node[level - 1], *l, *r;
		int off = path->off[level - 1], loff;

		if (n->count >= MAPLE_MIN_SLOTS) {
			if (!set_child(p, off))
				break;	/* nothing above changes either */
			continue;
		}
		loff = off > 0 ? off - 1 : off;
		l = p->slot[loff];
		r = p->slot[loff + 1];
		if (l->count + r->count <= MAPLE_NODE_SLOTS) {
			move_items(l, l->count, r, 0, r->count);
			l->count += r->count;
			node_put(mt, r);
			set_child(p, loff);
			node_remove(p, loff + 1);
		} else {
			redistribute(l, r);
			set_child(p, loff);
			set_child(p, loff + 1);
		}
	}
	root = mt->ma_root;
	if (root->count == 0) {
		node_put(mt, root);
		mt->ma_root = NULL;
		mt->ma_height = 0;
	} else if (!root->leaf && root->count == 1) {
		mt->ma_root = root->slot[0];
		mt->ma_height--;
		node_put(mt, root);
	}
}

/**
 * mas_preallocate - reserve the nodes a store into @mas's tree may need
 * @mas: the state (its tree)
 * @entry: what will be stored (unused: the worst case is reserved)
 * @gfp: allocation flags (unused: host memory)
 *
 * A store does at most three inserts, each splitting at most one node
 * per level plus a new root.
 *
 * Return: 0, or -ENOMEM (the tree is unchanged).
 */
int mas_preallocate(struct ma_state *mas, void *entry, gfp_t gfp)
{
	struct maple_tree *mt = mas->tree;
	unsigned int need = 3 * (mt->ma_height + 2);

	(void)entry;
	(void)gfp;
	while (mt->ma_nr_spare < need) {
		struct maple_node *n = aligned_alloc(64, sizeof(*n));

		if (!n)
			return -ENOMEM;
		n->slot[0] = mt->ma_spare;
		mt->ma_spare = n;
		mt->ma_nr_spare++;
	}
	return 0;
}

/**
 * mas_store_gfp - store @entry over [@mas->index, @mas->last]
 * @mas: the state: the range
 * @entry: the entry, or NULL to make the range empty
 * @gfp: allocation flags (unused: host memory)
 *
 * Entries overlapping the range lose the overlapped part (an entry
 * holding the whole range is cut in two). After the store, @mas's next
 * search starts after the range.
 *
 * Return: 0, -EINVAL (index above last), or -ENOMEM (tree unchanged).
 */
int mas_store_gfp(struct ma_state *mas, void *entry, gfp_t gfp)
{
	struct maple_tree *mt = mas->tree;
	u64 first = mas->index, last = mas->last;
	struct ma_path path;
	int off;

	if (first > last)
		return -EINVAL;
	if (mas_preallocate(mas, entry, gfp))
		return -ENOMEM;
	mt->ma_gen++;
	for (;;) {
		struct maple_node *n = walk_last(mt, first, &off, &path);
		u64 efirst, elast;
		void *old;

		if (!n || n->min[off] > last)
			break;
		efirst = n->min[off];
		elast = n->pivot[off];
		old = n->slot[off];
		tree_delete(mt, &path);
		if (efirst < first)
			tree_insert(mt, efirst, first - 1, old);
		if (elast >= last) {	/* the next entry starts above last */
			if (elast > last)
				tree_insert(mt, last + 1, elast, old);
			break;
		}
	}
	if (entry)
		tree_insert(mt, first, last, entry);
	mas->status = ma_active;
	mas->on_entry = entry != NULL;
	mas->node = NULL;
	return 0;
}

/**
 * mas_erase - erase the entry at @mas->index
 * @mas: the state
 *
 * Return: the entry erased, or NULL (nothing there).
 */
void *mas_erase(struct ma_state *mas)
{
	void *entry = mas_walk(mas);

	if (entry)
		mas_store_gfp(mas, NULL, GFP_KERNEL);	/* frees, never fails */
	return entry;
}

/**
 * mtree_store_range - store @entry over [@index, @last]
 * @mt: the tree
 * @index: first index
 * @last: last index
 * @entry: the entry, or NULL to empty the range
 * @gfp: allocation flags (unused)
 *
 * Return: 0, -EINVAL or -ENOMEM (see mas_store_gfp()).
 */
int mtree_store_range(struct maple_tree *mt, u64 index, u64 last,
		      void *entry, gfp_t gfp)
{
	MA_STATE(mas, mt, index, last);

	return mas_store_gfp(&mas, entry, gfp);
}

/**
 * mtree_store - store @entry at the single index @index
 * @mt: the tree
 * @index: the index
 * @entry: the entry, or NULL
 * @gfp: allocation flags (unused)
 *
 * Return: 0 or -ENOMEM.
 */
int mtree_store(struct maple_tree *mt, u64 index, void *entry, gfp_t gfp)
{
	return mtree_store_range(mt, index, index, entry, gfp);
}

/**
 * mtree_insert_range - store @entry over [@first, @last] if it is empty
 * @mt: the tree
 * @first: first index
 * @last: last index
 * @entry: the entry (not NULL)
 * @gfp: allocation flags (unused)
 *
 * Return: 0, -EEXIST (an entry overlaps), -EINVAL (NULL entry, first
 * above last) or -ENOMEM.
 */
int mtree_insert_range(struct maple_tree *mt, u64 first, u64 last,
		       void *entry, gfp_t gfp)
{
	MA_STATE(mas, mt, first, last);
	struct ma_path path;
	struct maple_node *leaf;
	int pos;

	if (!entry || first > last)
		return -EINVAL;
	if (mt->ma_root) {
		/* The slot it would go to holds the next entry, if any. */
		walk_insert(mt, first, &path);
		leaf = path.node[mt->ma_height - 1];
		pos = path.off[mt->ma_height - 1];
		if (pos < leaf->count && leaf->min[pos] <= last)
			return -EEXIST;
	}
	if (mas_preallocate(&mas, entry, gfp))
		return -ENOMEM;
	mt->ma_gen++;
	tree_insert_at(mt, first, last, entry, mt->ma_root ? &path : NULL);
	return 0;
}

/**
 * mtree_erase - erase the entry at @index
 * @mt: the tree
 * @index: an index of the entry's range
 *
 * Return: the entry erased, or NULL.
 */
void *mtree_erase(struct maple_tree *mt, u64 index)
{
	MA_STATE(mas, mt, index, index);

	return mas_erase(&mas);
}

static void destroy(struct maple_node *n)
{
	if (!n->leaf)
		for (int i = 0; i < n->count; i++)
			destroy(n->slot[i]);
	free(n);
}

/**
 * mtree_destroy - free every node of @mt (not the entries)
 * @mt: the tree; empty afterwards
 */
void mtree_destroy(struct maple_tree *mt)
{
	if (mt->ma_root)
		destroy(mt->ma_root);
	while (mt->ma_spare) {
		struct maple_node *n = mt->ma_spare;

		mt->ma_spare = n->slot[0];
		free(n);
	}
	mt->ma_gen++;
	mt->ma_root = NULL;
	mt->ma_height = 0;
	mt->ma_nr_spare = 0;
}
