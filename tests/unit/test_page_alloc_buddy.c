// SPDX-License-Identifier: GPL-2.0
/* Buddy mechanics on a hand-built machine: split, merge, pcp, bad frees. */
#include "../test.h"
#include "pa_hand_machine.h"

TEST(page_alloc__boot_hands_over_all_free_memory)
{
	struct machine *m = hand_machine(64 * SZ_1M, 1, 2);
	struct zone *dma, *dma32;

	ASSERT(m);
	dma = &m->node_data[0]->node_zones[ZONE_DMA];
	dma32 = &m->node_data[0]->node_zones[ZONE_DMA32];
	/* Page 0 and the mem_map reservation are not managed. */
	EXPECT_EQ(dma->managed_pages + dma32->managed_pages,
		  m->totalram_pages);
	EXPECT_EQ(zone_page_state(dma, NR_FREE_PAGES), dma->managed_pages);
	EXPECT_EQ(dma->managed_pages, 4095);
	/* 4095 = 2047 + 1024 + 512 + ... + 1: orders 0..9 once, one order 10 */
	for (int o = 0; o < 10; o++)
		EXPECT_EQ(dma->free_area[o].nr_free, 1);
	EXPECT_EQ(dma->free_area[10].nr_free, 3);
	EXPECT(dma->_watermark[WMARK_MIN] > 0);
	EXPECT(dma->lowmem_reserve[ZONE_DMA32] > 0);
	EXPECT_EQ(pa_check(m), 0);
	hand_destroy(m);
}

TEST(page_alloc__split_and_merge_restore_buddyinfo)
{
	struct machine *m = hand_machine(64 * SZ_1M, 1, 1);
	unsigned long before[MAX_NR_ZONES][NR_PAGE_ORDERS];
	unsigned long after[MAX_NR_ZONES][NR_PAGE_ORDERS];
	struct page *p[NR_PAGE_ORDERS];

	ASSERT(m);
	pa_state()->pcp_disabled = true;
	buddy_snapshot(m, before);
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		p[o] = alloc_pages(GFP_KERNEL, o);
		ASSERT(p[o]);
		EXPECT_EQ(page_to_pfn(p[o]) & ((1UL << o) - 1), 0);
		EXPECT_EQ(page_ref_count(p[o]), 1);
		EXPECT(!PageBuddy(p[o]));
	}
	EXPECT_EQ(pa_check(m), 0);
	for (int o = MAX_PAGE_ORDER; o >= 0; o--)
		__free_pages(p[o], (unsigned int)o);
	buddy_snapshot(m, after);
	EXPECT(!memcmp(before, after, sizeof(before)));
	EXPECT_EQ(pa_check(m), 0);
	hand_destroy(m);
}

TEST(page_alloc__order0_split_takes_lowest_order_block)
{
	struct machine *m = hand_machine(64 * SZ_1M, 1, 1);
	struct zone *z;
	struct page *a, *b;
	unsigned long pa_, pb;

	ASSERT(m);
	pa_state()->pcp_disabled = true;
	z = &m->node_data[0]->node_zones[ZONE_DMA32];
	/*
	 * DMA32 is 16M..62M (the mem_map takes the top 2M): eleven order-10
	 * blocks and one order-9 block, which the order-0 request splits.
	 */
	EXPECT_EQ(z->free_area[9].nr_free, 1);
	/* Movable: the pageblocks are movable at boot, so no fallback. */
	a = alloc_pages(GFP_KERNEL | __GFP_MOVABLE, 0);
	ASSERT(a);
	EXPECT_EQ(page_zonenum(a), ZONE_DMA32);
	/* The split left one free block of each order 0..8. */
	EXPECT_EQ(z->free_area[9].nr_free, 0);
	for (int o = 0; o < 9; o++)
		EXPECT_EQ(z->free_area[o].nr_free, 1);
	b = alloc_pages(GFP_KERNEL | __GFP_MOVABLE, 0);
	ASSERT(b);
	pa_ = page_to_pfn(a);
	pb = page_to_pfn(b);
	EXPECT_EQ(pa_ ^ pb, 1);		/* buddies */
	__free_pages(a, 0);
	EXPECT_EQ(z->free_area[0].nr_free, 1);
	__free_pages(b, 0);
	EXPECT_EQ(z->free_area[0].nr_free, 0);
	EXPECT_EQ(z->free_area[9].nr_free, 1);
	EXPECT_EQ(pa_check(m), 0);
	/*
	 * An unmovable request finds no unmovable block: it claims the
	 * largest movable block's pageblocks (__rmqueue_claim).
	 */
	a = alloc_pages(GFP_KERNEL, 0);
	ASSERT(a);
	EXPECT_EQ(get_pfnblock_migratetype(z, page_to_pfn(a)), MIGRATE_UNMOVABLE);
	EXPECT_EQ(z->free_area[9].nr_free, 2);
	__free_pages(a, 0);
	EXPECT_EQ(pa_check(m), 0);
	hand_destroy(m);
}

