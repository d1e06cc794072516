// SPDX-License-Identifier: GPL-2.0
/*
 * fsync(2), fdatasync(2) and sync(2), as fs/sync.c: write back a file's
 * dirty pages and wait for them (and, for fsync, the inode itself), or
 * every dirty inode of every filesystem; do_fsync() for a task's fd.
 */
#include <stdio.h>
#include <mmsim/fdtable.h>
#include <mmsim/machine.h>
#include <mmsim/pagemap.h>

/**
 * vfs_fsync_range - fsync a byte range of @file
 * @file: the file
 * @start: first byte
 * @end: last byte
 * @datasync: 1 for fdatasync (skip metadata not needed to read the data)
 *
 * Return: 0 or the writeback error.
 */
int vfs_fsync_range(struct file *file, loff_t start, loff_t end, int datasync)
{
	if (!file->f_op || !file->f_op->fsync)
		return -EINVAL;
	return file->f_op->fsync(file, start, end, datasync);
}

/**
 * vfs_fsync - fsync(2) / fdatasync(2)
 * @file: the file
 * @datasync: 1 for fdatasync
 *
 * Return: 0 or an error.
 */
int vfs_fsync(struct file *file, int datasync)
{
	return vfs_fsync_range(file, 0, MAX_LFS_FILESIZE, datasync);
}

/**
 * sync_filesystem - write back and wait on everything of @sb
 * @sb: the superblock
 *
 * Return: 0 or the filesystem's ->sync_fs error.
 */
int sync_filesystem(struct super_block *sb)
{
	sync_inodes_sb(sb);
	if (sb->s_op && sb->s_op->sync_fs)
		return sb->s_op->sync_fs(sb, 1);
	return 0;
}

/**
 * ksys_sync - sync(2): every filesystem
 */
void ksys_sync(void)
{
	struct super_block *sb;

	list_for_each_entry(sb, &fs_state()->supers, s_list)
		sync_filesystem(sb);
}

/**
 * do_fsync - fsync(2) / fdatasync(2) of a task's fd
 * @tsk: the task
 * @fd: the fd
 * @datasync: 1 for fdatasync
 *
 * Return: 0, -EBADF (not an open fd), -EINVAL (no ->fsync), or the
 * writeback error.
 */
int do_fsync(struct task_struct *tsk, unsigned int fd, int datasync)
{
	struct fd f = fdget(tsk, fd);
	int ret;

	if (!f.file)
		return -EBADF;
	ret = vfs_fsync(f.file, datasync);
	fdput(f);
	return ret;
}
