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

/*
 * Linux's simple_dir_operations, the part mmsim has: fsync(2) of a
 * directory of ramfs, tmpfs or the memory disk succeeds with nothing to
 * do (read(2) of a directory is EISDIR before any ->read).
 */
const struct file_operations simple_dir_operations = {
	.fsync		= noop_fsync,
};

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

/* simple_rename_exchange(): only the parents' link counts change. */
static int simple_rename_exchange(struct inode *old_dir,
				  struct dentry *old_dentry,
				  struct inode *new_dir,
				  struct dentry *new_dentry)
{
	bool old_is_dir = S_ISDIR(old_dentry->d_inode->i_mode);
	bool new_is_dir = S_ISDIR(new_dentry->d_inode->i_mode);

	/* A directory's ".." moves to the other parent. */
	if (old_dir != new_dir && old_is_dir != new_is_dir) {
		if (old_is_dir) {
			old_dir->i_nlink--;
			new_dir->i_nlink++;
		} else {
			new_dir->i_nlink--;
			old_dir->i_nlink++;
		}
	}
	inode_set_mtime_now(old_dir);
	inode_set_mtime_now(new_dir);
	return 0;
}

/**
 * simple_rename - ->rename of a filesystem that lives in the dcache
 * @old_dir: the source's directory
 * @old_dentry: the source
 * @new_dir: the target's directory
 * @new_dentry: the target: positive to be replaced (or exchanged)
 * @flags: 0, RENAME_NOREPLACE (checked by the VFS) or RENAME_EXCHANGE
 *
 * Linux's simple_rename(): the names are the dentries, which the VFS
 * moves after this returns (d_move drops a replaced target, whose inode
 * goes at its last user), so only the link counts change here: a replaced
 * inode loses its name (and its "." if a directory), and a moved
 * directory's ".." leaves @old_dir for @new_dir.
 *
 * Return: 0, -EINVAL (unknown flags), -ENOTEMPTY (a target directory
 * with entries).
 */
int simple_rename(struct inode *old_dir, struct dentry *old_dentry,
		  struct inode *new_dir, struct dentry *new_dentry,
		  unsigned int flags)
{
	struct inode *target = new_dentry->d_inode;
	bool they_are_dirs = S_ISDIR(old_dentry->d_inode->i_mode);

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;
	if (flags & RENAME_EXCHANGE)
		return simple_rename_exchange(old_dir, old_dentry, new_dir,
					      new_dentry);
	/* simple_empty() */
	if (target && !list_empty(&new_dentry->d_subdirs))
		return -ENOTEMPTY;
	if (target) {
		/* simple_unlink() less d_delete(): d_move drops the name. */
		target->i_nlink--;
		if (they_are_dirs) {
			target->i_nlink--;
			old_dir->i_nlink--;
		}
	} else if (they_are_dirs) {
		old_dir->i_nlink--;
		new_dir->i_nlink++;
	}
	inode_set_mtime_now(old_dir);
	inode_set_mtime_now(new_dir);
	return 0;
}
