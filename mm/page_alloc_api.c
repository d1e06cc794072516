// SPDX-License-Identifier: GPL-2.0
/*
 * Watermark checks and the allocation entry points, as the allocation half
 * of Linux's mm/page_alloc.c: __zone_watermark_ok, get_page_from_freelist,
 * __alloc_pages (fast path at the low watermark, slow path at min with
 * GFP_ATOMIC's extra reserves), alloc_pages, the bulk allocator
 * (__alloc_pages_bulk, alloc_pages_bulk), __get_free_pages and
 * page_address.
 *
 * SIM: no reclaim, compaction or OOM killer: when the slow path finds no
 * page, the allocation fails with warn_alloc().
 */
#include <string.h>

#include <hw/ram.h>
#include <mmsim/arch.h>
#include <mmsim/page_alloc.h>
#include <mmsim/highmem.h>

/* ---- watermarks ---- */

static inline long __zone_watermark_unusable_free(struct zone *z,
						  unsigned int order,
						  unsigned int alloc_flags)
{
	long unusable_free = (1L << order) - 1;

	/*
	 * Without rights to the reserves, the free pages that sit in
	 * highatomic pageblocks are out of reach (since 6.15 the free ones,
	 * nr_free_highatomic, not the whole reservation).
	 */
	if (likely(!(alloc_flags & ALLOC_RESERVES)))
		unusable_free += (long)z->nr_free_highatomic;
	return unusable_free;
}

/**
 * __zone_watermark_ok - may an allocation take pages from @z
 * @z: zone
 * @order: order of the request
 * @mark: the watermark in pages
 * @highest_zoneidx: highest zone the request may use (selects lowmem_reserve)
 * @alloc_flags: ALLOC_* flags
 * @free_pages: free pages in the zone
 *
 * Return: true when, after the request, free pages stay above @mark plus
 * the zone's protection against @highest_zoneidx allocations, and a block
 * of at least @order exists.
 */
bool __zone_watermark_ok(struct zone *z, unsigned int order,
			 unsigned long mark, int highest_zoneidx,
			 unsigned int alloc_flags, long free_pages)
{
	long min = (long)mark;

	free_pages -= __zone_watermark_unusable_free(z, order, alloc_flags);
	if (unlikely(alloc_flags & ALLOC_RESERVES)) {
		/* __GFP_HIGH may use half of the min reserve... */
		if (alloc_flags & ALLOC_MIN_RESERVE) {
			min -= min / 2;
			/* ...and GFP_ATOMIC (non-blocking) a further quarter. */
			if (alloc_flags & ALLOC_NON_BLOCK)
				min -= min / 4;
		}
		if (alloc_flags & ALLOC_OOM)
			min -= min / 2;
	}
	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		struct free_area *area = &z->free_area[o];

		if (!area->nr_free)
			continue;
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!free_area_empty(area, mt))
				return true;
		if ((alloc_flags & (ALLOC_HIGHATOMIC | ALLOC_OOM)) &&
		    !free_area_empty(area, MIGRATE_HIGHATOMIC))
			return true;
	}
	return false;
}

/**
 * zone_watermark_ok - __zone_watermark_ok() with the zone's free count
 * @z: zone
 * @order: order
 * @mark: watermark
 * @highest_zoneidx: highest usable zone index
 * @alloc_flags: ALLOC_* flags
 *
 * Return: see __zone_watermark_ok().
 */
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags)
{
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				   (long)zone_page_state(z, NR_FREE_PAGES));
}

static inline bool zone_watermark_fast(struct zone *z, unsigned int order,
				       unsigned long mark, int highest_zoneidx,
				       unsigned int alloc_flags)
{
	long free_pages = z->vm_stat[NR_FREE_PAGES];

	if (!order) {
		long reserved = __zone_watermark_unusable_free(z, 0, alloc_flags);
		long usable = free_pages - (reserved < free_pages ? reserved
								  : free_pages);

		if (usable > (long)mark + z->lowmem_reserve[highest_zoneidx])
			return true;
	}
	if (__zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				free_pages))
		return true;
	if (unlikely(!order && (alloc_flags & ALLOC_MIN_RESERVE) &&
		     z->watermark_boost &&
		     (alloc_flags & ALLOC_WMARK_MASK) == WMARK_MIN))
		return __zone_watermark_ok(z, order, z->_watermark[WMARK_MIN],
					   highest_zoneidx, alloc_flags,
					   free_pages);
	return false;
}

