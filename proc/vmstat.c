// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/vmstat, as mm/vmstat.c vmstat_show(): zone counters, NUMA events,
 * node counters, the dirty thresholds, memmap pages and the VM events, one
 * "name value" per line, in Linux 6.18's order. Per-zone events
 * (pgalloc_*, allocstall_*, pgskip_*) list the configured zones only, and
 * every item follows vmstat_text[]'s #ifdefs on the machine's kconfig.
 */
#include <mmsim/page_alloc.h>
#include <mmsim/proc.h>

int vmstat_proc_show(struct machine *m, struct strbuf *sb)
{
	unsigned long bg, thresh;

	if (!m->pa)
		return 0;
	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		if (zone_stat_configured(m, (enum zone_stat_item)i))
			seq_printf(sb, "%s %lu\n", zone_stat_names[i],
				   global_zone_page_state((enum zone_stat_item)i));
	for (int i = 0; IS_ENABLED(m, NUMA) && i < NR_VM_NUMA_EVENT_ITEMS; i++)
		seq_printf(sb, "%s %lu\n", numa_stat_names[i],
			   global_numa_event_state((enum numa_stat_item)i));
	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
		if (node_stat_configured(m, (enum node_stat_item)i))
			seq_printf(sb, "%s %lu\n", node_stat_names[i],
				   global_node_page_state((enum node_stat_item)i));
	global_dirty_limits(&bg, &thresh);
	seq_printf(sb, "nr_dirty_threshold %lu\n", thresh);
	seq_printf(sb, "nr_dirty_background_threshold %lu\n", bg);
	seq_printf(sb, "nr_memmap_pages %lu\n", 0UL);
	seq_printf(sb, "nr_memmap_boot_pages %llu\n",
		   (unsigned long long)(m->mem_map_sim_bytes >> PAGE_SHIFT));
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++) {
		if (!vm_event_configured(m, (enum vm_event_item)i))
			continue;
		seq_printf(sb, "%s %lu\n", vm_event_names[i], m->pa->events[i]);
	}
	seq_puts(sb, "nr_unstable 0\n");
	return 0;
}
