// SPDX-License-Identifier: GPL-2.0
/*
 * read(2) and write(2) at an offset (pread/pwrite), as fs/read_write.c:
 * the access checks (EBADF for a file not opened that way, EISDIR for a
 * directory, EINVAL for a negative offset) and the MAX_RW_COUNT clamp,
 * then the filesystem's ->read / ->write. The read(2) of a task,
 * ksys_read(), fills the task's buffer through ->read_iter, which copies
 * each page-cache page straight to user memory (copy_to_user through the
 * task's MMU), as Linux's new_sync_read() -> filemap_read() does.
 */
#include <stdio.h>
#include <mmsim/machine.h>
#include <mmsim/mm.h>
#include <mmsim/pagemap.h>
#include <mmsim/uio.h>

/* INT_MAX & PAGE_MASK: the most one call moves, as Linux. */
#define MAX_RW_COUNT	((size_t)(0x7fffffff & ~(PAGE_SIZE - 1)))

static int rw_verify_area(struct file *file, loff_t pos, size_t count)
{
	if (pos < 0)
		return -EINVAL;
	if ((u64)pos + count < (u64)pos || (loff_t)((u64)pos + count) < 0)
		return -EINVAL;
	(void)file;
	return 0;
}

/**
 * kernel_read - read from a file at *@pos
 * @file: the file
 * @buf: host destination
 * @count: bytes wanted (clamped to MAX_RW_COUNT)
 * @pos: offset, advanced
 *
 * Return: bytes read (short at end of file, 0 past it), or -EBADF,
 * -EISDIR, -EINVAL, -EIO.
 */
ssize_t kernel_read(struct file *file, void *buf, size_t count, loff_t *pos)
{
	int err;

	if (!(file->f_mode & FMODE_READ))
		return -EBADF;
	if (S_ISDIR(file->f_inode->i_mode))
		return -EISDIR;
	if (!file->f_op || !file->f_op->read)
		return -EINVAL;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	err = rw_verify_area(file, *pos, count);
	if (err)
		return err;
	return file->f_op->read(file, buf, count, pos);
}

/**
 * kernel_write - write to a file at *@pos
 * @file: the file
 * @buf: host source
 * @count: bytes (clamped to MAX_RW_COUNT)
 * @pos: offset (O_APPEND: ignored, the end), advanced
 *
 * Return: bytes written, or -EBADF, -EINVAL, -EFBIG, -ENOMEM.
 */
ssize_t kernel_write(struct file *file, const void *buf, size_t count,
		     loff_t *pos)
{
	int err;

	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!file->f_op || !file->f_op->write)
		return -EINVAL;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	err = rw_verify_area(file, *pos, count);
	if (err)
		return err;
	return file->f_op->write(file, buf, count, pos);
}

/* vfs_read() for a user buffer: new_sync_read(), ->read_iter into a UBUF. */
static ssize_t vfs_read_user(struct task_struct *tsk, struct file *file,
			     u64 buf, size_t count, loff_t *pos)
{
	struct kiocb kiocb = { .ki_filp = file, .ki_pos = *pos };
	struct iov_iter iter;
	ssize_t ret;
	int err;

	if (!(file->f_mode & FMODE_READ))
		return -EBADF;
	if (S_ISDIR(file->f_inode->i_mode))
		return -EISDIR;
	/* SIM: ->read takes a host buffer here, so read(2) needs ->read_iter. */
	if (!file->f_op || !file->f_op->read_iter)
		return -EINVAL;
	/* access_ok(): below TASK_SIZE. */
	if (!tsk->mm || buf + count < buf || buf + count > tsk->mm->task_size)
		return -EFAULT;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	err = rw_verify_area(file, *pos, count);
	if (err)
		return err;
	iov_iter_ubuf(&iter, ITER_DEST, tsk, buf, count);
	ret = file->f_op->read_iter(&kiocb, &iter);
	*pos = kiocb.ki_pos;
	return ret;
}

/**
 * ksys_read - read(2) of a task: from the file position into user memory
 * @tsk: the task; @buf is in its address space
 * @file: the file (SIM: no descriptor table, the file is the handle)
 * @buf: user address
 * @count: bytes wanted
 *
 * The data goes straight from the page cache to the task's pages
 * through its MMU (copy_to_user), faulting them in as needed; the file
 * position advances by what was read.
 *
 * Return: bytes read (0 at end of file), or -EBADF, -EISDIR, -EINVAL,
 * -EFAULT (a bad buffer, nothing read), -EIO.
 */
ssize_t ksys_read(struct task_struct *tsk, struct file *file, u64 buf,
		  size_t count)
{
	loff_t pos = file->f_pos;
	ssize_t ret = vfs_read_user(tsk, file, buf, count, &pos);

	if (ret >= 0)
		file->f_pos = pos;
	return ret;
}

/**
 * ksys_pread64 - pread64(2) of a task: at @pos, the file position kept
 * @tsk: the task
 * @file: the file
 * @buf: user address
 * @count: bytes wanted
 * @pos: file offset
 *
 * Return: as ksys_read().
 */
ssize_t ksys_pread64(struct task_struct *tsk, struct file *file, u64 buf,
		     size_t count, loff_t pos)
{
	if (pos < 0)
		return -EINVAL;
	return vfs_read_user(tsk, file, buf, count, &pos);
}
