// SPDX-License-Identifier: GPL-2.0
/*
 * Permanent kernel mappings of HighMem pages (K3), as Linux's
 * mm/highmem.c: kmap_high() / kunmap_high() over the pkmap area,
 * pkmap_count[], map_new_virtual(), flush_all_zero_pkmaps(), and
 * page_address() of a HighMem page through page_address_htable
 * (HASHED_PAGE_VIRTUAL, what x86_32 and ARM use).
 *
 * pkmap_count[nr] is not a plain count (Linux's comment):
 *	0	not mapped, and not since the last TLB flush: usable
 *	1	no users, but mapped since the last flush: not usable yet
 *	n	n - 1 users
 * A slot that drops to 1 keeps its PTE and its page_address(); only when
 * the allocator wraps past the last slot does flush_all_zero_pkmaps()
 * clear every slot at 1 and flush the whole pkmap range once.
 *
 * SIM: no kmap_lock (mmsim's kernel code runs on one host thread per
 * machine); no cache colouring (get_pkmap_color() is 0, as on x86 and
 * ARMv7); when every slot is busy, kmap() fails instead of sleeping.
 * Linux has no tracepoints here: the events kmap, kunmap and pkmap_flush
 * are mmsim's own.
 */
#include <errno.h>
#include <stdlib.h>

#include <mmsim/highmem.h>
#include <mmsim/paging.h>

#include "highmem_internal.h"

/**
 * highmem_state - the current machine's kmap state, allocated on first use
 *
 * Return: the state, or NULL when the host is out of memory.
 */
struct highmem_state *highmem_state(void)
{
	struct machine *m = current_machine();
	struct highmem_state *hs = m->highmem;
	unsigned int n = m->layout.last_pkmap;

	if (hs)
		return hs;
	hs = calloc(1, sizeof(*hs));
	if (!hs)
		return NULL;
	hs->last_pkmap = n;
	/* calloc(0) may return NULL: keep one element on 64-bit. */
	hs->pkmap_count = calloc(n ? n : 1, sizeof(*hs->pkmap_count));
	hs->page_address_maps = calloc(n ? n : 1,
				       sizeof(*hs->page_address_maps));
	hs->fixmap_set = calloc(m->layout.fixmap.end ? m->layout.fixmap.end : 1,
				sizeof(*hs->fixmap_set));
	if (!hs->pkmap_count || !hs->page_address_maps || !hs->fixmap_set) {
		free(hs->pkmap_count);
		free(hs->page_address_maps);
		free(hs->fixmap_set);
		free(hs);
		return NULL;
	}
	for (int i = 0; i < (1 << PA_HASH_ORDER); i++)
		INIT_LIST_HEAD(&hs->page_address_htable[i]);
	m->highmem = hs;
	return hs;
}

/**
 * highmem_exit - free a machine's kmap state
 * @m: the machine being destroyed
 */
void highmem_exit(struct machine *m)
{
	struct highmem_state *hs = m->highmem;

	if (!hs)
		return;
	free(hs->pkmap_count);
	free(hs->page_address_maps);
	free(hs->fixmap_set);
	free(hs);
	m->highmem = NULL;
}

/**
 * PageHighMem - is @page outside the linear map?
 * @page: the page
 *
 * Return: true for a page above max_low_pfn on a kernel with a pkmap
 * area (x86_32, PAE, arm32); never on 64-bit kernels.
 */
bool PageHighMem(const struct page *page)
{
	struct machine *m = current_machine();

	return m->layout.last_pkmap && page_to_pfn(page) >= m->max_low_pfn;
}

unsigned int last_pkmap(void)
{
	return current_machine()->layout.last_pkmap;
}

vaddr_t PKMAP_ADDR(unsigned int nr)
{
	return current_machine()->layout.pkmap_base + ((vaddr_t)nr << PAGE_SHIFT);
}

unsigned int PKMAP_NR(vaddr_t addr)
{
	return (unsigned int)((addr - current_machine()->layout.pkmap_base) >>
			      PAGE_SHIFT);
}

