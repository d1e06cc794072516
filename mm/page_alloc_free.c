// SPDX-License-Identifier: GPL-2.0
/*
 * Freeing pages and the per-CPU page lists, as the free half of Linux's
 * mm/page_alloc.c: __free_pages, free_pages_prepare, the pcp commit and
 * bulk free (free_frozen_page_commit, free_pcppages_bulk), drain_all_pages,
 * decay_pcp_high.
 *
 * Bad frees are caught before any list is touched: the page's state says
 * whether it was handed out, with which order (page->_reserved, see
 * page_alloc.h), so a double free, a wrong order, a reserved or a
 * never-allocated pfn is reported as Linux's "BUG: Bad page state" and the
 * page is left alone.
 */
#include <stdio.h>

#include <mmsim/arch.h>
#include <mmsim/page_alloc.h>

#define PAGE_FLAGS_CHECK_AT_FREE					\
	(1UL << PG_lru | 1UL << PG_locked | 1UL << PG_private |		\
	 1UL << PG_private_2 | 1UL << PG_writeback | 1UL << PG_reserved | \
	 1UL << PG_active | 1UL << PG_unevictable | 1UL << PG_mlocked)

/*
 * Why @page cannot be freed as a block of @order, or NULL when it can.
 * Only looks; changes nothing.
 */
static const char *free_check(struct machine *m, struct page *page,
			      unsigned int order, char *buf, size_t len)
{
	if (order > MAX_PAGE_ORDER) {
		snprintf(buf, len, "order %u is above MAX_PAGE_ORDER %d",
			 order, MAX_PAGE_ORDER);
		return buf;
	}
	if (PageBuddy(page))
		return "page is already free (double free)";
	if (page->_reserved == PA_ON_PCP)
		return "page is already free on a per-cpu list (double free)";
	if (PageReserved(page))
		return "page is reserved";
	if (PageTail(page))
		return "page is a tail page of a compound page";
	if (page_ref_count(page) <= 0 || !page->_reserved) {
		unsigned long pfn = (unsigned long)(page - m->mem_map);
		struct zone *zone = pa_pfn_zone(m->pa, pfn);

		/* Inside a free block? (a cheap walk up the orders) */
		for (unsigned int o = 1; zone && o < NR_PAGE_ORDERS; o++) {
			unsigned long head = pfn & ~((1UL << o) - 1);
			struct page *hp = m->mem_map + head;

			if (!zone_spans_pfn(zone, head))
				break;
			if (PageBuddy(hp) && hp->private >= o) {
				snprintf(buf, len,
					 "page is already free (in the free order-%lu block at pfn 0x%lx)",
					 hp->private, head);
				return buf;
			}
		}
		return "page is not allocated";
	}
	if (page_alloc_order(page) != order) {
		snprintf(buf, len, "wrong order %u, allocated as order %u",
			 order, page_alloc_order(page));
		return buf;
	}
	return NULL;
}

/* Linux's free_pages_prepare(): false when the page must be leaked. */
static bool free_pages_prepare(struct machine *m, struct page *page,
			       unsigned int order)
{
	bool bad = false;

	trace_event(m, "mm_page_free",
		    TF_P("page", page_trace_ptr(page), m->arch->bits),
		    TF_X("pfn", page - m->mem_map),
		    TF_U("order", order));
	page->_reserved = 0;
	if (PageHead(page)) {
		unsigned long head = (unsigned long)page | 1;

		for (unsigned long i = 1; i < (1UL << order); i++) {
			struct page *p = page + i;

			if (unlikely(p->compound_head != head)) {
				bad_page(p, "corrupted compound tail");
				bad = true;
			}
			p->compound_head = 0;
		}
		ClearPageHead(page);
	}
	if (unlikely(page_mapcount(page))) {
		bad_page(page, "nonzero mapcount");
		bad = true;
	} else if (unlikely(page->mapping)) {
		bad_page(page, "non-NULL mapping");
		bad = true;
	} else if (unlikely(page->flags & PAGE_FLAGS_CHECK_AT_FREE)) {
		bad_page(page, "PAGE_FLAGS_CHECK_AT_FREE flag(s) set");
		bad = true;
	}
	if (bad)
		return false;
	page->flags = 0;
	page->private = 0;
	page->index = 0;
	return true;
}

