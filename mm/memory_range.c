// SPDX-License-Identifier: GPL-2.0
/*
 * Range operations on the PTEs of a VMA, mm/memory.c's and
 * mm/mprotect.c's: zap_page_range (munmap, exit), copy_page_range (fork,
 * with COW), change_protection (mprotect). Each walks only the page
 * tables that exist (apply_to_existing_page_range), so a large, barely
 * touched VMA costs what it maps.
 */
#include <mmsim/mm.h>
#include <mmsim/pagemap.h>

/**
 * walk_existing_ptes - apply_to_existing_page_range() over a user range
 * @mm: the address space
 * @start: first address
 * @end: end address
 * @fn: called for each PTE of an existing table
 * @data: passed to @fn
 *
 * In chunks of at most 1 GiB (32-bit) or 512 GiB (64-bit): the checks of
 * apply_to_existing_page_range() also judge the range as a physical one,
 * which a user range larger than MAXPHYADDR would fail.
 *
 * Return: 0 or the first error.
 */
int walk_existing_ptes(struct mm_struct *mm, u64 start, u64 end,
		       pte_fn_t fn, void *data)
{
	u64 chunk = current_machine()->arch->bits == 64 ? 1ULL << 39 :
		    1ULL << 30;

	while (start < end) {
		u64 next = (start & ~(chunk - 1)) + chunk;
		int ret;

		if (next > end || next <= start)
			next = end;
		ret = apply_to_existing_page_range(mm, start, next - start,
						   fn, data);
		if (ret)
			return ret;
		start = next;
	}
	return 0;
}

/* zap_details: what a zap leaves alone. */
struct zap_ctx {
	struct vm_area_struct *vma;
	bool keep_anon;		/* unmap_mapping_range without even_cows */
};

/* zap_pte_range() for one PTE. */
static int zap_one(pte_t *ptep, u64 addr, void *data)
{
	struct zap_ctx *z = data;
	struct vm_area_struct *vma = z->vma;
	pte_t pte = ptep_get(ptep);
	struct page *page;

	if (pte_none(pte))
		return 0;
	if (z->keep_anon && pte_present(pte) &&
	    (pte_pfn(pte) == zero_pfn() || PageAnon(pfn_to_page(pte_pfn(pte)))))
		return 0;
	pte_clear(vma->vm_mm, addr, ptep);
	if (!pte_present(pte) || pte_pfn(pte) == zero_pfn())
		return 0;
	page = pfn_to_page(pte_pfn(pte));
	/* A store through a shared file PTE dirtied the page (set_page_dirty). */
	if (!PageAnon(page) && pte_dirty(pte) && (vma->vm_flags & VM_SHARED))
		folio_mark_dirty(page_folio(page));
	page_remove_rmap(page);
	add_mm_counter(vma->vm_mm, mm_counter(page), -1);
	put_page(page);
	return 0;
}

/**
 * zap_page_range - unmap the pages of [@start, @end) in @vma
 * @vma: the VMA
 * @start: first address (page aligned, inside @vma)
 * @end: end address
 *
 * Clears each PTE, drops the rmap and the page reference (freeing pages
 * no one else maps), then flushes the range from every TLB that holds
 * the mm. Page tables stay (free_pgtables frees them at exit).
 */
void zap_page_range(struct vm_area_struct *vma, u64 start, u64 end)
{
	struct zap_ctx z = { .vma = vma };

	if (start >= end)
		return;
	walk_existing_ptes(vma->vm_mm, start, end, zap_one, &z);
	flush_tlb_mm_range(vma->vm_mm, start, end, PAGE_SHIFT, false);
}

/**
 * zap_file_range - unmap_mapping_range()'s zap of one VMA
 * @vma: a file VMA
 * @start: first address (page aligned, inside @vma)
 * @end: end address
 * @even_cows: also the private anonymous copies (truncate)
 *
 * zap_page_range_single() with zap_details: without @even_cows only
 * page-cache pages go.
 */
