// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated MMU's fault delivery (x86 #PF error code and CR2, #GP;
 * ARM FSR/FAR) and permission rules (x86 SDM 4.6: U/S, R/W with CR0.WP,
 * NX, SMEP/SMAP; ARM ARM B3.7: AP/APX, domains, XN/PXN), and the rights
 * cached in TLB entries. What arch/x86/mm/fault.c and arch/arm/mm/fault.c
 * receive.
 */
#include "mmu_internal.h"

/* ---- fault delivery ------------------------------------------------- */

bool fault_is_user(const struct cpu *cpu, unsigned int access)
{
	if (access & MMU_USER)
		return true;
	return cpu->cpl == 3 && !(access & MMU_SUPER);
}

int x86_fault(struct cpu *cpu, u64 va, unsigned int access, u32 err,
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
	if (cpu->trace)
		hw_trace_event(cpu->trace, cpu->m,
				  (err & X86_PF_USER) ? "page_fault_user" :
				  "page_fault_kernel", TF_X("address", va),
				  TF_X("ip", cpu->ip), TF_X("error_code", err));
	return -EFAULT;
}

int x86_gp(struct cpu *cpu, u64 va, unsigned int access,
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

int arm_fault(struct cpu *cpu, u64 va, unsigned int access,
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
	if (cpu->trace)
		hw_trace_event(cpu->trace, cpu->m,
				  fault_is_user(cpu, access) ?
				  "page_fault_user" : "page_fault_kernel",
				  TF_X("address", va), TF_X("ip", cpu->ip),
				  TF_X("error_code", fsr));
	return -EFAULT;
}

/* ---- x86 permission rules (SDM 4.6) -------------------------------- */

bool x86_nx_enabled(const struct cpu *cpu)
{
	return cpu->mode != MMU_X86_32 && (cpu->efer & EFER_NX);
}

/* The error-code bits every fault of this access carries. */
u32 x86_err_base(const struct cpu *cpu, unsigned int access)
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
const char *x86_denied(const struct cpu *cpu, u16 attr,
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

const char *arm_denied(const struct cpu *cpu, u16 attr,
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

u64 entry_ok(const struct cpu *cpu, u16 attr)
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

	cpu->walk_amask = GENMASK_ULL(cpu->maxphyaddr - 1, 12);
	cpu->walk_rsvd = cpu->maxphyaddr < 52 ?
			 GENMASK_ULL(51, cpu->maxphyaddr) : 0;
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

