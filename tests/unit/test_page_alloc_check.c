// SPDX-License-Identifier: GPL-2.0
/*
 * page_alloc_check() through machine_check(): a free page in a state
 * Linux's page_expected_state() forbids (refcount, mapcount, mapping, any
 * page flag) on a buddy list, a pcp list or inside a free block is caught,
 * and so is a zone whose managed pages differ from free + allocated. Each
 * corruption is restored and the machine checks clean again.
 */
#include "../test.h"
#include <mmsim/page_alloc.h>

#define EXPECT_CAUGHT(m, what, corrupt, restore)			\
	do {								\
		corrupt;						\
		if (machine_check(m) == 0)				\
			FAIL_AT("check missed: %s", what);		\
		restore;						\
		if (machine_check(m) != 0)				\
			FAIL_AT("check still fails after restoring %s:\n%s", \
				what, sb_str(&(m)->check_report));	\
	} while (0)

/* The first block on any buddy list of @zone of at least @min_order. */
static struct page *some_free_block(struct zone *zone, unsigned int min_order)
{
	for (unsigned int o = min_order; o < NR_PAGE_ORDERS; o++)
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
			struct list_head *h = &zone->free_area[o].free_list[mt];

			if (!list_empty(h))
				return list_entry(h->next, struct page, lru);
		}
	return NULL;
}

static void corrupt_each_field(struct machine *m, struct page *p,
			       const char *where)
{
	char what[96];

	snprintf(what, sizeof(what), "refcount of %s", where);
	EXPECT_CAUGHT(m, what, p->_refcount = 1, p->_refcount = 0);
	snprintf(what, sizeof(what), "mapcount of %s", where);
	EXPECT_CAUGHT(m, what, p->_mapcount = 1, p->_mapcount = 0);
	snprintf(what, sizeof(what), "mapping of %s", where);
	EXPECT_CAUGHT(m, what, p->mapping = (void *)0x1000, p->mapping = NULL);
	for (int bit = 0; bit < __NR_PAGEFLAGS; bit++) {
		snprintf(what, sizeof(what), "flag %s of %s",
			 pageflag_names[bit], where);
		EXPECT_CAUGHT(m, what, p->flags |= 1UL << bit,
			      p->flags &= ~(1UL << bit));
	}
}

TEST(check__free_page_expected_state)
{
	struct machine *m = test_boot("x86_64", "256M");
	struct zone *zone;
	struct page *blk, *pcp_page, *held;
	struct per_cpu_pages *pcp;

	ASSERT(m);
	ASSERT(machine_check(m) == 0);
	zone = &m->node_data[0]->node_zones[ZONE_DMA32];
	blk = some_free_block(zone, 1);
	ASSERT(blk);
	corrupt_each_field(m, blk, "a buddy list head");
	corrupt_each_field(m, blk + 1, "a page inside a free block");

	/* An order-0 page freed to this CPU's pcp list. */
	held = alloc_pages(GFP_KERNEL, 0);
	ASSERT(held);
	__free_pages(held, 0);
	pcp = &page_zone(held)->per_cpu_pageset[page_alloc_get_cpu()];
	ASSERT(pcp->count > 0);
	pcp_page = held;
	ASSERT(pcp_page->_reserved == PA_ON_PCP);
	corrupt_each_field(m, pcp_page, "a pcp page");
	machine_destroy(m);
	machine_enter(NULL);
}

TEST(check__managed_is_free_plus_allocated)
{
	struct machine *m = test_boot("x86_32", "2G");
	struct page *a, *b, *c;
	struct zone *zone;
	long saved;

	ASSERT(m);
	a = alloc_pages(GFP_KERNEL | __GFP_COMP, 4);
	b = alloc_pages(GFP_HIGHUSER, 10);
	c = alloc_pages(GFP_KERNEL, 0);
	ASSERT(a && b && c);
	EXPECT_EQ(page_zone(a)->nr_allocated >= 16 + 1, 1);
	EXPECT_EQ(page_zone(b)->nr_allocated >= 1024, 1);
	ASSERT(machine_check(m) == 0);
	zone = page_zone(a);
	EXPECT_CAUGHT(m, "allocated count low", zone->nr_allocated -= 1,
		      zone->nr_allocated += 1);
	EXPECT_CAUGHT(m, "allocated count high", zone->nr_allocated += 16,
		      zone->nr_allocated -= 16);
	zone = page_zone(b);
	saved = zone->nr_allocated;
	EXPECT_CAUGHT(m, "highmem allocated count", zone->nr_allocated = 0,
		      zone->nr_allocated = saved);
	/* split_page() then order-0 frees: counted page by page. */
	split_page(b, 10);
	for (int i = 0; i < 1024; i += 2)
		__free_pages(b + i, 0);
	EXPECT_EQ(machine_check(m), 0);
	for (int i = 1; i < 1024; i += 2)
		__free_pages(b + i, 0);
	__free_pages(a, 4);
	__free_pages(c, 0);
	EXPECT_EQ(machine_check(m), 0);
	EXPECT_EQ(page_zone(b)->nr_allocated, 0);
	machine_destroy(m);
	machine_enter(NULL);
}

int main(void)
{
	RUN(check__free_page_expected_state);
	RUN(check__managed_is_free_plus_allocated);
	return done();
}
