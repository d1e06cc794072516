// SPDX-License-Identifier: GPL-2.0
/*
 * Anonymous reverse mapping, the part COW and the checker need: anon_vma
 * (mm/rmap.c anon_vma_prepare, unlink_anon_vmas), page->mapping with the
 * PAGE_MAPPING_ANON bit, page_add_new_anon_rmap / page_dup_rmap /
 * page_remove_rmap with the mapcount and NR_ANON_PAGES, put_page, the
 * per-mm RSS counters, and the shared zero page (ZERO_PAGE).
 *
 * SIM: one anon_vma per fork tree: a child's VMAs share their parent's
 * (Linux gives each its own, chained by anon_vma_chain, so that rmap
 * walks stay short). Nothing here walks the rmap yet (no reclaim), so
 * the chain would only be bookkeeping.
 */
#include <stdlib.h>
#include <string.h>

#include <mmsim/gfp.h>
#include <mmsim/mm.h>
#include <mmsim/slab.h>
#include <mmsim/vmstat.h>

#define PAGE_MAPPING_ANON	1UL

/**
 * zero_page - the shared zero page (ZERO_PAGE(0))
 *
 * Read faults on anonymous memory map it read-only; it is never counted
 * in a mapcount or an RSS (a "special" PTE in Linux's vm_normal_page()).
 *
 * Return: its struct page.
 */
struct page *zero_page(void)
{
	return current_machine()->procs->zero_page;
}

/**
 * zero_pfn - the pfn of zero_page()
 *
 * Return: the pfn.
 */
unsigned long zero_pfn(void)
{
	return page_to_pfn(zero_page());
}

/**
 * anon_vma_prepare - give @vma an anon_vma before its first page
 * @vma: the VMA
 *
 * Return: 0, or -ENOMEM.
 */
int anon_vma_prepare(struct vm_area_struct *vma)
{
	struct anon_vma *av;

	if (vma->anon_vma)
		return 0;
	/* find_mergeable_anon_vma(): a touching neighbour's. */
	if (vma->vm_prev && vma->vm_prev->anon_vma &&
	    vma->vm_prev->vm_end == vma->vm_start &&
	    vma->vm_prev->vm_flags == vma->vm_flags)
		av = vma->vm_prev->anon_vma;
	else if (vma->vm_next && vma->vm_next->anon_vma &&
		 vma->vm_next->vm_start == vma->vm_end &&
		 vma->vm_next->vm_flags == vma->vm_flags)
		av = vma->vm_next->anon_vma;
	else
		av = NULL;
	if (!av) {
		av = calloc(1, sizeof(*av));
		if (!av)
			return -ENOMEM;
		av->root = av;
	}
	av->refcount++;
	vma->anon_vma = av;
	return 0;
}

/**
 * unlink_anon_vmas - drop @vma's reference to its anon_vma
 * @vma: the VMA being freed
 *
 * The anon_vma is freed with its last VMA and its last page.
 */
void unlink_anon_vmas(struct vm_area_struct *vma)
{
	struct anon_vma *av = vma->anon_vma;

	vma->anon_vma = NULL;
	if (av && --av->refcount == 0 && !av->nr_pages)
		free(av);
}

/**
 * page_add_new_anon_rmap - map a fresh anonymous page for the first time
 * @page: the page (refcount 1, not mapped)
 * @vma: the VMA it is mapped in
 * @address: where
 *
 * Sets page->mapping to the anon_vma with PAGE_MAPPING_ANON,
 * page->index to its linear page index, the mapcount to 1 and counts it
 * in NR_ANON_PAGES.
 */
void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
			    u64 address)
{
	page->mapping = (void *)((unsigned long)vma->anon_vma |
				 PAGE_MAPPING_ANON);
	page->index = vma->vm_pgoff +
		      ((address - vma->vm_start) >> PAGE_SHIFT);
	page->_mapcount = 1;	/* SIM: counts from 0 (mm_types.h) */
	SetPageSwapBacked(page);	/* cleared by MADV_FREE: lazyfree */
	vma->anon_vma->nr_pages++;
	__mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_ANON_PAGES, 1);
}

/**
 * page_dup_rmap - one more PTE maps @page (fork)
 * @page: an anonymous page
 */
void page_dup_rmap(struct page *page)
{
	page->_mapcount++;
}

/**
 * page_remove_rmap - one PTE less maps @page
 * @page: an anonymous or page-cache page
 *
 * The last unmap takes it out of NR_ANON_PAGES (anonymous) or
 * NR_FILE_MAPPED (a file page, mm/rmap_file.c).
 */
void page_remove_rmap(struct page *page)
{
	if (--page->_mapcount == 0)
		__mod_node_page_state(NODE_DATA(page_to_nid(page)),
				      PageAnon(page) ? NR_ANON_PAGES :
				      NR_MAPPED, -1);
}

/**
 * put_page - drop a reference; the last one frees the page
 * @page: the page
 *
 * An anonymous page leaves its anon_vma (which goes with its last page
 * and VMA) and its mapping is cleared before it returns to the buddy
 * allocator, as free_pages_prepare() expects.
 */
void put_page(struct page *page)
{
	struct anon_vma *av;

	if (!page_ref_dec_and_test(page))
		return;
	if (PageAnon(page)) {
		av = (struct anon_vma *)((unsigned long)page->mapping &
					 ~PAGE_MAPPING_ANON);
		if (--av->nr_pages == 0 && !av->refcount)
			free(av);
	}
	page->mapping = NULL;
	page->index = 0;
	ClearPageSwapBacked(page);
	ClearPageDirty(page);
	set_page_count(page, 1);	/* __free_pages drops the last ref */
	__free_pages(page, 0);
}

/**
 * add_mm_counter - change one of @mm's RSS counters
 * @mm: the address space
 * @member: MM_FILEPAGES, MM_ANONPAGES, ...
 * @value: pages added (negative: removed)
 *
 * Also raises hiwater_rss (VmHWM).
 */
void add_mm_counter(struct mm_struct *mm, int member, long value)
{
	unsigned long rss;

	mm->rss_stat[member] += value;
	rss = get_mm_rss(mm);
	if (rss > mm->hiwater_rss)
		mm->hiwater_rss = rss;
}

/**
 * get_mm_rss - resident pages of @mm
 * @mm: the address space
 *
 * Return: file + anonymous + shmem pages.
 */
unsigned long get_mm_rss(const struct mm_struct *mm)
{
	return (unsigned long)(mm->rss_stat[MM_FILEPAGES] +
			       mm->rss_stat[MM_ANONPAGES] +
			       mm->rss_stat[MM_SHMEMPAGES]);
}
