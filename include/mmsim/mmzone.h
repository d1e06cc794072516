/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Nodes, zones and buddy free areas, as include/linux/mmzone.h (Z1):
 * machine -> node (pg_data_t) -> zones -> page frames -> free_area[order].
 */
#ifndef MMSIM_MMZONE_H
#define MMSIM_MMZONE_H

#include "mm_types.h"

#define MAX_PAGE_ORDER		10
#define NR_PAGE_ORDERS		(MAX_PAGE_ORDER + 1)
#define MAX_ORDER_NR_PAGES	(1UL << MAX_PAGE_ORDER)
/*
 * pageblock_order depends on the architecture (include/linux/pageblock-flags.h):
 * min(HUGETLB_PAGE_ORDER, MAX_PAGE_ORDER) with hugetlb, else MAX_PAGE_ORDER.
 * x86_64 and x86_32 PAE: PMD_SHIFT 21 - 12 = 9; x86_32 two-level: 22 - 12
 * = 10; arm32 short descriptors (no hugetlb): MAX_PAGE_ORDER = 10.
 * SIM: a per-machine value, as Linux's CONFIG_HUGETLB_PAGE_SIZE_VARIABLE
 * variable, set by page_alloc_init() from arch_ops.pageblock_order. Hot
 * paths that hold a zone read the copy in zone->pb_order instead.
 */
#define pageblock_order		(current_machine()->pb_order)
#define pageblock_nr_pages	(1UL << pageblock_order)
#define DEFAULT_PAGEBLOCK_ORDER	MAX_PAGE_ORDER	/* no hugetlb, no THP */

#define MAX_NUMNODES		64	/* x86_64 NODES_SHIFT 6 */
#define MAX_NR_CPUS		64

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES,	/* the number of types on the pcp lists */
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_ISOLATE,
	MIGRATE_TYPES
};

extern const char *const migratetype_names[MIGRATE_TYPES];

/*
 * Every zone Linux can configure. An architecture configures a subset
 * (arch_ops.zones): x86_64 has no HighMem, x86_32 no DMA32 and no Device.
 * Zones that are
 * configured but hold no memory stay in the node with spanned == 0.
 */
enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_HIGHMEM,
	ZONE_MOVABLE,
	/*
	 * CONFIG_ZONE_DEVICE (x86_64 distribution kernels): pages of device
	 * memory added by memremap_pages(). SIM: configured on x86_64 and
	 * x86_64_la57, never populated (no device memory is simulated).
	 */
	ZONE_DEVICE,
	MAX_NR_ZONES
};

extern const char *const zone_names[MAX_NR_ZONES];

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	WMARK_PROMO,
	NR_WMARK
};

struct free_area {
	struct list_head free_list[MIGRATE_TYPES];
	unsigned long nr_free;		/* blocks (not pages) on the lists */
};

struct pglist_data;
struct per_cpu_pages;

/*
 * Locking: mmsim is single-threaded per machine, so zone->lock of Linux is
 * implied by "the caller runs the machine". Fields note what Linux locks.
 */
struct zone {
	/* Read-mostly fields. */
	unsigned long _watermark[NR_WMARK];
	unsigned long watermark_boost;
	unsigned long nr_reserved_highatomic;
	unsigned long nr_free_highatomic;	/* free HighAtomic pages */
	long lowmem_reserve[MAX_NR_ZONES];	/* see setup_per_zone_lowmem_reserve */
	struct pglist_data *zone_pgdat;
	struct per_cpu_pages *per_cpu_pageset;	/* one per simulated CPU */
	unsigned char *pageblock_flags;	/* migratetype per pageblock */
	unsigned int pb_order;		/* SIM: the machine's pageblock_order */

	unsigned long zone_start_pfn;
	unsigned long managed_pages;	/* pages handed to the buddy allocator */
	unsigned long spanned_pages;	/* zone_end_pfn - zone_start_pfn */
	unsigned long present_pages;	/* spanned minus holes */
	unsigned long cma_pages;
	const char *name;
	enum zone_type idx;		/* zone_idx() */

	/* zone->lock in Linux. */
	struct free_area free_area[NR_PAGE_ORDERS];
	unsigned long flags;

	/* Statistics (mm/vmstat.c); indexes in vmstat.h. */
	long vm_stat[32];
	unsigned long vm_events_alloc;	/* pages allocated here (pgalloc) */
	/*
	 * SIM: pages rmqueue() handed out and not yet freed back, counted in
	 * pages (a compound or high-order block counts 2^order). Pages on
	 * the per-CPU lists count as free. Linux has no such counter; it
	 * lets page_alloc_check() verify managed == free + allocated.
	 */
	long nr_allocated;
};

static inline unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}

static inline bool zone_spans_pfn(const struct zone *zone, unsigned long pfn)
{
	return zone->zone_start_pfn <= pfn && pfn < zone_end_pfn(zone);
}

static inline unsigned long zone_pageblock_nr_pages(const struct zone *zone)
{
	return 1UL << zone->pb_order;
}

static inline bool populated_zone(const struct zone *zone)
{
	return zone->present_pages != 0;
}

static inline bool managed_zone(const struct zone *zone)
{
	return zone->managed_pages != 0;
}

static inline enum zone_type zone_idx(const struct zone *zone)
{
	return zone->idx;
}

static inline bool is_highmem_idx(enum zone_type idx)
{
	return idx == ZONE_HIGHMEM;
}

static inline bool is_highmem(const struct zone *zone)
{
	return is_highmem_idx(zone->idx);
}

static inline unsigned long wmark_pages(const struct zone *z, int w)
{
	return z->_watermark[w] + z->watermark_boost;
}
#define min_wmark_pages(z)	wmark_pages(z, WMARK_MIN)
#define low_wmark_pages(z)	wmark_pages(z, WMARK_LOW)
#define high_wmark_pages(z)	wmark_pages(z, WMARK_HIGH)

/* A zonelist: zones to try, best first (mm/page_alloc.c build_zonelists). */
#define MAX_ZONES_PER_ZONELIST	(MAX_NUMNODES * MAX_NR_ZONES)

struct zoneref {
	struct zone *zone;
	int zone_idx;
};

struct zonelist {
	struct zoneref _zonerefs[MAX_ZONES_PER_ZONELIST + 1];
};

enum {
	ZONELIST_FALLBACK,	/* all nodes, local first */
	ZONELIST_NOFALLBACK,	/* __GFP_THISNODE */
	MAX_ZONELISTS
};

typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	struct zonelist node_zonelists[MAX_ZONELISTS];
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
	int node_id;
	unsigned long totalreserve_pages;
	long vm_stat[64];		/* node_stat_item counters */
} pg_data_t;

static inline unsigned long pgdat_end_pfn(const pg_data_t *pgdat)
{
	return pgdat->node_start_pfn + pgdat->node_spanned_pages;
}

#endif /* MMSIM_MMZONE_H */
