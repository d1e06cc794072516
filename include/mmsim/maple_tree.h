/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The maple tree, as include/linux/maple_tree.h: a B-tree that maps
 * non-overlapping ranges of indices [index, last] to entries, and finds
 * the free ranges between them in O(log n). The VMAs of an mm live in
 * one (mm->mm_mt); lib/maple_tree.c implements it, docs/maple_tree.md
 * explains the layout.
 *
 * Simple API first:
 *	struct maple_tree mt = MTREE_INIT(mt);   // or zero-filled memory
 *	mtree_store_range(&mt, 0x1000, 0x1fff, ptr, GFP_KERNEL);
 *	ptr = mtree_load(&mt, 0x1800);
 *	mtree_erase(&mt, 0x1800);
 *	mtree_destroy(&mt);
 *
 * Glossary:
 *   entry     a non-NULL pointer stored over a range; NULL means empty
 *   pivot     the last index of a slot's range (a node keeps one per slot)
 *   gap       a maximal empty range; an internal node keeps, per child,
 *             the largest gap inside that child's subtree
 *   ma_state  the advanced API's cursor (MA_STATE): a range
 *             [index, last] and where the walk left off
 *
 * SIM: indices are u64 (Linux: unsigned long), the width of a simulated
 * address whatever the host. There is no RCU and no lock: every user of a
 * tree is one simulated machine's single thread, so readers never race a
 * writer, nodes are freed at once, and the tree keeps no spinlock (Linux:
 * ma_lock, mt_external_lock).
 */
#ifndef MMSIM_MAPLE_TREE_H
#define MMSIM_MAPLE_TREE_H

#include "gfp_types.h"
#include "types.h"

#ifndef U64_MAX
#define U64_MAX		((u64)~0ULL)
#endif

/*
 * Slots per node, leaf or internal: Linux's maple_range_64 has 16, its
 * maple_arange_64 (the gap-tracking node the VMA tree uses) 10. Here a
 * node is eight 64-byte lines, in four arrays of 15: pivot[] and the node
 * header fill lines 0-1, slot[] lines 2-3, min[] lines 4-5 and gap[]
 * lines 6-7. A lookup reads only the pivots (one or two lines) and one
 * slot per level; min[] and gap[] serve the gap searches and writes.
 * 15-way nodes make 10,000 entries 4 levels.
 */
#define MAPLE_NODE_SLOTS	15
/* The fill a node other than the root never goes below (mt_min_slots). */
#define MAPLE_MIN_SLOTS		(MAPLE_NODE_SLOTS / 2)
#define MAPLE_HEIGHT_MAX	31

/**
 * struct maple_node - one node, leaf or internal
 * @pivot: last index of each slot's range (leaf: of the entry; internal:
 *	the highest index any entry of the child's subtree covers);
 *	U64_MAX in unused slots
 * @count: slots in use, 1..MAPLE_NODE_SLOTS
 * @leaf: the slots hold entries (else children)
 * @slot: the entries, or the children
 * @min: first index of each slot's range (internal: the lowest index any
 *	entry of the child covers)
 * @gap: internal only: the largest gap between two entries inside the
 *	child's subtree (maple_arange_64's gap[])
 *
 * SIM: Linux's node has no min[]: a slot's range starts after the
 * previous pivot and empty ranges are NULL slots. Keeping each range's
 * start instead stores only entries, so a node's fill, its gaps and
 * every pivot are a function of its own subtree, and a store never has
 * to move a NULL range across nodes (Linux's spanning store).
 */
struct maple_node {
	u64 pivot[MAPLE_NODE_SLOTS];
	unsigned char count;
	bool leaf;
	unsigned char pad0[6];
	void *slot[MAPLE_NODE_SLOTS];
	void *pad1;
	u64 min[MAPLE_NODE_SLOTS];
	u64 pad2;
	u64 gap[MAPLE_NODE_SLOTS];
	u64 pad3;
} __attribute__((aligned(64)));

/**
 * struct maple_tree - the tree's root
 * @ma_root: the root node, NULL when the tree is empty
 * @ma_height: levels, 0 when empty (Linux keeps it in ma_flags)
 * @ma_gen: bumped by every write; an ma_state remembers it to know
 *	whether its node is still valid
 * @ma_spare: nodes kept for the next writes (mas_preallocate), linked
 *	through slot[0]
 * @ma_nr_spare: how many
 *
 * All-zero is an empty tree.
 */