/* ---- allocation ---- */

struct alloc_context {
	struct zonelist *zonelist;
	struct zoneref *preferred_zoneref;
	int migratetype;
	enum zone_type highest_zoneidx;
};

static inline struct zoneref *first_zones_zonelist(struct zonelist *zl,
						   enum zone_type highest)
{
	struct zoneref *z = zl->_zonerefs;

	while (z->zone && z->zone_idx > (int)highest)
		z++;
	return z;
}

static void prep_compound_page(struct page *page, unsigned int order)
{
	unsigned long nr = 1UL << order;
	unsigned long head = (unsigned long)page | 1;

	SetPageHead(page);
	for (unsigned long i = 1; i < nr; i++) {
		struct page *p = page + i;

		set_page_count(p, 0);
		p->compound_head = head;
	}
	page[1].compound_order = (unsigned char)order;
}

/*
 * kernel_init_pages(): clear_highpage() of each page of a __GFP_ZERO
 * block. SIM: the frames are reached through the simulated RAM directly
 * (HighMem ones too, no kmap_local needed); a memset of one constant
 * page, which the compiler inlines as the host's fastest way to clear
 * 4 KiB, stands for clear_page(), whose form Linux likewise picks for the
 * CPU (clear_page_erms, clear_page_rep, clear_page_orig).
 */
static void kernel_init_pages(struct machine *m, struct page *page,
			      unsigned long nr)
{
	u8 *p = ram_ptr(&m->ram, PFN_PHYS(page - m->mem_map));

	for (unsigned long i = 0; i < nr; i++)
		memset(p + i * PAGE_SIZE, 0, PAGE_SIZE);
}

static void prep_new_page(struct machine *m, struct page *page,
			  unsigned int order, gfp_t gfp)
{
	page->private = 0;
	page->_reserved = order + 1;
	set_page_count(page, 1);
	if (gfp & __GFP_ZERO)
		kernel_init_pages(m, page, 1UL << order);
	if (order && (gfp & __GFP_COMP))
		prep_compound_page(page, order);
}

static struct page *get_page_from_freelist(struct machine *m, gfp_t gfp,
					   unsigned int order,
					   unsigned int alloc_flags,
					   const struct alloc_context *ac)
{
	struct zone *preferred = ac->preferred_zoneref->zone;
	bool no_fallback;
	struct zoneref *z;

retry:
	no_fallback = alloc_flags & ALLOC_NOFRAGMENT;
	for (z = ac->preferred_zoneref; z->zone; z++) {
		struct zone *zone = z->zone;
		struct page *page;
		unsigned long mark;

		if (z->zone_idx > (int)ac->highest_zoneidx)
			continue;
		if (no_fallback && m->nr_node_ids > 1 && zone != preferred &&
		    zone_to_nid(zone) != zone_to_nid(preferred)) {
			alloc_flags &= ~ALLOC_NOFRAGMENT;
			goto retry;
		}
		if (!(alloc_flags & ALLOC_NO_WATERMARKS)) {
			/*
			 * Note a zone below its high watermark: the pcp
			 * lists then shrink instead of growing.
			 */
			if (!(zone->flags & BIT(ZONE_BELOW_HIGH))) {
				if (zone_watermark_fast(zone, order,
						high_wmark_pages(zone),
						(int)ac->highest_zoneidx,
						alloc_flags))
					goto try_this_zone;
				zone->flags |= BIT(ZONE_BELOW_HIGH);
			}
			mark = wmark_pages(zone, alloc_flags & ALLOC_WMARK_MASK);
			if (!zone_watermark_fast(zone, order, mark,
						 (int)ac->highest_zoneidx,
						 alloc_flags))
				continue;	/* SIM: no node_reclaim */
		}
try_this_zone:
		page = rmqueue(preferred, zone, order, alloc_flags,
			       ac->migratetype);
		if (page) {
			prep_new_page(m, page, order, gfp);
			return page;
		}
	}
	if (no_fallback) {
		alloc_flags &= ~ALLOC_NOFRAGMENT;
		goto retry;
	}
	return NULL;
}

static unsigned int alloc_flags_nofragment(struct machine *m,
					   struct zone *zone, gfp_t gfp)
{
	unsigned int alloc_flags = gfp & __GFP_KSWAPD_RECLAIM;

