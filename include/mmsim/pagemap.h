/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page cache API, as include/linux/pagemap.h, writeback.h and swap.h:
 * folios in an address_space's XArray, their lookup (FGP_* flags),
 * readahead, dirtying and writeback, truncation and the file LRU.
 *
 * SIM: every page-cache folio is order 0, so struct folio is a struct page
 * seen through another type (Linux's folio also starts with its head
 * page): page_folio() and &folio->page convert at no cost.
 */
#ifndef MMSIM_PAGEMAP_H
#define MMSIM_PAGEMAP_H

#include "fs.h"
#include "printk.h"
#include "mm_types.h"
#include "page-flags.h"

struct folio {
	struct page page;
};

void bad_page(struct page *page, const char *reason);
/*
 * SIM: a broken page-cache invariant reports the page like bad_page()
 * (and taints) instead of stopping the host program.
 */
#define VM_BUG_ON_PAGE(cond, page)					\
	do {								\
		if (unlikely(cond))					\
			bad_page((page), "VM_BUG_ON_PAGE(" #cond ")");	\
	} while (0)
#define VM_WARN_ON_ONCE(cond)						\
	do {								\
		static bool __warned;					\
		if (unlikely(cond) && !__warned) {			\
			__warned = true;				\
			pr_warn("WARNING: %s:%d: %s\n", __FILE__,	\
				__LINE__, #cond);			\
		}							\
	} while (0)

static inline struct folio *page_folio(struct page *page)
{
	return (struct folio *)page;
}

static inline struct address_space *folio_mapping(struct folio *folio)
{
	return folio->page.mapping;
}

static inline pgoff_t folio_index(const struct folio *folio)
{
	return folio->page.index;
}

static inline loff_t folio_pos(const struct folio *folio)
{
	return (loff_t)folio->page.index << PAGE_SHIFT;
}

/* PG_readahead shares PG_reclaim's bit, as in Linux. */
#define PG_readahead	PG_reclaim

#define FOLIO_FLAG(name, bit)						\
static inline bool folio_test_##name(const struct folio *f)		\
{ return f->page.flags & (1UL << (bit)); }				\
static inline void folio_set_##name(struct folio *f)			\
{ f->page.flags |= 1UL << (bit); }					\
static inline void folio_clear_##name(struct folio *f)		\
{ f->page.flags &= ~(1UL << (bit)); }					\
static inline bool folio_test_set_##name(struct folio *f)		\
{ bool o = folio_test_##name(f); folio_set_##name(f); return o; }	\
static inline bool folio_test_clear_##name(struct folio *f)		\
{ bool o = folio_test_##name(f); folio_clear_##name(f); return o; }

FOLIO_FLAG(locked, PG_locked)
FOLIO_FLAG(uptodate, PG_uptodate)
FOLIO_FLAG(dirty, PG_dirty)
FOLIO_FLAG(writeback, PG_writeback)
FOLIO_FLAG(referenced, PG_referenced)
FOLIO_FLAG(active, PG_active)
FOLIO_FLAG(lru, PG_lru)
FOLIO_FLAG(readahead, PG_readahead)
FOLIO_FLAG(swapbacked, PG_swapbacked)
FOLIO_FLAG(unevictable, PG_unevictable)

/*
 * SIM: one host thread runs the machine, so a folio lock never waits:
 * folio_lock() asserts it was free (a second locker would be a bug).
 */
void folio_lock(struct folio *folio);
void folio_unlock(struct folio *folio);
void folio_get(struct folio *folio);
void folio_put(struct folio *folio);

/* The XArray marks of i_pages (include/linux/fs.h). */
#define PAGECACHE_TAG_DIRTY	XA_MARK_0
#define PAGECACHE_TAG_WRITEBACK	XA_MARK_1
#define PAGECACHE_TAG_TOWRITE	XA_MARK_2

/* __filemap_get_folio() flags (include/linux/pagemap.h). */
#define FGP_ACCESSED	0x0001
#define FGP_LOCK	0x0002
#define FGP_CREAT	0x0004
#define FGP_WRITE	0x0008
#define FGP_NOFS	0x0010
#define FGP_NOWAIT	0x0020
#define FGP_FOR_MMAP	0x0040
#define FGP_STABLE	0x0080
#define FGP_WRITEBEGIN	(FGP_LOCK | FGP_WRITE | FGP_CREAT | FGP_STABLE)

/* ---- mm/filemap.c ------------------------------------------------------ */
int filemap_add_folio(struct address_space *mapping, struct folio *folio,
		      pgoff_t index, gfp_t gfp);
struct folio *__filemap_get_folio(struct address_space *mapping,
				  pgoff_t index, unsigned int fgp_flags,
				  gfp_t gfp);
/* A referenced folio or NULL (Linux returns ERR_PTR(-ENOENT)). */
static inline struct folio *filemap_get_folio(struct address_space *mapping,
					      pgoff_t index)
{
	return __filemap_get_folio(mapping, index, 0, 0);
}
struct folio *filemap_alloc_folio(gfp_t gfp, unsigned int order);
void filemap_remove_folio(struct folio *folio);
void __filemap_remove_folio(struct folio *folio, void *shadow);
void delete_from_page_cache(struct page *page);
ssize_t filemap_read(struct file *file, char *buf, size_t count, loff_t *ppos);
ssize_t generic_file_read_iter(struct kiocb *iocb, struct iov_iter *iter);
ssize_t generic_perform_write(struct kiocb *iocb, struct iov_iter *i);
ssize_t generic_file_write_iter(struct kiocb *iocb, struct iov_iter *from);
ssize_t generic_file_write(struct file *file, const char *buf, size_t count,
			   loff_t *ppos);
pgoff_t page_cache_next_miss(struct address_space *mapping, pgoff_t index,
			     unsigned long max_scan);
int filemap_fdatawrite(struct address_space *mapping);
int filemap_fdatawrite_range(struct address_space *mapping, loff_t start,
			     loff_t end);
int filemap_fdatawait_range(struct address_space *mapping, loff_t start,
			    loff_t end);
int filemap_write_and_wait_range(struct address_space *mapping, loff_t start,
				 loff_t end);
static inline int filemap_write_and_wait(struct address_space *mapping)
{
	return filemap_write_and_wait_range(mapping, 0, MAX_LFS_FILESIZE);
}
u8 *folio_address_host(struct folio *folio);
/* Copy between a page-cache page and host memory. */
void memcpy_to_folio(struct folio *folio, size_t offset, const void *src,
		     size_t len);
void memcpy_from_folio(void *dst, struct folio *folio, size_t offset,
		       size_t len);
void folio_zero_range(struct folio *folio, size_t start, size_t len);

/* ---- mm/readahead.c ------------------------------------------------------ */
#define VM_READAHEAD_PAGES	32	/* 128 KiB (SZ_128K / PAGE_SIZE) */

struct readahead_control {
	struct file *file;
	struct address_space *mapping;
	struct file_ra_state *ra;
	pgoff_t _index;			/* first page of the batch */
	unsigned int _nr_pages;		/* pages of the batch */
	unsigned int _batch_count;
};

void file_ra_state_init(struct file_ra_state *ra,
			struct address_space *mapping);
unsigned long get_init_ra_size(unsigned long size, unsigned long max);
unsigned long get_next_ra_size(struct file_ra_state *ra, unsigned long max);
void page_cache_sync_ra(struct readahead_control *ractl,
			unsigned long req_count);
void page_cache_async_ra(struct readahead_control *ractl,
			 struct folio *folio, unsigned long req_count);
void force_page_cache_ra(struct readahead_control *ractl,
			 unsigned long nr_to_read);
/* The next folio of a ->readahead batch, locked, or NULL. */
struct folio *readahead_folio(struct readahead_control *rac);

/* ---- mm/page-writeback.c, fs/fs-writeback.c -------------------------------- */
enum writeback_sync_modes {
	WB_SYNC_NONE,	/* don't wait on anything */
	WB_SYNC_ALL,	/* wait on every mapping */
};

enum wb_reason {
	WB_REASON_BACKGROUND,
	WB_REASON_VMSCAN,
	WB_REASON_SYNC,
	WB_REASON_PERIODIC,
	WB_REASON_FS_FREE_SPACE,
	WB_REASON_FORKER_THREAD,
	WB_REASON_FOREIGN_FLUSH,
	WB_REASON_MAX,
};

struct writeback_control {
	long nr_to_write;		/* pages left to write; decremented */
	long pages_skipped;
	loff_t range_start, range_end;
	enum writeback_sync_modes sync_mode;
	unsigned int for_kupdate:1;
	unsigned int for_background:1;
	unsigned int range_cyclic:1;
	unsigned int for_sync:1;
	enum wb_reason reason;
};

bool folio_mark_dirty(struct folio *folio);
bool filemap_dirty_folio(struct address_space *mapping, struct folio *folio);
void __folio_mark_dirty(struct folio *folio, struct address_space *mapping,
			int warn);
bool folio_clear_dirty_for_io(struct folio *folio);
void folio_account_cleaned(struct folio *folio);
void folio_start_writeback(struct folio *folio);
void folio_end_writeback(struct folio *folio);
void folio_wait_writeback(struct folio *folio);
typedef int (*writepage_t)(struct folio *folio, struct writeback_control *wbc,
			   void *data);
int write_cache_pages(struct address_space *mapping,
		      struct writeback_control *wbc, writepage_t writepage,
		      void *data);
int generic_writepages(struct address_space *mapping,
		       struct writeback_control *wbc);
int do_writepages(struct address_space *mapping,
		  struct writeback_control *wbc);
void tag_pages_for_writeback(struct address_space *mapping, pgoff_t start,
			     pgoff_t end);
void balance_dirty_pages_ratelimited(struct address_space *mapping);
void dirty_limits(unsigned long *pbackground, unsigned long *pdirty);
/* Queue @folio's write as in flight until the next tick (block layer). */
void submit_folio_write(struct folio *folio);
/* Complete every in-flight write of @mapping (all if NULL). */
void wb_complete_inflight(struct address_space *mapping);

int writeback_single_inode(struct inode *inode, struct writeback_control *wbc);
long writeback_inodes_wb(long nr_pages, enum wb_reason reason,
			 bool for_kupdate);
void sync_inodes_sb(struct super_block *sb);
void wb_workfn(void);
void inode_io_list_del(struct inode *inode);

/* ---- mm/truncate.c ---------------------------------------------------------- */
void truncate_inode_pages_range(struct address_space *mapping, loff_t lstart,
				loff_t lend);
void truncate_inode_pages(struct address_space *mapping, loff_t lstart);
void truncate_inode_pages_final(struct address_space *mapping);
void truncate_pagecache(struct inode *inode, loff_t newsize);
void truncate_setsize(struct inode *inode, loff_t newsize);
unsigned long invalidate_mapping_pages(struct address_space *mapping,
				       pgoff_t start, pgoff_t end);
void unmap_mapping_range(struct address_space *mapping, loff_t holebegin,
			 loff_t holelen, int even_cows);

/* ---- mm/swap.c: the file LRU ------------------------------------------------ */
void lru_cache_add(struct folio *folio);
void lruvec_del_folio(struct folio *folio);
void folio_mark_accessed(struct folio *folio);
static inline void mark_page_accessed(struct page *page)
{
	folio_mark_accessed(page_folio(page));
}
void folio_activate(struct folio *folio);

/* ---- kernel/time.c: the simulated clock ------------------------------------- */
u64 ktime_get_ns(void);
/* Advance the clock by @ms, running the flusher when it is due. */
void machine_tick(struct machine *m, u64 ms);

#endif /* MMSIM_PAGEMAP_H */
