// SPDX-License-Identifier: GPL-2.0
/*
 * The interval tree of the VMAs that map a file: mapping->i_mmap, as
 * Linux's mm/interval_tree.c builds it from
 * include/linux/interval_tree_generic.h. A red-black tree ordered by
 * each VMA's first file page (vm_pgoff), augmented with the largest last
 * file page of every subtree (shared.rb_subtree_last), so that "which
 * VMAs map pages [first, last] of this file" (rmap_walk_file,
 * unmap_mapping_range, page_mkclean) visits only the VMAs that overlap
 * and the O(log n) nodes on the way to them.
 *
 * The caller changes a VMA's vm_start, vm_end or vm_pgoff only while the
 * VMA is out of the tree (remove, adjust, insert), as Linux's
 * vma_prepare()/vma_complete() do; m:check() recomputes every subtree's
 * last page and catches a change made behind the tree's back.
 *
 * SIM: the root is a plain rb_root, not Linux's rb_root_cached: the
 * cached leftmost node only lets an empty query fail without a descent.
 */
#include <mmsim/fs.h>
#include <mmsim/mm.h>
#include <mmsim/rbtree.h>

static inline pgoff_t vma_start_pgoff(const struct vm_area_struct *v)
{
	return v->vm_pgoff;
}

static inline pgoff_t vma_last_pgoff(const struct vm_area_struct *v)
{
	return v->vm_pgoff + ((v->vm_end - v->vm_start) >> PAGE_SHIFT) - 1;
}

#define itnode(n)	rb_entry(n, struct vm_area_struct, shared.rb)

RB_DECLARE_CALLBACKS_MAX(static, vma_interval_tree_augment,
			 struct vm_area_struct, shared.rb, pgoff_t,
			 shared.rb_subtree_last, vma_last_pgoff);

/**
 * vma_interval_tree_insert - put a file VMA in its mapping's i_mmap
 * @node: the VMA (vm_file set, not in any tree)
 * @root: &mapping->i_mmap
 *
 * Raises the subtree maximum on the way down, then links and rebalances
 * with the augmented callbacks (interval_tree_generic.h's ITPREFIX_insert).
 */
void vma_interval_tree_insert(struct vm_area_struct *node,
			      struct rb_root *root)
{
	struct rb_node **link = &root->rb_node, *rb_parent = NULL;
	pgoff_t start = vma_start_pgoff(node), last = vma_last_pgoff(node);

	while (*link) {
		struct vm_area_struct *parent;

		rb_parent = *link;
		parent = itnode(rb_parent);
		if (parent->shared.rb_subtree_last < last)
			parent->shared.rb_subtree_last = last;
		if (start < vma_start_pgoff(parent))
			link = &parent->shared.rb.rb_left;
		else
			link = &parent->shared.rb.rb_right;
	}
	node->shared.rb_subtree_last = last;
	rb_link_node(&node->shared.rb, rb_parent, link);
	rb_insert_augmented(&node->shared.rb, root, &vma_interval_tree_augment);
}

/**
 * vma_interval_tree_remove - take a file VMA out of i_mmap
 * @node: the VMA
 * @root: &mapping->i_mmap
 */
void vma_interval_tree_remove(struct vm_area_struct *node,
			      struct rb_root *root)
{
	rb_erase_augmented(&node->shared.rb, root, &vma_interval_tree_augment);
	RB_CLEAR_NODE(&node->shared.rb);
}

/*
 * The leftmost VMA under @node that overlaps [start, last], or NULL
 * (ITPREFIX_subtree_search): go left while the left subtree reaches
 * @start, else take @node if it overlaps, else go right if that subtree
 * reaches @start and @node does not already begin past @last.
 */
static struct vm_area_struct *
subtree_search(struct vm_area_struct *node, pgoff_t start, pgoff_t last)
{
	for (;;) {
		if (node->shared.rb.rb_left) {
			struct vm_area_struct *left = itnode(node->shared.rb.rb_left);

			if (start <= left->shared.rb_subtree_last) {
				node = left;
				continue;
			}
		}
		if (vma_start_pgoff(node) <= last) {
			if (start <= vma_last_pgoff(node))
				return node;
			if (node->shared.rb.rb_right) {
				node = itnode(node->shared.rb.rb_right);
				if (start <= node->shared.rb_subtree_last)
					continue;
			}
		}
		return NULL;
	}
}

/**
 * vma_interval_tree_iter_first - the first VMA mapping a page of [start, last]
 * @root: &mapping->i_mmap
 * @start: first file page
 * @last: last file page (inclusive)
 *
 * Return: the overlapping VMA with the lowest vm_pgoff, or NULL.
 */
struct vm_area_struct *vma_interval_tree_iter_first(struct rb_root *root,
						    pgoff_t start, pgoff_t last)
{
	struct vm_area_struct *node;

	if (!root->rb_node)
		return NULL;
	node = itnode(root->rb_node);
	if (node->shared.rb_subtree_last < start)
		return NULL;
	return subtree_search(node, start, last);
}

/**
 * vma_interval_tree_iter_next - the next VMA after @node overlapping [start, last]
 * @node: a VMA the iteration returned
 * @start: first file page
 * @last: last file page (inclusive)
 *
 * Return: the next overlapping VMA in vm_pgoff order, or NULL.
 */
struct vm_area_struct *vma_interval_tree_iter_next(struct vm_area_struct *node,
						   pgoff_t start, pgoff_t last)
{
	struct rb_node *rb = node->shared.rb.rb_right, *prev;

	for (;;) {
		/* A right subtree that reaches @start holds the next match. */
		if (rb) {
			struct vm_area_struct *right = itnode(rb);

			if (start <= right->shared.rb_subtree_last)
				return subtree_search(right, start, last);
		}
		/* Else climb until we come up from a left child. */
		do {
			rb = rb_parent(&node->shared.rb);
			if (!rb)
				return NULL;
			prev = &node->shared.rb;
			node = itnode(rb);
			rb = node->shared.rb.rb_right;
		} while (prev == rb);

		if (last < vma_start_pgoff(node))
			return NULL;
		if (start <= vma_last_pgoff(node))
			return node;
	}
}

/* Recompute @rb's subtree from scratch; Return: its last page, or -1 on a fault. */
static long long check_subtree(const struct rb_node *rb, pgoff_t lo,
			       const char **why)
{
	const struct vm_area_struct *v;
	long long l, r, max;

	if (!rb)
		return -2;	/* empty: below every page */
	v = itnode(rb);
	if (vma_start_pgoff(v) < lo) {
		*why = "out of vm_pgoff order";
		return -1;
	}
	l = check_subtree(rb->rb_left, lo, why);
	if (l == -1)
		return -1;
	r = check_subtree(rb->rb_right, vma_start_pgoff(v), why);
	if (r == -1)
		return -1;
	max = (long long)vma_last_pgoff(v);
	if (l > max)
		max = l;
	if (r > max)
		max = r;
	if ((long long)v->shared.rb_subtree_last != max) {
		*why = "a subtree's last page is stale";
		return -1;
	}
	return max;
}

/**
 * vma_interval_tree_validate - check i_mmap's order and augmentation
 * @root: &mapping->i_mmap
 * @why: receives what is wrong
 *
 * Return: 0 when every node is in vm_pgoff order and every subtree's
 * rb_subtree_last equals the largest last page under it, else -1.
 */
int vma_interval_tree_validate(const struct rb_root *root, const char **why)
{
	*why = NULL;
	if (rb_check(root)) {
		*why = "red-black rules broken";
		return -1;
	}
	return check_subtree(root->rb_node, 0, why) == -1 ? -1 : 0;
}