TEST(page_alloc__merge_stops_at_zone_end)
{
	struct machine *m = hand_machine(64 * SZ_1M, 1, 1);
	struct zone *dma;

	ASSERT(m);
	dma = &m->node_data[0]->node_zones[ZONE_DMA];
	/*
	 * The DMA zone ends at 16M = pfn 0x1000; the order-10 block at
	 * 0xc00 has its buddy at 0x800 (inside) but the order-10 block
	 * at 0x1000 belongs to DMA32 and never merges with DMA.
	 */
	EXPECT_EQ(dma->free_area[10].nr_free, 3);
	EXPECT(PageBuddy(pfn_to_page(0x1000)) ||
	       !PageBuddy(pfn_to_page(0x1000)));
	EXPECT_EQ(pa_check(m), 0);
	hand_destroy(m);
}

TEST(page_alloc__pcp_caches_and_drains)
{
	struct machine *m = hand_machine(256 * SZ_1M, 1, 2);
	struct zone *z;
	struct per_cpu_pages *pcp;
	unsigned long free0;
	struct page *p;

	ASSERT(m);
	z = &m->node_data[0]->node_zones[ZONE_DMA32];
	pcp = &z->per_cpu_pageset[0];
	free0 = zone_page_state(z, NR_FREE_PAGES);
	p = alloc_pages(GFP_KERNEL, 0);
	ASSERT(p);
	/* The refill took a batch: NR_FREE_PAGES dropped by more than 1. */
	EXPECT(pcp->count > 0);
	EXPECT_EQ(free0 - zone_page_state(z, NR_FREE_PAGES),
		  (unsigned long)pcp->count + 1);
	__free_pages(p, 0);
	EXPECT(pcp->count > 1);
	EXPECT_EQ(pa_check(m), 0);
	drain_all_pages(NULL);
	EXPECT_EQ(pcp->count, 0);
	EXPECT_EQ(zone_page_state(z, NR_FREE_PAGES), free0);
	EXPECT_EQ(pa_check(m), 0);
	/* The other CPU has its own lists. */
	EXPECT_EQ(page_alloc_set_cpu(1), 0);
	p = alloc_pages(GFP_KERNEL, 1);
	ASSERT(p);
	EXPECT(z->per_cpu_pageset[1].count > 0);
	EXPECT_EQ(z->per_cpu_pageset[0].count, 0);
	__free_pages(p, 1);
	EXPECT_EQ(page_alloc_set_cpu(2), -EINVAL);
	drain_all_pages(NULL);
	EXPECT_EQ(pa_check(m), 0);
	hand_destroy(m);
}

TEST(page_alloc__bad_frees_are_reported_not_applied)
{
	struct machine *m = hand_machine(64 * SZ_1M, 1, 1);
	unsigned long before[MAX_NR_ZONES][NR_PAGE_ORDERS];
	unsigned long after[MAX_NR_ZONES][NR_PAGE_ORDERS];
	char why[128];
	struct page *p;
	unsigned long pfn;

	ASSERT(m);
	p = alloc_pages(GFP_KERNEL, 2);
	ASSERT(p);
	pfn = page_to_pfn(p);
	drain_all_pages(NULL);
	buddy_snapshot(m, before);
	EXPECT_EQ(free_pages_checked(pfn, 1, why, sizeof(why)), -EINVAL);
	EXPECT_STR(why, "wrong order 1, allocated as order 2");
	EXPECT_EQ(free_pages_checked(pfn + 1, 0, why, sizeof(why)), -EINVAL);
	EXPECT_STR(why, "page is not allocated");
	EXPECT_EQ(free_pages_checked(0, 0, why, sizeof(why)), -EINVAL);
	EXPECT_STR(why, "page is reserved");
	EXPECT_EQ(free_pages_checked(pfn, 11, why, sizeof(why)), -EINVAL);
	EXPECT_EQ(free_pages_checked(~0UL >> 20, 0, why, sizeof(why)), -EINVAL);
	buddy_snapshot(m, after);
	EXPECT(!memcmp(before, after, sizeof(before)));
	EXPECT(strstr(sb_str(&m->dmesg), "BUG: Bad page state in process"));
	EXPECT_EQ(free_pages_checked(pfn, 2, why, sizeof(why)), 0);
	EXPECT_EQ(free_pages_checked(pfn, 2, why, sizeof(why)), -EINVAL);
	EXPECT(strstr(why, "double free") != NULL);
	drain_all_pages(NULL);
	EXPECT_EQ(free_pages_checked(pfn, 2, why, sizeof(why)), -EINVAL);
	EXPECT_STR(why, "page is already free (double free)");
	EXPECT_EQ(pa_check(m), 0);
	hand_destroy(m);
}

