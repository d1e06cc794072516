// SPDX-License-Identifier: GPL-2.0
/*
 * The per-mm VMA tree: mm->mm_mt, a maple tree (lib/maple_tree.c) that
 * maps each VMA's range [vm_start, vm_end - 1] to the VMA, as Linux 6.1+
 * keeps its VMAs (mm/vma.h vma_iter_store, vma_iter_clear). The tree's
 * per-child gaps let vm_unmapped_area() find room in O(log n)
 * (mas_empty_area_rev); find_vma() is one walk of 15-way nodes.
 *
 * Every change of a linked VMA's vm_start or vm_end goes through
 * vma_tree_update(), so the tree's copy of each range stays exact;
 * m:check() compares them (vma_tree_validate).
 *
 * SIM: the list of VMAs (vm_next, vm_prev, mm->mmap) that Linux 6.1
 * removed is kept beside the tree: mmsim's VMA editing walks it.
 */
#include <stdio.h>
#include <stdlib.h>

#include <mmsim/mm.h>

/*
 * SIM: a store fails only when host malloc does, and vm_area_alloc()
 * reserved the nodes beforehand (mas_preallocate), where a failure is an
 * -ENOMEM its callers handle. Failing here anyway means host memory ran
 * out between the two: there is no way back from a half-edited mm.
 */
static void tree_failed(int err)
{
	fprintf(stderr, "mmsim: vma tree store failed (%d): out of host memory\n",
		err);
	abort();
}

static void store(struct mm_struct *mm, u64 start, u64 end,
		  struct vm_area_struct *vma)
{
	int err;

	if (start >= end)
		return;
	err = mtree_store_range(&mm->mm_mt, start, end - 1, vma, GFP_KERNEL);
	if (err)
		tree_failed(err);
}

/*
 * highest_vm_end: the end of the last VMA, from the tree's last index
 * (vm_end_gap() is vm_end: no architecture here has VM_GROWSUP).
 */
static void update_highest(struct mm_struct *mm)
{
	u64 last;

	mm->highest_vm_end = mt_last_index(&mm->mm_mt, &last) ? last + 1 : 0;
}

/**
 * vma_tree_insert - add @vma to @mm's tree (vma_iter_store)
 * @mm: the address space
 * @vma: the VMA; nothing of @mm's tree may overlap its range
 */
void vma_tree_insert(struct mm_struct *mm, struct vm_area_struct *vma)
{
	int err = mtree_insert_range(&mm->mm_mt, vma->vm_start,
				     vma->vm_end - 1, vma, GFP_KERNEL);

	if (err)
		tree_failed(err);
	update_highest(mm);
}

/**
 * vma_tree_erase - remove @vma from @mm's tree (vma_iter_clear)
 * @mm: the address space
 * @vma: the VMA, with the range it was stored with
 */
void vma_tree_erase(struct mm_struct *mm, struct vm_area_struct *vma)
{
	store(mm, vma->vm_start, vma->vm_end, NULL);
	update_highest(mm);
}

/**
 * vma_tree_update - store @vma over its new range after vm_start or
 * vm_end changed
 * @vma: a VMA in its mm's tree
 * @old_start: its vm_start when it was stored
 * @old_end: its vm_end when it was stored
 *
 * What the VMA left is cleared, what it grew into is stored: the caller
 * made sure that was free (vma_expand, vma_shrink).
 */
void vma_tree_update(struct vm_area_struct *vma, u64 old_start, u64 old_end)
{
	struct mm_struct *mm = vma->vm_mm;

	if (old_start < vma->vm_start)
		store(mm, old_start,
		      old_end < vma->vm_start ? old_end : vma->vm_start, NULL);
	if (old_end > vma->vm_end)
		store(mm, old_start > vma->vm_end ? old_start : vma->vm_end,
		      old_end, NULL);
	if (vma->vm_start < old_start || vma->vm_end > old_end)
		store(mm, vma->vm_start, vma->vm_end, vma);
	update_highest(mm);
}

/**
 * vma_tree_validate - check @mm's tree against its VMAs (validate_mm)
 * @mm: the address space
 * @why: set to the first broken rule
 *
 * The maple tree's own rules (mt_validate: order, non-overlap, pivots,
 * per-child gaps, node fill), then its entries one by one against the
 * list: the same VMAs, in the same order, each stored over exactly
 * [vm_start, vm_end - 1]; their number is map_count, highest_vm_end the
 * last one's end.
 *
 * Return: 0, or -EUCLEAN.
 */
int vma_tree_validate(struct mm_struct *mm, const char **why)
{
	MA_STATE(mas, &mm->mm_mt, 0, 0);
	struct vm_area_struct *v = mm->mmap, *e, *last = NULL;
	int n = mt_validate(&mm->mm_mt, why);

	if (n < 0)
		return -EUCLEAN;
	if (n != mm->map_count) {
		*why = "vma tree count differs from map_count";
		return -EUCLEAN;
	}
	mas_for_each(&mas, e, U64_MAX) {
		if (e != v) {
			*why = "vma tree and vma list differ";
			return -EUCLEAN;
		}
		if (mas.index != v->vm_start || mas.last != v->vm_end - 1) {
			*why = "vma tree range differs from the vma's";
			return -EUCLEAN;
		}
		last = v;
		v = v->vm_next;
	}
	if (v) {
		*why = "vma list longer than the vma tree";
		return -EUCLEAN;
	}
	if (mm->highest_vm_end != (last ? vm_end_gap(last) : 0)) {
		*why = "highest_vm_end is not the last vma's end";
		return -EUCLEAN;
	}
	return 0;
}
