// SPDX-License-Identifier: GPL-2.0
/*
 * arm32 layout (L5) and zones (Z6): the four distributions of note 004.
 *
 * Derivation (arch/arm/mm/mmu.c adjust_lowmem_bounds, init.c):
 *   VMALLOC_END = 0xff800000, VMALLOC_OFFSET = 8M, default vmalloc 240M
 *   vmalloc_limit = VMALLOC_END - 240M - 8M - PAGE_OFFSET + PHYS_OFFSET
 *     3G split: 0xff800000 - 0xf000000 - 0x800000 - 0xc0000000 = 0x30000000
 *     2G split: 0xf0000000 - 0x80000000 = 0x70000000
 *   arm_lowmem_limit = min(vmalloc_limit, end of RAM); max_low_pfn its pfn
 *   VMALLOC_START = (high_memory + 8M) & ~(8M - 1)
 *   arm_dma_pfn_limit = (PHYS_OFFSET + dma_limit - 1) >> 12; 32M -> 0x1fff
 *     (Linux uses the pfn of the last byte as the exclusive zone end);
 *     no limit: 0xffffffff >> 12 = 0xfffff, so DMA covers all lowmem.
 *   modules = [PAGE_OFFSET - 16M, PAGE_OFFSET - 2M), pkmap the last 2M
 *   below PAGE_OFFSET, TASK_SIZE = PAGE_OFFSET - 16M.
 */
#include "layout_helpers.h"

TEST(layout_arm32__3g)
{
	struct machine *m = boot_with("arm32", SZ_1G, 0, 0, 0);

	ASSERT(m);
	EXPECT_EQ(region_start(m, "vectors"), 0xffff0000);
	EXPECT_EQ(region_start(m, "fixmap"), 0xffc80000);
	EXPECT_EQ(region_end(m, "fixmap"), 0xfff00000);
	EXPECT_EQ(region_start(m, "lowmem"), 0xc0000000);
	EXPECT_EQ(region_end(m, "lowmem"), 0xf0000000);
	EXPECT_EQ(region_start(m, "vmalloc"), 0xf0800000);
	EXPECT_EQ(region_end(m, "vmalloc"), 0xff800000);
	EXPECT_EQ(region_start(m, "pkmap"), 0xbfe00000);
	EXPECT_EQ(region_end(m, "pkmap"), 0xc0000000);
	EXPECT_EQ(region_start(m, "modules"), 0xbf000000);
	EXPECT_EQ(region_end(m, "modules"), 0xbfe00000);
	EXPECT_EQ(m->layout.task_size, 0xbf000000);
	EXPECT_EQ(m->arch->check(m), 0);
	machine_destroy(m);
}

TEST(layout_arm32__2g_split)
{
	struct machine *m = boot_with("arm32", 2 * SZ_1G, 2 * SZ_1G, 0, 0);

	ASSERT(m);
	EXPECT_EQ(m->layout.page_offset, 0x80000000);
	EXPECT_EQ(region_start(m, "modules"), 0x7f000000);
	EXPECT_EQ(region_start(m, "pkmap"), 0x7fe00000);
	EXPECT_EQ(m->max_low_pfn, 0x70000);
	EXPECT_EQ(region_end(m, "lowmem"), 0xf0000000);
	EXPECT_ZONE(m, ZONE_DMA, 0, 0x70000);
	EXPECT_ZONE(m, ZONE_HIGHMEM, 0x70000, 0x80000);
	machine_destroy(m);
}

TEST(layout_arm32__vmalloc_option)
{
	struct machine *m = boot_with("arm32", SZ_1G, 0, 0, 400 * SZ_1M);

	ASSERT(m);
	/* vmalloc_limit = 0xff800000 - 0x19000000 - 0x800000 - 0xc0000000 */
	EXPECT_EQ(m->max_low_pfn, 0x26000);
	EXPECT_EQ(region_start(m, "vmalloc"), 0xe6800000);
	EXPECT_EQ(region_end(m, "vmalloc") - region_start(m, "vmalloc"),
		  400 * SZ_1M);
	machine_destroy(m);

	m = boot_with("arm32", SZ_1G, 0, 0, 8 * SZ_1M);
	ASSERT(m);
	EXPECT(strstr(sb_str(&m->dmesg),
		      "vmalloc area is too small, limiting to 16MiB"));
	machine_destroy(m);
}

/* Case 1: a DMA limit and more RAM than lowmem: three zones. */
TEST(zones_arm32__case1_dma_normal_highmem)
{
	struct machine *m = boot_with("arm32", SZ_1G, 0, 32 * SZ_1M, 0);

	ASSERT(m);
	EXPECT_ZONE(m, ZONE_DMA, 0, 0x1fff);
	EXPECT_ZONE(m, ZONE_NORMAL, 0x1fff, 0x30000);
	EXPECT_ZONE(m, ZONE_HIGHMEM, 0x30000, 0x40000);
	machine_destroy(m);
}

/* Case 2: no DMA limit, RAM beyond lowmem: Normal degenerates to 0. */
TEST(zones_arm32__case2_normal_empty)
{
	struct machine *m = boot_with("arm32", SZ_1G, 0, 0, 0);

	ASSERT(m);
	EXPECT_ZONE(m, ZONE_DMA, 0, 0x30000);
	EXPECT_ZONE(m, ZONE_NORMAL, 0x30000, 0x30000);
	EXPECT_ZONE(m, ZONE_HIGHMEM, 0x30000, 0x40000);
	machine_destroy(m);
}

/* Case 3: a DMA limit, RAM fits lowmem: HighMem degenerates to 0. */
TEST(zones_arm32__case3_highmem_empty)
{
	struct machine *m = boot_with("arm32", 512 * SZ_1M, 0, 32 * SZ_1M, 0);

	ASSERT(m);
	EXPECT_ZONE(m, ZONE_DMA, 0, 0x1fff);
	EXPECT_ZONE(m, ZONE_NORMAL, 0x1fff, 0x20000);
	EXPECT_ZONE(m, ZONE_HIGHMEM, 0x20000, 0x20000);
	machine_destroy(m);
}

/* Case 4: no DMA limit, RAM fits lowmem: only DMA. */
TEST(zones_arm32__case4_only_dma)
{
	struct machine *m = boot_with("arm32", 512 * SZ_1M, 0, 0, 0);

	ASSERT(m);
	EXPECT_ZONE(m, ZONE_DMA, 0, 0x20000);
	EXPECT_ZONE(m, ZONE_NORMAL, 0x20000, 0x20000);
	EXPECT_ZONE(m, ZONE_HIGHMEM, 0x20000, 0x20000);
	EXPECT_EQ(m->layout.high_memory, 0xe0000000);
	EXPECT_EQ(region_start(m, "vmalloc"), 0xe0800000);
	machine_destroy(m);
}

int main(void)
{
	RUN(layout_arm32__3g);
	RUN(layout_arm32__2g_split);
	RUN(layout_arm32__vmalloc_option);
	RUN(zones_arm32__case1_dma_normal_highmem);
	RUN(zones_arm32__case2_normal_empty);
	RUN(zones_arm32__case3_highmem_empty);
	RUN(zones_arm32__case4_only_dma);
	return done();
}
