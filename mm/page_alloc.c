// SPDX-License-Identifier: GPL-2.0
/*
 * Boot hand-over accounting only: counts the pages memblock leaves free as
 * each zone's managed pages. The buddy allocator proper replaces this file.
 */
#include <mmsim/mm_init.h>
#include <mmsim/vmstat.h>

int page_alloc_init(struct machine *m)
{
	return 0;
}

void page_alloc_exit(struct machine *m)
{
}

unsigned long memblock_free_all(void)
{
	struct machine *m = current_machine();
	unsigned long total = 0;
	struct zone *zone;

	for_each_populated_zone(zone, m) {
		zone->managed_pages = memblock_free_pages_in(&m->memblock,
				zone->zone_start_pfn, zone_end_pfn(zone));
		zone->vm_stat[NR_FREE_PAGES] = (long)zone->managed_pages;
		total += zone->managed_pages;
		if (is_highmem(zone))
			m->totalhigh_pages += zone->managed_pages;
	}
	return total;
}

unsigned long global_zone_page_state(enum zone_stat_item item)
{
	struct machine *m = current_machine();
	unsigned long sum = 0;
	struct zone *zone;

	for_each_populated_zone(zone, m)
		sum += zone_page_state(zone, item);
	return sum;
}

unsigned long si_mem_available(void)
{
	return global_zone_page_state(NR_FREE_PAGES);
}
