// SPDX-License-Identifier: GPL-2.0
/*
 * Large-page splitting of the kernel mappings (set_memory.c): 2 MiB, 4 MiB
 * and 1 GiB pages become tables of equivalent entries with the same
 * protections, DirectMap counters follow, every TLB is flushed, and the
 * set_memory_* calls change only the pages asked for. ARM refuses the
 * linear map as Linux's change_memory_common() does.
 */
#include "../test.h"

#include <hw/mmu.h>
#include <hw/tlb.h>

#include "pgtable_fixture.h"

static int xlate(struct machine *m, int cpu, u64 va, unsigned int acc,
		 phys_addr_t *pa)
{
	struct mmu_fault f;

	return mmu_translate(&m->cpus[cpu], va, acc, pa, &f);
}

/* Every 4 KiB entry of the table at @tbl maps @pfn + i with @prot. */
static int check_ptes(struct machine *m, u64 table_entry, unsigned long pfn,
		      u64 prot, unsigned int n)
{
	const struct pt_format *f = m->paging->fmt;
	u8 *tbl = pt_phys_to_ptr(table_entry & f->pfn_mask);
	int bad = 0;

	for (unsigned int i = 0; i < n; i++) {
		u64 v = pt_entry_read(tbl + i * f->width);

		if (pte_pfn(__pte(v)) != pfn + i || (v & ~f->pfn_mask) != prot)
			bad++;
	}
	return bad;
}

TEST(split__2m_page_x86_64)
{
	struct machine *m = pt_machine(ARCH_X86_64, 2ULL << 30, 2);
	u64 va = m ? m->layout.page_offset + (40ULL << 20) + 0x3000 : 0;
	unsigned long *c;
	unsigned int level;
	pte_t *kpte;
	u64 old, table;
	phys_addr_t pa;

	ASSERT(m);
	c = m->paging->direct_pages_count;
	EXPECT_EQ(c[PG_LEVEL_4K], 512);
	EXPECT_EQ(c[PG_LEVEL_2M], 511);
	EXPECT_EQ(c[PG_LEVEL_1G], 1);
	kpte = lookup_address(va, &level);
	ASSERT(kpte);
	EXPECT_EQ(level, PG_LEVEL_2M);
	old = pt_entry_read(kpte);
	/* Both CPUs cache the writable 2M translation. */
	EXPECT_EQ(xlate(m, 0, va, MMU_WRITE, &pa), 0);
	EXPECT_EQ(xlate(m, 1, va, MMU_WRITE, &pa), 0);
	EXPECT_EQ(pa, (40ULL << 20) + 0x3000);

	EXPECT_EQ(set_memory_4k(va, 1), 0);
	EXPECT_EQ(pt_entry_read(lookup_address(va - 0x3000, &level)) & ~PAGE_MASK,
		  (old & ~PAGE_MASK & ~_PAGE_PSE));
	EXPECT_EQ(level, PG_LEVEL_4K);
	table = pt_entry_read(kpte);
	EXPECT_EQ(table & ~m->paging->fmt->pfn_mask, _KERNPG_TABLE);
	/* Same frames, same flags minus PSE, on all 512 entries. */
	EXPECT_EQ(check_ptes(m, table, (40UL << 20) >> PAGE_SHIFT,
			     (old & ~m->paging->fmt->pfn_mask) & ~_PAGE_PSE, 512), 0);
	EXPECT_EQ(c[PG_LEVEL_4K], 1024);
	EXPECT_EQ(c[PG_LEVEL_2M], 510);
	/* Flushed: no stale large entry on either CPU. */
	for (int i = 0; i < 2; i++) {
		u64 walks = m->cpus[i].tlb->stats.walks;

		EXPECT_EQ(xlate(m, i, va, 0, &pa), 0);
		EXPECT_EQ(pa, (40ULL << 20) + 0x3000);
		EXPECT_EQ(m->cpus[i].tlb->stats.walks, walks + 1);
	}
	/* Now a read-only page: the cached writable 4K entry is dropped too. */
	EXPECT_EQ(set_memory_ro(va, 1), 0);
	EXPECT_EQ(xlate(m, 1, va, MMU_WRITE, &pa), -EFAULT);
	EXPECT_EQ(xlate(m, 1, va + PAGE_SIZE, MMU_WRITE, &pa), 0);
	EXPECT_EQ(set_memory_x(va, 1), 0);
	EXPECT_EQ(xlate(m, 0, va, MMU_EXEC, &pa), 0);
	EXPECT_EQ(xlate(m, 0, va + PAGE_SIZE, MMU_EXEC, &pa), -EFAULT);
	EXPECT_EQ(set_memory_nx(va, 1), 0);
	EXPECT_EQ(set_memory_rw(va, 1), 0);
	EXPECT_EQ(xlate(m, 0, va, MMU_WRITE, &pa), 0);
	/* A second call splits nothing more. */
	EXPECT_EQ(set_memory_4k(va, 1), 0);
	EXPECT_EQ(c[PG_LEVEL_4K], 1024);
	/* A whole aligned 2M page keeps its size when its rights change. */
	va = m->layout.page_offset + (64ULL << 20);
	EXPECT_EQ(set_memory_ro(va, 512), 0);
	lookup_address(va, &level);
	EXPECT_EQ(level, PG_LEVEL_2M);
	EXPECT_EQ(xlate(m, 0, va + 0x1234, MMU_WRITE, &pa), -EFAULT);
	EXPECT_EQ(set_memory_rw(va, 512), 0);
	/* Unmapped / user / bad ranges. */
	EXPECT_EQ(set_memory_ro(m->layout.page_offset + (8ULL << 30), 1), -EFAULT);
	EXPECT_EQ(set_memory_ro(0x400000, 1), -EINVAL);
	EXPECT_EQ(set_memory_ro(va, -1), -EINVAL);
	EXPECT_EQ(set_memory_ro(va, 0), 0);
	EXPECT_EQ(pgtable_check(m), 0);
	if (m->check_report.len)
		printf("# %s", sb_str(&m->check_report));
	pt_machine_free(m);
}

