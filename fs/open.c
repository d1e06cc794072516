// SPDX-License-Identifier: GPL-2.0
/*
 * open(2), close(2), truncate and stat of open files, as fs/open.c and
 * fs/namei.c's do_filp_open(): the access mode becomes f_mode, O_CREAT
 * asks the directory's ->create, O_TRUNC truncates a regular file opened
 * for writing. Each struct file has its own position and readahead state
 * and pins its dentry, inode and mount (umount says EBUSY).
 *
 * SIM: no file descriptor table (a struct file is the handle), no
 * permission checks, directories can be opened but not read.
 */
#include <stdio.h>
#include <stdlib.h>

#include <mmsim/machine.h>
#include <mmsim/pagemap.h>

/* do_truncate() -> notify_change() -> ->setattr(). */
static int do_truncate(struct dentry *dentry, loff_t length)
{
	struct inode *inode = dentry->d_inode;
	int err;

	if (length < 0)
		return -EINVAL;
	if (length > inode->i_sb->s_maxbytes)
		return -EFBIG;
	if (!inode->i_op || !inode->i_op->setattr)
		return -EPERM;
	inode->i_rwsem++;
	err = inode->i_op->setattr(dentry, length);
	inode->i_rwsem--;
	return err;
}

/* The dentry @name names, creating it for O_CREAT. */
static int open_lookup(const char *name, int flags, umode_t mode,
		       struct path *path)
{
	char last[DNAME_MAX + 1];
	struct path parent;
	struct inode *dir;
	struct dentry *d;
	int err;

	if (!(flags & O_CREAT))
		return kern_path(name, path);
	err = kern_path_parent(name, &parent, last, sizeof(last));
	if (err == -EINVAL)
		return kern_path(name, path) ? -EINVAL : -EISDIR;
	if (err)
		return err;
	err = kern_path(name, path);
	if (!err)
		return (flags & O_EXCL) ? -EEXIST : 0;
	if (err != -ENOENT)
		return err;
	dir = parent.dentry->d_inode;
	if (!dir->i_op || !dir->i_op->create)
		return -EACCES;
	d = d_alloc(parent.dentry, last);
	if (!d)
		return -ENOMEM;
	err = dir->i_op->create(dir, d, (umode_t)(mode & 07777));
	if (err) {
		dput(d);
		return err;
	}
	path->mnt = parent.mnt;
	path->dentry = d;
	return 0;
}

/**
 * filp_open - open a file by absolute path
 * @name: "/mnt/file"
 * @flags: O_RDONLY/O_WRONLY/O_RDWR with O_CREAT, O_EXCL, O_TRUNC, O_APPEND
 * @mode: permission bits for O_CREAT
 * @err: receives the negative errno on failure
 *
 * Return: the file, or NULL with *@err: -ENOENT, -EEXIST, -EISDIR (a
 * directory opened for writing), -ENOTDIR, -EINVAL (bad access mode).
 */
struct file *filp_open(const char *name, int flags, umode_t mode, int *err)
{
	struct file *file;
	struct inode *inode;
	struct path path;
	int acc = flags & O_ACCMODE;

	if (acc == 3) {
		*err = -EINVAL;
		return NULL;
	}
	*err = open_lookup(name, flags, mode, &path);
	if (*err)
		return NULL;
	inode = path.dentry->d_inode;
	if (S_ISDIR(inode->i_mode) &&
	    (acc != O_RDONLY || (flags & (O_CREAT | O_TRUNC)))) {
		*err = -EISDIR;
		return NULL;
	}
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode)) {
		*err = -ENOTDIR;
		return NULL;
	}
	file = calloc(1, sizeof(*file));
	if (!file) {
		*err = -ENOMEM;
		return NULL;
	}
	file->f_path.mnt = path.mnt;
	file->f_path.dentry = dget(path.dentry);
	file->f_inode = inode;
	ihold(inode);
	path.mnt->mnt_count++;
	file->f_mapping = inode->i_mapping;
	file->f_op = inode->i_fop;
	file->f_flags = (unsigned int)flags;
	file->f_mode = (acc == O_RDONLY ? FMODE_READ : 0) |
		       (acc == O_WRONLY ? FMODE_WRITE : 0) |
		       (acc == O_RDWR ? FMODE_READ | FMODE_WRITE : 0);
	file_ra_state_init(&file->f_ra, file->f_mapping);
	file->f_count = 1;
	list_add_tail(&file->f_list, &fs_state()->files);
	if (file->f_op && file->f_op->open) {
		*err = file->f_op->open(inode, file);
		if (*err) {
			filp_close(file);
			return NULL;
		}
	}
	if ((flags & O_TRUNC) && (file->f_mode & FMODE_WRITE) &&
	    S_ISREG(inode->i_mode) && inode->i_size) {
		*err = do_truncate(path.dentry, 0);
		if (*err) {
			filp_close(file);
			return NULL;
		}
	}
	return file;
}

/**
 * fput - drop a reference to an open file
 * @file: the file; the last reference releases and frees it (__fput)
 *
 * A mapping of the file (vma->vm_file) holds a reference, so closing the
 * file leaves it open until the last VMA goes.
 */
void fput(struct file *file)
{
	struct inode *inode = file->f_inode;

	if (--file->f_count > 0)
		return;
	if (file->f_op && file->f_op->release)
		file->f_op->release(inode, file);
	list_del(&file->f_list);
	file->f_path.mnt->mnt_count--;
	dput(file->f_path.dentry);
	iput(inode);
	free(file);
}

/**
 * filp_close - close an open file
 * @file: the file (its opener's reference dropped)
 *
 * Return: 0.
 */
int filp_close(struct file *file)
{
	fput(file);
	return 0;
}

/**
 * vfs_truncate - ftruncate(2)
 * @file: a file open for writing
 * @length: new size
 *
 * Return: 0, -EBADF (not open for writing), -EINVAL (negative, not a
 * regular file), -EFBIG.
 */
int vfs_truncate(struct file *file, loff_t length)
{
	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!S_ISREG(file->f_inode->i_mode))
		return -EINVAL;
	return do_truncate(file->f_path.dentry, length);
}

/**
 * vfs_getattr - fstat(2)
 * @file: the file
 * @stat: filled in
 *
 * Return: 0.
 */
int vfs_getattr(struct file *file, struct kstat *stat)
{
	generic_fillattr(file->f_inode, stat);
	return 0;
}
