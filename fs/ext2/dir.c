// SPDX-License-Identifier: GPL-2.0
/*
 * Directories: blocks of variable-length entries (struct ext2_dir_entry_2)
 * chained by rec_len, the last entry of a block reaching its end. Mirrors
 * Linux's fs/ext2/dir.c.
 *
 *	| inode | rec_len | name_len | type | name... pad |  next entry ...
 *	   4        2         1        1     name_len, to a multiple of 4
 *
 * A free entry has inode 0 (only the first of a block stays so; a later
 * one is merged into its predecessor's rec_len). Each block is checked
 * when read, as Linux's ext2_check_folio(): a bad entry gives -EIO with a
 * message naming the directory and the offset.
 *
 * SIM: Linux works a page at a time; this works a block at a time (the
 * chunk size is the block size either way). Indexed (htree) directories
 * are read linearly, and EXT2_INDEX_FL is cleared on a directory changed
 * here, as Linux's ext2 does.
 */
#include <stdlib.h>
#include <string.h>

#include "ext2.h"

static const unsigned char ext2_type_by_mode_tab[] = {
	[S_IFREG_EXT2 >> 12] = EXT2_FT_REG_FILE,
	[S_IFDIR_EXT2 >> 12] = EXT2_FT_DIR,
	[S_IFCHR_EXT2 >> 12] = EXT2_FT_CHRDEV,
	[S_IFBLK_EXT2 >> 12] = EXT2_FT_BLKDEV,
	[S_IFIFO_EXT2 >> 12] = EXT2_FT_FIFO,
	[S_IFSOCK_EXT2 >> 12] = EXT2_FT_SOCK,
	[S_IFLNK_EXT2 >> 12] = EXT2_FT_SYMLINK,
};

/**
 * ext2_type_by_mode - the directory entry file type (EXT2_FT_*) of @mode
 * @mode: an inode's i_mode
 */
unsigned int ext2_type_by_mode(u16 mode)
{
	return ext2_type_by_mode_tab[(mode & S_IFMT_EXT2) >> 12];
}

static void set_de_type(struct ext2_sb *sb, struct ext2_dir_entry_2 *de,
			u16 mode)
{
	if (sb->s_es->s_feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE)
		de->file_type = (u8)ext2_type_by_mode(mode);
	else
		de->file_type = 0;
}

static unsigned long dir_blocks(struct ext2_inode_info *dir)
{
	return (unsigned long)(dir->i_size >> dir->i_sb->s_blocksize_bits);
}

/* Linux's ext2_check_folio() for one block. */
static int check_block(struct ext2_inode_info *dir, unsigned long n, u8 *buf)
{
	struct ext2_sb *sb = dir->i_sb;
	unsigned long bs = sb->s_blocksize, offs = 0;
	struct ext2_dir_entry_2 *de = NULL;
	const char *error;

	while (offs <= bs - EXT2_DIR_REC_LEN(1)) {
		de = (struct ext2_dir_entry_2 *)(buf + offs);
		if (de->rec_len < EXT2_DIR_REC_LEN(1))
			error = "rec_len is smaller than minimal";
		else if (de->rec_len & 3)
			error = "unaligned directory entry";
		else if (de->rec_len < EXT2_DIR_REC_LEN(de->name_len))
			error = "rec_len is too small for name_len";
		else if (offs + de->rec_len > bs)
			error = "directory entry across blocks";
		else if (de->inode > sb->s_inodes_count)
			error = "inode out of bounds";
		else {
			offs += de->rec_len;
			continue;
		}
		ext2_error(sb, "ext2_check_block",
			   "bad entry in directory #%lu: %s - offset=%llu, inode=%u, rec_len=%u, name_len=%u",
			   dir->i_ino, error,
			   ((unsigned long long)n << sb->s_blocksize_bits) + offs,
			   de->inode, de->rec_len, de->name_len);
		return -EIO;
	}
	if (offs != bs) {
		ext2_error(sb, "ext2_check_block",
			   "entry in directory #%lu spans the block boundary - offset=%llu",
			   dir->i_ino, ((unsigned long long)n << sb->s_blocksize_bits) + offs);
		return -EIO;
	}
	return 0;
}