	/* Only where ZONE_DMA32 exists below ZONE_NORMAL (CONFIG_ZONE_DMA32). */
	if (!zone || !zone_configured(m, ZONE_DMA32))
		return alloc_flags;
	if (zone_idx(zone) != ZONE_NORMAL)
		return alloc_flags;
	if (m->nr_node_ids > 1 && !populated_zone(zone - 1))
		return alloc_flags;
	return alloc_flags | ALLOC_NOFRAGMENT;
}

/**
 * gfp_to_alloc_flags - the slow path's watermark and reserve rights
 * @gfp_mask: allocation mask
 * @order: allocation order
 *
 * Return: ALLOC_WMARK_MIN plus ALLOC_MIN_RESERVE for __GFP_HIGH and
 * ALLOC_NON_BLOCK for requests that cannot sleep; ALLOC_HIGHATOMIC only
 * for those above order 0 that also have __GFP_HIGH (GFP_ATOMIC), not
 * for GFP_NOWAIT.
 */
unsigned int gfp_to_alloc_flags(gfp_t gfp_mask, unsigned int order)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;

	alloc_flags |= gfp_mask & (__GFP_HIGH | __GFP_KSWAPD_RECLAIM);
	if (!(gfp_mask & __GFP_DIRECT_RECLAIM)) {
		if (!(gfp_mask & __GFP_NOMEMALLOC)) {
			alloc_flags |= ALLOC_NON_BLOCK;
			if (order > 0 && (alloc_flags & ALLOC_MIN_RESERVE))
				alloc_flags |= ALLOC_HIGHATOMIC;
		}
		if (alloc_flags & ALLOC_MIN_RESERVE)
			alloc_flags &= ~ALLOC_CPUSET;
	}
	return alloc_flags;
}

static struct page *__alloc_pages_slowpath(struct machine *m, gfp_t gfp,
					   unsigned int order,
					   struct alloc_context *ac)
{
	unsigned int alloc_flags = gfp_to_alloc_flags(gfp, order);
	struct page *page;

	/* SIM: wake_all_kswapds() and direct reclaim/compaction are absent. */
	page = get_page_from_freelist(m, gfp, order, alloc_flags, ac);
	if (page)
		return page;
	if (gfp & __GFP_DIRECT_RECLAIM) {
		/*
		 * SIM: what is left of __alloc_pages_direct_reclaim(): drain
		 * the per-CPU lists and retry once.
		 */
		drain_all_pages(NULL);
		page = get_page_from_freelist(m, gfp, order, alloc_flags, ac);
		if (page)
			return page;
	}
	if ((gfp & __GFP_MEMALLOC) && !(gfp & __GFP_NOMEMALLOC)) {
		page = get_page_from_freelist(m, gfp, order,
					      ALLOC_NO_WATERMARKS, ac);
		if (page)
			return page;
	}
	warn_alloc(gfp, "page allocation failure: order:%u", order);
	return NULL;
}

static void trace_alloc(struct machine *m, struct page *page,
			unsigned int order, gfp_t gfp, int migratetype)
{
	char buf[GFP_STR_LEN];

	/* Linux's TP_printk: page=NULL and pfn=0x0 when the allocation failed. */
	trace_event(m, "mm_page_alloc",
		    TF_P("page", page ? page_trace_ptr(page) : 0, m->arch->bits),
		    TF_X("pfn", page ? page - m->mem_map : 0),
		    TF_U("order", order), TF_I("migratetype", migratetype),
		    TF_S("gfp_flags", gfp_format(gfp, buf, sizeof(buf), true)));
}

/*
 * gfp_migratetype() with its VM_WARN_ON((gfp & GFP_MOVABLE_MASK) ==
 * GFP_MOVABLE_MASK). Linux warns and goes on with MIGRATE_HIGHATOMIC, which
 * indexes past the pcp lists and the fallback table (fallbacks[] has
 * MIGRATE_PCPTYPES rows). SIM: warn once per machine, unless __GFP_NOWARN,
 * and serve the request as MIGRATE_UNMOVABLE, the type that fragments the
 * least by its choice of block.
 */
