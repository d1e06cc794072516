/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's virtual address layout (L1-L6), computed at boot by the
 * architecture (arch/ * /layout.c) from the same formulas Linux uses.
 */
#ifndef MMSIM_LAYOUT_H
#define MMSIM_LAYOUT_H

#include "types.h"
#include "strbuf.h"
#include "fixmap_types.h"

#define MAX_LAYOUT_REGIONS	24

struct layout_region {
	const char *name;	/* as Linux names it: "lowmem", "vmalloc", ... */
	vaddr_t start;
	vaddr_t end;		/* exclusive */
};

struct kernel_layout {
	vaddr_t page_offset;	/* PAGE_OFFSET: start of the direct map */
	vaddr_t task_size;	/* TASK_SIZE: end of user space */
	vaddr_t high_memory;	/* end of the direct-mapped RAM (virtual) */
	vaddr_t vmalloc_start, vmalloc_end;
	vaddr_t pkmap_base;	/* 0 when there is no HighMem support */
	unsigned int last_pkmap;
	vaddr_t fixaddr_start, fixaddr_top;
	struct fixmap_layout fixmap;	/* enum fixed_addresses (K4) */
	vaddr_t modules_vaddr, modules_end;
	vaddr_t vmemmap_base;	/* 64-bit only */
	vaddr_t kernel_start;	/* __START_KERNEL_map on x86_64, _text else */
	phys_addr_t phys_offset; /* PHYS_OFFSET: RAM base mapped at PAGE_OFFSET */
	unsigned int va_bits;	/* 32, 48 or 57 */
	int nr_regions;
	struct layout_region regions[MAX_LAYOUT_REGIONS];
};

struct machine;

/* __va(): the direct-map (lowmem) address of physical address @pa. */
static inline vaddr_t layout_va(const struct kernel_layout *l, phys_addr_t pa)
{
	return l->page_offset + (pa - l->phys_offset);
}

/* __pa(): the physical address of direct-map address @va. */
static inline phys_addr_t layout_pa(const struct kernel_layout *l, vaddr_t va)
{
	return (va - l->page_offset) + l->phys_offset;
}

/* Append a region (print order); ignored when the table is full. */
void layout_add(struct kernel_layout *l, const char *name, vaddr_t start,
		vaddr_t end);
/* Region lookup by name; NULL when the layout has no such region. */
const struct layout_region *layout_find(const struct kernel_layout *l,
					const char *name);
/* The region holding @va, or NULL (a hole). */
const struct layout_region *layout_lookup(const struct kernel_layout *l,
					  vaddr_t va);
/* Print "Virtual kernel memory layout:" as Linux's boot log does. */
void layout_print(struct machine *m, struct strbuf *sb);
/* The same block, one pr_info() line each, into the machine's dmesg. */
void layout_dmesg(struct machine *m);

#endif /* MMSIM_LAYOUT_H */
