// SPDX-License-Identifier: GPL-2.0
/*
 * x86_64 and LA57 layouts (L4, Z5), mainline and 4.x, and their zones.
 *
 * Derivation of the fixmap (fixmap.h, pgtable_64_types.h):
 *   VSYSCALL_ADDR = -10M = 0xffffffffff600000
 *   FIXADDR_TOP = round_up(VSYSCALL_ADDR + 4K, 2M) - 4K
 *               = 0xffffffffff800000 - 0x1000 = 0xffffffffff7ff000
 *   VSYSCALL_PAGE = (FIXADDR_TOP - VSYSCALL_ADDR) >> 12 = 0x1ff = 511
 *   then DBGP 512, EARLYCON 513, APIC 514, 128 IO-APICs 515..642:
 *   __end_of_permanent_fixed_addresses = 643
 *   FIXADDR_START = 0xffffffffff7ff000 - 643 * 0x1000 = 0xffffffffff57c000
 * Fixed bases (mm.rst, no KASLR): page_offset_base 0xffff888000000000,
 *   vmalloc_base 0xffffc90000000000 + 32T, vmemmap_base 0xffffea0000000000
 *   + 1T, cpu_entry_area 0xfffffe0000000000 + 512G, kernel text
 *   0xffffffff80000000 + 512M (KERNEL_IMAGE_SIZE), modules up to
 *   0xffffffffff000000.
 */
#include "layout_helpers.h"

static struct machine *boot64(const char *arch, u64 mem, enum layout_gen g)
{
	struct machine_config cfg;

	machine_config_default(&cfg);
	parse_arch(arch, &cfg.arch);
	cfg.mem = mem;
	cfg.layout = g;
	return test_boot_cfg(&cfg);
}

TEST(layout_x86_64__mainline)
{
	struct machine *m = boot64("x86_64", SZ_1G, LAYOUT_MAINLINE);

	ASSERT(m);
	EXPECT_EQ(m->layout.va_bits, 48);
	EXPECT_EQ(m->layout.task_size, 0x00007ffffffff000ULL);
	EXPECT_EQ(m->layout.page_offset, 0xffff888000000000ULL);
	EXPECT_EQ(region_start(m, "ldt"), 0xffff880000000000ULL);
	EXPECT_EQ(region_end(m, "direct map"), 0xffffc88000000000ULL);
	EXPECT_EQ(region_start(m, "vmalloc"), 0xffffc90000000000ULL);
	EXPECT_EQ(region_end(m, "vmalloc"), 0xffffe90000000000ULL);
	EXPECT_EQ(region_start(m, "vmemmap"), 0xffffea0000000000ULL);
	EXPECT_EQ(region_start(m, "cpu_entry_area"), 0xfffffe0000000000ULL);
	EXPECT_EQ(region_start(m, "espfix"), 0xffffff0000000000ULL);
	EXPECT_EQ(region_start(m, "efi"), 0xffffffef00000000ULL);
	EXPECT_EQ(region_start(m, "kernel text"), 0xffffffff80000000ULL);
	EXPECT_EQ(region_start(m, "modules"), 0xffffffffa0000000ULL);
	EXPECT_EQ(region_end(m, "modules"), 0xffffffffff000000ULL);
	EXPECT_EQ(m->layout.fixaddr_top, 0xffffffffff7ff000ULL);
	EXPECT_EQ(region_start(m, "fixmap"), 0xffffffffff57c000ULL);
	EXPECT_EQ(region_start(m, "vsyscall"), 0xffffffffff600000ULL);
	/* high_memory = __va(max_pfn << 12), max_pfn 0x40000 for 1G */
	EXPECT_EQ(m->layout.high_memory, 0xffff888040000000ULL);
	/* kernel at CONFIG_PHYSICAL_START 16M: _text 0xffffffff81000000 */
	EXPECT_EQ(m->layout.kernel_start, 0xffffffff81000000ULL);
	EXPECT_EQ(m->arch->check(m), 0);
	machine_destroy(m);
}

