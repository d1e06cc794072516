// SPDX-License-Identifier: GPL-2.0
/*
 * The buddy page allocator, as mm/page_alloc.c (B1, B2, B4).
 *
 * Each zone keeps free blocks of 2^order pages (order 0..MAX_PAGE_ORDER)
 * on free_area[order].free_list[migratetype]. A free block's first page
 * carries the buddy page type and its order in page->private. Allocation
 * takes the smallest block that fits and splits it (expand); freeing merges
 * a block with its buddy at pfn ^ (1 << order) while the buddy is a free
 * block of the same order in the same zone (__free_one_page). Orders up to
 * PAGE_ALLOC_COSTLY_ORDER go through per-CPU lists first.
 *
 * Watermarks and the allocation entry points: page_alloc_api.c.
 * Freeing and the pcp free side: page_alloc_free.c.
 * Boot hand-over, zonelists, watermarks and pcp sizing: page_alloc_init.c.
 * Checker and bad-page reports: page_alloc_check.c.
 *
 * Left out: reclaim, compaction, OOM, CMA, memory hotplug, page owner,
 * the highatomic reserve, THP pcp lists, cpusets and mempolicies.
 */
#include <mmsim/page_alloc.h>
#include <mmsim/arch.h>
#include "internal.h"

const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate",
};

/* The fallback table: which free lists a migratetype may borrow from. */
static const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
	[MIGRATE_UNMOVABLE]   = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE]     = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

static inline void move_to_free_list(struct page *page, struct zone *zone,
				     unsigned int order, int old_mt,
				     int new_mt)
{
	struct free_area *area = &zone->free_area[order];
	long nr = 1L << order;

	list_move_tail(&page->lru, &area->free_list[new_mt]);
	if (order >= zone->pb_order) {
		if (!is_migrate_isolate(old_mt))
			zone->vm_stat[NR_FREE_PAGES_BLOCKS] -= nr;
		if (!is_migrate_isolate(new_mt))
			zone->vm_stat[NR_FREE_PAGES_BLOCKS] += nr;
	}
	account_freepages(zone, -nr, old_mt);
	account_freepages(zone, nr, new_mt);
}

/*
 * The buddy of the block at @pfn, if it is a free block of @order in the
 * same zone (page_is_buddy). SIM: "same zone" is a span check, since
 * struct page does not carry the zone id.
 */
static inline struct page *find_buddy_page_pfn(struct zone *zone,
					       struct page *page,
					       unsigned long pfn,
					       unsigned int order,
					       unsigned long *buddy_pfn)
{
	unsigned long bpfn = pfn ^ (1UL << order);
	struct page *buddy = page + ((long)bpfn - (long)pfn);

	if (buddy_pfn)
		*buddy_pfn = bpfn;
	if (!zone_spans_pfn(zone, bpfn))
		return NULL;
	if (PageBuddy(buddy) && buddy_order(buddy) == order)
		return buddy;
	return NULL;
}

/*
 * A block whose higher-order buddy is free is likely to merge soon; put it
 * at the tail so it is not reused first (buddy_merge_likely).
 */
static inline bool buddy_merge_likely(struct zone *zone, unsigned long pfn,
				      unsigned long buddy_pfn,
				      struct page *page, unsigned int order)
{
	unsigned long higher_pfn;
	struct page *higher;

	if (order >= MAX_PAGE_ORDER - 1)
		return false;
	higher_pfn = buddy_pfn & pfn;
	higher = page + ((long)higher_pfn - (long)pfn);
	return find_buddy_page_pfn(zone, higher, higher_pfn, order + 1,
				   NULL) != NULL;
}

static inline bool migratetype_is_mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

/**
 * __free_one_page - put a block back and merge it with its buddies
 * @page: first page of the block
 * @pfn: its pfn
 * @zone: its zone
 * @order: its order
 * @migratetype: the pageblock's migratetype
 * @to_tail: queue at the tail of the free list (boot hand-over)
 *
 * Context: the caller "holds zone->lock" (runs the machine).
 */
