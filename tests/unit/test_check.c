// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/check.c: m:check() notices each kind of broken boot state, and
 * passes again once the state is restored.
 */
#include "../test.h"

#define EXPECT_CAUGHT(m, what, corrupt, restore)			\
	do {								\
		corrupt;						\
		if (machine_check(m) == 0)				\
			FAIL_AT("check missed: %s", what);		\
		restore;						\
		if (machine_check(m) != 0)				\
			FAIL_AT("check still fails after restoring %s:\n%s", \
				what, sb_str(&(m)->check_report));	\
	} while (0)

TEST(check__catches_accounting_corruption)
{
	struct machine *m = test_boot("x86_32", "2G");
	struct zone *normal;

	ASSERT(m);
	ASSERT(machine_check(m) == 0);
	normal = &m->node_data[0]->node_zones[ZONE_NORMAL];
	EXPECT_CAUGHT(m, "MemTotal", m->totalram_pages += 5,
		      m->totalram_pages -= 5);
	EXPECT_CAUGHT(m, "HighTotal", m->totalhigh_pages += 1,
		      m->totalhigh_pages -= 1);
	EXPECT_CAUGHT(m, "reserved pages", m->reserved_pages += 7,
		      m->reserved_pages -= 7);
	EXPECT_CAUGHT(m, "present pages", normal->present_pages -= 1,
		      normal->present_pages += 1);
	EXPECT_CAUGHT(m, "node span", m->node_data[0]->node_spanned_pages += 100,
		      m->node_data[0]->node_spanned_pages -= 100);
	EXPECT_CAUGHT(m, "zone lookup",
		      m->zone_lookup[5] = m->zone_lookup[5] == 1 ? 2 : 1,
		      m->zone_lookup[5] = 1);
	machine_destroy(m);
}

TEST(check__catches_memblock_corruption)
{
	struct machine *m = test_boot("x86_64", "1G");
	struct memblock_region *r;
	phys_addr_t base;

	ASSERT(m);
	ASSERT(m->memblock.reserved.cnt >= 2);
	r = &m->memblock.reserved.regions[1];
	base = r->base;
	/* start inside the region below */
	EXPECT_CAUGHT(m, "reserved overlap",
		      r->base = r[-1].base + r[-1].size - 0x1000,
		      r->base = base);
	EXPECT_CAUGHT(m, "memory total", m->memblock.memory.total_size += 1,
		      m->memblock.memory.total_size -= 1);
	machine_destroy(m);
}

int main(void)
{
	RUN(check__catches_accounting_corruption);
	RUN(check__catches_memblock_corruption);
	return done();
}
