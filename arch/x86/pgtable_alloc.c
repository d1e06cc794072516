// SPDX-License-Identifier: GPL-2.0
/*
 * Page-table pages and address spaces: the paging state of a machine,
 * allocation of table pages (memblock at boot, the page allocator later),
 * mapping ranges with the largest page size allowed, pgd_alloc() with the
 * kernel half shared (T2), and the kernel-mapping sync of
 * arch_sync_kernel_mappings(). Mirrors arch/x86/mm/pgtable.c,
 * arch/x86/mm/init_64.c (phys_*_init), arch/arm/mm/pgd.c.
 */
#include <stdlib.h>
#include <string.h>

#include <hw/mmu.h>
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
		int ret = cpu_init(&m->cpus[i], i, fmt->arm ? CPU_ARM : CPU_X86,
				   &m->ram, fmt->phys_bits);

		if (ret)
			return ret;
		m->cpus[i].m = m;
		m->cpus[i].trace = &m->trace;
		/* Power-on state: protected mode (x86), paging off. */
		if (!fmt->arm)
			m->cpus[i].cr0 = X86_CR0_PE;
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

/* ---- walking with allocation --------------------------------------- */

static u64 kernel_boundary(void)
{
	struct machine *m = current_machine();
	u64 b = pt_fmt()->arm ? m->layout.task_size : m->layout.page_offset;

	if (!b)		/* no layout yet (unit tests): the upper half */
		b = m->arch && m->arch->bits == 64 ? 0xffff800000000000ULL :
						      0xc0000000ULL;
	return b;
}

/* arch_sync_kernel_mappings(): copy a new top-level kernel entry to all. */
static void sync_kernel_top_entry(struct mm_struct *mm, u64 addr, void *p)
{
	struct paging_state *s = current_machine()->paging;
	const struct pt_format *f = s->fmt;
	struct mm_struct *o;
	size_t off = (size_t)((u8 *)p - (u8 *)mm->pgd);

	if (mm != &s->kernel_mm || addr < kernel_boundary())
		return;
	list_for_each_entry(o, &s->mm_list, pgd_list) {
		memcpy((u8 *)o->pgd + off, p, f->pgd_width);
	}
}

static void populate(struct mm_struct *mm, int lvl, void *p, void *table)
{
	switch (lvl) {
	case PT_PGD:
		pgd_populate(mm, p, table);
		break;
	case PT_P4D:
		p4d_populate(mm, p, table);
		break;
	case PT_PUD:
		pud_populate(mm, p, table);
		break;
	default:
		pmd_populate_kernel(mm, p, table);
		break;
	}
}

/**
 * pt_walk_alloc - find the entry of @addr at @level, allocating tables
 * @mm: the address space
 * @addr: the virtual address
 * @level: the level whose entry is wanted (PT_PTE for a 4K mapping)
 *
 * Missing tables on the way are allocated and hooked in; a new top-level
 * entry of the kernel half of init_mm is copied to every other pgd
 * (arch_sync_kernel_mappings()). Folded levels are skipped.
 *
 * Context: acts on current_machine(); may allocate page-table pages.
 * Return: a host pointer to the entry, or NULL when out of memory or when
 * a large page maps @addr above @level (split it first).
 */
void *pt_walk_alloc(struct mm_struct *mm, u64 addr, enum pt_level_idx level)
{
	const struct pt_format *f = pt_fmt();
	void *p = pgd_offset(mm, addr);

	for (int lvl = PT_PGD; lvl < (int)level; lvl++) {
		u64 v;

		if (lvl < (int)f->top)
			continue;	/* folded: same entry */
		v = pt_entry_read(p);
		if (v == 0) {
			void *table = pt_alloc_table(mm);

			if (!table)
				return NULL;
			populate(mm, lvl, p, table);
			if (lvl == (int)f->top)
				sync_kernel_top_entry(mm, addr, p);
		} else if (lvl_is_leaf(lvl, v)) {
			return NULL;	/* a large page: callers split it first (set_memory_4k) */
		}
		p = lvl == PT_PGD ? (void *)p4d_offset(p, addr) :
		    lvl == PT_P4D ? (void *)pud_offset(p, addr) :
		    lvl == PT_PUD ? (void *)pmd_offset(p, addr) :
				    (void *)pte_offset_kernel(p, addr);
	}
	return p;
}

