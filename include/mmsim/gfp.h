/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GFP flags and the page allocator API, as include/linux/gfp_types.h and
 * include/linux/gfp.h.
 *
 * The bit values are Linux's (___GFP_*_BIT of 6.x without KASAN, lockdep or
 * slab object extensions), so "mode:0xcc0(GFP_KERNEL)" reads the same here
 * as in a real kernel log.
 *
 * Simple API first:
 *	struct page *page = alloc_pages(GFP_KERNEL, 2);
 *	__free_pages(page, 2);
 *	vaddr_t va = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 0);
 *	free_pages(va, 0);
 */
#ifndef MMSIM_GFP_H
#define MMSIM_GFP_H

#include "mmzone.h"
#include "page-flags.h"
#include "strbuf.h"
#include "gfp_types.h"

#define GFP_MOVABLE_MASK	(__GFP_RECLAIMABLE | __GFP_MOVABLE)
#define GFP_MOVABLE_SHIFT	3

#define PAGE_ALLOC_COSTLY_ORDER	3

/**
 * gfp_migratetype - the free list a request is served from
 * @gfp_flags: allocation mask
 *
 * Return: MIGRATE_MOVABLE for __GFP_MOVABLE, MIGRATE_RECLAIMABLE for
 * __GFP_RECLAIMABLE, MIGRATE_UNMOVABLE for neither. Both together is a
 * caller bug (Linux's VM_WARN_ON) and yields MIGRATE_HIGHATOMIC, which no
 * request may use: __alloc_pages() warns and serves it as unmovable.
 */
static inline int gfp_migratetype(gfp_t gfp_flags)
{
	/* SIM: page_group_by_mobility_disabled is applied by the allocator. */
	return (int)((gfp_flags & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT);
}

/*
 * gfp_zone - the highest zone an allocation may use (GFP_ZONE_TABLE).
 * Zones the current machine's architecture does not configure fall back to
 * ZONE_NORMAL, as OPT_ZONE_DMA/OPT_ZONE_DMA32/OPT_ZONE_HIGHMEM do in Linux.
 * An invalid combination (e.g. __GFP_DMA|__GFP_HIGHMEM, GFP_ZONE_BAD in
 * Linux) returns ZONE_NORMAL; gfp_parse() rejects it up front.
 */
enum zone_type gfp_zone(gfp_t flags);
/* True when the zone modifiers of @flags are a valid combination. */
bool gfp_zone_valid(gfp_t flags);

/*
 * Parse "GFP_KERNEL|__GFP_ZERO" (names joined with '|', spaces allowed,
 * numbers such as 0xcc0 accepted). Return 0, or -EINVAL with the offending
 * name (or the conflict) copied to @bad.
 */
int gfp_parse(const char *s, gfp_t *out, char *bad, size_t badlen);
/*
 * Format as Linux's %pGg / show_gfp_flags(): "GFP_KERNEL|__GFP_ZERO",
 * leftover bits as "0x...", "none" for 0 when @none_word is true (trace
 * events); returns @buf.
 */
char *gfp_format(gfp_t flags, char *buf, size_t len, bool none_word);
/*
 * Enough for any valid mask: every name of the table once, each with its
 * '|' (481 bytes), and a "0x..." remainder. 192 truncated real masks.
 */
#define GFP_STR_LEN	512

/* ------------------------------------------------------------------ */
/* The page allocator (mm/page_alloc.c), acting on current_machine().  */

struct page *alloc_pages(gfp_t gfp, unsigned int order);
struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order);
struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid,
			   const void *nodemask);
/*
 * Bulk allocation of order-0 pages into the NULL slots of an array (Linux's
 * alloc_pages_bulk family): returns how many slots are filled, possibly
 * fewer than asked when memory is short.
 */
unsigned long __alloc_pages_bulk(gfp_t gfp, int preferred_nid,
				 const void *nodemask, unsigned long nr_pages,
				 struct page **page_array);
unsigned long alloc_pages_bulk(gfp_t gfp, unsigned long nr_pages,
			       struct page **page_array);
unsigned long alloc_pages_bulk_node(gfp_t gfp, int nid, unsigned long nr_pages,
				    struct page **page_array);
vaddr_t __get_free_pages(gfp_t gfp_mask, unsigned int order);
vaddr_t get_zeroed_page(gfp_t gfp_mask);
#define __get_free_page(gfp_mask) __get_free_pages((gfp_mask), 0)
#define alloc_page(gfp_mask) alloc_pages(gfp_mask, 0)

void __free_pages(struct page *page, unsigned int order);
void free_pages(vaddr_t addr, unsigned int order);
#define __free_page(page) __free_pages((page), 0)
#define free_page(addr) free_pages((addr), 0)
void free_unref_page(struct page *page, unsigned int order);
void split_page(struct page *page, unsigned int order);

/*
 * Checked free for callers that may pass garbage (the Lua binding):
 * 0, or -EINVAL after logging "BUG: Bad page state" with the reason copied
 * to @why (lower case, e.g. "not allocated", "wrong order 2, allocated as
 * order 0"). The free lists are never touched on failure.
 */
int free_pages_checked(unsigned long pfn, unsigned int order, char *why,
		       size_t whylen);

/*
 * Simulated kernel virtual address of a page: __va() for lowmem, 0 (NULL)
 * for a HighMem page (mmsim has no kmap yet).
 * SIM: returns a simulated address, not a host pointer.
 */
vaddr_t page_address(const struct page *page);

/* Drain every CPU's per-CPU lists back to the buddy lists. */
void drain_all_pages(struct zone *zone);
void drain_local_pages(struct zone *zone);
/* vmstat_update(), Linux's once-a-second per-CPU work: decay_pcp_high(). */
int vmstat_update(int cpu);

/* The simulated CPU the allocator runs on (per machine). */
int page_alloc_set_cpu(int cpu);
int page_alloc_get_cpu(void);

static inline struct page *compound_head(const struct page *page)
{
	if (page->compound_head & 1)
		return (struct page *)(page->compound_head - 1);
	return (struct page *)page;
}

static inline unsigned int compound_order(const struct page *page)
{
	if (!PageHead(page))
		return 0;
	return page[1].compound_order;
}

#endif /* MMSIM_GFP_H */
