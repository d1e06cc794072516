// SPDX-License-Identifier: GPL-2.0
/*
 * Zone, node and event counters, as mm/vmstat.c (and si_mem_available from
 * mm/show_mem.c). SIM: counters are exact; Linux folds per-CPU deltas into
 * them every stat_threshold updates, which only /proc/zoneinfo's
 * "vm stats threshold" line shows.
 */
#include <mmsim/page_alloc.h>

const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS] = {
	"nr_free_pages",
	"nr_free_pages_blocks",
	"nr_zone_inactive_anon",
	"nr_zone_active_anon",
	"nr_zone_inactive_file",
	"nr_zone_active_file",
	"nr_zone_unevictable",
	"nr_zone_write_pending",
	"nr_mlock",
	"nr_zspages",
	"nr_free_cma",
};

const char *const numa_stat_names[NR_VM_NUMA_EVENT_ITEMS] = {
	"numa_hit",
	"numa_miss",
	"numa_foreign",
	"numa_interleave",
	"numa_local",
	"numa_other",
};

const char *const node_stat_names[NR_VM_NODE_STAT_ITEMS] = {
	"nr_inactive_anon",
	"nr_active_anon",
	"nr_inactive_file",
	"nr_active_file",
	"nr_unevictable",
	"nr_slab_reclaimable",
	"nr_slab_unreclaimable",
	"nr_isolated_anon",
	"nr_isolated_file",
	"workingset_nodes",
	"workingset_refault_anon",
	"workingset_refault_file",
	"workingset_activate_anon",
	"workingset_activate_file",
	"workingset_restore_anon",
	"workingset_restore_file",
	"workingset_nodereclaim",
	"nr_anon_pages",
	"nr_mapped",
	"nr_file_pages",
	"nr_dirty",
	"nr_writeback",
	"nr_shmem",
	"nr_shmem_hugepages",
	"nr_shmem_pmdmapped",
	"nr_file_hugepages",
	"nr_file_pmdmapped",
	"nr_anon_transparent_hugepages",
	"nr_vmscan_write",
	"nr_vmscan_immediate_reclaim",
	"nr_dirtied",
	"nr_written",
	"nr_throttled_written",
	"nr_kernel_misc_reclaimable",
	"nr_foll_pin_acquired",
	"nr_foll_pin_released",
	"nr_kernel_stack",
	"nr_page_table_pages",
	"nr_sec_page_table_pages",
	"nr_iommu_pages",
	"nr_swapcached",
	"pgpromote_success",
	"pgpromote_candidate",
	"pgpromote_candidate_nrl",
	"pgdemote_kswapd",
	"pgdemote_direct",
	"pgdemote_khugepaged",
	"pgdemote_proactive",
	"nr_hugetlb",
	"nr_balloon_pages",
	"nr_kernel_file_pages",
};