/*
 * pkmap_page_table + nr: the pkmap area's PTEs, one table (LAST_PKMAP =
 * PTRS_PER_PTE, PKMAP_BASE PMD-aligned), preallocated at boot. As in
 * Linux the table's address is found once, not walked to on every kmap
 * (the walk was most of a kmap's cost); an area that straddled two
 * tables would be walked each time.
 */
static pte_t *pkmap_pte(unsigned int nr)
{
	const struct pt_format *f = pt_fmt();
	struct highmem_state *hs = current_machine()->highmem;
	unsigned int span = f->shift[PT_PTE] +
			    (unsigned int)__builtin_ctz(f->ptrs[PT_PTE]);

	if (hs && !hs->pkmap_page_table && hs->last_pkmap &&
	    PKMAP_ADDR(0) >> span == PKMAP_ADDR(hs->last_pkmap - 1) >> span)
		hs->pkmap_page_table = fixmap_kernel_pte(PKMAP_ADDR(0), false);
	if (!hs || !hs->pkmap_page_table)
		return fixmap_kernel_pte(PKMAP_ADDR(nr), false);
	return (pte_t *)((u8 *)hs->pkmap_page_table + (size_t)nr * f->width);
}

int pkmap_count(unsigned int nr)
{
	struct highmem_state *hs = highmem_state();

	if (!hs || nr >= hs->last_pkmap)
		return -1;
	return hs->pkmap_count[nr];
}

unsigned int last_pkmap_nr(void)
{
	struct highmem_state *hs = highmem_state();

	return hs ? hs->last_pkmap_nr : 0;
}

void kmap_get_stats(struct kmap_stats *st)
{
	struct highmem_state *hs = highmem_state();

	if (hs)
		*st = hs->stats;
	else
		*st = (struct kmap_stats){ 0 };
}

/* ---- page_address_htable ------------------------------------------- */

/* page_slot(): hash_ptr() of the page; SIM: of its pfn, same spread. */
static struct list_head *page_slot(struct highmem_state *hs,
				   const struct page *page)
{
	u64 h = (u64)page_to_pfn(page) * 0x61c8864680b583ebULL;

	return &hs->page_address_htable[h >> (64 - PA_HASH_ORDER)];
}

/**
 * highmem_page_address - page_address() of a HighMem page
 * @page: a HighMem page
 *
 * Return: its pkmap address while kmapped (pkmap_count >= 1), else 0.
 */
vaddr_t highmem_page_address(const struct page *page)
{
	struct highmem_state *hs = current_machine()->highmem;
	struct page_address_map *pam;

	if (!hs || !hs->last_pkmap)
		return 0;
	list_for_each_entry(pam, page_slot(hs, page), list)
		if (pam->page == page)
			return pam->virtual;
	return 0;
}

/* set_page_address(): add (@virtual != 0) or remove the association. */
static void set_page_address(struct highmem_state *hs, struct page *page,
			     vaddr_t virtual)
{
	struct page_address_map *pam;

	if (virtual) {
		pam = &hs->page_address_maps[PKMAP_NR(virtual)];
		pam->page = page;
		pam->virtual = virtual;
		list_add_tail(&pam->list, page_slot(hs, page));
		return;
	}
	list_for_each_entry(pam, page_slot(hs, page), list) {
		if (pam->page == page) {
			list_del(&pam->list);
			pam->page = NULL;
			pam->virtual = 0;
			return;
		}
	}
}

/* ---- pkmap ---------------------------------------------------------- */

/*
 * flush_all_zero_pkmaps - unmap every slot at count 1, one TLB flush
 *
 * Called when map_new_virtual() wraps to slot 0, and by
 * kmap_flush_unused(). The range flush is flush_tlb_kernel_range() of the
 * whole area (above the 33-page ceiling: a full flush).
 */
