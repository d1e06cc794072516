// SPDX-License-Identifier: GPL-2.0
/*
 * The per-mm VMA tree: a balanced search tree keyed by vm_start whose
 * nodes carry rb_subtree_gap, the largest free gap below any VMA of their
 * subtree, as Linux <= 6.0 augmented its rbtree (mm/mmap.c
 * vma_compute_subtree_gap, vma_gap_callbacks). vm_unmapped_area() prunes
 * every subtree whose gap is too small, so a search is O(log n).
 *
 * SIM: an AVL tree instead of a red-black tree (Linux 6.1+: the maple
 * tree). Both keep the height O(log n); AVL's rotations are simpler to
 * augment, each one recomputing the gaps of the two nodes it moves.
 * Recursion depth is the height: under 1.45 log2(65530) < 24.
 */
#include <mmsim/mm.h>

#define left(v)		((v)->vm_rb.left)
#define right(v)	((v)->vm_rb.right)

static int height(const struct vm_area_struct *v)
{
	return v ? v->vm_rb.height : 0;
}

/**
 * vma_compute_gap - the free space just below @vma
 * @vma: a VMA linked in its mm's list
 *
 * From the end of the previous VMA (plus its guard gap, vm_end_gap) to
 * @vma's start (less the stack guard gap of a VM_GROWSDOWN VMA,
 * vm_start_gap), or 0.
 *
 * Return: the gap in bytes.
 */
u64 vma_compute_gap(const struct vm_area_struct *vma)
{
	u64 gap = vm_start_gap(vma), prev_end;

	if (vma->vm_prev) {
		prev_end = vm_end_gap(vma->vm_prev);
		gap = gap > prev_end ? gap - prev_end : 0;
	}
	return gap;
}

/* vma_compute_subtree_gap(): own gap, or a child's, whichever is largest. */
static void update(struct vm_area_struct *v)
{
	u64 gap = vma_compute_gap(v);
	int hl = height(left(v)), hr = height(right(v));

	if (left(v) && left(v)->rb_subtree_gap > gap)
		gap = left(v)->rb_subtree_gap;
	if (right(v) && right(v)->rb_subtree_gap > gap)
		gap = right(v)->rb_subtree_gap;
	v->rb_subtree_gap = gap;
	v->vm_rb.height = 1 + (hl > hr ? hl : hr);
}

static struct vm_area_struct *rotate_right(struct vm_area_struct *v)
{
	struct vm_area_struct *l = left(v);

	left(v) = right(l);
	right(l) = v;
	update(v);
	update(l);
	return l;
}

static struct vm_area_struct *rotate_left(struct vm_area_struct *v)
{
	struct vm_area_struct *r = right(v);

	right(v) = left(r);
	left(r) = v;
	update(v);
	update(r);
	return r;
}

static struct vm_area_struct *balance(struct vm_area_struct *v)
{
	int bf;

	update(v);
	bf = height(left(v)) - height(right(v));
	if (bf > 1) {
		if (height(left(left(v))) < height(right(left(v))))
			left(v) = rotate_left(left(v));
		return rotate_right(v);
	}
	if (bf < -1) {
		if (height(right(right(v))) < height(left(right(v))))
			right(v) = rotate_right(right(v));
		return rotate_left(v);
	}
	return v;
}

static struct vm_area_struct *insert(struct vm_area_struct *root,
				     struct vm_area_struct *vma)
{
	if (!root) {
		left(vma) = right(vma) = NULL;
		update(vma);
		return vma;
	}
	if (vma->vm_start < root->vm_start)
		left(root) = insert(left(root), vma);
	else
		right(root) = insert(right(root), vma);
	return balance(root);
}

static struct vm_area_struct *remove_min(struct vm_area_struct *v,
					 struct vm_area_struct **min)
{
	if (!left(v)) {
		*min = v;
		return right(v);
	}
	left(v) = remove_min(left(v), min);
	return balance(v);
}

