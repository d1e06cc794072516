// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated CPUs: control-register writes and their architectural side
 * effects (Intel SDM vol. 3, 4.10.4 "Invalidation of TLBs"; ARM ARM B4).
 *
 *   MOV CR3, PCIDE=0    flush non-global entries
 *   MOV CR3, PCIDE=1    flush non-global entries of the new PCID, unless
 *                       bit 63 (NOFLUSH) is set
 *   MOV CR4 changing PGE, PAE, PSE, PCIDE, SMEP or LA57: flush everything
 *   MOV CR0 changing PG: flush everything
 *   PAE paging: the four PDPTEs are loaded into registers with CR3
 *
 * Illegal writes are #GP and return -EINVAL without changing anything.
 */
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "mmu.h"
#include "ram.h"
#include "tlb.h"

/* CR4 bits no CPU defines (SDM 2.5; bit 32, FRED, is beyond our 32). */
#define X86_CR4_RESERVED	(BIT_ULL(15) | BIT_ULL(26) | GENMASK_ULL(31, 29))
/* EFER: SCE, LME, LMA, NXE, SVME, LMSLE, FFXSR, TCE; the rest is #GP. */
#define EFER_DEFINED		(BIT_ULL(0) | BIT_ULL(8) | GENMASK_ULL(15, 10))

/**
 * cpu_update_mode - recompute @cpu->mode and the permission rules
 * @cpu: the CPU, after one of its control registers changed
 *
 * The translation regime follows SCTLR.M (ARM) or CR0.PG, EFER.LMA,
 * CR4.LA57 and CR4.PAE (x86); mmu_update_rights() then resolves the
 * rules the TLB-hit path uses.
 */
void cpu_update_mode(struct cpu *cpu)
{
	if (cpu->isa == CPU_ARM) {
		cpu->mode = (cpu->sctlr & ARM_SCTLR_M) ? MMU_ARM_SD : MMU_OFF;
	} else if (!(cpu->cr0 & X86_CR0_PG)) {
		cpu->mode = MMU_OFF;
	} else if (cpu->efer & EFER_LMA) {
		cpu->mode = (cpu->cr4 & X86_CR4_LA57) ? MMU_X86_5L : MMU_X86_4L;
	} else {
		cpu->mode = (cpu->cr4 & X86_CR4_PAE) ? MMU_X86_PAE : MMU_X86_32;
	}
	mmu_update_rights(cpu);
}

/**
 * cpu_cur_asid - the address-space tag TLB entries get now
 * @cpu: the CPU
 *
 * Return: the ASID in CONTEXTIDR[7:0] (ARM), the PCID in CR3[11:0] when
 * CR4.PCIDE is set (x86), else 0.
 */
unsigned int cpu_cur_asid(const struct cpu *cpu)
{
	if (cpu->isa == CPU_ARM)
		return cpu->contextidr & 0xff;
	return (cpu->cr4 & X86_CR4_PCIDE) ? cpu->cr3 & X86_CR3_PCID_MASK : 0;
}

static void cpu_sync_asid(struct cpu *cpu)
{
	if (cpu->tlb)
		tlb_set_asid(cpu->tlb, (u16)cpu_cur_asid(cpu));
}

static void flush_all(struct cpu *cpu)
{
	if (cpu->tlb)
		tlb_flush_all(cpu->tlb);
}

/**
 * cpu_init - reset @cpu to its power-on state with a default TLB
 * @cpu: the CPU (zeroed first)
 * @id: its number
 * @isa: CPU_X86 or CPU_ARM
 * @ram: the bus its MMU walks
 * @maxphyaddr: physical address bits, 32..52 (0: 36)
 *
 * Paging is off. x86 CPUs have NX, SMEP and SMAP above 32 bits of
 * MAXPHYADDR and 1 GiB pages above 36.
 * Return: 0, -EINVAL (bad @maxphyaddr) or -ENOMEM.
 */
