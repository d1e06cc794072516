/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HighMem mappings (K3), as include/linux/highmem.h and
 * highmem-internal.h: kmap() gives a HighMem page a long-lived address in
 * the pkmap area, kmap_local_page() / kmap_atomic() a short-lived one in a
 * per-CPU fixmap slot. A lowmem page, and every page of a 64-bit kernel,
 * already has its linear-map address: both return it.
 *
 * SIM: Linux's kmap_local functions act on the CPU they run on; mmsim's
 * kernel code has no "current CPU", so the caller names it (@cpu).
 */
#ifndef MMSIM_HIGHMEM_H
#define MMSIM_HIGHMEM_H

#include "fixmap.h"
#include "gfp.h"

/* ---- simple API ------------------------------------------------------ */

/* PageHighMem(): a 32-bit kernel's page above max_low_pfn. */
bool PageHighMem(const struct page *page);

/*
 * kmap - a kernel address of @page that stays valid until kunmap()
 * Return: the address; 0 when every pkmap slot is in use (SIM: Linux
 * sleeps in map_new_virtual() until a kunmap(); nothing is changed).
 */
vaddr_t kmap(struct page *page);
/*
 * kunmap - drop one kmap() of @page (a no-op for lowmem, as Linux).
 * Return: 0, or -EINVAL for a HighMem page that is not kmapped (Linux:
 * BUG in kunmap_high(); nothing is changed).
 */
int kunmap(struct page *page);

/*
 * kmap_local_page - map @page in @cpu's next kmap_local slot
 * Return: the address (the linear one for lowmem), 0 on failure with the
 * reason in @why (may be NULL): the CPU's KM_MAX_IDX slots are all in use
 * (Linux: BUG), or @cpu has no slots (beyond NR_CPUS).
 */
vaddr_t kmap_local_page(int cpu, struct page *page, const char **why);
/*
 * kunmap_local - unmap the last kmap_local_page() of @cpu at @vaddr
 * Return: 0; -EINVAL with @why when @vaddr is not @cpu's most recent
 * mapping (Linux: WARN_ON_ONCE) or was made by kmap_atomic(). Nothing is
 * changed on error. A linear-map address is a no-op, as Linux.
 */
int kunmap_local(int cpu, vaddr_t vaddr, const char **why);
/* kmap_atomic(): kmap_local_page() with page faults and preemption off. */
vaddr_t kmap_atomic(int cpu, struct page *page, const char **why);
int kunmap_atomic(int cpu, vaddr_t vaddr, const char **why);

/* The HighMem halves of kmap() / kunmap(): same returns. */
vaddr_t kmap_high(struct page *page);
int kunmap_high(struct page *page);

/* kmap_flush_unused(): unmap every pkmap slot nobody uses (count 1). */
void kmap_flush_unused(void);
/* kmap_to_page(): the page behind a pkmap or linear address. */
struct page *kmap_to_page(vaddr_t vaddr);

/* ---- advanced: the state behind the API ------------------------------ */

/* PKMAP_ADDR(nr) and PKMAP_NR(addr) of the running machine. */
vaddr_t PKMAP_ADDR(unsigned int nr);
unsigned int PKMAP_NR(vaddr_t addr);
/* LAST_PKMAP: 0 on 64-bit kernels (no pkmap area). */
unsigned int last_pkmap(void);

/* pkmap_count[nr] (0 free, 1 mapped but unused, n: n-1 users), or -1. */
int pkmap_count(unsigned int nr);
/* get_next_pkmap_nr()'s position: the slot the last new kmap took. */
unsigned int last_pkmap_nr(void);
/* The HighMem half of page_address(): page_address_htable; 0 if none. */
vaddr_t highmem_page_address(const struct page *page);

struct kmap_stats {
	u64 pkmap_wraps;	/* flush_all_zero_pkmaps() calls */
	u64 pkmap_tlb_flushes;	/* ... that flushed the pkmap range */
	u64 kmap_local_flushes;	/* flush_tlb_one_kernel() on kunmap_local */
};
void kmap_get_stats(struct kmap_stats *st);

/*
 * kmap_local_depth - @cpu's kmap_local stack depth (kmap_ctrl.idx), and
 * kmap_local_slot(): the address, pfn and kind of entry @i (0: oldest).
 * Return: the depth / 0, or -EINVAL.
 */
int kmap_local_depth(int cpu);
int kmap_local_slot(int cpu, int i, vaddr_t *vaddr, unsigned long *pfn,
		    bool *atomic);

/*
 * kmap_area_owned - does @addr lie in an area only this code maps (the
 * pkmap area and the fixmap, early_ioremap slots included)? Raw page-table
 * writers (the Lua m:map_page) refuse such addresses.
 */
bool kmap_area_owned(vaddr_t addr);

/* m:check()'s invariants of pkmap, fixmap and kmap_local (check.c). */
int highmem_check(struct machine *m);
/* Free the machine's kmap state (machine_destroy()). */
void highmem_exit(struct machine *m);

#endif /* MMSIM_HIGHMEM_H */
