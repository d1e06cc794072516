// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/vmstat, as mm/vmstat.c vmstat_show(): zone counters, NUMA events,
 * node counters, the dirty thresholds, memmap pages and the VM events, one
 * "name value" per line, in Linux 6.18's order. Per-zone events
 * (pgalloc_*, allocstall_*, pgskip_*) list the configured zones only.
 */
#include <string.h>

#include <mmsim/page_alloc.h>
#include <mmsim/proc.h>

/* The zone a per-zone event line stands for, or -1. */
static int event_zone(const char *name)
{
	static const char *const sfx[MAX_NR_ZONES] = {
		"_dma", "_dma32", "_normal", "_high", "_movable",
	};
	static const char *const pre[] = { "pgalloc", "allocstall", "pgskip" };

	for (size_t p = 0; p < ARRAY_SIZE(pre); p++) {
		size_t n = strlen(pre[p]);

		if (strncmp(name, pre[p], n))
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++)
			if (!strcmp(name + n, sfx[z]))
				return z;
	}
	return -1;
}

/* global_dirty_limits() with vm.dirty_ratio 20, dirty_background_ratio 10. */
static void dirty_limits(struct machine *m, unsigned long *bg,
			 unsigned long *thresh)
{
	unsigned long x = global_zone_page_state(NR_FREE_PAGES);
	unsigned long reserve = m->pa->totalreserve_pages;
	struct zone *zone;

	x -= x < reserve ? x : reserve;
	x += global_node_page_state(NR_INACTIVE_FILE) +
	     global_node_page_state(NR_ACTIVE_FILE);
	/* vm_highmem_is_dirtyable = 0: HighMem above its high mark is not. */
	for_each_populated_zone(zone, m) {
		unsigned long f = zone_page_state(zone, NR_FREE_PAGES);
		unsigned long h = high_wmark_pages(zone);

		if (is_highmem(zone) && f > h)
			x -= (f - h) < x ? (f - h) : x;
	}
	x += 1;
	*thresh = x * 20 / 100;
	*bg = x * 10 / 100;
}

int vmstat_proc_show(struct machine *m, struct strbuf *sb)
{
	unsigned long bg, thresh;

	if (!m->pa)
		return 0;
	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		seq_printf(sb, "%s %lu\n", zone_stat_names[i],
			   global_zone_page_state((enum zone_stat_item)i));
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		seq_printf(sb, "%s %lu\n", numa_stat_names[i],
			   global_numa_event_state((enum numa_stat_item)i));
	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
		seq_printf(sb, "%s %lu\n", node_stat_names[i],
			   global_node_page_state((enum node_stat_item)i));
	dirty_limits(m, &bg, &thresh);
	seq_printf(sb, "nr_dirty_threshold %lu\n", thresh);
	seq_printf(sb, "nr_dirty_background_threshold %lu\n", bg);
	seq_printf(sb, "nr_memmap_pages %lu\n", 0UL);
	seq_printf(sb, "nr_memmap_boot_pages %llu\n",
		   (unsigned long long)(m->mem_map_sim_bytes >> PAGE_SHIFT));
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++) {
		int z = event_zone(vm_event_names[i]);

		if (z >= 0 && !zone_configured(m, (enum zone_type)z))
			continue;
		seq_printf(sb, "%s %lu\n", vm_event_names[i], m->pa->events[i]);
	}
	seq_puts(sb, "nr_unstable 0\n");
	return 0;
}
