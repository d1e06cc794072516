/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct page, as include/linux/mm_types.h.
 *
 * The host-side struct is exactly 64 bytes, like Linux's on 64-bit. The
 * simulated kernel's mem_map is reserved in simulated RAM by memblock at the
 * simulated sizeof(struct page) (32 on 32-bit kernels, 64 on 64-bit), so the
 * simulated accounting is Linux's; the host array lives beside it.
 *
 * SIM: a zero-filled struct page is a valid "free, not yet touched" page.
 * Linux initialises every struct page at boot (memmap_init); mmsim only
 * writes the pages boot actually changes (reserved ones and buddy heads), so
 * a 1 TiB machine boots in seconds and pays host memory only for touched
 * metadata. This is why _mapcount counts from 0 here (Linux: -1) and why
 * page_type 0 means "none".
 */
#ifndef MMSIM_MM_TYPES_H
#define MMSIM_MM_TYPES_H

#include "list.h"

struct page {
	unsigned long flags;		/* enum pageflags bits */
	union {
		/* Buddy free list, per-CPU list or LRU list. */
		struct list_head lru;
		/* Tail page of a compound page. */
		struct {
			unsigned long compound_head;	/* head | 1 */
			unsigned char compound_order;	/* first tail only */
		};
		/* Slab page (mm/slub.c). */
		struct {
			void *slab_cache;
			void *freelist;
		};
	};
	void *mapping;			/* address_space, or anon_vma | 1 */
	unsigned long index;		/* offset within mapping */
	unsigned long private;		/* buddy: order of the free block */
	int _mapcount;			/* SIM: page tables mapping it */
	int _refcount;			/* 0: free */
	unsigned int page_type;		/* enum pagetype, 0 = none */
	unsigned int _reserved;		/* room for cpupid/memcg id later */
};

_Static_assert(sizeof(struct page) <= 64, "struct page must fit 64 bytes");

static inline int page_ref_count(const struct page *page)
{
	return page->_refcount;
}

static inline void set_page_count(struct page *page, int v)
{
	page->_refcount = v;
}

static inline void init_page_count(struct page *page)
{
	page->_refcount = 1;
}

static inline void page_ref_inc(struct page *page)
{
	page->_refcount++;
}

static inline int page_ref_dec_and_test(struct page *page)
{
	return --page->_refcount == 0;
}

#endif /* MMSIM_MM_TYPES_H */