static int alloc_migratetype(struct machine *m, gfp_t gfp)
{
	struct page_alloc_state *pa = m->pa;
	char buf[GFP_STR_LEN];

	if (unlikely(pa->mobility_disabled))
		return MIGRATE_UNMOVABLE;
	if (likely((gfp & GFP_MOVABLE_MASK) != GFP_MOVABLE_MASK))
		return gfp_migratetype(gfp);
	if (!(gfp & __GFP_NOWARN) && !pa->warned_migratetype) {
		pa->warned_migratetype = true;
		pr_warn("------------[ cut here ]------------\n");
		pr_warn("WARNING: CPU: %d PID: 0 at include/linux/gfp.h gfp_migratetype (__GFP_RECLAIMABLE|__GFP_MOVABLE in mode:%s)\n",
			pa->cpu, gfp_format(gfp, buf, sizeof(buf), true));
		pr_warn("---[ end trace 0000000000000000 ]---\n");
	}
	return MIGRATE_UNMOVABLE;
}

/*
 * The zonelist, highest zone and migratetype of a request, and where in
 * the zonelist it starts (prepare_alloc_pages). SIM: no cpusets, no
 * fault injection, so it cannot fail; an empty zonelist leaves
 * ac->preferred_zoneref at the terminating entry (zone NULL).
 */
static void prepare_alloc_pages(struct machine *m, gfp_t gfp,
				int preferred_nid, struct alloc_context *ac)
{
	if (unlikely((unsigned int)preferred_nid >= (unsigned int)m->nr_node_ids))
		preferred_nid = 0;
	ac->highest_zoneidx = m->pa->gfp_zone_table[gfp & GFP_ZONEMASK];
	ac->zonelist = &m->node_data[preferred_nid]->node_zonelists[
		(gfp & __GFP_THISNODE) ? ZONELIST_NOFALLBACK : ZONELIST_FALLBACK];
	ac->migratetype = alloc_migratetype(m, gfp);
	ac->preferred_zoneref = first_zones_zonelist(ac->zonelist,
						     ac->highest_zoneidx);
}

/**
 * __alloc_pages - the heart of the zoned buddy allocator
 * @gfp: GFP flags
 * @order: 2^order contiguous pages
 * @preferred_nid: node to start from
 * @nodemask: SIM: ignored (no mempolicies); pass NULL
 *
 * Context: acts on current_machine().
 * Return: the first page, or NULL (watermarks, exhaustion, bad order).
 */
struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid,
			   const void *nodemask)
{
	struct machine *m = current_machine();
	struct page_alloc_state *pa = m->pa;
	struct alloc_context ac;
	unsigned int alloc_flags;
	struct page *page;

	(void)nodemask;
	if (unlikely(order > MAX_PAGE_ORDER)) {
		/*
		 * WARN_ON_ONCE_GFP(order > MAX_PAGE_ORDER, gfp): once per
		 * machine, silenced by __GFP_NOWARN. SIM: no line number,
		 * registers or call trace.
		 */
		if (!(gfp & __GFP_NOWARN) && !pa->warned_max_order) {
			pa->warned_max_order = true;
			pr_warn("------------[ cut here ]------------\n");
			pr_warn("WARNING: CPU: %d PID: 0 at mm/page_alloc.c __alloc_pages (order %u > MAX_PAGE_ORDER %d)\n",
				pa->cpu, order, MAX_PAGE_ORDER);
			pr_warn("---[ end trace 0000000000000000 ]---\n");
		}
		return NULL;
	}
	prepare_alloc_pages(m, gfp, preferred_nid, &ac);
	if (unlikely(!ac.preferred_zoneref->zone)) {
		/* The slow path's "goto nopage" for an empty zonelist. */
		warn_alloc(gfp, "page allocation failure: order:%u", order);
		page = NULL;
		goto out;
	}
	alloc_flags = ALLOC_WMARK_LOW |
		      alloc_flags_nofragment(m, ac.preferred_zoneref->zone, gfp);
	page = get_page_from_freelist(m, gfp, order, alloc_flags, &ac);
	if (unlikely(!page))
		page = __alloc_pages_slowpath(m, gfp, order, &ac);
out:
	/* Linux traces at "out:", so failures are traced too (page=NULL). */
	trace_alloc(m, page, order, gfp, ac.migratetype);
	return page;
}

/**
 * alloc_pages - allocate 2^order contiguous pages on the current CPU's node
 * @gfp: GFP flags
 * @order: order
 *
 * Return: the first page or NULL.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return __alloc_pages(gfp, order, numa_node_id(), NULL);
}

/**
 * alloc_pages_node - allocate from node @nid first
 * @nid: node, NUMA_NO_NODE for the current one
 * @gfp: GFP flags (__GFP_THISNODE forbids other nodes)
 * @order: order
 *
 * Return: the first page or NULL.
 */
struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	if (nid == NUMA_NO_NODE)
		nid = numa_node_id();
	return __alloc_pages(gfp, order, nid, NULL);
}

/* ---- bulk allocation ---- */

/*
 * The first zone of the zonelist, at or below the request's highest zone,
 * that stays above its low watermark after @nr_pages more pages; NULL
 * when none does or when the next candidate is on another node (the bulk
 * path stays local: the single-page path decides about remote memory).
 */
static struct zone *bulk_zone(struct machine *m, const struct alloc_context *ac,
			      unsigned int alloc_flags, unsigned long nr_pages)
{
	struct zone *preferred = ac->preferred_zoneref->zone;

	for (struct zoneref *z = ac->preferred_zoneref; z->zone; z++) {
		struct zone *zone = z->zone;
		unsigned long mark;

		if (z->zone_idx > (int)ac->highest_zoneidx)
			continue;
		if (m->nr_node_ids > 1 && zone != preferred &&
		    zone_to_nid(zone) != zone_to_nid(preferred))
			return NULL;
		mark = wmark_pages(zone, alloc_flags & ALLOC_WMARK_MASK) +
		       nr_pages;
		/* Linux passes the preferred zone's index here, not the highest. */
		if (zone_watermark_fast(zone, 0, mark,
					ac->preferred_zoneref->zone_idx,
					alloc_flags))
			return zone;
	}
	return NULL;
}

/**
 * __alloc_pages_bulk - allocate up to @nr_pages order-0 pages into an array
 * @gfp: GFP flags
 * @preferred_nid: node to start from
 * @nodemask: SIM: ignored (no mempolicies); pass NULL
 * @nr_pages: length of @page_array
 * @page_array: the array; only its NULL slots are filled
 *
 * Linux's alloc_pages_bulk_noprof(): one zonelist walk and one low
 * watermark check (raised by @nr_pages) for the whole batch, then pages
 * taken from the current CPU's pcp list of the chosen zone, the pcp lock
 * held once, refilling it from the buddy lists as the single-page path
 * does. When that cannot serve even one page (no zone above the mark, a
 * remote zone next in line, an empty pcp list the buddy lists cannot
 * refill) or only one page is wanted, one page comes from __alloc_pages(),
 * with its slow path and its failure report; the caller retries for the
 * rest. The fast path counts PGALLOC and the NUMA statistics once for the
 * batch and, as in Linux, emits no mm_page_alloc event (the refill's
 * mm_page_alloc_zone_locked events still appear); a page from the
 * single-page fallback is traced as usual.
 *
 * Context: acts on current_machine().
 * Return: the number of filled slots of @page_array, counting those that
 * were filled on entry; the slots are filled from the start, so with an
 * all-NULL array slots 0 to the result - 1 hold pages.
 */
unsigned long __alloc_pages_bulk(gfp_t gfp, int preferred_nid,
				 const void *nodemask, unsigned long nr_pages,
				 struct page **page_array)
{
	struct machine *m = current_machine();
	unsigned int alloc_flags = ALLOC_WMARK_LOW;
	unsigned long nr_populated = 0, nr_account = 0;
	struct per_cpu_pages *pcp;
	struct list_head *pcp_list;
	struct alloc_context ac;
	struct zone *zone;
	struct page *page;

	/* Skip the slots filled already before taking any lock. */
	while (nr_populated < nr_pages && page_array[nr_populated])
		nr_populated++;
	if (unlikely(nr_populated == nr_pages))
		return nr_populated;
	/* The single-page allocator for one page. */
	if (nr_pages - nr_populated == 1)
		goto failed;
	/*
	 * SIM: with the pcp lists switched off there is no pcp lock to take;
	 * Linux's failed pcp_spin_trylock() takes the same way out.
	 */
	if (unlikely(m->pa->pcp_disabled))
		goto failed;
	prepare_alloc_pages(m, gfp, preferred_nid, &ac);
	if (unlikely(!ac.preferred_zoneref->zone))
		goto failed;
	zone = bulk_zone(m, &ac, alloc_flags, nr_pages);
	if (unlikely(!zone))
		goto failed;

