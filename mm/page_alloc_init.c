// SPDX-License-Identifier: GPL-2.0
/*
 * Setting up the page allocator, as the init parts of Linux's
 * mm/page_alloc.c and mm/mm_init.c:
 *   build_all_zonelists()        the fallback order of zones (B4)
 *   memblock_free_all()          free memblock ranges go to the buddy lists
 *                                (mm/memblock.c __free_pages_memory)
 *   init_per_zone_wmark_min()    min_free_kbytes, watermarks, lowmem_reserve
 *   zone_pcp_update()            per-CPU list high/batch (zone_batchsize,
 *                                zone_highsize)
 *
 * SIM: init_per_zone_wmark_min(), a core_initcall in Linux, runs at the end
 * of memblock_free_all(), when managed pages are known.
 */
#include <stdlib.h>
#include <string.h>

#include <mmsim/page_alloc.h>
#include <mmsim/mm_init.h>
#include <mmsim/arch.h>
#include <mmsim/progress.h>
#include "internal.h"

#define SWAP_CLUSTER_MAX	32UL
#define LOCAL_DISTANCE		10
#define REMOTE_DISTANCE		20
#define PENALTY_FOR_NODE_WITH_CPUS 1

/* ---- GFP zone table ---- */

bool gfp_zone_valid(gfp_t flags)
{
	switch (flags & GFP_ZONEMASK) {
	case 0: case ___GFP_DMA: case ___GFP_HIGHMEM: case ___GFP_DMA32:
	case ___GFP_MOVABLE: case ___GFP_MOVABLE | ___GFP_DMA:
	case ___GFP_MOVABLE | ___GFP_HIGHMEM:
	case ___GFP_MOVABLE | ___GFP_DMA32:
		return true;
	default:
		return false;
	}
}

static enum zone_type gfp_zone_for(const struct machine *m, unsigned int bits)
{
	enum zone_type z;

	switch (bits) {
	case ___GFP_DMA: case ___GFP_MOVABLE | ___GFP_DMA:
		z = ZONE_DMA;
		break;
	case ___GFP_DMA32: case ___GFP_MOVABLE | ___GFP_DMA32:
		z = ZONE_DMA32;
		break;
	case ___GFP_HIGHMEM:
		z = ZONE_HIGHMEM;
		break;
	case ___GFP_MOVABLE | ___GFP_HIGHMEM:
		return ZONE_MOVABLE;
	default:
		return ZONE_NORMAL;	/* and GFP_ZONE_BAD combinations */
	}
	/* OPT_ZONE_DMA, OPT_ZONE_DMA32, OPT_ZONE_HIGHMEM */
	return zone_configured(m, z) ? z : ZONE_NORMAL;
}

/**
 * gfp_zone - the highest zone @flags may allocate from
 * @flags: GFP flags
 *
 * Return: the zone type, on the current machine's architecture.
 */
enum zone_type gfp_zone(gfp_t flags)
{
	struct machine *m = current_machine();

	if (m->pa)
		return m->pa->gfp_zone_table[flags & GFP_ZONEMASK];
	return gfp_zone_for(m, flags & GFP_ZONEMASK);
}

/* ---- CPUs and nodes ---- */

/**
 * cpu_to_node - the node a simulated CPU sits on
 * @cpu: CPU number
 *
 * SIM: CPUs are spread over the nodes in contiguous groups.
 * Return: node id.
 */
int cpu_to_node(int cpu)
{
	return pa_state()->cpu_node[cpu];
}

/** numa_node_id - the current CPU's node */
int numa_node_id(void)
{
	struct page_alloc_state *pa = pa_state();

	return pa->cpu_node[pa->cpu];
}

/**
 * node_zonelist - the zonelist an allocation on @nid walks
 * @nid: node
 * @flags: GFP flags; __GFP_THISNODE selects the node's own zones only
 *
 * Return: the zonelist.
 */
struct zonelist *node_zonelist(int nid, gfp_t flags)
{
	return &NODE_DATA(nid)->node_zonelists[(flags & __GFP_THISNODE) ?
		ZONELIST_NOFALLBACK : ZONELIST_FALLBACK];
}

static int node_distance(int a, int b)
{
	return a == b ? LOCAL_DISTANCE : REMOTE_DISTANCE;
}

