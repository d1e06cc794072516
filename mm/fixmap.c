// SPDX-License-Identifier: GPL-2.0
/*
 * Fixed virtual addresses (K4, K5): include/asm-generic/fixmap.h
 * (__fix_to_virt, fix_to_virt, virt_to_fix, set_fixmap, clear_fixmap) and
 * the architectures' __set_fixmap(): arch/x86/mm/pgtable.c
 * native_set_fixmap() with set_pte_vaddr() of init_32.c / init_64.c, and
 * arch/arm/mm/mmu.c __set_fixmap().
 *
 *	FIXADDR_TOP + PAGE_SIZE	  end of slot 0 (x86_32: exactly 2^32)
 *	FIXADDR_TOP		  slot 0
 *	FIXADDR_TOP - i pages	  slot i
 *	...			  down to __end_of_fixed_addresses - 1
 *
 * Which slots exist is the architecture's enum fixed_addresses, kept as
 * data in m->layout.fixmap. Not modelled: early_ioremap() itself (its
 * FIX_BTMAP slots are ordinary slots here), set_fixmap_io/nocache's
 * memory types.
 */
#include <errno.h>
#include <string.h>

#include <mmsim/fixmap.h>
#include <mmsim/paging.h>
#include <hw/ram.h>

#include "highmem_internal.h"

static const struct fixmap_layout *fixmap(void)
{
	return &current_machine()->layout.fixmap;
}

/**
 * fixmap_add_range - describe one enum run of an architecture's fixmap
 * @f: the layout's fixmap, zeroed by the caller first
 * @name: Linux's enum name of @first
 * @last_name: the enum name of @last, NULL for a single slot
 * @first: first index
 * @last: last index (inclusive)
 *
 * Called by the architectures' setup_arch() while they fill the layout.
 * Ignored when the table is full or @last < @first.
 */
void fixmap_add_range(struct fixmap_layout *f, const char *name,
		      const char *last_name, unsigned int first,
		      unsigned int last)
{
	struct fixmap_range *r;

	if (f->nr_ranges >= MAX_FIXMAP_RANGES || last < first)
		return;
	r = &f->ranges[f->nr_ranges++];
	r->name = name;
	r->last_name = last_name;
	r->first = first;
	r->last = last;
}

/**
 * __fix_to_virt - the address of fixmap slot @idx, unchecked
 * @idx: the index
 *
 * Return: FIXADDR_TOP - (@idx << PAGE_SHIFT).
 */
vaddr_t __fix_to_virt(unsigned int idx)
{
	return fixmap()->top - ((vaddr_t)idx << PAGE_SHIFT);
}

/**
 * fix_to_virt - the address of fixmap slot @idx
 * @idx: an index below __end_of_fixed_addresses
 *
 * Return: the address, or 0 for an index out of range (SIM: Linux's
 * BUILD_BUG_ON() refuses it at compile time). Never wraps: the
 * architectures' slots all lie between FIXADDR_START's neighbourhood and
 * FIXADDR_TOP (highmem_check() verifies it).
 */
vaddr_t fix_to_virt(unsigned int idx)
{
	if (idx >= fixmap()->end)
		return 0;
	return __fix_to_virt(idx);
}

/**
 * virt_to_fix - the fixmap slot of an address
 * @vaddr: an address in [FIXADDR_START, FIXADDR_TOP)
 *
 * As asm-generic/fixmap.h, the range is the permanent fixmap: slot 0
 * (FIXADDR_TOP itself) and x86's early_ioremap slots below FIXADDR_START
 * are refused.
 *
 * Return: the index, or -EINVAL where Linux's BUG_ON() fires.
 */
long virt_to_fix(vaddr_t vaddr)
{
	const struct kernel_layout *l = &current_machine()->layout;

	if (vaddr >= l->fixaddr_top || vaddr < l->fixaddr_start)
		return -EINVAL;
	return (long)((l->fixmap.top - (vaddr & PAGE_MASK)) >> PAGE_SHIFT);
}

/**
 * fixmap_range_of - the enum run that holds a slot
 * @idx: the index
 *
 * Return: the run (on ARM the kmap slots come first, before the
 * early_ioremap slots that share their indices), or NULL for an unnamed
 * index (x86_64's slots above the vsyscall page).
 */
const struct fixmap_range *fixmap_range_of(unsigned int idx)
{
	const struct fixmap_layout *f = fixmap();

	for (int i = 0; i < f->nr_ranges; i++)
		if (idx >= f->ranges[i].first && idx <= f->ranges[i].last)
			return &f->ranges[i];
	return NULL;
}

/**
 * fixmap_lookup_name - an enum name to its index
 * @name: "FIX_APIC_BASE", "FIX_KMAP_END", ...
 * @idx: receives the index
 *
 * Return: 0, or -ENOENT when the running architecture has no such slot.
 */
