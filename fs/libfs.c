// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers for memory filesystems, as fs/libfs.c: lookups that find
 * nothing beyond the dcache, pages that start as zeroes, writes that
 * only dirty the page cache.
 */
#include <stdio.h>
#include <mmsim/machine.h>
#include <mmsim/pagemap.h>

/**
 * simple_lookup - ->lookup of a filesystem that lives in the dcache
 * @dir: the directory
 * @dentry: left negative: whatever exists is already in the dcache
 *
 * Return: 0.
 */
int simple_lookup(struct inode *dir, struct dentry *dentry)
{
	(void)dir;
	(void)dentry;
	return 0;
}

/**
 * simple_read_folio - ->read_folio of a memory filesystem: a hole is zeroes
 * @file: unused
 * @folio: a locked folio not yet uptodate
 *
 * Return: 0; the folio is uptodate and unlocked.
 */
int simple_read_folio(struct file *file, struct folio *folio)
{
	(void)file;
	folio_zero_range(folio, 0, PAGE_SIZE);
	folio_set_uptodate(folio);
	folio_unlock(folio);
	return 0;
}

/**
 * simple_write_begin - ->write_begin: the folio at @pos, locked
 * @file: the file
 * @mapping: its page cache
 * @pos: file offset
 * @len: bytes to write within the folio
 * @foliop: receives the folio
 * @fsdata: unused
 *
 * A new folio is zeroed outside [pos, pos + len): nothing on a backing
 * store can fill it.
 *
 * Return: 0 or -ENOMEM.
 */
int simple_write_begin(struct file *file, struct address_space *mapping,
		       loff_t pos, unsigned int len, struct folio **foliop,
		       void **fsdata)
{
	struct folio *folio;
	size_t from = (size_t)(pos & (PAGE_SIZE - 1));

	(void)file;
	(void)fsdata;
	folio = __filemap_get_folio(mapping, (pgoff_t)(pos >> PAGE_SHIFT),
				    FGP_WRITEBEGIN, mapping->gfp_mask);
	if (!folio)
		return -ENOMEM;
	*foliop = folio;
	if (!folio_test_uptodate(folio) && len != PAGE_SIZE) {
		folio_zero_range(folio, 0, from);
		folio_zero_range(folio, from + len, PAGE_SIZE - from - len);
	}
	return 0;
}

/**
 * simple_write_end - ->write_end: uptodate, i_size, dirty, unlock
 * @file: the file
 * @mapping: its page cache
 * @pos: file offset of the write
 * @len: bytes asked
 * @copied: bytes copied
 * @folio: the folio from ->write_begin (its reference is dropped)
 * @fsdata: unused
 *
 * Return: @copied.
 */
int simple_write_end(struct file *file, struct address_space *mapping,
		     loff_t pos, unsigned int len, unsigned int copied,
		     struct folio *folio, void *fsdata)
{
	struct inode *inode = mapping->host;
	loff_t last_pos = pos + copied;

	(void)file;
	(void)fsdata;
	if (!folio_test_uptodate(folio)) {
		if (copied < len) {
			size_t from = (size_t)(pos & (PAGE_SIZE - 1));

			folio_zero_range(folio, from + copied, len - copied);
		}
		folio_set_uptodate(folio);
	}
	if (last_pos > inode->i_size)
		i_size_write(inode, last_pos);
	folio_mark_dirty(folio);
	folio_unlock(folio);
	folio_put(folio);
	return (int)copied;
}

/**
 * noop_dirty_folio - ->dirty_folio of a filesystem without writeback
 * @mapping: unused
 * @folio: the folio
 *
 * Sets PG_dirty only: no XArray tag, no Dirty accounting, no flusher.
 *
 * Return: true if the folio was clean.
 */
bool noop_dirty_folio(struct address_space *mapping, struct folio *folio)
{
	(void)mapping;
	return !folio_test_set_dirty(folio);
}

/**
 * noop_fsync - ->fsync with nothing to write
 * @file: unused
 * @start: unused
 * @end: unused
 * @datasync: unused
 *
 * Return: 0.
 */
int noop_fsync(struct file *file, loff_t start, loff_t end, int datasync)
{
	(void)file;
	(void)start;
	(void)end;
	(void)datasync;
	return 0;
}

/**
 * simple_setattr - change the size of a memory file
 * @dentry: the file
 * @size: new size
 *
 * Return: 0.
 */
int simple_setattr(struct dentry *dentry, loff_t size)
{
	struct inode *inode = dentry->d_inode;

	truncate_setsize(inode, size);
	inode_set_mtime_now(inode);
	return 0;
}

/**
 * simple_unlink - drop a name of a memory file
 * @dir: its directory
 * @dentry: the name
 *
 * The pages go with the inode: now, or at the last close.
 *
 * Return: 0.
 */
int simple_unlink(struct inode *dir, struct dentry *dentry)
{
	dentry->d_inode->i_nlink--;
	inode_set_mtime_now(dir);
	d_delete(dentry);
	return 0;
}

/**
 * simple_rmdir - remove an empty directory
 * @dir: its parent
 * @dentry: the directory
 *
 * Return: 0 or -ENOTEMPTY.
 */
int simple_rmdir(struct inode *dir, struct dentry *dentry)
{
	if (!list_empty(&dentry->d_subdirs))
		return -ENOTEMPTY;
	dir->i_nlink--;
	return simple_unlink(dir, dentry);
}
