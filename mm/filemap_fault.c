// SPDX-License-Identifier: GPL-2.0
/*
 * Faults on file mappings, as mm/filemap.c filemap_fault() and
 * mm/memory.c do_fault(): do_read_fault (map the page-cache page),
 * do_cow_fault (a store to a MAP_PRIVATE mapping copies the page into an
 * anonymous one), do_shared_fault (a store to a MAP_SHARED mapping maps
 * the page writable and dirties it, fault_dirty_shared_page), and the
 * write-protect faults on a mapped page-cache page (wp_page_shared,
 * wp_page_copy). A page past the end of the file is SIGBUS.
 *
 * Dirty tracking: shared PTEs start read-only (vma_wants_writenotify),
 * the first store dirties the folio and makes the PTE writable, and
 * writeback's page_mkclean() write-protects it again. So every page a
 * process stored into is dirty in the page cache and gets written back.
 */
#include <mmsim/fs.h>
#include <mmsim/mm.h>
#include <mmsim/page_alloc.h>
#include <mmsim/pagemap.h>

/* Install @pte for @addr and drop stale TLB entries. */
static void set_pte_flush(struct vm_area_struct *vma, u64 addr, pte_t *ptep,
			  pte_t pte)
{
	set_pte_at(vma->vm_mm, addr, ptep, pte);
	flush_tlb_mm_range(vma->vm_mm, addr, addr + PAGE_SIZE, PAGE_SHIFT,
			   false);
}

/* The page index @addr maps in @vma (linear_page_index). */
static pgoff_t linear_page_index(const struct vm_area_struct *vma, u64 addr)
{
	return vma->vm_pgoff + (pgoff_t)((addr - vma->vm_start) >> PAGE_SHIFT);
}

/*
 * A page-cache folio for @index, read in if needed: do_sync_mmap_readahead
 * on a miss (SIM: the read path's on-demand readahead, not Linux's
 * read-around), do_async_mmap_readahead on a PG_readahead folio.
 * Return: the folio with a reference, or NULL (*ret says why).
 */
static struct folio *fault_get_folio(struct file *file, pgoff_t index,
				     unsigned int *ret)
{
	struct address_space *mapping = file->f_mapping;
	struct readahead_control ractl = {
		.file = file, .mapping = mapping, .ra = &file->f_ra,
		._index = index,
	};
	struct folio *folio = filemap_get_folio(mapping, index);

	*ret = 0;
	if (!folio) {
		page_cache_sync_ra(&ractl, 1);
		folio = filemap_get_folio(mapping, index);
	}
	if (!folio) {
		folio = __filemap_get_folio(mapping, index,
					    FGP_CREAT | FGP_LOCK, 0);
		if (!folio) {
			*ret = VM_FAULT_OOM;
			return NULL;
		}
		folio_unlock(folio);
	}
	if (folio_test_readahead(folio)) {
		ractl._index = index;
		page_cache_async_ra(&ractl, folio, 1);
	}
	if (!folio_test_uptodate(folio)) {
		folio_lock(folio);	/* ->read_folio unlocks it */
		if (mapping->a_ops->read_folio(file, folio) ||
		    !folio_test_uptodate(folio)) {
			folio_put(folio);
			*ret = VM_FAULT_SIGBUS;
			return NULL;
		}
	}
	return folio;
}

/* fault_dirty_shared_page(): dirty the folio, let writeback catch up. */
static void fault_dirty_shared_page(struct folio *folio)
{
	struct address_space *mapping = folio_mapping(folio);

	folio_mark_dirty(folio);
	if (mapping)
		balance_dirty_pages_ratelimited(mapping);
}

