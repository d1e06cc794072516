// SPDX-License-Identifier: GPL-2.0
/*
 * mlock(2) and munlock(2), as mm/mlock.c: set or clear VM_LOCKED on
 * every VMA of the range (mlock_fixup, splitting and merging), account
 * locked_vm, and fault the range in (__mm_populate). RLIMIT_MEMLOCK
 * bounds what may be locked (SIM: processes have no CAP_IPC_LOCK). No
 * LRU, so no PG_mlocked / unevictable list.
 */
#include <mmsim/mm.h>

/* Pages of [start, start+len) already locked (count_mm_mlocked_page_nr). */
static unsigned long count_mm_mlocked_page_nr(struct mm_struct *mm,
					      u64 start, u64 len)
{
	struct vm_area_struct *vma;
	unsigned long count = 0;
	u64 end = start + len;

	for (vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = vma->vm_next) {
		u64 s = vma->vm_start > start ? vma->vm_start : start;
		u64 e = vma->vm_end < end ? vma->vm_end : end;

		if (vma->vm_flags & VM_LOCKED)
			count += (e - s) >> PAGE_SHIFT;
	}
	return count;
}

/* apply_vma_lock_flags(): every VMA of [start, end), no holes. */
static int apply_vma_lock_flags(struct mm_struct *mm, u64 start, u64 len,
				bool lock)
{
	u64 end = start + len, nstart = start;
	struct vm_area_struct *vma;

	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	vma = vma_lookup(mm, start);
	if (!vma)
		return -ENOMEM;
	while (nstart < end) {
		unsigned long newflags;
		u64 tmp;

		if (!vma || vma->vm_start > nstart)
			return -ENOMEM;		/* a hole */
		newflags = vma->vm_flags & ~VM_LOCKED;
		tmp = vma->vm_end < end ? vma->vm_end : end;
		if (lock)
			newflags |= VM_LOCKED;
		vma = vma_modify_flags(mm, vma, nstart, tmp, newflags);
		if (!vma)
			return -ENOMEM;
		nstart = tmp;
		vma = find_vma(mm, nstart);
	}
	return 0;
}

/**
 * do_mlock - mlock(2)
 * @mm: the address space
 * @start: start (rounded down to a page)
 * @len: length (the range is rounded out to pages)
 *
 * As Linux for a process without CAP_IPC_LOCK: -EPERM when
 * RLIMIT_MEMLOCK is 0 (can_do_mlock), -ENOMEM when locked_vm would pass
 * it (pages already locked in the range do not count twice) or the
 * range has a hole; then the range is faulted in (a failure there is
 * -EAGAIN, __mlock_posix_error_return).
 *
 * Return: 0 or a negative errno.
 */
int do_mlock(struct mm_struct *mm, u64 start, u64 len)
{
	u64 limit = mm_rlimit(mm, RLIMIT_MEMLOCK);
	unsigned long locked;
	int ret;

	if (!limit)
		return -EPERM;
	len = PAGE_ALIGN(len + (start & ~PAGE_MASK));
	start &= PAGE_MASK;
	locked = (unsigned long)(len >> PAGE_SHIFT) + mm->locked_vm;
	if (limit != RLIM_INFINITY && locked > limit >> PAGE_SHIFT) {
		locked -= count_mm_mlocked_page_nr(mm, start, len);
		if (locked > limit >> PAGE_SHIFT)
			return -ENOMEM;
	}
	ret = apply_vma_lock_flags(mm, start, len, true);
	if (ret)
		return ret;
	return mm_populate(mm, start, len) ? -EAGAIN : 0;
}

/**
 * do_munlock - munlock(2)
 * @mm: the address space
 * @start: start (rounded down to a page)
 * @len: length
 *
 * Return: 0, or -ENOMEM for a hole in the range.
 */
int do_munlock(struct mm_struct *mm, u64 start, u64 len)
{
	len = PAGE_ALIGN(len + (start & ~PAGE_MASK));
	start &= PAGE_MASK;
	return apply_vma_lock_flags(mm, start, len, false);
}
