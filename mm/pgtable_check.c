// SPDX-License-Identifier: GPL-2.0
/*
 * Invariants of the kernel page tables (CONFIG_DEBUG_VM style, like
 * mm/debug_vm_pgtable.c and arch/x86/mm/dump_pagetables.c's W+X check):
 *   - the direct map maps exactly lowmem: every RAM page below the end of
 *     the direct map at PAGE_OFFSET + phys, to phys
 *   - every pgd holds the same kernel half as swapper_pg_dir (T2)
 *   - no page-table page is free in the buddy allocator
 *   - every CPU's CR3 / TTBR0 points at a known pgd
 *   - walking the kernel half of swapper_pg_dir: every present entry points
 *     inside RAM, no reserved bits for the format (SDM tables 4-4 .. 4-28;
 *     ARM descriptor type 0b11), large pages aligned, no table page
 *     referenced twice (a loop or a shared table), every table page marked
 *     PageTable or reserved, never free in the buddy allocator
 * The walk and the bookkeeping are generic; each entry is judged by the
 * architecture's pt_ops->check_entry (arch/x86/pgtable_check.c,
 * arch/arm/pgtable.c).
 */
#include <stdlib.h>
#include <string.h>

#include <hw/cpu.h>

#include <mmsim/arch.h>
#include <mmsim/page-flags.h>
#include <mmsim/paging.h>

static u64 leaf_size(const struct pt_format *f, enum pt_level_idx lvl)
{
	return pt_leaf_size(lvl);
}

static phys_addr_t leaf_phys(const struct pt_format *f, void *p,
			     enum pt_level_idx lvl, u64 va)
{
	u64 v = pt_entry_read(p);
	u64 size = leaf_size(f, lvl);

	if (lvl == PT_PTE)
		return PFN_PHYS(pte_pfn(__pte(v))) + (va & (PAGE_SIZE - 1));
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
			u64 va = layout_va(&m->layout, pa);
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

/* ---- the walk of the kernel half --------------------------------- */

#define PTC_MAX_REPORTS	8

/**
 * pt_check_fail - report a bad kernel page-table entry
 * @c: the check in progress
 * @what: what is wrong
 * @lvl: the entry's level
 * @va: the first address it maps
 * @ea: its physical address
 * @v: its value
 *
 * Only the first PTC_MAX_REPORTS failures are printed; all are counted.
 */
void pt_check_fail(struct pt_check *c, const char *what, int lvl, u64 va,
		   phys_addr_t ea, u64 v)
{
	static const char *const names[] = { "pgd", "p4d", "pud", "pmd", "pte" };

	if (c->bad++ < PTC_MAX_REPORTS)
		check_fail(c->m, "kernel %s entry at %#llx (va %#llx) = %#llx: %s",
			   names[lvl], (unsigned long long)ea,
			   (unsigned long long)va, (unsigned long long)v, what);
}

/**
 * pt_check_add_table - record a page-table page the walk reached
 * @c: the check in progress
 * @pa: the table page
 */
void pt_check_add_table(struct pt_check *c, phys_addr_t pa)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		phys_addr_t *t = realloc(c->tables, cap * sizeof(*t));

		if (!t)
			return;
		c->tables = t;
		c->cap = cap;
	}
	c->tables[c->n++] = pa;
}

static void ptc_walk(struct pt_check *c, phys_addr_t table, int lvl,
		     u64 va0, unsigned long first, unsigned long last)
{
	const struct pt_format *f = c->f;
	unsigned int w = lvl == (int)f->top ? f->pgd_width : f->width;

	for (unsigned long i = first; i < last; i++) {
		u64 va = va0 + ((u64)i << f->shift[lvl]);
		phys_addr_t next = f->ops->check_entry(c, table + i * w, lvl,
						       va);

		if (next && lvl < PT_PTE) {
			pt_check_add_table(c, next);
			ptc_walk(c, next, lvl + 1, va, 0, f->ptrs[lvl + 1]);
		}
	}
}

static int cmp_pa(const void *a, const void *b)
{
	phys_addr_t x = *(const phys_addr_t *)a, y = *(const phys_addr_t *)b;

	return x < y ? -1 : x > y;
}

/* The walk, then the table pages: each once, PageTable, not free. */
static int check_kernel_tables(struct machine *m, u64 boundary)
{
	const struct pt_format *f = m->paging->fmt;
	struct pt_check c = { .m = m, .f = f, .cpu = &m->cpus[0] };
	unsigned long first = pgd_index(boundary);
	u64 va0 = 0;

	/* The pgd itself: a table pointing back at it is a loop. */
	for (unsigned int k = 0; k < (1U << pgd_order()); k++)
		pt_check_add_table(&c, init_mm.pgd_phys + k * PAGE_SIZE);
	if (f->shift[f->top] + 9 >= 48 && (boundary >> 63))	/* sign-extended */
		va0 = ~0ULL << f->va_bits;
	ptc_walk(&c, init_mm.pgd_phys, (int)f->top, va0, first,
		 f->ptrs[PT_PGD]);
	if (c.tables)
		qsort(c.tables, c.n, sizeof(*c.tables), cmp_pa);
	for (size_t i = 0; i < c.n; i++) {
		unsigned long pfn = PHYS_PFN(c.tables[i]);
		struct page *page;

		if (i && c.tables[i] == c.tables[i - 1]) {
			if (c.bad++ < PTC_MAX_REPORTS)
				check_fail(m, "kernel page-table page %#llx is referenced twice (loop or shared table)",
					   (unsigned long long)c.tables[i]);
			continue;
		}
		if (!m->mem_map || pfn >= m->max_pfn)
			continue;
		page = &m->mem_map[pfn];
		if (PageBuddy(page)) {
			if (c.bad++ < PTC_MAX_REPORTS)
				check_fail(m, "kernel page-table page pfn %#lx is free in the buddy allocator",
					   pfn);
		} else if (!PageTable(page) && !PageReserved(page) &&
			   !memblock_is_region_reserved(&m->memblock,
							c.tables[i], PAGE_SIZE)) {
			if (c.bad++ < PTC_MAX_REPORTS)
				check_fail(m, "kernel page-table page pfn %#lx is not marked PageTable",
					   pfn);
		}
	}
	if (c.bad > PTC_MAX_REPORTS)
		check_fail(m, "kernel page tables: %d more failures", c.bad - PTC_MAX_REPORTS);
	free(c.tables);
	return c.bad != 0;
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
	u64 boundary;
	int bad = 0;

	if (!s || !s->kernel_mm.pgd)
		return 0;
	f = s->fmt;
	boundary = f->ops->kernel_pgd_boundary(m);
	first = pgd_index(boundary);
	bad |= check_kernel_tables(m, boundary);
	bad |= check_direct_map(m);
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
		phys_addr_t root = f->ops->cpu_pgd(c);
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
