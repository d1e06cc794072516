/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ARM short-descriptor entry bits: the hardware descriptors and Linux's
 * software PTE bits, as arch/arm/include/asm/pgtable-2level-hwdef.h,
 * pgtable-2level.h and domain.h. Only arch/arm/ and front ends that speak
 * about ARM entries (the Lua module, tests) include this; generic code
 * reaches the encoding through struct pt_ops.
 */
#ifndef MMSIM_ARCH_ARM_PGTABLE_HWDEF_H
#define MMSIM_ARCH_ARM_PGTABLE_HWDEF_H

#include <mmsim/types.h>

/* Hardware first-level (pmd) descriptors. */
#define PMD_TYPE_MASK		0x3ULL
#define PMD_TYPE_FAULT		0x0ULL
#define PMD_TYPE_TABLE		0x1ULL
#define PMD_TYPE_SECT		0x2ULL
#define PMD_PXNTABLE		BIT_ULL(2)
#define PMD_BIT4		BIT_ULL(4)
#define PMD_DOMAIN(x)		((u64)(x) << 5)
#define PMD_DOMAIN_MASK		PMD_DOMAIN(0xf)
#define PMD_SECT_PXN		BIT_ULL(0)
#define PMD_SECT_BUFFERABLE	BIT_ULL(2)
#define PMD_SECT_CACHEABLE	BIT_ULL(3)
#define PMD_SECT_XN		BIT_ULL(4)
#define PMD_SECT_AP_WRITE	BIT_ULL(10)
#define PMD_SECT_AP_READ	BIT_ULL(11)
#define PMD_SECT_TEX(x)		((u64)(x) << 12)
#define PMD_SECT_APX		BIT_ULL(15)
#define PMD_SECT_S		BIT_ULL(16)
#define PMD_SECT_nG		BIT_ULL(17)
#define PMD_SECT_SUPER		BIT_ULL(18)
#define PMD_SECT_WB		(PMD_SECT_CACHEABLE | PMD_SECT_BUFFERABLE)
/* Hardware second-level (small page) descriptors. */
#define PTE_TYPE_MASK		0x3ULL
#define PTE_TYPE_FAULT		0x0ULL
#define PTE_TYPE_LARGE		0x1ULL
#define PTE_TYPE_SMALL		0x2ULL
#define PTE_EXT_XN		BIT_ULL(0)
#define PTE_BUFFERABLE		BIT_ULL(2)
#define PTE_CACHEABLE		BIT_ULL(3)
#define PTE_EXT_AP0		BIT_ULL(4)
#define PTE_EXT_AP1		BIT_ULL(5)
#define PTE_EXT_TEX(x)		((u64)(x) << 6)
#define PTE_EXT_APX		BIT_ULL(9)
#define PTE_EXT_SHARED		BIT_ULL(10)
#define PTE_EXT_NG		BIT_ULL(11)
/* Linux's software PTE bits (the half the hardware never reads). */
#define L_PTE_VALID		BIT_ULL(0)
#define L_PTE_PRESENT		BIT_ULL(0)
#define L_PTE_YOUNG		BIT_ULL(1)
#define L_PTE_DIRTY		BIT_ULL(6)
#define L_PTE_RDONLY		BIT_ULL(7)
#define L_PTE_USER		BIT_ULL(8)
#define L_PTE_XN		BIT_ULL(9)
#define L_PTE_SHARED		BIT_ULL(10)
#define L_PTE_NONE		BIT_ULL(11)
#define L_PTE_MT_WRITEBACK	(0x03ULL << 2)
/* Domains (arch/arm/include/asm/domain.h). */
#define DOMAIN_KERNEL		0
#define DOMAIN_USER		1
#define DOMAIN_IO		2
#define DOMAIN_CLIENT		1
#define DOMAIN_MANAGER		3
#define SECTION_SHIFT		20
#define SECTION_SIZE		(1UL << SECTION_SHIFT)
/* The hardware PTE table sits 2 KiB above the Linux one. */
#define ARM_HW_PTE_OFFSET	2048

#endif /* MMSIM_ARCH_ARM_PGTABLE_HWDEF_H */
