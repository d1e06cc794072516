// SPDX-License-Identifier: GPL-2.0
/*
 * read(2) and write(2) at an offset (pread/pwrite), as fs/read_write.c:
 * the access checks (EBADF for a file not opened that way, EISDIR for a
 * directory, EINVAL for a negative offset) and the MAX_RW_COUNT clamp,
 * then the filesystem's ->read / ->write.
 */
#include <stdio.h>
#include <mmsim/machine.h>
#include <mmsim/pagemap.h>

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