/**
 * pt_lookup - find the leaf entry that maps @addr
 * @mm: the address space
 * @addr: the virtual address
 * @level: set to the level of the leaf found
 *
 * A software walk: no accessed/dirty updates, no permission checks, no
 * TLB. On ARM the entry of the odd 1 MiB half of a section pair is
 * returned for addresses in it.
 *
 * Context: acts on current_machine(); allocates nothing.
 * Return: a host pointer to the present leaf entry, or NULL if @addr is
 * not mapped.
 */
void *pt_lookup(struct mm_struct *mm, u64 addr, enum pt_level_idx *level)
{
	const struct pt_format *f = pt_fmt();
	void *p = pgd_offset(mm, addr);

	for (int lvl = PT_PGD; lvl <= PT_PTE; lvl++) {
		u64 v;

		if (lvl < (int)f->top)
			continue;
		if (f->arm && lvl == PT_PMD && (addr & SECTION_SIZE))
			v = pt_entry_read((u8 *)p + 4);
		else
			v = pt_entry_read(p);
		if (lvl == PT_PTE) {
			*level = PT_PTE;
			return pte_present(__pte(v)) ? p : NULL;
		}
		if (!v || (!f->arm && !(v & _PAGE_PRESENT)))
			return NULL;
		if (lvl_is_leaf(lvl, v)) {
			*level = lvl;
			if (f->arm && (addr & SECTION_SIZE))
				return (u8 *)p + 4;
			return p;
		}
		p = lvl == PT_PGD ? (void *)p4d_offset(p, addr) :
		    lvl == PT_P4D ? (void *)pud_offset(p, addr) :
		    lvl == PT_PUD ? (void *)pmd_offset(p, addr) :
				    (void *)pte_offset_kernel(p, addr);
	}
	return NULL;
}

/* ---- mapping ranges ------------------------------------------------- */

/* A section descriptor with the rights of an ARM Linux PTE protection. */
static u64 arm_sect_prot(u64 pte_prot, bool user_addr)
{
	u64 v = PMD_TYPE_SECT | PMD_SECT_TEX(1) | PMD_SECT_WB | PMD_SECT_S |
		PMD_DOMAIN(user_addr ? DOMAIN_USER : DOMAIN_KERNEL) |
		PMD_SECT_AP_WRITE;

	if ((pte_prot & PMD_TYPE_MASK) == PMD_TYPE_SECT)
		return pte_prot;	/* already a section protection */
	if (pte_prot & L_PTE_USER)
		v |= PMD_SECT_AP_READ;
	if (pte_prot & L_PTE_RDONLY)
		v |= PMD_SECT_APX;
	if (pte_prot & L_PTE_XN)
		v |= PMD_SECT_XN;
	if (user_addr)
		v |= PMD_SECT_nG;
	return v;
}

/* Bits of linear address the format translates (x86-64: canonical). */
static unsigned int virt_bits(const struct pt_format *f)
{
	return f->va_bits;
}

/**
 * pt_map_check - can [@virt, @virt+@size) be mapped to @phys in this format?
 * @virt: first virtual address
 * @phys: first physical address
 * @size: bytes
 * @max_level: the largest page size pt_map_range() may use
 *
 * The virtual range must be one the MMU can form (below 4 GiB on 32-bit
 * formats, canonical on x86-64), and the physical range must lie below
 * MAXPHYADDR and fit the entries that will map it (a non-PAE x86_32 PTE
 * holds 32 address bits; PSE-36 4 MiB pages hold 40).
 *
 * Context: acts on current_machine()'s page-table format; changes nothing.
 * Return: NULL when it can, else a lower-case reason.
 */
const char *pt_map_check(u64 virt, phys_addr_t phys, u64 size,
			 enum pg_level max_level)
{
	const struct pt_format *f = pt_fmt();
	struct machine *m = current_machine();
	unsigned int vb = virt_bits(f);
	unsigned int pb = m->cpus ? m->cpus[0].maxphyaddr : 32;
	u64 vend = virt + size - 1, pend = phys + size - 1;

	if (!size)
		return NULL;
	if (vend < virt)
		return "virtual range wraps around";
	if (pend < phys)
		return "physical range wraps around";
	if (vb == 32) {
		if (vend >> 32)
			return "virtual address beyond the 32-bit address space";
	} else {
		u64 half = 1ULL << (vb - 1);
		bool lo = virt < half, hi = virt >= ~(half - 1);

		/* Both ends in the same canonical half (lower or upper). */
		if (!((lo && vend < half) || (hi && vend >= virt)))
			return vb == 48 ?
			       "non-canonical virtual address (48-bit)" :
			       "non-canonical virtual address (57-bit)";
	}
	if (f->arm)
		pb = 32;
	if (pb < 64 && (pend >> pb))
		return pb == 32 ? "physical address beyond 32 bits" :
		       pb == 36 ? "physical address beyond MAXPHYADDR (36 bits)" :
		       pb == 46 ? "physical address beyond MAXPHYADDR (46 bits)" :
				  "physical address beyond MAXPHYADDR (52 bits)";
	/* x86_32 non-PAE: only a 4 MiB PSE-36 page holds PA bits above 31. */
	if (f->pse36 && (pend >> 32) &&
	    (max_level < PG_LEVEL_2M || ((virt | phys | size) & (SZ_4M - 1))))
		return "physical address beyond what a 32-bit pte holds";
	return NULL;
}

