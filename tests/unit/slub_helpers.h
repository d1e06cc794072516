/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the tests/unit/test_slub_*.c files. */
#ifndef MMSIM_TEST_SLUB_HELPERS_H
#define MMSIM_TEST_SLUB_HELPERS_H

#include "../test.h"
#include <mmsim/page_alloc.h>
#include <mmsim/slab.h>
#include <mmsim/vmstat.h>

#include "mm/slab.h"

static inline struct machine *slub_boot(const char *arch, const char *mem,
					int cpus, const char *cmdline)
{
	struct machine_config cfg;

	machine_config_default(&cfg);
	if (parse_arch(arch, &cfg.arch) || parse_size(mem, &cfg.mem))
		return NULL;
	cfg.cpus = cpus;
	snprintf(cfg.cmdline, sizeof(cfg.cmdline), "%s", cmdline);
	return test_boot_cfg(&cfg);
}

/* Free pages with the per-CPU lists drained: the leak-check baseline. */
static inline unsigned long slub_free_pages(void)
{
	drain_all_pages(NULL);
	return global_zone_page_state(NR_FREE_PAGES);
}

/* Give every empty slab of every cache back to the page allocator. */
static inline void slub_shrink_all(void)
{
	for (struct kmem_cache *s = kmem_cache_first(); s;
	     s = kmem_cache_next(s))
		kmem_cache_shrink(s);
}

static inline u8 *slub_bytes(vaddr_t va)
{
	return slab_host(slab_state(), va);
}

#endif