/* do_cow_fault() / wp_page_copy(): this mm's own copy of @src. */
static unsigned int cow_copy(struct vm_area_struct *vma, u64 addr,
			     pte_t *ptep, struct page *src)
{
	struct page *new;
	pte_t pte;

	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	new = alloc_page(GFP_HIGHUSER_MOVABLE);
	if (!new)
		return VM_FAULT_OOM;
	copy_user_highpage(new, src);
	page_add_new_anon_rmap(new, vma, addr);
	add_mm_counter(vma->vm_mm, MM_ANONPAGES, 1);
	pte = pte_mkwrite_novma(pte_mkdirty(pte_mkyoung(
		mk_pte(new, vma->vm_page_prot))));
	set_pte_flush(vma, addr, ptep, pte);
	return 0;
}

/**
 * filemap_fault - the first touch of a page of a file mapping
 * @vma: the file VMA
 * @addr: page-aligned faulting address
 * @ptep: its (empty) PTE
 * @flags: FAULT_FLAG_WRITE...
 *
 * do_fault(): a page at or past the end of the file is SIGBUS; a read
 * maps the page-cache page (do_read_fault), read-only; a store to a
 * private mapping maps a copy (do_cow_fault); a store to a shared one
 * maps the page writable and dirties it (do_shared_fault). The PTE owns
 * one reference and one mapcount of the page (refcount = 1 for the cache
 * + mapcount, as mm/filemap_check.c checks).
 *
 * Return: 0, VM_FAULT_SIGBUS or VM_FAULT_OOM.
 */
unsigned int filemap_fault(struct vm_area_struct *vma, u64 addr, pte_t *ptep,
			   unsigned int flags)
{
	struct file *file = vma->vm_file;
	struct inode *inode = file->f_mapping->host;
	pgoff_t index = linear_page_index(vma, addr);
	bool write = flags & FAULT_FLAG_WRITE;
	struct folio *folio;
	struct page *page;
	unsigned int ret;
	pte_t pte;

	/* The page holding the last byte maps; beyond it is SIGBUS. */
	if ((loff_t)index >= (i_size_read(inode) + (loff_t)PAGE_SIZE - 1) >>
			     PAGE_SHIFT)
		return VM_FAULT_SIGBUS;
	folio = fault_get_folio(file, index, &ret);
	if (!folio)
		return ret;
	page = &folio->page;
	if (write && !(vma->vm_flags & VM_SHARED)) {
		ret = cow_copy(vma, addr, ptep, page);
		folio_put(folio);
		return ret;
	}
	/* finish_fault(): the lookup's reference becomes the PTE's. */
	page_add_file_rmap(page);
	add_mm_counter(vma->vm_mm, MM_FILEPAGES, 1);
	pte = pte_mkyoung(mk_pte(page, vma->vm_page_prot));
	if (write) {
		fault_dirty_shared_page(folio);
		pte = pte_mkwrite_novma(pte_mkdirty(pte));
	} else {
		pte = pte_wrprotect(pte);	/* writenotify */
	}
	set_pte_flush(vma, addr, ptep, pte);
	return 0;
}

/**
 * do_wp_file_page - a store to a write-protected page-cache page
 * @vma: the VMA (it allows the store)
 * @addr: page-aligned faulting address
 * @ptep: the PTE
 * @orig: its value
 *
 * do_wp_page() for a page-cache page: in a shared mapping the page is
 * dirtied and the PTE made writable (wp_page_shared); in a private one
 * the mm gets an anonymous copy and the PTE drops the page-cache page
 * (wp_page_copy).
 *
 * Return: 0 or VM_FAULT_OOM.
 */
unsigned int do_wp_file_page(struct vm_area_struct *vma, u64 addr,
			     pte_t *ptep, pte_t orig)
{
	struct page *old = pfn_to_page(pte_pfn(orig));
	unsigned int ret;

	if (vma->vm_flags & VM_SHARED) {
		fault_dirty_shared_page(page_folio(old));
		set_pte_flush(vma, addr, ptep,
			      pte_mkwrite_novma(pte_mkdirty(pte_mkyoung(orig))));
		return 0;
	}
	ret = cow_copy(vma, addr, ptep, old);
	if (ret)
		return ret;
	page_remove_rmap(old);
	add_mm_counter(vma->vm_mm, MM_FILEPAGES, -1);
	put_page(old);
	return 0;
}
