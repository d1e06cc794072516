/* SPDX-License-Identifier: GPL-2.0 */
/* Boot-time memory initialisation steps (mm/mm_init.c, kernel/numa.c). */
#ifndef MMSIM_MM_INIT_H
#define MMSIM_MM_INIT_H

#include "machine.h"

int numa_emulation(struct machine *m, char *err, size_t errlen);
int free_area_init(struct machine *m);
int alloc_mem_map(struct machine *m);
int build_zone_lookup(struct machine *m);
void free_mem_map(struct machine *m);
void memmap_init_reserved_pages(struct machine *m);
int zones_check(struct machine *m);
/* The page of @pfn if its memmap is valid (a hole has none), else NULL. */
struct page *pfn_to_online_page(struct machine *m, unsigned long pfn);

/* mm/page_alloc.c: the buddy allocator takes over from memblock. */
int page_alloc_init(struct machine *m);
void page_alloc_exit(struct machine *m);
unsigned long memblock_free_all(void);
/* Estimate of pages available without swapping (si_mem_available). */
unsigned long si_mem_available(void);

#endif /* MMSIM_MM_INIT_H */
