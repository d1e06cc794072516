// SPDX-License-Identifier: GPL-2.0
/*
 * Name operations: lookup, create, mkdir, symlink, link, unlink, rmdir,
 * rename, and a path walk. Mirrors Linux's fs/ext2/namei.c, with the
 * checks its VFS callers (fs/namei.c: may_delete(), lock_rename()'s
 * ancestry test) make before calling it.
 *
 * SIM: no dentry cache and no symlink following; the caller is root
 * (no permission checks); names are at most EXT2_NAME_LEN bytes without
 * '/' or NUL.
 */
#include <string.h>

#include "ext2.h"

#define EXT2_LINK_MAX	32000

static int check_name(const char *name, int *len)
{
	size_t n = strlen(name);

	if (n == 0 || strchr(name, '/'))
		return -EINVAL;
	if (n > EXT2_NAME_LEN)
		return -ENAMETOOLONG;
	*len = (int)n;
	return 0;
}

static bool is_dot_or_dotdot(const char *name)
{
	return !strcmp(name, ".") || !strcmp(name, "..");
}

/**
 * ext2_inode_by_name - the inode number @name has in @dir
 * @dir: the directory
 * @name: a NUL-terminated name
 * @ino: the inode number found
 *
 * Return: 0, -ENOENT, -ENOTDIR, -ENAMETOOLONG, -EINVAL, -EIO.
 */
int ext2_inode_by_name(struct ext2_inode_info *dir, const char *name,
		       unsigned long *ino)
{
	u64 pos;
	int len, ret = check_name(name, &len);

	return ret ? ret : ext2_find_entry(dir, name, len, &pos, ino);
}

/**
 * ext2_lookup - the inode @name names in @dir
 * @dir: the directory
 * @name: a NUL-terminated name
 * @out: the inode, referenced
 *
 * Return: as ext2_inode_by_name(), and ext2_iget()'s errors.
 */
int ext2_lookup(struct ext2_inode_info *dir, const char *name,
		struct ext2_inode_info **out)
{
	unsigned long ino;
	int ret = ext2_inode_by_name(dir, name, &ino);

	return ret ? ret : ext2_iget(dir->i_sb, ino, out);
}

/**
 * ext2_namei - walk @path from the root directory
 * @sb: the filesystem
 * @path: an absolute path ("/", "/a/b"); empty components are skipped
 * @out: the inode, referenced
 *
 * Return: 0, -EINVAL (not absolute), -ENOENT, -ENOTDIR, -ENAMETOOLONG,
 * -EIO.
 */
int ext2_namei(struct ext2_sb *sb, const char *path,
	       struct ext2_inode_info **out)
{
	struct ext2_inode_info *cur, *next;
	char name[EXT2_NAME_LEN + 1];
	int ret;

	if (path[0] != '/')
		return -EINVAL;
	ret = ext2_iget(sb, EXT2_ROOT_INO, &cur);
	if (ret)
		return ret;
	while (*path) {
		size_t len;

		while (*path == '/')
			path++;
		len = strcspn(path, "/");
		if (!len)
			break;
		if (len > EXT2_NAME_LEN) {
			ext2_iput(cur);
			return -ENAMETOOLONG;
		}
		memcpy(name, path, len);
		name[len] = '\0';
		path += len;
		ret = ext2_lookup(cur, name, &next);
		ext2_iput(cur);
		if (ret)
			return ret;
		cur = next;
	}
	*out = cur;
	return 0;
}

/* Linux's ext2_add_nondir(): link a new inode in, or drop it. */
static int add_nondir(struct ext2_inode_info *dir, const char *name, int len,
		      struct ext2_inode_info *inode, struct ext2_inode_info **out)
{
	int ret = ext2_add_link(dir, name, len, inode);

	if (ret) {
		ext2_dec_count(inode);
		ext2_iput(inode);
		return ret;
	}
	if (out)
		*out = inode;
	else
		ext2_iput(inode);
	return 0;
}

static int prepare_new(struct ext2_inode_info *dir, const char *name, int *len)
{
	unsigned long ino;
	u64 pos;
	int ret = check_name(name, len);

	if (ret)
		return ret;
	if (dir->i_sb->s_rdonly)
		return -EROFS;
	if (is_dot_or_dotdot(name))
		return -EEXIST;
	ret = ext2_find_entry(dir, name, *len, &pos, &ino);
	if (!ret)
		return -EEXIST;
	return ret == -ENOENT ? 0 : ret;
}

/**
 * ext2_create - create a file @name in @dir
 * @dir: the directory
 * @name: the new name
 * @mode: permissions, with a file type (S_IFREG if none; not a directory)
 * @out: the new inode, referenced (NULL: not wanted)
 *
 * Return: 0, -EEXIST, -ENOSPC, -EROFS, -ENOTDIR, -EINVAL, -EIO.
 */