int cpu_init(struct cpu *cpu, int id, enum cpu_isa isa, struct phys_ram *ram,
	     unsigned int maxphyaddr)
{
	struct tlb_geometry g;

	memset(cpu, 0, sizeof(*cpu));
	cpu->id = id;
	cpu->isa = isa;
	cpu->ram = ram;
	cpu->maxphyaddr = maxphyaddr ? maxphyaddr : 36;
	if (cpu->maxphyaddr < 32 || cpu->maxphyaddr > 52)
		return -EINVAL;
	cpu->has_nx = isa == CPU_X86 && cpu->maxphyaddr > 32;
	cpu->has_gbpages = isa == CPU_X86 && cpu->maxphyaddr > 36;
	/* A CPU recent enough for NX is modelled with SMEP and SMAP too. */
	cpu->has_smep = cpu->has_smap = cpu->has_nx;
	tlb_default_geometry(&g);
	cpu->tlb = tlb_create(&g);
	if (!cpu->tlb)
		return -ENOMEM;
	cpu_update_mode(cpu);
	return 0;
}

/**
 * cpu_set_tlb_geometry - give @cpu a new, empty TLB of geometry @g
 * @cpu: the CPU
 * @g: entries and ways per page size
 *
 * Return: 0, or -EINVAL when tlb_create() refuses @g (the old TLB stays).
 */
int cpu_set_tlb_geometry(struct cpu *cpu, const struct tlb_geometry *g)
{
	struct tlb *t = tlb_create(g);

	if (!t)
		return -EINVAL;
	tlb_destroy(cpu->tlb);
	cpu->tlb = t;
	cpu_sync_asid(cpu);
	return 0;
}

/**
 * cpu_exit - free @cpu's TLB
 * @cpu: the CPU
 */
void cpu_exit(struct cpu *cpu)
{
	tlb_destroy(cpu->tlb);
	cpu->tlb = NULL;
}

/* PAE: load the four PDPTEs (SDM 4.4.1); a reserved bit is #GP. */
static int load_pdptes(struct cpu *cpu, u64 cr3)
{
	u64 rsvd = GENMASK_ULL(8, 5) | GENMASK_ULL(2, 1), v[4];
	phys_addr_t base = cr3 & 0xffffffe0ULL;

	if (cpu->maxphyaddr < 64)
		rsvd |= GENMASK_ULL(63, cpu->maxphyaddr);
	for (int i = 0; i < 4; i++) {
		if (!ram_read64(cpu->ram, base + i * 8, &v[i]))
			v[i] = ~0ULL;	/* no RAM: all ones */
		if ((v[i] & 1) && (v[i] & rsvd))
			return -EINVAL;
	}
	memcpy(cpu->pdpte, v, sizeof(v));
	return 0;
}

static bool pae_legacy(const struct cpu *cpu, u64 cr0, u64 cr4, u64 efer)
{
	return (cr0 & X86_CR0_PG) && (cr4 & X86_CR4_PAE) && !(efer & EFER_LMA);
}

/**
 * cpu_write_cr0 - MOV to CR0
 * @cpu: an x86 CPU
 * @val: the new CR0
 *
 * Setting PG with EFER.LME (and CR4.PAE) activates long mode (LMA); PAE
 * paging loads the PDPTEs; turning paging on or off flushes the TLB.
 * Return: 0, or -EINVAL where the CPU raises #GP (nothing changes).
 */