TEST(page_alloc__compound_pages)
{
	struct machine *m = hand_machine(64 * SZ_1M, 1, 1);
	struct page *p;

	ASSERT(m);
	p = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);
	ASSERT(p);
	EXPECT(PageHead(p));
	EXPECT_EQ(compound_order(p), 3);
	for (int i = 1; i < 8; i++) {
		EXPECT(PageTail(p + i));
		EXPECT(compound_head(p + i) == p);
	}
	__free_pages(p, 3);
	EXPECT(!PageHead(p));
	EXPECT(!PageTail(p + 1));
	EXPECT_EQ(pa_check(m), 0);
	hand_destroy(m);
}

TEST(page_alloc__gfp_zero_clears_ram)
{
	struct machine *m = hand_machine(64 * SZ_1M, 1, 1);
	struct page *p;
	u64 v = 0;

	ASSERT(m);
	p = alloc_pages(GFP_KERNEL, 0);
	ASSERT(p);
	ram_write64(&m->ram, PFN_PHYS(page_to_pfn(p)) + 8, 0xdeadbeef);
	__free_pages(p, 0);
	p = alloc_pages(GFP_KERNEL | __GFP_ZERO, 0);
	ASSERT(p);
	ram_read64(&m->ram, PFN_PHYS(page_to_pfn(p)) + 8, &v);
	EXPECT_EQ(v, 0);
	__free_pages(p, 0);
	hand_destroy(m);
}

TEST(page_alloc__gfp_parse_and_format)
{
	char buf[GFP_STR_LEN], bad[64];
	gfp_t g = 0;

	EXPECT_EQ(GFP_KERNEL, 0xcc0);
	EXPECT_EQ(GFP_ATOMIC, 0x820);
	EXPECT_EQ(GFP_HIGHUSER_MOVABLE, 0x100cca);
	EXPECT_EQ(gfp_parse("GFP_KERNEL|__GFP_ZERO", &g, bad, sizeof(bad)), 0);
	EXPECT_EQ(g, 0xdc0);
	EXPECT_STR(gfp_format(g, buf, sizeof(buf), false), "GFP_KERNEL|__GFP_ZERO");
	EXPECT_EQ(gfp_parse(" GFP_ATOMIC | __GFP_NOWARN ", &g, bad, sizeof(bad)), 0);
	EXPECT_STR(gfp_format(g, buf, sizeof(buf), false), "GFP_ATOMIC|__GFP_NOWARN");
	EXPECT_EQ(gfp_parse("GFP_KERNEL|__GFP_BOGUS", &g, bad, sizeof(bad)), -EINVAL);
	EXPECT_STR(bad, "__GFP_BOGUS");
	EXPECT_EQ(gfp_parse("GFP_DMA|__GFP_HIGHMEM", &g, bad, sizeof(bad)), -EINVAL);
	EXPECT_EQ(gfp_parse("", &g, bad, sizeof(bad)), -EINVAL);
	EXPECT_STR(gfp_format(GFP_HIGHUSER_MOVABLE, buf, sizeof(buf), false),
		   "GFP_HIGHUSER_MOVABLE");
	EXPECT_STR(gfp_format(GFP_NOWAIT, buf, sizeof(buf), false), "GFP_NOWAIT");
	EXPECT_STR(gfp_format(0, buf, sizeof(buf), true), "none");
	EXPECT_STR(gfp_format(0x200, buf, sizeof(buf), false), "0x200");
	EXPECT_STR(gfp_format(GFP_KERNEL | 0x200, buf, sizeof(buf), false),
		   "GFP_KERNEL|0x200");
	EXPECT_EQ(gfp_parse("0xcc0", &g, bad, sizeof(bad)), 0);
	EXPECT_EQ(g, GFP_KERNEL);
}

TEST(page_alloc__order_above_max_fails_with_warning)
{
	struct machine *m = hand_machine(64 * SZ_1M, 1, 1);

	ASSERT(m);
	EXPECT(alloc_pages(GFP_KERNEL, 11) == NULL);
	EXPECT(strstr(sb_str(&m->dmesg), "MAX_PAGE_ORDER"));
	hand_destroy(m);
}

