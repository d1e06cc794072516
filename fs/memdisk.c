// SPDX-License-Identifier: GPL-2.0
/*
 * memdisk: a filesystem on a disk that lives in host memory, to show the
 * page cache of a filesystem with a backing store: pages are read from
 * the "disk" (->read_folio, ->readahead: pgpgin), written back to it
 * (->writepage: pgpgout, Dirty, Writeback), and can be dropped when clean
 * and read again. Its namespace lives in the dcache like ramfs's.
 *
 * Each file's blocks are page-sized host buffers, allocated on first
 * write-back (a block never written reads as zeroes: a sparse file). The
 * disk is created empty at mount and discarded at unmount.
 *
 * SIM: stands in for a block filesystem until ext2 plugs in through the
 * same operation tables; there is no block device, no buffer heads and no
 * on-disk metadata (Buffers in /proc/meminfo stays 0). pgpgin/pgpgout count
 * KiB moved, as Linux's (sectors / 2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mmsim/machine.h>
#include <mmsim/page_alloc.h>
#include <mmsim/pagemap.h>
#include <mmsim/uio.h>

struct memdisk_inode {
	struct inode vfs_inode;
	u8 **blocks;		/* blocks[i]: file page i on "disk", or NULL */
	size_t nr_blocks;
	unsigned long nr_reads, nr_writes;	/* pages moved */
};

static struct memdisk_inode *MEMDISK_I(struct inode *inode)
{
	return container_of(inode, struct memdisk_inode, vfs_inode);
}

static void count_pgpg(enum vm_event_item item)
{
	struct page_alloc_state *pa = pa_state();

	if (pa)
		pa->events[item] += PAGE_SIZE / 1024;
}

/* Read block @index into @folio (zeroes for a hole). */
static void memdisk_read_block(struct inode *inode, struct folio *folio)
{
	struct memdisk_inode *mi = MEMDISK_I(inode);
	pgoff_t index = folio_index(folio);

	if (index < mi->nr_blocks && mi->blocks[index]) {
		memcpy_to_folio(folio, 0, mi->blocks[index], PAGE_SIZE);
		mi->nr_reads++;
		count_pgpg(PGPGIN);
	} else {
		folio_zero_range(folio, 0, PAGE_SIZE);
	}
}

static int memdisk_read_folio(struct file *file, struct folio *folio)
{
	(void)file;
	memdisk_read_block(folio_mapping(folio)->host, folio);
	folio_set_uptodate(folio);
	folio_unlock(folio);
	return 0;
}

/* ->readahead: the whole batch, as one "bio" would. */
static void memdisk_readahead(struct readahead_control *rac)
{
	struct folio *folio;

	while ((folio = readahead_folio(rac)))
		memdisk_read_folio(rac->file, folio);
}

static int memdisk_writepage(struct page *page, struct writeback_control *wbc)
{
	struct folio *folio = page_folio(page);
	struct inode *inode = folio_mapping(folio)->host;
	struct memdisk_inode *mi = MEMDISK_I(inode);
	pgoff_t index = folio_index(folio);
	loff_t isize = i_size_read(inode);
	size_t len = PAGE_SIZE;

	(void)wbc;
	if (folio_pos(folio) >= isize) {	/* beyond EOF: nothing to write */
		xa_clear_mark(&inode->i_mapping->i_pages, index,
			      PAGECACHE_TAG_DIRTY);
		xa_clear_mark(&inode->i_mapping->i_pages, index,
			      PAGECACHE_TAG_TOWRITE);
		folio_unlock(folio);
		return 0;
	}
	if (isize - folio_pos(folio) < (loff_t)PAGE_SIZE)
		len = (size_t)(isize - folio_pos(folio));
	if (index >= mi->nr_blocks) {
		size_t n = index + 1 > mi->nr_blocks * 2 ? index + 1 :
			   mi->nr_blocks * 2;
		u8 **b = realloc(mi->blocks, n * sizeof(*b));

		if (!b)
			goto enomem;
		memset(b + mi->nr_blocks, 0, (n - mi->nr_blocks) * sizeof(*b));
		mi->blocks = b;
		mi->nr_blocks = n;
	}
	if (!mi->blocks[index]) {
		mi->blocks[index] = calloc(1, PAGE_SIZE);
		if (!mi->blocks[index])
			goto enomem;
		inode->i_blocks += PAGE_SIZE / 512;
	}
	folio_start_writeback(folio);
	memcpy_from_folio(mi->blocks[index], folio, 0, len);
	memset(mi->blocks[index] + len, 0, PAGE_SIZE - len);
	mi->nr_writes++;
	count_pgpg(PGPGOUT);
	submit_folio_write(folio);
	folio_unlock(folio);
	return 0;
enomem:
	/* Keep the data: redirty (Linux's folio_redirty_for_writepage). */
	folio_mark_dirty(folio);
	folio_unlock(folio);
	return -ENOMEM;
}

/* block_write_begin(): a partial write to a page not uptodate reads it. */
static int memdisk_write_begin(struct file *file,
			       struct address_space *mapping, loff_t pos,
			       unsigned int len, struct folio **foliop,
			       void **fsdata)
{
	struct folio *folio;

	(void)file;
	(void)fsdata;
	folio = __filemap_get_folio(mapping, (pgoff_t)(pos >> PAGE_SHIFT),
				    FGP_WRITEBEGIN, mapping->gfp_mask);
	if (!folio)
		return -ENOMEM;
	if (!folio_test_uptodate(folio) && len != PAGE_SIZE) {
		if (folio_pos(folio) < i_size_read(mapping->host))
			memdisk_read_block(mapping->host, folio);
		else
			folio_zero_range(folio, 0, PAGE_SIZE);
		folio_set_uptodate(folio);
	}
	*foliop = folio;
	return 0;
}