static void flush_all_zero_pkmaps(struct machine *m, struct highmem_state *hs)
{
	unsigned int flushed = 0;

	for (unsigned int i = 0; i < hs->last_pkmap; i++) {
		pte_t *pte;

		if (hs->pkmap_count[i] != 1)
			continue;
		hs->pkmap_count[i] = 0;
		pte = pkmap_pte(i);
		/* Linux: BUG_ON(pte_none()); highmem_check() reports it. */
		if (!pte || pte_none(ptep_get(pte)))
			continue;
		set_page_address(hs, pfn_to_page(pte_pfn(ptep_get(pte))), 0);
		pte_clear(&init_mm, PKMAP_ADDR(i), pte);
		flushed++;
	}
	hs->stats.pkmap_wraps++;
	if (flushed) {
		hs->stats.pkmap_tlb_flushes++;
		flush_tlb_kernel_range(PKMAP_ADDR(0), PKMAP_ADDR(hs->last_pkmap));
	}
	trace_event(m, "pkmap_flush", TF_U("unmapped", flushed),
		    TF_U("tlb_flush", flushed != 0));
}

/**
 * kmap_flush_unused - unmap every pkmap slot nobody uses
 *
 * Context: acts on current_machine().
 */
void kmap_flush_unused(void)
{
	struct highmem_state *hs = highmem_state();

	if (hs && hs->last_pkmap)
		flush_all_zero_pkmaps(current_machine(), hs);
}

/*
 * map_new_virtual - find a free slot for @page and map it there
 *
 * Scans from the slot after the last one taken; wrapping to slot 0 runs
 * flush_all_zero_pkmaps(). Return: the address, or 0 when a whole lap
 * finds no slot at count 0 (SIM: Linux sleeps on pkmap_map_wait; here the
 * scan position is put back so the failed call leaves no trace).
 */
static vaddr_t map_new_virtual(struct machine *m, struct highmem_state *hs,
			       struct page *page)
{
	unsigned int saved = hs->last_pkmap_nr;
	unsigned int count = hs->last_pkmap;
	vaddr_t vaddr;
	pte_t *pte;

	for (;;) {
		/* get_next_pkmap_nr(), no_more_pkmaps() */
		hs->last_pkmap_nr = (hs->last_pkmap_nr + 1) &
				    (hs->last_pkmap - 1);
		if (hs->last_pkmap_nr == 0) {
			flush_all_zero_pkmaps(m, hs);
			count = hs->last_pkmap;
		}
		if (!hs->pkmap_count[hs->last_pkmap_nr])
			break;
		if (--count)
			continue;
		hs->last_pkmap_nr = saved;
		return 0;
	}
	vaddr = PKMAP_ADDR(hs->last_pkmap_nr);
	pte = pkmap_pte(hs->last_pkmap_nr);
	if (!pte) {
		hs->last_pkmap_nr = saved;
		return 0;
	}
	set_pte_at(&init_mm, vaddr, pte, mk_pte(page, PAGE_KERNEL));
	hs->pkmap_count[hs->last_pkmap_nr] = 1;
	set_page_address(hs, page, vaddr);
	return vaddr;
}

/**
 * kmap_high - map a HighMem page into the pkmap area
 * @page: a HighMem page
 *
 * Reuses the page's slot if it has one (page_address()), else takes a new
 * one; either way the slot's count goes up by one.
 *
 * Context: acts on current_machine().
 * Return: the pkmap address, or 0 when every slot is busy.
 */
vaddr_t kmap_high(struct page *page)
{
	struct machine *m = current_machine();
	struct highmem_state *hs = highmem_state();
	vaddr_t vaddr;
	unsigned int nr;

	if (!hs || !hs->last_pkmap)
		return 0;
	vaddr = highmem_page_address(page);
	if (!vaddr)
		vaddr = map_new_virtual(m, hs, page);
	if (!vaddr)
		return 0;
	nr = PKMAP_NR(vaddr);
	hs->pkmap_count[nr]++;
	trace_event(m, "kmap", TF_X("pfn", page_to_pfn(page)),
		    TF_X("vaddr", vaddr), TF_U("nr", nr),
		    TF_I("count", hs->pkmap_count[nr]));
	return vaddr;
}

