// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/zoneinfo, as mm/vmstat.c zoneinfo_show_print(): per zone the free
 * pages and watermarks, sizes, lowmem protection, counters, and each CPU's
 * pageset; the node's counters before its first populated zone.
 * Zones the architecture configures but that hold no memory print up to
 * "protection:" only, as Linux prints them.
 */
#include <mmsim/page_alloc.h>
#include <mmsim/proc.h>

static bool is_zone_first_populated(pg_data_t *pgdat, struct zone *zone)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *cmp = &pgdat->node_zones[z];

		if (populated_zone(cmp))
			return cmp == zone;
	}
	return false;
}

static void zoneinfo_show_print(struct machine *m, struct strbuf *sb,
				pg_data_t *pgdat, struct zone *zone)
{
	struct page_alloc_state *pa = m->pa;
	bool first = true;

	seq_printf(sb, "Node %d, zone %8s", pgdat->node_id, zone->name);
	if (is_zone_first_populated(pgdat, zone)) {
		seq_puts(sb, "\n  per-node stats");
		for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
			if (node_stat_configured(m, (enum node_stat_item)i))
				seq_printf(sb, "\n      %-12s %lu",
					   node_stat_names[i],
					   node_page_state(pgdat,
							   (enum node_stat_item)i));
	}
	seq_printf(sb,
		   "\n  pages free     %lu"
		   "\n        boost    %lu"
		   "\n        min      %lu"
		   "\n        low      %lu"
		   "\n        high     %lu"
		   "\n        promo    %lu"
		   "\n        spanned  %lu"
		   "\n        present  %lu"
		   "\n        managed  %lu"
		   "\n        cma      %lu",
		   zone_page_state(zone, NR_FREE_PAGES), zone->watermark_boost,
		   min_wmark_pages(zone), low_wmark_pages(zone),
		   high_wmark_pages(zone), wmark_pages(zone, WMARK_PROMO),
		   zone->spanned_pages, zone->present_pages,
		   zone->managed_pages, zone->cma_pages);
	seq_puts(sb, "\n        protection: (");
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		if (!zone_configured(m, (enum zone_type)i))
			continue;
		seq_printf(sb, first ? "%ld" : ", %ld", zone->lowmem_reserve[i]);
		first = false;
	}
	seq_puts(sb, ")");
	if (!populated_zone(zone)) {
		seq_puts(sb, "\n");
		return;
	}
	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		if (zone_stat_configured(m, (enum zone_stat_item)i))
			seq_printf(sb, "\n      %-12s %lu", zone_stat_names[i],
				   zone_page_state(zone, (enum zone_stat_item)i));
	for (int i = 0; IS_ENABLED(m, NUMA) && i < NR_VM_NUMA_EVENT_ITEMS; i++)
		seq_printf(sb, "\n      %-12s %lu", numa_stat_names[i],
			   zone_numa_event_state(zone, (enum numa_stat_item)i));
	seq_puts(sb, "\n  pagesets");
	for (int cpu = 0; cpu < m->nr_cpus; cpu++) {
		const struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		seq_printf(sb,
			   "\n    cpu: %i"
			   "\n              count:    %i"
			   "\n              high:     %i"
			   "\n              batch:    %i"
			   "\n              high_min: %i"
			   "\n              high_max: %i",
			   cpu, pcp->count, pcp->high, pcp->batch,
			   pcp->high_min, pcp->high_max);
		seq_printf(sb, "\n  vm stats threshold: %d",
			   pa->stat_threshold[pgdat->node_id][zone_idx(zone)]);
	}
	seq_printf(sb,
		   "\n  node_unreclaimable:  %u"
		   "\n  start_pfn:           %lu",
		   0u, zone->zone_start_pfn);
	seq_puts(sb, "\n");
}

int zoneinfo_proc_show(struct machine *m, struct strbuf *sb)
{
	if (!m->pa)
		return 0;
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		pg_data_t *pgdat = m->node_data[nid];

		for (int z = 0; z < MAX_NR_ZONES; z++)
			if (zone_configured(m, (enum zone_type)z))
				zoneinfo_show_print(m, sb, pgdat,
						    &pgdat->node_zones[z]);
	}
	return 0;
}
