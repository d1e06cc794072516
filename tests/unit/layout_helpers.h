/* SPDX-License-Identifier: GPL-2.0 */
/* Shared helpers of the test_layout_* and test_zones_* unit tests. */
#ifndef MMSIM_TEST_LAYOUT_HELPERS_H
#define MMSIM_TEST_LAYOUT_HELPERS_H

#include "../test.h"

/* Boot @arch with @mem and the 32-bit options (0 = default). */
static inline struct machine *boot_with(const char *arch, u64 mem,
					u64 vmsplit, u64 dma_limit,
					u64 vmalloc)
{
	struct machine_config cfg;

	machine_config_default(&cfg);
	if (parse_arch(arch, &cfg.arch))
		return NULL;
	cfg.mem = mem;
	if (vmsplit)
		cfg.vmsplit = vmsplit;
	cfg.dma_limit = dma_limit;
	cfg.vmalloc = vmalloc;
	return test_boot_cfg(&cfg);
}

static inline vaddr_t region_start(struct machine *m, const char *name)
{
	const struct layout_region *r = layout_find(&m->layout, name);

	return r ? r->start : 0xdeadULL;
}

static inline vaddr_t region_end(struct machine *m, const char *name)
{
	const struct layout_region *r = layout_find(&m->layout, name);

	return r ? r->end : 0xdeadULL;
}

static inline const struct zone *zone_of(struct machine *m, enum zone_type t)
{
	return &m->node_data[0]->node_zones[t];
}

/* Zone @t spans [start, end) (pfns); end == start means empty. */
#define EXPECT_ZONE(m, t, start, end)					\
	do {								\
		const struct zone *__z = zone_of((m), (t));		\
		EXPECT_EQ(__z->spanned_pages, (u64)(end) - (start));	\
		if ((end) != (start))					\
			EXPECT_EQ(__z->zone_start_pfn, (start));	\
	} while (0)

#endif
