// SPDX-License-Identifier: GPL-2.0
/*
 * The ARM short-descriptor (2-level, non-LPAE) page-table format and its
 * entry encodings, after arch/arm/include/asm/pgtable-2level.h,
 * pgtable-2level-hwdef.h, pgalloc.h (__pmd_populate), arch/arm/mm/mmu.c
 * (build_mem_type_table's protections), proc-v7-2level.S
 * (cpu_v7_set_pte_ext), pgd.c and pageattr.c (change_memory_common). The
 * generic walk (mm/pgtable-generic.c) reaches these through arm_pt_ops.
 *
 * Linux on ARM keeps two PTE tables per page: its own (the L_PTE_* bits the
 * generic code tests) and 2 KiB above, the hardware's. A Linux pmd is a
 * pair of 1 MiB first-level descriptors (PMD_SHIFT 21, SECTION_SHIFT 20).
 */
#include <string.h>

#include <hw/cpu.h>
#include <mmsim/paging.h>

#include "arm.h"

static const struct pt_ops arm_pt_ops;

const struct pt_format pt_format_arm = {
	.name = "ARM short-descriptor 2-level", .arm = true,
	.ops = &arm_pt_ops, .top = PT_PMD,
	.width = 4, .pgd_width = 8,
	.shift = { 21, 21, 21, 21, 12 }, .ptrs = { 2048, 1, 1, 1, 512 },
	.pgd_bytes = 16384, .leaf_ok = { [PT_PMD] = true, [PT_PTE] = true },
	.pmd_leaf_shift = SECTION_SHIFT,
	.pfn_mask = 0xfffff000ULL, .supported = ~0ULL,
	.levels = 2, .va_bits = 32, .phys_bits = 32,
};

/* build_mem_type_table(): pgprot_kernel / pgprot_user, SMP shared. */
static pgprot_t arm_pgprot(enum pgprot_kind kind)
{
	const u64 kern = L_PTE_PRESENT | L_PTE_YOUNG | L_PTE_DIRTY |
			 L_PTE_MT_WRITEBACK | L_PTE_SHARED;
	const u64 user = L_PTE_PRESENT | L_PTE_YOUNG | L_PTE_MT_WRITEBACK |
			 L_PTE_SHARED;
	const u64 arm[] = {
		[PGPROT_KERNEL] = kern | L_PTE_XN,
		[PGPROT_KERNEL_RO] = kern | L_PTE_XN | L_PTE_RDONLY,
		[PGPROT_KERNEL_EXEC] = kern,
		/* MT_MEMORY_RW section: AP=01 (kernel RW), WBWA, shared, XN */
		[PGPROT_KERNEL_LARGE] = PMD_TYPE_SECT | PMD_SECT_AP_WRITE |
			PMD_SECT_TEX(1) | PMD_SECT_WB | PMD_SECT_S |
			PMD_SECT_XN | PMD_DOMAIN(DOMAIN_KERNEL),
		[PGPROT_SHARED] = user | L_PTE_USER | L_PTE_XN,
		[PGPROT_READONLY] = user | L_PTE_USER | L_PTE_RDONLY | L_PTE_XN,
		[PGPROT_NONE] = user | L_PTE_XN | L_PTE_RDONLY | L_PTE_NONE,
	};

	return __pgprot(arm[kind]);
}

/* ---- the pmd (first-level descriptor pair) -------------------------- */

static int arm_entry_present(int lvl, u64 v)
{
	return v != 0;
}

static int arm_entry_leaf(int lvl, u64 v)
{
	return (v & PMD_TYPE_MASK) == PMD_TYPE_SECT;
}

/* Linux's pmd_bad(): a section is not a table. */
static int arm_entry_bad(int lvl, u64 v)
{
	return lvl == PT_PMD && (v & 2);
}

/* pmd_page_vaddr(): the page holding the Linux and hardware PTEs. */
static phys_addr_t arm_entry_table(u64 v)
{
	return v & PAGE_MASK;
}

/* The odd 1 MiB section of a pair is the second descriptor. */
static void *arm_leaf_entry(int lvl, void *p, u64 addr)
{
	if (lvl == PT_PMD && (addr & SECTION_SIZE))
		return (u8 *)p + 4;
	return p;
}

static unsigned long arm_pmd_pfn(u64 v)
{
	return (unsigned long)((v & ((v & 2) ? ~(SECTION_SIZE - 1) : PAGE_MASK)
				& 0xffffffffULL) >> PAGE_SHIFT);
}