TEST(split__1g_page_x86_64)
{
	struct machine *m = pt_machine(ARCH_X86_64, 2ULL << 30, 1);
	u64 va = m ? m->layout.page_offset + (1ULL << 30) + (6ULL << 20) : 0;
	const struct pt_format *f;
	unsigned long *c;
	unsigned int level;
	pte_t *kpte;
	u64 old, table, prot;
	phys_addr_t pa;
	u8 *tbl;
	int bad = 0;

	ASSERT(m);
	f = m->paging->fmt;
	c = m->paging->direct_pages_count;
	kpte = lookup_address(va, &level);
	ASSERT(kpte);
	EXPECT_EQ(level, PG_LEVEL_1G);
	old = pt_entry_read(kpte);
	EXPECT_EQ(xlate(m, 0, va + 0x10, MMU_WRITE, &pa), 0);
	EXPECT_EQ(pa, (1ULL << 30) + (6ULL << 20) + 0x10);
	/* One level down: 512 2M pages, PSE kept. */
	EXPECT_EQ(split_large_page(kpte, PG_LEVEL_1G, va), 0);
	EXPECT_EQ(c[PG_LEVEL_1G], 0);
	EXPECT_EQ(c[PG_LEVEL_2M], 511 + 512);
	table = pt_entry_read(kpte);
	tbl = pt_phys_to_ptr(table & f->pfn_mask);
	prot = old & ~f->pfn_mask;
	for (unsigned int i = 0; i < 512; i++) {
		u64 v = pt_entry_read(tbl + i * 8);

		if ((v & f->pfn_mask) != (1ULL << 30) + ((u64)i << 21) ||
		    (v & ~f->pfn_mask) != prot)
			bad++;
	}
	EXPECT_EQ(bad, 0);
	EXPECT_EQ(m->cpus[0].tlb->stats.flushes > 0, 1);
	EXPECT_EQ(xlate(m, 0, va + 0x10, 0, &pa), 0);
	EXPECT_EQ(pa, (1ULL << 30) + (6ULL << 20) + 0x10);
	lookup_address(va, &level);
	EXPECT_EQ(level, PG_LEVEL_2M);
	/* set_memory_4k on a fresh 1G page splits twice. */
	EXPECT_EQ(split_large_page(kpte, PG_LEVEL_1G, va), -EINVAL);
	EXPECT_EQ(set_memory_4k(va, 1), 0);
	lookup_address(va, &level);
	EXPECT_EQ(level, PG_LEVEL_4K);
	EXPECT_EQ(c[PG_LEVEL_2M], 511 + 511);
	EXPECT_EQ(c[PG_LEVEL_4K], 1024);
	EXPECT_EQ(pgtable_check(m), 0);
	pt_machine_free(m);
}

