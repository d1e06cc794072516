/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page allocator internals shared by mm/page_alloc*.c, mm/vmstat.c, proc/
 * and the Lua binding (Linux: mm/internal.h and parts of mmzone.h).
 * The public API (alloc_pages, __free_pages, GFP flags) is in gfp.h.
 */
#ifndef MMSIM_PAGE_ALLOC_H
#define MMSIM_PAGE_ALLOC_H

#include "arch.h"
#include "gfp.h"
#include "machine.h"
#include "page-flags.h"
#include "vmstat.h"

/* Per-CPU page lists: one list per (order <= COSTLY, pcp migratetype). */
#define NR_PCP_LISTS	(MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))
#define PCP_BATCH_SCALE_MAX	5	/* CONFIG_PCP_BATCH_SCALE_MAX */
#define MIN_PERCPU_PAGELIST_HIGH_FRACTION 8
/* pcp->flags */
#define PCPF_PREV_FREE_HIGH_ORDER	0x01	/* last free: high order */
#define PCPF_FREE_HIGH_BATCH		0x02	/* LLC slice > 3 batches */

/* Linux's struct per_cpu_pages; the allocating CPU owns it. */
struct per_cpu_pages {
	int count;		/* pages on the lists */
	int high;		/* free back to the buddy above this */
	int high_min, high_max;
	int batch;		/* chunk moved to/from the buddy lists */
	int free_count;		/* consecutive pages freed */
	int alloc_factor;	/* batch scale of the next refill */
	u8 flags;		/* PCPF_* */
	struct list_head lists[NR_PCP_LISTS];
};

/* mm/page_alloc.c: lower an idle pcp's high, drain above it. */
int decay_pcp_high(struct zone *zone, struct per_cpu_pages *pcp);

static inline unsigned int order_to_pindex(int migratetype, unsigned int order)
{
	return MIGRATE_PCPTYPES * order + (unsigned int)migratetype;
}

static inline unsigned int pindex_to_order(unsigned int pindex)
{
	return pindex / MIGRATE_PCPTYPES;
}

static inline bool pcp_allowed_order(unsigned int order)
{
	/* SIM: no THP, so no pcp list for HPAGE_PMD_ORDER. */
	return order <= PAGE_ALLOC_COSTLY_ORDER;
}

/* zone->flags bits (enum zone_flags). */
#define ZONE_BOOSTED_WATERMARK	0
#define ZONE_BELOW_HIGH		1

/* alloc_flags (mm/internal.h). */
#define ALLOC_WMARK_MIN		WMARK_MIN
#define ALLOC_WMARK_LOW		WMARK_LOW
#define ALLOC_WMARK_HIGH	WMARK_HIGH
#define ALLOC_NO_WATERMARKS	0x04
#define ALLOC_WMARK_MASK	(ALLOC_NO_WATERMARKS - 1)
#define ALLOC_OOM		0x08
#define ALLOC_NON_BLOCK		0x10	/* caller cannot block: GFP_ATOMIC */
#define ALLOC_MIN_RESERVE	0x20	/* == __GFP_HIGH */
#define ALLOC_CPUSET		0x40
#define ALLOC_CMA		0x80
#define ALLOC_NOFRAGMENT	0x100
#define ALLOC_HIGHATOMIC	0x200
#define ALLOC_KSWAPD		0x800	/* == __GFP_KSWAPD_RECLAIM */
#define ALLOC_RESERVES	(ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | \
			 ALLOC_HIGHATOMIC | ALLOC_OOM)

/*
 * SIM: page->_reserved records how a page left the allocator, as
 * CONFIG_PAGE_OWNER's page_ext would: the allocation order + 1 on a head
 * page handed out, PA_ON_PCP while it sits on a per-CPU list, 0 otherwise.
 * It lets bad frees (wrong order, double free) be caught before they
 * corrupt the free lists.
 */
/*
 * PAGE_FLAGS_CHECK_AT_PREP: every page flag must be clear on a free page
 * (Linux: PAGEFLAGS_MASK minus __PG_HWPOISON; there is no hwpoison here).
 */
#define PAGE_FLAGS_CHECK_AT_PREP	((1UL << __NR_PAGEFLAGS) - 1)

/* The struct page address the kmem tracepoints print as page=%p. */
u64 page_trace_ptr(const struct page *page);

