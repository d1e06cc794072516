// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/pagetypeinfo, as mm/vmstat.c pagetypeinfo_show(): free blocks per
 * order and migratetype, then pageblocks per migratetype, per node.
 * SIM: no page_owner, so there are no "mixed" block counts.
 */
#include <mmsim/mm_init.h>
#include <mmsim/page_alloc.h>
#include <mmsim/proc.h>

/* Zones of a node with memory (walk_zones_in_node, assert_populated). */
#define for_each_node_populated_zone(zone, pgdat)			\
	for (zone = (pgdat)->node_zones;				\
	     zone < (pgdat)->node_zones + MAX_NR_ZONES; zone++)	\
		if (!populated_zone(zone)) {} else

static void showfree(struct strbuf *sb, pg_data_t *pgdat)
{
	struct zone *zone;

	seq_printf(sb, "%-43s ", "Free pages count per migrate type at order");
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		seq_printf(sb, "%6d ", o);
	seq_puts(sb, "\n");
	for_each_node_populated_zone(zone, pgdat) {
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			seq_printf(sb, "Node %4d, zone %8s, type %12s ",
				   pgdat->node_id, zone->name,
				   migratetype_names[mt]);
			for (int o = 0; o < NR_PAGE_ORDERS; o++) {
				struct list_head *head =
					&zone->free_area[o].free_list[mt], *p;
				unsigned long n = 0;
				bool overflow = false;

				list_for_each(p, head) {
					if (++n >= 100000) {
						overflow = true;
						break;
					}
				}
				seq_printf(sb, "%s%6lu ", overflow ? ">" : "", n);
			}
			seq_puts(sb, "\n");
		}
	}
}

/*
 * pagetypeinfo_showblockcount_print(): blocks without a valid memmap (a
 * hole such as the PCI hole below 4 GiB) or of another zone are skipped.
 */
static void showblockcount(struct machine *m, struct strbuf *sb,
			   pg_data_t *pgdat)
{
	struct zone *zone;

	seq_printf(sb, "\n%-23s", "Number of blocks type ");
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		seq_printf(sb, "%12s ", migratetype_names[mt]);
	seq_puts(sb, "\n");
	for_each_node_populated_zone(zone, pgdat) {
		unsigned long count[MIGRATE_TYPES] = { 0 };

		for (unsigned long pfn = zone->zone_start_pfn;
		     pfn < zone_end_pfn(zone); pfn += pageblock_nr_pages) {
			struct page *page = pfn_to_online_page(m, pfn);
			int mt;

			if (!page || page_zone(page) != zone)
				continue;
			mt = get_pfnblock_migratetype(zone, pfn);
			if (mt < MIGRATE_TYPES)
				count[mt]++;
		}
		seq_printf(sb, "Node %d, zone %8s ", pgdat->node_id, zone->name);
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			seq_printf(sb, "%12lu ", count[mt]);
		seq_puts(sb, "\n");
	}
}

int pagetypeinfo_proc_show(struct machine *m, struct strbuf *sb)
{
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		pg_data_t *pgdat = m->node_data[nid];

		if (!pgdat->node_present_pages)
			continue;
		seq_printf(sb, "Page block order: %u\n", pageblock_order);
		seq_printf(sb, "Pages per block:  %lu\n", pageblock_nr_pages);
		seq_puts(sb, "\n");
		showfree(sb, pgdat);
		showblockcount(m, sb, pgdat);
	}
	return 0;
}