void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
		     unsigned int order, int migratetype, bool to_tail)
{
	unsigned long buddy_pfn = 0;
	struct page *buddy;

	account_freepages(zone, 1L << order, migratetype);

	while (order < MAX_PAGE_ORDER) {
		int buddy_mt = migratetype;
		unsigned long combined_pfn;

		buddy = find_buddy_page_pfn(zone, page, pfn, order, &buddy_pfn);
		if (!buddy)
			goto done_merging;

		if (unlikely(order >= zone->pb_order)) {
			/*
			 * Do not merge an isolated (or highatomic) pageblock
			 * with a normal one: the free accounting differs.
			 */
			buddy_mt = get_pfnblock_migratetype(zone, buddy_pfn);
			if (migratetype != buddy_mt &&
			    (!migratetype_is_mergeable(migratetype) ||
			     !migratetype_is_mergeable(buddy_mt)))
				goto done_merging;
		}

		__del_page_from_free_list(buddy, zone, order, buddy_mt);
		if (unlikely(buddy_mt != migratetype))
			set_pfnblock_migratetype(zone, buddy_pfn, migratetype);

		combined_pfn = buddy_pfn & pfn;
		page = page + ((long)combined_pfn - (long)pfn);
		pfn = combined_pfn;
		order++;
	}

done_merging:
	set_buddy_order(page, order);
	if (!to_tail)
		to_tail = buddy_merge_likely(zone, pfn, buddy_pfn, page, order);
	__add_to_free_list(page, zone, order, migratetype, to_tail);
}

/**
 * free_one_page - free a block that does not go through the pcp lists
 * @zone: its zone
 * @page: first page
 * @pfn: its pfn
 * @order: its order
 * @to_tail: queue at the tail
 *
 * A block larger than a pageblock is freed one pageblock at a time so each
 * part lands on its own pageblock's list (split_large_buddy); the parts
 * merge again when their migratetypes allow.
 */
void free_one_page(struct zone *zone, struct page *page, unsigned long pfn,
		   unsigned int order, bool to_tail)
{
	unsigned long end = pfn + (1UL << order);

	if (order > zone->pb_order)
		order = zone->pb_order;
	for (;;) {
		int mt = get_pfnblock_migratetype(zone, pfn);

		__free_one_page(page, pfn, zone, order, mt, to_tail);
		pfn += 1UL << order;
		if (pfn == end)
			break;
		page += 1UL << order;
	}
}

/*
 * Split a block of 2^high pages down to 2^low, putting the upper halves
 * back on the free lists. Returns the pages put back.
 */
static inline unsigned long expand(struct zone *zone, struct page *page,
				   unsigned int low, unsigned int high,
				   int migratetype)
{
	unsigned long size = 1UL << high;
	unsigned long nr_added = 0;

	while (high > low) {
		high--;
		size >>= 1;
		__add_to_free_list(&page[size], zone, high, migratetype, false);
		set_buddy_order(&page[size], high);
		nr_added += size;
	}
	return nr_added;
}

static inline void page_del_and_expand(struct zone *zone, struct page *page,
				       unsigned int low, unsigned int high,
				       int migratetype)
{
	long nr_pages = 1L << high;

	__del_page_from_free_list(page, zone, high, migratetype);
	nr_pages -= (long)expand(zone, page, low, high, migratetype);
	account_freepages(zone, -nr_pages, migratetype);
}

static inline struct page *get_page_from_free_area(struct free_area *area,
						   int migratetype)
{
	struct list_head *head = &area->free_list[migratetype];

	if (list_empty(head))
		return NULL;
	return list_entry(head->next, struct page, lru);
}

static void trace_zone_locked(struct machine *m, struct page *page,
			      unsigned int order, int migratetype)
{
	trace_event(m, "mm_page_alloc_zone_locked",
		    TF_P("page", page_trace_ptr(page), m->arch->bits),
		    TF_X("pfn", page - m->mem_map), TF_U("order", order),
		    TF_I("migratetype", migratetype),
		    TF_I("percpu_refill", pcp_allowed_order(order) &&
			 migratetype < MIGRATE_PCPTYPES));
}

/* The smallest block of @migratetype that fits, split to @order. */
static inline struct page *__rmqueue_smallest(struct zone *zone,
					      unsigned int order,
					      int migratetype)
{
	for (unsigned int cur = order; cur < NR_PAGE_ORDERS; cur++) {
		struct page *page =
			get_page_from_free_area(&zone->free_area[cur],
						migratetype);

		if (!page)
			continue;
		page_del_and_expand(zone, page, order, cur, migratetype);
		trace_zone_locked(current_machine(), page, order, migratetype);
		return page;
	}
	return NULL;
}

