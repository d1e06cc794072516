// SPDX-License-Identifier: GPL-2.0
/*
 * The ARM-only parts of page-table handling, after
 * arch/arm/mm/proc-v7-2level.S (cpu_v7_set_pte_ext, cpu_v7_switch_mm),
 * arch/arm/include/asm/pgalloc.h (__pmd_populate) and
 * arch/arm/mm/pageattr.c (change_memory_common). The format-independent
 * code in arch/x86/pgtable.c, set_memory.c and mmu_context.c calls these
 * when the machine runs the ARM short-descriptor format.
 */
#include <hw/cpu.h>
#include <mmsim/mm_struct.h>

#include "arm.h"

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

/**
 * cpu_switch_mm - load @mm's translation table on @c
 * @c: the CPU
 * @mm: the address space
 *
 * TTBR0 = the pgd, CONTEXTIDR = the mm's ASID; the TLB is not flushed
 * (entries are ASID-tagged). Context: from switch_mm_irqs_off().
 */
void cpu_switch_mm(struct cpu *c, struct mm_struct *mm)
{
	cpu_arm_write(c, ARM_TTBR0, mm->pgd_phys);
	cpu_arm_write(c, ARM_CONTEXTIDR, mm->context.asid);
}
