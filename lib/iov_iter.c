// SPDX-License-Identifier: GPL-2.0
/*
 * Copying into and out of an iov_iter, as lib/iov_iter.c: a kernel
 * buffer takes a memcpy, a user buffer goes through copy_to_user() or
 * copy_from_user() (the task's MMU, faults and all). A short copy (a bad
 * user address) stops the iterator where the copy stopped, as Linux's
 * does.
 */
#include <string.h>

#include <mmsim/pagemap.h>
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

/**
 * copy_from_iter - copy @bytes out of the iterator to @addr
 * @addr: kernel destination
 * @bytes: how many
 * @i: the source (ITER_SOURCE), advanced by what was copied
 *
 * Return: bytes copied (fewer than asked at a bad user address).
 */
size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i)
{
	size_t n = bytes < i->count ? bytes : i->count;

	if (!i->data_source)
		return 0;	/* WARN_ON_ONCE(!i->data_source) */
	if (i->iter_type == ITER_KVEC) {
		memcpy(addr, i->kbuf, n);
		i->kbuf += n;
	} else {
		n -= copy_from_user(i->task, addr, i->ubuf, n);
		i->ubuf += n;
	}
	i->count -= n;
	return n;
}

/**
 * copy_folio_from_iter_atomic - copy from the iterator into a folio
 * @folio: the destination (a page-cache folio a write locked)
 * @offset: byte offset in it
 * @bytes: how many, @offset + @bytes <= PAGE_SIZE
 * @i: the source, advanced
 *
 * SIM: "atomic" in Linux means page faults are disabled, so a source
 * page that is not present makes the copy short; the caller faulted the
 * source in first (fault_in_iov_iter_readable()), and one host thread
 * runs the machine, so here only a bad address makes it short.
 *
 * Return: bytes copied.
 */
size_t copy_folio_from_iter_atomic(struct folio *folio, size_t offset,
				   size_t bytes, struct iov_iter *i)
{
	return copy_from_iter(folio_address_host(folio) + offset, bytes, i);
}

/**
 * fault_in_iov_iter_readable - fault in the next @bytes of a source
 * @i: the iterator
 * @bytes: how many (at most what is left)
 *
 * Return: bytes NOT faulted in (0: all of them are readable).
 */
size_t fault_in_iov_iter_readable(const struct iov_iter *i, size_t bytes)
{
	if (bytes > i->count)
		bytes = i->count;
	if (i->iter_type != ITER_UBUF)
		return 0;
	return fault_in_readable(i->task, i->ubuf, bytes);
}