/* Read and check block @n of @dir into @buf; *@phys gets its number. */
static int dir_read_block(struct ext2_inode_info *dir, unsigned long n,
			  u8 *buf, u32 *phys)
{
	struct ext2_sb *sb = dir->i_sb;
	int ret;

	ret = ext2_get_block(sb, dir, n, false, phys);
	if (ret)
		return ret;
	if (!*phys) {
		ext2_error(sb, __func__, "directory #%lu contains a hole at offset %llu",
			   dir->i_ino, (unsigned long long)n << sb->s_blocksize_bits);
		return -EIO;
	}
	ret = ext2_bread(sb, *phys, buf);
	return ret ? ret : check_block(dir, n, buf);
}

static int check_dir(struct ext2_inode_info *dir)
{
	struct ext2_sb *sb = dir->i_sb;

	if (!EXT2_ISDIR(dir->i_mode))
		return -ENOTDIR;
	if (dir->i_size & (sb->s_blocksize - 1)) {
		ext2_error(sb, __func__, "directory #%lu: size %llu is not a multiple of the block size",
			   dir->i_ino, (unsigned long long)dir->i_size);
		return -EIO;
	}
	return 0;
}

/* Changing a directory: times, and the htree index no longer valid. */
static int dir_changed(struct ext2_inode_info *dir)
{
	dir->i_mtime = dir->i_ctime = ext2_now();
	dir->i_flags &= ~EXT2_INDEX_FL;
	return ext2_write_inode(dir);
}

/**
 * ext2_readdir - call @filldir for each entry of @dir, "." and ".." too
 * @dir: the directory
 * @filldir: called with each name, its position, inode and file type
 * @ctx: passed to @filldir
 *
 * Return: 0, -ENOTDIR, -EIO, or what a non-zero @filldir returned.
 */
int ext2_readdir(struct ext2_inode_info *dir, ext2_filldir_t filldir,
		 void *ctx)
{
	struct ext2_sb *sb = dir->i_sb;
	int ret = check_dir(dir);
	u8 *buf;

	if (ret)
		return ret;
	buf = malloc(sb->s_blocksize);
	if (!buf)
		return -ENOMEM;
	for (unsigned long n = 0; n < dir_blocks(dir) && !ret; n++) {
		u32 phys;

		ret = dir_read_block(dir, n, buf, &phys);
		for (unsigned long offs = 0; !ret && offs < sb->s_blocksize;) {
			struct ext2_dir_entry_2 *de = (void *)(buf + offs);

			if (de->inode)
				ret = filldir(ctx, de->name, de->name_len,
					      ((u64)n << sb->s_blocksize_bits) + offs,
					      de->inode, de->file_type);
			offs += de->rec_len;
		}
	}
	free(buf);
	return ret;
}

/**
 * ext2_find_entry - find @name in @dir
 * @dir: the directory
 * @name: the name (not NUL-terminated)
 * @namelen: its length
 * @pos: the entry's byte position in the directory
 * @ino: its inode number
 *
 * Return: 0, -ENOENT, -ENOTDIR, -EIO.
 */
int ext2_find_entry(struct ext2_inode_info *dir, const char *name,
		    int namelen, u64 *pos, unsigned long *ino)
{
	struct ext2_sb *sb = dir->i_sb;
	int ret = check_dir(dir);
	u8 *buf;

	if (ret)
		return ret;
	buf = malloc(sb->s_blocksize);
	if (!buf)
		return -ENOMEM;
	ret = -ENOENT;
	for (unsigned long n = 0; n < dir_blocks(dir) && ret == -ENOENT; n++) {
		u32 phys;
		int err = dir_read_block(dir, n, buf, &phys);

		if (err) {
			ret = err;
			break;
		}
		for (unsigned long offs = 0; offs < sb->s_blocksize;) {
			struct ext2_dir_entry_2 *de = (void *)(buf + offs);

			if (de->inode && de->name_len == namelen &&
			    !memcmp(de->name, name, namelen)) {
				*pos = ((u64)n << sb->s_blocksize_bits) + offs;
				*ino = de->inode;
				ret = 0;
				break;
			}
			offs += de->rec_len;
		}
	}
	free(buf);
	return ret;
}

