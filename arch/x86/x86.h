/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What arch/x86's setup, e820 and layout files share (not public).
 */
#ifndef MMSIM_ARCH_X86_H
#define MMSIM_ARCH_X86_H

#include "../arch_internal.h"

#define MAX_DMA_PFN	(SZ_16M >> PAGE_SHIFT)	/* ISA DMA: 24 address bits */
#define MAX_DMA32_PFN	(SZ_4G >> PAGE_SHIFT)
#define MAX_NONPAE_PFN	(1UL << 20)		/* 4 GiB */

/* The top of the x86_32 kernel window: everything above VMALLOC_END. */
struct x86_32_top {
	vaddr_t fixaddr_top;		/* __FIXADDR_TOP = 0xfffff000 */
	vaddr_t fixaddr_start;		/* FIXADDR_TOP - FIXADDR_SIZE */
	vaddr_t fixaddr_tot_start;	/* ... - FIXADDR_TOT_SIZE (with BTMAPs) */
	vaddr_t cpu_entry_area_base;	/* CPU_ENTRY_AREA_BASE */
	vaddr_t cpu_entry_area_end;	/* + CPU_ENTRY_AREA_MAP_SIZE */
	vaddr_t ldt_base, ldt_end;	/* LDT_BASE_ADDR, LDT_END_ADDR */
	vaddr_t pkmap_base;		/* PKMAP_BASE */
	unsigned int last_pkmap;	/* LAST_PKMAP */
	vaddr_t vmalloc_end;		/* VMALLOC_END = PKMAP_BASE - 2 pages */
};

void x86_32_layout_top(bool pae, struct x86_32_top *t);
/* __VMALLOC_RESERVE: 128M, or vmalloc= plus VMALLOC_OFFSET. */
u64 x86_32_vmalloc_reserve(const struct machine_config *cfg);
/* MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE (may be <= 0). */
s64 x86_32_maxmem(const struct machine_config *cfg, bool pae);
/* Fill m->layout once max_low_pfn (hence high_memory) is known. */
void x86_32_fill_layout(struct machine *m, bool pae);
void x86_64_fill_layout(struct machine *m, bool la57);

/* e820.c: the PC firmware map, shared by the four x86 variants. */
void e820_firmware_memmap(struct machine *m);

#endif /* MMSIM_ARCH_X86_H */
