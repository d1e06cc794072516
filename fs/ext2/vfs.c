// SPDX-License-Identifier: GPL-2.0
/*
 * ext2 under the VFS: the "ext2" file_system_type and the operation
 * tables Linux's fs/ext2 gives the VFS (ext2_aops in inode.c,
 * ext2_file_operations in file.c, ext2_dir_inode_operations in namei.c,
 * ext2_sops in super.c), built on the on-disk layer (include/mmsim/ext2.h).
 *
 * File data goes through the page cache: ->read_folio and ->readahead
 * map each block of a page with ext2_get_block() and read it with
 * ext2_bread() (a hole reads as zeroes); ->writepage allocates the blocks
 * of a dirty page (ext2_get_block(create)) and writes them with
 * ext2_bwrite(). Namespace operations go straight to the on-disk layer,
 * which writes directories and inodes through to the image at once.
 *
 * Each VFS inode holds one ext2_iget() reference on its ext2 inode
 * (ext2_inode_info.i_private points back); the last iput() of the VFS
 * inode drops it, and ext2_iput() frees an unlinked inode's blocks then,
 * as Linux's ext2_evict_inode() does.
 *
 * SIM: no buffer heads and no block device: a page's blocks are read and
 * written whole, synchronously, with pread/pwrite on the image (the
 * write is still shown "in flight" until the next tick through
 * submit_folio_write()). Directories are not cached in the page cache
 * (Linux's ext2 keeps them there too). Only the file size travels between
 * the VFS inode and the ext2 inode; times and owners stay the layer's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mmsim/ext2.h>
#include <mmsim/machine.h>
#include <mmsim/page_alloc.h>
#include <mmsim/pagemap.h>
#include <mmsim/uio.h>

/* The last mount failure's message, for the caller of do_mount(). */
static _Thread_local char ext2_mount_error[256];

static struct ext2_sb *EXT2_SB(const struct super_block *sb)
{
	return sb->s_fs_info;
}

static struct ext2_inode_info *EXT2_I(const struct inode *inode)
{
	return inode->i_private;
}

/* pgpgin/pgpgout count KiB, as Linux's (sectors / 2). */
static void count_pgpg(enum vm_event_item item, unsigned long bytes)
{
	struct page_alloc_state *pa = pa_state();

	if (pa)
		pa->events[item] += bytes / 1024;
}

static void ext2_inode_io_error(struct inode *inode, const char *what,
				int err)
{
	pr_err("EXT2-fs: inode %lu: %s failed (%d)\n", inode->i_ino, what,
	       err);
}

/*
 * Fill @folio from disk: each block mapped by ext2_get_block(), holes and
 * blocks past EOF zeroed. The block-by-block part of Linux's
 * mpage_read_folio() / block_read_full_folio().
 */
static int ext2_read_blocks(struct inode *inode, struct folio *folio)
{
	struct ext2_sb *esb = EXT2_SB(inode->i_sb);
	unsigned long bs = esb->s_blocksize;
	loff_t isize = i_size_read(inode);
	loff_t pos = folio_pos(folio);
	unsigned long read = 0;
	u8 *buf = malloc(bs);
	int err = 0;

	if (!buf)
		return -ENOMEM;
	for (size_t off = 0; off < PAGE_SIZE; off += bs) {
		u32 phys = 0;

		if (pos + (loff_t)off < isize) {
			err = ext2_get_block(esb, EXT2_I(inode),
					     (u64)(pos + (loff_t)off) /
						     bs, false, &phys);
			if (err)
				break;
		}
		if (!phys) {
			folio_zero_range(folio, off, bs);
			continue;
		}
		err = ext2_bread(esb, phys, buf);
		if (err)
			break;
		memcpy_to_folio(folio, off, buf, bs);
		read += bs;
	}
	free(buf);
	count_pgpg(PGPGIN, read);
	if (err)
		ext2_inode_io_error(inode, "read", err);
	return err;
}

/* ext2_read_folio(): mpage_read_folio(folio, ext2_get_block). */
static int ext2_read_folio(struct file *file, struct folio *folio)
{
	int err = ext2_read_blocks(folio_mapping(folio)->host, folio);

	(void)file;
	if (!err)
		folio_set_uptodate(folio);
	folio_unlock(folio);
	return err;
}

