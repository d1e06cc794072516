// SPDX-License-Identifier: GPL-2.0
/*
 * The generic page-fault handler, mm/memory.c's fault half:
 * handle_mm_fault -> handle_pte_fault -> do_anonymous_page (the zero page
 * on a read, a zeroed GFP_HIGHUSER_MOVABLE page on a write) or do_wp_page
 * (reuse an exclusive anonymous page, else copy: COW); a file VMA's
 * empty PTE goes to filemap_fault() and a write-protected page-cache page
 * to do_wp_file_page() (mm/filemap_fault.c). No swap, no huge pages yet.
 */
#include <string.h>

#include <hw/ram.h>
#include <mmsim/gfp.h>
#include <mmsim/mm.h>
#include <mmsim/sched.h>
#include <mmsim/page_alloc.h>
#include <mmsim/vmstat.h>

/*
 * copy_user_highpage(): the kernel reaches the frames through
 * kmap_local_page().
 * SIM: through simulated physical memory directly, which reaches HighMem
 * frames too; the kmap_local path replaces this once it exists.
 */

/**
 * copy_user_highpage - copy a user page (COW)
 * @to: the new page
 * @from: the page copied
 */
void copy_user_highpage(struct page *to, struct page *from)
{
	struct machine *m = current_machine();

	memcpy(ram_ptr(&m->ram, (phys_addr_t)page_to_pfn(to) << PAGE_SHIFT),
	       ram_ptr(&m->ram, (phys_addr_t)page_to_pfn(from) << PAGE_SHIFT),
	       PAGE_SIZE);
}

/*
 * vma_alloc_zeroed_movable_folio(): a zeroed page for user memory. As in
 * Linux the page allocator clears it (__GFP_ZERO, in prep_new_page()),
 * the page coming from the per-CPU list like any order-0 page.
 */
static struct page *alloc_zeroed_user_highpage_movable(void)
{
	return alloc_page(GFP_HIGHUSER_MOVABLE | __GFP_ZERO);
}

/* Install @pte for @addr and drop stale TLB entries of the old one. */
static void set_pte_flush(struct vm_area_struct *vma, u64 addr, pte_t *ptep,
			  pte_t pte, bool flush)
{
	set_pte_at(vma->vm_mm, addr, ptep, pte);
	if (flush)
		flush_tlb_mm_range(vma->vm_mm, addr, addr + PAGE_SIZE,
				   PAGE_SHIFT, false);
}

/* The PTE of a private anonymous page the faulting task may write. */
static pte_t mk_anon_pte(struct page *page, struct vm_area_struct *vma,
			 bool write)
{
	pte_t pte = mk_pte(page, vma->vm_page_prot);

	pte = pte_mkyoung(pte);
	if (write)
		pte = pte_mkwrite_novma(pte_mkdirty(pte));
	return pte;
}

/* do_anonymous_page(): the first touch of a page of anonymous memory. */
static unsigned int do_anonymous_page(struct vm_area_struct *vma, u64 addr,
				      pte_t *ptep, unsigned int flags)
{
	bool write = flags & FAULT_FLAG_WRITE;
	struct page *page;

	/* A read of private memory maps the zero page, read-only. */
	if (!write && !(vma->vm_flags & VM_SHARED)) {
		pte_t pte = pfn_pte(zero_pfn(), vm_get_page_prot(
				    vma->vm_flags & ~VM_WRITE));

		set_pte_flush(vma, addr, ptep, pte_mkyoung(pte), false);
		return 0;
	}
	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	page = alloc_zeroed_user_highpage_movable();
	if (!page)
		return VM_FAULT_OOM;
	page_add_new_anon_rmap(page, vma, addr);
	add_mm_counter(vma->vm_mm, MM_ANONPAGES, 1);
	/*
	 * SIM: shared anonymous memory is a shmem file in Linux; here its
	 * pages are anonymous pages that fork shares instead of copying,
	 * mapped writable from the start when the VMA allows it.
	 */
	set_pte_flush(vma, addr, ptep,
		      mk_anon_pte(page, vma, write ||
				  (vma->vm_flags & (VM_SHARED | VM_WRITE)) ==
				  (VM_SHARED | VM_WRITE)), false);
	return 0;
}