void zap_file_range(struct vm_area_struct *vma, u64 start, u64 end,
		    int even_cows)
{
	struct zap_ctx z = { .vma = vma, .keep_anon = !even_cows };

	if (start >= end)
		return;
	walk_existing_ptes(vma->vm_mm, start, end, zap_one, &z);
	flush_tlb_mm_range(vma->vm_mm, start, end, PAGE_SHIFT, false);
}

struct copy_ctx {
	struct vm_area_struct *dst, *src;
	bool cow;
	int err;
};

/* copy_present_pte(): share the page, write-protecting both for COW. */
static int copy_one(pte_t *ptep, u64 addr, void *data)
{
	struct copy_ctx *c = data;
	pte_t pte = ptep_get(ptep);
	pte_t *dptep;

	if (!pte_present(pte))
		return 0;
	dptep = pt_walk_alloc(c->dst->vm_mm, addr, PT_PTE);
	if (!dptep)
		return -ENOMEM;
	if (pte_pfn(pte) != zero_pfn()) {
		struct page *page = pfn_to_page(pte_pfn(pte));

		get_page(page);
		page_dup_rmap(page);
		add_mm_counter(c->dst->vm_mm, mm_counter(page), 1);
		if (c->cow && pte_write(pte)) {
			pte = pte_wrprotect(pte);
			set_pte_at(c->src->vm_mm, addr, ptep, pte);
		}
	}
	set_pte_at(c->dst->vm_mm, addr, dptep, pte_mkold(pte));
	return 0;
}

/**
 * copy_page_range - give a forked VMA the parent's pages
 * @dst: the child's VMA (same range)
 * @src: the parent's VMA
 *
 * Private writable mappings (is_cow_mapping) are write-protected in both
 * mms so that the first write of either copies (do_wp_page); shared ones
 * share the page as it is. Every page gains a reference and a mapcount.
 * The parent's TLBs are flushed (its PTEs changed).
 *
 * Return: 0, or -ENOMEM (page tables).
 */
int copy_page_range(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	struct copy_ctx c = {
		.dst = dst, .src = src,
		.cow = (src->vm_flags & (VM_SHARED | VM_MAYWRITE)) ==
		       VM_MAYWRITE,
	};
	int ret;

	ret = walk_existing_ptes(src->vm_mm, src->vm_start, src->vm_end,
				 copy_one, &c);
	if (c.cow)
		flush_tlb_mm_range(src->vm_mm, src->vm_start, src->vm_end,
				   PAGE_SHIFT, false);
	return ret;
}

/* change_pte_range() for one PTE. */
static int change_one(pte_t *ptep, u64 addr, void *data)
{
	struct vm_area_struct *vma = data;
	pte_t old = ptep_get(ptep), pte;
	struct page *page;

	if (!pte_present(old))
		return 0;
	pte = pfn_pte(pte_pfn(old), vma->vm_page_prot);
	if (pte_young(old))
		pte = pte_mkyoung(pte);
	if (pte_dirty(old))
		pte = pte_mkdirty(pte);
	/*
	 * can_change_pte_writable(): a private page this PTE alone maps
	 * and already wrote stays writable, saving a fault; the zero page
	 * and shared COW pages never become writable here.
	 */
	if ((vma->vm_flags & VM_WRITE) && pte_pfn(old) != zero_pfn()) {
		page = pfn_to_page(pte_pfn(old));
		/* A shared file page stays writable only while dirty. */
		if (((vma->vm_flags & VM_SHARED) &&
		     (!vma->vm_file || pte_dirty(old))) ||
		    (PageAnon(page) && page_ref_count(page) == 1 &&
		     pte_dirty(old)))
			pte = pte_mkwrite_novma(pte);
	}
	set_pte_at(vma->vm_mm, addr, ptep, pte);
	return 0;
}

/**
 * change_protection - apply @vma's vm_page_prot to [@start, @end)
 * @vma: the VMA, its vm_page_prot already updated
 * @start: first address
 * @end: end address
 *
 * Then flushes the range.
 */
void change_protection(struct vm_area_struct *vma, u64 start, u64 end)
{
	walk_existing_ptes(vma->vm_mm, start, end, change_one, vma);
	flush_tlb_mm_range(vma->vm_mm, start, end, PAGE_SHIFT, false);
}
