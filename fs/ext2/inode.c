// SPDX-License-Identifier: GPL-2.0
/*
 * Inodes: reading and writing them in the inode tables, the in-memory
 * inode list, block mapping (ext2_get_block) and truncation. Mirrors
 * Linux's fs/ext2/inode.c.
 *
 * The block map of an inode: i_data[0..11] point at data blocks,
 * i_data[12] at an indirect block of s_addr_per_block pointers,
 * i_data[13] at a double-indirect and i_data[14] at a triple-indirect
 * block. A zero pointer is a hole; reading a hole gives zeros.
 *
 *	iblock:  0 .. 11 | 12 .. 12+A-1 | .. +A^2 | .. +A^3    (A = bs / 4)
 *	path:    [i]     | [12, i]      | [13, i/A, i%A] | [14, ...]
 *
 * SIM: no inode hash, only a list of the inodes in use; inodes are written
 * through on each change rather than marked dirty.
 */
#include <stdlib.h>
#include <string.h>

#include "ext2.h"

#define EXT2_LINK_MAX	32000

/* The block holding inode @ino and the byte offset within it. */
static int inode_location(struct ext2_sb *sb, unsigned long ino, u32 *block,
			  unsigned long *offset)
{
	unsigned long group = (ino - 1) / sb->s_inodes_per_group;
	u64 off = ((ino - 1) % sb->s_inodes_per_group) * sb->s_inode_size;

	*block = sb->s_gd[group].bg_inode_table + (u32)(off >> sb->s_blocksize_bits);
	*offset = off & (sb->s_blocksize - 1);
	return 0;
}

static bool ino_valid(struct ext2_sb *sb, unsigned long ino)
{
	return (ino == EXT2_ROOT_INO || ino >= sb->s_first_ino) &&
	       ino <= sb->s_inodes_count;
}

/**
 * ext2_iget - get inode @ino of @sb
 * @sb: the filesystem
 * @ino: the inode number
 * @out: the inode, referenced: release it with ext2_iput()
 *
 * Return: 0, -EIO (a bad inode number, an unused inode, a read error: all
 * reported with ext2_error()), -ENOMEM.
 */
int ext2_iget(struct ext2_sb *sb, unsigned long ino,
	      struct ext2_inode_info **out)
{
	struct ext2_inode_info *inode;
	struct ext2_inode *raw;
	unsigned long offset;
	u32 block;
	u8 *buf;
	int ret;

	list_for_each_entry(inode, &sb->s_inodes, i_list) {
		if (inode->i_ino == ino) {
			inode->i_count++;
			*out = inode;
			return 0;
		}
	}
	if (!ino_valid(sb, ino)) {
		ext2_error(sb, __func__, "bad inode number: %lu", ino);
		return -EIO;
	}
	buf = malloc(sb->s_blocksize);
	inode = calloc(1, sizeof(*inode));
	ret = -ENOMEM;
	if (!buf || !inode)
		goto out_free;
	inode_location(sb, ino, &block, &offset);
	ret = ext2_bread(sb, block, buf);
	if (ret)
		goto out_free;
	raw = (struct ext2_inode *)(buf + offset);
	if (raw->i_links_count == 0 && (raw->i_mode == 0 || raw->i_dtime)) {
		ext2_error(sb, __func__, "deleted inode referenced: %lu", ino);
		ret = -EIO;
		goto out_free;
	}
	inode->i_sb = sb;
	inode->i_ino = ino;
	inode->i_count = 1;
	inode->i_block_group = (u32)((ino - 1) / sb->s_inodes_per_group);
	inode->i_mode = raw->i_mode;
	inode->i_uid = raw->i_uid;
	inode->i_gid = raw->i_gid;
	inode->i_links_count = raw->i_links_count;
	inode->i_size = raw->i_size;
	if (EXT2_ISREG(raw->i_mode))
		inode->i_size |= (u64)raw->i_dir_acl << 32;
	inode->i_atime = raw->i_atime;
	inode->i_ctime = raw->i_ctime;
	inode->i_mtime = raw->i_mtime;
	inode->i_dtime = raw->i_dtime;
	inode->i_blocks = raw->i_blocks;
	inode->i_flags = raw->i_flags;
	inode->i_generation = raw->i_generation;
	inode->i_file_acl = raw->i_file_acl;
	memcpy(inode->i_data, raw->i_block, sizeof(inode->i_data));
	list_add(&inode->i_list, &sb->s_inodes);
	sb->s_nr_inodes++;
	free(buf);
	*out = inode;
	return 0;

out_free:
	free(inode);
	free(buf);
	return ret;
}

