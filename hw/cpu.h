/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A simulated CPU: control registers and privilege level. The MMU and TLB
 * (hw/mmu.h, hw/tlb.h) hang off it. No kernel policy here.
 *
 * Register writes go through cpu_write_cr0/cr3/cr4/efer (hw/cpu.c), which
 * apply the architectural side effects: TLB flushes, PAE PDPTE loads,
 * EFER.LMA, and #GP for illegal combinations (returned as -EINVAL).
 */
#ifndef MMSIM_HW_CPU_H
#define MMSIM_HW_CPU_H

#include <mmsim/types.h>

struct tlb;
struct phys_ram;
struct machine;
struct trace_state;

/* x86 control register bits (Intel SDM vol. 3, 2.5; Linux's names). */
#define X86_CR0_PE	BIT_ULL(0)
#define X86_CR0_WP	BIT_ULL(16)
#define X86_CR0_PG	BIT_ULL(31)
#define X86_CR4_PSE	BIT_ULL(4)
#define X86_CR4_PAE	BIT_ULL(5)
#define X86_CR4_PGE	BIT_ULL(7)
#define X86_CR4_LA57	BIT_ULL(12)
#define X86_CR4_PCIDE	BIT_ULL(17)
#define X86_CR4_SMEP	BIT_ULL(20)
#define X86_CR4_SMAP	BIT_ULL(21)
#define EFER_LME	BIT_ULL(8)
#define EFER_LMA	BIT_ULL(10)
#define EFER_NX		BIT_ULL(11)	/* EFER.NXE */
#define X86_EFLAGS_AC	BIT_ULL(18)
/* CR3 with CR4.PCIDE=1: PCID in bits 11:0, bit 63 = do not flush. */
#define X86_CR3_PCID_MASK	0xfffULL
#define X86_CR3_PCID_NOFLUSH	BIT_ULL(63)

/* ARMv7 (short-descriptor) system register bits. */
#define ARM_SCTLR_M	BIT_ULL(0)	/* MMU enable */
#define ARM_SCTLR_AFE	BIT_ULL(29)	/* access flag enable (unused by Linux) */
#define ARM_TTBCR_N	7ULL

/* x86 exception vectors. */
#define X86_TRAP_GP	13
#define X86_TRAP_PF	14
/* ARM exception vector offsets. */
#define ARM_VEC_PREFETCH_ABORT	0x0c
#define ARM_VEC_DATA_ABORT	0x10

enum cpu_isa { CPU_X86, CPU_ARM };

/* The translation regime the CPU is in, derived from its registers. */
enum mmu_mode {
	MMU_OFF,		/* CR0.PG=0 / SCTLR.M=0: physical addressing */
	MMU_X86_32,		/* 32-bit paging, 2 levels, 4 KiB / 4 MiB */
	MMU_X86_PAE,		/* PAE, 3 levels, 4 KiB / 2 MiB */
	MMU_X86_4L,		/* IA-32e 4-level, 4 KiB / 2 MiB / 1 GiB */
	MMU_X86_5L,		/* IA-32e 5-level (CR4.LA57) */
	MMU_ARM_SD,		/* ARMv7 short descriptors: 1 MiB / 4 KiB */
	NR_MMU_MODES
};