/**
 * __move_freepages_block - move a pageblock's free blocks to other lists
 * @zone: zone of the pageblock
 * @pfn: any pfn in the pageblock
 * @old_mt: the lists they are on
 * @new_mt: the lists they go to
 *
 * The pageblock's own type is left alone (isolation toggles its bit).
 *
 * Return: pages moved, or -1 when the pageblock is not wholly inside the
 * zone.
 */
int __move_freepages_block(struct zone *zone, unsigned long pfn, int old_mt,
			   int new_mt)
{
	unsigned long start = ALIGN_DOWN(pfn, pageblock_nr_pages);
	unsigned long end = start + pageblock_nr_pages;
	struct page *page;
	int moved = 0;

	if (!zone_spans_pfn(zone, start) || !zone_spans_pfn(zone, end - 1))
		return -1;
	page = pfn_to_page(start);
	for (pfn = start; pfn < end;) {
		if (PageBuddy(page)) {
			unsigned int order = buddy_order(page);

			move_to_free_list(page, zone, order, old_mt, new_mt);
			pfn += 1UL << order;
			page += 1UL << order;
			moved += 1 << order;
		} else {
			pfn++;
			page++;
		}
	}
	return moved;
}

/**
 * move_freepages_block - move a pageblock's free blocks, set its type
 * @zone: zone of the pageblock
 * @pfn: any pfn in the pageblock
 * @old_mt: the lists they are on
 * @new_mt: the lists they go to, and the block's new type
 *
 * Return: pages moved, or -1 when the pageblock is not wholly inside the
 * zone.
 */
int move_freepages_block(struct zone *zone, unsigned long pfn, int old_mt,
			 int new_mt)
{
	int moved = __move_freepages_block(zone, pfn, old_mt, new_mt);

	if (moved >= 0)
		set_pfnblock_migratetype(zone, pfn, new_mt);
	return moved;
}

/* Count free and movable (LRU) pages of a pageblock. */
static bool prep_move_freepages_block(struct zone *zone, unsigned long pfn,
				      int *free_pages, int *movable_pages)
{
	unsigned long start = ALIGN_DOWN(pfn, pageblock_nr_pages);
	unsigned long end = start + pageblock_nr_pages;

	*free_pages = 0;
	*movable_pages = 0;
	if (!zone_spans_pfn(zone, start) || !zone_spans_pfn(zone, end - 1))
		return false;
	for (pfn = start; pfn < end;) {
		struct page *page = pfn_to_page(pfn);

		if (PageBuddy(page)) {
			int nr = 1 << buddy_order(page);

			*free_pages += nr;
			pfn += (unsigned long)nr;
			continue;
		}
		if (PageLRU(page))
			(*movable_pages)++;
		pfn++;
	}
	return true;
}

static bool boost_watermark(struct zone *zone)
{
	struct page_alloc_state *pa = pa_state();
	unsigned long max_boost;

	if (!pa->watermark_boost_factor)
		return false;
	if (pageblock_nr_pages * 4 > zone->managed_pages)
		return false;
	max_boost = zone->_watermark[WMARK_HIGH] *
		    (unsigned long)pa->watermark_boost_factor / 10000;
	if (!max_boost)
		return false;
	if (max_boost < pageblock_nr_pages)
		max_boost = pageblock_nr_pages;
	zone->watermark_boost += pageblock_nr_pages;
	if (zone->watermark_boost > max_boost)
		zone->watermark_boost = max_boost;
	return true;
}

static bool should_try_claim_block(unsigned int order, int start_mt)
{
	if (order >= pageblock_order / 2)
		return true;
	if (start_mt == MIGRATE_RECLAIMABLE || start_mt == MIGRATE_UNMOVABLE)
		return true;
	return pa_state()->mobility_disabled;
}

/*
 * The first fallback list of @area that has a block: the migratetype, -1
 * when none, -2 when @claimable and this order is too small to claim.
 */
static int find_suitable_fallback(struct free_area *area, unsigned int order,
				  int migratetype, bool claimable)
{
	if (claimable && !should_try_claim_block(order, migratetype))
		return -2;
	/* Only the pcp types have a row in fallbacks[] (see alloc_migratetype). */
	if (!area->nr_free || (unsigned int)migratetype >= MIGRATE_PCPTYPES)
		return -1;
	for (int i = 0; i < MIGRATE_PCPTYPES - 1; i++) {
		int fallback_mt = fallbacks[migratetype][i];

		if (!free_area_empty(area, fallback_mt))
			return fallback_mt;
	}
	return -1;
}

