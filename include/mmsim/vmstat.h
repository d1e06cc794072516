/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-zone and per-node counters and VM events, as include/linux/mmzone.h
 * (enum zone_stat_item, enum node_stat_item) and vm_event_item.h. Names
 * match /proc/vmstat and /proc/zoneinfo.
 */
#ifndef MMSIM_VMSTAT_H
#define MMSIM_VMSTAT_H

#include "machine.h"

enum zone_stat_item {
	NR_FREE_PAGES,
	NR_FREE_PAGES_BLOCKS,	/* free pages in blocks >= pageblock_order */
	NR_ZONE_LRU_BASE,
	NR_ZONE_INACTIVE_ANON = NR_ZONE_LRU_BASE,
	NR_ZONE_ACTIVE_ANON,
	NR_ZONE_INACTIVE_FILE,
	NR_ZONE_ACTIVE_FILE,
	NR_ZONE_UNEVICTABLE,
	NR_ZONE_WRITE_PENDING,
	NR_MLOCK,
	NR_ZSPAGES,
	NR_FREE_CMA_PAGES,
	NR_VM_ZONE_STAT_ITEMS
};

/* NUMA events, kept in zone->vm_stat after the zone items. */
enum numa_stat_item {
	NUMA_HIT,
	NUMA_MISS,
	NUMA_FOREIGN,
	NUMA_INTERLEAVE_HIT,
	NUMA_LOCAL,
	NUMA_OTHER,
	NR_VM_NUMA_EVENT_ITEMS
};

/* Per-node counters (pglist_data->vm_stat), in /proc/vmstat order. */
enum node_stat_item {
	NR_INACTIVE_ANON,
	NR_ACTIVE_ANON,
	NR_INACTIVE_FILE,
	NR_ACTIVE_FILE,
	NR_UNEVICTABLE,
	NR_SLAB_RECLAIMABLE,
	NR_SLAB_UNRECLAIMABLE,
	NR_ISOLATED_ANON,
	NR_ISOLATED_FILE,
	WORKINGSET_NODES,
	WORKINGSET_REFAULT_ANON,
	WORKINGSET_REFAULT_FILE,
	WORKINGSET_ACTIVATE_ANON,
	WORKINGSET_ACTIVATE_FILE,
	WORKINGSET_RESTORE_ANON,
	WORKINGSET_RESTORE_FILE,
	WORKINGSET_NODERECLAIM,
	NR_ANON_PAGES,
	NR_MAPPED,
	NR_FILE_PAGES,
	NR_DIRTY,
	NR_WRITEBACK,
	NR_SHMEM,
	NR_SHMEM_HUGEPAGES,
	NR_SHMEM_PMDMAPPED,
	NR_FILE_HUGEPAGES,
	NR_FILE_PMDMAPPED,
	NR_ANON_TRANSPARENT_HUGEPAGES,
	NR_VMSCAN_WRITE,
	NR_VMSCAN_IMMEDIATE_RECLAIM,
	NR_DIRTIED,
	NR_WRITTEN,
	NR_THROTTLED_WRITTEN,
	NR_KERNEL_MISC_RECLAIMABLE,
	NR_FOLL_PIN_ACQUIRED,
	NR_FOLL_PIN_RELEASED,
	NR_KERNEL_STACK,
	NR_PAGE_TABLE_PAGES,
	NR_SEC_PAGE_TABLE_PAGES,
	NR_IOMMU_PAGES,
	NR_SWAPCACHED,
	PGPROMOTE_SUCCESS,
	PGPROMOTE_CANDIDATE,
	PGPROMOTE_CANDIDATE_NRL,
	PGDEMOTE_KSWAPD,
	PGDEMOTE_DIRECT,
	PGDEMOTE_KHUGEPAGED,
	PGDEMOTE_PROACTIVE,
	NR_HUGETLB,
	NR_BALLOON_PAGES,
	NR_KERNEL_FILE_PAGES,
	NR_VM_NODE_STAT_ITEMS
};
#define NR_LRU_BASE NR_INACTIVE_ANON

