// SPDX-License-Identifier: GPL-2.0
/*
 * read(2) and write(2) at an offset (pread/pwrite), as fs/read_write.c:
 * the access checks (EBADF for a file not opened that way, EISDIR for a
 * directory, EINVAL for a negative offset) and the MAX_RW_COUNT clamp,
 * then the filesystem's ->read / ->write. The system calls of a task
 * look their fd up (fs/file.c) and move data between the page cache and
 * user memory through the task's MMU: read(2) and pread64(2) through
 * ->read_iter (copy_to_user, as Linux's new_sync_read() ->
 * filemap_read()), write(2) and pwrite64(2) through ->write_iter
 * (copy_from_user into each page-cache folio, generic_perform_write()).
 * lseek(2) moves the position of the open file description.
 */
#include <stdio.h>
#include <mmsim/arch.h>
#include <mmsim/fdtable.h>
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

/* access_ok(): a user range must lie below the task's TASK_SIZE. */
static bool access_ok(struct task_struct *tsk, u64 buf, size_t count)
{
	return tsk->mm && buf + count >= buf && buf + count <= tsk->mm->task_size;
}

/**
 * vfs_read - read from @file at *@pos into a task's memory
 * @tsk: the task; @buf is in its address space
 * @file: the file
 * @buf: user address
 * @count: bytes wanted (clamped to MAX_RW_COUNT)
 * @pos: offset, advanced by what was read
 *
 * new_sync_read(): ->read_iter into a UBUF iterator, so the page cache
 * is copied straight to the task's pages through its MMU
 * (copy_to_user), faulting them in as needed.
 *
 * Return: bytes read (0 at end of file; short at a bad address after
 * some bytes), or -EBADF (not open for reading), -EISDIR, -EINVAL,
 * -EFAULT (a bad buffer, nothing read), -EIO.
 */
ssize_t vfs_read(struct task_struct *tsk, struct file *file, u64 buf,
		 size_t count, loff_t *pos)
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
	if (!access_ok(tsk, buf, count))
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
 * vfs_write - write a task's memory to @file at *@pos
 * @tsk: the task; @buf is in its address space
 * @file: the file
 * @buf: user address
 * @count: bytes (clamped to MAX_RW_COUNT)
 * @pos: offset (O_APPEND: ignored, the end of the file), advanced
 *
 * new_sync_write(): ->write_iter from a UBUF iterator; the bytes are
 * copied from the task's pages (copy_from_user through its MMU) into the
 * page cache, a page at a time. A bad address after some bytes makes the
 * write short, as Linux's.
 *
 * Return: bytes written, or -EBADF (not open for writing), -EINVAL,
 * -EFAULT (a bad buffer, nothing written), -EFBIG, -ENOSPC, -ENOMEM.
 */
ssize_t vfs_write(struct task_struct *tsk, struct file *file, u64 buf,
		  size_t count, loff_t *pos)
{
	struct kiocb kiocb = { .ki_filp = file, .ki_pos = *pos };
	struct iov_iter iter;
	ssize_t ret;
	int err;

	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!file->f_op || !file->f_op->write_iter)
		return -EINVAL;
	if (!access_ok(tsk, buf, count))
		return -EFAULT;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	err = rw_verify_area(file, *pos, count);
	if (err)
		return err;
	iov_iter_ubuf(&iter, ITER_SOURCE, tsk, buf, count);
	ret = file->f_op->write_iter(&kiocb, &iter);
	if (ret > 0)
		*pos = kiocb.ki_pos;
	return ret;
}

/**
 * ksys_read - read(2): from the fd's file position into user memory
 * @tsk: the task
 * @fd: an fd of @tsk
 * @buf: user address
 * @count: bytes wanted
 *
 * The position is the open file description's: a forked child reading
 * the same fd moves its parent's too.
 *
 * Return: as vfs_read(), or -EBADF for an fd that is not open.
 */
ssize_t ksys_read(struct task_struct *tsk, unsigned int fd, u64 buf,
		  size_t count)
{
	struct fd f = fdget(tsk, fd);
	loff_t pos;
	ssize_t ret;

	if (!f.file)
		return -EBADF;
	pos = f.file->f_pos;
	ret = vfs_read(tsk, f.file, buf, count, &pos);
	if (ret >= 0)
		f.file->f_pos = pos;
	fdput(f);
	return ret;
}

/**
 * ksys_write - write(2): user memory at the fd's file position
 * @tsk: the task
 * @fd: an fd of @tsk
 * @buf: user address
 * @count: bytes
 *
 * With O_APPEND each write goes to the end of the file and the position
 * follows it.
 *
 * Return: as vfs_write(), or -EBADF for an fd that is not open.
 */