/**
 * ext2_write_inode - write @inode to its slot in the inode table
 * @inode: the inode
 *
 * Fields ext2 does not keep in memory (the OS-dependent ones, the extra
 * space of large inodes) are preserved; a new inode's slot is zeroed
 * first, as Linux's ext2_write_inode() does for EXT2_STATE_NEW.
 *
 * Return: 0, -EROFS, -EIO, -ENOMEM.
 */
int ext2_write_inode(struct ext2_inode_info *inode)
{
	struct ext2_sb *sb = inode->i_sb;
	struct ext2_inode *raw;
	unsigned long offset;
	u32 block;
	u8 *buf;
	int ret;

	if (sb->s_rdonly)
		return -EROFS;
	buf = malloc(sb->s_blocksize);
	if (!buf)
		return -ENOMEM;
	inode_location(sb, inode->i_ino, &block, &offset);
	ret = ext2_bread(sb, block, buf);
	if (ret)
		goto out;
	raw = (struct ext2_inode *)(buf + offset);
	if (inode->i_new)
		memset(raw, 0, sb->s_inode_size);
	raw->i_mode = inode->i_mode;
	raw->i_uid = inode->i_uid;
	raw->i_gid = inode->i_gid;
	raw->i_links_count = inode->i_links_count;
	raw->i_size = (u32)inode->i_size;
	if (EXT2_ISREG(inode->i_mode)) {
		raw->i_dir_acl = (u32)(inode->i_size >> 32);
		/* As Linux: a file past 2 GiB turns large_file on. */
		if (inode->i_size > 0x7fffffffULL &&
		    !(sb->s_es->s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_LARGE_FILE))
			sb->s_es->s_feature_ro_compat |= EXT2_FEATURE_RO_COMPAT_LARGE_FILE;
	}
	raw->i_atime = inode->i_atime;
	raw->i_ctime = inode->i_ctime;
	raw->i_mtime = inode->i_mtime;
	raw->i_dtime = inode->i_dtime;
	raw->i_blocks = inode->i_blocks;
	raw->i_flags = inode->i_flags;
	raw->i_generation = inode->i_generation;
	raw->i_file_acl = inode->i_file_acl;
	memcpy(raw->i_block, inode->i_data, sizeof(raw->i_block));
	ret = ext2_bwrite(sb, block, buf);
	if (!ret)
		inode->i_new = false;
out:
	free(buf);
	return ret;
}

/**
 * ext2_inc_count - one more link to @inode (Linux's inode_inc_link_count)
 * @inode: the inode; the caller writes it
 */
void ext2_inc_count(struct ext2_inode_info *inode)
{
	if (inode->i_links_count < EXT2_LINK_MAX)
		inode->i_links_count++;
	inode->i_ctime = ext2_now();
}

/**
 * ext2_dec_count - one link less to @inode (Linux's inode_dec_link_count)
 * @inode: the inode; the caller writes it
 */
void ext2_dec_count(struct ext2_inode_info *inode)
{
	if (inode->i_links_count)
		inode->i_links_count--;
	inode->i_ctime = ext2_now();
}

/**
 * ext2_inode_is_fast_symlink - is @inode a symlink whose target is in i_data?
 * @inode: the inode
 *
 * Then i_data holds text, not a block map. Linux's function of that name.
 */
