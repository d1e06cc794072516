// SPDX-License-Identifier: GPL-2.0
/*
 * The page cache, as mm/filemap.c: folios of a file in its address_space's
 * XArray (i_pages), added and removed with their counters (NR_FILE_PAGES,
 * NR_SHMEM) and tracepoints, looked up with FGP_* flags, and the read and
 * write paths through them: filemap_read() with readahead, and
 * generic_perform_write() through the filesystem's write_begin/write_end.
 *
 * References: the page cache holds one reference on each of its folios;
 * a lookup returns the folio with one more, which the caller puts. Being
 * on the LRU holds none (as in Linux since folios).
 *
 * SIM: folios are order 0; the copy to and from a folio goes through
 * simulated physical memory (Linux: kmap_local_folio()), which reaches
 * HighMem frames as well, so page-cache pages are GFP_HIGHUSER_MOVABLE as
 * in Linux.
 */
#include <stdio.h>
#include <string.h>

#include <mmsim/gfp.h>
#include <mmsim/mm.h>
#include <mmsim/page_alloc.h>
#include <mmsim/pagemap.h>
#include <mmsim/uio.h>
#include <mmsim/vmstat.h>

/* ---- folio basics --------------------------------------------------------- */

void folio_lock(struct folio *folio)
{
	VM_BUG_ON_PAGE(folio_test_locked(folio), &folio->page);
	folio_set_locked(folio);
}

void folio_unlock(struct folio *folio)
{
	VM_BUG_ON_PAGE(!folio_test_locked(folio), &folio->page);
	folio_clear_locked(folio);
}

void folio_get(struct folio *folio)
{
	page_ref_inc(&folio->page);
}

/* The last reference frees the folio; the cache removed it first. */
void folio_put(struct folio *folio)
{
	put_page(&folio->page);
}

/**
 * folio_address_host - where a folio's bytes live in the host's memory
 * @folio: a page-cache folio
 *
 * SIM: the simulated RAM is one host mapping, so this is folio_address()
 * for the host side: what a bio's bio_vec points the disk at.
 *
 * Return: the host address of the folio's first byte.
 */
u8 *folio_address_host(struct folio *folio)
{
	struct machine *m = current_machine();

	return ram_ptr(&m->ram, (phys_addr_t)page_to_pfn(&folio->page)
			<< PAGE_SHIFT);
}

/**
 * memcpy_to_folio - copy host bytes into a folio
 * @folio: destination
 * @offset: byte offset in the folio
 * @src: source
 * @len: bytes, offset + len <= PAGE_SIZE
 */
void memcpy_to_folio(struct folio *folio, size_t offset, const void *src,
		     size_t len)
{
	memcpy(folio_address_host(folio) + offset, src, len);
}

/**
 * memcpy_from_folio - copy bytes of a folio to the host
 * @dst: destination
 * @folio: source
 * @offset: byte offset in the folio
 * @len: bytes, offset + len <= PAGE_SIZE
 */
void memcpy_from_folio(void *dst, struct folio *folio, size_t offset,
		       size_t len)
{
	memcpy(dst, folio_address_host(folio) + offset, len);
}

/**
 * copy_folio_to_iter - copy part of a page-cache folio into the iterator
 * @folio: the source
 * @offset: byte offset in it
 * @bytes: how many, offset + bytes <= PAGE_SIZE
 * @i: the destination
 *
 * Return: bytes copied.
 */
size_t copy_folio_to_iter(struct folio *folio, size_t offset, size_t bytes,
			  struct iov_iter *i)
{
	return copy_to_iter(folio_address_host(folio) + offset, bytes, i);
}

/**
 * folio_zero_range - zero part of a folio
 * @folio: the folio
 * @start: first byte
 * @len: bytes
 */
void folio_zero_range(struct folio *folio, size_t start, size_t len)
{
	if (len)
		memset(folio_address_host(folio) + start, 0, len);
}

/* ---- adding and removing ----------------------------------------------------- */

static void trace_filemap(const char *event, struct folio *folio,
			  struct address_space *mapping)
{
	struct machine *m = current_machine();
	dev_t dev = mapping->host->i_sb->s_dev;
	char sdev[24];

