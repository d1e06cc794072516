// SPDX-License-Identifier: GPL-2.0
/*
 * rmqueue_bulk()'s cached fallback mode (enum rmqueue_mode, Linux 6.15):
 * once a refill found the preferred lists empty and failed to claim a
 * fallback pageblock, the rest of its batch steals straight away, so the
 * watermark is boosted once per refill, not once per page.
 */
#include "../test.h"
#include "pa_hand_machine.h"

#define MAXB	4096

static struct page *held[MAXB];

TEST(page_alloc__refill_boosts_the_watermark_once)
{
	struct machine *m = hand_machine(SZ_1G, 1, 1);
	struct page_alloc_state *pa;
	struct zone *z;
	int nheld = 0, min_kb;
	unsigned long max_boost;
	struct page *p;

	ASSERT(m);
	pa = pa_state();
	z = &m->node_data[0]->node_zones[ZONE_DMA32];
	/* Take every pageblock as Unmovable, down to the last pages. */
	pa->pcp_disabled = true;
	min_kb = pa->min_free_kbytes;
	pa->min_free_kbytes = 16;
	setup_per_zone_wmarks();
	while (nheld < MAXB &&
	       (p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, pageblock_order)))
		held[nheld++] = p;
	while (alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0))
		;
	ASSERT(nheld > 64);
	/*
	 * In 40 of those blocks free the first 16 pages of every 64: 128
	 * free pages a block, in order-4 buddies on the Unmovable lists.
	 * Too few for a Movable request to claim the block (it needs half).
	 */
	for (int b = 0; b < 40; b++) {
		split_page(held[b], pageblock_order);
		for (unsigned long i = 0; i < pageblock_nr_pages; i += 64)
			for (unsigned long j = 0; j < 16; j++)
				__free_pages(held[b] + i + j, 0);
	}
	EXPECT_EQ(z->free_area[4].nr_free >= 40 * 8, 1);
	pa->min_free_kbytes = min_kb;
	setup_per_zone_wmarks();
	pa->pcp_disabled = false;
	max_boost = z->_watermark[WMARK_HIGH] *
		    (unsigned long)pa->watermark_boost_factor / 10000;
	/* The test needs room for more than one boost. */
	ASSERT(max_boost >= 2 * pageblock_nr_pages);
	z->watermark_boost = 0;

	/*
	 * One Movable page, without __GFP_KSWAPD_RECLAIM so the boost
	 * stays: the pcp refill falls back for each of its pages.
	 */
	p = alloc_pages(__GFP_MOVABLE | __GFP_NOWARN, 0);
	ASSERT(p);
	EXPECT(page_zone(p) == z);
	EXPECT(zone_page_state(z, NR_FREE_PAGES) > 0);
	EXPECT(z->per_cpu_pageset[0].count > 1);
	/* One failed claim, one boost; then RMQUEUE_STEAL for the rest. */
	EXPECT_EQ(z->watermark_boost, pageblock_nr_pages);
	/* Stolen, not claimed: the half-free blocks stay Unmovable. */
	for (int b = 0; b < 40; b++)
		EXPECT_EQ(get_pfnblock_migratetype(z, page_to_pfn(held[b])),
			  MIGRATE_UNMOVABLE);
	__free_pages(p, 0);
	EXPECT_EQ(pa_check(m), 0);
	hand_destroy(m);
}

int main(void)
{
	RUN(page_alloc__refill_boosts_the_watermark_once);
	return done();
}