/*
 * Pages a full pcp list frees in one go (nr_pcp_free). When high-order
 * pages are being freed in bulk (free_high), as many as possible.
 */
static int nr_pcp_free(struct per_cpu_pages *pcp, int batch, int high,
		       bool free_high)
{
	int min_nr_free, max_nr_free;

	if (unlikely(free_high)) {
		int most = batch << PCP_BATCH_SCALE_MAX;

		return pcp->count < most ? pcp->count : most;
	}
	if (unlikely(high < batch))
		return 1;
	min_nr_free = batch;
	max_nr_free = high - batch;
	batch = pcp->free_count;
	if (batch < min_nr_free)
		batch = min_nr_free;
	if (batch > max_nr_free)
		batch = max_nr_free;
	return batch;
}

/* The pcp high mark in effect, tuned as Linux's nr_pcp_high() does. */
static int nr_pcp_high(struct per_cpu_pages *pcp, struct zone *zone,
		       int batch, bool free_high)
{
	int high_min = pcp->high_min, high_max = pcp->high_max;
	int high = pcp->high;

	high = high < high_min ? high_min : high > high_max ? high_max : high;
	pcp->high = high;
	if (unlikely(!high))
		return 0;
	if (unlikely(free_high)) {
		int lower = high - (batch << PCP_BATCH_SCALE_MAX);

		pcp->high = lower > high_min ? lower : high_min;
		return 0;
	}
	if (high_min == high_max)
		return high;
	if (zone->flags & BIT(ZONE_BELOW_HIGH)) {
		int free_count = pcp->free_count > batch ? pcp->free_count
							 : batch;

		pcp->high = high - free_count > high_min ? high - free_count
							 : high_min;
		return pcp->count > high_min ? pcp->count : high_min;
	}
	if (pcp->count >= high) {
		int need_high = pcp->free_count + batch;

		if (pcp->high < need_high)
			pcp->high = need_high > high_max ? high_max : need_high;
	}
	return high;
}

/**
 * free_pcppages_bulk - give @count pages of a pcp back to the buddy lists
 * @zone: the zone of the pcp
 * @count: pages to free
 * @pcp: the per-CPU pages
 * @pindex: list to drain first; the others follow round-robin
 *
 * Return: pages freed.
 */
int free_pcppages_bulk(struct zone *zone, int count,
		       struct per_cpu_pages *pcp, int pindex)
{
	struct machine *m = current_machine();
	int freed = 0;

	if (count > pcp->count)
		count = pcp->count;
	pindex--;
	while (count > 0) {
		struct list_head *list;
		unsigned int order;
		int nr_pages;

		do {
			if (++pindex > NR_PCP_LISTS - 1)
				pindex = 0;
			list = &pcp->lists[pindex];
		} while (list_empty(list));

		order = pindex_to_order((unsigned int)pindex);
		nr_pages = 1 << order;
		do {
			struct page *page = list_entry(list->prev, struct page,
						       lru);
			unsigned long pfn = (unsigned long)(page - m->mem_map);
			int mt = get_pfnblock_migratetype(zone, pfn);

			list_del(&page->lru);
			page->_reserved = 0;
			count -= nr_pages;
			pcp->count -= nr_pages;
			freed += nr_pages;
			__free_one_page(page, pfn, zone, order, mt, false);
			trace_event(m, "mm_page_pcpu_drain",
				    TF_P("page", page_trace_ptr(page),
					 m->arch->bits),
				    TF_X("pfn", pfn),
				    TF_U("order", order), TF_I("migratetype", mt));
		} while (count > 0 && !list_empty(list));
	}
	return freed;
}

