// SPDX-License-Identifier: GPL-2.0
/*
 * What khugepaged's start does to the page allocator, as mm/khugepaged.c
 * set_recommended_min_free_kbytes() and mm/huge_memory.c hugepage_init():
 * a kernel with CONFIG_TRANSPARENT_HUGEPAGE whose THP mode is "always" or
 * "madvise" starts khugepaged, which raises min_free_kbytes so that a few
 * pageblocks per zone stay free for huge pages and for the fallbacks of
 * anti-fragmentation.
 *
 * SIM: khugepaged itself (collapsing small pages into huge ones) is not
 * simulated; only its effect on the watermarks is.
 */
#include <mmsim/page_alloc.h>
#include <mmsim/gfp.h>

/**
 * set_recommended_min_free_kbytes - raise min_free_kbytes for THP
 *
 * Two pageblocks per lowmem zone (GFP_USER's zones) plus, for each of the
 * MIGRATE_PCPTYPES types, MIGRATE_PCPTYPES pageblocks to fall back to;
 * never more than 5% of lowmem. Only raises, then recomputes the
 * watermarks (setup_per_zone_wmarks()).
 *
 * Context: boot, after init_per_zone_wmark_min().
 */
void set_recommended_min_free_kbytes(void)
{
	struct machine *m = current_machine();
	struct page_alloc_state *pa = m->pa;
	unsigned long recommended_min, cap;
	struct zone *zone;
	int nr_zones = 0;

	for_each_populated_zone(zone, m) {
		/* ZONE_MOVABLE holds movable pages only: no fragmentation */
		if (zone_idx(zone) > gfp_zone(GFP_USER))
			continue;
		nr_zones++;
	}
	recommended_min = pageblock_nr_pages * nr_zones * 2;
	recommended_min += pageblock_nr_pages * nr_zones * MIGRATE_PCPTYPES *
			   MIGRATE_PCPTYPES;
	cap = nr_free_buffer_pages() / 20;
	if (recommended_min > cap)
		recommended_min = cap;
	recommended_min <<= (PAGE_SHIFT - 10);
	if (recommended_min > (unsigned long)pa->min_free_kbytes) {
		if (pa->user_min_free_kbytes >= 0)
			pr_info("raising min_free_kbytes from %d to %lu to help transparent hugepage allocations\n",
				pa->min_free_kbytes, recommended_min);
		pa->min_free_kbytes = (int)recommended_min;
	}
	setup_per_zone_wmarks();
}

/**
 * hugepage_init - THP's boot step that touches the page allocator
 * @m: machine, after memblock_free_all()
 *
 * hugepage_init() -> start_stop_khugepaged(): khugepaged runs when the
 * THP mode (CONFIG_TRANSPARENT_HUGEPAGE_* or transparent_hugepage=) is
 * always or madvise, and its start calls set_recommended_min_free_kbytes().
 */
void hugepage_init(struct machine *m)
{
	if (!IS_ENABLED(m, TRANSPARENT_HUGEPAGE) || m->kconfig.thp == THP_NEVER)
		return;
	set_recommended_min_free_kbytes();
}
