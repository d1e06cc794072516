// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/sys/vm/drop_caches, as fs/drop_caches.c: 1 drops the clean,
 * unused page cache of every inode (invalidate_mapping_pages), 2 the
 * unused dentries and inodes (slab reclaim), 3 both. Dirty pages stay:
 * run sync first, as the documentation says.
 */
#include <stdio.h>
#include <mmsim/machine.h>
#include <mmsim/page_alloc.h>
#include <mmsim/pagemap.h>

static void drop_pagecache_sb(struct super_block *sb)
{
	struct inode *inode;

	list_for_each_entry(inode, &sb->s_inodes, i_sb_list) {
		if (inode->i_state & (I_NEW | I_FREEING))
			continue;
		if (!inode->i_mapping->nrpages)
			continue;
		invalidate_mapping_pages(inode->i_mapping, 0, ~0UL);
	}
}

/**
 * drop_caches_sysctl - write @mode to /proc/sys/vm/drop_caches
 * @mode: 1, 2 or 3 (4, stop the message, is accepted too)
 *
 * Return: 0 or -EINVAL.
 */
int drop_caches_sysctl(int mode)
{
	struct page_alloc_state *pa = pa_state();
	struct super_block *sb;

	if (mode < 1 || mode > 4)
		return -EINVAL;
	if (mode & 1) {
		list_for_each_entry(sb, &fs_state()->supers, s_list)
			drop_pagecache_sb(sb);
		if (pa)
			pa->events[DROP_PAGECACHE]++;
	}
	if (mode & 2) {
		list_for_each_entry(sb, &fs_state()->supers, s_list)
			shrink_dcache_sb(sb);
		if (pa)
			pa->events[DROP_SLAB]++;
	}
	if (!(mode & 4))
		pr_info("%s (%d): drop_caches: %d\n",
			pa && pa->comm ? pa->comm : "mmsim", 1, mode);
	return 0;
}
