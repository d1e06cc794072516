// SPDX-License-Identifier: GPL-2.0
/*
 * x86's part of the kernel page-table check (mm/pgtable_check.c): the
 * reserved bits of each entry format (SDM tables 4-4 .. 4-28), where the
 * MMU would fault with RSVD, and whether the entry's target is in RAM.
 */
#include <hw/cpu.h>
#include <mmsim/paging.h>
#include <mmsim/vmalloc.h>

#include "pgtable_types.h"
#include "x86.h"

/* Reserved bits of a present x86 entry (what the MMU faults on with RSVD). */
static const char *x86_entry_rsvd(struct pt_check *c, int lvl, u64 v, bool leaf)
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

/**
 * x86_check_entry - judge one present kernel entry (pt_ops->check_entry)
 * @c: the check in progress
 * @ea: physical address of the entry
 * @lvl: its level
 * @va: the first address it maps
 *
 * Return: the table it points to, for the walk to descend, or 0.
 */
phys_addr_t x86_check_entry(struct pt_check *c, phys_addr_t ea, int lvl,
			    u64 va)
{
	const struct pt_format *f = c->f;
	u64 v;
	bool leaf;
	phys_addr_t pa;
	const char *why;

	v = f->width == 8 ? ({ u64 x = 0; ram_read64(&c->m->ram, ea, &x); x; }) :
			    ({ u32 x = 0; ram_read32(&c->m->ram, ea, &x); x; });
	if (!(v & _PAGE_PRESENT))
		return 0;
	leaf = lvl == PT_PTE || lvl_is_leaf(lvl, v);
	why = x86_entry_rsvd(c, lvl, v, leaf);
	if (why) {
		pt_check_fail(c, why, lvl, va, ea, v);
		return 0;
	}
	if (lvl == PT_PMD && leaf)
		pa = PFN_PHYS(pmd_pfn(__pmd(v)));
	else if (lvl == PT_PUD && leaf)
		pa = PFN_PHYS(pud_pfn(__pud(v)));
	else
		pa = v & f->pfn_mask;
	if (!ram_valid(&c->m->ram, pa, PAGE_SIZE)) {
		if (leaf && ioremap_maps(va, pa))
			return 0;	/* device memory, mapped by ioremap() */
		pt_check_fail(c, leaf ? "maps a frame outside RAM" :
			      "points at a table outside RAM", lvl, va, ea, v);
		return 0;
	}
	return leaf ? 0 : pa;
}