	if (!m->trace.nr_sinks)
		return;
	snprintf(sdev, sizeof(sdev), "%u:%u", MAJOR(dev), MINOR(dev));
	trace_event(m, event, TF_X("pfn", page_to_pfn(&folio->page)),
		    TF_X("i_ino", mapping->host->i_ino),
		    TF_U("index", folio_index(folio)), TF_S("s_dev", sdev));
}

static bool mapping_shmem(const struct address_space *mapping)
{
	return mapping->host->i_sb->s_shmem;
}

/**
 * filemap_alloc_folio - a new folio for the page cache
 * @gfp: allocation flags (the mapping's: GFP_HIGHUSER_MOVABLE)
 * @order: 0 (SIM: no large folios)
 *
 * Return: the folio with one reference, or NULL.
 */
struct folio *filemap_alloc_folio(gfp_t gfp, unsigned int order)
{
	struct page *page = order ? NULL : alloc_pages(gfp, 0);

	return page ? page_folio(page) : NULL;
}

/**
 * filemap_add_folio - insert a new folio into the page cache, locked
 * @mapping: the file's address_space
 * @folio: a folio the caller allocated (its reference stays the caller's)
 * @index: page offset in the file
 * @gfp: for XArray nodes
 *
 * The folio comes back locked, with the cache's reference added, on the
 * LRU (inactive; unevictable for ramfs; anon lists for tmpfs).
 *
 * Return: 0, -EEXIST when @index is taken, -ENOMEM.
 */
int filemap_add_folio(struct address_space *mapping, struct folio *folio,
		      pgoff_t index, gfp_t gfp)
{
	struct page *page = &folio->page;
	void *old;
	int err;

	folio_lock(folio);
	folio_get(folio);
	page->mapping = mapping;
	page->index = index;
	if (mapping_shmem(mapping))
		folio_set_swapbacked(folio);
	if (mapping->flags & (1UL << AS_UNEVICTABLE))
		folio_set_unevictable(folio);
	old = xa_cmpxchg(&mapping->i_pages, index, NULL, folio, gfp);
	err = xa_is_err(old) ? xa_err(old) : old ? -EEXIST : 0;
	if (err) {
		page->mapping = NULL;
		page->index = 0;
		folio->page.flags &= ~(1UL << PG_swapbacked |
				       1UL << PG_unevictable);
		folio_unlock(folio);
		page_ref_dec_and_test(page);
		return err;
	}
	mapping->nrpages++;
	__mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_FILE_PAGES, 1);
	if (mapping_shmem(mapping))
		__mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_SHMEM, 1);
	trace_filemap("mm_filemap_add_to_page_cache", folio, mapping);
	lru_cache_add(folio);
	return 0;
}

/**
 * __filemap_remove_folio - take a folio out of i_pages and the counters
 * @folio: a folio of the cache, not under writeback
 * @shadow: workingset shadow entry to leave behind (SIM: always NULL)
 *
 * A dirty folio of a writeback-capable mapping stops counting as dirty
 * (filemap_unaccount_folio()). The cache's reference is not dropped here.
 */
void __filemap_remove_folio(struct folio *folio, void *shadow)
{
	struct address_space *mapping = folio_mapping(folio);
	struct page *page = &folio->page;
	pg_data_t *pgdat = NODE_DATA(page_to_nid(page));

	(void)shadow;
	trace_filemap("mm_filemap_delete_from_page_cache", folio, mapping);
	if (folio_test_dirty(folio) && mapping_can_writeback(mapping))
		folio_account_cleaned(folio);
	folio_clear_dirty(folio);
	xa_erase(&mapping->i_pages, folio_index(folio));
	mapping->nrpages--;
	__mod_node_page_state(pgdat, NR_FILE_PAGES, -1);
	if (mapping_shmem(mapping))
		__mod_node_page_state(pgdat, NR_SHMEM, -1);
	page->mapping = NULL;
}

/**
 * filemap_remove_folio - remove a folio from the page cache and free it
 * @folio: a locked folio of the cache, clean or dirty, not under writeback
 *
 * Drops the cache's reference: the folio is freed unless somebody else
 * still holds it.
 */
void filemap_remove_folio(struct folio *folio)
{
	__filemap_remove_folio(folio, NULL);
	lruvec_del_folio(folio);
	folio->page.flags &= ~(1UL << PG_uptodate | 1UL << PG_referenced |
			       1UL << PG_readahead | 1UL << PG_swapbacked |
			       1UL << PG_unevictable | 1UL << PG_active);
	folio_unlock(folio);
	folio_put(folio);
}