static void trace_extfrag(struct zone *zone, struct page *page,
			  unsigned int alloc_order, unsigned int fallback_order,
			  int alloc_mt, int fallback_mt)
{
	struct machine *m = current_machine();

	trace_event(m, "mm_page_alloc_extfrag",
		    TF_P("page", page_trace_ptr(page), m->arch->bits),
		    TF_X("pfn", page - m->mem_map),
		    TF_U("alloc_order", alloc_order),
		    TF_U("fallback_order", fallback_order),
		    TF_U("pageblock_order", pageblock_order),
		    TF_I("alloc_migratetype", alloc_mt),
		    TF_I("fallback_migratetype", fallback_mt),
		    TF_I("fragmenting", fallback_order < pageblock_order),
		    TF_I("change_ownership",
			 alloc_mt == get_pfnblock_migratetype(zone,
						(unsigned long)(page - m->mem_map))));
}

/*
 * Take over the pageblock of a fallback block when enough of it is free or
 * compatible (try_to_claim_block, the steal_suitable_fallback rule).
 */
static struct page *try_to_claim_block(struct zone *zone, struct page *page,
				       unsigned int current_order,
				       unsigned int order, int start_type,
				       int block_type, unsigned int alloc_flags)
{
	unsigned long pfn = (unsigned long)(page - current_machine()->mem_map);
	int free_pages, movable_pages, alike_pages;

	if (current_order >= pageblock_order) {
		unsigned long nr_added;
		unsigned long nr_blocks = 1UL << (current_order - pageblock_order);

		__del_page_from_free_list(page, zone, current_order, block_type);
		account_freepages(zone, -(1L << current_order), block_type);
		for (unsigned long i = 0; i < nr_blocks; i++)
			set_pfnblock_migratetype(zone,
				pfn + i * pageblock_nr_pages, start_type);
		nr_added = expand(zone, page, order, current_order, start_type);
		account_freepages(zone, (long)nr_added, start_type);
		return page;
	}

	if (boost_watermark(zone) && (alloc_flags & ALLOC_KSWAPD))
		zone->flags |= BIT(ZONE_BOOSTED_WATERMARK);

	if (!prep_move_freepages_block(zone, pfn, &free_pages, &movable_pages))
		return NULL;
	if (start_type == MIGRATE_MOVABLE)
		alike_pages = movable_pages;
	else if (block_type == MIGRATE_MOVABLE)
		alike_pages = (int)pageblock_nr_pages -
			      (free_pages + movable_pages);
	else
		alike_pages = 0;
	if (free_pages + alike_pages >= (1 << (pageblock_order - 1)) ||
	    pa_state()->mobility_disabled) {
		move_freepages_block(zone, pfn, block_type, start_type);
		return __rmqueue_smallest(zone, order, start_type);
	}
	return NULL;
}

/* Claim a whole fallback pageblock, largest blocks first. */
static struct page *__rmqueue_claim(struct zone *zone, unsigned int order,
				    int start_mt, unsigned int alloc_flags)
{
	int min_order = (int)order;

	if (order < pageblock_order && (alloc_flags & ALLOC_NOFRAGMENT))
		min_order = pageblock_order;
	for (int cur = MAX_PAGE_ORDER; cur >= min_order; cur--) {
		struct free_area *area = &zone->free_area[cur];
		int fallback_mt = find_suitable_fallback(area, (unsigned int)cur,
							 start_mt, true);
		struct page *page;

		if (fallback_mt == -1)
			continue;
		if (fallback_mt == -2)
			break;
		page = get_page_from_free_area(area, fallback_mt);
		page = try_to_claim_block(zone, page, (unsigned int)cur, order,
					  start_mt, fallback_mt, alloc_flags);
		if (page) {
			trace_extfrag(zone, page, order, (unsigned int)cur,
				      start_mt, fallback_mt);
			return page;
		}
	}
	return NULL;
}

/* Borrow the smallest fallback block without claiming its pageblock. */
static struct page *__rmqueue_steal(struct zone *zone, unsigned int order,
				    int start_mt)
{
	for (unsigned int cur = order; cur < NR_PAGE_ORDERS; cur++) {
		struct free_area *area = &zone->free_area[cur];
		int fallback_mt = find_suitable_fallback(area, cur, start_mt,
							 false);
		struct page *page;

		if (fallback_mt == -1)
			continue;
		page = get_page_from_free_area(area, fallback_mt);
		page_del_and_expand(zone, page, order, cur, fallback_mt);
		trace_extfrag(zone, page, order, cur, start_mt, fallback_mt);
		return page;
	}
	return NULL;
}