TEST(page_alloc__merge_stops_at_isolated_pageblock)
{
	struct machine *m = hand_machine(64 * SZ_1M, 1, 1);
	unsigned long before[MAX_NR_ZONES][NR_PAGE_ORDERS];
	unsigned long after[MAX_NR_ZONES][NR_PAGE_ORDERS];
	struct zone *z;
	struct page *p;
	unsigned long pfn, free0;

	ASSERT(m);
	pa_state()->pcp_disabled = true;
	z = &m->node_data[0]->node_zones[ZONE_DMA32];
	buddy_snapshot(m, before);
	free0 = zone_page_state(z, NR_FREE_PAGES);
	p = alloc_pages(GFP_KERNEL | __GFP_MOVABLE, 10);
	ASSERT(p);
	pfn = page_to_pfn(p);
	/* Isolate the upper pageblock of the order-10 block, then free it. */
	EXPECT_EQ(set_migratetype_isolate(pfn + 512), 0);
	EXPECT_EQ(set_migratetype_isolate(pfn + 512), -EBUSY);
	__free_pages(p, 10);
	/* The halves did not merge; the isolated one is not counted free. */
	EXPECT(PageBuddy(p) && p->private == 9);
	EXPECT(PageBuddy(p + 512) && p[512].private == 9);
	EXPECT(!list_empty(&z->free_area[9].free_list[MIGRATE_ISOLATE]));
	EXPECT_EQ(zone_page_state(z, NR_FREE_PAGES), free0 - 512);
	EXPECT_EQ(pa_check(m), 0);
	unset_migratetype_isolate(pfn + 512);
	EXPECT(PageBuddy(p) && p->private == 10);
	EXPECT_EQ(zone_page_state(z, NR_FREE_PAGES), free0);
	buddy_snapshot(m, after);
	EXPECT(!memcmp(before, after, sizeof(before)));
	EXPECT_EQ(pa_check(m), 0);
	/* Isolating a free order-10 block splits it. */
	EXPECT_EQ(set_migratetype_isolate(pfn), 0);
	EXPECT_EQ(zone_page_state(z, NR_FREE_PAGES), free0 - 512);
	EXPECT_EQ(pa_check(m), 0);
	unset_migratetype_isolate(pfn);
	buddy_snapshot(m, after);
	EXPECT(!memcmp(before, after, sizeof(before)));
	EXPECT_EQ(pa_check(m), 0);
	/*
	 * Isolation is a bit of its own (PB_migrate_isolate): the block
	 * reads as MIGRATE_ISOLATE, keeps its type underneath and gets it
	 * back, here Unmovable, not the Movable of its neighbours.
	 */
	set_pfnblock_migratetype(z, pfn, MIGRATE_UNMOVABLE);
	EXPECT_EQ(set_migratetype_isolate(pfn), 0);
	EXPECT_EQ(get_pfnblock_migratetype(z, pfn), MIGRATE_ISOLATE);
	set_pfnblock_migratetype(z, pfn, MIGRATE_RECLAIMABLE);
	EXPECT_EQ(get_pfnblock_migratetype(z, pfn), MIGRATE_ISOLATE);
	set_pfnblock_migratetype(z, pfn, MIGRATE_UNMOVABLE);
	unset_migratetype_isolate(pfn);
	EXPECT_EQ(get_pfnblock_migratetype(z, pfn), MIGRATE_UNMOVABLE);
	/* Merged with its free buddy into an Unmovable order-10 block. */
	EXPECT(PageBuddy(p) && p->private == 10);
	EXPECT(!list_empty(&z->free_area[10].free_list[MIGRATE_UNMOVABLE]));
	EXPECT_EQ(pa_check(m), 0);
	move_freepages_block(z, pfn, MIGRATE_UNMOVABLE, MIGRATE_MOVABLE);
	set_pfnblock_migratetype(z, pfn + 512, MIGRATE_MOVABLE);
	buddy_snapshot(m, after);
	EXPECT(!memcmp(before, after, sizeof(before)));
	EXPECT_EQ(pa_check(m), 0);
	hand_destroy(m);
}

int main(void)
{
	RUN(page_alloc__merge_stops_at_isolated_pageblock);
	RUN(page_alloc__boot_hands_over_all_free_memory);
	RUN(page_alloc__split_and_merge_restore_buddyinfo);
	RUN(page_alloc__order0_split_takes_lowest_order_block);
	RUN(page_alloc__merge_stops_at_zone_end);
	RUN(page_alloc__pcp_caches_and_drains);
	RUN(page_alloc__bad_frees_are_reported_not_applied);
	RUN(page_alloc__compound_pages);
	RUN(page_alloc__gfp_zero_clears_ram);
	RUN(page_alloc__gfp_parse_and_format);
	RUN(page_alloc__order_above_max_fails_with_warning);
	return done();
}