/**
 * kunmap_high - drop one kmap_high() of a page
 * @page: a HighMem page
 *
 * The slot goes down to 1 at the last user: still mapped, unmapped at the
 * next flush_all_zero_pkmaps().
 *
 * Context: acts on current_machine().
 * Return: 0, or -EINVAL when @page is not kmapped (Linux: BUG_ON(!vaddr))
 * or its slot is at 1 (Linux: BUG()); nothing is changed then.
 */
int kunmap_high(struct page *page)
{
	struct machine *m = current_machine();
	struct highmem_state *hs = m->highmem;
	vaddr_t vaddr = highmem_page_address(page);
	unsigned int nr;

	if (!hs || !vaddr)
		return -EINVAL;
	nr = PKMAP_NR(vaddr);
	if (hs->pkmap_count[nr] < 2)
		return -EINVAL;
	hs->pkmap_count[nr]--;
	trace_event(m, "kunmap", TF_X("pfn", page_to_pfn(page)),
		    TF_X("vaddr", vaddr), TF_U("nr", nr),
		    TF_I("count", hs->pkmap_count[nr]));
	return 0;
}

/**
 * kmap - a kernel address of a page, valid until kunmap()
 * @page: the page
 *
 * Lowmem pages (all pages of a 64-bit kernel) return their linear-map
 * address and take no slot, as include/linux/highmem-internal.h.
 *
 * Context: acts on current_machine().
 * Return: the address, or 0 when every pkmap slot is in use.
 */
vaddr_t kmap(struct page *page)
{
	if (!PageHighMem(page))
		return page_address(page);
	return kmap_high(page);
}

/**
 * kunmap - drop one kmap() of a page
 * @page: the page
 *
 * Context: acts on current_machine().
 * Return: 0 (always for lowmem), or -EINVAL as kunmap_high().
 */
int kunmap(struct page *page)
{
	if (!PageHighMem(page))
		return 0;
	return kunmap_high(page);
}

/**
 * kmap_to_page - the page behind a kmap()ed or linear address
 * @vaddr: the address
 *
 * Return: the page, or NULL for an address that is neither an in-use
 * pkmap slot nor in the linear map.
 */
struct page *kmap_to_page(vaddr_t vaddr)
{
	struct machine *m = current_machine();
	const struct kernel_layout *l = &m->layout;

	if (l->last_pkmap && vaddr >= PKMAP_ADDR(0) &&
	    vaddr < PKMAP_ADDR(l->last_pkmap)) {
		pte_t *pte = pkmap_pte(PKMAP_NR(vaddr));

		if (!pte || !pte_present(ptep_get(pte)))
			return NULL;
		return pfn_to_page(pte_pfn(ptep_get(pte)));
	}
	if (vaddr >= l->page_offset && vaddr < l->high_memory)
		return pfn_to_page(layout_pa(l, vaddr) >> PAGE_SHIFT);
	return NULL;
}

/**
 * kmap_area_owned - is @addr in the pkmap area or the fixmap?
 * @addr: a kernel virtual address
 *
 * The fixmap counts from the lowest slot (__end_of_fixed_addresses - 1,
 * early_ioremap's included) to the end of slot 0.
 *
 * Return: true when only kmap()/kmap_local/set_fixmap() may map it.
 */
bool kmap_area_owned(vaddr_t addr)
{
	const struct kernel_layout *l = &current_machine()->layout;
	const struct fixmap_layout *f = &l->fixmap;

	if (l->last_pkmap && addr >= l->pkmap_base &&
	    addr < l->pkmap_base + ((vaddr_t)l->last_pkmap << PAGE_SHIFT))
		return true;
	if (f->end && addr >= f->top - ((vaddr_t)(f->end - 1) << PAGE_SHIFT) &&
	    addr <= f->top + (PAGE_SIZE - 1))
		return true;
	return false;
}