/* No pud level: folded. */
static unsigned long arm_pud_pfn(u64 v)
{
	return (unsigned long)((v & pt_fmt()->pfn_mask) >> PAGE_SHIFT);
}

/* A section's attributes (TEX, S, nG) sit below bit 20. */
static u64 arm_pfn_pmd(unsigned long pfn, u64 prot)
{
	u64 pa = (u64)pfn << PAGE_SHIFT;

	return ((pa & ~(SECTION_SIZE - 1)) & 0xffffffffULL) |
	       (prot & (SECTION_SIZE - 1));
}

static u64 arm_pfn_pud(unsigned long pfn, u64 prot)
{
	return (((u64)pfn << PAGE_SHIFT) & pt_fmt()->pfn_mask) | prot;
}

/*
 * cpu_v7_set_pte_ext: the hardware PTE derived from the Linux one. AP0
 * always; AP1 for user; APX (read-only) when read-only or clean, so the
 * first write faults and Linux marks the page dirty; nothing at all when
 * old, invalid or PROT_NONE.
 */
static u64 arm_hw_pte(u64 v, u64 ext)
{
	u64 hw = (v & ~0x3f0ULL & ~PTE_TYPE_MASK) | ext | PTE_EXT_AP0 |
		 PTE_TYPE_SMALL;

	if (v & BIT_ULL(4))
		hw |= PTE_EXT_TEX(1);
	if ((v & L_PTE_RDONLY) || !(v & L_PTE_DIRTY))
		hw |= PTE_EXT_APX;
	if (v & L_PTE_USER)
		hw |= PTE_EXT_AP1;
	if (v & L_PTE_XN)
		hw |= PTE_EXT_XN;
	if (!(v & L_PTE_YOUNG) || !(v & L_PTE_VALID) || (v & L_PTE_NONE))
		hw = 0;
	return hw & 0xffffffffULL;
}

/**
 * cpu_v7_set_pte_ext - write a Linux PTE and its hardware twin
 * @ptep: the Linux PTE (the hardware one is ARM_HW_PTE_OFFSET above)
 * @pte: the new Linux PTE
 * @ext: extra hardware bits (PTE_EXT_NG for user mappings)
 */
void cpu_v7_set_pte_ext(pte_t *ptep, pte_t pte, u64 ext)
{
	pt_entry_write(ptep, pte_val(pte));
	pt_entry_write((u8 *)ptep + ARM_HW_PTE_OFFSET,
		       arm_hw_pte(pte_val(pte), ext));
}

/**
 * __pmd_populate - point a Linux pmd (an L1 entry pair) at a PTE table
 * @pmdp: the first entry of the pair
 * @pte: physical address of the Linux PTE table
 * @prot: table type, bit 4 and domain (PMD_TYPE_TABLE | ...)
 *
 * The two 1 MiB hardware tables sit ARM_HW_PTE_OFFSET above the Linux
 * PTEs, 256 entries each.
 */
void __pmd_populate(pmd_t *pmdp, phys_addr_t pte, u64 prot)
{
	u64 v = (pte + ARM_HW_PTE_OFFSET) | prot;

	pt_entry_write(pmdp, v);
	pt_entry_write((u8 *)pmdp + 4, v + 256 * 4);
}

/**
 * change_memory_common - set and clear Linux PTE bits on kernel pages
 * @addr: first address (aligned down to a page)
 * @numpages: number of 4 KiB pages
 * @set_mask: bits to set (L_PTE_RDONLY, L_PTE_XN)
 * @clear_mask: bits to clear
 *
 * Only the vmalloc and module areas, which are mapped with 4 KiB pages;
 * the sections of the linear map are refused, as apply_to_page_range()
 * refuses them. Return: 0 or -EINVAL.
 */