/* VM events (vm_event_item.h); per-zone items indexed by enum zone_type. */
enum vm_event_item {
	PGPGIN,
	PGPGOUT,
	PSWPIN,
	PSWPOUT,
	PGALLOC_DMA,
	PGALLOC_DMA32,
	PGALLOC_NORMAL,
	PGALLOC_HIGH,
	PGALLOC_MOVABLE,
	PGALLOC_DEVICE,
	ALLOCSTALL_DMA,
	ALLOCSTALL_DMA32,
	ALLOCSTALL_NORMAL,
	ALLOCSTALL_HIGH,
	ALLOCSTALL_MOVABLE,
	ALLOCSTALL_DEVICE,
	PGSKIP_DMA,
	PGSKIP_DMA32,
	PGSKIP_NORMAL,
	PGSKIP_HIGH,
	PGSKIP_MOVABLE,
	PGSKIP_DEVICE,
	PGFREE,
	PGACTIVATE,
	PGDEACTIVATE,
	PGLAZYFREE,
	PGFAULT,
	PGMAJFAULT,
	PGLAZYFREED,
	PGREFILL,
	PGREUSE,
	PGSTEAL_KSWAPD,
	PGSTEAL_DIRECT,
	PGSTEAL_KHUGEPAGED,
	PGSTEAL_PROACTIVE,
	PGSCAN_KSWAPD,
	PGSCAN_DIRECT,
	PGSCAN_KHUGEPAGED,
	PGSCAN_PROACTIVE,
	PGSCAN_DIRECT_THROTTLE,
	PGSCAN_ANON,
	PGSCAN_FILE,
	PGSTEAL_ANON,
	PGSTEAL_FILE,
	ZONE_RECLAIM_SUCCESS,
	ZONE_RECLAIM_FAILED,
	PGINODESTEAL,
	SLABS_SCANNED,
	KSWAPD_INODESTEAL,
	KSWAPD_LOW_WMARK_HIT_QUICKLY,
	KSWAPD_HIGH_WMARK_HIT_QUICKLY,
	PAGEOUTRUN,
	PGROTATED,
	DROP_PAGECACHE,
	DROP_SLAB,
	OOM_KILL,
	NUMA_PTE_UPDATES,
	NUMA_HUGE_PTE_UPDATES,
	NUMA_HINT_FAULTS,
	NUMA_HINT_FAULTS_LOCAL,
	NUMA_PAGES_MIGRATED,
	PGMIGRATE_SUCCESS,
	PGMIGRATE_FAIL,
	THP_MIGRATION_SUCCESS,
	THP_MIGRATION_FAIL,
	THP_MIGRATION_SPLIT,
	COMPACT_MIGRATE_SCANNED,
	COMPACT_FREE_SCANNED,
	COMPACT_ISOLATED,
	COMPACT_STALL,
	COMPACT_FAIL,
	COMPACT_SUCCESS,
	COMPACT_DAEMON_WAKE,
	COMPACT_DAEMON_MIGRATE_SCANNED,
	COMPACT_DAEMON_FREE_SCANNED,
	HTLB_BUDDY_ALLOC_SUCCESS,
	HTLB_BUDDY_ALLOC_FAIL,
	CMA_ALLOC_SUCCESS,
	CMA_ALLOC_FAIL,
	UNEVICTABLE_PGS_CULLED,
	UNEVICTABLE_PGS_SCANNED,
	UNEVICTABLE_PGS_RESCUED,
	UNEVICTABLE_PGS_MLOCKED,
	UNEVICTABLE_PGS_MUNLOCKED,
	UNEVICTABLE_PGS_CLEARED,
	UNEVICTABLE_PGS_STRANDED,
	THP_FAULT_ALLOC,
	THP_FAULT_FALLBACK,
	THP_FAULT_FALLBACK_CHARGE,
	THP_COLLAPSE_ALLOC,
	THP_COLLAPSE_ALLOC_FAILED,
	THP_FILE_ALLOC,
	THP_FILE_FALLBACK,
	THP_FILE_FALLBACK_CHARGE,
	THP_FILE_MAPPED,
	THP_SPLIT_PAGE,
	THP_SPLIT_PAGE_FAILED,
	THP_DEFERRED_SPLIT_PAGE,
	THP_UNDERUSED_SPLIT_PAGE,
	THP_SPLIT_PMD,
	THP_SCAN_EXCEED_NONE_PTE,
	THP_SCAN_EXCEED_SWAP_PTE,
	THP_SCAN_EXCEED_SHARE_PTE,
	THP_SPLIT_PUD,
	THP_ZERO_PAGE_ALLOC,
	THP_ZERO_PAGE_ALLOC_FAILED,
	THP_SWPOUT,
	THP_SWPOUT_FALLBACK,
	BALLOON_INFLATE,
	BALLOON_DEFLATE,
	BALLOON_MIGRATE,
	SWAP_RA,
	SWAP_RA_HIT,
	SWPIN_ZERO,
	SWPOUT_ZERO,
	KSM_SWPIN_COPY,
	COW_KSM,
	ZSWPIN,
	ZSWPOUT,
	ZSWPWB,
	DIRECT_MAP_LEVEL2_SPLITS,
	DIRECT_MAP_LEVEL3_SPLITS,
	DIRECT_MAP_LEVEL2_COLLAPSES,
	DIRECT_MAP_LEVEL3_COLLAPSES,
	NR_VM_EVENT_ITEMS
};