static bool node_has_cpus(struct machine *m, int nid)
{
	for (int cpu = 0; cpu < m->nr_cpus; cpu++)
		if (m->pa->cpu_node[cpu] == nid)
			return true;
	return false;
}

static int find_next_best_node(struct machine *m, int node, u64 *used,
			       const int *node_load)
{
	int min_val = __INT_MAX__, best = NUMA_NO_NODE;

	if (!(*used & BIT_ULL(node))) {
		*used |= BIT_ULL(node);
		return node;
	}
	for (int n = 0; n < m->nr_node_ids; n++) {
		int val;

		if (*used & BIT_ULL(n))
			continue;
		val = node_distance(node, n) + (n < node);
		if (node_has_cpus(m, n))
			val += PENALTY_FOR_NODE_WITH_CPUS;
		val = val * MAX_NUMNODES + node_load[n];
		if (val < min_val) {
			min_val = val;
			best = n;
		}
	}
	if (best >= 0)
		*used |= BIT_ULL(best);
	return best;
}

/* Populated zones of @pgdat, highest first (build_zonerefs_node). */
static int build_zonerefs_node(pg_data_t *pgdat, struct zoneref *zonerefs)
{
	int nr = 0;

	for (int zt = MAX_NR_ZONES - 1; zt >= 0; zt--) {
		struct zone *zone = &pgdat->node_zones[zt];

		if (populated_zone(zone)) {
			zonerefs[nr].zone = zone;
			zonerefs[nr].zone_idx = zt;
			nr++;
		}
	}
	return nr;
}

/**
 * build_all_zonelists - every node's fallback and this-node zonelists
 * @m: machine whose zones are sized
 *
 * The fallback list takes whole nodes in order of distance, local first,
 * and each node's zones from the highest down (build_zonelists_in_node_order).
 * An allocation starts at the first zone its GFP mask allows.
 */
void build_all_zonelists(struct machine *m)
{
	int node_load[MAX_NUMNODES] = { 0 };
	unsigned long vm_total_pages = 0;

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		pg_data_t *pgdat = m->node_data[nid];
		struct zoneref *zr = pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
		int node, prev = nid, nr = 0;
		u64 used = 0;

		while ((node = find_next_best_node(m, nid, &used, node_load)) >= 0) {
			if (node_distance(nid, node) != node_distance(nid, prev))
				node_load[node] += 1;
			nr += build_zonerefs_node(m->node_data[node], zr + nr);
			prev = node;
		}
		zr[nr].zone = NULL;
		zr[nr].zone_idx = 0;
		zr = pgdat->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs;
		nr = build_zonerefs_node(pgdat, zr);
		zr[nr].zone = NULL;
		zr[nr].zone_idx = 0;
	}
	for (int nid = 0; nid < m->nr_node_ids; nid++)
		for (int z = 0; z <= (int)gfp_zone_for(m, ___GFP_HIGHMEM |
						       ___GFP_MOVABLE); z++)
			vm_total_pages += m->node_data[nid]->node_zones[z].present_pages;
	m->pa->mobility_disabled =
		vm_total_pages < pageblock_nr_pages * MIGRATE_TYPES;
	pr_info("Built %d zonelists, mobility grouping %s.  Total pages: %lu\n",
		m->nr_node_ids, m->pa->mobility_disabled ? "off" : "on",
		vm_total_pages);
}

/* ---- per-CPU pagesets ---- */

static int zone_batchsize(const struct zone *zone)
{
	return batchsize_for(zone->managed_pages, SZ_1M);
}

static int zone_highsize(struct page_alloc_state *pa, const struct zone *zone,
			 int batch, int high_fraction)
{
	int nr_cpus = current_machine()->nr_cpus;
	unsigned long total_pages;
	int nr_split_cpus = 0, high;

	if (!high_fraction)
		total_pages = low_wmark_pages(zone);
	else
		total_pages = zone->managed_pages / (unsigned long)high_fraction;
	for (int cpu = 0; cpu < nr_cpus; cpu++)
		if (pa->cpu_node[cpu] == zone_to_nid(zone))
			nr_split_cpus++;
	if (!nr_split_cpus)
		nr_split_cpus = nr_cpus;
	high = (int)(total_pages / (unsigned long)nr_split_cpus);
	return high > batch << 2 ? high : batch << 2;
}

