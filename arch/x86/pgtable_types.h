/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 page-table entry bits and protections, as
 * arch/x86/include/asm/pgtable_types.h. Only arch/x86/ and front ends that
 * speak about x86 entries (the Lua module, tests) include this; generic
 * code reaches the encoding through struct pt_ops.
 */
#ifndef MMSIM_ARCH_X86_PGTABLE_TYPES_H
#define MMSIM_ARCH_X86_PGTABLE_TYPES_H

#include <mmsim/types.h>

#define _PAGE_BIT_PRESENT	0
#define _PAGE_BIT_RW		1
#define _PAGE_BIT_USER		2
#define _PAGE_BIT_PWT		3
#define _PAGE_BIT_PCD		4
#define _PAGE_BIT_ACCESSED	5
#define _PAGE_BIT_DIRTY		6
#define _PAGE_BIT_PSE		7	/* 4 MiB / 2 MiB / 1 GiB page */
#define _PAGE_BIT_PAT		7	/* in a 4 KiB PTE */
#define _PAGE_BIT_GLOBAL	8
#define _PAGE_BIT_SOFTW1	9
#define _PAGE_BIT_PAT_LARGE	12
#define _PAGE_BIT_NX		63

#define _PAGE_PRESENT	BIT_ULL(_PAGE_BIT_PRESENT)
#define _PAGE_RW	BIT_ULL(_PAGE_BIT_RW)
#define _PAGE_USER	BIT_ULL(_PAGE_BIT_USER)
#define _PAGE_PWT	BIT_ULL(_PAGE_BIT_PWT)
#define _PAGE_PCD	BIT_ULL(_PAGE_BIT_PCD)
#define _PAGE_ACCESSED	BIT_ULL(_PAGE_BIT_ACCESSED)
#define _PAGE_DIRTY	BIT_ULL(_PAGE_BIT_DIRTY)
#define _PAGE_PSE	BIT_ULL(_PAGE_BIT_PSE)
#define _PAGE_PAT	BIT_ULL(_PAGE_BIT_PAT)
#define _PAGE_GLOBAL	BIT_ULL(_PAGE_BIT_GLOBAL)
#define _PAGE_PAT_LARGE	BIT_ULL(_PAGE_BIT_PAT_LARGE)
#define _PAGE_NX	BIT_ULL(_PAGE_BIT_NX)

#define _PAGE_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
			 _PAGE_ACCESSED | _PAGE_DIRTY)
#define _KERNPG_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
			 _PAGE_DIRTY)
#define __PAGE_KERNEL	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
			 _PAGE_DIRTY | _PAGE_NX | _PAGE_GLOBAL)
#define __PAGE_KERNEL_EXEC	(__PAGE_KERNEL & ~_PAGE_NX)
#define __PAGE_KERNEL_RO	(__PAGE_KERNEL & ~_PAGE_RW)
#define __PAGE_KERNEL_LARGE	(__PAGE_KERNEL | _PAGE_PSE)
#define __PAGE_SHARED	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
			 _PAGE_ACCESSED | _PAGE_NX)
#define __PAGE_READONLY	(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | \
			 _PAGE_NX)
#define _PAGE_PROTNONE	_PAGE_GLOBAL

#endif /* MMSIM_ARCH_X86_PGTABLE_TYPES_H */
