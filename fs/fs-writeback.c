// SPDX-License-Identifier: GPL-2.0
/*
 * The flusher, as fs/fs-writeback.c: inodes with dirty pages wait on the
 * b_dirty list, oldest dirtied first; wb_workfn() runs every
 * dirty_writeback_centisecs (5 s) of simulated time and writes back
 *   - everything over the background threshold (dirty_background_ratio),
 *   - inodes dirtied more than dirty_expire_centisecs (30 s) ago
 *     ("kupdate"),
 * each inode in chunks of MAX_WRITEBACK_PAGES through
 * writeback_single_inode(). sync(2) and umount use sync_inodes_sb().
 *
 * SIM: one bdi_writeback for the machine; wb_workfn() runs from
 * machine_tick() (kernel/time.c), not from a workqueue.
 */
#include <stdio.h>
#include <mmsim/machine.h>
#include <mmsim/pagemap.h>
#include <mmsim/vmstat.h>

#define MAX_WRITEBACK_PAGES	1024	/* 4 MiB per inode per round */

/**
 * inode_io_list_del - take @inode off the flusher's lists
 * @inode: the inode
 */
void inode_io_list_del(struct inode *inode)
{
	list_del_init(&inode->i_io_list);
}

static bool mapping_tagged_dirty(struct address_space *mapping)
{
	return xa_marked(&mapping->i_pages, PAGECACHE_TAG_DIRTY);
}

/**
 * writeback_single_inode - write one inode's dirty pages (and itself)
 * @inode: the inode
 * @wbc: how much and how
 *
 * Leaves b_dirty once no dirty page is left; otherwise stays queued with
 * its original dirtied_when.
 *
 * Return: 0 or an error.
 */
int writeback_single_inode(struct inode *inode, struct writeback_control *wbc)
{
	struct machine *m = current_machine();
	struct address_space *mapping = inode->i_mapping;
	long before = wbc->nr_to_write;
	pgoff_t wb_index = mapping->writeback_index;
	unsigned int dirty;
	int ret;

	ret = do_writepages(mapping, wbc);
	if (wbc->sync_mode == WB_SYNC_ALL) {
		int err = filemap_fdatawait_range(mapping, 0, MAX_LFS_FILESIZE);

		if (!ret)
			ret = err;
	}
	dirty = inode->i_state & I_DIRTY;
	inode->i_state &= ~I_DIRTY_INODE;
	if (dirty & I_DIRTY_INODE && inode->i_sb->s_op &&
	    inode->i_sb->s_op->write_inode) {
		int err = inode->i_sb->s_op->write_inode(inode, wbc);

		if (!ret)
			ret = err;
	}
	if (!mapping_tagged_dirty(mapping)) {
		inode->i_state &= ~I_DIRTY_PAGES;
		inode_io_list_del(inode);
	}
	trace_event(m, "writeback_single_inode",
		    TF_U("ino", inode->i_ino), TF_X("state", dirty),
		    TF_U("dirtied_when_ms", inode->dirtied_when / 1000000),
		    TF_U("writeback_index", wb_index),
		    TF_U("index", mapping->writeback_index),
		    TF_I("nr_to_write", before),
		    TF_I("wrote", before - wbc->nr_to_write),
		    TF_S("sync_mode", wbc->sync_mode == WB_SYNC_ALL ?
				      "WB_SYNC_ALL" : "WB_SYNC_NONE"));
	return ret;
}

static bool over_bground_thresh(void)
{
	unsigned long bg, thresh;

	dirty_limits(&bg, &thresh);
	return global_node_page_state(NR_DIRTY) > bg;
}

/**
 * writeback_inodes_wb - write back up to @nr_pages from the b_dirty list
 * @nr_pages: page budget (LONG_MAX: all)
 * @reason: WB_REASON_BACKGROUND (stop under the background threshold),
 *	WB_REASON_PERIODIC (only inodes older than dirty_expire)...
 * @for_kupdate: only expired inodes
 *
 * Return: pages written.
 */
long writeback_inodes_wb(long nr_pages, enum wb_reason reason,
			 bool for_kupdate)
{
	struct fs_state *fs = fs_state();
	u64 now = ktime_get_ns();
	u64 expire = (u64)fs->dirty_expire_centisecs * 10000000ULL;
	long wrote = 0;
	bool progress = true;

	while (nr_pages > 0 && progress && !list_empty(&fs->b_dirty)) {
		struct inode *inode, *next;

		progress = false;
		list_for_each_entry_safe(inode, next, &fs->b_dirty,
					 i_io_list) {
			struct writeback_control wbc = {
				.sync_mode = WB_SYNC_NONE,
				.range_cyclic = 1,
				.for_kupdate = for_kupdate,
				.for_background =
					reason == WB_REASON_BACKGROUND,
				.reason = reason,
			};

			if (for_kupdate && now - inode->dirtied_when < expire)
				break;	/* the list is oldest first */
			if (reason == WB_REASON_BACKGROUND && !for_kupdate &&
			    !over_bground_thresh())
				return wrote;
			wbc.nr_to_write = nr_pages < MAX_WRITEBACK_PAGES ?
					  nr_pages : MAX_WRITEBACK_PAGES;
			writeback_single_inode(inode, &wbc);
			wbc.nr_to_write = (nr_pages < MAX_WRITEBACK_PAGES ?
					   nr_pages : MAX_WRITEBACK_PAGES) -
					  wbc.nr_to_write;
			if (wbc.nr_to_write > 0)
				progress = true;
			wrote += wbc.nr_to_write;
			nr_pages -= wbc.nr_to_write;
			if (nr_pages <= 0)
				break;
		}
	}
	return wrote;
}

/**
 * wb_workfn - one run of the flusher
 *
 * Background writeback first (while over dirty_background_ratio), then
 * kupdate: once per dirty_writeback_centisecs, every inode dirtied more
 * than dirty_expire_centisecs ago.
 */
void wb_workfn(void)
{
	struct fs_state *fs = fs_state();
	u64 now = ktime_get_ns();
	u64 interval = (u64)fs->dirty_writeback_centisecs * 10000000ULL;

	if (over_bground_thresh())
		writeback_inodes_wb(LONG_MAX, WB_REASON_BACKGROUND, false);
	if (now - fs->last_old_flush >= interval) {
		fs->last_old_flush = now;
		writeback_inodes_wb(LONG_MAX, WB_REASON_PERIODIC, true);
	}
}

/**
 * sync_inodes_sb - write back and wait on every dirty inode of @sb
 * @sb: the superblock
 */
void sync_inodes_sb(struct super_block *sb)
{
	struct fs_state *fs = fs_state();
	struct inode *inode, *next;

	list_for_each_entry_safe(inode, next, &fs->b_dirty, i_io_list) {
		struct writeback_control wbc = {
			.sync_mode = WB_SYNC_ALL,
			.nr_to_write = LONG_MAX,
			.range_start = 0,
			.range_end = MAX_LFS_FILESIZE,
			.for_sync = 1,
			.reason = WB_REASON_SYNC,
		};

		if (inode->i_sb != sb)
			continue;
		writeback_single_inode(inode, &wbc);
	}
	wb_complete_inflight(NULL);
}