/*
 * do_wp_page(): a write to a present, write-protected PTE of a writable
 * VMA. wp_can_reuse_anon_folio(): an anonymous page only this PTE
 * references is made writable in place; otherwise (the zero page, or a
 * page fork shares) wp_page_copy() gives this mm its own copy.
 */
static unsigned int do_wp_page(struct vm_area_struct *vma, u64 addr,
			       pte_t *ptep, pte_t orig)
{
	unsigned long pfn = pte_pfn(orig);
	struct page *old = pfn == zero_pfn() ? NULL : pfn_to_page(pfn);
	struct page *new;

	if (old && !PageAnon(old))	/* a page-cache page */
		return do_wp_file_page(vma, addr, ptep, orig);
	if (old && PageAnon(old) && page_ref_count(old) == 1) {
		/* wp_page_reuse() */
		set_pte_flush(vma, addr, ptep,
			      pte_mkwrite_novma(pte_mkdirty(pte_mkyoung(orig))),
			      true);
		return 0;
	}
	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	if (!old) {
		new = alloc_zeroed_user_highpage_movable();
	} else {
		new = alloc_page(GFP_HIGHUSER_MOVABLE);
		if (new)
			copy_user_highpage(new, old);
	}
	if (!new)
		return VM_FAULT_OOM;
	page_add_new_anon_rmap(new, vma, addr);
	if (old) {
		page_remove_rmap(old);
		put_page(old);
	} else {
		add_mm_counter(vma->vm_mm, MM_ANONPAGES, 1);
	}
	set_pte_flush(vma, addr, ptep, mk_anon_pte(new, vma, true), true);
	return 0;
}

/* The fault proper (Linux: __handle_mm_fault + handle_pte_fault). */
static unsigned int __handle_mm_fault(struct vm_area_struct *vma,
				      u64 address, unsigned int flags)
{
	u64 addr = address & PAGE_MASK;
	pte_t *ptep, pte;

	ptep = pt_walk_alloc(vma->vm_mm, addr, PT_PTE);
	if (!ptep)
		return VM_FAULT_OOM;
	pte = ptep_get(ptep);
	if (!pte_present(pte))
		return vma->vm_file ? filemap_fault(vma, addr, ptep, flags) :
				      do_anonymous_page(vma, addr, ptep, flags);
	if ((flags & FAULT_FLAG_WRITE) && !pte_write(pte))
		return do_wp_page(vma, addr, ptep, pte);
	/* Spurious: mark it young (and dirty) and drop the TLB entry. */
	pte = pte_mkyoung(pte);
	if (flags & FAULT_FLAG_WRITE)
		pte = pte_mkdirty(pte);
	set_pte_flush(vma, addr, ptep, pte, true);
	return 0;
}

/*
 * mm_account_fault(): pgfault counts every fault; a successful one is
 * a minor fault of the task (anonymous memory never waits for I/O, so
 * there are no major faults yet). SIM: the mm's owner stands for
 * "current", the task that faulted.
 */
static void mm_account_fault(struct mm_struct *mm, unsigned int ret)
{
	struct task_struct *owner = mm->owner;

	pa_state()->events[PGFAULT]++;
	if (ret & VM_FAULT_ERROR)
		return;
	if (owner && owner->mm == mm)
		owner->min_flt++;
}

/**
 * handle_mm_fault - resolve a fault at @address in @vma
 * @vma: the VMA containing @address, whose flags allow the access
 * @address: the faulting address
 * @flags: FAULT_FLAG_WRITE, FAULT_FLAG_USER, FAULT_FLAG_INSTRUCTION
 *
 * Allocates the page tables down to the PTE (__handle_mm_fault), then:
 * an empty PTE takes do_anonymous_page(), a write to a write-protected
 * one do_wp_page(); anything else was a stale TLB entry and is flushed
 * (flush_tlb_fix_spurious_fault). Counts pgfault and the task's min_flt.
 *
 * Context: acts on current_machine().
 * Return: 0, or VM_FAULT_OOM / VM_FAULT_SIGSEGV.
 */
unsigned int handle_mm_fault(struct vm_area_struct *vma, u64 address,
			     unsigned int flags)
{
	unsigned int ret = __handle_mm_fault(vma, address, flags);

	mm_account_fault(vma->vm_mm, ret);
	return ret;
}
