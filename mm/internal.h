/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Free-list helpers shared by the page allocator's files, as in Linux's
 * mm/internal.h and mm/page_alloc.c. Not part of the public API: only
 * mm/ includes this header. Callers hold the zone lock (SIM: no locks).
 */
#ifndef MMSIM_MM_INTERNAL_H
#define MMSIM_MM_INTERNAL_H

#include <mmsim/page_alloc.h>

static inline void set_buddy_order(struct page *page, unsigned int order)
{
	page->private = order;
	__SetPageBuddy(page);
}

static inline unsigned int buddy_order(const struct page *page)
{
	return (unsigned int)page->private;
}

static inline void account_freepages(struct zone *zone, long nr_pages,
				     int migratetype)
{
	if (is_migrate_isolate(migratetype))
		return;
	zone->vm_stat[NR_FREE_PAGES] += nr_pages;
	if (migratetype == MIGRATE_HIGHATOMIC)
		zone->nr_free_highatomic += (unsigned long)nr_pages;
}

static inline void __add_to_free_list(struct page *page, struct zone *zone,
				      unsigned int order, int migratetype,
				      bool tail)
{
	struct free_area *area = &zone->free_area[order];

	if (tail)
		list_add_tail(&page->lru, &area->free_list[migratetype]);
	else
		list_add(&page->lru, &area->free_list[migratetype]);
	area->nr_free++;
	if (order >= zone->pb_order && !is_migrate_isolate(migratetype))
		zone->vm_stat[NR_FREE_PAGES_BLOCKS] += 1L << order;
}

static inline void __del_page_from_free_list(struct page *page,
					     struct zone *zone,
					     unsigned int order,
					     int migratetype)
{
	list_del(&page->lru);
	__ClearPageBuddy(page);
	page->private = 0;
	zone->free_area[order].nr_free--;
	if (order >= zone->pb_order && !is_migrate_isolate(migratetype))
		zone->vm_stat[NR_FREE_PAGES_BLOCKS] -= 1L << order;
}

/* Unlink a free block and count its pages out of NR_FREE_PAGES. */
static inline void del_page_from_free_list(struct page *page,
					   struct zone *zone,
					   unsigned int order,
					   int migratetype)
{
	__del_page_from_free_list(page, zone, order, migratetype);
	account_freepages(zone, -(1L << order), migratetype);
}

/*
 * zone_batchsize()'s formula: @pages / 1024, at most @max_bytes of pages,
 * a quarter of that (at least 1), then 2^n - 1 after adding half, since
 * power-of-two batches alias badly in caches. The pcp batch uses managed
 * pages and a 1 MiB cap (Linux 6.x); the boot log's "LIFO batch" the
 * present pages and 512 KiB of older kernels.
 */
static inline int batchsize_for(unsigned long pages, unsigned long max_bytes)
{
	unsigned long b = pages >> 10;
	int batch;

	if (b > max_bytes / PAGE_SIZE)
		b = max_bytes / PAGE_SIZE;
	batch = (int)b / 4;
	if (batch < 1)
		batch = 1;
	batch += batch / 2;
	return (1 << (31 - __builtin_clz((unsigned int)batch))) - 1;
}

#endif /* MMSIM_MM_INTERNAL_H */
