/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the generic kernel asks of an architecture (arch/x86, arch/arm).
 * One const struct arch_ops per --arch value.
 */
#ifndef MMSIM_ARCH_H
#define MMSIM_ARCH_H

#include "machine.h"

struct arch_ops {
	const char *name;		/* "x86_64", as --arch spells it */
	enum mm_arch_id id;
	unsigned int bits;		/* kernel word size: 32 or 64 */
	unsigned int phys_bits;		/* physical address bits the MMU can form */
	unsigned int struct_page_size;	/* simulated sizeof(struct page) */
	unsigned long zones;		/* BIT(ZONE_x) of configured zones */
	int max_nodes;			/* 1 << NODES_SHIFT */
	u64 min_mem;			/* smallest --mem accepted */
	/*
	 * HUGETLB_PAGE_ORDER (HPAGE_SHIFT - PAGE_SHIFT), 0 without hugetlb.
	 * pageblock_order = min(it, MAX_PAGE_ORDER), or MAX_PAGE_ORDER.
	 */
	unsigned int hugetlb_page_order;

	/*
	 * Check the arch-specific options (vmsplit, dma_limit, vmalloc,
	 * layout). Return 0, or -EINVAL with a one-line reason in @err.
	 */
	int (*validate)(const struct machine_config *cfg, char *err,
			size_t errlen);
	/* Firmware: describe RAM and reserved areas (e820 / DT memory). */
	void (*firmware_memmap)(struct machine *m);
	/*
	 * setup_arch(): memblock is filled from the firmware map; reserve
	 * what the arch keeps (first 1 MiB, kernel image, ...), compute
	 * max_low_pfn, m->max_zone_pfn[] and the virtual layout.
	 */
	int (*setup_arch)(struct machine *m);
	/*
	 * paging_init(): build the kernel page tables (direct map, fixmap),
	 * page-table pages from memblock. May be NULL until implemented.
	 */
	int (*paging_init)(struct machine *m);
	/* Arch-specific invariant checks; may be NULL. */
	int (*check)(struct machine *m);
	/* Lines appended to /proc/meminfo (DirectMap4k...); may be NULL. */
	void (*report_meminfo)(struct machine *m, struct strbuf *sb);
};

extern const struct arch_ops x86_32_arch_ops;
extern const struct arch_ops x86_32_pae_arch_ops;
extern const struct arch_ops x86_64_arch_ops;
extern const struct arch_ops x86_64_la57_arch_ops;
extern const struct arch_ops arm32_arch_ops;

const struct arch_ops *arch_ops_for(enum mm_arch_id id);

/* Zones an architecture configures; ZONE_MOVABLE always is. */
static inline bool zone_configured(const struct machine *m, enum zone_type t)
{
	return t == ZONE_MOVABLE || (m->arch->zones & BIT(t));
}

/*
 * __pa() / __va() of the linear map (L6). Return 0 on success, or
 * -EFAULT when the address is outside the direct map (vmalloc, HighMem,
 * fixmap, user, non-canonical); @why then names the region.
 */
int arch_virt_to_phys(struct machine *m, vaddr_t va, phys_addr_t *pa,
		      const char **why);
int arch_phys_to_virt(struct machine *m, phys_addr_t pa, vaddr_t *va,
		      const char **why);

#endif /* MMSIM_ARCH_H */
