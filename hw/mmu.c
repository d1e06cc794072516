// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated MMU (hw/mmu.h): the page walk for every x86 paging mode and
 * for ARMv7 short descriptors, permission checks, accessed/dirty updates,
 * and fault delivery. This is the hardware half of what Linux's
 * arch/x86/mm/fault.c and arch/arm/mm/fault.c receive.
 *
 * Entries are read from simulated RAM in the architecture's binary format.
 * An entry outside RAM reads as all ones, as a bus master abort does on a
 * PC: in the 64-bit-entry formats that sets reserved bits and the walk ends
 * in #PF with RSVD; on ARM it is an external abort on the walk.
 */
#include <mmsim/machine.h>

#include "mmu.h"
#include "ram.h"
#include "tlb.h"

/* Paging-structure entry bits the walk looks at (SDM table 4-19 ...). */
#define PTE_P		BIT_ULL(0)
#define PTE_RW		BIT_ULL(1)
#define PTE_US		BIT_ULL(2)
#define PTE_A		BIT_ULL(5)
#define PTE_D		BIT_ULL(6)
#define PTE_PS		BIT_ULL(7)
#define PTE_G		BIT_ULL(8)
#define PTE_XD		BIT_ULL(63)

const char *mmu_mode_name(enum mmu_mode mode)
{
	static const char *const names[NR_MMU_MODES] = {
		[MMU_OFF] = "off", [MMU_X86_32] = "32-bit",
		[MMU_X86_PAE] = "PAE", [MMU_X86_4L] = "4-level",
		[MMU_X86_5L] = "5-level", [MMU_ARM_SD] = "short-descriptor",
	};

	return (unsigned int)mode < NR_MMU_MODES ? names[mode] : "?";
}

bool mmu_canonical(const struct cpu *cpu, u64 va)
{
	unsigned int bits;

	if (cpu->mode == MMU_X86_4L)
		bits = 48;
	else if (cpu->mode == MMU_X86_5L)
		bits = 57;
	else
		return true;
	return (u64)((s64)(va << (64 - bits)) >> (64 - bits)) == va;
}

static bool mode_is_32bit(const struct cpu *cpu)
{
	return cpu->isa == CPU_ARM || !(cpu->efer & EFER_LMA);
}

/* ---- fault delivery ------------------------------------------------- */

static bool fault_is_user(const struct cpu *cpu, unsigned int access)
{
	if (access & MMU_USER)
		return true;
	return cpu->cpl == 3 && !(access & MMU_SUPER);
}

static int x86_fault(struct cpu *cpu, u64 va, unsigned int access, u32 err,
		     const char *reason, struct mmu_fault *f)
{
	f->vector = X86_TRAP_PF;
	f->error_code = err;
	f->addr = va;
	f->fsr = 0;
	f->reason = reason;
	if (access & MMU_PROBE)
		return -EFAULT;
	cpu->cr2 = va;
	cpu->nr_page_faults++;
	/* SDM 4.10.4.1: a #PF invalidates the TLB entries for its address. */
	if (cpu->tlb)
		tlb_flush_va(cpu->tlb, va, (u16)cpu_cur_asid(cpu));
	if (cpu->m)
		trace_event(cpu->m, (err & X86_PF_USER) ? "page_fault_user" :
			    "page_fault_kernel", TF_X("address", va),
			    TF_X("ip", cpu->ip), TF_X("error_code", err));
	return -EFAULT;
}

static int x86_gp(struct cpu *cpu, u64 va, unsigned int access,
		  struct mmu_fault *f)
{
	f->vector = X86_TRAP_GP;
	f->error_code = 0;
	f->addr = va;	/* CR2 is not written by #GP */
	f->fsr = 0;
	f->reason = "non-canonical address";
	if (!(access & MMU_PROBE))
		cpu->nr_gp_faults++;
	return -EFAULT;
}

static int arm_fault(struct cpu *cpu, u64 va, unsigned int access,
		     unsigned int fs, unsigned int domain, const char *reason,
		     struct mmu_fault *f)
{
	bool fetch = access & MMU_EXEC;
	u32 fsr = (fs & 0xf) | ((fs & 0x10) << 6) | ((domain & 0xf) << 4);

