// SPDX-License-Identifier: GPL-2.0
/*
 * kmap_local_page() and kmap_atomic() (K3) on x86_32, PAE and arm32: each
 * CPU's KM_MAX_IDX fixmap slots form a stack, addresses go down from
 * FIX_KMAP_BEGIN + KM_MAX_IDX * cpu, only the top may be unmapped, the
 * unmap flushes the slot from the TLB, and a 17th nested mapping fails
 * cleanly. Lowmem pages and 64-bit kernels use the linear address.
 */
#include <errno.h>

#include "highmem_helpers.h"

TEST(kmap_local__nesting_order_and_addresses)
{
	for (size_t a = 0; a < ARRAY_SIZE(hm_archs32); a++) {
		struct machine *m = hm_boot(hm_archs32[a], "2G", 2);
		const struct fixmap_layout *f;
		struct page *p[3];
		vaddr_t va[3];
		const char *why = NULL;
		char buf[8] = { 0 };

		ASSERT(m);
		f = &m->layout.fixmap;
		for (int i = 0; i < 3; i++) {
			p[i] = pfn_to_page(m->max_low_pfn + 10 + i);
			va[i] = kmap_local_page(0, p[i], &why);
			EXPECT_EQ(va[i], fix_to_virt(f->kmap_begin + i));
			EXPECT_STR(layout_lookup(&m->layout, va[i])->name,
				   "fixmap");
			EXPECT_EQ(hm_xlate(m, 0, va[i], true),
				  PFN_PHYS(page_to_pfn(p[i])));
		}
		EXPECT_EQ(hm_kwrite(m, va[1] + 8, "local"), 0);
		ram_read(&m->ram, PFN_PHYS(page_to_pfn(p[1])) + 8, buf, 5);
		EXPECT_STR(buf, "local");
		EXPECT_EQ(kmap_local_depth(0), 3);
		EXPECT_EQ(machine_check(m), 0);

		/* Out of order: refused, all three stay mapped. */
		EXPECT_EQ(kunmap_local(0, va[0], &why), -EINVAL);
		EXPECT(why && strstr(why, "most recent"));
		EXPECT_EQ(kunmap_local(1, va[2], &why), -EINVAL);
		EXPECT_EQ(kmap_local_depth(0), 3);
		EXPECT(hm_pte(va[0]) != 0);
		EXPECT_EQ(machine_check(m), 0);

		/* CPU 1's slots start KM_MAX_IDX further down. */
		EXPECT_EQ(kmap_local_page(1, p[0], NULL),
			  fix_to_virt(f->kmap_begin + f->km_max_idx));
		EXPECT_EQ(kunmap_local(1, fix_to_virt(f->kmap_begin +
						      f->km_max_idx) + 5, NULL), 0);

		for (int i = 2; i >= 0; i--) {
			EXPECT_EQ(kunmap_local(0, va[i] + 123, &why), 0);
			EXPECT_EQ(hm_pte(va[i]), 0);
			EXPECT_EQ(hm_xlate(m, 0, va[i], false), ~(phys_addr_t)0);
		}
		EXPECT_EQ(kmap_local_depth(0), 0);
		EXPECT_EQ(kunmap_local(0, va[0], &why), -EINVAL);
		EXPECT_EQ(machine_check(m), 0);
		machine_destroy(m);
	}
}

/* The TLB entry of a slot dies with the mapping: no stale reuse. */
TEST(kmap_local__unmap_flushes_the_slot)
{
	for (size_t a = 0; a < ARRAY_SIZE(hm_archs32); a++) {
		struct machine *m = hm_boot(hm_archs32[a], "2G", 1);
		struct page *p1, *p2;
		struct kmap_stats st;
		vaddr_t v1, v2;

		ASSERT(m);
		p1 = pfn_to_page(m->max_low_pfn + 1);
		p2 = pfn_to_page(m->max_low_pfn + 2);
		v1 = kmap_local_page(0, p1, NULL);
		EXPECT_EQ(hm_xlate(m, 0, v1, false), PFN_PHYS(page_to_pfn(p1)));
		EXPECT_EQ(kunmap_local(0, v1, NULL), 0);
		v2 = kmap_local_page(0, p2, NULL);
		EXPECT_EQ(v1, v2);
		/* A stale TLB entry would still give p1. */
		EXPECT_EQ(hm_xlate(m, 0, v2, false), PFN_PHYS(page_to_pfn(p2)));
		EXPECT_EQ(kunmap_local(0, v2, NULL), 0);
		kmap_get_stats(&st);
		EXPECT_EQ(st.kmap_local_flushes, 2);
		machine_destroy(m);
	}
}