const char *const vm_event_names[NR_VM_EVENT_ITEMS] = {
	"pgpgin",
	"pgpgout",
	"pswpin",
	"pswpout",
	"pgalloc_dma",
	"pgalloc_dma32",
	"pgalloc_normal",
	"pgalloc_high",
	"pgalloc_movable",
	"pgalloc_device",
	"allocstall_dma",
	"allocstall_dma32",
	"allocstall_normal",
	"allocstall_high",
	"allocstall_movable",
	"allocstall_device",
	"pgskip_dma",
	"pgskip_dma32",
	"pgskip_normal",
	"pgskip_high",
	"pgskip_movable",
	"pgskip_device",
	"pgfree",
	"pgactivate",
	"pgdeactivate",
	"pglazyfree",
	"pgfault",
	"pgmajfault",
	"pglazyfreed",
	"pgrefill",
	"pgreuse",
	"pgsteal_kswapd",
	"pgsteal_direct",
	"pgsteal_khugepaged",
	"pgsteal_proactive",
	"pgscan_kswapd",
	"pgscan_direct",
	"pgscan_khugepaged",
	"pgscan_proactive",
	"pgscan_direct_throttle",
	"pgscan_anon",
	"pgscan_file",
	"pgsteal_anon",
	"pgsteal_file",
	"zone_reclaim_success",
	"zone_reclaim_failed",
	"pginodesteal",
	"slabs_scanned",
	"kswapd_inodesteal",
	"kswapd_low_wmark_hit_quickly",
	"kswapd_high_wmark_hit_quickly",
	"pageoutrun",
	"pgrotated",
	"drop_pagecache",
	"drop_slab",
	"oom_kill",
	"numa_pte_updates",
	"numa_huge_pte_updates",
	"numa_hint_faults",
	"numa_hint_faults_local",
	"numa_pages_migrated",
	"pgmigrate_success",
	"pgmigrate_fail",
	"thp_migration_success",
	"thp_migration_fail",
	"thp_migration_split",
	"compact_migrate_scanned",
	"compact_free_scanned",
	"compact_isolated",
	"compact_stall",
	"compact_fail",
	"compact_success",
	"compact_daemon_wake",
	"compact_daemon_migrate_scanned",
	"compact_daemon_free_scanned",
	"htlb_buddy_alloc_success",
	"htlb_buddy_alloc_fail",
	"cma_alloc_success",
	"cma_alloc_fail",
	"unevictable_pgs_culled",
	"unevictable_pgs_scanned",
	"unevictable_pgs_rescued",
	"unevictable_pgs_mlocked",
	"unevictable_pgs_munlocked",
	"unevictable_pgs_cleared",
	"unevictable_pgs_stranded",
	"thp_fault_alloc",
	"thp_fault_fallback",
	"thp_fault_fallback_charge",
	"thp_collapse_alloc",
	"thp_collapse_alloc_failed",
	"thp_file_alloc",
	"thp_file_fallback",
	"thp_file_fallback_charge",
	"thp_file_mapped",
	"thp_split_page",
	"thp_split_page_failed",
	"thp_deferred_split_page",
	"thp_underused_split_page",
	"thp_split_pmd",
	"thp_scan_exceed_none_pte",
	"thp_scan_exceed_swap_pte",
	"thp_scan_exceed_share_pte",
	"thp_split_pud",
	"thp_zero_page_alloc",
	"thp_zero_page_alloc_failed",
	"thp_swpout",
	"thp_swpout_fallback",
	"balloon_inflate",
	"balloon_deflate",
	"balloon_migrate",
	"swap_ra",
	"swap_ra_hit",
	"swpin_zero",
	"swpout_zero",
	"ksm_swpin_copy",
	"cow_ksm",
	"zswpin",
	"zswpout",
	"zswpwb",
	"direct_map_level2_splits",
	"direct_map_level3_splits",
	"direct_map_level2_collapses",
	"direct_map_level3_collapses",
};

/**
 * global_zone_page_state - a zone counter summed over every zone
 * @item: counter
 *
 * Return: the sum on the current machine.
 */
unsigned long global_zone_page_state(enum zone_stat_item item)
{
	struct machine *m = current_machine();
	long sum = 0;
	struct zone *zone;

	for_each_populated_zone(zone, m)
		sum += zone->vm_stat[item];
	return sum < 0 ? 0 : (unsigned long)sum;
}

/**
 * global_numa_event_state - a NUMA event summed over every zone
 * @item: event
 *
 * Return: the sum on the current machine.
 */
unsigned long global_numa_event_state(enum numa_stat_item item)
{
	struct machine *m = current_machine();
	unsigned long sum = 0;
	struct zone *zone;

	for_each_populated_zone(zone, m)
		sum += zone_numa_event_state(zone, item);
	return sum;
}

/**
 * global_node_page_state - a node counter summed over every node
 * @item: counter
 *
 * Return: the sum on the current machine.
 */
unsigned long global_node_page_state(enum node_stat_item item)
{
	struct machine *m = current_machine();
	long sum = 0;

	for (int nid = 0; nid < m->nr_node_ids; nid++)
		sum += m->node_data[nid]->vm_stat[item];
	return sum < 0 ? 0 : (unsigned long)sum;
}

/**
 * vm_event_state - read a VM event counter
 * @item: event
 *
 * Return: its value on the current machine.
 */
unsigned long vm_event_state(enum vm_event_item item)
{
	struct page_alloc_state *pa = pa_state();

	return pa ? pa->events[item] : 0;
}

static int fls_ul(unsigned long x)
{
	return x ? (int)(sizeof(x) * 8) - __builtin_clzl(x) : 0;
}

/**
 * calculate_normal_threshold - per-CPU counter drift allowed for @zone
 * @zone: zone
 * @nr_cpus: online CPUs
 *
 * Return: 2 * fls(cpus) * (1 + fls(managed in 128 MiB units)), at most 125.
 */