bool ext2_inode_is_fast_symlink(struct ext2_inode_info *inode)
{
	u32 ea_blocks = inode->i_file_acl ? inode->i_sb->s_blocksize >> 9 : 0;

	return (inode->i_mode & S_IFMT_EXT2) == S_IFLNK_EXT2 &&
	       inode->i_blocks - ea_blocks == 0;
}

/* Drop the inode's reference on its extended attribute block. */
static void release_xattr_block(struct ext2_inode_info *inode)
{
	struct ext2_sb *sb = inode->i_sb;
	u32 *hdr;

	if (!inode->i_file_acl)
		return;
	hdr = malloc(sb->s_blocksize);
	if (!hdr)
		return;
	if (!ext2_data_block_valid(sb, inode->i_file_acl)) {
		ext2_error(sb, __func__, "inode %lu: bad xattr block %u", inode->i_ino,
			   inode->i_file_acl);
	} else if (!ext2_bread(sb, inode->i_file_acl, hdr)) {
		if (hdr[0] != EXT2_XATTR_MAGIC || hdr[1] == 0) {
			ext2_error(sb, __func__, "inode %lu: bad xattr block %u",
				   inode->i_ino, inode->i_file_acl);
		} else if (hdr[1] == 1) {
			ext2_free_blocks(inode, inode->i_file_acl, 1);
		} else {
			hdr[1]--;
			ext2_bwrite(sb, inode->i_file_acl, hdr);
			inode->i_blocks -= sb->s_blocksize >> 9;
		}
	}
	inode->i_file_acl = 0;
	free(hdr);
}

/**
 * ext2_evict_inode - free an inode whose last link and reference are gone
 * @inode: the inode
 *
 * Linux's ext2_evict_inode(): dtime set, blocks and xattr block freed,
 * the inode written and its bit cleared.
 */
void ext2_evict_inode(struct ext2_inode_info *inode)
{
	if (inode->i_sb->s_rdonly)
		return;
	inode->i_dtime = ext2_now();
	inode->i_size = 0;
	if (!ext2_inode_is_fast_symlink(inode))
		ext2_truncate_blocks(inode, 0);
	release_xattr_block(inode);
	ext2_write_inode(inode);
	ext2_free_inode(inode);
}

/**
 * ext2_iput - release a reference taken by ext2_iget() or a create call
 * @inode: the inode
 *
 * The last reference to an inode without links frees it (an unlinked file
 * lives on while it is referenced, as in Linux).
 */
void ext2_iput(struct ext2_inode_info *inode)
{
	if (!inode || --inode->i_count)
		return;
	if (inode->i_links_count == 0)
		ext2_evict_inode(inode);
	list_del(&inode->i_list);
	inode->i_sb->s_nr_inodes--;
	free(inode);
}

/*
 * Linux's ext2_block_to_path(): the indexes that lead to @iblock, one per
 * level. Returns the depth (1 to 4) or 0 when @iblock is beyond the
 * triple-indirect range.
 */
static int block_to_path(struct ext2_sb *sb, u64 iblock, unsigned int offsets[4])
{
	u64 a = sb->s_addr_per_block;

	if (iblock < EXT2_NDIR_BLOCKS) {
		offsets[0] = (unsigned int)iblock;
		return 1;
	}
	iblock -= EXT2_NDIR_BLOCKS;
	if (iblock < a) {
		offsets[0] = EXT2_IND_BLOCK;
		offsets[1] = (unsigned int)iblock;
		return 2;
	}
	iblock -= a;
	if (iblock < a * a) {
		offsets[0] = EXT2_DIND_BLOCK;
		offsets[1] = (unsigned int)(iblock / a);
		offsets[2] = (unsigned int)(iblock % a);
		return 3;
	}
	iblock -= a * a;
	if (iblock < a * a * a) {
		offsets[0] = EXT2_TIND_BLOCK;
		offsets[1] = (unsigned int)(iblock / (a * a));
		offsets[2] = (unsigned int)(iblock / a % a);
		offsets[3] = (unsigned int)(iblock % a);
		return 4;
	}
	return 0;
}

