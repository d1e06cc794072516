// SPDX-License-Identifier: GPL-2.0
/*
 * Copying into an iov_iter, as lib/iov_iter.c: a kernel buffer takes a
 * memcpy, a user buffer goes through copy_to_user() (the task's MMU,
 * faults and all). A short copy (a bad user address) stops the
 * iterator where the copy stopped, as Linux's does.
 */
#include <string.h>

#include <mmsim/uio.h>

/**
 * copy_to_iter - copy @bytes from @addr into the iterator
 * @addr: kernel source
 * @bytes: how many
 * @i: the destination, advanced by what was copied
 *
 * Return: bytes copied (fewer than asked at a bad user address).
 */
size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i)
{
	size_t n = bytes < i->count ? bytes : i->count;

	if (i->data_source)
		return 0;	/* WARN_ON_ONCE(i->data_source) */
	if (i->iter_type == ITER_KVEC) {
		memcpy(i->kbuf, addr, n);
		i->kbuf += n;
	} else {
		n -= copy_to_user(i->task, i->ubuf, addr, n);
		i->ubuf += n;
	}
	i->count -= n;
	return n;
}

/**
 * iov_iter_zero - write @bytes zeroes into the iterator (a hole)
 * @bytes: how many
 * @i: the destination
 *
 * Return: bytes zeroed.
 */
size_t iov_iter_zero(size_t bytes, struct iov_iter *i)
{
	size_t n = bytes < i->count ? bytes : i->count;

	if (i->data_source)
		return 0;
	if (i->iter_type == ITER_KVEC) {
		memset(i->kbuf, 0, n);
		i->kbuf += n;
	} else {
		n -= clear_user(i->task, i->ubuf, n);
		i->ubuf += n;
	}
	i->count -= n;
	return n;
}
