// SPDX-License-Identifier: GPL-2.0
/*
 * Changing the attributes of kernel mappings: mirrors
 * arch/x86/mm/pat/set_memory.c (lookup_address, __split_large_page,
 * __change_page_attr_set_clr, cpa_flush, set_memory_ro/rw/nx/x/4k,
 * update_page_count/split_page_count): x86's set_memory hook of struct
 * pt_ops. The ARM side, arch/arm/mm/pageattr.c (change_memory_common), is
 * in arch/arm/pgtable.c; lookup_address() is generic (mm/memory.c).
 *
 * x86: a change to part of a 2 MiB/4 MiB/1 GiB kernel page first splits it
 * into a page table of 512 (1024 on non-PAE x86_32) entries of the next
 * size down that map the same frames with the same protections, flushes
 * every TLB (a CPU must never hold a large and a small translation of the
 * same address that differ), then changes the small entries and flushes
 * the changed range. Direct-map splits move pages between /proc/meminfo's
 * DirectMap lines.
 */
#include <mmsim/arch.h>
#include <mmsim/paging.h>

#include "pgtable_types.h"
#include "x86.h"

/* The end (virtual) of the direct map: lowmem on 32-bit, all RAM on 64. */
static bool in_direct_map(struct machine *m, u64 addr)
{
	phys_addr_t top = PFN_PHYS(m->max_low_pfn);

	if (m->arch && m->arch->bits == 64 && m->max_pfn > m->max_low_pfn)
		top = PFN_PHYS(m->max_pfn);
	return addr >= m->layout.page_offset &&
	       addr - m->layout.page_offset < top;
}

static u64 kernel_start(struct machine *m)
{
	return m->layout.page_offset;
}

/*
 * update_page_count/split_page_count(): one large page of @level became
 * entries of the level below. Only direct-map pages are counted.
 */
static void split_page_count(struct machine *m, unsigned int level)
{
	const struct pt_format *f = m->paging->fmt;
	unsigned long *c = m->paging->direct_pages_count;

	if (!c[level])
		return;
	c[level]--;
	c[level - 1] += level == PG_LEVEL_1G ? f->ptrs[PT_PMD] : f->ptrs[PT_PTE];
}

/*
 * __set_pmd_pte(): write a kernel entry. When it lives in the top-level
 * table (x86_32 non-PAE: the pmd is the pgd entry) every pgd holds its own
 * copy of the kernel half, so each one in pgd_list is updated too.
 */
static void set_kernel_entry(struct machine *m, void *kpte, u64 v)
{
	struct paging_state *s = m->paging;
	u8 *pgd = (u8 *)init_mm.pgd;
	size_t off = (size_t)((u8 *)kpte - pgd);
	struct mm_struct *mm;

	pt_entry_write(kpte, v);
	if ((u8 *)kpte < pgd || off >= s->fmt->pgd_bytes)
		return;
	list_for_each_entry(mm, &s->mm_list, pgd_list)
		pt_entry_write((u8 *)mm->pgd + off, v);
}

/* The protection bits of a large x86 entry (PAT sits at bit 12 there). */
static u64 large_prot(const struct pt_format *f, u64 v)
{
	return (v & ~f->pfn_mask) | (v & _PAGE_PAT_LARGE);
}

/*
 * pgprot_large_2_4k(): PSE and PAT share bit 7; a large page's PAT bit
 * (12) moves to bit 7 of the 4 KiB entries, clearing PSE.
 */
static u64 pgprot_large_2_4k(u64 prot)
{
	return (prot & ~(_PAGE_PAT | _PAGE_PAT_LARGE)) |
	       ((prot & _PAGE_PAT_LARGE) >>
		(_PAGE_BIT_PAT_LARGE - _PAGE_BIT_PAT));
}

/**
 * pgprot_4k_2_large - the inverse of pgprot_large_2_4k (bit 7 PAT -> 12)
 * @prot: protection bits of a 4 KiB x86 entry
 *
 * Return: the same protection for a large entry, without PSE.
 */
u64 pgprot_4k_2_large(u64 prot)
{
	return (prot & ~(_PAGE_PAT | _PAGE_PAT_LARGE)) |
	       ((prot & _PAGE_PAT) << (_PAGE_BIT_PAT_LARGE - _PAGE_BIT_PAT));
}

/**
 * split_large_page - replace the large kernel page at @kpte by a table
 * @kpte: the 2 MiB/4 MiB (PG_LEVEL_2M) or 1 GiB (PG_LEVEL_1G) entry
 * @level: its level
 * @address: a virtual address inside it
 *
 * A 1 GiB page becomes 512 2 MiB pages, a 2 MiB/4 MiB page 512/1024 4 KiB
 * pages, each mapping the same frames with the same protections. Then
 * every CPU's TLB is flushed, as __split_large_page() does before the
 * caller changes the small entries.
 *
 * Return: 0, -ENOMEM, or -EINVAL (not a large page).
 */
