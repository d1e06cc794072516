// SPDX-License-Identifier: GPL-2.0
/*
 * x86_32 and x86_32_pae kernel virtual layouts (L1-L3), checked against
 * values derived by hand from pgtable_32_areas.h / fixmap.h.
 *
 * Derivation, non-PAE (PMD = PGDIR = 4M, PTRS_PER_PTE 1024, NR_CPUS 8):
 *   permanent fixmap slots: FIX_HOLE, DBGP, EARLYCON, APIC (4) + 64
 *     IO-APICs + KM_MAX_IDX 16 * 8 CPUs = 128 kmap slots + PCIE_MCFG = 197
 *   FIXADDR_TOP   = 0xfffff000
 *   FIXADDR_START = 0xfffff000 - 197 * 0x1000 = 0xfff3a000
 *   FIX_BTMAP_END: 197 and 197 + 511 = 708 share one 1024-entry page
 *     table, so no rounding: BTMAP 197..708, __end_of_fixed = 709
 *   FIXADDR_TOT_START = 0xfffff000 - 709 * 0x1000 = 0xffd3a000
 *   CPU_ENTRY_AREA_PAGES = 8 * 27 = 216
 *   CPU_ENTRY_AREA_BASE = (0xffd3a000 - 217 * 0x1000) & ~(4M-1)
 *                       = 0xffc61000 & 0xffc00000 = 0xffc00000
 *     map size 0x1000 + 216 * 0x1000 = 0xd9000 -> end 0xffcd9000
 *   LDT_BASE_ADDR = (0xffc00000 - 0x1000) & ~(4M-1) = 0xff800000
 *   PKMAP_BASE    = (0xff800000 - 0x1000) & ~(4M-1) = 0xff400000,
 *     + LAST_PKMAP 1024 pages = 0xff800000
 *   VMALLOC_END   = 0xff400000 - 0x2000 = 0xff3fe000
 *   MAXMEM (3G)   = 0xff3fe000 - 0xc0000000 - 128M = 0x373fe000
 *     -> lowmem ends at 0xf73fe000 (883.99 MiB, not the notes' 896)
 *   VMALLOC_START = high_memory + 8M
 *
 * PAE (PMD 2M, PTRS_PER_PTE 512, LAST_PKMAP 512):
 *   197 and 708 straddle a 512-entry table: FIX_BTMAP_END =
 *     197 + 512 - (197 & 511) = 512, __end_of_fixed = 1024
 *   FIXADDR_TOT_START = 0xfffff000 - 0x400000 = 0xffbff000
 *   CPU_ENTRY_AREA_BASE = (0xffbff000 - 0xd9000) & ~(2M-1) = 0xffa00000
 *   LDT_BASE_ADDR = 0xff9ff000 & ~(2M-1) = 0xff800000
 *   PKMAP_BASE    = 0xff7ff000 & ~(2M-1) = 0xff600000, end 0xff800000
 *   VMALLOC_END   = 0xff5fe000
 *   MAXMEM (3G)   = 0xff5fe000 - 0xc0000000 - 128M = 0x375fe000
 */
#include "layout_helpers.h"

TEST(layout_x86_32__3g_top_of_window)
{
	struct machine *m = boot_with("x86_32", 2 * SZ_1G, 0, 0, 0);

	ASSERT(m);
	EXPECT_EQ(m->layout.fixaddr_top, 0xfffff000);
	EXPECT_EQ(region_start(m, "fixmap"), 0xfff3a000);
	EXPECT_EQ(region_end(m, "fixmap"), 0xfffff000);
	EXPECT_EQ(region_start(m, "cpu_entry_area"), 0xffc00000);
	EXPECT_EQ(region_end(m, "cpu_entry_area"), 0xffcd9000);
	EXPECT_EQ(region_start(m, "ldt"), 0xff800000);
	EXPECT_EQ(region_start(m, "pkmap"), 0xff400000);
	EXPECT_EQ(region_end(m, "pkmap"), 0xff800000);
	EXPECT_EQ(m->layout.last_pkmap, 1024);
	EXPECT_EQ(m->layout.vmalloc_end, 0xff3fe000);
	EXPECT_EQ(m->layout.page_offset, 0xc0000000);
	EXPECT_EQ(m->layout.task_size, 0xc0000000);
	EXPECT_EQ(region_end(m, "user"), 0xc0000000);
	machine_destroy(m);
}

TEST(layout_x86_32__2g_ram_lowmem_and_vmalloc)
{
	struct machine *m = boot_with("x86_32", 2 * SZ_1G, 0, 0, 0);

	ASSERT(m);
	/* high_memory = PAGE_OFFSET + MAXMEM */
	EXPECT_EQ(m->layout.high_memory, 0xf73fe000);
	EXPECT_EQ(region_start(m, "lowmem"), 0xc0000000);
	EXPECT_EQ(region_end(m, "lowmem"), 0xf73fe000);
	/* VMALLOC_START = 0xf73fe000 + 8M; 120 MiB of vmalloc */
	EXPECT_EQ(region_start(m, "vmalloc"), 0xf7bfe000);
	EXPECT_EQ(region_end(m, "vmalloc"), 0xff3fe000);
	EXPECT_EQ(region_end(m, "vmalloc") - region_start(m, "vmalloc"),
		  120 * SZ_1M);
	EXPECT_EQ(m->layout.modules_vaddr, m->layout.vmalloc_start);
	EXPECT_EQ(m->arch->check(m), 0);
	machine_destroy(m);
}