/*
 * Linux's ext2_find_near(): a goal for a block to hang at slot @idx of
 * @slots (i_data or an indirect block @parent): right after the nearest
 * allocated block before it, else right after the indirect block, else
 * the start of the inode's group (SIM: without Linux's per-pid colour).
 */
static u32 find_near(struct ext2_inode_info *inode, const u32 *slots,
		     unsigned int idx, u32 parent)
{
	struct ext2_sb *sb = inode->i_sb;

	while (idx--)
		if (slots[idx])
			return slots[idx] + 1;
	if (parent)
		return parent + 1;
	return sb->s_first_data_block + inode->i_block_group * sb->s_blocks_per_group;
}

/*
 * Linux's ext2_get_blocks(): map logical block @iblock and the blocks
 * after it in the same leaf array (i_data's direct slots or one indirect
 * block), at most @maxblocks: *@count of them, mapped to the contiguous
 * disk blocks from *@phys, or (not @create) a run of holes (*@phys 0).
 * With @create a run of holes is allocated at once, contiguous when the
 * bitmap allows (ext2_new_blocks), with one write of the leaf array and
 * one of the inode; missing indirect blocks are allocated and zeroed.
 * @zero_new zeroes new data blocks on disk too (SIM: for callers that
 * may write them partly; writeback writes them whole).
 */
static int __ext2_get_blocks(struct ext2_sb *sb, struct ext2_inode_info *inode,
			     u64 iblock, unsigned long maxblocks, bool create,
			     bool zero_new, u32 *phys, unsigned long *count)
{
	unsigned int offsets[4];
	int depth = block_to_path(sb, iblock, offsets);
	u32 *bufs, *slots = inode->i_data, *slot, parent = 0;
	bool allocated = false;
	int ret = 0;

	*count = 0;
	if (!depth)
		return -EFBIG;
	if (create && sb->s_rdonly)
		return -EROFS;
	if (!maxblocks)
		maxblocks = 1;
	bufs = malloc(3 * sb->s_blocksize);
	if (!bufs)
		return -ENOMEM;
	for (int level = 0; ; level++) {
		bool leaf = level == depth - 1;
		/* The slots after this one in the same array. */
		unsigned long room = (leaf && depth == 1 ? EXT2_NDIR_BLOCKS :
				      sb->s_addr_per_block) - offsets[level];
		unsigned long n = 1;
		u32 b;

		if (leaf && room < maxblocks)
			maxblocks = room;
		slot = &slots[offsets[level]];
		b = *slot;
		if (b && !ext2_data_block_valid(sb, b)) {
			ext2_error(sb, __func__, "inode %lu: bad block %u (level %d of logical block %llu)",
				   inode->i_ino, b, level, (unsigned long long)iblock);
			ret = -EIO;
			break;
		}
		if (b && leaf) {
			/* ext2_get_branch() hit: count the contiguous run. */
			while (n < maxblocks && slot[n] == b + n &&
			       ext2_data_block_valid(sb, b + (u32)n))
				n++;
			*phys = b;
			*count = n;
			break;
		}
		if (!b && leaf) {
			while (n < maxblocks && !slot[n])
				n++;
			if (!create) {
				*phys = 0;
				*count = n;
				break;
			}
		}
		if (!b) {
			if (!create) {
				*phys = 0;
				*count = 1;
				break;
			}
			if (!leaf)
				n = 1;
			ret = ext2_new_blocks(inode, find_near(inode, slots, offsets[level], parent),
					      &b, &n);
			if (ret)
				break;
			allocated = true;
			memset(bufs + 2 * sb->s_addr_per_block, 0, sb->s_blocksize);
			for (unsigned long i = 0; i < n && (!leaf || zero_new); i++) {
				ret = ext2_bwrite(sb, b + (u32)i,
						  bufs + 2 * sb->s_addr_per_block);
				if (ret)
					break;
			}
			if (!ret) {
				/* ext2_splice_branch(): hang the run. */
				for (unsigned long i = 0; i < n; i++)
					slot[i] = b + (u32)i;
				ret = parent ? ext2_bwrite(sb, parent, slots) : 0;
			}
			if (ret) {
				for (unsigned long i = 0; i < n; i++)
					slot[i] = 0;
				ext2_free_blocks(inode, b, n);
				break;
			}
		}
		if (leaf) {
			*phys = b;
			*count = n;
			break;
		}
		/* Levels alternate between two buffers; the third is for zeroes. */
		slots = bufs + (level & 1) * sb->s_addr_per_block;
		ret = ext2_bread(sb, b, slots);
		if (ret)
			break;
		parent = b;
	}
	free(bufs);
	/* i_blocks grew: the inode goes back to disk (i_data did too). */
	if (allocated && !ret)
		ret = ext2_write_inode(inode);
	return ret;
}

