// SPDX-License-Identifier: GPL-2.0
/*
 * Page-table pages: the paging state of a machine (init_mm, as
 * mm/init-mm.c) and the allocation of table pages, from memblock at boot
 * and the page allocator later, as include/asm-generic/pgalloc.h
 * (__pte_alloc_one_kernel, pte_free_kernel) and the early allocators of
 * arch/x86/mm/init.c (alloc_low_pages) and arch/arm/mm/mmu.c
 * (early_alloc). Architecture-independent: the architecture is consulted
 * only for its CPU kind and power-on state.
 */
#include <stdlib.h>
#include <string.h>

#include <hw/cpu.h>
#include <mmsim/arch.h>
#include <mmsim/gfp.h>
#include <mmsim/page-flags.h>
#include <mmsim/paging.h>

/* ---- paging state --------------------------------------------------- */

/**
 * paging_setup - create the paging state of @m and power on its CPUs
 * @m: the machine (m->paging must not exist yet)
 * @fmt: the page-table format the machine uses
 *
 * Allocates m->paging (init_mm, the task and mm lists), the CPU array if
 * the machine has none, and brings every CPU to its power-on state:
 * paging off, protected mode on x86.
 *
 * Context: boot, before any page table exists; paging_exit() undoes it,
 * also after a failure.
 * Return: 0, -EEXIST if @m already has paging state, -ENOMEM, or the
 * error of cpu_init().
 */
int paging_setup(struct machine *m, const struct pt_format *fmt)
{
	struct paging_state *s;

	if (m->paging)
		return -EEXIST;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->sink = calloc(1, PAGE_SIZE);
	if (!s->sink) {
		free(s);
		return -ENOMEM;
	}
	s->fmt = fmt;
	INIT_LIST_HEAD(&s->mm_list);
	INIT_LIST_HEAD(&s->task_list);
	INIT_LIST_HEAD(&s->kernel_mm.pgd_list);
	s->kernel_mm.mm_users = 2;
	s->kernel_mm.mm_count = 1;
	s->kernel_mm.context.tlb_gen = 1;
	s->next_ctx_id = 1;
	s->next_asid = 1;
	m->paging = s;
	if (!m->cpus) {
		m->cpus = calloc((size_t)(m->nr_cpus ? m->nr_cpus : 1),
				 sizeof(*m->cpus));
		if (!m->cpus)
			return -ENOMEM;
		if (!m->nr_cpus)
			m->nr_cpus = 1;
		s->own_cpus = true;
	}
	for (int i = 0; i < m->nr_cpus; i++) {
		int ret = cpu_init(&m->cpus[i], i, fmt->ops->cpu_kind,
				   &m->ram, fmt->phys_bits);

		if (ret)
			return ret;
		m->cpus[i].m = m;
		m->cpus[i].trace = &m->trace;
		/* Power-on state: protected mode (x86), paging off. */
		m->cpus[i].cr0 = fmt->ops->reset_cr0;
	}
	return 0;
}

/**
 * paging_exit - free the paging state of @m
 * @m: the machine (no paging state is fine)
 *
 * Frees the CPUs' TLBs, every task and mm_struct and the CPU array if
 * paging_setup() allocated it. The table pages live in simulated RAM and
 * go with it.
 *
 * Context: machine teardown; nothing may use @m's page tables after.
 */
void paging_exit(struct machine *m)
{
	struct paging_state *s = m->paging;

	if (!s)
		return;
	for (int i = 0; m->cpus && i < m->nr_cpus; i++)
		cpu_exit(&m->cpus[i]);
	while (!list_empty(&s->task_list)) {
		struct task_struct *t = list_first_entry(&s->task_list,
							 struct task_struct,
							 tasks);

		list_del(&t->tasks);
		free(t);
	}
	while (!list_empty(&s->mm_list)) {
		struct mm_struct *mm = list_first_entry(&s->mm_list,
							struct mm_struct,
							pgd_list);

		list_del(&mm->pgd_list);
		free(mm);
	}
	if (s->own_cpus) {
		free(m->cpus);
		m->cpus = NULL;
	}
	free(s->pt_pages);
	free(s->sink);
	free(s);
	m->paging = NULL;
}

/**
 * init_mm_of - the kernel's mm_struct (what init_mm names)
 *
 * Context: acts on current_machine(), which must have paging state.
 * Return: the current machine's init_mm.
 */
struct mm_struct *init_mm_of(void)
{
	return &current_machine()->paging->kernel_mm;
}

/* ---- table pages ---------------------------------------------------- */