/**
 * ext2_add_link - add an entry @name -> @inode to @dir
 * @dir: the directory
 * @name: the name
 * @namelen: its length, 1 to EXT2_NAME_LEN
 * @inode: the inode the entry names (its link count is the caller's)
 *
 * Takes the first free entry big enough, or splits an entry with room
 * after its name, or appends a new block: Linux's ext2_add_link().
 *
 * Return: 0, -EEXIST, -ENOSPC, -EROFS, -EIO.
 */
int ext2_add_link(struct ext2_inode_info *dir, const char *name, int namelen,
		  struct ext2_inode_info *inode)
{
	struct ext2_sb *sb = dir->i_sb;
	unsigned int reclen = EXT2_DIR_REC_LEN(namelen);
	unsigned long nblocks = dir_blocks(dir), n;
	struct ext2_dir_entry_2 *de = NULL;
	bool grow = false;
	u32 phys = 0;
	int ret = check_dir(dir);
	u8 *buf;

	if (ret)
		return ret;
	buf = malloc(sb->s_blocksize);
	if (!buf)
		return -ENOMEM;
	for (n = 0; n <= nblocks && !de; n++) {
		if (n == nblocks) {
			/* No room: a new block with one free entry. */
			ret = ext2_get_block(sb, dir, n, true, &phys);
			if (ret)
				goto out;
			memset(buf, 0, sb->s_blocksize);
			de = (void *)buf;
			de->rec_len = (u16)sb->s_blocksize;
			grow = true;
			break;
		}
		ret = dir_read_block(dir, n, buf, &phys);
		if (ret)
			goto out;
		for (unsigned long offs = 0; offs < sb->s_blocksize;) {
			struct ext2_dir_entry_2 *d = (void *)(buf + offs);
			unsigned int used = d->inode ? EXT2_DIR_REC_LEN(d->name_len) : 0;

			if (d->inode && d->name_len == namelen &&
			    !memcmp(d->name, name, namelen)) {
				ret = -EEXIST;
				goto out;
			}
			if (d->rec_len >= used + reclen) {
				de = d;
				break;
			}
			offs += d->rec_len;
		}
	}
	n = grow ? n : n - 1;
	if (de->inode) {
		/* Split: the new entry takes the room after the old name. */
		unsigned int used = EXT2_DIR_REC_LEN(de->name_len);
		struct ext2_dir_entry_2 *de1 = (void *)((u8 *)de + used);

		de1->rec_len = de->rec_len - used;
		de->rec_len = (u16)used;
		de = de1;
	}
	de->name_len = (u8)namelen;
	memcpy(de->name, name, namelen);
	de->inode = (u32)inode->i_ino;
	set_de_type(sb, de, inode->i_mode);
	ret = ext2_bwrite(sb, phys, buf);
	if (ret)
		goto out;
	if (grow)
		dir->i_size = (u64)(n + 1) << sb->s_blocksize_bits;
	ret = dir_changed(dir);
out:
	free(buf);
	return ret;
}

/* Read the block holding entry @pos of @dir; *@de points at the entry. */
static int entry_at(struct ext2_inode_info *dir, u64 pos, u8 *buf, u32 *phys,
		    struct ext2_dir_entry_2 **de, struct ext2_dir_entry_2 **prev)
{
	struct ext2_sb *sb = dir->i_sb;
	unsigned long want = pos & (sb->s_blocksize - 1), offs = 0;
	int ret = dir_read_block(dir, (unsigned long)(pos >> sb->s_blocksize_bits),
				 buf, phys);

	if (ret)
		return ret;
	*prev = NULL;
	while (offs < want) {
		*prev = (void *)(buf + offs);
		offs += (*prev)->rec_len;
	}
	if (offs != want) {
		ext2_error(sb, __func__, "directory #%lu: no entry at offset %llu",
			   dir->i_ino, (unsigned long long)pos);
		return -EIO;
	}
	*de = (void *)(buf + offs);
	return 0;
}

/**
 * ext2_delete_entry - remove the entry at @pos of @dir
 * @dir: the directory
 * @pos: the position ext2_find_entry() gave
 *
 * The entry's space joins the previous entry's rec_len; the first entry of
 * a block is only marked free (inode 0), as Linux's ext2_delete_entry().
 *
 * Return: 0, -EROFS, -EIO.
 */