TEST(split__pat_bit_moves)
{
	struct machine *m = pt_machine(ARCH_X86_64, 256ULL << 20, 1);
	u64 va = m ? m->layout.page_offset + (32ULL << 20) : 0;
	unsigned int level;
	pte_t *kpte, *p;

	ASSERT(m);
	kpte = lookup_address(va, &level);
	ASSERT(kpte && level == PG_LEVEL_2M);
	/* pgprot_large_2_4k: PAT at bit 12 of the large entry -> bit 7. */
	pt_entry_write(kpte, pt_entry_read(kpte) | _PAGE_PAT_LARGE);
	EXPECT_EQ(set_memory_4k(va, 1), 0);
	p = lookup_address(va + 5 * PAGE_SIZE, &level);
	ASSERT(p);
	EXPECT_EQ(pt_entry_read(p) & _PAGE_PAT, _PAGE_PAT);
	EXPECT_EQ(pt_entry_read(p) & 0xfff & ~_PAGE_PAT,
		  pgprot_val(PAGE_KERNEL) & 0xfff);
	EXPECT_EQ(pte_pfn(ptep_get(p)), ((32UL << 20) >> PAGE_SHIFT) + 5);
	EXPECT_EQ(pgprot_4k_2_large(_PAGE_PAT | _PAGE_RW), _PAGE_PAT_LARGE | _PAGE_RW);
	pt_machine_free(m);
}

/* x86_32: 4 MiB pages in the pgd itself: every pgd gets the new table. */
TEST(split__4m_page_x86_32_every_pgd)
{
	struct machine *m = pt_machine(ARCH_X86_32, 1ULL << 30, 1);
	u64 va = 0xc8001000ULL;
	unsigned long *c;
	unsigned int level;
	struct mm_struct *mm;
	pte_t *kpte;
	u64 old;
	phys_addr_t pa;

	ASSERT(m);
	c = m->paging->direct_pages_count;
	mm = mm_alloc();
	ASSERT(mm);
	kpte = lookup_address(va, &level);
	ASSERT(kpte && level == PG_LEVEL_2M);
	old = pt_entry_read(kpte);
	EXPECT_EQ(set_memory_ro(va, 1), 0);
	EXPECT_EQ(c[PG_LEVEL_4K], 1024 + 1024);
	EXPECT_EQ(check_ptes(m, pt_entry_read(kpte), 0x08000000 >> PAGE_SHIFT,
			     old & 0xfff & ~_PAGE_PSE, 1), 0);
	EXPECT_EQ(pt_entry_read((u8 *)mm->pgd + pgd_index(va) * 4),
		  pt_entry_read(kpte));
	EXPECT_EQ(xlate(m, 0, va, MMU_WRITE, &pa), -EFAULT);
	EXPECT_EQ(xlate(m, 0, va + PAGE_SIZE, MMU_WRITE, &pa), 0);
	EXPECT_EQ(pa, 0x08002000);
	/* No NX without PAE: set_memory_nx does nothing. */
	EXPECT_EQ(set_memory_nx(0xcc000000ULL, 1), 0);
	lookup_address(0xcc000000ULL, &level);
	EXPECT_EQ(level, PG_LEVEL_2M);
	EXPECT_EQ(pgtable_check(m), 0);
	if (m->check_report.len)
		printf("# %s", sb_str(&m->check_report));
	mmdrop(mm);
	pt_machine_free(m);
}