/* ext2_readahead(): mpage_readahead(); one pass over the batch. */
static void ext2_readahead(struct readahead_control *rac)
{
	struct folio *folio;

	while ((folio = readahead_folio(rac)))
		ext2_read_folio(rac->file, folio);
}

/* Push the VFS size into the ext2 inode and write the inode. */
static int ext2_sync_size(struct inode *inode)
{
	struct ext2_inode_info *ei = EXT2_I(inode);

	if (!S_ISREG(inode->i_mode) || ei->i_size == (u64)inode->i_size)
		return 0;
	ei->i_size = (u64)inode->i_size;
	return ext2_write_inode(ei);
}

/*
 * ext2_writepage(): block_write_full_folio(folio, ext2_get_block): the
 * blocks of the page inside i_size are allocated if need be and written;
 * a page wholly past EOF (a racing truncate) is dropped clean.
 */
static int ext2_writepage(struct page *page, struct writeback_control *wbc)
{
	struct folio *folio = page_folio(page);
	struct inode *inode = folio_mapping(folio)->host;
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct ext2_sb *esb = EXT2_SB(inode->i_sb);
	unsigned long bs = esb->s_blocksize;
	loff_t isize = i_size_read(inode);
	loff_t pos = folio_pos(folio);
	unsigned long written = 0;
	u8 *buf;
	int err = 0;

	(void)wbc;
	if (pos >= isize) {
		xa_clear_mark(&inode->i_mapping->i_pages, folio_index(folio),
			      PAGECACHE_TAG_DIRTY);
		xa_clear_mark(&inode->i_mapping->i_pages, folio_index(folio),
			      PAGECACHE_TAG_TOWRITE);
		folio_unlock(folio);
		return 0;
	}
	buf = malloc(bs);
	if (!buf) {
		err = -ENOMEM;
		goto redirty;
	}
	/* The size first: e2fsck wants no block past i_size. */
	err = ext2_sync_size(inode);
	if (err)
		goto redirty;
	folio_start_writeback(folio);
	for (size_t off = 0; off < PAGE_SIZE && pos + (loff_t)off < isize;
	     off += bs) {
		u32 phys;

		err = ext2_get_block(esb, ei, (u64)(pos + (loff_t)off) / bs,
				     true, &phys);
		if (err)
			break;
		memcpy_from_folio(buf, folio, off, bs);
		err = ext2_bwrite(esb, phys, buf);
		if (err)
			break;
		written += bs;
	}
	free(buf);
	inode->i_blocks = ei->i_blocks;
	count_pgpg(PGPGOUT, written);
	submit_folio_write(folio);
	if (err) {
		mapping_set_error(inode->i_mapping, err);	/* for fsync() */
		ext2_inode_io_error(inode, "write", err);
	}
	folio_unlock(folio);
	return err;
redirty:
	free(buf);
	folio_mark_dirty(folio);
	folio_unlock(folio);
	return err;
}

/*
 * ext2_writepages(): mpage_writepages(mapping, wbc, ext2_get_block). The
 * dirty pages are walked in index order (write_cache_pages); the blocks
 * of each are mapped with ext2_get_blocks(), which allocates a whole run
 * of holes at once (the dirty pages that follow, up to the end of the
 * indirect block), and the mapping is reused for the pages it covers, as
 * mpage's map_bh is; contiguous disk blocks collect in one "bio" whose
 * segments point at the folios themselves (bio_add_folio), written with
 * a single pwritev() (ext2_bwritev) when the run breaks, the bio is full,
 * or the walk ends. The folios stay under writeback until then.
 *
 * SIM: the bio's write is synchronous, at the latest when writepages
 * returns; each folio is still shown in flight until the next tick
 * (submit_folio_write).
 */
#define EXT2_BIO_BYTES	(1UL << 20)	/* BIO_MAX_VECS (256) pages */

struct ext2_mpage_data {
	/* the bio: its segments point into the folios under writeback */
	struct ext2_bvec vec[EXT2_BIO_MAX_VECS];
	int nr_vecs;
	u32 bio_first;		/* its first disk block */
	unsigned long bio_blocks;
	/* map_bh: logical [map_iblock, + map_count) at disk map_phys... */
	u64 map_iblock;
	u32 map_phys;
	unsigned long map_count;
};