static struct vm_area_struct *erase(struct vm_area_struct *root,
				    struct vm_area_struct *vma)
{
	struct vm_area_struct *min;

	if (!root)
		return NULL;
	if (root != vma) {
		if (vma->vm_start < root->vm_start)
			left(root) = erase(left(root), vma);
		else
			right(root) = erase(right(root), vma);
		return balance(root);
	}
	if (!right(root))
		return left(root);
	right(root) = remove_min(right(root), &min);
	left(min) = left(root);
	right(min) = right(root);
	return balance(min);
}

/* Recompute the gaps on the path from the root to the node keyed @start. */
static void gap_update_path(struct vm_area_struct *v, u64 start)
{
	if (!v)
		return;
	if (start < v->vm_start)
		gap_update_path(left(v), start);
	else if (start > v->vm_start)
		gap_update_path(right(v), start);
	update(v);
}

/**
 * vma_tree_insert - add @vma to @mm's tree
 * @mm: the address space
 * @vma: a VMA already linked in the list (its vm_prev is right)
 *
 * The next VMA's gap shrinks too: it is recomputed (vma_gap_update).
 */
void vma_tree_insert(struct mm_struct *mm, struct vm_area_struct *vma)
{
	mm->mm_rb = insert(mm->mm_rb, vma);
	if (vma->vm_next)
		vma_gap_update(vma->vm_next);
}

/**
 * vma_tree_erase - remove @vma from @mm's tree
 * @mm: the address space
 * @vma: a VMA already unlinked from the list
 *
 * Its successor's gap (now including @vma's range) is recomputed by the
 * caller once the list is updated (vma_unlink does it).
 */
void vma_tree_erase(struct mm_struct *mm, struct vm_area_struct *vma)
{
	mm->mm_rb = erase(mm->mm_rb, vma);
}

/**
 * vma_gap_update - refresh @vma's gap after its start or its predecessor
 * changed, and the subtree gaps of its ancestors
 * @vma: a VMA in its mm's tree
 */
void vma_gap_update(struct vm_area_struct *vma)
{
	gap_update_path(vma->vm_mm->mm_rb, vma->vm_start);
}

static int validate(const struct vm_area_struct *v, u64 lo, u64 hi,
		    int *count, const char **why)
{
	u64 gap;
	int hl, hr;

	if (!v)
		return 0;
	(*count)++;
	if (v->vm_start < lo || v->vm_start > hi) {
		*why = "vma tree out of order";
		return -1;
	}
	if (validate(left(v), lo, v->vm_start, count, why) ||
	    validate(right(v), v->vm_start, hi, count, why))
		return -1;
	hl = height(left(v));
	hr = height(right(v));
	if (v->vm_rb.height != 1 + (hl > hr ? hl : hr) || hl - hr > 1 ||
	    hr - hl > 1) {
		*why = "vma tree unbalanced";
		return -1;
	}
	gap = vma_compute_gap(v);
	if (left(v) && left(v)->rb_subtree_gap > gap)
		gap = left(v)->rb_subtree_gap;
	if (right(v) && right(v)->rb_subtree_gap > gap)
		gap = right(v)->rb_subtree_gap;
	if (gap != v->rb_subtree_gap) {
		*why = "rb_subtree_gap stale";
		return -1;
	}
	return 0;
}

/**
 * vma_tree_validate - check @mm's tree (validate_mm_rb of CONFIG_DEBUG_VM_RB)
 * @mm: the address space
 * @why: set to the first broken rule
 *
 * Return: 0, or -EUCLEAN: order, AVL balance, a stale subtree gap, or a
 * node count that differs from map_count.
 */
int vma_tree_validate(struct mm_struct *mm, const char **why)
{
	int count = 0;

	if (validate(mm->mm_rb, 0, ~0ULL, &count, why))
		return -EUCLEAN;
	if (count != mm->map_count) {
		*why = "vma tree count differs from map_count";
		return -EUCLEAN;
	}
	return 0;
}