TEST(split__2m_page_pae)
{
	struct machine *m = pt_machine(ARCH_X86_32_PAE, 1ULL << 30, 1);
	u64 va = 0xc8201000ULL;
	unsigned int level;
	phys_addr_t pa;

	ASSERT(m);
	/* The kernel text (16 MiB) is executable in the 32-bit direct map. */
	EXPECT_EQ(set_memory_nx(0xc1000000ULL, 1), 0);
	lookup_address(0xc1000000ULL, &level);
	EXPECT_EQ(level, PG_LEVEL_4K);
	EXPECT_EQ(set_memory_ro(va, 1), 0);
	lookup_address(va, &level);
	EXPECT_EQ(level, PG_LEVEL_4K);
	EXPECT_EQ(xlate(m, 0, va, MMU_WRITE, &pa), -EFAULT);
	EXPECT_EQ(xlate(m, 0, va - PAGE_SIZE, MMU_WRITE, &pa), 0);
	EXPECT_EQ(pa, 0x08200000);
	EXPECT_EQ(m->paging->direct_pages_count[PG_LEVEL_4K], 512 + 2 * 512);
	EXPECT_EQ(pgtable_check(m), 0);
	pt_machine_free(m);
}

/* ARM: the linear map's sections are never split; vmalloc pages change. */
TEST(arm__linear_map_refused_vmalloc_pages_change)
{
	struct machine *m = pt_machine(ARCH_ARM32, 256ULL << 20, 1);
	u64 va;
	unsigned int level;
	phys_addr_t pa;

	ASSERT(m);
	EXPECT_EQ(set_memory_ro(0xc0100000ULL, 1), -EINVAL);
	EXPECT_EQ(set_memory_4k(0xc0100000ULL, 1), -EINVAL);
	lookup_address(0xc0100000ULL, &level);
	EXPECT_EQ(level, PG_LEVEL_2M);
	m->layout.vmalloc_start = 0xd0800000ULL;
	m->layout.vmalloc_end = 0xff800000ULL;
	va = m->layout.vmalloc_start;
	EXPECT_EQ(set_memory_ro(va, 1), -EINVAL);	/* not mapped */
	EXPECT_EQ(pt_map_range(&init_mm, va, 0x200000, PAGE_SIZE, PAGE_KERNEL,
			       PG_LEVEL_4K, false), 0);
	EXPECT_EQ(xlate(m, 0, va, MMU_WRITE, &pa), 0);
	EXPECT_EQ(set_memory_ro(va, 1), 0);
	EXPECT_EQ(xlate(m, 0, va, MMU_WRITE, &pa), -EFAULT);
	EXPECT_EQ(xlate(m, 0, va, 0, &pa), 0);
	EXPECT_EQ(set_memory_rw(va, 1), 0);
	EXPECT_EQ(set_memory_x(va, 1), 0);
	EXPECT_EQ(xlate(m, 0, va, MMU_WRITE | MMU_EXEC, &pa), 0);
	EXPECT_EQ(pa, 0x200000);
	pt_machine_free(m);
}

int main(void)
{
	RUN(split__2m_page_x86_64);
	RUN(split__1g_page_x86_64);
	RUN(split__pat_bit_moves);
	RUN(split__4m_page_x86_32_every_pgd);
	RUN(split__2m_page_pae);
	RUN(arm__linear_map_refused_vmalloc_pages_change);
	return done();
}
