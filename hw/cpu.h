/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A simulated CPU: control registers and privilege level. The MMU and TLB
 * (hw/mmu.h, hw/tlb.h) hang off it. No kernel policy here.
 */
#ifndef MMSIM_HW_CPU_H
#define MMSIM_HW_CPU_H

#include <mmsim/types.h>

struct tlb;

struct cpu {
	int id;
	/* x86 */
	u64 cr0, cr2, cr3, cr4, efer;
	/* arm: TTBR0/1, TTBCR, SCTLR, DACR, FSR/FAR */
	u64 ttbr0, ttbr1, ttbcr, sctlr, dacr, fsr, far;
	int cpl;			/* current privilege level: 0 kernel, 3 user */
	u64 sp;				/* stack pointer in use */
	struct tlb *tlb;		/* hw/tlb.c, NULL until paging is up */
};

#endif /* MMSIM_HW_CPU_H */
