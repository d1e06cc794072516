// SPDX-License-Identifier: GPL-2.0
/*
 * Reports and invariant checks of the page allocator: bad_page() and
 * warn_alloc() as in mm/page_alloc.c, and page_alloc_check(), the
 * CONFIG_DEBUG_VM-style audit behind m:check().
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <mmsim/page_alloc.h>

#define FULL_SCAN_MAX_PAGES	(1UL << 20)	/* scan every page up to 4 GiB */
#define WARN_RATELIMIT_NS	(10ULL * 1000000000ULL)	/* 10 * HZ */
#define WARN_RATELIMIT_BURST	1

/**
 * bad_page - report a page in a state that cannot be freed
 * @page: the page
 * @reason: what is wrong, lower case
 *
 * Logs Linux's "BUG: Bad page state" lines to dmesg. The page is left as
 * it is (Linux leaks it too).
 */
void bad_page(struct page *page, const char *reason)
{
	struct machine *m = current_machine();
	unsigned long pfn = page_to_pfn(page);

	m->pa->nr_bad_pages++;
	printk_machine(m, KERN_ALERT, "BUG: Bad page state in process %s  pfn:%05lx\n",
		       m->pa->comm, pfn);
	printk_machine(m, KERN_ALERT,
		       "page: refcount:%d mapcount:%d mapping:%016lx index:%#lx pfn:%#lx\n",
		       page->_refcount, page->_mapcount,
		       (unsigned long)page->mapping, page->index, pfn);
	printk_machine(m, KERN_ALERT, "page dumped because: %s\n", reason);
}

/*
 * __ratelimit(&nopage_rs): DEFINE_RATELIMIT_STATE(nopage_rs, 10 * HZ, 1),
 * one state per machine. SIM: the simulated clock (m->clock_ns) only moves
 * when something advances it; while it stands still, the first failure of
 * a machine is reported and every later one is counted, and the count is
 * printed ("warn_alloc: N callbacks suppressed") by the first report after
 * the clock has moved 10 s past the start of the interval.
 */
static bool warn_ratelimit(struct machine *m)
{
	struct page_alloc_state *pa = m->pa;

	if (!pa->nopage_rs_begin_set) {
		pa->nopage_rs_begin_set = true;
		pa->nopage_rs_begin = m->clock_ns;
	}
	if (m->clock_ns - pa->nopage_rs_begin >= WARN_RATELIMIT_NS) {
		if (pa->nopage_rs_missed)
			pr_warn("warn_alloc: %d callbacks suppressed\n",
				pa->nopage_rs_missed);
		pa->nopage_rs_begin = m->clock_ns;
		pa->nopage_rs_printed = pa->nopage_rs_missed = 0;
	}
	if (pa->nopage_rs_printed < WARN_RATELIMIT_BURST) {
		pa->nopage_rs_printed++;
		return true;
	}
	pa->nopage_rs_missed++;
	return false;
}

/* Some zone of DMA type has managed pages (has_managed_dma). */
static bool has_managed_dma(struct machine *m)
{
	for (int nid = 0; nid < m->nr_node_ids; nid++)
		if (managed_zone(&m->node_data[nid]->node_zones[ZONE_DMA]))
			return true;
	return false;
}

/*
 * show_free_areas(): per-zone free and watermarks, then the buddy counts.
 * SIM: fewer fields per zone, no migratetype letters on the buddy line.
 */
static void warn_alloc_show_mem(struct machine *m)
{
	struct zone *zone;

	pr_info("Mem-Info:\n");
	for_each_populated_zone(zone, m) {
		pr_info("Node %d %s free:%lukB boost:%lukB min:%lukB low:%lukB high:%lukB present:%lukB managed:%lukB\n",
			zone_to_nid(zone), zone->name,
			zone_page_state(zone, NR_FREE_PAGES) << (PAGE_SHIFT - 10),
			zone->watermark_boost << (PAGE_SHIFT - 10),
			min_wmark_pages(zone) << (PAGE_SHIFT - 10),
			low_wmark_pages(zone) << (PAGE_SHIFT - 10),
			high_wmark_pages(zone) << (PAGE_SHIFT - 10),
			zone->present_pages << (PAGE_SHIFT - 10),
			zone->managed_pages << (PAGE_SHIFT - 10));
	}
	for_each_populated_zone(zone, m) {
		struct strbuf sb = { 0 };
		unsigned long total = 0;

		sb_printf(&sb, "Node %d %s: ", zone_to_nid(zone), zone->name);
		for (int o = 0; o < NR_PAGE_ORDERS; o++) {
			unsigned long nr = zone->free_area[o].nr_free;

			total += nr << o;
			sb_printf(&sb, "%lu*%lukB ", nr, 4UL << o);
		}
		pr_info("%s= %lukB\n", sb_str(&sb), total << (PAGE_SHIFT - 10));
		sb_free(&sb);
	}
}

