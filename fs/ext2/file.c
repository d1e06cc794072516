// SPDX-License-Identifier: GPL-2.0
/*
 * File size changes and a direct byte-level read/write path.
 *
 * ext2_setsize() mirrors Linux's ext2_setsize() (fs/ext2/inode.c): the
 * tail of the new last block is zeroed (Linux: block_truncate_page()),
 * blocks past the end freed. ext2_file_read()/ext2_file_write() have no
 * Linux counterpart: SIM: Linux reads and writes files through the page
 * cache (generic_file_read_iter, ext2_write_begin); these go straight to
 * the image block by block, for tests and tools. The page cache, when it
 * sits above this layer, uses ext2_get_block() and ext2_bread/bwrite().
 */
#include <stdlib.h>
#include <string.h>

#include "ext2.h"

/* Largest size: what the triple-indirect map covers, capped at 2^32 blocks
 * of 512 bytes in i_blocks (SIM: Linux's ext2_max_size() is finer). */
static u64 max_file_size(struct ext2_sb *sb)
{
	u64 a = sb->s_addr_per_block;
	u64 blocks = EXT2_NDIR_BLOCKS + a + a * a + a * a * a;
	u64 bytes = blocks << sb->s_blocksize_bits;

	return bytes < (1ULL << 41) ? bytes : (1ULL << 41) - sb->s_blocksize;
}

/**
 * ext2_setsize - truncate or extend @inode to @size bytes
 * @inode: a regular file
 * @size: the new size
 *
 * Extending leaves a hole. Return: 0, -EINVAL (not a regular file),
 * -EFBIG, -EROFS, -EIO.
 */
int ext2_setsize(struct ext2_inode_info *inode, u64 size)
{
	struct ext2_sb *sb = inode->i_sb;
	u64 off = size & (sb->s_blocksize - 1);
	int ret;

	if (!EXT2_ISREG(inode->i_mode))
		return -EINVAL;
	if (sb->s_rdonly)
		return -EROFS;
	if (size > max_file_size(sb))
		return -EFBIG;
	if (size < inode->i_size && off) {
		u32 phys;
		u8 *buf;

		ret = ext2_get_block(sb, inode, size >> sb->s_blocksize_bits, false, &phys);
		if (ret)
			return ret;
		if (phys) {
			buf = malloc(sb->s_blocksize);
			if (!buf)
				return -ENOMEM;
			ret = ext2_bread(sb, phys, buf);
			if (!ret) {
				memset(buf + off, 0, sb->s_blocksize - off);
				ret = ext2_bwrite(sb, phys, buf);
			}
			free(buf);
			if (ret)
				return ret;
		}
	}
	inode->i_size = size;
	return ext2_truncate_blocks(inode, size);
}

/**
 * ext2_file_read - read up to @len bytes of @inode at @pos
 * @inode: the inode
 * @pos: byte offset
 * @buf: destination
 * @len: bytes wanted
 *
 * Holes read as zeros. Return: bytes read (0 at or past the end), or a
 * negative errno (-EINVAL for a fast symlink, which has no blocks).
 */
long ext2_file_read(struct ext2_inode_info *inode, u64 pos, void *buf,
		    size_t len)
{
	struct ext2_sb *sb = inode->i_sb;
	u8 *blk, *dst = buf;
	long done = 0;
	int ret = 0;

	if (ext2_inode_is_fast_symlink(inode))
		return -EINVAL;		/* i_data is text, not a block map */
	if (pos >= inode->i_size)
		return 0;
	if (len > inode->i_size - pos)
		len = (size_t)(inode->i_size - pos);
	blk = malloc(sb->s_blocksize);
	if (!blk)
		return -ENOMEM;
	while (len) {
		u64 off = pos & (sb->s_blocksize - 1);
		size_t n = sb->s_blocksize - off;
		u32 phys;

		if (n > len)
			n = len;
		ret = ext2_get_block(sb, inode, pos >> sb->s_blocksize_bits, false, &phys);
		if (ret)
			break;
		if (!phys) {
			memset(dst, 0, n);
		} else {
			ret = ext2_bread(sb, phys, blk);
			if (ret)
				break;
			memcpy(dst, blk + off, n);
		}
		dst += n;
		pos += n;
		len -= n;
		done += (long)n;
	}
	free(blk);
	return ret && !done ? ret : done;
}

/**
 * ext2_file_write - write @len bytes at @pos of @inode
 * @inode: a regular file (else -EINVAL)
 * @pos: byte offset (past the end leaves a hole)
 * @buf: source
 * @len: bytes
 *
 * Return: @len, the bytes written before an error, or a negative errno
 * (-ENOSPC, -EFBIG, -EROFS, -EIO) when nothing was written.
 */
long ext2_file_write(struct ext2_inode_info *inode, u64 pos,
		     const void *buf, size_t len)
{
	if (!EXT2_ISREG(inode->i_mode))
		return -EINVAL;
	return ext2_file_write_any(inode, pos, buf, len);
}

/**
 * ext2_file_write_any - ext2_file_write() for any inode with a block map
 * @inode: the inode (a regular file, a slow symlink's target)
 * @pos: byte offset
 * @buf: source
 * @len: bytes
 *
 * Return: as ext2_file_write().
 */
long ext2_file_write_any(struct ext2_inode_info *inode, u64 pos,
			 const void *buf, size_t len)
{
	struct ext2_sb *sb = inode->i_sb;
	const u8 *src = buf;
	long done = 0;
	u8 *blk;
	int ret = 0;

	if (sb->s_rdonly)
		return -EROFS;
	if (pos + len > max_file_size(sb) || pos + len < pos)
		return -EFBIG;
	blk = malloc(sb->s_blocksize);
	if (!blk)
		return -ENOMEM;
	while (len) {
		u64 off = pos & (sb->s_blocksize - 1);
		size_t n = sb->s_blocksize - off;
		u32 phys;

		if (n > len)
			n = len;
		ret = ext2_get_block(sb, inode, pos >> sb->s_blocksize_bits, true, &phys);
		if (ret)
			break;
		if (n < sb->s_blocksize) {
			ret = ext2_bread(sb, phys, blk);
			if (ret)
				break;
		}
		memcpy(blk + off, src, n);
		ret = ext2_bwrite(sb, phys, blk);
		if (ret)
			break;
		src += n;
		pos += n;
		len -= n;
		done += (long)n;
		if (pos > inode->i_size)
			inode->i_size = pos;
	}
	free(blk);
	if (done) {
		int err;

		inode->i_mtime = inode->i_ctime = ext2_now();
		err = ext2_write_inode(inode);
		if (err && !ret)
			ret = err;
	}
	return ret && !done ? ret : done;
}
