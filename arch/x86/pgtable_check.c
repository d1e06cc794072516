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
 */
#include <stdlib.h>
#include <string.h>

#include <hw/cpu.h>

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

struct ptc {
	struct machine *m;
	const struct pt_format *f;
	const struct cpu *cpu;
	phys_addr_t *tables;	/* every table page reached */
	size_t n, cap;
	int bad;
};

static void ptc_fail(struct ptc *c, const char *what, int lvl, u64 va,
		     phys_addr_t ea, u64 v)
{
	static const char *const names[] = { "pgd", "p4d", "pud", "pmd", "pte" };

	if (c->bad++ < PTC_MAX_REPORTS)
		check_fail(c->m, "kernel %s entry at %#llx (va %#llx) = %#llx: %s",
			   names[lvl], (unsigned long long)ea,
			   (unsigned long long)va, (unsigned long long)v, what);
}

static void ptc_add(struct ptc *c, phys_addr_t pa)
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

/* Reserved bits of a present x86 entry (what the MMU faults on with RSVD). */
static const char *x86_entry_rsvd(struct ptc *c, int lvl, u64 v, bool leaf)
{
	const struct pt_format *f = c->f;
	unsigned int m = c->cpu->maxphyaddr;

	if (f->pse36) {
		if (leaf && lvl == PT_PMD) {	/* 4 MiB PDE: PA[39:32] in 20:13, bit 21 reserved */
			unsigned int hi = m >= 40 ? 8 : m - 32;
			u64 r = BIT_ULL(21) | (hi < 8 ? GENMASK_ULL(20, 13 + hi) : 0);

			if (v & r)
				return "reserved bits set";
		}
		return NULL;
	}
	if (f->pae_pdpt && lvl == PT_PUD) {	/* PDPTE */
		if (v & (GENMASK_ULL(63, m) | GENMASK_ULL(8, 5) | GENMASK_ULL(2, 1)))
			return "reserved bits set (PDPTE)";
		return NULL;
	}
	if (v & GENMASK_ULL(f->pae_pdpt ? 62 : 51, m))
		return "address bits above MAXPHYADDR set";
	if ((v & _PAGE_NX) && !(c->cpu->efer & EFER_NX))
		return "NX set without EFER.NXE";
	if (f->shift[lvl] >= 39 && (v & _PAGE_PSE))
		return "PS set in a PML4E/PML5E";
	if (leaf && lvl == PT_PUD && !c->cpu->has_gbpages)
		return "1 GiB page without gbpages";
	if (leaf && (v & GENMASK_ULL(f->shift[lvl] - 1, 13)))
		return "large page not aligned";
	return NULL;
}

static void ptc_walk(struct ptc *c, phys_addr_t table, int lvl, u64 va0,
		     unsigned long first, unsigned long last);

static void ptc_entry_x86(struct ptc *c, phys_addr_t ea, int lvl, u64 va)
{
	const struct pt_format *f = c->f;
	u64 v;
	bool leaf;
	phys_addr_t pa;
	const char *why;

	v = f->width == 8 ? ({ u64 x = 0; ram_read64(&c->m->ram, ea, &x); x; }) :
			    ({ u32 x = 0; ram_read32(&c->m->ram, ea, &x); x; });
	if (!(v & _PAGE_PRESENT))
		return;
	leaf = lvl == PT_PTE || lvl_is_leaf(lvl, v);
	why = x86_entry_rsvd(c, lvl, v, leaf);
	if (why) {
		ptc_fail(c, why, lvl, va, ea, v);
		return;
	}
	if (lvl == PT_PMD && leaf)
		pa = PFN_PHYS(pmd_pfn(__pmd(v)));
	else if (lvl == PT_PUD && leaf)
		pa = PFN_PHYS(pud_pfn(__pud(v)));
	else
		pa = v & f->pfn_mask;
	if (!ram_valid(&c->m->ram, pa, PAGE_SIZE)) {
		ptc_fail(c, leaf ? "maps a frame outside RAM" :
			 "points at a table outside RAM", lvl, va, ea, v);
		return;
	}
	if (leaf)
		return;
	ptc_add(c, pa);
	ptc_walk(c, pa, lvl + 1, va, 0, f->ptrs[lvl + 1]);
}

/* One ARM pgd slot: the pair of 1 MiB first-level descriptors. */
static void ptc_entry_arm(struct ptc *c, phys_addr_t ea, u64 va)
{
	u32 w[2] = { 0, 0 };
	phys_addr_t page = 0;

	ram_read32(&c->m->ram, ea, &w[0]);
	ram_read32(&c->m->ram, ea + 4, &w[1]);
	for (int k = 0; k < 2; k++) {
		u64 v = w[k];

		switch (v & PMD_TYPE_MASK) {
		case PMD_TYPE_FAULT:
			break;
		case PMD_TYPE_SECT:
			if (v & PMD_SECT_SUPER)
				break;	/* SIM: supersections unused */
			if (!ram_valid(&c->m->ram, v & ~(SECTION_SIZE - 1) &
				       0xffffffffULL, PAGE_SIZE))
				ptc_fail(c, "section maps a frame outside RAM",
					 PT_PMD, va, ea + 4 * k, v);
			break;
		case PMD_TYPE_TABLE:
			if (!ram_valid(&c->m->ram, v & PAGE_MASK, PAGE_SIZE)) {
				ptc_fail(c, "points at a table outside RAM",
					 PT_PMD, va, ea + 4 * k, v);
			} else if (page != (v & PAGE_MASK)) {
				page = v & PAGE_MASK;
				ptc_add(c, page);
			}
			break;
		default:
			ptc_fail(c, "reserved descriptor type 0b11", PT_PMD,
				 va, ea + 4 * k, v);
			break;
		}
	}
}

static void ptc_walk(struct ptc *c, phys_addr_t table, int lvl, u64 va0,
		     unsigned long first, unsigned long last)
{
	const struct pt_format *f = c->f;
	unsigned int w = lvl == (int)f->top ? f->pgd_width : f->width;

	for (unsigned long i = first; i < last; i++) {
		u64 va = va0 + ((u64)i << f->shift[lvl]);

		if (f->arm)
			ptc_entry_arm(c, table + i * w, va);
		else
			ptc_entry_x86(c, table + i * w, lvl, va);
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
	struct ptc c = { .m = m, .f = f, .cpu = &m->cpus[0] };
	unsigned long first = pgd_index(boundary);
	u64 va0 = 0;

	/* The pgd itself: a table pointing back at it is a loop. */
	for (unsigned int k = 0; k < (f->arm ? 4 : 1); k++)
		ptc_add(&c, init_mm.pgd_phys + k * PAGE_SIZE);
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
	int bad = 0;

	if (!s || !s->kernel_mm.pgd)
		return 0;
	f = s->fmt;
	first = pgd_index(f->arm ? m->layout.task_size : m->layout.page_offset);
	bad |= check_kernel_tables(m, f->arm ? m->layout.task_size :
					     m->layout.page_offset);
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
