// SPDX-License-Identifier: GPL-2.0
/*
 * kmap() over the pkmap area (K3): a HighMem page gets a pkmap address
 * that the MMU translates to the page, page_address() follows it, a slot
 * at count 1 stays mapped until the allocator wraps, the wrap flushes the
 * TLB once, and LAST_PKMAP + 1 busy pages give a clean failure on
 * x86_32, PAE and arm32. Lowmem and 64-bit pages keep their linear address.
 */
#include <errno.h>

#include "highmem_helpers.h"

TEST(kmap__highmem_page_x86_32_2g_writes_through_pkmap)
{
	struct machine *m = hm_boot("x86_32", "2G", 2);
	unsigned long before;
	struct page *page;
	vaddr_t va;
	char buf[16] = { 0 };

	ASSERT(m);
	before = hm_free_pages();
	page = alloc_pages(GFP_HIGHUSER, 0);
	ASSERT(page);
	EXPECT(PageHighMem(page));
	EXPECT_EQ(page_address(page), 0);
	va = kmap(page);
	EXPECT(va >= m->layout.pkmap_base &&
	       va < m->layout.pkmap_base + 1024 * PAGE_SIZE);
	EXPECT(layout_lookup(&m->layout, va) &&
	       !strcmp(layout_lookup(&m->layout, va)->name, "pkmap"));
	EXPECT_EQ(page_address(page), va);
	EXPECT_EQ(kmap_to_page(va), page);
	EXPECT_EQ(pkmap_count(PKMAP_NR(va)), 2);
	EXPECT_EQ(hm_kwrite(m, va + 100, "through pkmap"), 0);
	ram_read(&m->ram, PFN_PHYS(page_to_pfn(page)) + 100, buf, 13);
	EXPECT_STR(buf, "through pkmap");
	EXPECT_EQ(hm_xlate(m, 1, va, false), PFN_PHYS(page_to_pfn(page)));
	EXPECT_EQ(machine_check(m), 0);

	/* kunmap: count 1, still mapped, still page_address(). */
	EXPECT_EQ(kunmap(page), 0);
	EXPECT_EQ(pkmap_count(PKMAP_NR(va)), 1);
	EXPECT_EQ(page_address(page), va);
	EXPECT(hm_pte(va) != 0);
	EXPECT_EQ(machine_check(m), 0);
	/* A second kunmap is Linux's BUG: refused, nothing changes. */
	EXPECT_EQ(kunmap(page), -EINVAL);
	EXPECT_EQ(pkmap_count(PKMAP_NR(va)), 1);

	kmap_flush_unused();
	EXPECT_EQ(pkmap_count(PKMAP_NR(va)), 0);
	EXPECT_EQ(page_address(page), 0);
	EXPECT_EQ(hm_pte(va), 0);
	EXPECT_EQ(hm_xlate(m, 0, va, false), ~(phys_addr_t)0);
	EXPECT_EQ(kunmap(page), -EINVAL);
	EXPECT_EQ(machine_check(m), 0);
	__free_pages(page, 0);
	EXPECT_EQ(hm_free_pages(), before);
	machine_destroy(m);
}

TEST(kmap__same_page_twice_shares_its_slot)
{
	for (size_t a = 0; a < ARRAY_SIZE(hm_archs32); a++) {
		struct machine *m = hm_boot(hm_archs32[a], "2G", 1);
		struct page *page;
		vaddr_t v1, v2;

		ASSERT(m);
		page = pfn_to_page(m->max_low_pfn + 7);
		v1 = kmap(page);
		v2 = kmap(page);
		EXPECT(v1 != 0);
		EXPECT_EQ(v1, v2);
		EXPECT_EQ(pkmap_count(PKMAP_NR(v1)), 3);
		EXPECT_EQ(kunmap(page), 0);
		EXPECT_EQ(kunmap(page), 0);
		EXPECT_EQ(pkmap_count(PKMAP_NR(v1)), 1);
		EXPECT_EQ(machine_check(m), 0);
		machine_destroy(m);
	}
}

TEST(kmap__lowmem_and_64bit_pages_keep_their_linear_address)
{
	struct machine *m = hm_boot("x86_32", "2G", 1);
	struct page *page;

	ASSERT(m);
	page = pfn_to_page(0x1234);
	EXPECT(!PageHighMem(page));
	EXPECT_EQ(kmap(page), layout_va(&m->layout, PFN_PHYS(0x1234)));
	EXPECT_EQ(kunmap(page), 0);
	EXPECT_EQ(kunmap(page), 0);	/* lowmem: always a no-op */
	for (unsigned int nr = 0; nr < last_pkmap(); nr++)
		EXPECT_EQ(pkmap_count(nr), 0);
	machine_destroy(m);

	m = hm_boot("x86_64", "8G", 1);
	ASSERT(m);
	EXPECT_EQ(last_pkmap(), 0);
	page = pfn_to_page(m->max_pfn - 1);
	EXPECT(!PageHighMem(page));
	EXPECT_EQ(kmap(page), layout_va(&m->layout, PFN_PHYS(m->max_pfn - 1)));
	EXPECT_EQ(kunmap(page), 0);
	EXPECT_EQ(machine_check(m), 0);
	machine_destroy(m);
}