/* mpage_bio_submit_write(): write the run collected so far. */
static int ext2_mpage_submit(struct inode *inode, struct ext2_mpage_data *mpd)
{
	struct ext2_sb *esb = EXT2_SB(inode->i_sb);
	int err;

	if (!mpd->bio_blocks)
		return 0;
	err = ext2_bwritev(esb, mpd->bio_first, mpd->bio_blocks, mpd->vec,
			   mpd->nr_vecs);
	if (!err)
		count_pgpg(PGPGOUT, mpd->bio_blocks * esb->s_blocksize);
	mpd->bio_blocks = 0;
	mpd->nr_vecs = 0;
	if (err) {
		/* mapping_set_error(): fsync() reports it. */
		inode->i_mapping->wb_err = err;
		inode->i_mapping->flags |= 1UL << AS_EIO;
		ext2_inode_io_error(inode, "write", err);
	}
	return err;
}

/*
 * How many blocks from @iblock (in the page at @index) this writeback
 * will write: those of the page and of the dirty pages right after it
 * inside i_size (and @wbc's range and budget), so that one allocation
 * covers them. A page under writeback is skipped by WB_SYNC_NONE, so the
 * run stops there.
 */
static unsigned long ext2_dirty_run(struct address_space *mapping,
				    struct writeback_control *wbc,
				    pgoff_t index, u64 iblock,
				    unsigned long bs, loff_t isize)
{
	xa_mark_t tag = wbc->sync_mode == WB_SYNC_ALL ? PAGECACHE_TAG_TOWRITE :
							PAGECACHE_TAG_DIRTY;
	pgoff_t last = (pgoff_t)((isize - 1) >> PAGE_SHIFT);
	unsigned long pages = 1, limit = EXT2_BIO_BYTES / PAGE_SIZE * 4;
	u64 end;

	if (!wbc->range_cyclic &&
	    (pgoff_t)(wbc->range_end >> PAGE_SHIFT) < last)
		last = (pgoff_t)(wbc->range_end >> PAGE_SHIFT);
	if (wbc->sync_mode == WB_SYNC_NONE && wbc->nr_to_write < (long)limit)
		limit = wbc->nr_to_write > 1 ? (unsigned long)wbc->nr_to_write : 1;
	while (pages < limit && index + pages <= last &&
	       xa_get_mark(&mapping->i_pages, index + pages, tag) &&
	       !(wbc->sync_mode == WB_SYNC_NONE &&
		 xa_get_mark(&mapping->i_pages, index + pages,
			     PAGECACHE_TAG_WRITEBACK)))
		pages++;
	end = ((u64)(index + pages) << PAGE_SHIFT) / bs;
	if (end > ((u64)isize + bs - 1) / bs)
		end = ((u64)isize + bs - 1) / bs;
	return end > iblock ? (unsigned long)(end - iblock) : 1;
}

/* __mpage_writepage(): one locked folio, cleared for I/O, into the bio. */
static int ext2_mpage_writepage(struct folio *folio,
				struct writeback_control *wbc, void *data)
{
	struct ext2_mpage_data *mpd = data;
	struct address_space *mapping = folio_mapping(folio);
	struct inode *inode = mapping->host;
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct ext2_sb *esb = EXT2_SB(inode->i_sb);
	unsigned long bs = esb->s_blocksize;
	loff_t isize = i_size_read(inode);
	loff_t pos = folio_pos(folio);
	int err;

