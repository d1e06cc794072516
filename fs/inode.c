// SPDX-License-Identifier: GPL-2.0
/*
 * In-core inodes, as fs/inode.c: allocation with an embedded
 * address_space (i_data), references (ihold/iput), eviction that empties
 * the page cache first (truncate_inode_pages_final), and marking inodes
 * dirty for the flusher (__mark_inode_dirty, fs/fs-writeback.c in Linux).
 *
 * SIM: no inode hash: a filesystem finds its inodes through its dentries
 * (ramfs, memdisk) or its own table (ext2's iget will keep one).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mmsim/gfp.h>
#include <mmsim/machine.h>
#include <mmsim/pagemap.h>

/**
 * address_space_init_once - an empty page cache
 * @mapping: the address_space to set up
 */
void address_space_init_once(struct address_space *mapping)
{
	memset(mapping, 0, sizeof(*mapping));
	/*
	 * The XArray's default node allocator (host malloc, freed through
	 * liburcu's call_rcu): i_pages is a host structure like every other
	 * XArray of mmsim. Linux's i_pages is XA_FLAGS_LOCK_IRQ |
	 * XA_FLAGS_ACCOUNT; neither changes what is stored.
	 */
	xa_init_flags(&mapping->i_pages, XA_FLAGS_LOCK_IRQ);
	mapping->i_mmap = RB_ROOT;
	mapping->gfp_mask = GFP_HIGHUSER_MOVABLE;
}

/**
 * inode_init_always - the fields every new inode starts with
 * @sb: its superblock
 * @inode: the inode
 */
void inode_init_always(struct super_block *sb, struct inode *inode)
{
	inode->i_sb = sb;
	inode->i_count = 1;
	inode->i_nlink = 1;
	address_space_init_once(&inode->i_data);
	inode->i_data.host = inode;
	inode->i_mapping = &inode->i_data;
	INIT_LIST_HEAD(&inode->i_io_list);
	inode->i_mtime_ns = inode->i_ctime_ns = ktime_get_ns();
}

/**
 * new_inode - a new inode on @sb, with one reference
 * @sb: the superblock
 *
 * Return: the inode, or NULL when out of memory.
 */
struct inode *new_inode(struct super_block *sb)
{
	struct inode *inode;

	if (sb->s_op && sb->s_op->alloc_inode)
		inode = sb->s_op->alloc_inode(sb);
	else
		inode = calloc(1, sizeof(*inode));
	if (!inode)
		return NULL;
	inode_init_always(sb, inode);
	list_add_tail(&inode->i_sb_list, &sb->s_inodes);
	return inode;
}

/**
 * ihold - take another reference to @inode
 * @inode: an inode someone already holds
 */
void ihold(struct inode *inode)
{
	inode->i_count++;
}

/* evict(): empty the page cache, let the filesystem go, free the inode. */
static void evict(struct inode *inode)
{
	const struct super_operations *op = inode->i_sb->s_op;

	inode->i_state |= I_FREEING;
	inode_io_list_del(inode);
	if (op && op->evict_inode)
		op->evict_inode(inode);
	else
		truncate_inode_pages_final(&inode->i_data);
	VM_WARN_ON_ONCE(inode->i_data.nrpages);
	xa_destroy(&inode->i_data.i_pages);
	list_del(&inode->i_sb_list);
	if (op && op->destroy_inode)
		op->destroy_inode(inode);
	else
		free(inode);
}

/**
 * iput - drop a reference; the last one evicts the inode
 * @inode: the inode, may be NULL
 *
 * SIM: Linux keeps an unreferenced inode with links in the inode cache
 * (on the LRU, freed by drop_caches 2); mmsim's filesystems pin their
 * inodes through dentries, so the last reference is the last use.
 */
void iput(struct inode *inode)
{
	if (!inode)
		return;
	if (--inode->i_count > 0)
		return;
	evict(inode);
}

/**
 * evict_inodes - evict every inode of @sb (unmount)
 * @sb: the superblock, whose dentries are gone
 */
void evict_inodes(struct super_block *sb)
{
	while (!list_empty(&sb->s_inodes)) {
		struct inode *inode = list_first_entry(&sb->s_inodes,
						       struct inode,
						       i_sb_list);

		inode->i_count = 0;
		evict(inode);
	}
}

/**
 * __mark_inode_dirty - note that @inode needs writing back
 * @inode: the inode
 * @flags: I_DIRTY_PAGES for its pages, I_DIRTY_SYNC/DATASYNC for itself
 *
 * The first dirtying stamps dirtied_when and queues the inode on the
 * flusher's b_dirty list, oldest first, which kupdate-style writeback
 * compares with dirty_expire_centisecs. Memory filesystems (no
 * writeback) are never queued, as Linux's noop_backing_dev_info.
 */
void __mark_inode_dirty(struct inode *inode, unsigned int flags)
{
	struct fs_state *fs = fs_state();
	bool was_dirty;

	if (!mapping_can_writeback(inode->i_mapping))
		return;
	if ((inode->i_state & flags) == flags)
		return;
	was_dirty = inode->i_state & I_DIRTY;
	inode->i_state |= flags;
	if (!was_dirty && !(inode->i_state & I_FREEING)) {
		inode->dirtied_when = ktime_get_ns();
		list_del_init(&inode->i_io_list);
		list_add_tail(&inode->i_io_list, &fs->b_dirty);
	}
}

/**
 * inode_set_mtime_now - stamp mtime and ctime with the simulated clock
 * @inode: the inode
 */
void inode_set_mtime_now(struct inode *inode)
{
	inode->i_mtime_ns = inode->i_ctime_ns = ktime_get_ns();
}

/**
 * generic_fillattr - stat(2)'s view of @inode
 * @inode: the inode
 * @stat: filled in
 */
void generic_fillattr(struct inode *inode, struct kstat *stat)
{
	stat->ino = inode->i_ino;
	stat->dev = inode->i_sb->s_dev;
	stat->mode = inode->i_mode;
	stat->nlink = inode->i_nlink;
	stat->size = inode->i_size;
	stat->blocks = inode->i_blocks;
	stat->blksize = inode->i_sb->s_blocksize;
	stat->mtime_ns = inode->i_mtime_ns;
}