TEST(kmap_local__km_max_idx_nesting_fails_cleanly)
{
	for (size_t a = 0; a < ARRAY_SIZE(hm_archs32); a++) {
		struct machine *m = hm_boot(hm_archs32[a], "2G", 1);
		unsigned int max;
		const char *why = NULL;

		ASSERT(m);
		max = m->layout.fixmap.km_max_idx;
		EXPECT_EQ(max, 16);
		for (unsigned int i = 0; i < max; i++)
			EXPECT(kmap_local_page(0, pfn_to_page(m->max_low_pfn + i),
					       NULL) != 0);
		EXPECT_EQ(kmap_local_page(0, pfn_to_page(m->max_low_pfn + max),
					  &why), 0);
		EXPECT(why && strstr(why, "KM_MAX_IDX"));
		EXPECT_EQ(kmap_local_depth(0), (int)max);
		EXPECT_EQ(machine_check(m), 0);
		for (int i = (int)max - 1; i >= 0; i--)
			EXPECT_EQ(kunmap_local(0, fix_to_virt(m->layout.fixmap.kmap_begin + i),
					       NULL), 0);
		EXPECT_EQ(machine_check(m), 0);
		machine_destroy(m);
	}
}

TEST(kmap_atomic__pairs_with_kunmap_atomic_only)
{
	struct machine *m = hm_boot("x86_32", "2G", 1);
	struct page *hp, *lp;
	const char *why = NULL;
	vaddr_t va, la;

	ASSERT(m);
	hp = pfn_to_page(m->max_low_pfn + 3);
	lp = pfn_to_page(0x2000);
	va = kmap_atomic(0, hp, &why);
	EXPECT(va != 0);
	EXPECT_EQ(kunmap_local(0, va, &why), -EINVAL);
	EXPECT(why && strstr(why, "kunmap_atomic"));
	la = kmap_atomic(0, lp, NULL);	/* lowmem: linear, no slot */
	EXPECT_EQ(la, layout_va(&m->layout, PFN_PHYS(0x2000)));
	EXPECT_EQ(kmap_local_depth(0), 1);
	EXPECT_EQ(kunmap_atomic(0, la, NULL), 0);
	EXPECT_EQ(kunmap_atomic(0, va, NULL), 0);
	EXPECT_EQ(kunmap_atomic(0, va, &why), -EINVAL);
	EXPECT(why && strstr(why, "no kmap_atomic"));
	EXPECT_EQ(machine_check(m), 0);
	machine_destroy(m);
}

TEST(kmap_local__lowmem_64bit_and_cpus_beyond_nr_cpus)
{
	struct machine *m = hm_boot("x86_32", "2G", 10);
	const char *why = NULL;

	ASSERT(m);
	EXPECT_EQ(kmap_local_page(0, pfn_to_page(0x100), NULL),
		  layout_va(&m->layout, PFN_PHYS(0x100)));
	EXPECT_EQ(kmap_local_depth(0), 0);
	EXPECT_EQ(kunmap_local(0, layout_va(&m->layout, PFN_PHYS(0x100)), NULL), 0);
	/* NR_CPUS 8 sized the slots: CPU 9 has none. */
	EXPECT_EQ(kmap_local_page(9, pfn_to_page(m->max_low_pfn), &why), 0);
	EXPECT(why && strstr(why, "NR_CPUS"));
	EXPECT_EQ(kmap_local_page(10, pfn_to_page(m->max_low_pfn), &why), 0);
	EXPECT_EQ(kunmap_local(0, 0x1000, &why), -EINVAL);	/* user address */
	machine_destroy(m);

	m = hm_boot("x86_64", "4G", 1);
	ASSERT(m);
	EXPECT_EQ(kmap_local_page(0, pfn_to_page(m->max_pfn - 1), NULL),
		  layout_va(&m->layout, PFN_PHYS(m->max_pfn - 1)));
	EXPECT_EQ(kmap_local_depth(0), 0);
	EXPECT_EQ(machine_check(m), 0);
	machine_destroy(m);
}

int main(void)
{
	RUN(kmap_local__nesting_order_and_addresses);
	RUN(kmap_local__unmap_flushes_the_slot);
	RUN(kmap_local__km_max_idx_nesting_fails_cleanly);
	RUN(kmap_atomic__pairs_with_kunmap_atomic_only);
	RUN(kmap_local__lowmem_64bit_and_cpus_beyond_nr_cpus);
	return done();
}