	if (fetch)
		fsr &= ~0xf0u;		/* IFSR has no domain field */
	else if (access & MMU_WRITE)
		fsr |= BIT(11);		/* DFSR.WnR */
	f->vector = fetch ? ARM_VEC_PREFETCH_ABORT : ARM_VEC_DATA_ABORT;
	f->error_code = 0;
	f->addr = va;
	f->fsr = fsr;
	f->reason = reason;
	if (access & MMU_PROBE)
		return -EFAULT;
	if (fetch) {
		cpu->ifsr = fsr;
		cpu->ifar = va;
	} else {
		cpu->fsr = fsr;
		cpu->far = va;
	}
	cpu->nr_page_faults++;
	if (cpu->tlb)
		tlb_flush_va(cpu->tlb, va, (u16)cpu_cur_asid(cpu));
	if (cpu->m)
		trace_event(cpu->m, fault_is_user(cpu, access) ?
			    "page_fault_user" : "page_fault_kernel",
			    TF_X("address", va), TF_X("ip", cpu->ip),
			    TF_X("error_code", fsr));
	return -EFAULT;
}

/* ---- x86 permission rules (SDM 4.6) -------------------------------- */

static bool x86_nx_enabled(const struct cpu *cpu)
{
	return cpu->mode != MMU_X86_32 && (cpu->efer & EFER_NX);
}

/* The error-code bits every fault of this access carries. */
static u32 x86_err_base(const struct cpu *cpu, unsigned int access)
{
	u32 err = 0;

	if (access & MMU_WRITE)
		err |= X86_PF_WRITE;
	if (fault_is_user(cpu, access))
		err |= X86_PF_USER;
	/* I/D is reported only when NX or SMEP makes fetches special. */
	if ((access & MMU_EXEC) &&
	    (x86_nx_enabled(cpu) || (cpu->cr4 & X86_CR4_SMEP)))
		err |= X86_PF_INSTR;
	return err;
}

/* Return NULL if the access is allowed, else why not. */
static const char *x86_denied(const struct cpu *cpu, u16 attr,
			      unsigned int access)
{
	bool write = access & MMU_WRITE, fetch = access & MMU_EXEC;

	if (fault_is_user(cpu, access)) {
		if (!(attr & TLBA_U))
			return "user access to a supervisor page";
		if (write && !(attr & TLBA_W))
			return "user write to a read-only page";
	} else {
		if (write && !(attr & TLBA_W) && (cpu->cr0 & X86_CR0_WP))
			return "supervisor write to a read-only page (CR0.WP)";
		if ((attr & TLBA_U) && fetch && (cpu->cr4 & X86_CR4_SMEP))
			return "supervisor fetch from a user page (SMEP)";
		if ((attr & TLBA_U) && !fetch && (cpu->cr4 & X86_CR4_SMAP) &&
		    (!(cpu->eflags & X86_EFLAGS_AC) || (access & MMU_SUPER)))
			return "supervisor access to a user page (SMAP)";
	}
	if (fetch && (attr & TLBA_NX) && x86_nx_enabled(cpu))
		return "fetch from a no-execute page";
	return NULL;
}

/* ---- ARM permission rules (ARM ARM B3.7, SCTLR.AFE=0) ---------------- */

static const char *arm_denied(const struct cpu *cpu, u16 attr,
			      unsigned int access, bool *domain_fault)
{
	unsigned int dom = (attr >> TLBA_DOM_SHIFT) & 0xf;
	unsigned int dacr = (cpu->dacr >> (2 * dom)) & 3;
	unsigned int ap = (attr >> TLBA_AP_SHIFT) & 7;
	bool user = fault_is_user(cpu, access), write = access & MMU_WRITE;

	*domain_fault = false;
	if (dacr == 0 || dacr == 2) {
		*domain_fault = true;
		return "domain has no access (DACR)";
	}
	if (dacr == 3)
		return NULL;		/* manager: no permission checks */
	if (access & MMU_EXEC) {
		if (attr & TLBA_NX)
			return "fetch from an execute-never page";
		if (!user && (attr & TLBA_PXN))
			return "privileged fetch from a PXN page";
	}
	switch (ap) {
	case 0:
	case 4:
		return "no access (AP)";
	case 1:
		return user ? "user access to a privileged page (AP)" : NULL;
	case 2:
		return user && write ? "user write to a read-only page (AP)" :
				       NULL;
	case 3:
		return NULL;
	case 5:
		if (user)
			return "user access to a privileged page (AP)";
		return write ? "write to a read-only page (AP)" : NULL;
	default:
		return write ? "write to a read-only page (AP)" : NULL;
	}
}