int split_large_page(pte_t *kpte, unsigned int level, u64 address)
{
	struct machine *m = current_machine();
	const struct pt_format *f = m->paging->fmt;
	u64 old = pt_entry_read(kpte), prot;
	unsigned long pfn, n, step;
	phys_addr_t tpa;
	u8 *tbl;

	if (level != PG_LEVEL_2M && level != PG_LEVEL_1G)
		return -EINVAL;
	if (!lvl_is_leaf(level == PG_LEVEL_1G ? PT_PUD : PT_PMD, old))
		return -EINVAL;
	tbl = pt_alloc_table(&init_mm);
	if (!tbl)
		return -ENOMEM;
	tpa = pt_ptr_to_phys(tbl);
	prot = large_prot(f, old);
	if (level == PG_LEVEL_1G) {
		pfn = pud_pfn(__pud(old));
		n = f->ptrs[PT_PMD];
		step = (unsigned long)(PMD_SIZE >> PAGE_SHIFT);
		/* 2 MiB entries keep PSE and the large PAT bit. */
		for (unsigned long i = 0; i < n; i++)
			pt_entry_write(tbl + i * f->width,
				       ((PFN_PHYS(pfn + i * step)) & f->pfn_mask) |
				       prot);
	} else {
		pfn = pmd_pfn(__pmd(old));
		n = f->ptrs[PT_PTE];
		prot = pgprot_large_2_4k(prot);
		for (unsigned long i = 0; i < n; i++)
			set_pte((pte_t *)(tbl + i * f->width),
				pfn_pte(pfn + i, __pgprot(prot)));
	}
	/* Install the table with the standard kernel table protections. */
	set_kernel_entry(m, kpte, tpa | _KERNPG_TABLE);
	if (in_direct_map(m, address))
		split_page_count(m, level);
	flush_tlb_all();
	return 0;
}

/* One request: __change_page_attr_set_clr()'s struct cpa_data. */
struct cpa_data {
	u64 start, end;
	u64 set, clr;
	bool force_split;	/* set_memory_4k() */
	unsigned long changed;	/* entries written */
};

static int __change_page_attr(struct machine *m, struct cpa_data *cpa,
			      u64 *addr)
{
	const struct pt_format *f = m->paging->fmt;
	unsigned int level;
	pte_t *kpte = lookup_address(*addr, &level);
	u64 old, new, size;

	if (!kpte)
		return -EFAULT;	/* "CPA: called for zero pte" */
	old = pt_entry_read(kpte);
	new = (old & ~cpa->clr) | cpa->set;
	if (level == PG_LEVEL_4K) {
		if (new != old) {
			set_pte(kpte, __pte(new));
			cpa->changed++;
		}
		*addr += PAGE_SIZE;
		return 0;
	}
	size = level == PG_LEVEL_1G ? 1ULL << f->shift[PT_PUD] :
				      1ULL << f->shift[PT_PMD];
	if (!cpa->force_split) {
		u64 next = (*addr & ~(size - 1)) + size;

		/* should_split_large_page(): no change, or the whole page. */
		if (new == old) {
			*addr = next;
			return 0;
		}
		if (!(*addr & (size - 1)) && cpa->end - *addr >= size) {
			set_kernel_entry(m, kpte, new);
			cpa->changed++;
			*addr = next;
			return 0;
		}
	}
	/* Split, then look the address up again (now one level down). */
	return split_large_page(kpte, level, *addr);
}

/* cpa_flush(): a few pages one by one, else everything. */
static void cpa_flush(struct cpa_data *cpa)
{
	if (!cpa->changed)
		return;
	flush_tlb_kernel_range(cpa->start, cpa->end);
}

static int change_page_attr_set_clr(u64 addr, int numpages, u64 set,
				    u64 clr, bool force_split)
{
	struct machine *m = current_machine();
	struct cpa_data cpa = {
		.start = addr & PAGE_MASK, .set = set, .clr = clr,
		.force_split = force_split,
	};
	u64 a;
	int ret = 0;

	if (!m->paging || !init_mm.pgd || numpages < 0)
		return -EINVAL;
	if (!numpages)
		return 0;
	cpa.end = cpa.start + ((u64)numpages << PAGE_SHIFT);
	if (cpa.end < cpa.start || cpa.start < kernel_start(m))
		return -EINVAL;	/* SIM: only kernel addresses (no user aliases) */
	if (pt_map_check(cpa.start, 0, cpa.end - cpa.start, PG_LEVEL_4K))
		return -EINVAL;
	for (a = cpa.start; a < cpa.end && !ret; )
		ret = __change_page_attr(m, &cpa, &a);
	cpa_flush(&cpa);
	return ret;
}

/**
 * x86_set_memory - x86's set_memory_ro/rw/nx/x/4k (struct pt_ops hook)
 * @addr: kernel virtual address (page aligned down)
 * @numpages: number of 4 KiB pages
 * @op: what to change
 *
 * Splits large pages that are only partly covered (set_memory_4k: every
 * one the range touches, a 1 GiB page twice). NX changes do nothing
 * without NX in the format (x86_32 non-PAE), as Linux's when
 * __supported_pte_mask lacks _PAGE_NX.
 *
 * Return: 0 or -errno (-EFAULT: a page is not mapped; -EINVAL: not a
 * kernel range; -ENOMEM).
 */
int x86_set_memory(u64 addr, int numpages, enum set_memory_op op)
{
	bool nx = pt_fmt()->supported & _PAGE_NX;

	switch (op) {
	case SET_MEMORY_RO:
		return change_page_attr_set_clr(addr, numpages, 0, _PAGE_RW,
						false);
	case SET_MEMORY_RW:
		return change_page_attr_set_clr(addr, numpages, _PAGE_RW, 0,
						false);
	case SET_MEMORY_NX:
		return nx ? change_page_attr_set_clr(addr, numpages, _PAGE_NX,
						     0, false) : 0;
	case SET_MEMORY_X:
		return nx ? change_page_attr_set_clr(addr, numpages, 0,
						     _PAGE_NX, false) : 0;
	case SET_MEMORY_4K:
		return change_page_attr_set_clr(addr, numpages, 0, 0, true);
	}
	return -EINVAL;
}
