// SPDX-License-Identifier: GPL-2.0
/*
 * Sparse simulated RAM. The whole physical address range is reserved with
 * one anonymous MAP_NORESERVE mapping, so a 1 TiB machine costs host
 * address space but no host memory until simulated code writes to it.
 * Reads of never-written memory see zeroes, as the host provides them.
 */
#define _DEFAULT_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <unistd.h>

#include "ram.h"

/*
 * Reserve @len bytes of host address space starting on an @align
 * boundary: reserve @align more and give back the ends.
 */
static void *reserve_aligned(size_t len, size_t align)
{
	u8 *p = mmap(NULL, len + align, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	uintptr_t start;

	if (p == MAP_FAILED)
		return p;
	start = ALIGN((uintptr_t)p, (uintptr_t)align);
	if (start > (uintptr_t)p)
		munmap(p, start - (uintptr_t)p);
	munmap((u8 *)start + len, (uintptr_t)p + align - start);
	return (void *)start;
}

int ram_init(struct phys_ram *ram, phys_addr_t limit)
{
	bool huge = limit <= RAM_HOST_HUGE_LIMIT;
	void *p;

	memset(ram, 0, sizeof(*ram));
	if (!limit || limit & (PAGE_SIZE - 1))
		return -EINVAL;
	/* Aligned, so that simulated 2 MiB blocks sit on host huge pages. */
	p = huge ? reserve_aligned(limit, RAM_HOST_HUGE_ALIGN) :
		   mmap(NULL, limit, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -ENOMEM;
	/*
	 * Host huge pages for small machines, small pages for large ones.
	 * Simulated RAM is touched in random order by the simulated kernel
	 * (slab objects, page tables, page cache): on 4 KiB host pages each
	 * of those accesses can miss the host's TLB, as Linux avoids for
	 * its own linear map by mapping it with huge pages. A transparent
	 * huge page costs 2 MiB of host memory on its first touch, though,
	 * which would defeat the sparseness of a machine of many GiB; up to
	 * RAM_HOST_HUGE_LIMIT the worst case is the machine's own RAM size.
	 */
	ram->host_huge = huge;
	madvise(p, limit, ram->host_huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	ram->base = p;
	ram->limit = limit;
	ram->map_len = limit;
	return 0;
}

void ram_exit(struct phys_ram *ram)
{
	if (ram->base)
		munmap(ram->base, ram->map_len);
	memset(ram, 0, sizeof(*ram));
}

int ram_read(const struct phys_ram *ram, phys_addr_t pa, void *buf, u64 len)
{
	if (!ram_valid(ram, pa, len))
		return -EFAULT;
	memcpy(buf, ram->base + pa, len);
	return 0;
}

int ram_write(struct phys_ram *ram, phys_addr_t pa, const void *buf, u64 len)
{
	if (!ram_valid(ram, pa, len))
		return -EFAULT;
	memcpy(ram->base + pa, buf, len);
	return 0;
}

int ram_fill(struct phys_ram *ram, phys_addr_t pa, int c, u64 len)
{
	if (!ram_valid(ram, pa, len))
		return -EFAULT;
	memset(ram->base + pa, c, len);
	return 0;
}