#define PCP_LLC_SLICE_PAGES	((int)(SZ_2M >> PAGE_SHIFT))

/**
 * zone_pcp_update - recompute a zone's pcp batch and high limits
 * @zone: zone
 */
void zone_pcp_update(struct zone *zone)
{
	struct page_alloc_state *pa = pa_state();
	int batch = zone_batchsize(zone), high_min, high_max;

	if (batch < 1)
		batch = 1;
	if (pa->percpu_pagelist_high_fraction) {
		high_min = zone_highsize(pa, zone, batch,
					 pa->percpu_pagelist_high_fraction);
		high_max = high_min;
	} else {
		high_min = zone_highsize(pa, zone, batch, 0);
		high_max = zone_highsize(pa, zone, batch,
					 MIN_PERCPU_PAGELIST_HIGH_FRACTION);
	}
	if (!zone->per_cpu_pageset)
		return;
	for (int cpu = 0; cpu < current_machine()->nr_cpus; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		pcp->batch = batch;
		pcp->high_min = high_min;
		pcp->high_max = high_max;
		/*
		 * zone_pcp_update_cacheinfo(). SIM: no cacheinfo; each CPU
		 * is taken to own a 2 MiB slice of the last-level cache,
		 * as on current x86 and arm64 servers.
		 */
		if (PCP_LLC_SLICE_PAGES > 3 * batch)
			pcp->flags |= PCPF_FREE_HIGH_BATCH;
		else
			pcp->flags &= ~PCPF_FREE_HIGH_BATCH;
	}
}

/* ---- watermarks and reserves ---- */

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0;

	for (unsigned long bit = 1UL << 62; bit; bit >>= 2) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
	}
	return r;
}

/**
 * nr_free_buffer_pages - lowmem pages above the high watermarks
 *
 * Return: the sum over zones GFP_USER may use of managed - high.
 */
unsigned long nr_free_buffer_pages(void)
{
	struct zonelist *zl = node_zonelist(numa_node_id(), GFP_USER);
	enum zone_type high = gfp_zone(GFP_USER);
	unsigned long sum = 0;

	for (struct zoneref *z = zl->_zonerefs; z->zone; z++) {
		unsigned long size = z->zone->managed_pages;
		unsigned long hw = high_wmark_pages(z->zone);

		if (z->zone_idx <= (int)high && size > hw)
			sum += size - hw;
	}
	return sum;
}

static void calculate_min_free_kbytes(struct page_alloc_state *pa)
{
	unsigned long lowmem_kbytes = nr_free_buffer_pages() * (PAGE_SIZE >> 10);
	long new_min = (long)int_sqrt(lowmem_kbytes * 16);

	if (new_min > pa->user_min_free_kbytes) {
		if (new_min < 128)
			new_min = 128;
		if (new_min > 262144)
			new_min = 262144;
		pa->min_free_kbytes = (int)new_min;
	}
}

static void calculate_totalreserve_pages(struct machine *m)
{
	unsigned long reserve_pages = 0;

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		pg_data_t *pgdat = m->node_data[nid];

		pgdat->totalreserve_pages = 0;
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			long max = 0;

			for (int j = i; j < MAX_NR_ZONES; j++)
				if (zone->lowmem_reserve[j] > max)
					max = zone->lowmem_reserve[j];
			max += (long)high_wmark_pages(zone);
			if (max > (long)zone->managed_pages)
				max = (long)zone->managed_pages;
			pgdat->totalreserve_pages += (unsigned long)max;
			reserve_pages += (unsigned long)max;
		}
	}
	m->pa->totalreserve_pages = reserve_pages;
}

/**
 * setup_per_zone_lowmem_reserve - protection of lower zones
 *
 * A zone keeps (managed pages of the zones above it) / ratio free against
 * allocations that could have used those higher zones.
 */
void setup_per_zone_lowmem_reserve(void)
{
	struct machine *m = current_machine();
	struct page_alloc_state *pa = m->pa;

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		pg_data_t *pgdat = m->node_data[nid];

		for (int i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			int ratio = pa->lowmem_reserve_ratio[i];
			bool clear = !ratio || !zone->managed_pages;
			unsigned long managed = 0;

			zone->lowmem_reserve[i] = 0;
			for (int j = i + 1; j < MAX_NR_ZONES; j++) {
				managed += pgdat->node_zones[j].managed_pages;
				zone->lowmem_reserve[j] =
					clear ? 0 : (long)(managed / (unsigned long)ratio);
			}
		}
	}
	calculate_totalreserve_pages(m);
}

