/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compile-time virtual addresses (K4, K5), as include/asm-generic/fixmap.h
 * and each architecture's asm/fixmap.h: slot 0 sits at FIXADDR_TOP and
 * slot i one page lower per index, so the enum grows down from the top of
 * the address space. The slots of the running architecture are data in
 * m->layout.fixmap (include/mmsim/fixmap_types.h).
 */
#ifndef MMSIM_FIXMAP_H
#define MMSIM_FIXMAP_H

#include "fixmap_types.h"
#include "pgtable.h"

/* __fix_to_virt(): FIXADDR_TOP - (idx << PAGE_SHIFT), unchecked. */
vaddr_t __fix_to_virt(unsigned int idx);
/*
 * fix_to_virt(): the address of slot @idx; 0 for an index at or beyond
 * __end_of_fixed_addresses (SIM: Linux refuses it at compile time).
 */
vaddr_t fix_to_virt(unsigned int idx);
/*
 * virt_to_fix(): the slot of @vaddr in [FIXADDR_START, FIXADDR_TOP), or
 * -EINVAL where Linux's BUG_ON() fires.
 */
long virt_to_fix(vaddr_t vaddr);

/*
 * __set_fixmap(): point slot @idx at @phys with @prot, or clear it when
 * @prot is 0; allocates the page-table page if needed and flushes the
 * slot's translation. Return: 0, -EINVAL (index out of range), -ERANGE
 * (@phys not addressable by the page-table format), -EFAULT (@phys beyond
 * the machine's physical memory: no device memory is modelled), -ENOMEM.
 */
int __set_fixmap(unsigned int idx, phys_addr_t phys, pgprot_t prot);
/* set_fixmap(): FIXMAP_PAGE_NORMAL (PAGE_KERNEL); clear_fixmap(). */
int set_fixmap(unsigned int idx, phys_addr_t phys);
int clear_fixmap(unsigned int idx);

/* The enum run that holds @idx (the first one on ARM's shared slots). */
const struct fixmap_range *fixmap_range_of(unsigned int idx);
/* An enum name ("FIX_APIC_BASE", "FIX_KMAP_END") to its index: 0/-ENOENT. */
int fixmap_lookup_name(const char *name, unsigned int *idx);
/*
 * The kernel PTE of virtual address @addr in init_mm; with @alloc the
 * page-table pages on the way are allocated. NULL when there is no table
 * (or a large page) and @alloc is false, or when allocation fails.
 */
pte_t *fixmap_kernel_pte(vaddr_t addr, bool alloc);

#endif /* MMSIM_FIXMAP_H */