	if (pos >= isize) {
		/* Wholly past EOF (a racing truncate): dropped clean. */
		xa_clear_mark(&mapping->i_pages, folio_index(folio),
			      PAGECACHE_TAG_DIRTY);
		xa_clear_mark(&mapping->i_pages, folio_index(folio),
			      PAGECACHE_TAG_TOWRITE);
		folio_unlock(folio);
		return 0;
	}
	/* The size first: e2fsck wants no block past i_size. */
	err = ext2_sync_size(inode);
	if (err) {
		folio_mark_dirty(folio);
		folio_unlock(folio);
		return err;
	}
	folio_start_writeback(folio);
	for (size_t off = 0; off < PAGE_SIZE && pos + (loff_t)off < isize;
	     off += bs) {
		u64 iblock = (u64)(pos + (loff_t)off) / bs;
		struct ext2_bvec *last;
		const u8 *src;
		bool merge;
		u32 phys;

		if (!mpd->map_count || iblock < mpd->map_iblock ||
		    iblock >= mpd->map_iblock + mpd->map_count) {
			unsigned long want = ext2_dirty_run(mapping, wbc,
							    folio_index(folio),
							    iblock, bs, isize);

			err = ext2_get_blocks(esb, ei, iblock, want, true,
					      &mpd->map_phys, &mpd->map_count);
			if (err) {
				mpd->map_count = 0;
				break;
			}
			mpd->map_iblock = iblock;
		}
		phys = mpd->map_phys + (u32)(iblock - mpd->map_iblock);
		src = folio_address_host(folio) + off;
		last = mpd->nr_vecs ? &mpd->vec[mpd->nr_vecs - 1] : NULL;
		merge = last && (const u8 *)last->base + last->len == src;
		if (mpd->bio_blocks &&
		    (phys != mpd->bio_first + mpd->bio_blocks ||
		     (mpd->bio_blocks + 1) * bs > EXT2_BIO_BYTES ||
		     (!merge && mpd->nr_vecs == EXT2_BIO_MAX_VECS))) {
			err = ext2_mpage_submit(inode, mpd);
			if (err)
				break;
			merge = false;
		}
		if (!mpd->bio_blocks)
			mpd->bio_first = phys;
		/* bio_add_folio(): the segment grows or a new one starts. */
		if (merge)
			mpd->vec[mpd->nr_vecs - 1].len += bs;
		else
			mpd->vec[mpd->nr_vecs++] = (struct ext2_bvec){ src, bs };
		mpd->bio_blocks++;
	}
	inode->i_blocks = ei->i_blocks;
	submit_folio_write(folio);
	if (err) {
		mapping_set_error(inode->i_mapping, err);	/* for fsync() */
		ext2_inode_io_error(inode, "write", err);
	}
	folio_unlock(folio);
	return err;
}

static int ext2_writepages(struct address_space *mapping,
			   struct writeback_control *wbc)
{
	struct ext2_mpage_data *mpd = calloc(1, sizeof(*mpd));
	int ret, err;

	if (!mpd)
		return generic_writepages(mapping, wbc);
	ret = write_cache_pages(mapping, wbc, ext2_mpage_writepage, mpd);
	err = ext2_mpage_submit(mapping->host, mpd);
	free(mpd);
	return ret ? ret : err;
}

/* ext2_write_begin(): block_write_begin(); a partial write reads first. */
static int ext2_write_begin(struct file *file, struct address_space *mapping,
			    loff_t pos, unsigned int len,
			    struct folio **foliop, void **fsdata)
{
	struct folio *folio;
	int err = 0;

	(void)file;
	(void)fsdata;
	folio = __filemap_get_folio(mapping, (pgoff_t)(pos >> PAGE_SHIFT),
				    FGP_WRITEBEGIN, mapping->gfp_mask);
	if (!folio)
		return -ENOMEM;
	if (!folio_test_uptodate(folio) && len != PAGE_SIZE) {
		if (folio_pos(folio) < i_size_read(mapping->host))
			err = ext2_read_blocks(mapping->host, folio);
		else
			folio_zero_range(folio, 0, PAGE_SIZE);
		if (err) {
			folio_unlock(folio);
			folio_put(folio);
			return err;
		}
		folio_set_uptodate(folio);
	}
	*foliop = folio;
	return 0;
}

/* ext2_bmap(): generic_block_bmap(); 0 for a hole. */
static u64 ext2_bmap(struct address_space *mapping, u64 block)
{
	struct inode *inode = mapping->host;
	u32 phys = 0;

	if (ext2_get_block(EXT2_SB(inode->i_sb), EXT2_I(inode), block, false,
			   &phys))
		return 0;
	return phys;
}

static const struct address_space_operations ext2_aops = {
	.read_folio	= ext2_read_folio,
	.readahead	= ext2_readahead,
	.writepage	= ext2_writepage,
	.writepages	= ext2_writepages,
	.dirty_folio	= filemap_dirty_folio,
	.write_begin	= ext2_write_begin,
	.write_end	= simple_write_end,
	.bmap		= ext2_bmap,
};

