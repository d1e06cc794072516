// SPDX-License-Identifier: GPL-2.0
/*
 * mremap(2), as mm/mremap.c: shrink (unmap the tail), grow in place when
 * the range above is free (vma_expandable), or with MREMAP_MAYMOVE move
 * the VMA and its page-table entries elsewhere (move_vma,
 * move_page_tables); MREMAP_FIXED puts it at a given address,
 * MREMAP_DONTUNMAP leaves the old VMA mapped and empty.
 *
 * SIM: a moved VMA is never merged with its new neighbours (Linux's
 * copy_vma() tries vma_merge() first): the pages keep pointing at the
 * source's anon_vma, which the new VMA shares.
 */
#include <mmsim/fs.h>
#include <mmsim/mm.h>

struct move_ctx {
	struct mm_struct *mm;
	u64 delta;		/* new address - old address (mod 2^64) */
	int err;
};

/* move_ptes() for one entry: the page changes address, not owner. */
static int move_one(pte_t *ptep, u64 addr, void *data)
{
	struct move_ctx *c = data;
	pte_t pte = ptep_get(ptep), *dst;

	if (pte_none(pte))
		return 0;
	dst = pt_walk_alloc(c->mm, addr + c->delta, PT_PTE);
	if (!dst) {
		c->err = -ENOMEM;
		return -ENOMEM;
	}
	pte_clear(c->mm, addr, ptep);
	set_pte_at(c->mm, addr + c->delta, dst, pte);
	return 0;
}

/*
 * vma_to_resize(): the VMA holding [addr, addr+old_len), checked for
 * growing to new_len.
 */
static struct vm_area_struct *vma_to_resize(struct mm_struct *mm, u64 addr,
					    u64 old_len, u64 new_len,
					    int *err)
{
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	u64 pgoff;

	*err = -EFAULT;
	if (!vma || old_len > vma->vm_end - addr)
		return NULL;	/* not across VMA boundaries */
	if (new_len == old_len)
		return vma;
	pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	*err = -EINVAL;
	if (pgoff + (new_len >> PAGE_SHIFT) < pgoff)
		return NULL;
	*err = -EFAULT;
	if (vma->vm_flags & VM_DONTEXPAND)
		return NULL;
	*err = -EAGAIN;
	if (new_len > old_len &&
	    !mlock_future_ok(mm, vma->vm_flags, new_len - old_len))
		return NULL;
	*err = -ENOMEM;
	if (new_len > old_len &&
	    !may_expand_vm(mm, vma->vm_flags, (new_len - old_len) >> PAGE_SHIFT))
		return NULL;
	return vma;
}

/*
 * move_vma(): a new VMA at @new_addr with @vma's flags, the PTEs of
 * [old_addr, old_addr+old_len) moved into it, then the old range
 * unmapped (unless MREMAP_DONTUNMAP).
 */
static u64 move_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		    u64 old_addr, u64 old_len, u64 new_len, u64 new_addr,
		    unsigned long flags)
{
	struct move_ctx c = { .mm = mm, .delta = new_addr - old_addr };
	struct vm_area_struct *new;
	long pages = (long)(new_len >> PAGE_SHIFT);

	if (mm->map_count >= sysctl_max_map_count - 3)
		return -(u64)ENOMEM;
	new = vm_area_dup(vma);
	if (!new)
		return -(u64)ENOMEM;
	new->vm_pgoff = vma->vm_pgoff +
			((old_addr - vma->vm_start) >> PAGE_SHIFT);
	new->vm_start = new_addr;
	new->vm_end = new_addr + new_len;
	vma_link(mm, new);
	vm_stat_account(mm, new->vm_flags, pages);
	walk_existing_ptes(mm, old_addr, old_addr + old_len, move_one, &c);
	flush_tlb_mm_range(mm, old_addr, old_addr + old_len, PAGE_SHIFT,
			   false);
	if (c.err) {
		/* move_page_tables() failed: put the entries back. */
		struct move_ctx back = { .mm = mm, .delta = -c.delta };

		walk_existing_ptes(mm, new_addr, new_addr + old_len, move_one,
				   &back);
		do_munmap(mm, new_addr, new_len);
		return (u64)(s64)c.err;
	}
	if (!(flags & MREMAP_DONTUNMAP))
		do_munmap(mm, old_addr, old_len);
	if (new->vm_flags & VM_LOCKED && new_len > old_len)
		mm_populate(mm, new_addr + old_len, new_len - old_len);
	return new_addr;
}

