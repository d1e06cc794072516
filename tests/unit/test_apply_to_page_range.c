// SPDX-License-Identifier: GPL-2.0
/*
 * apply_to_page_range() and apply_to_existing_page_range() (mm/memory.c)
 * on every format: the callback sees each PTE of the range once, in
 * order; missing tables are made only by the first; a large page (x86
 * 2M/4M/1G, ARM section) in the way is refused; a callback error stops
 * the walk and comes back.
 */
#include "../test.h"
#include "pgtable_fixture.h"

struct visit {
	int calls;
	int stop_at;		/* return -EIO on this call (1-based), 0: never */
	u64 expect;		/* the next address */
	int out_of_order;
	int not_none;
	unsigned long pfn;	/* map each PTE to pfn, pfn+1, ... if nonzero */
};

static int visit_pte(pte_t *pte, u64 addr, void *data)
{
	struct visit *v = data;

	v->calls++;
	if (addr != v->expect)
		v->out_of_order++;
	v->expect = addr + PAGE_SIZE;
	if (!pte_none(ptep_get(pte)))
		v->not_none++;
	if (v->pfn)
		set_pte_at(&init_mm, addr, pte,
			   pfn_pte(v->pfn++, PAGE_KERNEL));
	return v->calls == v->stop_at ? -EIO : 0;
}

/* An unmapped kernel address above the direct map of a 256 MiB machine. */
static u64 free_kernel_va(enum mm_arch_id arch)
{
	switch (arch) {
	case ARCH_X86_64: return 0xffffc90000000000ULL;	/* VMALLOC_START */
	case ARCH_X86_64_LA57: return 0xffa0000000000000ULL;
	case ARCH_ARM32: return 0xe0000000ULL;
	default: return 0xf0000000ULL;
	}
}

static const enum mm_arch_id archs[] = {
	ARCH_X86_32, ARCH_X86_32_PAE, ARCH_X86_64, ARCH_X86_64_LA57,
	ARCH_ARM32,
};

TEST(apply__maps_every_pte_in_order_and_makes_tables)
{
	for (size_t i = 0; i < ARRAY_SIZE(archs); i++) {
		struct machine *m = pt_machine(archs[i], 256ULL << 20, 1);
		u64 va = free_kernel_va(archs[i]) + 3 * PAGE_SIZE;
		struct visit v = { .expect = va, .pfn = 0x1000 };
		size_t tables;

		EXPECT(m != NULL);
		if (!m)
			continue;
		tables = m->paging->nr_pt_pages;
		EXPECT_EQ(apply_to_page_range(&init_mm, va, 8 * PAGE_SIZE,
					      visit_pte, &v), 0);
		EXPECT_EQ(v.calls, 8);
		EXPECT_EQ(v.out_of_order, 0);
		EXPECT_EQ(v.not_none, 0);
		EXPECT(m->paging->nr_pt_pages > tables);
		for (int k = 0; k < 8; k++) {
			enum pt_level_idx lvl;
			pte_t *p = pt_lookup(&init_mm, va + k * PAGE_SIZE, &lvl);

			EXPECT(p != NULL);
			if (p) {
				EXPECT_EQ(lvl, PT_PTE);
				EXPECT_EQ(pte_pfn(ptep_get(p)), 0x1000UL + k);
			}
		}
		/* The existing walk sees the same PTEs, now set. */
		v = (struct visit){ .expect = va };
		EXPECT_EQ(apply_to_existing_page_range(&init_mm, va,
						       8 * PAGE_SIZE,
						       visit_pte, &v), 0);
		EXPECT_EQ(v.calls, 8);
		EXPECT_EQ(v.not_none, 8);
		EXPECT_EQ(pgtable_check(m), 0);
		pt_machine_free(m);
	}
}

TEST(apply__existing_skips_holes_and_allocates_nothing)
{
	for (size_t i = 0; i < ARRAY_SIZE(archs); i++) {
		struct machine *m = pt_machine(archs[i], 256ULL << 20, 1);
		u64 va = free_kernel_va(archs[i]);
		struct visit v = { .expect = va };
		size_t tables;

		EXPECT(m != NULL);
		if (!m)
			continue;
		tables = m->paging->nr_pt_pages;
		EXPECT_EQ(apply_to_existing_page_range(&init_mm, va,
						       16 * PAGE_SIZE,
						       visit_pte, &v), 0);
		EXPECT_EQ(v.calls, 0);
		EXPECT_EQ(m->paging->nr_pt_pages, tables);
		pt_machine_free(m);
	}
}

TEST(apply__refuses_large_pages_and_bad_ranges)
{
	for (size_t i = 0; i < ARRAY_SIZE(archs); i++) {
		struct machine *m = pt_machine(archs[i], 256ULL << 20, 1);
		struct visit v = { 0 };
		u64 lin;

		EXPECT(m != NULL);
		if (!m)
			continue;
		/* 32 MiB into the direct map: a large page or a section. */
		lin = m->layout.page_offset + SZ_32M;
		EXPECT_EQ(apply_to_page_range(&init_mm, lin, PAGE_SIZE,
					      visit_pte, &v), -EINVAL);
		EXPECT_EQ(apply_to_existing_page_range(&init_mm, lin,
						       PAGE_SIZE, visit_pte,
						       &v), -EINVAL);
		EXPECT_EQ(v.calls, 0);
		EXPECT_EQ(apply_to_page_range(&init_mm, lin + 1, PAGE_SIZE,
					      visit_pte, &v), -EINVAL);
		EXPECT_EQ(apply_to_page_range(&init_mm, lin, PAGE_SIZE,
					      NULL, &v), -EINVAL);
		EXPECT_EQ(apply_to_page_range(&init_mm, lin, 0, visit_pte,
					      &v), 0);
		EXPECT_EQ(v.calls, 0);
		pt_machine_free(m);
	}
}

TEST(apply__callback_error_stops_the_walk)
{
	for (size_t i = 0; i < ARRAY_SIZE(archs); i++) {
		struct machine *m = pt_machine(archs[i], 256ULL << 20, 1);
		u64 va = free_kernel_va(archs[i]);
		struct visit v = { .expect = va, .stop_at = 3 };

		EXPECT(m != NULL);
		if (!m)
			continue;
		EXPECT_EQ(apply_to_page_range(&init_mm, va, 8 * PAGE_SIZE,
					      visit_pte, &v), -EIO);
		EXPECT_EQ(v.calls, 3);
		pt_machine_free(m);
	}
}

int main(void)
{
	RUN(apply__maps_every_pte_in_order_and_makes_tables);
	RUN(apply__existing_skips_holes_and_allocates_nothing);
	RUN(apply__refuses_large_pages_and_bad_ranges);
	RUN(apply__callback_error_stops_the_walk);
	return done();
}