TEST(layout_x86_32__512m_ram_all_lowmem)
{
	struct machine *m = boot_with("x86_32", 512 * SZ_1M, 0, 0, 0);

	ASSERT(m);
	/* max_pfn 0x20000 <= MAXMEM_PFN: high_memory = 0xc0000000 + 512M */
	EXPECT_EQ(m->layout.high_memory, 0xe0000000);
	EXPECT_EQ(region_start(m, "vmalloc"), 0xe0800000);
	EXPECT_EQ(region_end(m, "vmalloc"), 0xff3fe000);
	machine_destroy(m);
}

TEST(layout_x86_32__2g_split)
{
	struct machine *m = boot_with("x86_32", 4 * SZ_1G, 2 * SZ_1G, 0, 0);

	ASSERT(m);
	/* MAXMEM = 0xff3fe000 - 0x80000000 - 128M = 0x773fe000 */
	EXPECT_EQ(m->layout.page_offset, 0x80000000);
	EXPECT_EQ(m->layout.task_size, 0x80000000);
	EXPECT_EQ(m->max_low_pfn, 0x773fe);
	EXPECT_EQ(m->layout.high_memory, 0xf73fe000);
	EXPECT_EQ(region_start(m, "vmalloc"), 0xf7bfe000);
	machine_destroy(m);
}

TEST(layout_x86_32__1g_split_2g_ram_all_lowmem)
{
	struct machine *m = boot_with("x86_32", 2 * SZ_1G, SZ_1G, 0, 0);

	ASSERT(m);
	/* MAXMEM = 0xff3fe000 - 0x40000000 - 128M = 0xb73fe000 > 2G */
	EXPECT_EQ(m->layout.page_offset, 0x40000000);
	EXPECT_EQ(m->max_low_pfn, 0x80000);
	EXPECT_EQ(m->max_pfn, 0x80000);
	EXPECT_EQ(m->layout.high_memory, 0xc0000000);
	EXPECT_EQ(region_start(m, "vmalloc"), 0xc0800000);
	machine_destroy(m);
}

TEST(layout_x86_32__vmalloc_option)
{
	struct machine *m = boot_with("x86_32", 2 * SZ_1G, 0, 0, 256 * SZ_1M);

	ASSERT(m);
	/*
	 * __VMALLOC_RESERVE = 256M + 8M = 0x10800000
	 * MAXMEM = 0xff3fe000 - 0xc0000000 - 0x10800000 = 0x2ebfe000
	 * vmalloc = [0xeebfe000 + 8M, 0xff3fe000): exactly 256M
	 */
	EXPECT_EQ(m->max_low_pfn, 0x2ebfe);
	EXPECT_EQ(m->layout.high_memory, 0xeebfe000);
	EXPECT_EQ(region_start(m, "vmalloc"), 0xef3fe000);
	EXPECT_EQ(region_end(m, "vmalloc") - region_start(m, "vmalloc"),
		  256 * SZ_1M);
	machine_destroy(m);
}

TEST(layout_x86_32_pae__top_of_window)
{
	struct machine *m = boot_with("x86_32_pae", 16 * SZ_1G, 0, 0, 0);

	ASSERT(m);
	EXPECT_EQ(region_start(m, "fixmap"), 0xfff3a000);
	EXPECT_EQ(region_start(m, "cpu_entry_area"), 0xffa00000);
	EXPECT_EQ(region_end(m, "cpu_entry_area"), 0xffad9000);
	EXPECT_EQ(region_start(m, "ldt"), 0xff800000);
	EXPECT_EQ(region_end(m, "ldt"), 0xffa00000);
	EXPECT_EQ(region_start(m, "pkmap"), 0xff600000);
	EXPECT_EQ(region_end(m, "pkmap"), 0xff800000);
	EXPECT_EQ(m->layout.last_pkmap, 512);
	EXPECT_EQ(m->layout.vmalloc_end, 0xff5fe000);
	EXPECT_EQ(m->layout.high_memory, 0xf75fe000);
	EXPECT_EQ(region_start(m, "vmalloc"), 0xf7dfe000);
	machine_destroy(m);
}

TEST(layout_x86_32__print_matches_linux_format)
{
	struct machine *m = boot_with("x86_32", 2 * SZ_1G, 0, 0, 0);
	struct strbuf sb = STRBUF_INIT;

	ASSERT(m);
	layout_print(m, &sb);
	EXPECT(strstr(sb_str(&sb), "Virtual kernel memory layout:\n"));
	EXPECT(strstr(sb_str(&sb),
		      "    fixmap  : 0xfff3a000 - 0xfffff000   ( 788 kB)\n"));
	EXPECT(strstr(sb_str(&sb),
		      "  cpu_entry : 0xffc00000 - 0xffcd9000   ( 868 kB)\n"));
	EXPECT(strstr(sb_str(&sb),
		      "    vmalloc : 0xf7bfe000 - 0xff3fe000   ( 120 MB)\n"));
	EXPECT(strstr(sb_str(&sb),
		      "    lowmem  : 0xc0000000 - 0xf73fe000   ( 883 MB)\n"));
	/* The same block went to dmesg at boot. */
	EXPECT(strstr(sb_str(&m->dmesg), "    lowmem  : 0xc0000000 - 0xf73fe000"));
	sb_free(&sb);
	machine_destroy(m);
}

int main(void)
{
	RUN(layout_x86_32__3g_top_of_window);
	RUN(layout_x86_32__2g_ram_lowmem_and_vmalloc);
	RUN(layout_x86_32__512m_ram_all_lowmem);
	RUN(layout_x86_32__2g_split);
	RUN(layout_x86_32__1g_split_2g_ram_all_lowmem);
	RUN(layout_x86_32__vmalloc_option);
	RUN(layout_x86_32_pae__top_of_window);
	RUN(layout_x86_32__print_matches_linux_format);
	return done();
}
