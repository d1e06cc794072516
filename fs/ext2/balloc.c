// SPDX-License-Identifier: GPL-2.0
/*
 * Block allocation: the block bitmaps and the free-block counters of the
 * group descriptors. Mirrors Linux's fs/ext2/balloc.c.
 *
 * SIM: no reservation windows and no preallocation: ext2_new_block() takes
 * the first free block at or after the goal, in the goal's group, then in
 * the following groups (wrapping). The caller is root: the reserved blocks
 * (s_r_blocks_count) may be used. Bitmaps are read and written through on
 * each call (no buffer cache).
 */
#include <stdlib.h>
#include <string.h>

#include "ext2.h"

static inline bool test_bit_le(unsigned long nr, const u8 *map)
{
	return map[nr >> 3] & (1u << (nr & 7));
}

/* The first block of @group and the number of blocks it has. */
static u32 group_first_block(struct ext2_sb *sb, unsigned long group)
{
	return sb->s_first_data_block + group * sb->s_blocks_per_group;
}

static unsigned long group_nblocks(struct ext2_sb *sb, unsigned long group)
{
	if (group == sb->s_groups_count - 1)
		return sb->s_blocks_count - group_first_block(sb, group);
	return sb->s_blocks_per_group;
}

/**
 * ext2_data_block_valid - may @block hold file data or an indirect block?
 * @sb: the filesystem
 * @block: block number read from an inode or an indirect block
 *
 * False for blocks beyond the filesystem and for a group's metadata:
 * superblock and group descriptor copies (with the reserved GDT blocks),
 * bitmaps and inode table (Linux's ext2_data_block_valid() checks the
 * range; SIM: this also checks the metadata, which ext4's system zone does).
 */
bool ext2_data_block_valid(struct ext2_sb *sb, u32 block)
{
	unsigned long group;
	struct ext2_group_desc *gd;
	u32 off;

	if (block <= sb->s_first_data_block || block >= sb->s_blocks_count)
		return false;
	group = (block - sb->s_first_data_block) / sb->s_blocks_per_group;
	off = block - group_first_block(sb, group);
	if (ext2_bg_has_super(sb, group) && off < 1 + ext2_bg_num_gdb(sb, group))
		return false;
	gd = &sb->s_gd[group];
	if (block == gd->bg_block_bitmap || block == gd->bg_inode_bitmap)
		return false;
	return !(block >= gd->bg_inode_table &&
		 block < gd->bg_inode_table + sb->s_itb_per_group);
}

/* The first clear bit in [start, end) of @map, or @end. */
static unsigned long find_next_zero_bit_le(const u8 *map, unsigned long end,
					   unsigned long start)
{
	for (unsigned long i = start; i < end; i++) {
		if (!(i & 7) && map[i >> 3] == 0xff && i + 8 <= end) {
			i += 7;
			continue;
		}
		if (!test_bit_le(i, map))
			return i;
	}
	return end;
}

/*
 * Take up to *@count free blocks of @group, contiguous, at the first free
 * bit at or after @start (wrapping to the group's start once): Linux's
 * ext2_try_to_allocate() without a reservation window. One bitmap read
 * and one write for the run. Returns 0 with *out and *count set, -ENOSPC,
 * or -EIO.
 */
static int alloc_in_group(struct ext2_inode_info *inode, unsigned long group,
			  unsigned long start, u8 *map, u32 *out,
			  unsigned long *count)
{
	struct ext2_sb *sb = inode->i_sb;
	struct ext2_group_desc *gd = &sb->s_gd[group];
	unsigned long n = group_nblocks(sb, group), bit, got = 1;
	u32 block;
	int ret;

	ret = ext2_bread(sb, gd->bg_block_bitmap, map);
	if (ret)
		return ret;
	bit = find_next_zero_bit_le(map, n, start);
	if (bit == n)
		bit = find_next_zero_bit_le(map, start, 0);
	if (bit >= n || test_bit_le(bit, map)) {
		ext2_error(sb, __func__, "free blocks count %u wrong for group %lu: bitmap full",
			   gd->bg_free_blocks_count, group);
		return -EIO;
	}
	block = group_first_block(sb, group) + bit;
	if (!ext2_data_block_valid(sb, block)) {
		ext2_error(sb, __func__, "allocating block in system zone - block = %u", block);
		return -EIO;
	}
	map[bit >> 3] |= 1u << (bit & 7);
	/* Grow the run over the free bits that follow (data blocks only). */
	while (got < *count && got < gd->bg_free_blocks_count &&
	       bit + got < n && !test_bit_le(bit + got, map) &&
	       ext2_data_block_valid(sb, block + (u32)got)) {
		map[(bit + got) >> 3] |= 1u << ((bit + got) & 7);
		got++;
	}
	ret = ext2_bwrite(sb, gd->bg_block_bitmap, map);
	if (ret)
		return ret;
	gd->bg_free_blocks_count -= (u16)got;
	*out = block;
	*count = got;
	return 0;
}