struct cpu {
	int id;
	enum cpu_isa isa;
	/* x86 */
	u64 cr0, cr2, cr3, cr4, efer;
	u64 eflags;			/* only AC matters (SMAP) */
	u64 pdpte[4];			/* PAE PDPTE registers, loaded with CR3 */
	unsigned int maxphyaddr;	/* MAXPHYADDR: 32, 36, 46 or 52 */
	bool has_gbpages;		/* CPUID 1 GiB pages */
	bool has_nx;			/* CPUID NX */
	bool has_smep, has_smap;	/* CPUID.7 SMEP, SMAP */
	/* arm: TTBR0/1, TTBCR, SCTLR, DACR, FSR/FAR, CONTEXTIDR (ASID) */
	u64 ttbr0, ttbr1, ttbcr, sctlr, dacr, fsr, far;
	u64 ifsr, ifar, contextidr;
	int cpl;			/* current privilege level: 0 kernel, 3 user */
	u64 sp;				/* stack pointer in use */
	u64 ip;				/* instruction pointer (for fault reports) */
	enum mmu_mode mode;		/* cached from the registers */
	struct tlb *tlb;		/* hw/tlb.c, NULL until paging is up */
	struct phys_ram *ram;		/* the bus the MMU walks */
	struct machine *m;		/* for trace events only; may be NULL */
	bool trace_walks;		/* emit a page_walk event per walk */
	/* Where the kernel put this CPU's TSS (x86), for :tss(). */
	phys_addr_t tss_phys;
	u64 tss_virt;
	/*
	 * SIM: the permission rules of the current control bits, resolved
	 * once per change by mmu_update_rights(): rights_ok[attr & 15] is
	 * the tlb_entry.ok mask of an x86 entry with those TLBA_W/U/NX/D
	 * bits; rights_key says which control bits it was computed from.
	 */
	u64 rights_ok[16];
	u64 rights_key;
	/*
	 * SIM: of MAXPHYADDR, for the IA-32e walk (set by
	 * mmu_update_rights()): the address bits of an entry (M-1:12) and
	 * its reserved bits 51:M.
	 */
	u64 walk_amask, walk_rsvd;
	/* Exceptions delivered so far (for statistics). */
	u64 nr_page_faults, nr_gp_faults;
	/*
	 * &m->trace (NULL without a machine), so hw/ emits events without
	 * struct machine's layout. Last: a cold field that must not move
	 * the hot ones above.
	 */
	struct trace_state *trace;
};

/*
 * cpu_init - reset a CPU as at power-on: paging off, CPL 0, registers
 * zero, a TLB of the default geometry. Return: 0 or -ENOMEM.
 */
int cpu_init(struct cpu *cpu, int id, enum cpu_isa isa, struct phys_ram *ram,
	     unsigned int maxphyaddr);
/* cpu_exit - free what cpu_init allocated. */
void cpu_exit(struct cpu *cpu);

struct tlb_geometry;
/*
 * cpu_set_tlb_geometry - give @cpu a new, empty TLB of geometry @g (the
 * old one and its statistics are dropped: a flush).
 * Return: 0, or -EINVAL for a geometry tlb_create() refuses (the old TLB
 * stays).
 */
int cpu_set_tlb_geometry(struct cpu *cpu, const struct tlb_geometry *g);

/* Register writes with their architectural effects; -EINVAL is #GP. */
int cpu_write_cr0(struct cpu *cpu, u64 val);
int cpu_write_cr3(struct cpu *cpu, u64 val);
int cpu_write_cr4(struct cpu *cpu, u64 val);
int cpu_write_efer(struct cpu *cpu, u64 val);
/* INVLPG: drop the translations of one linear address. */
void cpu_invlpg(struct cpu *cpu, u64 va);
/* ARM CP15 registers the MMU uses. */
enum arm_reg { ARM_SCTLR, ARM_TTBR0, ARM_TTBR1, ARM_TTBCR, ARM_DACR,
	       ARM_CONTEXTIDR };
/* ARM: register writes (MCR p15), TLBIALL, TLBIMVA (one VA, one ASID). */
int cpu_arm_write(struct cpu *cpu, enum arm_reg reg, u64 val);
/* NULL if @val may be written to @reg, else why not (lower case). */
const char *cpu_arm_check(const struct cpu *cpu, enum arm_reg reg, u64 val);
void cpu_arm_tlbiall(struct cpu *cpu);
void cpu_arm_tlbimva(struct cpu *cpu, u64 va);
/* The current PCID (x86, CR4.PCIDE) or ASID (ARM); 0 when untagged. */
unsigned int cpu_cur_asid(const struct cpu *cpu);
/*
 * Recompute cpu->mode from the registers (and the permission rules cached
 * for the TLB: call it after changing CR0/CR4/EFER/DACR directly).
 */
void cpu_update_mode(struct cpu *cpu);
const char *mmu_mode_name(enum mmu_mode mode);

#endif /* MMSIM_HW_CPU_H */
