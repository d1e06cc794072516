// SPDX-License-Identifier: GPL-2.0
/*
 * mincore(2), as mm/mincore.c: one byte per page, bit 0 set when the
 * page is resident. For anonymous memory that is "has a present PTE"
 * (the shared zero page counts, as in Linux); no swap cache, no page
 * cache yet.
 */
#include <string.h>

#include <mmsim/mm.h>

struct mincore_ctx {
	u64 start;
	unsigned char *vec;
};

static int mincore_one(pte_t *ptep, u64 addr, void *data)
{
	struct mincore_ctx *c = data;

	if (pte_present(ptep_get(ptep)))
		c->vec[(addr - c->start) >> PAGE_SHIFT] = 1;
	return 0;
}

/**
 * do_mincore - mincore(2)
 * @mm: the address space
 * @start: page-aligned start
 * @len: length; the last partial page counts
 * @vec: one byte per page, filled
 *
 * -EINVAL for an unaligned start, -ENOMEM for a range beyond TASK_SIZE
 * or one with an unmapped page (the bytes before it are filled, as
 * Linux copies each chunk out before looking at the next VMA).
 *
 * Return: 0 or a negative errno.
 */
int do_mincore(struct mm_struct *mm, u64 start, u64 len, unsigned char *vec)
{
	u64 pages = (len >> PAGE_SHIFT) + ((len & ~PAGE_MASK) != 0);
	u64 end, addr;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (len > mm_task_size(mm) || start > mm_task_size(mm) - len)
		return -ENOMEM;		/* !access_ok() */
	end = start + (pages << PAGE_SHIFT);
	memset(vec, 0, pages);
	for (addr = start; addr < end;) {
		struct vm_area_struct *vma = vma_lookup(mm, addr);
		struct mincore_ctx c = { .start = start, .vec = vec };
		u64 e;

		if (!vma)
			return -ENOMEM;
		e = vma->vm_end < end ? vma->vm_end : end;
		walk_existing_ptes(mm, addr, e, mincore_one, &c);
		addr = e;
	}
	return 0;
}
