// SPDX-License-Identifier: GPL-2.0
/*
 * Removing pages from the page cache, as mm/truncate.c: truncation (every
 * page, dirty or not, after waiting for writeback; the partial page at the
 * new end is zeroed past it and stays) and invalidation (only pages that
 * are clean, unmapped, unlocked and not under writeback: what
 * POSIX_FADV_DONTNEED and drop_caches may drop).
 */
#include <stdio.h>
#include <mmsim/machine.h>
#include <mmsim/mm.h>
#include <mmsim/pagemap.h>

/**
 * unmap_mapping_range - unmap a file range from every process mapping it
 * @mapping: the file's page cache
 * @holebegin: first byte
 * @holelen: bytes, 0 for "to the end of the file"
 * @even_cows: also private COW copies (truncate), not only page-cache
 *	pages
 *
 * Walks i_mmap (unmap_mapping_range_tree) and zaps the PTEs of the page
 * range in each VMA that maps part of it (zap_page_range_single with
 * zap_details: without @even_cows, anonymous pages stay). An access to
 * a zapped page faults again; past the end of the file that is SIGBUS.
 */
void unmap_mapping_range(struct address_space *mapping, loff_t holebegin,
			 loff_t holelen, int even_cows)
{
	pgoff_t first = (pgoff_t)(holebegin >> PAGE_SHIFT), last;
	struct vm_area_struct *vma;

	last = holelen ? (pgoff_t)((holebegin + holelen + PAGE_SIZE - 1) >>
				   PAGE_SHIFT) - 1 : (pgoff_t)-1;
	if (last < first)
		return;
	mapping->i_mmap_rwsem++;
	vma_interval_tree_foreach(vma, &mapping->i_mmap, first, last) {
		unsigned long pages = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
		pgoff_t vfirst = vma->vm_pgoff, vlast = vma->vm_pgoff + pages - 1;
		pgoff_t from = first > vfirst ? first : vfirst;
		pgoff_t to = last < vlast ? last : vlast;

		if (from > to)
			continue;
		zap_file_range(vma, vma->vm_start +
			       ((u64)(from - vfirst) << PAGE_SHIFT),
			       vma->vm_start +
			       ((u64)(to - vfirst + 1) << PAGE_SHIFT),
			       even_cows);
	}
	mapping->i_mmap_rwsem--;
}

/* truncate_inode_folio(): drop one folio, whatever its state. */
static void truncate_inode_folio(struct address_space *mapping,
				 struct folio *folio)
{
	folio_lock(folio);
	if (folio_test_writeback(folio))
		folio_wait_writeback(folio);
	if (page_mapcount(&folio->page))
		unmap_mapping_range(mapping, folio_pos(folio), PAGE_SIZE, 0);
	if (mapping->a_ops->invalidate_folio)
		mapping->a_ops->invalidate_folio(folio, 0, PAGE_SIZE);
	filemap_remove_folio(folio);
}

/**
 * truncate_inode_pages_range - remove the page cache of a byte range
 * @mapping: the page cache
 * @lstart: first byte
 * @lend: last byte (inclusive), or -1 for "to the end"
 *
 * Whole pages go, dirty or not; a page cut by @lstart or @lend stays,
 * its truncated bytes zeroed.
 */
