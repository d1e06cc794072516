// SPDX-License-Identifier: GPL-2.0
/*
 * The fixmap (K4, K5) of every architecture: slot 0 at FIXADDR_TOP, one
 * page lower per index, no slot past the top of the address space (2^32 on
 * 32-bit) and none below 0; set_fixmap() maps a slot (allocating its page
 * table when it has none), clear_fixmap() unmaps and flushes it, an index
 * at __end_of_fixed_addresses is refused, never wrapped.
 */
#include <errno.h>
#include <limits.h>

#include "highmem_helpers.h"

static const char *const all_archs[] = {
	"x86_32", "x86_32_pae", "x86_64", "x86_64_la57", "arm32",
};

TEST(fixmap__slots_grow_down_from_fixaddr_top_without_wrapping)
{
	for (size_t a = 0; a < ARRAY_SIZE(all_archs); a++) {
		struct machine *m = hm_boot(all_archs[a], "1G", 1);
		const struct fixmap_layout *f;

		ASSERT(m);
		f = &m->layout.fixmap;
		ASSERT(f->end > 0);
		EXPECT_EQ(fix_to_virt(0), f->top);
		EXPECT_EQ(fix_to_virt(1), f->top - PAGE_SIZE);
		EXPECT_EQ(fix_to_virt(f->end - 1),
			  f->top - (u64)(f->end - 1) * PAGE_SIZE);
		EXPECT(fix_to_virt(f->end - 1) < f->top);
		EXPECT_EQ(fix_to_virt(f->end), 0);
		EXPECT_EQ(fix_to_virt(UINT_MAX), 0);
		if (m->layout.va_bits == 32)
			EXPECT(f->top + PAGE_SIZE <= (1ULL << 32));
		else
			EXPECT(f->top + PAGE_SIZE > f->top);
		/* FIXADDR_START = FIXADDR_TOP - FIXADDR_SIZE (permanent). */
		if (strcmp(all_archs[a], "arm32"))
			EXPECT_EQ(m->layout.fixaddr_start,
				  f->top - (u64)f->end_permanent * PAGE_SIZE);
		/* ARM's FIXADDR_START holds every slot; x86's BTMAPs lie below. */
		if (!strcmp(all_archs[a], "arm32"))
			EXPECT(fix_to_virt(f->end - 1) >= m->layout.fixaddr_start);
		EXPECT_EQ(__set_fixmap(f->end, 0x1000, PAGE_KERNEL), -EINVAL);
		EXPECT_EQ(set_fixmap(UINT_MAX, 0x1000), -EINVAL);
		EXPECT_EQ(clear_fixmap(f->end), -EINVAL);
		EXPECT_EQ(machine_check(m), 0);
		machine_destroy(m);
	}
}

TEST(fixmap__x86_32_top_is_the_last_page_below_4g)
{
	struct machine *m = hm_boot("x86_32", "2G", 1);
	const struct fixmap_layout *f;
	unsigned int idx;

	ASSERT(m);
	f = &m->layout.fixmap;
	EXPECT_EQ(f->top, 0xfffff000ULL);
	EXPECT_EQ(fix_to_virt(0) + PAGE_SIZE, 1ULL << 32);
	EXPECT_EQ(fixmap_lookup_name("FIX_KMAP_BEGIN", &idx), 0);
	EXPECT_EQ(idx, f->kmap_begin);
	EXPECT_EQ(fixmap_lookup_name("FIX_KMAP_END", &idx), 0);
	EXPECT_EQ(idx, f->kmap_begin + 8 * 16 - 1);
	EXPECT_EQ(fixmap_lookup_name("FIX_NO_SUCH", &idx), -ENOENT);
	EXPECT_STR(fixmap_range_of(3)->name, "FIX_APIC_BASE");
	machine_destroy(m);

	m = hm_boot("arm32", "1G", 1);
	ASSERT(m);
	EXPECT_EQ(m->layout.fixmap.top, 0xffeff000ULL);
	EXPECT_EQ(fixmap_lookup_name("FIX_KMAP_END", &idx), 0);
	EXPECT_EQ(idx, 64);	/* 1 + KM_MAX_IDX * NR_CPUS(4) - 1 */
	EXPECT_EQ(m->layout.fixmap.end, 225);	/* the early_ioremap slots */
	machine_destroy(m);
}

