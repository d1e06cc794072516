// SPDX-License-Identifier: GPL-2.0
/*
 * open(2), close(2), truncate and stat of open files, as fs/open.c and
 * fs/namei.c's do_filp_open(): the access mode becomes f_mode, O_CREAT
 * asks the directory's ->create, O_TRUNC truncates a regular file opened
 * for writing. Each struct file has its own position and readahead state
 * and pins its dentry, inode and mount (umount says EBUSY).
 *
 * The system calls of a task: do_sys_open() (open(2), the file
 * installed at the lowest free fd, fs/file.c), close(2), ftruncate(2).
 *
 * SIM: no permission checks, no umask, no working directory (a relative
 * path resolves from "/"), directories can be opened but not read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mmsim/arch.h>
#include <mmsim/fdtable.h>
#include <mmsim/machine.h>
#include <mmsim/sched.h>
#include <mmsim/uio.h>
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
	/* do_dentry_open(): the open-time flags are not the file's. */
	file->f_flags = (unsigned int)flags &
			~(unsigned int)(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
	file->f_mode = (acc == O_RDONLY ? FMODE_READ : 0) |
		       (acc == O_WRONLY ? FMODE_WRITE : 0) |
		       (acc == O_RDWR ? FMODE_READ | FMODE_WRITE : 0);
	file_ra_state_init(&file->f_ra, file->f_mapping);
	file->f_count = 1;
	file->f_host_refs = 1;
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
 * filp_close - close a file the host opened with filp_open()
 * @file: the file (its opener's reference dropped)
 *
 * SIM: Linux's filp_close() drops whichever reference its caller held
 * (close_fd()'s too); here it is the host opener's, counted in
 * f_host_refs for m:check(), and close_fd() calls fput() itself.
 *
 * Return: 0.
 */
int filp_close(struct file *file)
{
	file->f_host_refs--;
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

/* Linux's PATH_MAX: a longer name is -ENAMETOOLONG. */
#define PATH_MAX	4096

/**
 * do_sys_open - open(2) of a task: a file at the lowest free fd
 * @tsk: the task
 * @filename: the path (a kernel string: getname()'s copy); SIM: a
 *	relative path resolves from "/"
 * @flags: O_RDONLY/O_WRONLY/O_RDWR with O_CREAT, O_EXCL, O_TRUNC,
 *	O_APPEND, O_DIRECTORY, O_CLOEXEC (others are ignored, as open(2)
 *	ignores unknown flags)
 * @mode: permission bits for O_CREAT
 *
 * As do_sys_openat2(): build_open_flags() refuses O_CREAT with
 * O_DIRECTORY (-EINVAL, Linux 6.4 on); the fd is reserved before the
 * lookup (so -EMFILE wins over -ENOENT), then do_filp_open() and
 * fd_install() hand the opener's reference to the table.
 *
 * Return: the fd, or -EMFILE, -ENOENT, -EEXIST, -EISDIR, -ENOTDIR,
 * -EINVAL, -ENAMETOOLONG, -ENOMEM.
 */
long do_sys_open(struct task_struct *tsk, const char *filename, int flags,
		 umode_t mode)
{
	char abs[PATH_MAX + 1];
	struct file *file;
	int fd, err;

	if ((flags & (O_CREAT | O_DIRECTORY)) == (O_CREAT | O_DIRECTORY))
		return -EINVAL;
	if (!*filename)
		return -ENOENT;
	if (strlen(filename) >= PATH_MAX)
		return -ENAMETOOLONG;
	if (filename[0] != '/') {
		snprintf(abs, sizeof(abs), "/%s", filename);
		filename = abs;
	}
	flags &= VALID_OPEN_FLAGS;	/* build_open_how() */
	/* force_o_largefile(): a 64-bit kernel opens every file large. */
	if (current_machine()->arch->bits == 64)
		flags |= O_LARGEFILE;
	fd = get_unused_fd_flags(tsk, (unsigned int)flags & O_CLOEXEC);
	if (fd < 0)
		return fd;
	file = filp_open(filename, flags & ~O_CLOEXEC, mode, &err);
	if (!file) {
		put_unused_fd(tsk, (unsigned int)fd);
		return err;
	}
	file->f_host_refs--;	/* the reference moves to the fd table */
	fd_install(tsk, (unsigned int)fd, file);
	return fd;
}

/**
 * sys_open - open(2) with the path in the task's memory
 * @tsk: the task
 * @filename: user address of a NUL-terminated path
 * @flags: as do_sys_open()
 * @mode: as do_sys_open()
 *
 * getname(): the path is copied with strncpy_from_user() through the
 * task's MMU.
 *
 * Return: as do_sys_open(), or -EFAULT for a bad address,
 * -ENAMETOOLONG for a path of PATH_MAX bytes or more.
 */
long sys_open(struct task_struct *tsk, u64 filename, int flags, umode_t mode)
{
	char name[PATH_MAX];
	long len = strncpy_from_user(tsk, name, filename, PATH_MAX);

	if (len < 0)
		return len;
	if (len == PATH_MAX)
		return -ENAMETOOLONG;
	return do_sys_open(tsk, name, flags, mode);
}

/**
 * sys_close - close(2)
 * @tsk: the task
 * @fd: the fd
 *
 * Return: 0 or -EBADF.
 */
long sys_close(struct task_struct *tsk, unsigned int fd)
{
	return close_fd(tsk, fd);
}

/**
 * do_sys_ftruncate - ftruncate(2)
 * @tsk: the task
 * @fd: an fd open for writing on a regular file
 * @length: new size
 *
 * Linux's order of checks: a negative length -EINVAL, a bad fd -EBADF,
 * a file that is not regular or not open for writing -EINVAL (not
 * EBADF), then do_truncate() (-EFBIG past s_maxbytes).
 *
 * Return: 0 or a negative errno.
 */
long do_sys_ftruncate(struct task_struct *tsk, unsigned int fd,
		      loff_t length)
{
	struct fd f;
	long err;

	if (length < 0)
		return -EINVAL;
	f = fdget(tsk, fd);
	if (!f.file)
		return -EBADF;
	if (!S_ISREG(f.file->f_inode->i_mode) ||
	    !(f.file->f_mode & FMODE_WRITE))
		err = -EINVAL;
	else
		err = do_truncate(f.file->f_path.dentry, length);
	fdput(f);
	return err;
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