int change_memory_common(u64 addr, int numpages, u64 set_mask,
			 u64 clear_mask)
{
	struct machine *m = current_machine();
	const struct kernel_layout *l = &m->layout;
	u64 start = addr & PAGE_MASK, end;
	bool ok;

	if (numpages < 0)
		return -EINVAL;
	if (!numpages)
		return 0;
	end = start + ((u64)numpages << PAGE_SHIFT);
	ok = (start >= l->vmalloc_start && end <= l->vmalloc_end &&
	      end > start) ||
	     (start >= l->modules_vaddr && end <= l->modules_end && end > start);
	if (!ok)
		return -EINVAL;
	for (u64 a = start; a < end; a += PAGE_SIZE) {
		unsigned int level;
		pte_t *p = lookup_address(a, &level);

		if (!p || level != PG_LEVEL_4K)
			return -EINVAL;
	}
	for (u64 a = start; a < end; a += PAGE_SIZE) {
		unsigned int level;
		pte_t *p = lookup_address(a, &level);

		set_pte_at(&init_mm, a, p,
			   __pte((pte_val(ptep_get(p)) & ~clear_mask) |
				 set_mask));
	}
	flush_tlb_kernel_range(start, end);
	return 0;
}


/* ---- writing entries ------------------------------------------------ */

/* User mappings are per-ASID (nG); the kernel's are global. */
static void arm_set_pte_at(struct mm_struct *mm, u64 addr, pte_t *p, pte_t v)
{
	u64 ext = 0;

	if (mm && addr < current_machine()->layout.task_size)
		ext = PTE_EXT_NG;
	cpu_v7_set_pte_ext(p, v, ext);
}

/* pmd_clear(): both halves of the pair. */
static void arm_pmd_clear(pmd_t *p)
{
	pt_entry_write(p, 0);
	pt_entry_write((u8 *)p + 4, 0);
}

/* pmd_populate_kernel() / pmd_populate(): _PAGE_KERNEL_TABLE or _USER_TABLE. */
static void arm_populate(struct mm_struct *mm, int lvl, void *p,
			 phys_addr_t table)
{
	int dom = mm == &init_mm ? DOMAIN_KERNEL : DOMAIN_USER;

	__pmd_populate(p, table, PMD_TYPE_TABLE | PMD_BIT4 | PMD_DOMAIN(dom));
}

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

/* __map_init_section(): one 1 MiB section, the odd one 4 bytes up. */
static void arm_set_leaf(struct mm_struct *mm, int lvl, void *p, u64 virt,
			 phys_addr_t phys, pgprot_t prot)
{
	bool user = virt < current_machine()->layout.task_size;

	pt_entry_write(arm_leaf_entry(lvl, p, virt),
		       (phys & ~(SECTION_SIZE - 1)) |
		       arm_sect_prot(pgprot_val(prot), user));
}

/* Bit 7 is L_PTE_RDONLY and stays; a section protection has no PTE form. */
static int arm_pte_prot(pgprot_t prot, pgprot_t *out)
{
	if ((pgprot_val(prot) & PMD_TYPE_MASK) == PMD_TYPE_SECT)
		return -EINVAL;
	*out = prot;
	return 0;
}

/* ---- address spaces ------------------------------------------------- */

/* USER_PTRS_PER_PGD: TASK_SIZE / PGDIR_SIZE (modules sit below PAGE_OFFSET). */
static u64 arm_kernel_pgd_boundary(const struct machine *m)
{
	return m->layout.task_size ? m->layout.task_size : 0xc0000000ULL;
}

/* SIM: ASIDs handed out round robin, 1..255, without rollover flushes. */
static void arm_init_new_context(struct paging_state *s, struct mm_struct *mm)
{
	mm->context.asid = s->next_asid;
	s->next_asid = s->next_asid == 255 ? 1 : s->next_asid + 1;
}

static phys_addr_t arm_cpu_pgd(const struct cpu *c)
{
	return c->ttbr0 & ~0x3fffULL;
}

static u64 arm_top_of_stack_padding(void)
{
	return 0;
}

/* SIM: the SVC-mode banked sp is the task stack. */
static int arm_enter_kernel(struct machine *m, int cpu)
{
	struct cpu *c = &m->cpus[cpu];

	c->cpl = 0;
	c->sp = m->paging->pcpu[cpu].top_of_stack;
	return 0;
}

static int arm_set_memory(u64 addr, int numpages, enum set_memory_op op)
{
	switch (op) {
	case SET_MEMORY_RO:
		return change_memory_common(addr, numpages, L_PTE_RDONLY, 0);
	case SET_MEMORY_RW:
		return change_memory_common(addr, numpages, 0, L_PTE_RDONLY);
	case SET_MEMORY_NX:
		return change_memory_common(addr, numpages, L_PTE_XN, 0);
	case SET_MEMORY_X:
		return change_memory_common(addr, numpages, 0, L_PTE_XN);
	case SET_MEMORY_4K:
		break;	/* x86 only, as in Linux */
	}
	return -EINVAL;
}