TEST(fixmap__set_clear_and_virt_to_fix)
{
	for (size_t a = 0; a < ARRAY_SIZE(all_archs); a++) {
		struct machine *m = hm_boot(all_archs[a], "1G", 2);
		phys_addr_t phys = 0x345000;
		unsigned int idx;
		vaddr_t va;

		ASSERT(m);
		ASSERT(fixmap_lookup_name("FIX_EARLYCON_MEM_BASE", &idx) == 0);
		va = fix_to_virt(idx);
		EXPECT_EQ(hm_xlate(m, 0, va, false), ~(phys_addr_t)0);
		EXPECT_EQ(set_fixmap(idx, phys + 0x10), 0);
		EXPECT_EQ(hm_xlate(m, 0, va + 0x10, true), phys + 0x10);
		EXPECT_EQ(hm_xlate(m, 1, va, false), phys);
		/* Linux's virt_to_fix() refuses slot 0 (FIXADDR_TOP itself). */
		EXPECT_EQ(virt_to_fix(va + 0x10), idx ? (long)idx : -EINVAL);
		EXPECT_EQ(machine_check(m), 0);
		/*
		 * Remap: set_fixmap() flushes only the CPU that runs it (CPU
		 * 0), as Linux's __flush_tlb_one_kernel() and ARM's local
		 * flush; CPU 1 keeps its cached translation until a global
		 * flush_tlb_kernel_range().
		 */
		EXPECT_EQ(set_fixmap(idx, phys + PAGE_SIZE), 0);
		EXPECT_EQ(hm_xlate(m, 0, va, false), phys + PAGE_SIZE);
		EXPECT_EQ(hm_xlate(m, 1, va, false), phys);
		flush_tlb_kernel_range(va, va + PAGE_SIZE);
		EXPECT_EQ(hm_xlate(m, 1, va, false), phys + PAGE_SIZE);
		EXPECT_EQ(clear_fixmap(idx), 0);
		EXPECT_EQ(hm_xlate(m, 0, va, false), ~(phys_addr_t)0);
		flush_tlb_kernel_range(va, va + PAGE_SIZE);
		EXPECT_EQ(hm_xlate(m, 1, va, false), ~(phys_addr_t)0);
		EXPECT_EQ(machine_check(m), 0);
		/* virt_to_fix(): [FIXADDR_START, FIXADDR_TOP) only. */
		EXPECT_EQ(virt_to_fix(m->layout.fixaddr_top), -EINVAL);
		EXPECT_EQ(virt_to_fix(m->layout.fixaddr_start - 1), -EINVAL);
		EXPECT_EQ(virt_to_fix(m->layout.fixaddr_top - 1), 1);
		/* Beyond the machine's memory (no device memory modelled). */
		{
			int ret = set_fixmap(idx, 1ULL << 40);

			EXPECT(ret == -ERANGE || ret == -EFAULT);
			EXPECT_EQ(set_fixmap(idx, 2ULL << 30), -EFAULT);
		}
		EXPECT_EQ(hm_pte(va), 0);
		machine_destroy(m);
	}
}

/* x86_64's early_ioremap slots lie in a PMD boot did not populate. */
TEST(fixmap__set_fixmap_allocates_the_page_table)
{
	struct machine *m = hm_boot("x86_64", "1G", 1);
	unsigned int idx;
	size_t tables;
	vaddr_t va;

	ASSERT(m);
	ASSERT(fixmap_lookup_name("FIX_BTMAP_BEGIN", &idx) == 0);
	EXPECT_EQ(idx, m->layout.fixmap.end - 1);
	va = fix_to_virt(idx);
	EXPECT(fixmap_kernel_pte(va, false) == NULL);
	tables = m->paging->nr_pt_pages;
	EXPECT_EQ(set_fixmap(idx, 0x200000), 0);
	EXPECT_EQ(m->paging->nr_pt_pages, tables + 1);
	EXPECT_EQ(hm_xlate(m, 0, va, false), 0x200000);
	EXPECT_EQ(machine_check(m), 0);
	EXPECT_EQ(clear_fixmap(idx), 0);
	EXPECT_EQ(machine_check(m), 0);
	machine_destroy(m);
}

/* The areas raw page-table writers (m:map_page) must leave alone. */
TEST(fixmap__kmap_area_owned_covers_pkmap_and_every_slot)
{
	for (size_t a = 0; a < ARRAY_SIZE(all_archs); a++) {
		struct machine *m = hm_boot(all_archs[a], "1G", 1);
		const struct fixmap_layout *f;

		ASSERT(m);
		f = &m->layout.fixmap;
		EXPECT(kmap_area_owned(fix_to_virt(0)));
		EXPECT(kmap_area_owned(fix_to_virt(0) + PAGE_SIZE - 1));
		EXPECT(kmap_area_owned(fix_to_virt(f->end - 1)));
		EXPECT(!kmap_area_owned(fix_to_virt(f->end - 1) - 1));
		EXPECT(!kmap_area_owned(m->layout.page_offset));
		if (m->layout.last_pkmap) {
			EXPECT(kmap_area_owned(m->layout.pkmap_base));
			EXPECT(kmap_area_owned(PKMAP_ADDR(last_pkmap()) - 1));
			EXPECT(!kmap_area_owned(PKMAP_ADDR(last_pkmap())));
		}
		machine_destroy(m);
	}
}

int main(void)
{
	RUN(fixmap__slots_grow_down_from_fixaddr_top_without_wrapping);
	RUN(fixmap__x86_32_top_is_the_last_page_below_4g);
	RUN(fixmap__set_clear_and_virt_to_fix);
	RUN(fixmap__set_fixmap_allocates_the_page_table);
	RUN(fixmap__kmap_area_owned_covers_pkmap_and_every_slot);
	return done();
}