ssize_t ksys_write(struct task_struct *tsk, unsigned int fd, u64 buf,
		   size_t count)
{
	struct fd f = fdget(tsk, fd);
	loff_t pos;
	ssize_t ret;

	if (!f.file)
		return -EBADF;
	pos = f.file->f_pos;
	ret = vfs_write(tsk, f.file, buf, count, &pos);
	if (ret >= 0)
		f.file->f_pos = pos;
	fdput(f);
	return ret;
}

/**
 * ksys_pread64 - pread64(2): at @pos, the file position kept
 * @tsk: the task
 * @fd: an fd of @tsk
 * @buf: user address
 * @count: bytes wanted
 * @pos: file offset
 *
 * Return: as ksys_read(), -EINVAL for a negative offset.
 */
ssize_t ksys_pread64(struct task_struct *tsk, unsigned int fd, u64 buf,
		     size_t count, loff_t pos)
{
	struct fd f;
	ssize_t ret;

	if (pos < 0)
		return -EINVAL;
	f = fdget(tsk, fd);
	if (!f.file)
		return -EBADF;
	ret = vfs_read(tsk, f.file, buf, count, &pos);
	fdput(f);
	return ret;
}

/**
 * ksys_pwrite64 - pwrite64(2): at @pos, the file position kept
 * @tsk: the task
 * @fd: an fd of @tsk
 * @buf: user address
 * @count: bytes
 * @pos: file offset (with O_APPEND Linux appends anyway, and so does this)
 *
 * Return: as ksys_write(), -EINVAL for a negative offset.
 */
ssize_t ksys_pwrite64(struct task_struct *tsk, unsigned int fd, u64 buf,
		      size_t count, loff_t pos)
{
	struct fd f;
	ssize_t ret;

	if (pos < 0)
		return -EINVAL;
	f = fdget(tsk, fd);
	if (!f.file)
		return -EBADF;
	ret = vfs_write(tsk, f.file, buf, count, &pos);
	fdput(f);
	return ret;
}

/* vfs_setpos(): a new position within [0, maxsize], else -EINVAL. */
static loff_t vfs_setpos(struct file *file, loff_t offset, loff_t maxsize)
{
	if (offset < 0 || offset > maxsize)
		return -EINVAL;
	file->f_pos = offset;
	return offset;
}

/**
 * generic_file_llseek - lseek(2) of a file without holes to report
 * @file: the file
 * @offset: the offset
 * @whence: SEEK_SET, SEEK_CUR, SEEK_END, SEEK_DATA, SEEK_HOLE
 *
 * generic_file_llseek_size() with s_maxbytes: SEEK_DATA returns @offset
 * and SEEK_HOLE the end of the file (the whole file is data, as for
 * Linux's ext2), both -ENXIO at or past the end.
 *
 * Return: the new position, or -EINVAL (negative or past s_maxbytes, bad
 * whence), -ENXIO.
 */
loff_t generic_file_llseek(struct file *file, loff_t offset, int whence)
{
	struct inode *inode = file->f_mapping->host;
	loff_t maxsize = inode->i_sb->s_maxbytes, eof = i_size_read(inode);

	switch (whence) {
	case SEEK_SET:
		break;
	case SEEK_END:
		if (__builtin_add_overflow(offset, eof, &offset))
			return -EINVAL;
		break;
	case SEEK_CUR:
		if (offset == 0)
			return file->f_pos;
		if (__builtin_add_overflow(offset, file->f_pos, &offset))
			return -EINVAL;
		break;
	case SEEK_DATA:
		if (offset < 0 || offset >= eof)
			return -ENXIO;
		break;
	case SEEK_HOLE:
		if (offset < 0 || offset >= eof)
			return -ENXIO;
		offset = eof;
		break;
	default:
		return -EINVAL;
	}
	return vfs_setpos(file, offset, maxsize);
}

/**
 * ksys_lseek - lseek(2)
 * @tsk: the task
 * @fd: an fd of @tsk
 * @offset: the offset
 * @whence: SEEK_SET .. SEEK_HOLE
 *
 * On a 32-bit machine off_t is 32 bits: a position that does not fit is
 * -EOVERFLOW, the position having moved all the same, as Linux's
 * lseek(2) (a 32-bit program uses _llseek for large files).
 *
 * Return: the new position, or -EBADF, -EINVAL, -ENXIO, -EOVERFLOW.
 */
loff_t ksys_lseek(struct task_struct *tsk, unsigned int fd, loff_t offset,
		  unsigned int whence)
{
	struct fd f = fdget(tsk, fd);
	struct machine *m = current_machine();
	loff_t ret;

	if (!f.file)
		return -EBADF;
	if (whence > SEEK_MAX) {
		fdput(f);
		return -EINVAL;
	}
	/* SIM: ->llseek is generic_file_llseek() for every filesystem. */
	ret = generic_file_llseek(f.file, offset, (int)whence);
	if (ret >= 0 && m->arch->bits == 32 && ret != (loff_t)(s32)ret)
		ret = -EOVERFLOW;
	fdput(f);
	return ret;
}
