// SPDX-License-Identifier: GPL-2.0
/*
 * The reverse mapping of file pages: which VMAs map a file
 * (mapping->i_mmap, mm/interval_tree.c's vma_interval_tree_insert /
 * _remove), the mapcount and NR_FILE_MAPPED of a page-cache page
 * (page_add_file_rmap; page_remove_rmap in mm/rmap.c handles both
 * kinds), and page_mkclean(), which write-protects every shared PTE of a
 * page before writeback so that the next store faults and dirties it
 * again (mm/rmap.c folio_mkclean).
 *
 * i_mmap itself, the interval tree, is in mm/interval_tree.c.
 */
#include <mmsim/fs.h>
#include <mmsim/mm.h>
#include <mmsim/pagemap.h>
#include <mmsim/pgtable.h>
#include <mmsim/vmstat.h>

/**
 * vma_link_file - put a file VMA in its mapping's i_mmap
 * @vma: the VMA (vm_file set, not yet in i_mmap)
 *
 * As Linux's __vma_link_file(): a shared VMA also counts in
 * i_mmap_writable (mapping_allow_writable).
 */
void vma_link_file(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma->vm_file->f_mapping;

	mapping->i_mmap_rwsem++;
	if (vma->vm_flags & VM_SHARED)
		mapping->i_mmap_writable++;
	vma_interval_tree_insert(vma, &mapping->i_mmap);
	mapping->i_mmap_rwsem--;
}

/**
 * vma_unlink_file - take a file VMA out of i_mmap
 * @vma: the VMA
 *
 * As Linux's __remove_shared_vm_struct().
 */
void vma_unlink_file(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma->vm_file->f_mapping;

	mapping->i_mmap_rwsem++;
	if (vma->vm_flags & VM_SHARED)
		mapping->i_mmap_writable--;
	vma_interval_tree_remove(vma, &mapping->i_mmap);
	mapping->i_mmap_rwsem--;
}

/**
 * page_add_file_rmap - one more PTE maps a page-cache page
 * @page: the page (the caller holds the reference the PTE will own)
 *
 * The first mapping counts the page in NR_FILE_MAPPED (/proc/vmstat's
 * nr_mapped, meminfo's Mapped).
 */
void page_add_file_rmap(struct page *page)
{
	if (page->_mapcount++ == 0)	/* SIM: counts from 0 */
		__mod_node_page_state(NODE_DATA(page_to_nid(page)),
				      NR_MAPPED, 1);
}

/* The address of file page @index in @vma, or 0 when it maps no such page. */
static u64 vma_address(const struct vm_area_struct *vma, pgoff_t index)
{
	unsigned long pages = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;

	if (index < vma->vm_pgoff || index - vma->vm_pgoff >= pages)
		return 0;
	return vma->vm_start + ((u64)(index - vma->vm_pgoff) << PAGE_SHIFT);
}

/**
 * page_mkclean - write-protect and clean every shared PTE of @page
 * @page: a locked page-cache page
 *
 * Walks i_mmap (rmap_walk_file with page_mkclean_one); the next store
 * through any of those PTEs faults and dirties the page again
 * (do_wp_file_page). Private mappings are skipped: their PTEs map the
 * page read-only already (a store copies it).
 *
 * Return: how many PTEs were dirty.
 */
int page_mkclean(struct page *page)
{
	struct address_space *mapping = page->mapping;
	struct vm_area_struct *vma;
	int cleaned = 0;

	if (!mapping || PageAnon(page) || !page_mapcount(page))
		return 0;
	mapping->i_mmap_rwsem++;
	vma_interval_tree_foreach(vma, &mapping->i_mmap, page->index,
				  page->index) {
		u64 addr = vma_address(vma, page->index);
		enum pt_level_idx level;
		pte_t *ptep, pte;

		if (!addr || !(vma->vm_flags & VM_SHARED))
			continue;
		ptep = pt_lookup(vma->vm_mm, addr, &level);
		if (!ptep || level != PT_PTE)
			continue;
		pte = ptep_get(ptep);
		if (!pte_present(pte) || pte_pfn(pte) != page_to_pfn(page))
			continue;
		if (!pte_write(pte) && !pte_dirty(pte))
			continue;
		cleaned += pte_dirty(pte);
		set_pte_at(vma->vm_mm, addr, ptep,
			   pte_mkclean(pte_wrprotect(pte)));
		flush_tlb_mm_range(vma->vm_mm, addr, addr + PAGE_SIZE,
				   PAGE_SHIFT, false);
	}
	mapping->i_mmap_rwsem--;
	return cleaned;
}
