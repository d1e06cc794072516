// SPDX-License-Identifier: GPL-2.0
/*
 * set_memory_ro/rw/nx/x/4k (include/linux/set_memory.h): the calls of
 * generic code, each handed to the machine's architecture (struct pt_ops
 * ->set_memory): arch/x86/set_memory.c splits large pages as
 * arch/x86/mm/pat/set_memory.c does; arch/arm/pgtable.c changes only the
 * vmalloc and module areas, as arch/arm/mm/pageattr.c does.
 */
#include <mmsim/paging.h>

/**
 * set_memory_ro - make @numpages kernel pages from @addr read-only
 * @addr: kernel virtual address (page aligned down)
 * @numpages: number of 4 KiB pages
 *
 * Return: 0 or -errno (-EFAULT: a page is not mapped; -EINVAL: not a
 * kernel range, or on ARM outside the vmalloc/module areas; -ENOMEM).
 */
int set_memory_ro(u64 addr, int numpages)
{
	return pt_ops()->set_memory(addr, numpages, SET_MEMORY_RO);
}

/**
 * set_memory_rw - make @numpages kernel pages from @addr writable
 * @addr: kernel virtual address
 * @numpages: number of 4 KiB pages
 *
 * Return: 0 or -errno, as set_memory_ro().
 */
int set_memory_rw(u64 addr, int numpages)
{
	return pt_ops()->set_memory(addr, numpages, SET_MEMORY_RW);
}

/**
 * set_memory_nx - make @numpages kernel pages from @addr non-executable
 * @addr: kernel virtual address
 * @numpages: number of 4 KiB pages
 *
 * Without NX in the format (x86_32 non-PAE) this does nothing, as Linux's
 * does when __supported_pte_mask lacks _PAGE_NX. Return: 0 or -errno.
 */
int set_memory_nx(u64 addr, int numpages)
{
	return pt_ops()->set_memory(addr, numpages, SET_MEMORY_NX);
}

/**
 * set_memory_x - make @numpages kernel pages from @addr executable
 * @addr: kernel virtual address
 * @numpages: number of 4 KiB pages
 *
 * Return: 0 or -errno, as set_memory_nx().
 */
int set_memory_x(u64 addr, int numpages)
{
	return pt_ops()->set_memory(addr, numpages, SET_MEMORY_X);
}

/**
 * set_memory_4k - map @numpages kernel pages from @addr with 4 KiB pages
 * @addr: kernel virtual address
 * @numpages: number of 4 KiB pages
 *
 * Splits every large page touching the range, without changing any
 * protection. x86 only, as in Linux: -EINVAL on ARM.
 * Return: 0 or -errno.
 */
int set_memory_4k(u64 addr, int numpages)
{
	return pt_ops()->set_memory(addr, numpages, SET_MEMORY_4K);
}