/**
 * setup_per_zone_wmarks - min/low/high/promo of every zone
 *
 * min_free_kbytes is shared out over lowmem zones by size; HighMem and
 * Movable get a small min (their pages rarely help atomic allocations);
 * low, high and promo are each a step of max(min/4, managed *
 * watermark_scale_factor / 10000) above the previous one.
 */
void setup_per_zone_wmarks(void)
{
	struct machine *m = current_machine();
	struct page_alloc_state *pa = m->pa;
	unsigned long pages_min = (unsigned long)pa->min_free_kbytes >>
				  (PAGE_SHIFT - 10);
	unsigned long lowmem_pages = 0;
	struct zone *zone;

	for (int nid = 0; nid < m->nr_node_ids; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			zone = &m->node_data[nid]->node_zones[z];
			if (!is_highmem(zone) && zone_idx(zone) != ZONE_MOVABLE)
				lowmem_pages += zone->managed_pages;
		}
	for (int nid = 0; nid < m->nr_node_ids; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			unsigned long tmp, scaled;

			zone = &m->node_data[nid]->node_zones[z];
			if (!zone_configured(m, (enum zone_type)z))
				continue;
			tmp = lowmem_pages ? (unsigned long)((u64)pages_min *
				zone->managed_pages / lowmem_pages) : 0;
			if (is_highmem(zone) || zone_idx(zone) == ZONE_MOVABLE) {
				unsigned long min_pages = zone->managed_pages / 1024;

				if (min_pages < SWAP_CLUSTER_MAX)
					min_pages = SWAP_CLUSTER_MAX;
				if (min_pages > 128)
					min_pages = 128;
				zone->_watermark[WMARK_MIN] = min_pages;
			} else {
				zone->_watermark[WMARK_MIN] = tmp;
			}
			scaled = (unsigned long)((u64)zone->managed_pages *
				 (u64)pa->watermark_scale_factor / 10000);
			tmp = tmp >> 2 > scaled ? tmp >> 2 : scaled;
			zone->watermark_boost = 0;
			zone->_watermark[WMARK_LOW] = zone->_watermark[WMARK_MIN] + tmp;
			zone->_watermark[WMARK_HIGH] = zone->_watermark[WMARK_LOW] + tmp;
			zone->_watermark[WMARK_PROMO] = zone->_watermark[WMARK_HIGH] + tmp;
		}
	calculate_totalreserve_pages(m);
	for_each_populated_zone(zone, m)
		zone_pcp_update(zone);
}

/**
 * init_per_zone_wmark_min - size min_free_kbytes and everything from it
 *
 * min_free_kbytes = sqrt(lowmem KiB * 16), clamped to [128, 262144].
 */
void init_per_zone_wmark_min(void)
{
	struct machine *m = current_machine();
	struct zone *zone;

	calculate_min_free_kbytes(m->pa);
	setup_per_zone_wmarks();
	for_each_populated_zone(zone, m)
		m->pa->stat_threshold[zone_to_nid(zone)][zone_idx(zone)] =
			calculate_normal_threshold(zone, m->nr_cpus);
	setup_per_zone_lowmem_reserve();
}

/* ---- init and boot hand-over ---- */

static int zone_alloc_pageblock_flags(struct zone *zone)
{
	unsigned long start = ALIGN_DOWN(zone->zone_start_pfn, pageblock_nr_pages);
	unsigned long nr = (zone_end_pfn(zone) - start + pageblock_nr_pages - 1) /
			   pageblock_nr_pages;

	zone->pageblock_flags = malloc(nr ? nr : 1);
	if (!zone->pageblock_flags)
		return -ENOMEM;
	/* memmap_init(): every pageblock starts out movable. */
	memset(zone->pageblock_flags, MIGRATE_MOVABLE, nr);
	return 0;
}