/**
 * warn_alloc - log a failed allocation, as Linux's warn_alloc()
 * @gfp_mask: the request's flags; __GFP_NOWARN silences it
 * @fmt: what failed ("page allocation failure: order:%u")
 *
 * "<comm>: page allocation failure: order:N, mode:0x...(GFP_...),
 * nodemask=(null),cpuset=/,mems_allowed=0" and a Mem-Info block, at most
 * once per 10 simulated seconds per machine (see warn_ratelimit). Silent
 * for __GFP_DMA requests on a machine without a DMA zone. SIM: no
 * dump_stack().
 */
void warn_alloc(gfp_t gfp_mask, const char *fmt, ...)
{
	struct machine *m = current_machine();
	char what[128], flags[GFP_STR_LEN], mems[24];
	va_list ap;

	if ((gfp_mask & __GFP_NOWARN) || !warn_ratelimit(m) ||
	    ((gfp_mask & __GFP_DMA) && !has_managed_dma(m)))
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (m->nr_node_ids > 1)
		snprintf(mems, sizeof(mems), "0-%d", m->nr_node_ids - 1);
	else
		snprintf(mems, sizeof(mems), "0");
	pr_warn("%s: %s, mode:%#x(%s), nodemask=(null),cpuset=/,mems_allowed=%s\n",
		m->pa->comm, what, gfp_mask,
		gfp_format(gfp_mask, flags, sizeof(flags), false), mems);
	warn_alloc_show_mem(m);
}

/* ---- the checker ---- */

struct blk {
	unsigned long pfn;
	unsigned int order;
	int mt;		/* -1: on a pcp list */
};

static int blk_cmp(const void *a, const void *b)
{
	const struct blk *x = a, *y = b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

static const struct blk *blk_find(const struct blk *v, size_t n,
				  unsigned long pfn)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (v[mid].pfn < pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo].pfn == pfn ? &v[lo] : NULL;
}

struct zcheck {
	struct machine *m;
	struct zone *zone;
	struct blk *v;
	size_t n, cap;
	int bad;
};