int cpu_write_cr0(struct cpu *cpu, u64 val)
{
	u64 efer = cpu->efer;
	bool pg_on = !(cpu->cr0 & X86_CR0_PG) && (val & X86_CR0_PG);
	bool pg_off = (cpu->cr0 & X86_CR0_PG) && !(val & X86_CR0_PG);

	if (cpu->isa != CPU_X86 || (val >> 32))
		return -EINVAL;
	if ((val & X86_CR0_PG) && !(val & X86_CR0_PE))
		return -EINVAL;
	/*
	 * SIM: the CPU is always in 64-bit mode once LMA is set (no
	 * compatibility-mode code), where clearing PG is #GP (SDM MOV CR0).
	 */
	if (pg_off && (cpu->efer & EFER_LMA))
		return -EINVAL;
	if (pg_on && (efer & EFER_LME)) {
		if (!(cpu->cr4 & X86_CR4_PAE))
			return -EINVAL;
		efer |= EFER_LMA;
	}
	if (pg_off)
		efer &= ~EFER_LMA;
	if (pg_on && pae_legacy(cpu, val, cpu->cr4, efer) &&
	    load_pdptes(cpu, cpu->cr3))
		return -EINVAL;
	cpu->cr0 = val;
	cpu->efer = efer;
	if (pg_on || pg_off)
		flush_all(cpu);
	cpu_update_mode(cpu);
	return 0;
}

/**
 * cpu_write_cr3 - MOV to CR3
 * @cpu: an x86 CPU
 * @val: the new CR3 (with CR4.PCIDE: PCID in 11:0, bit 63 = no flush)
 *
 * Flushes the non-global entries (of the new PCID with PCIDE) unless bit
 * 63 asks not to; PAE paging reloads the PDPTEs.
 * Return: 0, or -EINVAL where the CPU raises #GP (nothing changes).
 */
int cpu_write_cr3(struct cpu *cpu, u64 val)
{
	bool pcide = cpu->cr4 & X86_CR4_PCIDE;
	bool noflush = pcide && (val & X86_CR3_PCID_NOFLUSH);

	if (cpu->isa != CPU_X86)
		return -EINVAL;
	/* Bit 63 is "no flush" with PCIDE=1, a reserved bit otherwise. */
	if (pcide)
		val &= ~X86_CR3_PCID_NOFLUSH;
	if (cpu->efer & EFER_LMA) {
		if (val & GENMASK_ULL(63, cpu->maxphyaddr))
			return -EINVAL;
	} else if (val >> 32) {
		return -EINVAL;
	}
	if (pae_legacy(cpu, cpu->cr0, cpu->cr4, cpu->efer) &&
	    load_pdptes(cpu, val))
		return -EINVAL;
	cpu->cr3 = val;
	cpu_sync_asid(cpu);
	if (cpu->tlb && !noflush)
		tlb_flush_nonglobal(cpu->tlb, pcide ? (int)(val & X86_CR3_PCID_MASK)
						    : -1);
	return 0;
}

/**
 * cpu_write_cr4 - MOV to CR4
 * @cpu: an x86 CPU
 * @val: the new CR4
 *
 * A change of PGE, PAE, PSE, PCIDE, SMEP or LA57 flushes the whole TLB.
 * Return: 0, or -EINVAL where the CPU raises #GP: reserved bits, LA57 or
 * PAE changed in long mode, PCIDE set outside long mode or with a
 * nonzero PCID, bad PDPTEs (nothing changes).
 */
int cpu_write_cr4(struct cpu *cpu, u64 val)
{
	const u64 flushing = X86_CR4_PGE | X86_CR4_PAE | X86_CR4_PSE |
			     X86_CR4_PCIDE | X86_CR4_SMEP | X86_CR4_LA57;
	u64 changed = cpu->cr4 ^ val;
	bool lma = cpu->efer & EFER_LMA;

	if (cpu->isa != CPU_X86 || (val >> 32) || (val & X86_CR4_RESERVED))
		return -EINVAL;
	if (lma && ((changed & X86_CR4_LA57) || !(val & X86_CR4_PAE)))
		return -EINVAL;
	if ((val & X86_CR4_PCIDE) && !(cpu->cr4 & X86_CR4_PCIDE) &&
	    (!lma || (cpu->cr3 & X86_CR3_PCID_MASK)))
		return -EINVAL;
	if (pae_legacy(cpu, cpu->cr0, val, cpu->efer) &&
	    (changed & (X86_CR4_PAE | X86_CR4_PSE | X86_CR4_PGE |
			X86_CR4_SMEP)) &&
	    load_pdptes(cpu, cpu->cr3))
		return -EINVAL;
	cpu->cr4 = val;
	cpu_sync_asid(cpu);
	if (changed & flushing)
		flush_all(cpu);
	cpu_update_mode(cpu);
	return 0;
}