/**
 * delete_from_page_cache - the page-based name of filemap_remove_folio()
 * @page: a locked page of the cache
 */
void delete_from_page_cache(struct page *page)
{
	filemap_remove_folio(page_folio(page));
}

/**
 * __filemap_get_folio - find, and with FGP_CREAT make, a folio of a file
 * @mapping: the file's page cache
 * @index: page offset
 * @fgp_flags: FGP_LOCK, FGP_ACCESSED, FGP_CREAT, FGP_WRITE...
 * @gfp: allocation flags for a new folio (0: the mapping's)
 *
 * Return: the folio with a reference (locked with FGP_LOCK), or NULL when
 * absent without FGP_CREAT or out of memory with it.
 */
struct folio *__filemap_get_folio(struct address_space *mapping,
				  pgoff_t index, unsigned int fgp_flags,
				  gfp_t gfp)
{
	struct folio *folio = xa_load(&mapping->i_pages, index);

	if (folio) {
		folio_get(folio);
		if (fgp_flags & FGP_LOCK)
			folio_lock(folio);
		if (fgp_flags & FGP_ACCESSED)
			folio_mark_accessed(folio);
		/* FGP_STABLE: wait for writeback (SIM: completes it). */
		if ((fgp_flags & FGP_STABLE) && folio_test_writeback(folio))
			folio_wait_writeback(folio);
		return folio;
	}
	if (!(fgp_flags & FGP_CREAT))
		return NULL;
	folio = filemap_alloc_folio(gfp ? gfp : mapping->gfp_mask, 0);
	if (!folio)
		return NULL;
	if (fgp_flags & FGP_ACCESSED)
		folio_set_referenced(folio);
	if (filemap_add_folio(mapping, folio, index, mapping->gfp_mask)) {
		folio_put(folio);
		return NULL;
	}
	if (!(fgp_flags & FGP_LOCK))
		folio_unlock(folio);
	return folio;
}

/**
 * page_cache_next_miss - the first index at or after @index not cached
 * @mapping: the page cache
 * @index: where to start
 * @max_scan: how many indices to look at
 *
 * Return: that index, or @index + @max_scan when all are cached.
 */
pgoff_t page_cache_next_miss(struct address_space *mapping, pgoff_t index,
			     unsigned long max_scan)
{
	while (max_scan--) {
		if (!xa_load(&mapping->i_pages, index))
			break;
		index++;
		if (index == 0)
			break;
	}
	return index;
}

/* ---- read ------------------------------------------------------------------ */

/* filemap_read_folio(): ->read_folio and "wait" (I/O is synchronous). */
static int filemap_read_folio(struct file *file, struct folio *folio)
{
	struct address_space *mapping = folio_mapping(folio);
	int err;

	err = mapping->a_ops->read_folio(file, folio);
	if (err)
		return err;
	return folio_test_uptodate(folio) ? 0 : -EIO;
}

/* filemap_create_folio(): one folio read without readahead. */
static struct folio *filemap_create_folio(struct file *file,
					  struct address_space *mapping,
					  pgoff_t index, int *err)
{
	struct folio *folio = filemap_alloc_folio(mapping->gfp_mask, 0);

	*err = -ENOMEM;
	if (!folio)
		return NULL;
	*err = filemap_add_folio(mapping, folio, index, mapping->gfp_mask);
	if (*err) {
		folio_put(folio);
		return NULL;
	}
	*err = filemap_read_folio(file, folio);
	if (*err) {
		folio_put(folio);
		return NULL;
	}
	return folio;
}

/*
 * filemap_get_pages() for one folio: look it up, start synchronous
 * readahead on a miss and asynchronous readahead on a PG_readahead marker,
 * read it if it is not uptodate.
 */
static struct folio *filemap_get_page(struct file *file, pgoff_t index,
				      pgoff_t last_index, int *err)
{
	struct address_space *mapping = file->f_mapping;
	struct readahead_control ractl = {
		.file = file, .mapping = mapping, .ra = &file->f_ra,
		._index = index,
	};
	struct folio *folio = filemap_get_folio(mapping, index);

	*err = 0;
	if (!folio) {
		page_cache_sync_ra(&ractl, last_index - index);
		folio = filemap_get_folio(mapping, index);
		if (!folio)
			return filemap_create_folio(file, mapping, index, err);
	}
	if (folio_test_readahead(folio)) {
		ractl._index = index;
		page_cache_async_ra(&ractl, folio, last_index - index);
	}
	if (!folio_test_uptodate(folio)) {
		folio_lock(folio);
		*err = filemap_read_folio(file, folio);
		if (*err) {
			folio_put(folio);
			return NULL;
		}
	}
	return folio;
}