#define zfail(zc, fmt, ...)						\
	do {								\
		check_fail((zc)->m, "page_alloc: node %d zone %s: " fmt, \
			   zone_to_nid((zc)->zone), (zc)->zone->name,	\
			   ##__VA_ARGS__);				\
		(zc)->bad = 1;						\
	} while (0)

static bool zc_push(struct zcheck *zc, unsigned long pfn, unsigned int order,
		    int mt)
{
	if (zc->n == zc->cap) {
		size_t cap = zc->cap ? zc->cap * 2 : 1024;
		struct blk *v = realloc(zc->v, cap * sizeof(*v));

		if (!v)
			return false;
		zc->v = v;
		zc->cap = cap;
	}
	zc->v[zc->n++] = (struct blk){ pfn, order, mt };
	return true;
}

/*
 * Linux's page_expected_state(page, PAGE_FLAGS_CHECK_AT_PREP), which
 * check_new_page() applies to every page of a block it takes off the free
 * lists: what is wrong with free @page, or NULL. SIM: _mapcount counts
 * from 0 here (-1 in Linux).
 */
static const char *free_page_state(const struct page *page)
{
	if (page_mapcount(page))
		return "nonzero mapcount";
	if (page->mapping)
		return "non-NULL mapping";
	if (page_ref_count(page))
		return "nonzero _refcount";
	if (page->flags & PAGE_FLAGS_CHECK_AT_PREP)
		return "PAGE_FLAGS_CHECK_AT_PREP flag(s) set";
	return NULL;
}

/* Walk one list defensively: bounded, each entry checked before use. */
static unsigned long check_list(struct zcheck *zc, struct list_head *head,
				unsigned int order, int mt, bool pcp,
				unsigned long limit)
{
	struct zone *zone = zc->zone;
	unsigned long n = 0;

	for (struct list_head *p = head->next; p != head; p = p->next) {
		struct page *page = list_entry(p, struct page, lru);
		unsigned long pfn = (unsigned long)(page - zc->m->mem_map);
		const char *reason;

		if (++n > limit || p->next->prev != p) {
			zfail(zc, "order %u %s list corrupted", order,
			      pcp ? "pcp" : migratetype_names[mt]);
			return n;
		}
		if (!zone_spans_pfn(zone, pfn) || pfn & ((1UL << order) - 1)) {
			zfail(zc, "pfn %#lx on the order %u list is outside the zone or misaligned",
			      pfn, order);
			continue;
		}
		reason = free_page_state(page);
		if (reason)
			zfail(zc, "free page %#lx on the order %u %s list: %s (flags %#lx refcount %d mapcount %d)",
			      pfn, order, pcp ? "pcp" : migratetype_names[mt],
			      reason, page->flags, page_ref_count(page),
			      page_mapcount(page));
		if (pcp) {
			if (PageBuddy(page) || page->_reserved != PA_ON_PCP)
				zfail(zc, "pcp page %#lx in a bad state (buddy %d)",
				      pfn, PageBuddy(page));
		} else {
			if (!PageBuddy(page) || page->private != order)
				zfail(zc, "free page %#lx on the order %u list: buddy %d, order %lu",
				      pfn, order, PageBuddy(page), page->private);
			if (get_pfnblock_migratetype(zone, pfn) != mt)
				zfail(zc, "free page %#lx on the %s list in a %s pageblock",
				      pfn, migratetype_names[mt],
				      migratetype_names[get_pfnblock_migratetype(zone, pfn)]);
		}
		if (!zc_push(zc, pfn, order, pcp ? -1 : mt))
			return n;
	}
	return n;
}

static void check_zone_lists(struct zcheck *zc, struct page_alloc_state *pa)
{
	struct zone *zone = zc->zone;
	unsigned long limit = zone->spanned_pages + 1;
	long free = 0, free_blocks = 0, isolated = 0, on_pcp = 0;
	long highatomic = 0;

	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		unsigned long nr = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			unsigned long k = check_list(zc,
					&zone->free_area[order].free_list[mt],
					order, mt, false, limit);

			nr += k;
			if (is_migrate_isolate(mt)) {
				isolated += (long)(k << order);
				continue;
			}
			free += (long)(k << order);
			if (mt == MIGRATE_HIGHATOMIC)
				highatomic += (long)(k << order);
			if (order >= pageblock_order)
				free_blocks += (long)(k << order);
		}
		if (nr != zone->free_area[order].nr_free)
			zfail(zc, "order %u: nr_free %lu but %lu blocks on the lists",
			      order, zone->free_area[order].nr_free, nr);
	}
	if (free != zone->vm_stat[NR_FREE_PAGES])
		zfail(zc, "NR_FREE_PAGES %ld but %ld pages on the free lists",
		      zone->vm_stat[NR_FREE_PAGES], free);
	if (highatomic != (long)zone->nr_free_highatomic)
		zfail(zc, "nr_free_highatomic %lu but %ld pages on the lists",
		      zone->nr_free_highatomic, highatomic);
	if (free_blocks != zone->vm_stat[NR_FREE_PAGES_BLOCKS])
		zfail(zc, "NR_FREE_PAGES_BLOCKS %ld but %ld", zone->vm_stat[NR_FREE_PAGES_BLOCKS],
		      free_blocks);
	for (int cpu = 0; cpu < zc->m->nr_cpus && zone->per_cpu_pageset; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
		long count = 0;

		for (unsigned int i = 0; i < NR_PCP_LISTS; i++) {
			unsigned int order = pindex_to_order(i);

			count += (long)(check_list(zc, &pcp->lists[i], order, 0,
						   true, limit) << order);
		}
		if (count != pcp->count)
			zfail(zc, "cpu %d pcp count %d but %ld pages on its lists",
			      cpu, pcp->count, count);
		on_pcp += count;
	}
	/* Every managed page is free (buddy or pcp) or handed out. */
	if ((long)zone->managed_pages !=
	    free + isolated + on_pcp + zone->nr_allocated)
		zfail(zc, "managed %lu but free %ld + isolated %ld + pcp %ld + allocated %ld = %ld",
		      zone->managed_pages, free, isolated, on_pcp,
		      zone->nr_allocated,
		      free + isolated + on_pcp + zone->nr_allocated);
}

