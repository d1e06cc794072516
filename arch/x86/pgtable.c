// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 page-table formats and entry encodings: mirrors
 * arch/x86/include/asm/pgtable.h, pgtable_types.h, pgtable_{32,64}_types.h,
 * pgalloc.h and arch/x86/mm/pgtable.c (pgd_alloc's preallocate_pmds).
 * The generic walk (mm/pgtable-generic.c) reaches these through
 * x86_pt_ops, which every x86 pt_format points at.
 *
 * SIM: Linux fixes the format at compile time; mmsim picks one per machine
 * (struct pt_format) and the generic accessors dispatch on it.
 */
#include <hw/cpu.h>
#include <mmsim/paging.h>

#include "pgtable_types.h"
#include "x86.h"

#define X86_PFN_MASK_32		0xfffff000ULL
#define X86_PFN_MASK_64		GENMASK_ULL(51, 12)

static const struct pt_ops x86_pt_ops;

const struct pt_format pt_format_x86_32 = {
	.name = "x86 2-level", .ops = &x86_pt_ops,
	.top = PT_PMD, .width = 4, .pgd_width = 4,
	.shift = { 22, 22, 22, 22, 12 }, .ptrs = { 1024, 1, 1, 1, 1024 },
	.pgd_bytes = 4096, .leaf_ok = { [PT_PMD] = true, [PT_PTE] = true },
	.pfn_mask = X86_PFN_MASK_32, .supported = ~_PAGE_NX,
	.levels = 2, .va_bits = 32, .phys_bits = 36, .pse36 = true,
};

const struct pt_format pt_format_x86_pae = {
	.name = "x86 PAE 3-level", .ops = &x86_pt_ops,
	.top = PT_PUD, .width = 8, .pgd_width = 8,
	.shift = { 30, 30, 30, 21, 12 }, .ptrs = { 4, 1, 1, 512, 512 },
	.pgd_bytes = 32, .leaf_ok = { [PT_PMD] = true, [PT_PTE] = true },
	.pfn_mask = X86_PFN_MASK_64, .supported = ~0ULL,
	.levels = 3, .va_bits = 32, .phys_bits = 36, .pae_pdpt = true,
};

const struct pt_format pt_format_x86_64 = {
	.name = "x86-64 4-level", .ops = &x86_pt_ops,
	.top = PT_P4D, .width = 8, .pgd_width = 8,
	.shift = { 39, 39, 30, 21, 12 }, .ptrs = { 512, 1, 512, 512, 512 },
	.pgd_bytes = 4096,
	.leaf_ok = { [PT_PUD] = true, [PT_PMD] = true, [PT_PTE] = true },
	.pfn_mask = X86_PFN_MASK_64, .supported = ~0ULL,
	.levels = 4, .va_bits = 48, .phys_bits = 46, .long_mode = true,
};

const struct pt_format pt_format_x86_la57 = {
	.name = "x86-64 5-level", .ops = &x86_pt_ops,
	.top = PT_PGD, .width = 8, .pgd_width = 8,
	.shift = { 48, 39, 30, 21, 12 }, .ptrs = { 512, 512, 512, 512, 512 },
	.pgd_bytes = 4096,
	.leaf_ok = { [PT_PUD] = true, [PT_PMD] = true, [PT_PTE] = true },
	.pfn_mask = X86_PFN_MASK_64, .supported = ~0ULL,
	.levels = 5, .va_bits = 57, .phys_bits = 52, .long_mode = true,
};

/**
 * x86_format - the page-table format of an x86 --arch value
 * @id: ARCH_X86_32, ARCH_X86_32_PAE, ARCH_X86_64 or ARCH_X86_64_LA57
 *
 * Return: the format (x86-64 4-level for anything else).
 */
const struct pt_format *x86_format(enum mm_arch_id id)
{
	switch (id) {
	case ARCH_X86_32: return &pt_format_x86_32;
	case ARCH_X86_32_PAE: return &pt_format_x86_pae;
	case ARCH_X86_64_LA57: return &pt_format_x86_la57;
	default: return &pt_format_x86_64;
	}
}

static pgprot_t x86_pgprot(enum pgprot_kind kind)
{
	static const u64 x86[] = {
		[PGPROT_KERNEL] = __PAGE_KERNEL,
		[PGPROT_KERNEL_RO] = __PAGE_KERNEL_RO,
		[PGPROT_KERNEL_EXEC] = __PAGE_KERNEL_EXEC,
		[PGPROT_KERNEL_LARGE] = __PAGE_KERNEL_LARGE,
		[PGPROT_SHARED] = __PAGE_SHARED,
		[PGPROT_READONLY] = __PAGE_READONLY,
		[PGPROT_NONE] = _PAGE_PROTNONE | _PAGE_ACCESSED,
	};

	return __pgprot(x86[kind] & pt_fmt()->supported);
}

/* ---- entries above the PTE ------------------------------------------ */

static int x86_entry_present(int lvl, u64 v)
{
	return (v & _PAGE_PRESENT) != 0;
}

/* pmd_leaf()/pud_leaf(): present with PSE. */
static int x86_entry_leaf(int lvl, u64 v)
{
	return (v & (_PAGE_PRESENT | _PAGE_PSE)) == (_PAGE_PRESENT | _PAGE_PSE);
}

static int x86_entry_bad(int lvl, u64 v)
{
	return 0;
}

static phys_addr_t x86_entry_table(u64 v)
{
	return v & pt_fmt()->pfn_mask;
}

static unsigned long x86_pmd_pfn(u64 v)
{
	const struct pt_format *f = pt_fmt();

	if (f->pse36 && lvl_is_leaf(PT_PMD, v))
		return (unsigned long)(((v & 0xffc00000ULL) |
					(((v >> 13) & 0xff) << 32)) >> PAGE_SHIFT);
	if (lvl_is_leaf(PT_PMD, v))
		return (unsigned long)((v & f->pfn_mask & PMD_MASK) >> PAGE_SHIFT);
	return (unsigned long)((v & f->pfn_mask) >> PAGE_SHIFT);
}

static unsigned long x86_pud_pfn(u64 v)
{
	u64 pa = v & pt_fmt()->pfn_mask;

	if (lvl_is_leaf(PT_PUD, v))
		pa &= PUD_MASK;
	return (unsigned long)(pa >> PAGE_SHIFT);
}

static u64 x86_pfn_pmd(unsigned long pfn, u64 prot)
{
	const struct pt_format *f = pt_fmt();
	u64 pa = (u64)pfn << PAGE_SHIFT;

	if (f->pse36)	/* PSE-36: PA[39:32] in bits 20:13 */
		pa = (pa & 0xffc00000ULL) | (((pa >> 32) & 0xff) << 13);
	else
		pa &= f->pfn_mask;
	return pa | (prot & f->supported & ~f->pfn_mask);
}

static u64 x86_pfn_pud(unsigned long pfn, u64 prot)
{
	const struct pt_format *f = pt_fmt();

	return (((u64)pfn << PAGE_SHIFT) & f->pfn_mask) |
	       (prot & f->supported & ~f->pfn_mask);
}

/* ---- writing entries ------------------------------------------------ */

static void x86_set_pte_at(struct mm_struct *mm, u64 addr, pte_t *p, pte_t v)
{
	pt_entry_write(p, pte_val(v));
}

static void x86_pmd_clear(pmd_t *p)
{
	pt_entry_write(p, 0);
}

/*
 * Linux x86 uses _PAGE_TABLE (with USER) for every table entry; PAE
 * PDPTEs hold only P, RW/US are reserved there (SDM table 4-8).
 */
static void x86_populate(struct mm_struct *mm, int lvl, void *p,
			 phys_addr_t table)
{
	u64 fl = (lvl == PT_PUD && pt_fmt()->pae_pdpt) ? _PAGE_PRESENT :
							 _PAGE_TABLE;

	pt_entry_write(p, table | fl);
}

static void x86_set_leaf(struct mm_struct *mm, int lvl, void *p, u64 virt,
			 phys_addr_t phys, pgprot_t prot)
{
	u64 v = pgprot_val(prot) | _PAGE_PSE;

	if (lvl == PT_PUD)
		set_pud(p, __pud(x86_pfn_pud(PHYS_PFN(phys), v)));
	else
		set_pmd(p, __pmd(x86_pfn_pmd(PHYS_PFN(phys), v)));
}

/* PAGE_KERNEL_LARGE carries PSE; in a 4 KiB PTE bit 7 is PAT. */
static int x86_pte_prot(pgprot_t prot, pgprot_t *out)
{
	*out = __pgprot(pgprot_val(prot) & ~_PAGE_PSE);
	return 0;
}

/* ---- address spaces ------------------------------------------------- */

/* KERNEL_PGD_BOUNDARY: pgd_index(PAGE_OFFSET). */
static u64 x86_kernel_pgd_boundary(const struct machine *m)
{
	if (m->layout.page_offset)
		return m->layout.page_offset;
	/* no layout yet (unit tests): the upper half */
	return m->arch && m->arch->bits == 64 ? 0xffff800000000000ULL :
						0xc0000000ULL;
}

/*
 * preallocate_pmds(): PAE's user PMDs exist from pgd_alloc() on, because
 * the CPU reads the four PDPTEs only when CR3 is loaded.
 */
static int x86_pgd_prepare(struct mm_struct *mm)
{
	unsigned long first = pgd_index(x86_kernel_pgd_boundary(
					current_machine()));

	if (!pt_fmt()->pae_pdpt)
		return 0;
	for (unsigned long i = 0; i < first; i++) {
		void *pmd = pt_alloc_table(mm);

		if (!pmd)
			return -ENOMEM;
		pud_populate(mm, (pud_t *)((u8 *)mm->pgd + i * 8), pmd);
	}
	return 0;
}

static phys_addr_t x86_cpu_pgd(const struct cpu *c)
{
	return c->cr3 & pt_fmt()->pfn_mask & ~0xfffULL;
}

/* TOP_OF_KERNEL_STACK_PADDING: 8 on x86_32, 0 on x86_64. */
static u64 x86_top_of_stack_padding(void)
{
	return thread_size() == 2 * PAGE_SIZE ? 8 : 0;
}

/* head_64.S maps the kernel with 2 MiB pages, head_32.S with 4 KiB. */
static unsigned int x86_head_map_shift(const struct pt_format *f)
{
	return f->long_mode ? 21 : PAGE_SHIFT;
}

static const struct pt_ops x86_pt_ops = {
	.name = "x86",
	.pte = {
		.present = _PAGE_PRESENT | _PAGE_PROTNONE,
		.write = _PAGE_RW,
		.dirty = _PAGE_DIRTY,
		.young = _PAGE_ACCESSED,
		.user = _PAGE_USER,
		.nx = _PAGE_NX,
		.global = _PAGE_GLOBAL,
	},
	.entry_present = x86_entry_present,
	.entry_leaf = x86_entry_leaf,
	.entry_bad = x86_entry_bad,
	.entry_table = x86_entry_table,
	.pmd_pfn = x86_pmd_pfn,
	.pud_pfn = x86_pud_pfn,
	.pfn_pmd = x86_pfn_pmd,
	.pfn_pud = x86_pfn_pud,
	.pgprot = x86_pgprot,
	.set_pte_at = x86_set_pte_at,
	.pmd_clear = x86_pmd_clear,
	.populate = x86_populate,
	.set_leaf = x86_set_leaf,
	.pte_prot = x86_pte_prot,
	.kernel_pgd_boundary = x86_kernel_pgd_boundary,
	.pgd_prepare = x86_pgd_prepare,
	.cpu_pgd = x86_cpu_pgd,
	.switch_mm_irqs_off = x86_switch_mm_irqs_off,
	.flush_tlb_local = x86_flush_tlb_local,
	.flush_tlb_all = x86_flush_tlb_all,
	.flush_tlb_one_kernel = x86_flush_tlb_one_kernel,
	.flush_tlb_mm_range = x86_flush_tlb_mm_range,
	.switch_to_stack = x86_switch_to_stack,
	.top_of_stack_padding = x86_top_of_stack_padding,
	.enter_kernel = x86_enter_kernel,
	.set_memory = x86_set_memory,
	.decode_user_fault = x86_decode_user_fault,
	.cpu_kind = CPU_X86,
	.reset_cr0 = X86_CR0_PE,
	.default_text_offset = SZ_16M,
	.head_map_shift = x86_head_map_shift,
	.head_paging_on = x86_head_paging_on,
	.head_flush = x86_head_flush,
	.tss_setup = x86_tss_setup,
	.check_entry = x86_check_entry,
};
