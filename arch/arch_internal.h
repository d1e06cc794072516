/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by arch/x86 and arch/arm (not a public header): option
 * checks, feeding memblock from the firmware map, placing the kernel image.
 */
#ifndef MMSIM_ARCH_INTERNAL_H
#define MMSIM_ARCH_INTERNAL_H

#include <stdio.h>

#include <mmsim/arch.h>
#include <mmsim/machine.h>

/*
 * The checks every architecture shares: --mem at least ops->min_mem, a
 * multiple of the page size and at most @max_mem (@why names that limit),
 * --nodes within ops->max_nodes, --vmalloc page aligned.
 */
int arch_check_common(const struct arch_ops *ops, const struct machine_config *cfg,
		      u64 max_mem, const char *why, char *err, size_t errlen);

/* --vmsplit, --dma-limit, --layout given to an arch that has no such thing. */
int arch_reject_32bit_opts(const struct arch_ops *ops,
			   const struct machine_config *cfg, char *err,
			   size_t errlen);

/*
 * Add the firmware's RAM entries to memblock (node 0), trimmed to whole
 * pages as memblock_trim_memory() does, skipping [0, @lowest) and anything
 * at or above @limit. Return the bytes of RAM ignored above @limit.
 */
phys_addr_t arch_memblock_add_ram(struct machine *m, phys_addr_t lowest,
				  phys_addr_t limit);

/* arch_ops.check: the layout and pfn limits are consistent. */
int arch_layout_check(struct machine *m);

#endif /* MMSIM_ARCH_INTERNAL_H */