static void check_zone_blocks(struct zcheck *zc)
{
	struct zone *zone = zc->zone;
	unsigned long prev_end = 0;

	/* A zone with no free block has no array at all: qsort(NULL) is UB. */
	if (zc->n)
		qsort(zc->v, zc->n, sizeof(*zc->v), blk_cmp);
	for (size_t i = 0; i < zc->n; i++) {
		const struct blk *b = &zc->v[i];
		unsigned long bpfn = b->pfn ^ (1UL << b->order);
		const struct blk *bb;

		if (i && b->pfn < prev_end)
			zfail(zc, "free blocks overlap at pfn %#lx", b->pfn);
		if (b->pfn + (1UL << b->order) > prev_end)
			prev_end = b->pfn + (1UL << b->order);
		if (b->mt < 0 || b->order >= MAX_PAGE_ORDER ||
		    !zone_spans_pfn(zone, bpfn))
			continue;
		bb = blk_find(zc->v, zc->n, bpfn);
		if (!bb || bb->order != b->order || bb->mt < 0)
			continue;
		if (b->order >= pageblock_order && b->mt != bb->mt &&
		    (b->mt >= MIGRATE_PCPTYPES || bb->mt >= MIGRATE_PCPTYPES))
			continue;	/* isolation or highatomic keeps them apart */
		if (b->pfn < bpfn)
			zfail(zc, "free buddies %#lx and %#lx of order %u not merged",
			      b->pfn, bpfn, b->order);
	}
}

/* Every page of a small zone: PageBuddy only on list heads. */
static void check_zone_pages(struct zcheck *zc)
{
	struct zone *zone = zc->zone;
	unsigned long start = zone->zone_start_pfn, end = zone_end_pfn(zone);
	size_t k = 0;

	for (unsigned long pfn = start; pfn < end;) {
		struct page *page = &zc->m->mem_map[pfn];

		while (k < zc->n && zc->v[k].pfn < pfn)
			k++;
		if (k < zc->n && zc->v[k].pfn == pfn) {
			unsigned long nr = 1UL << zc->v[k].order;

			for (unsigned long i = 1; i < nr; i++) {
				struct page *t = page + i;

				const char *reason = free_page_state(t);

				if (PageBuddy(t) || reason)
					zfail(zc, "page %#lx inside the free block at %#lx is in use: %s",
					      pfn + i, pfn,
					      reason ? reason : "marked buddy");
			}
			pfn += nr;
			continue;
		}
		if (PageBuddy(page))
			zfail(zc, "page %#lx is marked free but on no list", pfn);
		pfn++;
	}
}

/**
 * page_alloc_check - audit the free lists of every zone
 * @m: machine
 *
 * Every free block is on exactly one list of its order and pageblock
 * migratetype, marked free with the right order, and its first page is in
 * the state Linux's page_expected_state() demands of a page about to be
 * handed out (no refcount, mapcount, mapping or page flag); per zone,
 * managed pages equal free (buddy, isolated and pcp) plus allocated
 * pages (zone->nr_allocated); no two free blocks
 * overlap or are unmerged buddies; nr_free, NR_FREE_PAGES and the pcp
 * counts match the lists; in zones up to 4 GiB, no page outside the lists
 * is marked free and every page inside a free block passes the same
 * page_expected_state() test.
 *
 * Return: 0, or 1 after check_fail() reports.
 */
int page_alloc_check(struct machine *m)
{
	struct page_alloc_state *pa = m->pa;
	struct zcheck zc = { .m = m };
	struct zone *zone;

	if (!pa)
		return 0;
	for_each_populated_zone(zone, m) {
		zc.zone = zone;
		zc.n = 0;
		check_zone_lists(&zc, pa);
		check_zone_blocks(&zc);
		if (zone->spanned_pages <= FULL_SCAN_MAX_PAGES)
			check_zone_pages(&zc);
	}
	free(zc.v);
	return zc.bad;
}
