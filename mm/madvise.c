// SPDX-License-Identifier: GPL-2.0
/*
 * madvise(2), as mm/madvise.c: MADV_DONTNEED zaps the range (the next
 * touch faults in a zero-filled page), MADV_FREE marks private pages
 * lazily freeable (clean, PG_swapbacked cleared: smaps' LazyFree),
 * MADV_WILLNEED, MADV_POPULATE_READ/WRITE, and the advice that only
 * changes VMA flags (RANDOM, SEQUENTIAL, DONTFORK, DOFORK, WIPEONFORK,
 * KEEPONFORK, DONTDUMP, DODUMP), splitting and merging VMAs as Linux.
 *
 * SIM: there is no reclaim, so MADV_FREE pages stay until munmap or
 * exit (as in Linux without memory pressure), and MADV_COLD / PAGEOUT /
 * MERGEABLE / HUGEPAGE and friends are accepted and do nothing. Shared
 * anonymous memory is shmem in Linux, whose pages survive DONTNEED; here
 * DONTNEED leaves a shared range mapped.
 */
#include <string.h>
#include <strings.h>

#include <mmsim/mm.h>
#include <mmsim/page-flags.h>

static const struct { const char *name; int advice; } madv_names[] = {
	{ "normal", MADV_NORMAL }, { "random", MADV_RANDOM },
	{ "sequential", MADV_SEQUENTIAL }, { "willneed", MADV_WILLNEED },
	{ "dontneed", MADV_DONTNEED }, { "free", MADV_FREE },
	{ "remove", MADV_REMOVE }, { "dontfork", MADV_DONTFORK },
	{ "dofork", MADV_DOFORK }, { "mergeable", MADV_MERGEABLE },
	{ "unmergeable", MADV_UNMERGEABLE }, { "hugepage", MADV_HUGEPAGE },
	{ "nohugepage", MADV_NOHUGEPAGE }, { "dontdump", MADV_DONTDUMP },
	{ "dodump", MADV_DODUMP }, { "wipeonfork", MADV_WIPEONFORK },
	{ "keeponfork", MADV_KEEPONFORK }, { "cold", MADV_COLD },
	{ "pageout", MADV_PAGEOUT }, { "populate_read", MADV_POPULATE_READ },
	{ "populate_write", MADV_POPULATE_WRITE },
	{ "dontneed_locked", MADV_DONTNEED_LOCKED },
	{ "collapse", MADV_COLLAPSE }, { "hwpoison", MADV_HWPOISON },
	{ "soft_offline", MADV_SOFT_OFFLINE },
};

/**
 * madvise_by_name - the number of an advice
 * @name: "dontneed", "MADV_DONTNEED" (any case)
 *
 * Return: MADV_*, or -1.
 */
int madvise_by_name(const char *name)
{
	if (!strncasecmp(name, "madv_", 5))
		name += 5;
	for (size_t i = 0; i < ARRAY_SIZE(madv_names); i++)
		if (!strcasecmp(name, madv_names[i].name))
			return madv_names[i].advice;
	return -1;
}

/* madvise_behavior_valid() */
static bool madvise_behavior_valid(int behavior)
{
	for (size_t i = 0; i < ARRAY_SIZE(madv_names); i++)
		if (madv_names[i].advice == behavior)
			return true;
	return false;
}

/* madvise_free_pte_range() for one entry of an exclusive page. */
static int free_one(pte_t *ptep, u64 addr, void *data)
{
	struct vm_area_struct *vma = data;
	pte_t pte = ptep_get(ptep);
	struct page *page;

	if (!pte_present(pte) || pte_pfn(pte) == zero_pfn())
		return 0;
	page = pfn_to_page(pte_pfn(pte));
	if (page_mapcount(page) != 1)
		return 0;	/* shared with a fork: left alone */
	ClearPageDirty(page);
	ClearPageSwapBacked(page);	/* folio_mark_lazyfree() */
	set_pte_at(vma->vm_mm, addr, ptep, pte_mkold(pte_mkclean(pte)));
	return 0;
}