/* ---- rights resolved for the TLB (tlb_entry.ok) ---------------------- */

/*
 * For each of the six access classes, the tlb_ok_index() values that need
 * it: index bit 0 write, 1 exec, 2 MMU_USER, 3 MMU_SUPER, 4 MMU_PROBE
 * (never in any mask), 5 CPL 3. An access is a user access if MMU_USER,
 * or CPL 3 without MMU_SUPER; it needs W if a write, X if a fetch, R if
 * neither. (tests/unit/test_tlb.c recomputes these from that rule.)
 */
enum { OK_KR, OK_KW, OK_KX, OK_UR, OK_UW, OK_UX, OK_NR };
static const u64 mmu_ok_need[OK_NR] = {
	[OK_KR] = 0x010000000101ULL, [OK_KW] = 0x0a0000000a0aULL,
	[OK_KX] = 0x0c0000000c0cULL, [OK_UR] = 0x101100001010ULL,
	[OK_UW] = 0xa0aa0000a0a0ULL, [OK_UX] = 0xc0cc0000c0c0ULL,
};

/* The ok mask of six class verdicts (bit c set: class c allowed). */
static u64 ok_from_classes(unsigned int allowed)
{
	u64 ok = 0xffff0000ffffULL;	/* every index without MMU_PROBE */

	for (int c = 0; c < OK_NR; c++)
		if (!(allowed & (1u << c)))
			ok &= ~mmu_ok_need[c];
	return ok;
}

/*
 * The classes an entry with @attr allows on this CPU. Conservative where
 * the rule depends on state that changes without a register write the
 * MMU sees: supervisor accesses are judged as with EFLAGS.AC clear, and on
 * x86 a write needs the dirty bit already set (else it walks to set it).
 */
static unsigned int classes_allowed(const struct cpu *cpu, u16 attr)
{
	static const unsigned int acc[OK_NR] = {
		[OK_KR] = MMU_SUPER, [OK_KW] = MMU_SUPER | MMU_WRITE,
		[OK_KX] = MMU_SUPER | MMU_EXEC, [OK_UR] = MMU_USER,
		[OK_UW] = MMU_USER | MMU_WRITE, [OK_UX] = MMU_USER | MMU_EXEC,
	};
	unsigned int allowed = 0;
	bool dfault;

	for (int c = 0; c < OK_NR; c++) {
		const char *why = cpu->isa == CPU_ARM ?
			arm_denied(cpu, attr, acc[c], &dfault) :
			x86_denied(cpu, attr, acc[c]);

		if (why)
			continue;
		if (cpu->isa == CPU_X86 && (acc[c] & MMU_WRITE) &&
		    !(attr & TLBA_D))
			continue;
		allowed |= 1u << c;
	}
	return allowed;
}

static u64 entry_ok(const struct cpu *cpu, u16 attr)
{
	if (cpu->isa == CPU_X86)
		return cpu->rights_ok[attr & 15];
	return ok_from_classes(classes_allowed(cpu, attr));
}

static void refresh_entry_ok(struct tlb_entry *e, enum tlb_size size,
			     void *arg)
{
	(void)size;
	e->ok = entry_ok(arg, e->attr);
}