static void free_frozen_page_commit(struct zone *zone,
				    struct per_cpu_pages *pcp,
				    struct page *page, int migratetype,
				    unsigned int order)
{
	unsigned int pindex = order_to_pindex(migratetype, order);
	bool free_high = false;
	int high, batch;

	pcp->alloc_factor >>= 1;
	list_add(&page->lru, &pcp->lists[pindex]);
	page->_reserved = PA_ON_PCP;
	pcp->count += 1 << order;
	batch = pcp->batch;
	/*
	 * High-order pages on the pcp lists fragment the zone: a CPU that
	 * keeps freeing them without allocating drains its lists (2025's
	 * threshold: batch + high_min / 2 pages freed in a row); what stays
	 * is drained by decay_pcp_high() from vmstat_update().
	 */
	if (order && order <= PAGE_ALLOC_COSTLY_ORDER) {
		free_high = pcp->free_count >= batch + pcp->high_min / 2 &&
			    (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) &&
			    (!(pcp->flags & PCPF_FREE_HIGH_BATCH) ||
			     pcp->count >= batch);
		pcp->flags |= PCPF_PREV_FREE_HIGH_ORDER;
	} else if (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) {
		pcp->flags &= ~PCPF_PREV_FREE_HIGH_ORDER;
	}
	if (pcp->free_count < (batch << PCP_BATCH_SCALE_MAX))
		pcp->free_count += 1 << order;
	high = nr_pcp_high(pcp, zone, batch, free_high);
	if (pcp->count < high)
		return;
	free_pcppages_bulk(zone, nr_pcp_free(pcp, batch, high, free_high), pcp,
			   (int)pindex);
	if ((zone->flags & BIT(ZONE_BELOW_HIGH)) &&
	    zone_watermark_ok(zone, 0, high_wmark_pages(zone), ZONE_MOVABLE, 0))
		zone->flags &= ~BIT(ZONE_BELOW_HIGH);
}

/* Free a prepared (refcount 0) block: pcp for small orders, else buddy. */
static void __free_frozen_pages(struct machine *m, struct page *page,
				unsigned int order)
{
	struct page_alloc_state *pa = m->pa;
	unsigned long pfn = (unsigned long)(page - m->mem_map);
	struct zone *zone = pa_pfn_zone(pa, pfn);
	int migratetype;

	if (!free_pages_prepare(m, page, order))
		return;		/* leaked: it stays counted as allocated */
	zone->nr_allocated -= 1L << order;
	pa->events[PGFREE] += 1UL << order;
	if (!pcp_allowed_order(order) || pa->pcp_disabled) {
		free_one_page(zone, page, pfn, order, false);
		return;
	}
	migratetype = get_pfnblock_migratetype(zone, pfn);
	if (unlikely(migratetype >= MIGRATE_PCPTYPES)) {
		if (is_migrate_isolate(migratetype)) {
			free_one_page(zone, page, pfn, order, false);
			return;
		}
		migratetype = MIGRATE_MOVABLE;
	}
	free_frozen_page_commit(zone, &zone->per_cpu_pageset[pa->cpu], page,
				migratetype, order);
}

/**
 * free_unref_page - free a block whose reference count already dropped to 0
 * @page: first page
 * @order: order it was allocated with
 */
void free_unref_page(struct page *page, unsigned int order)
{
	__free_frozen_pages(current_machine(), page, order);
}

static int ___free_pages(struct machine *m, struct page *page,
			 unsigned int order, char *why, size_t whylen)
{
	char buf[128];
	const char *reason = free_check(m, page, order, buf, sizeof(buf));
	bool head;

	if (unlikely(reason)) {
		bad_page(page, reason);
		if (why)
			snprintf(why, whylen, "%s", reason);
		return -EINVAL;
	}
	head = PageHead(page);
	if (page_ref_dec_and_test(page)) {
		__free_frozen_pages(m, page, order);
	} else if (!head) {
		/*
		 * Someone else holds the first page: free the rest, which
		 * only this caller could know about.
		 */
		page->_reserved = 1;
		while (order-- > 0) {
			struct page *p = page + (1UL << order);

			set_page_count(p, 0);
			__free_frozen_pages(m, p, order);
		}
	}
	return 0;
}

/**
 * __free_pages - drop a reference to a block and free it at zero
 * @page: first page, as alloc_pages() returned it
 * @order: the order it was allocated with
 *
 * A bad free (double free, wrong order, ...) logs "BUG: Bad page state"
 * and leaves the free lists untouched.
 */
void __free_pages(struct page *page, unsigned int order)
{
	___free_pages(current_machine(), page, order, NULL, 0);
}

/**
 * free_pages_checked - __free_pages() of a pfn that may be garbage
 * @pfn: first pfn of the block
 * @order: its order
 * @why: receives the reason on failure
 * @whylen: size of @why
 *
 * Return: 0, or -EINVAL (reason in @why and a Bad page line in dmesg).
 */