extern const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS];
extern const char *const numa_stat_names[NR_VM_NUMA_EVENT_ITEMS];
extern const char *const node_stat_names[NR_VM_NODE_STAT_ITEMS];
extern const char *const vm_event_names[NR_VM_EVENT_ITEMS];

_Static_assert(NR_VM_ZONE_STAT_ITEMS + NR_VM_NUMA_EVENT_ITEMS <=
	       (int)(sizeof(((struct zone *)0)->vm_stat) / sizeof(long)),
	       "zone->vm_stat too small");
_Static_assert(NR_VM_NODE_STAT_ITEMS <=
	       (int)(sizeof(((pg_data_t *)0)->vm_stat) / sizeof(long)),
	       "pgdat->vm_stat too small");

static inline void __mod_zone_page_state(struct zone *zone,
					 enum zone_stat_item item, long delta)
{
	zone->vm_stat[item] += delta;
}

static inline unsigned long zone_page_state(const struct zone *zone,
					    enum zone_stat_item item)
{
	long x = zone->vm_stat[item];

	return x < 0 ? 0 : (unsigned long)x;
}

static inline unsigned long zone_numa_event_state(const struct zone *zone,
						  enum numa_stat_item item)
{
	return (unsigned long)zone->vm_stat[NR_VM_ZONE_STAT_ITEMS + item];
}

static inline void __mod_node_page_state(pg_data_t *pgdat,
					 enum node_stat_item item, long delta)
{
	pgdat->vm_stat[item] += delta;
}

static inline unsigned long node_page_state(const pg_data_t *pgdat,
					    enum node_stat_item item)
{
	long x = pgdat->vm_stat[item];

	return x < 0 ? 0 : (unsigned long)x;
}

/* Sums over every zone / node of the current machine. */
unsigned long global_zone_page_state(enum zone_stat_item item);
unsigned long global_node_page_state(enum node_stat_item item);
unsigned long global_numa_event_state(enum numa_stat_item item);

unsigned long vm_event_state(enum vm_event_item item);

/*
 * Pages available for new allocations without swapping, the MemAvailable
 * line of /proc/meminfo (mm/show_mem.c si_mem_available).
 */
unsigned long si_mem_available(void);

/*
 * Whether /proc/vmstat lists @item: vmstat_text[]'s #ifdefs (per-zone
 * events: the configured zones; CONFIG_NUMA, CONFIG_TRANSPARENT_HUGEPAGE...
 * as m->kconfig says).
 */
bool vm_event_configured(const struct machine *m, enum vm_event_item item);
bool zone_stat_configured(const struct machine *m, enum zone_stat_item item);
bool node_stat_configured(const struct machine *m, enum node_stat_item item);
/* nr_dirty_background_threshold and nr_dirty_threshold (page-writeback.c). */
void global_dirty_limits(unsigned long *pbackground, unsigned long *pdirty);

/* Linux's calculate_normal_threshold(): the zoneinfo "vm stats threshold". */
int calculate_normal_threshold(const struct zone *zone, int nr_cpus);

#endif /* MMSIM_VMSTAT_H */