int ext2_create(struct ext2_inode_info *dir, const char *name, u16 mode,
		struct ext2_inode_info **out)
{
	struct ext2_inode_info *inode;
	int len, ret = prepare_new(dir, name, &len);

	if (ret)
		return ret;
	if (!(mode & S_IFMT_EXT2))
		mode |= S_IFREG_EXT2;
	if (EXT2_ISDIR(mode))
		return -EINVAL;
	ret = ext2_new_inode(dir, mode, &inode);
	if (ret)
		return ret;
	inode->i_links_count = 1;
	ret = ext2_write_inode(inode);
	if (ret) {
		ext2_dec_count(inode);
		ext2_iput(inode);
		return ret;
	}
	return add_nondir(dir, name, len, inode, out);
}

/**
 * ext2_mkdir - create a directory @name in @dir
 * @dir: the parent
 * @name: the new name
 * @mode: permissions
 * @out: the new directory, referenced (NULL: not wanted)
 *
 * The new directory has "." and ".." and two links; @dir gains one.
 *
 * Return: 0, -EEXIST, -EMLINK, -ENOSPC, -EROFS, -ENOTDIR, -EIO.
 */
int ext2_mkdir(struct ext2_inode_info *dir, const char *name, u16 mode,
	       struct ext2_inode_info **out)
{
	struct ext2_inode_info *inode;
	int len, ret = prepare_new(dir, name, &len);

	if (ret)
		return ret;
	if (dir->i_links_count >= EXT2_LINK_MAX)
		return -EMLINK;
	ext2_inc_count(dir);
	ret = ext2_new_inode(dir, S_IFDIR_EXT2 | (mode & 07777), &inode);
	if (ret)
		goto out_dir;
	inode->i_links_count = 2;
	ret = ext2_make_empty(inode, dir);
	if (ret)
		goto out_fail;
	ret = ext2_add_link(dir, name, len, inode);
	if (ret)
		goto out_fail;
	if (out)
		*out = inode;
	else
		ext2_iput(inode);
	return 0;

out_fail:
	inode->i_links_count = 0;
	ext2_iput(inode);
out_dir:
	ext2_dec_count(dir);
	ext2_write_inode(dir);
	return ret;
}

/**
 * ext2_symlink - create a symbolic link @name in @dir pointing at @target
 * @dir: the directory
 * @name: the link's name
 * @target: what it points at, 1 to block size - 1 bytes
 *
 * A target shorter than i_data (60 bytes) lives in i_data (a fast
 * symlink, no block); a longer one in the link's first block, as Linux's
 * ext2_symlink().
 *
 * Return: 0, -ENAMETOOLONG, -EEXIST, -ENOSPC, -EROFS, -EIO.
 */
int ext2_symlink(struct ext2_inode_info *dir, const char *name,
		 const char *target)
{
	struct ext2_inode_info *inode;
	size_t l = strlen(target) + 1;
	int len, ret = prepare_new(dir, name, &len);

	if (ret)
		return ret;
	if (l < 2 || l > dir->i_sb->s_blocksize)
		return l < 2 ? -ENOENT : -ENAMETOOLONG;
	ret = ext2_new_inode(dir, S_IFLNK_EXT2 | 0777, &inode);
	if (ret)
		return ret;
	inode->i_links_count = 1;
	if (l > sizeof(inode->i_data)) {
		/* SIM: Linux writes the block through the page cache. */
		long n = ext2_file_write_any(inode, 0, target, l - 1);

		ret = n == (long)(l - 1) ? 0 : (n < 0 ? (int)n : -EIO);
	} else {
		memcpy(inode->i_data, target, l);
		inode->i_size = l - 1;
		ret = ext2_write_inode(inode);
	}
	if (ret) {
		ext2_dec_count(inode);
		ext2_iput(inode);
		return ret;
	}
	return add_nondir(dir, name, len, inode, NULL);
}

/**
 * ext2_readlink - the target of symbolic link @inode
 * @inode: a symlink
 * @buf: at least @len bytes; gets the target, NUL-terminated
 * @len: size of @buf
 *
 * Return: the target's length, -EINVAL (not a symlink), -ENAMETOOLONG
 * (@buf too small), -EIO (a bad size or block).
 */
