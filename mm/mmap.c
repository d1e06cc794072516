// SPDX-License-Identifier: GPL-2.0
/*
 * Mapping and unmapping user memory, as mm/mmap.c (Linux 6.0, before the
 * maple tree): vm_unmapped_area (top-down and bottom-up gap searches over
 * the augmented VMA tree), get_unmapped_area, do_mmap / mmap_region,
 * do_munmap, sys_brk, expand_stack (expand_downwards), exit_mmap,
 * __mm_populate. Anonymous memory and files (do_mmap_file: the VMA holds
 * a reference to the file and sits in its mapping's i_mmap; faults go to
 * mm/filemap_fault.c).
 */
#include <mmsim/fs.h>
#include <mmsim/mm.h>
#include <mmsim/sched.h>

/* mmap_min_addr: CONFIG_DEFAULT_MMAP_MIN_ADDR, 65536 on x86, 4096 on ARM. */
u64 mmap_min_addr(void)
{
	return pt_fmt()->arm ? 4096 : 65536;
}

/**
 * mm_task_size - the end of @mm's mmap window
 * @mm: the address space
 *
 * TASK_SIZE, except on 5-level x86-64 where mappings stay below the
 * 47-bit DEFAULT_MAP_WINDOW unless a hint asks for more (not modelled).
 *
 * Return: the address.
 */
u64 mm_task_size(const struct mm_struct *mm)
{
	return mm->task_size;
}

/**
 * may_expand_vm - may @mm map @npages more pages of a mapping with @flags?
 * @mm: the address space
 * @flags: the VMA flags of the new pages
 * @npages: pages added
 *
 * RLIMIT_AS bounds total_vm, RLIMIT_DATA bounds data_vm (private
 * writable, not stack: is_data_mapping), as mm/mmap.c. Linux's
 * "ignore_rlimit_data" escape is off, and its valgrind special case (a
 * zero soft limit below a larger hard one) is kept.
 *
 * Return: true when the pages fit.
 */
