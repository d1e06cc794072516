// SPDX-License-Identifier: GPL-2.0
/*
 * Watermarks, lowmem reserves and exhaustion on a hand-built machine:
 * GFP_KERNEL stops at the min watermark, GFP_ATOMIC dips below it, the DMA
 * zone keeps its lowmem_reserve against Normal-capable requests, failures
 * are logged unless __GFP_NOWARN, and everything coalesces back.
 */
#include "../test.h"
#include "pa_hand_machine.h"

#define MAXP	(1 << 16)

static struct page *held[MAXP];
static int nheld;

static int exhaust(gfp_t gfp)
{
	int n = 0;
	struct page *p;

	while (nheld < MAXP && (p = alloc_pages(gfp, 0))) {
		held[nheld++] = p;
		n++;
	}
	return n;
}

static void release_all(void)
{
	while (nheld)
		__free_pages(held[--nheld], 0);
}

/* gfp_to_alloc_flags: the highatomic reserve is for __GFP_HIGH only. */
TEST(page_alloc__highatomic_only_for_atomic_high_orders)
{
	EXPECT_EQ(!!(gfp_to_alloc_flags(GFP_ATOMIC, 1) & ALLOC_HIGHATOMIC), 1);
	EXPECT_EQ(!!(gfp_to_alloc_flags(GFP_ATOMIC, 0) & ALLOC_HIGHATOMIC), 0);
	EXPECT_EQ(!!(gfp_to_alloc_flags(GFP_NOWAIT, 3) & ALLOC_HIGHATOMIC), 0);
	EXPECT_EQ(!!(gfp_to_alloc_flags(GFP_NOWAIT, 3) & ALLOC_NON_BLOCK), 1);
	EXPECT_EQ(!!(gfp_to_alloc_flags(GFP_KERNEL, 3) & ALLOC_HIGHATOMIC), 0);
	EXPECT_EQ(!!(gfp_to_alloc_flags(GFP_ATOMIC | __GFP_NOMEMALLOC, 1) &
		     ALLOC_HIGHATOMIC), 0);
}

TEST(page_alloc__watermarks_from_min_free_kbytes)
{
	struct machine *m = hand_machine(8 * SZ_1G, 1, 2);
	struct zone *dma, *dma32, *normal;
	unsigned long lowmem, pages_min;

	ASSERT(m);
	dma = &m->node_data[0]->node_zones[ZONE_DMA];
	dma32 = &m->node_data[0]->node_zones[ZONE_DMA32];
	normal = &m->node_data[0]->node_zones[ZONE_NORMAL];
	lowmem = dma->managed_pages + dma32->managed_pages + normal->managed_pages;
	/* min_free_kbytes = int_sqrt(lowmem_kbytes * 16) */
	/* int_sqrt(lowmem_kbytes * 16) */
	pages_min = (unsigned long)pa_state()->min_free_kbytes;
	EXPECT(pages_min * pages_min <= lowmem * 4 * 16);
	EXPECT((pages_min + 1) * (pages_min + 1) > lowmem * 4 * 16);
	pages_min /= 4;
	EXPECT_EQ(min_wmark_pages(dma32), pages_min * dma32->managed_pages / lowmem);
	/* low = min + max(min/4, managed * 10 / 10000) */
	EXPECT_EQ(low_wmark_pages(dma32) - min_wmark_pages(dma32),
		  dma32->managed_pages * 10 / 10000);
	EXPECT_EQ(high_wmark_pages(dma32) - low_wmark_pages(dma32),
		  dma32->managed_pages * 10 / 10000);
	/* protection: upper zones' managed pages / ratio */
	EXPECT_EQ(dma->lowmem_reserve[ZONE_DMA32], dma32->managed_pages / 256);
	EXPECT_EQ(dma->lowmem_reserve[ZONE_NORMAL],
		  (dma32->managed_pages + normal->managed_pages) / 256);
	EXPECT_EQ(dma32->lowmem_reserve[ZONE_NORMAL], normal->managed_pages / 256);
	EXPECT_EQ(normal->lowmem_reserve[ZONE_MOVABLE], 0);
	/* Movable: min clamped to [32, 128] */
	EXPECT_EQ(min_wmark_pages(&m->node_data[0]->node_zones[ZONE_MOVABLE]), 32);
	/* pcp: batch 63 (1 MiB / 4 / ... clamped to 2^n - 1), high_min low/cpus */
	EXPECT_EQ(dma32->per_cpu_pageset[0].batch, 63);
	EXPECT_EQ(dma32->per_cpu_pageset[1].high_min,
		  low_wmark_pages(dma32) / 2);
	EXPECT_EQ(dma32->per_cpu_pageset[0].high_max,
		  dma32->managed_pages / 8 / 2);
	hand_destroy(m);
}