void truncate_inode_pages_range(struct address_space *mapping, loff_t lstart,
				loff_t lend)
{
	pgoff_t start = (pgoff_t)((lstart + PAGE_SIZE - 1) >> PAGE_SHIFT);
	pgoff_t end = lend < 0 ? ~0UL : (pgoff_t)((lend + 1) >> PAGE_SHIFT);
	size_t partial_start = (size_t)(lstart & (PAGE_SIZE - 1));
	unsigned long index;
	struct folio *folio;

	if (!mapping->nrpages)
		return;
	mapping->invalidate_lock++;
	if (partial_start) {
		folio = xa_load(&mapping->i_pages, (pgoff_t)(lstart >> PAGE_SHIFT));
		if (folio) {
			size_t len = PAGE_SIZE - partial_start;

			if (lend >= 0 && (lend >> PAGE_SHIFT) == (lstart >> PAGE_SHIFT))
				len = (size_t)(lend - lstart + 1);
			folio_wait_writeback(folio);
			folio_zero_range(folio, partial_start, len);
		}
	}
	if (lend >= 0 && ((lend + 1) & (PAGE_SIZE - 1)) &&
	    (lend >> PAGE_SHIFT) != (lstart >> PAGE_SHIFT)) {
		folio = xa_load(&mapping->i_pages, (pgoff_t)(lend >> PAGE_SHIFT));
		if (folio) {
			folio_wait_writeback(folio);
			folio_zero_range(folio, 0,
					 (size_t)((lend + 1) & (PAGE_SIZE - 1)));
		}
	}
	xa_for_each_start(&mapping->i_pages, index, folio, start) {
		if (index >= end)
			break;
		truncate_inode_folio(mapping, folio);
	}
	mapping->invalidate_lock--;
}

/**
 * truncate_inode_pages - remove the page cache from byte @lstart on
 * @mapping: the page cache
 * @lstart: first byte
 */
void truncate_inode_pages(struct address_space *mapping, loff_t lstart)
{
	truncate_inode_pages_range(mapping, lstart, -1);
}

/**
 * truncate_inode_pages_final - empty the page cache of an inode being
 *	evicted
 * @mapping: the page cache
 */
void truncate_inode_pages_final(struct address_space *mapping)
{
	wb_complete_inflight(mapping);
	truncate_inode_pages(mapping, 0);
}

/**
 * truncate_pagecache - unmap and remove the pages past a new size
 * @inode: the inode, whose i_size is already @newsize
 * @newsize: new size
 */
void truncate_pagecache(struct inode *inode, loff_t newsize)
{
	struct address_space *mapping = inode->i_mapping;
	loff_t holebegin = (newsize + PAGE_SIZE - 1) & ~(loff_t)(PAGE_SIZE - 1);

	unmap_mapping_range(mapping, holebegin, 0, 1);
	truncate_inode_pages(mapping, newsize);
	unmap_mapping_range(mapping, holebegin, 0, 1);
}

/**
 * truncate_setsize - set i_size and drop the page cache beyond it
 * @inode: the inode
 * @newsize: new size (growing leaves a hole)
 */
void truncate_setsize(struct inode *inode, loff_t newsize)
{
	loff_t oldsize = inode->i_size;

	i_size_write(inode, newsize);
	if (newsize < oldsize)
		truncate_pagecache(inode, newsize);
}

/* mapping_evict_folio(): may this folio be dropped? */
static bool folio_evictable_now(struct folio *folio)
{
	if (folio_test_dirty(folio) || folio_test_writeback(folio) ||
	    folio_test_locked(folio))
		return false;
	if (page_mapcount(&folio->page))
		return false;
	/* Only the cache's reference: nobody is using it. */
	return page_ref_count(&folio->page) == 1;
}

/**
 * invalidate_mapping_pages - drop the clean, unused pages of a range
 * @mapping: the page cache
 * @start: first index
 * @end: last index (inclusive)
 *
 * Dirty, under writeback, locked or mapped pages stay.
 *
 * Return: pages dropped.
 */
unsigned long invalidate_mapping_pages(struct address_space *mapping,
				       pgoff_t start, pgoff_t end)
{
	unsigned long index, count = 0;
	struct folio *folio;

	mapping->invalidate_lock++;
	xa_for_each_start(&mapping->i_pages, index, folio, start) {
		if (index > end)
			break;
		if (!folio_evictable_now(folio))
			continue;
		folio_lock(folio);
		filemap_remove_folio(folio);
		count++;
	}
	mapping->invalidate_lock--;
	return count;
}