void mmu_update_rights(struct cpu *cpu)
{
	u64 key;

	if (cpu->isa == CPU_ARM)
		key = cpu->dacr | (u64)cpu->mode << 32;
	else
		key = (cpu->cr0 & X86_CR0_WP) |
		      (cpu->cr4 & (X86_CR4_SMEP | X86_CR4_SMAP)) |
		      (cpu->efer & EFER_NX) | (u64)cpu->mode << 32;
	key |= BIT_ULL(63);		/* never the zeroed initial key */
	if (key == cpu->rights_key)
		return;
	cpu->rights_key = key;
	if (cpu->isa == CPU_X86)
		for (u16 a = 0; a < 16; a++)
			cpu->rights_ok[a] = ok_from_classes(classes_allowed(cpu, a));
	if (cpu->tlb)
		tlb_for_each_entry(cpu->tlb, refresh_entry_ok, cpu);
}

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

static u64 read_entry(struct cpu *cpu, phys_addr_t pa, unsigned int width,
		      bool *outside)
{
	u64 v64;
	u32 v32;

	*outside = false;
	if (width == 8) {
		if (ram_read64(cpu->ram, pa, &v64))
			return v64;
		*outside = true;
		return ~0ULL;
	}
	if (ram_read32(cpu->ram, pa, &v32))
		return v32;
	*outside = true;
	return 0xffffffffULL;
}

static void write_entry(struct cpu *cpu, phys_addr_t pa, unsigned int width,
			u64 v)
{
	if (width == 8)
		ram_write64(cpu->ram, pa, v);
	else
		ram_write32(cpu->ram, pa, (u32)v);
}

static void record(struct mmu_walk *w, const char *name, phys_addr_t ea,
		   u64 v, unsigned int width, unsigned int idx, bool outside)
{
	struct mmu_walk_step *s;

	if (!w || w->nr >= MMU_MAX_LEVELS)
		return;
	s = &w->step[w->nr++];
	s->name = name;
	s->entry_addr = ea;
	s->value = v;
	s->width = width;
	s->index = idx;
	s->outside_ram = outside;
	s->leaf = false;
	s->page_shift = 0;
}

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