int calculate_normal_threshold(const struct zone *zone, int nr_cpus)
{
	unsigned long mem = zone->managed_pages >> (27 - PAGE_SHIFT);
	int threshold = 2 * fls_ul((unsigned long)nr_cpus) * (1 + fls_ul(mem));

	return threshold < 125 ? threshold : 125;
}

/**
 * si_mem_available - pages available for new work without swapping
 *
 * Free pages minus the reserves, plus the part of the page cache and of
 * reclaimable kernel memory that could be dropped (at least half of each
 * stays, or the low watermarks' worth).
 *
 * Return: MemAvailable in pages.
 */
unsigned long si_mem_available(void)
{
	struct machine *m = current_machine();
	struct page_alloc_state *pa = m->pa;
	unsigned long wmark_low = 0, pagecache, reclaimable;
	long available;
	struct zone *zone;

	for_each_populated_zone(zone, m)
		wmark_low += low_wmark_pages(zone);
	available = (long)global_zone_page_state(NR_FREE_PAGES) -
		    (long)(pa ? pa->totalreserve_pages : 0);
	pagecache = global_node_page_state(NR_ACTIVE_FILE) +
		    global_node_page_state(NR_INACTIVE_FILE);
	pagecache -= pagecache / 2 < wmark_low ? pagecache / 2 : wmark_low;
	available += (long)pagecache;
	reclaimable = global_node_page_state(NR_SLAB_RECLAIMABLE) +
		      global_node_page_state(NR_KERNEL_MISC_RECLAIMABLE);
	reclaimable -= reclaimable / 2 < wmark_low ? reclaimable / 2
						   : wmark_low;
	available += (long)reclaimable;
	return available < 0 ? 0 : (unsigned long)available;
}

/* One #ifdef of vmstat_text[]: items first..last need symbol @sym. */
struct vmstat_ifdef {
	int first, last;
	enum kconfig_sym sym;
};

static bool ifdefs_allow(const struct machine *m,
			 const struct vmstat_ifdef *t, size_t n, int item)
{
	for (size_t i = 0; i < n; i++)
		if (item >= t[i].first && item <= t[i].last &&
		    !((m->kconfig.on >> t[i].sym) & 1))
			return false;
	return true;
}

/**
 * zone_stat_configured - whether a kernel configured as @m has a zone item
 * @m: machine
 * @item: counter
 *
 * Return: true when /proc/vmstat and /proc/zoneinfo list it.
 */
bool zone_stat_configured(const struct machine *m, enum zone_stat_item item)
{
	static const struct vmstat_ifdef t[] = {
		{ NR_ZSPAGES, NR_ZSPAGES, KC_ZSMALLOC },
	};

	return ifdefs_allow(m, t, ARRAY_SIZE(t), item);
}

/**
 * node_stat_configured - whether a kernel configured as @m has a node item
 * @m: machine
 * @item: counter
 *
 * Return: true when /proc/vmstat and /proc/zoneinfo list it.
 */
bool node_stat_configured(const struct machine *m, enum node_stat_item item)
{
	static const struct vmstat_ifdef t[] = {
		{ NR_IOMMU_PAGES, NR_IOMMU_PAGES, KC_IOMMU_SUPPORT },
		{ NR_SWAPCACHED, NR_SWAPCACHED, KC_SWAP },
		{ PGPROMOTE_SUCCESS, PGPROMOTE_CANDIDATE_NRL,
		  KC_NUMA_BALANCING },
		{ NR_HUGETLB, NR_HUGETLB, KC_HUGETLB_PAGE },
	};

	return ifdefs_allow(m, t, ARRAY_SIZE(t), item);
}

/**
 * vm_event_configured - whether /proc/vmstat lists an event on @m
 * @m: machine
 * @item: event
 *
 * Per-zone events (pgalloc_*, allocstall_*, pgskip_*) exist only for the
 * zones the kernel configures (vmstat_text's FOR_ALL_ZONES); the others
 * follow vmstat_text[]'s #ifdefs.
 *
 * Return: true when listed.
 */
