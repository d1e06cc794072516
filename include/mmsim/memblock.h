/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Boot-time memory management, as include/linux/memblock.h: two sorted
 * arrays of physical ranges, "memory" (what exists) and "reserved" (what is
 * taken). Early allocations (mem_map, page tables) come from here, top-down
 * below memblock.current_limit, until mem_init() hands the free rest to the
 * buddy allocator.
 */
#ifndef MMSIM_MEMBLOCK_H
#define MMSIM_MEMBLOCK_H

#include "types.h"

#define NUMA_NO_NODE	(-1)
#define MEMBLOCK_ALLOC_ACCESSIBLE	0
#define MEMBLOCK_ALLOC_ANYWHERE		(~(phys_addr_t)0)

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
	int nid;
	const char *owner;	/* SIM: who reserved it, for /proc/iomem-like dumps */
};

struct memblock_type {
	unsigned long cnt;
	unsigned long max;
	phys_addr_t total_size;
	struct memblock_region *regions;
	const char *name;
};

struct memblock {
	bool bottom_up;
	phys_addr_t current_limit;	/* allocations stay below this */
	struct memblock_type memory;
	struct memblock_type reserved;
};

struct machine;

int memblock_init(struct memblock *mb);
void memblock_release(struct memblock *mb);

int memblock_add_node(struct memblock *mb, phys_addr_t base, phys_addr_t size,
		      int nid);
int memblock_add(struct memblock *mb, phys_addr_t base, phys_addr_t size);
int memblock_reserve(struct memblock *mb, phys_addr_t base, phys_addr_t size,
		     const char *owner);
int memblock_phys_free(struct memblock *mb, phys_addr_t base, phys_addr_t size);
int memblock_set_node(struct memblock *mb, phys_addr_t base, phys_addr_t size,
		      int nid);

phys_addr_t memblock_phys_alloc_range(struct memblock *mb, phys_addr_t size,
				      phys_addr_t align, phys_addr_t start,
				      phys_addr_t end, const char *owner);
phys_addr_t memblock_phys_alloc_try_nid(struct memblock *mb, phys_addr_t size,
					phys_addr_t align, int nid,
					const char *owner);

bool memblock_is_memory(const struct memblock *mb, phys_addr_t addr);
bool memblock_is_reserved(const struct memblock *mb, phys_addr_t addr);
bool memblock_is_region_reserved(const struct memblock *mb, phys_addr_t base,
				 phys_addr_t size);
phys_addr_t memblock_start_of_DRAM(const struct memblock *mb);
phys_addr_t memblock_end_of_DRAM(const struct memblock *mb);
phys_addr_t memblock_phys_mem_size(const struct memblock *mb);

/* Pages of [start_pfn, end_pfn) that are memory and not reserved. */
unsigned long memblock_free_pages_in(const struct memblock *mb,
				     unsigned long start_pfn,
				     unsigned long end_pfn);
/* Pages of [start_pfn, end_pfn) that are memory (present). */
unsigned long memblock_present_pages_in(const struct memblock *mb,
					unsigned long start_pfn,
					unsigned long end_pfn);

/*
 * Iterate free (memory and not reserved) ranges in ascending order:
 * for_each_free_mem_range(i, mb, &start, &end) { ... }
 */
bool __next_free_mem_range(const struct memblock *mb, unsigned long *idx,
			   unsigned long *jdx, phys_addr_t *start,
			   phys_addr_t *end, int *nid);
#define for_each_free_mem_range(i, j, mb, s, e, nid)			\
	for (i = 0, j = 0; __next_free_mem_range(mb, &i, &j, s, e, nid); )

#define for_each_mem_region(i, mb) \
	for (i = 0; i < (mb)->memory.cnt; i++)

int memblock_check(struct machine *m);

#endif /* MMSIM_MEMBLOCK_H */