static int x86_walk(struct cpu *cpu, u64 va, unsigned int access,
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

/* ---- the ARM walk (short descriptors) ------------------------------- */

static int arm_walk(struct cpu *cpu, u64 va, unsigned int access,
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

/* ---- entry points --------------------------------------------------- */

static int mmu_check_va(struct cpu *cpu, u64 va, unsigned int access,
			struct mmu_fault *f)
{
	if (mode_is_32bit(cpu) && va > 0xffffffffULL) {
		f->vector = -1;
		f->error_code = 0;
		f->addr = va;
		f->fsr = 0;
		f->reason = "address beyond the 32-bit linear address space";
		return -EINVAL;
	}
	if (!mmu_canonical(cpu, va))
		return x86_gp(cpu, va, access, f);
	return 0;
}

static void trace_walk(struct cpu *cpu, u64 va, int ret, phys_addr_t pa,
		       const struct mmu_walk *w)
{
	if (cpu->m && cpu->trace_walks)
		trace_event(cpu->m, "page_walk", TF_U("cpu", cpu->id),
			    TF_X("address", va), TF_I("levels", w ? w->nr : 0),
			    TF_X("paddr", ret ? 0 : pa), TF_I("fault", ret != 0));
}

int mmu_walk(struct cpu *cpu, u64 va, unsigned int access,
	     struct mmu_walk *w, struct mmu_fault *f)
{
	phys_addr_t pa = 0;
	int ret;

	w->nr = 0;
	w->pa = 0;
	w->page_shift = 0;
	w->tlb_hit = false;
	ret = mmu_check_va(cpu, va, access, f);
	if (ret)
		return ret;
	if (cpu->mode == MMU_OFF) {
		w->pa = va;
		w->page_shift = 12;
		return 0;
	}
	if (cpu->isa == CPU_ARM)
		ret = arm_walk(cpu, va, access, w, &pa, f);
	else
		ret = x86_walk(cpu, va, access, w, &pa, f);
	if (!(access & MMU_PROBE))
		trace_walk(cpu, va, ret, pa, w);
	return ret;
}

/* A TLB hit that fails its permission check faults from the TLB entry. */
static int tlb_hit_denied(struct cpu *cpu, u64 va, unsigned int access,
			  const struct tlb_entry *e, enum tlb_size size,
			  struct mmu_fault *f)
{
	const char *why;
	bool dfault;

	if (cpu->isa == CPU_ARM) {
		unsigned int dom = (e->attr >> TLBA_DOM_SHIFT) & 0xf;

		why = arm_denied(cpu, e->attr, access, &dfault);
		if (!why)
			return 0;
		return arm_fault(cpu, va, access, size == TLB_1M ?
				 (dfault ? ARM_FS_DOMAIN_SECT : ARM_FS_PERM_SECT) :
				 (dfault ? ARM_FS_DOMAIN_PAGE : ARM_FS_PERM_PAGE),
				 dom, why, f);
	}
	why = x86_denied(cpu, e->attr, access);
	if (!why)
		return 0;
	return x86_fault(cpu, va, access,
			 x86_err_base(cpu, access) | X86_PF_PROT, why, f);
}

/*
 * The IA-32e walk (4- and 5-level) for a TLB miss, specialised: entries are
 * read through a host pointer with one bounds check per level, and every
 * case that is not a plain success (not present, reserved bits, entry
 * outside RAM, a permission the entry's rights do not grant outright)
 * returns 1 before any side effect, so that x86_walk() redoes it and
 * reports exactly what the hardware would. Return: 0 (translated and
 * filled), or 1.
 */
static int x86_walk_long(struct cpu *cpu, u64 va, unsigned int access,
			 phys_addr_t *pa)
{
	const struct phys_ram *ram = cpu->ram;
	const unsigned int m = cpu->maxphyaddr;
	const u64 amask = GENMASK_ULL(m - 1, 12);
	u64 rsvd = m < 52 ? GENMASK_ULL(51, m) : 0;
	u64 table = cpu->cr3 & amask, all = ~0ULL, any = 0;
	unsigned int shift = cpu->mode == MMU_X86_5L ? 48 : 39, n = 0;
	u64 *ep[5], ent[5];
	u16 attr;
	u64 ok;

	if (!(cpu->efer & EFER_NX))
		rsvd |= PTE_XD;
	for (;; shift -= 9) {
		phys_addr_t ea = table + ((va >> shift) & 511) * 8;
		u64 v;

		if (unlikely(ea >= ram->limit || ram->limit - ea < 8))
			return 1;
		ep[n] = (u64 *)ram_ptr(ram, ea);
		__builtin_memcpy(&v, ep[n], 8);
		ent[n++] = v;
		if (unlikely(!(v & PTE_P) || (v & rsvd)))
			return 1;
		all &= v;
		any |= v;
		if (shift == 12)
			break;
		if (v & PTE_PS) {
			if (shift >= 39 ||
			    (shift == 30 && (!cpu->has_gbpages ||
					     (v & GENMASK_ULL(29, 13)))) ||
			    (shift == 21 && (v & GENMASK_ULL(20, 13))))
				return 1;
			break;
		}
		table = v & amask;
	}
	attr = ((all & PTE_RW) ? TLBA_W : 0) | ((all & PTE_US) ? TLBA_U : 0) |
	       ((any & PTE_XD) ? TLBA_NX : 0);
	/* Judged as if dirty: a write that is allowed sets D now. */
	ok = cpu->rights_ok[attr | TLBA_D];
	if (unlikely(!((ok >> tlb_ok_index(access, cpu->cpl)) & 1)))
		return 1;
	/* A in every entry used, D in the leaf on a write (as x86_walk). */
	for (unsigned int k = 0; k < n; k++) {
		u64 nv = ent[k] | PTE_A;

		if (k == n - 1 && (access & MMU_WRITE))
			nv |= PTE_D;
		if (nv != ent[k]) {
			__builtin_memcpy(ep[k], &nv, 8);
			ent[k] = nv;
		}
	}
	if (ent[n - 1] & PTE_D)
		attr |= TLBA_D;
	else
		ok = cpu->rights_ok[attr];
	if ((ent[n - 1] & PTE_G) && (cpu->cr4 & X86_CR4_PGE))
		attr |= TLBA_G;
	{
		u64 base = ent[n - 1] & amask & ~((1ULL << shift) - 1);
		enum tlb_size size = shift == 12 ? TLB_4K :
				     shift == 21 ? TLB_2M : TLB_1G;

		*pa = base + (va & ((1ULL << shift) - 1));
		cpu->tlb->stats.walks++;
		tlb_insert(cpu->tlb, size, va, base, attr,
			   cpu->tlb->cur_asid)->ok = ok;
	}
	return 0;
}

int mmu_translate_slow(struct cpu *cpu, u64 va, unsigned int access,
		       phys_addr_t *pa, struct mmu_fault *f)
{
	struct tlb_entry *e;
	enum tlb_size size;
	int ret;

	if (cpu->mode == MMU_OFF) {
		if (unlikely(mode_is_32bit(cpu) && va > 0xffffffffULL))
			return mmu_check_va(cpu, va, access, f);
		*pa = va;
		return 0;
	}
	if (likely(cpu->tlb && !(access & MMU_PROBE))) {
		ret = mmu_check_va(cpu, va, access, f);
		if (unlikely(ret))
			return ret;
		e = tlb_lookup(cpu->tlb, va, &size);
		if (likely(e)) {
			if ((e->ok >> tlb_ok_index(access, cpu->cpl)) & 1) {
				*pa = e->pbase +
				      (va & ((1ULL << tlb_size_shift[size]) - 1));
				return 0;
			}
			ret = tlb_hit_denied(cpu, va, access, e, size, f);
			if (ret)
				return ret;
			/* A write through a clean entry walks to set D. */
			if (!((access & MMU_WRITE) && cpu->isa == CPU_X86 &&
			      !(e->attr & TLBA_D))) {
				*pa = e->pbase +
				      (va & ((1ULL << tlb_size_shift[size]) - 1));
				return 0;
			}
		}
		if (cpu->trace_walks) {
			struct mmu_walk w;

			w.nr = 0;
			ret = cpu->isa == CPU_ARM ?
				arm_walk(cpu, va, access, &w, pa, f) :
				x86_walk(cpu, va, access, &w, pa, f);
			trace_walk(cpu, va, ret, *pa, &w);
			return ret;
		}
		if ((cpu->mode == MMU_X86_4L || cpu->mode == MMU_X86_5L) &&
		    !x86_walk_long(cpu, va, access, pa))
			return 0;
		return cpu->isa == CPU_ARM ? arm_walk(cpu, va, access, NULL, pa, f)
					   : x86_walk(cpu, va, access, NULL, pa, f);
	}
	ret = mmu_check_va(cpu, va, access, f);
	if (ret)
		return ret;
	return cpu->isa == CPU_ARM ? arm_walk(cpu, va, access, NULL, pa, f) :
				     x86_walk(cpu, va, access, NULL, pa, f);
}

/* ---- bulk copies ---------------------------------------------------- */

int mmu_copy_from(struct cpu *cpu, void *dst, u64 va, u64 len,
		  unsigned int access, struct mmu_fault *f)
{
	u8 *d = dst;

	access &= ~(unsigned int)MMU_WRITE;
	while (len) {
		u64 chunk = min_u64(len, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
		phys_addr_t pa;
		int ret = mmu_translate(cpu, va, access, &pa, f);

		if (ret)
			return ret;
		/* Reads of addresses with no RAM see all ones. */
		if (ram_read(cpu->ram, pa, d, chunk))
			__builtin_memset(d, 0xff, chunk);
		d += chunk;
		va += chunk;
		len -= chunk;
	}
	return 0;
}

int mmu_copy_to(struct cpu *cpu, u64 va, const void *src, u64 len,
		unsigned int access, struct mmu_fault *f)
{
	const u8 *s = src;

	access |= MMU_WRITE;
	while (len) {
		u64 chunk = min_u64(len, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
		phys_addr_t pa;
		int ret = mmu_translate(cpu, va, access, &pa, f);

		if (ret)
			return ret;
		/* Writes to addresses with no RAM are dropped. */
		ram_write(cpu->ram, pa, s, chunk);
		s += chunk;
		va += chunk;
		len -= chunk;
	}
	return 0;
}
