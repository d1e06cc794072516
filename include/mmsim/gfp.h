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

#define ___GFP_DMA		0x01u
#define ___GFP_HIGHMEM		0x02u
#define ___GFP_DMA32		0x04u
#define ___GFP_MOVABLE		0x08u
#define ___GFP_RECLAIMABLE	0x10u
#define ___GFP_HIGH		0x20u
#define ___GFP_IO		0x40u
#define ___GFP_FS		0x80u
#define ___GFP_ZERO		0x100u
#define ___GFP_UNUSED		0x200u	/* ___GFP_UNUSED_BIT: never valid */
#define ___GFP_DIRECT_RECLAIM	0x400u
#define ___GFP_KSWAPD_RECLAIM	0x800u
#define ___GFP_WRITE		0x1000u
#define ___GFP_NOWARN		0x2000u
#define ___GFP_RETRY_MAYFAIL	0x4000u
#define ___GFP_NOFAIL		0x8000u
#define ___GFP_NORETRY		0x10000u
#define ___GFP_MEMALLOC		0x20000u
#define ___GFP_COMP		0x40000u
#define ___GFP_NOMEMALLOC	0x80000u
#define ___GFP_HARDWALL		0x100000u
#define ___GFP_THISNODE		0x200000u
#define ___GFP_ACCOUNT		0x400000u
#define ___GFP_ZEROTAGS		0x800000u
#define ___GFP_LAST_BIT		24

/* Zone modifiers (the low 4 bits select the zone, see gfp_zone()). */
#define __GFP_DMA		((gfp_t)___GFP_DMA)
#define __GFP_HIGHMEM		((gfp_t)___GFP_HIGHMEM)
#define __GFP_DMA32		((gfp_t)___GFP_DMA32)
#define __GFP_MOVABLE		((gfp_t)___GFP_MOVABLE)
#define GFP_ZONEMASK	(__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)

/* Page mobility and placement hints. */
#define __GFP_RECLAIMABLE	((gfp_t)___GFP_RECLAIMABLE)
#define __GFP_WRITE		((gfp_t)___GFP_WRITE)
#define __GFP_HARDWALL		((gfp_t)___GFP_HARDWALL)
#define __GFP_THISNODE		((gfp_t)___GFP_THISNODE)
#define __GFP_ACCOUNT		((gfp_t)___GFP_ACCOUNT)

/* Watermark modifiers. */
#define __GFP_HIGH		((gfp_t)___GFP_HIGH)
#define __GFP_MEMALLOC		((gfp_t)___GFP_MEMALLOC)
#define __GFP_NOMEMALLOC	((gfp_t)___GFP_NOMEMALLOC)

/* Reclaim modifiers. */
#define __GFP_IO		((gfp_t)___GFP_IO)
#define __GFP_FS		((gfp_t)___GFP_FS)
#define __GFP_DIRECT_RECLAIM	((gfp_t)___GFP_DIRECT_RECLAIM)
#define __GFP_KSWAPD_RECLAIM	((gfp_t)___GFP_KSWAPD_RECLAIM)
#define __GFP_RECLAIM	((gfp_t)(___GFP_DIRECT_RECLAIM | ___GFP_KSWAPD_RECLAIM))
#define __GFP_RETRY_MAYFAIL	((gfp_t)___GFP_RETRY_MAYFAIL)
#define __GFP_NOFAIL		((gfp_t)___GFP_NOFAIL)
#define __GFP_NORETRY		((gfp_t)___GFP_NORETRY)

/* Action modifiers. */
#define __GFP_NOWARN		((gfp_t)___GFP_NOWARN)
#define __GFP_COMP		((gfp_t)___GFP_COMP)
#define __GFP_ZERO		((gfp_t)___GFP_ZERO)
#define __GFP_ZEROTAGS		((gfp_t)___GFP_ZEROTAGS)
#define __GFP_SKIP_ZERO		((gfp_t)0)	/* KASAN HW tags only */
#define __GFP_SKIP_KASAN	((gfp_t)0)

#define __GFP_BITS_MASK		((gfp_t)((1u << ___GFP_LAST_BIT) - 1))
/* The bits a caller may pass: all but the unused one. */
#define GFP_VALID_MASK		(__GFP_BITS_MASK & ~(gfp_t)___GFP_UNUSED)

/* Useful combinations, as gfp_types.h defines them. */
#define GFP_ATOMIC	(__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL	(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOWAIT	(__GFP_KSWAPD_RECLAIM | __GFP_NOWARN)
#define GFP_NOIO	(__GFP_RECLAIM)
#define GFP_NOFS	(__GFP_RECLAIM | __GFP_IO)
#define GFP_USER	(__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA		__GFP_DMA
#define GFP_DMA32	__GFP_DMA32
#define GFP_HIGHUSER	(GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE (GFP_HIGHUSER | __GFP_MOVABLE | __GFP_SKIP_KASAN)
#define GFP_TRANSHUGE_LIGHT ((GFP_HIGHUSER_MOVABLE | __GFP_COMP | \
			      __GFP_NOMEMALLOC | __GFP_NOWARN) & ~__GFP_RECLAIM)
#define GFP_TRANSHUGE	(GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM)

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
