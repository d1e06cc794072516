// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated MMU's full x86 walk for every paging mode (32-bit, PAE,
 * IA-32e 4- and 5-level): reserved bits, accessed/dirty updates, the walk
 * record of m:walk(), and the TLB fill (Intel SDM chapter 4).
 */
#include "mmu_internal.h"

/* ---- the x86 walk --------------------------------------------------- */

struct x86_level {
	const char *name;
	unsigned int shift;	/* of the region one entry covers */
	unsigned int bits;	/* index bits */
	enum tlb_size leaf;	/* page size when PS=1 (or the PTE level) */
	bool ps_ok;		/* may map a page */
};

static const struct x86_level lv_5l[] = {
	{ "PML5E", 48, 9, TLB_4K, false }, { "PML4E", 39, 9, TLB_4K, false },
	{ "PDPTE", 30, 9, TLB_1G, true }, { "PDE", 21, 9, TLB_2M, true },
	{ "PTE", 12, 9, TLB_4K, true },
};

static const struct x86_level lv_32[] = {
	{ "PDE", 22, 10, TLB_4M, true }, { "PTE", 12, 10, TLB_4K, true },
};


/* Reserved bits of a present entry at @lv (SDM tables 4-4 .. 4-28). */
static bool x86_rsvd(const struct cpu *cpu, const struct x86_level *lv,
		     u64 v, bool leaf)
{
	unsigned int m = cpu->maxphyaddr, top;

	if (cpu->mode == MMU_X86_32) {
		/* 4 MiB PDE: bits 20:13 hold PA[39:32], bit 21 reserved. */
		if (leaf && lv->shift == 22) {
			unsigned int hi = m >= 40 ? 8 : m - 32;
			u64 r = BIT_ULL(21);

			if (hi < 8)
				r |= GENMASK_ULL(20, 13 + hi);
			return v & r;
		}
		return false;
	}
	/* IA-32e: bits 51:M; PAE: bits 62:M (SDM tables 4-8 .. 4-11). */
	top = cpu->mode == MMU_X86_PAE ? 62 : 51;
	if (m <= top && (v & GENMASK_ULL(top, m)))
		return true;
	if ((v & PTE_XD) && !(cpu->efer & EFER_NX))
		return true;
	if (lv->shift >= 39 && (v & PTE_PS))
		return true;		/* PML4E / PML5E: PS is reserved */
	if (leaf && lv->shift == 30)
		return !cpu->has_gbpages || (v & GENMASK_ULL(29, 13));
	if (leaf && lv->shift == 21)
		return v & GENMASK_ULL(20, 13);
	return false;
}

static u64 x86_leaf_base(const struct cpu *cpu, const struct x86_level *lv,
			 u64 v)
{
	u64 amask = GENMASK_ULL(cpu->maxphyaddr - 1, 12);

	if (cpu->mode == MMU_X86_32) {
		if (lv->shift == 22)
			return (v & 0xffc00000ULL) |
			       (((v >> 13) & 0xffULL) << 32);
		return v & 0xfffff000ULL;
	}
	return v & amask & ~((1ULL << lv->shift) - 1);
}

int x86_walk(struct cpu *cpu, u64 va, unsigned int access,
	     struct mmu_walk *w, phys_addr_t *pa, struct mmu_fault *f)
{
	const bool probe = access & MMU_PROBE;
	const struct x86_level *lv;
	unsigned int nlv, width = 8, i, nused = 0;
	phys_addr_t table, ea[MMU_MAX_LEVELS];
	u64 ent[MMU_MAX_LEVELS], amask;
	u16 attr = TLBA_W | TLBA_U;
	u32 err = x86_err_base(cpu, access);
	bool outside, global = false;
	const char *why;

