/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page flags, as include/linux/page-flags.h. The bit order follows Linux's
 * enum pageflags so dumps read the same.
 */
#ifndef MMSIM_PAGE_FLAGS_H
#define MMSIM_PAGE_FLAGS_H

#include "mm_types.h"

enum pageflags {
	PG_locked,
	PG_writeback,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_head,
	PG_waiters,
	PG_active,
	PG_workingset,
	PG_owner_priv_1,
	PG_owner_2,
	PG_arch_1,
	PG_reserved,
	PG_private,
	PG_private_2,
	PG_reclaim,
	PG_swapbacked,
	PG_unevictable,
	PG_dropbehind,
	PG_mlocked,
	__NR_PAGEFLAGS,
};

/* Names as %pGp prints them (mm/debug.c), indexed by enum pageflags. */
extern const char *const pageflag_names[__NR_PAGEFLAGS];

#define PAGEFLAG(uname, lname)						\
static inline bool Page##uname(const struct page *page)		\
{ return page->flags & (1UL << PG_##lname); }				\
static inline void SetPage##uname(struct page *page)			\
{ page->flags |= 1UL << PG_##lname; }					\
static inline void ClearPage##uname(struct page *page)			\
{ page->flags &= ~(1UL << PG_##lname); }

PAGEFLAG(Locked, locked)
PAGEFLAG(Writeback, writeback)
PAGEFLAG(Referenced, referenced)
PAGEFLAG(Uptodate, uptodate)
PAGEFLAG(Dirty, dirty)
PAGEFLAG(LRU, lru)
PAGEFLAG(Head, head)
PAGEFLAG(Active, active)
PAGEFLAG(Reserved, reserved)
PAGEFLAG(Private, private)
PAGEFLAG(Reclaim, reclaim)
PAGEFLAG(SwapBacked, swapbacked)
PAGEFLAG(Unevictable, unevictable)
PAGEFLAG(Mlocked, mlocked)

/*
 * Page types (Linux's page_type field, PGTY_*): a page is at most one of
 * these. SIM: 0 means "no type" here, where Linux uses all ones, so a
 * zero-filled struct page is a valid untyped page (see mm/mm_init.c).
 */
enum pagetype {
	PGTY_none = 0,
	PGTY_buddy = 0xf0,
	PGTY_offline = 0xf1,
	PGTY_table = 0xf2,
	PGTY_guard = 0xf3,
	PGTY_slab = 0xf5,
	PGTY_zsmalloc = 0xf6,
	PGTY_unaccepted = 0xf7,
	PGTY_large_kmalloc = 0xf8,
};

#define PAGE_TYPE_OPS(uname, lname)					\
static inline bool Page##uname(const struct page *page)		\
{ return page->page_type == PGTY_##lname; }				\
static inline void __SetPage##uname(struct page *page)			\
{ page->page_type = PGTY_##lname; }					\
static inline void __ClearPage##uname(struct page *page)		\
{ page->page_type = PGTY_none; }

PAGE_TYPE_OPS(Buddy, buddy)
PAGE_TYPE_OPS(Guard, guard)
PAGE_TYPE_OPS(Table, table)
PAGE_TYPE_OPS(Slab, slab)
PAGE_TYPE_OPS(LargeKmalloc, large_kmalloc)

/*
 * Page table entries mapping the page. A slab page has none: Linux's
 * page_type shares _mapcount's word, and page_mapcount() reads 0 for
 * such a typed page. SIM: page_type has its own field here, and struct
 * slab keeps live-object bits in _mapcount's (mm/slab.h).
 */
static inline int page_mapcount(const struct page *page)
{
	if (PageSlab(page))
		return 0;
	return page->_mapcount;
}

static inline bool PageTail(const struct page *page)
{
	return page->compound_head & 1;
}

static inline bool PageCompound(const struct page *page)
{
	return PageHead(page) || PageTail(page);
}

#endif /* MMSIM_PAGE_FLAGS_H */