long ext2_readlink(struct ext2_inode_info *inode, char *buf, size_t len)
{
	struct ext2_sb *sb = inode->i_sb;
	u32 ea_blocks = inode->i_file_acl ? sb->s_blocksize >> 9 : 0;
	long n;

	if ((inode->i_mode & S_IFMT_EXT2) != S_IFLNK_EXT2)
		return -EINVAL;
	if (inode->i_size >= sb->s_blocksize || !inode->i_size) {
		ext2_error(sb, __func__, "symlink %lu: bad size %llu", inode->i_ino,
			   (unsigned long long)inode->i_size);
		return -EIO;
	}
	if (inode->i_size >= len)
		return -ENAMETOOLONG;
	if (inode->i_blocks - ea_blocks == 0) {	/* fast: in i_data */
		if (inode->i_size >= sizeof(inode->i_data)) {
			ext2_error(sb, __func__, "fast symlink %lu: size %llu too big",
				   inode->i_ino, (unsigned long long)inode->i_size);
			return -EIO;
		}
		memcpy(buf, inode->i_data, inode->i_size);
		n = (long)inode->i_size;
	} else {
		n = ext2_file_read(inode, 0, buf, inode->i_size);
		if (n >= 0 && n != (long)inode->i_size)
			n = -EIO;
	}
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

/**
 * ext2_link - add the name @name in @dir for the existing @inode
 * @inode: not a directory
 * @dir: the directory
 * @name: the new name
 *
 * Return: 0, -EPERM (a directory), -EMLINK, -EEXIST, -ENOSPC, -EROFS, -EIO.
 */
int ext2_link(struct ext2_inode_info *inode, struct ext2_inode_info *dir,
	      const char *name)
{
	int len, ret = prepare_new(dir, name, &len);

	if (ret)
		return ret;
	if (EXT2_ISDIR(inode->i_mode))
		return -EPERM;
	if (inode->i_links_count >= EXT2_LINK_MAX)
		return -EMLINK;
	ret = ext2_add_link(dir, name, len, inode);
	if (ret)
		return ret;
	ext2_inc_count(inode);
	return ext2_write_inode(inode);
}

/* Find @name in @dir and get its inode. */
static int find_child(struct ext2_inode_info *dir, const char *name, u64 *pos,
		      struct ext2_inode_info **child)
{
	unsigned long ino;
	int len, ret = check_name(name, &len);

	if (ret)
		return ret;
	ret = ext2_find_entry(dir, name, len, pos, &ino);
	return ret ? ret : ext2_iget(dir->i_sb, ino, child);
}

/**
 * ext2_unlink - remove the name @name (not a directory) from @dir
 * @dir: the directory
 * @name: the name
 *
 * The inode loses a link; with none left it is freed at its last
 * ext2_iput().
 *
 * Return: 0, -ENOENT, -EISDIR, -EROFS, -EIO.
 */
int ext2_unlink(struct ext2_inode_info *dir, const char *name)
{
	struct ext2_inode_info *inode;
	u64 pos;
	int ret;

	if (dir->i_sb->s_rdonly)
		return -EROFS;
	if (is_dot_or_dotdot(name))
		return -EISDIR;
	ret = find_child(dir, name, &pos, &inode);
	if (ret)
		return ret;
	if (EXT2_ISDIR(inode->i_mode)) {
		ret = -EISDIR;
		goto out;
	}
	ret = ext2_delete_entry(dir, pos);
	if (ret)
		goto out;
	ext2_dec_count(inode);
	ret = ext2_write_inode(inode);
out:
	ext2_iput(inode);
	return ret;
}

/**
 * ext2_rmdir - remove the empty directory @name from @dir
 * @dir: the parent
 * @name: the name
 *
 * Return: 0, -ENOENT, -ENOTDIR, -ENOTEMPTY, -EINVAL ("."), -EROFS, -EIO.
 */
int ext2_rmdir(struct ext2_inode_info *dir, const char *name)
{
	struct ext2_inode_info *inode;
	u64 pos;
	int ret;

	if (dir->i_sb->s_rdonly)
		return -EROFS;
	if (!strcmp(name, "."))
		return -EINVAL;
	if (!strcmp(name, ".."))
		return -ENOTEMPTY;
	ret = find_child(dir, name, &pos, &inode);
	if (ret)
		return ret;
	if (!EXT2_ISDIR(inode->i_mode)) {
		ret = -ENOTDIR;
		goto out;
	}
	ret = ext2_empty_dir(inode);
	if (ret <= 0) {
		ret = ret ? ret : -ENOTEMPTY;
		goto out;
	}
	ret = ext2_delete_entry(dir, pos);
	if (ret)
		goto out;
	inode->i_size = 0;
	inode->i_links_count = 0;
	inode->i_ctime = ext2_now();
	ret = ext2_write_inode(inode);
	ext2_dec_count(dir);
	if (!ret)
		ret = ext2_write_inode(dir);
out:
	ext2_iput(inode);
	return ret;
}

/*
 * Is @dir (or an ancestor of it) @inode? The walk up ".." is bounded, so
 * a directory loop on a bad image ends in -EIO rather than forever.
 */
static int is_ancestor(struct ext2_inode_info *inode, struct ext2_inode_info *dir)
{
	struct ext2_sb *sb = dir->i_sb;
	unsigned long ino = dir->i_ino;

	for (unsigned long steps = 0; steps <= sb->s_inodes_count; steps++) {
		struct ext2_inode_info *cur;
		int ret;

		if (ino == inode->i_ino)
			return 1;
		if (ino == EXT2_ROOT_INO)
			return 0;
		ret = ext2_iget(sb, ino, &cur);
		if (ret)
			return ret;
		ret = ext2_inode_by_name(cur, "..", &ino);
		ext2_iput(cur);
		if (ret)
			return ret;
	}
	ext2_error(sb, __func__, "directory loop above directory #%lu", dir->i_ino);
	return -EIO;
}

/**
 * ext2_rename - move @old_name of @old_dir to @new_name of @new_dir
 * @old_dir: the source directory
 * @old_name: the source name
 * @new_dir: the target directory (may be @old_dir)
 * @new_name: the target name; an existing target is replaced (a directory
 *            only by a directory, and only when empty)
 *
 * Linux's ext2_rename() with the VFS's checks: a directory cannot move
 * under itself (-EINVAL); "." and ".." cannot be renamed.
 *
 * Return: 0, -ENOENT, -EINVAL, -EISDIR, -ENOTDIR, -ENOTEMPTY, -EMLINK,
 * -ENOSPC, -EROFS, -EIO.
 */
int ext2_rename(struct ext2_inode_info *old_dir, const char *old_name,
		struct ext2_inode_info *new_dir, const char *new_name)
{
	struct ext2_inode_info *old_inode, *new_inode = NULL;
	unsigned long new_ino;
	u64 old_pos, new_pos, dotdot_pos = 0;
	bool is_dir;
	int len, ret;

	if (old_dir->i_sb->s_rdonly)
		return -EROFS;
	if (is_dot_or_dotdot(old_name) || is_dot_or_dotdot(new_name))
		return -EINVAL;
	ret = check_name(new_name, &len);
	if (ret)
		return ret;
	if (!EXT2_ISDIR(new_dir->i_mode))
		return -ENOTDIR;
	ret = find_child(old_dir, old_name, &old_pos, &old_inode);
	if (ret)
		return ret;
	is_dir = EXT2_ISDIR(old_inode->i_mode);
	if (is_dir) {
		ret = ext2_find_entry(old_inode, "..", 2, &dotdot_pos, &new_ino);
		if (ret)
			goto out_old;
		if (old_dir != new_dir) {
			ret = is_ancestor(old_inode, new_dir);
			if (ret) {
				ret = ret > 0 ? -EINVAL : ret;
				goto out_old;
			}
		}
	}
	ret = ext2_find_entry(new_dir, new_name, len, &new_pos, &new_ino);
	if (ret && ret != -ENOENT)
		goto out_old;
	if (!ret) {
		if (new_ino == old_inode->i_ino)
			goto out_old;	/* same inode: nothing to do */
		ret = ext2_iget(new_dir->i_sb, new_ino, &new_inode);
		if (ret)
			goto out_old;
		if (is_dir && !EXT2_ISDIR(new_inode->i_mode))
			ret = -ENOTDIR;
		else if (!is_dir && EXT2_ISDIR(new_inode->i_mode))
			ret = -EISDIR;
		else if (is_dir && (ret = ext2_empty_dir(new_inode)) <= 0)
			ret = ret ? ret : -ENOTEMPTY;
		else
			ret = ext2_set_link(new_dir, new_pos, old_inode);
		if (ret)
			goto out_new;
		if (is_dir)
			ext2_dec_count(new_inode);
		ext2_dec_count(new_inode);
		ret = ext2_write_inode(new_inode);
		if (ret)
			goto out_new;
	} else {
		if (is_dir && new_dir->i_links_count >= EXT2_LINK_MAX) {
			ret = -EMLINK;
			goto out_old;
		}
		ret = ext2_add_link(new_dir, new_name, len, old_inode);
		if (ret)
			goto out_old;
		if (is_dir) {
			ext2_inc_count(new_dir);
			ret = ext2_write_inode(new_dir);
			if (ret)
				goto out_old;
		}
	}
	old_inode->i_ctime = ext2_now();
	ret = ext2_write_inode(old_inode);
	if (!ret)
		ret = ext2_delete_entry(old_dir, old_pos);
	if (!ret && is_dir) {
		if (old_dir != new_dir)
			ret = ext2_set_link(old_inode, dotdot_pos, new_dir);
		ext2_dec_count(old_dir);
		if (!ret)
			ret = ext2_write_inode(old_dir);
	}
out_new:
	ext2_iput(new_inode);
out_old:
	ext2_iput(old_inode);
	return ret;
}