/**
 * cpu_write_efer - WRMSR to IA32_EFER
 * @cpu: an x86 CPU
 * @val: the new EFER (LMA is read-only and ignored)
 *
 * Return: 0, or -EINVAL where the CPU raises #GP: undefined bits, NXE
 * without NX, LME changed while paging is on.
 */
int cpu_write_efer(struct cpu *cpu, u64 val)
{
	u64 changed = cpu->efer ^ val;

	if (cpu->isa != CPU_X86 || (val & ~EFER_DEFINED))
		return -EINVAL;
	if ((val & EFER_NX) && !cpu->has_nx)
		return -EINVAL;
	if ((changed & EFER_LME) && (cpu->cr0 & X86_CR0_PG))
		return -EINVAL;
	/* LMA is read-only: it follows CR0.PG && LME. */
	val = (val & ~EFER_LMA) | (cpu->efer & EFER_LMA);
	cpu->efer = val;
	cpu_update_mode(cpu);
	return 0;
}

/**
 * cpu_invlpg - INVLPG: drop the translations of @va in the current PCID
 * @cpu: an x86 CPU
 * @va: the linear address (a non-canonical one is a no-op)
 */
void cpu_invlpg(struct cpu *cpu, u64 va)
{
	/* INVLPG of a non-canonical address is a no-op (SDM INVLPG). */
	if (!cpu->tlb)
		return;
	if (cpu->isa == CPU_X86 && (cpu->efer & EFER_LMA)) {
		unsigned int bits = (cpu->cr4 & X86_CR4_LA57) ? 57 : 48;

		if ((u64)((s64)(va << (64 - bits)) >> (64 - bits)) != va)
			return;
	}
	tlb_flush_va(cpu->tlb, va, (u16)cpu_cur_asid(cpu));
}

/*
 * SCTLR bits that are reserved (RAZ/SBZP) in ARMv7 VMSA: B, S, R, L4, HA,
 * 26, 31 (ARM ARM B4.1.130).
 */
#define ARM_SCTLR_RAZ	(BIT_ULL(7) | BIT_ULL(8) | BIT_ULL(9) | BIT_ULL(15) | \
			 BIT_ULL(17) | BIT_ULL(26) | BIT_ULL(31))
/* SCTLR bits that change translation in ways the MMU does not model. */
#define ARM_SCTLR_WXN	BIT_ULL(19)
#define ARM_SCTLR_UWXN	BIT_ULL(20)
#define ARM_SCTLR_EE	BIT_ULL(25)
#define ARM_TTBCR_PD0	BIT_ULL(4)
#define ARM_TTBCR_PD1	BIT_ULL(5)
#define ARM_TTBCR_EAE	BIT_ULL(31)

/**
 * cpu_arm_check - can @val be written to @reg of @cpu?
 * @cpu: the CPU
 * @reg: SCTLR, TTBR0, TTBR1, TTBCR, DACR or CONTEXTIDR
 * @val: the value
 *
 * Refuses what the short-descriptor MMU cannot honour: values above 32
 * bits, reserved (SBZ) bits set, the TTBR0 table base not aligned to
 * 16 KiB >> TTBCR.N (a TTBR1 base to 16 KiB), and features it does not
 * model: TTBCR.EAE (LPAE), TTBCR.PD0/PD1, SCTLR.AFE, EE, WXN, UWXN. DACR
 * and CONTEXTIDR take any 32-bit value (a domain field of 0b10 faults).
 *
 * SIM: the architecture leaves such writes UNPREDICTABLE; the simulator
 * refuses them instead of guessing.
 * Context: any; changes nothing.
 * Return: NULL if the write is fine, else a lower-case reason.
 */
