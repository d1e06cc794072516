// SPDX-License-Identifier: GPL-2.0
/*
 * mprotect(2), as mm/mprotect.c: do_mprotect_pkey's checks and loop,
 * mprotect_fixup (split, merge, new flags and vm_page_prot,
 * change_protection of the present PTEs).
 */
#include <mmsim/mm.h>

struct vm_area_struct *vma_try_merge_around(struct mm_struct *mm,
					    struct vm_area_struct *vma);

/* mprotect_fixup(): give [start, end) of @vma the flags @newflags. */
static int mprotect_fixup(struct mm_struct *mm, struct vm_area_struct *vma,
			  u64 start, u64 end, unsigned long newflags)
{
	long pages = (long)((end - start) >> PAGE_SHIFT);
	int ret;

	/*
	 * Making private memory writable commits it (VM_ACCOUNT, which
	 * stays once set, as in Linux).
	 */
	if ((newflags & VM_WRITE) &&
	    !(vma->vm_flags & (VM_ACCOUNT | VM_WRITE | VM_SHARED |
			       VM_NORESERVE)))
		newflags |= VM_ACCOUNT;
	if (newflags == vma->vm_flags)
		return 0;
	if (start != vma->vm_start) {
		ret = split_vma(mm, vma, start, 1);
		if (ret)
			return ret;
	}
	if (end != vma->vm_end) {
		ret = split_vma(mm, vma, end, 0);
		if (ret)
			return ret;
	}
	vm_stat_account(mm, vma->vm_flags, -pages);
	vm_stat_account(mm, newflags, pages);
	vma->vm_flags = newflags;
	vma_set_page_prot(vma);
	change_protection(vma, start, end);
	vma_try_merge_around(mm, vma);
	return 0;
}

/**
 * do_mprotect - mprotect(2)
 * @mm: the address space
 * @start: page-aligned start
 * @len: length (rounded up to pages; 0 does nothing)
 * @prot: PROT_READ/WRITE/EXEC (PROT_SEM accepted and ignored)
 *
 * Errors as Linux: -EINVAL for an unaligned start, unknown prot bits or
 * both GROWSDOWN and GROWSUP; -ENOMEM for a wrapping range or one that
 * is not fully mapped (the VMAs before the hole are already changed, as
 * in Linux); -EACCES when a VMA may not get the access (VM_MAY*).
 *
 * Return: 0 or a negative errno.
 */
int do_mprotect(struct mm_struct *mm, u64 start, u64 len, unsigned long prot)
{
	unsigned long grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
	struct vm_area_struct *vma, *next;
	u64 end, nstart;
	int ret;

	prot &= ~(unsigned long)(PROT_GROWSDOWN | PROT_GROWSUP);
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end <= start)
		return -ENOMEM;
	if (prot & ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC |
				    PROT_SEM))
		return -EINVAL;
	vma = find_vma(mm, start);
	if (!vma)
		return -ENOMEM;
	if (grows & PROT_GROWSDOWN) {
		if (vma->vm_start >= end)
			return -ENOMEM;
		start = vma->vm_start;
		if (!(vma->vm_flags & VM_GROWSDOWN))
			return -EINVAL;
	} else if (vma->vm_start > start) {
		return -ENOMEM;
	}
	for (nstart = start;;) {
		unsigned long newflags = vma->vm_flags & ~VM_ACCESS_FLAGS;
		u64 tmp;

		if (prot & PROT_READ)
			newflags |= VM_READ;
		if (prot & PROT_WRITE)
			newflags |= VM_WRITE;
		if (prot & PROT_EXEC)
			newflags |= VM_EXEC;
		/* newflags >> 4 shifts VM_MAY* onto VM_* */
		if ((newflags & ~(newflags >> 4)) & VM_ACCESS_FLAGS)
			return -EACCES;
		tmp = vma->vm_end < end ? vma->vm_end : end;
		next = vma->vm_next;
		ret = mprotect_fixup(mm, vma, nstart, tmp, newflags);
		if (ret)
			return ret;
		nstart = tmp;
		if (nstart >= end)
			return 0;
		vma = find_vma(mm, nstart);
		(void)next;
		if (!vma || vma->vm_start != nstart)
			return -ENOMEM;
	}
}