struct maple_tree {
	struct maple_node *ma_root;
	unsigned int ma_height;
	unsigned int ma_nr_spare;
	unsigned long ma_gen;
	struct maple_node *ma_spare;
};

#define MTREE_INIT(name)	{ NULL, 0, 0, 0, NULL }
#define DEFINE_MTREE(name)	struct maple_tree name = MTREE_INIT(name)

static inline void mt_init(struct maple_tree *mt)
{
	*mt = (struct maple_tree)MTREE_INIT(*mt);
}

static inline bool mtree_empty(const struct maple_tree *mt)
{
	return !mt->ma_root;
}

/*
 * SIM: the last index any entry covers, read from the root's last pivot
 * in O(1) (mm/ keeps highest_vm_end with it). Return: false when empty.
 */
static inline bool mt_last_index(const struct maple_tree *mt, u64 *last)
{
	const struct maple_node *root = mt->ma_root;

	if (!root)
		return false;
	*last = root->pivot[root->count - 1];
	return true;
}

void *mtree_load(struct maple_tree *mt, u64 index);
int mtree_store_range(struct maple_tree *mt, u64 index, u64 last,
		      void *entry, gfp_t gfp);
int mtree_store(struct maple_tree *mt, u64 index, void *entry, gfp_t gfp);
int mtree_insert_range(struct maple_tree *mt, u64 first, u64 last,
		       void *entry, gfp_t gfp);
void *mtree_erase(struct maple_tree *mt, u64 index);
void mtree_destroy(struct maple_tree *mt);
void *mt_find(struct maple_tree *mt, u64 *index, u64 max);
int mt_validate(struct maple_tree *mt, const char **why);

/* ==== Advanced API: the ma_state cursor ================================ */

enum maple_status {
	ma_start,	/* nothing walked yet: the next call walks from index */
	ma_active,	/* [index, last] is the entry or gap last returned */
	ma_none,	/* a search found nothing; mas_set() to start again */
};

/**
 * struct ma_state - a position in a tree
 * @tree: the tree
 * @index: first index of the range (to store, or found)
 * @last: its last index
 * @node: the leaf holding the entry found, valid while @gen is the
 *	tree's ma_gen and the range is an entry (@on_entry)
 * @offset: the entry's slot in @node
 * @on_entry: [index, last] is an entry (else a gap)
 * @status: see enum maple_status
 * @gen: the tree's ma_gen when @node was set
 *
 * SIM: Linux keeps an ma_state valid across writes made through it and
 * forbids writes by others during a walk. Here any write bumps the
 * tree's generation; a state that sees a new one walks again from the
 * root, from its own range, so iterating while erasing the current
 * entry (exit_mmap, munmap) is safe.
 */
struct ma_state {
	struct maple_tree *tree;
	u64 index;
	u64 last;
	struct maple_node *node;
	unsigned char offset;
	bool on_entry;
	enum maple_status status;
	unsigned long gen;
};

#define MA_STATE(name, mt, first, end)					\
	struct ma_state name = {					\
		.tree = (mt), .index = (first), .last = (end),		\
		.status = ma_start,					\
	}

/* Walk again from @index, for the next search (mas_set). */
static inline void mas_set_range(struct ma_state *mas, u64 start, u64 last)
{
	mas->index = start;
	mas->last = last;
	mas->status = ma_start;
	mas->node = NULL;
}

static inline void mas_set(struct ma_state *mas, u64 index)
{
	mas_set_range(mas, index, index);
}

static inline void mas_reset(struct ma_state *mas)
{
	mas->status = ma_start;
	mas->node = NULL;
}

void *mas_walk(struct ma_state *mas);
void *mas_find(struct ma_state *mas, u64 max);
void *mas_find_rev(struct ma_state *mas, u64 min);
void *mas_next(struct ma_state *mas, u64 max);
void *mas_prev(struct ma_state *mas, u64 min);
int mas_preallocate(struct ma_state *mas, void *entry, gfp_t gfp);
int mas_store_gfp(struct ma_state *mas, void *entry, gfp_t gfp);
void *mas_erase(struct ma_state *mas);
int mas_empty_area(struct ma_state *mas, u64 min, u64 max, u64 size);
int mas_empty_area_rev(struct ma_state *mas, u64 min, u64 max, u64 size);

/* Every entry of @mas's tree from its index to @max (mas_for_each). */
#define mas_for_each(mas, entry, max) \
	while (((entry) = mas_find((mas), (max))) != NULL)

#endif /* MMSIM_MAPLE_TREE_H */