#define PA_ON_PCP	0x100u
/*
 * SIM: set in page->_reserved, beside the order, on the head page of a
 * block m:alloc_pages() handed to a Lua script. m:free_pages() frees only
 * such blocks, so a script cannot free page tables or other kernel pages.
 * Freeing clears the whole field. The C API keeps Linux's semantics.
 */
#define PA_LUA_OWNED	0x200u

static inline unsigned int page_alloc_order(const struct page *page)
{
	return (page->_reserved & 0xff) - 1;
}

struct page_alloc_state {
	int cpu;			/* the "current" simulated CPU */
	int cpu_node[MAX_NR_CPUS];	/* cpu_to_node() */
	unsigned long nr_pb;		/* PB_ZONE_SHIFT chunks in [0, max_pfn) */
	struct zone **pb_zone;		/* zone of each chunk, NULL: ask */
	u8 gfp_zone_table[16];		/* gfp_zone() by GFP_ZONEMASK bits */
	bool mobility_disabled;		/* page_group_by_mobility_disabled */
	bool pcp_disabled;		/* zone_pcp_disable() on every zone */

	/* sysctls (Documentation/admin-guide/sysctl/vm.rst) */
	int min_free_kbytes;
	int user_min_free_kbytes;
	int watermark_scale_factor;
	int watermark_boost_factor;
	int lowmem_reserve_ratio[MAX_NR_ZONES];
	int percpu_pagelist_high_fraction;
	unsigned long totalreserve_pages;

	unsigned long events[NR_VM_EVENT_ITEMS];	/* vm_event_states */
	int stat_threshold[MAX_NUMNODES][MAX_NR_ZONES];
	const char *comm;		/* current->comm for log lines */
	unsigned long nr_bad_pages;
	bool warned_max_order;		/* WARN_ON_ONCE in __alloc_pages */
	bool warned_migratetype;	/* gfp_migratetype()'s VM_WARN_ON */
	/* warn_alloc()'s nopage_rs ratelimit state */
	bool nopage_rs_begin_set;
	u64 nopage_rs_begin;
	int nopage_rs_printed, nopage_rs_missed;
};

static inline struct page_alloc_state *pa_state(void)
{
	return current_machine()->pa;
}

static inline int zone_to_nid(const struct zone *zone)
{
	return zone->zone_pgdat->node_id;
}

/*
 * The zone of @pfn, from a cache with one entry per 2^PB_ZONE_SHIFT pfns
 * (the smallest pageblock_order of any arch) when it can. pfn_to_zone()
 * gives the same answer, but through m->zone_lookup's u16 index and then
 * m->zone_table: one dependent load more on the free path, measured at
 * about 1 ns (4 %) of an order-0 pcp alloc+free pair in bench_page_alloc.
 */
#define PB_ZONE_SHIFT	9

static inline struct zone *pa_pfn_zone(struct page_alloc_state *pa,
				       unsigned long pfn)
{
	unsigned long pb = pfn >> PB_ZONE_SHIFT;
	struct zone *zone = pb < pa->nr_pb ? pa->pb_zone[pb] : NULL;

	return likely(zone) ? zone : pfn_to_zone(pfn);
}

static inline unsigned long pageblock_index(const struct zone *zone,
					    unsigned long pfn)
{
	return (pfn - ALIGN_DOWN(zone->zone_start_pfn,
				 zone_pageblock_nr_pages(zone))) >>
	       zone->pb_order;
}

/*
 * A pageblock's flags (include/linux/pageblock-flags.h): the migratetype in
 * the low bits and, apart from it, PB_migrate_isolate, so that isolating a
 * block keeps the type it returns to (Linux 6.16+).
 */
#define PB_migrate_isolate	4
#define MIGRATETYPE_MASK	0x7
#define PB_ISOLATE_BIT		(1u << PB_migrate_isolate)

/* The block's migratetype, MIGRATE_ISOLATE while it is isolated. */
static inline int get_pfnblock_migratetype(const struct zone *zone,
					   unsigned long pfn)
{
	unsigned char flags = zone->pageblock_flags[pageblock_index(zone, pfn)];

	if (unlikely(flags & PB_ISOLATE_BIT))
		return MIGRATE_ISOLATE;
	return flags & MIGRATETYPE_MASK;
}

/* The migratetype under the isolation bit. */
static inline int get_pfnblock_saved_migratetype(const struct zone *zone,
						 unsigned long pfn)
{
	return zone->pageblock_flags[pageblock_index(zone, pfn)] &
	       MIGRATETYPE_MASK;
}

