// SPDX-License-Identifier: GPL-2.0
/*
 * Inode allocation: the inode bitmaps, bg_free_inodes_count and
 * bg_used_dirs_count. Mirrors Linux's fs/ext2/ialloc.c.
 *
 * SIM: directories go to the group find_group_dir() picks (Linux's
 * pre-Orlov policy, still its "oldalloc" mount option: a group with at
 * least the average number of free inodes and the most free blocks);
 * other inodes use find_group_other() as Linux: the parent's group, then a
 * quadratic hash, then a linear search.
 */
#include <stdlib.h>
#include <string.h>

#include "ext2.h"

static long find_group_dir(struct ext2_sb *sb)
{
	unsigned long avefreei = ext2_count_free_inodes(sb) / sb->s_groups_count;
	long best = -1;

	for (unsigned long g = 0; g < sb->s_groups_count; g++) {
		struct ext2_group_desc *gd = &sb->s_gd[g];

		if (!gd->bg_free_inodes_count || gd->bg_free_inodes_count < avefreei)
			continue;
		if (best < 0 || gd->bg_free_blocks_count >
				sb->s_gd[best].bg_free_blocks_count)
			best = (long)g;
	}
	return best;
}

static long find_group_other(struct ext2_sb *sb, struct ext2_inode_info *parent)
{
	unsigned long ngroups = sb->s_groups_count;
	unsigned long pgroup = parent->i_block_group, group = pgroup;

	if (sb->s_gd[group].bg_free_inodes_count &&
	    sb->s_gd[group].bg_free_blocks_count)
		return (long)group;
	/* Spread files of one directory over a few nearby groups. */
	group = (group + parent->i_ino) % ngroups;
	for (unsigned long i = 1; i < ngroups; i <<= 1) {
		group = (group + i) % ngroups;
		if (sb->s_gd[group].bg_free_inodes_count &&
		    sb->s_gd[group].bg_free_blocks_count)
			return (long)group;
	}
	group = pgroup;
	for (unsigned long i = 0; i < ngroups; i++, group = (group + 1) % ngroups)
		if (sb->s_gd[group].bg_free_inodes_count)
			return (long)group;
	return -1;
}

/**
 * ext2_new_inode - allocate an inode for a new file in @dir
 * @dir: the parent directory
 * @mode: the new inode's mode (type and permissions)
 * @out: the new inode, referenced, with i_links_count 0 (the caller sets
 *       it) and written to disk as a zeroed inode
 *
 * Return: 0, -ENOSPC (no free inode), -EROFS, -EIO, -ENOMEM.
 */
int ext2_new_inode(struct ext2_inode_info *dir, u16 mode,
		   struct ext2_inode_info **out)
{
	struct ext2_sb *sb = dir->i_sb;
	struct ext2_group_desc *gd;
	struct ext2_inode_info *inode;
	unsigned long bit, ino;
	long group;
	u8 *map;
	int ret;

	if (sb->s_rdonly)
		return -EROFS;
	group = EXT2_ISDIR(mode) ? find_group_dir(sb) : find_group_other(sb, dir);
	if (group < 0)
		return -ENOSPC;
	gd = &sb->s_gd[group];
	map = malloc(sb->s_blocksize);
	if (!map)
		return -ENOMEM;
	ret = ext2_bread(sb, gd->bg_inode_bitmap, map);
	if (ret)
		goto out;
	for (bit = 0; bit < sb->s_inodes_per_group; bit++)
		if (!(map[bit >> 3] & (1u << (bit & 7))))
			break;
	ino = group * sb->s_inodes_per_group + bit + 1;
	if (bit == sb->s_inodes_per_group || ino < sb->s_first_ino) {
		ext2_error(sb, __func__, "free inodes count %u wrong for group %ld (free bit for inode %lu)",
			   gd->bg_free_inodes_count, group, ino);
		ret = -EIO;
		goto out;
	}
	inode = calloc(1, sizeof(*inode));
	if (!inode) {
		ret = -ENOMEM;
		goto out;
	}
	map[bit >> 3] |= 1u << (bit & 7);
	ret = ext2_bwrite(sb, gd->bg_inode_bitmap, map);
	if (ret) {
		free(inode);
		goto out;
	}
	gd->bg_free_inodes_count--;
	if (EXT2_ISDIR(mode))
		gd->bg_used_dirs_count++;

	inode->i_sb = sb;
	inode->i_ino = ino;
	inode->i_count = 1;
	inode->i_mode = mode;
	inode->i_block_group = (u32)group;
	inode->i_atime = inode->i_ctime = inode->i_mtime = ext2_now();
	/* SIM: a counter stands in for Linux's random generation number. */
	inode->i_generation = ++sb->s_next_generation;
	inode->i_new = true;
	list_add(&inode->i_list, &sb->s_inodes);
	sb->s_nr_inodes++;
	ret = ext2_write_inode(inode);
	if (ret) {
		ext2_iput(inode);
		goto out;
	}
	*out = inode;
out:
	free(map);
	return ret;
}

/**
 * ext2_free_inode - give back the inode number of @inode
 * @inode: an inode whose links and blocks are gone
 *
 * Clears its bit in the inode bitmap and fixes the group's counters; a bit
 * already clear is reported with ext2_error(), as Linux does.
 */
void ext2_free_inode(struct ext2_inode_info *inode)
{
	struct ext2_sb *sb = inode->i_sb;
	unsigned long group = (inode->i_ino - 1) / sb->s_inodes_per_group;
	unsigned long bit = (inode->i_ino - 1) % sb->s_inodes_per_group;
	struct ext2_group_desc *gd = &sb->s_gd[group];
	u8 *map = malloc(sb->s_blocksize);

	if (!map || ext2_bread(sb, gd->bg_inode_bitmap, map))
		goto out;
	if (!(map[bit >> 3] & (1u << (bit & 7)))) {
		ext2_error(sb, __func__, "bit already cleared for inode %lu", inode->i_ino);
		goto out;
	}
	map[bit >> 3] &= ~(1u << (bit & 7));
	if (ext2_bwrite(sb, gd->bg_inode_bitmap, map))
		goto out;
	gd->bg_free_inodes_count++;
	if (EXT2_ISDIR(inode->i_mode) && gd->bg_used_dirs_count)
		gd->bg_used_dirs_count--;
out:
	free(map);
}