/**
 * pt_map_range - map a physical range with the largest pages allowed
 * @mm: the address space
 * @virt: first virtual address (page aligned)
 * @phys: first physical address (page aligned)
 * @size: bytes (a multiple of PAGE_SIZE)
 * @prot: protection of the entries (PAGE_KERNEL_LARGE-style on x86)
 * @max_level: the largest page size to use
 * @count: add the pages to the DirectMap counters of /proc/meminfo
 *
 * Uses 1 GiB, 2/4 MiB (ARM: 1 MiB section) pages wherever the alignment
 * of @virt and @phys and the remaining size allow, 4 KiB pages elsewhere.
 * Existing entries are overwritten; the caller flushes the TLBs.
 *
 * Context: acts on current_machine(); may allocate page-table pages.
 * Return: 0, -EINVAL for a misaligned range or one pt_map_check()
 * refuses, or -ENOMEM (what was mapped before stays mapped).
 */
int pt_map_range(struct mm_struct *mm, u64 virt, phys_addr_t phys, u64 size,
		 pgprot_t prot, enum pg_level max_level, bool count)
{
	const struct pt_format *f = pt_fmt();
	struct paging_state *s = current_machine()->paging;
	u64 pmd_size = f->arm ? SECTION_SIZE : (1ULL << f->shift[PT_PMD]);
	u64 pud_size = 1ULL << f->shift[PT_PUD];
	/*
	 * x86: the caller's PAGE_KERNEL_LARGE carries PSE; drop it for 4K
	 * PTEs (bit 7 is PAT there) and add it back for large pages. On ARM
	 * bit 7 is L_PTE_RDONLY and must stay.
	 */
	u64 lp = f->arm ? pgprot_val(prot) : pgprot_val(prot) & ~_PAGE_PSE;

	if ((virt | phys | size) & (PAGE_SIZE - 1))
		return -EINVAL;
	if (pt_map_check(virt, phys, size, max_level))
		return -EINVAL;
	while (size) {
		u64 al = virt | phys;
		void *p;

		if (max_level >= PG_LEVEL_1G && f->leaf_ok[PT_PUD] &&
		    !(al & (pud_size - 1)) && size >= pud_size) {
			p = pt_walk_alloc(mm, virt, PT_PUD);
			if (!p)
				return -ENOMEM;
			set_pud(p, pfn_pud(PHYS_PFN(phys), __pgprot(lp | _PAGE_PSE)));
			if (count)
				s->direct_pages_count[PG_LEVEL_1G]++;
			virt += pud_size, phys += pud_size, size -= pud_size;
			continue;
		}
		if (max_level >= PG_LEVEL_2M && !(al & (pmd_size - 1)) &&
		    size >= pmd_size) {
			p = pt_walk_alloc(mm, virt, PT_PMD);
			if (!p)
				return -ENOMEM;
			if (f->arm) {
				if (virt & SECTION_SIZE)
					p = (u8 *)p + 4;
				pt_entry_write(p, (phys & ~(SECTION_SIZE - 1)) |
					       arm_sect_prot(lp, virt <
					       current_machine()->layout.task_size));
			} else {
				set_pmd(p, pfn_pmd(PHYS_PFN(phys),
						   __pgprot(lp | _PAGE_PSE)));
			}
			if (count)
				s->direct_pages_count[PG_LEVEL_2M]++;
			virt += pmd_size, phys += pmd_size, size -= pmd_size;
			continue;
		}
		if (f->arm && (lp & PMD_TYPE_MASK) == PMD_TYPE_SECT)
			return -EINVAL;	/* section prot for a 4K page */
		p = pt_walk_alloc(mm, virt, PT_PTE);
		if (!p)
			return -ENOMEM;
		set_pte_at(mm, virt, p, pfn_pte(PHYS_PFN(phys), __pgprot(lp)));
		if (count)
			s->direct_pages_count[PG_LEVEL_4K]++;
		virt += PAGE_SIZE, phys += PAGE_SIZE, size -= PAGE_SIZE;
	}
	return 0;
}