/*
 * set_pageblock_migratetype(): the type only; isolation has its own bit
 * (toggle_pageblock_isolate), so @mt is never MIGRATE_ISOLATE.
 */
static inline void set_pfnblock_migratetype(struct zone *zone,
					    unsigned long pfn, int mt)
{
	unsigned char *flags =
		&zone->pageblock_flags[pageblock_index(zone, pfn)];

	*flags = (unsigned char)((*flags & ~MIGRATETYPE_MASK) |
				 (mt & MIGRATETYPE_MASK));
}

/* toggle_pageblock_isolate(): set or clear PB_migrate_isolate. */
static inline void toggle_pageblock_isolate(struct zone *zone,
					    unsigned long pfn, bool isolate)
{
	unsigned char *flags =
		&zone->pageblock_flags[pageblock_index(zone, pfn)];

	if (isolate)
		*flags |= PB_ISOLATE_BIT;
	else
		*flags &= (unsigned char)~PB_ISOLATE_BIT;
}

static inline bool is_migrate_isolate(int mt)
{
	return mt == MIGRATE_ISOLATE;
}

static inline bool free_area_empty(const struct free_area *area, int mt)
{
	return list_empty(&area->free_list[mt]);
}

/* ---- mm/page_alloc.c ---- */
void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
		     unsigned int order, int migratetype, bool to_tail);
void free_one_page(struct zone *zone, struct page *page, unsigned long pfn,
		   unsigned int order, bool to_tail);
int free_pcppages_bulk(struct zone *zone, int count,
		       struct per_cpu_pages *pcp, int pindex);
bool __zone_watermark_ok(struct zone *z, unsigned int order,
			 unsigned long mark, int highest_zoneidx,
			 unsigned int alloc_flags, long free_pages);
bool zone_watermark_ok(struct zone *z, unsigned int order,
		       unsigned long mark, int highest_zoneidx,
		       unsigned int alloc_flags);
unsigned int gfp_to_alloc_flags(gfp_t gfp_mask, unsigned int order);
/* Take a block from @zone (pcp first for small orders); NULL if none. */
struct page *rmqueue(struct zone *preferred, struct zone *zone,
		     unsigned int order, unsigned int alloc_flags,
		     int migratetype);
/* One block from a pcp list the caller chose (alloc_pages_bulk). */
struct page *__rmqueue_pcplist(struct zone *zone, unsigned int order,
			       int migratetype, unsigned int alloc_flags,
			       struct per_cpu_pages *pcp,
			       struct list_head *list);
/* PGALLOC, NUMA_* and the checker's count for @nr blocks of @order. */
void count_alloc_events(struct zone *preferred, struct zone *zone,
			unsigned int order, unsigned long nr);
int move_freepages_block(struct zone *zone, unsigned long pfn, int old_mt,
			 int new_mt);
int __move_freepages_block(struct zone *zone, unsigned long pfn, int old_mt,
			   int new_mt);
/* Pageblock isolation (mm/page_isolation.c). */
int set_migratetype_isolate(unsigned long pfn);
void unset_migratetype_isolate(unsigned long pfn);

/* ---- mm/page_alloc_init.c ---- */
struct arch_ops;
unsigned int arch_pageblock_order(const struct arch_ops *arch);
void __free_pages_core(struct page *page, unsigned int order);
void build_all_zonelists(struct machine *m);
void setup_per_zone_wmarks(void);
void setup_per_zone_lowmem_reserve(void);
void init_per_zone_wmark_min(void);
void zone_pcp_update(struct zone *zone);
unsigned long nr_free_buffer_pages(void);
/* mm/khugepaged.c: a THP kernel raises min_free_kbytes at boot. */
void set_recommended_min_free_kbytes(void);
void hugepage_init(struct machine *m);
int cpu_to_node(int cpu);
int numa_node_id(void);
struct zonelist *node_zonelist(int nid, gfp_t flags);

/* ---- mm/page_alloc_check.c ---- */
void bad_page(struct page *page, const char *reason);
int page_alloc_check(struct machine *m);
/* SIM: warn_alloc()'s "page allocation failure" line. */
void warn_alloc(gfp_t gfp_mask, const char *fmt, ...) __printf(2, 3);

#endif /* MMSIM_PAGE_ALLOC_H */