/* ---- boot (arch/arm/kernel/head.S) ---------------------------------- */

/* head.S's initial tables map the kernel with 1 MiB sections. */
static unsigned int arm_head_map_shift(const struct pt_format *f)
{
	return SECTION_SHIFT;
}

/* __enable_mmu: TTBCR, TTBR0, DACR (all client), then SCTLR.M. */
static int arm_head_paging_on(struct machine *m, struct cpu *c,
			      phys_addr_t pgd)
{
	cpu_arm_write(c, ARM_TTBCR, 0);
	cpu_arm_write(c, ARM_TTBR0, pgd);
	cpu_arm_write(c, ARM_DACR, 0x55555555);
	boot_step(m, "ttbr0", pgd, "paging: TTBR0=%#llx DACR=%#x",
		  (unsigned long long)pgd, 0x55555555);
	cpu_arm_write(c, ARM_SCTLR, c->sctlr | ARM_SCTLR_M);
	boot_step(m, "mmu_on", c->sctlr, "paging: SCTLR.M=1, MMU on");
	return 0;
}

static void arm_head_flush(struct cpu *c)
{
	cpu_arm_tlbiall(c);
}

/* ---- m:check() ------------------------------------------------------ */

/*
 * One pgd slot: the pair of 1 MiB first-level descriptors. The PTE pages
 * are recorded, not walked (their entries are checked by the MMU).
 */
static phys_addr_t arm_check_entry(struct pt_check *c, phys_addr_t ea,
				   int lvl, u64 va)
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
				pt_check_fail(c, "section maps a frame outside RAM",
					      PT_PMD, va, ea + 4 * k, v);
			break;
		case PMD_TYPE_TABLE:
			if (!ram_valid(&c->m->ram, v & PAGE_MASK, PAGE_SIZE)) {
				pt_check_fail(c, "points at a table outside RAM",
					      PT_PMD, va, ea + 4 * k, v);
			} else if (page != (v & PAGE_MASK)) {
				page = v & PAGE_MASK;
				pt_check_add_table(c, page);
			}
			break;
		default:
			pt_check_fail(c, "reserved descriptor type 0b11", PT_PMD,
				      va, ea + 4 * k, v);
			break;
		}
	}
	return 0;
}

static const struct pt_ops arm_pt_ops = {
	.name = "arm",
	.pte = {
		.present = L_PTE_PRESENT,
		.rdonly = L_PTE_RDONLY,
		.dirty = L_PTE_DIRTY,
		.young = L_PTE_YOUNG,
		.user = L_PTE_USER,
		.nx = L_PTE_XN,
	},
	.entry_present = arm_entry_present,
	.entry_leaf = arm_entry_leaf,
	.entry_bad = arm_entry_bad,
	.entry_table = arm_entry_table,
	.leaf_entry = arm_leaf_entry,
	.pmd_pfn = arm_pmd_pfn,
	.pud_pfn = arm_pud_pfn,
	.pfn_pmd = arm_pfn_pmd,
	.pfn_pud = arm_pfn_pud,
	.pgprot = arm_pgprot,
	.set_pte_at = arm_set_pte_at,
	.pmd_clear = arm_pmd_clear,
	.populate = arm_populate,
	.set_leaf = arm_set_leaf,
	.pte_prot = arm_pte_prot,
	.kernel_pgd_boundary = arm_kernel_pgd_boundary,
	.init_new_context = arm_init_new_context,
	.cpu_pgd = arm_cpu_pgd,
	.switch_mm_irqs_off = arm_switch_mm_irqs_off,
	.flush_tlb_local = arm_flush_tlb_local,
	.flush_tlb_all = arm_flush_tlb_all,
	.flush_tlb_one_kernel = arm_flush_tlb_one_kernel,
	.flush_tlb_mm_range = arm_flush_tlb_mm_range,
	.top_of_stack_padding = arm_top_of_stack_padding,
	.enter_kernel = arm_enter_kernel,
	.set_memory = arm_set_memory,
	.decode_user_fault = arm_decode_user_fault,
	.cpu_kind = CPU_ARM,
	.default_text_offset = 0x8000,	/* TEXT_OFFSET */
	.head_map_shift = arm_head_map_shift,
	.head_paging_on = arm_head_paging_on,
	.head_flush = arm_head_flush,
	.check_entry = arm_check_entry,
};