/*
 * filemap_read(): the read loop, into an iov_iter. Stops at i_size: a
 * read at or past the end returns 0, one across it is short. Holes read
 * as zeroes (->read_folio fills them). Each folio is marked accessed,
 * except the one the previous read ended in, so reading a page in small
 * pieces does not activate it. A bad user address ends the read: -EFAULT
 * if nothing was copied, else the bytes before it.
 */
static ssize_t filemap_read_iter(struct file *file, struct iov_iter *iter,
				 loff_t *ppos)
{
	struct inode *inode = file->f_mapping->host;
	struct file_ra_state *ra = &file->f_ra;
	loff_t pos = *ppos, last_pos = ra->prev_pos;
	size_t count = iov_iter_count(iter);
	pgoff_t last_index;
	size_t done = 0;
	int err = 0;

	if (!count || pos >= inode->i_sb->s_maxbytes)
		return 0;
	if ((u64)count > (u64)(inode->i_sb->s_maxbytes - pos))
		count = (size_t)(inode->i_sb->s_maxbytes - pos);
	last_index = (pgoff_t)((pos + (loff_t)count + PAGE_SIZE - 1) >>
			       PAGE_SHIFT);
	while (done < count) {
		pgoff_t index = (pgoff_t)(pos >> PAGE_SHIFT);
		size_t off = (size_t)(pos & (PAGE_SIZE - 1));
		loff_t isize = i_size_read(inode);
		struct folio *folio;
		size_t nr, copied;

		if (pos >= isize)
			break;
		folio = filemap_get_page(file, index, last_index, &err);
		if (!folio)
			break;
		isize = i_size_read(inode);
		nr = PAGE_SIZE - off;
		if ((loff_t)nr > isize - pos)
			nr = (size_t)(isize - pos);
		if (nr > count - done)
			nr = count - done;
		if (last_pos < 0 || (last_pos - 1) >> PAGE_SHIFT !=
				    (loff_t)index || done)
			folio_mark_accessed(folio);
		copied = copy_folio_to_iter(folio, off, nr, iter);
		folio_put(folio);
		done += copied;
		pos += (loff_t)copied;
		if (copied < nr) {
			err = -EFAULT;
			break;
		}
	}
	ra->prev_pos = pos;
	*ppos = pos;
	return done ? (ssize_t)done : err;
}

/**
 * generic_file_read_iter - ->read_iter of a page-cache file
 * @iocb: the file and the position, advanced
 * @iter: the destination (a task's buffer for read(2))
 *
 * Return: bytes read, or a negative errno when nothing was read.
 */
ssize_t generic_file_read_iter(struct kiocb *iocb, struct iov_iter *iter)
{
	return filemap_read_iter(iocb->ki_filp, iter, &iocb->ki_pos);
}

/**
 * filemap_read - read from a file through its page cache into the host
 * @file: the open file
 * @buf: host destination
 * @count: bytes wanted
 * @ppos: file position, advanced
 *
 * The kernel_read() path: filemap_read_iter() into a kvec.
 *
 * Return: bytes read, or a negative errno when nothing was read.
 */
ssize_t filemap_read(struct file *file, char *buf, size_t count, loff_t *ppos)
{
	struct kvec kvec = { .iov_base = buf, .iov_len = count };
	struct iov_iter iter;

	iov_iter_kvec(&iter, ITER_DEST, &kvec, 1, count);
	return filemap_read_iter(file, &iter, ppos);
}

/* ---- write ------------------------------------------------------------------ */