static int zone_alloc_pcp(struct machine *m, struct zone *zone)
{
	zone->per_cpu_pageset = calloc((size_t)m->nr_cpus,
				       sizeof(struct per_cpu_pages));
	if (!zone->per_cpu_pageset)
		return -ENOMEM;
	for (int cpu = 0; cpu < m->nr_cpus; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		for (int i = 0; i < NR_PCP_LISTS; i++)
			INIT_LIST_HEAD(&pcp->lists[i]);
		pcp->high = 0;		/* BOOT_PAGESET_HIGH */
		pcp->batch = 1;		/* BOOT_PAGESET_BATCH */
	}
	return 0;
}

/**
 * arch_pageblock_order - pageblock_order of an architecture
 * @arch: its ops (NULL: none)
 *
 * include/linux/pageblock-flags.h: min(HUGETLB_PAGE_ORDER, MAX_PAGE_ORDER)
 * with hugetlb, MAX_PAGE_ORDER without (SIM: no THP, whose PMD_ORDER would
 * equal HUGETLB_PAGE_ORDER on every simulated arch that has one).
 *
 * Return: the order.
 */
unsigned int arch_pageblock_order(const struct arch_ops *arch)
{
	unsigned int order = arch ? arch->hugetlb_page_order : 0;

	if (!order || order > MAX_PAGE_ORDER)
		return MAX_PAGE_ORDER;
	return order;
}

static void build_pb_zone(struct machine *m)
{
	struct page_alloc_state *pa = m->pa;
	struct zone *zone;

	for_each_populated_zone(zone, m) {
		unsigned long first = ALIGN(zone->zone_start_pfn,
					    1UL << PB_ZONE_SHIFT) >> PB_ZONE_SHIFT;
		unsigned long last = zone_end_pfn(zone) >> PB_ZONE_SHIFT;

		for (unsigned long pb = first; pb < last && pb < pa->nr_pb; pb++)
			pa->pb_zone[pb] = zone;
	}
}

/**
 * page_alloc_init - set up the allocator's state on a machine
 * @m: machine after free_area_init()
 *
 * Allocates the per-CPU pagesets, pageblock migratetypes and the pfn to
 * zone cache, fills the GFP zone table and builds the zonelists. The free
 * lists stay empty until memblock_free_all().
 *
 * Return: 0 or -ENOMEM.
 */
int page_alloc_init(struct machine *m)
{
	struct page_alloc_state *pa = calloc(1, sizeof(*pa));
	struct zone *zone;
	int nr_cpus = m->nr_cpus;	/* machine_boot() checked 1..MAX_NR_CPUS */

	if (!pa)
		return -ENOMEM;
	m->pa = pa;
	m->pb_order = arch_pageblock_order(m->arch);
	for (int cpu = 0; cpu < nr_cpus; cpu++)
		pa->cpu_node[cpu] = m->nr_node_ids > 1 ?
				    cpu * m->nr_node_ids / nr_cpus : 0;
	pa->comm = "swapper/0";
	pa->min_free_kbytes = 1024;
	pa->user_min_free_kbytes = -1;
	pa->watermark_scale_factor = 10;
	pa->watermark_boost_factor = 15000;
	pa->lowmem_reserve_ratio[ZONE_DMA] = 256;
	pa->lowmem_reserve_ratio[ZONE_DMA32] = 256;
	pa->lowmem_reserve_ratio[ZONE_NORMAL] = 32;
	for (unsigned int bits = 0; bits < 16; bits++)
		pa->gfp_zone_table[bits] = (u8)gfp_zone_for(m, bits);

	pa->nr_pb = (m->max_pfn + (1UL << PB_ZONE_SHIFT) - 1) >> PB_ZONE_SHIFT;
	pa->pb_zone = calloc(pa->nr_pb ? pa->nr_pb : 1, sizeof(*pa->pb_zone));
	if (!pa->pb_zone)
		return -ENOMEM;
	/* free_area_init() set idx, zone_pgdat and the empty free lists. */
	for (int nid = 0; nid < m->nr_node_ids; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			zone = &m->node_data[nid]->node_zones[z];
			zone->pb_order = m->pb_order;
			if (!populated_zone(zone))
				continue;
			if (zone_alloc_pageblock_flags(zone) ||
			    zone_alloc_pcp(m, zone))
				return -ENOMEM;
		}
	build_pb_zone(m);
	build_all_zonelists(m);
	return 0;
}

/**
 * page_alloc_exit - free the allocator's host memory
 * @m: machine being destroyed
 */
