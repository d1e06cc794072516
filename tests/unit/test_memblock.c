// SPDX-License-Identifier: GPL-2.0
/* mm/memblock.c: ranges, merging, top-down allocation, free iteration. */
#include "../test.h"

static struct memblock mb;
static struct machine fake;

static void setup(void)
{
	memset(&fake, 0, sizeof(fake));
	machine_enter(&fake);
	memblock_init(&mb);
}

TEST(memblock__adjacent_adds_merge)
{
	setup();
	memblock_add(&mb, 0x1000, 0x1000);
	memblock_add(&mb, 0x2000, 0x2000);
	EXPECT_EQ(mb.memory.cnt, 1);
	EXPECT_EQ(mb.memory.regions[0].base, 0x1000);
	EXPECT_EQ(mb.memory.regions[0].size, 0x3000);
	EXPECT_EQ(mb.memory.total_size, 0x3000);
	memblock_release(&mb);
}

TEST(memblock__overlapping_add_counts_once)
{
	setup();
	memblock_add(&mb, 0x100000, 0x100000);
	memblock_add(&mb, 0x180000, 0x100000);
	EXPECT_EQ(mb.memory.cnt, 1);
	EXPECT_EQ(mb.memory.total_size, 0x180000);
	EXPECT_EQ(memblock_end_of_DRAM(&mb), 0x280000);
	memblock_release(&mb);
}

TEST(memblock__reserve_splits_free_ranges)
{
	unsigned long i, j;
	phys_addr_t s, e, starts[4], ends[4];
	int n = 0;

	setup();
	memblock_add(&mb, 0, 0x100000);
	memblock_reserve(&mb, 0, 0x1000, "first page");
	memblock_reserve(&mb, 0x8000, 0x2000, "x");
	memblock_reserve(&mb, 0xff000, 0x1000, "y");
	for_each_free_mem_range(i, j, &mb, &s, &e, NULL) {
		if (n < 4) {
			starts[n] = s;
			ends[n] = e;
		}
		n++;
	}
	EXPECT_EQ(n, 2);
	EXPECT_EQ(starts[0], 0x1000);
	EXPECT_EQ(ends[0], 0x8000);
	EXPECT_EQ(starts[1], 0xa000);
	EXPECT_EQ(ends[1], 0xff000);
	EXPECT_EQ(memblock_free_pages_in(&mb, 0, 0x100), 0x100 - 1 - 2 - 1);
	EXPECT(memblock_check(&fake) == 0);
	memblock_release(&mb);
}

TEST(memblock__alloc_is_top_down_below_limit)
{
	phys_addr_t a, b;

	setup();
	memblock_add(&mb, 0, 64 << 20);
	mb.current_limit = 32 << 20;
	a = memblock_phys_alloc_range(&mb, 0x3000, PAGE_SIZE, 0,
				      MEMBLOCK_ALLOC_ACCESSIBLE, "a");
	b = memblock_phys_alloc_range(&mb, SZ_2M, SZ_2M, 0,
				      MEMBLOCK_ALLOC_ACCESSIBLE, "b");
	EXPECT_EQ(a, (32 << 20) - 0x3000);
	/* highest 2M-aligned start with b + 2M <= a: 28M */
	EXPECT_EQ(b, (28 << 20));
	EXPECT(memblock_is_reserved(&mb, a));
	EXPECT(!memblock_is_reserved(&mb, a - 1));
	EXPECT_EQ(memblock_phys_alloc_range(&mb, 128 << 20, PAGE_SIZE, 0,
					    MEMBLOCK_ALLOC_ACCESSIBLE, "big"), 0);
	memblock_release(&mb);
}

TEST(memblock__set_node_isolates)
{
	setup();
	memblock_add(&mb, 0, 0x400000);
	memblock_set_node(&mb, 0x200000, 0x200000, 1);
	EXPECT_EQ(mb.memory.cnt, 2);
	EXPECT_EQ(mb.memory.regions[0].nid, 0);
	EXPECT_EQ(mb.memory.regions[1].nid, 1);
	EXPECT_EQ(mb.memory.regions[1].base, 0x200000);
	EXPECT_EQ(mb.memory.total_size, 0x400000);
	EXPECT(memblock_check(&fake) == 0);
	memblock_release(&mb);
}

TEST(memblock__free_of_reserved_middle)
{
	setup();
	memblock_add(&mb, 0, 0x100000);
	memblock_reserve(&mb, 0x10000, 0x10000, "r");
	memblock_phys_free(&mb, 0x14000, 0x4000);
	EXPECT_EQ(mb.reserved.cnt, 2);
	EXPECT_EQ(mb.reserved.total_size, 0xc000);
	EXPECT(!memblock_is_reserved(&mb, 0x15000));
	EXPECT(memblock_is_reserved(&mb, 0x18000));
	EXPECT(memblock_check(&fake) == 0);
	memblock_release(&mb);
}

int main(void)
{
	RUN(memblock__adjacent_adds_merge);
	RUN(memblock__overlapping_add_counts_once);
	RUN(memblock__reserve_splits_free_ranges);
	RUN(memblock__alloc_is_top_down_below_limit);
	RUN(memblock__set_node_isolates);
	RUN(memblock__free_of_reserved_middle);
	return done();
}
