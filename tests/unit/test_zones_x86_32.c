// SPDX-License-Identifier: GPL-2.0
/*
 * x86_32 / x86_32_pae zone sizes (Z2, Z3, Z4, L3), derived by hand.
 *
 * RAM as memblock holds it (e820 of a PC, page 0 trimmed):
 *   [0x1000, 0x9f000) + [1M, min(mem, 3G)) + [4G, 4G + mem - 3G)
 * zone_sizes_init(): DMA < 16M (pfn 0x1000), Normal < max_low_pfn,
 *   HighMem < max_pfn. Zones start where the previous one ended (DMA at
 *   the first RAM pfn, 1).
 * MAXMEM_PFN (3G split): 0x373fe without PAE, 0x375fe with PAE (see
 *   test_layout_x86_32.c for the derivation).
 */
#include "layout_helpers.h"

TEST(zones_x86_32__512m_no_highmem)
{
	struct machine *m = boot_with("x86_32", 512 * SZ_1M, 0, 0, 0);

	ASSERT(m);
	/* max_pfn 0x20000 <= 0x373fe: lowmem_pfn_init(), everything low */
	EXPECT_EQ(m->max_pfn, 0x20000);
	EXPECT_EQ(m->max_low_pfn, 0x20000);
	EXPECT_ZONE(m, ZONE_DMA, 1, 0x1000);
	EXPECT_ZONE(m, ZONE_NORMAL, 0x1000, 0x20000);
	EXPECT_ZONE(m, ZONE_HIGHMEM, 0x20000, 0x20000);
	EXPECT_ZONE(m, ZONE_DMA32, 0, 0);
	EXPECT(strstr(sb_str(&m->dmesg), "0MB HIGHMEM available."));
	EXPECT(strstr(sb_str(&m->dmesg), "512MB LOWMEM available."));
	machine_destroy(m);
}

TEST(zones_x86_32__896m_does_not_all_fit)
{
	struct machine *m = boot_with("x86_32", 896 * SZ_1M, 0, 0, 0);

	ASSERT(m);
	/* max_pfn 0x38000 > 0x373fe: 0xc02 pages (12 MiB) become HighMem */
	EXPECT_EQ(m->max_pfn, 0x38000);
	EXPECT_EQ(m->max_low_pfn, 0x373fe);
	EXPECT_ZONE(m, ZONE_NORMAL, 0x1000, 0x373fe);
	EXPECT_ZONE(m, ZONE_HIGHMEM, 0x373fe, 0x38000);
	machine_destroy(m);
}

TEST(zones_x86_32__2g)
{
	struct machine *m = boot_with("x86_32", 2 * SZ_1G, 0, 0, 0);

	ASSERT(m);
	EXPECT_EQ(m->max_pfn, 0x80000);
	EXPECT_ZONE(m, ZONE_DMA, 1, 0x1000);
	EXPECT_ZONE(m, ZONE_NORMAL, 0x1000, 0x373fe);
	EXPECT_ZONE(m, ZONE_HIGHMEM, 0x373fe, 0x80000);
	/* DMA present: pfns 1..0x9e and 0x100..0xfff = 0x9e + 0xf00 */
	EXPECT_EQ(zone_of(m, ZONE_DMA)->present_pages, 0x9e + 0xf00);
	EXPECT(strstr(sb_str(&m->dmesg), "1164MB HIGHMEM available."));
	EXPECT(strstr(sb_str(&m->dmesg), "883MB LOWMEM available."));
	machine_destroy(m);
}

TEST(zones_x86_32__4g_loses_the_pci_hole_part)
{
	struct machine *m = boot_with("x86_32", 4 * SZ_1G, 0, 0, 0);

	ASSERT(m);
	/*
	 * RAM is [1M, 3G) + [4G, 5G); without PAE max_arch_pfn = 0x100000,
	 * so the GiB displaced above 4G is ignored.
	 */
	EXPECT_EQ(m->max_pfn, 0xc0000);
	EXPECT_EQ(m->ignored_ram, SZ_1G);
	EXPECT_ZONE(m, ZONE_HIGHMEM, 0x373fe, 0xc0000);
	EXPECT(strstr(sb_str(&m->dmesg),
		      "Warning: only 4GB will be used. Use a HIGHMEM64G enabled kernel!"));
	machine_destroy(m);
}