TEST(page_alloc__exhaustion_stops_at_min_and_atomic_dips_below)
{
	struct machine *m = hand_machine(128 * SZ_1M, 1, 1);
	unsigned long before[MAX_NR_ZONES][NR_PAGE_ORDERS];
	unsigned long after[MAX_NR_ZONES][NR_PAGE_ORDERS];
	struct zone *dma, *dma32;
	unsigned long min32, min_dma, atomic_min;

	ASSERT(m);
	dma = &m->node_data[0]->node_zones[ZONE_DMA];
	dma32 = &m->node_data[0]->node_zones[ZONE_DMA32];
	buddy_snapshot(m, before);
	min32 = min_wmark_pages(dma32);
	min_dma = min_wmark_pages(dma);
	/*
	 * Without pcp lists the watermarks are exact. (With them, a refill
	 * takes a whole batch, so a zone can fail its check while its pcp
	 * lists still hold pages, as in Linux.)
	 */
	pa_state()->pcp_disabled = true;

	EXPECT(exhaust(GFP_KERNEL | __GFP_NOWARN) > 20000);
	EXPECT(!strstr(sb_str(&m->dmesg), "page allocation failure"));
	/* GFP_KERNEL stops at DMA32's min watermark... */
	EXPECT_EQ(zone_page_state(dma32, NR_FREE_PAGES), min32);
	/* ...and leaves DMA its protection against Normal-capable requests. */
	EXPECT_EQ(zone_page_state(dma, NR_FREE_PAGES),
		  min_dma + (unsigned long)dma->lowmem_reserve[ZONE_NORMAL]);

	EXPECT(alloc_pages(GFP_KERNEL, 0) == NULL);
	EXPECT(strstr(sb_str(&m->dmesg),
		      "swapper/0: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL), nodemask=(null),cpuset=/,mems_allowed=0\n"));
	EXPECT(strstr(sb_str(&m->dmesg), "Mem-Info:"));
	EXPECT(strstr(sb_str(&m->dmesg), "Node 0 DMA32: "));
	/* nopage_rs: one report per 10 s; the clock stands still here. */
	{
		const char *first = strstr(sb_str(&m->dmesg), "page allocation failure");

		EXPECT(alloc_pages(GFP_KERNEL, 0) == NULL);
		EXPECT(alloc_pages(GFP_KERNEL, 1) == NULL);
		EXPECT(!strstr(first + 1, "page allocation failure"));
		m->clock_ns += 10ULL * 1000000000ULL;
		EXPECT(alloc_pages(GFP_KERNEL, 2) == NULL);
		EXPECT(strstr(sb_str(&m->dmesg), "warn_alloc: 2 callbacks suppressed\n"));
		EXPECT(strstr(sb_str(&m->dmesg), "page allocation failure: order:2"));
	}

	/* GFP_ATOMIC may use 5/8 of the reserve below min. */
	EXPECT(exhaust(GFP_ATOMIC | __GFP_NOWARN) > 0);
	atomic_min = min32 - min32 / 2;
	atomic_min -= atomic_min / 4;
	EXPECT_EQ(zone_page_state(dma32, NR_FREE_PAGES), atomic_min);

	/* GFP_DMA still finds DMA pages: no reserve against DMA requests. */
	held[nheld] = alloc_pages(GFP_DMA | __GFP_NOWARN, 0);
	EXPECT(held[nheld] != NULL);
	if (held[nheld])
		nheld++;
	EXPECT_EQ(pa_check(m), 0);

	/* Leak check: everything back, fully coalesced. */
	release_all();
	drain_all_pages(NULL);
	buddy_snapshot(m, after);
	EXPECT(!memcmp(before, after, sizeof(before)));
	EXPECT_EQ(pa_check(m), 0);
	hand_destroy(m);
}

TEST(page_alloc__everything_freed_coalesces_to_boot_state)
{
	struct machine *m = hand_machine(128 * SZ_1M, 1, 2);
	unsigned long before[MAX_NR_ZONES][NR_PAGE_ORDERS];
	unsigned long after[MAX_NR_ZONES][NR_PAGE_ORDERS];
	struct page *dmap;

	ASSERT(m);
	buddy_snapshot(m, before);
	exhaust(GFP_KERNEL | __GFP_NOWARN);
	page_alloc_set_cpu(1);
	exhaust(GFP_ATOMIC | __GFP_NOWARN);
	dmap = alloc_pages(GFP_DMA | __GFP_NOWARN, 3);
	EXPECT_EQ(pa_check(m), 0);
	release_all();
	if (dmap)
		__free_pages(dmap, 3);
	drain_all_pages(NULL);
	buddy_snapshot(m, after);
	EXPECT(!memcmp(before, after, sizeof(before)));
	EXPECT_EQ(pa_check(m), 0);
	hand_destroy(m);
}

/*
 * __zone_watermark_unusable_free(): the free pages of highatomic pageblocks
 * (zone->nr_free_highatomic, kept by account_freepages()) are out of reach
 * of a request without rights to the reserves.
 */
