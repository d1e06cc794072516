/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shape of an architecture's enum fixed_addresses (asm/fixmap.h), as
 * data: Linux fixes it at compile time, one mmsim binary runs five
 * architectures, so each one describes its slots here in setup_arch()
 * (arch/x86/layout_32.c, layout_64.c, arch/arm/setup.c) and the generic
 * fixmap code (mm/fixmap.c) and kmap_local (mm/highmem_local.c) read it.
 */
#ifndef MMSIM_FIXMAP_TYPES_H
#define MMSIM_FIXMAP_TYPES_H

#include "types.h"

#define MAX_FIXMAP_RANGES	12

/* One named run of slots: FIX_APIC_BASE, FIX_KMAP_BEGIN..FIX_KMAP_END. */
struct fixmap_range {
	const char *name;	/* enum name of @first */
	const char *last_name;	/* enum name of @last, NULL for one slot */
	unsigned int first, last;	/* indices, inclusive, first <= last */
};

struct fixmap_layout {
	vaddr_t top;			/* FIXADDR_TOP: __fix_to_virt(0) */
	unsigned int end_permanent;	/* __end_of_permanent_fixed_addresses */
	unsigned int end;		/* __end_of_fixed_addresses */
	/* FIX_KMAP_BEGIN..FIX_KMAP_END; nr_kmap 0 without KMAP_LOCAL. */
	unsigned int kmap_begin, nr_kmap;
	unsigned int km_max_idx;	/* KM_MAX_IDX: kmap_local slots per CPU */
	unsigned int kmap_cpus;		/* NR_CPUS the kmap slots are sized for */
	/* ARM's arch_kmap_local_post_map(): flush the slot after mapping. */
	bool kmap_flush_on_map;
	int nr_ranges;
	struct fixmap_range ranges[MAX_FIXMAP_RANGES];
};

/*
 * fixmap_add_range - describe one enum run of an architecture's fixmap
 * @f: the layout's fixmap (zeroed by the caller first)
 * @name: Linux's enum name of @first
 * @last_name: of @last (NULL for a single slot)
 * @first: first index
 * @last: last index (inclusive); ignored when the table is full
 */
void fixmap_add_range(struct fixmap_layout *f, const char *name,
		      const char *last_name, unsigned int first,
		      unsigned int last);

#endif /* MMSIM_FIXMAP_TYPES_H */
