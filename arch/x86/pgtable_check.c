// SPDX-License-Identifier: GPL-2.0
/*
 * Invariants of the kernel page tables (CONFIG_DEBUG_VM style, like
 * mm/debug_vm_pgtable.c and arch/x86/mm/dump_pagetables.c's W+X check):
 *   - the direct map maps exactly lowmem: every RAM page below the end of
 *     the direct map at PAGE_OFFSET + phys, to phys
 *   - every pgd holds the same kernel half as swapper_pg_dir (T2)
 *   - no page-table page is free in the buddy allocator
 *   - every CPU's CR3 / TTBR0 points at a known pgd
 */
#include <string.h>

#include <mmsim/arch.h>
#include <mmsim/page-flags.h>
#include <mmsim/paging.h>

static u64 leaf_size(const struct pt_format *f, enum pt_level_idx lvl)
{
	if (lvl == PT_PTE)
		return PAGE_SIZE;
	if (f->arm)
		return SECTION_SIZE;
	return 1ULL << f->shift[lvl];
}

static phys_addr_t leaf_phys(const struct pt_format *f, void *p,
			     enum pt_level_idx lvl, u64 va)
{
	u64 v = pt_entry_read(p);
	u64 size = leaf_size(f, lvl);

	if (lvl == PT_PTE)
		return PFN_PHYS(pte_pfn(__pte(v))) + (va & (PAGE_SIZE - 1));
	if (f->arm)
		return (v & ~(SECTION_SIZE - 1) & 0xffffffffULL) + (va & (size - 1));
	if (lvl == PT_PUD)
		return PFN_PHYS(pud_pfn(__pud(v))) + (va & (size - 1));
	return PFN_PHYS(pmd_pfn(__pmd(v))) + (va & (size - 1));
}

static int check_direct_map(struct machine *m)
{
	const struct pt_format *f = m->paging->fmt;
	phys_addr_t top = PFN_PHYS(m->max_low_pfn);
	int bad = 0;

	if (m->arch && m->arch->bits == 64 && m->max_pfn > m->max_low_pfn)
		top = PFN_PHYS(m->max_pfn);
	for (unsigned long i = 0; i < m->memblock.memory.cnt && !bad; i++) {
		const struct memblock_region *r = &m->memblock.memory.regions[i];
		phys_addr_t pa = r->base, end = min_u64(r->base + r->size, top);

		while (pa < end) {
			u64 va = m->layout.page_offset + pa - m->layout.phys_offset;
			enum pt_level_idx lvl;
			void *p = pt_lookup(&init_mm, va, &lvl);

			if (!p) {
				check_fail(m, "direct map: %#llx (phys %#llx) is not mapped",
					   (unsigned long long)va,
					   (unsigned long long)pa);
				bad = 1;
				break;
			}
			if (leaf_phys(f, p, lvl, va) != pa) {
				check_fail(m, "direct map: %#llx maps %#llx, not %#llx",
					   (unsigned long long)va,
					   (unsigned long long)leaf_phys(f, p, lvl, va),
					   (unsigned long long)pa);
				bad = 1;
				break;
			}
			pa = ALIGN_DOWN(pa, leaf_size(f, lvl)) + leaf_size(f, lvl);
		}
	}
	return bad;
}

/**
 * pgtable_check - the page-table invariants of @m
 * @m: machine
 *
 * Return: 0, or 1 after reporting each failure with check_fail().
 */
int pgtable_check(struct machine *m)
{
	struct paging_state *s = m->paging;
	const struct pt_format *f;
	struct mm_struct *mm;
	unsigned long first;
	int bad = 0;

	if (!s || !s->kernel_mm.pgd)
		return 0;
	f = s->fmt;
	bad |= check_direct_map(m);
	first = pgd_index(f->arm ? m->layout.task_size : m->layout.page_offset);
	list_for_each_entry(mm, &s->mm_list, pgd_list) {
		size_t off = first * f->pgd_width;

		if (memcmp((u8 *)mm->pgd + off, (u8 *)init_mm.pgd + off,
			   f->ptrs[PT_PGD] * f->pgd_width - off)) {
			check_fail(m, "pgd %#llx: kernel half differs from swapper_pg_dir",
				   (unsigned long long)mm->pgd_phys);
			bad = 1;
		}
	}
	for (size_t i = 0; m->mem_map && i < s->nr_pt_pages; i++) {
		unsigned long pfn = PHYS_PFN(s->pt_pages[i].pa);

		if (pfn < m->max_pfn && PageBuddy(&m->mem_map[pfn])) {
			check_fail(m, "page-table page pfn %#lx is free in the buddy allocator",
				   pfn);
			bad = 1;
		}
	}
	for (int i = 0; i < m->nr_cpus; i++) {
		struct cpu *c = &m->cpus[i];
		phys_addr_t root = f->arm ? c->ttbr0 & ~0x3fffULL :
				   c->cr3 & f->pfn_mask & ~0xfffULL;
		bool known = root == init_mm.pgd_phys;

		if (c->mode == MMU_OFF)
			continue;
		list_for_each_entry(mm, &s->mm_list, pgd_list)
			known |= root == mm->pgd_phys;
		if (!known) {
			check_fail(m, "cpu%d: page-table root %#llx is no known pgd", i,
				   (unsigned long long)root);
			bad = 1;
		}
	}
	return bad;
}
