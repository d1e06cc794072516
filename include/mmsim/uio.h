/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The destination of a read or the source of a write, as
 * include/linux/uio.h's struct iov_iter: a kernel buffer (ITER_KVEC:
 * kernel_read(), m:open's file:read()) or a user buffer (ITER_UBUF: the
 * read(2) and write(2) of a task, copied through the MMU by
 * copy_to_user() and copy_from_user()), so that filemap_read() and
 * generic_perform_write() have one copy loop for both.
 *
 * SIM: one segment only (Linux's ITER_IOVEC readv() vectors and bvecs
 * are not needed yet); the user side names its task, as mmsim has no
 * `current`.
 */
#ifndef MMSIM_UIO_H
#define MMSIM_UIO_H

#include <stddef.h>

#include "fs.h"
#include "types.h"

struct task_struct;
struct folio;

/* Linux's ITER_SOURCE / ITER_DEST: data comes from / goes into it. */
#define ITER_SOURCE	0
#define ITER_DEST	1

enum iter_type {
	ITER_UBUF,
	ITER_KVEC,
};

struct kvec {
	void *iov_base;
	size_t iov_len;
};

struct iov_iter {
	u8 iter_type;
	bool data_source;	/* true: a write drains it (ITER_SOURCE) */
	size_t count;		/* bytes left */
	union {
		char *kbuf;	/* ITER_KVEC: the next byte */
		u64 ubuf;	/* ITER_UBUF: the next user address */
	};
	struct task_struct *task;	/* SIM: ITER_UBUF's address space */
};

/* The I/O control block of one read or write, as struct kiocb. */
struct kiocb {
	struct file *ki_filp;
	loff_t ki_pos;
};

static inline size_t iov_iter_count(const struct iov_iter *i)
{
	return i->count;
}

/* iov_iter_kvec() for one kvec. */
static inline void iov_iter_kvec(struct iov_iter *i, unsigned int direction,
				 const struct kvec *kvec, unsigned long nr_segs,
				 size_t count)
{
	(void)nr_segs;
	*i = (struct iov_iter){ .iter_type = ITER_KVEC,
				.data_source = direction != ITER_DEST,
				.count = count, .kbuf = kvec->iov_base };
}

/* iov_iter_ubuf(), with the task whose memory @buf is in. */
static inline void iov_iter_ubuf(struct iov_iter *i, unsigned int direction,
				 struct task_struct *task, u64 buf,
				 size_t count)
{
	*i = (struct iov_iter){ .iter_type = ITER_UBUF,
				.data_source = direction != ITER_DEST,
				.count = count, .ubuf = buf, .task = task };
}

size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i);
size_t copy_folio_to_iter(struct folio *folio, size_t offset, size_t bytes,
			  struct iov_iter *i);
size_t iov_iter_zero(size_t bytes, struct iov_iter *i);
size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i);
size_t copy_folio_from_iter_atomic(struct folio *folio, size_t offset,
				   size_t bytes, struct iov_iter *i);
size_t fault_in_iov_iter_readable(const struct iov_iter *i, size_t bytes);

/*
 * copy_to_user(): @n bytes from the kernel to @to in @tsk's memory,
 * through the MMU; faults are handled (and a bad address is no signal).
 * SIM: the task is explicit. Return: bytes NOT copied.
 */
unsigned long copy_to_user(struct task_struct *tsk, u64 to, const void *from,
			   unsigned long n);
unsigned long clear_user(struct task_struct *tsk, u64 to, unsigned long n);
/* copy_from_user(): @n bytes of @tsk's memory at @from. Return: NOT copied. */
unsigned long copy_from_user(struct task_struct *tsk, void *to, u64 from,
			     unsigned long n);
/* fault_in_readable(): Return: bytes of [@uaddr, +@size) NOT faulted in. */
size_t fault_in_readable(struct task_struct *tsk, u64 uaddr, size_t size);
/* strncpy_from_user(): Return: length, @count (no NUL), or -EFAULT. */
long strncpy_from_user(struct task_struct *tsk, char *dst, u64 src, long count);

#endif /* MMSIM_UIO_H */