int fixmap_lookup_name(const char *name, unsigned int *idx)
{
	const struct fixmap_layout *f = fixmap();

	for (int i = 0; i < f->nr_ranges; i++) {
		const struct fixmap_range *r = &f->ranges[i];

		if (!strcmp(r->name, name)) {
			*idx = r->first;
			return 0;
		}
		if (r->last_name && !strcmp(r->last_name, name)) {
			*idx = r->last;
			return 0;
		}
	}
	return -ENOENT;
}

/**
 * fixmap_kernel_pte - the init_mm PTE of a kernel address
 * @addr: the address
 * @alloc: allocate missing page-table pages (populate_extra_pte())
 *
 * Return: the PTE's host pointer; NULL when a table is missing and
 * @alloc is false, when a large page maps @addr, or when out of memory.
 */
pte_t *fixmap_kernel_pte(vaddr_t addr, bool alloc)
{
	pgd_t *pgd;
	p4d_t *p4d;
	pud_t *pud;
	pmd_t *pmd;

	if (alloc)
		return pt_walk_alloc(&init_mm, addr, PT_PTE);
	pgd = pgd_offset_k(addr);
	if (pgd_none(pgdp_get(pgd)))
		return NULL;
	p4d = p4d_offset(pgd, addr);
	if (p4d_none(p4dp_get(p4d)))
		return NULL;
	pud = pud_offset(p4d, addr);
	if (pud_none(pudp_get(pud)) || pud_leaf(pudp_get(pud)))
		return NULL;
	pmd = pmd_offset(pud, addr);
	if (pmd_none(pmdp_get(pmd)) || pmd_leaf(pmdp_get(pmd)))
		return NULL;
	return pte_offset_kernel(pmd, addr);
}

/**
 * __set_fixmap - point a fixmap slot at a physical page, or clear it
 * @idx: the slot, below __end_of_fixed_addresses
 * @phys: the physical address (the page that holds it is mapped)
 * @prot: the protection; 0 clears the slot (FIXMAP_PAGE_CLEAR)
 *
 * Like x86's set_pte_vaddr(), the page-table page is allocated if the
 * slot has none yet (Linux preallocates them at boot; mmsim does too for
 * the permanent slots, so only the early_ioremap slots of x86_64 and PAE
 * may need one). The slot's translation is flushed afterwards.
 *
 * Context: acts on current_machine(); may allocate a page-table page.
 * Return: 0; -EINVAL when @idx >= __end_of_fixed_addresses (Linux: BUG),
 * -ERANGE when @phys does not fit the page-table format, -EFAULT when it
 * is beyond the machine's physical memory, -ENOMEM. Nothing is changed on
 * error.
 */
int __set_fixmap(unsigned int idx, phys_addr_t phys, pgprot_t prot)
{
	struct highmem_state *hs = highmem_state();
	vaddr_t vaddr;
	pte_t *pte;
	pte_t v;

	if (!hs)
		return -ENOMEM;
	if (idx >= fixmap()->end)
		return -EINVAL;
	vaddr = __fix_to_virt(idx);
	if (pgprot_val(prot) && pt_map_check(vaddr, phys & PAGE_MASK,
					     PAGE_SIZE, PG_LEVEL_4K))
		return -ERANGE;
	/*
	 * SIM: Linux maps device registers here (the local APIC at
	 * 0xfee00000); mmsim models no device memory, so the page must be
	 * in the machine's physical memory.
	 */
	if (pgprot_val(prot) &&
	    !ram_valid(&current_machine()->ram, phys & PAGE_MASK, PAGE_SIZE))
		return -EFAULT;
	pte = fixmap_kernel_pte(vaddr, pgprot_val(prot) != 0);
	if (!pte)
		return pgprot_val(prot) ? -ENOMEM : 0;
	if (pgprot_val(prot)) {
		v = pfn_pte(phys >> PAGE_SHIFT, prot);
		set_pte_at(&init_mm, vaddr, pte, v);
		hs->fixmap_set[idx] = pte_val(v);
	} else {
		pte_clear(&init_mm, vaddr, pte);
		hs->fixmap_set[idx] = 0;
	}
	/* set_pte_vaddr()'s __flush_tlb_one_kernel(), ARM's local flush. */
	flush_tlb_one_kernel(vaddr);
	return 0;
}

/**
 * set_fixmap - map a fixmap slot to a physical page, PAGE_KERNEL
 * @idx: the slot
 * @phys: the physical address
 *
 * Return: as __set_fixmap().
 */
int set_fixmap(unsigned int idx, phys_addr_t phys)
{
	return __set_fixmap(idx, phys, PAGE_KERNEL);
}

/**
 * clear_fixmap - unmap a fixmap slot
 * @idx: the slot
 *
 * Return: 0, or -EINVAL for an index out of range.
 */
int clear_fixmap(unsigned int idx)
{
	return __set_fixmap(idx, 0, __pgprot(0));
}