/*
 * Where __rmqueue() found pages last (enum rmqueue_mode). rmqueue_bulk()
 * keeps it across its batch: once the preferred lists are empty and a
 * claim failed, the rest of the batch steals without searching (and
 * boosting the watermark) again. SIM: no CMA, so no RMQUEUE_CMA step.
 */
enum rmqueue_mode {
	RMQUEUE_NORMAL,
	RMQUEUE_CMA,
	RMQUEUE_CLAIM,
	RMQUEUE_STEAL,
};

static struct page *__rmqueue(struct zone *zone, unsigned int order,
			      int migratetype, unsigned int alloc_flags,
			      enum rmqueue_mode *mode)
{
	struct page *page;

	switch (*mode) {
	case RMQUEUE_NORMAL:
		page = __rmqueue_smallest(zone, order, migratetype);
		if (likely(page))
			return page;
		/* fall through */
	case RMQUEUE_CMA:
	case RMQUEUE_CLAIM:
		page = __rmqueue_claim(zone, order, migratetype, alloc_flags);
		if (page) {
			/* The preferred lists are full again. */
			*mode = RMQUEUE_NORMAL;
			return page;
		}
		/* fall through */
	case RMQUEUE_STEAL:
		if (!(alloc_flags & ALLOC_NOFRAGMENT)) {
			page = __rmqueue_steal(zone, order, migratetype);
			if (page) {
				*mode = RMQUEUE_STEAL;
				return page;
			}
		}
	}
	return NULL;
}

/* Fill a pcp list with @count blocks of @order from the buddy lists. */
static int rmqueue_bulk(struct zone *zone, unsigned int order, int count,
			struct list_head *list, int migratetype,
			unsigned int alloc_flags)
{
	enum rmqueue_mode rmqm = RMQUEUE_NORMAL;
	int i;

	for (i = 0; i < count; i++) {
		struct page *page = __rmqueue(zone, order, migratetype,
					      alloc_flags, &rmqm);

		if (unlikely(!page))
			break;
		page->_reserved = PA_ON_PCP;
		list_add_tail(&page->lru, list);
	}
	return i;
}

/* How many blocks to refill a pcp list with (nr_pcp_alloc). */
static int nr_pcp_alloc(struct per_cpu_pages *pcp, struct zone *zone,
			unsigned int order)
{
	int base_batch = pcp->batch, batch, high;

	high = pcp->high;
	if (high < pcp->high_min)
		high = pcp->high_min;
	if (high > pcp->high_max)
		high = pcp->high_max;
	pcp->high = high;
	if (unlikely(high < base_batch))
		return 1;
	batch = order ? base_batch : base_batch << pcp->alloc_factor;
	if (pcp->high_min != pcp->high_max &&
	    !(zone->flags & BIT(ZONE_BELOW_HIGH))) {
		high = high + batch < pcp->high_max ? high + batch
						    : pcp->high_max;
		pcp->high = high;
	}
	if (!order) {
		int max_nr_alloc = high - pcp->count - base_batch;

		if (max_nr_alloc < base_batch)
			max_nr_alloc = base_batch;
		if (batch <= max_nr_alloc &&
		    pcp->alloc_factor < PCP_BATCH_SCALE_MAX)
			pcp->alloc_factor++;
		if (batch > max_nr_alloc)
			batch = max_nr_alloc;
	}
	if (batch > 1) {
		batch >>= order;
		if (batch < 2)
			batch = 2;
	}
	return batch;
}

/**
 * __rmqueue_pcplist - take one block from a pcp list, refilling it if empty
 * @zone: zone of @pcp
 * @order: order of the block
 * @migratetype: its migratetype
 * @alloc_flags: ALLOC_* flags of the request (for the refill)
 * @pcp: the current CPU's pcp of @zone
 * @list: the list of @pcp for @order and @migratetype
 *
 * The single-page path (rmqueue_pcplist) and alloc_pages_bulk(), which
 * calls it once per page with the pcp "locked" once for the whole batch,
 * share it, as in Linux.
 *
 * Context: the caller "holds the pcp lock" (runs the machine).
 * Return: the block, or NULL when the list is empty and the buddy lists
 * cannot refill it.
 */