/**
 * generic_perform_write - copy into the page cache through write_begin/end
 * @iocb: the file and the offset (not advanced here)
 * @i: the source: a host buffer (kernel_write) or a task's (write(2))
 *
 * One folio at a time: the source bytes are faulted in first (a user
 * buffer, before the folio is locked, as Linux does to avoid deadlocking
 * on a page of the same file); ->write_begin finds or creates the folio
 * (a partial write to a page not uptodate reads it first, or zeroes it),
 * the bytes are copied, ->write_end marks it dirty and moves i_size; then
 * the writer may be throttled (balance_dirty_pages_ratelimited()). A bad
 * user address ends the write: the bytes before it count (a short
 * write), or -EFAULT when there are none.
 *
 * SIM: the chunk is cut to the bytes that could be faulted in, so the
 * copy into the folio is never short and ->write_end never sees
 * copied < len (Linux retries a short atomic copy instead).
 *
 * Return: bytes written, or a negative errno when none were.
 */
ssize_t generic_perform_write(struct kiocb *iocb, struct iov_iter *i)
{
	struct file *file = iocb->ki_filp;
	struct address_space *mapping = file->f_mapping;
	const struct address_space_operations *a_ops = mapping->a_ops;
	loff_t pos = iocb->ki_pos;
	size_t written = 0;
	int status = 0;

	while (iov_iter_count(i)) {
		size_t offset = (size_t)(pos & (PAGE_SIZE - 1));
		size_t bytes = PAGE_SIZE - offset, copied;
		struct folio *folio;
		void *fsdata = NULL;

		if (bytes > iov_iter_count(i))
			bytes = iov_iter_count(i);
		bytes -= fault_in_iov_iter_readable(i, bytes);
		if (!bytes) {
			status = -EFAULT;
			break;
		}
		status = a_ops->write_begin(file, mapping, pos,
					    (unsigned int)bytes, &folio,
					    &fsdata);
		if (status)
			break;
		copied = copy_folio_from_iter_atomic(folio, offset, bytes, i);
		status = a_ops->write_end(file, mapping, pos,
					  (unsigned int)bytes,
					  (unsigned int)copied, folio, fsdata);
		if (status < 0)
			break;
		written += (size_t)status;
		pos += status;
		status = 0;
		balance_dirty_pages_ratelimited(mapping);
		if (copied < bytes) {
			status = -EFAULT;
			break;
		}
	}
	return written ? (ssize_t)written : status;
}

/**
 * generic_file_write_iter - ->write_iter of a page-cache filesystem
 * @iocb: the file and the position, advanced by what was written
 * @from: the source
 *
 * generic_write_checks() (O_APPEND: the write starts at i_size; nothing
 * at or past s_maxbytes, -EFBIG; a write across it is cut), then
 * generic_perform_write() under i_rwsem; the mtime moves.
 *
 * Return: bytes written, or a negative errno when none were.
 */
ssize_t generic_file_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct inode *inode = iocb->ki_filp->f_mapping->host;
	size_t count = iov_iter_count(from);
	ssize_t ret;

	if (iocb->ki_filp->f_flags & O_APPEND)
		iocb->ki_pos = i_size_read(inode);
	if (!count)
		return 0;
	if (iocb->ki_pos >= inode->i_sb->s_maxbytes)
		return -EFBIG;
	if ((u64)count > (u64)(inode->i_sb->s_maxbytes - iocb->ki_pos))
		from->count = (size_t)(inode->i_sb->s_maxbytes - iocb->ki_pos);
	inode->i_rwsem++;
	ret = generic_perform_write(iocb, from);
	inode->i_rwsem--;
	if (ret > 0) {
		inode_set_mtime_now(inode);
		iocb->ki_pos += ret;
	}
	return ret;
}

/**
 * generic_file_write - ->write of a page-cache filesystem
 * @file: the open file
 * @buf: host source
 * @count: bytes
 * @ppos: file position (O_APPEND: moved to i_size first), advanced
 *
 * The kernel_write() path: generic_file_write_iter() from a kvec.
 *
 * Return: bytes written, -EFBIG beyond s_maxbytes, or another errno.
 */
ssize_t generic_file_write(struct file *file, const char *buf, size_t count,
			   loff_t *ppos)
{
	struct kvec kvec = { .iov_base = (void *)buf, .iov_len = count };
	struct kiocb kiocb = { .ki_filp = file, .ki_pos = *ppos };
	struct iov_iter iter;
	ssize_t ret;

	iov_iter_kvec(&iter, ITER_SOURCE, &kvec, 1, count);
	ret = generic_file_write_iter(&kiocb, &iter);
	if (ret > 0)
		*ppos = kiocb.ki_pos;
	return ret;
}