TEST(page_alloc__free_highatomic_pages_do_not_count_for_plain_requests)
{
	struct machine *m = hand_machine(128 * SZ_1M, 1, 1);
	struct page *page;
	struct zone *zone;
	unsigned long pfn, mark;
	long free;
	int mt;

	ASSERT(m);
	page = alloc_pages(GFP_KERNEL, pageblock_order);
	ASSERT(page);
	pfn = page_to_pfn(page);
	zone = page_zone(page);
	EXPECT_EQ(pfn % pageblock_nr_pages, 0);
	EXPECT_EQ(zone->nr_free_highatomic, 0);
	mt = get_pfnblock_migratetype(zone, pfn);
	EXPECT_EQ(move_freepages_block(zone, pfn, mt, MIGRATE_HIGHATOMIC), 0);
	/* Not mergeable: it stays a pageblock on the HighAtomic list. */
	__free_pages(page, pageblock_order);
	EXPECT_EQ(zone->nr_free_highatomic, pageblock_nr_pages);
	EXPECT_EQ(pa_check(m), 0);

	free = zone->vm_stat[NR_FREE_PAGES];
	mark = (unsigned long)free - pageblock_nr_pages / 2;
	EXPECT(!__zone_watermark_ok(zone, 0, mark, ZONE_NORMAL, 0, free));
	EXPECT(__zone_watermark_ok(zone, 0, mark, ZONE_NORMAL,
				   ALLOC_HIGHATOMIC, free));
	EXPECT(__zone_watermark_ok(zone, 0, mark - pageblock_nr_pages,
				   ZONE_NORMAL, 0, free));

	/* unreserve_highatomic_pageblock()'s move back... */
	EXPECT_EQ(move_freepages_block(zone, pfn, MIGRATE_HIGHATOMIC, mt),
		  (int)pageblock_nr_pages);
	EXPECT_EQ(zone->nr_free_highatomic, 0);
	/* ...then isolation, whose end merges the block with its buddy. */
	EXPECT_EQ(set_migratetype_isolate(pfn), 0);
	EXPECT_EQ(zone->nr_free_highatomic, 0);
	unset_migratetype_isolate(pfn);
	EXPECT_EQ(get_pfnblock_migratetype(zone, pfn), mt);
	EXPECT_EQ(pa_check(m), 0);
	hand_destroy(m);
}

TEST(page_alloc__thisnode_and_node_order)
{
	struct machine *m = hand_machine(512 * SZ_1M, 2, 2);
	struct zonelist *zl;
	struct page *p;

	ASSERT(m);
	/* Node 0: DMA, DMA32. Node 1: DMA32 only. */
	zl = &m->node_data[1]->node_zonelists[ZONELIST_FALLBACK];
	EXPECT(zl->_zonerefs[0].zone == &m->node_data[1]->node_zones[ZONE_DMA32]);
	EXPECT(zl->_zonerefs[1].zone == &m->node_data[0]->node_zones[ZONE_DMA32]);
	EXPECT(zl->_zonerefs[2].zone == &m->node_data[0]->node_zones[ZONE_DMA]);
	EXPECT(zl->_zonerefs[3].zone == NULL);
	zl = &m->node_data[1]->node_zonelists[ZONELIST_NOFALLBACK];
	EXPECT(zl->_zonerefs[1].zone == NULL);
	/* CPU 1 sits on node 1: its allocations are node-local. */
	page_alloc_set_cpu(1);
	p = alloc_pages(GFP_KERNEL, 0);
	ASSERT(p);
	EXPECT_EQ(page_to_nid(p), 1);
	__free_pages(p, 0);
	/* GFP_DMA on node 1 falls back to node 0's DMA zone. */
	p = alloc_pages_node(1, GFP_DMA, 0);
	ASSERT(p);
	EXPECT_EQ(page_to_nid(p), 0);
	EXPECT_EQ(page_zonenum(p), ZONE_DMA);
	__free_pages(p, 0);
	/* ...but not with __GFP_THISNODE. */
	EXPECT(alloc_pages_node(1, GFP_DMA | __GFP_THISNODE | __GFP_NOWARN, 0) == NULL);
	drain_all_pages(NULL);
	EXPECT_EQ(pa_check(m), 0);
	hand_destroy(m);
}

int main(void)
{
	RUN(page_alloc__highatomic_only_for_atomic_high_orders);
	RUN(page_alloc__watermarks_from_min_free_kbytes);
	RUN(page_alloc__exhaustion_stops_at_min_and_atomic_dips_below);
	RUN(page_alloc__everything_freed_coalesces_to_boot_state);
	RUN(page_alloc__free_highatomic_pages_do_not_count_for_plain_requests);
	RUN(page_alloc__thisnode_and_node_order);
	return done();
}