	pcp = &zone->per_cpu_pageset[m->pa->cpu];
	pcp_list = &pcp->lists[order_to_pindex(ac.migratetype, 0)];
	while (nr_populated < nr_pages) {
		if (page_array[nr_populated]) {
			nr_populated++;
			continue;
		}
		page = __rmqueue_pcplist(zone, 0, ac.migratetype, alloc_flags,
					 pcp, pcp_list);
		if (unlikely(!page)) {
			/* At least one page: through the single-page path. */
			if (!nr_account)
				goto failed;
			break;
		}
		nr_account++;
		prep_new_page(m, page, 0, gfp);
		page_array[nr_populated++] = page;
	}
	count_alloc_events(ac.preferred_zoneref->zone, zone, 0, nr_account);
	return nr_populated;

failed:
	page = __alloc_pages(gfp, 0, preferred_nid, nodemask);
	if (page)
		page_array[nr_populated++] = page;
	return nr_populated;
}

/**
 * alloc_pages_bulk - __alloc_pages_bulk() on the current CPU's node
 * @gfp: GFP flags
 * @nr_pages: length of @page_array
 * @page_array: the array; only its NULL slots are filled
 *
 * Return: see __alloc_pages_bulk().
 */
unsigned long alloc_pages_bulk(gfp_t gfp, unsigned long nr_pages,
			       struct page **page_array)
{
	return __alloc_pages_bulk(gfp, numa_node_id(), NULL, nr_pages,
				  page_array);
}

/**
 * alloc_pages_bulk_node - __alloc_pages_bulk() from node @nid first
 * @gfp: GFP flags
 * @nid: node, NUMA_NO_NODE for the current one
 * @nr_pages: length of @page_array
 * @page_array: the array; only its NULL slots are filled
 *
 * Return: see __alloc_pages_bulk().
 */
unsigned long alloc_pages_bulk_node(gfp_t gfp, int nid, unsigned long nr_pages,
				    struct page **page_array)
{
	if (nid == NUMA_NO_NODE)
		nid = numa_node_id();
	return __alloc_pages_bulk(gfp, nid, NULL, nr_pages, page_array);
}

/**
 * page_trace_ptr - the simulated kernel address of @page's struct page
 * @page: page
 *
 * What the kmem tracepoints print as page=%p: the vmemmap address on 64-bit
 * kernels, the lowmem mem_map copy of the node on 32-bit ones.
 *
 * Return: the address (never 0 for a valid page).
 */
u64 page_trace_ptr(const struct page *page)
{
	struct machine *m = current_machine();
	unsigned long pfn = page_to_pfn(page);
	const struct pglist_data *pgdat;

	if (m->arch->bits == 64)
		return m->layout.vmemmap_base +
		       (u64)pfn * m->arch->struct_page_size;
	pgdat = m->node_data[page_to_nid(page)];
	return layout_va(&m->layout, m->mem_map_phys[pgdat->node_id]) +
	       (u64)(pfn - pgdat->node_start_pfn) * m->arch->struct_page_size;
}

/**
 * page_address - simulated kernel virtual address of a page
 * @page: page
 *
 * Return: __va(page_to_pfn(page) << PAGE_SHIFT) for lowmem; for HighMem
 * its pkmap address while kmap()ed (mm/highmem.c), else 0.
 */
vaddr_t page_address(const struct page *page)
{
	struct machine *m = current_machine();
	unsigned long pfn = page_to_pfn(page);

	if (pfn >= m->max_low_pfn)
		return highmem_page_address(page);
	return layout_va(&m->layout, PFN_PHYS(pfn));
}

/**
 * __get_free_pages - allocate and return the kernel virtual address
 * @gfp_mask: GFP flags; __GFP_HIGHMEM is not allowed
 * @order: order
 *
 * Return: the address, or 0.
 */
vaddr_t __get_free_pages(gfp_t gfp_mask, unsigned int order)
{
	struct page *page = alloc_pages(gfp_mask & ~__GFP_HIGHMEM, order);

	return page ? page_address(page) : 0;
}

/**
 * get_zeroed_page - one zeroed lowmem page
 * @gfp_mask: GFP flags
 *
 * Return: its kernel virtual address, or 0.
 */
vaddr_t get_zeroed_page(gfp_t gfp_mask)
{
	return __get_free_pages(gfp_mask | __GFP_ZERO, 0);
}