/**
 * ext2_new_blocks - allocate up to *@count contiguous blocks near @goal
 * @inode: the inode the blocks are for (its i_blocks grows)
 * @goal: the wished first block; 0 or an invalid one means the inode's
 *        group
 * @out: the first block allocated
 * @count: in: how many are wanted (at least 1); out: how many were taken
 *
 * Linux's ext2_new_blocks(): the blocks are marked in use, their
 * contents are the caller's business. The run may be shorter than asked
 * (the next block is taken, or is metadata, or the group ends).
 *
 * Return: 0, -ENOSPC (no free block), -EROFS, -EIO, -ENOMEM.
 */
int ext2_new_blocks(struct ext2_inode_info *inode, u32 goal, u32 *out,
		    unsigned long *count)
{
	struct ext2_sb *sb = inode->i_sb;
	unsigned long group, start, want = *count ? *count : 1;
	u8 *map;
	int ret = -ENOSPC;

	if (sb->s_rdonly)
		return -EROFS;
	if (goal <= sb->s_first_data_block || goal >= sb->s_blocks_count)
		goal = group_first_block(sb, inode->i_block_group);
	group = (goal - sb->s_first_data_block) / sb->s_blocks_per_group;
	start = goal - group_first_block(sb, group);
	map = malloc(sb->s_blocksize);
	if (!map)
		return -ENOMEM;
	for (unsigned long i = 0; i < sb->s_groups_count; i++) {
		unsigned long g = (group + i) % sb->s_groups_count;

		if (!sb->s_gd[g].bg_free_blocks_count)
			continue;
		*count = want;
		ret = alloc_in_group(inode, g, i ? 0 : start, map, out, count);
		if (ret != -ENOSPC)
			break;
	}
	free(map);
	if (!ret)
		inode->i_blocks += (u32)(*count * (sb->s_blocksize >> 9));
	return ret;
}

/**
 * ext2_new_block - allocate a block for @inode near @goal
 * @inode: the inode the block is for (its i_blocks grows)
 * @goal: the wished block; 0 or an invalid one means the inode's group
 * @out: the block allocated
 *
 * ext2_new_blocks() for one block.
 *
 * Return: 0, -ENOSPC (no free block), -EROFS, -EIO.
 */
int ext2_new_block(struct ext2_inode_info *inode, u32 goal, u32 *out)
{
	unsigned long count = 1;

	return ext2_new_blocks(inode, goal, out, &count);
}

/**
 * ext2_free_blocks - give back @count blocks of @inode from @block on
 * @inode: the inode that owned them (its i_blocks shrinks)
 * @block: the first block
 * @count: how many contiguous blocks
 *
 * Linux's ext2_free_blocks(): one bitmap read and write per group the
 * run touches. A run reaching outside the data zone is reported with
 * ext2_error() and left alone, as is a block already free, as Linux does.
 */
void ext2_free_blocks(struct ext2_inode_info *inode, u32 block,
		      unsigned long count)
{
	struct ext2_sb *sb = inode->i_sb;
	u8 *map;

	for (unsigned long i = 0; i < count; i++)
		if (!ext2_data_block_valid(sb, block + (u32)i)) {
			ext2_error(sb, __func__, "freeing blocks not in datazone - block = %u, count = %lu, inode %lu",
				   block, count, inode->i_ino);
			return;
		}
	map = malloc(sb->s_blocksize);
	if (!map)
		return;
	while (count) {
		unsigned long group = (block - sb->s_first_data_block) /
				      sb->s_blocks_per_group;
		unsigned long bit = block - group_first_block(sb, group);
		unsigned long n = group_nblocks(sb, group) - bit, freed = 0;
		struct ext2_group_desc *gd = &sb->s_gd[group];

		if (n > count)
			n = count;	/* "do_more": the rest is in the next group */
		if (ext2_bread(sb, gd->bg_block_bitmap, map))
			break;
		for (unsigned long i = 0; i < n; i++) {
			if (!test_bit_le(bit + i, map)) {
				ext2_error(sb, __func__, "bit already cleared for block %u",
					   block + (u32)i);
				continue;
			}
			map[(bit + i) >> 3] &= ~(1u << ((bit + i) & 7));
			freed++;
		}
		if (ext2_bwrite(sb, gd->bg_block_bitmap, map))
			break;
		gd->bg_free_blocks_count += (u16)freed;
		freed *= sb->s_blocksize >> 9;
		inode->i_blocks = inode->i_blocks >= freed ?
				  inode->i_blocks - (u32)freed : 0;
		block += (u32)n;
		count -= n;
	}
	free(map);
}
