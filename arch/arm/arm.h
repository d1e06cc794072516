/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ARM (short-descriptor, 2-level) pieces that the shared page-table,
 * set_memory and mmu_context code in arch/x86/ calls when the machine's
 * pt_format is ARM (not a public header).
 */
#ifndef MMSIM_ARCH_ARM_H
#define MMSIM_ARCH_ARM_H

#include <mmsim/paging.h>

/* Write the Linux PTE at @ptep and the hardware PTE 2 KiB above it. */
void cpu_v7_set_pte_ext(pte_t *ptep, pte_t pte, u64 ext);

/* Point the L1 entry pair at @pmdp to the two hardware tables of @pte. */
void __pmd_populate(pmd_t *pmdp, phys_addr_t pte, u64 prot);

/* set_memory_ro/rw/x/nx on ARM: vmalloc and module areas only. */
int change_memory_common(u64 addr, int numpages, u64 set_mask,
			 u64 clear_mask);

/* cpu_switch_mm(): TTBR0 and the ASID in CONTEXTIDR, never a flush. */
void cpu_switch_mm(struct cpu *c, struct mm_struct *mm);

#endif /* MMSIM_ARCH_ARM_H */
