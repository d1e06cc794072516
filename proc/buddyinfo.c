// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/buddyinfo, as mm/vmstat.c frag_show() (B3): the number of free
 * blocks of each order (0..10), per zone with memory.
 */
#include <mmsim/page_alloc.h>
#include <mmsim/proc.h>

/* Zones of a node with memory (walk_zones_in_node, assert_populated). */
#define for_each_node_populated_zone(zone, pgdat)			\
	for (zone = (pgdat)->node_zones;				\
	     zone < (pgdat)->node_zones + MAX_NR_ZONES; zone++)	\
		if (!populated_zone(zone)) {} else

int buddyinfo_proc_show(struct machine *m, struct strbuf *sb)
{
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		pg_data_t *pgdat = m->node_data[nid];
		struct zone *zone;

		for_each_node_populated_zone(zone, pgdat) {
			seq_printf(sb, "Node %d, zone %8s ", nid, zone->name);
			for (int o = 0; o < NR_PAGE_ORDERS; o++)
				seq_printf(sb, "%6lu ", zone->free_area[o].nr_free);
			seq_puts(sb, "\n");
		}
	}
	return 0;
}