static int pt_record(struct paging_state *s, phys_addr_t pa,
		     unsigned int order)
{
	if (s->nr_pt_pages == s->cap_pt_pages) {
		size_t cap = s->cap_pt_pages ? s->cap_pt_pages * 2 : 64;
		void *n = realloc(s->pt_pages, cap * sizeof(*s->pt_pages));

		if (!n)
			return -ENOMEM;
		s->pt_pages = n;
		s->cap_pt_pages = cap;
	}
	s->pt_pages[s->nr_pt_pages].pa = pa;
	s->pt_pages[s->nr_pt_pages].order = order;
	s->nr_pt_pages++;
	s->pt_gen++;
	return 0;
}

/* The buddy allocator has taken over from memblock (mem_init done). */
static bool buddy_up(struct machine *m)
{
	return m->pa && m->totalram_pages;
}

static void buddy_free(struct machine *m, phys_addr_t pa, unsigned int order)
{
	struct page *page = pfn_to_page(PHYS_PFN(pa));

	if (PageTable(page))
		__ClearPageTable(page);
	__free_pages(page, order);
}

static phys_addr_t __alloc(struct machine *m, unsigned int order,
			   const char *owner, bool table)
{
	struct paging_state *s = m->paging;
	u64 size = PAGE_SIZE << order;
	phys_addr_t pa = 0;

	if (buddy_up(m)) {
		/* After boot: pte_alloc_one / __get_free_pages(GFP_PGTABLE_KERNEL). */
		struct page *page = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);

		if (!page)
			return 0;
		if (table)
			__SetPageTable(page);
		pa = PFN_PHYS(page_to_pfn(page));
	} else {
		/* Early: from memblock, below the lowmem limit (init.c). */
		pa = memblock_phys_alloc_range(&m->memblock, size, size, 0,
					       s->alloc_limit ? s->alloc_limit :
					       MEMBLOCK_ALLOC_ACCESSIBLE, owner);
		if (!pa)
			return 0;
	}
	ram_fill(&m->ram, pa, 0, size);
	if (table && pt_record(s, pa, order)) {
		pt_free_pages(m, pa, order);
		return 0;
	}
	return pa;
}

/**
 * pt_alloc_pages - allocate zeroed page-table pages
 * @m: the machine
 * @order: 2^@order pages
 *
 * From memblock during early boot, from the page allocator (marked
 * PageTable) once it is up; the pages are recorded as page-table pages.
 *
 * Context: acts on @m; any time after paging_setup().
 * Return: the physical address, or 0 when out of memory.
 */
phys_addr_t pt_alloc_pages(struct machine *m, unsigned int order)
{
	return __alloc(m, order, "page tables", true);
}

/**
 * paging_alloc_pages - allocate zeroed pages that are not page tables
 * @m: the machine
 * @order: 2^@order pages
 * @owner: memblock owner name, for early allocations
 *
 * Like pt_alloc_pages() (memblock early, the page allocator later) but not
 * marked or recorded as page tables: kernel stacks, TSS pages.
 *
 * Context: acts on @m; any time after paging_setup().
 * Return: the physical address, or 0 when out of memory.
 */
phys_addr_t paging_alloc_pages(struct machine *m, unsigned int order,
			       const char *owner)
{
	return __alloc(m, order, owner, false);
}

/**
 * pt_free_pages - free pages from pt_alloc_pages()
 * @m: the machine
 * @pa: their physical address
 * @order: the order they were allocated with
 *
 * Forgets them as page-table pages, then frees them like
 * paging_free_pages(). The caller has unhooked them from every table and
 * flushed the TLBs that might still use them.
 *
 * Context: acts on @m.
 */
void pt_free_pages(struct machine *m, phys_addr_t pa, unsigned int order)
{
	struct paging_state *s = m->paging;

	for (size_t i = 0; i < s->nr_pt_pages; i++) {
		if (s->pt_pages[i].pa == pa) {
			s->pt_pages[i] = s->pt_pages[--s->nr_pt_pages];
			s->pt_gen++;
			break;
		}
	}
	paging_free_pages(m, pa, order);
}

/**
 * paging_free_pages - free pages from paging_alloc_pages()
 * @m: the machine
 * @pa: their physical address
 * @order: the order they were allocated with
 *
 * To the page allocator once it is up (unless memblock still reserves
 * them), else back to memblock.
 *
 * Context: acts on @m.
 */
void paging_free_pages(struct machine *m, phys_addr_t pa, unsigned int order)
{
	if (buddy_up(m) && !memblock_is_region_reserved(&m->memblock, pa,
							       PAGE_SIZE << order))
		buddy_free(m, pa, order);
	else
		memblock_phys_free(&m->memblock, pa, PAGE_SIZE << order);
}

/**
 * pt_alloc_table - allocate one zeroed page-table page
 * @mm: the address space it is for (its pgtables_bytes grows), or NULL
 *
 * Context: acts on current_machine().
 * Return: a host pointer to the table in simulated RAM, or NULL when out
 * of memory.
 */