int ext2_delete_entry(struct ext2_inode_info *dir, u64 pos)
{
	struct ext2_dir_entry_2 *de, *pde;
	u32 phys;
	u8 *buf = malloc(dir->i_sb->s_blocksize);
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = entry_at(dir, pos, buf, &phys, &de, &pde);
	if (ret)
		goto out;
	if (pde)
		pde->rec_len += de->rec_len;
	de->inode = 0;
	ret = ext2_bwrite(dir->i_sb, phys, buf);
	if (!ret)
		ret = dir_changed(dir);
out:
	free(buf);
	return ret;
}

/**
 * ext2_set_link - point the entry at @pos of @dir at @inode
 * @dir: the directory
 * @pos: the entry's position
 * @inode: the new target
 *
 * Return: 0, -EROFS, -EIO.
 */
int ext2_set_link(struct ext2_inode_info *dir, u64 pos,
		  struct ext2_inode_info *inode)
{
	struct ext2_dir_entry_2 *de, *pde;
	u32 phys;
	u8 *buf = malloc(dir->i_sb->s_blocksize);
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = entry_at(dir, pos, buf, &phys, &de, &pde);
	if (ret)
		goto out;
	de->inode = (u32)inode->i_ino;
	set_de_type(dir->i_sb, de, inode->i_mode);
	ret = ext2_bwrite(dir->i_sb, phys, buf);
	if (!ret)
		ret = dir_changed(dir);
out:
	free(buf);
	return ret;
}

/**
 * ext2_make_empty - write the first block of new directory @inode
 * @inode: the new directory
 * @parent: its parent
 *
 * "." and "..", the latter reaching the end of the block.
 *
 * Return: 0, -ENOSPC, -EROFS, -EIO.
 */
int ext2_make_empty(struct ext2_inode_info *inode,
		    struct ext2_inode_info *parent)
{
	struct ext2_sb *sb = inode->i_sb;
	struct ext2_dir_entry_2 *de;
	u32 phys;
	u8 *buf;
	int ret;

	ret = ext2_get_block(sb, inode, 0, true, &phys);
	if (ret)
		return ret;
	buf = calloc(1, sb->s_blocksize);
	if (!buf)
		return -ENOMEM;
	de = (void *)buf;
	de->inode = (u32)inode->i_ino;
	de->rec_len = EXT2_DIR_REC_LEN(1);
	de->name_len = 1;
	memcpy(de->name, ".", 1);
	set_de_type(sb, de, inode->i_mode);
	de = (void *)(buf + EXT2_DIR_REC_LEN(1));
	de->inode = (u32)parent->i_ino;
	de->rec_len = (u16)(sb->s_blocksize - EXT2_DIR_REC_LEN(1));
	de->name_len = 2;
	memcpy(de->name, "..", 2);
	set_de_type(sb, de, parent->i_mode);
	ret = ext2_bwrite(sb, phys, buf);
	free(buf);
	if (ret)
		return ret;
	inode->i_size = sb->s_blocksize;
	return ext2_write_inode(inode);
}

/**
 * ext2_empty_dir - does @dir hold only "." and ".."?
 * @dir: the directory
 *
 * Return: 1 if empty, 0 if not, or a negative errno (a read error counts
 * as not empty for callers that only test > 0, as Linux).
 */
int ext2_empty_dir(struct ext2_inode_info *dir)
{
	struct ext2_sb *sb = dir->i_sb;
	int ret = check_dir(dir), empty = 1;
	u8 *buf;

	if (ret)
		return ret;
	buf = malloc(sb->s_blocksize);
	if (!buf)
		return -ENOMEM;
	for (unsigned long n = 0; n < dir_blocks(dir) && empty == 1; n++) {
		u32 phys;

		ret = dir_read_block(dir, n, buf, &phys);
		if (ret) {
			empty = ret;
			break;
		}
		for (unsigned long offs = 0; offs < sb->s_blocksize;) {
			struct ext2_dir_entry_2 *de = (void *)(buf + offs);

			offs += de->rec_len;
			if (!de->inode)
				continue;
			if (de->name_len == 1 && de->name[0] == '.' &&
			    de->inode == dir->i_ino)
				continue;
			if (de->name_len == 2 && !memcmp(de->name, "..", 2))
				continue;
			empty = 0;
			break;
		}
	}
	free(buf);
	return empty;
}
