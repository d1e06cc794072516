// SPDX-License-Identifier: GPL-2.0
/*
 * Pageblock isolation, as mm/page_isolation.c set_migratetype_isolate()
 * and unset_migratetype_isolate(): an isolated pageblock's free pages sit
 * on the MIGRATE_ISOLATE lists, do not count as free and never merge with
 * blocks outside (__free_one_page). Memory offlining and alloc_contig_range
 * build on this in Linux. As in Linux 6.16+, isolation is a bit of its own
 * (PB_migrate_isolate, toggle_pageblock_isolate()): the block keeps its
 * migratetype underneath and gets it back when isolation ends
 * (__move_freepages_block_isolate).
 */
#include <mmsim/page_alloc.h>
#include "internal.h"

/* Cut a free block larger than a pageblock that covers @pfn's pageblock. */
static void split_covering_block(struct zone *zone, unsigned long pfn)
{
	unsigned long start = ALIGN_DOWN(pfn, pageblock_nr_pages);

	for (unsigned int order = MAX_PAGE_ORDER; order > pageblock_order; order--) {
		unsigned long head = ALIGN_DOWN(start, 1UL << order);
		struct page *page = pfn_to_page(head);
		int mt;

		if (!zone_spans_pfn(zone, head) || !PageBuddy(page) ||
		    buddy_order(page) != order)
			continue;
		mt = get_pfnblock_migratetype(zone, head);
		del_page_from_free_list(page, zone, order, mt);
		/* Free it again one pageblock at a time: no merging past it. */
		for (unsigned long p = head; p < head + (1UL << order);
		     p += pageblock_nr_pages) {
			struct page *pp = pfn_to_page(p);
			int pmt = get_pfnblock_migratetype(zone, p);

			set_buddy_order(pp, pageblock_order);
			__add_to_free_list(pp, zone, pageblock_order, pmt, true);
			account_freepages(zone, pageblock_nr_pages, pmt);
		}
		return;
	}
}

/**
 * set_migratetype_isolate - isolate the pageblock of @pfn
 * @pfn: any pfn in the pageblock
 *
 * Return: 0, -EINVAL outside a zone or across a zone boundary, -EBUSY when
 * already isolated.
 */
int set_migratetype_isolate(unsigned long pfn)
{
	struct machine *m = current_machine();
	struct zone *zone = pfn < m->max_pfn ? pa_pfn_zone(m->pa, pfn) : NULL;
	int mt;

	if (!zone)
		return -EINVAL;
	mt = get_pfnblock_migratetype(zone, pfn);
	if (is_migrate_isolate(mt))
		return -EBUSY;
	drain_all_pages(zone);
	split_covering_block(zone, pfn);
	if (__move_freepages_block(zone, pfn, mt, MIGRATE_ISOLATE) < 0)
		return -EINVAL;
	toggle_pageblock_isolate(zone, pfn, true);
	return 0;
}

/**
 * unset_migratetype_isolate - give an isolated pageblock back
 * @pfn: any pfn in the pageblock
 *
 * Its free blocks return to the lists of the migratetype the block had
 * before isolation and merge with their buddies again.
 */
void unset_migratetype_isolate(unsigned long pfn)
{
	struct machine *m = current_machine();
	struct zone *zone = pfn < m->max_pfn ? pa_pfn_zone(m->pa, pfn) : NULL;
	unsigned long start = ALIGN_DOWN(pfn, pageblock_nr_pages);
	struct page *page;
	int mt;

	if (!zone || !is_migrate_isolate(get_pfnblock_migratetype(zone, pfn)))
		return;
	mt = get_pfnblock_saved_migratetype(zone, pfn);
	__move_freepages_block(zone, pfn, MIGRATE_ISOLATE, mt);
	toggle_pageblock_isolate(zone, pfn, false);
	/* A whole free pageblock may now merge with its buddy. */
	page = pfn_to_page(start);
	if (PageBuddy(page) && buddy_order(page) == pageblock_order) {
		del_page_from_free_list(page, zone, pageblock_order, mt);
		__free_one_page(page, start, zone, pageblock_order, mt, false);
	}
}