void *pt_alloc_table(struct mm_struct *mm)
{
	phys_addr_t pa = pt_alloc_pages(current_machine(), 0);

	if (!pa)
		return NULL;
	if (mm)
		mm->pgtables_bytes += PAGE_SIZE;
	return pt_phys_to_ptr(pa);
}

/**
 * pt_free_table - free a table from pt_alloc_table()
 * @mm: the address space it belonged to (its pgtables_bytes shrinks), or
 *	NULL
 * @table: the host pointer pt_alloc_table() returned
 *
 * Context: acts on current_machine(); the table is no longer referenced.
 */
void pt_free_table(struct mm_struct *mm, void *table)
{
	if (mm)
		mm->pgtables_bytes -= PAGE_SIZE;
	pt_free_pages(current_machine(), pt_ptr_to_phys(table), 0);
}

/* ---- the early (head) tables ----------------------------------------- */

/**
 * paging_capture_early - remember the table pages allocated since @first
 * @m: the machine
 * @first: m->paging->nr_pt_pages before the early tables were built
 * @e: receives them (at most EARLY_TABLES_MAX)
 */
void paging_capture_early(struct machine *m, size_t first,
			  struct early_tables *e)
{
	struct paging_state *s = m->paging;

	e->n = 0;
	for (size_t i = first; i < s->nr_pt_pages && e->n < EARLY_TABLES_MAX; i++) {
		e->pa[e->n] = s->pt_pages[i].pa;
		e->order[e->n++] = s->pt_pages[i].order;
	}
}

/**
 * paging_free_early - free the early tables once swapper_pg_dir is live
 * @m: the machine
 * @e: what paging_capture_early() found
 */
void paging_free_early(struct machine *m, const struct early_tables *e)
{
	for (size_t i = 0; i < e->n; i++)
		pt_free_pages(m, e->pa[i], e->order[i]);
}

/* ---- pgd_alloc / pgd_free (T2) ---------------------------------------- */

/**
 * pgd_alloc - give @mm its top-level table
 * @mm: a new address space
 *
 * The kernel half is a copy of swapper_pg_dir's (clone_pgd_range), so
 * every process shares the kernel's lower-level tables; then the
 * architecture's part (PAE: the user PMDs, preallocate_pmds(); ARM's pgd
 * is 16 KiB). Sets mm->pgd, pgd_phys and pgtables_bytes.
 *
 * Context: acts on current_machine(), after the kernel page tables exist.
 * Return: 0 or -ENOMEM (pgd_free() undoes a partial one).
 */
int pgd_alloc(struct mm_struct *mm)
{
	struct machine *m = current_machine();
	struct paging_state *s = m->paging;
	const struct pt_format *f = s->fmt;
	unsigned long first = pgd_index(kernel_pgd_boundary());
	phys_addr_t pa = pt_alloc_pages(m, pgd_order());

	if (!pa)
		return -ENOMEM;
	mm->pgd = pt_phys_to_ptr(pa);
	mm->pgd_phys = pa;
	mm->pgtables_bytes = PAGE_SIZE << pgd_order();
	memcpy((u8 *)mm->pgd + first * f->pgd_width,
	       (u8 *)s->kernel_mm.pgd + first * f->pgd_width,
	       (f->ptrs[PT_PGD] - first) * f->pgd_width);
	return f->ops->pgd_prepare ? f->ops->pgd_prepare(mm) : 0;
}

/* Free the user half's tables below @table (a table at level @lvl). */
static void free_user_tables(struct mm_struct *mm, void *table, int lvl,
			     unsigned long first, unsigned long last)
{
	const struct pt_format *f = pt_fmt();

	for (unsigned long i = first; i < last; i++) {
		u8 *p = (u8 *)table + i * (lvl == (int)f->top ? f->pgd_width :
					   f->width);
		u64 v = pt_entry_read(p);
		void *next;

		if (!v || lvl == PT_PTE || lvl_is_leaf(lvl, v))
			continue;
		if (!lvl_present(lvl, v))
			continue;
		next = pt_phys_to_ptr(f->ops->entry_table(v));
		if (lvl + 1 < PT_PTE)
			free_user_tables(mm, next, lvl + 1, 0, f->ptrs[lvl + 1]);
		if (next != current_machine()->paging->sink)
			pt_free_table(mm, next);
	}
}

/**
 * pgd_free - free @mm's user page tables and its pgd
 * @mm: an address space nothing runs any more
 *
 * The kernel half is shared and stays.
 *
 * Context: acts on current_machine().
 */
void pgd_free(struct mm_struct *mm)
{
	const struct pt_format *f = pt_fmt();

	if (!mm->pgd)
		return;
	free_user_tables(mm, mm->pgd, (int)f->top, 0,
			 pgd_index(kernel_pgd_boundary()));
	pt_free_pages(current_machine(), mm->pgd_phys, pgd_order());
	mm->pgd = NULL;
}