bool vm_event_configured(const struct machine *m, enum vm_event_item item)
{
	static const enum vm_event_item per_zone[] = {
		PGALLOC_DMA, ALLOCSTALL_DMA, PGSKIP_DMA,
	};
	static const struct vmstat_ifdef t[] = {
		{ ZONE_RECLAIM_SUCCESS, ZONE_RECLAIM_FAILED, KC_NUMA },
		{ NUMA_PTE_UPDATES, NUMA_PAGES_MIGRATED, KC_NUMA_BALANCING },
		{ PGMIGRATE_SUCCESS, THP_MIGRATION_SPLIT, KC_MIGRATION },
		{ COMPACT_MIGRATE_SCANNED, COMPACT_DAEMON_FREE_SCANNED,
		  KC_COMPACTION },
		{ HTLB_BUDDY_ALLOC_SUCCESS, HTLB_BUDDY_ALLOC_FAIL,
		  KC_HUGETLB_PAGE },
		{ CMA_ALLOC_SUCCESS, CMA_ALLOC_FAIL, KC_CMA },
		{ THP_FAULT_ALLOC, THP_SWPOUT_FALLBACK,
		  KC_TRANSPARENT_HUGEPAGE },
		{ THP_SPLIT_PUD, THP_SPLIT_PUD,
		  KC_HAVE_ARCH_TRANSPARENT_HUGEPAGE_PUD },
		{ BALLOON_INFLATE, BALLOON_MIGRATE, KC_MEMORY_BALLOON },
		{ BALLOON_MIGRATE, BALLOON_MIGRATE, KC_BALLOON_COMPACTION },
		{ SWAP_RA, SWPOUT_ZERO, KC_SWAP },
		{ KSM_SWPIN_COPY, KSM_SWPIN_COPY, KC_SWAP },
		{ KSM_SWPIN_COPY, COW_KSM, KC_KSM },
		{ ZSWPIN, ZSWPWB, KC_ZSWAP },
		{ DIRECT_MAP_LEVEL2_SPLITS, DIRECT_MAP_LEVEL3_COLLAPSES,
		  KC_X86 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(per_zone); i++)
		if (item >= per_zone[i] && item < per_zone[i] + MAX_NR_ZONES) {
			enum zone_type z = (enum zone_type)(item - per_zone[i]);

			return zone_configured(m, z);
		}
	return ifdefs_allow(m, t, ARRAY_SIZE(t), (int)item);
}

/**
 * global_dirty_limits - the dirty page thresholds of /proc/vmstat
 * @pbackground: nr_dirty_background_threshold
 * @pdirty: nr_dirty_threshold
 *
 * mm/page-writeback.c with vm.dirty_ratio 20, dirty_background_ratio 10
 * and vm_highmem_is_dirtyable 0: free pages above HighMem's high mark do
 * not count.
 */
void global_dirty_limits(unsigned long *pbackground, unsigned long *pdirty)
{
	struct machine *m = current_machine();
	unsigned long x = global_zone_page_state(NR_FREE_PAGES);
	unsigned long reserve = m->pa ? m->pa->totalreserve_pages : 0;
	struct zone *zone;

	x -= x < reserve ? x : reserve;
	x += global_node_page_state(NR_INACTIVE_FILE) +
	     global_node_page_state(NR_ACTIVE_FILE);
	for_each_populated_zone(zone, m) {
		unsigned long f = zone_page_state(zone, NR_FREE_PAGES);
		unsigned long h = high_wmark_pages(zone);

		if (is_highmem(zone) && f > h)
			x -= (f - h) < x ? (f - h) : x;
	}
	x += 1;
	*pdirty = x * 20 / 100;
	*pbackground = x * 10 / 100;
}

/**
 * vmstat_update - one CPU's once-a-second vmstat work
 * @cpu: the CPU
 *
 * Linux's vmstat_update() runs refresh_cpu_vm_stats(true) on each CPU
 * every sysctl_stat_interval (1 s): with do_pagesets, decay_pcp_high() on
 * every populated zone's pcp of that CPU.
 * SIM: counters are exact, so nothing is folded; the NUMA drain of remote
 * pcps (pcp->expire, drain_zone_pages) is not modelled; the simulated
 * clock does not run the work by itself: callers (m:vmstat_update()) do.
 *
 * Context: acts on current_machine().
 * Return: the number of pcps that changed or have more to do, or -EINVAL
 * for a CPU the machine does not have.
 */
int vmstat_update(int cpu)
{
	struct machine *m = current_machine();
	struct zone *zone;
	int changes = 0;

	if (cpu < 0 || cpu >= m->nr_cpus)
		return -EINVAL;
	for_each_populated_zone(zone, m) {
		if (!zone->per_cpu_pageset)
			continue;
		if (decay_pcp_high(zone, &zone->per_cpu_pageset[cpu]))
			changes++;
	}
	return changes;
}