/*
 * ext2_setattr() for a size change: the page cache first
 * (truncate_setsize: pages past the size go, the last one's tail is
 * zeroed), then the blocks (ext2_setsize, Linux's ext2_setsize()).
 */
static int ext2_vfs_setattr(struct dentry *dentry, loff_t size)
{
	struct inode *inode = dentry->d_inode;
	struct ext2_inode_info *ei = EXT2_I(inode);
	int err;

	truncate_setsize(inode, size);
	err = ext2_setsize(ei, (u64)size);
	inode->i_blocks = ei->i_blocks;
	inode_set_mtime_now(inode);
	return err;
}

/*
 * ext2_fsync(): generic_file_fsync(): data, then the inode, then the
 * disk's cache (blkdev_issue_flush: ext2_issue_flush).
 */
static int ext2_vfs_fsync(struct file *file, loff_t start, loff_t end,
			  int datasync)
{
	struct inode *inode = file->f_inode;
	int err = filemap_write_and_wait_range(file->f_mapping, start, end);
	int err2 = ext2_sync_size(inode);
	int err3 = ext2_issue_flush(EXT2_SB(inode->i_sb));

	(void)datasync;
	inode->i_state &= ~I_DIRTY_INODE;
	if (!(inode->i_state & I_DIRTY))
		inode_io_list_del(inode);
	return err ? err : err2 ? err2 : err3;
}

/*
 * ext2_dir_operations' fsync (ext2_fsync): directory blocks and inodes
 * are written when they change (fs/ext2/dir.c), so what is left is the
 * disk's cache.
 */
static int ext2_vfs_dir_fsync(struct file *file, loff_t start, loff_t end,
			      int datasync)
{
	(void)start;
	(void)end;
	(void)datasync;
	return ext2_issue_flush(EXT2_SB(file->f_inode->i_sb));
}

static const struct file_operations ext2_dir_operations = {
	.fsync		= ext2_vfs_dir_fsync,
};

static const struct file_operations ext2_file_operations = {
	.read		= filemap_read,
	.read_iter	= generic_file_read_iter,
	.write		= generic_file_write,
	.write_iter	= generic_file_write_iter,
	.fsync		= ext2_vfs_fsync,
	.fadvise	= generic_fadvise,
};

static const struct inode_operations ext2_file_inode_operations = {
	.setattr	= ext2_vfs_setattr,
};

static const struct inode_operations ext2_dir_inode_operations;
static const struct inode_operations ext2_special_inode_operations;

/* Refresh what the VFS shows of @inode after the layer changed it. */
static void ext2_vfs_refresh(struct inode *inode)
{
	struct ext2_inode_info *ei = EXT2_I(inode);

	inode->i_nlink = ei->i_links_count;
	inode->i_blocks = ei->i_blocks;
	if (!S_ISREG(inode->i_mode))
		inode->i_size = (loff_t)ei->i_size;
}

/*
 * ext2_iget()'s VFS half: the VFS inode of @ei, which holds the caller's
 * ext2 reference. An ext2 inode already in core (a second hard link) gets
 * its existing VFS inode with one more reference.
 */
static struct inode *ext2_vfs_iget(struct super_block *sb,
				   struct ext2_inode_info *ei)
{
	struct inode *inode = ei->i_private;

	if (inode) {
		ext2_iput(ei);
		ihold(inode);
		return inode;
	}
	inode = new_inode(sb);
	if (!inode) {
		ext2_iput(ei);
		return NULL;
	}
	inode->i_private = ei;
	ei->i_private = inode;
	inode->i_ino = ei->i_ino;
	inode->i_mode = ei->i_mode;
	inode->i_size = (loff_t)ei->i_size;
	inode->i_mtime_ns = (u64)ei->i_mtime * 1000000000ULL;
	inode->i_ctime_ns = (u64)ei->i_ctime * 1000000000ULL;
	inode->i_mapping->a_ops = &ext2_aops;
	ext2_vfs_refresh(inode);
	if (S_ISREG(inode->i_mode)) {
		inode->i_op = &ext2_file_inode_operations;
		inode->i_fop = &ext2_file_operations;
	} else if (S_ISDIR(inode->i_mode)) {
		inode->i_op = &ext2_dir_inode_operations;
		inode->i_fop = &ext2_dir_operations;
	} else {
		/* SIM: symlinks and devices: named, not opened. */
		inode->i_op = &ext2_special_inode_operations;
	}
	return inode;
}