/* The VMA flags an advice sets or clears, or false if it sets none. */
static bool madvise_new_flags(int behavior, unsigned long *flags)
{
	unsigned long f = *flags;

	switch (behavior) {
	case MADV_NORMAL: f &= ~(VM_RAND_READ | VM_SEQ_READ); break;
	case MADV_RANDOM: f = (f & ~VM_SEQ_READ) | VM_RAND_READ; break;
	case MADV_SEQUENTIAL: f = (f & ~VM_RAND_READ) | VM_SEQ_READ; break;
	case MADV_DONTFORK: f |= VM_DONTCOPY; break;
	case MADV_DOFORK: f &= ~VM_DONTCOPY; break;
	case MADV_WIPEONFORK: f |= VM_WIPEONFORK; break;
	case MADV_KEEPONFORK: f &= ~VM_WIPEONFORK; break;
	case MADV_DONTDUMP: f |= VM_DONTDUMP; break;
	case MADV_DODUMP: f &= ~VM_DONTDUMP; break;
	default: return false;
	}
	*flags = f;
	return true;
}

/* madvise_vma_behavior(): apply @behavior to [start, end) of @vma. */
static int madvise_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		       u64 start, u64 end, int behavior)
{
	unsigned long flags = vma->vm_flags;
	bool anon_private = !(vma->vm_flags & VM_SHARED) && !vma->vm_file;

	switch (behavior) {
	case MADV_DONTNEED:
	case MADV_DONTNEED_LOCKED:
		/* madvise_dontneed_free_valid_vma(), can_madv_lru_vma() */
		if (behavior == MADV_DONTNEED && (vma->vm_flags & VM_LOCKED))
			return -EINVAL;
		/* A file mapping's pages come back from the page cache. */
		if (anon_private || vma->vm_file)
			zap_page_range(vma, start, end);
		return 0;
	case MADV_FREE:
		if ((vma->vm_flags & VM_LOCKED) || !anon_private)
			return -EINVAL;
		walk_existing_ptes(mm, start, end, free_one, vma);
		flush_tlb_mm_range(mm, start, end, PAGE_SHIFT, false);
		return 0;
	case MADV_REMOVE:
		/* Only for shared (shmem) mappings. */
		if (anon_private)
			return -EINVAL;
		return 0;
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
		if (!(vma->vm_flags & (behavior == MADV_POPULATE_WRITE ?
				       VM_WRITE : VM_READ)))
			return -EINVAL;
		for (u64 a = start; a < end; a += PAGE_SIZE)
			if (handle_mm_fault(vma, a, behavior ==
					    MADV_POPULATE_WRITE ?
					    FAULT_FLAG_WRITE : 0) &
			    VM_FAULT_ERROR)
				return -ENOMEM;
		return 0;
	case MADV_WIPEONFORK:
	case MADV_KEEPONFORK:
		if (!anon_private)
			return -EINVAL;
		break;
	case MADV_DONTFORK:
		break;
	default:
		break;
	}
	if (!madvise_new_flags(behavior, &flags))
		return 0;	/* WILLNEED, COLD, ... : a hint, nothing to do */
	return vma_modify_flags(mm, vma, start, end, flags) ? 0 : -ENOMEM;
}

/**
 * do_madvise - madvise(2)
 * @mm: the address space
 * @start: page-aligned start
 * @len_in: length (rounded up to pages)
 * @behavior: MADV_*
 *
 * Linux's checks: an unknown advice, an unaligned start, a length that
 * rounds to 0 from a huge value, or a wrapping range are -EINVAL; a zero
 * length does nothing; MADV_HWPOISON and MADV_SOFT_OFFLINE need
 * CAP_SYS_ADMIN (-EPERM). The advice is applied to every VMA of the
 * range; holes make the call return -ENOMEM afterwards, as Linux's
 * madvise_walk_vmas() does. DONTNEED and FREE on a locked VMA are
 * -EINVAL.
 *
 * Return: 0 or a negative errno.
 */
int do_madvise(struct mm_struct *mm, u64 start, u64 len_in, int behavior)
{
	struct vm_area_struct *vma;
	int unmapped_error = 0, ret;
	u64 len, end;

	if (!madvise_behavior_valid(behavior))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	len = PAGE_ALIGN(len_in);
	if (len_in && !len)
		return -EINVAL;
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (behavior == MADV_HWPOISON || behavior == MADV_SOFT_OFFLINE)
		return -EPERM;
	if (end == start)
		return 0;
	vma = find_vma(mm, start);
	for (;;) {
		u64 tmp;

		if (!vma)
			return -ENOMEM;
		if (start < vma->vm_start) {
			unmapped_error = -ENOMEM;
			start = vma->vm_start;
			if (start >= end)
				break;
		}
		tmp = vma->vm_end < end ? vma->vm_end : end;
		ret = madvise_vma(mm, vma, start, tmp, behavior);
		if (ret)
			return ret;
		start = tmp;
		if (start >= end)
			break;
		vma = find_vma(mm, start);
	}
	return unmapped_error;
}
