/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A machine built by hand for page allocator unit tests: memblock, nodes and
 * zones are set up directly (no firmware, no architecture), then the real
 * free_area_init(), page_alloc_init() and memblock_free_all() run. Tests of
 * the buddy mechanics thus do not depend on any architecture's boot.
 */
#ifndef PA_HAND_MACHINE_H
#define PA_HAND_MACHINE_H

#include <mmsim/arch.h>
#include <mmsim/mm_init.h>
#include <mmsim/page_alloc.h>

static const struct arch_ops hand_arch = {
	.name = "hand", .bits = 64, .struct_page_size = 64,
	.zones = BIT(ZONE_DMA) | BIT(ZONE_DMA32) | BIT(ZONE_NORMAL),
	.hugetlb_page_order = 9,
};

/*
 * @mem bytes of RAM from physical 0 on @nodes nodes, x86_64-like zones
 * (DMA < 16M, DMA32 < 4G, Normal above), page 0 reserved.
 */
static inline struct machine *hand_machine(u64 mem, int nodes, int cpus)
{
	struct machine *m = calloc(1, sizeof(*m));
	u64 per = mem / (u64)nodes;

	machine_enter(m);
	m->arch = &hand_arch;
	m->cfg.cpus = cpus;
	m->cfg.nodes = nodes;
	m->nr_cpus = cpus;
	m->nr_node_ids = nodes;
	m->max_pfn = m->max_low_pfn = PHYS_PFN(mem);
	m->max_zone_pfn[ZONE_DMA] = PHYS_PFN(SZ_16M);
	m->max_zone_pfn[ZONE_DMA32] = PHYS_PFN(SZ_4G);
	m->max_zone_pfn[ZONE_NORMAL] = m->max_pfn;
	m->layout.page_offset = 0xffff888000000000ULL;
	if (ram_init(&m->ram, mem))
		return NULL;
	memblock_init(&m->memblock);
	m->memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	for (int nid = 0; nid < nodes; nid++)
		memblock_add_node(&m->memblock, per * (u64)nid, per, nid);
	memblock_reserve(&m->memblock, 0, PAGE_SIZE, "first page");
	if (free_area_init(m) || alloc_mem_map(m) || page_alloc_init(m))
		return NULL;
	memmap_init_reserved_pages(m);
	m->totalram_pages = memblock_free_all();
	m->booted = true;
	return m;
}

static inline void hand_destroy(struct machine *m)
{
	page_alloc_exit(m);
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		free(m->node_data[nid]);
	free_mem_map(m);
	memblock_release(&m->memblock);
	ram_exit(&m->ram);
	sb_free(&m->dmesg);
	sb_free(&m->check_report);
	free(m);
	machine_enter(NULL);
}

/* Free pages per order, summed over zones: /proc/buddyinfo's numbers. */
static inline void buddy_snapshot(struct machine *m,
				  unsigned long out[MAX_NR_ZONES][NR_PAGE_ORDERS])
{
	memset(out, 0, sizeof(unsigned long) * MAX_NR_ZONES * NR_PAGE_ORDERS);
	for (int nid = 0; nid < m->nr_node_ids; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			for (int o = 0; o < NR_PAGE_ORDERS; o++)
				out[z][o] += m->node_data[nid]->node_zones[z]
						     .free_area[o].nr_free;
}

static inline int pa_check(struct machine *m)
{
	sb_reset(&m->check_report);
	if (page_alloc_check(m)) {
		printf("# check failed:\n%s", sb_str(&m->check_report));
		return 1;
	}
	return 0;
}

#endif