/* ext2_lookup(): a miss leaves @dentry negative. */
static int ext2_vfs_lookup(struct inode *dir, struct dentry *dentry)
{
	struct ext2_inode_info *ei;
	struct inode *inode;
	int err = ext2_lookup(EXT2_I(dir), dentry->d_name, &ei);

	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	inode = ext2_vfs_iget(dir->i_sb, ei);
	if (!inode)
		return -ENOMEM;
	d_instantiate(dentry, inode);
	return 0;
}

/* After ext2_create()/ext2_mkdir() made @ei (@err 0): its VFS inode. */
static int ext2_vfs_instantiate(struct inode *dir, struct dentry *dentry,
				int err, struct ext2_inode_info *ei)
{
	struct inode *inode;

	ext2_vfs_refresh(dir);
	if (err)
		return err;
	inode = ext2_vfs_iget(dir->i_sb, ei);
	if (!inode)
		return -ENOMEM;
	d_instantiate(dentry, inode);
	inode_set_mtime_now(dir);
	return 0;
}

static int ext2_vfs_create(struct inode *dir, struct dentry *dentry,
			   umode_t mode)
{
	struct ext2_inode_info *ei = NULL;
	int err = ext2_create(EXT2_I(dir), dentry->d_name,
			      (u16)((mode & 07777) | S_IFREG), &ei);

	return ext2_vfs_instantiate(dir, dentry, err, ei);
}

static int ext2_vfs_mkdir(struct inode *dir, struct dentry *dentry,
			  umode_t mode)
{
	struct ext2_inode_info *ei = NULL;
	int err = ext2_mkdir(EXT2_I(dir), dentry->d_name,
			     (u16)((mode & 07777) | S_IFDIR), &ei);

	return ext2_vfs_instantiate(dir, dentry, err, ei);
}

static int ext2_vfs_unlink(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = dentry->d_inode;
	int err = ext2_unlink(EXT2_I(dir), dentry->d_name);

	ext2_vfs_refresh(dir);
	if (err)
		return err;
	ext2_vfs_refresh(inode);
	inode_set_mtime_now(dir);
	d_delete(dentry);
	return 0;
}

static int ext2_vfs_rmdir(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = dentry->d_inode;
	int err;

	/* A cached child dentry would be left pointing at nothing. */
	if (!list_empty(&dentry->d_subdirs))
		return -ENOTEMPTY;
	err = ext2_rmdir(EXT2_I(dir), dentry->d_name);
	ext2_vfs_refresh(dir);
	if (err)
		return err;
	ext2_vfs_refresh(inode);
	inode_set_mtime_now(dir);
	d_delete(dentry);
	return 0;
}

/*
 * ext2_rename(): the on-disk layer moves the entry, rewrites a moved
 * directory's "..", and fixes the link counts; a replaced inode loses
 * its links here and its blocks when the VFS drops its last dentry
 * (d_move, then dput) and the inode is evicted. Linux's ext2 knows
 * RENAME_NOREPLACE only (the VFS checks it); RENAME_EXCHANGE is EINVAL.
 */
static int ext2_vfs_rename(struct inode *old_dir, struct dentry *old_dentry,
			   struct inode *new_dir, struct dentry *new_dentry,
			   unsigned int flags)
{
	struct inode *target = new_dentry->d_inode;
	int err;

	if (flags & ~RENAME_NOREPLACE)
		return -EINVAL;
	err = ext2_rename(EXT2_I(old_dir), old_dentry->d_name,
			  EXT2_I(new_dir), new_dentry->d_name);
	ext2_vfs_refresh(old_dir);
	ext2_vfs_refresh(new_dir);
	ext2_vfs_refresh(old_dentry->d_inode);
	if (target)
		ext2_vfs_refresh(target);
	if (err)
		return err;
	inode_set_mtime_now(old_dir);
	inode_set_mtime_now(new_dir);
	return 0;
}