static u64 memdisk_bmap(struct address_space *mapping, u64 block)
{
	struct memdisk_inode *mi = MEMDISK_I(mapping->host);

	/* SIM: the "disk address" is the file block itself, 0 for a hole. */
	return block < mi->nr_blocks && mi->blocks[block] ? block : 0;
}

static const struct address_space_operations memdisk_aops = {
	.read_folio	= memdisk_read_folio,
	.readahead	= memdisk_readahead,
	.writepage	= memdisk_writepage,
	.dirty_folio	= filemap_dirty_folio,
	.write_begin	= memdisk_write_begin,
	.write_end	= simple_write_end,
	.bmap		= memdisk_bmap,
};

/* Blocks past a new size are freed (ext2_truncate_blocks). */
static int memdisk_setattr(struct dentry *dentry, loff_t size)
{
	struct inode *inode = dentry->d_inode;
	struct memdisk_inode *mi = MEMDISK_I(inode);
	size_t first = (size_t)((size + PAGE_SIZE - 1) >> PAGE_SHIFT);

	truncate_setsize(inode, size);
	for (size_t i = first; i < mi->nr_blocks; i++) {
		if (mi->blocks[i])
			inode->i_blocks -= PAGE_SIZE / 512;
		free(mi->blocks[i]);
		mi->blocks[i] = NULL;
	}
	if (size & (PAGE_SIZE - 1) && first && first - 1 < mi->nr_blocks &&
	    mi->blocks[first - 1])
		memset(mi->blocks[first - 1] + (size & (PAGE_SIZE - 1)), 0,
		       PAGE_SIZE - (size & (PAGE_SIZE - 1)));
	inode_set_mtime_now(inode);
	mark_inode_dirty(inode);
	return 0;
}

/* generic_file_fsync(): data, then the inode unless fdatasync. */
static int memdisk_fsync(struct file *file, loff_t start, loff_t end,
			 int datasync)
{
	struct inode *inode = file->f_inode;
	int err = filemap_write_and_wait_range(file->f_mapping, start, end);

	if (!datasync || (inode->i_state & I_DIRTY_DATASYNC))
		inode->i_state &= ~I_DIRTY_INODE;
	if (!(inode->i_state & I_DIRTY))
		inode_io_list_del(inode);
	return err;
}

static const struct file_operations memdisk_file_operations = {
	.read		= filemap_read,
	.read_iter	= generic_file_read_iter,
	.write		= generic_file_write,
	.write_iter	= generic_file_write_iter,
	.fsync		= memdisk_fsync,
	.fadvise	= generic_fadvise,
};

static const struct inode_operations memdisk_file_inode_operations = {
	.setattr	= memdisk_setattr,
};

static const struct inode_operations memdisk_dir_inode_operations;

static struct inode *memdisk_get_inode(struct super_block *sb, umode_t mode)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_ino = ++sb->s_next_ino;
	inode->i_mode = mode;
	inode->i_mapping->a_ops = &memdisk_aops;
	if (S_ISDIR(mode)) {
		inode->i_op = &memdisk_dir_inode_operations;
		inode->i_fop = &simple_dir_operations;
		inode->i_nlink = 2;
	} else {
		inode->i_op = &memdisk_file_inode_operations;
		inode->i_fop = &memdisk_file_operations;
	}
	return inode;
}

static int memdisk_create(struct inode *dir, struct dentry *dentry,
			  umode_t mode)
{
	struct inode *inode = memdisk_get_inode(dir->i_sb,
						(umode_t)(mode | S_IFREG));

	if (!inode)
		return -ENOSPC;
	d_instantiate(dentry, inode);
	return 0;
}

static int memdisk_mkdir(struct inode *dir, struct dentry *dentry,
			 umode_t mode)
{
	struct inode *inode = memdisk_get_inode(dir->i_sb,
						(umode_t)(mode | S_IFDIR));

	if (!inode)
		return -ENOSPC;
	d_instantiate(dentry, inode);
	dir->i_nlink++;
	return 0;
}

static const struct inode_operations memdisk_dir_inode_operations = {
	.lookup		= simple_lookup,
	.create		= memdisk_create,
	.mkdir		= memdisk_mkdir,
	.unlink		= simple_unlink,
	.rmdir		= simple_rmdir,
	.rename		= simple_rename,
};

static struct inode *memdisk_alloc_inode(struct super_block *sb)
{
	struct memdisk_inode *mi = calloc(1, sizeof(*mi));

	(void)sb;
	return mi ? &mi->vfs_inode : NULL;
}

static void memdisk_destroy_inode(struct inode *inode)
{
	struct memdisk_inode *mi = MEMDISK_I(inode);

	for (size_t i = 0; i < mi->nr_blocks; i++)
		free(mi->blocks[i]);
	free(mi->blocks);
	free(mi);
}

static const struct super_operations memdisk_sops = {
	.alloc_inode	= memdisk_alloc_inode,
	.destroy_inode	= memdisk_destroy_inode,
};

static int memdisk_fill_super(struct super_block *sb, const char *dev_name,
			      void *data)
{
	(void)dev_name;
	(void)data;
	sb->s_op = &memdisk_sops;
	sb->s_root = d_make_root(memdisk_get_inode(sb, S_IFDIR | 0755));
	return sb->s_root ? 0 : -ENOMEM;
}

struct file_system_type memdisk_fs_type = {
	.name		= "memdisk",
	.fill_super	= memdisk_fill_super,
};