	amask = GENMASK_ULL(cpu->maxphyaddr - 1, 12);
	switch (cpu->mode) {
	case MMU_X86_5L:
		lv = lv_5l, nlv = 5;
		table = cpu->cr3 & amask;
		break;
	case MMU_X86_4L:
		lv = lv_5l + 1, nlv = 4;
		table = cpu->cr3 & amask;
		break;
	case MMU_X86_PAE: {
		/* The PDPTE registers were loaded with CR3 (SDM 4.4.1). */
		unsigned int idx = (va >> 30) & 3;
		u64 pdpte = cpu->pdpte[idx];

		record(w, "PDPTE", (cpu->cr3 & 0xffffffe0ULL) + idx * 8,
		       pdpte, 8, idx, false);
		if (!(pdpte & PTE_P))
			return x86_fault(cpu, va, access, err,
					 "PDPTE not present", f);
		lv = lv_5l + 3, nlv = 2;
		table = pdpte & amask;
		break;
	}
	default:
		lv = lv_32, nlv = 2, width = 4;
		table = cpu->cr3 & 0xfffff000ULL;
		break;
	}

	for (i = 0; i < nlv; i++) {
		unsigned int idx = (va >> lv[i].shift) & ((1u << lv[i].bits) - 1);
		bool leaf;
		u64 v;

		ea[i] = table + (u64)idx * width;
		v = read_entry(cpu, ea[i], width, &outside);
		ent[i] = v;
		nused = i + 1;
		record(w, lv[i].name, ea[i], v, width, idx, outside);
		if (!(v & PTE_P))
			return x86_fault(cpu, va, access, err,
					 outside ? "entry outside RAM" :
					 "not present", f);
		leaf = i == nlv - 1 ||
		       (lv[i].ps_ok && (v & PTE_PS) &&
			(cpu->mode != MMU_X86_32 || (cpu->cr4 & X86_CR4_PSE)));
		if (x86_rsvd(cpu, &lv[i], v, leaf))
			return x86_fault(cpu, va, access,
					 err | X86_PF_PROT | X86_PF_RSVD,
					 outside ? "entry outside RAM (reads as all ones)" :
					 "reserved bit set", f);
		if (!(v & PTE_RW))
			attr &= ~TLBA_W;
		if (!(v & PTE_US))
			attr &= ~TLBA_U;
		if (width == 8 && (v & PTE_XD))
			attr |= TLBA_NX;
		if (leaf) {
			if (w) {
				w->step[w->nr - 1].leaf = true;
				w->step[w->nr - 1].page_shift = lv[i].shift;
			}
			break;
		}
		table = width == 8 ? (v & amask) : (v & 0xfffff000ULL);
	}
	i = nused - 1;
	why = x86_denied(cpu, attr, access);
	if (why)
		return x86_fault(cpu, va, access, err | X86_PF_PROT, why, f);

	/* Success: set A in every entry used, D in the leaf on a write. */
	if (!probe) {
		for (unsigned int k = 0; k < nused; k++) {
			u64 nv = ent[k] | PTE_A;

			if (k == i && (access & MMU_WRITE))
				nv |= PTE_D;
			if (nv != ent[k])
				write_entry(cpu, ea[k], width, nv);
			ent[k] = nv;
		}
	}
	if (ent[i] & PTE_D)
		attr |= TLBA_D;
	/* The G bit counts only in the leaf, and only with CR4.PGE. */
	global = (ent[i] & PTE_G) && (cpu->cr4 & X86_CR4_PGE);
	if (global)
		attr |= TLBA_G;
	{
		u64 base = x86_leaf_base(cpu, &lv[i], ent[i]);
		u64 off = va & ((1ULL << lv[i].shift) - 1);

		*pa = base + off;
		if (w) {
			w->pa = *pa;
			w->page_shift = lv[i].shift;
		}
		if (!probe && cpu->tlb) {
			cpu->tlb->stats.walks++;
			tlb_insert(cpu->tlb, lv[i].leaf, va, base, attr,
				   (u16)cpu_cur_asid(cpu))->ok =
				entry_ok(cpu, attr);
		}
	}
	return 0;
}
