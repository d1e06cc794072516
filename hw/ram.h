/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Simulated physical RAM: one sparse host mapping covering physical
 * addresses 0..limit. The host reserves address space only; a page of host
 * memory is paid for when a simulated byte in it is first written.
 *
 * hw/ holds no kernel policy: this is the memory bus, nothing more.
 */
#ifndef MMSIM_HW_RAM_H
#define MMSIM_HW_RAM_H

#include <mmsim/types.h>

struct phys_ram {
	u8 *base;		/* host mapping of physical address 0 */
	phys_addr_t limit;	/* one past the highest addressable byte */
	size_t map_len;		/* length of the host reservation */
	bool host_huge;		/* asked for host huge pages (see ram.c) */
};

/* RAM up to this limit asks the host for transparent huge pages. */
#define RAM_HOST_HUGE_LIMIT	(4ULL << 30)
/* ... and starts on a boundary of the host's huge pages (x86-64, arm64). */
#define RAM_HOST_HUGE_ALIGN	(2ULL << 20)

int ram_init(struct phys_ram *ram, phys_addr_t limit);
void ram_exit(struct phys_ram *ram);

static inline bool ram_valid(const struct phys_ram *ram, phys_addr_t pa,
			     u64 len)
{
	return pa < ram->limit && len <= ram->limit - pa;
}

/*
 * Raw host pointer to a physical byte. Callers must have bounds-checked
 * with ram_valid(); the accessors below do it for them.
 */
static inline void *ram_ptr(const struct phys_ram *ram, phys_addr_t pa)
{
	return ram->base + pa;
}

int ram_read(const struct phys_ram *ram, phys_addr_t pa, void *buf, u64 len);
int ram_write(struct phys_ram *ram, phys_addr_t pa, const void *buf, u64 len);
int ram_fill(struct phys_ram *ram, phys_addr_t pa, int c, u64 len);

/*
 * Aligned 32/64-bit accesses used by page-table walkers. Out-of-range
 * addresses read as all ones (like a bus abort returning ~0) and report
 * failure through the return value of the checked variants.
 */
static inline bool ram_read64(const struct phys_ram *ram, phys_addr_t pa,
			      u64 *val)
{
	if (unlikely(!ram_valid(ram, pa, 8)))
		return false;
	__builtin_memcpy(val, ram->base + pa, 8);
	return true;
}

static inline bool ram_write64(struct phys_ram *ram, phys_addr_t pa, u64 val)
{
	if (unlikely(!ram_valid(ram, pa, 8)))
		return false;
	__builtin_memcpy(ram->base + pa, &val, 8);
	return true;
}

static inline bool ram_read32(const struct phys_ram *ram, phys_addr_t pa,
			      u32 *val)
{
	if (unlikely(!ram_valid(ram, pa, 4)))
		return false;
	__builtin_memcpy(val, ram->base + pa, 4);
	return true;
}

static inline bool ram_write32(struct phys_ram *ram, phys_addr_t pa, u32 val)
{
	if (unlikely(!ram_valid(ram, pa, 4)))
		return false;
	__builtin_memcpy(ram->base + pa, &val, 4);
	return true;
}

#endif /* MMSIM_HW_RAM_H */