/**
 * pt_unmap_page - clear the 4 KiB PTE that maps @virt
 * @mm: the address space
 * @virt: the virtual address
 *
 * The table stays; the caller flushes the TLBs.
 *
 * Context: acts on current_machine().
 * Return: 0, or -ENOENT if no 4 KiB page maps @virt (unmapped, or mapped
 * by a large page).
 */
int pt_unmap_page(struct mm_struct *mm, u64 virt)
{
	enum pt_level_idx lvl;
	void *p = pt_lookup(mm, virt, &lvl);

	if (!p || lvl != PT_PTE)
		return -ENOENT;
	pte_clear(mm, virt, p);
	return 0;
}

/* ---- address spaces (pgd_alloc, T2) ---------------------------------- */

static unsigned int pgd_order(void)
{
	return pt_fmt()->arm ? 2 : 0;	/* ARM: 16 KiB pgd */
}

/**
 * mm_alloc - a new address space (pgd_alloc())
 *
 * Its top-level table's kernel half is a copy of swapper_pg_dir's
 * (clone_pgd_range), so every process shares the kernel's lower-level
 * tables. PAE: the user PMDs are preallocated, because the CPU reads
 * PDPTEs only when CR3 is loaded (preallocate_pmds()). ARM: a 16 KiB pgd
 * and the next ASID.
 *
 * Context: acts on current_machine(), after the kernel page tables exist.
 * Return: the mm (one user, one reference), or NULL when out of memory.
 */
struct mm_struct *mm_alloc(void)
{
	struct machine *m = current_machine();
	struct paging_state *s = m->paging;
	const struct pt_format *f = s->fmt;
	struct mm_struct *mm = calloc(1, sizeof(*mm));
	unsigned long first = pgd_index(kernel_boundary());
	phys_addr_t pa;

	if (!mm)
		return NULL;
	pa = pt_alloc_pages(m, pgd_order());
	if (!pa) {
		free(mm);
		return NULL;
	}
	mm->pgd = pt_phys_to_ptr(pa);
	mm->pgd_phys = pa;
	mm->pgtables_bytes = PAGE_SIZE << pgd_order();
	mm->mm_users = 1;
	mm->mm_count = 1;
	mm->context.ctx_id = s->next_ctx_id++;
	mm->context.tlb_gen = 1;
	if (f->arm) {
		mm->context.asid = s->next_asid;
		s->next_asid = s->next_asid == 255 ? 1 : s->next_asid + 1;
	}
	memcpy((u8 *)mm->pgd + first * f->pgd_width,
	       (u8 *)s->kernel_mm.pgd + first * f->pgd_width,
	       (f->ptrs[PT_PGD] - first) * f->pgd_width);
	if (f->pae_pdpt) {
		for (unsigned long i = 0; i < first; i++) {
			void *pmd = pt_alloc_table(mm);

			if (!pmd) {
				mmdrop(mm);
				return NULL;
			}
			pud_populate(mm, (pud_t *)((u8 *)mm->pgd + i * 8), pmd);
		}
	}
	list_add_tail(&mm->pgd_list, &s->mm_list);
	return mm;
}

/* Free the user half's tables below @p (a table at level @lvl). */
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
		if (!f->arm && !(v & _PAGE_PRESENT))
			continue;
		next = pt_phys_to_ptr(f->arm ? v & PAGE_MASK : v & f->pfn_mask);
		if (lvl + 1 < PT_PTE)
			free_user_tables(mm, next, lvl + 1, 0, f->ptrs[lvl + 1]);
		if (next != current_machine()->paging->sink)
			pt_free_table(mm, next);
	}
}

/**
 * mmdrop - drop a reference to @mm, freeing it with the last one
 * @mm: the address space (NULL and init_mm are ignored)
 *
 * The last reference frees the user half's page tables (the kernel half
 * is shared and stays) and the pgd.
 *
 * Context: acts on current_machine(); no CPU may still run @mm.
 */
void mmdrop(struct mm_struct *mm)
{
	struct machine *m = current_machine();
	const struct pt_format *f = m->paging->fmt;

	if (!mm || mm == &m->paging->kernel_mm || --mm->mm_count > 0)
		return;
	free_user_tables(mm, mm->pgd, (int)f->top,
			 0, pgd_index(kernel_boundary()));
	pt_free_pages(m, mm->pgd_phys, pgd_order());
	if (mm->pgd_list.next)
		list_del(&mm->pgd_list);
	free(mm);
}