/* LAST_PKMAP busy pages fill the area; one more fails and changes nothing. */
TEST(kmap__exhaustion_is_a_clear_error_and_changes_nothing)
{
	static const unsigned int want[] = { 1024, 512, 512 };

	for (size_t a = 0; a < ARRAY_SIZE(hm_archs32); a++) {
		struct machine *m = hm_boot(hm_archs32[a], "2G", 1);
		unsigned long base;
		unsigned int n, nr_before;
		struct kmap_stats st;

		ASSERT(m);
		n = last_pkmap();
		EXPECT_EQ(n, want[a]);
		base = m->max_low_pfn;
		ASSERT(base + n + 1 < m->max_pfn);
		for (unsigned int i = 0; i < n; i++)
			EXPECT(kmap(pfn_to_page(base + i)) != 0);
		nr_before = last_pkmap_nr();
		kmap_get_stats(&st);
		EXPECT_EQ(st.pkmap_tlb_flushes, 0);
		EXPECT_EQ(kmap(pfn_to_page(base + n)), 0);
		EXPECT_EQ(last_pkmap_nr(), nr_before);
		EXPECT_EQ(page_address(pfn_to_page(base + n)), 0);
		for (unsigned int nr = 0; nr < n; nr++)
			EXPECT_EQ(pkmap_count(nr), 2);
		EXPECT_EQ(machine_check(m), 0);

		/* One kunmap frees a slot for the next wrap to reclaim. */
		EXPECT_EQ(kunmap(pfn_to_page(base + 5)), 0);
		EXPECT(kmap(pfn_to_page(base + n)) != 0);
		EXPECT_EQ(page_address(pfn_to_page(base + 5)), 0);
		EXPECT_EQ(machine_check(m), 0);
		machine_destroy(m);
	}
}

/* kmap+kunmap of distinct pages: one flush_all_zero_pkmaps() per lap. */
TEST(kmap__flush_all_zero_pkmaps_flushes_once_per_wrap)
{
	for (size_t a = 0; a < ARRAY_SIZE(hm_archs32); a++) {
		struct machine *m = hm_boot(hm_archs32[a], "2G", 2);
		unsigned long base;
		struct kmap_stats st;
		unsigned int n;

		ASSERT(m);
		n = last_pkmap();
		base = m->max_low_pfn;
		/* Slots 1..n-1: no wrap yet, every used slot stays mapped. */
		for (unsigned int i = 0; i < n - 1; i++) {
			struct page *p = pfn_to_page(base + i);

			EXPECT_EQ(kmap(p), PKMAP_ADDR(i + 1));
			EXPECT_EQ(kunmap(p), 0);
		}
		kmap_get_stats(&st);
		EXPECT_EQ(st.pkmap_wraps, 0);
		EXPECT_EQ(pkmap_count(n - 1), 1);
		EXPECT(hm_pte(PKMAP_ADDR(n - 1)) != 0);
		EXPECT_EQ(machine_check(m), 0);
		/* The n-th kmap wraps to slot 0: one flush unmaps n-1 slots. */
		EXPECT_EQ(kmap(pfn_to_page(base + n)), PKMAP_ADDR(0));
		kmap_get_stats(&st);
		EXPECT_EQ(st.pkmap_wraps, 1);
		EXPECT_EQ(st.pkmap_tlb_flushes, 1);
		EXPECT_EQ(hm_pte(PKMAP_ADDR(n - 1)), 0);
		EXPECT_EQ(pkmap_count(1), 0);
		/* The stale translation is gone from every CPU's TLB. */
		EXPECT_EQ(hm_xlate(m, 1, PKMAP_ADDR(1), false), ~(phys_addr_t)0);
		EXPECT_EQ(kunmap(pfn_to_page(base + n)), 0);
		/* A second lap: exactly one more flush. */
		for (unsigned int i = 0; i < n; i++) {
			struct page *p = pfn_to_page(base + n + 1 + i);

			EXPECT(kmap(p) != 0);
			EXPECT_EQ(kunmap(p), 0);
		}
		kmap_get_stats(&st);
		EXPECT_EQ(st.pkmap_wraps, 2);
		EXPECT_EQ(st.pkmap_tlb_flushes, 2);
		EXPECT_EQ(machine_check(m), 0);
		machine_destroy(m);
	}
}

int main(void)
{
	RUN(kmap__highmem_page_x86_32_2g_writes_through_pkmap);
	RUN(kmap__same_page_twice_shares_its_slot);
	RUN(kmap__lowmem_and_64bit_pages_keep_their_linear_address);
	RUN(kmap__exhaustion_is_a_clear_error_and_changes_nothing);
	RUN(kmap__flush_all_zero_pkmaps_flushes_once_per_wrap);
	return done();
}
