// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated MMU's ARMv7 short-descriptor walk: sections, small and
 * large pages, domains, and the TLB fill (ARM ARM B3.5).
 */
#include "mmu_internal.h"

/* ---- the ARM walk (short descriptors) ------------------------------- */

int arm_walk(struct cpu *cpu, u64 va, unsigned int access,
	     struct mmu_walk *w, phys_addr_t *pa, struct mmu_fault *f)
{
	unsigned int n = cpu->ttbcr & ARM_TTBCR_N, idx, dom;
	phys_addr_t base, ea;
	bool outside, dfault, ng;
	enum tlb_size size;
	u64 l1, l2, pbase;
	const char *why;
	u16 attr;

	if (n && (va >> (32 - n))) {
		base = cpu->ttbr1 & ~0x3fffULL;
		idx = (va >> 20) & 0xfff;
	} else {
		base = cpu->ttbr0 & ~((1ULL << (14 - n)) - 1) & 0xffffffffULL;
		idx = (va >> 20) & ((1u << (12 - n)) - 1);
	}
	ea = base + idx * 4;
	l1 = read_entry(cpu, ea, 4, &outside);
	record(w, "L1", ea, l1, 4, idx, outside);
	if (outside)
		return arm_fault(cpu, va, access, ARM_FS_EXTABT_L1, 0,
				 "external abort on the level 1 walk", f);
	dom = (l1 >> 5) & 0xf;
	switch (l1 & 3) {
	case 0:
		return arm_fault(cpu, va, access, ARM_FS_TRANS_SECT, dom,
				 "section translation fault", f);
	case 1:			/* page table */
		idx = (va >> 12) & 0xff;
		ea = (l1 & ~0x3ffULL) + idx * 4;
		l2 = read_entry(cpu, ea, 4, &outside);
		record(w, "L2", ea, l2, 4, idx, outside);
		if (outside)
			return arm_fault(cpu, va, access, ARM_FS_EXTABT_L2,
					 dom, "external abort on the level 2 walk",
					 f);
		if (!(l2 & 3))
			return arm_fault(cpu, va, access, ARM_FS_TRANS_PAGE,
					 dom, "page translation fault", f);
		attr = (u16)(dom << TLBA_DOM_SHIFT);
		if (l1 & BIT(2))
			attr |= TLBA_PXN;
		if (l2 & 2) {		/* small page */
			attr |= ((((l2 >> 9) & 1) << 2) | ((l2 >> 4) & 3))
				<< TLBA_AP_SHIFT;
			if (l2 & 1)
				attr |= TLBA_NX;
			pbase = l2 & 0xfffff000ULL;
		} else {		/* 64 KiB large page, cached as 4 KiB */
			attr |= ((((l2 >> 9) & 1) << 2) | ((l2 >> 4) & 3))
				<< TLBA_AP_SHIFT;
			if (l2 & BIT(15))
				attr |= TLBA_NX;
			pbase = (l2 & 0xffff0000ULL) | (va & 0xf000);
		}
		ng = l2 & BIT(11);
		size = TLB_4K;
		if (w) {
			w->step[w->nr - 1].leaf = true;
			w->step[w->nr - 1].page_shift = (l2 & 2) ? 12 : 16;
		}
		break;
	default:		/* section or supersection; bit 0 is PXN */
		attr = (u16)((((l1 >> 15) & 1) << 2 | ((l1 >> 10) & 3))
			     << TLBA_AP_SHIFT);
		if (l1 & BIT(4))
			attr |= TLBA_NX;
		if (l1 & BIT(0))
			attr |= TLBA_PXN;
		ng = l1 & BIT(17);
		if (l1 & BIT(18)) {
			/* Supersection: 16 MiB, always domain 0, cached per MiB. */
			dom = 0;
			pbase = (l1 & 0xff000000ULL) | (va & 0x00f00000ULL);
		} else {
			pbase = l1 & 0xfff00000ULL;
		}
		attr |= (u16)(dom << TLBA_DOM_SHIFT);
		size = TLB_1M;
		if (w) {
			w->step[w->nr - 1].leaf = true;
			w->step[w->nr - 1].page_shift = (l1 & BIT(18)) ? 24 : 20;
		}
		break;
	}
	why = arm_denied(cpu, attr, access, &dfault);
	if (why) {
		unsigned int fs = size == TLB_1M ?
			(dfault ? ARM_FS_DOMAIN_SECT : ARM_FS_PERM_SECT) :
			(dfault ? ARM_FS_DOMAIN_PAGE : ARM_FS_PERM_PAGE);

		return arm_fault(cpu, va, access, fs, dom, why, f);
	}
	if (!ng)
		attr |= TLBA_G;
	*pa = pbase + (va & ((1ULL << tlb_size_shift[size]) - 1));
	if (w) {
		w->pa = *pa;
		w->page_shift = tlb_size_shift[size];
	}
	if (!(access & MMU_PROBE) && cpu->tlb) {
		cpu->tlb->stats.walks++;
		tlb_insert(cpu->tlb, size, va, pbase, attr,
			   (u16)cpu_cur_asid(cpu))->ok = entry_ok(cpu, attr);
	}
	return 0;
}