/**
 * ext2_get_block - map logical block @iblock of @inode to a disk block
 * @sb: the filesystem
 * @inode: the inode
 * @iblock: logical block (file offset >> s_blocksize_bits)
 * @create: allocate the block (and missing indirect blocks) if a hole
 * @phys: the disk block, or 0 for a hole when !@create
 *
 * New blocks, data and indirect, are zeroed on disk (SIM: Linux zeroes a
 * new data block in the page cache instead), so a partial write and a
 * later read never see stale bytes. Pointers read from disk are checked:
 * one beyond the filesystem or into a group's metadata gives -EIO.
 *
 * Return: 0, -EFBIG (beyond the triple-indirect range), -ENOSPC, -EROFS,
 * -EIO, -ENOMEM.
 */
int ext2_get_block(struct ext2_sb *sb, struct ext2_inode_info *inode,
		   u64 iblock, bool create, u32 *phys)
{
	unsigned long count;

	return __ext2_get_blocks(sb, inode, iblock, 1, create, true, phys,
				 &count);
}

/**
 * ext2_get_blocks - map a run of logical blocks, for writeback
 * @sb: the filesystem
 * @inode: the inode
 * @iblock: the first logical block
 * @maxblocks: at most this many
 * @create: allocate a run of holes
 * @phys: the first disk block of the run, 0 for holes when !@create
 * @count: how many logical blocks from @iblock map to @phys, @phys + 1...
 *
 * Linux's ext2_get_blocks(): the run stops at @maxblocks, at the end of
 * the leaf array (the direct slots, or one indirect block), where the
 * disk blocks stop being contiguous, or where holes and mapped blocks
 * meet. New data blocks are NOT zeroed: the caller writes them whole
 * (mpage writeback) before anyone reads them.
 *
 * Return: as ext2_get_block().
 */
int ext2_get_blocks(struct ext2_sb *sb, struct ext2_inode_info *inode,
		    u64 iblock, unsigned long maxblocks, bool create,
		    u32 *phys, unsigned long *count)
{
	return __ext2_get_blocks(sb, inode, iblock, maxblocks, create, false,
				 phys, count);
}

/*
 * Free the blocks of the subtree at *@p (@depth levels of indirection
 * below it) that map logical blocks >= @from; the subtree maps logical
 * blocks from @base. The indirect block itself goes when its whole range
 * does. Sets *@dirty when *@p changed.
 */