void page_alloc_exit(struct machine *m)
{
	if (!m->pa)
		return;
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		if (!m->node_data[nid])
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &m->node_data[nid]->node_zones[z];

			free(zone->pageblock_flags);
			zone->pageblock_flags = NULL;
			free(zone->per_cpu_pageset);
			zone->per_cpu_pageset = NULL;
		}
	}
	free(m->pa->pb_zone);
	free(m->pa);
	m->pa = NULL;
}

/* Hand a free block to the buddy lists at boot (memblock_free_pages). */
static void free_boot_block(struct page_alloc_state *pa, unsigned long pfn,
			    unsigned int order)
{
	struct zone *zone = pa_pfn_zone(pa, pfn);

	if (!zone)
		return;		/* memory outside every zone */
	zone->managed_pages += 1UL << order;
	pa->events[PGFREE] += 1UL << order;
	free_one_page(zone, pfn_to_page(pfn), pfn, order, true);
}

/**
 * __free_pages_core - release boot memory (reserved pages) to the buddy
 * @page: first page, 2^order aligned
 * @order: order
 *
 * Clears PG_reserved and the reference count of every page, counts them as
 * managed and frees the block at the tail of its free list.
 */
void __free_pages_core(struct page *page, unsigned int order)
{
	struct machine *m = current_machine();
	unsigned long pfn = page_to_pfn(page);
	struct zone *zone = pa_pfn_zone(m->pa, pfn);

	for (unsigned long i = 0; i < (1UL << order); i++) {
		ClearPageReserved(page + i);
		set_page_count(page + i, 0);
		page[i]._reserved = 0;
	}
	if (zone && is_highmem(zone))
		m->totalhigh_pages += 1UL << order;
	m->totalram_pages += 1UL << order;
	free_boot_block(m->pa, pfn, order);
}

/* Free [start, end) in the largest aligned blocks (__free_pages_memory). */
static void __free_pages_memory(struct page_alloc_state *pa,
				unsigned long start, unsigned long end)
{
	while (start < end) {
		unsigned int order = start ? (unsigned int)__builtin_ctzl(start)
					   : MAX_PAGE_ORDER;

		if (order > MAX_PAGE_ORDER)
			order = MAX_PAGE_ORDER;
		while (start + (1UL << order) > end)
			order--;
		free_boot_block(pa, start, order);
		start += 1UL << order;
		if (!(start & 0xffff))
			progress_update("freeing pages", start,
					current_machine()->max_pfn);
	}
}

/**
 * memblock_free_all - give every free memblock range to the buddy allocator
 *
 * Walks memblock's free ranges (memory minus reserved), frees them in the
 * largest naturally aligned blocks, sets each zone's managed pages, then
 * computes watermarks, reserves and pcp limits.
 *
 * SIM: ranges are cut at zone boundaries, so an unaligned boundary (a
 * vmalloc= lowmem end) never puts a block in the wrong zone. Linux's
 * x86_32 frees HighMem page by page (add_highpages_with_active_regions);
 * the resulting free lists are the same after merging.
 *
 * Return: total pages handed over (totalram_pages).
 */
unsigned long memblock_free_all(void)
{
	struct machine *m = current_machine();
	struct page_alloc_state *pa = m->pa;
	phys_addr_t start, end;
	unsigned long i, j, total = 0;
	struct zone *zone;
	int nid;

	for_each_populated_zone(zone, m)
		zone->managed_pages = 0;
	for_each_free_mem_range(i, j, &m->memblock, &start, &end, &nid) {
		unsigned long spfn = PFN_UP(start), epfn = PFN_DOWN(end);

		if (epfn > m->max_pfn)
			epfn = m->max_pfn;
		while (spfn < epfn) {
			struct zone *z = pfn_to_zone(spfn);
			unsigned long stop = epfn;

			if (!z) {
				spfn++;
				continue;
			}
			if (zone_end_pfn(z) < stop)
				stop = zone_end_pfn(z);
			__free_pages_memory(pa, spfn, stop);
			spfn = stop;
		}
	}
	m->totalhigh_pages = 0;
	for_each_populated_zone(zone, m) {
		total += zone->managed_pages;
		if (is_highmem(zone))
			m->totalhigh_pages += zone->managed_pages;
	}
	m->totalram_pages = total;
	init_per_zone_wmark_min();
	return total;
}