/* mremap_to(): MREMAP_FIXED / MREMAP_DONTUNMAP. */
static u64 mremap_to(struct mm_struct *mm, u64 addr, u64 old_len,
		     u64 new_addr, u64 new_len, unsigned long flags)
{
	struct vm_area_struct *vma;
	unsigned long map_flags = MAP_FIXED;
	u64 task_size = mm_task_size(mm), ret;
	int err;

	if (new_addr & ~PAGE_MASK)
		return -(u64)EINVAL;
	if (new_len > task_size || new_addr > task_size - new_len)
		return -(u64)EINVAL;
	/* The old and new ranges may not overlap. */
	if (addr + old_len > new_addr && new_addr + new_len > addr)
		return -(u64)EINVAL;
	if (flags & MREMAP_FIXED) {
		err = do_munmap(mm, new_addr, new_len);
		if (err)
			return (u64)(s64)err;
	} else {
		map_flags = 0;
	}
	if (old_len > new_len) {
		err = do_munmap(mm, addr + new_len, old_len - new_len);
		if (err)
			return (u64)(s64)err;
		old_len = new_len;
	}
	vma = vma_to_resize(mm, addr, old_len, new_len, &err);
	if (!vma)
		return (u64)(s64)err;
	if ((flags & MREMAP_DONTUNMAP) &&
	    !may_expand_vm(mm, vma->vm_flags, old_len >> PAGE_SHIFT))
		return -(u64)ENOMEM;
	if (vma->vm_flags & VM_MAYSHARE)
		map_flags |= MAP_SHARED;
	ret = get_unmapped_area(mm, new_addr, new_len, 0, map_flags);
	if (ret & ~PAGE_MASK)
		return ret;
	return move_vma(mm, vma, addr, old_len, new_len, ret, flags);
}

/* vma_expandable(): is [vm_end, vm_end + delta) free and in range? */
static bool vma_expandable(struct mm_struct *mm, struct vm_area_struct *vma,
			   u64 delta)
{
	u64 end = vma->vm_end + delta;

	if (end < vma->vm_end || end > mm_task_size(mm))
		return false;
	if (find_vma_intersection(mm, vma->vm_end, end))
		return false;
	/* A stack above keeps its guard gap. */
	return !vma->vm_next || end <= vm_start_gap(vma->vm_next);
}

/**
 * do_mremap - mremap(2)
 * @mm: the address space
 * @addr: page-aligned start of the old range
 * @old_len: its length (rounded up to pages)
 * @new_len: the new length (rounded up to pages)
 * @flags: MREMAP_MAYMOVE, MREMAP_FIXED, MREMAP_DONTUNMAP
 * @new_addr: the destination with MREMAP_FIXED
 *
 * Linux's errors in its order: -EINVAL for unknown flags, FIXED or
 * DONTUNMAP without MAYMOVE, DONTUNMAP with a size change, an unaligned
 * address, a zero new length, overlapping FIXED ranges; -EFAULT when
 * @addr is not mapped or the old range crosses a VMA end; -ENOMEM when
 * growing in place is impossible without MAYMOVE, no room is left, or
 * RLIMIT_AS / RLIMIT_DATA would be exceeded; -EAGAIN past
 * RLIMIT_MEMLOCK for a locked VMA.
 *
 * Return: the (new) address, or a negative errno.
 */
u64 do_mremap(struct mm_struct *mm, u64 addr, u64 old_len, u64 new_len,
	      unsigned long flags, u64 new_addr)
{
	struct vm_area_struct *vma;
	u64 ret, delta;
	int err;

	if (flags & ~(unsigned long)(MREMAP_FIXED | MREMAP_MAYMOVE |
				     MREMAP_DONTUNMAP))
		return -(u64)EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -(u64)EINVAL;
	if ((flags & MREMAP_DONTUNMAP) &&
	    (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		return -(u64)EINVAL;
	if (addr & ~PAGE_MASK)
		return -(u64)EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!new_len)
		return -(u64)EINVAL;
	if (!vma_lookup(mm, addr))
		return -(u64)EFAULT;
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))
		return mremap_to(mm, addr, old_len, new_addr, new_len, flags);
	if (old_len >= new_len) {
		if (old_len > new_len) {
			err = do_munmap(mm, addr + new_len, old_len - new_len);
			if (err)
				return (u64)(s64)err;
		}
		return addr;
	}
	vma = vma_to_resize(mm, addr, old_len, new_len, &err);
	if (!vma)
		return (u64)(s64)err;
	delta = new_len - old_len;
	if (old_len == vma->vm_end - addr && vma_expandable(mm, vma, delta)) {
		/*
		 * Grow in place (Linux: vma_merge / vma_expand); a file VMA
		 * leaves i_mmap meanwhile, as in vma_prepare().
		 */
		if (vma->vm_file)
			vma_interval_tree_remove(vma, &vma->vm_file->f_mapping->i_mmap);
		vma->vm_end += delta;
		vma_tree_update(vma, vma->vm_start, vma->vm_end - delta);
		if (vma->vm_file)
			vma_interval_tree_insert(vma, &vma->vm_file->f_mapping->i_mmap);
		vm_stat_account(mm, vma->vm_flags, (long)(delta >> PAGE_SHIFT));
		if (vma->vm_flags & VM_LOCKED)
			mm_populate(mm, addr + old_len, delta);
		return addr;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -(u64)ENOMEM;
	ret = get_unmapped_area(mm, 0, new_len, 0,
				vma->vm_flags & VM_MAYSHARE ? MAP_SHARED : 0);
	if (ret & ~PAGE_MASK)
		return ret;
	return move_vma(mm, vma, addr, old_len, new_len, ret, flags);
}