static int free_data(struct ext2_inode_info *inode, u32 *slots,
		     unsigned long nr, unsigned long first, bool *dirty)
{
	struct ext2_sb *sb = inode->i_sb;
	unsigned long count = 0;
	u32 block_to_free = 0;

	/*
	 * Linux's ext2_free_data(): the data blocks of slots [first, nr),
	 * freed by runs of contiguous blocks (one bitmap update per run).
	 */
	for (unsigned long i = first; i < nr; i++) {
		u32 b = slots[i];

		if (!b)
			continue;
		if (!ext2_data_block_valid(sb, b)) {
			if (count)
				ext2_free_blocks(inode, block_to_free, count);
			ext2_error(sb, __func__, "inode %lu: bad block %u", inode->i_ino, b);
			return -EIO;
		}
		if (count && b == block_to_free + count) {
			count++;
		} else {
			if (count)
				ext2_free_blocks(inode, block_to_free, count);
			block_to_free = b;
			count = 1;
		}
		slots[i] = 0;
		*dirty = true;
	}
	if (count)
		ext2_free_blocks(inode, block_to_free, count);
	return 0;
}

static int free_branch(struct ext2_inode_info *inode, u32 *p, int depth,
		       u64 base, u64 from, bool *dirty)
{
	struct ext2_sb *sb = inode->i_sb;
	u64 span = 1;
	bool child_dirty = false;
	u32 *buf;
	int ret = 0;

	if (!*p)
		return 0;
	if (!ext2_data_block_valid(sb, *p)) {
		ext2_error(sb, __func__, "inode %lu: bad block %u", inode->i_ino, *p);
		return -EIO;
	}
	if (depth == 0) {
		ext2_free_blocks(inode, *p, 1);
		*p = 0;
		*dirty = true;
		return 0;
	}
	for (int i = 1; i < depth; i++)
		span *= sb->s_addr_per_block;
	buf = malloc(sb->s_blocksize);
	if (!buf)
		return -ENOMEM;
	ret = ext2_bread(sb, *p, buf);
	if (!ret && depth == 1) {
		ret = free_data(inode, buf, sb->s_addr_per_block,
				from > base ? from - base : 0, &child_dirty);
	}
	for (unsigned long i = 0; !ret && depth > 1 && i < sb->s_addr_per_block; i++) {
		u64 cb = base + i * span;

		if (cb + span <= from)
			continue;
		ret = free_branch(inode, &buf[i], depth - 1, cb, from, &child_dirty);
	}
	if (!ret && base >= from) {
		ext2_free_blocks(inode, *p, 1);
		*p = 0;
		*dirty = true;
	} else if (child_dirty) {
		int err = ext2_bwrite(sb, *p, buf);

		ret = ret ? ret : err;
	}
	free(buf);
	return ret;
}

/**
 * ext2_truncate_blocks - free the blocks of @inode past @new_size
 * @inode: the inode
 * @new_size: the size in bytes the file keeps blocks for
 *
 * Data blocks and the indirect blocks whose whole range is past the new
 * end are freed; i_blocks follows. i_size is the caller's (see
 * ext2_setsize()). Linux's __ext2_truncate_blocks().
 *
 * Return: 0, -EROFS, -EIO (a bad block pointer: the rest is kept).
 */
int ext2_truncate_blocks(struct ext2_inode_info *inode, u64 new_size)
{
	struct ext2_sb *sb = inode->i_sb;
	u64 from = (new_size + sb->s_blocksize - 1) >> sb->s_blocksize_bits;
	u64 a = sb->s_addr_per_block, base = EXT2_NDIR_BLOCKS, span = a;
	bool dirty = false;
	int ret = 0, err;

	if (sb->s_rdonly)
		return -EROFS;
	if (ext2_inode_is_fast_symlink(inode))
		return 0;
	for (u64 i = from; i < EXT2_NDIR_BLOCKS && !ret; i++)
		ret = free_branch(inode, &inode->i_data[i], 0, i, from, &dirty);
	for (int depth = 1; depth <= 3 && !ret; depth++) {
		if (base + span > from)
			ret = free_branch(inode, &inode->i_data[EXT2_NDIR_BLOCKS + depth - 1],
					  depth, base, from, &dirty);
		base += span;
		span *= a;
	}
	inode->i_mtime = inode->i_ctime = ext2_now();
	err = ext2_write_inode(inode);
	return ret ? ret : err;
}