static const struct inode_operations ext2_dir_inode_operations = {
	.lookup		= ext2_vfs_lookup,
	.create		= ext2_vfs_create,
	.mkdir		= ext2_vfs_mkdir,
	.unlink		= ext2_vfs_unlink,
	.rmdir		= ext2_vfs_rmdir,
	.rename		= ext2_vfs_rename,
};

/* ext2_write_inode(): the size the page cache reached. */
static int ext2_vfs_write_inode(struct inode *inode,
				struct writeback_control *wbc)
{
	(void)wbc;
	return ext2_sync_size(inode);
}

/* ext2_evict_inode(): pages go; the ext2 reference goes in destroy. */
static void ext2_vfs_evict_inode(struct inode *inode)
{
	truncate_inode_pages_final(&inode->i_data);
}

static void ext2_vfs_destroy_inode(struct inode *inode)
{
	struct ext2_inode_info *ei = EXT2_I(inode);

	if (ei) {
		ei->i_private = NULL;
		ext2_iput(ei);
	}
	free(inode);
}

/* ext2_sync_fs(): the superblock and group descriptors. */
static int ext2_vfs_sync_fs(struct super_block *sb, int wait)
{
	struct inode *inode;
	int err = 0;

	(void)wait;
	list_for_each_entry(inode, &sb->s_inodes, i_sb_list) {
		int e = ext2_sync_size(inode);

		if (e && !err)
			err = e;
	}
	if (!err)
		err = ext2_sync_fs(EXT2_SB(sb));
	return err;
}

/* ext2_put_super(): marks the image clean and closes it. */
static void ext2_vfs_put_super(struct super_block *sb)
{
	int err;

	if (!sb->s_fs_info)
		return;
	err = ext2_umount(EXT2_SB(sb));
	if (err)
		pr_err("EXT2-fs: unmount failed (%d)\n", err);
	sb->s_fs_info = NULL;
}

static const struct super_operations ext2_sops = {
	.write_inode	= ext2_vfs_write_inode,
	.evict_inode	= ext2_vfs_evict_inode,
	.destroy_inode	= ext2_vfs_destroy_inode,
	.put_super	= ext2_vfs_put_super,
	.sync_fs	= ext2_vfs_sync_fs,
};

/* ext2_fill_super(): mount the image read-write, make the root. */
static int ext2_fill_super(struct super_block *sb, const char *dev_name,
			   void *data)
{
	struct ext2_inode_info *root;
	struct ext2_sb *esb = NULL;	/* set by ext2_mount() when it succeeds */
	struct inode *inode;
	int err;

	(void)data;
	ext2_mount_error[0] = '\0';
	err = ext2_mount(dev_name, true, &esb, ext2_mount_error,
			 sizeof(ext2_mount_error));
	if (err)
		return err;
	if (esb->s_blocksize > PAGE_SIZE) {
		snprintf(ext2_mount_error, sizeof(ext2_mount_error),
			 "%s: block size %lu is larger than a page (%lu)",
			 dev_name, esb->s_blocksize, (unsigned long)PAGE_SIZE);
		ext2_umount(esb);
		return -EINVAL;
	}
	sb->s_fs_info = esb;
	sb->s_op = &ext2_sops;
	sb->s_blocksize = esb->s_blocksize;
	err = ext2_iget(esb, EXT2_ROOT_INO, &root);
	if (err) {
		snprintf(ext2_mount_error, sizeof(ext2_mount_error),
			 "%s: cannot read the root inode (%d)", dev_name, err);
		return err;	/* put_super unmounts */
	}
	inode = ext2_vfs_iget(sb, root);
	sb->s_root = inode ? d_make_root(inode) : NULL;
	if (!sb->s_root) {
		snprintf(ext2_mount_error, sizeof(ext2_mount_error),
			 "%s: out of memory", dev_name);
		return -ENOMEM;
	}
	return 0;
}

/**
 * ext2_mount_errmsg - why the last ext2 mount on this thread failed
 *
 * Return: the on-disk layer's message ("" if none).
 */
const char *ext2_mount_errmsg(void)
{
	return ext2_mount_error;
}

struct file_system_type ext2_fs_type = {
	.name		= "ext2",
	.fill_super	= ext2_fill_super,
};