bool may_expand_vm(struct mm_struct *mm, unsigned long flags,
		   unsigned long npages)
{
	u64 as = mm_rlimit(mm, RLIMIT_AS), data = mm_rlimit(mm, RLIMIT_DATA);

	if (as != RLIM_INFINITY && mm->total_vm + npages > as >> PAGE_SHIFT)
		return false;
	if ((flags & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE &&
	    data != RLIM_INFINITY &&
	    mm->data_vm + npages > data >> PAGE_SHIFT) {
		u64 max = mm_rlimit_max(mm, RLIMIT_DATA);

		if (data == 0 && (max == RLIM_INFINITY ||
				  mm->data_vm + npages <= max >> PAGE_SHIFT))
			return true;
		return false;
	}
	return true;
}

/**
 * mlock_future_ok - may @mm lock @bytes more (a VM_LOCKED mapping)?
 * @mm: the address space
 * @flags: the VMA flags (only VM_LOCKED ones count)
 * @bytes: bytes added
 *
 * locked_vm plus @bytes within RLIMIT_MEMLOCK (SIM: no CAP_IPC_LOCK).
 *
 * Return: true when allowed.
 */
bool mlock_future_ok(struct mm_struct *mm, unsigned long flags, u64 bytes)
{
	u64 limit = mm_rlimit(mm, RLIMIT_MEMLOCK);

	if (!(flags & VM_LOCKED) || limit == RLIM_INFINITY)
		return true;
	return (mm->locked_vm << PAGE_SHIFT) + bytes <= limit;
}

/* Pages of [start, end) already mapped (count_vma_pages_range). */
static unsigned long count_vma_pages_range(struct mm_struct *mm, u64 start,
					   u64 end)
{
	VMA_ITERATOR(vmi, mm, start);
	struct vm_area_struct *vma;
	unsigned long nr = 0;

	for_each_vma_range(vmi, vma, end) {
		u64 s = vma->vm_start > start ? vma->vm_start : start;
		u64 e = vma->vm_end < end ? vma->vm_end : end;

		nr += (e - s) >> PAGE_SHIFT;
	}
	return nr;
}

/*
 * unmapped_area_topdown(): the highest free range of @need bytes (length
 * plus align_mask, so any alignment fits) in [low_limit, @high), from
 * the tree's gaps (mas_empty_area_rev, O(log n)), the address aligned
 * down at its top. A VM_GROWSDOWN VMA just above keeps its stack guard
 * gap free: when the range reaches into it, search again below the guard
 * (Linux's retry), which is the gap clipped to vm_start_gap().
 */
static u64 unmapped_area_topdown(struct mm_struct *mm,
				 struct vm_unmapped_area_info *info, u64 need,
				 u64 high)
{
	MA_STATE(mas, &mm->mm_mt, 0, 0);
	struct vm_area_struct *next;
	u64 addr, last;

	for (;;) {
		if (high <= info->low_limit ||
		    mas_empty_area_rev(&mas, info->low_limit, high - 1, need))
			return -(u64)ENOMEM;
		last = mas.last;
		addr = last + 1 - info->length;
		addr -= (addr - info->align_offset) & info->align_mask;
		next = mas_next(&mas, U64_MAX);
		if (!next || vm_start_gap(next) > last)
			return addr;
		/*
		 * SIM: Linux retries below vm_start_gap() even when the
		 * guard reaches past the gap's lower neighbour, which skips
		 * the gaps under that neighbour; here, as Linux <= 6.0's
		 * vma_compute_gap(), the guard only eats its own gap.
		 */
		high = vm_start_gap(next);
		if (next->vm_prev && high < vm_end_gap(next->vm_prev))
			high = vm_end_gap(next->vm_prev);
		mas_reset(&mas);
	}
}

/*
 * unmapped_area(): the lowest free range of @need bytes at or above
 * low_limit (mas_empty_area). A gap whose top a stack guard takes is
 * skipped whole: the search starts again above that stack.
 */
static u64 unmapped_area(struct mm_struct *mm,
			 struct vm_unmapped_area_info *info, u64 need,
			 u64 high)
{
	MA_STATE(mas, &mm->mm_mt, 0, 0);
	u64 low = info->low_limit, addr, last;
	struct vm_area_struct *next;

	for (;;) {
		if (high <= low || mas_empty_area(&mas, low, high - 1, need))
			return -(u64)ENOMEM;
		addr = mas.index;
		addr += (info->align_offset - addr) & info->align_mask;
		last = mas.last;
		next = mas_next(&mas, U64_MAX);
		if (!next || vm_start_gap(next) > last)
			return addr;
		low = next->vm_end;
		mas_reset(&mas);
	}
}

/**
 * vm_unmapped_area - find a free range of @info->length bytes
 * @mm: the address space
 * @info: length, limits, alignment and VM_UNMAPPED_AREA_TOPDOWN
 *
 * Top-down: the highest fit below high_limit (and the task size);
 * bottom-up: the lowest above low_limit. A range must hold length plus
 * align_mask, so the answer does not depend on alignment luck. Stack
 * guard gaps count as used. Emits mmap:vm_unmapped_area.
 *
 * Return: the address, or -ENOMEM.
 */
u64 vm_unmapped_area(struct mm_struct *mm, struct vm_unmapped_area_info *info)
{
	u64 need = info->length + info->align_mask, addr = -(u64)ENOMEM;
	u64 high = info->high_limit < mm_task_size(mm) ? info->high_limit :
						       mm_task_size(mm);

	if (need < info->length || !info->length)
		goto out;
	if (info->flags & VM_UNMAPPED_AREA_TOPDOWN)
		addr = unmapped_area_topdown(mm, info, need, high);
	else
		addr = unmapped_area(mm, info, need, high);
out:
	trace_event(current_machine(), "mmap:vm_unmapped_area",
		    TF_X("addr", addr), TF_X("total_vm", mm->total_vm),
		    TF_X("flags", info->flags), TF_X("length", info->length),
		    TF_X("low_limit", info->low_limit),
		    TF_X("high_limit", info->high_limit),
		    TF_X("align_mask", info->align_mask),
		    TF_X("align_offset", info->align_offset));
	return addr;
}

/**
 * get_unmapped_area - choose where a new mapping goes
 * @mm: the address space
 * @addr: hint, or the address for MAP_FIXED
 * @len: length, page aligned
 * @pgoff: page offset (alignment colour; unused for anonymous memory)
 * @flags: MAP_* flags
 *
 * arch_get_unmapped_area_topdown(): MAP_FIXED is taken as it is; a free
 * hint above mmap_min_addr is honoured; otherwise top-down from
 * mmap_base, falling back to bottom-up from TASK_UNMAPPED_BASE (a third
 * of TASK_SIZE). The legacy layout (mm->mmap_legacy) searches bottom-up
 * from mmap_base, as arch_get_unmapped_area().
 *
 * Return: the address, or -ENOMEM / -EINVAL.
 */
u64 get_unmapped_area(struct mm_struct *mm, u64 addr, u64 len, u64 pgoff,
		      unsigned long flags)
{
	u64 task_size = mm_task_size(mm);
	struct vm_unmapped_area_info info = { 0 };
	struct vm_area_struct *vma, *prev;

	(void)pgoff;
	if (len > task_size)
		return -(u64)ENOMEM;
	if (flags & MAP_FIXED) {
		if (addr > task_size - len)
			return -(u64)ENOMEM;
		return addr & ~PAGE_MASK ? -(u64)EINVAL : addr;
	}
	if (addr) {
		addr = PAGE_ALIGN(addr);
		vma = find_vma_prev(mm, addr, &prev);
		if (addr && task_size - len >= addr &&
		    addr >= mmap_min_addr() &&
		    (!vma || addr + len <= vm_start_gap(vma)) &&
		    (!prev || addr >= vm_end_gap(prev)))
			return addr;
	}
	info.length = len;
	if (mm->mmap_legacy) {
		/* arch_get_unmapped_area(): bottom-up from mmap_base. */
		info.low_limit = mm->mmap_base;
		info.high_limit = task_size;
		return vm_unmapped_area(mm, &info);
	}
	info.flags = VM_UNMAPPED_AREA_TOPDOWN;
	info.low_limit = PAGE_SIZE > mmap_min_addr() ? PAGE_SIZE :
			 mmap_min_addr();
	info.high_limit = mm->mmap_base;
	addr = vm_unmapped_area(mm, &info);
	if (addr & ~PAGE_MASK) {
		/* A full top half: bottom-up from TASK_UNMAPPED_BASE. */
		info.flags = 0;
		info.low_limit = PAGE_ALIGN(task_size / 3);
		info.high_limit = task_size;
		addr = vm_unmapped_area(mm, &info);
	}
	return addr;
}

/* calc_vm_prot_bits() | calc_vm_flag_bits(). */
static unsigned long mmap_vm_flags(unsigned long prot, unsigned long flags)
{
	unsigned long vm = 0;

	if (prot & PROT_READ)
		vm |= VM_READ;
	if (prot & PROT_WRITE)
		vm |= VM_WRITE;
	if (prot & PROT_EXEC)
		vm |= VM_EXEC;
	if (flags & MAP_GROWSDOWN)
		vm |= VM_GROWSDOWN;
	if (flags & MAP_LOCKED)
		vm |= VM_LOCKED;
	return vm | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
}

/**
 * mmap_region - map [@addr, @addr+@len) with @vm_flags, replacing what
 * was there
 * @mm: the address space
 * @addr: page-aligned start
 * @len: page-aligned length
 * @vm_flags: the VMA flags
 * @pgoff: page offset
 * @file: the mapped file, or NULL
 *
 * Extends a neighbour when vma_merge() can (the same file, or none, and
 * contiguous pages), else links a new VMA (a file VMA takes a reference
 * to @file and joins its i_mmap in vma_link()).
 *
 * Return: @addr, or -ENOMEM.
 */
static u64 mmap_region(struct mm_struct *mm, u64 addr, u64 len,
		       unsigned long vm_flags, unsigned long pgoff,
		       struct file *file)
{
	struct vm_area_struct *vma, *prev;
	unsigned long pages = len >> PAGE_SHIFT;
	int ret;

	/* Pages the range already maps are replaced, not added. */
	if (!may_expand_vm(mm, vm_flags, pages) &&
	    !may_expand_vm(mm, vm_flags,
			   pages - count_vma_pages_range(mm, addr, addr + len)))
		return -(u64)ENOMEM;
	ret = do_munmap(mm, addr, len);
	if (ret)
		return (u64)(s64)ret;
	/*
	 * accountable_mapping(): private writable memory is committed
	 * (Committed_AS) unless MAP_NORESERVE. SIM: overcommit mode 0's
	 * heuristic never refuses a mapping smaller than RAM, so there is
	 * no __vm_enough_memory() check.
	 */
	if ((vm_flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE)
		vm_flags |= VM_ACCOUNT;
	find_vma_prev(mm, addr, &prev);
	if (mm->map_count >= sysctl_max_map_count)
		return -(u64)ENOMEM;
	/*
	 * Shared anonymous memory is a shmem file of its own per mapping in
	 * Linux: it never merges. Private anonymous memory and files do.
	 */
	vma = (vm_flags & VM_SHARED) && !file ? NULL :
	      vma_merge(mm, prev, addr, addr + len, vm_flags, NULL, pgoff,
			file);
	if (!vma) {
		vma = vm_area_alloc(mm);
		if (!vma)
			return -(u64)ENOMEM;
		vma->vm_start = addr;
		vma->vm_end = addr + len;
		vma->vm_flags = vm_flags;
		vma->vm_pgoff = pgoff;
		vma->vm_file = file ? get_file(file) : NULL;
		vma_set_page_prot(vma);
		vma_link(mm, vma);
	}
	vm_stat_account(mm, vm_flags, (long)(len >> PAGE_SHIFT));
	return addr;
}

/**
 * do_mmap - mmap(2) of anonymous memory
 * @mm: the address space
 * @addr: hint or fixed address
 * @len: length in bytes
 * @prot: PROT_* bits
 * @flags: MAP_* flags; without MAP_ANONYMOUS -EBADF (no file)
 * @pgoff: offset in pages (ignored for anonymous memory)
 *
 * SIM: Linux's do_mmap() takes the file first; do_mmap_file() is that
 * function, this is its call without a file.
 *
 * Return: the address, or a negative errno.
 */
u64 do_mmap(struct mm_struct *mm, u64 addr, u64 len, unsigned long prot,
	    unsigned long flags, u64 pgoff)
{
	return do_mmap_file(NULL, mm, addr, len, prot, flags, pgoff);
}

/*
 * do_mmap()'s file checks: only regular files map (-ENODEV, a
 * filesystem's missing ->mmap); every mapping needs the file open for
 * reading and a shared writable one for writing (-EACCES). A shared
 * mapping of a read-only file may never become writable (no
 * VM_MAYWRITE).
 */
static int mmap_file_flags(struct file *file, unsigned long prot,
			   unsigned long flags, unsigned long *vm_flags)
{
	if (!S_ISREG(file->f_inode->i_mode))
		return -ENODEV;
	if (!(file->f_mode & FMODE_READ))
		return -EACCES;
	if ((flags & MAP_TYPE) != MAP_PRIVATE) {
		if ((prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE))
			return -EACCES;
		*vm_flags |= VM_SHARED | VM_MAYSHARE;
		if (!(file->f_mode & FMODE_WRITE))
			*vm_flags &= ~(VM_MAYWRITE | VM_SHARED);
	}
	return 0;
}

/**
 * do_mmap_file - mmap(2) (Linux's do_mmap)
 * @file: the file to map, or NULL for anonymous memory (MAP_ANONYMOUS)
 * @mm: the address space
 * @addr: hint or fixed address
 * @len: length in bytes
 * @prot: PROT_* bits
 * @flags: MAP_* flags; MAP_ANONYMOUS is ignored with a file
 * @pgoff: offset in the file, in pages (ignored for anonymous memory)
 *
 * Linux's checks in its order (ksys_mmap_pgoff, do_mmap): no file and no
 * MAP_ANONYMOUS (-EBADF), the mapping type (-EINVAL; MAP_SHARED_VALIDATE
 * with an unknown flag -EOPNOTSUPP), a zero or overflowing length
 * (-EINVAL / -ENOMEM / -EOVERFLOW), too many VMAs (-ENOMEM), MAP_FIXED
 * below mmap_min_addr (-EPERM), an occupied MAP_FIXED_NOREPLACE range
 * (-EEXIST), the file's type and open mode (-ENODEV, -EACCES).
 * MAP_POPULATE and MAP_LOCKED fault the range in.
 *
 * Return: the address, or a negative errno.
 */
u64 do_mmap_file(struct file *file, struct mm_struct *mm, u64 addr, u64 len,
		 unsigned long prot, unsigned long flags, u64 pgoff)
{
	unsigned long vm_flags;
	u64 ret;
	int err;

	switch (flags & MAP_TYPE) {
	case MAP_SHARED_VALIDATE:
		if (flags & ~(unsigned long)LEGACY_MAP_MASK &
		    ~(unsigned long)(MAP_FIXED_NOREPLACE | MAP_SYNC))
			return -(u64)EOPNOTSUPP;
		/* fallthrough */
	case MAP_SHARED:
	case MAP_PRIVATE:
		break;
	default:
		return -(u64)EINVAL;
	}
	if (file)
		flags &= ~(unsigned long)MAP_ANONYMOUS;
	else if (!(flags & MAP_ANONYMOUS))
		return -(u64)EBADF;	/* fget() of no file */
	if (!len)
		return -(u64)EINVAL;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	if (!(flags & MAP_FIXED) && addr < mmap_min_addr())
		addr = PAGE_ALIGN(addr) < mmap_min_addr() ? 0 : addr;
	len = PAGE_ALIGN(len);
	if (!len)
		return -(u64)ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -(u64)EOVERFLOW;
	if (mm->map_count > sysctl_max_map_count)
		return -(u64)ENOMEM;
	addr = get_unmapped_area(mm, addr, len, pgoff, flags);
	if (addr & ~PAGE_MASK)
		return addr;
	if ((flags & MAP_FIXED) && addr < mmap_min_addr())
		return -(u64)EPERM;	/* security_mmap_addr() */
	if ((flags & MAP_FIXED_NOREPLACE) &&
	    find_vma_intersection(mm, addr, addr + len))
		return -(u64)EEXIST;
	vm_flags = mmap_vm_flags(prot, flags) | mm->def_flags;
	/* can_do_mlock(), then mlock_future_ok(). */
	if ((flags & MAP_LOCKED) && !mm_rlimit(mm, RLIMIT_MEMLOCK))
		return -(u64)EPERM;
	if (!mlock_future_ok(mm, vm_flags, len))
		return -(u64)EAGAIN;
	if (file) {
		err = mmap_file_flags(file, prot, flags, &vm_flags);
		if (err)
			return (u64)(s64)err;
	} else if ((flags & MAP_TYPE) == MAP_PRIVATE) {
		pgoff = addr >> PAGE_SHIFT;
	} else {
		vm_flags |= VM_SHARED | VM_MAYSHARE;
		pgoff = 0;
	}
	if (flags & MAP_NORESERVE)
		vm_flags |= VM_NORESERVE;
	ret = mmap_region(mm, addr, len, vm_flags, (unsigned long)pgoff, file);
	if (!(ret & ~PAGE_MASK) &&
	    ((vm_flags & VM_LOCKED) ||
	     (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE))
		mm_populate(mm, addr, len);
	return ret;
}

/**
 * do_munmap - munmap(2)
 * @mm: the address space
 * @start: page-aligned start
 * @len: length (rounded up to pages)
 *
 * Splits the VMAs at both ends, then unmaps and frees the VMAs inside
 * (do_vmi_align_munmap). A range with nothing mapped is fine.
 *
 * Return: 0, or -EINVAL (unaligned, empty, beyond TASK_SIZE) / -ENOMEM
 * (a split past sysctl_max_map_count).
 */
int do_munmap(struct mm_struct *mm, u64 start, u64 len)
{
	u64 task_size = mm_task_size(mm), end;
	struct vm_area_struct *vma, *next;
	int ret;

	if ((start & ~PAGE_MASK) || start > task_size ||
	    len > task_size - start)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (!len)
		return -EINVAL;
	vma = find_vma(mm, start);
	if (!vma || vma->vm_start >= end)
		return 0;
	if (start > vma->vm_start) {
		/* Splitting both ends of one VMA makes two more VMAs. */
		if (end < vma->vm_end &&
		    mm->map_count >= sysctl_max_map_count)
			return -ENOMEM;
		ret = split_vma(mm, vma, start, 0);
		if (ret)
			return ret;
		vma = vma->vm_next;
	}
	for (; vma && vma->vm_start < end; vma = next) {
		if (vma->vm_end > end) {
			ret = split_vma(mm, vma, end, 1);
			if (ret)
				return ret;
			vma = vma->vm_prev;	/* the part below end */
		}
		next = vma->vm_next;
		zap_page_range(vma, vma->vm_start, vma->vm_end);
		vm_stat_account(mm, vma->vm_flags,
				-(long)((vma->vm_end - vma->vm_start) >>
					PAGE_SHIFT));
		vma_unlink(mm, vma);
		vm_area_free(vma);
	}
	return 0;
}

/* do_brk_flags(): extend the heap VMA or add one at [addr, addr+len). */
static int do_brk_flags(struct mm_struct *mm, u64 addr, u64 len)
{
	unsigned long flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE |
			      VM_MAYEXEC | VM_ACCOUNT | mm->def_flags;
	struct vm_area_struct *prev;

	if (find_vma_intersection(mm, addr, addr + len))
		return -ENOMEM;
	find_vma_prev(mm, addr, &prev);
	return mmap_region(mm, addr, len, flags, addr >> PAGE_SHIFT, NULL) &
	       ~PAGE_MASK ?
	       -ENOMEM : 0;
}

/**
 * do_brk - brk(2)
 * @mm: the address space
 * @brk: the new program break (0 or anything below start_brk: a query)
 *
 * Shrinking unmaps the pages above the new break; growing extends the
 * heap VMA unless it would come within a page of the next mapping
 * (including a stack's guard gap). Like Linux, failure is not an errno:
 * the old break comes back.
 *
 * Return: the program break after the call.
 */
u64 do_brk(struct mm_struct *mm, u64 brk)
{
	u64 newbrk, oldbrk, min_brk = mm->brk_randomized ? mm->start_brk :
							  mm->end_data;
	struct vm_area_struct *next;

	u64 rlim = mm_rlimit(mm, RLIMIT_DATA);

	if (brk < min_brk || brk > mm_task_size(mm))
		return mm->brk;
	/* check_data_rlimit(): the heap and the data segment together. */
	if (rlim != RLIM_INFINITY &&
	    (brk - mm->start_brk) + (mm->end_data - mm->start_data) > rlim)
		return mm->brk;
	newbrk = PAGE_ALIGN(brk);
	oldbrk = PAGE_ALIGN(mm->brk);
	if (oldbrk == newbrk) {
		mm->brk = brk;
		return brk;
	}
	if (brk <= mm->brk) {
		if (do_munmap(mm, newbrk, oldbrk - newbrk))
			return mm->brk;
		mm->brk = brk;
		return brk;
	}
	next = find_vma(mm, oldbrk);
	if (next && newbrk + PAGE_SIZE > vm_start_gap(next))
		return mm->brk;
	if (do_brk_flags(mm, oldbrk, newbrk - oldbrk))
		return mm->brk;
	mm->brk = brk;
	return brk;
}

/**
 * expand_stack - grow a VM_GROWSDOWN VMA down to @address
 * @vma: the stack VMA
 * @address: the faulting address below vm_start
 *
 * expand_downwards() with acct_stack_growth(): the stack may not exceed
 * RLIMIT_STACK (its owner's current soft limit), RLIMIT_AS, nor
 * (VM_LOCKED) RLIMIT_MEMLOCK, nor come within stack_guard_gap of the mapping below (an
 * accessible one), nor go below mmap_min_addr.
 *
 * Return: 0, -ENOMEM or -EPERM.
 */
int expand_stack(struct vm_area_struct *vma, u64 address)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *prev = vma->vm_prev;
	u64 grow;

	address &= PAGE_MASK;
	if (!(vma->vm_flags & VM_GROWSDOWN) || address >= vma->vm_start)
		return address >= vma->vm_start ? 0 : -EFAULT;
	if (address < mmap_min_addr())
		return -EPERM;
	if (prev && !(prev->vm_flags & VM_GROWSDOWN) &&
	    (prev->vm_flags & VM_ACCESS_FLAGS) &&
	    (address < prev->vm_end ||
	     address - prev->vm_end < stack_guard_gap))
		return -ENOMEM;
	/* acct_stack_growth() */
	grow = (vma->vm_start - address) >> PAGE_SHIFT;
	if (!may_expand_vm(mm, vma->vm_flags, grow))
		return -ENOMEM;
	if (vma->vm_end - address > mm_rlimit(mm, RLIMIT_STACK))
		return -ENOMEM;
	if (!mlock_future_ok(mm, vma->vm_flags, grow << PAGE_SHIFT))
		return -ENOMEM;
	if (vma->vm_file)	/* a new range moves it in i_mmap */
		vma_interval_tree_remove(vma, &vma->vm_file->f_mapping->i_mmap);
	vma->vm_start = address;
	vma_tree_update(vma, address + (grow << PAGE_SHIFT), vma->vm_end);
	vma->vm_pgoff -= grow;
	if (vma->vm_file)
		vma_interval_tree_insert(vma, &vma->vm_file->f_mapping->i_mmap);
	vm_stat_account(mm, vma->vm_flags, (long)grow);
	return 0;
}

/**
 * mm_populate - fault in [@start, @start+@len) (__mm_populate)
 * @mm: the address space
 * @start: page-aligned start
 * @len: length
 *
 * As get_user_pages with FOLL_POPULATE: a write fault for private
 * writable VMAs (so each page is the process's own), a read fault
 * otherwise; inaccessible VMAs and holes are skipped.
 *
 * Return: 0, or -ENOMEM when a fault ran out of memory.
 */
int mm_populate(struct mm_struct *mm, u64 start, u64 len)
{
	u64 end = start + len;

	for (u64 a = start; a < end; a += PAGE_SIZE) {
		struct vm_area_struct *vma = vma_lookup(mm, a);
		unsigned int flags = 0;

		if (!vma || !(vma->vm_flags & VM_ACCESS_FLAGS))
			continue;
		if ((vma->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE)
			flags |= FAULT_FLAG_WRITE;
		if (handle_mm_fault(vma, a, flags) & VM_FAULT_OOM)
			return -ENOMEM;
	}
	return 0;
}

/**
 * exit_mmap - tear down every VMA of @mm
 * @mm: the address space of an exiting process (or a failed fork)
 *
 * Unmaps every page and frees every VMA; the page tables go with
 * pgd_free() when the mm is dropped.
 */
void exit_mmap(struct mm_struct *mm)
{
	while (mm->mmap) {
		struct vm_area_struct *vma = mm->mmap;

		zap_page_range(vma, vma->vm_start, vma->vm_end);
		vm_stat_account(mm, vma->vm_flags,
				-(long)((vma->vm_end - vma->vm_start) >>
					PAGE_SHIFT));
		vma_unlink(mm, vma);
		vm_area_free(vma);
	}
	mtree_destroy(&mm->mm_mt);	/* __mt_destroy(): the spare nodes */
}