int free_pages_checked(unsigned long pfn, unsigned int order, char *why,
		       size_t whylen)
{
	struct machine *m = current_machine();

	if (pfn >= m->max_pfn || !pa_pfn_zone(m->pa, pfn)) {
		snprintf(why, whylen, "pfn 0x%lx is not in any zone", pfn);
		return -EINVAL;
	}
	return ___free_pages(m, pfn_to_page(pfn), order, why, whylen);
}

/**
 * free_pages - free by kernel virtual address (__get_free_pages)
 * @addr: address returned by __get_free_pages(), 0 is ignored
 * @order: order
 */
void free_pages(vaddr_t addr, unsigned int order)
{
	struct machine *m = current_machine();
	phys_addr_t phys;

	if (!addr)
		return;
	phys = layout_pa(&m->layout, addr);
	if (addr < m->layout.page_offset || PHYS_PFN(phys) >= m->max_low_pfn) {
		pr_err("BUG: free_pages: %#llx is not a direct-map address\n",
		       (unsigned long long)addr);
		return;
	}
	__free_pages(pfn_to_page(PHYS_PFN(phys)), order);
}

/**
 * split_page - turn a non-compound order-N block into 2^N order-0 pages
 * @page: first page, refcount 1
 * @order: its order
 */
void split_page(struct page *page, unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		set_page_count(page + i, 1);
		page[i]._reserved = 1;
	}
}

/* ---- draining ---- */

static void drain_pages_zone(int cpu, struct zone *zone)
{
	struct per_cpu_pages *pcp;

	if (!zone->per_cpu_pageset)
		return;
	pcp = &zone->per_cpu_pageset[cpu];
	while (pcp->count > 0)
		free_pcppages_bulk(zone, pcp->count, pcp, 0);
}

static void drain_pages(int cpu, struct zone *only)
{
	struct machine *m = current_machine();
	struct zone *zone;

	for_each_populated_zone(zone, m)
		if (!only || zone == only)
			drain_pages_zone(cpu, zone);
}

/**
 * decay_pcp_high - lower an idle pcp's high mark, free what is above it
 * @zone: zone of @pcp
 * @pcp: one CPU's lists of @zone
 *
 * Called every second by vmstat_update() (refresh_cpu_vm_stats): high
 * falls by an eighth towards high_min, or at once to what a batch-scale
 * drain leaves, and pages above the new high go back to the buddy lists.
 *
 * Return: non-zero while there is more to do (high above high_min, or
 * pages were freed).
 */
int decay_pcp_high(struct zone *zone, struct per_cpu_pages *pcp)
{
	int high_min = pcp->high_min, batch = pcp->batch, more = 0;
	int to_drain;

	if (pcp->high > high_min) {
		int a = pcp->count - (batch << PCP_BATCH_SCALE_MAX);
		int b = pcp->high - (pcp->high >> 3);
		int high = a > b ? a : b;

		pcp->high = high > high_min ? high : high_min;
		if (pcp->high > high_min)
			more++;
	}
	to_drain = pcp->count - pcp->high;
	if (to_drain > 0) {
		free_pcppages_bulk(zone, to_drain, pcp, 0);
		more++;
	}
	return more;
}

/**
 * drain_local_pages - empty the current CPU's lists
 * @zone: only this zone, or NULL for all
 */
void drain_local_pages(struct zone *zone)
{
	drain_pages(pa_state()->cpu, zone);
}

/**
 * drain_all_pages - empty every CPU's lists
 * @zone: only this zone, or NULL for all
 */
void drain_all_pages(struct zone *zone)
{
	for (int cpu = 0; cpu < current_machine()->nr_cpus; cpu++)
		drain_pages(cpu, zone);
}

/**
 * page_alloc_set_cpu - choose the simulated CPU that allocates and frees
 * @cpu: CPU number
 *
 * Return: 0, or -EINVAL when the machine has no such CPU.
 */
int page_alloc_set_cpu(int cpu)
{
	struct page_alloc_state *pa = pa_state();

	if (cpu < 0 || cpu >= current_machine()->nr_cpus)
		return -EINVAL;
	pa->cpu = cpu;
	return 0;
}

/** page_alloc_get_cpu - the current simulated CPU */
int page_alloc_get_cpu(void)
{
	return pa_state()->cpu;
}
