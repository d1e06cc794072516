// SPDX-License-Identifier: GPL-2.0
/*
 * msync(2), as mm/msync.c: MS_SYNC writes back and waits on the dirty
 * pages of each shared file mapping in the range (vfs_fsync_range on the
 * file's byte range); MS_ASYNC does nothing since Linux 2.6.19 (dirty
 * pages are already tracked: a store through a shared PTE dirtied its
 * folio, mm/filemap_fault.c).
 */
#include <mmsim/fs.h>
#include <mmsim/mm.h>
#include <mmsim/pagemap.h>

/**
 * do_msync - msync(2)
 * @mm: the address space
 * @start: page-aligned start
 * @len: length (rounded up to pages)
 * @flags: MS_ASYNC, MS_SYNC, MS_INVALIDATE
 *
 * Linux's checks: unknown flags, an unaligned start, or MS_ASYNC with
 * MS_SYNC are -EINVAL; a hole in the range is -ENOMEM (after the rest
 * was done); MS_INVALIDATE of a VM_LOCKED mapping is -EBUSY.
 *
 * Return: 0 or a negative errno (also a writeback error).
 */
int do_msync(struct mm_struct *mm, u64 start, u64 len, int flags)
{
	int unmapped_error = 0, error = -EINVAL;
	struct vm_area_struct *vma;
	u64 end;

	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end < start)
		return -ENOMEM;
	if (end == start)
		return 0;
	vma = find_vma(mm, start);
	for (;;) {
		u64 fstart, fend;
		loff_t pos;

		error = -ENOMEM;
		if (!vma)
			break;
		if (start < vma->vm_start) {
			if (start >= end)
				break;
			start = vma->vm_start;
			if (start >= end)
				break;
			unmapped_error = -ENOMEM;
		}
		error = -EBUSY;
		if ((flags & MS_INVALIDATE) && (vma->vm_flags & VM_LOCKED))
			break;
		fstart = start;
		fend = end < vma->vm_end ? end : vma->vm_end;
		error = 0;
		if ((flags & MS_SYNC) && vma->vm_file &&
		    (vma->vm_flags & VM_SHARED)) {
			pos = (loff_t)(((u64)vma->vm_pgoff << PAGE_SHIFT) +
				       (fstart - vma->vm_start));
			error = filemap_write_and_wait_range(
				vma->vm_file->f_mapping, pos,
				pos + (loff_t)(fend - fstart) - 1);
			if (error)
				break;
		}
		start = fend;
		if (start >= end)
			break;
		vma = vma->vm_next;
	}
	return error ? error : unmapped_error;
}