struct page *__rmqueue_pcplist(struct zone *zone, unsigned int order,
			       int migratetype, unsigned int alloc_flags,
			       struct per_cpu_pages *pcp,
			       struct list_head *list)
{
	struct page *page;

	if (list_empty(list)) {
		int batch = nr_pcp_alloc(pcp, zone, order);
		int alloced = rmqueue_bulk(zone, order, batch, list,
					   migratetype, alloc_flags);

		pcp->count += alloced << order;
		if (unlikely(list_empty(list)))
			return NULL;
	}
	page = list_entry(list->next, struct page, lru);
	list_del(&page->lru);
	pcp->count -= 1 << order;
	return page;
}

static struct page *rmqueue_pcplist(struct zone *zone, unsigned int order,
				    int migratetype, unsigned int alloc_flags)
{
	struct page_alloc_state *pa = current_machine()->pa;
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[pa->cpu];
	struct list_head *list = &pcp->lists[order_to_pindex(migratetype, order)];

	/* The CPU allocates: the next free burst starts counting anew. */
	pcp->free_count >>= 1;
	return __rmqueue_pcplist(zone, order, migratetype, alloc_flags, pcp,
				 list);
}

static struct page *rmqueue_buddy(struct zone *zone, unsigned int order,
				  unsigned int alloc_flags, int migratetype)
{
	enum rmqueue_mode rmqm = RMQUEUE_NORMAL;
	struct page *page = __rmqueue(zone, order, migratetype, alloc_flags,
				      &rmqm);

	if (!page && (alloc_flags & (ALLOC_OOM | ALLOC_NON_BLOCK)))
		page = __rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC);
	return page;
}

/**
 * count_alloc_events - the vmstat counts of @nr allocations from @zone
 * @preferred: the first zone of the request's zonelist
 * @zone: the zone the blocks came from
 * @order: their order
 * @nr: how many blocks
 *
 * PGALLOC_<zone> counts pages (__count_zid_vm_events), the NUMA counters
 * count allocations (zone_statistics); zone->nr_allocated is the
 * checker's count of pages handed out. alloc_pages_bulk() counts its
 * whole batch at once, as Linux does after dropping the pcp lock.
 */
void count_alloc_events(struct zone *preferred, struct zone *zone,
			unsigned int order, unsigned long nr)
{
	struct page_alloc_state *pa = current_machine()->pa;
	long *stat = zone->vm_stat + NR_VM_ZONE_STAT_ITEMS;
	int nid = zone_to_nid(zone);

	zone->nr_allocated += (long)(nr << order);
	pa->events[PGALLOC_DMA + zone_idx(zone)] += nr << order;
	zone->vm_events_alloc += nr << order;
	/* zone_statistics() */
	if (nid == zone_to_nid(preferred)) {
		stat[NUMA_HIT] += (long)nr;
	} else {
		stat[NUMA_MISS] += (long)nr;
		preferred->vm_stat[NR_VM_ZONE_STAT_ITEMS + NUMA_FOREIGN] +=
			(long)nr;
	}
	if (nid == pa->cpu_node[pa->cpu])
		stat[NUMA_LOCAL] += (long)nr;
	else
		stat[NUMA_OTHER] += (long)nr;
}

struct page *rmqueue(struct zone *preferred, struct zone *zone,
			    unsigned int order, unsigned int alloc_flags,
			    int migratetype)
{
	struct page_alloc_state *pa = current_machine()->pa;
	struct page *page = NULL;

	if (likely(pcp_allowed_order(order) && !pa->pcp_disabled))
		page = rmqueue_pcplist(zone, order, migratetype, alloc_flags);
	if (!page)
		page = rmqueue_buddy(zone, order, alloc_flags, migratetype);
	if (unlikely((alloc_flags & ALLOC_KSWAPD) &&
		     (zone->flags & BIT(ZONE_BOOSTED_WATERMARK)))) {
		/*
		 * SIM: wakeup_kswapd(). kswapd would reclaim towards the
		 * boosted watermark and then drop the boost; with nothing to
		 * reclaim it drops it at once.
		 */
		zone->flags &= ~BIT(ZONE_BOOSTED_WATERMARK);
		zone->watermark_boost = 0;
	}
	if (page)
		count_alloc_events(preferred, zone, order, 1);
	return page;
}