TEST(zones_x86_32__8g_above_4g_ignored)
{
	struct machine *m = boot_with("x86_32", 8 * SZ_1G, 0, 0, 0);

	ASSERT(m);
	/* [4G, 9G) is all ignored: 5 GiB */
	EXPECT_EQ(m->max_pfn, 0xc0000);
	EXPECT_EQ(m->ignored_ram, 5 * SZ_1G);
	EXPECT(strstr(sb_str(&m->dmesg),
		      "e820: last_pfn = 0xc0000 max_arch_pfn = 0x100000"));
	EXPECT(strstr(sb_str(&m->dmesg), "Warning: only 4GB will be used"));
	machine_destroy(m);
}

TEST(zones_x86_32__2g_split_and_vmalloc)
{
	struct machine *m = boot_with("x86_32", 2 * SZ_1G, 2 * SZ_1G, 0, 0);

	ASSERT(m);
	/* MAXMEM_PFN 0x773fe (2G split) > 0x80000? no: 0x773fe < 0x80000 */
	EXPECT_ZONE(m, ZONE_NORMAL, 0x1000, 0x773fe);
	EXPECT_ZONE(m, ZONE_HIGHMEM, 0x773fe, 0x80000);
	machine_destroy(m);

	m = boot_with("x86_32", 2 * SZ_1G, 0, 0, 256 * SZ_1M);
	ASSERT(m);
	/* vmalloc=256M: MAXMEM_PFN 0x2ebfe */
	EXPECT_ZONE(m, ZONE_NORMAL, 0x1000, 0x2ebfe);
	EXPECT_ZONE(m, ZONE_HIGHMEM, 0x2ebfe, 0x80000);
	machine_destroy(m);
}

TEST(zones_x86_32_pae__16g)
{
	struct machine *m = boot_with("x86_32_pae", 16 * SZ_1G, 0, 0, 0);

	ASSERT(m);
	/* RAM to 4G + 13G = 17G: max_pfn 0x440000; MAXMEM_PFN 0x375fe */
	EXPECT_EQ(m->max_pfn, 0x440000);
	EXPECT_EQ(m->max_low_pfn, 0x375fe);
	EXPECT_EQ(m->ignored_ram, 0);
	EXPECT_ZONE(m, ZONE_NORMAL, 0x1000, 0x375fe);
	EXPECT_ZONE(m, ZONE_HIGHMEM, 0x375fe, 0x440000);
	machine_destroy(m);
}

TEST(zones_x86_32_pae__64g_squeeze)
{
	struct machine *m = boot_with("x86_32_pae", 64 * SZ_1G, 0, 0, 0);

	ASSERT(m);
	/* RAM would end at 65G; max_arch_pfn 1 << 24 (64G) cuts 1G */
	EXPECT_EQ(m->max_pfn, 0x1000000);
	EXPECT_EQ(m->ignored_ram, SZ_1G);
	EXPECT_ZONE(m, ZONE_HIGHMEM, 0x375fe, 0x1000000);
	/*
	 * The squeeze: mem_map for 16M pages at 32 bytes is 512 MiB, all of
	 * it in the 886 MiB of lowmem.
	 */
	EXPECT(m->max_pfn * 32ULL >= 512 * SZ_1M - SZ_1M);
	machine_destroy(m);
}

int main(void)
{
	RUN(zones_x86_32__512m_no_highmem);
	RUN(zones_x86_32__896m_does_not_all_fit);
	RUN(zones_x86_32__2g);
	RUN(zones_x86_32__4g_loses_the_pci_hole_part);
	RUN(zones_x86_32__8g_above_4g_ignored);
	RUN(zones_x86_32__2g_split_and_vmalloc);
	RUN(zones_x86_32_pae__16g);
	RUN(zones_x86_32_pae__64g_squeeze);
	return done();
}