const char *cpu_arm_check(const struct cpu *cpu, enum arm_reg reg, u64 val)
{
	if (cpu->isa != CPU_ARM)
		return "not an arm cpu";
	if (val >> 32)
		return "more than 32 bits";
	switch (reg) {
	case ARM_SCTLR:
		if (val & ARM_SCTLR_RAZ)
			return "reserved sctlr bits set";
		if (val & ARM_SCTLR_AFE)
			return "sctlr.afe (access flag) is not simulated";
		if (val & ARM_SCTLR_EE)
			return "sctlr.ee (big-endian walks) is not simulated";
		if (val & (ARM_SCTLR_WXN | ARM_SCTLR_UWXN))
			return "sctlr.wxn/uwxn are not simulated";
		return NULL;
	case ARM_TTBR0:
		/* Bits 13-N..7 are SBZ; with N = 7 there are none. */
		if ((cpu->ttbcr & ARM_TTBCR_N) < 7 &&
		    (val & GENMASK_ULL(13 - (cpu->ttbcr & ARM_TTBCR_N), 7)))
			return "table base not aligned to 16 KiB >> ttbcr.n";
		return NULL;
	case ARM_TTBR1:
		if (val & GENMASK_ULL(13, 7))
			return "table base not aligned to 16 KiB";
		return NULL;
	case ARM_TTBCR:
		if (val & ARM_TTBCR_EAE)
			return "ttbcr.eae (lpae) is not simulated";
		if (val & (ARM_TTBCR_PD0 | ARM_TTBCR_PD1))
			return "ttbcr.pd0/pd1 are not simulated";
		if (val & ~ARM_TTBCR_N)
			return "reserved ttbcr bits set";
		return NULL;
	case ARM_DACR:
	case ARM_CONTEXTIDR:
		return NULL;
	}
	return "unknown register";
}

/**
 * cpu_arm_write - MCR to a CP15 register
 * @cpu: an ARM CPU
 * @reg: SCTLR, TTBR0, TTBR1, TTBCR, DACR or CONTEXTIDR
 * @val: the 32-bit value
 *
 * Toggling SCTLR.M flushes the TLB; nothing else does (a TTBR0 change
 * without a flush leaves the old translations in the TLB, as on
 * hardware). The mode and the rights of cached entries (DACR) follow at
 * once (cpu_update_mode()).
 * Context: any.
 * Return: 0, or -EINVAL when cpu_arm_check() refuses (nothing changes).
 */
int cpu_arm_write(struct cpu *cpu, enum arm_reg reg, u64 val)
{
	if (cpu_arm_check(cpu, reg, val))
		return -EINVAL;
	switch (reg) {
	case ARM_SCTLR:
		if ((cpu->sctlr ^ val) & ARM_SCTLR_M)
			flush_all(cpu);
		cpu->sctlr = val;
		break;
	case ARM_TTBR0:
		cpu->ttbr0 = val;
		break;
	case ARM_TTBR1:
		cpu->ttbr1 = val;
		break;
	case ARM_TTBCR:
		cpu->ttbcr = val;
		break;
	case ARM_DACR:
		cpu->dacr = val;
		break;
	case ARM_CONTEXTIDR:
		cpu->contextidr = val;
		break;
	default:
		return -EINVAL;
	}
	cpu_sync_asid(cpu);
	cpu_update_mode(cpu);
	return 0;
}

/**
 * cpu_arm_tlbiall - TLBIALL: invalidate the whole TLB
 * @cpu: an ARM CPU
 */
void cpu_arm_tlbiall(struct cpu *cpu)
{
	flush_all(cpu);
}

/**
 * cpu_arm_tlbimva - TLBIMVA: drop @va's entries of the current ASID
 * @cpu: an ARM CPU
 * @va: the virtual address (low 32 bits used)
 *
 * Global entries for @va go too (tlb_flush_va()).
 */
void cpu_arm_tlbimva(struct cpu *cpu, u64 va)
{
	if (cpu->tlb)
		tlb_flush_va(cpu->tlb, va & 0xffffffffULL,
			     (u16)cpu_cur_asid(cpu));
}
