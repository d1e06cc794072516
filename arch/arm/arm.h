/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of arch/arm share (not a public header): the hooks of
 * arm_pt_ops (arch/arm/pgtable.c) that live in other files.
 */
#ifndef MMSIM_ARCH_ARM_H
#define MMSIM_ARCH_ARM_H

#include <mmsim/paging.h>

#include "../arch_internal.h"
#include "pgtable-hwdef.h"

/* pgtable.c */
void cpu_v7_set_pte_ext(pte_t *ptep, pte_t pte, u64 ext);
void __pmd_populate(pmd_t *pmdp, phys_addr_t pte, u64 prot);
/* set_memory_*() on ARM: vmalloc and module areas only (pageattr.c). */
int change_memory_common(u64 addr, int numpages, u64 set_mask,
			 u64 clear_mask);

/* init_mem.c: paging_init. */
int arm_paging_init(struct machine *m);

/* tlb.c */
void cpu_switch_mm(struct cpu *c, struct mm_struct *mm);
void arm_switch_mm_irqs_off(struct mm_struct *prev, struct mm_struct *next,
			    int cpu);
void arm_flush_tlb_local(int cpu);
void arm_flush_tlb_all(void);
void arm_flush_tlb_one_kernel(int cpu, u64 addr);
void arm_flush_tlb_mm_range(struct mm_struct *mm, u64 start, u64 end,
			    unsigned int stride_shift);

/* arch/arm/fault.c: a user data / prefetch abort as do_page_fault reads it. */
void arm_decode_user_fault(const struct mmu_fault *f, struct user_fault *uf);

#endif /* MMSIM_ARCH_ARM_H */