TEST(layout_x86_64__4x_of_note_001)
{
	struct machine *m = boot64("x86_64", SZ_1G, LAYOUT_4X);

	ASSERT(m);
	EXPECT_EQ(m->layout.page_offset, 0xffff880000000000ULL);
	EXPECT_EQ(region_end(m, "direct map"), 0xffffc80000000000ULL);
	EXPECT_EQ(region_start(m, "vmalloc"), 0xffffc90000000000ULL);
	EXPECT_EQ(region_start(m, "vmemmap"), 0xffffea0000000000ULL);
	/* 4.17 mm.txt: LDT remap after cpu_entry_area */
	EXPECT_EQ(region_start(m, "ldt"), 0xfffffe8000000000ULL);
	EXPECT_EQ(region_start(m, "modules"), 0xffffffffa0000000ULL);
	EXPECT_EQ(m->layout.high_memory, 0xffff880040000000ULL);
	EXPECT_EQ(m->arch->check(m), 0);
	machine_destroy(m);
}

TEST(layout_x86_64_la57__mainline)
{
	struct machine *m = boot64("x86_64_la57", SZ_1G, LAYOUT_MAINLINE);

	ASSERT(m);
	EXPECT_EQ(m->layout.va_bits, 57);
	EXPECT_EQ(m->layout.task_size, 0x00fffffffffff000ULL);
	EXPECT_EQ(m->layout.page_offset, 0xff11000000000000ULL);
	EXPECT_EQ(region_start(m, "ldt"), 0xff10000000000000ULL);
	EXPECT_EQ(region_end(m, "direct map"), 0xff91000000000000ULL);
	EXPECT_EQ(region_start(m, "vmalloc"), 0xffa0000000000000ULL);
	EXPECT_EQ(region_end(m, "vmalloc"), 0xffd2000000000000ULL);
	EXPECT_EQ(region_start(m, "vmemmap"), 0xffd4000000000000ULL);
	EXPECT_EQ(region_end(m, "vmemmap"), 0xffd6000000000000ULL);
	EXPECT_EQ(region_start(m, "kernel text"), 0xffffffff80000000ULL);
	EXPECT_EQ(m->arch->check(m), 0);
	machine_destroy(m);
}

TEST(zones_x86_64__1g_no_normal)
{
	struct machine *m = boot64("x86_64", SZ_1G, LAYOUT_MAINLINE);

	ASSERT(m);
	/* DMA < 16M, DMA32 < 4G; 1G of RAM ends at pfn 0x40000 */
	EXPECT_EQ(m->max_pfn, 0x40000);
	EXPECT_EQ(m->max_low_pfn, 0x40000);
	EXPECT_ZONE(m, ZONE_DMA, 1, 0x1000);
	EXPECT_ZONE(m, ZONE_DMA32, 0x1000, 0x40000);
	EXPECT_ZONE(m, ZONE_NORMAL, 0x40000, 0x40000);
	EXPECT_ZONE(m, ZONE_HIGHMEM, 0, 0);
	machine_destroy(m);
}

TEST(zones_x86_64__64g)
{
	struct machine *m = boot64("x86_64", 64 * SZ_1G, LAYOUT_MAINLINE);

	ASSERT(m);
	/* RAM [1M, 3G) + [4G, 65G): max_pfn = 65G >> 12 = 0x1040000 */
	EXPECT_EQ(m->max_pfn, 0x1040000);
	EXPECT_ZONE(m, ZONE_DMA32, 0x1000, 0x100000);
	EXPECT_ZONE(m, ZONE_NORMAL, 0x100000, 0x1040000);
	/* DMA32 holds [16M, 3G): the PCI hole 3G-4G is absent */
	EXPECT_EQ(zone_of(m, ZONE_DMA32)->present_pages, 0xc0000 - 0x1000);
	EXPECT(strstr(sb_str(&m->dmesg),
		      "e820: last_pfn = 0x1040000 max_arch_pfn = 0x400000000"));
	machine_destroy(m);
}

int main(void)
{
	RUN(layout_x86_64__mainline);
	RUN(layout_x86_64__4x_of_note_001);
	RUN(layout_x86_64_la57__mainline);
	RUN(zones_x86_64__1g_no_normal);
	RUN(zones_x86_64__64g);
	return done();
}
